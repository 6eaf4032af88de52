"""Review workflow of an annual report (pure; no Django import).

One declarative table, ``TRANSITIONS``: (state, action) → the transitions that may apply, each
with the roles allowed, the route (with a supervisory unit, directly registered, community
organization) and the mode (年检 with a conclusion, or 年报 without one) it applies to.
``decide_action`` is the only place the table is read. 未参检 is never stored: it is derived
by ``derived_state`` from the deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from socorg.annual_reports.rules import (
    CONCLUSION_LABELS,
    AnnualReportPolicy,
    Conclusion,
    Mode,
    deadline_for,
    decide_submission,
)
from socorg.core.messages import N_, Msg
from socorg.registry.rules.lifecycle import OrgType

# Role values, equal to socorg.accounts.roles.Role (a test keeps them in step).
ORGANIZATION = "organization"
DEPARTMENT_OFFICER = "department_officer"  # 业务主管单位人员
DISTRICT_ADMIN = "district_admin"  # 民政局（登记管理机关）
STREET_OFFICER = "street_officer"
COMMUNITY_OFFICER = "community_officer"

ROLE_LABELS: dict[str, str] = {
    ORGANIZATION: N_("社会组织账户"),
    DEPARTMENT_OFFICER: N_("业务主管单位人员"),
    DISTRICT_ADMIN: N_("民政局管理员"),
    STREET_OFFICER: N_("街道工作人员"),
    COMMUNITY_OFFICER: N_("社区工作人员"),
}


class State(StrEnum):
    DRAFT = "draft"
    AWAITING_SUPERVISOR = "awaiting_supervisor"
    AWAITING_REGISTRAR = "awaiting_registrar"
    AWAITING_STREET = "awaiting_street"
    PASSED = "passed"
    BASIC_PASSED = "basic_passed"
    FAILED = "failed"
    ACCEPTED = "accepted"
    NOT_FILED = "not_filed"  # derived, never stored


STATE_LABELS: dict[State, str] = {
    State.DRAFT: N_("草稿"),
    State.AWAITING_SUPERVISOR: N_("已提交，待业务主管单位初审"),
    State.AWAITING_REGISTRAR: N_("待登记管理机关审查"),
    State.AWAITING_STREET: N_("已提交，待街道受理"),
    State.PASSED: CONCLUSION_LABELS[Conclusion.PASS],
    State.BASIC_PASSED: CONCLUSION_LABELS[Conclusion.BASIC_PASS],
    State.FAILED: CONCLUSION_LABELS[Conclusion.FAIL],
    State.ACCEPTED: N_("已审查（年报，不作结论）"),
    State.NOT_FILED: N_("未参检"),
}

CONCLUSION_OF_STATE: dict[State, Conclusion] = {
    State.PASSED: Conclusion.PASS,
    State.BASIC_PASSED: Conclusion.BASIC_PASS,
    State.FAILED: Conclusion.FAIL,
}


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    PRE_APPROVE = "pre_approve"
    RETURN = "return"
    CONCLUDE_PASS = "conclude_pass"
    CONCLUDE_BASIC_PASS = "conclude_basic_pass"
    CONCLUDE_FAIL = "conclude_fail"
    ACCEPT = "accept"


ACTION_LABELS: dict[Action, str] = {
    Action.SUBMIT: N_("提交"),
    Action.WITHDRAW: N_("撤回"),
    Action.PRE_APPROVE: N_("初审同意"),
    Action.RETURN: N_("退回修改"),
    Action.CONCLUDE_PASS: N_("审查结论：合格"),
    Action.CONCLUDE_BASIC_PASS: N_("审查结论：基本合格"),
    Action.CONCLUDE_FAIL: N_("审查结论：不合格"),
    Action.ACCEPT: N_("审查通过（不作结论）"),
}


class Route(StrEnum):
    SUPERVISED = "supervised"  # 有业务主管单位
    DIRECT = "direct"  # 直接登记
    COMMUNITY = "community"  # 社区社会组织（备案）


ROUTE_LABELS: dict[Route, str] = {
    Route.SUPERVISED: N_("有业务主管单位的组织"),
    Route.DIRECT: N_("直接登记的组织"),
    Route.COMMUNITY: N_("社区社会组织"),
}
MODE_LABELS: dict[Mode, str] = {
    Mode.INSPECTION: N_("年检（作出结论）"),
    Mode.REPORT_ONLY: N_("年报（不作结论）"),
}

ALL_ROUTES = frozenset(Route)
REGISTERED_ROUTES = frozenset({Route.SUPERVISED, Route.DIRECT})
SUPERVISED_ONLY = frozenset({Route.SUPERVISED})
COMMUNITY_ONLY = frozenset({Route.COMMUNITY})
ALL_MODES = frozenset(Mode)

BASIS_SUPERVISED = "社团条例第二十八条；民非条例第二十三条；基金会条例第三十六条：报业务主管单位初审后报登记管理机关"
BASIS_DIRECT = "中办发〔2016〕46号；直接登记的社会组织不经业务主管单位初审（武汉东湖高新区2026年通知：直接登记的除外）"
BASIS_CONCLUSION = "民政部令第27号；民政部2015年年检通知：合格、基本合格、不合格"
BASIS_REPORT_ONLY = "年报制度（如广州2019）：形式审查，不作年检结论"
BASIS_COMMUNITY = "民发〔2017〕191号：社区社会组织由街道办事处管理（本地做法）"


@dataclass(frozen=True)
class Transition:
    target: State
    roles: frozenset[str]
    basis: str
    routes: frozenset[Route] = ALL_ROUTES
    modes: frozenset[Mode] = ALL_MODES
    note_required: bool = False  # a return or a conclusion short of 合格 says why


def _roles(*roles: str) -> frozenset[str]:
    return frozenset(roles)


TRANSITIONS: dict[tuple[State, Action], tuple[Transition, ...]] = {
    (State.DRAFT, Action.SUBMIT): (
        Transition(
            State.AWAITING_SUPERVISOR,
            _roles(ORGANIZATION),
            BASIS_SUPERVISED,
            routes=SUPERVISED_ONLY,
        ),
        Transition(
            State.AWAITING_REGISTRAR,
            _roles(ORGANIZATION),
            BASIS_DIRECT,
            routes=frozenset({Route.DIRECT}),
        ),
        Transition(
            State.AWAITING_STREET,
            _roles(ORGANIZATION, COMMUNITY_OFFICER),
            BASIS_COMMUNITY,
            routes=COMMUNITY_ONLY,
        ),
    ),
    (State.AWAITING_SUPERVISOR, Action.WITHDRAW): (
        Transition(State.DRAFT, _roles(ORGANIZATION), BASIS_SUPERVISED, routes=SUPERVISED_ONLY),
    ),
    (State.AWAITING_SUPERVISOR, Action.PRE_APPROVE): (
        Transition(
            State.AWAITING_REGISTRAR,
            _roles(DEPARTMENT_OFFICER),
            BASIS_SUPERVISED,
            routes=SUPERVISED_ONLY,
        ),
    ),
    (State.AWAITING_SUPERVISOR, Action.RETURN): (
        Transition(
            State.DRAFT,
            _roles(DEPARTMENT_OFFICER),
            BASIS_SUPERVISED,
            routes=SUPERVISED_ONLY,
            note_required=True,
        ),
    ),
    # Once the supervisory unit has approved, only the registrar may send the report back.
    (State.AWAITING_REGISTRAR, Action.WITHDRAW): (
        Transition(
            State.DRAFT, _roles(ORGANIZATION), BASIS_DIRECT, routes=frozenset({Route.DIRECT})
        ),
    ),
    (State.AWAITING_REGISTRAR, Action.RETURN): (
        Transition(
            State.DRAFT,
            _roles(DISTRICT_ADMIN),
            BASIS_CONCLUSION,
            routes=REGISTERED_ROUTES,
            note_required=True,
        ),
    ),
    (State.AWAITING_REGISTRAR, Action.CONCLUDE_PASS): (
        Transition(
            State.PASSED,
            _roles(DISTRICT_ADMIN),
            BASIS_CONCLUSION,
            routes=REGISTERED_ROUTES,
            modes=frozenset({Mode.INSPECTION}),
        ),
    ),
    (State.AWAITING_REGISTRAR, Action.CONCLUDE_BASIC_PASS): (
        Transition(
            State.BASIC_PASSED,
            _roles(DISTRICT_ADMIN),
            BASIS_CONCLUSION,
            routes=REGISTERED_ROUTES,
            modes=frozenset({Mode.INSPECTION}),
            note_required=True,
        ),
    ),
    (State.AWAITING_REGISTRAR, Action.CONCLUDE_FAIL): (
        Transition(
            State.FAILED,
            _roles(DISTRICT_ADMIN),
            BASIS_CONCLUSION,
            routes=REGISTERED_ROUTES,
            modes=frozenset({Mode.INSPECTION}),
            note_required=True,
        ),
    ),
    (State.AWAITING_REGISTRAR, Action.ACCEPT): (
        Transition(
            State.ACCEPTED,
            _roles(DISTRICT_ADMIN),
            BASIS_REPORT_ONLY,
            routes=REGISTERED_ROUTES,
            modes=frozenset({Mode.REPORT_ONLY}),
        ),
    ),
    (State.AWAITING_STREET, Action.WITHDRAW): (
        Transition(
            State.DRAFT,
            _roles(ORGANIZATION, COMMUNITY_OFFICER),
            BASIS_COMMUNITY,
            routes=COMMUNITY_ONLY,
        ),
    ),
    (State.AWAITING_STREET, Action.ACCEPT): (
        Transition(State.ACCEPTED, _roles(STREET_OFFICER), BASIS_COMMUNITY, routes=COMMUNITY_ONLY),
    ),
    (State.AWAITING_STREET, Action.RETURN): (
        Transition(
            State.DRAFT,
            _roles(STREET_OFFICER),
            BASIS_COMMUNITY,
            routes=COMMUNITY_ONLY,
            note_required=True,
        ),
    ),
}

FINAL_STATES = frozenset(
    {State.PASSED, State.BASIC_PASSED, State.FAILED, State.ACCEPTED, State.NOT_FILED}
)


@dataclass(frozen=True)
class ReviewContext:
    org_type: OrgType
    has_supervisory_unit: bool
    year: int  # report year
    today: dt.date
    policy: AnnualReportPolicy
    note: str = ""
    first_submitted_on: dt.date | None = None  # kept when a returned report is resubmitted


@dataclass(frozen=True)
class ActionDecision:
    allowed: bool
    target: State | None
    basis: str
    reason: Msg
    late: bool = False


def route_of(org_type: OrgType, has_supervisory_unit: bool) -> Route:
    if org_type == OrgType.COMMUNITY:
        return Route.COMMUNITY
    return Route.SUPERVISED if has_supervisory_unit else Route.DIRECT


def _labels(labels: dict[str, str], keys: frozenset[str]) -> str:
    return "、".join(labels[k] for k in sorted(keys))


def available_actions(state: State) -> tuple[Action, ...]:
    return tuple(action for (s, action) in TRANSITIONS if s == state)


def decide_action(
    state: State, action: Action, role: str, context: ReviewContext
) -> ActionDecision:
    """Whether ``role`` may take ``action`` on a report in ``state``, and where it leads."""
    candidates = TRANSITIONS.get((state, action))
    if not candidates:
        possible = "、".join(ACTION_LABELS[a] for a in available_actions(state)) or "—"
        return ActionDecision(
            False,
            None,
            "",
            Msg(
                N_("报告处于“%(state)s”状态，不能“%(action)s”。此状态下可以：%(possible)s。"),
                {
                    "state": STATE_LABELS[state],
                    "action": ACTION_LABELS[action],
                    "possible": possible,
                },
            ),
        )
    route = route_of(context.org_type, context.has_supervisory_unit)
    by_route = [t for t in candidates if route in t.routes]
    if not by_route:
        return ActionDecision(
            False,
            None,
            candidates[0].basis,
            Msg(
                N_("“%(action)s”不适用于%(route)s。"),
                {"action": ACTION_LABELS[action], "route": ROUTE_LABELS[route]},
            ),
        )
    transition = by_route[0]
    if context.policy.mode not in transition.modes:
        return ActionDecision(
            False,
            None,
            transition.basis,
            Msg(
                N_("本年度采用“%(mode)s”方式，不能“%(action)s”。"),
                {"mode": MODE_LABELS[context.policy.mode], "action": ACTION_LABELS[action]},
            ),
        )
    if role not in transition.roles:
        return ActionDecision(
            False,
            None,
            transition.basis,
            Msg(
                N_("“%(action)s”只能由%(roles)s办理。"),
                {"action": ACTION_LABELS[action], "roles": _labels(ROLE_LABELS, transition.roles)},
            ),
        )
    if transition.note_required and not context.note.strip():
        return ActionDecision(
            False,
            None,
            transition.basis,
            Msg(N_("“%(action)s”须写明原因或整改要求。"), {"action": ACTION_LABELS[action]}),
        )
    if action == Action.SUBMIT:
        due = deadline_for(
            context.org_type, context.year, context.has_supervisory_unit, context.policy
        )
        submission = decide_submission(
            context.today, due, context.policy, first_submitted_on=context.first_submitted_on
        )
        if not submission.accepted:
            return ActionDecision(False, None, submission.basis, submission.reason, late=True)
        if submission.late:
            return ActionDecision(
                True, transition.target, submission.basis, submission.reason, late=True
            )
    return ActionDecision(
        True,
        transition.target,
        transition.basis,
        Msg(
            N_("“%(action)s”后报告进入“%(state)s”。"),
            {"action": ACTION_LABELS[action], "state": STATE_LABELS[transition.target]},
        ),
    )


def derived_state(
    stored: State | None, *, required: bool, deadline: dt.date, today: dt.date
) -> State | None:
    """The state to show: 未参检 when a required report was not submitted by the deadline."""
    if required and stored in (None, State.DRAFT) and today > deadline:
        return State.NOT_FILED
    return stored
