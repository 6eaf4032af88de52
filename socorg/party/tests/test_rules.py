"""Party-building rules, table-driven, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from socorg.party.rules import (
    CREDIT_A2,
    DEFAULT_POLICY,
    CoverageCounts,
    PartyFacts,
    PartyOrgForm,
    PartyOrgLevel,
    PartyOrgRecord,
    PartyPolicy,
    Requirement,
    coverage_rates,
    has_organization_coverage,
    has_work_coverage,
    missing_party_org,
    party_record_problems,
    percent,
    required_form,
)
from socorg.registry.rules.lifecycle import OrgType

TODAY = dt.date(2026, 5, 1)
A2_ON = PartyPolicy(missing_party_org_is_credit_trigger=True)


@pytest.mark.parametrize(
    ("members", "policy", "expected"),
    [
        (0, DEFAULT_POLICY, Requirement.WORK_COVERAGE),
        (1, DEFAULT_POLICY, Requirement.JOINT),
        (2, DEFAULT_POLICY, Requirement.JOINT),  # the day before the threshold
        (3, DEFAULT_POLICY, Requirement.STANDALONE),  # at the threshold
        (40, DEFAULT_POLICY, Requirement.STANDALONE),
        (3, PartyPolicy(min_members_for_branch=5), Requirement.JOINT),
        (5, PartyPolicy(min_members_for_branch=5), Requirement.STANDALONE),
    ],
)
def test_required_form(members, policy, expected):
    assert required_form(members, policy).requirement is expected


def test_required_form_cites_the_rule_and_refuses_negative_members():
    assert "第三十条" in str(required_form(3).citation)
    assert "5" in str(required_form(1).citation)
    with pytest.raises(ValueError):
        required_form(-1)


def record(**overrides) -> PartyOrgRecord:
    base = {
        "form": PartyOrgForm.SINGLE,
        "level": PartyOrgLevel.BRANCH,
        "full_members": 3,
        "established_on": dt.date(2020, 7, 1),
        "covered_units": 0,
        "as_of": TODAY,
    }
    base.update(overrides)
    return PartyOrgRecord(**base)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_members": -1}, "full_members"),
        ({"full_members": 2}, "full_members"),  # single needs 3
        ({"level": None}, "level"),
        ({"established_on": dt.date(2026, 5, 2)}, "established_on"),  # tomorrow
        ({"as_of": dt.date(2026, 5, 2)}, "as_of"),
        ({"as_of": dt.date(2026, 1, 1), "established_on": dt.date(2026, 2, 1)}, "established_on"),
        ({"form": PartyOrgForm.JOINT, "covered_units": 0}, "covered_organizations"),
        ({"form": PartyOrgForm.JOINT, "covered_units": 5}, "covered_organizations"),  # 6 units
        ({"covered_units": 1}, "covered_organizations"),  # only a joint branch covers others
        ({"form": PartyOrgForm.NONE}, "level"),
        ({"form": PartyOrgForm.NONE, "level": None}, "established_on"),
        (
            {"form": PartyOrgForm.NONE, "level": None, "established_on": None, "name": "某党支部"},
            "name",
        ),
        (
            {
                "form": PartyOrgForm.NONE,
                "level": None,
                "established_on": None,
                "secretary_name": "李四",
            },
            "secretary_name",
        ),
    ],
)
def test_record_problems(overrides, field):
    problems = party_record_problems(record(**overrides), today=TODAY)
    assert field in problems, problems


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"established_on": TODAY},  # today is allowed
        {"established_on": None},
        {"form": PartyOrgForm.JOINT, "full_members": 1, "covered_units": 1},
        {"form": PartyOrgForm.JOINT, "full_members": 0, "covered_units": 4},  # exactly 5 units
        {"form": PartyOrgForm.FUNCTIONAL, "full_members": 0},
        {"form": PartyOrgForm.NONE, "level": None, "established_on": None, "full_members": 7},
    ],
)
def test_valid_records(overrides):
    assert party_record_problems(record(**overrides), today=TODAY) == {}


def test_joint_limit_is_configurable():
    policy = PartyPolicy(joint_branch_max_units=7)
    ok = record(form=PartyOrgForm.JOINT, covered_units=6)
    assert party_record_problems(ok, policy=policy, today=TODAY) == {}
    message = party_record_problems(record(form=PartyOrgForm.JOINT, covered_units=7), today=TODAY)
    assert "8" in str(message["covered_organizations"][0])


def facts(**overrides) -> PartyFacts:
    base = {
        "organization_id": 1,
        "org_type": OrgType.SOCIAL_SERVICE,
        "active": True,
        "form": PartyOrgForm.NONE,
        "full_members": 3,
        "as_of": dt.date(2026, 3, 1),
    }
    base.update(overrides)
    return PartyFacts(**base)


@pytest.mark.parametrize(
    ("overrides", "organization", "work"),
    [
        ({"form": PartyOrgForm.SINGLE}, True, True),
        ({"form": PartyOrgForm.JOINT}, True, True),
        ({"covered_by_joint": True}, True, True),
        ({"form": PartyOrgForm.FUNCTIONAL}, False, True),
        ({"has_instructor": True}, False, True),
        ({}, False, False),
        ({"form": None, "full_members": None}, False, False),
    ],
)
def test_coverage_of_one_organization(overrides, organization, work):
    f = facts(**overrides)
    assert has_organization_coverage(f) is organization
    assert has_work_coverage(f) is work


def test_functional_counts_for_organization_coverage_where_configured():
    policy = PartyPolicy(organization_coverage_forms=frozenset(PartyOrgForm) - {PartyOrgForm.NONE})
    assert has_organization_coverage(facts(form=PartyOrgForm.FUNCTIONAL), policy)


@pytest.mark.parametrize(
    ("overrides", "policy", "applies"),
    [
        ({}, DEFAULT_POLICY, False),  # off unless configured
        ({}, A2_ON, True),
        ({"full_members": 2}, A2_ON, False),  # below the threshold: a joint branch is enough
        ({"full_members": None, "form": None}, A2_ON, False),  # never recorded: never listed
        ({"form": PartyOrgForm.SINGLE}, A2_ON, False),
        ({"form": PartyOrgForm.FUNCTIONAL}, A2_ON, False),
        ({"covered_by_joint": True}, A2_ON, False),
        ({"has_instructor": True}, A2_ON, True),  # an instructor is work coverage, not a branch
        ({"active": False}, A2_ON, False),
        ({"org_type": OrgType.COMMUNITY}, A2_ON, False),  # 60号令 covers registered bodies
        ({"org_type": OrgType.FOUNDATION}, A2_ON, True),
        (
            {"org_type": OrgType.COMMUNITY},
            replace(A2_ON, credit_trigger_org_types=frozenset(OrgType)),
            True,
        ),
    ],
)
def test_missing_party_org_is_a2_only_where_configured(overrides, policy, applies):
    finding = missing_party_org(facts(**overrides), policy)
    assert (finding is not None) is applies
    if finding is not None:
        assert finding.code == "A2"
        assert finding.citation == CREDIT_A2
        assert finding.found_on == dt.date(2026, 3, 1)
        assert "3" in str(finding.reason)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, None),
        (0, 5, Decimal("0.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25 rounds half up
        (5, 5, Decimal("100.0")),
    ],
)
def test_percent(part, whole, expected):
    assert percent(part, whole) == expected


def test_coverage_rates():
    counts = CoverageCounts(total=10, single=3, joint=2, functional=1, work_covered=8)
    rates = coverage_rates(counts)
    assert rates.organization == Decimal("50.0")
    assert rates.single == Decimal("30.0")
    assert rates.work == Decimal("80.0")
    empty = coverage_rates(CoverageCounts(0, 0, 0, 0, 0))
    assert (empty.organization, empty.single, empty.work) == (None, None, None)


@pytest.mark.parametrize(
    "counts",
    [
        (-1, 0, 0, 0, 0),
        (2, 2, 1, 0, 0),
        (2, 0, 0, 0, 3),
    ],
)
def test_impossible_counts_are_refused(counts):
    with pytest.raises(ValueError):
        CoverageCounts(*counts)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_members_for_branch": 0},
        {"joint_branch_max_units": 1},
        {"organization_coverage_forms": frozenset({PartyOrgForm.NONE})},
    ],
)
def test_bad_policy_is_refused(kwargs):
    with pytest.raises(ValueError):
        PartyPolicy(**kwargs)
