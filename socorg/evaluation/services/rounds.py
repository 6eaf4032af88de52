"""Rounds: create, and each step of ``workflow.TRANSITIONS`` (open, close applications for
scoring, aggregate and publish the notice, announce, close)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.core.i18n import render
from socorg.evaluation import rules, workflow
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    IndicatorTemplate,
    Objection,
    OrgTypeChoices,
    Result,
    Score,
)
from socorg.evaluation.permissions import can_create_round, can_manage_round
from socorg.evaluation.policy import get_policy, get_procedure
from socorg.evaluation.selectors import (
    template_as_rule,
    template_in_force,
    unscored_applications,
)
from socorg.evaluation.services._common import add, check, day_of, raise_if
from socorg.notifications.models import Notification
from socorg.notifications.services import notification_send_many
from socorg.registry.models import OrganizationMember

ROUND_FIELDS = (
    "state",
    "opened_on",
    "regime",
    "notice_starts_on",
    "notice_ends_on",
    "announced_on",
    "closed_on",
)


def _templates_for(on: dt.date, problems: dict[str, list[str]]) -> list[IndicatorTemplate]:
    found = []
    for org_type, label in OrgTypeChoices.choices:
        template = template_in_force(org_type=org_type, on=on)
        if template is None:
            add(
                problems,
                "templates",
                _("%(type)s在 %(on)s 没有可用的评估指标体系。") % {"type": label, "on": on},
            )
        else:
            found.append(template)
    return found


@transaction.atomic
def round_create(
    *,
    actor: Any,
    name: str,
    year: int,
    opened_on: dt.date | None,
    application_deadline: dt.date | None,
) -> EvaluationRound:
    """A new round of the actor's district (not yet open). The rule set (old or new 办法) and
    each type's indicator template are fixed by the opening date."""
    check(can_create_round(actor))
    problems: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        add(problems, "name", _("请填写评估轮次名称。"))
    elif len(name) > 100:
        add(problems, "name", _("名称不能超过 100 个字。"))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        add(problems, "year", _("评估年度须为 2000 至 2100 之间的年份。"))
    if opened_on is None:
        add(problems, "opened_on", _("请填写开始申报日期。"))
    if application_deadline is None:
        add(problems, "application_deadline", _("请填写申报截止日期。"))
    elif opened_on is not None and application_deadline < opened_on:
        add(problems, "application_deadline", _("申报截止日期不能早于开始申报日期。"))
    templates = _templates_for(opened_on, problems) if opened_on else []
    raise_if(problems)
    assert opened_on is not None and application_deadline is not None
    round_ = EvaluationRound.objects.create(
        name=name,
        year=year,
        district=actor.area,
        opened_on=opened_on,
        application_deadline=application_deadline,
        regime=rules.regime_on(opened_on, get_policy()).value,
        created_by=actor,
    )
    round_.templates.set(templates)
    audit_record(
        actor=actor,
        action="evaluation.round.create",
        obj=round_,
        after={
            "name": name,
            "year": year,
            "district": actor.area_id,
            "opened_on": opened_on,
            "application_deadline": application_deadline,
            "regime": round_.regime,
            "templates": [t.pk for t in templates],
        },
    )
    return round_


def _context(round_: EvaluationRound, day: dt.date) -> workflow.RoundContext:
    live = Application.objects.filter(round=round_).exclude(state=Application.State.WITHDRAWN)
    return workflow.RoundContext(
        today=day,
        application_deadline=round_.application_deadline,
        notice_ends_on=round_.notice_ends_on,
        applications=live.count(),
        unscored=unscored_applications(round_).count(),
        pending_objections=Objection.objects.filter(
            result__round=round_, state=Objection.State.PENDING
        ).count(),
    )


def _snapshot(round_: EvaluationRound) -> dict[str, Any]:
    return {
        name: (
            getattr(round_, name).isoformat()
            if isinstance(getattr(round_, name), dt.date)
            else getattr(round_, name)
        )
        for name in ROUND_FIELDS
    }


@transaction.atomic
def round_act(
    *,
    actor: Any,
    round_: EvaluationRound,
    action: str,
    today: dt.date | None = None,
) -> EvaluationRound:
    """Take one step of the round's workflow, as ``workflow.decide_round_action`` allows."""
    day = day_of(today)
    try:
        step = workflow.RoundAction(action)
    except ValueError:
        raise ApplicationError.for_field("action", _("未知的办理事项。")) from None
    round_ = (
        EvaluationRound.objects.select_for_update().select_related("district").get(pk=round_.pk)
    )
    check(can_manage_round(actor, round_))
    decision = workflow.decide_round_action(
        workflow.RoundState(round_.state), step, getattr(actor, "role", ""), _context(round_, day)
    )
    if not decision.allowed or decision.target is None:
        message = render(decision.reason)
        if decision.forbidden:
            raise PermissionDenied(message)
        raise ApplicationError(message, errors={"action": [message]})
    before = _snapshot(round_)
    policy = get_policy()
    summary: dict[str, Any] = {}
    if step == workflow.RoundAction.OPEN:
        # The round opens today: the rule set and the templates follow the actual date.
        problems: dict[str, list[str]] = {}
        templates = _templates_for(day, problems)
        raise_if(problems)
        round_.opened_on = day
        round_.regime = rules.regime_on(day, policy).value
        round_.templates.set(templates)
    elif step == workflow.RoundAction.PUBLISH_NOTICE:
        summary = _aggregate(round_, day)
        days = get_procedure().notice_days
        round_.notice_starts_on = day
        round_.notice_ends_on = day + dt.timedelta(days=days - 1)
    elif step == workflow.RoundAction.ANNOUNCE:
        summary = _announce(round_, day)
        round_.announced_on = day
    elif step == workflow.RoundAction.CLOSE:
        round_.closed_on = day
    round_.state = decision.target.value
    round_.save()
    audit_record(
        actor=actor,
        action=f"evaluation.round.{step.value}",
        obj=round_,
        before=before,
        after={**_snapshot(round_), **summary, "basis": workflow.BASIS_ROUND},
    )
    return round_


@transaction.atomic
def round_aggregate(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> list[Result]:
    """Work out the results of every application with a complete expert score sheet (mean per
    indicator, total, level by the configured bands); may be repeated while experts score."""
    day = day_of(today)
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    check(can_manage_round(actor, round_))
    if round_.state != EvaluationRound.State.SCORING:
        raise ApplicationError.for_field("action", _("只有在专家评审阶段才能汇总评分。"))
    summary = _aggregate(round_, day)
    audit_record(
        actor=actor,
        action="evaluation.round.aggregate",
        obj=round_,
        after={
            **summary,
            "bands": [(b.level.value, str(b.lower), str(b.upper)) for b in get_policy().bands],
        },
    )
    return list(Result.objects.filter(round=round_).order_by("-total", "id"))


def _aggregate(round_: EvaluationRound, day: dt.date) -> dict[str, Any]:
    """Results from the scores of experts who did not recuse (a few queries, bulk writes)."""
    policy = get_policy()
    applications = {
        a.pk: a
        for a in Application.objects.filter(round=round_)
        .exclude(state=Application.State.WITHDRAWN)
        .select_related("template")
    }
    scores: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    experts: dict[int, set[int]] = defaultdict(set)
    rows = Score.objects.filter(
        assignment__round=round_,
        assignment__recused=False,
        assignment__scored_on__isnull=False,
        assignment__application_id__in=list(applications),
    ).values_list("assignment__application_id", "assignment_id", "indicator", "points")
    for app_id, assignment_id, code, points in rows:
        scores[app_id][code].append(points)
        experts[app_id].add(assignment_id)
    existing = {r.application_id: r for r in Result.objects.filter(round=round_)}
    problems: dict[str, list[str]] = {}
    new: list[Result] = []
    changed: list[Result] = []
    scored_ids: list[int] = []
    outcome: dict[str, Any] = {}
    for app_id, application in applications.items():
        if app_id not in scores:
            continue
        try:
            sheet = rules.aggregate_scores(
                scores[app_id], template_as_rule(application.template), policy
            )
            level = rules.level_for(sheet.total, policy).value
        except rules.ScoringError as exc:
            for messages in exc.problems.values():
                for message in messages:
                    add(
                        problems,
                        "scores",
                        _("申报 %(id)s：%(message)s")
                        % {"id": application.pk, "message": render(message)},
                    )
            continue
        except ValueError:
            add(problems, "scores", _("总分超出配置的满分。"))
            continue
        means = {code: str(mean) for code, mean in sheet.means.items()}
        result = existing.get(app_id) or Result(
            application=application, round=round_, organization_id=application.organization_id
        )
        result.scored_total = result.total = sheet.total
        result.means = means
        result.experts = len(experts[app_id])
        result.level = level
        result.computed_on = day
        (changed if result.pk else new).append(result)
        scored_ids.append(app_id)
        outcome[str(application.organization_id)] = [str(sheet.total), level]
    raise_if(problems)
    # A preview may have scored an application withdrawn since: its result goes.
    Result.objects.filter(round=round_, application__state=Application.State.WITHDRAWN).delete()
    Result.objects.bulk_create(new)
    Result.objects.bulk_update(
        changed, ["scored_total", "total", "means", "experts", "level", "computed_on"]
    )
    Application.objects.filter(pk__in=scored_ids).update(state=Application.State.SCORED)
    return {"results": outcome}


def _announce(round_: EvaluationRound, day: dt.date) -> dict[str, Any]:
    """Announce every result of the round: validity by the rule in force today; an earlier
    level of the same organization ends the day before the new one starts."""
    policy = get_policy()
    validity = rules.validity(day, policy)
    results = list(Result.objects.filter(round=round_).select_related("organization"))
    for result in results:
        result.announced_on = day
        if result.level:
            result.valid_from = validity.valid_from
            result.valid_to = validity.valid_to
            result.validity_regime = validity.regime.value
            result.validity_basis = validity.basis[:200]
    Result.objects.bulk_update(
        results, ["announced_on", "valid_from", "valid_to", "validity_regime", "validity_basis"]
    )
    leveled = {r.organization_id: r for r in results if r.level}
    earlier = list(
        Result.objects.filter(
            organization_id__in=list(leveled),
            announced_on__isnull=False,
            ended_on__isnull=True,
            valid_to__gte=validity.valid_from,
        )
        .exclude(round=round_)
        .exclude(level="")
    )
    for old in earlier:
        old.ended_on = max(
            old.valid_from or validity.valid_from, validity.valid_from - dt.timedelta(days=1)
        )
        old.superseded_by = leveled[old.organization_id]
    Result.objects.bulk_update(earlier, ["ended_on", "superseded_by"])
    _notify_results(results, validity)
    return {
        "validity": {
            "valid_from": validity.valid_from.isoformat(),
            "valid_to": validity.valid_to.isoformat(),
            "regime": validity.regime.value,
            "basis": validity.basis,
        },
        "announced": len(results),
        "superseded": [old.pk for old in earlier],
    }


def _notify_results(results: list[Result], validity: rules.Validity) -> None:
    by_org = {r.organization_id: r for r in results}
    members = OrganizationMember.objects.filter(organization_id__in=list(by_org)).values_list(
        "user_id", "organization_id"
    )
    url = reverse("evaluation:home")
    notes = []
    for user_id, org_id in members:
        result = by_org[org_id]
        if result.level:
            title = _("%(org)s 评估等级已公告：%(level)s") % {
                "org": result.organization.name,
                "level": result.level,
            }
            body = _("评估总分 %(total)s 分；有效期 %(start)s 至 %(end)s（%(basis)s）。") % {
                "total": result.total,
                "start": validity.valid_from.isoformat(),
                "end": validity.valid_to.isoformat(),
                "basis": validity.basis,
            }
        else:
            title = _("%(org)s 评估结果已公告：不予评定等级") % {"org": result.organization.name}
            body = _("评估总分 %(total)s 分。") % {"total": result.total}
        notes.append(
            Notification(
                recipient_user_id=user_id,
                kind="evaluation.announced",
                title=title[:200],
                body=body,
                url=url,
                object_type=Result._meta.label_lower,
                object_id=str(result.pk),
            )
        )
    notification_send_many(notes)


def round_open(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> EvaluationRound:
    """Open the round for applications (the rule set follows today's date)."""
    return round_act(actor=actor, round_=round_, action=workflow.RoundAction.OPEN, today=today)


def round_start_scoring(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> EvaluationRound:
    """Stop taking applications; experts score."""
    return round_act(
        actor=actor, round_=round_, action=workflow.RoundAction.START_SCORING, today=today
    )


def round_publish_notice(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> EvaluationRound:
    """Aggregate the scores and publish the results for the notice period (公示, 15 days)."""
    return round_act(
        actor=actor, round_=round_, action=workflow.RoundAction.PUBLISH_NOTICE, today=today
    )


def round_announce(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> EvaluationRound:
    """Announce the levels once the notice has ended and every objection is resolved; each
    level is valid by the rule in force today (``rules.validity``)."""
    return round_act(actor=actor, round_=round_, action=workflow.RoundAction.ANNOUNCE, today=today)


def round_close(
    *, actor: Any, round_: EvaluationRound, today: dt.date | None = None
) -> EvaluationRound:
    """Close an announced round."""
    return round_act(actor=actor, round_=round_, action=workflow.RoundAction.CLOSE, today=today)
