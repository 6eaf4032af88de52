"""The credit pages over the real stack: who sees which list, who may record, objections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from socorg.accounts.models import User
from socorg.credit import services
from socorg.credit.models import (
    AdministrativePenalty,
    CreditEntry,
    CreditStatus,
    Objection,
    RectificationNotice,
    RemovalApplication,
)
from socorg.registry.services import organization_member_link
from tests.world import World, register

AGO = dt.date.today() - dt.timedelta(days=30)
LIST = reverse("credit:list")


def org_account(world: World, org: Any) -> User:
    user = User.objects.create_user(username=f"org{org.pk}", password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return user


def warn(world: World, org: Any) -> AdministrativePenalty:
    return services.penalty_record(
        actor=world.user("district_admin"),
        organization=org,
        kind="warning",
        decided_on=AGO,
        document_number=f"武民罚〔2026〕{org.pk}号",
        authority=world.bureau,
    )


@pytest.fixture
def orgs(world):
    """a: first street; b: second street; c: a community organization of the first street;
    d: first street, supervised by the other unit. a, b, c are listed."""
    a = register(world, name="积玉桥阳光服务中心")
    b = register(world, name="杨园教育发展中心", street=world.streets[1])
    c = register(world, name="积玉桥社区舞蹈队", org_type="community")
    d = register(world, name="积玉桥文化促进中心", supervisory_unit=world.other_unit)
    for org in (a, b, c):
        warn(world, org)
    return a, b, c, d


def listed(response) -> set[str]:
    return {status.organization.name for status in response.context["page"].items}


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_the_district_sees_every_listed_organization_and_filters_them(client, world, orgs):
    a, b, c, _d = orgs
    admin = world.user("district_admin")
    assert listed(page(client, admin, LIST)) == {a.name, b.name, c.name}
    assert listed(page(client, admin, LIST, street=world.streets[1].pk)) == {b.name}
    assert listed(page(client, admin, LIST, org_type="community")) == {c.name}
    assert listed(page(client, admin, LIST, list_kind="serious")) == set()
    response = page(client, admin, LIST)
    assert response.context["counts"] == {"abnormal": 3, "serious": 0}
    assert "积玉桥阳光服务中心" in response.content.decode()


def test_a_street_officer_sees_only_its_street(client, world, orgs):
    a, b, c, _d = orgs
    assert listed(page(client, world.user("street_officer"), LIST)) == {a.name, c.name}
    # Another street is not a choice: the filter is refused and the scope stays the officer's.
    response = page(client, world.user("street_officer"), LIST, street=world.streets[1].pk)
    assert "street" in response.context["form"].errors
    assert b.name not in listed(response)


@pytest.mark.parametrize("role", ["public", "expert", "system_admin"])
def test_roles_without_the_lists_are_refused(client, world, orgs, role):
    assert page(client, world.user(role), LIST).status_code == 403


def test_an_organization_account_sees_only_its_own_history(client, world, orgs):
    a, b, _c, _d = orgs
    account = org_account(world, a)
    assert page(client, account, LIST).status_code == 403
    response = page(client, account, reverse("credit:mine"))
    assert response.status_code == 302
    assert response.url == reverse("credit:organization", args=[a.pk])
    response = page(client, account, reverse("credit:organization", args=[a.pk]))
    assert response.status_code == 200
    assert response.context["facts"] is None  # internal records stay with the officers
    (entry,) = response.context["entries"]
    body = response.content.decode()
    assert entry.explanation in body and "第60号" in body
    assert reverse("credit:objection_file", args=[entry.pk]) in body
    assert page(client, account, reverse("credit:organization", args=[b.pk])).status_code == 404


def test_officer_history_page_shows_facts_and_the_actions_allowed(client, world, orgs):
    a = orgs[0]
    response = page(
        client, world.user("district_admin"), reverse("credit:organization", args=[a.pk])
    )
    assert response.status_code == 200
    assert [fact for fact, _label in response.context["record_actions"]] == [
        "penalty",
        "court",
        "notice",
        "letter",
        "trigger",
    ]
    assert len(response.context["facts"]["penalties"]) == 1
    officer = page(
        client, world.user("department_officer"), reverse("credit:organization", args=[a.pk])
    )
    assert [fact for fact, _label in officer.context["record_actions"]] == ["penalty", "trigger"]
    auditor = page(client, world.user("auditor"), reverse("credit:organization", args=[a.pk]))
    assert auditor.context["record_actions"] == []


def penalty_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "fine",
        "fine_amount": "60000",
        "decided_on": AGO.isoformat(),
        "document_number": "武教罚〔2026〕7号",
        "authority_name": "武昌区教育局",
    }
    data.update(overrides)
    return data


def test_a_department_officer_records_a_penalty_for_a_supervised_organization(client, world, orgs):
    a, _b, _c, d = orgs
    officer = world.user("department_officer")
    url = reverse("credit:record", args=["penalty"])
    assert page(client, officer, url, organization=a.pk).status_code == 200
    response = client.post(f"{url}?organization={a.pk}", penalty_form())
    assert response.status_code == 302
    assert CreditStatus.objects.get(organization=a).list_kind == "serious"
    # An organization the unit does not supervise is not even visible to it.
    assert client.post(f"{url}?organization={d.pk}", penalty_form()).status_code == 404


def test_a_bad_penalty_form_shows_the_error_and_writes_nothing(client, world, orgs):
    a = orgs[0]
    client.force_login(world.user("district_admin"))
    before = AdministrativePenalty.objects.count()
    url = reverse("credit:record", args=["penalty"]) + f"?organization={a.pk}"
    response = client.post(url, penalty_form(fine_amount="-10"))
    assert response.status_code == 200
    assert "罚款金额不能为负数" in " ".join(response.context["form"].errors["fine_amount"])
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, penalty_form(decided_on=future))
    assert "不能晚于今天" in " ".join(response.context["form"].errors["decided_on"])
    assert AdministrativePenalty.objects.count() == before


def test_a_community_officer_may_not_record(client, world, orgs):
    c = orgs[2]
    response = page(
        client,
        world.user("community_officer"),
        reverse("credit:record", args=["penalty"]),
        organization=c.pk,
    )
    assert response.status_code == 403


def test_objection_filed_on_the_page_and_upheld_by_the_bureau(client, world, orgs):
    a = orgs[0]
    entry = CreditEntry.objects.get(organization=a)
    client.force_login(org_account(world, a))
    url = reverse("credit:objection_file", args=[entry.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not Objection.objects.exists()
    assert client.post(url, {"reason": "处罚已被撤销"}).status_code == 302
    objection = Objection.objects.get()
    client.force_login(world.user("district_admin"))
    assert objection.reason in client.get(reverse("credit:objection_list")).content.decode()
    resolve = reverse("credit:objection_resolve", args=[objection.pk])
    response = client.post(resolve, {"upheld": "1", "resolution": "经核实处罚已撤销"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_withdrawn
    assert CreditStatus.objects.get(organization=a).list_kind == "normal"
    client.force_login(world.user("department_officer"))
    assert client.get(resolve).status_code == 403


def test_removal_application_filed_and_examined_on_the_pages(client, world, orgs):
    a = orgs[0]
    services.trigger_fact_record(
        actor=world.user("district_admin"),
        organization=a,
        code="A2",
        decided_on=AGO + dt.timedelta(days=1),
        document_number="武民认〔2026〕3号",
        authority=world.bureau,
        description="未设立党组织",
    )
    client.force_login(org_account(world, a))
    url = reverse("credit:application_file", args=[a.pk])
    response = client.post(
        url, {"list_kind": "abnormal", "statement": "已设立", "evidence": "批复"}
    )
    assert response.status_code == 302
    application = RemovalApplication.objects.get()
    client.force_login(world.user("district_admin"))
    response = client.post(
        reverse("credit:application_examine", args=[application.pk]),
        {"approve": "1", "decision": "经查实已设立党支部"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "approved"


def test_notice_verified_on_its_page_needs_evidence(client, world, orgs):
    d = orgs[3]
    notice = services.rectification_notice_record(
        actor=world.user("district_admin"),
        organization=d,
        issued_on=AGO,
        deadline=AGO + dt.timedelta(days=10),
        document_number="武民整〔2026〕1号",
        content="完善制度",
    )
    client.force_login(world.user("district_admin"))
    url = reverse("credit:notice_verify", args=[notice.pk])
    rectified = (AGO + dt.timedelta(days=5)).isoformat()
    assert client.post(url, {"rectified_on": rectified, "evidence": ""}).status_code == 200
    assert client.post(url, {"rectified_on": rectified, "evidence": "现场核查"}).status_code == 302
    notice.refresh_from_db()
    assert notice.verified_on == dt.date.today()
    assert not CreditStatus.objects.filter(organization=d, list_kind="abnormal").exists()
    assert RectificationNotice.objects.count() == 1


def test_voiding_on_its_page(client, world, orgs):
    a = orgs[0]
    fact = AdministrativePenalty.objects.get(organization=a)
    client.force_login(world.user("auditor"))
    url = reverse("credit:fact_void", args=["penalty", fact.pk])
    assert client.get(url).status_code == 403
    client.force_login(world.user("district_admin"))
    assert client.post(url, {"reason": "录入错误"}).status_code == 302
    assert CreditStatus.objects.get(organization=a).list_kind == "normal"
