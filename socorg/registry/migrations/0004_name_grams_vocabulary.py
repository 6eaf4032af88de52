"""SQLite: a vocabulary view of the gram index, to tell common grams from rare ones.

For a gram found in a large share of names (\u201c服务\u201d, \u201c中心\u201d), reading its whole posting list is slower
than scanning names in order and stopping at the first page; search.py asks this table first.
"""

from django.db import migrations

FORWARD = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_grams_vocab "
    "USING fts5vocab(registry_organization_grams, 'row')"
)
BACKWARD = "DROP TABLE IF EXISTS registry_organization_grams_vocab"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_import_jobs")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
