"""Sending notifications. Callers pass plain text already rendered in Chinese."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.core.errors import PermissionDenied
from socorg.notifications.models import Notification
from socorg.notifications.selectors import notification_visible


def _target(obj: models.Model | None) -> dict[str, str]:
    if obj is None:
        return {}
    return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)}


def notification_send(
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    user: Any = None,
    agency: Any = None,
    obj: models.Model | None = None,
) -> Notification | None:
    """Notify one user or one agency (all its users see it); None when there is no recipient."""
    if user is None and agency is None:
        return None
    return Notification.objects.create(
        recipient_user=user,
        recipient_agency=agency,
        kind=kind,
        title=title[:200],
        body=body,
        url=url[:300],
        **_target(obj),
    )


def notification_send_many(notifications: list[Notification]) -> None:
    """Bulk send for set-based jobs (the daily run)."""
    Notification.objects.bulk_create(notifications, batch_size=2000)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark a notification read; only its recipient (or a member of the agency) may."""
    if not notification_visible(user=actor).filter(pk=notification.pk).exists():
        raise PermissionDenied(_("无权操作该通知。"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
