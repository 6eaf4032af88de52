"""Working days and calendar periods for credit deadlines (pure, no Django).

Two kinds of period appear in the credit rules:

* working days (工作日), e.g. "removed within 5 working days of 查实": they skip weekends and
  the State Council's public holidays (法定节假日), and count the weekend days that the
  State Council turns into working days (调休上班);
* months and years, e.g. "6 months after listing": counted the civil-law way, see
  ``add_months``.

The holiday table is data. ``STATE_COUNCIL_NOTICES`` holds the annual notices of the General
Office of the State Council (国务院办公厅关于×年部分节假日安排的通知) for 2023–2026, entered by
hand from memory of the published notices [R]; each year's entry says how sure it is. Add a year
by appending a ``HolidayNotice``; pass a different ``HolidayCalendar`` to use local data.
Outside the years a calendar covers, only weekends are days off (``covers`` tells you so).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class HolidayPeriod:
    name: str  # 元旦, 春节, ...
    first: dt.date  # first day off (放假)
    last: dt.date  # last day off, inclusive
    working_days: tuple[dt.date, ...] = ()  # weekend days worked instead (调休上班)

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"{self.name}: last day {self.last} before first day {self.first}")
        for day in self.working_days:
            if day.weekday() < 5:
                raise ValueError(f"{self.name}: 调休上班 {day} is not a weekend day")

    def days_off(self) -> Iterable[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += ONE_DAY


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    reference: str  # the notice as published, e.g. 国办发明电〔2023〕7号
    confidence: str  # how sure the hand-entered data is; see the module docstring
    periods: tuple[HolidayPeriod, ...]


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


# Hand-entered; cross-checked for internal consistency (the statutory days, their weekend
# make-up days and the 调休 Saturdays/Sundays add up) but not against the notice text.
STATE_COUNCIL_NOTICES: tuple[HolidayNotice, ...] = (
    HolidayNotice(
        2023,
        "国办发明电〔2022〕16号",
        "[R] recalled; high confidence",
        (
            HolidayPeriod("元旦", _d(2022, 12, 31), _d(2023, 1, 2)),
            HolidayPeriod(
                "春节", _d(2023, 1, 21), _d(2023, 1, 27), (_d(2023, 1, 28), _d(2023, 1, 29))
            ),
            HolidayPeriod("清明节", _d(2023, 4, 5), _d(2023, 4, 5)),
            HolidayPeriod(
                "劳动节", _d(2023, 4, 29), _d(2023, 5, 3), (_d(2023, 4, 23), _d(2023, 5, 6))
            ),
            HolidayPeriod("端午节", _d(2023, 6, 22), _d(2023, 6, 24), (_d(2023, 6, 25),)),
            HolidayPeriod(
                "中秋节、国庆节",
                _d(2023, 9, 29),
                _d(2023, 10, 6),
                (_d(2023, 10, 7), _d(2023, 10, 8)),
            ),
        ),
    ),
    HolidayNotice(
        2024,
        "国办发明电〔2023〕7号",
        "[R] recalled; high confidence",
        (
            HolidayPeriod("元旦", _d(2023, 12, 30), _d(2024, 1, 1)),
            HolidayPeriod(
                "春节", _d(2024, 2, 10), _d(2024, 2, 17), (_d(2024, 2, 4), _d(2024, 2, 18))
            ),
            HolidayPeriod("清明节", _d(2024, 4, 4), _d(2024, 4, 6), (_d(2024, 4, 7),)),
            HolidayPeriod(
                "劳动节", _d(2024, 5, 1), _d(2024, 5, 5), (_d(2024, 4, 28), _d(2024, 5, 11))
            ),
            HolidayPeriod("端午节", _d(2024, 6, 8), _d(2024, 6, 10)),
            HolidayPeriod("中秋节", _d(2024, 9, 15), _d(2024, 9, 17), (_d(2024, 9, 14),)),
            HolidayPeriod(
                "国庆节", _d(2024, 10, 1), _d(2024, 10, 7), (_d(2024, 9, 29), _d(2024, 10, 12))
            ),
        ),
    ),
    HolidayNotice(
        2025,
        "国办发明电〔2024〕12号",
        # First year under the 2024 revision of 全国年节及纪念日放假办法 (除夕 and 5月2日 added).
        "[R] recalled; high confidence",
        (
            HolidayPeriod("元旦", _d(2025, 1, 1), _d(2025, 1, 1)),
            HolidayPeriod(
                "春节", _d(2025, 1, 28), _d(2025, 2, 4), (_d(2025, 1, 26), _d(2025, 2, 8))
            ),
            HolidayPeriod("清明节", _d(2025, 4, 4), _d(2025, 4, 6)),
            HolidayPeriod("劳动节", _d(2025, 5, 1), _d(2025, 5, 5), (_d(2025, 4, 27),)),
            HolidayPeriod("端午节", _d(2025, 5, 31), _d(2025, 6, 2)),
            HolidayPeriod(
                "国庆节、中秋节",
                _d(2025, 10, 1),
                _d(2025, 10, 8),
                (_d(2025, 9, 28), _d(2025, 10, 11)),
            ),
        ),
    ),
    HolidayNotice(
        2026,
        "国务院办公厅关于2026年部分节假日安排的通知（文号待核）",
        # Published in late 2025; the 国庆节 make-up Sunday (9月20日) is the least certain entry.
        "[R] recalled; UNCERTAIN - check against the published notice before relying on it",
        (
            HolidayPeriod("元旦", _d(2026, 1, 1), _d(2026, 1, 3), (_d(2026, 1, 4),)),
            HolidayPeriod(
                "春节", _d(2026, 2, 15), _d(2026, 2, 23), (_d(2026, 2, 14), _d(2026, 2, 28))
            ),
            HolidayPeriod("清明节", _d(2026, 4, 4), _d(2026, 4, 6)),
            HolidayPeriod("劳动节", _d(2026, 5, 1), _d(2026, 5, 5), (_d(2026, 5, 9),)),
            HolidayPeriod("端午节", _d(2026, 6, 19), _d(2026, 6, 21)),
            HolidayPeriod("中秋节", _d(2026, 9, 25), _d(2026, 9, 27)),
            HolidayPeriod(
                "国庆节", _d(2026, 10, 1), _d(2026, 10, 7), (_d(2026, 9, 20), _d(2026, 10, 10))
            ),
        ),
    ),
)


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off and 调休 working days for the years it covers; weekends elsewhere."""

    days_off: frozenset[dt.date]
    extra_working_days: frozenset[dt.date]
    years: frozenset[int]

    def __post_init__(self) -> None:
        both = self.days_off & self.extra_working_days
        if both:
            raise ValueError(f"days both off and working: {sorted(both)}")

    @classmethod
    def from_notices(cls, notices: Iterable[HolidayNotice]) -> HolidayCalendar:
        days_off: set[dt.date] = set()
        working: set[dt.date] = set()
        years: set[int] = set()
        for notice in notices:
            years.add(notice.year)
            for period in notice.periods:
                days_off.update(period.days_off())
                working.update(period.working_days)
        return cls(frozenset(days_off), frozenset(working), frozenset(years))

    def covers(self, day: dt.date) -> bool:
        """Whether the table has the State Council notice for ``day``'s year."""
        return day.year in self.years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start``; ``start`` itself is not counted.

        Follows the civil-law rule that a period starts the day after the event (民法典第二百零一条),
        so "within 5 working days of 查实 on a Friday" ends on the fifth working day after it.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` <= ``start``)."""
        count = 0
        day = start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count


STATE_COUNCIL_CALENDAR = HolidayCalendar.from_notices(STATE_COUNCIL_NOTICES)


def add_months(start: dt.date, months: int) -> dt.date:
    """The day ``months`` after ``start``: same day of month, or the month's last day if none.

    This is the day a period "满N个月" is reached (民法典第二百零二条: the corresponding day of the
    last month ends the period; without one, the month's last day does). A listing of
    2024-02-29 reaches 6 months on 2024-08-29 and 2 years (24 months) on 2026-02-28.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))
