"""Django admin (/sysadmin/): system maintenance by superusers only, read-mostly.

The base classes here are shared by the other apps' admin modules (audit is the lowest app that
has models, so every app may import it): superusers only, read-only by default, edits of
reference data audited, and counts capped so a changelist never counts a million-row table.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils.functional import cached_property

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record, snapshot

COUNT_CAP = 10_000


class BoundedCountPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows (over a LIMIT-ed subquery); deeper pages are reached by
    filtering, not by paging through a million rows."""

    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        if isinstance(object_list, models.QuerySet):
            return object_list.order_by()[:COUNT_CAP].count()
        return len(object_list)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Only active superusers see or touch anything; staff flags alone grant nothing."""

    def _superuser(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request)


class ReadOnlyAdmin(SuperuserOnlyAdmin):
    """Viewing only: these records are written by the audited services, never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LargeTableAdmin(ReadOnlyAdmin):
    """Read-only changelist for tables that reach millions of rows."""

    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50


class AuditedAdmin(SuperuserOnlyAdmin):
    """Reference data a superuser may add and correct; each save is audited, nothing deleted
    (rows are referenced by protected foreign keys)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _fields(self, obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if not f.primary_key]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = self._fields(obj)
        before = None
        if change:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(old, fields) if old is not None else None
        super().save_model(request, obj, form, change)
        after = snapshot(obj, fields)
        if before is not None:
            keys = [k for k in after if before.get(k) != after.get(k)]
            before, after = {k: before[k] for k in keys}, {k: after[k] for k in keys}
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            before=before,
            after=after,
            category=AuditEvent.Category.SYSTEM,
        )


@admin.register(AuditEvent)
class AuditEventAdmin(LargeTableAdmin):
    list_display = ("id", "at", "actor_repr", "category", "action", "object_type", "object_id")
    list_filter = ("category",)
    # Exact matches only: each is served by an index or a short scan from the newest row.
    search_fields = ("=object_id", "=actor_repr", "=action")
    raw_id_fields = ("actor",)
    ordering = ("-id",)
