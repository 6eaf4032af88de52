"""Forms of the credit pages. They parse and present; the services validate, decide and write.

Each fact form's cleaned data are the keyword arguments of its service, so a field error from the
service lands on the field of the same name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socorg.agencies.models import Agency
from socorg.credit import permissions
from socorg.credit.models import LIST_CHOICES, AdministrativePenalty, TriggerFact
from socorg.credit.rules import Trigger
from socorg.credit.selectors import CreditListFilters
from socorg.registry.forms import FieldsetsMixin, scope_streets
from socorg.registry.models import Organization


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _authority_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("决定机关"),
        queryset=Agency.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        help_text=_("决定机关不在列表中时，填写下面的决定机关名称。"),
    )


def _evidence_file() -> forms.FileField:
    return forms.FileField(label=_("证据材料"), required=False)


class PenaltyForm(FieldsetsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("处罚种类"), choices=AdministrativePenalty.Kind.choices)
    fine_amount = forms.DecimalField(
        label=_("罚款金额（元）"), required=False, max_digits=14, decimal_places=2
    )
    decided_on = _date(_("处罚决定日期"))
    document_number = forms.CharField(label=_("行政处罚决定书文号"), max_length=100)
    authority = _authority_field()
    authority_name = forms.CharField(label=_("决定机关名称"), max_length=100, required=False)
    description = _text(_("违法事实与处罚内容"))
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [
        (_("处罚决定"), ["kind", "fine_amount", "decided_on", "document_number"]),
        (_("决定机关"), ["authority", "authority_name"]),
        (_("事实与证据"), ["description", "evidence", "evidence_file"]),
    ]


class CourtRecordForm(FieldsetsMixin, forms.Form):
    court = forms.CharField(label=_("执行法院"), max_length=100)
    case_number = forms.CharField(label=_("执行案号"), max_length=100)
    listed_on = _date(_("列入失信被执行人名单日期"))
    removed_on = _date(_("移出失信被执行人名单日期"), required=False)
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [
        (_("失信被执行人信息"), ["court", "case_number", "listed_on", "removed_on"]),
        (_("证据"), ["evidence", "evidence_file"]),
    ]


class NoticeForm(FieldsetsMixin, forms.Form):
    issued_on = _date(_("下达日期"))
    deadline = _date(_("整改期限"))
    document_number = forms.CharField(label=_("整改通知文号"), max_length=100)
    source = forms.CharField(
        label=_("来源"), max_length=100, required=False, help_text=_("如抽查任务编号。")
    )
    content = _text(_("整改事项"), required=True)
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [
        (_("整改通知"), ["issued_on", "deadline", "document_number", "source", "content"]),
        (_("证据"), ["evidence", "evidence_file"]),
    ]


class LetterForm(FieldsetsMixin, forms.Form):
    sent_on = _date(_("寄出日期"))
    returned_unsigned = forms.BooleanField(label=_("无人签收退回"), required=False)
    outcome_on = _date(_("签收或退回日期"))
    tracking_number = forms.CharField(label=_("挂号信单号"), max_length=60)
    address = forms.CharField(
        label=_("寄送地址"), max_length=200, required=False, help_text=_("不填时为登记住所。")
    )
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [
        (
            _("专用挂号信"),
            ["sent_on", "tracking_number", "address", "outcome_on", "returned_unsigned"],
        ),
        (_("证据"), ["evidence", "evidence_file"]),
    ]


OWES_CHOICES = [
    ("", _("按该情形的默认规定")),
    ("yes", _("须履行义务或者整改")),
    ("no", _("无需整改")),
]


class TriggerFactForm(FieldsetsMixin, forms.Form):
    code = forms.ChoiceField(label=_("列入情形"), choices=TriggerFact.Code.choices)
    decided_on = _date(_("决定日期"))
    document_number = forms.CharField(label=_("决定文书号"), max_length=100)
    authority = _authority_field()
    authority_name = forms.CharField(label=_("决定机关名称"), max_length=100, required=False)
    owes = forms.ChoiceField(label=_("是否须整改"), choices=OWES_CHOICES, required=False)
    description = _text(_("事实与理由"), required=True)
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [
        (_("认定"), ["code", "decided_on", "document_number", "owes"]),
        (_("决定机关"), ["authority", "authority_name"]),
        (_("事实与证据"), ["description", "evidence", "evidence_file"]),
    ]

    def clean_owes(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("owes") or "")


class VerificationForm(FieldsetsMixin, forms.Form):
    verified_on = _date(_("查实日期"), required=False)
    codes = forms.MultipleChoiceField(
        label=_("查实的情形"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选时为全部尚未履行的情形。"),
    )
    document_number = forms.CharField(label=_("文书号"), max_length=100, required=False)
    evidence = _text(_("查实依据（证据说明）"), required=True)
    evidence_file = forms.FileField(label=_("证据材料"), required=False)

    fieldsets = [
        (_("查实"), ["verified_on", "codes", "document_number"]),
        (_("证据"), ["evidence", "evidence_file"]),
    ]

    def __init__(self, *args: Any, codes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = codes or [t.value for t in Trigger if not t.is_serious]
        self.fields["codes"].choices = [(c, c) for c in offered]


class NoticeVerifyForm(FieldsetsMixin, forms.Form):
    rectified_on = _date(_("完成整改日期"))
    evidence = _text(_("查实依据（证据说明）"), required=True)

    fieldsets = [(_("查实整改"), ["rectified_on", "evidence"])]


class VoidForm(FieldsetsMixin, forms.Form):
    reason = _text(_("作废原因"), required=True)

    fieldsets = [(_("作废"), ["reason"])]


class ObjectionForm(FieldsetsMixin, forms.Form):
    reason = _text(_("异议理由"), required=True, rows=5)
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [(_("异议"), ["reason", "evidence", "evidence_file"])]


class ObjectionResolveForm(FieldsetsMixin, forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("处理结果"),
        choices=[("1", _("异议成立：作废所依据的事实并重新评估")), ("0", _("异议不成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    resolution = _text(_("处理意见"), required=True, rows=4)

    fieldsets = [(_("处理异议"), ["upheld", "resolution"])]


class ApplicationForm(FieldsetsMixin, forms.Form):
    list_kind = forms.ChoiceField(label=_("申请移出的名录"), choices=LIST_CHOICES)
    statement = _text(_("申请理由"), required=True, rows=5)
    evidence = _text(_("证据说明"))
    evidence_file = _evidence_file()

    fieldsets = [(_("移出申请"), ["list_kind", "statement", "evidence", "evidence_file"])]


class ApplicationExamineForm(FieldsetsMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审查结果"),
        choices=[("1", _("准予移出")), ("0", _("不予移出"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = _text(_("审查意见"), rows=4)
    document_number = forms.CharField(label=_("文书号"), max_length=100, required=False)

    fieldsets = [(_("审查移出申请"), ["approve", "decision", "document_number"])]


FACT_FORMS: dict[str, type[forms.Form]] = {
    permissions.PENALTY: PenaltyForm,
    permissions.COURT: CourtRecordForm,
    permissions.NOTICE: NoticeForm,
    permissions.LETTER: LetterForm,
    permissions.TRIGGER: TriggerFactForm,
    permissions.VERIFICATION: VerificationForm,
}

FACT_TITLES: dict[str, Any] = {
    permissions.PENALTY: _("录入行政处罚"),
    permissions.COURT: _("录入失信被执行人记录"),
    permissions.NOTICE: _("录入整改通知"),
    permissions.LETTER: _("录入专用挂号信"),
    permissions.TRIGGER: _("录入列入情形认定"),
    permissions.VERIFICATION: _("查实履行义务（整改）"),
}


class CreditListFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    list_kind = forms.ChoiceField(
        label=_("名录"), required=False, choices=[("", _("全部名录")), *LIST_CHOICES]
    )
    street = forms.ModelChoiceField(label=_("街道"), queryset=None, required=False)
    org_type = forms.ChoiceField(
        label=_("组织类型"),
        required=False,
        choices=[("", _("全部类型")), *Organization.Type.choices],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        street = self.fields["street"]
        assert isinstance(street, forms.ModelChoiceField)
        street.queryset = scope_streets(user)
        street.empty_label = str(_("全部街道"))

    def filters(self) -> CreditListFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        street = data.get("street")
        return CreditListFilters(
            list_kind=data.get("list_kind") or "",
            street=street.pk if street else None,
            org_type=data.get("org_type") or "",
            q=data.get("q") or "",
        )
