"""The credit-list rules, one table row per trigger, removal path and boundary (no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from socorg.credit.calendar import STATE_COUNCIL_CALENDAR as CAL
from socorg.credit.calendar import HolidayCalendar
from socorg.credit.rules import (
    DEFAULT_POLICY,
    NORMAL,
    AnnualReport,
    CreditDecision,
    CreditFacts,
    CreditPolicy,
    CreditState,
    FundraisingCampaign,
    ListKind,
    Penalty,
    PenaltyKind,
    PublicFundraising,
    Reason,
    RectificationNotice,
    RectificationVerified,
    RefusalCode,
    RegisteredLetter,
    RemovalApplication,
    RemovalCode,
    TransitionKind,
    Trigger,
    TriggerFact,
    codes,
    decide_credit,
)
from socorg.registry.rules.lifecycle import EventFacts, EventKind, OrgType

D = dt.date
K = TransitionKind
ONE_DAY = dt.timedelta(days=1)


def decide(facts: CreditFacts, today: dt.date, policy: CreditPolicy = DEFAULT_POLICY):
    return decide_credit(facts, policy=policy, today=today)


def changes(decision: CreditDecision) -> list[tuple[dt.date, TransitionKind, str]]:
    return [(t.effective_on, t.kind, t.code.value) for t in decision.transitions]


def warning(on: dt.date) -> Penalty:
    return Penalty(on, PenaltyKind.WARNING, reference=f"警告{on.isoformat()}")


def fine(on: dt.date, yuan: str) -> Penalty:
    return Penalty(on, PenaltyKind.FINE, Decimal(yuan), reference=f"罚款{on.isoformat()}")


def letter(sent: dt.date, outcome: dt.date, *, signed: bool = False) -> RegisteredLetter:
    return RegisteredLetter(sent, signed, outcome)


def revocation(on: dt.date, org_type: OrgType = OrgType.SOCIAL_GROUP) -> EventFacts:
    return EventFacts(EventKind.REVOCATION, on, org_type)


def deregistration(on: dt.date) -> EventFacts:
    return EventFacts(EventKind.DEREGISTRATION, on, OrgType.SOCIAL_GROUP)


def owed(code: Trigger, on: dt.date) -> TriggerFact:
    return TriggerFact(code, on, reference=f"{code}-{on.isoformat()}")


# -- one row per trigger ------------------------------------------------------------------

TRIGGERS = [
    pytest.param(
        CreditFacts(annual_reports=(AnnualReport(2024, D(2025, 5, 31)),)),
        D(2025, 6, 1),
        Trigger.A1,
        id="A1-report-not-filed",
    ),
    pytest.param(
        CreditFacts(annual_reports=(AnnualReport(2024, D(2025, 5, 31), D(2025, 6, 20)),)),
        D(2025, 6, 1),
        Trigger.A1,
        id="A1-report-filed-late",
    ),
    pytest.param(
        CreditFacts(
            annual_reports=(
                AnnualReport(2024, D(2025, 5, 31), D(2025, 5, 20), rejected_on=D(2025, 7, 1)),
            )
        ),
        D(2025, 7, 1),
        Trigger.A1,
        id="A1-report-not-compliant",
    ),
    pytest.param(
        CreditFacts(triggers=(owed(Trigger.A2, D(2025, 3, 3)),)),
        D(2025, 3, 3),
        Trigger.A2,
        id="A2-no-party-organization",
    ),
    pytest.param(
        CreditFacts(
            rectification_notices=(
                RectificationNotice(D(2025, 3, 1), D(2025, 4, 30), D(2025, 5, 6)),
            )
        ),
        D(2025, 5, 1),
        Trigger.A3,
        id="A3-rectification-late",
    ),
    pytest.param(
        CreditFacts(
            fundraising=PublicFundraising(D(2024, 12, 1), conditions_lost_on=D(2025, 2, 20))
        ),
        D(2025, 2, 20),
        Trigger.A4,
        id="A4-fundraising-conditions-lost",
    ),
    pytest.param(
        CreditFacts(
            fundraising=PublicFundraising(
                D(2024, 1, 10), (FundraisingCampaign(D(2024, 2, 1), D(2024, 3, 31)),)
            )
        ),
        D(2024, 9, 30),
        Trigger.A4,
        id="A4-no-public-fundraising-6-months",
    ),
    pytest.param(
        CreditFacts(penalties=(warning(D(2025, 4, 8)),)),
        D(2025, 4, 8),
        Trigger.A5,
        id="A5-warning",
    ),
    pytest.param(
        CreditFacts(penalties=(fine(D(2025, 4, 8), "49999.99"),)),
        D(2025, 4, 8),
        Trigger.A5,
        id="A5-fine-49999.99",
    ),
    pytest.param(
        CreditFacts(
            letters=(
                letter(D(2025, 3, 3), D(2025, 3, 20)),
                letter(D(2025, 4, 14), D(2025, 5, 6)),
            )
        ),
        D(2025, 5, 6),
        Trigger.A6,
        id="A6-two-letters-unsigned",
    ),
    pytest.param(
        CreditFacts(triggers=(owed(Trigger.A7, D(2025, 8, 8)),)),
        D(2025, 8, 8),
        Trigger.A7,
        id="A7-other",
    ),
    pytest.param(
        CreditFacts(annual_reports=(AnnualReport(2022, D(2023, 5, 31)),)),
        D(2025, 6, 1),
        Trigger.S1,
        id="S1-abnormal-2-years",
    ),
    pytest.param(
        CreditFacts(triggers=(TriggerFact(Trigger.S2, D(2025, 3, 3)),)),
        D(2025, 3, 3),
        Trigger.S2,
        id="S2-change-registration-revoked",
    ),
    pytest.param(
        CreditFacts(penalties=(Penalty(D(2025, 3, 3), PenaltyKind.SUSPENSION),)),
        D(2025, 3, 3),
        Trigger.S3,
        id="S3-suspension",
    ),
    pytest.param(
        CreditFacts(penalties=(fine(D(2025, 3, 3), "50000"),)),
        D(2025, 3, 3),
        Trigger.S4,
        id="S4-fine-50000",
    ),
    pytest.param(
        CreditFacts(penalties=(warning(D(2024, 5, 6)), warning(D(2025, 4, 8)))),
        D(2025, 4, 8),
        Trigger.S5,
        id="S5-two-minor-penalties",
    ),
    pytest.param(
        CreditFacts(triggers=(TriggerFact(Trigger.S6, D(2025, 3, 3)),)),
        D(2025, 3, 3),
        Trigger.S6,
        id="S6-dishonest-debtor",
    ),
    pytest.param(
        CreditFacts(registration_events=(revocation(D(2025, 3, 3)),)),
        D(2025, 3, 3),
        Trigger.S7,
        id="S7-registration-revoked",
    ),
    pytest.param(
        CreditFacts(penalties=(Penalty(D(2025, 3, 3), PenaltyKind.CERTIFICATE_REVOKED),)),
        D(2025, 3, 3),
        Trigger.S7,
        id="S7-certificate-revoked",
    ),
    pytest.param(
        CreditFacts(triggers=(TriggerFact(Trigger.S8, D(2025, 3, 3)),)),
        D(2025, 3, 3),
        Trigger.S8,
        id="S8-other",
    ),
]


@pytest.mark.parametrize(("facts", "on", "code"), TRIGGERS)
def test_each_trigger_lists_on_its_day_citing_its_article(facts, on, code):
    decision = decide(facts, on)
    before = decide(facts, on - ONE_DAY)

    assert code not in before.state.codes
    last = decision.transitions[-1]
    assert (last.effective_on, last.code) == (on, code)
    assert code in decision.state.codes
    if code.is_serious:
        assert decision.state.kind is ListKind.SERIOUS
        assert "第十三条" in str(last.citation)
    else:
        assert decision.state.kind is ListKind.ABNORMAL
        assert last.kind is K.ENTER_ABNORMAL
        assert "第十条" in str(last.citation)
    assert "民政部令第60号" in str(last.citation)
    assert "待核" in str(last.citation)  # the article number is recalled, and says so
    assert on.isoformat() in str(last.explanation)
    assert str(codes.TRIGGER_LABELS[code]) in str(last.explanation) or code is Trigger.S1
    assert last.entry_due_by == CAL.add_working_days(on, 5)


NO_TRIGGER = [
    pytest.param(
        CreditFacts(annual_reports=(AnnualReport(2024, D(2025, 5, 31), D(2025, 5, 31)),)),
        DEFAULT_POLICY,
        id="report-filed-on-the-deadline",
    ),
    pytest.param(
        CreditFacts(annual_reports=(AnnualReport(2024, D(2025, 5, 31), D(2025, 6, 3)),)),
        CreditPolicy(annual_report_grace_days=3),
        id="report-filed-within-grace",
    ),
    pytest.param(
        CreditFacts(
            rectification_notices=(
                RectificationNotice(D(2025, 3, 1), D(2025, 4, 30), D(2025, 4, 30)),
            )
        ),
        DEFAULT_POLICY,
        id="rectified-on-the-deadline",
    ),
    pytest.param(
        CreditFacts(
            fundraising=PublicFundraising(
                D(2024, 1, 10),
                (
                    FundraisingCampaign(D(2024, 7, 10), D(2024, 12, 31)),
                    FundraisingCampaign(D(2025, 6, 30), D(2026, 12, 31)),
                ),
            )
        ),
        DEFAULT_POLICY,
        id="fundraising-resumed-on-the-sixth-month",
    ),
    pytest.param(
        CreditFacts(
            letters=(
                letter(D(2025, 3, 3), D(2025, 3, 20)),
                letter(D(2025, 4, 1), D(2025, 4, 9), signed=True),
                letter(D(2025, 5, 6), D(2025, 5, 26)),
            )
        ),
        DEFAULT_POLICY,
        id="a-signed-letter-breaks-the-run",
    ),
    pytest.param(
        CreditFacts(
            letters=(letter(D(2025, 3, 3), D(2025, 3, 20)), letter(D(2025, 3, 13), D(2025, 3, 30)))
        ),
        CreditPolicy(unreachable_letter_interval_days=(20, 60)),
        id="letters-too-close-for-the-configured-interval",
    ),
    pytest.param(
        CreditFacts(triggers=(owed(Trigger.A2, D(2025, 3, 3)),)),
        CreditPolicy(party_organization_applies=False),
        id="party-organization-rule-switched-off",
    ),
    pytest.param(
        CreditFacts(registration_events=(revocation(D(2025, 3, 3), OrgType.COMMUNITY),)),
        DEFAULT_POLICY,
        id="community-filing-revoked-is-not-S7",
    ),
]


@pytest.mark.parametrize(("facts", "policy"), NO_TRIGGER)
def test_no_list_for_facts_on_the_right_side_of_the_line(facts, policy):
    decision = decide(facts, D(2026, 12, 31), policy)
    assert decision.transitions == ()
    assert decision.state == NORMAL


def test_fine_threshold_is_configurable():
    facts = CreditFacts(penalties=(fine(D(2025, 3, 3), "50000"),))
    decision = decide(facts, D(2025, 3, 3), CreditPolicy(fine_threshold_yuan=Decimal("100000")))
    assert changes(decision) == [(D(2025, 3, 3), K.ENTER_ABNORMAL, "A5")]


# -- removal paths ------------------------------------------------------------------------

A1_2025 = AnnualReport(2024, D(2025, 5, 31))  # listed 2025-06-01, owes the report
S4_2023 = fine(D(2023, 5, 10), "80000")  # serious since 2023-05-10


def test_verified_rectification_removes_on_the_day_of_verification():
    facts = CreditFacts(
        annual_reports=(A1_2025,), verifications=(RectificationVerified(D(2025, 9, 26)),)
    )
    decision = decide(facts, D(2025, 12, 31))
    assert changes(decision) == [
        (D(2025, 6, 1), K.ENTER_ABNORMAL, "A1"),
        (D(2025, 9, 26), K.REMOVE_ABNORMAL, "RA1"),
    ]
    removal = decision.transitions[-1]
    # 5 working days after Friday 9月26日: Sunday 28 (调休), 29, 30, then 国庆 1–8 off, 9, 10.
    assert removal.removal_due_by == D(2025, 10, 10)
    assert "第十四条" in str(removal.citation) and "征求意见稿" in str(removal.citation)
    assert "2025-10-10" in str(removal.explanation)
    assert decision.state == NORMAL


@pytest.mark.parametrize(
    ("verified", "due_by"),
    [
        (D(2025, 1, 24), D(2025, 2, 7)),  # 春节 2025, Sunday 1月26日 worked
        (D(2024, 2, 8), D(2024, 2, 21)),  # 春节 2024, Sunday 2月18日 worked
        (D(2024, 9, 27), D(2024, 10, 10)),  # 国庆 2024, Sunday 9月29日 worked
        (D(2025, 3, 7), D(2025, 3, 14)),  # an ordinary week
    ],
)
def test_removal_window_of_5_working_days_crosses_holidays(verified, due_by):
    facts = CreditFacts(
        triggers=(owed(Trigger.A3, D(2023, 12, 1)),),
        verifications=(RectificationVerified(verified),),
    )
    removal = decide(facts, verified).transitions[-1]
    assert (removal.kind, removal.effective_on) == (K.REMOVE_ABNORMAL, verified)
    assert removal.removal_due_by == due_by


def test_removal_window_follows_the_policy_and_the_calendar_passed_in():
    facts = CreditFacts(
        triggers=(owed(Trigger.A3, D(2023, 12, 1)),),
        verifications=(RectificationVerified(D(2024, 9, 27)),),
    )
    weekends_only = HolidayCalendar(frozenset(), frozenset(), frozenset())
    decision = decide_credit(
        facts,
        policy=CreditPolicy(abnormal_removal_working_days=3),
        today=D(2024, 10, 31),
        calendar=weekends_only,
    )
    assert decision.transitions[-1].removal_due_by == D(2024, 10, 2)


@pytest.mark.parametrize(
    ("listed", "day_before", "removed"),
    [
        (D(2024, 3, 15), D(2024, 9, 14), D(2024, 9, 15)),
        (D(2024, 2, 29), D(2024, 8, 28), D(2024, 8, 29)),  # leap day
        (D(2024, 8, 31), D(2025, 2, 27), D(2025, 2, 28)),  # no 31st in February
    ],
)
def test_nothing_owed_is_removed_automatically_on_the_day_6_months_end(listed, day_before, removed):
    facts = CreditFacts(penalties=(warning(listed),))
    assert decide(facts, day_before).state.kind is ListKind.ABNORMAL
    decision = decide(facts, removed)
    assert decision.state == NORMAL
    last = decision.transitions[-1]
    assert (last.effective_on, last.kind, last.code) == (
        removed,
        K.REMOVE_ABNORMAL,
        RemovalCode.RA2,
    )
    assert last.removal_due_by is None
    assert "第十四条" in str(last.citation)


def test_next_change_tells_the_daily_job_what_time_alone_will_do():
    facts = CreditFacts(penalties=(warning(D(2024, 3, 15)),))
    change = decide(facts, D(2024, 4, 1)).next_change
    assert change is not None
    assert (change.on, change.kind, change.code) == (
        D(2024, 9, 15),
        K.REMOVE_ABNORMAL,
        RemovalCode.RA2,
    )
    owes = decide(CreditFacts(annual_reports=(A1_2025,)), D(2025, 7, 1)).next_change
    assert owes is not None and (owes.on, owes.kind) == (D(2027, 6, 1), K.ESCALATE)
    assert decide(CreditFacts(penalties=(S4_2023,)), D(2024, 1, 1)).next_change is None


def test_something_owed_is_not_removed_automatically():
    decision = decide(CreditFacts(annual_reports=(A1_2025,)), D(2026, 6, 1))
    assert decision.state.kind is ListKind.ABNORMAL
    assert changes(decision) == [(D(2025, 6, 1), K.ENTER_ABNORMAL, "A1")]


def test_mixed_reasons_leave_when_the_obligation_is_met_and_the_period_is_over():
    facts = CreditFacts(
        annual_reports=(A1_2025,),
        penalties=(warning(D(2025, 8, 1)),),  # restarts the clock: since 2025-08-01
        verifications=(RectificationVerified(D(2025, 10, 9)),),
    )
    after_verification = decide(facts, D(2025, 10, 9))
    assert after_verification.state.kind is ListKind.ABNORMAL
    assert after_verification.state.outstanding == ()
    assert changes(decide(facts, D(2026, 3, 1))) == [
        (D(2025, 6, 1), K.ENTER_ABNORMAL, "A1"),
        (D(2025, 8, 1), K.RESTART_ABNORMAL, "A5"),
        (D(2025, 10, 9), K.RECORD_RECTIFICATION, "A1"),
        (D(2026, 2, 1), K.REMOVE_ABNORMAL, "RA2"),
    ]


def test_verification_of_one_reason_keeps_the_other_on_the_list():
    facts = CreditFacts(
        triggers=(owed(Trigger.A2, D(2025, 1, 6)), owed(Trigger.A3, D(2025, 1, 6))),
        verifications=(
            RectificationVerified(D(2025, 3, 3), frozenset({Trigger.A2})),
            RectificationVerified(D(2025, 4, 7), frozenset({Trigger.A3})),
        ),
    )
    partial = decide(facts, D(2025, 3, 3))
    assert partial.state.kind is ListKind.ABNORMAL
    assert [r.code for r in partial.state.outstanding] == [Trigger.A3]
    record = partial.transitions[-1]
    assert (record.kind, record.code, record.changes_list) == (
        K.RECORD_RECTIFICATION,
        Trigger.A2,
        False,
    )
    assert changes(decide(facts, D(2025, 4, 7)))[-1] == (D(2025, 4, 7), K.REMOVE_ABNORMAL, "RA1")


def test_verification_that_changes_nothing_is_ignored():
    facts = CreditFacts(
        penalties=(warning(D(2025, 1, 6)),), verifications=(RectificationVerified(D(2025, 2, 3)),)
    )
    assert changes(decide(facts, D(2025, 3, 1))) == [(D(2025, 1, 6), K.ENTER_ABNORMAL, "A5")]


@pytest.mark.parametrize(
    ("facts", "applied", "result"),
    [
        pytest.param(
            CreditFacts(penalties=(S4_2023,)), D(2025, 5, 10), RemovalCode.RS1, id="after-2-years"
        ),
        pytest.param(
            CreditFacts(penalties=(S4_2023,)),
            D(2025, 5, 9),
            RefusalCode.TOO_EARLY,
            id="one-day-before-2-years",
        ),
        pytest.param(
            CreditFacts(penalties=(S4_2023, warning(D(2024, 1, 10)))),
            D(2025, 6, 1),
            RefusalCode.NEW_TRIGGER_IN_WINDOW,
            id="new-trigger-in-window",
        ),
        pytest.param(
            CreditFacts(penalties=(S4_2023, warning(D(2024, 1, 10)))),
            D(2026, 1, 10),
            RemovalCode.RS1,
            id="2-years-after-the-new-trigger",
        ),
        pytest.param(
            CreditFacts(annual_reports=(AnnualReport(2022, D(2023, 5, 31)),)),
            D(2027, 6, 1),
            RefusalCode.NOT_RECTIFIED,
            id="S1-origin-not-rectified",
        ),
        pytest.param(
            CreditFacts(
                annual_reports=(AnnualReport(2022, D(2023, 5, 31)),),
                verifications=(RectificationVerified(D(2026, 3, 2)),),
            ),
            D(2027, 6, 1),
            RemovalCode.RS1,
            id="S1-origin-rectified",
        ),
        pytest.param(
            CreditFacts(registration_events=(revocation(D(2023, 3, 1)),)),
            D(2025, 6, 1),
            RefusalCode.AWAITING_DEREGISTRATION,
            id="S7-only-by-deregistration",
        ),
        pytest.param(
            CreditFacts(annual_reports=(A1_2025,)),
            D(2025, 7, 1),
            RefusalCode.NOT_ON_SERIOUS_LIST,
            id="abnormal-list-is-left-by-verification",
        ),
        pytest.param(
            CreditFacts(), D(2025, 7, 1), RefusalCode.NOT_ON_SERIOUS_LIST, id="not-listed"
        ),
    ],
)
def test_application_for_removal_from_the_serious_list(facts, applied, result):
    facts = dataclasses.replace(facts, applications=(RemovalApplication(applied),))
    decision = decide(facts, applied)
    if isinstance(result, RemovalCode):
        assert decision.refusals == ()
        last = decision.transitions[-1]
        assert (last.effective_on, last.kind, last.code) == (applied, K.REMOVE_SERIOUS, result)
        assert decision.state == NORMAL
        assert "严重违法失信名单移出" in str(last.citation)
    else:
        (refusal,) = decision.refusals
        assert (refusal.applied_on, refusal.code) == (applied, result)
        assert decision.transitions == decide(facts, applied - ONE_DAY).transitions
        assert str(refusal.explanation)


def test_refusals_say_when_an_application_can_succeed():
    facts = CreditFacts(
        penalties=(S4_2023, warning(D(2024, 1, 10))),
        applications=(RemovalApplication(D(2024, 6, 1)), RemovalApplication(D(2025, 6, 1))),
    )
    early, window = decide(facts, D(2025, 6, 1)).refusals
    assert (early.code, early.eligible_from) == (RefusalCode.TOO_EARLY, D(2026, 1, 10))
    assert (window.code, window.eligible_from) == (
        RefusalCode.NEW_TRIGGER_IN_WINDOW,
        D(2026, 1, 10),
    )
    assert "2026-01-10" in str(window.explanation)


def test_S7_listing_ends_when_deregistration_is_completed():  # noqa: N802
    facts = CreditFacts(
        registration_events=(revocation(D(2024, 3, 1)), deregistration(D(2024, 9, 10)))
    )
    assert decide(facts, D(2024, 9, 9)).state.kind is ListKind.SERIOUS
    decision = decide(facts, D(2024, 9, 10))
    assert changes(decision) == [
        (D(2024, 3, 1), K.ENTER_SERIOUS, "S7"),
        (D(2024, 9, 10), K.REMOVE_SERIOUS, "RS2"),
    ]
    assert "注销登记" in str(decision.transitions[-1].citation)


def test_deregistration_does_not_end_other_serious_listings():
    facts = CreditFacts(penalties=(S4_2023,), registration_events=(deregistration(D(2024, 1, 5)),))
    assert decide(facts, D(2024, 6, 1)).state.kind is ListKind.SERIOUS


def test_S1_listing_keeps_its_obligations_and_verification_does_not_remove_it():  # noqa: N802
    facts = CreditFacts(
        annual_reports=(AnnualReport(2022, D(2023, 5, 31)),),
        verifications=(RectificationVerified(D(2026, 3, 2)),),
    )
    decision = decide(facts, D(2026, 3, 2))
    assert decision.state.kind is ListKind.SERIOUS
    assert decision.state.origin is Trigger.S1
    (a1,) = (r for r in decision.state.reasons if r.code is Trigger.A1)
    assert a1.rectified_on == D(2026, 3, 2)
    record = decision.transitions[-1]
    assert (record.kind, record.code) == (K.RECORD_RECTIFICATION, Trigger.A1)
    assert "期满后可以申请移出" in str(record.explanation)


# -- boundaries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("listed", "day_before", "escalated"),
    [
        (D(2023, 6, 1), D(2025, 5, 31), D(2025, 6, 1)),
        (D(2024, 2, 29), D(2026, 2, 27), D(2026, 2, 28)),  # leap day: no 29th in 2026
    ],
)
def test_two_years_on_the_abnormal_list_moves_to_the_serious_list(listed, day_before, escalated):
    facts = CreditFacts(triggers=(owed(Trigger.A7, listed),))
    assert decide(facts, day_before).state.kind is ListKind.ABNORMAL
    decision = decide(facts, escalated)
    assert decision.state.kind is ListKind.SERIOUS
    assert (decision.state.listed_on, decision.state.origin) == (escalated, Trigger.S1)
    last = decision.transitions[-1]
    assert (last.effective_on, last.kind, last.code) == (escalated, K.ESCALATE, Trigger.S1)
    assert "满2年" in str(last.citation) and "第十三条" in str(last.citation)
    assert listed.isoformat() in str(last.explanation)


def test_a_new_A_trigger_restarts_the_clock_and_moves_the_escalation():  # noqa: N802
    facts = CreditFacts(
        annual_reports=(AnnualReport(2022, D(2023, 5, 31)),),  # A1 on 2023-06-01
        triggers=(owed(Trigger.A2, D(2024, 1, 15)),),
    )
    assert decide(facts, D(2025, 6, 1)).state.kind is ListKind.ABNORMAL
    assert decide(facts, D(2026, 1, 14)).state.kind is ListKind.ABNORMAL
    decision = decide(facts, D(2026, 1, 15))
    assert changes(decision) == [
        (D(2023, 6, 1), K.ENTER_ABNORMAL, "A1"),
        (D(2024, 1, 15), K.RESTART_ABNORMAL, "A2"),
        (D(2026, 1, 15), K.ESCALATE, "S1"),
    ]
    restart = decision.transitions[1]
    assert restart.state.listed_on == D(2023, 6, 1) and restart.state.since == D(2024, 1, 15)
    assert "重新计算" in str(restart.citation) and "第十三条" in str(restart.citation)


def test_a_new_trigger_restarts_the_automatic_removal():
    facts = CreditFacts(
        penalties=(warning(D(2024, 1, 10)),),
        triggers=(TriggerFact(Trigger.A7, D(2024, 4, 1), owes=False),),
    )
    assert decide(facts, D(2024, 7, 10)).state.kind is ListKind.ABNORMAL
    assert changes(decide(facts, D(2024, 10, 1)))[-1] == (D(2024, 10, 1), K.REMOVE_ABNORMAL, "RA2")


@pytest.mark.parametrize(
    ("yuan", "kind", "code"),
    [
        ("50000", ListKind.SERIOUS, "S4"),
        ("50000.00", ListKind.SERIOUS, "S4"),
        ("49999.99", ListKind.ABNORMAL, "A5"),
        ("120000", ListKind.SERIOUS, "S4"),
        ("1", ListKind.ABNORMAL, "A5"),
    ],
)
def test_fine_threshold_of_50000_yuan(yuan, kind, code):
    decision = decide(CreditFacts(penalties=(fine(D(2025, 3, 3), yuan),)), D(2025, 3, 3))
    assert decision.state.kind is kind
    assert decision.transitions[-1].code.value == code


@pytest.mark.parametrize(
    ("first", "second", "serious"),
    [
        (D(2021, 3, 10), D(2024, 3, 9), True),
        (D(2021, 3, 10), D(2024, 3, 10), True),  # exactly 3 years: still within
        (D(2021, 3, 10), D(2024, 3, 11), False),
        (D(2024, 2, 29), D(2027, 2, 28), True),  # leap day: the window ends on 28 February
        (D(2024, 2, 29), D(2027, 3, 1), False),
    ],
)
def test_two_minor_penalties_within_3_years(first, second, serious):
    facts = CreditFacts(penalties=(warning(first), fine(second, "3000")))
    decision = decide(facts, second)
    last = decision.transitions[-1]
    if serious:
        assert (last.kind, last.code, last.codes) == (
            K.ENTER_SERIOUS,
            Trigger.S5,
            (Trigger.A5, Trigger.S5),
        )
    else:
        assert (last.kind, last.code) == (K.ENTER_ABNORMAL, Trigger.A5)


def test_repeat_penalty_rule_is_configurable():
    facts = CreditFacts(penalties=(warning(D(2024, 1, 5)), warning(D(2024, 6, 5))))
    three = CreditPolicy(repeat_minor_penalties=3)
    assert decide(facts, D(2024, 6, 5), three).state.kind is ListKind.ABNORMAL
    facts = dataclasses.replace(facts, penalties=(*facts.penalties, warning(D(2025, 1, 5))))
    assert decide(facts, D(2025, 1, 5), three).state.kind is ListKind.SERIOUS


def test_a_new_S_trigger_while_serious_restarts_the_serious_clock():  # noqa: N802
    facts = CreditFacts(penalties=(S4_2023, Penalty(D(2024, 8, 1), PenaltyKind.SUSPENSION)))
    decision = decide(facts, D(2024, 8, 1))
    last = decision.transitions[-1]
    assert (last.kind, last.code) == (K.RESTART_SERIOUS, Trigger.S3)
    assert decision.state.origin is Trigger.S4  # the origin stays
    assert (decision.state.listed_on, decision.state.since) == (D(2023, 5, 10), D(2024, 8, 1))


def test_an_S_trigger_while_abnormal_moves_to_the_serious_list_with_its_reasons():  # noqa: N802
    facts = CreditFacts(
        annual_reports=(A1_2025,), triggers=(TriggerFact(Trigger.S6, D(2025, 9, 1)),)
    )
    state = decide(facts, D(2025, 9, 1)).state
    assert (state.kind, state.origin, state.listed_on) == (
        ListKind.SERIOUS,
        Trigger.S6,
        D(2025, 9, 1),
    )
    assert state.codes == (Trigger.A1, Trigger.S6)


# -- one day, several things --------------------------------------------------------------


def test_verification_on_the_day_2_years_are_reached_removes_rather_than_escalates():
    facts = CreditFacts(
        triggers=(owed(Trigger.A7, D(2023, 6, 1)),),
        verifications=(RectificationVerified(D(2025, 6, 1)),),
    )
    assert changes(decide(facts, D(2025, 12, 31)))[-1] == (D(2025, 6, 1), K.REMOVE_ABNORMAL, "RA1")


def test_a_trigger_on_the_day_a_listing_ends_starts_a_new_listing():
    facts = CreditFacts(
        penalties=(warning(D(2024, 3, 15)),), triggers=(owed(Trigger.A2, D(2024, 9, 15)),)
    )
    assert changes(decide(facts, D(2024, 9, 15)))[-2:] == [
        (D(2024, 9, 15), K.REMOVE_ABNORMAL, "RA2"),
        (D(2024, 9, 15), K.ENTER_ABNORMAL, "A2"),
    ]


def test_an_S_trigger_and_an_A_trigger_on_one_day_make_one_serious_entry():  # noqa: N802
    facts = CreditFacts(
        penalties=(fine(D(2025, 3, 3), "60000"),), triggers=(owed(Trigger.A2, D(2025, 3, 3)),)
    )
    (only,) = decide(facts, D(2025, 3, 3)).transitions
    assert (only.kind, only.code, only.codes) == (
        K.ENTER_SERIOUS,
        Trigger.S4,
        (Trigger.A2, Trigger.S4),
    )


# -- opening state, determinism, validation -----------------------------------------------


def test_an_opening_listing_carried_over_keeps_its_clock():
    opening = CreditState.abnormal(D(2023, 1, 10), (Reason(Trigger.A6, D(2023, 1, 10), True),))
    facts = CreditFacts(
        opening=opening,
        opening_on=D(2024, 1, 1),
        triggers=(owed(Trigger.A2, D(2023, 6, 1)),),  # before opening_on: already in the opening
    )
    decision = decide(facts, D(2025, 1, 10))
    assert changes(decision) == [(D(2025, 1, 10), K.ESCALATE, "S1")]
    assert decision.state_on(D(2024, 6, 1)) == opening


def test_penalties_before_the_opening_still_count_towards_S5():  # noqa: N802
    facts = CreditFacts(
        opening_on=D(2024, 1, 1), penalties=(warning(D(2023, 5, 1)), warning(D(2024, 5, 1)))
    )
    assert changes(decide(facts, D(2024, 5, 1))) == [(D(2024, 5, 1), K.ENTER_SERIOUS, "S5")]


def test_facts_after_today_are_not_seen():
    facts = CreditFacts(penalties=(warning(D(2025, 3, 3)),))
    assert decide(facts, D(2025, 3, 2)).state == NORMAL
    assert decide(facts, D(2025, 3, 2)).transitions == ()


def test_the_answer_for_a_day_does_not_depend_on_later_facts_or_on_when_it_is_asked():
    facts = CreditFacts(
        annual_reports=(AnnualReport(2023, D(2024, 5, 31)),),
        penalties=(warning(D(2024, 8, 1)), fine(D(2025, 7, 1), "10000")),
        verifications=(RectificationVerified(D(2024, 10, 8)),),
        applications=(RemovalApplication(D(2026, 1, 5)),),
    )
    final = decide(facts, D(2027, 12, 31))
    for day in (D(2024, 6, 1), D(2024, 10, 8), D(2025, 7, 1), D(2026, 1, 5), D(2027, 7, 1)):
        partial = decide(facts, day)
        assert partial.transitions == tuple(t for t in final.transitions if t.effective_on <= day)
        assert partial.state == final.state_on(day)
        assert decide(facts, day) == partial


def test_transition_keys_are_unique_and_stable():
    facts = CreditFacts(
        penalties=(warning(D(2024, 3, 15)),), triggers=(owed(Trigger.A2, D(2024, 9, 15)),)
    )
    keys = [t.key for t in decide(facts, D(2025, 1, 1)).transitions]
    assert keys == [
        "2024-03-15/enter_abnormal/A5",
        "2024-09-15/remove_abnormal/RA2",
        "2024-09-15/enter_abnormal/A2",
    ]


def test_every_citation_states_its_evidence_level():
    citations = [v for v in vars(codes).values() if isinstance(v, codes.Citation)]
    assert len(citations) == 9
    for citation in citations:
        assert "待核" in str(citation) or "未核" in str(citation), citation.rule_id


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: TriggerFact(Trigger.S1, D(2025, 1, 1)), "worked out by the rules"),
        (lambda: TriggerFact(Trigger.S5, D(2025, 1, 1)), "worked out by the rules"),
        (lambda: Penalty(D(2025, 1, 1), PenaltyKind.FINE), "positive amount"),
        (lambda: RectificationNotice(D(2025, 2, 1), D(2025, 1, 1)), "deadline"),
        (lambda: letter(D(2025, 2, 1), D(2025, 1, 1)), "before it is sent"),
        (lambda: CreditPolicy(abnormal_auto_removal_months=0), "at least 1"),
        (lambda: CreditPolicy(fine_threshold_yuan=Decimal(0)), "positive"),
        (lambda: CreditPolicy(unreachable_letter_interval_days=(60, 20)), "min, max"),
        (lambda: CreditState(ListKind.ABNORMAL), "needs listed_on"),
        (
            lambda: CreditState(
                ListKind.ABNORMAL,
                D(2025, 1, 1),
                D(2025, 1, 1),
                (Reason(Trigger.A1, D(2025, 1, 1), True),),
                Trigger.S4,
            ),
            "origin",
        ),
        (
            lambda: CreditFacts(
                opening=CreditState.abnormal(
                    D(2025, 1, 1), (Reason(Trigger.A1, D(2025, 1, 1), True),)
                )
            ),
            "opening_on",
        ),
    ],
)
def test_impossible_facts_and_policies_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_the_rules_import_no_django():
    # pytest-django has already imported Django here, so ask a fresh interpreter.
    code = (
        "import sys, socorg.credit.rules, socorg.credit.calendar; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
