"""Reading notifications: a user's own and those addressed to the agency they belong to."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from socorg.notifications.models import Notification


def notification_visible(*, user: Any) -> QuerySet[Notification]:
    """Notifications addressed to the user or to the user's agency, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    condition = Q(recipient_user=user)
    if user.agency_id:
        condition |= Q(recipient_agency_id=user.agency_id)
    return Notification.objects.filter(condition).order_by("-id")


def notification_unread_count(*, user: Any) -> int:
    """How many unread notifications the user has (capped query)."""
    return notification_visible(user=user).filter(read_at__isnull=True)[:100].count()
