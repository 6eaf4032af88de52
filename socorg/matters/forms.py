"""Forms of the major-matter pages. They parse and present; the services decide and write.

Title and dates are left to the service's rules so the page and the API show the same message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socorg.matters.models import MajorMatter
from socorg.matters.selectors import MatterFilters
from socorg.matters.services import MatterInput
from socorg.registry.forms import FieldsetsMixin


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatterForm(FieldsetsMixin, forms.Form):
    fieldsets = [
        (_("事项"), ["kind", "title", "description"]),
        (_("日期（二选一）"), ["occurred_on", "planned_on"]),
    ]

    kind = forms.ChoiceField(
        label=_("事项类别"), choices=[("", _("请选择")), *MajorMatter.Kind.choices]
    )
    title = forms.CharField(label=_("事项标题"), required=False, max_length=200)
    description = forms.CharField(
        label=_("事项说明"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    occurred_on = forms.DateField(
        label=_("发生日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("已发生的事项填写发生日期。"),
    )
    planned_on = forms.DateField(
        label=_("计划日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("尚未发生的事项填写计划日期。"),
    )

    @staticmethod
    def initial_from(matter: MajorMatter) -> dict[str, Any]:
        return {
            "kind": matter.kind,
            "title": matter.title,
            "description": matter.description,
            "occurred_on": matter.occurred_on,
            "planned_on": matter.planned_on,
        }

    def matter_input(self) -> MatterInput:
        data = self.cleaned_data
        return MatterInput(
            kind=data["kind"],
            title=data["title"] or "",
            description=data["description"] or "",
            occurred_on=data["occurred_on"],
            planned_on=data["planned_on"],
        )


class MatterHandleForm(forms.Form):
    note = forms.CharField(
        label=_("意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须写明需要补正的内容。"),
    )


class MatterFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *MajorMatter.State.choices]
    )
    kind = forms.ChoiceField(
        label=_("事项类别"),
        required=False,
        choices=[("", _("全部类别")), *MajorMatter.Kind.choices],
    )

    def filters(self) -> MatterFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return MatterFilters(state=data.get("state") or "", kind=data.get("kind") or "")
