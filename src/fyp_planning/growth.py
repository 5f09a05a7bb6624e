"""Growth maths of plans: compound and arithmetic rates, implied levels, percentage points.

May import: errors, units. Maths on quantities, beside the model (neither imports the other);
the analyses and render use it.

Small exact functions, each documented with its formula. Levels are quantities of the shared
registry (or plain numbers); rates are returned as quantities in percent. A rate argument may
be a dimensionless quantity (``10%``) or a plain fraction (``0.10``).

Growth between the values of two years spans ``years`` = the difference of the years: from
2015 to 2020 is 5 years of growth (a 十三五 plan's 期初 and 期末).
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pint
from pint.facets.plain import PlainUnit

from .errors import UnitMismatchError
from .units import AnyQuantity, Quantity, ureg

__all__ = [
    "apply_pp",
    "arithmetic_average_rate",
    "cagr",
    "compound_from_total",
    "implied_level",
    "power",
    "pp_change",
    "required_cagr",
    "total_growth",
]

#: Years between two values: a number, or an array of them (batch evaluation).
Years = float | npt.NDArray[np.float64]

_PERCENT = ureg.percent
_PP = ureg.percentage_point


def _pair(start: Any, end: Any, what: str) -> tuple[Any, Any, PlainUnit | None]:
    """Magnitudes of start and end in start's unit (or plain numbers): numbers or arrays."""
    s_q, e_q = isinstance(start, pint.Quantity), isinstance(end, pint.Quantity)
    if s_q != e_q:
        raise TypeError(f"{what}: give both values as quantities or both as numbers")
    if not s_q:
        return start, end, None
    try:
        return start.magnitude, end.to(start.units).magnitude, start.units
    except pint.DimensionalityError:
        raise UnitMismatchError(what, end.units, start.units) from None


def _fraction(rate: Any, what: str) -> Any:
    if isinstance(rate, pint.Quantity):
        if not rate.dimensionless:
            raise UnitMismatchError(what, rate.units, _PERCENT)
        return rate.to("dimensionless").magnitude
    return rate


def power(base: Any, exponent: Any) -> Any:
    """``base ** exponent``, for numbers and for numpy arrays alike, to the last bit.

    numpy's vectorised power may differ from the C library's ``pow`` (which Python floats use)
    in the last bit; on arrays each element is computed with ``math.pow``, so that growth maths
    on arrays (batch evaluation) gives exactly what it gives on numbers. Where ``pow`` is
    undefined or overflows, numbers and arrays alike give numpy's NaN or infinity — never an
    exception, never a complex number (a negative base to a fractional power is NaN).

    Examples:
        >>> import numpy as np
        >>> power(1.37, 1 / 3) == power(np.array([1.37]), 1 / 3)[0]
        np.True_
        >>> power(1e300, 2), power(0.0, -1), power(-8.0, 1 / 3)
        (inf, inf, nan)
    """
    if not isinstance(base, np.ndarray) and not isinstance(exponent, np.ndarray):
        try:
            out = base**exponent
        except OverflowError:  # a float past 1.8e308: infinity, as numpy gives
            odd = float(exponent).is_integer() and int(exponent) % 2 == 1
            return -math.inf if base < 0 and odd else math.inf
        except ZeroDivisionError:  # zero to a negative power
            return math.inf
        return math.nan if isinstance(out, complex) else out
    b, e = np.broadcast_arrays(np.asarray(base, dtype=np.float64), np.asarray(exponent))
    with np.errstate(all="ignore"):
        out = np.power(b, e, dtype=np.float64)
    exact = np.flatnonzero(np.isfinite(out) & ((b > 0) | (np.floor(e) == e)))
    if len(exact):
        # at the edge of the range pow raises: numpy's result stands
        with contextlib.suppress(OverflowError, ValueError):
            out[exact] = list(map(math.pow, b[exact].tolist(), e[exact].tolist()))
    return out


def _check_years(years: Any) -> None:
    if isinstance(years, (int, float)) and not years > 0:
        raise ValueError(f"years must be positive, got {years!r}")


def cagr(start: Any, end: Any, years: Years) -> AnyQuantity:
    """Compound annual growth rate: ``(end / start) ** (1 / years) - 1``.

    Args:
        start: Value at the start (``137.1亿元``); must be positive.
        end: Value at the end, in a unit compatible with ``start``.
        years: Years between them (positive; fractions allowed for partial periods).

    Returns:
        The rate as a quantity in percent; infinite when it overflows a float (a start of
        1e-300 against an end of 1e18).

    Raises:
        UnitMismatchError: ``end`` cannot be converted to ``start``'s unit.
        ValueError: ``start`` is not positive, ``end`` is negative, or ``years`` is not positive.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(cagr(parse_quantity("137.1亿元"), parse_quantity("198亿元"), 5), 2)
        <Quantity(7.63, 'percent')>
    """
    s, e, _ = _pair(start, end, "cagr")
    _check_years(years)
    if isinstance(s, (int, float)) and (s <= 0 or e < 0):
        raise ValueError(f"CAGR needs a positive start and a non-negative end, got {s} and {e}")
    return Quantity(power(e / s, 1.0 / years) - 1.0, "dimensionless").to(_PERCENT)


def required_cagr(current: Any, target: Any, years: float) -> AnyQuantity:
    """The compound annual rate needed to go from ``current`` to ``target`` in ``years``.

    The same formula as :func:`cagr`, read forwards: from the latest value to the target.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(required_cagr(parse_quantity("198亿元"), parse_quantity("300亿元"), 5), 2)
        <Quantity(8.67, 'percent')>
    """
    return cagr(current, target, years)


def implied_level(start: Any, rate: Any, years: Years) -> Any:
    """The level reached by growing ``start`` at ``rate`` a year for ``years``:
    ``start * (1 + rate) ** years``.

    The inverse of :func:`cagr`: ``implied_level(a, cagr(a, b, n), n) == b`` (to rounding).

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(implied_level(parse_quantity("198亿元"), parse_quantity("10%"), 5), 1)
        <Quantity(318.9, 'yi_yuan')>
    """
    _check_years(years)
    return start * power(1.0 + _fraction(rate, "implied_level"), years)


def total_growth(start: Any, end: Any) -> AnyQuantity:
    """Growth over the whole span: ``end / start - 1``, in percent.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(total_growth(parse_quantity("137.1亿元"), parse_quantity("198亿元")), 1)
        <Quantity(44.4, 'percent')>
    """
    s, e, _ = _pair(start, end, "total_growth")
    if isinstance(s, (int, float)) and s == 0:
        raise ValueError("growth from zero is undefined")
    return Quantity(e / s - 1.0, "dimensionless").to(_PERCENT)


def arithmetic_average_rate(start: Any, end: Any, years: Years) -> AnyQuantity:
    """Total growth divided by years: ``(end / start - 1) / years``, in percent.

    Documents often call this "年均增长" although the compound rate (:func:`cagr`) is the
    correct annual average; the two differ by more the longer the span and the faster the growth.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(arithmetic_average_rate(parse_quantity("137.1亿元"),
        ...                               parse_quantity("198亿元"), 5), 2)
        <Quantity(8.88, 'percent')>
    """
    _check_years(years)
    rate: AnyQuantity = total_growth(start, end) / years
    return rate


def compound_from_total(total: Any, years: float) -> AnyQuantity:
    """The compound annual rate equivalent to a total growth: ``(1 + total) ** (1/years) - 1``.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(compound_from_total(parse_quantity("44.4%"), 5), 2)
        <Quantity(7.63, 'percent')>
    """
    _check_years(years)
    g = _fraction(total, "compound_from_total")
    if isinstance(g, (int, float)) and g <= -1:
        raise ValueError(f"a total growth of {g:.2%} or less has no compound equivalent")
    return Quantity(power(1.0 + g, 1.0 / years) - 1.0, "dimensionless").to(_PERCENT)


def pp_change(old: Any, new: Any) -> AnyQuantity:
    """The change of a share in percentage points (百分点), not percent.

    Args:
        old: The earlier share, e.g. ``2.06%``.
        new: The later share, e.g. ``3.08%``.

    Raises:
        UnitMismatchError: either value is not a share (dimensionless).

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(pp_change(parse_quantity("2.06%"), parse_quantity("3.08%")), 2)
        <Quantity(1.02, 'percentage_point')>
    """
    o = _fraction(old, "pp_change")
    n = _fraction(new, "pp_change")
    return Quantity((n - o) * 100.0, _PP)


def apply_pp(share: Any, change: AnyQuantity) -> AnyQuantity:
    """A share moved by a change in percentage points, in percent.

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> round(apply_pp(parse_quantity("2.06%"), parse_quantity("1.02个百分点")), 2)
        <Quantity(3.08, 'percent')>
    """
    if not isinstance(change, pint.Quantity) or change.units != _PP:
        raise UnitMismatchError("apply_pp", getattr(change, "units", change), _PP)
    base = _fraction(share, "apply_pp") * 100.0
    return Quantity(base + change.magnitude, _PERCENT)
