"""Pure annual-report rules (no database): deadlines, who must file, lateness, report fields."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from socorg.annual_reports.rules import (
    AnnualReportFacts,
    AnnualReportPolicy,
    CommunityFilingPolicy,
    DeadlineOverride,
    LateHandling,
    OrgFilingFacts,
    PartyOrgForm,
    TypeDeadlines,
    deadline_for,
    decide_submission,
    filing_plan,
    inspection_rate,
    is_late,
    is_required,
    must_file,
    validate_report,
)
from socorg.registry.rules.lifecycle import OrgType, Status

D = dt.date
POLICY = AnnualReportPolicy()
SG, SS, FD, CSO = (
    OrgType.SOCIAL_GROUP,
    OrgType.SOCIAL_SERVICE,
    OrgType.FOUNDATION,
    OrgType.COMMUNITY,
)

# --- deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_type", "supervised", "supervisor", "registrar", "article"),
    [
        (SG, True, D(2026, 3, 31), D(2026, 5, 31), "社团条例第二十八条"),
        (SG, False, None, D(2026, 5, 31), "社团条例第二十八条"),
        (SS, True, D(2026, 3, 31), D(2026, 5, 31), "民非条例第二十三条"),
        (SS, False, None, D(2026, 5, 31), "民非条例第二十三条"),
        (FD, True, D(2026, 3, 31), D(2026, 3, 31), "基金会条例第三十六条"),
        (FD, False, None, D(2026, 3, 31), "基金会条例第三十六条"),
        (CSO, False, None, D(2026, 3, 31), "民发〔2017〕191号"),
        (CSO, True, None, D(2026, 3, 31), "民发〔2017〕191号"),  # no supervisor stage
    ],
)
def test_deadlines_per_type(org_type, supervised, supervisor, registrar, article):
    due = deadline_for(org_type, 2025, supervised, POLICY)
    assert (due.supervisor, due.registrar) == (supervisor, registrar)
    assert article in due.basis
    assert due.submission == (supervisor or registrar)


COVID = DeadlineOverride(2019, D(2020, 8, 31), "漳州2020年延期通知")


def test_override_moves_both_dates_of_its_year_only():
    policy = AnnualReportPolicy(overrides=(COVID,))
    due = deadline_for(SG, 2019, True, policy)
    assert (due.supervisor, due.registrar) == (D(2020, 8, 31), D(2020, 8, 31))
    assert "漳州2020年延期通知" in due.basis
    assert deadline_for(SG, 2020, True, policy).registrar == D(2021, 5, 31)


def test_override_with_its_own_supervisor_date_and_types():
    override = DeadlineOverride(
        2019,
        D(2020, 8, 31),
        "延期",
        to_supervisor=D(2020, 6, 30),
        org_types=frozenset({SS}),
    )
    policy = AnnualReportPolicy(overrides=(override,))
    assert deadline_for(SS, 2019, True, policy).supervisor == D(2020, 6, 30)
    assert deadline_for(SS, 2019, False, policy).supervisor is None
    assert deadline_for(SG, 2019, True, policy).registrar == D(2020, 5, 31)  # not its type


def test_override_rejects_supervisor_after_registrar():
    with pytest.raises(ValueError):
        DeadlineOverride(2019, D(2020, 6, 30), "x", to_supervisor=D(2020, 7, 1))


LEAP = AnnualReportPolicy(
    deadlines={SG: TypeDeadlines((2, 29), (2, 29), "测试：2月29日截止")},
)


@pytest.mark.parametrize(
    ("year", "deadline"),
    [(2023, D(2024, 2, 29)), (2024, D(2025, 2, 28)), (2027, D(2028, 2, 29))],
)
def test_leap_day_deadline_falls_back_to_28_february(year, deadline):
    assert deadline_for(SG, year, False, LEAP).registrar == deadline


@pytest.mark.parametrize(
    ("submitted", "deadline", "late"),
    [
        (D(2026, 5, 30), D(2026, 5, 31), False),
        (D(2026, 5, 31), D(2026, 5, 31), False),
        (D(2026, 6, 1), D(2026, 5, 31), True),
        (D(2024, 2, 28), D(2024, 2, 29), False),
        (D(2024, 2, 29), D(2024, 2, 29), False),
        (D(2024, 3, 1), D(2024, 2, 29), True),
        (D(2025, 2, 28), D(2025, 2, 28), False),
        (D(2025, 3, 1), D(2025, 2, 28), True),
    ],
)
def test_is_late_boundaries(submitted, deadline, late):
    assert is_late(submitted, deadline) is late


# --- who must file ------------------------------------------------------------------------


def org(**changes):
    base = OrgFilingFacts(SG, Status.REGISTERED, D(2020, 5, 1), True)
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    ("facts", "required", "rule"),
    [
        (org(registered_on=D(2025, 6, 29)), True, "ANNUAL.due"),
        (org(registered_on=D(2025, 6, 30)), True, "ANNUAL.due"),
        (org(registered_on=D(2025, 7, 1)), False, "ANNUAL.first_year_cutoff"),
        (org(registered_on=D(2026, 1, 5)), False, "ANNUAL.first_year_cutoff"),
        # deregistered before, on, and after the registrar deadline 2026-05-31
        (org(status=Status.DEREGISTERED, ended_on=D(2026, 5, 30)), False, "ANNUAL.ended"),
        (org(status=Status.DEREGISTERED, ended_on=D(2026, 5, 31)), False, "ANNUAL.ended"),
        (org(status=Status.DEREGISTERED, ended_on=D(2026, 6, 1)), True, "ANNUAL.due"),
        (org(status=Status.REVOKED, ended_on=None), False, "ANNUAL.ended"),
        (
            org(org_type=CSO, status=Status.FILED, has_supervisory_unit=False),
            True,
            "CSO.annual_filing",
        ),
        (
            org(org_type=CSO, status=Status.FILED, registered_on=D(2025, 7, 1)),
            False,
            "ANNUAL.first_year_cutoff",
        ),
    ],
)
def test_must_file(facts, required, rule):
    decision = must_file(facts, 2025, POLICY)
    assert (decision.required, decision.rule) == (required, rule)
    assert decision.basis
    assert str(decision.reason)


@pytest.mark.parametrize(
    "policy",
    [POLICY, AnnualReportPolicy(community=CommunityFilingPolicy(required=False))],
    ids=["default", "community-filing-off"],
)
def test_plan_shortcut_agrees_with_must_file(policy):
    """``is_required`` over a cached ``filing_plan`` (what the bulk readers use) decides as
    ``must_file`` for every type, status, registration date and end date around the limits."""
    registrations = [D(2024, 12, 31), D(2025, 6, 30), D(2025, 7, 1), D(2026, 1, 1)]
    ends = [None, D(2026, 3, 31), D(2026, 4, 1), D(2026, 5, 31), D(2026, 6, 1)]
    checked = 0
    for org_type in (SG, SS, FD, CSO):
        for supervised in (True, False):
            plan = filing_plan(org_type, 2025, supervised, policy)
            for status in Status:
                for registered in registrations:
                    for ended in ends:
                        facts = OrgFilingFacts(org_type, status, registered, supervised, ended)
                        decision = must_file(facts, 2025, policy)
                        assert is_required(facts, plan, policy) == decision.required, facts
                        if decision.required:
                            assert decision.due == plan.due
                        checked += 1
    assert checked == 4 * 2 * len(Status) * 4 * 5


def test_required_decision_names_the_deadline():
    decision = must_file(org(), 2025, POLICY)
    assert decision.due is not None and decision.due.submission == D(2026, 3, 31)
    assert str(decision.reason) == "应于 2026-03-31 前报送 2025 年度报告。"
    direct = must_file(org(has_supervisory_unit=False), 2025, POLICY)
    assert "2026-05-31" in str(direct.reason)


def test_first_year_cutoff_is_configurable():
    policy = AnnualReportPolicy(first_year_cutoff=(12, 31))
    assert must_file(org(registered_on=D(2025, 7, 1)), 2025, policy).required
    assert "2025-06-30" in str(must_file(org(registered_on=D(2025, 7, 1)), 2025, POLICY).reason)


def test_leap_year_cutoff_on_29_february():
    policy = AnnualReportPolicy(first_year_cutoff=(2, 29))
    assert must_file(org(registered_on=D(2024, 2, 29)), 2024, policy).required
    assert not must_file(org(registered_on=D(2024, 3, 1)), 2024, policy).required
    assert must_file(org(registered_on=D(2025, 2, 28)), 2025, policy).required
    assert not must_file(org(registered_on=D(2025, 3, 1)), 2025, policy).required


def test_community_filing_can_be_switched_off_and_has_its_own_dates():
    cso = org(org_type=CSO, status=Status.FILED, has_supervisory_unit=False)
    off = AnnualReportPolicy(community=CommunityFilingPolicy(required=False))
    decision = must_file(cso, 2025, off)
    assert (decision.required, decision.rule) == (False, "CSO.annual_filing")
    later = AnnualReportPolicy(community=CommunityFilingPolicy(due=(4, 30)))
    assert must_file(cso, 2025, later).due.registrar == D(2026, 4, 30)


# --- submission ---------------------------------------------------------------------------

DUE = deadline_for(SG, 2025, True, POLICY)  # submission due 2026-03-31
ACCEPT_LATE = AnnualReportPolicy(late_handling=LateHandling.ACCEPT_MARKED)


@pytest.mark.parametrize(
    ("policy", "submitted", "accepted", "late"),
    [
        (POLICY, D(2026, 3, 30), True, False),
        (POLICY, D(2026, 3, 31), True, False),
        (POLICY, D(2026, 4, 1), False, True),
        (ACCEPT_LATE, D(2026, 3, 31), True, False),
        (ACCEPT_LATE, D(2026, 4, 1), True, True),
    ],
)
def test_decide_submission(policy, submitted, accepted, late):
    decision = decide_submission(submitted, DUE, policy)
    assert (decision.accepted, decision.late) == (accepted, late)
    assert decision.basis


def test_refused_late_submission_says_so():
    decision = decide_submission(D(2026, 4, 1), DUE, POLICY)
    assert str(decision.reason) == "2026-04-01 报送，已超过截止日 2026-03-31，不予受理。"
    assert decision.rule == "ANNUAL.late"
    marked = decide_submission(D(2026, 4, 1), DUE, ACCEPT_LATE)
    assert "标记为逾期" in str(marked.reason)


def test_resubmission_after_return_keeps_first_submission_date():
    decision = decide_submission(D(2026, 4, 20), DUE, POLICY, first_submitted_on=D(2026, 3, 31))
    assert (decision.accepted, decision.late) == (True, False)
    late_first = decide_submission(D(2026, 4, 20), DUE, POLICY, first_submitted_on=D(2026, 4, 1))
    assert not late_first.accepted


# --- report content -----------------------------------------------------------------------


def report(**changes):
    base = AnnualReportFacts(
        org_type=SG,
        income_donations=Decimal("1000"),
        income_membership_fees=Decimal("2000"),
        income_services=Decimal("3000"),
        income_government_grants=Decimal("500"),
        income_sales=Decimal("0"),
        income_investment=Decimal("100"),
        income_other=Decimal("400"),
        income_total=Decimal("7000"),
        government_purchase_income=Decimal("2500"),
        expense_program=Decimal("5000"),
        expense_admin=Decimal("1000"),
        expense_fundraising=Decimal("200"),
        expense_other=Decimal("300"),
        expense_total=Decimal("6500"),
        assets_total=Decimal("10000"),
        liabilities_total=Decimal("3000"),
        net_assets=Decimal("7000"),
        net_assets_restricted=Decimal("2000"),
        net_assets_unrestricted=Decimal("5000"),
        staff_full_time=3,
        staff_part_time=2,
        volunteers=20,
        general_assemblies=1,
        council_meetings=2,
        supervisory_meetings=1,
        has_party_org=True,
        party_org_form=PartyOrgForm.JOINT,
        party_members=2,
        activities=12,
        beneficiaries=300,
        public_benefit_spend=Decimal("4000"),
        fee_reduction=Decimal("0"),
        major_matters=("换届选举",),
    )
    return dataclasses.replace(base, **changes)


def test_consistent_report_has_no_problems():
    assert validate_report(report(), policy=POLICY) == {}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"income_donations": Decimal(-1), "income_total": Decimal(5999)}, {"income_donations"}),
        # an investment loss and negative net assets are real, not errors
        ({"income_investment": Decimal(-100), "income_total": Decimal(6800)}, set()),
        (
            {
                "assets_total": Decimal(1000),
                "net_assets": Decimal(-2000),
                "net_assets_restricted": Decimal(0),
                "net_assets_unrestricted": Decimal(-2000),
            },
            set(),
        ),
        ({"income_total": Decimal("7000.01")}, {"income_total"}),
        ({"income_total": Decimal("6999.99")}, {"income_total"}),
        ({"expense_total": Decimal(6000)}, {"expense_total"}),
        ({"expense_admin": Decimal(-1), "expense_total": Decimal(5499)}, {"expense_admin"}),
        ({"net_assets_restricted": Decimal(1000)}, {"net_assets"}),
        ({"net_assets_restricted": None}, set()),
        ({"liabilities_total": Decimal(-1)}, {"liabilities_total", "net_assets"}),
        ({"government_purchase_income": Decimal("7000")}, set()),
        ({"government_purchase_income": Decimal("7000.01")}, {"government_purchase_income"}),
        ({"government_purchase_income": Decimal(-1)}, {"government_purchase_income"}),
        ({"staff_full_time": -1}, {"staff_full_time"}),
        ({"staff_part_time": -1}, {"staff_part_time"}),
        ({"volunteers": -1}, {"volunteers"}),
        ({"council_meetings": -1}, {"council_meetings"}),
        ({"beneficiaries": -1}, {"beneficiaries"}),
        ({"party_members": -1}, {"party_members"}),
        ({"fee_reduction": Decimal(-1)}, {"fee_reduction"}),
        ({"public_benefit_spend": Decimal("6500")}, set()),
        ({"public_benefit_spend": Decimal("6500.01")}, {"public_benefit_spend"}),
        ({"party_org_form": None}, {"party_org_form"}),
        ({"has_party_org": False}, {"party_org_form"}),
        ({"has_party_org": False, "party_org_form": None, "party_members": 0}, set()),
        ({"party_org_form": PartyOrgForm.SINGLE, "party_members": 2}, {"party_members"}),
        ({"party_org_form": PartyOrgForm.SINGLE, "party_members": 3}, set()),
        ({"party_org_form": PartyOrgForm.FUNCTIONAL, "party_members": 1}, set()),
        ({"org_type": FD}, {"has_audit_report"}),
        ({"org_type": FD, "has_audit_report": True}, set()),
        ({"major_matters": ("  ",)}, {"major_matters"}),
    ],
)
def test_report_problems_name_the_field(changes, fields):
    assert set(validate_report(report(**changes), policy=POLICY)) == fields


def test_report_messages_are_clear():
    problems = validate_report(
        report(income_donations=Decimal(-1), income_total=Decimal(100)), policy=POLICY
    )
    assert [str(m) for m in problems["income_donations"]] == ["捐赠收入不能为负数。"]
    assert [str(m) for m in problems["income_total"]] == ["收入合计 100 与各分项之和 5999 不一致。"]
    both = validate_report(report(net_assets=Decimal(6999)), policy=POLICY)["net_assets"]
    assert [str(m) for m in both] == [
        "净资产 6999 应等于资产总额 10000 减负债总额 3000。",
        "限定性与非限定性净资产之和应等于净资产。",
    ]


def test_amount_tolerance_is_configurable():
    lenient = AnnualReportPolicy(amount_tolerance=Decimal("0.01"))
    assert validate_report(report(income_total=Decimal("7000.01")), policy=lenient) == {}
    assert "income_total" in validate_report(
        report(income_total=Decimal("7000.02")), policy=lenient
    )


def test_audit_report_types_and_party_threshold_are_configurable():
    policy = AnnualReportPolicy(audit_report_types=frozenset(OrgType), party_min_members=2)
    assert set(validate_report(report(), policy=policy)) == {"has_audit_report"}
    single = report(party_org_form=PartyOrgForm.SINGLE, party_members=2)
    assert "party_members" not in validate_report(single, policy=policy)


# --- rate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "required", "rate"),
    [
        (0, 0, None),
        (0, 5, Decimal("0")),
        (3, 4, Decimal("0.75")),
        (2, 3, Decimal("0.6667")),
        (1, 3, Decimal("0.3333")),
        (7, 7, Decimal("1")),
    ],
)
def test_inspection_rate(filed, required, rate):
    assert inspection_rate(filed, required) == rate


@pytest.mark.parametrize(("filed", "required"), [(5, 4), (-1, 3), (0, -1)])
def test_inspection_rate_rejects_impossible_counts(filed, required):
    with pytest.raises(ValueError):
        inspection_rate(filed, required)
