"""Use cases that write party building: record an organization's party organization, assign and
end instructors. Each checks permission, validates with the pure rules, writes and audits in one
transaction; bad input raises ``ApplicationError`` naming the field before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record, changed, snapshot
from socorg.core.errors import ApplicationError, require
from socorg.core.i18n import render
from socorg.party import permissions
from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization
from socorg.party.policy import get_policy
from socorg.party.rules import (
    ESTABLISHED_FORMS,
    InstructorRole,
    PartyOrgForm,
    PartyOrgLevel,
    PartyOrgRecord,
    party_record_problems,
)
from socorg.registry.models import Organization

RECORD_FIELDS = (
    "form",
    "level",
    "name",
    "full_members",
    "secretary_name",
    "established_on",
    "charter_includes_party_building",
    "as_of",
)
MAX_LENGTHS = {"name": 100, "secretary_name": 50}


@dataclass(frozen=True)
class PartyOrganizationInput:
    """What a form or the API gives for one organization's party organization."""

    form: str
    level: str = ""
    name: str = ""
    full_members: int = 0
    secretary_name: str = ""
    established_on: dt.date | None = None
    charter_includes_party_building: bool = False
    covered_organizations: tuple[Organization, ...] = ()
    as_of: dt.date | None = None  # the day the situation was verified; today by default


def _raise_if(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _parse_choice(value: str, enum: Any, name: str, problems: dict[str, list[str]]) -> Any:
    try:
        return enum(value)
    except ValueError:
        _add(problems, name, _("取值无效：%(value)s。") % {"value": value})
        return None


def _covered_problems(
    *,
    actor: Any,
    organization: Organization,
    record: PartyOrganization | None,
    covered: tuple[Organization, ...],
) -> list[str]:
    """The member units of a joint branch: distinct, other, active, in scope, in no other
    branch, and without a party organization of their own."""
    messages: list[str] = []
    ids = [o.id for o in covered]
    if len(set(ids)) != len(ids):
        messages.append(_("被覆盖的组织有重复。"))
    if organization.id in ids:
        messages.append(_("不能把本组织列为被覆盖的组织。"))
    others = [o for o in covered if o.id != organization.id]
    for other in others:
        if not other.is_active:
            messages.append(
                _("%(name)s 已注销或撤销，不能列为被覆盖的组织。") % {"name": other.name}
            )
        elif not permissions.can_record_party_organization(actor, other)[0]:
            messages.append(_("%(name)s 不在您的管辖范围内。") % {"name": other.name})
    taken = (
        JointCoverage.objects.filter(organization_id__in=[o.id for o in others])
        .exclude(party_organization=record)
        .select_related("organization", "party_organization__organization")
    )
    for coverage in taken:
        messages.append(
            _("%(name)s 已是 %(host)s 联合党组织的成员单位。")
            % {"name": coverage.organization.name, "host": coverage.party_organization.organization}
        )
    own = PartyOrganization.objects.filter(
        organization_id__in=[o.id for o in others], form__in=[f.value for f in ESTABLISHED_FORMS]
    ).select_related("organization")
    for party in own:
        messages.append(
            _("%(name)s 已建立自己的党组织（%(form)s），不能再列为被覆盖的组织。")
            % {"name": party.organization.name, "form": party.get_form_display()}
        )
    return messages


def _state(party: PartyOrganization) -> dict[str, Any]:
    data = snapshot(party, RECORD_FIELDS)
    data["covered_organizations"] = sorted(
        JointCoverage.objects.filter(party_organization=party).values_list(
            "organization_id", flat=True
        )
    )
    return data


@transaction.atomic
def party_organization_record(
    *,
    actor: Any,
    organization: Organization,
    data: PartyOrganizationInput,
    reason: str = "",
    today: dt.date | None = None,
) -> PartyOrganization:
    """Record (or correct) an organization's party organization as verified on ``as_of``."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_record_party_organization(actor, organization))
    today = today or timezone.localdate()
    policy = get_policy()
    problems: dict[str, list[str]] = {}
    form = _parse_choice(data.form, PartyOrgForm, "form", problems)
    level = _parse_choice(data.level, PartyOrgLevel, "level", problems) if data.level else None
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(data, name).strip()) > limit:
            _add(problems, name, _("不能超过 %(n)s 个字。") % {"n": limit})
    as_of = data.as_of or today
    if form is not None:
        record_facts = PartyOrgRecord(
            form=form,
            level=level,
            full_members=data.full_members,
            established_on=data.established_on,
            covered_units=len(data.covered_organizations),
            as_of=as_of,
            name=data.name,
            secretary_name=data.secretary_name,
        )
        for name, messages in party_record_problems(
            record_facts, policy=policy, today=today
        ).items():
            problems.setdefault(name, []).extend(render(m) for m in messages)

    party = PartyOrganization.objects.select_for_update().filter(organization=organization).first()
    if form is PartyOrgForm.JOINT and "covered_organizations" not in problems:
        for message in _covered_problems(
            actor=actor,
            organization=organization,
            record=party,
            covered=data.covered_organizations,
        ):
            _add(problems, "covered_organizations", message)
    if form in ESTABLISHED_FORMS:
        host = (
            JointCoverage.objects.filter(organization=organization)
            .select_related("party_organization__organization")
            .first()
        )
        if host is not None:
            _add(
                problems,
                "form",
                _(
                    "本组织已是 %(host)s 联合党组织的成员单位；如需自行组建，"
                    "请先在该联合党组织中移除本组织。"
                )
                % {"host": host.party_organization.organization},
            )
    _raise_if(problems)

    before = _state(party) if party is not None else None
    if party is None:
        party = PartyOrganization(organization=organization)
    party.form = form.value
    party.level = level.value if level else ""
    party.name = data.name.strip()
    party.full_members = data.full_members
    party.secretary_name = data.secretary_name.strip()
    party.established_on = data.established_on
    party.charter_includes_party_building = data.charter_includes_party_building
    party.as_of = as_of
    party.recorded_by = actor
    party.save()
    wanted = {o.id for o in data.covered_organizations} if form is PartyOrgForm.JOINT else set()
    JointCoverage.objects.filter(party_organization=party).exclude(
        organization_id__in=wanted
    ).delete()
    existing = set(
        JointCoverage.objects.filter(party_organization=party).values_list(
            "organization_id", flat=True
        )
    )
    try:
        with transaction.atomic():
            JointCoverage.objects.bulk_create(
                [
                    JointCoverage(party_organization=party, organization_id=org_id)
                    for org_id in sorted(wanted - existing)
                ]
            )
    except IntegrityError as exc:
        # Another officer put one of these units in a joint branch a moment ago.
        raise ApplicationError.for_field(
            "covered_organizations", _("所列组织中有已加入其他联合党组织的，请刷新后重试。")
        ) from exc

    after = _state(party)
    if before is None:
        audit_record(
            actor=actor,
            action="party.organization.record",
            obj=party,
            object_repr=f"{organization.name} · {party.get_form_display()}",
            after=after,
            reason=reason,
        )
    else:
        old, new = changed(before, after)
        audit_record(
            actor=actor,
            action="party.organization.update",
            obj=party,
            object_repr=f"{organization.name} · {party.get_form_display()}",
            before=old,
            after=new,
            reason=reason,
        )
    return party


@transaction.atomic
def party_instructor_assign(
    *,
    actor: Any,
    organization: Organization,
    role: str,
    person_name: str,
    assigned_on: dt.date,
    phone: str = "",
    today: dt.date | None = None,
) -> PartyInstructorAssignment:
    """Assign a 党建工作指导员 or 联络员 to an organization (工作覆盖)."""
    organization = Organization.objects.get(pk=organization.pk)
    require(permissions.can_assign_instructor(actor, organization))
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    kind = _parse_choice(role, InstructorRole, "role", problems)
    if not person_name.strip():
        _add(problems, "person_name", _("请填写指导员（联络员）姓名。"))
    elif len(person_name.strip()) > 50:
        _add(problems, "person_name", _("不能超过 %(n)s 个字。") % {"n": 50})
    if len(phone.strip()) > 30:
        _add(problems, "phone", _("不能超过 %(n)s 个字。") % {"n": 30})
    if assigned_on > today:
        _add(
            problems,
            "assigned_on",
            _("选派日期不能晚于今天（%(today)s）。") % {"today": today.isoformat()},
        )
    _raise_if(problems)
    assignment = PartyInstructorAssignment.objects.create(
        organization=organization,
        role=kind.value,
        person_name=person_name.strip(),
        phone=phone.strip(),
        assigned_on=assigned_on,
        assigned_by=actor,
    )
    audit_record(
        actor=actor,
        action="party.instructor.assign",
        obj=assignment,
        object_repr=f"{organization.name} · {assignment}",
        after=snapshot(assignment, ("organization", "role", "person_name", "phone", "assigned_on")),
    )
    return assignment


@transaction.atomic
def party_instructor_end(
    *,
    actor: Any,
    assignment: PartyInstructorAssignment,
    ended_on: dt.date,
    reason: str = "",
    today: dt.date | None = None,
) -> PartyInstructorAssignment:
    """End an assignment on a day (the record stays, for the history of work coverage)."""
    assignment = (
        PartyInstructorAssignment.objects.select_for_update()
        .select_related("organization")
        .get(pk=assignment.pk)
    )
    require(permissions.can_assign_instructor(actor, assignment.organization))
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    if assignment.ended_on is not None:
        _add(problems, "ended_on", _("该选派已于 %(day)s 结束。") % {"day": assignment.ended_on})
    elif ended_on < assignment.assigned_on:
        _add(
            problems,
            "ended_on",
            _("结束日期不能早于选派日期（%(day)s）。") % {"day": assignment.assigned_on},
        )
    elif ended_on > today:
        _add(
            problems,
            "ended_on",
            _("结束日期不能晚于今天（%(today)s）。") % {"today": today.isoformat()},
        )
    if len(reason.strip()) > 200:
        _add(problems, "reason", _("不能超过 %(n)s 个字。") % {"n": 200})
    _raise_if(problems)
    assignment.ended_on = ended_on
    assignment.end_reason = reason.strip()
    assignment.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="party.instructor.end",
        obj=assignment,
        object_repr=f"{assignment.organization.name} · {assignment}",
        before={"ended_on": None},
        after={"ended_on": ended_on, "end_reason": assignment.end_reason},
        reason=reason,
    )
    return assignment
