"""``manage.py seed_supervision_demo [--date YYYY-MM-DD] [--seed N]``: two years of supervision
history for the demo district (after ``seed_demo``), through the services; skipped when done."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from socorg.supervision.demo import DEFAULT_SEED, DemoNotReady, seed_supervision_demo


class Command(BaseCommand):
    help = (
        "Build the demo district's last two years of supervision (annual reports, evaluation, "
        "credit facts, party organizations, spot checks, exit cases, illegal-organization "
        "cases) through the services, then the daily run. Needs seed_demo first; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the demo's today, YYYY-MM-DD (default: today)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    _("--date 须为 YYYY-MM-DD 格式的日期，收到“%(value)s”。")
                    % {"value": options["date"]}
                ) from None
        try:
            result = seed_supervision_demo(
                today=today,
                rng=random.Random(options["seed"]),
                progress=options["verbosity"] > 0,
            )
        except DemoNotReady as exc:
            raise CommandError(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        if result.skipped:
            self.stdout.write(_("演示区的监管数据已生成，跳过。"))
            return
        self.stdout.write(
            _(
                "监管演示数据：%(steps)d 个步骤（截至 %(day)s），每日运行 %(runs)d 次，用时 %(seconds).1f 秒。"
            )
            % {
                "steps": result.steps,
                "day": result.today.isoformat(),
                "runs": result.daily_runs,
                "seconds": result.seconds,
            }
        )
        if options["verbosity"] > 1:
            for name, value in result.counts.items():
                self.stdout.write(f"  {name}: {value}")
