"""Annual reports as people read them: state labels and badges, content in sections."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from socorg.annual_reports.forms import FIELDSETS
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.services import content_fields_for
from socorg.annual_reports.workflow import ACTION_LABELS, STATE_LABELS, Action, State

BADGES: dict[State, str] = {
    State.DRAFT: "badge-neutral",
    State.AWAITING_SUPERVISOR: "badge-filed",
    State.AWAITING_REGISTRAR: "badge-filed",
    State.AWAITING_STREET: "badge-filed",
    State.PASSED: "badge-registered",
    State.ACCEPTED: "badge-registered",
    State.BASIC_PASSED: "badge-filed",
    State.FAILED: "badge-revoked",
    State.NOT_FILED: "badge-revoked",
}
# Steps that need a reason or a rectification requirement (see workflow.TRANSITIONS).
NOTE_STEPS = frozenset({Action.RETURN, Action.CONCLUDE_BASIC_PASS, Action.CONCLUDE_FAIL})
DANGER_STEPS = frozenset({Action.CONCLUDE_FAIL, Action.RETURN})


@dataclass(frozen=True)
class StateView:
    state: str
    label: str
    badge: str


def state_view(state: State | str) -> StateView:
    value = State(state)
    return StateView(value.value, _(STATE_LABELS[value]), BADGES[value])


@dataclass(frozen=True)
class StepView:
    action: str
    label: str
    needs_note: bool
    danger: bool


def step_views(actions: list[Action]) -> list[StepView]:
    return [
        StepView(a.value, _(ACTION_LABELS[a]), a in NOTE_STEPS, a in DANGER_STEPS) for a in actions
    ]


def _value(report: AnnualReport, name: str) -> str:
    value: Any = getattr(report, name)
    if name == "party_org_form":
        return report.get_party_org_form_display() or "—"
    if name == "major_matters":
        return "\n".join(value) if value else "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def content_sections(report: AnnualReport) -> list[tuple[Any, list[tuple[str, str]]]]:
    """(section title, [(label, value)]) for the fields this organization's report carries."""
    carried = set(content_fields_for(report.organization.org_type))
    sections = []
    for title, names in FIELDSETS:
        rows = [
            (str(AnnualReport._meta.get_field(name).verbose_name), _value(report, name))
            for name in names
            if name in carried
        ]
        if rows:
            sections.append((title, rows))
    return sections
