"""County plugins: discovery through entry points, folders of plan files, and loading.

May import: checks, errors, files, io, limits, model, text, units. Above io and the analyses, below render and the CLI.
Listing plugins (``fyp list``) imports only errors and attrs: io, the model, units and the
audit load inside the functions that load a plan or check a plugin's rules.

A county supplies its plan as a *plugin*: a distribution that registers a :class:`Plugin` object
in the entry-point group ``fyp_planning.plugins``, usually with data only::

    # pyproject.toml of fyp-planning-dongkou
    [project.entry-points."fyp_planning.plugins"]
    dongkou = "fyp_planning_dongkou:plugin"

    # fyp_planning_dongkou/__init__.py
    from fyp_planning import Plugin
    plugin = Plugin.from_package(__name__, name="dongkou", display_name="洞口县",
                                 main="dongkou-14th.toml")

A folder of plan files works wherever a plugin name does (``fyp show ./my-county/``), so a
county can start with data alone.

Discovery is lazy and cached: a plugin's name imports only the entry points of that name, a
file or folder path imports none. Importing is contained: a plugin that fails to import (raising
anything at all, ``SystemExit`` and ``KeyboardInterrupt`` included), is not a :class:`Plugin`,
needs another API version, names itself other than its entry point, or takes longer than
``fyp_planning.limits.PLUGIN_DISCOVERY_SECONDS`` becomes a :class:`PluginIssue` (and a
:class:`~fyp_planning.PluginWarning`) naming its distribution and the reason; the other plugins
still load, and what plugin code prints is kept in its issue, off standard output. Several
installed plugins of one name are each addressed as ``distribution:name``; the bare name is
then an error listing them. A plugin whose *data* is broken raises
:class:`~fyp_planning.PlanError` when (and only when) it is loaded.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import threading
import tomllib
import warnings
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from .. import limits
from ..errors import PluginError, PluginWarning
from ..files import FileRefused, read_bounded
from ..text import Join, Message
from . import _contain

if TYPE_CHECKING:
    from ..checks.findings import Rule
    from ..model.plan import Plan

__all__ = [
    "API_VERSION",
    "ENTRY_POINT_GROUP",
    "Plugin",
    "PluginError",
    "PluginIssue",
    "PluginWarning",
    "get_plugin",
    "load",
    "plugin_issues",
    "plugins",
    "refresh_plugins",
    "register_plugin",
    "unregister_plugin",
]

#: The plugin API this core implements; a plugin declares the version it was written for.
API_VERSION = 1
#: The entry-point group plugins register in.
ENTRY_POINT_GROUP = "fyp_planning.plugins"

_PLAN_SUFFIXES = (".toml", ".json")
#: Files of a Python or JavaScript project that a folder of plan files never treats as plans.
_PROJECT_FILES = frozenset({"pyproject.toml", "package.json", "package-lock.json"})


@attrs.frozen
class PluginIssue:
    """An installed plugin that was skipped, and why; or one that printed while being imported.

    Attributes:
        entry_point: The entry point's name.
        distribution: The distribution that registered it (``fyp-planning-dongkou``).
        reason: What went wrong, a catalogue :class:`~fyp_planning.text.Message` (``str()`` of
            it is Chinese; ``reason.en`` is English).
        output: What the plugin's code wrote to standard output or standard error while being
            imported (kept here, never shown on the real streams).
        skipped: Whether the plugin was skipped (``False``: it works, but printed).

    Examples:
        >>> from fyp_planning.text import Message
        >>> issue = PluginIssue("demo", None, Message("registry.import_failed", error="SystemExit: 3"))
        >>> str(issue)
        "plugin 'demo' from unknown distribution skipped (已跳过): import failed: SystemExit: 3"
    """

    entry_point: str
    distribution: str | None
    reason: Message
    output: str = ""
    skipped: bool = True

    @property
    def text(self) -> Message:
        """The whole notice, in the catalogue (``str(issue)`` is its English)."""
        dist = self.distribution or Message("registry.unknown_distribution")
        if self.skipped:
            return Message(
                "registry.skipped",
                entry_point=self.entry_point,
                distribution=dist,
                reason=self.reason,
            )
        shown = self.output.strip().splitlines()[0][:200] if self.output.strip() else ""
        return Message(
            "registry.printed_notice", entry_point=self.entry_point, distribution=dist, output=shown
        )

    def __str__(self) -> str:
        return self.text.en


def _check_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"plugin {attribute.name} must be non-empty text, got {value!r}")


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


def _as_units(value: Any) -> Any:
    """A ``[units]`` table as nested pairs (a frozen plugin stays hashable); anything else is
    left for the validator to refuse."""
    if isinstance(value, Mapping) and all(isinstance(b, Mapping) for b in value.values()):
        return tuple((name, tuple(body.items())) for name, body in value.items())
    return value


def _check_units(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (isinstance(value, tuple) and all(isinstance(n, str) for n, _ in value)):
        raise TypeError(
            'units must be a [units] table: {"床": {"counts": "bed"}, "万床": {"equals": "10000床"}}'
        )


def _check_rules(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if value:  # the audit (and the model under it) load only for a plugin that brings rules
        from ..checks.findings import Rule

        attrs.validators.deep_iterable(attrs.validators.instance_of(Rule))(
            instance, attribute, value
        )


@attrs.frozen(kw_only=True)
class Plugin:
    """A county's plan(s) as data, and what else its plans need.

    Attributes:
        name: Short ASCII name used on the command line (``dongkou``).
        display_name: Chinese name shown to users (``洞口县科技和工业“十四五”发展规划``).
        data: Folder holding the plan files (a path, or package resources).
        main: File name of the main plan inside ``data``.
        api_version: The plugin API version the plugin was written for.
        units: Units its plans use beyond the built-in ones, known everywhere once the plugin
            is loaded: a ``[units]`` table as a plan file writes it,
            ``{"担": {"equals": "0.05吨"}, "床": {"counts": "bed"}}`` (see
            :func:`~fyp_planning.declare_unit`). A plan file may declare its own units too.
        description: One line about the plugin.
        rules: Extra audit rules (:class:`~fyp_planning.Rule`) ``fyp check`` runs on this
            plugin's plans besides the built-in ones; give their codes a prefix of your own.
        distribution: The distribution that provides it (set by discovery).
        version: That distribution's version (set by discovery).

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "plan.toml").write_text(
        ...     'id = "demo"\\nregion = "示例县"\\ntitle = "示例"\\nstart_year = 2021\\n'
        ...     'end_year = 2025\\n', encoding="utf-8")
        >>> plugin = Plugin(name="demo", display_name="示例县", data=folder, main="plan.toml")
        >>> plugin.load().region
        '示例县'
    """

    name: str = attrs.field(validator=_check_name)
    display_name: str = attrs.field(validator=_check_name)
    data: Path | Traversable = attrs.field()
    main: str = attrs.field(validator=_check_name)
    api_version: int = API_VERSION
    units: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = attrs.field(
        default=(), converter=_as_units, validator=_check_units
    )
    description: str | None = None
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_as_tuple, validator=_check_rules)
    distribution: str | None = None
    version: str | None = None

    @classmethod
    def from_package(
        cls,
        package: str,
        *,
        name: str,
        display_name: str,
        main: str,
        data: str = "data",
        units: Mapping[str, Mapping[str, str]] | None = None,
        description: str | None = None,
        rules: Iterable[Rule] = (),
    ) -> Plugin:
        """A plugin whose plan files ship inside a Python package (the usual case).

        Args:
            package: The package holding the data folder, usually ``__name__``.
            name: Short ASCII name.
            display_name: Chinese name.
            main: File name of the main plan.
            data: The data folder inside the package.
            units: Units its plans use, as a ``[units]`` table (see :attr:`units`).
            description: One line about the plugin.
            rules: Extra audit rules.

        Examples:
            >>> plugin = Plugin.from_package("fyp_planning", name="x", display_name="示例",
            ...                              main="plan.toml", data="units")
            >>> plugin.data.name
            'units'
        """
        return cls(
            name=name,
            display_name=display_name,
            data=resources.files(package) / data,
            main=main,
            units=units or {},
            description=description,
            rules=tuple(rules),
        )

    @classmethod
    def from_folder(cls, path: str | Path) -> Plugin:
        """A plugin made from a folder of plan files (data only, no package).

        The main plan is the one file that no other file names as its ``predecessor``.

        Raises:
            PluginError: the folder holds no plan file, or several candidate main plans.

        Examples:
            >>> import pathlib, tempfile
            >>> folder = pathlib.Path(tempfile.mkdtemp())
            >>> _ = (folder / "14th.toml").write_text('predecessor = "13th.toml"\\n')
            >>> _ = (folder / "13th.toml").write_text('id = "old"\\n')
            >>> Plugin.from_folder(folder).main
            '14th.toml'
        """
        folder = Path(path)
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in _PLAN_SUFFIXES and p.name not in _PROJECT_FILES
        )
        if not files:
            if (folder / "pyproject.toml").is_file():
                raise PluginError(Message("registry.project_folder", folder=str(folder)))
            raise PluginError(Message("registry.no_plan_files", folder=str(folder)))
        named = {_predecessor_name(p) for p in files}
        mains = [p.name for p in files if p.name not in named]
        if len(mains) != 1:
            listed = ", ".join(mains or [p.name for p in files])
            example = str(folder / (mains or [files[0].name])[0])
            raise PluginError(
                Message("registry.which_main", folder=str(folder), listed=listed, example=example)
            )
        # ``.``, ``./`` and ``..`` have no name of their own: the folder they resolve to has
        display = folder.resolve().name or str(folder.resolve())
        return cls(name=str(folder), display_name=display, data=folder, main=mains[0])

    def _declare_units(self) -> None:
        from ..io._units import declare_units_table
        from ..text import Join

        table = {name: dict(body) for name, body in self.units}
        _, problems = declare_units_table(table, scoped=False)
        if problems:
            said = Join([str(p) for p in problems], sep="clause")
            raise PluginError(Message("registry.bad_units", plugin=self.name, problems=said))

    def plan_files(self) -> list[str]:
        """File names of the plans the plugin ships."""
        return sorted(p.name for p in self.data.iterdir() if p.name.endswith(_PLAN_SUFFIXES))

    def load(self, plan: str | None = None) -> Plan:
        """Load the main plan (or the named plan file), declaring the plugin's units first.

        Raises:
            PlanError: the plugin's data is broken; the message names the file.
            PluginError: no such plan file, data not installed as files, or a unit the plugin
                declares is refused (a name known with another meaning, a malformed table).
        """
        from ..io import load_plan

        if self.units:
            self._declare_units()
        file_name = plan or self.main
        folder = self.data
        if not isinstance(folder, Path):
            raise PluginError(
                Message("registry.not_plain_files", plugin=self.name, folder=str(folder))
            )
        path = folder / file_name
        if not path.is_file():
            has = ", ".join(self.plan_files()) or "none"
            raise PluginError(
                Message("registry.no_such_plan_file", plugin=self.name, file=file_name, has=has)
            )
        return load_plan(path)


def _predecessor_name(path: Path) -> str | None:
    try:
        data = read_bounded(path, limit=limits.MAX_PLAN_FILE_BYTES, within=path.parent)
        text = data.decode("utf-8-sig")
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (FileRefused, ValueError, RecursionError):  # a pipe, /dev/zero, too deep, not a plan
        return None  # the load reports it
    pred = raw.get("predecessor") if isinstance(raw, dict) else None
    return pred if isinstance(pred, str) else None


# -- discovery ---------------------------------------------------------------------------------
# Entry points are read from the installed distributions' metadata (no plugin code runs); a
# plugin is imported — contained, see ``_contain`` — only when it is asked for: by its name
# (``load("dongkou")`` imports the entry points named ``dongkou`` and no other), or all of
# them by :func:`plugins` and :func:`plugin_issues`. A file or folder path imports none.
_lock = threading.RLock()  # guards the dicts; never held while plugin code runs
_importing = threading.Lock()  # one discovery at a time (plugin code may take _lock meanwhile)
_registered: dict[str, Plugin] = {}


@attrs.frozen
class _Entry:
    """One entry point of the group, as the metadata says (nothing imported)."""

    name: str
    value: str
    distribution: str | None
    version: str | None
    ep: Any = attrs.field(eq=False, repr=False)

    @property
    def address(self) -> str:
        """``distribution:name``, which picks this one among plugins of the same name."""
        return f"{self.distribution or self.value.partition(':')[0]}:{self.name}"


@attrs.frozen
class _Imported:
    """What importing one entry point gave: the plugin, or why not; and an issue to report."""

    entry: _Entry
    plugin: Plugin | None
    issue: PluginIssue | None


_imported: dict[_Entry, _Imported] = {}


def _normal(distribution: str) -> str:
    """A distribution name as pip compares them (PEP 503): ``Fyp_Planning.X`` → ``fyp-planning-x``."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


@functools.cache
def _scan(group: str = ENTRY_POINT_GROUP) -> tuple[tuple[_Entry, ...], tuple[PluginIssue, ...]]:
    """The group's entry points, read distribution by distribution from the metadata (no plugin
    code runs); and an issue for each distribution whose entry points name the group but cannot
    be read (``importlib.metadata.entry_points`` would fail for all on one such file)."""
    from importlib import metadata  # ~40 ms: only when plugins are first asked for

    found: list[_Entry] = []
    issues: list[PluginIssue] = []
    seen: set[str] = set()
    for dist in metadata.distributions():
        name: str | None = None
        try:
            name = dist.name  # None when METADATA has no Name
            key = _normal(name) if isinstance(name, str) else None
            if key is not None and key in seen:
                continue  # the first on sys.path is the installed one, as for imports
            if key is not None:
                seen.add(key)
            text = dist.read_text("entry_points.txt")
            if not text or group not in text:
                continue
            eps = list(dist.entry_points.select(group=group))
            version = dist.version
        except Exception as exc:  # unreadable metadata is that distribution's problem
            where = getattr(dist, "_path", None)
            issues.append(
                PluginIssue(
                    "?",
                    name if isinstance(name, str) else str(where),
                    Message("registry.bad_metadata", error=f"{type(exc).__name__}: {exc}"),
                )
            )
            continue
        found.extend(
            _Entry(name=ep.name, value=ep.value, distribution=name, version=version, ep=ep)
            for ep in eps
        )
    for issue in issues:
        warnings.warn(str(issue), PluginWarning, stacklevel=4)
    return tuple(found), tuple(issues)


def _entries() -> tuple[_Entry, ...]:
    return _scan()[0]


def _accept(entry: _Entry) -> Plugin | Message:
    """Import one entry point and check what it names (runs in a plugin thread: plugin code)."""
    obj = entry.ep.load()
    if not isinstance(obj, Plugin):
        return Message("registry.not_a_plugin", value=entry.value, type=type(obj).__name__)
    if obj.api_version != API_VERSION:
        return Message("registry.api_version", version=obj.api_version, current=API_VERSION)
    if obj.name != entry.name:
        return Message("registry.name_mismatch", entry_point=entry.name, name=obj.name)
    return attrs.evolve(obj, distribution=entry.distribution, version=entry.version)


def _import(entries: Iterable[_Entry]) -> list[_Imported]:
    """Import the entry points not imported yet (within the time limit), and give the results
    of all of them, in order. A new issue is warned about once (:class:`PluginWarning`)."""
    from .. import limits

    if _contain.in_plugin_code():  # a plugin's import asking for plugins would wait on itself
        raise PluginError(Message("registry.lookup_in_import"))
    entries = list(entries)
    with _importing:
        todo = [e for e in entries if e not in _imported]
        seconds = limits.PLUGIN_DISCOVERY_SECONDS
        outcomes = _contain.run_contained([functools.partial(_accept, e) for e in todo], seconds)
        for entry, outcome in zip(todo, outcomes, strict=True):
            result = _result(entry, outcome, seconds)
            _imported[entry] = result
            if result.issue is not None:
                warnings.warn(str(result.issue), PluginWarning, stacklevel=4)
        return [_imported[e] for e in entries]


def failure(outcome: _contain.Outcome[Any], seconds: float) -> Message | None:
    """Why a contained import gave nothing usable (not started, too slow, raised, or returned a
    reason), or ``None``."""
    if not outcome.started:
        return Message("registry.not_started", seconds=seconds)
    if not outcome.finished:
        return Message("registry.timeout", seconds=seconds)
    if outcome.error is not None:
        return Message("registry.import_failed", error=outcome.error)
    return outcome.value if isinstance(outcome.value, Message) else None


def _result(
    entry: _Entry, outcome: _contain.Outcome[Plugin | Message], seconds: float
) -> _Imported:
    reason = failure(outcome, seconds)
    plugin = outcome.value if isinstance(outcome.value, Plugin) and reason is None else None
    return _Imported(entry, plugin, issue_of(entry, reason, outcome.output))


def issue_of(entry: _Entry, reason: Message | None, output: str) -> PluginIssue | None:
    """What to report of an entry point run contained: skipped for ``reason``, or kept but
    noisy (it printed ``output``); ``None`` when it loaded quietly."""
    if reason is None and not output:
        return None
    return PluginIssue(
        entry.name,
        entry.distribution,
        reason or Message("registry.printed"),
        output=output,
        skipped=reason is not None,
    )


def _may_be_name(text: str) -> bool:
    """Whether ``text`` may name a plugin: a path (``./x``, ``x/``, ``plan.toml``) never does."""
    return bool(text) and not (
        "/" in text or "\\" in text or text.startswith(".") or text.lower().endswith(_PLAN_SUFFIXES)
    )


def _named(text: str) -> Plugin | None:
    """The plugin ``text`` names (``name`` or ``distribution:name``); ``None`` when no
    registered plugin or installed entry point has that name. Imports only the entry points of
    that name.

    Raises:
        PluginError: the name's plugins all failed, or several installed ones share the name.
    """
    with _lock:
        registered = _registered.get(text)
    if registered is not None:
        return registered
    if not _may_be_name(text):
        return None
    dist, sep, name = text.partition(":")
    if not sep:
        dist, name = "", text
    entries = [
        e
        for e in _entries()
        if e.name == name and (not dist or _normal(e.address.partition(":")[0]) == _normal(dist))
    ]
    if not entries:
        return None
    results = _import(entries)
    usable = [r.plugin for r in results if r.plugin is not None]
    if len(usable) == 1:
        return usable[0]
    if not usable:
        reasons = Join(
            Message(
                "registry.dist_reason",
                distribution=r.entry.distribution or r.entry.value,
                reason=r.issue.reason,
            )
            for r in results
            if r.issue is not None
        )
        raise PluginError(Message("registry.unusable", name=text, reasons=reasons))
    raise PluginError(_ambiguous(name, [r.entry for r in results if r.plugin is not None]))


def _ambiguous(name: str, entries: Iterable[_Entry]) -> Message:
    return Message("registry.ambiguous", name=name, choices=Join(e.address for e in entries))


def _installed() -> tuple[dict[str, Plugin], list[Message]]:
    """Every usable installed plugin by the text that addresses it, and a notice per name that
    several share (their plugins are keyed ``distribution:name``)."""
    by_name: dict[str, list[_Imported]] = {}
    for result in _import(_entries()):
        if result.plugin is not None:
            by_name.setdefault(result.entry.name, []).append(result)
    found: dict[str, Plugin] = {}
    notices = []
    for name, results in by_name.items():
        if len(results) == 1:
            found[name] = cast(Plugin, results[0].plugin)
            continue
        notices.append(_ambiguous(name, (r.entry for r in results)))
        for r in results:
            found[r.entry.address] = cast(Plugin, r.plugin)
    return found, notices


def plugins() -> dict[str, Plugin]:
    """Every usable plugin by name: installed ones (discovered once, cached) and registered ones.

    All installed plugins are imported (each contained: what one raises or prints, or a hang
    beyond ``fyp_planning.limits.PLUGIN_DISCOVERY_SECONDS``, skips that plugin only).
    When several installed distributions bring a plugin of the same name, each is keyed
    ``distribution:name`` instead (``fyp-planning-dongkou:dongkou``), the text that loads it;
    a plugin registered with :func:`register_plugin` keeps its bare name. Skipped plugins are
    reported by :func:`plugin_issues` (and warned about once).

    Examples:
        >>> "dongkou" in plugins()
        True
    """
    found, _ = _installed()
    with _lock:
        return {**found, **_registered}


def plugin_issues() -> tuple[PluginIssue, ...]:
    """The installed plugins that were skipped, and why; and those that printed while being
    imported (what they printed is kept here, never shown on standard output).

    Examples:
        >>> [issue.reason for issue in plugin_issues()]  # none skipped here
        []
    """
    imported = (r.issue for r in _import(_entries()) if r.issue is not None)
    return (*_scan()[1], *imported)


def plugin_notices() -> tuple[Message, ...]:
    """One message per plugin name that several installed distributions share (private to
    the CLI's ``fyp list``)."""
    return tuple(_installed()[1])


def refresh_plugins() -> None:
    """Forget the cached discovery and loaded plans (after installing a plugin at run time).

    Examples:
        >>> refresh_plugins()
        >>> "dongkou" in plugins()
        True
    """
    with _importing, _lock:
        _scan.cache_clear()
        _imported.clear()
        _plans.clear()
    catalogs = sys.modules.get(f"{__name__}._catalogs")
    if catalogs is not None:
        catalogs.forget()


def register_plugin(plugin: Plugin, *, replace: bool = False) -> None:
    """Make a plugin available without installing it (tests, notebooks).

    A registered plugin is found by its bare name, before any installed one.

    Args:
        plugin: The plugin.
        replace: Take the name even when a plugin of that name is registered or installed.

    Raises:
        PluginError: a plugin of that name is already registered or installed.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "plan.toml").write_text(
        ...     'id = "demo"\\nregion = "示例县"\\ntitle = "示例"\\nstart_year = 2021\\n'
        ...     'end_year = 2025\\n', encoding="utf-8")
        >>> register_plugin(Plugin(name="demo_county", display_name="示例县", data=folder,
        ...                        main="plan.toml"))
        >>> load("demo_county").title
        '示例'
        >>> unregister_plugin("demo_county")
    """
    if not isinstance(plugin, Plugin):
        raise TypeError(f"register_plugin needs a Plugin, got {type(plugin).__name__}")
    with _lock:
        taken = plugin.name in _registered or any(e.name == plugin.name for e in _entries())
        if taken and not replace:
            raise PluginError(Message("registry.exists", plugin=plugin.name))
        _registered[plugin.name] = plugin
        _plans.clear()


def unregister_plugin(name: str) -> None:
    """Remove a plugin added with :func:`register_plugin` (installed ones stay).

    Examples:
        >>> unregister_plugin("not_registered")  # nothing to remove: no error
        >>> "dongkou" in plugins()
        True
    """
    with _lock:
        _registered.pop(name, None)
        _plans.clear()


def get_plugin(name_or_path: str | Path) -> Plugin:
    """The plugin of that name, or a plugin made from a folder of plan files.

    ``name_or_path`` is a plugin's name, ``distribution:name`` when several installed
    distributions bring a plugin of that name, or a folder. Only the plugins of that name are
    imported; a path imports none.

    Raises:
        PluginError: no such plugin or folder (the message lists the installed plugins); the
            plugin of that name was skipped (the message says why); several share the name
            (the message lists the ``distribution:name`` to choose from).

    Examples:
        >>> get_plugin("dongkou").display_name
        '洞口县科技和工业“十四五”发展规划'
        >>> get_plugin("fyp-planning-dongkou:dongkou").distribution
        'fyp-planning-dongkou'
    """
    text = str(name_or_path)
    if isinstance(name_or_path, str):
        found = _named(name_or_path)
        if found is not None:
            return found
    path = Path(name_or_path)
    if path.is_dir():
        return Plugin.from_folder(path)
    with _lock:
        names = {*_registered, *(e.name for e in _entries())}
    listed = ", ".join(sorted(names)) or "none installed"
    raise PluginError(Message("registry.not_found", text=text, names=listed))


def load(name_or_path: str | Path, plan: str | None = None) -> Plan:
    """Load a plan by plugin name, folder or file: ``load("dongkou")``, ``load("./my-county/")``,
    ``load("plan.toml")``.

    Plans of installed plugins are loaded once and cached (plans are immutable). A file or a
    folder path imports no plugin.

    Args:
        name_or_path: A plugin name (``distribution:name`` when several share it), a folder of
            plan files, or a plan file.
        plan: For a plugin or folder, the plan file to load instead of the main one.

    Raises:
        PluginError: no such plugin, folder or file; a plugin that cannot be used.
        PlanError: the plan data is broken.

    Examples:
        >>> plan = load("dongkou")
        >>> plan.region, plan.start_year, plan.end_year
        ('洞口县', 2021, 2025)
    """
    from ..io import load_plan
    from ._catalogs import install_catalogue_plugins

    install_catalogue_plugins()  # a plan may name a standard of a catalogue plugin
    path = Path(name_or_path)
    if path.suffix.lower() in _PLAN_SUFFIXES and plan is None:
        if not path.is_file():
            raise PluginError(Message("registry.no_file", path=str(name_or_path)))
        return load_plan(path)
    if isinstance(name_or_path, str):
        found = _named(name_or_path)
        if found is not None:
            return _load_cached(found, plan)
    if plan is not None and path.is_dir():  # a named plan needs no main plan
        if not (path / plan).is_file():
            raise PluginError(Message("registry.folder_has_no_file", folder=str(path), file=plan))
        return load_plan(path / plan)
    return get_plugin(name_or_path).load(plan)


#: Plans of plugins, by (plugin, plan file); cleared when the plugins change.
_plans: dict[tuple[int, str | None], tuple[Plugin, Plan]] = {}
_MAX_PLANS = 64


def _load_cached(plugin: Plugin, plan: str | None) -> Plan:
    key = (id(plugin), plan)
    with _lock:
        cached = _plans.get(key)
    if cached is not None and cached[0] is plugin:
        return cached[1]
    loaded = plugin.load(plan)
    with _lock:
        if len(_plans) >= _MAX_PLANS:
            _plans.clear()
        _plans[key] = (plugin, loaded)
    return loaded
