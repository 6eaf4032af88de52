"""What the registry API reads and writes. Input serializers only parse and type-check;
the registry rules (via the services) decide whether a record is valid."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socorg.accounts.api import AgencyRefSerializer
from socorg.agencies.models import Agency
from socorg.areas.api import AreaCodeField, AreaRefSerializer
from socorg.registry.models import LifecycleEvent, Organization, ServiceDomain
from socorg.registry.rules.lifecycle import EventKind

# Choice sets named in the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
REGISTERED_TYPE_CHOICES = [
    (Organization.Type.SOCIAL_GROUP.value, Organization.Type.SOCIAL_GROUP.label),
    (Organization.Type.SOCIAL_SERVICE.value, Organization.Type.SOCIAL_SERVICE.label),
    (Organization.Type.FOUNDATION.value, Organization.Type.FOUNDATION.label),
]
TERMINATION_CHOICES = [
    (EventKind.DEREGISTRATION.value, _("注销")),
    (EventKind.REVOCATION.value, _("撤销")),
]

# ---------------------------------------------------------------------------- output


class ServiceDomainOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    parent_code = serializers.CharField(source="parent.code", allow_null=True)
    sort_order = serializers.IntegerField()


class ServiceDomainRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LifecycleEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LifecycleEvent.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    occurred_on = serializers.DateField()
    document_number = serializers.CharField()
    reason = serializers.CharField()
    basis = serializers.CharField()
    changes = serializers.JSONField(help_text=_("变更前后的字段值"))
    status_after = serializers.ChoiceField(choices=Organization.Status.choices)
    status_after_label = serializers.CharField(source="get_status_after_display")
    recorded_by = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField()

    def get_recorded_by(self, event: LifecycleEvent) -> str | None:
        return str(event.recorded_by) if event.recorded_by is not None else None


class OrganizationListOutputSerializer(serializers.Serializer):
    """One row of the list: what the list page shows, from one query per page."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    org_type = serializers.ChoiceField(choices=Organization.Type.choices)
    org_type_label = serializers.CharField(source="get_org_type_display")
    uscc = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=Organization.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    status_changed_on = serializers.DateField(allow_null=True)
    registration_authority = AgencyRefSerializer()
    supervisory_unit = AgencyRefSerializer(allow_null=True)
    directly_registered = serializers.BooleanField()
    district = AreaRefSerializer()
    street = AreaRefSerializer()
    community = AreaRefSerializer(allow_null=True)
    legal_rep_name = serializers.CharField()
    registered_on = serializers.DateField(allow_null=True)


class OrganizationDetailOutputSerializer(OrganizationListOutputSerializer):
    """The full record. The legal representative's ID number appears masked only."""

    legal_rep_id_masked = serializers.CharField()
    contact_person = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    domicile = serializers.CharField()
    founded_on = serializers.DateField(allow_null=True)
    registered_funds = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    staff_full_time = serializers.IntegerField()
    staff_part_time = serializers.IntegerField()
    volunteers = serializers.IntegerField()
    is_charity = serializers.BooleanField()
    charity_recognized_on = serializers.DateField(allow_null=True)
    public_fundraising = serializers.BooleanField()
    domains = ServiceDomainRefSerializer(many=True, source="domains.all")
    events = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(LifecycleEventOutputSerializer(many=True))
    def get_events(self, org: Organization) -> Any:
        # The view passes the history from organization_events (one query, users joined).
        return LifecycleEventOutputSerializer(self.context["events"], many=True).data


# ---------------------------------------------------------------------------- input


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True)


class EventInputSerializer(serializers.Serializer):
    """The act that records the change: when, under which document, why."""

    occurred_on = serializers.DateField(label=_("办理日期"))
    document_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", label=_("文书号")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", label=_("事由"))


class OrganizationFieldsInputSerializer(serializers.Serializer):
    """Every field of a registry record, all optional here (no defaults: absent means unchanged)."""

    name = serializers.CharField(max_length=100, required=False, label=_("名称"))
    org_type = serializers.ChoiceField(
        choices=Organization.Type.choices, required=False, label=_("组织类型")
    )
    uscc = serializers.CharField(
        max_length=30, required=False, allow_blank=True, label=_("统一社会信用代码")
    )
    district = AreaCodeField(level="district", required=False, label=_("区县代码"))
    street = AreaCodeField(level="street", required=False, label=_("街道代码"))
    community = AreaCodeField(
        level="community", required=False, allow_null=True, label=_("社区代码")
    )
    registration_authority = serializers.PrimaryKeyRelatedField(
        queryset=_agencies(), required=False, label=_("登记管理机关编号")
    )
    supervisory_unit = serializers.PrimaryKeyRelatedField(
        queryset=_agencies(), required=False, allow_null=True, label=_("业务主管单位编号")
    )
    directly_registered = serializers.BooleanField(required=False, label=_("直接登记"))
    legal_rep_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, label=_("法定代表人（负责人）")
    )
    legal_rep_id = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        write_only=True,
        label=_("法定代表人身份证号码"),
        help_text=_("只写：保存时加密，读出时只显示脱敏号码。"),
    )
    contact_person = serializers.CharField(
        max_length=50, required=False, allow_blank=True, label=_("联系人")
    )
    contact_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, label=_("联系电话")
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True, label=_("电子邮箱"))
    domicile = serializers.CharField(
        max_length=200, required=False, allow_blank=True, label=_("住所")
    )
    founded_on = serializers.DateField(required=False, allow_null=True, label=_("成立日期"))
    registered_on = serializers.DateField(
        required=False, allow_null=True, label=_("登记（备案）日期")
    )
    registered_funds = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        label=_("注册资金（元）"),
    )
    staff_full_time = serializers.IntegerField(min_value=0, required=False, label=_("专职人员"))
    staff_part_time = serializers.IntegerField(min_value=0, required=False, label=_("兼职人员"))
    volunteers = serializers.IntegerField(min_value=0, required=False, label=_("志愿者"))
    is_charity = serializers.BooleanField(required=False, label=_("慈善组织"))
    charity_recognized_on = serializers.DateField(
        required=False, allow_null=True, label=_("认定为慈善组织日期")
    )
    public_fundraising = serializers.BooleanField(required=False, label=_("具有公开募捐资格"))
    domains = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=ServiceDomain.objects.filter(is_active=True),
        required=False,
        label=_("服务领域代码"),
    )


class OrganizationCreateInputSerializer(OrganizationFieldsInputSerializer):
    """成立登记 / 备案. The district and the registration authority follow from the street
    and the type when not given."""

    name = serializers.CharField(max_length=100, label=_("名称"))
    org_type = serializers.ChoiceField(choices=Organization.Type.choices, label=_("组织类型"))
    street = AreaCodeField(level="street", label=_("街道代码"))
    event = EventInputSerializer(label=_("登记事项"))


class OrganizationChangeInputSerializer(OrganizationFieldsInputSerializer):
    """变更登记: only the fields sent change; the event (with its reason) is required."""

    event = EventInputSerializer(label=_("登记事项"))


class OrganizationContactInputSerializer(serializers.Serializer):
    contact_person = serializers.CharField(
        max_length=50, required=False, allow_blank=True, label=_("联系人")
    )
    contact_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, label=_("联系电话")
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True, label=_("电子邮箱"))
    reason = serializers.CharField(required=False, allow_blank=True, default="", label=_("说明"))


class OrganizationTerminateInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TERMINATION_CHOICES, label=_("事项"))
    event = EventInputSerializer(label=_("登记事项"))


class OrganizationConvertInputSerializer(serializers.Serializer):
    """社区社会组织转为登记: the new type, its USCC, authority and supervision."""

    org_type = serializers.ChoiceField(
        choices=REGISTERED_TYPE_CHOICES, label=_("转为登记后的组织类型")
    )
    uscc = serializers.CharField(max_length=30, label=_("统一社会信用代码"))
    registration_authority = serializers.PrimaryKeyRelatedField(
        queryset=_agencies(), required=False, label=_("登记管理机关编号")
    )
    supervisory_unit = serializers.PrimaryKeyRelatedField(
        queryset=_agencies(), required=False, allow_null=True, label=_("业务主管单位编号")
    )
    directly_registered = serializers.BooleanField(
        required=False, default=False, label=_("直接登记")
    )
    legal_rep_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", label=_("法定代表人")
    )
    event = EventInputSerializer(label=_("登记事项"))
