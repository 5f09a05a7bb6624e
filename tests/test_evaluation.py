"""Progress evaluation: Open SDG and UNSD methods, hand-worked at every threshold, and properties.

The hand-worked cases use a baseline of 100 in 2020 and a latest value in 2022 (two years of
growth), so that a latest value of ``100 × (1 + g) ** 2`` has an actual annual rate of exactly
``g``. A target of 161.051 in 2025 needs 10 % a year (1.1 ** 5 = 1.61051), one of 59.049 needs
−10 % a year (0.9 ** 5 = 0.59049).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import (
    Comparator,
    CountyMethod,
    CoverageTarget,
    Direction,
    GrowthMode,
    GrowthTarget,
    Indicator,
    IndicatorKind,
    LevelTarget,
    Measure,
    Observation,
    ObservationStatus,
    Period,
    Plan,
    Quantity,
    RateTarget,
    ReductionTarget,
    ShareTarget,
    ThresholdTarget,
    UNSDMethod,
    Verdict,
    assess,
    parse_quantity,
    parse_unit,
)
from fyp_planning.cli import main
from fyp_planning.evaluation.methods import Track
from strategies import ProgressCase, progress_cases, progress_plan

V = Verdict


def plan_of(
    values: list[tuple[Any, ...]],
    targets: tuple[Any, ...] = (),
    *,
    unit: str = "亿元",
    direction: Direction = Direction.HIGHER,
    kind: IndicatorKind = IndicatorKind.ANTICIPATORY,
    growth: GrowthMode | None = None,
    measure: Measure | None = None,
) -> Plan:
    """A 2021–2025 plan (base year 2020) with one indicator ``x``.

    ``values`` are ``(period, value[, status])``: a period is a year or a :class:`Period`, a
    value a number in ``unit`` or a Chinese quantity string.
    """
    extra = {"growth": growth} if growth is not None else {}
    ind = Indicator(
        id="x",
        name="指标",
        unit=parse_unit(unit),
        direction=direction,
        kind=kind,
        measure=measure,
        **extra,
    )
    obs = []
    for period, value, *status in values:
        q = parse_quantity(value) if isinstance(value, str) else Quantity(value, ind.unit)
        p = period if isinstance(period, Period) else Period(period)
        st_ = ObservationStatus.from_text(status[0]) if status else ObservationStatus.ACTUAL
        obs.append(Observation(indicator="x", period=p, value=q, status=st_))
    return Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=obs,
        targets=list(targets),
    )


def level(value: Any, comparator: Comparator = Comparator.GE, year: int = 2025) -> LevelTarget:
    q = parse_quantity(value) if isinstance(value, str) else Quantity(value, "亿元")
    return LevelTarget(indicator="x", year=year, value=q, comparator=comparator)


def one(plan: Plan, **kwargs: Any) -> fp.Assessment:
    (result,) = assess(plan, **kwargs)
    return result


# -- Open SDG: every threshold, both directions ------------------------------------------------
UP = level(161.051)
DOWN = level(59.049, Comparator.LE)


@pytest.mark.parametrize(
    ("latest", "ratio", "verdict"),
    [
        (120.1216, 0.96, V.SUBSTANTIAL),  # 1.096 ** 2
        (119.9025, 0.95, V.SUBSTANTIAL),  # 1.095 ** 2: at the threshold
        (119.6836, 0.94, V.MODERATE),
        (112.5721, 0.61, V.MODERATE),
        (112.36, 0.60, V.MODERATE),  # 1.06 ** 2
        (112.1481, 0.59, V.LIMITED),
        (100.2001, 0.01, V.LIMITED),
        (100.0, 0.0, V.LIMITED),  # no change: ratio 0 is still limited progress
        (99.8001, -0.01, V.DETERIORATION),  # 0.999 ** 2
    ],
)
def test_opensdg_thresholds_higher_is_better(latest: float, ratio: float, verdict: Verdict) -> None:
    a = one(plan_of([(2020, 100.0), (2022, latest)], [UP]))
    assert a.ratio == pytest.approx(ratio, abs=1e-12)
    assert a.verdict is verdict
    assert a.required_rate.to("percent").magnitude == pytest.approx(10.0)
    assert a.actual_rate.to("percent").magnitude == pytest.approx(ratio * 10.0)


@pytest.mark.parametrize(
    ("latest", "ratio", "verdict"),
    [
        (81.7216, 0.96, V.SUBSTANTIAL),  # 0.904 ** 2
        (81.9025, 0.95, V.SUBSTANTIAL),
        (82.0836, 0.94, V.MODERATE),
        (88.1721, 0.61, V.MODERATE),
        (88.36, 0.60, V.MODERATE),
        (88.5481, 0.59, V.LIMITED),
        (99.8001, 0.01, V.LIMITED),
        (100.0, 0.0, V.LIMITED),
        (100.2001, -0.01, V.DETERIORATION),  # rose: the wrong way
    ],
)
def test_opensdg_thresholds_lower_is_better(latest: float, ratio: float, verdict: Verdict) -> None:
    a = one(plan_of([(2020, 100.0), (2022, latest)], [DOWN], direction=Direction.LOWER))
    assert a.ratio == pytest.approx(ratio, abs=1e-12)
    assert a.verdict is verdict
    # rates are negative (falls), compared in the good direction: no sign tricks in the data
    assert a.required_rate.to("percent").magnitude == pytest.approx(-10.0)
    assert a.actual_rate.to("percent").magnitude == pytest.approx(-ratio * 10.0)
    assert "direction_mismatch" not in a.flags


def test_reduction_target_judged_on_the_stated_rate() -> None:
    target = ReductionTarget(indicator="x", year=2025, rate=parse_quantity("10%"))
    a = one(plan_of([(2020, 100.0), (2022, 81.9025)], [target], direction=Direction.LOWER))
    assert a.required_rate == parse_quantity("-10%")
    assert a.ratio == pytest.approx(0.95)
    assert a.verdict is V.SUBSTANTIAL
    assert a.target_value.magnitude == pytest.approx(59.049)
    assert a.explain() == "需年均下降10.00%，实际9.50%，比值0.95：进展显著"


@pytest.mark.parametrize(
    ("latest", "verdict"),
    [
        (103.2256, V.SUBSTANTIAL),  # 1.016 ** 2
        (103.0225, V.SUBSTANTIAL),  # 1.5 % a year: at the threshold
        (102.8196, V.MODERATE),
        (101.2036, V.MODERATE),
        (101.0025, V.MODERATE),  # 0.5 %
        (100.8016, V.LIMITED),
        (100.0, V.LIMITED),
        (99.8001, V.DETERIORATION),
    ],
)
def test_opensdg_without_target_higher_is_better(latest: float, verdict: Verdict) -> None:
    a = one(plan_of([(2020, 100.0), (2022, latest)]))
    assert a.target is None and a.ratio is None
    assert a.verdict is verdict


@pytest.mark.parametrize(
    ("latest", "verdict"),
    [
        (96.8256, V.SUBSTANTIAL),  # 0.984 ** 2
        (97.0225, V.SUBSTANTIAL),  # falls 1.5 % a year
        (97.2196, V.MODERATE),
        (99.0025, V.MODERATE),  # falls 0.5 %
        (99.2016, V.LIMITED),
        (100.0, V.LIMITED),
        (100.2001, V.DETERIORATION),
    ],
)
def test_opensdg_without_target_lower_is_better(latest: float, verdict: Verdict) -> None:
    a = one(plan_of([(2020, 100.0), (2022, latest)], direction=Direction.LOWER))
    assert a.verdict is verdict


def test_thresholds_are_pluggable() -> None:
    plan = plan_of([(2020, 100.0), (2022, 119.6836)], [UP])  # ratio 0.94
    assert one(plan).verdict is V.MODERATE
    assert one(plan, method=CountyMethod(substantial=0.9)).verdict is V.SUBSTANTIAL
    assert one(plan, method=UNSDMethod(good=0.5)).verdict is V.ON_TRACK


# -- UNSD: 0.95 and 0.10, both directions (a linear share: r = (x − 10) / 4) -------------------
SHARE_UP = ShareTarget(indicator="x", year=2025, value=parse_quantity("20%"))
SHARE_DOWN = ShareTarget(
    indicator="x", year=2025, value=parse_quantity("10%"), comparator=Comparator.LE
)


@pytest.mark.parametrize(
    ("latest", "r", "verdict"),
    [
        (13.84, 0.96, V.ON_TRACK),
        (13.8, 0.95, V.ON_TRACK),
        (13.76, 0.94, V.FAIR),
        (10.44, 0.11, V.FAIR),
        (10.4, 0.10, V.FAIR),
        (10.36, 0.09, V.POOR),
    ],
)
def test_unsd_thresholds_higher_is_better(latest: float, r: float, verdict: Verdict) -> None:
    plan = plan_of([(2020, 10.0), (2022, latest)], [SHARE_UP], unit="%")
    a = one(plan, method="unsd")
    assert a.ratio == pytest.approx(r, abs=1e-12)
    assert a.verdict is verdict
    # projection: the latest share carried forward linearly 3 more years
    assert a.projection.magnitude == pytest.approx(10 + 10 * r)
    assert str(a.actual_rate.units) == "percentage_point / year"


@pytest.mark.parametrize(
    ("latest", "r", "verdict"),
    [
        (16.16, 0.96, V.ON_TRACK),
        (16.2, 0.95, V.ON_TRACK),
        (16.24, 0.94, V.FAIR),
        (19.56, 0.11, V.FAIR),
        (19.6, 0.10, V.FAIR),
        (19.64, 0.09, V.POOR),
    ],
)
def test_unsd_thresholds_lower_is_better(latest: float, r: float, verdict: Verdict) -> None:
    plan = plan_of(
        [(2020, 20.0), (2022, latest)], [SHARE_DOWN], unit="%", direction=Direction.LOWER
    )
    a = one(plan, method=UNSDMethod())
    assert a.ratio == pytest.approx(r, abs=1e-12)
    assert a.verdict is verdict


def test_unsd_compound_projection() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 121.0)], [UP]), method="unsd")
    assert a.projection.magnitude == pytest.approx(161.051)  # 121 × 1.1 ** 3
    assert a.ratio == pytest.approx(1.0)
    assert a.verdict is V.ON_TRACK
    assert a.explain() == "按当前年均增长10.00%推算，2025年将达到161.05亿元，r=1.00：进度正常"


def test_unsd_needs_a_target() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 121.0)]), method="unsd")
    assert a.verdict is V.INSUFFICIENT_DATA and "no_target" in a.flags
    assert a.explain() == "该方法需要量化目标：数据不足"


def test_linear_share_rates_are_percentage_points_a_year() -> None:
    a = one(plan_of([(2020, 10.0), (2022, 13.8)], [SHARE_UP], unit="%"))
    assert a.required_rate.to("percentage_point / year").magnitude == pytest.approx(2.0)
    assert a.actual_rate.to("percentage_point / year").magnitude == pytest.approx(1.9)
    assert a.verdict is V.SUBSTANTIAL
    assert a.explain() == "需年均增加2百分点，实际1.9百分点，比值0.95：进展显著"


def test_counts_grow_linearly_in_their_unit() -> None:
    target = LevelTarget(indicator="x", year=2025, value=parse_quantity("180家"))
    a = one(plan_of([(2020, "130家"), (2022, "140家")], [target], unit="家"))
    assert a.required_rate == Quantity(10.0, "家/year")
    assert a.actual_rate == Quantity(5.0, "家/year")
    assert a.ratio == pytest.approx(0.5)
    assert a.verdict is V.LIMITED
    assert a.completion == pytest.approx(0.2) and a.elapsed == pytest.approx(0.4)


# -- achieved, binding, flags ------------------------------------------------------------------
@pytest.mark.parametrize("method", ["county", "unsd"])
def test_achieved_when_the_latest_value_meets_the_target(method: str) -> None:
    a = one(plan_of([(2020, 100.0), (2022, 170.0)], [UP]), method=method)
    assert a.verdict is V.ACHIEVED
    assert a.explain() == "最新值170亿元（2022）已达到目标≥161.051亿元：已完成"
    b = one(
        plan_of([(2020, 100.0), (2022, 50.0)], [DOWN], direction=Direction.LOWER), method=method
    )
    assert b.verdict is V.ACHIEVED


def test_achieved_even_without_a_baseline() -> None:
    a = one(plan_of([(2022, 170.0)], [UP]))
    assert a.verdict is V.ACHIEVED and "no_baseline" in a.flags
    assert a.explain().endswith("已完成（无基期值）")


def test_met_exactly_after_unit_conversion() -> None:
    a = one(plan_of([(2020, "100亿元"), (2022, "1610510万元")], [UP]))
    assert a.verdict is V.ACHIEVED


def test_binding_shortfall_is_never_on_track() -> None:
    values = [(2020, 100.0), (2022, 120.1216)]  # ratio 0.96: substantial if anticipatory
    assert one(plan_of(values, [UP])).verdict is V.SUBSTANTIAL
    a = one(plan_of(values, [UP], kind=IndicatorKind.BINDING))
    assert a.verdict is V.MODERATE
    assert "binding_shortfall" in a.flags and a.binding
    assert "约束性指标，按当前速度预计无法按期完成" in a.explain()
    assert "binding indicator" in a.explain("en")
    u = one(plan_of(values, [UP], kind=IndicatorKind.BINDING), method="unsd")
    assert u.verdict is V.FAIR and "binding_shortfall" in u.flags


def test_binding_on_pace_has_no_shortfall() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 121.0)], [UP], kind=IndicatorKind.BINDING))
    assert a.ratio == pytest.approx(1.0)
    assert a.verdict is V.SUBSTANTIAL and "binding_shortfall" not in a.flags


def test_target_year_passed_unmet_is_not_on_track() -> None:
    a = one(plan_of([(2020, 100.0), (2025, 160.0)], [UP]))  # ratio ≈ 0.985
    assert a.verdict is V.MODERATE and "target_year_passed" in a.flags
    assert "目标年已到，目标未完成" in a.explain()


def test_partial_period_of_a_stock_is_used_flagged_and_timed_by_its_end() -> None:
    a = one(plan_of([(2020, 100.0), (Period(2022, 1, 9), 115.0)], [UP], measure=Measure.STOCK))
    assert a.latest.period == Period(2022, 1, 9)
    assert "partial_period" in a.flags
    expected = fp.cagr(100.0, 115.0, 1.75)  # 2020.0 → 2021.75
    assert a.actual_rate.magnitude == pytest.approx(expected.magnitude)
    assert "最新值为2022年1-9月数据" in a.explain()


def test_whole_year_beats_part_year_of_the_same_year() -> None:
    a = one(plan_of([(2020, 100.0), (Period(2022, 1, 9), 90.0), (2022, 119.0)], [UP]))
    assert a.latest.period == Period(2022) and "partial_period" not in a.flags


def test_estimates_are_used_and_flagged() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 119.0, "estimate")], [UP]))
    assert "estimate" in a.flags and a.verdict is V.MODERATE
    assert "最新值为预计数" in a.explain()
    assert "latest value is an estimate" in a.explain("en")


def test_baseline_prefers_whole_year_actuals_then_falls_back_with_a_flag() -> None:
    both = plan_of([(2020, 90.0, "estimate"), (2020, 100.0), (2022, 121.0)], [UP])
    a = one(both)
    assert a.baseline_value.magnitude == 100.0 and "baseline_estimate" not in a.flags
    only_estimate = one(plan_of([(2020, 100.0, "estimate"), (2022, 121.0)], [UP]))
    assert only_estimate.baseline_value.magnitude == 100.0
    assert "baseline_estimate" in only_estimate.flags
    partial = one(plan_of([(Period(2020, 1, 9), 75.0), (2022, 121.0)], [UP], measure=Measure.SHARE))
    assert "baseline_partial" in partial.flags and partial.baseline_value.magnitude == 75.0
    # a flow's part-year is no level: not a baseline either
    flow = one(plan_of([(Period(2020, 1, 9), 75.0), (2022, 121.0)], [UP]))
    assert "no_baseline" in flow.flags and flow.baseline is None


def test_insufficient_data_says_why() -> None:
    only_base = one(plan_of([(2020, 100.0)], [UP]))
    assert only_base.verdict is V.INSUFFICIENT_DATA and "no_progress_data" in only_base.flags
    assert only_base.explain() == "尚无基期之后的观测值：数据不足"
    nothing = one(plan_of([], [UP]))
    assert nothing.explain() == "尚无观测值：数据不足"
    assert nothing.explain("en") == "no observations: insufficient data"


def test_as_of_limits_the_latest_value() -> None:
    plan = plan_of([(2020, 100.0), (2021, 110.0), (2022, 90.0)], [UP])
    assert one(plan).latest.period.year == 2022
    a = one(plan, as_of=2021)
    assert a.latest.period.year == 2021 and a.ratio == pytest.approx(1.0)


def test_linear_fallback_for_a_zero_baseline() -> None:
    target = LevelTarget(indicator="x", year=2025, value=parse_quantity("10亿元"))
    a = one(plan_of([(2020, 0.0), (2022, 4.0)], [target]))
    assert "linear_fallback" in a.flags
    assert a.ratio == pytest.approx(1.0)  # 2 a year needed, 2 a year done


def test_direction_mismatch_is_flagged() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 90.0)], [level(50.0, Comparator.LE)]))
    assert "direction_mismatch" in a.flags


# -- target kinds ------------------------------------------------------------------------------
def test_annual_growth_target_is_judged_on_the_realised_rate() -> None:
    target = GrowthTarget(indicator="x", year=2025, rate=parse_quantity("10%"))
    a = one(plan_of([(2020, 100.0), (2022, 119.9025)], [target]))
    assert a.required_rate == parse_quantity("10%")
    assert a.ratio == pytest.approx(0.95) and a.verdict is V.SUBSTANTIAL
    assert a.target_value.magnitude == pytest.approx(161.051)
    assert "年均增长≥10%（2025年161.05亿元）" not in a.explain()  # not met: no level sentence


def test_total_growth_target_is_judged_via_the_implied_level() -> None:
    target = GrowthTarget(indicator="x", year=2025, rate=parse_quantity("61.051%"), annual=False)
    a = one(plan_of([(2020, 100.0), (2022, 119.9025)], [target]))
    assert a.target_value.magnitude == pytest.approx(161.051)
    assert a.ratio == pytest.approx(0.95)


def test_growth_target_from_its_own_base_year() -> None:
    target = GrowthTarget(indicator="x", year=2025, rate=parse_quantity("10%"), base_year=2021)
    a = one(plan_of([(2020, 50.0), (2021, 100.0), (2022, 110.0)], [target]))
    assert a.baseline.period.year == 2021
    assert a.ratio == pytest.approx(1.0)


def test_coverage_target_is_100_percent() -> None:
    target = CoverageTarget(indicator="x", year=2025, scope="县城")
    a = one(plan_of([(2020, 80.0), (2022, 90.0)], [target], unit="%"))
    assert a.target_value == Quantity(100, "percent")
    assert a.ratio == pytest.approx(1.25)  # 5 百分点/年 done, 4 needed
    assert one(plan_of([(2020, 80.0), (2022, 100.0)], [target], unit="%")).verdict is V.ACHIEVED


def test_coverage_of_a_count_raises_unit_mismatch() -> None:
    target = CoverageTarget(indicator="x", year=2025)
    with pytest.raises(fp.UnitMismatchError):
        assess(plan_of([(2020, 3.0)], [target], unit="个"))


def test_threshold_met_at_baseline_and_lost_is_deterioration() -> None:
    target = ThresholdTarget(indicator="x", year=2025, value=parse_quantity("95%"))
    a = one(plan_of([(2020, 96.0), (2022, 94.0)], [target], unit="%"))
    assert a.verdict is V.DETERIORATION and a.ratio is None
    assert a.explain() == "基期已满足目标保持≥95%，最新值94%已不满足：倒退"
    assert (
        one(plan_of([(2020, 96.0), (2022, 94.0)], [target], unit="%"), method="unsd").verdict
        is V.POOR
    )


def rate_plan(
    values: list[tuple[int, float]], kind: IndicatorKind = IndicatorKind.ANTICIPATORY
) -> Plan:
    target = RateTarget(indicator="x", year=2025, value=parse_quantity("8%"))
    return plan_of([(y, v) for y, v in values], [target], unit="%", kind=kind)


def test_rate_target_is_judged_year_by_year() -> None:
    a = one(rate_plan([(2020, 4.5), (2021, 9.0), (2022, 7.0)]))
    assert [(y, met) for y, _, met in a.yearly] == [(2021, True), (2022, False)]
    assert a.ratio == pytest.approx((1 + 7 / 8) / 2)
    assert a.verdict is V.MODERATE and "missed_years" in a.flags
    assert a.explain() == "目标每年≥8%：2021年9%达标，2022年7%未达标；逐年达标程度0.94：进展中等"
    assert one(rate_plan([(2021, 9.0), (2022, 8.0)])).verdict is V.SUBSTANTIAL
    done = one(rate_plan([(y, 8.5) for y in range(2021, 2026)]))
    assert done.verdict is V.ACHIEVED
    assert one(rate_plan([(2021, 9.0), (2022, 8.0)]), as_of=2021).yearly[-1][0] == 2021


def test_rate_target_binding_and_missing_years() -> None:
    a = one(rate_plan([(2021, 9.0), (2022, 7.9)], kind=IndicatorKind.BINDING))
    assert "binding_shortfall" in a.flags
    assert "约束性指标，2022年未达标" in a.explain()
    b = one(rate_plan([(2022, 9.0)]))
    assert b.missing_years == (2021,) and "missing_years" in b.flags
    assert "缺少2021年数据" in b.explain()
    assert one(rate_plan([(2020, 9.0)])).verdict is V.INSUFFICIENT_DATA


def test_indicators_without_targets_and_every_target_in_order() -> None:
    ind_a = Indicator(id="a", name="甲", unit=parse_unit("亿元"))
    ind_b = Indicator(id="b", name="乙", unit=parse_unit("亿元"))
    plan = Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind_a, ind_b],
        observations=[
            Observation(indicator="b", period=Period(2020), value=parse_quantity("1亿元")),
            Observation(indicator="a", period=Period(2020), value=parse_quantity("1亿元")),
        ],
        targets=[
            LevelTarget(indicator="a", year=2025, value=parse_quantity("2亿元")),
            LevelTarget(indicator="a", year=2023, value=parse_quantity("1.5亿元")),
        ],
    )
    results = assess(plan)
    assert [(r.indicator, r.target.year if r.target else None) for r in results] == [
        ("a", 2025),
        ("a", 2023),
        ("b", None),
    ]


# -- units -------------------------------------------------------------------------------------
@pytest.mark.parametrize("latest", [120.1216, 119.9025, 112.36, 100.0, 99.8001, 170.0])
@pytest.mark.parametrize("method", ["county", "unsd"])
def test_same_data_in_wan_and_yi_gives_the_same_verdict(latest: float, method: str) -> None:
    in_yi = plan_of([(2020, "100亿元"), (2022, f"{latest}亿元")], [level("161.051亿元")])
    in_wan = plan_of(
        [(2020, "1000000万元"), (2022, f"{latest * 1e4:.4f}万元")],
        [level("1610510万元")],
        unit="万元",
    )
    mixed = plan_of([(2020, "1000000万元"), (2022, f"{latest * 1e4:.4f}万元")], [UP])
    results = [one(p, method=method) for p in (in_yi, in_wan, mixed)]
    assert len({r.verdict for r in results}) == 1
    ratios = [r.ratio for r in results]
    if ratios[0] is not None:
        assert ratios == pytest.approx([ratios[0]] * 3, rel=1e-9)
    assert results[2].latest_value.units == parse_unit("亿元")


def test_extra_observations_are_converted_and_checked() -> None:
    plan = plan_of([(2020, 100.0)], [UP])
    later = [Observation(indicator="x", period=Period(2022), value=parse_quantity("1210000万元"))]
    assert one(plan, observations=later).ratio == pytest.approx(1.0)
    wrong = [Observation(indicator="x", period=Period(2022), value=parse_quantity("121亿度"))]
    with pytest.raises(fp.UnitMismatchError, match="单位不兼容"):
        assess(plan, observations=wrong)
    stranger = [Observation(indicator="y", period=Period(2022), value=parse_quantity("1亿元"))]
    with pytest.raises(ValueError, match="规划中没有这些指标"):
        assess(plan, observations=stranger)


def test_bare_values_are_skipped_never_guessed() -> None:
    bare = [Observation(indicator="x", period=Period(2022), value=parse_quantity("121"))]
    plan = plan_of([(2020, 100.0)], [UP])
    a = one(plan, observations=bare)
    assert a.latest.period.year == 2020  # the bare 121 was not used
    assert "unit_not_stated" not in a.flags  # something else was available
    only_bare = one(plan_of([], [UP]), observations=bare)
    assert only_bare.verdict is V.INSUFFICIENT_DATA and "unit_not_stated" in only_bare.flags
    assert only_bare.explain() == "观测值未注明单位：数据不足"


def test_bad_arguments() -> None:
    plan = plan_of([(2020, 100.0)], [UP])
    with pytest.raises(ValueError, match="unknown method"):
        assess(plan, method="eurostat")
    with pytest.raises(TypeError):
        assess(plan, as_of="2022")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        one(plan).explain("fr")


# -- explanations ------------------------------------------------------------------------------
def test_explanation_of_the_readme_example() -> None:
    # 198亿元 in 2020 to 300亿元 in 2025 needs 8.67 % a year; 7.2 % a year for two years
    plan = plan_of([(2020, 198.0), (2022, 198.0 * 1.072**2)], [level(300.0)])
    a = one(plan)
    assert a.explain() == "需年均增长8.67%，实际7.20%，比值0.83：进展中等"
    assert (
        a.explain("en")
        == "needs growth of 8.67% a year, actual 7.20%, ratio 0.83: moderate progress"
    )


def test_verdict_labels() -> None:
    assert [(v.value, v.label) for v in Verdict] == [
        ("achieved", "已完成"),
        ("substantial", "进展显著"),
        ("moderate", "进展中等"),
        ("limited", "进展有限"),
        ("deterioration", "倒退"),
        ("on_track", "进度正常"),
        ("fair", "进度一般"),
        ("poor", "进度滞后"),
        ("insufficient_data", "数据不足"),
    ]


def test_to_dict_is_json() -> None:
    a = one(plan_of([(2020, 100.0), (2022, 119.0, "estimate")], [UP]))
    data = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert data["verdict"] == "moderate" and data["flags"] == ["estimate"]
    assert data["target"]["kind"] == "level" and data["latest"]["status"] == "estimate"
    assert data["explanation"].endswith("（最新值为预计数）")


# -- properties --------------------------------------------------------------------------------
methods = st.sampled_from([CountyMethod(), UNSDMethod()])


@given(progress_cases(), st.floats(0.05, 10.0), st.floats(0.05, 10.0), methods)
def test_a_better_latest_value_never_gives_a_worse_verdict(
    case: ProgressCase, f1: float, f2: float, method: Any
) -> None:
    low, high = sorted((case.baseline * f1, case.baseline * f2))
    worse, better = (low, high) if case.sense > 0 else (high, low)
    v_worse = one(progress_plan(case, worse), method=method).verdict
    v_better = one(progress_plan(case, better), method=method).verdict
    assert v_better.rank >= v_worse.rank, (v_worse, v_better)


@given(progress_cases(), st.floats(0.05, 10.0), methods)
def test_verdicts_are_invariant_under_unit_rescaling(
    case: ProgressCase, f: float, method: Any
) -> None:
    latest = case.baseline * f
    in_yi = one(progress_plan(case, latest), method=method)
    in_wan = one(progress_plan(case, latest, unit="万元", scale=1e4), method=method)
    in_yuan = one(progress_plan(case, latest, unit="元", scale=1e8), method=method)
    assert in_yi.verdict is in_wan.verdict is in_yuan.verdict
    if in_yi.ratio is not None:
        assert in_wan.ratio == pytest.approx(in_yi.ratio, rel=1e-9, abs=1e-12)
        assert in_yuan.ratio == pytest.approx(in_yi.ratio, rel=1e-9, abs=1e-12)


@given(progress_cases(linear=False), methods)
def test_a_compound_path_that_hits_the_target_has_ratio_one(
    case: ProgressCase, method: Any
) -> None:
    a = one(progress_plan(case, case.on_path()), method=method)
    assert a.ratio == pytest.approx(1.0, abs=1e-9)
    assert a.verdict in (V.SUBSTANTIAL, V.ON_TRACK)
    assert "binding_shortfall" not in a.flags


@given(st.floats(-1.0, 2.0))
def test_opensdg_grade_is_monotone(r: float) -> None:
    m = CountyMethod()
    assert m.grade(r).rank <= m.grade(r + 0.01).rank
    assert UNSDMethod().grade(r).rank <= UNSDMethod().grade(r + 0.01).rank


def test_track_without_data_is_insufficient() -> None:
    assert (
        CountyMethod().judge(Track(target=1.0, target_time=2025.0)).verdict is V.INSUFFICIENT_DATA
    )


# -- the command -------------------------------------------------------------------------------
def plan_file(tmp_path: Path, plan: Plan) -> str:
    path = tmp_path / "plan.toml"
    fp.dump_plan(plan, path)
    return str(path)


def test_progress_command(tmp_path: Path) -> None:
    path = plan_file(tmp_path, plan_of([(2020, 198.0), (2022, 227.538432)], [level(300.0)]))
    result = CliRunner().invoke(main, ["progress", path])
    assert result.exit_code == 0, result.output
    assert "进展评估" in result.output and "Open SDG" in result.output
    assert "需年均增长8.67%，实际7.20%，比值0.83：进展中等" in result.output
    unsd = CliRunner().invoke(main, ["progress", path, "--method", "unsd", "--as-of", "2021"])
    assert unsd.exit_code == 0 and "截至2021年" in unsd.output and "数据不足" in unsd.output
    data = json.loads(CliRunner().invoke(main, ["progress", path, "--format", "json"]).output)
    assert data["method"] == "county"
    assert data["assessments"][0]["verdict"] == "moderate"


def test_progress_command_on_dongkou_runs() -> None:
    result = CliRunner().invoke(main, ["progress", "dongkou", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["plan"] == "dongkou_14th_sti"


def test_progress_command_exits_2_on_unit_mismatch(tmp_path: Path) -> None:
    path = plan_file(
        tmp_path, plan_of([(2020, 3.0)], [CoverageTarget(indicator="x", year=2025)], unit="个")
    )
    result = CliRunner().invoke(main, ["progress", path])
    assert result.exit_code == 2 and "单位不兼容" in result.output


# -- natural limit: the no-target thresholds scale down near the limit --------------------------
def _share_plan(base: float, latest: float, limit: float | None) -> Plan:
    plan = plan_of([(2020, base), (2022, latest)], unit="%")
    if limit is None:
        return plan
    ind = attrs.evolve(plan.indicators[0], limit=Quantity(limit, "percent"))
    return attrs.evolve(plan, indicators=[ind])


def test_near_the_limit_slow_growth_is_no_longer_limited() -> None:
    # 98% -> 98.2% in two years: +0.102%/year relative to the baseline (linear indicator).
    assert one(_share_plan(98.0, 98.2, None)).verdict is V.LIMITED
    scaled = one(_share_plan(98.0, 98.2, 100.0))
    # C = (100/98 - 1) / (15 * 0.015) = 0.0907: thresholds 0.136% and 0.045% a year.
    assert scaled.verdict is V.MODERATE
    assert "limit_scaled" in scaled.flags
    # Far from the limit nothing changes, and a fall is still deterioration.
    far = one(_share_plan(40.0, 40.1, 100.0))
    assert far.verdict is V.LIMITED and "limit_scaled" not in far.flags
    assert one(_share_plan(98.0, 97.9, 100.0)).verdict is V.DETERIORATION


def test_at_the_limit_holding_is_substantial() -> None:
    held = one(_share_plan(100.0, 100.0, 100.0))
    assert held.verdict is V.SUBSTANTIAL and "limit_scaled" in held.flags


@given(
    y0=st.floats(min_value=1.0, max_value=99.9),
    linear=st.booleans(),
)
def test_limit_factor_meets_the_open_sdg_criterion(y0: float, linear: bool) -> None:
    """At the scaled on-track rate the value stays within the limit for 15 years."""
    method = CountyMethod()
    c = method.limit_factor(Track(baseline=y0, limit=100.0), linear=linear)
    assert c is not None and 0.0 <= c <= 1.0
    rate = method.no_target_substantial * c
    end = y0 * (1 + rate * 15) if linear else y0 * (1 + rate) ** 15
    assert end <= 100.0 * (1 + 1e-9)
    if c < 1:  # the factor is as large as the criterion allows: the limit is reached exactly
        assert end == pytest.approx(100.0)
    closer = method.limit_factor(Track(baseline=(y0 + 100.0) / 2, limit=100.0), linear=linear)
    assert closer is not None and closer <= c


# -- the baseline, one definition for assess, the CLI and the report -------------------------------
def test_baseline_is_the_observation_assess_judges_from() -> None:
    from fyp_planning.evaluation import baseline

    def base(values: list[tuple[Any, ...]], unit: str = "亿元", measure: Any = None) -> Any:
        plan = plan_of(values, (level(300),) if unit else (), unit=unit, measure=measure)
        found = baseline(plan, plan.indicators[0])
        assert found is fp.assess(plan)[0].baseline  # what assess judged from
        return None if found is None else (str(found.period), found.value.magnitude)

    # a whole year over a part-year, actual over preliminary over estimate, then the last listed
    assert base([(Period(2020, 1, 9), 150.0), (2020, 198.0, "预计")])[1] == 198
    assert base([(2020, 199.0, "预计"), (2020, 198.0), (2020, 197.0, "初步")])[1] == 198
    assert base([(2020, 198.0), (2020, 199.0)])[1] == 199
    # a part-year when that is all there is (of a stock: a flow's is no level); nothing
    # without a stated unit
    assert base([(Period(2020, 1, 9), 150.0)], measure=Measure.STOCK)[0] == "2020年1-9月"
    assert base([(Period(2020, 1, 9), 150.0)]) is None
    assert base([(2020, "7600万")]) is None
    assert base([(2021, 210.0)]) is None
    # an indicator without a unit takes bare values
    assert base([(2020, "7600万")], unit="")[1] == 7600
    plan = plan_of([(2020, 198.0), (2022, 229.0)])
    assert fp.evaluation.baseline(plan, plan.indicators[0], 2022).value.magnitude == 229.0
