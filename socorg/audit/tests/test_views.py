"""The audit log pages: who may read which category, filters, keyset pages, the detail view."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from socorg.audit.models import AuditEvent
from socorg.audit.selectors import AuditFilters, audit_event_page
from socorg.audit.services import audit_record

ROLES = [
    "district_admin",
    "department_officer",
    "street_officer",
    "community_officer",
    "expert",
    "auditor",
    "public",
    "system_admin",
    "security_admin",
    "audit_admin",
]
READERS = {"auditor", "audit_admin"}


def at(when: dt.datetime):
    """Record events as if it were ``when`` (the model stamps the time itself)."""
    return mock.patch("django.utils.timezone.now", return_value=when)


@pytest.fixture
def events(world):
    """One event per category, by different actors."""
    admin = world.user("district_admin")
    return {
        "business": audit_record(
            actor=admin,
            action="organization.change",
            object_type="registry.organization",
            object_id="42",
            object_repr="武昌区阳光为老服务中心",
            before={"name": "武昌区阳光服务中心", "staff_full_time": 2},
            after={"name": "武昌区阳光为老服务中心", "staff_full_time": 2},
            reason="章程修改",
        ),
        "system": audit_record(
            actor=world.user("system_admin"),
            action="user.create",
            obj=world.user("street_officer"),
            after={"username": "street1", "role": "street_officer"},
            category="system",
        ),
        "security": audit_record(
            actor=world.user("security_admin"),
            action="user.unlock",
            obj=world.user("street_officer"),
            after={"cleared_attempts": 5},
            category="security",
        ),
    }


def listed(response) -> list[AuditEvent]:
    return response.context["page"].events


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("role", ROLES)
def test_event_list_per_role(client, world, events, role):
    client.force_login(world.user(role))
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == (200 if role in READERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_event_detail_per_role(client, world, events, role):
    client.force_login(world.user(role))
    response = client.get(reverse("audit:event_detail", args=[events["security"].pk]))
    assert response.status_code == (200 if role in READERS else 403)


def test_anonymous_is_sent_to_login(client, events):
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_audit_admin_reads_system_and_security_never_business(client, world, events):
    client.force_login(world.user("audit_admin"))
    categories = {e.category for e in listed(client.get(reverse("audit:event_list")))}
    assert categories == {"system", "security"}
    assert (
        client.get(reverse("audit:event_detail", args=[events["business"].pk])).status_code == 403
    )
    # Asking for the business category by hand yields nothing.
    response = client.get(reverse("audit:event_list"), {"category": "business"})
    assert response.context["form"].errors["category"]
    assert response.context["page"] is None


def test_auditor_reads_business_and_security_never_system(client, world, events):
    client.force_login(world.user("auditor"))
    categories = {e.category for e in listed(client.get(reverse("audit:event_list")))}
    assert categories == {"business", "security"}
    assert client.get(reverse("audit:event_detail", args=[events["system"].pk])).status_code == 403
    assert (
        client.get(reverse("audit:event_detail", args=[events["business"].pk])).status_code == 200
    )


def test_selector_never_leaves_the_readable_categories(events):
    page = audit_event_page(categories={"security"}, filters=AuditFilters(category="system"))
    assert page.events == []


def test_unknown_event_is_404(client, world):
    client.force_login(world.user("audit_admin"))
    assert client.get(reverse("audit:event_detail", args=[999999])).status_code == 404


def test_reading_the_log_is_not_audited(client, world, events):
    client.force_login(world.user("auditor"))
    before = AuditEvent.objects.count()
    client.get(reverse("audit:event_list"))
    client.get(reverse("audit:event_list"), {"actor": "admin_wc"})
    client.get(reverse("audit:event_detail", args=[events["business"].pk]))
    assert AuditEvent.objects.count() == before


# ---------------------------------------------------------------- detail


def test_detail_shows_before_and_after_side_by_side(client, world, events):
    client.force_login(world.user("auditor"))
    response = client.get(reverse("audit:event_detail", args=[events["business"].pk]))
    rows = {row["field"]: row for row in response.context["rows"]}
    assert rows["name"] == {
        "field": "name",
        "before": "武昌区阳光服务中心",
        "after": "武昌区阳光为老服务中心",
        "changed": True,
    }
    assert rows["staff_full_time"]["changed"] is False
    html = response.content.decode()
    assert "变更前" in html and "变更后" in html and "章程修改" in html
    assert html.index("武昌区阳光服务中心") < html.index("武昌区阳光为老服务中心</td>")


def test_detail_of_an_event_with_only_after(client, world, events):
    client.force_login(world.user("audit_admin"))
    response = client.get(reverse("audit:event_detail", args=[events["system"].pk]))
    rows = {row["field"]: row for row in response.context["rows"]}
    assert rows["username"]["before"] == "—" and rows["username"]["after"] == "street1"


# ---------------------------------------------------------------- filters


def query(client, world, role="audit_admin", **params):
    client.force_login(world.user(role))
    response = client.get(reverse("audit:event_list"), params)
    assert response.status_code == 200
    return listed(response)


def test_newest_first(client, world, events):
    ids = [e.pk for e in query(client, world, role="auditor")]
    assert ids == sorted(ids, reverse=True)


def test_filter_by_actor_username(client, world, events):
    found = query(client, world, actor="secadmin")
    assert [e.pk for e in found] == [events["security"].pk]
    assert query(client, world, actor="nobody") == []


def test_filter_by_action_exact_and_prefix(client, world, events):
    assert [e.action for e in query(client, world, action="user.unlock")] == ["user.unlock"]
    assert {e.action for e in query(client, world, action="user.*")} == {
        "user.unlock",
        "user.create",
    }
    assert query(client, world, action="user") == []


def test_filter_by_object(client, world, events):
    street1 = world.user("street_officer")
    found = query(client, world, object_type="accounts.user", object_id=str(street1.pk))
    assert {e.pk for e in found} == {events["system"].pk, events["security"].pk}
    assert query(client, world, role="auditor", object_type="registry.organization", object_id="42")


def test_filter_by_category(client, world, events):
    assert {e.category for e in query(client, world, category="system")} == {"system"}


def test_filter_by_free_text_in_object(client, world, events):
    assert [e.pk for e in query(client, world, role="auditor", q="阳光为老")] == [
        events["business"].pk
    ]


def test_filter_by_date_range(client, world):
    old = timezone.make_aware(dt.datetime(2025, 1, 10, 9, 0))
    with at(old):
        january = audit_record(actor=None, action="job.run", category="system")
    recent = audit_record(actor=None, action="job.run", category="system")
    found = query(client, world, date_from="2025-01-10", date_to="2025-01-10")
    assert [e.pk for e in found] == [january.pk]
    found = query(client, world, date_from="2025-01-11", action="job.run")
    assert [e.pk for e in found] == [recent.pk]
    assert query(client, world, date_to="2025-01-09") == []


def test_bad_date_range_is_explained_in_chinese(client, world, events):
    client.force_login(world.user("audit_admin"))
    response = client.get(
        reverse("audit:event_list"), {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "截止日期不能早于起始日期" in response.context["form"].errors["date_to"][0]


# ---------------------------------------------------------------- keyset pages


def test_keyset_pages_walk_older_and_back(client, world, django_assert_max_num_queries):
    client.force_login(world.user("audit_admin"))  # records a login event first
    made = [audit_record(actor=None, action=f"job.step{i}", category="system") for i in range(120)]
    newest_first = [e.pk for e in reversed(made)]
    url = reverse("audit:event_list")

    first = client.get(url)
    page = first.context["page"]
    assert [e.pk for e in page.events] == newest_first[:50]
    assert page.newer is None and page.older == newest_first[49]

    # Session, user, the page, "is there a newer page", and the session refresh (3 queries).
    with django_assert_max_num_queries(7):
        second = client.get(url, {"before": page.older})
    page = second.context["page"]
    assert [e.pk for e in page.events] == newest_first[50:100]
    assert page.newer == newest_first[50]

    third = client.get(url, {"before": page.older})
    page = third.context["page"]
    assert [e.pk for e in page.events][:20] == newest_first[100:]
    assert page.older is None  # the last page holds the remaining 20 and the login

    back = client.get(url, {"after": page.newer})
    assert [e.pk for e in back.context["page"].events] == newest_first[50:100]
    assert f"before={newest_first[99]}" in back.content.decode()


def test_pages_never_count_the_table(client, world, django_assert_max_num_queries):
    for _ in range(60):
        audit_record(actor=None, action="job.step", category="security")
    client.force_login(world.user("audit_admin"))
    with django_assert_max_num_queries(7) as captured:
        client.get(reverse("audit:event_list"), {"action": "job.step"})
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    assert not any("OFFSET" in q["sql"].upper() for q in captured.captured_queries)


def test_cursor_keeps_filters(client, world):
    for _ in range(60):
        audit_record(actor=None, action="job.a", category="system")
        audit_record(actor=None, action="job.b", category="system")
    client.force_login(world.user("audit_admin"))
    first = client.get(reverse("audit:event_list"), {"action": "job.a"})
    html = first.content.decode()
    older = first.context["page"].older
    assert f"action=job.a&amp;before={older}" in html
    second = client.get(reverse("audit:event_list"), {"action": "job.a", "before": older})
    assert {e.action for e in listed(second)} == {"job.a"}
    assert len(listed(second)) == 10
