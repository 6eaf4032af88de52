"""Applications: an organization applies (eligibility decided by the rules, with the article
that applies), assesses itself, or withdraws."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.core.errors import ApplicationError
from socorg.core.i18n import render
from socorg.evaluation import rules
from socorg.evaluation.display import finding_data, finding_text
from socorg.evaluation.facts import eligibility_inputs
from socorg.evaluation.models import Application, EvaluationRound
from socorg.evaluation.permissions import (
    can_apply,
    can_self_assess,
    can_withdraw_application,
)
from socorg.evaluation.policy import get_policy, get_procedure
from socorg.evaluation.selectors import template_as_rule
from socorg.evaluation.services._common import check, day_of, raise_if, score_sheet
from socorg.registry.models import Organization


def eligibility_check(
    *, round_: EvaluationRound, organization: Organization, today: dt.date
) -> tuple[rules.Eligibility, dict[str, Any]]:
    """The rules' decision for one organization applying today, and the facts it read."""
    inputs = eligibility_inputs([organization.pk], on=today, procedure=get_procedure())
    facts = inputs[organization.pk]
    return rules.eligibility(facts.facts, round_.opened_on, get_policy()), facts.sources


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    round_: EvaluationRound,
    organization: Organization,
    today: dt.date | None = None,
) -> Application:
    """Apply to a round. Eligibility is worked out from the register (age), the annual reports
    (last year's filing and conclusion), the credit lists and penalties, by the rule set of the
    round's opening date; an ineligible organization is refused with every reason and its
    article, and nothing is written."""
    day = day_of(today)
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    organization = Organization.objects.get(pk=organization.pk)
    check(can_apply(actor, round_, organization))
    if round_.state != EvaluationRound.State.OPEN:
        raise ApplicationError.for_field("round", _("该评估轮次目前不接受申报。"))
    if not round_.opened_on <= day <= round_.application_deadline:
        raise ApplicationError.for_field(
            "round",
            _("申报时间为 %(start)s 至 %(end)s，今天不在申报时间内。")
            % {
                "start": round_.opened_on.isoformat(),
                "end": round_.application_deadline.isoformat(),
            },
        )
    live = Application.objects.filter(round=round_, organization=organization).exclude(
        state=Application.State.WITHDRAWN
    )
    if live.exists():
        raise ApplicationError.for_field("round", _("本组织已申报本轮评估。"))
    decision, sources = eligibility_check(round_=round_, organization=organization, today=day)
    if not decision.eligible:
        reasons = [finding_text(f) for f in decision.findings]
        raise ApplicationError(
            _("不符合参加本轮评估的条件：%(reasons)s") % {"reasons": "；".join(reasons)},
            errors={"eligibility": reasons},
        )
    template = round_.templates.filter(org_type=organization.org_type).first()
    if template is None:
        raise ApplicationError.for_field("round", _("本轮评估没有适用于该组织类型的指标体系。"))
    application = Application.objects.create(
        round=round_,
        organization=organization,
        template=template,
        applied_on=day,
        applied_by=actor,
        regime=decision.regime.value,
        simplified=decision.simplified,
        eligibility={
            "round_date": round_.opened_on.isoformat(),
            "findings": [finding_data(f) for f in decision.findings],
            "facts": sources,
        },
    )
    audit_record(
        actor=actor,
        action="evaluation.application.submit",
        obj=application,
        after={
            "round": round_.pk,
            "organization": organization.pk,
            "regime": application.regime,
            "simplified": application.simplified,
            "template": template.pk,
            "facts": sources,
        },
        reason="；".join(f"{f.rule} {f.basis}：{render(f.reason)}" for f in decision.findings),
    )
    return application


@transaction.atomic
def self_assessment_save(
    *,
    actor: Any,
    application: Application,
    scores: Any,
    today: dt.date | None = None,
) -> Application:
    """The organization's own score on every indicator of its template (0 to the maximum);
    nothing is saved while any indicator is out of range."""
    day = day_of(today)
    application = (
        Application.objects.select_for_update()
        .select_related("round", "template")
        .get(pk=application.pk)
    )
    check(can_self_assess(actor, application))
    policy = get_policy()
    problems: dict[str, list[str]] = {}
    sheet = score_sheet(
        template_as_rule(application.template),
        scores,
        prefix="scores",
        places=policy.score_places,
        problems=problems,
    )
    raise_if(problems)
    before = {"self_scores": application.self_scores, "self_total": str(application.self_total)}
    application.self_scores = {code: str(points) for code, points in sheet.items()}
    application.self_total = sum(sheet.values())
    application.self_assessed_on = day
    application.save(update_fields=["self_scores", "self_total", "self_assessed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="evaluation.application.self_assess",
        obj=application,
        before=before,
        after={"self_scores": application.self_scores, "self_total": str(application.self_total)},
    )
    return application


@transaction.atomic
def application_withdraw(
    *, actor: Any, application: Application, reason: str = "", today: dt.date | None = None
) -> Application:
    """The organization withdraws its application before the results are published."""
    day = day_of(today)
    application = (
        Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    )
    check(can_withdraw_application(actor, application))
    before = application.state
    application.state = Application.State.WITHDRAWN
    application.withdrawn_on = day
    application.save(update_fields=["state", "withdrawn_on", "updated_at"])
    audit_record(
        actor=actor,
        action="evaluation.application.withdraw",
        obj=application,
        before={"state": before},
        after={"state": application.state, "withdrawn_on": day},
        reason=reason.strip(),
    )
    return application
