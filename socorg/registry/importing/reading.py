"""Reading an uploaded register (.xlsx or .csv) into rows of text, refusing bad files whole.

Every refusal is an ``ApplicationError`` on the ``file`` field, raised before anything is
stored: wrong extension or content, unreadable file, too large, too many rows, missing columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError
from socorg.registry.importing.columns import (
    COLUMNS,
    header_index,
    normalize_header,
)

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE documents)
HEADER_SEARCH_ROWS = 10  # a hand-kept register may have a title above the header row
MAX_COLUMNS = 200
# A .xlsx is a zip: refuse one that would inflate far beyond the upload limit.
MAX_INFLATE_RATIO = 10

DATA_SHEET_TITLE = "社会组织名录"


@dataclass
class Sheet:
    """An uploaded file as text: for each data row, its number in the file and its cells."""

    file_name: str
    file_format: str
    rows: list[tuple[int, dict[str, str]]]
    ignored_headers: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        keys = [c.key for c in COLUMNS]
        return {
            "file_name": self.file_name,
            "file_format": self.file_format,
            "ignored_headers": self.ignored_headers,
            "keys": keys,
            "rows": [[number, *(cells.get(k, "") for k in keys)] for number, cells in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        keys = data["keys"]
        rows = [
            (row[0], {k: v for k, v in zip(keys, row[1:], strict=True) if v})
            for row in data["rows"]
        ]
        return cls(data["file_name"], data["file_format"], rows, data.get("ignored_headers", []))


def _refuse(message: str) -> ApplicationError:
    return ApplicationError.for_field("file", message)


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: dates as YYYY-MM-DD, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def sheet_read(stream: IO[bytes], *, file_name: str, size: int) -> Sheet:
    """Read an uploaded register; raise a clear error naming what is wrong with the file."""
    name = (file_name or "").strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xls":
        raise _refuse(_("不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 格式后再上传。"))
    if extension not in ("xlsx", "csv"):
        raise _refuse(
            _("文件“%(name)s”的类型不受支持：只能上传 .xlsx 或 .csv 文件。") % {"name": name}
        )
    if size > settings.IMPORT_MAX_BYTES:
        raise _refuse(
            _("文件大小 %(size)s 超过上限 %(max)s，请拆分后分批导入。")
            % {"size": _megabytes(size), "max": _megabytes(settings.IMPORT_MAX_BYTES)}
        )
    content = stream.read(settings.IMPORT_MAX_BYTES + 1)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise _refuse(
            _("文件大小超过上限 %(max)s，请拆分后分批导入。")
            % {"max": _megabytes(settings.IMPORT_MAX_BYTES)}
        )
    if not content:
        raise _refuse(_("文件是空的。"))
    table = _xlsx_rows(content) if extension == "xlsx" else _csv_rows(content)
    return _sheet_from(table, file_name=name, file_format=extension)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    if content.startswith(OLE_MAGIC):
        raise _refuse(
            _(
                "文件内容是旧版 .xls 格式（只是扩展名为 .xlsx）：请在 Excel 中另存为 .xlsx 后再上传。"
            )
        )
    if not content.startswith(XLSX_MAGIC):
        raise _refuse(_("文件内容不是 Excel（.xlsx）格式，请确认文件没有被改名或损坏。"))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
        if inflated > settings.IMPORT_MAX_BYTES * MAX_INFLATE_RATIO:
            raise _refuse(_("文件解压后过大，无法读取，请拆分后分批导入。"))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ApplicationError:
        raise
    except Exception:
        raise _refuse(_("无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 文件。")) from None
    try:
        names = workbook.sheetnames
        sheet = workbook[DATA_SHEET_TITLE] if DATA_SHEET_TITLE in names else workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return _guard(
            ([cell_text(v) for v in row] for row in rows),
            _("无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 文件。"),
            close=workbook.close,
        )
    except Exception:
        workbook.close()
        raise _refuse(_("无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 文件。")) from None


def _guard(rows: Iterable[list[str]], message: str, close: Any = None) -> Iterator[list[str]]:
    """Turn a parser failure in the middle of a file into the same clear refusal."""
    try:
        yield from rows
    except ApplicationError:
        raise
    except Exception:
        raise _refuse(message) from None
    finally:
        if close is not None:
            close()


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    head = content[:8192]
    if content.startswith((XLSX_MAGIC, OLE_MAGIC)) or b"\x00" in head:
        raise _refuse(_("文件内容不是 CSV 文本（可能是 Excel 文件被改成了 .csv 扩展名）。"))
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    return _guard(
        ([cell.strip() for cell in row[:MAX_COLUMNS]] for row in reader),
        _("无法解析该 CSV 文件：引号或分隔符不成对，请用 Excel 重新保存为 CSV UTF-8 格式。"),
    )


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse(_("文件标记为 UTF-8 编码，但内容无法按 UTF-8 读取。")) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excel on Chinese Windows saves "CSV" as GBK unless told otherwise.
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise _refuse(
            _("无法识别 CSV 文件的编码：请另存为“CSV UTF-8（逗号分隔）”格式后再上传。")
        ) from None


def _sheet_from(table: Iterator[list[str]], *, file_name: str, file_format: str) -> Sheet:
    index = header_index()
    header: list[str] | None = None
    header_row = 0
    for number, cells in enumerate(table, start=1):
        recognized = sum(1 for c in cells if c and normalize_header(c) in index)
        if recognized >= 2:
            header, header_row = cells, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise _refuse(
            _("在文件的前 %(n)d 行中没有找到表头：请使用导入模板，第一行填写列名。")
            % {"n": HEADER_SEARCH_ROWS}
        )
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for text in header:
        key = index.get(normalize_header(text)) if text else None
        if key is not None and key in seen:
            raise _refuse(
                _("列“%(header)s”与列“%(other)s”重复（表示同一项内容）。")
                % {"header": text, "other": seen[key]}
            )
        if key is not None:
            seen[key] = text
        elif text:
            ignored.append(text)
        keys.append(key)
    missing = [_(c.header) for c in COLUMNS if c.required_header and c.key not in seen]
    if missing:
        raise _refuse(
            _("文件缺少必填列：%(columns)s。请使用导入模板。") % {"columns": "、".join(missing)}
        )

    rows: list[tuple[int, dict[str, str]]] = []
    limit = settings.IMPORT_MAX_ROWS
    for number, cells in enumerate(table, start=header_row + 1):
        values = {
            key: value for key, value in zip(keys, cells, strict=False) if key is not None and value
        }
        if not values:
            continue  # blank lines, or notes outside the template's columns, are not data
        rows.append((number, values))
        if len(rows) > limit:
            raise _refuse(
                _("文件的数据超过 %(max)d 行，超出单次导入上限，请拆分后分批导入。")
                % {"max": limit}
            )
    if not rows:
        raise _refuse(_("文件中只有表头，没有数据行。"))
    return Sheet(file_name, file_format, rows, ignored)
