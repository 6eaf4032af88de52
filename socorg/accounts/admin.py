"""Accounts in the maintenance admin: read-only. Accounts are created, changed, unlocked and
deactivated through the audited account-administration pages (三员分立), never here."""

from django.contrib import admin

from socorg.accounts.models import User
from socorg.audit.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "role", "area", "agency", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("area", "agency")
    search_fields = ("username", "full_name")
    raw_id_fields = ("area", "agency")
    ordering = ("-id",)
    fields = (
        "username",
        "full_name",
        "phone",
        "email",
        "role",
        "area",
        "agency",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
        "password_changed_at",
    )
