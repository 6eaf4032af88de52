"""Who may see and do what in level evaluation. Every view and API calls these on the server; the
services call them again before writing.

The district bureau (民政局管理员) runs the rounds of its district: creates and opens them,
assigns experts, aggregates, publishes, resolves objections and announces. Auditors read.
An organization applies to its own district's rounds, assesses itself, sees its result and may
object during the notice. An expert sees and scores only the applications assigned to them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAssignment,
    Objection,
    Result,
)
from socorg.registry.models import Organization

Decision = tuple[bool, str]
OK: Decision = (True, "")
STATISTICS_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
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


def covers_district(area: Area | None, district: Area) -> bool:
    """Whether a user's area (district, city or province) contains ``district``."""
    if area is None:
        return False
    if area.level == Area.Level.DISTRICT:
        return area.id == district.id
    if area.level == Area.Level.CITY:
        return district.parent_id == area.id
    if area.level == Area.Level.PROVINCE:
        return district.code.startswith(area.code)
    return False


def _staff_of(user: Any, round_: EvaluationRound) -> bool:
    return covers_district(user.area, round_.district)


def can_view_rounds(user: Any) -> Decision:
    """The round list: the bureau and auditors; organizations see their district's rounds."""
    if _role(user) in (Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ORGANIZATION):
        return OK
    return (False, _("您的角色无权查看评估轮次。"))


def can_create_round(user: Any) -> Decision:
    """Only a district bureau opens rounds, for its own district."""
    if _role(user) != Role.DISTRICT_ADMIN:
        return (False, _("只有民政局管理员可以创建评估轮次。"))
    if user.area is None or user.area.level != Area.Level.DISTRICT:
        return (False, _("评估轮次按区县组织，您的账户须关联一个区县。"))
    return OK


def can_view_round(user: Any, round_: EvaluationRound) -> Decision:
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return OK if _staff_of(user, round_) else (False, _("该评估轮次不在您的管辖区域内。"))
    if role == Role.ORGANIZATION:
        if round_.state == EvaluationRound.State.DRAFT:
            return (False, _("该评估轮次尚未开始。"))
        own = own_organization_id(user)
        if own and Organization.objects.filter(pk=own, district_id=round_.district_id).exists():
            return OK
        return (False, _("该评估轮次不是本组织所在区县组织的。"))
    return (False, _("您的角色无权查看评估轮次。"))


def can_manage_round(user: Any, round_: EvaluationRound) -> Decision:
    """Open, close for scoring, publish, announce, close; assign experts; resolve objections."""
    if _role(user) != Role.DISTRICT_ADMIN:
        return (False, _("只有民政局管理员可以办理评估轮次。"))
    if not _staff_of(user, round_):
        return (False, _("该评估轮次不在您的管辖区域内。"))
    return OK


def can_apply(user: Any, round_: EvaluationRound, org: Organization) -> Decision:
    """An organization account applies for its own organization, in its own district."""
    if _role(user) != Role.ORGANIZATION:
        return (False, _("只有社会组织账户可以申报评估。"))
    if own_organization_id(user) != org.pk:
        return (False, _("只能为本组织申报评估。"))
    if org.district_id != round_.district_id:
        return (False, _("该评估轮次不是本组织所在区县组织的。"))
    return OK


def can_view_application(user: Any, application: Application) -> Decision:
    role = _role(user)
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        if _staff_of(user, application.round):
            return OK
        return (False, _("该申报不在您的管辖区域内。"))
    if role == Role.ORGANIZATION:
        if own_organization_id(user) == application.organization_id:
            return OK
        return (False, _("只能查看本组织的评估申报。"))
    if role == Role.EXPERT:
        if ExpertAssignment.objects.filter(application=application, expert=user).exists():
            return OK
        return (False, _("专家只能查看指派给本人的评估申报。"))
    return (False, _("您的角色无权查看评估申报。"))


def can_self_assess(user: Any, application: Application) -> Decision:
    """The organization fills in its self-assessment while the round takes applications."""
    if _role(user) != Role.ORGANIZATION or own_organization_id(user) != application.organization_id:
        return (False, _("只有申报组织本身可以填写自评。"))
    if application.state != Application.State.SUBMITTED:
        return (False, _("该申报已撤回或已评分，不能再修改自评。"))
    if application.round.state != EvaluationRound.State.OPEN:
        return (False, _("评估轮次已截止申报，不能再修改自评。"))
    return OK


def can_withdraw_application(user: Any, application: Application) -> Decision:
    if _role(user) != Role.ORGANIZATION or own_organization_id(user) != application.organization_id:
        return (False, _("只有申报组织本身可以撤回申报。"))
    if application.state == Application.State.WITHDRAWN:
        return (False, _("该申报已撤回。"))
    if application.round.state not in (
        EvaluationRound.State.OPEN,
        EvaluationRound.State.SCORING,
    ):
        return (False, _("评估结果已公示，不能撤回申报。"))
    return OK


def can_assign_expert(user: Any, application: Application) -> Decision:
    return can_manage_round(user, application.round)


def can_score(user: Any, assignment: ExpertAssignment) -> Decision:
    """Only the assigned expert, not recused, while the round is in expert review."""
    if _role(user) != Role.EXPERT:
        return (False, _("只有评审专家可以评分。"))
    if assignment.expert_id != user.pk:
        return (False, _("您未被指派评审此申报，不能评分。"))
    if assignment.recused:
        return (False, _("您已回避此申报，不能评分。"))
    return OK


def can_recuse(user: Any, assignment: ExpertAssignment) -> Decision:
    """The expert declares a conflict; the bureau may also withdraw an expert."""
    role = _role(user)
    if role == Role.EXPERT and assignment.expert_id == user.pk:
        return OK
    if role == Role.DISTRICT_ADMIN:
        return can_manage_round(user, assignment.application.round)
    return (False, _("只有被指派的专家本人或民政局管理员可以办理回避。"))


def can_view_assignments(user: Any) -> Decision:
    if _role(user) == Role.EXPERT:
        return OK
    return (False, _("只有评审专家有评审任务。"))


def can_file_objection(user: Any, result: Result) -> Decision:
    """Only the organization evaluated may object to its result (during the notice)."""
    if _role(user) != Role.ORGANIZATION or own_organization_id(user) != result.organization_id:
        return (False, _("只有被评估的组织本身可以对评估结果提出异议。"))
    return OK


def can_resolve_objection(user: Any, objection: Objection) -> Decision:
    return can_manage_round(user, objection.result.round)


def can_manage_affiliations(user: Any, expert: Any) -> Decision:
    """The bureau records where experts belong; an expert declares their own."""
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        return OK
    if role == Role.EXPERT and expert.pk == user.pk:
        return OK
    return (False, _("只有民政局管理员或专家本人可以登记专家的关联组织。"))


def can_view_statistics(user: Any) -> Decision:
    """Level counts (3A+ at a date): staff, over the organizations they may see."""
    if _role(user) in STATISTICS_ROLES:
        return OK
    return (False, _("您的角色无权查看评估统计。"))
