"""The supervision demo on a small district: the demo's first street (``seed_demo --streets 1``),
seeded through the services, then checked for what the issue asks of the demo."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import transaction

from socorg.accounts.models import User
from socorg.annual_reports.selectors import inspection_rate_trend
from socorg.audit.models import AuditEvent
from socorg.credit.models import CreditEntry, CreditStatus
from socorg.demo.wuchang import demo_build
from socorg.dormancy.models import ExitCase
from socorg.evaluation.selectors import count_valid_at, count_valid_by_level
from socorg.supervision.demo import seed_supervision_demo
from socorg.supervision.demo.context import DemoContext
from socorg.supervision.demo.people import cast_for
from socorg.supervision.demo.reports import plan_reports
from socorg.supervision.demo.timeline import Timeline
from socorg.supervision.models import DailyRun

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One street of the demo district with two years of supervision, built once for the
    module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        from django.conf import settings

        first = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
        settings.CREDIT_REPORT_FIRST_YEAR = 2024
        try:
            demo_build(streets=1, progress=False)
            result = seed_supervision_demo(today=TODAY, rng=random.Random(7))
            yield result
        finally:
            settings.CREDIT_REPORT_FIRST_YEAR = first
            transaction.set_rollback(True)


@pytest.fixture
def admin(seeded, db):
    return User.objects.get(username="admin")


def test_the_seed_ran_every_part(seeded):
    assert not seeded.skipped and not seeded.warnings
    counts = seeded.counts
    for name in (
        "reports_filed",
        "party_records",
        "evaluation_applicants",
        "exit_cases",
        "spot_checks_done",
        "illegal_cases",
        "matters",
        "daily_runs",
    ):
        assert counts.get(name, 0) > 0, name


def test_inspection_rate_is_above_ninety_percent_both_years(admin):
    rows = inspection_rate_trend(user=admin, years=[2025, 2024], today=TODAY)
    assert all(row.required > 0 and row.rate > 0.9 for row in rows)
    assert all(row.missed > 0 for row in rows)  # some missed, and they are on the list
    latest = rows[0]
    assert latest.passed > latest.basic_passed >= 1 and latest.awaiting >= 1


def test_levels_announced_last_year_are_valid_today(admin):
    assert count_valid_at(TODAY, "3A") >= 5
    by_level = count_valid_by_level(TODAY)
    assert sum(by_level.values()) > count_valid_at(TODAY, "3A")  # some below 3A too


def test_each_list_has_organizations_with_reasons(admin):
    listed = Counter((s.list_kind, code) for s in CreditStatus.objects.all() for code in s.codes)
    assert listed[("abnormal", "A1")] >= 1
    assert listed[("serious", "S4")] == 1
    assert listed[("serious", "S7")] >= 1  # revoked by an exit case
    entries = CreditEntry.objects.filter(kind="enter")
    assert entries.exists() and all(e.citation and e.explanation for e in entries)
    assert CreditEntry.objects.filter(kind="remove", code="RA2").exists()  # A5 expired


def test_exit_cases_reach_several_states(admin):
    states = set(ExitCase.objects.values_list("state", flat=True))
    assert len(states) >= 2


def test_the_daily_run_ran_the_last_nights(admin):
    days = sorted(set(DailyRun.objects.values_list("run_on", flat=True)))
    assert days[-1] == TODAY and len(days) >= 7


def test_seeding_again_is_skipped_and_writes_nothing(seeded, admin):
    events = AuditEvent.objects.count()
    again = seed_supervision_demo(today=TODAY, rng=random.Random(7))
    assert again.skipped and AuditEvent.objects.count() == events


def test_the_plan_is_deterministic_for_a_seed(seeded, admin):
    def plan() -> list[tuple[dt.date, str]]:
        class Undo(Exception):
            pass

        found: list[tuple[dt.date, str]] = []
        try:
            with transaction.atomic():
                from socorg.registry.models import Organization

                district = admin.area
                orgs = {o.pk: o for o in Organization.objects.filter(district=district)}
                ctx = DemoContext(
                    TODAY, random.Random(3), cast_for(district), Timeline(TODAY), orgs
                )
                plan_reports(ctx)
                found = [(e.day, e.label) for e in ctx.timeline]
                raise Undo
        except Undo:
            pass
        return found

    first = plan()
    assert first and first == plan()
