"""The credit API over the real stack: recording, scope per role, objections, the public lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from socorg.accounts.models import User
from socorg.credit import services
from socorg.credit.models import AdministrativePenalty, CreditEntry, CreditStatus, Objection
from socorg.registry.services import organization_member_link
from tests.world import World, register

TODAY = dt.date.today()
AGO = TODAY - dt.timedelta(days=30)


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def org_account(world: World, org: Any) -> User:
    user = User.objects.create_user(username=f"org{org.pk}", password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


def warn(world: World, org: Any, *, on: dt.date = AGO, actor: Any = None) -> AdministrativePenalty:
    return services.penalty_record(
        actor=actor or world.user("district_admin"),
        organization=org,
        kind="warning",
        decided_on=on,
        document_number=f"武民罚〔{on.year}〕{org.pk}号",
        authority=world.bureau,
    )


@pytest.fixture
def orgs(world):
    """a: first street; b: second street (both supervised by the education bureau); c: first
    street, supervised by the other unit; all listed (a warning each)."""
    a = register(world, name="积玉桥阳光服务中心")
    b = register(world, name="杨园教育发展中心", street=world.streets[1])
    c = register(world, name="积玉桥文化促进中心", supervisory_unit=world.other_unit)
    for org in (a, b, c):
        warn(world, org)
    return a, b, c


def penalty_body(org: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "organization": org.pk,
        "kind": "fine",
        "fine_amount": "60000",
        "decided_on": AGO.isoformat(),
        "document_number": "武教罚〔2026〕1号",
    }
    body.update(overrides)
    return body


def test_department_officer_records_a_penalty_over_the_api(world, orgs):
    a, _b, c = orgs
    client = client_for(world.user("department_officer"))
    response = client.post(
        "/api/v1/credit/penalties/", penalty_body(a, authority=world.unit.pk), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["fact"] == "penalty"
    assert CreditStatus.objects.get(organization=a).list_kind == "serious"
    # Not supervised: not visible by id, and refused by USCC unless it is the deciding department.
    assert (
        client.post("/api/v1/credit/penalties/", penalty_body(c), format="json").status_code == 404
    )
    by_code = penalty_body(c, uscc=c.uscc, authority=world.other_unit.pk)
    by_code.pop("organization")
    assert client.post("/api/v1/credit/penalties/", by_code, format="json").status_code == 403
    by_code["authority"] = world.unit.pk
    assert client.post("/api/v1/credit/penalties/", by_code, format="json").status_code == 201


def test_bad_penalty_is_a_400_naming_the_field_and_writes_nothing(world, orgs):
    a = orgs[0]
    before = AdministrativePenalty.objects.count()
    response = client_for(world.user("district_admin")).post(
        "/api/v1/credit/penalties/",
        penalty_body(a, fine_amount="-5", authority=world.bureau.pk),
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "fine_amount" in body["errors"] and "负数" in body["detail"]
    assert AdministrativePenalty.objects.count() == before


def test_verification_without_evidence_is_refused(world, orgs):
    response = client_for(world.user("district_admin")).post(
        "/api/v1/credit/verifications/", {"organization": orgs[0].pk, "evidence": ""}, format="json"
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["errors"]


def names(response) -> set[str]:
    return {row["organization"]["name"] for row in response.json()["results"]}


def test_the_lists_are_scoped_by_role(world, orgs):
    a, b, c = orgs
    assert names(client_for(world.user("district_admin")).get("/api/v1/credit/lists/")) == {
        a.name,
        b.name,
        c.name,
    }
    assert names(client_for(world.user("street_officer")).get("/api/v1/credit/lists/")) == {
        a.name,
        c.name,
    }
    # The education bureau supervises a and b, not c.
    assert names(client_for(world.user("department_officer")).get("/api/v1/credit/lists/")) == {
        a.name,
        b.name,
    }
    assert client_for(org_account(world, a)).get("/api/v1/credit/lists/").status_code == 403
    assert client_for(world.user("public")).get("/api/v1/credit/lists/").status_code == 403
    assert client_for(None).get("/api/v1/credit/lists/").status_code in (401, 403)


def test_an_organization_reads_only_its_own_history(world, orgs):
    a, b, _c = orgs
    client = client_for(org_account(world, a))
    response = client.get(f"/api/v1/credit/organizations/{a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"]["list_kind"] == "abnormal"
    (entry,) = body["entries"]
    assert entry["code"] == "A5" and "第60号" in entry["citation"] and entry["explanation"]
    assert client.get(f"/api/v1/credit/organizations/{b.pk}/").status_code == 404


def test_objection_filed_by_the_organization_and_upheld_by_the_bureau(world, orgs):
    a = orgs[0]
    entry = CreditEntry.objects.get(organization=a)
    account = org_account(world, a)
    filed = client_for(account).post(
        "/api/v1/credit/objections/",
        {"entry": entry.pk, "reason": "处罚已撤销", "evidence": "复议决定书"},
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    objection_id = filed.json()["id"]
    assert client_for(account).get("/api/v1/credit/objections/").json()["results"][0]["id"] == (
        objection_id
    )
    refused = client_for(account).post(
        f"/api/v1/credit/objections/{objection_id}/resolve/",
        {"upheld": True, "resolution": "自己说成立"},
        format="json",
    )
    assert refused.status_code == 403
    resolved = client_for(world.user("district_admin")).post(
        f"/api/v1/credit/objections/{objection_id}/resolve/",
        {"upheld": True, "resolution": "经核实处罚已撤销"},
        format="json",
    )
    assert resolved.status_code == 200
    assert Objection.objects.get(pk=objection_id).state == "upheld"
    assert CreditStatus.objects.get(organization=a).list_kind == "normal"


def test_removal_application_over_the_api(world, orgs):
    a = register(world, name="积玉桥党建示范中心")
    services.trigger_fact_record(
        actor=world.user("district_admin"),
        organization=a,
        code="A2",
        decided_on=AGO,
        document_number="武民认〔2026〕2号",
        authority=world.bureau,
        description="未按规定设立党组织",
    )
    account = org_account(world, a)
    no_evidence = client_for(account).post(
        "/api/v1/credit/removal-applications/",
        {"organization": a.pk, "list_kind": "abnormal", "statement": "已整改"},
        format="json",
    )
    assert no_evidence.status_code == 400
    assert "evidence" in no_evidence.json()["errors"]
    filed = client_for(account).post(
        "/api/v1/credit/removal-applications/",
        {"organization": a.pk, "list_kind": "abnormal", "statement": "已整改", "evidence": "材料"},
        format="json",
    )
    assert filed.status_code == 201
    examined = client_for(world.user("district_admin")).post(
        f"/api/v1/credit/removal-applications/{filed.json()['id']}/examine/",
        {"approve": True, "decision": "经查实已整改"},
        format="json",
    )
    assert examined.status_code == 200 and examined.json()["state"] == "approved"
    assert CreditStatus.objects.get(organization=a).list_kind == "normal"


PUBLIC_FIELDS = {
    "list_kind",
    "list_label",
    "name",
    "uscc",
    "listed_on",
    "reason_code",
    "reason_label",
    "authority",
    "removed_on",
    "removal_code",
    "removal_label",
}


def test_the_public_lists_show_only_published_fields_without_login(world, orgs):
    _a, b, _c = orgs
    services.penalty_record(
        actor=world.user("district_admin"),
        organization=b,
        kind="fine",
        fine_amount=60000,
        decided_on=AGO + dt.timedelta(days=1),
        document_number="武民罚〔2026〕99号",
        authority=world.bureau,
    )
    client = APIClient()
    response = client.get("/api/v1/public/credit-lists/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 2 and body["next"]
    for row in body["results"]:
        assert set(row) == PUBLIC_FIELDS
    serious = client.get("/api/v1/public/credit-lists/", {"list_kind": "serious"}).json()
    (row,) = serious["results"]
    assert (row["name"], row["reason_code"], row["uscc"]) == (b.name, "S4", b.uscc)
    current = client.get(
        "/api/v1/public/credit-lists/", {"list_kind": "abnormal", "current": "true"}
    ).json()
    # b moved from the abnormal list to the serious list: its abnormal listing has ended.
    assert b.name not in {r["name"] for r in current["results"]}
    ended = client.get("/api/v1/public/credit-lists/", {"list_kind": "abnormal"}).json()
    moved = next(r for r in ended["results"] if r["name"] == b.name)
    assert moved["removal_code"] == "S4" and "严重违法失信名单" in moved["removal_label"]
    assert "evidence" not in str(body) and "explanation" not in str(body)


def test_a_withdrawn_listing_is_not_published(world, orgs):
    a = orgs[0]
    fact = AdministrativePenalty.objects.get(organization=a)
    services.credit_fact_void(actor=world.user("district_admin"), fact=fact, reason="录入错误")
    names_ = {r["name"] for r in APIClient().get("/api/v1/public/credit-lists/").json()["results"]}
    assert a.name not in names_


def test_void_over_the_api_needs_a_reason(world, orgs):
    fact = AdministrativePenalty.objects.get(organization=orgs[0])
    client = client_for(world.user("district_admin"))
    url = f"/api/v1/credit/facts/penalty/{fact.pk}/void/"
    assert client.post(url, {"reason": ""}, format="json").status_code == 400
    assert client.post(url, {"reason": "录入错误"}, format="json").status_code == 200
    assert client_for(world.user("auditor")).post(
        url, {"reason": "x"}, format="json"
    ).status_code in (
        400,
        403,
    )
