"""The register: organizations, their lifecycle events, service domains, organization accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES, EventKind, OrgType, Status

ACTIVE = sorted(s.value for s in ACTIVE_STATUSES)  # sorted: a frozenset has no stable order


class ServiceDomain(models.Model):
    """A node of the configurable service-domain taxonomy (服务领域)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务领域")
        verbose_name_plural = _("服务领域")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    class Type(models.TextChoices):
        SOCIAL_GROUP = OrgType.SOCIAL_GROUP.value, _("社会团体")
        SOCIAL_SERVICE = OrgType.SOCIAL_SERVICE.value, _("社会服务机构")
        FOUNDATION = OrgType.FOUNDATION.value, _("基金会")
        COMMUNITY = OrgType.COMMUNITY.value, _("社区社会组织")

    class Status(models.TextChoices):
        REGISTERED = Status.REGISTERED.value, _("正常")
        FILED = Status.FILED.value, _("已备案")
        DEREGISTERED = Status.DEREGISTERED.value, _("已注销")
        REVOKED = Status.REVOKED.value, _("已撤销")

    name = models.CharField(_("名称"), max_length=100)
    org_type = models.CharField(_("组织类型"), max_length=20, choices=Type.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, editable=False)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True, editable=False)

    registration_authority = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("登记管理机关"),
        on_delete=models.PROTECT,
        related_name="registered_organizations",
    )
    supervisory_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("业务主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_organizations",
    )
    directly_registered = models.BooleanField(_("直接登记"), default=False)

    legal_rep_name = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    legal_rep_id_encrypted = models.TextField(_("证件号码（加密）"), blank=True, editable=False)
    legal_rep_id_masked = models.CharField(_("证件号码"), max_length=18, blank=True, editable=False)
    legal_rep_id_hash = models.CharField(max_length=64, blank=True, editable=False)

    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    domicile = models.CharField(_("住所"), max_length=200, blank=True)

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
    domains = models.ManyToManyField(
        ServiceDomain,
        verbose_name=_("服务领域"),
        blank=True,
        related_name="organizations",
    )

    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_on = models.DateField(_("登记（备案）日期"), null=True, blank=True)
    registered_funds = models.DecimalField(
        _("注册资金（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    staff_full_time = models.PositiveIntegerField(_("专职人员"), default=0)
    staff_part_time = models.PositiveIntegerField(_("兼职人员"), default=0)
    volunteers = models.PositiveIntegerField(_("志愿者"), default=0)
    is_charity = models.BooleanField(_("慈善组织"), default=False)
    charity_recognized_on = models.DateField(_("认定为慈善组织日期"), null=True, blank=True)
    public_fundraising = models.BooleanField(_("具有公开募捐资格"), default=False)

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=Q(status__in=ACTIVE) & Q(uscc__isnull=False),
                name="org_active_uscc_uniq",
            ),
            models.UniqueConstraint(
                fields=["registration_authority", "name"],
                condition=Q(status__in=ACTIVE),
                name="org_active_name_uniq",
            ),
            models.CheckConstraint(
                condition=Q(staff_full_time__gte=0)
                & Q(staff_part_time__gte=0)
                & Q(volunteers__gte=0),
                name="org_counts_nonnegative",
            ),
        ]
        indexes = [
            models.Index(fields=["uscc"], name="org_uscc_idx"),
            models.Index(fields=["legal_rep_id_hash"], name="org_rep_hash_idx"),
            models.Index(fields=["legal_rep_name"], name="org_rep_name_idx"),
            models.Index(fields=["status", "id"], name="org_status_idx"),
            models.Index(fields=["org_type", "id"], name="org_type_idx"),
            models.Index(fields=["district", "id"], name="org_district_idx"),
            models.Index(fields=["street", "id"], name="org_street_idx"),
            models.Index(fields=["community", "id"], name="org_community_idx"),
            models.Index(fields=["supervisory_unit", "id"], name="org_supervisor_idx"),
            models.Index(fields=["name", "id"], name="org_name_idx"),
            models.Index(fields=["registered_on", "id"], name="org_registered_on_idx"),
            models.Index(fields=["updated_at"], name="org_updated_idx"),  # the daily run
            # Sorted lists within one district or street (the common staff view).
            models.Index(fields=["district", "registered_on", "id"], name="org_district_date_idx"),
            models.Index(fields=["district", "name", "id"], name="org_district_name_idx"),
            models.Index(fields=["street", "registered_on", "id"], name="org_street_date_idx"),
            models.Index(fields=["street", "name", "id"], name="org_street_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class LifecycleEvent(models.Model):
    """One registration act: establishment, change, filing, conversion, deregistration, revocation."""

    class Kind(models.TextChoices):
        ESTABLISHMENT = EventKind.ESTABLISHMENT.value, _("成立登记")
        FILING = EventKind.FILING.value, _("备案")
        CHANGE = EventKind.CHANGE.value, _("变更登记")
        CONVERSION = EventKind.CONVERSION.value, _("转为登记")
        DEREGISTRATION = EventKind.DEREGISTRATION.value, _("注销")
        REVOCATION = EventKind.REVOCATION.value, _("撤销")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("办理日期"))
    document_number = models.CharField(_("文书号"), max_length=100, blank=True)
    reason = models.TextField(_("事由"), blank=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    status_after = models.CharField(
        _("办理后状态"), max_length=16, choices=Organization.Status.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("登记事项")
        verbose_name_plural = _("登记事项")
        ordering = ["organization_id", "occurred_on", "id"]
        indexes = [
            models.Index(fields=["organization", "occurred_on", "id"], name="event_org_idx"),
            models.Index(fields=["kind", "occurred_on"], name="event_kind_idx"),
            models.Index(fields=["recorded_at"], name="event_recorded_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class OrganizationMember(models.Model):
    """Links an organization account (role ``organization``) to its organization."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="organization_membership",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="members",
    )

    class Meta:
        verbose_name = _("组织账户")
        verbose_name_plural = _("组织账户")

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class ImportJob(TimeStampedModel):
    """One upload of an existing register (Excel/CSV): its checks, its report and its commit."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("校验中")
        VALIDATED = "validated", _("已校验")
        FAILED = "failed", _("未通过")
        COMMITTING = "committing", _("导入中")
        COMMITTED = "committed", _("已导入")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("全部导入（有任何错误行则不导入）")
        VALID_ONLY = "valid_only", _("仅导入正确的行")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("文件格式"), max_length=8)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.VALIDATING
    )
    mode = models.CharField(_("导入方式"), max_length=20, choices=Mode.choices, blank=True)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("正确行数"), default=0)
    invalid_rows = models.PositiveIntegerField(_("错误行数"), default=0)
    imported_rows = models.PositiveIntegerField(_("已导入行数"), default=0)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    report = models.JSONField(_("校验报告"), default=dict, blank=True)
    # The parsed rows, encrypted (they carry ID numbers); cleared once committed or failed.
    payload = models.TextField(_("待导入数据（加密）"), blank=True, editable=False)
    message = models.TextField(_("说明"), blank=True)
    finished_at = models.DateTimeField(_("校验完成时间"), null=True, blank=True)
    committed_at = models.DateTimeField(_("导入完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名录导入任务")
        verbose_name_plural = _("名录导入任务")
        ordering = ["-id"]
        indexes = [models.Index(fields=["uploaded_by", "-id"], name="import_job_user_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
