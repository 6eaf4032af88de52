import datetime as dt

import pytest

from socorg.areas.rules import (
    InvalidCodeError,
    Level,
    Validity,
    authority_code,
    level_for_code,
    parent_code,
)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("42", Level.PROVINCE, None),
        ("4201", Level.CITY, "42"),
        ("420106", Level.DISTRICT, "4201"),
        ("420106001", Level.STREET, "420106"),
        ("420106001001", Level.COMMUNITY, "420106001"),
    ],
)
def test_levels_and_parents(code, level, parent):
    assert level_for_code(code) == level
    assert parent_code(code) == parent


@pytest.mark.parametrize("code", ["", "4", "42010", "4201060011", "42a106", "4201060010011"])
def test_invalid_codes(code):
    with pytest.raises(InvalidCodeError):
        level_for_code(code)


def test_authority_code():
    assert authority_code("420106") == "420106"
    assert authority_code("4201") == "420100"
    assert authority_code("42") == "420000"
    assert authority_code("420106001") == "420106"


def test_validity_is_half_open():
    v = Validity(dt.date(2020, 1, 1), dt.date(2024, 1, 1))
    assert not v.is_valid_on(dt.date(2019, 12, 31))
    assert v.is_valid_on(dt.date(2020, 1, 1))
    assert v.is_valid_on(dt.date(2023, 12, 31))
    assert not v.is_valid_on(dt.date(2024, 1, 1))
    assert Validity(None, None).is_valid_on(dt.date(1900, 1, 1))
