"""Accounts: one role per account, scoped by an area, an agency or an organization."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from socorg.accounts.roles import Role


class User(AbstractUser):
    class Role(models.TextChoices):
        DISTRICT_ADMIN = Role.DISTRICT_ADMIN.value, _("民政局管理员")
        DEPARTMENT_OFFICER = Role.DEPARTMENT_OFFICER.value, _("业务主管单位人员")
        STREET_OFFICER = Role.STREET_OFFICER.value, _("街道工作人员")
        COMMUNITY_OFFICER = Role.COMMUNITY_OFFICER.value, _("社区工作人员")
        ORGANIZATION = Role.ORGANIZATION.value, _("社会组织账户")
        EXPERT = Role.EXPERT.value, _("评审专家")
        AUDITOR = Role.AUDITOR.value, _("审计人员")
        PUBLIC = Role.PUBLIC.value, _("公众")
        SYSTEM_ADMIN = Role.SYSTEM_ADMIN.value, _("系统管理员")
        SECURITY_ADMIN = Role.SECURITY_ADMIN.value, _("安全管理员")
        AUDIT_ADMIN = Role.AUDIT_ADMIN.value, _("安全审计员")

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.PUBLIC)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所辖区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        indexes = [models.Index(fields=["role"], name="user_role_idx")]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
