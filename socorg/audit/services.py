"""Writing the audit log. Every service that changes data calls ``audit_record``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.models import AuditEvent
from socorg.core.bulk import insert_rows
from socorg.core.errors import ApplicationError
from socorg.core.middleware import current_ip


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a model instance as JSON-ready values (FKs by id)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[name] = getattr(instance, field.attname)
        else:
            data[name] = _jsonable(getattr(instance, name))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    category: str = AuditEvent.Category.BUSINESS,
) -> AuditEvent:
    """Append one audit event (who, when, what before/after, why)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_repr=(actor.get_username() if is_user else "system")[:150],
        actor_role=(getattr(actor, "role", "") if is_user else "")[:40],
        category=category,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        ip=current_ip.get(),
    )


def audit_record_many(events: list[AuditEvent]) -> None:
    """Bulk append for set-based jobs (imports, daily runs)."""
    ip = current_ip.get()
    for event in events:
        event.ip = event.ip or ip
    insert_rows(AuditEvent, events, batch_size=2000)


@transaction.atomic
def audit_purge(
    *, actor: Any, today: dt.date | None = None, retention_days: int | None = None
) -> int:
    """Delete events older than the retention period (never less than the legal minimum)."""
    days = retention_days if retention_days is not None else settings.AUDIT_RETENTION_DAYS
    if days < settings.AUDIT_RETENTION_MIN_DAYS:
        raise ApplicationError.for_field(
            "retention_days",
            _("保留天数不得少于 %(min)d 天（当前为 %(days)d 天）。")
            % {"min": settings.AUDIT_RETENTION_MIN_DAYS, "days": days},
        )
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    )
    cutoff = now - dt.timedelta(days=days)
    old = AuditEvent.objects.filter(at__lt=cutoff)
    # The queryset refuses delete(); the purge is the one sanctioned path.
    deleted = old._raw_delete(old.db)
    audit_record(
        actor=actor,
        action="audit.purge",
        object_type="audit.auditevent",
        after={
            "cutoff": cutoff.isoformat(),
            "deleted": deleted,
            "retention_days": days,
        },
        category=AuditEvent.Category.SYSTEM,
    )
    return deleted
