"""Audit log pages: a filtered list (keyset pages, newest first) and one event in detail.

Reading the log is not itself audited: every page view would add an event and drown the ones
that matter. Exports, when they exist, will be audited.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socorg.audit import permissions, selectors
from socorg.audit.forms import AuditFilterForm
from socorg.audit.models import AuditEvent

CURSOR_PARAMS = ("before", "after")


def _require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def _cursor(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_audit_log(request.user))
    categories = permissions.audit_categories_for(request.user)
    params = request.GET.copy()
    for name in CURSOR_PARAMS:
        params.pop(name, None)
    form = AuditFilterForm(params or None, categories=categories)
    page = None
    if not form.is_bound or form.is_valid():
        page = selectors.audit_event_page(
            categories=categories,
            filters=form.filters() if form.is_bound else selectors.AuditFilters(),
            before=_cursor(request, "before"),
            after=_cursor(request, "after"),
        )
    labels = dict(AuditEvent.Category.choices)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "category_labels": "、".join(str(labels[c]) for c in sorted(categories)),
        },
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_view_audit_log(request.user))
    event = selectors.audit_event_get(pk=pk)
    if event is None:
        raise Http404(_("审计事件不存在。"))
    _require(permissions.can_view_audit_event(request.user, event))
    rows = [
        {
            "field": row.field,
            "before": _shown(row.before),
            "after": _shown(row.after),
            "changed": row.changed,
        }
        for row in selectors.audit_event_changes(event)
    ]
    # A before/after that is not a field mapping is shown whole.
    raw = not rows and (event.before is not None or event.after is not None)
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "rows": rows,
            "raw_before": _shown(event.before) if raw else "",
            "raw_after": _shown(event.after) if raw else "",
            "raw": raw,
        },
    )
