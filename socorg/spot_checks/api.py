"""Spot checks over the API (/api/v1/spot-checks/…), and the published results without login
(/api/v1/public/spot-checks/).

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
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.models import User
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import ApplicationError, require
from socorg.core.pagination import KeysetCursorPagination
from socorg.registry.models import Organization
from socorg.spot_checks import permissions, selectors, services
from socorg.spot_checks.models import Campaign, SampledOrganization
from socorg.spot_checks.serializers import (
    CampaignFilterSerializer,
    CampaignInputSerializer,
    CampaignOutputSerializer,
    ConflictInputSerializer,
    ConflictOutputSerializer,
    FindingInputSerializer,
    PoolMemberInputSerializer,
    PoolMemberOutputSerializer,
    PoolRemoveInputSerializer,
    PublishedResultSerializer,
    RectificationInputSerializer,
    SampledOutputSerializer,
    VerifyInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。")}


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v.strip() and k != "cursor"}


def _campaign(user: Any, pk: int) -> Campaign:
    require(permissions.can_view_campaigns(user))
    campaign = selectors.campaign_detail(user=user, pk=pk)
    if campaign is None:
        raise exceptions.NotFound(_("未找到该抽查任务，或该任务不在您的查看范围内。"))
    return campaign


def _sampled(user: Any, pk: int) -> SampledOrganization:
    sampled = selectors.sampled_visible(user=user, pk=pk)
    if sampled is None:
        raise exceptions.NotFound(_("未找到该抽查对象，或不在您的查看范围内。"))
    return sampled


def _sampled_body(user: Any, pk: int) -> Response:
    return Response(SampledOutputSerializer(_sampled(user, pk)).data)


def _campaign_body(user: Any, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(CampaignOutputSerializer(_campaign(user, pk)).data, status=status_code)


class CampaignListCreateApi(APIView):
    """GET: campaigns in the user's area (keyset pages). POST: create a campaign."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[CampaignFilterSerializer],
        responses={200: CampaignOutputSerializer(many=True), **ERRORS},
        summary="抽查任务列表",
        description="当前用户管辖范围内的双随机抽查任务，新建在前。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_campaigns(request.user))
        params = CampaignFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        campaigns = selectors.campaign_list(
            user=request.user,
            state=params.validated_data.get("state", ""),
            year=params.validated_data.get("year"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(campaigns, request, view=self)
        return paginator.get_paginated_response(CampaignOutputSerializer(page, many=True).data)

    @extend_schema(
        request=CampaignInputSerializer,
        responses={201: CampaignOutputSerializer, **ERRORS},
        summary="新建抽查任务",
        description="民政局在管辖区域内新建抽查任务；不填随机种子则由系统生成并记录。",
    )
    def post(self, request: Request) -> Response:
        require(permissions.can_create_campaign(request.user))
        serializer = CampaignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = services.campaign_create(
            actor=request.user, data=services.CampaignInput(**serializer.validated_data)
        )
        return _campaign_body(request.user, campaign.pk, status.HTTP_201_CREATED)


class CampaignDetailApi(APIView):
    @extend_schema(
        responses={200: CampaignOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="抽查任务详情",
        description="抽查方案、随机种子、分层抽取情况与状态。",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _campaign_body(request.user, pk)


class _CampaignActionApi(APIView):
    parser_classes = [JSONParser]
    action: Any = None

    def post(self, request: Request, pk: int) -> Response:
        campaign = _campaign(request.user, pk)
        require(permissions.can_manage_campaign(request.user, campaign))
        type(self).action(actor=request.user, campaign=campaign)
        return _campaign_body(request.user, pk)


class CampaignDrawApi(_CampaignActionApi):
    action = services.campaign_draw

    @extend_schema(
        request=None,
        responses={200: CampaignOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="随机抽取检查对象",
        description="按记录的随机种子和抽查方案抽取；已抽取的任务不能重复抽取。",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class CampaignAssignApi(_CampaignActionApi):
    action = services.inspectors_assign

    @extend_schema(
        request=None,
        responses={200: CampaignOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="随机选派检查人员",
        description="从检查人员库随机选派，须回避的人员不选派，工作量均衡；人员不足时列明原因。",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class CampaignPublishApi(_CampaignActionApi):
    action = services.campaign_publish

    @extend_schema(
        request=None,
        responses={200: CampaignOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="公开抽查结果",
        description="全部抽查对象录入检查结果后，向社会公开抽查结果。",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class CampaignSampleApi(APIView):
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: SampledOutputSerializer(many=True), **ERRORS, **NOT_FOUND},
        summary="抽查对象列表",
        description="任务抽取的组织及其检查人员、检查结果和整改情况。",
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = _campaign(request.user, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.campaign_sample(campaign=campaign), request, view=self
        )
        return paginator.get_paginated_response(SampledOutputSerializer(page, many=True).data)


class MyInspectionListApi(APIView):
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: SampledOutputSerializer(many=True), **ERRORS},
        summary="我的检查任务",
        description="随机选派给当前用户的抽查对象。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_inspections(request.user))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.my_inspections(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(SampledOutputSerializer(page, many=True).data)


class InspectionDetailApi(APIView):
    @extend_schema(
        responses={200: SampledOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="抽查对象详情",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _sampled_body(request.user, pk)


class FindingRecordApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=FindingInputSerializer,
        responses={200: SampledOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="录入检查结果",
        description="仅限选派检查该组织的检查人员。",
    )
    def post(self, request: Request, pk: int) -> Response:
        sampled = _sampled(request.user, pk)
        require(permissions.can_record_finding(request.user, sampled))
        serializer = FindingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.finding_record(actor=request.user, sampled=sampled, **serializer.validated_data)
        return _sampled_body(request.user, pk)


class RectificationSetApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=RectificationInputSerializer,
        responses={200: SampledOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="责令限期整改",
        description="下达整改通知（记入信用信息）；逾期未完成整改的列入活动异常名录（A3）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        sampled = _sampled(request.user, pk)
        require(permissions.can_set_rectification(request.user, sampled))
        serializer = RectificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.rectification_set(actor=request.user, sampled=sampled, **serializer.validated_data)
        return _sampled_body(request.user, pk)


class RectificationVerifyApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=VerifyInputSerializer,
        responses={200: SampledOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="查实整改",
    )
    def post(self, request: Request, pk: int) -> Response:
        sampled = _sampled(request.user, pk)
        require(permissions.can_set_rectification(request.user, sampled))
        serializer = VerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.rectification_verify(
            actor=request.user, sampled=sampled, **serializer.validated_data
        )
        return _sampled_body(request.user, pk)


class PoolListCreateApi(APIView):
    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: PoolMemberOutputSerializer(many=True), **ERRORS},
        summary="检查人员库",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_campaigns(request.user))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.pool_list(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(PoolMemberOutputSerializer(page, many=True).data)

    @extend_schema(
        request=PoolMemberInputSerializer,
        responses={201: PoolMemberOutputSerializer, **ERRORS},
        summary="加入检查人员",
        description="将机关工作人员或评审专家加入本区检查人员库。",
    )
    def post(self, request: Request) -> Response:
        require(permissions.can_manage_pool(request.user))
        serializer = PoolMemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = User.objects.filter(pk=serializer.validated_data["user"]).first()
        if user is None:
            raise ApplicationError.for_field("user", _("没有该编号的用户。"))
        member = services.pool_member_add(
            actor=request.user,
            user=user,
            area=request.user.area,
            street=serializer.validated_data.get("street"),
        )
        return Response(PoolMemberOutputSerializer(member).data, status=status.HTTP_201_CREATED)


class PoolRemoveApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=PoolRemoveInputSerializer,
        responses={200: PoolMemberOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="移出检查人员",
    )
    def post(self, request: Request, pk: int) -> Response:
        require(permissions.can_manage_pool(request.user))
        member = selectors.pool_list(user=request.user).filter(pk=pk).first()
        if member is None:
            raise exceptions.NotFound(_("未找到该检查人员。"))
        serializer = PoolRemoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.pool_member_remove(
            actor=request.user, member=member, reason=serializer.validated_data["reason"]
        )
        return Response(PoolMemberOutputSerializer(member).data)


class ConflictListCreateApi(APIView):
    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: ConflictOutputSerializer(many=True), **ERRORS},
        summary="回避申报列表",
        description="民政局、审计人员查看辖区内组织的回避申报；检查人员查看本人的。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        if not permissions.can_view_campaigns(user)[0]:
            require(permissions.can_declare_conflict(user, user))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.conflict_list(user=user), request, view=self)
        return paginator.get_paginated_response(ConflictOutputSerializer(page, many=True).data)

    @extend_schema(
        request=ConflictInputSerializer,
        responses={201: ConflictOutputSerializer, **ERRORS},
        summary="申报回避事项",
        description="检查人员申报本人的回避事项；民政局可为任何检查人员登记。",
    )
    def post(self, request: Request) -> Response:
        serializer = ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        inspector_id = data.get("inspector") or request.user.pk
        inspector = User.objects.filter(pk=inspector_id).first()
        if inspector is None:
            raise ApplicationError.for_field("inspector", _("没有该编号的用户。"))
        require(permissions.can_declare_conflict(request.user, inspector))
        organization = Organization.objects.filter(pk=data["organization"]).first()
        if organization is None:
            raise ApplicationError.for_field("organization", _("没有该编号的组织。"))
        declaration = services.conflict_declare(
            actor=request.user,
            inspector=inspector,
            organization=organization,
            kind=data["kind"],
            ended_on=data.get("ended_on"),
            note=data.get("note", ""),
        )
        return Response(ConflictOutputSerializer(declaration).data, status=status.HTTP_201_CREATED)


class PublishedResultListApi(APIView):
    """The published spot-check results (一公开), without login."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: PublishedResultSerializer(many=True)},
        summary="双随机抽查结果（公开）",
        description="已公开的抽查结果：组织名称、统一社会信用代码、检查结果、整改情况。无需登录；游标分页。",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.published_results(), request, view=self)
        today = timezone.localdate()
        rows = [selectors.published_row(s, today=today) for s in page]
        return paginator.get_paginated_response(PublishedResultSerializer(rows, many=True).data)
