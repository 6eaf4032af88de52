#!/usr/bin/env python
"""Speed figures at scale: name search, USCC lookup and staff list pages, server side.

    python bench/run.py --db sqlite|postgresql [--scale 1000000] [--reuse] [--quick]

Builds a separate bench database (SQLite ``var/bench.sqlite3``; PostgreSQL ``socorg_bench``)
with the demo district plus ``--scale`` synthetic organizations, then times the selectors
in-process (and the staff list page through Django's test Client when the view exists),
prints a table and appends a dated section to bench/RESULTS.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import pg_create  # noqa: E402

SQLITE_FILE = ROOT / "var" / "bench.sqlite3"
PG_DATABASE = "socorg_bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
TARGETS = {"search": 50.0, "uscc": 50.0, "list": 200.0}  # p95, milliseconds
COMMON_QUERIES = ("服务", "社区", "中心")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", type=int, default=1_000_000, help="synthetic organizations")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20,000 rows, 50 runs")
    parser.add_argument("--reuse", action="store_true", help="keep an already built bench DB")
    parser.add_argument("--runs", type=int, default=60, help="timed runs per measure (≥50)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    if args.quick:
        args.scale = 20_000
        args.runs = max(50, min(args.runs, 50))
    args.runs = max(args.runs, 50)
    return args


# --- database -------------------------------------------------------------------------------


def configure(args: argparse.Namespace) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    if args.db == "sqlite":
        os.environ["DB_ENGINE"] = "sqlite"
        os.environ["DB_NAME"] = str(SQLITE_FILE)
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    else:
        os.environ["DB_ENGINE"] = "postgresql"
        os.environ["DB_NAME"] = PG_DATABASE
        pg_create(PG_DATABASE, drop=not args.reuse)


def build(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, seed the demo district, then top up to ``--scale`` synthetic organizations."""
    from django.core.management import call_command
    from django.db import connection

    from socorg.demo.scale import scale_build
    from socorg.demo.wuchang import demo_build
    from socorg.registry.models import Organization

    info: dict[str, Any] = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    info["migrate_s"] = time.perf_counter() - t0
    if not Organization.objects.filter(district__code="420106").exists():
        demo = demo_build(seed=args.seed, progress=True)
        info["demo_s"] = demo.seconds
        info["demo_orgs"] = demo.organizations
    scale = scale_build(n=args.scale, seed=args.seed, progress=True)
    info["scale_created"] = scale.created
    info["scale_s"] = scale.seconds
    info["scale_timings"] = scale.timings
    info["total_orgs"] = Organization.objects.count()
    if connection.vendor == "postgresql" and scale.created:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        info["analyze_s"] = time.perf_counter() - t0
    return info


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Row:
    group: str  # search | uscc | list
    what: str
    scope: str
    runs: int
    p50: float
    p95: float
    queries: int
    rows: int
    sql: str = ""
    params: Any = None

    @property
    def target(self) -> float:
        return TARGETS[self.group]

    @property
    def ok(self) -> bool:
        return self.p95 < self.target


class _Recorder:
    """Every statement of one call with its parameters and duration (for EXPLAIN)."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((time.perf_counter() - started, sql, params))

    def slowest(self) -> tuple[str, Any]:
        if not self.calls:
            return "", None
        _t, sql, params = max(self.calls, key=lambda c: c[0])
        return sql, params


def measure(group: str, what: str, scope: str, calls: list[Callable[[], int]], runs: int) -> Row:
    """Time ``runs`` calls (cycling through ``calls``) after a warm-up; p50/p95 in ms."""
    from django.db import connection

    for call in calls[:3]:
        call()
    times = []
    rows = 0
    for i in range(runs):
        started = time.perf_counter()
        rows = calls[i % len(calls)]()
        times.append((time.perf_counter() - started) * 1000)
    recorder = _Recorder()
    with connection.execute_wrapper(recorder):
        calls[0]()
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    row = Row(group, what, scope, runs, statistics.median(times), p95, len(recorder.calls), rows)
    row.sql, row.params = recorder.slowest()
    print(f"  {what} / {scope}: p50 {row.p50:.1f} ms, p95 {row.p95:.1f} ms", flush=True)
    return row


def _han(text: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]+", text))


def sample_queries(rng: random.Random, sample: list[str], length: int, count: int) -> list[str]:
    """Substrings of real generated names, ``length`` Chinese characters each."""
    found: list[str] = []
    tries = 0
    while len(found) < count and tries < count * 50:
        tries += 1
        name = rng.choice(sample)
        if len(name) <= length:
            continue
        start = rng.randrange(len(name) - length + 1)
        q = name[start : start + length]
        if _han(q) and q not in found:
            found.append(q)
    return found


def bench_users(rng: random.Random) -> dict[str, Any]:
    """The demo district admin, plus a city-scope and a province-scope bench admin placed
    where the synthetic organizations are densest."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from socorg.accounts.models import User
    from socorg.areas.models import Area
    from socorg.registry.models import Organization

    users = {"district": User.objects.get(username="admin")}
    for key, length, level in (("province", 2, "province"), ("city", 4, "city")):
        top = (
            Organization.objects.annotate(prefix=Substr("district__code", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        area = Area.objects.get(code=top["prefix"], level=level, valid_to__isnull=True)
        user, _ = User.objects.get_or_create(
            username=f"bench_{key}",
            defaults={"role": "district_admin", "area": area, "full_name": f"基准测试{area.name}"},
        )
        if user.area_id != area.id:
            user.area = area
            user.save(update_fields=["area"])
        users[key] = user
    return users


def run_measures(args: argparse.Namespace) -> tuple[list[Row], dict[str, Any]]:
    from django.db.models import Max, Min

    from socorg.registry.models import Organization
    from socorg.registry.search import filter_name_contains
    from socorg.registry.selectors import (
        OrganizationFilters,
        organization_by_uscc,
        organization_list,
        organization_visible,
    )

    rng = random.Random(args.seed)
    runs = args.runs
    users = bench_users(rng)
    scopes = {
        k: f"{u.area.name}（{organization_visible(user=u).count():,}）" for k, u in users.items()
    }
    bounds = Organization.objects.aggregate(lo=Min("id"), hi=Max("id"))
    sample_orgs = []
    for _ in range(400):
        org = (
            Organization.objects.filter(id__gte=rng.randint(bounds["lo"], bounds["hi"]))
            .order_by("id")
            .values("name", "uscc", "street_id", "district_id")
            .first()
        )
        if org:
            sample_orgs.append(org)
    names = [o["name"] for o in sample_orgs]
    rows: list[Row] = []

    def first_page(qs: Any) -> Callable[[], int]:
        return lambda: len(list(qs[:20]))

    # Name search: the whole table (no scope) and a province-wide staff list.
    everything = Organization.objects.all()
    for label, queries in (
        ("2字", sample_queries(rng, names, 2, 20)),
        ("3字", sample_queries(rng, names, 3, 20)),
        ("4字", sample_queries(rng, names, 4, 20)),
        *((f"“{q}”", [q]) for q in COMMON_QUERIES),
    ):
        rows.append(
            measure(
                "search",
                f"名称检索 {label}",
                "全表",
                [first_page(filter_name_contains(everything, q).order_by("-id")) for q in queries],
                runs,
            )
        )
        for key in ("province", "district"):
            rows.append(
                measure(
                    "search",
                    f"名录检索 {label}",
                    scopes[key],
                    [
                        first_page(
                            organization_list(user=users[key], filters=OrganizationFilters(q=q))
                        )
                        for q in queries
                    ],
                    runs,
                )
            )

    # USCC lookup: exact code, through the lookup selector and through the list's search box.
    codes = [o["uscc"] for o in sample_orgs if o["uscc"]][:50]
    rows.append(
        measure(
            "uscc",
            "统一社会信用代码查询",
            "全表",
            [lambda c=c: int(organization_by_uscc(code=c) is not None) for c in codes],
            runs,
        )
    )
    rows.append(
        measure(
            "uscc",
            "名录检索 代码",
            scopes["province"],
            [
                first_page(
                    organization_list(user=users["province"], filters=OrganizationFilters(q=c))
                )
                for c in codes
            ],
            runs,
        )
    )

    # Staff list: first page and a deep page (keyset: WHERE (sort key, id) < last seen).
    try:
        from socorg.registry.paging import KeysetPaginator  # the views' paginator
    except ImportError:  # pragma: no cover - older checkouts
        KeysetPaginator = None  # noqa: N806

    for key in ("province", "city", "district"):
        user = users[key]
        visible = organization_visible(user=user)
        street = visible.values_list("street_id", flat=True).first()
        cases = [
            ("全部（-id）", OrganizationFilters(), "-id"),
            ("类型+状态", OrganizationFilters(org_type="social_group", status="registered"), "-id"),
            ("街道", OrganizationFilters(street=street), "-id"),
            ("服务领域", OrganizationFilters(domain="culture"), "-id"),
            ("按登记日期", OrganizationFilters(), "-registered_on"),
            ("名称排序", OrganizationFilters(), "name"),
            ("检索“服务”+类型", OrganizationFilters(q="服务", org_type="social_service"), "-id"),
        ]
        for label, filters, sort in cases:
            qs = organization_list(user=user, filters=filters, sort=sort)
            rows.append(measure("list", f"名录首页 {label}", scopes[key], [first_page(qs)], runs))
            deep = _deep_page(qs, sort, KeysetPaginator)
            if deep is not None:
                rows.append(measure("list", f"名录深页 {label}", scopes[key], [deep], runs))
    rows.extend(client_measures(users, runs))
    return rows, {"scopes": scopes}


def _deep_page(qs: Any, sort: str, paginator_cls: Any) -> Callable[[], int] | None:
    """A page 90% of the way down the list, fetched by keyset from its boundary row (the
    boundary is found once with OFFSET, outside the timing)."""
    from socorg.registry.models import Organization
    from socorg.registry.selectors import SORTS

    count = qs.order_by().count()
    if count < 60:
        return None
    ordering = list(SORTS[sort])
    if paginator_cls is not None:
        paginator = paginator_cls(Organization, ordering, page_size=20)
        boundary = qs.order_by(*paginator.order_by())[int(count * 0.9)]
        cursor = paginator.encode("n", boundary)
        return lambda: len(paginator.page(qs, cursor).items)
    boundary = qs[int(count * 0.9)]
    last = getattr(boundary, ordering[0].lstrip("-"))
    from django.db.models import Q

    key = ordering[0].lstrip("-")
    op = "lt" if ordering[0].startswith("-") else "gt"
    cond = Q(**{f"{key}__{op}": last}) | Q(**{key: last, f"id__{op}": boundary.id})
    return lambda: len(list(qs.filter(cond)[:20]))


def client_measures(users: dict[str, Any], runs: int) -> list[Row]:
    """The staff list page over HTTP in-process (test Client), when the view exists."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("registry:organization_list")
    except NoReverseMatch:
        print("（名录页面视图尚未提供：跳过 HTTP 测量）")
        return []
    except Exception as exc:  # a broken URLconf elsewhere must not lose the other figures
        print(f"（URL 配置无法加载，跳过 HTTP 测量：{exc!r}）")
        return []
    rows = []
    for key in ("province", "district"):
        client = Client()
        client.force_login(users[key])
        for label, params in (
            ("首页", {}),
            ("检索“服务”", {"q": "服务"}),
            ("类型筛选", {"org_type": "social_group"}),
        ):

            def call(params: dict[str, str] = params, client: Client = client) -> int:
                response = client.get(url, params)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} {params}: HTTP {response.status_code}")
                return 1

            try:
                row = measure("list", f"HTTP 名录页 {label}", users[key].area.name, [call], runs)
            except RuntimeError as exc:
                print(f"（HTTP 测量失败：{exc}）")
                return rows
            rows.append(row)
    return rows


def index_costs() -> dict[str, str]:
    """What the name-search index costs: the gram function and index build over every row."""
    from django.db import connection

    out: dict[str, str] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            t0 = time.perf_counter()
            cursor.execute("SELECT sum(length(socorg_grams(name))) FROM registry_organization")
            out["socorg_grams() over all rows"] = f"{time.perf_counter() - t0:.1f} s"
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.bench_grams USING fts5(grams, content='', "
                "tokenize='unicode61 remove_diacritics 0')"
            )
            t0 = time.perf_counter()
            cursor.execute(
                "INSERT INTO temp.bench_grams(rowid, grams) "
                "SELECT id, socorg_grams(name) FROM registry_organization"
            )
            out["FTS5 gram index rebuilt from scratch"] = f"{time.perf_counter() - t0:.1f} s"
            cursor.execute("DROP TABLE temp.bench_grams")
            out["database file"] = f"{SQLITE_FILE.stat().st_size / 2**20:,.0f} MiB"
        else:
            t0 = time.perf_counter()
            cursor.execute("SELECT sum(cardinality(socorg_grams(name))) FROM registry_organization")
            out["socorg_grams() over all rows"] = f"{time.perf_counter() - t0:.1f} s"
            for index in ("org_name_grams_idx", "org_name_trgm_idx", "org_name_idx"):
                cursor.execute("SELECT pg_relation_size(%s::regclass)", [index])
                out[f"size of {index}"] = f"{cursor.fetchone()[0] / 2**20:,.0f} MiB"
            cursor.execute("SELECT pg_total_relation_size('registry_organization')")
            out["registry_organization with indexes"] = f"{cursor.fetchone()[0] / 2**20:,.0f} MiB"
    return out


def explain(sql: str, params: Any) -> str:
    """The plan of the slowest statement of a measure, with its bound parameters."""
    from django.db import connection

    if not sql or not sql.lstrip().upper().startswith("SELECT"):
        return ""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            depth: dict[int, int] = {0: -1}
            lines = []
            for node, parent, _unused, detail in cursor.fetchall():
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return "\n".join(lines)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


# --- report ---------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import django
    from django.db import connection

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    import sqlite3

    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "?"
    info = {
        "load": load,
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| 测量 | 范围（可见组织数） | 次数 | p50 ms | p95 ms | 目标 p95 | 查询数/次 | 结果 |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.what} | {r.scope} | {r.runs} | {r.p50:.1f} | {r.p95:.1f} | "
            f"< {r.target:.0f} | {r.queries} | {'✓' if r.ok else '✗ 未达标'} |"
        )
    return lines


def report(
    args: argparse.Namespace,
    rows: list[Row],
    info: dict[str, Any],
    costs: dict[str, str],
    plans: list[tuple[Row, str]],
) -> str:
    from django.db import connection

    m = machine()
    versions = f"Python {m['python']}, Django {m['django']}, SQLite {m['sqlite']}"
    if "postgresql" in m:
        versions += f", PostgreSQL {m['postgresql']}"
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {now} — {connection.vendor}, {info['total_orgs']:,} organizations",
        "",
        f"- Machine: {m['nproc']} CPU ({m['cpu']}), {m['memory']} RAM; {versions}; "
        f"load average {m['load']} when the measures ended (other jobs share the machine)",
        f"- Command: `python bench/run.py --db {args.db} --scale {args.scale}"
        f"{' --reuse' if args.reuse else ''}`; {args.runs} timed runs per measure after warm-up",
    ]
    if info.get("scale_created"):
        rate = info["scale_created"] / max(info["scale_s"], 0.001)
        timings = ", ".join(f"{k} {v:.0f} s" for k, v in info["scale_timings"].items())
        lines.append(
            f"- Build: `seed_demo --scale` wrote {info['scale_created']:,} organizations in "
            f"{info['scale_s']:.0f} s ({rate:,.0f}/s; {timings})"
            + (f"; demo district {info['demo_s']:.1f} s" if "demo_s" in info else "")
            + (f"; VACUUM ANALYZE {info['analyze_s']:.0f} s" if "analyze_s" in info else "")
        )
    else:
        lines.append("- Build: reused the existing bench database")
    for k, v in costs.items():
        lines.append(f"- {k}: {v}")
    misses = [r for r in rows if not r.ok]
    lines.append(
        f"- Targets: search and USCC p95 < 50 ms, list p95 < 200 ms — "
        f"{len(rows) - len(misses)}/{len(rows)} met"
    )
    lines += ["", *table(rows)]
    for row, plan in plans:
        lines += [
            "",
            f"<details><summary>Plan: {row.what} / {row.scope} (p95 {row.p95:.0f} ms)</summary>",
            "",
            "```",
            row.sql[:3000],
            f"-- params: {row.params!r}"[:500],
            "",
            plan,
            "```",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = parse_args()
    configure(args)
    import django

    django.setup()
    started = time.perf_counter()
    info = build(args)
    print(f"数据库就绪：{info['total_orgs']:,} 个组织（{time.perf_counter() - started:.0f} s）")
    rows, _extra = run_measures(args)
    costs = index_costs()
    seen: set[tuple[str, str]] = set()
    plans = []
    for row in sorted((r for r in rows if not r.ok), key=lambda r: -r.p95):
        if (row.what, row.scope) in seen or not row.sql or len(plans) >= 6:
            continue
        seen.add((row.what, row.scope))
        plans.append((row, explain(row.sql, row.params)))
    text = report(args, rows, info, costs, plans)
    print(text)
    if not args.no_record:
        existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
        RESULTS.write_text(existing.rstrip() + "\n\n" + text)
        print(f"已追加到 {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
