"""Login lockout, unlock, idle sessions and password rules — all configurable in settings."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from socorg.accounts.selectors import user_is_locked, user_locked_usernames
from socorg.accounts.services import (
    UserInput,
    user_create,
    user_deactivate,
    user_password_reset,
    user_unlock,
)
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError
from tests.world import PASSWORD

CJK = re.compile(r"[\u4e00-\u9fff]")
OFFICE_IP = "10.1.2.3"


def try_login(username: str, password: str, ip: str = OFFICE_IP):
    """One sign-in attempt through the authentication backends, as the login view makes it."""
    request = RequestFactory().post("/login/", REMOTE_ADDR=ip)
    return authenticate(request=request, username=username, password=password)


def fail_until_locked(username: str, ip: str = OFFICE_IP) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert try_login(username, "wrong-password", ip) is None


# ---------------------------------------------------------------- lockout


def test_account_locks_after_limit_even_with_right_password(world):
    assert try_login("street1", PASSWORD) is not None
    fail_until_locked("street1")
    assert try_login("street1", PASSWORD) is None
    assert user_is_locked(username="street1")
    # Per account, not per address: a colleague at the same office IP still signs in.
    assert try_login("street2", PASSWORD) is not None
    assert not user_is_locked(username="street2")


def test_lockout_counts_failures_from_every_address(world):
    for i in range(settings.AXES_FAILURE_LIMIT):
        try_login("street1", "wrong-password", ip=f"10.0.0.{i + 1}")
    assert try_login("street1", PASSWORD, ip="192.168.9.9") is None


def test_failures_below_the_limit_do_not_lock_and_a_login_resets_them(client, world):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "street1", "password": "wrong-password"})
    assert client.post(url, {"username": "street1", "password": PASSWORD}).status_code == 302
    client.logout()
    # The successful login cleared the count (AXES_RESET_ON_SUCCESS).
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "street1", "password": "wrong-password"})
    assert not user_is_locked(username="street1")
    assert client.post(url, {"username": "street1", "password": PASSWORD}).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_failure_limit_is_configurable(world):
    try_login("street1", "wrong-password")
    try_login("street1", "wrong-password")
    assert try_login("street1", PASSWORD) is None
    assert user_locked_usernames(usernames=["street1", "street2"]) == {"street1"}


def test_lock_and_failures_are_audited_as_security_events(world):
    fail_until_locked("street1")
    failed = AuditEvent.objects.filter(action="auth.login_failed", object_repr="street1")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    locked = AuditEvent.objects.filter(action="auth.locked_out", object_repr="street1")
    assert locked.exists()
    assert {e.category for e in [*failed, *locked]} == {"security"}
    # Neither the wrong nor the right password is recorded anywhere.
    for event in AuditEvent.objects.all():
        assert "wrong-password" not in str(event.before) + str(event.after) + event.object_repr


def test_lockout_through_the_login_page(client, world):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "street1", "password": "wrong-password"})
    response = client.post(url, {"username": "street1", "password": PASSWORD})
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert "_auth_user_id" not in client.session
    assert "锁定" in response.content.decode()
    # Another account from the same client signs in.
    response = client.post(url, {"username": "street2", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.user("other_street_officer").pk)


def test_security_admin_unlocks_and_it_is_audited(world):
    fail_until_locked("street1")
    cleared = user_unlock(actor=world.user("security_admin"), user=world.user("street_officer"))
    assert cleared >= 1
    assert not user_is_locked(username="street1")
    assert try_login("street1", PASSWORD) is not None
    event = AuditEvent.objects.get(action="user.unlock")
    assert event.category == "security"
    assert event.actor == world.user("security_admin")
    assert event.object_id == str(world.user("street_officer").pk)


def test_unlock_page_for_security_admin(client, world):
    fail_until_locked("street1")
    target = world.user("street_officer")
    client.force_login(world.user("security_admin"))
    detail = client.get(reverse("users:user_detail", args=[target.pk]))
    assert detail.context["locked"] is True
    assert reverse("users:user_unlock", args=[target.pk]) in detail.content.decode()
    listing = client.get(reverse("users:user_list"), {"q": "street1"})
    assert (target, True) in listing.context["rows"]
    response = client.post(reverse("users:user_unlock", args=[target.pk]))
    assert response.status_code == 302
    assert not user_is_locked(username="street1")


@pytest.mark.parametrize("role", ["system_admin", "audit_admin", "district_admin"])
def test_other_roles_cannot_unlock(client, world, role):
    fail_until_locked("street1")
    client.force_login(world.user(role))
    target = world.user("street_officer")
    assert client.post(reverse("users:user_unlock", args=[target.pk])).status_code == 403
    assert user_is_locked(username="street1")


# ---------------------------------------------------------------- idle sessions


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_idle_timeout_comes_from_settings():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_expiry_is_idle_minutes_and_refreshed_on_each_request(client, world):
    client.force_login(world.user("system_admin"))
    client.get(reverse("users:user_list"))
    idle = dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    expires = session_row(client).expire_date
    assert abs(expires - (timezone.now() + idle)) < dt.timedelta(seconds=30)

    # Pretend the session was last used long ago but is not yet expired: a request refreshes it.
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    client.get(reverse("users:user_list"))
    expires = session_row(client).expire_date
    assert abs(expires - (timezone.now() + idle)) < dt.timedelta(seconds=30)


def test_idle_session_expires(client, world):
    client.force_login(world.user("system_admin"))
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("users:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(SESSION_COOKIE_AGE=5 * 60)
def test_idle_timeout_is_configurable(client, world):
    client.force_login(world.user("system_admin"))
    client.get(reverse("users:user_list"))
    expires = session_row(client).expire_date
    assert abs(expires - (timezone.now() + dt.timedelta(minutes=5))) < dt.timedelta(seconds=30)


def test_password_reset_and_deactivation_end_open_sessions(client, world):
    target = world.user("street_officer")
    client.force_login(target)
    assert client.get(reverse("accounts:home")).status_code == 200
    user_password_reset(actor=world.user("security_admin"), user=target, password="Neu-Kennwort-77")
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    other = world.user("other_street_officer")
    client.force_login(other)
    assert client.get(reverse("accounts:home")).status_code == 200
    user_deactivate(actor=world.user("security_admin"), user=other, reason="调离")
    assert client.get(reverse("accounts:home")).status_code == 302


# ---------------------------------------------------------------- password rules


@pytest.mark.parametrize(
    "password",
    [
        "Ab1!x",  # too short, and nothing else wrong
        "12345678901234",  # numeric and common
        "password1234",  # common, two classes
        "abcdefghijkmnp",  # one class
        "street1street1",  # like the username, two classes
    ],
)
def test_weak_passwords_are_refused_in_chinese(world, password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user=world.user("street_officer"))
    assert any(CJK.search(m) for m in exc.value.messages)


def test_strong_password_passes(world):
    validate_password("Hanyang-Bridge-2026", user=world.user("street_officer"))


def test_account_service_gives_chinese_message_for_every_rule(world):
    for password in ["Ab1!x", "12345678901234", "abcdefghijkmnp"]:
        with pytest.raises(ApplicationError) as exc:
            user_create(
                actor=world.user("system_admin"),
                username="newone",
                data=UserInput(full_name="新人", role="public"),
                password=password,
            )
        messages = exc.value.errors["password"]
        assert messages and all(CJK.search(m) for m in messages), messages


STRICT = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 16},
    },
    {
        "NAME": "socorg.accounts.password_validation.CharacterClassValidator",
        "OPTIONS": {"min_classes": 4},
    },
]


@override_settings(AUTH_PASSWORD_VALIDATORS=STRICT)
def test_password_rules_are_configurable(world):
    # Accepted by the default rules (length 10, three classes), refused by the stricter ones.
    with pytest.raises(ApplicationError) as exc:
        user_create(
            actor=world.user("system_admin"),
            username="newone",
            data=UserInput(full_name="新人", role="public"),
            password="Hanyang2026abc",
        )
    text = " ".join(exc.value.errors["password"])
    assert "16" in text and "4" in text
    user = user_create(
        actor=world.user("system_admin"),
        username="newone",
        data=UserInput(full_name="新人", role="public"),
        password="Hanyang-Bridge-2026",
    )
    assert user.check_password("Hanyang-Bridge-2026")
