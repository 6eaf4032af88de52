"""The dormancy policy from settings: defaults, overrides, and refusals of bad configuration."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from socorg.dormancy.policy import get_policy, policy_from
from socorg.dormancy.rules import DormancyPolicy
from socorg.registry.rules.lifecycle import OrgType


def test_defaults_are_the_rule_module_defaults():
    assert policy_from({}) == DormancyPolicy()


def test_overrides_are_read_from_plain_data():
    policy = policy_from(
        {
            "missed_report_points": 10,
            "inactive_tiers": [[24, 25], [12, 5]],
            "first_activity_months": {"foundation": 18},
            "business_reference_date": "2019-01-01",
        }
    )
    assert policy.missed_report_points == 10
    assert policy.inactive_tiers == ((12, 5), (24, 25))
    assert policy.first_activity_months[OrgType.FOUNDATION] == 18
    assert policy.first_activity_months[OrgType.SOCIAL_GROUP] == 12
    assert policy.business_reference_date == dt.date(2019, 1, 1)


@pytest.mark.parametrize(
    "config",
    [
        {"missed_report_pionts": 10},
        {"missed_report_points": -1},
        {"missed_report_points": "10"},
        {"criteria_missed_reports": 0},
        {"inactive_tiers": [[12]]},
        {"first_activity_months": {"club": 12}},
        {"business_reference_date": "2019-13-01"},
        {"records_since": "January 2024"},
    ],
)
def test_bad_configuration_stops_loudly(config):
    with pytest.raises(ImproperlyConfigured):
        policy_from(config)


def test_get_policy_reads_settings(settings):
    settings.POLICY = {**settings.POLICY, "dormancy": {"unreachable_points": 40}}
    assert get_policy().unreachable_points == 40


def test_records_start_with_the_first_report_year_unless_configured(settings):
    settings.CREDIT_REPORT_FIRST_YEAR = 2024
    settings.POLICY = {**settings.POLICY, "dormancy": {}}
    assert get_policy().records_since == dt.date(2024, 1, 1)
    settings.POLICY = {**settings.POLICY, "dormancy": {"records_since": "2019-07-01"}}
    assert get_policy().records_since == dt.date(2019, 7, 1)
    settings.CREDIT_REPORT_FIRST_YEAR = None
    settings.POLICY = {**settings.POLICY, "dormancy": {}}
    assert get_policy().records_since is None


def test_the_command_scores_a_day(db):
    out = StringIO()
    call_command("dormancy_score", "--date", "2026-01-05", stdout=out)
    assert "organizations=0" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("dormancy_score", "--date", "5 Jan")
