"""Use cases of 双随机、一公开: create a campaign, draw, assign inspectors, record findings, order
rectification, publish; keep the inspector pool and the conflict declarations.

Each checks permission first, validates (a clear Chinese message per field, nothing written on
bad input), writes, and records the audit event. A rectification order is written as a credit
``RectificationNotice`` through the credit service, so a missed deadline becomes trigger A3.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socorg.accounts.models import User
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.areas.selectors import area_scope_q
from socorg.audit.services import audit_record, changed, snapshot
from socorg.core.errors import ApplicationError, require
from socorg.core.i18n import render
from socorg.credit.models import RectificationNotice
from socorg.credit.services import rectification_notice_record, rectification_notice_verify
from socorg.registry.models import ACTIVE, Organization, OrganizationMember
from socorg.spot_checks import permissions, rules
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)
from socorg.spot_checks.policy import get_policy

Problems = dict[str, list[str]]
SEED_RE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
# How many organizations a shortage message names before it sums up the rest.
SHORTAGES_SHOWN = 20
BULK_BATCH = 2000

CAMPAIGN_FIELDS = (
    "name",
    "year",
    "area",
    "org_types",
    "strata",
    "share",
    "count_per_stratum",
    "min_per_stratum",
    "inspectors_per_check",
    "employment_recusal_years",
    "same_street_recusal",
    "seed",
    "seed_generated",
    "state",
)
FINDING_FIELDS = ("finding", "finding_text", "checked_on", "recorded_by")


# -- shared checks ----------------------------------------------------------------------------


def _add(problems: Problems, name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _raise_if(problems: Problems) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def _day(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# -- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignInput:
    """A new campaign. Unset numbers take the policy's defaults (``POLICY["spot_checks"]``)."""

    name: str
    year: int | None
    area: Area | None
    strata: str = rules.Strata.TYPE.value
    share: Decimal | None = None
    count_per_stratum: int | None = None
    min_per_stratum: int | None = None
    org_types: Iterable[str] = field(default_factory=tuple)
    inspectors_per_check: int | None = None
    employment_recusal_years: int | None = None
    same_street_recusal: bool | None = None
    seed: str = ""


@transaction.atomic
def campaign_create(*, actor: Any, data: CampaignInput, today: dt.date | None = None) -> Campaign:
    """Create a campaign in the actor's area with its sampling plan; the seed is the one given
    or a fresh random one (``secrets``), recorded either way."""
    day = _day(today)
    policy = get_policy()
    require(permissions.can_create_campaign(actor))
    problems: Problems = {}
    name = (data.name or "").strip()
    if not name:
        _add(problems, "name", _("请填写任务名称。"))
    elif len(name) > 100:
        _add(problems, "name", _("任务名称不能超过 100 个字。"))
    if data.year is None:
        _add(problems, "year", _("请填写年度。"))
    elif not (2000 <= data.year <= day.year + 1):
        _add(
            problems,
            "year",
            _("年度应在 2000 年至 %(max)s 年之间。") % {"max": day.year + 1},
        )
    area = data.area
    if area is None:
        _add(problems, "area", _("请选择抽查范围。"))
    elif area.level not in permissions.CAMPAIGN_LEVELS:
        _add(problems, "area", _("抽查范围必须是区县或街道。"))
    else:
        require(permissions.can_create_campaign(actor, area))
    if data.strata not in rules.Strata.__members__.values():
        _add(problems, "strata", _("请选择分层方式。"))
    org_types = sorted(set(data.org_types))
    unknown = [t for t in org_types if t not in Organization.Type.values]
    if unknown:
        _add(
            problems, "org_types", _("未知的组织类型：%(types)s。") % {"types": "、".join(unknown)}
        )

    count = data.count_per_stratum
    share = data.share
    if share is None and count is None:
        share = policy.share_percent
    minimum = policy.minimum_per_stratum if data.min_per_stratum is None else data.min_per_stratum
    for problem in rules.plan_problems(
        share_percent=share, count_per_stratum=count, minimum_per_stratum=minimum
    ):
        _add(problems, problem.field, render(problem.message))
    if share is not None and share.is_finite() and share != share.quantize(Decimal("0.01")):
        _add(problems, "share", _("抽查比例最多保留两位小数。"))
    per_check = (
        policy.inspectors_per_check
        if data.inspectors_per_check is None
        else data.inspectors_per_check
    )
    if not (1 <= per_check <= policy.max_inspectors_per_check):
        _add(
            problems,
            "inspectors_per_check",
            _("每户检查人员数应为 1 至 %(max)s 名。") % {"max": policy.max_inspectors_per_check},
        )
    years = (
        policy.employment_recusal_years
        if data.employment_recusal_years is None
        else data.employment_recusal_years
    )
    if not (0 <= years <= policy.max_employment_recusal_years):
        _add(
            problems,
            "employment_recusal_years",
            _("任职回避年限应为 0 至 %(max)s 年。") % {"max": policy.max_employment_recusal_years},
        )
    seed = (data.seed or "").strip()
    if seed and not SEED_RE.match(seed):
        _add(problems, "seed", _("随机种子只能由字母、数字、下划线和连字符组成，最长 64 位。"))
    if (
        not problems
        and area is not None
        and Campaign.objects.filter(area=area, year=data.year, name=name).exists()
    ):
        _add(problems, "name", _("该范围同一年度已有同名抽查任务。"))
    _raise_if(problems)

    campaign = Campaign.objects.create(
        name=name,
        year=data.year,
        area=area,
        org_types=org_types,
        strata=data.strata,
        share=share if count is None else None,
        count_per_stratum=count,
        min_per_stratum=minimum,
        inspectors_per_check=per_check,
        employment_recusal_years=years,
        same_street_recusal=(
            policy.same_street_recusal
            if data.same_street_recusal is None
            else data.same_street_recusal
        ),
        seed=seed or secrets.token_hex(16),
        seed_generated=not seed,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="spot_checks.campaign.create",
        obj=campaign,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


def _population(campaign: Campaign) -> Iterable[tuple[int, str, int]]:
    """The active organizations in the campaign's scope: one query, streamed in id order."""
    qs = Organization.objects.filter(area_scope_q(campaign.area), status__in=ACTIVE)
    if campaign.org_types:
        qs = qs.filter(org_type__in=campaign.org_types)
    return qs.order_by("id").values_list("id", "org_type", "street_id").iterator(chunk_size=10000)


def _refuse_state(campaign: Campaign, expected: str, field: str = "state") -> None:
    if campaign.state != expected:
        raise ApplicationError.for_field(
            field,
            _("抽查任务处于“%(state)s”状态，不能办理此事项。")
            % {"state": campaign.get_state_display()},
        )


@transaction.atomic
def campaign_draw(*, actor: Any, campaign: Campaign, today: dt.date | None = None) -> Campaign:
    """Draw the organizations to check (随机抽取检查对象) with the campaign's seed and plan, and
    store the sample. Drawing twice is refused: the first sample stands."""
    day = _day(today)
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    require(permissions.can_manage_campaign(actor, campaign))
    if campaign.state != Campaign.State.DRAFT:
        raise ApplicationError.for_field(
            "state",
            _("该任务已于 %(day)s 抽取检查对象，不能重复抽取。")
            % {"day": campaign.drawn_on.isoformat()}
            if campaign.drawn_on
            else _("该任务已抽取检查对象，不能重复抽取。"),
        )
    # Stratum keys are shared strings, so a large population costs one small tuple per row.
    keys: dict[tuple[str, int], str] = {}
    population: list[tuple[int, str]] = []
    for org_id, org_type, street_id in _population(campaign):
        key = keys.get((org_type, street_id))
        if key is None:
            key = rules.stratum_key(campaign.strata, org_type=org_type, street_id=street_id)
            keys[(org_type, street_id)] = key
        population.append((org_id, key))
    if not population:
        raise ApplicationError.for_field(
            "area", _("抽查范围内没有处于正常（已登记或已备案）状态的社会组织，无法抽取。")
        )
    draw = rules.draw_strata(
        population,
        seed=campaign.seed,
        share_percent=campaign.share,
        counts=campaign.count_per_stratum,
        minimum=campaign.min_per_stratum,
    )
    del population
    stratum_of = draw.stratum_of
    SampledOrganization.objects.bulk_create(
        (
            SampledOrganization(
                campaign=campaign, organization_id=org_id, stratum=stratum_of[org_id]
            )
            for org_id in draw.organization_ids
        ),
        batch_size=BULK_BATCH,
    )
    campaign.state = Campaign.State.DRAWN
    campaign.population_size = draw.population
    campaign.draw_summary = [
        {"stratum": s.key, "population": s.population, "drawn": len(s.drawn)} for s in draw.strata
    ]
    campaign.drawn_on = day
    campaign.drawn_at = timezone.now()
    campaign.drawn_by = actor
    campaign.save(
        update_fields=[
            "state",
            "population_size",
            "draw_summary",
            "drawn_on",
            "drawn_at",
            "drawn_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="spot_checks.campaign.draw",
        obj=campaign,
        before={"state": Campaign.State.DRAFT},
        after={
            "state": campaign.state,
            "seed": campaign.seed,
            "population": draw.population,
            "sample": len(draw.organization_ids),
            "strata": campaign.draw_summary,
        },
        reason=draw.basis,
    )
    return campaign


def _area_chain(area: Area) -> list[int]:
    """The area and the areas above it (a pool of the district serves its streets)."""
    ids: list[int] = []
    current: Area | None = area
    while current is not None and len(ids) < 8:
        ids.append(current.pk)
        current = current.parent
    return ids


def campaign_pool(campaign: Campaign) -> list[InspectorPoolMember]:
    """The active inspectors who may be drawn for the campaign (one row per person)."""
    members = (
        InspectorPoolMember.objects.filter(
            area_id__in=_area_chain(campaign.area), is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "id")
    )
    unique: dict[int, InspectorPoolMember] = {}
    for member in members:
        unique.setdefault(member.user_id, member)
    return list(unique.values())


def _conflicts(campaign: Campaign, inspector_ids: list[int]) -> list[rules.Conflict]:
    """Declared conflicts and own-organization links between the pool and the sample."""
    sampled = SampledOrganization.objects.filter(campaign=campaign).values("organization_id")
    found = [
        rules.Conflict(user_id, org_id, rules.ConflictKind(kind), ended_on)
        for user_id, org_id, kind, ended_on in ConflictDeclaration.objects.filter(
            inspector_id__in=inspector_ids, organization_id__in=sampled
        ).values_list("inspector_id", "organization_id", "kind", "ended_on")
    ]
    found += [
        rules.Conflict(user_id, org_id, rules.ConflictKind.OWN)
        for user_id, org_id in OrganizationMember.objects.filter(
            user_id__in=inspector_ids, organization_id__in=sampled
        ).values_list("user_id", "organization_id")
    ]
    return found


@transaction.atomic
def inspectors_assign(*, actor: Any, campaign: Campaign, today: dt.date | None = None) -> Campaign:
    """Randomly assign inspectors from the pool to every drawn organization (随机选派执法检查
    人员), with recusal and balanced load. Too few inspectors who need not recuse: nothing is
    assigned and each such organization is named."""
    day = _day(today)
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    require(permissions.can_manage_campaign(actor, campaign))
    _refuse_state(campaign, Campaign.State.DRAWN)
    pool = campaign_pool(campaign)
    if not pool:
        raise ApplicationError.for_field(
            "pool", _("检查人员库为空：请先将执法人员或专家加入检查人员库，再选派。")
        )
    inspectors = [
        rules.Inspector(m.user_id, street_id=m.street_id, label=str(m.user)) for m in pool
    ]
    rows = list(
        SampledOrganization.objects.filter(campaign=campaign).values_list(
            "id", "organization_id", "organization__street_id", "organization__name"
        )
    )
    sampled_id = {org_id: pk for pk, org_id, _street, _name in rows}
    targets = [rules.Target(org_id, street, name) for _pk, org_id, street, name in rows]
    assignment = rules.assign_inspectors(
        targets,
        inspectors,
        seed=f"{campaign.seed}:inspectors",
        per_check=campaign.inspectors_per_check,
        conflicts=_conflicts(campaign, [i.inspector_id for i in inspectors]),
        policy=rules.RecusalPolicy(
            employment_years=campaign.employment_recusal_years,
            same_street=campaign.same_street_recusal,
        ),
        on=day,
    )
    if assignment.problem is not None:
        raise ApplicationError.for_field("pool", render(assignment.problem))
    if assignment.shortages:
        messages = [render(s.message) for s in assignment.shortages[:SHORTAGES_SHOWN]]
        more = len(assignment.shortages) - SHORTAGES_SHOWN
        if more > 0:
            messages.append(_("另有 %(n)s 户同样缺少可选派的检查人员。") % {"n": more})
        raise ApplicationError(
            _(
                "无法选派：%(n)s 户组织可选派的检查人员不足（须回避的人员不能选派）。"
                "请补充检查人员库或减少每户检查人员数。"
            )
            % {"n": len(assignment.shortages)},
            errors={"inspectors": messages},
        )
    through = SampledOrganization.inspectors.through
    through.objects.bulk_create(
        (
            through(sampledorganization_id=sampled_id[org_id], user_id=user_id)
            for org_id, users in assignment.by_organization.items()
            for user_id in users
        ),
        batch_size=BULK_BATCH,
    )
    load = assignment.load()
    campaign.state = Campaign.State.IN_PROGRESS
    campaign.assigned_at = timezone.now()
    campaign.assignment_summary = {
        "seed": f"{campaign.seed}:inspectors",
        "on": day.isoformat(),
        "pool": [i.inspector_id for i in inspectors],
        "load": {str(k): v for k, v in sorted(load.items())},
    }
    campaign.save(update_fields=["state", "assigned_at", "assignment_summary", "updated_at"])
    audit_record(
        actor=actor,
        action="spot_checks.inspectors.assign",
        obj=campaign,
        before={"state": Campaign.State.DRAWN},
        after={"state": campaign.state, **campaign.assignment_summary},
        reason=assignment.basis,
    )
    return campaign


# -- findings and rectification ---------------------------------------------------------------


def _lock_sampled(sampled: SampledOrganization) -> SampledOrganization:
    return (
        SampledOrganization.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__area", "organization")
        .get(pk=sampled.pk)
    )


@transaction.atomic
def finding_record(
    *,
    actor: Any,
    sampled: SampledOrganization,
    finding: str,
    finding_text: str = "",
    checked_on: dt.date | None = None,
    today: dt.date | None = None,
) -> SampledOrganization:
    """An assigned inspector records the result of the check (no issue, or the issues found).
    When the last organization has its result, the campaign is complete."""
    day = _day(today)
    sampled = _lock_sampled(sampled)
    require(permissions.can_record_finding(actor, sampled))
    problems: Problems = {}
    if finding not in (
        SampledOrganization.Finding.NO_ISSUE,
        SampledOrganization.Finding.ISSUES,
    ):
        _add(problems, "finding", _("请选择检查结果：未发现问题或发现问题。"))
    text = (finding_text or "").strip()
    if finding == SampledOrganization.Finding.ISSUES and not text:
        _add(problems, "finding_text", _("发现问题的，请写明发现的问题。"))
    if checked_on is None:
        _add(problems, "checked_on", _("请填写检查日期。"))
    elif checked_on > day:
        _add(
            problems,
            "checked_on",
            _("检查日期不能晚于今天（%(today)s）。") % {"today": day.isoformat()},
        )
    else:
        drawn_on = sampled.campaign.drawn_on
        if drawn_on and checked_on < drawn_on:
            _add(
                problems,
                "checked_on",
                _("检查日期不能早于抽取检查对象的日期（%(day)s）。")
                % {"day": drawn_on.isoformat()},
            )
    _raise_if(problems)
    before = snapshot(sampled, FINDING_FIELDS)
    sampled.finding = finding
    sampled.finding_text = text if finding == SampledOrganization.Finding.ISSUES else ""
    sampled.checked_on = checked_on
    sampled.recorded_by = actor
    sampled.recorded_at = timezone.now()
    sampled.save(
        update_fields=["finding", "finding_text", "checked_on", "recorded_by", "recorded_at"]
    )
    old, new = changed(before, snapshot(sampled, FINDING_FIELDS))
    audit_record(
        actor=actor,
        action="spot_checks.finding.record",
        obj=sampled,
        object_repr=f"{sampled.campaign} — {sampled.organization}",
        before=old,
        after=new,
        reason=text,
    )
    campaign = sampled.campaign
    if (
        campaign.state == Campaign.State.IN_PROGRESS
        and not SampledOrganization.objects.filter(
            campaign=campaign, finding=SampledOrganization.Finding.PENDING
        ).exists()
    ):
        Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.IN_PROGRESS).update(
            state=Campaign.State.COMPLETED, completed_at=timezone.now(), updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="spot_checks.campaign.complete",
            obj=campaign,
            before={"state": Campaign.State.IN_PROGRESS},
            after={"state": Campaign.State.COMPLETED},
            reason=_("全部抽查对象已录入检查结果。"),
        )
    return sampled


@transaction.atomic
def rectification_set(
    *,
    actor: Any,
    sampled: SampledOrganization,
    deadline: dt.date | None,
    document_number: str,
    content: str = "",
    today: dt.date | None = None,
) -> SampledOrganization:
    """Order rectification of the issues found (责令限期整改): a credit rectification notice is
    issued today with the deadline; not rectified by then → 活动异常名录 (A3)."""
    day = _day(today)
    sampled = _lock_sampled(sampled)
    require(permissions.can_set_rectification(actor, sampled))
    problems: Problems = {}
    if sampled.finding != SampledOrganization.Finding.ISSUES:
        _add(problems, "finding", _("只有检查发现问题的组织才能责令整改。"))
    elif sampled.rectification_notice_id is not None:
        _add(
            problems,
            "rectification",
            _("已于 %(day)s 下达整改通知，不能重复下达。")
            % {"day": sampled.rectification_notice.issued_on.isoformat()},
        )
    if deadline is None:
        _add(problems, "deadline", _("请填写整改期限。"))
    elif deadline <= day:
        _add(
            problems,
            "deadline",
            _("整改期限必须晚于今天（%(today)s）。") % {"today": day.isoformat()},
        )
    document = (document_number or "").strip()
    if not document:
        _add(problems, "document_number", _("请填写整改通知文号。"))
    elif len(document) > 100:
        _add(problems, "document_number", _("整改通知文号不能超过 100 个字。"))
    _raise_if(problems)
    campaign = sampled.campaign
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the site language
        source = (
            _("双随机抽查：%(year)s %(name)s（任务 %(id)s）")
            % {"year": campaign.year, "name": campaign.name, "id": campaign.pk}
        )[:100]
    notice = rectification_notice_record(
        actor=actor,
        organization=sampled.organization,
        issued_on=day,
        deadline=deadline,
        document_number=document,
        content=(content or "").strip() or sampled.finding_text,
        source=source,
        evidence=sampled.finding_text,
        today=day,
    )
    sampled.rectification_notice = notice
    sampled.rectification_deadline = deadline
    sampled.save(update_fields=["rectification_notice", "rectification_deadline"])
    audit_record(
        actor=actor,
        action="spot_checks.rectification.set",
        obj=sampled,
        object_repr=f"{campaign} — {sampled.organization}",
        after={
            "notice": notice.pk,
            "deadline": deadline,
            "document_number": document,
        },
        reason=sampled.finding_text,
    )
    return sampled


@transaction.atomic
def rectification_verify(
    *,
    actor: Any,
    sampled: SampledOrganization,
    rectified_on: dt.date | None,
    evidence: str,
    today: dt.date | None = None,
) -> SampledOrganization:
    """查实 that the rectification ordered after the check was done (through the credit service:
    on time, no A3; late, the A3 listing is removed)."""
    sampled = _lock_sampled(sampled)
    require(permissions.can_set_rectification(actor, sampled))
    if sampled.rectification_notice_id is None:
        raise ApplicationError.for_field("rectification", _("该组织未被责令整改，无需查实。"))
    notice = RectificationNotice.objects.get(pk=sampled.rectification_notice_id)
    rectification_notice_verify(
        actor=actor, notice=notice, rectified_on=rectified_on, evidence=evidence, today=today
    )
    return sampled


@transaction.atomic
def campaign_publish(*, actor: Any, campaign: Campaign, today: dt.date | None = None) -> Campaign:
    """Make the results public (一公开): every checked organization's result and rectification
    state appear in the public list."""
    campaign = Campaign.objects.select_for_update().select_related("area").get(pk=campaign.pk)
    require(permissions.can_manage_campaign(actor, campaign))
    if campaign.state == Campaign.State.IN_PROGRESS:
        pending = SampledOrganization.objects.filter(
            campaign=campaign, finding=SampledOrganization.Finding.PENDING
        ).count()
        raise ApplicationError.for_field(
            "state",
            _("还有 %(n)s 户组织未录入检查结果，检查完成后才能公开。") % {"n": pending},
        )
    _refuse_state(campaign, Campaign.State.COMPLETED)
    published = SampledOrganization.objects.filter(campaign=campaign).update(published=True)
    campaign.state = Campaign.State.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.published_by = actor
    campaign.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="spot_checks.campaign.publish",
        obj=campaign,
        before={"state": Campaign.State.COMPLETED},
        after={"state": campaign.state, "published": published},
    )
    return campaign


# -- the inspector pool and conflicts ---------------------------------------------------------


def _street_of(user: User) -> Area | None:
    """The street an account works in, where its scope says so (for same-street recusal)."""
    if user.area is not None and user.area.level == Area.Level.STREET:
        return user.area
    if user.area is not None and user.area.level == Area.Level.COMMUNITY:
        return user.area.parent
    agency = user.agency
    if agency is not None and agency.area.level == Area.Level.STREET:
        return agency.area
    return None


@transaction.atomic
def pool_member_add(
    *,
    actor: Any,
    user: User | None,
    area: Area | None = None,
    agency: Agency | None = None,
    street: Area | None = None,
) -> InspectorPoolMember:
    """Put an official or an expert in the inspector pool of the actor's area (or one of its
    streets). Adding someone who left the pool brings them back."""
    area = area or (actor.area if getattr(actor, "area_id", None) else None)
    require(permissions.can_manage_pool(actor, area))
    problems: Problems = {}
    if user is None:
        _add(problems, "user", _("请选择检查人员。"))
    else:
        allowed, reason = permissions.can_be_inspector(user)
        if not allowed:
            _add(problems, "user", reason)
        elif not user.is_active:
            _add(problems, "user", _("该账户已停用。"))
    if area is None or area.level not in permissions.CAMPAIGN_LEVELS:
        _add(problems, "area", _("检查人员库所属区划必须是区县或街道。"))
    if street is not None and (
        street.level != Area.Level.STREET or area is None or not street.code.startswith(area.code)
    ):
        _add(problems, "street", _("所在街道必须是检查人员库所属区划内的街道。"))
    _raise_if(problems)
    assert user is not None and area is not None
    source = (
        InspectorPoolMember.Source.EXPERT
        if user.role == User.Role.EXPERT
        else InspectorPoolMember.Source.AGENCY
    )
    street = street or _street_of(user)
    member = InspectorPoolMember.objects.filter(area=area, user=user).first()
    if member is not None and member.is_active:
        raise ApplicationError.for_field("user", _("该人员已在检查人员库中。"))
    before = snapshot(member, ("is_active", "street", "agency")) if member else None
    if member is None:
        member = InspectorPoolMember.objects.create(
            area=area,
            user=user,
            source=source,
            agency=agency or user.agency,
            street=street,
            added_by=actor,
        )
    else:
        member.is_active = True
        member.source = source
        member.agency = agency or user.agency
        member.street = street
        member.added_by = actor
        member.save()
    audit_record(
        actor=actor,
        action="spot_checks.pool.add",
        obj=member,
        before=before,
        after=snapshot(member, ("area", "user", "source", "agency", "street", "is_active")),
    )
    return member


@transaction.atomic
def pool_member_remove(
    *, actor: Any, member: InspectorPoolMember, reason: str
) -> InspectorPoolMember:
    """Take someone out of the pool (kept, marked out; earlier assignments stand)."""
    member = (
        InspectorPoolMember.objects.select_for_update().select_related("area").get(pk=member.pk)
    )
    require(permissions.can_manage_pool(actor, member.area))
    problems: Problems = {}
    if not member.is_active:
        _add(problems, "member", _("该人员已不在检查人员库中。"))
    reason = (reason or "").strip()
    if not reason:
        _add(problems, "reason", _("请说明移出原因。"))
    _raise_if(problems)
    member.is_active = False
    member.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="spot_checks.pool.remove",
        obj=member,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return member


@transaction.atomic
def conflict_declare(
    *,
    actor: Any,
    inspector: User | None,
    organization: Organization | None,
    kind: str,
    ended_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> ConflictDeclaration:
    """Declare a relationship between an inspector and an organization that requires recusal
    (the inspector for themself, or the bureau for anyone)."""
    day = _day(today)
    require(permissions.can_declare_conflict(actor, inspector))
    problems: Problems = {}
    if inspector is None:
        _add(problems, "inspector", _("请选择检查人员。"))
    if organization is None:
        _add(problems, "organization", _("请选择组织。"))
    if kind not in ConflictDeclaration.Kind.values:
        _add(problems, "kind", _("请选择与该组织的关系。"))
    if ended_on is not None:
        if kind != ConflictDeclaration.Kind.EMPLOYMENT:
            _add(problems, "ended_on", _("只有“曾在该组织任职”需要填写离职日期。"))
        elif ended_on > day:
            _add(
                problems,
                "ended_on",
                _("离职日期不能晚于今天（%(today)s）；仍在任职的请不填。")
                % {"today": day.isoformat()},
            )
    note = (note or "").strip()
    if kind == ConflictDeclaration.Kind.INTEREST and not note:
        _add(problems, "note", _("其他利害关系请说明具体情形。"))
    if (
        not problems
        and ConflictDeclaration.objects.filter(
            inspector=inspector, organization=organization, kind=kind
        ).exists()
    ):
        _add(problems, "organization", _("已申报过该组织的同类回避事项。"))
    _raise_if(problems)
    declaration = ConflictDeclaration.objects.create(
        inspector=inspector,
        organization=organization,
        kind=kind,
        ended_on=ended_on,
        note=note,
        declared_on=day,
        declared_by=actor,
    )
    audit_record(
        actor=actor,
        action="spot_checks.conflict.declare",
        obj=declaration,
        after=snapshot(declaration, ("inspector", "organization", "kind", "ended_on", "note")),
        reason=note,
    )
    return declaration
