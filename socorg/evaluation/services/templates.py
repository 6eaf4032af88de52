"""Indicator templates: a new version of the first-level indicators of a type (never edited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.evaluation import rules
from socorg.evaluation.models import IndicatorTemplate, OrgTypeChoices
from socorg.evaluation.permissions import can_create_round
from socorg.evaluation.policy import get_policy
from socorg.evaluation.services._common import add, check, raise_if


def _indicators(problems: dict[str, list[str]], raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list | tuple) or not raw:
        add(problems, "indicators", _("请至少列出一个一级指标。"))
        return []
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        field = f"indicators.{number - 1}"
        if not isinstance(item, dict):
            add(problems, field, _("第 %(n)s 个指标的格式不对。") % {"n": number})
            continue
        code = str(item.get("code") or "").strip()
        name = str(item.get("name") or "").strip()
        if not code or not name:
            add(problems, field, _("第 %(n)s 个指标须有代码和名称。") % {"n": number})
            continue
        if code in seen:
            add(problems, field, _("指标代码“%(code)s”重复。") % {"code": code})
            continue
        seen.add(code)
        try:
            points = Decimal(str(item.get("max_points")))
        except InvalidOperation:
            points = Decimal(0)
        if not points.is_finite() or points <= 0:
            add(problems, field, _("指标“%(name)s”的分值须为正数。") % {"name": name})
            continue
        rows.append({"code": code, "name": name, "max_points": str(points)})
    return rows


@transaction.atomic
def indicator_template_create(
    *,
    actor: Any,
    org_type: str,
    version: str,
    valid_from: dt.date,
    indicators: Any,
    basis: str = "",
) -> IndicatorTemplate:
    """A new version of a type's indicators; rounds opened from ``valid_from`` use it. Points
    must add up to the configured total (1000 by default, domain.md §3.3)."""
    check(can_create_round(actor))
    policy = get_policy()
    problems: dict[str, list[str]] = {}
    if org_type not in OrgTypeChoices.values:
        add(problems, "org_type", _("等级评估只适用于社会团体、社会服务机构和基金会。"))
    version = (version or "").strip()
    if not version:
        add(problems, "version", _("请填写版本号。"))
    elif IndicatorTemplate.objects.filter(org_type=org_type, version=version).exists():
        add(problems, "version", _("该组织类型已有版本“%(v)s”。") % {"v": version})
    rows = _indicators(problems, indicators)
    total = sum((Decimal(r["max_points"]) for r in rows), Decimal(0))
    if rows and not problems.get("indicators") and total != policy.total_points:
        add(
            problems,
            "indicators",
            _("各指标分值合计为 %(total)s 分，应为 %(expected)s 分。")
            % {"total": total, "expected": policy.total_points},
        )
    raise_if(problems)
    template = IndicatorTemplate.objects.create(
        org_type=org_type,
        version=version,
        valid_from=valid_from,
        total_points=total,
        indicators=rows,
        basis=basis.strip()[:200],
    )
    audit_record(
        actor=actor,
        action="evaluation.template.create",
        obj=template,
        after={
            "org_type": org_type,
            "version": version,
            "valid_from": valid_from,
            "indicators": rows,
        },
    )
    return template


def default_template_rows() -> list[dict[str, Any]]:
    """The rule module's default templates as rows (the data migration seeds the same)."""
    return [
        {
            "org_type": template.org_type.value,
            "version": template.version,
            "total_points": str(template.total),
            "indicators": [
                {"code": i.code, "name": i.name, "max_points": str(i.max_points)}
                for i in template.indicators
            ],
        }
        for template in rules.default_templates().values()
    ]
