"""The supervision API (/api/v1/supervision/…): the workbench figures and the daily-run log.

Thin views: check the role, call the selector (each figure scoped to the user), serialize.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import require
from socorg.core.pagination import KeysetCursorPagination
from socorg.supervision import permissions, selectors
from socorg.supervision.display import describe_counts
from socorg.supervision.models import DailyRun
from socorg.supervision.serializers import (
    DailyRunOutputSerializer,
    SupervisionDashboardOutputSerializer,
)

ERRORS = {403: OpenApiResponse(ErrorOutputSerializer, description="无权查看，附原因。")}


def _with_summary(runs: list[DailyRun]) -> list[DailyRun]:
    for run in runs:
        run.summary = describe_counts(run.step, run.counts)  # type: ignore[attr-defined]
    return runs


def dashboard_body(data: selectors.Dashboard) -> dict[str, Any]:
    party = data.party
    return {
        "today": data.today,
        "inspection": [
            {
                "year": int(row.key),
                "required": row.required,
                "filed": row.filed,
                "late": row.late,
                "missed": row.missed,
                "rate": row.rate,
            }
            for row in data.inspection
        ],
        "level_3a_plus": data.levels["count"],
        "levels": data.levels["by_level"],
        "abnormal": data.credit.get("abnormal", 0),
        "serious": data.credit.get("serious", 0),
        "dormancy_by_street": [
            {
                "street": int(row.key) if row.key.isdigit() else None,
                "label": row.label,
                "scored": row.scored,
                "candidates": row.candidates,
                "open_cases": row.open_now,
            }
            for row in data.dormancy.by_street
        ],
        "open_cases": [
            {"state": key, "label": label, "count": n}
            for key, label, n in data.dormancy.open_by_state
        ],
        "party": {
            "total": party.counts.total,
            "organization_rate": party.rates.organization,
            "work_rate": party.rates.work,
            "missing": party.missing,
        },
        "runs": _with_summary(data.runs),
    }


class SupervisionDashboardApi(APIView):
    @extend_schema(
        responses={200: SupervisionDashboardOutputSerializer, **ERRORS},
        summary="监管工作台",
        description="参检率（本年度与上年度）、今日有效的3A以上等级数、各信用名录组织数、"
        "各街道疑似僵尸型组织、未结退出案件、党建覆盖率、最近的每日运行；仅含用户管辖范围内的组织。",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        require(permissions.can_view_supervision_dashboard(user))
        data = selectors.dashboard(user=user, today=timezone.localdate())
        return Response(SupervisionDashboardOutputSerializer(dashboard_body(data)).data)


class DailyRunListApi(APIView):
    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: DailyRunOutputSerializer(many=True), **ERRORS},
        summary="每日运行记录",
        description="每个日期、每个步骤一条：用时、查询次数、变更计数；按日期倒序。",
    )
    def get(self, request: Request) -> Response:
        require(permissions.can_view_daily_runs(request.user))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.daily_run_list(), request, view=self)
        return paginator.get_paginated_response(
            DailyRunOutputSerializer(_with_summary(list(page)), many=True).data
        )
