"""The illegal-organizations policy: rule defaults overridden by ``settings.POLICY["illegal"]``."""

from __future__ import annotations

from dataclasses import fields, replace

from django.conf import settings

from socorg.illegal.rules import DEFAULT_POLICY, IllegalPolicy


def get_policy() -> IllegalPolicy:
    """The frozen policy in force (numbers are configuration, not code)."""
    overrides = dict(getattr(settings, "POLICY", {}).get("illegal", {}))
    known = {f.name for f in fields(IllegalPolicy)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"Unknown POLICY['illegal'] keys: {sorted(unknown)}")
    if "evidence_extensions" in overrides:
        overrides["evidence_extensions"] = tuple(
            str(ext).lower().lstrip(".") for ext in overrides["evidence_extensions"]
        )
    return replace(DEFAULT_POLICY, **overrides)
