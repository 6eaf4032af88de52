"""Reading party building: one organization's record, coverage statistics (set-based, grouped
by street or type), the "required but missing" list, and the facts the credit rules read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization
from socorg.party.policy import get_policy
from socorg.party.rules import (
    ESTABLISHED_FORMS,
    CoverageCounts,
    CoverageRates,
    CreditTriggerFinding,
    PartyFacts,
    PartyOrgForm,
    PartyPolicy,
    coverage_rates,
    missing_party_org,
)
from socorg.registry.models import ACTIVE, Organization
from socorg.registry.rules.lifecycle import OrgType
from socorg.registry.selectors import organization_visible

# Ids per query when facts are read for a given set (keeps SQLite under its variable limit).
FACTS_CHUNK = 5000
ESTABLISHED = [f.value for f in ESTABLISHED_FORMS]


def _current_instructors(today: dt.date) -> QuerySet[PartyInstructorAssignment]:
    return PartyInstructorAssignment.objects.filter(assigned_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )


def party_organization_get(*, organization: Organization) -> PartyOrganization | None:
    """The organization's party organization record with the units a joint branch covers."""
    return (
        PartyOrganization.objects.filter(organization=organization)
        .select_related("recorded_by")
        .prefetch_related("covered_organizations")
        .first()
    )


def party_joint_host(*, organization: Organization) -> PartyOrganization | None:
    """The joint branch (another organization's record) this organization is a member unit of."""
    return (
        PartyOrganization.objects.filter(coverages__organization=organization)
        .select_related("organization")
        .first()
    )


def party_instructor_list(*, organization: Organization) -> QuerySet[PartyInstructorAssignment]:
    """Instructors and liaisons of an organization, current and past, newest first."""
    return (
        PartyInstructorAssignment.objects.filter(organization=organization)
        .select_related("assigned_by")
        .order_by("-assigned_on", "-id")
    )


# --- coverage statistics ----------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    counts: CoverageCounts
    rates: CoverageRates
    missing: int  # required (members ≥ N recorded) but without a party organization


def _annotated(user: Any, today: dt.date) -> QuerySet[Organization]:
    # The party record and the joint-branch membership are at most one row per organization:
    # LEFT JOINs. Instructors may be several: an EXISTS.
    instructed = _current_instructors(today).filter(organization_id=OuterRef("pk"))
    return (
        organization_visible(user=user)
        .filter(status__in=ACTIVE)
        .annotate(
            p_form=F("party_organization__form"),
            p_members=F("party_organization__full_members"),
            p_coverage=F("joint_coverage__id"),
            p_instructed=Exists(instructed),
        )
    )


def _aggregates(policy: PartyPolicy) -> dict[str, Any]:
    no_own = Q(p_form__isnull=True) | Q(p_form=PartyOrgForm.NONE.value)
    covered = Q(p_coverage__isnull=False)
    return {
        "total": Count("id"),
        "single": Count("id", filter=Q(p_form=PartyOrgForm.SINGLE.value)),
        "joint": Count("id", filter=Q(p_form=PartyOrgForm.JOINT.value) | (covered & no_own)),
        "functional": Count("id", filter=Q(p_form=PartyOrgForm.FUNCTIONAL.value)),
        "work_covered": Count(
            "id",
            filter=Q(p_form__in=ESTABLISHED) | covered | Q(p_instructed=True),
        ),
        "missing": Count(
            "id",
            filter=Q(p_form=PartyOrgForm.NONE.value)
            & Q(p_members__gte=policy.min_members_for_branch)
            & Q(p_coverage__isnull=True),
        ),
    }


def _row(key: str, label: str, values: dict[str, int], policy: PartyPolicy) -> CoverageRow:
    counts = CoverageCounts(
        total=values["total"] or 0,
        single=values["single"] or 0,
        joint=values["joint"] or 0,
        functional=values["functional"] or 0,
        work_covered=values["work_covered"] or 0,
    )
    return CoverageRow(key, label, counts, coverage_rates(counts, policy), values["missing"] or 0)


def party_coverage_total(
    *, user: Any, today: dt.date | None = None, policy: PartyPolicy | None = None
) -> CoverageRow:
    """组织覆盖率, 单独组建率, 工作覆盖率 over the active organizations the user may see."""
    policy = policy or get_policy()
    values = _annotated(user, today or timezone.localdate()).aggregate(**_aggregates(policy))
    return _row("", "", values, policy)


def party_coverage_by_street(
    *, user: Any, today: dt.date | None = None, policy: PartyPolicy | None = None
) -> list[CoverageRow]:
    """The rates per street (one GROUP BY over the visible active organizations)."""
    policy = policy or get_policy()
    rows = (
        _annotated(user, today or timezone.localdate())
        .values("street_id", "street__name", "street__code")
        .annotate(**_aggregates(policy))
        .order_by("street__code")
    )
    return [_row(str(r["street_id"]), r["street__name"], r, policy) for r in rows]


def party_coverage_by_type(
    *, user: Any, today: dt.date | None = None, policy: PartyPolicy | None = None
) -> list[CoverageRow]:
    """The rates per organization type (one GROUP BY over the visible active organizations)."""
    policy = policy or get_policy()
    labels = dict(Organization.Type.choices)
    rows = (
        _annotated(user, today or timezone.localdate())
        .values("org_type")
        .annotate(**_aggregates(policy))
        .order_by("org_type")
    )
    order = list(labels)
    result = [_row(r["org_type"], str(labels.get(r["org_type"], "")), r, policy) for r in rows]
    return sorted(result, key=lambda row: order.index(row.key) if row.key in order else 99)


def party_missing_list(
    *, user: Any, policy: PartyPolicy | None = None, street_id: int | None = None
) -> QuerySet[Organization]:
    """Active organizations with enough full members recorded but no party organization in any
    form (党章第三十条), newest first, for keyset paging."""
    policy = policy or get_policy()
    qs = (
        organization_visible(user=user)
        .filter(
            status__in=ACTIVE,
            party_organization__form=PartyOrgForm.NONE.value,
            party_organization__full_members__gte=policy.min_members_for_branch,
        )
        .filter(~Exists(JointCoverage.objects.filter(organization_id=OuterRef("pk"))))
    )
    if street_id:
        qs = qs.filter(street_id=street_id)
    return qs.select_related("street", "community", "party_organization").order_by("-id")


# --- facts for the credit rules (trigger A2) ------------------------------------------------


def _chunks(ids: Sequence[int], size: int) -> Iterator[tuple[Sequence[int], bool]]:
    """Sorted ids in chunks, each saying whether it is dense enough to select by range (cheap
    to build and to run) rather than by an IN list."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield chunk, chunk[-1] - chunk[0] + 1 <= 2 * len(chunk)


def _among(chunk: Sequence[int], dense: bool, field: str) -> Q:
    if dense:
        return Q(**{f"{field}__gte": chunk[0], f"{field}__lte": chunk[-1]})
    return Q(**{f"{field}__in": chunk})


def party_facts_for(
    org_ids: Iterable[int], *, today: dt.date | None = None
) -> dict[int, PartyFacts]:
    """Party facts for the given organizations: three queries per chunk of ids, never per row."""
    day = today or timezone.localdate()
    ids = sorted(set(org_ids))
    facts: dict[int, PartyFacts] = {}
    forms = {f.value: f for f in PartyOrgForm}
    types = {t.value: t for t in OrgType}
    for chunk, dense in _chunks(ids, FACTS_CHUNK):
        wanted = set(chunk)
        by_org = _among(chunk, dense, "organization_id")
        covered = set(
            JointCoverage.objects.filter(by_org).values_list("organization_id", flat=True)
        )
        instructed = set(
            _current_instructors(day).filter(by_org).values_list("organization_id", flat=True)
        )
        rows = Organization.objects.filter(_among(chunk, dense, "id")).values_list(
            "id",
            "org_type",
            "status",
            "party_organization__form",
            "party_organization__full_members",
            "party_organization__as_of",
        )
        for org_id, org_type, status, form, members, as_of in rows:
            if org_id not in wanted:
                continue
            facts[org_id] = PartyFacts(
                organization_id=org_id,
                org_type=types[org_type],
                active=status in ACTIVE,
                form=forms[form] if form else None,
                full_members=members,
                covered_by_joint=org_id in covered,
                has_instructor=org_id in instructed,
                as_of=as_of,
            )
    return facts


def party_credit_findings(
    *, policy: PartyPolicy | None = None, chunk_size: int = 2000
) -> Iterator[tuple[int, CreditTriggerFinding]]:
    """Every organization for which trigger A2 applies, streamed: one query, nothing when the
    policy keeps A2 off. Each finding carries the reason and the article."""
    policy = policy or get_policy()
    if not policy.missing_party_org_is_credit_trigger:
        return
    rows = (
        PartyOrganization.objects.filter(
            form=PartyOrgForm.NONE.value,
            full_members__gte=policy.min_members_for_branch,
            organization__status__in=ACTIVE,
            organization__org_type__in=[t.value for t in policy.credit_trigger_org_types],
        )
        .filter(~Exists(JointCoverage.objects.filter(organization_id=OuterRef("organization_id"))))
        .values_list("organization_id", "organization__org_type", "full_members", "as_of")
        .order_by("organization_id")
    )
    for org_id, org_type, members, as_of in rows.iterator(chunk_size=chunk_size):
        finding = missing_party_org(
            PartyFacts(
                organization_id=org_id,
                org_type=OrgType(org_type),
                active=True,
                form=PartyOrgForm.NONE,
                full_members=members,
                as_of=as_of,
            ),
            policy,
        )
        if finding is not None:
            yield org_id, finding
