"""The dormancy API over the real stack: the ranked list with reasons, cases, steps, errors."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from socorg.dormancy.models import ExitCase, ExitCaseStep
from socorg.dormancy.services import dormancy_score_all
from socorg.registry.models import LifecycleEvent, Organization
from tests.world import register

from .conftest import REGISTERED, TODAY

NOW = timezone.localdate()
SCORES = "/api/v1/dormancy/scores/"
CASES = "/api/v1/dormancy/cases/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_the_ranked_list_explains_every_point(world, district):
    dormancy_score_all(today=TODAY)
    response = client_for(world.user("street_officer")).get(SCORES)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["organization"]["name"] for r in rows] == [
        district.zombie.name,
        district.drifting.name,
        district.unreachable.name,
    ]
    assert [r["rank"] for r in rows] == [1, 2, 2]
    top = rows[0]
    assert top["total"] == 85 and top["candidate"] is True
    assert top["reasons"][0] == {
        "signal": "missed_reports",
        "points": 30,
        "text": "连续 2 年未报送年度报告。",
        "basis": top["reasons"][0]["basis"],
    }
    assert top["street"]["code"] == world.streets[0].code
    assert top["open_case"] is None


def test_the_ranked_list_pages_with_a_cursor_and_filters_by_street(world, district):
    dormancy_score_all(today=TODAY)
    client = client_for(world.user("district_admin"))
    first = client.get(SCORES, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert [r["rank"] for r in first["results"] + second["results"]] == [1, 2, 3, 3]
    by_street = client.get(SCORES, {"street": world.streets[1].code}).json()["results"]
    assert [r["organization"]["id"] for r in by_street] == [district.silent.pk]
    bad = client.get(SCORES, {"street": "999"})
    assert bad.status_code == 400 and "street" in bad.json()["errors"]


def test_roles_without_access_are_refused(world):
    for role in ("public", "expert", "security_admin"):
        response = client_for(world.user(role)).get(SCORES)
        assert response.status_code == 403
        assert response.json()["detail"]


def test_a_case_through_the_api_with_field_errors_on_bad_input(world):
    org = register(world, name="积玉桥停摆协会", on=REGISTERED)
    admin = client_for(world.user("district_admin"))
    assert (
        client_for(world.user("street_officer"))
        .post(CASES, {"organization": org.pk}, format="json")
        .status_code
        == 403
    )
    response = admin.post(CASES, {"organization": org.pk, "note": "排查"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "screening" and body["allowed_actions"] == ["verify", "dismiss"]
    act = f"{CASES}{body['id']}/act/"

    assert admin.post(act, {"action": "verify"}, format="json").status_code == 200
    unit = client_for(world.user("department_officer"))
    forbidden = unit.post(act, {"action": "dismiss", "note": "x"}, format="json")
    assert forbidden.status_code == 403
    assert unit.post(act, {"action": "notify", "note": "已约谈"}, format="json").status_code == 200

    steps = ExitCaseStep.objects.count()
    missing = admin.post(act, {"action": "decide_revoke", "note": "长期停摆"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"document_number"}
    past = admin.post(
        act,
        {
            "action": "decide_rectify",
            "note": "整改",
            "document_number": "改1号",
            "deadline": (NOW - dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert past.status_code == 400 and "deadline" in past.json()["errors"]
    unknown = admin.post(act, {"action": "teleport"}, format="json")
    assert unknown.status_code == 400 and "action" in unknown.json()["errors"]
    assert ExitCaseStep.objects.count() == steps
    assert not LifecycleEvent.objects.filter(organization=org, kind="revocation").exists()

    revoked = admin.post(
        act,
        {"action": "decide_revoke", "note": "长期停摆", "document_number": "武民撤〔2026〕9号"},
        format="json",
    )
    assert revoked.status_code == 200
    data = revoked.json()
    assert (data["state"], data["outcome"], data["organization"]["status"]) == (
        "revoking",
        "revoked",
        "revoked",
    )
    assert [s["action"] for s in data["steps"]] == ["", "verify", "notify", "decide_revoke"]
    assert Organization.objects.get(pk=org.pk).status == "revoked"


def test_cases_outside_the_scope_are_not_found(world):
    org = register(world, name="积玉桥停摆协会", on=REGISTERED)
    admin = client_for(world.user("district_admin"))
    case_id = admin.post(CASES, {"organization": org.pk}, format="json").json()["id"]
    other = client_for(world.user("other_street_officer"))
    assert other.get(f"{CASES}{case_id}/").status_code == 404
    assert other.get(CASES).json()["results"] == []
    mine = client_for(world.user("street_officer")).get(f"{CASES}{case_id}/").json()
    assert mine["allowed_actions"] == []
    assert ExitCase.objects.count() == 1


def test_statistics(world):
    org = register(world, name="积玉桥停摆协会", on=REGISTERED)
    admin = client_for(world.user("district_admin"))
    admin.post(CASES, {"organization": org.pk}, format="json")
    body = admin.get("/api/v1/dormancy/statistics/").json()
    assert body["total"]["opened"] == 1
    assert {s["state"]: s["count"] for s in body["open_by_state"]}["screening"] == 1
    bad = admin.get("/api/v1/dormancy/statistics/", {"start": "2026-05-01", "end": "2026-01-01"})
    assert bad.status_code == 400 and "end" in bad.json()["errors"]
