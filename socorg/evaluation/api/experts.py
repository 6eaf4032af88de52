"""Experts: their tasks, recusal, affiliations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.core.pagination import KeysetCursorPagination
from socorg.evaluation import permissions, selectors, services
from socorg.evaluation.api._common import (
    ERRORS,
    NOT_FOUND,
    check,
)
from socorg.evaluation.serializers import (
    AffiliationInputSerializer,
    AffiliationOutputSerializer,
    AssignmentOutputSerializer,
    ReasonInputSerializer,
)
from socorg.registry.models import Organization

# --- experts -----------------------------------------------------------------------------------


class AssignmentListApi(APIView):
    """An expert's own tasks."""

    pagination_class = KeysetCursorPagination

    @extend_schema(
        responses={200: AssignmentOutputSerializer(many=True), **ERRORS}, summary="我的评审任务"
    )
    def get(self, request: Request) -> Response:
        check(permissions.can_view_assignments(request.user))
        assignments = selectors.assignments_of(expert=request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(assignments, request, view=self)
        return paginator.get_paginated_response(AssignmentOutputSerializer(page, many=True).data)


class AssignmentRecuseApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={200: AssignmentOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="办理回避",
    )
    def post(self, request: Request, pk: int) -> Response:
        assignment = selectors.assignment_visible(user=request.user, pk=pk)
        if assignment is None:
            raise exceptions.NotFound(_("未找到该评审任务。"))
        check(permissions.can_recuse(request.user, assignment))
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_recuse(
            actor=request.user, assignment=assignment, reason=serializer.validated_data["reason"]
        )
        return Response(AssignmentOutputSerializer(assignment).data)


class ExpertAffiliationsApi(APIView):
    parser_classes = [JSONParser]

    def _expert(self, request: Request, pk: int) -> Any:
        expert = get_user_model().objects.filter(pk=pk, role=Role.EXPERT).first()
        if expert is None:
            raise exceptions.NotFound(_("未找到该评审专家。"))
        check(permissions.can_manage_affiliations(request.user, expert))
        return expert

    @extend_schema(
        responses={200: AffiliationOutputSerializer(many=True), **ERRORS, **NOT_FOUND},
        summary="专家关联组织",
    )
    def get(self, request: Request, pk: int) -> Response:
        expert = self._expert(request, pk)
        rows = selectors.affiliations_of(expert=expert)
        return Response(AffiliationOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=AffiliationInputSerializer,
        responses={201: AffiliationOutputSerializer, **ERRORS, **NOT_FOUND},
        summary="登记专家关联组织",
    )
    def post(self, request: Request, pk: int) -> Response:
        expert = self._expert(request, pk)
        serializer = AffiliationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # Recusal concerns any organization the expert belonged to, wherever it is registered.
        organization = Organization.objects.filter(pk=data.pop("organization")).first()
        affiliation = services.expert_affiliation_add(
            actor=request.user, expert=expert, organization=organization, **data
        )
        return Response(
            AffiliationOutputSerializer(affiliation).data, status=status.HTTP_201_CREATED
        )
