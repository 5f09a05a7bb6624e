"""attrs validators and converters shared by the model classes (private)."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pint

from ..units import Quantity, Unit, ureg

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_EXPECTED = "an ASCII id of lower-case letters, digits and '_', starting with a letter"


def check_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """Ids are ASCII snake_case: ``industrial_output``."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValueError(f"{attribute.name} {value!r} is not {ID_EXPECTED}")


def check_optional_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        check_id(instance, attribute, value)


def check_ids(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    for item in value:
        check_id(instance, attribute, item)


def check_quantity(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """Values are quantities of the shared registry (not numbers, not another registry's)."""
    if not isinstance(value, pint.Quantity) or value._REGISTRY is not ureg:
        raise TypeError(
            f"{attribute.name} must be a quantity of fyp_planning.ureg "
            f"(e.g. parse_quantity('300亿元')), got {value!r}"
        )


def check_optional_quantity(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        check_quantity(instance, attribute, value)


def check_unit(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, pint.Unit) or value._REGISTRY is not ureg:
        raise TypeError(f"{attribute.name} must be a unit of fyp_planning.ureg, got {value!r}")


def check_rate(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    """Rates are dimensionless quantities (``10%``, ``5‰``)."""
    check_quantity(instance, attribute, value)
    if not value.dimensionless:
        raise ValueError(f"{attribute.name} must be a rate such as 10% or 5‰, got {value:~C}")


def to_tuple(value: Any) -> tuple:
    if isinstance(value, str):  # a lone string is not a list of ids
        return (value,)
    return tuple(value)


def opt_str(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be text, got {value!r}")


def check_str(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{attribute.name} must be non-empty text, got {value!r}")


PERCENT: Unit = ureg.percent
QUANTITY = Quantity
