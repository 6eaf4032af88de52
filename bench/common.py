"""What the bench scripts share: creating their PostgreSQL database."""

from __future__ import annotations

import os


def pg_create(database: str, *, drop: bool) -> None:
    """Create ``database`` (UTF-8, C.UTF-8 collation, as CI does) unless it exists; with
    ``drop``, drop it first. Connects to the ``postgres`` database with the DB_* variables."""
    import psycopg

    with psycopg.connect(
        host=os.environ.get("DB_HOST", "127.0.0.1"),
        port=os.environ.get("DB_PORT", "5432"),
        user=os.environ.get("DB_USER", "postgres"),
        password=os.environ.get("DB_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if drop:
            conn.execute(f"DROP DATABASE IF EXISTS {database}")
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(
                f"CREATE DATABASE {database} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
