"""What the annual-report API reads and writes. Input serializers only parse and type-check;
the rules (via the services) decide whether a report is consistent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socorg.accounts.api import AgencyRefSerializer
from socorg.annual_reports.models import AnnualReport, AnnualReportAction
from socorg.annual_reports.selectors import report_display_state, report_due
from socorg.annual_reports.services import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    OPTIONAL_AMOUNT_FIELDS,
)
from socorg.annual_reports.workflow import ACTION_LABELS, STATE_LABELS, Action, State
from socorg.areas.api import AreaCodeField, AreaRefSerializer
from socorg.registry.models import Organization

STATE_CHOICES = [(s.value, _(STATE_LABELS[s])) for s in State]  # stored states and 未参检
ACTION_CHOICES = [(a.value, _(ACTION_LABELS[a])) for a in Action if a != Action.SUBMIT]


def _label(name: str) -> Any:
    return AnnualReport._meta.get_field(name).verbose_name


# ---------------------------------------------------------------------------- input


class AnnualReportContentInputSerializer(serializers.Serializer):
    """The report's content; fields not sent stay as they are (amounts in 元, two decimals)."""

    legal_rep_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    domicile = serializers.CharField(required=False, allow_blank=True, max_length=200)
    party_org_form = serializers.ChoiceField(
        choices=AnnualReport.PartyOrgForm.choices, required=False, allow_blank=True
    )
    has_party_org = serializers.BooleanField(required=False, label=_label("has_party_org"))
    has_audit_report = serializers.BooleanField(required=False, label=_label("has_audit_report"))
    major_matters = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=500),
        required=False,
        max_length=50,
        help_text=_("重大事项，逐项列出。"),
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in AMOUNT_FIELDS:
            fields[name] = serializers.DecimalField(
                max_digits=14, decimal_places=2, required=False, label=_label(name)
            )
        for name in OPTIONAL_AMOUNT_FIELDS:
            fields[name] = serializers.DecimalField(
                max_digits=14, decimal_places=2, required=False, allow_null=True, label=_label(name)
            )
        # No minimum here: the rules name a negative count in their own words.
        for name in COUNT_FIELDS:
            fields[name] = serializers.IntegerField(required=False, label=_label(name))
        return fields


class AnnualReportCreateInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("报告年度（报告所涵盖的年度）"))
    organization = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("组织编号；社会组织账户可不填（即本组织），社区工作人员代为填报时必填。"),
    )


class AnnualReportActInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class AnnualReportFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    state = serializers.ChoiceField(choices=AnnualReport.State.choices, required=False)
    org_type = serializers.ChoiceField(choices=Organization.Type.choices, required=False)
    street = AreaCodeField(level="street", required=False, help_text=_("街道代码"))
    organization = serializers.IntegerField(required=False, min_value=1)
    queue = serializers.BooleanField(
        required=False, default=False, help_text=_("只看等待我办理的报告")
    )

    @classmethod
    def from_query(cls, params: Any) -> AnnualReportFilterSerializer:
        return cls(data={key: value for key, value in params.items() if value.strip()})


class YearInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2999)


# ---------------------------------------------------------------------------- output


class AnnualReportOrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    org_type = serializers.ChoiceField(choices=Organization.Type.choices)
    org_type_label = serializers.CharField(source="get_org_type_display")
    uscc = serializers.CharField(allow_null=True)


class AnnualReportListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = AnnualReportOrganizationRefSerializer()
    street = AreaRefSerializer(source="organization.street")
    supervisory_unit = AgencyRefSerializer(source="organization.supervisory_unit", allow_null=True)
    year = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=AnnualReport.Mode.choices)
    state = serializers.ChoiceField(choices=AnnualReport.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    shown_state = serializers.SerializerMethodField(
        help_text=_("显示状态：草稿过了截止日期显示为未参检（not_filed）")
    )
    conclusion = serializers.ChoiceField(choices=AnnualReport.Conclusion.choices, allow_blank=True)
    first_submitted_on = serializers.DateField(allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()

    @extend_schema_field(serializers.ChoiceField(choices=STATE_CHOICES))
    def get_shown_state(self, report: AnnualReport) -> str:
        return report_display_state(
            report, today=self.context.get("today"), policy=self.context.get("policy")
        ).value


class AnnualReportActionOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AnnualReportAction.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    state_before = serializers.CharField()
    state_after = serializers.CharField()
    on = serializers.DateField()
    actor = serializers.CharField(source="actor_name")
    actor_role = serializers.CharField()
    note = serializers.CharField()
    basis = serializers.CharField()
    late = serializers.BooleanField()
    at = serializers.DateTimeField()


class DueDatesOutputSerializer(serializers.Serializer):
    submission = serializers.DateField()
    supervisor = serializers.DateField(allow_null=True)
    registrar = serializers.DateField()
    basis = serializers.CharField()


class AnnualReportDetailOutputSerializer(AnnualReportListOutputSerializer):
    """The whole report: content, review, history, the steps the reader may take."""

    supervisor_reviewed_on = serializers.DateField(allow_null=True)
    supervisor_notes = serializers.CharField()
    concluded_on = serializers.DateField(allow_null=True)
    reviewer_notes = serializers.CharField()
    returned_on = serializers.DateField(allow_null=True)
    returned_notes = serializers.CharField()
    due = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("当前用户此时可以办理的事项"))

    @extend_schema_field(DueDatesOutputSerializer)
    def get_due(self, report: AnnualReport) -> Any:
        due = report_due(report.organization, report.year, self.context.get("policy"))
        return DueDatesOutputSerializer(due).data

    @extend_schema_field(serializers.DictField(help_text=_("填报内容，字段同填报接口")))
    def get_content(self, report: AnnualReport) -> dict[str, Any]:
        fields = self.context["content_fields"]
        content = AnnualReportContentInputSerializer(report).data
        return {name: value for name, value in content.items() if name in fields}

    @extend_schema_field(AnnualReportActionOutputSerializer(many=True))
    def get_history(self, report: AnnualReport) -> Any:
        return AnnualReportActionOutputSerializer(self.context["history"], many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, report: AnnualReport) -> list[str]:
        return [a.value for a in self.context["actions"]]


class RateRowOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    required = serializers.IntegerField()
    filed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    late = serializers.IntegerField()
    awaiting = serializers.IntegerField()
    passed = serializers.IntegerField()
    basic_passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    accepted = serializers.IntegerField()
    missed = serializers.IntegerField()


class InspectionStatisticsOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    today = serializers.DateField()
    total = RateRowOutputSerializer()
    by_type = RateRowOutputSerializer(many=True)
    by_street = RateRowOutputSerializer(many=True)


class MissedOrganizationOutputSerializer(AnnualReportOrganizationRefSerializer):
    street = AreaRefSerializer()
    supervisory_unit = AgencyRefSerializer(allow_null=True)
    due_on = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateField())
    def get_due_on(self, org: Organization) -> Any:
        return report_due(org, self.context["year"], self.context.get("policy")).submission
