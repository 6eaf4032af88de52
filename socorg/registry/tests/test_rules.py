"""Pure rule tests (no database): USCC, ID numbers, lifecycle transitions, record validation."""

import datetime as dt
from decimal import Decimal

import pytest

from socorg.registry.rules import idcard, uscc
from socorg.registry.rules.lifecycle import (
    EventFacts,
    EventKind,
    OrgType,
    Status,
    decide_status,
    decide_transition,
)
from socorg.registry.rules.validation import OrganizationFacts, organization_problems

TODAY = dt.date(2026, 11, 28)

# Real codes from domain.md §5.4, verified against published registers.
REAL_CODES = [
    ("51100000500002862F", "social_group"),
    ("51100000500009247D", "social_group"),
    ("51100000500012681T", "social_group"),
    ("53100000500019795A", "foundation"),
    ("53100000500021676K", "foundation"),
    ("53120000MJ0666370M", "foundation"),
    ("5312000006122899XP", "foundation"),
    ("5312000008655920X0", "foundation"),
]


@pytest.mark.parametrize(("code", "org_type"), REAL_CODES)
def test_real_codes_pass(code, org_type):
    assert uscc.uscc_problems(code, org_type=org_type) == []


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("51100000500000024G", "org_check"),  # the fabricated sample in domain.md §5.4
        ("53100000500020462H", "check"),
        ("5110000050000286F", "length"),
        ("51100000500002862FF", "length"),
        ("51100000500002862I", "charset"),
        ("5110000050000286OF", "charset"),
        ("S1100000500002862F", "charset"),
        ("51100000500002862V", "charset"),
        ("5110000050000286ZF", "charset"),
    ],
)
def test_bad_codes_name_the_rule(code, rule):
    rules = {p.rule for p in uscc.uscc_problems(code)}
    assert rule in rules


def test_fabricated_sample_fails_both_checks():
    rules = {p.rule for p in uscc.uscc_problems("51100000500000024G")}
    assert rules == {"org_check", "check"}


@pytest.mark.parametrize(
    ("org_type", "digit"), [("social_group", "1"), ("social_service", "2"), ("foundation", "3")]
)
def test_type_digit_must_match_the_type(org_type, digit):
    code = uscc.make_uscc(type_digit=digit, authority_code="420106", body8="MJ000001")
    assert uscc.uscc_problems(code, org_type=org_type, authority_code="420106") == []
    for other in {"social_group", "social_service", "foundation"} - {org_type}:
        assert {p.rule for p in uscc.uscc_problems(code, org_type=other)} == {"type_digit"}


def test_authority_and_department():
    code = uscc.make_uscc(type_digit="2", authority_code="420102", body8="MJ000001")
    assert {p.rule for p in uscc.uscc_problems(code, authority_code="420106")} == {"authority"}
    enterprise = uscc.make_uscc(
        type_digit="2", authority_code="420106", body8="MJ000001", department="9"
    )
    assert {p.rule for p in uscc.uscc_problems(enterprise, org_type="social_service")} == {
        "department"
    }


def test_lowercase_and_spaces_are_normalized():
    assert uscc.uscc_problems(" 51100000500002862f ") == []


def test_check_chars_known_values():
    # domain.md §5.4: org check char X and USCC check char 0 both occur.
    assert uscc.org_check_char("06122899") == "X"
    assert uscc.uscc_check_char("5312000008655920X") == "0"


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("420106199001011231", True),
        ("11010519491231002X", True),
        ("420106199001011232", False),  # check digit
        ("420106199002301231", False),  # 30 February
        ("42010619900101123", False),  # 17 characters
        ("4201061990010112A1", False),
    ],
)
def test_id_numbers(number, ok):
    assert (idcard.id_number_problem(number) is None) is ok


def test_id_mask():
    assert idcard.mask("420106199001011231") == "4201**********1231"


D = dt.date


@pytest.mark.parametrize(
    ("current", "kind", "org_type", "target"),
    [
        (None, EventKind.ESTABLISHMENT, OrgType.SOCIAL_GROUP, Status.REGISTERED),
        (None, EventKind.FILING, OrgType.COMMUNITY, Status.FILED),
        (Status.REGISTERED, EventKind.CHANGE, OrgType.FOUNDATION, Status.REGISTERED),
        (Status.FILED, EventKind.CONVERSION, OrgType.COMMUNITY, Status.REGISTERED),
        (Status.REGISTERED, EventKind.DEREGISTRATION, OrgType.SOCIAL_SERVICE, Status.DEREGISTERED),
        (Status.REGISTERED, EventKind.REVOCATION, OrgType.SOCIAL_SERVICE, Status.REVOKED),
        (Status.FILED, EventKind.REVOCATION, OrgType.COMMUNITY, Status.REVOKED),
        (Status.REVOKED, EventKind.DEREGISTRATION, OrgType.SOCIAL_GROUP, Status.DEREGISTERED),
    ],
)
def test_allowed_transitions(current, kind, org_type, target):
    decision = decide_transition(
        current, EventFacts(kind, D(2024, 1, 1), org_type), last_event_on=None, today=TODAY
    )
    assert decision.allowed and decision.target == target and decision.basis


@pytest.mark.parametrize(
    ("current", "kind", "org_type"),
    [
        (None, EventKind.FILING, OrgType.SOCIAL_GROUP),  # only community orgs are filed
        (
            None,
            EventKind.ESTABLISHMENT,
            OrgType.COMMUNITY,
        ),  # community orgs are filed, not registered
        (Status.REVOKED, EventKind.CHANGE, OrgType.SOCIAL_GROUP),  # nothing after revocation
        (Status.DEREGISTERED, EventKind.REVOCATION, OrgType.SOCIAL_GROUP),
        (Status.REGISTERED, EventKind.CONVERSION, OrgType.SOCIAL_GROUP),
        (Status.REGISTERED, EventKind.ESTABLISHMENT, OrgType.SOCIAL_GROUP),
    ],
)
def test_refused_transitions(current, kind, org_type):
    decision = decide_transition(
        current, EventFacts(kind, D(2024, 1, 1), org_type), last_event_on=None, today=TODAY
    )
    assert not decision.allowed and decision.problem is not None


def test_dates_future_and_out_of_order():
    event = EventFacts(EventKind.CHANGE, D(2027, 1, 1), OrgType.SOCIAL_GROUP)
    assert not decide_transition(Status.REGISTERED, event, last_event_on=None, today=TODAY).allowed
    event = EventFacts(EventKind.CHANGE, D(2020, 1, 1), OrgType.SOCIAL_GROUP)
    assert not decide_transition(
        Status.REGISTERED, event, last_event_on=D(2021, 1, 1), today=TODAY
    ).allowed
    # the same day as the last event is allowed
    assert decide_transition(
        Status.REGISTERED, event, last_event_on=D(2020, 1, 1), today=TODAY
    ).allowed


def test_status_is_replayed_from_events():
    events = [
        EventFacts(EventKind.FILING, D(2019, 1, 1), OrgType.COMMUNITY),
        EventFacts(EventKind.CHANGE, D(2020, 1, 1), OrgType.COMMUNITY),
        EventFacts(EventKind.CONVERSION, D(2021, 1, 1), OrgType.COMMUNITY),
        EventFacts(EventKind.DEREGISTRATION, D(2024, 1, 1), OrgType.SOCIAL_GROUP),
    ]
    assert decide_status(events, today=TODAY) == Status.DEREGISTERED
    assert decide_status([], today=TODAY) is None
    with pytest.raises(ValueError):
        decide_status(list(reversed(events)), today=TODAY)


def _facts(**kw):
    base = {
        "name": "武昌区阳光服务中心",
        "org_type": "social_service",
        "uscc": uscc.make_uscc(type_digit="2", authority_code="420106", body8="MJ000001"),
        "authority_code": "420106",
        "has_supervisory_unit": True,
        "directly_registered": False,
        "legal_rep_name": "张三",
        "legal_rep_id": "420106199001011231",
        "founded_on": D(2020, 1, 1),
        "registered_on": D(2020, 2, 1),
        "registered_funds": Decimal("30000"),
        "street_in_district": True,
        "community_in_street": True,
        "has_community": True,
    }
    base.update(kw)
    return OrganizationFacts(**base)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "长" * 101}, "name"),
        ({"org_type": "company"}, "org_type"),
        ({"uscc": ""}, "uscc"),
        ({"has_supervisory_unit": False}, "supervisory_unit"),
        ({"directly_registered": True}, "supervisory_unit"),
        ({"legal_rep_name": ""}, "legal_rep_name"),
        ({"legal_rep_id": "420106199001011232"}, "legal_rep_id"),
        ({"founded_on": D(2027, 1, 1), "registered_on": None}, "founded_on"),
        ({"registered_on": D(2019, 1, 1)}, "registered_on"),
        ({"registered_funds": Decimal("-1")}, "registered_funds"),
        ({"street_in_district": False}, "street"),
        ({"community_in_street": False}, "community"),
    ],
)
def test_validation_names_the_field(overrides, field):
    problems = organization_problems(_facts(**overrides), today=TODAY)
    assert field in problems
    assert all(str(m) for m in problems[field])


def test_valid_record_and_community_without_uscc():
    assert organization_problems(_facts(), today=TODAY) == {}
    community = _facts(org_type="community", uscc="", has_supervisory_unit=False, legal_rep_name="")
    assert organization_problems(community, today=TODAY) == {}
