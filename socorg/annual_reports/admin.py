"""Annual reports in the maintenance admin: read-only (every step goes through the audited
services). Reports reach millions of rows: no full counts, joins selected, raw ids."""

from django.contrib import admin

from socorg.annual_reports.models import AnnualReport, AnnualReportAction
from socorg.audit.admin import LargeTableAdmin


@admin.register(AnnualReport)
class AnnualReportAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "year", "mode", "state", "submitted_on", "late")
    list_filter = ("state", "mode", "late")
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "^organization__name")
    raw_id_fields = (
        "organization",
        "supervisor_reviewed_by",
        "reviewed_by",
        "created_by",
    )
    ordering = ("-id",)


@admin.register(AnnualReportAction)
class AnnualReportActionAdmin(LargeTableAdmin):
    list_display = ("id", "report", "kind", "state_before", "state_after", "on", "actor_name")
    list_filter = ("kind",)
    list_select_related = ("report", "report__organization")
    raw_id_fields = ("report", "actor")
    ordering = ("-id",)
