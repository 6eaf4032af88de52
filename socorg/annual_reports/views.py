"""Annual-report pages: an organization fills in and submits its report; officers review from
their queues; staff read the inspection rate and the 未参检 list.

Every view checks permission on the server: a report outside the user's visible set is a 404, a
visible one the user may not act on is a 403 naming why. The services check again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.accounts.roles import Role
from socorg.annual_reports import permissions, selectors, services
from socorg.annual_reports.display import content_sections, state_view, step_views
from socorg.annual_reports.forms import (
    AnnualReportForm,
    ReportActionForm,
    ReportFilterForm,
    ReportStartForm,
    YearForm,
)
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.policy import get_policy
from socorg.annual_reports.workflow import ACTION_LABELS, Action
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry.forms import add_service_errors
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator, capped_count
from socorg.registry.selectors import organization_visible

PAGE_SIZE = 20
COUNT_CAP = 10_000
TREND_YEARS = 5


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _latest_year(today: dt.date) -> int:
    """The latest report year that has ended."""
    return today.year - 1


def _visible_or_404(user: Any, pk: int) -> AnnualReport:
    report = selectors.annual_report_detail(user=user, pk=pk)
    if report is None:
        raise Http404(_("未找到该年度报告，或它不在您的查看范围内。"))
    return report


def _own_organization(user: Any) -> Organization | None:
    membership = getattr(user, "organization_membership", None)
    return membership.organization if membership else None


def _rows(reports: list[AnnualReport], today: dt.date) -> list[tuple[AnnualReport, Any]]:
    policy = get_policy()
    return [
        (r, state_view(selectors.report_display_state(r, today=today, policy=policy)))
        for r in reports
    ]


def _total_label(total: int) -> str:
    if total > COUNT_CAP:
        return _("超过 %(cap)s 条") % {"cap": f"{COUNT_CAP:,}"}
    return _("共 %(n)s 条") % {"n": total}


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_list_annual_reports(user))
    today = timezone.localdate()
    if user.role == Role.ORGANIZATION:
        return _organization_home(request, today)
    form = ReportFilterForm(request.GET or None, user=user, latest_year=_latest_year(today))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    street = data.get("street")
    filters = selectors.ReportFilters(
        year=data.get("year"),
        state=data.get("state") or "",
        org_type=data.get("org_type") or "",
        street=street.id if street else None,
    )
    queryset = selectors.annual_report_list(user=user, filters=filters)
    page = KeysetPaginator(AnnualReport, selectors.LIST_ORDER, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "annual_reports/report_list.html",
        {
            "title": _("年度报告"),
            "form": form,
            "page": page,
            "rows": _rows(page.items, today),
            "total_label": _total_label(capped_count(queryset, COUNT_CAP)),
            "can_review": permissions.can_review_annual_reports(user)[0],
            "can_view_statistics": permissions.can_view_report_statistics(user)[0],
        },
    )


def _organization_home(request: HttpRequest, today: dt.date) -> HttpResponse:
    """An organization's own reports, the years it still has to file, and the start form."""
    user = request.user
    org = _own_organization(user)
    if org is None:
        raise Forbidden(_("您的账户尚未关联社会组织，请联系系统管理员。"))
    reports = list(selectors.annual_report_list(user=user))
    years = range(_latest_year(today), _latest_year(today) - TREND_YEARS, -1)
    facts = selectors.report_facts_for([org.pk], years, today=today).get(org.pk, ())
    started = {r.year for r in reports}
    pending = [f for f in facts if f.year not in started]
    return render(
        request,
        "annual_reports/organization_home.html",
        {
            "org": org,
            "rows": _rows(reports, today),
            "pending": pending,
            "start_form": ReportStartForm(latest_year=_latest_year(today)),
            "can_start": permissions.can_start_annual_report(user, org)[0],
        },
    )


@login_required
@require_GET
def report_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_review_annual_reports(user))
    today = timezone.localdate()
    queryset = selectors.annual_report_queue(user=user)
    page = KeysetPaginator(AnnualReport, selectors.QUEUE_ORDER, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "annual_reports/report_list.html",
        {
            "title": _("待审查的年度报告"),
            "queue": True,
            "page": page,
            "rows": _rows(page.items, today),
            "total_label": _total_label(capped_count(queryset, COUNT_CAP)),
            "can_review": True,
            "can_view_statistics": permissions.can_view_report_statistics(user)[0],
        },
    )


@login_required
@require_POST
def report_start(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if user.role == Role.COMMUNITY_OFFICER:
        org = (
            organization_visible(user=user).filter(pk=request.POST.get("organization") or 0).first()
        )
    else:
        org = _own_organization(user)
    if org is None:
        raise Forbidden(_("只有社会组织账户（社区社会组织可由社区代为）填报年度报告。"))
    _require(permissions.can_start_annual_report(user, org))
    form = ReportStartForm(request.POST, latest_year=_latest_year(today))
    if not form.is_valid():
        messages.error(request, _("请选择报告年度。"))
        return redirect("annual_reports:report_list")
    try:
        report = services.annual_report_start(
            actor=user, organization=org, year=form.cleaned_data["year"], today=today
        )
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("annual_reports:report_list")
    messages.success(
        request, _("已创建 %(year)s 年度报告草稿，请核对预填内容后填报。") % {"year": report.year}
    )
    return redirect("annual_reports:report_edit", pk=report.pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _visible_or_404(user, pk)
    _require(permissions.can_view_annual_report(user, report))
    today = timezone.localdate()
    policy = get_policy()
    org = report.organization
    steps = [
        s
        for s in permissions.annual_report_actions_for(user, report)
        if s != Action.SUBMIT  # submitting happens from the form, after a last check
    ]
    return render(
        request,
        "annual_reports/report_detail.html",
        {
            "report": report,
            "org": org,
            "state": state_view(selectors.report_display_state(report, today=today, policy=policy)),
            "due": selectors.report_due(org, report.year, policy),
            "sections": content_sections(report),
            "history": list(selectors.annual_report_history(report=report)),
            "steps": step_views(steps),
            "action_form": ReportActionForm(),
            "can_edit": permissions.can_edit_annual_report(user, report)[0],
            "can_list": permissions.can_list_annual_reports(user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _visible_or_404(user, pk)
    _require(permissions.can_edit_annual_report(user, report))
    org = report.organization
    form = AnnualReportForm(
        request.POST if request.method == "POST" else None,
        org_type=org.org_type,
        initial=AnnualReportForm.initial_from(report),
    )
    if form.is_bound and form.is_valid():
        try:
            report = services.annual_report_save(actor=user, report=report, content=form.content())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            if "submit" not in request.POST:
                messages.success(request, _("草稿已保存。"))
                return redirect("annual_reports:report_edit", pk=report.pk)
            return _submit(request, report)
    return render(
        request,
        "annual_reports/report_form.html",
        {
            "report": report,
            "org": org,
            "form": form,
            "due": selectors.report_due(org, report.year),
            "community": org.org_type == Organization.Type.COMMUNITY,
        },
    )


def _submit(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    try:
        report = services.annual_report_submit(actor=request.user, report=report)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, _("草稿已保存，但未能提交：%(why)s") % {"why": exc.message})
        return redirect("annual_reports:report_detail", pk=report.pk)
    text = _("已提交 %(year)s 年度报告。") % {"year": report.year}
    if report.late:
        text = _("已提交 %(year)s 年度报告（逾期报送，已标记）。") % {"year": report.year}
    messages.success(request, text)
    return redirect("annual_reports:report_detail", pk=report.pk)


@login_required
@require_POST
def report_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _visible_or_404(user, pk)
    _require(permissions.can_act_on_annual_report(user, report))
    form = ReportActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未知的办理事项。"))
        return redirect("annual_reports:report_detail", pk=report.pk)
    action = form.cleaned_data["action"]
    try:
        report = services.annual_report_act(
            actor=user, report=report, action=action, note=form.cleaned_data["note"]
        )
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已办理：%(action)s。") % {"action": _(ACTION_LABELS[Action(action)])}
        )
    return redirect("annual_reports:report_detail", pk=report.pk)


def _statistics_year(request: HttpRequest, today: dt.date) -> tuple[YearForm, int]:
    latest = _latest_year(today)
    years = list(range(latest, latest - 10, -1))
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else latest
    return form, year


@login_required
@require_GET
def report_statistics(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_report_statistics(user))
    today = timezone.localdate()
    form, year = _statistics_year(request, today)
    latest = _latest_year(today)
    return render(
        request,
        "annual_reports/statistics.html",
        {
            "form": form,
            "year": year,
            "stats": selectors.inspection_statistics(user=user, year=year, today=today),
            "trend": selectors.inspection_rate_trend(
                user=user, years=range(latest, latest - TREND_YEARS, -1), today=today
            ),
        },
    )


@login_required
@require_GET
def missed_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_report_statistics(user))
    today = timezone.localdate()
    form, year = _statistics_year(request, today)
    queryset = selectors.missed_reports(
        year=year, today=today, organizations=selectors.statistics_scope(user=user)
    ).select_related("street", "community", "supervisory_unit")
    page = KeysetPaginator(Organization, ("id",), page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    policy = get_policy()
    return render(
        request,
        "annual_reports/missed_list.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "rows": [(org, selectors.report_due(org, year, policy)) for org in page.items],
            "total_label": _total_label(capped_count(queryset, COUNT_CAP)),
        },
    )
