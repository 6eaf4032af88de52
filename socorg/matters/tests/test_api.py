"""The major-matter API over the real stack: per-role lists, filing, handling, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from socorg.matters.models import MajorMatter
from socorg.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/api/v1/matters/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def payload(**overrides):
    data = {
        "kind": "foreign_affairs",
        "title": "接待境外友好交流团",
        "description": "4 月 20 日接待日本某社区组织交流团一行 6 人。",
        "occurred_on": "2026-04-20",
    }
    data.update(overrides)
    return data


def test_organization_files_over_the_api(world, orgs, accounts):
    response = client_for(accounts.acct1).post(LIST, payload(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "filed" and data["kind_label"] == "涉外活动"
    assert data["organization"] == {"id": orgs.m1.pk, "name": "积玉桥阳光服务中心"}
    recipients = set(
        Notification.objects.filter(object_id=str(data["id"])).values_list(
            "recipient_agency", flat=True
        )
    )
    assert recipients == {world.unit.pk, world.bureau.pk}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"occurred_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "occurred_on"),
        ({"occurred_on": None, "planned_on": "2020-01-01"}, "planned_on"),
        ({"kind": "rumour"}, "kind"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
    ],
)
def test_bad_input(world, orgs, accounts, overrides, field):
    response = client_for(accounts.acct1).post(LIST, payload(**overrides), format="json")
    assert response.status_code == 400
    data = response.json()
    assert field in data["errors"], data
    assert data["detail"].startswith("提交的数据有误")
    assert not MajorMatter.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["district_admin", "department_officer", "public"])
def test_staff_cannot_file(world, orgs, who):
    response = client_for(world.user(who)).post(LIST, payload(), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("who", "expected", "code"),
    [
        ("acct1", ["r1"], 200),
        ("department_officer", ["r1"], 200),
        ("district_admin", ["r3", "r2", "r1"], 200),
        ("street_officer", ["r3"], 200),
        ("community_officer", None, 403),
        ("public", None, 403),
        ("system_admin", None, 403),
    ],
)
def test_list_per_role(world, accounts, filed, who, expected, code):
    actor = getattr(accounts, who, None) or world.user(who)
    response = client_for(actor).get(LIST)
    assert response.status_code == code
    if expected is not None:
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [getattr(filed, name).pk for name in expected]


def test_list_filters_and_pages(world, accounts, filed):
    client = client_for(world.user("district_admin"))
    assert [r["id"] for r in client.get(f"{LIST}?kind=election").json()["results"]] == [filed.r2.pk]
    first = client.get(f"{LIST}?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [filed.r1.pk]
    assert client.get(f"{LIST}?state=lost").status_code == 400


def test_handle_over_the_api(world, accounts, filed):
    officer = client_for(world.user("department_officer"))
    detail = f"{LIST}{filed.r1.pk}/"
    assert client_for(accounts.acct1).get(detail).status_code == 200
    assert client_for(accounts.acct3).get(detail).status_code == 404
    # An organization cannot acknowledge; an officer outside the scope does not find it.
    assert client_for(accounts.acct1).post(f"{detail}acknowledge/", {}).status_code == 403
    assert (
        client_for(accounts.other_unit_officer).post(f"{detail}acknowledge/", {}).status_code == 404
    )
    no_note = officer.post(f"{detail}return/", {"note": ""}, format="json")
    assert no_note.status_code == 400 and "note" in no_note.json()["errors"]
    returned = officer.post(f"{detail}return/", {"note": "请附捐赠协议"}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    again = client_for(accounts.acct1).post(
        f"{detail}resubmit/",
        {"kind": "large_donation", "title": "接受捐赠（补正）", "occurred_on": "2026-04-28"},
        format="json",
    )
    assert again.status_code == 200 and again.json()["state"] == "filed"
    done = officer.post(f"{detail}acknowledge/", {"note": "已知悉"}, format="json")
    assert done.status_code == 200
    assert done.json()["acknowledged_by"] == "edu_officer"
    twice = officer.post(f"{detail}acknowledge/", {}, format="json")
    assert twice.status_code == 400 and "state" in twice.json()["errors"]
