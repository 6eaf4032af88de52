"""The major-matter pages over the real stack: lists per role, filing, handling, resubmitting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socorg.matters.models import MajorMatter
from socorg.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = reverse("matters:matter_list")
CREATE = reverse("matters:matter_create")


def url(name, matter) -> str:
    return reverse(f"matters:{name}", args=[matter.pk])


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "titles", "code"),
    [
        ("acct1", ["接受某企业捐赠 100 万元"], 200),
        ("department_officer", ["接受某企业捐赠 100 万元"], 200),
        ("street_officer", ["社区广场舞大赛"], 200),
        ("district_admin", ["社区广场舞大赛", "第二届理事会换届", "接受某企业捐赠 100 万元"], 200),
        ("community_officer", None, 403),
        ("public", None, 403),
    ],
)
def test_list_per_role(client, world, accounts, filed, who, titles, code):
    actor = getattr(accounts, who, None) or world.user(who)
    response = as_user(client, actor).get(LIST)
    assert response.status_code == code
    if titles is not None:
        assert [m.title for m in response.context["page"].items] == titles


def test_list_filter_and_query_count(client, world, accounts, filed, django_assert_max_num_queries):
    as_user(client, world.user("district_admin"))
    with django_assert_max_num_queries(10):
        response = client.get(f"{LIST}?kind=election")
    assert [m.title for m in response.context["page"].items] == ["第二届理事会换届"]


def test_file_through_the_form(client, world, orgs, accounts):
    as_user(client, accounts.acct1)
    assert client.get(LIST).context["can_file"]
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "kind": "legal_rep_change",
            "title": "法定代表人由张三变更为李四",
            "occurred_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    matter = MajorMatter.objects.get()
    assert matter.organization == orgs.m1
    assert Notification.objects.filter(object_id=str(matter.pk)).count() == 2


def test_bad_form_shows_errors_and_writes_nothing(client, world, orgs, accounts):
    as_user(client, accounts.acct1)
    response = client.post(CREATE, {"kind": "election", "title": "", "planned_on": "2020-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写事项标题" in html
    assert "计划日期不能早于今天" in html
    assert not MajorMatter.objects.exists()


@pytest.mark.parametrize("who", ["district_admin", "department_officer", "street_officer"])
def test_officers_do_not_file(client, world, orgs, who):
    assert as_user(client, world.user(who)).get(CREATE).status_code == 403


def test_handle_on_the_detail_page(client, world, accounts, filed):
    as_user(client, world.user("department_officer"))
    page = client.get(url("matter_detail", filed.r1))
    assert page.context["can_handle"]
    refused = client.post(url("matter_handle", filed.r1), {"action": "return", "note": ""})
    assert refused.status_code == 400
    assert "退回时须写明退回意见" in refused.content.decode()
    assert MajorMatter.objects.get(pk=filed.r1.pk).state == "filed"
    done = client.post(url("matter_handle", filed.r1), {"action": "acknowledge", "note": "已知悉"})
    assert done.status_code == 302
    assert MajorMatter.objects.get(pk=filed.r1.pk).state == "acknowledged"
    again = client.post(url("matter_handle", filed.r1), {"action": "acknowledge"})
    assert again.status_code == 400 and "已确认" in again.content.decode()
    # Out of scope: not found; organization: forbidden.
    assert client.post(url("matter_handle", filed.r2), {"action": "acknowledge"}).status_code == 404
    client.logout()
    as_user(client, accounts.acct3)
    assert client.post(url("matter_handle", filed.r3), {"action": "acknowledge"}).status_code == 403
    assert not client.get(url("matter_detail", filed.r3)).context["can_handle"]


def test_resubmit_page(client, world, accounts, filed):
    as_user(client, world.user("street_officer"))
    client.post(url("matter_handle", filed.r3), {"action": "return", "note": "请写明参赛队伍数量"})
    client.logout()
    as_user(client, accounts.acct3)
    page = client.get(url("matter_detail", filed.r3))
    assert page.context["can_resubmit"]
    form = client.get(url("matter_resubmit", filed.r3))
    assert "请写明参赛队伍数量" in form.content.decode()
    response = client.post(
        url("matter_resubmit", filed.r3),
        {
            "kind": "major_activity",
            "title": "社区广场舞大赛（12 支队伍）",
            "planned_on": "2099-06-01",
        },
    )
    assert response.status_code == 302
    assert MajorMatter.objects.get(pk=filed.r3.pk).state == "filed"
    client.logout()
    as_user(client, accounts.acct1)
    assert client.get(url("matter_resubmit", filed.r3)).status_code == 404
