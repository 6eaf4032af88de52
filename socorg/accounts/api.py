"""The signed-in account over the API, and API tokens obtained with a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.agencies.models import Agency
from socorg.areas.api import AreaRefSerializer
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record


class AccountLocked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = gettext_lazy("登录失败次数过多，该账户已被暂时锁定，请稍后再试。")
    default_code = "locked_out"


class RoleSerializer(serializers.Serializer):
    code = serializers.CharField(source="role")
    label = serializers.CharField(source="get_role_display")


class AgencyRefSerializer(serializers.Serializer):
    """An agency where another record points at it (agencies has no API of its own)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")


class MeOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = RoleSerializer(source="*")
    area = AreaRefSerializer(allow_null=True)
    agency = AgencyRefSerializer(allow_null=True)
    organization_id = serializers.SerializerMethodField()

    def get_organization_id(self, user: Any) -> int | None:
        # The link lives in the registry app; read it by its reverse name, no import upward.
        membership = getattr(user, "organization_membership", None)
        return membership.organization_id if membership is not None else None


class MeApi(APIView):
    """Who is signed in: role, the area or agency that scopes it, the own organization."""

    @extend_schema(
        responses=MeOutputSerializer,
        summary=gettext_lazy("当前用户"),
        description=gettext_lazy(
            "当前登录账户：角色、所辖区划或所属单位；社会组织账户另给出本组织编号。"
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(request.user).data)


class AuthTokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label=gettext_lazy("用户名"))
    password = serializers.CharField(
        max_length=128,
        trim_whitespace=False,
        style={"input_type": "password"},
        label=gettext_lazy("密码"),
    )


class AuthTokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class AuthTokenApi(APIView):
    """Exchange a username and password for an API token.

    Goes through ``django.contrib.auth.authenticate`` with the request, so the login lockout
    (django-axes) and the failed-login audit apply exactly as on the sign-in page.
    """

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=AuthTokenInputSerializer,
        responses=AuthTokenOutputSerializer,
        auth=[],
        summary=gettext_lazy("获取 API 令牌"),
        description=gettext_lazy(
            "用用户名和密码换取 API 令牌；请求头写 Authorization: Token <令牌>。"
            "连续登录失败将暂时锁定账户（与登录页相同）。"
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = AuthTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The DRF request (not the inner HttpRequest) goes to axes: a lockout then flags this
        # wrapper, and the JSON answer below is not replaced by the HTML lockout page.
        user = authenticate(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            raise AccountLocked()
        if user is None:
            message = _("用户名或密码错误，或账户已停用。")
            raise exceptions.ValidationError({"non_field_errors": [message]})
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(
            actor=user,
            action="auth.token_issued",
            obj=user,
            category=AuditEvent.Category.SECURITY,
        )
        return Response(AuthTokenOutputSerializer({"token": token.key}).data)
