"""The demo district on paper: every organization of 武昌区 and what happens to it (pure).

Figures from the district's 2024 report to the people's congress (关于武昌区社会组织参与基层
治理工作情况的报告, 2024-08-29): 530 registered organizations today (446 社会服务机构, 82 社会
团体, 2 基金会), 2,934 community social organizations (about 20 per community), 79 deregistered
and 165 revoked over the years, staff mostly part-time, domains concentrated in culture,
education and sports.

Choice recorded here: the 530 and 2,934 are the organizations *active today*. The 79 注销 and
165 撤销 are cumulative exits, so they are added on top as organizations that were registered
and later left the register (530 + 244 registered-type rows). Six community organizations are
converted to registration (转为登记) and count among the 530; 2,940 are filed so that 2,934
remain filed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from socorg.demo import names
from socorg.registry.rules.uscc import TYPE_DIGITS, make_uscc

DISTRICT_CODE = "420106"
REPORT_DATE = dt.date(2024, 8, 29)
LAST_EVENT = dt.date(2024, 8, 20)  # every event of the demo happens before the report
FIRST_REGISTRATION = dt.date(2005, 1, 1)

# Active today, by type (the report's figures).
ACTIVE_BY_TYPE = {"social_service": 446, "social_group": 82, "foundation": 2}
COMMUNITY_ACTIVE = 2934
DEREGISTERED = 79
REVOKED = 165
# Community organizations converted to registration, by the type they become.
CONVERSIONS = (
    "social_group",
    "social_service",
    "social_group",
    "social_service",
    "social_group",
    "social_service",
)
CHANGES = 60  # change-registration events on active registered organizations
CHARITIES = 8

# Ordinary streets (the 东湖风景区 unit 420106490 is a statistical unit, not a street office).
STREETS: dict[str, tuple[str, str]] = {  # code → (pinyin for usernames, name)
    "420106001": ("jiyuqiao", "积玉桥街道"),
    "420106002": ("yangyuan", "杨园街道"),
    "420106003": ("xujiapeng", "徐家棚街道"),
    "420106005": ("liangdao", "粮道街道"),
    "420106006": ("zhonghualu", "中华路街道"),
    "420106007": ("huanghelou", "黄鹤楼街道"),
    "420106008": ("ziyang", "紫阳街道"),
    "420106009": ("baishazhou", "白沙洲街道"),
    "420106010": ("shouyilu", "首义路街道"),
    "420106011": ("zhongnanlu", "中南路街道"),
    "420106012": ("shuiguohu", "水果湖街道"),
    "420106013": ("luojiashan", "珞珈山街道"),
    "420106014": ("shidong", "石洞街道"),
    "420106015": ("nanhu", "南湖街道"),
}
SCENIC_UNIT = "420106490"
# The report: 13 streets have set up a 社区社会组织联合会; the demo leaves 石洞 without one.
FEDERATION_STREETS = tuple(c for c in STREETS if c != "420106014")

# The two foundations: (name tail, domains, supervisory unit key).
FOUNDATIONS = (
    ("楚才教育基金会", ("education", "charity"), "edu"),
    ("黄鹤慈善基金会", ("charity",), ""),
)

REVOCATION_REASONS = (
    ("连续两年未参加年度检查，经责令限期改正逾期不改。", "社团条例第三十条；民非条例第二十五条"),
    ("成立后一年内未开展活动，属“僵尸型”社会组织。", "社团条例第二十九条"),
    ("住所无法联系，登记事项与实际严重不符。", "社团条例第三十条；民非条例第二十五条"),
)
DEREGISTRATION_REASONS = (
    "完成清算，申请注销登记。",
    "举办者决定终止办学，清算完毕。",
    "业务主管单位同意，自行解散并完成清算。",
    "与其他组织合并，清算完毕。",
)


@dataclass
class OrgSpec:
    """One organization of the demo and its history."""

    key: int
    org_type: str  # the type it is registered (or filed) as
    name: str
    street: str  # street code
    community: str | None  # community code (12 digits)
    domains: tuple[str, ...]
    unit: str  # supervisory unit key, "" when directly registered (or community)
    legal_rep_name: str
    legal_rep_id: str | None
    contact_person: str
    contact_phone: str
    domicile: str
    registered_on: dt.date
    registered_funds: Decimal | None
    staff_full_time: int
    staff_part_time: int
    volunteers: int
    uscc: str = ""
    document_number: str = ""
    is_charity: bool = False
    charity_recognized_on: dt.date | None = None
    public_fundraising: bool = False
    # What happens later: one change, then perhaps an exit or a conversion.
    change_on: dt.date | None = None
    change: dict[str, str] = field(default_factory=dict)
    exit_kind: str = ""  # "deregistration" | "revocation"
    exit_on: dt.date | None = None
    exit_reason: str = ""
    exit_document: str = ""
    convert_to: str = ""
    convert_on: dt.date | None = None
    convert_uscc: str = ""
    convert_document: str = ""


@dataclass
class DemoPlan:
    communities: dict[str, list[tuple[str, str]]]  # street code → [(code, name)]
    organizations: list[OrgSpec]

    def for_streets(self, streets: set[str]) -> DemoPlan:
        """The part of the plan in some streets (tests build a small district quickly)."""
        return DemoPlan(
            {s: c for s, c in self.communities.items() if s in streets},
            [o for o in self.organizations if o.street in streets],
        )


def community_codes() -> dict[str, list[tuple[str, str]]]:
    """Each street's communities: 12-digit code (street code + 3 digits) and name."""
    return {
        street: [
            (f"{street}{i:03d}", f"{stem}社区")
            for i, stem in enumerate(names.WUCHANG_COMMUNITIES[street], start=1)
        ]
        for street in STREETS
    }


class _Bodies:
    """Distinct 8-character organization-code bodies: "MJ" and six digits."""

    def __init__(self, rng: random.Random) -> None:
        self._numbers = iter(rng.sample(range(100000, 1000000), 5000))

    def uscc(self, org_type: str) -> str:
        return make_uscc(
            type_digit=TYPE_DIGITS[org_type],
            authority_code=DISTRICT_CODE,
            body8=f"MJ{next(self._numbers):06d}",
        )


def _staff(rng: random.Random, tail: str) -> tuple[int, int, int]:
    """Mostly part-time staff (the report, 问题（三）); schools and care homes employ more."""
    if any(k in tail for k in ("学校", "幼儿园", "老年公寓", "门诊部", "托养", "康复")):
        return rng.randint(3, 25), rng.randint(2, 12), rng.randint(0, 20)
    return rng.choice((0, 0, 0, 1, 1, 2, 3)), rng.randint(2, 18), rng.randint(5, 120)


def _funds(rng: random.Random, org_type: str) -> Decimal:
    if org_type == "social_group":
        return Decimal(rng.choice((30000, 30000, 50000, 50000, 100000)))
    return Decimal(rng.choice((30000, 50000, 50000, 100000, 100000, 200000, 300000, 500000)))


def _street_weights() -> list[tuple[str, int]]:
    # Central, older streets hold more organizations; weights are a judgment, not data.
    w = {"420106012": 14, "420106011": 12, "420106010": 11, "420106015": 12, "420106013": 9}
    return [(code, w.get(code, 7)) for code in STREETS]


def _person(rng: random.Random, with_id: bool = True) -> tuple[str, str | None]:
    return names.person_name(rng), names.id_number(rng) if with_id else None


def demo_plan(seed: int = 2024) -> DemoPlan:
    """Every organization of the demo district, deterministic for a seed."""
    rng = random.Random(seed)
    bodies = _Bodies(rng)
    communities = community_codes()
    specs: list[OrgSpec] = []
    used: set[str] = set()
    doc_seq: dict[str, int] = {}

    def doc(prefix: str, day: dt.date) -> str:
        doc_seq[f"{prefix}{day.year}"] = doc_seq.get(f"{prefix}{day.year}", 0) + 1
        return f"{prefix}〔{day.year}〕{doc_seq[f'{prefix}{day.year}']}号"

    def unique(make: Callable[[], str]) -> str:
        for _ in range(1000):
            name = make()
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("name space exhausted")

    street_weights = _street_weights()

    def registered(org_type: str, start: dt.date, end: dt.date) -> OrgSpec:
        street = names.weighted(rng, street_weights)
        if org_type == "social_service":
            kinds = names.SOCIAL_SERVICE_KINDS
            tail, domains, unit, _w = rng.choices(kinds, weights=[k[3] for k in kinds])[0]
            prefix = "武昌区" if rng.random() < 0.8 else "武汉市武昌区"
            name = unique(lambda: prefix + rng.choice(names.STEMS) + tail)
        elif org_type == "social_group":
            subjects = [s for s in names.SOCIAL_GROUP_NAMES if "武汉市武昌区" + s[0] not in used]
            tail, domains, unit = rng.choice(subjects)
            name = unique(lambda: "武汉市武昌区" + tail)
        else:
            tail, domains, unit = next(f for f in FOUNDATIONS if "武汉市武昌区" + f[0] not in used)
            name = unique(lambda: "武汉市武昌区" + tail)
        day = names.random_date(rng, start, end)
        rep, rep_id = _person(rng)
        full, part, vol = _staff(rng, tail)
        spec = OrgSpec(
            key=len(specs),
            org_type=org_type,
            name=name,
            street=street,
            community=None,
            domains=domains,
            unit=unit,
            legal_rep_name=rep,
            legal_rep_id=rep_id,
            contact_person=rep if rng.random() < 0.5 else names.person_name(rng),
            contact_phone=names.mobile(rng) if rng.random() < 0.7 else names.landline(rng),
            domicile=names.wuchang_domicile(rng, street),
            registered_on=day,
            registered_funds=_funds(rng, org_type),
            staff_full_time=full,
            staff_part_time=part,
            volunteers=vol,
            uscc=bodies.uscc(org_type),
            document_number=doc("武昌民登", day),
        )
        specs.append(spec)
        return spec

    # 1. Street federations of community organizations (社会团体, directly registered).
    for street in FEDERATION_STREETS:
        name = f"武昌区{STREETS[street][1]}社区社会组织联合会"
        used.add(name)
        day = names.random_date(rng, dt.date(2017, 6, 1), dt.date(2022, 12, 31))
        rep, rep_id = _person(rng)
        specs.append(
            OrgSpec(
                key=len(specs),
                org_type="social_group",
                name=name,
                street=street,
                community=None,
                domains=("community_affairs", "community_service"),
                unit="",
                legal_rep_name=rep,
                legal_rep_id=rep_id,
                contact_person=names.person_name(rng),
                contact_phone=names.landline(rng),
                domicile=names.wuchang_domicile(rng, street),
                registered_on=day,
                registered_funds=Decimal(30000),
                staff_full_time=rng.choice((0, 1, 1, 2)),
                staff_part_time=rng.randint(3, 8),
                volunteers=rng.randint(20, 80),
                uscc=bodies.uscc("social_group"),
                document_number=doc("武昌民登", day),
            )
        )

    # 2. The rest of today's registered organizations (less the six conversions).
    direct = dict(ACTIVE_BY_TYPE)
    for t in CONVERSIONS:
        direct[t] -= 1
    direct["social_group"] -= len(FEDERATION_STREETS)
    active: list[OrgSpec] = []
    for org_type, count in direct.items():
        for _ in range(count):
            active.append(registered(org_type, FIRST_REGISTRATION, dt.date(2024, 6, 30)))
    for spec in active:
        if spec.org_type == "foundation":
            # Original funds: ≥400万 local public-fundraising, ≥200万 non-public (基金会条例第八条).
            spec.registered_funds = Decimal(4000000 if "慈善" in spec.name else 2000000)

    # 3. Charities (慈善法, from 2016-09-01) and the foundations' public fundraising.
    candidates = [s for s in active if s.unit == "" or s.org_type == "foundation"]
    charities = [s for s in candidates if s.org_type == "foundation"]
    charities += rng.sample([s for s in candidates if s.org_type != "foundation"], CHARITIES - 2)
    for spec in charities:
        start = max(spec.registered_on, dt.date(2016, 9, 1))
        spec.is_charity = True
        spec.charity_recognized_on = names.random_date(rng, start, dt.date(2023, 12, 31))
        spec.public_fundraising = "慈善基金会" in spec.name

    # 4. Change registrations: a new legal representative or a new domicile.
    for spec in rng.sample(active, CHANGES):
        earliest = spec.registered_on + dt.timedelta(days=365)
        if earliest >= LAST_EVENT:
            continue
        spec.change_on = names.random_date(rng, earliest, LAST_EVENT)
        if rng.random() < 0.6:
            rep, rep_id = _person(rng)
            spec.change = {"legal_rep_name": rep, "legal_rep_id": str(rep_id)}
        else:
            spec.change = {"domicile": names.wuchang_domicile(rng, spec.street)}

    # 5. Exits: registered earlier, deregistered (注销) or revoked (撤销) later.
    exit_types = ["social_service"] * 207 + ["social_group"] * 37
    rng.shuffle(exit_types)
    kinds = ["deregistration"] * DEREGISTERED + ["revocation"] * REVOKED
    rng.shuffle(kinds)
    for org_type, kind in zip(exit_types, kinds, strict=True):
        spec = registered(org_type, FIRST_REGISTRATION, dt.date(2019, 12, 31))
        # Most revocations come from the zombie clean-up campaigns of recent years.
        earliest = spec.registered_on + dt.timedelta(days=400)
        if kind == "revocation":
            earliest = max(earliest, dt.date(2016, 1, 1))
        spec.exit_kind = kind
        spec.exit_on = names.random_date(rng, earliest, LAST_EVENT)
        if kind == "revocation":
            reason, _basis = rng.choice(REVOCATION_REASONS)
            spec.exit_reason = reason
            spec.exit_document = doc("武昌民罚决", spec.exit_on)
        else:
            spec.exit_reason = rng.choice(DEREGISTRATION_REASONS)
            spec.exit_document = doc("武昌民注", spec.exit_on)

    # 6. Community social organizations: about 20 per community, filed with the street.
    all_communities = [(s, c) for s, cs in communities.items() for c in cs]
    per = [COMMUNITY_ACTIVE // len(all_communities)] * len(all_communities)
    for i in rng.sample(range(len(all_communities)), COMMUNITY_ACTIVE % len(all_communities)):
        per[i] += 1
    community_specs: list[OrgSpec] = []
    for (street, (code, cname)), count in zip(all_communities, per, strict=True):
        for tail, domains in names.sample_weighted_distinct(
            rng, [((k, d), w) for k, d, w in names.COMMUNITY_KINDS], count
        ):  # type: ignore[misc]
            name = f"{cname}{tail}"
            used.add(name)
            rep = names.person_name(rng)
            day = names.random_date(rng, dt.date(2012, 1, 1), dt.date(2024, 6, 30))
            spec = OrgSpec(
                key=len(specs),
                org_type="community",
                name=name,
                street=street,
                community=code,
                domains=domains,
                unit="",
                legal_rep_name=rep,
                legal_rep_id=None,
                contact_person=rep,
                contact_phone=names.mobile(rng),
                domicile=f"{cname}居民委员会活动室",
                registered_on=day,
                registered_funds=None,
                staff_full_time=0,
                staff_part_time=rng.randint(1, 5),
                volunteers=rng.randint(10, 60),
                document_number=doc(f"{STREETS[street][1].removesuffix('道')}备", day),
            )
            specs.append(spec)
            community_specs.append(spec)

    # 7. Six of them grow into registered organizations (民发〔2017〕191号: 转为登记).
    early = [s for s in community_specs if s.registered_on <= dt.date(2020, 6, 30)]
    for spec, target in zip(rng.sample(early, len(CONVERSIONS)), CONVERSIONS, strict=True):
        spec.convert_to = target
        spec.convert_on = names.random_date(
            rng, spec.registered_on + dt.timedelta(days=365), dt.date(2024, 6, 30)
        )
        spec.convert_uscc = bodies.uscc(target)
        spec.convert_document = doc("武昌民登", spec.convert_on)
    # Extra community organizations so that 2,934 remain filed after the conversions.
    for street, (code, cname) in rng.sample(all_communities, len(CONVERSIONS)):
        tail, domains = next(
            (k, d) for k, d, _w in names.COMMUNITY_KINDS if f"{cname}{k}" not in used
        )
        used.add(f"{cname}{tail}")
        rep = names.person_name(rng)
        day = names.random_date(rng, dt.date(2012, 1, 1), dt.date(2024, 6, 30))
        specs.append(
            OrgSpec(
                key=len(specs),
                org_type="community",
                name=f"{cname}{tail}",
                street=street,
                community=code,
                domains=domains,
                unit="",
                legal_rep_name=rep,
                legal_rep_id=None,
                contact_person=rep,
                contact_phone=names.mobile(rng),
                domicile=f"{cname}居民委员会活动室",
                registered_on=day,
                registered_funds=None,
                staff_full_time=0,
                staff_part_time=rng.randint(1, 5),
                volunteers=rng.randint(10, 60),
                document_number=doc(f"{STREETS[street][1].removesuffix('道')}备", day),
            )
        )
    return DemoPlan(communities, specs)
