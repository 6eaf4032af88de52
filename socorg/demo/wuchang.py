"""Build the demo district (武昌区) through the real services, so events and audit exist.

Areas come from the GB/T 2260 statistical codes (``area_load_divisions``), communities are
added with ``area_create`` by the district administrator, organizations are registered,
changed, converted and terminated with the registry services by the bureau's administrator
(community organizations are filed by their street's officer). Idempotent: reference data is
get-or-create, and organizations are built only when the district has none yet.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from tqdm import tqdm

from socorg.accounts.models import User
from socorg.areas.models import Area
from socorg.areas.services import area_create, area_load_divisions
from socorg.demo.plan import DISTRICT_CODE, STREETS, DemoPlan, OrgSpec, demo_plan
from socorg.demo.reference import (
    DemoAgencies,
    accounts_ensure,
    agencies_ensure,
    domains_ensure,
)
from socorg.registry.models import Organization, ServiceDomain
from socorg.registry.services import (
    EventInput,
    OrganizationInput,
    organization_change,
    organization_convert,
    organization_input_from,
    organization_register,
    organization_terminate,
)

DEFAULT_SEED = 2024
# The organization account belongs to this organization of the plan when it is built.
DEMO_ORG_STREET = "420106001"


@dataclass
class DemoResult:
    organizations: int = 0  # created by this run
    communities: int = 0
    skipped_organizations: bool = False
    seconds: float = 0.0


@dataclass
class _Context:
    district: Area
    streets: dict[str, Area]
    communities: dict[str, Area]
    agencies: DemoAgencies
    domains: dict[str, ServiceDomain]
    admin: User
    street_officers: dict[str, User]


def _input(spec: OrgSpec, ctx: _Context) -> OrganizationInput:
    community = spec.org_type == "community"
    return OrganizationInput(
        name=spec.name,
        org_type=spec.org_type,
        registration_authority=(
            ctx.agencies.offices[spec.street] if community else ctx.agencies.bureau
        ),
        district=ctx.district,
        street=ctx.streets[spec.street],
        community=ctx.communities[spec.community] if spec.community else None,
        uscc=spec.uscc,
        supervisory_unit=ctx.agencies.units[spec.unit] if spec.unit else None,
        directly_registered=not community and not spec.unit,
        legal_rep_name=spec.legal_rep_name,
        legal_rep_id=spec.legal_rep_id,
        contact_person=spec.contact_person,
        contact_phone=spec.contact_phone,
        domicile=spec.domicile,
        founded_on=spec.registered_on,
        registered_on=spec.registered_on,
        registered_funds=spec.registered_funds,
        staff_full_time=spec.staff_full_time,
        staff_part_time=spec.staff_part_time,
        volunteers=spec.volunteers,
        is_charity=spec.is_charity,
        charity_recognized_on=spec.charity_recognized_on,
        public_fundraising=spec.public_fundraising,
        domains=[ctx.domains[c] for c in spec.domains],
    )


def _build_organization(spec: OrgSpec, ctx: _Context) -> Organization:
    """One organization and its history, each step through the registry services."""
    filer = ctx.street_officers[spec.street] if spec.org_type == "community" else ctx.admin
    org = organization_register(
        actor=filer,
        data=_input(spec, ctx),
        event=EventInput(occurred_on=spec.registered_on, document_number=spec.document_number),
    )
    if spec.change_on is not None:
        reason = (
            "法定代表人换届" if "legal_rep_name" in spec.change else "住所变更，提交新的场所证明"
        )
        org = organization_change(
            actor=ctx.admin,
            organization=org,
            data=replace(organization_input_from(org), **spec.change),
            event=EventInput(
                occurred_on=spec.change_on,
                document_number=f"{spec.document_number}（变更）",
                reason=reason,
            ),
        )
    if spec.convert_to and spec.convert_on is not None:
        org = organization_convert(
            actor=ctx.admin,
            organization=org,
            org_type=spec.convert_to,
            uscc_code=spec.convert_uscc,
            registration_authority=ctx.agencies.bureau,
            supervisory_unit=None,
            directly_registered=True,  # 城乡社区服务类: direct registration
            legal_rep_name=org.legal_rep_name,
            event=EventInput(
                occurred_on=spec.convert_on,
                document_number=spec.convert_document,
                reason="符合登记条件，由备案转为登记",
            ),
        )
    if spec.exit_kind and spec.exit_on is not None:
        org = organization_terminate(
            actor=ctx.admin,
            organization=org,
            kind=spec.exit_kind,
            event=EventInput(
                occurred_on=spec.exit_on,
                document_number=spec.exit_document,
                reason=spec.exit_reason,
            ),
        )
    return org


def _demo_organization(plan: DemoPlan) -> Organization | None:
    """The organization the demo organization account belongs to: an active social-work
    centre in 积玉桥街道 (or the first active registered organization of a partial build)."""
    candidates = [
        s
        for s in plan.organizations
        if s.org_type == "social_service" and not s.exit_kind and not s.unit
    ]
    preferred = [s for s in candidates if s.street == DEMO_ORG_STREET] or candidates
    if not preferred:
        return None
    return (
        Organization.objects.filter(name=preferred[0].name, status="registered")
        .order_by("id")
        .first()
    )


def demo_build(
    *,
    seed: int = DEFAULT_SEED,
    streets: int | None = None,
    progress: bool = True,
) -> DemoResult:
    """Build (or complete) the demo district. ``streets`` limits it to the first N streets."""
    started = time.perf_counter()
    result = DemoResult()
    plan = demo_plan(seed)
    codes = list(STREETS)[:streets] if streets else list(STREETS)
    plan = plan.for_streets(set(codes))
    with transaction.atomic():
        area_load_divisions(actor=None, prefixes=[DISTRICT_CODE])
        district = Area.objects.get(code=DISTRICT_CODE, valid_to__isnull=True)
        street_areas = {
            a.code: a
            for a in Area.objects.filter(
                parent=district, level=Area.Level.STREET, valid_to__isnull=True
            )
        }
        domains = domains_ensure()
        agencies = agencies_ensure(district=district, streets=street_areas)
        users = accounts_ensure(agencies=agencies)
        admin = users["admin"]
        communities = {
            a.code: a
            for a in Area.objects.filter(
                parent__parent=district, level=Area.Level.COMMUNITY, valid_to__isnull=True
            )
        }
        for street_code, rows in plan.communities.items():
            for code, name in rows:
                if code not in communities:
                    communities[code] = area_create(
                        actor=admin, code=code, name=name, parent=street_areas[street_code]
                    )
                    result.communities += 1
        accounts_ensure(agencies=agencies)  # the community officer needs its community

        if Organization.objects.filter(district=district).exists():
            result.skipped_organizations = True
        else:
            officers = {
                u.area.code: u
                for u in User.objects.filter(
                    role="street_officer", area__parent=district
                ).select_related("area")
            }
            ctx = _Context(
                district,
                street_areas,
                communities,
                agencies,
                domains,
                admin,
                officers,
            )
            bar: Any = tqdm(
                plan.organizations, desc="武昌区演示数据", unit="org", disable=not progress
            )
            for spec in bar:
                _build_organization(spec, ctx)
                result.organizations += 1
        accounts_ensure(agencies=agencies, organization=lambda: _demo_organization(plan))
    result.seconds = time.perf_counter() - started
    return result
