"""Who may see and act on the credit lists. Every view and API calls these on the server.

* The registration authority (民政局, ``district_admin``) records every kind of fact, examines
  objections and removal applications, for organizations in its area.
* A street office (``street_officer``) does the same for the community organizations it files.
* A supervisory unit or any other department (``department_officer``) records the penalties and
  decisions it made itself, for the organizations it supervises or as the deciding department.
* An organization account sees its own history and files objections and removal applications.
* Auditors and community officers read, in their area.

Each function returns ``(allowed, reason)``; the reason is shown when the answer is no.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.selectors import area_contains
from socorg.registry.models import Organization
from socorg.registry.permissions import can_view_organization

Decision = tuple[bool, str]
OK: Decision = (True, "")

# Kinds of fact, as named in URLs, the API and ``credit_fact_void``.
PENALTY = "penalty"
COURT = "court"
NOTICE = "notice"
LETTER = "letter"
TRIGGER = "trigger"
VERIFICATION = "verification"
FACT_KINDS = (PENALTY, COURT, NOTICE, LETTER, TRIGGER, VERIFICATION)
# What a department records as the deciding department: its penalties and its decisions.
DEPARTMENT_FACTS = frozenset({PENALTY, TRIGGER})

LIST_ROLES = frozenset(
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


def _in_area(user: Any, org: Organization) -> bool:
    return user.area is not None and area_contains(
        user.area,
        district_id=org.district_id,
        street_id=org.street_id,
        community_id=org.community_id,
    )


def _own(user: Any, org: Organization) -> bool:
    membership = getattr(user, "organization_membership", None)
    return membership is not None and membership.organization_id == org.id


def _authority_decision(user: Any, org: Organization) -> Decision:
    """The registration side: the bureau in its area; a street for its community organizations."""
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    if role == Role.STREET_OFFICER:
        if org.org_type != Organization.Type.COMMUNITY:
            return (False, _("街道只能办理本街道社区社会组织的信用事项。"))
        return OK if _in_area(user, org) else (False, _("该组织不在您的街道。"))
    return (False, _("只有登记管理机关可以办理该事项。"))


def can_view_credit_lists(user: Any) -> Decision:
    """The lists of listed organizations, in the user's scope (staff roles only)."""
    if _role(user) in LIST_ROLES:
        return OK
    return (False, _("您的角色无权查看信用名录。"))


def can_view_credit(user: Any, org: Organization) -> Decision:
    """An organization's credit history: whoever may see the organization (itself included)."""
    return can_view_organization(user, org)


def can_record_credit_fact(
    user: Any, org: Organization, *, fact: str, authority_id: int | None = None
) -> Decision:
    """Record a fact that feeds the credit rules: the authority in its area, or a department
    for the organizations it supervises or as the deciding department."""
    role = _role(user)
    if role == Role.DEPARTMENT_OFFICER:
        if fact not in DEPARTMENT_FACTS:
            return (False, _("业务主管单位和其他部门只能录入本部门作出的行政处罚和认定。"))
        if not user.agency_id:
            return (False, _("您的账户未关联所属单位。"))
        if org.supervisory_unit_id == user.agency_id or authority_id == user.agency_id:
            return OK
        return (False, _("该组织不由您所在单位主管，且决定机关不是您所在单位。"))
    if role in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER):
        return _authority_decision(user, org)
    return (False, _("您的角色无权录入信用信息。"))


def can_void_credit_fact(
    user: Any, org: Organization, *, fact: str, authority_id: int | None
) -> Decision:
    """Void a wrongly recorded fact: whoever may record it."""
    return can_record_credit_fact(user, org, fact=fact, authority_id=authority_id)


def can_verify_rectification(user: Any, org: Organization) -> Decision:
    """查实 that obligations were fulfilled (the step that removes from the abnormal list)."""
    return _authority_decision(user, org)


def can_file_objection(user: Any, org: Organization) -> Decision:
    """An organization objects to its own entries (异议)."""
    if _role(user) == Role.ORGANIZATION and _own(user, org):
        return OK
    return (False, _("只有该组织本身可以提出异议。"))


def can_resolve_objection(user: Any, org: Organization) -> Decision:
    """The registration authority examines objections."""
    return _authority_decision(user, org)


def can_apply_removal(user: Any, org: Organization) -> Decision:
    """An organization applies to leave a list."""
    if _role(user) == Role.ORGANIZATION and _own(user, org):
        return OK
    return (False, _("只有该组织本身可以申请移出。"))


def can_examine_removal(user: Any, org: Organization) -> Decision:
    """The registration authority examines removal applications."""
    return _authority_decision(user, org)


def can_evaluate_credit(user: Any) -> Decision:
    """Running the evaluation by hand (the daily job runs without a user)."""
    if _role(user) == Role.DISTRICT_ADMIN:
        return OK
    return (False, _("只有民政局管理员可以手动执行信用评估。"))
