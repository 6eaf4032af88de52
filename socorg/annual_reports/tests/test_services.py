"""Annual-report use cases over the real models: prefill, validation, deadlines, the workflow on
every route, scope and roles, and the notification of a 不合格 conclusion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from socorg.annual_reports.models import AnnualReport, AnnualReportAction
from socorg.annual_reports.policy import get_policy, policy_from
from socorg.annual_reports.rules import LateHandling, Mode
from socorg.annual_reports.services import (
    annual_report_act,
    annual_report_save,
    annual_report_start,
    annual_report_submit,
)
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.notifications.models import Notification
from socorg.registry.services import EventInput, organization_terminate

from .conftest import GOOD, ON_TIME, YEAR, D, draft, submitted

ACCEPT_LATE = {"annual_reports": {"late_handling": "accept_marked"}}
REPORT_ONLY = {"annual_reports": {"mode": "report_only"}}


def reload(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.get(pk=report.pk)


def history(report: AnnualReport) -> list[tuple[str, str, str]]:
    return list(
        AnnualReportAction.objects.filter(report=report)
        .order_by("id")
        .values_list("kind", "state_before", "state_after")
    )


# --- policy -------------------------------------------------------------------------------------


def test_policy_defaults_and_overrides_from_settings():
    assert get_policy().late_handling == LateHandling.REFUSE
    with override_settings(
        POLICY={
            "annual_reports": {
                "mode": "report_only",
                "late_handling": "accept_marked",
                "deadlines": {"social_group": {"to_registrar": "06-30"}},
                "overrides": [{"year": 2019, "to_registrar": "2020-08-31", "basis": "延期"}],
                "community": {"due": "04-30"},
                "audit_report_types": ["foundation", "social_group"],
                "amount_tolerance": "0.01",
            }
        }
    ):
        policy = get_policy()
    assert policy.mode == Mode.REPORT_ONLY
    assert policy.late_handling == LateHandling.ACCEPT_MARKED
    assert policy.deadlines["social_group"].to_registrar == (6, 30)
    assert policy.deadlines["social_group"].to_supervisor == (3, 31)  # untouched
    assert policy.overrides[0].to_registrar == D(2020, 8, 31)
    assert policy.community.due == (4, 30)
    assert policy.amount_tolerance == Decimal("0.01")


@pytest.mark.parametrize(
    "config",
    [
        {"moed": "report_only"},
        {"mode": "annual"},
        {"deadlines": {"social_group": {"to_registrar": "02-30"}}},
        {"overrides": [{"year": 2019}]},
        {"party_min_members": 0},
        {"amount_tolerance": "-1"},
    ],
)
def test_policy_misconfiguration_is_refused(config):
    with pytest.raises(ImproperlyConfigured):
        policy_from(config)


# --- start and prefill --------------------------------------------------------------------------


def test_start_prefills_from_the_register(world, orgs, accounts):
    report = annual_report_start(
        actor=accounts.supervised, organization=orgs.supervised, year=YEAR, today=ON_TIME
    )
    assert report.state == AnnualReport.State.DRAFT
    assert report.mode == Mode.INSPECTION
    assert (report.legal_rep_name, report.domicile) == ("张三", "和平大道1号")
    assert (report.staff_full_time, report.staff_part_time, report.volunteers) == (2, 5, 12)
    assert history(report) == [("start", "", "draft")]
    event = AuditEvent.objects.get(action="annual_report.start")
    assert event.actor_id == accounts.supervised.pk and event.object_id == str(report.pk)


def test_start_carries_last_years_party_block_and_balance_sheet(world, orgs, accounts):
    draft(accounts.supervised, orgs.supervised, year=2024)
    report = annual_report_start(
        actor=accounts.supervised, organization=orgs.supervised, year=2025, today=ON_TIME
    )
    assert (report.has_party_org, report.party_org_form, report.party_members) == (
        True,
        "joint",
        2,
    )
    assert (report.assets_total, report.net_assets) == (Decimal("10000.00"), Decimal("7000.00"))
    assert report.income_total == 0  # a year's flows are never carried over
    assert report.major_matters == []


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2026, "已结束的年度"),  # the year is not over on 2026-03-01
        (1999, "已结束的年度"),
        (2020, "晚于 2020-06-30"),  # registered 2021-03-01: nothing to file on 2020
    ],
)
def test_start_refuses_a_year_it_cannot_file(world, orgs, accounts, year, message):
    with pytest.raises(ApplicationError) as exc:
        annual_report_start(
            actor=accounts.supervised, organization=orgs.supervised, year=year, today=ON_TIME
        )
    assert message in exc.value.errors["year"][0]
    assert not AnnualReport.objects.exists()


def test_start_twice_is_refused(world, orgs, accounts):
    draft(accounts.supervised, orgs.supervised)
    with pytest.raises(ApplicationError) as exc:
        annual_report_start(
            actor=accounts.supervised, organization=orgs.supervised, year=YEAR, today=ON_TIME
        )
    assert exc.value.errors["year"] == ["2025 年度报告已存在，请在原报告上继续填报。"]


@pytest.mark.parametrize(
    "role", ["district_admin", "department_officer", "street_officer", "auditor", "public"]
)
def test_only_the_organization_starts_its_report(world, orgs, role):
    with pytest.raises(PermissionDenied):
        annual_report_start(
            actor=world.user(role), organization=orgs.supervised, year=YEAR, today=ON_TIME
        )


def test_an_organization_cannot_start_another_ones_report(world, orgs, accounts):
    with pytest.raises(PermissionDenied) as exc:
        annual_report_start(
            actor=accounts.direct, organization=orgs.supervised, year=YEAR, today=ON_TIME
        )
    assert exc.value.message == "只能查看本组织的年度报告。"


def test_community_office_may_file_for_its_community_organization(world, orgs):
    report = annual_report_start(
        actor=world.user("community_officer"),
        organization=orgs.community,
        year=YEAR,
        today=ON_TIME,
    )
    assert report.pk
    with pytest.raises(PermissionDenied):
        annual_report_start(
            actor=world.user("community_officer"),
            organization=orgs.supervised,
            year=YEAR,
            today=ON_TIME,
        )


def test_a_deregistered_organization_cannot_start(world, orgs, accounts):
    organization_terminate(
        actor=world.user("district_admin"),
        organization=orgs.supervised,
        kind="deregistration",
        event=EventInput(
            occurred_on=D(2026, 1, 5), document_number="武民注〔2026〕1号", reason="自行解散"
        ),
    )
    with pytest.raises(PermissionDenied) as exc:
        annual_report_start(
            actor=accounts.supervised, organization=orgs.supervised, year=YEAR, today=ON_TIME
        )
    assert "已注销或撤销" in exc.value.message


# --- save: validation per field, nothing written ------------------------------------------------


def test_save_writes_the_content_and_audits_the_change(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    stored = reload(report)
    assert stored.income_total == Decimal("7000.00")
    assert stored.government_purchase_income == Decimal("2500.00")
    assert stored.fee_reduction == Decimal("800.00")
    assert stored.major_matters == ["完成理事会换届"]
    event = AuditEvent.objects.get(action="annual_report.save")
    assert event.after["income_total"] == "7000.00"
    assert event.before["income_total"] == "0.00"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"income_donations": Decimal("-1"), "income_total": Decimal("5999")},
            "income_donations",
            "捐赠收入不能为负数。",
        ),
        ({"volunteers": -3}, "volunteers", "志愿者数不能为负数。"),
        ({"fee_reduction": Decimal("-5")}, "fee_reduction", "会费减免金额不能为负数。"),
        (
            {"income_total": Decimal("7100")},
            "income_total",
            "收入合计 7100 与各分项之和 7000.00 不一致。",
        ),
        (
            {"expense_total": Decimal("6000")},
            "expense_total",
            "费用合计 6000 与各分项之和 6500.00 不一致。",
        ),
        (
            {"net_assets": Decimal("6999")},
            "net_assets",
            "净资产 6999 应等于资产总额 10000.00 减负债总额 3000.00。",
        ),
        (
            {"government_purchase_income": Decimal("8000")},
            "government_purchase_income",
            "政府购买服务收入 8000 不能超过收入合计 7000.00。",
        ),
        ({"party_org_form": ""}, "party_org_form", "已建立党组织的，请填写组建形式。"),
        ({"party_org_form": "single"}, "party_members", "单独组建党组织须有 3 名以上正式党员"),
        ({"major_matters": ["  "]}, "major_matters", "重大事项不能为空白。"),
        ({"income_sales": Decimal("1.001")}, "income_sales", "商品销售收入最多保留两位小数。"),
        ({"income_sales": "abc"}, "income_sales", "商品销售收入须为金额（元）。"),
        ({"income_sales": Decimal("1e13")}, "income_sales", "商品销售收入金额超出范围。"),
        ({"activities": "12"}, "activities", "开展活动数须为整数。"),
        ({"party_org_form": "cell"}, "party_org_form", "党组织组建形式只能是"),
        ({"major_matters": "换届"}, "major_matters", "重大事项须为逐项列出的文字。"),
        ({"shoe_size": 42}, "shoe_size", "未知的填报项目。"),
    ],
)
def test_bad_content_names_the_field_and_writes_nothing(
    world, orgs, accounts, changes, field, message
):
    report = draft(accounts.supervised, orgs.supervised)
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as exc:
        annual_report_save(actor=accounts.supervised, report=report, content=changes)
    assert any(message in m for m in exc.value.errors[field]), exc.value.errors
    stored = reload(report)
    for name in GOOD:
        assert getattr(stored, name) == GOOD[name], name
    assert AuditEvent.objects.count() == before


def test_investment_loss_and_negative_net_assets_are_accepted(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    annual_report_save(
        actor=accounts.supervised,
        report=report,
        content={
            "income_investment": Decimal("-100"),
            "income_total": Decimal("6800"),
            "assets_total": Decimal("1000"),
            "net_assets": Decimal("-2000"),
            "net_assets_restricted": None,
            "net_assets_unrestricted": None,
        },
    )
    assert reload(report).net_assets == Decimal("-2000")


def test_community_filing_refuses_fields_it_does_not_carry(world, orgs, accounts):
    report = draft(accounts.community, orgs.community)
    with pytest.raises(ApplicationError) as exc:
        annual_report_save(
            actor=accounts.community,
            report=report,
            content={"income_membership_fees": Decimal("10"), "income_total": Decimal("1010")},
        )
    assert exc.value.errors["income_membership_fees"] == ["社区社会组织年度情况不填报此项。"]


def test_a_submitted_report_cannot_be_edited(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    with pytest.raises(PermissionDenied) as exc:
        annual_report_save(actor=accounts.supervised, report=report, content={"activities": 3})
    assert "报告已提交" in exc.value.message


@pytest.mark.parametrize("role", ["district_admin", "department_officer", "auditor"])
def test_staff_cannot_edit_an_organizations_report(world, orgs, accounts, role):
    report = draft(accounts.supervised, orgs.supervised)
    with pytest.raises(PermissionDenied):
        annual_report_save(actor=world.user(role), report=report, content={"activities": 3})


# --- submission and deadlines -------------------------------------------------------------------


def test_submit_checks_the_content_again(world, orgs, accounts):
    report = annual_report_start(
        actor=accounts.supervised, organization=orgs.supervised, year=YEAR, today=ON_TIME
    )
    AnnualReport.objects.filter(pk=report.pk).update(income_total=Decimal("5"))
    with pytest.raises(ApplicationError) as exc:
        annual_report_submit(actor=accounts.supervised, report=report, today=ON_TIME)
    assert "income_total" in exc.value.errors
    assert reload(report).state == AnnualReport.State.DRAFT


@pytest.mark.parametrize(
    ("org_key", "deadline"),
    [
        ("supervised", D(2026, 3, 31)),  # to the supervisory unit
        ("direct", D(2026, 5, 31)),  # straight to the bureau
        ("community", D(2026, 3, 31)),  # to the street office
    ],
)
def test_submission_on_the_deadline_day_is_on_time_the_day_after_is_refused(
    world, orgs, accounts, org_key, deadline
):
    user, org = getattr(accounts, org_key), getattr(orgs, org_key)
    report = draft(user, org)
    with pytest.raises(ApplicationError) as exc:
        annual_report_submit(actor=user, report=report, today=deadline + dt.timedelta(days=1))
    assert "不予受理" in exc.value.errors["submitted_on"][0]
    stored = reload(report)
    assert (stored.state, stored.submitted_on, stored.late) == ("draft", None, False)
    assert history(report) == [("start", "", "draft")]
    annual_report_submit(actor=user, report=report, today=deadline)
    stored = reload(report)
    assert stored.state != "draft" and not stored.late


@override_settings(POLICY=ACCEPT_LATE)
def test_late_submission_is_accepted_and_marked_when_the_policy_says_so(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    annual_report_submit(actor=accounts.supervised, report=report, today=D(2026, 4, 2))
    stored = reload(report)
    assert stored.state == AnnualReport.State.AWAITING_SUPERVISOR
    assert stored.late is True
    assert (stored.first_submitted_on, stored.submitted_on) == (D(2026, 4, 2), D(2026, 4, 2))
    action = AnnualReportAction.objects.get(report=report, kind="submit")
    assert action.late and "逾期" in action.basis
    event = AuditEvent.objects.get(action="annual_report.submit")
    assert event.after["late"] is True
    assert "标记为逾期" in event.after["decision"]


@override_settings(
    POLICY={
        "annual_reports": {
            "overrides": [{"year": 2025, "to_registrar": "2026-08-31", "basis": "延期通知"}]
        }
    }
)
def test_a_deadline_override_moves_the_deadline(world, orgs, accounts):
    report = draft(accounts.supervised, orgs.supervised)
    annual_report_submit(actor=accounts.supervised, report=report, today=D(2026, 8, 31))
    assert reload(report).late is False


# --- the workflow on every route ----------------------------------------------------------------


def test_supervised_route_pre_review_then_conclusion(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    assert report.state == AnnualReport.State.AWAITING_SUPERVISOR
    annual_report_act(
        actor=world.user("department_officer"),
        report=report,
        action="pre_approve",
        note="同意报送",
        today=D(2026, 3, 20),
    )
    stored = reload(report)
    assert stored.state == AnnualReport.State.AWAITING_REGISTRAR
    assert stored.supervisor_reviewed_by == world.user("department_officer")
    assert (stored.supervisor_reviewed_on, stored.supervisor_notes) == (D(2026, 3, 20), "同意报送")
    annual_report_act(
        actor=world.user("district_admin"),
        report=report,
        action="conclude_pass",
        today=D(2026, 5, 2),
    )
    stored = reload(report)
    assert (stored.state, stored.conclusion, stored.concluded_on) == (
        "passed",
        "pass",
        D(2026, 5, 2),
    )
    assert stored.reviewed_by == world.user("district_admin")
    assert history(report) == [
        ("start", "", "draft"),
        ("submit", "draft", "awaiting_supervisor"),
        ("pre_approve", "awaiting_supervisor", "awaiting_registrar"),
        ("conclude_pass", "awaiting_registrar", "passed"),
    ]
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="annual_report.")
        .order_by("id")
        .values_list("action", "actor_role")
    )
    assert actions == [
        ("annual_report.start", "organization"),
        ("annual_report.save", "organization"),
        ("annual_report.submit", "organization"),
        ("annual_report.pre_approve", "department_officer"),
        ("annual_report.conclude_pass", "district_admin"),
    ]
    assert not Notification.objects.exists()


def test_direct_route_skips_the_supervisory_unit(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    assert report.state == AnnualReport.State.AWAITING_REGISTRAR
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(
            actor=world.user("department_officer"), report=report, action="pre_approve"
        )
    # the education bureau does not supervise this organization: out of scope
    assert isinstance(exc.value, PermissionDenied)
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(
            actor=world.user("district_admin"), report=report, action="conclude_basic_pass"
        )
    assert exc.value.errors["note"] == ["“审查结论：基本合格”须写明原因或整改要求。"]
    annual_report_act(
        actor=world.user("district_admin"),
        report=report,
        action="conclude_basic_pass",
        note="财务制度不健全，限期整改",
        today=D(2026, 6, 1),
    )
    stored = reload(report)
    assert (stored.state, stored.conclusion) == ("basic_passed", "basic_pass")
    assert stored.reviewer_notes == "财务制度不健全，限期整改"


def test_failed_report_is_notified_to_the_supervisory_unit(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    annual_report_act(actor=world.user("department_officer"), report=report, action="pre_approve")
    annual_report_act(
        actor=world.user("district_admin"),
        report=report,
        action="conclude_fail",
        note="未按章程开展活动，情节严重",
        today=D(2026, 5, 10),
    )
    notice = Notification.objects.get()
    assert notice.recipient_agency == world.unit
    assert notice.kind == "annual_report.failed"
    assert notice.title == "积玉桥阳光服务中心 2025 年度检查结论为不合格"
    assert "未按章程开展活动" in notice.body
    assert notice.object_id == str(report.pk)
    assert reload(report).conclusion == "fail"


def test_failed_report_without_a_supervisory_unit_notifies_nobody(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    annual_report_act(
        actor=world.user("district_admin"), report=report, action="conclude_fail", note="严重违规"
    )
    assert not Notification.objects.exists()


def test_returned_for_correction_then_resubmitted_keeps_the_first_date(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)  # first submitted 2026-03-01
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(actor=world.user("district_admin"), report=report, action="return")
    assert "note" in exc.value.errors
    annual_report_act(
        actor=world.user("district_admin"),
        report=report,
        action="return",
        note="请补充审计报告",
        today=D(2026, 5, 20),
    )
    stored = reload(report)
    assert (stored.state, stored.returned_on, stored.returned_notes) == (
        "draft",
        D(2026, 5, 20),
        "请补充审计报告",
    )
    annual_report_save(actor=accounts.direct, report=stored, content={"activities": 15})
    # resubmitted after the 05-31 deadline: on time, because it was first filed in time
    annual_report_submit(actor=accounts.direct, report=stored, today=D(2026, 6, 10))
    stored = reload(report)
    assert (stored.state, stored.late) == ("awaiting_registrar", False)
    assert (stored.first_submitted_on, stored.submitted_on) == (D(2026, 3, 1), D(2026, 6, 10))
    assert [k for k, _b, _a in history(report)] == ["start", "submit", "return", "submit"]


def test_supervisory_unit_returns_and_organization_withdraws(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    annual_report_act(actor=accounts.supervised, report=report, action="withdraw")
    assert reload(report).state == "draft"
    annual_report_submit(actor=accounts.supervised, report=report, today=D(2026, 3, 5))
    annual_report_act(
        actor=world.user("department_officer"),
        report=report,
        action="return",
        note="活动情况填写不完整",
    )
    assert reload(report).state == "draft"
    assert reload(report).returned_notes == "活动情况填写不完整"


@override_settings(POLICY=REPORT_ONLY)
def test_report_only_mode_accepts_without_a_conclusion(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    assert report.mode == Mode.REPORT_ONLY
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(actor=world.user("district_admin"), report=report, action="conclude_pass")
    assert "年报（不作结论）" in exc.value.errors["action"][0]
    annual_report_act(actor=world.user("district_admin"), report=report, action="accept")
    stored = reload(report)
    assert (stored.state, stored.conclusion) == ("accepted", "")
    assert stored.concluded_on is not None


def test_a_report_keeps_the_mode_it_was_started_in(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)  # started in 年检 mode
    with override_settings(POLICY=REPORT_ONLY):
        annual_report_act(actor=world.user("district_admin"), report=report, action="conclude_pass")
    assert reload(report).conclusion == "pass"


def test_community_filing_is_accepted_by_its_street_office(world, orgs, accounts):
    report = submitted(accounts.community, orgs.community)
    assert report.state == AnnualReport.State.AWAITING_STREET
    with pytest.raises(PermissionDenied):
        annual_report_act(actor=world.user("other_street_officer"), report=report, action="accept")
    with pytest.raises(PermissionDenied) as exc:
        annual_report_act(actor=world.user("district_admin"), report=report, action="accept")
    assert "街道工作人员" in exc.value.message
    annual_report_act(actor=world.user("street_officer"), report=report, action="accept")
    assert reload(report).state == AnnualReport.State.ACCEPTED


def test_community_office_submits_on_behalf(world, orgs):
    officer = world.user("community_officer")
    report = draft(officer, orgs.community)
    annual_report_submit(actor=officer, report=report, today=ON_TIME)
    assert reload(report).state == AnnualReport.State.AWAITING_STREET


# --- scope and roles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("other_admin", "该组织不在您的管辖区域内。"),
        ("auditor", "审计人员只能查看，不能办理。"),
        ("street_officer", "街道和社区只办理社区社会组织的年度情况报送。"),
        ("expert", "您的角色无权查看年度报告。"),
    ],
)
def test_officer_outside_scope_is_refused(world, orgs, accounts, role, message):
    report = submitted(accounts.direct, orgs.direct)
    with pytest.raises(PermissionDenied) as exc:
        annual_report_act(actor=world.user(role), report=report, action="conclude_pass")
    assert exc.value.message == message
    assert reload(report).state == AnnualReport.State.AWAITING_REGISTRAR


def test_other_supervisory_unit_is_refused(world, orgs, accounts):
    from socorg.accounts.models import User

    officer = User.objects.create_user(
        username="culture_officer", password="x", role="department_officer", agency=world.other_unit
    )
    report = submitted(accounts.supervised, orgs.supervised)
    with pytest.raises(PermissionDenied) as exc:
        annual_report_act(actor=officer, report=report, action="pre_approve")
    assert exc.value.message == "该组织不由您所在的业务主管单位主管。"


@pytest.mark.parametrize(
    ("action", "expected"),
    [("pre_approve", "业务主管单位人员"), ("return", "业务主管单位人员")],
)
def test_organization_cannot_review_its_own_report(world, orgs, accounts, action, expected):
    report = submitted(accounts.supervised, orgs.supervised)
    with pytest.raises(PermissionDenied) as exc:
        annual_report_act(actor=accounts.supervised, report=report, action=action, note="x")
    assert expected in exc.value.message
    assert reload(report).state == AnnualReport.State.AWAITING_SUPERVISOR


def test_organization_cannot_conclude(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    with pytest.raises(PermissionDenied) as exc:
        annual_report_act(actor=accounts.direct, report=report, action="conclude_pass")
    assert exc.value.message == "“审查结论：合格”只能由民政局管理员办理。"


def test_department_officer_cannot_conclude(world, orgs, accounts):
    report = submitted(accounts.supervised, orgs.supervised)
    annual_report_act(actor=world.user("department_officer"), report=report, action="pre_approve")
    with pytest.raises(PermissionDenied):
        annual_report_act(
            actor=world.user("department_officer"), report=report, action="conclude_pass"
        )
    # once approved by the unit, the organization cannot pull it back
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(actor=accounts.supervised, report=report, action="withdraw")
    assert "不适用于有业务主管单位的组织" in exc.value.message


@pytest.mark.parametrize("action", ["fly", ""])
def test_unknown_action(world, orgs, accounts, action):
    report = submitted(accounts.direct, orgs.direct)
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(actor=world.user("district_admin"), report=report, action=action)
    assert exc.value.errors["action"] == ["未知的办理事项。"]


def test_a_final_conclusion_cannot_be_changed(world, orgs, accounts):
    report = submitted(accounts.direct, orgs.direct)
    annual_report_act(actor=world.user("district_admin"), report=report, action="conclude_pass")
    with pytest.raises(ApplicationError) as exc:
        annual_report_act(
            actor=world.user("district_admin"), report=report, action="conclude_fail", note="x"
        )
    assert "此状态下可以：—" in exc.value.errors["action"][0]
