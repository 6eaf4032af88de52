"""Party-building services and selectors on a small world: writes, bad input, roles, numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization
from socorg.party.policy import get_policy
from socorg.party.rules import CREDIT_A2, PartyOrgForm
from socorg.party.selectors import (
    party_coverage_by_street,
    party_coverage_by_type,
    party_coverage_total,
    party_credit_findings,
    party_facts_for,
    party_missing_list,
)
from socorg.party.services import (
    PartyOrganizationInput,
    party_instructor_assign,
    party_instructor_end,
    party_organization_record,
)
from tests.world import register

from .conftest import TODAY, single

pytestmark = pytest.mark.django_db


def counts(row):
    c = row.counts
    return (c.total, c.single, c.joint, c.functional, c.work_covered, row.missing)


# --- writes and audit -------------------------------------------------------------------


def test_record_creates_and_audits(world, party):
    record = PartyOrganization.objects.get(organization=party.a)
    assert record.form == "single"
    assert record.full_members == 5
    assert record.charter_includes_party_building
    assert record.recorded_by == world.user("district_admin")
    event = AuditEvent.objects.get(action="party.organization.record", object_id=str(record.pk))
    assert event.after["form"] == "single"
    assert event.after["covered_organizations"] == []


def test_update_audits_only_what_changed(world, party):
    record = PartyOrganization.objects.get(organization=party.b)
    party_organization_record(
        actor=world.user("district_admin"),
        organization=party.b,
        data=single(
            2,
            form="joint",
            name="积玉桥联合党支部",
            covered_organizations=(party.c, party.a.__class__.objects.get(pk=party.g.pk)),
        ),
        reason="杨园教育发展中心加入联合党支部",
        today=TODAY,
    )
    # g is in the second street but the district admin covers both: accepted.
    assert set(JointCoverage.objects.values_list("organization_id", flat=True)) == {
        party.c.pk,
        party.g.pk,
    }
    event = AuditEvent.objects.filter(action="party.organization.update").get()
    assert event.before == {"full_members": 1, "covered_organizations": [party.c.pk]}
    assert event.after == {
        "full_members": 2,
        "covered_organizations": sorted([party.c.pk, party.g.pk]),
    }
    assert event.reason == "杨园教育发展中心加入联合党支部"
    assert PartyOrganization.objects.get(pk=record.pk).full_members == 2


def test_changing_a_joint_branch_to_none_frees_its_units(world, party):
    party_organization_record(
        actor=world.user("district_admin"),
        organization=party.b,
        data=PartyOrganizationInput(form="none", full_members=1),
        today=TODAY,
    )
    assert not JointCoverage.objects.exists()


# --- bad input: clear field error, nothing written ----------------------------------------


def _refused(world, org, data, field, *, actor="district_admin"):
    before_records = list(PartyOrganization.objects.values_list("id", "form", "full_members"))
    before_cover = list(JointCoverage.objects.values_list("id", "organization_id"))
    before_audit = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        party_organization_record(actor=world.user(actor), organization=org, data=data, today=TODAY)
    assert field in caught.value.errors, caught.value.errors
    assert list(PartyOrganization.objects.values_list("id", "form", "full_members")) == (
        before_records
    )
    assert list(JointCoverage.objects.values_list("id", "organization_id")) == before_cover
    assert AuditEvent.objects.count() == before_audit
    return caught.value.errors[field][0]


def test_negative_members_refused(world, party):
    message = _refused(world, party.g, single(-2), "full_members")
    assert "负数" in message


def test_single_with_too_few_members_refused(world, party):
    message = _refused(world, party.g, single(2), "full_members")
    assert "3" in message and "2" in message


def test_joint_branch_over_the_limit_refused(world, party):
    extra = tuple(register(world, name=f"积玉桥新组织{i}") for i in range(5))
    message = _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=extra),
        "covered_organizations",
    )
    assert "5" in message and "6" in message


@override_settings(POLICY={"party": {"joint_branch_max_units": 7}})
def test_joint_branch_limit_is_configuration(world, party):
    extra = tuple(register(world, name=f"积玉桥新组织{i}") for i in range(5))
    party_organization_record(
        actor=world.user("district_admin"),
        organization=party.g,
        data=single(1, form="joint", covered_organizations=extra),
        today=TODAY,
    )
    assert JointCoverage.objects.filter(party_organization__organization=party.g).count() == 5


def test_future_dates_refused(world, party):
    message = _refused(world, party.g, single(established_on=dt.date(2026, 5, 2)), "established_on")
    assert "2026-05-01" in message
    _refused(world, party.g, single(as_of=dt.date(2026, 6, 1)), "as_of")


def test_unknown_form_refused(world, party):
    _refused(world, party.g, single(form="secret"), "form")


def test_covering_an_organization_already_in_a_joint_branch_refused(world, party):
    message = _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=(party.c,)),
        "covered_organizations",
    )
    assert "积玉桥文化促进会" in message


def test_covering_an_organization_with_its_own_branch_refused(world, party):
    message = _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=(party.a,)),
        "covered_organizations",
    )
    assert "积玉桥阳光服务中心" in message


def test_covering_itself_or_an_inactive_or_foreign_organization_refused(world, party):
    _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=(party.g,)),
        "covered_organizations",
    )
    _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=(party.h,)),
        "covered_organizations",
    )
    _refused(
        world,
        party.g,
        single(1, form="joint", covered_organizations=(party.x,)),
        "covered_organizations",
    )


def test_a_member_unit_cannot_set_up_its_own_branch(world, party):
    message = _refused(world, party.c, single(), "form")
    assert "积玉桥文化促进会" in message


def test_none_with_branch_details_refused(world, party):
    _refused(world, party.g, PartyOrganizationInput(form="none", level="branch"), "level")


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "org", "allowed"),
    [
        ("district_admin", "g", True),
        ("district_admin", "x", False),  # other district
        ("other_admin", "g", False),
        ("street_officer", "f", True),  # community organization in the officer's street
        ("street_officer", "a", False),  # registered organization: the bureau records it
        ("other_street_officer", "f", False),
        ("department_officer", "g", False),
        ("community_officer", "f", False),
        ("auditor", "g", False),
        ("public", "g", False),
        ("system_admin", "g", False),
    ],
)
def test_who_may_record(world, party, role, org, allowed):
    organization = getattr(party, org)
    data = (
        single(0, form="functional")
        if organization.org_type == "community"
        else PartyOrganizationInput(form="none", full_members=1)
    )
    if allowed:
        party_organization_record(
            actor=world.user(role), organization=organization, data=data, today=TODAY
        )
    else:
        before = AuditEvent.objects.count()
        with pytest.raises(PermissionDenied):
            party_organization_record(
                actor=world.user(role), organization=organization, data=data, today=TODAY
            )
        assert AuditEvent.objects.count() == before


def test_organization_account_may_not_record(world, party, org_account):
    with pytest.raises(PermissionDenied):
        party_organization_record(actor=org_account, organization=party.a, data=single())


def test_inactive_organization_refused(world, party):
    with pytest.raises(PermissionDenied):
        party_organization_record(
            actor=world.user("district_admin"), organization=party.h, data=single()
        )


# --- instructors ------------------------------------------------------------------------------


def test_instructor_assign_and_end(world, party):
    admin = world.user("district_admin")
    assignment = PartyInstructorAssignment.objects.get(organization=party.e)
    with pytest.raises(ApplicationError) as caught:
        party_instructor_end(
            actor=admin, assignment=assignment, ended_on=dt.date(2025, 8, 1), today=TODAY
        )
    assert "ended_on" in caught.value.errors
    party_instructor_end(
        actor=admin, assignment=assignment, ended_on=dt.date(2026, 4, 1), reason="调任", today=TODAY
    )
    assignment.refresh_from_db()
    assert assignment.ended_on == dt.date(2026, 4, 1)
    assert AuditEvent.objects.filter(action="party.instructor.end").count() == 1
    with pytest.raises(ApplicationError):
        party_instructor_end(
            actor=admin, assignment=assignment, ended_on=dt.date(2026, 4, 2), today=TODAY
        )
    # After it ended, e has no work coverage any more.
    assert not party_facts_for([party.e.pk], today=TODAY)[party.e.pk].has_instructor
    assert party_facts_for([party.e.pk], today=dt.date(2026, 3, 31))[party.e.pk].has_instructor


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"person_name": " "}, "person_name"),
        ({"role": "boss"}, "role"),
        ({"assigned_on": dt.date(2026, 5, 2)}, "assigned_on"),
    ],
)
def test_instructor_bad_input(world, party, kwargs, field):
    values = {
        "role": "liaison",
        "person_name": "赵联络员",
        "assigned_on": dt.date(2026, 1, 1),
        **kwargs,
    }
    before = PartyInstructorAssignment.objects.count()
    with pytest.raises(ApplicationError) as caught:
        party_instructor_assign(
            actor=world.user("district_admin"), organization=party.g, today=TODAY, **values
        )
    assert field in caught.value.errors
    assert PartyInstructorAssignment.objects.count() == before


def test_instructor_roles(world, party):
    for role in ("department_officer", "other_admin", "auditor"):
        with pytest.raises(PermissionDenied):
            party_instructor_assign(
                actor=world.user(role),
                organization=party.g,
                role="instructor",
                person_name="某人",
                assigned_on=dt.date(2026, 1, 1),
                today=TODAY,
            )


# --- statistics on the small world ------------------------------------------------------------


def test_coverage_total(world, party):
    row = party_coverage_total(user=world.user("district_admin"), today=TODAY)
    # a, b, c, f, d, e, g are active in the district; h is deregistered; x is elsewhere.
    assert counts(row) == (7, 1, 2, 1, 5, 1)
    assert row.rates.organization == Decimal("42.9")
    assert row.rates.single == Decimal("14.3")
    assert row.rates.work == Decimal("71.4")


def test_coverage_by_street(world, party, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        rows = party_coverage_by_street(user=world.user("district_admin"), today=TODAY)
    assert [r.label for r in rows] == ["积玉桥街道", "杨园街道"]
    first, second = rows
    assert counts(first) == (4, 1, 2, 1, 4, 0)
    assert first.rates.organization == Decimal("75.0")
    assert first.rates.work == Decimal("100.0")
    assert counts(second) == (3, 0, 0, 0, 1, 1)
    assert second.rates.organization == Decimal("0.0")
    assert second.rates.work == Decimal("33.3")


def test_coverage_by_type(world, party):
    rows = {
        r.key: r for r in party_coverage_by_type(user=world.user("district_admin"), today=TODAY)
    }
    assert list(rows) == ["social_group", "social_service", "foundation", "community"]
    assert counts(rows["social_service"]) == (4, 1, 1, 0, 3, 0)  # a, c, e, g
    assert counts(rows["social_group"]) == (1, 0, 1, 0, 1, 0)
    assert counts(rows["foundation"]) == (1, 0, 0, 0, 0, 1)
    assert counts(rows["community"]) == (1, 0, 0, 1, 1, 0)


def test_coverage_is_scoped(world, party):
    street = party_coverage_total(user=world.user("street_officer"), today=TODAY)
    assert street.counts.total == 4
    other = party_coverage_total(user=world.user("other_admin"), today=TODAY)
    assert counts(other) == (1, 1, 0, 0, 1, 0)
    unit = party_coverage_total(user=world.user("department_officer"), today=TODAY)
    assert unit.counts.total == 6  # every registered organization here is under 教育局 but x
    assert party_coverage_total(user=world.user("public"), today=TODAY).counts.total == 0


def test_instructor_counts_only_while_assigned(world, party):
    before = party_coverage_total(user=world.user("district_admin"), today=dt.date(2025, 8, 31))
    assert before.counts.work_covered == 4


def test_missing_list(world, party):
    admin = world.user("district_admin")
    assert list(party_missing_list(user=admin)) == [party.d]
    assert list(party_missing_list(user=world.user("street_officer"))) == []
    assert list(party_missing_list(user=admin, street_id=world.streets[0].pk)) == []


# --- facts for the credit app ---------------------------------------------------------------


def test_party_facts_for(world, party, django_assert_max_num_queries):
    ids = [o.pk for o in vars(party).values()]
    with django_assert_max_num_queries(3):
        facts = party_facts_for(ids, today=TODAY)
    assert facts[party.a.pk].form is PartyOrgForm.SINGLE
    assert facts[party.c.pk].covered_by_joint and facts[party.c.pk].form is None
    assert facts[party.d.pk].full_members == 4
    assert facts[party.d.pk].as_of == dt.date(2026, 2, 1)
    assert facts[party.e.pk].has_instructor
    assert facts[party.g.pk].full_members is None
    assert not facts[party.h.pk].active
    assert party_facts_for([], today=TODAY) == {}


def test_credit_findings_off_by_default(world, party):
    assert get_policy().missing_party_org_is_credit_trigger is False
    assert list(party_credit_findings()) == []


@override_settings(POLICY={"party": {"missing_party_org_is_credit_trigger": True}})
def test_credit_findings_where_configured(world, party, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        findings = list(party_credit_findings())
    assert [org_id for org_id, _ in findings] == [party.d.pk]
    finding = findings[0][1]
    assert finding.code == "A2"
    assert finding.citation == CREDIT_A2
    assert finding.found_on == dt.date(2026, 2, 1)


@override_settings(
    POLICY={
        "party": {
            "missing_party_org_is_credit_trigger": True,
            "credit_trigger_org_types": ["social_group"],
        }
    }
)
def test_credit_findings_respect_configured_types(world, party):
    assert list(party_credit_findings()) == []


@override_settings(POLICY={"party": {"no_such_rule": 1}})
def test_unknown_policy_key_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        get_policy()


def test_party_facts_for_in_chunks_dense_and_sparse(world, party, monkeypatch):
    from socorg.party import selectors

    everything = party_facts_for([o.pk for o in vars(party).values()], today=TODAY)
    monkeypatch.setattr(selectors, "FACTS_CHUNK", 2)
    ids = sorted(o.pk for o in vars(party).values())
    assert party_facts_for(ids, today=TODAY) == everything  # dense chunks: ranges
    sparse = [ids[0], ids[-1]]  # far apart: an IN list, nothing in between leaks in
    assert party_facts_for(sparse, today=TODAY) == {i: everything[i] for i in sparse}
