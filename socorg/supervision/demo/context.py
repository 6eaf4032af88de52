"""What every part of the demo shares: the day it is built to, the random source, the accounts,
the district's organizations, and which organization plays which part (so that, e.g., the
organizations that stop filing are the ones whose exit cases are opened later)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from socorg.registry.models import ACTIVE, Organization
from socorg.supervision.demo.people import Cast
from socorg.supervision.demo.timeline import Timeline

COMMUNITY = "community"


@dataclass
class DemoContext:
    today: dt.date
    rng: random.Random
    cast: Cast
    timeline: Timeline
    orgs: dict[int, Organization]  # every organization of the district, by id
    # Parts organizations play (ids), filled in by the parts of the demo in order.
    zombies: list[int] = field(default_factory=list)  # stop filing: both report years missed
    drifters: list[int] = field(default_factory=list)  # miss the latest report year
    failed: set[int] = field(default_factory=set)  # a 不合格 conclusion
    good: list[int] = field(default_factory=list)  # 合格 on the older report year, no trouble
    busy: set[int] = field(default_factory=set)  # already given a part; not picked again
    party: dict[int, tuple[str, int]] = field(default_factory=dict)  # (form, full members)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def report_years(self) -> tuple[int, int]:
        """The two report years of the demo's history (filed in the last two years)."""
        return self.today.year - 2, self.today.year - 1

    def active(self, *, registered: bool | None = None) -> list[Organization]:
        """Active organizations in id order (registered types, community ones, or all)."""
        rows = [o for o in self.orgs.values() if o.status in ACTIVE]
        if registered is True:
            rows = [o for o in rows if o.org_type != COMMUNITY]
        elif registered is False:
            rows = [o for o in rows if o.org_type == COMMUNITY]
        return sorted(rows, key=lambda o: o.pk)

    def pick(self, candidates: list[Organization], n: int) -> list[Organization]:
        """``n`` organizations not yet given a part, chosen at random (deterministic)."""
        free = [o for o in candidates if o.pk not in self.busy]
        chosen = self.rng.sample(free, min(n, len(free)))
        chosen.sort(key=lambda o: o.pk)
        self.busy.update(o.pk for o in chosen)
        return chosen

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def day_in(self, start: dt.date, end: dt.date) -> dt.date:
        """A random day in ``[start, end]`` (``start`` when the range is empty)."""
        span = (end - start).days
        return start + dt.timedelta(days=self.rng.randint(0, span)) if span > 0 else start
