"""Parsing and resolving each row of an import before anything is written.

Each row's text is parsed (dates, numbers, yes/no), what it names is resolved through the
whole-file ``Lookups`` (no query per row), and it becomes an ``OrganizationInput`` and an
``EventInput``; every problem a person can fix is kept with its row and column. ``checks``
then applies the registry's record rules and uniqueness to all rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from socorg.registry.importing.columns import BY_KEY, DIRECT, NO, YES
from socorg.registry.importing.lookups import Lookups
from socorg.registry.models import ServiceDomain
from socorg.registry.rules import uscc as uscc_rules
from socorg.registry.rules.lifecycle import REGISTERED_TYPES, OrgType
from socorg.registry.services import EventInput, OrganizationInput

Progress = Callable[[int, int], None]

INT_MAX = 2_147_483_647  # PositiveIntegerField on every database
FUNDS_MAX_DIGITS = 12  # DecimalField(max_digits=14, decimal_places=2)
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
DOMAIN_SEPARATORS = re.compile(r"[、,，;；/]+")
# organization_validate's field names → the column a person fixes.
FIELD_COLUMN = {
    "district": "street",
    "registration_authority": "street",
    "occurred_on": "registered_on",
    "kind": "org_type",
}
TYPE_LABELS: dict[str, str] = {
    "社会团体": OrgType.SOCIAL_GROUP,
    "社会服务机构": OrgType.SOCIAL_SERVICE,
    "民办非企业单位": OrgType.SOCIAL_SERVICE,
    "基金会": OrgType.FOUNDATION,
    "社区社会组织": OrgType.COMMUNITY,
}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class RowResult:
    number: int
    data: OrganizationInput | None = None
    event: EventInput | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors and self.data is not None

    def add(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.number, field_name, message))


@dataclass
class Validation:
    rows: list[RowResult]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def valid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.valid]

    @property
    def invalid_count(self) -> int:
        return sum(1 for r in self.rows if not r.valid)

    def errors(self) -> list[RowError]:
        order = {key: i for i, key in enumerate(BY_KEY)}
        return sorted(
            (e for r in self.rows for e in r.errors),
            key=lambda e: (e.row, order.get(e.field, len(order))),
        )


def _date(row: RowResult, key: str, text: str) -> dt.date | None:
    match = DATE_RE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    row.add(
        key,
        _("“%(value)s”不是有效日期，请按 YYYY-MM-DD 填写（如 2021-03-01）。") % {"value": text},
    )
    return None


def _count(row: RowResult, key: str, text: str) -> int:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        row.add(key, _("“%(value)s”不是数字，请填写不小于 0 的整数。") % {"value": text})
        return 0
    if number < 0:
        row.add(key, _("人数不能为负数（填写的是 %(value)s）。") % {"value": text})
    elif number != number.to_integral_value():
        row.add(key, _("人数应为整数（填写的是 %(value)s）。") % {"value": text})
    elif number > INT_MAX:
        row.add(key, _("数值 %(value)s 过大。") % {"value": text})
    else:
        return int(number)
    return 0


def _funds(row: RowResult, text: str) -> Decimal | None:
    try:
        amount = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        row.add(
            "registered_funds",
            _("“%(value)s”不是数字，请填写金额（元），最多两位小数。") % {"value": text},
        )
        return None
    if not amount.is_finite():
        row.add("registered_funds", _("“%(value)s”不是有效金额。") % {"value": text})
        return None
    if amount != amount.quantize(Decimal("0.01")):
        row.add("registered_funds", _("注册资金最多保留两位小数。"))
        return None
    if abs(amount) >= Decimal(10) ** FUNDS_MAX_DIGITS:
        row.add("registered_funds", _("注册资金金额过大。"))
        return None
    return amount.quantize(Decimal("0.01"))


def _flag(row: RowResult, key: str, text: str) -> bool:
    if text in (YES, _(YES), "Y", "y", "1", "true", "TRUE", "True"):
        return True
    if text in (NO, _(NO), "N", "n", "0", "false", "FALSE", "False"):
        return False
    row.add(key, _("应填写“是”或“否”（填写的是“%(value)s”）。") % {"value": text})
    return False


def _org_type(row: RowResult, text: str) -> str | None:
    if not text:
        row.add("org_type", _("请填写组织类型。"))
        return None
    labels = TYPE_LABELS | {_(label): code for label, code in TYPE_LABELS.items()}
    code = labels.get(text) or (text if text in {t.value for t in OrgType} else None)
    if code is None:
        row.add(
            "org_type",
            _("组织类型“%(value)s”无效，应为：社会团体、社会服务机构、基金会或社区社会组织。")
            % {"value": text},
        )
    return code


def _domains(row: RowResult, text: str, lookups: Lookups) -> list[ServiceDomain]:
    found: dict[int, ServiceDomain] = {}
    for name in (n.strip() for n in DOMAIN_SEPARATORS.split(text)):
        if not name:
            continue
        domain = lookups.domains.get(name)
        if domain is None:
            row.add("domains", _("未知的服务领域“%(value)s”。") % {"value": name})
        else:
            found[domain.id] = domain
    return list(found.values())


def _lengths(row: RowResult, cells: dict[str, str]) -> None:
    for key, text in cells.items():
        limit = BY_KEY[key].max_length
        # name and uscc have their own messages in the registry rules.
        if limit and key not in ("name", "uscc", "legal_rep_id") and len(text) > limit:
            row.add(
                key, _("不能超过 %(n)d 个字（现有 %(len)d 个）。") % {"n": limit, "len": len(text)}
            )


def row_parse(number: int, cells: dict[str, str], lookups: Lookups) -> RowResult:
    """One row: its values parsed and resolved, and every problem a person can fix in it."""
    row = RowResult(number)
    _lengths(row, cells)
    org_type = _org_type(row, cells.get("org_type", ""))
    registered = org_type in {t.value for t in REGISTERED_TYPES}

    street = community = district = authority = unit = None
    street_text = cells.get("street", "")
    if not street_text:
        row.add("street", _("请填写街道。"))
    else:
        street, problem = lookups.street(street_text)
        if problem:
            row.add("street", problem)
    if street is not None:
        district = street.parent
        if cells.get("community"):
            community, problem = lookups.community(cells["community"], street)
            if problem:
                row.add("community", problem)
        if org_type == OrgType.COMMUNITY:
            authority = lookups.street_offices.get(street.id)
            if authority is None:
                row.add(
                    "street",
                    _("街道“%(street)s”没有登记在册的街道办事处，无法办理社区社会组织备案。")
                    % {"street": street.name},
                )
        elif org_type is not None:
            authority = lookups.authorities.get(street.parent_id)
            if authority is None:
                row.add(
                    "street",
                    _("%(district)s没有登记管理机关（民政局），无法办理登记。")
                    % {"district": district.name if district else "—"},
                )

    unit_text = cells.get("supervisory_unit", "")
    directly = unit_text in (DIRECT, _(DIRECT))
    if unit_text and not directly and district is not None:
        unit, problem = lookups.supervisory_unit(unit_text, district)
        if problem:
            row.add("supervisory_unit", problem)

    dates: dict[str, dt.date | None] = {}
    for key in ("founded_on", "registered_on", "charity_recognized_on"):
        dates[key] = _date(row, key, cells[key]) if cells.get(key) else None
    if not cells.get("registered_on"):
        row.add("registered_on", _("请填写登记（备案）日期。"))
    document = cells.get("document_number", "")
    if registered and not document:
        row.add("document_number", _("请填写登记证书编号（成立登记文书号）。"))

    counts = {
        key: _count(row, key, cells[key]) if cells.get(key) else 0
        for key in ("staff_full_time", "staff_part_time", "volunteers")
    }
    funds = _funds(row, cells["registered_funds"]) if cells.get("registered_funds") else None
    is_charity = _flag(row, "is_charity", cells["is_charity"]) if cells.get("is_charity") else False
    fundraising = (
        _flag(row, "public_fundraising", cells["public_fundraising"])
        if cells.get("public_fundraising")
        else False
    )
    recognized = dates["charity_recognized_on"]
    if recognized is not None:
        if not is_charity:
            row.add("charity_recognized_on", _("填写了认定日期，但“慈善组织”一栏不是“是”。"))
        if recognized > lookups.today:
            row.add(
                "charity_recognized_on",
                _("日期 %(d)s 晚于今天。") % {"d": recognized.isoformat()},
            )
        registered_on = dates["registered_on"]
        if registered_on and recognized < registered_on:
            row.add("charity_recognized_on", _("认定为慈善组织日期不能早于登记（备案）日期。"))
    email = cells.get("contact_email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.add("contact_email", _("电子邮箱“%(value)s”格式不正确。") % {"value": email})
    domains = _domains(row, cells["domains"], lookups) if cells.get("domains") else []

    if org_type is None or street is None or authority is None or district is None:
        return row  # without type and place the record cannot be checked further
    row.data = OrganizationInput(
        name=cells.get("name", ""),
        org_type=org_type,
        registration_authority=authority,
        district=district,
        street=street,
        community=community,
        uscc=uscc_rules.normalize(cells.get("uscc", "")),
        supervisory_unit=unit,
        directly_registered=directly,
        legal_rep_name=cells.get("legal_rep_name", ""),
        legal_rep_id=cells.get("legal_rep_id") or None,
        contact_person=cells.get("contact_person", ""),
        contact_phone=cells.get("contact_phone", ""),
        contact_email=email,
        domicile=cells.get("domicile", ""),
        founded_on=dates["founded_on"],
        registered_on=dates["registered_on"],
        registered_funds=funds,
        staff_full_time=counts["staff_full_time"],
        staff_part_time=counts["staff_part_time"],
        volunteers=counts["volunteers"],
        is_charity=is_charity,
        charity_recognized_on=recognized,
        public_fundraising=fundraising,
        domains=domains,
    )
    if dates["registered_on"] is not None:
        row.event = EventInput(occurred_on=dates["registered_on"], document_number=document)
    return row
