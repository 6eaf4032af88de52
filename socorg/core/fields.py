"""Model fields the apps share."""

from __future__ import annotations

from typing import Any

from django.db import models


class BulkJSONField(models.JSONField):  # type: ignore[type-arg]
    """A ``JSONField`` for tables written in bulk (daily-run results, audit events).

    On PostgreSQL, Django 5.2's ``bulk_create`` sends each column as one array (``UNNEST``), and
    psycopg escapes every quote of every JSON document of a text array in Python — most of a
    bulk insert's time for JSON-heavy rows. A field with ``get_placeholder`` makes Django keep
    the plain ``VALUES`` form, where each document is one bound parameter. Same column type,
    same values; only the insert statement differs (decision 0009).
    """

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "%s"
