"""Who may see and change which organization. Every view and API calls these on the server.

Each function returns ``(allowed, reason)``; the reason is shown when the answer is no.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.selectors import area_contains
from socorg.registry.models import Organization

Decision = tuple[bool, str]
OK: Decision = (True, "")


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def _in_area(user: Any, org: Organization) -> bool:
    return user.area is not None and area_contains(
        user.area,
        district_id=org.district_id,
        street_id=org.street_id,
        community_id=org.community_id,
    )


def _own_organization_id(user: Any) -> int | None:
    membership = getattr(user, "organization_membership", None)
    return membership.organization_id if membership else None


def can_view_organization(user: Any, org: Organization) -> Decision:
    """District staff and auditors in their area; streets and communities in theirs;
    a supervisory unit for the organizations it supervises; an organization for itself."""
    role = _role(user)
    if role in (
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
    ):
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    if role == Role.DEPARTMENT_OFFICER:
        if user.agency_id and org.supervisory_unit_id == user.agency_id:
            return OK
        return (False, _("该组织不由您所在的业务主管单位主管。"))
    if role == Role.ORGANIZATION:
        return OK if _own_organization_id(user) == org.id else (False, _("只能查看本组织。"))
    return (False, _("您的角色无权查看登记信息。"))


def can_view_registry(user: Any) -> Decision:
    """Whether the user may open the organization list at all."""
    role = _role(user)
    if role in (
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.DEPARTMENT_OFFICER,
    ):
        return OK
    return (False, _("您的角色无权查看社会组织名录。"))


def can_create_organization(
    user: Any, *, org_type: str, district_id: int, street_id: int
) -> Decision:
    """The bureau registers all types in its area; a street files community organizations."""
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        if user.area and area_contains(
            user.area, district_id=district_id, street_id=street_id, community_id=None
        ):
            return OK
        return (False, _("只能在您的管辖区域内登记组织。"))
    if role == Role.STREET_OFFICER:
        if org_type != Organization.Type.COMMUNITY:
            return (False, _("街道只能为社区社会组织办理备案。"))
        if user.area_id == street_id:
            return OK
        return (False, _("只能为本街道的社区社会组织办理备案。"))
    return (False, _("您的角色无权办理登记或备案。"))


def can_create_organization_any(user: Any) -> Decision:
    """Whether the user may open the create form at all (the bureau, or a street office)."""
    if _role(user) in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER) and user.area_id:
        return OK
    return (False, _("您的角色无权办理登记或备案。"))


def can_change_organization(user: Any, org: Organization) -> Decision:
    """Change registration and lifecycle acts: the bureau in its area; a street for the
    community organizations filed in its street."""
    if not org.is_active:
        return (False, _("该组织已注销或撤销，不能再办理变更。"))
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    if role == Role.STREET_OFFICER:
        if org.org_type != Organization.Type.COMMUNITY:
            return (False, _("街道只能办理社区社会组织的备案事项。"))
        return OK if _in_area(user, org) else (False, _("该组织不在您的街道。"))
    return (False, _("您的角色无权办理登记事项。"))


def can_terminate_organization(user: Any, org: Organization, *, kind: str) -> Decision:
    """注销 or 撤销: as a change, plus 注销 of a revoked organization by the bureau after liquidation."""
    if (
        kind == "deregistration"
        and org.status == Organization.Status.REVOKED
        and _role(user) == Role.DISTRICT_ADMIN
    ):
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    return can_change_organization(user, org)


def can_convert_organization(user: Any, org: Organization) -> Decision:
    """Only the registration authority converts a filed community organization to registered."""
    if _role(user) != Role.DISTRICT_ADMIN:
        return (False, _("只有登记管理机关可以办理转为登记。"))
    return can_change_organization(user, org)


def can_edit_contact(user: Any, org: Organization) -> Decision:
    """An organization keeps its own contact details current; registry staff may too."""
    if _role(user) == Role.ORGANIZATION:
        if not org.is_active:
            return (False, _("该组织已注销或撤销。"))
        return (
            OK if _own_organization_id(user) == org.id else (False, _("只能修改本组织的联系方式。"))
        )
    return can_change_organization(user, org)


def can_import_organizations(user: Any) -> Decision:
    """Bulk import of an existing register: the registration authority only."""
    if _role(user) == Role.DISTRICT_ADMIN:
        return OK
    return (False, _("只有民政局管理员可以导入名录。"))


def can_export_organizations(user: Any) -> Decision:
    """Export of a list the user may already see."""
    return can_view_registry(user)


def can_manage_organization_accounts(user: Any, org: Organization) -> Decision:
    """The registration authority issues an organization its login (the bureau in its area;
    a street office for the community organizations filed with it)."""
    if not org.is_active:
        return (False, _("该组织已注销或撤销。"))
    role = _role(user)
    if role == Role.DISTRICT_ADMIN and _in_area(user, org):
        return OK
    if (
        role == Role.STREET_OFFICER
        and org.org_type == Organization.Type.COMMUNITY
        and _in_area(user, org)
    ):
        return OK
    if role == Role.SYSTEM_ADMIN:
        return OK  # account technician: links an existing login without seeing registry data
    return (False, _("您无权为该组织开设账户。"))


def can_view_personal_data(user: Any, org: Organization) -> Decision:
    """The full legal-representative ID number: the registration authority only."""
    if _role(user) == Role.DISTRICT_ADMIN and _in_area(user, org):
        return OK
    return (False, _("只有登记管理机关可以查看完整证件号码。"))
