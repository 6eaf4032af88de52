"""Administrative divisions in the maintenance admin: corrections by a superuser, audited."""

from django.contrib import admin

from socorg.areas.models import Area
from socorg.audit.admin import AuditedAdmin


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("=code", "name")
    raw_id_fields = ("parent", "successor")
    ordering = ("code",)
