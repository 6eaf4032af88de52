"""Rounds and their steps; a round's applications, and applying."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.core.errors import PermissionDenied
from socorg.core.pagination import KeysetCursorPagination
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.api._common import (
    ERRORS,
    NOT_FOUND,
    application_response,
    check,
    round_or_404,
    round_response,
)
from socorg.evaluation.serializers import (
    ApplicationDetailOutputSerializer,
    ApplicationOutputSerializer,
    RoundActInputSerializer,
    RoundCreateInputSerializer,
    RoundDetailOutputSerializer,
    RoundOutputSerializer,
)

# --- rounds ------------------------------------------------------------------------------------


class RoundListCreateApi(APIView):
    """GET: the rounds the user may see, newest first. POST: a new round (the bureau)."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: RoundOutputSerializer(many=True), **ERRORS},
        summary="评估轮次列表",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        if user.role != Role.EXPERT:
            check(permissions.can_view_rounds(user))
        rounds = selectors.round_list(user=user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rounds, request, view=self)
        return paginator.get_paginated_response(RoundOutputSerializer(page, many=True).data)

    @extend_schema(
        request=RoundCreateInputSerializer,
        responses={201: RoundDetailOutputSerializer, **ERRORS},
        summary="创建评估轮次",
        description="适用办法（旧/新）和各类型指标体系版本按开始申报日期确定。",
    )
    def post(self, request: Request) -> Response:
        check(permissions.can_create_round(request.user))
        serializer = RoundCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = services.round_create(actor=request.user, **serializer.validated_data)
        return round_response(
            request.user, round_or_404(request.user, round_.pk), status.HTTP_201_CREATED
        )


class RoundDetailApi(APIView):
    @extend_schema(
        responses={200: RoundDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="评估轮次详情",
    )
    def get(self, request: Request, pk: int) -> Response:
        round_ = round_or_404(request.user, pk)
        check(permissions.can_view_round(request.user, round_))
        return round_response(request.user, round_)


class RoundActApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=RoundActInputSerializer,
        responses={200: RoundDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="办理评估轮次",
        description="开始申报、进入专家评审、汇总评分、公示、公告、结束；条件不满足时在 action 字段说明原因。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request.user
        round_ = round_or_404(user, pk)
        check(permissions.can_manage_round(user, round_))
        serializer = RoundActInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = serializer.validated_data["action"]
        if action == "aggregate":
            services.round_aggregate(actor=user, round_=round_)
        else:
            services.round_act(actor=user, round_=round_, action=action)
        return round_response(user, round_or_404(user, pk))


class RoundApplicationsApi(APIView):
    """GET: a round's applications (the bureau, auditors). POST: apply (an organization)."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: ApplicationOutputSerializer(many=True), **ERRORS, **NOT_FOUND},
        summary="评估申报列表",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request.user
        round_ = round_or_404(user, pk)
        check(permissions.can_view_round(user, round_))
        applications = selectors.application_list(user=user, round_=round_)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(applications, request, view=self)
        return paginator.get_paginated_response(ApplicationOutputSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={201: ApplicationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="申报评估",
        description="按登记时间、上一年度年检、信用名录和行政处罚审查资格；不符合的在 eligibility 字段列明每条理由及依据，不保存申报。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request.user
        round_ = round_or_404(user, pk)
        membership = getattr(user, "organization_membership", None)
        if membership is None:
            raise PermissionDenied(_("只有社会组织账户可以申报评估。"))
        check(permissions.can_apply(user, round_, membership.organization))
        application = services.application_submit(
            actor=user, round_=round_, organization=membership.organization
        )
        return application_response(user, application.pk, status.HTTP_201_CREATED)
