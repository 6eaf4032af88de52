"""The dormancy API (/api/v1/dormancy/…): the ranked list with reasons, exit cases and their
steps, statistics.

Thin views: check the role first, parse, call a selector or a service, serialize. A record
outside the user's scope is "not found"; a visible one the user may not act on is a 403 naming
why (the services check again).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import require
from socorg.core.pagination import KeysetCursorPagination
from socorg.dormancy import permissions, selectors, services
from socorg.dormancy.models import ExitCase
from socorg.dormancy.serializers import (
    DormancyCaseActInputSerializer,
    DormancyCaseDetailOutputSerializer,
    DormancyCaseFilterSerializer,
    DormancyCaseListOutputSerializer,
    DormancyCaseOpenInputSerializer,
    DormancyScoreFilterSerializer,
    DormancyScoreOutputSerializer,
    DormancyStatisticsFilterSerializer,
    DormancyStatisticsOutputSerializer,
)
from socorg.registry.selectors import organization_detail

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。")}


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v.strip() and k != "cursor"}


def _case(user: Any, pk: int) -> ExitCase:
    require(permissions.can_view_dormancy(user))
    case = selectors.exit_case_detail(user=user, pk=pk)
    if case is None:
        raise exceptions.NotFound(_("未找到该案件，或该案件不在您的查看范围内。"))
    require(permissions.can_view_exit_case(user, case))
    return case


def _case_body(user: Any, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The case as the user sees it now: read again with its history and the steps allowed."""
    case = _case(user, pk)
    case.step_list = list(selectors.exit_case_steps(case=case))  # type: ignore[attr-defined]
    case.allowed = [a.value for a in permissions.allowed_actions(user, case)]  # type: ignore[attr-defined]
    return Response(DormancyCaseDetailOutputSerializer(case).data, status=status_code)


class DormancyScoreListApi(APIView):
    """GET: the ranked list (疑似僵尸型社会组织排查名单) over the user's scope."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[DormancyScoreFilterSerializer],
        responses={200: DormancyScoreOutputSerializer(many=True), **ERRORS},
        summary="疑似僵尸型社会组织排查名单",
        description="按风险分从高到低、同分按组织编号；每一分附理由和依据。街道工作人员只看到本街道。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_view_dormancy(user))
        params = DormancyScoreFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        street = data.get("street")
        queryset = selectors.dormancy_ranked(
            user=user,
            filters=selectors.RankFilters(
                street=street.id if street else None,
                org_type=data.get("org_type", ""),
                candidates_only=data.get("candidates_only", False),
            ),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        ranks = selectors.dormancy_ranks(queryset, page)
        cases = selectors.open_cases_of([s.organization_id for s in page])
        for score, rank in zip(page, ranks, strict=True):
            score.rank = rank  # type: ignore[attr-defined]
            case = cases.get(score.organization_id)
            score.open_case = case.pk if case else None  # type: ignore[attr-defined]
        return paginator.get_paginated_response(DormancyScoreOutputSerializer(page, many=True).data)


class DormancyCaseListCreateApi(APIView):
    """GET: visible exit cases. POST: open a case (排查) on an organization."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[DormancyCaseFilterSerializer],
        responses={200: DormancyCaseListOutputSerializer(many=True), **ERRORS},
        summary="僵尸型组织清理案件列表",
        description="当前用户可见范围内的清理案件，按立案先后倒序。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_view_dormancy(user))
        params = DormancyCaseFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        street = data.get("street")
        cases = selectors.exit_case_list(
            user=user,
            filters=selectors.CaseFilters(
                state=data.get("state", ""),
                outcome=data.get("outcome", ""),
                street=street.id if street else None,
            ),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(
            DormancyCaseListOutputSerializer(page, many=True).data
        )

    @extend_schema(
        request=DormancyCaseOpenInputSerializer,
        responses={201: DormancyCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="立案排查",
        description="登记管理机关对排查名单上的组织立案排查；保存立案时的风险分和理由，并通知业务主管单位。",
    )
    def post(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_open_exit_cases(user))
        serializer = DormancyCaseOpenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        org = organization_detail(user=user, pk=data["organization"])
        if org is None:
            raise exceptions.NotFound(_("未找到该组织，或该组织不在您的查看范围内。"))
        case = services.exit_case_open(
            actor=user, organization=org, opened_on=data.get("opened_on"), note=data["note"]
        )
        return _case_body(user, case.pk, status.HTTP_201_CREATED)


class DormancyCaseDetailApi(APIView):
    @extend_schema(
        responses={200: DormancyCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="清理案件详情",
        description="案件、办理记录，以及当前用户此阶段可以办理的事项。",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _case_body(request.user, pk)


class DormancyCaseActApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=DormancyCaseActInputSerializer,
        responses={200: DormancyCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="办理清理案件",
        description=(
            "按流程表办理一步：核实、告知/约谈、排除、决定撤销登记（同时办理撤销登记并列入严重"
            "违法失信名单）、决定指导注销、决定限期整改（须填整改期限）、确认整改完成、公告、结案。"
            "决定须写明事实和理由并填写文书号。"
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request.user
        case = _case(user, pk)
        serializer = DormancyCaseActInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.exit_case_act(
            actor=user, case=case, data=services.StepInput(**serializer.validated_data)
        )
        return _case_body(user, case.pk)


class DormancyStatisticsApi(APIView):
    @extend_schema(
        parameters=[DormancyStatisticsFilterSerializer],
        responses={200: DormancyStatisticsOutputSerializer, **ERRORS},
        summary="僵尸型组织清理统计",
        description="期间内立案、撤销登记、指导注销、整改激活、排除的数量（按街道），当前未结案件按阶段。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_view_dormancy(user))
        params = DormancyStatisticsFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        today = timezone.localdate()
        start = params.validated_data.get("start") or today.replace(month=1, day=1)
        end = params.validated_data.get("end") or today
        if start > end:
            raise exceptions.ValidationError({"start": [_("起始日期不能晚于截止日期。")]})
        stats = selectors.exit_statistics(user=user, start=start, end=end)
        body = {
            "start": stats.start,
            "end": stats.end,
            "total": vars(stats.total),
            "by_street": [vars(row) for row in stats.by_street],
            "open_by_state": [
                {"state": key, "label": label, "count": n} for key, label, n in stats.open_by_state
            ],
            "overdue_rectifications": stats.overdue_rectifications,
            "registry_deregistered": stats.registry_deregistered,
            "registry_revoked": stats.registry_revoked,
            "last_run_on": stats.last_run.run_on if stats.last_run else None,
        }
        return Response(DormancyStatisticsOutputSerializer(body).data)
