"""Reading the register: what each user may see, lists with filters, detail, statistics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from socorg.accounts.roles import Role
from socorg.areas.selectors import area_scope_q
from socorg.core.crypto import lookup_hash
from socorg.registry.models import LifecycleEvent, Organization, ServiceDomain
from socorg.registry.rules import idcard
from socorg.registry.rules import uscc as uscc_rules
from socorg.registry.search import filter_name_contains

USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")

LIST_RELATED = (
    "district",
    "street",
    "community",
    "supervisory_unit",
    "registration_authority",
)


def organization_visible(*, user: Any) -> QuerySet[Organization]:
    """Every organization ``user`` may see, as one indexed filter (empty for other roles)."""
    qs = Organization.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role in (
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
    ):
        return qs.filter(area_scope_q(user.area)) if user.area_id else qs.none()
    if role == Role.DEPARTMENT_OFFICER:
        return qs.filter(supervisory_unit_id=user.agency_id) if user.agency_id else qs.none()
    if role == Role.ORGANIZATION:
        membership = getattr(user, "organization_membership", None)
        return qs.filter(id=membership.organization_id) if membership else qs.none()
    return qs.none()


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    org_type: str = ""
    status: str = ""
    street: int | None = None
    community: int | None = None
    domain: str = ""
    supervisory_unit: int | None = None
    active_only: bool = False


SORTS: dict[str, tuple[str, ...]] = {
    "-id": ("-id",),
    "id": ("id",),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "registered_on": ("registered_on", "id"),
    "-registered_on": ("-registered_on", "-id"),
}


def apply_text_search(qs: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    """One search box: a USCC, a legal representative's ID number, or part of a name
    (or a legal representative's exact name)."""
    q = q.strip()
    if not q:
        return qs
    code = uscc_rules.normalize(q)
    # An ID number is 17 digits and a check character; test it (with its check) before the USCC
    # pattern, which an all-digit string also fits.
    if ID_RE.match(code) and idcard.id_number_problem(code) is None:
        return qs.filter(legal_rep_id_hash=lookup_hash(code))
    if USCC_RE.match(code):
        return qs.filter(uscc=code)
    by_name = filter_name_contains(qs, q)
    # Short queries may be a person's name. An OR of the two searches repeats the scope in each
    # branch and defeats both indexes, so ask the (indexed, rarely matching) name first.
    if len(q) <= 4 and qs.filter(legal_rep_name=q).exists():
        return by_name | qs.filter(legal_rep_name=q)
    return by_name


def organization_list(
    *, user: Any, filters: OrganizationFilters, sort: str = "-id"
) -> QuerySet[Organization]:
    """The list a user sees: visible organizations, searched, filtered and sorted."""
    qs = organization_visible(user=user)
    qs = apply_text_search(qs, filters.q)
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.active_only:
        qs = qs.filter(status__in=[Organization.Status.REGISTERED, Organization.Status.FILED])
    if filters.street:
        qs = qs.filter(street_id=filters.street)
    if filters.community:
        qs = qs.filter(community_id=filters.community)
    if filters.supervisory_unit:
        qs = qs.filter(supervisory_unit_id=filters.supervisory_unit)
    if filters.domain:
        qs = qs.filter(
            Exists(
                Organization.domains.through.objects.filter(
                    organization_id=OuterRef("pk"), servicedomain__code=filters.domain
                )
            )
        )
    return qs.select_related(*LIST_RELATED).order_by(*SORTS.get(sort, SORTS["-id"]))


def organization_detail(*, user: Any, pk: int) -> Organization | None:
    """One visible organization with what its detail page shows."""
    return (
        organization_visible(user=user)
        .select_related(*LIST_RELATED)
        .prefetch_related("domains")
        .filter(pk=pk)
        .first()
    )


def organization_events(*, organization: Organization) -> QuerySet[LifecycleEvent]:
    """The organization's lifecycle history, oldest first."""
    return (
        LifecycleEvent.objects.filter(organization=organization)
        .select_related("recorded_by")
        .order_by("occurred_on", "id")
    )


def organization_counts(*, user: Any) -> dict[str, Any]:
    """Counts for a dashboard: by type and by status, over what the user may see."""
    qs = organization_visible(user=user)
    by_type = dict(
        qs.filter(status__in=[Organization.Status.REGISTERED, Organization.Status.FILED])
        .values_list("org_type")
        .annotate(n=Count("id"))
        .values_list("org_type", "n")
    )
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {"by_type": by_type, "by_status": by_status}


def organization_counts_by_street(*, user: Any) -> QuerySet:
    """Active organizations per street, for the district dashboard."""
    return (
        organization_visible(user=user)
        .filter(status__in=[Organization.Status.REGISTERED, Organization.Status.FILED])
        .values("street_id", "street__name")
        .annotate(
            registered=Count("id", filter=~Q(org_type=Organization.Type.COMMUNITY)),
            community=Count("id", filter=Q(org_type=Organization.Type.COMMUNITY)),
        )
        .order_by("street__code")
    )


def service_domain_list() -> QuerySet[ServiceDomain]:
    """Active service domains of the taxonomy, in display order."""
    return ServiceDomain.objects.filter(is_active=True).order_by("sort_order", "code")


def organization_by_uscc(*, code: str) -> Organization | None:
    """The active organization holding a USCC, if any."""
    return (
        Organization.objects.filter(
            uscc=uscc_rules.normalize(code),
            status__in=[Organization.Status.REGISTERED, Organization.Status.FILED],
        )
        .order_by("-id")
        .first()
    )
