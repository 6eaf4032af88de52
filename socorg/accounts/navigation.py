"""Which menu entries each role sees (the server still checks every page)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socorg.accounts.roles import Role

MENU: list[tuple[str, Any, frozenset[Role]]] = [
    ("accounts:home", _("工作台"), frozenset(Role)),
    (
        "registry:organization_list",
        _("社会组织名录"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.AUDITOR,
            }
        ),
    ),
    (
        "supervision:dashboard",
        _("监管工作台"),
        frozenset({Role.DISTRICT_ADMIN, Role.AUDITOR, Role.STREET_OFFICER}),
    ),
    (
        "annual_reports:report_list",
        _("年度报告"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.AUDITOR,
                Role.ORGANIZATION,
            }
        ),
    ),
    (
        "party:coverage",
        _("党建统计"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.AUDITOR,
            }
        ),
    ),
    (
        "matters:matter_list",
        _("重大事项报告"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.AUDITOR,
                Role.ORGANIZATION,
            }
        ),
    ),
    (
        "evaluation:home",
        _("等级评估"),
        frozenset({Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ORGANIZATION, Role.EXPERT}),
    ),
    (
        "evaluation:statistics",
        _("评估等级统计"),
        frozenset({Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.COMMUNITY_OFFICER}),
    ),
    (
        "dormancy:ranked_list",
        _("僵尸型组织清理"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.AUDITOR,
            }
        ),
    ),
    (
        "credit:list",
        _("信用名录"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.AUDITOR,
            }
        ),
    ),
    ("credit:mine", _("信用记录"), frozenset({Role.ORGANIZATION})),
    ("spot_checks:campaign_list", _("双随机抽查"), frozenset({Role.DISTRICT_ADMIN, Role.AUDITOR})),
    (
        "spot_checks:my_inspections",
        _("我的检查任务"),
        frozenset(
            {
                Role.DISTRICT_ADMIN,
                Role.DEPARTMENT_OFFICER,
                Role.STREET_OFFICER,
                Role.COMMUNITY_OFFICER,
                Role.EXPERT,
            }
        ),
    ),
    ("registry_import:job_list", _("名录导入"), frozenset({Role.DISTRICT_ADMIN})),
    (
        "users:user_list",
        _("账户管理"),
        frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    ),
    (
        "illegal:tip_list",
        _("非法社会组织"),
        frozenset(
            {Role.DISTRICT_ADMIN, Role.DEPARTMENT_OFFICER, Role.STREET_OFFICER, Role.AUDITOR}
        ),
    ),
    ("audit:event_list", _("审计日志"), frozenset({Role.AUDITOR, Role.AUDIT_ADMIN})),
]


def menu_for(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    try:
        role = Role(user.role)
    except ValueError:
        return []
    items = []
    for url_name, label, roles in MENU:
        if role in roles:
            try:
                items.append({"url": reverse(url_name), "label": label, "name": url_name})
            except Exception:
                continue
    return items
