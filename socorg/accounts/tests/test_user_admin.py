"""Account administration (三员分立): services and pages, each role allowed and denied."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from socorg.accounts.models import User
from socorg.accounts.services import (
    UserInput,
    user_create,
    user_deactivate,
    user_input_from,
    user_password_reset,
    user_update,
)
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from tests.world import PASSWORD

NEW_PASSWORD = "Neu-Kennwort-77"
CJK = re.compile(r"[\u4e00-\u9fff]")
ALL_ROLES = [
    "district_admin",
    "department_officer",
    "street_officer",
    "community_officer",
    "expert",
    "auditor",
    "public",
    "system_admin",
    "security_admin",
    "audit_admin",
]
USER_ADMINS = {"system_admin", "security_admin"}


def chinese(messages: list[str]) -> bool:
    return bool(messages) and all(CJK.search(str(m)) for m in messages)


def street_input(world, **overrides) -> UserInput:
    base = {
        "full_name": "王小明",
        "role": "street_officer",
        "phone": "027-88886666",
        "email": "wang@example.cn",
        "area": world.streets[0],
        "agency": None,
    }
    base.update(overrides)
    return UserInput(**base)


def audit_text() -> str:
    """Every audit event as one JSON text, to search for leaked secrets."""
    rows = AuditEvent.objects.values(
        "action", "object_repr", "before", "after", "reason", "object_type"
    )
    return json.dumps(list(rows), ensure_ascii=False, default=str)


def login(client, world, role: str):
    client.force_login(world.user(role))
    return client


# ---------------------------------------------------------------- services: create


def test_system_admin_creates_account_audited_without_password(world):
    actor = world.user("system_admin")
    user = user_create(
        actor=actor, username="wang_jyq", data=street_input(world), password=NEW_PASSWORD
    )
    user.refresh_from_db()
    assert user.role == "street_officer" and user.area == world.streets[0]
    assert user.password_changed_at is None  # must change the initial password
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.category == "system"
    assert event.actor == actor
    assert event.before is None
    assert event.after["username"] == "wang_jyq"
    assert event.after["area"] == world.streets[0].pk
    assert "password" not in event.after
    text = audit_text()
    assert NEW_PASSWORD not in text
    assert user.password not in text


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - {"system_admin"}))
def test_only_system_admin_creates_accounts(world, role):
    before = User.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        user_create(
            actor=world.user(role),
            username="someone",
            data=street_input(world),
            password=NEW_PASSWORD,
        )
    assert CJK.search(exc.value.message)
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="user.create").exists()


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin", "organization"])
def test_system_admin_cannot_create_administrator_or_organization_accounts(world, role):
    with pytest.raises(PermissionDenied):
        user_create(
            actor=world.user("system_admin"),
            username="new_admin",
            data=street_input(world, role=role, area=None),
            password=NEW_PASSWORD,
        )
    assert not User.objects.filter(username="new_admin").exists()


@pytest.mark.parametrize(
    ("username", "overrides", "password", "field"),
    [
        ("street1", {}, NEW_PASSWORD, "username"),  # taken
        ("STREET1", {}, NEW_PASSWORD, "username"),  # taken, other case
        ("bad name!", {}, NEW_PASSWORD, "username"),
        ("", {}, NEW_PASSWORD, "username"),
        ("okname", {"full_name": "  "}, NEW_PASSWORD, "full_name"),
        ("okname", {"phone": "电话号码"}, NEW_PASSWORD, "phone"),
        ("okname", {"email": "not-an-email"}, NEW_PASSWORD, "email"),
        ("okname", {"role": "no_such_role"}, NEW_PASSWORD, "role"),
        # A street officer needs a street, not a district.
        ("okname", {"area": "district"}, NEW_PASSWORD, "area"),
        ("okname", {"area": None}, NEW_PASSWORD, "area"),
        ("okname", {"role": "district_admin", "area": "street"}, NEW_PASSWORD, "area"),
        ("okname", {"role": "community_officer", "area": "street"}, NEW_PASSWORD, "area"),
        ("okname", {"role": "auditor", "area": "community"}, NEW_PASSWORD, "area"),
        ("okname", {"role": "department_officer", "area": None}, NEW_PASSWORD, "agency"),
        (
            "okname",
            {"role": "department_officer", "area": None, "agency": "bureau"},
            NEW_PASSWORD,
            "agency",
        ),
        ("okname", {}, "Ab1!", "password"),  # too short
        ("okname", {}, "1234567890123", "password"),  # numeric
        ("okname", {}, "password1234", "password"),  # common, two classes
        ("okname", {}, "abcdefghijkl", "password"),  # one class
        ("okname", {}, "", "password"),
    ],
)
def test_create_rejects_bad_input_per_field_in_chinese(world, username, overrides, password, field):
    places = {
        "district": world.district,
        "street": world.streets[0],
        "community": world.communities[0],
        "bureau": world.bureau,
    }
    overrides = {
        k: places.get(v, v) if isinstance(v, str) and k in ("area", "agency") else v
        for k, v in overrides.items()
    }
    before = User.objects.count()
    with pytest.raises(ApplicationError) as exc:
        user_create(
            actor=world.user("system_admin"),
            username=username,
            data=street_input(world, **overrides),
            password=password,
        )
    assert not isinstance(exc.value, PermissionDenied)
    assert field in exc.value.errors, exc.value.errors
    assert chinese(exc.value.errors[field]), exc.value.errors[field]
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_area_error_names_levels_in_chinese(world):
    with pytest.raises(ApplicationError) as exc:
        user_create(
            actor=world.user("system_admin"),
            username="okname",
            data=street_input(world, area=world.district),
            password=NEW_PASSWORD,
        )
    (message,) = exc.value.errors["area"]
    assert "街道" in message and "street" not in message


def test_create_reports_every_bad_field_at_once(world):
    with pytest.raises(ApplicationError) as exc:
        user_create(
            actor=world.user("system_admin"),
            username="street1",
            data=street_input(world, full_name="", area=world.district),
            password="123",
        )
    assert {"username", "full_name", "area", "password"} <= set(exc.value.errors)


def test_scope_the_role_does_not_use_is_dropped(world):
    user = user_create(
        actor=world.user("system_admin"),
        username="expert2",
        data=street_input(world, role="expert", agency=world.unit),
        password=NEW_PASSWORD,
    )
    assert user.area is None and user.agency is None


def test_department_officer_with_supervisory_unit(world):
    user = user_create(
        actor=world.user("system_admin"),
        username="culture1",
        data=street_input(world, role="department_officer", area=None, agency=world.other_unit),
        password=NEW_PASSWORD,
    )
    assert user.agency == world.other_unit


# ---------------------------------------------------------------- services: update and roles


def test_system_admin_edits_details_and_scope_audited_before_after(world):
    target = world.user("street_officer")
    data = UserInput(
        **{**user_input_from(target).__dict__, "phone": "13800000000", "area": world.streets[1]}
    )
    user_update(actor=world.user("system_admin"), user=target, data=data)
    target.refresh_from_db()
    assert target.phone == "13800000000" and target.area == world.streets[1]
    event = AuditEvent.objects.get(action="user.update", object_id=str(target.pk))
    assert event.category == "system"
    assert event.before == {"phone": "", "area": world.streets[0].pk}
    assert event.after == {"phone": "13800000000", "area": world.streets[1].pk}


def test_system_admin_changes_business_role_with_fitting_scope(world):
    target = world.user("street_officer")
    data = UserInput(full_name="x", role="community_officer", area=world.communities[0])
    user_update(actor=world.user("system_admin"), user=target, data=data)
    target.refresh_from_db()
    assert target.role == "community_officer"
    assert AuditEvent.objects.filter(action="user.update", category="system").exists()


def test_update_rejects_area_of_wrong_level_and_writes_nothing(world):
    target = world.user("street_officer")
    data = UserInput(full_name="x", role="community_officer", area=world.streets[0])
    with pytest.raises(ApplicationError) as exc:
        user_update(actor=world.user("system_admin"), user=target, data=data)
    assert chinese(exc.value.errors["area"])
    target.refresh_from_db()
    assert target.role == "street_officer" and target.full_name == "street1"
    assert not AuditEvent.objects.filter(action__startswith="user.").exists()


def test_unchanged_update_writes_no_event(world):
    target = world.user("street_officer")
    user_update(actor=world.user("system_admin"), user=target, data=user_input_from(target))
    assert not AuditEvent.objects.filter(action__startswith="user.").exists()


@pytest.mark.parametrize("new_role", ["system_admin", "security_admin", "audit_admin"])
def test_system_admin_cannot_grant_administrator_roles(world, new_role):
    target = world.user("street_officer")
    data = UserInput(full_name=target.full_name, role=new_role)
    with pytest.raises(PermissionDenied) as exc:
        user_update(actor=world.user("system_admin"), user=target, data=data)
    assert "安全管理员" in exc.value.message
    target.refresh_from_db()
    assert target.role == "street_officer"
    assert not AuditEvent.objects.exists()


def test_system_admin_cannot_change_own_role_or_revoke_an_administrator(world):
    actor = world.user("system_admin")
    with pytest.raises(PermissionDenied) as exc:
        user_update(actor=actor, user=actor, data=UserInput(full_name="x", role="public"))
    assert "自己" in exc.value.message
    with pytest.raises(PermissionDenied):
        user_update(
            actor=actor,
            user=world.user("security_admin"),
            data=UserInput(full_name="secadmin", role="public"),
        )
    assert User.objects.get(username="secadmin").role == "security_admin"


def test_system_admin_may_edit_own_contact_details(world):
    actor = world.user("system_admin")
    data = UserInput(**{**user_input_from(actor).__dict__, "phone": "027-1"})
    user_update(actor=actor, user=actor, data=data)
    assert User.objects.get(pk=actor.pk).phone == "027-1"


def test_security_admin_grants_and_revokes_administrator_roles(world):
    actor = world.user("security_admin")
    target = world.user("street_officer")
    user_update(
        actor=actor,
        user=target,
        data=UserInput(**{**user_input_from(target).__dict__, "role": "audit_admin"}),
    )
    target.refresh_from_db()
    assert target.role == "audit_admin"
    assert target.area is None  # an administrator carries no business scope
    event = AuditEvent.objects.get(action="user.role_change")
    assert event.category == "security"
    assert event.before == {"role": "street_officer", "area": world.streets[0].pk}
    assert event.after == {"role": "audit_admin", "area": None}

    user_update(
        actor=actor,
        user=target,
        data=UserInput(**{**user_input_from(target).__dict__, "role": "public"}),
    )
    target.refresh_from_db()
    assert target.role == "public"
    assert AuditEvent.objects.filter(action="user.role_change").count() == 2


@pytest.mark.parametrize(
    ("target_role", "new_role"),
    [
        ("street_officer", "community_officer"),  # business roles are the system admin's
        ("audit_admin", "street_officer"),  # revoking goes to "public" only
        ("district_admin", "expert"),
    ],
)
def test_security_admin_role_limits(world, target_role, new_role):
    actor = world.user("security_admin")
    target = world.user(target_role)
    data = UserInput(full_name=target.full_name, role=new_role, area=world.streets[0])
    with pytest.raises(PermissionDenied):
        user_update(actor=actor, user=target, data=data)
    target.refresh_from_db()
    assert target.role == target_role


def test_security_admin_cannot_change_own_role_or_edit_details(world):
    actor = world.user("security_admin")
    with pytest.raises(PermissionDenied):
        user_update(actor=actor, user=actor, data=UserInput(full_name="secadmin", role="public"))
    target = world.user("street_officer")
    data = UserInput(**{**user_input_from(target).__dict__, "full_name": "改名"})
    with pytest.raises(PermissionDenied):
        user_update(actor=actor, user=target, data=data)
    target.refresh_from_db()
    assert target.full_name == "street1"


@pytest.mark.parametrize("role", ["audit_admin", "district_admin", "auditor", "public"])
def test_other_roles_cannot_update_accounts(world, role):
    target = world.user("street_officer")
    data = UserInput(**{**user_input_from(target).__dict__, "full_name": "改名"})
    with pytest.raises(PermissionDenied):
        user_update(actor=world.user(role), user=target, data=data)


# ---------------------------------------------------------------- services: security acts


def test_security_admin_resets_password_audited_without_password(world):
    target = world.user("street_officer")
    target.password_changed_at = target.date_joined
    target.save()
    user_password_reset(actor=world.user("security_admin"), user=target, password=NEW_PASSWORD)
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD) and not target.check_password(PASSWORD)
    assert target.password_changed_at is None
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.category == "security" and event.object_id == str(target.pk)
    text = audit_text()
    assert NEW_PASSWORD not in text and target.password not in text


def test_password_reset_rejects_weak_password_in_chinese(world):
    target = world.user("street_officer")
    with pytest.raises(ApplicationError) as exc:
        user_password_reset(actor=world.user("security_admin"), user=target, password="12345678")
    assert chinese(exc.value.errors["password"])
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - {"security_admin"}))
def test_only_security_admin_resets_passwords_and_deactivates(world, role):
    target = world.user("street_officer")
    with pytest.raises(PermissionDenied):
        user_password_reset(actor=world.user(role), user=target, password=NEW_PASSWORD)
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=world.user(role), user=target, reason="离职")
    target.refresh_from_db()
    assert target.is_active and target.check_password(PASSWORD)


def test_security_admin_cannot_act_on_own_account(world):
    actor = world.user("security_admin")
    with pytest.raises(PermissionDenied):
        user_password_reset(actor=actor, user=actor, password=NEW_PASSWORD)
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=actor, user=actor, reason="x")


def test_superuser_accounts_are_out_of_reach(world):
    root = User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(PermissionDenied) as exc:
        user_password_reset(actor=world.user("security_admin"), user=root, password=NEW_PASSWORD)
    assert "维护" in exc.value.message
    with pytest.raises(PermissionDenied):
        user_update(
            actor=world.user("system_admin"),
            user=root,
            data=UserInput(full_name="x", role="public"),
        )


def test_deactivate_requires_reason_and_blocks_login(world):
    actor = world.user("security_admin")
    target = world.user("street_officer")
    with pytest.raises(ApplicationError) as exc:
        user_deactivate(actor=actor, user=target, reason="  ")
    assert chinese(exc.value.errors["reason"])
    target.refresh_from_db()
    assert target.is_active

    user_deactivate(actor=actor, user=target, reason="调离岗位")
    target.refresh_from_db()
    assert not target.is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.category == "security" and event.reason == "调离岗位"
    assert event.before == {"is_active": True} and event.after == {"is_active": False}
    request = RequestFactory().post("/login/")
    assert authenticate(request=request, username="street1", password=PASSWORD) is None

    with pytest.raises(ApplicationError):
        user_deactivate(actor=actor, user=target, reason="再次")
    assert AuditEvent.objects.filter(action="user.deactivate").count() == 1


# ---------------------------------------------------------------- pages: who may open what


@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_list_page_per_role(client, world, role):
    response = login(client, world, role).get(reverse("users:user_list"))
    assert response.status_code == (200 if role in USER_ADMINS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_detail_page_per_role(client, world, role):
    target = world.user("street_officer")
    response = login(client, world, role).get(reverse("users:user_detail", args=[target.pk]))
    assert response.status_code == (200 if role in USER_ADMINS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_create_page_per_role(client, world, role):
    response = login(client, world, role).get(reverse("users:user_create"))
    assert response.status_code == (200 if role == "system_admin" else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_edit_page_per_role(client, world, role):
    target = world.user("public")
    response = login(client, world, role).get(reverse("users:user_edit", args=[target.pk]))
    assert response.status_code == (200 if role in USER_ADMINS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_security_pages_per_role(client, world, role):
    target = world.user("public")
    login(client, world, role)
    allowed = 200 if role == "security_admin" else 403
    assert client.get(reverse("users:user_reset_password", args=[target.pk])).status_code == (
        allowed
    )
    assert client.get(reverse("users:user_deactivate", args=[target.pk])).status_code == allowed
    unlock = client.post(reverse("users:user_unlock", args=[target.pk]))
    assert unlock.status_code == (302 if role == "security_admin" else 403)


def test_anonymous_is_sent_to_login(client, world):
    for name, args in [("users:user_list", []), ("users:user_detail", [1])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unlock_is_post_only(client, world):
    target = world.user("public")
    response = login(client, world, "security_admin").get(
        reverse("users:user_unlock", args=[target.pk])
    )
    assert response.status_code == 405


def test_unknown_account_is_404(client, world):
    response = login(client, world, "system_admin").get(reverse("users:user_detail", args=[999999]))
    assert response.status_code == 404


# ---------------------------------------------------------------- pages: forms


def create_post(world, **overrides):
    data = {
        "username": "li_si",
        "full_name": "李四",
        "phone": "",
        "email": "",
        "role": "street_officer",
        "area": world.streets[1].code,
        "agency": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_create_page_creates_account(client, world):
    response = login(client, world, "system_admin").post(
        reverse("users:user_create"), create_post(world)
    )
    user = User.objects.get(username="li_si")
    assert response.status_code == 302
    assert response["Location"] == reverse("users:user_detail", args=[user.pk])
    assert user.area == world.streets[1]


def test_create_page_offers_no_administrator_or_organization_role(client, world):
    response = login(client, world, "system_admin").get(reverse("users:user_create"))
    roles = [value for value, _label in response.context["form"].fields["role"].choices]
    assert "street_officer" in roles
    assert not {"system_admin", "security_admin", "audit_admin", "organization"} & set(roles)
    response = client.post(reverse("users:user_create"), create_post(world, role="security_admin"))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not User.objects.filter(username="li_si").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "street1"}, "username"),
        ({"area": "district"}, "area"),
        ({"area": "420106999"}, "area"),  # no such division
        ({"password1": "abc12345", "password2": "abc12345"}, "password1"),
        ({"password2": "Something-else-1"}, "password2"),
    ],
)
def test_create_page_shows_per_field_chinese_errors(client, world, overrides, field):
    if overrides.get("area") == "district":
        overrides["area"] = world.district.code
    response = login(client, world, "system_admin").post(
        reverse("users:user_create"), create_post(world, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert chinese(errors[field])
    assert CJK.search(errors[field][0]) and errors[field][0] in response.content.decode()
    assert not User.objects.filter(username="li_si").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_edit_page_for_system_admin_saves(client, world):
    target = world.user("street_officer")
    page = login(client, world, "system_admin").get(reverse("users:user_edit", args=[target.pk]))
    assert f'value="{world.streets[0].code}"' in page.content.decode()
    response = client.post(
        reverse("users:user_edit", args=[target.pk]),
        {
            "full_name": "新名字",
            "phone": "",
            "email": "",
            "role": "street_officer",
            "area": world.streets[0].code,
            "agency": "",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "新名字"


def test_edit_page_locks_role_of_self_and_administrators(client, world):
    actor = world.user("system_admin")
    login(client, world, "system_admin")
    for target in (actor, world.user("security_admin")):
        url = reverse("users:user_edit", args=[target.pk])
        assert client.get(url).context["form"].fields["role"].disabled
        response = client.post(
            url, {"full_name": "改名", "role": "public", "phone": "", "email": ""}
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.full_name == "改名"
        assert target.role in ("system_admin", "security_admin")


def test_edit_page_for_security_admin_is_role_only(client, world):
    target = world.user("public")
    login(client, world, "security_admin")
    url = reverse("users:user_edit", args=[target.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == ["role"]
    response = client.post(url, {"role": "audit_admin", "full_name": "ignored"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == "audit_admin" and target.full_name == "public1"


def test_edit_page_security_admin_denied_business_role_change(client, world):
    target = world.user("street_officer")
    login(client, world, "security_admin")
    response = client.post(reverse("users:user_edit", args=[target.pk]), {"role": "public"})
    assert response.status_code == 200
    assert chinese(response.context["form"].errors["role"])
    target.refresh_from_db()
    assert target.role == "street_officer"


def test_reset_password_page(client, world):
    target = world.user("street_officer")
    login(client, world, "security_admin")
    url = reverse("users:user_reset_password", args=[target.pk])
    weak = client.post(url, {"password1": "abcdefgh", "password2": "abcdefgh"})
    assert weak.status_code == 200
    assert chinese(weak.context["form"].errors["password1"])
    ok = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert ok.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)


def test_deactivate_page(client, world):
    target = world.user("street_officer")
    login(client, world, "security_admin")
    url = reverse("users:user_deactivate", args=[target.pk])
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 200 and missing.context["form"].errors["reason"]
    assert client.post(url, {"reason": "离职"}).status_code == 302
    target.refresh_from_db()
    assert not target.is_active


def test_user_list_filters_and_stays_within_few_queries(
    client, world, django_assert_max_num_queries
):
    for i in range(40):
        User.objects.create_user(
            username=f"bulk{i}", role="street_officer", area=world.streets[i % 2], full_name="批量"
        )
    login(client, world, "system_admin")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("users:user_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    response = client.get(reverse("users:user_list"), {"q": "secadmin"})
    assert [u.username for u in response.context["page"]] == ["secadmin"]
    response = client.get(reverse("users:user_list"), {"role": "audit_admin"})
    assert [u.username for u in response.context["page"]] == ["auditadmin"]


def test_page_views_are_not_audited(client, world):
    login(client, world, "system_admin")
    before = AuditEvent.objects.count()
    client.get(reverse("users:user_list"))
    client.get(reverse("users:user_detail", args=[world.user("public").pk]))
    assert AuditEvent.objects.count() == before
