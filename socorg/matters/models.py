"""Major-matter reports (重大事项报告) filed by organizations and acknowledged by officers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.matters.rules import MatterKind, MatterState


class MajorMatter(TimeStampedModel):
    class Kind(models.TextChoices):
        ELECTION = MatterKind.ELECTION.value, _("换届")
        MAJOR_ACTIVITY = MatterKind.MAJOR_ACTIVITY.value, _("重大活动")
        FOREIGN_AFFAIRS = MatterKind.FOREIGN_AFFAIRS.value, _("涉外活动")
        LARGE_DONATION = MatterKind.LARGE_DONATION.value, _("接受大额捐赠")
        MAJOR_INVESTMENT = MatterKind.MAJOR_INVESTMENT.value, _("重大投资")
        LEGAL_REP_CHANGE = MatterKind.LEGAL_REP_CHANGE.value, _("法定代表人变动")
        OTHER = MatterKind.OTHER.value, _("其他")

    class State(models.TextChoices):
        FILED = MatterState.FILED.value, _("待确认")
        ACKNOWLEDGED = MatterState.ACKNOWLEDGED.value, _("已确认")
        RETURNED = MatterState.RETURNED.value, _("已退回")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="major_matters",
    )
    kind = models.CharField(_("事项类别"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("事项标题"), max_length=200)
    description = models.TextField(_("事项说明"), blank=True)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)
    planned_on = models.DateField(_("计划日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.FILED, editable=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("报告时间"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    note = models.TextField(_("确认或退回意见"), blank=True)

    class Meta:
        verbose_name = _("重大事项报告")
        verbose_name_plural = _("重大事项报告")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_on__isnull=True) | Q(planned_on__isnull=True),
                name="matter_one_date",
            ),
            models.CheckConstraint(
                condition=Q(occurred_on__isnull=False) | Q(planned_on__isnull=False),
                name="matter_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-id"], name="matter_org_idx"),
            models.Index(fields=["state", "-id"], name="matter_state_idx"),
            models.Index(fields=["updated_at"], name="matter_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title
