"""Forms of the dormancy pages. They parse and present; the services decide and validate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socorg.areas.models import Area
from socorg.core.i18n import render
from socorg.dormancy import selectors
from socorg.dormancy.models import STATE_CHOICES, ExitCase
from socorg.dormancy.rules import CASE_ACTION_LABELS, CASE_TRANSITIONS, CaseAction, CaseState
from socorg.dormancy.services import DECISIONS, StepInput
from socorg.registry.forms import add_service_errors
from socorg.registry.models import Organization

__all__ = [
    "CaseFilterForm",
    "CaseOpenForm",
    "RankFilterForm",
    "StatisticsForm",
    "StepForm",
    "add_service_errors",
]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Filters(forms.Form):
    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None


class RankFilterForm(_Filters):
    street = forms.ModelChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部")
    )
    org_type = forms.ChoiceField(
        label=_("组织类型"),
        required=False,
        choices=[("", _("全部")), *Organization.Type.choices],
    )
    candidates_only = forms.BooleanField(label=_("仅显示符合认定情形的组织"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = selectors.dormancy_streets(user=user)


class CaseFilterForm(_Filters):
    state = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部"))])
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *ExitCase.Outcome.choices]
    )
    street = forms.ModelChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部")), *STATE_CHOICES]
        self.fields["street"].queryset = selectors.dormancy_streets(user=user)


class CaseOpenForm(forms.Form):
    opened_on = forms.DateField(
        label=_("立案排查日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("不填为今天。"),
        error_messages={"invalid": _("请输入有效的日期，如 2026-03-01。")},
    )
    note = forms.CharField(
        label=_("情况说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如线索来源、初步掌握的情况。"),
    )


class StepForm(forms.Form):
    """One step on a case; only the fields the step needs are kept."""

    occurred_on = forms.DateField(
        label=_("办理日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("不填为今天。"),
        error_messages={"invalid": _("请输入有效的日期，如 2026-03-01。")},
    )
    document_number = forms.CharField(label=_("文书号"), required=False, max_length=100)
    deadline = forms.DateField(
        label=_("整改期限"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("请输入有效的日期，如 2026-03-01。")},
    )
    note = forms.CharField(
        label=_("事实、理由或情况说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: ExitCase, action: CaseAction, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", action.value)
        super().__init__(*args, **kwargs)
        self.case_action = action
        self.title = render(CASE_ACTION_LABELS[action])
        state = CaseState(case.state)
        transition = CASE_TRANSITIONS[(state, action)]
        self.basis = transition.basis
        deregistering = (
            action == CaseAction.ANNOUNCE
            and state == CaseState.GUIDED_DEREGISTRATION
            and case.organization.is_active
        )
        if action != CaseAction.DECIDE_RECTIFY:
            del self.fields["deadline"]
        document = self.fields["document_number"]
        if action in DECISIONS:
            document.label = _("决定文书号")
            document.help_text = _("撤销登记决定书、指导注销通知书或限期整改通知书的编号（必填）。")
        elif deregistering:
            document.label = _("注销登记文书号")
            document.help_text = _("该组织尚未办理注销登记：填写后在此一并办理注销。")
        elif action in (CaseAction.NOTIFY, CaseAction.ANNOUNCE):
            document.label = _("告知书或公告文号（选填）")
        else:
            del self.fields["document_number"]
        if transition.note_required:
            self.fields["note"].help_text = _("须写明事实和理由。")

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            action=self.case_action.value,
            occurred_on=data.get("occurred_on"),
            note=data.get("note", ""),
            document_number=data.get("document_number", ""),
            deadline=data.get("deadline"),
        )


class StatisticsForm(forms.Form):
    start = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("请输入有效的日期，如 2026-01-01。")},
    )
    end = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("请输入有效的日期，如 2026-12-31。")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data

    def period(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The chosen period; by default this year up to today."""
        day = today or timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("start") or dt.date(day.year, 1, 1), data.get("end") or day
