"""Who may read which audit events.

Decision (三员分立): the audit administrator (安全审计员) reads what administrators and logins did
— categories ``system`` and ``security`` — and never business events, whose before/after values
carry business data the three administrators must not see. The business auditor (审计人员) reads
business events and the security events (logins, lockouts) needed to reconstruct who worked on
what, but not the account administration of category ``system``. Everyone else: nothing.

The audit app sits below accounts, so roles are named here by their stored values; a test in
``accounts/tests/test_roles.py`` checks they are real roles.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.audit.models import AuditEvent

Decision = tuple[bool, str]
OK: Decision = (True, "")

BUSINESS = AuditEvent.Category.BUSINESS.value
SECURITY = AuditEvent.Category.SECURITY.value
SYSTEM = AuditEvent.Category.SYSTEM.value

AUDIT_CATEGORIES_BY_ROLE: dict[str, frozenset[str]] = {
    "auditor": frozenset({BUSINESS, SECURITY}),
    "audit_admin": frozenset({SYSTEM, SECURITY}),
}


def audit_categories_for(user: Any) -> frozenset[str]:
    """The event categories ``user`` may read (empty for every other role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return AUDIT_CATEGORIES_BY_ROLE.get(getattr(user, "role", ""), frozenset())


def can_view_audit_log(user: Any) -> Decision:
    """The audit log pages: the auditor and the audit administrator."""
    if audit_categories_for(user):
        return OK
    return (False, _("只有审计人员和安全审计员可以查看审计日志。"))


def can_view_audit_event(user: Any, event: AuditEvent) -> Decision:
    """One event, if its category is one the user may read."""
    if event.category in audit_categories_for(user):
        return OK
    return (False, _("您无权查看该类别的审计事件。"))
