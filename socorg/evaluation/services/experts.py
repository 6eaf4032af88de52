"""Experts: where they belong (for recusal), assignment to applications with the recusal rule
applied, and recusal declared after assignment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.audit.services import audit_record, snapshot
from socorg.core.errors import ApplicationError
from socorg.core.i18n import render
from socorg.evaluation import rules
from socorg.evaluation.facts import expert_facts
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAffiliation,
    ExpertAssignment,
)
from socorg.evaluation.permissions import (
    can_assign_expert,
    can_manage_affiliations,
    can_recuse,
)
from socorg.evaluation.policy import get_policy
from socorg.evaluation.services._common import add, check, day_of, raise_if
from socorg.notifications.services import notification_send
from socorg.registry.models import Organization

AFFILIATION_FIELDS = ("expert", "organization", "kind", "started_on", "ended_on", "note")
ASSIGNABLE_STATES = (EvaluationRound.State.OPEN, EvaluationRound.State.SCORING)


def recusal_for(*, expert: Any, organization_id: int, on: dt.date) -> rules.RecusalDecision:
    """Whether ``expert`` must recuse from evaluating the organization on ``on``."""
    facts = expert_facts([expert.pk])[expert.pk]
    return rules.recusal(facts, organization_id, on, get_policy())


def recusal_text(decision: rules.RecusalDecision) -> str:
    return f"{render(decision.reason)}（{decision.basis}）"


@transaction.atomic
def expert_affiliation_add(
    *,
    actor: Any,
    expert: Any,
    organization: Organization | None,
    kind: str,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    note: str = "",
) -> ExpertAffiliation:
    """Record an organization an expert belongs to, worked for, or has an interest in."""
    check(can_manage_affiliations(actor, expert))
    problems: dict[str, list[str]] = {}
    if getattr(expert, "role", None) != Role.EXPERT:
        add(problems, "expert", _("只能为“评审专家”角色的账户登记关联组织。"))
    if organization is None:
        add(problems, "organization", _("请选择关联的组织。"))
    if kind not in ExpertAffiliation.Kind.values:
        add(problems, "kind", _("请选择关系：成员或负责人、任职、其他利害关系。"))
    if kind == ExpertAffiliation.Kind.EMPLOYMENT and started_on is None:
        add(problems, "started_on", _("任职须填写起始日期。"))
    if started_on and ended_on and ended_on < started_on:
        add(problems, "ended_on", _("终止日期不能早于起始日期。"))
    if len(note or "") > 200:
        add(problems, "note", _("说明不能超过 200 个字。"))
    raise_if(problems)
    affiliation = ExpertAffiliation.objects.create(
        expert=expert,
        organization=organization,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="evaluation.affiliation.add",
        obj=affiliation,
        after=snapshot(affiliation, AFFILIATION_FIELDS),
    )
    return affiliation


@transaction.atomic
def expert_assign(
    *,
    actor: Any,
    application: Application,
    expert: Any,
    today: dt.date | None = None,
) -> ExpertAssignment:
    """Assign an expert to score an application; refused, with the reason and its basis, when
    the expert must recuse (own organization, declared interest, worked there within N years)."""
    day = day_of(today)
    application = (
        Application.objects.select_for_update()
        .select_related("round", "round__district", "organization")
        .get(pk=application.pk)
    )
    check(can_assign_expert(actor, application))
    if application.round.state not in ASSIGNABLE_STATES:
        raise ApplicationError.for_field("application", _("只能在接受申报或专家评审阶段指派专家。"))
    if application.state == Application.State.WITHDRAWN:
        raise ApplicationError.for_field("application", _("该申报已撤回。"))
    if expert is None or getattr(expert, "role", None) != Role.EXPERT or not expert.is_active:
        raise ApplicationError.for_field("expert", _("请选择一位在册的评审专家。"))
    if ExpertAssignment.objects.filter(application=application, expert=expert).exists():
        raise ApplicationError.for_field("expert", _("该专家已被指派评审此申报。"))
    decision = recusal_for(expert=expert, organization_id=application.organization_id, on=day)
    if decision.must_recuse:
        message = _("%(expert)s 应当回避，不能指派：%(reason)s") % {
            "expert": expert,
            "reason": recusal_text(decision),
        }
        raise ApplicationError(message, errors={"expert": [message]})
    assignment = ExpertAssignment.objects.create(
        round=application.round,
        application=application,
        expert=expert,
        assigned_on=day,
        assigned_by=actor,
    )
    audit_record(
        actor=actor,
        action="evaluation.assignment.create",
        obj=assignment,
        after={
            "application": application.pk,
            "organization": application.organization_id,
            "expert": expert.pk,
            "recusal_checked": decision.basis,
        },
        reason=render(decision.reason),
    )
    notification_send(
        user=expert,
        kind="evaluation.assigned",
        title=_("新的评估评审任务：%(org)s") % {"org": application.organization.name},
        body=_("%(round)s；请在专家评审阶段提交评分。") % {"round": application.round.name},
        url=reverse("evaluation:assignment_list"),
        obj=assignment,
    )
    return assignment


@transaction.atomic
def assignment_recuse(
    *,
    actor: Any,
    assignment: ExpertAssignment,
    reason: str,
    today: dt.date | None = None,
) -> ExpertAssignment:
    """The expert recuses (or the bureau withdraws the expert); their scores no longer count."""
    day = day_of(today)
    assignment = (
        ExpertAssignment.objects.select_for_update()
        .select_related("application", "application__round", "application__round__district")
        .get(pk=assignment.pk)
    )
    check(can_recuse(actor, assignment))
    if assignment.recused:
        raise ApplicationError.for_field("reason", _("已办理回避。"))
    if assignment.application.round.state not in ASSIGNABLE_STATES:
        raise ApplicationError.for_field("reason", _("评估结果已公示，不能再办理回避。"))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError.for_field("reason", _("请填写回避理由。"))
    assignment.recused = True
    assignment.recusal_reason = reason
    assignment.recused_on = day
    assignment.save(update_fields=["recused", "recusal_reason", "recused_on", "updated_at"])
    audit_record(
        actor=actor,
        action="evaluation.assignment.recuse",
        obj=assignment,
        before={"recused": False},
        after={"recused": True, "recused_on": day},
        reason=reason,
    )
    return assignment
