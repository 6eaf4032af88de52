"""The organization list's query parameters, parsed into the selector's ``OrganizationFilters``.

The same search and filters as the staff list; the selector applies them (and the scope).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from socorg.areas.api import AreaCodeField
from socorg.registry.models import Organization, ServiceDomain
from socorg.registry.selectors import SORTS, OrganizationFilters

SORT_LABELS = {
    "-id": gettext_lazy("最近录入在前"),
    "id": gettext_lazy("最早录入在前"),
    "name": gettext_lazy("名称升序"),
    "-name": gettext_lazy("名称降序"),
    "registered_on": gettext_lazy("登记日期从早到晚"),
    "-registered_on": gettext_lazy("登记日期从晚到早"),
}


class OrganizationFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=gettext_lazy("名称中的字词、统一社会信用代码、法定代表人姓名或身份证号码"),
    )
    org_type = serializers.ChoiceField(choices=Organization.Type.choices, required=False)
    status = serializers.ChoiceField(choices=Organization.Status.choices, required=False)
    street = AreaCodeField(level="street", required=False, help_text=gettext_lazy("街道代码"))
    community = AreaCodeField(level="community", required=False, help_text=gettext_lazy("社区代码"))
    domain = serializers.CharField(
        required=False, max_length=40, help_text=gettext_lazy("服务领域代码")
    )
    supervisory_unit = serializers.IntegerField(
        required=False, min_value=1, help_text=gettext_lazy("业务主管单位编号")
    )
    active_only = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("只看存续（正常、已备案）的组织")
    )
    sort = serializers.ChoiceField(
        choices=[(key, SORT_LABELS.get(key, key)) for key in SORTS],
        required=False,
        default="-id",
    )

    @classmethod
    def from_query(cls, params: Any) -> OrganizationFilterSerializer:
        """Parse a query string; empty parameters (an unset form field) mean "no filter"."""
        return cls(data={key: value for key, value in params.items() if value.strip()})

    def validate_domain(self, value: str) -> str:
        if value and not ServiceDomain.objects.filter(code=value).exists():
            raise serializers.ValidationError(
                _("没有代码为“%(code)s”的服务领域。") % {"code": value}
            )
        return value

    def to_filters(self) -> tuple[OrganizationFilters, str]:
        data: dict[str, Any] = self.validated_data
        street, community = data.get("street"), data.get("community")
        filters = OrganizationFilters(
            q=data.get("q", ""),
            org_type=data.get("org_type", ""),
            status=data.get("status", ""),
            street=street.id if street else None,
            community=community.id if community else None,
            domain=data.get("domain", ""),
            supervisory_unit=data.get("supervisory_unit"),
            active_only=data["active_only"],
        )
        return filters, data["sort"]
