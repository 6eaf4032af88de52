"""Building spot-check data through the services, as the real users would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from socorg.accounts.models import User
from socorg.registry.models import Organization
from socorg.spot_checks.models import Campaign, SampledOrganization
from socorg.spot_checks.services import (
    CampaignInput,
    campaign_create,
    campaign_draw,
    finding_record,
    inspectors_assign,
    pool_member_add,
)
from tests.world import PASSWORD, World, register

TODAY = dt.date(2026, 6, 1)


def make_orgs(world: World) -> list[Organization]:
    """Ten active organizations in the district: two types in street 0, one in street 1,
    community organizations in both; plus one in the other district (never in scope)."""
    orgs = [register(world, org_type="social_service") for _ in range(4)]
    orgs += [register(world, org_type="social_group") for _ in range(2)]
    orgs += [register(world, org_type="social_service", street=world.streets[1]) for _ in range(2)]
    orgs += [register(world, org_type="community")]
    orgs += [register(world, org_type="community", street=world.streets[1])]
    return orgs


def make_expert(username: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role="expert", full_name=username
    )


def make_pool(world: World, n: int = 4) -> list[User]:
    """``n`` experts in the district's inspector pool."""
    admin = world.user("district_admin")
    experts = [make_expert(f"inspector{i}") for i in range(n)]
    for expert in experts:
        pool_member_add(actor=admin, user=expert, area=world.district)
    return experts


def campaign_input(world: World, **overrides: Any) -> CampaignInput:
    base: dict[str, Any] = {
        "name": "2026年度社会组织双随机抽查",
        "year": 2026,
        "area": world.district,
        "strata": "type",
        "share": Decimal(5),
    }
    base.update(overrides)
    return CampaignInput(**base)


def make_campaign(world: World, **overrides: Any) -> Campaign:
    return campaign_create(
        actor=world.user("district_admin"), data=campaign_input(world, **overrides), today=TODAY
    )


def drawn_campaign(world: World, **overrides: Any) -> Campaign:
    campaign = make_campaign(world, **overrides)
    return campaign_draw(actor=world.user("district_admin"), campaign=campaign, today=TODAY)


def assigned_campaign(world: World, **overrides: Any) -> Campaign:
    campaign = drawn_campaign(world, **overrides)
    return inspectors_assign(actor=world.user("district_admin"), campaign=campaign, today=TODAY)


def sample_of(campaign: Campaign) -> list[SampledOrganization]:
    return list(
        SampledOrganization.objects.filter(campaign=campaign)
        .select_related("organization", "campaign")
        .prefetch_related("inspectors")
        .order_by("id")
    )


def record_all(campaign: Campaign, *, issues: set[int] = frozenset()) -> None:
    """Every drawn organization's result not yet recorded, recorded by its first inspector; organizations whose
    id is in ``issues`` have issues."""
    for sampled in sample_of(campaign):
        if sampled.finding:
            continue
        inspector = sampled.inspectors.order_by("id").first()
        has_issues = sampled.organization_id in issues
        finding_record(
            actor=inspector,
            sampled=sampled,
            finding="issues" if has_issues else "no_issue",
            finding_text="财务制度不健全，未按规定建立会计账簿。" if has_issues else "",
            checked_on=TODAY,
            today=TODAY,
        )
