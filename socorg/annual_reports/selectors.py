"""Reading annual reports: what each role sees, review queues, who had to file, the inspection
rate, the 未参检 list, and the per-year facts other apps (credit A1, dormancy) read.

Who must file is decided by ``rules.must_file`` for one organization. For a whole district the
same rule becomes one SQL condition: organizations fall into a handful of cohorts (type, with or
without a supervisory unit) that share their deadlines, so the rule's dates are worked out once
per cohort in Python and the organizations are filtered in the database. A test holds the two
forms in step.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from socorg.accounts.roles import Role
from socorg.annual_reports import rules, workflow
from socorg.annual_reports.models import AnnualReport, AnnualReportAction
from socorg.annual_reports.policy import get_policy
from socorg.annual_reports.rules import AnnualReportPolicy, DueDates, MonthDay, OrgFilingFacts
from socorg.areas.selectors import area_scope_q
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES, OrgType, Status
from socorg.registry.selectors import organization_visible

State = AnnualReport.State
ACTIVE = [s.value for s in ACTIVE_STATUSES]
SUBMITTED_STATES = [s.value for s in State if s != State.DRAFT]
AWAITING_STATES = [State.AWAITING_SUPERVISOR, State.AWAITING_REGISTRAR, State.AWAITING_STREET]
REVIEWED_STATES = [State.PASSED, State.BASIC_PASSED, State.FAILED, State.ACCEPTED]
LIST_RELATED = ("organization", "organization__street", "organization__supervisory_unit")
# Staff who see filing statistics, each over the organizations they may see.
STATISTICS_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
    }
)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _own_organization_id(user: Any) -> int | None:
    membership = getattr(user, "organization_membership", None)
    return membership.organization_id if membership else None


# --- visibility -------------------------------------------------------------------------------


def annual_report_visible(*, user: Any) -> QuerySet[AnnualReport]:
    """Every report ``user`` may read, as one indexed filter: an organization its own; a
    supervisory unit those of its organizations; a street or community office the community
    filings in its area; district staff and auditors everything in their area."""
    qs = AnnualReport.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return (
            qs.filter(area_scope_q(user.area, prefix="organization__"))
            if user.area_id
            else qs.none()
        )
    if role in (Role.STREET_OFFICER, Role.COMMUNITY_OFFICER):
        if not user.area_id:
            return qs.none()
        return qs.filter(
            area_scope_q(user.area, prefix="organization__"),
            organization__org_type=OrgType.COMMUNITY,
        )
    if role == Role.DEPARTMENT_OFFICER:
        if not user.agency_id:
            return qs.none()
        return qs.filter(organization__supervisory_unit_id=user.agency_id)
    if role == Role.ORGANIZATION:
        own = _own_organization_id(user)
        return qs.filter(organization_id=own) if own else qs.none()
    return qs.none()


@dataclass(frozen=True)
class ReportFilters:
    year: int | None = None
    state: str = ""
    org_type: str = ""
    street: int | None = None
    organization: int | None = None


def annual_report_list(
    *, user: Any, filters: ReportFilters | None = None
) -> QuerySet[AnnualReport]:
    """Visible reports, filtered, newest year first (keyset order: -year, -id)."""
    filters = filters or ReportFilters()
    qs = annual_report_visible(user=user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.org_type:
        qs = qs.filter(organization__org_type=filters.org_type)
    if filters.street:
        qs = qs.filter(organization__street_id=filters.street)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    return qs.select_related(*LIST_RELATED).order_by("-year", "-id")


LIST_ORDER = ("-year", "-id")
QUEUE_ORDER = ("submitted_on", "id")


def annual_report_queue(*, user: Any) -> QuerySet[AnnualReport]:
    """Reports waiting for this user's step, oldest submission first: the supervisory unit's
    pre-review, the bureau's review, the street office's acceptance of community filings."""
    waiting = {
        Role.DEPARTMENT_OFFICER: State.AWAITING_SUPERVISOR,
        Role.DISTRICT_ADMIN: State.AWAITING_REGISTRAR,
        Role.STREET_OFFICER: State.AWAITING_STREET,
    }.get(getattr(user, "role", None))
    if waiting is None:
        return AnnualReport.objects.none()
    return (
        annual_report_visible(user=user)
        .filter(state=waiting)
        .select_related(*LIST_RELATED)
        .order_by(*QUEUE_ORDER)
    )


def annual_report_detail(*, user: Any, pk: int) -> AnnualReport | None:
    """One visible report with its organization and reviewers."""
    return (
        annual_report_visible(user=user)
        .select_related(
            *LIST_RELATED,
            "organization__registration_authority",
            "organization__district",
            "organization__community",
            "supervisor_reviewed_by",
            "reviewed_by",
        )
        .filter(pk=pk)
        .first()
    )


def annual_report_history(*, report: AnnualReport) -> QuerySet[AnnualReportAction]:
    """The review history of a report, oldest step first."""
    return AnnualReportAction.objects.filter(report=report).select_related("actor").order_by("id")


# --- who must file, by when -------------------------------------------------------------------


def _day(year: int, month_day: MonthDay) -> dt.date:
    month, day = month_day
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def filing_facts(organization: Organization) -> OrgFilingFacts:
    """The facts ``rules.must_file`` reads, from the register. An organization without a
    registration date (old imported records) counts from its founding date, or as long-standing."""
    active = organization.status in ACTIVE
    return OrgFilingFacts(
        org_type=OrgType(organization.org_type),
        status=Status(organization.status),
        registered_on=organization.registered_on or organization.founded_on or dt.date.min,
        has_supervisory_unit=organization.supervisory_unit_id is not None,
        ended_on=None if active else organization.status_changed_on,
    )


def report_due(
    organization: Organization, year: int, policy: AnnualReportPolicy | None = None
) -> DueDates:
    """The deadlines of ``organization``'s report on ``year``."""
    return rules.deadline_for(
        OrgType(organization.org_type),
        year,
        organization.supervisory_unit_id is not None,
        policy or get_policy(),
    )


@dataclass(frozen=True)
class Cohort:
    """Organizations that share their deadlines: one type, with or without a supervisory unit."""

    org_type: OrgType
    supervised: bool
    due: DueDates
    cutoff: dt.date  # registered (filed) on or before this day → must file

    def q(self) -> Q:
        condition = Q(org_type=self.org_type)
        if self.org_type != OrgType.COMMUNITY:
            condition &= Q(supervisory_unit__isnull=not self.supervised)
        return condition


def cohorts(year: int, policy: AnnualReportPolicy) -> list[Cohort]:
    """Every cohort that may have to file on ``year`` (none for community organizations where
    the locality does not ask them to)."""
    result = []
    for org_type in OrgType:
        community = org_type == OrgType.COMMUNITY
        if community and not policy.community.required:
            continue
        cutoff = _day(
            year, policy.community.first_year_cutoff if community else policy.first_year_cutoff
        )
        for supervised in (False,) if community else (True, False):
            due = rules.deadline_for(org_type, year, supervised, policy)
            result.append(Cohort(org_type, supervised, due, cutoff))
    return result


def filing_required_q(year: int, policy: AnnualReportPolicy | None = None) -> Q:
    """``rules.must_file`` as one condition on Organization: registered by the cut-off, and
    still existing on the registrar's deadline (注销 / 撤销 later than it still files)."""
    policy = policy or get_policy()
    condition = Q(pk__in=[])
    for cohort in cohorts(year, policy):
        registered = (
            Q(registered_on__lte=cohort.cutoff)
            | Q(registered_on__isnull=True, founded_on__lte=cohort.cutoff)
            | Q(registered_on__isnull=True, founded_on__isnull=True)
        )
        alive = Q(status__in=ACTIVE) | Q(status_changed_on__gt=cohort.due.registrar)
        condition |= cohort.q() & registered & alive
    return condition


def deadline_passed_q(year: int, today: dt.date, policy: AnnualReportPolicy | None = None) -> Q:
    """Organizations whose own submission deadline for ``year`` lies before ``today``."""
    policy = policy or get_policy()
    condition = Q(pk__in=[])
    for cohort in cohorts(year, policy):
        if today > cohort.due.submission:
            condition |= cohort.q()
    return condition


def organizations_required(
    *,
    year: int,
    organizations: QuerySet[Organization] | None = None,
    policy: AnnualReportPolicy | None = None,
) -> QuerySet[Organization]:
    """The organizations that must file the report on ``year`` (set-based ``rules.must_file``)."""
    base = organizations if organizations is not None else Organization.objects.all()
    return base.filter(filing_required_q(year, policy))


def _filed_by(year: int, today: dt.date) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(
        organization_id=OuterRef("pk"),
        year=year,
        state__in=SUBMITTED_STATES,
        first_submitted_on__lte=today,
    )


def missed_reports(
    *,
    year: int,
    today: dt.date | None = None,
    organizations: QuerySet[Organization] | None = None,
    policy: AnnualReportPolicy | None = None,
) -> QuerySet[Organization]:
    """未参检: organizations that had to file on ``year``, whose deadline has passed on
    ``today``, with no report standing submitted (none, a draft, or one returned and not
    resubmitted). A late report accepted under the policy counts as filed (marked late)."""
    day = _today(today)
    policy = policy or get_policy()
    return (
        organizations_required(year=year, organizations=organizations, policy=policy)
        .filter(deadline_passed_q(year, day, policy))
        .exclude(Exists(_filed_by(year, day)))
    )


def report_display_state(
    report: AnnualReport, *, today: dt.date | None = None, policy: AnnualReportPolicy | None = None
) -> workflow.State:
    """The state to show: the stored one, or 未参检 once a draft is past its deadline."""
    policy = policy or get_policy()
    org = report.organization
    required = rules.must_file(filing_facts(org), report.year, policy).required
    shown = workflow.derived_state(
        workflow.State(report.state),
        required=required,
        deadline=report_due(org, report.year, policy).submission,
        today=_today(today),
    )
    return shown or workflow.State(report.state)


# --- inspection rate --------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    required: int = 0
    filed: int = 0
    late: int = 0
    awaiting: int = 0
    passed: int = 0
    basic_passed: int = 0
    failed: int = 0
    accepted: int = 0
    missed: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rules.inspection_rate(self.filed, self.required)

    @property
    def rate_percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.2f}%"


COUNTED = (
    "required",
    "filed",
    "late",
    "awaiting",
    "passed",
    "basic_passed",
    "failed",
    "accepted",
    "missed",
)


@dataclass(frozen=True)
class InspectionStatistics:
    year: int
    today: dt.date
    total: RateRow
    by_type: list[RateRow]
    by_street: list[RateRow]


def _aggregates(year: int, today: dt.date, policy: AnnualReportPolicy) -> dict[str, Count]:
    filed = Q(this_year__state__in=SUBMITTED_STATES)
    return {
        "required": Count("id"),
        "filed": Count("id", filter=filed),
        "late": Count("id", filter=filed & Q(this_year__late=True)),
        "awaiting": Count("id", filter=Q(this_year__state__in=AWAITING_STATES)),
        "passed": Count("id", filter=Q(this_year__state=State.PASSED)),
        "basic_passed": Count("id", filter=Q(this_year__state=State.BASIC_PASSED)),
        "failed": Count("id", filter=Q(this_year__state=State.FAILED)),
        "accepted": Count("id", filter=Q(this_year__state=State.ACCEPTED)),
        "missed": Count(
            "id",
            filter=deadline_passed_q(year, today, policy)
            & (Q(this_year__isnull=True) | Q(this_year__state=State.DRAFT)),
        ),
    }


def _required_with_report(
    scope: QuerySet[Organization], year: int, policy: AnnualReportPolicy
) -> QuerySet[Organization]:
    # At most one report per organization and year (unique), so the LEFT JOIN adds no rows.
    return scope.filter(filing_required_q(year, policy)).annotate(
        this_year=FilteredRelation("annual_reports", condition=Q(annual_reports__year=year))
    )


def statistics_scope(*, user: Any) -> QuerySet[Organization]:
    """The organizations whose filing statistics ``user`` may see (none for other roles)."""
    if getattr(user, "role", None) not in STATISTICS_ROLES:
        return Organization.objects.none()
    return organization_visible(user=user)


def inspection_statistics(
    *,
    user: Any,
    year: int,
    today: dt.date | None = None,
    policy: AnnualReportPolicy | None = None,
) -> InspectionStatistics:
    """Inspection rate for ``year`` over what ``user`` may see: filed vs required by type and
    by street (two GROUP BY queries), with conclusions, late and 未参检 counts."""
    day = _today(today)
    policy = policy or get_policy()
    rows = _required_with_report(statistics_scope(user=user), year, policy)
    aggregates = _aggregates(year, day, policy)
    type_labels = dict(Organization.Type.choices)
    by_type = [
        RateRow(
            key=row["org_type"],
            label=str(type_labels.get(row["org_type"], row["org_type"])),
            **{k: row[k] for k in COUNTED},
        )
        for row in rows.values("org_type").annotate(**aggregates).order_by("org_type")
    ]
    by_street = [
        RateRow(
            key=str(row["street_id"]), label=row["street__name"], **{k: row[k] for k in COUNTED}
        )
        for row in rows.values("street_id", "street__name", "street__code")
        .annotate(**aggregates)
        .order_by("street__code")
    ]
    total = RateRow(
        key="total", label="", **{k: sum(getattr(r, k) for r in by_type) for k in COUNTED}
    )
    return InspectionStatistics(year, day, total, by_type, by_street)


def inspection_rate_trend(
    *,
    user: Any,
    years: Iterable[int],
    today: dt.date | None = None,
    policy: AnnualReportPolicy | None = None,
) -> list[RateRow]:
    """Filed vs required per year (one aggregate query per year)."""
    day = _today(today)
    policy = policy or get_policy()
    scope = statistics_scope(user=user)
    result = []
    for year in years:
        counts = _required_with_report(scope, year, policy).aggregate(
            **_aggregates(year, day, policy)
        )
        result.append(RateRow(key=str(year), label=str(year), **counts))
    return result


# --- facts for other apps (credit A1, dormancy) ------------------------------------------------


@dataclass(frozen=True)
class ReportFact:
    """One year an organization had to file: by when, whether and when it filed, the outcome.

    ``filed_on`` is the first submission of a report that stands submitted (a report returned
    for correction and not yet resubmitted is not filed); ``rejected_on`` is the day a 不合格
    conclusion was given. The credit rules turn this into ``credit.rules.AnnualReport``.
    """

    year: int
    due_on: dt.date  # the organization's own submission deadline (rules.DueDates.submission)
    filed_on: dt.date | None
    rejected_on: dt.date | None
    late: bool
    state: str  # stored state, "not_filed" (未参检) when derived, "" before the deadline
    conclusion: str
    income_total: Decimal | None
    expense_total: Decimal | None


ORG_FACT_FIELDS = (
    "id",
    "org_type",
    "status",
    "registered_on",
    "founded_on",
    "supervisory_unit_id",
    "status_changed_on",
)
REPORT_FACT_FIELDS = (
    "organization_id",
    "year",
    "state",
    "first_submitted_on",
    "late",
    "conclusion",
    "concluded_on",
    "income_total",
    "expense_total",
)


def _org_filing_facts(row: tuple[Any, ...]) -> OrgFilingFacts:
    _id, org_type, status, registered_on, founded_on, supervisor_id, changed_on = row
    return OrgFilingFacts(
        org_type=OrgType(org_type),
        status=Status(status),
        registered_on=registered_on or founded_on or dt.date.min,
        has_supervisory_unit=supervisor_id is not None,
        ended_on=None if status in ACTIVE else changed_on,
    )


def _fact(year: int, due: dt.date, report: tuple[Any, ...] | None, today: dt.date) -> ReportFact:
    if report is None:
        shown = workflow.derived_state(None, required=True, deadline=due, today=today)
        return ReportFact(year, due, None, None, False, shown or "", "", None, None)
    _org, _year, state, first_on, late, conclusion, concluded_on, income, expense = report
    submitted = state != State.DRAFT
    shown = workflow.derived_state(workflow.State(state), required=True, deadline=due, today=today)
    return ReportFact(
        year=year,
        due_on=due,
        filed_on=first_on if submitted else None,
        rejected_on=concluded_on if conclusion == AnnualReport.Conclusion.FAIL else None,
        late=late,
        state=shown or state,
        conclusion=conclusion,
        income_total=income if submitted else None,
        expense_total=expense if submitted else None,
    )


def _as_queryset(organizations: QuerySet[Organization] | Iterable[int]) -> QuerySet[Organization]:
    if isinstance(organizations, QuerySet):
        return organizations
    return Organization.objects.filter(id__in=list(organizations))


def report_facts_stream(
    *,
    organizations: QuerySet[Organization] | Iterable[int],
    years: Iterable[int],
    today: dt.date | None = None,
    policy: AnnualReportPolicy | None = None,
    chunk_size: int = 2000,
) -> Iterator[tuple[int, tuple[ReportFact, ...]]]:
    """``(organization id, facts for each year it had to file)`` for every organization, in id
    order, streamed: two queries in all (organizations, and their reports in the same order,
    merged in Python), whatever the number of organizations."""
    day = _today(today)
    policy = policy or get_policy()
    wanted = sorted(set(years))
    orgs = _as_queryset(organizations)
    org_rows = orgs.order_by("id").values_list(*ORG_FACT_FIELDS).iterator(chunk_size=chunk_size)
    report_rows = (
        AnnualReport.objects.filter(
            organization_id__in=orgs.order_by().values("id"), year__in=wanted
        )
        .order_by("organization_id", "year")
        .values_list(*REPORT_FACT_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    pending = next(report_rows, None)
    # Cut-offs and deadlines depend on the kind of organization, not on the organization.
    plans: dict[tuple[OrgType, bool], list[tuple[int, rules.FilingPlan]]] = {}
    for row in org_rows:
        org_id = row[0]
        reports: dict[int, tuple[Any, ...]] = {}
        while pending is not None and pending[0] <= org_id:
            if pending[0] == org_id:
                reports[pending[1]] = pending
            pending = next(report_rows, None)
        facts = _org_filing_facts(row)
        key = (facts.org_type, facts.has_supervisory_unit)
        org_plans = plans.get(key)
        if org_plans is None:
            org_plans = plans[key] = [
                (year, rules.filing_plan(key[0], year, key[1], policy)) for year in wanted
            ]
        result = []
        for year, plan in org_plans:
            if rules.is_required(facts, plan, policy):
                result.append(_fact(year, plan.due.submission, reports.get(year), day))
        yield org_id, tuple(result)


def report_facts_for(
    organizations: QuerySet[Organization] | Iterable[int],
    years: Iterable[int],
    *,
    today: dt.date | None = None,
    policy: AnnualReportPolicy | None = None,
) -> dict[int, tuple[ReportFact, ...]]:
    """The per-year filing facts of a set of organizations (credit A1, dormancy), in two
    queries; every organization of the set is a key, with an empty tuple if it never had to
    file in ``years``."""
    return dict(
        report_facts_stream(organizations=organizations, years=years, today=today, policy=policy)
    )
