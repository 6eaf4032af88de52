"""The steps of the daily run (see ``socorg.supervision.services``): each reads set-based,
writes only what changed, and returns its counts and how many rows it changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from socorg.annual_reports.policy import get_policy as annual_report_policy
from socorg.annual_reports.selectors import cohorts, missed_reports
from socorg.core.i18n import render
from socorg.credit.evaluation import EvaluationResult, credit_evaluate_many
from socorg.credit.models import CreditEntry, TriggerFact
from socorg.credit.policy import get_policy as credit_policy
from socorg.credit.rules import Trigger
from socorg.credit.selectors import code_label
from socorg.dormancy.models import DormancyScore
from socorg.dormancy.selectors import dormancy_last_run
from socorg.dormancy.services import dormancy_score_all
from socorg.evaluation.models import ExpiryReminder
from socorg.evaluation.services import evaluation_expiry_reminders
from socorg.party.selectors import party_credit_findings
from socorg.registry.models import Organization
from socorg.supervision.models import DailyRun
from socorg.supervision.selectors import credit_due_ids, id_chunks, previous_credit_run

Step = DailyRun.Step
CHUNK_SIZE = 5000
# How many report years back a deadline may fall on a given day (deadlines of year Y fall in
# Y + 1; an extension may push one further).
DEADLINE_YEARS_BACK = 2


@dataclass(frozen=True)
class Detail:
    """One change (or finding) of a step, for ``run_daily -v2``: which organization, what, why."""

    step: str
    organization_id: int
    organization: str
    text: str
    article: str = ""


DetailSink = Callable[[Detail], None]


@dataclass
class StepResult:
    step: str
    counts: dict[str, Any]
    changed: int
    seconds: float = 0.0
    queries: int = 0

    @property
    def label(self) -> str:
        return str(Step(self.step).label)


@dataclass
class DayResult:
    day: dt.date
    steps: list[StepResult] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(s.changed for s in self.steps)

    def step(self, name: str) -> StepResult:
        return next(s for s in self.steps if s.step == name)


# --- the steps ---------------------------------------------------------------------------------


def credit_step(
    day: dt.date,
    actor: Any,
    progress: bool,
    detail: DetailSink | None,
    chunk_size: int,
    full: bool,
) -> tuple[dict[str, Any], int]:
    result = EvaluationResult()
    previous = None if full else previous_credit_run(day)
    started = timezone.now()
    if previous is None:
        # The first run (or --full): every organization, in the credit app's own id ranges.
        result = credit_evaluate_many(today=day, actor=actor, chunk_size=chunk_size)
        counts: dict[str, Any] = {"mode": "full", **result.as_dict()}
        if detail is not None and result.entries_created:
            _credit_details(None, started, detail)
        return counts, result.changed
    ids = credit_due_ids(day=day, since=previous.run_on, changed_since=previous.started_at)
    bar: Any = tqdm(
        total=len(ids),
        desc=_("信用名录 %(day)s") % {"day": day.isoformat()},
        unit="org",
        leave=False,
        disable=not progress,
    )
    with bar:
        for chunk_ids in id_chunks(ids, chunk_size):
            chunk_started = timezone.now()
            chunk = credit_evaluate_many(
                organization_ids=chunk_ids, today=day, actor=actor, chunk_size=len(chunk_ids)
            )
            result.add(chunk)
            if detail is not None and chunk.entries_created:
                _credit_details(chunk_ids, chunk_started, detail)
            bar.update(len(chunk_ids))
    counts = {
        "mode": "incremental",
        "since": previous.run_on.isoformat(),
        "candidates": len(ids),
        **result.as_dict(),
    }
    return counts, result.changed


def _credit_details(ids: list[int] | None, since: dt.datetime, detail: DetailSink) -> None:
    entries = CreditEntry.objects.filter(created_at__gte=since)
    if ids is not None:
        entries = entries.filter(organization_id__in=ids)
    entries = entries.select_related("organization").order_by(
        "organization_id", "effective_on", "id"
    )
    for entry in entries.iterator(chunk_size=2000):
        detail(
            Detail(
                Step.CREDIT,
                entry.organization_id,
                entry.organization.name,
                _("%(date)s %(kind)s %(list)s：%(code)s %(label)s")
                % {
                    "date": entry.effective_on.isoformat(),
                    "kind": entry.get_kind_display(),
                    "list": entry.get_list_kind_display(),
                    "code": entry.code,
                    "label": code_label(entry.code),
                },
                entry.citation_text,
            )
        )


def dormancy_step(
    day: dt.date, actor: Any, detail: DetailSink | None, full: bool = False
) -> tuple[dict[str, Any], int]:
    last = dormancy_last_run()
    if last is not None and day < last.run_on:
        # Scores are kept as of the latest day scored; a replay of an earlier day (to rebuild
        # the credit history) must not take them back in time.
        return {"skipped": True, "latest": last.run_on.isoformat()}, 0
    result = dormancy_score_all(today=day, actor=actor, full=full)
    if detail is not None and (result.created or result.updated):
        scores = (
            DormancyScore.objects.filter(computed_on=day, candidate=True)
            .select_related("organization")
            .order_by("organization_id")
        )
        for score in scores.iterator(chunk_size=2000):
            reasons = "；".join(r.get("explanation", "") for r in score.criteria)
            detail(
                Detail(
                    Step.DORMANCY,
                    score.organization_id,
                    score.organization.name,
                    _("疑似僵尸型，风险分 %(total)s：%(reasons)s")
                    % {"total": score.total, "reasons": reasons},
                    "；".join(dict.fromkeys(r.get("basis", "") for r in score.criteria)),
                )
            )
    return result.as_dict(), result.changed


def reminder_step(
    day: dt.date, actor: Any, detail: DetailSink | None
) -> tuple[dict[str, Any], int]:
    run = evaluation_expiry_reminders(day, actor=actor)
    if detail is not None and run.sent:
        reminders = (
            ExpiryReminder.objects.filter(sent_on=day)
            .select_related("result", "result__organization")
            .order_by("result__organization_id")
        )
        for reminder in reminders:
            result = reminder.result
            detail(
                Detail(
                    Step.REMINDERS,
                    result.organization_id,
                    result.organization.name,
                    _("评估等级 %(level)s 将于 %(date)s 到期（提前 %(days)s 天提醒）")
                    % {
                        "level": result.level,
                        "date": result.valid_to.isoformat() if result.valid_to else "—",
                        "days": reminder.days_before,
                    },
                )
            )
    return {"sent": run.sent, "notifications": run.notifications}, run.sent + run.notifications


def deadline_step(day: dt.date, detail: DetailSink | None) -> tuple[dict[str, Any], int]:
    """Who missed a deadline that passed yesterday (A1 is applied by the credit step)."""
    policy = annual_report_policy()
    grace = dt.timedelta(days=credit_policy().annual_report_grace_days)
    first_year = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
    passed: list[dict[str, Any]] = []
    for year in range(day.year - DEADLINE_YEARS_BACK, day.year):
        due_cohorts = [c for c in cohorts(year, policy) if c.due.submission + grace < day]
        today_cohorts = [
            c for c in due_cohorts if c.due.submission + grace + dt.timedelta(days=1) == day
        ]
        if not today_cohorts:
            continue
        condition = Q(pk__in=[])
        for cohort in today_cohorts:
            condition |= cohort.q()
        missed = missed_reports(
            year=year,
            today=day,
            organizations=Organization.objects.filter(condition),
            policy=policy,
        )
        count = missed.count()
        wired = first_year is not None and first_year <= year
        passed.append(
            {
                "year": year,
                "due_on": min(c.due.submission for c in today_cohorts).isoformat(),
                "missed": count,
                "credit_a1": wired,
            }
        )
        if detail is not None and count:
            article = code_label(Trigger.A1.value)
            for org_id, name in missed.order_by("id").values_list("id", "name").iterator():
                detail(
                    Detail(
                        Step.DEADLINES,
                        org_id,
                        name,
                        _("%(year)s 年度报告逾期未报送") % {"year": year},
                        article if wired else _("（年度报告尚未接入信用规则）"),
                    )
                )
    return {"deadlines": passed, "credit_report_first_year": first_year}, 0


def party_step(detail: DetailSink | None) -> tuple[dict[str, Any], int]:
    """A2 findings not yet decided by the authority (nothing when A2 is off)."""
    decided = set(
        TriggerFact.objects.filter(code=Trigger.A2.value, voided_at__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    findings = undecided = 0
    shown: list[tuple[int, Any]] = []
    for org_id, finding in party_credit_findings():
        findings += 1
        if org_id in decided:
            continue
        undecided += 1
        if detail is not None:
            shown.append((org_id, finding))
    if shown and detail is not None:
        names = dict(
            Organization.objects.filter(pk__in=[pk for pk, _f in shown]).values_list("id", "name")
        )
        for org_id, finding in shown:
            detail(
                Detail(
                    Step.PARTY,
                    org_id,
                    names.get(org_id, ""),
                    render(finding.reason),
                    render(finding.citation),
                )
            )
    return {"findings": findings, "undecided": undecided}, 0
