"""The credit policy in force: the rule module's defaults overridden by ``settings.POLICY["credit"]``.

Every number of the credit rules is configuration (docs/domain.md §14). A deployment writes, e.g.::

    POLICY = {"credit": {"fine_threshold_yuan": "50000", "unreachable_letter_interval_days": [20, 60]}}

Unknown keys and values the policy refuses fail loudly at the first evaluation, not silently.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.credit.rules import DEFAULT_POLICY, CreditPolicy, Trigger

_TRIGGER_SETS = {
    "triggers_without_obligation",
    "serious_removal_requires_rectification",
    "serious_removal_on_deregistration",
}


def _convert(name: str, value: Any) -> Any:
    if name in _TRIGGER_SETS:
        return frozenset(Trigger(code) for code in value)
    if name == "fine_threshold_yuan":
        return Decimal(str(value))
    if name == "unreachable_letter_interval_days":
        return None if value is None else (int(value[0]), int(value[1]))
    return value


def policy_from(overrides: dict[str, Any]) -> CreditPolicy:
    """The default credit policy with ``overrides`` applied (keys are CreditPolicy fields)."""
    known = {f.name for f in dataclasses.fields(CreditPolicy)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ImproperlyConfigured(f"POLICY['credit'] has unknown keys: {', '.join(unknown)}")
    try:
        values = {name: _convert(name, value) for name, value in overrides.items()}
        return dataclasses.replace(DEFAULT_POLICY, **values)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ImproperlyConfigured(f"POLICY['credit'] is invalid: {exc}") from exc


def get_policy() -> CreditPolicy:
    """The credit policy in force (settings are read on every call, so tests may override)."""
    return policy_from(dict(getattr(settings, "POLICY", {}).get("credit", {})))
