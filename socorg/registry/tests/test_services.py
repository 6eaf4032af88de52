import datetime as dt

import pytest

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.search import filter_name_contains
from socorg.registry.services import (
    EventInput,
    organization_change,
    organization_convert,
    organization_input_from,
    organization_register,
    organization_terminate,
)
from tests.world import next_uscc, org_input, register


def test_register_writes_event_audit_and_masks_id(world):
    org = register(world, name="武昌区阳光为老服务中心")
    assert org.status == Organization.Status.REGISTERED
    assert org.legal_rep_id_masked == "4201**********1231"
    assert "420106199001011231" not in org.legal_rep_id_encrypted
    event = LifecycleEvent.objects.get(organization=org)
    assert event.kind == "establishment" and event.document_number
    audit = AuditEvent.objects.get(action="organization.establishment", object_id=str(org.id))
    assert audit.actor == world.user("district_admin")
    assert audit.after["name"] == "武昌区阳光为老服务中心"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": "52420106MJ000000X"}, "uscc"),  # 17 characters
        ({"uscc": "52420106MJ00000OXX"}, "uscc"),  # letter O is forbidden
        ({"uscc": next_uscc("social_group")}, "uscc"),  # type digit 1 for a 社会服务机构
        ({"uscc": next_uscc("social_service", authority="420102")}, "uscc"),  # other authority
        ({"founded_on": dt.date(2099, 1, 1)}, "founded_on"),
        ({"legal_rep_id": "420106199001011232"}, "legal_rep_id"),
        ({"supervisory_unit": None}, "supervisory_unit"),
        ({"name": ""}, "name"),
    ],
)
def test_register_rejects_bad_input_and_writes_nothing(world, overrides, field):
    data = org_input(world, **overrides)
    with pytest.raises(ApplicationError) as exc:
        organization_register(
            actor=world.user("district_admin"),
            data=data,
            event=EventInput(occurred_on=dt.date(2021, 3, 1), document_number="x"),
        )
    assert field in exc.value.errors
    assert all(msg for msg in exc.value.errors[field])
    assert Organization.objects.count() == 0
    assert not AuditEvent.objects.filter(category="business").exists()


def test_duplicate_active_uscc_and_name_rejected(world):
    org = register(world, name="武昌区同名协会", org_type="social_group")
    with pytest.raises(ApplicationError) as exc:
        register(world, uscc=org.uscc, org_type="social_group")
    assert "uscc" in exc.value.errors
    with pytest.raises(ApplicationError) as exc:
        register(world, name="武昌区同名协会", org_type="social_group")
    assert "name" in exc.value.errors


def test_deregistered_uscc_can_be_reused(world):
    org = register(world)
    organization_terminate(
        actor=world.user("district_admin"),
        organization=org,
        kind="deregistration",
        event=EventInput(
            occurred_on=dt.date(2022, 1, 1), document_number="注〔2022〕1号", reason="清算完毕"
        ),
    )
    again = register(world, uscc=org.uscc, name=org.name)
    assert again.status == "registered"


def test_change_records_before_and_after(world):
    org = register(world)
    data = organization_input_from(org)
    data.domicile = "武昌区中山路307号"
    data.legal_rep_name = "李四"
    organization_change(
        actor=world.user("district_admin"),
        organization=org,
        data=data,
        event=EventInput(occurred_on=dt.date(2022, 5, 1), reason="法定代表人换届"),
    )
    event = LifecycleEvent.objects.get(organization=org, kind="change")
    assert event.changes["before"]["legal_rep_name"] == "张三"
    assert event.changes["after"]["legal_rep_name"] == "李四"
    assert set(event.changes["after"]) == {"domicile", "legal_rep_name"}


def test_street_files_community_org_and_bureau_converts_it(world):
    org = register(world, org_type="community", name="积玉桥社区舞蹈队")
    assert org.status == "filed" and org.uscc is None
    code = next_uscc("social_group")
    organization_convert(
        actor=world.user("district_admin"),
        organization=org,
        org_type="social_group",
        uscc_code=code,
        registration_authority=world.bureau,
        supervisory_unit=None,
        directly_registered=True,
        legal_rep_name="王五",
        event=EventInput(occurred_on=dt.date(2023, 1, 5), document_number="武民登〔2023〕9号"),
    )
    org.refresh_from_db()
    assert (org.org_type, org.status, org.uscc) == ("social_group", "registered", code)
    kinds = list(org.events.values_list("kind", flat=True))
    assert kinds == ["filing", "conversion"]


def test_street_may_not_register_a_social_group(world):
    with pytest.raises(PermissionDenied):
        register(world, actor=world.user("street_officer"), org_type="social_group")
    assert Organization.objects.count() == 0


def test_other_district_admin_cannot_terminate(world):
    org = register(world)
    with pytest.raises(PermissionDenied):
        organization_terminate(
            actor=world.user("other_admin"),
            organization=org,
            kind="revocation",
            event=EventInput(occurred_on=dt.date(2022, 1, 1), document_number="x", reason="y"),
        )
    org.refresh_from_db()
    assert org.status == "registered"


def test_event_before_last_event_rejected(world):
    org = register(world, on=dt.date(2021, 3, 1))
    with pytest.raises(ApplicationError) as exc:
        organization_terminate(
            actor=world.user("district_admin"),
            organization=org,
            kind="revocation",
            event=EventInput(occurred_on=dt.date(2020, 1, 1), document_number="x", reason="y"),
        )
    assert "occurred_on" in exc.value.errors


@pytest.mark.parametrize("query", ["阳", "阳光", "阳光为", "光为老服务"])
def test_name_search_finds_substrings_of_any_length(world, query):
    hit = register(world, name="武昌区阳光为老服务中心")
    register(world, name="武昌区明月书画协会", org_type="social_group")
    found = list(filter_name_contains(Organization.objects.all(), query))
    assert found == [hit]


def test_name_search_follows_renames(world):
    org = register(world, name="武昌区旧名称中心")
    data = organization_input_from(org)
    data.name = "武昌区新名称中心"
    organization_change(
        actor=world.user("district_admin"),
        organization=org,
        data=data,
        event=EventInput(occurred_on=dt.date(2022, 1, 1), reason="更名"),
    )
    assert not filter_name_contains(Organization.objects.all(), "旧名").exists()
    assert filter_name_contains(Organization.objects.all(), "新名").get() == org


def test_contact_update_rejects_bad_email_with_field_error(world):
    from socorg.registry.services import organization_contact_update

    org = register(world)
    with pytest.raises(ApplicationError) as exc:
        organization_contact_update(
            actor=world.user("district_admin"),
            organization=org,
            contact_person="李四",
            contact_phone="027-88888888",
            contact_email="not-an-email",
        )
    assert "contact_email" in exc.value.errors
    org.refresh_from_db()
    assert org.contact_person == ""


def test_bureau_opens_an_organization_account(world, client):
    from socorg.registry.services import organization_account_create

    org = register(world)
    with pytest.raises(ApplicationError) as exc:
        organization_account_create(
            actor=world.user("district_admin"),
            organization=org,
            username="org_x",
            full_name="赵六",
            phone="",
            password="short",
        )
    assert "password" in exc.value.errors
    with pytest.raises(PermissionDenied):
        organization_account_create(
            actor=world.user("other_admin"),
            organization=org,
            username="org_x",
            full_name="赵六",
            phone="",
            password="Strong-pass-2026",
        )
    user = organization_account_create(
        actor=world.user("district_admin"),
        organization=org,
        username="org_x",
        full_name="赵六",
        phone="",
        password="Strong-pass-2026",
    )
    assert user.role == "organization" and user.organization_membership.organization == org
    assert AuditEvent.objects.filter(
        action="organization.account_create", object_id=str(org.id)
    ).exists()
    client.force_login(user)
    assert client.get(f"/registry/{org.id}/").status_code == 200


def test_account_page_per_role(world, client):
    org = register(world)
    url = f"/registry/{org.id}/account/"
    client.force_login(world.user("community_officer"))
    assert client.get(url).status_code in (403, 404)
    client.force_login(world.user("district_admin"))
    page = client.post(url, {"username": "", "full_name": "", "password": "x"})
    assert page.status_code == 200
    assert {"username", "full_name"} <= set(page.context["form"].errors)
    assert not org.members.exists()
    response = client.post(
        url, {"username": "org_y", "full_name": "钱七", "password": "Strong-pass-2026"}
    )
    assert response.status_code == 302
    assert org.members.get().user.username == "org_y"


def test_search_by_legal_rep_id_number(world):
    from socorg.registry.selectors import apply_text_search

    org = register(world)
    assert list(apply_text_search(Organization.objects.all(), "420106199001011231")) == [org]
    assert list(apply_text_search(Organization.objects.all(), org.uscc)) == [org]


def test_race_on_uscc_becomes_a_field_error(world):
    from socorg.registry.services import _save_unique

    first = register(world)
    twin = Organization.objects.get(pk=first.pk)
    twin.pk = None
    twin.name = "另一个名字"
    with pytest.raises(ApplicationError) as exc:
        _save_unique(twin)
    assert "uscc" in exc.value.errors


def test_revoked_organization_completes_deregistration(world):
    org = register(world)
    admin = world.user("district_admin")
    organization_terminate(
        actor=admin,
        organization=org,
        kind="revocation",
        event=EventInput(
            occurred_on=dt.date(2023, 1, 1),
            document_number="撤〔2023〕1号",
            reason="一年未开展活动",
        ),
    )
    with pytest.raises(PermissionDenied):
        organization_terminate(
            actor=world.user("other_admin"),
            organization=org,
            kind="deregistration",
            event=EventInput(
                occurred_on=dt.date(2023, 6, 1), document_number="注〔2023〕1号", reason="清算完毕"
            ),
        )
    organization_terminate(
        actor=admin,
        organization=org,
        kind="deregistration",
        event=EventInput(
            occurred_on=dt.date(2023, 6, 1), document_number="注〔2023〕1号", reason="清算完毕"
        ),
    )
    org.refresh_from_db()
    assert org.status == "deregistered"
    assert list(org.events.values_list("kind", flat=True)) == [
        "establishment",
        "revocation",
        "deregistration",
    ]


def test_common_grams_skip_the_index_but_stay_exact(world, monkeypatch):
    from django.db import connection

    from socorg.registry import search

    hit = register(world, name="武昌区阳光为老服务中心")
    register(world, name="武昌区明月书画协会", org_type="social_group")
    if connection.vendor == "sqlite":
        monkeypatch.setattr(search, "COMMON_MIN_DOCS", 0)
        monkeypatch.setattr(search, "COMMON_SHARE", 0.0)
        assert search._sqlite_grams_are_common(["武昌"])
        assert not search._sqlite_grams_are_common(["没有"])
    assert list(filter_name_contains(Organization.objects.all(), "阳光")) == [hit]
    assert filter_name_contains(Organization.objects.all(), "武昌").count() == 2
