"""Test helpers shared by every app: a small district world built through the real models."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from socorg.accounts.models import User
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.registry.models import Organization, ServiceDomain
from socorg.registry.rules.uscc import make_uscc
from socorg.registry.services import EventInput, OrganizationInput, organization_register

PASSWORD = "Test-pass-2026!"
_bodies = itertools.count(10000001)


def next_uscc(org_type: str = "social_service", authority: str = "420106") -> str:
    """A fresh valid USCC for the given type and authority."""
    digit = {"social_group": "1", "social_service": "2", "foundation": "3"}[org_type]
    return make_uscc(type_digit=digit, authority_code=authority, body8=f"{next(_bodies):08d}")


@dataclass
class World:
    city: Area
    district: Area
    other_district: Area
    streets: list[Area]
    communities: list[Area]  # two per street
    bureau: Agency
    other_bureau: Agency
    street_offices: list[Agency]
    unit: Agency  # a supervisory unit (业务主管单位)
    other_unit: Agency
    domains: list[ServiceDomain]
    users: dict[str, User]

    def user(self, role: str) -> User:
        return self.users[role]


def _user(username: str, role: str, **scope: Any) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, full_name=username, **scope
    )


def build_world() -> World:
    province = Area.objects.create(code="42", name="湖北省", level="province")
    city = Area.objects.create(code="4201", name="武汉市", level="city", parent=province)
    district = Area.objects.create(code="420106", name="武昌区", level="district", parent=city)
    other = Area.objects.create(code="420102", name="江岸区", level="district", parent=city)
    streets = [
        Area.objects.create(code="420106001", name="积玉桥街道", level="street", parent=district),
        Area.objects.create(code="420106002", name="杨园街道", level="street", parent=district),
        Area.objects.create(code="420102001", name="大智街道", level="street", parent=other),
    ]
    communities = []
    for street in streets:
        for i in (1, 2):
            communities.append(
                Area.objects.create(
                    code=f"{street.code}{i:03d}",
                    name=f"{street.name[:2]}第{i}社区",
                    level="community",
                    parent=street,
                )
            )
    bureau = Agency.objects.create(
        name="武昌区民政局", kind="registration_authority", area=district
    )
    other_bureau = Agency.objects.create(
        name="江岸区民政局", kind="registration_authority", area=other
    )
    offices = [
        Agency.objects.create(name=f"{s.name}办事处", kind="street_office", area=s) for s in streets
    ]
    unit = Agency.objects.create(name="武昌区教育局", kind="supervisory_unit", area=district)
    other_unit = Agency.objects.create(
        name="武昌区文化和旅游局", kind="supervisory_unit", area=district
    )
    domains = [
        ServiceDomain.objects.create(code="culture", name="文化", sort_order=1),
        ServiceDomain.objects.create(code="education", name="教育", sort_order=2),
        ServiceDomain.objects.create(code="elderly", name="为老服务", sort_order=3),
    ]
    users = {
        "district_admin": _user("admin_wc", "district_admin", area=district),
        "other_admin": _user("admin_ja", "district_admin", area=other),
        "department_officer": _user("edu_officer", "department_officer", agency=unit),
        "street_officer": _user("street1", "street_officer", area=streets[0]),
        "other_street_officer": _user("street2", "street_officer", area=streets[1]),
        "community_officer": _user("community1", "community_officer", area=communities[0]),
        "expert": _user("expert1", "expert"),
        "auditor": _user("auditor1", "auditor", area=district),
        "public": _user("public1", "public"),
        "system_admin": _user("sysadmin", "system_admin"),
        "security_admin": _user("secadmin", "security_admin"),
        "audit_admin": _user("auditadmin", "audit_admin"),
    }
    return World(
        city,
        district,
        other,
        streets,
        communities,
        bureau,
        other_bureau,
        offices,
        unit,
        other_unit,
        domains,
        users,
    )


def org_input(world: World, **overrides: Any) -> OrganizationInput:
    """A valid registered-organization input in the first street; override any field."""
    org_type = overrides.pop("org_type", "social_service")
    community = org_type == "community"
    street = overrides.pop("street", world.streets[0])
    base: dict[str, Any] = {
        "name": overrides.pop("name", f"武昌区测试服务中心{next(_bodies)}"),
        "org_type": org_type,
        "registration_authority": world.street_offices[world.streets.index(street)]
        if community
        else world.bureau,
        "district": street.parent,
        "street": street,
        "community": world.communities[world.streets.index(street) * 2],
        "uscc": "" if community else next_uscc(org_type),
        "supervisory_unit": None if community else world.unit,
        "legal_rep_name": "张三",
        "legal_rep_id": "420106199001011231",
        "founded_on": dt.date(2020, 1, 1),
        "staff_full_time": 2,
        "staff_part_time": 5,
        "domains": [world.domains[0]],
    }
    base.update(overrides)
    return OrganizationInput(**base)


def register(
    world: World, *, actor: User | None = None, on: dt.date = dt.date(2021, 3, 1), **overrides: Any
) -> Organization:
    """Register (or file) an organization through the service, as the bureau or a street."""
    data = org_input(world, **overrides)
    if actor is None:
        actor = (
            world.user("street_officer")
            if data.org_type == "community"
            else world.user("district_admin")
        )
        if data.org_type == "community" and data.street != world.streets[0]:
            actor = world.user("other_street_officer")
    return organization_register(
        actor=actor,
        data=data,
        event=EventInput(occurred_on=on, document_number="武民登〔2021〕1号"),
    )
