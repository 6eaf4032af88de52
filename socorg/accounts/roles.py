"""Roles and what each is scoped by (pure; no Django import).

三员分立: the system administrator, security administrator and audit administrator are three
separate roles held by different accounts; none of them sees business data.
"""

from __future__ import annotations

from enum import StrEnum

from socorg.core.messages import N_, Msg


class Role(StrEnum):
    DISTRICT_ADMIN = "district_admin"
    DEPARTMENT_OFFICER = "department_officer"
    STREET_OFFICER = "street_officer"
    COMMUNITY_OFFICER = "community_officer"
    ORGANIZATION = "organization"
    EXPERT = "expert"
    AUDITOR = "auditor"
    PUBLIC = "public"
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"


ROLE_LABELS: dict[Role, str] = {  # msgids; translated where shown
    Role.DISTRICT_ADMIN: N_("民政局管理员"),
    Role.DEPARTMENT_OFFICER: N_("业务主管单位人员"),
    Role.STREET_OFFICER: N_("街道工作人员"),
    Role.COMMUNITY_OFFICER: N_("社区工作人员"),
    Role.ORGANIZATION: N_("社会组织账户"),
    Role.EXPERT: N_("评审专家"),
    Role.AUDITOR: N_("审计人员"),
    Role.PUBLIC: N_("公众"),
    Role.SYSTEM_ADMIN: N_("系统管理员"),
    Role.SECURITY_ADMIN: N_("安全管理员"),
    Role.AUDIT_ADMIN: N_("安全审计员"),
}

# Which scope each role must carry: an area (of which levels), an agency, or an organization.
AREA_ROLES: dict[Role, tuple[str, ...]] = {
    Role.DISTRICT_ADMIN: ("province", "city", "district"),
    Role.STREET_OFFICER: ("street",),
    Role.COMMUNITY_OFFICER: ("community",),
    Role.AUDITOR: ("province", "city", "district"),
}
AREA_LEVEL_MESSAGES: dict[tuple[str, ...], Msg] = {
    ("province", "city", "district"): Msg(N_("该角色的所辖区划必须是省、市或区县。")),
    ("street",): Msg(N_("该角色的所辖区划必须是街道。")),
    ("community",): Msg(N_("该角色的所辖区划必须是社区。")),
}
AGENCY_ROLES: frozenset[Role] = frozenset({Role.DEPARTMENT_OFFICER})
ORGANIZATION_ROLES: frozenset[Role] = frozenset({Role.ORGANIZATION})

# The three administrators (三员) never see or change business data.
ADMINISTRATOR_ROLES: frozenset[Role] = frozenset(
    {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
# Staff who work in the back office on registry data.
STAFF_ROLES: frozenset[Role] = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.DEPARTMENT_OFFICER,
        Role.STREET_OFFICER,
        Role.COMMUNITY_OFFICER,
        Role.AUDITOR,
    }
)


def scope_problem(
    role: Role, *, area_level: str | None, has_agency: bool, has_organization: bool
) -> tuple[str, Msg] | None:
    """Which scope field does not fit the role and why, or None when the scope fits."""
    if role in AREA_ROLES:
        allowed = AREA_ROLES[role]
        if area_level is None or area_level not in allowed:
            return "area", AREA_LEVEL_MESSAGES[allowed]
    if role in AGENCY_ROLES and not has_agency:
        return "agency", Msg(N_("业务主管单位人员必须指定所属单位。"))
    if role in ORGANIZATION_ROLES and not has_organization:
        return "organization", Msg(N_("社会组织账户必须关联一个社会组织。"))
    return None
