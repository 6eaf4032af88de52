"""Export of any filtered organization list as .xlsx or .csv (UTF-8 with BOM).

The list comes from ``organization_list`` (the user's scope is enforced there); rows are read
in chunks with their service domains prefetched, so a large export is a few queries per 2,000
rows. Only the masked ID number is ever exported. Every export is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from socorg.audit.services import audit_record
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.core.messages import N_
from socorg.registry import permissions
from socorg.registry.models import Organization, ServiceDomain
from socorg.registry.selectors import SORTS, OrganizationFilters, organization_list

CHUNK = 2000
UTF8_BOM = "\ufeff"
FORMATS = ("xlsx", "csv")
# A cell starting with these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-][\d\s().-]*$")  # +86 27 8888 6666, -1.5


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, made literal with a leading quote."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def _supervisor(org: Organization) -> str:
    if org.directly_registered:
        return _("直接登记")
    return org.supervisory_unit.name if org.supervisory_unit else ""


# (header msgid, value). Dates and numbers stay typed for .xlsx; .csv writes them as text.
COLUMNS: tuple[tuple[str, Callable[[Organization], Any]], ...] = (
    (N_("组织名称"), lambda o: o.name),
    (N_("统一社会信用代码"), lambda o: o.uscc or ""),
    (N_("组织类型"), lambda o: o.get_org_type_display()),
    (N_("状态"), lambda o: o.get_status_display()),
    (N_("登记管理机关"), lambda o: o.registration_authority.name),
    (N_("业务主管单位"), _supervisor),
    (N_("法定代表人（负责人）"), lambda o: o.legal_rep_name),
    (N_("证件号码（脱敏）"), lambda o: o.legal_rep_id_masked),
    (N_("联系人"), lambda o: o.contact_person),
    (N_("联系电话"), lambda o: o.contact_phone),
    (N_("电子邮箱"), lambda o: o.contact_email),
    (N_("住所"), lambda o: o.domicile),
    (N_("区县"), lambda o: o.district.name),
    (N_("街道"), lambda o: o.street.name),
    (N_("社区"), lambda o: o.community.name if o.community else ""),
    (N_("服务领域"), lambda o: "、".join(d.name for d in o.domains.all())),
    (N_("成立日期"), lambda o: o.founded_on),
    (N_("登记（备案）日期"), lambda o: o.registered_on),
    (N_("注册资金（元）"), lambda o: o.registered_funds),
    (N_("专职人员"), lambda o: o.staff_full_time),
    (N_("兼职人员"), lambda o: o.staff_part_time),
    (N_("志愿者"), lambda o: o.volunteers),
    (N_("慈善组织"), lambda o: _yes_no(o.is_charity)),
    (N_("认定为慈善组织日期"), lambda o: o.charity_recognized_on),
    (N_("具有公开募捐资格"), lambda o: _yes_no(o.public_fundraising)),
    (N_("状态变更日期"), lambda o: o.status_changed_on),
)


def export_filters(params: Mapping[str, str]) -> tuple[OrganizationFilters, str]:
    """The staff list's GET parameters as filters and a sort; a bad value is ignored."""

    def number(name: str) -> int | None:
        try:
            value = int(params.get(name) or 0)
        except (TypeError, ValueError):
            return None
        return value if value > 0 else None

    sort = params.get("sort") or "-id"
    return (
        OrganizationFilters(
            q=(params.get("q") or "").strip()[:100],
            org_type=(params.get("org_type") or "").strip(),
            status=(params.get("status") or "").strip(),
            street=number("street"),
            community=number("community"),
            domain=(params.get("domain") or "").strip(),
            supervisory_unit=number("supervisory_unit"),
        ),
        sort if sort in SORTS else "-id",
    )


def _queryset(*, actor: Any, filters: OrganizationFilters, sort: str) -> QuerySet[Organization]:
    allowed, reason = permissions.can_export_organizations(actor)
    if not allowed:
        raise PermissionDenied(reason)
    return (
        organization_list(user=actor, filters=filters, sort=sort)
        .defer("legal_rep_id_encrypted", "legal_rep_id_hash")
        .prefetch_related(
            Prefetch(
                "domains",
                queryset=ServiceDomain.objects.only("id", "name").order_by("sort_order", "code"),
            )
        )
    )


def _audit(*, actor: Any, fmt: str, filters: OrganizationFilters, sort: str, rows: int) -> None:
    used = {k: v for k, v in asdict(filters).items() if v not in ("", None, False)}
    audit_record(
        actor=actor,
        action="registry.export",
        object_type="registry.organization",
        after={"format": fmt, "filters": used, "sort": sort, "rows": rows},
    )


def export_headers() -> list[str]:
    return [_(header) for header, _value in COLUMNS]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(safe_cell(value))


def organization_export_csv(
    *, actor: Any, filters: OrganizationFilters, sort: str
) -> tuple[int, Iterator[str]]:
    """The row count (audited now) and the CSV text, produced lazily for streaming."""
    qs = _queryset(actor=actor, filters=filters, sort=sort)
    count = qs.count()
    _audit(actor=actor, fmt="csv", filters=filters, sort=sort, rows=count)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(export_headers())
        yield UTF8_BOM + _drain(buffer)
        for i, org in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            writer.writerow([_text(value(org)) for _header, value in COLUMNS])
            if i % 200 == 0:
                yield _drain(buffer)
        yield _drain(buffer)

    return count, lines()


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text


def organization_export_xlsx(
    *, actor: Any, filters: OrganizationFilters, sort: str
) -> tuple[int, IO[bytes]]:
    """The row count and a finished .xlsx in a temporary file; refused above the row cap."""
    qs = _queryset(actor=actor, filters=filters, sort=sort)
    count = qs.count()
    cap = settings.EXPORT_MAX_ROWS_XLSX
    if count > cap:
        raise ApplicationError.for_field(
            "format",
            _(
                "符合条件的组织有 %(count)d 个，超过 Excel 导出上限 %(cap)d 行："
                "请缩小筛选范围，或改用 CSV 格式导出。"
            )
            % {"count": count, "cap": cap},
        )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("社会组织名录"))
    sheet.append(export_headers())
    for org in qs.iterator(chunk_size=CHUNK):
        sheet.append([safe_cell(value(org)) for _header, value in COLUMNS])
    output = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    _audit(actor=actor, fmt="xlsx", filters=filters, sort=sort, rows=count)
    return count, output
