"""How the daily run's counts read in words (the command's output and the workbench's table)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socorg.supervision.models import DailyRun

Step = DailyRun.Step

# Per step: the counts worth showing, in order, with their labels.
COUNT_LABELS: dict[str, tuple[tuple[str, Any], ...]] = {
    Step.CREDIT: (
        ("candidates", gettext_lazy("待评估组织")),
        ("organizations", gettext_lazy("须评估组织")),
        ("entries_created", gettext_lazy("新增名录记录")),
        ("entries_corrected", gettext_lazy("更正记录")),
        ("entries_withdrawn", gettext_lazy("撤回记录")),
        ("statuses_created", gettext_lazy("新列入")),
        ("statuses_updated", gettext_lazy("状态变更")),
        ("notifications", gettext_lazy("通知")),
    ),
    Step.DORMANCY: (
        ("organizations", gettext_lazy("评分组织")),
        ("scored", gettext_lazy("有风险信号")),
        ("created", gettext_lazy("新增评分")),
        ("updated", gettext_lazy("更新评分")),
        ("deleted", gettext_lazy("移除评分")),
        ("cases_advanced", gettext_lazy("案件推进")),
    ),
    Step.REMINDERS: (
        ("sent", gettext_lazy("到期提醒")),
        ("notifications", gettext_lazy("通知")),
    ),
    Step.PARTY: (
        ("findings", gettext_lazy("应建未建党组织")),
        ("undecided", gettext_lazy("尚未认定A2")),
    ),
}


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def describe_counts(step: str, counts: dict[str, Any]) -> str:
    """The step's counts in one line of words, e.g. '须评估组织 120，新增名录记录 3'."""
    if step == Step.DEADLINES:
        return _describe_deadlines(counts)
    if step == Step.CREDIT:
        mode = _("全量评估") if counts.get("mode") == "full" else _("增量评估")
        rest = "，".join(
            f"{label} {_number(counts[key])}" for key, label in COUNT_LABELS[step] if key in counts
        )
        return f"{mode}：{rest}"
    if step == Step.DORMANCY and counts.get("skipped"):
        return _("已有 %(latest)s 的评分，重放较早日期时不改写") % {"latest": counts.get("latest")}
    if step == Step.PARTY and "findings" in counts and not counts["findings"]:
        return _("无（未启用A2或没有应建未建的组织）")
    parts = [
        f"{label} {_number(counts[key])}"
        for key, label in COUNT_LABELS.get(step, ())
        if key in counts
    ]
    return "，".join(parts) or "—"


def _describe_deadlines(counts: dict[str, Any]) -> str:
    passed = counts.get("deadlines") or []
    if not passed:
        return _("今日无年度报告截止")
    lines = []
    for item in passed:
        text = _("%(year)s 年度报告 %(due)s 截止，逾期未报送 %(n)s 个") % {
            "year": item["year"],
            "due": item["due_on"],
            "n": _number(item["missed"]),
        }
        if not item.get("credit_a1"):
            text += _("（年度报告尚未接入信用规则，不产生A1）")
        lines.append(text)
    return "；".join(lines)
