"""Party building (党建): each organization's party organization, the units a joint branch
covers, and the instructors and liaisons assigned to organizations (docs/domain.md §8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.party.rules import InstructorRole, PartyOrgForm, PartyOrgLevel


class PartyOrganization(TimeStampedModel):
    """The party organization of one social organization, as last verified (one row each)."""

    class Form(models.TextChoices):
        NONE = PartyOrgForm.NONE.value, _("未建立")
        SINGLE = PartyOrgForm.SINGLE.value, _("单独组建")
        JOINT = PartyOrgForm.JOINT.value, _("联合组建")
        FUNCTIONAL = PartyOrgForm.FUNCTIONAL.value, _("功能型")

    class Level(models.TextChoices):
        COMMITTEE = PartyOrgLevel.COMMITTEE.value, _("党委")
        GENERAL_BRANCH = PartyOrgLevel.GENERAL_BRANCH.value, _("党总支")
        BRANCH = PartyOrgLevel.BRANCH.value, _("党支部")

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="party_organization",
    )
    form = models.CharField(_("组建形式"), max_length=16, choices=Form.choices)
    level = models.CharField(_("党组织层级"), max_length=16, choices=Level.choices, blank=True)
    name = models.CharField(_("党组织名称"), max_length=100, blank=True)
    full_members = models.PositiveIntegerField(_("正式党员人数"), default=0)
    secretary_name = models.CharField(_("书记姓名"), max_length=50, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    charter_includes_party_building = models.BooleanField(_("党建入章"), default=False)
    as_of = models.DateField(_("核实日期"))
    covered_organizations = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("联合覆盖的其他组织"),
        through="JointCoverage",
        related_name="+",
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        constraints = [
            models.CheckConstraint(
                condition=Q(full_members__gte=0), name="party_org_members_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(form=PartyOrgForm.NONE.value, level="")
                | (~Q(form=PartyOrgForm.NONE.value) & ~Q(level="")),
                name="party_org_level_iff_established",
            ),
        ]
        indexes = [
            # The "required but missing" list and the A2 candidates: form none, members ≥ N.
            models.Index(fields=["form", "full_members"], name="party_org_form_members_idx"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_form_display())


class JointCoverage(models.Model):
    """A member unit of a joint branch (联合党支部) hosted by another organization's record."""

    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("联合党组织"),
        on_delete=models.CASCADE,
        related_name="coverages",
    )
    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("被覆盖的组织"),
        on_delete=models.PROTECT,
        related_name="joint_coverage",
        help_text=_("一个组织只能属于一个联合党组织。"),
    )

    class Meta:
        verbose_name = _("联合覆盖单位")
        verbose_name_plural = _("联合覆盖单位")

    def __str__(self) -> str:
        return f"{self.party_organization_id} → {self.organization_id}"


class PartyInstructorAssignment(TimeStampedModel):
    """A 党建工作指导员 or 联络员 assigned to an organization (工作覆盖); ended, never deleted."""

    class Role(models.TextChoices):
        INSTRUCTOR = InstructorRole.INSTRUCTOR.value, _("党建工作指导员")
        LIAISON = InstructorRole.LIAISON.value, _("党建联络员")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="party_instructors",
    )
    role = models.CharField(_("类别"), max_length=16, choices=Role.choices)
    person_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    assigned_on = models.DateField(_("选派日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("党建工作指导员（联络员）")
        verbose_name_plural = _("党建工作指导员（联络员）")
        ordering = ["organization_id", "-assigned_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("assigned_on")),
                name="party_instructor_end_after_start",
            ),
        ]
        indexes = [
            # 工作覆盖: "has a current assignment" is an EXISTS on (organization, ended_on).
            models.Index(fields=["organization", "ended_on"], name="party_instructor_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person_name}"
