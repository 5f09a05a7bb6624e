"""The grammar of a unit text (private engine of :func:`fyp_planning.units.parse_unit`).

A unit text is read by this module alone, never by pint's expression parser (whose cost grows
with the square of the text's length and which knows hundreds of units plans do not use)::

    unit   := ""                              (no unit: a bare number)
            | factor (op factor)*
    op     := "*" | "·" | "/"                 ("/" divides by the one factor after it)
    factor := NAME [("**" | "^") POWER]
    POWER  := ["+" | "-"] 1 | 2 | 3

NAME is a unit name of the library's vocabulary (:func:`~._registry.vocabulary`: the names,
symbols and aliases of its definitions and of units plugins registered, and ``%`` / ``‰``),
written whole; each unit is named once (``亿元/亿元`` and ``元/RMB`` are refused: write a power).
So ``万元/家``, ``吨标准煤/万元``, ``亿元**2``, ``家**-1`` read, and every power of the unit read
is between -3 and 3: the text says it. 万 and 亿 stand alone (``7600万``: a bare number), never
in a compound or with a power.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import UnitError
from ..text import Join, Message
from .definitions import BARE_MAGNITUDES

__all__ = ["MAX_POWER", "unit_terms"]

#: The largest power (in absolute value) a factor of a unit text may have.
MAX_POWER = 3

_OPERATOR = re.compile(r"(\*\*|\^|\*|·|/)")
_POWER = re.compile(r"[+-]?[0-9]+")
_BARE = frozenset(BARE_MAGNITUDES)


def unit_terms(text: str, key: str, names: Mapping[str, str]) -> dict[str, int]:
    """The registry's unit names and powers ``key`` (the normalised ``text``) writes.

    Args:
        text: The unit as given (quoted in errors).
        key: ``text`` normalised: NFKC, no spaces, no measure word.
        names: The vocabulary: a name a plan may write → the registry's name of its unit.

    Raises:
        UnitError: ``key`` does not follow the grammar, names an unknown unit or one twice, has
            a power beyond :data:`MAX_POWER`, or puts 万 / 亿 in a compound.
    """
    if not key:
        return {}
    parts = _OPERATOR.split(key)  # name, operator, name-or-power, operator, ...
    terms: dict[str, int] = {}
    written_as: dict[str, str] = {}
    sign, i = 1, 0
    while True:
        name = parts[i]
        if not name:
            raise UnitError(Message("units.malformed", text=text))
        unit = names.get(name)
        if unit is None:
            raise UnitError(Message("units.unknown", text=text))
        power = 1
        i += 1
        if i < len(parts) and parts[i] in ("**", "^"):
            written = parts[i + 1]
            if not _POWER.fullmatch(written):
                raise UnitError(Message("units.malformed", text=text))
            power = int(written)  # at most MAX_UNIT_CHARS digits
            if not 0 < abs(power) <= MAX_POWER:
                raise UnitError(Message("units.power", text=text, power=written, most=MAX_POWER))
            i += 2
        if unit in terms:
            first = next(n for n, u in written_as.items() if u == unit)
            names_ = first if first == name else Join((first, name))
            raise UnitError(Message("units.repeated", text=text, names=names_))
        terms[unit] = sign * power
        written_as[name] = unit
        if i == len(parts):
            if len(terms) > 1 or power != 1:
                bare = [n for n, u in written_as.items() if u in _BARE]
                if bare:  # "万*家", "亿**2": 万 and 亿 are magnitudes ("7600万"), not units
                    raise UnitError(Message("units.bare_in_compound", text=text, name=bare[0]))
            return terms
        if parts[i] in ("**", "^"):
            raise UnitError(Message("units.malformed", text=text))
        sign = -1 if parts[i] == "/" else 1
        i += 1
