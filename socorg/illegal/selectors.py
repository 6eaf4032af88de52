"""Reading tips and cases: what each user may see, lists, detail, and the published list."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.areas.selectors import area_scope_q
from socorg.illegal.models import Evidence, InvestigationCase, Tip
from socorg.illegal.rules import PUBLISHABLE, TipState

TIP_RELATED = ("district", "street", "handled_by", "referring_agency", "case")
CASE_RELATED = ("district", "street", "authority", "opened_by", "decided_by")

TIP_SORT = ("-id",)
CASE_SORT = ("-id",)
PUBLISHED_SORT = ("-decided_on", "-id")


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role)


def tip_visible(*, user: Any) -> QuerySet[Tip]:
    """Every tip ``user`` may see, as one indexed filter (empty for other roles)."""
    qs = Tip.objects.all()
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return qs.filter(area_scope_q(user.area)) if user.area_id else qs.none()
    if role == Role.STREET_OFFICER:
        return qs.filter(street_id=user.area_id) if user.area_id else qs.none()
    if role == Role.DEPARTMENT_OFFICER:
        return qs.filter(referring_agency_id=user.agency_id) if user.agency_id else qs.none()
    return qs.none()


def tip_list(
    *, user: Any, state: str = "", street_id: int | None = None, q: str = ""
) -> QuerySet[Tip]:
    """The tips a user sees, newest first, filtered by state, street and reported name."""
    qs = tip_visible(user=user)
    if state:
        qs = qs.filter(state=state)
    if street_id:
        qs = qs.filter(street_id=street_id)
    if q.strip():
        qs = qs.filter(reported_name__contains=q.strip())
    return qs.select_related(*TIP_RELATED).order_by(*TIP_SORT)


def tip_detail(*, user: Any, pk: int) -> Tip | None:
    """One visible tip with what its page shows."""
    return (
        tip_visible(user=user)
        .select_related(*TIP_RELATED, "closed_by", "submitted_by")
        .filter(pk=pk)
        .first()
    )


def tip_open_in_scope(*, user: Any) -> QuerySet[Tip]:
    """Open tips (new or assigned) the user sees: the candidates for a new case."""
    return (
        tip_visible(user=user)
        .filter(state__in=[TipState.NEW.value, TipState.ASSIGNED.value])
        .select_related("district", "street")
        .order_by("-id")
    )


def tip_counts(*, user: Any) -> dict[str, int]:
    """How many visible tips are in each state (one grouped query)."""
    rows = tip_visible(user=user).values_list("state").annotate(n=Count("id")).order_by()
    return dict(rows)


def case_visible(*, user: Any) -> QuerySet[InvestigationCase]:
    """Every case ``user`` may see (the bureau and auditors in their area, a street its own)."""
    qs = InvestigationCase.objects.all()
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return qs.filter(area_scope_q(user.area)) if user.area_id else qs.none()
    if role == Role.STREET_OFFICER:
        return qs.filter(street_id=user.area_id) if user.area_id else qs.none()
    return qs.none()


def case_list(
    *,
    user: Any,
    state: str = "",
    outcome: str = "",
    street_id: int | None = None,
    published: bool | None = None,
) -> QuerySet[InvestigationCase]:
    """The cases a user sees, newest first, filtered."""
    qs = case_visible(user=user)
    if state:
        qs = qs.filter(state=state)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if street_id:
        qs = qs.filter(street_id=street_id)
    if published is not None:
        qs = qs.filter(published=published)
    return qs.select_related(*CASE_RELATED).order_by(*CASE_SORT)


def case_detail(*, user: Any, pk: int) -> InvestigationCase | None:
    """One visible case with its officers, evidence and source tips (a fixed number of queries)."""
    return (
        case_visible(user=user)
        .select_related(*CASE_RELATED)
        .prefetch_related(
            "officers",
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
            Prefetch("tips", queryset=Tip.objects.select_related("street").order_by("id")),
        )
        .filter(pk=pk)
        .first()
    )


def published_illegal_organizations() -> QuerySet[InvestigationCase]:
    """The public list: bodies found illegal (取缔 or 劝散) whose decision was published."""
    return (
        InvestigationCase.objects.filter(
            published=True, outcome__in=[outcome.value for outcome in PUBLISHABLE]
        )
        .select_related("authority", "district", "street")
        .order_by(*PUBLISHED_SORT)
    )


# Pickers.


def tip_districts() -> QuerySet[Area]:
    """The districts the platform serves: those with an active registration authority."""
    seats = Agency.objects.filter(
        kind=Agency.Kind.REGISTRATION_AUTHORITY, is_active=True, area__level=Area.Level.DISTRICT
    ).values("area_id")
    return Area.objects.current().filter(id__in=seats).order_by("code")


def tip_streets(*, district_ids: list[int] | None = None) -> QuerySet[Area]:
    """Current streets of the served districts (or of the given ones), for the tip forms."""
    ids = district_ids if district_ids is not None else list(tip_districts().values_list("id"))
    return (
        Area.objects.current()
        .filter(level=Area.Level.STREET, parent_id__in=ids)
        .select_related("parent")
        .order_by("code")
    )


def staff_streets(*, user: Any) -> QuerySet[Area]:
    """Streets a staff user may place a tip or case in."""
    role = _role(user)
    streets = Area.objects.current().filter(level=Area.Level.STREET).select_related("parent")
    if role == Role.STREET_OFFICER:
        return streets.filter(id=user.area_id).order_by("code")
    area = user.agency.area if role == Role.DEPARTMENT_OFFICER and user.agency_id else user.area
    if area is None:
        return streets.none()
    if area.level == Area.Level.STREET:
        return streets.filter(id=area.id).order_by("code")
    if area.level == Area.Level.DISTRICT:
        return streets.filter(parent_id=area.id).order_by("code")
    if area.level == Area.Level.CITY:
        return streets.filter(parent__parent_id=area.id).order_by("code")
    return streets.filter(code__startswith=area.code).order_by("code")


def assignable_officers(*, district_id: int, street_id: int | None) -> QuerySet[User]:
    """Who a tip or case there may be assigned to: the district's bureau staff and the street's
    officers (permissions.can_handle_tip_as decides for each)."""
    scope = Q(role=Role.DISTRICT_ADMIN, area_id=district_id)
    if street_id is not None:
        scope |= Q(role=Role.STREET_OFFICER, area_id=street_id)
    return User.objects.filter(scope, is_active=True).order_by("role", "username")


def case_officer_choices(*, user: Any) -> QuerySet[User]:
    """Officers a new case may be assigned to: bureau staff of the user's area and the officers
    of its streets."""
    streets = staff_streets(user=user)
    scope = Q(role=Role.STREET_OFFICER, area__in=streets)
    if user.area_id:
        scope |= Q(role=Role.DISTRICT_ADMIN, area_id=user.area_id)
    return User.objects.filter(scope, is_active=True).order_by("role", "username")
