"""Staff pages for tips: list, filing, detail, assignment, closing, the reporter reveal.

Every view checks permission on the server; the services check again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.illegal import permissions, selectors, services
from socorg.illegal.forms import (
    StaffTipForm,
    TipAssignForm,
    TipCloseForm,
    TipFilterForm,
    add_service_errors,
)
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.rules import TipClosure, mask_name
from socorg.illegal.views.common import (
    PAGE_SIZE,
    form_status,
    require,
    tip_or_404,
)
from socorg.registry.paging import KeysetPaginator


@login_required
@require_GET
def tip_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_tips(user))
    form = TipFilterForm(request.GET or None, user=user)
    street = form.value("street")
    queryset = selectors.tip_list(
        user=user,
        state=form.value("state") or "",
        street_id=street.id if street else None,
        q=form.value("q") or "",
    )
    page = KeysetPaginator(Tip, selectors.TIP_SORT, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    counts = selectors.tip_counts(user=user)
    return render(
        request,
        "illegal/tip_list.html",
        {
            "form": form,
            "page": page,
            "counts": [(label, counts.get(value, 0)) for value, label in Tip.State.choices],
            "can_submit": permissions.can_submit_tip(user)[0],
            "can_view_cases": permissions.can_view_cases(user)[0],
            "can_open_case": permissions.can_open_cases(user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tip_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_submit_tip(user))
    form = StaffTipForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            tip = services.tip_submit(actor=user, data=form.tip_input())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已录入举报线索 #%(id)s。") % {"id": tip.pk})
            return redirect("illegal:tip_detail", pk=tip.pk)
    return render(request, "illegal/tip_form.html", {"form": form}, status=form_status(form))


def _tip_page(request: HttpRequest, tip: Tip, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    can_assign = permissions.can_assign_tip(user, tip)[0]
    can_close = permissions.can_close_tip(user, tip)[0]
    can_reveal = permissions.can_view_reporter(user, tip)[0]
    context: dict[str, Any] = {
        "tip": tip,
        "can_assign": can_assign,
        "can_close": can_close,
        "can_merge": permissions.can_merge_tip(user, tip)[0],
        "can_reveal": can_reveal and bool(tip.reporter_name or tip.reporter_contact_masked),
        "reporter_name": tip.reporter_name if can_reveal else mask_name(tip.reporter_name),
        "assign_form": TipAssignForm(tip=tip) if can_assign else None,
        "close_form": TipCloseForm() if can_close else None,
        "can_view_cases": permissions.can_view_cases(user)[0],
    }
    if context["can_merge"]:
        context["open_cases"] = (
            selectors.case_list(user=user)
            .filter(district_id=tip.district_id)
            .exclude(state=InvestigationCase.State.CONCLUDED)[:50]
        )
    context.update(extra)
    return render(request, "illegal/tip_detail.html", context, status=status)


@login_required
@require_GET
def tip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _tip_page(request, tip_or_404(request.user, pk))


@login_required
@require_POST
def tip_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tip = tip_or_404(user, pk)
    require(permissions.can_assign_tip(user, tip))
    form = TipAssignForm(request.POST, tip=tip)
    if form.is_valid():
        try:
            services.tip_assign(
                actor=user,
                tip=tip,
                officer=form.cleaned_data["handled_by"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已分派。"))
            return redirect("illegal:tip_detail", pk=tip.pk)
    return _tip_page(request, tip, status=400, assign_form=form)


@login_required
@require_POST
def tip_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tip = tip_or_404(user, pk)
    require(permissions.can_close_tip(user, tip))
    form = TipCloseForm(request.POST)
    if form.is_valid():
        try:
            services.tip_close(
                actor=user,
                tip=tip,
                closure=TipClosure.UNFOUNDED.value,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("线索已办结（查无实据）。"))
            return redirect("illegal:tip_detail", pk=tip.pk)
    return _tip_page(request, tip, status=400, close_form=form)


@login_required
@require_POST
def tip_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tip = tip_or_404(user, pk)
    require(permissions.can_merge_tip(user, tip))
    raw = request.POST.get("case", "")
    case = selectors.case_detail(user=user, pk=int(raw)) if raw.isdigit() else None
    if case is None:
        messages.error(request, _("请选择要并入的案件。"))
        return redirect("illegal:tip_detail", pk=tip.pk)
    try:
        services.tip_close(actor=user, tip=tip, closure=TipClosure.MERGED.value, case=case)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("illegal:tip_detail", pk=tip.pk)
    messages.success(request, _("线索已并入案件 %(number)s。") % {"number": case.number})
    return redirect("illegal:case_detail", pk=case.pk)


@login_required
@require_POST
def tip_reporter(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the reporter's full details once, on an explicit request (audited)."""
    user = request.user
    tip = tip_or_404(user, pk)
    require(permissions.can_view_reporter(user, tip))
    try:
        revealed = services.tip_reporter_reveal(actor=user, tip=tip)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    return _tip_page(request, tip, revealed=revealed)
