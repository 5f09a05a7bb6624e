"""Declaring the units of a ``[units]`` table: a plan's, or a plugin's (private).

One path for both: each ``[units."床"]`` table is read as a plan file writes it
(:func:`~._schema.unit_declaration_in`) and made known by
:func:`~fyp_planning.units.declared.declare_unit`, which builds the registry's definition
itself. A declaration may name a unit declared after it in the table (``万床`` before ``床``).
"""

from __future__ import annotations

from typing import Any

from .. import limits
from ..errors import Problem, Problems, QuantityParseError, UnitError
from ..text import Message
from ..units import parse_quantity
from ..units.declared import UnitDeclaration, declare_unit
from . import _schema as s
from ._bounds import join_path

__all__ = ["declare_units_table"]

#: What a declaration whose name or dimension is taken should be instead.
_REDEFINED = "a name no other unit has (or the meaning it already has)"


def declare_units_table(
    value: Any, *, scoped: bool, path: str = "units"
) -> tuple[list[UnitDeclaration], list[Problem]]:
    """Make the units a ``[units]`` table declares known: the declarations made, in the
    table's order, and the problems of the others (at key paths under ``path``).

    Args:
        value: The table, ``{"床": {"counts": "bed"}, "万床": {"equals": "10000床"}}``.
        scoped: Whether the units are known only to the plans being read (a plan's table),
            or everywhere (a plugin's); see :func:`~fyp_planning.declare_unit`.
        path: Where the table is, for the problems' key paths.

    Those whose ``equals`` names a unit not yet known are tried again once others are made,
    as long as some are.
    """
    if not isinstance(value, dict):
        expected = 'a table of unit declarations ([units."床"] counts = "bed")'
        return [], [Problem(path, Message("io.wrong_type"), value, expected)]
    if len(value) > limits.MAX_DECLARED_UNITS:
        return [], [
            Problem(
                path,
                Message("io.too_many_units", limit=limits.MAX_DECLARED_UNITS),
                len(value),
                f"at most {limits.MAX_DECLARED_UNITS} declared units",
            )
        ]
    declared: dict[str, UnitDeclaration] = {}
    reported: list[Problem] = []
    pending = list(value.items())
    while pending:
        failed: dict[str, list[Problem]] = {}
        waiting: list[tuple[str, Any]] = []
        for key, body in pending:
            decl, problems = _declare(key, body, scoped)
            if decl is None:
                failed[key] = problems
                if _waits(body):  # asked now: a declaration after it may make it known
                    waiting.append((key, body))
            else:
                declared[key] = decl
        made = len(failed) < len(pending)
        for key, body in pending:
            if key in failed and not (made and (key, body) in waiting):
                reported += [s.nest(p, join_path(path, key)) for p in failed[key]]
        pending = waiting if made else []
    return [declared[k] for k in value if k in declared], reported


def _declare(key: str, body: Any, scoped: bool) -> tuple[UnitDeclaration | None, list[Problem]]:
    """Make ``[units.<key>]`` known: its declaration, or ``None`` and its problems (relative
    to it)."""
    try:
        decl = s.unit_declaration_in(key, body)
    except Problems as exc:
        return None, exc.problems
    try:
        declare_unit(decl, scoped=scoped)
    except UnitError as exc:
        said = exc.text if exc.text is not None else str(exc)
        if exc.text is not None and exc.text.id == "units.declare.pint_name":
            return None, [Problem("", said, key, _REDEFINED)]
        where = "counts" if decl.counts is not None else "equals"
        return None, [Problem(where, said, body[where], _REDEFINED)]
    return decl, []


def _waits(body: Any) -> bool:
    """Whether a declaration's ``equals`` names a unit not (yet) known: one declared after it
    may make it known."""
    equals = body.get("equals") if isinstance(body, dict) else None
    if not isinstance(equals, str):
        return False
    try:
        parse_quantity(equals)
    except QuantityParseError as exc:
        return exc.text is not None and exc.text.id.startswith("units.quantity.unknown_unit")
    return False
