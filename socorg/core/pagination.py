"""Pagination that stays fast on deep pages: keyset cursors, never OFFSET or COUNT.

A page is ``WHERE (sort keys, id) beyond the boundary row ORDER BY sort keys, id LIMIT n+1``,
so the ten-thousandth page costs what the first costs. The order is the queryset's own
``order_by`` (the selector decides it); the paginator adds the id as the last key when missing,
so every position is unique and no row is skipped or repeated between pages.

NULL sorts as the largest value on both databases (PostgreSQL's default; SQLite is told so), so
ascending and descending orders both walk the same ``(field, id)`` index.

The cursor is base64url(JSON) of the order, the direction and the boundary values. It is opaque
to clients but not secret: a forged cursor only moves inside the queryset the view already
limited to what the user may see.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import F, Field, Model, OrderBy, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

NEXT = "n"
PREVIOUS = "p"


@dataclass(frozen=True)
class SortKey:
    name: str  # the field's attname (``street_id`` for a foreign key)
    descending: bool
    nullable: bool

    def flipped(self) -> SortKey:
        # Reversing an order where NULL is largest keeps NULL largest: only the direction flips.
        return SortKey(self.name, not self.descending, self.nullable)

    def order_by(self) -> OrderBy | str:
        if not self.nullable:
            return f"-{self.name}" if self.descending else self.name
        if self.descending:
            return F(self.name).desc(nulls_first=True)
        return F(self.name).asc(nulls_last=True)

    def beyond(self, value: Any) -> Q | None:
        """Rows whose key lies strictly past ``value`` in this direction (None: no row does)."""
        if self.descending:
            if value is None:
                return Q(**{f"{self.name}__isnull": False}) if self.nullable else None
            return Q(**{f"{self.name}__lt": value})
        if value is None:
            return None
        past = Q(**{f"{self.name}__gt": value})
        return past | Q(**{f"{self.name}__isnull": True}) if self.nullable else past

    def equal(self, value: Any) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


def keyset_after(keys: Sequence[SortKey], values: Sequence[Any]) -> Q:
    """Rows strictly after the boundary ``values`` in the order of ``keys``."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        beyond = key.beyond(value)
        if beyond is not None:
            condition |= prefix & beyond
        prefix &= key.equal(value)
    # A redundant range on the leading key lets the (key, id) index start at the boundary
    # instead of filtering from the first row.
    lead, value = keys[0], values[0]
    if value is not None and len(keys) > 1:
        bound = Q(**{f"{lead.name}__{'lte' if lead.descending else 'gte'}": value})
        if lead.nullable and not lead.descending:
            bound |= Q(**{f"{lead.name}__isnull": True})
        condition &= bound
    return condition


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _sort_keys(queryset: QuerySet[Any], default: Sequence[str]) -> list[SortKey]:
    """The queryset's order as keys on local fields, ending with the unique id."""
    specs = list(queryset.query.order_by) or list(default)
    model = queryset.model
    keys: list[SortKey] = []
    for spec in specs:
        if not isinstance(spec, str) or "__" in spec or spec.lstrip("-") == "?":
            raise ImproperlyConfigured(
                f"Keyset pagination needs plain local field names in order_by, got {spec!r}."
            )
        name = spec.lstrip("-")
        field: Field[Any, Any]
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)  # type: ignore[assignment]
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(f"Cannot keyset-paginate on {spec!r}.") from exc
        keys.append(SortKey(field.attname, spec.startswith("-"), bool(field.null)))
    pk_name = model._meta.pk.attname
    if keys[-1].name != pk_name:
        keys.append(SortKey(pk_name, keys[0].descending, False))
    return keys


class KeysetCursorPagination(BasePagination):
    """``?cursor=…&page_size=…`` → ``{"next", "previous", "results"}``; no total count."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    # The order used when the queryset has none (the selector normally decides it).
    ordering: Sequence[str] = ("-id",)

    def __init__(self) -> None:
        self.next_cursor: str | None = None
        self.previous_cursor: str | None = None
        self.base_url = ""

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        try:
            size = int(raw)
        except ValueError:
            return self.page_size
        return min(size, self.max_page_size) if size > 0 else self.page_size

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.base_url = request.build_absolute_uri()
        keys = _sort_keys(queryset, self.ordering)
        size = self.get_page_size(request)
        raw_cursor = request.query_params.get(self.cursor_query_param)
        decoded = self._decode(raw_cursor, keys, queryset.model) if raw_cursor else None
        if decoded is None:
            rows = list(queryset.order_by(*(k.order_by() for k in keys))[: size + 1])
            items, has_next, has_previous = rows[:size], len(rows) > size, False
        elif decoded[0] == NEXT:
            rows = list(
                queryset.filter(keyset_after(keys, decoded[1])).order_by(
                    *(k.order_by() for k in keys)
                )[: size + 1]
            )
            items, has_next, has_previous = rows[:size], len(rows) > size, True
        else:
            flipped = [k.flipped() for k in keys]
            rows = list(
                queryset.filter(keyset_after(flipped, decoded[1])).order_by(
                    *(k.order_by() for k in flipped)
                )[: size + 1]
            )
            items = list(reversed(rows[:size]))
            has_next, has_previous = True, len(rows) > size
        self.next_cursor = self._encode(NEXT, items[-1], keys) if has_next and items else None
        self.previous_cursor = (
            self._encode(PREVIOUS, items[0], keys) if has_previous and items else None
        )
        return items

    # The cursor carries the order it was made for, so a cursor from another sort is refused.

    @staticmethod
    def _signature(keys: Sequence[SortKey]) -> str:
        return ",".join(("-" if k.descending else "") + k.name for k in keys)

    def _encode(self, direction: str, row: Model, keys: Sequence[SortKey]) -> str:
        values = [_jsonable(getattr(row, k.name)) for k in keys]
        raw = json.dumps(
            {"o": self._signature(keys), "d": direction, "v": values}, ensure_ascii=False
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _decode(
        self, cursor: str, keys: Sequence[SortKey], model: type[Model]
    ) -> tuple[str, list[Any]]:
        try:
            data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            direction, values = data["d"], data["v"]
            valid = (
                data["o"] == self._signature(keys)
                and direction in (NEXT, PREVIOUS)
                and isinstance(values, list)
                and len(values) == len(keys)
            )
            if valid:
                fields = {f.attname: f for f in model._meta.concrete_fields}
                return direction, [
                    None if v is None else fields[k.name].to_python(v)
                    for k, v in zip(keys, values, strict=True)
                ]
        except (binascii.Error, ValueError, TypeError, KeyError, ValidationError):
            pass
        raise exceptions.ValidationError(
            {self.cursor_query_param: [_("分页游标无效或与当前排序不符，请从第一页重新开始。")]}
        )

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.next_cursor)

    def get_previous_link(self) -> str | None:
        return self._link(self.previous_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": _("分页游标：取自上一次响应中的 next 或 previous 链接。"),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _("每页条数（最多 %(n)d）。") % {"n": self.max_page_size},
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
