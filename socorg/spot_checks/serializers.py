"""What the spot-check API reads and writes. Input serializers only parse and type-check; the
services (with the rules) decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from socorg.areas.api import AreaCodeField, AreaRefSerializer
from socorg.registry.models import Organization
from socorg.spot_checks import selectors
from socorg.spot_checks.models import (
    Campaign,
    ConflictDeclaration,
    InspectorPoolMember,
    SampledOrganization,
)

# ---------------------------------------------------------------------------- output


class SpotUserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    role = serializers.CharField()


class SpotOrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField(allow_null=True)
    org_type = serializers.ChoiceField(choices=Organization.Type.choices)
    street = serializers.CharField(source="street.name")


class StratumOutputSerializer(serializers.Serializer):
    stratum = serializers.CharField()
    population = serializers.IntegerField()
    drawn = serializers.IntegerField()


class CampaignOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    area = AreaRefSerializer()
    org_types = serializers.ListField(child=serializers.CharField())
    strata = serializers.ChoiceField(choices=Campaign.StrataChoice.choices)
    strata_label = serializers.CharField(source="get_strata_display")
    share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    count_per_stratum = serializers.IntegerField(allow_null=True)
    min_per_stratum = serializers.IntegerField()
    inspectors_per_check = serializers.IntegerField()
    employment_recusal_years = serializers.IntegerField()
    same_street_recusal = serializers.BooleanField()
    seed = serializers.CharField(help_text=_("随机种子：相同种子与相同总体得到相同的抽取结果"))
    seed_generated = serializers.BooleanField()
    state = serializers.ChoiceField(choices=Campaign.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    population_size = serializers.IntegerField(allow_null=True)
    draw_summary = StratumOutputSerializer(many=True)
    drawn_on = serializers.DateField(allow_null=True)
    drawn_at = serializers.DateTimeField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class RectificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_number = serializers.CharField()
    issued_on = serializers.DateField()
    deadline = serializers.DateField()
    rectified_on = serializers.DateField(allow_null=True)
    verified_on = serializers.DateField(allow_null=True)


class SampledOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="campaign_id")
    organization = SpotOrganizationRefSerializer()
    stratum = serializers.CharField()
    inspectors = serializers.SerializerMethodField()
    finding = serializers.ChoiceField(choices=SampledOrganization.Finding.choices)
    finding_label = serializers.CharField(source="get_finding_display")
    finding_text = serializers.CharField()
    checked_on = serializers.DateField(allow_null=True)
    rectification_deadline = serializers.DateField(allow_null=True)
    rectification_notice = RectificationOutputSerializer(allow_null=True)
    rectification_state = serializers.SerializerMethodField()
    rectification_state_label = serializers.SerializerMethodField()
    published = serializers.BooleanField()

    def get_inspectors(self, obj: SampledOrganization) -> list[dict[str, Any]]:
        return SpotUserRefSerializer(obj.inspectors.all(), many=True).data  # type: ignore[return-value]

    def get_rectification_state(self, obj: SampledOrganization) -> str:
        return selectors.rectification_state(obj.rectification_notice)[0]

    def get_rectification_state_label(self, obj: SampledOrganization) -> str:
        return selectors.rectification_state(obj.rectification_notice)[1]


class PoolMemberOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = SpotUserRefSerializer()
    area = AreaRefSerializer()
    source = serializers.ChoiceField(choices=InspectorPoolMember.Source.choices)
    source_label = serializers.CharField(source="get_source_display")
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    street = serializers.CharField(source="street.name", allow_null=True, default=None)
    is_active = serializers.BooleanField()


class ConflictOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    inspector = SpotUserRefSerializer()
    organization = serializers.CharField(source="organization.name")
    organization_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConflictDeclaration.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    ended_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    declared_on = serializers.DateField()


class PublishedResultSerializer(serializers.Serializer):
    """One published result (一公开): the organization, the result and the rectification state."""

    id = serializers.IntegerField()
    campaign = serializers.CharField()
    year = serializers.IntegerField()
    organization_name = serializers.CharField()
    uscc = serializers.CharField()
    checked_on = serializers.DateField(allow_null=True)
    result = serializers.CharField(help_text=_("检查结果：no_issue 未发现问题，issues 发现问题"))
    result_display = serializers.CharField()
    rectification_state = serializers.CharField()
    rectification_state_display = serializers.CharField()
    rectification_deadline = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)


# ---------------------------------------------------------------------------- input


class CampaignFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Campaign.State.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class CampaignInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, allow_blank=True)
    year = serializers.IntegerField(allow_null=True)
    area = AreaCodeField(help_text=_("抽查范围：区县或街道的行政区划代码"))
    strata = serializers.CharField(required=False, default="type")
    share = serializers.DecimalField(
        max_digits=9,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text=_("抽查比例（%），大于 0 且不超过 100；不填用默认值"),
    )
    count_per_stratum = serializers.IntegerField(required=False, allow_null=True)
    min_per_stratum = serializers.IntegerField(required=False, allow_null=True)
    org_types = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    inspectors_per_check = serializers.IntegerField(required=False, allow_null=True)
    employment_recusal_years = serializers.IntegerField(required=False, allow_null=True)
    same_street_recusal = serializers.BooleanField(required=False, allow_null=True, default=None)
    seed = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class FindingInputSerializer(serializers.Serializer):
    finding = serializers.CharField(allow_blank=True)
    finding_text = serializers.CharField(required=False, allow_blank=True, default="")
    checked_on = serializers.DateField(allow_null=True)


class RectificationInputSerializer(serializers.Serializer):
    deadline = serializers.DateField(allow_null=True)
    document_number = serializers.CharField(allow_blank=True, max_length=200)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class VerifyInputSerializer(serializers.Serializer):
    rectified_on = serializers.DateField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)


class PoolMemberInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text=_("检查人员的用户编号"))
    street = AreaCodeField(level="street", required=False, allow_null=True, default=None)


class PoolRemoveInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ConflictInputSerializer(serializers.Serializer):
    inspector = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("检查人员的用户编号；不填为本人")
    )
    organization = serializers.IntegerField(help_text=_("组织编号"))
    kind = serializers.CharField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
