"""Round pages: the bureau's list and dashboard, creating a round and taking its steps; an
organization's home and its application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.accounts.roles import Role
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.evaluation import permissions, selectors, services, workflow
from socorg.evaluation.display import (
    action_label,
    round_state_label,
)
from socorg.evaluation.forms import RoundForm
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
)
from socorg.evaluation.views._common import (
    page_of,
    require,
    round_or_404,
    service_error,
)
from socorg.registry.forms import add_service_errors

# --- home and rounds ---------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The entry page for each role: the bureau's rounds, an expert's tasks, an organization's
    applications and results."""
    role = request.user.role
    if role == Role.EXPERT:
        return redirect("evaluation:assignment_list")
    if role == Role.ORGANIZATION:
        return _organization_home(request)
    require(permissions.can_view_rounds(request.user))
    user = request.user
    queryset = selectors.round_list(user=user)
    page = page_of(EvaluationRound, selectors.ROUND_ORDER, queryset, request)
    return render(
        request,
        "evaluation/round_list.html",
        {
            "page": page,
            "rows": [(r, round_state_label(r.state)) for r in page.items],
            "can_create": permissions.can_create_round(user)[0],
            "can_view_statistics": permissions.can_view_statistics(user)[0],
            "can_manage_experts": user.role == Role.DISTRICT_ADMIN,
        },
    )


def _organization_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    membership = getattr(user, "organization_membership", None)
    if membership is None:
        raise Forbidden(_("您的账户尚未关联社会组织，请联系系统管理员。"))
    org = membership.organization
    today = timezone.localdate()
    applications = list(selectors.applications_of(organization_id=org.pk)[:50])
    applied = {a.round_id for a in applications if a.state != Application.State.WITHDRAWN}
    rounds = [
        r for r in selectors.open_rounds_for(organization=org, today=today) if r.pk not in applied
    ]
    current = selectors.current_levels([org.pk], on=today).get(org.pk)
    return render(
        request,
        "evaluation/organization_home.html",
        {"org": org, "applications": applications, "rounds": rounds, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_create_round(user))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已创建评估轮次“%(name)s”。") % {"name": round_.name})
            return redirect("evaluation:round_detail", pk=round_.pk)
    return render(request, "evaluation/round_form.html", {"form": form})


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = round_or_404(user, pk)
    require(permissions.can_view_round(user, round_))
    if user.role not in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        raise Forbidden(_("只有民政局管理员和审计人员可以查看评估轮次的全部申报。"))
    manage = permissions.can_manage_round(user, round_)[0]
    queryset = selectors.application_list(user=user, round_=round_)
    page = page_of(Application, selectors.APPLICATION_ORDER, queryset, request)
    steps = []
    if manage:
        steps = [
            {"action": a.value, "label": action_label(a.value)}
            for a in workflow.available_actions(workflow.RoundState(round_.state))
        ]
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "state_label": round_state_label(round_.state),
            "dashboard": selectors.round_dashboard(round_),
            "templates": list(round_.templates.all()),
            "page": page,
            "can_manage": manage,
            "steps": steps,
            "can_aggregate": manage and round_.state == EvaluationRound.State.SCORING,
        },
    )


@login_required
@require_POST
def round_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = round_or_404(user, pk)
    require(permissions.can_manage_round(user, round_))
    action = request.POST.get("action", "")
    try:
        if action == "aggregate":
            services.round_aggregate(actor=user, round_=round_)
            messages.success(request, _("已汇总专家评分。"))
        else:
            services.round_act(actor=user, round_=round_, action=action)
            messages.success(request, _("已办理：%(action)s。") % {"action": action_label(action)})
    except ApplicationError as exc:
        service_error(request, exc)
    return redirect("evaluation:round_detail", pk=round_.pk)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = round_or_404(user, pk)
    membership = getattr(user, "organization_membership", None)
    if membership is None:
        raise Forbidden(_("只有社会组织账户可以申报评估。"))
    require(permissions.can_apply(user, round_, membership.organization))
    try:
        application = services.application_submit(
            actor=user, round_=round_, organization=membership.organization
        )
    except ApplicationError as exc:
        service_error(request, exc)
        return redirect("evaluation:home")
    messages.success(request, _("已申报“%(name)s”，请填写自评。") % {"name": round_.name})
    return redirect("evaluation:self_assessment", pk=application.pk)
