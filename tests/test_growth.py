"""Example tests of the growth maths with the Dongkou figures (洞口县十三五/十四五)."""

from __future__ import annotations

import pint
import pytest

from fyp_planning import (
    Quantity,
    UnitMismatchError,
    apply_pp,
    arithmetic_average_rate,
    cagr,
    compound_from_total,
    implied_level,
    parse_quantity,
    pp_change,
    required_cagr,
    total_growth,
)

Q = parse_quantity
START, END, TARGET = Q("137.1亿元"), Q("198亿元"), Q("300亿元")  # 2015, 2020, 2025 target


def _percent(q: pint.Quantity) -> float:
    assert str(q.units) == "percent"
    return q.magnitude


# -- the Dongkou figures ----------------------------------------------------------------------
def test_total_growth_2015_2020() -> None:
    assert round(_percent(total_growth(START, END)), 2) == 44.42


def test_cagr_2015_2020() -> None:
    assert round(_percent(cagr(START, END, 5)), 2) == 7.63


def test_arithmetic_average_2015_2020_is_what_the_document_calls_annual_growth() -> None:
    # The document's "年均增长8.88%" is total growth / 5, not the compound rate.
    assert round(_percent(arithmetic_average_rate(START, END, 5)), 2) == 8.88


def test_required_cagr_to_the_2025_target() -> None:
    assert round(_percent(required_cagr(END, TARGET, 5)), 2) == 8.67
    assert required_cagr(END, TARGET, 5) == cagr(END, TARGET, 5)


def test_pp_change_of_the_rd_share() -> None:
    change = pp_change(Q("2.06%"), Q("3.08%"))
    assert str(change.units) == "percentage_point"
    assert change.magnitude == pytest.approx(1.02)
    assert change.units == Q("1.02个百分点").units


def test_apply_pp_of_the_rd_share() -> None:
    got = apply_pp(Q("2.06%"), Q("1.02个百分点"))
    assert _percent(got) == pytest.approx(3.08)


def test_implied_level_of_the_2025_output() -> None:
    got = implied_level(END, Q("10%"), 5)
    assert str(got.units) == "yi_yuan"
    assert got.magnitude == pytest.approx(198 * 1.1**5)
    assert round(got.magnitude, 1) == 318.9


def test_compound_from_the_stated_total_growth() -> None:
    assert round(_percent(compound_from_total(Q("44.4%"), 5)), 2) == 7.63


# -- units and plain numbers ------------------------------------------------------------------
def test_levels_in_compatible_units_convert() -> None:
    assert _percent(cagr(Q("1371000万元"), END, 5)) == pytest.approx(_percent(cagr(START, END, 5)))
    assert _percent(total_growth(START, Q("19800000000元"))) == pytest.approx(
        _percent(total_growth(START, END))
    )


def test_plain_numbers() -> None:
    assert _percent(cagr(137.1, 198, 5)) == pytest.approx(_percent(cagr(START, END, 5)))
    assert _percent(cagr(100, 121, 2)) == pytest.approx(10)
    assert _percent(total_growth(100, 150)) == pytest.approx(50)
    assert _percent(arithmetic_average_rate(100, 150, 5)) == pytest.approx(10)
    assert implied_level(100, 0.1, 1) == pytest.approx(110)
    assert _percent(compound_from_total(0.21, 2)) == pytest.approx(10)


def test_rates_in_permille_and_fractions() -> None:
    got = implied_level(Q("100亿元"), Q("5‰"), 1)
    assert got.magnitude == pytest.approx(100.5)
    assert implied_level(Q("100亿元"), 0.005, 1).magnitude == pytest.approx(100.5)
    assert pp_change(Q("5‰"), Q("1%")).magnitude == pytest.approx(0.5)
    assert _percent(apply_pp(Q("5‰"), Q("0.5百分点"))) == pytest.approx(1.0)


def test_fractional_years() -> None:
    # 2020年1-9月 is three quarters of a year: growth over 0.75 years.
    assert _percent(cagr(100, 121, 0.5)) == pytest.approx(46.41)
    assert implied_level(100, Q("21%"), 0.5) == pytest.approx(110)


def test_cagr_of_a_fall_to_zero() -> None:
    assert _percent(cagr(Q("5亿元"), Q("0亿元"), 5)) == pytest.approx(-100)


def test_decline_rates() -> None:
    assert _percent(cagr(100, 81, 2)) == pytest.approx(-10)
    assert _percent(total_growth(100, 80)) == pytest.approx(-20)


# -- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        lambda: cagr(START, Q("198亿度"), 5),
        lambda: required_cagr(END, Q("300亿度"), 5),
        lambda: total_growth(START, Q("198亿度")),
        lambda: arithmetic_average_rate(START, Q("198亿度"), 5),
        lambda: cagr(Q("96家"), Q("133户"), 5),
        lambda: implied_level(END, Q("10亿元"), 5),
        lambda: compound_from_total(Q("44亿元"), 5),
        lambda: pp_change(Q("2.06%"), Q("3亿元")),
        lambda: apply_pp(Q("2.06%"), Q("1.02%")),
        lambda: apply_pp(Q("2.06%"), 1.02),
    ],
)
def test_unit_mismatch(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitMismatchError) as exc:
        call()
    assert isinstance(exc.value, pint.DimensionalityError)


def test_unit_mismatch_message_names_both_units() -> None:
    with pytest.raises(UnitMismatchError) as exc:
        cagr(START, Q("198亿度"), 5)
    assert "亿度" in str(exc.value) and "亿元" in str(exc.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: cagr(START, 198, 5),
        lambda: cagr(137.1, END, 5),
        lambda: required_cagr(END, 300, 5),
        lambda: total_growth(START, 198),
        lambda: arithmetic_average_rate(137.1, END, 5),
    ],
)
def test_mixed_quantity_and_number(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="both"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: cagr(0, 198, 5),
        lambda: cagr(-1, 198, 5),
        lambda: cagr(Q("0亿元"), END, 5),
        lambda: cagr(Q("-137.1亿元"), END, 5),
        lambda: cagr(START, Q("-1亿元"), 5),
        lambda: required_cagr(Q("0亿元"), TARGET, 5),
        lambda: total_growth(0, 198),
        lambda: total_growth(Q("0亿元"), END),
        lambda: compound_from_total(Q("-100%"), 5),
        lambda: compound_from_total(-1.5, 5),
    ],
)
def test_non_positive_start(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("years", [0, -5, 0.0, -0.5])
@pytest.mark.parametrize(
    "fn",
    [
        lambda n: cagr(START, END, n),
        lambda n: required_cagr(END, TARGET, n),
        lambda n: implied_level(END, Q("10%"), n),
        lambda n: arithmetic_average_rate(START, END, n),
        lambda n: compound_from_total(Q("44.4%"), n),
    ],
)
def test_non_positive_years(fn, years: float) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="years"):
        fn(years)


def test_results_are_quantities_in_percent() -> None:
    for q in (
        cagr(START, END, 5),
        total_growth(START, END),
        arithmetic_average_rate(START, END, 5),
        compound_from_total(Q("44.4%"), 5),
        apply_pp(Q("2.06%"), Q("1百分点")),
    ):
        assert isinstance(q, Quantity) and str(q.units) == "percent"
