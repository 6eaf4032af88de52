"""居民身份证号码 (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check; masked display."""

from __future__ import annotations

import datetime as dt

from socorg.core.messages import N_, Msg

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize(number: str) -> str:
    return "".join(number.split()).upper()


def id_number_problem(number: str) -> Msg | None:
    """Why an 18-digit ID number is invalid (length, birth date, check digit), or None."""
    number = normalize(number)
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        return Msg(N_("身份证号码应为 18 位：前 17 位为数字，最后一位为数字或 X。"))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return Msg(N_("身份证号码中的出生日期 %(d)s 无效。"), {"d": number[6:14]})
    if birth.year < 1900:
        return Msg(N_("身份证号码中的出生日期 %(d)s 无效。"), {"d": number[6:14]})
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return Msg(
            N_("身份证号码校验位应为 %(expected)s，实际为 %(actual)s（GB 11643）。"),
            {"expected": expected, "actual": number[17]},
        )
    return None


def mask(number: str) -> str:
    """Show the first four and last four characters only: ``4201**********1234``."""
    number = normalize(number)
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
