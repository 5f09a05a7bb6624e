"""The rules for one cell of an observations file (or record), shared by the one reader of
:mod:`fyp_planning.io.observation_table`: each ``read_*`` function returns the cell's value or
raises :class:`~fyp_planning.errors.BadValue` with the message the user sees.

Also the header rules and the error for a file that cannot be read. Imports no numpy, so that
``fyp_planning.io`` loads without it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any, TypeVar

import pint

from .. import limits
from ..errors import BadValue, ObservationsError, Problem, UnitError, UnitMismatchError
from ..files import FileRefused
from ..model.enums import Comparator, ObservationStatus
from ..model.indicator import Indicator
from ..model.period import Period, looks_like_span
from ..text import Message
from ..units import (
    Quantity,
    format_unit,
    is_bare,
    magnitude_problem,
    parse_quantity,
    parse_unit,
    shorten,
    to_unit,
)
from ._bounds import NUMBER_SIZE_EXPECTED, shown_int
from ._schema import did_you_mean, unit_refused

__all__ = [
    "COLUMNS",
    "NUMBER",
    "NUMBER_EXPECTED",
    "PERIOD_EXPECTED",
    "REQUIRED_COLUMNS",
    "TABLE_COLUMNS",
    "TABLE_REQUIRED_COLUMNS",
    "read_comparator",
    "read_header",
    "read_number",
    "read_period",
    "read_source",
    "read_status",
    "read_unit",
    "refused",
    "required_text",
    "unreadable",
]

#: The columns an observations file of one plan may have, in the order documented.
COLUMNS = ("indicator", "period", "value", "unit", "status", "comparator", "source")
#: The columns it must have.
REQUIRED_COLUMNS = ("indicator", "period", "value")
#: The columns a many-plan observations file may have: a ``plan`` column in front.
TABLE_COLUMNS = ("plan", *COLUMNS)
#: The columns it must have.
TABLE_REQUIRED_COLUMNS = ("plan", *REQUIRED_COLUMNS)

#: A plain decimal, maybe with a sign and thousands separators (no exponent, nan or inf).
NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: A number in scientific notation, as pandas and spreadsheets write it (``1e-05``,
#: ``2.5E+03``); the exponent has at most four digits, so reading it costs nothing.
SCIENTIFIC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d{1,4}$")
PERIOD_EXPECTED = (
    "a year such as 2021, a part of a year such as '2021年1-9月', or a span of years such as "
    "'2016-2020' or '十三五'"
)
NUMBER_EXPECTED = "a number such as 215.3 (the unit goes in the unit column)"
_DECIMAL_YEAR = re.compile(r"^[+-]?\d+\.\d*$")
_INTEGER = re.compile(r"^\d+$")
_NO_VALUE = Problem.NO_VALUE
_Choice = TypeVar("_Choice", ObservationStatus, Comparator)


def read_header(
    cells: list[str], problems: list[Problem], known: tuple[str, ...], required: tuple[str, ...]
) -> tuple[dict[str, int], int]:
    """Column name -> index of the ``known`` columns, and the header's width; problems for
    unknown, repeated and missing (``required``) columns are added to ``problems``."""
    columns: dict[str, int] = {}
    for i, raw in enumerate(cells):
        name = raw.strip().lower()
        if name not in known:
            label = name or f"{i + 1} (no name)"
            problems.append(
                Problem(
                    f"header, column {label}",
                    Message("io.observations.unknown_column"),
                    raw,
                    f"columns: {', '.join(known)}{did_you_mean(name, known)}",
                    line=1,
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    f"header, column {name}",
                    Message("io.observations.column_twice"),
                    raw,
                    "each column once",
                    line=1,
                )
            )
        else:
            columns[name] = i
    optional = [c for c in known if c not in required]
    for name in required:
        if name not in columns:
            problems.append(
                Problem(
                    f"header, column {name}",
                    Message("io.observations.missing_column"),
                    _NO_VALUE,
                    f"a header row with the columns {', '.join(required)} "
                    f"(optional: {', '.join(optional)})",
                    line=1,
                )
            )
    return columns, len(cells)


def unreadable(exc: OSError, name: str) -> ObservationsError:
    """The error for an observations file that cannot be opened or read."""
    problem = Problem(
        "",
        Message("io.observations.cannot_read", reason=exc.strerror or str(exc)),
        name,
        "an existing, readable CSV file",
    )
    return ObservationsError([problem], file=name)


def refused(exc: FileRefused, name: str) -> ObservationsError:
    """The error for an observations file that may not be read (a pipe, a device, too large);
    one that cannot be opened is said as :func:`unreadable` says it."""
    if exc.message.id == "files.cannot_read":
        reason = exc.message.arguments["reason"]
        message = Message("io.observations.cannot_read", reason=reason)
        expected = "an existing, readable CSV file"
    else:
        message = exc.message
        expected = f"a regular CSV file of at most {limits.MAX_TABLE_FILE_BYTES:,} bytes"
    return ObservationsError([Problem("", message, name, expected)], file=name)


def required_text(raw: Any, expected: str) -> str:
    """``raw`` stripped; empty or ``None`` is an "empty value", anything but text a wrong type."""
    text = _optional_text(raw, expected)
    if text is None:
        raise BadValue(raw, expected, Message("io.observations.empty_value"))
    return text


def _optional_text(raw: Any, expected: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BadValue(raw, f"text: {expected}", Message("io.wrong_type"))
    return raw.strip() or None


def read_period(raw: Any) -> Period:
    """A year (``2021``, ``2021年``, an ``int``), a part of one (``2021年1-9月``) or a span of
    years (``2016-2020``, ``十三五``)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        try:
            return Period(raw)
        except ValueError as exc:
            raise BadValue(
                raw, PERIOD_EXPECTED, Message("io.observations.not_a_year", reason=str(exc))
            ) from None
    if isinstance(raw, float):
        raise BadValue(raw, PERIOD_EXPECTED, Message("io.observations.decimal_year"))
    text = required_text(raw, PERIOD_EXPECTED)
    norm = unicodedata.normalize("NFKC", text)
    if _DECIMAL_YEAR.match(norm):
        raise BadValue(raw, PERIOD_EXPECTED, Message("io.observations.decimal_year"))
    if _INTEGER.match(norm):
        try:
            return Period(int(norm))
        except ValueError as exc:
            raise BadValue(
                raw, PERIOD_EXPECTED, Message("io.observations.not_a_year", reason=str(exc))
            ) from None
    try:
        return Period.parse(text)
    except ValueError as exc:
        reason = (
            Message("io.period.bad_span", reason=str(exc))
            if looks_like_span(text)
            else Message("io.observations.not_a_period")
        )
        raise BadValue(raw, PERIOD_EXPECTED, reason) from None


def read_number(raw: Any) -> tuple[Decimal, str]:
    """The value as an exact decimal, and as written (for the observation's text)."""
    if isinstance(raw, bool):
        raise BadValue(raw, NUMBER_EXPECTED, Message("io.wrong_type"))
    if isinstance(raw, (int, float)):
        _check_size(raw, raw)
        if isinstance(raw, int):
            return Decimal(raw), str(raw)
        return Decimal(repr(raw)), repr(raw)
    text = required_text(raw, NUMBER_EXPECTED)
    norm = unicodedata.normalize("NFKC", text)
    if NUMBER.match(norm):
        plain = norm.replace(",", "")
        return Decimal(plain), plain
    if SCIENTIFIC.match(norm):
        number = Decimal(norm)
        digits = len(number.as_tuple().digits)
        if digits > limits.MAX_DIGITS:
            raise BadValue(
                raw,
                NUMBER_EXPECTED,
                Message(
                    "units.quantity.too_many_digits",
                    text=shorten(text),
                    digits=digits,
                    limit=limits.MAX_DIGITS,
                ),
            )
        _check_size(raw, number)
        return number, norm
    try:
        with_unit = not is_bare(parse_quantity(text))
    except UnitError:
        with_unit = False
    if with_unit:
        raise BadValue(
            raw,
            "the number alone in the value column and its unit in the unit column",
            Message("io.observations.value_with_unit"),
        )
    raise BadValue(raw, NUMBER_EXPECTED, Message("io.observations.not_a_number"))


def _check_size(raw: Any, number: int | float | Decimal) -> None:
    """Refuse ``number`` (read from ``raw``) when its size is beyond the limits."""
    size = magnitude_problem(number)  # the one check of a number's size
    if size is None:
        return
    if isinstance(number, float) and not math.isfinite(number):
        raise BadValue(raw, NUMBER_EXPECTED, Message("io.observations.not_finite"))
    if size.id == "units.magnitude.too_small":
        raise BadValue(raw, NUMBER_EXPECTED, size)
    shown = shown_int(number) if isinstance(number, int) else raw
    raise BadValue(shown, NUMBER_SIZE_EXPECTED, Message("io.observations.too_large"))


_UNIT_EXAMPLES = "亿元, 万元, 亿度, 万户, 家, 个, %, ‰, 百分点"


def read_unit(raw: Any, ind: Indicator | None) -> pint.Unit | None:
    """The unit of a value (``None``: the indicator's own); it must convert to ``ind``'s."""
    text = _optional_text(raw, "a unit such as 万元")
    if text is None:
        return None
    try:
        unit = parse_unit(text)
    except UnitError as exc:
        said = unit_refused(exc, Message("io.observations.unknown_unit"))
        raise BadValue(raw, f"a known unit, e.g. {_UNIT_EXAMPLES}", said) from None
    if is_bare(Quantity(1, unit)):
        raise BadValue(
            raw,
            "the whole unit, e.g. 万元 rather than 万",
            Message("io.observations.bare_unit"),
        )
    if ind is not None:
        try:
            to_unit(Quantity(1, unit), ind.unit)
        except UnitMismatchError:
            own = format_unit(ind.unit)
            same = _same_kind(ind.unit)
            raise BadValue(
                raw,
                f"a unit of the same kind as {own}{same}",
                Message("io.observations.unit_incompatible", unit=own),
            ) from None
    return unit


def _same_kind(unit: pint.Unit) -> str:
    """Words naming units of the same kind as ``unit``: ``, e.g. 亿元 or 万元``."""
    own = format_unit(unit)
    for a, b in (("亿元", "万元"), ("亿度", "万度"), ("万户", "户"), ("万人", "人")):
        if own in (a, b):
            return f", e.g. {a} or {b}"
    return ""


def read_status(raw: Any) -> ObservationStatus:
    """``actual`` (default), ``estimate``, ``preliminary`` or 实际, 预计, 初步."""
    unknown = Message("io.observations.unknown_status")
    return _choice(raw, ObservationStatus, ObservationStatus.ACTUAL, unknown)


def read_comparator(raw: Any) -> Comparator:
    """``=`` (default), ``>=`` / 以上 or ``<=`` / 以下."""
    return _choice(raw, Comparator, Comparator.EQ, Message("io.observations.unknown_comparator"))


def _choice(raw: Any, kind: type[_Choice], default: _Choice, unknown: Message) -> _Choice:
    """One of the enum ``kind``'s values, by its name in English or Chinese (any case)."""
    text = _optional_text(raw, kind.choices())
    if text is None:
        return default
    try:
        return kind.from_text(text.lower())
    except ValueError:
        raise BadValue(raw, kind.choices(), unknown) from None


def read_source(raw: Any) -> str | None:
    """Free text, or ``None``."""
    return _optional_text(raw, "text, e.g. the statistical bulletin the value comes from")
