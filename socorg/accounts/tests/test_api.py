"""The account endpoints: who am I, and API tokens through the real sign-in checks."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from socorg.audit.models import AuditEvent
from tests.world import PASSWORD

ME = "/api/v1/me/"
TOKEN = "/api/v1/auth/token/"


def test_me_for_a_district_admin(world):
    client = APIClient()
    client.force_login(world.user("district_admin"))
    body = client.get(ME).json()
    assert body["username"] == "admin_wc"
    assert body["role"] == {"code": "district_admin", "label": "民政局管理员"}
    assert body["area"] == {
        "code": "420106",
        "name": "武昌区",
        "level": "district",
        "level_label": "区县",
    }
    assert body["agency"] is None and body["organization_id"] is None


def test_me_for_a_department_officer_names_the_agency(world):
    client = APIClient()
    client.force_login(world.user("department_officer"))
    body = client.get(ME).json()
    assert body["role"]["label"] == "业务主管单位人员"
    assert body["area"] is None
    assert body["agency"]["id"] == world.unit.id
    assert body["agency"]["kind_label"] == "业务主管单位"


def test_me_requires_sign_in(world):
    response = APIClient().get(ME)
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "身份认证信息未提供。"


def test_token_is_issued_and_works(world):
    client = APIClient()
    response = client.post(TOKEN, {"username": "street1", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    key = response.json()["token"]
    assert Token.objects.get(key=key).user == world.user("street_officer")
    assert AuditEvent.objects.filter(
        action="auth.token_issued", actor=world.user("street_officer"), category="security"
    ).exists()
    # The same token again, not a new one per call.
    again = client.post(TOKEN, {"username": "street1", "password": PASSWORD}, format="json")
    assert again.json()["token"] == key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(ME).json()["role"]["code"] == "street_officer"


def test_wrong_password_is_a_400_in_chinese_and_audited(world):
    response = APIClient().post(
        TOKEN, {"username": "street1", "password": "wrong-Pass-1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["用户名或密码错误，或账户已停用。"]
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="street1").exists()


def test_missing_fields_are_named(world):
    response = APIClient().post(TOKEN, {"username": "street1"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["该字段是必填项。"]}


def test_inactive_account_gets_no_token(world):
    user = world.user("expert")
    user.is_active = False
    user.save()
    response = APIClient().post(TOKEN, {"username": "expert1", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_repeated_failures_lock_the_account_even_with_the_right_password(world, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            TOKEN, {"username": "street1", "password": "wrong-Pass-1"}, format="json"
        )
        assert response.status_code in (400, 429)
    assert AccessAttempt.objects.filter(username="street1").exists()
    response = client.post(TOKEN, {"username": "street1", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["detail"] == "登录失败次数过多，该账户已被暂时锁定，请稍后再试。"
    assert not Token.objects.exists()
    # Another account is not affected (lockout is per username).
    other = client.post(TOKEN, {"username": "street2", "password": PASSWORD}, format="json")
    assert other.status_code == 200


@pytest.mark.parametrize("role", ["public", "expert", "system_admin"])
def test_any_role_may_obtain_a_token(world, role):
    user = world.user(role)
    response = APIClient().post(
        TOKEN, {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
