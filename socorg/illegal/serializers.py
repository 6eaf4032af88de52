"""What the illegal-organizations API reads and writes. Input serializers only parse and
type-check; the services (with the rules) decide. Reporter details never appear in an output
except through the audited reveal endpoint."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socorg.accounts.api import AgencyRefSerializer
from socorg.areas.api import AreaCodeField, AreaRefSerializer
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.rules import mask_name

# ---------------------------------------------------------------------------- output


class IllegalOfficerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    role = serializers.CharField()


class IllegalCaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class IllegalTipOutputSerializer(serializers.Serializer):
    """A tip as staff see it: the reporter masked (full details only through the reveal)."""

    id = serializers.IntegerField()
    source = serializers.ChoiceField(choices=Tip.Source.choices)
    source_label = serializers.CharField(source="get_source_display")
    channel = serializers.ChoiceField(choices=Tip.Channel.choices)
    channel_label = serializers.CharField(source="get_channel_display")
    referring_agency = AgencyRefSerializer(allow_null=True)
    reporter_name_masked = serializers.SerializerMethodField()
    reporter_contact_masked = serializers.CharField()
    reported_name = serializers.CharField()
    district = AreaRefSerializer()
    street = AreaRefSerializer(allow_null=True)
    location = serializers.CharField()
    description = serializers.CharField()
    received_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=Tip.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    handled_by = IllegalOfficerRefSerializer(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)
    closure = serializers.CharField(
        help_text=_("办结方式：merged（并入案件）或 unfounded（查无实据），未办结为空")
    )
    closure_label = serializers.CharField(source="get_closure_display")
    closure_reason = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    case = IllegalCaseRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_reporter_name_masked(self, tip: Tip) -> str:
        return mask_name(tip.reporter_name)


class IllegalReporterOutputSerializer(serializers.Serializer):
    reporter_name = serializers.CharField()
    reporter_contact = serializers.CharField()


class IllegalEvidenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    file_name = serializers.CharField()
    file_size = serializers.IntegerField()
    content_type = serializers.CharField()
    added_by = IllegalOfficerRefSerializer()
    added_at = serializers.DateTimeField()


class IllegalCaseListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    subject_name = serializers.CharField()
    district = AreaRefSerializer()
    street = AreaRefSerializer()
    location = serializers.CharField()
    authority = AgencyRefSerializer()
    opened_on = serializers.DateField()
    state = serializers.ChoiceField(choices=InvestigationCase.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField(help_text=_("调查结论代码，未作出结论为空"))
    outcome_label = serializers.CharField(source="get_outcome_display")
    decided_on = serializers.DateField(allow_null=True)
    document_number = serializers.CharField()
    published = serializers.BooleanField()
    published_on = serializers.DateField(allow_null=True)


class IllegalCaseDetailOutputSerializer(IllegalCaseListOutputSerializer):
    decision_reason = serializers.CharField()
    officers = IllegalOfficerRefSerializer(many=True, source="officers.all")
    evidence = IllegalEvidenceOutputSerializer(many=True, source="evidence.all")
    tips = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_tips(self, case: InvestigationCase) -> Any:
        return [tip.pk for tip in case.tips.all()]


class PublishedIllegalOrganizationSerializer(serializers.Serializer):
    """One row of the public list: no reporter, officer or evidence data."""

    name = serializers.CharField(source="subject_name")
    outcome = serializers.ChoiceField(choices=InvestigationCase.Outcome.choices)
    outcome_label = serializers.CharField(source="get_outcome_display")
    decided_on = serializers.DateField()
    document_number = serializers.CharField()
    authority = serializers.CharField(source="authority.name")
    district = serializers.CharField(source="district.name")
    published_on = serializers.DateField()


# ---------------------------------------------------------------------------- input


class IllegalTipInputSerializer(serializers.Serializer):
    reported_name = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(max_length=5000, allow_blank=True)
    district = AreaCodeField(
        level="district", required=False, help_text=_("区县代码；填写街道时可省略")
    )
    street = AreaCodeField(level="street", required=False, allow_null=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    reporter_contact = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    source = serializers.ChoiceField(choices=Tip.Source.choices, default=Tip.Source.OTHER)
    channel = serializers.ChoiceField(choices=Tip.Channel.choices, default=Tip.Channel.OTHER)
    received_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        street = attrs.get("street")
        if "district" not in attrs:
            if street is None:
                raise serializers.ValidationError({"district": [_("请填写区县或街道。")]})
            attrs["district"] = street.parent
        return attrs


class IllegalTipAssignInputSerializer(serializers.Serializer):
    handled_by = serializers.IntegerField(help_text=_("承办人的用户编号"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class IllegalTipCloseInputSerializer(serializers.Serializer):
    closure = serializers.ChoiceField(choices=Tip.Closure.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    case = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("并入案件时填写案件编号（id）")
    )


class IllegalCaseOpenInputSerializer(serializers.Serializer):
    tips = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    subject_name = serializers.CharField(max_length=200, allow_blank=True)
    street = AreaCodeField(level="street")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    opened_on = serializers.DateField()
    officers = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class IllegalEvidenceInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000, allow_blank=True)
    file = serializers.FileField(required=False, allow_null=True)


class IllegalCaseDecideInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=InvestigationCase.Outcome.choices,
        error_messages={"invalid_choice": _("请选择调查结论：取缔、劝散、引导登记或不构成。")},
    )
    decided_on = serializers.DateField(required=False, allow_null=True)
    document_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class IllegalTipFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Tip.State.choices, required=False)
    street = AreaCodeField(level="street", required=False)


class IllegalCaseFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=InvestigationCase.State.choices, required=False)
    outcome = serializers.ChoiceField(choices=InvestigationCase.Outcome.choices, required=False)
    street = AreaCodeField(level="street", required=False)
    published = serializers.BooleanField(required=False, allow_null=True, default=None)
