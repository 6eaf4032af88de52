"""Agencies in the maintenance admin: corrections by a superuser, audited."""

from django.contrib import admin

from socorg.agencies.models import Agency
from socorg.audit.admin import AuditedAdmin


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "area", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("area",)
    search_fields = ("name",)
    raw_id_fields = ("area",)
    ordering = ("area__code", "name")
