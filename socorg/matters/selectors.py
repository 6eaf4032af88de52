"""Reading major-matter reports: each role's scope, lists with filters, one report, counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from socorg.accounts.roles import Role
from socorg.areas.selectors import area_scope_q
from socorg.matters.models import MajorMatter
from socorg.registry.models import Organization

LIST_RELATED = (
    "organization",
    "organization__street",
    "organization__supervisory_unit",
    "filed_by",
)


def matter_visible(*, user: Any) -> QuerySet[MajorMatter]:
    """Every report ``user`` may see, as one filter: an organization its own; a supervisory unit
    its organizations'; the bureau and auditors their area's; a street its community
    organizations'."""
    qs = MajorMatter.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.ORGANIZATION:
        membership = getattr(user, "organization_membership", None)
        return qs.filter(organization_id=membership.organization_id) if membership else qs.none()
    if role == Role.DEPARTMENT_OFFICER:
        if not user.agency_id:
            return qs.none()
        return qs.filter(organization__supervisory_unit_id=user.agency_id)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        if not user.area_id:
            return qs.none()
        return qs.filter(area_scope_q(user.area, prefix="organization__"))
    if role == Role.STREET_OFFICER:
        if not user.area_id:
            return qs.none()
        return qs.filter(
            area_scope_q(user.area, prefix="organization__"),
            organization__org_type=Organization.Type.COMMUNITY,
        )
    return qs.none()


@dataclass(frozen=True)
class MatterFilters:
    state: str = ""
    kind: str = ""
    organization: int | None = None


def matter_list(*, user: Any, filters: MatterFilters | None = None) -> QuerySet[MajorMatter]:
    """The reports a user sees, newest first (keyset pages on ``-id``)."""
    filters = filters or MatterFilters()
    qs = matter_visible(user=user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    return qs.select_related(*LIST_RELATED).order_by("-id")


def matter_detail(*, user: Any, pk: int) -> MajorMatter | None:
    """One visible report with its people."""
    return (
        matter_visible(user=user)
        .select_related(
            *LIST_RELATED,
            "organization__registration_authority",
            "acknowledged_by",
            "returned_by",
        )
        .filter(pk=pk)
        .first()
    )


def matter_counts_by_state(*, user: Any) -> dict[str, int]:
    """How many visible reports are in each state (one GROUP BY)."""
    rows = matter_visible(user=user).order_by().values_list("state").annotate(n=Count("id"))
    return dict(rows.values_list("state", "n"))
