"""Annual reports over the API: list, detail, start a draft, fill it in, submit, review steps,
and the inspection statistics with the 未参检 list.

Each view is thin: parse, check permission on the server, call a selector or a service,
serialize. A report outside the user's scope is "not found"; a visible one the user may not act
on is a 403 with the reason; bad content is a 400 naming each field.
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

from socorg.accounts.roles import Role
from socorg.annual_reports import permissions, selectors
from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.policy import get_policy
from socorg.annual_reports.serializers import (
    AnnualReportActInputSerializer,
    AnnualReportContentInputSerializer,
    AnnualReportCreateInputSerializer,
    AnnualReportDetailOutputSerializer,
    AnnualReportFilterSerializer,
    AnnualReportListOutputSerializer,
    InspectionStatisticsOutputSerializer,
    MissedOrganizationOutputSerializer,
    RateRowOutputSerializer,
    YearInputSerializer,
)
from socorg.annual_reports.services import (
    annual_report_act,
    annual_report_save,
    annual_report_start,
    annual_report_submit,
    content_fields_for,
)
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import PermissionDenied, require
from socorg.core.pagination import KeysetCursorPagination
from socorg.registry.selectors import organization_visible

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="输入有误：按字段列出错误。"),
    403: OpenApiResponse(ErrorOutputSerializer, description="无权办理，附原因。"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorOutputSerializer, description="不存在或不在查看范围内。")}


def _visible(user: Any, pk: int) -> AnnualReport:
    require(permissions.can_list_annual_reports(user))
    report = selectors.annual_report_detail(user=user, pk=pk)
    if report is None:
        raise exceptions.NotFound(_("未找到该年度报告，或它不在您的查看范围内。"))
    return report


def _context() -> dict[str, Any]:
    return {"today": timezone.localdate(), "policy": get_policy()}


def _detail(user: Any, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    report = selectors.annual_report_detail(user=user, pk=pk)
    if report is None:
        raise exceptions.NotFound(_("未找到该年度报告，或它不在您的查看范围内。"))
    context = {
        **_context(),
        "history": list(selectors.annual_report_history(report=report)),
        "actions": permissions.annual_report_actions_for(user, report),
        "content_fields": set(content_fields_for(report.organization.org_type)),
    }
    data = AnnualReportDetailOutputSerializer(report, context=context).data
    return Response(data, status=status_code)


class AnnualReportListCreateApi(APIView):
    """GET: the reports the user may see (or, with ``queue``, those waiting for the user).
    POST: start the draft of a year's report, prefilled from the register and last year."""

    parser_classes = [JSONParser]
    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[AnnualReportFilterSerializer],
        responses={200: AnnualReportListOutputSerializer(many=True), **ERRORS},
        summary="年度报告列表",
        description="当前用户查看范围内的年度报告；queue=true 时只列等待当前用户办理的报告。游标分页。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_list_annual_reports(user))
        params = AnnualReportFilterSerializer.from_query(request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if data["queue"]:
            require(permissions.can_review_annual_reports(user))
            reports = selectors.annual_report_queue(user=user)
        else:
            street = data.get("street")
            reports = selectors.annual_report_list(
                user=user,
                filters=selectors.ReportFilters(
                    year=data.get("year"),
                    state=data.get("state", ""),
                    org_type=data.get("org_type", ""),
                    street=street.id if street else None,
                    organization=data.get("organization"),
                ),
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(reports, request, view=self)
        body = AnnualReportListOutputSerializer(page, many=True, context=_context()).data
        return paginator.get_paginated_response(body)

    @extend_schema(
        request=AnnualReportCreateInputSerializer,
        responses={201: AnnualReportDetailOutputSerializer, **ERRORS},
        summary="开始填报年度报告",
        description="创建某一年度的报告草稿，按登记信息和上一年度报告预填。",
    )
    def post(self, request: Request) -> Response:
        user = request.user
        serializer = AnnualReportCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        visible = organization_visible(user=user)
        if user.role == Role.ORGANIZATION and "organization" not in values:
            org = visible.first()
        else:
            org = visible.filter(pk=values.get("organization") or 0).first()
        if org is None:
            if user.role in (Role.ORGANIZATION, Role.COMMUNITY_OFFICER):
                raise exceptions.ValidationError(
                    {"organization": [_("未找到该组织，或它不在您的查看范围内。")]}
                )
            raise PermissionDenied(_("只有社会组织账户（社区社会组织可由社区代为）填报年度报告。"))
        require(permissions.can_start_annual_report(user, org))
        report = annual_report_start(
            actor=user, organization=org, year=values["year"], today=timezone.localdate()
        )
        return _detail(user, report.pk, status_code=status.HTTP_201_CREATED)


class AnnualReportDetailApi(APIView):
    """GET: one report with its content, review and history. PATCH: save the draft."""

    parser_classes = [JSONParser]

    @extend_schema(
        responses={200: AnnualReportDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="年度报告详情",
    )
    def get(self, request: Request, pk: int) -> Response:
        report = _visible(request.user, pk)
        require(permissions.can_view_annual_report(request.user, report))
        return _detail(request.user, report.pk)

    @extend_schema(
        request=AnnualReportContentInputSerializer,
        responses={200: AnnualReportDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="填报（保存草稿）",
        description="只修改提交的字段；金额为负、合计与分项不符等问题按字段返回，均不保存。",
    )
    def patch(self, request: Request, pk: int) -> Response:
        report = _visible(request.user, pk)
        require(permissions.can_edit_annual_report(request.user, report))
        serializer = AnnualReportContentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unknown = sorted(set(request.data) - set(serializer.fields))
        if unknown:
            raise exceptions.ValidationError({name: [_("未知的填报项目。")] for name in unknown})
        annual_report_save(actor=request.user, report=report, content=serializer.validated_data)
        return _detail(request.user, report.pk)


class AnnualReportSubmitApi(APIView):
    """Submit the report: to the supervisory unit, the bureau or the street office by route."""

    @extend_schema(
        request=None,
        responses={200: AnnualReportDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="提交年度报告",
        description="截止日期后提交的，按配置不予受理（submitted_on 字段给出原因）或受理并标记逾期。",
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _visible(request.user, pk)
        require(permissions.can_act_on_annual_report(request.user, report))
        annual_report_submit(actor=request.user, report=report, today=timezone.localdate())
        return _detail(request.user, report.pk)


class AnnualReportActApi(APIView):
    """A review step: withdraw, 初审同意, 退回修改, a conclusion, or acceptance (年报)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=AnnualReportActInputSerializer,
        responses={200: AnnualReportDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="办理年度报告",
        description="按审查流程办理；角色不符返回 403，缺少意见返回 note 字段错误。",
    )
    def post(self, request: Request, pk: int) -> Response:
        report = _visible(request.user, pk)
        require(permissions.can_act_on_annual_report(request.user, report))
        serializer = AnnualReportActInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        annual_report_act(
            actor=request.user,
            report=report,
            action=values["action"],
            note=values["note"],
            today=timezone.localdate(),
        )
        return _detail(request.user, report.pk)


def _year(request: Request) -> int:
    params = YearInputSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return int(params.validated_data["year"])


class AnnualReportStatisticsApi(APIView):
    """Inspection rate of a year by type and by street, over what the user may see."""

    @extend_schema(
        parameters=[YearInputSerializer],
        responses={200: InspectionStatisticsOutputSerializer, **ERRORS},
        summary="年检（年报）统计",
        description="应报送、已报送、参检率、逾期、各结论和未参检数，按组织类型和街道分列。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_report_statistics(request.user))
        stats = selectors.inspection_statistics(
            user=request.user, year=_year(request), today=timezone.localdate()
        )
        return Response(InspectionStatisticsOutputSerializer(stats).data)


class AnnualReportTrendApi(APIView):
    """Inspection rate per year, for the last few years."""

    @extend_schema(
        responses={200: RateRowOutputSerializer(many=True), **ERRORS},
        summary="历年参检率",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_report_statistics(request.user))
        today = timezone.localdate()
        latest = today.year - 1
        rows = selectors.inspection_rate_trend(
            user=request.user, years=range(latest, latest - 5, -1), today=today
        )
        return Response(RateRowOutputSerializer(rows, many=True).data)


class AnnualReportMissedApi(APIView):
    """未参检: organizations that had to file on the year and did not by their deadline."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[YearInputSerializer],
        responses={200: MissedOrganizationOutputSerializer(many=True), **ERRORS},
        summary="未参检名单",
        description="应报送、截止日期已过而没有已提交报告的组织；游标分页。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_view_report_statistics(user))
        year = _year(request)
        organizations = (
            selectors.missed_reports(
                year=year,
                today=timezone.localdate(),
                organizations=selectors.statistics_scope(user=user),
            )
            .select_related("street", "supervisory_unit")
            .order_by("id")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(organizations, request, view=self)
        body = MissedOrganizationOutputSerializer(
            page, many=True, context={"year": year, "policy": get_policy()}
        ).data
        return paginator.get_paginated_response(body)
