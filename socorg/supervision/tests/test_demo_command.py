"""The demo command's refusals (on an empty database: no demo district)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from socorg.supervision.demo import DemoNotReady, seed_supervision_demo

TODAY = dt.date(2026, 11, 28)


def test_the_command_needs_the_demo_district(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_supervision_demo", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(DemoNotReady):
        seed_supervision_demo(today=TODAY)


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_supervision_demo", "--date", "2026-02-30", stdout=io.StringIO())
