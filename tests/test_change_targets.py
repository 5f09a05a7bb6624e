"""Targets of change (变化目标): 提高0.5个百分点, 增加10家, 翻一番 — through phrases, plan files,
the store, evaluation (review, assess), the audit, and the report."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import (
    ChangeTarget,
    Comparator,
    GrowthTarget,
    Indicator,
    LevelTarget,
    Observation,
    Period,
    Plan,
    Quantity,
    TargetParseError,
    parse_quantity,
    parse_target,
    parse_unit,
)
from fyp_planning.errors import FieldError, PlanValidationError

Q = parse_quantity


def read(text: str, year: int = 2025) -> Any:
    return parse_target(text, indicator="x", year=year)


# -- phrases ------------------------------------------------------------------------------------
# phrase → (by as text or None, factor or None, base_year, comparator)
PHRASES = [
    ("提高0.5个百分点", "0.5百分点", None, None, Comparator.GE),
    ("比2020年提高0.5个百分点", "0.5百分点", None, 2020, Comparator.GE),
    ("研发经费投入强度比2020年提高0.5个百分点以上", "0.5百分点", None, 2020, Comparator.GE),
    ("较2020年末提升1个百分点", "1百分点", None, 2020, Comparator.GE),
    ("增加10家", "10家", None, None, Comparator.GE),
    ("规模以上工业企业比2020年增加10家以上", "10家", None, 2020, Comparator.GE),
    ("增加10亿元", "10亿元", None, None, Comparator.GE),
    ("平均工资增加500元", "500元", None, None, Comparator.GE),  # the growth of an average
    ("降低2个百分点", "-2百分点", None, None, Comparator.GE),
    ("下降2个百分点以内", "-2百分点", None, None, Comparator.LE),
    ("减少5家", "-5家", None, None, Comparator.GE),
    ("翻一番", None, 2, None, Comparator.GE),
    ("翻番", None, 2, None, Comparator.GE),
    ("力争翻一番以上", None, 2, None, Comparator.GE),
    ("五年翻一番", None, 2, 2020, Comparator.GE),
    ("5年翻一番", None, 2, 2020, Comparator.GE),
    ("比2020年翻两番", None, 4, 2020, Comparator.GE),
    ("总量实现翻三番", None, 8, None, Comparator.GE),
    ("减半", None, 0.5, None, Comparator.GE),
    # traditional characters
    ("提高0.5個百分點", "0.5百分点", None, None, Comparator.GE),
    ("較2020年提高1個百分點", "1百分点", None, 2020, Comparator.GE),
    ("減少5家", "-5家", None, None, Comparator.GE),
    ("增加10億元", "10亿元", None, None, Comparator.GE),
    ("翻兩番", None, 4, None, Comparator.GE),
    ("比2020年翻兩番以上", None, 4, 2020, Comparator.GE),
]


@pytest.mark.parametrize(("text", "by", "factor", "base", "cmp"), PHRASES)
def test_change_phrases(
    text: str, by: str | None, factor: float | None, base: int | None, cmp: Comparator
) -> None:
    t = read(text)
    assert isinstance(t, ChangeTarget)
    assert t.text == text  # the phrase as written, traditional characters and all
    assert t.by == (None if by is None else Q(by))
    assert t.factor == factor
    assert t.base_year == base
    assert t.comparator is cmp


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("增加10%", GrowthTarget),  # a percent is growth, as before
        ("平均下降5‰", fp.ReductionTarget),
        ("单位GDP能耗降低13.5%", fp.ReductionTarget),
        ("提高到3%", LevelTarget),  # 提高到: a level
        ("增加到50家", LevelTarget),
        ("降低到2%", LevelTarget),
        ("每年新增10家", fp.RateTarget),  # a level every year reaches
    ],
)
def test_other_kinds_still_read_as_before(text: str, kind: type) -> None:
    assert type(read(text)) is kind


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("提高0.5%", "is a percent, not a change"),  # percent or percentage point?
        ("提升1%", "is a percent, not a change"),
        ("每年提高1个百分点", "an average annual change is not read"),
        ("年均增加7家", "an average annual change is not read"),
        ("平均提高1个百分点", "an average annual change is not read"),
        ("新增10家", "cannot read target phrase"),  # a level of an indicator of additions
        ("新增加10家", "not '10家'"),
        ("增加-5家", "not '-5家'"),
        ("降低5万吨以下", "read only as a percent"),  # 降低到5万吨以下? never guessed
        ("每年增加10家", "an average annual change is not read"),
    ],
)
def test_change_phrases_refused(text: str, says: str) -> None:
    with pytest.raises(TargetParseError) as info:
        read(text)
    assert says in str(info.value)
    assert repr(text) in str(info.value)


def test_change_in_percent_is_explained_in_chinese() -> None:
    with pytest.raises(TargetParseError) as info:
        read("提高0.5%")
    assert info.value.text is not None
    assert "百分点" in info.value.text.zh and "增长" in info.value.text.zh


def test_span_of_years_gives_the_base_year() -> None:
    assert read("十年翻两番", year=2030).base_year == 2020
    assert read("三年翻一番", year=2023).base_year == 2020


# -- the model ----------------------------------------------------------------------------------
def test_describe_and_level_comparator() -> None:
    up = ChangeTarget(indicator="rd", year=2025, base_year=2020, by=Q("0.5百分点"))
    assert up.describe() == "比2020年提高≥0.5个百分点"
    assert up.level_comparator is Comparator.GE and up.in_points and not up.decrease
    down = ChangeTarget(indicator="firms", year=2025, by=Q("-5家"))
    assert down.describe() == "比基期减少≥5家"
    assert down.level_comparator is Comparator.LE and down.decrease
    within = attrs.evolve(down, comparator=Comparator.LE)  # 减少5家以内: at least baseline − 5
    assert within.level_comparator is Comparator.GE
    assert ChangeTarget(indicator="x", year=2025, factor=4).describe() == "比基期翻两番（≥4倍）"
    assert ChangeTarget(indicator="x", year=2025, factor=3).describe() == "比基期达到≥3倍"
    assert ChangeTarget(indicator="x", year=2025, factor=0.5).describe() == "比基期减半（≤0.5倍）"


def test_change_kind_is_registered_once() -> None:
    assert fp.TARGET_KINDS["change"] is ChangeTarget
    assert ChangeTarget.from_base and GrowthTarget.from_base and not LevelTarget.from_base


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"by": Q("0.5%")}, "a percent is not a change of a share"),
        ({"by": Q("0家")}, "a change of zero"),
        ({}, "give exactly one of 'by' and 'factor'"),
        ({"by": Q("1家"), "factor": 2}, "give exactly one of 'by' and 'factor'"),
        ({"factor": 1}, "not a factor of change"),
        ({"factor": 0}, "not a factor of change"),
        ({"factor": -2}, "not a factor of change"),
        ({"factor": math.nan}, "not a factor of change"),
        ({"factor": math.inf}, "not a factor of change"),
        ({"factor": True}, "wrong type"),
        ({"factor": "2"}, "wrong type"),
    ],
)
def test_change_target_refuses(kwargs: dict[str, Any], says: str) -> None:
    with pytest.raises(FieldError) as info:
        ChangeTarget(indicator="x", year=2025, **kwargs)
    assert says in str(info.value)


def plan_with(unit: str, *targets: Any, observations: tuple[Observation, ...] = ()) -> Plan:
    return Plan(
        id="p",
        region="示例县",
        title="十四五",
        start_year=2021,
        end_year=2025,
        indicators=[Indicator(id="x", name="指标", unit=parse_unit(unit))],
        observations=observations,
        targets=targets,
    )


@pytest.mark.parametrize(
    ("unit", "by", "says"),
    [
        ("亿元", "0.5百分点", "百分点 (percentage points) is for the change of an indicator in %"),
        ("%", "10家", "expected a change in 百分点 (0.5百分点) for an indicator in % or ‰"),
        ("%", "0.5", "expected a change in 百分点"),
        ("家", "10亿元", "unit incompatible with indicator x (家)"),
    ],
)
def test_unit_mismatch_refused(unit: str, by: str, says: str) -> None:
    with pytest.raises(PlanValidationError) as info:
        plan_with(unit, ChangeTarget(indicator="x", year=2025, by=Q(by)))
    text = str(info.value)
    assert says in text and "indicators.x.targets[0].by" in text
    assert repr(by) in text


@pytest.mark.parametrize(
    ("unit", "by"), [("%", "0.5百分点"), ("‰", "-1百分点"), ("百分点", "1百分点"), ("家", "10家")]
)
def test_units_that_fit(unit: str, by: str) -> None:
    plan_with(unit, ChangeTarget(indicator="x", year=2025, by=Q(by)))


def test_base_year_must_precede_the_target() -> None:
    with pytest.raises(PlanValidationError, match="base year not before the target year"):
        plan_with("家", ChangeTarget(indicator="x", year=2025, factor=2, base_year=2025))


# -- plan files, dump and the store ------------------------------------------------------------
PLAN_FILE = """
id = "demo"
region = "示例县"
title = "十四五"
start_year = 2021
end_year = 2025

[indicators.rd]
name = "R&D经费投入强度"
unit = "%"
observations = [{period = 2020, value = "3.08%"}, {period = 2023, value = "3.4%"}]
targets = [{year = 2025, text = "比2020年提高0.5个百分点"}]

[indicators.firms]
name = "规模以上工业企业"
unit = "家"
observations = [{period = 2020, value = "120家"}, {period = 2023, value = "128家"}]
targets = [
  {year = 2025, kind = "change", by = 10},
  {year = 2025, kind = "change", by = "-5家", base_year = 2020},
]

[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{period = 2020, value = "100亿元"}, {period = 2023, value = "160亿元"}]
targets = [{year = 2025, text = "五年翻一番"}, {year = 2025, kind = "change", factor = 4}]
"""


@pytest.fixture
def demo(tmp_path: Path) -> Plan:
    path = tmp_path / "demo.toml"
    path.write_text(PLAN_FILE, encoding="utf-8")
    return fp.load_plan(path)


def test_plan_file_reads_change_targets(demo: Plan) -> None:
    rd, firms, fewer, double, quadruple = demo.targets
    assert rd == ChangeTarget(
        indicator="rd", year=2025, by=Q("0.5百分点"), base_year=2020, text="比2020年提高0.5个百分点"
    )
    assert firms.by == Q("10家")  # a bare number is in the indicator's unit
    assert fewer.by == Q("-5家") and fewer.base_year == 2020
    assert double.factor == 2 and double.base_year == 2020 and double.text == "五年翻一番"
    assert quadruple.factor == 4 and quadruple.base_year is None


def test_round_trip_through_dump_and_store(demo: Plan, tmp_path: Path) -> None:
    tree = fp.plan_to_dict(demo)
    assert tree["indicators"]["rd"]["targets"][0]["by"] == "0.5百分点"
    assert tree["indicators"]["output"]["targets"][1] == {
        "kind": "change", "year": 2025, "comparator": ">=", "factor": 4,
    }  # fmt: skip
    assert fp.plan_from_dict(tree) == demo
    for fmt in ("toml", "json"):
        path = tmp_path / f"again.{fmt}"
        fp.dump_plan(demo, path)
        assert fp.load_plan(path) == demo
    folder = tmp_path / "store"
    fp.dump_plan_store([demo], folder)
    store = fp.open_plan_store(folder)
    assert store.plans() == (demo,)
    assert store.target_words(range(5)) == [t.describe() for t in demo.targets]


@pytest.mark.parametrize(
    ("entry", "key", "says"),
    [
        ('{year = 2025, kind = "change", factor = "2"}', "factor", "a number such as 2"),
        ('{year = 2025, kind = "change", factor = 1}', "factor", "not a factor of change"),
        ('{year = 2025, kind = "change"}', "by", "give exactly one of 'by' and 'factor'"),
        ('{year = 2025, kind = "change", by = "0.5%"}', "by", "百分比不是变化量"),
        ('{year = 2025, kind = "change", by = "1百分点", rate = "1%"}', "rate", "not allowed"),
    ],
)
def test_plan_file_refusals_name_the_key(tmp_path: Path, entry: str, key: str, says: str) -> None:
    text = f"""
id = "demo"
region = "示例县"
title = "十四五"
start_year = 2021
end_year = 2025

[indicators.rd]
name = "R&D经费投入强度"
unit = "%"
targets = [{entry}]
"""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(fp.errors.PlanError) as info:
        fp.load_plan(path)
    message = str(info.value)
    assert f"indicators.rd.targets[0].{key}" in message and says in message
    assert "bad.toml" in message


# -- evaluation ---------------------------------------------------------------------------------
def test_assess_resolves_the_change_to_a_level(demo: Plan) -> None:
    rd, firms, fewer, double, quadruple = fp.assess(demo, as_of=2023)
    assert rd.target_value is not None
    assert rd.target_value.to("percent").magnitude == pytest.approx(3.58)
    assert rd.explain().startswith("目标比2020年提高≥0.5个百分点，即2025年达到3.58%；")
    assert firms.target_value == Q("130家") and firms.verdict is fp.Verdict.SUBSTANTIAL
    assert fewer.target_value == Q("115家") and fewer.verdict is fp.Verdict.DETERIORATION
    assert "direction_mismatch" in fewer.flags  # a fall asked of a higher-is-better indicator
    assert double.target_value == Q("200亿元") and double.verdict is fp.Verdict.SUBSTANTIAL
    assert quadruple.target_value == Q("400亿元") and quadruple.verdict is fp.Verdict.LIMITED
    assert "即2025年达到400亿元" in quadruple.explain()
    assert "that is 400亿元 in 2025" in quadruple.explain("en")


def test_without_a_baseline_the_change_cannot_be_judged(demo: Plan) -> None:
    later = attrs.evolve(demo, observations=[o for o in demo.observations if o.period.year > 2020])
    for a in fp.assess(later, as_of=2023):
        assert a.verdict is fp.Verdict.INSUFFICIENT_DATA and a.target_value is None
        assert "no_baseline" in a.flags
        assert a.explain().startswith(
            f"缺少基期值，变化目标（{a.target.describe()}）无法换算为目标水平"
        )
    rows = fp.review(later, of_predecessor=False)
    assert all(r.target_value is None and r.achieved is None for r in rows)


def test_a_factor_needs_a_positive_baseline() -> None:
    plan = plan_with(
        "亿元",
        ChangeTarget(indicator="x", year=2025, factor=2),
        ChangeTarget(indicator="x", year=2025, by=Q("5亿元")),
        observations=(
            Observation(indicator="x", period=Period(2020), value=Q("0亿元")),
            Observation(indicator="x", period=Period(2023), value=Q("3亿元")),
        ),
    )
    doubled, moved = fp.assess(plan, as_of=2023)
    assert "zero_baseline" in doubled.flags and doubled.target_value is None
    assert moved.target_value == Q("5亿元")  # 0 + 5: a change needs no positive baseline
    row = fp.review(plan, of_predecessor=False)[0]
    assert "zero_baseline" in row.flags and row.target_value is None


def test_a_change_without_a_unit_is_not_guessed() -> None:
    plan = plan_with(
        "亿元",
        ChangeTarget(indicator="x", year=2025, by=Q("5")),
        observations=(
            Observation(indicator="x", period=Period(2020), value=Q("10亿元")),
            Observation(indicator="x", period=Period(2023), value=Q("13亿元")),
        ),
    )
    (a,) = fp.assess(plan, as_of=2023)
    assert "target_unit_not_stated" in a.flags and a.target_value is None
    (row,) = fp.review(plan, of_predecessor=False)
    assert "target_unit_not_stated" in row.flags


FINISHED = """
id = "old"
region = "示例县"
title = "十三五"
start_year = 2016
end_year = 2020

[indicators.rd]
name = "R&D经费投入强度"
unit = "%"
observations = [{period = 2015, value = "2.06%"}, {period = 2020, value = "3.08%"}]
targets = [{year = 2020, text = "比2015年提高1个百分点"}]

[indicators.firms]
name = "规模以上工业企业"
unit = "家"
observations = [{period = 2015, value = "96家"}, {period = 2020, value = "133家"}]
targets = [{year = 2020, text = "增加40家"}]

[indicators.energy]
name = "单位GDP能耗"
unit = "吨标准煤/万元"
direction = "lower"
observations = [{period = 2015, value = "0.8吨标准煤/万元"}, {period = 2020, value = "0.5吨标准煤/万元"}]
targets = [{year = 2020, text = "减半"}]
"""


def test_review_of_change_targets(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_text(FINISHED, encoding="utf-8")
    rd, firms, energy = fp.review(fp.load_plan(path), of_predecessor=False)
    assert rd.target_value is not None and rd.excess is not None
    assert rd.target_value.to("percent").magnitude == pytest.approx(3.06)
    assert rd.outcome == "exceeded"
    assert rd.cells()[2] == "比2015年提高≥1个百分点（2020年3.06%）"
    assert rd.excess.to("百分点").magnitude == pytest.approx(0.02)
    assert firms.target_value == Q("136家") and firms.achieved is False
    assert firms.cells()[-1] == "差3家（2.21%）"
    assert energy.target_value is not None
    assert energy.target_value.magnitude == pytest.approx(0.4)
    assert energy.judged_by is Comparator.LE and energy.achieved is False


@settings(max_examples=60, deadline=None)
@given(
    base=st.floats(1, 1000),
    latest=st.floats(0.5, 3000),
    change=st.floats(-0.9, 5).filter(lambda c: abs(c) > 1e-3),
    method=st.sampled_from(["county", "unsd"]),
)
def test_a_change_and_its_level_give_the_same_verdict(
    base: float, latest: float, change: float, method: str
) -> None:
    """A change target judges as the level target it implies, in assess and in review."""
    by = round(base * change, 6)
    if by == 0:
        return
    level = base + by
    change_target = ChangeTarget(indicator="x", year=2025, by=Quantity(by, "亿元"))
    level_target = LevelTarget(
        indicator="x",
        year=2025,
        value=Quantity(level, "亿元"),
        comparator=change_target.level_comparator,
    )
    observations = (
        Observation(indicator="x", period=Period(2020), value=Quantity(base, "亿元")),
        Observation(indicator="x", period=Period(2025), value=Quantity(latest, "亿元")),
    )
    a, b = (
        fp.assess(plan_with("亿元", t, observations=observations), method=method)[0]
        for t in (change_target, level_target)
    )
    assert a.verdict is b.verdict
    assert a.target_value is not None and b.target_value is not None
    assert a.target_value.magnitude == pytest.approx(b.target_value.magnitude)
    r, s = (
        fp.review(plan_with("亿元", t, observations=observations), of_predecessor=False)[0]
        for t in (change_target, level_target)
    )
    assert r.achieved == s.achieved and r.judged_by is s.judged_by


@settings(max_examples=40, deadline=None)
@given(
    base=st.floats(1, 1000), latest=st.floats(0.5, 5000), factor=st.sampled_from([2, 4, 8, 3, 0.5])
)
def test_a_factor_is_a_total_growth(base: float, latest: float, factor: float) -> None:
    """翻一番 judges as 累计增长100%: the same level, the same verdict."""
    observations = (
        Observation(indicator="x", period=Period(2020), value=Quantity(base, "亿元")),
        Observation(indicator="x", period=Period(2023), value=Quantity(latest, "亿元")),
    )
    doubling = ChangeTarget(indicator="x", year=2025, factor=factor)
    growth: Any
    if factor > 1:
        growth = GrowthTarget(
            indicator="x", year=2025, rate=Quantity((factor - 1) * 100, "percent"), annual=False
        )
    else:
        growth = fp.ReductionTarget(
            indicator="x", year=2025, rate=Quantity((1 - factor) * 100, "percent"), annual=False
        )
    a, b = (
        fp.assess(plan_with("亿元", t, observations=observations), as_of=2023)[0]
        for t in (doubling, growth)
    )
    assert a.verdict is b.verdict
    assert a.target_value is not None and b.target_value is not None
    assert a.target_value.magnitude == pytest.approx(b.target_value.magnitude)


def test_batch_judges_change_targets_as_assess_does(demo: Plan) -> None:
    one = fp.assess(demo, as_of=2023)
    both = fp.evaluate_many([demo, attrs.evolve(demo, id="again")], as_of=2023)
    assert list(both.verdicts) == [a.verdict for a in one] * 2
    records = both.to_records()
    assert records[0]["target"] == "比2020年提高≥0.5个百分点"
    assert records[0]["target_value"] == pytest.approx(3.58)


# -- audit --------------------------------------------------------------------------------------
AUDITED = """
id = "demo"
region = "示例县"
title = "十四五"
start_year = 2021
end_year = 2025

[indicators.rd]
name = "R&D经费投入强度"
unit = "%"
observations = [{period = 2020, value = "3.08%"}]
targets = [{year = 2025, text = "比2020年提高0.5个百分点"}, {year = 2025, text = "达到3.6%"}]

[indicators.cover]
name = "覆盖率"
unit = "%"
observations = [{period = 2020, value = "98%"}]
targets = [{year = 2025, text = "提高5个百分点"}]

[indicators.firms]
name = "规模以上工业企业"
unit = "家"
observations = [{period = 2020, value = "120家"}]
targets = [{year = 2025, text = "增加10家"}, {year = 2025, text = "控制在100家以内"}]

[indicators.parks]
name = "园区"
unit = "个"
observations = [{period = 2020, value = "12个"}]
targets = [{year = 2025, text = "减少15个"}]
"""


def audited(tmp_path: Path) -> fp.AuditReport:
    path = tmp_path / "audited.toml"
    path.write_text(AUDITED, encoding="utf-8")
    return fp.audit(fp.load_plan(path))


def test_audit_change_rules(tmp_path: Path) -> None:
    found = {(f.code, f.location): f for f in audited(tmp_path).findings}
    assert set(found) == {
        ("T004", "indicators.firms.targets[0]"),
        ("T005", "indicators.cover.targets[0]"),
        ("T005", "indicators.parks.targets[0]"),
    }  # rd: 3.08 + 0.5 = 3.58 agrees with 达到3.6% within rounding
    clash = found["T004", "indicators.firms.targets[0]"]
    assert "约130家" in clash.message and "相互矛盾" in clash.message
    assert clash.arithmetic == "120 + 10 = 130家"
    share = found["T005", "indicators.cover.targets[0]"]
    assert "约103%" in share.message and "超过上限100%" in share.message
    assert found["T005", "indicators.parks.targets[0]"].arithmetic == "12 − 15 = -3个"


def test_audit_change_rules_are_catalogued() -> None:
    rules = {r.code: r for r in fp.builtin_rules()}
    assert rules["T004"].name == "change-level-disagree"
    assert (
        rules["T005"].name == "change-beyond-bound" and rules["T005"].severity is fp.Severity.ERROR
    )


def test_audit_bounds_follow_the_measure(tmp_path: Path) -> None:
    text = """
id = "demo"
region = "示例县"
title = "十四五"
start_year = 2021
end_year = 2025

[indicators.speed]
name = "规模工业增加值增速"
unit = "%"
observations = [{period = 2020, value = "0.5%"}]
targets = [{year = 2025, text = "降低2个百分点"}]

[indicators.share]
name = "高新技术产业增加值占比"
unit = "%"
measure = "share"
observations = [{period = 2020, value = "0.5%"}]
targets = [{year = 2025, text = "降低2个百分点"}]
"""
    path = tmp_path / "bounds.toml"
    path.write_text(text, encoding="utf-8")
    found = {(f.code, f.location) for f in fp.audit(fp.load_plan(path)).findings}
    assert found == {("T005", "indicators.share.targets[0]")}  # a rate may fall below zero


def test_audit_uses_the_change_targets_own_base_year(tmp_path: Path) -> None:
    text = AUDITED.replace('targets = [{year = 2025, text = "提高5个百分点"}]', "").replace(
        'observations = [{period = 2020, value = "98%"}]',
        'observations = [{period = 2018, value = "90%"}, {period = 2020, value = "98%"}]\n'
        'targets = [{year = 2025, text = "比2018年提高5个百分点"}]',
    )
    path = tmp_path / "own.toml"
    path.write_text(text, encoding="utf-8")
    codes = {(f.code, f.location) for f in fp.audit(fp.load_plan(path)).findings}
    assert ("T005", "indicators.cover.targets[0]") not in codes  # 90 + 5 = 95 %


# -- report -------------------------------------------------------------------------------------
def test_report_shows_the_implied_level(demo: Plan) -> None:
    rows = {r.target: r.implied for r in fp.build_report(demo).rows}
    assert rows["比2020年提高≥0.5个百分点（2025年）"] == "2025年约3.58%"
    assert rows["比2020年翻一番（≥2倍）（2025年）"] == "2025年约200亿元"
    assert rows["比2020年减少≥5家（2025年）"] == "2025年约115家"
    assert "比基期增加≥10家" in fp.report_markdown(fp.build_report(demo))


def test_draft_from_a_plan_with_change_targets(demo: Plan) -> None:
    draft = fp.draft_plan(
        demo, start_year=2026, end_year=2030, rates={"rd": Q("0.1百分点"), "output": Q("8%")}
    )
    assert [t.describe() for t in draft.plan.targets] == [
        *("≥4.1%", "比2023年提高≥0.7个百分点", "≥274.2亿元", "年均增长≥8%"),
    ]  # rd's base value is of 2023: the change names its year
    assert not fp.audit(draft.plan).findings


def test_draft_records_a_linear_change_as_plans_word_it() -> None:
    old = plan_with(
        "个",
        observations=(Observation(indicator="x", period=Period(2025), value=Q("30个")),),
    )
    lower = attrs.evolve(
        old, indicators=[attrs.evolve(old.indicators[0], direction=fp.Direction.LOWER)]
    )
    draft = fp.draft_plan(lower, start_year=2026, end_year=2030, rates={"x": Q("-2个")})
    level, change = draft.plan.targets
    assert isinstance(change, ChangeTarget) and change.by == Q("-10个")
    assert change.describe() == "比基期减少≥10个"
    assert change.level_comparator is level.comparator is Comparator.LE
    assert change.text == level.text
    assert not fp.audit(draft.plan).findings


def test_dongkou_states_no_target_as_a_change() -> None:
    """The Dongkou document states its targets as levels and rates; its changes
    ("比2016年提高1.02个百分点", "年均净增加7家以上") are achievements, recorded as statements."""
    plan = fp.load("dongkou")
    for p in (plan, plan.predecessor):
        assert p is not None
        assert not [t for t in p.targets if isinstance(t, ChangeTarget)]


def test_parse_quantity_of_points_is_what_by_takes() -> None:
    assert ChangeTarget(indicator="x", year=2025, by=Q("1.02个百分点")).by == Q("1.02百分点")
    assert Q("1.02个百分点").units == parse_unit("百分点")
    assert Quantity(1, "percentage_point").units == parse_unit("百分点")
