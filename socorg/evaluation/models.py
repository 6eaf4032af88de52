"""Level evaluation (等级评估, 1A–5A): indicator templates, rounds, applications, experts and
their recusal, scores, results with their validity, objections during the public notice, and
the expiry reminders sent.

A round fixes the template version of each organization type when it is created, so changing
the scheme later never changes a running round. A result keeps the total the experts gave and
the total in force after an objection, the level, and the validity worked out by the rule in
force on the announcement day (``rules.validity``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.evaluation import rules, workflow
from socorg.registry.rules.lifecycle import OrgType

POINTS = {"max_digits": 7, "decimal_places": 2}


class OrgTypeChoices(models.TextChoices):
    """The three registered types that may be evaluated."""

    SOCIAL_GROUP = OrgType.SOCIAL_GROUP.value, _("社会团体")
    SOCIAL_SERVICE = OrgType.SOCIAL_SERVICE.value, _("社会服务机构")
    FOUNDATION = OrgType.FOUNDATION.value, _("基金会")


class LevelChoices(models.TextChoices):
    A1 = rules.Level.A1.value, _("1A")
    A2 = rules.Level.A2.value, _("2A")
    A3 = rules.Level.A3.value, _("3A")
    A4 = rules.Level.A4.value, _("4A")
    A5 = rules.Level.A5.value, _("5A")


class RegimeChoices(models.TextChoices):
    OLD = rules.Regime.OLD.value, _("旧办法（民政部令第39号）")
    NEW = rules.Regime.NEW.value, _("新办法（2026年3月1日起施行）")


class IndicatorTemplate(TimeStampedModel):
    """First-level indicators and their points for one organization type, one version."""

    org_type = models.CharField(_("组织类型"), max_length=20, choices=OrgTypeChoices.choices)
    version = models.CharField(_("版本"), max_length=40)
    valid_from = models.DateField(_("启用日期"))
    total_points = models.DecimalField(_("总分"), **POINTS)
    # [{"code": "basic", "name": "基础条件", "max_points": "150"}, ...] in display order
    indicators = models.JSONField(_("一级指标"), default=list)
    basis = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评估指标体系")
        verbose_name_plural = _("评估指标体系")
        ordering = ["org_type", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_type", "version"],
                name="eval_template_type_version_uniq",
                violation_error_message=_("该组织类型已有同一版本的指标体系。"),
            ),
        ]
        indexes = [
            models.Index(fields=["org_type", "valid_from"], name="eval_template_valid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_org_type_display()} {self.version}"


class EvaluationRound(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = workflow.RoundState.DRAFT.value, _("未开始")
        OPEN = workflow.RoundState.OPEN.value, _("接受申报")
        SCORING = workflow.RoundState.SCORING.value, _("专家评审")
        NOTICE = workflow.RoundState.NOTICE.value, _("结果公示")
        ANNOUNCED = workflow.RoundState.ANNOUNCED.value, _("已公告")
        CLOSED = workflow.RoundState.CLOSED.value, _("已结束")

    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("评估年度"))
    district = models.ForeignKey(
        "areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField(
        _("开始申报日期"), help_text=_("适用旧办法还是新办法，以此日期判断。")
    )
    application_deadline = models.DateField(_("申报截止日期"))
    regime = models.CharField(_("适用办法"), max_length=8, choices=RegimeChoices.choices)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    notice_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    templates = models.ManyToManyField(
        IndicatorTemplate, verbose_name=_("指标体系"), related_name="rounds", blank=True
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
        verbose_name = _("评估轮次")
        verbose_name_plural = _("评估轮次")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application_deadline__gte=models.F("opened_on")),
                name="eval_round_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(notice_ends_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="eval_round_notice_period",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "-opened_on", "-id"], name="eval_round_district_idx"),
            models.Index(fields=["state", "id"], name="eval_round_state_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    """An organization's application to a round: the eligibility found when it applied (with
    the rule each finding cites), its self-assessment, and where it stands."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("已申报")
        WITHDRAWN = "withdrawn", _("已撤回")
        SCORED = "scored", _("已评分")

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("评估轮次"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="evaluation_applications",
    )
    template = models.ForeignKey(
        IndicatorTemplate, verbose_name=_("指标体系"), on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(_("申报日期"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    regime = models.CharField(_("适用办法"), max_length=8, choices=RegimeChoices.choices)
    simplified = models.BooleanField(_("简化实地评估"), default=False)
    # {"findings": [{"rule", "basis", "reason": {"template", "params"}}], "facts": {...}}
    eligibility = models.JSONField(_("资格审查"), default=dict)
    self_scores = models.JSONField(_("自评分"), default=dict, blank=True)  # code → "points"
    self_total = models.DecimalField(_("自评总分"), null=True, blank=True, **POINTS)
    self_assessed_on = models.DateField(_("自评日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("评估申报")
        verbose_name_plural = _("评估申报")
        ordering = ["round_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                condition=~Q(state="withdrawn"),
                name="eval_application_one_per_round",
                violation_error_message=_("该组织已申报本轮评估。"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-id"], name="eval_app_org_idx"),
            models.Index(fields=["round", "state", "id"], name="eval_app_round_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round}"


class ExpertAffiliation(TimeStampedModel):
    """Where an evaluation expert belongs or has worked, for recusal (回避)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("成员或负责人")
        EMPLOYMENT = "employment", _("任职（工作）")
        DECLARED = "declared", _("申报的其他利害关系")

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.CASCADE,
        related_name="evaluation_affiliations",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("关系"), max_length=16, choices=Kind.choices)
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("专家关联组织")
        verbose_name_plural = _("专家关联组织")
        ordering = ["expert_id", "-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="eval_affiliation_period",
            ),
        ]
        indexes = [
            models.Index(fields=["expert", "organization"], name="eval_affil_expert_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.organization} ({self.get_kind_display()})"


class ExpertAssignment(TimeStampedModel):
    """An expert assigned to score one application; a recused assignment scores nothing."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("评估轮次"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("评估申报"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    assigned_on = models.DateField(_("指派日期"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指派人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recused = models.BooleanField(_("已回避"), default=False)
    recusal_reason = models.TextField(_("回避理由"), blank=True)
    recused_on = models.DateField(_("回避日期"), null=True, blank=True)
    scored_on = models.DateField(_("评分提交日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家指派")
        verbose_name_plural = _("专家指派")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                name="eval_assignment_uniq",
                violation_error_message=_("该专家已被指派评审此申报。"),
            ),
        ]
        indexes = [
            models.Index(fields=["expert", "-id"], name="eval_assign_expert_idx"),
            models.Index(fields=["round", "id"], name="eval_assign_round_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"


class Score(models.Model):
    """One expert's points on one first-level indicator."""

    assignment = models.ForeignKey(
        ExpertAssignment,
        verbose_name=_("专家指派"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    indicator = models.CharField(_("指标代码"), max_length=40)
    points = models.DecimalField(_("得分"), **POINTS)
    comment = models.TextField(_("评语"), blank=True)
    scored_at = models.DateTimeField(_("评分时间"), auto_now=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        ordering = ["assignment_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="eval_score_uniq"),
            models.CheckConstraint(condition=Q(points__gte=0), name="eval_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.points}"


class Result(TimeStampedModel):
    """The level an application earned, and once announced, how long it is valid."""

    application = models.OneToOneField(
        Application, verbose_name=_("评估申报"), on_delete=models.PROTECT, related_name="result"
    )
    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("评估轮次"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="evaluation_results",
    )
    scored_total = models.DecimalField(_("专家评分总分"), **POINTS)
    total = models.DecimalField(_("评估总分"), **POINTS)
    means = models.JSONField(_("各指标得分"), default=dict)  # code → "mean points"
    experts = models.PositiveSmallIntegerField(_("评分专家数"), default=0)
    level = models.CharField(
        _("评估等级"),
        max_length=2,
        choices=LevelChoices.choices,
        blank=True,
        help_text=_("为空表示不予评定等级。"),
    )
    computed_on = models.DateField(_("汇总日期"))
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    validity_regime = models.CharField(
        _("有效期计算办法"), max_length=8, choices=RegimeChoices.choices, blank=True
    )
    validity_basis = models.CharField(_("有效期依据"), max_length=200, blank=True)
    # A later announced result of the same organization ends this one early.
    ended_on = models.DateField(_("提前终止日期"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("被替代为"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")
        ordering = ["round_id", "-total", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="eval_result_validity",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "valid_to"], name="eval_result_level_idx"),
            models.Index(fields=["organization", "-valid_from"], name="eval_result_org_idx"),
            models.Index(fields=["valid_to", "id"], name="eval_result_valid_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.level or '—'}"

    @property
    def effective_to(self) -> dt.date | None:
        """The last day the level is valid: the end of validity, or an earlier supersession."""
        if self.ended_on and (self.valid_to is None or self.ended_on < self.valid_to):
            return self.ended_on
        return self.valid_to


class Objection(TimeStampedModel):
    """异议 during the public notice, filed by the organization; resolved by the bureau."""

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        REJECTED = "rejected", _("异议不成立")
        UPHELD = "upheld", _("异议成立")

    result = models.ForeignKey(
        Result, verbose_name=_("评估结果"), on_delete=models.PROTECT, related_name="objections"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("异议理由"))
    filed_on = models.DateField(_("提出日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    resolution = models.TextField(_("处理意见"), blank=True)
    corrected_total = models.DecimalField(_("更正后总分"), null=True, blank=True, **POINTS)
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评估结果异议")
        verbose_name_plural = _("评估结果异议")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result"],
                condition=Q(state="pending"),
                name="eval_objection_one_pending",
                violation_error_message=_("该评估结果已有待处理的异议。"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-id"], name="eval_obj_org_idx"),
            models.Index(fields=["state", "-id"], name="eval_obj_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.result} {self.get_state_display()}"


class ExpiryReminder(models.Model):
    """One expiry reminder sent for a result (so the daily run sends each stage once)."""

    result = models.ForeignKey(
        Result, verbose_name=_("评估结果"), on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("到期前天数"))
    sent_on = models.DateField(_("发送日期"))

    class Meta:
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        constraints = [
            models.UniqueConstraint(fields=["result", "days_before"], name="eval_reminder_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} −{self.days_before}"
