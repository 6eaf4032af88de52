"""Major-matter pages: the list each role sees, one report with its actions, filing and
resubmitting (organization accounts), acknowledging and returning (officers).

Every view checks permission on the server: a report outside the user's scope is a 404, a
visible one the user may not act on is a 403 naming why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.matters import permissions, selectors, services
from socorg.matters.forms import MatterFilterForm, MatterForm, MatterHandleForm
from socorg.matters.models import MajorMatter
from socorg.registry.forms import add_service_errors
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator

PAGE_SIZE = 20


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _visible_or_404(user: Any, pk: int) -> MajorMatter:
    matter = selectors.matter_detail(user=user, pk=pk)
    if matter is None:
        raise Http404(_("未找到该报告，或它不在您的查看范围内。"))
    return matter


def _own_organization(user: Any) -> Organization | None:
    org_id = permissions.own_organization_id(user)
    return Organization.objects.filter(pk=org_id).first() if org_id else None


@login_required
@require_GET
def matter_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_list_matters(user))
    form = MatterFilterForm(request.GET or None)
    queryset = selectors.matter_list(user=user, filters=form.filters())
    page = KeysetPaginator(MajorMatter, ("-id",), page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "matters/matter_list.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.matter_counts_by_state(user=user),
            "can_file": permissions.can_file_matter(user, _own_organization(user))[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def matter_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = _own_organization(user)
    _require(permissions.can_file_matter(user, org))
    form = MatterForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            matter = services.matter_file(actor=user, organization=org, data=form.matter_input())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已报告，已通知业务主管单位和登记管理机关。"))
            return redirect("matters:matter_detail", pk=matter.pk)
    return render(
        request,
        "matters/matter_form.html",
        {"form": form, "org": org, "title": _("报告重大事项")},
    )


def _detail_page(
    request: HttpRequest, matter: MajorMatter, handle_form: MatterHandleForm, status: int = 200
) -> HttpResponse:
    user = request.user
    can_handle = (
        matter.state == MajorMatter.State.FILED and permissions.can_handle_matter(user, matter)[0]
    )
    can_resubmit = (
        matter.state == MajorMatter.State.RETURNED
        and permissions.can_resubmit_matter(user, matter)[0]
    )
    return render(
        request,
        "matters/matter_detail.html",
        {
            "matter": matter,
            "handle_form": handle_form,
            "can_handle": can_handle,
            "can_resubmit": can_resubmit,
        },
        status=status,
    )


@login_required
@require_GET
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _visible_or_404(request.user, pk)
    _require(permissions.can_view_matter(request.user, matter))
    return _detail_page(request, matter, MatterHandleForm())


@login_required
@require_POST
def matter_handle(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge (确认) or return (退回) a filed report, per the button pressed."""
    user = request.user
    matter = _visible_or_404(user, pk)
    _require(permissions.can_handle_matter(user, matter))
    form = MatterHandleForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid() and action in ("acknowledge", "return"):
        note = form.cleaned_data["note"]
        try:
            if action == "acknowledge":
                services.matter_acknowledge(actor=user, matter=matter, note=note)
                done = _("已确认该报告。")
            else:
                services.matter_return(actor=user, matter=matter, note=note)
                done = _("已退回该报告。")
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("matters:matter_detail", pk=matter.pk)
    elif form.is_valid():
        form.add_error(None, _("请选择“确认”或“退回”。"))
    return _detail_page(request, matter, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def matter_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    matter = _visible_or_404(user, pk)
    _require(permissions.can_resubmit_matter(user, matter))
    form = MatterForm(
        request.POST if request.method == "POST" else None,
        initial=MatterForm.initial_from(matter),
    )
    if form.is_bound and form.is_valid():
        try:
            services.matter_resubmit(actor=user, matter=matter, data=form.matter_input())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已重新报告。"))
            return redirect("matters:matter_detail", pk=matter.pk)
    return render(
        request,
        "matters/matter_form.html",
        {
            "form": form,
            "org": matter.organization,
            "matter": matter,
            "title": _("补正后重新报告"),
        },
    )
