"""The numbers of the credit rules, as data (docs/domain.md §14, CREDIT.*).

Several of them come from the draft text or from summaries of the final text, and local practice
varies, so every threshold and period is a field here rather than a constant in the rules.
Periods in months are counted with ``socorg.credit.calendar.add_months``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from socorg.credit.rules.codes import Trigger


@dataclass(frozen=True)
class CreditPolicy:
    # CREDIT.abnormal_auto_removal [S-draft]: listed with nothing to fulfil → removed after this.
    abnormal_auto_removal_months: int = 6
    # CREDIT.abnormal_removal_after_verification [S-draft]: removal recorded within N working days.
    abnormal_removal_working_days: int = 5
    # CREDIT.abnormal_to_serious [S]: continuous time on the abnormal list before S1.
    abnormal_to_serious_months: int = 24
    # CREDIT.serious_removal_min [S]: time on the serious list, with no new trigger, before
    # an application can succeed. Not 5 years: that is the SAMR rule for enterprises (§2.5).
    serious_removal_min_months: int = 24
    # CREDIT.entry_deadline [S]: information entered within N working days of being formed.
    entry_working_days: int = 5
    # CREDIT.fine_threshold [S]: a fine at or above this is S4, below it A5.
    fine_threshold_yuan: Decimal = Decimal("50000")
    # CREDIT.repeat_minor_penalties [S]: this many warnings / small fines within the window → S5.
    repeat_minor_penalties: int = 2
    repeat_minor_penalties_months: int = 36
    # A2 applies only where party-building rules require a party organization (§8); a locality
    # may switch the trigger off.
    party_organization_applies: bool = True
    # A4 [S]: a charity with 公开募捐资格 idle for this long (慈善组织公开募捐管理办法 第二十一条).
    fundraising_idle_months: int = 6
    # A6 / CREDIT.unreachable_letters [U]: consecutive unsigned registered letters needed, and the
    # allowed interval between their dispatch in days (draft: 20–60; final recalled as 15–30).
    # None leaves the interval to the authority's own practice.
    unreachable_letters: int = 2
    unreachable_letter_interval_days: tuple[int, int] | None = None
    # A1: days of grace after the filing deadline before a report counts as late.
    annual_report_grace_days: int = 0
    # Abnormal-list triggers that leave nothing to fulfil or rectify (a penalty already imposed):
    # such a listing ends by itself after ``abnormal_auto_removal_months`` (draft 第十四条). The
    # other A-triggers owe something; serious triggers owe nothing of their own.
    triggers_without_obligation: frozenset[Trigger] = field(
        default_factory=lambda: frozenset({Trigger.A5})
    )
    # A serious listing with one of these origins also needs every obligation fulfilled.
    serious_removal_requires_rectification: frozenset[Trigger] = field(
        default_factory=lambda: frozenset({Trigger.S1})
    )
    # A serious listing with one of these reasons ends when 注销登记 is completed, not on application.
    serious_removal_on_deregistration: frozenset[Trigger] = field(
        default_factory=lambda: frozenset({Trigger.S7})
    )

    def __post_init__(self) -> None:
        positive = {
            "abnormal_auto_removal_months": self.abnormal_auto_removal_months,
            "abnormal_to_serious_months": self.abnormal_to_serious_months,
            "serious_removal_min_months": self.serious_removal_min_months,
            "repeat_minor_penalties": self.repeat_minor_penalties,
            "repeat_minor_penalties_months": self.repeat_minor_penalties_months,
            "fundraising_idle_months": self.fundraising_idle_months,
            "unreachable_letters": self.unreachable_letters,
        }
        for name, value in positive.items():
            if value < 1:
                raise ValueError(f"CreditPolicy.{name} must be at least 1, got {value}")
        not_negative = {
            "abnormal_removal_working_days": self.abnormal_removal_working_days,
            "entry_working_days": self.entry_working_days,
            "annual_report_grace_days": self.annual_report_grace_days,
        }
        for name, value in not_negative.items():
            if value < 0:
                raise ValueError(f"CreditPolicy.{name} must not be negative, got {value}")
        if self.fine_threshold_yuan <= 0:
            raise ValueError("CreditPolicy.fine_threshold_yuan must be positive")
        interval = self.unreachable_letter_interval_days
        if interval is not None and not 0 <= interval[0] <= interval[1]:
            raise ValueError("CreditPolicy.unreachable_letter_interval_days must be (min, max)")


DEFAULT_POLICY = CreditPolicy()
