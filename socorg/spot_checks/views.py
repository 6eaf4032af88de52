"""Spot-check pages: campaigns, the draw and the assignment, findings, rectification, the pool,
conflict declarations, my inspections, and the public results.

Every view checks permission on the server; the services check again. A record outside the
user's scope is "not found".
"""

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
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator
from socorg.spot_checks import permissions, selectors, services
from socorg.spot_checks.forms import (
    CampaignFilterForm,
    CampaignForm,
    ConflictForm,
    FindingForm,
    PoolAddForm,
    PoolRemoveForm,
    RectificationForm,
    VerifyForm,
    add_service_errors,
)
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)

PAGE_SIZE = 20
SAMPLE_PAGE_SIZE = 50


def require(decision: tuple[bool, str]) -> None:
    """A permission answer of no becomes a 403 naming the reason."""
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _status(form: Any) -> int:
    return 400 if form is not None and form.is_bound and form.errors else 200


def _campaign_or_404(user: Any, pk: int) -> Campaign:
    require(permissions.can_view_campaigns(user))
    campaign = selectors.campaign_detail(user=user, pk=pk)
    if campaign is None:
        raise Http404(_("未找到该抽查任务，或该任务不在您的查看范围内。"))
    require(permissions.can_view_campaign(user, campaign))
    return campaign


def _sampled_or_404(user: Any, pk: int) -> SampledOrganization:
    sampled = selectors.sampled_visible(user=user, pk=pk)
    if sampled is None:
        raise Http404(_("未找到该抽查对象，或不在您的查看范围内。"))
    return sampled


def _error_messages(request: HttpRequest, exc: ApplicationError) -> None:
    messages.error(request, exc.message)
    for field_messages in exc.errors.values():
        for message in field_messages:
            if message != exc.message and not exc.message.endswith(message):
                messages.error(request, message)


# -- campaigns --------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_campaigns(user))
    form = CampaignFilterForm(request.GET or None)
    queryset = selectors.campaign_list(
        user=user, state=form.value("state") or "", year=form.value("year")
    )
    page = KeysetPaginator(Campaign, selectors.CAMPAIGN_SORT, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "spot_checks/campaign_list.html",
        {"form": form, "page": page, "can_create": permissions.can_create_campaign(user)[0]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_create_campaign(user))
    form = CampaignForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            campaign = services.campaign_create(actor=user, data=form.campaign_input())
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已创建抽查任务：%(name)s。") % {"name": campaign.name})
            return redirect("spot_checks:campaign_detail", pk=campaign.pk)
    return render(request, "spot_checks/campaign_form.html", {"form": form}, status=_status(form))


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    campaign = _campaign_or_404(user, pk)
    page = KeysetPaginator(
        SampledOrganization, selectors.SAMPLE_SORT, page_size=SAMPLE_PAGE_SIZE
    ).page(selectors.campaign_sample(campaign=campaign), request.GET.get("cursor"))
    today = timezone.localdate()
    rows = [
        (s, selectors.rectification_state(s.rectification_notice, today=today)[1])
        for s in page.items
    ]
    can_manage = permissions.can_manage_campaign(user, campaign)[0]
    return render(
        request,
        "spot_checks/campaign_detail.html",
        {
            "campaign": campaign,
            "page": page,
            "rows": rows,
            "strata": selectors.stratum_rows(campaign=campaign),
            "org_types": [
                label for value, label in Organization.Type.choices if value in campaign.org_types
            ],
            "progress": selectors.campaign_progress(campaign=campaign),
            "can_draw": can_manage and campaign.state == Campaign.State.DRAFT,
            "can_assign": can_manage and campaign.state == Campaign.State.DRAWN,
            "can_publish": can_manage and campaign.state == Campaign.State.COMPLETED,
            "pool_size": len(services.campaign_pool(campaign))
            if can_manage and campaign.state == Campaign.State.DRAWN
            else None,
        },
    )


def _campaign_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    user = request.user
    campaign = _campaign_or_404(user, pk)
    require(permissions.can_manage_campaign(user, campaign))
    try:
        action(actor=user, campaign=campaign)
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, done)
    return redirect("spot_checks:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_draw(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, services.campaign_draw, _("已随机抽取检查对象。"))


@login_required
@require_POST
def campaign_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, services.inspectors_assign, _("已随机选派检查人员。"))


@login_required
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, services.campaign_publish, _("抽查结果已公开。"))


# -- one sampled organization -----------------------------------------------------------------


def _sampled_page(request: HttpRequest, sampled: SampledOrganization, **forms: Any) -> HttpResponse:
    user = request.user
    notice = sampled.rectification_notice
    can_record = permissions.can_record_finding(user, sampled)[0]
    can_rectify = (
        permissions.can_set_rectification(user, sampled)[0]
        and sampled.finding == SampledOrganization.Finding.ISSUES
        and notice is None
    )
    can_verify = (
        permissions.can_set_rectification(user, sampled)[0]
        and notice is not None
        and notice.verified_on is None
        and notice.voided_at is None
    )
    finding_form = forms.get("finding_form")
    if finding_form is None and can_record:
        finding_form = FindingForm(
            initial={
                "finding": sampled.finding or None,
                "finding_text": sampled.finding_text,
                "checked_on": sampled.checked_on or timezone.localdate(),
            }
        )
    rectification_form = forms.get("rectification_form")
    if rectification_form is None and can_rectify:
        rectification_form = RectificationForm()
    verify_form = forms.get("verify_form")
    if verify_form is None and can_verify:
        verify_form = VerifyForm()
    bound = next((f for f in forms.values() if f is not None and f.is_bound), None)
    return render(
        request,
        "spot_checks/sampled_detail.html",
        {
            "sampled": sampled,
            "campaign": sampled.campaign,
            "inspectors": list(sampled.inspectors.all()),
            "state": selectors.rectification_state(notice)[1],
            "notice": notice,
            "finding_form": finding_form if can_record else None,
            "rectification_form": rectification_form if can_rectify else None,
            "verify_form": verify_form if can_verify else None,
            "can_view_campaign": permissions.can_view_campaign(user, sampled.campaign)[0],
        },
        status=_status(bound),
    )


@login_required
@require_GET
def sampled_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _sampled_page(request, _sampled_or_404(request.user, pk))


@login_required
@require_POST
def sampled_finding(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sampled = _sampled_or_404(user, pk)
    require(permissions.can_record_finding(user, sampled))
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            services.finding_record(actor=user, sampled=sampled, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("检查结果已录入。"))
            return redirect("spot_checks:sampled_detail", pk=sampled.pk)
    return _sampled_page(request, sampled, finding_form=form)


@login_required
@require_POST
def sampled_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sampled = _sampled_or_404(user, pk)
    require(permissions.can_set_rectification(user, sampled))
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_set(actor=user, sampled=sampled, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已下达整改通知。"))
            return redirect("spot_checks:sampled_detail", pk=sampled.pk)
    return _sampled_page(request, sampled, rectification_form=form)


@login_required
@require_POST
def sampled_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sampled = _sampled_or_404(user, pk)
    require(permissions.can_set_rectification(user, sampled))
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_verify(actor=user, sampled=sampled, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已查实整改情况。"))
            return redirect("spot_checks:sampled_detail", pk=sampled.pk)
    return _sampled_page(request, sampled, verify_form=form)


# -- my inspections ---------------------------------------------------------------------------


@login_required
@require_GET
def my_inspections(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_inspections(user))
    page = KeysetPaginator(
        SampledOrganization, selectors.INSPECTION_SORT, page_size=PAGE_SIZE
    ).page(selectors.my_inspections(user=user), request.GET.get("cursor"))
    return render(request, "spot_checks/my_inspections.html", {"page": page})


# -- the pool and conflicts -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pool_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_campaigns(user))
    can_manage = permissions.can_manage_pool(user)[0]
    form = None
    if can_manage:
        form = PoolAddForm(request.POST if request.method == "POST" else None, user=user)
    elif request.method == "POST":
        require(permissions.can_manage_pool(user))
    if form is not None and form.is_bound and form.is_valid():
        try:
            member = services.pool_member_add(
                actor=user,
                user=form.cleaned_data["user"],
                area=user.area,
                street=form.cleaned_data.get("street"),
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已将 %(name)s 加入检查人员库。") % {"name": member.user})
            return redirect("spot_checks:pool_list")
    page = KeysetPaginator(InspectorPoolMember, selectors.POOL_SORT, page_size=PAGE_SIZE).page(
        selectors.pool_list(user=user), request.GET.get("cursor")
    )
    return render(
        request,
        "spot_checks/pool_list.html",
        {"page": page, "form": form, "can_manage": can_manage, "remove_form": PoolRemoveForm()},
        status=_status(form),
    )


@login_required
@require_POST
def pool_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require(permissions.can_manage_pool(user))
    member = selectors.pool_list(user=user).filter(pk=pk).first()
    if member is None:
        raise Http404(_("未找到该检查人员。"))
    form = PoolRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请说明移出原因。"))
        return redirect("spot_checks:pool_list")
    try:
        services.pool_member_remove(actor=user, member=member, reason=form.cleaned_data["reason"])
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("已将 %(name)s 移出检查人员库。") % {"name": member.user})
    return redirect("spot_checks:pool_list")


@login_required
@require_http_methods(["GET", "POST"])
def conflict_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    may_declare = permissions.can_declare_conflict(user, user)[0]
    if not may_declare and not permissions.can_view_campaigns(user)[0]:
        require(permissions.can_declare_conflict(user, user))
    form = None
    if may_declare:
        form = ConflictForm(request.POST if request.method == "POST" else None, user=user)
    elif request.method == "POST":
        require(permissions.can_declare_conflict(user, user))
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.conflict_declare(
                actor=user,
                inspector=data["inspector"],
                organization=data["organization"],
                kind=data["kind"],
                ended_on=data.get("ended_on"),
                note=data.get("note", ""),
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("回避事项已登记。"))
            return redirect("spot_checks:conflict_list")
    page = KeysetPaginator(ConflictDeclaration, selectors.CONFLICT_SORT, page_size=PAGE_SIZE).page(
        selectors.conflict_list(user=user), request.GET.get("cursor")
    )
    return render(
        request,
        "spot_checks/conflict_list.html",
        {"page": page, "form": form},
        status=_status(form),
    )


# -- public -----------------------------------------------------------------------------------


@require_GET
def public_results(request: HttpRequest) -> HttpResponse:
    """The published results (一公开), without login."""
    page = KeysetPaginator(SampledOrganization, selectors.PUBLISHED_SORT, page_size=PAGE_SIZE).page(
        selectors.published_results(), request.GET.get("cursor")
    )
    today = timezone.localdate()
    rows = [selectors.published_row(s, today=today) for s in page.items]
    return render(request, "spot_checks/public_results.html", {"page": page, "rows": rows})
