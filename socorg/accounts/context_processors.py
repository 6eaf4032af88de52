"""Navigation entries per role, for the base template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socorg.accounts.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_items": menu_for(request.user), "site_name": "社会组织与基层治理平台"}
