"""The annual-report policy in force: the rule module's defaults, overridden by configuration.

``settings.POLICY["annual_reports"]`` may set any field of ``rules.AnnualReportPolicy``; values
may be written as plain data (strings, lists, dicts), as a deployment's settings file would::

    POLICY = {
        "annual_reports": {
            "mode": "report_only",                 # 年报，不作结论
            "late_handling": "accept_marked",      # 逾期受理并标记
            "deadlines": {"social_group": {"to_registrar": "06-30"}},
            "first_year_cutoff": "06-30",
            "overrides": [{"year": 2019, "to_registrar": "2020-08-31", "basis": "延期通知"}],
            "community": {"required": True, "due": "03-31"},
            "audit_report_types": ["foundation"],
            "amount_tolerance": "0.01",
            "party_min_members": 3,
        }
    }

A misspelt key or a value that cannot be read stops the program (ImproperlyConfigured) rather
than silently falling back to a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.annual_reports.rules import (
    DEFAULT_DEADLINES,
    AnnualReportPolicy,
    CommunityFilingPolicy,
    DeadlineOverride,
    LateHandling,
    Mode,
    MonthDay,
    TypeDeadlines,
)
from socorg.registry.rules.lifecycle import OrgType

SETTINGS_KEY = "annual_reports"


def _fail(name: str, value: Any, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"POLICY[{SETTINGS_KEY!r}][{name!r}] = {value!r}: expected {expected}."
    )


def _month_day(name: str, value: Any) -> MonthDay:
    """``"03-31"`` or ``(3, 31)`` → ``(3, 31)``."""
    try:
        if isinstance(value, str):
            month, day = (int(part) for part in value.split("-"))
        else:
            month, day = (int(part) for part in value)
        dt.date(2024, month, day)  # a leap year, so 02-29 is accepted
    except (TypeError, ValueError):
        raise _fail(name, value, "a month and day such as '03-31'") from None
    return (month, day)


def _date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(name, value, "a date such as '2020-08-31'") from None


def _org_type(name: str, value: Any) -> OrgType:
    try:
        return OrgType(value)
    except ValueError:
        raise _fail(name, value, f"one of {[t.value for t in OrgType]}") from None


def _org_types(name: str, value: Iterable[Any]) -> frozenset[OrgType]:
    if isinstance(value, str):
        raise _fail(name, value, "a list of organization types")
    return frozenset(_org_type(name, v) for v in value)


def _deadlines(value: Mapping[str, Any]) -> Mapping[OrgType, TypeDeadlines]:
    result = dict(DEFAULT_DEADLINES)
    for key, item in value.items():
        org_type = _org_type("deadlines", key)
        if org_type == OrgType.COMMUNITY:
            raise _fail("deadlines", key, "a registered type (community dates go in 'community')")
        if isinstance(item, TypeDeadlines):
            result[org_type] = item
            continue
        base = result[org_type]
        unknown = set(item) - {"to_supervisor", "to_registrar", "basis"}
        if unknown:
            raise _fail("deadlines", sorted(unknown), "to_supervisor, to_registrar or basis")
        result[org_type] = TypeDeadlines(
            _month_day("deadlines", item.get("to_supervisor", base.to_supervisor)),
            _month_day("deadlines", item.get("to_registrar", base.to_registrar)),
            str(item.get("basis", base.basis)),
        )
    return result


def _override(value: Any) -> DeadlineOverride:
    if isinstance(value, DeadlineOverride):
        return value
    try:
        return DeadlineOverride(
            year=int(value["year"]),
            to_registrar=_date("overrides", value["to_registrar"]),
            basis=str(value["basis"]),
            to_supervisor=_date("overrides", value["to_supervisor"])
            if value.get("to_supervisor")
            else None,
            org_types=_org_types("overrides", value["org_types"])
            if "org_types" in value
            else frozenset(OrgType),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail("overrides", value, f"year, to_registrar and basis ({exc})") from None


def _community(value: Any) -> CommunityFilingPolicy:
    if isinstance(value, CommunityFilingPolicy):
        return value
    base = CommunityFilingPolicy()
    unknown = set(value) - {f.name for f in dataclasses.fields(CommunityFilingPolicy)}
    if unknown:
        raise _fail("community", sorted(unknown), "required, due, first_year_cutoff or basis")
    return CommunityFilingPolicy(
        required=bool(value.get("required", base.required)),
        due=_month_day("community.due", value.get("due", base.due)),
        first_year_cutoff=_month_day(
            "community.first_year_cutoff", value.get("first_year_cutoff", base.first_year_cutoff)
        ),
        basis=str(value.get("basis", base.basis)),
    )


def _decimal(name: str, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _fail(name, value, "a number such as '0.01'") from None
    if amount < 0:
        raise _fail(name, value, "a number not below 0")
    return amount


def _enum(name: str, enum: Any, value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise _fail(name, value, f"one of {[m.value for m in enum]}") from None


def policy_from(config: Mapping[str, Any]) -> AnnualReportPolicy:
    """An ``AnnualReportPolicy`` from plain configuration data (unknown keys are an error)."""
    known = {f.name for f in dataclasses.fields(AnnualReportPolicy)}
    unknown = set(config) - known
    if unknown:
        raise ImproperlyConfigured(
            f"POLICY[{SETTINGS_KEY!r}]: unknown keys {sorted(unknown)}; known: {sorted(known)}."
        )
    values: dict[str, Any] = {}
    for name, value in config.items():
        if name == "mode":
            values[name] = _enum(name, Mode, value)
        elif name == "late_handling":
            values[name] = _enum(name, LateHandling, value)
        elif name == "deadlines":
            values[name] = _deadlines(value)
        elif name == "first_year_cutoff":
            values[name] = _month_day(name, value)
        elif name == "overrides":
            values[name] = tuple(_override(v) for v in value)
        elif name == "community":
            values[name] = _community(value)
        elif name == "audit_report_types":
            values[name] = _org_types(name, value)
        elif name == "amount_tolerance":
            values[name] = _decimal(name, value)
        elif name == "party_min_members":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _fail(name, value, "a whole number of at least 1")
            values[name] = value
    return AnnualReportPolicy(**values)


def get_policy() -> AnnualReportPolicy:
    """The policy in force: defaults (domain.md §14, ANNUAL.*) overridden by settings."""
    return policy_from(getattr(settings, "POLICY", {}).get(SETTINGS_KEY, {}))
