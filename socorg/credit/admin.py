"""The credit lists in the maintenance admin: read-only. Facts, entries and statuses are written by
the audited services and the evaluation, never by hand. Counts are capped (large tables)."""

from django.contrib import admin

from socorg.audit.admin import LargeTableAdmin
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditEntry,
    CreditStatus,
    Objection,
    RectificationNotice,
    RectificationVerification,
    RemovalApplication,
    TriggerFact,
    UnreachableLetter,
)


@admin.register(CreditEntry)
class CreditEntryAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "effective_on", "kind", "list_kind", "code", "published")
    list_filter = ("list_kind", "kind", "published")
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc", "=key")
    raw_id_fields = ("organization", "authority")
    ordering = ("-id",)


@admin.register(CreditStatus)
class CreditStatusAdmin(LargeTableAdmin):
    list_display = ("organization", "list_kind", "listed_on", "since", "origin", "updated_on")
    list_filter = ("list_kind",)
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc",)
    raw_id_fields = ("organization",)
    ordering = ("-listed_on",)


class FactAdmin(LargeTableAdmin):
    list_select_related = ("organization",)
    search_fields = ("=organization__uscc",)
    raw_id_fields = ("organization", "recorded_by", "voided_by")
    ordering = ("-id",)


@admin.register(AdministrativePenalty)
class AdministrativePenaltyAdmin(FactAdmin):
    list_display = ("id", "organization", "kind", "fine_amount", "decided_on", "document_number")
    list_filter = ("kind",)
    raw_id_fields = (*FactAdmin.raw_id_fields, "authority")


@admin.register(CourtDishonestRecord)
class CourtDishonestRecordAdmin(FactAdmin):
    list_display = ("id", "organization", "court", "case_number", "listed_on", "removed_on")


@admin.register(RectificationNotice)
class RectificationNoticeAdmin(FactAdmin):
    list_display = ("id", "organization", "issued_on", "deadline", "rectified_on", "verified_on")
    raw_id_fields = (*FactAdmin.raw_id_fields, "authority", "verified_by")


@admin.register(UnreachableLetter)
class UnreachableLetterAdmin(FactAdmin):
    list_display = ("id", "organization", "sent_on", "returned_unsigned", "outcome_on")


@admin.register(TriggerFact)
class TriggerFactAdmin(FactAdmin):
    list_display = ("id", "organization", "code", "decided_on", "document_number")
    list_filter = ("code",)
    raw_id_fields = (*FactAdmin.raw_id_fields, "authority")


@admin.register(RectificationVerification)
class RectificationVerificationAdmin(FactAdmin):
    list_display = ("id", "organization", "verified_on", "codes", "document_number")
    raw_id_fields = (*FactAdmin.raw_id_fields, "authority")


@admin.register(Objection)
class ObjectionAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "entry", "state", "filed_on", "resolved_on")
    list_filter = ("state",)
    list_select_related = ("organization", "entry")
    raw_id_fields = ("organization", "entry", "filed_by", "resolved_by")
    ordering = ("-id",)


@admin.register(RemovalApplication)
class RemovalApplicationAdmin(LargeTableAdmin):
    list_display = ("id", "organization", "list_kind", "applied_on", "state", "examined_on")
    list_filter = ("state", "list_kind")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "filed_by", "examined_by", "verification")
    ordering = ("-id",)
