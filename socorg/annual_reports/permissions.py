"""Who may read, fill in and act on which annual report. Every view and API calls these on the
server; the services call them again before writing.

These functions decide scope (whose report, in whose area); which role may take which step of
the review is decided by ``workflow.decide_action`` from its table.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.rules import Mode
from socorg.annual_reports.selectors import STATISTICS_ROLES
from socorg.annual_reports.workflow import (
    TRANSITIONS,
    Action,
    State,
    available_actions,
    route_of,
)
from socorg.areas.selectors import area_contains
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import OrgType

Decision = tuple[bool, str]
OK: Decision = (True, "")
REVIEW_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER})


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


def _scope(user: Any, org: Organization) -> Decision:
    """Whether ``org``'s reports lie within the user's scope (the same cut as the selectors)."""
    role = _role(user)
    if role == Role.ORGANIZATION:
        return (
            OK if _own_organization_id(user) == org.id else (False, _("只能查看本组织的年度报告。"))
        )
    if role == Role.DEPARTMENT_OFFICER:
        if user.agency_id and org.supervisory_unit_id == user.agency_id:
            return OK
        return (False, _("该组织不由您所在的业务主管单位主管。"))
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    if role in (Role.STREET_OFFICER, Role.COMMUNITY_OFFICER):
        if org.org_type != Organization.Type.COMMUNITY:
            return (False, _("街道和社区只办理社区社会组织的年度情况报送。"))
        return OK if _in_area(user, org) else (False, _("该组织不在您的管辖区域内。"))
    return (False, _("您的角色无权查看年度报告。"))


def can_view_annual_report(user: Any, report: AnnualReport) -> Decision:
    """An organization its own; its supervisory unit; district staff and auditors in their area;
    a street or community office the community filings in its area."""
    return _scope(user, report.organization)


def can_list_annual_reports(user: Any) -> Decision:
    """Whether the user may open the report list at all."""
    if _role(user) in (*STATISTICS_ROLES, Role.ORGANIZATION):
        return OK
    return (False, _("您的角色无权查看年度报告。"))


def can_start_annual_report(user: Any, org: Organization) -> Decision:
    """An organization starts its own report; a community office may file for a community
    organization in its community (民发〔2017〕191号, local practice)."""
    role = _role(user)
    if role not in (Role.ORGANIZATION, Role.COMMUNITY_OFFICER):
        return (False, _("只有社会组织账户（社区社会组织可由社区代为）填报年度报告。"))
    allowed, reason = _scope(user, org)
    if not allowed:
        return (False, reason)
    if not org.is_active:
        return (False, _("该组织已注销或撤销，不能再填报年度报告。"))
    return OK


def can_edit_annual_report(user: Any, report: AnnualReport) -> Decision:
    """Fill in or correct a draft (a new one, or one withdrawn or returned for correction)."""
    allowed, reason = can_start_annual_report(user, report.organization)
    if not allowed:
        return (False, reason)
    if report.state != AnnualReport.State.DRAFT:
        return (False, _("报告已提交，不能修改；如需修改，请先撤回或等待退回。"))
    return OK


def can_act_on_annual_report(user: Any, report: AnnualReport) -> Decision:
    """Take a workflow step on a report in the user's scope; auditors only read. Which step the
    role may take is then decided by the workflow table."""
    if _role(user) == Role.AUDITOR:
        return (False, _("审计人员只能查看，不能办理。"))
    return _scope(user, report.organization)


def can_review_annual_reports(user: Any) -> Decision:
    """Whether the user has a review queue (supervisory unit, bureau, street office)."""
    if _role(user) in REVIEW_ROLES:
        return OK
    return (False, _("您的角色没有年度报告审查事项。"))


def can_view_report_statistics(user: Any) -> Decision:
    """Filing statistics and the 未参检 list: staff, over what they may see."""
    if _role(user) in STATISTICS_ROLES:
        return OK
    return (False, _("您的角色无权查看年检统计。"))


def annual_report_actions_for(user: Any, report: AnnualReport) -> list[Action]:
    """The workflow steps the user's role may take on the report now (the buttons to offer);
    the service decides again, including the deadline, when one is pressed."""
    if not can_act_on_annual_report(user, report)[0]:
        return []
    org = report.organization
    route = route_of(OrgType(org.org_type), org.supervisory_unit_id is not None)
    state = State(report.state)
    role = getattr(user, "role", "")
    mode = Mode(report.mode)
    steps = []
    for action in available_actions(state):
        for transition in TRANSITIONS[(state, action)]:
            if route in transition.routes and mode in transition.modes and role in transition.roles:
                steps.append(action)
                break
    return steps
