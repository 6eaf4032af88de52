"""Staff pages: the ranked list per street with its reasons, exit cases and their steps, the
statistics. Every view checks permission on the server; the services check again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.core.i18n import render as render_msg
from socorg.dormancy import permissions, selectors, services
from socorg.dormancy.forms import (
    CaseFilterForm,
    CaseOpenForm,
    RankFilterForm,
    StatisticsForm,
    StepForm,
    add_service_errors,
)
from socorg.dormancy.models import DormancyScore, ExitCase
from socorg.dormancy.rules import (
    CASE_ACTION_LABELS,
    CASE_TRANSITIONS,
    CaseAction,
    CaseState,
    decide_case_action,
)
from socorg.registry.paging import KeysetPaginator
from socorg.registry.selectors import organization_detail

PAGE_SIZE = 20


def require(decision: tuple[bool, str]) -> None:
    """A permission answer of no becomes a 403 naming the reason."""
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_GET
def ranked_list(request: HttpRequest) -> HttpResponse:
    """疑似僵尸型社会组织排查名单: per street, highest score first, each point explained."""
    user = request.user
    require(permissions.can_view_dormancy(user))
    form = RankFilterForm(request.GET or None, user=user)
    street = form.value("street")
    filters = selectors.RankFilters(
        street=street.id if street else None,
        org_type=form.value("org_type") or "",
        candidates_only=bool(form.value("candidates_only")),
    )
    queryset = selectors.dormancy_ranked(user=user, filters=filters)
    page = KeysetPaginator(DormancyScore, selectors.RANK_ORDER, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    ranks = selectors.dormancy_ranks(queryset, page.items)
    cases = selectors.open_cases_of([s.organization_id for s in page.items])
    rows = [
        {"score": score, "rank": rank, "case": cases.get(score.organization_id)}
        for score, rank in zip(page.items, ranks, strict=True)
    ]
    return render(
        request,
        "dormancy/ranked_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "last_run": selectors.dormancy_last_run(),
            "can_open": permissions.can_open_exit_cases(user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, organization_id: int) -> HttpResponse:
    """Open an exit case (排查) on an organization of the ranked list."""
    user = request.user
    require(permissions.can_open_exit_cases(user))
    org = organization_detail(user=user, pk=organization_id)
    if org is None:
        raise Http404(_("未找到该组织，或该组织不在您的查看范围内。"))
    require(permissions.can_open_exit_case(user, org))
    form = CaseOpenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            case = services.exit_case_open(
                actor=user,
                organization=org,
                opened_on=form.cleaned_data["opened_on"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已立案排查：案件 #%(id)s。") % {"id": case.pk})
            return redirect("dormancy:case_detail", pk=case.pk)
    return render(
        request,
        "dormancy/case_open.html",
        {
            "form": form,
            "organization": org,
            "score": selectors.dormancy_score_of(user=user, organization_id=org.pk),
        },
        status=_status(form),
    )


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_dormancy(user))
    form = CaseFilterForm(request.GET or None, user=user)
    street = form.value("street")
    queryset = selectors.exit_case_list(
        user=user,
        filters=selectors.CaseFilters(
            state=form.value("state") or "",
            outcome=form.value("outcome") or "",
            street=street.id if street else None,
        ),
    )
    page = KeysetPaginator(ExitCase, selectors.CASE_ORDER, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(request, "dormancy/case_list.html", {"form": form, "page": page})


def _case_or_404(user: Any, pk: int) -> ExitCase:
    require(permissions.can_view_dormancy(user))
    case = selectors.exit_case_detail(user=user, pk=pk)
    if case is None:
        raise Http404(_("未找到该案件，或该案件不在您的查看范围内。"))
    require(permissions.can_view_exit_case(user, case))
    return case


def _case_page(
    request: HttpRequest, case: ExitCase, *, bound: StepForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    forms = [
        bound
        if bound is not None and bound.case_action == action
        else StepForm(case=case, action=action)
        for action in permissions.allowed_actions(user, case)
    ]
    return render(
        request,
        "dormancy/case_detail.html",
        {
            "case": case,
            "organization": case.organization,
            "steps": list(selectors.exit_case_steps(case=case)),
            "step_forms": forms,
            "reasons": [{**r, "text": DormancyScore._text(r)} for r in case.score_reasons or []],
            "criteria": [{**c, "text": DormancyScore._text(c)} for c in case.score_criteria or []],
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case_or_404(request.user, pk))


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step (the buttons shown are the steps the table allows the user's role)."""
    user = request.user
    case = _case_or_404(user, pk)
    require(permissions.can_act_exit_case(user, case))
    try:
        action = CaseAction(request.POST.get("step", ""))
    except ValueError:
        raise Http404(_("未知的办理事项。")) from None
    state = CaseState(case.state)
    decision = decide_case_action(state, action, user.role, note="-")
    if not decision.allowed:
        if (state, action) in CASE_TRANSITIONS:
            raise Forbidden(render_msg(decision.reason))  # another role's step
        messages.error(request, render_msg(decision.reason))  # another stage's step
        return _case_page(request, case, status=400)
    form = StepForm(request.POST, case=case, action=action)
    if form.is_valid():
        try:
            services.exit_case_act(actor=user, case=case, data=form.step_input())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已办理：%(action)s。") % {"action": render_msg(CASE_ACTION_LABELS[action])},
            )
            return redirect("dormancy:case_detail", pk=case.pk)
    return _case_page(request, case, bound=form, status=400)


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """How many organizations were revoked, deregistered and reactivated over a period."""
    user = request.user
    require(permissions.can_view_dormancy(user))
    form = StatisticsForm(request.GET or None)
    start, end = form.period()
    stats = selectors.exit_statistics(user=user, start=start, end=end)
    return render(
        request,
        "dormancy/statistics.html",
        {"form": form, "stats": stats},
        status=_status(form),
    )
