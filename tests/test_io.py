"""Plan files: reading, writing, and what the example files hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fyp_planning as fp

EXAMPLES = Path(__file__).parent / "data" / "good"
Q = fp.parse_quantity

HEAD = """
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025
"""


def test_dongkou_example_loads_with_its_predecessor() -> None:
    plan = fp.load_plan(EXAMPLES / "dongkou-14th.toml")
    assert plan.region == "洞口县"
    assert (plan.start_year, plan.end_year, plan.base_year) == (2021, 2025, 2020)
    # Both chapter-2 tables: 8 science and 10 industry rows.
    assert sum(1 for i in plan.indicators if i.category == "科技创新" and i.source) >= 1
    out = plan.targets_for("industrial_output")
    assert [type(t).__name__ for t in out] == ["LevelTarget", "GrowthTarget"]
    assert out[0].value == Q("300亿元") and out[1].rate == Q("10%")
    energy = plan.targets_for("energy_intensity")[0]
    assert isinstance(energy, fp.ReductionTarget) and energy.rate == Q("5‰")
    assert plan.indicator("energy_intensity").direction is fp.Direction.LOWER
    old = plan.predecessor
    assert old is not None and (old.start_year, old.end_year) == (2016, 2020)
    partial = [o for o in old.observations_for("industrial_output") if o.period.is_partial]
    assert partial[0].value == Q("141.73亿元") and str(partial[0].period) == "2020年1-9月"
    assert {s.id: s.value for s in old.statements} == {
        "output_total_growth": Q("44.4%"),
        "output_average_growth": Q("8.88%"),
    }


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_example_round_trips(fmt: str) -> None:
    plan = fp.load_plan(EXAMPLES / "dongkou-14th.toml")
    text = fp.dumps_plan(plan, fmt)
    again = fp.loads_plan(text, fmt)
    assert again == plan
    assert fp.dumps_plan(again, fmt) == text


def test_dump_and_load_files(tmp_path: Path) -> None:
    plan = fp.load_plan(EXAMPLES / "dongkou-13th.toml")
    for name in ("p.toml", "p.json"):
        fp.dump_plan(plan, tmp_path / name)
        assert fp.load_plan(tmp_path / name) == plan
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["region"] == "洞口县"
    with pytest.raises(ValueError, match="cannot tell the format"):
        fp.dump_plan(plan, tmp_path / "p.yaml")


def test_numbers_take_the_indicator_unit_and_text_its_own() -> None:
    plan = fp.loads_plan(
        HEAD
        + """
[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [
  { period = 2020, value = 198 },
  { period = 2019, value = "1800000万元" },
  { period = 2018, value = "31.5" },
  { period = 2017, value = "7600万" },
]
"""
    )
    values = [o.value for o in plan.observations]
    assert values[0] == Q("198亿元")
    assert values[1].to("亿元").magnitude == pytest.approx(180)
    assert [o.unit_stated for o in plan.observations] == [True, True, False, False]
    assert str(values[3].units) == "wan"


def test_target_from_text_with_comparator_override() -> None:
    plan = fp.loads_plan(
        HEAD
        + """
[indicators.energy]
name = "万元规模工业增加值能耗"
unit = "吨标准煤/万元"
direction = "lower"
targets = [
  { year = 2025, text = "平均下降5‰" },
  { year = 2025, text = "控制在0.5吨标准煤/万元以内" },
  { year = 2025, text = "达到0.4吨标准煤/万元", comparator = "<=" },
]
"""
    )
    kinds = [(t.kind, t.comparator.symbol) for t in plan.targets]
    assert kinds == [("reduction", "≥"), ("level", "≤"), ("level", "≤")]


def test_chinese_enum_labels_are_accepted_and_written_back_in_ascii() -> None:
    plan = fp.loads_plan(
        HEAD
        + """
[indicators.pollution]
name = "工业污染物排放达标率"
unit = "%"
kind = "约束性"
targets = [{ year = 2025, kind = "threshold", value = "98%", comparator = "以上" }]
"""
    )
    assert plan.indicators[0].kind is fp.IndicatorKind.BINDING
    tree = fp.plan_to_dict(plan)
    assert tree["indicators"]["pollution"]["kind"] == "binding"
    assert tree["indicators"]["pollution"]["targets"][0]["comparator"] == ">="


def test_inline_predecessor_and_entities() -> None:
    plan = fp.loads_plan(
        HEAD
        + """
[chains.food]
name = "特色食品"

[parks.zone]
name = "洞口经济开发区"
kind = "区"

[parks.zhejiang]
name = "浙商产业园"
kind = "园中园"
parent = "zone"

[enterprises.lameizi]
name = "辣妹子食品"
chains = ["food"]
park = "zone"
leader = true

[projects.shengjie]
name = "洞口县圣洁洗涤有限公司"
investment = "7600万"
source = "第一章第一节一.3"

[statements.reentry_total]
kind = "total"
value = "12个亿"
parts = ["shengjie"]
text = "计划再入库12个亿"

[predecessor]
id = "old"
region = "示例县"
title = "旧规划"
start_year = 2016
end_year = 2020
"""
    )
    assert plan.predecessor is not None and plan.predecessor.id == "old"
    assert plan.enterprises[0].leader and plan.enterprises[0].chains == ("food",)
    assert plan.parks[1].parent == "zone"
    assert plan.projects[0].unit_stated is False
    assert fp.loads_plan(fp.dumps_plan(plan)) == plan


def test_loads_json_and_plan_from_dict() -> None:
    tree = {"id": "demo", "region": "示例县", "title": "示例", "start_year": 2021, "end_year": 2025}
    assert fp.plan_from_dict(tree).id == "demo"
    assert fp.loads_plan(json.dumps(tree), "json").id == "demo"
    with pytest.raises(fp.PlanSyntaxError, match="unknown format"):
        fp.loads_plan("", "yaml")


# -- the schema converter: each file form beside its model form -------------------------------
@pytest.mark.parametrize(
    ("model", "file"),
    [
        (fp.Period(2020), 2020),
        (fp.Period(2020, 1, 9), "2020年1-9月"),
        (fp.IndicatorKind.BINDING, "binding"),
        (Q("137.1亿元"), "137.1亿元"),
        (fp.parse_unit("万户"), "万户"),
    ],
)
def test_schema_hooks_write_and_read_each_value_form(model: object, file: object) -> None:
    from fyp_planning.io._schema import converter

    assert converter.unstructure(model) == file
    assert converter.structure(file, type(model)) == model


def test_schema_reads_labels_and_numbers_in_the_indicators_unit() -> None:
    plan = fp.loads_plan(
        HEAD + '[indicators.energy]\nname = "能耗"\nunit = "亿度"\nkind = "约束性"\nlimit = 50\n'
        "observations = [{ period = 2020, value = 12 }]\n"
        'targets = [{ year = 2025, kind = "level", value = 20 }]\n'
    )
    ind = plan.indicator("energy")
    assert ind.kind is fp.IndicatorKind.BINDING and ind.limit == Q("50亿度")
    assert plan.observations[0].value == Q("12亿度") and plan.targets[0].value == Q("20亿度")


def test_json_null_leaves_a_worked_out_default() -> None:
    """``"growth": null`` and ``"base_year": null`` mean "not given": the default applies."""
    tree = {
        **{"id": "demo", "region": "示例县", "title": "示例", "start_year": 2021},
        **{"end_year": 2025, "base_year": None},
        "indicators": {"n": {"name": "企业数", "unit": "家", "growth": None}},
    }
    plan = fp.plan_from_dict(tree)
    assert plan.base_year == 2020 and plan.indicator("n").growth is fp.GrowthMode.LINEAR


def test_an_observation_names_no_indicator_its_table_gives_it() -> None:
    with pytest.raises(fp.PlanStructureError) as info:
        fp.loads_plan(
            HEAD + '[indicators.output]\nname = "产值"\nunit = "亿元"\n'
            'observations = [{ period = 2020, value = 1, indicator = "other" }]\n'
        )
    (problem,) = info.value.problems
    assert problem.path == "indicators.output.observations[0].indicator"
    assert problem.message == "unknown key" and problem.value == "other"
    assert problem.expected.startswith("one of: period, value, status")
