"""Forms of the registry pages. They parse and present; the services decide and write.

Choices are limited to the user's scope so the page offers only what may succeed; the
services check permission again on every write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.agencies.selectors import agency_list
from socorg.areas.models import Area
from socorg.core.errors import ApplicationError
from socorg.registry.models import LifecycleEvent, Organization
from socorg.registry.rules.lifecycle import REGISTERED_TYPES
from socorg.registry.selectors import SORTS, OrganizationFilters, service_domain_list
from socorg.registry.services import EventInput, OrganizationInput

SORT_LABELS: dict[str, Any] = {
    "-id": _("最近录入在前"),
    "id": _("最早录入在前"),
    "name": _("名称（升序）"),
    "-name": _("名称（降序）"),
    "-registered_on": _("登记日期（新→旧）"),
    "registered_on": _("登记日期（旧→新）"),
}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Scope: which streets and communities a user's pickers offer.


def _streets_under(area: Area | None, *, current: bool) -> QuerySet[Area]:
    streets = (Area.objects.current() if current else Area.objects.all()).filter(
        level=Area.Level.STREET
    )
    if area is None:
        return streets.none()
    if area.level == Area.Level.COMMUNITY:
        return streets.filter(id=area.parent_id)
    if area.level == Area.Level.STREET:
        return streets.filter(id=area.id)
    if area.level == Area.Level.DISTRICT:
        return streets.filter(parent_id=area.id)
    if area.level == Area.Level.CITY:
        return streets.filter(parent__parent_id=area.id)
    return streets.filter(code__startswith=area.code)


def scope_streets(user: Any, *, current: bool = False) -> QuerySet[Area]:
    """Streets whose organizations the user may see (a supervisory unit: its agency's area).

    Lists filter on every street, merged ones included; forms offer current streets only.
    """
    if user.role == Role.DEPARTMENT_OFFICER:
        area = user.agency.area if user.agency_id else None
    else:
        area = user.area
    return _streets_under(area, current=current).order_by("code")


def scope_communities(user: Any, street_id: int | None) -> QuerySet[Area]:
    """Communities of one street in the user's scope (a community officer: only their own)."""
    communities = Area.objects.filter(level=Area.Level.COMMUNITY)
    if street_id is None:
        return communities.none()
    communities = communities.filter(parent_id=street_id, parent__in=scope_streets(user))
    if user.role == Role.COMMUNITY_OFFICER:
        communities = communities.filter(id=user.area_id)
    return communities.order_by("code")


def add_service_errors(
    form: forms.Form, exc: ApplicationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Put a service's per-field messages on the form's fields (unknown fields: on top)."""
    if not exc.errors:
        form.add_error(None, exc.message)
        return
    for name, messages in exc.errors.items():
        target = (aliases or {}).get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


class FieldsetsMixin:
    """Forms declare ``fieldsets``: (title, field names) for the page to render in groups."""

    fieldsets: list[tuple[Any, list[str]]] = []

    def grouped(self) -> Iterator[tuple[Any, list[BoundField]]]:
        for title, names in self.fieldsets:
            bound = [self[name] for name in names if name in self.fields]  # type: ignore[index]
            if bound:
                yield title, bound


# The list's filters.


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("名称、统一社会信用代码、法定代表人姓名或证件号码")}
        ),
    )
    org_type = forms.ChoiceField(
        label=_("组织类型"),
        required=False,
        choices=[("", _("全部类型")), *Organization.Type.choices],
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *Organization.Status.choices],
    )
    street = forms.ModelChoiceField(
        label=_("街道"), required=False, queryset=Area.objects.none(), empty_label=_("全部街道")
    )
    community = forms.ModelChoiceField(
        label=_("社区"), required=False, queryset=Area.objects.none(), empty_label=_("全部社区")
    )
    domain = forms.ChoiceField(label=_("服务领域"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"), required=False, choices=[(k, SORT_LABELS[k]) for k in SORTS]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = scope_streets(user)
        # Choosing a street reloads the page so the community list follows it.
        self.fields["street"].widget.attrs["onchange"] = (
            "if(this.form.community){this.form.community.value='';}this.form.submit();"
        )
        try:
            street_id = int(self.data.get("street") or 0) or None
        except (TypeError, ValueError):
            street_id = None
        self.fields["community"].queryset = scope_communities(user, street_id)
        self.fields["community"].disabled = street_id is None
        self.fields["domain"].choices = [
            ("", _("全部领域")),
            *service_domain_list().values_list("code", "name"),
        ]

    def filters(self) -> OrganizationFilters:
        """Valid filters only; a bad value is shown as an error and otherwise ignored."""
        data = self.cleaned_data if self.is_bound else {}
        street = data.get("street")
        community = data.get("community")
        return OrganizationFilters(
            q=data.get("q") or "",
            org_type=data.get("org_type") or "",
            status=data.get("status") or "",
            street=street.id if street else None,
            community=community.id if community and street else None,
            domain=data.get("domain") or "",
        )

    def sort_key(self) -> str:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("sort") or "-id"


# Registration and change.


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.parent.name if obj.parent else ''} · {obj.name}"


class EventFieldsMixin(forms.Form):
    occurred_on = forms.DateField(label=_("办理日期"), widget=_date_widget())
    document_number = forms.CharField(
        label=_("文书号"),
        required=False,
        max_length=100,
        help_text=_("登记证书、备案通知或决定书的编号。"),
    )
    reason = forms.CharField(
        label=_("事由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            occurred_on=data["occurred_on"],
            document_number=data.get("document_number") or "",
            reason=data.get("reason") or "",
        )


class OrganizationForm(FieldsetsMixin, EventFieldsMixin):
    """Register a new organization (成立登记 / 备案), or change one (变更登记)."""

    name = forms.CharField(label=_("组织名称"), max_length=100)
    org_type = forms.ChoiceField(label=_("组织类型"), choices=Organization.Type.choices)
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        required=False,
        max_length=30,
        help_text=_("登记的社会组织必填；社区社会组织可不填。"),
    )
    supervisory_unit = forms.ModelChoiceField(
        label=_("业务主管单位"), required=False, queryset=Agency.objects.none()
    )
    directly_registered = forms.BooleanField(label=_("直接登记（无业务主管单位）"), required=False)
    legal_rep_name = forms.CharField(label=_("法定代表人（负责人）"), required=False, max_length=50)
    legal_rep_id = forms.CharField(label=_("法定代表人身份证号码"), required=False, max_length=30)
    street = forms.ModelChoiceField(label=_("街道"), queryset=Area.objects.none())
    community = CommunityChoiceField(label=_("社区"), required=False, queryset=Area.objects.none())
    domicile = forms.CharField(label=_("住所"), required=False, max_length=200)
    contact_person = forms.CharField(label=_("联系人"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=_date_widget())
    registered_on = forms.DateField(
        label=_("登记（备案）日期"),
        required=False,
        widget=_date_widget(),
        help_text=_("不填时取办理日期。"),
    )
    registered_funds = forms.DecimalField(
        label=_("注册资金（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    staff_full_time = forms.IntegerField(label=_("专职人员"), min_value=0, initial=0)
    staff_part_time = forms.IntegerField(label=_("兼职人员"), min_value=0, initial=0)
    volunteers = forms.IntegerField(label=_("志愿者"), min_value=0, initial=0)
    is_charity = forms.BooleanField(label=_("慈善组织"), required=False)
    charity_recognized_on = forms.DateField(
        label=_("认定为慈善组织日期"), required=False, widget=_date_widget()
    )
    public_fundraising = forms.BooleanField(label=_("具有公开募捐资格"), required=False)
    domains = forms.ModelMultipleChoiceField(
        label=_("服务领域"),
        required=False,
        queryset=service_domain_list(),
        widget=forms.CheckboxSelectMultiple,
    )

    fieldsets = [
        (
            _("基本信息"),
            ["name", "org_type", "uscc", "supervisory_unit", "directly_registered"],
        ),
        (_("法定代表人（负责人）"), ["legal_rep_name", "legal_rep_id"]),
        (_("所在区域与住所"), ["street", "community", "domicile"]),
        (_("联系方式"), ["contact_person", "contact_phone", "contact_email"]),
        (
            _("规模与资质"),
            [
                "founded_on",
                "registered_on",
                "registered_funds",
                "staff_full_time",
                "staff_part_time",
                "volunteers",
                "is_charity",
                "charity_recognized_on",
                "public_fundraising",
                "domains",
            ],
        ),
        (_("办理信息"), ["occurred_on", "document_number", "reason"]),
    ]

    def __init__(
        self,
        *args: Any,
        user: Any,
        organization: Organization | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.organization = organization
        streets = scope_streets(user, current=True)
        if organization is not None:
            # A record may still point at a street merged since; keep it selectable.
            streets = Area.objects.filter(
                Q(pk__in=streets.values("pk")) | Q(pk=organization.street_id)
            )
        self.fields["street"].queryset = streets.order_by("code")
        self.fields["community"].queryset = (
            Area.objects.filter(level=Area.Level.COMMUNITY, parent__in=streets)
            .select_related("parent")
            .order_by("code")
        )
        self.fields["supervisory_unit"].queryset = agency_list(kind=Agency.Kind.SUPERVISORY_UNIT)
        if user.role == Role.STREET_OFFICER:
            # A street files community organizations only (民发〔2017〕191号).
            self.fields["org_type"].choices = [
                c for c in Organization.Type.choices if c[0] == Organization.Type.COMMUNITY
            ]
        self.fields["occurred_on"].initial = timezone.localdate
        if organization is None:
            self.fields["document_number"].help_text = _(
                "成立登记须填写登记证书编号；社区社会组织备案可不填。"
            )
        else:
            self.fields["org_type"].disabled = True
            self.fields["org_type"].help_text = _(
                "组织类型不能通过变更登记修改；社区社会组织请办理“转为登记”。"
            )
            if user.role != Role.DISTRICT_ADMIN:
                self.fields["street"].disabled = True
                self.fields["street"].help_text = _("只有登记管理机关可以变更组织所在街道。")
            self.fields["legal_rep_id"].help_text = _("当前：%(masked)s。留空表示不变更。") % {
                "masked": organization.legal_rep_id_masked or "—"
            }
            self.fields["reason"].required = True
            self.fields["reason"].label = _("变更事由")

    @staticmethod
    def initial_from(data: OrganizationInput) -> dict[str, Any]:
        """Pre-fill a change form from the current record."""
        initial = {
            name: getattr(data, name)
            for name in OrganizationInput.__dataclass_fields__
            if name not in ("legal_rep_id", "registration_authority", "district")
        }
        initial["domains"] = [d.pk for d in data.domains]
        return initial

    def organization_input(self, *, registration_authority: Agency) -> OrganizationInput:
        data = self.cleaned_data
        street: Area = data["street"]
        legal_rep_id = (data.get("legal_rep_id") or "").strip()
        return OrganizationInput(
            name=data["name"],
            org_type=data["org_type"],
            registration_authority=registration_authority,
            district=street.parent,
            street=street,
            community=data.get("community"),
            uscc=data.get("uscc") or "",
            supervisory_unit=data.get("supervisory_unit"),
            directly_registered=data.get("directly_registered", False),
            legal_rep_name=data.get("legal_rep_name") or "",
            legal_rep_id=legal_rep_id or None,
            contact_person=data.get("contact_person") or "",
            contact_phone=data.get("contact_phone") or "",
            contact_email=data.get("contact_email") or "",
            domicile=data.get("domicile") or "",
            founded_on=data.get("founded_on"),
            registered_on=data.get("registered_on"),
            registered_funds=data.get("registered_funds"),
            staff_full_time=data.get("staff_full_time") or 0,
            staff_part_time=data.get("staff_part_time") or 0,
            volunteers=data.get("volunteers") or 0,
            is_charity=data.get("is_charity", False),
            charity_recognized_on=data.get("charity_recognized_on"),
            public_fundraising=data.get("public_fundraising", False),
            domains=list(data.get("domains") or []),
        )


# Aliases: service field names that the form shows under another field.
ORGANIZATION_ERROR_ALIASES = {"district": "street", "registration_authority": "org_type"}


class ContactForm(FieldsetsMixin, forms.Form):
    contact_person = forms.CharField(label=_("联系人"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False)
    reason = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("可选：为何更新联系方式。"),
    )

    fieldsets = [(_("联系方式"), ["contact_person", "contact_phone", "contact_email", "reason"])]


class TerminateForm(FieldsetsMixin, EventFieldsMixin):
    kind = forms.ChoiceField(
        label=_("办理事项"),
        choices=[
            (LifecycleEvent.Kind.DEREGISTRATION, _("注销")),
            (LifecycleEvent.Kind.REVOCATION, _("撤销")),
        ],
        widget=forms.RadioSelect,
    )

    fieldsets = [(_("办理信息"), ["kind", "occurred_on", "document_number", "reason"])]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate
        self.fields["document_number"].required = True
        self.fields["document_number"].help_text = _("注销登记或撤销决定书的编号。")
        self.fields["reason"].required = True


class ConvertForm(FieldsetsMixin, EventFieldsMixin):
    org_type = forms.ChoiceField(
        label=_("登记后的组织类型"),
        choices=[c for c in Organization.Type.choices if c[0] in REGISTERED_TYPES],
    )
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    supervisory_unit = forms.ModelChoiceField(
        label=_("业务主管单位"), required=False, queryset=Agency.objects.none()
    )
    directly_registered = forms.BooleanField(label=_("直接登记（无业务主管单位）"), required=False)
    legal_rep_name = forms.CharField(
        label=_("法定代表人"),
        required=False,
        max_length=50,
        help_text=_("不填时沿用原负责人。"),
    )

    fieldsets = [
        (
            _("登记信息"),
            ["org_type", "uscc", "supervisory_unit", "directly_registered", "legal_rep_name"],
        ),
        (_("办理信息"), ["occurred_on", "document_number", "reason"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisory_unit"].queryset = agency_list(kind=Agency.Kind.SUPERVISORY_UNIT)
        self.fields["occurred_on"].initial = timezone.localdate
        self.fields["document_number"].required = True
        self.fields["document_number"].help_text = _("登记证书的编号。")


class AccountForm(FieldsetsMixin, forms.Form):
    """Open a login for the organization (社会组织账户)."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("联系人姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False)

    fieldsets = [(_("组织账户"), ["username", "full_name", "phone", "password"])]
