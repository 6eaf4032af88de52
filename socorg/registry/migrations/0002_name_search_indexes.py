"""Indexes for Chinese name search (see socorg/registry/search.py and decision 0003).

PostgreSQL: pg_trgm GIN on name, and GIN on socorg_grams(name) for 1-2 character queries.
SQLite: a contentless FTS5 table of the grams, kept current by triggers.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION socorg_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(s, i, 1) AS g FROM (SELECT regexp_replace(t, '\\s', '', 'g') AS s) x,
               generate_series(1, length(s)) AS i
        UNION ALL
        SELECT substr(s, i, 2) FROM (SELECT regexp_replace(t, '\\s', '', 'g') AS s) x,
               generate_series(1, length(s) - 1) AS i
      ) grams
    $$
    """,
    "CREATE INDEX IF NOT EXISTS org_name_trgm_idx ON registry_organization "
    "USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS org_name_grams_idx ON registry_organization "
    "USING gin (socorg_grams(name))",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS org_name_grams_idx",
    "DROP INDEX IF EXISTS org_name_trgm_idx",
    "DROP FUNCTION IF EXISTS socorg_grams(text)",
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_grams USING fts5("
    "grams, content='', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS registry_org_grams_ai AFTER INSERT ON registry_organization "
    "BEGIN INSERT INTO registry_organization_grams(rowid, grams) "
    "VALUES (new.id, socorg_grams(new.name)); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_grams_ad AFTER DELETE ON registry_organization "
    "BEGIN INSERT INTO registry_organization_grams(registry_organization_grams, rowid, grams) "
    "VALUES ('delete', old.id, socorg_grams(old.name)); END",
    "CREATE TRIGGER IF NOT EXISTS registry_org_grams_au AFTER UPDATE OF name ON registry_organization "
    "BEGIN INSERT INTO registry_organization_grams(registry_organization_grams, rowid, grams) "
    "VALUES ('delete', old.id, socorg_grams(old.name)); "
    "INSERT INTO registry_organization_grams(rowid, grams) VALUES (new.id, socorg_grams(new.name)); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_org_grams_au",
    "DROP TRIGGER IF EXISTS registry_org_grams_ad",
    "DROP TRIGGER IF EXISTS registry_org_grams_ai",
    "DROP TABLE IF EXISTS registry_organization_grams",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
