"""What import rows refer to by name or code, loaded for the whole file in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Q
from django.utils.translation import gettext as _

from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.registry.importing.columns import DIRECT
from socorg.registry.importing.reading import Sheet
from socorg.registry.models import ServiceDomain

T = TypeVar("T")

# Chunk size for IN (...) lists: well under SQLite's variable limit.
IN_CHUNK = 500


def chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _street_in_area(street: Area, area: Area) -> bool:
    """Whether a street lies in the importer's area; parents are already loaded."""
    district = street.parent
    if area.level == Area.Level.STREET:
        return street.id == area.id
    if area.level == Area.Level.DISTRICT:
        return street.parent_id == area.id
    if district is None:
        return False
    if area.level == Area.Level.CITY:
        return district.parent_id == area.id
    if area.level == Area.Level.PROVINCE:
        return district.code.startswith(area.code)
    return False


@dataclass
class Lookups:
    """Everything rows refer to by name or code, loaded once for the whole file."""

    area: Area
    today: dt.date
    streets_by_code: dict[str, list[Area]] = field(default_factory=dict)
    streets_by_name: dict[str, list[Area]] = field(default_factory=dict)
    communities_by_code: dict[str, list[Area]] = field(default_factory=dict)
    communities_by_name: dict[str, list[Area]] = field(default_factory=dict)
    authorities: dict[int, Agency] = field(default_factory=dict)  # district id → 民政局
    street_offices: dict[int, Agency] = field(default_factory=dict)  # street id → 办事处
    agencies_by_name: dict[str, list[Agency]] = field(default_factory=dict)
    domains: dict[str, ServiceDomain] = field(default_factory=dict)  # name or code → domain

    @classmethod
    def load(cls, *, area: Area, sheet: Sheet, today: dt.date) -> Lookups:
        lookups = cls(area=area, today=today)
        cells = [cells for _number, cells in sheet.rows]
        street_values = {c["street"] for c in cells if c.get("street")}
        community_values = {c["community"] for c in cells if c.get("community")}
        unit_values = {c["supervisory_unit"] for c in cells if c.get("supervisory_unit")}
        unit_values -= {DIRECT, _(DIRECT)}

        for batch in chunks(street_values):
            for street in (
                Area.objects.filter(level=Area.Level.STREET)
                .filter(Q(code__in=batch) | Q(name__in=batch))
                .select_related("parent", "parent__parent")
            ):
                lookups.streets_by_code.setdefault(street.code, []).append(street)
                lookups.streets_by_name.setdefault(street.name, []).append(street)
        for batch in chunks(community_values):
            for community in Area.objects.filter(level=Area.Level.COMMUNITY).filter(
                Q(code__in=batch) | Q(name__in=batch)
            ):
                lookups.communities_by_code.setdefault(community.code, []).append(community)
                lookups.communities_by_name.setdefault(community.name, []).append(community)

        streets = {s.id: s for group in lookups.streets_by_code.values() for s in group}
        district_ids = {s.parent_id for s in streets.values()}
        for batch in chunks(district_ids):
            for agency in Agency.objects.filter(
                kind=Agency.Kind.REGISTRATION_AUTHORITY, is_active=True, area_id__in=batch
            ).order_by("id"):
                lookups.authorities.setdefault(agency.area_id, agency)
        for batch in chunks(streets):
            for agency in Agency.objects.filter(
                kind=Agency.Kind.STREET_OFFICE, is_active=True, area_id__in=batch
            ).order_by("id"):
                lookups.street_offices.setdefault(agency.area_id, agency)
        for batch in chunks(unit_values):
            for agency in Agency.objects.filter(is_active=True, name__in=batch).select_related(
                "area"
            ):
                lookups.agencies_by_name.setdefault(agency.name, []).append(agency)
        for domain in ServiceDomain.objects.filter(is_active=True):
            lookups.domains.setdefault(domain.name, domain)
            lookups.domains.setdefault(domain.code, domain)
        # Authorities carry their area: the USCC rule reads the authority's division code.
        areas = {s.parent_id: s.parent for s in streets.values()} | streets
        for agency in [*lookups.authorities.values(), *lookups.street_offices.values()]:
            agency.area = areas[agency.area_id]
        return lookups

    def street(self, value: str) -> tuple[Area | None, str]:
        """The street a cell names (by code or name), or why it cannot be used."""
        candidates = self.streets_by_code.get(value) or self.streets_by_name.get(value, [])
        if not candidates:
            return None, _("未找到街道“%(value)s”：请填写街道全称或 9 位区划代码。") % {
                "value": value
            }
        current = [s for s in candidates if s.is_current] or candidates
        inside = [s for s in current if _street_in_area(s, self.area)]
        if len(inside) > 1:
            return None, _("有多个名为“%(value)s”的街道，请改填 9 位区划代码。") % {"value": value}
        if not inside:
            street = current[0]
            return None, _(
                "街道“%(street)s”属于%(district)s，不在您的管辖区域（%(area)s）内，不能导入。"
            ) % {
                "street": street.name,
                "district": street.parent.name if street.parent else "—",
                "area": self.area.name,
            }
        street = inside[0]
        if not street.is_current:
            return None, _("街道“%(value)s”已撤并停用，请填写现行的街道。") % {"value": value}
        return street, ""

    def community(self, value: str, street: Area) -> tuple[Area | None, str]:
        """The community a cell names, which must belong to ``street``."""
        candidates = self.communities_by_code.get(value) or self.communities_by_name.get(value, [])
        if not candidates:
            return None, _("未找到社区“%(value)s”：请填写社区全称或 12 位区划代码。") % {
                "value": value
            }
        in_street = [c for c in candidates if c.parent_id == street.id]
        if not in_street:
            return None, _("社区“%(value)s”不属于街道“%(street)s”。") % {
                "value": value,
                "street": street.name,
            }
        current = [c for c in in_street if c.is_current]
        if not current:
            return None, _("社区“%(value)s”已撤并停用，请填写现行的社区。") % {"value": value}
        return current[0], ""

    def supervisory_unit(self, value: str, district: Area) -> tuple[Agency | None, str]:
        """The supervisory unit a cell names; among namesakes, the one in the district."""
        candidates = self.agencies_by_name.get(value, [])
        units = [a for a in candidates if a.kind == Agency.Kind.SUPERVISORY_UNIT]
        if not candidates:
            return None, _(
                "未找到业务主管单位“%(value)s”：请填写单位全称；直接登记的组织填写“%(direct)s”。"
            ) % {"value": value, "direct": _(DIRECT)}
        if not units:
            # organization_validate says why the named agency cannot supervise.
            return candidates[0], ""
        local = [a for a in units if a.area_id in (district.id, self.area.id)]
        chosen = local or units
        if len(chosen) > 1:
            return None, _("有多个名为“%(value)s”的业务主管单位，无法确定是哪一个。") % {
                "value": value
            }
        return chosen[0], ""
