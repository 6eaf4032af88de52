"""Applications: detail, self-assessment, withdrawal, assignment, scores, objections."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.core.errors import PermissionDenied
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.api._common import (
    ERRORS,
    NOT_FOUND,
    application_or_404,
    application_response,
    check,
)
from socorg.evaluation.models import EvaluationRound, ExpertAssignment
from socorg.evaluation.serializers import (
    ApplicationDetailOutputSerializer,
    AssignInputSerializer,
    AssignmentOutputSerializer,
    ExpertScoresInputSerializer,
    ObjectionOutputSerializer,
    ReasonInputSerializer,
    ResolveInputSerializer,
    ScoresInputSerializer,
    WithdrawInputSerializer,
)

# --- applications ------------------------------------------------------------------------------


class ApplicationDetailApi(APIView):
    @extend_schema(
        responses={200: ApplicationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="评估申报详情",
    )
    def get(self, request: Request, pk: int) -> Response:
        application = application_or_404(request.user, pk)
        check(permissions.can_view_application(request.user, application))
        return application_response(request.user, pk)


class SelfAssessmentApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ScoresInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="填写自评",
        description="每个一级指标的得分须在 0 至该指标满分之间；任一指标有误时按 scores.<指标代码> 返回，均不保存。",
    )
    def put(self, request: Request, pk: int) -> Response:
        application = application_or_404(request.user, pk)
        check(permissions.can_self_assess(request.user, application))
        serializer = ScoresInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.self_assessment_save(
            actor=request.user, application=application, scores=serializer.validated_data["scores"]
        )
        return application_response(request.user, pk)


class ApplicationWithdrawApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=WithdrawInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="撤回申报",
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_or_404(request.user, pk)
        check(permissions.can_withdraw_application(request.user, application))
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_withdraw(
            actor=request.user, application=application, reason=serializer.validated_data["reason"]
        )
        return application_response(request.user, pk)


class AssignmentCreateApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=AssignInputSerializer,
        responses={201: AssignmentOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="指派评审专家",
        description="专家须回避的（所在组织、申报的利害关系、回避年限内任职），在 expert 字段说明理由和依据，不予指派。",
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_or_404(request.user, pk)
        check(permissions.can_assign_expert(request.user, application))
        serializer = AssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expert = (
            get_user_model()
            .objects.filter(pk=serializer.validated_data["expert"], role=Role.EXPERT)
            .first()
        )
        assignment = services.expert_assign(
            actor=request.user, application=application, expert=expert
        )
        return Response(AssignmentOutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ScoreSubmitApi(APIView):
    """An assigned expert submits the whole score sheet of an application."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=ExpertScoresInputSerializer,
        responses={200: AssignmentOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="专家评分",
        description="只有被指派且未回避的专家可以评分；任一指标超出范围时按 scores.<指标代码> 返回，均不保存。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request.user
        application = application_or_404(user, pk)
        assignment = (
            ExpertAssignment.objects.filter(application=application, expert=user)
            .select_related("application")
            .first()
        )
        if assignment is None:
            raise PermissionDenied(_("您未被指派评审此申报，不能评分。"))
        check(permissions.can_score(user, assignment))
        serializer = ExpertScoresInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.score_submit(
            actor=user, assignment=assignment, scores=data["scores"], comments=data.get("comments")
        )
        assignment.refresh_from_db()
        return Response(AssignmentOutputSerializer(assignment).data)


class ObjectionFileApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={201: ObjectionOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="对评估结果提出异议",
        description="仅被评估的组织本身，仅在公示期内。",
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_or_404(request.user, pk)
        result = selectors.application_result(application=application)
        if result is None or application.round.state not in (
            EvaluationRound.State.NOTICE,
            EvaluationRound.State.ANNOUNCED,
            EvaluationRound.State.CLOSED,
        ):
            raise exceptions.NotFound(_("该申报还没有公示的评估结果。"))
        check(permissions.can_file_objection(request.user, result))
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        objection = services.objection_file(
            actor=request.user, result=result, reason=serializer.validated_data["reason"]
        )
        return Response(ObjectionOutputSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionResolveApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ResolveInputSerializer,
        responses={200: ObjectionOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="处理异议",
        description="异议成立时可更正总分（等级随之按分数段确定）；不填写总分则不予评定等级。",
    )
    def post(self, request: Request, pk: int) -> Response:
        objection = selectors.objection_visible(user=request.user, pk=pk)
        if objection is None:
            raise exceptions.NotFound(_("未找到该异议。"))
        check(permissions.can_resolve_objection(request.user, objection))
        serializer = ResolveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        objection = services.objection_resolve(
            actor=request.user, objection=objection, **serializer.validated_data
        )
        return Response(ObjectionOutputSerializer(objection).data)
