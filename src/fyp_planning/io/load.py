"""Loading plan files (TOML or JSON) into a :class:`~fyp_planning.Plan`, with every error at once."""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pint

from .. import limits
from ..errors import (
    FieldError,
    PlanError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
    Problems,
)
from ..files import FileRefused, read_bounded
from ..model.entities import ChainTemplate
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.plan import Plan, flaw_problems, plan_flaws
from ..model.targets import Target
from ..model.waiver import AuditIgnore
from ..text import Message
from ..units.declared import UnitDeclaration, declared_scope
from . import _bounds
from . import _schema as s
from . import _std_indicators as _std
from . import _std_templates as _stdt
from ._units import declare_units_table

__all__ = ["load_plan", "loads_plan", "plan_from_dict"]

_FORMATS = {".toml": "toml", ".json": "json"}


def load_plan(path: str | Path) -> Plan:
    """Load a plan file (``.toml`` or ``.json``).

    Args:
        path: The file. A plan may name its predecessor as a file in its own folder
            (``predecessor = "dongkou-13th.toml"``, or in a subfolder) or inline as a table.

    Returns:
        The validated plan.

    Raises:
        PlanSyntaxError: the file cannot be read or is not valid TOML/JSON; or it is not a
            regular file (a pipe, a device), is larger than ``limits.MAX_PLAN_FILE_BYTES``, or
            nests arrays and tables deeper than ``limits.MAX_NESTING``.
        PlanStructureError: keys or values of the wrong shape (every one found), listed with
            the contradictions found in the same pass; the first line counts each kind. Values
            beyond the limits are among them, each at its key path: a number that is not finite
            or beyond ``limits.MAX_MAGNITUDE``, a text over ``limits.MAX_TEXT_CHARS``
            characters, a year outside ``limits.MIN_YEAR``–``limits.MAX_YEAR``, a control
            character in a name; and, at ``predecessor``, a predecessor file outside the folder
            of the plan naming it (an absolute path, ``..``, a symlink leading out: refused
            unread, nothing of it shown) or past ``limits.MAX_PREDECESSORS`` plans.
        PlanValidationError: a well-formed plan whose contents contradict each other.

    Examples:
        >>> import pathlib, tempfile
        >>> text = '''
        ... id = "demo"
        ... region = "示例县"
        ... title = "示例县工业规划"
        ... start_year = 2021
        ... end_year = 2025
        ... [indicators.output]
        ... name = "工业总产值"
        ... unit = "亿元"
        ... observations = [{period = 2020, value = 198}]
        ... targets = [{year = 2025, text = "达到300亿元"}]
        ... '''
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.toml"
        >>> _ = path.write_text(text, encoding="utf-8")
        >>> plan = load_plan(path)
        >>> plan.targets[0].value, plan.observations[0].value
        (<Quantity(300, 'yi_yuan')>, <Quantity(198, 'yi_yuan')>)
    """
    path = Path(path)
    try:
        return _load_file(path, (), 0, within=None)
    except FileRefused as exc:
        raise PlanSyntaxError([_file_problem(exc)], file=str(path)) from None


def loads_plan(text: str, format: str = "toml", *, name: str = "<string>") -> Plan:
    """Load a plan from TOML or JSON text. See :func:`load_plan`.

    Args:
        text: The document.
        format: ``"toml"`` or ``"json"``.
        name: How to name the document in error messages.

    Examples:
        >>> plan = loads_plan('''
        ... id = "demo"
        ... region = "示例县"
        ... title = "示例"
        ... start_year = 2021
        ... end_year = 2025
        ... ''')
        >>> plan.base_year
        2020
        >>> loads_plan('{"id": "demo"}', "json", name="demo.json")
        Traceback (most recent call last):
        ...
        fyp_planning.errors.PlanStructureError: demo.json: 4 problems in plan (结构错误)
          - region: required key missing; expected text
          - title: required key missing; expected text
          - start_year: required key missing; expected an integer
          - end_year: required key missing; expected an integer
    """
    if len(text) > limits.MAX_PLAN_FILE_BYTES // 4:  # maybe over the limit: count its bytes
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limits.MAX_PLAN_FILE_BYTES:
            raise PlanSyntaxError(
                [
                    Problem(
                        "",
                        Message("io.document_too_large", size=size),
                        expected=f"a document of at most {limits.MAX_PLAN_FILE_BYTES:,} bytes",
                    )
                ],
                file=name,
            )
    raw = _parse(text, format, name)
    return _checked_build(raw, name, base_dir=None, stack=(), chain=0)


def plan_from_dict(data: dict[str, Any], *, name: str = "<dict>") -> Plan:
    """Build a plan from an already-parsed tree (the shape of a TOML plan file).

    Examples:
        >>> tree = {"id": "demo", "region": "示例县", "title": "示例",
        ...         "start_year": 2021, "end_year": 2025,
        ...         "indicators": {"output": {"name": "工业总产值", "unit": "亿元"}}}
        >>> plan_from_dict(tree).indicator("output").label
        '工业总产值（亿元）'
    """
    return _checked_build(data, name, base_dir=None, stack=(), chain=0)


def _file_problem(exc: FileRefused) -> Problem:
    """The problem of a plan file that may not be read: a file that cannot be opened is said
    as it always was; a refused one (a pipe, a device, too large, outside its folder) by
    :mod:`fyp_planning.files`."""
    if exc.message.id == "files.cannot_read":
        reason = exc.message.arguments["reason"]
        return Problem("", Message("io.cannot_read", reason=reason), kind="syntax")
    return Problem("", exc.message, kind="syntax")


def _load_file(path: Path, stack: tuple[Path, ...], chain: int, within: Path | None) -> Plan:
    """Read, parse and build one plan file.

    Args:
        path: The file.
        stack: The files of the plans that name this one as predecessor (resolved), to refuse a
            cycle.
        chain: How many plans precede this one in the chain read so far (0 for the plan asked
            for).
        within: The folder the file must be inside (a predecessor: that of the plan naming it).

    Raises:
        FileRefused: the file may not be read (missing, a pipe or device, too large, outside
            ``within``).
        PlanError: its contents.
    """
    name = str(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PlanSyntaxError(
            [Problem("", Message("io.unknown_file_type"), path.suffix, "a .toml or .json file")],
            file=name,
        )
    data = read_bounded(path, limit=limits.MAX_PLAN_FILE_BYTES, within=within)
    try:
        text = data.decode("utf-8-sig")  # a BOM, as Windows Notepad writes, is harmless
    except UnicodeDecodeError as exc:
        raise PlanSyntaxError(
            [
                Problem(
                    "",
                    Message("io.not_utf8", byte=exc.start),
                    expected="a UTF-8 encoded file (保存为UTF-8编码)",
                )
            ],
            file=name,
        ) from None
    raw = _parse(text, fmt, name)
    return _checked_build(
        raw, name, base_dir=path.parent, stack=(*stack, path.resolve()), chain=chain
    )


def _checked_build(
    raw: Any, name: str, base_dir: Path | None, stack: tuple[Path, ...], chain: int
) -> Plan:
    """:func:`_build` a tree once its values are known to be within the limits."""
    problems = _bounds.check_tree(raw)
    if problems:
        raise PlanStructureError(problems, file=name)
    return _build(raw, name, base_dir, stack, chain)


def _parse(text: str, fmt: str, name: str) -> dict[str, Any]:
    if fmt in _FORMATS.values():
        problems = _bounds.check_text(text, fmt)
        if problems:
            raise PlanSyntaxError(problems, file=name)
    try:
        return _parse_checked(text, fmt, name)
    except RecursionError:  # defensive: check_text bounds the nesting the parsers recurse on
        raise PlanSyntaxError(
            [
                Problem(
                    "",
                    Message("io.too_deep", limit=limits.MAX_NESTING),
                    expected=f"at most {limits.MAX_NESTING} levels of nested arrays and tables",
                )
            ],
            file=name,
        ) from None


def _parse_checked(text: str, fmt: str, name: str) -> dict[str, Any]:
    if fmt == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            # ``lineno`` exists from Python 3.14; before, the line is only in the message.
            line = getattr(exc, "lineno", None)
            if line is None and (m := re.search(r"at line (\d+)", msg)):
                line = int(m[1])
            raise PlanSyntaxError(
                [Problem("", Message("io.invalid_toml", reason=msg), line=line)], file=name
            ) from None
        except ValueError:  # defensive: an integer too long to convert (check_text finds it)
            raise PlanSyntaxError(
                [
                    Problem(
                        "",
                        Message("io.out_of_range"),
                        expected=f"numbers of magnitude at most {limits.MAX_MAGNITUDE:g}",
                    )
                ],
                file=name,
            ) from None
    if fmt == "json":
        try:
            raw = json.loads(
                text,
                object_pairs_hook=_JSONObject.from_pairs,
                parse_int=_bounds.json_int,
                parse_float=_bounds.json_float,
            )
        except json.JSONDecodeError as exc:
            raise PlanSyntaxError(
                [
                    Problem(
                        "",
                        Message("io.invalid_json", reason=exc.msg, column=exc.colno),
                        line=exc.lineno,
                    )
                ],
                file=name,
            ) from None
        if not isinstance(raw, dict):
            raise PlanSyntaxError(
                [
                    Problem(
                        "",
                        Message("io.not_an_object"),
                        type(raw).__name__,
                        "a JSON object {...}",
                    )
                ],
                file=name,
            )
        dupes = list(_duplicate_keys(raw, ""))
        if dupes:
            raise PlanSyntaxError(
                [Problem(p, Message("io.key_twice"), k, "each key once") for p, k in dupes],
                file=name,
            )
        return raw
    raise PlanSyntaxError(
        [Problem("", Message("io.unknown_format"), fmt, "toml or json")], file=name
    )


class _JSONObject(dict[str, Any]):
    """A JSON object that remembers repeated keys (``json`` would silently keep the last)."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> _JSONObject:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            obj.repeated = tuple(repeated)
        return obj


def _duplicate_keys(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, key) of every repeated key in a parsed JSON tree."""
    if isinstance(node, dict):
        for key in getattr(node, "repeated", ()):
            yield _bounds.join_path(path, key), key
        for key, value in node.items():
            yield from _duplicate_keys(value, _bounds.join_path(path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _duplicate_keys(value, _bounds.join_path(path, i))


# -- building ----------------------------------------------------------------------------------
@attrs.define
class _Builder:
    raw: dict[str, Any]
    name: str
    base_dir: Path | None
    stack: tuple[Path, ...]
    chain: int  # how many plans precede this one in the chain being read
    problems: list[Problem] = attrs.Factory(list)
    failed: set[str] = attrs.Factory(set)  # ids whose entries could not be built
    paths: dict[int, str] = attrs.Factory(dict)  # id(a built object) -> its key path

    def structure(self, value: Any, cls: Any, path: str, *, checks: bool = True) -> Any:
        """``value`` structured as ``cls`` by the schema's converter; ``None`` (and its
        problems recorded) when it cannot be."""
        try:
            built = s.converter.structure(value, cls)
        except Exception as exc:  # cattrs raises groups of anything: report, never leak
            self.problems.extend(s.problems_from(exc, value, path, cls, checks=checks))
            return None
        if attrs.has(type(built)):
            self.paths[id(built)] = path
        return built

    def add(self, problems: Iterable[Problem], path: str) -> None:
        self.problems.extend(s.nest(p, path) for p in problems)

    def flaw_problems(self, parts: dict[str, Any]) -> list[Problem]:
        """The plan's broken invariants at the key paths their objects were read from, but
        not those caused by entries already reported (a reference to a broken entry)."""
        try:
            flaws = plan_flaws(**parts)
        except Exception:  # partial plans may lack what a check needs; the main errors stand
            return []
        flaws = [f for f in flaws if not (f.code.startswith("unknown_") and f.value in self.failed)]
        problems = flaw_problems(flaws, lambda obj: self.paths[id(obj)])
        return [_library_hint(f.code, p) for f, p in zip(flaws, problems, strict=True)]


def _library_hint(code: str, problem: Problem) -> Problem:
    """An unknown template that the library has: say how to name the library's."""
    if code == "unknown_template" and problem.value in _stdt.library_ids():
        hint = f'; or the library\'s: template = "std:{problem.value}"'
        return attrs.evolve(problem, expected=f"{problem.expected}{hint}")
    return problem


def _build(raw: Any, name: str, base_dir: Path | None, stack: tuple[Path, ...], chain: int) -> Plan:
    b = _Builder(raw, name, base_dir, stack, chain)
    if not isinstance(raw, dict):
        raise PlanStructureError([Problem("", Message("io.wrong_type"), raw, "a table")], file=name)
    # The units of every plan of the chain are known while any of them is read: this plan's
    # first, then its predecessor's (read before this plan's tables, its problems listed after).
    with declared_scope():
        b.problems += s.unknown_keys("", raw, s.TOP_LEVEL_KEYS)
        units = _units(b, raw.get("units", {}))
        fields = _head(b, raw)
        before = len(b.problems)
        predecessor = _predecessor(b, raw.get("predecessor"))
        theirs = b.problems[before:]
        del b.problems[before:]
        return _build_contents(b, raw, fields, units, predecessor, theirs)


def _build_contents(
    b: _Builder,
    raw: dict[str, Any],
    fields: dict[str, Any],
    units: list[UnitDeclaration],
    predecessor: Plan | None,
    predecessor_problems: list[Problem],
) -> Plan:
    name = b.name
    observations: list[Observation] = []
    targets: list[Target] = []
    for table, cls in s.KEYED_TABLES.items():
        entries = raw.get(table, {})
        if not isinstance(entries, dict):
            expected = f"a table of entries keyed by id ([{table}.some_id])"
            b.problems.append(Problem(table, Message("io.wrong_type"), entries, expected))
            continue
        fields[table] = parts = []
        for key, body in entries.items():
            path = _bounds.join_path(table, key)
            shape = s.entry_shape(key, body)
            built: Any
            if shape is not None:
                b.add([shape], table)
                built = None
            elif cls is Indicator:  # with the observations and targets its table lists
                built = _indicator(b, key, body, path, observations, targets)
            elif cls is ChainTemplate:
                built = _template(b, key, body, path)
            else:
                built = b.structure({**body, "id": key}, cls, path)
            if built is None:
                b.failed.add(key)
            else:
                parts.append(built)

    if isinstance(fields.get("templates"), list) and isinstance(fields.get("chains"), list):
        fields["templates"] += _library_templates(b, fields["templates"], fields["chains"])
    b.problems += predecessor_problems
    if predecessor is not None:
        b.paths[id(predecessor)] = "predecessor"
    try:
        links = s.pairs_in(raw.get("links", []), '["food.packaging", "light_industry.paper"]')
    except Problems as exc:
        b.add(exc.problems, "links")
        links = []
    fields.update(
        links=links,
        audit_ignore=_audit_ignore(b, raw.get("audit_ignore", [])),
        observations=observations,
        targets=targets,
        predecessor=predecessor,
        units=units,
    )
    # The period as Plan would take it (``None`` where the header could not be read).
    start = fields.get("start_year")
    period = {
        "start_year": start,
        "end_year": fields.get("end_year"),
        "base_year": fields.get("base_year", start and start - 1),
    }
    if b.problems:
        # Report contradictions too (with the period checks only when the header was read),
        # but not those caused by entries already reported.
        extra = [attrs.evolve(p, kind="validation") for p in b.flaw_problems({**fields, **period})]
        # The error is a structure error (the first step failed); its heading counts both kinds.
        raise PlanStructureError(b.problems + extra, file=name)
    try:
        return Plan(**fields)
    except PlanValidationError:
        raise PlanValidationError(b.flaw_problems({**fields, **period}), file=name) from None
    except (ValueError, TypeError) as exc:
        raise PlanValidationError([Problem("", str(exc))], file=name) from None


def _units(b: _Builder, value: Any) -> list[UnitDeclaration]:
    """The ``[units]`` table's declarations, each made known to the plans of this chain;
    every bad one is reported."""
    declared, problems = declare_units_table(value, scoped=True)
    b.problems += problems
    return declared


def _template(b: _Builder, key: str, body: dict[str, Any], path: str) -> ChainTemplate | None:
    """A template of the plan: written whole, or extending a library one (``extends``)."""
    if "extends" not in body:
        delta = [k for k in _stdt.DELTA_KEYS if k in body]
        if delta:
            b.problems += [
                Problem(
                    _bounds.join_path(path, k),
                    Message("io.std_template.delta_without_extends"),
                    body[k],
                    'an extends key naming the library template changed (extends = "std:ID")',
                )
                for k in delta
            ]
            return None
        built: ChainTemplate | None = b.structure({**body, "id": key}, ChainTemplate, path)
        return built
    try:
        merged = _stdt.apply_extension(key, body)
    except Problems as exc:
        b.add(exc.problems, path)
        return None
    built = b.structure({**merged, "id": key}, ChainTemplate, path)
    return built


def _library_templates(
    b: _Builder, templates: list[ChainTemplate], chains: list[Any]
) -> list[ChainTemplate]:
    """The library templates the chains name (``template = "std:ID"``) and the plan does not
    define itself, once each, in the order the chains first name them."""
    have = {t.id for t in templates}
    out: list[ChainTemplate] = []
    for chain_id, ref in _stdt.chain_references(chains):
        if ref in have:
            continue
        have.add(ref)
        try:
            out.append(_stdt.resolve(ref))
        except Problems as exc:
            b.add(exc.problems, f"chains.{chain_id}.template")
            b.failed.add(ref)
    return out


def _head(b: _Builder, raw: dict[str, Any]) -> dict[str, Any]:
    """The plan's own keys, as :class:`Plan` takes them (those that could be read)."""
    fields: dict[str, Any] = {}
    ok = True
    for key in s.PLAN_HEAD:
        field = attrs.fields_dict(Plan).get(key)
        if key not in raw:
            if field is not None and field.default is attrs.NOTHING:
                expected = s.describe_type(field.type)
                b.problems.append(
                    Problem(key, Message("io.missing_key"), Problem.NO_VALUE, expected)
                )
                ok = False
            continue
        before = len(b.problems)
        value = b.structure(raw[key], s.file_type(Plan, key) if field else int, key)
        if len(b.problems) > before:
            ok = False
        elif field is None:  # format_version
            if value != s.FORMAT_VERSION:
                expected = str(s.FORMAT_VERSION)
                message = Message("io.format_version")
                b.problems.append(Problem(key, message, value, expected))
        elif value is not None:  # null: not given
            try:  # the field's own check (a year in range, a name without control characters)
                if field.validator is not None:
                    field.validator(None, field, value)
            except FieldError as exc:
                b.problems.append(Problem(key, exc.message, exc.value, exc.expected))
                ok = False
                continue
            fields[key] = value
    if not ok:  # a header that cannot be read gives no period to check against
        for key in ("start_year", "end_year", "base_year"):
            fields.pop(key, None)
    return fields


def _indicator(
    b: _Builder,
    key: str,
    body: dict[str, Any],
    path: str,
    observations: list[Observation],
    targets: list[Target],
) -> Indicator | None:
    """An indicator, and the observations and targets its table lists.

    When the indicator cannot be built, its observations and targets are still read, so that
    their own problems (a quoted year, a missing key) come in the same pass; their figures
    are not checked against the unit, which is what failed.
    """
    items = {name: body[name] for name in ("observations", "targets") if name in body}
    lists = {name: b.structure(value, list[Any], f"{path}.{name}") for name, value in items.items()}
    own = _with_standard(b, {k: v for k, v in body.items() if k not in items}, path)
    try:
        unit = s.converter.structure(own.get("unit"), pint.Unit)
    except Exception:  # reported when the indicator is read
        unit = None
    token = s.UNIT.set(unit)
    try:
        ind = b.structure({**own, "id": key}, Indicator, path)
        checks = ind is not None
        for item_path, item in _items(lists.get("observations"), f"{path}.observations"):
            obs = _entry(b, item, Observation, item_path, {"indicator": key}, checks)
            if obs is not None:
                observations.append(obs)
        for item_path, item in _items(lists.get("targets"), f"{path}.targets"):
            if not isinstance(item, dict):
                b.problems.append(Problem(item_path, Message("io.wrong_type"), item, "a table"))
                continue
            tgt = b.structure((key, item), Target, item_path, checks=checks)
            if tgt is not None:
                targets.append(tgt)
    finally:
        s.UNIT.reset(token)
    return ind if None not in lists.values() else None


def _with_standard(b: _Builder, own: dict[str, Any], path: str) -> dict[str, Any]:
    """An indicator's keys with what its standard gives (``standard = "rd_intensity"``): the
    standard's unit, measure, direction, growth, limit, name_en and kind where the indicator
    does not state them. A stated unit must convert to the standard's; an unknown standard is
    reported with the closest id."""
    standard = own.get("standard")
    if standard is None:
        return own
    unknown = _std.problems_for(standard, _bounds.join_path(path, "standard"))
    if unknown:  # reported here: not again when the indicator is read
        b.problems.extend(unknown)
        return {k: v for k, v in own.items() if k != "standard"}
    if "unit" in own:
        conflict = _std.unit_conflict(standard, own["unit"], _bounds.join_path(path, "unit"))
        if conflict is not None:
            b.problems.append(conflict)
            return own
    return {**_std.inherited(standard, own), **own}


def _items(items: list[Any] | None, path: str) -> Iterator[tuple[str, Any]]:
    for i, item in enumerate(items or ()):
        yield f"{path}[{i}]", item


def _entry(
    b: _Builder, body: Any, cls: type, path: str, context: dict[str, Any], checks: bool = True
) -> Any:
    """One entry of a list of tables, with what its context gives (the indicator)."""
    if not isinstance(body, dict):
        b.problems.append(Problem(path, Message("io.wrong_type"), body, "a table"))
        return None
    hidden = [k for k in context if k in body]
    b.problems += s.unknown_keys(path, {k: body[k] for k in hidden}, s.file_keys(cls))
    built = b.structure({**body, **context}, cls, path, checks=checks)
    return None if hidden or not checks else built


def _audit_ignore(b: _Builder, value: Any) -> list[AuditIgnore]:
    """The ``[[audit_ignore]]`` tables; every bad one is reported."""
    example = '[[audit_ignore]] code = "G001", reason = "原文如此", at = "statements.x"'
    if not isinstance(value, list):
        b.problems.append(
            Problem("audit_ignore", Message("io.wrong_type"), value, f"a list of tables: {example}")
        )
        return []
    out = []
    for i, item in enumerate(value):
        path = f"audit_ignore[{i}]"
        if not isinstance(item, dict):
            b.problems.append(Problem(path, Message("io.wrong_type"), item, f"a table: {example}"))
            continue
        unknown = sorted(set(item) - {"code", "reason", "at"})
        for key in unknown:
            b.problems.append(
                Problem(f"{path}.{key}", Message("io.unknown_key"), item[key], "code, reason, at")
            )
        missing = [k for k in ("code", "reason") if k not in item]
        for key in missing:
            b.problems.append(
                Problem(f"{path}.{key}", Message("io.missing_key"), Problem.NO_VALUE, example)
            )
        if unknown or missing:
            continue
        try:
            out.append(AuditIgnore(**item))
        except FieldError as exc:
            b.problems.append(s.field_problem(exc, path))
    return out


def _predecessor(b: _Builder, value: Any) -> Plan | None:
    """The predecessor an inline table describes, or the file a name points at.

    A file must lie inside the folder of the plan that names it (no absolute path, no ``..``
    out of it, no symlink leading out), be a regular file and not too large; it is refused
    before it is opened otherwise, and nothing of it is read or shown. The chain of
    predecessors is at most ``limits.MAX_PREDECESSORS`` long.
    """
    if value is None:
        return None
    if b.chain >= limits.MAX_PREDECESSORS and isinstance(value, (dict, str)):
        b.problems.append(
            Problem(
                "predecessor",
                Message("io.too_many_predecessors", limit=limits.MAX_PREDECESSORS),
                _bounds.shown(value) if isinstance(value, str) else Problem.NO_VALUE,
                f"a chain of at most {limits.MAX_PREDECESSORS} predecessor plans",
            )
        )
        return None
    if isinstance(value, dict):
        try:
            return _build(value, b.name, b.base_dir, b.stack, b.chain + 1)
        except PlanError as exc:
            b.add(exc.problems, "predecessor")
            return None
    if isinstance(value, str):
        if b.base_dir is None:
            b.problems.append(
                Problem(
                    "predecessor",
                    "a file reference needs a plan loaded from a file",
                    value,
                    "an inline [predecessor] table",
                )
            )
            return None
        refused = _outside(value, b.base_dir)
        if refused is not None:
            b.problems.append(refused)
            return None
        path = b.base_dir / value
        if path.resolve() in b.stack:
            b.problems.append(
                Problem(
                    "predecessor",
                    "plans name each other as predecessor (a cycle)",
                    value,
                    "an earlier plan",
                )
            )
            return None
        try:
            return _load_file(path, b.stack, b.chain + 1, within=b.base_dir)
        except FileRefused as exc:
            if exc.message.id == "files.cannot_read":  # as a missing file always was
                b.add([_file_problem(exc)], f"predecessor({_bounds.shown(value)})")
            else:
                b.problems.append(Problem("predecessor", exc.message, value, _inside(b.base_dir)))
            return None
        except PlanError as exc:
            b.add(exc.problems, f"predecessor({_bounds.shown(value)})")
            return None
    b.problems.append(
        Problem(
            "predecessor", "wrong type", value, "a file name next to this plan, or an inline table"
        )
    )
    return None


def _inside(folder: Path) -> str:
    return (
        f"a plan file (.toml or .json, at most {limits.MAX_PLAN_FILE_BYTES:,} bytes) inside "
        f"{os.path.abspath(folder)}, the folder of the plan naming it"
    )


def _outside(value: str, folder: Path) -> Problem | None:
    """The refusal of a predecessor name that leads out of ``folder`` as written (an absolute
    path, ``..``) or cannot name a file (a control character), before the file system is asked
    anything about it; ``None`` for a name to look up (symlinks are checked on reading)."""
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        message = Message("io.predecessor_control_character")
    elif (
        os.path.isabs(value)
        or Path(value).drive
        or os.path.normpath(value).split(os.sep)[0] == os.pardir
        or (os.altsep is not None and os.path.normpath(value).split(os.altsep)[0] == os.pardir)
    ):
        message = Message("files.outside", path=value, folder=os.path.abspath(folder))
    else:
        return None
    return Problem("predecessor", message, _bounds.shown(value), _inside(folder))
