"""Back-office pages of the register: list, detail and the registration acts.

Every view checks permission on the server before it reads a form: an organization outside
the user's visible set is a 404, a visible one the user may not act on is a 403 naming why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.agencies.selectors import agency_list, registration_authority_for_area
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry import permissions, selectors, services
from socorg.registry.display import event_views
from socorg.registry.forms import (
    ORGANIZATION_ERROR_ALIASES,
    AccountForm,
    ContactForm,
    ConvertForm,
    OrganizationFilterForm,
    OrganizationForm,
    TerminateForm,
    add_service_errors,
    scope_streets,
)
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator, capped_count

PAGE_SIZE = 20
COUNT_CAP = 10_000


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _visible_or_404(user: Any, pk: int) -> Organization:
    org = selectors.organization_detail(user=user, pk=pk)
    if org is None:
        raise Http404(_("未找到该组织，或该组织不在您的查看范围内。"))
    return org


def _create_decision(user: Any) -> tuple[bool, str]:
    """Whether the user may open the registration form at all (the service checks the rest)."""
    if user.role == Role.STREET_OFFICER and user.area_id:
        return permissions.can_create_organization(
            user,
            org_type=Organization.Type.COMMUNITY,
            district_id=user.area.parent_id,
            street_id=user.area_id,
        )
    street = scope_streets(user, current=True).first() if user.role == Role.DISTRICT_ADMIN else None
    if street is None:
        return permissions.can_create_organization(user, org_type="", district_id=0, street_id=0)
    return permissions.can_create_organization(
        user,
        org_type=Organization.Type.SOCIAL_SERVICE,
        district_id=street.parent_id,
        street_id=street.id,
    )


def _export_url(request: HttpRequest) -> str | None:
    """The export link with the list's filters, when the export page exists and is allowed."""
    if not permissions.can_export_organizations(request.user)[0]:
        return None
    try:
        url = reverse("registry_import:export")
    except NoReverseMatch:
        return None
    params = request.GET.copy()
    params.pop("cursor", None)
    return f"{url}?{params.urlencode()}" if params else url


@login_required
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_registry(user))
    form = OrganizationFilterForm(request.GET or None, user=user)
    if form.is_bound:
        form.is_valid()
    sort = form.sort_key()
    queryset = selectors.organization_list(user=user, filters=form.filters(), sort=sort)
    page = KeysetPaginator(Organization, selectors.SORTS[sort], page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    total = capped_count(queryset, COUNT_CAP)
    if total > COUNT_CAP:
        total_label = _("超过 %(cap)s 条") % {"cap": f"{COUNT_CAP:,}"}
    else:
        total_label = _("共 %(n)s 条") % {"n": total}
    return render(
        request,
        "registry/organization_list.html",
        {
            "form": form,
            "page": page,
            "total": total,
            "total_label": total_label,
            "page_size": PAGE_SIZE,
            "export_url": _export_url(request),
            "can_create": _create_decision(user)[0],
        },
    )


@login_required
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_view_organization(user, org))
    can_change = permissions.can_change_organization(user, org)[0]
    return render(
        request,
        "registry/organization_detail.html",
        {
            "org": org,
            "domains": list(org.domains.all()),
            "events": event_views(selectors.organization_events(organization=org)),
            "can_change": can_change,
            "can_terminate": can_change,
            "can_edit_contact": permissions.can_edit_contact(user, org)[0],
            "can_convert": org.status == Organization.Status.FILED
            and permissions.can_convert_organization(user, org)[0],
            "can_view_list": permissions.can_view_registry(user)[0],
            "can_manage_accounts": permissions.can_manage_organization_accounts(user, org)[0]
            and user.role != "system_admin",
            "accounts": list(org.members.select_related("user").order_by("user__username")),
        },
    )


def _authority_for_new(user: Any, org_type: str, street: Any) -> Agency | None:
    """Community organizations are filed with the street office; others registered with the
    registration authority of the user's district (民政局)."""
    if org_type == Organization.Type.COMMUNITY:
        return agency_list(kind=Agency.Kind.STREET_OFFICE, area_id=street.id).first()
    return registration_authority_for_area(area_id=user.area_id) or registration_authority_for_area(
        area_id=street.parent_id
    )


def _done(request: HttpRequest, org: Organization, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("registry:organization_detail", pk=org.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(_create_decision(user))
    form = OrganizationForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        authority = _authority_for_new(user, data["org_type"], data["street"])
        if authority is None:
            form.add_error(None, _("未找到该街道的登记（备案）机关，请联系系统管理员。"))
        else:
            try:
                org = services.organization_register(
                    actor=user,
                    data=form.organization_input(registration_authority=authority),
                    event=form.event_input(),
                )
            except PermissionDenied as exc:
                raise Forbidden(exc.message) from exc
            except ApplicationError as exc:
                add_service_errors(form, exc, ORGANIZATION_ERROR_ALIASES)
            else:
                return _done(request, org, _("已办理：%(name)s。") % {"name": org.name})
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "title": _("登记 / 备案社会组织")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_change_organization(user, org))
    form = OrganizationForm(
        request.POST if request.method == "POST" else None,
        user=user,
        organization=org,
        initial=OrganizationForm.initial_from(services.organization_input_from(org)),
    )
    if form.is_bound and form.is_valid():
        try:
            services.organization_change(
                actor=user,
                organization=org,
                data=form.organization_input(registration_authority=org.registration_authority),
                event=form.event_input(),
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc, ORGANIZATION_ERROR_ALIASES)
        else:
            return _done(request, org, _("已办理变更登记。"))
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "org": org, "title": _("变更登记")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_contact(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_edit_contact(user, org))
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial={
            "contact_person": org.contact_person,
            "contact_phone": org.contact_phone,
            "contact_email": org.contact_email,
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_contact_update(
                actor=user,
                organization=org,
                contact_person=data["contact_person"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                reason=data["reason"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        except DjangoValidationError as exc:
            for name, msgs in exc.message_dict.items():
                for message in msgs:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return _done(request, org, _("联系方式已更新。"))
    return render(
        request,
        "registry/organization_action.html",
        {
            "form": form,
            "org": org,
            "title": _("更新联系方式"),
            "submit_label": _("保存"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_change_organization(user, org))
    form = TerminateForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.organization_terminate(
                actor=user,
                organization=org,
                kind=form.cleaned_data["kind"],
                event=form.event_input(),
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, org, _("已办理注销 / 撤销。"))
    return render(
        request,
        "registry/organization_action.html",
        {
            "form": form,
            "org": org,
            "title": _("注销 / 撤销"),
            "submit_label": _("确认办理"),
            "danger": True,
            "warning": _("办理后该组织退出存续名录，不能再办理变更。请核对文书号与日期。"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_convert(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_convert_organization(user, org))
    if org.status != Organization.Status.FILED:
        raise Forbidden(_("只有已备案的社区社会组织可以转为登记。"))
    form = ConvertForm(
        request.POST if request.method == "POST" else None,
        initial={"legal_rep_name": org.legal_rep_name},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        authority = registration_authority_for_area(area_id=org.district_id)
        if authority is None:
            form.add_error(None, _("未找到该区的登记管理机关，请联系系统管理员。"))
        else:
            try:
                services.organization_convert(
                    actor=user,
                    organization=org,
                    org_type=data["org_type"],
                    uscc_code=data["uscc"],
                    registration_authority=authority,
                    supervisory_unit=data.get("supervisory_unit"),
                    directly_registered=data.get("directly_registered", False),
                    legal_rep_name=data.get("legal_rep_name") or "",
                    event=form.event_input(),
                )
            except PermissionDenied as exc:
                raise Forbidden(exc.message) from exc
            except ApplicationError as exc:
                add_service_errors(form, exc, ORGANIZATION_ERROR_ALIASES)
            else:
                return _done(request, org, _("已转为登记。"))
    return render(
        request,
        "registry/organization_action.html",
        {
            "form": form,
            "org": org,
            "title": _("社区社会组织转为登记"),
            "submit_label": _("确认转为登记"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a login for an organization (the registration authority or the filing street)."""
    user = request.user
    org = _visible_or_404(user, pk)
    _require(permissions.can_manage_organization_accounts(user, org))
    form = AccountForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_account_create(
                actor=user,
                organization=org,
                username=data["username"],
                full_name=data["full_name"],
                phone=data.get("phone") or "",
                password=data["password"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, org, _("已开设组织账户。"))
    return render(
        request,
        "registry/organization_action.html",
        {"form": form, "org": org, "title": _("开设组织账户"), "submit_label": _("开设账户")},
    )
