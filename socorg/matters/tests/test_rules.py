"""Major-matter rules, table-driven, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from socorg.accounts.roles import Role
from socorg.matters.rules import (
    TRANSITIONS,
    MatterAction,
    MatterFacts,
    MatterState,
    Refusal,
    Step,
    decide_step,
    matter_problems,
)

TODAY = dt.date(2026, 5, 1)


def facts(**overrides) -> MatterFacts:
    base = {
        "kind": "election",
        "title": "第三届理事会换届",
        "description": "",
        "occurred_on": dt.date(2026, 4, 20),
        "planned_on": None,
    }
    base.update(overrides)
    return MatterFacts(**base)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"kind": "party"}, "kind"),
        ({"kind": "other"}, "description"),  # "其他" must say what
        ({"description": "字" * 5001}, "description"),
        ({"occurred_on": None}, "occurred_on"),  # neither date
        ({"planned_on": dt.date(2026, 6, 1)}, "planned_on"),  # both dates
        ({"occurred_on": dt.date(2026, 5, 2)}, "occurred_on"),  # tomorrow has not happened
        ({"occurred_on": None, "planned_on": dt.date(2026, 4, 30)}, "planned_on"),  # yesterday
    ],
)
def test_problems(overrides, field):
    assert field in matter_problems(facts(**overrides), today=TODAY)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"occurred_on": TODAY},
        {"occurred_on": None, "planned_on": TODAY},
        {"occurred_on": None, "planned_on": dt.date(2026, 9, 1)},
        {"kind": "other", "description": "承办区级公益论坛"},
        {"title": "长" * 200},
    ],
)
def test_valid(overrides):
    assert matter_problems(facts(**overrides), today=TODAY) == {}


@pytest.mark.parametrize(
    ("state", "action", "role", "note", "outcome"),
    [
        ("filed", "acknowledge", Role.DEPARTMENT_OFFICER, "", "acknowledged"),
        ("filed", "acknowledge", Role.DISTRICT_ADMIN, "", "acknowledged"),
        ("filed", "acknowledge", Role.STREET_OFFICER, "", "acknowledged"),
        ("filed", "acknowledge", Role.ORGANIZATION, "", "forbidden"),
        ("filed", "acknowledge", Role.AUDITOR, "", "forbidden"),
        ("filed", "return", Role.DEPARTMENT_OFFICER, "请补充捐赠协议", "returned"),
        ("filed", "return", Role.DEPARTMENT_OFFICER, "  ", "note"),
        ("filed", "return", Role.DISTRICT_ADMIN, "x" * 1001, "note"),
        ("filed", "resubmit", Role.ORGANIZATION, "", "state"),
        ("acknowledged", "acknowledge", Role.DISTRICT_ADMIN, "", "state"),
        ("acknowledged", "return", Role.DISTRICT_ADMIN, "晚了", "state"),
        ("acknowledged", "resubmit", Role.ORGANIZATION, "", "state"),
        ("returned", "resubmit", Role.ORGANIZATION, "", "filed"),
        ("returned", "resubmit", Role.DISTRICT_ADMIN, "", "forbidden"),
        ("returned", "acknowledge", Role.DISTRICT_ADMIN, "", "state"),
    ],
)
def test_workflow(state, action, role, note, outcome):
    result = decide_step(MatterState(state), MatterAction(action), role, note=note)
    if isinstance(result, Step):
        assert result.target == outcome
    else:
        assert isinstance(result, Refusal)
        assert ("forbidden" if result.forbidden else result.field) == outcome


def test_every_transition_is_in_the_table():
    assert len(TRANSITIONS) == 3
