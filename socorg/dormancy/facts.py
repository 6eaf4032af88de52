"""Reading the dormancy facts of many organizations at once (selector): rows → ``DormancyFacts``.

Active organizations are read in chunks by id; each chunk's facts take one query per source,
never one per organization. Where each signal comes from:

* **consecutive missed reports** — ``annual_reports.selectors.report_facts_for`` over the last
  ``REPORT_YEARS`` years: counted back from the latest year whose deadline has passed, stopping
  at the first report filed (a late report counts as filed);
* **zero income and expenditure** — the latest filed report of those years;
* **last sign of life** (``last_activity_on``) — there is no activity module yet, so it is the
  latest of: an annual report filed (its first submission), a lifecycle event other than the
  registration itself (变更登记, 转为登记), a major-matter report (重大事项报告, by when it was filed);
* **first activity** (``first_activity_on``, for "no activity within a year of registration") —
  the earliest of those signs, and, since a report shows a year's business, the start of any
  reported year (not before the registration) whose report shows income or expenditure;
* **unreachable at the registered address** — the latest 专用挂号信 came back unsigned, or the
  organization is listed for A6 (credit);
* **unreachable legal representative** — the platform holds no record of it yet, so it is
  always false and the fourth criterion cannot be met until one is added;
* **time on the abnormal list** — ``credit.selectors.credit_standing``: the listing date while
  the organization is on 活动异常名录 (the credit evaluation of the same day runs first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Min, Q
from django.utils import timezone

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.selectors import ReportFact, report_facts_for
from socorg.credit.models import CreditEntry, CreditList, CreditStatus, UnreachableLetter
from socorg.credit.selectors import credit_standing
from socorg.dormancy.models import DormancyCheck
from socorg.dormancy.rules import DormancyFacts
from socorg.matters.models import MajorMatter
from socorg.registry.models import ACTIVE, LifecycleEvent, Organization
from socorg.registry.rules.lifecycle import EventKind, OrgType

# How many past years of annual reports are read: enough for any missed-report cap in use.
REPORT_YEARS = 10
# Lifecycle events that show an organization is alive (the registration itself does not).
LIFE_EVENTS = (EventKind.CHANGE.value, EventKind.CONVERSION.value)
UNREACHABLE_CODE = "A6"

ORG_FIELDS = (
    "id",
    "org_type",
    "registered_on",
    "founded_on",
    "created_at",
    "district_id",
    "street_id",
    "community_id",
    "supervisory_unit_id",
)


@dataclass(frozen=True)
class OrgRow:
    id: int
    org_type: str
    registered_on: dt.date  # registration date, else founding date, else when it was recorded
    district_id: int
    street_id: int
    community_id: int | None
    supervisory_unit_id: int | None


def _row(values: tuple) -> OrgRow:  # type: ignore[type-arg]
    pk, org_type, registered, founded, created, district, street, community, unit = values
    start = registered or founded or timezone.localdate(created)
    return OrgRow(pk, org_type, start, district, street, community, unit)


def active_chunks(size: int) -> Iterator[tuple[int, list[OrgRow]]]:
    """Active organizations in id order, ``size`` at a time, each chunk with the id it starts
    after: the chunk covers ids in ``(after, last id]``."""
    after = 0
    while True:
        rows = [
            _row(values)
            for values in Organization.objects.filter(status__in=ACTIVE, id__gt=after)
            .order_by("id")
            .values_list(*ORG_FIELDS)[:size]
        ]
        if not rows:
            return
        yield after, rows
        after = rows[-1].id


def rows_for_ids(ids: Sequence[int]) -> list[OrgRow]:
    """The active organizations among ``ids``, in id order (inactive ones are left out)."""
    return [
        _row(values)
        for values in Organization.objects.filter(status__in=ACTIVE, id__in=list(ids))
        .order_by("id")
        .values_list(*ORG_FIELDS)
    ]


@dataclass(frozen=True)
class ReportSignals:
    missed: int = 0
    income: Decimal | None = None
    expense: Decimal | None = None
    last_filed_on: dt.date | None = None
    first_evidence_on: dt.date | None = None
    next_due_on: dt.date | None = None  # the next deadline of a report not filed yet


def report_signals(
    facts: Sequence[ReportFact], *, registered_on: dt.date, today: dt.date
) -> ReportSignals:
    """Missed reports in a row, the latest filed finances, and the dates reports give."""
    ordered = sorted(facts, key=lambda f: f.year)

    def is_filed(fact: ReportFact) -> bool:
        return fact.filed_on is not None and fact.filed_on <= today

    filed = [f for f in ordered if is_filed(f)]
    missed = 0
    for fact in reversed(ordered):
        if is_filed(fact):
            break
        if today > fact.due_on:
            missed += 1
    upcoming = [f.due_on for f in ordered if not is_filed(f) and f.due_on >= today]
    next_due_on = min(upcoming) if upcoming else None
    if not filed:
        return ReportSignals(missed=missed, next_due_on=next_due_on)
    latest = filed[-1]
    evidence = [f.filed_on for f in filed if f.filed_on is not None]
    evidence += [
        max(dt.date(f.year, 1, 1), registered_on)
        for f in filed
        if (f.income_total or 0) > 0 or (f.expense_total or 0) > 0
    ]
    return ReportSignals(
        missed=missed,
        income=latest.income_total,
        expense=latest.expense_total,
        last_filed_on=max(f.filed_on for f in filed if f.filed_on is not None),
        first_evidence_on=min(evidence),
        next_due_on=next_due_on,
    )


def _dates(*values: dt.date | None) -> list[dt.date]:
    return [v for v in values if v is not None]


def load_chunk_facts(
    rows: Sequence[OrgRow], *, today: dt.date, after: int | None = None
) -> dict[int, DormancyFacts]:
    """The dormancy facts of every organization of a chunk, in one query per source: the ids in
    ``(after, last]`` when ``after`` is given (a range the indexes serve directly), else the
    rows' own ids."""
    if not rows:
        return {}
    if after is not None:
        last = rows[-1].id
        in_range = Q(organization_id__gt=after, organization_id__lte=last)
        orgs = Organization.objects.filter(status__in=ACTIVE, id__gt=after, id__lte=last)
    else:
        ids = [row.id for row in rows]
        in_range = Q(organization_id__in=ids)
        orgs = Organization.objects.filter(status__in=ACTIVE, id__in=ids)
    # Up to next year's report: every active organization must file it, so its deadline (or an
    # earlier one) tells the daily run when the missed count can next grow.
    years = range(today.year - REPORT_YEARS, today.year + 2)
    reports = report_facts_for(orgs, years, today=today)

    events = {
        r["organization_id"]: (r["first"], r["last"])
        for r in LifecycleEvent.objects.filter(
            in_range, kind__in=LIFE_EVENTS, occurred_on__lte=today
        )
        .values("organization_id")
        .annotate(first=Min("occurred_on"), last=Max("occurred_on"))
        .order_by()
    }
    end_of_day = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    matters = {
        r["organization_id"]: (timezone.localdate(r["first"]), timezone.localdate(r["last"]))
        for r in MajorMatter.objects.filter(in_range, filed_at__lt=end_of_day)
        .values("organization_id")
        .annotate(first=Min("filed_at"), last=Max("filed_at"))
        .order_by()
    }
    latest_letter: dict[int, bool] = {}
    letters = (
        UnreachableLetter.objects.filter(in_range, voided_at__isnull=True, outcome_on__lte=today)
        .order_by("organization_id", "sent_on", "id")
        .values_list("organization_id", "returned_unsigned")
    )
    for org_id, unsigned in letters:
        latest_letter[org_id] = unsigned
    standing = credit_standing(r.id for r in rows)

    result: dict[int, DormancyFacts] = {}
    for row in rows:
        signals = report_signals(
            reports.get(row.id, ()), registered_on=row.registered_on, today=today
        )
        first_event, last_event = events.get(row.id, (None, None))
        first_matter, last_matter = matters.get(row.id, (None, None))
        lives = _dates(signals.last_filed_on, last_event, last_matter)
        firsts = _dates(signals.first_evidence_on, first_event, first_matter)
        credit = standing[row.id]
        result[row.id] = DormancyFacts(
            organization_id=row.id,
            org_type=OrgType(row.org_type),
            registered_on=row.registered_on,
            consecutive_missed_reports=signals.missed,
            last_activity_on=max(lives) if lives else None,
            first_activity_on=min(firsts) if firsts else None,
            last_report_income=signals.income,
            last_report_expense=signals.expense,
            unreachable_address=latest_letter.get(row.id, False)
            or UNREACHABLE_CODE in credit.codes,
            unreachable_legal_rep=False,
            abnormal_list_since=credit.listed_on
            if credit.list_kind == CreditList.ABNORMAL
            else None,
            next_report_due_on=signals.next_due_on,
        )
    return result


def dormancy_due_ids(*, day: dt.date, since: dt.date, changed_since: dt.datetime) -> list[int]:
    """The organizations whose score can differ from the one stored by the run of ``since``
    (started at ``changed_since``): every other organization's facts are unchanged and its
    ``DormancyCheck.check_on`` is still ahead, so a re-score would write the same thing —

    * due by time: ``check_on`` on or before ``day`` (``rules.next_review_on``);
    * the organization itself changed (status, area, type, dates), or was added;
    * an annual report recorded, submitted, returned or concluded since the last run, or
      first submitted on a day in the window (a replay of past days sees it from that day);
    * a lifecycle event recorded since, or dated in the window (a later-dated 变更登记);
    * a major-matter report changed since, or filed on a day in the window;
    * a registered letter recorded or changed since, or its outcome dated in the window;
    * a credit status evaluated after the last run's day (the credit step runs first), or a
      credit entry written or withdrawn since the last run.

    One indexed query per source whatever the number of organizations; sorted ids."""
    ids: set[int] = set(
        DormancyCheck.objects.filter(check_on__lte=day).values_list("organization_id", flat=True)
    )
    ids.update(
        Organization.objects.filter(updated_at__gte=changed_since).values_list("id", flat=True)
    )
    ids.update(
        AnnualReport.objects.filter(
            Q(updated_at__gte=changed_since)
            | Q(first_submitted_on__gt=since, first_submitted_on__lte=day)
        ).values_list("organization_id", flat=True)
    )
    ids.update(
        LifecycleEvent.objects.filter(
            Q(recorded_at__gte=changed_since)
            | Q(kind__in=LIFE_EVENTS, occurred_on__gt=since, occurred_on__lte=day)
        ).values_list("organization_id", flat=True)
    )

    def midnight_after(date: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min))

    ids.update(
        MajorMatter.objects.filter(
            Q(updated_at__gte=changed_since)
            | Q(filed_at__gte=midnight_after(since), filed_at__lt=midnight_after(day))
        ).values_list("organization_id", flat=True)
    )
    ids.update(
        UnreachableLetter.objects.filter(
            Q(updated_at__gte=changed_since) | Q(outcome_on__gt=since, outcome_on__lte=day)
        ).values_list("organization_id", flat=True)
    )
    ids.update(
        CreditStatus.objects.filter(updated_on__gt=since, updated_on__lte=day).values_list(
            "organization_id", flat=True
        )
    )
    # A listing or removal decided since the last run on the same day (an upheld objection).
    ids.update(
        CreditEntry.objects.filter(
            Q(created_at__gte=changed_since) | Q(withdrawn_at__gte=changed_since)
        ).values_list("organization_id", flat=True)
    )
    return sorted(ids)
