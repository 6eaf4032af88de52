"""Writing divisions: create one, retire one (its history stays), bulk-load the national standard.

Divisions are reference data. Records keep pointing at the division they were made in, so a
division is never deleted or renumbered: a merger retires it (``valid_to`` + ``successor``)
and the code may later be reused by a new row (domain.md §12).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from socorg.areas.models import Area
from socorg.areas.rules import InvalidCodeError, Level, level_for_code, parent_code
from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record, snapshot
from socorg.core.errors import ApplicationError, PermissionDenied, require

STANDARDS_ENV = "SOCORG_STANDARDS_DIR"
BUNDLED_CSV = Path(__file__).resolve().parent / "data" / "wuchang.csv"
# The standard's files, one per level, ancestors first.
DIVISION_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
AREA_FIELDS = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor")

# Role names as stored on the user (areas sits below accounts and cannot import its enum).
SYSTEM_ADMIN = "system_admin"
DISTRICT_ADMIN = "district_admin"


def _can_manage_area(actor: Any, code: str) -> tuple[bool, str]:
    """System jobs (no actor) and the system administrator maintain every division; a
    district administrator maintains the divisions below its own area (streets, communities).

    Kept here until areas has a permissions module (see the report to the lead).
    """
    if actor is None:
        return True, ""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False, _("请先登录。")
    if actor.role == SYSTEM_ADMIN:
        return True, ""
    if actor.role == DISTRICT_ADMIN and actor.area_id is not None:
        own = actor.area.code
        if code != own and code.startswith(own):
            return True, ""
        return False, _("只能维护本辖区下级的区划。")
    return False, _("您的角色无权维护行政区划。")


def _level_or_error(code: str) -> Level:
    try:
        return level_for_code(code)
    except InvalidCodeError:
        raise ApplicationError.for_field(
            "code",
            _("区划代码“%(code)s”无效：应为 2、4、6、9 或 12 位数字（GB/T 2260）。")
            % {"code": code},
        ) from None


@transaction.atomic
def area_create(
    *,
    actor: Any,
    code: str,
    name: str,
    parent: Area | None = None,
    valid_from: dt.date | None = None,
) -> Area:
    """Add one division; its level follows from the code and its parent must be current."""
    code = code.strip()
    name = name.strip()
    level = _level_or_error(code)
    require(_can_manage_area(actor, code))
    problems: dict[str, list[str]] = {}
    if not name:
        problems["name"] = [_("请填写区划名称。")]
    elif len(name) > Area._meta.get_field("name").max_length:  # type: ignore[operator]
        problems["name"] = [_("区划名称不能超过 100 个字。")]
    expected_parent = parent_code(code)
    if expected_parent is None:
        parent = None
    else:
        if parent is None:
            parent = Area.objects.filter(code=expected_parent, valid_to__isnull=True).first()
        if parent is None or parent.code != expected_parent:
            problems["parent"] = [
                _("区划代码 %(code)s 的上级应为 %(parent)s，但该上级区划不存在。")
                % {"code": code, "parent": expected_parent}
            ]
        elif parent.valid_to is not None:
            problems["parent"] = [_("上级区划“%(name)s”已停用。") % {"name": parent.name}]
    if Area.objects.filter(code=code, valid_to__isnull=True).exists():
        problems["code"] = [_("区划代码 %(code)s 已被一个现行区划使用。") % {"code": code}]
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(first, errors=problems)
    area = Area.objects.create(
        code=code, name=name, level=level.value, parent=parent, valid_from=valid_from
    )
    audit_record(
        actor=actor,
        action="area.create",
        obj=area,
        after=snapshot(area, AREA_FIELDS),
        category=AuditEvent.Category.SYSTEM,
    )
    return area


@transaction.atomic
def area_retire(
    *,
    actor: Any,
    area: Area,
    valid_to: dt.date,
    successor: Area | None = None,
    reason: str = "",
) -> Area:
    """Retire a division (撤并): it stops being current on ``valid_to``; records made in it
    keep pointing at it, and ``successor`` names the division it was merged into."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    require(_can_manage_area(actor, area.code))
    problems: dict[str, list[str]] = {}
    if area.valid_to is not None:
        problems["valid_to"] = [
            _("该区划已于 %(date)s 停用。") % {"date": area.valid_to.isoformat()}
        ]
    elif area.valid_from is not None and valid_to <= area.valid_from:
        problems["valid_to"] = [_("停用日期必须晚于启用日期。")]
    if successor is not None:
        if successor.pk == area.pk:
            problems["successor"] = [_("不能并入自身。")]
        elif successor.level != area.level:
            problems["successor"] = [_("并入区划必须与原区划同一层级。")]
        elif successor.valid_to is not None:
            problems["successor"] = [_("并入区划“%(name)s”已停用。") % {"name": successor.name}]
    if not reason.strip():
        problems["reason"] = [_("请填写停用原因（如撤并文件）。")]
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(first, errors=problems)
    before = snapshot(area, ("valid_to", "successor"))
    area.valid_to = valid_to
    area.successor = successor
    area.save(update_fields=["valid_to", "successor"])
    audit_record(
        actor=actor,
        action="area.retire",
        obj=area,
        before=before,
        after=snapshot(area, ("valid_to", "successor")),
        reason=reason.strip(),
        category=AuditEvent.Category.SYSTEM,
    )
    return area


def divisions_dir() -> Path | None:
    """The folder of the GB/T 2260 division CSVs, or None when it is not on this machine.

    ``$SOCORG_STANDARDS_DIR`` (the standards folder, or its ``divisions`` subfolder) wins;
    otherwise ``shared/standards/divisions`` next to the project.
    """
    override = os.environ.get(STANDARDS_ENV, "")
    if override:
        candidates = [Path(override) / "divisions", Path(override)]
    else:
        candidates = [Path(settings.BASE_DIR).parent / "shared" / "standards" / "divisions"]
    for candidate in candidates:
        if (candidate / "areas.csv").is_file():
            return candidate
    return None


def _wanted(code: str, prefixes: Sequence[str]) -> bool:
    """In the selection: under one of the prefixes, or an ancestor of one."""
    if not prefixes:
        return True
    return any(code.startswith(p) or p.startswith(code) for p in prefixes)


def division_rows(
    *,
    prefixes: Sequence[str] = (),
    streets: bool = True,
    source: Path | None = None,
) -> list[tuple[str, str]]:
    """(code, name) of the selected divisions, ancestors first.

    Reads the national standard when it is available, else the bundled rows of the demo
    district (enough for ``seed_demo``, not for other prefixes).
    """
    folder = source if source is not None else divisions_dir()
    paths: Iterable[Path]
    if folder is None:
        paths = [BUNDLED_CSV]
    else:
        names = DIVISION_FILES if streets else DIVISION_FILES[:3]
        paths = [folder / n for n in names]
    rows: list[tuple[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            for record in csv.DictReader(fh):
                code = record["code"].strip()
                if not streets and len(code) > 6:
                    continue
                if _wanted(code, prefixes):
                    rows.append((code, record["name"].strip()))
    rows.sort(key=lambda r: (len(r[0]), r[0]))
    return rows


@dataclass
class DivisionLoadResult:
    created: dict[str, int] = field(default_factory=dict)  # by level
    existing: int = 0
    source: str = ""

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


@transaction.atomic
def area_load_divisions(
    *,
    actor: Any = None,
    prefixes: Sequence[str] = (),
    streets: bool = True,
    source: Path | None = None,
    batch_size: int = 2000,
) -> DivisionLoadResult:
    """Load provinces, cities, districts and streets from the GB/T 2260 statistical codes.

    Idempotent: a code that already has a current division is left as it is. ``prefixes``
    (e.g. ``["42"]`` or ``["420106"]``) keeps the divisions under them plus their ancestors.
    """
    if actor is not None and getattr(actor, "role", "") != SYSTEM_ADMIN:
        raise PermissionDenied(_("只有系统管理员可以批量导入行政区划。"))
    for p in prefixes:
        if not p.isdigit():
            raise ApplicationError.for_field(
                "prefixes", _("区划代码前缀“%(p)s”应为数字。") % {"p": p}
            )
    folder = source if source is not None else divisions_dir()
    rows = division_rows(prefixes=prefixes, streets=streets, source=folder)
    result = DivisionLoadResult(source=str(folder or BUNDLED_CSV))
    ids: dict[str, int] = dict(Area.objects.filter(valid_to__isnull=True).values_list("code", "id"))
    pending: list[Area] = []
    current_length = 0

    def flush() -> None:
        if pending:
            Area.objects.bulk_create(pending, batch_size=batch_size)
            for area in pending:
                ids[area.code] = area.pk
            pending.clear()

    for code, name in rows:
        if len(code) != current_length:
            flush()  # parents must have ids before their children are built
            current_length = len(code)
        if code in ids:
            result.existing += 1
            continue
        level = _level_or_error(code)
        up = parent_code(code)
        if up is not None and up not in ids:
            raise ApplicationError.for_field(
                "source",
                _("区划 %(code)s 的上级 %(parent)s 不在数据中。") % {"code": code, "parent": up},
            )
        pending.append(
            Area(code=code, name=name, level=level.value, parent_id=ids[up] if up else None)
        )
        result.created[level.value] = result.created.get(level.value, 0) + 1
    flush()
    if result.total_created:
        audit_record(
            actor=actor,
            action="area.load_divisions",
            object_type="areas.area",
            after={
                "created": result.created,
                "existing": result.existing,
                "prefixes": list(prefixes),
                "source": Path(result.source).name,
            },
            category=AuditEvent.Category.SYSTEM,
        )
    return result
