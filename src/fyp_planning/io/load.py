"""Loading plan files (TOML or JSON) into a :class:`~fyp_planning.Plan`, with every error at once."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pint

from ..errors import (
    PlanError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
)
from ..model._validators import FieldError
from ..model.entities import Chain, ChainTemplate, Segment
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.phrases import parse_target
from ..model.plan import Plan, flaw_problems, plan_flaws
from ..model.statement import Statement
from ..model.targets import TARGET_KINDS, GrowthTarget, RateTarget, Target
from ..model.waiver import AuditIgnore
from ..units import Quantity
from . import _schema as s

__all__ = ["load_plan", "loads_plan", "plan_from_dict"]

_FORMATS = {".toml": "toml", ".json": "json"}


def load_plan(path: str | Path) -> Plan:
    """Load a plan file (``.toml`` or ``.json``).

    Args:
        path: The file. A plan may name its predecessor as a file next to it
            (``predecessor = "dongkou-13th.toml"``) or inline as a table.

    Returns:
        The validated plan.

    Raises:
        PlanSyntaxError: the file cannot be read or is not valid TOML/JSON.
        PlanStructureError: keys or values of the wrong shape (every one found), listed with
            the contradictions found in the same pass; the first line counts each kind.
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
    return _load_file(Path(path), ())


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
    raw = _parse(text, format, name)
    return _build(raw, name, base_dir=None, stack=())


def plan_from_dict(data: dict[str, Any], *, name: str = "<dict>") -> Plan:
    """Build a plan from an already-parsed tree (the shape of a TOML plan file).

    Examples:
        >>> tree = {"id": "demo", "region": "示例县", "title": "示例",
        ...         "start_year": 2021, "end_year": 2025,
        ...         "indicators": {"output": {"name": "工业总产值", "unit": "亿元"}}}
        >>> plan_from_dict(tree).indicator("output").label
        '工业总产值（亿元）'
    """
    return _build(data, name, base_dir=None, stack=())


def _load_file(path: Path, stack: tuple[Path, ...]) -> Plan:
    name = str(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PlanSyntaxError(
            [Problem("", "unknown plan file type", path.suffix, "a .toml or .json file")], file=name
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanSyntaxError(
            [Problem("", f"cannot read file: {exc.strerror or exc}")], file=name
        ) from None
    try:
        text = data.decode("utf-8-sig")  # a BOM, as Windows Notepad writes, is harmless
    except UnicodeDecodeError as exc:
        raise PlanSyntaxError(
            [
                Problem(
                    "",
                    f"not UTF-8 text (byte {exc.start})",
                    expected="a UTF-8 encoded file (保存为UTF-8编码)",
                )
            ],
            file=name,
        ) from None
    raw = _parse(text, fmt, name)
    return _build(raw, name, base_dir=path.parent, stack=(*stack, path.resolve()))


def _parse(text: str, fmt: str, name: str) -> dict[str, Any]:
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
                [Problem("", f"invalid TOML: {msg}", line=line)], file=name
            ) from None
    if fmt == "json":
        try:
            raw = json.loads(text, object_pairs_hook=_JSONObject.from_pairs)
        except json.JSONDecodeError as exc:
            raise PlanSyntaxError(
                [Problem("", f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno)],
                file=name,
            ) from None
        if not isinstance(raw, dict):
            raise PlanSyntaxError(
                [
                    Problem(
                        "",
                        "the document is not an object",
                        type(raw).__name__,
                        "a JSON object {...}",
                    )
                ],
                file=name,
            )
        dupes = list(_duplicate_keys(raw, ""))
        if dupes:
            raise PlanSyntaxError(
                [Problem(p, "key defined more than once", k, "each key once") for p, k in dupes],
                file=name,
            )
        return raw
    raise PlanSyntaxError([Problem("", "unknown format", fmt, "toml or json")], file=name)


class _JSONObject(dict):  # type: ignore[type-arg]
    """A JSON object that remembers repeated keys (``json`` would silently keep the last)."""

    repeated: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> _JSONObject:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            obj.repeated = tuple(k for k, _ in pairs if k in seen or seen.add(k))
        return obj


def _duplicate_keys(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, key) of every repeated key in a parsed JSON tree."""
    if isinstance(node, dict):
        for key in getattr(node, "repeated", ()):
            yield s.join_path(path, key), key
        for key, value in node.items():
            yield from _duplicate_keys(value, s.join_path(path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _duplicate_keys(value, s.join_path(path, i))


# -- building ----------------------------------------------------------------------------------
@attrs.define
class _Builder:
    raw: dict[str, Any]
    name: str
    base_dir: Path | None
    stack: tuple[Path, ...]
    problems: list[Problem] = attrs.Factory(list)
    failed: set[str] = attrs.Factory(set)  # ids whose entries could not be built
    paths: dict[int, str] = attrs.Factory(dict)  # id(a built object) -> its key path

    def structure(self, value: Any, cls: type, path: str) -> Any:
        try:
            return s.converter.structure(value, cls)
        except Exception as exc:  # cattrs raises groups of anything: report, never leak
            self.problems.extend(s.problems_from(exc, value, path, cls))
            return None

    def flaw_problems(self, parts: dict[str, Any]) -> list[Problem]:
        """The plan's broken invariants at the key paths their objects were read from, but
        not those caused by entries already reported (a reference to a broken entry)."""
        try:
            flaws = plan_flaws(**parts)
        except Exception:  # partial plans may lack what a check needs; the main errors stand
            return []
        flaws = [
            f for f in flaws if not (f.message.startswith("unknown") and f.value in self.failed)
        ]
        return flaw_problems(flaws, lambda obj: self.paths[id(obj)])

    def construct(self, cls: type, path: str, **kwargs: Any) -> Any:
        try:
            built = cls(**kwargs)
            self.paths[id(built)] = path
            return built
        except FieldError as exc:
            self.problems.append(s.field_problem(exc, path))
        except (ValueError, TypeError) as exc:
            self.problems.append(Problem(path, str(exc)))
        return None


def _build(raw: Any, name: str, base_dir: Path | None, stack: tuple[Path, ...]) -> Plan:
    b = _Builder(raw, name, base_dir, stack)
    if not isinstance(raw, dict):
        raise PlanStructureError([Problem("", "wrong type", raw, "a table")], file=name)
    for key in raw:
        if key not in s.TOP_LEVEL_KEYS:
            b.problems.append(
                Problem(
                    key,
                    "unknown key",
                    raw[key],
                    f"one of: {', '.join(s.TOP_LEVEL_KEYS)}{s.did_you_mean(key, s.TOP_LEVEL_KEYS)}",
                )
            )
    head_raw = {k: v for k, v in raw.items() if k in {f.name for f in attrs.fields(s.PlanHeadDoc)}}
    head = b.structure(head_raw, s.PlanHeadDoc, "")
    if head is not None and head.format_version != s.FORMAT_VERSION:
        b.problems.append(
            Problem(
                "format_version",
                "unsupported plan-file format version",
                head.format_version,
                str(s.FORMAT_VERSION),
            )
        )

    parts: dict[str, list[Any]] = {key: [] for key in s.KEYED_TABLES}
    observations: list[Observation] = []
    targets: list[Target] = []
    for table, cls in s.KEYED_TABLES.items():
        entries = raw.get(table, {})
        if not isinstance(entries, dict):
            b.problems.append(
                Problem(
                    table,
                    "wrong type",
                    entries,
                    f"a table of entries keyed by id ([{table}.some_id])",
                )
            )
            continue
        for key, body in entries.items():
            path = s.join_path(table, key)
            if not isinstance(body, dict):
                b.problems.append(Problem(path, "wrong type", body, "a table"))
                b.failed.add(key)
                continue
            if "id" in body:
                b.problems.append(
                    Problem(
                        f"{path}.id",
                        "unknown key",
                        body["id"],
                        f"no 'id' key: the table name {key!r} is the id",
                    )
                )
                b.failed.add(key)
                continue
            if cls is s.IndicatorDoc:
                built = _indicator(b, key, body, path, observations, targets)
            elif cls is s.StatementDoc:
                built = _statement(b, key, body, path)
            elif cls is s.TemplateDoc:
                built = _template(b, key, body, path)
            elif cls is s.ChainDoc:
                built = _chain(b, key, body, path)
            else:
                built = b.structure({**body, "id": key}, cls, path)
            if built is None:
                b.failed.add(key)
            else:
                parts[table].append(built)
                b.paths[id(built)] = path

    predecessor = _predecessor(b, raw.get("predecessor"))
    b.paths[id(predecessor)] = "predecessor"
    links = _pairs(b, raw.get("links", []), "links", '["food.packaging", "light_industry.paper"]')

    fields: dict[str, Any] = {
        "links": links or [],
        "audit_ignore": _audit_ignore(b, raw.get("audit_ignore", [])),
        "observations": observations,
        "targets": targets,
        "predecessor": predecessor,
        **parts,
    }
    if head is not None:
        fields.update(
            id=head.id,
            region=head.region,
            title=head.title,
            start_year=head.start_year,
            end_year=head.end_year,
            issuer=head.issuer,
            source=head.source,
            links_provenance=head.links_provenance,
        )
        if head.base_year is not None:
            fields["base_year"] = head.base_year
    # The period as Plan would take it (``None`` where the header could not be read).
    start = head.start_year if head else None
    period = {
        "start_year": start,
        "end_year": head.end_year if head else None,
        "base_year": head.base_year
        if head and head.base_year is not None
        else (start and start - 1),
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


def _figure(value: Any, unit: pint.Unit) -> pint.Quantity:
    """A file figure: a number is in the indicator's unit; text carries its own unit."""
    if isinstance(value, pint.Quantity):
        return value
    return Quantity(value, unit)


def _indicator(
    b: _Builder,
    key: str,
    body: dict[str, Any],
    path: str,
    observations: list[Observation],
    targets: list[Target],
) -> Indicator | None:
    before = len(b.problems)
    doc = b.structure(body, s.IndicatorDoc, path)
    if doc is None:
        _check_items_alone(b, body, path, before)
        return None
    extra = {"growth": doc.growth} if doc.growth is not None else {}
    limit = _figure(doc.limit, doc.unit) if doc.limit is not None else None
    ind = b.construct(
        Indicator,
        path,
        id=key,
        name=doc.name,
        unit=doc.unit,
        category=doc.category,
        kind=doc.kind,
        direction=doc.direction,
        limit=limit,
        name_en=doc.name_en,
        source=doc.source,
        note=doc.note,
        **extra,
    )
    if ind is None:
        _check_items_alone(b, body, path, before)
        return None
    for i, item in enumerate(doc.observations):
        item_path = f"{path}.observations[{i}]"
        o = _item(b, item, s.ObservationDoc, item_path)
        if o is None:
            continue
        obs = b.construct(
            Observation,
            item_path,
            indicator=key,
            period=o.period,
            value=_figure(o.value, doc.unit),
            status=o.status,
            comparator=o.comparator,
            source=o.source,
            text=o.text,
        )
        if obs is not None:
            observations.append(obs)
            b.paths[id(obs)] = item_path
    for i, item in enumerate(doc.targets):
        item_path = f"{path}.targets[{i}]"
        t = _item(b, item, s.TargetDoc, item_path)
        tgt = _target(b, key, t, doc.unit, item_path, item) if t is not None else None
        if tgt is not None:
            targets.append(tgt)
            b.paths[id(tgt)] = item_path
    return ind


def _check_items_alone(b: _Builder, body: dict[str, Any], path: str, before: int) -> None:
    """An indicator that could not be built still has its observations and targets read, so
    their own problems (a quoted year, a missing key) come in the same pass. Their figures
    are not checked against the unit, which is what failed."""
    reported = [p.path for p in b.problems[before:]]
    for name, cls in (("observations", s.ObservationDoc), ("targets", s.TargetDoc)):
        items = body.get(name)
        prefix = f"{path}.{name}"
        if not isinstance(items, list) or any(p.startswith(prefix) for p in reported):
            continue
        for i, item in enumerate(items):
            _item(b, item, cls, f"{prefix}[{i}]")


def _item(b: _Builder, item: Any, cls: type, path: str) -> Any:
    if not isinstance(item, dict):
        b.problems.append(Problem(path, "wrong type", item, "a table"))
        return None
    return b.structure(item, cls, path)


_KIND_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required, allowed besides the common keys)
    "level": ({"value"}, {"value"}),
    "threshold": ({"value"}, {"value"}),
    "share": ({"value"}, {"value", "of"}),
    "rate": ({"value"}, {"value", "years"}),
    "growth": ({"rate"}, {"rate", "annual", "base_year"}),
    "reduction": ({"rate"}, {"rate", "annual", "base_year"}),
    "coverage": (set(), {"scope"}),
}
_COMMON_TARGET_KEYS = {"year", "kind", "comparator", "text", "source"}


def _target(
    b: _Builder, indicator: str, t: s.TargetDoc, unit: pint.Unit, path: str, raw: dict[str, Any]
) -> Target | None:
    raw = {k: v for k, v in raw.items() if v is not None}  # JSON null means "not given"
    if t.kind is None:
        if t.text is None:
            b.problems.append(
                Problem(
                    f"{path}.kind",
                    "required key missing",
                    Problem.NO_VALUE,
                    f"one of {', '.join(TARGET_KINDS)} (or a 'text' phrase "
                    "such as '年均增长10%以上' to read the target from)",
                )
            )
            return None
        try:
            parsed = parse_target(t.text, indicator=indicator, year=t.year, source=t.source)
        except ValueError as exc:
            b.problems.append(
                Problem(
                    f"{path}.text",
                    str(exc).split(";")[0],
                    t.text,
                    "a phrase such as '年均增长10%以上' or '达到300亿元', or an explicit 'kind'",
                )
            )
            return None
        given = {k for k in raw if k not in _COMMON_TARGET_KEYS}
        if given:
            b.problems.append(
                Problem(
                    f"{path}.{sorted(given)[0]}",
                    "key not allowed without 'kind' (the target is read from 'text')",
                    raw[sorted(given)[0]],
                    "either 'text' alone, or 'kind' with its keys",
                )
            )
            return None
        if t.comparator is not None and t.comparator is not parsed.comparator:
            parsed = attrs.evolve(parsed, comparator=t.comparator)
        return parsed
    cls = TARGET_KINDS.get(t.kind)
    if cls is None:
        b.problems.append(
            Problem(
                f"{path}.kind", "unknown target kind", t.kind, f"one of: {', '.join(TARGET_KINDS)}"
            )
        )
        return None
    required, allowed = _KIND_KEYS[t.kind]
    ok = True
    for key in sorted(required - set(raw)):
        b.problems.append(
            Problem(
                f"{path}.{key}",
                f"required key missing for a {t.kind} target",
                Problem.NO_VALUE,
                s.describe_type(s.Rate if key == "rate" else s.RawValue),
            )
        )
        ok = False
    for key in sorted(set(raw) - allowed - _COMMON_TARGET_KEYS):
        b.problems.append(
            Problem(
                f"{path}.{key}",
                f"key not allowed for a {t.kind} target",
                raw[key],
                f"keys of a {t.kind} target: {', '.join(sorted(allowed | _COMMON_TARGET_KEYS))}",
            )
        )
        ok = False
    if not ok:
        return None
    kwargs: dict[str, Any] = {
        "indicator": indicator,
        "year": t.year,
        "text": t.text,
        "source": t.source,
    }
    if t.comparator is not None:
        kwargs["comparator"] = t.comparator
    if "value" in required:
        kwargs["value"] = _figure(t.value, unit)
    if cls is RateTarget and t.years is not None:
        kwargs["years"] = tuple(t.years)
    if issubclass(cls, GrowthTarget):
        kwargs["rate"] = t.rate
        if t.annual is not None:
            kwargs["annual"] = t.annual
        kwargs["base_year"] = t.base_year
    if t.kind == "share":
        kwargs["of"] = t.of
    if t.kind == "coverage":
        kwargs["scope"] = t.scope
    return b.construct(cls, path, **kwargs)


def _statement(b: _Builder, key: str, body: dict[str, Any], path: str) -> Statement | None:
    doc = b.structure(body, s.StatementDoc, path)
    if doc is None:
        return None
    return b.construct(
        Statement,
        path,
        id=key,
        kind=doc.kind,
        value=doc.value,
        indicator=doc.indicator,
        start=doc.start,
        end=doc.end,
        parts=tuple(doc.parts),
        comparator=doc.comparator,
        text=doc.text,
        source=doc.source,
    )


def _audit_ignore(b: _Builder, value: Any) -> list[AuditIgnore]:
    """The ``[[audit_ignore]]`` tables; every bad one is reported."""
    example = '[[audit_ignore]] code = "G001", reason = "原文如此", at = "statements.x"'
    if not isinstance(value, list):
        b.problems.append(
            Problem("audit_ignore", "wrong type", value, f"a list of tables: {example}")
        )
        return []
    out = []
    for i, item in enumerate(value):
        path = f"audit_ignore[{i}]"
        if not isinstance(item, dict):
            b.problems.append(Problem(path, "wrong type", item, f"a table: {example}"))
            continue
        unknown = sorted(set(item) - {"code", "reason", "at"})
        for key in unknown:
            b.problems.append(
                Problem(f"{path}.{key}", "unknown key", item[key], "code, reason, at")
            )
        missing = [k for k in ("code", "reason") if k not in item]
        for key in missing:
            b.problems.append(
                Problem(f"{path}.{key}", "required key missing", Problem.NO_VALUE, example)
            )
        if unknown or missing:
            continue
        built = b.construct(AuditIgnore, path, **item)
        if built is not None:
            out.append(built)
    return out


def _pairs(b: _Builder, value: Any, path: str, example: str) -> list[tuple[str, str]] | None:
    """A list of pairs of text (supply edges, links); every bad item is reported."""
    expected = f"a list of pairs of text, e.g. [{example}]"
    if not isinstance(value, list):
        b.problems.append(Problem(path, "wrong type", value, expected))
        return None
    pairs = []
    for i, item in enumerate(value):
        if not (isinstance(item, list) and len(item) == 2 and all(type(x) is str for x in item)):
            b.problems.append(Problem(f"{path}[{i}]", "not a pair of text", item, example))
            continue
        pairs.append((item[0], item[1]))
    return pairs


def _template(b: _Builder, key: str, body: dict[str, Any], path: str) -> ChainTemplate | None:
    doc = b.structure(body, s.TemplateDoc, path)
    if doc is None:
        return None
    edges = _pairs(b, doc.edges, f"{path}.edges", '["farming", "processing"]')
    segments = []
    ok = edges is not None
    for seg_id, seg_body in doc.segments.items():
        seg_path = s.join_path(f"{path}.segments", seg_id)
        if not isinstance(seg_body, dict):
            b.problems.append(Problem(seg_path, "wrong type", seg_body, "a table"))
            ok = False
            continue
        if "id" in seg_body:
            b.problems.append(
                Problem(
                    f"{seg_path}.id",
                    "unknown key",
                    seg_body["id"],
                    f"no 'id' key: the table name {seg_id!r} is the id",
                )
            )
            ok = False
            continue
        seg = b.structure({**seg_body, "id": seg_id}, Segment, seg_path)
        if seg is None:
            ok = False
        else:
            segments.append(seg)
    if not ok:
        return None
    return b.construct(
        ChainTemplate,
        path,
        id=key,
        name=doc.name,
        segments=segments,
        edges=edges,
        provenance=doc.provenance,
        note=doc.note,
        source=doc.source,
    )


def _chain(b: _Builder, key: str, body: dict[str, Any], path: str) -> Chain | None:
    doc = b.structure(body, s.ChainDoc, path)
    if doc is None:
        return None
    return b.construct(
        Chain,
        path,
        id=key,
        name=doc.name,
        source=doc.source,
        template=doc.template,
        presence=doc.presence,
        presence_provenance=doc.presence_provenance,
        note=doc.note,
    )


def _predecessor(b: _Builder, value: Any) -> Plan | None:
    if value is None:
        return None
    if isinstance(value, dict):
        try:
            return _build(value, b.name, b.base_dir, b.stack)
        except PlanError as exc:
            b.problems.extend(_nest(p, "predecessor") for p in exc.problems)
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
            return _load_file(path, b.stack)
        except PlanError as exc:
            b.problems.extend(_nest(p, f"predecessor({value})") for p in exc.problems)
            return None
    b.problems.append(
        Problem(
            "predecessor", "wrong type", value, "a file name next to this plan, or an inline table"
        )
    )
    return None


def _nest(problem: Problem, prefix: str) -> Problem:
    path = f"{prefix}.{problem.path}" if problem.path else prefix
    return attrs.evolve(problem, path=path)
