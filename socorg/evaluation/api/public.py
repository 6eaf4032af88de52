"""Indicator templates, the public notice (公示), level statistics and current levels."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.core.pagination import KeysetCursorPagination
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.api._common import (
    ERRORS,
    check,
)
from socorg.evaluation.serializers import (
    CurrentLevelOutputSerializer,
    LevelsQuerySerializer,
    NoticeResultOutputSerializer,
    StatisticsOutputSerializer,
    StatisticsQuerySerializer,
    TemplateCreateInputSerializer,
    TemplateOutputSerializer,
)
from socorg.registry.selectors import organization_visible

# --- templates, notice, statistics -------------------------------------------------------------


class TemplateListCreateApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        responses={200: TemplateOutputSerializer(many=True), **ERRORS}, summary="评估指标体系"
    )
    def get(self, request: Request) -> Response:
        check(permissions.can_view_rounds(request.user))
        return Response(TemplateOutputSerializer(selectors.template_list(), many=True).data)

    @extend_schema(
        request=TemplateCreateInputSerializer,
        responses={201: TemplateOutputSerializer, **ERRORS},
        summary="新增指标体系版本",
        description="各一级指标分值合计须等于配置的总分（默认 1000 分）；启用日期之后开始的轮次使用新版本。",
    )
    def post(self, request: Request) -> Response:
        check(permissions.can_create_round(request.user))
        serializer = TemplateCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = services.indicator_template_create(
            actor=request.user,
            org_type=data["org_type"],
            version=data["version"],
            valid_from=data["valid_from"],
            indicators=[dict(row) for row in data["indicators"]],
            basis=data["basis"],
        )
        return Response(TemplateOutputSerializer(template).data, status=status.HTTP_201_CREATED)


class NoticeApi(APIView):
    """公示: results under public notice now; open to everyone."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    pagination_class = KeysetCursorPagination

    @extend_schema(responses={200: NoticeResultOutputSerializer(many=True)}, summary="评估结果公示")
    def get(self, request: Request) -> Response:
        results = selectors.notice_results().order_by("id")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(results, request, view=self)
        return paginator.get_paginated_response(NoticeResultOutputSerializer(page, many=True).data)


class StatisticsApi(APIView):
    @extend_schema(
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsOutputSerializer, **ERRORS},
        summary="评估等级统计",
        description="某日处于有效期内、达到最低等级（默认 3A）的组织数，及各等级组织数；仅含查看范围内的组织。",
    )
    def get(self, request: Request) -> Response:
        check(permissions.can_view_statistics(request.user))
        params = StatisticsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or timezone.localdate()
        stats = selectors.level_statistics(
            user=request.user, on=on, min_level=params.validated_data["min_level"]
        )
        return Response(StatisticsOutputSerializer(stats).data)


class CurrentLevelsApi(APIView):
    @extend_schema(
        parameters=[LevelsQuerySerializer],
        responses={200: CurrentLevelOutputSerializer(many=True), **ERRORS},
        summary="组织现有评估等级",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        if user.role != Role.ORGANIZATION:
            check(permissions.can_view_statistics(user))
        params = LevelsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        wanted = params.validated_data["organizations"]
        visible = list(
            organization_visible(user=user).filter(pk__in=wanted).values_list("id", flat=True)
        )
        levels = selectors.current_levels(visible, on=params.validated_data.get("on"))
        rows = [
            {"organization": org_id, **level.__dict__} for org_id, level in sorted(levels.items())
        ]
        return Response(CurrentLevelOutputSerializer(rows, many=True).data)
