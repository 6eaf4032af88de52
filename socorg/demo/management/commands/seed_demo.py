"""``manage.py seed_demo [--if-empty] [--seed N] [--scale N]``: demo district or scale data."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError
from socorg.demo.scale import scale_build
from socorg.demo.wuchang import DEFAULT_SEED, demo_build
from socorg.registry.models import Organization


class Command(BaseCommand):
    help = (
        "Build the demo district 武昌区 (420106) through the services; with --scale N, add N "
        "synthetic organizations over the real districts of the national division codes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organizations exist."
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Build N synthetic organizations in bulk (no per-row audit) instead.",
        )
        parser.add_argument("--batch-size", type=int, default=5000, help=argparse.SUPPRESS)
        # Tests build a small district quickly: only the first N streets.
        parser.add_argument("--streets", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        progress = options["verbosity"] > 0
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write(_("已有社会组织数据，跳过演示数据。"))
            return
        if options["scale"]:
            try:
                scale = scale_build(
                    n=options["scale"],
                    seed=options["seed"],
                    batch_size=options["batch_size"],
                    progress=progress,
                )
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                _(
                    "规模数据：新增 %(created)d 个组织（共 %(total)d 个），%(districts)d 个区县，"
                    "用时 %(seconds).1f 秒。"
                )
                % {
                    "created": scale.created,
                    "total": scale.total,
                    "districts": scale.districts,
                    "seconds": scale.seconds,
                }
            )
            return
        result = demo_build(seed=options["seed"], streets=options["streets"], progress=progress)
        if result.skipped_organizations:
            self.stdout.write(_("演示区已有社会组织，未重复创建。"))
        self.stdout.write(
            _("演示数据：新增 %(orgs)d 个组织、%(communities)d 个社区，用时 %(seconds).1f 秒。")
            % {
                "orgs": result.organizations,
                "communities": result.communities,
                "seconds": result.seconds,
            }
        )
