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
    ReviewRow,
    parse_quantity,
    parse_unit,
    review,
)
from fyp_planning.cli import main


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


def test_fyp_review_dongkou() -> None:
    result = CliRunner().invoke(main, ["review", "dongkou"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(ln for ln in lines if ln.startswith("指标"))
    for label in ("指标", "基期值", "目标", "期末实际", "是否完成", "差距", "相对差距"):
        assert label in header
    output = next(ln for ln in lines if ln.startswith("工业总产值"))
    assert "≥200亿元" in output and "198亿元" in output and " 2亿元" in output
    assert output.split()[-1] == "1%" and "否" in output.split()
    firms = next(ln for ln in lines if "≥200家" in ln)
    assert "133家" in firms and "138家" in firms
    assert "62家" in firms and "67家" in firms


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
    assert row["achieved"] is False
    firms = next(r for r in data["rows"] if r["indicator"] == "above_scale_enterprises")
    assert {firms["actual"], *(c["value"] for c in firms["conflicts"])} == {"133家", "138家"}


# -- rules, on small plans ---------------------------------------------------------------------
TARGET = LevelTarget(indicator="x", year=2020, value=parse_quantity("200亿元"))


def test_achieved_and_gaps() -> None:
    row = row_of(finished([(2015, 100.0), (2020, 210.0)], [TARGET]))
    assert row.achieved is True and row.gap == parse_quantity("-10亿元")
    assert row.relative_gap.to("percent").magnitude == pytest.approx(-5.0)
    assert row.cells()[4] == "是"


def test_units_convert_to_the_indicator_unit() -> None:
    row = row_of(finished([(2015, "1000000万元"), (2020, "1980000万元")], [TARGET]))
    assert row.actual_value.units == parse_unit("亿元")
    assert row.gap.magnitude == pytest.approx(2.0) and row.achieved is False


def test_at_most_target_gap_sign() -> None:
    cap = LevelTarget(
        indicator="x", year=2020, value=parse_quantity("50亿元"), comparator=Comparator.LE
    )
    row = row_of(finished([(2020, 60.0)], [cap]))
    assert row.achieved is False and row.gap == parse_quantity("-10亿元")
    assert "no_baseline" in row.flags and row.baseline is None


def test_actuals_beat_estimates_and_equal_values_are_not_conflicts() -> None:
    row = row_of(finished([(2020, 190.0), (2020, 199.0, "estimate"), (2020, 190.0)], [TARGET]))
    assert row.actual_value.magnitude == 190.0 and row.actual.status is ObservationStatus.ACTUAL
    assert [v.magnitude for v in row.conflict_values] == [199.0]  # listed, not dropped
    three = row_of(finished([(2020, 1.0), (2020, 2.0), (2020, 3.0), (2020, 2.0)], [TARGET]))
    assert three.actual_value.magnitude == 2.0  # the last in plan order
    assert [v.magnitude for v in three.conflict_values] == [1.0, 3.0]
    assert three.cells()[3] == "2亿元（另有1亿元、3亿元）"


def test_part_years_and_bare_values_are_not_end_of_period_actuals() -> None:
    row = row_of(finished([(Period(2020, 1, 9), 141.73)], [TARGET]))
    assert row.actual is None and row.achieved is None and row.gap is None
    bare = row_of(finished([(2020, "198")], [TARGET]))
    assert bare.actual is None and "unit_not_stated" in bare.flags
    assert bare.cells()[3:] == ["—", "—", "—", "—"]


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
    assert cover.achieved is True and cover.gap.magnitude == 0
    rate = RateTarget(indicator="x", year=2020, value=parse_quantity("8%"))
    yearly = [(y, 9.0) for y in range(2016, 2021)]
    assert row_of(finished(yearly, [rate], unit="%")).achieved is True
    missed = row_of(finished([*yearly[:2], (2018, 7.0), *yearly[3:]], [rate], unit="%"))
    assert missed.achieved is False and missed.missed_years == (2018,)
    assert "2018年未达标" in missed.cells()[3]
    gaps = row_of(finished(yearly[1:], [rate], unit="%"))
    assert gaps.achieved is None and "missing_years" in gaps.flags


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
    assert "十三五（2016–2020）" in result.output and "2亿元" in result.output
