"""Drafting the next plan (draft_plan and `fyp draft`)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from fyp_planning import (
    Direction,
    GrowthMode,
    GrowthTarget,
    Indicator,
    LevelTarget,
    Observation,
    ObservationStatus,
    Period,
    Plan,
    Quantity,
    ReductionTarget,
    draft_plan,
    dumps_plan,
    implied_level,
    loads_plan,
    parse_quantity,
    parse_unit,
)
from fyp_planning.cli import main
from fyp_planning.evaluation import DraftError

Q = parse_quantity


def _round_trips(plan: Plan) -> None:
    for fmt in ("toml", "json"):
        assert loads_plan(dumps_plan(plan, fmt), fmt) == plan


def _only(plan: Plan, cls: type) -> object:
    found = [t for t in plan.targets if type(t) is cls]
    assert len(found) == 1, plan.targets
    return found[0]


# -- compound indicators ----------------------------------------------------------------------
def test_rate_gives_level_and_growth_target() -> None:
    old = S.draft_source_plan(2025, 198)
    d = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("8%")})
    level = _only(d.plan, LevelTarget)
    growth = _only(d.plan, GrowthTarget)
    assert d.plan.base_year == 2025 and (d.plan.start_year, d.plan.end_year) == (2026, 2030)
    assert level.value == Q("290.9亿元") and level.year == 2030  # 198 × 1.08⁵ = 290.93
    assert level.comparator is fp.Comparator.GE
    assert level.text == "按年均增长8%推算：198亿元→290.9亿元"
    assert growth.rate == Q("8%") and growth.base_year is None and growth.annual
    line = d.line("x")
    assert (line.method, line.base, line.base_year, line.level) == (
        "rate",
        Q("198亿元"),
        2025,
        Q("290.9亿元"),
    )
    assert "按年均增长8%推算，2030年290.9亿元" in line.text
    assert "8% growth a year, 290.9亿元 in 2030" in line.describe("en")
    _round_trips(d.plan)


def test_target_gives_rounded_rate() -> None:
    old = S.draft_source_plan(2025, 198)
    d = draft_plan(old, start_year=2026, end_year=2030, targets={"x": Q("300亿元")})
    assert _only(d.plan, LevelTarget).value == Q("300亿元")
    assert _only(d.plan, GrowthTarget).rate == Q("8.67%")  # required_cagr 8.6654…%
    assert d.line("x").method == "target"
    assert d.line("x").rate.to("percent").magnitude == pytest.approx(((300 / 198) ** 0.2 - 1) * 100)
    assert "需年均增长8.67%" in d.line("x").text
    _round_trips(d.plan)


@settings(max_examples=150)
@given(base=S.draft_bases, percent=S.draft_percents, period=S.draft_periods)
def test_rate_to_level_to_rate_inverts(base: float, percent: float, period: tuple) -> None:
    start, end = period
    old = S.draft_source_plan(start - 1, base)
    years = end - start + 1
    level = _only(
        draft_plan(old, start_year=start, end_year=end, rates={"x": Quantity(percent, "%")}).plan,
        LevelTarget,
    ).value
    back = draft_plan(old, start_year=start, end_year=end, targets={"x": level})
    got = back.line("x").rate.to("percent").magnitude
    # The level is kept to four significant figures (relative error ≤ 5e-4), which moves the
    # recovered annual rate by at most (1 + r) × 5e-4 / years.
    assert abs(got - percent) <= (1 + percent / 100) * 5e-4 / years * 100 * 1.01 + 1e-9
    stored = [t for t in back.plan.targets if isinstance(t, GrowthTarget)]
    assert len(stored) == 1
    signed = stored[0].rate.to("percent").magnitude
    if isinstance(stored[0], ReductionTarget):
        signed = -signed
    assert abs(signed - got) <= 0.005 + 1e-9  # rounded to 0.01 %
    _round_trips(back.plan)


@settings(max_examples=150)
@given(
    base=S.draft_bases,
    factor=st.floats(min_value=0.1, max_value=10),
    period=S.draft_periods,
)
def test_target_to_rate_to_level_inverts(base: float, factor: float, period: tuple) -> None:
    start, end = period
    old = S.draft_source_plan(start - 1, base)
    years = end - start + 1
    target = Quantity(base * factor, "亿元")
    d = draft_plan(old, start_year=start, end_year=end, targets={"x": target})
    growth = next(t for t in d.plan.targets if isinstance(t, GrowthTarget))
    rate = growth.rate.to("dimensionless").magnitude
    rate = -rate if isinstance(growth, ReductionTarget) else rate
    # the stored rate is rounded to 0.01 % (5e-5 as a fraction), compounded over the years
    tolerance = (1 + 5e-5 / (1 + rate)) ** years - 1 + 1e-9
    reached = implied_level(Quantity(base, "亿元"), rate, years)
    assert math.isclose(reached.magnitude, target.magnitude, rel_tol=tolerance)
    again = draft_plan(old, start_year=start, end_year=end, rates={"x": Quantity(rate * 100, "%")})
    level = _only(again.plan, LevelTarget).value.magnitude
    assert math.isclose(level, target.magnitude, rel_tol=tolerance + 5e-4)


def test_lower_is_better_negative_rate_gives_reduction_target() -> None:
    old = S.draft_source_plan(2025, 0.8, unit="吨标准煤/万元", direction=Direction.LOWER)
    d = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("-5%")})
    level = _only(d.plan, LevelTarget)
    cut = _only(d.plan, ReductionTarget)
    assert not any(type(t) is GrowthTarget for t in d.plan.targets)
    assert cut.rate == Q("5%") and cut.comparator is fp.Comparator.GE  # fall at least 5 %
    assert level.comparator is fp.Comparator.LE
    assert level.value.magnitude == pytest.approx(0.8 * 0.95**5, rel=5e-4)
    assert "reduction" in d.line("x").flags and "年均下降5%" in d.line("x").text
    # and the other way: a lower level asked of a lower-is-better indicator
    d2 = draft_plan(old, start_year=2026, end_year=2030, targets={"x": Q("0.6吨标准煤/万元")})
    cut2 = _only(d2.plan, ReductionTarget)
    assert cut2.rate == Q("5.59%") and cut2.comparator is fp.Comparator.GE
    _round_trips(d.plan)
    _round_trips(d2.plan)


def test_lower_is_better_growth_is_capped_and_higher_is_better_fall_is_bounded() -> None:
    lower = S.draft_source_plan(2025, 100, unit="万吨标准煤", direction=Direction.LOWER)
    d = draft_plan(lower, start_year=2026, end_year=2030, rates={"x": Q("3%")})
    assert _only(d.plan, GrowthTarget).comparator is fp.Comparator.LE  # grow at most 3 %
    higher = S.draft_source_plan(2025, 100)
    d = draft_plan(higher, start_year=2026, end_year=2030, rates={"x": Q("-2%")})
    cut = _only(d.plan, ReductionTarget)
    assert cut.rate == Q("2%") and cut.comparator is fp.Comparator.LE  # fall at most 2 %
    assert _only(d.plan, LevelTarget).comparator is fp.Comparator.GE


# -- linear indicators ------------------------------------------------------------------------
def test_linear_count_uses_change_per_year() -> None:
    old = S.draft_source_plan(2025, 12, unit="个")
    assert old.indicators[0].growth is GrowthMode.LINEAR
    d = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("3个")})
    level, change = d.plan.targets  # 12 + 3 × 5: a level and the whole change, no growth target
    assert isinstance(level, LevelTarget) and level.value == Q("27个")
    assert isinstance(change, fp.ChangeTarget) and change.by == Q("15个")
    assert change.describe() == "比基期增加≥15个"
    assert d.line("x").rate == Quantity(3, "个") / fp.ureg.year
    assert d.plan.targets[0].text == "按年均增加3个推算：12个→27个"
    back = draft_plan(old, start_year=2026, end_year=2030, targets={"x": Q("20个")})
    assert [type(t) for t in back.plan.targets] == [LevelTarget, fp.ChangeTarget]
    assert back.plan.targets[1].describe() == "比基期增加≥8个"
    assert back.line("x").rate == Quantity(1.6, "个") / fp.ureg.year  # (20 − 12) / 5
    with pytest.raises(DraftError, match="grows linearly"):
        draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("8%")})
    _round_trips(d.plan)


def test_linear_share_accepts_points_and_percent_alike() -> None:
    old = S.draft_source_plan(2025, 2.06, unit="%")
    by_points = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("0.2百分点")})
    by_percent = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("0.2%")})
    assert by_points.plan.targets == by_percent.plan.targets
    assert by_points.plan.targets[0].value == Q("3.06%")  # 2.06 + 0.2 × 5, not 2.06 × 1.002⁵
    assert "年均提高0.2个百分点" in by_points.line("x").text
    assert by_points.plan.targets[1].describe() == "比基期提高≥1个百分点"
    back = draft_plan(old, start_year=2026, end_year=2030, targets={"x": Q("3.06%")})
    assert back.line("x").rate.units == fp.ureg.percentage_point / fp.ureg.year
    assert back.line("x").rate.magnitude == pytest.approx(0.2)


@settings(max_examples=100)
@given(base=st.integers(0, 10_000), change=S.draft_changes, period=S.draft_periods)
def test_linear_change_and_level_invert(base: int, change: float, period: tuple) -> None:
    start, end = period
    years = end - start + 1
    old = S.draft_source_plan(start - 1, base, unit="家")
    if base + change * years < 0:
        with pytest.raises(DraftError, match="below zero"):
            draft_plan(old, start_year=start, end_year=end, rates={"x": Quantity(change, "家")})
        return
    d = draft_plan(old, start_year=start, end_year=end, rates={"x": Quantity(change, "家")})
    level = d.plan.targets[0].value
    assert math.isclose(level.magnitude, base + change * years, rel_tol=5e-4, abs_tol=0.5)
    back = draft_plan(old, start_year=start, end_year=end, targets={"x": level})
    assert back.line("x").rate.magnitude == pytest.approx(
        (level.magnitude - base) / years, rel=1e-9, abs=1e-9
    )
    _round_trips(d.plan)


# -- base values ------------------------------------------------------------------------------
def _plan_with(observations: list[Observation]) -> Plan:
    ind = Indicator(id="x", name="产值", unit=parse_unit("亿元"))
    return Plan(
        id="old",
        region="县",
        title="旧规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=observations,
    )


def _obs(period: Period, value: str, **kw: object) -> Observation:
    return Observation(indicator="x", period=period, value=Q(value), **kw)


def test_base_is_latest_whole_year_up_to_the_base_year() -> None:
    old = _plan_with(
        [
            _obs(Period(2020), "100亿元", source="表1"),
            _obs(Period(2024), "140亿元"),
            _obs(Period(2025, 1, 9), "150亿元"),  # part-year: ignored
            _obs(Period(2025), "160亿元", status=ObservationStatus.ESTIMATE),
            _obs(Period(2025), "158亿元", source="统计公报"),  # the actual beats the estimate
        ]
    )
    d = draft_plan(old, start_year=2026, end_year=2030)
    assert d.plan.observations == (_obs(Period(2025), "158亿元", source="上期规划：统计公报"),)
    assert d.plan.targets == () and d.line("x").method == "none"
    older = draft_plan(old, start_year=2025, end_year=2029)  # base year 2024
    assert older.plan.observations[0].value == Q("140亿元")
    assert older.plan.observations[0].source == "上期规划"
    assert older.plan.predecessor == old  # it ends in the new first year: allowed
    overlapping = draft_plan(old, start_year=2024, end_year=2028)  # base year 2023
    assert overlapping.plan.observations[0].value == Q("100亿元")
    assert overlapping.plan.predecessor is None  # the old plan runs on into the new period


def test_estimates_and_stale_bases_are_flagged() -> None:
    old = _plan_with([_obs(Period(2020), "100亿元", status=ObservationStatus.ESTIMATE)])
    d = draft_plan(old, start_year=2026, end_year=2030, rates={"x": Q("10%")})
    line = d.line("x")
    assert set(line.flags) >= {"estimate", "stale_base"}
    assert "预计值" in line.text and "早于2025年" in line.text
    # growth runs from the base value's own year: ten years, and the target says so
    assert _only(d.plan, LevelTarget).value == Q("259.4亿元")  # 100 × 1.1¹⁰ = 259.37
    assert _only(d.plan, GrowthTarget).base_year == 2020
    _round_trips(d.plan)


def test_given_base_values_win() -> None:
    old = _plan_with([_obs(Period(2025), "158亿元")])
    d = draft_plan(
        old,
        start_year=2026,
        end_year=2030,
        rates={"x": Q("8%")},
        base_values={"x": Q("1600000万元")},
    )
    (obs,) = d.plan.observations
    assert obs.value == Q("1600000万元") and obs.status is ObservationStatus.ESTIMATE
    assert obs.period == Period(2025) and "given_base" in d.line("x").flags
    assert _only(d.plan, LevelTarget).value == Q("235.1亿元")  # 160 亿元 × 1.08⁵ = 235.09…


def test_default_rate_applies_to_compound_higher_is_better_only() -> None:
    inds = [
        Indicator(id="money", name="产值", unit=parse_unit("亿元")),
        Indicator(id="firms", name="企业", unit=parse_unit("家")),
        Indicator(
            id="energy", name="能耗", unit=parse_unit("万吨标准煤"), direction=Direction.LOWER
        ),
        Indicator(id="nodata", name="无数据", unit=parse_unit("亿元")),
    ]
    obs = [
        Observation(indicator=i, period=Period(2025), value=Q(v))
        for i, v in (("money", "10亿元"), ("firms", "5家"), ("energy", "3万吨标准煤"))
    ]
    old = Plan(
        id="old",
        region="县",
        title="旧",
        start_year=2021,
        end_year=2025,
        indicators=inds,
        observations=obs,
    )
    d = draft_plan(old, start_year=2026, end_year=2030, default_rate=Q("5%"))
    assert {t.indicator for t in d.plan.targets} == {"money"}
    assert "default_rate" in d.line("money").flags
    assert "not_for_default" in d.line("firms").flags
    assert "not_for_default" in d.line("energy").flags
    assert d.line("nodata").flags == ("no_base",)


def test_bad_arguments_raise_draft_errors() -> None:
    old = S.draft_source_plan(2025, 198)
    cases = [
        ({"rates": {"y": Q("8%")}}, "unknown indicator"),
        ({"rates": {"x": Q("8%")}, "targets": {"x": Q("300亿元")}}, "not both"),
        ({"rates": {"x": Q("8亿元")}}, "not a growth rate"),
        ({"rates": {"x": Q("8")}}, "not a growth rate"),  # bare: 8 what?
        ({"targets": {"x": Q("8亿度")}}, "expected a level in 亿元"),
        ({"base_values": {"x": Q("8家")}}, "unit incompatible"),
        ({"default_rate": Q("3家")}, "not a growth rate"),
    ]
    for kwargs, message in cases:
        with pytest.raises(DraftError, match=message):
            draft_plan(old, start_year=2026, end_year=2030, **kwargs)
    empty = _plan_with([])
    with pytest.raises(DraftError, match="no base value"):
        draft_plan(empty, start_year=2026, end_year=2030, rates={"x": Q("8%")})
    with pytest.raises(ValueError, match="before start_year"):
        draft_plan(old, start_year=2030, end_year=2026)


# -- Dongkou ----------------------------------------------------------------------------------
def test_dongkou_fifteenth_plan_draft() -> None:
    plan = fp.load("dongkou")
    d = draft_plan(
        plan,
        start_year=2026,
        end_year=2030,
        rates={"industrial_output": Q("8%"), "energy_intensity": Q("-3%")},
        targets={"industrial_tax": Q("4亿元")},
        base_values={"industrial_output": Q("250亿元"), "energy_intensity": Q("0.5吨标准煤/万元")},
    )
    new = d.plan
    assert new.id == "dongkou_15th_sti_draft"
    assert "“十五五”" in new.title and "2026-2030" in new.title and "十四五" not in new.title
    assert new.predecessor == plan and new.region == plan.region
    assert [i.id for i in new.indicators] == [i.id for i in plan.indicators]
    out = new.targets_for("industrial_output")
    assert out[0].value == Q("367.3亿元") and out[1].rate == Q("8%") and out[1].base_year is None
    assert isinstance(new.targets_for("energy_intensity")[1], ReductionTarget)
    tax = new.targets_for("industrial_tax")
    assert tax[1].base_year == 2020 and tax[1].rate == Q("10.31%")  # (4 / 1.5) ** (1/10) − 1
    assert {t.indicator for t in new.targets} == {
        "industrial_output",
        "energy_intensity",
        "industrial_tax",
    }
    # one observation per indicator with a value: the 18 of 2020, two of them replaced
    assert len(new.observations) == 19
    assert all(o.source.startswith(("上期规划", "起草时")) for o in new.observations)
    assert len(d.lines) == len(plan.indicators)
    _round_trips(new)


# -- the command ------------------------------------------------------------------------------
def test_cli_draft_writes_a_plan_file(tmp_path: Path) -> None:
    out = tmp_path / "draft.toml"
    args = ["draft", "dongkou", "--from-year", "2026", "--to", "2030"]
    args += ["--rate", "industrial_output=8%", "--rate", "high_tech_certified=3个/年"]
    args += ["--target", "industrial_tax=4亿元", "--base", "industrial_output=250亿元"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "按年均增长8%推算，2030年367.3亿元" in result.stderr
    loaded = fp.load_plan(out)
    assert (loaded.start_year, loaded.end_year, loaded.base_year) == (2026, 2030, 2025)
    assert loaded.targets_for("high_tech_certified")[0].value == Q("42个")  # 12 + 3 × 10
    as_json = CliRunner().invoke(main, [*args, "--format", "json"])
    assert as_json.exit_code == 0
    assert loads_plan(as_json.stdout, "json") == loaded


def test_cli_draft_defaults_and_default_rate() -> None:
    result = CliRunner().invoke(main, ["draft", "dongkou", "--default-rate", "5%"])
    assert result.exit_code == 0, result.output
    plan = loads_plan(result.stdout)
    assert (plan.start_year, plan.end_year) == (2026, 2030)
    assert plan.targets_for("rd_spending")[1].rate == Q("5%")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "nosuch=8%"], "--rate 'nosuch=8%': unknown indicator 'nosuch'"),
        (["--rate", "industrial_output=abc"], "--rate 'industrial_output=abc': cannot read"),
        (["--rate", "industrial_output"], "--rate 'industrial_output': expected INDICATOR="),
        (
            ["--rate", "industrial_output=8亿元"],
            "--rate 'industrial_output=8亿元': not a growth rate",
        ),
        (["--rate", "high_tech_certified=8%"], "--rate 'high_tech_certified=8%': high_tech"),
        (["--target", "industrial_output=8%"], "--target 'industrial_output=8%': expected a"),
        (["--base", "industrial_output=8家"], "--base 'industrial_output=8家': unit incompatible"),
        (["--rate", "rd_gdp_share=0.1%"], "--rate 'rd_gdp_share=0.1%': rd_gdp_share has no base"),
        (["--default-rate", "5家"], "--default-rate '5家': not a growth rate"),
        (
            ["--rate", "industrial_output=8%", "--target", "industrial_output=300亿元"],
            "--target 'industrial_output=300亿元': give a rate or a target, not both",
        ),
    ],
)
def test_cli_draft_rejects_bad_options(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["draft", "dongkou", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_cli_draft_errors_say_chinese_too() -> None:
    """Regression: fyp draft's option errors were English only; the bureau reads Chinese."""
    result = CliRunner().invoke(main, ["draft", "dongkou", "--rate", "industrial_output=8亿元"])
    assert result.exit_code == 2
    assert (
        "not a growth rate; expected a percentage such as 8% (不是增长率，应为百分数，如 8%)"
        in (result.stderr)
    )
    with pytest.raises(DraftError) as info:
        draft_plan(
            S.draft_source_plan(2025, 198), start_year=2026, end_year=2030, rates={"x": Q("-150%")}
        )
    assert info.value.text is not None
    assert info.value.text.zh == "下降100%或以上，将一无所剩"
