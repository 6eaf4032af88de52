"""Use cases that write tips and cases (see ``tips`` and ``cases``). Each checks permission
first, validates with the pure rules, writes, and records the audit event (who, when,
before/after, why) in one transaction. Nothing is written when a check fails."""

from socorg.illegal.services.cases import (
    CaseInput,
    case_add_evidence,
    case_decide,
    case_open,
    case_publish,
)
from socorg.illegal.services.tips import (
    TipInput,
    tip_assign,
    tip_close,
    tip_reporter_reveal,
    tip_submit,
    tip_validate,
)

__all__ = [
    "CaseInput",
    "TipInput",
    "case_add_evidence",
    "case_decide",
    "case_open",
    "case_publish",
    "tip_assign",
    "tip_close",
    "tip_reporter_reveal",
    "tip_submit",
    "tip_validate",
]
