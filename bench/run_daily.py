#!/usr/bin/env python
"""How long the daily run takes at scale: ``run_daily`` for one day over every organization.

    python bench/run_daily.py --db sqlite|postgresql [--scale 100000] [--reuse] [--no-record]

Builds a separate bench database (SQLite ``var/bench_daily.sqlite3``; PostgreSQL
``socorg_bench_daily``; the other benches' databases and the development database are never
touched): migrate, the demo district, ``--scale`` synthetic organizations (``seed_demo
--scale``), five report years of annual reports per organization and a sprinkle of credit facts
(``bulk_create``: synthetic data, no per-row audit). Then, in a fresh process (so the peak
memory is the run's own), times ``daily_run`` for:

* the first run (a full evaluation of every organization, as ``run_daily --full`` does; a
  one-off, reported next to the target, which is the daily run's — decision 0009);
* the first day after the latest report deadline (2026-06-01, incremental: every organization
  that did not file its 2025 report by 05-31 is listed, A1) — the heaviest ordinary day;
* the same day again (must change nothing);
* the next day (an ordinary day).

For each: seconds per step, queries per step, rows changed, and the process's peak memory
(``ru_maxrss``). Prints a table and appends a dated section to bench/RESULTS.md. With
``--profile`` the full run and the ordinary day are profiled (cProfile, top functions recorded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import pg_create  # noqa: E402

SQLITE_FILE = ROOT / "var" / "bench_daily.sqlite3"
PG_DATABASE = "socorg_bench_daily"
RESULTS = ROOT / "bench" / "RESULTS.md"
REPORT_YEARS = (2021, 2022, 2023, 2024, 2025)
FIRST_DAY = dt.date(2026, 6, 1)  # the day after the 2025 reports' last deadline
TARGETS = {"postgresql": 60.0, "sqlite": 120.0}  # seconds at 1,000,000 organizations
MISSED_SHARE = 0.03  # of the organizations that must file: miss a year
BATCH = 5000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", type=int, default=100_000, help="synthetic organizations")
    parser.add_argument("--reuse", action="store_true", help="keep an already built bench DB")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument("--profile", action="store_true", help="profile two of the runs")
    parser.add_argument("--build-only", action="store_true", help="build the DB, measure nothing")
    parser.add_argument(
        "--name",
        default="",
        help="suffix of the bench database's name (several sizes side by side)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def configure(args: argparse.Namespace) -> None:
    global SQLITE_FILE, PG_DATABASE
    if args.name:
        if not args.name.replace("_", "").isalnum():
            raise SystemExit("--name: letters, digits and _ only")
        SQLITE_FILE = SQLITE_FILE.with_name(f"bench_daily_{args.name}.sqlite3")
        PG_DATABASE = f"{PG_DATABASE}_{args.name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["CREDIT_REPORT_FIRST_YEAR"] = str(REPORT_YEARS[0])
    if args.db == "sqlite":
        os.environ["DB_ENGINE"] = "sqlite"
        os.environ["DB_NAME"] = str(SQLITE_FILE)
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        if not args.reuse and not args.measure:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    else:
        os.environ["DB_ENGINE"] = "postgresql"
        os.environ["DB_NAME"] = PG_DATABASE
        if not args.measure:
            pg_create(PG_DATABASE, drop=not args.reuse)


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from socorg.demo.scale import scale_build
    from socorg.demo.wuchang import demo_build
    from socorg.registry.models import Organization

    info: dict[str, Any] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if not Organization.objects.filter(district__code="420106").exists():
        demo_build(seed=args.seed, progress=True)
    scale = scale_build(n=args.scale, seed=args.seed, progress=True)
    info["organizations"] = Organization.objects.count()
    info["reports_created"] = build_reports(args.seed)
    info["facts_created"] = build_credit_facts(args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    info["build_s"] = time.perf_counter() - t0
    info["scale_created"] = scale.created
    return info


def build_reports(seed: int) -> int:
    """Five years of annual reports per organization that had to file (``bulk_create``):
    most filed on time and concluded 合格, ``MISSED_SHARE`` missing each year."""
    from django.db import transaction
    from tqdm import tqdm

    from socorg.annual_reports.models import AnnualReport
    from socorg.annual_reports.selectors import organizations_required, report_due
    from socorg.registry.models import Organization

    created = 0
    for year in REPORT_YEARS:
        rng = random.Random(seed * 10_000 + year)
        # Resumable: organizations past the last one given a report this year are added.
        done = (
            AnnualReport.objects.filter(year=year)
            .order_by("-organization_id")
            .values_list("organization_id", flat=True)
            .first()
        ) or 0
        required = (
            organizations_required(year=year)
            .filter(id__gt=done)
            .order_by("id")
            .values_list("id", "org_type", "supervisory_unit_id")
        )
        batch: list[AnnualReport] = []
        due_cache: dict[tuple[str, bool], dt.date] = {}
        for org_id, org_type, unit in tqdm(
            required.iterator(chunk_size=BATCH), desc=f"reports {year}", unit="org"
        ):
            if rng.random() < MISSED_SHARE:
                continue
            key = (org_type, unit is not None)
            if key not in due_cache:
                probe = Organization(org_type=org_type, supervisory_unit_id=unit)
                due_cache[key] = report_due(probe, year).submission
            filed = due_cache[key] - dt.timedelta(days=rng.randint(5, 60))
            community = org_type == "community"
            batch.append(
                AnnualReport(
                    organization_id=org_id,
                    year=year,
                    mode="inspection",
                    state="accepted" if community else "passed",
                    conclusion="" if community else "pass",
                    first_submitted_on=filed,
                    submitted_on=filed,
                    concluded_on=filed + dt.timedelta(days=30),
                    income_total=rng.randint(0, 500_000),
                    income_donations=0,
                    expense_total=0,
                )
            )
            if len(batch) >= BATCH:
                with transaction.atomic():
                    AnnualReport.objects.bulk_create(batch, batch_size=BATCH)
                created += len(batch)
                batch = []
        if batch:
            with transaction.atomic():
                AnnualReport.objects.bulk_create(batch, batch_size=BATCH)
            created += len(batch)
    return created


def build_credit_facts(seed: int) -> int:
    """A sprinkle of facts: 0.5% warned this year (A5), 0.05% fined 80,000 (S4), 0.2% a
    rectification notice missed (A3)."""
    from decimal import Decimal

    from socorg.credit.models import AdministrativePenalty, RectificationNotice
    from socorg.registry.models import ACTIVE, Organization

    # Resumable: organizations past the last one given facts are added.
    done = max(
        AdministrativePenalty.objects.order_by("-organization_id")
        .values_list("organization_id", flat=True)
        .first()
        or 0,
        RectificationNotice.objects.order_by("-organization_id")
        .values_list("organization_id", flat=True)
        .first()
        or 0,
    )
    rng = random.Random(seed + done)
    ids = list(
        Organization.objects.filter(status__in=ACTIVE, id__gt=done)
        .exclude(org_type="community")
        .values_list("id", flat=True)
    )
    warned = rng.sample(ids, len(ids) // 200)
    fined = rng.sample(ids, len(ids) // 2000)
    noticed = rng.sample(ids, len(ids) // 500)
    penalties = [
        AdministrativePenalty(
            organization_id=pk,
            kind="warning",
            decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 140)),
            document_number=f"BENCH-W-{pk}",
            authority_name="bench",
        )
        for pk in warned
    ] + [
        AdministrativePenalty(
            organization_id=pk,
            kind="fine",
            fine_amount=Decimal(80000),
            decided_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
            document_number=f"BENCH-F-{pk}",
            authority_name="bench",
        )
        for pk in fined
    ]
    AdministrativePenalty.objects.bulk_create(penalties, batch_size=BATCH)
    notices = [
        RectificationNotice(
            organization_id=pk,
            issued_on=dt.date(2026, 3, 1),
            deadline=dt.date(2026, 4, 1),
            document_number=f"BENCH-N-{pk}",
            authority_name="bench",
        )
        for pk in noticed
    ]
    RectificationNotice.objects.bulk_create(notices, batch_size=BATCH)
    return len(penalties) + len(notices)


# --- measuring (in a fresh process) -------------------------------------------------------


def reset_outputs() -> None:
    """Forget what earlier measures wrote (lists, scores, run log), so the first run measured is
    the first evaluation of this database. Plain DELETEs in the building process: the ORM's
    cascade collector would hold every row in memory and inflate the measured peak."""
    from django.db import connection, transaction

    from socorg.credit.models import CreditEntry, CreditStatus, Objection
    from socorg.dormancy.models import DormancyRun, DormancyScore
    from socorg.evaluation.models import ExpiryReminder
    from socorg.supervision.models import DailyRun

    models = (
        Objection,
        CreditEntry,
        CreditStatus,
        DormancyScore,
        DormancyRun,
        ExpiryReminder,
        DailyRun,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


MEASURES = (
    # (label, day, full)
    ("first run: full evaluation", FIRST_DAY - dt.timedelta(days=1), True),
    ("deadline passed (incremental)", FIRST_DAY, False),
    ("same day again", FIRST_DAY, False),
    ("ordinary day", FIRST_DAY + dt.timedelta(days=1), False),
)


# With --profile: the heaviest daily run and an ordinary day.
PROFILED = ("deadline passed (incremental)", "ordinary day")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import resource

    from django.db import connection

    from socorg.annual_reports.models import AnnualReport
    from socorg.registry.models import Organization
    from socorg.supervision.services import daily_run

    runs = []
    profile_text = ""
    for label, day, full in MEASURES:
        started = time.perf_counter()
        if args.profile and label in PROFILED:
            import cProfile
            import io
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(daily_run, day=day, full=full)
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
            profile_text += f"# {label}\n{out.getvalue()}\n"
        else:
            result = daily_run(day=day, full=full)
        seconds = time.perf_counter() - started
        runs.append(
            {
                "label": label,
                "day": day.isoformat(),
                "seconds": seconds,
                "changed": result.changed,
                "steps": [
                    {
                        "step": s.step,
                        "seconds": s.seconds,
                        "queries": s.queries,
                        "changed": s.changed,
                        "counts": s.counts,
                    }
                    for s in result.steps
                ],
                "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
        print(f"  {label} ({day}): {seconds:.1f} s, changed {result.changed}", flush=True)
    return {
        "vendor": connection.vendor,
        "organizations": Organization.objects.count(),
        "reports": AnnualReport.objects.count(),
        "runs": runs,
        "profile": profile_text,
    }


def machine() -> dict[str, str]:
    import platform
    import sqlite3

    import django

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def pg_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def record(args: argparse.Namespace, info: dict[str, Any], data: dict[str, Any]) -> str:
    m = machine()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    n = data["organizations"]
    versions = f"Python {m['python']}, Django {m['django']}, " + (
        f"PostgreSQL {data.get('pg', '?')}"
        if data["vendor"] == "postgresql"
        else f"SQLite {m['sqlite']}"
    )
    # The target is the daily run's; the first run (a full evaluation, as after installing or
    # a policy change) is a one-off and is reported next to it.
    daily = [r for r in data["runs"] if not r["label"].startswith("first run")]
    first = next(r for r in data["runs"] if r["label"].startswith("first run"))
    worst = max(daily, key=lambda r: r["seconds"])
    target = TARGETS[data["vendor"]] * n / 1_000_000
    lines = [
        f'## {now} — run_daily, {data["vendor"]}, {n:,} organizations (helper "daily")',
        "",
        f"- Machine: {m['cpus']} CPU ({m['cpu']}), {m['memory']} RAM; {versions}; "
        f"load average {m['load']} when the measures ended (other jobs share the machine)",
        f"- Command: `python bench/run_daily.py --db {args.db} --scale {args.scale}"
        f"{' --reuse' if args.reuse else ''}`; {data['reports']:,} annual reports "
        f"({REPORT_YEARS[0]}–{REPORT_YEARS[-1]}), CREDIT_REPORT_FIRST_YEAR={REPORT_YEARS[0]}",
        f"- Build (or top-up with --reuse): {info.get('build_s', 0):.0f} s",
        f"- Target at 1,000,000: < {TARGETS[data['vendor']]:.0f} s; pro rata for this size "
        f"< {target:.1f} s — slowest daily run ({worst['label']}) {worst['seconds']:.1f} s: "
        + ("✓" if worst["seconds"] < target else "✗ missed"),
        f"- One-off first run (full evaluation of everyone, as after installing or a policy "
        f"change; `run_daily --full`): {first['seconds']:.1f} s",
        "",
        "| 运行 | 日期 | 总用时 s | 峰值内存 MiB | 步骤 | 用时 s | 查询数 | 变更行数 |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for run in data["runs"]:
        for k, step in enumerate(run["steps"]):
            head = (
                (run["label"], run["day"], f"{run['seconds']:.1f}", f"{run['maxrss_mib']:.0f}")
                if k == 0
                else ("", "", "", "")
            )
            lines.append(
                f"| {' | '.join(head)} | {step['step']} | {step['seconds']:.2f} | "
                f"{step['queries']} | {step['changed']} |"
            )
    lines.append("")
    for run in data["runs"]:
        credit, dormancy = run["steps"][0]["counts"], run["steps"][1]["counts"]
        lines.append(
            f"- {run['label']}: credit {json.dumps(credit, ensure_ascii=False)}; "
            f"dormancy {json.dumps(dormancy, ensure_ascii=False)}"
        )
    if data.get("profile"):
        lines += [
            "",
            "<details><summary>Profiles (cProfile, cumulative)</summary>",
            "",
            "```",
            data["profile"].strip()[:12000],
            "```",
            "</details>",
        ]
    lines.append("")
    text = "\n".join(lines) + "\n"
    if not args.no_record:
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
    return text


def main() -> None:
    args = parse_args()
    configure(args)
    import django

    django.setup()
    if args.measure:
        data = measure(args)
        if data["vendor"] == "postgresql":
            data["pg"] = pg_version()
        print("RESULT " + json.dumps(data, ensure_ascii=False, default=str))
        return
    # Resumable: with --reuse only what is missing is built (the scale generator tops up).
    info = build(args)
    if args.build_only:
        print(json.dumps(info, default=str))
        return
    reset_outputs()
    command = [sys.executable, __file__, "--db", args.db, "--measure", "--name", args.name]
    if args.profile:
        command.append("--profile")
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stderr.write(output.stderr[-4000:])
    line = next((x for x in output.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        print(output.stdout)
        raise SystemExit("the measuring process failed")
    data = json.loads(line[len("RESULT ") :])
    print(record(args, info, data))


if __name__ == "__main__":
    main()
