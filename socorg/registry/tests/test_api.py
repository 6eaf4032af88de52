"""The registry API over the real stack (URLs, middleware, auth, serializers, services)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from socorg.accounts.models import User
from socorg.audit.models import AuditEvent
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.services import organization_member_link
from tests.world import PASSWORD, World, next_uscc, register

LIST = "/api/v1/organizations/"
CJK = re.compile(r"[\u4e00-\u9fff]")
NO_REGISTRY_ROLES = ["expert", "public", "system_admin", "security_admin", "audit_admin"]


def detail_url(org: Organization | int, action: str = "") -> str:
    pk = org if isinstance(org, int) else org.pk
    return f"{LIST}{pk}/" + (f"{action}/" if action else "")


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid 成立登记 request for a 社会服务机构 in the first street."""
    body: dict[str, Any] = {
        "name": "武昌区阳光为老服务中心",
        "org_type": "social_service",
        "uscc": next_uscc("social_service"),
        "street": world.streets[0].code,
        "community": world.communities[0].code,
        "supervisory_unit": world.unit.id,
        "legal_rep_name": "张三",
        "legal_rep_id": "420106199001011231",
        "founded_on": "2020-01-01",
        "contact_email": "contact@example.org",
        "domains": ["culture", "elderly"],
        "event": {"occurred_on": "2021-03-01", "document_number": "武民登〔2021〕1号"},
    }
    body.update(overrides)
    return body


def community_payload(world: World, **overrides: Any) -> dict[str, Any]:
    body = payload(world, org_type="community", name="积玉桥社区广场舞队", uscc="")
    body.pop("supervisory_unit")
    body["event"] = {"occurred_on": "2021-03-01"}
    body.update(overrides)
    return body


def written() -> tuple[int, int, int]:
    return (
        Organization.objects.count(),
        LifecycleEvent.objects.count(),
        AuditEvent.objects.filter(category=AuditEvent.Category.BUSINESS).count(),
    )


def assert_error(response: Any, status: int, field: str | None = None) -> list[str]:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert CJK.search(body["detail"]), body
    if field is None:
        return []
    assert field in body["errors"], body
    messages = body["errors"][field]
    assert messages and all(CJK.search(m) for m in messages), messages
    return messages


# ------------------------------------------------------------------------ create (成立登记)


def test_district_admin_registers_in_its_district(world):
    response = client_for(world.user("district_admin")).post(LIST, payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    org = Organization.objects.get(pk=body["id"])
    assert org.status == "registered" and body["status_label"] == "正常"
    # District and authority follow from the street and the type when not given.
    assert body["district"]["code"] == "420106"
    assert body["registration_authority"]["id"] == world.bureau.id
    assert [d["code"] for d in body["domains"]] == ["culture", "elderly"]
    assert body["events"][0]["kind"] == "establishment"
    assert body["events"][0]["kind_label"] == "成立登记"
    # The ID number is write-only: stored encrypted, shown masked, never echoed.
    assert body["legal_rep_id_masked"] == "4201**********1231"
    assert "legal_rep_id" not in body
    assert "420106199001011231" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="organization.establishment", object_id=str(org.pk)
    ).exists()


def test_district_admin_cannot_register_outside_its_district(world):
    body = payload(
        world,
        street=world.streets[2].code,
        community=world.communities[4].code,
        uscc=next_uscc(authority="420102"),
        registration_authority=world.other_bureau.id,
    )
    before = written()
    response = client_for(world.user("district_admin")).post(LIST, body, format="json")
    assert_error(response, 403)
    assert response.json()["detail"] == "只能在您的管辖区域内登记组织。"
    assert written() == before


def test_street_officer_files_community_organization_in_its_street(world):
    response = client_for(world.user("street_officer")).post(
        LIST, community_payload(world), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "filed"
    assert body["registration_authority"]["id"] == world.street_offices[0].id
    assert body["events"][0]["kind"] == "filing"


def test_street_officer_may_not_register_a_social_group(world):
    body = payload(world, org_type="social_group", uscc=next_uscc("social_group"))
    before = written()
    response = client_for(world.user("street_officer")).post(LIST, body, format="json")
    assert_error(response, 403)
    assert response.json()["detail"] == "街道只能为社区社会组织办理备案。"
    assert written() == before


def test_street_officer_may_not_file_in_another_street(world):
    body = community_payload(
        world, street=world.streets[1].code, community=world.communities[2].code
    )
    response = client_for(world.user("street_officer")).post(LIST, body, format="json")
    assert_error(response, 403)
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    "role",
    ["community_officer", "department_officer", "auditor", *NO_REGISTRY_ROLES],
)
def test_roles_without_registration_rights_get_403(world, role):
    before = written()
    response = client_for(world.user(role)).post(LIST, payload(world), format="json")
    assert_error(response, 403)
    assert written() == before


def _bad_check_char() -> str:
    code = next_uscc("social_service")
    return code[:-1] + ("0" if code[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": "BAD"}, "uscc"),  # length
        ({"uscc": "CHECK"}, "uscc"),  # GB 32100 check character
        ({"uscc": next_uscc("social_group")}, "uscc"),  # type digit 1 on a 社会服务机构
        ({"uscc": next_uscc(authority="420102")}, "uscc"),  # issued by another authority
        ({"street": "420106999"}, "street"),  # unknown street code
        ({"street": "420106"}, "street"),  # a district code where a street is expected
        ({"community": "420106002001"}, "community"),  # community of another street
        ({"founded_on": "2099-01-01"}, "founded_on"),  # future date
        ({"event": {"occurred_on": "2099-01-01", "document_number": "x"}}, "event.occurred_on"),
        ({"founded_on": "2020-13-01"}, "founded_on"),  # not a date
        ({"legal_rep_id": "420106199001011232"}, "legal_rep_id"),  # bad ID check digit
        ({"supervisory_unit": None}, "supervisory_unit"),  # neither unit nor 直接登记
        ({"org_type": "company"}, "org_type"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"staff_full_time": -1}, "staff_full_time"),
        ({"domains": ["no-such-domain"]}, "domains"),
        ({"event": {"occurred_on": "2021-03-01"}}, "event.document_number"),
        ({"event": {}}, "event.occurred_on"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, overrides, field):
    if overrides.get("uscc") == "CHECK":
        overrides = {"uscc": _bad_check_char()}
    before = written()
    response = client_for(world.user("district_admin")).post(
        LIST, payload(world, **overrides), format="json"
    )
    assert_error(response, 400, field)
    assert written() == before


@pytest.mark.parametrize("missing", ["name", "org_type", "street", "event"])
def test_missing_required_field_in_chinese(world, missing):
    body = payload(world)
    body.pop(missing)
    response = client_for(world.user("district_admin")).post(LIST, body, format="json")
    # DRF's own message, translated because LANGUAGE_CODE is zh-hans.
    assert assert_error(response, 400, missing) == ["该字段是必填项。"]
    assert Organization.objects.count() == 0


def test_duplicate_active_uscc_rejected(world):
    org = register(world)
    before = written()
    response = client_for(world.user("district_admin")).post(
        LIST, payload(world, uscc=org.uscc), format="json"
    )
    messages = assert_error(response, 400, "uscc")
    assert "已有一个存续的组织使用该统一社会信用代码。" in messages
    assert written() == before


def test_wrong_type_digit_message_cites_the_rule(world):
    response = client_for(world.user("district_admin")).post(
        LIST, payload(world, uscc=next_uscc("foundation")), format="json"
    )
    messages = assert_error(response, 400, "uscc")
    assert any("第 2 位" in m for m in messages)


def test_only_json_is_accepted_for_writes(world):
    response = client_for(world.user("district_admin")).post(
        LIST, {"name": "x"}, format="multipart"
    )
    assert response.status_code == 415


# ------------------------------------------------------------------------ scope


@pytest.fixture
def scoped(world):
    """Organizations in each corner of the world, and an organization account for ``a``."""
    a = register(world)  # street 0, community 0, supervised by world.unit
    b = register(
        world,
        street=world.streets[1],
        org_type="social_group",
        supervisory_unit=world.other_unit,
    )
    c = register(world, org_type="community", name="积玉桥社区书画社")  # street 0, community 0
    d = register(
        world,
        actor=world.user("other_admin"),
        street=world.streets[2],
        registration_authority=world.other_bureau,
        uscc=next_uscc(authority="420102"),
        supervisory_unit=None,
        directly_registered=True,
    )
    account = User.objects.create_user(
        username="org_a", password=PASSWORD, role="organization", full_name="甲组织"
    )
    organization_member_link(actor=world.user("system_admin"), user=account, organization=a)
    world.users["organization"] = account
    return {"a": a, "b": b, "c": c, "d": d}


VISIBLE = {
    "district_admin": {"a", "b", "c"},
    "auditor": {"a", "b", "c"},
    "other_admin": {"d"},
    "street_officer": {"a", "c"},
    "other_street_officer": {"b"},
    "community_officer": {"a", "c"},
    "department_officer": {"a"},
    "organization": {"a"},
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_lists_and_reads_only_its_scope(world, scoped, role):
    client = client_for(world.user(role))
    response = client.get(LIST)
    assert response.status_code == 200, response.json()
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {scoped[key].id for key in VISIBLE[role]}
    for key, org in scoped.items():
        status = client.get(detail_url(org)).status_code
        assert status == (200 if key in VISIBLE[role] else 404), (key, status)


@pytest.mark.parametrize("role", NO_REGISTRY_ROLES)
def test_roles_without_registry_access_get_403(world, scoped, role):
    client = client_for(world.user(role))
    assert_error(client.get(LIST), 403)
    assert_error(client.get(detail_url(scoped["a"])), 403)


def test_anonymous_is_refused_in_chinese(world, scoped):
    client = APIClient()
    for response in (
        client.get(LIST),
        client.get(detail_url(scoped["a"])),
        client.post(LIST, payload(world), format="json"),
        client.get("/api/v1/service-domains/"),
    ):
        assert response.status_code in (401, 403)
        assert response.json()["detail"] == "身份认证信息未提供。"


def test_token_authentication(world, scoped):
    token = Token.objects.create(user=world.user("street_officer"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(LIST)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {scoped["a"].id, scoped["c"].id}
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(LIST).json()["detail"] == "认证令牌无效。"


def test_me_shows_the_organization_of_an_organization_account(world, scoped):
    body = client_for(world.user("organization")).get("/api/v1/me/").json()
    assert body["role"] == {"code": "organization", "label": "社会组织账户"}
    assert body["organization_id"] == scoped["a"].id


def test_detail_has_history_and_no_full_id(world, scoped):
    response = client_for(world.user("district_admin")).get(detail_url(scoped["a"]))
    body = response.json()
    assert body["legal_rep_id_masked"] == "4201**********1231"
    assert "420106199001011231" not in response.content.decode()
    assert [e["kind"] for e in body["events"]] == ["establishment"]
    assert body["events"][0]["recorded_by"] == "admin_wc"
    assert body["supervisory_unit"]["name"] == "武昌区教育局"


# ------------------------------------------------------------------------ filters, pages


def test_filters(world, scoped):
    client = client_for(world.user("district_admin"))

    def ids(**params: Any) -> set[int]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    a, b, c = scoped["a"], scoped["b"], scoped["c"]
    assert ids(org_type="social_group") == {b.id}
    assert ids(street=world.streets[1].code) == {b.id}
    assert ids(community=world.communities[0].code) == {a.id, c.id}
    assert ids(supervisory_unit=world.unit.id) == {a.id}
    assert ids(domain="culture") == {a.id, b.id, c.id}
    assert ids(q="书画") == {c.id}
    assert ids(q=a.uscc) == {a.id}
    assert ids(status="filed") == {c.id}
    assert ids(street="", q="") == {a.id, b.id, c.id}  # empty form fields mean no filter
    assert_error(client.get(LIST, {"street": "999999999"}), 400, "street")
    assert_error(client.get(LIST, {"domain": "nope"}), 400, "domain")
    assert_error(client.get(LIST, {"sort": "uscc"}), 400, "sort")


def _walk(client: APIClient, url: str, params: dict[str, Any]) -> list[list[int]]:
    pages: list[list[int]] = []
    response = client.get(url, params)
    while True:
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        if not body["next"]:
            return pages
        response = client.get(body["next"])


def test_keyset_pages_cover_every_row_once_both_ways(world):
    orgs = [register(world, on=dt.date(2021, 1, 1) + dt.timedelta(days=i // 3)) for i in range(11)]
    client = client_for(world.user("district_admin"))
    for sort, expected in [
        ("-id", sorted((o.id for o in orgs), reverse=True)),
        ("name", [o.id for o in sorted(orgs, key=lambda o: (o.name, o.id))]),
        # Three organizations per date: ties are broken by id, none skipped or repeated.
        ("registered_on", [o.id for o in sorted(orgs, key=lambda o: (o.registered_on, o.id))]),
        (
            "-registered_on",
            [o.id for o in sorted(orgs, key=lambda o: (o.registered_on, o.id), reverse=True)],
        ),
    ]:
        pages = _walk(client, LIST, {"sort": sort, "page_size": 4})
        assert [len(p) for p in pages] == [4, 4, 3], sort
        assert [i for page in pages for i in page] == expected, sort
        # From the last page, "previous" leads back to the second.
        last = client.get(LIST, {"sort": sort, "page_size": 4}).json()
        second = client.get(last["next"]).json()
        third = client.get(second["next"]).json()
        back = client.get(third["previous"]).json()
        assert [r["id"] for r in back["results"]] == pages[1], sort
        assert back["next"] and back["previous"]


def test_bad_or_foreign_cursor_is_a_400(world):
    for _ in range(3):
        register(world)
    client = client_for(world.user("district_admin"))
    assert_error(client.get(LIST, {"cursor": "garbage!"}), 400, "cursor")
    next_url = client.get(LIST, {"page_size": 1, "sort": "name"}).json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    assert_error(client.get(LIST, {"cursor": cursor, "sort": "-id"}), 400, "cursor")


@pytest.mark.parametrize("count", [3, 20])
def test_list_query_count_does_not_grow_with_rows(world, count, django_assert_max_num_queries):
    for i in range(count):
        register(world, street=world.streets[i % 2])
    client = client_for(world.user("district_admin"))
    # session, user, the user's area, one page of organizations with their places and units;
    # then the session is saved (SESSION_SAVE_EVERY_REQUEST: update inside a savepoint).
    with django_assert_max_num_queries(7):
        response = client.get(LIST, {"page_size": 50})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [3, 20])
def test_detail_query_count_is_constant(world, count, django_assert_max_num_queries):
    org = register(world)
    client = client_for(world.user("district_admin"))
    for i in range(count):  # each change adds a lifecycle event
        response = client.patch(detail_url(org), _change(name=f"更名后的组织{i}"), format="json")
        assert response.status_code == 200, response.json()
    # as the list, plus the domains and the lifecycle events (with who recorded them)
    with django_assert_max_num_queries(9):
        response = client.get(detail_url(org))
    assert len(response.json()["events"]) == count + 1


# ------------------------------------------------------------------------ change (变更登记)


def _change(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "武昌区阳光为老服务中心（更名）",
        "event": {"occurred_on": "2022-05-01", "reason": "理事会决议更名"},
    }
    body.update(overrides)
    return body


def test_district_admin_changes_registration(world, scoped):
    org = scoped["a"]
    response = client_for(world.user("district_admin")).patch(
        detail_url(org), _change(), format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "武昌区阳光为老服务中心（更名）"
    assert [e["kind"] for e in body["events"]] == ["establishment", "change"]
    change = body["events"][1]
    assert change["reason"] == "理事会决议更名"
    assert change["changes"]["after"] == {"name": "武昌区阳光为老服务中心（更名）"}
    org.refresh_from_db()
    assert org.name == "武昌区阳光为老服务中心（更名）"
    assert org.legal_rep_id_masked == "4201**********1231"  # untouched fields stay


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_change(event={"occurred_on": "2022-05-01"}), "event.reason"),
        ({"name": "新名称"}, "event"),
        (_change(event={"occurred_on": "2020-01-01", "reason": "x"}), "event.occurred_on"),
        (_change(street="420106999"), "street"),
        (_change(uscc="52420106MJ0000000X"), "uscc"),
        (_change(name=""), "name"),
    ],
)
def test_change_rejects_bad_input_and_writes_nothing(world, scoped, body, field):
    org = scoped["a"]
    before = written()
    response = client_for(world.user("district_admin")).patch(detail_url(org), body, format="json")
    assert_error(response, 400, field)
    assert written() == before
    org.refresh_from_db()
    assert org.name != "新名称"


def test_change_with_nothing_changed_is_refused(world, scoped):
    org = scoped["a"]
    response = client_for(world.user("district_admin")).patch(
        detail_url(org), _change(name=org.name), format="json"
    )
    assert_error(response, 400)
    assert response.json()["detail"] == "没有任何内容发生变化。"


def test_change_outside_scope_is_not_found(world, scoped):
    response = client_for(world.user("other_admin")).patch(
        detail_url(scoped["a"]), _change(), format="json"
    )
    assert_error(response, 404)


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        ("auditor", "您的角色无权办理登记事项。"),
        ("street_officer", "街道只能办理社区社会组织的备案事项。"),
        ("community_officer", "您的角色无权办理登记事项。"),
        ("department_officer", "您的角色无权办理登记事项。"),
        ("organization", "您的角色无权办理登记事项。"),
    ],
)
def test_change_by_a_role_that_sees_but_may_not_change(world, scoped, role, reason):
    before = written()
    response = client_for(world.user(role)).patch(detail_url(scoped["a"]), _change(), format="json")
    assert_error(response, 403)
    assert response.json()["detail"] == reason
    assert written() == before


def test_street_officer_changes_a_community_organization_of_its_street(world, scoped):
    response = client_for(world.user("street_officer")).patch(
        detail_url(scoped["c"]), _change(name="积玉桥社区书画协会"), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "filed"


# ------------------------------------------------------------------------ terminate, convert


def _terminate(kind: str = "deregistration", **event: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "event": {
            "occurred_on": "2022-06-01",
            "document_number": "武民注〔2022〕3号",
            "reason": "清算完毕",
            **event,
        },
    }


def test_district_admin_deregisters_then_no_more_changes(world, scoped):
    client = client_for(world.user("district_admin"))
    org = scoped["a"]
    response = client.post(detail_url(org, "terminate"), _terminate(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "deregistered"
    assert response.json()["events"][-1]["kind"] == "deregistration"
    response = client.patch(detail_url(org), _change(), format="json")
    assert_error(response, 403)
    assert response.json()["detail"] == "该组织已注销或撤销，不能再办理变更。"


def test_district_admin_revokes(world, scoped):
    response = client_for(world.user("district_admin")).post(
        detail_url(scoped["b"], "terminate"), _terminate("revocation"), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "revoked"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_terminate(document_number=""), "event.document_number"),
        (_terminate(reason=""), "event.reason"),
        (_terminate("change"), "kind"),
        (_terminate(occurred_on="2099-01-01"), "event.occurred_on"),
    ],
)
def test_terminate_rejects_bad_input(world, scoped, body, field):
    before = written()
    response = client_for(world.user("district_admin")).post(
        detail_url(scoped["a"], "terminate"), body, format="json"
    )
    assert_error(response, 400, field)
    assert written() == before
    scoped["a"].refresh_from_db()
    assert scoped["a"].status == "registered"


def test_terminate_by_auditor_is_403_and_outside_scope_is_404(world, scoped):
    response = client_for(world.user("auditor")).post(
        detail_url(scoped["a"], "terminate"), _terminate(), format="json"
    )
    assert_error(response, 403)
    response = client_for(world.user("other_admin")).post(
        detail_url(scoped["a"], "terminate"), _terminate(), format="json"
    )
    assert_error(response, 404)


def _convert(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "org_type": "social_group",
        "uscc": next_uscc("social_group"),
        "supervisory_unit": world.unit.id,
        "legal_rep_name": "李四",
        "event": {"occurred_on": "2023-01-10", "document_number": "武民登〔2023〕8号"},
    }
    body.update(overrides)
    return body


def test_district_admin_converts_a_community_organization(world, scoped):
    org = scoped["c"]
    response = client_for(world.user("district_admin")).post(
        detail_url(org, "convert"), _convert(world), format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["org_type"]) == ("registered", "social_group")
    assert body["registration_authority"]["id"] == world.bureau.id
    assert [e["kind"] for e in body["events"]] == ["filing", "conversion"]


def test_convert_refusals(world, scoped):
    client = client_for(world.user("street_officer"))
    response = client.post(detail_url(scoped["c"], "convert"), _convert(world), format="json")
    assert_error(response, 403)
    assert response.json()["detail"] == "只有登记管理机关可以办理转为登记。"
    admin = client_for(world.user("district_admin"))
    response = admin.post(
        detail_url(scoped["c"], "convert"),
        _convert(world, uscc=next_uscc("social_service")),
        format="json",
    )
    assert_error(response, 400, "uscc")
    response = admin.post(
        detail_url(scoped["c"], "convert"), _convert(world, org_type="community"), format="json"
    )
    assert_error(response, 400, "org_type")
    scoped["c"].refresh_from_db()
    assert scoped["c"].status == "filed"


# ------------------------------------------------------------------------ contact


def test_organization_account_updates_its_own_contact(world, scoped):
    client = client_for(world.user("organization"))
    response = client.post(
        detail_url(scoped["a"], "contact"),
        {"contact_person": "王五", "contact_email": "wang@example.org"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    scoped["a"].refresh_from_db()
    assert (scoped["a"].contact_person, scoped["a"].contact_email) == ("王五", "wang@example.org")
    assert scoped["a"].contact_phone == ""  # not sent, unchanged
    assert AuditEvent.objects.filter(
        action="organization.contact_update", actor=world.user("organization")
    ).exists()
    assert_error(
        client.post(detail_url(scoped["b"], "contact"), {"contact_person": "x"}, format="json"),
        404,
    )


def test_contact_update_refusals(world, scoped):
    response = client_for(world.user("organization")).post(
        detail_url(scoped["a"], "contact"), {"contact_email": "nope"}, format="json"
    )
    assert_error(response, 400, "contact_email")
    response = client_for(world.user("community_officer")).post(
        detail_url(scoped["a"], "contact"), {"contact_person": "x"}, format="json"
    )
    assert_error(response, 403)
    scoped["a"].refresh_from_db()
    assert scoped["a"].contact_person == ""


# ------------------------------------------------------------------------ service domains


@pytest.mark.parametrize("role", ["district_admin", "public", "expert"])
def test_service_domains_for_any_signed_in_user(world, role):
    response = client_for(world.user(role)).get("/api/v1/service-domains/")
    assert response.status_code == 200
    assert [d["code"] for d in response.json()] == ["culture", "education", "elderly"]
    assert response.json()[0]["name"] == "文化"
