"""Objections (异议): filed by an organization, resolved by the registration authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.credit import permissions
from socorg.credit.evaluation import credit_evaluate
from socorg.credit.models import (
    CreditEntry,
    CreditFact,
    Objection,
)
from socorg.credit.services.common import (
    Problems,
    add_problem,
    check,
    check_file,
    credit_fact_get,
    fact_ref_of,
    raise_if,
    require_text,
    service_day,
    void_fact,
)
from socorg.registry.models import Organization


@transaction.atomic
def objection_file(
    *,
    actor: Any,
    entry: CreditEntry,
    reason: str,
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> Objection:
    """An organization objects to one of its entries (异议)."""
    day = service_day(today)
    organization = entry.organization
    check(permissions.can_file_objection(actor, organization))
    problems: Problems = {}
    if entry.is_withdrawn:
        add_problem(problems, "entry", _("该记录已撤回，无需提出异议。"))
    elif Objection.objects.filter(entry=entry, state=Objection.State.PENDING).exists():
        add_problem(problems, "entry", _("该记录已有待处理的异议。"))
    reason = require_text(problems, "reason", reason, _("请填写异议理由。"))
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    objection = Objection.objects.create(
        organization=organization,
        entry=entry,
        reason=reason,
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        filed_by=actor,
        filed_on=day,
    )
    audit_record(
        actor=actor,
        action="credit.objection.file",
        obj=objection,
        after={"entry": entry.key, "reason": reason},
        reason=reason,
    )
    return objection


def _voidable_facts(entry: CreditEntry) -> list[CreditFact]:
    found: list[CreditFact] = []
    for ref in entry.fact_refs:
        kind, _sep, pk = ref.partition(":")
        fact = credit_fact_get(fact=kind, pk=int(pk)) if pk.isdigit() else None
        if fact is not None and not fact.is_void:
            found.append(fact)
    return found


@transaction.atomic
def objection_resolve(
    *,
    actor: Any,
    objection: Objection,
    upheld: bool,
    resolution: str,
    today: dt.date | None = None,
) -> Objection:
    """Resolve an objection. Upheld: the facts behind the entry are voided and the organization
    is evaluated again, so the entry is withdrawn (or corrected) and the status recomputed."""
    day = service_day(today)
    objection = Objection.objects.select_for_update().select_related("entry").get(pk=objection.pk)
    organization = Organization.objects.get(pk=objection.organization_id)
    check(permissions.can_resolve_objection(actor, organization))
    problems: Problems = {}
    if objection.state != Objection.State.PENDING:
        add_problem(problems, "objection", _("该异议已处理。"))
    resolution = require_text(problems, "resolution", resolution, _("请填写处理意见。"))
    facts = _voidable_facts(objection.entry) if upheld and not problems else []
    if upheld and not problems and not facts:
        add_problem(
            problems,
            "resolution",
            _(
                "该记录不是依据本模块录入的事实作出的（如年度报告、登记事项或期满自动变更），"
                "请先更正源数据，再重新评估。"
            ),
        )
    raise_if(problems)
    for fact in facts:
        void_fact(actor, fact, _("异议成立：%(text)s") % {"text": resolution})
    objection.state = Objection.State.UPHELD if upheld else Objection.State.REJECTED
    objection.resolution = resolution
    objection.resolved_on = day
    objection.resolved_by = actor
    objection.save(
        update_fields=["state", "resolution", "resolved_on", "resolved_by", "updated_at"]
    )
    if upheld:
        credit_evaluate(organization=organization, today=day, actor=actor)
        entry = CreditEntry.objects.get(pk=objection.entry_id)
        if entry.is_withdrawn:
            entry.withdrawn_reason = _("异议成立，记录撤回：%(text)s") % {"text": resolution}
            entry.save(update_fields=["withdrawn_reason"])
    audit_record(
        actor=actor,
        action="credit.objection.resolve",
        obj=objection,
        before={"state": Objection.State.PENDING},
        after={"state": objection.state, "voided": [fact_ref_of(f) for f in facts]},
        reason=resolution,
    )
    return objection
