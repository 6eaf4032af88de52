"""Reads over a small world: who must file (SQL and rule agree), the inspection rate by type and
street, the 未参检 list, the per-year facts for credit A1, visibility and queues per role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import override_settings

from socorg.accounts.models import User
from socorg.annual_reports import rules
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.policy import get_policy
from socorg.annual_reports.selectors import (
    annual_report_queue,
    annual_report_visible,
    filing_facts,
    inspection_rate_trend,
    inspection_statistics,
    missed_reports,
    organizations_required,
    report_facts_for,
)
from socorg.annual_reports.services import annual_report_act
from socorg.registry.models import Organization
from socorg.registry.services import EventInput, organization_terminate
from tests.world import next_uscc, register

from .conftest import YEAR, D, draft, make_org_user, submitted

AFTER_DEADLINES = D(2026, 6, 10)  # every 2025 deadline has passed


def _terminate(world, org, on):
    organization_terminate(
        actor=world.user("district_admin"),
        organization=org,
        kind="deregistration",
        event=EventInput(occurred_on=on, document_number="武民注〔2026〕1号", reason="解散"),
    )


@pytest.fixture
def district(world, orgs, accounts):
    """The small district of conftest plus: an organization in the second street with no
    report, one registered after the 2025 cut-off, one deregistered before the registrar's
    deadline and one after it; reports: supervised passed, community accepted, direct a draft."""
    extra = SimpleNamespace(
        street2=register(world, name="杨园助老服务中心", street=world.streets[1]),
        new=register(world, name="积玉桥新成立服务中心", on=D(2025, 7, 1)),
        gone_early=register(world, name="积玉桥已注销服务中心"),
        gone_late=register(world, name="积玉桥后注销服务中心"),
    )
    _terminate(world, extra.gone_early, D(2026, 1, 5))
    _terminate(world, extra.gone_late, D(2026, 6, 15))
    passed = submitted(accounts.supervised, orgs.supervised)
    annual_report_act(actor=world.user("department_officer"), report=passed, action="pre_approve")
    annual_report_act(actor=world.user("district_admin"), report=passed, action="conclude_pass")
    accepted = submitted(accounts.community, orgs.community)
    annual_report_act(actor=world.user("street_officer"), report=accepted, action="accept")
    draft(accounts.direct, orgs.direct)
    return SimpleNamespace(**vars(orgs), **vars(extra))


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


# --- who must file ------------------------------------------------------------------------------


def test_required_in_sql_agrees_with_the_rule_for_every_organization_and_year(world, district):
    policy = get_policy()
    for year in range(2019, 2027):
        in_sql = set(organizations_required(year=year, policy=policy).values_list("id", flat=True))
        by_rule = {
            org.id
            for org in Organization.objects.all()
            if rules.must_file(filing_facts(org), year, policy).required
        }
        assert in_sql == by_rule, year


def test_who_must_file_2025(world, district):
    assert names(organizations_required(year=YEAR)) == {
        "积玉桥阳光服务中心",
        "武昌区书画协会",
        "积玉桥社区舞蹈队",
        "江岸区邻里服务中心",
        "杨园助老服务中心",
        "积玉桥后注销服务中心",  # deregistered after 2026-05-31: still had to file
    }


@override_settings(POLICY={"annual_reports": {"community": {"required": False}}})
def test_community_filing_can_be_switched_off(world, district):
    assert "积玉桥社区舞蹈队" not in names(organizations_required(year=YEAR))


def test_organization_without_dates_counts_as_long_standing(world, district):
    Organization.objects.filter(pk=district.street2.pk).update(registered_on=None, founded_on=None)
    assert "杨园助老服务中心" in names(organizations_required(year=2015))


# --- 未参检 -------------------------------------------------------------------------------------


def test_missed_reports_after_the_deadlines(world, district):
    assert names(missed_reports(year=YEAR, today=AFTER_DEADLINES)) == {
        "武昌区书画协会",  # a draft only
        "江岸区邻里服务中心",
        "杨园助老服务中心",
        "积玉桥后注销服务中心",
    }


def test_missed_reports_follow_each_cohorts_deadline(world, district):
    # On 2026-04-01 the supervised and community deadline (03-31) has passed, the direct one
    # (05-31) has not.
    assert names(missed_reports(year=YEAR, today=D(2026, 4, 1))) == {
        "杨园助老服务中心",
        "积玉桥后注销服务中心",
    }
    assert not missed_reports(year=YEAR, today=D(2026, 3, 31)).exists()


def test_a_returned_report_not_resubmitted_is_missed(world, district, accounts):
    report = submitted(accounts.supervised, district.supervised, year=2024)
    annual_report_act(
        actor=world.user("department_officer"), report=report, action="return", note="补充材料"
    )
    assert "积玉桥阳光服务中心" in names(missed_reports(year=2024, today=AFTER_DEADLINES))


@override_settings(POLICY={"annual_reports": {"late_handling": "accept_marked"}})
def test_a_late_report_accepted_is_not_missed(world, district):
    user = make_org_user(world, district.street2, "org_street2")
    report = draft(user, district.street2)
    annual_report_act(actor=user, report=report, action="submit", today=D(2026, 4, 20))
    missed = names(missed_reports(year=YEAR, today=AFTER_DEADLINES))
    assert "杨园助老服务中心" not in missed
    stats = inspection_statistics(
        user=world.user("district_admin"), year=YEAR, today=AFTER_DEADLINES
    )
    assert stats.total.late == 1


# --- inspection rate ----------------------------------------------------------------------------


def test_inspection_rate_by_type_and_street(world, district, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        stats = inspection_statistics(
            user=world.user("district_admin"), year=YEAR, today=AFTER_DEADLINES
        )
    total = stats.total
    assert (total.required, total.filed, total.missed) == (5, 2, 3)
    assert (total.passed, total.accepted, total.failed, total.awaiting) == (1, 1, 0, 0)
    assert total.rate == Decimal("0.4")
    assert total.rate_percent == "40.00%"
    by_type = {row.key: (row.required, row.filed, row.missed) for row in stats.by_type}
    assert by_type == {
        "social_service": (3, 1, 2),
        "social_group": (1, 0, 1),
        "community": (1, 1, 0),
    }
    by_street = {row.label: (row.required, row.filed, row.rate) for row in stats.by_street}
    assert by_street == {
        "积玉桥街道": (4, 2, Decimal("0.5")),
        "杨园街道": (1, 0, Decimal("0")),
    }


def test_inspection_rate_scoped_to_the_supervisory_unit(world, district):
    stats = inspection_statistics(
        user=world.user("department_officer"), year=YEAR, today=AFTER_DEADLINES
    )
    # the unit supervises the 社会服务机构 registered by default in the test world
    assert (stats.total.required, stats.total.filed) == (3, 1)


def test_statistics_before_the_deadline_count_no_one_missed(world, district):
    stats = inspection_statistics(user=world.user("district_admin"), year=YEAR, today=D(2026, 3, 1))
    assert stats.total.missed == 0


@pytest.mark.parametrize("role", ["public", "expert", "organization", "system_admin"])
def test_statistics_are_empty_for_roles_without_them(world, district, role):
    user = world.user(role) if role != "organization" else User.objects.get(username="org_direct")
    stats = inspection_statistics(user=user, year=YEAR, today=AFTER_DEADLINES)
    assert stats.total.required == 0 and stats.by_type == []


def test_trend_per_year(world, district):
    rows = inspection_rate_trend(
        user=world.user("district_admin"), years=[2025, 2024], today=AFTER_DEADLINES
    )
    assert [(r.label, r.required, r.filed) for r in rows] == [("2025", 5, 2), ("2024", 6, 0)]
    assert rows[1].rate == Decimal("0")


def test_nobody_required_gives_no_rate(world):
    stats = inspection_statistics(
        user=world.user("district_admin"), year=YEAR, today=AFTER_DEADLINES
    )
    assert stats.total.rate is None and stats.total.rate_percent == "—"


# --- facts for credit A1 ------------------------------------------------------------------------


def test_report_facts_for_credit(world, district, accounts, django_assert_max_num_queries):
    failed = submitted(accounts.direct, district.direct, year=2024)
    annual_report_act(
        actor=world.user("district_admin"),
        report=failed,
        action="conclude_fail",
        note="严重违规",
        today=D(2025, 6, 20),
    )
    ids = Organization.objects.values_list("id", flat=True)
    with django_assert_max_num_queries(2):
        facts = report_facts_for(ids, [2024, 2025], today=AFTER_DEADLINES)
    assert set(facts) == set(ids)
    supervised = {f.year: f for f in facts[district.supervised.id]}
    assert supervised[2025].due_on == D(2026, 3, 31)
    assert supervised[2025].filed_on == D(2026, 3, 1)
    assert (supervised[2025].state, supervised[2025].conclusion) == ("passed", "pass")
    assert supervised[2025].income_total == Decimal("7000.00")
    assert supervised[2024].filed_on is None and supervised[2024].state == "not_filed"
    direct = {f.year: f for f in facts[district.direct.id]}
    assert direct[2025].due_on == D(2026, 5, 31)
    assert direct[2025].filed_on is None  # a draft is not filed
    assert direct[2025].state == "not_filed"
    assert direct[2024].rejected_on == D(2025, 6, 20)
    assert direct[2024].filed_on == D(2025, 3, 1)
    assert facts[district.new.id] == ()  # registered after the 2025 cut-off
    assert [f.year for f in facts[district.gone_early.id]] == [2024]
    assert [f.year for f in facts[district.gone_late.id]] == [2024, 2025]


def test_report_facts_before_the_deadline_have_no_state(world, district):
    facts = report_facts_for(
        Organization.objects.filter(pk=district.street2.pk), [YEAR], today=D(2026, 3, 1)
    )
    (fact,) = facts[district.street2.pk]
    assert (fact.filed_on, fact.state) == (None, "")


# --- visibility and queues ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"积玉桥阳光服务中心", "武昌区书画协会", "积玉桥社区舞蹈队"}),
        ("auditor", {"积玉桥阳光服务中心", "武昌区书画协会", "积玉桥社区舞蹈队"}),
        ("other_admin", set()),
        ("department_officer", {"积玉桥阳光服务中心"}),
        ("street_officer", {"积玉桥社区舞蹈队"}),
        ("community_officer", {"积玉桥社区舞蹈队"}),
        ("other_street_officer", set()),
        ("expert", set()),
        ("public", set()),
    ],
)
def test_visible_reports_per_role(world, district, role, expected):
    visible = annual_report_visible(user=world.user(role))
    assert set(visible.values_list("organization__name", flat=True)) == expected


def test_an_organization_sees_only_its_own(world, district, accounts):
    visible = annual_report_visible(user=accounts.direct)
    assert set(visible.values_list("organization__name", flat=True)) == {"武昌区书画协会"}


def test_queues_per_role(world, orgs, accounts):
    supervised = submitted(accounts.supervised, orgs.supervised)
    direct = submitted(accounts.direct, orgs.direct)
    community = submitted(accounts.community, orgs.community)
    assert list(annual_report_queue(user=world.user("department_officer"))) == [supervised]
    assert list(annual_report_queue(user=world.user("district_admin"))) == [direct]
    assert list(annual_report_queue(user=world.user("street_officer"))) == [community]
    assert list(annual_report_queue(user=world.user("auditor"))) == []
    annual_report_act(
        actor=world.user("department_officer"), report=supervised, action="pre_approve"
    )
    assert set(annual_report_queue(user=world.user("district_admin"))) == {direct, supervised}


def test_registered_dates_matter_per_type(world):
    foundation = register(
        world,
        name="武昌区慈善基金会",
        org_type="foundation",
        uscc=next_uscc("foundation"),
        supervisory_unit=None,
        directly_registered=True,
        registered_funds=Decimal("2000000"),
    )
    facts = report_facts_for([foundation.pk], [YEAR], today=AFTER_DEADLINES)
    assert facts[foundation.pk][0].due_on == dt.date(2026, 3, 31)  # 基金会条例 第三十六条
    assert AnnualReport.objects.count() == 0
