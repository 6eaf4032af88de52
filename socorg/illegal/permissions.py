"""Who may see and act on tips and investigation cases. Views, APIs and services call these.

The registration authority (district administrator) handles tips and cases in its area; a street
officer sees the tips and cases of its street and works on those assigned to it; a department
(supervisory unit) files tips and follows the ones it filed; auditors read in their area. The
public only files tips through the public form and reads the published list.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.selectors import area_contains
from socorg.illegal import rules
from socorg.illegal.models import InvestigationCase, Tip

Decision = tuple[bool, str]
OK: Decision = (True, "")


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def _in_area(user: Any, *, district_id: int, street_id: int | None) -> bool:
    return user.area is not None and area_contains(
        user.area, district_id=district_id, street_id=street_id or 0, community_id=None
    )


def _in_street(user: Any, street_id: int | None) -> bool:
    return street_id is not None and user.area_id == street_id


# ------------------------------------------------------------------------ tips


def can_submit_tip(user: Any) -> Decision:
    """Staff filing a tip: the bureau, a department (supervisory unit) or a street office."""
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER) and user.area_id:
        return OK
    if role == Role.DEPARTMENT_OFFICER and user.agency_id:
        return OK
    return (False, _("您的角色无权在业务系统中录入举报线索，公众请通过网上举报页面提交。"))


def can_submit_tip_at(user: Any, *, district_id: int, street_id: int | None) -> Decision:
    """Where a staff member may place a tip: the bureau in its area, a street in its street;
    a department anywhere in the area of its agency."""
    allowed, reason = can_submit_tip(user)
    if not allowed:
        return allowed, reason
    role = _role(user)
    if role == Role.STREET_OFFICER:
        return OK if _in_street(user, street_id) else (False, _("只能录入本街道的举报线索。"))
    if role == Role.DEPARTMENT_OFFICER:
        inside = area_contains(
            user.agency.area, district_id=district_id, street_id=street_id or 0, community_id=None
        )
        return OK if inside else (False, _("只能移送本单位所在区域的举报线索。"))
    if _in_area(user, district_id=district_id, street_id=street_id):
        return OK
    return (False, _("该地点不在您的管辖区域内。"))


def can_view_tips(user: Any) -> Decision:
    """Whether the user may open the tip list at all (the selector limits the rows)."""
    if _role(user) in (
        Role.DISTRICT_ADMIN,
        Role.STREET_OFFICER,
        Role.AUDITOR,
        Role.DEPARTMENT_OFFICER,
    ):
        return OK
    return (False, _("您的角色无权查看举报线索。"))


def can_view_tip(user: Any, tip: Tip) -> Decision:
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        if _in_area(user, district_id=tip.district_id, street_id=tip.street_id):
            return OK
        return (False, _("该线索不在您的管辖区域内。"))
    if role == Role.STREET_OFFICER:
        return OK if _in_street(user, tip.street_id) else (False, _("该线索不在您的街道。"))
    if role == Role.DEPARTMENT_OFFICER:
        if user.agency_id and tip.referring_agency_id == user.agency_id:
            return OK
        return (False, _("只能查看本单位移送的线索。"))
    return (False, _("您的角色无权查看举报线索。"))


def _tip_action(user: Any, tip: Tip, action: str) -> Decision:
    if rules.tip_transition(tip.state, action) is None:
        return (False, _(rules.TIP_ACTION_REFUSALS[action]))
    if _role(user) not in rules.tip_roles(tip.state, action):
        return (False, _("您的角色无权办理该线索。"))
    return OK


def can_assign_tip(user: Any, tip: Tip) -> Decision:
    """Assigning a tip to an officer: the bureau in its area."""
    allowed, reason = _tip_action(user, tip, "assign")
    if not allowed:
        return allowed, reason
    if _in_area(user, district_id=tip.district_id, street_id=tip.street_id):
        return OK
    return (False, _("该线索不在您的管辖区域内。"))


def can_close_tip(user: Any, tip: Tip) -> Decision:
    """Closing a tip as unfounded: the bureau in its area, or the street officer it is
    assigned to."""
    allowed, reason = _tip_action(user, tip, "close")
    if not allowed:
        return allowed, reason
    if _role(user) == Role.STREET_OFFICER:
        if tip.handled_by_id != user.id or not _in_street(user, tip.street_id):
            return (False, _("街道只能办结分派给本人的本街道线索。"))
        return OK
    if _in_area(user, district_id=tip.district_id, street_id=tip.street_id):
        return OK
    return (False, _("该线索不在您的管辖区域内。"))


def can_merge_tip(user: Any, tip: Tip) -> Decision:
    """Merging a tip into a case (opening one, or joining an open one): the bureau."""
    allowed, reason = _tip_action(user, tip, "merge")
    if not allowed:
        return allowed, reason
    if _in_area(user, district_id=tip.district_id, street_id=tip.street_id):
        return OK
    return (False, _("该线索不在您的管辖区域内。"))


def can_view_reporter(user: Any, tip: Tip) -> Decision:
    """The reporter's full name and contact: the registration authority of the area only."""
    if _role(user) == Role.DISTRICT_ADMIN and _in_area(
        user, district_id=tip.district_id, street_id=tip.street_id
    ):
        return OK
    return (False, _("只有登记管理机关可以查看举报人的完整信息。"))


def can_handle_tip_as(officer: Any, tip_or_case: Tip | InvestigationCase) -> Decision:
    """Whether ``officer`` may be the one a tip or case is assigned to: the bureau of the area
    or the street officer of the street."""
    role = _role(officer)
    district_id, street_id = tip_or_case.district_id, tip_or_case.street_id
    if role == Role.DISTRICT_ADMIN and _in_area(
        officer, district_id=district_id, street_id=street_id
    ):
        return OK
    if role == Role.STREET_OFFICER and _in_street(officer, street_id):
        return OK
    return (False, _("承办人须为本区民政局管理员或所在街道的工作人员。"))


# ------------------------------------------------------------------------ cases


def can_view_cases(user: Any) -> Decision:
    if _role(user) in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.AUDITOR):
        return OK
    return (False, _("您的角色无权查看非法社会组织案件。"))


def can_view_case(user: Any, case: InvestigationCase) -> Decision:
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        if _in_area(user, district_id=case.district_id, street_id=case.street_id):
            return OK
        return (False, _("该案件不在您的管辖区域内。"))
    if role == Role.STREET_OFFICER:
        return OK if _in_street(user, case.street_id) else (False, _("该案件不在您的街道。"))
    return (False, _("您的角色无权查看非法社会组织案件。"))


def can_open_case(user: Any, *, district_id: int, street_id: int | None) -> Decision:
    """Opening an investigation: the registration authority (district bureau) in its area."""
    if _role(user) != Role.DISTRICT_ADMIN:
        return (False, _("只有登记管理机关可以立案调查。"))
    if _in_area(user, district_id=district_id, street_id=street_id):
        return OK
    return (False, _("该地点不在您的管辖区域内。"))


def can_open_cases(user: Any) -> Decision:
    """Whether the user may open the case form at all."""
    if _role(user) == Role.DISTRICT_ADMIN and user.area_id:
        return OK
    return (False, _("只有登记管理机关可以立案调查。"))


def _case_action(user: Any, case: InvestigationCase, action: str) -> Decision:
    if rules.case_transition(case.state, action) is None:
        return (False, _(rules.CASE_ACTION_REFUSALS[action]))
    if _role(user) not in rules.case_roles(case.state, action):
        return (False, _("您的角色无权办理该案件。"))
    return OK


def _officer_ids(case: InvestigationCase) -> set[int]:
    return {officer.id for officer in case.officers.all()}


def can_add_evidence(user: Any, case: InvestigationCase) -> Decision:
    """Recording evidence: the bureau in its area, or a street officer assigned to the case."""
    allowed, reason = _case_action(user, case, "add_evidence")
    if not allowed:
        return allowed, reason
    if _role(user) == Role.STREET_OFFICER:
        if _in_street(user, case.street_id) and user.id in _officer_ids(case):
            return OK
        return (False, _("街道只能为分派给本人的本街道案件登记证据。"))
    if _in_area(user, district_id=case.district_id, street_id=case.street_id):
        return OK
    return (False, _("该案件不在您的管辖区域内。"))


def can_view_evidence(user: Any, case: InvestigationCase) -> Decision:
    """Evidence files: whoever may see the case."""
    return can_view_case(user, case)


def can_decide_case(user: Any, case: InvestigationCase) -> Decision:
    """Concluding a case (取缔 / 劝散 / 引导登记 / 不构成): the bureau in its area."""
    allowed, reason = _case_action(user, case, "decide")
    if not allowed:
        return allowed, reason
    if _in_area(user, district_id=case.district_id, street_id=case.street_id):
        return OK
    return (False, _("该案件不在您的管辖区域内。"))


def can_publish_case(user: Any, case: InvestigationCase) -> Decision:
    """Publishing a ban or dispersal: the bureau in its area."""
    allowed, reason = _case_action(user, case, "publish")
    if not allowed:
        return allowed, reason
    if not _in_area(user, district_id=case.district_id, street_id=case.street_id):
        return (False, _("该案件不在您的管辖区域内。"))
    problem = rules.publish_problem(outcome=case.outcome, published=case.published)
    if problem is not None:
        return (False, _(problem.template))
    return OK
