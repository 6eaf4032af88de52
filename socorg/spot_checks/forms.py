"""Forms of the spot-check pages. They parse and present; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.accounts.models import User
from socorg.areas.models import Area
from socorg.registry.forms import FieldsetsMixin, add_service_errors
from socorg.registry.models import Organization
from socorg.registry.rules import uscc as uscc_rules
from socorg.spot_checks import permissions
from socorg.spot_checks.models import Campaign, ConflictDeclaration, SampledOrganization
from socorg.spot_checks.policy import get_policy
from socorg.spot_checks.services import CampaignInput

__all__ = [
    "CampaignFilterForm",
    "CampaignForm",
    "ConflictForm",
    "FindingForm",
    "PoolAddForm",
    "PoolRemoveForm",
    "RectificationForm",
    "VerifyForm",
    "add_service_errors",
]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}（{obj.get_role_display()}）"


def campaign_areas(user: Any) -> Any:
    """The district of the user and its streets (the scopes a campaign may take)."""
    if getattr(user, "area", None) is None:
        return Area.objects.none()
    return (
        Area.objects.current()
        .filter(code__startswith=user.area.code, level__in=permissions.CAMPAIGN_LEVELS)
        .order_by("code")
    )


class CampaignFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Campaign.State.choices]
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_bound and self.is_valid() else None


class CampaignForm(FieldsetsMixin, forms.Form):
    fieldsets = [
        (_("任务"), ["name", "year", "area", "org_types"]),
        (_("抽取检查对象"), ["strata", "share", "count_per_stratum", "min_per_stratum", "seed"]),
        (
            _("选派检查人员"),
            ["inspectors_per_check", "employment_recusal_years", "same_street_recusal"],
        ),
    ]

    name = forms.CharField(
        label=_("任务名称"),
        max_length=100,
        error_messages={"required": _("请填写任务名称。")},
    )
    year = forms.IntegerField(
        label=_("年度"),
        error_messages={"required": _("请填写年度。"), "invalid": _("年度须为数字。")},
    )
    area = forms.ModelChoiceField(
        label=_("抽查范围"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择抽查范围。")},
    )
    org_types = forms.MultipleChoiceField(
        label=_("组织类型"),
        required=False,
        choices=Organization.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则抽查范围内全部类型。"),
    )
    strata = forms.ChoiceField(label=_("分层方式"), choices=Campaign.StrataChoice.choices)
    share = forms.DecimalField(
        label=_("抽查比例（%）"),
        required=False,
        help_text=_("每层按比例抽取（四舍五入），大于 0 且不超过 100。"),
        error_messages={"invalid": _("抽查比例须为数字。")},
    )
    count_per_stratum = forms.IntegerField(
        label=_("每层抽取数量"),
        required=False,
        help_text=_("选填；填写后每层按固定数量抽取，不按比例。"),
        error_messages={"invalid": _("每层抽取数量须为整数。")},
    )
    min_per_stratum = forms.IntegerField(
        label=_("每层最少抽取数量"),
        error_messages={"required": _("请填写每层最少抽取数量。"), "invalid": _("须为整数。")},
    )
    seed = forms.CharField(
        label=_("随机种子"),
        required=False,
        max_length=64,
        help_text=_("选填；不填则由系统随机生成。种子一经记录，任何人可据此复核抽取结果。"),
    )
    inspectors_per_check = forms.IntegerField(
        label=_("每户检查人员数"),
        error_messages={"required": _("请填写每户检查人员数。"), "invalid": _("须为整数。")},
    )
    employment_recusal_years = forms.IntegerField(
        label=_("任职回避年限"),
        help_text=_("检查人员在该年限内曾在被检查组织任职的，应当回避。"),
        error_messages={"required": _("请填写任职回避年限。"), "invalid": _("须为整数。")},
    )
    same_street_recusal = forms.BooleanField(
        label=_("检查人员与被检查组织在同一街道的，应当回避"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        policy = get_policy()
        kwargs.setdefault(
            "initial",
            {
                "share": policy.share_percent,
                "min_per_stratum": policy.minimum_per_stratum,
                "inspectors_per_check": policy.inspectors_per_check,
                "employment_recusal_years": policy.employment_recusal_years,
                "same_street_recusal": policy.same_street_recusal,
                "strata": Campaign.StrataChoice.TYPE,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = campaign_areas(user)

    def campaign_input(self) -> CampaignInput:
        data = self.cleaned_data
        return CampaignInput(
            name=data["name"],
            year=data["year"],
            area=data["area"],
            strata=data["strata"],
            share=data.get("share") if data.get("count_per_stratum") is None else None,
            count_per_stratum=data.get("count_per_stratum"),
            min_per_stratum=data["min_per_stratum"],
            org_types=data.get("org_types") or [],
            inspectors_per_check=data["inspectors_per_check"],
            employment_recusal_years=data["employment_recusal_years"],
            same_street_recusal=data.get("same_street_recusal", False),
            seed=data.get("seed", ""),
        )

    def full_clean(self) -> None:
        super().full_clean()
        # A share left empty with no count is "0%": let the service name the rule.
        if (
            self.is_bound
            and not self.errors
            and self.cleaned_data.get("share") is None
            and self.cleaned_data.get("count_per_stratum") is None
        ):
            self.add_error("share", _("请填写抽查比例（%），或填写每层抽取数量。"))


class FindingForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("检查结果"),
        choices=[c for c in SampledOrganization.Finding.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择检查结果：未发现问题或发现问题。")},
    )
    finding_text = forms.CharField(
        label=_("发现的问题"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("发现问题的必填：写明问题及依据。"),
    )
    checked_on = forms.DateField(
        label=_("检查日期"),
        widget=_date_widget(),
        error_messages={"required": _("请填写检查日期。"), "invalid": _("日期格式应为 年-月-日。")},
    )


class RectificationForm(forms.Form):
    deadline = forms.DateField(
        label=_("整改期限"),
        widget=_date_widget(),
        help_text=_("逾期未完成整改的，列入活动异常名录（A3）。"),
        error_messages={"required": _("请填写整改期限。"), "invalid": _("日期格式应为 年-月-日。")},
    )
    document_number = forms.CharField(
        label=_("整改通知文号"),
        max_length=100,
        error_messages={"required": _("请填写整改通知文号。")},
    )
    content = forms.CharField(
        label=_("整改事项"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不填则为检查发现的问题。"),
    )


class VerifyForm(forms.Form):
    rectified_on = forms.DateField(
        label=_("完成整改日期"),
        widget=_date_widget(),
        error_messages={
            "required": _("请填写完成整改日期。"),
            "invalid": _("日期格式应为 年-月-日。"),
        },
    )
    evidence = forms.CharField(
        label=_("查实依据"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("查实整改须说明依据（证据）。")},
    )


class PoolAddForm(forms.Form):
    user = UserChoiceField(
        label=_("检查人员"),
        queryset=User.objects.none(),
        error_messages={"required": _("请选择检查人员。")},
    )
    street = forms.ModelChoiceField(
        label=_("所在街道"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("按账户所属区划"),
        help_text=_("用于同街道回避；不选则按账户所属街道。"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [r.value for r in permissions.POOL_ROLES]
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role__in=roles)
            .filter(
                Q(role=User.Role.EXPERT)
                | Q(area__code__startswith=user.area.code)
                | Q(agency__area__code__startswith=user.area.code)
            )
            .exclude(spot_check_pool__is_active=True, spot_check_pool__area=user.area)
            .order_by("role", "username")
        )
        self.fields["street"].queryset = Area.objects.current().filter(
            code__startswith=user.area.code, level=Area.Level.STREET
        )


class PoolRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("移出原因"), max_length=500, error_messages={"required": _("请说明移出原因。")}
    )


class ConflictForm(forms.Form):
    inspector = UserChoiceField(
        label=_("检查人员"),
        queryset=User.objects.none(),
        error_messages={"required": _("请选择检查人员。")},
    )
    organization = forms.CharField(
        label=_("组织"),
        max_length=40,
        help_text=_("填写统一社会信用代码；社区社会组织可填写平台中的组织编号。"),
        error_messages={"required": _("请填写组织的统一社会信用代码或编号。")},
    )
    kind = forms.ChoiceField(label=_("关系"), choices=ConflictDeclaration.Kind.choices)
    ended_on = forms.DateField(
        label=_("离职日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("曾任职的填写；仍在任职的不填。"),
        error_messages={"invalid": _("日期格式应为 年-月-日。")},
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role == User.Role.DISTRICT_ADMIN and user.area_id:
            self.fields["inspector"].queryset = User.objects.filter(
                spot_check_pool__area__code__startswith=user.area.code,
                spot_check_pool__is_active=True,
            ).distinct()
        else:
            self.fields["inspector"].queryset = User.objects.filter(pk=user.pk)
            self.fields["inspector"].initial = user.pk
            self.fields["inspector"].widget = forms.HiddenInput()

    def clean_organization(self) -> Organization:
        raw = self.cleaned_data["organization"].strip()
        code = uscc_rules.normalize(raw)
        org = None
        if raw.isdigit() and len(raw) < 18:
            org = Organization.objects.filter(pk=int(raw)).first()
        else:
            org = Organization.objects.filter(uscc=code).order_by("-id").first()
        if org is None:
            raise forms.ValidationError(_("没有找到该统一社会信用代码或编号对应的组织。"))
        return org
