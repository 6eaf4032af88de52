"""Dormancy fixtures: a small district whose organizations show each signal, built through the
registry, annual-report and credit services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from socorg.accounts.models import User
from socorg.annual_reports.services import (
    annual_report_act,
    annual_report_save,
    annual_report_start,
)
from socorg.annual_reports.tests.conftest import GOOD
from socorg.credit.services import unreachable_letter_record
from socorg.registry.models import Organization
from socorg.registry.services import organization_member_link
from tests.world import PASSWORD, World, register

D = dt.date
TODAY = D(2026, 11, 1)  # every 2025 report deadline has passed
REGISTERED = D(2022, 8, 1)  # after the 2022 cut-off: the first report is on 2023

MONEY = [name for name, value in GOOD.items() if isinstance(value, Decimal)]
ZERO: dict[str, Any] = {**GOOD, **dict.fromkeys(MONEY, Decimal("0"))}


def org_user(world: World, org: Organization) -> User:
    user = User.objects.filter(organization_membership__organization=org).first()
    if user is None:
        user = User.objects.create_user(
            username=f"org{org.pk}", password=PASSWORD, role="organization", full_name=org.name
        )
        organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


def file_report(world: World, org: Organization, year: int, content: dict[str, Any] = GOOD) -> None:
    """The organization files its report on ``year`` on 1 March of the next year."""
    user = org_user(world, org)
    report = annual_report_start(actor=user, organization=org, year=year, today=D(year + 1, 1, 10))
    report = annual_report_save(actor=user, report=report, content=content)
    annual_report_act(actor=user, report=report, action="submit", today=D(year + 1, 3, 1))


def letter(world: World, org: Organization, *, unsigned: bool = True) -> None:
    unreachable_letter_record(
        actor=world.user("district_admin"),
        organization=org,
        sent_on=D(2026, 9, 1),
        returned_unsigned=unsigned,
        outcome_on=D(2026, 9, 20),
        tracking_number=f"XA{org.pk:08d}",
        today=TODAY,
    )


@pytest.fixture
def district(world: World) -> SimpleNamespace:
    """First street: zombie (2023 report with zero finances, 2024 and 2025 missed), drifting
    (2025 missed), healthy (every report), unreachable (every report, a letter came back
    unsigned). Second street: silent (never filed anything)."""
    orgs = SimpleNamespace(
        zombie=register(world, name="积玉桥沉寂服务中心", on=REGISTERED),
        drifting=register(world, name="积玉桥渐弱服务中心", on=REGISTERED),
        healthy=register(world, name="积玉桥活跃服务中心", on=REGISTERED),
        unreachable=register(world, name="积玉桥失联服务中心", on=REGISTERED),
        silent=register(world, name="杨园无声服务中心", on=REGISTERED, street=world.streets[1]),
    )
    file_report(world, orgs.zombie, 2023, ZERO)
    for year in (2023, 2024):
        file_report(world, orgs.drifting, year)
    for org in (orgs.healthy, orgs.unreachable):
        for year in (2023, 2024, 2025):
            file_report(world, org, year)
    letter(world, orgs.unreachable)
    return orgs
