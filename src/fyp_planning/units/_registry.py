"""The one pint registry of fyp-planning (private engine; public names live in the package)."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import pint

from .definitions import BORROWED, DEFINITIONS

__all__ = ["AnyQuantity", "ureg", "vocabulary"]

# The type of a quantity whatever its magnitude (a number or an array), for annotations:
# ``def f(q: AnyQuantity) -> AnyQuantity``. Type checkers read ``pint.Quantity[Any]``; at run
# time it is ``pint.Quantity`` itself, so that what reads annotations (autodoc, a cattrs
# converter structuring model classes) finds the class and the hooks registered for it:
# cattrs has no hook for ``pint.Quantity[Any]``.
if TYPE_CHECKING:
    AnyQuantity: TypeAlias = pint.Quantity[Any]
else:
    AnyQuantity = pint.Quantity


def _make_registry() -> pint.UnitRegistry[Any]:
    try:  # pint's definition cache makes start-up ~6x faster; fall back when it cannot be written
        registry: pint.UnitRegistry[Any] = pint.UnitRegistry(
            on_redefinition="raise", cache_folder=":auto:"
        )
    except OSError:  # pragma: no cover - read-only home directory
        registry = pint.UnitRegistry(on_redefinition="raise")
    for line in DEFINITIONS:
        registry.define(line)
    return registry


ureg: pint.UnitRegistry[Any] = _make_registry()


# pint unpickles every quantity into its *application* registry, which lacks 亿元 and the other
# units here: ours are rebuilt in this registry instead (errors carrying quantities, worker
# processes). A unit a plan or plugin declared must be declared in the unpickling process too.
def _quantity(magnitude: Any, units: Any) -> AnyQuantity:
    return ureg.Quantity(magnitude, units)


def _unit(units: Any) -> pint.Unit:
    return ureg.Unit(units)


setattr(ureg.Quantity, "__reduce__", lambda q: (_quantity, (q.magnitude, q._units)))  # noqa: B010
setattr(ureg.Unit, "__reduce__", lambda u: (_unit, (u._units,)))  # noqa: B010

#: Serialises declarations (:func:`~.declared.declare_unit`): the registry is process-wide.
_lock = threading.Lock()


def _names_of(definition: str) -> list[str]:
    parts = [p.strip() for p in definition.split("=")]
    names = [parts[0]] + [p for p in parts[2:] if p and p != "_"]  # "_": pint's "no symbol"
    return [n[:-1] if n.endswith("-") else n for n in names]


#: The unit names a plan may write (normalised: NFKC, no spaces), each with the registry's name
#: of its unit: the names, symbols and aliases of :data:`~.definitions.DEFINITIONS`, the units
#: plans and plugins declared (:mod:`.declared`), and pint's ``%`` and ``‰``. pint's other units (``s``, ``meter``,
#: ``a``, ``kWh``) and its prefixes (``mpermille``) are no plan units.
_vocabulary: dict[str, str] = dict(BORROWED)
_NAME = re.compile(r"[^\s\[\]@*/^·.0-9+-][^\s*/^·.]*")


def normalize_text(text: str) -> str:
    """Normalise full-width characters and drop whitespace, as Chinese documents need.

    Full-width digits, letters, ``％`` and ``．`` become their ASCII forms (NFKC) and every kind of
    space (including the ideographic space ``\\u3000``) is removed.

    Examples:
        >>> normalize_text("１３７．１ 亿元")
        '137.1亿元'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


def _learn(definition: str) -> None:
    """Add the names a unit definition line gives to the vocabulary (not those of a prefix,
    ``qian- = 1000``, nor of a dimension or a pint directive)."""
    first = definition.split("=")[0].strip()
    names = _names_of(definition)
    if first.endswith("-") or not _NAME.fullmatch(names[0]):
        return
    for name in names:
        key = normalize_text(name)
        if _NAME.fullmatch(key):
            _vocabulary.setdefault(key, names[0])


for _line in DEFINITIONS:
    _learn(_line)


def vocabulary() -> Mapping[str, str]:
    """The unit names a plan may write, each with the registry's name of its unit (read-only)."""
    return _VIEW


_VIEW: Mapping[str, str] = MappingProxyType(_vocabulary)
