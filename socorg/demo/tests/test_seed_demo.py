"""seed_demo and demo_logins on a two-street build of the demo district (a few seconds)."""

from __future__ import annotations

import collections
import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.demo.plan import STREETS, demo_plan
from socorg.demo.reference import DEMO_PASSWORD, SERVICE_DOMAINS
from socorg.demo.wuchang import demo_build
from socorg.registry.models import LifecycleEvent, Organization, ServiceDomain
from socorg.registry.rules.uscc import uscc_problems

TWO = set(list(STREETS)[:2])


@pytest.fixture(scope="module")
def _module_build(django_db_setup, django_db_blocker):
    """Build once for the module inside a transaction that is rolled back at the end; each
    test runs in a savepoint inside it (the ``db`` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_build(streets=2, progress=False)
        transaction.set_rollback(True)


@pytest.fixture
def built(_module_build, db):
    return _module_build


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Organization, LifecycleEvent, AuditEvent, Area, User, Agency, ServiceDomain)
    }


def test_two_street_build_matches_the_plan(built):
    plan = demo_plan().for_streets(TWO)
    assert built.organizations == len(plan.organizations)
    expected = collections.Counter()
    for spec in plan.organizations:
        if spec.exit_kind:
            expected[
                (spec.org_type, "revoked" if spec.exit_kind == "revocation" else "deregistered")
            ] += 1
        elif spec.convert_to:
            expected[(spec.convert_to, "registered")] += 1
        else:
            expected[
                (spec.org_type, "filed" if spec.org_type == "community" else "registered")
            ] += 1
    actual = collections.Counter(Organization.objects.values_list("org_type", "status"))
    assert actual == expected
    assert Area.objects.filter(level="community").count() == 22
    assert Area.objects.filter(code="420106490").exists()  # kept, but empty
    assert not Organization.objects.filter(street__code="420106490").exists()


def test_every_organization_has_its_events_and_audit(built):
    orgs = Organization.objects.count()
    assert LifecycleEvent.objects.filter(kind__in=["establishment", "filing"]).count() == orgs
    assert LifecycleEvent.objects.filter(kind="conversion").exists()
    assert LifecycleEvent.objects.filter(kind="revocation").exists()
    assert LifecycleEvent.objects.filter(kind="change").exists()
    for kind in ("establishment", "filing", "revocation", "deregistration", "conversion"):
        assert AuditEvent.objects.filter(action=f"organization.{kind}").count() == (
            LifecycleEvent.objects.filter(kind=kind).count()
        )
    filing = AuditEvent.objects.filter(action="organization.filing").first()
    assert filing.actor.role == "street_officer"
    establishment = AuditEvent.objects.filter(action="organization.establishment").first()
    assert establishment.actor.username == "admin"


def test_every_uscc_is_valid_for_its_type_and_the_bureau(built):
    registered = Organization.objects.exclude(org_type="community")
    assert registered.exists()
    for org in registered:
        assert uscc_problems(org.uscc, org_type=org.org_type, authority_code="420106") == []
    assert not Organization.objects.filter(org_type="community").exclude(uscc=None).exists()


def test_second_run_changes_nothing(built):
    before = _snapshot()
    again = demo_build(streets=2, progress=False)
    assert again.organizations == 0 and again.communities == 0
    assert again.skipped_organizations
    assert _snapshot() == before


def test_if_empty_skips_when_organizations_exist(built):
    before = _snapshot()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out, verbosity=0)
    assert "跳过" in out.getvalue()
    assert _snapshot() == before


def test_taxonomy_has_chinese_and_english_names(built):
    assert ServiceDomain.objects.count() == len(SERVICE_DOMAINS)
    assert not ServiceDomain.objects.filter(name_en="").exists()


def test_every_role_has_a_demo_account_that_can_log_in(built, client):
    users = {u.role: u for u in User.objects.all()}
    assert set(users) == {r.value for r in Role}
    for user in User.objects.all():
        validate_password(DEMO_PASSWORD, user)
        request = RequestFactory().post("/login/")
        assert client.login(request=request, username=user.username, password=DEMO_PASSWORD), (
            user.username
        )
        client.logout()
    org_user = User.objects.get(username="org_demo")
    assert org_user.organization_membership.organization.status == "registered"
    assert User.objects.get(username="admin").area.code == "420106"
    assert User.objects.get(username="community_jiyuqiao").area.code == "420106001001"
    assert User.objects.get(username="edu_officer").agency.name == "武昌区教育局"
    assert User.objects.filter(role="street_officer").count() == 14


def test_wrong_password_does_not_log_in(built, client):
    request = RequestFactory().post("/login/")
    assert not client.login(request=request, username="admin", password="Demo-2026-wrong")


def test_demo_logins_prints_every_account(built):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in ("admin", "auditor", "street_jiyuqiao", "edu_officer", "org_demo", "sysadmin"):
        assert username in text
    assert DEMO_PASSWORD in text and "武昌区（420106）" in text
