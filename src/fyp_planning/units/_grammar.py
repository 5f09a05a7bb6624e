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

import difflib
import re
from collections.abc import Mapping

from ..errors import UnitError
from ..text import Join, Message
from .definitions import BARE_MAGNITUDES

__all__ = ["MAX_POWER", "MAX_SUGGESTIONS", "close_units", "unit_terms"]

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


#: How close a name must be to be suggested: difflib's ratio, on texts with variant characters
#: folded, above this (two names of two characters sharing one, 亿块 and 亿度, are not close);
#: and how far below the closest one a further suggestion may be.
_CLOSE, _SPREAD = 0.5, 0.2
#: The most suggestions an error names.
MAX_SUGGESTIONS = 3


def _fold(name: str, variants: Mapping[str, str]) -> str:
    return "".join(variants.get(ch, ch) for ch in name)


def close_units(
    key: str, names: Mapping[str, str], symbols: Mapping[str, str], variants: Mapping[str, str]
) -> list[str]:
    """Unit texts close to ``key`` (normalised) that the grammar reads: each unknown name in it
    replaced by a close name of ``names`` (``万圆`` → ``万元``, ``吨标准煤/万圆`` →
    ``吨标准煤/万元``, ``亿千瓦`` → ``亿千瓦时``, ``亿度``), best first, at most
    :data:`MAX_SUGGESTIONS`; empty when a name has nothing close.

    Args:
        key: The unit text, normalised as :func:`unit_terms` takes it.
        names: The vocabulary (a name → the registry's name of its unit).
        symbols: The registry's name of a unit → the name it is written with (``亿度``).
        variants: Characters read as another when comparing (``圆`` as ``元``, ``億`` as ``亿``).
    """
    parts = _OPERATOR.split(key)
    folded = {name: _fold(name, variants) for name in names}
    choices: dict[int, list[str]] = {}
    for i in range(0, len(parts), 2):
        if i > 0 and parts[i - 1] in ("**", "^"):
            continue  # a power
        name = parts[i]
        if not name or name in names:
            continue
        target = _fold(name, variants)
        scored = sorted(
            ((difflib.SequenceMatcher(None, target, f).ratio(), n) for n, f in folded.items()),
            key=lambda pair: -pair[0],
        )
        best = scored[0][0] if scored else 0.0
        picked: list[str] = []
        seen: set[str] = set()
        for score, candidate in scored:
            if score <= _CLOSE or score < best - _SPREAD or len(picked) >= MAX_SUGGESTIONS:
                break
            unit = names[candidate]
            if unit in seen or unit in _BARE:
                continue
            seen.add(unit)
            picked.append(candidate)
            symbol = symbols.get(unit)
            if symbol and symbol != candidate and symbol in names:
                picked.append(symbol)  # 亿千瓦时, and its usual name 亿度
        if not picked:
            return []
        choices[i] = picked[:MAX_SUGGESTIONS]
    if not choices:
        return []
    first, *others = sorted(choices)
    out: list[str] = []
    for candidate in choices[first]:
        texts = list(parts)
        texts[first] = candidate
        for i in others:
            texts[i] = choices[i][0]
        text = "".join(texts)
        try:
            unit_terms(text, text, names)
        except UnitError:
            continue
        if text not in out:
            out.append(text)
    return out
