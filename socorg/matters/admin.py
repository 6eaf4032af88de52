"""Major-matter reports in the maintenance admin: read-only (every step goes through the audited
services); no full counts."""

from django.contrib import admin

from socorg.audit.admin import LargeTableAdmin
from socorg.matters.models import MajorMatter


@admin.register(MajorMatter)
class MajorMatterAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "kind", "title", "state", "filed_at")
    list_filter = ("kind", "state")
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "^title")
    raw_id_fields = ("organization", "filed_by", "acknowledged_by", "returned_by")
    ordering = ("-id",)
