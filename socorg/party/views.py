"""Party-building pages: coverage statistics, the "required but missing" list, one
organization's party organization, and the forms that record it.

Every view checks permission on the server: an organization outside the user's visible set is a
404, a visible one the user may not act on is a 403 naming why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.party import permissions, selectors, services
from socorg.party.forms import InstructorEndForm, InstructorForm, PartyOrganizationForm
from socorg.party.models import PartyInstructorAssignment
from socorg.party.policy import get_policy
from socorg.party.rules import required_form
from socorg.registry.forms import add_service_errors
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator
from socorg.registry.selectors import organization_detail, organization_visible

PAGE_SIZE = 20


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _visible_or_404(user: Any, pk: int) -> Organization:
    _require(permissions.can_view_party(user))
    org = organization_detail(user=user, pk=pk)
    if org is None:
        raise Http404(_("未找到该组织，或该组织不在您的查看范围内。"))
    return org


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_party_statistics(user))
    policy = get_policy()
    return render(
        request,
        "party/coverage.html",
        {
            "total": selectors.party_coverage_total(user=user, policy=policy),
            "streets": selectors.party_coverage_by_street(user=user, policy=policy),
            "types": selectors.party_coverage_by_type(user=user, policy=policy),
            "policy": policy,
        },
    )


@login_required
@require_GET
def missing_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_party_statistics(user))
    try:
        street_id = int(request.GET.get("street") or 0) or None
    except ValueError:
        street_id = None
    policy = get_policy()
    queryset = selectors.party_missing_list(user=user, policy=policy, street_id=street_id)
    page = KeysetPaginator(Organization, ("-id",), page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "party/missing_list.html",
        {"page": page, "policy": policy, "street_id": street_id},
    )


@login_required
@require_GET
def organization_party(request: HttpRequest, org_pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, org_pk)
    _require(permissions.can_view_party_organization(user, org))
    party = selectors.party_organization_get(organization=org)
    policy = get_policy()
    return render(
        request,
        "party/organization_party.html",
        {
            "org": org,
            "party": party,
            "covered": list(party.covered_organizations.all()) if party else [],
            "host": selectors.party_joint_host(organization=org),
            "instructors": list(selectors.party_instructor_list(organization=org)),
            "requirement": required_form(party.full_members, policy) if party else None,
            "can_record": permissions.can_record_party_organization(user, org)[0],
            "can_view_statistics": permissions.can_view_party_statistics(user)[0],
        },
    )


def _back(org: Organization) -> str:
    return reverse("party:organization_party", args=[org.pk])


@login_required
@require_http_methods(["GET", "POST"])
def organization_party_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, org_pk)
    _require(permissions.can_record_party_organization(user, org))
    party = selectors.party_organization_get(organization=org)
    form = PartyOrganizationForm(
        request.POST if request.method == "POST" else None,
        user=user,
        organization=org,
        initial=PartyOrganizationForm.initial_from(party),
    )
    if form.is_bound and form.is_valid():
        try:
            services.party_organization_record(
                actor=user,
                organization=org,
                data=form.party_input(),
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存党组织信息。"))
            return redirect(_back(org))
    return render(
        request,
        "party/form.html",
        {
            "form": form,
            "org": org,
            "title": _("录入党组织信息"),
            "cancel_url": _back(org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instructor_assign(request: HttpRequest, org_pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, org_pk)
    _require(permissions.can_assign_instructor(user, org))
    form = InstructorForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.party_instructor_assign(
                actor=user,
                organization=org,
                role=data["role"],
                person_name=data["person_name"],
                phone=data["phone"],
                assigned_on=data["assigned_on"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已选派党建工作指导员（联络员）。"))
            return redirect(_back(org))
    return render(
        request,
        "party/form.html",
        {
            "form": form,
            "org": org,
            "title": _("选派党建工作指导员（联络员）"),
            "cancel_url": _back(org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instructor_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_party(user))
    assignment = (
        PartyInstructorAssignment.objects.filter(
            pk=pk, organization__in=organization_visible(user=user)
        )
        .select_related("organization")
        .first()
    )
    if assignment is None:
        raise Http404(_("未找到该选派记录，或不在您的查看范围内。"))
    org = assignment.organization
    _require(permissions.can_assign_instructor(user, org))
    form = InstructorEndForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.party_instructor_end(
                actor=user,
                assignment=assignment,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已结束选派。"))
            return redirect(_back(org))
    return render(
        request,
        "party/form.html",
        {
            "form": form,
            "org": org,
            "title": _("结束选派：%(name)s") % {"name": assignment.person_name},
            "cancel_url": _back(org),
        },
    )
