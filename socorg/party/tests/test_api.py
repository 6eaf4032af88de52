"""The party-building API over the real stack: roles allowed and denied, bad input, numbers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from socorg.audit.models import AuditEvent
from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization
from tests.world import register

pytestmark = pytest.mark.django_db

BASE = "/api/v1/party/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def org_url(org, action: str = "") -> str:
    return f"{BASE}organizations/{org.pk}/" + (f"{action}/" if action else "")


def body(**overrides):
    data = {
        "form": "single",
        "level": "branch",
        "name": "杨园教育发展中心党支部",
        "full_members": 3,
        "secretary_name": "陈书记",
        "established_on": "2024-07-01",
        "charter_includes_party_building": True,
        "as_of": "2026-01-15",
    }
    data.update(overrides)
    return data


# --- one organization -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "org", "code"),
    [
        ("district_admin", "b", 200),
        ("auditor", "b", 200),
        ("street_officer", "b", 200),
        ("department_officer", "b", 200),
        ("other_admin", "b", 404),
        ("other_street_officer", "b", 404),
        ("public", "b", 403),
        ("expert", "b", 403),
        ("system_admin", "b", 403),
    ],
)
def test_read_by_role(world, party, who, org, code):
    response = client_for(world.user(who)).get(org_url(getattr(party, org)))
    assert response.status_code == code, response.content
    if code == 200:
        data = response.json()
        assert data["party_organization"]["form"] == "joint"
        assert data["party_organization"]["covered_organizations"] == [
            {"id": party.c.pk, "name": "积玉桥助老服务中心"}
        ]


def test_member_unit_shows_its_host_and_organization_reads_its_own(world, party, org_account):
    data = client_for(world.user("district_admin")).get(org_url(party.c)).json()
    assert data["party_organization"] is None
    assert data["joint_host"] == {"id": party.b.pk, "name": "积玉桥文化促进会"}
    assert client_for(org_account).get(org_url(party.a)).status_code == 200
    assert client_for(org_account).get(org_url(party.b)).status_code == 404


def test_record_over_the_api(world, party):
    response = client_for(world.user("district_admin")).put(org_url(party.g), body(), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["party_organization"]["form_label"] == "单独组建"
    record = PartyOrganization.objects.get(organization=party.g)
    assert record.full_members == 3 and record.secretary_name == "陈书记"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"full_members": -1}, "full_members", "负数"),
        ({"full_members": 2}, "full_members", "3"),
        ({"established_on": "2099-01-01"}, "established_on", "今天"),
        ({"form": "secret"}, "form", ""),
        ({"full_members": "many"}, "full_members", ""),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(world, party, overrides, field, words):
    party_events = AuditEvent.objects.filter(action__startswith="party.")
    before = (PartyOrganization.objects.count(), party_events.count())
    response = client_for(world.user("district_admin")).put(
        org_url(party.g), body(**overrides), format="json"
    )
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data["errors"], data
    assert words in data["errors"][field][0]
    assert data["detail"]
    assert (PartyOrganization.objects.count(), party_events.count()) == before


def test_joint_branch_over_the_limit(world, party):
    extra = [register(world, name=f"杨园新组织{i}", street=world.streets[1]).pk for i in range(5)]
    response = client_for(world.user("district_admin")).put(
        org_url(party.g),
        body(form="joint", full_members=1, covered_organizations=extra),
        format="json",
    )
    assert response.status_code == 400
    assert "不超过 5 个" in response.json()["errors"]["covered_organizations"][0]
    assert not JointCoverage.objects.filter(organization_id__in=extra).exists()


def test_covered_organization_out_of_scope_is_named(world, party):
    response = client_for(world.user("district_admin")).put(
        org_url(party.g),
        body(form="joint", full_members=1, covered_organizations=[party.x.pk, 999999]),
        format="json",
    )
    assert response.status_code == 400
    message = response.json()["errors"]["covered_organizations"][0]
    assert str(party.x.pk) in message and "999999" in message


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("department_officer", 403),
        ("auditor", 403),
        ("street_officer", 404),  # g is in the second street
        ("other_street_officer", 403),  # a registered organization: the bureau records it
        ("other_admin", 404),
    ],
)
def test_record_denied(world, party, who, code):
    response = client_for(world.user(who)).put(org_url(party.g), body(), format="json")
    assert response.status_code == code
    assert response.json()["detail"]
    assert not PartyOrganization.objects.filter(organization=party.g).exists()


def test_instructor_assign_and_end(world, party):
    client = client_for(world.user("district_admin"))
    response = client.post(
        org_url(party.g, "instructors"),
        {"role": "liaison", "person_name": "孙联络员", "assigned_on": "2026-02-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = client.post(f"{BASE}instructors/{pk}/end/", {"ended_on": "2026-01-01"}, format="json")
    assert bad.status_code == 400 and "ended_on" in bad.json()["errors"]
    done = client.post(f"{BASE}instructors/{pk}/end/", {"ended_on": "2026-03-01"}, format="json")
    assert done.status_code == 200 and done.json()["ended_on"] == "2026-03-01"
    denied = client_for(world.user("department_officer")).post(
        f"{BASE}instructors/{pk}/end/", {"ended_on": "2026-03-01"}, format="json"
    )
    assert denied.status_code == 403
    assert client_for(world.user("other_admin")).post(
        f"{BASE}instructors/{pk}/end/", {"ended_on": "2026-03-01"}, format="json"
    ).status_code in (403, 404)
    assert PartyInstructorAssignment.objects.get(pk=pk).end_reason == ""


def test_instructor_missing_name(world, party):
    response = client_for(world.user("district_admin")).post(
        org_url(party.g, "instructors"),
        {"role": "liaison", "person_name": "", "assigned_on": "2026-02-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "姓名" in response.json()["errors"]["person_name"][0]


# --- statistics and the list --------------------------------------------------------------------


def test_coverage_numbers(world, party):
    data = client_for(world.user("district_admin")).get(f"{BASE}coverage/").json()
    assert data["total"]["total"] == 7
    assert data["total"]["organization_rate"] == "42.9"
    assert [(r["label"], r["work_rate"]) for r in data["rows"]] == [
        ("积玉桥街道", "100.0"),
        ("杨园街道", "33.3"),
    ]
    by_type = client_for(world.user("district_admin")).get(f"{BASE}coverage/?group=type").json()
    assert [r["key"] for r in by_type["rows"]] == [
        "social_group",
        "social_service",
        "foundation",
        "community",
    ]


def test_coverage_bad_group_and_roles(world, party, org_account):
    bad = client_for(world.user("district_admin")).get(f"{BASE}coverage/?group=planet")
    assert bad.status_code == 400 and "group" in bad.json()["errors"]
    assert client_for(org_account).get(f"{BASE}coverage/").status_code == 403
    assert client_for(world.user("public")).get(f"{BASE}coverage/").status_code == 403
    assert APIClient().get(f"{BASE}coverage/").status_code in (401, 403)


def test_missing_list(world, party, org_account):
    data = client_for(world.user("district_admin")).get(f"{BASE}missing/").json()
    assert [r["name"] for r in data["results"]] == ["杨园慈善基金会"]
    assert data["results"][0]["full_members"] == 4
    assert data["next"] is None
    empty = client_for(world.user("street_officer")).get(f"{BASE}missing/").json()
    assert empty["results"] == []
    assert client_for(org_account).get(f"{BASE}missing/").status_code == 403
