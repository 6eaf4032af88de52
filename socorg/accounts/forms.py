"""Forms of the account administration pages. They parse input; the services validate it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from socorg.accounts.models import User
from socorg.accounts.permissions import SECURITY_ASSIGNABLE_ROLES, SYSTEM_ASSIGNABLE_ROLES
from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.core.errors import ApplicationError


def _role_choices(roles: frozenset[Role], *, blank: bool = False) -> list[tuple[str, Any]]:
    choices = [(value, label) for value, label in User.Role.choices if Role(value) in roles]
    return [("", _("全部角色")), *choices] if blank else choices


class AccountFieldsForm(forms.Form):
    """Details, role and scope, as the system administrator enters them."""

    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"))
    # A code, not a select: the division table may hold a whole province's streets.
    area = forms.ModelChoiceField(
        label=_("所辖区划代码"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        error_messages={"invalid_choice": _("区划代码“%(value)s”不存在或已停用。")},
        help_text=_(
            "区县 6 位、街道 9 位、社区 12 位。民政局管理员、审计人员填区县及以上；"
            "街道、社区工作人员填本街道、本社区的代码。"
        ),
    )
    agency = forms.ModelChoiceField(
        label=_("所属单位"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("仅业务主管单位人员需要。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(SYSTEM_ASSIGNABLE_ROLES)
        self.fields["area"].queryset = Area.objects.current()
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class UserCreateForm(AccountFieldsForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用，创建后不能修改；可用字母、数字和 @ . + - _。"),
    )
    password1 = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "phone", "email", "role", "area", "agency"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class UserEditForm(AccountFieldsForm):
    def __init__(self, *args: Any, locked_role: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked_role is not None:
            # Administrator and organization roles are not the system administrator's to change.
            field = self.fields["role"]
            field.choices = [(locked_role, User.Role(locked_role).label)]
            field.disabled = True
            field.help_text = _("该账户的角色不能由系统管理员修改。")


class AdministratorRoleForm(forms.Form):
    """The security administrator grants or revokes an administrator role."""

    role = forms.ChoiceField(
        label=_("角色"),
        help_text=_("撤销管理员角色时改为“公众”，再由系统管理员分配业务角色。"),
    )

    def __init__(self, *args: Any, current_role: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _role_choices(SECURITY_ASSIGNABLE_ROLES)
        if current_role and current_role not in dict(choices):
            choices.insert(0, (current_role, User.Role(current_role).label))
        self.fields["role"].choices = choices


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("确认新密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), widget=forms.Textarea(attrs={"rows": 3}))


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    role = forms.ChoiceField(label=_("角色"), required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("正常")), ("inactive", _("已停用"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(frozenset(Role), blank=True)


# Service error keys that name a different form field.
FIELD_ALIASES = {"password": "password1"}


def add_service_errors(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's per-field errors on the form (unknown fields as form errors)."""
    if not error.errors:
        form.add_error(None, error.message)
        return
    for field, messages in error.errors.items():
        name = FIELD_ALIASES.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
