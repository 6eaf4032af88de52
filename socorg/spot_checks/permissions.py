"""Who may organize, carry out and read spot checks. Every view and API calls these on the server.

* The registration authority (``district_admin``) organizes campaigns in its area: creates them,
  draws, assigns inspectors, keeps the inspector pool and the conflict declarations, issues
  rectification notices and publishes the results.
* Auditors read campaigns in their area.
* An inspector (any account drawn from the pool) sees and records the checks assigned to them,
  and declares their own conflicts of interest.
* Everyone, without login, reads the published results.

Each function returns ``(allowed, reason)``; the reason is shown when the answer is no.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.spot_checks.models import Campaign, SampledOrganization

Decision = tuple[bool, str]
OK: Decision = (True, "")

# Accounts that may be put in the inspector pool: government staff and experts.
POOL_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.EXPERT,
    }
)
# A campaign covers a district or one of its streets.
CAMPAIGN_LEVELS = (Area.Level.DISTRICT, Area.Level.STREET)
# Findings may be recorded (or corrected) while the campaign is under way.
RECORDING_STATES = (Campaign.State.IN_PROGRESS, Campaign.State.COMPLETED)


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def area_within(inner: Area, outer: Area) -> bool:
    """Whether ``inner`` lies in ``outer`` (division codes nest: 420106 ⊃ 420106001)."""
    return inner.code.startswith(outer.code)


def _admin_of(user: Any, area: Area) -> bool:
    return (
        _role(user) == Role.DISTRICT_ADMIN
        and user.area is not None
        and area_within(area, user.area)
    )


def can_view_campaigns(user: Any) -> Decision:
    """The campaign list (the bureau and auditors, in their area)."""
    if _role(user) in (Role.DISTRICT_ADMIN, Role.AUDITOR) and user.area_id:
        return OK
    return (False, _("只有民政局管理员和审计人员可以查看抽查任务。"))


def can_view_campaign(user: Any, campaign: Campaign) -> Decision:
    if _role(user) in (Role.DISTRICT_ADMIN, Role.AUDITOR) and user.area is not None:
        if area_within(campaign.area, user.area):
            return OK
        return (False, _("该抽查任务不在您的管辖区域内。"))
    return (False, _("只有民政局管理员和审计人员可以查看抽查任务。"))


def can_create_campaign(user: Any, area: Area | None = None) -> Decision:
    """The registration authority, for its district or one of its streets."""
    if _role(user) != Role.DISTRICT_ADMIN or user.area is None:
        return (False, _("只有民政局管理员可以组织双随机抽查。"))
    if area is not None and not area_within(area, user.area):
        return (False, _("抽查范围不在您的管辖区域内。"))
    return OK


def can_manage_campaign(user: Any, campaign: Campaign) -> Decision:
    """Draw, assign, issue rectification notices, publish: the bureau of the campaign's area."""
    if _admin_of(user, campaign.area):
        return OK
    if _role(user) == Role.DISTRICT_ADMIN:
        return (False, _("该抽查任务不在您的管辖区域内。"))
    return (False, _("只有民政局管理员可以办理抽查任务。"))


def can_manage_pool(user: Any, area: Area | None = None) -> Decision:
    """The inspector pool of an area: the bureau of that area."""
    if _role(user) != Role.DISTRICT_ADMIN or user.area is None:
        return (False, _("只有民政局管理员可以管理检查人员库。"))
    if area is not None and not area_within(area, user.area):
        return (False, _("该区划不在您的管辖区域内。"))
    return OK


def can_be_inspector(user: Any) -> Decision:
    """Whether an account may be put in the pool (staff or an expert, active)."""
    if _role(user) in POOL_ROLES:
        return OK
    return (False, _("只有机关工作人员和评审专家可以列入检查人员库。"))


def can_declare_conflict(user: Any, inspector: Any) -> Decision:
    """An inspector declares their own conflicts; the bureau records them for anyone."""
    role = _role(user)
    if role == Role.DISTRICT_ADMIN:
        return OK
    if role in POOL_ROLES and inspector is not None and user.pk == inspector.pk:
        return OK
    return (False, _("只能申报本人的回避事项。"))


def can_view_inspections(user: Any) -> Decision:
    """ "My inspections": any account that may be drawn as an inspector."""
    return can_be_inspector(user)


def is_assigned(user: Any, sampled: SampledOrganization) -> bool:
    if _role(user) is None:
        return False
    return sampled.inspectors.filter(pk=user.pk).exists()


def can_view_sampled(user: Any, sampled: SampledOrganization) -> Decision:
    """One sampled organization: its inspectors, or whoever may view the campaign."""
    if is_assigned(user, sampled):
        return OK
    return can_view_campaign(user, sampled.campaign)


def can_record_finding(user: Any, sampled: SampledOrganization) -> Decision:
    """Only an inspector assigned to this organization, while the campaign is under way."""
    if not is_assigned(user, sampled):
        return (False, _("只有选派检查该组织的检查人员可以录入检查结果。"))
    campaign = sampled.campaign
    if campaign.state not in RECORDING_STATES:
        return (
            False,
            _("抽查任务处于“%(state)s”状态，不能录入检查结果。")
            % {"state": campaign.get_state_display()},
        )
    if sampled.rectification_notice_id is not None:
        return (False, _("已下达整改通知，检查结果不能再修改。"))
    return OK


def can_set_rectification(user: Any, sampled: SampledOrganization) -> Decision:
    """Issue the rectification notice for a finding: the bureau of the campaign's area."""
    return can_manage_campaign(user, sampled.campaign)
