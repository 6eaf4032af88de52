"""The draw and the assignment rules, table-driven, no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from socorg.spot_checks.rules import (
    Conflict,
    ConflictKind,
    Inspector,
    RecusalPolicy,
    Strata,
    Target,
    add_years,
    assign_inspectors,
    draw_sample,
    draw_strata,
    parse_stratum,
    plan_problems,
    recusal_reason,
    stratum_key,
    stratum_quota,
)

ON = dt.date(2026, 6, 1)


def population(sizes: dict[str, int], start: int = 1) -> list[tuple[int, str]]:
    rows, next_id = [], start
    for key, size in sizes.items():
        for _ in range(size):
            rows.append((next_id, key))
            next_id += 1
    return rows


# --- the sample ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "share", "count", "minimum", "expected"),
    [
        (100, Decimal(5), None, 1, 5),
        (30, Decimal(5), None, 1, 2),  # 1.5 rounds half up
        (29, Decimal(5), None, 1, 1),  # 1.45 rounds down to 1
        (10, Decimal(5), None, 1, 1),  # 0.5 rounds up to 1
        (9, Decimal(5), None, 1, 1),  # 0.45 → 0, but at least 1 per non-empty stratum
        (9, Decimal(5), None, 0, 0),  # minimum configured to 0
        (9, Decimal(5), None, 3, 3),  # minimum configured to 3
        (2, Decimal(5), None, 3, 2),  # never more than the stratum holds
        (0, Decimal(5), None, 1, 0),  # an empty stratum draws nothing
        (40, Decimal(100), None, 1, 40),
        (40, Decimal("12.5"), None, 1, 5),
        (40, None, 3, 1, 3),  # a fixed count per stratum replaces the share
        (2, None, 3, 1, 2),
    ],
)
def test_stratum_quota(size, share, count, minimum, expected):
    assert stratum_quota(size, share_percent=share, count=count, minimum=minimum) == expected


@pytest.mark.parametrize(
    ("share", "count", "minimum", "fields"),
    [
        (Decimal(5), None, 1, []),
        (Decimal(100), None, 1, []),
        (Decimal("0.01"), None, 1, []),
        (Decimal(0), None, 1, ["share"]),
        (Decimal(-5), None, 1, ["share"]),
        (Decimal("100.01"), None, 1, ["share"]),
        (None, None, 1, ["share"]),
        (None, 0, 1, ["count_per_stratum"]),
        (None, 2, 1, []),
        (Decimal(5), None, -1, ["min_per_stratum"]),
    ],
)
def test_plan_problems(share, count, minimum, fields):
    problems = plan_problems(
        share_percent=share, count_per_stratum=count, minimum_per_stratum=minimum
    )
    assert [p.field for p in problems] == fields


def test_share_out_of_range_is_refused_by_the_draw():
    with pytest.raises(ValueError, match="100%"):
        draw_sample(population({"a": 10}), seed=1, share_percent=Decimal(0))


def test_same_seed_same_population_same_sample():
    rows = population({"social_group": 120, "social_service": 80, "foundation": 7})
    first = draw_sample(rows, seed="abc123", share_percent=Decimal(5))
    # The order the population arrives in does not matter: it is sorted by id first.
    again = draw_sample(list(reversed(rows)), seed="abc123", share_percent=Decimal(5))
    assert first == again
    assert first == sorted(first)


def test_another_seed_gives_another_sample():
    rows = population({"all": 1000})
    samples = {tuple(draw_sample(rows, seed=s, share_percent=Decimal(5))) for s in range(5)}
    assert len(samples) == 5


@pytest.mark.parametrize("seed", [0, 1, 42, "f00d", "a-long-seed-string"])
def test_strata_shares(seed):
    sizes = {"social_group": 200, "social_service": 60, "foundation": 10, "community": 1}
    draw = draw_strata(population(sizes), seed=seed, share_percent=Decimal(5))
    by_key = {s.key: s for s in draw.strata}
    assert {k: len(s.drawn) for k, s in by_key.items()} == {
        "social_group": 10,
        "social_service": 3,
        "foundation": 1,  # 0.5 rounds half up
        "community": 1,  # at least one per non-empty stratum
    }
    assert draw.population == 271
    members = dict(population(sizes))
    for stratum in draw.strata:
        assert all(members[org_id] == stratum.key for org_id in stratum.drawn)
        assert len(set(stratum.drawn)) == len(stratum.drawn)
    assert len(draw.organization_ids) == 15
    assert draw.stratum_of[draw.organization_ids[0]] in sizes


def test_count_per_stratum_and_per_key():
    rows = population({"a": 50, "b": 50, "c": 1})
    assert len(draw_sample(rows, seed=7, share_percent=None, counts=4)) == 4 + 4 + 1
    counts = {"a": 10, "b": 0}
    draw = draw_strata(rows, seed=7, share_percent=Decimal(5), counts=counts)
    assert {s.key: len(s.drawn) for s in draw.strata} == {"a": 10, "b": 0, "c": 1}


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="twice"):
        draw_sample([(1, "a"), (1, "b")], seed=1)


def test_empty_population_draws_nothing():
    draw = draw_strata([], seed=1)
    assert draw.organization_ids == () and draw.population == 0


@pytest.mark.parametrize(
    ("strata", "org_type", "street", "key"),
    [
        (Strata.NONE, "social_group", 5, "all"),
        (Strata.TYPE, "social_group", 5, "social_group"),
        (Strata.STREET, "social_group", 5, "5"),
        (Strata.TYPE_STREET, "foundation", 12, "foundation|12"),
    ],
)
def test_stratum_keys_round_trip(strata, org_type, street, key):
    assert stratum_key(strata, org_type=org_type, street_id=street) == key
    parsed = parse_stratum(strata, key)
    if strata in (Strata.TYPE, Strata.TYPE_STREET):
        assert parsed[0] == org_type
    if strata in (Strata.STREET, Strata.TYPE_STREET):
        assert parsed[1] == street


# --- recusal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conflict", "same_street", "inspector_street", "expected"),
    [
        (None, False, None, None),
        (Conflict(1, 10, ConflictKind.OWN), False, None, "成员"),
        (Conflict(1, 10, ConflictKind.INTEREST), False, None, "利害关系"),
        (Conflict(1, 10, ConflictKind.EMPLOYMENT, None), False, None, "任职"),  # still there
        # Ended exactly three years before: still within the period (the day counts).
        (Conflict(1, 10, ConflictKind.EMPLOYMENT, dt.date(2023, 6, 1)), False, None, "任职"),
        # Ended the day before the period starts: no longer a conflict.
        (Conflict(1, 10, ConflictKind.EMPLOYMENT, dt.date(2023, 5, 31)), False, None, None),
        # A conflict with another organization does not count.
        (Conflict(1, 11, ConflictKind.OWN), False, None, None),
        (Conflict(2, 10, ConflictKind.OWN), False, None, None),
        # Same street: only when configured.
        (None, True, 7, "同一街道"),
        (None, False, 7, None),
        (None, True, 8, None),
        (None, True, None, None),
    ],
)
def test_recusal_reason(conflict, same_street, inspector_street, expected):
    inspector = Inspector(1, street_id=inspector_street)
    target = Target(10, street_id=7)
    reason = recusal_reason(
        inspector,
        target,
        [conflict] if conflict else [],
        policy=RecusalPolicy(employment_years=3, same_street=same_street),
        on=ON,
    )
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in str(reason)


def test_employment_period_is_configurable():
    conflict = Conflict(1, 10, ConflictKind.EMPLOYMENT, dt.date(2021, 1, 1))
    args = (Inspector(1), Target(10), [conflict])
    assert recusal_reason(*args, policy=RecusalPolicy(employment_years=3), on=ON) is None
    assert recusal_reason(*args, policy=RecusalPolicy(employment_years=6), on=ON) is not None


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2024, 2, 29), -3, dt.date(2021, 2, 28)),
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2026, 6, 1), -3, dt.date(2023, 6, 1)),
    ],
)
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


# --- assignment ------------------------------------------------------------------------------


def targets(n: int, street: int | None = None) -> list[Target]:
    return [Target(100 + i, street_id=street) for i in range(n)]


def pool(n: int, street: int | None = None) -> list[Inspector]:
    return [Inspector(1 + i, street_id=street) for i in range(n)]


def test_assignment_is_reproducible_and_depends_on_the_seed():
    first = assign_inspectors(targets(12), pool(7), seed="s1", on=ON)
    again = assign_inspectors(
        list(reversed(targets(12))), list(reversed(pool(7))), seed="s1", on=ON
    )
    other = assign_inspectors(targets(12), pool(7), seed="s2", on=ON)
    assert first.ok
    assert first.by_organization == again.by_organization
    assert first.by_organization != other.by_organization


@pytest.mark.parametrize(
    ("n_targets", "n_pool", "per_check"),
    [(10, 5, 2), (11, 5, 2), (30, 7, 2), (9, 3, 3), (4, 10, 2), (25, 6, 1)],
)
def test_assignment_is_balanced(n_targets, n_pool, per_check):
    result = assign_inspectors(
        targets(n_targets), pool(n_pool), seed=n_targets, per_check=per_check, on=ON
    )
    assert result.ok
    assert all(len(set(v)) == per_check for v in result.by_organization.values())
    loads = [result.load().get(i.inspector_id, 0) for i in pool(n_pool)]
    assert sum(loads) == n_targets * per_check
    assert max(loads) - min(loads) <= 1


def test_recused_inspectors_are_never_assigned():
    conflicts = [
        Conflict(1, 100, ConflictKind.OWN),
        Conflict(2, 100, ConflictKind.EMPLOYMENT, dt.date(2025, 1, 1)),
        Conflict(3, 101, ConflictKind.INTEREST),
    ]
    for seed in range(20):
        result = assign_inspectors(targets(6), pool(4), seed=seed, conflicts=conflicts, on=ON)
        assert result.ok
        assert result.by_organization[100] == (3, 4)  # the only two who may check it
        assert 3 not in result.by_organization[101]


def test_same_street_recusal_when_configured():
    sample = [Target(100, street_id=7), Target(101, street_id=8)]
    inspectors = [Inspector(1, 7), Inspector(2, 7), Inspector(3, 8), Inspector(4, 8)]
    result = assign_inspectors(
        sample, inspectors, seed=1, on=ON, policy=RecusalPolicy(same_street=True)
    )
    assert result.by_organization == {100: (3, 4), 101: (1, 2)}


def test_not_enough_inspectors_is_explained():
    conflicts = [Conflict(1, 100, ConflictKind.OWN), Conflict(2, 100, ConflictKind.INTEREST)]
    result = assign_inspectors(targets(3), pool(3), seed=1, conflicts=conflicts, on=ON)
    assert not result.ok and result.by_organization == {}
    [shortage] = result.shortages
    assert shortage.organization_id == 100 and shortage.eligible == 1 and shortage.needed == 2
    assert "只有 1 名" in str(shortage.message) and "2 名应当回避" in str(shortage.message)
    assert {i for i, _ in shortage.recusals} == {1, 2}


@pytest.mark.parametrize(
    ("n_pool", "per_check", "expected"),
    [(0, 2, "为空"), (1, 2, "只有 1 名"), (3, 0, "至少为 1")],
)
def test_pool_problems(n_pool, per_check, expected):
    result = assign_inspectors(targets(2), pool(n_pool), seed=1, per_check=per_check, on=ON)
    assert not result.ok and result.problem is not None
    assert expected in str(result.problem)


def test_balance_with_conflicts_stays_fair():
    # Inspector 1 may check only half the organizations; the others share the rest evenly.
    conflicts = [Conflict(1, 100 + i, ConflictKind.INTEREST) for i in range(0, 20, 2)]
    result = assign_inspectors(targets(20), pool(5), seed=3, conflicts=conflicts, on=ON)
    assert result.ok
    loads = Counter(result.load())
    assert sum(loads.values()) == 40
    assert max(loads.values()) - min(loads.values()) <= 2


def test_recorded_seeds_keep_their_sample():
    """A golden draw: a change to the algorithm would silently change every recorded sample, so
    anyone re-checking an old campaign with its seed must get the same organizations."""
    rows = [(i, "a" if i % 3 else "b") for i in range(1, 201)]
    assert draw_sample(rows, seed="wuchang-2026", share_percent=Decimal(5)) == [
        12,
        17,
        19,
        30,
        38,
        115,
        119,
        164,
        178,
        183,
    ]
    result = assign_inspectors(
        [Target(i) for i in (1, 2, 3)],
        [Inspector(i) for i in (10, 11, 12)],
        seed="wuchang-2026",
        on=dt.date(2026, 1, 1),
    )
    assert dict(result.by_organization) == {1: (11, 12), 2: (10, 12), 3: (10, 11)}
