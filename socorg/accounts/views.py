"""Signing in and out, changing one's own password, and the home page (工作台).

The home page shows the account's role and scope; the panels of higher apps (registry
statistics, an organization's own card) come from their template tags, so this app imports
nothing above it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socorg.accounts.roles import ADMINISTRATOR_ROLES, Role
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link or an image cannot sign anyone out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        audit_record(
            actor=user,
            action="auth.password_change",
            obj=user,
            after={"password_changed": True},
            category=AuditEvent.Category.SECURITY,
        )
        messages.success(self.request, _("密码已修改。"))
        return response


def _area_path(area: Any) -> str:
    """``武汉市 / 武昌区 / 积玉桥街道``: the scope from the city down."""
    names = []
    while area is not None:
        names.append(area.name)
        if area.level in ("city", "province"):
            break
        area = area.parent
    return " / ".join(reversed(names))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    try:
        role = Role(user.role)
    except ValueError:
        role = None
    return render(
        request,
        "accounts/home.html",
        {
            "role": role,
            "area_path": _area_path(user.area) if user.area_id else "",
            "agency": user.agency if user.agency_id else None,
            "is_administrator": role in ADMINISTRATOR_ROLES,
            "is_outside_user": role in (Role.EXPERT, Role.PUBLIC),
            "must_change_password": user.password_changed_at is None,
        },
    )
