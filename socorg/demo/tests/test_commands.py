"""The demo commands on an empty database."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from socorg.accounts.models import User
from socorg.demo.plan import demo_plan
from socorg.registry.models import Organization


def test_seed_demo_command_builds_a_street(db):
    assert not Organization.objects.exists()
    out = io.StringIO()
    call_command("seed_demo", "--streets", "1", stdout=out, verbosity=0)
    assert Organization.objects.filter(street__code="420106001").count() == len(
        demo_plan().for_streets({"420106001"}).organizations
    )
    assert "演示数据" in out.getvalue()


def test_demo_logins_without_accounts(db):
    assert not User.objects.exists()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_scale_without_the_national_codes_is_a_clear_error(db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCORG_STANDARDS_DIR", str(tmp_path))  # empty: only the bundled rows
    with pytest.raises(CommandError, match="全国区划代码"):
        call_command("seed_demo", "--scale", "10", verbosity=0)
    assert not Organization.objects.exists()
