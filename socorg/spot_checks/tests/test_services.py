"""Spot-check services over the database: create, draw, assign, record, rectify, publish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit.evaluation import credit_evaluate
from socorg.credit.models import CreditEntry, CreditList, CreditStatus, RectificationNotice
from socorg.registry.models import Organization
from socorg.registry.services import EventInput, organization_terminate
from socorg.spot_checks import rules, selectors
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)
from socorg.spot_checks.services import (
    campaign_create,
    campaign_draw,
    campaign_publish,
    conflict_declare,
    finding_record,
    inspectors_assign,
    pool_member_add,
    pool_member_remove,
    rectification_set,
    rectification_verify,
)
from tests.world import next_uscc, register

from .factories import (
    TODAY,
    assigned_campaign,
    campaign_input,
    drawn_campaign,
    make_campaign,
    make_expert,
    make_orgs,
    make_pool,
    record_all,
    sample_of,
)

THROUGH = SampledOrganization.inspectors.through


def sampled_ids(campaign: Campaign) -> list[int]:
    return list(
        SampledOrganization.objects.filter(campaign=campaign)
        .order_by("organization_id")
        .values_list("organization_id", flat=True)
    )


# -- campaign_create --------------------------------------------------------------------------


def test_create_takes_policy_defaults_and_generates_a_seed(world):
    campaign = campaign_create(
        actor=world.user("district_admin"),
        data=campaign_input(world, share=None),
        today=TODAY,
    )
    assert campaign.state == Campaign.State.DRAFT
    assert campaign.share == Decimal(5)
    assert campaign.min_per_stratum == 1
    assert campaign.inspectors_per_check == 2
    assert campaign.seed_generated and len(campaign.seed) == 32
    event = AuditEvent.objects.get(action="spot_checks.campaign.create")
    assert event.after["seed"] == campaign.seed
    assert event.actor == world.user("district_admin")


def test_create_records_a_given_seed(world):
    campaign = make_campaign(world, seed="wuchang-2026")
    assert campaign.seed == "wuchang-2026" and not campaign.seed_generated


def test_policy_overrides_defaults(world, settings):
    settings.POLICY = {
        **settings.POLICY,
        "spot_checks": {"share_percent": "3", "inspectors_per_check": 3},
    }
    campaign = make_campaign(world, share=None)
    assert campaign.share == Decimal(3) and campaign.inspectors_per_check == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"share": Decimal(0)}, "share"),
        ({"share": Decimal(-1)}, "share"),
        ({"share": Decimal("100.01")}, "share"),
        ({"share": Decimal("5.001")}, "share"),
        ({"share": None, "count_per_stratum": 0}, "count_per_stratum"),
        ({"min_per_stratum": -1}, "min_per_stratum"),
        ({"name": "  "}, "name"),
        ({"year": 1999}, "year"),
        ({"year": 2028}, "year"),
        ({"year": None}, "year"),
        ({"area": None}, "area"),
        ({"strata": "colour"}, "strata"),
        ({"org_types": ["company"]}, "org_types"),
        ({"inspectors_per_check": 0}, "inspectors_per_check"),
        ({"employment_recusal_years": 21}, "employment_recusal_years"),
        ({"seed": "not a seed!"}, "seed"),
    ],
)
def test_create_bad_input_names_the_field_and_writes_nothing(world, overrides, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        make_campaign(world, **overrides)
    assert not isinstance(caught.value, PermissionDenied)
    assert field in caught.value.errors, caught.value.errors
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in caught.value.errors[field])
    assert Campaign.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_create_area_must_be_district_or_street(world):
    with pytest.raises(ApplicationError) as caught:
        make_campaign(world, area=world.communities[0])
    assert "area" in caught.value.errors
    # A street of the district is a valid scope.
    assert make_campaign(world, area=world.streets[0]).area == world.streets[0]


def test_create_same_name_twice_is_refused(world):
    make_campaign(world)
    with pytest.raises(ApplicationError) as caught:
        make_campaign(world)
    assert "name" in caught.value.errors
    assert Campaign.objects.count() == 1


def test_create_outside_the_area_is_denied(world):
    with pytest.raises(PermissionDenied):
        make_campaign(world, area=world.other_district)
    with pytest.raises(PermissionDenied):
        make_campaign(world, area=world.streets[2])
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(
    "role",
    [
        "other_admin",
        "street_officer",
        "community_officer",
        "department_officer",
        "expert",
        "auditor",
        "public",
        "system_admin",
    ],
)
def test_create_denied_to_other_roles(world, role):
    with pytest.raises(PermissionDenied):
        campaign_create(actor=world.user(role), data=campaign_input(world), today=TODAY)
    assert Campaign.objects.count() == 0


# -- campaign_draw ----------------------------------------------------------------------------


def test_same_seed_same_sample_in_the_database(world):
    make_orgs(world)
    first = drawn_campaign(world, name="甲", seed="fixed-seed", share=Decimal(40))
    second = drawn_campaign(world, name="乙", seed="fixed-seed", share=Decimal(40))
    other = drawn_campaign(world, name="丙", seed="another-seed", share=Decimal(40))
    assert sampled_ids(first) == sampled_ids(second)
    assert sampled_ids(first) != sampled_ids(other)
    # The stored sample is what the pure rule gives for the same population and seed.
    population = [
        (o.id, rules.stratum_key("type", org_type=o.org_type, street_id=o.street_id))
        for o in Organization.objects.filter(district=world.district)
    ]
    assert sampled_ids(first) == rules.draw_sample(
        population, seed="fixed-seed", share_percent=Decimal(40)
    )


def test_draw_is_stratified_and_records_seed_and_strata(world):
    make_orgs(world)
    campaign = drawn_campaign(world, strata="type_street", share=Decimal(5))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAWN
    assert campaign.population_size == 10
    assert campaign.drawn_at is not None and campaign.drawn_by == world.user("district_admin")
    # At least one per non-empty stratum: (type, street) pairs in the district.
    summary = {row["stratum"]: (row["population"], row["drawn"]) for row in campaign.draw_summary}
    s0, s1 = world.streets[0].pk, world.streets[1].pk
    assert summary == {
        f"social_service|{s0}": (4, 1),
        f"social_group|{s0}": (2, 1),
        f"social_service|{s1}": (2, 1),
        f"community|{s0}": (1, 1),
        f"community|{s1}": (1, 1),
    }
    rows = sample_of(campaign)
    assert len(rows) == 5
    assert {r.stratum for r in rows} == set(summary)
    event = AuditEvent.objects.get(action="spot_checks.campaign.draw")
    assert event.after["seed"] == campaign.seed and event.after["sample"] == 5
    labels = {row.label for row in selectors.stratum_rows(campaign=campaign)}
    assert "积玉桥街道 · 社会团体" in labels


def test_draw_takes_only_active_organizations_in_scope(world):
    orgs = make_orgs(world)
    gone = orgs[0]
    organization_terminate(
        actor=world.user("district_admin"),
        organization=gone,
        kind="deregistration",
        event=EventInput(
            occurred_on=dt.date(2025, 1, 1), document_number="武民注〔2025〕1号", reason="自行解散"
        ),
    )
    outside = register(
        world,
        actor=world.user("other_admin"),
        street=world.streets[2],
        registration_authority=world.other_bureau,
        uscc=next_uscc("social_service", "420102"),
    )
    campaign = drawn_campaign(world, share=Decimal(100))
    ids = set(sampled_ids(campaign))
    assert gone.id not in ids and outside.id not in ids
    assert ids == {o.id for o in orgs[1:]}
    street = drawn_campaign(world, name="街道", area=world.streets[1], share=Decimal(100))
    assert set(sampled_ids(street)) == {o.id for o in orgs if o.street_id == world.streets[1].pk}
    types = drawn_campaign(world, name="类型", org_types=["community"], share=Decimal(100))
    assert {s.organization.org_type for s in sample_of(types)} == {"community"}


def test_draw_is_set_based(world, django_assert_max_num_queries):
    make_orgs(world)
    campaign = make_campaign(world)
    with django_assert_max_num_queries(8):
        campaign_draw(actor=world.user("district_admin"), campaign=campaign, today=TODAY)


def test_drawing_twice_is_refused(world):
    make_orgs(world)
    campaign = drawn_campaign(world)
    before = sampled_ids(campaign)
    with pytest.raises(ApplicationError) as caught:
        campaign_draw(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    assert "state" in caught.value.errors and "不能重复抽取" in caught.value.message
    assert sampled_ids(campaign) == before
    assert AuditEvent.objects.filter(action="spot_checks.campaign.draw").count() == 1


def test_draw_with_no_population_is_refused(world):
    campaign = make_campaign(world)
    with pytest.raises(ApplicationError) as caught:
        campaign_draw(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    assert "area" in caught.value.errors
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT


@pytest.mark.parametrize("role", ["other_admin", "auditor", "street_officer", "expert"])
def test_draw_denied_to_other_roles(world, role):
    make_orgs(world)
    campaign = make_campaign(world)
    with pytest.raises(PermissionDenied):
        campaign_draw(actor=world.user(role), campaign=campaign, today=TODAY)
    assert SampledOrganization.objects.count() == 0


# -- inspectors_assign ------------------------------------------------------------------------


def test_assign_is_balanced_and_records_the_pool(world):
    make_orgs(world)
    experts = make_pool(world, 4)
    campaign = assigned_campaign(world, share=Decimal(100))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.IN_PROGRESS
    rows = sample_of(campaign)
    assert all(len(r.inspectors.all()) == 2 for r in rows)
    loads = [THROUGH.objects.filter(user=e).count() for e in experts]
    assert sum(loads) == 20 and max(loads) - min(loads) <= 1
    assert campaign.assignment_summary["pool"] == sorted(e.pk for e in experts)
    assert AuditEvent.objects.filter(action="spot_checks.inspectors.assign").exists()


def test_assign_is_reproducible(world):
    make_orgs(world)
    make_pool(world, 5)
    first = assigned_campaign(world, name="甲", seed="s", share=Decimal(100))
    second = assigned_campaign(world, name="乙", seed="s", share=Decimal(100))

    def pairs(c):
        return sorted(
            THROUGH.objects.filter(sampledorganization__campaign=c).values_list(
                "sampledorganization__organization_id", "user_id"
            )
        )

    assert pairs(first) == pairs(second)


def test_recusal_in_the_database(world):
    orgs = make_orgs(world)
    experts = make_pool(world, 4)
    admin = world.user("district_admin")
    target = orgs[0]
    conflict_declare(
        actor=experts[0], inspector=experts[0], organization=target, kind="own", today=TODAY
    )
    conflict_declare(
        actor=admin,
        inspector=experts[1],
        organization=target,
        kind="employment",
        ended_on=dt.date(2024, 12, 31),
        today=TODAY,
    )
    for seed in ("a", "b", "c"):
        campaign = assigned_campaign(world, name=f"任务{seed}", seed=seed, share=Decimal(100))
        sampled = SampledOrganization.objects.get(campaign=campaign, organization=target)
        assert set(sampled.inspectors.values_list("pk", flat=True)) == {
            experts[2].pk,
            experts[3].pk,
        }


def test_employment_long_ago_is_no_conflict(world):
    orgs = make_orgs(world)
    experts = make_pool(world, 2)
    conflict_declare(
        actor=world.user("district_admin"),
        inspector=experts[0],
        organization=orgs[0],
        kind="employment",
        ended_on=dt.date(2020, 1, 1),
        today=TODAY,
    )
    campaign = assigned_campaign(world, share=Decimal(100))
    sampled = SampledOrganization.objects.get(campaign=campaign, organization=orgs[0])
    assert sampled.inspectors.count() == 2


def test_same_street_recusal_when_configured(world):
    orgs = make_orgs(world)
    admin = world.user("district_admin")
    make_pool(world, 2)  # experts: no street
    # The street officer of street 0 works there: may not check organizations of street 0.
    pool_member_add(actor=admin, user=world.user("street_officer"), area=world.district)
    campaign = assigned_campaign(
        world, share=Decimal(100), same_street_recusal=True, inspectors_per_check=2
    )
    officer = world.user("street_officer")
    for sampled in sample_of(campaign):
        if sampled.organization.street_id == world.streets[0].pk:
            assert officer not in sampled.inspectors.all()
        else:
            # The least-loaded rule gives the street-0 officer the street-1 checks.
            assert officer in sampled.inspectors.all()
    assert len(orgs) == 10


def test_empty_pool_is_a_field_error_and_nothing_is_written(world):
    make_orgs(world)
    campaign = drawn_campaign(world)
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        inspectors_assign(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    assert "pool" in caught.value.errors and "为空" in caught.value.errors["pool"][0]
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAWN
    assert THROUGH.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_not_enough_inspectors_names_the_organization(world):
    orgs = make_orgs(world)
    experts = make_pool(world, 2)
    conflict_declare(
        actor=experts[0],
        inspector=experts[0],
        organization=orgs[3],
        kind="interest",
        note="配偶在该组织任理事。",
        today=TODAY,
    )
    campaign = drawn_campaign(world, share=Decimal(100))
    with pytest.raises(ApplicationError) as caught:
        inspectors_assign(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    [message] = caught.value.errors["inspectors"]
    assert orgs[3].name in message and "只有 1 名" in message
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAWN
    assert THROUGH.objects.count() == 0


def test_assign_twice_is_refused(world):
    make_orgs(world)
    make_pool(world, 3)
    campaign = assigned_campaign(world)
    count = THROUGH.objects.count()
    with pytest.raises(ApplicationError) as caught:
        inspectors_assign(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    assert "state" in caught.value.errors
    assert THROUGH.objects.count() == count


def test_assign_denied_to_auditor(world):
    make_orgs(world)
    make_pool(world, 3)
    campaign = drawn_campaign(world)
    with pytest.raises(PermissionDenied):
        inspectors_assign(actor=world.user("auditor"), campaign=campaign, today=TODAY)


# -- findings ---------------------------------------------------------------------------------


def test_assigned_inspector_records_and_campaign_completes(world):
    make_orgs(world)
    make_pool(world, 3)
    campaign = assigned_campaign(world)
    rows = sample_of(campaign)
    first, rest = rows[0], rows[1:]
    inspector = first.inspectors.first()
    finding_record(
        actor=inspector,
        sampled=first,
        finding="issues",
        finding_text="未按规定召开会员大会。",
        checked_on=TODAY,
        today=TODAY,
    )
    first.refresh_from_db()
    assert first.finding == "issues" and first.recorded_by == inspector
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.IN_PROGRESS
    for sampled in rest:
        finding_record(
            actor=sampled.inspectors.first(),
            sampled=sampled,
            finding="no_issue",
            checked_on=TODAY,
            today=TODAY,
        )
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.COMPLETED
    assert AuditEvent.objects.filter(action="spot_checks.campaign.complete").count() == 1


def test_inspector_outside_the_check_cannot_record(world):
    make_orgs(world)
    experts = make_pool(world, 4)
    campaign = assigned_campaign(world)
    sampled = sample_of(campaign)[0]
    assigned = set(sampled.inspectors.values_list("pk", flat=True))
    outsider = next(e for e in experts if e.pk not in assigned)
    stranger = make_expert("not_in_pool")
    for actor in (outsider, stranger, world.user("district_admin"), world.user("auditor")):
        with pytest.raises(PermissionDenied):
            finding_record(
                actor=actor, sampled=sampled, finding="no_issue", checked_on=TODAY, today=TODAY
            )
    sampled.refresh_from_db()
    assert sampled.finding == SampledOrganization.Finding.PENDING


@pytest.mark.parametrize(
    ("finding", "text", "checked_on", "field"),
    [
        ("issues", "", TODAY, "finding_text"),
        ("maybe", "", TODAY, "finding"),
        ("no_issue", "", None, "checked_on"),
        ("no_issue", "", TODAY + dt.timedelta(days=1), "checked_on"),
        ("no_issue", "", TODAY - dt.timedelta(days=400), "checked_on"),
    ],
)
def test_finding_bad_input(world, finding, text, checked_on, field):
    make_orgs(world)
    make_pool(world, 2)
    campaign = assigned_campaign(world)
    sampled = sample_of(campaign)[0]
    with pytest.raises(ApplicationError) as caught:
        finding_record(
            actor=sampled.inspectors.first(),
            sampled=sampled,
            finding=finding,
            finding_text=text,
            checked_on=checked_on,
            today=TODAY,
        )
    assert field in caught.value.errors
    sampled.refresh_from_db()
    assert sampled.finding == SampledOrganization.Finding.PENDING


def test_findings_before_assignment_are_refused(world):
    make_orgs(world)
    campaign = drawn_campaign(world)
    sampled = sample_of(campaign)[0]
    with pytest.raises(PermissionDenied):
        finding_record(
            actor=world.user("expert"),
            sampled=sampled,
            finding="no_issue",
            checked_on=TODAY,
            today=TODAY,
        )


# -- rectification and credit -----------------------------------------------------------------


def _campaign_with_issue(world):
    orgs = make_orgs(world)
    make_pool(world, 3)
    campaign = assigned_campaign(world, share=Decimal(100))
    target = orgs[1]
    record_all(campaign, issues={target.id})
    return campaign, SampledOrganization.objects.get(campaign=campaign, organization=target)


def test_rectification_creates_a_credit_notice(world):
    campaign, sampled = _campaign_with_issue(world)
    deadline = TODAY + dt.timedelta(days=30)
    rectification_set(
        actor=world.user("district_admin"),
        sampled=sampled,
        deadline=deadline,
        document_number="武民整〔2026〕7号",
        today=TODAY,
    )
    sampled.refresh_from_db()
    notice = sampled.rectification_notice
    assert isinstance(notice, RectificationNotice)
    assert notice.deadline == deadline and notice.issued_on == TODAY
    assert notice.organization_id == sampled.organization_id
    assert notice.document_number == "武民整〔2026〕7号"
    assert str(campaign.pk) in notice.source
    assert notice.content == sampled.finding_text
    assert AuditEvent.objects.filter(action="spot_checks.rectification.set").exists()
    assert AuditEvent.objects.filter(action="credit.notice.record").exists()
    # Once a notice is issued, the finding can no longer be changed.
    with pytest.raises(PermissionDenied):
        finding_record(
            actor=sampled.inspectors.first(),
            sampled=sampled,
            finding="no_issue",
            checked_on=TODAY,
            today=TODAY,
        )


def test_missed_deadline_becomes_a3_after_credit_evaluation(world):
    _campaign, sampled = _campaign_with_issue(world)
    deadline = TODAY + dt.timedelta(days=30)
    rectification_set(
        actor=world.user("district_admin"),
        sampled=sampled,
        deadline=deadline,
        document_number="武民整〔2026〕8号",
        today=TODAY,
    )
    org = sampled.organization
    credit_evaluate(organization=org, today=deadline)
    assert not CreditEntry.objects.filter(organization=org, code="A3").exists()
    credit_evaluate(organization=org, today=deadline + dt.timedelta(days=1))
    entry = CreditEntry.objects.get(organization=org, code="A3")
    assert entry.list_kind == CreditList.ABNORMAL
    assert entry.effective_on == deadline + dt.timedelta(days=1)
    status = CreditStatus.objects.get(organization=org)
    assert status.list_kind == CreditList.ABNORMAL and "A3" in status.codes
    sampled.refresh_from_db()
    code, _words = selectors.rectification_state(
        sampled.rectification_notice, today=deadline + dt.timedelta(days=1)
    )
    assert code == selectors.RectificationState.OVERDUE


def test_rectified_on_time_is_no_a3(world):
    _campaign, sampled = _campaign_with_issue(world)
    deadline = TODAY + dt.timedelta(days=30)
    admin = world.user("district_admin")
    rectification_set(
        actor=admin,
        sampled=sampled,
        deadline=deadline,
        document_number="武民整〔2026〕9号",
        today=TODAY,
    )
    rectification_verify(
        actor=admin,
        sampled=sampled,
        rectified_on=TODAY + dt.timedelta(days=10),
        evidence="已补建会计账簿，提交整改报告。",
        today=TODAY + dt.timedelta(days=12),
    )
    credit_evaluate(organization=sampled.organization, today=deadline + dt.timedelta(days=5))
    assert not CreditEntry.objects.filter(organization=sampled.organization, code="A3").exists()
    sampled.refresh_from_db()
    code, _ = selectors.rectification_state(sampled.rectification_notice, today=deadline)
    assert code == selectors.RectificationState.RECTIFIED


@pytest.mark.parametrize(
    ("deadline", "document", "field"),
    [
        (TODAY - dt.timedelta(days=1), "武民整〔2026〕1号", "deadline"),
        (TODAY, "武民整〔2026〕1号", "deadline"),
        (None, "武民整〔2026〕1号", "deadline"),
        (TODAY + dt.timedelta(days=30), "  ", "document_number"),
    ],
)
def test_rectification_bad_input_writes_nothing(world, deadline, document, field):
    _campaign, sampled = _campaign_with_issue(world)
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        rectification_set(
            actor=world.user("district_admin"),
            sampled=sampled,
            deadline=deadline,
            document_number=document,
            today=TODAY,
        )
    assert field in caught.value.errors
    assert RectificationNotice.objects.count() == 0
    assert AuditEvent.objects.count() == before
    sampled.refresh_from_db()
    assert sampled.rectification_notice_id is None


def test_rectification_needs_issues_and_is_issued_once(world):
    campaign, sampled = _campaign_with_issue(world)
    admin = world.user("district_admin")
    clean = SampledOrganization.objects.filter(campaign=campaign, finding="no_issue").first()
    deadline = TODAY + dt.timedelta(days=30)
    with pytest.raises(ApplicationError) as caught:
        rectification_set(
            actor=admin, sampled=clean, deadline=deadline, document_number="甲", today=TODAY
        )
    assert "finding" in caught.value.errors
    rectification_set(
        actor=admin, sampled=sampled, deadline=deadline, document_number="乙", today=TODAY
    )
    with pytest.raises(ApplicationError) as caught:
        rectification_set(
            actor=admin, sampled=sampled, deadline=deadline, document_number="丙", today=TODAY
        )
    assert "rectification" in caught.value.errors
    assert RectificationNotice.objects.count() == 1


@pytest.mark.parametrize("role", ["other_admin", "auditor", "street_officer", "expert"])
def test_rectification_denied_to_other_roles(world, role):
    _campaign, sampled = _campaign_with_issue(world)
    with pytest.raises(PermissionDenied):
        rectification_set(
            actor=world.user(role),
            sampled=sampled,
            deadline=TODAY + dt.timedelta(days=30),
            document_number="武民整〔2026〕1号",
            today=TODAY,
        )
    assert RectificationNotice.objects.count() == 0


# -- publication ------------------------------------------------------------------------------


def test_publish_before_completion_is_refused(world):
    make_orgs(world)
    make_pool(world, 3)
    campaign = assigned_campaign(world)
    with pytest.raises(ApplicationError) as caught:
        campaign_publish(actor=world.user("district_admin"), campaign=campaign, today=TODAY)
    assert "state" in caught.value.errors and "未录入" in caught.value.message
    assert not SampledOrganization.objects.filter(published=True).exists()


def test_publish_makes_results_public(world):
    campaign, sampled = _campaign_with_issue(world)
    admin = world.user("district_admin")
    with pytest.raises(PermissionDenied):
        campaign_publish(actor=world.user("auditor"), campaign=campaign, today=TODAY)
    rectification_set(
        actor=admin,
        sampled=sampled,
        deadline=TODAY + dt.timedelta(days=30),
        document_number="武民整〔2026〕3号",
        today=TODAY,
    )
    campaign_publish(actor=admin, campaign=campaign, today=TODAY)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PUBLISHED and campaign.published_by == admin
    rows = {r.organization_id: r for r in selectors.published_results()}
    assert len(rows) == 10
    row = selectors.published_row(rows[sampled.organization_id], today=TODAY)
    assert row["organization_name"] == sampled.organization.name
    assert row["uscc"] == sampled.organization.uscc
    assert row["result"] == "issues"
    assert row["rectification_state"] == selectors.RectificationState.PENDING
    with pytest.raises(ApplicationError):
        campaign_publish(actor=admin, campaign=campaign, today=TODAY)


# -- pool and conflicts -----------------------------------------------------------------------


def test_pool_add_remove_and_roles(world):
    admin = world.user("district_admin")
    member = pool_member_add(
        actor=admin, user=world.user("department_officer"), area=world.district
    )
    assert member.source == InspectorPoolMember.Source.AGENCY and member.agency == world.unit
    officer = pool_member_add(actor=admin, user=world.user("street_officer"), area=world.district)
    assert officer.street == world.streets[0]
    expert = pool_member_add(actor=admin, user=world.user("expert"), area=world.district)
    assert expert.source == InspectorPoolMember.Source.EXPERT
    with pytest.raises(ApplicationError) as caught:
        pool_member_add(actor=admin, user=world.user("expert"), area=world.district)
    assert "user" in caught.value.errors
    for role in ("public", "auditor", "system_admin"):
        with pytest.raises(ApplicationError) as caught:
            pool_member_add(actor=admin, user=world.user(role), area=world.district)
        assert "user" in caught.value.errors
    with pytest.raises(PermissionDenied):
        pool_member_add(actor=world.user("auditor"), user=world.user("expert"), area=world.district)
    with pytest.raises(PermissionDenied):
        pool_member_add(actor=admin, user=make_expert("x"), area=world.other_district)
    with pytest.raises(ApplicationError) as caught:
        pool_member_remove(actor=admin, member=expert, reason="")
    assert "reason" in caught.value.errors
    pool_member_remove(actor=admin, member=expert, reason="调离")
    expert.refresh_from_db()
    assert not expert.is_active
    again = pool_member_add(actor=admin, user=world.user("expert"), area=world.district)
    assert again.pk == expert.pk and again.is_active


def test_conflict_declarations(world):
    orgs = make_orgs(world)
    expert = world.user("expert")
    conflict_declare(actor=expert, inspector=expert, organization=orgs[0], kind="own", today=TODAY)
    with pytest.raises(PermissionDenied):
        conflict_declare(
            actor=expert,
            inspector=world.user("street_officer"),
            organization=orgs[0],
            kind="own",
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        conflict_declare(
            actor=world.user("public"),
            inspector=world.user("public"),
            organization=orgs[0],
            kind="own",
            today=TODAY,
        )
    bad = [
        ({"kind": "own"}, "organization"),  # the same declaration twice
        ({"kind": "friend"}, "kind"),
        ({"kind": "interest", "note": ""}, "note"),
        ({"kind": "employment", "ended_on": TODAY + dt.timedelta(days=1)}, "ended_on"),
        ({"kind": "own", "ended_on": TODAY}, "ended_on"),
    ]
    for kwargs, field in bad:
        with pytest.raises(ApplicationError) as caught:
            conflict_declare(
                actor=expert, inspector=expert, organization=orgs[0], today=TODAY, **kwargs
            )
        assert field in caught.value.errors, kwargs
    assert ConflictDeclaration.objects.count() == 1
    assert list(selectors.conflict_list(user=expert)) == list(
        ConflictDeclaration.objects.filter(inspector=expert)
    )
    assert selectors.conflict_list(user=world.user("district_admin")).count() == 1
    assert selectors.conflict_list(user=world.user("other_admin")).count() == 0


# -- selectors --------------------------------------------------------------------------------


def test_campaign_and_inspection_scopes(world):
    make_orgs(world)
    experts = make_pool(world, 3)
    campaign = assigned_campaign(world)
    assert list(selectors.campaign_list(user=world.user("district_admin"))) == [campaign]
    assert list(selectors.campaign_list(user=world.user("auditor"))) == [campaign]
    for role in ("other_admin", "street_officer", "expert", "public"):
        assert not selectors.campaign_list(user=world.user(role)).exists()
    mine = {s.pk for e in experts for s in selectors.my_inspections(user=e)}
    assert mine == {s.pk for s in sample_of(campaign)}
    assert not selectors.my_inspections(user=world.user("expert")).exists()
    progress = selectors.campaign_progress(campaign=campaign)
    assert progress["total"] == len(sample_of(campaign)) and progress["checked"] == 0


def test_my_inspections_hides_campaigns_not_yet_assigned(world):
    make_orgs(world)
    make_pool(world, 2)
    campaign = drawn_campaign(world)
    assert campaign.state == Campaign.State.DRAWN
    assert not SampledOrganization.objects.filter(inspectors__isnull=False).exists()
