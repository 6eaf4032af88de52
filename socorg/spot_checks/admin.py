"""Spot checks in the maintenance admin: read-only (every change goes through the audited
services, so the recorded seed and sample cannot be edited here)."""

from django.contrib import admin

from socorg.audit.admin import LargeTableAdmin
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)


@admin.register(Campaign)
class CampaignAdmin(LargeTableAdmin):
    list_display = ("id", "year", "name", "area", "state", "seed", "population_size", "drawn_on")
    list_filter = ("state", "year")
    list_select_related = ("area",)
    search_fields = ("=id", "^name")
    raw_id_fields = ("area", "drawn_by", "published_by", "created_by")
    ordering = ("-id",)


@admin.register(SampledOrganization)
class SampledOrganizationAdmin(LargeTableAdmin):
    list_display = ("id", "campaign", "organization", "stratum", "finding", "published")
    list_filter = ("finding", "published")
    list_select_related = ("campaign", "organization")
    search_fields = ("=id", "=campaign__id")
    raw_id_fields = (
        "campaign",
        "organization",
        "inspectors",
        "recorded_by",
        "rectification_notice",
    )
    ordering = ("-id",)


@admin.register(InspectorPoolMember)
class InspectorPoolMemberAdmin(LargeTableAdmin):
    list_display = ("id", "user", "area", "source", "agency", "street", "is_active")
    list_filter = ("source", "is_active")
    list_select_related = ("user", "area", "agency", "street")
    raw_id_fields = ("user", "area", "agency", "street", "added_by")
    ordering = ("-id",)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(LargeTableAdmin):
    list_display = ("id", "inspector", "organization", "kind", "ended_on", "declared_on")
    list_filter = ("kind",)
    list_select_related = ("inspector", "organization")
    raw_id_fields = ("inspector", "organization", "declared_by")
    ordering = ("-id",)
