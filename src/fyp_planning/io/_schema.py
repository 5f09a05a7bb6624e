"""The plan-file format: one cattrs converter over the model classes, used both ways (private).

Reading, the converter structures the raw TOML/JSON tree straight into the model classes with
strict hooks: a quoted number, a float year, a string where a list belongs, an unknown key are
errors, never coerced. Writing, it unstructures the model back into the same tree (defaults
left out). Where the file differs from the model, the difference is written once, as a pair of
hooks side by side: figures as text with their unit (``"137.1亿元"``) or a bare number in the
indicator's unit, periods (``2020`` or ``"2020年1-9月"``), choices by value or Chinese label,
targets with a ``kind`` key or a phrase, keyed tables (``[parks.ID]``).

Errors become :class:`~fyp_planning.errors.Problem` records with key paths (see
:func:`problems_from`), every one found in one pass.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any, NewType, get_args

import attrs
import cattrs
import pint
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .. import limits
from ..errors import BadValue, FieldError, Problem, Problems, QuantityParseError, UnitError
from ..model._validators import YEAR_EXPECTED, YEAR_OUT_OF_RANGE
from ..model.composition import Composition, looks_like_composition
from ..model.entities import (
    Chain,
    ChainDirection,
    ChainTemplate,
    Enterprise,
    Park,
    Project,
    Segment,
    SourceRegion,
)
from ..model.enums import Comparator, _Labelled
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period, looks_like_span
from ..model.phrases import parse_target
from ..model.plan import Plan
from ..model.statement import Statement
from ..model.targets import TARGET_KINDS, ChangeTarget, GrowthTarget, LevelTarget, Target
from ..model.waiver import AuditIgnore
from ..text import Message
from ..units import (
    Quantity,
    format_quantity,
    format_unit,
    is_bare,
    normalize_text,
    parse_quantity,
    parse_unit,
)
from ..units.declared import UnitDeclaration
from ._bounds import join_path, shown

#: A figure as written in a file: a number (in the indicator's unit) or quantity text.
Figure = NewType("Figure", object)
#: A rate: quantity text with % or ‰.
Rate = NewType("Rate", object)
#: A change target's factor: a number (2 for 翻一番).
Factor = NewType("Factor", object)

FORMAT_VERSION = 1


# -- values: each file form beside its model form (structure hook, then unstructure hook) -----
_QUOTED_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")


def _strict(kind: type, expected: str) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise BadValue(value, expected, "wrong type")
        return value

    return hook


#: What a period in a plan file may be written as.
PERIOD_FORMS = (
    "a year as a number (2020), a part of a year as text ('2020年1-9月') or a span of years "
    "as text ('2016-2020', '十三五')"
)


def _period(value: Any, _: Any) -> Period:
    if type(value) is int:
        if not limits.MIN_YEAR <= value <= limits.MAX_YEAR:
            raise BadValue(value, YEAR_EXPECTED, YEAR_OUT_OF_RANGE)
        return Period(value)
    if isinstance(value, str) and not _QUOTED_NUMBER.match(value):
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise BadValue(value, PERIOD_FORMS, period_refusal(value, exc)) from None
    reason = "wrong type" if not isinstance(value, str) else "quoted year"
    raise BadValue(value, PERIOD_FORMS, reason)


def period_refusal(text: str, exc: ValueError) -> str | Message:
    """Why a period text was refused: what is wrong with a span written as one (``2020-2016``,
    ``十九五``, beyond the limits), else that it is no period."""
    if looks_like_span(text):
        return Message("io.period.bad_span", reason=str(exc))
    return "not a period"


def _period_out(period: Period) -> int | str:
    """A whole year as its number (``2020``), a part of a year or a span as text
    (``"2020年1-9月"``, ``"2016-2020"``)."""
    return period.year if not (period.is_partial or period.is_span) else str(period)


def unit_refused(exc: UnitError, said: str | Message) -> str | Message:
    """What a file says of a unit text :func:`~fyp_planning.parse_unit` refused: ``said``, or,
    for a near miss of known units, that it is unknown and which units were meant."""
    if exc.text is not None and exc.text.id == "units.unknown_close":
        return Message("io.unknown_unit_close", close=exc.text.arguments["close"])
    return said


def _unit(value: Any, _: Any) -> pint.Unit:
    if not isinstance(value, str):
        raise BadValue(value, "a unit as text, e.g. '亿元', '%', '万户'", "wrong type")
    try:
        return parse_unit(value)  # cached by text; a unit another plan declared is unknown
    except UnitError as exc:
        raise BadValue(
            value,
            "a known unit, e.g. 亿元, 万元, 亿度, 万户, 家, 个, %, ‰, 百分点",
            unit_refused(exc, "unknown unit"),
        ) from None


# Unstructured by format_unit ("亿元"; "" for a dimensionless unit).


#: What a quantity's magnitude may be, as written.
MAGNITUDE_EXPECTED = f"a magnitude of at most {limits.MAX_MAGNITUDE:g} in the unit written"


#: parse_quantity's refusals of a number too large (beyond its digits or its magnitude).
_OUT_OF_RANGE_IDS = frozenset({"units.quantity.bad_number", "units.quantity.too_many_digits"})


def _quantity_text(value: Any, expected: str) -> pint.Quantity[Any]:
    # parse_quantity refuses magnitudes beyond limits.MAX_MAGNITUDE (units.magnitude_problem).
    try:
        return parse_quantity(value)
    except QuantityParseError as exc:
        said = exc.text
        if said is None:
            raise BadValue(shown(value), expected, "not a quantity") from None
        size = dict(said.args).get("problem")  # magnitude_problem's words, for a bad number
        too_small = isinstance(size, Message) and size.id == "units.magnitude.too_small"
        if said.id in _OUT_OF_RANGE_IDS and not too_small:
            raise BadValue(shown(value), MAGNITUDE_EXPECTED, Message("io.out_of_range")) from None
        if too_small or said.id == "units.quantity.too_long":
            raise BadValue(shown(value), expected, said) from None
        if said.id == "units.quantity.unknown_unit_close":  # a near miss: name the units meant
            close = Message("io.not_a_quantity_close", **said.arguments)
            raise BadValue(shown(value), expected, close) from None
        raise BadValue(shown(value), expected, "not a quantity") from None


#: The unit of the indicator being read: a bare number in its table is in that unit.
UNIT: ContextVar[pint.Unit | None] = ContextVar("unit", default=None)


#: What a composition's value may be written as.
COMPOSITION_EXPECTED = "shares in % separated by ':' that add up to 100, e.g. '16.5:44.7:38.8'"


def _figure(value: Any, _: Any) -> Any:
    expected = "a number, or a quantity as text such as '137.1亿元'"
    if type(value) is float and not math.isfinite(value):
        raise BadValue(value, "a finite number", Message("io.not_finite"))
    if isinstance(value, str) and looks_like_composition(value):
        try:
            return Composition.parse(value)
        except ValueError as exc:
            raise BadValue(
                value, COMPOSITION_EXPECTED, Message("io.composition.bad", reason=str(exc))
            ) from None
    if isinstance(value, str):
        return _quantity_text(value, expected)
    if type(value) not in (int, float):
        raise BadValue(value, expected, "wrong type")
    unit = UNIT.get()
    return value if unit is None else Quantity(value, unit)  # no unit: the indicator failed


def _rate(value: Any, _: Any) -> pint.Quantity[Any]:
    expected = "a rate as text with % or ‰, e.g. '10%'"
    if not isinstance(value, str):
        raise BadValue(value, expected, "wrong type")
    q = _quantity_text(value, expected)
    if not q.dimensionless or is_bare(q):
        raise BadValue(value, expected, "not a rate")
    return q


def _factor(value: Any, _: Any) -> Any:
    expected = "a number such as 2 (翻一番) or 4 (翻两番)"
    if type(value) not in (int, float):
        raise BadValue(value, expected, "wrong type")
    if type(value) is float and not math.isfinite(value):
        raise BadValue(value, "a finite number", Message("io.not_finite"))
    return value


def _text_quantity(value: Any, _: Any) -> pint.Quantity[Any]:
    expected = "a quantity as text with its unit, e.g. '7600万元' (or '7600万' as written)"
    if not isinstance(value, str):
        raise BadValue(value, expected, "wrong type")
    return _quantity_text(value, expected)


# Figures, rates and quantities are all written as text with their unit, by format_quantity.


#: Every choice of the model (IndicatorKind, Comparator, Stage, ...).
_ENUMS: tuple[type[_Labelled], ...] = tuple(_Labelled.__subclasses__())


def _enum(cls: type[_Labelled]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise BadValue(value, f"one of {cls.choices()}", "wrong type")
        try:
            return cls.from_text(value)
        except ValueError:
            raise BadValue(value, f"one of {cls.choices()}", "unknown choice") from None

    return hook


def _enum_out(member: _Labelled) -> str:
    return member.value


def _strict_sequence(type_: Any, conv: cattrs.Converter) -> Any:
    inner = list_structure_factory(type_, conv)

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, list):
            raise BadValue(value, 'a list, e.g. ["a", "b"]', "wrong type")
        return inner(value, t)

    return hook


def _sequence_out(_: Any, conv: cattrs.Converter) -> Any:
    return lambda items: [conv.unstructure(x) for x in items]


# -- entries: the model classes as file tables -----------------------------------------------
#: Keys in the order plan files write them, where it differs from the model's field order.
_FILE_ORDER: dict[type, tuple[str, ...]] = {
    Plan: (
        *("format_version", "id", "region", "title", "start_year", "end_year", "base_year"),
        *(
            "issuer",
            "source",
            "units",
            "indicators",
            "statements",
            "enterprises",
            "parks",
            "source_regions",
            "projects",
        ),
        *("templates", "chains", "links", "links_provenance", "audit_ignore", "predecessor"),
    ),
    Indicator: (
        *("name", "name_en", "standard", "unit", "measure", "category", "kind", "kind_source"),
        *("direction", "growth", "limit", "parts", "source", "note", "quote", "provenance"),
        *("observations", "targets"),
    ),
    Target: (
        *("kind", "year", "comparator", "rate", "annual", "base_year", "scope", "value", "of"),
        *("by", "factor"),
        *("years", "text", "source", "quote", "provenance"),
    ),
    UnitDeclaration: ("counts", "equals"),
    ChainTemplate: (
        *("extends", "name", "version", "provenance", "note", "source", "drop", "rename"),
        *("drop_edges", "edges", "segments"),
    ),
    Chain: ("name", "source", "template", "presence_provenance", "note", "presence", "directions"),
    ChainDirection: ("action", "segments", "text", "source"),
}
#: Fields a file states even when they hold their default (the rest are left out then).
_ALWAYS_WRITTEN: dict[type, tuple[str, ...]] = {
    Plan: ("base_year",),
    Indicator: ("direction", "growth"),
    Target: ("comparator", "annual"),
}
#: Fields a file does not write in the entry, because the context gives them: the key of a
#: keyed table (``[parks.ID]``), the indicator whose table lists observations and targets.
_NOT_IN_ENTRY: dict[type, tuple[str, ...]] = {
    Observation: ("indicator",),
    Target: ("indicator",),
    Plan: ("indicators", "observations", "targets"),  # written together, see _plan_out
}
_NOT_IN_ENTRY[UnitDeclaration] = ("name",)
for _cls in (
    *(Indicator, Statement, Enterprise, Park, SourceRegion, Project, ChainTemplate, Chain),
    Segment,
):
    _NOT_IN_ENTRY[_cls] = ("id",)
#: Fields whose file form is not their type's.
_FILE_TYPES: dict[type, dict[str, Any]] = {
    Plan: {"base_year": int | None},  # null: not given
    Indicator: {"limit": Figure | None},
    Observation: {"value": Figure},
    LevelTarget: {"value": Figure},
    GrowthTarget: {"rate": Rate},
    ChangeTarget: {"by": Figure, "factor": Factor},
    ChainTemplate: {"edges": list[Any], "segments": dict[str, Any]},
    Chain: {"presence": dict[str, list[str]]},
}


#: The plan's tables keyed by id (``[parks.ID]``), and the class of their entries.
KEYED_TABLES: dict[str, type] = {
    "indicators": Indicator,
    "statements": Statement,
    "enterprises": Enterprise,
    "parks": Park,
    "source_regions": SourceRegion,
    "projects": Project,
    "templates": ChainTemplate,
    "chains": Chain,
}
_PLAN_CONTENTS = (
    *KEYED_TABLES,
    *("units", "observations", "targets", "links", "audit_ignore", "predecessor"),
)
#: The plan's own keys, read one by one (the rest are its contents).
PLAN_HEAD = (
    *(k for k in _FILE_ORDER[Plan] if k in attrs.fields_dict(Plan) and k not in _PLAN_CONTENTS),
    "format_version",
)
TOP_LEVEL_KEYS = (*PLAN_HEAD, "units", *KEYED_TABLES, "links", "audit_ignore", "predecessor")


def _family(cls: type, table: dict[type, Any], default: Any = ()) -> Any:
    return next((table[base] for base in cls.__mro__ if base in table), default)


def file_type(cls: type, name: str) -> Any:
    """The type a field of ``cls`` has in a file (``Figure`` for an observation's value)."""
    for base in cls.__mro__:
        if name in _FILE_TYPES.get(base, {}):
            return _FILE_TYPES[base][name]
    return attrs.fields_dict(attrs.resolve_types(cls))[name].type


def file_keys(cls: type) -> list[str]:
    """The keys an entry of ``cls`` may have in a file, in the order messages list them."""
    hidden = _family(cls, _NOT_IN_ENTRY)
    names = [f.name for f in attrs.fields(cls) if f.name not in hidden]
    if cls is ChainTemplate:  # the change an extending template makes (_std_templates)
        return [*names, "drop", "rename", "drop_edges"]
    return [*names, "observations", "targets"] if cls is Indicator else names


def _hook_for(conv: cattrs.Converter, type_: Any) -> Any:
    """The hook structuring ``type_``, called with ``type_`` whatever the caller passes."""
    hook = conv.get_structure_hook(type_)
    return lambda value, _: hook(value, type_)


def _record_in(cls: type, conv: cattrs.Converter, **hooks: Any) -> Any:
    """Structure one model class from a file entry, with the hooks of its file types."""
    fields = attrs.fields_dict(cls)
    overrides: dict[str, Any] = {
        name: override(struct_hook=_hook_for(conv, file_type(cls, name)))
        for name, field in fields.items()
        if file_type(cls, name) != field.type
    }
    overrides |= {name: override(struct_hook=hook) for name, hook in hooks.items()}
    fn: Any = make_dict_structure_fn(cls, conv, **overrides)
    # JSON null means "not given" for a field whose default is worked out (an indicator's
    # growth mode follows its unit).
    # attrs types Factory as a function; it is a class.
    computed = {n for n, f in fields.items() if isinstance(f.default, attrs.Factory)}  # type: ignore[arg-type]
    if not computed:
        return fn

    def hook(raw: Any, type_: Any) -> Any:
        if isinstance(raw, dict) and any(raw.get(n, 0) is None for n in computed):
            raw = {k: v for k, v in raw.items() if v is not None or k not in computed}
        return fn(raw, type_)

    return hook


def _record_out(cls: type, conv: cattrs.Converter, **hooks: Any) -> Any:
    """Unstructure one model class to a file entry: defaults left out, keys in file order.

    ``hooks`` unstructure fields whose file form is not that of their type.
    """
    fields = {f.name for f in attrs.fields(cls)}
    overrides: dict[str, Any] = {name: override(omit=True) for name in _family(cls, _NOT_IN_ENTRY)}
    overrides |= {
        name: override(omit_if_default=False)
        for name in _family(cls, _ALWAYS_WRITTEN)
        if name in fields
    }
    overrides |= {name: override(unstruct_hook=hook) for name, hook in hooks.items()}
    fn: Any = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
    order = _family(cls, _FILE_ORDER)
    tag = {"kind": cls.kind} if issubclass(cls, Target) else {}  # the target's kind: its class

    def hook(obj: Any) -> dict[str, Any]:
        out = {**tag, **fn(obj)}
        return {k: out[k] for k in order if k in out} if order else out

    return hook


# -- keyed tables ([parks.ID]): {id: entry} in the file, a tuple of objects with ids in the model
def entry_shape(key: str, body: Any) -> Problem | None:
    """What is wrong with the shape of one entry of a keyed table (path relative to the table):
    not a table, or an ``id`` key (the table name is the id)."""
    if not isinstance(body, dict):
        return Problem(join_path("", key), Message("io.wrong_type"), body, "a table")
    if "id" in body:
        return Problem(
            join_path(join_path("", key), "id"),
            "unknown key",
            body["id"],
            f"no 'id' key: the table name {key!r} is the id",
        )
    return None


def _keyed_in(cls: type, conv: cattrs.Converter) -> Any:
    """Structure a keyed table of ``cls`` into a tuple, every bad entry reported."""

    def hook(entries: Any, _: Any) -> tuple[Any, ...]:
        built: list[Any] = []
        problems: list[Problem] = []
        for key, body in conv.structure(entries, dict[str, Any]).items():
            shape = entry_shape(key, body)
            if shape is not None:
                problems.append(shape)
                continue
            try:
                built.append(conv.structure({**body, "id": key}, cls))
            except Exception as exc:  # cattrs raises groups of anything: report, never leak
                problems += problems_from(exc, body, join_path("", key), cls)
        if problems:
            raise Problems(problems)
        return tuple(built)

    return hook


def _keyed_out(conv: cattrs.Converter) -> Any:
    """Entries with ids as a keyed table (``[parks.ID]``): ``{id: entry without id}``."""

    def hook(items: Iterable[Any]) -> dict[str, Any]:
        return {item.id: conv.unstructure(item) for item in items}

    return hook


# -- declared units ([units.床]): read one by one, since each may name those before it -------
#: The keys of a unit declaration, and what each expects.
UNIT_KEYS = {
    "counts": "an ASCII id of what is counted, e.g. 'bed' (a new kind of count)",
    "equals": "a multiple of a known unit as text, e.g. '10000床'",
}


def unit_declaration_in(name: str, body: Any) -> UnitDeclaration:
    """One ``[units.<name>]`` table as a declaration (not yet known to the registry).

    Raises:
        Problems: the table's problems, with paths relative to it.
    """
    shape = entry_shape(name, body)
    if shape is not None:
        raise Problems([attrs.evolve(shape, path="")])
    problems = unknown_keys("", body, UNIT_KEYS)
    given = [k for k in UNIT_KEYS if k in body]
    if len(given) != 1:
        keys = ", ".join(given) or "neither"
        problems.append(
            Problem(
                "", Message("units.declare.one_of"), keys, "either 'counts' or 'equals', not both"
            )
        )
    if problems:
        raise Problems(problems)
    key = given[0]
    value = body[key]
    try:
        if key == "equals":
            value = _text_quantity(value, None)
        elif not isinstance(value, str):
            raise BadValue(value, UNIT_KEYS[key], "wrong type")
        return UnitDeclaration(name, **{key: value})
    except BadValue as exc:
        raise Problems([Problem(key, exc.message, exc.value, UNIT_KEYS[key])]) from None
    except FieldError as exc:
        where = "" if exc.field == "name" else key
        raise Problems([Problem(where, exc.message, exc.value, exc.expected)]) from None


# -- pairs (supply edges, links): lists of two texts -------------------------------------------
def pairs_in(value: Any, example: str) -> list[tuple[str, str]]:
    """A list of pairs of text; every bad item is reported.

    Raises:
        Problems: the value is not a list, or some items are not pairs of text.
    """
    if not isinstance(value, list):
        raise Problems(
            [
                Problem(
                    "",
                    Message("io.wrong_type"),
                    value,
                    f"a list of pairs of text, e.g. [{example}]",
                )
            ]
        )
    pairs, problems = [], []
    for i, item in enumerate(value):
        if not (isinstance(item, list) and len(item) == 2 and all(type(x) is str for x in item)):
            problems.append(Problem(f"[{i}]", Message("io.not_a_pair"), item, example))
        else:
            pairs.append((item[0], item[1]))
    if problems:
        raise Problems(problems)
    return pairs


# -- targets: a phrase, or a kind with its keys -------------------------------------------------
#: Keys every target may have (the kind names the class), and their file types.
_TARGET_COMMON = ("kind", *(f.name for f in attrs.fields(Target)))
_TARGET_TYPES: dict[str, Any] = {"kind": str} | {
    f.name: file_type(cls, f.name)
    for cls in TARGET_KINDS.values()
    for f in attrs.fields(cls)
    if f.name != "indicator"
}
#: Each kind's keys: (those it requires, those it allows).
_TARGET_KEYS: dict[str, tuple[list[str], set[str]]] = {
    kind: (
        [
            f.name
            for f in attrs.fields(cls)
            if f.default is attrs.NOTHING and f.name not in _TARGET_COMMON
        ],
        {f.name for f in attrs.fields(cls) if f.name != "indicator"} | {"kind"},
    )
    for kind, cls in TARGET_KINDS.items()
}


def _target_in(value: tuple[str, dict[str, Any]], _: Any) -> Target:
    """A target from ``(indicator id, its table)``: ``kind`` and that kind's keys, or a
    ``text`` phrase to read. JSON ``null`` means "not given", except for ``year``."""
    indicator, raw = value
    raw = {k: v for k, v in raw.items() if v is not None or k == "year"}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in _FILE_ORDER[Target]:
        if key in raw:
            try:
                values[key] = _TARGET_HOOKS[key](raw[key], _TARGET_TYPES[key])
            except Exception as exc:
                problems += problems_from(exc, raw[key], key, _TARGET_TYPES[key])
    if "year" not in raw:
        problems.append(Problem("year", Message("io.missing_key"), Problem.NO_VALUE, "an integer"))
    problems += unknown_keys("", raw, _TARGET_TYPES)
    if problems:
        raise Problems(problems)
    kind = values.pop("kind", None)
    if kind is None:
        return _phrase_target(indicator, values, raw)
    cls = TARGET_KINDS.get(kind)
    if cls is None:
        raise Problems(
            [
                Problem(
                    "kind",
                    Message("io.unknown_target_kind"),
                    kind,
                    f"one of: {', '.join(TARGET_KINDS)}",
                )
            ]
        )
    required, allowed = _TARGET_KEYS[kind]
    for key in required:
        if key not in raw:
            problems.append(
                Problem(
                    key,
                    f"required key missing for a {kind} target",
                    Problem.NO_VALUE,
                    describe_type(file_type(cls, key)),
                )
            )
    for key in sorted(set(raw) - allowed):
        problems.append(
            Problem(
                key,
                f"key not allowed for a {kind} target",
                raw[key],
                f"keys of a {kind} target: {', '.join(sorted(allowed))}",
            )
        )
    if problems:
        raise Problems(problems)
    return cls(indicator=indicator, **values)  # a refused value raises FieldError


_YEAR = attrs.fields(Target).year


#: A structure a target sets: words, then shares ("三次产业结构调整为12:45:43", "优化为10:45:45左右").
_COMPOSITION_PHRASE = re.compile(r"^\D*?(\d[\d.:：∶%]*\d%?)(?:左右)?$")


def _composition_phrase(text: str) -> Composition | None:
    """The shares a target phrase sets a structure to (``=``: a structure is set, not a floor),
    or ``None`` when the phrase names no ratio.

    Raises:
        ValueError: a ratio whose shares cannot be read or do not add up to 100.
    """
    if not looks_like_composition(text):
        return None
    m = _COMPOSITION_PHRASE.match(normalize_text(text))
    return Composition.parse(m[1]) if m else None


def _phrase_target(indicator: str, values: dict[str, Any], raw: dict[str, Any]) -> Target:
    """A target without ``kind``: read from its ``text`` phrase."""
    text = values.get("text")
    try:  # the year's own check, at its key, before the phrase is read with it
        _YEAR.validator(None, _YEAR, values["year"])  # type: ignore[misc]
    except FieldError as exc:
        raise Problems([Problem("year", exc.message, exc.value, exc.expected)]) from None
    if text is None:
        raise Problems(
            [
                Problem(
                    "kind",
                    "required key missing",
                    Problem.NO_VALUE,
                    f"one of {', '.join(TARGET_KINDS)} (or a 'text' phrase "
                    "such as '年均增长10%以上' to read the target from)",
                )
            ]
        )
    try:
        if (shares := _composition_phrase(text)) is not None:
            parsed: Target = LevelTarget(
                indicator=indicator,
                year=values["year"],
                value=shares,
                comparator=Comparator.EQ,
                text=text,
                source=values.get("source"),
            )
        else:
            parsed = parse_target(
                text, indicator=indicator, year=values["year"], source=values.get("source")
            )
    except ValueError as exc:
        raise Problems(
            [
                Problem(
                    "text",
                    str(exc).split(";")[0],
                    text,
                    COMPOSITION_EXPECTED
                    if looks_like_composition(text)
                    else "a phrase such as '年均增长10%以上' or '达到300亿元', or an explicit 'kind'",
                )
            ]
        ) from None
    given = sorted(k for k in raw if k not in _TARGET_COMMON)
    if given:
        raise Problems(
            [
                Problem(
                    given[0],
                    "key not allowed without 'kind' (the target is read from 'text')",
                    raw[given[0]],
                    "either 'text' alone, or 'kind' with its keys",
                )
            ]
        )
    comparator = values.get("comparator")
    if comparator is not None and comparator is not parsed.comparator:
        parsed = attrs.evolve(parsed, comparator=comparator)
    return parsed


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict(str, "text"))
    conv.register_structure_hook(int, _strict(int, "an integer (no quotes, no decimal point)"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(Period, _period)
    conv.register_unstructure_hook(Period, _period_out)
    conv.register_structure_hook(pint.Unit, _unit)
    conv.register_unstructure_hook(pint.Unit, format_unit)
    conv.register_structure_hook(Figure, _figure)
    conv.register_structure_hook(Rate, _rate)
    conv.register_structure_hook(Factor, _factor)
    conv.register_structure_hook(pint.Quantity, _text_quantity)
    conv.register_unstructure_hook(pint.Quantity, format_quantity)
    conv.register_unstructure_hook(Composition, str)
    for cls in _ENUMS:  # written by value ("binding"), read by value or label ("约束性")
        conv.register_structure_hook(cls, _enum(cls))
        conv.register_unstructure_hook(cls, _enum_out)
    conv.register_structure_hook_factory(is_sequence, _strict_sequence)
    conv.register_unstructure_hook_factory(is_sequence, _sequence_out)

    entries = (
        Observation,
        Indicator,
        Statement,
        Enterprise,
        Park,
        SourceRegion,
        Project,
        Segment,
        ChainDirection,
    )
    for entry in entries:
        conv.register_structure_hook(entry, _record_in(entry, conv))
        conv.register_unstructure_hook(entry, _record_out(entry, conv))
    conv.register_unstructure_hook(AuditIgnore, _record_out(AuditIgnore, conv))
    conv.register_unstructure_hook(UnitDeclaration, _record_out(UnitDeclaration, conv))
    conv.register_structure_hook(
        ChainTemplate,
        _record_in(
            ChainTemplate,
            conv,
            edges=lambda v, _: pairs_in(conv.structure(v, list[Any]), '["farming", "processing"]'),
            segments=_keyed_in(Segment, conv),
        ),
    )
    conv.register_unstructure_hook(
        ChainTemplate, _record_out(ChainTemplate, conv, segments=_keyed_out(conv))
    )
    conv.register_structure_hook(Chain, _record_in(Chain, conv))
    conv.register_unstructure_hook(
        Chain,
        _record_out(Chain, conv, presence=lambda pairs: {seg: list(ents) for seg, ents in pairs}),
    )
    conv.register_structure_hook(Target, _target_in)
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Target), lambda t, c: _record_out(t, c)
    )
    conv.register_unstructure_hook(Plan, _plan_out(conv))
    return conv


def _plan_out(conv: cattrs.Converter) -> Any:
    """A plan as a file tree: observations and targets written inside their indicator.

    (Reading a plan is :func:`fyp_planning.io.load.plan_from_dict`: it gathers every problem
    of every entry, which needs more than a hook.)
    """
    tables = [name for name in KEYED_TABLES if name != "indicators"]
    fields = _record_out(
        Plan,
        conv,
        units=lambda decls: {d.name: conv.unstructure(d) for d in decls},
        **dict.fromkeys(tables, _keyed_out(conv)),
    )
    order = _FILE_ORDER[Plan]

    def hook(plan: Plan) -> dict[str, Any]:
        out = {"format_version": FORMAT_VERSION, **fields(plan)}
        items: dict[str, dict[str, list[Any]]] = {}
        for name in ("observations", "targets"):
            for item in getattr(plan, name):
                items.setdefault(item.indicator, {}).setdefault(name, []).append(
                    conv.unstructure(item)
                )
        indicators = {
            ind.id: {**conv.unstructure(ind), **items.get(ind.id, {})} for ind in plan.indicators
        }
        if indicators:
            out["indicators"] = indicators
        return {k: out[k] for k in order if k in out}

    return hook


converter = _make_converter()
_TARGET_HOOKS = {key: converter.get_structure_hook(type_) for key, type_ in _TARGET_TYPES.items()}


# -- turning cattrs exception trees into problems ---------------------------------------------
_TYPE_WORDS: dict[Any, str] = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    Period: "a year (2020), a part of a year ('2020年1-9月') or a span of years ('2016-2020')",
    pint.Unit: "a unit as text, e.g. '亿元'",
    Figure: "a number or a quantity as text such as '137.1亿元'",
    pint.Quantity: "a quantity as text such as '7600万元'",
    Rate: "a rate as text such as '10%'",
    Factor: "a number such as 2 (翻一番)",
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the choice closest to a misspelt ``word``, for the end of an ``expected``.

    Returns ``" (did you mean 'output'?)"``, or ``""`` when no choice is close enough, so that
    ``f"one of: a, b{did_you_mean(word, choices)}"`` reads well either way.

    Examples:
        >>> did_you_mean("outptu", ["output", "value_added"])
        " (did you mean 'output'?)"
        >>> did_you_mean("zzz", ["output"])
        ''
    """
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_keys(path: str, raw: dict[str, Any], allowed: Iterable[str]) -> list[Problem]:
    """An "unknown key" problem for each key of ``raw`` not ``allowed``, with a hint."""
    allowed = list(allowed)
    return [
        Problem(
            join_path(path, key),
            Message("io.unknown_key"),
            raw[key],
            f"one of: {', '.join(allowed)}{did_you_mean(key, allowed)}",
        )
        for key in sorted(set(raw) - set(allowed))
    ]


def describe_type(type_: Any) -> str:
    """Words for what a field expects, for messages about missing keys."""
    if type_ in _TYPE_WORDS:
        return _TYPE_WORDS[type_]
    if isinstance(type_, type) and issubclass(type_, _Labelled):
        return f"one of {type_.choices()}"
    args = [a for a in get_args(type_) if a is not type(None)]
    if len(args) == 1:
        return describe_type(args[0])
    if attrs.has(type_):
        return "a table"
    return getattr(type_, "__name__", str(type_))


def nest(problem: Problem, path: str) -> Problem:
    """A problem found at a path relative to ``path`` (``[0]``, ``farm.name``), made absolute."""
    if not problem.path:
        return attrs.evolve(problem, path=path)
    if not path or problem.path.startswith("["):
        return attrs.evolve(problem, path=path + problem.path)
    return attrs.evolve(problem, path=f"{path}.{problem.path}")


def _get(raw: Any, key: Any) -> Any:
    try:
        return raw[key]
    except (KeyError, IndexError, TypeError):
        return Problem.NO_VALUE


def problems_from(
    exc: BaseException, raw: Any, path: str, type_: Any = None, *, checks: bool = True
) -> Iterator[Problem]:
    """Walk a cattrs error tree beside the raw input, yielding one problem per leaf.

    Args:
        exc: What structuring ``raw`` raised.
        raw: The value being structured.
        path: Its key path.
        type_: The type it was structured as.
        checks: Whether to report what the model classes refused once the values had the
            right types (``False`` for entries read only for their shape).
    """
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if hasattr(note, "name"):
                key, sub_type = note.name, file_type(exc.cl, note.name)
            else:
                key, sub_type = note.index, note.type
            yield from problems_from(
                sub, _get(raw, key), join_path(path, key), sub_type, checks=checks
            )
        for sub in without:
            yield from problems_from(sub, raw, path, type_, checks=checks)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        yield from unknown_keys(
            path, {k: _get(raw, k) for k in exc.extra_fields}, file_keys(exc.cl)
        )
        return
    if isinstance(exc, Problems):
        yield from (nest(p, path) for p in exc.problems)
        return
    if isinstance(exc, BadValue):
        yield Problem(path, exc.message, exc.value, exc.expected)
        return
    if isinstance(exc, KeyError):
        yield Problem(path, Message("io.missing_key"), Problem.NO_VALUE, describe_type(type_))
        return
    if attrs.has(type_) and not isinstance(raw, (dict, tuple)):  # tuple: (indicator, target)
        yield Problem(path, Message("io.wrong_type"), raw, "a table")
        return
    if isinstance(exc, FieldError):  # a validator of a model class refused a value
        yield from [field_problem(exc, path)] if checks else []
        return
    if isinstance(exc, (ValueError, TypeError)) and attrs.has(type_):  # the class refused it
        yield from [Problem(path, str(exc))] if checks else []
        return
    yield Problem(path, str(exc) or type(exc).__name__, raw, describe_type(type_))


def field_problem(exc: FieldError, path: str) -> Problem:
    """A model field's refusal as a problem at the field's key (the table itself for ids)."""
    where = path if exc.field == "id" else join_path(path, exc.field)
    return Problem(where, exc.message, exc.value, exc.expected)
