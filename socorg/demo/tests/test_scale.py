"""seed_demo --scale: bulk synthetic organizations over the real districts and streets."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from socorg.areas.services import divisions_dir
from socorg.audit.models import AuditEvent
from socorg.demo.scale import _districts, _Generator
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.rules.uscc import uscc_problems

pytestmark = pytest.mark.skipif(
    divisions_dir() is None, reason="the national division codes (shared/standards) are absent"
)


@pytest.fixture(scope="module")
def _module_scale(django_db_setup, django_db_blocker):
    """2,000 organizations built once for the module, rolled back at its end."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "2000", "--batch-size", "700", stdout=out, verbosity=0)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def scale(_module_scale, db):
    return _module_scale


def test_scale_builds_valid_organizations_over_real_districts(scale):
    assert Organization.objects.count() == 2000
    orgs = list(Organization.objects.select_related("district", "street", "registration_authority"))
    districts = {o.district.code for o in orgs}
    assert len(districts) > 500  # spread over the country, not one corner of it
    assert len({o.district.code[:2] for o in orgs}) == 31
    for org in orgs:
        assert org.district.level == "district" and org.street.parent_id == org.district_id
        assert org.registration_authority.area_id == org.district_id
        assert (
            uscc_problems(org.uscc, org_type=org.org_type, authority_code=org.district.code) == []
        )
        assert org.legal_rep_id_masked and org.legal_rep_id_hash
        assert org.supervisory_unit_id or org.directly_registered
    assert "420106" not in districts  # the demo district keeps the report's figures
    assert len({o.uscc for o in orgs}) == 2000
    assert "2000" in scale


def test_names_are_unique_per_registration_authority(scale):
    duplicate = (
        Organization.objects.values("registration_authority", "name")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicate.exists()
    assert Organization.objects.values("name").distinct().count() > 1990


def test_events_and_one_audit_event_for_the_load(scale):
    exits = Organization.objects.exclude(status="registered").count()
    assert 0 < exits < 300
    assert LifecycleEvent.objects.count() == 2000 + exits
    assert not Organization.objects.filter(events__isnull=True).exists()
    assert AuditEvent.objects.filter(action="demo.scale_build").count() == 1
    assert not AuditEvent.objects.filter(category="business").exists()


def test_scale_is_deterministic_and_resumes(scale):
    generator = _Generator(_districts(), 2024, {"x": 0} | _domain_ids())
    expected, _events, _links = generator.batch(0, 700)
    first = list(Organization.objects.order_by("id").values_list("name", "uscc")[:700])
    assert first == [(o.name, o.uscc) for o in expected]
    call_command("seed_demo", "--scale", "2300", "--batch-size", "700", verbosity=0)
    assert Organization.objects.count() == 2300
    call_command("seed_demo", "--scale", "2300", "--batch-size", "700", verbosity=0)
    assert Organization.objects.count() == 2300  # nothing more to add


def _domain_ids():
    from socorg.registry.models import ServiceDomain

    return dict(ServiceDomain.objects.values_list("code", "id"))
