"""The party-building policy in force: the rule module's defaults, overridden by settings.

``settings.POLICY["party"]`` may set any field of ``PartyPolicy``, e.g.::

    POLICY = {"party": {"joint_branch_max_units": 6, "missing_party_org_is_credit_trigger": True}}
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socorg.party.rules import DEFAULT_POLICY, PartyOrgForm, PartyPolicy
from socorg.registry.rules.lifecycle import OrgType

_CONVERTERS: dict[str, Any] = {
    "organization_coverage_forms": lambda v: frozenset(PartyOrgForm(x) for x in v),
    "credit_trigger_org_types": lambda v: frozenset(OrgType(x) for x in v),
}


def get_policy() -> PartyPolicy:
    """``PartyPolicy`` from the defaults and ``settings.POLICY["party"]``."""
    overrides = dict(getattr(settings, "POLICY", {}).get("party", {}))
    known = {f.name for f in fields(PartyPolicy)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ImproperlyConfigured(f"POLICY['party'] has unknown keys: {', '.join(unknown)}")
    try:
        values = {k: _CONVERTERS.get(k, lambda v: v)(v) for k, v in overrides.items()}
        return replace(DEFAULT_POLICY, **values)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"POLICY['party'] is invalid: {exc}") from exc
