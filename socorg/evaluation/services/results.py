"""After scoring: objections during the public notice, and expiry reminders (daily run)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.audit.services import audit_record
from socorg.evaluation import rules
from socorg.evaluation.models import EvaluationRound, ExpiryReminder, Objection, Result
from socorg.evaluation.permissions import can_file_objection, can_resolve_objection
from socorg.evaluation.policy import get_policy
from socorg.evaluation.services._common import add, check, day_of, raise_if
from socorg.notifications.models import Notification
from socorg.notifications.services import notification_send_many
from socorg.registry.models import OrganizationMember
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES

ACTIVE = [s.value for s in ACTIVE_STATUSES]
RESULT_FIELDS = ("total", "level")


@transaction.atomic
def objection_file(
    *, actor: Any, result: Result, reason: str, today: dt.date | None = None
) -> Objection:
    """The organization objects to its result during the notice period (公示期内书面提出)."""
    day = day_of(today)
    result = Result.objects.select_related("round", "organization").get(pk=result.pk)
    check(can_file_objection(actor, result))
    round_ = result.round
    problems: dict[str, list[str]] = {}
    in_notice = (
        round_.state == EvaluationRound.State.NOTICE
        and round_.notice_starts_on is not None
        and round_.notice_ends_on is not None
        and round_.notice_starts_on <= day <= round_.notice_ends_on
    )
    if not in_notice:
        if round_.notice_starts_on and round_.notice_ends_on:
            add(
                problems,
                "result",
                _("公示期为 %(start)s 至 %(end)s，只能在公示期内提出异议。")
                % {
                    "start": round_.notice_starts_on.isoformat(),
                    "end": round_.notice_ends_on.isoformat(),
                },
            )
        else:
            add(problems, "result", _("评估结果尚未公示，不能提出异议。"))
    reason = (reason or "").strip()
    if not reason:
        add(problems, "reason", _("请填写异议理由。"))
    if Objection.objects.filter(result=result, state=Objection.State.PENDING).exists():
        add(problems, "result", _("该评估结果已有待处理的异议。"))
    raise_if(problems)
    objection = Objection.objects.create(
        result=result,
        organization=result.organization,
        reason=reason,
        filed_on=day,
        filed_by=actor,
    )
    audit_record(
        actor=actor,
        action="evaluation.objection.file",
        obj=objection,
        after={"result": result.pk, "total": str(result.total), "level": result.level},
        reason=reason,
    )
    url = reverse("evaluation:application_detail", args=[result.application_id])
    admins = User.objects.filter(
        role=Role.DISTRICT_ADMIN, area_id=round_.district_id, is_active=True
    ).values_list("id", flat=True)
    notification_send_many(
        [
            Notification(
                recipient_user_id=user_id,
                kind="evaluation.objection",
                title=(_("%(org)s 对评估结果提出异议") % {"org": result.organization.name})[:200],
                body=reason[:500],
                url=url,
                object_type=Objection._meta.label_lower,
                object_id=str(objection.pk),
            )
            for user_id in admins
        ]
    )
    return objection


def _total(problems: dict[str, list[str]], value: Any, maximum: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        total = Decimal(str(value))
    except InvalidOperation:
        add(problems, "corrected_total", _("更正后总分须为数字。"))
        return None
    if not total.is_finite() or not Decimal(0) <= total <= maximum:
        add(
            problems,
            "corrected_total",
            _("更正后总分须在 0 至 %(max)s 分之间。") % {"max": maximum},
        )
        return None
    return total


@transaction.atomic
def objection_resolve(
    *,
    actor: Any,
    objection: Objection,
    decision: str,
    resolution: str,
    corrected_total: Any = None,
    today: dt.date | None = None,
) -> Objection:
    """The bureau decides an objection: not upheld (the result stands), or upheld with a
    corrected total (the level follows the bands) or, without one, no level (不予评定等级)."""
    day = day_of(today)
    objection = (
        Objection.objects.select_for_update()
        .select_related("result", "result__round", "result__round__district", "organization")
        .get(pk=objection.pk)
    )
    check(can_resolve_objection(actor, objection))
    policy = get_policy()
    problems: dict[str, list[str]] = {}
    if objection.state != Objection.State.PENDING:
        add(problems, "decision", _("该异议已处理。"))
    if objection.result.round.state != EvaluationRound.State.NOTICE:
        add(problems, "decision", _("评估结果已公告，不能再处理异议。"))
    if decision not in (Objection.State.REJECTED, Objection.State.UPHELD):
        add(problems, "decision", _("请选择处理结果：异议成立或异议不成立。"))
    resolution = (resolution or "").strip()
    if not resolution:
        add(problems, "resolution", _("请填写处理意见。"))
    total = _total(problems, corrected_total, policy.total_points)
    if decision == Objection.State.REJECTED and total is not None:
        add(problems, "corrected_total", _("异议不成立时不更正总分。"))
    raise_if(problems)
    result = Result.objects.select_for_update().get(pk=objection.result_id)
    before = {"total": str(result.total), "level": result.level}
    if decision == Objection.State.UPHELD:
        if total is None:
            result.level = ""
        else:
            result.total = total
            result.level = rules.level_for(total, policy).value
        result.save(update_fields=["total", "level", "updated_at"])
    objection.state = decision
    objection.resolution = resolution
    objection.corrected_total = total
    objection.resolved_on = day
    objection.resolved_by = actor
    objection.save()
    audit_record(
        actor=actor,
        action="evaluation.objection.resolve",
        obj=objection,
        before=before,
        after={"decision": decision, "total": str(result.total), "level": result.level},
        reason=resolution,
    )
    url = reverse("evaluation:application_detail", args=[result.application_id])
    title = _("评估结果异议已处理：%(decision)s") % {"decision": objection.get_state_display()}
    notification_send_many(
        [
            Notification(
                recipient_user_id=user_id,
                kind="evaluation.objection_resolved",
                title=title[:200],
                body=resolution,
                url=url,
                object_type=Objection._meta.label_lower,
                object_id=str(objection.pk),
            )
            for user_id in OrganizationMember.objects.filter(
                organization_id=objection.organization_id
            ).values_list("user_id", flat=True)
        ]
    )
    return objection


# --- expiry reminders (daily run) ------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    on: dt.date
    sent: int  # reminders recorded (one per result and stage)
    notifications: int


def _stage(valid_to: dt.date, today: dt.date, days: tuple[int, ...]) -> int | None:
    """The nearest reminder stage reached on ``today`` (e.g. 30 when 30 days remain or fewer)."""
    reached = [d for d in days if valid_to - dt.timedelta(days=d) <= today]
    return min(reached) if reached else None


@transaction.atomic
def evaluation_expiry_reminders(
    today: dt.date, *, actor: Any = None, batch_size: int = 2000
) -> ReminderRun:
    """Remind each organization whose level expires soon, and its district bureau, at the
    configured stages before ``valid_to`` (180, 90, 30 days by default). Set-based: one query
    for the results expiring within the longest stage, and bulk writes; idempotent: a stage is
    sent once per result (a day the run missed sends the nearest stage only)."""
    policy = get_policy()
    days = tuple(sorted(set(policy.reminder_days)))
    horizon = today + dt.timedelta(days=max(days))
    rows = (
        Result.objects.filter(
            announced_on__isnull=False,
            ended_on__isnull=True,
            valid_to__gte=today,
            valid_to__lte=horizon,
            organization__status__in=ACTIVE,
        )
        .exclude(level="")
        .annotate(last_stage=Min("reminders__days_before"))
        .values_list(
            "id",
            "organization_id",
            "organization__name",
            "organization__district_id",
            "level",
            "valid_to",
            "last_stage",
        )
        .order_by("id")
    )
    sent = notified = 0
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        nonlocal sent, notified
        if not batch:
            return
        sent_now, notified_now = _send(batch, today)
        sent += sent_now
        notified += notified_now
        batch.clear()

    for row in rows.iterator(chunk_size=batch_size):
        stage = _stage(row[5], today, days)
        last = row[6]
        if stage is None or (last is not None and last <= stage):
            continue
        batch.append((*row[:6], stage))
        if len(batch) >= batch_size:
            flush()
    flush()
    if sent:
        audit_record(
            actor=actor,
            action="evaluation.expiry_reminders",
            object_type="evaluation.result",
            after={"on": today, "reminders": sent, "notifications": notified},
            category="system",
        )
    return ReminderRun(today, sent, notified)


def _send(batch: list[tuple[Any, ...]], today: dt.date) -> tuple[int, int]:
    ExpiryReminder.objects.bulk_create(
        [ExpiryReminder(result_id=row[0], days_before=row[6], sent_on=today) for row in batch],
        ignore_conflicts=True,
    )
    org_ids = {row[1] for row in batch}
    district_ids = {row[3] for row in batch}
    members: dict[int, list[int]] = defaultdict(list)
    for user_id, org_id in OrganizationMember.objects.filter(
        organization_id__in=org_ids
    ).values_list("user_id", "organization_id"):
        members[org_id].append(user_id)
    admins: dict[int, list[int]] = defaultdict(list)
    for user_id, area_id in User.objects.filter(
        Q(role=Role.DISTRICT_ADMIN) & Q(area_id__in=district_ids) & Q(is_active=True)
    ).values_list("id", "area_id"):
        admins[area_id].append(user_id)
    url = reverse("evaluation:home")
    notes = []
    for result_id, org_id, name, district_id, level, valid_to, _stage in batch:
        title = _("%(org)s 的评估等级 %(level)s 将于 %(date)s 到期") % {
            "org": name,
            "level": level,
            "date": valid_to.isoformat(),
        }
        body = _("距有效期届满还有 %(days)s 天。需要继续保持等级的，请及时申请重新评估。") % {
            "days": (valid_to - today).days
        }
        for user_id in [*members.get(org_id, []), *admins.get(district_id, [])]:
            notes.append(
                Notification(
                    recipient_user_id=user_id,
                    kind="evaluation.expiry",
                    title=title[:200],
                    body=body,
                    url=url,
                    object_type="evaluation.result",
                    object_id=str(result_id),
                )
            )
    notification_send_many(notes)
    return len(batch), len(notes)
