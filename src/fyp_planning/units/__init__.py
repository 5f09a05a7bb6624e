"""Units of Chinese plans on one shared pint registry.

May import: errors, limits, text. The lowest layer but errors, limits and text: every other layer
may import it, and pint is imported here.

There is exactly one registry, :data:`ureg`, made when :mod:`fyp_planning` is imported. pint
refuses to mix quantities of different registries, so plugins and user code must use this one
(``fyp_planning.ureg`` or :data:`Quantity`) rather than making their own, and add units by
declaring them (:class:`UnitDeclaration`, :func:`declare_unit`: a new kind of count, or a
multiple of a known unit), as a plan file's ``[units]`` table does.

Examples:
    >>> from fyp_planning.units import ureg, parse_quantity
    >>> parse_quantity("137.1亿元").to("万元")
    <Quantity(1371000.0, 'wan_yuan')>
    >>> ureg.Quantity(3, "家") + ureg.Quantity(2, "户")
    Traceback (most recent call last):
    ...
    pint.errors.DimensionalityError: Cannot convert from 'organization' ([organization]) to 'household' ([household])
"""

from __future__ import annotations

from ._registry import AnyQuantity, ureg
from .declared import UnitDeclaration, declare_unit
from .parsing import (
    format_quantity,
    format_unit,
    is_bare,
    magnitude_problem,
    normalize_text,
    parse_quantity,
    parse_unit,
    shorten,
    split_number,
    suggest_units,
    to_unit,
    too_long,
)

#: The quantity class of the shared registry: ``Quantity(137.1, "亿元")``.
Quantity = ureg.Quantity
#: The unit class of the shared registry.
Unit = ureg.Unit

__all__ = [
    "AnyQuantity",
    "Quantity",
    "Unit",
    "UnitDeclaration",
    "declare_unit",
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
    "ureg",
]
