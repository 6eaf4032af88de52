"""The demo commands on an empty database."""

from __future__ import annotations

import io

from django.core.management import call_command

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
