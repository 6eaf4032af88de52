"""Dormant (僵尸型) organizations: an explainable risk score, the four scope criteria of the
2021 campaign, and the exit-case workflow (pure; no Django import).

Criteria: 民发〔2021〕63号 as applied by the provinces (domain.md §9, ZOMBIE.criteria); outcomes
撤销 / 指导注销 / 限期整改 (盐城 2021). The score weights are our choice and configurable [U].
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from socorg.core.messages import N_, Msg
from socorg.registry.rules.lifecycle import OrgType

BASIS_CAMPAIGN = "民发〔2021〕63号《关于开展“僵尸型”社会组织专项整治行动的通知》"
BASIS_NO_ACTIVITY = "社团条例第二十九条；基金会条例第四十一条；" + BASIS_CAMPAIGN
BASIS_CREDIT = "民政部令第60号（活动异常名录满2年列入严重违法失信名单）"
BASIS_REPORTS = "社团条例第二十八条；民非条例第二十三条；基金会条例第三十六条"

# Months (inclusive of the anniversary) within which an organization must start activity.
FIRST_ACTIVITY_MONTHS: Mapping[OrgType, int] = MappingProxyType(
    {
        OrgType.SOCIAL_GROUP: 12,  # 社团条例 第二十九条: 1 year
        OrgType.SOCIAL_SERVICE: 12,  # campaign criterion 2
        OrgType.FOUNDATION: 12,  # 基金会条例 第四十一条: 12 months
        OrgType.COMMUNITY: 12,
    }
)


@dataclass(frozen=True)
class DormancyPolicy:
    # score weights (points)
    missed_report_points: int = 15  # per consecutive missed annual report
    missed_report_cap: int = 45
    inactive_tiers: tuple[tuple[int, int], ...] = ((12, 10), (24, 20), (36, 30))  # (months ≥, pts)
    zero_finance_points: int = 15
    unreachable_points: int = 25
    abnormal_tiers: tuple[tuple[int, int], ...] = ((1, 5), (12, 10), (24, 20))
    no_first_year_activity_points: int = 20
    # scope criteria (ZOMBIE.criteria)
    criteria_missed_reports: int = 2
    first_activity_months: Mapping[OrgType, int] = field(
        default_factory=lambda: FIRST_ACTIVITY_MONTHS
    )
    business_reference_date: dt.date | None = None  # as in 2021 (2019-01-01); else rolling
    no_business_months: int = 24  # rolling window when no reference date is set [U]
    # The first day the platform holds activity records for (annual reports, events). An
    # organization whose first year ended before it is not judged on that year: no record of
    # it is no evidence of inactivity. None: records go back to every registration.
    records_since: dt.date | None = None


def _add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the month's last day (民法典 第二百零二条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    return months


@dataclass(frozen=True)
class DormancyFacts:
    organization_id: int
    org_type: OrgType
    registered_on: dt.date
    consecutive_missed_reports: int  # up to the latest report deadline
    last_activity_on: dt.date | None  # latest activity record within the 章程 scope
    first_activity_on: dt.date | None
    last_report_income: Decimal | None  # from the latest filed report; None: no report
    last_report_expense: Decimal | None
    unreachable_address: bool  # 通过登记的住所无法联系
    unreachable_legal_rep: bool  # 无法联系法定代表人
    abnormal_list_since: dt.date | None  # 列入活动异常名录的日期
    # The earliest deadline, on or after the day the facts are read, of a report the
    # organization must file and has not filed: the missed count can grow the day after.
    next_report_due_on: dt.date | None = None


class Signal(StrEnum):
    MISSED_REPORTS = "missed_reports"
    INACTIVE = "inactive"
    ZERO_FINANCE = "zero_finance"
    UNREACHABLE = "unreachable"
    ABNORMAL_LIST = "abnormal_list"
    NO_FIRST_YEAR_ACTIVITY = "no_first_year_activity"


class Reason(NamedTuple):
    signal: Signal
    points: int
    message: Msg
    basis: str


@dataclass(frozen=True)
class DormancyScore:
    organization_id: int
    total: int
    reasons: tuple[Reason, ...]


def _tier(value: int, tiers: tuple[tuple[int, int], ...]) -> int:
    return max((points for at_least, points in tiers if value >= at_least), default=0)


def _threshold(value: int, tiers: tuple[tuple[int, int], ...]) -> int:
    """The highest tier threshold (months) ``value`` has reached: what the text states, so the
    text changes when a tier is reached, not every month."""
    return max((at_least for at_least, _points in tiers if value >= at_least), default=0)


def _first_year_without_activity(
    facts: DormancyFacts, policy: DormancyPolicy, today: dt.date
) -> bool:
    window_end = _add_months(facts.registered_on, policy.first_activity_months[facts.org_type])
    if today <= window_end:
        return False  # the year is not over yet
    if policy.records_since is not None and window_end < policy.records_since:
        return False  # the year is older than the records: unknown, not inactive
    return facts.first_activity_on is None or facts.first_activity_on > window_end


def score_dormancy(
    facts: DormancyFacts, *, policy: DormancyPolicy, today: dt.date
) -> DormancyScore:
    """Dormancy risk as a sum of weighted signals, each with its reason (domain.md §9)."""
    reasons: list[Reason] = []
    missed = facts.consecutive_missed_reports
    if missed > 0:
        reasons.append(
            Reason(
                Signal.MISSED_REPORTS,
                min(missed * policy.missed_report_points, policy.missed_report_cap),
                Msg(N_("连续 %(n)s 年未报送年度报告。"), {"n": missed}),
                BASIS_REPORTS,
            )
        )
    since = facts.last_activity_on or facts.registered_on
    inactive_months = months_between(since, today)
    points = _tier(inactive_months, policy.inactive_tiers)
    if points:
        reasons.append(
            Reason(
                Signal.INACTIVE,
                points,
                Msg(
                    N_("自 %(since)s 起没有活动记录，已满 %(n)s 个月。"),
                    {
                        "n": _threshold(inactive_months, policy.inactive_tiers),
                        "since": since.isoformat(),
                    },
                ),
                BASIS_CAMPAIGN,
            )
        )
    if facts.last_report_income == 0 and facts.last_report_expense == 0:
        reasons.append(
            Reason(
                Signal.ZERO_FINANCE,
                policy.zero_finance_points,
                Msg(N_("最近一次年度报告收入和支出均为零。")),
                BASIS_CAMPAIGN,
            )
        )
    if facts.unreachable_address:
        reasons.append(
            Reason(
                Signal.UNREACHABLE,
                policy.unreachable_points,
                Msg(N_("通过登记的住所无法联系。")),
                BASIS_CAMPAIGN,
            )
        )
    if facts.abnormal_list_since is not None:
        listed_months = months_between(facts.abnormal_list_since, today)
        points = _tier(listed_months, policy.abnormal_tiers)
        if points:
            reasons.append(
                Reason(
                    Signal.ABNORMAL_LIST,
                    points,
                    Msg(
                        N_("自 %(since)s 起列入活动异常名录，已满 %(n)s 个月。"),
                        {
                            "n": _threshold(listed_months, policy.abnormal_tiers),
                            "since": facts.abnormal_list_since.isoformat(),
                        },
                    ),
                    BASIS_CREDIT,
                )
            )
    if _first_year_without_activity(facts, policy, today):
        reasons.append(
            Reason(
                Signal.NO_FIRST_YEAR_ACTIVITY,
                policy.no_first_year_activity_points,
                Msg(N_("取得登记证书后一年内未开展活动。")),
                BASIS_NO_ACTIVITY,
            )
        )
    return DormancyScore(facts.organization_id, sum(r.points for r in reasons), tuple(reasons))


class Criterion(StrEnum):
    MISSED_REPORTS = "missed_reports"  # 连续两年未参加年检（年报）
    NO_FIRST_YEAR_ACTIVITY = "no_first_year_activity"  # 登记后一年内未开展活动
    NO_BUSINESS = "no_business"  # 自某日以来未开展章程范围内的业务
    UNREACHABLE = "unreachable"  # 住所和法定代表人均无法联系


@dataclass(frozen=True)
class CriterionMet:
    criterion: Criterion
    basis: str
    reason: Msg


@dataclass(frozen=True)
class CriteriaResult:
    candidate: bool  # any one criterion makes the organization a candidate
    met: tuple[CriterionMet, ...]


def meets_criteria(
    facts: DormancyFacts, *, policy: DormancyPolicy, today: dt.date
) -> CriteriaResult:
    """Which of the four scope criteria of the 2021 campaign the organization meets."""
    met: list[CriterionMet] = []
    if facts.consecutive_missed_reports >= policy.criteria_missed_reports:
        met.append(
            CriterionMet(
                Criterion.MISSED_REPORTS,
                BASIS_CAMPAIGN,
                Msg(
                    N_("连续 %(n)s 年未参加年检（年报），达到 %(min)s 年的标准。"),
                    {"n": facts.consecutive_missed_reports, "min": policy.criteria_missed_reports},
                ),
            )
        )
    if _first_year_without_activity(facts, policy, today):
        met.append(
            CriterionMet(
                Criterion.NO_FIRST_YEAR_ACTIVITY,
                BASIS_NO_ACTIVITY,
                Msg(N_("取得登记证书后一年内未开展活动。")),
            )
        )
    if _no_business(facts, policy, today):
        if policy.business_reference_date is not None:
            message = Msg(
                N_("自 %(since)s 以来未在章程范围内开展对外业务活动。"),
                {"since": policy.business_reference_date.isoformat()},
            )
        else:
            # Named from the facts, not from the rolling reference day: the text stays the
            # same from one day to the next while the facts do.
            since = facts.last_activity_on or facts.registered_on
            message = Msg(
                N_("自 %(since)s 以来未在章程范围内开展对外业务活动，已超过 %(months)s 个月。"),
                {"since": since.isoformat(), "months": policy.no_business_months},
            )
        met.append(CriterionMet(Criterion.NO_BUSINESS, BASIS_CAMPAIGN, message))
    if facts.unreachable_address and facts.unreachable_legal_rep:
        met.append(
            CriterionMet(
                Criterion.UNREACHABLE,
                BASIS_CAMPAIGN,
                Msg(N_("通过登记的住所和法定代表人均无法取得联系。")),
            )
        )
    return CriteriaResult(bool(met), tuple(met))


def _business_reference(policy: DormancyPolicy, today: dt.date) -> dt.date:
    return policy.business_reference_date or _add_months(today, -policy.no_business_months)


def _no_business(facts: DormancyFacts, policy: DormancyPolicy, today: dt.date) -> bool:
    reference = _business_reference(policy, today)
    return facts.registered_on <= reference and (
        facts.last_activity_on is None or facts.last_activity_on < reference
    )


def _next_tier_day(
    since: dt.date, today: dt.date, tiers: tuple[tuple[int, int], ...]
) -> dt.date | None:
    """The day the month count from ``since`` next reaches a tier (what a tiered signal says
    changes only then); None past the last tier."""
    months = months_between(since, today)
    ahead = [at_least for at_least, _points in tiers if at_least > months]
    return _add_months(since, min(ahead)) if ahead else None


def _first_reference_day(target: dt.date, policy: DormancyPolicy) -> dt.date:
    """The first day whose rolling business reference (``no_business_months`` earlier) is on or
    after ``target``."""
    day = _add_months(target, policy.no_business_months) - dt.timedelta(days=3)
    while _business_reference(policy, day) < target:
        day += dt.timedelta(days=1)
    return day


def next_review_on(
    facts: DormancyFacts, *, policy: DormancyPolicy, today: dt.date
) -> dt.date | None:
    """The first day after ``today`` on which ``score_dormancy`` or ``meets_criteria`` may say
    something else with the same facts — a month count reaching a tier, the first
    year after registration ending, the rolling business window passing the last activity, a
    report deadline passing unmet. ``None``: nothing changes with time alone.

    The daily run re-scores an organization on that day, or earlier when its facts change; on
    any day in between a re-score would write the same score."""
    days: list[dt.date | None] = []
    if policy.inactive_tiers:
        since = facts.last_activity_on or facts.registered_on
        days.append(_next_tier_day(since, today, policy.inactive_tiers))
    if facts.abnormal_list_since is not None and policy.abnormal_tiers:
        days.append(_next_tier_day(facts.abnormal_list_since, today, policy.abnormal_tiers))
    window_end = _add_months(facts.registered_on, policy.first_activity_months[facts.org_type])
    if today <= window_end:
        days.append(window_end + dt.timedelta(days=1))
    if policy.business_reference_date is None and not _no_business(facts, policy, today):
        target = facts.registered_on
        if facts.last_activity_on is not None:
            target = max(target, facts.last_activity_on + dt.timedelta(days=1))
        days.append(_first_reference_day(target, policy))
    if facts.next_report_due_on is not None:
        days.append(facts.next_report_due_on + dt.timedelta(days=1))
    later = [day for day in days if day is not None and day > today]
    return min(later) if later else None


class RankedDormancy(NamedTuple):
    rank: int  # 1 is the most likely dormant; ties share a rank (1, 1, 3)
    score: DormancyScore


def rank_dormancy(scores: Iterable[DormancyScore]) -> list[RankedDormancy]:
    """Highest score first; ties share a rank and are ordered by organization id, so the
    ranking does not depend on the input order."""
    ordered = sorted(scores, key=lambda s: (-s.total, s.organization_id))
    ranked: list[RankedDormancy] = []
    for position, score in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].score.total == score.total
        ranked.append(RankedDormancy(ranked[-1].rank if tied else position, score))
    return ranked


# --- exit case workflow (排查 → 核实 → 告知/约谈 → 决定 → 公告 → 结案) -------------------------

DISTRICT_ADMIN = "district_admin"  # 登记管理机关; values equal socorg.accounts.roles.Role
DEPARTMENT_OFFICER = "department_officer"  # 业务主管单位（谁主管、谁负责）

ROLE_LABELS: dict[str, str] = {
    DISTRICT_ADMIN: N_("民政局管理员"),
    DEPARTMENT_OFFICER: N_("业务主管单位人员"),
}


class CaseState(StrEnum):
    SCREENING = "screening"
    VERIFYING = "verifying"
    NOTIFYING = "notifying"
    REVOKING = "revoking"
    GUIDED_DEREGISTRATION = "guided_deregistration"
    RECTIFYING = "rectifying"
    ANNOUNCED = "announced"
    CLOSED = "closed"


CASE_STATE_LABELS: dict[CaseState, str] = {
    CaseState.SCREENING: N_("排查"),
    CaseState.VERIFYING: N_("核实"),
    CaseState.NOTIFYING: N_("告知/约谈"),
    CaseState.REVOKING: N_("决定撤销登记"),
    CaseState.GUIDED_DEREGISTRATION: N_("指导注销"),
    CaseState.RECTIFYING: N_("限期整改"),
    CaseState.ANNOUNCED: N_("已公告"),
    CaseState.CLOSED: N_("已结案"),
}


class CaseAction(StrEnum):
    VERIFY = "verify"
    NOTIFY = "notify"
    DISMISS = "dismiss"
    DECIDE_REVOKE = "decide_revoke"
    DECIDE_DEREGISTER = "decide_deregister"
    DECIDE_RECTIFY = "decide_rectify"
    CONFIRM_RECTIFIED = "confirm_rectified"
    ANNOUNCE = "announce"
    CLOSE = "close"


CASE_ACTION_LABELS: dict[CaseAction, str] = {
    CaseAction.VERIFY: N_("开始核实"),
    CaseAction.NOTIFY: N_("告知/约谈"),
    CaseAction.DISMISS: N_("排除（不属于僵尸型）"),
    CaseAction.DECIDE_REVOKE: N_("决定撤销登记"),
    CaseAction.DECIDE_DEREGISTER: N_("决定指导注销"),
    CaseAction.DECIDE_RECTIFY: N_("决定限期整改"),
    CaseAction.CONFIRM_RECTIFIED: N_("确认整改完成"),
    CaseAction.ANNOUNCE: N_("公告"),
    CaseAction.CLOSE: N_("结案（信用信息已更新）"),
}


@dataclass(frozen=True)
class CaseTransition:
    target: CaseState
    roles: frozenset[str]
    basis: str
    note_required: bool = False  # decisions and dismissals state their grounds


ADMIN = frozenset({DISTRICT_ADMIN})
ADMIN_OR_SUPERVISOR = frozenset({DISTRICT_ADMIN, DEPARTMENT_OFFICER})
BASIS_OUTCOMES = "盐城2021年专项整治：撤销登记、指导注销、限期整改；谁主管、谁负责"
BASIS_REVOKE = (
    "社团条例第二十九条、第三十条；民非条例第二十四条、第二十五条；基金会条例第四十一条、第四十二条"
)
BASIS_DEREGISTER = "社团条例第十九条；民非条例第十六条；基金会条例第十六条（清算后注销）"

CASE_TRANSITIONS: dict[tuple[CaseState, CaseAction], CaseTransition] = {
    (CaseState.SCREENING, CaseAction.VERIFY): CaseTransition(
        CaseState.VERIFYING, ADMIN, BASIS_CAMPAIGN
    ),
    (CaseState.SCREENING, CaseAction.DISMISS): CaseTransition(
        CaseState.CLOSED, ADMIN, BASIS_CAMPAIGN, note_required=True
    ),
    (CaseState.VERIFYING, CaseAction.NOTIFY): CaseTransition(
        CaseState.NOTIFYING, ADMIN_OR_SUPERVISOR, BASIS_OUTCOMES
    ),
    (CaseState.VERIFYING, CaseAction.DISMISS): CaseTransition(
        CaseState.CLOSED, ADMIN, BASIS_CAMPAIGN, note_required=True
    ),
    (CaseState.NOTIFYING, CaseAction.DISMISS): CaseTransition(
        CaseState.CLOSED, ADMIN, BASIS_CAMPAIGN, note_required=True
    ),
    (CaseState.NOTIFYING, CaseAction.DECIDE_REVOKE): CaseTransition(
        CaseState.REVOKING, ADMIN, BASIS_REVOKE, note_required=True
    ),
    (CaseState.NOTIFYING, CaseAction.DECIDE_DEREGISTER): CaseTransition(
        CaseState.GUIDED_DEREGISTRATION, ADMIN, BASIS_DEREGISTER, note_required=True
    ),
    (CaseState.NOTIFYING, CaseAction.DECIDE_RECTIFY): CaseTransition(
        CaseState.RECTIFYING, ADMIN, BASIS_OUTCOMES, note_required=True
    ),
    # Rectification or guided deregistration that fails ends in revocation.
    (CaseState.RECTIFYING, CaseAction.CONFIRM_RECTIFIED): CaseTransition(
        CaseState.ANNOUNCED, ADMIN, BASIS_OUTCOMES
    ),
    (CaseState.RECTIFYING, CaseAction.DECIDE_REVOKE): CaseTransition(
        CaseState.REVOKING, ADMIN, BASIS_REVOKE, note_required=True
    ),
    (CaseState.RECTIFYING, CaseAction.DECIDE_DEREGISTER): CaseTransition(
        CaseState.GUIDED_DEREGISTRATION, ADMIN, BASIS_DEREGISTER, note_required=True
    ),
    (CaseState.GUIDED_DEREGISTRATION, CaseAction.DECIDE_REVOKE): CaseTransition(
        CaseState.REVOKING, ADMIN, BASIS_REVOKE, note_required=True
    ),
    (CaseState.GUIDED_DEREGISTRATION, CaseAction.ANNOUNCE): CaseTransition(
        CaseState.ANNOUNCED, ADMIN, BASIS_DEREGISTER
    ),
    (CaseState.REVOKING, CaseAction.ANNOUNCE): CaseTransition(
        CaseState.ANNOUNCED,
        ADMIN,
        "社团条例第二十三条；民非条例第十八条；基金会条例第十九条（登记事项公告）",
    ),
    (CaseState.ANNOUNCED, CaseAction.CLOSE): CaseTransition(CaseState.CLOSED, ADMIN, BASIS_CREDIT),
}


@dataclass(frozen=True)
class CaseDecision:
    allowed: bool
    target: CaseState | None
    basis: str
    reason: Msg


def decide_case_action(
    state: CaseState, action: CaseAction, role: str, *, note: str = ""
) -> CaseDecision:
    """Whether ``role`` may take ``action`` on an exit case in ``state``, and where it leads."""
    transition = CASE_TRANSITIONS.get((state, action))
    if transition is None:
        possible = "、".join(CASE_ACTION_LABELS[a] for (s, a) in CASE_TRANSITIONS if s == state)
        return CaseDecision(
            False,
            None,
            "",
            Msg(
                N_("案件处于“%(state)s”阶段，不能“%(action)s”。此阶段可以：%(possible)s。"),
                {
                    "state": CASE_STATE_LABELS[state],
                    "action": CASE_ACTION_LABELS[action],
                    "possible": possible or "—",
                },
            ),
        )
    if role not in transition.roles:
        return CaseDecision(
            False,
            None,
            transition.basis,
            Msg(
                N_("“%(action)s”只能由%(roles)s办理。"),
                {
                    "action": CASE_ACTION_LABELS[action],
                    "roles": "、".join(ROLE_LABELS[r] for r in sorted(transition.roles)),
                },
            ),
        )
    if transition.note_required and not note.strip():
        return CaseDecision(
            False,
            None,
            transition.basis,
            Msg(N_("“%(action)s”须写明事实和理由。"), {"action": CASE_ACTION_LABELS[action]}),
        )
    return CaseDecision(
        True,
        transition.target,
        transition.basis,
        Msg(
            N_("“%(action)s”后案件进入“%(state)s”阶段。"),
            {"action": CASE_ACTION_LABELS[action], "state": CASE_STATE_LABELS[transition.target]},
        ),
    )
