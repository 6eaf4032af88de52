"""Divisions: load the national codes (idempotent), create one, retire one (history kept)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from socorg.areas.models import Area
from socorg.areas.selectors import area_get_by_code
from socorg.areas.services import (
    BUNDLED_CSV,
    area_create,
    area_load_divisions,
    area_retire,
    divisions_dir,
)
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry.models import Organization
from tests.world import register

needs_standards = pytest.mark.skipif(
    divisions_dir() is None, reason="the national division codes (shared/standards) are absent"
)


@needs_standards
def test_load_divisions_by_prefix_is_idempotent(db):
    result = area_load_divisions(prefixes=["42"])
    assert result.created["province"] == 1 and result.created["city"] == 14
    assert result.created["district"] > 100 and result.created["street"] > 1000
    wuchang = Area.objects.get(code="420106")
    assert wuchang.parent.code == "4201" and wuchang.parent.parent.code == "42"
    assert Area.objects.filter(parent=wuchang, level="street").count() == 15
    assert not Area.objects.exclude(code__startswith="42").exists()
    audits = AuditEvent.objects.filter(action="area.load_divisions").count()
    total = Area.objects.count()

    again = area_load_divisions(prefixes=["42"])
    assert again.total_created == 0 and again.existing == total
    assert Area.objects.count() == total
    assert AuditEvent.objects.filter(action="area.load_divisions").count() == audits


@needs_standards
def test_load_divisions_completes_a_partial_load(db):
    area_load_divisions(prefixes=["420106"])
    assert Area.objects.count() == 3 + 15
    result = area_load_divisions(prefixes=["4201"], streets=False)
    assert result.existing == 3 and result.created == {"district": 12}
    assert not Area.objects.filter(level="street").exclude(code__startswith="420106").exists()


def test_load_divisions_falls_back_to_the_bundled_demo_rows(db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCORG_STANDARDS_DIR", str(tmp_path))  # an empty folder
    assert divisions_dir() is None
    result = area_load_divisions(prefixes=["420106"])
    assert result.source == str(BUNDLED_CSV)
    assert result.created == {"province": 1, "city": 1, "district": 1, "street": 15}
    assert Area.objects.get(code="420106490").name.startswith("东湖风景区")


def test_load_divisions_command(db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCORG_STANDARDS_DIR", str(tmp_path))
    out = io.StringIO()
    call_command("load_divisions", "--prefix", "420106", stdout=out)
    assert "18" in out.getvalue()
    out = io.StringIO()
    call_command("load_divisions", "--prefix", "420106", stdout=out)
    assert "已新增 0 个" in out.getvalue()


def test_load_divisions_refuses_bad_prefix_and_other_roles(world):
    with pytest.raises(ApplicationError) as exc:
        area_load_divisions(prefixes=["42a"])
    assert "prefixes" in exc.value.errors
    with pytest.raises(PermissionDenied):
        area_load_divisions(actor=world.user("district_admin"), prefixes=["420106"])
    assert Area.objects.count() == 13  # the world's areas only


def test_create_community_by_district_admin_is_audited(world):
    area = area_create(actor=world.user("district_admin"), code="420106001009", name="新建社区")
    assert area.level == "community" and area.parent == world.streets[0]
    event = AuditEvent.objects.get(action="area.create", object_id=str(area.id))
    assert event.after["code"] == "420106001009"


@pytest.mark.parametrize(
    ("code", "name", "field"),
    [
        ("4201060010", "坏代码社区", "code"),  # ten digits is no level
        ("42010600100A", "坏代码社区", "code"),
        ("420106001001", "重复社区", "code"),  # a current area has the code
        ("420106099001", "无上级社区", "parent"),  # street 420106099 does not exist
        ("420106001010", "  ", "name"),
    ],
)
def test_create_rejects_bad_input_and_writes_nothing(world, code, name, field):
    before = Area.objects.count()
    with pytest.raises(ApplicationError) as exc:
        area_create(actor=world.user("district_admin"), code=code, name=name)
    assert field in exc.value.errors and exc.value.errors[field][0]
    assert Area.objects.count() == before
    assert not AuditEvent.objects.filter(action="area.create").exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("district_admin", "420102001009"),  # another district
        ("district_admin", "420106"),  # its own area
        ("street_officer", "420106001009"),
        ("public", "420106001009"),
        ("audit_admin", "420106001009"),
    ],
)
def test_create_denied_outside_scope_or_role(world, role, code):
    with pytest.raises(PermissionDenied):
        area_create(actor=world.user(role), code=code, name="越权社区")
    assert not Area.objects.filter(name="越权社区").exists()


def test_system_admin_may_create_anywhere(world):
    area = area_create(actor=world.user("system_admin"), code="420102002", name="新街道")
    assert area.level == "street" and area.parent == world.other_district


def test_retire_keeps_history_and_names_the_successor(world):
    old = world.communities[0]
    org = register(world, org_type="community", community=old)
    successor = world.communities[1]
    area_retire(
        actor=world.user("district_admin"),
        area=old,
        valid_to=dt.date(2025, 1, 1),
        successor=successor,
        reason="区政府〔2024〕12号：两社区合并",
    )
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 1, 1) and old.successor == successor
    assert Area.objects.filter(pk=old.pk).exists()
    org.refresh_from_db()
    assert org.community_id == old.id  # records keep pointing at the old division
    assert old not in Area.objects.current()
    assert area_get_by_code(code=old.code, on=dt.date(2024, 6, 1)) == old
    assert area_get_by_code(code=old.code) is None
    event = AuditEvent.objects.get(action="area.retire", object_id=str(old.id))
    assert event.before == {"valid_to": None, "successor": None}
    assert event.after == {"valid_to": "2025-01-01", "successor": successor.id}
    assert Organization.objects.filter(community=old).count() == 1

    # The code may be used again by a new division from the retirement day on.
    reused = area_create(
        actor=world.user("district_admin"),
        code=old.code,
        name="新积玉社区",
        valid_from=dt.date(2025, 1, 1),
    )
    assert reused.pk != old.pk
    assert area_get_by_code(code=old.code) == reused


@pytest.mark.parametrize("case", ["twice", "successor_level", "successor_self", "no_reason"])
def test_retire_rejects_bad_input(world, case):
    area = world.communities[0]
    admin = world.user("district_admin")
    kwargs = {"valid_to": dt.date(2025, 1, 1), "reason": "撤并"}
    if case == "twice":
        area_retire(actor=admin, area=area, **kwargs)
    elif case == "successor_level":
        kwargs["successor"] = world.streets[1]
    elif case == "successor_self":
        kwargs["successor"] = area
    else:
        kwargs["reason"] = " "
    audits = AuditEvent.objects.filter(action="area.retire").count()
    with pytest.raises(ApplicationError) as exc:
        area_retire(actor=admin, area=area, **kwargs)
    assert exc.value.errors
    assert AuditEvent.objects.filter(action="area.retire").count() == audits


def test_retire_denied_to_other_roles(world):
    with pytest.raises(PermissionDenied):
        area_retire(
            actor=world.user("street_officer"),
            area=world.communities[0],
            valid_to=dt.date(2025, 1, 1),
            reason="撤并",
        )
    world.communities[0].refresh_from_db()
    assert world.communities[0].valid_to is None
