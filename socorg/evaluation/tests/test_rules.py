"""Pure evaluation rules (no database): templates, bands, scores, eligibility, validity, recusal."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from socorg.evaluation.rules import (
    BANDS_ANHUI,
    BANDS_CHANHE_2025,
    Band,
    EligibilityFacts,
    Employment,
    EvaluationPolicy,
    ExpertFacts,
    Indicator,
    IndicatorTemplate,
    Level,
    Regime,
    ScoringError,
    aggregate_scores,
    count_valid,
    default_templates,
    eligibility,
    full_years_between,
    level_for,
    reapply_window,
    recusal,
    regime_on,
    reminder_dates,
    validity,
)
from socorg.registry.rules.lifecycle import OrgType

D = dt.date
P = EvaluationPolicy()
ANHUI = EvaluationPolicy(bands=BANDS_ANHUI)
SG, SS, FD = OrgType.SOCIAL_GROUP, OrgType.SOCIAL_SERVICE, OrgType.FOUNDATION

# --- templates and bands ------------------------------------------------------------------


@pytest.mark.parametrize("party", [True, False])
@pytest.mark.parametrize(
    ("org_type", "third"),
    [(SG, "工作绩效"), (FD, "工作绩效"), (SS, "业务活动和诚信建设")],
)
def test_default_templates_total_1000_with_the_type_indicators(party, org_type, third):
    template = default_templates(party_building=party)[org_type]
    names = [i.name for i in template.indicators]
    assert template.total == Decimal(1000)
    assert names[:4] == ["基础条件", "内部治理", third, "社会评价"]
    assert ("党建工作" in names) is party
    assert template.version.startswith("default-2026")


def test_policy_rejects_a_template_that_does_not_add_up():
    short = IndicatorTemplate("v", SG, (Indicator("basic", "基础条件", Decimal(900)),))
    with pytest.raises(ValueError):
        EvaluationPolicy(templates={SG: short})


@pytest.mark.parametrize(
    "indicators",
    [
        (Indicator("a", "x", Decimal(500)), Indicator("a", "y", Decimal(500))),
        (Indicator("a", "x", Decimal(0)),),
    ],
)
def test_template_rejects_duplicate_codes_and_empty_indicators(indicators):
    with pytest.raises(ValueError):
        IndicatorTemplate("v", SG, indicators)


@pytest.mark.parametrize(
    "bands",
    [
        (),
        (Band(Level.A1, Decimal(1), None),),  # does not start at 0
        (Band(Level.A1, Decimal(0), Decimal(600)),),  # has an upper end
        (Band(Level.A1, Decimal(0), Decimal(600)), Band(Level.A2, Decimal(601), None)),  # gap
        (Band(Level.A1, Decimal(0), Decimal(600)), Band(Level.A2, Decimal(599), None)),  # overlap
    ],
)
def test_bands_must_be_contiguous_half_open_intervals(bands):
    with pytest.raises(ValueError):
        EvaluationPolicy(bands=bands)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0", Level.A1),
        ("599.99", Level.A1),
        ("600", Level.A2),
        ("699.99", Level.A2),
        ("700", Level.A3),
        ("799.99", Level.A3),
        ("800", Level.A4),
        ("899.99", Level.A4),
        ("900", Level.A5),
        ("1000", Level.A5),
    ],
)
def test_level_for_chanhe_2025_bands(score, level):
    assert P.bands == BANDS_CHANHE_2025
    assert level_for(Decimal(score), P) == level


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("800", Level.A1),
        ("800.5", Level.A1),
        ("801", Level.A2),
        ("850", Level.A2),
        ("851", Level.A3),
        ("900", Level.A3),
        ("901", Level.A4),
        ("949.99", Level.A4),
        ("950", Level.A5),  # printed in both 4A and 5A; "以上" includes the number
    ],
)
def test_level_for_anhui_bands(score, level):
    assert level_for(Decimal(score), ANHUI) == level


@pytest.mark.parametrize("score", ["-0.01", "1000.01"])
def test_level_for_rejects_scores_outside_the_total(score):
    with pytest.raises(ValueError):
        level_for(Decimal(score), P)


# --- aggregating expert scores ------------------------------------------------------------

TEMPLATE = default_templates()[
    SG
]  # basic 150, governance 300, performance 300, social 150, party 100


def scores(**overrides):
    base = {
        "basic": [Decimal(120), Decimal(130)],
        "governance": [Decimal(250), Decimal(260)],
        "performance": [Decimal(200), Decimal(201), Decimal(201)],
        "social": [Decimal(100)],
        "party": [Decimal("90.5"), Decimal("90.5")],
    }
    base.update(overrides)
    return base


def test_mean_per_indicator_and_total():
    sheet = aggregate_scores(scores(), TEMPLATE, P)
    assert dict(sheet.means) == {
        "basic": Decimal("125.00"),
        "governance": Decimal("255.00"),
        "performance": Decimal("200.67"),
        "social": Decimal("100.00"),
        "party": Decimal("90.50"),
    }
    assert sheet.total == Decimal("771.17")
    assert level_for(sheet.total, P) == Level.A3


def test_means_round_half_up():
    sheet = aggregate_scores(scores(social=[Decimal("10.00"), Decimal("10.01")]), TEMPLATE, P)
    assert sheet.means["social"] == Decimal("10.01")


@pytest.mark.parametrize(
    ("overrides", "code", "text"),
    [
        (
            {"governance": [Decimal(250), Decimal("300.5")]},
            "governance",
            "指标“内部治理”第 2 位专家的评分 300.5 超出 0–300 分。",
        ),
        (
            {"basic": [Decimal(-1)]},
            "basic",
            "指标“基础条件”第 1 位专家的评分 -1 超出 0–150 分。",
        ),
        ({"party": []}, "party", "指标“党建工作”没有专家评分。"),
        ({"bonus": [Decimal(10)]}, "bonus", "指标“bonus”不在评估指标体系中。"),
    ],
)
def test_bad_scores_name_the_indicator(overrides, code, text):
    with pytest.raises(ScoringError) as caught:
        aggregate_scores(scores(**overrides), TEMPLATE, P)
    assert set(caught.value.problems) == {code}
    assert [str(m) for m in caught.value.problems[code]] == [text]


def test_missing_indicator_and_boundary_scores():
    given = scores()
    del given["social"]
    with pytest.raises(ScoringError) as caught:
        aggregate_scores(given, TEMPLATE, P)
    assert set(caught.value.problems) == {"social"}
    full = aggregate_scores(scores(basic=[Decimal(0), Decimal(150)]), TEMPLATE, P)
    assert full.means["basic"] == Decimal("75.00")


# --- eligibility --------------------------------------------------------------------------


def facts(**changes):
    base = EligibilityFacts(org_type=SG, active=True, registered_on=D(2020, 3, 1), applied=True)
    return dataclasses.replace(base, **changes)


OLD_ROUND, NEW_ROUND = D(2026, 2, 28), D(2026, 3, 1)


def test_rule_set_switches_on_1_march_2026():
    assert regime_on(D(2026, 2, 28), P) == Regime.OLD
    assert regime_on(D(2026, 3, 1), P) == Regime.NEW
    assert eligibility(facts(), OLD_ROUND, P).regime == Regime.OLD
    assert eligibility(facts(), NEW_ROUND, P).regime == Regime.NEW


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (D(2024, 1, 1), D(2025, 12, 31), 2),
        (D(2024, 1, 2), D(2025, 12, 31), 1),
        (D(2023, 5, 1), D(2025, 12, 30), 1),
        (D(2023, 5, 1), D(2025, 12, 31), 2),
        (D(2025, 6, 1), D(2025, 12, 31), 0),
        (D(2025, 6, 1), D(2025, 1, 1), 0),
    ],
)
def test_full_years_between(start, end, years):
    assert full_years_between(start, end) == years


@pytest.mark.parametrize(
    ("registered", "round_date", "eligible"),
    [
        (D(2023, 5, 1), D(2025, 12, 31), False),  # only 2024 is complete
        (D(2023, 5, 1), D(2026, 1, 1), True),  # 2024 and 2025
        (D(2024, 1, 1), D(2026, 1, 1), True),
        (D(2024, 1, 2), D(2026, 1, 1), False),
        (D(2024, 1, 2), D(2027, 1, 1), True),  # new rule, same minimum
    ],
)
def test_minimum_two_full_years(registered, round_date, eligible):
    result = eligibility(facts(registered_on=registered), round_date, P)
    assert result.eligible is eligible
    if not eligible:
        assert [f.rule for f in result.findings] == ["EVAL.min_age"]
        assert "完整年度" in str(result.findings[0].reason)


# Dropped by the 2026 revision: excluded on 2026-02-28, eligible on 2026-03-01.
RELAXED = [
    {"failed_last_year": True},
    {"basic_pass_two_years": True},
    {"under_investigation": True},
    {"penalized_last_year": True, "penalty_minor": True},
]


@pytest.mark.parametrize("changes", RELAXED)
def test_old_exclusions_dropped_by_the_new_rule(changes):
    old = eligibility(facts(**changes), OLD_ROUND, P)
    assert not old.eligible
    assert [f.rule for f in old.findings] == ["EVAL.excluded"]
    assert "第39号" in old.findings[0].basis and "第七条" in old.findings[0].basis
    assert eligibility(facts(**changes), NEW_ROUND, P).eligible


# Excluded under both rules.
KEPT = [
    {"on_abnormal_list": True},
    {"on_serious_list": True},
    {"filed_last_year": False},
    {"penalized_last_year": True},
    {"penalty_outstanding": True},
]


@pytest.mark.parametrize("changes", KEPT)
@pytest.mark.parametrize("round_date", [OLD_ROUND, NEW_ROUND])
def test_exclusions_under_both_rules(changes, round_date):
    result = eligibility(facts(**changes), round_date, P)
    assert not result.eligible
    assert {f.rule for f in result.findings} == {"EVAL.excluded"}


@pytest.mark.parametrize(
    ("changes", "rule"),
    [({"org_type": OrgType.COMMUNITY}, "EVAL.scope"), ({"active": False}, "EVAL.scope")],
)
def test_only_active_registered_organizations(changes, rule):
    for round_date in (OLD_ROUND, NEW_ROUND):
        assert [f.rule for f in eligibility(facts(**changes), round_date, P).findings] == [rule]


def test_new_rule_is_voluntary():
    assert eligibility(facts(applied=False), OLD_ROUND, P).eligible
    result = eligibility(facts(applied=False), NEW_ROUND, P)
    assert [f.rule for f in result.findings] == ["EVAL.voluntary"]
    assert "自愿申请" in str(result.findings[0].reason)


def test_all_reasons_are_listed():
    result = eligibility(
        facts(on_serious_list=True, failed_last_year=True, registered_on=D(2025, 1, 1)),
        OLD_ROUND,
        P,
    )
    assert [f.rule for f in result.findings] == ["EVAL.min_age", "EVAL.excluded", "EVAL.excluded"]


def test_eligible_result_explains_itself():
    result = eligibility(facts(), NEW_ROUND, P)
    assert result.eligible and str(result.findings[0].reason) == "符合参加评估的条件。"


@pytest.mark.parametrize(
    ("valid_to", "eligible"),
    [
        (D(2027, 3, 1), False),  # 366 days to go
        (D(2027, 2, 28), True),  # exactly 365 days: the window opens
        (D(2025, 12, 31), True),  # expired
    ],
)
def test_old_rule_current_level_must_be_near_expiry(valid_to, eligible):
    result = eligibility(facts(current_valid_to=valid_to), OLD_ROUND, P)
    assert result.eligible is eligible
    if not eligible:
        assert result.findings[0].rule == "EVAL.validity"


@pytest.mark.parametrize(
    ("round_date", "simplified"),
    [
        (D(2027, 3, 1), True),
        (D(2028, 12, 31), True),
        (D(2029, 1, 1), False),  # third year of validity
    ],
)
def test_new_rule_re_evaluation_simplified_in_the_first_two_years(round_date, simplified):
    current = facts(current_valid_from=D(2027, 1, 1), current_valid_to=D(2031, 12, 31))
    result = eligibility(current, round_date, P)
    assert result.eligible
    assert result.simplified is simplified


def test_reapply_window_is_the_first_four_years():
    assert reapply_window(D(2027, 1, 1), P) == (D(2027, 1, 1), D(2030, 12, 31))


# --- validity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("announced", "valid_from", "valid_to", "regime"),
    [
        (D(2026, 11, 20), D(2027, 1, 1), D(2031, 12, 31), Regime.NEW),  # domain.md §3.2
        (D(2026, 3, 1), D(2027, 1, 1), D(2031, 12, 31), Regime.NEW),
        (D(2026, 2, 28), D(2026, 2, 28), D(2031, 2, 28), Regime.OLD),
        (D(2021, 3, 1), D(2021, 3, 1), D(2026, 3, 1), Regime.OLD),
        (D(2024, 2, 29), D(2024, 2, 29), D(2029, 2, 28), Regime.OLD),  # 月末日
        (D(2028, 2, 29), D(2029, 1, 1), D(2033, 12, 31), Regime.NEW),
    ],
)
def test_validity_across_the_switch(announced, valid_from, valid_to, regime):
    result = validity(announced, P)
    assert (result.valid_from, result.valid_to, result.regime) == (valid_from, valid_to, regime)
    assert result.basis


def test_switch_date_is_configurable():
    later = EvaluationPolicy(new_rule_from=D(2027, 1, 1))
    assert validity(D(2026, 11, 20), later).regime == Regime.OLD


def test_reminder_dates_before_expiry():
    assert reminder_dates(D(2031, 12, 31), P) == (
        D(2031, 7, 4),
        D(2031, 10, 2),
        D(2031, 12, 1),
    )
    assert reminder_dates(D(2031, 12, 31), EvaluationPolicy(reminder_days=(1,))) == (
        D(2031, 12, 30),
    )


def test_count_3a_plus_valid_on_a_date():
    on = D(2027, 6, 1)
    levels = [
        (Level.A3, D(2027, 6, 1), D(2031, 12, 31)),  # starts that day
        (Level.A5, D(2022, 6, 1), D(2027, 6, 1)),  # ends that day
        (Level.A4, D(2022, 6, 1), D(2027, 5, 31)),  # expired the day before
        (Level.A4, D(2027, 6, 2), D(2032, 12, 31)),  # not yet
        (Level.A2, D(2027, 1, 1), D(2031, 12, 31)),  # below 3A
        (Level.A4, D(2027, 1, 1), D(2031, 12, 31)),
    ]
    assert count_valid(levels, on) == 3
    assert count_valid(levels, on, minimum=Level.A4) == 2
    assert count_valid(levels, on, minimum=Level.A1) == 4
    assert count_valid([], on) == 0


# --- recusal ------------------------------------------------------------------------------

ORG = 42


@pytest.mark.parametrize(
    ("expert", "on", "must"),
    [
        (ExpertFacts(1, member_of=frozenset({ORG})), D(2026, 6, 1), True),
        (ExpertFacts(1, declared_conflicts=frozenset({ORG})), D(2026, 6, 1), True),
        (ExpertFacts(1, employments=(Employment(ORG, D(2020, 1, 1)),)), D(2026, 6, 1), True),
        (
            ExpertFacts(1, employments=(Employment(ORG, D(2020, 1, 1), D(2023, 6, 1)),)),
            D(2026, 6, 1),
            True,
        ),
        (
            ExpertFacts(1, employments=(Employment(ORG, D(2020, 1, 1), D(2023, 6, 1)),)),
            D(2026, 6, 2),
            False,
        ),
        (
            ExpertFacts(1, employments=(Employment(ORG, D(2020, 1, 1), D(2025, 2, 28)),)),
            D(2028, 2, 29),
            True,
        ),
        (
            ExpertFacts(1, employments=(Employment(ORG, D(2020, 1, 1), D(2025, 2, 27)),)),
            D(2028, 2, 29),
            False,
        ),
        (ExpertFacts(1, employments=(Employment(7, D(2020, 1, 1)),)), D(2026, 6, 1), False),
        (ExpertFacts(1, employments=(Employment(ORG, D(2027, 1, 1)),)), D(2026, 6, 1), False),
        (ExpertFacts(1, member_of=frozenset({7})), D(2026, 6, 1), False),
    ],
)
def test_recusal(expert, on, must):
    decision = recusal(expert, ORG, on, P)
    assert decision.must_recuse is must
    assert decision.rule == "EVAL.recusal" and decision.basis and str(decision.reason)


def test_recusal_years_are_configurable_and_explained():
    expert = ExpertFacts(1, employments=(Employment(ORG, D(2015, 1, 1), D(2022, 6, 1)),))
    assert not recusal(expert, ORG, D(2026, 6, 1), P).must_recuse
    five = EvaluationPolicy(recusal_years=5)
    decision = recusal(expert, ORG, D(2026, 6, 1), five)
    assert decision.must_recuse
    assert str(decision.reason) == "专家 5 年内（2021-06-01 以来）曾在该组织任职，应当回避。"
