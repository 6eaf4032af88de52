"""The pure rules: workflow tables, decision checks, evidence files, masking (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from socorg.accounts.roles import Role
from socorg.illegal import rules
from socorg.illegal.rules import CaseState, DecisionFacts, Outcome, TipState

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        (TipState.NEW, "assign", TipState.ASSIGNED),
        (TipState.ASSIGNED, "assign", TipState.ASSIGNED),
        (TipState.NEW, "close", TipState.CLOSED),
        (TipState.ASSIGNED, "merge", TipState.CLOSED),
        (TipState.CLOSED, "assign", None),
        (TipState.CLOSED, "close", None),
        (TipState.CLOSED, "merge", None),
    ],
)
def test_tip_transitions(state, action, target):
    assert rules.tip_transition(state, action) == target


def test_street_officer_may_close_only_an_assigned_tip():
    assert Role.STREET_OFFICER not in rules.tip_roles("new", "close")
    assert Role.STREET_OFFICER in rules.tip_roles("assigned", "close")
    assert Role.STREET_OFFICER not in rules.tip_roles("assigned", "merge")


@pytest.mark.parametrize(
    ("state", "action", "target"),
    [
        (CaseState.FILED, "add_evidence", CaseState.INVESTIGATING),
        (CaseState.INVESTIGATING, "add_evidence", CaseState.INVESTIGATING),
        (CaseState.INVESTIGATING, "decide", CaseState.CONCLUDED),
        (CaseState.FILED, "decide", None),
        (CaseState.CONCLUDED, "decide", None),
        (CaseState.CONCLUDED, "add_evidence", None),
        (CaseState.CONCLUDED, "publish", CaseState.CONCLUDED),
        (CaseState.INVESTIGATING, "publish", None),
    ],
)
def test_case_transitions(state, action, target):
    assert rules.case_transition(state, action) == target


def facts(**overrides):
    base = {
        "outcome": Outcome.BAN.value,
        "decided_on": dt.date(2026, 5, 20),
        "document_number": "武民取字〔2026〕1号",
        "reason": "未经登记以协会名义收取会费。",
        "opened_on": dt.date(2026, 5, 1),
    }
    base.update(overrides)
    return DecisionFacts(**base)


@pytest.mark.parametrize("outcome", [o.value for o in Outcome])
def test_every_outcome_with_complete_facts_is_accepted(outcome):
    assert rules.decision_problems(facts(outcome=outcome), today=TODAY) == {}


@pytest.mark.parametrize("outcome", ["ban", "disperse"])
def test_ban_and_dispersal_need_a_document_number(outcome):
    problems = rules.decision_problems(facts(outcome=outcome, document_number="  "), today=TODAY)
    assert list(problems) == ["document_number"]
    assert "文书号" in str(problems["document_number"][0])


@pytest.mark.parametrize("outcome", ["guide_register", "not_illegal"])
def test_other_outcomes_need_no_document_number(outcome):
    assert rules.decision_problems(facts(outcome=outcome, document_number=""), today=TODAY) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": "fine"}, "outcome"),
        ({"decided_on": None}, "decided_on"),
        ({"decided_on": TODAY + dt.timedelta(days=1)}, "decided_on"),
        ({"decided_on": dt.date(2026, 4, 30)}, "decided_on"),
        ({"reason": " "}, "reason"),
    ],
)
def test_bad_decisions_name_the_field(overrides, field):
    assert field in rules.decision_problems(facts(**overrides), today=TODAY)


def test_decision_boundaries_on_the_day_opened_and_today():
    assert rules.decision_problems(facts(decided_on=dt.date(2026, 5, 1)), today=TODAY) == {}
    assert rules.decision_problems(facts(decided_on=TODAY), today=TODAY) == {}


def test_only_bans_and_dispersals_are_published_once():
    assert rules.publish_problem(outcome="ban", published=False) is None
    assert rules.publish_problem(outcome="disperse", published=False) is None
    assert rules.publish_problem(outcome="guide_register", published=False) is not None
    assert rules.publish_problem(outcome="not_illegal", published=False) is not None
    assert rules.publish_problem(outcome="ban", published=True) is not None


ALLOWED = ("pdf", "png", "jpg", "txt")


@pytest.mark.parametrize(
    ("name", "size", "head", "ok"),
    [
        ("现场照片.png", 100, b"\x89PNG\r\n\x1a\nrest", True),
        ("询问笔录.PDF", 100, b"%PDF-1.7", True),
        ("说明.txt", 10, "文本".encode(), True),
        ("程序.exe", 100, b"MZ", False),
        ("无扩展名", 100, b"%PDF-", False),
        ("伪装.pdf", 100, b"MZ\x90\x00", False),
        ("空.pdf", 0, b"", False),
        ("大.pdf", 1025, b"%PDF-", False),
        ("二进制.txt", 10, b"ab\x00cd", False),
    ],
)
def test_evidence_files(name, size, head, ok):
    problems = rules.evidence_file_problems(
        name=name, size=size, head=head, allowed=ALLOWED, max_bytes=1024
    )
    assert (problems == []) is ok, problems


def test_evidence_file_at_exactly_the_limit_is_accepted():
    assert (
        rules.evidence_file_problems(
            name="a.pdf", size=1024, head=b"%PDF-", allowed=ALLOWED, max_bytes=1024
        )
        == []
    )


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("027-8888 1234", "027****1234"),
        ("zhang@example.org", "z***@example.org"),
        ("", ""),
    ],
)
def test_mask_contact(value, masked):
    assert rules.mask_contact(value) == masked


@pytest.mark.parametrize(
    ("value", "ok"),
    [("13812345678", True), ("a@b.cn", True), ("", True), ("随便写写", False), ("123", False)],
)
def test_contact_problem(value, ok):
    assert (rules.contact_problem(value) is None) is ok


def test_mask_name():
    assert rules.mask_name("张三丰") == "张**"
    assert rules.mask_name("李") == "李*"
    assert rules.mask_name("") == ""


def test_case_number_format():
    assert (
        rules.case_number(
            rules.DEFAULT_POLICY.case_number_format, district_code="420106", year=2026, seq=7
        )
        == "420106FF20260007"
    )


def test_policy_refuses_nonsense():
    with pytest.raises(ValueError):
        rules.IllegalPolicy(public_tips_per_ip_per_hour=0)
    with pytest.raises(ValueError):
        rules.IllegalPolicy(case_number_format="{year}")
