"""API plumbing shared by every app: errors as JSON naming each field, in Chinese."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from socorg.core.errors import ApplicationError, PermissionDenied


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """ApplicationError → 400 (403 when forbidden) with ``{"detail", "errors": {field: [..]}}``."""
    if isinstance(exc, PermissionDenied):
        return Response(
            {"detail": exc.message, "errors": exc.errors},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, ApplicationError):
        return Response(
            {"detail": exc.message, "errors": exc.errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(errors)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        detail = response.data
        response.data = {"detail": "提交的数据有误，请检查各字段。", "errors": detail}
    return response
