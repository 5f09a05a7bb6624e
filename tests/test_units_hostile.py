"""Hostile unit, quantity and target texts (issue 14, items 1, 3 and 10): each is refused early
with a documented error, or read correctly; what is accepted reads back the same after export."""

from __future__ import annotations

import contextlib
import decimal
import itertools
from typing import Any

import pint
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import (
    PlanError,
    QuantityParseError,
    TargetParseError,
    UnitDeclaration,
    UnitError,
    declare_unit,
    format_quantity,
    format_unit,
    limits,
    parse_quantity,
    parse_target,
    parse_unit,
    ureg,
)
from fyp_planning.errors import FieldError
from fyp_planning.units import magnitude_problem
from fyp_planning.units import parsing as _parsing
from fyp_planning.units._registry import vocabulary
from fyp_planning.units.definitions import DEFINITIONS

_names = (f"zz_hostile_unit_{i}" for i in itertools.count())


def _target(text: str) -> fp.Target:
    return parse_target(text, indicator="x", year=2025)


def _en(exc: pytest.ExceptionInfo[Any]) -> str:
    return str(exc.value)


# -- item 1: unit texts are bounded and read by our grammar, never by pint's parser --------------
@pytest.fixture
def no_pint_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any use of pint's string parsers fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"pint's parser was called with {args!r}")

    for name in ("parse_units", "parse_expression", "parse_unit_name"):
        monkeypatch.setattr(ureg, name, refuse)
    _parsing._parse_unit.cache_clear()


@pytest.mark.usefixtures("no_pint_parser")
@pytest.mark.parametrize(
    "text",
    ["亿元", "万元/家", "吨标准煤/万元", "%", "‰", "百分点", "个百分点", "", "亿元**2", "家^-1"],
)
def test_units_are_read_without_pints_parser(text: str) -> None:
    assert parse_unit(text) is not None
    assert parse_quantity(f"3{text}").magnitude == 3


@pytest.mark.usefixtures("no_pint_parser")
@pytest.mark.parametrize("size", [limits.MAX_UNIT_CHARS + 1, 20_000, 1_000_000])
def test_a_long_unit_is_refused_before_parsing(size: int) -> None:
    text = "亿" * size  # 20 KB took 7.6 s, 1 MB never ended
    with pytest.raises(UnitError) as exc:
        parse_unit(text)
    message = _en(exc)
    assert f"{size} characters long, over the limit of {limits.MAX_UNIT_CHARS}" in message
    assert len(message) < 300  # quotes the start of the text, not all of it


def test_a_unit_at_the_length_limit_is_still_read() -> None:
    text = "万元/家" + " " * (limits.MAX_UNIT_CHARS - 4)
    assert len(text) == limits.MAX_UNIT_CHARS
    assert parse_unit(text) == parse_unit("万元/家")


@pytest.mark.usefixtures("no_pint_parser")
def test_a_long_quantity_and_target_phrase_are_refused_before_parsing() -> None:
    with pytest.raises(QuantityParseError, match="over the limit of 200"):
        parse_quantity("1" + "亿" * 100_000)
    with pytest.raises(TargetParseError, match="2003 characters long, over the limit of 200"):
        _target("每年1" + "a" * 2000)  # took 32 s, then read as ≥1 attoyear


def test_every_power_is_small() -> None:
    # "亿元**99999999" with "5万元**99999999" ran fyp check past two minutes
    with pytest.raises(UnitError, match="the power 99999999 is out of range; powers are -3 to 3"):
        parse_unit("亿元**99999999")
    with pytest.raises(QuantityParseError, match="the power 99999999 is out of range"):
        parse_quantity("5万元**99999999")
    for text in ("亿元**4", "亿元**-4", "亿元**0", "亿元^9"):
        with pytest.raises(UnitError, match="out of range"):
            parse_unit(text)
    assert parse_unit("亿元**3") == parse_unit("亿元") ** 3
    assert parse_unit("家**-3") == parse_unit("家") ** -3


def test_a_plan_with_a_huge_power_is_refused_naming_key_and_value() -> None:
    text = """
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025

[indicators.output]
name = "工业总产值"
unit = "亿元**99999999"
observations = [{ period = 2020, value = "5万元**99999999" }]
"""
    with pytest.raises(PlanError) as exc:
        fp.loads_plan(text)
    message = _en(exc)
    assert "indicators.output.unit" in message and "'亿元**99999999'" in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("亿元/亿元/亿元", "names one unit more than once (亿元)"),
        ("元/RMB", "names one unit more than once (元, RMB)"),
        ("亿元*亿元", "names one unit more than once"),
        ("亿元//家", "expected a known unit, or known units joined by"),
        ("/家", "expected a known unit"),
        ("亿元/", "expected a known unit"),
        ("亿元**", "expected a known unit"),
        ("亿元**2**2", "expected a known unit"),
        ("亿元**x", "expected a known unit"),
    ],
)
def test_malformed_units_are_refused(text: str, message: str) -> None:
    with pytest.raises(UnitError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_unit(text)


@pytest.mark.parametrize("text", ["万*家", "万/家", "家/亿", "亿**2", "万吨·万"])
def test_wan_and_yi_stand_alone(text: str) -> None:
    with pytest.raises(UnitError, match="stands alone"):
        parse_unit(text)
    assert parse_quantity("7600万").magnitude == 7600  # alone: a bare number


def test_each_unit_text_is_parsed_once() -> None:
    _parsing._parse_unit.cache_clear()
    first = parse_unit("万元/家")
    assert parse_unit("万元/家") is first
    info = _parsing._parse_unit.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_a_unit_a_plugin_declares_reads_alone_and_in_compounds() -> None:
    symbol = f"测试坰{next(_names)[-4:]}"
    with pytest.raises(UnitError):  # unknown before it is declared ...
        parse_unit(f"{symbol}/家")
    declare_unit(UnitDeclaration(symbol, equals=parse_quantity("100亩")))
    assert parse_quantity(f"1{symbol}/家").to("亩/家").magnitude == pytest.approx(100)  # ... known
    q = parse_quantity(f"3{symbol}/家")
    assert parse_quantity(format_quantity(q)) == q


def test_a_declaration_is_never_pints_expression_syntax() -> None:
    before = dict(vocabulary())
    for name in ("zzhostileprefix-", "a*b", "x/y", "[dim]", "1e3", "m**2", "kg"):
        with pytest.raises((FieldError, UnitError)):
            declare_unit(UnitDeclaration(name, counts="zz_hostile"))
    for equals in ("1000", "3万", "-1吨"):
        with pytest.raises(FieldError):
            UnitDeclaration("zz_hostile_eq", equals=parse_quantity(equals))
    assert dict(vocabulary()) == before
    with pytest.raises(UnitError):
        parse_unit("zzhostileprefixyuan")


def test_the_vocabulary_is_the_librarys_definitions_and_percent() -> None:
    words = vocabulary()
    for line in DEFINITIONS:
        parts = [p.strip() for p in line.split("=")]
        for name in [parts[0], *parts[2:]]:
            assert words[name] == parts[0], line
    assert words["%"] == "percent" and words["‰"] == "permille"
    for pints in ("s", "meter", "kg", "a", "kWh", "mpermille", "percent", "year", "dimensionless"):
        assert pints not in words


# -- item 3: numbers too large ---------------------------------------------------------------------
def test_a_number_of_400_digits_is_refused() -> None:
    with pytest.raises(QuantityParseError) as exc:
        parse_quantity("9" * 400 + "亿元")
    assert "402 characters long" in _en(exc)


def test_a_number_of_5000_digits_does_not_leak_pythons_limit() -> None:
    with pytest.raises(QuantityParseError) as exc:
        parse_quantity("9" * 5000)
    assert "set_int_max_str_digits" not in _en(exc) and "Exceeds the limit" not in _en(exc)


def test_too_many_digits() -> None:
    parse_quantity("1." + "1" * (limits.MAX_DIGITS - 1))  # at the limit: read
    with pytest.raises(QuantityParseError) as exc:
        parse_quantity("1." + "1" * limits.MAX_DIGITS + "亿元")
    assert f"has {limits.MAX_DIGITS + 1} digits, over the limit of {limits.MAX_DIGITS}" in _en(exc)
    # leading zeros are no digits of the number
    assert parse_quantity("0.000000000000000000000000000001").magnitude == 1e-30


def test_magnitude_beyond_the_limit() -> None:
    assert parse_quantity("1000000000000000000亿元").magnitude == 10**18  # at the limit
    with pytest.raises(QuantityParseError) as exc:
        parse_quantity("1000000000000000001亿元")
    assert "beyond the largest magnitude allowed, 1e18 in absolute value" in _en(exc)
    with pytest.raises(QuantityParseError, match="beyond the largest magnitude"):
        parse_quantity("-2000000000000000000.5%")
    with pytest.raises(TargetParseError, match="beyond the largest magnitude"):
        _target("达到" + "9" * 25 + "亿元")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (137, None),
        (-(10**18), None),
        (1e18, None),
        (decimal.Decimal("1.5"), None),
        (10**18 + 1, "1000000000000000001 is beyond the largest magnitude allowed"),
        (-1e300, "-1e+300 is beyond"),
        (10**5000, "1000000000000000000…(5001 digits) is beyond"),
        (-(10**5000) + 7, "-9999999999999999999…(5000 digits) is beyond"),
        (float("inf"), "inf is not a finite number"),
        (float("nan"), "nan is not a finite number"),
        (decimal.Decimal("NaN"), "NaN is not a finite number"),
    ],
    ids=lambda v: type(v).__name__,  # not repr: Python refuses to write 10**5000
)
def test_magnitude_problem(value: Any, problem: str | None) -> None:
    got = magnitude_problem(value)
    if problem is None:
        assert got is None
    else:
        assert got is not None and got.en.startswith(problem), got.en
        assert got.zh  # said in Chinese too


# -- item 10: wrong accepts ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10%%", "unknown unit '%%'"),  # was 10 %²
        ("5%‰", "unknown unit '%‰'"),
        ("1s", "unknown unit 's'"),
        ("3meter", "unknown unit 'meter'"),
        ("1kg", "unknown unit 'kg'"),
        ("1a", "unknown unit 'a'"),  # was one year
        ("1kWh", "unknown unit 'kWh'"),
        ("1mpermille", "unknown unit 'mpermille'"),
        ("1亿元/亿元/亿元", "names one unit more than once"),  # was exported as "11/亿元"
        ("1 2亿元", "spaces split its number"),  # was 12亿元
        ("1\u30002亿元", "spaces split its number"),
        ("1 ,234亿元", "spaces split its number"),
        ("1. 5亿元", "spaces split its number"),
        ("٣亿元", "expected a number followed by a unit"),
    ],
)
def test_wrong_accepts_are_refused(text: str, message: str) -> None:
    with pytest.raises(QuantityParseError, match=message):
        parse_quantity(text)


@pytest.mark.parametrize(
    "text", ["１２\u3000亿元\u3000", " 12 亿元", "12\u3000亿元", "１２ 万元 / 家"]
)
def test_spaces_around_a_unit_are_still_fine(text: str) -> None:
    q = parse_quantity(text)
    assert q.magnitude == 12 and not fp.is_bare(q)


@pytest.mark.parametrize(
    "text",
    [
        "增速达到5亿元",  # was read as a rate of 5亿元
        "增长10家以上",  # was read as a threshold of 10家
        "年均增长5亿元",
        "降低5万吨以下",
        "增速8",
        "增速1个百分点",
        "每年增速5亿元",
    ],
)
def test_a_growth_phrase_needs_a_percent(text: str) -> None:
    with pytest.raises(TargetParseError, match="read only as a percent or permille"):
        _target(text)


@pytest.mark.parametrize("text", ["增速8%", "增速达到8‰", "年均增长10%以上", "平均下降5‰"])
def test_growth_phrases_with_a_percent_still_read(text: str) -> None:
    assert _target(text).value_quantity.dimensionless


def test_a_level_each_year_reaches_is_still_read_after_a_word_like_growth() -> None:
    # "新增加" is no word of change: the per-year reading stands, not the growth refusal
    t = _target("每年新增加10家以上")
    assert isinstance(t, fp.RateTarget) and t.describe() == "每年≥10家"


@pytest.mark.parametrize(("text", "message"), [("达到1 2亿元", "spaces split a number")])
def test_target_phrase_refusals(text: str, message: str) -> None:
    with pytest.raises(TargetParseError, match=message):
        _target(text)


def test_a_unit_with_nothing_above_the_line_exports_losslessly() -> None:
    unit = parse_unit("家") ** -1
    assert format_unit(unit) == "家**-1"
    q = ureg.Quantity(5, unit)
    assert format_quantity(q) == "5家**-1"  # was "51/家": 51 per 家 when read back
    assert parse_quantity(format_quantity(q)) == q
    two = parse_unit("家") ** -1 / parse_unit("万元")
    assert parse_unit(format_unit(two)) == two


# -- properties --------------------------------------------------------------------------------
_NAMES = sorted(vocabulary())
_factor = st.tuples(
    st.sampled_from(_NAMES),
    st.sampled_from(["", "**2", "**-1", "^3", "**-3", "**4", "**0", "^-2"]),
).map("".join)
#: Unit texts near the grammar: names, operators, powers, spaces and measure words.
unit_texts = st.one_of(
    st.lists(_factor, min_size=1, max_size=4).flatmap(
        lambda fs: st.lists(
            st.sampled_from(["*", "/", "·", " / ", "", "//", "**"]),
            min_size=len(fs) - 1,
            max_size=len(fs) - 1,
        ).map(lambda ops: fs[0] + "".join(o + f for o, f in zip(ops, fs[1:], strict=True)))
    ),
    st.sampled_from(["", "个亿", "个百分点", "％", "1/家", "亿元.", "万 元"]),
    st.text(max_size=12),
)
_numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.from_regex(r"[+-]?[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,20})?", fullmatch=True),
    st.sampled_from(["１２", "0.0", "-0", "12 ", "1 2", "007"]),
)
quantity_texts = st.tuples(_numbers, unit_texts).map("".join)
#: Any text: short and odd, or very long.
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 5000)),
    quantity_texts,
)


def _equal_units(a: Any, b: Any) -> None:
    assert a == b and str(a) == str(b)


@settings(max_examples=400)
@given(unit_texts)
@example("亿元/亿元/亿元")
@example("元/RMB")
@example("万元/家")
def test_an_accepted_unit_reads_back_the_same_after_export(text: str) -> None:
    try:
        unit = parse_unit(text)
    except UnitError:
        return
    _equal_units(parse_unit(format_unit(unit)), unit)
    assert all(abs(p) <= 3 for p in unit._units.values())


@settings(max_examples=400)
@given(quantity_texts)
@example("1亿元/亿元/亿元")
@example("5家**-1")
@example("1,234.5万元")
def test_an_accepted_quantity_reads_back_the_same_after_export(text: str) -> None:
    try:
        q = parse_quantity(text)
    except QuantityParseError:
        return
    again = parse_quantity(format_quantity(q))
    assert again == q and again.magnitude == q.magnitude
    _equal_units(again.units, q.units)
    assert magnitude_problem(q.magnitude) is None


@given(any_text)
@example("9" * 5000)
@example("1e400")
@example("nan")
def test_parse_quantity_raises_only_its_documented_error(text: str) -> None:
    try:
        q = parse_quantity(text)
    except QuantityParseError:
        return
    assert isinstance(q, pint.Quantity)


@given(st.one_of(any_text, unit_texts))
def test_parse_unit_raises_only_its_documented_error(text: str) -> None:
    with contextlib.suppress(UnitError):
        parse_unit(text)


_PHRASE_WORDS = st.sampled_from(
    [
        "年均",
        "每年",
        "增长",
        "增速",
        "达到",
        "下降",
        "比重",
        "占",
        "以上",
        "以下",
        "全覆盖",
        "控制在",
        "保持",
        "个",
        "家",
        "%",
        "‰",
        "亿元",
        " ",
        "1",
        "2.5",
        "9" * 30,
        "a",
        "，",
    ]
)
phrases = st.one_of(
    any_text,
    st.lists(_PHRASE_WORDS, max_size=12).map("".join),
    st.tuples(_PHRASE_WORDS, quantity_texts, _PHRASE_WORDS).map("".join),
)


@given(phrases)
@example("每年1" + "a" * 2000)
@example("增速达到5亿元")
def test_parse_target_raises_only_its_documented_error(text: str) -> None:
    try:
        target = _target(text)
    except TargetParseError:
        return
    assert target.text == text
