"""Two years of daily runs for a handful of organizations (issue 3, "Rule fidelity").

Every fact is recorded through the services on the day it happens, and the daily run runs every
day of 2024 and 2025. The test checks, day by day, when each organization's list changed, and
at the end every credit entry with its article:

* ``normal`` files every report on time: never listed;
* ``missed`` files nothing: A1 the day after the 2023 deadline, restarted by the 2024 one;
* ``fined`` is fined 60,000 yuan: serious list (S4) the day of the decision;
* ``warned`` gets a warning: abnormal list (A5), removed by itself 6 months later (RA2);
* ``rectifies`` rectifies a notice before its deadline: never listed;
* ``late`` rectifies after the deadline: A3 the next day, removed when verified (RA1);
* ``unreachable``: two registered letters come back unsigned: A6.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace

import pytest

from socorg.annual_reports.services import annual_report_act
from socorg.credit.models import CreditEntry, CreditStatus
from socorg.credit.selectors import credit_standing
from socorg.credit.services import (
    penalty_record,
    rectification_notice_record,
    rectification_notice_verify,
    unreachable_letter_record,
)
from socorg.dormancy.tests.conftest import file_report
from socorg.supervision.models import DailyRun
from socorg.supervision.services import daily_run, days_between
from tests.world import World, register

D = dt.date
START, END = D(2024, 1, 1), D(2025, 12, 31)
REGISTERED = D(2022, 8, 1)  # after the 2022 cut-off: the first report is on 2023

Action = Callable[[dt.date], object]


def _timeline(world: World, orgs: SimpleNamespace) -> dict[dt.date, list[Action]]:
    admin = world.user("district_admin")
    officer = world.user("department_officer")
    plan: dict[dt.date, list[Action]] = {}

    def on(day: dt.date, action: Action) -> None:
        plan.setdefault(day, []).append(action)

    def files(org: object, year: int) -> None:
        # Filed on 1 March, approved by the supervisory unit on 10 March: on time (03-31).
        on(D(year + 1, 3, 1), lambda day: file_report(world, org, year))
        on(D(year + 1, 3, 10), lambda day: _pre_approve(officer, org, year, day))

    for org in (orgs.normal, orgs.fined, orgs.warned, orgs.rectifies, orgs.late, orgs.unreachable):
        files(org, 2023)
        files(org, 2024)

    on(
        D(2024, 2, 1),
        lambda day: penalty_record(
            actor=admin,
            organization=orgs.warned,
            kind="warning",
            decided_on=day,
            document_number="武民罚〔2024〕3号",
            authority=world.bureau,
            today=day,
        ),
    )
    on(
        D(2024, 5, 10),
        lambda day: penalty_record(
            actor=admin,
            organization=orgs.fined,
            kind="fine",
            fine_amount=Decimal("60000"),
            decided_on=day,
            document_number="武民罚〔2024〕9号",
            authority=world.bureau,
            today=day,
        ),
    )
    notices: dict[str, object] = {}

    def notice(key: str, org: object, deadline: dt.date) -> Action:
        def record(day: dt.date) -> None:
            notices[key] = rectification_notice_record(
                actor=admin,
                organization=org,
                issued_on=day,
                deadline=deadline,
                document_number=f"武民整改〔{day.year}〕{org.pk}号",  # type: ignore[attr-defined]
                content="理事会未按章程换届，限期完成换届。",
                today=day,
            )

        return record

    def verify(key: str, rectified_on: dt.date) -> Action:
        return lambda day: rectification_notice_verify(
            actor=admin,
            notice=notices[key],
            rectified_on=rectified_on,
            evidence="已提交换届会议纪要及备案材料。",
            today=day,
        )

    on(D(2024, 6, 3), notice("in_time", orgs.rectifies, D(2024, 7, 3)))
    on(D(2024, 6, 25), verify("in_time", D(2024, 6, 20)))
    on(D(2025, 1, 6), notice("late", orgs.late, D(2025, 2, 6)))
    on(D(2025, 3, 3), verify("late", D(2025, 2, 28)))

    def letter(sent: dt.date, number: str) -> Action:
        return lambda day: unreachable_letter_record(
            actor=admin,
            organization=orgs.unreachable,
            sent_on=sent,
            returned_unsigned=True,
            outcome_on=day,
            tracking_number=number,
            today=day,
        )

    on(D(2024, 9, 20), letter(D(2024, 9, 2), "XA20240902"))
    on(D(2024, 11, 1), letter(D(2024, 10, 14), "XA20241014"))
    return plan


def _pre_approve(officer: object, org: object, year: int, day: dt.date) -> None:
    report = org.annual_reports.get(year=year)  # type: ignore[attr-defined]
    annual_report_act(actor=officer, report=report, action="pre_approve", today=day)


@pytest.fixture
def orgs(world: World) -> SimpleNamespace:
    names = ("normal", "missed", "fined", "warned", "rectifies", "late", "unreachable")
    return SimpleNamespace(
        **{name: register(world, name=f"积玉桥{name}服务中心", on=REGISTERED) for name in names}
    )


def _replay(world: World, orgs: SimpleNamespace) -> dict[str, list[tuple[dt.date, str]]]:
    """Run the timeline and the daily run for every day; each organization's list changes."""
    plan = _timeline(world, orgs)
    ids = {name: org.pk for name, org in vars(orgs).items()}
    current = dict.fromkeys(ids, "normal")
    changes: dict[str, list[tuple[dt.date, str]]] = {name: [] for name in ids}
    for day in days_between(START, END):
        for action in plan.get(day, []):
            action(day)
        daily_run(day=day)
        standing = credit_standing(ids.values())
        for name, pk in ids.items():
            kind = str(standing[pk].list_kind)
            if kind != current[name]:
                changes[name].append((day, kind))
                current[name] = kind
    return changes


def _entries(org: object) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (e.effective_on.isoformat(), e.kind, e.list_kind, e.code, e.citation_rule, e.end_code)
        for e in CreditEntry.objects.filter(organization=org, withdrawn_at__isnull=True).order_by(
            "effective_on", "id"
        )
    ]


@pytest.mark.django_db
def test_two_years_of_daily_runs(world, orgs, settings):
    settings.CREDIT_REPORT_FIRST_YEAR = 2023
    changes = _replay(world, orgs)

    # The day each list changed, as the daily run saw it.
    assert changes["normal"] == []
    assert changes["rectifies"] == []
    assert changes["missed"] == [(D(2024, 4, 1), "abnormal")]
    assert changes["fined"] == [(D(2024, 5, 10), "serious")]
    assert changes["warned"] == [(D(2024, 2, 1), "abnormal"), (D(2024, 8, 1), "normal")]
    assert changes["unreachable"] == [(D(2024, 11, 1), "abnormal")]
    assert [kind for _day, kind in changes["late"]] == ["abnormal", "normal"]
    listed_late, removed_late = (day for day, _kind in changes["late"])
    assert listed_late == D(2025, 2, 7)  # the day after the deadline
    assert D(2025, 3, 3) <= removed_late <= D(2025, 3, 10)  # within 5 working days of 查实

    # Every entry, with its article; nothing else was ever written.
    listing, restart = "CREDIT.abnormal_listing", "CREDIT.abnormal_restart"
    assert _entries(orgs.normal) == []
    assert _entries(orgs.rectifies) == []
    assert _entries(orgs.missed) == [
        ("2024-04-01", "enter", "abnormal", "A1", listing, ""),
        ("2025-04-01", "restart", "abnormal", "A1", restart, ""),
    ]
    assert _entries(orgs.fined) == [
        ("2024-05-10", "enter", "serious", "S4", "CREDIT.serious_listing", ""),
    ]
    assert _entries(orgs.warned) == [
        ("2024-02-01", "enter", "abnormal", "A5", listing, "RA2"),
        ("2024-08-01", "remove", "abnormal", "RA2", "CREDIT.abnormal_auto_removal", ""),
    ]
    assert _entries(orgs.late) == [
        ("2025-02-07", "enter", "abnormal", "A3", listing, "RA1"),
        (
            removed_late.isoformat(),
            "remove",
            "abnormal",
            "RA1",
            "CREDIT.abnormal_removal_after_verification",
            "",
        ),
    ]
    assert _entries(orgs.unreachable) == [
        ("2024-11-01", "enter", "abnormal", "A6", listing, ""),
    ]
    # The article is written out on each entry, with its evidence.
    fined = CreditEntry.objects.get(organization=orgs.fined)
    assert "第十三条" in fined.citation and "武民罚〔2024〕9号" in fined.document_number
    missed = CreditEntry.objects.get(organization=orgs.missed, kind="enter")
    assert "第十条" in missed.citation and "2023 年度工作报告" in missed.evidence

    # Where each stands at the end, and the run log: one row per day and step.
    status = {s.organization_id: s.list_kind for s in CreditStatus.objects.all()}
    assert status[orgs.missed.pk] == "abnormal" and status[orgs.fined.pk] == "serious"
    assert status[orgs.unreachable.pk] == "abnormal"
    assert DailyRun.objects.filter(step="credit").count() == (END - START).days + 1

    # The days after the first ran incrementally (only what was due); a full evaluation of
    # everyone finds nothing they missed.
    modes = {r.run_on: r.counts["mode"] for r in DailyRun.objects.filter(step="credit")}
    assert modes[START] == "full" and set(modes.values()) == {"full", "incremental"}
    assert sum(1 for mode in modes.values() if mode == "full") == 1
    assert daily_run(day=END, full=True).step("credit").changed == 0

    # Running the last day again changes nothing.
    before = _entries(orgs.missed), CreditEntry.objects.count(), CreditStatus.objects.count()
    again = daily_run(day=END)
    assert again.changed == 0
    after = _entries(orgs.missed), CreditEntry.objects.count(), CreditStatus.objects.count()
    assert after == before
