"""Template filters of the credit pages: codes in words, list badges."""

from __future__ import annotations

from django import template

from socorg.credit.selectors import code_label, end_label

register = template.Library()


@register.filter
def credit_code_label(code: str) -> str:
    """'A5' → 受到警告或者不满5万元罚款的行政处罚."""
    return code_label(code) if code else ""


@register.filter
def credit_end_label(code: str) -> str:
    return end_label(code) if code else ""


@register.filter
def credit_badge(list_kind: str) -> str:
    """The badge class of a list (shared badge colours until the stylesheet has its own)."""
    return {
        "abnormal": "badge badge-credit-abnormal badge-filed",
        "serious": "badge badge-credit-serious badge-revoked",
    }.get(list_kind, "badge badge-credit-normal badge-registered")
