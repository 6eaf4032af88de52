"""The demo's history as a list of dated steps, run in date order (pure: no Django).

Every step of the demo is a call to a service with ``today`` set to the day it happens, so each
service checks its dates (deadlines, "not in the future") exactly as it would have that day.
Steps dated after the demo's "today" are left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Action = Callable[[dt.date], object]

# Within a day: the day's business first, the daily run last (it is the night's job).
BUSINESS = 0
NIGHTLY = 1


@dataclass(order=True, frozen=True)
class Event:
    day: dt.date
    phase: int
    seq: int
    action: Action = field(compare=False)
    label: str = field(compare=False, default="")


class Timeline:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._events: list[Event] = []
        self._seq = itertools.count()

    def at(self, day: dt.date, action: Action, label: str = "", *, phase: int = BUSINESS) -> None:
        """Schedule ``action(day)``; a day after today is dropped."""
        if day <= self.today:
            self._events.append(Event(day, phase, next(self._seq), action, label))

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(sorted(self._events))
