"""The register in the maintenance admin: read-only (every registration act goes through the
audited services), except the service-domain taxonomy, which a superuser may correct (audited).

Organizations and lifecycle events reach millions of rows: no full counts, no date hierarchy,
joins selected up front, foreign keys as raw ids.
"""

from django.contrib import admin

from socorg.audit.admin import AuditedAdmin, LargeTableAdmin, ReadOnlyAdmin
from socorg.registry.models import (
    ImportJob,
    LifecycleEvent,
    Organization,
    OrganizationMember,
    ServiceDomain,
)


@admin.register(Organization)
class OrganizationAdmin(LargeTableAdmin):
    list_display = ("id", "name", "org_type", "status", "uscc", "district", "street")
    list_filter = ("org_type", "status")
    list_select_related = ("district", "street")
    # Exact code, or a name's beginning: both served by an index.
    search_fields = ("=uscc", "^name")
    raw_id_fields = (
        "registration_authority",
        "supervisory_unit",
        "district",
        "street",
        "community",
    )
    ordering = ("-id",)
    # The encrypted ID number and its lookup hash stay out of view; the masked copy is shown.
    exclude = ("legal_rep_id_encrypted", "legal_rep_id_hash")
    readonly_fields = ("status", "status_changed_on", "legal_rep_id_masked")


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "kind", "occurred_on", "document_number", "status_after")
    list_filter = ("kind",)
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "=document_number")
    raw_id_fields = ("organization", "recorded_by")
    ordering = ("-id",)


@admin.register(ServiceDomain)
class ServiceDomainAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en", "parent", "sort_order", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(ReadOnlyAdmin):
    list_display = ("user", "organization")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user", "organization")
    search_fields = ("=user__username", "=organization__uscc")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("id", "file_name", "status", "uploaded_by", "total_rows", "created_at")
    list_filter = ("status",)
    list_select_related = ("uploaded_by",)
    raw_id_fields = ("uploaded_by",)
    # The encrypted rows and the row report (which may quote personal data) stay out of view.
    exclude = ("payload", "report")
    ordering = ("-id",)
