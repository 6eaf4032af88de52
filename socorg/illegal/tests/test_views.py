"""The public tip form and the staff pages over the real stack (middleware, CSRF, templates)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from socorg.audit.models import AuditEvent
from socorg.illegal.models import Evidence, InvestigationCase, Tip

from .factories import PDF, add_evidence, make_tip, open_case

PUBLIC_TIP = reverse("illegal:public_tip")
TIP_LIST = reverse("illegal:tip_list")
CASE_LIST = reverse("illegal:case_list")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The hourly allowance lives in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


def form_data(world, **overrides: Any) -> dict[str, Any]:
    data = {
        "reported_name": "积玉桥书画研究会",
        "district": world.district.pk,
        "street": world.streets[0].pk,
        "location": "积玉桥街某小区",
        "description": "以研究会名义招收会员并收取会费，未见登记。",
        "reporter_name": "",
        "reporter_contact": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


# ------------------------------------------------------------------------ public form


def test_public_form_is_served_without_login_in_chinese(world, client):
    response = client.get(PUBLIC_TIP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "举报非法社会组织" in html and "csrfmiddlewaretoken" in html
    assert world.streets[0].name in html and "大智街道" in html


def test_public_submission_is_recorded_anonymously(world, client):
    response = client.post(PUBLIC_TIP, form_data(world))
    assert response.status_code == 302 and response["Location"] == reverse(
        "illegal:public_tip_done"
    )
    tip = Tip.objects.get()
    assert (tip.source, tip.channel, tip.state) == ("public", "web", "new")
    assert tip.reporter_name == "" and tip.reporter_contact_encrypted == ""
    assert client.get(response["Location"]).status_code == 200


def test_public_submission_with_contact_stores_it_encrypted(world, client):
    client.post(PUBLIC_TIP, form_data(world, reporter_contact="zhang@example.org"))
    tip = Tip.objects.get()
    assert tip.reporter_contact_masked == "z***@example.org"
    assert "zhang@example.org" not in tip.reporter_contact_encrypted


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "请填写举报内容"),
        ({"consent": ""}, "请勾选承诺与同意"),
        ({"reporter_contact": "不告诉你"}, "联系方式应为电话号码或电子邮箱"),
        ({"street": "999999"}, "选择一个有效的选项"),
    ],
)
def test_public_bad_input_shows_the_field_error_and_writes_nothing(
    world, client, overrides, message
):
    response = client.post(PUBLIC_TIP, form_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Tip.objects.exists()
    assert not AuditEvent.objects.filter(action="illegal.tip.submit").exists()


def test_public_rate_limit_per_address_per_hour(world, settings):
    settings.POLICY = {**settings.POLICY, "illegal": {"public_tips_per_ip_per_hour": 2}}
    client = Client(REMOTE_ADDR="203.0.113.7")
    # A rejected (invalid) submission does not use the allowance.
    assert client.post(PUBLIC_TIP, form_data(world, description="")).status_code == 400
    for _ in range(2):
        assert client.post(PUBLIC_TIP, form_data(world)).status_code == 302
    response = client.post(PUBLIC_TIP, form_data(world))
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and "每小时最多提交 2 条" in html and "未被记录" in html
    assert Tip.objects.count() == 2
    # Another address has its own allowance.
    other = Client(REMOTE_ADDR="198.51.100.1")
    assert other.post(PUBLIC_TIP, form_data(world)).status_code == 302
    assert Tip.objects.count() == 3


def test_public_form_is_csrf_protected(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(PUBLIC_TIP, form_data(world))
    assert response.status_code == 403
    assert not Tip.objects.exists()
    page = client.get(PUBLIC_TIP)
    token = page.cookies["csrftoken"].value
    response = client.post(PUBLIC_TIP, {**form_data(world), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Tip.objects.count() == 1


# ------------------------------------------------------------------------ staff pages


def test_tip_list_scoped_and_without_n_plus_one(world, client, django_assert_max_num_queries):
    for i in range(5):
        make_tip(world, reported_name=f"线索{i}")
    make_tip(world, reported_name="杨园线索", street=world.streets[1])
    login(client, world.user("street_officer"))
    with django_assert_max_num_queries(12):
        response = client.get(TIP_LIST)
    html = response.content.decode()
    assert response.status_code == 200 and "线索4" in html and "杨园线索" not in html


@pytest.mark.parametrize("role", ["public", "expert", "community_officer", "system_admin"])
def test_tip_and_case_pages_refuse_other_roles(world, client, role):
    login(client, world.user(role))
    assert client.get(TIP_LIST).status_code == 403
    assert client.get(CASE_LIST).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    case = open_case(world)
    response = client.get(reverse("illegal:case_detail", args=[case.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_street_officer_outside_the_street_gets_404(world, client):
    tip = make_tip(world)
    case = open_case(world)
    login(client, world.user("other_street_officer"))
    assert client.get(reverse("illegal:tip_detail", args=[tip.pk])).status_code == 404
    assert client.get(reverse("illegal:case_detail", args=[case.pk])).status_code == 404


def test_department_sees_its_referrals_but_no_cases(world, client):
    tip = make_tip(world, actor=world.user("department_officer"))
    login(client, world.user("department_officer"))
    assert client.get(reverse("illegal:tip_detail", args=[tip.pk])).status_code == 200
    assert client.get(CASE_LIST).status_code == 403


def test_reporter_is_masked_until_the_bureau_reveals_it(world, client):
    tip = make_tip(world)
    url = reverse("illegal:tip_detail", args=[tip.pk])
    login(client, world.user("street_officer"))
    html = client.get(url).content.decode()
    assert "138****5678" in html and "王*" in html
    assert "13812345678" not in html and "王小明" not in html
    assert client.post(reverse("illegal:tip_reporter", args=[tip.pk])).status_code == 403

    login(client, world.user("district_admin"))
    html = client.get(url).content.decode()
    assert "13812345678" not in html
    html = client.post(reverse("illegal:tip_reporter", args=[tip.pk])).content.decode()
    assert "13812345678" in html and "王小明" in html
    assert AuditEvent.objects.filter(action="illegal.tip.reporter_reveal").count() == 1


def test_staff_files_a_tip_from_the_form(world, client):
    login(client, world.user("department_officer"))
    data = form_data(world, source="department", channel="referral", received_at="")
    data.pop("consent")
    response = client.post(reverse("illegal:tip_create"), data)
    assert response.status_code == 302, response.content.decode()
    tip = Tip.objects.get()
    assert tip.source == "department" and tip.referring_agency == world.unit


def test_case_workflow_through_the_pages(world, client):
    tip = make_tip(world)
    admin = world.user("district_admin")
    login(client, admin)
    response = client.post(
        reverse("illegal:case_create"),
        {
            "tips": [tip.pk],
            "subject_name": "武昌区国学传承促进会",
            "street": world.streets[0].pk,
            "opened_on": "2026-05-04",
            "officers": [admin.pk, world.user("street_officer").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    case = InvestigationCase.objects.get()
    detail = reverse("illegal:case_detail", args=[case.pk])

    response = client.post(
        reverse("illegal:case_evidence_add", args=[case.pk]),
        {"description": "伪装文件", "file": SimpleUploadedFile("a.pdf", b"MZ\x90")},
    )
    assert response.status_code == 400 and "与扩展名" in response.content.decode()
    assert not Evidence.objects.exists()
    response = client.post(
        reverse("illegal:case_evidence_add", args=[case.pk]),
        {"description": "询问笔录", "file": SimpleUploadedFile("笔录.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("illegal:evidence_file", args=[case.pk, evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"

    decide = reverse("illegal:case_decide", args=[case.pk])
    response = client.post(
        decide,
        {"outcome": "disperse", "decided_on": "2026-05-20", "document_number": "", "reason": "x"},
    )
    assert response.status_code == 400
    assert "结论为取缔或劝散时必须填写决定文书号" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "investigating"
    response = client.post(
        decide,
        {
            "outcome": "disperse",
            "decided_on": "2026-05-20",
            "document_number": "武民劝字〔2026〕2号",
            "reason": "已当场劝散。",
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("illegal:case_publish", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.published and case.outcome == "disperse"
    assert "武民劝字〔2026〕2号" in client.get(detail).content.decode()


def test_evidence_file_is_not_served_outside_the_street(world, client):
    case = open_case(world)
    evidence = add_evidence(world, case)
    url = reverse("illegal:evidence_file", args=[case.pk, evidence.pk])
    login(client, world.user("other_street_officer"))
    assert client.get(url).status_code == 404
    login(client, world.user("auditor"))
    assert client.get(url).status_code == 200


def test_street_officer_cannot_open_decide_or_publish(world, client):
    case = open_case(world)
    add_evidence(world, case)
    login(client, world.user("street_officer"))
    assert client.get(reverse("illegal:case_create")).status_code == 403
    assert client.get(reverse("illegal:case_decide", args=[case.pk])).status_code == 403
    assert client.post(reverse("illegal:case_publish", args=[case.pk])).status_code == 403


def test_open_case_form_is_prefilled_from_a_tip(world, client):
    tip = make_tip(world, reported_name="杨园太极拳协会", street=world.streets[1])
    login(client, world.user("district_admin"))
    response = client.get(reverse("illegal:case_create"), {"tip": tip.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="杨园太极拳协会"' in html
    assert f'value="{tip.pk}" id="id_tips_0" checked' in html
