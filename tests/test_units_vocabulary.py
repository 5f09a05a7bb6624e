"""The units county documents write beyond Dongkou's (issue 15, vocabulary): the statistical
name of 度 (千瓦时), counts of 件 and 人次, 公顷, and the traditional forms of every unit."""

from __future__ import annotations

import pint
import pytest

import fyp_planning as fp

Q = fp.parse_quantity


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("5億元", "5亿元"),
        ("3萬元", "3万元"),
        ("7600萬", "7600万"),
        ("12個億", "12个亿"),
        ("12個", "12个"),
        ("4項", "4项"),
        ("3萬戶", "3万户"),
        ("8戶", "8户"),
        ("2萬人", "2万人"),
        ("6噸", "6吨"),
        ("6萬噸", "6万吨"),
        ("9畝", "9亩"),
        ("9萬畝", "9万亩"),
        ("1.02個百分點", "1.02个百分点"),
        ("3.5萬噸標準煤", "3.5万吨标准煤"),
        ("4萬平方米", "4万平方米"),
        ("300千瓦时", "300度"),
        ("300千瓦時", "300度"),
        ("45万千瓦时", "45万度"),
        ("4.5亿千瓦时", "4.5亿度"),
        ("4.5億千瓦時", "4.5亿度"),
    ],
)
def test_other_spellings_read_as_the_same_quantity(written: str, same_as: str) -> None:
    got, want = Q(written), Q(same_as)
    assert got.units == want.units and got.magnitude == want.magnitude
    # ... and are written back in the library's one (simplified) form, which reads back equal.
    assert fp.format_quantity(got) == fp.format_quantity(want)
    assert Q(fp.format_quantity(got)) == got


def test_kilowatt_hours_convert_like_du() -> None:
    assert Q("1亿千瓦时").to("万度").magnitude == pytest.approx(10_000)
    assert Q("15亩").to("公顷").magnitude == pytest.approx(1)
    assert Q("2公顷").to("平方米").magnitude == pytest.approx(20_000)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("7件", "piece"), ("100人次", "person_time"), ("2.5万人次", "wan_person_time")],
)
def test_counts_of_pieces_and_visits(text: str, unit: str) -> None:
    assert str(Q(text).units) == unit
    assert Q("3件") + Q("2件") == Q("5件")
    assert Q("2.5万人次").to("人次").magnitude == pytest.approx(25_000)


@pytest.mark.parametrize(
    ("a", "b"), [("3件", "2个"), ("3件", "2项"), ("3人次", "2人"), ("3人次", "2户")]
)
def test_counts_of_different_things_do_not_add(a: str, b: str) -> None:
    with pytest.raises(pint.DimensionalityError):
        Q(a) + Q(b)


def test_a_plan_in_traditional_units_loads() -> None:
    plan = fp.loads_plan(
        """
id = "demo"
region = "示例縣"
title = "示例規劃"
start_year = 2021
end_year = 2025

[indicators.output]
name = "工業總產值"
unit = "億元"
observations = [{period = 2020, value = "120億元"}]
targets = [{text = "達到200億元", year = 2025}]

[indicators.patents]
name = "專利授權量"
unit = "件"
observations = [{period = 2020, value = 85}]

[indicators.power]
name = "工業用電量"
unit = "億千瓦時"
observations = [{period = 2020, value = 3.2}]
"""
    )
    assert str(plan.indicator("output").unit) == "yi_yuan"
    assert str(plan.indicator("patents").unit) == "piece"
    assert plan.indicator("power").unit == fp.parse_unit("亿度")


@pytest.mark.parametrize(
    ("written", "simplified"),
    [
        ("達到200億元", "达到200亿元"),
        ("年均增長10%以上", "年均增长10%以上"),
        ("實現全覆蓋", "实现全覆盖"),
        ("不超過40個", "不超过40个"),
        ("每年新增專利授權50件以上", "每年新增专利授权50件以上"),
    ],
)
def test_target_phrases_in_traditional_characters(written: str, simplified: str) -> None:
    got = fp.parse_target(written, indicator="x", year=2025)
    want = fp.parse_target(simplified, indicator="x", year=2025)
    assert type(got) is type(want) and got.describe() == want.describe()
    assert got.text == written  # the plan's own words are kept as written


_HEAD = 'id = "a"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'


@pytest.mark.parametrize("unit", ["亿", "万", "億", "萬"])
def test_a_bare_magnitude_is_no_indicator_unit(unit: str) -> None:
    """``unit = "亿"`` was accepted, then printed "需年均增加29000000000百分点" (issue 15)."""
    with pytest.raises(fp.PlanError) as info:
        fp.loads_plan(_HEAD + f'[indicators.o]\nname = "产值"\nunit = "{unit}"\n')
    (problem,) = info.value.problems
    assert problem.path == "indicators.o.unit"
    assert "not a unit" in str(problem) and "亿元" in problem.expected
    with pytest.raises(ValueError, match="not a unit"):
        fp.Indicator(id="o", name="产值", unit=fp.parse_unit(unit))


def test_a_dimensionless_indicator_and_bare_figures_stay_allowed() -> None:
    plan = fp.loads_plan(
        _HEAD
        + '[indicators.o]\nname = "指数"\nunit = ""\nobservations = [{period = 2020, value = 5}]\n'
    )
    assert plan.indicator("o").unit == fp.ureg.dimensionless
    assert fp.is_bare(fp.parse_quantity("7600万"))  # a figure may still be bare; a unit may not
