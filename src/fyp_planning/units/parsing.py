"""Reading and writing Chinese quantities: ``"137.1亿元"``, ``"7600万"``, ``"1.02个百分点"``."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pint
from pint.facets.plain import PlainUnit

from ..errors import QuantityParseError, UnitError, UnitMismatchError
from ..text import Message
from ._registry import AnyQuantity, ureg
from .definitions import BARE_MAGNITUDES

__all__ = [
    "format_quantity",
    "format_unit",
    "is_bare",
    "normalize_text",
    "parse_quantity",
    "parse_unit",
    "to_unit",
]

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY_RE = re.compile(rf"^(?P<num>{_NUMBER})(?P<unit>.*)$")
_UNIT_ALIASES = {
    "%": "percent",
    "‰": "permille",
    "": "dimensionless",
}
_BARE = frozenset(BARE_MAGNITUDES)


def normalize_text(text: str) -> str:
    """Normalise full-width characters and drop whitespace, as Chinese documents need.

    Full-width digits, letters, ``％`` and ``．`` become their ASCII forms (NFKC) and every kind of
    space (including the ideographic space ``\\u3000``) is removed.

    Examples:
        >>> normalize_text("１３７．１ 亿元")
        '137.1亿元'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


def _unit_key(unit_text: str) -> str:
    text = unit_text
    # "个" before a magnitude or 百分点 is a measure word, not the unit 个: "12个亿", "1.02个百分点".
    if text.startswith("个") and text[1:2] in {"亿", "万", "百"}:
        text = text[1:]
    return _UNIT_ALIASES.get(text, text)


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string: Chinese (``"亿元"``, ``"万户"``, ``"‰"``, ``"百分点"``) or pint syntax.

    Args:
        text: The unit as written. ``""`` means dimensionless.

    Returns:
        A unit of the shared registry :data:`fyp_planning.ureg`.

    Raises:
        UnitError: the unit is unknown; the message quotes it.

    Examples:
        >>> parse_unit("亿元")
        <Unit('yi_yuan')>
        >>> parse_unit("万元/家")
        <Unit('wan_yuan / organization')>
    """
    if not isinstance(text, str):
        raise UnitError(Message("units.not_text", text=text))
    key = _unit_key(normalize_text(text))
    if "." in key:  # "12.5.亿元": a stray point is no part of a unit
        raise UnitError(Message("units.decimal_point", text=text))
    try:
        return ureg.parse_units(key)
    except Exception:  # pint raises many kinds (tokenizer, ZeroDivision, ...): all mean "unknown"
        raise UnitError(Message("units.unknown", text=text)) from None


def parse_quantity(text: str) -> AnyQuantity:
    """Parse a Chinese quantity such as ``"137.1亿元"`` into a pint quantity.

    Full-width digits and spaces are tolerated. A number followed only by 万 or 亿 (``"7600万"``,
    ``"12个亿"``) or by nothing (``"31.5"``) is kept as a *bare* quantity — the document did not
    say what it counts — and :func:`is_bare` tells so; nothing is guessed.

    Args:
        text: The quantity as written in the document.

    Returns:
        A quantity of the shared registry; integers stay ``int``.

    Raises:
        QuantityParseError: the text is not a number followed by a known unit; the message
            quotes the text.

    Examples:
        >>> parse_quantity("137.1亿元")
        <Quantity(137.1, 'yi_yuan')>
        >>> parse_quantity("1.02个百分点")
        <Quantity(1.02, 'percentage_point')>
        >>> parse_quantity("７６００万")
        <Quantity(7600, 'wan')>
        >>> parse_quantity("4.5亿度").to("万度")
        <Quantity(45000.0, 'wan_du')>
    """
    if not isinstance(text, str):
        raise QuantityParseError(Message("units.quantity.not_text", text=text))
    norm = normalize_text(text)
    match = _QUANTITY_RE.match(norm)
    if not match:
        raise QuantityParseError(Message("units.quantity.unreadable", text=text))
    num_text = match["num"].replace(",", "")
    number: int | float = float(num_text) if "." in num_text else int(num_text)
    try:
        unit = parse_unit(match["unit"])
    except UnitError:
        raise QuantityParseError(
            Message("units.quantity.unknown_unit", text=text, unit=match["unit"])
        ) from None
    return ureg.Quantity(number, unit)


def is_bare(quantity: AnyQuantity) -> bool:
    """Whether the quantity was written with no unit: a plain number, or one with only 万 / 亿.

    Examples:
        >>> is_bare(parse_quantity("7600万")), is_bare(parse_quantity("3.08%"))
        (True, False)
    """
    key = getattr(quantity, "_units", None)  # pint's units container: hashable, by value
    found = _BARE_OF.get(key) if key is not None else None
    if found is None:
        found = str(quantity.units) in _BARE
        if key is not None and len(_BARE_OF) < 10_000:
            _BARE_OF[key] = found
    return found


#: Whether each unit seen so far is bare (``str`` of a unit costs ~20 µs; a plan's loading and
#: audit ask it of every value, in a handful of units).
_BARE_OF: dict[Any, bool] = {}


def format_unit(unit: PlainUnit) -> str:
    """Format a unit as a Chinese plan writes it (``"亿元"``, ``"%"``, ``"万元/家"``).

    The result parses back with :func:`parse_unit` to the same unit.

    Examples:
        >>> format_unit(parse_unit("万元/家"))
        '万元/家'
    """
    key = getattr(unit, "_units", None)  # pint's units container: hashable, by value
    found = _UNIT_TEXT.get(key) if key is not None else None
    if found is not None:
        return found
    bare = unit == ureg.dimensionless and str(unit) == "dimensionless"
    text = "" if bare else f"{unit:~C}"
    if key is not None and len(_UNIT_TEXT) < 10_000:
        _UNIT_TEXT[key] = text
    return text


#: Texts of units formatted so far (pint's formatting costs ~25 µs a call; tables and exports
#: format the same few units thousands of times). Units are never redefined
#: (:func:`~fyp_planning.register_units` refuses to), so a unit's text never changes.
_UNIT_TEXT: dict[Any, str] = {}


def _format_number(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a magnitude")
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot format non-finite magnitude {value!r}")
    value += 0.0  # -0.0 becomes 0.0: plans do not write negative zero
    text = repr(value)  # the shortest text that reads back as the same float
    if "e" in text or "E" in text:  # plans write positional numbers: same digits, no exponent
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    # "198.0" is written "198"; past 2**53 an integer reads back as a different number, so the
    # ".0" stays and the text reads back as the same float.
    if text.endswith(".0") and abs(value) < 2**53:
        text = text[:-2]
    return text


def format_quantity(quantity: AnyQuantity) -> str:
    """Format a quantity as a Chinese plan writes it, e.g. ``"137.1亿元"``.

    Magnitudes keep every digit needed to read the same float back, so
    ``parse_quantity(format_quantity(q)) == q``.

    Examples:
        >>> format_quantity(parse_quantity("137.1亿元"))
        '137.1亿元'
        >>> format_quantity(ureg.Quantity(5, "permille"))
        '5‰'
    """
    return f"{_format_number(quantity.magnitude)}{format_unit(quantity.units)}"


def to_unit(quantity: AnyQuantity, unit: PlainUnit | str, what: str = "value") -> AnyQuantity:
    """Convert ``quantity`` to ``unit``, raising :class:`UnitMismatchError` when impossible.

    Args:
        quantity: The quantity to convert.
        unit: Target unit (a unit or a unit string).
        what: What the quantity is, for the error message.

    Raises:
        UnitMismatchError: the units measure different things (亿元 vs 亿度, 家 vs 户).

    Examples:
        >>> to_unit(parse_quantity("4428.8万元"), "亿元")
        <Quantity(0.44288, 'yi_yuan')>
    """
    target = parse_unit(unit) if isinstance(unit, str) else unit
    try:
        return quantity.to(target)
    except pint.DimensionalityError:
        raise UnitMismatchError(what, quantity.units, target) from None
