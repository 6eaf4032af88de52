"""Who may see the supervision workbench and the daily-run log. Checked on the server by every
page and endpoint; the figures themselves are scoped by the other apps' selectors.

* The district bureau (民政局管理员) and auditors see their district's workbench.
* A street officer sees the same workbench over the organizations of their street.
* Other roles have no workbench (supervisory units see their own lists in each module).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role

Decision = tuple[bool, str]
OK: Decision = (True, "")

DASHBOARD_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.AUDITOR, Role.STREET_OFFICER})


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def can_view_supervision_dashboard(user: Any) -> Decision:
    """The workbench: the bureau, auditors and street officers, each over their own area."""
    if _role(user) not in DASHBOARD_ROLES:
        return (False, _("您的角色无权查看监管工作台。"))
    if not getattr(user, "area_id", None):
        return (False, _("您的账户未关联管辖区域，无法查看监管工作台。"))
    return OK


def can_view_daily_runs(user: Any) -> Decision:
    """The daily-run log (no organization data in it): the same roles as the workbench."""
    return can_view_supervision_dashboard(user)
