"""Tips (举报线索): filed by the public or by staff, assigned, closed. Each use case checks
permission first, validates, writes and audits in one transaction; nothing is written on a
refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record, snapshot
from socorg.core import crypto
from socorg.core.errors import ApplicationError
from socorg.core.i18n import render
from socorg.illegal import permissions, rules
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.rules import CaseState, TipClosure, TipSource, TipState
from socorg.illegal.selectors import tip_districts
from socorg.illegal.services.common import TIP_AUDIT_FIELDS, add, check, raise_if
from socorg.notifications.services import notification_send


@dataclass(frozen=True)
class TipInput:
    """What the public form, the staff form or the API gives for one tip."""

    reported_name: str
    description: str
    district: Area
    street: Area | None = None
    location: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    source: str = TipSource.PUBLIC.value
    channel: str = Tip.Channel.WEB.value
    received_at: dt.datetime | None = None


def tip_validate(data: TipInput, *, now: dt.datetime) -> dict[str, list[str]]:
    """Every problem with a tip, per field, in the active language."""
    problems: dict[str, list[str]] = {}
    if not data.reported_name.strip():
        add(problems, "reported_name", _("请填写被举报的组织名称（或其自称）。"))
    elif len(data.reported_name.strip()) > 200:
        add(problems, "reported_name", _("被举报组织名称不得超过 200 个字符。"))
    if not data.description.strip():
        add(problems, "description", _("请填写举报内容：该组织以什么名义、在哪里开展了什么活动。"))
    elif len(data.description) > 5000:
        add(problems, "description", _("举报内容不得超过 5000 个字符。"))
    if len(data.location) > 200:
        add(problems, "location", _("活动地点不得超过 200 个字符。"))
    if len(data.reporter_name) > 50:
        add(problems, "reporter_name", _("举报人姓名不得超过 50 个字符。"))
    problem = rules.contact_problem(data.reporter_contact)
    if problem is not None:
        add(problems, "reporter_contact", render(problem))
    if data.district.level != Area.Level.DISTRICT:
        add(problems, "district", _("所选区划不是区县。"))
    if data.street is not None and (
        data.street.level != Area.Level.STREET or data.street.parent_id != data.district.id
    ):
        add(problems, "street", _("所选街道不属于所选区县。"))
    if data.source not in Tip.Source.values:
        add(problems, "source", _("请选择线索来源。"))
    if data.channel not in Tip.Channel.values:
        add(problems, "channel", _("请选择受理渠道。"))
    if data.received_at is not None and data.received_at > now:
        add(problems, "received_at", _("受理时间不能晚于当前时间。"))
    return problems


@transaction.atomic
def tip_submit(*, actor: Any, data: TipInput, public: bool = False) -> Tip:
    """Record a tip: from the public form (anonymous allowed) or filed by staff.

    Public tips are always source "public" over the web channel, received now. Staff tips are
    placed in the filer's scope; a department's tips carry its agency as the referring unit.
    """
    now = timezone.now()
    agency = None
    if public:
        data = replace(
            data, source=TipSource.PUBLIC.value, channel=Tip.Channel.WEB.value, received_at=now
        )
        if not tip_districts().filter(id=data.district.id).exists():
            raise ApplicationError.for_field("district", _("所选区县不在本平台受理范围内。"))
    else:
        check(permissions.can_submit_tip(actor))
        check(
            permissions.can_submit_tip_at(
                actor,
                district_id=data.district.id,
                street_id=data.street.id if data.street else None,
            )
        )
        if actor.role == Role.DEPARTMENT_OFFICER:
            agency = actor.agency
            data = replace(data, source=TipSource.DEPARTMENT.value)
    raise_if(tip_validate(data, now=now))
    contact = data.reporter_contact.strip()
    tip = Tip.objects.create(
        source=data.source,
        channel=data.channel,
        referring_agency=agency,
        reporter_name=data.reporter_name.strip(),
        reporter_contact_encrypted=crypto.encrypt(contact) if contact else "",
        reporter_contact_masked=rules.mask_contact(contact),
        reported_name=data.reported_name.strip(),
        district=data.district,
        street=data.street,
        location=data.location.strip(),
        description=data.description.strip(),
        received_at=data.received_at or now,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    after = snapshot(tip, TIP_AUDIT_FIELDS)
    # Whether a reporter left details is recorded; the details themselves are not.
    after["reporter_named"] = bool(tip.reporter_name)
    after["reporter_contact_given"] = bool(contact)
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="illegal.tip.submit",
        obj=tip,
        after=after,
        reason=_("公众通过网上举报页面提交") if public else "",
    )
    return tip


@transaction.atomic
def tip_assign(*, actor: Any, tip: Tip, officer: Any, note: str = "") -> Tip:
    """Assign (or reassign) a tip to the officer who will verify it."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    check(permissions.can_assign_tip(actor, tip))
    allowed, reason = permissions.can_handle_tip_as(officer, tip)
    if not allowed:
        raise ApplicationError.for_field("handled_by", reason)
    before = snapshot(tip, ("state", "handled_by"))
    tip.state = rules.tip_transition(tip.state, "assign")
    tip.handled_by = officer
    tip.assigned_at = timezone.now()
    tip.save(update_fields=["state", "handled_by", "assigned_at", "updated_at"])
    audit_record(
        actor=actor,
        action="illegal.tip.assign",
        obj=tip,
        before=before,
        after=snapshot(tip, ("state", "handled_by")),
        reason=note,
    )
    notification_send(
        kind="illegal.tip.assigned",
        title=_("举报线索 #%(id)s 已分派给您核查") % {"id": tip.pk},
        body=tip.reported_name,
        user=officer,
        obj=tip,
    )
    return tip


def close_tip_row(tip: Tip, *, actor: Any, closure: str, reason: str, case: Any = None) -> None:
    """Write a tip's closure and its audit event (the caller has checked permission)."""
    before = snapshot(tip, ("state", "closure", "closure_reason", "case"))
    tip.state = TipState.CLOSED.value
    tip.closure = closure
    tip.closure_reason = reason
    tip.case = case
    tip.closed_at = timezone.now()
    tip.closed_by = actor
    tip.save(
        update_fields=[
            "state",
            "closure",
            "closure_reason",
            "case",
            "closed_at",
            "closed_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="illegal.tip.close",
        obj=tip,
        before=before,
        after=snapshot(tip, ("state", "closure", "closure_reason", "case")),
        reason=reason,
    )


@transaction.atomic
def tip_close(
    *,
    actor: Any,
    tip: Tip,
    closure: str,
    reason: str = "",
    case: InvestigationCase | None = None,
) -> Tip:
    """Close a tip: unfounded (with the reason), or merged into an existing open case."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if closure == TipClosure.MERGED.value:
        check(permissions.can_merge_tip(actor, tip))
        if case is None:
            raise ApplicationError.for_field("case", _("请选择要并入的案件。"))
        check(permissions.can_view_case(actor, case))
        if case.state == CaseState.CONCLUDED.value:
            raise ApplicationError.for_field("case", _("该案件已作出结论，不能再并入线索。"))
        if case.district_id != tip.district_id:
            raise ApplicationError.for_field("case", _("线索与案件不在同一区县。"))
    elif closure == TipClosure.UNFOUNDED.value:
        check(permissions.can_close_tip(actor, tip))
        if not reason.strip():
            raise ApplicationError.for_field("reason", _("请说明核查情况（为何查无实据）。"))
        case = None
    else:
        raise ApplicationError.for_field("closure", _("请选择办结方式：并入案件或查无实据。"))
    close_tip_row(tip, actor=actor, closure=closure, reason=reason.strip(), case=case)
    return tip


@transaction.atomic
def tip_reporter_reveal(*, actor: Any, tip: Tip, reason: str = "") -> dict[str, str]:
    """The reporter's full name and contact, for the registration authority; audited."""
    check(permissions.can_view_reporter(actor, tip))
    audit_record(
        actor=actor,
        action="illegal.tip.reporter_reveal",
        obj=tip,
        reason=reason,
        category=AuditEvent.Category.SECURITY,
    )
    return {
        "reporter_name": tip.reporter_name,
        "reporter_contact": crypto.decrypt(tip.reporter_contact_encrypted),
    }
