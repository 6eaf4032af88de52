"""Major-matter services: filing, acknowledging, returning, resubmitting; bad input; roles;
notifications; scope."""

from __future__ import annotations

import datetime as dt

import pytest

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.matters.models import MajorMatter
from socorg.matters.selectors import matter_counts_by_state, matter_visible
from socorg.matters.services import (
    matter_acknowledge,
    matter_file,
    matter_resubmit,
    matter_return,
)
from socorg.notifications.models import Notification
from socorg.notifications.selectors import notification_visible

from .conftest import TODAY, matter_input

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(MajorMatter.objects.values_list("id", "state", "title", "note")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


# --- filing -----------------------------------------------------------------------------------


def test_file_writes_audits_and_notifies(world, orgs, accounts):
    matter = matter_file(
        actor=accounts.acct1, organization=orgs.m1, data=matter_input(), today=TODAY
    )
    assert matter.state == "filed"
    assert matter.filed_by == accounts.acct1
    event = AuditEvent.objects.get(action="matters.matter.file")
    assert event.object_id == str(matter.pk)
    assert event.after["title"] == "接受某企业捐赠 100 万元"
    notes = Notification.objects.filter(object_id=str(matter.pk))
    assert {n.recipient_agency for n in notes} == {world.unit, world.bureau}
    assert all(n.kind == "matters.filed" and n.url == f"/matters/{matter.pk}/" for n in notes)
    assert "积玉桥阳光服务中心" in notes[0].title
    # The supervisory unit's officer sees it in the inbox; another unit's does not.
    assert notification_visible(user=world.user("department_officer")).count() == 1
    assert not notification_visible(user=accounts.other_unit_officer).exists()


def test_community_organization_notifies_its_street_office(world, orgs, accounts):
    matter = matter_file(
        actor=accounts.acct3,
        organization=orgs.m3,
        data=matter_input(kind="major_activity"),
        today=TODAY,
    )
    notes = Notification.objects.filter(object_id=str(matter.pk))
    assert [n.recipient_agency for n in notes] == [world.street_offices[0]]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": ""}, "title", "标题"),
        ({"occurred_on": dt.date(2026, 5, 2)}, "occurred_on", "2026-05-01"),
        ({"occurred_on": None, "planned_on": dt.date(2026, 4, 1)}, "planned_on", "计划日期"),
        ({"planned_on": dt.date(2026, 6, 1)}, "planned_on", "只填一项"),
        ({"occurred_on": None}, "occurred_on", "发生日期"),
        ({"kind": "other", "description": ""}, "description", "其他"),
        ({"kind": "gossip"}, "kind", "类别"),
    ],
)
def test_bad_input_writes_nothing(world, orgs, accounts, overrides, field, words):
    before = _snapshot()
    with pytest.raises(ApplicationError) as caught:
        matter_file(
            actor=accounts.acct1,
            organization=orgs.m1,
            data=matter_input(**overrides),
            today=TODAY,
        )
    assert field in caught.value.errors
    assert words in caught.value.errors[field][0]
    assert _snapshot() == before


@pytest.mark.parametrize(
    "role", ["district_admin", "department_officer", "street_officer", "auditor", "public"]
)
def test_only_organization_accounts_file(world, orgs, role):
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        matter_file(actor=world.user(role), organization=orgs.m1, data=matter_input())
    assert _snapshot() == before


def test_an_organization_files_only_for_itself(world, orgs, accounts):
    with pytest.raises(PermissionDenied):
        matter_file(actor=accounts.acct1, organization=orgs.m2, data=matter_input())


# --- acknowledging and returning ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "report", "allowed"),
    [
        ("department_officer", "r1", True),  # 教育局 supervises m1
        ("department_officer", "r2", False),  # m2 is under 文化和旅游局
        ("other_unit_officer", "r2", True),
        ("district_admin", "r1", True),
        ("district_admin", "r3", True),
        ("district_admin", "r4", False),  # other district
        ("other_admin", "r4", True),
        ("street_officer", "r3", True),  # the street office filed m3
        ("street_officer", "r1", False),  # a registered organization: not the street's
        ("other_street_officer", "r3", False),
        ("community_officer", "r3", False),
        ("auditor", "r1", False),
        ("acct1", "r1", False),  # an organization cannot acknowledge its own report
        ("expert", "r1", False),
    ],
)
def test_who_may_acknowledge(world, accounts, filed, who, report, allowed):
    actor = getattr(accounts, who, None) or world.user(who)
    matter = getattr(filed, report)
    if allowed:
        matter = matter_acknowledge(actor=actor, matter=matter, note="已知悉")
        assert matter.state == "acknowledged"
        assert matter.acknowledged_by == actor
        assert matter.acknowledged_at is not None
        assert AuditEvent.objects.filter(action="matters.matter.acknowledge").count() == 1
    else:
        before = _snapshot()
        with pytest.raises(PermissionDenied):
            matter_acknowledge(actor=actor, matter=matter)
        assert _snapshot() == before


def test_acknowledging_notifies_the_filer(world, accounts, filed):
    matter_acknowledge(actor=world.user("department_officer"), matter=filed.r1, note="已知悉")
    note = notification_visible(user=accounts.acct1).get()
    assert note.kind == "matters.acknowledged"
    assert "接受某企业捐赠" in note.title


def test_acknowledging_twice_is_refused(world, filed):
    matter_acknowledge(actor=world.user("department_officer"), matter=filed.r1)
    before = _snapshot()
    with pytest.raises(ApplicationError) as caught:
        matter_acknowledge(actor=world.user("district_admin"), matter=filed.r1)
    assert "已确认" in caught.value.errors["state"][0]
    assert _snapshot() == before


def test_return_needs_a_note(world, filed):
    before = _snapshot()
    with pytest.raises(ApplicationError) as caught:
        matter_return(actor=world.user("department_officer"), matter=filed.r1, note=" ")
    assert "退回意见" in caught.value.errors["note"][0]
    assert _snapshot() == before


def test_return_and_resubmit(world, accounts, filed):
    officer = world.user("department_officer")
    matter = matter_return(actor=officer, matter=filed.r1, note="请补充捐赠协议")
    assert matter.state == "returned" and matter.returned_by == officer
    assert notification_visible(user=accounts.acct1).get().kind == "matters.returned"
    # Resubmission needs valid content too.
    with pytest.raises(ApplicationError):
        matter_resubmit(
            actor=accounts.acct1, matter=matter, data=matter_input(title=""), today=TODAY
        )
    # Only the organization resubmits.
    with pytest.raises(PermissionDenied):
        matter_resubmit(actor=officer, matter=matter, data=matter_input(), today=TODAY)
    notified = Notification.objects.filter(recipient_agency__isnull=False).count()
    matter = matter_resubmit(
        actor=accounts.acct1,
        matter=matter,
        data=matter_input(description="已附捐赠协议。"),
        today=TODAY,
    )
    assert matter.state == "filed"
    assert Notification.objects.filter(recipient_agency__isnull=False).count() == notified + 2
    event = AuditEvent.objects.get(action="matters.matter.resubmit")
    assert event.before["state"] == "returned" and event.after["state"] == "filed"
    assert event.after["description"] == "已附捐赠协议。"
    matter = matter_acknowledge(actor=officer, matter=matter)
    assert matter.state == "acknowledged"
    actions = list(
        AuditEvent.objects.filter(object_id=str(matter.pk), object_type="matters.majormatter")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "matters.matter.file",
        "matters.matter.return",
        "matters.matter.resubmit",
        "matters.matter.acknowledge",
    ]


def test_an_acknowledged_report_cannot_be_resubmitted(world, accounts, filed):
    matter = matter_acknowledge(actor=world.user("district_admin"), matter=filed.r1)
    with pytest.raises(ApplicationError) as caught:
        matter_resubmit(actor=accounts.acct1, matter=matter, data=matter_input(), today=TODAY)
    assert "state" in caught.value.errors


# --- scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("acct1", {"r1"}),
        ("acct3", {"r3"}),
        ("department_officer", {"r1"}),
        ("other_unit_officer", {"r2"}),
        ("district_admin", {"r1", "r2", "r3"}),
        ("auditor", {"r1", "r2", "r3"}),
        ("other_admin", {"r4"}),
        ("street_officer", {"r3"}),
        ("other_street_officer", set()),
        ("community_officer", set()),
        ("public", set()),
        ("system_admin", set()),
    ],
)
def test_scope(world, accounts, filed, who, expected):
    actor = getattr(accounts, who, None) or world.user(who)
    names = {
        k for k, v in vars(filed).items() if matter_visible(user=actor).filter(pk=v.pk).exists()
    }
    assert names == expected


def test_counts_by_state(world, filed):
    matter_acknowledge(actor=world.user("district_admin"), matter=filed.r1)
    assert matter_counts_by_state(user=world.user("district_admin")) == {
        "acknowledged": 1,
        "filed": 2,
    }
