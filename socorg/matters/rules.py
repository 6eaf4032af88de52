"""Major-matter reports (重大事项报告): what a report must contain, and its workflow as a table.

Pure: no Django. An organization files a report on its own major matter (换届, 重大活动, 涉外活动,
接受大额捐赠, 重大投资, 法定代表人变动, …); its supervisory unit or the registration authority
acknowledges it or returns it with a note; a returned report may be corrected and filed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from socorg.accounts.roles import Role
from socorg.core.messages import N_, Msg

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
NOTE_MAX = 1000


class MatterKind(StrEnum):
    ELECTION = "election"  # 换届
    MAJOR_ACTIVITY = "major_activity"  # 重大活动
    FOREIGN_AFFAIRS = "foreign_affairs"  # 涉外活动
    LARGE_DONATION = "large_donation"  # 接受大额捐赠
    MAJOR_INVESTMENT = "major_investment"  # 重大投资
    LEGAL_REP_CHANGE = "legal_rep_change"  # 法定代表人变动
    OTHER = "other"  # 其他


class MatterState(StrEnum):
    FILED = "filed"  # 已报告，待确认
    ACKNOWLEDGED = "acknowledged"  # 已确认（知悉）
    RETURNED = "returned"  # 已退回，待补正


class MatterAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    RETURN = "return"
    RESUBMIT = "resubmit"


OFFICERS = frozenset({Role.DEPARTMENT_OFFICER, Role.DISTRICT_ADMIN, Role.STREET_OFFICER})


@dataclass(frozen=True)
class Step:
    target: MatterState
    roles: frozenset[Role]
    needs_note: bool = False


# (state, action) → step. Every transition is here, findable with grep.
TRANSITIONS: dict[tuple[MatterState, MatterAction], Step] = {
    (MatterState.FILED, MatterAction.ACKNOWLEDGE): Step(MatterState.ACKNOWLEDGED, OFFICERS),
    (MatterState.FILED, MatterAction.RETURN): Step(MatterState.RETURNED, OFFICERS, needs_note=True),
    (MatterState.RETURNED, MatterAction.RESUBMIT): Step(
        MatterState.FILED, frozenset({Role.ORGANIZATION})
    ),
}

STATE_LABELS: dict[MatterState, str] = {
    MatterState.FILED: N_("待确认"),
    MatterState.ACKNOWLEDGED: N_("已确认"),
    MatterState.RETURNED: N_("已退回"),
}


@dataclass(frozen=True)
class Refusal:
    """Why an action may not be taken: the field it concerns and the message."""

    field: str
    message: Msg
    forbidden: bool = False  # the role may never take it (as opposed to bad input or state)


def decide_step(
    state: MatterState, action: MatterAction, role: Role | None, *, note: str = ""
) -> Step | Refusal:
    """The step the action takes from ``state``, or why it may not be taken."""
    step = TRANSITIONS.get((state, action))
    if step is None:
        return Refusal(
            "state",
            Msg(N_("当前状态（%(state)s）不能办理此操作。"), {"state": Msg(STATE_LABELS[state])}),
        )
    if role not in step.roles:
        return Refusal("state", Msg(N_("您的角色不能办理此操作。")), forbidden=True)
    if step.needs_note and not note.strip():
        return Refusal("note", Msg(N_("退回时须写明退回意见。")))
    if len(note.strip()) > NOTE_MAX:
        return Refusal("note", Msg(N_("意见不能超过 %(n)s 个字。"), {"n": NOTE_MAX}))
    return step


@dataclass(frozen=True)
class MatterFacts:
    kind: str
    title: str
    description: str
    occurred_on: dt.date | None
    planned_on: dt.date | None


def _add(problems: dict[str, list[Msg]], name: str, message: Msg) -> None:
    problems.setdefault(name, []).append(message)


def matter_problems(facts: MatterFacts, *, today: dt.date) -> dict[str, list[Msg]]:
    """Every problem with a report, by field; empty when it may be filed.

    A matter that has happened carries the day it happened (not after today); one still to
    come carries the planned day (not before today). Exactly one of the two.
    """
    problems: dict[str, list[Msg]] = {}
    if facts.kind not in {k.value for k in MatterKind}:
        _add(problems, "kind", Msg(N_("请选择事项类别。")))
    title = facts.title.strip()
    if not title:
        _add(problems, "title", Msg(N_("请填写事项标题。")))
    elif len(title) > TITLE_MAX:
        _add(problems, "title", Msg(N_("事项标题不能超过 %(n)s 个字。"), {"n": TITLE_MAX}))
    description = facts.description.strip()
    if len(description) > DESCRIPTION_MAX:
        _add(
            problems,
            "description",
            Msg(N_("事项说明不能超过 %(n)s 个字。"), {"n": DESCRIPTION_MAX}),
        )
    if facts.kind == MatterKind.OTHER and not description:
        _add(
            problems,
            "description",
            Msg(N_("事项类别为“其他”的，请在事项说明中写明具体内容。")),
        )
    if facts.occurred_on is None and facts.planned_on is None:
        _add(
            problems,
            "occurred_on",
            Msg(N_("请填写发生日期（已发生的事项）或计划日期（尚未发生的事项）。")),
        )
    elif facts.occurred_on is not None and facts.planned_on is not None:
        _add(
            problems,
            "planned_on",
            Msg(N_("发生日期和计划日期只填一项：已发生的填发生日期，尚未发生的填计划日期。")),
        )
    elif facts.occurred_on is not None and facts.occurred_on > today:
        _add(
            problems,
            "occurred_on",
            Msg(
                N_("发生日期不能晚于今天（%(today)s）；尚未发生的事项请填写计划日期。"),
                {"today": today.isoformat()},
            ),
        )
    elif facts.planned_on is not None and facts.planned_on < today:
        _add(
            problems,
            "planned_on",
            Msg(
                N_("计划日期不能早于今天（%(today)s）；已发生的事项请填写发生日期。"),
                {"today": today.isoformat()},
            ),
        )
    return problems
