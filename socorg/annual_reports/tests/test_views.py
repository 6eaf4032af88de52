"""The annual-report pages over the real stack: the organization fills in and submits, officers
review from their queues, staff read the statistics; each role allowed and denied."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.services import annual_report_act

from .conftest import GOOD, YEAR, draft, submitted

LIST = reverse("annual_reports:report_list")
QUEUE = reverse("annual_reports:report_queue")
START = reverse("annual_reports:report_start")
STATISTICS = reverse("annual_reports:report_statistics")
MISSED = reverse("annual_reports:missed_list")
OPEN = {
    "annual_reports": {
        "overrides": [{"year": YEAR, "to_registrar": "2099-12-31", "basis": "测试：延期"}]
    }
}


def page(name: str, report: AnnualReport) -> str:
    return reverse(f"annual_reports:{name}", args=[report.pk])


def as_user(client, user):
    client.force_login(user)
    return client


def form_data(content: dict) -> dict:
    data = {}
    for key, value in content.items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list):
            data[key] = "\n".join(value)
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)
    return data


# --- the organization ---------------------------------------------------------------------------


def test_organization_home_lists_years_to_file_and_starts_a_report(client, world, orgs, accounts):
    as_user(client, accounts.supervised)
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "以下年度应报送而尚未填报" in text
    assert "开始填报" in text
    response = client.post(START, {"year": YEAR})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == page("report_edit", report)
    assert (report.organization, report.year) == (orgs.supervised, YEAR)


def test_starting_twice_shows_the_reason(client, world, orgs, accounts):
    draft(accounts.supervised, orgs.supervised)
    response = as_user(client, accounts.supervised).post(START, {"year": YEAR}, follow=True)
    assert "2025 年度报告已存在" in response.content.decode()
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize("role", ["district_admin", "department_officer", "expert"])
def test_others_cannot_start(client, world, orgs, role):
    response = as_user(client, world.user(role)).post(START, {"year": YEAR})
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_edit_form_is_prefilled_in_sections(client, world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    response = as_user(client, accounts.supervised).get(page("report_edit", report))
    assert response.status_code == 200
    text = response.content.decode()
    for section in ("业务活动表 · 收入", "资产负债表", "党建", "内部治理", "重大事项与附件"):
        assert section in text
    assert "其中：政府购买服务收入" in text and "会费减免金额" in text
    assert response.context["form"].initial["income_total"] == Decimal("7000.00")


def test_community_form_has_fewer_fields(client, world, orgs, accounts):
    report = draft(accounts.community, orgs.community)
    form = as_user(client, accounts.community).get(page("report_edit", report)).context["form"]
    assert "income_total" in form.fields
    assert "income_membership_fees" not in form.fields
    assert "council_meetings" not in form.fields


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"fee_reduction": "-10"}, "fee_reduction", "会费减免金额不能为负数。"),
        ({"staff_full_time": "-1"}, "staff_full_time", "专职工作人员数不能为负数。"),
        ({"income_total": "9999"}, "income_total", "与各分项之和"),
        ({"income_total": ""}, "income_total", "该字段是必填项。"),
    ],
)
def test_bad_form_shows_the_field_error_and_writes_nothing(
    client, world, orgs, accounts, changes, field, message
):
    report = draft(accounts.supervised, orgs.supervised)
    data = {**form_data(GOOD), **changes}
    response = as_user(client, accounts.supervised).post(page("report_edit", report), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in m for m in errors[field]), errors
    assert "提交未成功" in response.content.decode()
    stored = AnnualReport.objects.get(pk=report.pk)
    assert (stored.income_total, stored.fee_reduction) == (
        GOOD["income_total"],
        GOOD["fee_reduction"],
    )


def test_save_draft(client, world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    data = {**form_data(GOOD), "activities": "40", "major_matters": "换届\n\n修改章程\n"}
    response = as_user(client, accounts.supervised).post(page("report_edit", report), data)
    assert response.status_code == 302
    stored = AnnualReport.objects.get(pk=report.pk)
    assert (stored.activities, stored.major_matters, stored.state) == (
        40,
        ["换届", "修改章程"],
        "draft",
    )


@override_settings(POLICY=OPEN)
def test_save_and_submit(client, world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    data = {**form_data(GOOD), "submit": "1"}
    response = as_user(client, accounts.supervised).post(
        page("report_edit", report), data, follow=True
    )
    assert "已提交 2025 年度报告。" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).state == "awaiting_supervisor"


def test_submit_after_the_deadline_is_refused_with_the_reason(client, world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised, year=2024)
    data = {**form_data(GOOD), "submit": "1"}
    response = as_user(client, accounts.supervised).post(
        page("report_edit", report), data, follow=True
    )
    text = response.content.decode()
    assert "草稿已保存，但未能提交" in text and "不予受理" in text
    assert AnnualReport.objects.get(pk=report.pk).state == "draft"


def test_a_submitted_report_cannot_be_edited(client, world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    response = as_user(client, accounts.supervised).get(page("report_edit", report))
    assert response.status_code == 403


# --- review -------------------------------------------------------------------------------------


def test_detail_shows_history_and_the_reviewers_buttons(client, world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    response = as_user(client, world.user("department_officer")).get(page("report_detail", report))
    assert response.status_code == 200
    text = response.content.decode()
    assert "办理记录" in text and "开始填报" in text
    assert [s.action for s in response.context["steps"]] == ["pre_approve", "return"]
    assert "7,000.00" in text  # 收入合计
    own = as_user(client, accounts.supervised).get(page("report_detail", report))
    assert [s.action for s in own.context["steps"]] == ["withdraw"]


def test_reviewer_acts_from_the_detail_page(client, world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    officer = as_user(client, world.user("department_officer"))
    response = officer.post(page("report_act", report), {"action": "return"}, follow=True)
    assert "须写明原因或整改要求" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).state == "awaiting_supervisor"
    response = officer.post(
        page("report_act", report), {"action": "pre_approve", "note": "同意"}, follow=True
    )
    assert "已办理：初审同意。" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).state == "awaiting_registrar"


def test_organization_cannot_review_from_the_page(client, world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    response = as_user(client, accounts.direct).post(
        page("report_act", report), {"action": "conclude_pass"}
    )
    assert response.status_code == 403
    assert AnnualReport.objects.get(pk=report.pk).state == "awaiting_registrar"


@pytest.mark.parametrize("role", ["other_admin", "other_street_officer"])
def test_outside_scope_is_not_found(client, world, orgs, accounts, role):
    report = submitted(accounts.direct, orgs.direct)
    user = world.user(role)
    assert as_user(client, user).get(page("report_detail", report)).status_code == 404
    response = client.post(page("report_act", report), {"action": "conclude_pass"})
    assert response.status_code == 404


def test_auditor_reads_but_cannot_act(client, world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    auditor = as_user(client, world.user("auditor"))
    response = auditor.get(page("report_detail", report))
    assert response.status_code == 200 and response.context["steps"] == []
    assert auditor.post(page("report_act", report), {"action": "conclude_pass"}).status_code == 403


# --- lists, queue, statistics -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"积玉桥阳光服务中心", "武昌区书画协会", "积玉桥社区舞蹈队"}),
        ("department_officer", {"积玉桥阳光服务中心"}),
        ("street_officer", {"积玉桥社区舞蹈队"}),
        ("other_admin", {"江岸区邻里服务中心"}),
    ],
)
def test_staff_list_per_role(client, world, orgs, accounts, role, expected):
    for key in ("supervised", "direct", "community", "other"):
        draft(getattr(accounts, key), getattr(orgs, key))
    response = as_user(client, world.user(role)).get(LIST)
    assert response.status_code == 200
    assert {r.organization.name for r, _state in response.context["rows"]} == expected


@pytest.mark.parametrize("role", ["expert", "public", "system_admin"])
def test_list_refused(client, world, role):
    assert as_user(client, world.user(role)).get(LIST).status_code == 403


def test_list_query_count_does_not_grow_with_rows(
    client, world, orgs, accounts, django_assert_max_num_queries
):
    for year in (2022, 2023, 2024, 2025):
        draft(accounts.supervised, orgs.supervised, year=year)
    as_user(client, world.user("district_admin"))
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 4


def test_queue_page(client, world, orgs, accounts):
    submitted(accounts.direct, orgs.direct)
    response = as_user(client, world.user("district_admin")).get(QUEUE)
    assert [r.organization.name for r, _s in response.context["rows"]] == ["武昌区书画协会"]
    assert as_user(client, accounts.direct).get(QUEUE).status_code == 403
    assert as_user(client, world.user("auditor")).get(QUEUE).status_code == 403


def test_statistics_page(client, world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    annual_report_act(actor=world.user("district_admin"), report=report, action="conclude_pass")
    response = as_user(client, world.user("district_admin")).get(STATISTICS, {"year": YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert "33.33%" in text  # 1 of 3 required in the district
    assert "积玉桥街道" in text and "社会团体" in text
    assert response.context["stats"].total.passed == 1


@pytest.mark.parametrize("role", ["expert", "public"])
def test_statistics_page_refused(client, world, role):
    assert as_user(client, world.user(role)).get(STATISTICS).status_code == 403


def test_statistics_page_refused_to_an_organization(client, world, orgs, accounts):
    assert as_user(client, accounts.direct).get(STATISTICS).status_code == 403


def test_missed_page(client, world, orgs, accounts):
    submitted(accounts.supervised, orgs.supervised)
    response = as_user(client, world.user("district_admin")).get(MISSED, {"year": YEAR})
    assert response.status_code == 200
    assert {o.name for o, _due in response.context["rows"]} == {
        "武昌区书画协会",
        "积玉桥社区舞蹈队",
    }
    assert as_user(client, accounts.direct).get(MISSED).status_code == 403
