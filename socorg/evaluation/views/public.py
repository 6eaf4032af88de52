"""The public notice (公示) and level statistics."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from socorg.evaluation import permissions, selectors
from socorg.evaluation.forms import StatisticsForm
from socorg.evaluation.views._common import require

# --- notice and statistics ---------------------------------------------------------------------


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """公示: every result under public notice now, by round; open to everyone."""
    rows = list(selectors.notice_results()[:1000])
    rounds: dict[int, dict[str, Any]] = {}
    for result in rows:
        entry = rounds.setdefault(result.round_id, {"round": result.round, "results": []})
        entry["results"].append(result)
    return render(request, "evaluation/notice_list.html", {"rounds": list(rounds.values())})


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_view_statistics(user))
    form = StatisticsForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    min_level = data.get("min_level") or "3A"
    return render(
        request,
        "evaluation/statistics.html",
        {"form": form, "stats": selectors.level_statistics(user=user, on=on, min_level=min_level)},
    )
