"""The supervision workbench (监管工作台): the district's figures on one page, and the daily-run
log. Permission is checked on the server; every figure is scoped by the selector it comes from
(a street officer sees their street)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from socorg.registry.paging import KeysetPaginator
from socorg.supervision import permissions, selectors
from socorg.supervision.display import describe_counts
from socorg.supervision.models import DailyRun

RUN_PAGE_SIZE = 30


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _run_rows(runs: list[DailyRun]) -> list[dict[str, object]]:
    return [{"run": run, "summary": describe_counts(run.step, run.counts)} for run in runs]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_supervision_dashboard(user))
    data = selectors.dashboard(user=user, today=timezone.localdate())
    return render(
        request,
        "supervision/dashboard.html",
        {"data": data, "runs": _run_rows(data.runs), "area": user.area},
    )


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_daily_runs(request.user))
    page = KeysetPaginator(DailyRun, ("-run_on", "-id"), page_size=RUN_PAGE_SIZE).page(
        selectors.daily_run_list(), request.GET.get("cursor", "")
    )
    return render(
        request, "supervision/run_list.html", {"page": page, "runs": _run_rows(page.items)}
    )
