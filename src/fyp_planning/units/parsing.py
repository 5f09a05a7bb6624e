"""Reading and writing Chinese quantities: ``"137.1亿元"``, ``"7600万"``, ``"1.02个百分点"``."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pint
from pint.facets.plain import PlainUnit
from pint.util import UnitsContainer

from .. import limits
from ..errors import QuantityParseError, UnitError, UnitMismatchError
from ..text import Join, Message, traditional_pairs
from ._grammar import close_units, unit_terms
from ._registry import AnyQuantity, normalize_text, ureg, vocabulary
from ._scope import hidden_declared, in_scope
from .definitions import BARE_MAGNITUDES, VARIANT_CHARACTERS

__all__ = [
    "format_quantity",
    "format_unit",
    "is_bare",
    "magnitude_problem",
    "normalize_text",
    "parse_quantity",
    "parse_unit",
    "shorten",
    "split_number",
    "suggest_units",
    "to_unit",
    "too_long",
]

# ASCII digits only (NFKC has made full-width ones ASCII): "٣" is no digit of a plan.
_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_QUANTITY_RE = re.compile(rf"(?P<num>{_NUMBER})(?P<unit>.*)", re.DOTALL)
#: Space between two parts of a number ("1 2亿元", "1 ,234"): never joined into one number.
_SPLIT_NUMBER = re.compile(r"[0-9][.,]?\s+[.,]?[0-9]")
_BARE = frozenset(BARE_MAGNITUDES)
#: How many characters of a refused text an error message quotes.
_SHOWN_CHARS = 40


def shorten(text: str, limit: int = _SHOWN_CHARS) -> str:
    """``text`` itself, or its first ``limit`` characters and ``…`` when it is longer: what an
    error message quotes of a refused text.

    Examples:
        >>> shorten("每年1" + "a" * 2000, 10)
        '每年1aaaaaaa…'
    """
    return text if len(text) <= limit else f"{text[:limit]}…"


def too_long(text: str, limit: int, message_id: str) -> Message | None:
    """The message ``message_id`` (arguments ``text``, ``length``, ``limit``) when ``text`` is
    longer than ``limit`` characters, else ``None``: the one length check of the parsers.

    Examples:
        >>> print(too_long("亿元" * 30, 40, "units.too_long").en)  # doctest: +ELLIPSIS
        unit '亿元亿元...' is 60 characters long, over the limit of 40...
    """
    if len(text) <= limit:
        return None
    return Message(message_id, text=shorten(text), length=len(text), limit=limit)


def split_number(text: str) -> bool:
    """Whether spaces split a number in ``text`` (``"1 2亿元"``): its parts are never joined.

    Examples:
        >>> split_number("1 2亿元"), split_number("137.1 亿元")
        (True, False)
    """
    return _SPLIT_NUMBER.search(unicodedata.normalize("NFKC", text)) is not None


def _unit_key(unit_text: str) -> str:
    text = unit_text
    # "个" before a magnitude or 百分点 is a measure word, not the unit 个: "12个亿", "1.02个百分点".
    if text[:1] in {"个", "個"} and text[1:2] in {"亿", "万", "百", "億", "萬"}:
        text = text[1:]
    return text


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit text: a unit of the library's vocabulary (``"亿元"``, ``"万户"``, ``"‰"``,
    ``"百分点"``, a plugin's units), or several joined by ``/``, ``*`` or ``·`` with small powers.

    The grammar (never pint's own expression syntax; pint's other units, ``s``, ``kg``, ``a``,
    and its prefixes are no plan units)::

        unit   := "" | factor (("*" | "·" | "/") factor)*
        factor := NAME [("**" | "^") POWER]      POWER: 1, 2 or 3, or -1, -2, -3

    ``/`` divides by the one factor after it (``万元/家/人`` is 万元 per 家 per 人); each unit is
    named once; 万 and 亿 stand alone (a bare number, ``"7600万"``), never in a compound. Full-width characters and spaces are tolerated; the text is at most
    ``limits.MAX_UNIT_CHARS`` characters. Each distinct text is parsed once.

    Args:
        text: The unit as written. ``""`` means dimensionless.

    Returns:
        A unit of the shared registry :data:`fyp_planning.ureg`.

    Raises:
        UnitError: the text is too long, names an unknown unit or one twice, or does not follow
            the grammar; the message quotes it.

    Examples:
        >>> parse_unit("亿元")
        <Unit('yi_yuan')>
        >>> parse_unit("万元/家")
        <Unit('wan_yuan / organization')>
        >>> parse_unit("kg")
        Traceback (most recent call last):
        ...
        fyp_planning.errors.UnitError: unknown unit 'kg' (未知单位); known Chinese units include 元, 万元, 亿元, 度, 亿度, 户, 万户, 家, 个, 项, 人, 平方公里, 平方米, %, ‰, 百分点
    """
    if not isinstance(text, str):
        raise UnitError(Message("units.not_text", text=text))
    if (long := too_long(text, limits.MAX_UNIT_CHARS, "units.too_long")) is not None:
        raise UnitError(long)
    try:
        unit = _parse_unit(text)
    except UnitError as exc:
        if exc.text is not None and exc.text.id == "units.unknown":
            raise UnitError(_unknown(text)) from None
        raise
    if hidden_declared(unit):  # another plan's declaration: unknown to the plan being read
        raise UnitError(_unknown(text)) from None
    return unit


def suggest_units(text: str) -> list[str]:
    """Known unit texts close to an unknown one, best first (at most three): what an error
    suggests. A name another plan declared is suggested only where it is known.

    Examples:
        >>> suggest_units("万圆"), suggest_units("吨标准煤/万圆")
        (['万元'], ['吨标准煤/万元'])
        >>> suggest_units("亿千瓦")
        ['亿千瓦时', '亿度', '千瓦时']
        >>> suggest_units("美刀")
        []
    """
    names = {n: u for n, u in vocabulary().items() if in_scope(u)}
    key = _unit_key(normalize_text(text))
    return close_units(key, names, _symbols(), _variants())


def _symbols() -> dict[str, str]:
    """The registry's name of each unit of the vocabulary → the name formatting writes."""
    out: dict[str, str] = {}
    for unit in set(vocabulary().values()):
        if unit not in out:
            out[unit] = format_unit(ureg.Unit(UnitsContainer({unit: 1})))
    return out


@functools.cache
def _variants() -> dict[str, str]:
    """Characters compared as others: the traditional forms and the near misses."""
    return {**traditional_pairs(), **dict(VARIANT_CHARACTERS)}


def _unknown(text: str) -> Message:
    """The message of an unknown unit: with the units it is close to, when there are any."""
    close = suggest_units(text) if len(text) <= limits.MAX_UNIT_CHARS else []
    if close:
        return Message(
            "units.unknown_close", text=text, close=Join([f"'{c}'" for c in close], sep="list")
        )
    return Message("units.unknown", text=text)


@functools.lru_cache(maxsize=4096)
def _parse_unit(text: str) -> pint.Unit:
    """The unit of a text of at most MAX_UNIT_CHARS characters (cached: refusals are not, so
    a unit a plugin registers later reads then; a unit once read never changes meaning)."""
    key = _unit_key(normalize_text(text))
    if "." in key:  # "12.5.亿元": a stray point is no part of a unit
        raise UnitError(Message("units.decimal_point", text=text))
    return ureg.Unit(UnitsContainer(unit_terms(text, key, vocabulary())))


def magnitude_problem(value: Any) -> Message | None:
    """What is wrong with a number as a magnitude of a plan, or ``None`` when nothing is.

    The one check of a number's size, for quantity texts (:func:`parse_quantity`) and for the
    numbers of plan files and tables alike: a magnitude is finite and at most
    ``limits.MAX_MAGNITUDE`` in absolute value, and zero or at least ``limits.MIN_MAGNITUDE``
    (a smaller one cannot be written back as fixed-point text). The message quotes a short
    form of the number (never all the digits of a huge integer).

    Args:
        value: The number (``int``, ``float``, ``Decimal``, a numpy scalar).

    Returns:
        ``None``, or the message (``units.magnitude.*``) saying what is wrong.

    Examples:
        >>> magnitude_problem(137.1) is None
        True
        >>> print(magnitude_problem(10**400).en)
        1000000000000000000…(401 digits) is beyond the largest magnitude allowed, 1e18 in absolute value
        >>> print(magnitude_problem(float("nan")).en)
        nan is not a finite number
    """
    if isinstance(value, int):
        if -limits.MAX_MAGNITUDE <= value <= limits.MAX_MAGNITUDE:
            return None
        shown = _shown_int(value)
    elif isinstance(value, Decimal) and value.is_finite() and value != 0:
        # Compared as decimals: "1e9999" is too large, not "not finite" as its float would say.
        size = abs(value)
        if size < _SMALLEST:
            return Message(
                "units.magnitude.too_small", value=shorten(str(value), 24), limit=_SMALLEST_SHOWN
            )
        if size <= _LARGEST:
            return None
        shown = shorten(str(value), 24)
    else:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return Message("units.magnitude.not_finite", value=shorten(str(value)))
        if not math.isfinite(number):
            return Message("units.magnitude.not_finite", value=shorten(str(value)))
        if number != 0 and abs(number) < limits.MIN_MAGNITUDE:
            return Message(
                "units.magnitude.too_small", value=shorten(str(value), 24), limit=_SMALLEST_SHOWN
            )
        if abs(number) <= limits.MAX_MAGNITUDE:
            return None
        shown = shorten(str(value), 24)
    return Message("units.magnitude.too_large", value=shown, limit=_LIMIT_SHOWN)


_LIMIT_SHOWN = f"{limits.MAX_MAGNITUDE:.0e}".replace("e+", "e")
_SMALLEST_SHOWN = f"{limits.MIN_MAGNITUDE:.0e}"
_LARGEST, _SMALLEST = Decimal(repr(limits.MAX_MAGNITUDE)), Decimal(repr(limits.MIN_MAGNITUDE))


def _shown_int(value: int) -> str:
    """A short form of a huge integer: its first digits and how many it has (without writing
    it whole: Python refuses to write integers of more than 4300 digits)."""
    digits = max(1, math.floor(value.bit_length() * math.log10(2)) + 1)
    if abs(value) >= 10**digits:  # the estimate is one short at most
        digits += 1
    elif abs(value) < 10 ** (digits - 1):
        digits -= 1
    if digits <= 24:
        return str(value)
    head = abs(value) // 10 ** (digits - 19)
    return f"{'-' if value < 0 else ''}{head}…({digits} digits)"


def parse_quantity(text: str) -> AnyQuantity:
    """Parse a Chinese quantity such as ``"137.1亿元"`` into a pint quantity.

    Full-width digits and spaces are tolerated (spaces may stand around the number and in the
    unit, never inside the number: ``"1 2亿元"`` is refused). A number followed only by 万 or
    亿 (``"7600万"``, ``"12个亿"``) or by nothing (``"31.5"``) is kept as a *bare* quantity —
    the document did not say what it counts — and :func:`is_bare` tells so; nothing is guessed.

    Bounds: the text is at most ``limits.MAX_QUANTITY_CHARS`` characters,
    the number at most ``limits.MAX_DIGITS`` digits (leading zeros aside)
    and at most ``limits.MAX_MAGNITUDE`` in absolute value; the unit is read
    by :func:`parse_unit`.

    Args:
        text: The quantity as written in the document.

    Returns:
        A quantity of the shared registry; integers stay ``int``.

    Raises:
        QuantityParseError: the text is not a number followed by a known unit, or is beyond a
            bound; the message quotes the text (its start, when it is long).

    Examples:
        >>> parse_quantity("137.1亿元")
        <Quantity(137.1, 'yi_yuan')>
        >>> parse_quantity("1.02个百分点")
        <Quantity(1.02, 'percentage_point')>
        >>> parse_quantity("７６００万")
        <Quantity(7600, 'wan')>
        >>> parse_quantity("4.5亿度").to("万度")
        <Quantity(45000.0, 'wan_du')>
        >>> parse_quantity("1 2亿元")
        Traceback (most recent call last):
        ...
        fyp_planning.errors.QuantityParseError: cannot read '1 2亿元' as a quantity: spaces split its number (数字中间有空格)
    """
    if not isinstance(text, str):
        raise QuantityParseError(Message("units.quantity.not_text", text=text))
    if (long := too_long(text, limits.MAX_QUANTITY_CHARS, "units.quantity.too_long")) is not None:
        raise QuantityParseError(long)
    norm = unicodedata.normalize("NFKC", text).strip()
    if _SPLIT_NUMBER.search(norm):
        raise QuantityParseError(Message("units.quantity.split_number", text=text))
    match = _QUANTITY_RE.fullmatch(norm)
    if not match:
        raise QuantityParseError(Message("units.quantity.unreadable", text=text))
    num_text = match["num"].replace(",", "")
    digits = len(num_text.lstrip("+-").replace(".", "").lstrip("0"))
    if digits > limits.MAX_DIGITS:
        raise QuantityParseError(
            Message(
                "units.quantity.too_many_digits",
                text=shorten(text),
                digits=digits,
                limit=limits.MAX_DIGITS,
            )
        )
    number: int | float = float(num_text) if "." in num_text else int(num_text)
    problem = magnitude_problem(number)
    if problem is not None:
        raise QuantityParseError(
            Message("units.quantity.bad_number", text=shorten(text), problem=problem)
        )
    unit_text = match["unit"]
    try:
        unit = parse_unit(unit_text)
    except UnitError as exc:
        if exc.text is None or exc.text.id == "units.unknown":
            message = Message("units.quantity.unknown_unit", text=text, unit=unit_text)
        elif exc.text.id == "units.unknown_close":
            close = exc.text.arguments["close"]
            message = Message(
                "units.quantity.unknown_unit_close", text=text, unit=unit_text, close=close
            )
        else:
            message = Message("units.quantity.bad_unit", text=text, problem=exc.text)
        raise QuantityParseError(message) from None
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

    The result of a unit :func:`parse_unit` reads parses back with it to the same unit. A unit
    with nothing above the line is written with negative powers (``"家**-1"``, never
    ``"1/家"``, whose ``1`` would join the number of a quantity).

    Examples:
        >>> format_unit(parse_unit("万元/家"))
        '万元/家'
        >>> format_unit(parse_unit("家**-1"))
        '家**-1'
    """
    key = getattr(unit, "_units", None)  # pint's units container: hashable, by value
    found = _UNIT_TEXT.get(key) if key is not None else None
    if found is not None:
        return found
    bare = unit == ureg.dimensionless and str(unit) == "dimensionless"
    text = "" if bare else f"{unit:~C}"
    if text.startswith("1/") and key is not None:
        text = "*".join(
            f"{format_unit(ureg.Unit(UnitsContainer({name: 1})))}**{power}"
            for name, power in key.items()
        )
    if key is not None and len(_UNIT_TEXT) < 10_000:
        _UNIT_TEXT[key] = text
    return text


#: Texts of units formatted so far (pint's formatting costs ~25 µs a call; tables and exports
#: format the same few units thousands of times). Units are never redefined
#: (:func:`~fyp_planning.declare_unit` refuses to), so a unit's text never changes.
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
