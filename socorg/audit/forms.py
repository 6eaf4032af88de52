"""The audit log's search form. It parses input; the selector filters."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socorg.audit.models import AuditEvent
from socorg.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人用户名"), required=False, max_length=150)
    action = forms.CharField(
        label=_("动作"),
        required=False,
        max_length=64,
        help_text=_("如 user.create；以 * 结尾按前缀查找，如 user.*"),
    )
    object_type = forms.CharField(
        label=_("对象类型"), required=False, max_length=64, help_text=_("如 accounts.user")
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    category = forms.ChoiceField(label=_("类别"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("对象名称包含"), required=False, max_length=100)

    def __init__(self, *args: Any, categories: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部可见类别"))] + [
            (value, label) for value, label in AuditEvent.Category.choices if value in categories
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            category=data.get("category") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q") or "",
        )
