"""Who acts in the demo: the demo district's accounts (made by ``seed_demo``), found by role
and scope, and the few more the history needs (an officer per supervisory unit, one per
community, the organizations' own accounts, experts).

The extra accounts cannot log in (unusable password): they exist so that each step is taken by
the role the workflow requires, and is audited under a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.registry.models import Organization, OrganizationMember
from socorg.registry.services import organization_member_link


def _create(username: str, role: Role, full_name: str, **scope: Any) -> User:
    user = User(username=username, role=role.value, full_name=full_name, **scope)
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=None,
        action="account.create",
        obj=user,
        after={"username": username, "role": role.value, "demo": True},
        category=AuditEvent.Category.SYSTEM,
    )
    return user


@dataclass
class Cast:
    district: Area
    admin: User
    sysadmin: User | None
    streets: dict[int, Area]  # by id
    street_officers: dict[int, User]  # by street id
    community_officers: dict[int, User] = field(default_factory=dict)  # by community id
    unit_officers: dict[int, User] = field(default_factory=dict)  # by agency id
    org_users: dict[int, User] = field(default_factory=dict)  # by organization id
    experts: list[User] = field(default_factory=list)

    def street_officer(self, street_id: int) -> User:
        return self.street_officers[street_id]

    def unit_officer(self, agency_id: int) -> User:
        officer = self.unit_officers.get(agency_id)
        if officer is None:
            agency = Agency.objects.get(pk=agency_id)
            officer = _create(
                f"unit_{agency_id}",
                Role.DEPARTMENT_OFFICER,
                f"{agency.name}工作人员",
                agency=agency,
            )
            self.unit_officers[agency_id] = officer
        return officer

    def community_officer(self, community_id: int) -> User:
        officer = self.community_officers.get(community_id)
        if officer is None:
            area = Area.objects.get(pk=community_id)
            officer = _create(
                f"community_{area.code}", Role.COMMUNITY_OFFICER, f"{area.name}工作人员", area=area
            )
            self.community_officers[community_id] = officer
        return officer

    def org_user(self, org: Organization) -> User:
        user = self.org_users.get(org.pk)
        if user is None:
            user = _create(f"org_{org.pk}", Role.ORGANIZATION, f"{org.name}填报人")
            organization_member_link(actor=self.sysadmin, user=user, organization=org)
            user = User.objects.select_related("organization_membership").get(pk=user.pk)
            self.org_users[org.pk] = user
        return user

    def expert_pool(self, n: int) -> list[User]:
        while len(self.experts) < n:
            k = len(self.experts) + 1
            self.experts.append(_create(f"expert_demo_{k}", Role.EXPERT, f"评审专家{k}"))
        return self.experts[:n]


def cast_for(district: Area) -> Cast:
    """The accounts of the demo district, with what ``seed_demo`` made (the bureau's admin,
    one officer per street, the officers of two units, the community officer, the expert)."""
    admin = (
        User.objects.filter(role=Role.DISTRICT_ADMIN, area=district, is_active=True)
        .order_by("id")
        .first()
    )
    if admin is None:
        raise LookupError("no district administrator")
    streets = {a.id: a for a in Area.objects.current().filter(parent=district, level="street")}
    officers: dict[int, User] = {}
    for user in User.objects.filter(
        role=Role.STREET_OFFICER, area_id__in=list(streets), is_active=True
    ).order_by("id"):
        officers.setdefault(user.area_id, user)
    for street_id, street in streets.items():
        if street_id not in officers:
            officers[street_id] = _create(
                f"street_{street.code}", Role.STREET_OFFICER, f"{street.name}工作人员", area=street
            )
    cast = Cast(
        district=district,
        admin=admin,
        sysadmin=User.objects.filter(role=Role.SYSTEM_ADMIN).order_by("id").first(),
        streets=streets,
        street_officers=officers,
    )
    for user in User.objects.filter(
        role=Role.COMMUNITY_OFFICER, area__parent__parent=district
    ).order_by("id"):
        cast.community_officers.setdefault(user.area_id, user)
    for user in User.objects.filter(
        role=Role.DEPARTMENT_OFFICER, agency__area=district, is_active=True
    ).order_by("id"):
        cast.unit_officers.setdefault(user.agency_id, user)
    cast.experts = list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("id"))
    return cast


def existing_org_users(cast: Cast, org_ids: Iterable[int]) -> None:
    """Reuse organization accounts that already exist (the demo's ``org_demo``)."""
    for member in OrganizationMember.objects.filter(
        organization_id__in=list(org_ids)
    ).select_related("user"):
        cast.org_users.setdefault(member.organization_id, member.user)
