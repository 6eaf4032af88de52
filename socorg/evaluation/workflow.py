"""The life of an evaluation round as a table (pure; no Django import).

A round is opened for applications, closed for scoring, put on public notice (公示), announced
(评估结果公告) and closed. Each step is one row of ``TRANSITIONS``: which state it leaves, which
state it reaches, which roles may take it; ``decide_round_action`` adds the conditions that
depend on dates and on the round's contents (Wuhan practice: 自评 → 初评 → 专家评审 → 公示 15
天 → 公告, domain.md §3.3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from socorg.accounts.roles import Role
from socorg.core.messages import N_, Msg


class RoundState(StrEnum):
    DRAFT = "draft"  # created, not yet open
    OPEN = "open"  # organizations apply and assess themselves
    SCORING = "scoring"  # experts score
    NOTICE = "notice"  # 公示: results public, objections may be filed
    ANNOUNCED = "announced"  # 公告: levels valid
    CLOSED = "closed"


class RoundAction(StrEnum):
    OPEN = "open"
    START_SCORING = "start_scoring"
    PUBLISH_NOTICE = "publish_notice"
    ANNOUNCE = "announce"
    CLOSE = "close"


STATE_LABELS: dict[RoundState, str] = {
    RoundState.DRAFT: N_("未开始"),
    RoundState.OPEN: N_("接受申报"),
    RoundState.SCORING: N_("专家评审"),
    RoundState.NOTICE: N_("结果公示"),
    RoundState.ANNOUNCED: N_("已公告"),
    RoundState.CLOSED: N_("已结束"),
}

ACTION_LABELS: dict[RoundAction, str] = {
    RoundAction.OPEN: N_("开始接受申报"),
    RoundAction.START_SCORING: N_("截止申报，进入专家评审"),
    RoundAction.PUBLISH_NOTICE: N_("汇总评分并公示"),
    RoundAction.ANNOUNCE: N_("公告评估结果"),
    RoundAction.CLOSE: N_("结束本轮评估"),
}

BASIS_ROUND = "社会组织评估管理办法（民政部令第39号第二十至二十五条；2026年修订后办法）；评估结果公示期为本地配置"

MANAGERS = frozenset({Role.DISTRICT_ADMIN})


@dataclass(frozen=True)
class Transition:
    target: RoundState
    roles: frozenset[Role]


# (state, action) → transition. Grep-able on purpose: every step of a round is one row.
TRANSITIONS: dict[tuple[RoundState, RoundAction], Transition] = {
    (RoundState.DRAFT, RoundAction.OPEN): Transition(RoundState.OPEN, MANAGERS),
    (RoundState.OPEN, RoundAction.START_SCORING): Transition(RoundState.SCORING, MANAGERS),
    (RoundState.SCORING, RoundAction.PUBLISH_NOTICE): Transition(RoundState.NOTICE, MANAGERS),
    (RoundState.NOTICE, RoundAction.ANNOUNCE): Transition(RoundState.ANNOUNCED, MANAGERS),
    (RoundState.ANNOUNCED, RoundAction.CLOSE): Transition(RoundState.CLOSED, MANAGERS),
}


@dataclass(frozen=True)
class RoundContext:
    """What the conditions of a step read: the date and the round's counts."""

    today: dt.date
    application_deadline: dt.date
    notice_ends_on: dt.date | None = None
    applications: int = 0  # applications not withdrawn
    unscored: int = 0  # applications without a complete expert score sheet
    pending_objections: int = 0


@dataclass(frozen=True)
class RoundDecision:
    allowed: bool
    target: RoundState | None
    reason: Msg
    forbidden: bool = False  # the role may not take the step at all (as opposed to "not now")


def available_actions(state: RoundState) -> list[RoundAction]:
    """The steps that leave ``state``, in table order."""
    return [action for (source, action) in TRANSITIONS if source == state]


def decide_round_action(
    state: RoundState, action: RoundAction, role: str, context: RoundContext
) -> RoundDecision:
    """Whether ``role`` may take ``action`` on a round in ``state`` now, and the state it leads to."""
    transition = TRANSITIONS.get((state, action))
    if transition is None:
        return RoundDecision(
            False,
            None,
            Msg(
                N_("评估轮次处于“%(state)s”状态，不能“%(action)s”。"),
                {"state": Msg(STATE_LABELS[state]), "action": Msg(ACTION_LABELS[action])},
            ),
        )
    if role not in transition.roles:
        return RoundDecision(
            False, None, Msg(N_("只有民政局管理员可以办理评估轮次。")), forbidden=True
        )
    if action == RoundAction.OPEN and context.today > context.application_deadline:
        return RoundDecision(
            False,
            None,
            Msg(
                N_("申报截止日期 %(deadline)s 已过，不能开始接受申报；请先修改截止日期。"),
                {"deadline": context.application_deadline.isoformat()},
            ),
        )
    if action == RoundAction.PUBLISH_NOTICE and context.unscored:
        return RoundDecision(
            False,
            None,
            Msg(
                N_("尚有 %(n)s 个申报没有完整的专家评分，不能公示。"),
                {"n": context.unscored},
            ),
        )
    if action == RoundAction.ANNOUNCE:
        if context.notice_ends_on is not None and context.today <= context.notice_ends_on:
            return RoundDecision(
                False,
                None,
                Msg(
                    N_("公示期至 %(end)s 结束，公示期满后方可公告。"),
                    {"end": context.notice_ends_on.isoformat()},
                ),
            )
        if context.pending_objections:
            return RoundDecision(
                False,
                None,
                Msg(
                    N_("尚有 %(n)s 件异议未处理，处理完毕后方可公告。"),
                    {"n": context.pending_objections},
                ),
            )
    return RoundDecision(True, transition.target, Msg(N_("可以办理。")))
