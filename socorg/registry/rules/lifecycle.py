"""Organization lifecycle: which event may follow which, and the status it leaves (pure).

Registration events are public acts under 社团条例 第二十三条, 民非条例 第十八条 and 基金会条例
第十九条; filing (备案) of community organizations follows 民发〔2017〕191号. The status of an
organization is never edited directly: it is the result of its events, replayed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from socorg.core.messages import N_, Msg


class OrgType(StrEnum):
    SOCIAL_GROUP = "social_group"  # 社会团体
    SOCIAL_SERVICE = "social_service"  # 社会服务机构 (民办非企业单位)
    FOUNDATION = "foundation"  # 基金会
    COMMUNITY = "community"  # 社区社会组织 (备案)


REGISTERED_TYPES = frozenset({OrgType.SOCIAL_GROUP, OrgType.SOCIAL_SERVICE, OrgType.FOUNDATION})


class Status(StrEnum):
    REGISTERED = "registered"  # 正常（已登记）
    FILED = "filed"  # 已备案
    DEREGISTERED = "deregistered"  # 已注销
    REVOKED = "revoked"  # 已撤销


ACTIVE_STATUSES = frozenset({Status.REGISTERED, Status.FILED})


class EventKind(StrEnum):
    ESTABLISHMENT = "establishment"  # 成立登记
    FILING = "filing"  # 备案
    CHANGE = "change"  # 变更登记 / 备案变更
    CONVERSION = "conversion"  # 社区社会组织转为登记
    DEREGISTRATION = "deregistration"  # 注销登记 / 注销备案
    REVOCATION = "revocation"  # 撤销登记 / 撤销备案


@dataclass(frozen=True)
class Transition:
    target: Status
    types: frozenset[OrgType]  # the organization type the event applies to (before the event)
    basis: str  # the rule that allows it


ALL_TYPES = frozenset(OrgType)
COMMUNITY_ONLY = frozenset({OrgType.COMMUNITY})

# (current status, event) → transition. None is "no record yet". Grep-able on purpose.
TRANSITIONS: dict[tuple[Status | None, EventKind], Transition] = {
    (None, EventKind.ESTABLISHMENT): Transition(
        Status.REGISTERED,
        REGISTERED_TYPES,
        "社团条例第十条；民非条例第八条；基金会条例第八条",
    ),
    (None, EventKind.FILING): Transition(Status.FILED, COMMUNITY_ONLY, "民发〔2017〕191号"),
    (Status.REGISTERED, EventKind.CHANGE): Transition(
        Status.REGISTERED,
        REGISTERED_TYPES,
        "社团条例第十八条；民非条例第十五条；基金会条例第十五条",
    ),
    (Status.FILED, EventKind.CHANGE): Transition(Status.FILED, COMMUNITY_ONLY, "民发〔2017〕191号"),
    (Status.FILED, EventKind.CONVERSION): Transition(
        Status.REGISTERED, COMMUNITY_ONLY, "民发〔2017〕191号：符合登记条件的转为登记"
    ),
    (Status.REGISTERED, EventKind.DEREGISTRATION): Transition(
        Status.DEREGISTERED,
        REGISTERED_TYPES,
        "社团条例第十九条；民非条例第十六条；基金会条例第十六条",
    ),
    (Status.FILED, EventKind.DEREGISTRATION): Transition(
        Status.DEREGISTERED, COMMUNITY_ONLY, "民发〔2017〕191号"
    ),
    (Status.REGISTERED, EventKind.REVOCATION): Transition(
        Status.REVOKED,
        REGISTERED_TYPES,
        "社团条例第二十九条、第三十条；民非条例第二十四条、第二十五条；基金会条例第四十一条、第四十二条",
    ),
    # A revoked organization still completes 注销 after liquidation; that ends an S7 credit listing
    # (domain.md §2.5).
    (Status.REVOKED, EventKind.DEREGISTRATION): Transition(
        Status.DEREGISTERED,
        REGISTERED_TYPES,
        "社团条例第十九条；民非条例第十六条；基金会条例第十六条；民政部令第60号（撤销后办理注销）",
    ),
    (Status.FILED, EventKind.REVOCATION): Transition(
        Status.REVOKED, COMMUNITY_ONLY, "民发〔2017〕191号"
    ),
}

# Events that need a document number (文书号): registration acts and penalties.
DOCUMENT_REQUIRED = frozenset(
    {
        EventKind.ESTABLISHMENT,
        EventKind.CONVERSION,
        EventKind.DEREGISTRATION,
        EventKind.REVOCATION,
    }
)
REASON_REQUIRED = frozenset({EventKind.CHANGE, EventKind.DEREGISTRATION, EventKind.REVOCATION})


@dataclass(frozen=True)
class EventFacts:
    kind: EventKind
    occurred_on: dt.date
    org_type: OrgType  # the organization's type when the event happened


@dataclass(frozen=True)
class TransitionDecision:
    allowed: bool
    target: Status | None
    basis: str
    problem: Msg | None = None


def decide_transition(
    current: Status | None,
    event: EventFacts,
    *,
    last_event_on: dt.date | None,
    today: dt.date,
) -> TransitionDecision:
    """Whether ``event`` may follow the current status, and the status it leads to."""
    transition = TRANSITIONS.get((current, event.kind))
    if transition is None:
        return TransitionDecision(
            False,
            None,
            "",
            Msg(
                N_("当前状态“%(status)s”下不能办理“%(event)s”。"),
                {
                    "status": current.value if current else "—",
                    "event": event.kind.value,
                },
            ),
        )
    if event.org_type not in transition.types:
        return TransitionDecision(
            False,
            None,
            transition.basis,
            Msg(N_("“%(event)s”不适用于该类型的组织。"), {"event": event.kind.value}),
        )
    if event.occurred_on > today:
        return TransitionDecision(False, None, transition.basis, Msg(N_("办理日期不能晚于今天。")))
    if last_event_on and event.occurred_on < last_event_on:
        return TransitionDecision(
            False,
            None,
            transition.basis,
            Msg(
                N_("办理日期 %(date)s 早于上一次登记事项的日期 %(last)s。"),
                {
                    "date": event.occurred_on.isoformat(),
                    "last": last_event_on.isoformat(),
                },
            ),
        )
    return TransitionDecision(True, transition.target, transition.basis)


def decide_status(events: Iterable[EventFacts], *, today: dt.date) -> Status | None:
    """Replay events in order; the status they leave. Raises ValueError on an impossible run."""
    status: Status | None = None
    last: dt.date | None = None
    for event in events:
        decision = decide_transition(status, event, last_event_on=last, today=today)
        if not decision.allowed:
            raise ValueError(str(decision.problem))
        status, last = decision.target, event.occurred_on
    return status
