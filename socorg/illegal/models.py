"""Illegal social organizations: tips (举报线索), investigation cases (立案调查), evidence.

Every change goes through ``socorg.illegal.services`` (permission, rule, audit); models hold
fields and constraints only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.illegal.rules import CaseState, TipClosure, TipSource, TipState
from socorg.illegal.rules import Outcome as OutcomeCode


class Tip(TimeStampedModel):
    """A report that an unregistered body acts as a social organization."""

    class Source(models.TextChoices):
        PUBLIC = TipSource.PUBLIC.value, _("公众举报")
        DEPARTMENT = TipSource.DEPARTMENT.value, _("部门移送")
        OTHER = TipSource.OTHER.value, _("其他来源")

    class Channel(models.TextChoices):
        WEB = "web", _("网上举报")
        PHONE = "phone", _("电话")
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")
        REFERRAL = "referral", _("部门函件")
        INSPECTION = "inspection", _("日常巡查")
        OTHER = "other", _("其他")

    class State(models.TextChoices):
        NEW = TipState.NEW.value, _("待处理")
        ASSIGNED = TipState.ASSIGNED.value, _("已分派")
        CLOSED = TipState.CLOSED.value, _("已办结")

    class Closure(models.TextChoices):
        MERGED = TipClosure.MERGED.value, _("并入案件")
        UNFOUNDED = TipClosure.UNFOUNDED.value, _("查无实据")

    source = models.CharField(_("线索来源"), max_length=16, choices=Source.choices)
    channel = models.CharField(_("受理渠道"), max_length=16, choices=Channel.choices)
    referring_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("移送单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Personal data: the reporter may stay anonymous. The contact is stored encrypted, only
    # when given, with a masked copy for everyone but the registration authority.
    reporter_name = models.CharField(_("举报人姓名"), max_length=50, blank=True)
    reporter_contact_encrypted = models.TextField(
        _("举报人联系方式（加密）"), blank=True, editable=False
    )
    reporter_contact_masked = models.CharField(
        _("举报人联系方式"), max_length=120, blank=True, editable=False
    )
    reported_name = models.CharField(_("被举报组织名称"), max_length=200)
    district = models.ForeignKey(
        "areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "areas.Area",
        verbose_name=_("街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("活动地点"), max_length=200, blank=True)
    description = models.TextField(_("举报内容"))
    received_at = models.DateTimeField(_("受理时间"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.NEW, editable=False
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True, editable=False)
    closure = models.CharField(
        _("办结方式"), max_length=16, choices=Closure.choices, blank=True, editable=False
    )
    closure_reason = models.TextField(_("办结说明"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "illegal.InvestigationCase",
        verbose_name=_("并入案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tips",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("举报线索")
        verbose_name_plural = _("举报线索")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=TipState.CLOSED.value) | ~Q(closure=""),
                name="illegal_tip_closed_has_closure",
            ),
            models.CheckConstraint(
                condition=~Q(closure=TipClosure.MERGED.value) | Q(case__isnull=False),
                name="illegal_tip_merged_has_case",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "-id"], name="illegal_tip_district_idx"),
            models.Index(fields=["street", "-id"], name="illegal_tip_street_idx"),
            models.Index(fields=["state", "-id"], name="illegal_tip_state_idx"),
            models.Index(fields=["referring_agency", "-id"], name="illegal_tip_agency_idx"),
            models.Index(fields=["handled_by", "-id"], name="illegal_tip_handler_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.reported_name}"


class InvestigationCase(TimeStampedModel):
    """An investigation opened from one or more tips, concluded with one outcome."""

    class State(models.TextChoices):
        FILED = CaseState.FILED.value, _("立案")
        INVESTIGATING = CaseState.INVESTIGATING.value, _("调查")
        CONCLUDED = CaseState.CONCLUDED.value, _("结论")

    class Outcome(models.TextChoices):
        BAN = OutcomeCode.BAN.value, _("取缔")
        DISPERSE = OutcomeCode.DISPERSE.value, _("劝散")
        GUIDE_REGISTER = OutcomeCode.GUIDE_REGISTER.value, _("引导登记")
        NOT_ILLEGAL = OutcomeCode.NOT_ILLEGAL.value, _("不构成非法社会组织")

    number = models.CharField(_("案件编号"), max_length=40, unique=True, editable=False)
    subject_name = models.CharField(_("涉案组织名称"), max_length=200)
    district = models.ForeignKey(
        "areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "areas.Area", verbose_name=_("街道"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("活动地点"), max_length=200, blank=True)
    authority = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("办案机关"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("立案日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人员"),
        related_name="illegal_cases",
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.FILED, editable=False
    )
    outcome = models.CharField(
        _("调查结论"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_number = models.CharField(_("决定文书号"), max_length=100, blank=True)
    decision_reason = models.TextField(_("认定事实和理由"), blank=True)
    published = models.BooleanField(_("已公布"), default=False, editable=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("非法社会组织案件")
        verbose_name_plural = _("非法社会组织案件")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=CaseState.CONCLUDED.value)
                | (~Q(outcome="") & Q(decided_on__isnull=False)),
                name="illegal_case_concluded_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(published=False)
                | (
                    Q(state=CaseState.CONCLUDED.value)
                    & Q(outcome__in=[OutcomeCode.BAN.value, OutcomeCode.DISPERSE.value])
                    & Q(published_on__isnull=False)
                    & ~Q(document_number="")
                ),
                name="illegal_case_published_is_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "-id"], name="illegal_case_district_idx"),
            models.Index(fields=["street", "-id"], name="illegal_case_street_idx"),
            models.Index(fields=["state", "-id"], name="illegal_case_state_idx"),
            models.Index(
                fields=["-decided_on", "-id"],
                condition=Q(published=True),
                name="illegal_case_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_name}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A random stored name: the uploader's file name is kept in ``file_name`` only."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"illegal/evidence/{instance.case_id}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """One item of evidence: a description and, optionally, a file (size and type checked)."""

    case = models.ForeignKey(
        InvestigationCase,
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    description = models.TextField(_("证据说明"))
    file = models.FileField(_("附件"), upload_to=evidence_upload_to, blank=True, max_length=200)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["case", "id"], name="illegal_evidence_case_idx")]

    def __str__(self) -> str:
        return self.file_name or self.description[:40]


class CaseCounter(models.Model):
    """The last case number issued per district and year (locked while a case is opened)."""

    district = models.ForeignKey(
        "areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("案件编号序列")
        verbose_name_plural = _("案件编号序列")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="illegal_counter_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.year}: {self.last}"
