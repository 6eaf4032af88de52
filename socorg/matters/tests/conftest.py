"""Organizations and their accounts for the major-matter tests, built through the services.

m1: a 社会服务机构 in the first street supervised by 教育局 (world.unit); m2: a 社会团体 supervised
by 文化和旅游局 (world.other_unit); m3: a community organization filed with the first street's
office; m4: in the other district. acct1 and acct3 are the accounts of m1 and m3.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from socorg.accounts.models import User
from socorg.matters.services import MatterInput, matter_file
from socorg.registry.services import organization_member_link
from tests.world import next_uscc, register

TODAY = dt.date(2026, 5, 1)


def matter_input(**overrides) -> MatterInput:
    base = {
        "kind": "large_donation",
        "title": "接受某企业捐赠 100 万元",
        "description": "用于社区养老服务项目。",
        "occurred_on": dt.date(2026, 4, 28),
    }
    base.update(overrides)
    return MatterInput(**base)


@pytest.fixture
def orgs(world):
    return SimpleNamespace(
        m1=register(world, name="积玉桥阳光服务中心"),
        m2=register(
            world,
            name="武昌区文化促进会",
            org_type="social_group",
            uscc=next_uscc("social_group"),
            supervisory_unit=world.other_unit,
        ),
        m3=register(world, name="积玉桥社区舞蹈队", org_type="community"),
        m4=register(
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


def _account(world, username: str, org) -> User:
    user = User.objects.create_user(username=username, password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def accounts(world, orgs):
    return SimpleNamespace(
        acct1=_account(world, "acct1", orgs.m1),
        acct2=_account(world, "acct2", orgs.m2),
        acct3=_account(world, "acct3", orgs.m3),
        acct4=_account(world, "acct4", orgs.m4),
        other_unit_officer=User.objects.create_user(
            username="culture_officer",
            password="x",
            role="department_officer",
            agency=world.other_unit,
        ),
    )


@pytest.fixture
def filed(world, orgs, accounts):
    """One filed report per organization."""
    return SimpleNamespace(
        r1=matter_file(
            actor=accounts.acct1, organization=orgs.m1, data=matter_input(), today=TODAY
        ),
        r2=matter_file(
            actor=accounts.acct2,
            organization=orgs.m2,
            data=matter_input(kind="election", title="第二届理事会换届"),
            today=TODAY,
        ),
        r3=matter_file(
            actor=accounts.acct3,
            organization=orgs.m3,
            data=matter_input(
                kind="major_activity",
                title="社区广场舞大赛",
                occurred_on=None,
                planned_on=dt.date(2026, 6, 1),
            ),
            today=TODAY,
        ),
        r4=matter_file(
            actor=accounts.acct4, organization=orgs.m4, data=matter_input(), today=TODAY
        ),
    )
