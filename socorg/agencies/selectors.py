"""Reading agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from socorg.agencies.models import Agency


def agency_list(*, kind: str | None = None, area_id: int | None = None) -> QuerySet[Agency]:
    """Active agencies, optionally of one kind or in one area."""
    qs = Agency.objects.filter(is_active=True).select_related("area")
    if kind:
        qs = qs.filter(kind=kind)
    if area_id:
        qs = qs.filter(area_id=area_id)
    return qs.order_by("name")


def registration_authority_for_area(*, area_id: int) -> Agency | None:
    """The registration authority (民政局) seated in an area, if there is one."""
    return (
        Agency.objects.filter(
            kind=Agency.Kind.REGISTRATION_AUTHORITY, area_id=area_id, is_active=True
        )
        .order_by("id")
        .first()
    )
