"""Start-up checks: PostgreSQL must be UTF-8 with a character type that classifies Chinese.

Under the ``C`` locale pg_trgm extracts no trigrams from Chinese text, so name search would
silently fall back to full scans. ``migrate`` and ``check --database default`` run this.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connections


@register(Tags.database)
def check_postgres_locale(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    errors: list[Error] = []
    for alias in databases or []:
        conn = connections[alias]
        if conn.vendor != "postgresql":
            continue
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database "
                "WHERE datname = current_database()"
            )
            encoding, ctype = cursor.fetchone()
        if encoding != "UTF8" or ctype in ("C", "POSIX"):
            errors.append(
                Error(
                    f"数据库 {conn.settings_dict['NAME']} 的编码为 {encoding}、字符类型为 {ctype}："
                    "需要 UTF8 编码和 UTF-8 字符类型（如 C.UTF-8 或 zh_CN.UTF-8），"
                    "否则三元组索引无法索引中文。",
                    hint="CREATE DATABASE ... ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0",
                    id="socorg.E001",
                )
            )
    return errors
