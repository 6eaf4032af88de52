"""The party-building pages over the real stack: who sees what, who may record, bad forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socorg.party.models import PartyInstructorAssignment, PartyOrganization

pytestmark = pytest.mark.django_db

COVERAGE = reverse("party:coverage")
MISSING = reverse("party:missing_list")


def url(name, obj) -> str:
    return reverse(f"party:{name}", args=[obj.pk])


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("district_admin", 200),
        ("street_officer", 200),
        ("community_officer", 200),
        ("department_officer", 200),
        ("auditor", 200),
        ("public", 403),
        ("expert", 403),
        ("audit_admin", 403),
    ],
)
def test_coverage_page_roles(client, world, party, who, code):
    assert as_user(client, world.user(who)).get(COVERAGE).status_code == code
    assert client.get(MISSING).status_code == code


def test_coverage_page_numbers(client, world, party, django_assert_max_num_queries):
    as_user(client, world.user("district_admin"))
    with django_assert_max_num_queries(12):
        page = client.get(COVERAGE)
    html = page.content.decode()
    assert "42.9%" in html and "71.4%" in html  # district totals
    assert "积玉桥街道" in html and "杨园街道" in html
    assert f"{MISSING}?street={world.streets[1].pk}" in html
    assert page.context["total"].counts.total == 7


def test_coverage_page_refused_to_organization(client, world, party, org_account):
    assert as_user(client, org_account).get(COVERAGE).status_code == 403


def test_missing_list_page(client, world, party):
    as_user(client, world.user("district_admin"))
    page = client.get(MISSING)
    assert [o.name for o in page.context["page"].items] == ["杨园慈善基金会"]
    filtered = client.get(f"{MISSING}?street={world.streets[0].pk}")
    assert filtered.context["page"].items == []
    assert client.get(f"{MISSING}?street=abc").status_code == 200


def test_organization_page(client, world, party, org_account):
    as_user(client, world.user("district_admin"))
    html = client.get(url("organization_party", party.b)).content.decode()
    assert "联合组建" in html and "积玉桥助老服务中心" in html
    member = client.get(url("organization_party", party.c)).content.decode()
    assert "积玉桥文化促进会" in member  # the joint branch it belongs to
    assert client.get(url("organization_party", party.x)).status_code == 404
    client.logout()
    as_user(client, org_account)
    own = client.get(url("organization_party", party.a))
    assert own.status_code == 200 and not own.context["can_record"]
    assert client.get(url("organization_party", party.b)).status_code == 404
    assert client.get(url("organization_party_edit", party.a)).status_code == 403


def test_record_through_the_form(client, world, party):
    as_user(client, world.user("district_admin"))
    edit = url("organization_party_edit", party.g)
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "form": "joint",
            "level": "branch",
            "name": "杨园联合党支部",
            "full_members": "2",
            "covered_organizations": [str(party.e.pk)],
            "as_of": "2026-01-10",
        },
    )
    assert response.status_code == 302
    record = PartyOrganization.objects.get(organization=party.g)
    assert record.form == "joint"
    assert list(record.covered_organizations.all()) == [party.e]


def test_bad_form_shows_the_rule_and_writes_nothing(client, world, party):
    as_user(client, world.user("district_admin"))
    response = client.post(
        url("organization_party_edit", party.g),
        {"form": "single", "level": "branch", "full_members": "-3", "as_of": "2026-01-10"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "正式党员人数不能为负数" in html
    assert not PartyOrganization.objects.filter(organization=party.g).exists()


@pytest.mark.parametrize(
    ("who", "org", "code"),
    [
        ("department_officer", "g", 403),
        ("auditor", "g", 403),
        ("street_officer", "a", 403),  # registered organization in the officer's street
        ("street_officer", "f", 200),  # community organization in the officer's street
        ("other_street_officer", "f", 404),
        ("public", "g", 403),
    ],
)
def test_edit_page_roles(client, world, party, who, org, code):
    response = as_user(client, world.user(who)).get(
        url("organization_party_edit", getattr(party, org))
    )
    assert response.status_code == code


def test_instructor_pages(client, world, party):
    as_user(client, world.user("district_admin"))
    response = client.post(
        url("instructor_assign", party.g),
        {"role": "instructor", "person_name": "周指导员", "assigned_on": "2026-01-05"},
    )
    assert response.status_code == 302
    assignment = PartyInstructorAssignment.objects.get(organization=party.g)
    bad = client.post(url("instructor_end", assignment), {"ended_on": "2025-12-31"})
    assert bad.status_code == 200 and "结束日期不能早于选派日期" in bad.content.decode()
    done = client.post(url("instructor_end", assignment), {"ended_on": "2026-02-01"})
    assert done.status_code == 302
    client.logout()
    as_user(client, world.user("other_admin"))
    assert client.get(url("instructor_end", assignment)).status_code == 404
