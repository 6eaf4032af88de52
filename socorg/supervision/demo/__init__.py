"""The supervision demo: two years of the demo district's supervision history, built through the
apps' services (so every step is validated and audited) on top of ``seed_demo``'s district.

``seed_supervision_demo(today=…, rng=…)`` plans the history (which organization files, fails,
is fined, applies for evaluation, stops filing…) with the seeded ``rng``, then runs every step in
date order with ``today`` set to its day: annual reports of the last two report years
(``reports``), party organizations and major matters (``party``), last year's evaluation round
(``levels``), credit facts (``credit``), this year's spot-check campaign, exit cases and
illegal-organization cases (``checks``). The daily run runs on the nights the history needs it
(mid-June, before exit cases open, and each of the last seven days); replaying it over the two
years (``run_daily --from … --to …``) reproduces the same lists.

Deterministic for a seed and a day, and idempotent: a district already seeded is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.registry.models import Organization
from socorg.supervision.demo.checks import plan_exit_cases, plan_illegal, plan_spot_checks
from socorg.supervision.demo.context import DemoContext
from socorg.supervision.demo.credit import plan_credit
from socorg.supervision.demo.levels import plan_levels
from socorg.supervision.demo.party import plan_matters, plan_party
from socorg.supervision.demo.people import cast_for, existing_org_users
from socorg.supervision.demo.reports import plan_reports
from socorg.supervision.demo.timeline import NIGHTLY, Timeline
from socorg.supervision.services import daily_run

DEFAULT_SEED = 2026
MARKER = "supervision.demo.seed"
NIGHTS = 7  # the daily run's last nights before today


class DemoNotReady(Exception):
    """The demo district has no organizations yet (``seed_demo`` first)."""


@dataclass
class SeedResult:
    today: dt.date
    skipped: bool = False
    steps: int = 0
    daily_runs: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _district(code: str) -> Area:
    district = Area.objects.current().filter(code=code, level=Area.Level.DISTRICT).first()
    if district is None or not Organization.objects.filter(district=district).exists():
        raise DemoNotReady(
            _("演示区（%(code)s）尚无社会组织：请先运行 seed_demo。") % {"code": code}
        )
    return district


def _warnings(ctx: DemoContext) -> list[str]:
    first = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
    older, _latest = ctx.report_years
    if first is None or first > older:
        return [
            _(
                "年度报告尚未接入信用规则（CREDIT_REPORT_FIRST_YEAR 未设置或晚于 %(year)s）："
                "未报送年度报告的组织不会列入活动异常名录（A1）。请设置 CREDIT_REPORT_FIRST_YEAR=%(year)s。"
            )
            % {"year": older}
        ]
    return []


def _schedule_nights(ctx: DemoContext) -> None:
    """The daily run on the nights the history reads its results: mid-June (the dormancy list
    the exit cases are opened from) and each of the last nights up to today."""
    nights = {dt.date(ctx.today.year, 6, 15)}
    nights.update(ctx.today - dt.timedelta(days=k) for k in range(NIGHTS))

    def run(day: dt.date) -> None:
        daily_run(day=day)
        ctx.add("daily_runs")

    for night in sorted(nights):
        ctx.timeline.at(night, run, "每日运行", phase=NIGHTLY)


def seed_supervision_demo(
    *,
    today: dt.date | None = None,
    rng: random.Random | None = None,
    district_code: str | None = None,
    progress: bool = False,
) -> SeedResult:
    """Build the demo district's last two years of supervision (see the module docstring);
    skipped when the district was seeded already."""
    started = time.perf_counter()
    day = today or timezone.localdate()
    code = district_code or settings.POLICY.get("demo_district_code", "420106")
    district = _district(code)
    result = SeedResult(today=day)
    if AuditEvent.objects.filter(action=MARKER, object_id=code).exists():
        result.skipped = True
        return result
    with transaction.atomic():
        cast = cast_for(district)
        orgs = {o.pk: o for o in Organization.objects.filter(district=district).order_by("id")}
        existing_org_users(cast, orgs)
        ctx = DemoContext(day, rng or random.Random(DEFAULT_SEED), cast, Timeline(day), orgs)
        result.warnings = _warnings(ctx)
        # Party first (the reports carry the party block), then the reports (who stops
        # filing), the evaluation (picks among those in good standing), then the rest.
        for plan in (
            plan_party,
            plan_reports,
            plan_levels,
            plan_credit,
            plan_matters,
            plan_spot_checks,
            plan_exit_cases,
            plan_illegal,
        ):
            plan(ctx)
        _schedule_nights(ctx)
        bar: Any = tqdm(
            ctx.timeline,
            total=len(ctx.timeline),
            desc=_("监管演示数据"),
            unit=_("步"),
            disable=not progress,
        )
        for event in bar:
            event.action(event.day)
            result.steps += 1
        result.counts = dict(sorted(ctx.counts.items()))
        result.daily_runs = ctx.counts.get("daily_runs", 0)
        audit_record(
            actor=None,
            action=MARKER,
            object_type="areas.area",
            object_id=code,
            object_repr=district.name,
            after={"today": day, "steps": result.steps, **result.counts},
            category=AuditEvent.Category.SYSTEM,
        )
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["DEFAULT_SEED", "DemoNotReady", "SeedResult", "seed_supervision_demo"]
