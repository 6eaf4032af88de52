"""The notification inbox."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socorg.notifications.selectors import notification_visible
from socorg.notifications.services import notification_mark_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    items = list(notification_visible(user=request.user)[:100])
    return render(request, "notifications/inbox.html", {"items": items})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notification_visible(user=request.user), pk=pk)
    notification_mark_read(actor=request.user, notification=notification)
    return redirect(notification.url or "notifications:inbox")
