"""Helpers the evaluation API shares: errors for the schema, 404s, detail responses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from socorg.accounts.roles import Role
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import PermissionDenied
from socorg.evaluation import selectors
from socorg.evaluation.models import Application, EvaluationRound
from socorg.evaluation.serializers import (
    ApplicationDetailOutputSerializer,
    RoundDetailOutputSerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。")}


def check(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def round_or_404(user: Any, pk: int) -> EvaluationRound:
    round_ = selectors.round_detail(user=user, pk=pk)
    if round_ is None:
        raise exceptions.NotFound(_("未找到该评估轮次，或它不在您的查看范围内。"))
    return round_


def application_or_404(user: Any, pk: int) -> Application:
    application = selectors.application_detail(user=user, pk=pk)
    if application is None:
        raise exceptions.NotFound(_("未找到该评估申报，或它不在您的查看范围内。"))
    return application


def round_response(user: Any, round_: EvaluationRound, code: int = status.HTTP_200_OK) -> Response:
    staff = user.role in (Role.DISTRICT_ADMIN, Role.AUDITOR)
    context = {"dashboard": selectors.round_dashboard(round_) if staff else None}
    return Response(RoundDetailOutputSerializer(round_, context=context).data, status=code)


def application_response(user: Any, pk: int, code: int = status.HTTP_200_OK) -> Response:
    application = application_or_404(user, pk)
    staff = user.role in (Role.DISTRICT_ADMIN, Role.AUDITOR)
    result = selectors.application_result(application=application)
    published = application.round.state in (
        EvaluationRound.State.NOTICE,
        EvaluationRound.State.ANNOUNCED,
        EvaluationRound.State.CLOSED,
    )
    if result is not None and not (staff or published):
        result = None  # the organization and experts see results from the notice on
    context = {
        "result": result,
        "assignments": list(selectors.application_assignments(application=application))
        if staff
        else [],
        "objections": list(selectors.result_objections(result=result)) if result else [],
    }
    return Response(
        ApplicationDetailOutputSerializer(application, context=context).data, status=code
    )
