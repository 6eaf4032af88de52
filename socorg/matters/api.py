"""Major-matter reports over the API: list and file, one report, acknowledge, return, resubmit.

Thin views: parse, check permission on the server, call a selector or a service, serialize. A
report outside the user's scope is "not found"; a visible one the user may not act on is a 403.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import require
from socorg.core.pagination import KeysetCursorPagination
from socorg.matters import permissions
from socorg.matters.models import MajorMatter
from socorg.matters.selectors import MatterFilters, matter_detail, matter_list
from socorg.matters.services import (
    MatterInput,
    matter_acknowledge,
    matter_file,
    matter_resubmit,
    matter_return,
)
from socorg.registry.models import Organization

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
    404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。"),
}


def _visible(user: Any, pk: int) -> MajorMatter:
    require(permissions.can_list_matters(user))
    matter = matter_detail(user=user, pk=pk)
    if matter is None:
        raise exceptions.NotFound(_("未找到该报告，或它不在您的查看范围内。"))
    return matter


# ---------------------------------------------------------------------------- serializers


class MatterOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatterOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = MatterOrganizationSerializer()
    kind = serializers.ChoiceField(choices=MajorMatter.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    planned_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=MajorMatter.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    filed_by = serializers.CharField(allow_null=True)
    filed_at = serializers.DateTimeField()
    acknowledged_by = serializers.CharField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    returned_by = serializers.CharField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class MatterInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MajorMatter.Kind.choices)
    title = serializers.CharField(allow_blank=True, required=False, default="")
    description = serializers.CharField(allow_blank=True, required=False, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    planned_on = serializers.DateField(required=False, allow_null=True, default=None)


class MatterNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class MatterFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=MajorMatter.State.choices, required=False)
    kind = serializers.ChoiceField(choices=MajorMatter.Kind.choices, required=False)
    organization = serializers.IntegerField(required=False, min_value=1)


# ---------------------------------------------------------------------------- views


def _own_organization(user: Any) -> Organization | None:
    org_id = permissions.own_organization_id(user)
    return Organization.objects.filter(pk=org_id).first() if org_id else None


def _body(user: Any, matter: MajorMatter, code: int = status.HTTP_200_OK) -> Response:
    matter = matter_detail(user=user, pk=matter.pk) or matter
    return Response(MatterOutputSerializer(matter).data, status=code)


class MatterListCreateApi(APIView):
    """GET: the reports the user may see (keyset pages). POST: an organization files one."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[MatterFilterSerializer],
        responses={200: MatterOutputSerializer(many=True), **ERRORS},
        summary="重大事项报告列表",
        description="组织看本组织的报告；业务主管单位看其主管组织的；民政局和审计人员看辖区内的；街道看本街道社区社会组织的。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_list_matters(request.user))
        params = MatterFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = MatterFilters(
            state=params.validated_data.get("state", ""),
            kind=params.validated_data.get("kind", ""),
            organization=params.validated_data.get("organization"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            matter_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(MatterOutputSerializer(page, many=True).data)

    @extend_schema(
        request=MatterInputSerializer,
        responses={201: MatterOutputSerializer, **ERRORS},
        summary="报告重大事项",
        description="社会组织账户报告本组织的重大事项；已发生的填 occurred_on，尚未发生的填 planned_on。提交后通知业务主管单位和登记管理机关。",
    )
    def post(self, request: Request) -> Response:
        org = _own_organization(request.user)
        require(permissions.can_file_matter(request.user, org))
        serializer = MatterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        matter = matter_file(
            actor=request.user,
            organization=org,  # type: ignore[arg-type]
            data=MatterInput(**serializer.validated_data),
        )
        return _body(request.user, matter, status.HTTP_201_CREATED)


class MatterDetailApi(APIView):
    @extend_schema(responses={200: MatterOutputSerializer, **ERRORS}, summary="重大事项报告详情")
    def get(self, request: Request, pk: int) -> Response:
        matter = _visible(request.user, pk)
        require(permissions.can_view_matter(request.user, matter))
        return _body(request.user, matter)


class MatterAcknowledgeApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=MatterNoteInputSerializer,
        responses={200: MatterOutputSerializer, **ERRORS},
        summary="确认重大事项报告",
    )
    def post(self, request: Request, pk: int) -> Response:
        matter = _visible(request.user, pk)
        require(permissions.can_handle_matter(request.user, matter))
        serializer = MatterNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        matter = matter_acknowledge(
            actor=request.user, matter=matter, note=serializer.validated_data["note"]
        )
        return _body(request.user, matter)


class MatterReturnApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=MatterNoteInputSerializer,
        responses={200: MatterOutputSerializer, **ERRORS},
        summary="退回重大事项报告",
        description="退回时 note 必填，写明需要补正的内容。",
    )
    def post(self, request: Request, pk: int) -> Response:
        matter = _visible(request.user, pk)
        require(permissions.can_handle_matter(request.user, matter))
        serializer = MatterNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        matter = matter_return(
            actor=request.user, matter=matter, note=serializer.validated_data["note"]
        )
        return _body(request.user, matter)


class MatterResubmitApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=MatterInputSerializer,
        responses={200: MatterOutputSerializer, **ERRORS},
        summary="补正后重新报告",
    )
    def post(self, request: Request, pk: int) -> Response:
        matter = _visible(request.user, pk)
        require(permissions.can_resubmit_matter(request.user, matter))
        serializer = MatterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        matter = matter_resubmit(
            actor=request.user, matter=matter, data=MatterInput(**serializer.validated_data)
        )
        return _body(request.user, matter)
