"""A small party-building world, built through the services.

First street (积玉桥): a single branch (a), a joint branch hosted by b covering c, a community
organization with a functional party organization (f), and h, which had a branch and was then
deregistered. Second street (杨园): d has 4 full members and no party organization (required but
missing), e has none but an instructor, g has nothing recorded. Other district: x, single.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from socorg.accounts.models import User
from socorg.party.services import (
    PartyOrganizationInput,
    party_instructor_assign,
    party_organization_record,
)
from socorg.registry.services import EventInput, organization_member_link, organization_terminate
from tests.world import next_uscc, register

TODAY = dt.date(2026, 5, 1)


def single(members: int = 5, **overrides) -> PartyOrganizationInput:
    base = {
        "form": "single",
        "level": "branch",
        "name": "党支部",
        "full_members": members,
        "secretary_name": "王书记",
        "established_on": dt.date(2019, 7, 1),
        "charter_includes_party_building": True,
        "as_of": dt.date(2026, 3, 1),
    }
    base.update(overrides)
    return PartyOrganizationInput(**base)


@pytest.fixture
def party(world):
    admin = world.user("district_admin")
    s1 = world.streets[1]
    orgs = SimpleNamespace(
        a=register(world, name="积玉桥阳光服务中心"),
        b=register(
            world, name="积玉桥文化促进会", org_type="social_group", uscc=next_uscc("social_group")
        ),
        c=register(world, name="积玉桥助老服务中心"),
        f=register(world, name="积玉桥社区舞蹈队", org_type="community"),
        h=register(world, name="积玉桥旧服务中心"),
        d=register(
            world,
            name="杨园慈善基金会",
            org_type="foundation",
            uscc=next_uscc("foundation"),
            street=s1,
        ),
        e=register(world, name="杨园青少年服务中心", street=s1),
        g=register(world, name="杨园教育发展中心", street=s1),
        x=register(
            world,
            name="江岸区邻里服务中心",
            actor=world.user("other_admin"),
            street=world.streets[2],
            registration_authority=world.other_bureau,
            uscc=next_uscc("social_service", authority="420102"),
            supervisory_unit=None,
            directly_registered=True,
        ),
    )
    rec = party_organization_record
    rec(actor=admin, organization=orgs.a, data=single(), today=TODAY)
    rec(
        actor=admin,
        organization=orgs.b,
        data=single(1, form="joint", name="积玉桥联合党支部", covered_organizations=(orgs.c,)),
        today=TODAY,
    )
    rec(
        actor=world.user("street_officer"),
        organization=orgs.f,
        data=single(0, form="functional", name="舞蹈队功能型党小组"),
        today=TODAY,
    )
    rec(actor=admin, organization=orgs.h, data=single(), today=TODAY)
    organization_terminate(
        actor=admin,
        organization=orgs.h,
        kind="deregistration",
        event=EventInput(
            occurred_on=dt.date(2025, 1, 1), document_number="武民注〔2025〕1号", reason="自行解散"
        ),
    )
    rec(
        actor=admin,
        organization=orgs.d,
        data=PartyOrganizationInput(form="none", full_members=4, as_of=dt.date(2026, 2, 1)),
        today=TODAY,
    )
    party_instructor_assign(
        actor=admin,
        organization=orgs.e,
        role="instructor",
        person_name="刘指导员",
        assigned_on=dt.date(2025, 9, 1),
        today=TODAY,
    )
    rec(
        actor=world.user("other_admin"),
        organization=orgs.x,
        data=single(),
        today=TODAY,
    )
    return orgs


@pytest.fixture
def org_account(world, party) -> User:
    user = User.objects.create_user(username="org_a", password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=party.a)
    return user
