"""GB/T 2260 division codes: which level a code is, and what its parent code is (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


# Statistical division codes grow by level: 2, 4, 6, 9 and 12 digits (GB/T 2260 + 统计用区划代码).
CODE_LENGTHS: dict[int, Level] = {
    2: Level.PROVINCE,
    4: Level.CITY,
    6: Level.DISTRICT,
    9: Level.STREET,
    12: Level.COMMUNITY,
}
PARENT_LENGTH: dict[Level, int | None] = {
    Level.PROVINCE: None,
    Level.CITY: 2,
    Level.DISTRICT: 4,
    Level.STREET: 6,
    Level.COMMUNITY: 9,
}


class InvalidCodeError(ValueError):
    pass


def level_for_code(code: str) -> Level:
    """The level a division code names, by its length; only digits are valid."""
    if not code.isdigit() or len(code) not in CODE_LENGTHS:
        raise InvalidCodeError(f"区划代码“{code}”无效：应为 2、4、6、9 或 12 位数字（GB/T 2260）。")
    return CODE_LENGTHS[len(code)]


def parent_code(code: str) -> str | None:
    """The code of the division directly above (``420106001`` → ``420106``)."""
    length = PARENT_LENGTH[level_for_code(code)]
    return code[:length] if length else None


def authority_code(code: str) -> str:
    """The six-digit form a registration authority uses in a USCC (``42`` → ``420000``)."""
    level = level_for_code(code)
    if level in (Level.STREET, Level.COMMUNITY):
        return code[:6]
    return code.ljust(6, "0")


@dataclass(frozen=True)
class Validity:
    valid_from: dt.date | None
    valid_to: dt.date | None

    def is_valid_on(self, day: dt.date) -> bool:
        """Half-open: valid from ``valid_from`` (inclusive) up to ``valid_to`` (exclusive)."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day >= self.valid_to)
