"""attrs validators and converters shared by the model classes (private)."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pint

from ..errors import FieldError
from ..units import format_quantity, is_bare, ureg

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_EXPECTED = "an ASCII id of lower-case letters, digits and '_', starting with a letter"


def check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Ids are ASCII snake_case: ``industrial_output``."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise FieldError(attribute.name, "not an ASCII id", value, ID_EXPECTED)


def check_optional_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_id(instance, attribute, value)


def check_ids(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value:
        check_id(instance, attribute, item)


def check_quantity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Values are quantities of the shared registry (not numbers, not another registry's)."""
    if not isinstance(value, pint.Quantity) or value._REGISTRY is not ureg:
        raise FieldError(
            attribute.name,
            "not a quantity of fyp_planning.ureg",
            value,
            "a quantity of fyp_planning.ureg, e.g. parse_quantity('300亿元')",
        )


def check_optional_quantity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_quantity(instance, attribute, value)


def check_unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, pint.Unit) or value._REGISTRY is not ureg:
        raise FieldError(
            attribute.name, "not a unit of fyp_planning.ureg", value, "e.g. parse_unit('亿元')"
        )


def check_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Rates are dimensionless quantities with a rate unit (``10%``, ``5‰``), not bare numbers."""
    check_quantity(instance, attribute, value)
    if not value.dimensionless or is_bare(value):
        raise FieldError(
            attribute.name, "not a rate", format_quantity(value), "a rate such as 10% or 5‰"
        )
    if value.magnitude < 0:
        raise FieldError(
            attribute.name,
            "negative rate",
            format_quantity(value),
            "a rate of 0 or more; for a planned fall use a reduction target (平均下降…)",
        )


def to_tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str):  # a lone string is not a list of ids
        return (value,)
    return tuple(value)


def opt_str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise FieldError(attribute.name, "wrong type", value, "text")


def check_str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must be non-empty text", value, "non-empty text")


PERCENT: pint.Unit = ureg.percent
