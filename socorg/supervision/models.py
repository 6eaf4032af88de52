"""The daily run's log: one row per day and step, so staff can see what the last runs did.

The daily run itself (``socorg.supervision.services.daily_run``) changes the other apps' data
(credit lists, dormancy scores, expiry reminders); this model only records that it ran, how
long it took, how many queries it issued and what it changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """One step of the daily run for one day. Running the same day again updates this row."""

    class Step(models.TextChoices):
        CREDIT = "credit", _("信用名录评估")
        DORMANCY = "dormancy", _("僵尸型组织评分")
        REMINDERS = "reminders", _("评估等级到期提醒")
        DEADLINES = "deadlines", _("年度报告截止核对")
        PARTY = "party", _("党组织设立核对（A2）")

    run_on = models.DateField(_("运行日期"))
    step = models.CharField(_("步骤"), max_length=16, choices=Step.choices)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"))
    seconds = models.FloatField(_("用时（秒）"), default=0)
    queries = models.PositiveIntegerField(_("查询次数"), default=0)
    # What the run changed (the step's own counts); kept from the last run that changed
    # something, so a repeat of the same day that changes nothing does not hide it.
    counts = models.JSONField(_("计数"), default=dict)
    changed = models.PositiveIntegerField(_("变更行数"), default=0)
    runs = models.PositiveIntegerField(_("运行次数"), default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("运行人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("每日运行记录")
        verbose_name_plural = _("每日运行记录")
        ordering = ["-run_on", "step"]
        constraints = [
            models.UniqueConstraint(fields=["run_on", "step"], name="supervision_daily_run_uniq")
        ]
        indexes = [models.Index(fields=["-finished_at"], name="supervision_run_finished_idx")]

    def __str__(self) -> str:
        return f"{self.run_on} {self.get_step_display()}"
