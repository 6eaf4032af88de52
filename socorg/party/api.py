"""Party building over the API: one organization's party organization (read and record), its
instructors, the coverage statistics, and the "required but missing" list.

Thin views: parse, check permission on the server, call a selector or a service, serialize.
An organization outside the user's scope is "not found"; a visible one the user may not act on
is a 403 with the reason.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import ApplicationError, require
from socorg.core.pagination import KeysetCursorPagination
from socorg.party import permissions, selectors
from socorg.party.models import PartyInstructorAssignment, PartyOrganization
from socorg.party.services import (
    PartyOrganizationInput,
    party_instructor_assign,
    party_instructor_end,
    party_organization_record,
)
from socorg.registry.models import Organization
from socorg.registry.selectors import organization_detail, organization_visible

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
    404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。"),
}


def _visible(user: Any, pk: int) -> Organization:
    require(permissions.can_view_party(user))
    org = organization_detail(user=user, pk=pk)
    if org is None:
        raise exceptions.NotFound(_("未找到该组织，或它不在您的查看范围内。"))
    return org


# ---------------------------------------------------------------------------- serializers


class PartyOrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InstructorOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=PartyInstructorAssignment.Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    person_name = serializers.CharField()
    phone = serializers.CharField()
    assigned_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()


class PartyRecordOutputSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=PartyOrganization.Form.choices)
    form_label = serializers.CharField(source="get_form_display")
    level = serializers.CharField(
        help_text=_lazy("committee 党委 / general_branch 党总支 / branch 党支部；未建立时为空")
    )
    name = serializers.CharField()
    full_members = serializers.IntegerField()
    secretary_name = serializers.CharField()
    established_on = serializers.DateField(allow_null=True)
    charter_includes_party_building = serializers.BooleanField()
    as_of = serializers.DateField()
    covered_organizations = PartyOrganizationRefSerializer(many=True)


class OrganizationPartyOutputSerializer(serializers.Serializer):
    organization = PartyOrganizationRefSerializer()
    party_organization = PartyRecordOutputSerializer(allow_null=True)
    joint_host = PartyOrganizationRefSerializer(
        allow_null=True, help_text=_lazy("本组织所属联合党组织的牵头组织")
    )
    instructors = InstructorOutputSerializer(many=True)


class PartyOrganizationInputSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=PartyOrganization.Form.choices)
    level = serializers.ChoiceField(
        choices=PartyOrganization.Level.choices, required=False, allow_blank=True, default=""
    )
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    full_members = serializers.IntegerField(help_text=_lazy("正式党员人数"))
    secretary_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50
    )
    established_on = serializers.DateField(required=False, allow_null=True, default=None)
    charter_includes_party_building = serializers.BooleanField(required=False, default=False)
    covered_organizations = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_lazy("联合组建时被覆盖的其他组织编号"),
    )
    as_of = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InstructorInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PartyInstructorAssignment.Role.choices)
    person_name = serializers.CharField(max_length=50, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    assigned_on = serializers.DateField()


class InstructorEndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CoverageRowOutputSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_lazy("街道编号或组织类型；合计行为空"))
    label = serializers.CharField()
    total = serializers.IntegerField(source="counts.total")
    single = serializers.IntegerField(source="counts.single")
    joint = serializers.IntegerField(source="counts.joint")
    functional = serializers.IntegerField(source="counts.functional")
    work_covered = serializers.IntegerField(source="counts.work_covered")
    missing = serializers.IntegerField()
    organization_rate = serializers.DecimalField(
        source="rates.organization", max_digits=4, decimal_places=1, allow_null=True
    )
    single_rate = serializers.DecimalField(
        source="rates.single", max_digits=4, decimal_places=1, allow_null=True
    )
    work_rate = serializers.DecimalField(
        source="rates.work", max_digits=4, decimal_places=1, allow_null=True
    )


class CoverageOutputSerializer(serializers.Serializer):
    total = CoverageRowOutputSerializer()
    rows = CoverageRowOutputSerializer(many=True)


class MissingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    org_type = serializers.CharField()
    street = serializers.CharField(source="street.name")
    full_members = serializers.IntegerField(source="party_organization.full_members")
    as_of = serializers.DateField(source="party_organization.as_of")


# ---------------------------------------------------------------------------- views


def _party_body(org: Organization) -> dict[str, Any]:
    party = selectors.party_organization_get(organization=org)
    host = selectors.party_joint_host(organization=org)
    return OrganizationPartyOutputSerializer(
        {
            "organization": org,
            "party_organization": party,
            "joint_host": host.organization if host else None,
            "instructors": list(selectors.party_instructor_list(organization=org)),
        }
    ).data


def _covered(user: Any, ids: list[int]) -> tuple[Organization, ...]:
    found = {o.id: o for o in organization_visible(user=user).filter(id__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ApplicationError.for_field(
            "covered_organizations",
            _("编号为 %(ids)s 的组织不存在或不在您的查看范围内。") % {"ids": "、".join(missing)},
        )
    return tuple(found[i] for i in ids)


class OrganizationPartyApi(APIView):
    """GET: an organization's party organization, joint branch and instructors. PUT: record it."""

    parser_classes = [JSONParser]

    @extend_schema(
        responses={200: OrganizationPartyOutputSerializer, **ERRORS},
        summary="组织的党建情况",
        description="党组织（组建形式、层级、党员人数、书记、党建入章）、所属联合党组织和指导员。",
    )
    def get(self, request: Request, org_pk: int) -> Response:
        org = _visible(request.user, org_pk)
        require(permissions.can_view_party_organization(request.user, org))
        return Response(_party_body(org))

    @extend_schema(
        request=PartyOrganizationInputSerializer,
        responses={200: OrganizationPartyOutputSerializer, **ERRORS},
        summary="录入党组织信息",
        description="录入或更正组织的党组织信息（整体替换）；区民政局管理员办理辖区内组织，街道办理本街道社区社会组织。",
    )
    def put(self, request: Request, org_pk: int) -> Response:
        org = _visible(request.user, org_pk)
        require(permissions.can_record_party_organization(request.user, org))
        serializer = PartyOrganizationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        reason = values.pop("reason")
        values["covered_organizations"] = _covered(request.user, values["covered_organizations"])
        party_organization_record(
            actor=request.user,
            organization=org,
            data=PartyOrganizationInput(**values),
            reason=reason,
        )
        return Response(_party_body(org))


class InstructorAssignApi(APIView):
    """Assign a 党建工作指导员 or 联络员 to an organization."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=InstructorInputSerializer,
        responses={201: InstructorOutputSerializer, **ERRORS},
        summary="选派党建工作指导员（联络员）",
    )
    def post(self, request: Request, org_pk: int) -> Response:
        org = _visible(request.user, org_pk)
        require(permissions.can_assign_instructor(request.user, org))
        serializer = InstructorInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = party_instructor_assign(
            actor=request.user, organization=org, **serializer.validated_data
        )
        return Response(InstructorOutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class InstructorEndApi(APIView):
    """End an instructor's assignment (the record stays)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=InstructorEndInputSerializer,
        responses={200: InstructorOutputSerializer, **ERRORS},
        summary="结束选派",
    )
    def post(self, request: Request, pk: int) -> Response:
        require(permissions.can_view_party(request.user))
        assignment = (
            PartyInstructorAssignment.objects.filter(
                pk=pk, organization__in=organization_visible(user=request.user)
            )
            .select_related("organization")
            .first()
        )
        if assignment is None:
            raise exceptions.NotFound(_("未找到该选派记录，或它不在您的查看范围内。"))
        require(permissions.can_assign_instructor(request.user, assignment.organization))
        serializer = InstructorEndInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = party_instructor_end(
            actor=request.user, assignment=assignment, **serializer.validated_data
        )
        return Response(InstructorOutputSerializer(assignment).data)


class CoverageApi(APIView):
    """组织覆盖率, 单独组建率, 工作覆盖率 over the organizations the user may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group",
                str,
                enum=["street", "type"],
                description="分组：street 按街道（默认），type 按组织类型",
            )
        ],
        responses={200: CoverageOutputSerializer, **ERRORS},
        summary="党建覆盖统计",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_party_statistics(request.user))
        group = request.query_params.get("group", "street")
        if group not in ("street", "type"):
            raise ApplicationError.for_field("group", _("分组只能是 street 或 type。"))
        by = (
            selectors.party_coverage_by_street
            if group == "street"
            else selectors.party_coverage_by_type
        )
        body = {
            "total": selectors.party_coverage_total(user=request.user),
            "rows": by(user=request.user),
        }
        return Response(CoverageOutputSerializer(body).data)


class MissingListApi(APIView):
    """Organizations with enough full members but no party organization (keyset pages)."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[OpenApiParameter("street", int, description="街道编号")],
        responses={200: MissingOutputSerializer(many=True), **ERRORS},
        summary="应建未建党组织名单",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_party_statistics(request.user))
        try:
            street_id = int(request.query_params.get("street") or 0) or None
        except ValueError:
            raise ApplicationError.for_field("street", _("街道编号须为整数。")) from None
        queryset = selectors.party_missing_list(user=request.user, street_id=street_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(MissingOutputSerializer(page, many=True).data)
