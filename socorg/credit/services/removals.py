"""Removal applications (申请移出): filed by an organization, examined by the authority; the
rules decide what the examination can grant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record, snapshot
from socorg.core.i18n import render
from socorg.credit import permissions, rules
from socorg.credit.evaluation import credit_evaluate
from socorg.credit.facts import fact_ref, organization_facts
from socorg.credit.models import (
    CreditList,
    RectificationVerification,
    RemovalApplication,
)
from socorg.credit.policy import get_policy
from socorg.credit.services.common import (
    Problems,
    add_problem,
    check,
    check_file,
    current_status,
    raise_if,
    require_text,
    service_day,
)
from socorg.registry.models import Organization


@transaction.atomic
def removal_application_file(
    *,
    actor: Any,
    organization: Organization,
    list_kind: str,
    statement: str,
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> RemovalApplication:
    """An organization applies to leave the list it is on (申请移出)."""
    day = service_day(today)
    check(permissions.can_apply_removal(actor, organization))
    problems: Problems = {}
    status = current_status(organization)
    if list_kind not in (CreditList.ABNORMAL, CreditList.SERIOUS):
        add_problem(problems, "list_kind", _("请选择申请移出的名录。"))
    elif status is None or status.list_kind != list_kind:
        add_problem(problems, "list_kind", _("本组织目前未列入该名录。"))
    elif RemovalApplication.objects.filter(
        organization=organization, state=RemovalApplication.State.PENDING
    ).exists():
        add_problem(problems, "list_kind", _("已有待审查的移出申请。"))
    statement = require_text(problems, "statement", statement, _("请填写申请理由。"))
    evidence = (evidence or "").strip()
    if list_kind == CreditList.ABNORMAL and not evidence and not evidence_file:
        add_problem(
            problems, "evidence", _("申请移出活动异常名录须提供已履行义务或完成整改的证据。")
        )
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    application = RemovalApplication.objects.create(
        organization=organization,
        list_kind=list_kind,
        applied_on=day,
        statement=statement,
        evidence=evidence,
        evidence_file=evidence_file or "",
        filed_by=actor,
    )
    audit_record(
        actor=actor,
        action="credit.application.file",
        obj=application,
        after=snapshot(application, ("organization", "list_kind", "applied_on", "statement")),
        reason=statement,
    )
    return application


def _serious_removal_outcome(
    organization: Organization, today: dt.date, reference: str
) -> tuple[bool, str, str]:
    """Whether the rules remove the organization from the serious list on an application
    examined today: (granted, refusal code, explanation)."""
    facts = organization_facts(organization, today=today)
    trial = dataclasses.replace(
        facts,
        applications=(*facts.applications, rules.RemovalApplication(today, reference)),
    )
    decision = rules.decide_credit(trial, policy=get_policy(), today=today)
    for t in decision.transitions_on(today):
        if t.code is rules.RemovalCode.RS1:
            return True, "", render(t.explanation)
    refusals = [r for r in decision.refusals if r.applied_on == today]
    if refusals:
        return False, refusals[-1].code.value, render(refusals[-1].explanation)
    return False, rules.RefusalCode.NOT_ON_SERIOUS_LIST.value, _("该组织未列入严重违法失信名单。")


def _abnormal_removal_outcome(organization: Organization, today: dt.date) -> tuple[str | None, str]:
    """What 查实 today would do on the abnormal list: remove ("removed"), record the rectified
    obligations while other reasons keep the listing ("partial"), or nothing (None: nothing is
    owed, the listing ends by itself)."""
    facts = organization_facts(organization, today=today)
    trial = dataclasses.replace(
        facts, verifications=(*facts.verifications, rules.RectificationVerified(today))
    )
    decision = rules.decide_credit(trial, policy=get_policy(), today=today)
    for t in decision.transitions_on(today):
        if t.code is rules.RemovalCode.RA1:
            return "removed", render(t.explanation)
        if t.kind is rules.TransitionKind.RECORD_RECTIFICATION:
            return "partial", render(t.explanation)
    upcoming = decision.next_change
    if upcoming is not None and upcoming.kind is rules.TransitionKind.REMOVE_ABNORMAL:
        return None, _(
            "列入活动异常名录的情形无需履行义务或者整改（如受到警告或者小额罚款），"
            "列入满期限后自动移出，预计 %(date)s 移出。"
        ) % {"date": upcoming.on.isoformat()}
    return None, _("该组织目前没有尚未履行的义务或者尚未完成的整改，查实不会改变其名录状态。")


@transaction.atomic
def removal_application_examine(
    *,
    actor: Any,
    application: RemovalApplication,
    approve: bool,
    decision: str = "",
    document_number: str = "",
    today: dt.date | None = None,
) -> RemovalApplication:
    """Examine a removal application. Abnormal list: approval is 查实 of the rectification (RA1,
    evidence required). Serious list: the rules decide (2 years, no new trigger, rectified if
    S1; RS1) and a refusal names why."""
    day = service_day(today)
    application = RemovalApplication.objects.select_for_update().get(pk=application.pk)
    organization = Organization.objects.get(pk=application.organization_id)
    check(permissions.can_examine_removal(actor, organization))
    problems: Problems = {}
    if application.state != RemovalApplication.State.PENDING:
        add_problem(problems, "application", _("该申请已审查。"))
    decision = (decision or "").strip()
    if not approve and not decision:
        add_problem(problems, "decision", _("不予移出须说明理由。"))
    if (
        approve
        and application.list_kind == CreditList.ABNORMAL
        and not (application.evidence or application.evidence_file or decision)
    ):
        add_problem(problems, "decision", _("准予移出须有已履行义务或完成整改的证据。"))
    raise_if(problems)

    application.examined_on = day
    application.examined_by = actor
    if not approve:
        application.state = RemovalApplication.State.REFUSED
        application.decision = decision
    elif application.list_kind == CreditList.ABNORMAL:
        outcome, text = _abnormal_removal_outcome(organization, day)
        if outcome is None:
            application.state = RemovalApplication.State.REFUSED
            application.refusal_code = "nothing_to_rectify"
        else:
            application.verification = RectificationVerification.objects.create(
                organization=organization,
                verified_on=day,
                codes=[],
                document_number=document_number.strip(),
                authority=organization.registration_authority,
                evidence="\n".join(x for x in (application.evidence, decision) if x),
                evidence_file=application.evidence_file,
                recorded_by=actor,
            )
            application.state = RemovalApplication.State.APPROVED
        application.decision = "\n".join(x for x in (text, decision) if x)
    else:
        granted, code, text = _serious_removal_outcome(
            organization, day, fact_ref("application", application.pk)
        )
        application.state = (
            RemovalApplication.State.APPROVED if granted else RemovalApplication.State.REFUSED
        )
        application.refusal_code = code
        application.decision = "\n".join(x for x in (text, decision) if x)
    application.save()
    audit_record(
        actor=actor,
        action="credit.application.examine",
        obj=application,
        before={"state": RemovalApplication.State.PENDING},
        after={
            "state": application.state,
            "refusal_code": application.refusal_code,
            "examined_on": day.isoformat(),
        },
        reason=application.decision,
    )
    if application.state == RemovalApplication.State.APPROVED:
        credit_evaluate(organization=organization, today=day, actor=actor)
    return application
