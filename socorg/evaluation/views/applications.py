"""Application pages: detail per role, self-assessment, withdrawal, expert assignment and
objections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.accounts.roles import Role
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.display import (
    indicator_rows,
    stored_findings,
)
from socorg.evaluation.forms import (
    AssignForm,
    ObjectionForm,
    RecuseForm,
    ResolveForm,
    SheetForm,
    WithdrawForm,
)
from socorg.evaluation.models import (
    EvaluationRound,
    Objection,
    Result,
)
from socorg.evaluation.views._common import (
    application_or_404,
    require,
    service_error,
)
from socorg.registry.forms import add_service_errors

# --- applications ------------------------------------------------------------------------------


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_or_404(user, pk)
    require(permissions.can_view_application(user, application))
    round_ = application.round
    staff = user.role in (Role.DISTRICT_ADMIN, Role.AUDITOR)
    manage = permissions.can_manage_round(user, round_)[0]
    result = selectors.application_result(application=application)
    # Results are shown to the organization from the notice on; the bureau sees them at once.
    published = round_.state in (
        EvaluationRound.State.NOTICE,
        EvaluationRound.State.ANNOUNCED,
        EvaluationRound.State.CLOSED,
    )
    show_result = result is not None and (staff or published)
    objections = list(selectors.result_objections(result=result)) if show_result and result else []
    is_own = user.role == Role.ORGANIZATION
    in_notice = round_.state == EvaluationRound.State.NOTICE
    return render(
        request,
        "evaluation/application_detail.html",
        {
            "application": application,
            "round": round_,
            "org": application.organization,
            "findings": stored_findings(application.eligibility),
            "self_rows": indicator_rows(application.template.indicators, application.self_scores),
            "assignments": list(selectors.application_assignments(application=application))
            if staff
            else [],
            "result": result if show_result else None,
            "mean_rows": indicator_rows(application.template.indicators, result.means)
            if show_result and result
            else [],
            "objections": objections,
            "assign_form": AssignForm() if manage else None,
            "resolve_form": ResolveForm() if manage and in_notice else None,
            "objection_form": ObjectionForm()
            if is_own
            and show_result
            and in_notice
            and not any(o.state == Objection.State.PENDING for o in objections)
            else None,
            "can_self_assess": permissions.can_self_assess(user, application)[0],
            "withdraw_form": WithdrawForm()
            if permissions.can_withdraw_application(user, application)[0]
            else None,
            "recuse_form": RecuseForm() if manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_or_404(user, pk)
    require(permissions.can_self_assess(user, application))
    form = SheetForm(
        request.POST or None,
        indicators=application.template.indicators,
        initial_scores=application.self_scores,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_save(actor=user, application=application, scores=form.scores())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc, form.aliases())
        else:
            messages.success(request, _("自评已保存。"))
            return redirect("evaluation:application_detail", pk=application.pk)
    return render(
        request,
        "evaluation/sheet_form.html",
        {
            "title": _("自评"),
            "application": application,
            "form": form,
            "back": ("evaluation:application_detail", application.pk),
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_or_404(user, pk)
    require(permissions.can_withdraw_application(user, application))
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        services.application_withdraw(actor=user, application=application, reason=reason)
        messages.success(request, _("已撤回申报。"))
    except ApplicationError as exc:
        service_error(request, exc)
    return redirect("evaluation:application_detail", pk=application.pk)


@login_required
@require_POST
def expert_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_or_404(user, pk)
    require(permissions.can_assign_expert(user, application))
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一位评审专家。"))
    else:
        try:
            services.expert_assign(
                actor=user, application=application, expert=form.cleaned_data["expert"]
            )
            messages.success(request, _("已指派专家。"))
        except ApplicationError as exc:
            service_error(request, exc)
    return redirect("evaluation:application_detail", pk=application.pk)


@login_required
@require_POST
def objection_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = application_or_404(user, pk)
    result = get_object_or_404(Result, application=application)
    require(permissions.can_file_objection(user, result))
    form = ObjectionForm(request.POST)
    try:
        services.objection_file(
            actor=user,
            result=result,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        messages.success(request, _("异议已提交，民政局将在公示期满前处理。"))
    except ApplicationError as exc:
        service_error(request, exc)
    return redirect("evaluation:application_detail", pk=application.pk)


@login_required
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    objection = selectors.objection_visible(user=user, pk=pk)
    if objection is None:
        raise Http404(_("未找到该异议。"))
    require(permissions.can_resolve_objection(user, objection))
    form = ResolveForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        services.objection_resolve(
            actor=user,
            objection=objection,
            decision=data.get("decision", request.POST.get("decision", "")),
            resolution=data.get("resolution", request.POST.get("resolution", "")),
            corrected_total=data.get("corrected_total", request.POST.get("corrected_total")),
        )
        messages.success(request, _("异议已处理。"))
    except ApplicationError as exc:
        service_error(request, exc)
    return redirect("evaluation:application_detail", pk=objection.result.application_id)
