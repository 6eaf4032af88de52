"""Party-building rules (党建, docs/domain.md §8): the form a party organization must take, the
two coverage rates ("两个覆盖"), and when a missing party organization is credit trigger A2.

Pure: no Django. Numbers come in through ``PartyPolicy`` (domain.md §14, PARTY.*). Messages are
Chinese msgids (``Msg``) rendered where they are shown.

The A2 check is deliberately narrow: it answers yes only where the deployment switched it on,
for a registered organization whose recorded number of full party members requires a party
organization and which has none in any form. An organization whose members were never
recorded is never listed: the platform must not put an organization on a list wrongly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from socorg.core.messages import N_, Msg
from socorg.registry.rules.lifecycle import REGISTERED_TYPES, OrgType


class PartyOrgForm(StrEnum):
    """How the organization is covered by a party organization (组建形式)."""

    NONE = "none"  # 未建立
    SINGLE = "single"  # 单独组建
    JOINT = "joint"  # 联合组建（区域/行业联合党支部）
    FUNCTIONAL = "functional"  # 功能型党组织


ESTABLISHED_FORMS = frozenset({PartyOrgForm.SINGLE, PartyOrgForm.JOINT, PartyOrgForm.FUNCTIONAL})


class PartyOrgLevel(StrEnum):
    COMMITTEE = "committee"  # 党委
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部


class InstructorRole(StrEnum):
    INSTRUCTOR = "instructor"  # 党建工作指导员
    LIAISON = "liaison"  # 党建联络员


class Requirement(StrEnum):
    """What the party rules ask of an organization with a given number of full members."""

    STANDALONE = "standalone"  # 应当单独组建党组织
    JOINT = "joint"  # 党员不足规定人数：与邻近单位联合组建
    WORK_COVERAGE = "work_coverage"  # 无正式党员：选派党建工作指导员或联络员（工作覆盖）


# Citations. Article numbers not read in the full text say so (domain.md evidence levels).
CONSTITUTION_BRANCH = Msg(
    N_(
        "《中国共产党章程》第三十条：社会组织等基层单位，凡是有正式党员三人以上的，"
        "都应当成立党的基层组织"
    )
)
JOINT_BRANCH_RULE = Msg(
    N_(
        "《中国共产党支部工作条例（试行）》：正式党员不足规定人数的单位，可以与邻近单位联合成立党支部，"
        "联合党支部覆盖单位一般不超过%(max)s个（条号待核）"
    )
)
WORK_COVERAGE_RULE = Msg(
    N_("“两个覆盖”要求：暂不具备组建条件的，通过选派党建工作指导员或联络员实现党的工作覆盖")
)
CREDIT_A2 = Msg(
    N_(
        "《社会组织信用信息管理办法》（民政部令第60号）第十条（条号待核）：未按照有关规定设立党组织的，"
        "列入活动异常名录（情形 A2）"
    )
)
A2_TRIGGER_CODE = "A2"


@dataclass(frozen=True)
class PartyPolicy:
    # PARTY.min_members_for_branch [S]: full members from which a party organization is required.
    min_members_for_branch: int = 3
    # PARTY.joint_branch_max_units [S]: units a joint branch covers, the host included.
    joint_branch_max_units: int = 5
    # Forms counted by 组织覆盖率 (domain.md §8: 单独建立 + 联合建立); 功能型 counts towards 工作覆盖.
    organization_coverage_forms: frozenset[PartyOrgForm] = field(
        default_factory=lambda: frozenset({PartyOrgForm.SINGLE, PartyOrgForm.JOINT})
    )
    # A2 feeds the credit lists only where a locality decided so (off by default).
    missing_party_org_is_credit_trigger: bool = False
    # 60号令 covers registered bodies; filed community organizations are not listed.
    credit_trigger_org_types: frozenset[OrgType] = REGISTERED_TYPES

    def __post_init__(self) -> None:
        if self.min_members_for_branch < 1:
            raise ValueError(
                f"PartyPolicy.min_members_for_branch must be at least 1, got "
                f"{self.min_members_for_branch}"
            )
        if self.joint_branch_max_units < 2:
            raise ValueError(
                f"PartyPolicy.joint_branch_max_units must be at least 2, got "
                f"{self.joint_branch_max_units}"
            )
        if not self.organization_coverage_forms <= ESTABLISHED_FORMS:
            raise ValueError("PartyPolicy.organization_coverage_forms may hold established forms")


DEFAULT_POLICY = PartyPolicy()


# --- what the rules ask -----------------------------------------------------------------


@dataclass(frozen=True)
class FormRequirement:
    requirement: Requirement
    citation: Msg


def required_form(members: int, policy: PartyPolicy = DEFAULT_POLICY) -> FormRequirement:
    """The form the rules ask for, given the number of full party members (党章第三十条)."""
    if members < 0:
        raise ValueError("the number of party members cannot be negative")
    if members >= policy.min_members_for_branch:
        return FormRequirement(Requirement.STANDALONE, CONSTITUTION_BRANCH)
    if members > 0:
        return FormRequirement(
            Requirement.JOINT,
            Msg(JOINT_BRANCH_RULE.template, {"max": policy.joint_branch_max_units}),
        )
    return FormRequirement(Requirement.WORK_COVERAGE, WORK_COVERAGE_RULE)


# --- validating a record ----------------------------------------------------------------


@dataclass(frozen=True)
class PartyOrgRecord:
    """What an officer records about one organization's party organization."""

    form: PartyOrgForm
    level: PartyOrgLevel | None
    full_members: int
    established_on: dt.date | None
    covered_units: int  # other organizations a joint branch covers (the host not counted)
    as_of: dt.date  # the day the situation was verified
    name: str = ""
    secretary_name: str = ""


def _add(problems: dict[str, list[Msg]], name: str, message: Msg) -> None:
    problems.setdefault(name, []).append(message)


def party_record_problems(
    record: PartyOrgRecord, *, policy: PartyPolicy = DEFAULT_POLICY, today: dt.date
) -> dict[str, list[Msg]]:
    """Every problem with a record, by field; empty when it may be saved."""
    problems: dict[str, list[Msg]] = {}
    if record.full_members < 0:
        _add(problems, "full_members", Msg(N_("正式党员人数不能为负数。")))
    if record.as_of > today:
        _add(
            problems,
            "as_of",
            Msg(N_("核实日期不能晚于今天（%(today)s）。"), {"today": today.isoformat()}),
        )
    if record.form is PartyOrgForm.NONE:
        if record.level is not None:
            _add(problems, "level", Msg(N_("未建立党组织的，不应填写党组织层级。")))
        if record.established_on is not None:
            _add(problems, "established_on", Msg(N_("未建立党组织的，不应填写成立日期。")))
        if record.name.strip():
            _add(problems, "name", Msg(N_("未建立党组织的，不应填写党组织名称。")))
        if record.secretary_name.strip():
            _add(problems, "secretary_name", Msg(N_("未建立党组织的，不应填写书记姓名。")))
    else:
        if record.level is None:
            _add(problems, "level", Msg(N_("已建立党组织的，请选择党组织层级。")))
        if record.established_on is not None:
            if record.established_on > today:
                _add(
                    problems,
                    "established_on",
                    Msg(N_("成立日期不能晚于今天（%(today)s）。"), {"today": today.isoformat()}),
                )
            elif record.established_on > record.as_of:
                _add(problems, "established_on", Msg(N_("成立日期不能晚于核实日期。")))
    if (
        record.form is PartyOrgForm.SINGLE
        and 0 <= record.full_members < policy.min_members_for_branch
    ):
        _add(
            problems,
            "full_members",
            Msg(
                N_(
                    "单独组建党组织须有 %(n)s 名以上正式党员（党章第三十条），当前为 %(members)s 名；"
                    "不足的可联合组建。"
                ),
                {"n": policy.min_members_for_branch, "members": record.full_members},
            ),
        )
    if record.form is PartyOrgForm.JOINT:
        units = record.covered_units + 1
        if record.covered_units < 1:
            _add(
                problems,
                "covered_organizations",
                Msg(N_("联合组建的，请列出联合党组织覆盖的其他组织（至少一个）。")),
            )
        elif units > policy.joint_branch_max_units:
            _add(
                problems,
                "covered_organizations",
                Msg(
                    N_(
                        "联合党支部覆盖单位一般不超过 %(max)s 个（含本组织），当前为 %(units)s 个。"
                    ),
                    {"max": policy.joint_branch_max_units, "units": units},
                ),
            )
    elif record.covered_units:
        _add(
            problems,
            "covered_organizations",
            Msg(N_("只有联合组建的党组织才能列出覆盖的其他组织。")),
        )
    return problems


# --- coverage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyFacts:
    """What the platform knows about one organization's party building, for rules and credit."""

    organization_id: int
    org_type: OrgType
    active: bool
    form: PartyOrgForm | None  # None: nothing recorded
    full_members: int | None  # None: never recorded
    covered_by_joint: bool = False  # a member unit of another organization's joint branch
    has_instructor: bool = False  # an instructor or liaison currently assigned
    as_of: dt.date | None = None  # when the record was last verified

    @property
    def has_party_organization(self) -> bool:
        return self.form in ESTABLISHED_FORMS or self.covered_by_joint


def has_organization_coverage(facts: PartyFacts, policy: PartyPolicy = DEFAULT_POLICY) -> bool:
    """组织覆盖: a party organization of a counted form (a joint branch's member units count)."""
    if facts.form in policy.organization_coverage_forms:
        return True
    return facts.covered_by_joint and PartyOrgForm.JOINT in policy.organization_coverage_forms


def has_work_coverage(facts: PartyFacts) -> bool:
    """工作覆盖: any party organization, or an instructor or liaison assigned."""
    return facts.has_party_organization or facts.has_instructor


def requires_party_org(facts: PartyFacts, policy: PartyPolicy = DEFAULT_POLICY) -> bool:
    """An active organization whose recorded full members oblige it to set up a party organization
    and which has none in any form (党章第三十条)."""
    return (
        facts.active
        and facts.full_members is not None
        and facts.full_members >= policy.min_members_for_branch
        and not facts.has_party_organization
    )


@dataclass(frozen=True)
class CreditTriggerFinding:
    """Trigger A2 applies: what the credit app records, with the reason and the article."""

    code: str
    found_on: dt.date | None
    reason: Msg
    citation: Msg


def missing_party_org(
    facts: PartyFacts, policy: PartyPolicy = DEFAULT_POLICY
) -> CreditTriggerFinding | None:
    """Trigger A2 (未按照有关规定设立党组织), only where configured; None when it does not apply."""
    if not policy.missing_party_org_is_credit_trigger:
        return None
    if facts.org_type not in policy.credit_trigger_org_types:
        return None
    if not requires_party_org(facts, policy):
        return None
    return CreditTriggerFinding(
        code=A2_TRIGGER_CODE,
        found_on=facts.as_of,
        reason=Msg(
            N_("有正式党员 %(members)s 名（%(n)s 名以上应当成立党组织），但未建立党组织。"),
            {"members": facts.full_members, "n": policy.min_members_for_branch},
        ),
        citation=CREDIT_A2,
    )


@dataclass(frozen=True)
class CoverageCounts:
    """Counts over active organizations: the denominators and numerators of the rates."""

    total: int
    single: int
    joint: int  # hosts of a joint branch and its member units
    functional: int
    work_covered: int

    def __post_init__(self) -> None:
        parts = (self.single, self.joint, self.functional, self.work_covered)
        if self.total < 0 or any(p < 0 for p in parts):
            raise ValueError("coverage counts cannot be negative")
        if self.single + self.joint + self.functional > self.total or self.work_covered > (
            self.total
        ):
            raise ValueError("covered organizations cannot outnumber the organizations")


@dataclass(frozen=True)
class CoverageRates:
    """Percentages with one decimal; None where there is no organization to count."""

    organization: Decimal | None  # 组织覆盖率
    single: Decimal | None  # 单独组建率
    work: Decimal | None  # 工作覆盖率


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage rounded half up to one decimal (None if ``whole`` is 0)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverage_rates(counts: CoverageCounts, policy: PartyPolicy = DEFAULT_POLICY) -> CoverageRates:
    """组织覆盖率 = (单独 + 联合) / 存续组织；单独组建率；工作覆盖率 = (有党组织或指导员) / 存续组织."""
    by_form = {
        PartyOrgForm.SINGLE: counts.single,
        PartyOrgForm.JOINT: counts.joint,
        PartyOrgForm.FUNCTIONAL: counts.functional,
    }
    organization = sum(by_form[f] for f in policy.organization_coverage_forms)
    return CoverageRates(
        organization=percent(organization, counts.total),
        single=percent(counts.single, counts.total),
        work=percent(counts.work_covered, counts.total),
    )
