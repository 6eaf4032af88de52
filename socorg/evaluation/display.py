"""Rule messages stored as data (so they can be shown in the reader's language later), and the
labels pages and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from socorg.core.i18n import render
from socorg.core.messages import Msg
from socorg.evaluation import rules, workflow


def msg_data(message: Msg) -> dict[str, Any]:
    """A rule message as JSON: its msgid and parameters (nested messages become text ids)."""
    params = {k: (v.template if isinstance(v, Msg) else v) for k, v in message.params.items()}
    return {"template": message.template, "params": params}


def msg_from(data: Any) -> Msg | str:
    if isinstance(data, dict) and "template" in data:
        return Msg(str(data["template"]), dict(data.get("params") or {}))
    return str(data or "")


def render_stored(data: Any) -> str:
    """A stored rule message in the active language."""
    return render(msg_from(data))


def finding_data(finding: rules.Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "basis": finding.basis, "reason": msg_data(finding.reason)}


def finding_text(finding: rules.Finding) -> str:
    """“reason（依据：basis）” for an error message."""
    return f"{render(finding.reason)}（{finding.basis}）"


def stored_findings(eligibility: dict[str, Any]) -> list[dict[str, str]]:
    """The findings of an eligibility snapshot, rendered: rule, basis, reason."""
    return [
        {
            "rule": str(row.get("rule", "")),
            "basis": str(row.get("basis", "")),
            "reason": render_stored(row.get("reason")),
        }
        for row in eligibility.get("findings", [])
    ]


def round_state_label(state: str) -> str:
    return render(workflow.STATE_LABELS[workflow.RoundState(state)])


def action_label(action: str) -> str:
    return render(workflow.ACTION_LABELS[workflow.RoundAction(action)])


def indicator_rows(
    indicators: Iterable[dict[str, Any]], values: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Each indicator of a template with its name in the active language and a value."""
    values = values or {}
    return [
        {
            "code": item["code"],
            "name": render(str(item["name"])),
            "max_points": item["max_points"],
            "value": values.get(item["code"]),
        }
        for item in indicators
    ]
