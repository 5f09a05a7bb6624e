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

Discovery is cached. A plugin that fails to import, is not a :class:`Plugin`, or needs another
API version becomes a :class:`~fyp_planning.PluginWarning` naming its distribution and the reason; the other
plugins still load. A plugin whose *data* is broken raises :class:`~fyp_planning.PlanError`
when (and only when) it is loaded.
"""

from __future__ import annotations

import functools
import json
import threading
import tomllib
import warnings
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .. import limits
from ..errors import PluginError, PluginWarning
from ..files import FileRefused, read_bounded
from ..text import Message

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
    """Why a discovered plugin was skipped.

    Attributes:
        entry_point: The entry point's name.
        distribution: The distribution that registered it (``fyp-planning-dongkou``).
        reason: What went wrong, in words.
    """

    entry_point: str
    distribution: str | None
    reason: str

    def __str__(self) -> str:
        dist = self.distribution or "unknown distribution"
        return f"plugin {self.entry_point!r} from {dist} skipped: {self.reason}"


def _check_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"plugin {attribute.name} must be non-empty text, got {value!r}")


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


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
        units: Extra pint unit definitions its plans use, registered before loading
            (see :func:`~fyp_planning.register_units`).
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
    units: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
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
        units: Iterable[str] = (),
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
            units: Extra unit definitions.
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
            units=tuple(units),
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
        return cls(name=str(folder), display_name=folder.name, data=folder, main=mains[0])

    def plan_files(self) -> list[str]:
        """File names of the plans the plugin ships."""
        return sorted(p.name for p in self.data.iterdir() if p.name.endswith(_PLAN_SUFFIXES))

    def load(self, plan: str | None = None) -> Plan:
        """Load the main plan (or the named plan file), registering the plugin's units first.

        Raises:
            PlanError: the plugin's data is broken; the message names the file.
            PluginError: no such plan file, or data not installed as files.
        """
        from ..io import load_plan
        from ..units import register_units

        if self.units:
            register_units(self.units, owner=self.name)
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
_lock = threading.Lock()
_registered: dict[str, Plugin] = {}


def _dist_name(ep: Any) -> str | None:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else None


@functools.cache
def _discover() -> tuple[dict[str, Plugin], tuple[PluginIssue, ...]]:
    from importlib import metadata  # ~40 ms: only when plugins are first asked for

    found: dict[str, Plugin] = {}
    issues: list[PluginIssue] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = _dist_name(ep)
        try:
            obj = ep.load()
        except Exception as exc:  # any import failure of third-party code is that plugin's
            issues.append(PluginIssue(ep.name, dist, f"import failed: {type(exc).__name__}: {exc}"))
            continue
        if not isinstance(obj, Plugin):
            issues.append(
                PluginIssue(ep.name, dist, f"{ep.value} is a {type(obj).__name__}, not a Plugin")
            )
            continue
        if obj.api_version != API_VERSION:
            issues.append(
                PluginIssue(
                    ep.name,
                    dist,
                    f"written for plugin API {obj.api_version}; this fyp-planning implements "
                    f"API {API_VERSION}",
                )
            )
            continue
        if obj.name in found:
            issues.append(
                PluginIssue(
                    ep.name,
                    dist,
                    f"name {obj.name!r} already taken by {found[obj.name].distribution}",
                )
            )
            continue
        distribution = getattr(ep, "dist", None)  # an entry point made by hand has none
        version = distribution.version if distribution is not None else None
        found[obj.name] = attrs.evolve(obj, distribution=dist, version=version)
    for issue in issues:
        warnings.warn(str(issue), PluginWarning, stacklevel=3)
    return found, tuple(issues)


def plugins() -> dict[str, Plugin]:
    """Every usable plugin by name: installed ones (discovered once, cached) and registered ones.

    Skipped plugins are reported by :func:`plugin_issues` (and warned about once).

    Examples:
        >>> "dongkou" in plugins()
        True
    """
    found, _ = _discover()
    with _lock:
        return {**found, **_registered}


def plugin_issues() -> tuple[PluginIssue, ...]:
    """The installed plugins that were skipped, and why.

    Examples:
        >>> [issue.reason for issue in plugin_issues()]  # none skipped here
        []
    """
    return _discover()[1]


def refresh_plugins() -> None:
    """Forget the cached discovery and loaded plans (after installing a plugin at run time).

    Examples:
        >>> refresh_plugins()
        >>> "dongkou" in plugins()
        True
    """
    _discover.cache_clear()
    _load_cached.cache_clear()


def register_plugin(plugin: Plugin, *, replace: bool = False) -> None:
    """Make a plugin available without installing it (tests, notebooks).

    Args:
        plugin: The plugin.
        replace: Replace a plugin of the same name instead of refusing.

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
    if not replace and plugin.name in plugins():
        raise PluginError(Message("registry.exists", plugin=plugin.name))
    with _lock:
        _registered[plugin.name] = plugin
    _load_cached.cache_clear()


def unregister_plugin(name: str) -> None:
    """Remove a plugin added with :func:`register_plugin` (installed ones stay).

    Examples:
        >>> unregister_plugin("not_registered")  # nothing to remove: no error
        >>> "dongkou" in plugins()
        True
    """
    with _lock:
        _registered.pop(name, None)
    _load_cached.cache_clear()


def get_plugin(name_or_path: str | Path) -> Plugin:
    """The plugin of that name, or a plugin made from a folder of plan files.

    Raises:
        PluginError: no such plugin or folder; the message lists the installed plugins.

    Examples:
        >>> get_plugin("dongkou").display_name
        '洞口县科技和工业“十四五”发展规划'
    """
    text = str(name_or_path)
    available = plugins()
    if isinstance(name_or_path, str) and text in available:
        return available[text]
    path = Path(name_or_path)
    if path.is_dir():
        return Plugin.from_folder(path)
    names = ", ".join(sorted(available)) or "none installed"
    raise PluginError(Message("registry.not_found", text=text, names=names))


def load(name_or_path: str | Path, plan: str | None = None) -> Plan:
    """Load a plan by plugin name, folder or file: ``load("dongkou")``, ``load("./my-county/")``,
    ``load("plan.toml")``.

    Plans of installed plugins are loaded once and cached (plans are immutable).

    Args:
        name_or_path: A plugin name, a folder of plan files, or a plan file.
        plan: For a plugin or folder, the plan file to load instead of the main one.

    Raises:
        PluginError: no such plugin, folder or file.
        PlanError: the plan data is broken.

    Examples:
        >>> plan = load("dongkou")
        >>> plan.region, plan.start_year, plan.end_year
        ('洞口县', 2021, 2025)
    """
    from ..io import load_plan

    path = Path(name_or_path)
    if path.suffix.lower() in _PLAN_SUFFIXES and plan is None:
        if not path.is_file() and str(name_or_path) not in plugins():
            raise PluginError(Message("registry.no_file", path=str(name_or_path)))
        if path.is_file():
            return load_plan(path)
    if isinstance(name_or_path, str) and name_or_path in plugins():
        return _load_cached(name_or_path, plan)
    if plan is not None and path.is_dir():  # a named plan needs no main plan
        if not (path / plan).is_file():
            raise PluginError(Message("registry.folder_has_no_file", folder=str(path), file=plan))
        return load_plan(path / plan)
    return get_plugin(name_or_path).load(plan)


@functools.lru_cache(maxsize=64)
def _load_cached(name: str, plan: str | None) -> Plan:
    return plugins()[name].load(plan)
