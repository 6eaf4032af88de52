"""Evaluation fixtures: organizations with their accounts and last year's annual report, rounds
opened under either rule set, experts, and a round driven to any state through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from socorg.accounts.models import User
from socorg.annual_reports.services import annual_report_act, annual_report_start
from socorg.evaluation import services
from socorg.evaluation.models import Application, EvaluationRound, ExpertAssignment
from socorg.registry.models import Organization
from socorg.registry.services import organization_member_link
from tests.world import PASSWORD, World, next_uscc, register

D = dt.date
REGISTERED = D(2021, 3, 1)  # two full years before any round here
OLD_OPEN = D(2025, 6, 2)  # a round under 民政部令第39号; last year's report = 2024
NEW_OPEN = D(2026, 6, 1)  # a round under the 2026 rule; last year's report = 2025


def sheet(total: int | str, third: str = "business") -> dict[str, str]:
    """A score sheet adding up to ``total`` (spread by the indicators' weights)."""
    total = Decimal(str(total))
    weights = {"basic": 150, "governance": 300, third: 300, "social": 150, "party": 100}
    sheet = {code: (total * w / 1000).quantize(Decimal("0.01")) for code, w in weights.items()}
    sheet["governance"] += total - sum(sheet.values())
    return {code: str(points) for code, points in sheet.items()}


def account(world: World, org: Organization, username: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role="organization", full_name=username
    )
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


def expert(username: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role="expert", full_name=username
    )


def file_report(
    world: World, org: Organization, user: User, year: int, *, conclusion: str = ""
) -> None:
    """Last year's report, submitted on time; concluded when ``conclusion`` is given."""
    report = annual_report_start(actor=user, organization=org, year=year, today=D(year + 1, 1, 10))
    report = annual_report_act(actor=user, report=report, action="submit", today=D(year + 1, 3, 1))
    if conclusion:
        annual_report_act(
            actor=world.user("district_admin"),
            report=report,
            action=f"conclude_{conclusion}",
            note="审查意见",
            today=D(year + 1, 4, 1),
        )


@dataclass
class Applicant:
    org: Organization
    user: User


_names = iter(range(1, 10_000))


def applicant(
    world: World,
    *,
    registered_on: dt.date = REGISTERED,
    reports: tuple[int, ...] = (2024, 2025),
    org_type: str = "social_service",
    **overrides: Any,
) -> Applicant:
    """A directly registered organization in the first street with its account and reports."""
    n = next(_names)
    org = register(
        world,
        on=registered_on,
        name=overrides.pop("name", f"武昌区评估测试中心{n}"),
        org_type=org_type,
        uscc=overrides.pop("uscc", None) or next_uscc(org_type),
        supervisory_unit=None,
        directly_registered=True,
        **overrides,
    )
    user = account(world, org, f"eval_org_{n}")
    for year in reports:
        if D(year, 6, 30) >= registered_on:
            file_report(world, org, user, year)
    return Applicant(org, user)


def open_round(world: World, opened_on: dt.date, *, days: int = 30) -> EvaluationRound:
    admin = world.user("district_admin")
    round_ = services.round_create(
        actor=admin,
        name=f"{opened_on.year} 年度社会组织等级评估",
        year=opened_on.year,
        opened_on=opened_on,
        application_deadline=opened_on + dt.timedelta(days=days),
    )
    return services.round_open(actor=admin, round_=round_, today=opened_on)


def apply(round_: EvaluationRound, who: Applicant, on: dt.date | None = None) -> Application:
    return services.application_submit(
        actor=who.user, round_=round_, organization=who.org, today=on or round_.opened_on
    )


def assign(world: World, application: Application, user: User, on: dt.date) -> ExpertAssignment:
    return services.expert_assign(
        actor=world.user("district_admin"), application=application, expert=user, today=on
    )


def to_scoring(world: World, round_: EvaluationRound) -> EvaluationRound:
    return services.round_start_scoring(
        actor=world.user("district_admin"), round_=round_, today=round_.application_deadline
    )


@pytest.fixture
def admin(world: World) -> User:
    return world.user("district_admin")


@pytest.fixture
def experts(db: Any) -> list[User]:
    return [expert("expert_a"), expert("expert_b")]
