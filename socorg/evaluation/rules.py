"""Level evaluation (等级评估, 1A–5A): indicators, scores, levels, eligibility, validity and
expert recusal (pure; no Django import).

Two rule sets, chosen by date (``EvaluationPolicy.new_rule_from``, default 2026-03-01):
the old 《社会组织评估管理办法》 (民政部令第39号, 2011-03-01 → 2026-02-28) and the revised
办法 in force from 2026-03-01 (令 number not seen, domain.md §3.2 [U]). Indicator weights and
score bands are local practice and configurable (domain.md §3.3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from socorg.core.messages import N_, Msg
from socorg.registry.rules.lifecycle import REGISTERED_TYPES, OrgType

BASIS_OLD = "民政部令第39号《社会组织评估管理办法》"
BASIS_NEW = "修订后《社会组织评估管理办法》（2026年3月1日起施行）"
BASIS_PERIOD = "民法典第二百零一条、第二百零二条（期间计算；到期月无对应日的，以月末日为最后一日）"


class Level(StrEnum):
    A1 = "1A"
    A2 = "2A"
    A3 = "3A"
    A4 = "4A"
    A5 = "5A"

    @property
    def rank(self) -> int:
        return int(self.value[0])


class Regime(StrEnum):
    OLD = "old"  # 民政部令第39号
    NEW = "new"  # 2026 revision


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # msgid
    max_points: Decimal


@dataclass(frozen=True)
class IndicatorTemplate:
    """First-level indicators of one organization type, in one version of the scheme."""

    version: str
    org_type: OrgType
    indicators: tuple[Indicator, ...]

    def __post_init__(self) -> None:
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError("indicator codes must be unique")
        if any(i.max_points <= 0 for i in self.indicators):
            raise ValueError("indicator points must be positive")

    @property
    def total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


def default_templates(*, party_building: bool = True) -> Mapping[OrgType, IndicatorTemplate]:
    """Default 1000-point templates (安庆 2021 indicator names; the weights are our choice,
    domain.md §3.3 [U]: configurable, versioned). With 党建工作 (100 points, as in Jiangsu
    2024) taken from 内部治理 and the performance block."""

    def template(third_code: str, third_name: str) -> tuple[Indicator, ...]:
        if party_building:
            return (
                Indicator("basic", N_("基础条件"), Decimal(150)),
                Indicator("governance", N_("内部治理"), Decimal(300)),
                Indicator(third_code, third_name, Decimal(300)),
                Indicator("social", N_("社会评价"), Decimal(150)),
                Indicator("party", N_("党建工作"), Decimal(100)),
            )
        return (
            Indicator("basic", N_("基础条件"), Decimal(150)),
            Indicator("governance", N_("内部治理"), Decimal(350)),
            Indicator(third_code, third_name, Decimal(350)),
            Indicator("social", N_("社会评价"), Decimal(150)),
        )

    version = "default-2026-party" if party_building else "default-2026"
    performance = template("performance", N_("工作绩效"))
    business = template("business", N_("业务活动和诚信建设"))
    return MappingProxyType(
        {
            OrgType.SOCIAL_GROUP: IndicatorTemplate(version, OrgType.SOCIAL_GROUP, performance),
            OrgType.FOUNDATION: IndicatorTemplate(version, OrgType.FOUNDATION, performance),
            OrgType.SOCIAL_SERVICE: IndicatorTemplate(version, OrgType.SOCIAL_SERVICE, business),
        }
    )


@dataclass(frozen=True)
class Band:
    """Scores in [lower, upper) get ``level``; ``upper`` None means no upper bound."""

    level: Level
    lower: Decimal
    upper: Decimal | None


def _bands(*rows: tuple[Level, int, int | None]) -> tuple[Band, ...]:
    return tuple(
        Band(level, Decimal(lower), None if upper is None else Decimal(upper))
        for level, lower, upper in rows
    )


# 洛阳瀍河区 2025: 5A ≥900, 4A 800–899, 3A 700–799, 2A 600–699, 1A ≤599.
BANDS_CHANHE_2025 = _bands(
    (Level.A1, 0, 600),
    (Level.A2, 600, 700),
    (Level.A3, 700, 800),
    (Level.A4, 800, 900),
    (Level.A5, 900, None),
)
# 安庆/怀宁 (Anhui): 1A ≤800, 2A 801–850, 3A 851–900, 4A 901–950, 5A "950以上". Every printed
# integer keeps its level; the printed overlap at 950 goes to 5A ("以上" includes the number).
BANDS_ANHUI = _bands(
    (Level.A1, 0, 801),
    (Level.A2, 801, 851),
    (Level.A3, 851, 901),
    (Level.A4, 901, 950),
    (Level.A5, 950, None),
)


def _check_bands(bands: Sequence[Band]) -> None:
    if not bands or bands[0].lower != 0 or bands[-1].upper is not None:
        raise ValueError("bands must start at 0 and end without an upper bound")
    for below, above in itertools.pairwise(bands):
        if below.upper != above.lower:
            raise ValueError("bands must be contiguous and must not overlap")


@dataclass(frozen=True)
class EvaluationPolicy:
    templates: Mapping[OrgType, IndicatorTemplate] = field(default_factory=default_templates)
    total_points: Decimal = Decimal(1000)
    bands: tuple[Band, ...] = BANDS_CHANHE_2025
    score_places: int = 2  # means are rounded half up to this many decimals
    new_rule_from: dt.date = dt.date(2026, 3, 1)
    min_full_years: int = 2  # EVAL.min_age: ≥2 full 年度 since registration
    validity_years: int = 5  # EVAL.validity
    old_renewal_window_days: int = 365  # old rule: may re-apply this close to expiry [U]
    reapply_within_years: int = 4  # EVAL.reapply_window (new rule)
    simplified_within_years: int = 2  # new rule: simplified on-site evaluation
    recusal_years: int = 3  # worked for the organization within N years
    reminder_days: tuple[int, ...] = (180, 90, 30)  # reminders before expiry
    benefit_min_level: Level = Level.A3  # EVAL.benefits: 3A+

    def __post_init__(self) -> None:
        _check_bands(self.bands)
        for template in self.templates.values():
            if template.total != self.total_points:
                raise ValueError(f"template {template.version}/{template.org_type} != total")


def _add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later; 02-29 becomes 02-28 (月末日, 民法典 第二百零二条)."""
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


def regime_on(day: dt.date, policy: EvaluationPolicy) -> Regime:
    return Regime.NEW if day >= policy.new_rule_from else Regime.OLD


# --- scores and levels --------------------------------------------------------------------


class ScoringError(ValueError):
    """Scores that cannot be aggregated; ``problems`` maps indicator code → messages."""

    def __init__(self, problems: dict[str, list[Msg]]) -> None:
        super().__init__("; ".join(str(m) for msgs in problems.values() for m in msgs))
        self.problems = problems


@dataclass(frozen=True)
class ScoreSheet:
    means: Mapping[str, Decimal]  # indicator code → mean of the experts' scores
    total: Decimal


def aggregate_scores(
    scores: Mapping[str, Sequence[Decimal]], template: IndicatorTemplate, policy: EvaluationPolicy
) -> ScoreSheet:
    """Mean per indicator over the experts, and the total. Raises ``ScoringError`` naming
    each indicator that is missing, unknown, or has a score outside 0..its maximum."""
    problems: dict[str, list[Msg]] = {}
    quantum = Decimal(1).scaleb(-policy.score_places)
    for code in scores:
        if template.indicator(code) is None:
            problems.setdefault(code, []).append(
                Msg(N_("指标“%(code)s”不在评估指标体系中。"), {"code": code})
            )
    means: dict[str, Decimal] = {}
    for indicator in template.indicators:
        given = scores.get(indicator.code, ())
        if not given:
            problems.setdefault(indicator.code, []).append(
                Msg(N_("指标“%(name)s”没有专家评分。"), {"name": indicator.name})
            )
            continue
        for number, score in enumerate(given, start=1):
            if not Decimal(0) <= score <= indicator.max_points:
                problems.setdefault(indicator.code, []).append(
                    Msg(
                        N_("指标“%(name)s”第 %(n)s 位专家的评分 %(score)s 超出 0–%(max)s 分。"),
                        {
                            "name": indicator.name,
                            "n": number,
                            "score": str(score),
                            "max": str(indicator.max_points),
                        },
                    )
                )
        mean = sum(given, Decimal(0)) / len(given)
        means[indicator.code] = mean.quantize(quantum, ROUND_HALF_UP)
    if problems:
        raise ScoringError(problems)
    return ScoreSheet(MappingProxyType(means), sum(means.values(), Decimal(0)))


def level_for(score: Decimal, policy: EvaluationPolicy) -> Level:
    """The level of a total score under the policy's half-open bands (EVAL.bands)."""
    if not Decimal(0) <= score <= policy.total_points:
        raise ValueError(f"score {score} outside 0..{policy.total_points}")
    for band in policy.bands:
        if band.lower <= score and (band.upper is None or score < band.upper):
            return band.level
    raise AssertionError("bands cover 0..∞")  # _check_bands guarantees it


# --- eligibility --------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityFacts:
    org_type: OrgType
    active: bool
    registered_on: dt.date
    applied: bool  # the organization applied (new rule: evaluation is voluntary)
    current_valid_to: dt.date | None = None  # end of the current level's validity
    current_valid_from: dt.date | None = None
    filed_last_year: bool = True  # took part in last year's 年检 / 年报
    failed_last_year: bool = False  # last year 不合格
    basic_pass_two_years: bool = False  # the last two years both 基本合格
    penalized_last_year: bool = False  # administrative penalty last year
    penalty_minor: bool = False  # that penalty was minor (警告 etc.)
    penalty_outstanding: bool = False  # a penalty not yet executed
    under_investigation: bool = False  # 立案调查中
    on_abnormal_list: bool = False  # 活动异常名录
    on_serious_list: bool = False  # 严重违法失信名单


@dataclass(frozen=True)
class Finding:
    rule: str
    basis: str
    reason: Msg


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    regime: Regime
    findings: tuple[Finding, ...]  # why not (or, when eligible, why)
    simplified: bool = False  # new rule: re-evaluation in the first years is simplified


def full_years_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar years (1 Jan–31 Dec) lying between ``start`` and ``end``, both included."""
    first = start.year if start == dt.date(start.year, 1, 1) else start.year + 1
    last = end.year if end == dt.date(end.year, 12, 31) else end.year - 1
    return max(0, last - first + 1)


def eligibility(
    facts: EligibilityFacts, round_date: dt.date, policy: EvaluationPolicy
) -> Eligibility:
    """Whether the organization may be evaluated in a round opening on ``round_date``:
    the 39号令 rule until the switch date, the 2026 rule from it (EVAL.min_age, EVAL.excluded)."""
    regime = regime_on(round_date, policy)
    basis = BASIS_OLD if regime == Regime.OLD else BASIS_NEW
    findings: list[Finding] = []
    # The revision's own article numbers were not seen (domain.md §15.3): cite the old one.
    kept_basis = (
        f"{BASIS_OLD}第七条"
        if regime == Regime.OLD
        else f"{BASIS_NEW}（条文未见，沿用民政部令第39号第七条）"
    )

    def refuse(rule: str, article: str, message: Msg) -> None:
        findings.append(Finding(rule, article, message))

    if facts.org_type not in REGISTERED_TYPES:
        refuse(
            "EVAL.scope", basis, Msg(N_("等级评估仅适用于登记的社会团体、社会服务机构和基金会。"))
        )
    if not facts.active:
        refuse("EVAL.scope", basis, Msg(N_("该组织已注销或撤销，不能参加评估。")))
    if regime == Regime.NEW and not facts.applied:
        refuse(
            "EVAL.voluntary",
            f"{basis}：社会组织自愿申请",
            Msg(N_("新办法下评估以自愿申请为前提，该组织未申请。")),
        )
    years = full_years_between(facts.registered_on, round_date - dt.timedelta(days=1))
    if years < policy.min_full_years:
        refuse(
            "EVAL.min_age",
            f"{BASIS_OLD}第六条" if regime == Regime.OLD else basis,
            Msg(
                N_("登记后须满 %(n)s 个完整年度才能参加评估，目前为 %(years)s 个。"),
                {"n": policy.min_full_years, "years": years},
            ),
        )
    if facts.on_abnormal_list or facts.on_serious_list:
        refuse(
            "EVAL.excluded",
            "民发〔2021〕96号《全国性社会组织评估管理规定》；民政部令第60号",
            Msg(N_("列入活动异常名录或严重违法失信名单的组织不能参加评估。")),
        )
    if not facts.filed_last_year:
        refuse("EVAL.excluded", kept_basis, Msg(N_("上一年度未参加年检（年报）。")))
    serious_penalty = facts.penalized_last_year and not facts.penalty_minor
    if facts.penalty_outstanding or serious_penalty:
        refuse(
            "EVAL.excluded",
            kept_basis,
            Msg(N_("上一年度受到行政处罚，或行政处罚尚未执行完毕。")),
        )

    simplified = False
    if regime == Regime.OLD:
        old_rule = f"{BASIS_OLD}第七条"
        if facts.failed_last_year:
            refuse("EVAL.excluded", old_rule, Msg(N_("上一年度年检不合格。")))
        if facts.basic_pass_two_years:
            refuse("EVAL.excluded", old_rule, Msg(N_("连续两年年检基本合格。")))
        if facts.penalized_last_year and facts.penalty_minor:
            refuse("EVAL.excluded", old_rule, Msg(N_("上一年度受到行政处罚。")))
        if facts.under_investigation:
            refuse("EVAL.excluded", old_rule, Msg(N_("正在被有关部门立案调查。")))
        valid_to = facts.current_valid_to
        if valid_to is not None and round_date < valid_to - dt.timedelta(
            days=policy.old_renewal_window_days
        ):
            refuse(
                "EVAL.validity",
                f"{BASIS_OLD}第六条",
                Msg(
                    N_("现有评估等级有效期至 %(to)s，届满前 %(days)s 日内方可重新申请评估。"),
                    {"to": valid_to.isoformat(), "days": policy.old_renewal_window_days},
                ),
            )
    elif (
        facts.current_valid_from is not None
        and facts.current_valid_to is not None
        and facts.current_valid_from <= round_date <= facts.current_valid_to
    ):
        # Re-evaluation during validity; within the first years the on-site part is simplified.
        simplified = round_date < _add_years(
            facts.current_valid_from, policy.simplified_within_years
        )

    if findings:
        return Eligibility(False, regime, tuple(findings))
    return Eligibility(
        True,
        regime,
        (Finding("EVAL.eligible", basis, Msg(N_("符合参加评估的条件。"))),),
        simplified=simplified,
    )


# --- validity, reminders, counts ----------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    valid_from: dt.date
    valid_to: dt.date
    regime: Regime
    basis: str


def validity(announced_on: dt.date, policy: EvaluationPolicy) -> Validity:
    """Validity of a level announced on ``announced_on`` (EVAL.validity): old rule, N years
    from the announcement; new rule, 1 Jan of the next year to 31 Dec of the N-th year."""
    if regime_on(announced_on, policy) == Regime.OLD:
        return Validity(
            announced_on,
            _add_years(announced_on, policy.validity_years),
            Regime.OLD,
            f"{BASIS_OLD}第二十八条；{BASIS_PERIOD}",
        )
    return Validity(
        dt.date(announced_on.year + 1, 1, 1),
        dt.date(announced_on.year + policy.validity_years, 12, 31),
        Regime.NEW,
        f"{BASIS_NEW}：自公告之日的次年1月1日起至第五年12月31日止",
    )


def reapply_window(valid_from: dt.date, policy: EvaluationPolicy) -> tuple[dt.date, dt.date]:
    """New rule: re-evaluation may be requested from ``valid_from`` up to the day before the
    end of the first ``reapply_within_years`` years (EVAL.reapply_window)."""
    return valid_from, _add_years(valid_from, policy.reapply_within_years) - dt.timedelta(days=1)


def reminder_dates(valid_to: dt.date, policy: EvaluationPolicy) -> tuple[dt.date, ...]:
    """Dates to remind the organization that its level expires, earliest first."""
    return tuple(sorted(valid_to - dt.timedelta(days=d) for d in set(policy.reminder_days)))


def count_valid(
    levels: Iterable[tuple[Level, dt.date, dt.date]],
    on: dt.date,
    *,
    minimum: Level = Level.A3,
) -> int:
    """How many (level, valid_from, valid_to) are valid on ``on`` at ``minimum`` or above."""
    return sum(
        1
        for level, valid_from, valid_to in levels
        if level.rank >= minimum.rank and valid_from <= on <= valid_to
    )


# --- expert recusal -----------------------------------------------------------------------


@dataclass(frozen=True)
class Employment:
    organization_id: int
    started_on: dt.date
    ended_on: dt.date | None = None  # None: still working there


@dataclass(frozen=True)
class ExpertFacts:
    expert_id: int
    member_of: frozenset[int] = frozenset()  # organizations the expert belongs to or leads
    employments: tuple[Employment, ...] = ()
    declared_conflicts: frozenset[int] = frozenset()  # interests the expert declared


@dataclass(frozen=True)
class RecusalDecision:
    must_recuse: bool
    rule: str
    basis: str
    reason: Msg


BASIS_RECUSAL = "社会组织评估专家回避制度（地方评估实施办法；回避年限为本地配置）"


def recusal(
    expert: ExpertFacts, organization_id: int, on: dt.date, policy: EvaluationPolicy
) -> RecusalDecision:
    """Whether the expert must recuse from evaluating the organization on ``on``: their own
    organization, a declared interest, or one they worked for within N years (default 3)."""
    if organization_id in expert.member_of:
        return RecusalDecision(
            True, "EVAL.recusal", BASIS_RECUSAL, Msg(N_("专家是该组织的成员或负责人，应当回避。"))
        )
    if organization_id in expert.declared_conflicts:
        return RecusalDecision(
            True, "EVAL.recusal", BASIS_RECUSAL, Msg(N_("专家申报与该组织存在利害关系，应当回避。"))
        )
    since = _add_years(on, -policy.recusal_years)
    for job in expert.employments:
        if job.organization_id != organization_id or job.started_on > on:
            continue
        if job.ended_on is None or job.ended_on >= since:
            return RecusalDecision(
                True,
                "EVAL.recusal",
                BASIS_RECUSAL,
                Msg(
                    N_("专家 %(n)s 年内（%(since)s 以来）曾在该组织任职，应当回避。"),
                    {"n": policy.recusal_years, "since": since.isoformat()},
                ),
            )
    return RecusalDecision(
        False, "EVAL.recusal", BASIS_RECUSAL, Msg(N_("专家与该组织无需回避的关系。"))
    )
