"""Helpers every evaluation service shares: the date, permission checks, field errors, points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.core.i18n import render
from socorg.evaluation import rules

Problems = dict[str, list[str]]


def day_of(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def check(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def add(problems: Problems, name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def raise_if(problems: Problems) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def points_of(
    problems: Problems,
    field: str,
    value: Any,
    indicator: rules.Indicator,
    *,
    places: int,
) -> Decimal | None:
    """Points given on one indicator: a number from 0 to the indicator's maximum, with at most
    ``places`` decimals; otherwise a field error naming the indicator."""
    name = render(indicator.name)
    if value is None or value == "" or isinstance(value, bool | float):
        add(problems, field, _("请填写指标“%(name)s”的得分。") % {"name": name})
        return None
    try:
        points = Decimal(str(value).strip())
    except InvalidOperation:
        add(problems, field, _("指标“%(name)s”的得分须为数字。") % {"name": name})
        return None
    if not points.is_finite():
        add(problems, field, _("指标“%(name)s”的得分须为数字。") % {"name": name})
        return None
    if not Decimal(0) <= points <= indicator.max_points:
        add(
            problems,
            field,
            _("指标“%(name)s”的得分 %(points)s 超出 0–%(max)s 分的范围。")
            % {"name": name, "points": points, "max": indicator.max_points},
        )
        return None
    if points.as_tuple().exponent < -places:  # type: ignore[operator]
        add(
            problems,
            field,
            _("指标“%(name)s”的得分最多保留 %(n)s 位小数。") % {"name": name, "n": places},
        )
        return None
    return points


def score_sheet(
    template: rules.IndicatorTemplate,
    values: Any,
    *,
    prefix: str,
    places: int,
    problems: Problems,
) -> dict[str, Decimal]:
    """A whole sheet (every indicator of the template, nothing else), checked indicator by
    indicator; problems are keyed ``<prefix>.<indicator code>``."""
    if not isinstance(values, dict):
        add(problems, prefix, _("请按指标逐项填写得分。"))
        return {}
    sheet: dict[str, Decimal] = {}
    for code in values:
        if template.indicator(str(code)) is None:
            add(
                problems,
                f"{prefix}.{code}",
                _("指标“%(code)s”不在本次评估的指标体系中。") % {"code": code},
            )
    for indicator in template.indicators:
        points = points_of(
            problems,
            f"{prefix}.{indicator.code}",
            values.get(indicator.code),
            indicator,
            places=places,
        )
        if points is not None:
            sheet[indicator.code] = points
    return sheet
