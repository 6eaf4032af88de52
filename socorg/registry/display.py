"""Lifecycle history as people read it: field labels, names instead of ids, 是/否, em dashes.

Events store before/after as JSON with foreign keys by id and domains by code. One query per
kind of referenced object turns the whole history into text, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.registry.models import LifecycleEvent, Organization, ServiceDomain

AREA_FIELDS = ("district", "street", "community")
AGENCY_FIELDS = ("registration_authority", "supervisory_unit")
EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str | None  # None: the event has no "before" (a first registration)
    after: str


@dataclass(frozen=True)
class EventView:
    event: LifecycleEvent
    rows: list[ChangeRow]
    is_initial: bool  # establishment / filing: a full record, not a difference


def _label(name: str) -> str:
    if name == "domains":
        return str(Organization._meta.get_field("domains").verbose_name)
    try:
        return str(Organization._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


class _Names:
    """Every id and code the events mention, resolved in one query per kind."""

    def __init__(self, events: Iterable[LifecycleEvent]) -> None:
        area_ids: set[int] = set()
        agency_ids: set[int] = set()
        codes: set[str] = set()
        for event in events:
            for side in ("before", "after"):
                values = (event.changes or {}).get(side) or {}
                for name, value in values.items():
                    if value in (None, ""):
                        continue
                    if name in AREA_FIELDS:
                        area_ids.add(value)
                    elif name in AGENCY_FIELDS:
                        agency_ids.add(value)
                    elif name == "domains":
                        codes.update(value)
        self.areas = (
            dict(Area.objects.filter(id__in=area_ids).values_list("id", "name")) if area_ids else {}
        )
        self.agencies = (
            dict(Agency.objects.filter(id__in=agency_ids).values_list("id", "name"))
            if agency_ids
            else {}
        )
        self.domains = (
            dict(ServiceDomain.objects.filter(code__in=codes).values_list("code", "name"))
            if codes
            else {}
        )

    def text(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if name in AREA_FIELDS:
            return self.areas.get(value, str(value))
        if name in AGENCY_FIELDS:
            return self.agencies.get(value, str(value))
        if name == "domains":
            return "、".join(self.domains.get(code, code) for code in value)
        try:
            field = Organization._meta.get_field(name)
        except FieldDoesNotExist:
            return str(value)
        if isinstance(field, models.BooleanField):
            return _("是") if value else _("否")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)


def event_views(events: Iterable[LifecycleEvent]) -> list[EventView]:
    """The history with each event's changes rendered field by field."""
    events = list(events)
    names = _Names(events)
    views = []
    for event in events:
        changes = event.changes or {}
        before = changes.get("before")
        after = changes.get("after") or {}
        if before is None:
            rows = [
                ChangeRow(_label(k), None, names.text(k, v))
                for k, v in after.items()
                if v not in (None, "", [], False, 0)
            ]
        else:
            keys = list(dict.fromkeys([*before, *after]))
            rows = [
                ChangeRow(_label(k), names.text(k, before.get(k)), names.text(k, after.get(k)))
                for k in keys
            ]
        views.append(EventView(event=event, rows=rows, is_initial=before is None))
    return views
