"""Reading dormancy scores and exit cases: the ranked list per street (with ranks that match
``rules.rank_dormancy``), case lists, and statistics over a period, each over what the user may
see (``registry.selectors.organization_visible``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.areas.selectors import area_scope_q
from socorg.core.i18n import render
from socorg.dormancy import permissions
from socorg.dormancy.models import DormancyRun, DormancyScore, ExitCase, ExitCaseStep
from socorg.dormancy.rules import CASE_STATE_LABELS, CaseState
from socorg.registry.models import ACTIVE, LifecycleEvent, Organization
from socorg.registry.rules.lifecycle import EventKind
from socorg.registry.selectors import organization_visible

# The ranked order: highest score first, ties by organization id (as rules.rank_dormancy).
RANK_ORDER = ("-total", "pk")
CASE_ORDER = ("-id",)
SCORE_RELATED = ("organization", "street", "community", "supervisory_unit")
CASE_RELATED = ("organization", "organization__street", "opened_by")


def _area_q(user: Any) -> Q:
    """The user's scope on the area and unit copied onto each score, so a street's list is one
    range of the (street, -total) index; ``organization_visible`` stays the authority."""
    role = getattr(user, "role", None)
    if role == Role.DEPARTMENT_OFFICER:
        return Q(supervisory_unit_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    return area_scope_q(user.area) if user.area_id else Q(pk__in=[])


def dormancy_visible(*, user: Any) -> QuerySet[DormancyScore]:
    """The scores of the active organizations ``user`` may see (none for other roles)."""
    if not permissions.can_view_dormancy(user)[0]:
        return DormancyScore.objects.none()
    return DormancyScore.objects.filter(
        _area_q(user),
        organization__in=organization_visible(user=user).values("id"),
        organization__status__in=ACTIVE,
    )


@dataclass(frozen=True)
class RankFilters:
    street: int | None = None
    org_type: str = ""
    candidates_only: bool = False


def dormancy_ranked(*, user: Any, filters: RankFilters | None = None) -> QuerySet[DormancyScore]:
    """The ranked list (疑似僵尸型社会组织排查名单): visible scores, filtered, highest first."""
    filters = filters or RankFilters()
    qs = dormancy_visible(user=user)
    if filters.street:
        qs = qs.filter(street_id=filters.street)
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.candidates_only:
        qs = qs.filter(candidate=True)
    return qs.select_related(*SCORE_RELATED).order_by(*RANK_ORDER)


def dormancy_ranks(queryset: QuerySet[DormancyScore], items: Sequence[DormancyScore]) -> list[int]:
    """The rank of each item of one page of ``queryset`` (ties share a rank: 1, 1, 3), in one
    query whatever the page: rank = 1 + how many rows score higher."""
    if not items:
        return []
    first = items[0]
    counts = queryset.order_by().aggregate(
        higher=Count("pk", filter=Q(total__gt=first.total)),
        before=Count(
            "pk",
            filter=Q(total__gt=first.total) | Q(total=first.total, organization_id__lt=first.pk),
        ),
    )
    ranks = []
    for index, item in enumerate(items):
        if item.total == first.total:
            ranks.append(1 + counts["higher"])
        else:
            on_page = sum(1 for other in items[:index] if other.total > item.total)
            ranks.append(1 + counts["before"] + on_page)
    return ranks


def open_cases_of(organization_ids: Sequence[int]) -> dict[int, ExitCase]:
    """The open exit case of each organization that has one (for a page of the ranked list)."""
    cases = ExitCase.objects.filter(organization_id__in=list(organization_ids)).exclude(
        state=CaseState.CLOSED.value
    )
    return {case.organization_id: case for case in cases}


def dormancy_last_run() -> DormancyRun | None:
    """The latest scoring run (the date the ranked list is as of)."""
    return DormancyRun.objects.order_by("-run_on").first()


def dormancy_score_of(*, user: Any, organization_id: int) -> DormancyScore | None:
    return dormancy_visible(user=user).filter(organization_id=organization_id).first()


# --- exit cases --------------------------------------------------------------------------------


def exit_case_visible(*, user: Any) -> QuerySet[ExitCase]:
    """The exit cases of the organizations ``user`` may see (none for other roles)."""
    if not permissions.can_view_dormancy(user)[0]:
        return ExitCase.objects.none()
    return ExitCase.objects.filter(organization__in=organization_visible(user=user).values("id"))


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    outcome: str = ""
    street: int | None = None
    open_only: bool = False


def exit_case_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[ExitCase]:
    """Visible cases, filtered, newest first (keyset order: -id)."""
    filters = filters or CaseFilters()
    qs = exit_case_visible(user=user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.street:
        qs = qs.filter(organization__street_id=filters.street)
    if filters.open_only:
        qs = qs.exclude(state=CaseState.CLOSED.value)
    return qs.select_related(*CASE_RELATED).order_by(*CASE_ORDER)


def exit_case_detail(*, user: Any, pk: int) -> ExitCase | None:
    """One visible case with its organization."""
    return (
        exit_case_visible(user=user)
        .select_related(
            *CASE_RELATED,
            "organization__district",
            "organization__supervisory_unit",
            "organization__registration_authority",
        )
        .filter(pk=pk)
        .first()
    )


def exit_case_steps(*, case: ExitCase) -> QuerySet[ExitCaseStep]:
    """The case's history, oldest step first."""
    return ExitCaseStep.objects.filter(case=case).select_related("actor").order_by("id")


# --- statistics --------------------------------------------------------------------------------


@dataclass
class StreetRow:
    key: str
    label: str
    code: str = ""
    opened: int = 0
    revoked: int = 0
    deregistered: int = 0
    reactivated: int = 0
    dismissed: int = 0
    open_now: int = 0
    scored: int = 0
    candidates: int = 0


COUNTED = (
    "opened",
    "revoked",
    "deregistered",
    "reactivated",
    "dismissed",
    "open_now",
    "scored",
    "candidates",
)


@dataclass
class ExitStatistics:
    start: dt.date
    end: dt.date
    total: StreetRow
    by_street: list[StreetRow]
    open_by_state: list[tuple[str, str, int]]
    overdue_rectifications: int
    registry_deregistered: int
    registry_revoked: int
    last_run: DormancyRun | None = None


def exit_statistics(
    *, user: Any, start: dt.date, end: dt.date, today: dt.date | None = None
) -> ExitStatistics:
    """How many cases were opened, and how many organizations were revoked, deregistered,
    reactivated or cleared in ``[start, end]``, by street; open cases by stage now; exits in
    the register over the same period (all routes). A handful of GROUP BY queries."""
    day = today or timezone.localdate()
    cases = exit_case_visible(user=user)
    period = Q(outcome_on__gte=start, outcome_on__lte=end)
    outcome = ExitCase.Outcome
    rows: dict[int, StreetRow] = {}
    by_street = (
        cases.values(
            "organization__street_id", "organization__street__name", "organization__street__code"
        )
        .annotate(
            opened=Count("id", filter=Q(opened_on__gte=start, opened_on__lte=end)),
            revoked=Count("id", filter=period & Q(outcome=outcome.REVOKED)),
            deregistered=Count("id", filter=period & Q(outcome=outcome.DEREGISTERED)),
            reactivated=Count("id", filter=period & Q(outcome=outcome.REACTIVATED)),
            dismissed=Count("id", filter=period & Q(outcome=outcome.DISMISSED)),
            open_now=Count("id", filter=~Q(state=CaseState.CLOSED.value)),
        )
        .order_by()
    )
    for r in by_street:
        rows[r["organization__street_id"]] = StreetRow(
            key=str(r["organization__street_id"]),
            label=r["organization__street__name"],
            code=r["organization__street__code"],
            **{k: r[k] for k in COUNTED[:6]},
        )
    scores = (
        dormancy_visible(user=user)
        .values("street_id", "street__name", "street__code")
        .annotate(scored=Count("pk"), candidates=Count("pk", filter=Q(candidate=True)))
        .order_by()
    )
    for r in scores:
        row = rows.setdefault(
            r["street_id"],
            StreetRow(key=str(r["street_id"]), label=r["street__name"], code=r["street__code"]),
        )
        row.scored, row.candidates = r["scored"], r["candidates"]
    street_rows = sorted(rows.values(), key=lambda r: r.code)
    total = StreetRow(
        key="total", label="", **{k: sum(getattr(r, k) for r in street_rows) for k in COUNTED}
    )
    open_counts = dict(
        cases.exclude(state=CaseState.CLOSED.value)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
        .order_by()
    )
    open_by_state = [
        (s.value, render(CASE_STATE_LABELS[s]), open_counts.get(s.value, 0))
        for s in CaseState
        if s != CaseState.CLOSED
    ]
    overdue = cases.filter(state=CaseState.RECTIFYING.value, rectification_deadline__lt=day).count()
    organizations = (
        organization_visible(user=user)
        if permissions.can_view_dormancy(user)[0]
        else Organization.objects.none()
    )
    exits = dict(
        LifecycleEvent.objects.filter(
            organization__in=organizations.values("id"),
            kind__in=[EventKind.DEREGISTRATION.value, EventKind.REVOCATION.value],
            occurred_on__gte=start,
            occurred_on__lte=end,
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
        .order_by()
    )
    return ExitStatistics(
        start=start,
        end=end,
        total=total,
        by_street=street_rows,
        open_by_state=open_by_state,
        overdue_rectifications=overdue,
        registry_deregistered=exits.get(EventKind.DEREGISTRATION.value, 0),
        registry_revoked=exits.get(EventKind.REVOCATION.value, 0),
        last_run=dormancy_last_run(),
    )


def dormancy_streets(*, user: Any) -> QuerySet[Area]:
    """The streets a user may filter the lists by: those of their area (a supervisory unit:
    those of its district)."""
    streets = Area.objects.current().filter(level=Area.Level.STREET).order_by("code")
    role = getattr(user, "role", None)
    if not permissions.can_view_dormancy(user)[0]:
        return streets.none()
    if role == Role.DEPARTMENT_OFFICER:
        agency = user.agency
        return streets.filter(parent_id=agency.area_id) if agency else streets.none()
    area = user.area
    if area is None:
        return streets.none()
    if area.level == Area.Level.STREET:
        return streets.filter(pk=area.pk)
    if area.level == Area.Level.COMMUNITY:
        return streets.filter(pk=area.parent_id)
    if area.level == Area.Level.DISTRICT:
        return streets.filter(parent_id=area.pk)
    if area.level == Area.Level.CITY:
        return streets.filter(parent__parent_id=area.pk)
    return streets.filter(code__startswith=area.code)
