"""Administrative divisions over the API: public reference data for any signed-in user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.areas.models import Area
from socorg.areas.selectors import area_get_by_code, area_list
from socorg.core.pagination import KeysetCursorPagination


@extend_schema_field(OpenApiTypes.STR)
class AreaCodeField(serializers.Field):
    """An area given by its division code (GB/T 2260), current today, of one level."""

    def __init__(self, *, level: str | None = None, **kwargs: Any) -> None:
        self.level = level
        kwargs.setdefault("help_text", gettext_lazy("行政区划代码"))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Area:
        code = str(data).strip()
        area = area_get_by_code(code=code) if code else None
        if area is None or (self.level and area.level != self.level):
            what = Area.Level(self.level).label if self.level else _("行政区划")
            raise serializers.ValidationError(
                _("没有代码为“%(code)s”的%(what)s。") % {"code": code, "what": what}
            )
        return area

    def to_representation(self, value: Area) -> str:
        return value.code


class AreaRefSerializer(serializers.Serializer):
    """An area where another record points at it: code, name and level."""

    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Area.Level.choices)
    level_label = serializers.CharField(source="get_level_display")


class AreaOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Area.Level.choices)
    level_label = serializers.CharField(source="get_level_display")
    parent_code = serializers.CharField(source="parent.code", allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class AreaFilterSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Area.Level.choices, required=False)
    parent = serializers.CharField(
        required=False, max_length=12, help_text=gettext_lazy("上级区划代码")
    )
    include_history = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("包括已撤并停用的区划")
    )


class AreaListApi(APIView):
    """Areas by level and parent, in code order; current ones unless history is asked for."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[AreaFilterSerializer],
        responses=AreaOutputSerializer(many=True),
        summary=gettext_lazy("行政区划列表"),
        description=gettext_lazy(
            "按层级和上级区划代码筛选的行政区划（公共参考数据），按代码排序，游标分页。"
        ),
    )
    def get(self, request: Request) -> Response:
        params = AreaFilterSerializer(
            data={key: value for key, value in request.query_params.items() if value.strip()}
        )
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        areas = area_list(level=filters.get("level"), parent_code=filters.get("parent"))
        if not filters["include_history"]:
            areas = areas.current()
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(areas, request, view=self)
        return paginator.get_paginated_response(AreaOutputSerializer(page, many=True).data)


class AreaDetailApi(APIView):
    """One area valid today, by its code."""

    @extend_schema(
        responses=AreaOutputSerializer,
        summary=gettext_lazy("行政区划详情"),
        description=gettext_lazy("按代码查询今天有效的行政区划。"),
    )
    def get(self, request: Request, code: str) -> Response:
        area = area_get_by_code(code=code)
        if area is None:
            raise exceptions.NotFound(_("没有代码为“%(code)s”的现行行政区划。") % {"code": code})
        return Response(AreaOutputSerializer(area).data)
