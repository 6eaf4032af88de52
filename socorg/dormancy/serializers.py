"""What the dormancy API reads and writes. Input serializers only parse and type-check; the
services (with the workflow table) decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socorg.accounts.api import AgencyRefSerializer
from socorg.areas.api import AreaCodeField, AreaRefSerializer
from socorg.dormancy.models import ACTION_CHOICES, STATE_CHOICES, ExitCase
from socorg.registry.models import Organization

# ---------------------------------------------------------------------------- output


class DormancyOrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField(allow_null=True)
    org_type = serializers.ChoiceField(choices=Organization.Type.choices)
    org_type_label = serializers.CharField(source="get_org_type_display")
    status = serializers.ChoiceField(choices=Organization.Status.choices)
    status_label = serializers.CharField(source="get_status_display")


class DormancyReasonSerializer(serializers.Serializer):
    signal = serializers.CharField(help_text=_("信号代码，如 missed_reports、inactive"))
    points = serializers.IntegerField()
    text = serializers.CharField(help_text=_("理由（当前语言）"))
    basis = serializers.CharField(help_text=_("依据"))


class DormancyCriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField(
        help_text=_(
            "认定情形代码：missed_reports、no_first_year_activity、no_business、unreachable"
        )
    )
    text = serializers.CharField()
    basis = serializers.CharField()


class DormancyScoreOutputSerializer(serializers.Serializer):
    """One organization on the ranked list, with every point explained."""

    rank = serializers.IntegerField(help_text=_("在当前筛选范围内的名次，同分同名次"))
    organization = DormancyOrganizationRefSerializer()
    street = AreaRefSerializer()
    supervisory_unit = AgencyRefSerializer(allow_null=True)
    total = serializers.IntegerField()
    candidate = serializers.BooleanField(help_text=_("是否符合专项整治的认定情形之一"))
    reasons = DormancyReasonSerializer(many=True, source="reason_list")
    criteria = DormancyCriterionSerializer(many=True, source="criterion_list")
    computed_on = serializers.DateField()
    open_case = serializers.IntegerField(allow_null=True, help_text=_("未结清理案件编号"))


class DormancyStepOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=ACTION_CHOICES, allow_blank=True)
    action_label = serializers.CharField(source="get_action_display")
    state_after = serializers.ChoiceField(choices=STATE_CHOICES)
    state_after_label = serializers.CharField(source="get_state_after_display")
    occurred_on = serializers.DateField()
    note = serializers.CharField()
    document_number = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    basis = serializers.CharField()
    actor = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, step: Any) -> str | None:
        return str(step.actor) if step.actor_id else None


class _CaseFields(serializers.Serializer):
    id = serializers.IntegerField()
    organization = DormancyOrganizationRefSerializer()
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    state_label = serializers.CharField(source="get_state_display")
    opened_on = serializers.DateField()
    score_total = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=ExitCase.Decision.choices, allow_blank=True)
    decided_on = serializers.DateField(allow_null=True)
    document_number = serializers.CharField()
    rectification_deadline = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(choices=ExitCase.Outcome.choices, allow_blank=True)
    outcome_label = serializers.CharField(source="get_outcome_display")
    outcome_on = serializers.DateField(allow_null=True)
    announced_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class DormancyCaseListOutputSerializer(_CaseFields):
    street = AreaRefSerializer(source="organization.street")


class DormancyCaseDetailOutputSerializer(_CaseFields):
    """A case with its history and the steps the user may take now."""

    street = AreaRefSerializer(source="organization.street")
    supervisory_unit = AgencyRefSerializer(source="organization.supervisory_unit", allow_null=True)
    score_reasons = serializers.ListField(child=serializers.DictField())
    score_criteria = serializers.ListField(child=serializers.DictField())
    steps = DormancyStepOutputSerializer(many=True, source="step_list")
    allowed_actions = serializers.ListField(
        source="allowed",
        child=serializers.ChoiceField(choices=ACTION_CHOICES),
        help_text=_("当前用户此阶段可以办理的事项"),
    )


class DormancyStatisticsRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    scored = serializers.IntegerField()
    candidates = serializers.IntegerField()
    opened = serializers.IntegerField()
    revoked = serializers.IntegerField()
    deregistered = serializers.IntegerField()
    reactivated = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    open_now = serializers.IntegerField()


class DormancyOpenStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    label = serializers.CharField()
    count = serializers.IntegerField()


class DormancyStatisticsOutputSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    total = DormancyStatisticsRowSerializer()
    by_street = DormancyStatisticsRowSerializer(many=True)
    open_by_state = DormancyOpenStateSerializer(many=True)
    overdue_rectifications = serializers.IntegerField()
    registry_deregistered = serializers.IntegerField()
    registry_revoked = serializers.IntegerField()
    last_run_on = serializers.DateField(allow_null=True)


# ----------------------------------------------------------------------------- input


class DormancyScoreFilterSerializer(serializers.Serializer):
    street = AreaCodeField(level="street", required=False)
    org_type = serializers.ChoiceField(choices=Organization.Type.choices, required=False)
    candidates_only = serializers.BooleanField(required=False, default=False)


class DormancyCaseFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATE_CHOICES, required=False)
    outcome = serializers.ChoiceField(choices=ExitCase.Outcome.choices, required=False)
    street = AreaCodeField(level="street", required=False)


class DormancyCaseOpenInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("组织编号"))
    opened_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DormancyCaseActInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=ACTION_CHOICES,
        error_messages={"invalid_choice": _("未知的办理事项：“{input}”。")},
    )
    occurred_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    document_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    deadline = serializers.DateField(required=False, allow_null=True)


class DormancyStatisticsFilterSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and start > end:
            raise serializers.ValidationError({"end": [_("截止日期不能早于起始日期。")]})
        return attrs
