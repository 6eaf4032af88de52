"""双随机、一公开: drawing the organizations to check and the inspectors who check them (pure).

"Random selection of inspection objects, random assignment of inspectors, results made public"
(国务院办公厅关于推广随机抽查规范事中事后监管的通知, 国办发〔2015〕58号). Both draws must be
reproducible: the seed is recorded, and the same seed over the same population gives the same
sample and the same assignment, so anyone can check that the draw was not steered.

* ``draw_sample``: the population is sorted by organization id and split into strata (type,
  street, or both); each stratum gets its share (default 5%, rounded half up) but at least a
  configured minimum (default 1), never more than its size, or a fixed count per stratum.
  One ``random.Random(seed)`` draws the strata in the order of their keys.
* ``assign_inspectors``: ``per_check`` inspectors per organization, never one who must recuse
  (their own organization, one they worked for within N years, a declared interest, the same
  street when configured), the least-loaded first so the work is shared evenly, ties broken by
  the seeded random. Where too few inspectors may check an organization, nothing is assigned
  and each such organization is named with the reason.

Imports no Django: services pass facts in and persist what comes out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from socorg.core.messages import N_, Msg

BASIS_DRAW = "国办发〔2015〕58号 随机抽取检查对象；抽查比例与分层为本地配置"
BASIS_ASSIGN = "国办发〔2015〕58号 随机选派执法检查人员；检查人员与检查对象有利害关系的应当回避"

ONE_HUNDRED = Decimal(100)


class Strata(StrEnum):
    """How the population is split before drawing."""

    NONE = "none"  # one stratum: the whole scope
    TYPE = "type"  # by organization type
    STREET = "street"  # by street
    TYPE_STREET = "type_street"  # by type within each street


class ConflictKind(StrEnum):
    OWN = "own"  # the inspector's own organization (member, leader, staff)
    EMPLOYMENT = "employment"  # worked for it; a conflict until N years after it ended
    INTEREST = "interest"  # another declared interest (relative, creditor, ...)


@dataclass(frozen=True)
class SpotCheckPolicy:
    """Defaults for a new campaign; a deployment overrides them in ``POLICY["spot_checks"]``."""

    share_percent: Decimal = Decimal(5)
    minimum_per_stratum: int = 1
    inspectors_per_check: int = 2
    employment_recusal_years: int = 3
    same_street_recusal: bool = False
    max_inspectors_per_check: int = 10
    max_employment_recusal_years: int = 20


DEFAULT_POLICY = SpotCheckPolicy()


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (or earlier); 02-29 becomes 02-28."""
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


# --- the sample ------------------------------------------------------------------------------


def stratum_key(strata: Strata | str, *, org_type: str, street_id: int | None) -> str:
    """The stratum an organization falls in, as a short stable string ('social_group|12')."""
    street = "" if street_id is None else str(street_id)
    match Strata(strata):
        case Strata.NONE:
            return "all"
        case Strata.TYPE:
            return org_type
        case Strata.STREET:
            return street
        case Strata.TYPE_STREET:
            return f"{org_type}|{street}"


def parse_stratum(strata: Strata | str, key: str) -> tuple[str, int | None]:
    """The (org_type, street_id) a stratum key names; the part the strata do not use is ''/None."""
    match Strata(strata):
        case Strata.NONE:
            return "", None
        case Strata.TYPE:
            return key, None
        case Strata.STREET:
            return "", int(key) if key else None
        case Strata.TYPE_STREET:
            org_type, _sep, street = key.partition("|")
            return org_type, int(street) if street else None


@dataclass(frozen=True)
class PlanProblem:
    field: str
    message: Msg


def plan_problems(
    *,
    share_percent: Decimal | None,
    count_per_stratum: int | None,
    minimum_per_stratum: int,
) -> list[PlanProblem]:
    """What is wrong with a sampling plan, per field (empty when it can be drawn)."""
    problems: list[PlanProblem] = []
    if count_per_stratum is None:
        if share_percent is None:
            problems.append(
                PlanProblem("share", Msg(N_("请填写抽查比例（%），或填写每层抽取数量。")))
            )
        elif not (Decimal(0) < share_percent <= ONE_HUNDRED):
            problems.append(
                PlanProblem(
                    "share",
                    Msg(
                        N_("抽查比例必须大于 0%% 且不超过 100%%（当前为 %(share)s%%）。"),
                        {"share": str(share_percent)},
                    ),
                )
            )
    elif count_per_stratum < 1:
        problems.append(PlanProblem("count_per_stratum", Msg(N_("每层抽取数量至少为 1 户。"))))
    if minimum_per_stratum < 0:
        problems.append(PlanProblem("min_per_stratum", Msg(N_("每层最少抽取数量不能为负数。"))))
    return problems


def stratum_quota(
    size: int,
    *,
    share_percent: Decimal | None,
    count: int | None = None,
    minimum: int = 1,
) -> int:
    """How many of a stratum of ``size`` to draw: the fixed count, or the share rounded half up
    with the minimum; never more than the stratum holds."""
    if size <= 0:
        return 0
    if count is not None:
        wanted = count
    else:
        assert share_percent is not None
        exact = Decimal(size) * share_percent / ONE_HUNDRED
        wanted = max(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), minimum)
    return min(wanted, size)


@dataclass(frozen=True)
class StratumDraw:
    key: str
    population: int
    drawn: tuple[int, ...]


@dataclass(frozen=True)
class SampleDraw:
    """The sample (organization ids, ascending) and what each stratum contributed."""

    organization_ids: tuple[int, ...]
    strata: tuple[StratumDraw, ...]
    population: int
    basis: str = BASIS_DRAW

    @property
    def stratum_of(self) -> dict[int, str]:
        return {org_id: s.key for s in self.strata for org_id in s.drawn}


def draw_strata(
    population: Iterable[tuple[int, str]],
    *,
    seed: int | str,
    share_percent: Decimal | None = DEFAULT_POLICY.share_percent,
    counts: int | Mapping[str, int] | None = None,
    minimum: int = DEFAULT_POLICY.minimum_per_stratum,
) -> SampleDraw:
    """Draw a stratified random sample of ``population`` ((organization id, stratum key) pairs).

    Reproducible: the population is sorted by id, the strata by key, and one
    ``random.Random(seed)`` draws each stratum in turn. ``counts`` (one number for every
    stratum, or a number per stratum key) replaces the share where given.
    """
    rows = sorted(population)
    seen: set[int] = set()
    groups: dict[str, list[int]] = defaultdict(list)
    for org_id, key in rows:
        if org_id in seen:
            raise ValueError(f"organization {org_id} appears twice in the population")
        seen.add(org_id)
        groups[key].append(org_id)
    problems = plan_problems(
        share_percent=share_percent,
        count_per_stratum=counts if isinstance(counts, int) else None,
        minimum_per_stratum=minimum,
    )
    if problems and not isinstance(counts, Mapping):
        raise ValueError(str(problems[0].message))
    rng = random.Random(seed)
    results: list[StratumDraw] = []
    for key in sorted(groups):
        members = groups[key]
        if isinstance(counts, Mapping):
            count: int | None = counts.get(key)
            if count is not None and count < 0:
                raise ValueError(f"negative count for stratum {key!r}")
        else:
            count = counts
        if count is None and share_percent is None:
            raise ValueError(f"no share and no count for stratum {key!r}")
        quota = stratum_quota(
            len(members), share_percent=share_percent, count=count, minimum=minimum
        )
        drawn = tuple(sorted(rng.sample(members, quota)))
        results.append(StratumDraw(key, len(members), drawn))
    chosen = tuple(sorted(org_id for s in results for org_id in s.drawn))
    return SampleDraw(chosen, tuple(results), len(rows))


def draw_sample(
    population: Iterable[tuple[int, str]],
    *,
    seed: int | str,
    share_percent: Decimal | None = DEFAULT_POLICY.share_percent,
    counts: int | Mapping[str, int] | None = None,
    minimum: int = DEFAULT_POLICY.minimum_per_stratum,
) -> list[int]:
    """The drawn organization ids (ascending); see ``draw_strata``."""
    return list(
        draw_strata(
            population, seed=seed, share_percent=share_percent, counts=counts, minimum=minimum
        ).organization_ids
    )


# --- the inspectors --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """An organization to inspect, with the street used for same-street recusal."""

    organization_id: int
    street_id: int | None = None
    label: str = ""  # how to name it in a message (its name); the id when empty

    @property
    def name(self) -> str:
        return self.label or f"#{self.organization_id}"


@dataclass(frozen=True)
class Inspector:
    inspector_id: int
    street_id: int | None = None  # where the inspector works or lives (same-street recusal)
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or f"#{self.inspector_id}"


@dataclass(frozen=True)
class Conflict:
    """A relationship between an inspector and an organization that may require recusal."""

    inspector_id: int
    organization_id: int
    kind: ConflictKind
    ended_on: dt.date | None = None  # EMPLOYMENT: when it ended (None: still employed)


@dataclass(frozen=True)
class RecusalPolicy:
    employment_years: int = DEFAULT_POLICY.employment_recusal_years
    same_street: bool = DEFAULT_POLICY.same_street_recusal


def recusal_reason(
    inspector: Inspector,
    target: Target,
    conflicts: Iterable[Conflict],
    *,
    policy: RecusalPolicy,
    on: dt.date,
) -> Msg | None:
    """Why ``inspector`` must not inspect ``target`` on ``on``, or None when they may."""
    since = add_years(on, -policy.employment_years)
    for c in conflicts:
        if c.inspector_id != inspector.inspector_id or c.organization_id != target.organization_id:
            continue
        if c.kind is ConflictKind.OWN:
            return Msg(N_("检查人员是该组织的成员、负责人或工作人员。"))
        if c.kind is ConflictKind.INTEREST:
            return Msg(N_("检查人员申报与该组织存在利害关系。"))
        if c.ended_on is None or c.ended_on >= since:
            return Msg(
                N_("检查人员 %(n)s 年内（%(since)s 以来）曾在该组织任职。"),
                {"n": policy.employment_years, "since": since.isoformat()},
            )
    if (
        policy.same_street
        and inspector.street_id is not None
        and inspector.street_id == target.street_id
    ):
        return Msg(N_("检查人员与该组织在同一街道，按本次抽查规定应当回避。"))
    return None


@dataclass(frozen=True)
class Shortage:
    """An organization too few inspectors may check, and why the others may not."""

    organization_id: int
    eligible: int
    needed: int
    message: Msg
    recusals: tuple[tuple[int, Msg], ...] = ()  # (inspector id, reason)


@dataclass(frozen=True)
class Assignment:
    """Inspectors per organization (ids ascending), or the shortages that prevent it."""

    by_organization: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    shortages: tuple[Shortage, ...] = ()
    problem: Msg | None = None  # a problem of the whole pool (empty, too small)
    basis: str = BASIS_ASSIGN

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.shortages

    def load(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for inspectors in self.by_organization.values():
            for inspector_id in inspectors:
                counts[inspector_id] += 1
        return dict(counts)


def assign_inspectors(
    sample: Sequence[Target],
    pool: Sequence[Inspector],
    *,
    seed: int | str,
    per_check: int = DEFAULT_POLICY.inspectors_per_check,
    conflicts: Iterable[Conflict] = (),
    policy: RecusalPolicy | None = None,
    on: dt.date,
) -> Assignment:
    """Randomly assign ``per_check`` inspectors from ``pool`` to each organization of ``sample``
    with recusal and balanced load (see the module docstring). Reproducible for the same seed."""
    policy = policy or RecusalPolicy()
    if per_check < 1:
        return Assignment(problem=Msg(N_("每户检查人员数量至少为 1 名。")))
    inspectors = sorted({i.inspector_id: i for i in pool}.values(), key=lambda i: i.inspector_id)
    if not inspectors:
        return Assignment(problem=Msg(N_("检查人员库为空：请先将执法人员或专家加入检查人员库。")))
    if len(inspectors) < per_check:
        return Assignment(
            problem=Msg(
                N_("检查人员库只有 %(n)s 名人员，每户须 %(k)s 名检查人员。"),
                {"n": len(inspectors), "k": per_check},
            )
        )
    by_pair: dict[tuple[int, int], list[Conflict]] = defaultdict(list)
    for c in conflicts:
        by_pair[(c.inspector_id, c.organization_id)].append(c)
    targets = sorted(
        {t.organization_id: t for t in sample}.values(), key=lambda t: t.organization_id
    )

    eligible: dict[int, list[Inspector]] = {}
    shortages: list[Shortage] = []
    for target in targets:
        allowed: list[Inspector] = []
        recused: list[tuple[int, Msg]] = []
        for inspector in inspectors:
            pair = by_pair.get((inspector.inspector_id, target.organization_id))
            same_street = policy.same_street and inspector.street_id is not None
            if not pair and not (same_street and inspector.street_id == target.street_id):
                allowed.append(inspector)  # the common case, without building a reason
                continue
            reason = recusal_reason(inspector, target, pair or (), policy=policy, on=on)
            if reason is None:
                allowed.append(inspector)
            else:
                recused.append((inspector.inspector_id, reason))
        if len(allowed) < per_check:
            shortages.append(
                Shortage(
                    target.organization_id,
                    len(allowed),
                    per_check,
                    Msg(
                        N_(
                            "%(org)s：检查人员库中无需回避的人员只有 %(n)s 名，"
                            "每户须 %(k)s 名，另有 %(r)s 名应当回避。"
                        ),
                        {
                            "org": target.name,
                            "n": len(allowed),
                            "k": per_check,
                            "r": len(recused),
                        },
                    ),
                    tuple(recused),
                )
            )
        eligible[target.organization_id] = allowed
    if shortages:
        return Assignment(shortages=tuple(shortages))

    rng = random.Random(seed)
    # The most constrained organizations first, so a scarce inspector is not used up elsewhere;
    # a seeded shuffle decides among equals. Each pick takes the least-loaded eligible
    # inspectors, ties broken by a seeded random rank that changes with every organization.
    order = list(targets)
    rng.shuffle(order)
    order.sort(key=lambda t: len(eligible[t.organization_id]))
    load: dict[int, int] = dict.fromkeys((i.inspector_id for i in inspectors), 0)
    result: dict[int, tuple[int, ...]] = {}
    for target in order:
        candidates = [i.inspector_id for i in eligible[target.organization_id]]
        rank = {inspector_id: rng.random() for inspector_id in candidates}
        candidates.sort(key=lambda i: (load[i], rank[i]))
        chosen = candidates[:per_check]
        for inspector_id in chosen:
            load[inspector_id] += 1
        result[target.organization_id] = tuple(sorted(chosen))
    return Assignment(by_organization=dict(sorted(result.items())))
