"""Files the importer downloads: the blank template (.xlsx or .csv) and a job's error report."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from socorg.agencies.models import Agency
from socorg.areas.models import Area
from socorg.registry.exporting import safe_cell
from socorg.registry.importing.columns import BY_KEY, COLUMNS, DIRECT, NO, YES, column_label
from socorg.registry.importing.reading import DATA_SHEET_TITLE
from socorg.registry.importing.validation import TYPE_LABELS
from socorg.registry.models import ImportJob, ServiceDomain

UTF8_BOM = "\ufeff"
TEXT_KEYS = ("uscc", "legal_rep_id", "contact_phone", "document_number", "street", "community")
TEMPLATE_ROWS = 10000  # rows that get the drop-down lists
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP = Alignment(wrap_text=True, vertical="top")


def _areas_under(area: Area) -> Q:
    """The area and up to two levels below it (district → streets, city → districts)."""
    return Q(id=area.id) | Q(parent_id=area.id) | Q(parent__parent_id=area.id)


def _streets_and_communities(area: Area) -> list[tuple[Area, list[Area]]]:
    if area.level == Area.Level.STREET:
        streets = Area.objects.current().filter(id=area.id)
    elif area.level == Area.Level.DISTRICT:
        streets = Area.objects.current().filter(level=Area.Level.STREET, parent_id=area.id)
    elif area.level == Area.Level.CITY:
        streets = Area.objects.current().filter(level=Area.Level.STREET, parent__parent_id=area.id)
    else:
        streets = Area.objects.current().filter(level=Area.Level.STREET, code__startswith=area.code)
    streets = streets.order_by("code")
    communities: dict[int, list[Area]] = {}
    for community in (
        Area.objects.current()
        .filter(level=Area.Level.COMMUNITY, parent__in=streets)
        .order_by("code")
    ):
        communities.setdefault(community.parent_id, []).append(community)
    return [(s, communities.get(s.id, [])) for s in streets]


def template_xlsx(*, user: Any) -> bytes:
    """The blank register with Chinese headers, a sheet explaining every column and its
    allowed values, and the streets and communities of the importer's area with codes."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET_TITLE
    data.append([_(c.header) for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required_header else HEADER_FILL
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(12, len(_(column.header)) * 2 + 4)
        if column.key in TEXT_KEYS:
            # Text format keeps 18-digit numbers whole (Excel would round them).
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"
    keys = [c.key for c in COLUMNS]
    _drop_down(data, keys.index("org_type") + 1, [_(label) for label in TYPE_LABELS])
    for key in ("is_charity", "public_fundraising"):
        _drop_down(data, keys.index(key) + 1, [_(YES), _(NO)])

    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必须有此列"), _("填写要求"), _("示例")])
    for column in COLUMNS:
        notes.append(
            [
                _(column.header),
                _("是") if column.required_header else _("否"),
                _(column.rule),
                column.example,
            ]
        )
    notes.append([])
    notes.append([_("组织类型可选值"), "", "、".join(_(label) for label in TYPE_LABELS)])
    units = (
        Agency.objects.filter(
            kind=Agency.Kind.SUPERVISORY_UNIT, is_active=True, area__in=_area_ids(user.area)
        )
        .order_by("name")
        .values_list("name", flat=True)
        if user.area_id
        else []
    )
    notes.append(
        [
            _("业务主管单位可选值"),
            "",
            "、".join([*units, _(DIRECT)]),
        ]
    )
    domains = ServiceDomain.objects.filter(is_active=True).order_by("sort_order", "code")
    notes.append([_("服务领域可选值"), "", "、".join(d.name for d in domains)])
    notes.append([_("日期格式"), "", _("YYYY-MM-DD，例如 2021-03-01。")])
    notes.append([_("街道、社区"), "", _("填写名称或区划代码，见“街道和社区”工作表。")])
    for index, width in enumerate((22, 14, 80, 24), start=1):
        notes.column_dimensions[get_column_letter(index)].width = width
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = WRAP
    for cell in notes[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL

    places = workbook.create_sheet(_("街道和社区"))
    places.append([_("街道"), _("街道区划代码"), _("社区"), _("社区区划代码")])
    if user.area_id:
        for street, communities in _streets_and_communities(user.area):
            if not communities:
                places.append([street.name, street.code, "", ""])
            for community in communities:
                places.append([street.name, street.code, community.name, community.code])
    for index, width in enumerate((20, 16, 24, 18), start=1):
        places.column_dimensions[get_column_letter(index)].width = width
    for cell in places[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _area_ids(area: Area) -> Any:
    return Area.objects.filter(_areas_under(area)).values("id")


def _drop_down(sheet: Any, column: int, options: list[str]) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("取值无效"),
        error=_("请从下拉列表中选择。"),
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def template_csv() -> bytes:
    """The header row only, UTF-8 with a BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    csv.writer(buffer).writerow([_(c.header) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def report_xlsx(*, job: ImportJob) -> bytes:
    """Every bad row of a job: row number, column and message."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("校验报告"))
    sheet.append([_("文件"), safe_cell(job.file_name)])
    sheet.append(
        [
            _("总行数"),
            job.total_rows,
            _("正确行数"),
            job.valid_rows,
            _("错误行数"),
            job.invalid_rows,
        ]
    )
    sheet.append([])
    sheet.append([_("行号"), _("列"), _("错误说明")])
    for error in job.report.get("errors", []):
        field = error.get("field", "")
        sheet.append(
            [
                error["row"],
                column_label(field) if field in BY_KEY else "",
                safe_cell(error["message"]),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
