"""Forms of the annual-report pages. They parse and present; the services decide and write."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from socorg.annual_reports.models import AnnualReport
from socorg.annual_reports.services import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    OPTIONAL_AMOUNT_FIELDS,
    content_fields_for,
)
from socorg.annual_reports.workflow import Action
from socorg.areas.models import Area
from socorg.registry.forms import FieldsetsMixin, scope_streets
from socorg.registry.models import Organization

FIELDSETS: list[tuple[Any, list[str]]] = [
    (_("基本信息"), ["legal_rep_name", "domicile"]),
    (
        _("业务活动表 · 收入"),
        [
            "income_donations",
            "income_membership_fees",
            "income_services",
            "income_government_grants",
            "income_sales",
            "income_investment",
            "income_other",
            "income_total",
            "government_purchase_income",
        ],
    ),
    (
        _("业务活动表 · 费用"),
        [
            "expense_program",
            "expense_admin",
            "expense_fundraising",
            "expense_other",
            "expense_total",
        ],
    ),
    (
        _("资产负债表"),
        [
            "assets_total",
            "liabilities_total",
            "net_assets",
            "net_assets_restricted",
            "net_assets_unrestricted",
        ],
    ),
    (_("人员"), ["staff_full_time", "staff_part_time", "volunteers"]),
    (_("内部治理"), ["general_assemblies", "council_meetings", "supervisory_meetings"]),
    (_("党建"), ["has_party_org", "party_org_form", "party_members"]),
    (
        _("活动与公益"),
        ["activities", "beneficiaries", "public_benefit_spend", "fee_reduction"],
    ),
    (_("重大事项与附件"), ["major_matters", "has_audit_report"]),
]
MODEL_FIELDS = [name for _title, names in FIELDSETS for name in names if name != "major_matters"]


def _model_fields() -> dict[str, forms.Field]:
    fields = dict(fields_for_model(AnnualReport, fields=MODEL_FIELDS))
    for name in (*AMOUNT_FIELDS, *OPTIONAL_AMOUNT_FIELDS):
        fields[name].widget.attrs.update({"inputmode": "decimal", "class": "num"})
    # Counts without a form-level minimum: the rules name a negative count in their own words.
    for name in COUNT_FIELDS:
        fields[name] = forms.IntegerField(
            label=fields[name].label, widget=forms.NumberInput(attrs={"class": "num"})
        )
    return fields


class AnnualReportForm(FieldsetsMixin, forms.Form):
    """The report in sections; a community organization sees its lighter set of fields."""

    fieldsets = FIELDSETS

    def __init__(self, *args: Any, org_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = set(content_fields_for(org_type))
        for name, field in _model_fields().items():
            if name in wanted:
                self.fields[name] = copy.deepcopy(field)
        if "major_matters" in wanted:
            self.fields["major_matters"] = forms.CharField(
                label=_("重大事项"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("每行一项，如换届、修改章程、重大投资、接受大额捐赠等；没有可不填。"),
            )
        for name in ("income_total", "expense_total", "net_assets"):
            if name in self.fields:
                self.fields[name].help_text = _(
                    "须等于各分项之和（净资产 = 资产总额 − 负债总额）。"
                )

    @staticmethod
    def initial_from(report: AnnualReport) -> dict[str, Any]:
        initial = {name: getattr(report, name) for name in MODEL_FIELDS}
        initial["major_matters"] = report.major_matters_text
        return initial

    def content(self) -> dict[str, Any]:
        """The cleaned values in the shape the service takes."""
        data = dict(self.cleaned_data)
        if "major_matters" in data:
            data["major_matters"] = [
                line.strip() for line in data["major_matters"].splitlines() if line.strip()
            ]
        if "party_org_form" in data:
            data["party_org_form"] = data["party_org_form"] or ""
        return data


def _years(latest: int, count: int = 6) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(latest, latest - count, -1)]


class ReportStartForm(forms.Form):
    year = forms.TypedChoiceField(label=_("报告年度"), coerce=int)

    def __init__(self, *args: Any, latest_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years(latest_year)
        self.fields["year"].initial = latest_year


class ReportActionForm(forms.Form):
    action = forms.ChoiceField(label=_("办理事项"), choices=[(a.value, a.value) for a in Action])
    note = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改、基本合格或不合格时必须写明原因或整改要求。"),
    )


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("报告年度"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *AnnualReport.State.choices]
    )
    org_type = forms.ChoiceField(
        label=_("组织类型"),
        required=False,
        choices=[("", _("全部类型")), *Organization.Type.choices],
    )
    street = forms.ModelChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部街道")
    )

    def __init__(self, *args: Any, user: Any, latest_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *_years(latest_year, 10)]
        self.fields["street"].queryset = scope_streets(user)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("报告年度"), coerce=int)

    def __init__(self, *args: Any, years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
