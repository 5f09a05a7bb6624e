"""Catalogue plugins: standard indicators contributed by installed distributions (private).

A distribution adds standard indicators (a province's own list) by registering, in the entry-
point group ``fyp_planning.catalogs``, an object that is TOML text or has ``read_text`` (a
:class:`pathlib.Path`, an :mod:`importlib.resources` file) in the format of the core catalogue
(``version``, ``title``, ``title_en``, ``[sources]``, ``[indicators.ID]``)::

    # pyproject.toml of fyp-planning-hunan
    [project.entry-points."fyp_planning.catalogs"]
    hunan = "fyp_planning_hunan:catalog"

    # fyp_planning_hunan/__init__.py
    from importlib import resources
    catalog = resources.files(__name__) / "indicators.toml"

Importing and reading run contained, as for plan plugins (``_contain``): a plugin that raises,
hangs, prints, gives something else, or data that is not a valid catalogue, or ids the catalogue
already has (a plugin never redefines a standard), is skipped with a :class:`PluginIssue` and
a :class:`PluginWarning`; the others still load. Catalogue plugins load once, when a plan
names a standard the core does not have (through :func:`~fyp_planning.load` or ``fyp``), or
when :func:`load_catalogue_plugins` is called.
"""

from __future__ import annotations

import functools
import tomllib
import warnings
from typing import Any

from ..errors import PlanStructureError
from ..text import Message
from . import PluginIssue, PluginWarning, _contain, _Entry, _scan, failure, issue_of

__all__ = ["CATALOG_ENTRY_POINT_GROUP", "install_catalogue_plugins", "load_catalogue_plugins"]

#: The entry-point group catalogue plugins register in.
CATALOG_ENTRY_POINT_GROUP = "fyp_planning.catalogs"


def _read(entry: _Entry) -> str | Message:
    """Import one entry point and read its TOML text (runs in a plugin thread: plugin code)."""
    obj = entry.ep.load()
    if isinstance(obj, str):
        return obj
    read = getattr(obj, "read_text", None)
    text = read(encoding="utf-8") if callable(read) else None
    if isinstance(text, str):
        return text
    return Message("registry.catalog.not_a_catalogue", value=entry.value, type=type(obj).__name__)


def _contribute(entry: _Entry, text: str) -> Message | None:
    """Add one plugin's catalogue, or say why not."""
    from ..io import _std_indicators as std

    try:
        cat = std.read_catalogue(tomllib.loads(text), name=entry.address)
    except tomllib.TOMLDecodeError as exc:
        return Message("registry.catalog.bad_data", error=f"TOML: {exc}")
    except PlanStructureError as exc:
        first = exc.problems[0]
        return Message("registry.catalog.bad_data", error=f"{len(exc.problems)}: {first}")
    clashes = std.contribute(entry.address, cat)
    if clashes:
        return Message("registry.catalog.clash", ids=", ".join(clashes))
    return None


@functools.cache
def load_catalogue_plugins() -> tuple[PluginIssue, ...]:
    """Load the installed catalogue plugins (once): their standard indicators join the
    catalogue (:func:`~fyp_planning.standard_indicators`, ``standard =`` in plans), each marked
    with its :attr:`~fyp_planning.StandardIndicator.origin`. Returns the issues: plugins
    skipped, and why (each also warned about as a :class:`PluginWarning`).

    Examples:
        >>> import fyp_planning as fp
        >>> fp.load_catalogue_plugins()  # none installed here
        ()
    """
    from .. import limits

    entries = _scan(CATALOG_ENTRY_POINT_GROUP)[0]
    seconds = limits.PLUGIN_DISCOVERY_SECONDS
    calls = [functools.partial(_read, e) for e in entries]
    issues: list[PluginIssue] = []
    for entry, outcome in zip(entries, _contain.run_contained(calls, seconds), strict=True):
        reason = failure(outcome, seconds)
        if reason is None and isinstance(outcome.value, str):
            reason = _contribute(entry, outcome.value)
        issue = issue_of(entry, reason, outcome.output)
        if issue is not None:
            warnings.warn(str(issue), PluginWarning, stacklevel=2)
            issues.append(issue)
    return tuple(issues)


def forget() -> None:
    """Forget the loaded catalogue plugins and their entries (``refresh_plugins``)."""
    from ..io import _std_indicators as std

    load_catalogue_plugins.cache_clear()
    std.forget_contributions()


def install_catalogue_plugins() -> None:
    """Let the plan loader load the catalogue plugins when a plan names a standard the core
    does not have (io does not import the registry)."""
    from ..io import _std_indicators as std

    std.on_unknown[:] = [_load_quietly]


def _load_quietly() -> Any:
    """Load the catalogue plugins, their issues as warnings only."""
    if _contain.in_plugin_code():  # a plugin's import loading plans would wait on itself
        return ()
    return load_catalogue_plugins()
