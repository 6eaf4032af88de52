"""Annual inspection (年检) and annual work report (年报): who must file, by when, and what a
valid report looks like (pure; no Django import).

Deadlines: 社团条例 第二十八条, 民非条例 第二十三条 (and 民政部令第27号 第四条), 基金会条例 第三十六条.
Outcomes: 合格 / 基本合格 / 不合格 (民政部令第27号). Every number is a field of
``AnnualReportPolicy`` with the defaults of domain.md §14 (ANNUAL.*); ``year`` is always the
report year (the year the report covers), whose deadlines fall in the following year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from socorg.core.messages import N_, Msg
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES, OrgType, Status

MonthDay = tuple[int, int]


class Mode(StrEnum):
    INSPECTION = "inspection"  # 年检：审查后给出合格/基本合格/不合格结论
    REPORT_ONLY = "report_only"  # 年报：形式审查，不作结论（如广州 2019）


class LateHandling(StrEnum):
    REFUSE = "refuse"  # 逾期不予受理（武汉：逾期年检系统关闭）
    ACCEPT_MARKED = "accept_marked"  # 逾期仍受理，标记为逾期


class Conclusion(StrEnum):
    PASS = "pass"  # 合格
    BASIC_PASS = "basic_pass"  # 基本合格
    FAIL = "fail"  # 不合格


CONCLUSION_LABELS: dict[Conclusion, str] = {
    Conclusion.PASS: N_("合格"),
    Conclusion.BASIC_PASS: N_("基本合格"),
    Conclusion.FAIL: N_("不合格"),
}

BASIS_DEADLINE = {
    OrgType.SOCIAL_GROUP: "社团条例第二十八条",
    OrgType.SOCIAL_SERVICE: "民非条例第二十三条；民政部令第27号第四条",
    OrgType.FOUNDATION: "基金会条例第三十六条",
}
BASIS_FIRST_YEAR = "民政部令第27号第三条；本地做法：当年6月30日（含）前登记的参加当年度年检"
BASIS_LATE = "武汉市年检通知：逾期年检系统关闭，不予受理（可配置为逾期受理并标记）"


@dataclass(frozen=True)
class TypeDeadlines:
    to_supervisor: MonthDay  # 报业务主管单位初审（无业务主管单位的组织不适用）
    to_registrar: MonthDay  # 报登记管理机关
    basis: str


@dataclass(frozen=True)
class DeadlineOverride:
    """A one-year change of deadlines, e.g. the 2020 COVID extension (漳州 2020: to 8-31).

    An override that names only ``to_registrar`` moves the supervisor's date to it as well.
    """

    year: int
    to_registrar: dt.date
    basis: str
    to_supervisor: dt.date | None = None
    org_types: frozenset[OrgType] = frozenset(OrgType)

    def __post_init__(self) -> None:
        if self.to_supervisor and self.to_supervisor > self.to_registrar:
            raise ValueError("to_supervisor must not be later than to_registrar")


@dataclass(frozen=True)
class CommunityFilingPolicy:
    """The lighter yearly filing of 社区社会组织 with the street office (local practice, [L])."""

    required: bool = True
    due: MonthDay = (3, 31)
    first_year_cutoff: MonthDay = (6, 30)
    basis: str = "民发〔2017〕191号；社区社会组织每年向街道办事处报送年度情况（本地做法，可配置）"


DEFAULT_DEADLINES: Mapping[OrgType, TypeDeadlines] = MappingProxyType(
    {
        OrgType.SOCIAL_GROUP: TypeDeadlines((3, 31), (5, 31), BASIS_DEADLINE[OrgType.SOCIAL_GROUP]),
        OrgType.SOCIAL_SERVICE: TypeDeadlines(
            (3, 31), (5, 31), BASIS_DEADLINE[OrgType.SOCIAL_SERVICE]
        ),
        # The foundation's report is approved by its supervisor before the 3-31 filing.
        OrgType.FOUNDATION: TypeDeadlines((3, 31), (3, 31), BASIS_DEADLINE[OrgType.FOUNDATION]),
    }
)


@dataclass(frozen=True)
class AnnualReportPolicy:
    mode: Mode = Mode.INSPECTION
    late_handling: LateHandling = LateHandling.REFUSE
    deadlines: Mapping[OrgType, TypeDeadlines] = field(default_factory=lambda: DEFAULT_DEADLINES)
    first_year_cutoff: MonthDay = (6, 30)  # ANNUAL.first_year_cutoff
    overrides: tuple[DeadlineOverride, ...] = ()
    community: CommunityFilingPolicy = field(default_factory=CommunityFilingPolicy)
    # Types that must attach a CPA audit report (基金会条例 第三十六条; many places require all).
    audit_report_types: frozenset[OrgType] = frozenset({OrgType.FOUNDATION})
    amount_tolerance: Decimal = Decimal("0")  # allowed rounding gap between lines and totals
    party_min_members: int = 3  # PARTY.min_members_for_branch


def _on(year: int, month_day: MonthDay) -> dt.date:
    """The date of ``month_day`` in ``year``; 02-29 falls back to 02-28 in a common year."""
    month, day = month_day
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueDates:
    supervisor: dt.date | None  # None: no supervisory unit, no 初审 stage
    registrar: dt.date  # the registration authority (for community orgs: the street office)
    basis: str

    @property
    def submission(self) -> dt.date:
        """The date by which the organization itself must submit (its first stage)."""
        return self.supervisor or self.registrar


def deadline_for(
    org_type: OrgType, year: int, has_supervisor: bool, policy: AnnualReportPolicy
) -> DueDates:
    """Deadlines for the report on ``year`` (ANNUAL.due_*), with any per-year override."""
    if org_type == OrgType.COMMUNITY:
        supervisor, registrar = None, _on(year + 1, policy.community.due)
        basis = policy.community.basis
    else:
        type_deadlines = policy.deadlines[org_type]
        supervisor = _on(year + 1, type_deadlines.to_supervisor) if has_supervisor else None
        registrar = _on(year + 1, type_deadlines.to_registrar)
        basis = type_deadlines.basis
    for override in policy.overrides:
        if override.year == year and org_type in override.org_types:
            registrar = override.to_registrar
            if supervisor is not None:
                supervisor = override.to_supervisor or override.to_registrar
            basis = f"{basis}；{override.basis}"
    return DueDates(supervisor, registrar, basis)


@dataclass(frozen=True)
class OrgFilingFacts:
    org_type: OrgType
    status: Status
    registered_on: dt.date  # 成立登记 (or 备案) date
    has_supervisory_unit: bool
    ended_on: dt.date | None = None  # date of 注销 / 撤销, if any


@dataclass(frozen=True)
class FilingDecision:
    required: bool
    rule: str  # rule id, domain.md §14
    basis: str
    reason: Msg
    due: DueDates | None = None


@dataclass(frozen=True)
class FilingPlan:
    """What decides filing for one kind of organization and year, whoever it is: the cut-off
    date of registration and the deadlines. The same for every organization of a type (with or
    without a supervisory unit), so a caller deciding for many computes it once."""

    community: bool
    cutoff: dt.date
    due: DueDates


def filing_plan(
    org_type: OrgType, year: int, has_supervisor: bool, policy: AnnualReportPolicy
) -> FilingPlan:
    """The cut-off and deadlines of the report on ``year`` for organizations of a kind."""
    community = org_type == OrgType.COMMUNITY
    cutoff = _on(
        year, policy.community.first_year_cutoff if community else policy.first_year_cutoff
    )
    return FilingPlan(community, cutoff, deadline_for(org_type, year, has_supervisor, policy))


def is_required(facts: OrgFilingFacts, plan: FilingPlan, policy: AnnualReportPolicy) -> bool:
    """``must_file(...).required`` from a precomputed plan (no message built): registered by
    the cut-off and still existing at the deadline."""
    if plan.community and not policy.community.required:
        return False
    if facts.registered_on > plan.cutoff:
        return False
    return facts.status in ACTIVE_STATUSES or (
        facts.ended_on is not None and facts.ended_on > plan.due.registrar
    )


def must_file(facts: OrgFilingFacts, year: int, policy: AnnualReportPolicy) -> FilingDecision:
    """Whether the organization must file the report on ``year``, and by when."""
    plan = filing_plan(facts.org_type, year, facts.has_supervisory_unit, policy)
    community, cutoff, due = plan.community, plan.cutoff, plan.due
    if community and not policy.community.required:
        return FilingDecision(
            False,
            "CSO.annual_filing",
            policy.community.basis,
            Msg(N_("本辖区未要求社区社会组织报送年度情况。")),
        )
    if facts.registered_on > cutoff:
        return FilingDecision(
            False,
            "ANNUAL.first_year_cutoff",
            policy.community.basis if community else BASIS_FIRST_YEAR,
            Msg(
                N_(
                    "该组织于 %(registered)s 登记（备案），晚于 %(cutoff)s，无需报送 %(year)s 年度报告。"
                ),
                {
                    "registered": facts.registered_on.isoformat(),
                    "cutoff": cutoff.isoformat(),
                    "year": year,
                },
            ),
        )
    if facts.status not in ACTIVE_STATUSES and (
        facts.ended_on is None or facts.ended_on <= due.registrar
    ):
        return FilingDecision(
            False,
            "ANNUAL.ended",
            "社团条例第二十八条；民非条例第二十三条；基金会条例第三十六条（仅适用于存续的组织）",
            Msg(
                N_("该组织已注销或撤销（%(ended)s），不晚于报送截止日 %(due)s，无需报送。"),
                {
                    "ended": facts.ended_on.isoformat() if facts.ended_on else "—",
                    "due": due.registrar.isoformat(),
                },
            ),
        )
    return FilingDecision(
        True,
        "CSO.annual_filing" if community else "ANNUAL.due",
        due.basis,
        Msg(
            N_("应于 %(due)s 前报送 %(year)s 年度报告。"),
            {"due": due.submission.isoformat(), "year": year},
        ),
        due,
    )


def is_late(submitted_on: dt.date, deadline: dt.date) -> bool:
    """Submitted after the deadline day (the deadline day itself is on time)."""
    return submitted_on > deadline


@dataclass(frozen=True)
class SubmissionDecision:
    accepted: bool
    late: bool
    rule: str
    basis: str
    reason: Msg


def decide_submission(
    submitted_on: dt.date,
    due: DueDates,
    policy: AnnualReportPolicy,
    *,
    first_submitted_on: dt.date | None = None,
) -> SubmissionDecision:
    """Accept, accept-as-late or refuse a submission; a report returned for correction keeps
    the date it was first submitted on, so a timely first submission is never late."""
    deadline = due.submission
    on = min(submitted_on, first_submitted_on) if first_submitted_on else submitted_on
    if not is_late(on, deadline):
        return SubmissionDecision(
            True,
            False,
            "ANNUAL.due",
            due.basis,
            Msg(N_("在截止日 %(due)s 前报送。"), {"due": deadline.isoformat()}),
        )
    params = {"date": submitted_on.isoformat(), "due": deadline.isoformat()}
    if policy.late_handling == LateHandling.ACCEPT_MARKED:
        return SubmissionDecision(
            True,
            True,
            "ANNUAL.late",
            BASIS_LATE,
            Msg(N_("%(date)s 报送，已超过截止日 %(due)s，予以受理并标记为逾期。"), params),
        )
    return SubmissionDecision(
        False,
        True,
        "ANNUAL.late",
        BASIS_LATE,
        Msg(N_("%(date)s 报送，已超过截止日 %(due)s，不予受理。"), params),
    )


# --- report content (domain.md §4.3) ------------------------------------------------------


class PartyOrgForm(StrEnum):
    SINGLE = "single"  # 单独组建
    JOINT = "joint"  # 联合组建
    FUNCTIONAL = "functional"  # 功能型


@dataclass(frozen=True)
class AnnualReportFacts:
    org_type: OrgType
    # 业务活动表 — 收入 (民间非营利组织会计制度 第五十八条)
    income_donations: Decimal
    income_membership_fees: Decimal
    income_services: Decimal
    income_government_grants: Decimal
    income_sales: Decimal
    income_investment: Decimal
    income_other: Decimal
    income_total: Decimal
    government_purchase_income: Decimal  # 其中：政府购买服务收入 (memo line)
    # 业务活动表 — 费用
    expense_program: Decimal  # 业务活动成本
    expense_admin: Decimal  # 管理费用
    expense_fundraising: Decimal  # 筹资费用
    expense_other: Decimal
    expense_total: Decimal
    # 资产负债表
    assets_total: Decimal
    liabilities_total: Decimal
    net_assets: Decimal
    # 人员
    staff_full_time: int
    staff_part_time: int
    volunteers: int
    # 内部治理
    general_assemblies: int  # 会员(代表)大会
    council_meetings: int  # 理事会
    supervisory_meetings: int  # 监事会
    # 党建
    has_party_org: bool
    party_org_form: PartyOrgForm | None
    party_members: int  # 正式党员
    # 活动
    activities: int
    beneficiaries: int
    public_benefit_spend: Decimal  # 公益活动支出
    fee_reduction: Decimal  # 会费减免金额
    major_matters: tuple[str, ...] = ()  # 重大事项
    has_audit_report: bool = False
    net_assets_restricted: Decimal | None = None
    net_assets_unrestricted: Decimal | None = None


INCOME_LINES = (
    "income_donations",
    "income_membership_fees",
    "income_services",
    "income_government_grants",
    "income_sales",
    "income_investment",
    "income_other",
)
EXPENSE_LINES = ("expense_program", "expense_admin", "expense_fundraising", "expense_other")
# Investment income may be a loss and net assets may be negative (insolvent organizations).
NON_NEGATIVE_AMOUNTS = (
    *(f for f in INCOME_LINES if f != "income_investment"),
    "income_total",
    "government_purchase_income",
    *EXPENSE_LINES,
    "expense_total",
    "assets_total",
    "liabilities_total",
    "public_benefit_spend",
    "fee_reduction",
)
COUNTS = (
    "staff_full_time",
    "staff_part_time",
    "volunteers",
    "general_assemblies",
    "council_meetings",
    "supervisory_meetings",
    "party_members",
    "activities",
    "beneficiaries",
)
FIELD_LABELS: dict[str, str] = {
    "income_donations": N_("捐赠收入"),
    "income_membership_fees": N_("会费收入"),
    "income_services": N_("提供服务收入"),
    "income_government_grants": N_("政府补助收入"),
    "income_sales": N_("商品销售收入"),
    "income_investment": N_("投资收益"),
    "income_other": N_("其他收入"),
    "income_total": N_("收入合计"),
    "government_purchase_income": N_("其中：政府购买服务收入"),
    "expense_program": N_("业务活动成本"),
    "expense_admin": N_("管理费用"),
    "expense_fundraising": N_("筹资费用"),
    "expense_other": N_("其他费用"),
    "expense_total": N_("费用合计"),
    "assets_total": N_("资产总额"),
    "liabilities_total": N_("负债总额"),
    "net_assets": N_("净资产"),
    "public_benefit_spend": N_("公益活动支出"),
    "fee_reduction": N_("会费减免金额"),
    "staff_full_time": N_("专职工作人员数"),
    "staff_part_time": N_("兼职工作人员数"),
    "volunteers": N_("志愿者数"),
    "general_assemblies": N_("会员（代表）大会召开次数"),
    "council_meetings": N_("理事会召开次数"),
    "supervisory_meetings": N_("监事会召开次数"),
    "party_members": N_("正式党员数"),
    "activities": N_("开展活动数"),
    "beneficiaries": N_("受益人数"),
}

Problems = dict[str, list[Msg]]


def _add(problems: Problems, name: str, message: Msg) -> None:
    problems.setdefault(name, []).append(message)


def _sum_problem(
    problems: Problems, total_field: str, total: Decimal, parts: Decimal, tolerance: Decimal
) -> None:
    if abs(total - parts) > tolerance:
        _add(
            problems,
            total_field,
            Msg(
                N_("%(label)s %(total)s 与各分项之和 %(sum)s 不一致。"),
                {"label": FIELD_LABELS[total_field], "total": str(total), "sum": str(parts)},
            ),
        )


def validate_report(report: AnnualReportFacts, *, policy: AnnualReportPolicy) -> Problems:
    """Field problems of an annual report (domain.md §4.3); an empty dict means consistent."""
    problems: Problems = {}
    for name in NON_NEGATIVE_AMOUNTS:
        if getattr(report, name) < 0:
            _add(problems, name, Msg(N_("%(label)s不能为负数。"), {"label": FIELD_LABELS[name]}))
    for name in COUNTS:
        if getattr(report, name) < 0:
            _add(problems, name, Msg(N_("%(label)s不能为负数。"), {"label": FIELD_LABELS[name]}))

    tolerance = policy.amount_tolerance
    income = sum((getattr(report, f) for f in INCOME_LINES), Decimal(0))
    _sum_problem(problems, "income_total", report.income_total, income, tolerance)
    expenses = sum((getattr(report, f) for f in EXPENSE_LINES), Decimal(0))
    _sum_problem(problems, "expense_total", report.expense_total, expenses, tolerance)

    if abs(report.net_assets - (report.assets_total - report.liabilities_total)) > tolerance:
        _add(
            problems,
            "net_assets",
            Msg(
                N_("净资产 %(net)s 应等于资产总额 %(assets)s 减负债总额 %(liabilities)s。"),
                {
                    "net": str(report.net_assets),
                    "assets": str(report.assets_total),
                    "liabilities": str(report.liabilities_total),
                },
            ),
        )
    restricted, unrestricted = report.net_assets_restricted, report.net_assets_unrestricted
    if (
        restricted is not None
        and unrestricted is not None
        and abs(restricted + unrestricted - report.net_assets) > tolerance
    ):
        _add(
            problems,
            "net_assets",
            Msg(N_("限定性与非限定性净资产之和应等于净资产。")),
        )
    if report.government_purchase_income > report.income_total:
        _add(
            problems,
            "government_purchase_income",
            Msg(
                N_("政府购买服务收入 %(purchase)s 不能超过收入合计 %(total)s。"),
                {
                    "purchase": str(report.government_purchase_income),
                    "total": str(report.income_total),
                },
            ),
        )
    if report.public_benefit_spend > report.expense_total:
        _add(problems, "public_benefit_spend", Msg(N_("公益活动支出不能超过费用合计。")))

    if report.has_party_org and report.party_org_form is None:
        _add(problems, "party_org_form", Msg(N_("已建立党组织的，请填写组建形式。")))
    elif not report.has_party_org and report.party_org_form is not None:
        _add(problems, "party_org_form", Msg(N_("未建立党组织的，不应填写组建形式。")))
    elif (
        report.party_org_form == PartyOrgForm.SINGLE
        and report.party_members < policy.party_min_members
    ):
        _add(
            problems,
            "party_members",
            Msg(
                N_("单独组建党组织须有 %(n)s 名以上正式党员（党章），当前填报 %(members)s 名。"),
                {"n": policy.party_min_members, "members": report.party_members},
            ),
        )

    if report.org_type in policy.audit_report_types and not report.has_audit_report:
        _add(
            problems,
            "has_audit_report",
            Msg(N_("该类型组织须附注册会计师审计报告（基金会条例第三十六条）。")),
        )
    if any(not matter.strip() for matter in report.major_matters):
        _add(problems, "major_matters", Msg(N_("重大事项不能为空白。")))
    return problems


def inspection_rate(filed: int, required: int) -> Decimal | None:
    """Share of organizations that filed among those that had to (0–1, four places);
    None when nobody had to file."""
    if filed < 0 or required < 0 or filed > required:
        raise ValueError("need 0 <= filed <= required")
    if required == 0:
        return None
    return (Decimal(filed) / Decimal(required)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
