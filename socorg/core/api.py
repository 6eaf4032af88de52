"""API plumbing shared by every app: errors as JSON naming each field, in Chinese.

Every error body has the same shape, whatever raised it::

    {"detail": "提交的数据有误：…", "errors": {"uscc": ["…"], "event.occurred_on": ["…"]}}

Nested serializer errors are flattened to dotted field names so a client can map each message
to one input without walking a tree.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from socorg.core.errors import ApplicationError, PermissionDenied

NON_FIELD = "non_field_errors"


def _merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for key, messages in more.items():
        into.setdefault(key, []).extend(messages)


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"event": {"occurred_on": [..]}}`` → ``{"event.occurred_on": [..]}`` (lists by index)."""
    errors: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == NON_FIELD:
                name = prefix or NON_FIELD  # a nested object's own errors belong to the object
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            _merge(errors, flatten_errors(value, name))
    elif isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            if detail:
                errors[prefix or NON_FIELD] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    _merge(
                        errors, flatten_errors(item, f"{prefix}.{index}" if prefix else str(index))
                    )
    elif detail not in (None, ""):
        errors[prefix or NON_FIELD] = [str(detail)]
    return errors


def error_body(message: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"detail": message, "errors": errors}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """ApplicationError → 400 (403 when forbidden) with ``{"detail", "errors": {field: [..]}}``."""
    if isinstance(exc, PermissionDenied):
        return Response(error_body(exc.message, exc.errors), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(response.data)
        first = next(iter(errors.values()))[0] if errors else _("请检查各字段。")
        response.data = error_body(_("提交的数据有误：%(first)s") % {"first": first}, errors)
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = error_body(str(response.data["detail"]), {})
    return response


class ErrorOutputSerializer(serializers.Serializer):
    """The body of every 4xx answer (for the OpenAPI schema)."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_lazy("按字段列出的错误信息；嵌套字段以点号连接，如 event.occurred_on。"),
    )
