"""The dormancy pages over the real stack: who sees the ranked list, which workflow buttons each
role gets, refusals and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socorg.dormancy.models import ExitCase, ExitCaseStep
from socorg.dormancy.rules import CaseAction
from socorg.dormancy.services import StepInput, dormancy_score_all, exit_case_act, exit_case_open
from socorg.registry.models import Organization
from tests.world import register

from .conftest import REGISTERED, TODAY

NOW = timezone.localdate()
RANKED = reverse("dormancy:ranked_list")


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_the_street_sees_its_ranked_list_with_reasons_in_chinese(client, world, district):
    dormancy_score_all(today=TODAY)
    response = get(client, world.user("street_officer"), RANKED)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["score"].organization.name == district.zombie.name
    assert [r["rank"] for r in rows] == [1, 2, 2]
    html = response.content.decode()
    assert "连续 2 年未报送年度报告。" in html
    assert "最近一次年度报告收入和支出均为零。" in html
    assert district.silent.name not in html  # another street
    assert "立案排查" not in html  # streets do not open cases


def test_the_district_filters_by_street_and_may_open_cases(client, world, district):
    dormancy_score_all(today=TODAY)
    admin = world.user("district_admin")
    response = get(client, admin, RANKED, street=world.streets[1].pk)
    assert [r["score"].organization_id for r in response.context["rows"]] == [district.silent.pk]
    assert reverse("dormancy:case_open", args=[district.silent.pk]) in response.content.decode()
    candidates = get(client, admin, RANKED, candidates_only="on")
    assert {r["score"].organization_id for r in candidates.context["rows"]} == {
        district.silent.pk,
        district.zombie.pk,
    }


@pytest.mark.parametrize("role", ["public", "expert", "system_admin", "audit_admin"])
def test_other_roles_may_not_see_the_pages(client, world, role):
    user = world.user(role)
    for url in (RANKED, reverse("dormancy:case_list"), reverse("dormancy:statistics")):
        assert get(client, user, url).status_code == 403


def test_opening_a_case_from_the_list(client, world):
    org = register(world, name="积玉桥沉寂协会", on=REGISTERED)
    dormancy_score_all(today=NOW)
    url = reverse("dormancy:case_open", args=[org.pk])
    assert get(client, world.user("street_officer"), url).status_code == 403
    page = get(client, world.user("district_admin"), url)
    assert page.status_code == 200 and "连续" in page.content.decode()
    future = (NOW + dt.timedelta(days=3)).isoformat()
    bad = post(client, world.user("district_admin"), url, {"opened_on": future})
    assert bad.status_code == 400 and "不能晚于今天" in bad.content.decode()
    assert not ExitCase.objects.exists()
    response = post(client, world.user("district_admin"), url, {"note": "名单首位"})
    case = ExitCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dormancy:case_detail", args=[case.pk])


def _case(world) -> ExitCase:
    org = register(world, name="积玉桥待核协会", on=REGISTERED)
    case = exit_case_open(actor=world.user("district_admin"), organization=org)
    return exit_case_act(
        actor=world.user("district_admin"), case=case, data=StepInput(action=CaseAction.VERIFY)
    )


def test_each_role_gets_the_buttons_of_its_steps(client, world):
    case = _case(world)
    url = reverse("dormancy:case_detail", args=[case.pk])
    admin = get(client, world.user("district_admin"), url)
    assert [f.case_action for f in admin.context["step_forms"]] == [
        CaseAction.NOTIFY,
        CaseAction.DISMISS,
    ]
    unit = get(client, world.user("department_officer"), url)
    assert [f.case_action for f in unit.context["step_forms"]] == [CaseAction.NOTIFY]
    street = get(client, world.user("street_officer"), url)
    assert street.status_code == 200 and street.context["step_forms"] == []
    assert get(client, world.user("other_street_officer"), url).status_code == 404


def test_taking_steps_through_the_page(client, world):
    case = _case(world)
    act = reverse("dormancy:case_act", args=[case.pk])
    unit = world.user("department_officer")
    response = post(client, unit, act, {"step": "notify", "notify-note": "已约谈。"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "notifying"
    # A decision of another role is forbidden; one without a document number is a field error.
    decide = {"step": "decide_revoke", "decide_revoke-note": "长期不活动。"}
    assert post(client, unit, act, decide).status_code == 403
    admin = world.user("district_admin")
    response = post(client, admin, act, decide)
    assert response.status_code == 400
    form = next(f for f in response.context["step_forms"] if f.case_action == "decide_revoke")
    assert "document_number" in form.errors
    case.refresh_from_db()
    assert case.state == "notifying" and case.organization.status == "registered"
    # A step of another stage is refused with the reason, nothing written.
    steps = ExitCaseStep.objects.filter(case=case).count()
    response = post(client, admin, act, {"step": "close"})
    assert response.status_code == 400
    assert ExitCaseStep.objects.filter(case=case).count() == steps
    # The decision with its document number revokes the registration.
    response = post(
        client, admin, act, {**decide, "decide_revoke-document_number": "武民撤〔2026〕8号"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(pk=case.organization_id).status == "revoked"


def test_a_rectification_deadline_in_the_past_is_a_field_error(client, world):
    case = _case(world)
    exit_case_act(
        actor=world.user("department_officer"), case=case, data=StepInput(action="notify")
    )
    act = reverse("dormancy:case_act", args=[case.pk])
    yesterday = (NOW - dt.timedelta(days=1)).isoformat()
    response = post(
        client,
        world.user("district_admin"),
        act,
        {
            "step": "decide_rectify",
            "decide_rectify-note": "限期整改。",
            "decide_rectify-document_number": "改1号",
            "decide_rectify-deadline": yesterday,
        },
    )
    assert response.status_code == 400
    assert "整改期限不能早于今天" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "notifying" and case.rectification_deadline is None


def test_case_list_and_statistics_pages(client, world):
    case = _case(world)
    admin = world.user("district_admin")
    listing = get(client, admin, reverse("dormancy:case_list"))
    assert [c.pk for c in listing.context["page"].items] == [case.pk]
    assert (
        get(client, world.user("other_street_officer"), reverse("dormancy:case_list"))
        .context["page"]
        .items
        == []
    )
    stats = get(client, admin, reverse("dormancy:statistics"))
    assert stats.status_code == 200 and stats.context["stats"].total.opened == 1
    bad = get(client, admin, reverse("dormancy:statistics"), start="2026-05-01", end="2026-01-01")
    assert bad.status_code == 400


def test_the_ranked_list_page_takes_the_same_queries_for_a_few_or_many_rows(client, world):
    admin = world.user("district_admin")
    client.force_login(admin)

    def count() -> int:
        dormancy_score_all(today=NOW)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(RANKED).status_code == 200
        return len(queries)

    orgs = [register(world, name=f"积玉桥沉寂组织{i}", on=REGISTERED) for i in range(3)]
    exit_case_open(actor=admin, organization=orgs[0])
    few = count()
    for i in range(15):
        register(world, name=f"杨园沉寂组织{i}", on=REGISTERED, street=world.streets[1])
    assert count() == few
