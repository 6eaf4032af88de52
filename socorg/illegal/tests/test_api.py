"""The illegal-organizations API over the real stack, and the public list without login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from socorg.audit.models import AuditEvent
from socorg.illegal.models import Evidence, InvestigationCase, Tip

from .factories import PDF, decided_case, make_tip, open_case

TIPS = "/api/v1/illegal/tips/"
CASES = "/api/v1/illegal/cases/"
PUBLIC = "/api/v1/public/illegal-organizations/"
CJK = re.compile(r"[\u4e00-\u9fff]")


def client_for(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def assert_error(response: Any, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert CJK.search(body["detail"]), body
    if field is not None:
        assert field in body["errors"], body
        assert all(CJK.search(m) for m in body["errors"][field])


def tip_body(world, **overrides):
    body = {
        "reported_name": "杨园读书会",
        "description": "未经登记在社区活动室以读书会名义收费办班。",
        "street": world.streets[1].code,
        "source": "public",
        "channel": "phone",
        "reporter_name": "李四",
        "reporter_contact": "13900001111",
    }
    body.update(overrides)
    return body


def test_staff_files_a_tip_and_reads_it_masked(world):
    client = client_for(world.user("district_admin"))
    response = client.post(TIPS, tip_body(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["district"]["code"] == world.district.code
    assert body["street"]["code"] == world.streets[1].code
    assert body["reporter_contact_masked"] == "139****1111"
    assert body["reporter_name_masked"] == "李*"
    assert "13900001111" not in response.content.decode()
    assert "李四" not in response.content.decode()
    listing = client.get(TIPS).json()
    assert [row["id"] for row in listing["results"]] == [body["id"]]


def test_tip_without_description_is_a_field_error(world):
    client = client_for(world.user("district_admin"))
    response = client.post(TIPS, tip_body(world, description=""), format="json")
    assert_error(response, 400, "description")
    assert not Tip.objects.exists()


@pytest.mark.parametrize("role", ["public", "expert", "community_officer", "system_admin"])
def test_roles_without_access_are_refused(world, role):
    client = client_for(world.user(role))
    assert_error(client.get(TIPS), 403)
    assert_error(client.post(TIPS, tip_body(world), format="json"), 403)
    assert_error(client.get(CASES), 403)


def test_anonymous_cannot_read_tips_or_cases(world):
    case = open_case(world)
    client = client_for()
    assert client.get(TIPS).status_code in (401, 403)
    assert client.get(f"{CASES}{case.pk}/").status_code in (401, 403)


def test_street_officer_outside_the_street_gets_not_found(world):
    tip = make_tip(world)
    case = open_case(world)
    client = client_for(world.user("other_street_officer"))
    assert_error(client.get(f"{TIPS}{tip.pk}/"), 404)
    assert_error(client.get(f"{CASES}{case.pk}/"), 404)
    assert client.get(CASES).json()["results"] == []


def test_workflow_over_the_api(world):
    admin = client_for(world.user("district_admin"))
    tip_id = admin.post(TIPS, tip_body(world), format="json").json()["id"]
    officer = world.user("other_street_officer")
    response = admin.post(f"{TIPS}{tip_id}/assign/", {"handled_by": officer.pk}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "assigned"

    response = admin.post(
        CASES,
        {
            "tips": [tip_id],
            "subject_name": "杨园读书会",
            "street": world.streets[1].code,
            "opened_on": "2026-05-04",
            "officers": [officer.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["number"].startswith("420106FF2026") and case["tips"] == [tip_id]
    url = f"{CASES}{case['id']}/"

    # The assigned street officer records evidence with a file.
    street = client_for(officer)
    with_file = street.post(
        f"{url}evidence/",
        {"description": "现场照片", "file": _upload("现场.pdf", PDF)},
        format="multipart",
    )
    assert with_file.status_code == 201, with_file.content
    assert with_file.json()["file_name"] == "现场.pdf"
    # …but may not decide.
    assert_error(street.post(f"{url}decide/", {"outcome": "ban"}, format="json"), 403)

    response = admin.post(
        f"{url}decide/",
        {"outcome": "ban", "decided_on": "2026-05-20", "reason": "事实清楚。"},
        format="json",
    )
    assert_error(response, 400, "document_number")
    response = admin.post(
        f"{url}decide/",
        {
            "outcome": "ban",
            "decided_on": "2026-05-20",
            "document_number": "武民取字〔2026〕5号",
            "reason": "事实清楚。",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "concluded"
    response = admin.post(f"{url}publish/")
    assert response.status_code == 200 and response.json()["published"] is True

    public = client_for().get(PUBLIC).json()
    assert [row["name"] for row in public["results"]] == ["杨园读书会"]


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_evidence_upload_of_a_wrong_type_is_refused(world):
    case = open_case(world)
    client = client_for(world.user("district_admin"))
    response = client.post(
        f"{CASES}{case.pk}/evidence/",
        {"description": "x", "file": _upload("a.exe", b"MZ\x90")},
        format="multipart",
    )
    assert_error(response, 400, "file")
    assert not Evidence.objects.exists()


def test_reporter_reveal_endpoint(world):
    tip = make_tip(world)
    url = f"{TIPS}{tip.pk}/reporter/"
    assert_error(client_for(world.user("street_officer")).post(url), 403)
    assert_error(client_for(world.user("auditor")).post(url), 403)
    response = client_for(world.user("district_admin")).post(url)
    assert response.json() == {"reporter_name": "王小明", "reporter_contact": "13812345678"}
    assert AuditEvent.objects.filter(action="illegal.tip.reporter_reveal").count() == 1


def test_auditor_reads_but_cannot_act(world):
    tip = make_tip(world)
    case = open_case(world)
    client = client_for(world.user("auditor"))
    assert client.get(f"{TIPS}{tip.pk}/").status_code == 200
    assert client.get(f"{CASES}{case.pk}/").status_code == 200
    assert_error(
        client.post(
            f"{TIPS}{tip.pk}/assign/", {"handled_by": world.user("auditor").pk}, format="json"
        ),
        403,
    )
    assert_error(client.post(f"{CASES}{case.pk}/publish/"), 403)


def test_public_list_shows_only_published_rows_and_no_reporter_data(
    world, django_assert_max_num_queries
):
    published = decided_case(world, "ban", publish=True, subject_name="某某非法协会")
    decided_case(world, "disperse", subject_name="尚未公布的联合会")
    decided_case(world, "guide_register", subject_name="引导登记的读书会")
    open_case(world, subject_name="仍在调查的研究会")
    client = client_for()
    with django_assert_max_num_queries(2):
        response = client.get(PUBLIC)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["某某非法协会"]
    row = rows[0]
    assert set(row) == {
        "name",
        "outcome",
        "outcome_label",
        "decided_on",
        "document_number",
        "authority",
        "district",
        "published_on",
    }
    assert row["outcome"] == "ban" and row["authority"] == world.bureau.name
    assert row["decided_on"] == published.decided_on.isoformat()
    text = response.content.decode()
    for secret in ("王小明", "13812345678", "138****5678", "王*", "现场检查笔录"):
        assert secret not in text


def test_public_list_is_paginated(world):
    for i in range(3):
        decided_case(world, "ban", publish=True, subject_name=f"非法组织{i}")
    client = client_for()
    first = client.get(PUBLIC, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    names = {r["name"] for r in first["results"] + second["results"]}
    assert names == {"非法组织0", "非法组织1", "非法组织2"}


def test_public_cannot_see_cases(world):
    case = decided_case(world, "ban", publish=True)
    for client in (client_for(), client_for(world.user("public"))):
        assert client.get(CASES).status_code in (401, 403)
        assert client.get(f"{CASES}{case.pk}/").status_code in (401, 403)
    assert InvestigationCase.objects.count() == 1
