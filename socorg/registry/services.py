"""Use cases that write the register. Each checks permission, validates with the pure rules,
writes, records the lifecycle event and the audit event, all in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.areas.rules import authority_code
from socorg.audit.services import audit_record, changed, snapshot
from socorg.core import crypto
from socorg.core.errors import ApplicationError, PermissionDenied, require
from socorg.core.i18n import render
from socorg.registry import permissions
from socorg.registry.models import (
    LifecycleEvent,
    Organization,
    OrganizationMember,
    ServiceDomain,
)
from socorg.registry.rules import idcard, lifecycle, uscc
from socorg.registry.rules.lifecycle import (
    REGISTERED_TYPES,
    EventFacts,
    EventKind,
    OrgType,
    Status,
)
from socorg.registry.rules.validation import OrganizationFacts, organization_problems

# Fields an organization record carries, as audited and as the change event lists them.
RECORD_FIELDS = (
    "name",
    "org_type",
    "uscc",
    "registration_authority",
    "supervisory_unit",
    "directly_registered",
    "legal_rep_name",
    "legal_rep_id_masked",
    "contact_person",
    "contact_phone",
    "contact_email",
    "domicile",
    "district",
    "street",
    "community",
    "founded_on",
    "registered_on",
    "registered_funds",
    "staff_full_time",
    "staff_part_time",
    "volunteers",
    "is_charity",
    "charity_recognized_on",
    "public_fundraising",
)
CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")


@dataclass
class OrganizationInput:
    """What a form, the API or an import row gives for one organization."""

    name: str
    org_type: str
    registration_authority: Agency
    district: Area
    street: Area
    community: Area | None = None
    uscc: str = ""
    supervisory_unit: Agency | None = None
    directly_registered: bool = False
    legal_rep_name: str = ""
    legal_rep_id: str | None = None
    contact_person: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    domicile: str = ""
    founded_on: dt.date | None = None
    registered_on: dt.date | None = None
    registered_funds: Decimal | None = None
    staff_full_time: int = 0
    staff_part_time: int = 0
    volunteers: int = 0
    is_charity: bool = False
    charity_recognized_on: dt.date | None = None
    public_fundraising: bool = False
    domains: list[ServiceDomain] = field(default_factory=list)


@dataclass(frozen=True)
class EventInput:
    """The act that records a registration fact: its date, document number and reason."""

    occurred_on: dt.date
    document_number: str = ""
    reason: str = ""


def _facts(data: OrganizationInput) -> OrganizationFacts:
    return OrganizationFacts(
        name=data.name,
        org_type=data.org_type,
        uscc=data.uscc or "",
        authority_code=authority_code(data.registration_authority.area.code),
        has_supervisory_unit=data.supervisory_unit is not None,
        directly_registered=data.directly_registered,
        legal_rep_name=data.legal_rep_name,
        legal_rep_id=data.legal_rep_id,
        founded_on=data.founded_on,
        registered_on=data.registered_on,
        registered_funds=data.registered_funds,
        street_in_district=data.street.parent_id == data.district.id,
        community_in_street=data.community is None or data.community.parent_id == data.street.id,
        has_community=data.community is not None,
    )


def organization_record_problems(
    data: OrganizationInput, *, today: dt.date
) -> dict[str, list[str]]:
    """Problems with an organization record that need no query (rules, areas, agencies), rendered."""
    problems = {
        name: [render(m) for m in messages]
        for name, messages in organization_problems(_facts(data), today=today).items()
    }
    if data.district.level != Area.Level.DISTRICT:
        problems.setdefault("district", []).append(_("所选区划不是区县。"))
    if data.street.level != Area.Level.STREET:
        problems.setdefault("street", []).append(_("所选区划不是街道。"))
    if data.community is not None and data.community.level != Area.Level.COMMUNITY:
        problems.setdefault("community", []).append(_("所选区划不是社区。"))
    if (
        data.supervisory_unit is not None
        and data.supervisory_unit.kind != Agency.Kind.SUPERVISORY_UNIT
    ):
        problems.setdefault("supervisory_unit", []).append(_("所选单位不是业务主管单位。"))
    expected_authority = (
        Agency.Kind.STREET_OFFICE
        if data.org_type == OrgType.COMMUNITY
        else Agency.Kind.REGISTRATION_AUTHORITY
    )
    if data.registration_authority.kind != expected_authority:
        problems.setdefault("registration_authority", []).append(
            _("社区社会组织由街道办事处备案，其他组织由民政部门登记：所选机关不符。")
        )
    return problems


def organization_validate(
    data: OrganizationInput, *, today: dt.date, exclude_id: int | None = None
) -> dict[str, list[str]]:
    """All problems with an organization record, rendered, including uniqueness in the DB."""
    problems = organization_record_problems(data, today=today)
    active = Organization.objects.filter(
        status__in=[Organization.Status.REGISTERED, Organization.Status.FILED]
    )
    if exclude_id:
        active = active.exclude(id=exclude_id)
    code = uscc.normalize(data.uscc or "")
    if code and "uscc" not in problems and active.filter(uscc=code).exists():
        problems.setdefault("uscc", []).append(_("已有一个存续的组织使用该统一社会信用代码。"))
    if (
        data.name.strip()
        and active.filter(
            registration_authority=data.registration_authority, name=data.name.strip()
        ).exists()
    ):
        problems.setdefault("name", []).append(_("同一登记管理机关下已有同名的存续组织。"))
    return problems


def _apply(org: Organization, data: OrganizationInput) -> None:
    for f in fields(OrganizationInput):
        if f.name in ("legal_rep_id", "domains"):
            continue
        setattr(org, f.name, getattr(data, f.name))
    org.name = data.name.strip()
    org.uscc = uscc.normalize(data.uscc) or None
    if data.legal_rep_id:
        number = idcard.normalize(data.legal_rep_id)
        org.legal_rep_id_encrypted = crypto.encrypt(number)
        org.legal_rep_id_masked = idcard.mask(number)
        org.legal_rep_id_hash = crypto.lookup_hash(number)


def _save_unique(org: Organization) -> None:
    """Save, turning a uniqueness race (two requests with the same USCC or name) into a field error."""
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        field = "uscc" if "uscc" in str(exc) else "name"
        message = (
            _("已有一个存续的组织使用该统一社会信用代码。")
            if field == "uscc"
            else _("同一登记管理机关下已有同名的存续组织。")
        )
        raise ApplicationError(message, errors={field: [message]}) from exc


def _raise_if(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def _today() -> dt.date:
    return timezone.localdate()


def _decide(
    org: Organization | None, kind: EventKind, org_type: str, occurred_on: dt.date
) -> lifecycle.TransitionDecision:
    last = (
        LifecycleEvent.objects.filter(organization=org)
        .order_by("-occurred_on", "-id")
        .values_list("occurred_on", flat=True)
        .first()
        if org is not None
        else None
    )
    decision = lifecycle.decide_transition(
        Status(org.status) if org is not None else None,
        EventFacts(kind=kind, occurred_on=occurred_on, org_type=OrgType(org_type)),
        last_event_on=last,
        today=_today(),
    )
    if not decision.allowed:
        assert decision.problem is not None
        message = render(decision.problem)
        raise ApplicationError(
            message,
            errors={"occurred_on" if "日期" in str(decision.problem) else "kind": [message]},
        )
    return decision


def _require_event_fields(kind: EventKind, event: EventInput) -> None:
    problems: dict[str, list[str]] = {}
    if kind in lifecycle.DOCUMENT_REQUIRED and not event.document_number.strip():
        problems["document_number"] = [_("请填写文书号（登记证书或决定书编号）。")]
    if kind in lifecycle.REASON_REQUIRED and not event.reason.strip():
        problems["reason"] = [_("请填写事由。")]
    _raise_if(problems)


@transaction.atomic
def organization_register(
    *, actor: Any, data: OrganizationInput, event: EventInput
) -> Organization:
    """Register (成立登记) or file (备案) a new organization, with its first lifecycle event."""
    require(
        permissions.can_create_organization(
            actor,
            org_type=data.org_type,
            district_id=data.district.id,
            street_id=data.street.id,
        )
    )
    kind = EventKind.FILING if data.org_type == OrgType.COMMUNITY else EventKind.ESTABLISHMENT
    defaulted = data.registered_on is None
    if defaulted:
        data = replace(data, registered_on=event.occurred_on)
    problems = organization_validate(data, today=_today())
    if defaulted and "registered_on" in problems:
        # The date came from the event: name the field the user actually filled in.
        problems["occurred_on"] = problems.pop("registered_on")
    _raise_if(problems)
    _require_event_fields(kind, event)
    decision = _decide(None, kind, data.org_type, event.occurred_on)

    org = Organization()
    _apply(org, data)
    org.status = decision.target
    org.status_changed_on = event.occurred_on
    _save_unique(org)
    org.domains.set(data.domains)
    after = snapshot(org, RECORD_FIELDS) | {"domains": sorted(d.code for d in data.domains)}
    LifecycleEvent.objects.create(
        organization=org,
        kind=kind,
        occurred_on=event.occurred_on,
        document_number=event.document_number.strip(),
        reason=event.reason.strip(),
        basis=decision.basis,
        changes={"after": after},
        status_after=org.status,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"organization.{kind.value}",
        obj=org,
        after=after,
        reason=event.reason,
    )
    return org


def organization_input_from(org: Organization) -> OrganizationInput:
    """The current record as input, to be edited field by field."""
    values = {
        f.name: getattr(org, f.name)
        for f in fields(OrganizationInput)
        if f.name not in ("legal_rep_id", "domains")
    }
    values["uscc"] = org.uscc or ""
    return OrganizationInput(**values, legal_rep_id=None, domains=list(org.domains.all()))


@transaction.atomic
def organization_change(
    *,
    actor: Any,
    organization: Organization,
    data: OrganizationInput,
    event: EventInput,
) -> Organization:
    """Change registration (变更登记 / 备案变更): records what changed, before and after."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_change_organization(actor, org))
    if data.org_type != org.org_type:
        raise ApplicationError.for_field(
            "org_type",
            _("组织类型不能通过变更登记修改；社区社会组织请办理“转为登记”。"),
        )
    if (data.district.id, data.street.id) != (
        org.district_id,
        org.street_id,
    ) and actor.role != "district_admin":
        raise PermissionDenied(_("只有登记管理机关可以变更组织所在街道。"))
    _raise_if(organization_validate(data, today=_today(), exclude_id=org.id))
    _require_event_fields(EventKind.CHANGE, event)
    decision = _decide(org, EventKind.CHANGE, org.org_type, event.occurred_on)
    return _write_change(
        actor=actor,
        org=org,
        data=data,
        event=event,
        kind=EventKind.CHANGE,
        basis=decision.basis,
    )


def _write_change(
    *,
    actor: Any,
    org: Organization,
    data: OrganizationInput,
    event: EventInput,
    kind: EventKind,
    basis: str,
) -> Organization:
    before = snapshot(org, RECORD_FIELDS) | {
        "domains": sorted(org.domains.values_list("code", flat=True))
    }
    _apply(org, data)
    after = snapshot(org, RECORD_FIELDS) | {"domains": sorted(d.code for d in data.domains)}
    old, new = changed(before, after)
    if not new:
        raise ApplicationError(_("没有任何内容发生变化。"))
    if kind == EventKind.CONVERSION:
        org.status = Status.REGISTERED
        org.status_changed_on = event.occurred_on
    _save_unique(org)
    org.domains.set(data.domains)
    LifecycleEvent.objects.create(
        organization=org,
        kind=kind,
        occurred_on=event.occurred_on,
        document_number=event.document_number.strip(),
        reason=event.reason.strip(),
        basis=basis,
        changes={"before": old, "after": new},
        status_after=org.status,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"organization.{kind.value}",
        obj=org,
        before=old,
        after=new,
        reason=event.reason,
    )
    return org


@transaction.atomic
def organization_contact_update(
    *,
    actor: Any,
    organization: Organization,
    contact_person: str,
    contact_phone: str,
    contact_email: str,
    reason: str = "",
) -> Organization:
    """An organization (or registry staff) corrects its contact details; audited, no event."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_edit_contact(actor, org))
    before = snapshot(org, CONTACT_FIELDS)
    org.contact_person, org.contact_phone, org.contact_email = (
        contact_person.strip(),
        contact_phone.strip(),
        contact_email.strip(),
    )
    try:
        org.full_clean(
            validate_unique=False,
            validate_constraints=False,
            exclude=[f.name for f in Organization._meta.fields if f.name not in CONTACT_FIELDS],
        )
    except ValidationError as exc:
        errors = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
        _raise_if(errors)
    org.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    old, new = changed(before, snapshot(org, CONTACT_FIELDS))
    audit_record(
        actor=actor,
        action="organization.contact_update",
        obj=org,
        before=old,
        after=new,
        reason=reason,
    )
    return org


@transaction.atomic
def organization_convert(
    *,
    actor: Any,
    organization: Organization,
    org_type: str,
    uscc_code: str,
    registration_authority: Agency,
    supervisory_unit: Agency | None,
    directly_registered: bool,
    legal_rep_name: str,
    event: EventInput,
) -> Organization:
    """A filed community organization becomes a registered one, keeping its history."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_convert_organization(actor, org))
    if org_type not in {t.value for t in REGISTERED_TYPES}:
        raise ApplicationError.for_field(
            "org_type", _("转为登记后的类型必须是社会团体、社会服务机构或基金会。")
        )
    _require_event_fields(EventKind.CONVERSION, event)
    decision = _decide(org, EventKind.CONVERSION, org.org_type, event.occurred_on)
    data = replace(
        organization_input_from(org),
        org_type=org_type,
        uscc=uscc_code,
        registration_authority=registration_authority,
        supervisory_unit=supervisory_unit,
        directly_registered=directly_registered,
        legal_rep_name=legal_rep_name or org.legal_rep_name,
        registered_on=event.occurred_on,
    )
    _raise_if(organization_validate(data, today=_today(), exclude_id=org.id))
    return _write_change(
        actor=actor,
        org=org,
        data=data,
        event=event,
        kind=EventKind.CONVERSION,
        basis=decision.basis,
    )


@transaction.atomic
def organization_terminate(
    *, actor: Any, organization: Organization, kind: str, event: EventInput
) -> Organization:
    """Deregistration (注销) or revocation (撤销): the organization leaves the active register."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_terminate_organization(actor, org, kind=kind))
    try:
        event_kind = EventKind(kind)
    except ValueError:
        raise ApplicationError.for_field("kind", _("未知的登记事项。")) from None
    if event_kind not in (EventKind.DEREGISTRATION, EventKind.REVOCATION):
        raise ApplicationError.for_field("kind", _("此处只能办理注销或撤销。"))
    _require_event_fields(event_kind, event)
    decision = _decide(org, event_kind, org.org_type, event.occurred_on)
    before = {"status": org.status}
    org.status = decision.target
    org.status_changed_on = event.occurred_on
    org.save(update_fields=["status", "status_changed_on", "updated_at"])
    LifecycleEvent.objects.create(
        organization=org,
        kind=event_kind,
        occurred_on=event.occurred_on,
        document_number=event.document_number.strip(),
        reason=event.reason.strip(),
        basis=decision.basis,
        changes={"before": before, "after": {"status": org.status}},
        status_after=org.status,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"organization.{event_kind.value}",
        obj=org,
        before=before,
        after={"status": org.status},
        reason=event.reason,
    )
    return org


@transaction.atomic
def organization_member_link(
    *, actor: Any, user: Any, organization: Organization
) -> OrganizationMember:
    """Attach an organization account to its organization."""
    require(permissions.can_manage_organization_accounts(actor, organization))
    if getattr(user, "role", None) != "organization":
        raise ApplicationError.for_field("user", _("只有“社会组织账户”角色的账户可以关联组织。"))
    member, _created = OrganizationMember.objects.update_or_create(
        user=user, defaults={"organization": organization}
    )
    audit_record(
        actor=actor,
        action="organization.member_link",
        obj=organization,
        after={"user": user.get_username()},
        category="system",
    )
    return member


def legal_rep_id_reveal(*, actor: Any, organization: Organization, reason: str) -> str:
    """The full ID number, for the registration authority only; every reveal is audited."""
    require(permissions.can_view_personal_data(actor, organization))
    if not reason.strip():
        raise ApplicationError.for_field("reason", _("查看完整证件号码须说明理由。"))
    audit_record(actor=actor, action="organization.reveal_id", obj=organization, reason=reason)
    return crypto.decrypt(organization.legal_rep_id_encrypted)


@transaction.atomic
def organization_account_create(
    *,
    actor: Any,
    organization: Organization,
    username: str,
    full_name: str,
    phone: str,
    password: str,
) -> Any:
    """Open a login for an organization (role 社会组织账户) and link it; audited, no password logged."""
    require(permissions.can_manage_organization_accounts(actor, organization))
    user_model = get_user_model()
    username = username.strip()
    problems: dict[str, list[str]] = {}
    if not username:
        problems["username"] = [_("请填写用户名。")]
    elif user_model.objects.filter(username__iexact=username).exists():
        problems["username"] = [_("用户名“%(u)s”已被使用。") % {"u": username}]
    if not full_name.strip():
        problems["full_name"] = [_("请填写联系人姓名。")]
    candidate = user_model(username=username, full_name=full_name.strip(), role="organization")
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        problems["password"] = [str(m) for m in exc.messages]
    _raise_if(problems)
    user = user_model.objects.create_user(
        username=username,
        password=password,
        role="organization",
        full_name=full_name.strip(),
        phone=phone.strip(),
    )
    OrganizationMember.objects.create(user=user, organization=organization)
    audit_record(
        actor=actor,
        action="organization.account_create",
        obj=organization,
        after={"username": username, "full_name": full_name.strip()},
        category="system",
    )
    return user
