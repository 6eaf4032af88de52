"""Who may file, see and handle major-matter reports. Every page and endpoint calls these.

An organization account files for its own organization. The organization's supervisory unit
(业务主管单位) and the registration authority handle the report: the district bureau for the
organizations in its area, a street office for the community organizations filed in its street.
Auditors read in their area.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.matters.models import MajorMatter
from socorg.registry import permissions as registry_permissions
from socorg.registry.models import Organization

Decision = tuple[bool, str]
OK: Decision = (True, "")

LIST_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.AUDITOR,
        Role.ORGANIZATION,
    }
)


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def own_organization_id(user: Any) -> int | None:
    membership = getattr(user, "organization_membership", None)
    return membership.organization_id if membership else None


def can_list_matters(user: Any) -> Decision:
    """The list page: organizations (their own), officers and auditors (their scope)."""
    if _role(user) in LIST_ROLES:
        return OK
    return (False, _("您的角色无权查看重大事项报告。"))


def can_file_matter(user: Any, org: Organization | None) -> Decision:
    """An organization account reports its own organization's major matters."""
    if _role(user) != Role.ORGANIZATION:
        return (False, _("重大事项报告由社会组织账户填报。"))
    if org is None or own_organization_id(user) != org.id:
        return (False, _("只能报告本组织的重大事项。"))
    if not org.is_active:
        return (False, _("该组织已注销或撤销，不能再报告重大事项。"))
    return OK


def _handles(user: Any, role: Role | None, org: Organization) -> bool:
    if role == Role.DEPARTMENT_OFFICER:
        return bool(user.agency_id) and org.supervisory_unit_id == user.agency_id
    if role == Role.DISTRICT_ADMIN:
        return registry_permissions.can_view_organization(user, org)[0]
    if role == Role.STREET_OFFICER:
        return (
            org.org_type == Organization.Type.COMMUNITY
            and registry_permissions.can_view_organization(user, org)[0]
        )
    return False


def can_view_matter(user: Any, matter: MajorMatter) -> Decision:
    """The filing organization; the officers who handle it; auditors in their area."""
    role = _role(user)
    org = matter.organization
    if role == Role.ORGANIZATION:
        return OK if own_organization_id(user) == org.id else (False, _("只能查看本组织的报告。"))
    if role == Role.AUDITOR:
        if registry_permissions.can_view_organization(user, org)[0]:
            return OK
        return (False, _("该组织不在您的管辖区域内。"))
    if _handles(user, role, org):
        return OK
    return (False, _("您无权查看该组织的重大事项报告。"))


def can_handle_matter(user: Any, matter: MajorMatter) -> Decision:
    """Acknowledge or return: the supervisory unit, or the registration side in its area."""
    role = _role(user)
    if _handles(user, role, matter.organization):
        return OK
    if role == Role.DEPARTMENT_OFFICER:
        return (False, _("该组织不由您所在的业务主管单位主管。"))
    if role in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER):
        return (False, _("该组织不在您的管辖范围内。"))
    return (False, _("您的角色无权确认或退回重大事项报告。"))


def can_resubmit_matter(user: Any, matter: MajorMatter) -> Decision:
    """A returned report is corrected and filed again by its organization."""
    return can_file_matter(user, matter.organization)
