"""Annual-report fixtures: a few organizations of each route, their accounts, a valid report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from socorg.accounts.models import User
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.services import (
    COMMUNITY_FIELDS,
    annual_report_act,
    annual_report_save,
    annual_report_start,
)
from socorg.registry.models import Organization
from socorg.registry.services import organization_member_link
from tests.world import PASSWORD, World, next_uscc, register

YEAR = 2025
ON_TIME = dt.date(2026, 3, 1)  # before every 2025 deadline (the earliest is 2026-03-31)
D = dt.date

# A consistent report (every total adds up; the party block fits a 联合 branch).
GOOD: dict[str, Any] = {
    "legal_rep_name": "张三",
    "domicile": "武昌区积玉桥街道和平大道1号",
    "income_donations": Decimal("1000.00"),
    "income_membership_fees": Decimal("2000.00"),
    "income_services": Decimal("3000.00"),
    "income_government_grants": Decimal("500.00"),
    "income_sales": Decimal("0"),
    "income_investment": Decimal("100.00"),
    "income_other": Decimal("400.00"),
    "income_total": Decimal("7000.00"),
    "government_purchase_income": Decimal("2500.00"),
    "expense_program": Decimal("5000.00"),
    "expense_admin": Decimal("1000.00"),
    "expense_fundraising": Decimal("200.00"),
    "expense_other": Decimal("300.00"),
    "expense_total": Decimal("6500.00"),
    "assets_total": Decimal("10000.00"),
    "liabilities_total": Decimal("3000.00"),
    "net_assets": Decimal("7000.00"),
    "net_assets_restricted": Decimal("2000.00"),
    "net_assets_unrestricted": Decimal("5000.00"),
    "staff_full_time": 3,
    "staff_part_time": 2,
    "volunteers": 20,
    "general_assemblies": 1,
    "council_meetings": 2,
    "supervisory_meetings": 1,
    "has_party_org": True,
    "party_org_form": "joint",
    "party_members": 2,
    "activities": 12,
    "beneficiaries": 300,
    "public_benefit_spend": Decimal("4000.00"),
    "fee_reduction": Decimal("800.00"),
    "major_matters": ["完成理事会换届"],
    "has_audit_report": False,
}
# The lighter community filing: only its fields, totals adding up over them.
GOOD_COMMUNITY: dict[str, Any] = {
    **{k: v for k, v in GOOD.items() if k in COMMUNITY_FIELDS},
    "income_donations": Decimal("300.00"),
    "income_government_grants": Decimal("500.00"),
    "income_other": Decimal("200.00"),
    "income_total": Decimal("1000.00"),
    "government_purchase_income": Decimal("0"),
    "expense_program": Decimal("700.00"),
    "expense_other": Decimal("100.00"),
    "expense_total": Decimal("800.00"),
    "public_benefit_spend": Decimal("600.00"),
}


def make_org_user(world: World, org: Organization, username: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role="organization", full_name=username
    )
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def orgs(world: World) -> SimpleNamespace:
    """supervised: a 社会服务机构 under the education bureau; direct: a directly registered
    社会团体; community: a 社区社会组织 filed in the first street; other: in the other district."""
    return SimpleNamespace(
        supervised=register(
            world, name="积玉桥阳光服务中心", volunteers=12, domicile="和平大道1号"
        ),
        direct=register(
            world,
            name="武昌区书画协会",
            org_type="social_group",
            uscc=next_uscc("social_group"),
            supervisory_unit=None,
            directly_registered=True,
        ),
        community=register(world, name="积玉桥社区舞蹈队", org_type="community"),
        other=register(
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


@pytest.fixture
def accounts(world: World, orgs: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(
        supervised=make_org_user(world, orgs.supervised, "org_supervised"),
        direct=make_org_user(world, orgs.direct, "org_direct"),
        community=make_org_user(world, orgs.community, "org_community"),
        other=make_org_user(world, orgs.other, "org_other"),
    )


def draft(
    user: User, org: Organization, *, year: int = YEAR, content: dict[str, Any] | None = None
) -> AnnualReport:
    """A saved, consistent draft of ``org``'s report on ``year``."""
    report = annual_report_start(actor=user, organization=org, year=year, today=D(year + 1, 1, 10))
    if content is None:
        content = GOOD_COMMUNITY if org.org_type == "community" else GOOD
    return annual_report_save(actor=user, report=report, content=content)


def submitted(user: User, org: Organization, *, year: int = YEAR) -> AnnualReport:
    report = draft(user, org, year=year)
    return annual_report_act(actor=user, report=report, action="submit", today=D(year + 1, 3, 1))
