"""The register over the API: the list, one organization, and its lifecycle acts.

Each view is thin: parse the input, check permission on the server, call a selector or a
service, serialize. Scope is enforced by the selectors (an organization outside the user's
scope is "not found"); role and per-object rights by ``registry.permissions`` (403 with the
reason). The services check permission again and validate with the registry rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.agencies.selectors import agency_list, registration_authority_for_area
from socorg.areas.models import Area
from socorg.core.api import ErrorOutputSerializer
from socorg.core.errors import ApplicationError, PermissionDenied, require
from socorg.core.pagination import KeysetCursorPagination
from socorg.registry import permissions
from socorg.registry.filters import OrganizationFilterSerializer
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import OrgType
from socorg.registry.selectors import (
    organization_detail,
    organization_events,
    organization_list,
    service_domain_list,
)
from socorg.registry.serializers import (
    OrganizationChangeInputSerializer,
    OrganizationContactInputSerializer,
    OrganizationConvertInputSerializer,
    OrganizationCreateInputSerializer,
    OrganizationDetailOutputSerializer,
    OrganizationListOutputSerializer,
    OrganizationTerminateInputSerializer,
    ServiceDomainOutputSerializer,
)
from socorg.registry.services import (
    EventInput,
    OrganizationInput,
    organization_change,
    organization_contact_update,
    organization_convert,
    organization_input_from,
    organization_register,
    organization_terminate,
)

ERRORS = {
    400: OpenApiResponse(
        ErrorOutputSerializer, description=gettext_lazy("输入有误：按字段列出错误。")
    ),
    403: OpenApiResponse(ErrorOutputSerializer, description=gettext_lazy("无权办理，附原因。")),
}
NOT_FOUND = {
    404: OpenApiResponse(
        ErrorOutputSerializer, description=gettext_lazy("不存在或不在查看范围内。")
    )
}

# Service errors about the act itself name these fields; the API nests them under "event".
EVENT_FIELDS = ("occurred_on", "document_number", "reason")


def _registry_access(user: Any) -> tuple[bool, str]:
    """List and detail: registry staff in their scope, and an organization account for itself.

    The web list refuses organization accounts (they have their own pages); over the API an
    organization reads its own record through the same endpoints, scoped by the selector.
    """
    allowed, reason = permissions.can_view_registry(user)
    if allowed or getattr(user, "role", None) == Role.ORGANIZATION:
        return True, ""
    return False, reason


def _visible(user: Any, pk: int) -> Organization:
    require(_registry_access(user))
    org = organization_detail(user=user, pk=pk)
    if org is None:
        raise exceptions.NotFound(_("未找到该组织，或它不在您的查看范围内。"))
    return org


def _detail(
    user: Any, org: Organization, *, reload: bool = True, status_code: int = status.HTTP_200_OK
) -> Response:
    """The detail body; after a write the record is read again with its related rows."""
    if reload:
        org = organization_detail(user=user, pk=org.pk) or org
    events = organization_events(organization=org)
    data = OrganizationDetailOutputSerializer(org, context={"events": events}).data
    return Response(data, status=status_code)


@contextmanager
def _errors_renamed(renames: Mapping[str, str]) -> Iterator[None]:
    """Report a service's field errors under the names the client sent them as."""
    try:
        yield
    except PermissionDenied:
        raise
    except ApplicationError as exc:
        exc.errors = {renames.get(key, key): messages for key, messages in exc.errors.items()}
        raise


def _event_renames() -> dict[str, str]:
    return {name: f"event.{name}" for name in EVENT_FIELDS}


def _default_authority(*, org_type: str, district: Area, street: Area) -> Agency:
    """The street office files community organizations; the district bureau registers others."""
    if org_type == OrgType.COMMUNITY:
        authority = agency_list(kind=Agency.Kind.STREET_OFFICE, area_id=street.id).first()
        place = street
    else:
        authority = registration_authority_for_area(area_id=district.id)
        place = district
    if authority is None:
        raise ApplicationError.for_field(
            "registration_authority",
            _("未找到%(area)s的登记管理机关，请填写登记管理机关编号。") % {"area": place.name},
        )
    return authority


class OrganizationListCreateApi(APIView):
    """GET: the organizations the user may see, searched and filtered (keyset pages).
    POST: 成立登记 (or 备案 for a community organization)."""

    parser_classes = [JSONParser]

    pagination_class = KeysetCursorPagination

    @extend_schema(
        parameters=[OrganizationFilterSerializer],
        responses={200: OrganizationListOutputSerializer(many=True), **ERRORS},
        summary=gettext_lazy("社会组织名录"),
        description=gettext_lazy(
            "当前用户可见范围内的社会组织，支持与名录页面相同的检索、筛选和排序；游标分页。"
        ),
    )
    def get(self, request: Request) -> Response:
        require(_registry_access(request.user))
        params = OrganizationFilterSerializer.from_query(request.query_params)
        params.is_valid(raise_exception=True)
        filters, sort = params.to_filters()
        organizations = organization_list(user=request.user, filters=filters, sort=sort)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(organizations, request, view=self)
        data = OrganizationListOutputSerializer(page, many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=OrganizationCreateInputSerializer,
        responses={201: OrganizationDetailOutputSerializer, **ERRORS},
        summary=gettext_lazy("成立登记 / 备案"),
        description=gettext_lazy(
            "办理成立登记（社区社会组织为备案）。区县和登记管理机关未填写时按街道和组织类型推定；证件号码只写，读出时只显示脱敏号码。"
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = OrganizationCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        event = EventInput(**values.pop("event"))
        street: Area = values["street"]
        values.setdefault("district", street.parent)
        if "registration_authority" not in values:
            values["registration_authority"] = _default_authority(
                org_type=values["org_type"], district=values["district"], street=street
            )
        renames = _event_renames()
        if "registered_on" not in values:
            # The registration date defaults to the act's date: report it where it was sent.
            renames["registered_on"] = "event.occurred_on"
        with _errors_renamed(renames):
            org = organization_register(
                actor=request.user, data=OrganizationInput(**values), event=event
            )
        return _detail(request.user, org, status_code=status.HTTP_201_CREATED)


class OrganizationDetailChangeApi(APIView):
    """GET: one organization with its lifecycle history. PATCH: 变更登记 of the fields sent."""

    parser_classes = [JSONParser]

    @extend_schema(
        responses={200: OrganizationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary=gettext_lazy("社会组织详情"),
        description=gettext_lazy(
            "一个社会组织的登记信息和全部登记事项；不在查看范围内时返回 404。"
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request.user, _visible(request.user, pk), reload=False)

    @extend_schema(
        request=OrganizationChangeInputSerializer,
        responses={200: OrganizationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary=gettext_lazy("变更登记"),
        description=gettext_lazy("变更登记：只修改提交的字段；event 必填且须写明事由。"),
    )
    def patch(self, request: Request, pk: int) -> Response:
        org = _visible(request.user, pk)
        require(permissions.can_change_organization(request.user, org))
        serializer = OrganizationChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        event = EventInput(**changes.pop("event"))
        if "street" in changes and "district" not in changes:
            changes["district"] = changes["street"].parent
        data = replace(organization_input_from(org), **changes)
        with _errors_renamed(_event_renames()):
            org = organization_change(actor=request.user, organization=org, data=data, event=event)
        return _detail(request.user, org)


class OrganizationContactUpdateApi(APIView):
    """An organization (or registry staff) corrects its contact details; fields not sent stay."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=OrganizationContactInputSerializer,
        responses={200: OrganizationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary=gettext_lazy("更新联系方式"),
        description=gettext_lazy("更新联系人、联系电话、电子邮箱；未提交的字段保持不变。"),
    )
    def post(self, request: Request, pk: int) -> Response:
        org = _visible(request.user, pk)
        require(permissions.can_edit_contact(request.user, org))
        serializer = OrganizationContactInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        org = organization_contact_update(
            actor=request.user,
            organization=org,
            contact_person=values.get("contact_person", org.contact_person),
            contact_phone=values.get("contact_phone", org.contact_phone),
            contact_email=values.get("contact_email", org.contact_email),
            reason=values["reason"],
        )
        return _detail(request.user, org)


class OrganizationTerminateApi(APIView):
    """注销 or 撤销: the organization leaves the active register (its record stays)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=OrganizationTerminateInputSerializer,
        responses={200: OrganizationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary=gettext_lazy("注销 / 撤销"),
        description=gettext_lazy("注销或撤销登记：组织退出存续名录，记录保留。"),
    )
    def post(self, request: Request, pk: int) -> Response:
        org = _visible(request.user, pk)
        require(permissions.can_change_organization(request.user, org))
        serializer = OrganizationTerminateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        with _errors_renamed(_event_renames()):
            org = organization_terminate(
                actor=request.user,
                organization=org,
                kind=values["kind"],
                event=EventInput(**values["event"]),
            )
        return _detail(request.user, org)


class OrganizationConvertApi(APIView):
    """A filed community organization becomes a registered one (转为登记)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=OrganizationConvertInputSerializer,
        responses={200: OrganizationDetailOutputSerializer, **ERRORS, **NOT_FOUND},
        summary=gettext_lazy("转为登记"),
        description=gettext_lazy(
            "已备案的社区社会组织转为登记的社会团体、社会服务机构或基金会，保留历史。"
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        org = _visible(request.user, pk)
        require(permissions.can_convert_organization(request.user, org))
        serializer = OrganizationConvertInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        authority = values.get("registration_authority") or _default_authority(
            org_type=values["org_type"], district=org.district, street=org.street
        )
        with _errors_renamed(_event_renames()):
            org = organization_convert(
                actor=request.user,
                organization=org,
                org_type=values["org_type"],
                uscc_code=values["uscc"],
                registration_authority=authority,
                supervisory_unit=values.get("supervisory_unit"),
                directly_registered=values["directly_registered"],
                legal_rep_name=values["legal_rep_name"],
                event=EventInput(**values["event"]),
            )
        return _detail(request.user, org)


class ServiceDomainListApi(APIView):
    """The service-domain taxonomy (服务领域), in display order; small, so not paginated."""

    @extend_schema(
        responses=ServiceDomainOutputSerializer(many=True),
        summary=gettext_lazy("服务领域"),
        description=gettext_lazy("启用的服务领域分类，按显示顺序。"),
    )
    def get(self, request: Request) -> Response:
        domains = service_domain_list().select_related("parent")
        return Response(ServiceDomainOutputSerializer(domains, many=True).data)
