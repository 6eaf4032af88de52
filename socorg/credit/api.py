"""The credit lists over the API: the lists, an organization's history, recording facts,
objections, removal applications, and the public published lists.

Thin views: parse, check permission on the server (an organization outside the user's scope is
"not found"; a visible one the user may not act on is a 403 naming why), call a selector or a
service, serialize. Service errors come back as ``{"detail", "errors": {field: [..]}}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import require
from socorg.core.pagination import KeysetCursorPagination
from socorg.credit import permissions, selectors, services
from socorg.credit.serializers import (
    ApplicationExamineInputSerializer,
    ApplicationInputSerializer,
    CourtRecordInputSerializer,
    CreditEntrySerializer,
    CreditListFilterSerializer,
    CreditListRowSerializer,
    CreditStatusSerializer,
    FactSerializer,
    LetterInputSerializer,
    NoticeInputSerializer,
    NoticeVerifyInputSerializer,
    ObjectionInputSerializer,
    ObjectionResolveInputSerializer,
    ObjectionSerializer,
    OrganizationRefSerializer,
    PenaltyInputSerializer,
    PublishedListFilterSerializer,
    PublishedListingSerializer,
    RemovalApplicationSerializer,
    TriggerFactInputSerializer,
    VerificationInputSerializer,
    VoidInputSerializer,
)
from socorg.registry.models import Organization
from socorg.registry.selectors import organization_by_uscc

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
    404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。"),
}


def _organization(user: Any, pk: int) -> Organization:
    org = selectors.credit_organization(user=user, pk=pk)
    if org is None:
        raise exceptions.NotFound(_("未找到该组织，或它不在您的查看范围内。"))
    return org


def _target(user: Any, values: dict[str, Any]) -> Organization:
    """The organization a fact is about: by id in the user's scope, or by USCC (a department
    records its own decisions about organizations it does not supervise)."""
    pk = values.pop("organization", None)
    code = values.pop("uscc", None)
    if pk:
        return _organization(user, pk)
    org = organization_by_uscc(code=code or "")
    if org is None:
        raise exceptions.NotFound(_("未找到使用该统一社会信用代码的存续组织。"))
    return org


class OrganizationCreditSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    status = CreditStatusSerializer(allow_null=True)
    entries = CreditEntrySerializer(many=True)


def _organization_body(org: Organization) -> dict[str, Any]:
    return OrganizationCreditSerializer(
        {
            "organization": org,
            "status": selectors.credit_status_of(organization=org),
            "entries": list(selectors.credit_entries(organization=org)),
        }
    ).data


class CreditListApi(APIView):
    """GET: organizations on the lists in the user's scope (keyset pages)."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[CreditListFilterSerializer],
        responses={200: CreditListRowSerializer(many=True), **ERRORS},
        summary="信用名录（当前）",
        description="当前列入活动异常名录或严重违法失信名单的组织，按名录、街道、类型筛选；游标分页。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_credit_lists(request.user))
        params = CreditListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = selectors.CreditListFilters(**params.validated_data)
        rows = selectors.credit_list(user=request.user, filters=filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(CreditListRowSerializer(page, many=True).data)


class OrganizationCreditApi(APIView):
    """GET: an organization's standing and credit history (its own, for an organization)."""

    @extend_schema(
        responses={200: OrganizationCreditSerializer, **ERRORS},
        summary="组织信用记录",
        description="当前信用状态和全部列入、移出记录，每条附依据条款、说明、证据摘要和文书号。",
    )
    def get(self, request: Request, pk: int) -> Response:
        org = _organization(request.user, pk)
        require(permissions.can_view_credit(request.user, org))
        return Response(_organization_body(org))


FACT_SERVICES = {
    permissions.PENALTY: services.penalty_record,
    permissions.COURT: services.court_record_record,
    permissions.NOTICE: services.rectification_notice_record,
    permissions.LETTER: services.unreachable_letter_record,
    permissions.TRIGGER: services.trigger_fact_record,
    permissions.VERIFICATION: services.rectification_verification_record,
}
RECORD_NOTE = (
    "录入后立即重新评估该组织的信用状态。组织以编号（organization）或统一社会信用代码（uscc）指明。"
)


class _FactRecordApi(APIView):
    """Record one kind of fact; the organization is evaluated again at once."""

    parser_classes = [JSONParser]
    fact = ""
    input_serializer: type[serializers.Serializer] = serializers.Serializer

    def _record(self, request: Request) -> Response:
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        org = _target(request.user, values)
        record = FACT_SERVICES[self.fact](actor=request.user, organization=org, **values)
        record.fact = self.fact
        return Response(FactSerializer(record).data, status=status.HTTP_201_CREATED)


class PenaltyRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.PENALTY, PenaltyInputSerializer

    @extend_schema(
        request=PenaltyInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="录入行政处罚",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class CourtRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.COURT, CourtRecordInputSerializer

    @extend_schema(
        request=CourtRecordInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="录入失信被执行人记录",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class NoticeRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.NOTICE, NoticeInputSerializer

    @extend_schema(
        request=NoticeInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="录入整改通知",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class LetterRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.LETTER, LetterInputSerializer

    @extend_schema(
        request=LetterInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="录入专用挂号信",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class TriggerRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.TRIGGER, TriggerFactInputSerializer

    @extend_schema(
        request=TriggerFactInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="录入列入情形认定",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class VerificationRecordApi(_FactRecordApi):
    fact, input_serializer = permissions.VERIFICATION, VerificationInputSerializer

    @extend_schema(
        request=VerificationInputSerializer,
        responses={201: FactSerializer, **ERRORS},
        summary="查实履行义务（整改）",
        description=RECORD_NOTE,
    )
    def post(self, request: Request) -> Response:
        return self._record(request)


class NoticeVerifyApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=NoticeVerifyInputSerializer,
        responses={200: FactSerializer, **ERRORS},
        summary="查实整改通知",
        description="查实按整改通知完成整改；须说明依据。逾期完成的，查实后移出活动异常名录。",
    )
    def post(self, request: Request, pk: int) -> Response:
        notice = services.credit_fact_get(fact=permissions.NOTICE, pk=pk)
        if notice is None:
            raise exceptions.NotFound(_("未找到该整改通知。"))
        _organization(request.user, notice.organization_id)
        data = NoticeVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.rectification_notice_verify(
            actor=request.user, notice=notice, **data.validated_data
        )
        notice.fact = permissions.NOTICE
        return Response(FactSerializer(notice).data)


class FactVoidApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=VoidInputSerializer,
        responses={200: FactSerializer, **ERRORS},
        summary="作废信用信息",
        description="作废录入有误的事实（保留备查），并重新评估该组织。",
    )
    def post(self, request: Request, fact: str, pk: int) -> Response:
        record = services.credit_fact_get(fact=fact, pk=pk)
        if record is None:
            raise exceptions.NotFound(_("未找到该记录。"))
        _organization(request.user, record.organization_id)
        data = VoidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.credit_fact_void(
            actor=request.user, fact=record, reason=data.validated_data["reason"]
        )
        record.fact = fact
        return Response(FactSerializer(record).data)


class ObjectionListCreateApi(APIView):
    """GET: objections in the user's scope. POST: an organization objects to an entry."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: ObjectionSerializer(many=True), **ERRORS},
        summary="异议列表",
        description="可按 state 筛选（pending / upheld / rejected）；组织账户只看到本组织的。",
    )
    def get(self, request: Request) -> Response:
        if request.user.role != Role.ORGANIZATION:
            require(permissions.can_view_credit_lists(request.user))
        rows = selectors.objection_list(
            user=request.user, state=request.query_params.get("state", "")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ObjectionSerializer(page, many=True).data)

    @extend_schema(
        request=ObjectionInputSerializer,
        responses={201: ObjectionSerializer, **ERRORS},
        summary="提出异议",
        description="社会组织对本组织的信用记录提出异议。",
    )
    def post(self, request: Request) -> Response:
        data = ObjectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        entry = selectors.credit_entry_visible(user=request.user, pk=values.pop("entry"))
        if entry is None:
            raise exceptions.NotFound(_("未找到该记录。"))
        objection = services.objection_file(actor=request.user, entry=entry, **values)
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionResolveApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ObjectionResolveInputSerializer,
        responses={200: ObjectionSerializer, **ERRORS},
        summary="处理异议",
        description="异议成立的，作废所依据的事实并重新评估（记录撤回或更正）；不成立的须说明理由。",
    )
    def post(self, request: Request, pk: int) -> Response:
        objection = selectors.objection_visible(user=request.user, pk=pk)
        if objection is None:
            raise exceptions.NotFound(_("未找到该异议。"))
        data = ObjectionResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection = services.objection_resolve(
            actor=request.user, objection=objection, **data.validated_data
        )
        return Response(ObjectionSerializer(objection).data)


class RemovalApplicationListCreateApi(APIView):
    """GET: removal applications in the user's scope. POST: an organization applies."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: RemovalApplicationSerializer(many=True), **ERRORS},
        summary="移出申请列表",
        description="可按 state 筛选（pending / approved / refused）；组织账户只看到本组织的。",
    )
    def get(self, request: Request) -> Response:
        if request.user.role != Role.ORGANIZATION:
            require(permissions.can_view_credit_lists(request.user))
        rows = selectors.removal_application_list(
            user=request.user, state=request.query_params.get("state", "")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(RemovalApplicationSerializer(page, many=True).data)

    @extend_schema(
        request=ApplicationInputSerializer,
        responses={201: RemovalApplicationSerializer, **ERRORS},
        summary="申请移出名录",
        description="社会组织申请移出其所在的名录；移出活动异常名录须提供已履行义务或完成整改的证据。",
    )
    def post(self, request: Request) -> Response:
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        org = _organization(request.user, values.pop("organization"))
        application = services.removal_application_file(
            actor=request.user, organization=org, **values
        )
        return Response(
            RemovalApplicationSerializer(application).data, status=status.HTTP_201_CREATED
        )


class RemovalApplicationExamineApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ApplicationExamineInputSerializer,
        responses={200: RemovalApplicationSerializer, **ERRORS},
        summary="审查移出申请",
        description="活动异常名录：准予即查实整改并移出；严重违法失信名单：由规则审查，不符合条件的自动不予移出并说明理由。",
    )
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.removal_application_visible(user=request.user, pk=pk)
        if application is None:
            raise exceptions.NotFound(_("未找到该申请。"))
        data = ApplicationExamineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.removal_application_examine(
            actor=request.user, application=application, **data.validated_data
        )
        return Response(RemovalApplicationSerializer(application).data)


class PublishedCreditListApi(APIView):
    """The published 活动异常名录 and 严重违法失信名单, for the public portal (no login)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[PublishedListFilterSerializer],
        responses={200: PublishedListingSerializer(many=True)},
        summary="信用名录（公开）",
        description="公示的列入记录：名称、统一社会信用代码、列入日期、列入情形、作出决定机关、移出日期和原因。无需登录；游标分页。",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        params = PublishedListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = selectors.published_list(
            list_kind=params.validated_data.get("list_kind", ""),
            current_only=params.validated_data["current"],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = PublishedListingSerializer([selectors.published_row(e) for e in page], many=True)
        return paginator.get_paginated_response(data.data)
