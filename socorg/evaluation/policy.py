"""The evaluation policy in force: the rule module's defaults overridden by configuration.

``settings.POLICY["evaluation"]`` may set any number of ``rules.EvaluationPolicy`` and of the
procedure below, written as plain data as a deployment's settings file would::

    POLICY = {
        "evaluation": {
            "bands": "anhui",                      # or [["1A", 0, 600], ..., ["5A", 900, None]]
            "new_rule_from": "2026-03-01",
            "min_full_years": 2,
            "recusal_years": 3,
            "reminder_days": [180, 90, 30],
            "notice_days": 15,                     # 公示期（天）
            "minor_penalty_kinds": ["warning"],    # 旧办法下仍排除、但属“轻微”的处罚
        }
    }

The indicator templates are data (``IndicatorTemplate`` rows, versioned), not settings. A
misspelt key or a value that cannot be read stops the program rather than silently falling back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.evaluation import rules
from socorg.evaluation.rules import Band, EvaluationPolicy, Level

SETTINGS_KEY = "evaluation"
BAND_PRESETS = {"chanhe_2025": rules.BANDS_CHANHE_2025, "anhui": rules.BANDS_ANHUI}


@dataclasses.dataclass(frozen=True)
class Procedure:
    """How rounds are run here (local practice, not in the rule module)."""

    notice_days: int = 15  # 公示 15 days (Wuhan 2020, domain.md §3.3)
    # Penalties the 2026 rule calls minor (警告 etc.): no longer an exclusion under it.
    minor_penalty_kinds: frozenset[str] = frozenset({"warning"})


PROCEDURE_KEYS = {f.name for f in dataclasses.fields(Procedure)}
POLICY_KEYS = {f.name for f in dataclasses.fields(EvaluationPolicy)} - {"templates"}


def _fail(name: str, value: Any, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"POLICY[{SETTINGS_KEY!r}][{name!r}] = {value!r}: expected {expected}."
    )


def _decimal(name: str, value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _fail(name, value, "a number") from None
    if not number.is_finite():
        raise _fail(name, value, "a number")
    return number


def _bands(name: str, value: Any) -> tuple[Band, ...]:
    if isinstance(value, str):
        if value not in BAND_PRESETS:
            raise _fail(name, value, f"one of {sorted(BAND_PRESETS)} or a list of bands")
        return BAND_PRESETS[value]
    try:
        return tuple(
            Band(
                Level(level),
                _decimal(name, lower),
                None if upper is None else _decimal(name, upper),
            )
            for level, lower, upper in value
        )
    except (TypeError, ValueError):
        raise _fail(name, value, "[[level, lower, upper or None], ...]") from None


def _convert(name: str, value: Any) -> Any:
    if name == "bands":
        return _bands(name, value)
    if name == "total_points":
        return _decimal(name, value)
    if name == "new_rule_from":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise _fail(name, value, "a date such as '2026-03-01'") from None
    if name == "reminder_days":
        try:
            days = tuple(int(d) for d in value)
        except (TypeError, ValueError):
            raise _fail(name, value, "a list of whole days") from None
        if not days or any(d <= 0 for d in days):
            raise _fail(name, value, "positive days")
        return days
    if name == "benefit_min_level":
        try:
            return Level(value)
        except ValueError:
            raise _fail(name, value, "a level such as '3A'") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(name, value, "a whole number")
    return value


def _overrides() -> dict[str, Any]:
    raw = dict(getattr(settings, "POLICY", {}).get(SETTINGS_KEY, {}))
    unknown = sorted(set(raw) - POLICY_KEYS - PROCEDURE_KEYS)
    if unknown:
        raise ImproperlyConfigured(
            f"POLICY[{SETTINGS_KEY!r}] has unknown keys: {', '.join(unknown)}"
        )
    return raw


def policy_from(overrides: dict[str, Any]) -> EvaluationPolicy:
    """The default policy with ``overrides`` applied (keys are EvaluationPolicy fields)."""
    values = {k: _convert(k, v) for k, v in overrides.items() if k in POLICY_KEYS}
    try:
        # Templates live in the database (versioned); the policy carries none.
        return dataclasses.replace(EvaluationPolicy(templates=MappingProxyType({})), **values)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"POLICY[{SETTINGS_KEY!r}] is invalid: {exc}") from exc


def get_policy() -> EvaluationPolicy:
    """The evaluation rules in force (settings are read on every call, so tests may override)."""
    return policy_from(_overrides())


def get_procedure() -> Procedure:
    """The local procedure: notice period, which penalties are minor."""
    raw = _overrides()
    values: dict[str, Any] = {}
    if "notice_days" in raw:
        days = raw["notice_days"]
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise _fail("notice_days", days, "a positive whole number of days")
        values["notice_days"] = days
    if "minor_penalty_kinds" in raw:
        kinds = raw["minor_penalty_kinds"]
        if isinstance(kinds, str) or not all(isinstance(k, str) for k in kinds):
            raise _fail("minor_penalty_kinds", kinds, "a list of penalty kinds")
        values["minor_penalty_kinds"] = frozenset(kinds)
    return Procedure(**values)
