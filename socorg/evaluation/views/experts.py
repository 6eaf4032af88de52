"""Expert pages: tasks, the score sheet, recusal, affiliations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.accounts.roles import Role
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.forms import (
    AffiliationForm,
    RecuseForm,
    SheetForm,
)
from socorg.evaluation.models import ExpertAssignment
from socorg.evaluation.views._common import (
    page_of,
    require,
    service_error,
)
from socorg.registry.forms import add_service_errors
from socorg.registry.selectors import organization_by_uscc

# --- experts -----------------------------------------------------------------------------------


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_assignments(user))
    queryset = selectors.assignments_of(expert=user)
    page = page_of(ExpertAssignment, selectors.ASSIGNMENT_ORDER, queryset, request)
    return render(request, "evaluation/assignment_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def score_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assignment = selectors.assignment_visible(user=user, pk=pk)
    if assignment is None:
        raise Http404(_("未找到该评审任务。"))
    require(permissions.can_score(user, assignment))
    existing = selectors.assignment_scores(assignment=assignment)
    form = SheetForm(
        request.POST or None,
        indicators=assignment.application.template.indicators,
        comments=True,
        initial_scores={code: s.points for code, s in existing.items()},
        initial_comments={code: s.comment for code, s in existing.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submit(
                actor=user, assignment=assignment, scores=form.scores(), comments=form.comments()
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc, form.aliases())
        else:
            messages.success(request, _("评分已提交。"))
            return redirect("evaluation:assignment_list")
    return render(
        request,
        "evaluation/sheet_form.html",
        {
            "title": _("专家评分"),
            "application": assignment.application,
            "form": form,
            "recuse_form": RecuseForm(),
            "assignment": assignment,
            "back": ("evaluation:assignment_list", None),
        },
    )


@login_required
@require_POST
def assignment_recuse(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assignment = selectors.assignment_visible(user=user, pk=pk)
    if assignment is None:
        raise Http404(_("未找到该评审任务。"))
    require(permissions.can_recuse(user, assignment))
    form = RecuseForm(request.POST)
    try:
        services.assignment_recuse(
            actor=user,
            assignment=assignment,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        messages.success(request, _("已办理回避。"))
    except ApplicationError as exc:
        service_error(request, exc)
    if user.role == Role.EXPERT:
        return redirect("evaluation:assignment_list")
    return redirect("evaluation:application_detail", pk=assignment.application_id)


@login_required
@require_http_methods(["GET", "POST"])
def expert_affiliations(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's affiliations (for recusal), and the form to add one."""
    user = request.user
    expert = get_object_or_404(get_user_model(), pk=pk, role=Role.EXPERT)
    require(permissions.can_manage_affiliations(user, expert))
    form = AffiliationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = organization_by_uscc(code=data["uscc"])
        if organization is None:
            form.add_error("uscc", _("未找到该统一社会信用代码对应的在册组织。"))
        else:
            try:
                services.expert_affiliation_add(
                    actor=user,
                    expert=expert,
                    organization=organization,
                    kind=data["kind"],
                    started_on=data["started_on"],
                    ended_on=data["ended_on"],
                    note=data["note"],
                )
            except PermissionDenied as exc:
                raise Forbidden(exc.message) from exc
            except ApplicationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记关联组织。"))
                return redirect("evaluation:expert_affiliations", pk=expert.pk)
    return render(
        request,
        "evaluation/expert_affiliations.html",
        {
            "expert": expert,
            "affiliations": list(selectors.affiliations_of(expert=expert)),
            "form": form,
        },
    )


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.EXPERT:
        return redirect("evaluation:expert_affiliations", pk=user.pk)
    if user.role != Role.DISTRICT_ADMIN:
        raise Forbidden(_("只有民政局管理员可以管理评审专家。"))
    queryset = selectors.expert_candidates()
    return render(request, "evaluation/expert_list.html", {"experts": list(queryset[:500])})
