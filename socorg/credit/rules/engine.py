"""The credit-list state machine of docs/domain.md §2.8, replayed over an organization's facts.

``decide_credit`` starts from the opening state and walks forward day by day through the days on
which something happens: a fact, or the end of a period (6 months, 2 years). It ignores facts
dated after ``today``, so its answer for a day depends only on the facts and the day, never on
when or how often it ran: a daily job may call it for every day, in any order, and persist the
transitions by ``Transition.key``.

Within one day the order is fixed, and chosen so that an organization is not penalized for the
authority's timing:
1. removals asked for by facts: 查实 of rectification, 注销 completed, application examined;
2. the end of a period reached that day (automatic removal, then escalation to S1);
3. new triggers, batched: any S-trigger that day makes one serious entry carrying every reason.
So rectification verified on the day 2 years are reached still removes from the abnormal list,
and a new trigger on the day a listing ends starts a new listing rather than prolonging the old.

Periods end on the corresponding day (``add_months``): listed on 2024-01-15, 6 months are reached
on 2024-07-15, which is the first day off the list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from socorg.core.messages import N_, Msg
from socorg.credit.calendar import STATE_COUNCIL_CALENDAR, HolidayCalendar, add_months
from socorg.credit.rules import codes as c
from socorg.credit.rules.codes import Citation, RefusalCode, RemovalCode, Trigger
from socorg.credit.rules.decision import (
    CreditCode,
    CreditDecision,
    Refusal,
    ScheduledChange,
    Transition,
    TransitionKind,
)
from socorg.credit.rules.facts import (
    CreditFacts,
    RectificationVerified,
    RemovalApplication,
    derive_triggers,
)
from socorg.credit.rules.policy import CreditPolicy
from socorg.credit.rules.state import NORMAL, CreditState, ListKind, Reason


@dataclass
class _Day:
    triggers: list[Reason] = field(default_factory=list)
    verifications: list[RectificationVerified] = field(default_factory=list)
    applications: list[RemovalApplication] = field(default_factory=list)
    deregistered: bool = False


def decide_credit(
    facts: CreditFacts,
    *,
    policy: CreditPolicy,
    today: dt.date,
    calendar: HolidayCalendar = STATE_COUNCIL_CALENDAR,
) -> CreditDecision:
    """The organization's credit state on ``today`` and every change that led to it (60号令)."""
    replay = _Replay(policy, calendar, facts.opening)
    start = facts.opening_on
    days: defaultdict[dt.date, _Day] = defaultdict(_Day)
    for reason in derive_triggers(facts, policy=policy):
        days[reason.occurred_on].triggers.append(reason)
    for verification in facts.verifications:
        days[verification.verified_on].verifications.append(verification)
    for application in facts.applications:
        days[application.applied_on].applications.append(application)
    if facts.deregistered_on is not None:
        days[facts.deregistered_on].deregistered = True
    event_days = sorted(d for d in days if d <= today and (start is None or d >= start))

    for event_day in [*event_days, None]:
        # Periods that end before the next event day (or by today) end on their own day.
        limit = today if event_day is None else event_day - dt.timedelta(days=1)
        replay.run_timers(until=limit, not_before=start)
        if event_day is not None:
            replay.run_day(event_day, days[event_day])

    return CreditDecision(
        today=today,
        opening=facts.opening,
        state=replay.state,
        transitions=tuple(replay.transitions),
        refusals=tuple(replay.refusals),
        next_change=replay.scheduled(),
    )


class _Replay:
    def __init__(
        self, policy: CreditPolicy, calendar: HolidayCalendar, opening: CreditState
    ) -> None:
        self.policy = policy
        self.calendar = calendar
        self.state = opening
        self.transitions: list[Transition] = []
        self.refusals: list[Refusal] = []

    # -- the passing of time --------------------------------------------------------------

    def scheduled(self) -> ScheduledChange | None:
        state, policy = self.state, self.policy
        if state.kind is not ListKind.ABNORMAL:
            return None  # the serious list is left only on application or 注销 (严进严出)
        assert state.since is not None
        escalation = ScheduledChange(
            add_months(state.since, policy.abnormal_to_serious_months),
            TransitionKind.ESCALATE,
            Trigger.S1,
        )
        if state.outstanding:
            return escalation
        expiry = ScheduledChange(
            add_months(state.since, policy.abnormal_auto_removal_months),
            TransitionKind.REMOVE_ABNORMAL,
            RemovalCode.RA2,
        )
        return expiry if expiry.on <= escalation.on else escalation

    def run_timers(self, *, until: dt.date, not_before: dt.date | None) -> None:
        while (change := self.scheduled()) is not None and change.on <= until:
            # An opening state carried over with a period already ended ends on the first day
            # the rules look at, not in the past.
            on = max(change.on, not_before) if not_before else change.on
            if change.kind is TransitionKind.REMOVE_ABNORMAL:
                self._remove(on, TransitionKind.REMOVE_ABNORMAL, RemovalCode.RA2)
            else:
                self._escalate(on)

    def _escalate(self, on: dt.date) -> None:
        assert self.state.since is not None
        s1 = Reason(Trigger.S1, on, False, f"abnormal_since:{self.state.since.isoformat()}")
        since = self.state.since
        self.state = CreditState.serious(on, (*self.state.reasons, s1), Trigger.S1)
        self._record(
            TransitionKind.ESCALATE,
            on,
            Trigger.S1,
            (Trigger.S1,),
            c.ABNORMAL_TO_SERIOUS,
            Msg(
                N_(
                    "列入活动异常名录已满%(period)s（自%(since)s起计算），%(date)s起列入严重违法失信名单。"
                ),
                {
                    "period": c.period_text(self.policy.abnormal_to_serious_months),
                    "since": since.isoformat(),
                    "date": on.isoformat(),
                },
            ),
            entry_due_by=self._entry_due(on),
        )

    # -- one day with facts ---------------------------------------------------------------

    def run_day(self, day: dt.date, events: _Day) -> None:
        if events.verifications:
            self._verify(day, events.verifications)
        if events.deregistered:
            self._deregister(day)
        for application in events.applications:
            self._apply(application)
        self.run_timers(until=day, not_before=day)
        if events.triggers:
            self._trigger(day, events.triggers)

    def _verify(self, day: dt.date, verifications: list[RectificationVerified]) -> None:
        state = self.state
        if not state.listed:
            return
        everything = any(v.codes is None for v in verifications)
        named = {code for v in verifications for code in v.codes or ()}
        reasons = tuple(
            r.rectified(day) if r.outstanding and (everything or r.code in named) else r
            for r in state.reasons
        )
        if reasons == state.reasons:
            return  # nothing outstanding was verified: no change
        self.state = replace(state, reasons=reasons)
        if state.kind is ListKind.ABNORMAL and not self.state.outstanding:
            # Every obligation is met. Anything left owed nothing and ends with the usual period.
            assert state.since is not None
            expired = add_months(state.since, self.policy.abnormal_auto_removal_months) <= day
            if expired or all(r.owes for r in reasons):
                self._remove(
                    day,
                    TransitionKind.REMOVE_ABNORMAL,
                    RemovalCode.RA1,
                    removal_due_by=self.calendar.add_working_days(
                        day, self.policy.abnormal_removal_working_days
                    ),
                )
                return
        rectified = tuple(
            dict.fromkeys(
                new.code for old, new in zip(state.reasons, reasons, strict=True) if old != new
            )
        )
        abnormal = state.kind is ListKind.ABNORMAL
        text = (
            N_(
                "%(date)s查实已履行相关义务或者完成整改（%(codes)s），因其他情形仍列入活动异常名录。"
            )
            if abnormal
            else N_(
                "%(date)s查实已履行相关义务或者完成整改（%(codes)s），仍列入严重违法失信名单，"
                "期满后可以申请移出。"
            )
        )
        self._record(
            TransitionKind.RECORD_RECTIFICATION,
            day,
            rectified[0],
            rectified,
            c.ABNORMAL_REMOVAL_VERIFIED if abnormal else c.SERIOUS_REMOVAL_APPLICATION,
            Msg(text, {"date": day.isoformat(), "codes": "、".join(x.value for x in rectified)}),
        )

    def _deregister(self, day: dt.date) -> None:
        state = self.state
        if state.kind is ListKind.SERIOUS and self._awaits_deregistration(state):
            self._remove(day, TransitionKind.REMOVE_SERIOUS, RemovalCode.RS2)

    def _awaits_deregistration(self, state: CreditState) -> bool:
        return bool(set(state.codes) & self.policy.serious_removal_on_deregistration)

    def _apply(self, application: RemovalApplication) -> None:
        refusal = self._refusal(application)
        if refusal is None:
            self._remove(application.applied_on, TransitionKind.REMOVE_SERIOUS, RemovalCode.RS1)
        else:
            self.refusals.append(refusal)

    def _refusal(self, application: RemovalApplication) -> Refusal | None:
        """Why the application fails, or None when it succeeds (严进严出, §2.5)."""
        state, policy, day = self.state, self.policy, application.applied_on
        if state.kind is not ListKind.SERIOUS:
            if state.kind is ListKind.ABNORMAL:
                text = N_(
                    "%(date)s申请移出严重违法失信名单，但该组织未列入该名单；列入活动异常名录的，"
                    "履行相关义务或者完成整改并经查实后移出。"
                )
            else:
                text = N_("%(date)s申请移出严重违法失信名单，但该组织未列入该名单。")
            return Refusal(
                day,
                RefusalCode.NOT_ON_SERIOUS_LIST,
                Msg(text, {"date": day.isoformat()}),
                c.SERIOUS_REMOVAL_APPLICATION,
            )
        if self._awaits_deregistration(state):
            return Refusal(
                day,
                RefusalCode.AWAITING_DEREGISTRATION,
                Msg(
                    N_(
                        "因被吊销登记证书或者撤销成立登记被列入的，完成注销登记后移出，不适用申请移出。"
                    )
                ),
                c.SERIOUS_REMOVAL_DEREGISTRATION,
            )
        assert state.since is not None and state.listed_on is not None
        months = policy.serious_removal_min_months
        eligible_from = add_months(state.since, months)
        if day < eligible_from:
            new_trigger = add_months(state.listed_on, months) <= day
            code = RefusalCode.NEW_TRIGGER_IN_WINDOW if new_trigger else RefusalCode.TOO_EARLY
            text = (
                N_(
                    "列入严重违法失信名单期间，%(since)s再次出现列入情形，列入时限重新计算，"
                    "%(eligible)s起方可申请移出。"
                )
                if new_trigger
                else N_(
                    "列入严重违法失信名单未满%(period)s（自%(since)s起计算），%(eligible)s起方可申请移出。"
                )
            )
            params = {
                "since": state.since.isoformat(),
                "eligible": eligible_from.isoformat(),
                "period": c.period_text(months),
            }
            return Refusal(
                day, code, Msg(text, params), c.SERIOUS_REMOVAL_APPLICATION, eligible_from
            )
        if state.origin in policy.serious_removal_requires_rectification and state.outstanding:
            owed = "、".join(dict.fromkeys(r.code.value for r in state.outstanding))
            return Refusal(
                day,
                RefusalCode.NOT_RECTIFIED,
                Msg(
                    N_(
                        "因列入活动异常名录满%(period)s被列入的，须先履行相关义务或者完成整改并经查实"
                        "（尚未整改：%(codes)s）。"
                    ),
                    {"period": c.period_text(policy.abnormal_to_serious_months), "codes": owed},
                ),
                c.SERIOUS_REMOVAL_APPLICATION,
            )
        return None

    def _trigger(self, day: dt.date, new: list[Reason]) -> None:
        state = self.state
        new_codes = tuple(dict.fromkeys(r.code for r in new))
        serious = [code for code in new_codes if code.is_serious]
        main = min(serious) if serious else min(new_codes)
        if state.kind is ListKind.SERIOUS or serious:
            restart = state.kind is ListKind.SERIOUS
            if restart:
                assert state.listed_on is not None and state.origin is not None
                self.state = CreditState.serious(
                    state.listed_on, (*state.reasons, *new), state.origin, since=day
                )
            else:
                # The abnormal reasons go along: their obligations still stand.
                self.state = CreditState.serious(day, (*state.reasons, *new), main)
            kind = TransitionKind.RESTART_SERIOUS if restart else TransitionKind.ENTER_SERIOUS
            citation = c.SERIOUS_RESTART if restart else c.SERIOUS_LISTING
            text = (
                N_(
                    "%(date)s再次出现列入情形：%(reason)s（%(codes)s），严重违法失信名单列入时限自该日起重新计算。"
                )
                if restart
                else N_("自%(date)s起列入严重违法失信名单：%(reason)s（%(codes)s）。")
            )
        elif state.kind is ListKind.ABNORMAL:
            assert state.listed_on is not None
            self.state = CreditState.abnormal(state.listed_on, (*state.reasons, *new), since=day)
            kind, citation = TransitionKind.RESTART_ABNORMAL, c.ABNORMAL_RESTART
            text = N_(
                "%(date)s再次出现列入情形：%(reason)s（%(codes)s），活动异常名录列入时限自该日起重新计算。"
            )
        else:
            self.state = CreditState.abnormal(day, tuple(new))
            kind, citation = TransitionKind.ENTER_ABNORMAL, c.ABNORMAL_LISTING
            text = N_("自%(date)s起列入活动异常名录：%(reason)s（%(codes)s）。")
        params = {
            "date": day.isoformat(),
            "reason": c.TRIGGER_LABELS[main],
            "codes": "、".join(code.value for code in new_codes),
        }
        self._record(kind, day, main, new_codes, citation, Msg(text, params), self._entry_due(day))

    # -- recording ------------------------------------------------------------------------

    def _remove(
        self,
        on: dt.date,
        kind: TransitionKind,
        code: RemovalCode,
        *,
        removal_due_by: dt.date | None = None,
    ) -> None:
        since = self.state.since
        assert since is not None
        self.state = NORMAL
        params: dict[str, object] = {"date": on.isoformat(), "since": since.isoformat()}
        if code is RemovalCode.RA1:
            assert removal_due_by is not None
            text = N_(
                "%(date)s查实已履行相关义务或者完成整改，移出活动异常名录；登记管理机关应当于%(due)s前"
                "完成移出。"
            )
            params["due"] = removal_due_by.isoformat()
        elif code is RemovalCode.RA2:
            text = N_(
                "列入活动异常名录满%(period)s（自%(since)s起计算）且无需履行义务或者整改，%(date)s自动移出。"
            )
            params["period"] = c.period_text(self.policy.abnormal_auto_removal_months)
        elif code is RemovalCode.RS1:
            text = N_(
                "列入严重违法失信名单已满%(period)s（自%(since)s起计算）且期间未再发生列入情形，"
                "%(date)s经申请移出。"
            )
            params["period"] = c.period_text(self.policy.serious_removal_min_months)
        else:
            text = N_("%(date)s完成注销登记，移出严重违法失信名单。")
        self._record(
            kind,
            on,
            code,
            (code,),
            c.REMOVAL_CITATIONS[code],
            Msg(text, params),
            removal_due_by=removal_due_by,
        )

    def _record(
        self,
        kind: TransitionKind,
        on: dt.date,
        code: CreditCode,
        codes: tuple[CreditCode, ...],
        citation: Citation,
        explanation: Msg,
        entry_due_by: dt.date | None = None,
        *,
        removal_due_by: dt.date | None = None,
    ) -> None:
        self.transitions.append(
            Transition(
                kind,
                on,
                code,
                codes,
                citation,
                explanation,
                self.state,
                entry_due_by=entry_due_by,
                removal_due_by=removal_due_by,
            )
        )

    def _entry_due(self, day: dt.date) -> dt.date:
        return self.calendar.add_working_days(day, self.policy.entry_working_days)
