"""What the evaluation API reads and writes. Input serializers only parse and type-check; the
rules (via the services) decide eligibility, recusal, ranges and levels."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socorg.evaluation.display import indicator_rows, round_state_label, stored_findings
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAffiliation,
    ExpertAssignment,
    IndicatorTemplate,
    LevelChoices,
    Objection,
    Result,
)
from socorg.evaluation.workflow import RoundAction

ACTION_CHOICES = [*(a.value for a in RoundAction), "aggregate"]
POINTS_MAP = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=20))


# ---------------------------------------------------------------------------- input


class RoundCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    year = serializers.IntegerField()
    opened_on = serializers.DateField()
    application_deadline = serializers.DateField()


class RoundActInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=ACTION_CHOICES,
        help_text=_(
            "open 开始接受申报；start_scoring 进入专家评审；aggregate 汇总评分（预览）；"
            "publish_notice 汇总并公示；announce 公告；close 结束。"
        ),
    )


class ScoresInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20),
        help_text=_("指标代码 → 得分，须包含本次指标体系的每一个一级指标。"),
    )


class ExpertScoresInputSerializer(ScoresInputSerializer):
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000), required=False
    )


class AssignInputSerializer(serializers.Serializer):
    expert = serializers.IntegerField(help_text=_("评审专家账户编号。"))


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000, required=False, default="")


class ResolveInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Objection.State.REJECTED, Objection.State.UPHELD])
    resolution = serializers.CharField(allow_blank=True, max_length=5000)
    corrected_total = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20
    )


class AffiliationInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ExpertAffiliation.Kind.choices)
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class IndicatorInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=50)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)


class TemplateCreateInputSerializer(serializers.Serializer):
    org_type = serializers.CharField(max_length=20)
    version = serializers.CharField(max_length=40)
    valid_from = serializers.DateField()
    indicators = IndicatorInputSerializer(many=True)
    basis = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class StatisticsQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("统计日期，默认今天。"))
    min_level = serializers.ChoiceField(choices=LevelChoices.choices, required=False, default="3A")


class LevelsQuerySerializer(serializers.Serializer):
    organizations = serializers.CharField(help_text=_("组织编号，逗号分隔，最多 500 个。"))
    on = serializers.DateField(required=False)

    def validate_organizations(self, value: str) -> list[int]:
        try:
            ids = [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise serializers.ValidationError(_("组织编号须为整数，以逗号分隔。")) from None
        if not ids or len(ids) > 500:
            raise serializers.ValidationError(_("请提供 1 至 500 个组织编号。"))
        return ids


# ---------------------------------------------------------------------------- output


class EvaluationOrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField(allow_null=True)
    org_type = serializers.CharField()


class TemplateOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTemplate
        fields = ["id", "org_type", "version", "valid_from", "total_points", "indicators", "basis"]


class RoundOutputSerializer(serializers.ModelSerializer):
    state_label = serializers.SerializerMethodField()
    district = serializers.CharField(source="district.name")

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "name",
            "year",
            "district",
            "opened_on",
            "application_deadline",
            "regime",
            "state",
            "state_label",
            "notice_starts_on",
            "notice_ends_on",
            "announced_on",
            "closed_on",
        ]

    def get_state_label(self, obj: EvaluationRound) -> str:
        return round_state_label(obj.state)


class DashboardOutputSerializer(serializers.Serializer):
    applications = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    self_assessed = serializers.IntegerField()
    assigned = serializers.IntegerField()
    scored = serializers.IntegerField()
    recused = serializers.IntegerField()
    levels = serializers.DictField(child=serializers.IntegerField())
    pending_objections = serializers.IntegerField()


class RoundDetailOutputSerializer(RoundOutputSerializer):
    templates = TemplateOutputSerializer(many=True)
    dashboard = serializers.SerializerMethodField()

    class Meta(RoundOutputSerializer.Meta):
        fields = [*RoundOutputSerializer.Meta.fields, "templates", "dashboard"]

    @extend_schema_field(DashboardOutputSerializer(allow_null=True))
    def get_dashboard(self, obj: EvaluationRound) -> dict[str, Any] | None:
        dashboard = self.context.get("dashboard")
        return DashboardOutputSerializer(dashboard).data if dashboard else None


class ResultOutputSerializer(serializers.ModelSerializer):
    organization = EvaluationOrganizationRefSerializer()

    class Meta:
        model = Result
        fields = [
            "id",
            "organization",
            "scored_total",
            "total",
            "means",
            "experts",
            "level",
            "computed_on",
            "announced_on",
            "valid_from",
            "valid_to",
            "validity_regime",
            "validity_basis",
            "ended_on",
        ]


class NoticeResultOutputSerializer(serializers.ModelSerializer):
    """What the public notice shows: name, code, total, proposed level, notice period."""

    organization = serializers.CharField(source="organization.name")
    uscc = serializers.CharField(source="organization.uscc", allow_null=True)
    round = serializers.CharField(source="round.name")
    notice_starts_on = serializers.DateField(source="round.notice_starts_on")
    notice_ends_on = serializers.DateField(source="round.notice_ends_on")

    class Meta:
        model = Result
        fields = [
            "id",
            "round",
            "organization",
            "uscc",
            "total",
            "level",
            "notice_starts_on",
            "notice_ends_on",
        ]


class FindingOutputSerializer(serializers.Serializer):
    rule = serializers.CharField()
    basis = serializers.CharField()
    reason = serializers.CharField()


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    max_points = serializers.CharField()
    value = serializers.CharField(allow_null=True)


class ApplicationOutputSerializer(serializers.ModelSerializer):
    organization = EvaluationOrganizationRefSerializer()
    round = serializers.IntegerField(source="round_id")

    class Meta:
        model = Application
        fields = [
            "id",
            "round",
            "organization",
            "applied_on",
            "state",
            "regime",
            "simplified",
            "self_total",
            "self_assessed_on",
        ]


class AssignmentOutputSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.__str__")
    expert_id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    organization = serializers.CharField(source="application.organization.name")

    class Meta:
        model = ExpertAssignment
        fields = [
            "id",
            "application",
            "organization",
            "expert_id",
            "expert",
            "assigned_on",
            "recused",
            "recusal_reason",
            "recused_on",
            "scored_on",
        ]


class ObjectionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "result",
            "reason",
            "filed_on",
            "state",
            "resolution",
            "corrected_total",
            "resolved_on",
        ]


class ApplicationDetailOutputSerializer(ApplicationOutputSerializer):
    findings = serializers.SerializerMethodField()
    self_scores = serializers.SerializerMethodField()
    template = TemplateOutputSerializer()
    result = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()
    objections = serializers.SerializerMethodField()

    class Meta(ApplicationOutputSerializer.Meta):
        fields = [
            *ApplicationOutputSerializer.Meta.fields,
            "findings",
            "template",
            "self_scores",
            "result",
            "assignments",
            "objections",
        ]

    @extend_schema_field(FindingOutputSerializer(many=True))
    def get_findings(self, obj: Application) -> list[dict[str, str]]:
        return stored_findings(obj.eligibility)

    @extend_schema_field(IndicatorValueSerializer(many=True))
    def get_self_scores(self, obj: Application) -> list[dict[str, Any]]:
        return indicator_rows(obj.template.indicators, obj.self_scores)

    @extend_schema_field(ResultOutputSerializer(allow_null=True))
    def get_result(self, obj: Application) -> dict[str, Any] | None:
        result = self.context.get("result")
        return ResultOutputSerializer(result).data if result else None

    @extend_schema_field(AssignmentOutputSerializer(many=True))
    def get_assignments(self, obj: Application) -> list[dict[str, Any]]:
        return AssignmentOutputSerializer(self.context.get("assignments", []), many=True).data

    @extend_schema_field(ObjectionOutputSerializer(many=True))
    def get_objections(self, obj: Application) -> list[dict[str, Any]]:
        return ObjectionOutputSerializer(self.context.get("objections", []), many=True).data


class AffiliationOutputSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")

    class Meta:
        model = ExpertAffiliation
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "started_on",
            "ended_on",
            "note",
        ]


class StatisticsOutputSerializer(serializers.Serializer):
    on = serializers.DateField()
    min_level = serializers.CharField()
    count = serializers.IntegerField()
    by_level = serializers.DictField(child=serializers.IntegerField())


class CurrentLevelOutputSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    level = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
