"""attrs validators and converters shared by the model classes (private).

Text fields come in two kinds. A *name* (an id's name, a region, a title, a category, a
park's kind and towns, a target's ``of`` and ``scope``, an audit exception's ``at``) is one
line: no control character at all — not a tab, not a line break — since names are drawn in
SVG, GraphML and Mermaid, quoted in Markdown tables and used as labels. *Free text* (notes,
sources, products, focus, the document's words, reasons) may span lines: tab, line feed and
carriage return are kept, every other control character is refused. Neither may hold a lone
surrogate (text no file can be written with). The control characters are Unicode's ``Cc``:
C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F); none of them is ever part of a name.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pint

from .. import limits
from ..errors import FieldError
from ..text import Message
from ..units import format_quantity, format_unit, is_bare, ureg
from ..units.declared import UnitDeclaration
from .composition import Composition

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_EXPECTED = "an ASCII id of lower-case letters, digits and '_', starting with a letter"


def check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Ids are ASCII snake_case: ``industrial_output``."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise FieldError(attribute.name, "not an ASCII id", value, ID_EXPECTED)


def check_optional_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_id(instance, attribute, value)


#: A reference to a chain template of the library: ``std:food_processing``, pinned
#: ``std:food_processing@1``. Allowed only where a template is named (``Chain.template``,
#: ``ChainTemplate.id`` and ``ChainTemplate.extends``).
STD_TEMPLATE_PATTERN = re.compile(r"^std:([a-z][a-z0-9_]*)(?:@([1-9][0-9]{0,5}))?$")
STD_TEMPLATE_EXPECTED = "a library template as std:ID or std:ID@VERSION, e.g. 'std:food_processing'"


def check_template_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A template id: an ASCII id (a plan's own template) or ``std:ID[@VERSION]`` (the library's)."""
    if isinstance(value, str) and STD_TEMPLATE_PATTERN.match(value):
        return
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise FieldError(
            attribute.name, "not an ASCII id", value, f"{ID_EXPECTED}, or {STD_TEMPLATE_EXPECTED}"
        )


def check_optional_template_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_template_id(instance, attribute, value)


def check_optional_std_template(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``None`` or a reference to a library template (``std:ID[@VERSION]``)."""
    if value is not None and not (isinstance(value, str) and STD_TEMPLATE_PATTERN.match(value)):
        raise FieldError(attribute.name, "not a library template", value, STD_TEMPLATE_EXPECTED)


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


def check_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A quantity of the shared registry, or a :class:`~fyp_planning.Composition` (shares)."""
    if not isinstance(value, Composition):
        check_quantity(instance, attribute, value)


def check_optional_quantity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_quantity(instance, attribute, value)


def check_unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, pint.Unit) or value._REGISTRY is not ureg:
        raise FieldError(
            attribute.name, "not a unit of fyp_planning.ureg", value, "e.g. parse_unit('亿元')"
        )


#: What a plan writes instead of 万 or 亿 alone: what the figure counts, with its magnitude.
_COUNTED = "亿元, 万元, 亿千瓦时 (亿度), 万人, 万人次, 万户"


def check_indicator_unit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An indicator's unit says what it counts: 万 or 亿 alone (``unit = "亿"``) is a magnitude,
    not a unit, and would make every figure a bare number (``需年均增加29000000000百分点``)."""
    check_unit(instance, attribute, value)
    if value != ureg.dimensionless and is_bare(ureg.Quantity(1, value)):
        raise FieldError(
            attribute.name,
            Message("units.bare_indicator_unit", examples=_COUNTED),
            format_unit(value),
            f"what it counts, e.g. {_COUNTED}",
        )


def check_declared_units(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A plan's declared units: :class:`~fyp_planning.UnitDeclaration` objects, each name once,
    at most ``limits.MAX_DECLARED_UNITS``."""
    expected = f"at most {limits.MAX_DECLARED_UNITS} UnitDeclaration objects, each name once"
    if len(value) > limits.MAX_DECLARED_UNITS:
        raise FieldError(
            attribute.name,
            Message("io.too_many_units", limit=limits.MAX_DECLARED_UNITS),
            len(value),
            expected,
        )
    names = set()
    for decl in value:
        if not isinstance(decl, UnitDeclaration) or decl.name in names:
            raise FieldError(attribute.name, "not a unit declaration, or a name twice", decl,
                             expected)  # fmt: skip
        names.add(decl.name)


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
    """Optional free text: ``None``, or text whose only control characters are tab and line
    breaks."""
    if value is None:
        return
    if not isinstance(value, str):
        raise FieldError(attribute.name, "wrong type", value, "text")
    if _NOT_IN_TEXT.search(value):
        raise FieldError(attribute.name, _CONTROL, value, TEXT_EXPECTED)


#: Characters refused in a name: every control character, and lone surrogates.
_NOT_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Characters refused in free text: control characters but tab, line feed and carriage return.
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
NAME_EXPECTED = "text on one line, without control characters (no tab, line break or \\x00-\\x1f)"
TEXT_EXPECTED = "text without control characters other than tab and line break"
_CONTROL = "control character (控制字符)"


def _name_chars(attribute: attrs.Attribute[Any], value: str) -> None:
    if _NOT_IN_NAME.search(value):
        raise FieldError(attribute.name, _CONTROL, value, NAME_EXPECTED)


def check_str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A name: non-empty text on one line (see the module docstring)."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must be non-empty text", value, "non-empty text")
    _name_chars(attribute, value)


def opt_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An optional name: ``None``, or text on one line."""
    opt_str(instance, attribute, value)
    if value is not None:
        _name_chars(attribute, value)


def check_names(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of names (a park's towns)."""
    for item in value:
        if not isinstance(item, str):
            raise FieldError(attribute.name, "wrong type", item, "text")
        _name_chars(attribute, item)


YEAR_OUT_OF_RANGE = "year out of range (年份超出范围)"
YEAR_EXPECTED = f"a year from {limits.MIN_YEAR} to {limits.MAX_YEAR}"


def check_year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A year a plan may name: an ``int`` from ``limits.MIN_YEAR`` to
    ``limits.MAX_YEAR``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be an integer, got {value!r}")
    if not limits.MIN_YEAR <= value <= limits.MAX_YEAR:
        raise FieldError(attribute.name, YEAR_OUT_OF_RANGE, value, YEAR_EXPECTED)


def check_optional_year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_year(instance, attribute, value)


def check_years(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value:
        check_year(instance, attribute, item)


PERCENT: pint.Unit = ureg.percent
