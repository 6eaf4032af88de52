"""Exit cases (排查 → 核实 → 告知/约谈 → 决定 → 公告 → 结案): open, act, follow the register. Each
step checks permission first, decides with ``rules.decide_case_action``, validates (a Chinese
message per field, nothing written on bad input), writes, audits and tells the supervisory unit
("谁主管、谁负责")."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record, audit_record_many, snapshot
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.core.i18n import render
from socorg.credit.evaluation import credit_evaluate
from socorg.dormancy import permissions
from socorg.dormancy.models import DormancyScore, ExitCase, ExitCaseStep
from socorg.dormancy.rules import (
    BASIS_CAMPAIGN,
    CASE_ACTION_LABELS,
    CASE_TRANSITIONS,
    CaseAction,
    CaseState,
    decide_case_action,
)
from socorg.dormancy.services.common import Problems, add, check, day_of, raise_if
from socorg.notifications.models import Notification
from socorg.notifications.services import notification_send, notification_send_many
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.rules.lifecycle import EventKind, Status
from socorg.registry.services import EventInput, organization_terminate

CASE_AUDIT_FIELDS = (
    "organization",
    "state",
    "opened_on",
    "decision",
    "decided_on",
    "document_number",
    "rectification_deadline",
    "outcome",
    "outcome_on",
    "announced_on",
    "closed_on",
)
DECISIONS = {
    CaseAction.DECIDE_REVOKE: ExitCase.Decision.REVOKE,
    CaseAction.DECIDE_DEREGISTER: ExitCase.Decision.DEREGISTER,
    CaseAction.DECIDE_RECTIFY: ExitCase.Decision.RECTIFY,
}
NOTE_MAX = 5000
DOCUMENT_MAX = 100


def _case_url(case: ExitCase) -> str:
    return reverse("dormancy:case_detail", args=[case.pk])


def _notice(case: ExitCase, title: str, body: str = "") -> Notification | None:
    """The supervisory unit hears of every step on its organizations (none when directly
    registered: the registration authority itself guides them)."""
    org = case.organization
    if org.supervisory_unit_id is None:
        return None
    return Notification(
        recipient_agency_id=org.supervisory_unit_id,
        kind="dormancy.case",
        title=title[:200],
        body=body,
        url=_case_url(case)[:300],
        object_type=case._meta.label_lower,
        object_id=str(case.pk),
    )


def _notify(case: ExitCase, title: str, body: str = "") -> None:
    notice = _notice(case, title, body)
    if notice is not None:
        notification_send(
            kind=notice.kind,
            title=notice.title,
            body=notice.body,
            url=notice.url,
            agency=case.organization.supervisory_unit,
            obj=case,
        )


def _step_title(case: ExitCase, action: CaseAction) -> str:
    label = render(CASE_ACTION_LABELS[action])
    return _("%(org)s 的僵尸型组织清理案件：%(step)s") % {
        "org": case.organization.name,
        "step": label,
    }


@transaction.atomic
def exit_case_open(
    *,
    actor: Any,
    organization: Organization,
    opened_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> ExitCase:
    """Open an exit case (排查) on an organization of the ranked list, keeping the score and
    reasons it was opened on (民发〔2021〕63号)."""
    day = day_of(today)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    check(permissions.can_open_exit_case(actor, org))
    on = opened_on or day
    problems: Problems = {}
    if on > day:
        add(problems, "opened_on", _("立案排查日期不能晚于今天。"))
    if org.registered_on is not None and on < org.registered_on:
        add(problems, "opened_on", _("立案排查日期不能早于该组织的登记日期。"))
    if len(note) > NOTE_MAX:
        add(problems, "note", _("情况说明不得超过 %(n)s 个字符。") % {"n": NOTE_MAX})
    existing = ExitCase.objects.filter(organization=org).exclude(state=CaseState.CLOSED).first()
    if existing is not None:
        add(
            problems,
            "organization",
            _("该组织已有未结案的清理案件（#%(id)s），请在原案件中继续办理。")
            % {"id": existing.pk},
        )
    raise_if(problems)
    score = DormancyScore.objects.filter(organization=org).first()
    case = ExitCase(
        organization=org,
        state=CaseState.SCREENING.value,
        opened_on=on,
        opened_by=actor,
        score_total=score.total if score else 0,
        score_reasons=score.reasons if score else [],
        score_criteria=score.criteria if score else [],
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # two officers opening the same case at once
        raise ApplicationError.for_field(
            "organization", _("该组织已有未结案的清理案件，请在原案件中继续办理。")
        ) from exc
    ExitCaseStep.objects.create(
        case=case,
        state_after=CaseState.SCREENING.value,
        occurred_on=on,
        note=note.strip(),
        basis=BASIS_CAMPAIGN,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="dormancy.case.open",
        obj=case,
        after=snapshot(case, CASE_AUDIT_FIELDS) | {"score_total": case.score_total},
        reason=note.strip(),
    )
    title = _("%(org)s 被列为疑似僵尸型社会组织，已立案排查") % {"org": org.name}
    _notify(case, title, note.strip())
    return case


@dataclass(frozen=True)
class StepInput:
    """One step on an exit case, as a form or the API gives it."""

    action: str
    occurred_on: dt.date | None = None
    note: str = ""
    document_number: str = ""
    deadline: dt.date | None = None


def _refuse(state: CaseState, action: CaseAction, role: str, message: str) -> None:
    """Turn a refusal of the workflow table into the right error: a step that does not exist in
    this state names the action; a role the step is not for is forbidden; a missing statement
    of facts names the note."""
    transition = CASE_TRANSITIONS.get((state, action))
    if transition is None:
        raise ApplicationError.for_field("action", message)
    if role not in transition.roles:
        raise PermissionDenied(message)
    raise ApplicationError.for_field("note", message)


def _validate_step(
    case: ExitCase, action: CaseAction, data: StepInput, on: dt.date, day: dt.date
) -> None:
    problems: Problems = {}
    if on > day:
        add(problems, "occurred_on", _("办理日期不能晚于今天。"))
    last_on = case.steps.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    if last_on is not None and on < last_on:
        add(
            problems,
            "occurred_on",
            _("办理日期不能早于上一步办理日期（%(day)s）。") % {"day": last_on.isoformat()},
        )
    if len(data.note) > NOTE_MAX:
        add(problems, "note", _("事实和理由不得超过 %(n)s 个字符。") % {"n": NOTE_MAX})
    document = data.document_number.strip()
    if action in DECISIONS and not document:
        add(
            problems,
            "document_number",
            _("请填写决定文书号（撤销登记决定书、指导注销通知书或限期整改通知书的编号）。"),
        )
    deregistering_here = (
        action == CaseAction.ANNOUNCE
        and case.state == CaseState.GUIDED_DEREGISTRATION
        and case.organization.is_active
    )
    if deregistering_here and not document:
        add(
            problems,
            "document_number",
            _(
                "该组织尚未办理注销登记：请填写注销登记文书号，在此一并办理注销；或先在登记管理中办理注销。"
            ),
        )
    if len(document) > DOCUMENT_MAX:
        add(problems, "document_number", _("文书号不得超过 %(n)s 个字符。") % {"n": DOCUMENT_MAX})
    if action == CaseAction.DECIDE_RECTIFY:
        if data.deadline is None:
            add(problems, "deadline", _("请填写整改期限。"))
        elif data.deadline < day:
            add(problems, "deadline", _("整改期限不能早于今天。"))
        elif data.deadline <= on:
            add(problems, "deadline", _("整改期限须晚于决定日期。"))
    elif data.deadline is not None:
        add(problems, "deadline", _("只有“决定限期整改”需要填写整改期限。"))
    raise_if(problems)


def _terminate(actor: Any, case: ExitCase, kind: EventKind, on: dt.date, data: StepInput) -> None:
    """The registry act the decision carries (撤销 or 注销), with its lifecycle event."""
    # A revocation always carries its grounds (the table requires them); a deregistration after
    # guidance may be recorded without a note.
    reason = data.note.strip() or _("经指导清算后办理注销登记。")
    case.organization = organization_terminate(
        actor=actor,
        organization=case.organization,
        kind=kind.value,
        event=EventInput(
            occurred_on=on, document_number=data.document_number.strip(), reason=reason
        ),
    )


def _apply(actor: Any, case: ExitCase, action: CaseAction, on: dt.date, data: StepInput) -> bool:
    """The effects of a step on the case (and on the register); True when the organization's
    registration status changed, so its credit lists must be evaluated again."""
    document = data.document_number.strip()
    org = case.organization
    if action in DECISIONS:
        case.decision = DECISIONS[action]
        case.decided_on = on
        case.document_number = document
        case.rectification_deadline = data.deadline if action == CaseAction.DECIDE_RECTIFY else None
    if action == CaseAction.DECIDE_REVOKE:
        _terminate(actor, case, EventKind.REVOCATION, on, data)
        case.outcome, case.outcome_on = ExitCase.Outcome.REVOKED, on
        return True
    if action == CaseAction.CONFIRM_RECTIFIED:
        case.outcome, case.outcome_on = ExitCase.Outcome.REACTIVATED, on
    elif action == CaseAction.DISMISS:
        case.outcome, case.outcome_on, case.closed_on = ExitCase.Outcome.DISMISSED, on, on
    elif action == CaseAction.ANNOUNCE:
        case.announced_on = on
        if case.state == CaseState.GUIDED_DEREGISTRATION:
            terminated = False
            if org.is_active:
                _terminate(actor, case, EventKind.DEREGISTRATION, on, data)
                terminated = True
            revoked = case.organization.status == Status.REVOKED
            case.outcome = ExitCase.Outcome.REVOKED if revoked else ExitCase.Outcome.DEREGISTERED
            case.outcome_on = case.organization.status_changed_on or on
            return terminated
    elif action == CaseAction.CLOSE:
        case.closed_on = on
    return False


@transaction.atomic
def exit_case_act(
    *, actor: Any, case: ExitCase, data: StepInput, today: dt.date | None = None
) -> ExitCase:
    """Take one step on an exit case (排查 → 核实 → 告知/约谈 → 决定: 撤销 | 指导注销 | 限期整改 →
    公告 → 结案). 撤销 revokes the registration at once (registry lifecycle event, then the credit
    lists: S7); 指导注销 ends with the 注销 event; 限期整改 sets a deadline and ends reactivated."""
    day = day_of(today)
    case = ExitCase.objects.select_for_update().select_related("organization").get(pk=case.pk)
    check(permissions.can_act_exit_case(actor, case))
    try:
        action = CaseAction(data.action)
    except ValueError:
        raise ApplicationError.for_field("action", _("未知的办理事项。")) from None
    state = CaseState(case.state)
    decision = decide_case_action(state, action, actor.role, note=data.note)
    if not decision.allowed:
        _refuse(state, action, actor.role, render(decision.reason))
    assert decision.target is not None
    on = data.occurred_on or day
    _validate_step(case, action, data, on, day)

    before = snapshot(case, CASE_AUDIT_FIELDS)
    status_changed = _apply(actor, case, action, on, data)
    case.state = decision.target.value
    case.save()
    ExitCaseStep.objects.create(
        case=case,
        action=action.value,
        state_before=state.value,
        state_after=case.state,
        occurred_on=on,
        note=data.note.strip(),
        document_number=data.document_number.strip(),
        deadline=data.deadline,
        basis=decision.basis[:300],
        actor=actor,
    )
    if status_changed or (action == CaseAction.CLOSE and case.outcome):
        # The register changed (or the case closes on it): the credit lists follow at once
        # (撤销 → S7 until 注销), as the daily run would.
        credit_evaluate(organization=case.organization, today=day, actor=actor)
    audit_record(
        actor=actor,
        action=f"dormancy.case.{action.value}",
        obj=case,
        before=before,
        after=snapshot(case, CASE_AUDIT_FIELDS) | {"basis": decision.basis},
        reason=data.note.strip(),
    )
    if status_changed:
        DormancyScore.objects.filter(organization_id=case.organization_id).delete()
    _notify(case, _step_title(case, action), data.note.strip())
    return case


def exit_case_sync(*, today: dt.date | None = None) -> int:
    """Close the guided-deregistration cases whose organization has since been deregistered in
    the register (the 注销 event is the public act): the steps 公告 and 结案 are recorded for the
    system, set-based. Returns how many cases it closed."""
    day = day_of(today)
    cases = list(
        ExitCase.objects.select_for_update(of=("self",))
        .filter(
            state=CaseState.GUIDED_DEREGISTRATION.value,
            organization__status=Status.DEREGISTERED.value,
            organization__status_changed_on__lte=day,
        )
        .select_related("organization")
        .order_by("id")
    )
    if not cases:
        return 0
    documents = dict(
        LifecycleEvent.objects.filter(
            organization_id__in=[c.organization_id for c in cases],
            kind=EventKind.DEREGISTRATION.value,
        )
        .order_by("organization_id", "occurred_on", "id")
        .values_list("organization_id", "document_number")
    )
    announce = CASE_TRANSITIONS[(CaseState.GUIDED_DEREGISTRATION, CaseAction.ANNOUNCE)]
    close = CASE_TRANSITIONS[(CaseState.ANNOUNCED, CaseAction.CLOSE)]
    steps: list[ExitCaseStep] = []
    events: list[AuditEvent] = []
    notices: list[Notification] = []
    note = _("该组织已在登记管理中办理注销登记，案件随之公告并结案。")
    for case in cases:
        before = snapshot(case, CASE_AUDIT_FIELDS)
        deregistered_on = case.organization.status_changed_on or day
        closed_on = max(deregistered_on, day)
        steps.append(
            ExitCaseStep(
                case=case,
                action=CaseAction.ANNOUNCE.value,
                state_before=case.state,
                state_after=announce.target.value,
                occurred_on=deregistered_on,
                note=note,
                document_number=documents.get(case.organization_id, ""),
                basis=announce.basis,
            )
        )
        steps.append(
            ExitCaseStep(
                case=case,
                action=CaseAction.CLOSE.value,
                state_before=announce.target.value,
                state_after=close.target.value,
                occurred_on=closed_on,
                basis=close.basis,
            )
        )
        case.state = close.target.value
        case.outcome, case.outcome_on = ExitCase.Outcome.DEREGISTERED, deregistered_on
        case.announced_on, case.closed_on = deregistered_on, closed_on
        case.updated_at = timezone.now()  # bulk_update does not touch auto_now fields
        events.append(
            AuditEvent(
                actor_repr="system",
                category=AuditEvent.Category.BUSINESS,
                action="dormancy.case.sync",
                object_type=case._meta.label_lower,
                object_id=str(case.pk),
                object_repr=str(case)[:255],
                before=before,
                after=json.loads(
                    json.dumps(snapshot(case, CASE_AUDIT_FIELDS), default=str, ensure_ascii=False)
                ),
                reason=note,
            )
        )
        notice = _notice(case, _step_title(case, CaseAction.CLOSE), note)
        if notice is not None:
            notices.append(notice)
    ExitCaseStep.objects.bulk_create(steps)
    ExitCase.objects.bulk_update(
        cases, ["state", "outcome", "outcome_on", "announced_on", "closed_on", "updated_at"]
    )
    audit_record_many(events)
    notification_send_many(notices)
    return len(cases)
