"""SQL functions the search indexes need, registered on every new database connection.

SQLite: ``socorg_grams(text)`` returns the space-separated unigrams and bigrams of a name;
triggers call it to keep the FTS5 gram index current. PostgreSQL defines the function of the
same name in SQL (see the registry migration), so no per-connection work is needed there.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from socorg.core.text import name_grams


def sqlite_grams(value: str | None) -> str:
    return " ".join(name_grams(value or ""))


@receiver(connection_created)
def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("socorg_grams", 1, sqlite_grams, deterministic=True)
