"""What the credit API reads and writes. Input serializers only parse and type-check; the
services validate (dates, amounts, evidence) and answer with field errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from socorg.agencies.models import Agency
from socorg.credit.models import (
    LIST_CHOICES,
    AdministrativePenalty,
    CreditEntry,
    CreditList,
    Objection,
    RemovalApplication,
    TriggerFact,
)
from socorg.credit.selectors import code_label

# ---------------------------------------------------------------------------- output


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField(allow_null=True)


class CreditListRowSerializer(serializers.Serializer):
    """One organization on a list (staff view)."""

    organization = OrganizationRefSerializer()
    street = serializers.CharField(source="organization.street.name")
    org_type = serializers.CharField(source="organization.org_type")
    list_kind = serializers.ChoiceField(choices=CreditList.choices)
    list_label = serializers.CharField(source="get_list_kind_display")
    listed_on = serializers.DateField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    codes = serializers.ListField(child=serializers.CharField())
    next_change_on = serializers.DateField(allow_null=True)
    next_change = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()
    occurred_on = serializers.DateField()
    owes = serializers.BooleanField()
    rectified_on = serializers.DateField(allow_null=True)

    def get_label(self, reason: dict[str, Any]) -> str:
        return code_label(reason["code"])


class CreditStatusSerializer(serializers.Serializer):
    list_kind = serializers.ChoiceField(choices=CreditList.choices)
    list_label = serializers.CharField(source="get_list_kind_display")
    listed_on = serializers.DateField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    origin = serializers.CharField()
    reasons = ReasonSerializer(many=True)
    next_change_on = serializers.DateField(allow_null=True)
    next_change = serializers.CharField()
    updated_on = serializers.DateField()


class CreditEntrySerializer(serializers.Serializer):
    """One change of list with its article and explanation (in the reader's language)."""

    id = serializers.IntegerField()
    key = serializers.CharField()
    effective_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=CreditEntry.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    list_kind = serializers.ChoiceField(choices=LIST_CHOICES)
    list_label = serializers.CharField(source="get_list_kind_display")
    code = serializers.CharField()
    code_label = serializers.SerializerMethodField()
    codes = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField(source="explanation_text")
    citation = serializers.CharField(source="citation_text")
    citation_rule = serializers.CharField()
    evidence = serializers.CharField()
    document_number = serializers.CharField()
    authority = serializers.CharField(source="authority.name", allow_null=True, default=None)
    published = serializers.BooleanField()
    ended_on = serializers.DateField(allow_null=True)
    end_code = serializers.CharField()
    withdrawn = serializers.BooleanField(source="is_withdrawn")
    withdrawn_reason = serializers.CharField()

    def get_code_label(self, entry: CreditEntry) -> str:
        return code_label(entry.code)


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = OrganizationRefSerializer()
    entry = serializers.IntegerField(source="entry_id")
    reason = serializers.CharField()
    evidence = serializers.CharField()
    filed_on = serializers.DateField()
    state = serializers.ChoiceField(choices=Objection.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    resolution = serializers.CharField()
    resolved_on = serializers.DateField(allow_null=True)


class RemovalApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = OrganizationRefSerializer()
    list_kind = serializers.ChoiceField(choices=LIST_CHOICES)
    applied_on = serializers.DateField()
    statement = serializers.CharField()
    evidence = serializers.CharField()
    state = serializers.ChoiceField(choices=RemovalApplication.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    examined_on = serializers.DateField(allow_null=True)
    decision = serializers.CharField()
    refusal_code = serializers.CharField()


class FactSerializer(serializers.Serializer):
    """A recorded fact: its id and kind; the organization's history shows the rest."""

    id = serializers.IntegerField()
    fact = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    voided = serializers.BooleanField(source="is_void")


class PublishedListingSerializer(serializers.Serializer):
    """One published listing: name, USCC, listing date, reason, authority, removal (§2.6)."""

    list_kind = serializers.ChoiceField(choices=LIST_CHOICES)
    list_label = serializers.CharField()
    name = serializers.CharField()
    uscc = serializers.CharField()
    listed_on = serializers.DateField()
    reason_code = serializers.CharField()
    reason_label = serializers.CharField()
    authority = serializers.CharField()
    removed_on = serializers.DateField(allow_null=True)
    removal_code = serializers.CharField()
    removal_label = serializers.CharField()


# ---------------------------------------------------------------------------- input


class OrganizationTargetSerializer(serializers.Serializer):
    """The organization a fact is about: its id, or (for a deciding department) its USCC."""

    organization = serializers.IntegerField(required=False)
    uscc = serializers.CharField(required=False, max_length=18)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("organization") and not attrs.get("uscc"):
            raise serializers.ValidationError(
                {"organization": [_("请填写组织编号或统一社会信用代码。")]}
            )
        return attrs


def _authority_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False, allow_null=True
    )


class PenaltyInputSerializer(OrganizationTargetSerializer):
    kind = serializers.ChoiceField(choices=AdministrativePenalty.Kind.choices)
    fine_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    decided_on = serializers.DateField()
    document_number = serializers.CharField(allow_blank=True, max_length=100)
    authority = _authority_field()
    authority_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    description = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class CourtRecordInputSerializer(OrganizationTargetSerializer):
    court = serializers.CharField(allow_blank=True, max_length=100)
    case_number = serializers.CharField(allow_blank=True, max_length=100)
    listed_on = serializers.DateField()
    removed_on = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class NoticeInputSerializer(OrganizationTargetSerializer):
    issued_on = serializers.DateField()
    deadline = serializers.DateField()
    document_number = serializers.CharField(allow_blank=True, max_length=100)
    content = serializers.CharField(allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True, max_length=100)
    evidence = serializers.CharField(required=False, allow_blank=True)


class LetterInputSerializer(OrganizationTargetSerializer):
    sent_on = serializers.DateField()
    returned_unsigned = serializers.BooleanField()
    outcome_on = serializers.DateField()
    tracking_number = serializers.CharField(allow_blank=True, max_length=60)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    evidence = serializers.CharField(required=False, allow_blank=True)


class TriggerFactInputSerializer(OrganizationTargetSerializer):
    code = serializers.ChoiceField(choices=TriggerFact.Code.choices)
    decided_on = serializers.DateField()
    document_number = serializers.CharField(allow_blank=True, max_length=100)
    authority = _authority_field()
    authority_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    owes = serializers.BooleanField(required=False, allow_null=True, default=None)
    description = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class VerificationInputSerializer(OrganizationTargetSerializer):
    verified_on = serializers.DateField(required=False, allow_null=True)
    codes = serializers.ListField(child=serializers.CharField(max_length=4), required=False)
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    evidence = serializers.CharField(allow_blank=True)


class NoticeVerifyInputSerializer(serializers.Serializer):
    rectified_on = serializers.DateField()
    evidence = serializers.CharField(allow_blank=True)


class VoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ObjectionInputSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class ObjectionResolveInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    resolution = serializers.CharField(allow_blank=True)


class ApplicationInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    list_kind = serializers.ChoiceField(choices=LIST_CHOICES)
    statement = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)


class ApplicationExamineInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    decision = serializers.CharField(required=False, allow_blank=True)
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CreditListFilterSerializer(serializers.Serializer):
    list_kind = serializers.ChoiceField(choices=LIST_CHOICES, required=False)
    street = serializers.IntegerField(required=False)
    org_type = serializers.CharField(required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


class PublishedListFilterSerializer(serializers.Serializer):
    list_kind = serializers.ChoiceField(
        choices=LIST_CHOICES, required=False, help_text=_("不填时两份名单都列出。")
    )
    current = serializers.BooleanField(
        required=False, default=False, help_text=_("只列出尚未移出的。")
    )
