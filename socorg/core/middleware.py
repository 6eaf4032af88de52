"""Makes the client address of the current request available to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_ip: ContextVar[str] = ContextVar("current_ip", default="")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(request.META.get("REMOTE_ADDR", "") or "")
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
