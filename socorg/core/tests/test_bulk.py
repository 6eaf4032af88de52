"""``update_rows``: one UPDATE per row through executemany, values prepared by their fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socorg.audit.models import AuditEvent
from socorg.core.bulk import insert_rows, update_rows
from socorg.dormancy.models import DormancyCheck
from socorg.supervision.models import DailyRun
from tests.world import register

pytestmark = pytest.mark.django_db


def _run(day: dt.date, step: str) -> DailyRun:
    now = timezone.now()
    return DailyRun.objects.create(
        run_on=day, step=step, started_at=now, finished_at=now, counts={"n": 0}
    )


def test_each_row_gets_its_own_values_and_others_stay():
    first = _run(dt.date(2026, 6, 1), "credit")
    second = _run(dt.date(2026, 6, 1), "dormancy")
    untouched = _run(dt.date(2026, 6, 2), "credit")
    first.counts, first.seconds = {"n": 1, "text": '引号"和\\反斜杠'}, 1.5
    second.counts, second.seconds = {"n": 2, "list": [1, 2]}, 2.5
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(DailyRun, [first, second], ["counts", "seconds"]) == 2
    assert len(queries) <= 2  # one statement, executed for many rows
    rows = dict(DailyRun.objects.values_list("pk", "counts"))
    assert rows[first.pk] == {"n": 1, "text": '引号"和\\反斜杠'}
    assert rows[second.pk] == {"n": 2, "list": [1, 2]}
    assert rows[untouched.pk] == {"n": 0}
    assert DailyRun.objects.get(pk=second.pk).seconds == 2.5


def test_nothing_to_write_runs_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(DailyRun, [], ["counts"]) == 0
    assert len(queries) == 0


def test_insert_rows_writes_every_field_and_fills_auto_dates(world):
    """COPY on PostgreSQL, bulk_create elsewhere: the same rows either way."""
    events = [
        AuditEvent(
            actor_repr="system",
            action="test.bulk",
            object_type="registry.organization",
            object_id=str(n),
            after={"n": n, "text": '引号"和\\反斜杠\n换行'},
            reason="批量",
        )
        for n in range(3)
    ]
    assert insert_rows(AuditEvent, events) == 3
    stored = list(AuditEvent.objects.filter(action="test.bulk").order_by("object_id"))
    assert [e.after for e in stored] == [
        {"n": n, "text": '引号"和\\反斜杠\n换行'} for n in range(3)
    ]
    assert all(e.at is not None and e.before is None for e in stored)
    ids = [
        register(world, name=f"积玉桥批量写入测试{n}", on=dt.date(2025, 3, 1)).pk for n in range(2)
    ]
    checks = [
        DormancyCheck(organization_id=ids[0], check_on=dt.date(2027, 2, 28)),
        DormancyCheck(organization_id=ids[1], check_on=None),
    ]
    assert insert_rows(DormancyCheck, checks) == 2
    assert dict(DormancyCheck.objects.values_list("organization_id", "check_on")) == {
        ids[0]: dt.date(2027, 2, 28),
        ids[1]: None,
    }
