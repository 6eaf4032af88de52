"""``manage.py load_divisions [--prefix 42] [--no-streets]``: load the GB/T 2260 divisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from socorg.areas.services import area_load_divisions
from socorg.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Load provinces, cities, districts and streets from the national statistical codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prefix",
            action="append",
            default=[],
            help="Only divisions under this code prefix (repeatable), e.g. 42 or 420106.",
        )
        parser.add_argument("--no-streets", action="store_true", help="Skip street-level rows.")
        parser.add_argument(
            "--source",
            type=Path,
            default=None,
            help="Folder holding provinces.csv, cities.csv, areas.csv, streets.csv.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = area_load_divisions(
                actor=None,
                prefixes=options["prefix"],
                streets=not options["no_streets"],
                source=options["source"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("已新增 %(created)d 个区划（%(levels)s），已存在 %(existing)d 个；来源：%(source)s")
            % {
                "created": result.total_created,
                "levels": ", ".join(f"{k} {v}" for k, v in sorted(result.created.items())) or "—",
                "existing": result.existing,
                "source": result.source,
            }
        )
