"""The daily run: every rule that depends on the date, applied to every organization as of a day.

Steps, in order (each set-based, streamed in chunks, idempotent — running the same day twice
changes nothing the second time):

1. ``credit`` — the credit lists (民政部令第60号). The rules decide from dated facts and the
   day alone, so after a first full evaluation (``credit_evaluate_many`` over every
   organization) a day only re-evaluates the organizations whose lists can change since the
   last day run (``selectors.credit_due_ids``: a period ending, a fact dated in the window or
   recorded since, a rectification or annual-report deadline passing unmet, a 不合格
   conclusion, a revocation or 注销), chunk by chunk. ``full=True`` (``run_daily --full``)
   evaluates everyone again — after a policy change, or as a periodic check. Deadlines, 6-month
   and 2-year periods, missed rectification deadlines (A3) and missed annual reports (A1) are
   derived by the credit rules, so this step is where a deadline passing takes effect.
2. ``dormancy`` — the dormancy scores and the exit cases the register has closed (reads the
   credit standing of the same day, so it runs after step 1). Incremental in the same way:
   after a first full scoring, a day re-scores only the organizations due by time (a month
   count moving on, a report deadline passing: ``DormancyCheck.check_on``) or whose facts
   changed since the last run (``dormancy.facts.dormancy_due_ids``); ``full=True`` and a
   changed scoring policy re-score everyone. Scores are kept as of the latest
   day scored: a replay of an earlier day skips this step.
3. ``reminders`` — expiry reminders of evaluation levels.
4. ``deadlines`` — a check, not a write: on the first day after an annual-report deadline it
   counts who missed it (trigger A1 is applied by step 1), and says so if annual reports are
   not wired into the credit rules (``settings.CREDIT_REPORT_FIRST_YEAR``).
5. ``party`` — a check, not a write: where a locality made A2 a trigger, how many organizations
   have the members for a party organization but none, and no A2 decision recorded yet (an A2
   listing is the authority's decision, recorded in the credit app).

Each step's counts, duration and query count are kept in ``DailyRun`` (one row per day and
step). A replay of a range runs the days in order.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.supervision.models import DailyRun
from socorg.supervision.services.steps import (
    CHUNK_SIZE,
    DayResult,
    Detail,
    DetailSink,
    Step,
    StepResult,
    credit_step,
    deadline_step,
    dormancy_step,
    party_step,
    reminder_step,
)

__all__ = [
    "CHUNK_SIZE",
    "DayResult",
    "Detail",
    "DetailSink",
    "StepResult",
    "daily_run",
    "daily_run_range",
    "days_between",
]


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


# --- the run -----------------------------------------------------------------------------------


def _record(day: dt.date, result: StepResult, started: dt.datetime, actor: Any) -> DailyRun:
    """Keep the step's figures; a repeat that changed nothing keeps the figures that did."""
    finished = timezone.now()
    run = DailyRun.objects.filter(run_on=day, step=result.step).first()
    values = {
        "started_at": started,
        "finished_at": finished,
        "seconds": round(result.seconds, 3),
        "queries": result.queries,
        "counts": result.counts,
        "changed": result.changed,
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
    }
    if run is None:
        return DailyRun.objects.create(run_on=day, step=result.step, **values)
    run.runs += 1
    if result.changed or not run.changed:
        for name, value in values.items():
            setattr(run, name, value)
    else:
        run.finished_at = finished
    run.save()
    return run


def daily_run(
    *,
    day: dt.date | None = None,
    actor: Any = None,
    progress: bool = False,
    detail: DetailSink | None = None,
    chunk_size: int = CHUNK_SIZE,
    full: bool = False,
) -> DayResult:
    """Run every date-dependent rule for every organization as of ``day`` (default today):
    credit lists, dormancy scores, evaluation expiry reminders, and the deadline and A2 checks.
    Set-based and idempotent; each step is logged in ``DailyRun``."""
    day = day or timezone.localdate()
    steps: list[tuple[str, Callable[[], tuple[dict[str, Any], int]]]] = [
        (Step.CREDIT, lambda: credit_step(day, actor, progress, detail, chunk_size, full)),
        (Step.DORMANCY, lambda: dormancy_step(day, actor, detail, full)),
        (Step.REMINDERS, lambda: reminder_step(day, actor, detail)),
        (Step.DEADLINES, lambda: deadline_step(day, detail)),
        (Step.PARTY, lambda: party_step(detail)),
    ]
    result = DayResult(day)
    for name, run in steps:
        counter = _QueryCounter()
        started, clock = timezone.now(), time.perf_counter()
        with connection.execute_wrapper(counter):
            counts, changed = run()
        step = StepResult(name, counts, changed, time.perf_counter() - clock, counter.count)
        with transaction.atomic():
            _record(day, step, started, actor)
        result.steps.append(step)
    if result.changed:
        audit_record(
            actor=actor,
            action="supervision.daily_run",
            object_type="supervision.dailyrun",
            object_id=day.isoformat(),
            object_repr=_("%(day)s 每日运行") % {"day": day.isoformat()},
            after={"day": day, **{s.step: s.counts for s in result.steps}},
            category=AuditEvent.Category.SYSTEM,
        )
    return result


def days_between(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every day from ``start`` to ``end`` inclusive, in order."""
    for offset in range((end - start).days + 1):
        yield start + dt.timedelta(days=offset)


def daily_run_range(
    *,
    start: dt.date,
    end: dt.date,
    actor: Any = None,
    progress: bool = False,
    detail: DetailSink | None = None,
    on_day: Callable[[DayResult], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
    full: bool = False,
) -> list[DayResult]:
    """Replay the daily run for every day of ``[start, end]`` in order (a catch-up or a
    replay of history: each day sees only the facts dated up to it)."""
    results = []
    days = list(days_between(start, end))
    bar: Any = tqdm(days, desc=_("每日运行"), unit=_("天"), disable=not progress)
    for day in bar:
        bar.set_postfix_str(day.isoformat())
        # --full applies to the first day; the next days continue from it.
        result = daily_run(
            day=day,
            actor=actor,
            progress=progress,
            detail=detail,
            chunk_size=chunk_size,
            full=full and day == start,
        )
        results.append(result)
        if on_day is not None:
            on_day(result)
    return results
