"""Use cases that write the credit facts, objections and removal applications.

Each checks permission first, validates (a clear Chinese message per field, nothing written on
bad input), writes, records the audit event, and evaluates the organization again so its lists
reflect the new fact at once. The evaluation itself lives in ``socorg.credit.evaluation``.
"""

from socorg.credit.services.common import FACT_MODELS, credit_fact_get, fact_ref_of
from socorg.credit.services.facts import (
    court_record_record,
    credit_fact_void,
    penalty_record,
    rectification_notice_record,
    rectification_notice_verify,
    rectification_verification_record,
    trigger_fact_record,
    unreachable_letter_record,
)
from socorg.credit.services.objections import objection_file, objection_resolve
from socorg.credit.services.removals import removal_application_examine, removal_application_file

__all__ = [
    "FACT_MODELS",
    "court_record_record",
    "credit_fact_get",
    "credit_fact_void",
    "fact_ref_of",
    "objection_file",
    "objection_resolve",
    "penalty_record",
    "rectification_notice_record",
    "rectification_notice_verify",
    "rectification_verification_record",
    "removal_application_examine",
    "removal_application_file",
    "trigger_fact_record",
    "unreachable_letter_record",
]
