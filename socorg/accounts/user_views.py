"""Account administration pages (三员分立). Thin: check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socorg.accounts import permissions, selectors, services
from socorg.accounts.forms import (
    AdministratorRoleForm,
    DeactivateForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    add_service_errors,
)
from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.core.errors import ApplicationError, PermissionDenied

PAGE_SIZE = 25


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def _target(pk: int) -> User:
    user = selectors.user_get(pk=pk)
    if user is None:
        raise Http404(_("账户不存在。"))
    return user


def _may_change_administrator_role(actor: Any, target: User) -> tuple[bool, str]:
    """Whether the security administrator can give this account any role at all."""
    decision = (False, _("您无权修改该账户的角色。"))
    for role in permissions.SECURITY_ASSIGNABLE_ROLES - {target.role}:
        decision = permissions.can_change_role(actor, target, role)
        if decision[0]:
            return decision
    return decision


def _actions(actor: Any, target: User) -> dict[str, bool]:
    """Which buttons the detail page offers; the services check again."""
    return {
        "edit": permissions.can_manage_user(actor, target)[0]
        and (
            permissions.can_edit_user(actor, target)[0]
            or _may_change_administrator_role(actor, target)[0]
        ),
        "unlock": permissions.can_unlock_user(actor, target)[0],
        "reset_password": permissions.can_reset_password(actor, target)[0],
        "deactivate": target.is_active and permissions.can_deactivate_user(actor, target)[0],
        "role_only": actor.role == Role.SECURITY_ADMIN,
    }


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_users(request.user))
    form = UserFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.UserFilters(
        q=data.get("q", ""), role=data.get("role", ""), status=data.get("status", "")
    )
    # Accounts number in the thousands at most, so a counted paginator is cheap here.
    page = Paginator(selectors.user_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    users = list(page.object_list)
    locked = selectors.user_locked_usernames(usernames=[u.username for u in users])
    return render(
        request,
        "accounts/users/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(u, u.username in locked) for u in users],
            "can_create": permissions.can_create_user(request.user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_create_user(request.user))
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                data=services.UserInput(
                    full_name=data["full_name"],
                    role=data["role"],
                    phone=data["phone"],
                    email=data["email"],
                    area=data["area"],
                    agency=data["agency"],
                ),
                password=data["password1"],
            )
        except PermissionDenied as exc:
            raise Forbidden(exc.message) from exc
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("账户“%(username)s”已创建。") % {"username": user.username})
            return redirect("users:user_detail", pk=user.pk)
    return render(request, "accounts/users/form.html", {"form": form, "creating": True})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_view_users(request.user))
    target = _target(pk)
    return render(
        request,
        "accounts/users/detail.html",
        {
            "target": target,
            "locked": selectors.user_is_locked(username=target.username),
            "actions": _actions(request.user, target),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(pk)
    _require(permissions.can_manage_user(request.user, target))
    # The security administrator only grants or revokes administrator roles.
    role_only = request.user.role == Role.SECURITY_ADMIN
    current = services.user_input_from(target)
    if role_only:
        _require(_may_change_administrator_role(request.user, target))
        form: UserEditForm | AdministratorRoleForm = AdministratorRoleForm(
            request.POST or None, initial={"role": current.role}, current_role=current.role
        )
    else:
        _require(permissions.can_edit_user(request.user, target))
        form = UserEditForm(
            request.POST or None,
            initial={
                "full_name": current.full_name,
                "phone": current.phone,
                "email": current.email,
                "role": current.role,
                "area": current.area,
                "agency": current.agency,
            },
            locked_role=None
            if permissions.can_change_role(request.user, target, Role.PUBLIC)[0]
            else current.role,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if role_only:
            changes = services.UserInput(
                full_name=current.full_name,
                role=data["role"],
                phone=current.phone,
                email=current.email,
                area=current.area,
                agency=current.agency,
            )
        else:
            changes = services.UserInput(
                full_name=data["full_name"],
                role=data["role"],
                phone=data["phone"],
                email=data["email"],
                area=data["area"],
                agency=data["agency"],
            )
        try:
            services.user_update(actor=request.user, user=target, data=changes)
        except PermissionDenied as exc:
            form.add_error("role" if role_only else None, exc.message)
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("账户信息已保存。"))
            return redirect("users:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/users/form.html",
        {"form": form, "target": target, "creating": False, "role_only": role_only},
    )


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(pk)
    _require(permissions.can_unlock_user(request.user, target))
    services.user_unlock(actor=request.user, user=target)
    messages.success(request, _("账户“%(username)s”已解锁。") % {"username": target.username})
    return redirect("users:user_detail", pk=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(pk)
    _require(permissions.can_deactivate_user(request.user, target))
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_deactivate(
                actor=request.user, user=target, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("账户“%(username)s”已停用。") % {"username": target.username}
            )
            return redirect("users:user_detail", pk=target.pk)
    return render(request, "accounts/users/deactivate.html", {"form": form, "target": target})


@login_required
@require_http_methods(["GET", "POST"])
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(pk)
    _require(permissions.can_reset_password(request.user, target))
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_reset(
                actor=request.user, user=target, password=form.cleaned_data["password1"]
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已为账户“%(username)s”设置新密码，该用户下次登录时须修改密码。")
                % {"username": target.username},
            )
            return redirect("users:user_detail", pk=target.pk)
    return render(request, "accounts/users/reset_password.html", {"form": form, "target": target})
