"""The dormancy policy in force: ``rules.DormancyPolicy`` defaults overridden by
``settings.POLICY["dormancy"]`` (the weights are our choice and configurable, domain.md §14)::

    POLICY = {
        "dormancy": {
            "missed_report_points": 15,
            "inactive_tiers": [[12, 10], [24, 20], [36, 30]],   # (months at least, points)
            "first_activity_months": {"social_group": 12},
            "business_reference_date": "2019-01-01",          # as in the 2021 campaign
            "records_since": "2024-01-01",     # default: 1 January of CREDIT_REPORT_FIRST_YEAR
        }
    }

A misspelt key or an unreadable value stops the program (ImproperlyConfigured) rather than
silently falling back to a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.dormancy.rules import FIRST_ACTIVITY_MONTHS, DormancyPolicy
from socorg.registry.rules.lifecycle import OrgType

SETTINGS_KEY = "dormancy"
TIERS = ("inactive_tiers", "abnormal_tiers")
INTEGERS = (
    "missed_report_points",
    "missed_report_cap",
    "zero_finance_points",
    "unreachable_points",
    "no_first_year_activity_points",
    "criteria_missed_reports",
    "no_business_months",
)


def _fail(name: str, value: Any, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"POLICY[{SETTINGS_KEY!r}][{name!r}] = {value!r}: expected {expected}."
    )


def _whole(name: str, value: Any, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(name, value, f"a whole number of at least {minimum}")
    return value


def _tiers(name: str, value: Any) -> tuple[tuple[int, int], ...]:
    try:
        pairs = tuple((_whole(name, a), _whole(name, p)) for a, p in value)
    except (TypeError, ValueError):
        raise _fail(name, value, "a list of [months at least, points] pairs") from None
    return tuple(sorted(pairs))


def _months(value: Any) -> Mapping[OrgType, int]:
    result = dict(FIRST_ACTIVITY_MONTHS)
    if not isinstance(value, Mapping):
        raise _fail("first_activity_months", value, "a mapping of organization type to months")
    for key, months in value.items():
        try:
            org_type = OrgType(key)
        except ValueError:
            raise _fail("first_activity_months", key, "an organization type") from None
        result[org_type] = _whole("first_activity_months", months, 1)
    return MappingProxyType(result)


def _date(name: str, value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(name, value, "a date such as '2019-01-01' or None") from None


def policy_from(config: Mapping[str, Any]) -> DormancyPolicy:
    """A ``DormancyPolicy`` from plain configuration data (unknown keys are an error)."""
    known = {f.name for f in dataclasses.fields(DormancyPolicy)}
    unknown = set(config) - known
    if unknown:
        raise ImproperlyConfigured(
            f"POLICY[{SETTINGS_KEY!r}]: unknown keys {sorted(unknown)}; known: {sorted(known)}."
        )
    values: dict[str, Any] = {}
    for name, value in config.items():
        if name in TIERS:
            values[name] = _tiers(name, value)
        elif name in INTEGERS:
            values[name] = _whole(name, value, 1 if name == "criteria_missed_reports" else 0)
        elif name == "first_activity_months":
            values[name] = _months(value)
        elif name in ("business_reference_date", "records_since"):
            values[name] = _date(name, value)
    return DormancyPolicy(**values)


def get_policy() -> DormancyPolicy:
    """The policy in force (settings are read on every call, so tests may override them).
    Without ``records_since`` configured, the platform's records start on 1 January of
    ``settings.CREDIT_REPORT_FIRST_YEAR`` (the first report year it holds), if that is set."""
    config = dict(getattr(settings, "POLICY", {}).get(SETTINGS_KEY, {}))
    first_year = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
    if "records_since" not in config and first_year:
        config["records_since"] = dt.date(int(first_year), 1, 1)
    return policy_from(config)
