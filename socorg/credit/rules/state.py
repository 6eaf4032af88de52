"""Where an organization stands on the credit lists (docs/domain.md §2.8).

``CreditState`` is NORMAL, ABNORMAL(since, reasons) or SERIOUS(since, reasons, origin). Two dates
are kept because the rules need both: ``listed_on`` is the first day on the current list (what is
published), ``since`` is the day the listing period is counted from, which a new trigger resets
(重新计算列入时限).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from socorg.credit.rules.codes import Trigger


class ListKind(StrEnum):
    NORMAL = "normal"  # 未列入
    ABNORMAL = "abnormal"  # 活动异常名录
    SERIOUS = "serious"  # 严重违法失信名单


@dataclass(frozen=True)
class Reason:
    """One occurrence of a trigger: what happened, when, and whether something is owed."""

    code: Trigger
    occurred_on: dt.date
    owes: bool  # an obligation to fulfil or a defect to rectify (需履行义务或者整改)
    reference: str = ""  # 文书号, annual-report year, case number
    rectified_on: dt.date | None = None  # 查实已履行或者已整改

    @property
    def outstanding(self) -> bool:
        return self.owes and self.rectified_on is None

    def rectified(self, on: dt.date) -> Reason:
        return replace(self, rectified_on=on)


@dataclass(frozen=True)
class CreditState:
    kind: ListKind = ListKind.NORMAL
    listed_on: dt.date | None = None
    since: dt.date | None = None
    reasons: tuple[Reason, ...] = ()
    origin: Trigger | None = None  # SERIOUS only: the trigger that put it on the serious list

    def __post_init__(self) -> None:
        if self.kind is ListKind.NORMAL:
            if self.listed_on or self.since or self.reasons or self.origin:
                raise ValueError("a NORMAL credit state has no listing data")
            return
        if self.listed_on is None or self.since is None or not self.reasons:
            raise ValueError(f"a {self.kind} credit state needs listed_on, since and reasons")
        if self.since < self.listed_on:
            raise ValueError("the listing period cannot start before the listing")
        if (self.kind is ListKind.SERIOUS) != (self.origin is not None):
            raise ValueError("origin is set exactly when the state is SERIOUS")
        if self.origin is not None and not self.origin.is_serious:
            raise ValueError("the origin of a serious listing is one of S1–S8")

    @classmethod
    def normal(cls) -> CreditState:
        return cls()

    @classmethod
    def abnormal(
        cls, listed_on: dt.date, reasons: tuple[Reason, ...], *, since: dt.date | None = None
    ) -> CreditState:
        return cls(ListKind.ABNORMAL, listed_on, since or listed_on, reasons)

    @classmethod
    def serious(
        cls,
        listed_on: dt.date,
        reasons: tuple[Reason, ...],
        origin: Trigger,
        *,
        since: dt.date | None = None,
    ) -> CreditState:
        return cls(ListKind.SERIOUS, listed_on, since or listed_on, reasons, origin)

    @property
    def listed(self) -> bool:
        return self.kind is not ListKind.NORMAL

    @property
    def outstanding(self) -> tuple[Reason, ...]:
        """Reasons whose obligation is not yet fulfilled or rectified."""
        return tuple(r for r in self.reasons if r.outstanding)

    @property
    def codes(self) -> tuple[Trigger, ...]:
        return tuple(dict.fromkeys(r.code for r in self.reasons))


NORMAL = CreditState()
