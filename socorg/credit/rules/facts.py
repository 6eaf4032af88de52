"""What the credit rules know about one organization, and the triggers they read from it.

Facts are dated history, not a snapshot: ``decide_credit`` replays them, so the same facts give the
same answer for a day whenever it is asked. Where the regulation draws a line (a fine of 5万元,
two small penalties within 3 years, two unsigned letters, 6 months without public fundraising)
the fact stays raw and ``derive_triggers`` draws the line with the policy; the other triggers are
decisions of an authority and come in as ``TriggerFact`` with the decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from socorg.credit.calendar import ONE_DAY, add_months
from socorg.credit.rules.codes import DERIVED_ONLY, Trigger
from socorg.credit.rules.policy import CreditPolicy
from socorg.credit.rules.state import NORMAL, CreditState, Reason
from socorg.registry.rules.lifecycle import REGISTERED_TYPES, EventFacts, EventKind


@dataclass(frozen=True)
class AnnualReport:
    """A year's 年度工作报告: A1 when not filed by the deadline, or found not to comply."""

    year: int
    due_on: dt.date
    filed_on: dt.date | None = None
    rejected_on: dt.date | None = None  # filed on time but found not to meet the requirements


@dataclass(frozen=True)
class RectificationNotice:
    """A 整改文书 after an inspection: A3 when not rectified by the deadline."""

    issued_on: dt.date
    deadline: dt.date
    completed_on: dt.date | None = None
    reference: str = ""

    def __post_init__(self) -> None:
        if self.deadline < self.issued_on:
            raise ValueError("a rectification deadline cannot precede the notice")


@dataclass(frozen=True)
class FundraisingCampaign:
    started_on: dt.date
    ended_on: dt.date

    def __post_init__(self) -> None:
        if self.ended_on < self.started_on:
            raise ValueError("a campaign cannot end before it starts")


@dataclass(frozen=True)
class PublicFundraising:
    """A charity's 公开募捐资格 and its public fundraising: A4 when conditions are lost or idle."""

    qualified_on: dt.date
    campaigns: tuple[FundraisingCampaign, ...] = ()
    conditions_lost_on: dt.date | None = None  # no longer meets the conditions of the qualification


class PenaltyKind(StrEnum):
    WARNING = "warning"  # 警告
    FINE = "fine"  # 罚款 (with or without a warning)
    SUSPENSION = "suspension"  # 限期停止活动
    CERTIFICATE_REVOKED = "certificate_revoked"  # 吊销登记证书


@dataclass(frozen=True)
class Penalty:
    """An administrative penalty by any department, not only 民政 (A5, S3, S4, S5, S7)."""

    decided_on: dt.date
    kind: PenaltyKind
    fine_yuan: Decimal = Decimal(0)
    reference: str = ""

    def __post_init__(self) -> None:
        if self.kind is PenaltyKind.FINE and self.fine_yuan <= 0:
            raise ValueError("a fine needs a positive amount")
        if self.fine_yuan < 0:
            raise ValueError("a fine cannot be negative")


@dataclass(frozen=True)
class RegisteredLetter:
    """A 专用挂号信 to the registered address; unsigned letters in a row make A6."""

    sent_on: dt.date
    signed: bool
    outcome_on: dt.date  # signed for, or returned unsigned

    def __post_init__(self) -> None:
        if self.outcome_on < self.sent_on:
            raise ValueError("a letter cannot come back before it is sent")


@dataclass(frozen=True)
class TriggerFact:
    """A trigger decided by an authority (A2, A3, A7, S2, S3, S6, S7, S8, ...), on its date."""

    code: Trigger
    occurred_on: dt.date
    reference: str = ""
    owes: bool | None = None  # None: the policy default for the code

    def __post_init__(self) -> None:
        if self.code in DERIVED_ONLY:
            raise ValueError(f"{self.code} is worked out by the rules, not asserted")


@dataclass(frozen=True)
class RectificationVerified:
    """The authority has verified (查实) that obligations were fulfilled or defects rectified."""

    verified_on: dt.date
    codes: frozenset[Trigger] | None = None  # None: every obligation outstanding that day
    reference: str = ""


@dataclass(frozen=True)
class RemovalApplication:
    """An application for removal from the 严重违法失信名单, on the day it is examined."""

    applied_on: dt.date
    reference: str = ""


@dataclass(frozen=True)
class CreditFacts:
    """Everything the credit rules read about one organization.

    ``opening`` is the state at the start of ``opening_on`` (a listing carried over from an older
    system); facts dated before ``opening_on`` then count only as history (earlier penalties still
    count towards S5).
    """

    opening: CreditState = NORMAL
    opening_on: dt.date | None = None
    annual_reports: tuple[AnnualReport, ...] = ()
    rectification_notices: tuple[RectificationNotice, ...] = ()
    fundraising: PublicFundraising | None = None
    penalties: tuple[Penalty, ...] = ()
    letters: tuple[RegisteredLetter, ...] = ()
    registration_events: tuple[EventFacts, ...] = ()
    triggers: tuple[TriggerFact, ...] = ()
    verifications: tuple[RectificationVerified, ...] = ()
    applications: tuple[RemovalApplication, ...] = ()

    def __post_init__(self) -> None:
        if self.opening.listed and self.opening_on is None:
            raise ValueError("a listed opening state needs opening_on")
        if self.opening.since and self.opening_on and self.opening.since > self.opening_on:
            raise ValueError("the opening listing cannot start after opening_on")

    @property
    def deregistered_on(self) -> dt.date | None:
        """The day 注销登记 was completed, if it was."""
        days = [
            e.occurred_on for e in self.registration_events if e.kind is EventKind.DEREGISTRATION
        ]
        return min(days) if days else None


def owes_by_default(code: Trigger, policy: CreditPolicy) -> bool:
    """Whether a trigger leaves something to fulfil or rectify, unless the fact says otherwise."""
    return not code.is_serious and code not in policy.triggers_without_obligation


def derive_triggers(facts: CreditFacts, *, policy: CreditPolicy) -> tuple[Reason, ...]:
    """Every trigger occurrence in the facts, in date order (60号令 第十条, 第十三条 [R])."""
    reasons = {
        *_annual_reports(facts, policy),
        *_rectification_notices(facts),
        *_fundraising(facts, policy),
        *_penalties(facts, policy),
        *_letters(facts, policy),
        *_registration(facts),
        *_asserted(facts, policy),
    }
    return tuple(sorted(reasons, key=lambda r: (r.occurred_on, r.code, r.reference)))


def _reason(code: Trigger, on: dt.date, policy: CreditPolicy, reference: str = "") -> Reason:
    return Reason(code, on, owes_by_default(code, policy), reference)


def _annual_reports(facts: CreditFacts, policy: CreditPolicy) -> Iterator[Reason]:
    for report in facts.annual_reports:
        last_day = report.due_on + dt.timedelta(days=policy.annual_report_grace_days)
        ref = str(report.year)
        if report.filed_on is None or report.filed_on > last_day:
            yield _reason(Trigger.A1, last_day + ONE_DAY, policy, ref)
        elif report.rejected_on is not None:
            yield _reason(Trigger.A1, report.rejected_on, policy, ref)


def _rectification_notices(facts: CreditFacts) -> Iterator[Reason]:
    # Rectifying by the deadline is not a credit failure (§2.2 A3).
    for notice in facts.rectification_notices:
        if notice.completed_on is None or notice.completed_on > notice.deadline:
            yield Reason(Trigger.A3, notice.deadline + ONE_DAY, True, notice.reference)


def _fundraising(facts: CreditFacts, policy: CreditPolicy) -> Iterator[Reason]:
    fundraising = facts.fundraising
    if fundraising is None:
        return
    stop = fundraising.conditions_lost_on
    if stop is not None:
        yield _reason(Trigger.A4, stop, policy, "conditions_lost")
    # One trigger per idle spell: repeating it every 6 months would keep resetting the listing
    # clock and so keep the organization from ever reaching S1.
    idle_from = fundraising.qualified_on
    campaigns = sorted(
        (c for c in fundraising.campaigns if c.ended_on >= fundraising.qualified_on),
        key=lambda c: c.started_on,
    )
    for campaign in [*campaigns, None]:
        due = add_months(idle_from, policy.fundraising_idle_months)
        idle = campaign is None or campaign.started_on > due
        if idle and (stop is None or due < stop):
            yield _reason(Trigger.A4, due, policy, f"idle_since:{idle_from.isoformat()}")
        if campaign is not None:
            idle_from = max(idle_from, campaign.ended_on)


def _penalties(facts: CreditFacts, policy: CreditPolicy) -> Iterator[Reason]:
    minor: list[dt.date] = []
    for penalty in sorted(facts.penalties, key=lambda p: p.decided_on):
        on, ref = penalty.decided_on, penalty.reference
        if penalty.kind is PenaltyKind.SUSPENSION:
            yield _reason(Trigger.S3, on, policy, ref)
        elif penalty.kind is PenaltyKind.CERTIFICATE_REVOKED:
            yield _reason(Trigger.S7, on, policy, ref)
        elif penalty.fine_yuan >= policy.fine_threshold_yuan:
            yield _reason(Trigger.S4, on, policy, ref)
        else:
            yield _reason(Trigger.A5, on, policy, ref)
            # "Within 3 years": the earlier penalty's window ends on its anniversary, inclusive.
            recent = [d for d in minor if add_months(d, policy.repeat_minor_penalties_months) >= on]
            if len(recent) + 1 >= policy.repeat_minor_penalties:
                yield _reason(Trigger.S5, on, policy, ref)
            minor.append(on)


def _letters(facts: CreditFacts, policy: CreditPolicy) -> Iterator[Reason]:
    interval = policy.unreachable_letter_interval_days
    run: list[RegisteredLetter] = []
    for letter in sorted(facts.letters, key=lambda x: x.sent_on):
        if letter.signed:
            run = []
            continue
        if run and interval is not None:
            gap = (letter.sent_on - run[-1].sent_on).days
            if not interval[0] <= gap <= interval[1]:
                run = []
        run.append(letter)
        if len(run) >= policy.unreachable_letters:
            yield _reason(Trigger.A6, letter.outcome_on, policy, letter.sent_on.isoformat())
            run = []


def _registration(facts: CreditFacts) -> Iterator[Reason]:
    # 撤销备案 of a community organization is not 撤销成立登记: 60号令 covers registered bodies.
    for event in facts.registration_events:
        if event.kind is EventKind.REVOCATION and event.org_type in REGISTERED_TYPES:
            yield Reason(Trigger.S7, event.occurred_on, False, "revocation")


def _asserted(facts: CreditFacts, policy: CreditPolicy) -> Iterator[Reason]:
    for fact in facts.triggers:
        if fact.code is Trigger.A2 and not policy.party_organization_applies:
            continue
        owes = owes_by_default(fact.code, policy) if fact.owes is None else fact.owes
        yield Reason(fact.code, fact.occurred_on, owes, fact.reference)
