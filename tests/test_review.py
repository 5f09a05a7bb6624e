"""Reviewing a finished plan: target against actual, achieved or not, the gap, the conflicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning import (
    Comparator,
    CoverageTarget,
    GrowthTarget,
    Indicator,
    LevelTarget,
    Observation,
    ObservationStatus,
    Period,
    Plan,
    Quantity,
    RateTarget,
    ReductionTarget,
    ReviewRow,
    ShareTarget,
    parse_quantity,
    parse_unit,
    review,
)
from fyp_planning.cli import main

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "examples/example-county/src/fyp_planning_example_county/data"
)


def finished(
    values: list[tuple[Any, ...]], targets: list[Any], *, unit: str = "亿元", **plan: Any
) -> Plan:
    """A 2016–2020 plan (base year 2015) with one indicator ``x``; values as in test_evaluation."""
    ind = Indicator(id="x", name="指标", unit=parse_unit(unit))
    obs = []
    for period, value, *status in values:
        q = parse_quantity(value) if isinstance(value, str) else Quantity(value, ind.unit)
        p = period if isinstance(period, Period) else Period(period)
        status_ = ObservationStatus.from_text(status[0]) if status else ObservationStatus.ACTUAL
        obs.append(Observation(indicator="x", period=p, value=q, status=status_))
    return Plan(
        id="old",
        region="示例县",
        title="十三五",
        start_year=2016,
        end_year=2020,
        indicators=[ind],
        observations=obs,
        targets=targets,
        **plan,
    )


def row_of(plan: Plan) -> ReviewRow:
    (row,) = review(plan, of_predecessor=False)
    return row


# -- Dongkou: chapter 1's conclusion -----------------------------------------------------------
@pytest.fixture(scope="module")
def dongkou_rows() -> dict[str, ReviewRow]:
    return {r.indicator: r for r in review(fp.load("dongkou"))}


def test_dongkou_industrial_output_missed_by_2_yi(dongkou_rows: dict[str, ReviewRow]) -> None:
    row = dongkou_rows["industrial_output"]
    assert row.target_value == parse_quantity("200亿元")
    assert row.actual_value == parse_quantity("198亿元")
    assert row.achieved is False
    assert row.gap == parse_quantity("2亿元")
    assert row.relative_gap.to("percent").magnitude == pytest.approx(1.0)
    assert row.baseline == parse_quantity("137.1亿元")
    assert row.conflicts == ()  # the 1-9月 figure is a part-year, not a conflicting end value
    assert row.outcome == "missed" and row.excess is None
    # 198亿元 is stated as the year's value (no 预计); the 截止2020年9月 figure is not used
    assert row.actual.period == Period(2020) and not row.provisional and row.note is None
    assert row.cells()[3:] == ["198亿元", "否", "差2亿元（1%）"]


def test_dongkou_end_values_estimates_and_part_years(dongkou_rows: dict[str, ReviewRow]) -> None:
    """Chapter 1's 十三五 figures: which end values are estimates or part-years, and whether
    a target rests on one. Only 工业总产值 and 规模工业企业 have targets, and their end
    values are whole-year figures stated without 预计, so no verdict is provisional."""
    plan = fp.load("dongkou").predecessor
    estimates = {o.indicator for o in plan.observations if o.status is ObservationStatus.ESTIMATE}
    part_years = {o.indicator for o in plan.observations if o.period.is_partial}
    assert estimates == {
        "rd_spending",  # 2020年预计累计完成4.6亿元
        "natural_village_4g_coverage",  # 预计2020年实现……全覆盖
        "natural_village_fiber_coverage",
    }
    assert part_years == {"industrial_output", "rd_spending", "rd_gdp_share"}
    assert set(dongkou_rows) == {"industrial_output", "above_scale_enterprises"}
    assert not any(r.provisional for r in dongkou_rows.values())
    assert all(r.to_dict()["actual_status"] == "actual" for r in dongkou_rows.values())


def test_dongkou_enterprises_show_the_conflict(dongkou_rows: dict[str, ReviewRow]) -> None:
    row = dongkou_rows["above_scale_enterprises"]
    assert row.target_value == parse_quantity("200家")
    assert row.achieved is False
    values = {row.actual_value.magnitude, *(v.magnitude for v in row.conflict_values)}
    assert values == {133, 138}  # both of the document's figures, none dropped
    # the value used is the last in plan order
    plan = fp.load("dongkou").predecessor
    ends = [
        o
        for o in plan.observations_for("above_scale_enterprises")
        if o.period == Period(2020) and o.status is ObservationStatus.ACTUAL
    ]
    assert row.actual is ends[-1]
    assert row.gap == parse_quantity("200家") - row.actual_value
    assert {g.magnitude for g in (row.gap, *row.conflict_gaps)} == {62, 67}
    assert "conflicting_values" in row.flags
    assert row.cells()[3:] == ["138家（另有133家）", "否", "差62家（31%）或差67家（33.5%）"]


def test_fyp_review_dongkou() -> None:
    result = CliRunner().invoke(main, ["review", "dongkou"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(ln for ln in lines if ln.startswith("指标"))
    for label in ("指标", "基期值", "目标", "期末实际", "是否完成", "差距／超额（占目标）"):
        assert label in header
    output = next(ln for ln in lines if ln.startswith("工业总产值"))
    assert "≥200亿元" in output and "198亿元" in output
    assert output.split()[-1] == "差2亿元（1%）" and "否" in output.split()
    firms = next(ln for ln in lines if "≥200家" in ln)
    assert "133家" in firms and "138家" in firms
    assert "差62家" in firms and "差67家" in firms
    assert "-" not in output.split()[-1] and "注 notes:" not in result.output


def test_fyp_review_dongkou_json() -> None:
    result = CliRunner().invoke(main, ["review", "dongkou", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["plan"] == "dongkou_13th_sti"
    row = next(r for r in data["rows"] if r["indicator"] == "industrial_output")
    assert (row["target_value"], row["actual"], row["gap"], row["relative_gap"]) == (
        "200亿元",
        "198亿元",
        "2亿元",
        "1%",
    )
    assert row["achieved"] is False and row["outcome"] == "missed"
    assert (row["excess"], row["relative_excess"]) == (None, None)
    assert (row["actual_status"], row["actual_period"], row["provisional"]) == (
        "actual",
        "2020",
        False,
    )
    assert row["note"] is None and row["comparator"] == ">="
    firms = next(r for r in data["rows"] if r["indicator"] == "above_scale_enterprises")
    assert {firms["actual"], *(c["value"] for c in firms["conflicts"])} == {"133家", "138家"}
    assert firms["gap"] == "62家" and firms["conflict_gaps"] == ["67家"]
    assert firms["conflicts"][0]["gap"] == "67家" and firms["conflicts"][0]["excess"] is None


# -- rules, on small plans ---------------------------------------------------------------------
TARGET = LevelTarget(indicator="x", year=2020, value=parse_quantity("200亿元"))


def test_not_achieved_shows_the_shortfall() -> None:
    row = row_of(finished([(2015, 100.0), (2020, 198.0)], [TARGET]))
    assert row.achieved is False and row.outcome == "missed"
    assert row.gap == parse_quantity("2亿元") and row.excess is None
    assert row.relative_gap.magnitude == pytest.approx(1.0) and row.relative_excess is None
    assert row.cells()[4:] == ["否", "差2亿元（1%）"]
    data = row.to_dict()
    assert (data["gap"], data["relative_gap"], data["excess"]) == ("2亿元", "1%", None)


def test_exceeded_higher_is_better() -> None:
    row = row_of(finished([(2015, 100.0), (2020, 220.0)], [TARGET]))
    assert row.achieved is True and row.outcome == "exceeded"
    assert row.gap is None and row.relative_gap is None  # never a negative shortfall
    assert row.excess == parse_quantity("20亿元")
    assert row.relative_excess.magnitude == pytest.approx(10.0)
    assert row.achieved_text == "超额完成"
    assert row.cells()[4:] == ["超额完成", "超额20亿元（10%）"]
    data = row.to_dict()
    assert (data["outcome"], data["gap"], data["excess"], data["relative_excess"]) == (
        "exceeded",
        None,
        "20亿元",
        "10%",
    )


def test_met_exactly_is_neither_short_nor_beyond() -> None:
    row = row_of(finished([(2020, 200.0)], [TARGET]))
    assert row.outcome == "met" and row.gap is None and row.excess.magnitude == 0
    assert row.cells()[4:] == ["是", "—"]
    # the same level in 万元: met, not exceeded by a rounding error
    wan = row_of(finished([(2020, "2000000万元")], [TARGET]))
    assert wan.outcome == "met" and wan.excess.magnitude == 0


def test_units_convert_to_the_indicator_unit() -> None:
    row = row_of(finished([(2015, "1000000万元"), (2020, "1980000万元")], [TARGET]))
    assert row.actual_value.units == parse_unit("亿元")
    assert row.gap.magnitude == pytest.approx(2.0) and row.achieved is False


CAP = LevelTarget(
    indicator="x", year=2020, value=parse_quantity("50亿元"), comparator=Comparator.LE
)


def test_at_most_target_missed_is_a_positive_gap() -> None:
    row = row_of(finished([(2020, 60.0)], [CAP]))
    assert row.achieved is False and row.outcome == "missed"
    assert row.gap == parse_quantity("10亿元") and row.excess is None
    assert row.cells()[2:] == ["≤50亿元", "60亿元", "否", "高出10亿元（20%）"]
    assert "no_baseline" in row.flags and row.baseline is None


def test_exceeded_lower_is_better() -> None:
    row = row_of(finished([(2020, 40.0)], [CAP]))
    assert row.achieved is True and row.outcome == "exceeded"
    assert row.gap is None and row.excess == parse_quantity("10亿元")
    assert row.cells()[4:] == ["超额完成", "超额10亿元（20%）"]
    assert row.to_dict()["comparator"] == "<="


def test_exceeded_reduction_target() -> None:
    """A fall of at least 10% (累计下降10%以上) from 100 asks for at most 90: 85 beats it by 5."""
    target = ReductionTarget(indicator="x", year=2020, rate=parse_quantity("10%"), annual=False)
    row = row_of(finished([(2015, 100.0), (2020, 85.0)], [target], unit="吨标准煤"))
    assert row.target_value.magnitude == pytest.approx(90.0)
    assert row.judged_by is Comparator.LE and row.outcome == "exceeded"
    assert row.excess.magnitude == pytest.approx(5.0) and row.gap is None
    missed = row_of(finished([(2015, 100.0), (2020, 95.0)], [target], unit="吨标准煤"))
    assert missed.outcome == "missed" and missed.gap.magnitude == pytest.approx(5.0)
    assert missed.cells()[5].startswith("高出5吨标准煤")


def test_equality_target_is_met_or_missed_never_exceeded() -> None:
    exact = LevelTarget(
        indicator="x", year=2020, value=parse_quantity("100家"), comparator=Comparator.EQ
    )
    above = row_of(finished([(2020, 105.0)], [exact], unit="家"))
    assert above.achieved is False and above.outcome == "missed"
    assert above.gap == parse_quantity("5家") and above.excess is None
    assert above.cells()[4:] == ["否", "高出5家（5%）"]
    below = row_of(finished([(2020, 95.0)], [exact], unit="家"))
    assert below.outcome == "missed" and below.cells()[5] == "差5家（5%）"
    on = row_of(finished([(2020, 100.0)], [exact], unit="家"))
    assert on.outcome == "met" and on.excess.magnitude == 0 and on.cells()[4:] == ["是", "—"]


def test_share_differences_are_percentage_points() -> None:
    share = ShareTarget(indicator="x", year=2020, value=parse_quantity("3%"), of="GDP")
    short_of = row_of(finished([(2020, 2.5)], [share], unit="%"))
    assert short_of.gap == parse_quantity("0.5个百分点")
    assert short_of.relative_gap.magnitude == pytest.approx(100 / 6)  # of the 3% target
    assert short_of.cells()[3:] == ["2.5%", "否", "差0.5个百分点（16.67%）"]
    assert short_of.to_dict()["gap"] == "0.5百分点"
    beyond = row_of(finished([(2020, 3.5)], [share], unit="%"))
    assert beyond.excess == parse_quantity("0.5个百分点") and beyond.gap is None
    assert beyond.cells()[5] == "超额0.5个百分点（16.67%）"
    # a share in ‰: the difference is still in 百分点 (0.5‰ = 0.05百分点)
    low = ShareTarget(indicator="x", year=2020, value=parse_quantity("3‰"), of="GDP")
    permille = row_of(finished([(2020, "2.5‰")], [low], unit="‰"))
    assert permille.gap.magnitude == pytest.approx(0.05)
    assert str(permille.gap.units) == "percentage_point"


def test_actuals_beat_estimates_and_equal_values_are_not_conflicts() -> None:
    row = row_of(finished([(2020, 190.0), (2020, 199.0, "estimate"), (2020, 190.0)], [TARGET]))
    assert row.actual_value.magnitude == 190.0 and row.actual.status is ObservationStatus.ACTUAL
    assert [v.magnitude for v in row.conflict_values] == [199.0]  # listed, not dropped
    assert not row.provisional and row.cells()[3] == "190亿元（另有预计199亿元）"
    three = row_of(finished([(2020, 1.0), (2020, 2.0), (2020, 3.0), (2020, 2.0)], [TARGET]))
    assert three.actual_value.magnitude == 2.0  # the last in plan order
    assert [v.magnitude for v in three.conflict_values] == [1.0, 3.0]
    assert three.cells()[3] == "2亿元（另有1亿元、3亿元）"


def test_estimate_is_flagged() -> None:
    row = row_of(finished([(2015, 100.0), (2020, 210.0, "预计")], [TARGET]))
    assert row.achieved is True and row.outcome == "exceeded"
    assert row.provisional and "estimate" in row.flags
    assert row.actual_label == "预计"
    assert row.cells()[3:] == ["210亿元（预计）", "超额完成（预计）", "超额10亿元（5%）"]
    assert row.note == "期末值为预计数，是否完成据此判断，以最终统计数据为准"
    data = row.to_dict()
    assert (data["actual_status"], data["actual_period"], data["provisional"]) == (
        "estimate",
        "2020",
        True,
    )
    missed = row_of(finished([(2020, 120.0, "estimate")], [TARGET]))
    assert missed.cells()[3:5] == ["120亿元（预计）", "否（预计）"]
    preliminary = row_of(finished([(2020, 198.0, "初步")], [TARGET]))
    assert preliminary.provisional and preliminary.cells()[4] == "否（初步）"
    assert "初步数" in preliminary.note


def test_part_year_is_used_when_the_year_is_not_complete_and_flagged() -> None:
    """As the document compares (“截止2020年9月，工业总产值为141.73亿元，距离200亿元还有一定
    差距”): the verdict is given, and says it rests on January–September."""
    row = row_of(finished([(Period(2020, 1, 6), 90.0), (Period(2020, 1, 9), 141.73)], [TARGET]))
    assert row.actual.period == Period(2020, 1, 9)  # the latest part of the year
    assert row.achieved is False and row.gap.magnitude == pytest.approx(58.27)
    assert row.provisional and "partial_period" in row.flags and row.conflicts == ()
    assert row.cells()[3:5] == ["141.73亿元（截至2020年9月）", "否（截至2020年9月）"]
    assert row.note.startswith("期末值为2020年1-9月数据（非全年）")
    data = row.to_dict()
    assert (data["actual_status"], data["actual_period"], data["provisional"]) == (
        "actual",
        "2020年1-9月",
        True,
    )
    # a part-year estimate carries both labels; a whole year beats any part of it
    both = row_of(finished([(Period(2020, 1, 9), 150.0, "estimate")], [TARGET]))
    assert both.actual_label == "截至2020年9月，预计" and "预计数" in both.note
    whole = row_of(finished([(Period(2020, 1, 9), 141.73), (2020, 198.0)], [TARGET]))
    assert whole.actual.period == Period(2020) and not whole.provisional


def test_bare_values_are_never_end_values() -> None:
    bare = row_of(finished([(2020, "198")], [TARGET]))
    assert bare.actual is None and "unit_not_stated" in bare.flags
    assert bare.cells()[3:] == ["—", "—", "—"]
    # a part-year figure with a unit stands in, and the skipped whole-year value is flagged
    part = row_of(finished([(2020, "198"), (Period(2020, 1, 9), 141.73)], [TARGET]))
    assert part.actual_value.magnitude == 141.73 and "unit_not_stated" in part.flags


def test_conflicting_values_that_would_change_the_verdict() -> None:
    row = row_of(finished([(2020, 210.0), (2020, 190.0)], [TARGET]))  # the last one is used
    assert row.outcome == "missed" and row.conflict_gaps == (None,)
    assert row.cells()[5] == "差10亿元（5%）或超额10亿元（5%）"
    other = row_of(finished([(2020, 200.0), (2020, 190.0)], [TARGET]))
    assert other.cells()[5] == "差10亿元（5%）或达标"
    assert other.to_dict()["conflicts"][0]["excess"] == "0亿元"


def test_growth_target_uses_the_implied_level() -> None:
    target = GrowthTarget(indicator="x", year=2020, rate=parse_quantity("10%"))
    row = row_of(finished([(2015, 100.0), (2020, 160.0)], [target]))
    assert row.target_value.magnitude == pytest.approx(161.051)
    assert row.achieved is False and row.gap.magnitude == pytest.approx(1.051)
    assert row.cells()[2] == "年均增长≥10%（2020年161.05亿元）"
    no_base = row_of(finished([(2020, 160.0)], [target]))
    assert no_base.target_value is None and no_base.achieved is None


def test_coverage_and_rate_targets() -> None:
    cover = row_of(finished([(2020, 100.0)], [CoverageTarget(indicator="x", year=2020)], unit="%"))
    assert cover.achieved is True and cover.gap is None and cover.excess.magnitude == 0
    assert cover.outcome == "met" and str(cover.excess.units) == "percentage_point"
    rate = RateTarget(indicator="x", year=2020, value=parse_quantity("8%"))
    yearly = [(y, 9.0) for y in range(2016, 2021)]
    assert row_of(finished(yearly, [rate], unit="%")).achieved is True
    missed = row_of(finished([*yearly[:2], (2018, 7.0), *yearly[3:]], [rate], unit="%"))
    assert missed.achieved is False and missed.missed_years == (2018,)
    assert "2018年未达标" in missed.cells()[3]
    gaps = row_of(finished(yearly[1:], [rate], unit="%"))
    assert gaps.achieved is None and "missing_years" in gaps.flags
    # the size is the target year's, labelled with it
    met = row_of(finished(yearly, [rate], unit="%"))
    assert met.outcome == "exceeded" and met.excess == parse_quantity("1个百分点")
    assert met.cells()[4:] == ["超额完成", "2020年超额1个百分点（12.5%）"]
    assert missed.outcome == "missed" and missed.gap is None  # 2018 missed, 2020 did not
    assert missed.cells()[4:] == ["否", "2020年超额1个百分点（12.5%）"]


def test_predecessor_is_reviewed_by_default() -> None:
    old = finished([(2020, 198.0)], [TARGET])
    new = Plan(
        id="new", region="示例县", title="十四五", start_year=2021, end_year=2025, predecessor=old
    )
    assert review(new) == review(old, of_predecessor=False)
    with pytest.raises(ValueError, match="没有上一期规划"):
        review(old)


def test_review_of_a_plan_file_without_predecessor(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    fp.dump_plan(finished([(2015, 100.0), (2020, 198.0)], [TARGET]), path)
    result = CliRunner().invoke(main, ["review", str(path)])
    assert result.exit_code == 0, result.output
    assert "十三五（2016–2020）" in result.output and "差2亿元（1%）" in result.output


def test_fyp_review_flags_estimates_and_shows_excess(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    plan = finished(
        [(2015, 100.0), (2020, 120.0, "estimate")],
        [LevelTarget(indicator="x", year=2020, value=parse_quantity("100亿元"))],
    )
    fp.dump_plan(plan, path)
    result = CliRunner().invoke(main, ["review", str(path)])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if "≥100亿元" in ln)
    assert line.split() == [
        "指标",
        "100亿元",
        "≥100亿元",
        "120亿元（预计）",
        "超额完成（预计）",
        "超额20亿元（20%）",
    ]
    assert "注 notes:" in result.output
    assert "指标：期末值为预计数，是否完成据此判断，以最终统计数据为准。" in result.output
    data = json.loads(CliRunner().invoke(main, ["review", str(path), "--format", "json"]).output)
    (row,) = data["rows"]
    assert (row["outcome"], row["gap"], row["excess"], row["relative_excess"]) == (
        "exceeded",
        None,
        "20亿元",
        "20%",
    )
    assert (row["actual_status"], row["provisional"]) == ("estimate", True)
    assert row["flags"] == ["estimate"]


def test_example_county_review() -> None:
    """The fictional example plugin: an estimated end value, and a target beaten."""
    rows = {r.indicator: r for r in review(fp.load(EXAMPLE))}
    output = rows["industrial_output"]
    assert output.provisional and output.actual.status is ObservationStatus.ESTIMATE
    assert output.cells()[3:] == ["860亿元（预计）", "否（预计）", "差40亿元（4.44%）"]
    firms = rows["high_tech_enterprises"]
    assert firms.outcome == "exceeded" and firms.excess == parse_quantity("13家")
    assert firms.cells()[4:] == ["超额完成", "超额13家（28.89%）"]
