"""Signing in and out, lockout, changing one's password, and the home page per role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from socorg.audit.models import AuditEvent
from tests.world import PASSWORD

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
HOME = reverse("accounts:home")
PASSWORD_CHANGE = reverse("accounts:password_change")
NEW_PASSWORD = "Another-pass-2026?"


def test_login_page_is_in_chinese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()


def test_login_then_home_shows_role_and_scope(client, world):
    response = client.post(LOGIN, {"username": "street1", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == HOME
    html = client.get(HOME).content.decode()
    assert "街道工作人员" in html
    assert "武汉市 / 武昌区 / 积玉桥街道" in html
    assert AuditEvent.objects.filter(action="auth.login", actor=world.user("street_officer"))


def test_wrong_password_shows_an_error_and_is_audited(client, world):
    response = client.post(LOGIN, {"username": "street1", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="street1").exists()


def test_repeated_failures_lock_the_account_with_a_clear_message(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "street1", "password": "wrong"})
    response = client.post(LOGIN, {"username": "street1", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert "已被暂时锁定" in html
    assert "请在 30 分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # Another account is not affected (lockout is per account).
    assert client.post(LOGIN, {"username": "street2", "password": PASSWORD}).status_code == 302


def test_logout_is_post_only(client, world):
    client.force_login(world.user("district_admin"))
    assert client.get(LOGOUT).status_code == 405
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(HOME).status_code == 302


def test_home_requires_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change_rejects_a_wrong_old_password(client, world):
    user = world.user("auditor")
    client.force_login(user)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user.password_changed_at is None


def test_password_change_enforces_the_password_rules(client, world):
    client.force_login(world.user("auditor"))
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"},
    )
    assert response.status_code == 200
    assert "密码须至少包含" in response.content.decode()


def test_password_change_records_when_and_keeps_the_session(client, world):
    user = world.user("auditor")
    client.force_login(user)
    assert "请尽快修改" in client.get(HOME).content.decode()
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert user.password_changed_at is not None
    assert AuditEvent.objects.filter(action="auth.password_change", actor=user).exists()
    html = client.get(HOME).content.decode()  # still signed in
    assert "密码已修改" in html and "请尽快修改" not in html


@pytest.mark.parametrize(
    ("role", "texts"),
    [
        ("district_admin", ["民政局管理员", "武汉市 / 武昌区"]),
        ("department_officer", ["业务主管单位人员", "武昌区教育局"]),
        ("community_officer", ["社区工作人员", "积玉桥街道 / 积玉第1社区"]),
        ("auditor", ["审计人员", "武汉市 / 武昌区"]),
        ("expert", ["评审专家账户", "目前您在名录中没有可办理的事项"]),
        ("public", ["公众账户", "目前您在名录中没有可办理的事项"]),
        ("system_admin", ["系统管理员", "三员分立"]),
        ("security_admin", ["安全管理员", "三员分立"]),
        ("audit_admin", ["安全审计员", "三员分立"]),
    ],
)
def test_home_per_role(client, world, role, texts):
    client.force_login(world.user(role))
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html


@pytest.mark.parametrize("role", ["expert", "public", "system_admin", "audit_admin"])
def test_home_shows_no_registry_panel_to_roles_without_access(client, world, role):
    client.force_login(world.user(role))
    html = client.get(HOME).content.decode()
    assert "辖区社会组织概况" not in html
    assert reverse("registry:organization_list") not in html
