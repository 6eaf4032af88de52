"""Who may administer which account (三员分立). Every user-admin page and service calls these.

The system administrator keeps ordinary accounts (create, edit details, role and scope); the
security administrator unlocks, resets passwords, deactivates, and is the only one who grants or
revokes the three administrator roles; the audit administrator only reads the audit log. No one
changes their own role or acts on their own account's security, and maintenance superusers are
out of reach of this interface (they live in the Django admin only).

Each function returns ``(allowed, reason)``; the reason is shown when the answer is no.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socorg.accounts.roles import ADMINISTRATOR_ROLES, Role

Decision = tuple[bool, str]
OK: Decision = (True, "")

# Roles the security administrator may hand out: the administrator roles, or plain "public"
# when revoking one (the system administrator then gives a business role and its scope).
SECURITY_ASSIGNABLE_ROLES: frozenset[Role] = ADMINISTRATOR_ROLES | {Role.PUBLIC}

# Organization accounts are tied to an organization in the registry, a higher layer; they are
# created and linked there, never here.
SYSTEM_ASSIGNABLE_ROLES: frozenset[Role] = (
    frozenset(Role) - ADMINISTRATOR_ROLES - {Role.ORGANIZATION}
)


def _role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def _as_role(value: Any) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def _untouchable(target: Any) -> Decision | None:
    if getattr(target, "is_superuser", False):
        return (False, _("系统维护账户只能在维护后台管理。"))
    return None


def can_view_users(user: Any) -> Decision:
    """The account list and details: the system and the security administrator."""
    if _role(user) in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return OK
    return (False, _("只有系统管理员和安全管理员可以查看账户。"))


def can_create_user(user: Any, *, role: str | None = None) -> Decision:
    """The system administrator creates ordinary accounts; never an administrator account."""
    if _role(user) != Role.SYSTEM_ADMIN:
        return (False, _("只有系统管理员可以创建账户。"))
    if role is None:
        return OK
    wanted = _as_role(role)
    if wanted in ADMINISTRATOR_ROLES:
        return (False, _("管理员角色只能由安全管理员授予。"))
    if wanted == Role.ORGANIZATION:
        return (False, _("社会组织账户须在社会组织名录中创建并关联组织。"))
    return OK


def can_manage_user(user: Any, target: Any) -> Decision:
    """Open an account's edit page: the system administrator (details, ordinary roles) or
    the security administrator (administrator roles); the fields each may change are checked
    by ``can_edit_user`` and ``can_change_role``."""
    if _role(user) not in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return (False, _("您无权修改账户。"))
    return _untouchable(target) or OK


def can_edit_user(user: Any, target: Any) -> Decision:
    """Name, contact details and scope: the system administrator."""
    if _role(user) != Role.SYSTEM_ADMIN:
        return (False, _("只有系统管理员可以修改账户信息。"))
    return _untouchable(target) or OK


def can_change_role(user: Any, target: Any, new_role: str) -> Decision:
    """Ordinary roles: the system administrator. Administrator roles (granting or revoking):
    the security administrator only. Nobody changes their own role."""
    actor_role = _role(user)
    if actor_role is None:
        return (False, _("您无权修改角色。"))
    if user.pk == target.pk:
        return (False, _("不能修改自己的角色。"))
    denied = _untouchable(target)
    if denied:
        return denied
    old, new = _as_role(target.role), _as_role(new_role)
    if new is None:
        return (False, _("角色无效。"))
    if Role.ORGANIZATION in (old, new):
        return (False, _("社会组织账户的角色须在社会组织名录中办理。"))
    if old in ADMINISTRATOR_ROLES or new in ADMINISTRATOR_ROLES:
        if actor_role != Role.SECURITY_ADMIN:
            return (False, _("管理员角色只能由安全管理员授予或撤销。"))
        if new not in SECURITY_ASSIGNABLE_ROLES:
            return (
                False,
                _("撤销管理员角色时只能改为“公众”，再由系统管理员分配业务角色。"),
            )
        return OK
    if actor_role != Role.SYSTEM_ADMIN:
        return (False, _("业务角色只能由系统管理员分配。"))
    return OK


def _security_action(user: Any, target: Any, *, self_message: str) -> Decision:
    if _role(user) != Role.SECURITY_ADMIN:
        return (False, _("只有安全管理员可以办理此操作。"))
    if user.pk == target.pk:
        return (False, self_message)
    return _untouchable(target) or OK


def can_unlock_user(user: Any, target: Any) -> Decision:
    """Lift a login lockout: the security administrator, for another account."""
    return _security_action(user, target, self_message=_("不能为自己的账户解锁。"))


def can_reset_password(user: Any, target: Any) -> Decision:
    """Set a new password: the security administrator, for another account."""
    return _security_action(
        user, target, self_message=_("不能在此重置自己的密码，请使用“修改密码”功能。")
    )


def can_deactivate_user(user: Any, target: Any) -> Decision:
    """Deactivate an account: the security administrator, for another account."""
    return _security_action(user, target, self_message=_("不能停用自己的账户。"))
