"""Annual-report review workflow (no database): every transition, refusals, roles, lateness."""

import datetime as dt

import pytest

from socorg.accounts.roles import Role
from socorg.annual_reports import workflow as wf
from socorg.annual_reports.rules import AnnualReportPolicy, DeadlineOverride, LateHandling, Mode
from socorg.annual_reports.workflow import (
    COMMUNITY_OFFICER,
    DEPARTMENT_OFFICER,
    DISTRICT_ADMIN,
    ORGANIZATION,
    STREET_OFFICER,
    TRANSITIONS,
    Action,
    ReviewContext,
    Route,
    State,
    decide_action,
    derived_state,
)
from socorg.registry.rules.lifecycle import OrgType

D = dt.date
INSPECTION = AnnualReportPolicy()
REPORT_ONLY = AnnualReportPolicy(mode=Mode.REPORT_ONLY)
ON_TIME = D(2026, 3, 1)

ROUTE_FACTS = {
    Route.SUPERVISED: (OrgType.SOCIAL_GROUP, True),
    Route.DIRECT: (OrgType.SOCIAL_SERVICE, False),
    Route.COMMUNITY: (OrgType.COMMUNITY, False),
}


def context(route=Route.SUPERVISED, *, policy=INSPECTION, today=ON_TIME, note="", first=None):
    org_type, supervised = ROUTE_FACTS[route]
    return ReviewContext(org_type, supervised, 2025, today, policy, note, first)


S, R = State, Route
# (state, action, role, route, mode, target): every row of TRANSITIONS, for each role it allows.
ALLOWED = [
    (S.DRAFT, Action.SUBMIT, ORGANIZATION, R.SUPERVISED, INSPECTION, S.AWAITING_SUPERVISOR),
    (S.DRAFT, Action.SUBMIT, ORGANIZATION, R.DIRECT, INSPECTION, S.AWAITING_REGISTRAR),
    (S.DRAFT, Action.SUBMIT, ORGANIZATION, R.COMMUNITY, INSPECTION, S.AWAITING_STREET),
    (S.DRAFT, Action.SUBMIT, COMMUNITY_OFFICER, R.COMMUNITY, REPORT_ONLY, S.AWAITING_STREET),
    (S.AWAITING_SUPERVISOR, Action.WITHDRAW, ORGANIZATION, R.SUPERVISED, INSPECTION, S.DRAFT),
    (
        S.AWAITING_SUPERVISOR,
        Action.PRE_APPROVE,
        DEPARTMENT_OFFICER,
        R.SUPERVISED,
        INSPECTION,
        S.AWAITING_REGISTRAR,
    ),
    (S.AWAITING_SUPERVISOR, Action.RETURN, DEPARTMENT_OFFICER, R.SUPERVISED, INSPECTION, S.DRAFT),
    (S.AWAITING_REGISTRAR, Action.WITHDRAW, ORGANIZATION, R.DIRECT, INSPECTION, S.DRAFT),
    (S.AWAITING_REGISTRAR, Action.RETURN, DISTRICT_ADMIN, R.SUPERVISED, INSPECTION, S.DRAFT),
    (S.AWAITING_REGISTRAR, Action.RETURN, DISTRICT_ADMIN, R.DIRECT, REPORT_ONLY, S.DRAFT),
    (
        S.AWAITING_REGISTRAR,
        Action.CONCLUDE_PASS,
        DISTRICT_ADMIN,
        R.SUPERVISED,
        INSPECTION,
        S.PASSED,
    ),
    (
        S.AWAITING_REGISTRAR,
        Action.CONCLUDE_BASIC_PASS,
        DISTRICT_ADMIN,
        R.DIRECT,
        INSPECTION,
        S.BASIC_PASSED,
    ),
    (
        S.AWAITING_REGISTRAR,
        Action.CONCLUDE_FAIL,
        DISTRICT_ADMIN,
        R.SUPERVISED,
        INSPECTION,
        S.FAILED,
    ),
    (S.AWAITING_REGISTRAR, Action.ACCEPT, DISTRICT_ADMIN, R.DIRECT, REPORT_ONLY, S.ACCEPTED),
    (S.AWAITING_STREET, Action.WITHDRAW, ORGANIZATION, R.COMMUNITY, INSPECTION, S.DRAFT),
    (S.AWAITING_STREET, Action.WITHDRAW, COMMUNITY_OFFICER, R.COMMUNITY, INSPECTION, S.DRAFT),
    (S.AWAITING_STREET, Action.ACCEPT, STREET_OFFICER, R.COMMUNITY, INSPECTION, S.ACCEPTED),
    (S.AWAITING_STREET, Action.ACCEPT, STREET_OFFICER, R.COMMUNITY, REPORT_ONLY, S.ACCEPTED),
    (S.AWAITING_STREET, Action.RETURN, STREET_OFFICER, R.COMMUNITY, INSPECTION, S.DRAFT),
]


@pytest.mark.parametrize(("state", "action", "role", "route", "policy", "target"), ALLOWED)
def test_allowed_transitions(state, action, role, route, policy, target):
    decision = decide_action(state, action, role, context(route, policy=policy, note="请补充材料"))
    assert decision.allowed, str(decision.reason)
    assert decision.target == target
    assert decision.basis
    assert not decision.late


def test_the_test_table_covers_every_transition_and_role():
    covered = {(s, a, role, t) for s, a, role, _, _, t in ALLOWED}
    declared = {
        (s, a, role, t.target)
        for (s, a), transitions in TRANSITIONS.items()
        for t in transitions
        for role in t.roles
    }
    assert covered == declared


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.DRAFT, Action.PRE_APPROVE),
        (S.AWAITING_SUPERVISOR, Action.CONCLUDE_PASS),
        (S.AWAITING_REGISTRAR, Action.SUBMIT),
        (S.AWAITING_STREET, Action.PRE_APPROVE),
        (S.PASSED, Action.RETURN),
        (S.BASIC_PASSED, Action.CONCLUDE_PASS),
        (S.FAILED, Action.SUBMIT),
        (S.ACCEPTED, Action.WITHDRAW),
        (S.NOT_FILED, Action.SUBMIT),
    ],
)
def test_refused_action_per_state_explains_what_is_possible(state, action):
    decision = decide_action(state, action, DISTRICT_ADMIN, context(note="x"))
    assert not decision.allowed and decision.target is None
    text = str(decision.reason)
    assert wf.STATE_LABELS[state] in text and wf.ACTION_LABELS[action] in text
    assert "%(" not in text


def test_refusal_lists_the_possible_actions():
    text = str(decide_action(S.DRAFT, Action.ACCEPT, DISTRICT_ADMIN, context()).reason)
    assert text == "报告处于“草稿”状态，不能“审查通过（不作结论）”。此状态下可以：提交。"
    final = str(decide_action(S.PASSED, Action.RETURN, DISTRICT_ADMIN, context()).reason)
    assert final.endswith("此状态下可以：—。")


ALL_ROLES = [r.value for r in Role]


def _expected_roles():
    """(state, action, route) → (a policy, every role the ALLOWED table lets through)."""
    rows = {}
    for state, action, role, route, policy, _ in ALLOWED:
        rows.setdefault((state, action, route), (policy, set()))[1].add(role)
    return sorted(((*key, policy, roles) for key, (policy, roles) in rows.items()), key=str)


@pytest.mark.parametrize(("state", "action", "route", "policy", "roles"), _expected_roles())
def test_each_role_allowed_or_denied_with_a_reason(state, action, route, policy, roles):
    for role in ALL_ROLES:
        decision = decide_action(state, action, role, context(route, policy=policy, note="x"))
        assert decision.allowed is (role in roles), role
        if not decision.allowed:
            assert "只能由" in str(decision.reason)


@pytest.mark.parametrize(
    ("state", "action", "role", "expected"),
    [
        (S.AWAITING_SUPERVISOR, Action.PRE_APPROVE, ORGANIZATION, "业务主管单位人员"),
        (S.AWAITING_SUPERVISOR, Action.PRE_APPROVE, DISTRICT_ADMIN, "业务主管单位人员"),
        (S.AWAITING_REGISTRAR, Action.CONCLUDE_PASS, DEPARTMENT_OFFICER, "民政局管理员"),
        (S.AWAITING_REGISTRAR, Action.CONCLUDE_PASS, ORGANIZATION, "民政局管理员"),
        (S.DRAFT, Action.SUBMIT, DISTRICT_ADMIN, "社会组织账户"),
        (S.DRAFT, Action.SUBMIT, DEPARTMENT_OFFICER, "社会组织账户"),
        (S.AWAITING_SUPERVISOR, Action.WITHDRAW, DEPARTMENT_OFFICER, "社会组织账户"),
    ],
)
def test_role_denied_names_who_may(state, action, role, expected):
    decision = decide_action(state, action, role, context(note="x"))
    assert not decision.allowed
    assert str(decision.reason) == f"“{wf.ACTION_LABELS[action]}”只能由{expected}办理。"


def test_street_roles_only_in_the_community_route():
    denied = decide_action(
        S.AWAITING_STREET, Action.ACCEPT, DISTRICT_ADMIN, context(Route.COMMUNITY)
    )
    assert "街道工作人员" in str(denied.reason)


@pytest.mark.parametrize(
    ("state", "action", "role", "route", "route_label"),
    [
        # once the supervisory unit approved, the organization cannot pull the report back
        (S.AWAITING_REGISTRAR, Action.WITHDRAW, ORGANIZATION, R.SUPERVISED, "有业务主管单位的组织"),
        (S.AWAITING_SUPERVISOR, Action.PRE_APPROVE, DEPARTMENT_OFFICER, R.DIRECT, "直接登记的组织"),
        (S.AWAITING_REGISTRAR, Action.CONCLUDE_PASS, DISTRICT_ADMIN, R.COMMUNITY, "社区社会组织"),
        (S.AWAITING_STREET, Action.ACCEPT, STREET_OFFICER, R.SUPERVISED, "有业务主管单位的组织"),
    ],
)
def test_actions_outside_the_route_are_refused(state, action, role, route, route_label):
    decision = decide_action(state, action, role, context(route))
    assert not decision.allowed
    assert str(decision.reason) == f"“{wf.ACTION_LABELS[action]}”不适用于{route_label}。"


def test_direct_registration_skips_the_supervisor_stage():
    decision = decide_action(S.DRAFT, Action.SUBMIT, ORGANIZATION, context(Route.DIRECT))
    assert decision.target == S.AWAITING_REGISTRAR
    assert "直接登记" in decision.basis


@pytest.mark.parametrize(
    ("action", "policy", "mode_label"),
    [
        (Action.CONCLUDE_PASS, REPORT_ONLY, "年报（不作结论）"),
        (Action.CONCLUDE_BASIC_PASS, REPORT_ONLY, "年报（不作结论）"),
        (Action.CONCLUDE_FAIL, REPORT_ONLY, "年报（不作结论）"),
        (Action.ACCEPT, INSPECTION, "年检（作出结论）"),
    ],
)
def test_mode_decides_between_conclusion_and_acceptance(action, policy, mode_label):
    decision = decide_action(
        S.AWAITING_REGISTRAR, action, DISTRICT_ADMIN, context(policy=policy, note="x")
    )
    assert not decision.allowed
    assert mode_label in str(decision.reason)


@pytest.mark.parametrize(
    ("state", "action", "role", "route"),
    [
        (S.AWAITING_SUPERVISOR, Action.RETURN, DEPARTMENT_OFFICER, R.SUPERVISED),
        (S.AWAITING_REGISTRAR, Action.RETURN, DISTRICT_ADMIN, R.DIRECT),
        (S.AWAITING_REGISTRAR, Action.CONCLUDE_BASIC_PASS, DISTRICT_ADMIN, R.DIRECT),
        (S.AWAITING_REGISTRAR, Action.CONCLUDE_FAIL, DISTRICT_ADMIN, R.DIRECT),
        (S.AWAITING_STREET, Action.RETURN, STREET_OFFICER, R.COMMUNITY),
    ],
)
def test_return_and_lesser_conclusions_need_a_note(state, action, role, route):
    for blank in ("", "   "):
        decision = decide_action(state, action, role, context(route, note=blank))
        assert not decision.allowed
        assert "须写明原因或整改要求" in str(decision.reason)


def test_pass_needs_no_note():
    assert decide_action(
        S.AWAITING_REGISTRAR, Action.CONCLUDE_PASS, DISTRICT_ADMIN, context()
    ).allowed


# --- lateness at submission ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "today", "policy", "allowed", "late"),
    [
        (R.SUPERVISED, D(2026, 3, 31), INSPECTION, True, False),
        (R.SUPERVISED, D(2026, 4, 1), INSPECTION, False, True),
        (
            R.SUPERVISED,
            D(2026, 4, 1),
            AnnualReportPolicy(late_handling=LateHandling.ACCEPT_MARKED),
            True,
            True,
        ),
        # a directly registered organization files straight with the registrar, by 5-31
        (R.DIRECT, D(2026, 4, 1), INSPECTION, True, False),
        (R.DIRECT, D(2026, 5, 31), INSPECTION, True, False),
        (R.DIRECT, D(2026, 6, 1), INSPECTION, False, True),
        (R.COMMUNITY, D(2026, 3, 31), INSPECTION, True, False),
        (R.COMMUNITY, D(2026, 4, 1), INSPECTION, False, True),
    ],
)
def test_submission_deadline(route, today, policy, allowed, late):
    decision = decide_action(
        S.DRAFT, Action.SUBMIT, ORGANIZATION, context(route, policy=policy, today=today)
    )
    assert (decision.allowed, decision.late) == (allowed, late)
    assert decision.basis


def test_refused_late_submission_explains():
    decision = decide_action(S.DRAFT, Action.SUBMIT, ORGANIZATION, context(today=D(2026, 4, 1)))
    assert str(decision.reason) == "2026-04-01 报送，已超过截止日 2026-03-31，不予受理。"


def test_resubmission_after_return_is_not_late():
    ctx = context(today=D(2026, 4, 15), first=D(2026, 3, 20))
    decision = decide_action(S.DRAFT, Action.SUBMIT, ORGANIZATION, ctx)
    assert (decision.allowed, decision.late) == (True, False)


def test_covid_override_reaches_the_workflow():
    policy = AnnualReportPolicy(overrides=(DeadlineOverride(2025, D(2026, 8, 31), "延期"),))
    decision = decide_action(
        S.DRAFT, Action.SUBMIT, ORGANIZATION, context(policy=policy, today=D(2026, 8, 31))
    )
    assert decision.allowed and not decision.late


# --- 未参检 -------------------------------------------------------------------------------

DEADLINE = D(2026, 3, 31)


@pytest.mark.parametrize(
    ("stored", "required", "today", "shown"),
    [
        (None, True, D(2026, 3, 31), None),
        (None, True, D(2026, 4, 1), S.NOT_FILED),
        (S.DRAFT, True, D(2026, 3, 31), S.DRAFT),
        (S.DRAFT, True, D(2026, 4, 1), S.NOT_FILED),
        (S.DRAFT, False, D(2026, 4, 1), S.DRAFT),
        (None, False, D(2027, 1, 1), None),
        (S.AWAITING_SUPERVISOR, True, D(2026, 4, 1), S.AWAITING_SUPERVISOR),
        (S.PASSED, True, D(2027, 1, 1), S.PASSED),
    ],
)
def test_not_filed_is_derived_from_the_deadline(stored, required, today, shown):
    assert derived_state(stored, required=required, deadline=DEADLINE, today=today) == shown
    if shown == S.NOT_FILED:
        assert wf.STATE_LABELS[shown] == "未参检"


def test_role_values_match_the_accounts_roles():
    for value in (
        ORGANIZATION,
        DEPARTMENT_OFFICER,
        DISTRICT_ADMIN,
        STREET_OFFICER,
        COMMUNITY_OFFICER,
    ):
        assert Role(value).value == value
