"""The evaluation API over the real stack: each role allowed and denied, bad input per field with
nothing written, the round from application to announcement, the notice and statistics.

The API acts on today's date, so the data here is built around ``timezone.localdate()``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from socorg.evaluation import services
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAffiliation,
    ExpertAssignment,
    Objection,
    Result,
    Score,
)
from tests.world import next_uscc

from .conftest import applicant, assign, sheet

API = "/api/v1/evaluation"
TODAY = timezone.localdate()
REPORTS = (TODAY.year - 2, TODAY.year - 1)


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def todays_round(
    world, *, state: str = "open", opened_on: dt.date | None = None
) -> EvaluationRound:
    admin = world.user("district_admin")
    opened_on = opened_on or TODAY
    round_ = services.round_create(
        actor=admin,
        name="本年度社会组织等级评估",
        year=opened_on.year,
        opened_on=opened_on,
        application_deadline=max(opened_on, TODAY) + dt.timedelta(days=30),
    )
    if state != "draft":
        services.round_open(actor=admin, round_=round_, today=opened_on)
    return round_


@pytest.fixture
def who(world):
    return applicant(world, reports=REPORTS)


# --- rounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "count"),
    [
        ("district_admin", 200, 2),
        ("auditor", 200, 2),
        ("other_admin", 200, 0),
        ("street_officer", 403, None),
        ("department_officer", 403, None),
        ("public", 403, None),
    ],
)
def test_round_list_per_role(world, role, status, count):
    todays_round(world)
    todays_round(world, state="draft")
    response = client_for(world.user(role)).get(f"{API}/rounds/")
    assert response.status_code == status
    if count is not None:
        assert len(response.json()["results"]) == count


def test_organization_sees_only_opened_rounds_of_its_district(world, who):
    todays_round(world)
    todays_round(world, state="draft")
    body = client_for(who.user).get(f"{API}/rounds/").json()
    assert [r["state"] for r in body["results"]] == ["open"]


def test_create_round_and_field_errors(world):
    client = client_for(world.user("district_admin"))
    bad = client.post(
        f"{API}/rounds/",
        {"name": "", "year": 2026, "opened_on": "2026-06-01", "application_deadline": "2026-05-01"},
        format="json",
    )
    assert bad.status_code == 400
    assert "name" in bad.json()["errors"]
    wrong = client.post(
        f"{API}/rounds/",
        {
            "name": "x",
            "year": 2026,
            "opened_on": "2026-06-01",
            "application_deadline": "2026-05-01",
        },
        format="json",
    )
    assert wrong.status_code == 400
    assert "申报截止日期不能早于开始申报日期" in wrong.json()["errors"]["application_deadline"][0]
    assert not EvaluationRound.objects.exists()
    good = client.post(
        f"{API}/rounds/",
        {
            "name": "2026 年度评估",
            "year": 2026,
            "opened_on": "2026-03-01",
            "application_deadline": "2026-12-31",
        },
        format="json",
    )
    assert good.status_code == 201, good.json()
    assert good.json()["regime"] == "new"
    assert len(good.json()["templates"]) == 3
    assert good.json()["dashboard"]["applications"] == 0
    denied = client_for(world.user("street_officer")).post(
        f"{API}/rounds/",
        {
            "name": "x",
            "year": 2026,
            "opened_on": "2026-03-01",
            "application_deadline": "2026-12-31",
        },
        format="json",
    )
    assert denied.status_code == 403


def test_round_steps_by_the_bureau_only(world):
    round_ = todays_round(world, state="draft")
    url = f"{API}/rounds/{round_.pk}/act/"
    assert (
        client_for(world.user("auditor")).post(url, {"action": "open"}, format="json").status_code
        == 403
    )
    assert (
        client_for(world.user("other_admin"))
        .post(url, {"action": "open"}, format="json")
        .status_code
        == 404
    )
    client = client_for(world.user("district_admin"))
    assert client.post(url, {"action": "bogus"}, format="json").status_code == 400
    wrong = client.post(url, {"action": "announce"}, format="json")
    assert wrong.status_code == 400 and "action" in wrong.json()["errors"]
    ok = client.post(url, {"action": "open"}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "open"


# --- applications ------------------------------------------------------------------------------


def test_apply_and_refusal_with_reasons(world, who):
    round_ = todays_round(world)
    url = f"{API}/rounds/{round_.pk}/applications/"
    young = applicant(world, registered_on=TODAY - dt.timedelta(days=400), reports=())
    refused = client_for(young.user).post(url, format="json")
    assert refused.status_code == 400
    assert any("完整年度" in r for r in refused.json()["errors"]["eligibility"])
    assert not Application.objects.filter(organization=young.org).exists()
    created = client_for(who.user).post(url, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["findings"][0]["rule"] == "EVAL.eligible"
    assert [i["code"] for i in body["self_scores"]][:2] == ["basic", "governance"]
    assert client_for(world.user("district_admin")).post(url, format="json").status_code == 403


def test_organization_of_another_district_is_refused(world):
    round_ = todays_round(world)
    other = applicant(
        world,
        reports=(),
        actor=world.user("other_admin"),
        street=world.streets[2],
        registration_authority=world.other_bureau,
        uscc=next_uscc("social_service", authority="420102"),
    )
    response = client_for(other.user).post(f"{API}/rounds/{round_.pk}/applications/", format="json")
    assert response.status_code in (403, 404)
    assert not Application.objects.exists()


def test_self_assessment_out_of_range_is_a_field_error(world, who):
    round_ = todays_round(world)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    url = f"{API}/applications/{application.pk}/self-assessment/"
    bad = client_for(who.user).put(url, {"scores": {**sheet(800), "basic": "200"}}, format="json")
    assert bad.status_code == 400
    assert "基础条件" in bad.json()["errors"]["scores.basic"][0]
    application.refresh_from_db()
    assert application.self_scores == {}
    good = client_for(who.user).put(url, {"scores": sheet(860)}, format="json")
    assert good.status_code == 200 and good.json()["self_total"] == "860.00"
    admin = client_for(world.user("district_admin")).put(url, {"scores": sheet(860)}, format="json")
    assert admin.status_code == 403


def test_application_detail_scope(world, who, experts):
    round_ = todays_round(world)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    url = f"{API}/applications/{application.pk}/"
    assert client_for(world.user("district_admin")).get(url).status_code == 200
    assert client_for(world.user("other_admin")).get(url).status_code == 404
    assert client_for(experts[0]).get(url).status_code == 404
    assign(world, application, experts[0], TODAY)
    assert client_for(experts[0]).get(url).status_code == 200
    assert client_for(world.user("public")).get(url).status_code == 404


# --- experts -----------------------------------------------------------------------------------


def test_assignment_with_recusal_and_scoring(world, who, experts):
    admin = world.user("district_admin")
    round_ = todays_round(world)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    services.expert_affiliation_add(
        actor=admin,
        expert=experts[0],
        organization=who.org,
        kind="employment",
        started_on=TODAY - dt.timedelta(days=900),
        ended_on=TODAY - dt.timedelta(days=30),
    )
    url = f"{API}/applications/{application.pk}/assignments/"
    refused = client_for(world.user("district_admin")).post(
        url, {"expert": experts[0].pk}, format="json"
    )
    assert refused.status_code == 400
    assert "应当回避" in refused.json()["errors"]["expert"][0]
    assert not ExpertAssignment.objects.exists()
    assert (
        client_for(world.user("auditor"))
        .post(url, {"expert": experts[1].pk}, format="json")
        .status_code
        == 403
    )
    created = client_for(admin).post(url, {"expert": experts[1].pk}, format="json")
    assert created.status_code == 201

    scores = f"{API}/applications/{application.pk}/scores/"
    early = client_for(experts[1]).post(scores, {"scores": sheet(800)}, format="json")
    assert early.status_code == 400 and "round" in early.json()["errors"]
    services.round_start_scoring(actor=admin, round_=round_)
    assert (
        client_for(experts[0]).post(scores, {"scores": sheet(800)}, format="json").status_code
        == 404
    )
    assert (
        client_for(who.user).post(scores, {"scores": sheet(800)}, format="json").status_code == 403
    )
    bad = client_for(experts[1]).post(
        scores, {"scores": {**sheet(800), "party": "100.5"}}, format="json"
    )
    assert bad.status_code == 400
    assert "党建工作" in bad.json()["errors"]["scores.party"][0]
    assert not Score.objects.exists()
    ok = client_for(experts[1]).post(
        scores, {"scores": sheet(800), "comments": {"basic": "好"}}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["scored_on"] == TODAY.isoformat()

    mine = client_for(experts[1]).get(f"{API}/assignments/").json()["results"]
    assert [a["application"] for a in mine] == [application.pk]
    assert client_for(experts[0]).get(f"{API}/assignments/").json()["results"] == []
    assert client_for(admin).get(f"{API}/assignments/").status_code == 403


def test_expert_declares_an_affiliation(world, who, experts):
    url = f"{API}/experts/{experts[0].pk}/affiliations/"
    created = client_for(experts[0]).post(
        url, {"organization": who.org.pk, "kind": "declared"}, format="json"
    )
    assert created.status_code == 201
    assert client_for(experts[1]).get(url).status_code == 403
    bad = client_for(world.user("district_admin")).post(
        url,
        {"organization": who.org.pk, "kind": "employment", "ended_on": "2020-01-01"},
        format="json",
    )
    assert bad.status_code == 400 and "started_on" in bad.json()["errors"]
    assert ExpertAffiliation.objects.count() == 1
    assert len(client_for(world.user("district_admin")).get(url).json()) == 1


# --- notice, objections, announcement, statistics ----------------------------------------------


@pytest.fixture
def noticed(world, experts):
    """A round whose notice ended yesterday, with one result of 820 (4A) for ``who``."""
    admin = world.user("district_admin")
    start = TODAY - dt.timedelta(days=60)
    round_ = services.round_create(
        actor=admin,
        name="上一轮评估",
        year=start.year,
        opened_on=start,
        application_deadline=start + dt.timedelta(days=10),
    )
    services.round_open(actor=admin, round_=round_, today=start)
    who = applicant(world, reports=(start.year - 2, start.year - 1))
    application = services.application_submit(
        actor=who.user, round_=round_, organization=who.org, today=start
    )
    assignment = assign(world, application, experts[0], start)
    services.round_start_scoring(actor=admin, round_=round_, today=start + dt.timedelta(days=11))
    services.score_submit(
        actor=experts[0],
        assignment=assignment,
        scores=sheet(820),
        today=start + dt.timedelta(days=12),
    )
    services.round_publish_notice(actor=admin, round_=round_, today=TODAY - dt.timedelta(days=15))
    return round_, who, application


def test_notice_is_public_and_objections_only_in_the_period(world, noticed):
    _round, who, application = noticed
    body = APIClient().get(f"{API}/notice/").json()
    assert [(r["organization"], r["level"]) for r in body["results"]] == [(who.org.name, "4A")]
    url = f"{API}/applications/{application.pk}/objections/"
    late = client_for(who.user).post(url, {"reason": "漏评"}, format="json")
    assert late.status_code == 400 and "公示期" in late.json()["errors"]["result"][0]
    assert not Objection.objects.exists()


def test_objection_resolved_then_announced(world, experts):
    admin = world.user("district_admin")
    start = TODAY - dt.timedelta(days=30)
    round_ = services.round_create(
        actor=admin,
        name="本轮",
        year=start.year,
        opened_on=start,
        application_deadline=start + dt.timedelta(days=5),
    )
    services.round_open(actor=admin, round_=round_, today=start)
    who = applicant(world, reports=(start.year - 2, start.year - 1))
    application = services.application_submit(
        actor=who.user, round_=round_, organization=who.org, today=start
    )
    assignment = assign(world, application, experts[0], start)
    services.round_start_scoring(actor=admin, round_=round_, today=start + dt.timedelta(days=6))
    services.score_submit(
        actor=experts[0],
        assignment=assignment,
        scores=sheet(690),
        today=start + dt.timedelta(days=7),
    )
    services.round_publish_notice(actor=admin, round_=round_, today=TODAY - dt.timedelta(days=5))

    filed = client_for(who.user).post(
        f"{API}/applications/{application.pk}/objections/",
        {"reason": "社会评价漏计"},
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    objection = filed.json()["id"]
    resolve = f"{API}/objections/{objection}/resolve/"
    assert client_for(who.user).post(
        resolve, {"decision": "upheld", "resolution": "x"}, format="json"
    ).status_code in (403, 404)
    bad = client_for(admin).post(
        resolve, {"decision": "rejected", "resolution": "", "corrected_total": "700"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"resolution", "corrected_total"}
    ok = client_for(admin).post(
        resolve,
        {"decision": "upheld", "resolution": "补计社会评价得分", "corrected_total": "705"},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "upheld"
    assert Result.objects.get().level == "3A"
    act = f"{API}/rounds/{round_.pk}/act/"
    early = client_for(admin).post(act, {"action": "announce"}, format="json")
    assert early.status_code == 400 and "公示期" in early.json()["detail"]


def test_announce_and_statistics(world, noticed):
    round_, who, application = noticed
    admin = world.user("district_admin")
    response = client_for(admin).post(
        f"{API}/rounds/{round_.pk}/act/", {"action": "announce"}, format="json"
    )
    assert response.status_code == 200, response.json()
    result = Result.objects.get()
    assert result.announced_on == TODAY
    assert (result.valid_from, result.valid_to) == (
        dt.date(TODAY.year + 1, 1, 1),
        dt.date(TODAY.year + 5, 12, 31),
    )
    on = result.valid_from.isoformat()
    stats = client_for(admin).get(f"{API}/statistics/", {"on": on}).json()
    assert (stats["count"], stats["by_level"]["4A"]) == (1, 1)
    assert (
        client_for(admin).get(f"{API}/statistics/", {"on": on, "min_level": "5A"}).json()["count"]
        == 0
    )
    assert (
        client_for(world.user("other_admin")).get(f"{API}/statistics/", {"on": on}).json()["count"]
        == 0
    )
    assert client_for(world.user("public")).get(f"{API}/statistics/").status_code == 403
    assert client_for(who.user).get(f"{API}/statistics/").status_code == 403
    bad = client_for(admin).get(f"{API}/statistics/", {"on": "x", "min_level": "6A"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"on", "min_level"}
    levels = (
        client_for(who.user)
        .get(f"{API}/levels/", {"organizations": str(who.org.pk), "on": on})
        .json()
    )
    assert levels == [
        {
            "organization": who.org.pk,
            "level": "4A",
            "valid_from": on,
            "valid_to": result.valid_to.isoformat(),
        }
    ]
    detail = client_for(who.user).get(f"{API}/applications/{application.pk}/").json()
    assert detail["result"]["level"] == "4A"
    assert detail["assignments"] == []  # the organization does not see who scored it


def test_results_hidden_from_the_organization_before_the_notice(world, who, experts):
    round_ = todays_round(world)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    assignment = assign(world, application, experts[0], TODAY)
    admin = world.user("district_admin")
    services.round_start_scoring(actor=admin, round_=round_)
    services.score_submit(actor=experts[0], assignment=assignment, scores=sheet(820))
    client_for(admin).post(f"{API}/rounds/{round_.pk}/act/", {"action": "aggregate"}, format="json")
    assert Result.objects.count() == 1
    assert (
        client_for(who.user).get(f"{API}/applications/{application.pk}/").json()["result"] is None
    )
    assert (
        client_for(admin).get(f"{API}/applications/{application.pk}/").json()["result"]["total"]
        == "820.00"
    )


def test_templates_api(world):
    client = client_for(world.user("district_admin"))
    assert len(client.get(f"{API}/templates/").json()) == 3
    bad = client.post(
        f"{API}/templates/",
        {
            "org_type": "community",
            "version": "v2",
            "valid_from": "2027-01-01",
            "indicators": [{"code": "a", "name": "基础条件", "max_points": "1000"}],
        },
        format="json",
    )
    assert bad.status_code == 400 and "org_type" in bad.json()["errors"]
    assert (
        client_for(world.user("auditor")).post(f"{API}/templates/", {}, format="json").status_code
        == 403
    )


def test_application_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    round_ = todays_round(world)
    client = client_for(world.user("district_admin"))
    url = f"{API}/rounds/{round_.pk}/applications/"
    who = applicant(world, reports=REPORTS)
    services.application_submit(actor=who.user, round_=round_, organization=who.org)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()["results"]) == 1
    for _ in range(3):
        more = applicant(world, reports=REPORTS)
        services.application_submit(actor=more.user, round_=round_, organization=more.org)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(url).json()["results"]) == 4
