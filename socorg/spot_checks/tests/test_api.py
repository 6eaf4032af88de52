"""The spot-check API over the real stack, and the public results without login."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from socorg.audit.models import AuditEvent
from socorg.credit.models import RectificationNotice
from socorg.spot_checks.models import Campaign, ConflictDeclaration, SampledOrganization

from .factories import assigned_campaign, make_orgs, make_pool, record_all, sample_of

CAMPAIGNS = "/api/v1/spot-checks/campaigns/"
INSPECTIONS = "/api/v1/spot-checks/inspections/"
POOL = "/api/v1/spot-checks/pool/"
CONFLICTS = "/api/v1/spot-checks/conflicts/"
PUBLIC = "/api/v1/public/spot-checks/"
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


def campaign_body(world, **overrides):
    body = {"name": "2026年度抽查", "year": 2026, "area": world.district.code, "share": "5"}
    body.update(overrides)
    return body


def test_admin_creates_draws_and_reads_a_campaign(world, django_assert_max_num_queries):
    make_orgs(world)
    client = client_for(world.user("district_admin"))
    response = client.post(CAMPAIGNS, campaign_body(world, seed="abc"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["seed"] == "abc" and body["state"] == "draft" and body["share"] == "5.00"
    pk = body["id"]
    response = client.post(f"{CAMPAIGNS}{pk}/draw/", format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "drawn" and response.json()["population_size"] == 10
    assert_error(client.post(f"{CAMPAIGNS}{pk}/draw/", format="json"), 400, "state")
    listing = client.get(CAMPAIGNS).json()
    assert [c["id"] for c in listing["results"]] == [pk]
    # Session, user, area, campaign, sample, inspectors, and the session save: no query per row.
    with django_assert_max_num_queries(10):
        sample = client.get(f"{CAMPAIGNS}{pk}/sample/").json()["results"]
    assert len(sample) == SampledOrganization.objects.filter(campaign_id=pk).count()


def test_generated_seed_is_returned(world):
    client = client_for(world.user("district_admin"))
    body = client.post(CAMPAIGNS, campaign_body(world), format="json").json()
    assert len(body["seed"]) == 32 and body["seed_generated"] is True


def test_bad_share_is_a_field_error_and_nothing_is_written(world):
    client = client_for(world.user("district_admin"))
    for share in ("0", "100.5", "-3"):
        assert_error(
            client.post(CAMPAIGNS, campaign_body(world, share=share), format="json"), 400, "share"
        )
    assert_error(
        client.post(CAMPAIGNS, campaign_body(world, area="420106001001"), format="json"),
        400,
        "area",
    )
    assert_error(
        client.post(CAMPAIGNS, campaign_body(world, area="999999"), format="json"), 400, "area"
    )
    assert Campaign.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="spot_checks.").exists()


def test_roles_allowed_and_denied(world):
    for role in ("street_officer", "department_officer", "expert", "public", "auditor"):
        assert_error(
            client_for(world.user(role)).post(CAMPAIGNS, campaign_body(world), format="json"), 403
        )
    for role in ("street_officer", "expert", "public", "system_admin"):
        assert_error(client_for(world.user(role)).get(CAMPAIGNS), 403)
    assert client_for(world.user("auditor")).get(CAMPAIGNS).status_code == 200
    assert client_for().get(CAMPAIGNS).status_code in (401, 403)
    assert_error(
        client_for(world.user("district_admin")).post(
            CAMPAIGNS, campaign_body(world, area=world.other_district.code), format="json"
        ),
        403,
    )
    assert Campaign.objects.count() == 0


def test_other_district_cannot_see_the_campaign(world):
    make_orgs(world)
    make_pool(world, 3)
    campaign = assigned_campaign(world)
    other = client_for(world.user("other_admin"))
    assert other.get(f"{CAMPAIGNS}{campaign.pk}/").status_code == 404
    assert other.post(f"{CAMPAIGNS}{campaign.pk}/publish/", format="json").status_code == 404
    auditor = client_for(world.user("auditor"))
    assert auditor.get(f"{CAMPAIGNS}{campaign.pk}/").status_code == 200
    assert_error(auditor.post(f"{CAMPAIGNS}{campaign.pk}/publish/", format="json"), 403)


def test_empty_pool_is_a_field_error(world):
    make_orgs(world)
    client = client_for(world.user("district_admin"))
    pk = client.post(CAMPAIGNS, campaign_body(world), format="json").json()["id"]
    client.post(f"{CAMPAIGNS}{pk}/draw/", format="json")
    assert_error(client.post(f"{CAMPAIGNS}{pk}/assign/", format="json"), 400, "pool")
    assert Campaign.objects.get(pk=pk).state == "drawn"


def test_pool_and_conflicts_over_the_api(world):
    orgs = make_orgs(world)
    admin = client_for(world.user("district_admin"))
    expert = world.user("expert")
    response = admin.post(POOL, {"user": expert.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "expert"
    assert_error(admin.post(POOL, {"user": world.user("public").pk}, format="json"), 400, "user")
    assert_error(admin.post(POOL, {"user": 999999}, format="json"), 400, "user")
    assert_error(
        client_for(world.user("auditor")).post(POOL, {"user": expert.pk}, format="json"), 403
    )
    assert len(client_for(world.user("auditor")).get(POOL).json()["results"]) == 1

    own = client_for(expert)
    body = {"organization": orgs[0].pk, "kind": "employment", "ended_on": "2025-01-31"}
    response = own.post(CONFLICTS, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["inspector"]["id"] == expert.pk
    assert_error(
        own.post(CONFLICTS, {**body, "inspector": world.user("street_officer").pk}, format="json"),
        403,
    )
    assert_error(
        own.post(CONFLICTS, {"organization": orgs[1].pk, "kind": "interest"}, format="json"),
        400,
        "note",
    )
    assert [c["id"] for c in own.get(CONFLICTS).json()["results"]] == list(
        ConflictDeclaration.objects.values_list("pk", flat=True)
    )
    assert_error(client_for(world.user("public")).get(CONFLICTS), 403)


def test_inspection_flow_and_public_results(world, django_assert_max_num_queries):
    orgs = make_orgs(world)
    experts = make_pool(world, 3)
    campaign = assigned_campaign(world, share=Decimal(100))
    assert client_for().get(PUBLIC).json()["results"] == []

    sampled = sample_of(campaign)[0]
    inspector = sampled.inspectors.first()
    mine = client_for(inspector).get(INSPECTIONS).json()["results"]
    assert sampled.pk in [row["id"] for row in mine]

    # An inspector not assigned to it cannot see or record it; the bureau sees it but may not record.
    outsider = next(e for e in experts if e not in sampled.inspectors.all())
    url = f"{INSPECTIONS}{sampled.pk}/finding/"
    body = {
        "finding": "issues",
        "finding_text": "未按章程换届。",
        "checked_on": timezone.localdate().isoformat(),
    }
    assert client_for(outsider).post(url, body, format="json").status_code == 404
    assert_error(client_for(world.user("district_admin")).post(url, body, format="json"), 403)
    assert_error(
        client_for(inspector).post(url, {**body, "finding_text": ""}, format="json"),
        400,
        "finding_text",
    )
    response = client_for(inspector).post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["finding"] == "issues"

    admin = client_for(world.user("district_admin"))
    rect = f"{INSPECTIONS}{sampled.pk}/rectification/"
    today = timezone.localdate()
    past = {
        "deadline": (today - dt.timedelta(days=1)).isoformat(),
        "document_number": "武民整〔2026〕1号",
    }
    assert_error(admin.post(rect, past, format="json"), 400, "deadline")
    assert RectificationNotice.objects.count() == 0
    assert_error(client_for(inspector).post(rect, past, format="json"), 403)
    ok = {**past, "deadline": (today + dt.timedelta(days=20)).isoformat()}
    response = admin.post(rect, ok, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["rectification_notice"]["deadline"] == ok["deadline"]
    assert response.json()["rectification_state"] == "pending"

    record_all(campaign)  # the others have no issues (the first keeps its finding)
    sampled.refresh_from_db()
    response = admin.post(f"{CAMPAIGNS}{campaign.pk}/publish/", format="json")
    assert response.status_code == 200, response.content

    anonymous = APIClient()
    with django_assert_max_num_queries(3):
        response = anonymous.get(PUBLIC, {"page_size": 3})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 3 and body["next"]
    rows = []
    page = body
    while True:
        rows += page["results"]
        if not page["next"]:
            break
        page = anonymous.get(page["next"]).json()
    assert len(rows) == len(sample_of(campaign))
    row = next(r for r in rows if r["id"] == sampled.pk)
    assert row["organization_name"] == sampled.organization.name
    assert row["uscc"] == sampled.organization.uscc
    assert row["result"] == "issues" and row["rectification_state"] == "pending"
    assert "finding_text" not in row and "inspectors" not in row
    assert len(orgs) == 10
