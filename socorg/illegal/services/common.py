"""What the tip and case services share: the audited fields and the error helpers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError, PermissionDenied

TIP_AUDIT_FIELDS = (
    "source",
    "channel",
    "referring_agency",
    "reported_name",
    "district",
    "street",
    "location",
    "received_at",
    "state",
    "handled_by",
    "closure",
    "closure_reason",
    "case",
)
CASE_AUDIT_FIELDS = (
    "number",
    "subject_name",
    "district",
    "street",
    "location",
    "authority",
    "opened_on",
    "state",
    "outcome",
    "decided_on",
    "document_number",
    "decision_reason",
    "published",
    "published_on",
)


def check(decision: tuple[bool, str]) -> None:
    """Raise PermissionDenied with the reason when a permission answer is no."""
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def raise_if(problems: dict[str, list[str]]) -> None:
    """Raise one ApplicationError naming every field when there are problems."""
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)
