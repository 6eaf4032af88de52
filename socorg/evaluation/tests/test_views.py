"""The evaluation pages: each role allowed and denied, forms showing the service's field errors
with nothing written, the public notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from socorg.evaluation import services
from socorg.evaluation.models import Application, EvaluationRound, ExpertAffiliation, Score

from .conftest import applicant, assign, sheet

TODAY = timezone.localdate()
REPORTS = (TODAY.year - 2, TODAY.year - 1)


def login(client, user):
    client.force_login(user)
    return client


def todays_round(world, *, open_: bool = True) -> EvaluationRound:
    admin = world.user("district_admin")
    round_ = services.round_create(
        actor=admin,
        name="本年度社会组织等级评估",
        year=TODAY.year,
        opened_on=TODAY,
        application_deadline=TODAY + dt.timedelta(days=30),
    )
    return services.round_open(actor=admin, round_=round_, today=TODAY) if open_ else round_


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("district_admin", 200),
        ("auditor", 200),
        ("street_officer", 403),
        ("department_officer", 403),
        ("public", 403),
        ("system_admin", 403),
    ],
)
def test_home_per_role(client, world, role, status):
    todays_round(world)
    response = login(client, world.user(role)).get("/evaluation/")
    assert response.status_code == status
    if status == 200:
        assert "本年度社会组织等级评估" in response.content.decode()


def test_expert_home_is_the_task_list(client, world, experts):
    response = login(client, experts[0]).get("/evaluation/")
    assert response.status_code == 302 and response.url == "/evaluation/assignments/"
    assert login(client, experts[0]).get("/evaluation/assignments/").status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    response = client.get("/evaluation/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_round_create_page(client, world):
    assert (
        login(client, world.user("street_officer")).get("/evaluation/rounds/new/").status_code
        == 403
    )
    admin = login(client, world.user("district_admin"))
    assert admin.get("/evaluation/rounds/new/").status_code == 200
    bad = admin.post(
        "/evaluation/rounds/new/",
        {
            "name": "x",
            "year": 2026,
            "opened_on": "2026-06-01",
            "application_deadline": "2026-05-01",
        },
    )
    assert bad.status_code == 200
    assert "申报截止日期不能早于开始申报日期" in bad.content.decode()
    assert not EvaluationRound.objects.exists()
    good = admin.post(
        "/evaluation/rounds/new/",
        {
            "name": "2026 年度评估",
            "year": 2026,
            "opened_on": "2026-06-01",
            "application_deadline": "2026-07-01",
        },
    )
    round_ = EvaluationRound.objects.get()
    assert good.status_code == 302 and good.url == f"/evaluation/rounds/{round_.pk}/"


def test_round_detail_scope_and_actions(client, world):
    round_ = todays_round(world, open_=False)
    url = f"/evaluation/rounds/{round_.pk}/"
    page = login(client, world.user("district_admin")).get(url).content.decode()
    assert "开始接受申报" in page
    auditor = login(client, world.user("auditor")).get(url)
    assert auditor.status_code == 200 and "开始接受申报" not in auditor.content.decode()
    assert login(client, world.user("other_admin")).get(url).status_code == 404
    assert (
        login(client, world.user("auditor")).post(f"{url}act/", {"action": "open"}).status_code
        == 403
    )
    login(client, world.user("district_admin")).post(f"{url}act/", {"action": "open"})
    round_.refresh_from_db()
    assert round_.state == "open"


def test_organization_applies_from_its_page_or_sees_why_not(client, world):
    round_ = todays_round(world)
    who = applicant(world, reports=REPORTS)
    young = applicant(world, registered_on=TODAY - dt.timedelta(days=400), reports=())
    home = login(client, who.user).get("/evaluation/").content.decode()
    assert round_.name in home and "申报" in home
    response = login(client, young.user).post(f"/evaluation/rounds/{round_.pk}/apply/", follow=True)
    assert "完整年度" in response.content.decode()
    assert not Application.objects.filter(organization=young.org).exists()
    response = login(client, who.user).post(f"/evaluation/rounds/{round_.pk}/apply/")
    application = Application.objects.get(organization=who.org)
    assert response.url == f"/evaluation/applications/{application.pk}/self-assessment/"
    bad = client.post(
        response.url, {**{f"score_{k}": v for k, v in sheet(800).items()}, "score_basic": "abc"}
    )
    assert "基础条件" in bad.content.decode() and "须为数字" in bad.content.decode()
    application.refresh_from_db()
    assert application.self_total is None
    assert login(client, world.user("district_admin")).get(response.url).status_code == 403


def test_expert_scores_on_the_page(client, world, experts):
    round_ = todays_round(world)
    who = applicant(world, reports=REPORTS)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    assignment = assign(world, application, experts[0], TODAY)
    services.round_start_scoring(actor=world.user("district_admin"), round_=round_)
    url = f"/evaluation/assignments/{assignment.pk}/score/"
    assert login(client, experts[1]).get(url).status_code == 404
    page = login(client, experts[0])
    assert page.get(url).status_code == 200
    form = {f"score_{k}": v for k, v in sheet(800).items()}
    bad = page.post(url, {**form, "score_social": "151"})
    assert bad.status_code == 200
    assert "社会评价" in bad.content.decode() and "超出 0–150 分" in bad.content.decode()
    assert not Score.objects.exists()
    ok = page.post(url, form)
    assert ok.status_code == 302
    assert Score.objects.filter(assignment=assignment).count() == 5


def test_application_page_per_role(client, world, experts):
    round_ = todays_round(world)
    who = applicant(world, reports=REPORTS)
    other = applicant(world, reports=REPORTS)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    url = f"/evaluation/applications/{application.pk}/"
    admin_page = login(client, world.user("district_admin")).get(url).content.decode()
    assert "符合参加评估的条件" in admin_page and "指派" in admin_page
    assert login(client, who.user).get(url).status_code == 200
    assert login(client, other.user).get(url).status_code == 404
    assert login(client, experts[0]).get(url).status_code == 404
    assign(world, application, experts[0], TODAY)
    assert login(client, experts[0]).get(url).status_code == 200


def test_assignment_refused_on_the_page_when_recusal_applies(client, world, experts):
    round_ = todays_round(world)
    who = applicant(world, reports=REPORTS)
    application = services.application_submit(actor=who.user, round_=round_, organization=who.org)
    admin = login(client, world.user("district_admin"))
    page = admin.post(
        f"/evaluation/experts/{experts[0].pk}/",
        {"uscc": who.org.uscc, "kind": "member", "started_on": "", "ended_on": "", "note": "理事"},
    )
    assert page.status_code == 302
    assert ExpertAffiliation.objects.filter(expert=experts[0], organization=who.org).exists()
    response = admin.post(
        f"/evaluation/applications/{application.pk}/assign/", {"expert": experts[0].pk}, follow=True
    )
    assert "应当回避" in response.content.decode()
    assert not application.assignments.exists()


def test_notice_page_is_public(client, world, experts):
    admin = world.user("district_admin")
    start = TODAY - dt.timedelta(days=20)
    round_ = services.round_create(
        actor=admin,
        name="公示中的评估",
        year=start.year,
        opened_on=start,
        application_deadline=start + dt.timedelta(days=3),
    )
    services.round_open(actor=admin, round_=round_, today=start)
    who = applicant(world, reports=(start.year - 2, start.year - 1))
    application = services.application_submit(
        actor=who.user, round_=round_, organization=who.org, today=start
    )
    assignment = assign(world, application, experts[0], start)
    services.round_start_scoring(actor=admin, round_=round_, today=start + dt.timedelta(days=4))
    services.score_submit(
        actor=experts[0],
        assignment=assignment,
        scores=sheet(905),
        today=start + dt.timedelta(days=5),
    )
    services.round_publish_notice(actor=admin, round_=round_, today=TODAY)
    page = client.get("/evaluation/notice/")
    assert page.status_code == 200
    body = page.content.decode()
    assert who.org.name in body and "5A" in body and "905.00" in body


def test_statistics_page(client, world, experts):
    assert (
        login(client, world.user("district_admin")).get("/evaluation/statistics/").status_code
        == 200
    )
    assert login(client, world.user("public")).get("/evaluation/statistics/").status_code == 403
    assert login(client, experts[0]).get("/evaluation/statistics/").status_code == 403


def test_expert_pages_per_role(client, world, experts):
    assert (
        login(client, world.user("district_admin")).get("/evaluation/experts/").status_code == 200
    )
    page = login(client, world.user("district_admin")).get(f"/evaluation/experts/{experts[0].pk}/")
    assert page.status_code == 200 and "登记关联组织" in page.content.decode()
    assert (
        login(client, world.user("street_officer")).get("/evaluation/experts/").status_code == 403
    )
    own = login(client, experts[0])
    assert own.get("/evaluation/experts/").url == f"/evaluation/experts/{experts[0].pk}/"
    assert own.get(f"/evaluation/experts/{experts[0].pk}/").status_code == 200
    assert own.get(f"/evaluation/experts/{experts[1].pk}/").status_code == 403
    bad = own.post(
        f"/evaluation/experts/{experts[0].pk}/",
        {"uscc": "91420106MA4K0000XX", "kind": "declared", "started_on": "", "ended_on": ""},
    )
    assert "未找到该统一社会信用代码" in bad.content.decode()
    assert not ExpertAffiliation.objects.exists()
