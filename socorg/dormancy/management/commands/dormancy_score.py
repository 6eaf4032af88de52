"""``manage.py dormancy_score [--date YYYY-MM-DD] [--full]``: score the active organizations as of
a day (the daily run calls the same service; incremental after the first run, everyone with
``--full``) and print what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from socorg.dormancy.services import dormancy_score_all


class Command(BaseCommand):
    help = "Score dormant (僵尸型) organizations as of a day; running the same day twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--full", action="store_true", help="score every active organization again"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    _("--date 日期格式应为 YYYY-MM-DD，收到的是 %(value)s。")
                    % {"value": options["date"]}
                ) from exc
        result = dormancy_score_all(today=day, full=options["full"])
        self.stdout.write(" ".join(f"{name}={value}" for name, value in result.as_dict().items()))
