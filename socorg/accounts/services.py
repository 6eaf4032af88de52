"""Account administration (三员分立): create and edit accounts, unlock, reset, deactivate.

Every use case checks ``permissions`` first, validates everything before writing, and records
one audit event (category ``system`` for account upkeep, ``security`` for the security
administrator's acts). Passwords never reach the audit log: snapshots list named fields only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socorg.accounts import permissions
from socorg.accounts.models import User
from socorg.accounts.roles import ADMINISTRATOR_ROLES, AGENCY_ROLES, AREA_ROLES, Role, scope_problem
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record, changed, snapshot
from socorg.core.errors import ApplicationError, require
from socorg.core.i18n import render
from socorg.core.messages import Msg

# What the audit log keeps of an account. Never the password or its hash.
USER_FIELDS = ("username", "full_name", "phone", "email", "role", "area", "agency", "is_active")
DETAIL_FIELDS = ("full_name", "phone", "email")
PHONE_CHARS = frozenset("0123456789+-() ")

SYSTEM = AuditEvent.Category.SYSTEM
SECURITY = AuditEvent.Category.SECURITY


@dataclass(frozen=True)
class UserInput:
    """What an administrator enters for an account (the username is set once, at creation)."""

    full_name: str
    role: str
    phone: str = ""
    email: str = ""
    area: Area | None = None
    agency: Agency | None = None


def user_input_from(user: User) -> UserInput:
    """The current values of an account, as a starting point for an edit."""
    return UserInput(
        full_name=user.full_name,
        role=user.role,
        phone=user.phone,
        email=user.email,
        area=user.area,
        agency=user.agency,
    )


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(_("提交的数据有误，请检查各字段。"), errors=errors)


def _normalized(data: UserInput) -> UserInput:
    """Trimmed text, and only the scope the role uses (an area for area roles, an agency for
    supervisory-unit staff); a role change that drops a scope clears it."""
    role = _role_or_none(data.role)
    return replace(
        data,
        full_name=data.full_name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        area=data.area if role in AREA_ROLES else None,
        agency=data.agency if role in AGENCY_ROLES else None,
    )


def _role_or_none(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def _level_labels(levels: tuple[str, ...]) -> str:
    labels = dict(Area.Level.choices)
    return "、".join(str(labels.get(level, level)) for level in levels)


def _input_problems(data: UserInput) -> dict[str, list[str]]:
    """Per-field problems of an account's details, role and scope."""
    errors: dict[str, list[str]] = {}
    if not data.full_name:
        errors["full_name"] = [_("请填写姓名。")]
    elif len(data.full_name) > User._meta.get_field("full_name").max_length:
        errors["full_name"] = [_("姓名不能超过 50 个字符。")]
    if data.phone and (not set(data.phone) <= PHONE_CHARS or len(data.phone) > 30):
        errors["phone"] = [_("联系电话只能包含数字、空格和 + - ( )，且不超过 30 个字符。")]
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = [_("电子邮箱格式不正确。")]
    role = _role_or_none(data.role)
    if role is None:
        errors["role"] = [_("请选择有效的角色。")]
        return errors
    problem = scope_problem(
        role,
        area_level=data.area.level if data.area else None,
        has_agency=data.agency is not None,
        has_organization=False,
    )
    if problem:
        field, message = problem
        if field == "area":
            # The rule names levels by code; show their Chinese names.
            message = Msg(message.template, {"levels": _level_labels(AREA_ROLES[role])})
        errors.setdefault(field, []).append(render(message))
    if data.area is not None and "area" not in errors and not data.area.is_current:
        errors["area"] = [_("所选区划已停用或尚未启用。")]
    if data.agency is not None and "agency" not in errors:
        if not data.agency.is_active:
            errors["agency"] = [_("所选单位已停用。")]
        elif role == Role.DEPARTMENT_OFFICER and data.agency.kind != Agency.Kind.SUPERVISORY_UNIT:
            errors["agency"] = [_("业务主管单位人员的所属单位必须是业务主管单位。")]
    return errors


def _username_problems(username: str) -> list[str]:
    if not username:
        return [_("请填写用户名。")]
    if len(username) > 150:
        return [_("用户名不能超过 150 个字符。")]
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return [_("用户名只能包含字母、数字和 @ . + - _ 字符。")]
    if User.objects.filter(username__iexact=username).exists():
        return [_("用户名“%(username)s”已被使用。") % {"username": username}]
    return []


def _password_problems(password: str, user: User) -> list[str]:
    if not password:
        return [_("请填写密码。")]
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        return [_password_message(error) for error in exc.error_list]
    return []


def _password_message(error: ValidationError) -> str:
    # Django 5.2 reworded the length message and its zh_Hans catalogue lacks the new msgid,
    # so the length rule is phrased here; every other validator's message is used as is.
    if error.code == "password_too_short" and error.params:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {
            "min_length": error.params["min_length"]
        }
    return " ".join(error.messages)


@transaction.atomic
def user_create(*, actor: Any, username: str, data: UserInput, password: str) -> User:
    """Create an ordinary account with an initial password the user must change at first login."""
    require(permissions.can_create_user(actor, role=data.role))
    username = username.strip()
    data = _normalized(data)
    errors = _input_problems(data)
    if problems := _username_problems(username):
        errors["username"] = problems
    user = User(
        username=username,
        full_name=data.full_name,
        phone=data.phone,
        email=data.email,
        role=data.role,
        area=data.area,
        agency=data.agency,
        is_active=True,
    )
    if problems := _password_problems(password, user):
        errors["password"] = problems
    _raise_if(errors)
    user.set_password(password)
    # No change date: the initial password was chosen by an administrator and must be replaced.
    user.password_changed_at = None
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ApplicationError.for_field(
            "username", _("用户名“%(username)s”已被使用。") % {"username": username}
        ) from exc
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after=snapshot(user, USER_FIELDS),
        category=SYSTEM,
    )
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, data: UserInput) -> User:
    """Change an account's details, role and scope. Ordinary changes are the system
    administrator's; granting or revoking an administrator role is the security administrator's."""
    user = User.objects.select_for_update().get(pk=user.pk)
    data = _normalized(data)
    role_changed = data.role != user.role
    new_role = _role_or_none(data.role)
    # Scope fields the new role uses count as edits; those a role change clears do not.
    edited = [f for f in DETAIL_FIELDS if getattr(data, f) != getattr(user, f)]
    if new_role in AREA_ROLES and data.area != user.area:
        edited.append("area")
    if new_role in AGENCY_ROLES and data.agency != user.agency:
        edited.append("agency")
    require(permissions.can_manage_user(actor, user))
    if role_changed:
        require(permissions.can_change_role(actor, user, data.role))
    if edited:
        require(permissions.can_edit_user(actor, user))
    _raise_if(_input_problems(data))
    before = snapshot(user, USER_FIELDS)
    user.full_name = data.full_name
    user.phone = data.phone
    user.email = data.email
    user.role = data.role
    user.area = data.area
    user.agency = data.agency
    after = snapshot(user, USER_FIELDS)
    if before == after:
        return user
    user.save()
    role_of_administrator = role_changed and (
        _role_or_none(before["role"]) in ADMINISTRATOR_ROLES or new_role in ADMINISTRATOR_ROLES
    )
    old, new = changed(before, after)
    audit_record(
        actor=actor,
        action="user.role_change" if role_of_administrator else "user.update",
        obj=user,
        before=old,
        after=new,
        category=SECURITY if role_of_administrator else SYSTEM,
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> int:
    """Lift the login lockout of an account; returns how many failure records were cleared."""
    require(permissions.can_unlock_user(actor, user))
    cleared = axes_reset(username=user.get_username())
    audit_record(
        actor=actor,
        action="user.unlock",
        obj=user,
        after={"cleared_attempts": cleared},
        category=SECURITY,
    )
    return cleared


@transaction.atomic
def user_password_reset(*, actor: Any, user: User, password: str) -> User:
    """Give an account a new password that its holder must change at the next login.

    Changing the password also ends the account's open sessions (Django checks the password
    hash on every request)."""
    require(permissions.can_reset_password(actor, user))
    user = User.objects.select_for_update().get(pk=user.pk)
    if problems := _password_problems(password, user):
        raise ApplicationError(problems[0], errors={"password": problems})
    user.set_password(password)
    user.password_changed_at = None
    user.save(update_fields=["password", "password_changed_at"])
    audit_record(
        actor=actor,
        action="user.password_reset",
        obj=user,
        # Only the fact, never the password or its hash.
        after={"password_reset": True},
        category=SECURITY,
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    """Deactivate an account; it can no longer log in and its sessions end at the next request."""
    require(permissions.can_deactivate_user(actor, user))
    user = User.objects.select_for_update().get(pk=user.pk)
    reason = reason.strip()
    if not reason:
        raise ApplicationError.for_field("reason", _("请填写停用原因。"))
    if not user.is_active:
        raise ApplicationError.for_field("reason", _("该账户已经停用。"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.deactivate",
        obj=user,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
        category=SECURITY,
    )
    return user
