"""Reference data of the demo district: the service-domain taxonomy, agencies, demo accounts.

Everything here is get-or-create: running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password

from socorg.accounts.models import User
from socorg.accounts.roles import Role
from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.demo.plan import STREETS
from socorg.registry.models import Organization, ServiceDomain
from socorg.registry.services import organization_member_link

# One password for every demo account; it passes settings.AUTH_PASSWORD_VALIDATORS.
DEMO_PASSWORD = "Demo-2026-wuchang"

# The configurable service-domain taxonomy (服务领域), for registered and community
# organizations alike: (code, name, English name). domain.md §6.3 keeps a mapping per scheme.
SERVICE_DOMAINS: tuple[tuple[str, str, str], ...] = (
    ("culture", "文化", "Culture"),
    ("education", "教育", "Education"),
    ("sports", "体育", "Sports"),
    ("elderly", "为老服务", "Elderly care"),
    ("disability", "助残", "Disability support"),
    ("women_children", "妇女儿童", "Women and children"),
    ("community_service", "社区服务", "Community services"),
    ("charity", "公益慈善", "Philanthropy and charity"),
    ("mutual_aid", "居民互助", "Neighbourly mutual aid"),
    ("community_affairs", "社区事务（治理）", "Community affairs and governance"),
    ("rights", "维护权益", "Rights protection"),
    ("volunteer", "志愿服务", "Volunteering"),
    ("health", "卫生健康", "Health"),
    ("science", "科技", "Science and technology"),
    ("trade_association", "行业协会商会", "Trade associations and chambers of commerce"),
    ("legal", "法律服务与调解", "Legal services and mediation"),
    ("other", "其他", "Other"),
)

BUREAU_NAME = "武昌区民政局"
# 业务主管单位 of the district, by the keys the plan uses.
SUPERVISORY_UNITS: dict[str, str] = {
    "edu": "武昌区教育局",
    "culture": "武昌区文化和旅游局",
    "sports": "武昌区体育局",
    "health": "武昌区卫生健康局",
    "science": "武昌区科学技术局",
    "justice": "武昌区司法局",
    "hr": "武昌区人力资源和社会保障局",
    "chamber": "武昌区工商业联合会",
    "youth": "共青团武汉市武昌区委员会",
    "women": "武昌区妇女联合会",
    "disabled": "武昌区残疾人联合会",
    "commerce": "武昌区商务局",
}


def domains_ensure() -> dict[str, ServiceDomain]:
    """The taxonomy rows by code, created when missing (existing rows are left as they are)."""
    existing = {d.code: d for d in ServiceDomain.objects.all()}
    for order, (code, name, name_en) in enumerate(SERVICE_DOMAINS, start=1):
        if code not in existing:
            existing[code] = ServiceDomain.objects.create(
                code=code, name=name, name_en=name_en, sort_order=order
            )
    return existing


@dataclass
class DemoAgencies:
    bureau: Agency
    units: dict[str, Agency]  # by plan key
    offices: dict[str, Agency]  # street office by street code


def _agency(name: str, kind: str, area: Area) -> Agency:
    agency, _created = Agency.objects.select_related("area").get_or_create(
        area=area, name=name, defaults={"kind": kind}
    )
    return agency


def agencies_ensure(*, district: Area, streets: dict[str, Area]) -> DemoAgencies:
    """The bureau (登记管理机关), the supervisory units and one office per ordinary street."""
    bureau = _agency(BUREAU_NAME, Agency.Kind.REGISTRATION_AUTHORITY, district)
    units = {
        key: _agency(name, Agency.Kind.SUPERVISORY_UNIT, district)
        for key, name in SUPERVISORY_UNITS.items()
    }
    offices = {
        code: _agency(f"{streets[code].name}办事处", Agency.Kind.STREET_OFFICE, streets[code])
        for code in STREETS
        if code in streets
    }
    return DemoAgencies(bureau, units, offices)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    area_code: str = ""  # area-scoped roles
    unit: str = ""  # department officers: supervisory unit key
    organization: bool = False  # the organization account


DISTRICT = "420106"
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.DISTRICT_ADMIN, "李文华", area_code=DISTRICT),
    DemoAccount("auditor", Role.AUDITOR, "陈静", area_code=DISTRICT),
    *(
        DemoAccount(f"street_{pinyin}", Role.STREET_OFFICER, f"{name}工作人员", area_code=code)
        for code, (pinyin, name) in STREETS.items()
    ),
    DemoAccount("community_jiyuqiao", Role.COMMUNITY_OFFICER, "积玉桥社区工作人员", "420106001001"),
    DemoAccount("edu_officer", Role.DEPARTMENT_OFFICER, "周明", unit="edu"),
    DemoAccount("culture_officer", Role.DEPARTMENT_OFFICER, "吴琳", unit="culture"),
    DemoAccount("org_demo", Role.ORGANIZATION, "张晓燕", organization=True),
    DemoAccount("expert", Role.EXPERT, "刘建国"),
    DemoAccount("public", Role.PUBLIC, "王芳"),
    DemoAccount("sysadmin", Role.SYSTEM_ADMIN, "系统管理员"),
    DemoAccount("secadmin", Role.SECURITY_ADMIN, "安全管理员"),
    DemoAccount("auditadmin", Role.AUDIT_ADMIN, "安全审计员"),
)


def accounts_ensure(
    *,
    agencies: DemoAgencies,
    organization: Callable[[], Organization | None] = lambda: None,
) -> dict[str, User]:
    """Create the demo accounts whose scope exists; existing accounts are not touched.

    The password is checked against AUTH_PASSWORD_VALIDATORS like any other. The organization
    account is linked through the registry service (audited) once its organization exists.
    """
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    areas = {
        a.code: a
        for a in Area.objects.filter(
            code__in=[a.area_code for a in DEMO_ACCOUNTS if a.area_code], valid_to__isnull=True
        )
    }
    encoded = ""  # hashed once: PBKDF2 costs a quarter of a second per call
    for spec in DEMO_ACCOUNTS:
        if spec.username in users:
            continue
        scope: dict[str, Any] = {}
        if spec.area_code:
            if spec.area_code not in areas:
                continue  # e.g. the community of a partial (test) build
            scope["area"] = areas[spec.area_code]
        if spec.unit:
            scope["agency"] = agencies.units[spec.unit]
        org = organization() if spec.organization else None
        if spec.organization and org is None:
            continue
        user = User(username=spec.username, role=spec.role.value, full_name=spec.full_name, **scope)
        validate_password(DEMO_PASSWORD, user)
        if not encoded:
            user.set_password(DEMO_PASSWORD)
            encoded = user.password
        user.password = encoded
        user.save()
        users[spec.username] = user
        audit_record(
            actor=None,
            action="account.create",
            obj=user,
            after={"username": user.username, "role": user.role, "demo": True},
            category=AuditEvent.Category.SYSTEM,
        )
        if org is not None:
            organization_member_link(actor=users.get("sysadmin"), user=user, organization=org)
    return users


def _usernames() -> list[str]:
    return [a.username for a in DEMO_ACCOUNTS]


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(username, role, scope, password) of the demo accounts present in the database."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=_usernames()).select_related(
            "area", "agency", "organization_membership__organization"
        )
    }
    rows = []
    for spec in DEMO_ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            continue
        scope = "—"
        if user.area is not None:
            scope = f"{user.area.name}（{user.area.code}）"
        elif user.agency is not None:
            scope = user.agency.name
        else:
            membership = getattr(user, "organization_membership", None)
            if membership is not None:
                scope = membership.organization.name
        rows.append((user.username, user.get_role_display(), scope, DEMO_PASSWORD))
    return rows
