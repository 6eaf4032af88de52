"""Working days over the State Council holiday table, and civil-law month arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from socorg.credit.calendar import (
    STATE_COUNCIL_CALENDAR,
    STATE_COUNCIL_NOTICES,
    HolidayCalendar,
    HolidayNotice,
    HolidayPeriod,
    add_months,
)

D = dt.date
CAL = STATE_COUNCIL_CALENDAR


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 15), 6, D(2024, 7, 15)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # no 31st in February: last day of the month
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 6, D(2024, 8, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 24, D(2026, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
    ],
)
def test_add_months_uses_the_corresponding_day_or_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 10, 1), False),  # 国庆节
        (D(2024, 10, 7), False),  # 国庆节, a Monday
        (D(2024, 9, 29), True),  # 调休: Sunday worked
        (D(2024, 10, 12), True),  # 调休: Saturday worked
        (D(2024, 2, 12), False),  # 春节, a Monday
        (D(2024, 2, 4), True),  # 调休 Sunday before 春节
        (D(2024, 2, 18), True),  # 调休 Sunday after 春节
        (D(2025, 1, 28), False),  # 除夕 is a holiday from 2025
        (D(2025, 1, 26), True),
        (D(2025, 2, 8), True),
        (D(2025, 5, 2), False),  # 5月2日 is a holiday from 2025
        (D(2023, 1, 28), True),
        (D(2023, 1, 2), False),  # 元旦 on a Sunday, made up on Monday
        (D(2026, 2, 14), True),
        (D(2026, 2, 23), False),
        (D(2024, 3, 16), False),  # an ordinary Saturday
        (D(2024, 3, 18), True),  # an ordinary Monday
    ],
)
def test_is_working_day(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2025, 3, 7), 5, D(2025, 3, 14)),  # an ordinary week: Friday → next Friday
        (D(2025, 3, 7), 0, D(2025, 3, 7)),
        # 春节 2024: 2月9日 works, 10–17 off, Sunday 18 worked.
        (D(2024, 2, 8), 5, D(2024, 2, 21)),
        # 国庆 2024: Sunday 9月29日 worked, 10月1–7 off.
        (D(2024, 9, 27), 5, D(2024, 10, 10)),
        # 春节 2025: Sunday 1月26日 worked, 1月28日–2月4日 off.
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # 国庆、中秋 2025: 10月1–8 off, Saturday 10月11日 worked.
        (D(2025, 9, 30), 5, D(2025, 10, 14)),
        # 劳动节 2024: Sunday 4月28日 worked, 5月1–5 off.
        (D(2024, 4, 26), 5, D(2024, 5, 7)),
        # 春节 2026 [uncertain year]: Saturday 2月14日 worked, 15–23 off.
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
    ],
)
def test_add_working_days_skips_holidays_and_counts_adjusted_weekends(start, count, expected):
    assert CAL.add_working_days(start, count) == expected
    assert CAL.working_days_between(start, expected) == count


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("year", "statutory_days"),
    # 全国年节及纪念日放假办法: 11 days of public holiday, 13 from 2025 (除夕, 5月2日 added).
    [(2023, 11), (2024, 11), (2025, 13), (2026, 13)],
)
def test_each_year_has_weekdays_minus_statutory_days_as_working_days(year, statutory_days):
    # Holidays falling on a weekend are made up, so this holds for every year of the table:
    # a cross-check of the hand-entered data, which was not read from the notices.
    day, weekdays = D(year, 1, 1), 0
    while day.year == year:
        weekdays += day.weekday() < 5
        day += dt.timedelta(days=1)
    working = CAL.working_days_between(D(year - 1, 12, 31), D(year, 12, 31))
    assert working == weekdays - statutory_days


def test_every_notice_is_covered_and_outside_years_fall_back_to_weekends():
    assert {n.year for n in STATE_COUNCIL_NOTICES} == {2023, 2024, 2025, 2026}
    assert CAL.covers(D(2026, 10, 1))
    assert not CAL.covers(D(2027, 10, 1))
    assert CAL.is_working_day(D(2027, 10, 1))  # a Friday; no notice for 2027 in the table
    assert not CAL.is_working_day(D(2027, 10, 2))


def test_a_calendar_can_be_built_from_local_data():
    notice = HolidayNotice(
        2030,
        "test",
        "test",
        (HolidayPeriod("test", D(2030, 1, 1), D(2030, 1, 2), (D(2030, 1, 5),)),),
    )
    cal = HolidayCalendar.from_notices([notice])
    assert not cal.is_working_day(D(2030, 1, 2))
    assert cal.is_working_day(D(2030, 1, 5))  # a Saturday worked
    assert cal.add_working_days(D(2029, 12, 31), 1) == D(2030, 1, 3)


@pytest.mark.parametrize(
    ("first", "last", "working", "message"),
    [
        (D(2030, 1, 2), D(2030, 1, 1), (), "before first day"),
        (D(2030, 1, 1), D(2030, 1, 2), (D(2030, 1, 7),), "not a weekend day"),
    ],
)
def test_bad_holiday_periods_are_refused(first, last, working, message):
    with pytest.raises(ValueError, match=message):
        HolidayPeriod("test", first, last, working)


def test_a_day_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError, match="both off and working"):
        HolidayCalendar(frozenset({D(2030, 1, 5)}), frozenset({D(2030, 1, 5)}), frozenset())
