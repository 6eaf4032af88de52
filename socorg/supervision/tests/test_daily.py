"""The daily run: each step, idempotence, the run log, the command and its bad input."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from socorg.audit.models import AuditEvent
from socorg.credit.models import CreditEntry, CreditStatus
from socorg.credit.services import penalty_record
from socorg.dormancy.models import DormancyScore
from socorg.dormancy.tests.conftest import file_report
from socorg.notifications.models import Notification
from socorg.registry.services import EventInput, organization_terminate
from socorg.supervision.models import DailyRun
from socorg.supervision.selectors import credit_due_ids
from socorg.supervision.services import daily_run, daily_run_range
from tests.world import register

D = dt.date
REGISTERED = D(2022, 8, 1)
DAY = D(2025, 6, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(world, settings):
    """Three organizations: one that never filed (A1 once the deadline passed), one fined
    (A5), one that filed its reports."""
    settings.CREDIT_REPORT_FIRST_YEAR = 2024
    silent = register(world, name="积玉桥无声服务中心", on=REGISTERED)
    fined = register(world, name="积玉桥受罚服务中心", on=REGISTERED)
    healthy = register(world, name="积玉桥健康服务中心", on=REGISTERED)
    file_report(world, healthy, 2024)
    file_report(world, fined, 2024)
    penalty_record(
        actor=world.user("district_admin"),
        organization=fined,
        kind="fine",
        fine_amount=Decimal("2000"),
        decided_on=D(2025, 5, 20),
        document_number="武民罚〔2025〕1号",
        authority=world.bureau,
        today=D(2025, 5, 20),
    )
    return silent, fined, healthy


def _state() -> tuple:
    return (
        list(CreditEntry.objects.order_by("id").values_list("id", "key", "ended_on", "digest")),
        list(CreditStatus.objects.order_by("pk").values_list("pk", "list_kind", "updated_on")),
        list(DormancyScore.objects.order_by("pk").values_list("pk", "digest", "computed_on")),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_day_lists_by_rule_and_logs_each_step(world, district):
    silent, fined, healthy = district
    result = daily_run(day=DAY)
    credit = result.step("credit")
    assert credit.counts["mode"] == "full" and credit.counts["organizations"] == 2
    # 2024 reports were due by 2025-03-31 (supervised): the silent one is listed A1.
    status = CreditStatus.objects.get(organization=silent)
    assert status.list_kind == "abnormal" and status.codes == ["A1"]
    assert CreditStatus.objects.get(organization=fined).codes == ["A5"]
    assert not CreditStatus.objects.filter(organization=healthy).exists()
    assert DormancyScore.objects.filter(organization=silent).exists()
    runs = {r.step: r for r in DailyRun.objects.filter(run_on=DAY)}
    assert set(runs) == {"credit", "dormancy", "reminders", "deadlines", "party"}
    assert all(r.queries > 0 for r in runs.values() if r.step != "deadlines")
    assert runs["credit"].counts["organizations"] >= 1


def test_running_the_same_day_twice_changes_nothing(world, district):
    first = daily_run(day=DAY)
    assert first.changed > 0
    before = _state()
    second = daily_run(day=DAY)
    assert second.changed == 0
    assert _state() == before  # no entry, status, score, notification or audit event written
    runs = DailyRun.objects.filter(run_on=DAY)
    assert runs.count() == 5 and {r.runs for r in runs} == {2}
    # The log keeps what the first run changed.
    assert runs.get(step="credit").changed == first.step("credit").changed


def test_a_range_replays_every_day_in_order(world, district):
    results = daily_run_range(start=D(2025, 3, 30), end=D(2025, 4, 2))
    assert [r.day for r in results] == [
        D(2025, 3, 30),
        D(2025, 3, 31),
        D(2025, 4, 1),
        D(2025, 4, 2),
    ]
    created = [r.step("credit").counts["statuses_created"] for r in results]
    # Listed (A1) on the first day after the 2025-03-31 deadline, not before, not again.
    assert created == [0, 0, 1, 0]
    assert DailyRun.objects.filter(step="credit").count() == 4
    # Replaying an earlier day after a later one moves nothing back.
    before = _state()
    assert daily_run(day=D(2025, 3, 30)).changed == 0
    assert _state() == before


def test_the_deadline_check_counts_who_missed(world, district):
    result = daily_run(day=D(2025, 4, 1))
    deadlines = result.step("deadlines").counts["deadlines"]
    assert deadlines == [{"year": 2024, "due_on": "2025-03-31", "missed": 1, "credit_a1": True}]


def test_the_deadline_check_says_when_reports_do_not_feed_credit(world, district, settings):
    settings.CREDIT_REPORT_FIRST_YEAR = None
    result = daily_run(day=D(2025, 4, 1))
    assert result.step("deadlines").counts["deadlines"][0]["credit_a1"] is False
    assert all("A1" not in codes for codes in CreditStatus.objects.values_list("codes", flat=True))


def test_the_first_run_is_full_and_the_next_days_only_evaluate_what_is_due(world, district):
    silent, _fined, _healthy = district
    first = daily_run(day=D(2025, 3, 30)).step("credit").counts
    assert first["mode"] == "full"
    second = daily_run(day=D(2025, 3, 31)).step("credit").counts
    assert second["mode"] == "incremental" and second["since"] == "2025-03-30"
    assert second["candidates"] == 0  # nothing dated, due or recorded since yesterday
    third = daily_run(day=D(2025, 4, 1)).step("credit").counts
    # The 2024 reports' deadline (03-31) passed: the one that did not file is due, and listed.
    assert third["candidates"] == 1 and third["statuses_created"] == 1
    assert CreditStatus.objects.get(organization=silent).codes == ["A1"]
    full = daily_run(day=D(2025, 4, 1), full=True).step("credit").counts
    assert full["mode"] == "full" and full["entries_created"] == 0


def _due(since: dt.date, day: dt.date, changed_since) -> set[int]:
    return set(credit_due_ids(day=day, since=since, changed_since=changed_since))


def test_what_is_due_on_a_day(world, district):
    silent, fined, healthy = district
    daily_run(day=D(2025, 5, 20))
    run = DailyRun.objects.get(run_on=D(2025, 5, 20), step="credit")
    later = timezone.now()
    # Nothing happens between two quiet days.
    assert _due(D(2025, 5, 21), D(2025, 5, 22), later) == set()
    # The A5 listing ends by itself six months after the penalty (a timer).
    assert fined.pk in _due(D(2025, 11, 19), D(2025, 11, 20), later)
    # A fact dated in the window, and one recorded since the last run.
    org = register(world, name="积玉桥新罚服务中心", on=REGISTERED)
    penalty_record(
        actor=world.user("district_admin"),
        organization=org,
        kind="warning",
        decided_on=D(2025, 5, 10),
        document_number="武民罚〔2025〕7号",
        authority=world.bureau,
        today=D(2025, 5, 21),
    )
    assert org.pk in _due(D(2025, 5, 9), D(2025, 5, 10), later)
    assert org.pk in _due(D(2025, 5, 20), D(2025, 5, 21), run.started_at)
    assert org.pk not in _due(D(2025, 5, 20), D(2025, 5, 21), timezone.now())
    # A deadline passing unmet: the one that never filed, the day after 2026-03-31.
    file_report(world, healthy, 2025)
    later = timezone.now()
    assert silent.pk in _due(D(2026, 3, 31), D(2026, 4, 1), later)
    assert healthy.pk not in _due(D(2026, 3, 31), D(2026, 4, 1), later)
    # A revocation in the window.
    organization_terminate(
        actor=world.user("district_admin"),
        organization=healthy,
        kind="revocation",
        event=EventInput(
            occurred_on=D(2025, 7, 1), document_number="武民撤〔2025〕1号", reason="连续两年未年检"
        ),
    )
    assert healthy.pk in _due(D(2025, 6, 30), D(2025, 7, 1), later)


def test_an_organization_revoked_long_ago_is_listed_by_the_first_run(world, district):
    _silent, _fined, healthy = district
    organization_terminate(
        actor=world.user("district_admin"),
        organization=healthy,
        kind="revocation",
        event=EventInput(
            occurred_on=D(2023, 1, 10), document_number="武民撤〔2023〕1号", reason="连续两年未年检"
        ),
    )
    daily_run(day=D(2026, 6, 1))
    assert CreditStatus.objects.get(organization=healthy).list_kind == "serious"


# --- the command ----------------------------------------------------------------------------


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command("run_daily", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_prints_what_changed_and_nothing_the_second_time(world, district):
    first = _call("--date", DAY.isoformat())
    assert "2025-06-01 信用名录评估" in first and "新列入 1" in first
    second = _call("--date", DAY.isoformat())
    assert "新列入 0" in second and "2025-06-01 无变化" in second


def test_command_v2_names_organizations_and_articles(world, district):
    silent, _fined, _healthy = district
    out = _call("--date", DAY.isoformat(), "-v", "2")
    assert f"[{silent.pk}] {silent.name}" in out
    assert "A1" in out and "依据" in out and "第十条" in out


def test_command_replays_a_range(world, district):
    out = _call("--from", "2025-03-31", "--to", "2025-04-01")
    assert "2025-03-31 信用名录评估" in out and "2025-04-01 信用名录评估" in out
    assert DailyRun.objects.filter(step="credit").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2025-13-01"), "--date 须为 YYYY-MM-DD"),
        (("--from", "2025-02-01", "--to", "2025-01-01"), "不能晚于"),
        (("--to", "2025-01-01"), "须同时给出 --from"),
        (("--date", "2025-01-01", "--from", "2024-12-01"), "不能同时使用"),
    ],
)
def test_command_bad_input_is_refused_and_nothing_runs(world, args, message):
    with pytest.raises(CommandError, match=message):
        _call(*args)
    assert not DailyRun.objects.exists()
