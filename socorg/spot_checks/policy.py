"""The spot-check policy: rule defaults overridden by ``settings.POLICY["spot_checks"]``.

A deployment writes, e.g.::

    POLICY = {"spot_checks": {"share_percent": "3", "same_street_recusal": True}}
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.spot_checks.rules import DEFAULT_POLICY, SpotCheckPolicy, plan_problems


def policy_from(overrides: dict[str, object]) -> SpotCheckPolicy:
    """The default policy with ``overrides`` applied (keys are SpotCheckPolicy fields)."""
    known = {f.name for f in dataclasses.fields(SpotCheckPolicy)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ImproperlyConfigured(f"POLICY['spot_checks'] has unknown keys: {', '.join(unknown)}")
    values = dict(overrides)
    try:
        if "share_percent" in values:
            values["share_percent"] = Decimal(str(values["share_percent"]))
        policy = dataclasses.replace(DEFAULT_POLICY, **values)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"POLICY['spot_checks'] is invalid: {exc}") from exc
    problems = plan_problems(
        share_percent=policy.share_percent,
        count_per_stratum=None,
        minimum_per_stratum=policy.minimum_per_stratum,
    )
    if problems or policy.inspectors_per_check < 1 or policy.employment_recusal_years < 0:
        raise ImproperlyConfigured("POLICY['spot_checks'] is invalid: out-of-range default.")
    return policy


def get_policy() -> SpotCheckPolicy:
    """The policy in force (settings are read on every call, so tests may override)."""
    return policy_from(dict(getattr(settings, "POLICY", {}).get("spot_checks", {})))
