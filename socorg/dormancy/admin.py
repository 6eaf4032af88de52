"""Read-mostly admin: scores and cases are written by the services, never edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from socorg.dormancy.models import DormancyRun, DormancyScore, ExitCase, ExitCaseStep


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DormancyScore)
class DormancyScoreAdmin(ReadOnlyAdmin):
    list_display = ("organization", "total", "candidate", "street", "computed_on")
    list_filter = ("candidate", "org_type")
    list_select_related = ("organization", "street")
    raw_id_fields = ("organization",)
    ordering = ("-total", "organization_id")


@admin.register(DormancyRun)
class DormancyRunAdmin(ReadOnlyAdmin):
    list_display = (
        "run_on",
        "mode",
        "candidates",
        "organizations",
        "scored",
        "created",
        "updated",
        "deleted",
    )
    list_filter = ("mode",)


class ExitCaseStepInline(admin.TabularInline):
    model = ExitCaseStep
    extra = 0
    can_delete = False
    fields = ("occurred_on", "action", "state_after", "document_number", "note", "actor")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExitCase)
class ExitCaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "organization", "state", "opened_on", "decision", "outcome")
    list_filter = ("state", "outcome", "decision")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)
    inlines = [ExitCaseStepInline]
