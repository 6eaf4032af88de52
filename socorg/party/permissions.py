"""Who may see and record party building. Every page and endpoint calls these on the server.

Recording is for the registration side: the district bureau for organizations in its area, and a
street office for the community organizations filed in its street. Reading follows the register:
whoever may see an organization may see its party organization.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.registry import permissions as registry_permissions
from socorg.registry.models import Organization

Decision = tuple[bool, str]
OK: Decision = (True, "")

STATISTICS_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.AUDITOR,
    }
)


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def can_view_party_statistics(user: Any) -> Decision:
    """Coverage statistics and the "required but missing" list: staff, over what they may see."""
    if _role(user) in STATISTICS_ROLES:
        return OK
    return (False, _("您的角色无权查看党建统计。"))


def can_view_party(user: Any) -> Decision:
    """Whether the user may read party building at all (staff, and an organization for itself)."""
    if _role(user) in STATISTICS_ROLES | {Role.ORGANIZATION}:
        return OK
    return (False, _("您的角色无权查看党建信息。"))


def can_view_party_organization(user: Any, org: Organization) -> Decision:
    """Whoever may see the organization in the register (an organization: its own)."""
    return registry_permissions.can_view_organization(user, org)


def can_record_party_organization(user: Any, org: Organization) -> Decision:
    """The bureau in its area; a street office for community organizations in its street."""
    if not org.is_active:
        return (False, _("该组织已注销或撤销，不能再录入党建信息。"))
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        if registry_permissions.can_view_organization(user, org)[0]:
            return OK
        return (False, _("该组织不在您的管辖区域内。"))
    if role == Role.STREET_OFFICER:
        if org.org_type != Organization.Type.COMMUNITY:
            return (False, _("街道只能录入本街道社区社会组织的党建信息。"))
        if registry_permissions.can_view_organization(user, org)[0]:
            return OK
        return (False, _("该组织不在您的街道。"))
    return (False, _("您的角色无权录入党建信息。"))


def can_assign_instructor(user: Any, org: Organization) -> Decision:
    """Assign or end a 党建工作指导员 / 联络员: whoever may record the party organization."""
    return can_record_party_organization(user, org)
