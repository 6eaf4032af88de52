"""Use cases of major-matter reports: file, acknowledge, return, resubmit. Each checks permission,
validates with the pure rules, writes, audits and notifies in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.accounts.roles import Role
from socorg.audit.services import audit_record, changed, snapshot
from socorg.core.errors import ApplicationError, PermissionDenied, require
from socorg.core.i18n import render
from socorg.matters import permissions
from socorg.matters.models import MajorMatter
from socorg.matters.rules import (
    MatterAction,
    MatterFacts,
    MatterKind,
    MatterState,
    Refusal,
    decide_step,
    matter_problems,
)
from socorg.notifications.services import notification_send
from socorg.registry.models import Organization

CONTENT_FIELDS = ("kind", "title", "description", "occurred_on", "planned_on")
STATE_FIELDS = ("state", "note")


@dataclass(frozen=True)
class MatterInput:
    """What a form or the API gives for one report."""

    kind: str
    title: str
    description: str = ""
    occurred_on: dt.date | None = None
    planned_on: dt.date | None = None


def _validate(data: MatterInput, today: dt.date) -> None:
    facts = MatterFacts(
        kind=data.kind,
        title=data.title,
        description=data.description,
        occurred_on=data.occurred_on,
        planned_on=data.planned_on,
    )
    problems = {
        name: [render(m) for m in messages]
        for name, messages in matter_problems(facts, today=today).items()
    }
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def _role(user: Any) -> Role | None:
    try:
        return Role(user.role)
    except ValueError:
        return None


def _step(matter: MajorMatter, action: MatterAction, actor: Any, note: str = "") -> MatterState:
    outcome = decide_step(MatterState(matter.state), action, _role(actor), note=note)
    if isinstance(outcome, Refusal):
        message = render(outcome.message)
        if outcome.forbidden:
            raise PermissionDenied(message)
        raise ApplicationError.for_field(outcome.field, message)
    return outcome.target


def _notify_authorities(matter: MajorMatter, *, resubmitted: bool) -> None:
    """The supervisory unit (if any) and the registration authority learn of the report."""
    org = matter.organization
    kind = matter.get_kind_display()
    if resubmitted:
        title = _("%(org)s 重新报告重大事项：%(title)s") % {"org": org.name, "title": matter.title}
    else:
        title = _("%(org)s 报告重大事项：%(title)s") % {"org": org.name, "title": matter.title}
    body = _("事项类别：%(kind)s。请及时确认或退回。") % {"kind": kind}
    url = reverse("matters:matter_detail", args=[matter.pk])
    recipients = [org.supervisory_unit, org.registration_authority]
    for agency in dict.fromkeys(a for a in recipients if a is not None):
        notification_send(
            kind="matters.filed", title=title, body=body, url=url, agency=agency, obj=matter
        )


def _notify_filer(matter: MajorMatter, title: str) -> None:
    if matter.filed_by is not None:
        notification_send(
            kind=f"matters.{matter.state}",
            title=title,
            body=matter.note,
            url=reverse("matters:matter_detail", args=[matter.pk]),
            user=matter.filed_by,
            obj=matter,
        )


def _locked(matter: MajorMatter) -> MajorMatter:
    return (
        MajorMatter.objects.select_for_update(of=("self",))
        .select_related(
            "organization__supervisory_unit", "organization__registration_authority", "filed_by"
        )
        .get(pk=matter.pk)
    )


@transaction.atomic
def matter_file(
    *,
    actor: Any,
    organization: Organization,
    data: MatterInput,
    today: dt.date | None = None,
) -> MajorMatter:
    """An organization reports one of its major matters; its supervisory unit and the
    registration authority are notified."""
    require(permissions.can_file_matter(actor, organization))
    _validate(data, today or timezone.localdate())
    matter = MajorMatter.objects.create(
        organization=organization,
        kind=MatterKind(data.kind).value,
        title=data.title.strip(),
        description=data.description.strip(),
        occurred_on=data.occurred_on,
        planned_on=data.planned_on,
        state=MatterState.FILED.value,
        filed_by=actor,
        filed_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="matters.matter.file",
        obj=matter,
        object_repr=f"{organization.name} · {matter.title}",
        after=snapshot(matter, ("organization", *CONTENT_FIELDS, "state")),
    )
    _notify_authorities(matter, resubmitted=False)
    return matter


@transaction.atomic
def matter_acknowledge(*, actor: Any, matter: MajorMatter, note: str = "") -> MajorMatter:
    """The supervisory unit or the registration authority acknowledges a filed report."""
    matter = _locked(matter)
    require(permissions.can_handle_matter(actor, matter))
    target = _step(matter, MatterAction.ACKNOWLEDGE, actor, note)
    before = snapshot(matter, STATE_FIELDS)
    matter.state = target.value
    matter.note = note.strip()
    matter.acknowledged_by = actor
    matter.acknowledged_at = timezone.now()
    matter.save(update_fields=["state", "note", "acknowledged_by", "acknowledged_at", "updated_at"])
    audit_record(
        actor=actor,
        action="matters.matter.acknowledge",
        obj=matter,
        object_repr=f"{matter.organization.name} · {matter.title}",
        before=before,
        after=snapshot(matter, STATE_FIELDS),
        reason=matter.note,
    )
    _notify_filer(matter, _("重大事项报告已确认：%(title)s") % {"title": matter.title})
    return matter


@transaction.atomic
def matter_return(*, actor: Any, matter: MajorMatter, note: str) -> MajorMatter:
    """Return a filed report to its organization with a note saying what to correct."""
    matter = _locked(matter)
    require(permissions.can_handle_matter(actor, matter))
    target = _step(matter, MatterAction.RETURN, actor, note)
    before = snapshot(matter, STATE_FIELDS)
    matter.state = target.value
    matter.note = note.strip()
    matter.returned_by = actor
    matter.returned_at = timezone.now()
    matter.save(update_fields=["state", "note", "returned_by", "returned_at", "updated_at"])
    audit_record(
        actor=actor,
        action="matters.matter.return",
        obj=matter,
        object_repr=f"{matter.organization.name} · {matter.title}",
        before=before,
        after=snapshot(matter, STATE_FIELDS),
        reason=matter.note,
    )
    _notify_filer(matter, _("重大事项报告被退回：%(title)s") % {"title": matter.title})
    return matter


@transaction.atomic
def matter_resubmit(
    *, actor: Any, matter: MajorMatter, data: MatterInput, today: dt.date | None = None
) -> MajorMatter:
    """The organization corrects a returned report and files it again."""
    matter = _locked(matter)
    require(permissions.can_resubmit_matter(actor, matter))
    target = _step(matter, MatterAction.RESUBMIT, actor)
    _validate(data, today or timezone.localdate())
    before = snapshot(matter, (*CONTENT_FIELDS, *STATE_FIELDS))
    matter.kind = MatterKind(data.kind).value
    matter.title = data.title.strip()
    matter.description = data.description.strip()
    matter.occurred_on = data.occurred_on
    matter.planned_on = data.planned_on
    matter.state = target.value
    matter.filed_by = actor
    matter.filed_at = timezone.now()
    matter.save()
    old, new = changed(before, snapshot(matter, (*CONTENT_FIELDS, *STATE_FIELDS)))
    audit_record(
        actor=actor,
        action="matters.matter.resubmit",
        obj=matter,
        object_repr=f"{matter.organization.name} · {matter.title}",
        before=old,
        after=new,
    )
    _notify_authorities(matter, resubmitted=True)
    return matter
