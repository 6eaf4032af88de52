"""``update_rows``: one UPDATE per row through executemany, values prepared by their fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socorg.core.bulk import update_rows
from socorg.supervision.models import DailyRun

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
