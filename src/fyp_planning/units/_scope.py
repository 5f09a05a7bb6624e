"""Which declared units the plan being read knows (private; see :mod:`.declared`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

import pint

__all__ = ["declared", "declared_scope", "hidden_declared", "in_scope", "know"]

#: Every unit a plan has declared in this process: the registry's name → what it says.
declared: dict[str, str] = {}
#: The declared units known while a plan is read (``None``: all of them, outside loading).
_SCOPE: ContextVar[set[str] | None] = ContextVar("declared_scope", default=None)


def hidden_declared(unit: pint.Unit) -> list[str]:
    """The units of ``unit`` that another plan declared, unknown to the plan being read."""
    scope = _SCOPE.get()
    if scope is None or not declared:
        return []
    return [name for name in unit._units if name in declared and name not in scope]


def in_scope(name: str) -> bool:
    """Whether the vocabulary's registry name ``name`` is known to the plan being read."""
    scope = _SCOPE.get()
    return scope is None or name not in declared or name in scope


def know(name: str) -> None:
    """The plans being read (if any) know the declared unit ``name``."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.add(name)


@contextlib.contextmanager
def declared_scope() -> Iterator[set[str]]:
    """While a plan is read: the names of the declared units it knows, to add its own to.

    Nested (a predecessor read while its successor is), the scope is the outer one: the plans
    of one chain know each other's declarations; a unit another plan of this process declared
    is unknown to them (outside any scope every declared unit is known).
    """
    current = _SCOPE.get()
    if current is not None:
        yield current
        return
    scope: set[str] = set()
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)
