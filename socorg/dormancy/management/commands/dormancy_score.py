"""``manage.py dormancy_score [--date YYYY-MM-DD]``: score every active organization as of a day
(the daily run calls the same service) and print what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socorg.dormancy.services import dormancy_score_all


class Command(BaseCommand):
    help = "Score dormant (僵尸型) organizations as of a day; running the same day twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from exc
        result = dormancy_score_all(today=day)
        self.stdout.write(" ".join(f"{name}={value}" for name, value in result.as_dict().items()))
