"""Synthetic organizations in bulk over the real districts and streets (benchmarks, load tests).

Unlike the demo district, this path does not go through the registry services: it writes
organizations, their lifecycle events and domain links with ``bulk_create`` in batches, and
records a single audit event for the whole load instead of one per row (synthetic data; the
audit log would otherwise double the volume). Every row is still valid: a USCC issued by the
district's bureau (GB 32100 + GB 11714 checks), a well-formed ID number, a name that is
unique per registration authority, a street inside the district.

Deterministic and resumable: organization ``i`` is always the same organization for a seed,
so ``--scale N`` on a database that already holds M < N synthetic organizations adds the
missing N - M.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.areas.services import area_load_divisions
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.core import crypto
from socorg.core.errors import ApplicationError
from socorg.demo import names
from socorg.demo.plan import DISTRICT_CODE
from socorg.demo.reference import domains_ensure
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.rules import idcard
from socorg.registry.rules.lifecycle import TRANSITIONS, EventKind, Status
from socorg.registry.rules.uscc import TYPE_DIGITS, make_uscc

# Supervisory units every district gets; other kinds are directly registered.
UNIT_SUFFIXES = {
    "edu": "教育局",
    "culture": "文化和旅游局",
    "sports": "体育局",
    "health": "卫生健康局",
}

GROUP_TAILS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("志愿者协会", ("volunteer",), ""),
    ("文化艺术协会", ("culture",), "culture"),
    ("体育协会", ("sports",), "sports"),
    ("书画协会", ("culture",), "culture"),
    ("老年协会", ("elderly",), "health"),
    ("商会", ("trade_association",), ""),
    ("慈善协会", ("charity",), ""),
    ("健身协会", ("sports",), "sports"),
    ("摄影协会", ("culture",), "culture"),
    ("读书会", ("education", "culture"), "edu"),
    ("联谊会", ("other",), ""),
    ("促进会", ("other",), ""),
    ("研究会", ("education",), "edu"),
    ("行业协会", ("trade_association",), ""),
    ("教育协会", ("education",), "edu"),
    ("医学会", ("health",), "health"),
    ("养老服务协会", ("elderly",), "health"),
    ("社会工作协会", ("community_service",), ""),
    ("互助会", ("mutual_aid",), ""),
    ("公益联合会", ("charity",), ""),
)
FOUNDATION_TAILS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("慈善基金会", ("charity",), ""),
    ("教育基金会", ("education",), "edu"),
)
# (tail, org type, domains, unit key)
TAILS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    *((t, "social_service", d, u) for t, d, u, _w in names.SOCIAL_SERVICE_KINDS),
    *((t, "social_group", d, u) for t, d, u in GROUP_TAILS),
    *((t, "foundation", d, u) for t, d, u in FOUNDATION_TAILS),
)
ROADS = names.words(
    "人民路 解放路 中山路 建设路 和平路 新华路 胜利路 文化路 光明路 友谊路 幸福路 长江路 黄河路 "
    "朝阳路 青年路 东风路 红旗路 团结路 工农路 育才路 健康路 府前街 南大街 北大街"
)
REP_POOL = 20000  # distinct legal representatives, encrypted once (Fernet is the slow part)
EXIT_SHARE = {"deregistration": 0.03, "revocation": 0.05}


@dataclass
class ScaleResult:
    created: int = 0
    total: int = 0
    districts: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _District:
    id: int
    code: str
    name: str
    streets: tuple[int, ...]
    bureau: int
    units: dict[str, int]
    offset: int


@dataclass(frozen=True)
class _Rep:
    name: str
    encrypted: str
    masked: str
    hashed: str


class _Reps:
    """A fixed pool of invented legal representatives, person ``i`` always the same for a
    seed; each is encrypted once, when first used (Fernet is the slow part of a row)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cache: dict[int, _Rep] = {}

    def get(self, i: int) -> _Rep:
        rep = self.cache.get(i)
        if rep is None:
            rng = random.Random(self.seed * 100_003 + i)
            number = names.id_number(rng)
            rep = _Rep(
                names.person_name(rng),
                crypto.encrypt(number),
                idcard.mask(number),
                crypto.lookup_hash(number),
            )
            self.cache[i] = rep
        return rep


def _districts() -> list[_District]:
    """Every current district but the demo one, with its streets, bureau and units
    (created in bulk when missing)."""
    districts = list(
        Area.objects.filter(level=Area.Level.DISTRICT, valid_to__isnull=True)
        .exclude(code=DISTRICT_CODE)
        .order_by("code")
        .values_list("id", "code", "name")
    )
    streets: dict[int, list[int]] = {}
    for street_id, parent_id in (
        Area.objects.filter(level=Area.Level.STREET, valid_to__isnull=True)
        .order_by("code")
        .values_list("id", "parent_id")
    ):
        streets.setdefault(parent_id, []).append(street_id)
    wanted = {
        (area_id, f"{name}民政局"): Agency.Kind.REGISTRATION_AUTHORITY
        for area_id, _c, name in districts
    }
    for area_id, _code, name in districts:
        for suffix in UNIT_SUFFIXES.values():
            wanted[(area_id, f"{name}{suffix}")] = Agency.Kind.SUPERVISORY_UNIT
    existing = {
        (a, n): i for i, a, n in Agency.objects.values_list("id", "area_id", "name").iterator()
    }
    missing = [
        Agency(area_id=a, name=n, kind=kind)
        for (a, n), kind in wanted.items()
        if (a, n) not in existing
    ]
    Agency.objects.bulk_create(missing, batch_size=2000)
    for agency in missing:
        existing[(agency.area_id, agency.name)] = agency.pk
    result = []
    for area_id, code, name in districts:
        if area_id not in streets:
            continue
        result.append(
            _District(
                id=area_id,
                code=code,
                name=name,
                streets=tuple(streets[area_id]),
                bureau=existing[(area_id, f"{name}民政局")],
                units={k: existing[(area_id, f"{name}{s}")] for k, s in UNIT_SUFFIXES.items()},
                offset=int(code) % 7919,
            )
        )
    return result


class _Generator:
    """Organization ``i`` → its row, its events and its domain links."""

    def __init__(self, districts: list[_District], seed: int, domains: dict[str, int]) -> None:
        self.districts = districts
        # One slot per street; shuffled so that any first N organizations cover the country.
        self.slots = [(d, j) for d in districts for j in range(len(d.streets))]
        random.Random(seed).shuffle(self.slots)
        self.plan = names.NamePlan(stems=len(names.GENERIC_STEMS), tails=len(TAILS))
        self.reps = _Reps(seed)
        self.domains = domains
        self.seed = seed

    def batch(
        self, number: int, size: int
    ) -> tuple[list[Organization], list[tuple[int, str, dt.date, str]], list[tuple[int, int]]]:
        """Rows of organizations ``number*size`` to ``(number+1)*size - 1``."""
        rng = random.Random(self.seed * 1_000_003 + number)
        orgs: list[Organization] = []
        events: list[tuple[int, str, dt.date, str]] = []  # (row, kind, day, document)
        links: list[tuple[int, int]] = []  # (row, domain id)
        for i in range(number * size, (number + 1) * size):
            district, j = self.slots[i % len(self.slots)]
            k = (i // len(self.slots)) * len(district.streets) + j
            stem_i, tail_i = self.plan.pair(k, district.offset)
            cycle = k // self.plan.size
            tail, org_type, domains, unit = TAILS[tail_i]
            name = f"{district.name}{names.GENERIC_STEMS[stem_i]}{tail}"
            if cycle:
                name += f"（{cycle + 1}）"
            body = f"MJ{(k * 7919 + district.offset) % 1_000_000:06d}"
            rep = self.reps.get(rng.randrange(REP_POOL))
            registered_on = names.random_date(rng, dt.date(2000, 1, 1), dt.date(2025, 12, 31))
            status, changed_on = Status.REGISTERED, registered_on
            roll = rng.random()
            exit_kind = ""
            if roll < EXIT_SHARE["deregistration"] + EXIT_SHARE["revocation"]:
                exit_kind = (
                    EventKind.DEREGISTRATION
                    if roll < EXIT_SHARE["deregistration"]
                    else EventKind.REVOCATION
                )
                status = (
                    Status.DEREGISTERED if exit_kind == EventKind.DEREGISTRATION else Status.REVOKED
                )
                changed_on = registered_on + dt.timedelta(days=rng.randint(200, 3000))
                changed_on = min(changed_on, dt.date(2026, 6, 30))
            full = rng.choice((0, 0, 0, 1, 1, 2, 3, 5))
            row = len(orgs)
            orgs.append(
                Organization(
                    name=name,
                    org_type=org_type,
                    uscc=make_uscc(
                        type_digit=TYPE_DIGITS[org_type],
                        authority_code=district.code,
                        body8=body,
                    ),
                    status=status.value,
                    status_changed_on=changed_on,
                    registration_authority_id=district.bureau,
                    supervisory_unit_id=district.units.get(unit),
                    directly_registered=unit not in district.units,
                    legal_rep_name=rep.name,
                    legal_rep_id_encrypted=rep.encrypted,
                    legal_rep_id_masked=rep.masked,
                    legal_rep_id_hash=rep.hashed,
                    contact_person=rep.name,
                    contact_phone=names.mobile(rng),
                    domicile=f"{district.name}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
                    district_id=district.id,
                    street_id=district.streets[j],
                    founded_on=registered_on,
                    registered_on=registered_on,
                    registered_funds=Decimal(
                        2000000 if org_type == "foundation" else rng.choice((30000, 50000, 100000))
                    ),
                    staff_full_time=full,
                    staff_part_time=rng.randint(1, 20),
                    volunteers=rng.randint(0, 80),
                )
            )
            events.append(
                (row, EventKind.ESTABLISHMENT, registered_on, f"民登〔{registered_on.year}〕{k}号")
            )
            if exit_kind:
                events.append((row, exit_kind, changed_on, f"民决〔{changed_on.year}〕{k}号"))
            for code in domains:
                links.append((row, self.domains[code]))
        return orgs, events, links


def _basis(kind: str) -> str:
    current = None if kind == EventKind.ESTABLISHMENT else Status.REGISTERED
    return TRANSITIONS[(current, EventKind(kind))].basis


def scale_build(
    *, n: int, seed: int = 2024, batch_size: int = 5000, progress: bool = True
) -> ScaleResult:
    """Make sure ``n`` synthetic organizations exist outside the demo district."""
    started = time.perf_counter()
    result = ScaleResult()
    t0 = time.perf_counter()
    area_load_divisions(actor=None)
    result.timings["divisions"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with transaction.atomic():
        districts = _districts()
    if not districts:
        raise ApplicationError(
            _("没有可用的区县：规模数据需要全国区划代码（shared/standards/divisions）。")
        )
    domains = {code: d.pk for code, d in domains_ensure().items()}
    result.districts = len(districts)
    generator = _Generator(districts, seed, domains)
    result.timings["setup"] = time.perf_counter() - t0
    if connection.vendor == "sqlite":
        # A 256 MiB page cache for this connection: with the default 2 MiB the indexes on
        # random keys (name, USCC, ID hash) thrash once the table passes a few 100k rows.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    existing = Organization.objects.exclude(district__code=DISTRICT_CODE).count()
    through = Organization.domains.through
    bases = {kind: _basis(kind) for kind in (EventKind.ESTABLISHMENT, *EXIT_SHARE)}
    bar: Any = tqdm(total=max(n - existing, 0), desc="规模数据", unit="org", disable=not progress)
    number = existing // batch_size
    insert_seconds = 0.0
    while number * batch_size < n:
        orgs, events, links = generator.batch(number, batch_size)
        first = number * batch_size
        skip = max(existing - first, 0)
        keep = slice(skip, min(batch_size, n - first))
        orgs = orgs[keep]
        rows_offset = skip
        t0 = time.perf_counter()
        with transaction.atomic():
            Organization.objects.bulk_create(orgs, batch_size=1000)
            LifecycleEvent.objects.bulk_create(
                [
                    LifecycleEvent(
                        organization_id=orgs[row - rows_offset].pk,
                        kind=kind,
                        occurred_on=day,
                        document_number=document,
                        basis=bases[kind],
                        status_after=(
                            Status.REGISTERED
                            if kind == EventKind.ESTABLISHMENT
                            else Status.DEREGISTERED
                            if kind == EventKind.DEREGISTRATION
                            else Status.REVOKED
                        ),
                    )
                    for row, kind, day, document in events
                    if rows_offset <= row < rows_offset + len(orgs)
                ],
                batch_size=1000,
            )
            through.objects.bulk_create(
                [
                    through(organization_id=orgs[row - rows_offset].pk, servicedomain_id=domain)
                    for row, domain in links
                    if rows_offset <= row < rows_offset + len(orgs)
                ],
                batch_size=1000,
            )
        insert_seconds += time.perf_counter() - t0
        result.created += len(orgs)
        bar.update(len(orgs))
        number += 1
    bar.close()
    result.timings["insert"] = insert_seconds
    result.total = existing + result.created
    if result.created:
        audit_record(
            actor=None,
            action="demo.scale_build",
            object_type="registry.organization",
            after={"created": result.created, "total": result.total, "seed": seed},
            reason="合成的规模测试数据：批量写入，不逐条记录审计。",
            category=AuditEvent.Category.SYSTEM,
        )
    result.seconds = time.perf_counter() - started
    return result
