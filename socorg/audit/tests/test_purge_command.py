"""``manage.py audit_purge``: keeps at least the legal minimum, says clearly when it refuses."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[3]


def record_days_ago(days: int, action: str = "job.old") -> AuditEvent:
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() - dt.timedelta(days=days)
    ):
        return audit_record(actor=None, action=action, category="system")


@pytest.fixture
def history(db):
    return {
        "ancient": record_days_ago(400),
        "old": record_days_ago(200),
        "recent": record_days_ago(30),
        "today": record_days_ago(0),
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit_purge", *args, stdout=out)
    return out.getvalue()


def test_refuses_less_than_the_legal_minimum_and_deletes_nothing(history):
    with pytest.raises(CommandError) as exc:
        run("--days", "100")
    message = str(exc.value)
    assert "186" in message and "100" in message and "未删除" in message
    assert AuditEvent.objects.count() == 4


def test_refusal_exits_non_zero(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "audit_purge", "--days", "30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "186" in result.stderr


def test_dry_run_counts_without_deleting(history):
    output = run("--days", "186", "--dry-run")
    assert "2" in output and "试运行" in output
    assert AuditEvent.objects.count() == 4
    assert not AuditEvent.objects.filter(action="audit.purge").exists()


def test_purge_deletes_only_older_events_and_is_audited(history):
    output = run("--days", "365")
    assert "1" in output
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert history["ancient"].pk not in remaining
    assert {history["old"].pk, history["recent"].pk, history["today"].pk} <= remaining
    event = AuditEvent.objects.get(action="audit.purge")
    assert event.category == "system"
    assert event.after["deleted"] == 1 and event.after["retention_days"] == 365


def test_default_retention_comes_from_settings(history, settings):
    settings.AUDIT_RETENTION_DAYS = 190
    run()
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert history["ancient"].pk not in remaining and history["old"].pk not in remaining
    assert history["recent"].pk in remaining


def test_default_retention_below_minimum_is_refused(history, settings):
    settings.AUDIT_RETENTION_DAYS = settings.AUDIT_RETENTION_MIN_DAYS - 1
    with pytest.raises(CommandError):
        run()
    assert AuditEvent.objects.count() == 4
