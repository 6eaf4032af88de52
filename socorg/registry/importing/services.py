"""Import use cases: read and check an upload into a job, then commit it all-or-nothing or
only its valid rows. Every organization is written through ``organization_register``.

Not ``@transaction.atomic`` at the top on purpose: the job row is saved first so its state
(校验中, 导入中) is visible while the rows are checked; the commit itself is one transaction.
"""

from __future__ import annotations

import base64
import json
import time
import zlib
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.core import crypto
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry import permissions
from socorg.registry.importing.checks import rows_validate
from socorg.registry.importing.reading import Sheet, sheet_read
from socorg.registry.importing.validation import FIELD_COLUMN, Progress, RowResult, Validation
from socorg.registry.models import ImportJob
from socorg.registry.services import organization_register


def _check_importer(actor: Any) -> None:
    allowed, reason = permissions.can_import_organizations(actor)
    if not allowed:
        raise PermissionDenied(reason)
    if actor.area is None:
        raise PermissionDenied(_("您的账户没有所辖区划，不能导入名录。"))


def _seal(sheet: Sheet) -> str:
    raw = zlib.compress(json.dumps(sheet.to_json(), ensure_ascii=False).encode(), 6)
    return crypto.encrypt(base64.b64encode(raw).decode())


def _unseal(payload: str) -> Sheet:
    text = crypto.decrypt(payload)
    if not text:
        raise ApplicationError(_("该任务的待导入数据已清除或无法解密，请重新上传文件。"))
    return Sheet.from_json(json.loads(zlib.decompress(base64.b64decode(text))))


def import_sheet_read(*, actor: Any, stream: IO[bytes], file_name: str, size: int) -> Sheet:
    """Check the uploader may import, then read the file (refused whole when it is bad)."""
    _check_importer(actor)
    return sheet_read(stream, file_name=file_name, size=size)


def import_rows_validate(
    *, actor: Any, sheet: Sheet, progress: Progress | None = None
) -> Validation:
    """Every problem of every row of a read file, written nowhere (the dry run)."""
    _check_importer(actor)
    return rows_validate(actor=actor, sheet=sheet, progress=progress)


def _store(job: ImportJob, validation: Validation, *, seconds: float | None, phase: str) -> None:
    errors = validation.errors()
    job.total_rows = validation.total
    job.valid_rows = validation.total - validation.invalid_count
    job.invalid_rows = validation.invalid_count
    timings = dict(job.report.get("timings", {})) if job.report else {}
    if seconds is not None:
        timings[phase] = round(seconds, 2)
    job.report = {
        "errors": [e.as_json() for e in errors],
        "ignored_headers": job.report.get("ignored_headers", []) if job.report else [],
        "timings": timings,
    }
    job.progress = 100


def import_job_create(
    *,
    actor: Any,
    sheet: Sheet,
    validation: Validation | None = None,
    progress: Progress | None = None,
) -> ImportJob:
    """Record an upload as a job and check every row; the job holds the report.

    The job ends ``validated`` when at least one row can be imported, ``failed`` when none can.
    """
    _check_importer(actor)
    job = ImportJob.objects.create(
        uploaded_by=actor,
        file_name=sheet.file_name[:255],
        file_format=sheet.file_format,
        status=ImportJob.Status.VALIDATING,
        total_rows=len(sheet.rows),
        report={"ignored_headers": sheet.ignored_headers},
        payload=_seal(sheet),
    )
    started = time.monotonic()

    def tick(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        if percent - job.progress >= 10:
            job.progress = percent
            ImportJob.objects.filter(pk=job.pk).update(progress=percent)
        if progress is not None:
            progress(done, total)

    checked_here = validation is None
    try:
        if validation is None:
            validation = rows_validate(actor=actor, sheet=sheet, progress=tick)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            payload="",
            message=_("校验时发生系统错误，请稍后重试或联系系统管理员。"),
            finished_at=timezone.now(),
        )
        raise
    seconds = time.monotonic() - started if checked_here else None
    _store(job, validation, seconds=seconds, phase="validate")
    job.finished_at = timezone.now()
    if job.valid_rows:
        job.status = ImportJob.Status.VALIDATED
    else:
        job.status = ImportJob.Status.FAILED
        job.payload = ""
        job.message = _("没有可以导入的行：请按校验报告修正后重新上传。")
    job.save()
    return job


class _Refused(Exception):
    """All-or-nothing: a row failed at commit time, so nothing is kept."""


def _row_errors_from(row: RowResult, exc: ApplicationError) -> None:
    if not exc.errors:
        row.add("", exc.message)
        return
    for name, messages in exc.errors.items():
        for message in messages:
            row.add(FIELD_COLUMN.get(name, name), message)


def _claim(job: ImportJob, actor: Any, mode: str) -> None:
    """Move a validated job to 导入中 exactly once, even if the button is pressed twice."""
    _check_importer(actor)
    if job.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("只能提交您本人上传的导入任务。"))
    if mode not in ImportJob.Mode.values:
        raise ApplicationError.for_field("mode", _("请选择导入方式。"))
    if job.status != ImportJob.Status.VALIDATED:
        raise ApplicationError(
            _("该任务当前状态为“%(status)s”，不能再提交导入。")
            % {"status": job.get_status_display()}
        )
    if mode == ImportJob.Mode.ALL_OR_NOTHING and job.invalid_rows:
        raise ApplicationError.for_field(
            "mode",
            _("文件中有 %(n)d 行错误，不能“全部导入”：请修正后重新上传，或选择“仅导入正确的行”。")
            % {"n": job.invalid_rows},
        )
    if not job.valid_rows:
        raise ApplicationError(_("没有可以导入的行。"))
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED).update(
        status=ImportJob.Status.COMMITTING, mode=mode, progress=0, updated_at=timezone.now()
    )
    if not claimed:
        raise ApplicationError(_("该任务正在导入或已经处理，请刷新页面查看。"))
    job.status, job.mode, job.progress = ImportJob.Status.COMMITTING, mode, 0


def import_job_commit(
    *, actor: Any, job: ImportJob, mode: str, progress: Progress | None = None
) -> ImportJob:
    """Write the job's rows in one transaction, re-checking each one as it is written.

    ``all_or_nothing``: any failing row leaves the register untouched and the report updated.
    ``valid_only``: failing rows are skipped and reported. One audit event records the job;
    each organization gets its own establishment (filing) event and audit event.
    """
    _claim(job, actor, mode)
    started = time.monotonic()
    try:
        sheet = _unseal(job.payload)
    except ApplicationError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, mode="", message=exc.message
        )
        job.status = ImportJob.Status.FAILED
        raise
    try:
        with transaction.atomic():
            validation = rows_validate(actor=actor, sheet=sheet, check_records=False)
            if mode == ImportJob.Mode.ALL_OR_NOTHING and validation.invalid_count:
                raise _Refused
            valid = validation.valid_rows
            imported = 0
            for i, row in enumerate(valid, start=1):
                assert row.data is not None and row.event is not None
                try:
                    # A savepoint per row: a refused row is rolled back alone.
                    organization_register(actor=actor, data=row.data, event=row.event)
                    imported += 1
                except ApplicationError as exc:
                    _row_errors_from(row, exc)
                    if mode == ImportJob.Mode.ALL_OR_NOTHING:
                        raise _Refused from None
                if progress is not None:
                    progress(i, len(valid))
            seconds = time.monotonic() - started
            _store(job, validation, seconds=seconds, phase="commit")
            job.imported_rows = imported
            job.status = ImportJob.Status.COMMITTED
            job.payload = ""
            job.committed_at = timezone.now()
            job.save()
            audit_record(
                actor=actor,
                action="import.commit",
                obj=job,
                after={
                    "file_name": job.file_name,
                    "mode": mode,
                    "total_rows": job.total_rows,
                    "imported_rows": imported,
                    "skipped_rows": job.total_rows - imported,
                    "seconds": round(seconds, 2),
                },
            )
    except _Refused:
        # Something changed since the upload (or a row failed when written): report it fully.
        validation = rows_validate(actor=actor, sheet=sheet)
        _store(job, validation, seconds=time.monotonic() - started, phase="commit_refused")
        job.status = ImportJob.Status.VALIDATED if job.valid_rows else ImportJob.Status.FAILED
        job.mode = ""
        job.save()
        raise ApplicationError(
            _(
                "导入前复核发现 %(n)d 行错误（名录可能在上传后发生了变化），未导入任何数据。"
                "校验报告已更新。"
            )
            % {"n": job.invalid_rows}
        ) from None
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            payload="",
            message=_("导入时发生系统错误，未导入任何数据。请重新上传或联系系统管理员。"),
        )
        raise
    return job
