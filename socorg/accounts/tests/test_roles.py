"""三员分立: three separate administrators, none of whom sees business data.

Table-driven checks of ``accounts.permissions`` and of where each administrator may go.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from socorg.accounts import permissions
from socorg.accounts.navigation import menu_for
from socorg.accounts.roles import ADMINISTRATOR_ROLES, Role
from socorg.audit.permissions import AUDIT_CATEGORIES_BY_ROLE, audit_categories_for
from socorg.registry.selectors import organization_visible
from tests.world import register

ADMINS = ["system_admin", "security_admin", "audit_admin"]


def url_or_skip(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} is not built yet")


# ---------------------------------------------------------------- no business data


@pytest.mark.parametrize("role", ADMINS)
def test_administrators_see_no_organizations(world, role):
    org = register(world)
    assert organization_visible(user=world.user("district_admin")).filter(pk=org.pk).exists()
    assert not organization_visible(user=world.user(role)).exists()


@pytest.mark.parametrize("role", ADMINS)
def test_administrators_are_refused_registry_pages(client, world, role):
    org = register(world, name="武昌区三员不可见服务中心")
    client.force_login(world.user(role))
    assert client.get(url_or_skip("registry:organization_list")).status_code == 403
    assert client.get(url_or_skip("registry:organization_create")).status_code == 403
    detail = client.get(url_or_skip("registry:organization_detail", org.pk))
    assert detail.status_code in (403, 404)
    assert org.name not in detail.content.decode()


def test_district_admin_reaches_the_registry_for_contrast(client, world):
    client.force_login(world.user("district_admin"))
    assert client.get(url_or_skip("registry:organization_list")).status_code == 200


@pytest.mark.parametrize("role", ADMINS)
def test_administrator_menus_hold_no_registry_entry(world, role):
    names = {item["name"] for item in menu_for(world.user(role))}
    assert not any(name.startswith("registry") for name in names)


def test_menus_follow_the_three_roles(world):
    def names(role: str) -> set[str]:
        return {item["name"] for item in menu_for(world.user(role))}

    assert "users:user_list" in names("system_admin")
    assert "users:user_list" in names("security_admin")
    assert "users:user_list" not in names("audit_admin")
    assert "audit:event_list" in names("audit_admin")
    assert "audit:event_list" not in names("system_admin") | names("security_admin")


# ---------------------------------------------------------------- who administers what


def test_audit_roles_name_real_roles():
    # The audit app sits below accounts and names roles by value; they must exist.
    for value in AUDIT_CATEGORIES_BY_ROLE:
        Role(value)


def test_audit_categories_per_role(world):
    assert audit_categories_for(world.user("audit_admin")) == {"system", "security"}
    assert audit_categories_for(world.user("auditor")) == {"business", "security"}
    for role in ("system_admin", "security_admin", "district_admin", "public"):
        assert audit_categories_for(world.user(role)) == frozenset()


def test_assignable_role_sets_are_disjoint_from_the_other_admin():
    assert not permissions.SYSTEM_ASSIGNABLE_ROLES & ADMINISTRATOR_ROLES
    assert Role.ORGANIZATION not in permissions.SYSTEM_ASSIGNABLE_ROLES
    assert ADMINISTRATOR_ROLES | {Role.PUBLIC} == permissions.SECURITY_ASSIGNABLE_ROLES


@pytest.mark.parametrize(
    ("actor", "target", "new_role", "allowed"),
    [
        # System administrator: business roles of others.
        ("system_admin", "street_officer", "community_officer", True),
        ("system_admin", "public", "district_admin", True),
        ("system_admin", "street_officer", "system_admin", False),
        ("system_admin", "street_officer", "security_admin", False),
        ("system_admin", "street_officer", "audit_admin", False),
        ("system_admin", "security_admin", "public", False),  # revoking is not theirs
        ("system_admin", "system_admin", "public", False),  # own role
        ("system_admin", "street_officer", "organization", False),
        # Security administrator: administrator roles only, never their own.
        ("security_admin", "public", "system_admin", True),
        ("security_admin", "street_officer", "audit_admin", True),
        ("security_admin", "audit_admin", "public", True),
        ("security_admin", "system_admin", "security_admin", True),
        ("security_admin", "audit_admin", "street_officer", False),
        ("security_admin", "street_officer", "public", False),
        ("security_admin", "security_admin", "public", False),
        # Audit administrator and business roles: never.
        ("audit_admin", "public", "system_admin", False),
        ("audit_admin", "street_officer", "public", False),
        ("district_admin", "street_officer", "public", False),
        ("auditor", "public", "audit_admin", False),
    ],
)
def test_can_change_role(world, actor, target, new_role, allowed):
    decision, reason = permissions.can_change_role(world.user(actor), world.user(target), new_role)
    assert decision is allowed
    assert bool(reason) is not allowed


ACTIONS = {
    "view": lambda a, t: permissions.can_view_users(a),
    "create": lambda a, t: permissions.can_create_user(a, role="street_officer"),
    "edit": permissions.can_edit_user,
    "unlock": permissions.can_unlock_user,
    "reset": permissions.can_reset_password,
    "deactivate": permissions.can_deactivate_user,
}
EXPECTED = {
    "system_admin": {"view", "create", "edit"},
    "security_admin": {"view", "unlock", "reset", "deactivate"},
    "audit_admin": set(),
    "district_admin": set(),
    "auditor": set(),
    "street_officer": set(),
    "public": set(),
}


@pytest.mark.parametrize("actor", sorted(EXPECTED))
def test_account_actions_per_role(world, actor, django_user_model):
    target = world.user("community_officer")
    for action, check in ACTIONS.items():
        allowed, reason = check(world.user(actor), target)
        assert allowed is (action in EXPECTED[actor]), (actor, action)
        assert allowed or reason


def test_deactivated_administrator_loses_every_right(world):
    actor = world.user("security_admin")
    actor.is_active = False
    target = world.user("public")
    assert not permissions.can_view_users(actor)[0]
    assert not permissions.can_unlock_user(actor, target)[0]
    assert not permissions.can_change_role(actor, target, "audit_admin")[0]
    assert audit_categories_for(world.user("audit_admin")) and not audit_categories_for(
        type("Gone", (), {"is_authenticated": True, "is_active": False, "role": "audit_admin"})()
    )
