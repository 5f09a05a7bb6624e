"""Properties: quantity text round trips, unit conversions, growth maths, periods, plan files."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from fyp_planning import (
    GrowthTarget,
    Indicator,
    LevelTarget,
    Observation,
    Period,
    Plan,
    Quantity,
    apply_pp,
    arithmetic_average_rate,
    cagr,
    compound_from_total,
    dumps_plan,
    format_quantity,
    format_unit,
    implied_level,
    is_bare,
    loads_plan,
    parse_quantity,
    parse_target,
    parse_unit,
    plan_from_dict,
    plan_to_dict,
    pp_change,
    total_growth,
)

Q = parse_quantity
ALL_UNITS = (
    *S.CHINESE_UNITS,
    *S.BARE_UNITS,
    *S.UNIT_FAMILIES["money_per_organization"],
    *S.UNIT_FAMILIES["energy_per_money"],
)
all_units = st.sampled_from(ALL_UNITS)
PLAN_SETTINGS = settings(
    max_examples=50, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _same_quantity(got: Any, expected: Any) -> None:
    assert got == expected
    assert str(got.units) == str(expected.units)
    assert got.magnitude == expected.magnitude
    assert is_bare(got) == is_bare(expected)


# -- quantity text ----------------------------------------------------------------------------
@given(S.quantities(all_units, S.document_magnitudes))
def test_format_then_parse_gives_the_same_quantity(q: Any) -> None:
    _same_quantity(parse_quantity(format_quantity(q)), q)


@given(S.quantities(all_units, S.readable_floats))
def test_format_then_parse_gives_the_same_quantity_for_any_readable_float(q: Any) -> None:
    # format_quantity documents parse_quantity(format_quantity(q)) == q for every magnitude a
    # quantity text holds (up to limits.MAX_MAGNITUDE; see test_units_hostile for beyond).
    _same_quantity(parse_quantity(format_quantity(q)), q)


@given(S.quantities(all_units, S.finite_magnitudes))
def test_formatted_number_is_a_plain_decimal(q: Any) -> None:
    """The number is written as a plan writes it: digits, optionally a point and more digits."""
    text = format_quantity(q)
    unit = format_unit(q.units)
    assert text.endswith(unit)
    number = text[: len(text) - len(unit)]
    assert re.fullmatch(r"-?\d+(\.\d+)?", number), text


@given(S.quantities(all_units, S.readable_magnitudes))
@example(Quantity(-0.0, parse_unit("亿元")))
@example(Quantity(2.0**59, parse_unit("%")))
def test_formatted_text_is_a_fixed_point(q: Any) -> None:
    """Reading and writing again changes nothing, so plan files re-dump to identical text."""
    text = format_quantity(q)
    assert format_quantity(parse_quantity(text)) == text


_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.-+%"}
_SPACES = st.sampled_from([" ", "\u3000", "\t", "  ", " \u3000"])


@given(S.quantities(all_units, S.document_magnitudes), st.data())
def test_full_width_and_spaced_text_parses_to_the_same(q: Any, data: st.DataObject) -> None:
    text = format_quantity(q)
    unit = format_unit(q.units)
    number = text[: len(text) - len(unit)]
    if data.draw(st.booleans(), label="full-width number"):
        number = "".join(_FULL_WIDTH.get(c, c) for c in number)
    if data.draw(st.booleans(), label="full-width %"):
        unit = unit.replace("%", "％")
    before, between, after = (data.draw(st.just("") | _SPACES) for _ in range(3))
    variant = f"{before}{number}{between}{unit}{after}"
    _same_quantity(parse_quantity(variant), q)


@given(all_units)
def test_unit_format_then_parse_gives_the_same_unit(unit_text: str) -> None:
    unit = parse_unit(unit_text)
    again = parse_unit(format_unit(unit))
    assert again == unit and str(again) == str(unit)


# 万 and 亿 are magnitudes, never in a compound unit (test_units_hostile).
compound_units = st.sampled_from([u for u in ALL_UNITS if u not in ("万", "亿")])


@given(compound_units, compound_units, st.sampled_from(["*", "/", "inverse", "square"]))
def test_compound_unit_format_then_parse_gives_the_same_unit(a: str, b: str, op: str) -> None:
    """format_unit documents that its result parses back to the same unit, e.g. 万元/家."""
    ua, ub = parse_unit(a), parse_unit(b)
    unit = {"*": ua * ub, "/": ua / ub, "inverse": ua**-1, "square": ua**2}[op]
    text = format_unit(unit)
    again = parse_unit(text)
    assert again == unit, text


# -- unit conversions -------------------------------------------------------------------------
_moderate = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@pytest.mark.parametrize(("big", "small", "factor"), S.CONVERSIONS)
@given(m=_moderate)
def test_conversions_invert_and_use_the_right_factor(
    big: str, small: str, factor: float, m: float
) -> None:
    q = Quantity(m, parse_unit(big))
    down = fp.to_unit(q, small)
    assert str(down.units) == str(parse_unit(small))
    assert down.magnitude == pytest.approx(m * factor, rel=1e-12, abs=1e-300)
    back = down.to(parse_unit(big))
    assert back.magnitude == pytest.approx(m, rel=1e-12, abs=1e-300)


@given(S.unit_families.filter(lambda f: len(S.UNIT_FAMILIES[f]) > 1), st.data())
def test_conversions_within_a_family_invert(family: str, data: st.DataObject) -> None:
    units = S.UNIT_FAMILIES[family]
    a = data.draw(st.sampled_from(units), label="from")
    b = data.draw(st.sampled_from(units), label="via")
    m = data.draw(_moderate, label="magnitude")
    q = Quantity(m, parse_unit(a))
    assert q.to(parse_unit(b)).to(parse_unit(a)).magnitude == pytest.approx(m, rel=1e-12)


# -- growth maths -----------------------------------------------------------------------------
money = st.sampled_from(S.UNIT_FAMILIES["money"])
_growth_rates = st.floats(min_value=-90, max_value=300, allow_nan=False)


# Yearly growth factors (1 + rate) a plan can show; far beyond them 1 + rate cancels to a few
# significant digits and no formula can invert exactly.
_factors = st.floats(min_value=0.05, max_value=20)


@given(S.positive_levels, _factors, S.growth_years, money, money)
def test_implied_level_inverts_cagr(a: float, factor: float, n: float, ua: str, ub: str) -> None:
    start = Quantity(a, parse_unit(ua))
    end = (start * factor**n).to(parse_unit(ub))
    level = implied_level(start, cagr(start, end, n), n)
    assert str(level.units) == str(start.units)
    assert level.to(end.units).magnitude == pytest.approx(end.magnitude, rel=1e-9)


@given(S.positive_levels, _growth_rates, S.growth_years)
def test_cagr_inverts_implied_level(a: float, r: float, n: float) -> None:
    start = Quantity(a, parse_unit("亿元"))
    rate = Quantity(r, parse_unit("%"))
    got = cagr(start, implied_level(start, rate, n), n)
    assert str(got.units) == "percent"
    assert got.magnitude == pytest.approx(r, rel=1e-9, abs=1e-9)


# Ratios end / start: a total growth from -99 % to +9900 %.
_ratios = st.floats(min_value=0.01, max_value=100)


@given(S.positive_levels, _ratios, S.growth_years)
def test_compound_from_total_equals_cagr(a: float, ratio: float, n: float) -> None:
    start, end = Quantity(a, parse_unit("亿度")), Quantity(a * ratio, parse_unit("亿度"))
    got = compound_from_total(total_growth(start, end), n)
    assert got.to("percent").magnitude == pytest.approx(
        cagr(start, end, n).to("percent").magnitude, rel=1e-9, abs=1e-9
    )


@given(S.positive_levels, st.floats(min_value=0, max_value=1e3), st.integers(1, 30))
def test_arithmetic_average_is_at_least_the_compound_rate_for_growth(
    a: float, extra: float, n: int
) -> None:
    start, end = Quantity(a, parse_unit("万元")), Quantity(a + a * extra, parse_unit("万元"))
    arithmetic = arithmetic_average_rate(start, end, n).to("percent").magnitude
    compound = cagr(start, end, n).to("percent").magnitude
    assert arithmetic >= compound - 1e-9 * max(1.0, abs(compound))
    if n == 1:
        assert arithmetic == pytest.approx(compound, rel=1e-12, abs=1e-12)


@given(S.positive_levels, S.positive_levels)
def test_arithmetic_and_compound_rates_agree_over_one_year(a: float, b: float) -> None:
    start, end = Quantity(a, parse_unit("户")), Quantity(b, parse_unit("户"))
    assert arithmetic_average_rate(start, end, 1).magnitude == pytest.approx(
        cagr(start, end, 1).magnitude, rel=1e-12, abs=1e-12
    )


_shares = st.floats(min_value=-100, max_value=200, allow_nan=False)


@given(_shares, _shares, S.rate_units, S.rate_units)
def test_apply_pp_inverts_pp_change(s: float, t: float, us: str, ut: str) -> None:
    share, target = Quantity(s, parse_unit(us)), Quantity(t, parse_unit(ut))
    change = pp_change(share, target)
    assert str(change.units) == "percentage_point"
    got = apply_pp(share, change)
    assert got.to("percent").magnitude == pytest.approx(
        target.to("percent").magnitude, rel=1e-9, abs=1e-9
    )


# -- periods and phrases ----------------------------------------------------------------------
@given(S.periods())
def test_period_parse_inverts_str(p: Period) -> None:
    assert Period.parse(str(p)) == p


_nonneg = st.one_of(st.integers(0, 10**12), st.floats(min_value=1e-30, max_value=1e15))


@given(S.quantities(all_units, _nonneg))
def test_level_phrase_reads_the_quantity_back(q: Any) -> None:
    phrase = f"达到{format_quantity(q)}"
    t = parse_target(phrase, indicator="x", year=2025)
    assert type(t) is LevelTarget
    assert t.text == phrase
    _same_quantity(t.value, q)


@given(S.quantities(S.rate_units, _nonneg), st.sampled_from(["以上", "以下", ""]))
def test_growth_phrase_reads_the_rate_back(rate: Any, tail: str) -> None:
    phrase = f"年均增长{format_quantity(rate)}{tail}"
    t = parse_target(phrase, indicator="x", year=2025)
    assert type(t) is GrowthTarget and t.annual
    _same_quantity(t.rate, rate)
    assert t.comparator is (fp.Comparator.LE if tail == "以下" else fp.Comparator.GE)


# -- plan files -------------------------------------------------------------------------------
def _round_trips(plan: Plan) -> None:
    assert plan_from_dict(plan_to_dict(plan)) == plan
    for fmt in ("toml", "json"):
        text = dumps_plan(plan, fmt)
        assert dumps_plan(plan, fmt) == text  # dumping twice gives identical text
        again = loads_plan(text, fmt)
        assert again == plan
        assert dumps_plan(again, fmt) == text


@PLAN_SETTINGS
@given(S.plans())
def test_plan_files_round_trip(plan: Plan) -> None:
    _round_trips(plan)


@PLAN_SETTINGS
@given(S.plans(magnitudes=S.wide_magnitudes, max_items=2))
def test_plan_files_round_trip_huge_and_tiny_magnitudes(plan: Plan) -> None:
    _round_trips(plan)


# -- round-trip examples --------------------------------------------------------------------
def _demo(**kw: Any) -> Plan:
    inds = [
        Indicator(id="output", name="工业总产值", unit=parse_unit("亿元")),
        Indicator(id="rd_share", name="研发投入占GDP比重", unit=parse_unit("%")),
    ]
    base = {"id": "demo", "region": "示例县", "title": "示例", "start_year": 2021}
    return Plan(**{**base, "end_year": 2025, "indicators": inds, **kw})


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_round_trip_keeps_observations_listed_across_indicators(fmt: str) -> None:
    # A valid plan whose observations are not grouped by indicator: plan_to_dict promises
    # plan_from_dict "reads it back to an equal plan".
    plan = _demo(
        observations=[
            Observation(indicator="rd_share", period=Period(2020), value=Q("3.08%")),
            Observation(indicator="output", period=Period(2020), value=Q("198亿元")),
        ]
    )
    assert loads_plan(dumps_plan(plan, fmt), fmt) == plan


@pytest.mark.parametrize("rate", [Quantity(0.1, "dimensionless"), Quantity(10, "wan")])
def test_growth_target_with_a_bare_rate_is_refused(rate: Any) -> None:
    # The model and the plan files agree: a rate written without % or ‰ is refused when the
    # target is made, as the loader refuses ``rate = "0.1"``.
    with pytest.raises(ValueError, match="not a rate"):
        GrowthTarget(indicator="output", year=2025, rate=rate)


def test_loader_reports_problems_of_a_file_with_a_base_year() -> None:
    text = dumps_plan(_demo(base_year=2020)) + '\n[chains.food]\nname = "食品"\nbogus = 1\n'
    with pytest.raises(fp.PlanStructureError) as exc:
        loads_plan(text)
    assert [p.path for p in exc.value.problems] == ["chains.food.bogus"]
