"""Reading the audit log: filtered, newest first, one keyset page at a time.

The table grows by every write of every service, so a page never counts the whole (filtered)
table and never uses OFFSET: it asks for the rows just beyond a boundary id, which the primary
key and the ``(column, -id)`` indexes answer directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from socorg.audit.models import AuditEvent

PAGE_SIZE = 50
# JSON before/after can be large; the list shows neither.
LIST_DEFERRED = ("before", "after", "reason")


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    category: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    older: int | None  # pass as ``before`` for the next (older) page
    newer: int | None  # pass as ``after`` for the previous (newer) page


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _actor_q(username: str) -> Q:
    """An account by username: its id (indexed) when it exists, else the recorded name
    (``system`` for jobs, or an account that no longer exists)."""
    user_id = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username})
        .values_list("id", flat=True)
        .first()
    )
    if user_id is not None:
        return Q(actor_id=user_id)
    return Q(actor_repr=username)


def audit_event_filter(
    *, categories: Collection[str], filters: AuditFilters
) -> QuerySet[AuditEvent]:
    """Events in the readable categories that match the filters (unordered)."""
    if filters.category:
        allowed = [filters.category] if filters.category in categories else []
    else:
        allowed = sorted(categories)
    if not allowed:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(category__in=allowed)
    if filters.actor:
        qs = qs.filter(_actor_q(filters.actor.strip()))
    action = filters.action.strip()
    if action.endswith("*"):
        qs = qs.filter(action__startswith=action[:-1])
    elif action:
        qs = qs.filter(action=action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type.strip().lower())
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.q.strip():
        qs = qs.filter(object_repr__icontains=filters.q.strip())
    return qs


def audit_event_page(
    *,
    categories: Collection[str],
    filters: AuditFilters,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    """One page of matching events, newest first: older than ``before``, or the page just
    newer than ``after``, or the newest page."""
    qs = audit_event_filter(categories=categories, filters=filters).defer(*LIST_DEFERRED)
    if after is not None:
        rows = list(qs.filter(id__gt=after).order_by("id")[: size + 1])
        more_newer = len(rows) > size
        events = list(reversed(rows[:size]))
        if not events:
            return audit_event_page(categories=categories, filters=filters, size=size)
        more_older = qs.filter(id__lt=events[-1].id).exists()
    else:
        qs_page = qs.filter(id__lt=before) if before is not None else qs
        rows = list(qs_page.order_by("-id")[: size + 1])
        more_older = len(rows) > size
        events = rows[:size]
        more_newer = bool(events) and before is not None and qs.filter(id__gt=events[0].id).exists()
    return AuditPage(
        events=events,
        older=events[-1].id if events and more_older else None,
        newer=events[0].id if events and more_newer else None,
    )


def audit_event_get(*, pk: int) -> AuditEvent | None:
    """One event with everything it recorded."""
    return AuditEvent.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: object
    after: object
    changed: bool


def audit_event_changes(event: AuditEvent) -> list[ChangeRow]:
    """Before and after side by side, one row per field named in either."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    missing = object()
    rows = []
    for key in keys:
        old, new = before.get(key, missing), after.get(key, missing)
        rows.append(
            ChangeRow(
                field=key,
                before=None if old is missing else old,
                after=None if new is missing else new,
                changed=old != new,
            )
        )
    return rows
