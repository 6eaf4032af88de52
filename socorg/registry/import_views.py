"""Pages for importing an existing register and exporting any filtered list.

Thin: each view checks permission on the server, calls a service or selector, and renders.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry import permissions
from socorg.registry.exporting import (
    FORMATS,
    export_filters,
    organization_export_csv,
    organization_export_xlsx,
)
from socorg.registry.importing.columns import BY_KEY, COLUMNS, column_label
from socorg.registry.importing.selectors import import_job_get, import_job_list
from socorg.registry.importing.services import (
    import_job_commit,
    import_job_create,
    import_sheet_read,
)
from socorg.registry.importing.workbooks import report_xlsx, template_csv, template_xlsx
from socorg.registry.models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
REPORT_PAGE_SIZE = 100
JOB_PAGE_SIZE = 20


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名录文件"),
        help_text=gettext_lazy("请使用导入模板填写，支持 .xlsx 和 .csv（UTF-8）文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        allow_empty_file=True,  # the service names the problem in the import's own words
    )


def _require_importer(user: Any) -> None:
    allowed, reason = permissions.can_import_organizations(user)
    if not allowed:
        raise Forbidden(reason)


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M")


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    _require_importer(request.user)
    job = import_job_get(user=request.user, pk=pk)
    if job is None:
        raise Http404(_("没有找到该导入任务。"))
    return job


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request.user)
    page = Paginator(import_job_list(user=request.user), JOB_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "registry/imports/job_list.html", {"page": page})


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    _require_importer(request.user)
    name = _("社会组织名录导入模板")
    if request.GET.get("format") == "csv":
        response = HttpResponse(template_csv(), content_type=CSV)
        _attachment(response, f"{name}.csv")
    else:
        response = HttpResponse(template_xlsx(user=request.user), content_type=XLSX)
        _attachment(response, f"{name}.xlsx")
    return response


def _upload_context(form: UploadForm) -> dict[str, Any]:
    return {
        "form": form,
        "max_megabytes": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.IMPORT_MAX_ROWS,
        "required_columns": [_(c.header) for c in COLUMNS if c.required_header],
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            sheet = import_sheet_read(
                actor=request.user,
                stream=upload_file,
                file_name=upload_file.name,
                size=upload_file.size,
            )
            job = import_job_create(actor=request.user, sheet=sheet)
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from None
        except ApplicationError as exc:
            for message in exc.errors.get("file", [exc.message]):
                form.add_error("file", message)
        else:
            if job.status == ImportJob.Status.VALIDATED and not job.invalid_rows:
                messages.success(
                    request,
                    _("校验通过：共 %(n)d 行，全部正确，请确认后导入。") % {"n": job.total_rows},
                )
            else:
                messages.warning(
                    request,
                    _("校验完成：共 %(n)d 行，其中 %(bad)d 行有错误，详见校验报告。")
                    % {"n": job.total_rows, "bad": job.invalid_rows},
                )
            return redirect("registry_import:job_detail", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/imports/upload.html", _upload_context(form), status=status)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    errors = job.report.get("errors", [])
    page = Paginator(errors, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "row": error["row"],
            "column": column_label(error["field"]) if error.get("field") in BY_KEY else "",
            "message": error["message"],
        }
        for error in page.object_list
    ]
    context = {
        "job": job,
        "page": page,
        "rows": rows,
        "can_commit": job.status == ImportJob.Status.VALIDATED,
        "Mode": ImportJob.Mode,
        "timings": job.report.get("timings", {}),
        "ignored_headers": job.report.get("ignored_headers", []),
    }
    return render(request, "registry/imports/job_detail.html", context)


@login_required
@require_GET
def job_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    response = HttpResponse(report_xlsx(job=job), content_type=XLSX)
    _attachment(response, _("校验报告_%(id)s.xlsx") % {"id": job.pk})
    return response


@login_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    try:
        import_job_commit(actor=request.user, job=job, mode=request.POST.get("mode", ""))
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("导入完成：已导入 %(n)d 个组织，跳过 %(skipped)d 行。")
            % {"n": job.imported_rows, "skipped": job.total_rows - job.imported_rows},
        )
    return redirect("registry_import:job_detail", pk=job.pk)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    allowed, reason = permissions.can_export_organizations(request.user)
    if not allowed:
        raise Forbidden(reason)
    filters, sort = export_filters(request.GET)
    fmt = request.GET.get("format") or "xlsx"
    if fmt not in FORMATS:
        return HttpResponse(
            _("导出格式“%(fmt)s”无效：只能是 xlsx 或 csv。") % {"fmt": fmt[:20]},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = _("社会组织名录_%(stamp)s") % {"stamp": _stamp()}
    if fmt == "csv":
        _count, lines = organization_export_csv(actor=request.user, filters=filters, sort=sort)
        response = StreamingHttpResponse(lines, content_type=CSV)
        _attachment(response, f"{name}.csv")
        return response
    try:
        _count, output = organization_export_xlsx(actor=request.user, filters=filters, sort=sort)
    except ApplicationError as exc:
        params = request.GET.copy()
        params["format"] = "csv"
        return render(
            request,
            "registry/imports/export_refused.html",
            {"message": exc.message, "csv_query": params.urlencode()},
            status=400,
        )
    return FileResponse(output, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX)
