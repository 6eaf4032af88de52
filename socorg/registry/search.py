"""Name search that stays fast at a million rows, on PostgreSQL and SQLite.

PostgreSQL: a pg_trgm GIN index answers ``LIKE '%q%'`` for three or more characters; for one
or two (the common case in Chinese) a GIN index on ``socorg_grams(name)`` (its unigrams and
bigrams) answers ``@>``. SQLite: an FTS5 table of the same grams, kept by triggers. In every
case the final ``LIKE`` confirms the substring, so the result is exact.
See docs/decisions/0003-chinese-name-search.md.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from socorg.core.text import query_grams

FTS_TABLE = "registry_organization_grams"
VOCAB_TABLE = "registry_organization_grams_vocab"
# On SQLite, a query whose rarest gram is in more than this share of names (and more than
# COMMON_MIN_DOCS names) skips the gram index: scanning names in order finds a page sooner.
COMMON_SHARE = 0.02
COMMON_MIN_DOCS = 5000


def _sqlite_grams_are_common(grams: list[str]) -> bool:
    """Whether even the rarest of the query's grams is in a large share of names."""
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(grams))
        cursor.execute(
            f"SELECT min(doc), count(*) FROM {VOCAB_TABLE} WHERE term IN ({placeholders})",
            [g.lower() for g in grams],
        )
        rarest, found = cursor.fetchone()
        if not found or found < len(grams) or rarest is None:
            return False  # a gram absent from the index: the index answers at once
        cursor.execute("SELECT max(id) FROM registry_organization")
        (total,) = cursor.fetchone()
    return rarest > max(COMMON_MIN_DOCS, (total or 0) * COMMON_SHARE)


def _fts_phrase(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def filter_name_contains(qs: QuerySet, query: str) -> QuerySet:
    """Organizations whose name contains ``query`` (exact substring), using an index."""
    query = "".join(query.split())
    if not query:
        return qs
    grams = query_grams(query)
    if connection.vendor == "postgresql":
        if len(query) < 3:
            qs = qs.filter(
                RawSQL(
                    'socorg_grams("registry_organization"."name") @> %s::text[]',
                    (grams,),
                    output_field=BooleanField(),
                )
            )
        return qs.filter(name__contains=query)
    if connection.vendor == "sqlite" and not _sqlite_grams_are_common(grams):
        match = " AND ".join(_fts_phrase(g) for g in grams)
        qs = qs.filter(
            id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,))
        )
    return qs.filter(name__contains=query)
