"""Credit lists (民政部令第60号): the facts officers record, and what the rules made of them.

Facts (penalties, court records, rectification notices, letters, authority decisions,
verifications, removal applications) are dated history; ``credit_evaluate`` replays them through
``socorg.credit.rules.decide_credit`` and stores each change of list as one ``CreditEntry``
(keyed by ``Transition.key``, so writing twice writes once) and the current state per
organization as one ``CreditStatus``. A fact is never deleted: a wrong one is voided, with who,
when and why, and the organization is evaluated again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.credit.rules import Trigger
from socorg.credit.texts import render_stored

EVIDENCE_UPLOAD = "credit/evidence/%Y/%m/"


class CreditList(models.TextChoices):
    NORMAL = "normal", _("未列入")
    ABNORMAL = "abnormal", _("活动异常名录")
    SERIOUS = "serious", _("严重违法失信名单")


# The two lists themselves (an entry or an application concerns one of them).
LIST_CHOICES = [c for c in CreditList.choices if c[0] != CreditList.NORMAL]


class CreditFact(TimeStampedModel):
    """What every recorded fact carries: the organization, the evidence and who recorded it."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("证据说明"), blank=True)
    evidence_file = models.FileField(_("证据材料"), upload_to=EVIDENCE_UPLOAD, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(_("作废原因"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class DecidedFact(CreditFact):
    """A fact that is a decision of an authority: which one, and its document number."""

    authority = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("决定机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    authority_name = models.CharField(
        _("决定机关名称"), max_length=100, blank=True, help_text=_("决定机关不在本平台时填写。")
    )
    document_number = models.CharField(_("文书号"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def authority_label(self) -> str:
        return self.authority.name if self.authority_id and self.authority else self.authority_name


class AdministrativePenalty(DecidedFact):
    """行政处罚, by any department: warning and small fines → A5/S5, large fines S4,
    suspension S3, 撤销登记 / 吊销登记证书 S7."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("警告")
        FINE = "fine", _("罚款")
        SUSPENSION = "suspension", _("限期停止活动")
        REVOCATION = "revocation", _("撤销登记（吊销登记证书）")
        OTHER = "other", _("其他")

    kind = models.CharField(_("处罚种类"), max_length=16, choices=Kind.choices)
    fine_amount = models.DecimalField(
        _("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("处罚决定日期"))
    description = models.TextField(_("违法事实与处罚内容"), blank=True)

    class Meta:
        verbose_name = _("行政处罚")
        verbose_name_plural = _("行政处罚")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="credit_penalty_amount_nonnegative",
            )
        ]
        indexes = [models.Index(fields=["organization", "decided_on"], name="credit_pen_org_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number or self.decided_on}"


class CourtDishonestRecord(CreditFact):
    """失信被执行人: the court's listing (S6)."""

    court = models.CharField(_("执行法院"), max_length=100)
    case_number = models.CharField(_("执行案号"), max_length=100)
    listed_on = models.DateField(_("列入失信被执行人名单日期"))
    removed_on = models.DateField(_("移出失信被执行人名单日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("失信被执行人记录")
        verbose_name_plural = _("失信被执行人记录")
        ordering = ["-listed_on", "-id"]
        indexes = [models.Index(fields=["organization", "listed_on"], name="credit_court_org_idx")]

    def __str__(self) -> str:
        return f"{self.court} {self.case_number}"


class RectificationNotice(DecidedFact):
    """整改文书 after an inspection: not rectified by the deadline → A3."""

    issued_on = models.DateField(_("下达日期"))
    deadline = models.DateField(_("整改期限"))
    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("如抽查任务编号、检查记录编号。")
    )
    content = models.TextField(_("整改事项"), blank=True)
    rectified_on = models.DateField(_("完成整改日期"), null=True, blank=True)
    verified_on = models.DateField(_("查实日期"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查实人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification_evidence = models.TextField(_("查实依据"), blank=True)

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("issued_on")),
                name="credit_notice_deadline_after_issue",
            )
        ]
        indexes = [models.Index(fields=["organization", "issued_on"], name="credit_notice_org_idx")]

    def __str__(self) -> str:
        return f"{self.document_number or self.source} {self.issued_on}"


class UnreachableLetter(CreditFact):
    """专用挂号信 to the registered address; consecutive unsigned letters → A6."""

    sent_on = models.DateField(_("寄出日期"))
    returned_unsigned = models.BooleanField(_("无人签收退回"))
    outcome_on = models.DateField(_("签收或退回日期"))
    tracking_number = models.CharField(_("挂号信单号"), max_length=60, blank=True)
    address = models.CharField(_("寄送地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("专用挂号信")
        verbose_name_plural = _("专用挂号信")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__gte=models.F("sent_on")),
                name="credit_letter_outcome_after_sent",
            )
        ]
        indexes = [models.Index(fields=["organization", "sent_on"], name="credit_letter_org_idx")]

    def __str__(self) -> str:
        return f"{self.tracking_number or self.sent_on}"


# Triggers an authority decides directly; the others come from their own facts (penalties,
# court records, notices, letters, annual reports, registration events) or from the rules.
ASSERTED_TRIGGERS = (Trigger.A2, Trigger.A4, Trigger.A7, Trigger.S2, Trigger.S8)


class TriggerFact(DecidedFact):
    """A decision of an authority that is a listing trigger by itself (A2, A4, A7, S2, S8)."""

    class Code(models.TextChoices):
        A2 = Trigger.A2.value, _("A2 未按照有关规定设立党组织")
        A4 = Trigger.A4.value, _("A4 不再符合公开募捐资格条件或者长期未开展公开募捐")
        A7 = Trigger.A7.value, _("A7 法律、行政法规规定应当列入活动异常名录的其他情形")
        S2 = Trigger.S2.value, _("S2 弄虚作假办理变更登记，被撤销变更登记")
        S8 = Trigger.S8.value, _("S8 法律、行政法规规定应当列入严重违法失信名单的其他情形")

    code = models.CharField(_("列入情形"), max_length=4, choices=Code.choices)
    decided_on = models.DateField(_("决定日期"))
    owes = models.BooleanField(
        _("须履行义务或者整改"),
        null=True,
        blank=True,
        help_text=_("不填时按该情形的默认规定。"),
    )
    description = models.TextField(_("事实与理由"), blank=True)

    class Meta:
        verbose_name = _("列入情形认定")
        verbose_name_plural = _("列入情形认定")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "decided_on"], name="credit_trigger_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.document_number or self.decided_on}"


class RectificationVerification(DecidedFact):
    """查实: the authority verified that obligations were fulfilled or defects rectified (RA1)."""

    verified_on = models.DateField(_("查实日期"))
    codes = models.JSONField(
        _("查实的情形"), default=list, blank=True, help_text=_("不填时为当日全部未履行的情形。")
    )

    class Meta:
        verbose_name = _("履行义务（整改）查实")
        verbose_name_plural = _("履行义务（整改）查实")
        ordering = ["-verified_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "verified_on"], name="credit_verify_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.verified_on} {'、'.join(self.codes) or _('全部')}"


class RemovalApplication(TimeStampedModel):
    """An organization's application to leave a list (申请移出), and the authority's decision."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审查")
        APPROVED = "approved", _("准予移出")
        REFUSED = "refused", _("不予移出")

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    list_kind = models.CharField(
        _("申请移出的名录"),
        max_length=16,
        choices=LIST_CHOICES,
    )
    applied_on = models.DateField(_("申请日期"))
    statement = models.TextField(_("申请理由"))
    evidence = models.TextField(_("证据说明"), blank=True)
    evidence_file = models.FileField(_("证据材料"), upload_to=EVIDENCE_UPLOAD, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    examined_on = models.DateField(_("审查日期"), null=True, blank=True)
    examined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.TextField(_("审查意见"), blank=True)
    refusal_code = models.CharField(_("不予移出原因代码"), max_length=32, blank=True)
    verification = models.OneToOneField(
        RectificationVerification,
        verbose_name=_("查实记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )

    class Meta:
        verbose_name = _("移出申请")
        verbose_name_plural = _("移出申请")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organization", "-id"], name="credit_app_org_idx"),
            models.Index(fields=["state", "-id"], name="credit_app_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()} {self.applied_on}"


class CreditEntry(models.Model):
    """One change of an organization's credit lists, with its article, reason and evidence.

    ``key`` is ``Transition.key`` (day/kind/code): one row per change, whatever how often the
    organization is evaluated. A listing row also carries when and why the listing ended.
    """

    class Kind(models.TextChoices):
        ENTER = "enter", _("列入")
        RESTART = "restart", _("重新计算列入时限")
        REMOVE = "remove", _("移出")
        ESCALATE = "escalate", _("移入严重违法失信名单")
        RECTIFY = "rectify", _("查实整改（仍列入）")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="credit_entries",
    )
    key = models.CharField(_("变更标识"), max_length=64)
    transition = models.CharField(_("状态变更"), max_length=24)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    list_kind = models.CharField(
        _("名录"),
        max_length=16,
        choices=LIST_CHOICES,
    )
    code = models.CharField(_("情形代码"), max_length=4)
    codes = models.JSONField(_("全部情形代码"), default=list)
    citation_rule = models.CharField(_("规则编号"), max_length=64)
    citation = models.TextField(_("依据条款"))
    citation_data = models.JSONField(default=dict, editable=False)
    explanation = models.TextField(_("说明"))
    explanation_data = models.JSONField(default=dict, editable=False)
    evidence = models.TextField(_("证据摘要"), blank=True)
    fact_refs = models.JSONField(_("所依据的事实"), default=list, blank=True)
    authority = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("作出决定机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(_("文书号"), max_length=200, blank=True)
    effective_on = models.DateField(_("生效日期"))
    entry_due_by = models.DateField(_("应录入期限"), null=True, blank=True)
    removal_due_by = models.DateField(_("应移出期限"), null=True, blank=True)
    published = models.BooleanField(_("已公示"), default=False)
    # A listing row: when it ended (removed, or moved to the serious list) and why.
    ended_on = models.DateField(_("移出日期"), null=True, blank=True)
    end_code = models.CharField(_("移出原因代码"), max_length=4, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)
    # A hash of what the entry is written from (the rule's message and its sources): a
    # re-evaluation compares it instead of writing the texts out again.
    digest = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用名录记录")
        verbose_name_plural = _("信用名录记录")
        ordering = ["organization_id", "effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="credit_entry_key_uniq")
        ]
        indexes = [
            models.Index(
                fields=["organization", "effective_on", "id"], name="credit_entry_org_idx"
            ),
            models.Index(
                fields=["list_kind", "-effective_on", "-id"],
                name="credit_entry_published_idx",
                condition=Q(published=True, kind__in=["enter", "escalate"]),
            ),
            # The daily run asks which entries were written or withdrawn since it last ran.
            models.Index(fields=["created_at"], name="credit_entry_created_idx"),
            models.Index(
                fields=["withdrawn_at"],
                name="credit_entry_withdrawn_idx",
                condition=Q(withdrawn_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_kind_display()} {self.code}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_listing(self) -> bool:
        return self.kind in (self.Kind.ENTER, self.Kind.ESCALATE)

    @property
    def explanation_text(self) -> str:
        """The explanation in the reader's language."""
        return render_stored(self.explanation_data, self.explanation)

    @property
    def citation_text(self) -> str:
        return render_stored(self.citation_data, self.citation)


class CreditStatus(models.Model):
    """Where an organization stands today. No row means it has never been listed."""

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("组织"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="credit_status",
    )
    list_kind = models.CharField(
        _("名录"), max_length=16, choices=CreditList.choices, default=CreditList.NORMAL
    )
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    since = models.DateField(_("列入时限起算日"), null=True, blank=True)
    codes = models.JSONField(_("列入情形代码"), default=list, blank=True)
    reasons = models.JSONField(_("列入情形"), default=list, blank=True)
    origin = models.CharField(_("列入严重违法失信名单的情形"), max_length=4, blank=True)
    next_change_on = models.DateField(_("预计变更日期"), null=True, blank=True)
    next_change = models.CharField(_("预计变更"), max_length=24, blank=True)
    updated_on = models.DateField(_("评估日期"))
    digest = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("信用状态")
        verbose_name_plural = _("信用状态")
        indexes = [
            models.Index(fields=["list_kind", "since"], name="credit_status_since_idx"),
            models.Index(
                fields=["list_kind", "listed_on", "organization"], name="credit_status_listed_idx"
            ),
            models.Index(fields=["updated_on"], name="credit_status_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.get_list_kind_display()}"

    @property
    def is_listed(self) -> bool:
        return self.list_kind != CreditList.NORMAL


class Objection(TimeStampedModel):
    """异议: an organization contests an entry; an officer upholds (corrects) or rejects it."""

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="+"
    )
    entry = models.ForeignKey(
        CreditEntry, verbose_name=_("异议记录"), on_delete=models.PROTECT, related_name="objections"
    )
    reason = models.TextField(_("异议理由"))
    evidence = models.TextField(_("证据说明"), blank=True)
    evidence_file = models.FileField(_("证据材料"), upload_to=EVIDENCE_UPLOAD, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_on = models.DateField(_("提出日期"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    resolution = models.TextField(_("处理意见"), blank=True)
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
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(state="pending"),
                name="credit_objection_one_pending",
                violation_error_message=_("该记录已有待处理的异议。"),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-id"], name="credit_obj_org_idx"),
            models.Index(fields=["state", "-id"], name="credit_obj_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.get_state_display()}"
