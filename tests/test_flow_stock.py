"""Flow vs stock part-year values in evaluation, and baselines from the predecessor plan.

Issue 15 items 4 and 5: a flow's part-year value (2024年1-9月 of an output, after the whole
2023) is no level — it is set aside, compared with the same months of an earlier year when
there is one — while a stock's or a share's part-year value is a level; a plan without a
base-year value of its own takes its predecessor's, with its provenance, and conflicting
predecessor values are shown with the rule that chose among them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning import (
    Indicator,
    LevelTarget,
    Measure,
    Observation,
    ObservationStatus,
    Period,
    Plan,
    PlanBatch,
    infer_measure,
    measure_of,
    parse_quantity,
    parse_unit,
)
from fyp_planning.cli import main
from fyp_planning.evaluation import inherited_baselines


# -- what an indicator measures ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("工业总产值", "亿元", Measure.FLOW),
        ("工业固定资产投资", "亿元", Measure.FLOW),
        ("地方财政科技投入", "万元", Measure.FLOW),
        ("工业用电量", "亿度", Measure.FLOW),
        ("住户存款余额", "亿元", Measure.STOCK),  # a balance at a date
        ("规模以上工业企业", "家", Measure.STOCK),
        ("高新技术企业", "家", Measure.STOCK),
        ("新增移动宽带用户", "万户", Measure.FLOW),  # counts additions
        ("累计新增高新技术企业", "家", Measure.FLOW),
        ("高新技术企业当年认定数", "个", Measure.FLOW),  # a year's own
        ("规模工业增加值增速", "%", Measure.RATE),
        ("单位GDP能耗下降", "%", Measure.RATE),
        ("全社会研发投入占GDP比重", "%", Measure.SHARE),
        ("工业污染物排放达标率", "%", Measure.SHARE),
        ("万元规模工业增加值能耗", "吨标准煤/万元", Measure.SHARE),  # an intensity: a ratio
        ("园区建成面积", "平方公里", Measure.STOCK),
        ("指数", "", Measure.STOCK),
    ],
)
def test_the_measure_is_inferred_from_name_and_unit(name: str, unit: str, expected: Any) -> None:
    assert infer_measure(name, parse_unit(unit)) is expected
    assert measure_of(Indicator(id="x", name=name, unit=parse_unit(unit))) is expected


def test_a_stated_measure_wins_over_the_inference() -> None:
    ind = Indicator(id="x", name="工业总产值", unit=parse_unit("亿元"), measure=Measure.STOCK)
    assert measure_of(ind) is Measure.STOCK
    firms = Indicator(id="x", name="规模以上工业企业", unit=parse_unit("家"))
    assert measure_of(attrs.evolve(firms, measure=Measure.FLOW)) is Measure.FLOW


# -- part-year values -------------------------------------------------------------------------
def _obs(indicator: str, period: Any, value: str, **kw: Any) -> Observation:
    p = period if isinstance(period, Period) else Period(period)
    return Observation(indicator=indicator, period=p, value=parse_quantity(value), **kw)


def output_plan(*later: tuple[Any, str], measure: Measure | None = None) -> Plan:
    """Dongkou-shaped: 工业总产值 198亿元 in 2020, ≥300亿元 by 2025, and ``later`` values."""
    ind = Indicator(id="output", name="工业总产值", unit=parse_unit("亿元"), measure=measure)
    obs = [_obs("output", 2020, "198亿元")] + [_obs("output", p, v) for p, v in later]
    return Plan(
        id="county",
        region="示例县",
        title="示例县“十四五”规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=obs,
        targets=[LevelTarget(indicator="output", year=2025, value=parse_quantity("300亿元"))],
    )


REGRESSION = ((2023, "200亿元"), (Period(2024, 1, 9), "160亿元"))


def test_a_flows_part_year_value_after_a_whole_year_is_not_read_as_decline() -> None:
    """The regression: 2024年1-9月 = 160亿元 after 2023 = 200亿元 read as a fall to 160."""
    (a,) = fp.assess(output_plan(*REGRESSION))
    assert a.latest is not None and a.latest.period == Period(2023)
    assert a.latest_value == parse_quantity("200亿元")
    assert a.verdict is not fp.Verdict.DETERIORATION
    assert a.actual_rate is not None and a.actual_rate.magnitude > 0
    assert "part_year_flow" in a.flags and "partial_period" not in a.flags
    assert a.set_aside is not None and a.set_aside.period == Period(2024, 1, 9)
    assert a.same_period is None and a.same_period_growth is None
    assert "2024年1-9月160亿元为部分年度流量，未作为最新水平" in a.explain()
    assert "2024年1-9月 (160亿元) is a part-year flow" in a.explain("en")
    d = a.to_dict()
    assert d["set_aside"]["period"] == "2024年1-9月" and d["latest"]["period"] == "2023"


def test_a_flows_part_year_is_compared_with_the_same_months_of_an_earlier_year() -> None:
    (a,) = fp.assess(output_plan(*REGRESSION, (Period(2023, 1, 9), "150亿元")))
    assert a.latest is not None and a.latest.period == Period(2023)  # still the whole year
    assert a.same_period is not None and a.same_period.period == Period(2023, 1, 9)
    assert a.same_period_growth is not None
    assert a.same_period_growth.magnitude == pytest.approx((160 / 150 - 1) * 100)
    assert "2024年1-9月160亿元比2023年1-9月同期增长6.67%" in a.explain()
    # the latest earlier year with those months; a fall is a decline
    (b,) = fp.assess(
        output_plan(*REGRESSION, (Period(2022, 1, 9), "100亿元"), (Period(2023, 1, 9), "170亿元"))
    )
    assert b.same_period is not None and b.same_period.period == Period(2023, 1, 9)
    assert "比2023年1-9月同期下降5.88%" in b.explain()


def test_other_months_are_not_the_same_period() -> None:
    (a,) = fp.assess(output_plan(*REGRESSION, (Period(2023, 1, 6), "100亿元")))
    assert a.same_period is None and "同期" not in a.explain()


def test_a_flows_part_year_alone_is_no_latest_value() -> None:
    (a,) = fp.assess(output_plan((Period(2022, 1, 9), "160亿元")))
    assert a.latest is not None and a.latest.period == Period(2020)  # the baseline only
    assert a.verdict is fp.Verdict.INSUFFICIENT_DATA and "no_progress_data" in a.flags
    assert "part_year_flow" in a.flags
    assert "2022年1-9月160亿元为部分年度流量，未作为最新水平" in a.explain()


def test_a_whole_year_after_the_part_year_leaves_nothing_set_aside() -> None:
    (a,) = fp.assess(output_plan((Period(2023, 1, 9), "160亿元"), (2023, "215亿元")))
    assert a.latest is not None and a.latest.period == Period(2023)
    assert "part_year_flow" not in a.flags and a.set_aside is None


def test_as_of_decides_what_is_set_aside() -> None:
    plan = output_plan((2022, "190亿元"), *REGRESSION)
    (a,) = fp.assess(plan, as_of=2023)
    assert a.set_aside is None and a.latest is not None and a.latest.period == Period(2023)
    (b,) = fp.assess(plan, as_of=2024)
    assert b.set_aside is not None and b.set_aside.period == Period(2024, 1, 9)


def test_a_stocks_part_year_value_is_a_level() -> None:
    (a,) = fp.assess(output_plan(*REGRESSION, measure=Measure.STOCK))
    assert a.latest is not None and a.latest.period == Period(2024, 1, 9)
    assert "partial_period" in a.flags and "part_year_flow" not in a.flags
    firms = Indicator(id="firms", name="规模以上工业企业", unit=parse_unit("家"))
    plan = Plan(
        id="county",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[firms],
        observations=[
            _obs("firms", 2020, "138家"),
            _obs("firms", 2023, "150家"),
            _obs("firms", Period(2024, 1, 9), "160家"),
        ],
        targets=[LevelTarget(indicator="firms", year=2025, value=parse_quantity("180家"))],
    )
    (b,) = fp.assess(plan)
    assert b.latest_value == parse_quantity("160家") and "partial_period" in b.flags


def test_a_shares_part_year_value_is_a_level() -> None:
    share = Indicator(id="rd", name="全社会研发投入占GDP比重", unit=parse_unit("%"))
    plan = Plan(
        id="county",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[share],
        observations=[_obs("rd", 2020, "2.5%"), _obs("rd", Period(2023, 1, 9), "2.8%")],
        targets=[LevelTarget(indicator="rd", year=2025, value=parse_quantity("3%"))],
    )
    (a,) = fp.assess(plan)
    assert a.latest_value == parse_quantity("2.8%") and a.set_aside is None


def _table(tmp_path: Path, plan: Plan, rows: list[tuple[str, str, str]]) -> fp.ObservationTable:
    path = tmp_path / "obs.csv"
    lines = ["plan,indicator,period,value,unit"]
    lines += [f"{plan.id},output,{p},{v},{u}" for p, v, u in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return fp.load_observation_table(path, [plan])


def test_the_per_plan_the_batch_and_the_columnar_paths_agree(tmp_path: Path) -> None:
    plan = output_plan()
    later = [_obs("output", p, v) for p, v in REGRESSION]
    rows = [("2023", "200", "亿元"), ("2024年1-9月", "160", "亿元")]
    (objects,) = fp.assess(plan, observations=later)
    (columns,) = fp.assess(plan, observations=_table(tmp_path, plan, rows))
    for a in (objects, columns):
        assert a.latest is not None and a.latest.period == Period(2023)
        assert a.set_aside is not None and a.set_aside.period == Period(2024, 1, 9)
        assert "为部分年度流量，未作为最新水平" in a.explain()
    assert objects.explain() == columns.explain() and objects.ratio == columns.ratio
    batch = fp.evaluate_many([plan], {plan.id: later})
    table = fp.evaluate_many([plan], _table(tmp_path, plan, rows))
    for result in (batch, table):
        assert float(result.latest[0]) == 200.0
        assert result.verdicts[0] is objects.verdict


def test_a_store_gives_the_same_part_year_reading(tmp_path: Path) -> None:
    plan = output_plan(*REGRESSION)
    fp.dump_plan_store([plan], tmp_path)
    store = fp.open_plan_store(tmp_path)
    got = PlanBatch.from_store(store).evaluate()
    expected = PlanBatch([plan]).evaluate()
    assert float(got.latest[0]) == float(expected.latest[0]) == 200.0
    assert got.verdicts == expected.verdicts


# -- baselines from the predecessor -----------------------------------------------------------
def successor(
    before: list[Observation],
    own: list[Observation] = (),  # type: ignore[assignment]
    *,
    name: str = "规模以上工业企业",
    unit: str = "家",
    ids: tuple[str, str] = ("firms", "firms"),
    standards: tuple[str | None, str | None] = (None, None),
    old_unit: str | None = None,
) -> Plan:
    """A 十四五 plan (2021–2025) with target ≥180, and its 十三五 predecessor's ``before``."""
    old_id, new_id = ids
    old = Plan(
        id="county_13th",
        region="示例县",
        title="示例县“十三五”规划",
        start_year=2016,
        end_year=2020,
        indicators=[
            Indicator(
                id=old_id, name=name, unit=parse_unit(old_unit or unit), standard=standards[0]
            )
        ],
        observations=[attrs.evolve(o, indicator=old_id) for o in before],
    )
    return Plan(
        id="county_14th",
        region="示例县",
        title="示例县“十四五”规划",
        start_year=2021,
        end_year=2025,
        indicators=[Indicator(id=new_id, name=name, unit=parse_unit(unit), standard=standards[1])],
        observations=[attrs.evolve(o, indicator=new_id) for o in own],
        targets=[LevelTarget(indicator=new_id, year=2025, value=parse_quantity(f"180{unit}"))],
        predecessor=old,
    )


def test_the_predecessors_base_year_value_is_the_baseline_with_its_provenance() -> None:
    plan = successor([_obs("firms", 2015, "96家"), _obs("firms", 2020, "138家")])
    (a,) = fp.assess(plan)
    assert a.baseline_value == parse_quantity("138家")
    assert a.baseline is not None and a.baseline.period == Period(2020)
    assert "baseline_inherited" in a.flags and a.baseline_origin == "十三五规划"
    assert "基期值取自十三五规划（2020年）" in a.explain()
    assert "baseline taken from the 十三五规划 (2020年)" in a.explain("en")
    assert a.to_dict()["baseline_origin"] == "十三五规划"
    # it is a baseline only: with a later value of the plan's own, progress is judged from it
    later = [_obs("firms", 2022, "150家")]
    (b,) = fp.assess(plan, observations=later)
    assert b.baseline_value == parse_quantity("138家") and b.latest_value == parse_quantity("150家")
    assert b.verdict is not fp.Verdict.INSUFFICIENT_DATA and b.ratio is not None
    # the indicator table, the report and the batch show the same baseline
    assert fp.baseline_of(plan, plan.indicators[0]).origin == "十三五规划"
    assert float(fp.evaluate_many([plan]).baseline[0]) == 138.0


def test_an_estimate_says_so() -> None:
    plan = successor([_obs("firms", 2020, "140家", status=ObservationStatus.ESTIMATE)])
    (a,) = fp.assess(plan)
    assert a.baseline_value == parse_quantity("140家")
    assert "基期值取自十三五规划（2020年，预计）" in a.explain()
    assert "基期值为预计数" not in a.explain()  # said once


def test_the_plans_own_base_year_value_wins() -> None:
    plan = successor([_obs("firms", 2020, "138家")], [_obs("firms", 2020, "137家")])
    (a,) = fp.assess(plan)
    assert a.baseline_value == parse_quantity("137家") and "baseline_inherited" not in a.flags
    assert a.baseline_origin is None and inherited_baselines(plan) == {}
    # also when the plan's own is an estimate and the predecessor's an actual
    own_estimate = _obs("firms", 2020, "137家", status=ObservationStatus.ESTIMATE)
    (b,) = fp.assess(successor([_obs("firms", 2020, "138家")], [own_estimate]))
    assert b.baseline_value == parse_quantity("137家")
    # and when the plan's own comes as extra observations
    (c,) = fp.assess(
        successor([_obs("firms", 2020, "138家")]), observations=[_obs("firms", 2020, "136家")]
    )
    assert c.baseline_value == parse_quantity("136家") and "baseline_inherited" not in c.flags


def test_a_flows_own_part_year_value_leaves_the_predecessors_whole_year_the_baseline() -> None:
    """A flow's 2020年1-9月 value is no level, so it is no baseline of its own either: the
    predecessor's whole 2020 value is (regression: the predecessor was passed over because the
    plan had *some* value in its base year, and the indicator was left without a baseline)."""
    plan = successor(
        [_obs("output", 2020, "198亿元")],
        [_obs("output", Period.parse("2020年1-9月"), "150亿元")],
        name="工业总产值",
        unit="亿元",
        ids=("output", "output"),
    )
    found = fp.baseline_of(plan, plan.indicators[0])
    assert found is not None and found.origin == "十三五规划"
    assert found.observation.value == parse_quantity("198亿元")
    assert set(inherited_baselines(plan)) == {"output"}
    (a,) = fp.assess(plan)
    assert a.baseline_value == parse_quantity("198亿元") and "baseline_inherited" in a.flags


def test_conflicting_predecessor_values_are_shown_and_the_rule_named() -> None:
    plan = successor(
        [
            _obs("firms", 2020, "133家", source="第一章第一节一.1"),
            _obs("firms", 2020, "138家", source="第一章第一节二.1"),
        ]
    )
    (a,) = fp.assess(plan)
    assert a.baseline_value == parse_quantity("138家")  # the later statement
    assert [fp.format_quantity(o.value) for o in a.baseline_others] == ["133家"]
    assert "十三五规划另有133家，取138家（全年优于部分年度，实际优于预计" in a.explain()
    assert [o["value"] for o in a.to_dict()["baseline_others"]] == ["133家"]
    # an actual beats an estimate stated later; a whole year beats a part-year
    plan = successor(
        [
            _obs("firms", 2020, "138家"),
            _obs("firms", 2020, "140家", status=ObservationStatus.ESTIMATE),
            _obs("firms", Period(2020, 1, 9), "135家"),
        ]
    )
    (b,) = fp.assess(plan)
    assert b.baseline_value == parse_quantity("138家")
    assert [fp.format_quantity(o.value) for o in b.baseline_others] == ["140家"]
    assert "十三五规划另有预计140家，取138家" in b.explain()


def test_what_is_not_inherited() -> None:
    # additions within the last period are no level the next starts from
    added = successor([_obs("firms", 2020, "20家")], name="新增高新技术企业")
    assert inherited_baselines(added) == {}
    # a flow's part-year is no level; its whole year is
    part = successor(
        [_obs("firms", Period(2020, 1, 9), "141.73亿元")], name="工业总产值", unit="亿元"
    )
    assert inherited_baselines(part) == {}
    whole = successor([_obs("firms", 2020, "198亿元")], name="工业总产值", unit="亿元")
    assert inherited_baselines(whole)["firms"].observation.value == parse_quantity("198亿元")
    # a value without a stated unit, or in a unit that does not convert
    bare = successor([_obs("firms", 2020, "31.5")], name="规模工业增加值", unit="亿元")
    assert inherited_baselines(bare) == {}
    other = successor([_obs("firms", 2020, "21家")], unit="个", old_unit="家")
    assert inherited_baselines(other) == {}
    # another year
    assert inherited_baselines(successor([_obs("firms", 2019, "130家")])) == {}


def test_indicators_are_matched_by_standard_when_both_have_one() -> None:
    values = [_obs("firms", 2020, "138家")]
    by_standard = successor(values, ids=("firms_old", "firms"), standards=("above", "above"))
    assert "firms" in inherited_baselines(by_standard)
    other = successor(values, standards=("above", "high_tech"))  # same id, other standards
    assert inherited_baselines(other) == {}
    one_sided = successor(values, standards=(None, "above"))  # by id
    assert "firms" in inherited_baselines(one_sided)
    no_match = successor(values, ids=("firms_old", "firms"))
    assert inherited_baselines(no_match) == {}


def test_a_review_takes_the_predecessors_baseline_too() -> None:
    plan = successor([_obs("firms", 2020, "138家")], [_obs("firms", 2025, "182家")])
    (row,) = fp.review(plan, of_predecessor=False)
    assert row.baseline == parse_quantity("138家") and row.baseline_origin == "十三五规划"
    assert "baseline_inherited" in row.flags
    assert row.cells()[1] == "138家（取自十三五规划）"
    assert row.to_dict()["baseline_origin"] == "十三五规划"


# -- Dongkou -----------------------------------------------------------------------------------
DONGKOU_INHERITED = {
    "above_scale_enterprises": ("138家", "2020", ["133家"]),
    "high_tech_enterprises": ("15家", "2020", ["16家"]),
    "rd_gdp_share": ("3.08%", "2020年1-9月", []),
    "zone_enterprises": ("139家", "2020", []),
}


def test_dongkou_takes_four_baselines_from_its_13th_plan() -> None:
    plan = fp.load("dongkou")
    found = inherited_baselines(plan)
    got = {
        k: (
            fp.format_quantity(b.observation.value),
            str(b.observation.period),
            [fp.format_quantity(o.value) for o in b.others],
        )
        for k, b in found.items()
    }
    assert got == DONGKOU_INHERITED
    for a in fp.assess(plan):
        if a.indicator in DONGKOU_INHERITED:
            assert a.baseline_origin == "十三五规划" and "基期值取自十三五规划" in a.explain()
            assert a.baseline_value is not None
            assert "no_baseline" not in a.flags
        else:
            assert a.baseline_origin is None


def test_dongkous_progress_and_report_show_the_baselines() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["progress", "dongkou"]).output
    for line in text.splitlines():
        if line.startswith(("规模以上工业企业", "高新技术企业 ", "全社会研发投入占GDP比重")):
            assert "基期值取自十三五规划" in line and "尚无观测值" not in line
    assert "十三五规划另有133家，取138家" in text
    report = runner.invoke(main, ["report", "dongkou"]).output
    assert "138家（2020，取自十三五规划，另有133家）" in report
    assert "3.08%（2020年1-9月，取自十三五规划）" in report


def test_a_store_with_a_predecessor_gives_the_inherited_baseline(tmp_path: Path) -> None:
    plan = successor([_obs("firms", 2020, "133家"), _obs("firms", 2020, "138家")])
    fp.dump_plan_store([plan], tmp_path)
    got = PlanBatch.from_store(fp.open_plan_store(tmp_path)).evaluate()
    assert float(got.baseline[0]) == 138.0
    assert got.verdicts == PlanBatch([plan]).evaluate().verdicts
    # a predecessor without values of the base year leaves the store read from its columns
    from fyp_planning.evaluation._gather import store_needs_plans

    assert store_needs_plans(fp.open_plan_store(tmp_path))
    other = tmp_path / "other"
    fp.dump_plan_store([successor([_obs("firms", 2019, "130家")])], other)
    assert not store_needs_plans(fp.open_plan_store(other))


def test_dongkous_indicator_table_names_where_a_baseline_comes_from() -> None:
    import json

    runner = CliRunner()
    rows = json.loads(runner.invoke(main, ["indicators", "dongkou", "--format", "json"]).output)
    by_id = {r["id"]: r for r in rows["indicators"]}
    assert by_id["above_scale_enterprises"]["baseline"] == "138家"
    assert by_id["above_scale_enterprises"]["baseline_origin"] == "十三五规划"
    assert by_id["industrial_output"]["baseline_origin"] is None
    assert by_id["new_mobile_broadband"]["baseline"] is None  # additions: not inherited
    text = runner.invoke(main, ["indicators", "dongkou"]).output
    assert "138家（十三五规划）" in text and "3.08%（十三五规划）" in text
