"""双随机、一公开: campaigns, the inspector pool, conflict declarations, the drawn organizations.

A campaign records its seed and its sampling plan, so the draw can be repeated by anyone
(``socorg.spot_checks.rules``). A finding that requires rectification becomes a credit
``RectificationNotice``; a missed deadline is then trigger A3 in the credit rules.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.spot_checks.rules import ConflictKind, Strata


class Campaign(TimeStampedModel):
    """One spot-check campaign (抽查任务): scope, sampling plan, seed, and where it stands."""

    class State(models.TextChoices):
        DRAFT = "draft", _("待抽取")
        DRAWN = "drawn", _("已抽取检查对象")
        IN_PROGRESS = "in_progress", _("检查中")
        COMPLETED = "completed", _("检查完成")
        PUBLISHED = "published", _("结果已公开")

    class StrataChoice(models.TextChoices):
        NONE = Strata.NONE.value, _("不分层")
        TYPE = Strata.TYPE.value, _("按组织类型分层")
        STREET = Strata.STREET.value, _("按街道分层")
        TYPE_STREET = Strata.TYPE_STREET.value, _("按街道和组织类型分层")

    name = models.CharField(_("任务名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("抽查范围"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_types = models.JSONField(
        _("组织类型"), default=list, blank=True, help_text=_("不选则抽查范围内全部类型。")
    )
    strata = models.CharField(
        _("分层方式"), max_length=16, choices=StrataChoice.choices, default=StrataChoice.TYPE
    )
    share = models.DecimalField(
        _("抽查比例（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    count_per_stratum = models.PositiveIntegerField(
        _("每层抽取数量"), null=True, blank=True, help_text=_("填写后按固定数量抽取，不按比例。")
    )
    min_per_stratum = models.PositiveIntegerField(_("每层最少抽取数量"), default=1)
    inspectors_per_check = models.PositiveSmallIntegerField(_("每户检查人员数"), default=2)
    employment_recusal_years = models.PositiveSmallIntegerField(_("任职回避年限"), default=3)
    same_street_recusal = models.BooleanField(_("同街道回避"), default=False)
    seed = models.CharField(_("随机种子"), max_length=64)
    seed_generated = models.BooleanField(_("种子由系统生成"), default=False)

    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    population_size = models.PositiveIntegerField(_("抽取总体数量"), null=True, blank=True)
    draw_summary = models.JSONField(_("分层抽取情况"), default=list, blank=True, editable=False)
    drawn_on = models.DateField(_("抽取日期"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("选派时间"), null=True, blank=True)
    assignment_summary = models.JSONField(_("选派情况"), default=dict, blank=True, editable=False)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "name"], name="spot_campaign_area_year_name_uniq"
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gt=0, share__lte=100),
                name="spot_campaign_share_range",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=False) | Q(count_per_stratum__gte=1),
                name="spot_campaign_share_or_count",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "-id"], name="spot_campaign_area_idx"),
            models.Index(fields=["state", "-id"], name="spot_campaign_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class InspectorPoolMember(TimeStampedModel):
    """执法检查人员名录库: who may be drawn as an inspector for campaigns in an area."""

    class Source(models.TextChoices):
        AGENCY = "agency", _("机关执法人员")
        EXPERT = "expert", _("专家")

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("该区划及其下辖街道的抽查任务可选派此人。"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人员"),
        on_delete=models.PROTECT,
        related_name="spot_check_pool",
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    street = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所在街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("用于同街道回避。"),
    )
    is_active = models.BooleanField(_("在库"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员库")
        ordering = ["area_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "user"], name="spot_pool_area_user_uniq")
        ]
        indexes = [models.Index(fields=["area", "is_active", "id"], name="spot_pool_area_idx")]

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(TimeStampedModel):
    """An inspector's relationship with an organization that requires recusal (回避)."""

    class Kind(models.TextChoices):
        OWN = ConflictKind.OWN.value, _("本人所在组织（成员、负责人或工作人员）")
        EMPLOYMENT = ConflictKind.EMPLOYMENT.value, _("曾在该组织任职")
        INTEREST = ConflictKind.INTEREST.value, _("其他利害关系")

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人员"),
        on_delete=models.CASCADE,
        related_name="spot_check_conflicts",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("关系"), max_length=16, choices=Kind.choices)
    ended_on = models.DateField(
        _("离职日期"), null=True, blank=True, help_text=_("曾任职的填写；仍在任职的不填。")
    )
    note = models.TextField(_("说明"), blank=True)
    declared_on = models.DateField(_("申报日期"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("回避申报")
        verbose_name_plural = _("回避申报")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "organization", "kind"], name="spot_conflict_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["inspector", "organization"], name="spot_conflict_pair_idx"),
            models.Index(fields=["organization"], name="spot_conflict_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} — {self.organization}"


class SampledOrganization(models.Model):
    """An organization drawn in a campaign: its inspectors, the finding and any rectification."""

    class Finding(models.TextChoices):
        PENDING = "", _("待检查")
        NO_ISSUE = "no_issue", _("未发现问题")
        ISSUES = "issues", _("发现问题")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("抽查任务"), on_delete=models.CASCADE, related_name="sampled"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stratum = models.CharField(_("所在分层"), max_length=60, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人员"),
        blank=True,
        related_name="spot_check_inspections",
    )
    finding = models.CharField(
        _("检查结果"), max_length=16, choices=Finding.choices, default=Finding.PENDING, blank=True
    )
    finding_text = models.TextField(_("发现的问题"), blank=True)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_notice = models.OneToOneField(
        "credit.RectificationNotice",
        verbose_name=_("整改通知"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_check",
    )
    published = models.BooleanField(_("结果已公开"), default=False)

    class Meta:
        verbose_name = _("抽查对象")
        verbose_name_plural = _("抽查对象")
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="spot_sampled_campaign_org_uniq"
            ),
            models.CheckConstraint(
                condition=~Q(finding="issues") | ~Q(finding_text=""),
                name="spot_sampled_issue_has_text",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "id"], name="spot_sampled_campaign_idx"),
            models.Index(fields=["organization", "-id"], name="spot_sampled_org_idx"),
            models.Index(fields=["published", "id"], name="spot_sampled_published_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.organization_id}"
