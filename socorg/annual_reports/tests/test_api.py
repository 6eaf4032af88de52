"""The annual-report API over the real stack: each role allowed and denied, bad input per field
with nothing written, the workflow end to end, statistics and the 未参检 list."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.services import annual_report_act
from socorg.audit.models import AuditEvent
from socorg.notifications.models import Notification

from .conftest import GOOD, YEAR, draft, submitted

LIST = "/api/v1/annual-reports/"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The tests run on the real date: move the 2025 deadlines out of the way where they must not bite.
OPEN = {
    "annual_reports": {
        "overrides": [{"year": YEAR, "to_registrar": "2099-12-31", "basis": "测试：延期"}]
    }
}
ACCEPT_LATE = {"annual_reports": {"late_handling": "accept_marked"}}


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def url(report: AnnualReport | int, action: str = "") -> str:
    pk = report if isinstance(report, int) else report.pk
    return f"{LIST}{pk}/" + (f"{action}/" if action else "")


def jsonable(content: dict) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in content.items()}


# --- list and detail ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"积玉桥阳光服务中心", "武昌区书画协会", "积玉桥社区舞蹈队"}),
        ("auditor", {"积玉桥阳光服务中心", "武昌区书画协会", "积玉桥社区舞蹈队"}),
        ("other_admin", {"江岸区邻里服务中心"}),
        ("department_officer", {"积玉桥阳光服务中心"}),
        ("street_officer", {"积玉桥社区舞蹈队"}),
        ("other_street_officer", set()),
    ],
)
def test_list_per_role(world, orgs, accounts, role, expected):
    for key in ("supervised", "direct", "community", "other"):
        draft(getattr(accounts, key), getattr(orgs, key))
    response = client_for(world.user(role)).get(LIST)
    assert response.status_code == 200
    assert {r["organization"]["name"] for r in response.json()["results"]} == expected


def test_organization_lists_its_own(world, orgs, accounts):
    draft(accounts.supervised, orgs.supervised)
    draft(accounts.direct, orgs.direct)
    body = client_for(accounts.direct).get(LIST).json()
    assert [r["organization"]["name"] for r in body["results"]] == ["武昌区书画协会"]
    assert body["results"][0]["shown_state"] in ("draft", "not_filed")


@pytest.mark.parametrize("role", ["expert", "public", "system_admin"])
def test_list_refused_to_roles_without_reports(world, orgs, role):
    response = client_for(world.user(role)).get(LIST)
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色无权查看年度报告。"


def test_list_requires_login(world):
    assert client_for(None).get(LIST).status_code in (401, 403)


def test_list_filters_and_keyset_pages(world, orgs, accounts):
    for year in (2023, 2024):
        draft(accounts.supervised, orgs.supervised, year=year)
    client = client_for(world.user("district_admin"))
    body = client.get(LIST, {"year": 2024}).json()
    assert [r["year"] for r in body["results"]] == [2024]
    first = client.get(LIST, {"page_size": 1}).json()
    assert [r["year"] for r in first["results"]] == [2024]
    second = client.get(first["next"]).json()
    assert [r["year"] for r in second["results"]] == [2023]
    bad = client.get(LIST, {"year": "x"})
    assert bad.status_code == 400 and "year" in bad.json()["errors"]


def test_detail_carries_content_history_and_actions(
    world, orgs, accounts, django_assert_max_num_queries
):
    report = submitted(accounts.supervised, orgs.supervised)
    client = client_for(world.user("department_officer"))
    with django_assert_max_num_queries(12):
        body = client.get(url(report)).json()
    assert body["content"]["income_total"] == "7000.00"
    assert body["content"]["government_purchase_income"] == "2500.00"
    assert body["content"]["fee_reduction"] == "800.00"
    assert [h["kind"] for h in body["history"]] == ["start", "submit"]
    assert body["actions"] == ["pre_approve", "return"]
    assert body["due"]["submission"] == "2026-03-31"
    assert client_for(accounts.supervised).get(url(report)).json()["actions"] == ["withdraw"]


def test_community_detail_shows_the_lighter_content(world, orgs, accounts):
    report = draft(accounts.community, orgs.community)
    content = client_for(accounts.community).get(url(report)).json()["content"]
    assert "income_total" in content and "income_membership_fees" not in content


@pytest.mark.parametrize("role", ["other_admin", "other_street_officer"])
def test_detail_outside_scope_is_not_found(world, orgs, accounts, role):
    report = draft(accounts.direct, orgs.direct)
    assert client_for(world.user(role)).get(url(report)).status_code == 404


# --- create and fill in -------------------------------------------------------------------------


def test_organization_starts_a_prefilled_draft(world, orgs, accounts):
    response = client_for(accounts.supervised).post(LIST, {"year": YEAR}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["year"], body["state"], body["mode"]) == (YEAR, "draft", "inspection")
    assert body["content"]["legal_rep_name"] == "张三"
    assert body["content"]["staff_part_time"] == 5
    assert body["content"]["volunteers"] == 12


def test_community_office_starts_for_its_community_organization(world, orgs):
    client = client_for(world.user("community_officer"))
    response = client.post(LIST, {"year": YEAR, "organization": orgs.community.pk}, format="json")
    assert response.status_code == 201
    denied = client.post(LIST, {"year": YEAR, "organization": orgs.other.pk}, format="json")
    assert denied.status_code == 400
    assert "organization" in denied.json()["errors"]


@pytest.mark.parametrize("role", ["district_admin", "department_officer", "auditor"])
def test_staff_cannot_start_a_report(world, orgs, role):
    response = client_for(world.user(role)).post(
        LIST, {"year": YEAR, "organization": orgs.supervised.pk}, format="json"
    )
    assert response.status_code == 403
    assert CJK.search(response.json()["detail"])
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize(("year", "field"), [(2020, "year"), (2999, "year"), ("abc", "year")])
def test_start_with_a_bad_year(world, orgs, accounts, year, field):
    response = client_for(accounts.supervised).post(LIST, {"year": year}, format="json")
    assert response.status_code == 400
    assert CJK.search(response.json()["errors"][field][0])
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"income_donations": "-1", "income_total": "5999"},
            "income_donations",
            "捐赠收入不能为负数。",
        ),
        ({"volunteers": -1}, "volunteers", "志愿者数不能为负数。"),
        (
            {"income_total": "7100"},
            "income_total",
            "收入合计 7100.00 与各分项之和 7000.00 不一致。",
        ),
        ({"expense_admin": "100"}, "expense_total", "不一致"),
        ({"income_sales": "1.005"}, "income_sales", "2"),
        ({"party_org_form": "cell"}, "party_org_form", "cell"),
        ({"shoe_size": 42}, "shoe_size", "未知的填报项目。"),
    ],
)
def test_bad_content_is_a_field_error_and_nothing_is_written(
    world, orgs, accounts, changes, field, message
):
    report = draft(accounts.supervised, orgs.supervised)
    client = client_for(accounts.supervised)
    events = AuditEvent.objects.count()
    response = client.patch(url(report), changes, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in m for m in errors[field]), errors
    stored = AnnualReport.objects.get(pk=report.pk)
    assert stored.income_total == GOOD["income_total"]
    assert stored.volunteers == GOOD["volunteers"]
    assert AuditEvent.objects.count() == events


def test_patch_saves_only_the_fields_sent(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    response = client_for(accounts.supervised).patch(
        url(report), {"activities": 30, "major_matters": ["换届", "修改章程"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    stored = AnnualReport.objects.get(pk=report.pk)
    assert (stored.activities, stored.major_matters) == (30, ["换届", "修改章程"])
    assert stored.income_total == GOOD["income_total"]


@pytest.mark.parametrize(("role", "status"), [("district_admin", 403), ("other_admin", 404)])
def test_staff_cannot_fill_in_a_report(world, orgs, accounts, role, status):
    report = draft(accounts.supervised, orgs.supervised)
    response = client_for(world.user(role)).patch(url(report), {"activities": 1}, format="json")
    assert response.status_code == status


def test_another_organization_cannot_see_or_fill_in(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    client = client_for(accounts.direct)
    assert client.get(url(report)).status_code == 404
    assert client.patch(url(report), {"activities": 1}, format="json").status_code == 404


# --- submission and review ----------------------------------------------------------------------


@override_settings(POLICY=OPEN)
def test_the_whole_workflow_with_a_supervisory_unit(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    body = client_for(accounts.supervised).post(url(report, "submit")).json()
    assert body["state"] == "awaiting_supervisor" and body["late"] is False
    officer = client_for(world.user("department_officer"))
    body = officer.post(url(report, "act"), {"action": "pre_approve"}, format="json").json()
    assert body["state"] == "awaiting_registrar"
    admin = client_for(world.user("district_admin"))
    missing = admin.post(url(report, "act"), {"action": "conclude_fail"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["note"] == ["“审查结论：不合格”须写明原因或整改要求。"]
    body = admin.post(
        url(report, "act"), {"action": "conclude_fail", "note": "未按章程开展活动"}, format="json"
    ).json()
    assert (body["state"], body["conclusion"]) == ("failed", "fail")
    assert [h["kind"] for h in body["history"]] == [
        "start",
        "submit",
        "pre_approve",
        "conclude_fail",
    ]
    assert Notification.objects.get().recipient_agency == world.unit


@override_settings(POLICY=OPEN)
def test_returned_then_resubmitted_over_the_api(world, orgs, accounts):
    report = draft(accounts.direct, orgs.direct)
    org = client_for(accounts.direct)
    assert org.post(url(report, "submit")).json()["state"] == "awaiting_registrar"
    admin = client_for(world.user("district_admin"))
    body = admin.post(
        url(report, "act"), {"action": "return", "note": "请补充活动情况"}, format="json"
    ).json()
    assert (body["state"], body["returned_notes"]) == ("draft", "请补充活动情况")
    assert org.patch(url(report), {"activities": 20}, format="json").status_code == 200
    assert org.post(url(report, "submit")).json()["state"] == "awaiting_registrar"
    body = admin.post(url(report, "act"), {"action": "conclude_pass"}, format="json").json()
    assert body["conclusion"] == "pass"


def test_late_submission_is_refused_by_default(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised, year=2024)  # due 2025-03-31
    response = client_for(accounts.supervised).post(url(report, "submit"))
    assert response.status_code == 400
    assert "不予受理" in response.json()["errors"]["submitted_on"][0]
    assert AnnualReport.objects.get(pk=report.pk).state == "draft"


@override_settings(POLICY=ACCEPT_LATE)
def test_late_submission_is_marked_when_accepted(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised, year=2024)
    body = client_for(accounts.supervised).post(url(report, "submit")).json()
    assert (body["state"], body["late"]) == ("awaiting_supervisor", True)


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [
        ("org", "conclude_pass", 403),  # an organization cannot review
        ("department_officer", "conclude_pass", 404),  # not its organization: not found
        ("auditor", "conclude_pass", 403),
        ("other_admin", "conclude_pass", 404),  # outside the area: not found
        ("district_admin", "accept", 400),  # 年报 acceptance in 年检 mode
        ("district_admin", "submit", 400),  # submitting is its own endpoint
    ],
)
def test_review_steps_allowed_and_denied(world, orgs, accounts, who, action, status):
    report = submitted(accounts.direct, orgs.direct)
    user = accounts.direct if who == "org" else world.user(who)
    response = client_for(user).post(url(report, "act"), {"action": action}, format="json")
    assert response.status_code == status, response.json()
    assert CJK.search(response.json()["detail"])
    assert AnnualReport.objects.get(pk=report.pk).state == "awaiting_registrar"


def test_supervisory_unit_cannot_conclude(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    officer = client_for(world.user("department_officer"))
    response = officer.post(url(report, "act"), {"action": "pre_approve"}, format="json")
    assert response.status_code == 200
    response = officer.post(url(report, "act"), {"action": "conclude_pass"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "“审查结论：合格”只能由民政局管理员办理。"


@override_settings(POLICY={"annual_reports": {"mode": "report_only", **OPEN["annual_reports"]}})
def test_report_only_mode_over_the_api(world, orgs, accounts):
    report = draft(accounts.direct, orgs.direct)
    client_for(accounts.direct).post(url(report, "submit"))
    body = (
        client_for(world.user("district_admin"))
        .post(url(report, "act"), {"action": "accept"}, format="json")
        .json()
    )
    assert (body["state"], body["conclusion"], body["mode"]) == ("accepted", "", "report_only")


def test_queue_per_role(world, orgs, accounts):
    submitted(accounts.supervised, orgs.supervised)
    submitted(accounts.direct, orgs.direct)
    names = lambda role: {  # noqa: E731
        r["organization"]["name"]
        for r in client_for(world.user(role)).get(LIST, {"queue": "true"}).json()["results"]
    }
    assert names("department_officer") == {"积玉桥阳光服务中心"}
    assert names("district_admin") == {"武昌区书画协会"}
    assert client_for(accounts.direct).get(LIST, {"queue": "true"}).status_code == 403


# --- statistics ---------------------------------------------------------------------------------


def test_statistics_for_the_district(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    annual_report_act(actor=world.user("department_officer"), report=report, action="pre_approve")
    annual_report_act(actor=world.user("district_admin"), report=report, action="conclude_pass")
    body = client_for(world.user("district_admin")).get(f"{LIST}statistics/", {"year": YEAR}).json()
    assert (body["total"]["required"], body["total"]["filed"], body["total"]["passed"]) == (3, 1, 1)
    assert body["total"]["rate"] == "0.3333"
    assert {row["key"] for row in body["by_type"]} == {
        "social_service",
        "social_group",
        "community",
    }
    assert [row["label"] for row in body["by_street"]] == ["积玉桥街道"]


@pytest.mark.parametrize("role", ["expert", "public"])
def test_statistics_refused_to_roles_without_them(world, role):
    response = client_for(world.user(role)).get(f"{LIST}statistics/", {"year": YEAR})
    assert response.status_code == 403


def test_statistics_refused_to_an_organization(world, orgs, accounts):
    response = client_for(accounts.direct).get(f"{LIST}statistics/", {"year": YEAR})
    assert response.status_code == 403


def test_statistics_need_a_year(world):
    response = client_for(world.user("district_admin")).get(f"{LIST}statistics/")
    assert response.status_code == 400 and "year" in response.json()["errors"]


def test_trend(world, orgs):
    rows = client_for(world.user("district_admin")).get(f"{LIST}trend/").json()
    assert len(rows) == 5 and rows[0]["required"] == 3


def test_missed_list(world, orgs, accounts):
    submitted(accounts.supervised, orgs.supervised)
    body = client_for(world.user("district_admin")).get(f"{LIST}missed/", {"year": YEAR}).json()
    assert {r["name"] for r in body["results"]} == {"武昌区书画协会", "积玉桥社区舞蹈队"}
    assert {r["due_on"] for r in body["results"]} == {"2026-05-31", "2026-03-31"}
    officer = client_for(world.user("department_officer")).get(f"{LIST}missed/", {"year": YEAR})
    assert officer.json()["results"] == []
