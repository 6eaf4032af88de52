"""Forms of the evaluation pages. They parse and present; the services validate, decide and write.

Score sheets are built from the round's template: one field per first-level indicator named
``score_<code>``, so the service's error on ``scores.<code>`` lands on that field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socorg.core.i18n import render
from socorg.evaluation.models import ExpertAffiliation, LevelChoices, Objection
from socorg.evaluation.selectors import expert_candidates


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    year = forms.IntegerField(label=_("评估年度"), min_value=2000, max_value=2100)
    opened_on = _date(_("开始申报日期"))
    application_deadline = _date(_("申报截止日期"))


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("评审专家"), queryset=expert_candidates())


class SheetForm(forms.Form):
    """One points field per indicator (and, for experts, one comment field)."""

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[dict[str, Any]],
        comments: bool = False,
        initial_scores: dict[str, Any] | None = None,
        initial_comments: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: list[str] = []
        scores = initial_scores or {}
        notes = initial_comments or {}
        for item in indicators:
            code = str(item["code"])
            self.codes.append(code)
            name = render(str(item["name"]))
            # Text, not a number field: the service checks the range and names the indicator.
            self.fields[f"score_{code}"] = forms.CharField(
                label=_("%(name)s（满分 %(max)s 分）") % {"name": name, "max": item["max_points"]},
                required=False,
                initial=scores.get(code),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            if comments:
                self.fields[f"comment_{code}"] = forms.CharField(
                    label=_("%(name)s评语") % {"name": name},
                    required=False,
                    initial=notes.get(code, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def scores(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"score_{code}", "") for code in self.codes}

    def comments(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"comment_{code}", "")
            for code in self.codes
            if f"comment_{code}" in self.fields
        }

    def aliases(self) -> dict[str, str]:
        """Service error keys → field names."""
        names = {f"scores.{code}": f"score_{code}" for code in self.codes}
        names.update({f"comments.{code}": f"comment_{code}" for code in self.codes})
        return names


class RecuseForm(forms.Form):
    reason = _text(_("回避理由"))


class WithdrawForm(forms.Form):
    reason = _text(_("撤回理由"), required=False)


class ObjectionForm(forms.Form):
    reason = _text(_("异议理由"), rows=5)


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            (Objection.State.REJECTED, _("异议不成立，维持评估结果")),
            (Objection.State.UPHELD, _("异议成立，更正评估结果")),
        ],
        widget=forms.RadioSelect,
    )
    corrected_total = forms.CharField(
        label=_("更正后总分"),
        required=False,
        help_text=_("异议成立时填写；不填写则不予评定等级。"),
    )
    resolution = _text(_("处理意见"))


class AffiliationForm(forms.Form):
    uscc = forms.CharField(label=_("组织统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("关系"), choices=ExpertAffiliation.Kind.choices)
    started_on = _date(_("起始日期"), required=False)
    ended_on = _date(_("终止日期"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class StatisticsForm(forms.Form):
    on = _date(_("统计日期"), required=False)
    min_level = forms.ChoiceField(
        label=_("最低等级"), choices=LevelChoices.choices, initial=LevelChoices.A3, required=False
    )
