"""Two years of a daily credit job over a handful of organizations (no database).

Every day from 2024-01-01 to 2025-12-31 the rules are asked afresh, as the daily job will ask
them. The test checks every list change, its day and the article it cites, and that the answers
fit together: each day's transitions extend the previous day's, and asking in reverse order gives
the same answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from socorg.credit.rules import (
    DEFAULT_POLICY,
    AnnualReport,
    CreditDecision,
    CreditFacts,
    CreditState,
    FundraisingCampaign,
    ListKind,
    Penalty,
    PenaltyKind,
    PublicFundraising,
    Reason,
    RectificationVerified,
    RefusalCode,
    RegisteredLetter,
    RemovalApplication,
    TransitionKind,
    Trigger,
    decide_credit,
)
from socorg.registry.rules.lifecycle import EventFacts, EventKind, OrgType

D = dt.date
K = TransitionKind
FIRST, LAST = D(2024, 1, 1), D(2025, 12, 31)
DAYS = [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]

ABNORMAL_LISTING = "CREDIT.abnormal_listing"
SERIOUS_LISTING = "CREDIT.serious_listing"
ESCALATION = "CREDIT.abnormal_to_serious"
RA1_VERIFIED = "CREDIT.abnormal_removal_after_verification"
RA2_EXPIRED = "CREDIT.abnormal_auto_removal"
RS1_APPLICATION = "CREDIT.serious_removal_min"
RS2_DEREGISTERED = "CREDIT.serious_removal_deregistration"


@dataclass(frozen=True)
class Org:
    name: str
    facts: CreditFacts
    # (day, kind, code, citation rule id) of every entry into or exit from a list
    expected: tuple[tuple[dt.date, TransitionKind, str, str], ...]
    refusals: tuple[tuple[dt.date, RefusalCode], ...] = ()
    removal_due_by: tuple[dt.date, ...] = ()


ORGS = [
    Org(
        "甲：年报逾期，国庆前查实整改",
        CreditFacts(
            annual_reports=(
                AnnualReport(2023, D(2024, 5, 31), filed_on=D(2024, 7, 15)),
                AnnualReport(2024, D(2025, 5, 31), filed_on=D(2025, 5, 20)),
            ),
            verifications=(RectificationVerified(D(2024, 9, 27)),),
        ),
        (
            (D(2024, 6, 1), K.ENTER_ABNORMAL, "A1", ABNORMAL_LISTING),
            (D(2024, 9, 27), K.REMOVE_ABNORMAL, "RA1", RA1_VERIFIED),
        ),
        removal_due_by=(D(2024, 10, 10),),  # Sunday 9月29日 worked, 国庆 1–7 off
    ),
    Org(
        "乙：一次警告期满移出，3年内再罚款列入严重违法失信名单",
        CreditFacts(
            penalties=(
                Penalty(D(2024, 3, 15), PenaltyKind.WARNING),
                Penalty(D(2025, 2, 10), PenaltyKind.FINE, Decimal("20000")),
            ),
            applications=(RemovalApplication(D(2025, 12, 1)),),
        ),
        (
            (D(2024, 3, 15), K.ENTER_ABNORMAL, "A5", ABNORMAL_LISTING),
            (D(2024, 9, 15), K.REMOVE_ABNORMAL, "RA2", RA2_EXPIRED),
            (D(2025, 2, 10), K.ENTER_SERIOUS, "S5", SERIOUS_LISTING),
        ),
        refusals=((D(2025, 12, 1), RefusalCode.TOO_EARLY),),
    ),
    Org(
        "丙：旧系统转入的异常名录，满2年移入严重违法失信名单",
        CreditFacts(
            opening=CreditState.abnormal(
                D(2023, 3, 1), (Reason(Trigger.A6, D(2023, 3, 1), True, "旧系统"),)
            ),
            opening_on=FIRST,
            annual_reports=(AnnualReport(2023, D(2024, 5, 31), filed_on=D(2024, 5, 30)),),
            verifications=(RectificationVerified(D(2025, 8, 1)),),
        ),
        ((D(2025, 3, 1), K.ESCALATE, "S1", ESCALATION),),
    ),
    Org(
        "丁：无法取得联系，后被撤销登记并完成注销",
        CreditFacts(
            letters=(
                RegisteredLetter(D(2024, 4, 1), False, D(2024, 4, 20)),
                RegisteredLetter(D(2024, 5, 10), False, D(2024, 5, 30)),
            ),
            registration_events=(
                EventFacts(EventKind.REVOCATION, D(2024, 12, 20), OrgType.SOCIAL_SERVICE),
                EventFacts(EventKind.DEREGISTRATION, D(2025, 4, 30), OrgType.SOCIAL_SERVICE),
            ),
        ),
        (
            (D(2024, 5, 30), K.ENTER_ABNORMAL, "A6", ABNORMAL_LISTING),
            (D(2024, 12, 20), K.ENTER_SERIOUS, "S7", SERIOUS_LISTING),
            (D(2025, 4, 30), K.REMOVE_SERIOUS, "RS2", RS2_DEREGISTERED),
        ),
    ),
    Org(
        "戊：慈善组织6个月未公开募捐，两次列入",
        CreditFacts(
            fundraising=PublicFundraising(
                D(2023, 12, 1),
                (
                    FundraisingCampaign(D(2024, 1, 5), D(2024, 2, 29)),
                    FundraisingCampaign(D(2024, 10, 1), D(2024, 11, 30)),
                ),
            ),
            verifications=(RectificationVerified(D(2024, 10, 8)),),
        ),
        (
            (D(2024, 8, 29), K.ENTER_ABNORMAL, "A4", ABNORMAL_LISTING),
            (D(2024, 10, 8), K.REMOVE_ABNORMAL, "RA1", RA1_VERIFIED),
            (D(2025, 5, 30), K.ENTER_ABNORMAL, "A4", ABNORMAL_LISTING),
        ),
        removal_due_by=(D(2024, 10, 14),),  # Saturday 10月12日 worked
    ),
    Org(
        "己：闰日罚款5万元，列入期间再受警告重新计算",
        CreditFacts(
            penalties=(
                Penalty(D(2024, 2, 29), PenaltyKind.FINE, Decimal("50000")),
                Penalty(D(2025, 1, 10), PenaltyKind.WARNING),
            ),
            applications=(RemovalApplication(D(2025, 12, 31)),),
        ),
        ((D(2024, 2, 29), K.ENTER_SERIOUS, "S4", SERIOUS_LISTING),),
        refusals=((D(2025, 12, 31), RefusalCode.TOO_EARLY),),
    ),
    Org(
        "庚：按时报送年报，从未列入",
        CreditFacts(
            annual_reports=(
                AnnualReport(2023, D(2024, 5, 31), filed_on=D(2024, 3, 1)),
                AnnualReport(2024, D(2025, 5, 31), filed_on=D(2025, 5, 31)),
            )
        ),
        (),
    ),
    Org(
        "辛：旧系统转入的严重违法失信名单，满2年申请移出",
        CreditFacts(
            opening=CreditState.serious(
                D(2022, 6, 1), (Reason(Trigger.S4, D(2022, 6, 1), False, "旧系统"),), Trigger.S4
            ),
            opening_on=FIRST,
            applications=(RemovalApplication(D(2024, 5, 31)), RemovalApplication(D(2024, 6, 3))),
        ),
        ((D(2024, 6, 3), K.REMOVE_SERIOUS, "RS1", RS1_APPLICATION),),
        refusals=((D(2024, 5, 31), RefusalCode.TOO_EARLY),),
    ),
]


def decide(org: Org, day: dt.date) -> CreditDecision:
    return decide_credit(org.facts, policy=DEFAULT_POLICY, today=day)


@pytest.mark.parametrize("org", ORGS, ids=[o.name.split("：")[0] for o in ORGS])
def test_two_years_of_daily_decisions(org):
    seen: list[tuple[dt.date, TransitionKind, str, str]] = []
    previous = decide(org, FIRST - dt.timedelta(days=1))
    assert previous.state == org.facts.opening
    by_day: dict[dt.date, CreditDecision] = {}

    for day in DAYS:
        decision = decide(org, day)
        by_day[day] = decision
        # Yesterday's answer is today's answer up to yesterday: nothing is rewritten.
        assert decision.transitions[: len(previous.transitions)] == previous.transitions
        assert decision.refusals[: len(previous.refusals)] == previous.refusals
        assert decision.state == decision.state_on(day)
        today = decision.transitions_on(day)
        assert decision.transitions[len(previous.transitions) :] == today
        if decision.state.kind is not previous.state.kind:
            assert any(t.changes_list for t in today), (org.name, day)
        for t in today:
            citation = str(t.citation)
            assert "民政部令第60号" in citation or "征求意见稿" in citation
            assert "待核" in citation or "未核" in citation
            assert day.isoformat() in str(t.explanation)
            if t.changes_list:
                seen.append((day, t.kind, t.code.value, t.citation.rule_id))
        previous = decision

    assert seen == list(org.expected), org.name
    final = by_day[LAST]
    assert [(r.applied_on, r.code) for r in final.refusals] == list(org.refusals)
    due = [t.removal_due_by for t in final.transitions if t.removal_due_by]
    assert due == list(org.removal_due_by)

    # Asked in reverse order, day by day, the answers are the same.
    for day in reversed(DAYS[::7]):
        assert decide(org, day) == by_day[day]


def test_scenario_end_states():
    states = {o.name.split("：")[0]: decide(o, LAST).state for o in ORGS}
    assert {name: s.kind for name, s in states.items()} == {
        "甲": ListKind.NORMAL,
        "乙": ListKind.SERIOUS,
        "丙": ListKind.SERIOUS,
        "丁": ListKind.NORMAL,
        "戊": ListKind.ABNORMAL,
        "己": ListKind.SERIOUS,
        "庚": ListKind.NORMAL,
        "辛": ListKind.NORMAL,
    }
    # 丙 has met its obligations and can apply two years after the escalation.
    assert states["丙"].outstanding == ()
    assert (states["丙"].origin, states["丙"].since) == (Trigger.S1, D(2025, 3, 1))
    # 己's warning restarted the serious clock without changing how it got there.
    assert (states["己"].origin, states["己"].since) == (Trigger.S4, D(2025, 1, 10))
