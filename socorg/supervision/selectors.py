"""Reads of the supervision workbench: which organizations the daily run must evaluate, the last
runs, and the dashboard, composed from the other apps' selectors (each scoped to the user).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.policy import get_policy as annual_report_policy
from socorg.annual_reports.selectors import (
    RateRow,
    cohorts,
    inspection_rate_trend,
    missed_reports,
)
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditList,
    CreditStatus,
    RectificationNotice,
    RectificationVerification,
    RemovalApplication,
    TriggerFact,
    UnreachableLetter,
)
from socorg.credit.policy import get_policy as credit_policy
from socorg.credit.selectors import credit_list_counts
from socorg.dormancy.selectors import ExitStatistics, exit_statistics
from socorg.evaluation.selectors import level_statistics
from socorg.party.selectors import CoverageRow, party_coverage_total
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.rules.lifecycle import EventKind
from socorg.supervision.models import DailyRun

LISTED = (CreditList.ABNORMAL, CreditList.SERIOUS)
CHANGE_EVENTS = (EventKind.REVOCATION.value, EventKind.DEREGISTRATION.value)
# Credit facts and the dates on which each can change an organization's lists.
FACT_DATES: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (AdministrativePenalty, ("decided_on",)),
    (CourtDishonestRecord, ("listed_on",)),
    (RectificationNotice, ("issued_on", "verified_on")),
    (UnreachableLetter, ("outcome_on",)),
    (TriggerFact, ("decided_on",)),
    (RectificationVerification, ("verified_on",)),
    (RemovalApplication, ("examined_on",)),
)


def previous_credit_run(day: dt.date) -> DailyRun | None:
    """The latest credit step run for a day before ``day`` (what an incremental run starts from)."""
    return (
        DailyRun.objects.filter(step=DailyRun.Step.CREDIT, run_on__lt=day)
        .order_by("-run_on")
        .first()
    )


def _in_window(fields: tuple[str, ...], since: dt.date, day: dt.date) -> Q:
    condition = Q(pk__in=[])
    for name in fields:
        condition |= Q(**{f"{name}__gt": since, f"{name}__lte": day})
    return condition


def _missed_deadlines(since: dt.date, day: dt.date) -> set[int]:
    """Organizations whose annual-report deadline (with the credit rules' grace) passed in
    ``(since, day]`` without a report standing submitted: A1 starts the day after."""
    first = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
    if first is None:
        return set()
    policy = annual_report_policy()
    grace = dt.timedelta(days=credit_policy().annual_report_grace_days + 1)
    found: set[int] = set()
    for year in range(max(first, since.year - 2), day.year):
        passing = [c for c in cohorts(year, policy) if since < c.due.submission + grace <= day]
        if not passing:
            continue
        condition = Q(pk__in=[])
        for cohort in passing:
            condition |= cohort.q()
        found.update(
            missed_reports(
                year=year, today=day, organizations=Organization.objects.filter(condition)
            ).values_list("id", flat=True)
        )
    return found


def credit_due_ids(*, day: dt.date, since: dt.date, changed_since: dt.datetime) -> list[int]:
    """The organizations whose credit lists can change between ``since`` (exclusive; the last
    day evaluated) and ``day``: the credit rules decide from dated facts and the day alone, so
    only these can differ from the last evaluation —

    * a period ending (automatic removal, escalation): ``CreditStatus.next_change_on``;
    * a fact dated in the window (penalty, court listing, notice, letter, authority decision,
      verification, examined application), or recorded, changed or voided since the last run;
    * a rectification deadline passing (A3) or an annual-report deadline passing unmet (A1);
    * an annual report concluded 不合格 in the window, or changed since the last run (a report
      returned for correction is no longer filed);
    * a revocation (S7) or a 注销 (removal) in the window, or recorded since the last run.

    A few indexed or small-table queries whatever the number of organizations; sorted ids."""
    window = {"since": since, "day": day}
    ids: set[int] = set(
        CreditStatus.objects.filter(list_kind__in=LISTED, next_change_on__lte=day).values_list(
            "organization_id", flat=True
        )
    )
    for model, fields in FACT_DATES:
        ids.update(
            model.objects.filter(
                _in_window(fields, **window) | Q(updated_at__gte=changed_since)
            ).values_list("organization_id", flat=True)
        )
    ids.update(
        RectificationNotice.objects.filter(deadline__gte=since, deadline__lt=day).values_list(
            "organization_id", flat=True
        )
    )
    ids.update(_missed_deadlines(since, day))
    ids.update(
        AnnualReport.objects.filter(
            Q(
                conclusion=AnnualReport.Conclusion.FAIL,
                concluded_on__gt=since,
                concluded_on__lte=day,
            )
            | Q(updated_at__gte=changed_since)
        ).values_list("organization_id", flat=True)
    )
    ids.update(
        LifecycleEvent.objects.filter(kind__in=CHANGE_EVENTS)
        .filter(_in_window(("occurred_on",), **window) | Q(recorded_at__gte=changed_since))
        .values_list("organization_id", flat=True)
    )
    return sorted(ids)


def id_chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def daily_runs_latest(*, limit: int = 10) -> QuerySet[DailyRun]:
    """The latest runs, newest day first, each day's steps in the order they ran."""
    return DailyRun.objects.select_related("actor").order_by("-run_on", "id")[:limit]


def daily_run_list() -> QuerySet[DailyRun]:
    """Every run, newest day first (keyset order: -run_on, -id)."""
    return DailyRun.objects.select_related("actor").order_by("-run_on", "-id")


def last_run_day() -> dt.date | None:
    return DailyRun.objects.order_by("-run_on").values_list("run_on", flat=True).first()


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    inspection: list[
        RateRow
    ]  # this year's inspection (last report year) first, then the one before
    levels: dict[str, Any]  # count of 3A+ valid today and the count per level
    credit: dict[str, int]  # organizations on each list
    dormancy: ExitStatistics  # candidates per street, open exit cases by state
    party: CoverageRow
    runs: list[DailyRun]

    @property
    def this_inspection(self) -> RateRow:
        return self.inspection[0]

    @property
    def last_inspection(self) -> RateRow:
        return self.inspection[1]

    @property
    def open_cases(self) -> int:
        return sum(n for _key, _label, n in self.dormancy.open_by_state)


def dashboard(*, user: Any, today: dt.date | None = None, runs: int = 10) -> Dashboard:
    """What the workbench shows, over the organizations ``user`` may see: the inspection rate of
    this year's and last year's inspection (report years Y-1 and Y-2), 3A+ organizations valid
    today, organizations on each credit list, dormancy candidates per street and open exit
    cases by state, party-organization coverage, and the last daily runs."""
    day = today or timezone.localdate()
    latest = day.year - 1  # the report year inspected this year
    return Dashboard(
        today=day,
        inspection=inspection_rate_trend(user=user, years=[latest, latest - 1], today=day),
        levels=level_statistics(user=user, on=day, min_level="3A"),
        credit=credit_list_counts(user=user),
        dormancy=exit_statistics(user=user, start=day.replace(month=1, day=1), end=day, today=day),
        party=party_coverage_total(user=user, today=day),
        runs=list(daily_runs_latest(limit=runs)),
    )
