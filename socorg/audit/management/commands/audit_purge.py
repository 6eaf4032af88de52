"""Delete audit events older than the retention period (at least 186 days by law)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_purge
from socorg.core.errors import ApplicationError


class Command(BaseCommand):
    help = "删除超过保留期的审计事件（保留期不得少于 186 天）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="保留天数，默认取 AUDIT_RETENTION_DAYS。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除。")

    def handle(self, *args: Any, days: int | None, dry_run: bool, **options: Any) -> None:
        retention = days if days is not None else settings.AUDIT_RETENTION_DAYS
        minimum = settings.AUDIT_RETENTION_MIN_DAYS
        if retention < minimum:
            raise CommandError(
                _("保留天数不得少于 %(minimum)d 天（当前为 %(days)d 天），未删除任何审计事件。")
                % {"minimum": minimum, "days": retention}
            )
        if dry_run:
            cutoff = timezone.now() - dt.timedelta(days=retention)
            count = AuditEvent.objects.filter(at__lt=cutoff).count()
            self.stdout.write(
                _("试运行：将删除 %(count)d 条早于 %(cutoff)s 的审计事件（保留 %(days)d 天）。")
                % {"count": count, "cutoff": f"{cutoff:%Y-%m-%d %H:%M}", "days": retention}
            )
            return
        try:
            deleted = audit_purge(actor=None, retention_days=retention)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("已删除 %(count)d 条超过保留期（%(days)d 天）的审计事件。")
                % {"count": deleted, "days": retention}
            )
        )
