"""Pure dormancy rules (no database): score signals, the four criteria, ranking, exit cases."""

import dataclasses
import datetime as dt
import itertools
from decimal import Decimal

import pytest

from socorg.accounts.roles import Role
from socorg.dormancy.rules import (
    CASE_ACTION_LABELS,
    CASE_STATE_LABELS,
    CASE_TRANSITIONS,
    DEPARTMENT_OFFICER,
    DISTRICT_ADMIN,
    CaseAction,
    CaseState,
    Criterion,
    DormancyFacts,
    DormancyPolicy,
    DormancyScore,
    Signal,
    decide_case_action,
    meets_criteria,
    months_between,
    next_review_on,
    rank_dormancy,
    score_dormancy,
)
from socorg.registry.rules.lifecycle import OrgType

D = dt.date
P = DormancyPolicy()
TODAY = D(2026, 6, 30)


def facts(**changes):
    """A healthy organization; each test switches on the signals it is about."""
    base = DormancyFacts(
        organization_id=1,
        org_type=OrgType.SOCIAL_GROUP,
        registered_on=D(2015, 1, 1),
        consecutive_missed_reports=0,
        last_activity_on=D(2026, 6, 1),
        first_activity_on=D(2015, 3, 1),
        last_report_income=Decimal(1000),
        last_report_expense=Decimal(900),
        unreachable_address=False,
        unreachable_legal_rep=False,
        abnormal_list_since=None,
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), 1),  # month end counts as the corresponding day
        (D(2024, 1, 31), D(2024, 2, 28), 0),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2024, 2, 29), D(2025, 2, 27), 11),
        (D(2023, 5, 15), D(2024, 5, 14), 11),
        (D(2023, 5, 15), D(2024, 5, 15), 12),
        (D(2024, 5, 15), D(2024, 5, 15), 0),
        (D(2024, 5, 15), D(2024, 1, 1), 0),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


def test_healthy_organization_scores_zero_and_meets_no_criterion():
    assert score_dormancy(facts(), policy=P, today=TODAY) == DormancyScore(1, 0, ())
    result = meets_criteria(facts(), policy=P, today=TODAY)
    assert (result.candidate, result.met) == (False, ())


@pytest.mark.parametrize(
    ("changes", "signal", "points"),
    [
        ({"consecutive_missed_reports": 1}, Signal.MISSED_REPORTS, 15),
        ({"consecutive_missed_reports": 2}, Signal.MISSED_REPORTS, 30),
        ({"consecutive_missed_reports": 3}, Signal.MISSED_REPORTS, 45),
        ({"consecutive_missed_reports": 5}, Signal.MISSED_REPORTS, 45),  # capped
        ({"last_activity_on": D(2025, 7, 1)}, None, 0),  # 11 months
        ({"last_activity_on": D(2025, 6, 30)}, Signal.INACTIVE, 10),  # 12 months
        ({"last_activity_on": D(2024, 6, 30)}, Signal.INACTIVE, 20),
        ({"last_activity_on": D(2023, 6, 30)}, Signal.INACTIVE, 30),
        ({"last_activity_on": D(2023, 7, 1)}, Signal.INACTIVE, 20),
        (
            {"last_report_income": Decimal(0), "last_report_expense": Decimal(0)},
            Signal.ZERO_FINANCE,
            15,
        ),
        ({"last_report_income": Decimal(0), "last_report_expense": Decimal(1)}, None, 0),
        ({"last_report_income": None, "last_report_expense": None}, None, 0),
        ({"unreachable_address": True}, Signal.UNREACHABLE, 25),
        ({"unreachable_legal_rep": True}, None, 0),
        ({"abnormal_list_since": D(2026, 6, 1)}, None, 0),  # under a month
        ({"abnormal_list_since": D(2026, 5, 30)}, Signal.ABNORMAL_LIST, 5),
        ({"abnormal_list_since": D(2025, 6, 30)}, Signal.ABNORMAL_LIST, 10),
        ({"abnormal_list_since": D(2024, 6, 30)}, Signal.ABNORMAL_LIST, 20),
    ],
)
def test_each_signal_alone(changes, signal, points):
    score = score_dormancy(facts(**changes), policy=P, today=TODAY)
    assert score.total == points
    assert [r.signal for r in score.reasons] == ([signal] if signal else [])
    for reason in score.reasons:
        assert reason.basis and "%(" not in str(reason.message)


@pytest.mark.parametrize(
    ("registered", "first_activity", "today", "flagged"),
    [
        (D(2025, 1, 10), None, D(2026, 1, 10), False),  # the year is not over
        (D(2025, 1, 10), None, D(2026, 1, 11), True),
        (D(2025, 1, 10), D(2026, 1, 10), D(2026, 3, 1), False),  # on the anniversary
        (D(2025, 1, 10), D(2026, 1, 11), D(2026, 3, 1), True),
        (D(2024, 2, 29), D(2025, 2, 28), D(2026, 3, 1), False),  # leap-day registration
        (D(2024, 2, 29), D(2025, 3, 1), D(2026, 3, 1), True),
    ],
)
def test_no_activity_within_a_year_of_registration(registered, first_activity, today, flagged):
    subject = facts(
        registered_on=registered, first_activity_on=first_activity, last_activity_on=today
    )
    score = score_dormancy(subject, policy=P, today=today)
    assert (Signal.NO_FIRST_YEAR_ACTIVITY in {r.signal for r in score.reasons}) is flagged
    met = {m.criterion for m in meets_criteria(subject, policy=P, today=today).met}
    assert (Criterion.NO_FIRST_YEAR_ACTIVITY in met) is flagged


@pytest.mark.parametrize(
    ("registered", "records_since", "flagged"),
    [
        # the first year ended 2023-12-31, the day before the records start: not judged
        (D(2022, 12, 31), D(2024, 1, 1), False),
        (D(2023, 1, 1), D(2024, 1, 1), True),  # ended on the day the records start
        (D(2005, 3, 1), D(2024, 1, 1), False),  # registered long before the platform
        (D(2005, 3, 1), None, True),  # records going back to every registration
    ],
)
def test_a_first_year_older_than_the_records_is_not_judged(registered, records_since, flagged):
    subject = facts(registered_on=registered, first_activity_on=None, last_activity_on=TODAY)
    policy = DormancyPolicy(records_since=records_since)
    score = score_dormancy(subject, policy=policy, today=TODAY)
    assert (Signal.NO_FIRST_YEAR_ACTIVITY in {r.signal for r in score.reasons}) is flagged
    met = {m.criterion for m in meets_criteria(subject, policy=policy, today=TODAY).met}
    assert (Criterion.NO_FIRST_YEAR_ACTIVITY in met) is flagged


def test_no_activity_record_counts_from_registration():
    subject = facts(registered_on=D(2024, 6, 30), last_activity_on=None, first_activity_on=None)
    score = score_dormancy(subject, policy=P, today=TODAY)
    assert [(r.signal, r.points) for r in score.reasons] == [
        (Signal.INACTIVE, 20),
        (Signal.NO_FIRST_YEAR_ACTIVITY, 20),
    ]
    assert str(score.reasons[0].message) == "自 2024-06-30 起没有活动记录，已满 24 个月。"


def test_signals_add_up_and_explain_themselves():
    subject = facts(
        consecutive_missed_reports=2,
        last_activity_on=D(2024, 1, 1),
        last_report_income=Decimal(0),
        last_report_expense=Decimal(0),
        unreachable_address=True,
        abnormal_list_since=D(2025, 1, 1),
    )
    score = score_dormancy(subject, policy=P, today=TODAY)
    assert [(r.signal, r.points) for r in score.reasons] == [
        (Signal.MISSED_REPORTS, 30),
        (Signal.INACTIVE, 20),
        (Signal.ZERO_FINANCE, 15),
        (Signal.UNREACHABLE, 25),
        (Signal.ABNORMAL_LIST, 10),
    ]
    assert score.total == 100
    signal, points, message, basis = score.reasons[0]
    assert (signal, points) == (Signal.MISSED_REPORTS, 30)
    assert str(message) == "连续 2 年未报送年度报告。"
    assert "社团条例第二十八条" in basis


def test_weights_are_configurable():
    policy = DormancyPolicy(unreachable_points=40, inactive_tiers=((6, 3),))
    subject = facts(unreachable_address=True, last_activity_on=D(2025, 12, 30))
    assert score_dormancy(subject, policy=policy, today=TODAY).total == 43


# --- the four criteria --------------------------------------------------------------------

REF_2019 = DormancyPolicy(business_reference_date=D(2019, 1, 1))


@pytest.mark.parametrize(
    ("changes", "policy", "criteria"),
    [
        ({"consecutive_missed_reports": 1}, P, set()),
        ({"consecutive_missed_reports": 2}, P, {Criterion.MISSED_REPORTS}),
        ({"unreachable_address": True}, P, set()),
        ({"unreachable_legal_rep": True}, P, set()),
        ({"unreachable_address": True, "unreachable_legal_rep": True}, P, {Criterion.UNREACHABLE}),
        # rolling window: no business since 2024-06-30 (24 months before today)
        ({"last_activity_on": D(2024, 6, 29)}, P, {Criterion.NO_BUSINESS}),
        ({"last_activity_on": D(2024, 6, 30)}, P, set()),
        # fixed reference date, as in the 2021 campaign
        ({"last_activity_on": D(2018, 12, 31)}, REF_2019, {Criterion.NO_BUSINESS}),
        ({"last_activity_on": D(2019, 1, 1)}, REF_2019, set()),
        # registered after the reference date: criterion 2 applies instead
        (
            {"registered_on": D(2019, 1, 2), "last_activity_on": None, "first_activity_on": None},
            REF_2019,
            {Criterion.NO_FIRST_YEAR_ACTIVITY},
        ),
    ],
)
def test_criteria(changes, policy, criteria):
    result = meets_criteria(facts(**changes), policy=policy, today=TODAY)
    assert {m.criterion for m in result.met} == criteria
    assert result.candidate is bool(criteria)
    for met in result.met:
        assert met.basis and str(met.reason)


def test_criteria_cite_the_campaign_and_the_articles():
    subject = facts(
        consecutive_missed_reports=2,
        registered_on=D(2024, 1, 1),
        first_activity_on=None,
        last_activity_on=None,
        unreachable_address=True,
        unreachable_legal_rep=True,
    )
    met = meets_criteria(subject, policy=P, today=TODAY).met
    assert [m.criterion for m in met] == list(Criterion)
    assert all("63号" in m.basis for m in met)
    assert "社团条例第二十九条" in met[1].basis


def test_no_business_text_names_the_last_activity_not_the_moving_reference():
    subject = facts(last_activity_on=D(2024, 3, 15))
    texts = {
        str(m.reason)
        for day in (TODAY, TODAY + dt.timedelta(days=1), D(2026, 9, 1))
        for m in meets_criteria(subject, policy=P, today=day).met
    }
    assert texts == {"自 2024-03-15 以来未在章程范围内开展对外业务活动，已超过 24 个月。"}


# --- when time alone changes the score (the daily run's re-score day) ---------------------


def _outcome(subject, policy, day):
    return score_dormancy(subject, policy=policy, today=day), meets_criteria(
        subject, policy=policy, today=day
    )


@pytest.mark.parametrize(
    ("changes", "policy", "expected"),
    [
        # active 29 days ago: the inactive signal starts on the 12-month anniversary
        ({}, P, D(2027, 6, 1)),
        # inactive for 13 months: the text says "12 months" until the next tier, at 24
        ({"last_activity_on": D(2025, 5, 31)}, P, D(2027, 5, 31)),
        # 36 months from 29 February falls back to the month's last day
        ({"last_activity_on": D(2024, 2, 29)}, P, D(2027, 2, 28)),
        # past the last tier: time alone changes nothing more (here: nothing at all)
        (
            {"last_activity_on": D(2020, 1, 1)},
            DormancyPolicy(business_reference_date=D(2019, 1, 1)),
            None,
        ),
        # listed as abnormal 10 days ago: the first tier starts after a month
        (
            {"abnormal_list_since": D(2026, 6, 20), "last_activity_on": D(2026, 6, 29)},
            P,
            D(2026, 7, 20),
        ),
        # no activity since registration: 12 months inactive on the anniversary ...
        (
            {"registered_on": D(2026, 1, 10), "first_activity_on": None, "last_activity_on": None},
            P,
            D(2027, 1, 10),
        ),
        # ... and, without that signal, the day after the first year ends
        (
            {"registered_on": D(2026, 1, 10), "first_activity_on": None, "last_activity_on": None},
            DormancyPolicy(inactive_tiers=()),
            D(2027, 1, 11),
        ),
        # the rolling 24-month business window passes the last activity
        (
            {"last_activity_on": D(2024, 7, 10), "first_activity_on": D(2015, 3, 1)},
            DormancyPolicy(inactive_tiers=()),
            D(2026, 7, 11),
        ),
        # a report deadline ahead, not met: the day after it the missed count may grow
        ({"next_report_due_on": D(2026, 6, 30)}, P, D(2026, 7, 1)),
        ({"next_report_due_on": D(2027, 3, 31)}, P, D(2027, 4, 1)),
        # nothing changes with time alone
        (
            {"last_activity_on": D(2020, 1, 1)},
            DormancyPolicy(inactive_tiers=(), business_reference_date=D(2019, 1, 1)),
            None,
        ),
    ],
)
def test_next_review_day(changes, policy, expected):
    subject = facts(**changes)
    assert next_review_on(subject, policy=policy, today=TODAY) == expected


def test_the_review_day_is_the_first_day_the_outcome_moves():
    """Each time-driven signal: the same outcome every day before the review day, another on
    it."""
    cases = [
        (facts(), P),
        (facts(last_activity_on=D(2025, 5, 31)), P),
        (facts(abnormal_list_since=D(2026, 6, 20)), P),
        (facts(registered_on=D(2026, 1, 10), first_activity_on=None, last_activity_on=None), P),
        (facts(last_activity_on=D(2024, 7, 10)), DormancyPolicy(inactive_tiers=())),
    ]
    for subject, policy in cases:
        review = next_review_on(subject, policy=policy, today=TODAY)
        assert review is not None
        before = _outcome(subject, policy, TODAY)
        day = TODAY + dt.timedelta(days=1)
        while day < review:
            assert _outcome(subject, policy, day) == before, (subject, day)
            day += dt.timedelta(days=1)
        assert _outcome(subject, policy, review) != before, subject


def test_the_outcome_never_moves_before_the_review_day():
    """Over many organizations and days (month ends, 29 February, every signal): nothing the
    score or the criteria say changes between a day and its review day, so skipping those
    days in the daily run loses nothing."""
    starts = [D(2023, 1, 31), D(2024, 2, 29), D(2024, 8, 31), D(2025, 3, 30), D(2025, 12, 31)]
    policies = [P, DormancyPolicy(inactive_tiers=((6, 5), (18, 15)))]
    checked = 0
    for registered, last, listed, policy in itertools.product(
        starts, [None, *starts], [None, D(2025, 1, 31), D(2026, 2, 28)], policies
    ):
        if last is not None and last < registered:
            continue
        subject = facts(
            registered_on=registered,
            last_activity_on=last,
            first_activity_on=last,
            abnormal_list_since=listed,
        )
        for today in (D(2025, 1, 31), D(2026, 2, 28), D(2026, 12, 31)):
            review = next_review_on(subject, policy=policy, today=today)
            assert review is None or review > today
            end = review or today + dt.timedelta(days=800)
            before = _outcome(subject, policy, today)
            day = today + dt.timedelta(days=1)
            while day < end:
                assert _outcome(subject, policy, day) == before, (subject, today, day)
                day += dt.timedelta(days=1)
                checked += 1
    assert checked > 10_000


# --- ranking ------------------------------------------------------------------------------


def test_ranking_is_stable_and_ties_share_a_rank():
    scores = [
        DormancyScore(5, 40, ()),
        DormancyScore(2, 90, ()),
        DormancyScore(9, 40, ()),
        DormancyScore(3, 40, ()),
        DormancyScore(1, 10, ()),
    ]
    expected = [(1, 2), (2, 3), (2, 5), (2, 9), (5, 1)]
    for permutation in itertools.permutations(scores):
        assert [(r.rank, r.score.organization_id) for r in rank_dormancy(permutation)] == expected
    assert rank_dormancy([]) == []


# --- exit case workflow -------------------------------------------------------------------

C, A = CaseState, CaseAction
ALLOWED = [
    (C.SCREENING, A.VERIFY, DISTRICT_ADMIN, C.VERIFYING),
    (C.SCREENING, A.DISMISS, DISTRICT_ADMIN, C.CLOSED),
    (C.VERIFYING, A.NOTIFY, DISTRICT_ADMIN, C.NOTIFYING),
    (C.VERIFYING, A.NOTIFY, DEPARTMENT_OFFICER, C.NOTIFYING),
    (C.VERIFYING, A.DISMISS, DISTRICT_ADMIN, C.CLOSED),
    (C.NOTIFYING, A.DISMISS, DISTRICT_ADMIN, C.CLOSED),
    (C.NOTIFYING, A.DECIDE_REVOKE, DISTRICT_ADMIN, C.REVOKING),
    (C.NOTIFYING, A.DECIDE_DEREGISTER, DISTRICT_ADMIN, C.GUIDED_DEREGISTRATION),
    (C.NOTIFYING, A.DECIDE_RECTIFY, DISTRICT_ADMIN, C.RECTIFYING),
    (C.RECTIFYING, A.CONFIRM_RECTIFIED, DISTRICT_ADMIN, C.ANNOUNCED),
    (C.RECTIFYING, A.DECIDE_REVOKE, DISTRICT_ADMIN, C.REVOKING),
    (C.RECTIFYING, A.DECIDE_DEREGISTER, DISTRICT_ADMIN, C.GUIDED_DEREGISTRATION),
    (C.GUIDED_DEREGISTRATION, A.DECIDE_REVOKE, DISTRICT_ADMIN, C.REVOKING),
    (C.GUIDED_DEREGISTRATION, A.ANNOUNCE, DISTRICT_ADMIN, C.ANNOUNCED),
    (C.REVOKING, A.ANNOUNCE, DISTRICT_ADMIN, C.ANNOUNCED),
    (C.ANNOUNCED, A.CLOSE, DISTRICT_ADMIN, C.CLOSED),
]


@pytest.mark.parametrize(("state", "action", "role", "target"), ALLOWED)
def test_allowed_case_transitions(state, action, role, target):
    decision = decide_case_action(state, action, role, note="核实：住所无人，电话停机")
    assert decision.allowed, str(decision.reason)
    assert decision.target == target and decision.basis


def test_case_table_is_fully_covered():
    declared = {(s, a, r, t.target) for (s, a), t in CASE_TRANSITIONS.items() for r in t.roles}
    assert declared == set(ALLOWED)


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (C.SCREENING, A.DECIDE_REVOKE),  # no decision before verification and notice
        (C.VERIFYING, A.ANNOUNCE),
        (C.NOTIFYING, A.CLOSE),
        (C.REVOKING, A.DECIDE_RECTIFY),
        (C.GUIDED_DEREGISTRATION, A.CLOSE),
        (C.RECTIFYING, A.ANNOUNCE),
        (C.ANNOUNCED, A.DISMISS),
        (C.CLOSED, A.VERIFY),
    ],
)
def test_refused_case_action_per_state(state, action):
    decision = decide_case_action(state, action, DISTRICT_ADMIN, note="x")
    assert not decision.allowed and decision.target is None
    text = str(decision.reason)
    assert CASE_STATE_LABELS[state] in text and CASE_ACTION_LABELS[action] in text


ALL_ROLES = [r.value for r in Role]


@pytest.mark.parametrize(("state", "action"), sorted(CASE_TRANSITIONS, key=str))
def test_each_role_allowed_or_denied_per_case_transition(state, action):
    expected = {role for s, a, role, _ in ALLOWED if (s, a) == (state, action)}
    for role in ALL_ROLES:
        decision = decide_case_action(state, action, role, note="x")
        assert decision.allowed is (role in expected), role
        if not decision.allowed:
            assert "只能由" in str(decision.reason)


def test_department_may_interview_but_not_decide():
    decision = decide_case_action(C.NOTIFYING, A.DECIDE_REVOKE, DEPARTMENT_OFFICER, note="x")
    assert str(decision.reason) == "“决定撤销登记”只能由民政局管理员办理。"


@pytest.mark.parametrize(
    ("state", "action"),
    [(s, a) for (s, a), t in CASE_TRANSITIONS.items() if t.note_required],
)
def test_decisions_and_dismissals_need_grounds(state, action):
    decision = decide_case_action(state, action, DISTRICT_ADMIN, note=" ")
    assert not decision.allowed
    assert "须写明事实和理由" in str(decision.reason)


def test_every_decision_needs_grounds():
    decisions = {A.DECIDE_REVOKE, A.DECIDE_DEREGISTER, A.DECIDE_RECTIFY, A.DISMISS}
    for (_, action), transition in CASE_TRANSITIONS.items():
        assert transition.note_required is (action in decisions)


def test_role_values_match_the_accounts_roles():
    assert Role(DISTRICT_ADMIN) and Role(DEPARTMENT_OFFICER)
