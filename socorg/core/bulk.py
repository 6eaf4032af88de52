"""Bulk writes Django does slowly at scale.

``QuerySet.bulk_update`` builds one ``CASE WHEN id = … THEN …`` per row and per column: for a
few thousand rows of twenty columns the statement takes longer to build and plan than the
update takes to run. ``update_rows`` sends one ``UPDATE … WHERE id = %s`` executed for every
row (``executemany``; psycopg 3 pipelines it on PostgreSQL), with each value prepared by its
field as the ORM would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model


def update_rows(model: type[Model], objs: Sequence[Model], fields: Iterable[str]) -> int:
    """Write ``fields`` of every instance in ``objs`` to its row (by primary key). Returns how
    many instances were written. Call inside the caller's transaction."""
    if not objs:
        return 0
    db = router.db_for_write(model)
    connection = connections[db]
    quote = connection.ops.quote_name
    concrete = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    assert pk is not None
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in concrete)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    rows: list[list[Any]] = []
    for obj in objs:
        values = [
            f.get_db_prep_save(getattr(obj, f.attname), connection)  # type: ignore[union-attr]
            for f in concrete
        ]
        values.append(pk.get_db_prep_save(obj.pk, connection))
        rows.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def insert_rows(model: type[Model], objs: Sequence[Model], *, batch_size: int = 1000) -> int:
    """Insert ``objs`` as new rows, without reading anything back (their auto primary keys stay
    unset). PostgreSQL: ``COPY … FROM STDIN`` — no statement to build or parse, the fastest way
    in; other databases: ``bulk_create``. For set-based jobs that write many rows nobody reads
    back in the same transaction (audit events, scores). Fields are prepared as the ORM would
    (``pre_save`` fills ``auto_now_add``; defaults are already on the instances)."""
    if not objs:
        return 0
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return len(objs)
    quote = connection.ops.quote_name
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(f, "db_returning", False))  # database-made ids
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
            )
    return len(objs)
