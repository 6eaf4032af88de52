"""Import an existing register from the command line, with the same checks as the web page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from socorg.core.errors import ApplicationError
from socorg.registry.importing.columns import BY_KEY, column_label
from socorg.registry.importing.services import (
    import_job_commit,
    import_job_create,
    import_rows_validate,
    import_sheet_read,
)
from socorg.registry.importing.validation import Validation
from socorg.registry.models import ImportJob

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx）或 CSV 文件导入社会组织名录。默认全部导入：有任何错误行则不导入；"
        "--valid-only 只导入正确的行；--dry-run 只校验、不写入。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("名录文件（.xlsx 或 .csv）"))
        parser.add_argument("--user", required=True, help=_("以哪个民政局管理员账户导入"))
        parser.add_argument(
            "--valid-only", action="store_true", help=_("只导入正确的行，跳过错误行")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只校验并打印报告，不写入"))

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("没有找到用户“%(user)s”。") % {"user": options["user"]})
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        quiet = options["verbosity"] == 0
        started = time.monotonic()
        try:
            with path.open("rb") as stream:
                sheet = import_sheet_read(
                    actor=user, stream=stream, file_name=path.name, size=path.stat().st_size
                )
            with self._bar(_("校验"), len(sheet.rows), quiet) as bar:
                validation = import_rows_validate(
                    actor=user, sheet=sheet, progress=lambda done, total: _advance(bar, done)
                )
        except ApplicationError as exc:
            raise CommandError(_errors_text(exc)) from None
        self._report(validation, time.monotonic() - started)

        refusal = ""
        if not validation.valid_rows:
            refusal = _("没有可以导入的行，未写入任何数据。")
        elif validation.invalid_count and not options["valid_only"]:
            refusal = _(
                "有 %(n)d 行错误，未写入任何数据。修正后重新导入，或加 --valid-only 只导入正确的行。"
            ) % {"n": validation.invalid_count}
        if options["dry_run"]:
            self.stdout.write(_("试运行：没有写入任何数据。"))
        if refusal:
            raise CommandError(refusal)
        if options["dry_run"]:
            return
        mode = ImportJob.Mode.VALID_ONLY if options["valid_only"] else ImportJob.Mode.ALL_OR_NOTHING
        try:
            job = import_job_create(actor=user, sheet=sheet, validation=validation)
            with self._bar(_("导入"), len(validation.valid_rows), quiet) as bar:
                import_job_commit(
                    actor=user,
                    job=job,
                    mode=mode,
                    progress=lambda done, total: _advance(bar, done),
                )
        except ApplicationError as exc:
            raise CommandError(_errors_text(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "导入完成（任务 #%(id)d）：已导入 %(n)d 个组织，跳过 %(skipped)d 行，用时 %(s).1f 秒。"
                )
                % {
                    "id": job.pk,
                    "n": job.imported_rows,
                    "skipped": job.total_rows - job.imported_rows,
                    "s": time.monotonic() - started,
                }
            )
        )

    def _bar(self, label: str, total: int, quiet: bool) -> tqdm:
        return tqdm(total=total, desc=label, unit=_("行"), disable=quiet, file=self.stderr)

    def _report(self, validation: Validation, seconds: float) -> None:
        errors = validation.errors()
        self.stdout.write(
            _(
                "共 %(total)d 行：正确 %(valid)d 行，错误 %(invalid)d 行（%(n)d 条错误），校验用时 %(s).1f 秒。"
            )
            % {
                "total": validation.total,
                "valid": validation.total - validation.invalid_count,
                "invalid": validation.invalid_count,
                "n": len(errors),
                "s": seconds,
            }
        )
        for error in errors[:SHOWN_ERRORS]:
            column = column_label(error.field) if error.field in BY_KEY else "—"
            self.stdout.write(
                _("  第 %(row)d 行［%(column)s］%(message)s")
                % {"row": error.row, "column": column, "message": error.message}
            )
        if len(errors) > SHOWN_ERRORS:
            self.stdout.write(
                _("  ……另有 %(n)d 条错误未列出。") % {"n": len(errors) - SHOWN_ERRORS}
            )


def _advance(bar: tqdm, done: int) -> None:
    bar.update(done - bar.n)


def _errors_text(exc: ApplicationError) -> str:
    messages = [m for ms in exc.errors.values() for m in ms] or [exc.message]
    return "\n".join(dict.fromkeys(messages))
