"""Forms of the party-building pages. They parse and present; the services decide and write.

Numbers are parsed as plain integers so that the service's rule message ("正式党员人数不能为负数")
is the one the user reads, the same as over the API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socorg.party.models import JointCoverage, PartyInstructorAssignment, PartyOrganization
from socorg.party.services import PartyOrganizationInput
from socorg.registry.forms import FieldsetsMixin
from socorg.registry.models import ACTIVE, Organization
from socorg.registry.selectors import organization_visible


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CoveredChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name}（{obj.get_org_type_display()}）"


class PartyOrganizationForm(FieldsetsMixin, forms.Form):
    fieldsets = [
        (_("组建情况"), ["form", "level", "name", "established_on", "secretary_name"]),
        (_("党员与章程"), ["full_members", "charter_includes_party_building"]),
        (_("联合组建覆盖的其他组织"), ["covered_organizations"]),
        (_("核实"), ["as_of", "reason"]),
    ]

    form = forms.ChoiceField(label=_("组建形式"), choices=PartyOrganization.Form.choices)
    level = forms.ChoiceField(
        label=_("党组织层级"),
        required=False,
        choices=[("", _("（未建立党组织时不填）")), *PartyOrganization.Level.choices],
    )
    name = forms.CharField(label=_("党组织名称"), required=False, max_length=100)
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=_date_widget())
    secretary_name = forms.CharField(label=_("书记姓名"), required=False, max_length=50)
    full_members = forms.IntegerField(
        label=_("正式党员人数"),
        initial=0,
        help_text=_("有正式党员 3 人以上的，应当单独组建党组织；不足的可联合组建。"),
    )
    charter_includes_party_building = forms.BooleanField(
        label=_("党建工作已写入章程（党建入章）"), required=False
    )
    covered_organizations = CoveredChoiceField(
        label=_("被覆盖的组织"),
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("仅联合组建时填写；联合党支部覆盖单位一般不超过 5 个（含本组织）。"),
    )
    as_of = forms.DateField(label=_("核实日期"), widget=_date_widget())
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = JointCoverage.objects.filter(
            party_organization__organization=organization
        ).values("organization_id")
        # The organization's street, plus units already covered elsewhere in the user's scope.
        self.fields["covered_organizations"].queryset = (
            organization_visible(user=user)
            .filter(status__in=ACTIVE)
            .filter(Q(street_id=organization.street_id) | Q(id__in=current))
            .exclude(id=organization.id)
            .order_by("name", "id")
        )
        self.fields["as_of"].initial = timezone.localdate()

    @staticmethod
    def initial_from(party: PartyOrganization | None) -> dict[str, Any]:
        if party is None:
            return {"form": PartyOrganization.Form.NONE}
        return {
            "form": party.form,
            "level": party.level,
            "name": party.name,
            "established_on": party.established_on,
            "secretary_name": party.secretary_name,
            "full_members": party.full_members,
            "charter_includes_party_building": party.charter_includes_party_building,
            "covered_organizations": list(party.covered_organizations.all()),
        }

    def party_input(self) -> PartyOrganizationInput:
        data = self.cleaned_data
        return PartyOrganizationInput(
            form=data["form"],
            level=data["level"] or "",
            name=data["name"] or "",
            full_members=data["full_members"],
            secretary_name=data["secretary_name"] or "",
            established_on=data["established_on"],
            charter_includes_party_building=data["charter_includes_party_building"],
            covered_organizations=tuple(data["covered_organizations"] or ()),
            as_of=data["as_of"],
        )


class InstructorForm(FieldsetsMixin, forms.Form):
    fieldsets = [(_("选派"), ["role", "person_name", "phone", "assigned_on"])]

    role = forms.ChoiceField(label=_("类别"), choices=PartyInstructorAssignment.Role.choices)
    person_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    assigned_on = forms.DateField(label=_("选派日期"), widget=_date_widget())


class InstructorEndForm(FieldsetsMixin, forms.Form):
    fieldsets = [(_("结束选派"), ["ended_on", "reason"])]

    ended_on = forms.DateField(label=_("结束日期"), widget=_date_widget())
    reason = forms.CharField(label=_("结束原因"), required=False, max_length=200)


class MissingFilterForm(forms.Form):
    street = forms.IntegerField(required=False, widget=forms.HiddenInput)
