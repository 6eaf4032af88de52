"""The registry pages over the real stack: who sees what, who may do what, what a bad form shows."""

from __future__ import annotations

import base64
import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socorg.accounts.models import User
from socorg.audit.models import AuditEvent
from socorg.registry import views
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.paging import KeysetPaginator, capped_count
from socorg.registry.selectors import SORTS, OrganizationFilters, organization_list
from socorg.registry.services import organization_member_link
from tests.world import next_uscc, register

LIST = reverse("registry:organization_list")
CREATE = reverse("registry:organization_create")


def url(name: str, org: Organization) -> str:
    return reverse(f"registry:{name}", args=[org.pk])


@pytest.fixture
def orgs(world):
    """a, e: first street (community 1); b: second street; c: a community organization filed
    in the first street; d: in the other district."""
    return SimpleNamespace(
        a=register(world, name="积玉桥阳光服务中心"),
        b=register(world, name="杨园教育发展中心", street=world.streets[1]),
        c=register(world, name="积玉桥社区舞蹈队", org_type="community"),
        d=register(
            world,
            name="江岸区邻里服务中心",
            actor=world.user("other_admin"),
            street=world.streets[2],
            registration_authority=world.other_bureau,
            uscc=next_uscc("social_service", authority="420102"),
            supervisory_unit=None,
            directly_registered=True,
        ),
        e=register(
            world,
            name="武昌区文化促进会",
            org_type="social_group",
            uscc=next_uscc("social_group"),
            supervisory_unit=world.other_unit,
        ),
    )


@pytest.fixture
def org_account(world, orgs):
    user = User.objects.create_user(username="org_a", password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=orgs.a)
    return user


def as_user(client, user):
    client.force_login(user)
    return client


def listed(response) -> set[str]:
    return {org.name for org in response.context["page"].items}


# Visibility: the list and the detail page.


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"a", "b", "c", "e"}),
        ("auditor", {"a", "b", "c", "e"}),
        ("other_admin", {"d"}),
        ("street_officer", {"a", "c", "e"}),
        ("other_street_officer", {"b"}),
        ("community_officer", {"a", "c", "e"}),
        ("department_officer", {"a", "b"}),
    ],
)
def test_list_shows_only_the_users_scope(client, world, orgs, role, expected):
    response = as_user(client, world.user(role)).get(LIST)
    assert response.status_code == 200
    assert listed(response) == {getattr(orgs, key).name for key in expected}
    assert f"共 {len(expected)} 条" in response.content.decode()


@pytest.mark.parametrize("role", ["expert", "public", "system_admin", "security_admin"])
def test_list_refused_to_roles_without_registry_access(client, world, orgs, role):
    response = as_user(client, world.user(role)).get(LIST)
    assert response.status_code == 403
    assert "您的角色无权查看社会组织名录。" in response.content.decode()


def test_list_refused_to_organization_account(client, org_account):
    response = as_user(client, org_account).get(LIST)
    assert response.status_code == 403


def test_list_requires_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("district_admin", "a", "d"),
        ("other_admin", "d", "a"),
        ("street_officer", "c", "b"),
        ("community_officer", "a", "b"),
        ("department_officer", "b", "c"),
        ("auditor", "e", "d"),
        ("expert", None, "a"),
        ("public", None, "a"),
        ("system_admin", None, "a"),
    ],
)
def test_detail_is_404_outside_the_visible_set(client, world, orgs, role, visible, hidden):
    as_user(client, world.user(role))
    if visible:
        assert client.get(url("organization_detail", getattr(orgs, visible))).status_code == 200
    assert client.get(url("organization_detail", getattr(orgs, hidden))).status_code == 404


def test_detail_shows_masked_id_domains_and_history(client, world, orgs):
    response = as_user(client, world.user("district_admin")).get(url("organization_detail", orgs.a))
    html = response.content.decode()
    assert "4201**********1231" in html
    assert "420106199001011231" not in html
    assert "文化" in html  # service domain
    assert "成立登记" in html and "武民登〔2021〕1号" in html
    assert url("organization_change", orgs.a) in html
    assert url("organization_terminate", orgs.a) in html


@pytest.mark.parametrize(
    ("role", "org_key"),
    [
        ("community_officer", "a"),
        ("department_officer", "a"),
        ("auditor", "a"),
        ("street_officer", "a"),  # a 社会服务机构: not the street's to change
    ],
)
def test_read_only_roles_see_no_action_buttons(client, world, orgs, role, org_key):
    org = getattr(orgs, org_key)
    html = as_user(client, world.user(role)).get(url("organization_detail", org)).content.decode()
    assert url("organization_change", org) not in html
    assert url("organization_terminate", org) not in html
    assert url("organization_contact", org) not in html


# Changing a registration.


def change_payload(org: Organization, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": org.name,
        "org_type": org.org_type,
        "uscc": org.uscc or "",
        "supervisory_unit": org.supervisory_unit_id or "",
        "legal_rep_name": org.legal_rep_name,
        "legal_rep_id": "",
        "street": org.street_id,
        "community": org.community_id or "",
        "domicile": org.domicile,
        "contact_person": org.contact_person,
        "contact_phone": org.contact_phone,
        "contact_email": org.contact_email,
        "founded_on": org.founded_on.isoformat() if org.founded_on else "",
        "registered_on": org.registered_on.isoformat() if org.registered_on else "",
        "registered_funds": "",
        "staff_full_time": org.staff_full_time,
        "staff_part_time": org.staff_part_time,
        "volunteers": org.volunteers,
        "domains": list(org.domains.values_list("pk", flat=True)),
        "occurred_on": "2024-05-01",
        "document_number": "",
        "reason": "章程修改后更名",
    }
    if org.directly_registered:
        data["directly_registered"] = "on"
    data.update(overrides)
    return data


def test_district_admin_changes_an_organization_in_its_district(client, world, orgs):
    as_user(client, world.user("district_admin"))
    form = client.get(url("organization_change", orgs.a))
    assert form.status_code == 200
    assert form.context["form"]["name"].value() == orgs.a.name  # pre-filled
    response = client.post(
        url("organization_change", orgs.a), change_payload(orgs.a, name="积玉桥阳光养老服务中心")
    )
    assert response.status_code == 302
    orgs.a.refresh_from_db()
    assert orgs.a.name == "积玉桥阳光养老服务中心"
    event = LifecycleEvent.objects.get(organization=orgs.a, kind="change")
    assert event.reason == "章程修改后更名"
    html = client.get(url("organization_detail", orgs.a)).content.decode()
    assert "积玉桥阳光服务中心" in html and "积玉桥阳光养老服务中心" in html  # before and after


def test_district_admin_cannot_touch_another_district(client, world, orgs):
    as_user(client, world.user("district_admin"))
    for name in ("organization_change", "organization_terminate", "organization_contact"):
        assert client.get(url(name, orgs.d)).status_code == 404
        assert client.post(url(name, orgs.d), change_payload(orgs.d)).status_code == 404
    orgs.d.refresh_from_db()
    assert orgs.d.name == "江岸区邻里服务中心"


def test_change_without_reason_shows_the_error_and_writes_nothing(client, world, orgs):
    as_user(client, world.user("district_admin"))
    response = client.post(
        url("organization_change", orgs.a), change_payload(orgs.a, name="新名称", reason="")
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    orgs.a.refresh_from_db()
    assert orgs.a.name == "积玉桥阳光服务中心"
    assert not LifecycleEvent.objects.filter(organization=orgs.a, kind="change").exists()


def test_change_with_bad_id_number_maps_the_service_error_to_the_field(client, world, orgs):
    as_user(client, world.user("district_admin"))
    before = AuditEvent.objects.count()
    response = client.post(
        url("organization_change", orgs.a),
        change_payload(orgs.a, legal_rep_id="420106199001011232"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any("校验位" in e for e in errors["legal_rep_id"])
    assert "校验位" in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert not LifecycleEvent.objects.filter(organization=orgs.a, kind="change").exists()


@pytest.mark.parametrize("role", ["community_officer", "department_officer", "auditor"])
def test_read_only_roles_are_refused_every_write(client, world, orgs, role):
    as_user(client, world.user(role))
    for name in ("organization_change", "organization_terminate", "organization_contact"):
        response = client.post(url(name, orgs.a), change_payload(orgs.a, name="改名"))
        assert response.status_code == 403
    assert client.get(CREATE).status_code == 403
    orgs.a.refresh_from_db()
    assert orgs.a.name == "积玉桥阳光服务中心"


def test_street_officer_may_not_change_a_registered_organization(client, world, orgs):
    response = as_user(client, world.user("street_officer")).get(url("organization_change", orgs.a))
    assert response.status_code == 403
    assert "街道只能办理社区社会组织的备案事项。" in response.content.decode()


def test_street_officer_changes_a_community_organization(client, world, orgs):
    as_user(client, world.user("street_officer"))
    form = client.get(url("organization_change", orgs.c)).context["form"]
    assert form.fields["street"].disabled  # only the bureau moves an organization
    response = client.post(
        url("organization_change", orgs.c),
        change_payload(orgs.c, contact_person="王五", reason="更换负责联系人"),
    )
    assert response.status_code == 302
    orgs.c.refresh_from_db()
    assert orgs.c.contact_person == "王五"


# Registering and filing.


def create_payload(world, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "武昌区新登记服务中心",
        "org_type": "social_service",
        "uscc": next_uscc("social_service"),
        "supervisory_unit": world.unit.pk,
        "legal_rep_name": "李四",
        "legal_rep_id": "420106199001011231",
        "street": world.streets[0].pk,
        "community": world.communities[0].pk,
        "staff_full_time": 1,
        "staff_part_time": 0,
        "volunteers": 3,
        "domains": [world.domains[0].pk, world.domains[2].pk],
        "occurred_on": "2024-05-01",
        "document_number": "武民登〔2024〕5号",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_district_admin_registers_with_its_bureau_as_authority(client, world):
    as_user(client, world.user("district_admin"))
    response = client.post(CREATE, create_payload(world))
    assert response.status_code == 302
    org = Organization.objects.get(name="武昌区新登记服务中心")
    assert response["Location"] == url("organization_detail", org)
    assert org.status == "registered"
    assert org.registration_authority == world.bureau
    assert {d.code for d in org.domains.all()} == {"culture", "elderly"}


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"uscc": "52420106MJ000000X"}, "uscc", "18 位"),
        ({"legal_rep_id": "420106199001011232"}, "legal_rep_id", "校验位"),
        ({"supervisory_unit": ""}, "supervisory_unit", "业务主管单位"),
        ({"document_number": ""}, "document_number", "文书号"),
        ({"founded_on": "2099-01-01"}, "founded_on", "晚于今天"),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_registration_shows_the_field_error_and_writes_nothing(
    client, world, overrides, field, text
):
    as_user(client, world.user("district_admin"))
    response = client.post(CREATE, create_payload(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(text in message for message in errors[field])
    assert errors[field][0] in response.content.decode()
    assert Organization.objects.count() == 0
    assert not AuditEvent.objects.filter(category="business").exists()


def test_street_officer_files_a_community_organization_in_its_street(client, world):
    as_user(client, world.user("street_officer"))
    form = client.get(CREATE).context["form"]
    assert [value for value, _ in form.fields["org_type"].choices] == ["community"]
    assert list(form.fields["street"].queryset) == [world.streets[0]]
    response = client.post(
        CREATE,
        create_payload(
            world, name="积玉桥社区合唱团", org_type="community", uscc="", supervisory_unit=""
        ),
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="积玉桥社区合唱团")
    assert org.status == "filed"
    assert org.registration_authority == world.street_offices[0]


def test_street_officer_cannot_register_a_social_group(client, world):
    as_user(client, world.user("street_officer"))
    response = client.post(
        CREATE, create_payload(world, org_type="social_group", uscc=next_uscc("social_group"))
    )
    assert response.status_code == 200
    assert "org_type" in response.context["form"].errors
    assert Organization.objects.count() == 0


def test_street_officer_cannot_file_in_another_street(client, world):
    as_user(client, world.user("street_officer"))
    response = client.post(
        CREATE,
        create_payload(
            world,
            org_type="community",
            uscc="",
            supervisory_unit="",
            street=world.streets[1].pk,
            community=world.communities[2].pk,
        ),
    )
    assert response.status_code == 200
    assert "street" in response.context["form"].errors
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    "role",
    ["community_officer", "department_officer", "auditor", "expert", "public", "system_admin"],
)
def test_create_refused_with_the_reason(client, world, role):
    as_user(client, world.user(role))
    assert client.get(CREATE).status_code == 403
    response = client.post(CREATE, create_payload(world))
    assert response.status_code == 403
    assert "无权办理登记或备案" in response.content.decode()
    assert Organization.objects.count() == 0


# Contacts, termination, conversion.


def test_organization_account_updates_its_own_contacts_only(client, world, orgs, org_account):
    as_user(client, org_account)
    assert client.get(url("organization_detail", orgs.a)).status_code == 200
    response = client.post(
        url("organization_contact", orgs.a),
        {
            "contact_person": "赵六",
            "contact_phone": "027-88886666",
            "contact_email": "a@example.cn",
        },
    )
    assert response.status_code == 302
    orgs.a.refresh_from_db()
    assert orgs.a.contact_phone == "027-88886666"
    assert client.get(url("organization_contact", orgs.b)).status_code == 404
    assert client.get(url("organization_change", orgs.a)).status_code == 403
    assert client.get(url("organization_terminate", orgs.a)).status_code == 403


def test_contact_with_bad_email_shows_the_error(client, world, orgs, org_account):
    as_user(client, org_account)
    response = client.post(
        url("organization_contact", orgs.a),
        {"contact_person": "赵六", "contact_phone": "1", "contact_email": "not-an-email"},
    )
    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    orgs.a.refresh_from_db()
    assert orgs.a.contact_person == ""


def test_terminate_needs_document_number_then_deregisters(client, world, orgs):
    as_user(client, world.user("district_admin"))
    payload = {
        "kind": "deregistration",
        "occurred_on": "2024-06-01",
        "document_number": "",
        "reason": "清算完毕",
    }
    response = client.post(url("organization_terminate", orgs.a), payload)
    assert response.status_code == 200
    assert "document_number" in response.context["form"].errors
    orgs.a.refresh_from_db()
    assert orgs.a.status == "registered"

    payload["document_number"] = "武民注〔2024〕3号"
    assert client.post(url("organization_terminate", orgs.a), payload).status_code == 302
    orgs.a.refresh_from_db()
    assert orgs.a.status == "deregistered"
    # Once deregistered, no more acts: the buttons go and the pages refuse.
    html = client.get(url("organization_detail", orgs.a)).content.decode()
    assert url("organization_change", orgs.a) not in html
    assert client.get(url("organization_change", orgs.a)).status_code == 403


def test_terminate_date_before_last_event_is_a_field_error(client, world, orgs):
    as_user(client, world.user("district_admin"))
    response = client.post(
        url("organization_terminate", orgs.a),
        {
            "kind": "revocation",
            "occurred_on": "2020-01-01",
            "document_number": "x",
            "reason": "y",
        },
    )
    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors
    orgs.a.refresh_from_db()
    assert orgs.a.status == "registered"


def test_bureau_converts_a_community_organization_street_may_not(client, world, orgs):
    assert (
        as_user(client, world.user("street_officer"))
        .get(url("organization_convert", orgs.c))
        .status_code
        == 403
    )
    as_user(client, world.user("district_admin"))
    html = client.get(url("organization_detail", orgs.c)).content.decode()
    assert url("organization_convert", orgs.c) in html
    response = client.post(
        url("organization_convert", orgs.c),
        {
            "org_type": "social_group",
            "uscc": next_uscc("social_group"),
            "supervisory_unit": world.unit.pk,
            "legal_rep_name": "钱七",
            "occurred_on": "2024-05-01",
            "document_number": "武民登〔2024〕9号",
        },
    )
    assert response.status_code == 302
    orgs.c.refresh_from_db()
    assert (orgs.c.status, orgs.c.org_type) == ("registered", "social_group")
    assert orgs.c.registration_authority == world.bureau
    # A registered organization cannot be converted again.
    assert client.get(url("organization_convert", orgs.a)).status_code == 403


# The list: search, filters, keyset pages, capped count, constant queries.


def test_search_and_filters(client, world, orgs):
    as_user(client, world.user("district_admin"))
    assert listed(client.get(LIST, {"q": "阳光"})) == {orgs.a.name}
    assert listed(client.get(LIST, {"q": orgs.b.uscc})) == {orgs.b.name}
    assert listed(client.get(LIST, {"q": "张三", "org_type": "social_group"})) == {orgs.e.name}
    assert listed(client.get(LIST, {"street": world.streets[1].pk})) == {orgs.b.name}
    assert listed(client.get(LIST, {"status": "filed"})) == {orgs.c.name}
    assert listed(client.get(LIST, {"domain": "culture", "org_type": "community"})) == {orgs.c.name}


def test_street_filter_offers_only_streets_in_scope(client, world, orgs):
    as_user(client, world.user("street_officer"))
    response = client.get(LIST, {"street": world.streets[1].pk})
    form = response.context["form"]
    assert list(form.fields["street"].queryset) == [world.streets[0]]
    assert "street" in form.errors
    assert listed(response) == {orgs.a.name, orgs.c.name, orgs.e.name}  # scope still applies


def test_community_filter_follows_the_chosen_street(client, world, orgs):
    as_user(client, world.user("district_admin"))
    form = client.get(LIST).context["form"]
    assert form.fields["community"].disabled
    form = client.get(LIST, {"street": world.streets[1].pk}).context["form"]
    assert set(form.fields["community"].queryset) == set(world.communities[2:4])


def test_keyset_pages_forward_and_back(client, world, orgs):
    for i in range(23):
        register(world, name=f"翻页测试组织{i:02d}")
    as_user(client, world.user("district_admin"))
    first = client.get(LIST, {"sort": "name"})
    page = first.context["page"]
    assert len(page.items) == 20 and page.has_next and not page.has_previous
    assert "共 27 条" in first.content.decode()
    second = client.get(LIST, {"sort": "name", "cursor": page.next_cursor}).context["page"]
    assert len(second.items) == 7 and not second.has_next and second.has_previous
    assert {o.pk for o in page.items}.isdisjoint({o.pk for o in second.items})
    back = client.get(LIST, {"sort": "name", "cursor": second.previous_cursor}).context["page"]
    assert [o.pk for o in back.items] == [o.pk for o in page.items]
    assert not back.has_previous
    in_db_order = (
        Organization.objects.exclude(pk=orgs.d.pk)
        .order_by("name", "id")
        .values_list("pk", flat=True)
    )
    assert [o.pk for o in page.items + second.items] == list(in_db_order)


def test_a_bad_cursor_shows_the_first_page(client, world, orgs):
    as_user(client, world.user("district_admin"))
    response = client.get(LIST, {"cursor": "not-a-cursor"})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 4


@pytest.mark.parametrize("sort", list(SORTS))
def test_paginator_visits_every_row_once_in_every_sort_and_back(world, orgs, sort):
    for i in range(9):
        register(world, name=f"排序测试{i}", on=dt.date(2021, 3, 1 + i % 3))
    # Imported records may lack a registration date: NULLs must page correctly too.
    Organization.objects.filter(name__in=["排序测试1", "排序测试4"]).update(registered_on=None)
    user = world.user("district_admin")
    queryset = organization_list(user=user, filters=OrganizationFilters(), sort=sort)
    paginator = KeysetPaginator(Organization, SORTS[sort], page_size=3)
    expected = list(queryset.order_by(*paginator.order_by()).values_list("pk", flat=True))
    seen, pages, cursor = [], [], None
    while True:
        page = paginator.page(queryset, cursor)
        pages.append([o.pk for o in page.items])
        seen += pages[-1]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert len(seen) == 13
    # And back again, page by page.
    for expected_page in reversed(pages[:-1]):
        page = paginator.page(queryset, page.previous_cursor)
        assert [o.pk for o in page.items] == expected_page


def test_count_is_capped(client, world, orgs, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    as_user(client, world.user("district_admin"))
    assert "超过 3 条" in client.get(LIST).content.decode()
    assert capped_count(Organization.objects.all(), 3) == 4


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for i in range(5):
        register(world, name=f"查询计数{i:02d}", domains=world.domains)
    as_user(client, world.user("district_admin"))
    params = {"street": world.streets[0].pk, "sort": "name", "org_type": "social_service"}

    def list_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIST, params)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"].items)

    with django_assert_max_num_queries(14):
        few, shown = list_queries()
    assert shown == 5
    for i in range(5, 25):
        register(world, name=f"查询计数{i:02d}", domains=world.domains)
    with django_assert_max_num_queries(14):
        many, shown = list_queries()
    assert shown == 20
    assert few == many


# The home page panels.


def test_home_for_district_admin_counts_by_type_status_and_street(client, world, orgs):
    response = as_user(client, world.user("district_admin")).get(reverse("accounts:home"))
    html = response.content.decode()
    assert "辖区社会组织概况" in html
    assert "积玉桥街道" in html and "杨园街道" in html and "大智街道" not in html
    assert f"{LIST}?street={world.streets[0].pk}" in html


def test_home_for_department_officer_counts_supervised(client, world, orgs):
    html = as_user(client, world.user("department_officer")).get(reverse("accounts:home"))
    html = html.content.decode()
    assert "本单位主管的社会组织" in html
    assert "各街道存续组织" not in html


def test_home_for_organization_account_shows_its_card(client, world, orgs, org_account):
    html = as_user(client, org_account).get(reverse("accounts:home")).content.decode()
    assert orgs.a.name in html
    assert url("organization_detail", orgs.a) in html
    assert url("organization_contact", orgs.a) in html
    assert orgs.b.name not in html


@pytest.mark.parametrize(
    "values",
    [[10**30], ["a\x00b", 1], [True], [{"x": 1}]],
)
def test_forged_cursor_values_are_ignored(world, values):
    paginator = KeysetPaginator(Organization, SORTS["-id"])
    if len(values) == 2:
        paginator = KeysetPaginator(Organization, SORTS["name"])
    raw = json.dumps({"o": paginator.signature, "d": "n", "v": values}).encode()
    assert paginator.decode(base64.urlsafe_b64encode(raw).decode()) is None
