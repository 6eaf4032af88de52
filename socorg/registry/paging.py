"""Keyset pagination for server-rendered lists: an opaque cursor, never OFFSET.

A page is fetched with ``WHERE (sort key, id) beyond the boundary row ORDER BY ... LIMIT n+1``,
so page 50,000 costs what page 1 costs. The cursor carries the boundary row's sort values and
its id; it is opaque to the user but not secret: a forged cursor only moves the position inside
the queryset the view already limited to what the user may see.

NULLs sort as the largest value on both databases (PostgreSQL's default; SQLite is told so), so
ascending and descending orders can use the same ``(field, id)`` index.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Model, OrderBy, Q, QuerySet

T = TypeVar("T", bound=Model)

NEXT = "n"
PREVIOUS = "p"


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool
    nullable: bool

    def flipped(self) -> SortKey:
        return SortKey(self.name, not self.descending, self.nullable)

    def order_by(self) -> OrderBy | str:
        if not self.nullable:
            return f"-{self.name}" if self.descending else self.name
        if self.descending:
            return F(self.name).desc(nulls_first=True)
        return F(self.name).asc(nulls_last=True)


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _storable(value: Any) -> bool:
    """A forged cursor must not reach the database with a value it would refuse (a 500)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, str):
        return "\x00" not in value and len(value) <= 1000
    return value is None


class KeysetPaginator:
    """Pages through a queryset in a fixed order whose last field is unique (the id)."""

    def __init__(self, model: type[Model], ordering: Sequence[str], *, page_size: int = 20) -> None:
        if not ordering or ordering[-1].lstrip("-") not in ("id", "pk"):
            raise ValueError("keyset ordering must end with the unique id")
        self.model = model
        self.page_size = page_size
        self.signature = ",".join(ordering)
        self.keys = [self._key(spec) for spec in ordering]

    def _key(self, spec: str) -> SortKey:
        name = spec.lstrip("-")
        field = self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)
        return SortKey(field.attname, spec.startswith("-"), bool(field.null))

    def order_by(self) -> list[OrderBy | str]:
        """The ORDER BY the pages follow (NULLs last ascending, first descending)."""
        return [key.order_by() for key in self.keys]

    # The cursor: base64url(JSON) of the ordering, the direction and the boundary values.

    def encode(self, direction: str, row: Model) -> str:
        values = [_jsonable(getattr(row, key.name)) for key in self.keys]
        raw = json.dumps({"o": self.signature, "d": direction, "v": values}, ensure_ascii=False)
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[str, list[Any]] | None:
        """Direction and boundary values, or None for a cursor that does not fit this list."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            data = json.loads(raw)
            direction, values = data["d"], data["v"]
            if data["o"] != self.signature or direction not in (NEXT, PREVIOUS):
                return None
            if not isinstance(values, list) or len(values) != len(self.keys):
                return None
            if not all(_storable(v) for v in values):
                return None
            return direction, [
                None if v is None else self._field(k).to_python(v)
                for k, v in zip(self.keys, values, strict=True)
            ]
        except (binascii.Error, ValueError, TypeError, KeyError, ValidationError):
            return None

    def _field(self, key: SortKey) -> Any:
        return self.model._meta.get_field(key.name) if key.name != "pk" else self.model._meta.pk

    # Conditions: rows strictly after the boundary in the order of ``keys``.

    @staticmethod
    def _beyond(key: SortKey, value: Any) -> Q | None:
        """Rows whose ``key`` is strictly past ``value`` (NULL is the largest value)."""
        if key.descending:
            if value is None:
                return Q(**{f"{key.name}__isnull": False}) if key.nullable else None
            return Q(**{f"{key.name}__lt": value})
        if value is None:
            return None
        past = Q(**{f"{key.name}__gt": value})
        return past | Q(**{f"{key.name}__isnull": True}) if key.nullable else past

    @staticmethod
    def _equal(key: SortKey, value: Any) -> Q:
        return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})

    def _after(self, keys: list[SortKey], values: list[Any]) -> Q:
        clauses: list[Q] = []
        prefix = Q()
        for key, value in zip(keys, values, strict=True):
            beyond = self._beyond(key, value)
            if beyond is not None:
                clauses.append(prefix & beyond)
            prefix &= self._equal(key, value)
        condition = Q(pk__in=[])
        for clause in clauses:
            condition |= clause
        # A redundant range on the leading key lets the (key, id) index start at the boundary.
        lead, value = keys[0], values[0]
        if value is not None and len(keys) > 1:
            bound = Q(**{f"{lead.name}__{'lte' if lead.descending else 'gte'}": value})
            if lead.nullable and not lead.descending:
                bound |= Q(**{f"{lead.name}__isnull": True})
            condition &= bound
        return condition

    def page(self, queryset: QuerySet[T], cursor: str | None = None) -> KeysetPage[T]:
        """One page of ``queryset`` after (or before) the cursor; the first page without one."""
        decoded = self.decode(cursor) if cursor else None
        size = self.page_size
        if decoded is None:
            rows = list(queryset.order_by(*self.order_by())[: size + 1])
            items, has_next, has_previous = rows[:size], len(rows) > size, False
        elif decoded[0] == NEXT:
            rows = list(
                queryset.filter(self._after(self.keys, decoded[1])).order_by(*self.order_by())[
                    : size + 1
                ]
            )
            items, has_next, has_previous = rows[:size], len(rows) > size, True
        else:
            flipped = [k.flipped() for k in self.keys]
            rows = list(
                queryset.filter(self._after(flipped, decoded[1])).order_by(
                    *(k.order_by() for k in flipped)
                )[: size + 1]
            )
            items = list(reversed(rows[:size]))
            has_next, has_previous = True, len(rows) > size
        return KeysetPage(
            items=items,
            next_cursor=self.encode(NEXT, items[-1]) if has_next and items else None,
            previous_cursor=self.encode(PREVIOUS, items[0]) if has_previous and items else None,
        )


def capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """How many rows, counting no further than ``cap + 1`` (COUNT over a LIMIT-ed subquery)."""
    return queryset.order_by().values("pk")[: cap + 1].count()
