"""The workbench page, the run log and their API: who may see them, and what each one sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from socorg.credit.services import penalty_record
from socorg.supervision.models import DailyRun
from socorg.supervision.services import daily_run
from tests.world import register

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(world):
    """A fined organization in each of the district's two streets (both on the abnormal list),
    and a daily run logged."""
    orgs = []
    for street in world.streets[:2]:
        org = register(world, name=f"{street.name}受罚服务中心", street=street)
        penalty_record(
            actor=world.user("district_admin"),
            organization=org,
            kind="warning",
            decided_on=D(2026, 10, 8),
            document_number=f"武民罚〔2026〕{org.pk}号",
            authority=world.bureau,
        )
        orgs.append(org)
    daily_run(day=D(2026, 10, 9))
    return orgs


def _login(client, world, role):
    client.force_login(world.user(role))


@pytest.mark.parametrize("role", ["district_admin", "auditor"])
def test_district_staff_see_the_district(
    client, world, listed, role, django_assert_max_num_queries
):
    _login(client, world, role)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    assert response.context["data"].credit["abnormal"] == 2
    body = response.content.decode()
    assert "监管工作台" in body and "活动异常名录" in body and "信用名录评估" in body


def test_a_street_officer_sees_only_their_street(client, world, listed):
    _login(client, world, "street_officer")
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    assert response.context["data"].credit["abnormal"] == 1
    assert world.streets[0].name in response.content.decode()


@pytest.mark.parametrize(
    "role", ["department_officer", "community_officer", "expert", "public", "system_admin"]
)
def test_other_roles_are_refused(client, world, role):
    _login(client, world, role)
    assert client.get(reverse("supervision:dashboard")).status_code == 403
    assert client.get(reverse("supervision:run_list")).status_code == 403


def test_an_organization_account_is_refused(client, world):
    from socorg.dormancy.tests.conftest import org_user

    org = register(world)
    client.force_login(org_user(world, org))
    assert client.get(reverse("supervision:dashboard")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_run_list_pages_by_keyset(client, world, listed):
    for offset in range(1, 8):
        daily_run(day=D(2026, 10, 9) + dt.timedelta(days=offset))
    _login(client, world, "auditor")
    first = client.get(reverse("supervision:run_list"))
    assert first.status_code == 200
    page = first.context["page"]
    assert len(page.items) == 30 and page.has_next
    assert page.items[0].run_on == D(2026, 10, 16)
    second = client.get(reverse("supervision:run_list"), {"cursor": page.next_cursor})
    assert len(second.context["page"].items) == DailyRun.objects.count() - 30


def test_api_dashboard_and_runs(client, world, listed):
    _login(client, world, "district_admin")
    body = client.get("/api/v1/supervision/dashboard/").json()
    assert body["abnormal"] == 2 and body["serious"] == 0
    year = timezone.localdate().year
    assert [row["year"] for row in body["inspection"]] == [year - 1, year - 2]
    assert body["runs"][0]["step"] in {"credit", "deadlines", "dormancy", "party", "reminders"}
    runs = client.get("/api/v1/supervision/runs/").json()
    assert len(runs["results"]) == 5 and runs["results"][0]["run_on"] == "2026-10-09"


def test_api_refuses_other_roles_with_a_reason(client, world):
    _login(client, world, "department_officer")
    response = client.get("/api/v1/supervision/dashboard/")
    assert response.status_code == 403
    assert "监管工作台" in response.json()["detail"]
    assert client.get("/api/v1/supervision/runs/").status_code == 403
