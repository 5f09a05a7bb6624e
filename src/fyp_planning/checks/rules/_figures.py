"""Figures as the document rounded them: intervals, readings of bare numbers, formatting.

The tolerance rule of the whole audit: a figure written with *d* decimal places stands for
every value that rounds to it, ``x ± ½·10⁻ᵈ`` (``137.1`` is 137.05–137.15, ``46`` is 45.5–46.5,
``3%`` is 2.5–3.5 %). A derived figure (a rate from two levels, a sum of parts) is the interval
of all values it can take over its inputs' intervals. A stated figure is consistent when its
interval meets the derived one: only a contradiction that no rounding explains is reported.

Counts are the one exception, and only where a rule asks for it (``figure(...,
exact_counts=True)``: the totals V002 and V003): a whole number of a count's own unit — ``38家``,
``8个``, ``12项`` — is exact, 38 and nothing else, since firms are not counted in fractions.
Counts in a multiple (``15.29万户``), fractions (``38.5家``), money and percentages keep the
tolerance of their written precision. A rule may also widen an exact count back to its
rounding when the document says the figure is approximate (约38家).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import pint
from pint.facets.plain import PlainUnit

from ...model.composition import Composition
from ...text import fmt, pct
from ...units import AnyQuantity, format_quantity, is_bare, ureg

__all__ = ["Figure", "decimals", "figure", "fmt", "meets", "pct", "whole_count"]

_EPS = 1e-9

#: Dimensions that are not counts of things: money, percentage points and pint's physical ones.
_NOT_COUNTS = frozenset(
    {
        "[currency]",
        "[percentage_point]",
        "[length]",
        "[mass]",
        "[time]",
        "[current]",
        "[temperature]",
        "[substance]",
        "[luminosity]",
    }
)


def decimals(x: float) -> int:
    """Decimal places of a figure as written (its shortest repr): 137.1 → 1, 46 → 0."""
    text = repr(float(x))
    if "e" in text or "E" in text:
        mantissa, _, exp = text.lower().partition("e")
        places = len(mantissa.partition(".")[2].rstrip("0"))
        return max(places - int(exp), 0)
    frac = text.partition(".")[2]
    frac = frac.rstrip("0")
    return len(frac)


@attrs.frozen
class Figure:
    """A figure read into a unit: its value, the interval its rounding allows, its text."""

    lo: float
    mid: float
    hi: float
    quantity: AnyQuantity = attrs.field(eq=False, repr=False)  # as written
    assumed: bool = False  # a bare number read in the indicator's unit

    @property
    def text(self) -> str:
        """The figure as written (``137.1亿元``), made when a finding shows it."""
        return format_quantity(self.quantity)


def _factor(units: PlainUnit, unit: PlainUnit | None) -> tuple[float, bool] | None:
    """Multiplier from a figure's written unit to ``unit``, and whether it was assumed."""
    one = ureg.Quantity(1, units)
    if unit is None:
        if not one.dimensionless:
            return None
        return float(one.to("dimensionless").magnitude), False
    target = ureg.Quantity(1, unit)
    if is_bare(one) and not target.dimensionless:
        # A bare number: 0.87亿 read as 0.87亿元 when the indicator is in 亿元 (scale word kept,
        # unit assumed); a plain 31.5 read in the indicator's own unit.
        if units == ureg.dimensionless:
            return 1.0, True
        scale = float(one.to("dimensionless").magnitude)
        return scale / float(target.to_base_units().magnitude), True
    if not one.is_compatible_with(target):
        return None
    return float(one.to(unit).magnitude), False


#: Factors worked out so far: (written units, indicator units) → :func:`_factor`'s answer.
_FACTORS: dict[tuple[Any, Any], tuple[float, bool] | None] = {}
_UNKNOWN: Any = object()


def whole_count(units: PlainUnit) -> bool:
    """Whether ``units`` is a count's own unit, one thing a unit: 家, 个, 项, 户, 人, 件, 人次 or a
    declared count (床) — not a multiple (万户, 万人), money or a physical quantity.

    Examples:
        >>> from fyp_planning.units import parse_unit
        >>> [whole_count(parse_unit(u)) for u in ("家", "个", "项", "万户", "亿元", "%")]
        [True, True, True, False, False, False]
    """
    got = _WHOLE.get(units)
    if got is None:
        one = ureg.Quantity(1, units)
        dims = dict(one.dimensionality)
        got = (
            len(dims) == 1
            and next(iter(dims.values())) == 1
            and next(iter(dims)) not in _NOT_COUNTS
            and abs(float(one.to_base_units().magnitude) - 1.0) < _EPS
        )
        if len(_WHOLE) < 10_000:
            _WHOLE[units] = got
    return got


#: Units found to be (or not to be) a count's own unit so far.
_WHOLE: dict[Any, bool] = {}


def figure(
    quantity: AnyQuantity | Composition, unit: PlainUnit | None, *, exact_counts: bool = False
) -> Figure | None:
    """The figure read into ``unit`` (``None`` for bare figures only), or ``None`` if it cannot
    be (incompatible units, or not a quantity: a composition's shares).

    With ``exact_counts``, a whole number of a count's own unit (:func:`whole_count`: ``38家``,
    or a bare ``38`` read in 家) is exact: its interval is the number itself.

    Examples:
        >>> from fyp_planning.units import parse_quantity, parse_unit
        >>> f = figure(parse_quantity("38家"), parse_unit("家"))
        >>> (f.lo, f.hi)
        (37.5, 38.5)
        >>> f = figure(parse_quantity("38家"), parse_unit("家"), exact_counts=True)
        >>> (f.lo, f.hi)
        (38.0, 38.0)
        >>> f = figure(parse_quantity("12.5亿元"), parse_unit("亿元"), exact_counts=True)
        >>> (f.lo, f.hi)
        (12.45, 12.55)
    """
    # A plan writes its figures in a few units, so the factor is kept per pair of units (by
    # value: pint's units containers); working it out makes pint quantities and unit names,
    # which cost more than the rest of the audit's work on a figure. Units are never redefined
    # (declare_unit refuses to), so a factor never changes.
    if not isinstance(quantity, pint.Quantity):
        return None  # a composition's shares: no figure of one unit
    key = (quantity._units, None if unit is None else unit._units)
    got = _FACTORS.get(key, _UNKNOWN)
    if got is _UNKNOWN:
        got = _factor(quantity.units, unit)
        if len(_FACTORS) < 10_000:
            _FACTORS[key] = got
    if got is None:
        return None
    factor, assumed = got
    m = float(quantity.magnitude)
    half = 0.5 * 10 ** -decimals(m)
    if exact_counts and m.is_integer():
        # 38家 is counted in its own unit (30000户 read in 万户 too); a bare 38 in the
        # indicator's, but a bare 3万 is a rounded figure whatever it counts
        counted = quantity.units if not assumed else unit if factor == 1.0 else None
        if counted is not None and whole_count(counted):
            half = 0.0
    lo, hi = sorted(((m - half) * factor, (m + half) * factor))
    return Figure(lo=lo, mid=m * factor, hi=hi, quantity=quantity, assumed=assumed)


def meets(a: Sequence[float], b: Sequence[float], *, strict: bool = False) -> bool:
    """Whether two intervals ``(lo, hi)`` meet (with a hair of float slack).

    ``strict`` asks for an overlap of positive length, for two rounded figures of the same
    thing: 45 and 46 touch at 45.5, but no single value is written both ways (45.5 rounds
    to 46), while 4.58 and 4.6 overlap and are the same figure rounded twice.
    """
    slack = _EPS * max(1.0, abs(a[0]), abs(a[1]), abs(b[0]), abs(b[1]))
    if strict:
        return a[0] < b[1] - slack and b[0] < a[1] - slack
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack
