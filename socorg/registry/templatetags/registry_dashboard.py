"""The registry's panel on the home page (工作台), per role.

The home page belongs to the accounts app, which sits below the registry and may not import
it; the page loads this tag library by name instead.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from socorg.accounts.roles import Role
from socorg.registry import permissions, selectors
from socorg.registry.models import Organization

register = template.Library()

ACTIVE = (Organization.Status.REGISTERED, Organization.Status.FILED)


def _list_url(**params: Any) -> str:
    url = reverse("registry:organization_list")
    return f"{url}?{urlencode(params)}" if params else url


def _staff_panel(user: Any) -> dict[str, Any]:
    counts = selectors.organization_counts(user=user)
    by_type, by_status = counts["by_type"], counts["by_status"]
    panel: dict[str, Any] = {
        "types": [
            {"label": label, "count": by_type.get(value, 0), "url": _list_url(org_type=value)}
            for value, label in Organization.Type.choices
        ],
        "statuses": [
            {"label": label, "count": by_status.get(value, 0), "url": _list_url(status=value)}
            for value, label in Organization.Status.choices
        ],
        "active_total": sum(by_status.get(s, 0) for s in ACTIVE),
        "total": sum(by_status.values()),
        "list_url": _list_url(),
    }
    if user.role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        rows = [
            {
                "name": row["street__name"],
                "registered": row["registered"],
                "community": row["community"],
                "total": row["registered"] + row["community"],
                "url": _list_url(street=row["street_id"]),
            }
            for row in selectors.organization_counts_by_street(user=user)
        ]
        panel["streets"] = rows
        panel["street_totals"] = {
            "registered": sum(r["registered"] for r in rows),
            "community": sum(r["community"] for r in rows),
            "total": sum(r["total"] for r in rows),
        }
    return panel


@register.inclusion_tag("registry/_dashboard.html", takes_context=True)
def registry_dashboard(context: template.Context) -> dict[str, Any]:
    """Statistics for registry staff; the organization's own card for an organization account."""
    user = context["user"]
    result: dict[str, Any] = {"user": user, "role": user.role, "panel": None}
    if permissions.can_view_registry(user)[0]:
        result["panel"] = "staff"
        result.update(_staff_panel(user))
    elif user.role == Role.ORGANIZATION:
        result["panel"] = "organization"
        membership = getattr(user, "organization_membership", None)
        org = (
            selectors.organization_detail(user=user, pk=membership.organization_id)
            if membership
            else None
        )
        result["org"] = org
        result["can_edit_contact"] = org is not None and permissions.can_edit_contact(user, org)[0]
    return result
