"""Reading areas, and the one place that turns an area into a scope filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from socorg.areas.models import Area


def area_get_by_code(*, code: str, on: dt.date | None = None) -> Area | None:
    """The division with this code valid on a day (today by default)."""
    return Area.objects.current(on).filter(code=code).first()


def area_children(
    *, parent: Area, level: str | None = None, current_only: bool = True
) -> QuerySet[Area]:
    """Direct children of an area, current ones by default."""
    qs = Area.objects.filter(parent=parent)
    if current_only:
        qs = qs.current()
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def area_list(*, level: str | None = None, parent_code: str | None = None) -> QuerySet[Area]:
    """Areas by level and parent, for pickers and the API."""
    qs = Area.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return qs.order_by("code")


def area_scope_q(area: Area, *, prefix: str = "") -> Q:
    """A filter on ``district``/``street``/``community`` fields that keeps what lies in ``area``.

    Records carry their district, street and community; a scope at any level becomes one
    indexed equality (province: a code prefix on the district).
    """
    p = prefix
    if area.level == Area.Level.COMMUNITY:
        return Q(**{f"{p}community_id": area.id})
    if area.level == Area.Level.STREET:
        return Q(**{f"{p}street_id": area.id})
    if area.level == Area.Level.DISTRICT:
        return Q(**{f"{p}district_id": area.id})
    if area.level == Area.Level.CITY:
        return Q(**{f"{p}district__parent_id": area.id})
    return Q(**{f"{p}district__code__startswith": area.code})


def area_contains(
    area: Area, *, district_id: int, street_id: int, community_id: int | None
) -> bool:
    """Whether a record placed at (district, street, community) lies inside ``area``."""
    if area.level == Area.Level.COMMUNITY:
        return community_id == area.id
    if area.level == Area.Level.STREET:
        return street_id == area.id
    if area.level == Area.Level.DISTRICT:
        return district_id == area.id
    district = Area.objects.filter(id=district_id).only("code", "parent_id").first()
    if district is None:
        return False
    if area.level == Area.Level.CITY:
        return district.parent_id == area.id
    return district.code.startswith(area.code)
