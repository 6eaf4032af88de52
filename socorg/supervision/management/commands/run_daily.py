"""``manage.py run_daily [--date YYYY-MM-DD] [--from D --to D] [--full]``: the daily run, for one
day or replayed day by day over a range; prints what each step changed (``-v2``: which
organizations, with the article)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.supervision.display import describe_counts
from socorg.supervision.services import CHUNK_SIZE, DayResult, Detail, daily_run_range


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(option)s 须为 YYYY-MM-DD 格式的日期，收到“%(value)s”。")
            % {"option": option, "value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Run every date-dependent rule (credit lists, dormancy scores, evaluation expiry "
        "reminders, deadline and A2 checks) for every organization as of a day, or replay a "
        "range day by day. Running the same day twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="start", help="first day of a replay, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day of a replay (default: today)")
        parser.add_argument(
            "--full",
            action="store_true",
            help="evaluate every organization's credit lists and dormancy score, not only those "
            "due or changed (after a policy change or a data fix made outside the platform's "
            "services; the first run is always full)",
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        day = _date(options["date"], "--date")
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if day and (start or end):
            raise CommandError(_("--date 与 --from/--to 不能同时使用。"))
        if end and not start:
            raise CommandError(_("使用 --to 时须同时给出 --from。"))
        today = timezone.localdate()
        if start:
            end = end or today
            if start > end:
                raise CommandError(
                    _("--from（%(start)s）不能晚于 --to（%(end)s）。")
                    % {"start": start.isoformat(), "end": end.isoformat()}
                )
        else:
            start = end = day or today
        verbosity = options["verbosity"]
        if options["chunk_size"] < 1:
            raise CommandError(_("--chunk-size 须为正整数。"))
        daily_run_range(
            start=start,
            end=end,
            progress=verbosity > 0,
            detail=self._detail if verbosity > 1 else None,
            on_day=self._report if verbosity > 0 else None,
            chunk_size=options["chunk_size"],
            full=options["full"],
        )

    def _report(self, result: DayResult) -> None:
        for step in result.steps:
            self.stdout.write(
                _("%(day)s %(step)s：%(counts)s（用时 %(seconds).2f 秒，查询 %(queries)s 次）")
                % {
                    "day": result.day.isoformat(),
                    "step": step.label,
                    "counts": describe_counts(step.step, step.counts),
                    "seconds": step.seconds,
                    "queries": step.queries,
                }
            )
        if not result.changed:
            self.stdout.write(_("%(day)s 无变化。") % {"day": result.day.isoformat()})

    def _detail(self, item: Detail) -> None:
        line = f"  · [{item.organization_id}] {item.organization}：{item.text}"
        if item.article:
            line += _("（依据：%(article)s）") % {"article": item.article}
        self.stdout.write(line)
