"""The demo district on paper (no database): the report's figures, valid codes, realism."""

from __future__ import annotations

import collections
import random

from socorg.demo import names
from socorg.demo.plan import SCENIC_UNIT, STREETS, demo_plan
from socorg.registry.rules.idcard import id_number_problem
from socorg.registry.rules.uscc import uscc_problems

PLAN = demo_plan()


def _fate(spec):
    if spec.exit_kind:
        return spec.exit_kind
    return spec.convert_to or spec.org_type


def test_active_counts_match_the_2024_report():
    fates = collections.Counter(_fate(s) for s in PLAN.organizations)
    assert fates["social_service"] == 446
    assert fates["social_group"] == 82
    assert fates["foundation"] == 2
    assert fates["social_service"] + fates["social_group"] + fates["foundation"] == 530
    assert fates["community"] == 2934
    assert fates["deregistration"] == 79
    assert fates["revocation"] == 165
    assert len(PLAN.organizations) == 530 - 6 + 79 + 165 + 2934 + 6


def test_communities_are_147_with_twelve_digit_codes_under_their_street():
    codes = [(street, code) for street, rows in PLAN.communities.items() for code, _ in rows]
    assert len(codes) == 147
    assert all(len(code) == 12 and code.startswith(street) for street, code in codes)
    assert SCENIC_UNIT not in PLAN.communities  # the scenic-area unit is not a street office
    names_ = [name for rows in PLAN.communities.values() for _, name in rows]
    assert len(set(names_)) == 147 and all(n.endswith("社区") for n in names_)
    assert {"积玉桥社区", "和平社区", "东亭社区"} <= set(names_)


def test_about_twenty_community_organizations_per_community():
    per = collections.Counter(
        s.community for s in PLAN.organizations if s.org_type == "community" and not s.convert_to
    )
    assert len(per) == 147
    assert min(per.values()) >= 18 and max(per.values()) <= 22


def test_names_are_unique_and_look_like_their_type():
    all_names = [s.name for s in PLAN.organizations]
    assert len(all_names) == len(set(all_names))
    for spec in PLAN.organizations:
        if spec.org_type == "community":
            assert "社区" in spec.name
        elif spec.org_type == "foundation":
            assert spec.name.startswith("武汉市武昌区") and spec.name.endswith("基金会")
        else:
            assert spec.name.startswith(("武昌区", "武汉市武昌区"))


def test_every_uscc_and_id_number_is_valid():
    for spec in PLAN.organizations:
        if spec.uscc:
            assert uscc_problems(spec.uscc, org_type=spec.org_type, authority_code="420106") == []
        if spec.convert_uscc:
            assert uscc_problems(spec.convert_uscc, org_type=spec.convert_to) == []
        if spec.legal_rep_id:
            assert id_number_problem(spec.legal_rep_id) is None
    usccs = [s.uscc or s.convert_uscc for s in PLAN.organizations if s.uscc or s.convert_uscc]
    assert len(usccs) == len(set(usccs)) == 530 - 6 + 244 + 6


def test_community_domains_skew_to_culture_education_sports():
    firsts = collections.Counter(
        s.domains[0] for s in PLAN.organizations if s.org_type == "community"
    )
    top = firsts["culture"] + firsts["education"] + firsts["sports"]
    assert top > 0.6 * sum(firsts.values())


def test_staff_mostly_part_time_and_about_ten_percent_direct_registration():
    active = [s for s in PLAN.organizations if s.org_type != "community" and not s.exit_kind]
    assert sum(s.staff_part_time for s in active) > sum(s.staff_full_time for s in active)
    direct = sum(1 for s in active if not s.unit) + 6  # conversions register directly
    assert 0.05 < direct / 530 < 0.15


def test_history_dates_follow_each_other():
    for spec in PLAN.organizations:
        if spec.exit_on:
            assert spec.exit_on > spec.registered_on
        if spec.change_on:
            assert spec.change_on > spec.registered_on and not spec.exit_kind
        if spec.convert_on:
            assert spec.convert_on > spec.registered_on and spec.org_type == "community"


def test_plan_is_deterministic_per_seed():
    again = demo_plan()
    assert [s.name for s in again.organizations] == [s.name for s in PLAN.organizations]
    assert [s.uscc for s in again.organizations] == [s.uscc for s in PLAN.organizations]
    other = demo_plan(seed=7)
    assert [s.name for s in other.organizations] != [s.name for s in PLAN.organizations]


def test_name_plan_never_repeats_within_its_size():
    plan = names.NamePlan(stems=len(names.GENERIC_STEMS), tails=52)
    pairs = {plan.pair(k, offset=123) for k in range(plan.size)}
    assert len(pairs) == plan.size


def test_generated_people_are_well_formed():
    rng = random.Random(1)
    for _ in range(200):
        assert id_number_problem(names.id_number(rng)) is None
        assert 2 <= len(names.person_name(rng)) <= 3
        assert len(names.mobile(rng)) == 11


def test_every_ordinary_street_has_communities_and_roads():
    assert set(STREETS) == set(names.WUCHANG_COMMUNITIES) == set(names.WUCHANG_ROADS)
