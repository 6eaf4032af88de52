"""Annual reports (年检 / 年报) per organization per year, and their review history.

The content follows domain.md §4.3 and ``rules.AnnualReportFacts``; the state follows
``workflow.State`` (未参检 is derived from the deadline and never stored). A community
organization files the same record with fewer fields, reviewed by its street office.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.annual_reports import rules, workflow
from socorg.core.models import TimeStampedModel

MONEY = {"max_digits": 14, "decimal_places": 2}


def _money(label: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(label, default=0, **MONEY, **kwargs)


class AnnualReport(TimeStampedModel):
    class Mode(models.TextChoices):
        INSPECTION = rules.Mode.INSPECTION.value, _("年检（作出结论）")
        REPORT_ONLY = rules.Mode.REPORT_ONLY.value, _("年报（不作结论）")

    class State(models.TextChoices):
        DRAFT = workflow.State.DRAFT.value, _("草稿")
        AWAITING_SUPERVISOR = (
            workflow.State.AWAITING_SUPERVISOR.value,
            _("已提交，待业务主管单位初审"),
        )
        AWAITING_REGISTRAR = workflow.State.AWAITING_REGISTRAR.value, _("待登记管理机关审查")
        AWAITING_STREET = workflow.State.AWAITING_STREET.value, _("已提交，待街道受理")
        PASSED = workflow.State.PASSED.value, _("合格")
        BASIC_PASSED = workflow.State.BASIC_PASSED.value, _("基本合格")
        FAILED = workflow.State.FAILED.value, _("不合格")
        ACCEPTED = workflow.State.ACCEPTED.value, _("已审查（年报，不作结论）")

    class Conclusion(models.TextChoices):
        PASS = rules.Conclusion.PASS.value, _("合格")
        BASIC_PASS = rules.Conclusion.BASIC_PASS.value, _("基本合格")
        FAIL = rules.Conclusion.FAIL.value, _("不合格")

    class PartyOrgForm(models.TextChoices):
        SINGLE = rules.PartyOrgForm.SINGLE.value, _("单独组建")
        JOINT = rules.PartyOrgForm.JOINT.value, _("联合组建")
        FUNCTIONAL = rules.PartyOrgForm.FUNCTIONAL.value, _("功能型")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    mode = models.CharField(_("方式"), max_length=16, choices=Mode.choices)
    state = models.CharField(_("状态"), max_length=24, choices=State.choices, default=State.DRAFT)

    # 基本信息 (prefilled from the register; the organization corrects them here)
    legal_rep_name = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    domicile = models.CharField(_("住所"), max_length=200, blank=True)

    # 业务活动表 — 收入 (民间非营利组织会计制度 第五十八条)
    income_donations = _money(_("捐赠收入"))
    income_membership_fees = _money(_("会费收入"))
    income_services = _money(_("提供服务收入"))
    income_government_grants = _money(_("政府补助收入"))
    income_sales = _money(_("商品销售收入"))
    income_investment = _money(_("投资收益"))
    income_other = _money(_("其他收入"))
    income_total = _money(_("收入合计"))
    government_purchase_income = _money(
        _("其中：政府购买服务收入"),
        help_text=_("承接政府购买服务取得的收入，无论记入提供服务收入还是政府补助收入。"),
    )
    # 业务活动表 — 费用
    expense_program = _money(_("业务活动成本"))
    expense_admin = _money(_("管理费用"))
    expense_fundraising = _money(_("筹资费用"))
    expense_other = _money(_("其他费用"))
    expense_total = _money(_("费用合计"))
    # 资产负债表
    assets_total = _money(_("资产总额"))
    liabilities_total = _money(_("负债总额"))
    net_assets = _money(_("净资产"))
    net_assets_restricted = models.DecimalField(
        _("其中：限定性净资产"), null=True, blank=True, **MONEY
    )
    net_assets_unrestricted = models.DecimalField(
        _("其中：非限定性净资产"), null=True, blank=True, **MONEY
    )
    # 人员
    staff_full_time = models.PositiveIntegerField(_("专职工作人员数"), default=0)
    staff_part_time = models.PositiveIntegerField(_("兼职工作人员数"), default=0)
    volunteers = models.PositiveIntegerField(_("志愿者数"), default=0)
    # 内部治理
    general_assemblies = models.PositiveIntegerField(_("会员（代表）大会召开次数"), default=0)
    council_meetings = models.PositiveIntegerField(_("理事会召开次数"), default=0)
    supervisory_meetings = models.PositiveIntegerField(_("监事会召开次数"), default=0)
    # 党建
    has_party_org = models.BooleanField(_("已建立党组织"), default=False)
    party_org_form = models.CharField(
        _("党组织组建形式"), max_length=16, choices=PartyOrgForm.choices, blank=True
    )
    party_members = models.PositiveIntegerField(_("正式党员数"), default=0)
    # 活动
    activities = models.PositiveIntegerField(_("开展活动数"), default=0)
    beneficiaries = models.PositiveIntegerField(_("受益人数"), default=0)
    public_benefit_spend = _money(_("公益活动支出"))
    fee_reduction = _money(_("会费减免金额"))
    major_matters = models.JSONField(_("重大事项"), default=list, blank=True)
    has_audit_report = models.BooleanField(_("已附注册会计师审计报告"), default=False)

    # 报送
    first_submitted_on = models.DateField(
        _("首次提交日期"),
        null=True,
        blank=True,
        help_text=_("退回修改后重新提交的，仍以首次提交日期判断是否逾期。"),
    )
    submitted_on = models.DateField(_("最近提交日期"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)

    # 业务主管单位初审
    supervisor_reviewed_on = models.DateField(_("初审日期"), null=True, blank=True)
    supervisor_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("初审人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supervisor_notes = models.TextField(_("初审意见"), blank=True)

    # 登记管理机关（社区社会组织：街道）审查
    conclusion = models.CharField(
        _("年检结论"), max_length=16, choices=Conclusion.choices, blank=True
    )
    concluded_on = models.DateField(_("审查日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_notes = models.TextField(_("审查意见"), blank=True)

    # 退回修改
    returned_on = models.DateField(_("退回日期"), null=True, blank=True)
    returned_notes = models.TextField(_("退回意见"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        constraints = [
            # Also the (organization, year) index every per-organization lookup uses.
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="annual_report_org_year_uniq",
                violation_error_message=_("该组织的该年度报告已存在。"),
            ),
            models.CheckConstraint(
                condition=Q(conclusion="")
                | Q(
                    state__in=[
                        workflow.State.PASSED.value,
                        workflow.State.BASIC_PASSED.value,
                        workflow.State.FAILED.value,
                    ]
                ),
                name="annual_report_conclusion_in_final_state",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "state", "id"], name="annual_report_year_state_idx"),
            models.Index(fields=["state", "submitted_on", "id"], name="annual_report_queue_idx"),
            # The daily run asks which reports changed since its last run.
            models.Index(fields=["updated_at"], name="annual_report_updated_idx"),
            models.Index(fields=["first_submitted_on"], name="annual_report_filed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"

    @property
    def major_matters_text(self) -> str:
        return "\n".join(self.major_matters or [])


class AnnualReportAction(models.Model):
    """One step of a report's history: who did what, when, with which note and basis."""

    class Kind(models.TextChoices):
        START = "start", _("开始填报")
        SUBMIT = workflow.Action.SUBMIT.value, _("提交")
        WITHDRAW = workflow.Action.WITHDRAW.value, _("撤回")
        PRE_APPROVE = workflow.Action.PRE_APPROVE.value, _("初审同意")
        RETURN = workflow.Action.RETURN.value, _("退回修改")
        CONCLUDE_PASS = workflow.Action.CONCLUDE_PASS.value, _("审查结论：合格")
        CONCLUDE_BASIC_PASS = workflow.Action.CONCLUDE_BASIC_PASS.value, _("审查结论：基本合格")
        CONCLUDE_FAIL = workflow.Action.CONCLUDE_FAIL.value, _("审查结论：不合格")
        ACCEPT = workflow.Action.ACCEPT.value, _("审查通过（不作结论）")

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年度报告"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    kind = models.CharField(_("操作"), max_length=24, choices=Kind.choices)
    state_before = models.CharField(
        _("操作前状态"), max_length=24, choices=AnnualReport.State.choices, blank=True
    )
    state_after = models.CharField(
        _("操作后状态"), max_length=24, choices=AnnualReport.State.choices
    )
    on = models.DateField(_("办理日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=32, blank=True)
    note = models.TextField(_("意见"), blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    late = models.BooleanField(_("逾期"), default=False)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度报告办理记录")
        verbose_name_plural = _("年度报告办理记录")
        ordering = ["report_id", "id"]
        indexes = [models.Index(fields=["report", "id"], name="annual_report_action_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.get_kind_display()} {self.on}"
