"""The maintenance admin (/sysadmin/): superusers only, read-mostly, fit for big tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from socorg.accounts.models import User
from socorg.areas.models import Area
from socorg.audit.admin import BoundedCountPaginator
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.registry.models import LifecycleEvent, Organization
from tests.world import PASSWORD, register

BIG_TABLES = [Organization, LifecycleEvent, AuditEvent]


@pytest.fixture
def root(world):
    return User.objects.create_superuser("root", password=PASSWORD)


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_registered_model_lists_and_opens_for_a_superuser(client, world, root):
    org = register(world)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"accounts", "areas", "agencies", "audit", "registry"}:
            continue
        response = client.get(changelist(model))
        assert response.status_code == 200, model
        first = model_admin.get_queryset(response.wsgi_request).first()
        if first is not None:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[first.pk]
            )
            assert client.get(url).status_code == 200, model
    assert org.name in client.get(changelist(Organization)).content.decode()


@pytest.mark.parametrize(
    "role", ["system_admin", "security_admin", "audit_admin", "district_admin"]
)
def test_no_one_but_superusers_gets_in(client, world, role):
    user = world.user(role)
    user.is_staff = True  # even with the staff flag
    user.save()
    client.force_login(user)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert client.get(changelist(User)).status_code == 403
    assert client.get(changelist(AuditEvent)).status_code == 403


def test_plain_users_are_sent_to_the_admin_login(client, world):
    client.force_login(world.user("system_admin"))
    response = client.get(changelist(User))
    assert response.status_code == 302


def test_audit_events_are_read_only(client, world, root):
    event = audit_record(actor=None, action="job.run", category="system", after={"n": 1})
    client.force_login(root)
    name = "admin:audit_auditevent"
    assert client.get(reverse(f"{name}_add")).status_code == 403
    assert client.get(reverse(f"{name}_delete", args=[event.pk])).status_code == 403
    change = client.get(reverse(f"{name}_change", args=[event.pk]))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    post = client.post(reverse(f"{name}_change", args=[event.pk]), {"action": "forged"})
    assert post.status_code == 403
    event.refresh_from_db()
    assert event.action == "job.run"


@pytest.mark.parametrize("model", BIG_TABLES)
def test_big_tables_never_count_everything(model):
    model_admin = admin.site._registry[model]
    assert model_admin.show_full_result_count is False
    assert model_admin.date_hierarchy is None
    assert model_admin.paginator is BoundedCountPaginator
    request = SimpleNamespace(user=SimpleNamespace(is_active=True, is_superuser=True))
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_organization_changelist_queries_do_not_grow_with_rows(
    client, world, root, django_assert_max_num_queries
):
    for _ in range(30):
        register(world)
    client.force_login(root)
    with django_assert_max_num_queries(12):
        response = client.get(changelist(Organization))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(changelist(LifecycleEvent)).status_code == 200


def test_bounded_count_paginator_caps_the_count(db, monkeypatch):
    monkeypatch.setattr("socorg.audit.admin.COUNT_CAP", 5)
    for _ in range(8):
        audit_record(actor=None, action="job.run", category="system")
    paginator = BoundedCountPaginator(AuditEvent.objects.order_by("-id"), 2)
    assert paginator.count == 5


def test_reference_data_edits_are_audited(client, world, root):
    client.force_login(root)
    street = world.streets[0]
    url = reverse("admin:areas_area_change", args=[street.pk])
    response = client.post(
        url,
        {
            "code": street.code,
            "name": "积玉桥街道（更正）",
            "level": "street",
            "parent": street.parent_id,
            "valid_from": "",
            "valid_to": "",
            "successor": "",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    street.refresh_from_db()
    assert street.name == "积玉桥街道（更正）"
    event = AuditEvent.objects.get(action="admin.change", object_type="areas.area")
    assert event.category == "system" and event.actor == root
    assert event.before == {"name": "积玉桥街道"} and event.after == {"name": "积玉桥街道（更正）"}
    assert client.get(reverse("admin:areas_area_delete", args=[street.pk])).status_code == 403
    assert Area.objects.filter(pk=street.pk).exists()


def test_accounts_are_read_only_in_the_admin(client, world, root):
    client.force_login(root)
    target = world.user("street_officer")
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_change", args=[target.pk]), {"role": "system_admin"}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == "street_officer"
