"""Tips and cases in the maintenance admin: read-only (every change goes through the audited
services). Reporter contact details stay out of view even here."""

from django.contrib import admin

from socorg.audit.admin import LargeTableAdmin, ReadOnlyAdmin
from socorg.illegal.models import CaseCounter, Evidence, InvestigationCase, Tip


@admin.register(Tip)
class TipAdmin(LargeTableAdmin):
    list_display = ("id", "reported_name", "source", "state", "district", "street", "received_at")
    list_filter = ("state", "source")
    list_select_related = ("district", "street")
    search_fields = ("=id", "^reported_name")
    raw_id_fields = (
        "district",
        "street",
        "referring_agency",
        "handled_by",
        "closed_by",
        "case",
        "submitted_by",
    )
    ordering = ("-id",)
    exclude = ("reporter_name", "reporter_contact_encrypted")


@admin.register(InvestigationCase)
class InvestigationCaseAdmin(LargeTableAdmin):
    list_display = ("id", "number", "subject_name", "state", "outcome", "published", "street")
    list_filter = ("state", "outcome", "published")
    list_select_related = ("street",)
    search_fields = ("=number", "^subject_name")
    raw_id_fields = ("district", "street", "authority", "opened_by", "decided_by", "officers")
    ordering = ("-id",)


@admin.register(Evidence)
class EvidenceAdmin(LargeTableAdmin):
    list_display = ("id", "case", "file_name", "file_size", "added_by", "added_at")
    list_select_related = ("case", "added_by")
    raw_id_fields = ("case", "added_by")
    ordering = ("-id",)


@admin.register(CaseCounter)
class CaseCounterAdmin(ReadOnlyAdmin):
    list_display = ("district", "year", "last")
    list_select_related = ("district",)
