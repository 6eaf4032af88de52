"""Dormant (僵尸型) organizations: the latest dormancy score per organization, the daily runs
that compute it, and exit cases (排查 → 核实 → 告知/约谈 → 决定 → 公告 → 结案) with their steps.

Only the latest score is kept (one row per organization, and only for an organization with at
least one signal or criterion): a daily snapshot of a million organizations would grow by a
million rows a day for no reader. ``computed_on`` is the day the stored content was computed;
``DormancyRun`` records the days the scoring ran.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.i18n import render
from socorg.core.messages import Msg
from socorg.dormancy.rules import CASE_ACTION_LABELS, CASE_STATE_LABELS, CaseAction, CaseState


class DormancyScore(models.Model):
    """An organization's current dormancy score, each point with its reason (domain.md §9).

    ``reasons`` is a list of ``{"signal", "points", "explanation", "message", "params", "basis"}``
    (``explanation`` is the Chinese text; ``message``/``params`` re-render it in the reader's
    language); ``criteria`` a list of ``{"criterion", "explanation", "message", "params",
    "basis"}`` for the campaign's scope criteria met. The area and supervisory unit are copied
    from the organization so a street's ranked list is one index range.
    """

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("组织"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="dormancy_score",
    )
    computed_on = models.DateField(_("评分日期"))
    total = models.PositiveIntegerField(_("疑似僵尸型风险分"))
    reasons = models.JSONField(_("得分理由"), default=list)
    criteria = models.JSONField(_("符合的认定情形"), default=list)
    candidate = models.BooleanField(_("符合认定情形"), default=False)
    org_type = models.CharField(_("组织类型"), max_length=20)
    district = models.ForeignKey(
        "areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "areas.Area", verbose_name=_("街道"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "areas.Area",
        verbose_name=_("社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisory_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("业务主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A hash of what the row is written from: the daily run compares it instead of the JSON.
    digest = models.CharField(max_length=40, editable=False)

    class Meta:
        verbose_name = _("疑似僵尸型评分")
        verbose_name_plural = _("疑似僵尸型评分")
        ordering = ["-total", "organization_id"]
        indexes = [
            models.Index(
                fields=["street", "-total", "organization"], name="dormancy_street_rank_idx"
            ),
            models.Index(
                fields=["district", "-total", "organization"], name="dormancy_district_rank_idx"
            ),
            models.Index(fields=["-total", "organization"], name="dormancy_rank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.total}"

    @staticmethod
    def _text(item: dict[str, Any]) -> str:
        if item.get("message"):
            return render(Msg(item["message"], item.get("params") or {}))
        return str(item.get("explanation", ""))

    @property
    def reason_list(self) -> list[dict[str, Any]]:
        """The reasons with their explanation in the reader's language."""
        return [{**r, "text": self._text(r)} for r in self.reasons]

    @property
    def criterion_list(self) -> list[dict[str, Any]]:
        return [{**c, "text": self._text(c)} for c in self.criteria]


class DormancyCheck(models.Model):
    """When an active organization's score must next be computed again though nothing about it
    changes (``rules.next_review_on``: a month count moving on, a deadline passing). One row per
    active organization; ``check_on`` empty: time alone changes nothing. The daily run
    re-scores the organizations due on its day and those whose facts changed since it last
    ran, instead of everyone."""

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("组织"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="dormancy_check",
    )
    check_on = models.DateField(_("下次评估日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("疑似僵尸型下次评估")
        verbose_name_plural = _("疑似僵尸型下次评估")
        indexes = [models.Index(fields=["check_on"], name="dormancy_check_on_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.check_on}"


class DormancyRun(models.Model):
    """One day's scoring: when it ran and what it changed (the ranked list shows its date).

    ``mode`` is ``full`` (every active organization) or ``incremental`` (those due that day or
    whose facts changed since ``started_at`` of the run before); ``policy_digest`` is the
    scoring policy it ran with — a changed policy makes the next run a full one."""

    class Mode(models.TextChoices):
        FULL = "full", _("全量")
        INCREMENTAL = "incremental", _("增量")

    run_on = models.DateField(_("评估日期"), unique=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), auto_now=True)
    mode = models.CharField(_("方式"), max_length=12, choices=Mode.choices, default=Mode.FULL)
    candidates = models.PositiveIntegerField(_("待评估组织数"), default=0)
    policy_digest = models.CharField(max_length=40, blank=True, editable=False)
    organizations = models.PositiveIntegerField(_("评估组织数"), default=0)
    scored = models.PositiveIntegerField(_("有风险信号的组织数"), default=0)
    created = models.PositiveIntegerField(_("新增评分"), default=0)
    updated = models.PositiveIntegerField(_("更新评分"), default=0)
    deleted = models.PositiveIntegerField(_("删除评分"), default=0)
    cases_advanced = models.PositiveIntegerField(_("推进案件数"), default=0)

    class Meta:
        verbose_name = _("疑似僵尸型评估运行")
        verbose_name_plural = _("疑似僵尸型评估运行")
        ordering = ["-run_on"]

    def __str__(self) -> str:
        return str(self.run_on)


STATE_CHOICES = [(s.value, _(CASE_STATE_LABELS[s])) for s in CaseState]
ACTION_CHOICES = [(a.value, _(CASE_ACTION_LABELS[a])) for a in CaseAction]
OPEN_STATES = [s.value for s in CaseState if s != CaseState.CLOSED]


class ExitCase(models.Model):
    """One organization's exit case (清理整治): from 排查 to 结案, with its outcome."""

    class Outcome(models.TextChoices):
        REVOKED = "revoked", _("撤销登记")
        DEREGISTERED = "deregistered", _("注销登记")
        REACTIVATED = "reactivated", _("整改激活")
        DISMISSED = "dismissed", _("排除（不属于僵尸型）")

    class Decision(models.TextChoices):
        REVOKE = "revoke", _("撤销登记")
        DEREGISTER = "deregister", _("指导注销")
        RECTIFY = "rectify", _("限期整改")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="exit_cases",
    )
    state = models.CharField(
        _("阶段"), max_length=24, choices=STATE_CHOICES, default=CaseState.SCREENING.value
    )
    opened_on = models.DateField(_("立案排查日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the ranked list showed when the case was opened (the score moves on every day).
    score_total = models.PositiveIntegerField(_("立案时风险分"), default=0)
    score_reasons = models.JSONField(_("立案时得分理由"), default=list, blank=True)
    score_criteria = models.JSONField(_("立案时符合的认定情形"), default=list, blank=True)
    decision = models.CharField(_("处理决定"), max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    document_number = models.CharField(_("决定文书号"), max_length=100, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("结果生效日期"), null=True, blank=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("僵尸型组织清理案件")
        verbose_name_plural = _("僵尸型组织清理案件")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=~Q(state=CaseState.CLOSED.value),
                name="dormancy_one_open_case",
                violation_error_message=_("该组织已有未结案的清理案件。"),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-id"], name="dormancy_case_state_idx"),
            models.Index(fields=["organization", "-id"], name="dormancy_case_org_idx"),
            models.Index(fields=["outcome", "outcome_on"], name="dormancy_case_outcome_idx"),
            models.Index(fields=["opened_on"], name="dormancy_case_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED


class ExitCaseStep(models.Model):
    """One step of an exit case: the action, the day, the note, the document, who took it."""

    case = models.ForeignKey(
        ExitCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("办理事项"), max_length=24, choices=ACTION_CHOICES, blank=True)
    state_before = models.CharField(
        _("办理前阶段"), max_length=24, choices=STATE_CHOICES, blank=True
    )
    state_after = models.CharField(_("办理后阶段"), max_length=24, choices=STATE_CHOICES)
    occurred_on = models.DateField(_("办理日期"))
    note = models.TextField(_("事实、理由或情况说明"), blank=True)
    document_number = models.CharField(_("文书号"), max_length=100, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("清理案件办理记录")
        verbose_name_plural = _("清理案件办理记录")
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["case", "id"], name="dormancy_step_case_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_action_display() or self.get_state_after_display()}"
