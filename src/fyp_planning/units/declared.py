"""Units a plan file declares (``[units.床]``): data, turned into definitions by this module.

A county writes data, not code, so a plan that needs a unit the library lacks declares it in a
top-level ``[units]`` table, in one of two forms and nothing else::

    [units.床]
    counts = "bed"            # a new kind of count: 床 never adds to 家, 个 or 人
    [units.万床]
    equals = "10000床"        # a multiple of a known (or declared) unit

The definition given to the registry is built here from those two facts (a dimension of its
own, or a scale and a unit of the vocabulary); no text of the plan is ever handed to pint's
expression parser. The registry is process-wide, so a name may be declared again only with the
same meaning; another meaning is refused, never a silent redefinition.

A declared name is known while the plan that declares it (and the plans of its chain of
predecessors and successors) is being read — :func:`declared_scope` — and everywhere once it
has been declared (an observations table read later, a target phrase): loading one plan never
depends on which other plans this process read before.
"""

from __future__ import annotations

import math
import re
from typing import Any, NoReturn, cast

import attrs
import pint
from pint.facets.plain.definitions import DimensionDefinition, ScaleConverter, UnitDefinition
from pint.util import UnitsContainer

from .. import limits
from ..errors import FieldError, UnitError
from ..text import Message
from . import _scope
from ._registry import AnyQuantity, _lock, _vocabulary, normalize_text, ureg, vocabulary
from ._scope import declared_scope
from .parsing import format_quantity, format_unit, is_bare

__all__ = ["UnitDeclaration", "declare_unit", "declared_scope"]

#: A declared unit's name: letters (Chinese or Latin), digits and ``_``, not starting with a
#: digit: ``床``, ``标箱``, ``TEU``, ``万床``.
_NAME = re.compile(r"[^\W\d]\w*")
#: The id of a count's dimension: ASCII, lower case (``bed``, ``teu``, ``container_berth``).
_DIMENSION = re.compile(r"[a-z][a-z0-9_]*")

NAME_EXPECTED = (
    f"a unit name of at most {limits.MAX_UNIT_CHARS} characters: letters (Chinese or Latin), "
    "digits and _, not starting with a digit, e.g. 床, 标箱, TEU"
)
DIMENSION_EXPECTED = "an ASCII id of what is counted: lower-case letters, digits and _, e.g. bed"
EQUALS_EXPECTED = "a positive multiple of a known unit as text, e.g. '10000床', '1000吨'"


def _refuse(attribute: attrs.Attribute[Any], said: str, value: Any, expected: str) -> NoReturn:
    raise FieldError(attribute.name, Message(said), value, expected)


def _check_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    ok = isinstance(value, str) and len(value) <= limits.MAX_UNIT_CHARS
    if not (ok and _NAME.fullmatch(value) and value == normalize_text(value)):
        _refuse(attribute, "units.declare.bad_name", value, NAME_EXPECTED)


def _check_counts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    ok = value is None or (isinstance(value, str) and len(value) <= limits.MAX_UNIT_CHARS)
    if not ok or (value is not None and not _DIMENSION.fullmatch(value)):
        _refuse(attribute, "units.declare.bad_dimension", value, DIMENSION_EXPECTED)


def _check_equals(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, pint.Quantity) or value._REGISTRY is not ureg:
        _refuse(attribute, "units.declare.bad_equals", value, EQUALS_EXPECTED)
    magnitude = value.magnitude
    number = isinstance(magnitude, (int, float)) and not isinstance(magnitude, bool)
    if not (number and math.isfinite(magnitude)):
        _refuse(attribute, "units.declare.bad_equals", value, EQUALS_EXPECTED)
    if magnitude <= 0 or is_bare(value):
        _refuse(attribute, "units.declare.bad_equals", format_quantity(value), EQUALS_EXPECTED)


@attrs.frozen
class UnitDeclaration:
    """A unit a plan declares: a new kind of count, or a multiple of a known unit.

    Exactly one of ``counts`` and ``equals`` is given.

    Attributes:
        name: The unit's name as plans write it (``床``, ``万床``, ``标箱``), NFKC-normalised.
        counts: For a new kind of count, the ASCII id of what it counts (``bed``): a dimension of
            its own, so the unit never adds to or converts into 家, 个, 人 or another count.
        equals: For a multiple, how much one of it is, in a unit of the vocabulary
            (``10000床`` for 万床).

    Raises:
        ValueError: a name, dimension id or multiple of the wrong form, or neither or both of
            ``counts`` and ``equals`` (the error names the field, the value and what was
            expected).

    Examples:
        >>> from fyp_planning import UnitDeclaration, parse_quantity
        >>> UnitDeclaration("床", counts="bed").describe()
        'counts bed'
        >>> UnitDeclaration("千吨", equals=parse_quantity("1000吨")).describe()
        'equals 1000吨'
        >>> UnitDeclaration("床", counts="Bed")
        Traceback (most recent call last):
        ...
        fyp_planning.errors.FieldError: counts: ... got 'Bed'; expected an ASCII id of what is counted: lower-case letters, digits and _, e.g. bed
    """

    name: str = attrs.field(validator=_check_name)
    counts: str | None = attrs.field(default=None, kw_only=True, validator=_check_counts)
    equals: AnyQuantity | None = attrs.field(default=None, kw_only=True, validator=_check_equals)

    def __attrs_post_init__(self) -> None:
        if (self.counts is None) == (self.equals is None):
            raise FieldError(
                "counts",
                Message("units.declare.one_of"),
                None,
                "either counts = 'an_id' (a new kind of count) or equals = '10000床' (a multiple)",
            )

    def describe(self) -> str:
        """What the declaration says, as a plan file writes it.

        Examples:
            >>> UnitDeclaration("标箱", counts="teu").describe()
            'counts teu'
        """
        if self.equals is None:
            return f"counts {self.counts}"
        return f"equals {format_quantity(self.equals)}"


#: The dimensions count declarations made (``[bed]``), each with the unit counting it.
_dimensions: dict[str, str] = {}
#: What each declared unit (the registry's name) was declared as: ``counts bed``.
_said: dict[str, str] = {}


def _same_meaning(unit: str, decl: UnitDeclaration) -> bool:
    """Whether the registry's ``unit`` means what ``decl`` says."""
    one = ureg.Quantity(1, ureg.Unit(UnitsContainer({unit: 1})))
    equals = decl.equals
    if equals is None:
        dimension = f"[{decl.counts}]"
        base = one.to_base_units()
        return dict(base.dimensionality) == {dimension: 1} and math.isclose(base.magnitude, 1)
    if not one.is_compatible_with(equals.units):
        return False
    return math.isclose(one.to(equals.units).magnitude, equals.magnitude, rel_tol=1e-9)


def declare_unit(decl: UnitDeclaration, *, scoped: bool = False) -> None:
    """Make ``decl``'s unit known to the shared registry (nothing when it already means that).

    The registry's definition is built from the declaration's two facts (a dimension of its
    own, or a scale of a known unit); no text is handed to pint's expression parser. Plugins
    declare their units with it (:attr:`Plugin.units`), and so may user code.

    Args:
        decl: The declaration.
        scoped: Whether the unit is known only to the plans of the chain being read (what the
            loader asks for a plan's ``[units]`` table), rather
            than everywhere, like a built-in unit (plugins, user code).

    Raises:
        UnitError: the name is known with another meaning (a built-in unit, a plugin's, or
            another plan's declaration), is one of pint's own units, or the count's dimension
            is a built-in one (write ``equals = "1家"`` to count the same thing).

    Examples:
        >>> from fyp_planning.units import parse_quantity
        >>> declare_unit(UnitDeclaration("座位_doctest", counts="seat_doctest"))
        >>> parse_quantity("3座位_doctest") + parse_quantity("2座位_doctest")
        <Quantity(5, '座位_doctest')>
        >>> declare_unit(UnitDeclaration("家", counts="firm"))
        Traceback (most recent call last):
        ...
        fyp_planning.errors.UnitError: unit '家' is already known with another meaning (单位已有不同定义): 1家 = 1 organization; a declaration may not change a unit's meaning: choose another name
    """
    name = decl.name
    with _lock:
        known = _vocabulary.get(name)
        if known is not None:
            if _same_meaning(known, decl):
                if not scoped:  # declared for everyone now
                    _scope.declared.pop(known, None)
                _scope.know(known)
                return
            raise UnitError(Message("units.declare.redefines", name=name, meaning=_meaning(known)))
        if name in ureg:  # one of pint's own units, no plan unit ("kg", "s", "m")
            raise UnitError(Message("units.declare.pint_name", name=name))
        equals = decl.equals
        if equals is None:
            dimension = f"[{decl.counts}]"
            owner = _dimensions.get(dimension)
            if owner is None and dimension in ureg._dimensions:
                builtin = _counting(dimension)
                raise UnitError(
                    Message("units.declare.builtin_dimension", id=decl.counts, unit=builtin)
                )
            if owner is None:
                ureg.define(cast(Any, DimensionDefinition(dimension)))
                _dimensions[dimension] = name
            definition = UnitDefinition(
                name, None, (), ScaleConverter(1), UnitsContainer({dimension: 1})
            )
        else:
            definition = UnitDefinition(
                name,
                None,
                (),
                ScaleConverter(equals.magnitude),
                UnitsContainer(dict(equals.units._units)),
            )
        ureg.define(cast(Any, definition))
        _said[name] = decl.describe()
        if scoped:
            _scope.declared[name] = _said[name]
        _scope.know(name)
        _vocabulary[name] = name


def _meaning(unit: str) -> str:
    """What the registry's ``unit`` is, for an error: ``1家 = 1 organization``."""
    one = ureg.Quantity(1, ureg.Unit(UnitsContainer({unit: 1})))
    symbol = format_unit(one.units)
    if unit in _said:
        return f"{symbol} {_said[unit]}"
    base = one.to_base_units()
    terms = "*".join(n if p == 1 else f"{n}**{p:g}" for n, p in sorted(base.units._units.items()))
    return f"1{symbol} = {base.magnitude:g} {terms}".rstrip()


def _counting(dimension: str) -> str:
    """The unit counting ``dimension`` (``家`` for ``[organization]``), or the dimension."""
    for unit in set(vocabulary().values()):
        one = ureg.Unit(UnitsContainer({unit: 1}))
        if (
            dict(one.dimensionality) == {dimension: 1}
            and ureg.Quantity(1, one).to_base_units().magnitude == 1
        ):
            return format_unit(one)
    return dimension
