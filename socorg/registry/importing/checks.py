"""Whole-file checks: the registry's record rules on each row, the register's uniqueness asked
once per chunk of rows, and the same USCC or name twice in the file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.registry.importing.lookups import Lookups, chunks
from socorg.registry.importing.reading import Sheet
from socorg.registry.importing.validation import (
    FIELD_COLUMN,
    Progress,
    RowResult,
    Validation,
    row_parse,
)
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES
from socorg.registry.services import OrganizationInput, organization_record_problems


def record_problems(data: OrganizationInput, *, today: dt.date) -> dict[str, list[str]]:
    """The registry's query-free record rules on one row.

    Uniqueness against the register is asked once per chunk in ``_register_duplicates``
    instead of per row; ``organization_register`` checks every row again when it writes.
    """
    return organization_record_problems(data, today=today)


def _record_problems(row: RowResult, today: dt.date) -> None:
    """Record rules on a row, skipping fields the row already failed on (no double reports)."""
    assert row.data is not None
    failed = {e.field for e in row.errors}
    for name, messages in record_problems(row.data, today=today).items():
        column = FIELD_COLUMN.get(name, name)
        if column in failed:
            continue
        for message in messages:
            row.add(column, message)


def _register_duplicates(rows: list[RowResult]) -> None:
    """USCCs and names (per authority) already held by an active organization, for the whole
    file in one query per chunk; same rules and messages as ``organization_validate``."""
    active = Organization.objects.filter(status__in=[s.value for s in ACTIVE_STATUSES])
    checked = [r for r in rows if r.data is not None]
    codes = {
        r.data.uscc
        for r in checked
        if r.data and r.data.uscc and not any(e.field == "uscc" for e in r.errors)
    }
    taken_codes: set[str] = set()
    for batch in chunks(codes):
        taken_codes.update(active.filter(uscc__in=batch).values_list("uscc", flat=True))
    names = {r.data.name.strip() for r in checked if r.data and r.data.name.strip()}
    authorities = {r.data.registration_authority.id for r in checked if r.data}
    taken_names: set[tuple[int, str]] = set()
    for batch in chunks(names):
        taken_names.update(
            active.filter(name__in=batch, registration_authority_id__in=authorities).values_list(
                "registration_authority_id", "name"
            )
        )
    for row in checked:
        assert row.data is not None
        if row.data.uscc in taken_codes and not any(e.field == "uscc" for e in row.errors):
            row.add("uscc", _("已有一个存续的组织使用该统一社会信用代码。"))
        if (row.data.registration_authority.id, row.data.name.strip()) in taken_names:
            row.add("name", _("同一登记管理机关下已有同名的存续组织。"))


def _duplicates(rows: list[RowResult], key: Callable[[RowResult], Any], field_name: str) -> None:
    groups: dict[Any, list[RowResult]] = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            groups[value].append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        numbers = [r.number for r in group]
        for row in group:
            others = [n for n in numbers if n != row.number]
            params = {"rows": "、".join(str(n) for n in others[:5]), "n": len(others)}
            if field_name == "uscc":
                message = (
                    _("与第 %(rows)s 行的统一社会信用代码重复。")
                    if len(others) <= 5
                    else _("与第 %(rows)s 行等共 %(n)d 行的统一社会信用代码重复。")
                )
            else:
                message = (
                    _("与第 %(rows)s 行的组织名称重复（同一登记管理机关下名称不能相同）。")
                    if len(others) <= 5
                    else _(
                        "与第 %(rows)s 行等共 %(n)d 行的组织名称重复"
                        "（同一登记管理机关下名称不能相同）。"
                    )
                )
            row.add(field_name, message % params)


def _uscc_key(row: RowResult) -> str:
    return row.data.uscc if row.data is not None else ""


def _name_key(row: RowResult) -> tuple[int, str] | None:
    if row.data is None or not row.data.name.strip():
        return None
    return (row.data.registration_authority.id, row.data.name.strip())


def rows_validate(
    *,
    actor: Any,
    sheet: Sheet,
    check_records: bool = True,
    progress: Progress | None = None,
) -> Validation:
    """Every problem of every row, in a few queries for the whole file.

    ``check_records=False`` (at commit) leaves the record rules and the register's uniqueness
    to ``organization_register``, which checks each row again as it writes it.
    """
    today = timezone.localdate()
    lookups = Lookups.load(area=actor.area, sheet=sheet, today=today)
    rows: list[RowResult] = []
    total = len(sheet.rows)
    for i, (number, cells) in enumerate(sheet.rows, start=1):
        row = row_parse(number, cells, lookups)
        if check_records and row.data is not None:
            _record_problems(row, today)
        rows.append(row)
        if progress is not None and (i % 500 == 0 or i == total):
            progress(i, total)
    if check_records:
        _register_duplicates(rows)
    _duplicates(rows, _uscc_key, "uscc")
    _duplicates(rows, _name_key, "name")
    return Validation(rows)
