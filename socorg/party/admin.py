"""Party building in the maintenance admin: read-only (every write goes through the audited
services); no full counts on tables that grow with the register."""

from django.contrib import admin

from socorg.audit.admin import LargeTableAdmin
from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "form", "level", "full_members", "as_of")
    list_filter = ("form", "level")
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "^organization__name")
    raw_id_fields = ("organization", "recorded_by")
    ordering = ("-id",)


@admin.register(JointCoverage)
class JointCoverageAdmin(LargeTableAdmin):
    list_display = ("id", "party_organization", "organization")
    list_select_related = ("party_organization", "organization")
    raw_id_fields = ("party_organization", "organization")
    ordering = ("-id",)


@admin.register(PartyInstructorAssignment)
class PartyInstructorAssignmentAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "role", "person_name", "assigned_on", "ended_on")
    list_filter = ("role",)
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "=person_name")
    raw_id_fields = ("organization", "assigned_by")
    ordering = ("-id",)
