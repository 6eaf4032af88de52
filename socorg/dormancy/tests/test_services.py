"""Dormancy over a small district: the daily scoring (ranking, reasons, idempotence, constant
queries), and exit cases through each decision, with refusals and bad input writing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socorg.accounts.models import User
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit.models import CreditStatus
from socorg.dormancy import rules, selectors
from socorg.dormancy.models import (
    DormancyCheck,
    DormancyRun,
    DormancyScore,
    ExitCase,
    ExitCaseStep,
)
from socorg.dormancy.rules import CaseAction, CaseState
from socorg.dormancy.services import (
    StepInput,
    dormancy_score_all,
    exit_case_act,
    exit_case_open,
)
from socorg.notifications.models import Notification
from socorg.registry.models import ACTIVE, LifecycleEvent, Organization
from socorg.registry.paging import KeysetPaginator
from socorg.registry.services import EventInput, organization_terminate
from tests.world import PASSWORD, World, register

from .conftest import REGISTERED, TODAY, D, file_report

A = CaseAction


def ranked(user: Any, **filters: Any) -> list[DormancyScore]:
    return list(selectors.dormancy_ranked(user=user, filters=selectors.RankFilters(**filters)))


def names(scores: list[DormancyScore]) -> list[str]:
    return [s.organization.name for s in scores]


# --- scoring -----------------------------------------------------------------------------------


def test_two_missed_reports_and_zero_finances_rank_first_in_the_street_with_reasons(
    world, district
):
    result = dormancy_score_all(today=TODAY)
    assert (result.organizations, result.scored, result.created) == (5, 4, 4)

    street = ranked(world.user("street_officer"))
    assert names(street) == [
        district.zombie.name,
        district.drifting.name,
        district.unreachable.name,
    ]
    top = street[0]
    assert top.total == 85
    assert [(r["signal"], r["points"]) for r in top.reasons] == [
        ("missed_reports", 30),
        ("inactive", 20),
        ("zero_finance", 15),
        ("no_first_year_activity", 20),
    ]
    texts = [r["text"] for r in top.reason_list]
    assert texts[0] == "连续 2 年未报送年度报告。"
    assert texts[1] == "自 2024-03-01 起没有活动记录，已满 24 个月。"  # its last filing
    assert texts[2] == "最近一次年度报告收入和支出均为零。"
    assert all(r["basis"] for r in top.reasons)
    assert top.candidate
    assert {c["criterion"] for c in top.criteria} == {
        "missed_reports",
        "no_first_year_activity",
        "no_business",
    }
    assert top.computed_on == TODAY
    assert top.street_id == world.streets[0].id

    unreachable = next(s for s in street if s.organization_id == district.unreachable.pk)
    assert [(r["signal"], r["points"]) for r in unreachable.reasons] == [("unreachable", 25)]
    assert not unreachable.candidate  # the legal representative is not known unreachable
    # The healthy organization shows no signal and has no row.
    assert not DormancyScore.objects.filter(organization=district.healthy).exists()


def test_ranks_match_the_rule_and_continue_across_pages(world, district):
    dormancy_score_all(today=TODAY)
    admin = world.user("district_admin")
    everyone = ranked(admin)
    assert names(everyone)[0] == district.silent.name  # 95: never filed anything
    expected = rules.rank_dormancy(
        rules.DormancyScore(s.organization_id, s.total, ()) for s in everyone
    )
    queryset = selectors.dormancy_ranked(user=admin, filters=selectors.RankFilters())
    paginator = KeysetPaginator(DormancyScore, selectors.RANK_ORDER, page_size=2)
    seen: list[tuple[int, int]] = []
    page = paginator.page(queryset)
    while True:
        ranks = selectors.dormancy_ranks(queryset, page.items)
        seen += [(s.organization_id, r) for s, r in zip(page.items, ranks, strict=True)]
        if not page.has_next:
            break
        page = paginator.page(queryset, page.next_cursor)
    assert seen == [(r.score.organization_id, r.rank) for r in expected]
    assert [rank for _id, rank in seen] == [1, 2, 3, 3]


def test_scoring_the_same_day_twice_writes_nothing(world, district):
    dormancy_score_all(today=TODAY)
    before = list(DormancyScore.objects.order_by("pk").values())
    audits = AuditEvent.objects.count()
    again = dormancy_score_all(today=TODAY)
    assert again.changed == 0
    assert (again.mode, again.organizations, again.scored) == ("incremental", 0, 4)
    assert list(DormancyScore.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == audits
    run = DormancyRun.objects.get(run_on=TODAY)
    assert (run.organizations, run.created) == (5, 4)


def test_a_later_day_updates_what_changed_and_drops_who_left(world, district):
    dormancy_score_all(today=TODAY)
    # The zombie files its missing reports; the silent organization is deregistered.
    file_report(world, district.zombie, 2024)
    file_report(world, district.zombie, 2025)
    organization_terminate(
        actor=world.user("district_admin"),
        organization=district.silent,
        kind="deregistration",
        event=EventInput(
            occurred_on=D(2026, 11, 2), document_number="武民注〔2026〕9号", reason="解散"
        ),
    )
    later = D(2026, 11, 3)
    result = dormancy_score_all(today=later)
    assert result.deleted == 1
    assert not DormancyScore.objects.filter(organization=district.silent).exists()
    zombie = DormancyScore.objects.get(organization=district.zombie)
    assert zombie.computed_on == later
    assert "missed_reports" not in {r["signal"] for r in zombie.reasons}
    # Unchanged rows keep the day their content was computed.
    assert DormancyScore.objects.get(organization=district.unreachable).computed_on == TODAY


def test_scoring_takes_the_same_number_of_queries_for_5_and_30_organizations(world):
    def run() -> int:
        DormancyScore.objects.all().delete()
        DormancyRun.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = dormancy_score_all(today=TODAY)
        assert result.created == Organization.objects.count()
        return len(queries)

    for i in range(5):
        register(world, name=f"积玉桥沉默组织{i}", on=REGISTERED)
    five = run()
    for i in range(25):
        register(world, name=f"杨园沉默组织{i}", on=REGISTERED, street=world.streets[1])
    assert run() == five


def test_scoring_reads_the_policy_from_settings(world, settings):
    org = register(world, name="积玉桥沉默组织", on=REGISTERED)
    settings.POLICY = {**settings.POLICY, "dormancy": {"missed_report_points": 10}}
    dormancy_score_all(today=TODAY)
    score = DormancyScore.objects.get(organization=org)
    assert score.reasons[0]["signal"] == "missed_reports"
    assert score.reasons[0]["points"] == 30  # 3 years × 10


def test_each_role_sees_its_own_part_of_the_list(world, district):
    dormancy_score_all(today=TODAY)
    other_unit = register(
        world, name="积玉桥他管组织", on=REGISTERED, supervisory_unit=world.other_unit
    )
    dormancy_score_all(today=TODAY)
    all_names = {s.organization.name for s in ranked(world.user("district_admin"))}
    assert {district.silent.name, other_unit.name, district.zombie.name} <= all_names
    street2 = {s.organization.name for s in ranked(world.user("other_street_officer"))}
    assert street2 == {district.silent.name}
    unit = {s.organization.name for s in ranked(world.user("department_officer"))}
    assert other_unit.name not in unit and district.zombie.name in unit
    for role in ("public", "expert", "system_admin", "other_admin"):
        assert ranked(world.user(role)) == []


# --- exit cases --------------------------------------------------------------------------------

NOW = timezone.localdate()


@pytest.fixture
def org(world: World) -> Organization:
    return register(world, name="积玉桥僵尸协会", on=REGISTERED)


def act(world: World, case: ExitCase, action: CaseAction, role: str = "district_admin", **kw: Any):
    return exit_case_act(actor=world.user(role), case=case, data=StepInput(action=action, **kw))


def notified(world: World, org: Organization) -> ExitCase:
    """A case opened, verified and notified (约谈 by the supervisory unit)."""
    case = exit_case_open(actor=world.user("district_admin"), organization=org)
    act(world, case, A.VERIFY)
    return act(world, case, A.NOTIFY, "department_officer", note="已约谈法定代表人。")


def written(case: ExitCase) -> tuple[Any, ...]:
    """Everything a refused step must leave alone."""
    case.refresh_from_db()
    org = Organization.objects.get(pk=case.organization_id)
    return (
        case.state,
        case.decision,
        case.outcome,
        ExitCaseStep.objects.filter(case=case).count(),
        org.status,
        LifecycleEvent.objects.filter(organization=org).count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_revocation_updates_the_register_and_puts_the_organization_on_the_serious_list(world, org):
    dormancy_score_all(today=NOW)
    case = exit_case_open(actor=world.user("district_admin"), organization=org, note="排查名单首位")
    assert case.state == CaseState.SCREENING and case.score_total > 0
    assert case.score_reasons[0]["signal"] == "missed_reports"
    case = act(world, case, A.VERIFY)
    case = act(world, case, A.NOTIFY, "department_officer", note="已约谈。")
    case = act(
        world,
        case,
        A.DECIDE_REVOKE,
        note="连续三年未参加年检，经约谈仍未整改。",
        document_number="武民撤〔2026〕3号",
    )
    assert (case.state, case.decision, case.outcome) == ("revoking", "revoke", "revoked")
    org.refresh_from_db()
    assert org.status == Organization.Status.REVOKED
    event = LifecycleEvent.objects.get(organization=org, kind="revocation")
    assert (event.document_number, event.occurred_on) == ("武民撤〔2026〕3号", NOW)
    status = CreditStatus.objects.get(organization=org)
    assert status.list_kind == "serious" and "S7" in status.codes
    assert not DormancyScore.objects.filter(organization=org).exists()

    case = act(world, case, A.ANNOUNCE)
    case = act(world, case, A.CLOSE)
    assert (case.state, case.announced_on, case.closed_on) == ("closed", NOW, NOW)
    steps = list(case.steps.order_by("id").values_list("action", "state_after"))
    assert steps == [
        ("", "screening"),
        ("verify", "verifying"),
        ("notify", "notifying"),
        ("decide_revoke", "revoking"),
        ("announce", "announced"),
        ("close", "closed"),
    ]
    actions = set(
        AuditEvent.objects.filter(object_type="dormancy.exitcase").values_list("action", flat=True)
    )
    assert {"dormancy.case.open", "dormancy.case.decide_revoke", "dormancy.case.close"} <= actions
    assert (
        Notification.objects.filter(recipient_agency=world.unit, kind="dormancy.case").count() == 6
    )


def test_guided_deregistration_closes_when_the_register_records_the_deregistration(world, org):
    case = act(
        world,
        notified(world, org),
        A.DECIDE_DEREGISTER,
        note="组织同意清算后注销。",
        document_number="武民指〔2026〕1号",
    )
    assert (case.state, case.decision, case.outcome) == ("guided_deregistration", "deregister", "")
    organization_terminate(
        actor=world.user("district_admin"),
        organization=org,
        kind="deregistration",
        event=EventInput(occurred_on=NOW, document_number="武民注〔2026〕5号", reason="清算完毕"),
    )
    result = dormancy_score_all(today=NOW)
    assert result.cases_advanced == 1
    case.refresh_from_db()
    assert (case.state, case.outcome, case.outcome_on) == ("closed", "deregistered", NOW)
    last = list(case.steps.order_by("-id")[:2])
    assert [(s.action, s.actor_id) for s in last] == [("close", None), ("announce", None)]
    assert last[1].document_number == "武民注〔2026〕5号"
    assert AuditEvent.objects.filter(action="dormancy.case.sync", object_id=str(case.pk)).exists()
    assert Notification.objects.filter(object_id=str(case.pk), kind="dormancy.case").count() == 5
    assert dormancy_score_all(today=NOW).cases_advanced == 0


def test_announcing_a_guided_deregistration_can_record_the_deregistration_itself(world, org):
    case = act(
        world, notified(world, org), A.DECIDE_DEREGISTER, note="同意注销。", document_number="指1号"
    )
    case = act(world, case, A.ANNOUNCE, document_number="武民注〔2026〕6号")
    assert (case.state, case.outcome) == ("announced", "deregistered")
    org.refresh_from_db()
    assert org.status == Organization.Status.DEREGISTERED
    assert LifecycleEvent.objects.get(organization=org, kind="deregistration").document_number == (
        "武民注〔2026〕6号"
    )


def test_rectification_with_a_deadline_ends_reactivated(world, org):
    deadline = NOW + dt.timedelta(days=90)
    case = act(
        world,
        notified(world, org),
        A.DECIDE_RECTIFY,
        note="限期补报年度报告、恢复活动。",
        document_number="武民改〔2026〕2号",
        deadline=deadline,
    )
    assert (case.state, case.rectification_deadline) == ("rectifying", deadline)
    case = act(world, case, A.CONFIRM_RECTIFIED, note="已补报并恢复活动。")
    assert (case.state, case.outcome, case.outcome_on) == ("announced", "reactivated", NOW)
    case = act(world, case, A.CLOSE)
    assert case.state == "closed"
    org.refresh_from_db()
    assert org.status == Organization.Status.REGISTERED


def test_a_dismissed_case_closes_and_a_new_one_may_be_opened(world, org):
    admin = world.user("district_admin")
    case = exit_case_open(actor=admin, organization=org)
    with pytest.raises(ApplicationError) as exc:
        exit_case_open(actor=admin, organization=org)
    assert "organization" in exc.value.errors
    case = act(world, case, A.DISMISS, note="经核查该组织正常开展活动。")
    assert (case.state, case.outcome, case.closed_on) == ("closed", "dismissed", NOW)
    assert exit_case_open(actor=admin, organization=org).pk != case.pk


def test_refused_transitions_and_roles_write_nothing(world, org):
    case = exit_case_open(actor=world.user("district_admin"), organization=org)
    before = written(case)
    # A step of another stage: the field names the action and what this stage allows.
    with pytest.raises(ApplicationError) as exc:
        act(world, case, A.DECIDE_REVOKE, note="x", document_number="1")
    assert not isinstance(exc.value, PermissionDenied)
    assert "开始核实" in exc.value.errors["action"][0]
    # A step of another role.
    with pytest.raises(PermissionDenied):
        act(world, case, A.VERIFY, "department_officer")
    for role in ("street_officer", "community_officer", "auditor", "other_admin", "public"):
        with pytest.raises(PermissionDenied):
            act(world, case, A.VERIFY, role)
    stranger = User.objects.create_user(
        username="culture1", password=PASSWORD, role="department_officer", agency=world.other_unit
    )
    act(world, case, A.VERIFY)
    before = written(case)
    with pytest.raises(PermissionDenied):
        exit_case_act(actor=stranger, case=case, data=StepInput(action=A.NOTIFY))
    with pytest.raises(ApplicationError) as exc:
        act(world, case, "fly")
    assert "action" in exc.value.errors
    assert written(case) == before


def test_only_the_registration_authority_opens_cases(world, org):
    for role in ("street_officer", "department_officer", "auditor", "other_admin"):
        with pytest.raises(PermissionDenied):
            exit_case_open(actor=world.user(role), organization=org)
    assert not ExitCase.objects.exists()


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        (A.DECIDE_REVOKE, {"note": "理由"}, "document_number"),
        (A.DECIDE_REVOKE, {"document_number": "武民撤1号"}, "note"),
        (A.DECIDE_DEREGISTER, {"note": "理由"}, "document_number"),
        (A.DECIDE_RECTIFY, {"note": "理由", "document_number": "改1号"}, "deadline"),
        (
            A.DECIDE_RECTIFY,
            {"note": "理由", "document_number": "改1号", "deadline": NOW - dt.timedelta(days=1)},
            "deadline",
        ),
        (
            A.DECIDE_REVOKE,
            {"note": "理由", "document_number": "撤1号", "occurred_on": NOW + dt.timedelta(days=1)},
            "occurred_on",
        ),
        (A.DISMISS, {"note": "理由", "deadline": NOW + dt.timedelta(days=30)}, "deadline"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, org, action, data, field):
    case = notified(world, org)
    before = written(case)
    with pytest.raises(ApplicationError) as exc:
        act(world, case, action, **data)
    assert field in exc.value.errors, exc.value.errors
    assert written(case) == before


def test_opening_in_the_future_is_refused(world, org):
    with pytest.raises(ApplicationError) as exc:
        exit_case_open(
            actor=world.user("district_admin"),
            organization=org,
            opened_on=NOW + dt.timedelta(days=1),
        )
    assert "opened_on" in exc.value.errors
    assert not ExitCase.objects.exists()


def test_closed_cases_take_no_more_steps(world, org):
    case = exit_case_open(actor=world.user("district_admin"), organization=org)
    case = act(world, case, A.DISMISS, note="正常。")
    with pytest.raises(PermissionDenied):
        act(world, case, A.VERIFY)


def test_statistics_count_outcomes_in_the_period_by_street(world):
    orgs = [register(world, name=f"积玉桥清理对象{i}", on=REGISTERED) for i in range(3)]
    other = register(world, name="杨园清理对象", on=REGISTERED, street=world.streets[1])
    dormancy_score_all(today=NOW)
    act(world, notified(world, orgs[0]), A.DECIDE_REVOKE, note="r", document_number="撤1")
    deadline = NOW + dt.timedelta(days=30)
    rectifying = act(
        world,
        notified(world, orgs[1]),
        A.DECIDE_RECTIFY,
        note="r",
        document_number="改1",
        deadline=deadline,
    )
    act(world, rectifying, A.CONFIRM_RECTIFIED)
    notified(world, orgs[2])
    exit_case_open(actor=world.user("district_admin"), organization=other)

    stats = selectors.exit_statistics(
        user=world.user("district_admin"), start=D(NOW.year, 1, 1), end=NOW
    )
    assert (stats.total.opened, stats.total.revoked, stats.total.reactivated) == (4, 1, 1)
    assert stats.total.open_now == 4  # none closed yet
    open_states = {key: n for key, _label, n in stats.open_by_state}
    assert open_states["revoking"] == 1 and open_states["notifying"] == 1
    assert open_states["screening"] == 1 and open_states["announced"] == 1
    assert stats.registry_revoked == 1
    first, second = stats.by_street
    assert (first.label, first.opened, first.revoked) == ("积玉桥街道", 3, 1)
    assert (second.label, second.opened, second.scored) == ("杨园街道", 1, 1)

    street = selectors.exit_statistics(
        user=world.user("other_street_officer"), start=D(NOW.year, 1, 1), end=NOW
    )
    assert street.total.opened == 1 and street.registry_revoked == 0
    past = selectors.exit_statistics(
        user=world.user("district_admin"), start=D(2020, 1, 1), end=D(2020, 12, 31)
    )
    assert (past.total.opened, past.total.revoked) == (0, 0)


def _state() -> tuple[list[dict[str, Any]], list[tuple[int, dt.date | None]]]:
    scores = list(DormancyScore.objects.order_by("pk").values())
    checks = list(DormancyCheck.objects.order_by("pk").values_list("organization_id", "check_on"))
    return scores, checks


def test_incremental_days_score_as_a_full_rescore_would(world, district):
    """Two years of daily runs, every few days, through report deadlines, month anniversaries
    and facts that change on the way: after each incremental run, scoring everyone again the
    same day changes nothing — the organizations it skipped could not have changed."""
    first = dormancy_score_all(today=TODAY)
    assert first.mode == "full"
    assert DormancyCheck.objects.count() == Organization.objects.count()
    newcomer = None
    day, runs, rescored = TODAY, 0, 0
    while day < D(2028, 11, 1):
        day += dt.timedelta(days=9)
        if runs == 5:  # the drifting organization files its 2025 report late
            file_report(world, district.drifting, 2025)
        if runs == 12:  # a new organization, which never reports
            newcomer = register(world, name="积玉桥新设服务中心", on=D(2026, 10, 15))
        if runs == 30:
            organization_terminate(
                actor=world.user("district_admin"),
                organization=district.silent,
                kind="deregistration",
                event=EventInput(
                    occurred_on=D(2026, 11, 20), document_number="武民注〔2026〕3号", reason="解散"
                ),
            )
        result = dormancy_score_all(today=day)
        assert result.mode == "incremental"
        assert result.organizations <= result.candidates
        rescored += result.organizations
        runs += 1
        before = _state()
        full = dormancy_score_all(today=day, full=True)
        assert (full.mode, full.changed) == ("full", 0), day
        assert _state() == before, day
    # Most organization-days were skipped, yet the scores moved with time.
    assert rescored < runs * Organization.objects.filter(status__in=ACTIVE).count() / 3
    assert newcomer is not None
    scored = DormancyScore.objects.get(organization=newcomer)
    assert {r["signal"] for r in scored.reasons} >= {"inactive", "missed_reports"}
    assert not DormancyScore.objects.filter(organization=district.silent).exists()
    assert not DormancyCheck.objects.filter(organization=district.silent).exists()


def test_a_changed_policy_scores_everyone_again(world, district, settings):
    dormancy_score_all(today=TODAY)
    assert dormancy_score_all(today=TODAY + dt.timedelta(days=1)).mode == "incremental"
    settings.POLICY = {**settings.POLICY, "dormancy": {"missed_report_points": 10}}
    again = dormancy_score_all(today=TODAY + dt.timedelta(days=2))
    assert (again.mode, again.organizations) == ("full", 5)
    assert again.updated > 0
