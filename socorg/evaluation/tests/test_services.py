"""Evaluation services over the real database: eligibility refusals by rule and date, recusal,
scores out of range (field error, nothing written), aggregation at band edges, notice and
objections, validity across the 2026-03-01 switch, supersession, reminders, counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit.services import penalty_record, trigger_fact_record
from socorg.evaluation import selectors, services
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAssignment,
    ExpiryReminder,
    IndicatorTemplate,
    Objection,
    Result,
    Score,
)
from socorg.notifications.models import Notification
from socorg.registry.services import EventInput, organization_terminate
from tests.world import next_uscc

from .conftest import (
    NEW_OPEN,
    OLD_OPEN,
    D,
    applicant,
    apply,
    assign,
    file_report,
    open_round,
    sheet,
    to_scoring,
)

# --- templates ---------------------------------------------------------------------------------


def test_seeded_templates_are_the_rule_defaults(db):
    seeded = {
        (t.org_type, t.version): (str(t.total_points), t.indicators)
        for t in IndicatorTemplate.objects.all()
    }
    for row in services.default_template_rows():
        total, indicators = seeded[(row["org_type"], row["version"])]
        assert Decimal(total) == Decimal(row["total_points"])
        assert indicators == row["indicators"]


def test_a_template_must_add_up_to_the_total(world, admin):
    with pytest.raises(ApplicationError) as exc:
        services.indicator_template_create(
            actor=admin,
            org_type="social_group",
            version="wuchang-2027",
            valid_from=D(2027, 1, 1),
            indicators=[{"code": "basic", "name": "基础条件", "max_points": "900"}],
        )
    assert "1000" in exc.value.errors["indicators"][0]
    assert not IndicatorTemplate.objects.filter(version="wuchang-2027").exists()


def test_a_round_keeps_the_template_version_it_opened_with(world, admin):
    round_ = open_round(world, OLD_OPEN)
    services.indicator_template_create(
        actor=admin,
        org_type="social_service",
        version="wuchang-2025b",
        valid_from=D(2025, 6, 10),
        indicators=[
            {"code": "basic", "name": "基础条件", "max_points": "500"},
            {"code": "work", "name": "工作绩效", "max_points": "500"},
        ],
    )
    who = applicant(world, reports=(2024,))
    application = apply(round_, who, D(2025, 6, 12))
    assert application.template.version == "default-2026-party"
    later = open_round(world, D(2025, 6, 15))
    assert later.templates.get(org_type="social_service").version == "wuchang-2025b"


# --- rounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("opened_on", "regime"), [(D(2026, 2, 28), "old"), (D(2026, 3, 1), "new")])
def test_round_rule_set_follows_the_opening_date(world, opened_on, regime):
    assert open_round(world, opened_on).regime == regime


def test_round_create_bad_input_names_the_field_and_writes_nothing(world, admin):
    with pytest.raises(ApplicationError) as exc:
        services.round_create(
            actor=admin,
            name="",
            year=1990,
            opened_on=D(2025, 6, 1),
            application_deadline=D(2025, 5, 1),
        )
    assert set(exc.value.errors) == {"name", "year", "application_deadline"}
    assert not EvaluationRound.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation.round.create").exists()


@pytest.mark.parametrize("role", ["street_officer", "auditor", "expert", "department_officer"])
def test_only_the_bureau_creates_rounds(world, role):
    with pytest.raises(PermissionDenied):
        services.round_create(
            actor=world.user(role),
            name="x",
            year=2025,
            opened_on=D(2025, 6, 1),
            application_deadline=D(2025, 6, 30),
        )


def test_another_district_cannot_run_the_round(world):
    round_ = open_round(world, OLD_OPEN)
    with pytest.raises(PermissionDenied):
        services.round_start_scoring(actor=world.user("other_admin"), round_=round_)


def test_publish_refused_while_applications_are_unscored(world):
    round_ = open_round(world, OLD_OPEN)
    apply(round_, applicant(world, reports=(2024,)))
    to_scoring(world, round_)
    with pytest.raises(ApplicationError) as exc:
        services.round_publish_notice(
            actor=world.user("district_admin"), round_=round_, today=D(2025, 7, 20)
        )
    assert "没有完整的专家评分" in exc.value.errors["action"][0]
    round_.refresh_from_db()
    assert round_.state == "scoring"


# --- eligibility -------------------------------------------------------------------------------


def test_eligible_organization_applies_with_its_eligibility_recorded(world):
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2024,))
    application = apply(round_, who)
    assert application.state == "submitted"
    assert application.regime == "old"
    assert application.eligibility["findings"][0]["rule"] == "EVAL.eligible"
    assert application.eligibility["facts"]["report_year"] == 2024
    assert AuditEvent.objects.filter(action="evaluation.application.submit").count() == 1


def _refused(round_, who, on=None) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        apply(round_, who, on)
    assert not Application.objects.filter(organization=who.org).exists()
    return exc.value


def test_too_young_is_refused_citing_the_minimum_age(world):
    round_ = open_round(world, OLD_OPEN)
    young = applicant(world, registered_on=D(2024, 3, 1), reports=(2024,))
    error = _refused(round_, young)
    (reason,) = error.errors["eligibility"]
    assert "须满 2 个完整年度" in reason and "目前为 0 个" in reason
    assert "第六条" in reason


def test_on_the_abnormal_list_is_refused(world, admin):
    round_ = open_round(world, NEW_OPEN)
    who = applicant(world)
    trigger_fact_record(
        actor=admin,
        organization=who.org,
        code="A2",
        decided_on=D(2026, 5, 1),
        document_number="武民异〔2026〕1号",
        authority=world.bureau,
        description="未按照有关规定设立党组织",
        today=D(2026, 5, 6),
    )
    error = _refused(round_, who)
    assert any("活动异常名录" in r and "民政部令第60号" in r for r in error.errors["eligibility"])


def test_old_rule_exclusion_dropped_by_the_new_rule(world):
    """Last year's 年检 不合格: excluded by 39号令 第七条 until 2026-02-28, not from 2026-03-01."""
    before = open_round(world, D(2026, 2, 2))
    after = open_round(world, D(2026, 3, 2))
    who = applicant(world, reports=())
    file_report(world, who.org, who.user, 2024, conclusion="fail")
    error = _refused(before, who)
    assert error.errors["eligibility"] == [
        "上一年度年检不合格。（民政部令第39号《社会组织评估管理办法》第七条）"
    ]
    application = apply(after, who)
    assert application.regime == "new"


def test_minor_penalty_excludes_under_the_old_rule_only(world, admin):
    """A warning last year: 39号令 第七条 excludes; the 2026 rule does not (the warning's A5
    listing on the abnormal list still excludes under both)."""
    who = applicant(world, reports=(2024, 2025))
    penalty_record(
        actor=admin,
        organization=who.org,
        kind="warning",
        decided_on=D(2025, 3, 1),
        document_number="武民罚〔2025〕1号",
        authority=world.bureau,
        today=D(2025, 3, 2),
    )
    old = _refused(open_round(world, D(2026, 2, 2)), who).errors["eligibility"]
    new = _refused(open_round(world, D(2026, 3, 2)), who).errors["eligibility"]
    assert any("上一年度受到行政处罚。" in r and "第七条" in r for r in old)
    assert not any("行政处罚" in r for r in new)
    assert any("活动异常名录" in r for r in new)


def test_not_filing_last_year_is_refused(world):
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2023,))
    error = _refused(round_, who)
    assert "上一年度未参加年检（年报）。" in error.errors["eligibility"][0]


def test_application_outside_the_period_or_twice_is_refused(world):
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2024,))
    with pytest.raises(ApplicationError) as exc:
        apply(round_, who, round_.application_deadline + dt.timedelta(days=1))
    assert "申报时间为" in exc.value.errors["round"][0]
    apply(round_, who)
    with pytest.raises(ApplicationError) as exc:
        apply(round_, who)
    assert "已申报" in exc.value.errors["round"][0]


def test_organization_of_another_district_cannot_apply(world):
    round_ = open_round(world, OLD_OPEN)
    other = applicant(
        world,
        reports=(),
        actor=world.user("other_admin"),
        street=world.streets[2],
        registration_authority=world.other_bureau,
        uscc=next_uscc("social_service", authority="420102"),
    )
    with pytest.raises(PermissionDenied):
        apply(round_, other)


# --- experts and recusal -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "started", "ended", "refused"),
    [
        ("member", None, None, True),
        ("declared", None, None, True),
        ("employment", D(2018, 1, 1), D(2023, 6, 1), True),  # ended within 3 years
        ("employment", D(2015, 1, 1), D(2022, 6, 1), False),  # ended more than 3 years before
        ("member", D(2015, 1, 1), D(2021, 1, 1), False),  # a past membership long ago
    ],
)
def test_recusal_refuses_the_assignment(world, admin, experts, kind, started, ended, refused):
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2024,))
    application = apply(round_, who)
    services.expert_affiliation_add(
        actor=admin,
        expert=experts[0],
        organization=who.org,
        kind=kind,
        started_on=started,
        ended_on=ended,
    )
    if not refused:
        assert assign(world, application, experts[0], D(2025, 6, 20)).pk
        return
    with pytest.raises(ApplicationError) as exc:
        assign(world, application, experts[0], D(2025, 6, 20))
    assert "应当回避" in exc.value.errors["expert"][0]
    assert "回避" in exc.value.errors["expert"][0]
    assert not ExpertAssignment.objects.exists()


def test_assignment_refuses_non_experts_and_duplicates(world, experts):
    round_ = open_round(world, OLD_OPEN)
    application = apply(round_, applicant(world, reports=(2024,)))
    with pytest.raises(ApplicationError) as exc:
        assign(world, application, world.user("auditor"), D(2025, 6, 20))
    assert "expert" in exc.value.errors
    assign(world, application, experts[0], D(2025, 6, 20))
    with pytest.raises(ApplicationError):
        assign(world, application, experts[0], D(2025, 6, 21))
    assert (
        Notification.objects.filter(recipient_user=experts[0], kind="evaluation.assigned").count()
        == 1
    )


# --- scoring -----------------------------------------------------------------------------------


@pytest.fixture
def scoring(world, experts):
    """A round in expert review with one application assigned to the first expert."""
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2024,))
    application = apply(round_, who)
    assignment = assign(world, application, experts[0], D(2025, 6, 20))
    to_scoring(world, round_)
    return round_, who, application, assignment


def test_score_out_of_range_is_a_field_error_naming_the_indicator(scoring, experts):
    _round, _who, _application, assignment = scoring
    bad = {**sheet(800), "basic": "151", "party": "-1"}
    with pytest.raises(ApplicationError) as exc:
        services.score_submit(actor=experts[0], assignment=assignment, scores=bad)
    errors = exc.value.errors
    assert set(errors) == {"scores.basic", "scores.party"}
    assert "基础条件" in errors["scores.basic"][0] and "0–150" in errors["scores.basic"][0]
    assert "党建工作" in errors["scores.party"][0]
    assert not Score.objects.exists()
    assignment.refresh_from_db()
    assert assignment.scored_on is None
    assert not AuditEvent.objects.filter(action="evaluation.score.submit").exists()


def test_unknown_and_missing_indicators_are_named(scoring, experts):
    *_, assignment = scoring
    scores = sheet(800)
    del scores["social"]
    scores["extra"] = "5"
    with pytest.raises(ApplicationError) as exc:
        services.score_submit(actor=experts[0], assignment=assignment, scores=scores)
    assert set(exc.value.errors) == {"scores.social", "scores.extra"}
    assert not Score.objects.exists()


def test_an_expert_not_assigned_or_recused_cannot_score(world, scoring, experts):
    _round, _who, _application, assignment = scoring
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=experts[1], assignment=assignment, scores=sheet(800))
    services.assignment_recuse(actor=experts[0], assignment=assignment, reason="曾为该组织提供咨询")
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=experts[0], assignment=assignment, scores=sheet(800))
    assert not Score.objects.exists()


def test_a_conflict_recorded_after_assignment_blocks_scoring(world, admin, scoring, experts):
    _round, who, _application, assignment = scoring
    services.expert_affiliation_add(
        actor=experts[0], expert=experts[0], organization=who.org, kind="declared"
    )
    with pytest.raises(PermissionDenied) as exc:
        services.score_submit(actor=experts[0], assignment=assignment, scores=sheet(800))
    assert "应当回避" in str(exc.value.message)
    assert not Score.objects.exists()


def test_scores_replace_the_experts_earlier_sheet(scoring, experts):
    *_, assignment = scoring
    services.score_submit(actor=experts[0], assignment=assignment, scores=sheet(800))
    services.score_submit(
        actor=experts[0], assignment=assignment, scores=sheet(900), comments={"basic": "材料齐全"}
    )
    points = {s.indicator: s.points for s in Score.objects.filter(assignment=assignment)}
    assert sum(points.values()) == Decimal(900)
    assert Score.objects.get(assignment=assignment, indicator="basic").comment == "材料齐全"


def test_scoring_only_during_expert_review(world, experts):
    round_ = open_round(world, OLD_OPEN)
    application = apply(round_, applicant(world, reports=(2024,)))
    assignment = assign(world, application, experts[0], D(2025, 6, 20))
    with pytest.raises(ApplicationError) as exc:
        services.score_submit(actor=experts[0], assignment=assignment, scores=sheet(800))
    assert "round" in exc.value.errors


# --- self-assessment ---------------------------------------------------------------------------


def test_self_assessment_checked_like_scores(world):
    round_ = open_round(world, OLD_OPEN)
    who = applicant(world, reports=(2024,))
    application = apply(round_, who)
    with pytest.raises(ApplicationError) as exc:
        services.self_assessment_save(
            actor=who.user, application=application, scores={**sheet(800), "governance": "301"}
        )
    assert "内部治理" in exc.value.errors["scores.governance"][0]
    application.refresh_from_db()
    assert application.self_total is None
    services.self_assessment_save(actor=who.user, application=application, scores=sheet(850))
    application.refresh_from_db()
    assert application.self_total == Decimal(850)
    to_scoring(world, round_)
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(actor=who.user, application=application, scores=sheet(900))


# --- aggregation -------------------------------------------------------------------------------


def run_round(world, experts, totals, *, opened_on=OLD_OPEN, reports=(2024,), second=None):
    """A round in which each applicant is scored ``totals[i]`` by the first expert (and
    ``second[i]`` by the second, when given); returns the round and the applicants."""
    admin = world.user("district_admin")
    round_ = open_round(world, opened_on)
    people = [applicant(world, reports=reports) for _ in totals]
    applications = [apply(round_, who) for who in people]
    for application in applications:
        assign(world, application, experts[0], opened_on)
        if second is not None:
            assign(world, application, experts[1], opened_on)
    to_scoring(world, round_)
    for i, application in enumerate(applications):
        mine = ExpertAssignment.objects.get(application=application, expert=experts[0])
        services.score_submit(actor=experts[0], assignment=mine, scores=sheet(totals[i]))
        if second is not None:
            theirs = ExpertAssignment.objects.get(application=application, expert=experts[1])
            services.score_submit(actor=experts[1], assignment=theirs, scores=sheet(second[i]))
    services.round_aggregate(actor=admin, round_=round_)
    return round_, people


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("0", "1A"),
        ("599.99", "1A"),
        ("600", "2A"),
        ("699.99", "2A"),
        ("700", "3A"),
        ("799.99", "3A"),
        ("800", "4A"),
        ("899.99", "4A"),
        ("900", "5A"),
        ("1000", "5A"),
    ],
)
def test_aggregation_to_a_level_at_band_edges(world, experts, total, level):
    _round, (who,) = run_round(world, experts, [total])
    result = Result.objects.get(organization=who.org)
    assert result.total == Decimal(total)
    assert result.level == level
    assert result.application.state == "scored"


def test_two_experts_are_averaged_per_indicator(world, experts):
    _round, (who,) = run_round(world, experts, ["800"], second=["780"])
    result = Result.objects.get(organization=who.org)
    assert result.means["basic"] == "118.50"
    assert result.total == Decimal("790.00")
    assert result.level == "3A"
    assert result.experts == 2


def test_a_recused_experts_scores_do_not_count(world, experts):
    round_, (who,) = run_round(world, experts, ["900"], second=["600"])
    theirs = ExpertAssignment.objects.get(application__organization=who.org, expert=experts[1])
    services.assignment_recuse(
        actor=world.user("district_admin"), assignment=theirs, reason="任职冲突"
    )
    services.round_aggregate(actor=world.user("district_admin"), round_=round_)
    assert Result.objects.get(organization=who.org).total == Decimal(900)


def test_custom_bands_from_settings(world, experts, settings):
    settings.POLICY = {**settings.POLICY, "evaluation": {"bands": "anhui"}}
    _round, people = run_round(world, experts, ["950", "949.99", "851"])
    assert [Result.objects.get(organization=p.org).level for p in people] == ["5A", "4A", "3A"]


# --- notice, objections, announcement ----------------------------------------------------------


def test_notice_objection_and_announcement(world, experts):
    admin = world.user("district_admin")
    round_, (who, other) = run_round(world, experts, ["780", "905"])
    services.round_publish_notice(actor=admin, round_=round_, today=D(2025, 8, 1))
    round_.refresh_from_db()
    assert (round_.notice_starts_on, round_.notice_ends_on) == (D(2025, 8, 1), D(2025, 8, 15))
    assert {r.organization_id for r in selectors.notice_results()} == {who.org.pk, other.org.pk}
    result = Result.objects.get(organization=who.org)

    # Only the organization itself, only during the notice.
    with pytest.raises(PermissionDenied):
        services.objection_file(actor=other.user, result=result, reason="x", today=D(2025, 8, 2))
    with pytest.raises(ApplicationError) as exc:
        services.objection_file(actor=who.user, result=result, reason="x", today=D(2025, 8, 16))
    assert "公示期为 2025-08-01 至 2025-08-15" in exc.value.errors["result"][0]
    objection = services.objection_file(
        actor=who.user, result=result, reason="工作绩效材料漏评", today=D(2025, 8, 5)
    )
    assert Notification.objects.filter(recipient_user=admin, kind="evaluation.objection").exists()

    with pytest.raises(ApplicationError) as exc:
        services.round_announce(actor=admin, round_=round_, today=D(2025, 8, 10))
    assert "公示期满后" in exc.value.errors["action"][0]
    with pytest.raises(ApplicationError) as exc:
        services.round_announce(actor=admin, round_=round_, today=D(2025, 8, 16))
    assert "异议未处理" in exc.value.errors["action"][0]

    with pytest.raises(ApplicationError) as exc:
        services.objection_resolve(
            actor=admin,
            objection=objection,
            decision="upheld",
            resolution="",
            corrected_total="1200",
        )
    assert set(exc.value.errors) == {"resolution", "corrected_total"}
    services.objection_resolve(
        actor=admin,
        objection=objection,
        decision="upheld",
        resolution="复核后补计工作绩效得分",
        corrected_total="812",
        today=D(2025, 8, 12),
    )
    result.refresh_from_db()
    assert (result.scored_total, result.total, result.level) == (Decimal(780), Decimal(812), "4A")
    assert Objection.objects.get().state == "upheld"

    services.round_announce(actor=admin, round_=round_, today=D(2025, 8, 20))
    result.refresh_from_db()
    assert (result.announced_on, result.valid_from, result.valid_to) == (
        D(2025, 8, 20),
        D(2025, 8, 20),
        D(2030, 8, 20),
    )
    assert result.validity_regime == "old"
    assert Notification.objects.filter(
        recipient_user=who.user, kind="evaluation.announced"
    ).exists()
    assert AuditEvent.objects.filter(action="evaluation.round.announce").count() == 1


def test_objection_upheld_without_a_total_means_no_level(world, experts):
    admin = world.user("district_admin")
    round_, (who,) = run_round(world, experts, ["780"])
    services.round_publish_notice(actor=admin, round_=round_, today=D(2025, 8, 1))
    result = Result.objects.get()
    objection = services.objection_file(
        actor=who.user, result=result, reason="x", today=D(2025, 8, 2)
    )
    services.objection_resolve(
        actor=admin,
        objection=objection,
        decision="upheld",
        resolution="材料造假",
        today=D(2025, 8, 3),
    )
    services.round_announce(actor=admin, round_=round_, today=D(2025, 8, 16))
    result.refresh_from_db()
    assert result.level == "" and result.valid_to is None
    assert selectors.count_valid_at(D(2025, 9, 1), "1A") == 0


@pytest.mark.parametrize(
    ("publish_on", "announce_on", "valid_from", "valid_to", "regime"),
    [
        (D(2026, 2, 10), D(2026, 2, 28), D(2026, 2, 28), D(2031, 2, 28), "old"),
        (D(2026, 2, 14), D(2026, 3, 1), D(2027, 1, 1), D(2031, 12, 31), "new"),
        (D(2026, 11, 1), D(2026, 11, 20), D(2027, 1, 1), D(2031, 12, 31), "new"),
    ],
)
def test_validity_across_the_2026_03_01_switch(
    world, experts, publish_on, announce_on, valid_from, valid_to, regime
):
    admin = world.user("district_admin")
    round_, (who,) = run_round(world, experts, ["820"], opened_on=D(2026, 1, 5))
    services.round_publish_notice(actor=admin, round_=round_, today=publish_on)
    services.round_announce(actor=admin, round_=round_, today=announce_on)
    result = Result.objects.get(organization=who.org)
    assert (result.valid_from, result.valid_to, result.validity_regime) == (
        valid_from,
        valid_to,
        regime,
    )
    assert ("第二十八条" in result.validity_basis) is (regime == "old")


def announce(world, round_, publish_on):
    admin = world.user("district_admin")
    services.round_publish_notice(actor=admin, round_=round_, today=publish_on)
    services.round_announce(actor=admin, round_=round_, today=publish_on + dt.timedelta(days=15))


def test_a_new_level_supersedes_the_old_one(world, experts):
    first, (who,) = run_round(world, experts, ["720"])
    announce(world, first, D(2025, 8, 1))  # 3A, 2025-08-16 → 2030-08-16
    second = open_round(world, D(2026, 6, 1))
    file_report(world, who.org, who.user, 2025)
    application = apply(second, who)
    assign(world, application, experts[1], D(2026, 6, 2))
    to_scoring(world, second)
    theirs = ExpertAssignment.objects.get(application=application)
    services.score_submit(actor=experts[1], assignment=theirs, scores=sheet("910"))
    announce(world, second, D(2026, 8, 1))  # 5A from 2027-01-01 (new rule)
    old = Result.objects.get(round=first)
    new = Result.objects.get(round=second)
    assert (old.ended_on, old.superseded_by_id) == (D(2026, 12, 31), new.pk)
    assert selectors.current_levels([who.org.pk], on=D(2026, 12, 31))[who.org.pk].level == "3A"
    assert selectors.current_levels([who.org.pk], on=D(2027, 1, 1))[who.org.pk].level == "5A"
    assert selectors.count_valid_at(D(2027, 6, 1)) == 1


# --- counts ------------------------------------------------------------------------------------


def test_count_3a_plus_at_a_date(world, experts, django_assert_num_queries):
    round_, people = run_round(world, experts, ["905", "750", "650", "700"])
    announce(world, round_, D(2025, 8, 1))  # valid 2025-08-16 → 2030-08-16
    with django_assert_num_queries(1):
        assert selectors.count_valid_at(D(2025, 9, 1)) == 3
    assert selectors.count_valid_at(D(2025, 8, 15)) == 0
    assert selectors.count_valid_at(D(2030, 8, 16)) == 3
    assert selectors.count_valid_at(D(2030, 8, 17)) == 0
    assert selectors.count_valid_at(D(2025, 9, 1), "2A") == 4
    assert selectors.count_valid_at(D(2025, 9, 1), "5A") == 1
    assert selectors.count_valid_by_level(D(2025, 9, 1)) == {
        "1A": 0,
        "2A": 1,
        "3A": 2,
        "4A": 0,
        "5A": 1,
    }
    # A revoked organization stops counting from the revocation, not before.
    organization_terminate(
        actor=world.user("district_admin"),
        organization=people[0].org,
        kind="revocation",
        event=EventInput(
            occurred_on=D(2026, 3, 1), document_number="武民撤〔2026〕1号", reason="严重违法"
        ),
    )
    assert selectors.count_valid_at(D(2026, 2, 28)) == 3
    assert selectors.count_valid_at(D(2026, 3, 1)) == 2
    with django_assert_num_queries(1):
        levels = selectors.current_levels([p.org.pk for p in people], on=D(2026, 1, 1))
    assert {levels[p.org.pk].level for p in people} == {"5A", "3A", "2A"}


# --- expiry reminders --------------------------------------------------------------------------


def test_expiry_reminders_are_staged_and_idempotent(world, experts):
    admin = world.user("district_admin")
    round_, (who,) = run_round(world, experts, ["820"])
    announce(world, round_, D(2025, 8, 1))
    valid_to = Result.objects.get().valid_to
    assert valid_to == D(2030, 8, 16)

    def run(days_before):
        return services.evaluation_expiry_reminders(valid_to - dt.timedelta(days=days_before))

    assert run(181).sent == 0
    first = run(180)
    assert (first.sent, first.notifications) == (1, 2)  # the organization and the bureau
    assert run(180).sent == 0  # the same day twice changes nothing
    assert run(120).sent == 0
    assert run(90).sent == 1
    assert run(10).sent == 1  # a missed 30-day run sends the nearest stage once
    assert run(5).sent == 0
    assert sorted(ExpiryReminder.objects.values_list("days_before", flat=True)) == [30, 90, 180]
    assert (
        Notification.objects.filter(recipient_user=who.user, kind="evaluation.expiry").count() == 3
    )
    assert Notification.objects.filter(recipient_user=admin, kind="evaluation.expiry").count() == 3
    assert AuditEvent.objects.filter(action="evaluation.expiry_reminders").count() == 3


def test_a_withdrawn_application_leaves_no_result(world, experts):
    admin = world.user("district_admin")
    round_, (who, other) = run_round(world, experts, ["820", "700"])
    application = Application.objects.get(organization=who.org)
    assert application.state == "scored"  # aggregated in run_round (a preview)
    services.application_withdraw(actor=who.user, application=application, reason="自愿退出")
    services.round_publish_notice(actor=admin, round_=round_, today=D(2025, 8, 1))
    assert [r.organization_id for r in selectors.notice_results()] == [other.org.pk]
