"""Shared checks of the credit services: permission, field errors, dates, evidence files,
the fact models by kind, and voiding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.agencies.models import Agency
from socorg.audit.services import audit_record, snapshot
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit import permissions
from socorg.credit.evaluation import EvaluationResult, credit_evaluate
from socorg.credit.facts import fact_ref
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditFact,
    CreditStatus,
    RectificationNotice,
    RectificationVerification,
    TriggerFact,
    UnreachableLetter,
)
from socorg.registry.models import Organization

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip"}
)

FACT_MODELS: dict[str, type[CreditFact]] = {
    permissions.PENALTY: AdministrativePenalty,
    permissions.COURT: CourtDishonestRecord,
    permissions.NOTICE: RectificationNotice,
    permissions.LETTER: UnreachableLetter,
    permissions.TRIGGER: TriggerFact,
    permissions.VERIFICATION: RectificationVerification,
}

Problems = dict[str, list[str]]


def check(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def raise_if(problems: Problems) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def add_problem(problems: Problems, name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def service_day(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def require_past_date(
    problems: Problems, name: str, value: dt.date | None, today: dt.date, label: str
) -> None:
    """A required date that has already happened."""
    if value is None:
        add_problem(problems, name, _("请填写%(label)s。") % {"label": label})
    elif value > today:
        add_problem(
            problems,
            name,
            _("%(label)s不能晚于今天（%(today)s）。")
            % {"label": label, "today": today.isoformat()},
        )


def require_text(problems: Problems, name: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        add_problem(problems, name, message)
    return value


def require_authority(problems: Problems, authority: Agency | None, authority_name: str) -> str:
    name = (authority_name or "").strip()
    if authority is None and not name:
        add_problem(problems, "authority", _("请选择决定机关，或填写决定机关名称。"))
    return name


def check_file(problems: Problems, name: str, upload: Any) -> None:
    if not upload:
        return
    if Path(upload.name).suffix.lower() not in EVIDENCE_SUFFIXES:
        add_problem(
            problems,
            name,
            _("证据材料只能是以下格式：%(types)s。")
            % {"types": "、".join(sorted(s.lstrip(".") for s in EVIDENCE_SUFFIXES))},
        )
    elif upload.size > EVIDENCE_MAX_BYTES:
        add_problem(problems, name, _("证据材料不能超过 20 MB。"))


def after_fact(
    *, actor: Any, fact: CreditFact, action: str, fields: Iterable[str], today: dt.date
) -> EvaluationResult:
    audit_record(actor=actor, action=action, obj=fact, after=snapshot(fact, fields))
    return credit_evaluate(organization=fact.organization, today=today, actor=actor)


COMMON = ("organization", "evidence", "recorded_by")
DECIDED = (*COMMON, "authority", "authority_name", "document_number")


def current_status(organization: Organization) -> CreditStatus | None:
    return CreditStatus.objects.filter(organization=organization).first()


def authority_of(fact: CreditFact) -> int | None:
    return getattr(fact, "authority_id", None)


def credit_fact_get(*, fact: str, pk: int) -> CreditFact | None:
    model = FACT_MODELS.get(fact)
    if model is None:
        return None
    return model.objects.select_related("organization").filter(pk=pk).first()


def void_fact(actor: Any, fact: CreditFact, reason: str) -> None:
    fact.voided_at = timezone.now()
    fact.voided_by = actor
    fact.void_reason = reason
    fact.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="credit.fact.void",
        obj=fact,
        after={"voided_at": fact.voided_at.isoformat()},
        reason=reason,
    )


def fact_ref_of(fact: CreditFact) -> str:
    kind = next(k for k, model in FACT_MODELS.items() if isinstance(fact, model))
    return fact_ref(kind, fact.pk)
