"""Reading spot checks: campaigns in scope, a campaign's sample, my inspections, the pool, the
conflicts, and the published results (一公开)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.credit.models import RectificationNotice
from socorg.registry.models import Organization
from socorg.spot_checks import rules
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)

CAMPAIGN_SORT = ("-id",)
SAMPLE_SORT = ("id",)
INSPECTION_SORT = ("-id",)
POOL_SORT = ("-id",)
CONFLICT_SORT = ("-id",)
PUBLISHED_SORT = ("-id",)
# Campaign states in which an inspector sees the checks assigned to them.
VISIBLE_TO_INSPECTORS = (
    Campaign.State.IN_PROGRESS,
    Campaign.State.COMPLETED,
    Campaign.State.PUBLISHED,
)
SAMPLE_RELATED = ("organization", "organization__street", "rectification_notice")


def _area_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}area__code__startswith": user.area.code})


def _staff(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in (Role.DISTRICT_ADMIN, Role.AUDITOR)
        and user.area_id is not None
    )


def campaign_list(*, user: Any, state: str = "", year: int | None = None) -> QuerySet[Campaign]:
    """Campaigns whose scope lies in the user's area (the bureau and auditors), newest first."""
    if not _staff(user):
        return Campaign.objects.none()
    qs = Campaign.objects.filter(_area_q(user)).select_related("area", "created_by")
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(sample_size=Count("sampled")).order_by(*CAMPAIGN_SORT)


def campaign_detail(*, user: Any, pk: int) -> Campaign | None:
    if not _staff(user):
        return None
    return (
        Campaign.objects.filter(_area_q(user))
        .select_related("area", "created_by", "drawn_by", "published_by")
        .filter(pk=pk)
        .first()
    )


def campaign_progress(*, campaign: Campaign) -> dict[str, int]:
    """How many drawn, checked, with issues, ordered to rectify (one query)."""
    return SampledOrganization.objects.filter(campaign=campaign).aggregate(
        total=Count("id"),
        checked=Count("id", filter=~Q(finding=SampledOrganization.Finding.PENDING)),
        issues=Count("id", filter=Q(finding=SampledOrganization.Finding.ISSUES)),
        rectification=Count("id", filter=Q(rectification_notice__isnull=False)),
    )


def campaign_sample(
    *, campaign: Campaign, finding: str | None = None
) -> QuerySet[SampledOrganization]:
    """The organizations drawn in a campaign with their inspectors, in draw order (by id)."""
    qs = SampledOrganization.objects.filter(campaign=campaign)
    if finding is not None:
        qs = qs.filter(finding=finding)
    return qs.select_related(*SAMPLE_RELATED).prefetch_related("inspectors").order_by(*SAMPLE_SORT)


@dataclass(frozen=True)
class StratumRow:
    key: str
    label: str
    population: int
    drawn: int


def stratum_rows(*, campaign: Campaign) -> list[StratumRow]:
    """The draw per stratum, named in words (street names in one query)."""
    parsed = {
        row["stratum"]: rules.parse_stratum(campaign.strata, row["stratum"])
        for row in campaign.draw_summary
    }
    street_ids = {street for _type, street in parsed.values() if street is not None}
    streets = dict(Area.objects.filter(pk__in=street_ids).values_list("pk", "name"))
    types = dict(Organization.Type.choices)
    rows = []
    for row in campaign.draw_summary:
        org_type, street = parsed[row["stratum"]]
        parts = []
        if street is not None:
            parts.append(str(streets.get(street, street)))
        if org_type:
            parts.append(str(types.get(org_type, org_type)))
        label = " · ".join(parts) or _("全部")
        rows.append(StratumRow(row["stratum"], label, row["population"], row["drawn"]))
    return rows


def my_inspections(*, user: Any, campaign_id: int | None = None) -> QuerySet[SampledOrganization]:
    """The checks assigned to the user (as an inspector), newest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SampledOrganization.objects.none()
    qs = SampledOrganization.objects.filter(
        inspectors=user, campaign__state__in=VISIBLE_TO_INSPECTORS
    )
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return (
        qs.select_related("campaign", *SAMPLE_RELATED)
        .prefetch_related("inspectors")
        .order_by(*INSPECTION_SORT)
    )


def sampled_visible(*, user: Any, pk: int) -> SampledOrganization | None:
    """One sampled organization, for its inspectors and the staff of the campaign's area."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    scope = Q(inspectors=user, campaign__state__in=VISIBLE_TO_INSPECTORS)
    if _staff(user):
        scope |= _area_q(user, "campaign__")
    return (
        SampledOrganization.objects.filter(scope)
        .filter(pk=pk)
        .select_related("campaign", "campaign__area", *SAMPLE_RELATED)
        .prefetch_related("inspectors")
        .distinct()
        .first()
    )


def pool_list(*, user: Any, active_only: bool = True) -> QuerySet[InspectorPoolMember]:
    """The inspector pool of the user's area (the bureau and auditors)."""
    if not _staff(user):
        return InspectorPoolMember.objects.none()
    qs = InspectorPoolMember.objects.filter(_area_q(user))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.select_related("user", "agency", "street", "area").order_by(*POOL_SORT)


def conflict_list(*, user: Any) -> QuerySet[ConflictDeclaration]:
    """Conflict declarations: the bureau's and auditors' for organizations in their area; an
    inspector's own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ConflictDeclaration.objects.none()
    if _staff(user):
        area = user.area
        if area.level == Area.Level.DISTRICT:
            scope = Q(organization__district_id=area.pk)
        else:
            scope = Q(organization__district__code__startswith=area.code)
        qs = ConflictDeclaration.objects.filter(scope | Q(inspector=user))
    else:
        qs = ConflictDeclaration.objects.filter(inspector=user)
    return qs.select_related("inspector", "organization", "declared_by").order_by(*CONFLICT_SORT)


# -- results and the public list --------------------------------------------------------------


class RectificationState:
    NONE = ""
    PENDING = "pending"
    OVERDUE = "overdue"
    RECTIFIED = "rectified"
    RECTIFIED_LATE = "rectified_late"
    WITHDRAWN = "withdrawn"


def rectification_state(
    notice: RectificationNotice | None, *, today: dt.date | None = None
) -> tuple[str, str]:
    """Where the rectification ordered after a check stands: (code, words)."""
    day = today or timezone.localdate()
    if notice is None:
        return RectificationState.NONE, _("无需整改")
    if notice.voided_at is not None:
        return RectificationState.WITHDRAWN, _("整改通知已撤销")
    if notice.verified_on is not None and notice.rectified_on is not None:
        if notice.rectified_on <= notice.deadline:
            return RectificationState.RECTIFIED, _("已按期完成整改")
        return RectificationState.RECTIFIED_LATE, _("逾期后完成整改")
    if day > notice.deadline:
        return RectificationState.OVERDUE, _("逾期未完成整改")
    return RectificationState.PENDING, _("限期整改中（期限至 %(day)s）") % {
        "day": notice.deadline.isoformat()
    }


def published_results(*, campaign_id: int | None = None) -> QuerySet[SampledOrganization]:
    """Published results (一公开), newest first; no login needed."""
    qs = SampledOrganization.objects.filter(published=True)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.select_related("campaign", "organization", "rectification_notice").order_by(
        *PUBLISHED_SORT
    )


def published_row(sampled: SampledOrganization, *, today: dt.date | None = None) -> dict[str, Any]:
    """One published result: what the public may see of a check."""
    code, words = rectification_state(sampled.rectification_notice, today=today)
    return {
        "id": sampled.pk,
        "campaign": sampled.campaign.name,
        "year": sampled.campaign.year,
        "organization_name": sampled.organization.name,
        "uscc": sampled.organization.uscc or "",
        "checked_on": sampled.checked_on,
        "result": sampled.finding,
        "result_display": sampled.get_finding_display(),
        "rectification_state": code,
        "rectification_state_display": words,
        "rectification_deadline": sampled.rectification_deadline,
        "published_on": (
            timezone.localtime(sampled.campaign.published_at).date()
            if sampled.campaign.published_at
            else None
        ),
    }
