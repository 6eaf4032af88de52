"""Annual reports of the demo's two report years, through the annual-report services.

Registered organizations file online (their own account), are pre-reviewed by their
supervisory unit where they have one, and concluded by the bureau: most 合格, some 基本合格, a
few 不合格; the latest year still has a few awaiting review. Community organizations file the
lighter yearly report through their community's officer and the street office accepts it. A few
registered organizations stop filing (the zombies: both years missed) or miss the latest year;
a few community organizations miss a year. Everyone else files on time, so the inspection rate
is above 90% and the ones who missed are listed (A1) once their deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.selectors import organizations_required, report_due
from socorg.annual_reports.services import (
    annual_report_act,
    annual_report_save,
    annual_report_start,
)
from socorg.registry.models import Organization
from socorg.supervision.demo.context import COMMUNITY, DemoContext

D = dt.date
ZOMBIE_SHARE = 0.045  # of registered organizations: stop filing (both years missed)
DRIFTER_SHARE = 0.015  # miss the latest report year only
COMMUNITY_MISSED_SHARE = 0.04  # community organizations missing a year
FAIL_SHARE = 0.025
BASIC_PASS_SHARE = 0.08
PENDING_SHARE = 0.06  # latest year: still under review
PENDING_ACCEPT_SHARE = 0.12  # latest year, community filings: not yet accepted

BASIC_PASS_NOTES = (
    "理事会会议记录不完整，限期补正。",
    "财务报告附注不全，已责令补充说明。",
    "未按章程按期召开会员代表大会，已责令限期整改。",
)
FAIL_NOTES = (
    "年内未开展章程规定的业务活动，且财务管理混乱。",
    "存在以组织名义违规收费的情形，情节较重。",
)

# Income scale by type (yuan): registered bodies are larger than community groups.
INCOME_RANGE = {
    "social_service": (60_000, 900_000),
    "social_group": (20_000, 400_000),
    "foundation": (400_000, 6_000_000),
    COMMUNITY: (0, 12_000),
}


def _yuan(value: float) -> Decimal:
    return Decimal(int(value))


def report_content(ctx: DemoContext, org: Organization, party: tuple[str, int]) -> dict[str, Any]:
    """A consistent report: lines add up to totals, net assets = assets - liabilities, the
    party block matches the party organization on record."""
    rng = ctx.rng
    low, high = INCOME_RANGE[org.org_type]
    total = _yuan(rng.uniform(low, high))
    form, members = party
    content: dict[str, Any] = {
        "has_party_org": form in ("single", "joint", "functional"),
        "party_org_form": form if form in ("single", "joint", "functional") else "",
        "party_members": members,
        "activities": rng.randint(3, 40),
        "beneficiaries": rng.randint(30, 3000),
    }
    if org.org_type == COMMUNITY:
        grants = _yuan(float(total) * rng.uniform(0, 0.5))
        donations = _yuan(float(total - grants) * rng.uniform(0.3, 0.9))
        income = {
            "income_donations": donations,
            "income_government_grants": grants,
            "income_other": total - grants - donations,
        }
        spent = _yuan(float(total) * rng.uniform(0.7, 1.0))
        program = _yuan(float(spent) * rng.uniform(0.8, 1.0))
        expense = {"expense_program": program, "expense_other": spent - program}
        purchase = Decimal(0)
    else:
        grants = _yuan(float(total) * rng.uniform(0, 0.25))
        services = _yuan(float(total - grants) * rng.uniform(0.2, 0.7))
        fees = (
            _yuan(float(total - grants - services) * rng.uniform(0.3, 0.8))
            if org.org_type == "social_group"
            else Decimal(0)
        )
        investment = _yuan(float(total) * rng.uniform(0, 0.03))
        rest = total - grants - services - fees - investment
        donations = _yuan(float(rest) * rng.uniform(0.5, 1.0))
        income = {
            "income_donations": donations,
            "income_membership_fees": fees,
            "income_services": services,
            "income_government_grants": grants,
            "income_sales": Decimal(0),
            "income_investment": investment,
            "income_other": rest - donations,
        }
        spent = _yuan(float(total) * rng.uniform(0.75, 1.05))
        program = _yuan(float(spent) * rng.uniform(0.65, 0.85))
        admin = _yuan(float(spent - program) * rng.uniform(0.6, 0.9))
        fundraising = _yuan(float(spent - program - admin) * rng.uniform(0, 0.5))
        expense = {
            "expense_program": program,
            "expense_admin": admin,
            "expense_fundraising": fundraising,
            "expense_other": spent - program - admin - fundraising,
        }
        purchase = min(services + grants, _yuan(float(services) * rng.uniform(0, 0.8)))
        content.update(
            general_assemblies=1 if org.org_type == "social_group" else 0,
            council_meetings=rng.randint(1, 4),
            supervisory_meetings=rng.randint(0, 2),
            fee_reduction=_yuan(float(fees) * rng.uniform(0, 0.1)),
            has_audit_report=org.org_type == "foundation" or rng.random() < 0.3,
        )
    assets = _yuan(float(total) * rng.uniform(0.4, 2.0)) + Decimal(1000)
    liabilities = _yuan(float(assets) * rng.uniform(0.05, 0.4))
    net = assets - liabilities
    content.update(
        income,
        income_total=total,
        government_purchase_income=purchase,
        **expense,
        expense_total=spent,
        assets_total=assets,
        liabilities_total=liabilities,
        net_assets=net,
        public_benefit_spend=expense["expense_program"],
        volunteers=org.volunteers or rng.randint(0, 30),
    )
    if org.org_type != COMMUNITY:
        restricted = _yuan(float(net) * rng.uniform(0, 0.4)) if net > 0 else Decimal(0)
        content.update(net_assets_restricted=restricted, net_assets_unrestricted=net - restricted)
    return content


class _Filing:
    """One report's life: start and save the draft, submit, (初审), conclusion or acceptance."""

    def __init__(self, ctx: DemoContext, org: Organization, year: int) -> None:
        self.ctx, self.org, self.year = ctx, org, year
        self.report: AnnualReport | None = None

    def file(self, day: dt.date) -> None:
        ctx, org = self.ctx, self.org
        community = org.org_type == COMMUNITY
        actor = (
            ctx.cast.community_officer(org.community_id)
            if community and org.community_id
            else ctx.cast.org_user(org)
        )
        report = annual_report_start(actor=actor, organization=org, year=self.year, today=day)
        content = report_content(ctx, org, ctx.party.get(org.pk, ("", 0)))
        report = annual_report_save(actor=actor, report=report, content=content)
        self.report = annual_report_act(actor=actor, report=report, action="submit", today=day)
        ctx.add("reports_filed")

    def act(self, day: dt.date, action: str, actor: Any, note: str = "") -> None:
        if self.report is None:
            return
        self.report = annual_report_act(
            actor=actor, report=self.report, action=action, note=note, today=day
        )


def _required(ctx: DemoContext, year: int) -> set[int]:
    district = Organization.objects.filter(pk__in=list(ctx.orgs))
    return set(
        organizations_required(year=year, organizations=district).values_list("id", flat=True)
    )


def plan_reports(ctx: DemoContext) -> None:
    """Pick who stops filing, then schedule every other required report of both years."""
    older, latest = ctx.report_years
    required = {year: _required(ctx, year) for year in (older, latest)}
    registered = [
        o
        for o in ctx.active(registered=True)
        if o.pk in required[older]
        and o.pk in required[latest]
        and o.org_type != "foundation"
        and (o.registered_on or D.min) <= D(older - 3, 1, 1)
    ]
    n = len(registered)
    ctx.zombies = [o.pk for o in ctx.pick(registered, max(2, round(n * ZOMBIE_SHARE)))]
    ctx.drifters = [o.pk for o in ctx.pick(registered, max(1, round(n * DRIFTER_SHARE)))]
    missing = {older: set(ctx.zombies), latest: set(ctx.zombies) | set(ctx.drifters)}
    for year in (older, latest):
        community = sorted(pk for pk in required[year] if ctx.orgs[pk].org_type == COMMUNITY)
        missed = ctx.rng.sample(community, round(len(community) * COMMUNITY_MISSED_SHARE))
        missing[year].update(missed)
    for year in (older, latest):
        for pk in sorted(required[year]):
            if pk in missing[year]:
                ctx.add(f"reports_missed_{year}")
                continue
            org = ctx.orgs[pk]
            if org.org_type == COMMUNITY:
                _plan_community(ctx, org, year, latest=year == latest)
            else:
                _plan_registered(ctx, org, year, latest=year == latest)


def _plan_community(ctx: DemoContext, org: Organization, year: int, *, latest: bool) -> None:
    filing = _Filing(ctx, org, year)
    due = report_due(org, year).submission
    filed = ctx.day_in(D(year + 1, 1, 6), due - dt.timedelta(days=5))
    ctx.timeline.at(filed, filing.file, "community report")
    if latest and ctx.rng.random() < PENDING_ACCEPT_SHARE:
        return
    accepted = filed + dt.timedelta(days=ctx.rng.randint(3, 30))
    officer = ctx.cast.street_officer(org.street_id)
    ctx.timeline.at(accepted, lambda day: filing.act(day, "accept", officer), "accept")


def _plan_registered(ctx: DemoContext, org: Organization, year: int, *, latest: bool) -> None:
    rng = ctx.rng
    filing = _Filing(ctx, org, year)
    due = report_due(org, year)
    filed = ctx.day_in(D(year + 1, 1, 6), due.submission - dt.timedelta(days=4))
    ctx.timeline.at(filed, filing.file, "report")
    reviewed = filed
    if org.supervisory_unit_id:
        if latest and rng.random() < PENDING_SHARE / 2:
            return  # still with the supervisory unit
        reviewed = filed + dt.timedelta(days=rng.randint(2, 12))
        officer = ctx.cast.unit_officer(org.supervisory_unit_id)
        ctx.timeline.at(reviewed, lambda day: filing.act(day, "pre_approve", officer), "初审")
    if latest and rng.random() < PENDING_SHARE:
        return  # awaiting the bureau's conclusion
    start = max(reviewed + dt.timedelta(days=10), D(year + 1, 4, 1))
    end = D(year + 1, 6, 10) if not latest else D(year + 1, 8, 31)
    concluded = ctx.day_in(start, max(start, end))
    draw = rng.random()
    admin = ctx.cast.admin
    if draw < FAIL_SHARE:
        note = rng.choice(FAIL_NOTES)
        ctx.failed.add(org.pk)
        ctx.timeline.at(
            concluded, lambda day: filing.act(day, "conclude_fail", admin, note), "不合格"
        )
    elif draw < FAIL_SHARE + BASIC_PASS_SHARE:
        note = rng.choice(BASIC_PASS_NOTES)
        ctx.timeline.at(
            concluded, lambda day: filing.act(day, "conclude_basic_pass", admin, note), "基本合格"
        )
    else:
        if not latest and concluded <= D(year + 1, 6, 10):
            ctx.good.append(org.pk)
        ctx.timeline.at(concluded, lambda day: filing.act(day, "conclude_pass", admin), "合格")
