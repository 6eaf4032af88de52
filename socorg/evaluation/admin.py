"""Evaluation in the Django admin: read-mostly. Every change goes through the services (so it is
checked and audited); the admin is for looking things up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAffiliation,
    ExpertAssignment,
    IndicatorTemplate,
    Objection,
    Result,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(ReadOnlyAdmin):
    list_display = ("org_type", "version", "valid_from", "total_points")
    list_filter = ("org_type",)


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "year",
        "district",
        "opened_on",
        "application_deadline",
        "regime",
        "state",
    )
    list_filter = ("state", "regime")
    list_select_related = ("district",)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("organization", "round", "applied_on", "state", "regime", "self_total")
    list_filter = ("state", "regime")
    list_select_related = ("organization", "round")
    raw_id_fields = ("organization", "round")


@admin.register(ExpertAffiliation)
class ExpertAffiliationAdmin(ReadOnlyAdmin):
    list_display = ("expert", "organization", "kind", "started_on", "ended_on")
    list_filter = ("kind",)
    list_select_related = ("expert", "organization")
    raw_id_fields = ("organization",)


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("expert", "application", "assigned_on", "recused", "scored_on")
    list_filter = ("recused",)
    list_select_related = ("expert", "application__organization")


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = (
        "organization",
        "round",
        "total",
        "level",
        "announced_on",
        "valid_from",
        "valid_to",
    )
    list_filter = ("level",)
    list_select_related = ("organization", "round")
    raw_id_fields = ("organization",)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("organization", "result", "filed_on", "state", "resolved_on")
    list_filter = ("state",)
    list_select_related = ("organization", "result")
