"""Who may see the dormancy list and exit cases, and who may act on them. Every view and API
calls these on the server; the services call them again.

* District staff (民政局), auditors, streets and communities see the ranked list and the cases
  of the organizations in their area; a supervisory unit (业务主管单位) those of the organizations
  it supervises ("谁主管、谁负责").
* The registration authority (``district_admin``) opens cases and takes every step; a supervisory
  unit may take the steps the workflow table gives it (告知/约谈). Which step is allowed in which
  state is ``rules.CASE_TRANSITIONS``, checked by ``rules.decide_case_action``.

Each function returns ``(allowed, reason)``; the reason is shown when the answer is no.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.dormancy.models import ExitCase
from socorg.dormancy.rules import CASE_TRANSITIONS, CaseAction, CaseState, decide_case_action
from socorg.registry.models import Organization
from socorg.registry.permissions import can_view_organization

Decision = tuple[bool, str]
OK: Decision = (True, "")

VIEW_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.AUDITOR,
    }
)
# The roles the workflow table names (its values equal socorg.accounts.roles.Role).
ACTING_ROLES = frozenset(role for t in CASE_TRANSITIONS.values() for role in t.roles)


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def can_view_dormancy(user: Any) -> Decision:
    """The ranked list, the cases and the statistics, over the user's area (staff roles)."""
    if _role(user) in VIEW_ROLES:
        return OK
    return (False, _("您的角色无权查看疑似僵尸型社会组织排查信息。"))


def can_view_exit_case(user: Any, case: ExitCase) -> Decision:
    """A case: staff who may see its organization."""
    allowed, reason = can_view_dormancy(user)
    if not allowed:
        return allowed, reason
    return can_view_organization(user, case.organization)


def can_open_exit_cases(user: Any) -> Decision:
    """Whether the user may open cases at all (the button on the ranked list)."""
    if _role(user) == Role.DISTRICT_ADMIN and user.area_id:
        return OK
    return (False, _("只有登记管理机关（民政局管理员）可以立案排查。"))


def can_open_exit_case(user: Any, org: Organization) -> Decision:
    """Open a case (排查) on an active organization in the registration authority's area."""
    allowed, reason = can_open_exit_cases(user)
    if not allowed:
        return allowed, reason
    if not org.is_active:
        return (False, _("该组织已注销或撤销，无需立案排查。"))
    return can_view_organization(user, org)


def can_act_exit_case(user: Any, case: ExitCase) -> Decision:
    """Take a step on a case: the roles of the workflow table, within their scope; which step
    is then decided by the table."""
    if _role(user) not in ACTING_ROLES:
        return (False, _("您的角色无权办理清理案件。"))
    if not case.is_open:
        return (False, _("案件已结案。"))
    return can_view_organization(user, case.organization)


def allowed_actions(user: Any, case: ExitCase) -> list[CaseAction]:
    """The steps the user may take on the case now (the buttons to show)."""
    if not can_act_exit_case(user, case)[0]:
        return []
    state = CaseState(case.state)
    return [
        action
        for (from_state, action) in CASE_TRANSITIONS
        if from_state == state and decide_case_action(state, action, user.role, note="-").allowed
    ]
