"""Tips, investigation cases and the public list over the API (/api/v1/illegal/…, and
/api/v1/public/illegal-organizations/ without login).

Thin views: check the role first, parse, call a selector or a service, serialize. A record
outside the user's scope is "not found"; a visible one the user may not act on is a 403 naming
why (the services check again).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.models import User
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import ApplicationError, require
from socorg.core.pagination import KeysetCursorPagination
from socorg.illegal import permissions, selectors, services
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.serializers import (
    IllegalCaseDecideInputSerializer,
    IllegalCaseDetailOutputSerializer,
    IllegalCaseFilterSerializer,
    IllegalCaseListOutputSerializer,
    IllegalCaseOpenInputSerializer,
    IllegalEvidenceInputSerializer,
    IllegalEvidenceOutputSerializer,
    IllegalReporterOutputSerializer,
    IllegalTipAssignInputSerializer,
    IllegalTipCloseInputSerializer,
    IllegalTipFilterSerializer,
    IllegalTipInputSerializer,
    IllegalTipOutputSerializer,
    PublishedIllegalOrganizationSerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。")}


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v.strip() and k != "cursor"}


def _tip(user: Any, pk: int) -> Tip:
    require(permissions.can_view_tips(user))
    tip = selectors.tip_detail(user=user, pk=pk)
    if tip is None:
        raise exceptions.NotFound(_("未找到该线索，或该线索不在您的查看范围内。"))
    require(permissions.can_view_tip(user, tip))
    return tip


def _case(user: Any, pk: int) -> InvestigationCase:
    require(permissions.can_view_cases(user))
    case = selectors.case_detail(user=user, pk=pk)
    if case is None:
        raise exceptions.NotFound(_("未找到该案件，或该案件不在您的查看范围内。"))
    require(permissions.can_view_case(user, case))
    return case


def _tip_body(
    user: Any, tip: Tip, *, reload: bool = True, status_code: int = status.HTTP_200_OK
) -> Response:
    """The tip body; after a write the tip is read again with its related rows."""
    if reload:
        tip = selectors.tip_detail(user=user, pk=tip.pk) or tip
    return Response(IllegalTipOutputSerializer(tip).data, status=status_code)


def _case_body(
    user: Any,
    case: InvestigationCase,
    *,
    reload: bool = True,
    status_code: int = status.HTTP_200_OK,
) -> Response:
    """The case body; after a write the case is read again with its officers and evidence."""
    if reload:
        case = selectors.case_detail(user=user, pk=case.pk) or case
    return Response(IllegalCaseDetailOutputSerializer(case).data, status=status_code)


def _users(ids: list[int], field: str) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ApplicationError.for_field(
            field, _("没有编号为 %(ids)s 的用户。") % {"ids": "、".join(missing)}
        )
    return [found[i] for i in dict.fromkeys(ids)]


class TipListCreateApi(APIView):
    """GET: the tips the user may see (keyset pages). POST: a staff member files a tip."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[IllegalTipFilterSerializer],
        responses={200: IllegalTipOutputSerializer(many=True), **ERRORS},
        summary="举报线索列表",
        description="当前用户可见范围内的举报线索，按录入先后倒序；举报人信息脱敏。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_tips(request.user))
        params = IllegalTipFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        street = params.validated_data.get("street")
        tips = selectors.tip_list(
            user=request.user,
            state=params.validated_data.get("state", ""),
            street_id=street.id if street else None,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(tips, request, view=self)
        return paginator.get_paginated_response(IllegalTipOutputSerializer(page, many=True).data)

    @extend_schema(
        request=IllegalTipInputSerializer,
        responses={201: IllegalTipOutputSerializer, **ERRORS},
        summary="录入举报线索",
        description="民政局、业务主管单位或街道工作人员录入线索；业务主管单位录入的线索来源为部门移送。",
    )
    def post(self, request: Request) -> Response:
        require(permissions.can_submit_tip(request.user))
        serializer = IllegalTipInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tip = services.tip_submit(
            actor=request.user, data=services.TipInput(**serializer.validated_data)
        )
        return _tip_body(request.user, tip, status_code=status.HTTP_201_CREATED)


class TipDetailApi(APIView):
    @extend_schema(
        responses={200: IllegalTipOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="举报线索详情",
        description="一条线索；举报人姓名和联系方式均脱敏。",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _tip_body(request.user, _tip(request.user, pk), reload=False)


class TipAssignApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=IllegalTipAssignInputSerializer,
        responses={200: IllegalTipOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="分派线索",
        description="民政局将线索分派给本区民政局管理员或所在街道的工作人员核查。",
    )
    def post(self, request: Request, pk: int) -> Response:
        tip = _tip(request.user, pk)
        require(permissions.can_assign_tip(request.user, tip))
        serializer = IllegalTipAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        officer = _users([serializer.validated_data["handled_by"]], "handled_by")[0]
        services.tip_assign(
            actor=request.user, tip=tip, officer=officer, note=serializer.validated_data["note"]
        )
        return _tip_body(request.user, tip)


class TipCloseApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=IllegalTipCloseInputSerializer,
        responses={200: IllegalTipOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="办结线索",
        description="查无实据（须说明核查情况），或并入一件未作结论的案件。",
    )
    def post(self, request: Request, pk: int) -> Response:
        tip = _tip(request.user, pk)
        serializer = IllegalTipCloseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = None
        if data.get("case") is not None:
            case = selectors.case_detail(user=request.user, pk=data["case"])
            if case is None:
                raise ApplicationError.for_field(
                    "case", _("未找到该案件，或它不在您的查看范围内。")
                )
        services.tip_close(
            actor=request.user, tip=tip, closure=data["closure"], reason=data["reason"], case=case
        )
        return _tip_body(request.user, tip)


class TipReporterApi(APIView):
    @extend_schema(
        request=None,
        responses={200: IllegalReporterOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="查看举报人完整信息",
        description="仅登记管理机关可调用；每次调用记入审计日志。",
    )
    def post(self, request: Request, pk: int) -> Response:
        tip = _tip(request.user, pk)
        revealed = services.tip_reporter_reveal(actor=request.user, tip=tip)
        return Response(IllegalReporterOutputSerializer(revealed).data)


class CaseListCreateApi(APIView):
    """GET: the cases the user may see. POST: 立案 from open tips (the district bureau)."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[IllegalCaseFilterSerializer],
        responses={200: IllegalCaseListOutputSerializer(many=True), **ERRORS},
        summary="非法社会组织案件列表",
        description="当前用户可见范围内的案件，按立案先后倒序；游标分页。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_cases(request.user))
        params = IllegalCaseFilterSerializer(data=_query(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        street = data.get("street")
        cases = selectors.case_list(
            user=request.user,
            state=data.get("state", ""),
            outcome=data.get("outcome", ""),
            street_id=street.id if street else None,
            published=data.get("published"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(
            IllegalCaseListOutputSerializer(page, many=True).data
        )

    @extend_schema(
        request=IllegalCaseOpenInputSerializer,
        responses={201: IllegalCaseDetailOutputSerializer, **ERRORS},
        summary="立案调查",
        description="由一条或多条待处理线索立案；线索并入本案并办结，案件编号由系统生成。",
    )
    def post(self, request: Request) -> Response:
        require(permissions.can_open_cases(request.user))
        serializer = IllegalCaseOpenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = {
            t.pk: t for t in selectors.tip_visible(user=request.user).filter(pk__in=data["tips"])
        }
        missing = [str(i) for i in data["tips"] if i not in visible]
        if missing:
            raise ApplicationError.for_field(
                "tips",
                _("未找到线索 %(ids)s，或不在您的查看范围内。") % {"ids": "、".join(missing)},
            )
        case = services.case_open(
            actor=request.user,
            tips=list(visible.values()),
            data=services.CaseInput(
                subject_name=data["subject_name"],
                street=data["street"],
                opened_on=data["opened_on"],
                officers=_users(data["officers"], "officers"),
                location=data["location"],
            ),
        )
        return _case_body(request.user, case, status_code=status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    @extend_schema(
        responses={200: IllegalCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="案件详情",
        description="案件及其承办人员、证据和来源线索编号。",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _case_body(request.user, _case(request.user, pk), reload=False)


class CaseEvidenceApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": IllegalEvidenceInputSerializer},
        responses={201: IllegalEvidenceOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="登记证据",
        description="证据说明，可附一个文件（类型和大小受限）；首项证据使案件进入调查。",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request.user, pk)
        require(permissions.can_add_evidence(request.user, case))
        serializer = IllegalEvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = services.case_add_evidence(
            actor=request.user,
            case=case,
            description=serializer.validated_data["description"],
            file=serializer.validated_data.get("file"),
        )
        return Response(
            IllegalEvidenceOutputSerializer(evidence).data, status=status.HTTP_201_CREATED
        )


class CaseDecideApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=IllegalCaseDecideInputSerializer,
        responses={200: IllegalCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="作出调查结论",
        description="取缔、劝散（须填写决定文书号）、引导登记或不构成。",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request.user, pk)
        require(permissions.can_decide_case(request.user, case))
        serializer = IllegalCaseDecideInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_decide(
            actor=request.user,
            case=case,
            outcome=data["outcome"],
            decided_on=data.get("decided_on"),
            document_number=data["document_number"],
            reason=data["reason"],
        )
        return _case_body(request.user, case)


class CasePublishApi(APIView):
    @extend_schema(
        request=None,
        responses={200: IllegalCaseDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="公布",
        description="将结论为取缔或劝散的案件列入公开的非法社会组织名单。",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request.user, pk)
        services.case_publish(actor=request.user, case=case)
        return _case_body(request.user, case)


class PublishedIllegalOrganizationListApi(APIView):
    """The public list of organizations found to be illegal (取缔 or 劝散, published)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: PublishedIllegalOrganizationSerializer(many=True)},
        summary="非法社会组织名单（公开）",
        description="经调查认定并公布的非法社会组织：名称、处理结果、决定日期、决定机关。无需登录；游标分页。",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        rows = selectors.published_illegal_organizations()
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            PublishedIllegalOrganizationSerializer(page, many=True).data
        )
