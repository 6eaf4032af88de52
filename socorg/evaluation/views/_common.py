"""Helpers the evaluation pages share: permission to 403, object to 404, keyset pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.evaluation import selectors
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
)
from socorg.registry.paging import KeysetPaginator

PAGE_SIZE = 20


def require(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def page_of(model: Any, order: tuple[str, ...], queryset: Any, request: HttpRequest) -> Any:
    return KeysetPaginator(model, order, page_size=PAGE_SIZE).page(
        queryset, request.GET.get("cursor")
    )


def round_or_404(user: Any, pk: int) -> EvaluationRound:
    round_ = selectors.round_detail(user=user, pk=pk)
    if round_ is None:
        raise Http404(_("未找到该评估轮次，或它不在您的查看范围内。"))
    return round_


def application_or_404(user: Any, pk: int) -> Application:
    application = selectors.application_detail(user=user, pk=pk)
    if application is None:
        raise Http404(_("未找到该评估申报，或它不在您的查看范围内。"))
    return application


def service_error(request: HttpRequest, exc: ApplicationError) -> None:
    if isinstance(exc, PermissionDenied):
        raise Forbidden(exc.message) from exc
    if not exc.errors:
        messages.error(request, exc.message)
    for problems in exc.errors.values():
        for message in problems:
            messages.error(request, message)
