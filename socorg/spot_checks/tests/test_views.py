"""The spot-check pages over the real stack: roles allowed and denied, forms, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socorg.credit.models import RectificationNotice
from socorg.spot_checks.models import Campaign, ConflictDeclaration, InspectorPoolMember

from .factories import assigned_campaign, make_orgs, make_pool, record_all, sample_of


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_data(world, **overrides):
    data = {
        "name": "2026年度双随机抽查",
        "year": "2026",
        "area": str(world.district.pk),
        "strata": "type",
        "share": "5",
        "min_per_stratum": "1",
        "inspectors_per_check": "2",
        "employment_recusal_years": "3",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("district_admin", 200),
        ("auditor", 200),
        ("street_officer", 403),
        ("department_officer", 403),
        ("expert", 403),
        ("public", 403),
        ("system_admin", 403),
    ],
)
def test_campaign_list_by_role(world, role, status):
    assert (
        client_for(world.user(role)).get(reverse("spot_checks:campaign_list")).status_code == status
    )


def test_anonymous_is_sent_to_login(world):
    response = client_for().get(reverse("spot_checks:campaign_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_by_form(world):
    client = client_for(world.user("district_admin"))
    assert client.get(reverse("spot_checks:campaign_create")).status_code == 200
    response = client.post(reverse("spot_checks:campaign_create"), form_data(world, seed="abc"))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("spot_checks:campaign_detail", args=[campaign.pk])
    assert campaign.seed == "abc"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "abc" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"share": "0"}, "抽查比例必须大于 0%"),
        ({"share": "120"}, "不超过 100%"),
        ({"share": ""}, "请填写抽查比例"),
        ({"year": "1990"}, "年度应在"),
        ({"inspectors_per_check": "0"}, "每户检查人员数"),
    ],
)
def test_create_bad_input_shows_the_field_error(world, overrides, message):
    client = client_for(world.user("district_admin"))
    response = client.post(reverse("spot_checks:campaign_create"), form_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Campaign.objects.count() == 0


def test_create_denied_to_auditor(world):
    client = client_for(world.user("auditor"))
    assert client.get(reverse("spot_checks:campaign_create")).status_code == 403
    assert client.post(reverse("spot_checks:campaign_create"), form_data(world)).status_code == 403
    assert Campaign.objects.count() == 0


def test_draw_assign_and_errors_from_the_detail_page(world):
    make_orgs(world)
    client = client_for(world.user("district_admin"))
    client.post(reverse("spot_checks:campaign_create"), form_data(world, share="50"))
    campaign = Campaign.objects.get()
    detail = reverse("spot_checks:campaign_detail", args=[campaign.pk])
    assert "随机抽取检查对象" in client.get(detail).content.decode()
    response = client.post(reverse("spot_checks:campaign_draw", args=[campaign.pk]), follow=True)
    assert "已随机抽取检查对象" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAWN
    # Drawing twice and assigning from an empty pool: refused with the reason, nothing changed.
    response = client.post(reverse("spot_checks:campaign_draw", args=[campaign.pk]), follow=True)
    assert "不能重复抽取" in response.content.decode()
    response = client.post(reverse("spot_checks:campaign_assign", args=[campaign.pk]), follow=True)
    assert "检查人员库为空" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAWN
    # The auditor reads but may not act.
    auditor = client_for(world.user("auditor"))
    assert auditor.get(detail).status_code == 200
    assert (
        auditor.post(reverse("spot_checks:campaign_assign", args=[campaign.pk])).status_code == 403
    )
    assert client_for(world.user("other_admin")).get(detail).status_code == 404


def test_inspector_records_a_finding_and_the_bureau_orders_rectification(world):
    make_orgs(world)
    experts = make_pool(world, 3)
    campaign = assigned_campaign(world)
    sampled = sample_of(campaign)[0]
    inspector = sampled.inspectors.first()
    outsider = next(e for e in experts if e not in sampled.inspectors.all())
    url = reverse("spot_checks:sampled_detail", args=[sampled.pk])
    finding_url = reverse("spot_checks:sampled_finding", args=[sampled.pk])
    today = timezone.localdate().isoformat()

    assert client_for(outsider).get(url).status_code == 404
    data = {"finding": "issues", "finding_text": "未按规定公开年度报告。", "checked_on": today}
    assert client_for(outsider).post(finding_url, data).status_code == 404
    assert client_for(world.user("district_admin")).post(finding_url, data).status_code == 403

    own = client_for(inspector)
    page = own.get(url)
    assert page.status_code == 200 and "录入检查结果" in page.content.decode()
    bad = own.post(finding_url, {**data, "finding_text": ""})
    assert bad.status_code == 400 and "发现问题的，请写明发现的问题" in bad.content.decode()
    assert own.post(finding_url, data).status_code == 302
    sampled.refresh_from_db()
    assert sampled.finding == "issues"

    admin = client_for(world.user("district_admin"))
    rect_url = reverse("spot_checks:sampled_rectification", args=[sampled.pk])
    past = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = admin.post(rect_url, {"deadline": past, "document_number": "武民整〔2026〕2号"})
    assert response.status_code == 400 and "整改期限必须晚于今天" in response.content.decode()
    assert RectificationNotice.objects.count() == 0
    assert own.post(rect_url, {"deadline": past, "document_number": "x"}).status_code == 403
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = admin.post(rect_url, {"deadline": future, "document_number": "武民整〔2026〕2号"})
    assert response.status_code == 302
    assert RectificationNotice.objects.get().deadline.isoformat() == future
    assert "限期整改中" in admin.get(url).content.decode()


def test_my_inspections(world):
    make_orgs(world)
    experts = make_pool(world, 2)
    campaign = assigned_campaign(world)
    response = client_for(experts[0]).get(reverse("spot_checks:my_inspections"))
    assert response.status_code == 200
    assert sample_of(campaign)[0].organization.name in response.content.decode()
    for role in ("public", "auditor", "system_admin"):
        response = client_for(world.user(role)).get(reverse("spot_checks:my_inspections"))
        assert response.status_code == 403
    # An account of the pool roles not drawn sees an empty list.
    response = client_for(world.user("street_officer")).get(reverse("spot_checks:my_inspections"))
    assert response.status_code == 200 and "目前没有选派给您的检查任务" in response.content.decode()


def test_pool_page(world):
    admin = client_for(world.user("district_admin"))
    url = reverse("spot_checks:pool_list")
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"user": world.user("expert").pk})
    assert response.status_code == 302
    member = InspectorPoolMember.objects.get()
    assert member.user == world.user("expert")
    auditor = client_for(world.user("auditor"))
    assert auditor.get(url).status_code == 200
    assert auditor.post(url, {"user": world.user("department_officer").pk}).status_code == 403
    remove = reverse("spot_checks:pool_remove", args=[member.pk])
    assert auditor.post(remove, {"reason": "x"}).status_code == 403
    assert admin.post(remove, {"reason": "调离本区"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert client_for(world.user("expert")).get(url).status_code == 403


def test_conflict_page(world):
    orgs = make_orgs(world)
    expert = client_for(world.user("expert"))
    url = reverse("spot_checks:conflict_list")
    assert expert.get(url).status_code == 200
    data = {"inspector": world.user("expert").pk, "organization": orgs[0].uscc, "kind": "own"}
    assert expert.post(url, data).status_code == 302
    bad = expert.post(url, {**data, "organization": "91420106MA4KXXXXXX"})
    assert bad.status_code == 400 and "没有找到" in bad.content.decode()
    assert ConflictDeclaration.objects.count() == 1
    assert client_for(world.user("public")).get(url).status_code == 403


def test_public_results_page_needs_no_login(world):
    make_orgs(world)
    make_pool(world, 2)
    campaign = assigned_campaign(world)
    url = reverse("spot_checks:public_results")
    response = client_for().get(url)
    assert response.status_code == 200
    assert "暂无公开的抽查结果" in response.content.decode()
    record_all(campaign)
    admin = client_for(world.user("district_admin"))
    detail = reverse("spot_checks:campaign_detail", args=[campaign.pk])
    assert "公开抽查结果" in admin.get(detail).content.decode()
    admin.post(reverse("spot_checks:campaign_publish", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PUBLISHED
    page = client_for().get(url).content.decode()
    first = sample_of(campaign)[0].organization
    assert first.name in page and first.uscc in page and "未发现问题" in page
    assert "结果已公开" in admin.get(detail).content.decode()
