"""attrs converters of tuple fields, typed for checkers (private).

Not ``converter=tuple``: the class ``tuple`` is generic, and a type checker reading it as a
converter leaves its type variable unsolved, rejecting every argument.

No ``from __future__ import annotations`` here: attrs copies a converter's parameter annotation
into the class's ``__init__``, where a string annotation would have to resolve in the class's
own module (autodoc resolves it there, and falls back to unlinked text when it cannot).
"""

from collections.abc import Iterable
from typing import Any

__all__ = ["items", "texts"]


def items(values: Iterable[Any]) -> tuple[Any, ...]:
    """Any iterable as a tuple."""
    return tuple(values)


def texts(values: Iterable[str]) -> tuple[str, ...]:
    """Texts (flags, ids) as a tuple."""
    return tuple(values)
