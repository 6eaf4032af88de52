"""Use cases that write level evaluation data. Each is atomic, checks ``permissions`` first,
raises ``ApplicationError`` naming each field before anything is written, and records who did
what, when, before/after and why with ``audit_record``."""

from socorg.evaluation.services.applications import (
    application_submit,
    application_withdraw,
    eligibility_check,
    self_assessment_save,
)
from socorg.evaluation.services.experts import (
    assignment_recuse,
    expert_affiliation_add,
    expert_assign,
    recusal_for,
)
from socorg.evaluation.services.results import (
    ReminderRun,
    evaluation_expiry_reminders,
    objection_file,
    objection_resolve,
)
from socorg.evaluation.services.rounds import (
    round_act,
    round_aggregate,
    round_announce,
    round_close,
    round_create,
    round_open,
    round_publish_notice,
    round_start_scoring,
)
from socorg.evaluation.services.scoring import score_submit
from socorg.evaluation.services.templates import default_template_rows, indicator_template_create

__all__ = [
    "ReminderRun",
    "application_submit",
    "application_withdraw",
    "assignment_recuse",
    "default_template_rows",
    "eligibility_check",
    "evaluation_expiry_reminders",
    "expert_affiliation_add",
    "expert_assign",
    "indicator_template_create",
    "objection_file",
    "objection_resolve",
    "recusal_for",
    "round_act",
    "round_aggregate",
    "round_announce",
    "round_close",
    "round_create",
    "round_open",
    "round_publish_notice",
    "round_start_scoring",
    "score_submit",
    "self_assessment_save",
]
