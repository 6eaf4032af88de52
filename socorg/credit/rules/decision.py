"""What the credit rules decide: transitions, refusals and the decision for a day (pure).

Kept apart from the engine that produces them, so that services and views can read a decision
without reading how it was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from socorg.core.messages import Msg
from socorg.credit.rules.codes import Citation, RefusalCode, RemovalCode, Trigger
from socorg.credit.rules.state import CreditState


class TransitionKind(StrEnum):
    ENTER_ABNORMAL = "enter_abnormal"  # NORMAL → ABNORMAL
    RESTART_ABNORMAL = "restart_abnormal"  # new A-trigger while ABNORMAL: clock restarts
    REMOVE_ABNORMAL = "remove_abnormal"  # ABNORMAL → NORMAL (RA1, RA2)
    ESCALATE = "escalate"  # ABNORMAL → SERIOUS after 2 years (S1)
    ENTER_SERIOUS = "enter_serious"  # NORMAL / ABNORMAL → SERIOUS on S2–S8
    RESTART_SERIOUS = "restart_serious"  # new trigger while SERIOUS: clock restarts
    REMOVE_SERIOUS = "remove_serious"  # SERIOUS → NORMAL (RS1, RS2)
    # 查实 of some obligations while the organization stays listed for others (or, with origin
    # S1, until it applies): the list does not change, the reasons do.
    RECORD_RECTIFICATION = "record_rectification"


LIST_CHANGES = frozenset(
    {
        TransitionKind.ENTER_ABNORMAL,
        TransitionKind.REMOVE_ABNORMAL,
        TransitionKind.ESCALATE,
        TransitionKind.ENTER_SERIOUS,
        TransitionKind.REMOVE_SERIOUS,
    }
)


CreditCode = Trigger | RemovalCode


@dataclass(frozen=True)
class Transition:
    """One change of credit state, with the article it rests on and a reason a reader can follow."""

    kind: TransitionKind
    effective_on: dt.date
    code: CreditCode  # the main trigger or removal code
    codes: tuple[CreditCode, ...]  # every code behind this change (several triggers on one day)
    citation: Citation
    explanation: Msg
    state: CreditState  # the state from ``effective_on`` on
    entry_due_by: dt.date | None = None  # CREDIT.entry_deadline: record the entry by this day
    removal_due_by: dt.date | None = None  # RA1: record the removal by this day (查实 + 5 工作日)

    @property
    def changes_list(self) -> bool:
        """Whether the organization enters or leaves a list (what is published)."""
        return self.kind in LIST_CHANGES

    @property
    def key(self) -> str:
        """Stable identity for idempotent storage: one change of a kind, code and day."""
        return f"{self.effective_on.isoformat()}/{self.kind.value}/{self.code.value}"


@dataclass(frozen=True)
class Refusal:
    """An application for removal from the serious list that the rules do not grant."""

    applied_on: dt.date
    code: RefusalCode
    explanation: Msg
    citation: Citation
    eligible_from: dt.date | None = None  # first day an application could succeed, if known


@dataclass(frozen=True)
class ScheduledChange:
    """The change that will happen by the passing of time alone, if no new fact arrives."""

    on: dt.date
    kind: TransitionKind
    code: CreditCode


@dataclass(frozen=True)
class CreditDecision:
    today: dt.date
    opening: CreditState
    state: CreditState
    transitions: tuple[Transition, ...]
    refusals: tuple[Refusal, ...]
    next_change: ScheduledChange | None

    def state_on(self, day: dt.date) -> CreditState:
        """The state at the end of ``day`` (on or before ``today``)."""
        if day > self.today:
            raise ValueError("a decision knows nothing after its own day")
        state = self.opening
        for transition in self.transitions:
            if transition.effective_on > day:
                break
            state = transition.state
        return state

    def transitions_on(self, day: dt.date) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.effective_on == day)
