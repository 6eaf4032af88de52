"""Database-specific guarantees: locale check, and that name search uses its indexes."""

import pytest
from django.db import connection

from socorg.core.checks import check_postgres_locale
from socorg.registry.models import Organization
from socorg.registry.search import filter_name_contains
from tests.world import register

pytestmark = pytest.mark.django_db


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_locale_check_passes_on_the_test_database():
    assert check_postgres_locale(databases=["default"]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_trigrams_index_chinese():
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('武昌区')")
        assert cursor.fetchone()[0], "pg_trgm extracts no trigrams: database locale is C?"


@pytest.mark.parametrize("query", ["阳", "阳光", "阳光为老"])
def test_name_search_uses_an_index(world, query):
    register(world, name="武昌区阳光为老服务中心")
    plan = _plan(filter_name_contains(Organization.objects.all(), query))
    if connection.vendor == "postgresql":
        # The planner may pick either of our indexes on a tiny table; what matters is that an
        # index answers the query (the bench measures which one is fast at scale).
        assert "org_name_grams_idx" in plan or "org_name_trgm_idx" in plan
        assert "Seq Scan" not in plan
    else:
        assert "registry_organization_grams" in plan and "VIRTUAL TABLE" in plan
