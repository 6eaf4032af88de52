"""Party organizations and major-matter reports of the demo, through their services.

About half of the registered organizations have a party organization on record (单独组建 with
three members or more, 联合 hosts covering two or three small neighbours, 功能型), a few have
three members or more and none (the "应建未建" list), some have an instructor; a small share of
community organizations are covered by a joint branch their street office records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from socorg.matters.models import MajorMatter
from socorg.matters.services import MatterInput, matter_acknowledge, matter_file
from socorg.party.services import (
    PartyOrganizationInput,
    party_instructor_assign,
    party_organization_record,
)
from socorg.registry.models import Organization
from socorg.supervision.demo.context import COMMUNITY, DemoContext

D = dt.date
SINGLE_SHARE = 0.20
JOINT_HOST_SHARE = 0.08
FUNCTIONAL_SHARE = 0.08
MISSING_SHARE = 0.05  # three members or more, no party organization
INSTRUCTOR_SHARE = 0.10
COMMUNITY_JOINT_SHARE = 0.03
SECRETARIES = (
    "王建华",
    "李红梅",
    "张志强",
    "刘晓东",
    "陈丽",
    "杨帆",
    "赵敏",
    "黄伟",
    "周洁",
    "吴刚",
)
INSTRUCTORS = ("胡建国", "郑秀英", "孙立新", "马莉", "朱海波")
MATTERS = (
    ("election", "第三届理事会换届选举", "按章程完成换届，选举产生新一届理事会和监事。"),
    (
        "major_activity",
        "社区公益服务月活动",
        "联合辖区社区开展为期一个月的公益服务，预计参与 800 人次。",
    ),
    ("large_donation", "接受企业定向捐赠 30 万元", "用于困境儿童助学项目，已签订捐赠协议。"),
    (
        "legal_rep_change",
        "法定代表人变更",
        "原法定代表人因工作调动辞任，理事会选举新的法定代表人。",
    ),
    ("foreign_affairs", "接待港澳同行交流访问", "接待香港社会服务机构来访交流，为期两天。"),
)


def _record(
    ctx: DemoContext, org: Organization, day: dt.date, data: PartyOrganizationInput
) -> None:
    actor = ctx.cast.admin if org.org_type != COMMUNITY else ctx.cast.street_officer(org.street_id)
    party_organization_record(actor=actor, organization=org, data=data, today=day)
    ctx.add("party_records")


def _established(
    ctx: DemoContext,
    org: Organization,
    form: str,
    members: int,
    covered: Sequence[Organization] = (),
) -> PartyOrganizationInput:
    rng = ctx.rng
    return PartyOrganizationInput(
        form=form,
        level="branch",
        name=f"{org.name}{'联合' if form == 'joint' else ''}党支部"[:100],
        full_members=members,
        secretary_name=rng.choice(SECRETARIES),
        established_on=ctx.day_in(D(2015, 1, 1), D(ctx.today.year - 3, 12, 31)),
        charter_includes_party_building=rng.random() < 0.7,
        covered_organizations=tuple(covered),
    )


def plan_party(ctx: DemoContext) -> None:
    """Decide every organization's party block (read by the annual reports) and schedule the
    records: verified on a day of the older report year's inspection season."""
    rng = ctx.rng
    older, _latest = ctx.report_years
    verified_from, verified_to = D(older + 1, 1, 2), D(older + 1, 1, 5)
    registered = ctx.active(registered=True)
    free = list(registered)
    rng.shuffle(free)
    n = len(registered)
    counts = [
        ("single", round(n * SINGLE_SHARE)),
        ("joint", round(n * JOINT_HOST_SHARE)),
        ("functional", round(n * FUNCTIONAL_SHARE)),
        ("missing", round(n * MISSING_SHARE)),
    ]
    for kind, k in counts:
        for _i in range(k):
            if not free:
                break
            org = free.pop()
            day = ctx.day_in(verified_from, verified_to)
            if kind == "single":
                members = rng.randint(3, 15)
                data = _established(ctx, org, "single", members)
            elif kind == "functional":
                members = rng.randint(1, 4)
                data = _established(ctx, org, "functional", members)
            elif kind == "missing":
                members = rng.randint(3, 6)
                data = PartyOrganizationInput(form="none", full_members=members)
            else:
                covered = [free.pop() for _j in range(min(len(free), rng.randint(1, 3)))]
                members = rng.randint(3, 6)
                data = _established(ctx, org, "joint", members, covered)
                for other in covered:
                    ctx.party[other.pk] = ("joint", rng.randint(0, 2))
            ctx.party[org.pk] = ("none" if kind == "missing" else kind, members)
            ctx.timeline.at(day, lambda d, o=org, x=data: _record(ctx, o, d, x), "党组织")
    for org in free[: round(n * INSTRUCTOR_SHARE)]:
        day = ctx.day_in(D(older + 1, 2, 1), D(older + 1, 6, 30))
        ctx.timeline.at(day, lambda d, o=org: _instructor(ctx, o, d), "党建指导员")
    _plan_community(ctx, verified_from, verified_to)


def _plan_community(ctx: DemoContext, start: dt.date, end: dt.date) -> None:
    rng = ctx.rng
    by_street: dict[int, list[Organization]] = {}
    for org in ctx.active(registered=False):
        by_street.setdefault(org.street_id, []).append(org)
    for orgs in by_street.values():
        rng.shuffle(orgs)
        for _i in range(round(len(orgs) * COMMUNITY_JOINT_SHARE)):
            if len(orgs) < 3:
                break
            host, covered = orgs.pop(), [orgs.pop(), orgs.pop()]
            data = _established(ctx, host, "joint", rng.randint(3, 5), covered)
            ctx.party[host.pk] = ("joint", data.full_members)
            for other in covered:
                ctx.party[other.pk] = ("joint", rng.randint(0, 2))
            day = ctx.day_in(start, end)
            ctx.timeline.at(day, lambda d, o=host, x=data: _record(ctx, o, d, x), "联合党支部")


def _instructor(ctx: DemoContext, org: Organization, day: dt.date) -> None:
    party_instructor_assign(
        actor=ctx.cast.admin,
        organization=org,
        role="instructor",
        person_name=ctx.rng.choice(INSTRUCTORS),
        assigned_on=day,
        today=day,
    )
    ctx.add("party_instructors")


def plan_matters(ctx: DemoContext) -> None:
    """A handful of major-matter reports; most acknowledged a few days later."""
    rng = ctx.rng
    older, _latest = ctx.report_years
    candidates = [o for o in ctx.active(registered=True) if o.pk not in ctx.zombies]
    chosen = rng.sample(candidates, min(len(candidates), 15))
    for org in sorted(chosen, key=lambda o: o.pk):
        kind, title, description = rng.choice(MATTERS)
        filed = ctx.day_in(D(older + 1, 1, 10), ctx.today - dt.timedelta(days=3))
        holder: dict[str, MajorMatter] = {}

        def file(
            day: dt.date,
            org: Organization = org,
            kind: str = kind,
            title: str = title,
            description: str = description,
            holder: dict[str, MajorMatter] = holder,
        ) -> None:
            holder["matter"] = matter_file(
                actor=ctx.cast.org_user(org),
                organization=org,
                data=MatterInput(kind=kind, title=title, description=description, occurred_on=day),
                today=day,
            )
            ctx.add("matters")

        ctx.timeline.at(filed, file, "重大事项")
        if rng.random() < 0.7:
            acknowledged = filed + dt.timedelta(days=rng.randint(1, 10))

            def acknowledge(
                day: dt.date, org: Organization = org, holder: dict[str, MajorMatter] = holder
            ) -> None:
                actor = (
                    ctx.cast.unit_officer(org.supervisory_unit_id)
                    if org.supervisory_unit_id
                    else ctx.cast.admin
                )
                matter_acknowledge(actor=actor, matter=holder["matter"], note="已知悉。")

            ctx.timeline.at(acknowledged, acknowledge, "确认重大事项")
