"""The standard indicator catalogue's data, read by the plan-file converter (private).

``catalog/data/indicators.toml`` lists the standard indicators. The keys an entry shares with a
plan's indicator (unit, measure, direction, growth, limit, name_en, kind, category, name) are
structured as an :class:`~fyp_planning.Indicator` by the same converter as a plan file, so one
schema serves both; the keys only the catalogue has (aliases, definition, source, kind_source)
are read here. The loader uses :func:`inherited` to give a plan's indicator what its standard
states and the indicator does not (``standard = "rd_intensity"``); the public API over the
data is :mod:`fyp_planning.catalog.indicators`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs
import pint

from ..errors import PlanStructureError, Problem
from ..model.indicator import Indicator
from ..text import Message
from ..units import format_unit
from . import _schema as s
from ._library import library_toml

__all__ = [
    "CATALOGUE_FILE",
    "INHERITED_KEYS",
    "Catalogue",
    "Entry",
    "Source",
    "catalogue",
    "contribute",
    "entries",
    "find",
    "forget_contributions",
    "generation",
    "inherited",
    "problems_for",
    "read_catalogue",
    "unit_conflict",
]

#: The catalogue's file under ``fyp_planning/catalog/data``.
CATALOGUE_FILE = "indicators.toml"
#: What a plan's indicator inherits from its standard when it does not state it. (Its name and
#: category are the document's: never inherited.)
INHERITED_KEYS = ("name_en", "unit", "measure", "kind", "direction", "growth", "limit")
#: Keys of an entry that only the catalogue has (the rest are an indicator's).
_OWN_KEYS = ("aliases", "definition", "source", "kind_source")
_HEAD_KEYS = ("version", "title", "title_en", "sources", "indicators")
_SOURCE_KEYS = ("short", "title")


@attrs.frozen
class Source:
    """A document the catalogue cites: its short name (``纲要``) and full title."""

    id: str
    short: str
    title: str


@attrs.frozen
class Entry:
    """One standard indicator as read: the indicator it describes and what only it has."""

    indicator: Indicator
    aliases: tuple[str, ...]
    definition: str
    source: Source
    kind_source: Source | None
    stated: Mapping[str, Any]  # the shared keys as the entry writes them (what is inherited)
    origin: str | None = None  # the catalogue plugin that contributed it (None: the core's)


@attrs.frozen
class Catalogue:
    """The catalogue: its version, title, cited documents and entries by id."""

    version: int
    title: str
    title_en: str
    sources: Mapping[str, Source]
    entries: Mapping[str, Entry]


def _text(value: Any, path: str, problems: list[Problem]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, "not text", value, "non-empty text"))
        return ""
    return value


def _entry(
    key: str, body: Any, sources: Mapping[str, Source], problems: list[Problem]
) -> Entry | None:
    path = f"indicators.{key}"
    if not isinstance(body, dict):
        problems.append(Problem(path, "not a table", body, "a table"))
        return None
    own = {k: body[k] for k in _OWN_KEYS if k in body}
    shared = {k: v for k, v in body.items() if k not in _OWN_KEYS}
    for k in ("definition", "source"):
        if k not in own:
            problems.append(Problem(f"{path}.{k}", Message("io.missing_key"), None, "text"))
    aliases = own.get("aliases", [])
    if not isinstance(aliases, list):
        problems.append(Problem(f"{path}.aliases", "not a list", aliases, "a list of names"))
        aliases = []
    names = tuple(_text(a, f"{path}.aliases", problems) for a in aliases)
    definition = own.get("definition", "")
    if "definition" in own:
        definition = _text(definition, f"{path}.definition", problems)
    refs: dict[str, Source | None] = {}
    for k in ("source", "kind_source"):
        ref = own.get(k)
        refs[k] = sources.get(ref) if isinstance(ref, str) else None
        if ref is not None and refs[k] is None:
            expected = f"one of the [sources]: {', '.join(sources)}"
            problems.append(Problem(f"{path}.{k}", "unknown source", ref, expected))
    if ("kind" in shared) != (refs["kind_source"] is not None):
        problems.append(
            Problem(
                f"{path}.kind_source",
                "a kind needs the document that fixes it, and only a kind has one",
                own.get("kind_source"),
                "kind and kind_source together, or neither",
            )
        )
    kind_source = refs["kind_source"]
    stated = {**shared, **({"kind_source": kind_source.short} if kind_source else {})}
    unit = _unit_of(shared.get("unit"))
    token = s.UNIT.set(unit)
    try:
        indicator = s.converter.structure({**stated, "id": key}, Indicator)
    except Exception as exc:  # cattrs raises groups of anything: report, never leak
        problems.extend(s.problems_from(exc, {**stated, "id": key}, path, Indicator))
        return None
    finally:
        s.UNIT.reset(token)
    source = refs["source"]
    if source is None or problems:
        return None
    return Entry(indicator, names, definition, source, kind_source, stated)


def _unit_of(value: Any) -> pint.Unit | None:
    try:
        unit: pint.Unit = s.converter.structure(value, pint.Unit)
    except Exception:  # reported when the entry is structured
        return None
    return unit


def read_catalogue(raw: Mapping[str, Any], name: str = CATALOGUE_FILE) -> Catalogue:
    """The catalogue from its parsed TOML tree.

    Raises:
        PlanStructureError: the data is not a valid catalogue (every problem, with key paths).
    """
    problems = s.unknown_keys("", dict(raw), _HEAD_KEYS)
    version = raw.get("version")
    if type(version) is not int or version < 1:
        problems.append(Problem("version", "not a version", version, "an integer ≥ 1"))
    title = _text(raw.get("title"), "title", problems)
    title_en = _text(raw.get("title_en"), "title_en", problems)
    sources: dict[str, Source] = {}
    for key, body in dict(raw.get("sources", {})).items():
        if not isinstance(body, dict):
            problems.append(Problem(f"sources.{key}", "not a table", body, "a table"))
            continue
        problems += s.unknown_keys(f"sources.{key}", body, _SOURCE_KEYS)
        short = _text(body.get("short"), f"sources.{key}.short", problems)
        sources[key] = Source(
            key, short, _text(body.get("title"), f"sources.{key}.title", problems)
        )
    entries: dict[str, Entry] = {}
    for key, body in dict(raw.get("indicators", {})).items():
        entry = _entry(key, body, sources, problems)
        if entry is not None:
            entries[key] = entry
    if problems:
        raise PlanStructureError(problems, file=name)
    return Catalogue(version, title, title_en, sources, entries)  # type: ignore[arg-type]


@functools.cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once per process.

    Raises:
        PlanStructureError: the shipped data is broken (a packaging bug, caught by the tests).
    """
    return read_catalogue(library_toml(CATALOGUE_FILE))


#: Entries contributed by catalogue plugins (``fyp_planning.catalogs``), by id.
_contributed: dict[str, Entry] = {}
#: Called with an id that no entry has, before it is reported unknown: the registry installs
#: its loading of catalogue plugins here (io does not import the registry).
on_unknown: list[Any] = []
_generation = [0]


def contribute(origin: str, cat: Catalogue) -> list[str]:
    """Add a plugin's catalogue; the ids it shares with entries already known (then nothing is
    added: a plugin does not redefine a standard)."""
    clashes = sorted(set(cat.entries) & (set(catalogue().entries) | set(_contributed)))
    if not clashes:
        _contributed.update({k: attrs.evolve(e, origin=origin) for k, e in cat.entries.items()})
        _generation[0] += 1
    return clashes


def generation() -> int:
    """A number that changes whenever the contributed entries do (caches key on it)."""
    return _generation[0]


def forget_contributions() -> None:
    """Drop the entries plugins contributed."""
    _contributed.clear()
    _generation[0] += 1


def entries() -> dict[str, Entry]:
    """Every standard: the core's, then those of catalogue plugins loaded so far."""
    return {**catalogue().entries, **_contributed}


def find(standard: str) -> Entry | None:
    """The entry of that id; an id no entry has first lets catalogue plugins load (see
    :data:`on_unknown`)."""
    found = entries().get(standard)
    if found is None and on_unknown:
        on_unknown[0]()
        found = entries().get(standard)
    return found


def inherited(standard: str, stated: Mapping[str, Any]) -> dict[str, Any]:
    """What an indicator naming ``standard`` takes from it: the entry's keys among
    :data:`INHERITED_KEYS` that ``stated`` (the indicator's own keys) lacks. The kind comes
    with its source (``kind_source``), unless the indicator states its kind.

    Raises:
        KeyError: no standard of that id.
    """
    entry = entries()[standard]
    out = {k: v for k, v in entry.stated.items() if k in INHERITED_KEYS and k not in stated}
    if "kind" in out:
        out["kind_source"] = entry.stated["kind_source"]
    return out


def unit_conflict(standard: str, unit: Any, path: str) -> Problem | None:
    """A problem when an indicator's stated ``unit`` (as written) cannot convert to its
    standard's; ``None`` when it can, or when the unit itself is unreadable (reported as such)."""
    expected_unit = entries()[standard].indicator.unit
    own = _unit_of(unit)
    if own is None or own.is_compatible_with(expected_unit):
        return None
    shown = format_unit(expected_unit) or "1"
    return Problem(
        path,
        Message("io.standard.unit_conflict", standard=standard, unit=shown),
        unit,
        f"a unit compatible with {shown} (the unit of standard {standard}), or no standard",
    )


def problems_for(standard: Any, path: str) -> list[Problem]:
    """What is wrong with a ``standard`` key's value: not text, or no such standard (with a
    did-you-mean)."""
    if not isinstance(standard, str):
        expected = "the id of a standard indicator, as text"
        return [Problem(path, Message("io.wrong_type"), standard, expected)]
    if find(standard) is not None:
        return []
    ids = entries()
    return [
        Problem(
            path,
            Message("io.standard.unknown"),
            standard,
            f"the id of a standard indicator (fyp catalog list){s.did_you_mean(standard, ids)}",
        )
    ]
