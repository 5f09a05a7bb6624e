"""Short display forms of quantities, rates and ratios for sentences and tables (private)."""

from __future__ import annotations

import math
from typing import Any

from ..units import AnyQuantity, Quantity, format_quantity, ureg

__all__ = ["per_year", "rate_text", "ratio_text", "short", "to_dict_value"]

_YEAR = ureg.year


def _round(value: float, digits: int) -> float:
    """Round for display; keep small non-zero values visible (3 significant digits)."""
    if value == 0 or not math.isfinite(value):
        return value
    if abs(value) < 10**-digits:
        return float(f"{value:.3g}")
    return round(value, digits)


def short(quantity: AnyQuantity | None, digits: int = 2) -> str:
    """A quantity rounded for reading: ``198亿元``, ``8.67%``, ``0.2百分点/年``; ``—`` for none."""
    if quantity is None or not math.isfinite(quantity.magnitude):  # past a float: no number
        return "—"
    if per_year(quantity):
        return f"{short(quantity * _YEAR, digits)}/年"
    magnitude = quantity.magnitude
    if isinstance(magnitude, float):
        magnitude = _round(magnitude, digits)
    return format_quantity(Quantity(magnitude, quantity.units))


def per_year(quantity: AnyQuantity) -> bool:
    """Whether the quantity is a change per year (a linear rate)."""
    return dict(quantity.unit_items()).get("year", 0) == -1


def rate_text(quantity: AnyQuantity, digits: int = 2) -> str:
    """The size of a rate without its sign: ``8.67%``, ``0.2百分点``, ``16家``."""
    magnitude = abs(quantity.magnitude)
    if not math.isfinite(magnitude):
        return "—"
    if per_year(quantity):
        return short(Quantity(magnitude, quantity.units * _YEAR), digits)
    return f"{abs(quantity.to('percent').magnitude):.{digits}f}%"


def ratio_text(value: float) -> str:
    """A ratio with two decimals: ``0.83``."""
    return f"{value:.2f}"


def to_dict_value(quantity: AnyQuantity | None) -> Any:
    """A quantity as lossless text for JSON (``"8.670939%"``, ``"0.2百分点/年"``), or None."""
    if quantity is None or not math.isfinite(quantity.magnitude):
        return None
    if per_year(quantity):
        return f"{format_quantity(quantity * _YEAR)}/年"
    return format_quantity(quantity)
