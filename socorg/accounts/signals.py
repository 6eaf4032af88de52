"""Security events go to the audit log: logins, failed logins, logouts, lockouts."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record

SECURITY = AuditEvent.Category.SECURITY


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", obj=user, category=SECURITY)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, category=SECURITY)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    audit_record(
        actor=None,
        action="auth.login_failed",
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
        category=SECURITY,
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str = "", **kwargs: Any) -> None:
    # axes sends the signal on every refused attempt during a lockout; record the lock once.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures > settings.AXES_FAILURE_LIMIT:
        return
    audit_record(
        actor=None,
        action="auth.locked_out",
        object_type="accounts.user",
        object_repr=(username or "")[:150],
        category=SECURITY,
    )
