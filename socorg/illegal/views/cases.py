"""Staff pages for investigation cases: list, opening, evidence, conclusion, publication.

Every view checks permission on the server; the services check again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.illegal import permissions, selectors, services
from socorg.illegal.forms import (
    CaseDecideForm,
    CaseFilterForm,
    CaseOpenForm,
    EvidenceForm,
    add_service_errors,
)
from socorg.illegal.models import InvestigationCase
from socorg.illegal.views.common import (
    PAGE_SIZE,
    case_or_404,
    form_status,
    require,
)
from socorg.registry.paging import KeysetPaginator


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_cases(user))
    form = CaseFilterForm(request.GET or None, user=user)
    street = form.value("street")
    queryset = selectors.case_list(
        user=user,
        state=form.value("state") or "",
        outcome=form.value("outcome") or "",
        street_id=street.id if street else None,
    )
    page = KeysetPaginator(InvestigationCase, selectors.CASE_SORT, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "illegal/case_list.html",
        {
            "form": form,
            "page": page,
            "can_open_case": permissions.can_open_cases(user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_open_cases(user))
    initial: dict[str, Any] = {}
    if request.method == "GET" and request.GET.get("tip", "").isdigit():
        tip = selectors.tip_open_in_scope(user=user).filter(pk=int(request.GET["tip"])).first()
        if tip is not None:
            initial = {
                "tips": [tip.pk],
                "subject_name": tip.reported_name,
                "street": tip.street_id,
                "location": tip.location,
            }
    form = CaseOpenForm(
        request.POST if request.method == "POST" else None, user=user, initial=initial
    )
    if form.is_bound and form.is_valid():
        try:
            case = services.case_open(
                actor=user, tips=list(form.cleaned_data["tips"]), data=form.case_input()
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已立案：%(number)s。") % {"number": case.number})
            return redirect("illegal:case_detail", pk=case.pk)
    return render(request, "illegal/case_form.html", {"form": form}, status=form_status(form))


def _case_page(
    request: HttpRequest, case: InvestigationCase, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    can_add = permissions.can_add_evidence(user, case)[0]
    context: dict[str, Any] = {
        "case": case,
        "officers": list(case.officers.all()),
        "evidence": list(case.evidence.all()),
        "tips": list(case.tips.all()),
        "can_add_evidence": can_add,
        "evidence_form": EvidenceForm() if can_add else None,
        "can_decide": permissions.can_decide_case(user, case)[0],
        "can_publish": permissions.can_publish_case(user, case)[0],
        "can_view_tips": permissions.can_view_tips(user)[0],
    }
    context.update(extra)
    return render(request, "illegal/case_detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, case_or_404(request.user, pk))


@login_required
@require_POST
def case_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_or_404(user, pk)
    require(permissions.can_add_evidence(user, case))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_add_evidence(
                actor=user,
                case=case,
                description=form.cleaned_data["description"],
                file=form.cleaned_data.get("file"),
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记证据。"))
            return redirect("illegal:case_detail", pk=case.pk)
    return _case_page(request, case, status=400, evidence_form=form)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """An evidence file, to those who may see the case; never served from a public URL."""
    user = request.user
    case = case_or_404(user, pk)
    require(permissions.can_view_evidence(user, case))
    item = next((e for e in case.evidence.all() if e.pk == evidence_id and e.file), None)
    if item is None:
        raise Http404(_("未找到该证据附件。"))
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.file_name or "evidence",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_or_404(user, pk)
    require(permissions.can_decide_case(user, case))
    form = CaseDecideForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_decide(
                actor=user,
                case=case,
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                document_number=data["document_number"],
                reason=data["reason"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已作出调查结论。"))
            return redirect("illegal:case_detail", pk=case.pk)
    return render(
        request, "illegal/case_decide.html", {"form": form, "case": case}, status=form_status(form)
    )


@login_required
@require_POST
def case_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_or_404(user, pk)
    require(permissions.can_publish_case(user, case))
    try:
        services.case_publish(actor=user, case=case)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    messages.success(request, _("已公布。"))
    return redirect("illegal:case_detail", pk=case.pk)
