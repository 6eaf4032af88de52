"""Forms of the illegal-organization pages. They parse and present; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.areas.models import Area
from socorg.illegal import selectors
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.services import CaseInput, TipInput
from socorg.registry.forms import FieldsetsMixin, add_service_errors

__all__ = [
    "CaseDecideForm",
    "CaseFilterForm",
    "CaseOpenForm",
    "EvidenceForm",
    "PublicTipForm",
    "StaffTipForm",
    "TipAssignForm",
    "TipCloseForm",
    "TipFilterForm",
    "add_service_errors",
]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaChoiceField(forms.ModelChoiceField):
    """A street shown with its district, so one list serves several districts."""

    def label_from_instance(self, obj: Area) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{parent} {obj.name}".strip() if obj.level == Area.Level.STREET else obj.name


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}（{obj.get_role_display()}）"


class OfficersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}（{obj.get_role_display()}）"


class _TipFields(FieldsetsMixin, forms.Form):
    reported_name = forms.CharField(
        label=_("被举报组织名称"),
        max_length=200,
        help_text=_("该组织对外使用的名称或自称，不清楚可填写大致描述。"),
        error_messages={"required": _("请填写被举报的组织名称（或其自称）。")},
    )
    district = forms.ModelChoiceField(
        label=_("所在区县"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择所在区县。")},
    )
    street = AreaChoiceField(
        label=_("所在街道"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("不清楚"),
    )
    location = forms.CharField(label=_("活动地点"), max_length=200, required=False)
    description = forms.CharField(
        label=_("举报内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明该组织以什么名义、在何时何地开展了什么活动，是否收取费用等。"),
        error_messages={"required": _("请填写举报内容：该组织以什么名义、在哪里开展了什么活动。")},
    )
    reporter_name = forms.CharField(label=_("举报人姓名"), max_length=50, required=False)
    reporter_contact = forms.CharField(
        label=_("联系电话或电子邮箱"),
        max_length=100,
        required=False,
        help_text=_("选填，仅用于核实情况时联系您，不会公开。"),
    )

    def tip_input(self, **extra: Any) -> TipInput:
        data = self.cleaned_data
        return TipInput(
            reported_name=data["reported_name"],
            description=data["description"],
            district=data["district"],
            street=data.get("street"),
            location=data.get("location", ""),
            reporter_name=data.get("reporter_name", ""),
            reporter_contact=data.get("reporter_contact", ""),
            **extra,
        )


class PublicTipForm(_TipFields):
    """The public form: anonymous allowed, consent required; offered districts are the ones the
    platform serves."""

    consent = forms.BooleanField(
        label=_(
            "本人承诺所举报内容真实，知悉提供的个人信息仅用于核查本举报，并同意登记管理机关据此联系本人。"
        ),
        error_messages={"required": _("请勾选承诺与同意后再提交。")},
    )

    fieldsets = [
        (
            _("被举报的组织"),
            ["reported_name", "district", "street", "location", "description"],
        ),
        (_("举报人信息（可匿名）"), ["reporter_name", "reporter_contact"]),
        (_("承诺"), ["consent"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = list(selectors.tip_districts())
        self.fields["district"].queryset = selectors.tip_districts()
        self.fields["street"].queryset = selectors.tip_streets()
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk
        else:
            # Several districts share the platform: the reporter picks one, nothing preselected.
            self.fields["district"].empty_label = _("请选择区县")


class StaffTipForm(_TipFields):
    """Staff filing a tip: source and channel, and when it was received."""

    source = forms.ChoiceField(label=_("线索来源"), choices=Tip.Source.choices)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Tip.Channel.choices)
    received_at = forms.DateTimeField(
        label=_("受理时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("不填则为当前时间。"),
    )

    fieldsets = [
        (_("线索来源"), ["source", "channel", "received_at"]),
        (
            _("被举报的组织"),
            ["reported_name", "district", "street", "location", "description"],
        ),
        (_("举报人信息（可匿名）"), ["reporter_name", "reporter_contact"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        streets = selectors.staff_streets(user=user)
        self.fields["street"].queryset = streets
        district_ids = set(streets.values_list("parent_id", flat=True))
        if user.role == Role.DISTRICT_ADMIN and user.area_id:
            district_ids.add(user.area_id)
        districts = Area.objects.filter(id__in=district_ids, level=Area.Level.DISTRICT)
        self.fields["district"].queryset = districts.order_by("code")
        if user.role == Role.DEPARTMENT_OFFICER:
            # A department's tips are referrals; the source is fixed by the service.
            self.fields["source"].choices = [
                (Tip.Source.DEPARTMENT.value, Tip.Source.DEPARTMENT.label)
            ]
            self.fields["channel"].initial = Tip.Channel.REFERRAL.value
        if user.role == Role.STREET_OFFICER:
            self.fields["street"].required = True
            self.fields["street"].empty_label = None

    def tip_input(self, **extra: Any) -> TipInput:
        data = self.cleaned_data
        return super().tip_input(
            source=data["source"],
            channel=data["channel"],
            received_at=data.get("received_at") or timezone.now(),
            **extra,
        )


class TipFilterForm(forms.Form):
    q = forms.CharField(label=_("被举报组织名称"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Tip.State.choices]
    )
    street = AreaChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = selectors.staff_streets(user=user)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None


class TipAssignForm(forms.Form):
    handled_by = OfficerChoiceField(
        label=_("承办人"),
        queryset=User.objects.none(),
        error_messages={"required": _("请选择承办人。")},
    )
    note = forms.CharField(label=_("分派说明"), required=False, max_length=500)

    def __init__(self, *args: Any, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = selectors.assignable_officers(
            district_id=tip.district_id, street_id=tip.street_id
        )


class TipCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("核查情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("请说明核查情况（为何查无实据）。")},
    )


class CaseOpenForm(FieldsetsMixin, forms.Form):
    tips = forms.ModelMultipleChoiceField(
        label=_("并入的举报线索"),
        queryset=Tip.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一条待处理的举报线索。")},
    )
    subject_name = forms.CharField(
        label=_("涉案组织名称"),
        max_length=200,
        error_messages={"required": _("请填写涉案组织名称。")},
    )
    street = AreaChoiceField(
        label=_("所在街道"),
        queryset=Area.objects.none(),
        error_messages={"required": _("请选择所在街道。")},
    )
    location = forms.CharField(label=_("活动地点"), max_length=200, required=False)
    opened_on = forms.DateField(label=_("立案日期"), widget=_date_widget())
    officers = OfficersChoiceField(
        label=_("承办人员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少指定一名承办人员。")},
    )

    fieldsets = [
        (_("线索"), ["tips"]),
        (_("立案信息"), ["subject_name", "street", "location", "opened_on", "officers"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tips"].queryset = selectors.tip_open_in_scope(user=user)
        self.fields["tips"].label_from_instance = lambda t: (
            f"#{t.pk} {t.reported_name}（{t.street.name if t.street_id else t.district.name}）"
        )
        streets = selectors.staff_streets(user=user)
        self.fields["street"].queryset = streets
        self.fields["officers"].queryset = selectors.case_officer_choices(user=user)
        self.fields["opened_on"].initial = timezone.localdate()

    def case_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            subject_name=data["subject_name"],
            street=data["street"],
            opened_on=data["opened_on"],
            officers=list(data["officers"]),
            location=data.get("location", ""),
        )


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *InvestigationCase.State.choices],
    )
    outcome = forms.ChoiceField(
        label=_("调查结论"),
        required=False,
        choices=[("", _("全部")), *InvestigationCase.Outcome.choices],
    )
    street = AreaChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = selectors.staff_streets(user=user)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None


class EvidenceForm(forms.Form):
    description = forms.CharField(
        label=_("证据说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("请填写证据说明。")},
    )
    file = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("选填。可上传 PDF、图片、Word、Excel 或文本文件。"),
    )


class CaseDecideForm(FieldsetsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("调查结论"),
        choices=InvestigationCase.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择调查结论：取缔、劝散、引导登记或不构成。")},
    )
    decided_on = forms.DateField(
        label=_("决定日期"),
        widget=_date_widget(),
        error_messages={"required": _("请填写决定日期。")},
    )
    document_number = forms.CharField(
        label=_("决定文书号"),
        max_length=100,
        required=False,
        help_text=_("结论为取缔或劝散时必填。"),
    )
    reason = forms.CharField(
        label=_("认定事实和理由"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("请填写认定的事实和理由。")},
    )

    fieldsets = [(_("调查结论"), ["outcome", "decided_on", "document_number", "reason"])]
