"""Back-office pages of the credit lists: the lists, an organization's credit history, recording
facts, objections and removal applications.

Every view checks permission on the server: an organization outside the user's visible set is a
404, a visible one the user may not act on is a 403 naming why. The services check again.
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

from socorg.accounts.roles import Role
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit import permissions, selectors, services
from socorg.credit.forms import (
    FACT_FORMS,
    FACT_TITLES,
    ApplicationExamineForm,
    ApplicationForm,
    CreditListFilterForm,
    NoticeVerifyForm,
    ObjectionForm,
    ObjectionResolveForm,
    VerificationForm,
    VoidForm,
)
from socorg.credit.models import CreditStatus, Objection, RectificationNotice, RemovalApplication
from socorg.registry.forms import add_service_errors
from socorg.registry.models import Organization
from socorg.registry.paging import KeysetPaginator
from socorg.registry.selectors import organization_by_uscc

PAGE_SIZE = 20

FACT_SERVICES = {
    permissions.PENALTY: services.penalty_record,
    permissions.COURT: services.court_record_record,
    permissions.NOTICE: services.rectification_notice_record,
    permissions.LETTER: services.unreachable_letter_record,
    permissions.TRIGGER: services.trigger_fact_record,
    permissions.VERIFICATION: services.rectification_verification_record,
}
# The order of the record buttons on an organization's page.
RECORD_ACTIONS = (
    permissions.PENALTY,
    permissions.COURT,
    permissions.NOTICE,
    permissions.LETTER,
    permissions.TRIGGER,
)


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _organization_or_404(user: Any, pk: int) -> Organization:
    org = selectors.credit_organization(user=user, pk=pk)
    if org is None:
        raise Http404(_("未找到该组织，或该组织不在您的查看范围内。"))
    return org


def _own_organization_id(user: Any) -> int | None:
    membership = getattr(user, "organization_membership", None)
    return membership.organization_id if membership else None


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "credit/form.html", context)


def _call(form: Any, action: Any) -> Any:
    """Run a service for a bound form: its field errors land on the form, a refusal is a 403."""
    try:
        return action()
    except PermissionDenied as exc:
        raise Forbidden(exc.message) from exc
    except ApplicationError as exc:
        add_service_errors(form, exc)
        return None


# -- lists and history ------------------------------------------------------------------------


@login_required
@require_GET
def credit_list(request: HttpRequest) -> HttpResponse:
    """The organizations on the lists, in the user's scope, filtered by list, street and type."""
    user = request.user
    _require(permissions.can_view_credit_lists(user))
    form = CreditListFilterForm(request.GET or None, user=user)
    queryset = selectors.credit_list(user=user, filters=form.filters())
    page = KeysetPaginator(CreditStatus, selectors.CREDIT_LIST_ORDER, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )
    return render(
        request,
        "credit/list.html",
        {"form": form, "page": page, "counts": selectors.credit_list_counts(user=user)},
    )


@login_required
@require_GET
def my_credit(request: HttpRequest) -> HttpResponse:
    """An organization account's own credit page."""
    org_id = _own_organization_id(request.user)
    if request.user.role != Role.ORGANIZATION or org_id is None:
        raise Http404(_("您的账户未关联社会组织。"))
    return redirect("credit:organization", pk=org_id)


@login_required
@require_GET
def organization_credit(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's standing and its credit history, each entry with article and reason."""
    user = request.user
    org = _organization_or_404(user, pk)
    _require(permissions.can_view_credit(user, org))
    is_org = user.role == Role.ORGANIZATION
    status = selectors.credit_status_of(organization=org)
    agency_id = user.agency_id if user.role == Role.DEPARTMENT_OFFICER else None
    record = [
        (fact, FACT_TITLES[fact])
        for fact in RECORD_ACTIONS
        if permissions.can_record_credit_fact(user, org, fact=fact, authority_id=agency_id)[0]
    ]
    can_verify = permissions.can_verify_rectification(user, org)[0]
    return render(
        request,
        "credit/organization.html",
        {
            "org": org,
            "status": status,
            "entries": list(selectors.credit_entries(organization=org)),
            "facts": None if is_org else selectors.credit_facts_of(organization=org),
            "objections": list(selectors.objection_list(user=user).filter(organization=org)),
            "applications": list(
                selectors.removal_application_list(user=user).filter(organization=org)
            ),
            "record_actions": record,
            "can_verify": can_verify and status is not None and status.is_listed,
            "can_void": bool(record) or can_verify,
            "can_object": permissions.can_file_objection(user, org)[0],
            "can_apply": permissions.can_apply_removal(user, org)[0]
            and status is not None
            and status.is_listed,
            "can_view_lists": permissions.can_view_credit_lists(user)[0],
        },
    )


# -- recording facts --------------------------------------------------------------------------


def _organization_for_record(request: HttpRequest) -> Organization | None:
    """The organization named by ``?organization=<id>`` (visible to the user) or ``?uscc=``
    (any active organization: a department records its own decisions about any)."""
    raw = request.GET.get("organization", "")
    if raw.isdigit():
        return _organization_or_404(request.user, int(raw))
    code = request.GET.get("uscc", "").strip()
    return organization_by_uscc(code=code) if code else None


@login_required
@require_http_methods(["GET", "POST"])
def record_fact(request: HttpRequest, fact: str) -> HttpResponse:
    """Record a penalty, court record, notice, letter, decision or verification."""
    if fact not in FACT_FORMS:
        raise Http404(_("未知的信用信息类别。"))
    user = request.user
    org = _organization_for_record(request)
    if org is None:
        if request.GET.get("uscc"):
            messages.error(request, _("未找到使用该统一社会信用代码的存续组织。"))
        return render(request, "credit/find_organization.html", {"title": FACT_TITLES[fact]})
    agency_id = user.agency_id if user.role == Role.DEPARTMENT_OFFICER else None
    if fact == permissions.VERIFICATION:
        _require(permissions.can_verify_rectification(user, org))
    else:
        _require(permissions.can_record_credit_fact(user, org, fact=fact, authority_id=agency_id))
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    if fact == permissions.VERIFICATION:
        status = selectors.credit_status_of(organization=org)
        form: Any = VerificationForm(*data, codes=list(status.codes) if status else None)
    else:
        form = FACT_FORMS[fact](*data)
    if form.is_bound and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v is not None or k == "owes"}
        done = _call(
            form,
            lambda: FACT_SERVICES[fact](actor=user, organization=org, **values),
        )
        if done is not None:
            messages.success(request, _("已录入，并已重新评估该组织的信用状态。"))
            return redirect("credit:organization", pk=org.pk)
    return _form_page(
        request,
        {
            "form": form,
            "org": org,
            "title": FACT_TITLES[fact],
            "cancel_url": reverse("credit:organization", args=[org.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """查实 that a rectification notice was complied with."""
    user = request.user
    notice = RectificationNotice.objects.select_related("organization").filter(pk=pk).first()
    if notice is None:
        raise Http404(_("未找到该整改通知。"))
    org = _organization_or_404(user, notice.organization_id)
    _require(permissions.can_verify_rectification(user, org))
    form = NoticeVerifyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        done = _call(
            form,
            lambda: services.rectification_notice_verify(
                actor=user, notice=notice, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("已查实整改。"))
            return redirect("credit:organization", pk=org.pk)
    return _form_page(
        request,
        {
            "form": form,
            "org": org,
            "title": _("查实整改通知 %(doc)s") % {"doc": notice.document_number},
            "cancel_url": reverse("credit:organization", args=[org.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fact_void(request: HttpRequest, fact: str, pk: int) -> HttpResponse:
    """Void a wrongly recorded fact; the organization is evaluated again."""
    user = request.user
    record = services.credit_fact_get(fact=fact, pk=pk)
    if record is None:
        raise Http404(_("未找到该记录。"))
    org = _organization_or_404(user, record.organization_id)
    authority_id = getattr(record, "authority_id", None)
    _require(permissions.can_void_credit_fact(user, org, fact=fact, authority_id=authority_id))
    form = VoidForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = _call(
            form, lambda: services.credit_fact_void(actor=user, fact=record, reason=reason)
        )
        if done is not None:
            messages.success(request, _("已作废，并已重新评估该组织的信用状态。"))
            return redirect("credit:organization", pk=org.pk)
    return _form_page(
        request,
        {
            "form": form,
            "org": org,
            "title": _("作废记录：%(record)s") % {"record": record},
            "cancel_url": reverse("credit:organization", args=[org.pk]),
            "danger": True,
        },
    )


# -- objections -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def objection_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization objects to one of its entries."""
    user = request.user
    entry = selectors.credit_entry_visible(user=user, pk=pk)
    if entry is None:
        raise Http404(_("未找到该记录。"))
    _require(permissions.can_file_objection(user, entry.organization))
    form = ObjectionForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if form.is_bound and form.is_valid():
        done = _call(
            form, lambda: services.objection_file(actor=user, entry=entry, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("异议已提交，登记管理机关处理后将更新记录。"))
            return redirect("credit:organization", pk=entry.organization_id)
    return _form_page(
        request,
        {
            "form": form,
            "org": entry.organization,
            "entry": entry,
            "title": _("对信用记录提出异议"),
            "cancel_url": reverse("credit:organization", args=[entry.organization_id]),
        },
    )


@login_required
@require_GET
def objection_list(request: HttpRequest) -> HttpResponse:
    """Objections of the organizations in the user's scope, pending first by default."""
    user = request.user
    _require(permissions.can_view_credit_lists(user))
    state = request.GET.get("state", Objection.State.PENDING)
    state = state if state in Objection.State.values else ""
    page = KeysetPaginator(Objection, ("-id",), page_size=PAGE_SIZE).page(
        selectors.objection_list(user=user, state=state), request.GET.get("cursor")
    )
    return render(
        request,
        "credit/objection_list.html",
        {"page": page, "state": state, "states": Objection.State.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Uphold (correct the record) or reject an objection."""
    user = request.user
    objection = selectors.objection_visible(user=user, pk=pk)
    if objection is None:
        raise Http404(_("未找到该异议。"))
    _require(permissions.can_resolve_objection(user, objection.organization))
    form = ObjectionResolveForm(request.POST if request.method == "POST" else None)
    if objection.state != Objection.State.PENDING:
        form = None
    elif form.is_bound and form.is_valid():
        done = _call(
            form,
            lambda: services.objection_resolve(
                actor=user, objection=objection, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("异议已处理。"))
            return redirect("credit:organization", pk=objection.organization_id)
    return render(
        request,
        "credit/objection_resolve.html",
        {"objection": objection, "entry": objection.entry, "form": form},
    )


# -- removal applications ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization applies to leave the list it is on."""
    user = request.user
    org = _organization_or_404(user, pk)
    _require(permissions.can_apply_removal(user, org))
    status = selectors.credit_status_of(organization=org)
    initial = {"list_kind": status.list_kind} if status and status.is_listed else {}
    form = ApplicationForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()), initial=initial
    )
    if form.is_bound and form.is_valid():
        done = _call(
            form,
            lambda: services.removal_application_file(
                actor=user, organization=org, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("移出申请已提交。"))
            return redirect("credit:organization", pk=org.pk)
    return _form_page(
        request,
        {
            "form": form,
            "org": org,
            "title": _("申请移出名录"),
            "cancel_url": reverse("credit:organization", args=[org.pk]),
        },
    )


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_credit_lists(user))
    state = request.GET.get("state", RemovalApplication.State.PENDING)
    state = state if state in RemovalApplication.State.values else ""
    page = KeysetPaginator(RemovalApplication, ("-id",), page_size=PAGE_SIZE).page(
        selectors.removal_application_list(user=user, state=state), request.GET.get("cursor")
    )
    return render(
        request,
        "credit/application_list.html",
        {"page": page, "state": state, "states": RemovalApplication.State.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_examine(request: HttpRequest, pk: int) -> HttpResponse:
    """Examine a removal application (the rules decide for the serious list)."""
    user = request.user
    application = selectors.removal_application_visible(user=user, pk=pk)
    if application is None:
        raise Http404(_("未找到该申请。"))
    _require(permissions.can_examine_removal(user, application.organization))
    form = ApplicationExamineForm(request.POST if request.method == "POST" else None)
    if application.state != RemovalApplication.State.PENDING:
        form = None
    elif form.is_bound and form.is_valid():
        done = _call(
            form,
            lambda: services.removal_application_examine(
                actor=user, application=application, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("审查结果：%(state)s。") % {"state": done.get_state_display()},
            )
            return redirect("credit:organization", pk=application.organization_id)
    return render(
        request,
        "credit/application_examine.html",
        {"application": application, "form": form},
    )
