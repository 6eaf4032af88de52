"""Last year's level-evaluation round, through the evaluation services: the bureau opens it in
June, about sixty organizations in good standing apply and assess themselves, two experts score
each, the results are published for the notice period and announced in September. About fifty
end at 3A or above, a few at 2A and 1A.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from socorg.evaluation.models import Application, ExpertAssignment
from socorg.evaluation.policy import get_policy
from socorg.evaluation.services import (
    application_submit,
    expert_assign,
    round_announce,
    round_close,
    round_create,
    round_open,
    round_publish_notice,
    round_start_scoring,
    score_submit,
    self_assessment_save,
)
from socorg.registry.models import Organization
from socorg.supervision.demo.context import DemoContext

D = dt.date
APPLICANTS = 58
# Target levels of the applicants, in shares (3A and above: about nine in ten).
LEVEL_SHARES = (("5A", 0.10), ("4A", 0.25), ("3A", 0.55), ("2A", 0.06), ("1A", 0.04))
EXPERTS = 4
EXPERTS_PER_APPLICATION = 2
CENT = Decimal("0.01")


def _target_total(ctx: DemoContext, level: str) -> Decimal:
    """A total inside the configured band of ``level``."""
    band = next(b for b in get_policy().bands if b.level.value == level)
    upper = band.upper if band.upper is not None else Decimal(1000)
    lower = max(band.lower, upper - Decimal(150))
    share = Decimal(str(ctx.rng.uniform(0.15, 0.85)))
    return (lower + (upper - lower) * share).quantize(CENT, ROUND_DOWN)


def score_sheet(indicators: list[dict[str, Any]], total: Decimal) -> dict[str, str]:
    """Points per indicator adding up to ``total``, each within its maximum (by weight)."""
    maximum = sum(Decimal(str(i["max_points"])) for i in indicators)
    sheet = {
        i["code"]: (Decimal(str(i["max_points"])) * total / maximum).quantize(CENT, ROUND_DOWN)
        for i in indicators
    }
    largest = max(indicators, key=lambda i: Decimal(str(i["max_points"])))["code"]
    sheet[largest] += total - sum(sheet.values())
    return {code: str(points) for code, points in sheet.items()}


def plan_levels(ctx: DemoContext) -> None:
    year = ctx.today.year - 1
    opened, deadline = D(year, 6, 16), D(year, 7, 15)
    scoring, notice, announced, closed = (
        D(year, 7, 16),
        D(year, 9, 1),
        D(year, 9, 22),
        D(year, 9, 30),
    )
    good = [
        ctx.orgs[pk]
        for pk in sorted(set(ctx.good))
        if (ctx.orgs[pk].registered_on or D.min) <= D(year - 3, 12, 31)
    ]
    # About sixty in the district; in a smaller build, half of those in good standing.
    applicants = ctx.pick(good, min(APPLICANTS, len(good) // 2))
    if not applicants:
        return
    levels: list[str] = []
    for level, share in LEVEL_SHARES:
        levels += [level] * round(len(applicants) * share)
    levels = (levels + ["3A"] * len(applicants))[: len(applicants)]
    ctx.rng.shuffle(levels)
    state: dict[str, Any] = {}
    admin = ctx.cast.admin

    def create(day: dt.date) -> None:
        round_ = round_create(
            actor=admin,
            name=f"{year} 年度武昌区社会组织等级评估",
            year=year,
            opened_on=opened,
            application_deadline=deadline,
        )
        state["round"] = round_open(actor=admin, round_=round_, today=opened)

    ctx.timeline.at(opened, create, "评估轮次")
    for org, level in zip(applicants, levels, strict=True):
        day = ctx.day_in(opened, deadline)
        total = _target_total(ctx, level)
        ctx.timeline.at(day, lambda d, o=org, t=total: _apply(ctx, state, o, t, d), "评估申报")

    def start_scoring(day: dt.date) -> None:
        state["round"] = round_start_scoring(actor=admin, round_=state["round"], today=day)
        experts = ctx.cast.expert_pool(EXPERTS)
        applications = Application.objects.filter(round=state["round"]).order_by("id")
        for i, application in enumerate(applications):
            for k in range(EXPERTS_PER_APPLICATION):
                expert = experts[(i + k) % len(experts)]
                expert_assign(actor=admin, application=application, expert=expert, today=day)

    ctx.timeline.at(scoring, start_scoring, "指派专家")
    score_day = ctx.day_in(D(year, 7, 20), D(year, 8, 25))
    ctx.timeline.at(score_day, lambda d: _score_all(ctx, state, d), "专家评分")
    ctx.timeline.at(
        notice,
        lambda d: state.update(
            round=round_publish_notice(actor=admin, round_=state["round"], today=d)
        ),
        "公示",
    )
    ctx.timeline.at(
        announced,
        lambda d: state.update(round=round_announce(actor=admin, round_=state["round"], today=d)),
        "公告",
    )
    ctx.timeline.at(
        closed,
        lambda d: state.update(round=round_close(actor=admin, round_=state["round"], today=d)),
        "结束",
    )
    ctx.add("evaluation_applicants", len(applicants))


def _apply(
    ctx: DemoContext, state: dict[str, Any], org: Organization, total: Decimal, day: dt.date
) -> None:
    user = ctx.cast.org_user(org)
    application = application_submit(actor=user, round_=state["round"], organization=org, today=day)
    own = total + Decimal(ctx.rng.randint(0, 40))
    sheet = score_sheet(application.template.indicators, min(own, Decimal(1000)))
    self_assessment_save(actor=user, application=application, scores=sheet, today=day)
    state.setdefault("targets", {})[application.pk] = total


def _score_all(ctx: DemoContext, state: dict[str, Any], day: dt.date) -> None:
    targets: dict[int, Decimal] = state.get("targets", {})
    assignments = (
        ExpertAssignment.objects.filter(round=state["round"])
        .select_related("expert", "application__template")
        .order_by("id")
    )
    for assignment in assignments:
        target = targets[assignment.application_id]
        # Experts differ by a few points around the target; the mean stays in its band.
        spread = Decimal(ctx.rng.randint(-6, 6))
        total = min(max(target + spread, Decimal(0)), Decimal(1000))
        score_submit(
            actor=assignment.expert,
            assignment=assignment,
            scores=score_sheet(assignment.application.template.indicators, total),
            today=day,
        )
