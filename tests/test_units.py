"""Example tests of Chinese quantities: parsing, bare numbers, conversions, errors, formatting."""

from __future__ import annotations

import itertools

import pint
import pytest

import fyp_planning as fp
from fyp_planning import (
    Quantity,
    QuantityParseError,
    UnitDeclaration,
    UnitError,
    UnitMismatchError,
    declare_unit,
    format_quantity,
    format_unit,
    is_bare,
    parse_quantity,
    parse_unit,
    to_unit,
    ureg,
)

Q = parse_quantity
_names = (f"zz_test_unit_{i}" for i in itertools.count())


def _fresh() -> str:
    """A unit name no other test (nor pint) uses: the registry is shared by the whole process."""
    return next(_names)


# -- parsing ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "magnitude", "unit"),
    [
        ("137.1亿元", 137.1, "yi_yuan"),
        ("4428.8万元", 4428.8, "wan_yuan"),
        ("4.5亿度", 4.5, "yi_du"),
        ("15.29万户", 15.29, "wan_household"),
        ("5‰", 5, "permille"),
        ("3.08%", 3.08, "percent"),
        ("1.02个百分点", 1.02, "percentage_point"),
        ("1.02百分点", 1.02, "percentage_point"),
        ("180家", 180, "organization"),
        ("5平方公里", 5, "square_kilometer"),
        ("70万平米", 70, "wan_square_meter"),
        ("50万平方米", 50, "wan_square_meter"),
        ("12个", 12, "item"),
        ("3项", 3, "entry"),
        ("9万人", 9, "wan_person"),
        ("0.5吨标准煤/万元", 0.5, "tce / wan_yuan"),
        ("１３７．１亿元", 137.1, "yi_yuan"),
        ("137.1 亿元", 137.1, "yi_yuan"),
        ("137.1\u3000亿元", 137.1, "yi_yuan"),
        ("\u3000１３７．１\u3000亿元 ", 137.1, "yi_yuan"),
        ("３．０８％", 3.08, "percent"),
        ("1,234.5万元", 1234.5, "wan_yuan"),
    ],
)
def test_parse_quantity(text: str, magnitude: float, unit: str) -> None:
    q = parse_quantity(text)
    assert q.magnitude == magnitude
    assert type(q.magnitude) is type(magnitude)  # integers stay int
    assert str(q.units) == unit
    assert not is_bare(q)


def test_full_width_and_spaced_forms_equal_the_plain_one() -> None:
    plain = Q("137.1亿元")
    for text in (
        "１３７．１亿元",
        "137.1 亿元",
        "137.1\u3000亿元",
        " 137.1亿元 ",
        "１３７.1　亿元",
    ):
        got = Q(text)
        assert got == plain and str(got.units) == str(plain.units), text


def test_bare_wan_is_a_dimensionless_count_of_ten_thousands() -> None:
    q = Q("7600万")
    assert is_bare(q)
    assert q.dimensionless
    assert q.magnitude == 7600 and type(q.magnitude) is int
    assert q.units == parse_unit("万") and str(q.units) == "wan"
    assert q.to("dimensionless").magnitude == 76_000_000


def test_bare_yi_with_measure_word() -> None:
    q = Q("12个亿")
    assert is_bare(q) and q.dimensionless
    assert q.magnitude == 12 and str(q.units) == "yi"
    assert q == Q("12亿")
    assert q.to("dimensionless").magnitude == 1_200_000_000


def test_plain_number_is_bare_and_stated_units_are_not() -> None:
    assert is_bare(Q("31.5")) and str(Q("31.5").units) == "dimensionless"
    for text in ("3.08%", "5‰", "1.02个百分点", "137.1亿元", "180家", "12个"):
        assert not is_bare(Q(text)), text


# -- conversions ------------------------------------------------------------------------------
def test_electricity_in_yi_du_is_kilowatt_hours() -> None:
    q = Q("4.5亿度")
    assert q == Quantity(4.5e8, "kWh")
    assert q.to("kWh").magnitude == pytest.approx(4.5e8)
    assert q.to("万度").magnitude == pytest.approx(45000)


def test_wan_hu_is_ten_thousand_households() -> None:
    q = Q("15.29万户")
    assert q.to("户").magnitude == pytest.approx(152900)
    assert q == Quantity(152900, "户")


def test_money_converts_between_wan_and_yi() -> None:
    assert Q("4428.8万元").to("亿元").magnitude == pytest.approx(0.44288)
    assert Q("137.1亿元").to("万元").magnitude == pytest.approx(1_371_000)
    total = Q("4428.8万元") + Q("1亿元")
    assert str(total.units) == "wan_yuan"
    assert total.magnitude == pytest.approx(14428.8)
    other_way = Q("1亿元") + Q("4428.8万元")
    assert str(other_way.units) == "yi_yuan"
    assert other_way.magnitude == pytest.approx(1.44288)


def test_areas_and_coal() -> None:
    assert Q("70万平米") == Q("70万平方米") == Quantity(700_000, "平方米")
    assert Q("5平方公里").to("万平方米").magnitude == pytest.approx(500)
    assert Q("1万亩").to("平方公里").magnitude == pytest.approx(10000 / 1500)
    assert Q("1吨标准煤").to("gigajoule").magnitude == pytest.approx(29.3076)
    assert Q("1万吨标煤") == Q("10000吨标准煤")


def test_percent_and_permille() -> None:
    assert Q("5‰").to("%").magnitude == pytest.approx(0.5)
    assert Q("3.08%").to("dimensionless").magnitude == pytest.approx(0.0308)


def test_percentage_point_is_not_a_percent() -> None:
    pp = Q("1.02个百分点")
    with pytest.raises(pint.DimensionalityError):
        pp.to("percent")
    with pytest.raises(pint.DimensionalityError):
        pp + Q("1%")
    assert not pp.dimensionless


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3家", "2户"),
        ("3家", "2个"),
        ("5元", "3度"),
        ("1项", "1人"),
        ("1亿元", "1亿度"),
        ("1%", "1家"),
    ],
)
def test_different_things_do_not_add(a: str, b: str) -> None:
    with pytest.raises(pint.DimensionalityError):
        Q(a) + Q(b)
    with pytest.raises(pint.DimensionalityError):
        Q(a).to(Q(b).units)


def test_registry_quantities_add_counts_of_one_kind() -> None:
    assert ureg.Quantity(3, "家") + ureg.Quantity(2, "家") == ureg.Quantity(5, "家")
    assert Q("1万户") + Q("5户") == Quantity(10005, "户")


# -- to_unit ----------------------------------------------------------------------------------
def test_to_unit_converts() -> None:
    got = to_unit(Q("4428.8万元"), "亿元")
    assert str(got.units) == "yi_yuan" and got.magnitude == pytest.approx(0.44288)
    assert to_unit(Q("4.5亿度"), ureg.Unit("kWh")).magnitude == pytest.approx(4.5e8)
    assert to_unit(Q("4.5亿度"), "度").magnitude == pytest.approx(4.5e8)


def test_to_unit_mismatch_names_both_units() -> None:
    with pytest.raises(UnitMismatchError) as exc:
        to_unit(Q("3亿度"), "亿元", "industrial output")
    err = exc.value
    assert isinstance(err, pint.DimensionalityError)
    assert isinstance(err, fp.FypError)
    text = str(err)
    assert "亿度" in text and "亿元" in text
    assert "industrial output" in text


def test_to_unit_mismatch_of_counts() -> None:
    with pytest.raises(UnitMismatchError, match=r"家.*户"):
        to_unit(Q("180家"), "户")


def test_to_unit_of_unknown_target_unit_is_a_unit_error() -> None:
    with pytest.raises(UnitError):
        to_unit(Q("1亿元"), "美刀")


# -- parse errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["abc", "", "亿元", "12亿美刀", "%", "1.2.3", "12/亿元", "三亿元", "12 亿 美刀"]
)
def test_unreadable_quantities(text: str) -> None:
    with pytest.raises(QuantityParseError) as exc:
        parse_quantity(text)
    assert isinstance(exc.value, ValueError)
    assert isinstance(exc.value, UnitError)
    assert repr(text) in str(exc.value)


@pytest.mark.parametrize("text", ["12.5.亿元", "12..亿元", "3.08.%"])
def test_stray_points_are_not_part_of_the_unit(text: str) -> None:
    # "12.5.亿元" is not a number followed by a known unit; ".亿元" is no unit.
    with pytest.raises(QuantityParseError):
        parse_quantity(text)


@pytest.mark.parametrize("text", [".亿元", "..亿元", "亿元."])
def test_unit_with_stray_points_is_unknown(text: str) -> None:
    with pytest.raises(UnitError):
        parse_unit(text)


def test_parse_quantity_refuses_non_text() -> None:
    with pytest.raises(QuantityParseError):
        parse_quantity(137.1)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["美刀", "亿美刀", "xyzzy_unit"])
def test_parse_unit_of_unknown_unit(text: str) -> None:
    with pytest.raises(UnitError) as exc:
        parse_unit(text)
    assert repr(text) in str(exc.value)
    assert not isinstance(exc.value, QuantityParseError)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("亿元", "yi_yuan"),
        ("万户", "wan_household"),
        ("‰", "permille"),
        ("%", "percent"),
        ("百分点", "percentage_point"),
        ("个百分点", "percentage_point"),
        ("万元/家", "wan_yuan / organization"),
        ("吨标煤", "tce"),
        ("平方千米", "square_kilometer"),
        ("", "dimensionless"),
    ],
)
def test_parse_unit(text: str, unit: str) -> None:
    assert str(parse_unit(text)) == unit


# -- formatting -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("q", "text"),
    [
        (Quantity(137.1, "亿元"), "137.1亿元"),
        (Quantity(198.0, "亿元"), "198亿元"),
        (Quantity(5, "permille"), "5‰"),
        (Quantity(3.08, "percent"), "3.08%"),
        (Quantity(1.02, "percentage_point"), "1.02百分点"),
        (Quantity(7600, "wan"), "7600万"),
        (Quantity(12, "yi"), "12亿"),
        (Quantity(31.5, "dimensionless"), "31.5"),
        (Quantity(70, "万平米"), "70万平方米"),
        (Quantity(2, "吨标煤"), "2吨标准煤"),
        (Quantity(1e-7, "亿元"), "0.0000001亿元"),
        (Quantity(-3, "%"), "-3%"),
        (Quantity(0.5, parse_unit("吨标准煤/万元")), "0.5吨标准煤/万元"),
    ],
)
def test_format_quantity(q: pint.Quantity, text: str) -> None:
    assert format_quantity(q) == text
    assert parse_quantity(text) == q


def test_format_quantity_of_a_huge_float_is_positional_and_reads_back() -> None:
    q = Quantity(1e16, "%")
    text = format_quantity(q)
    assert "e" not in text.lower()
    assert not text.endswith(".%")
    assert parse_quantity(text) == q


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_format_quantity_refuses_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        format_quantity(Quantity(bad, "亿元"))


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        ("万元/家", "万元/家"),
        ("平米", "平方米"),
        ("吨标煤", "吨标准煤"),
        ("", ""),
        ("%", "%"),
        ("‰", "‰"),
        ("百分点", "百分点"),
        ("万", "万"),
        ("RMB", "元"),
    ],
)
def test_format_unit(unit: str, text: str) -> None:
    assert format_unit(parse_unit(unit)) == text


# -- declare_unit (what plugins and plan files declare) -----------------------------------------
def test_declare_a_multiple_of_a_known_unit() -> None:
    symbol = f"测试顷{_fresh()[-3:]}"
    declare_unit(UnitDeclaration(symbol, equals=parse_quantity("100亩")))
    assert Quantity(1, symbol).to("亩").magnitude == pytest.approx(100)
    assert parse_quantity(f"3{symbol}").to("亩").magnitude == pytest.approx(300)


def test_declaring_the_same_unit_twice_is_fine() -> None:
    name = f"测试{_fresh()[-3:]}"
    declare_unit(UnitDeclaration(name, equals=parse_quantity("7元")))
    declare_unit(UnitDeclaration(name, equals=parse_quantity("0.0007万元")))  # the same
    assert Quantity(1, name).to("元").magnitude == pytest.approx(7)


def test_redeclaring_a_unit_with_another_meaning_is_refused() -> None:
    name = f"测试{_fresh()[-3:]}"
    declare_unit(UnitDeclaration(name, equals=parse_quantity("7元")))
    with pytest.raises(UnitError, match=name):
        declare_unit(UnitDeclaration(name, equals=parse_quantity("8元")))
    assert Quantity(1, name).to("元").magnitude == pytest.approx(7)


@pytest.mark.parametrize(
    ("name", "equals"),
    [("元", "2元"), ("万元", "3元"), ("亿元", "1万元"), ("meter", "3元"), ("yuan", "2元")],
)
def test_redefining_an_existing_unit_is_refused(name: str, equals: str) -> None:
    with pytest.raises(UnitError) as exc:
        declare_unit(UnitDeclaration(name, equals=parse_quantity(equals)))
    assert isinstance(exc.value, ValueError)
    assert Q("1亿元").to("万元").magnitude == pytest.approx(10000)  # nothing changed


def test_a_count_declaration_makes_a_dimension_of_its_own() -> None:
    name = f"测试床{_fresh()[-3:]}"
    declare_unit(UnitDeclaration(name, counts=f"bed_{_fresh()[-3:]}"))
    with pytest.raises(pint.DimensionalityError):
        Q(f"3{name}") + Q("2家")
    with pytest.raises(UnitError, match="built-in kind of count"):
        declare_unit(UnitDeclaration(f"测试机构{_fresh()[-3:]}", counts="organization"))


def test_any_quantity_is_the_quantity_class_at_run_time() -> None:
    # Type checkers read AnyQuantity as pint.Quantity[Any]; what reads annotations at run time
    # (autodoc, a cattrs converter with hooks registered for pint.Quantity) must find the class.
    import typing

    from fyp_planning.model.composition import Composition
    from fyp_planning.model.observation import Observation
    from fyp_planning.model.statement import Statement
    from fyp_planning.units import AnyQuantity

    assert AnyQuantity is pint.Quantity
    assert isinstance(parse_quantity("137.1亿元"), AnyQuantity)
    assert typing.get_type_hints(Statement)["value"] is pint.Quantity
    # an observation's value is a quantity, or a composition's shares
    assert typing.get_type_hints(Observation)["value"] == pint.Quantity | Composition


def test_format_unit_takes_the_unit_of_a_quantity() -> None:
    # quantity.units is what pint types as PlainUnit; format_unit and to_unit accept it.
    q = parse_quantity("4428.8万元")
    assert format_unit(q.units) == "万元"
    assert to_unit(parse_quantity("1亿元"), q.units) == parse_quantity("10000万元")


@pytest.mark.parametrize("name", ["Assessment", "Draft", "DraftLine", "ReviewRow", "ChainTemplate"])
def test_attrs_init_annotations_resolve_in_their_module(name: str) -> None:
    # attrs copies a converter's parameter annotation into __init__, where autodoc resolves it
    # in the class's module; an unresolvable one (a string naming what that module does not
    # import) leaves the whole signature unlinked. The typed tuple converters avoid that.
    import typing

    import fyp_planning as fp

    hints = typing.get_type_hints(getattr(fp, name).__init__)
    assert all(not isinstance(h, str) for h in hints.values())
