"""The shape of plan files, and the one strict cattrs converter that reads them (private).

Plan files are structured in two steps. First cattrs turns the raw TOML/JSON tree into the
document classes below, with strict hooks: a quoted number, a float year, a string where a list
belongs, an unknown key are errors, never coerced. Then :mod:`fyp_planning.io.load` builds the
model from the documents, with the context they need (the unit of an indicator for a bare
number in its table). Errors of both steps become :class:`~fyp_planning.errors.Problem` records
with key paths.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any, NewType, get_args, get_origin

import attrs
import cattrs
import pint
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn, override

from ..errors import Problem, QuantityParseError, UnitError
from ..model._validators import FieldError
from ..model.entities import Chain, ChainTemplate, Enterprise, Park, Project, Segment
from ..model.enums import (
    Comparator,
    Direction,
    GrowthMode,
    IndicatorKind,
    ObservationStatus,
    Provenance,
    Stage,
    StatementKind,
    _Labelled,
)
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..model.statement import Statement
from ..model.targets import Target
from ..model.waiver import AuditIgnore
from ..units import format_quantity, format_unit, is_bare, parse_quantity, parse_unit

#: A figure as written in a file: a number (in the indicator's unit) or quantity text.
RawValue = NewType("RawValue", object)
#: A rate: quantity text with % or ‰.
Rate = NewType("Rate", object)
#: Quantity text with its unit (a number alone is refused).
QuantityText = NewType("QuantityText", object)

FORMAT_VERSION = 1


class BadValue(ValueError):
    """A value of the wrong type or form; carries the value and what was expected."""

    def __init__(self, value: Any, expected: str, message: str = "invalid value") -> None:
        super().__init__(message)
        self.value = value
        self.expected = expected
        self.message = message


@attrs.define
class ObservationDoc:
    period: Period
    value: RawValue
    status: ObservationStatus = ObservationStatus.ACTUAL
    comparator: Comparator = Comparator.EQ
    source: str | None = None
    text: str | None = None


@attrs.define
class TargetDoc:
    year: int
    kind: str | None = None
    value: RawValue | None = None
    rate: Rate | None = None
    comparator: Comparator | None = None
    annual: bool | None = None
    base_year: int | None = None
    of: str | None = None
    scope: str | None = None
    years: list[int] | None = None
    text: str | None = None
    source: str | None = None


@attrs.define
class IndicatorDoc:
    name: str
    unit: pint.Unit
    category: str | None = None
    kind: IndicatorKind = IndicatorKind.ANTICIPATORY
    direction: Direction = Direction.HIGHER
    growth: GrowthMode | None = None
    limit: RawValue | None = None
    name_en: str | None = None
    source: str | None = None
    note: str | None = None
    # Items are structured one by one by the loader, so one bad item hides nothing else.
    observations: list[Any] = attrs.Factory(list)
    targets: list[Any] = attrs.Factory(list)


@attrs.define
class StatementDoc:
    kind: StatementKind
    value: QuantityText
    indicator: str | None = None
    start: Period | None = None
    end: Period | None = None
    parts: list[str] = attrs.Factory(list)
    comparator: Comparator = Comparator.EQ
    text: str | None = None
    source: str | None = None


@attrs.define
class PlanHeadDoc:
    id: str
    region: str
    title: str
    start_year: int
    end_year: int
    base_year: int | None = None
    issuer: str | None = None
    source: str | None = None
    links_provenance: Provenance = Provenance.MODEL
    format_version: int = FORMAT_VERSION


@attrs.define
class TemplateDoc:
    name: str
    provenance: Provenance = Provenance.MODEL
    note: str | None = None
    source: str | None = None
    # Edges and segments are read one by one by the loader, so one bad item hides nothing else.
    edges: list[Any] = attrs.Factory(list)
    segments: dict[str, Any] = attrs.Factory(dict)


@attrs.define
class ChainDoc:
    name: str
    source: str | None = None
    template: str | None = None
    presence: dict[str, list[str]] = attrs.Factory(dict)
    presence_provenance: Provenance = Provenance.MODEL
    note: str | None = None


#: Top-level tables keyed by id, and the class each entry is read into.
KEYED_TABLES: dict[str, type] = {
    "indicators": IndicatorDoc,
    "statements": StatementDoc,
    "enterprises": Enterprise,
    "parks": Park,
    "projects": Project,
    "templates": TemplateDoc,
    "chains": ChainDoc,
}
_KEYED_BY_TABLE_NAME = (Enterprise, Park, Project, Segment)
TOP_LEVEL_KEYS = (
    *(f.name for f in attrs.fields(PlanHeadDoc)),
    *KEYED_TABLES,
    "links",
    "audit_ignore",
    "predecessor",
)

_QUOTED_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")


def _strict(kind: type, expected: str) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise BadValue(value, expected, "wrong type")
        return value

    return hook


def _period(value: Any, _: Any) -> Period:
    expected = "a year as a number (2020) or a part of a year as text ('2020年1-9月')"
    if type(value) is int:
        try:
            return Period(value)
        except ValueError as exc:
            raise BadValue(value, expected, str(exc)) from None
    if isinstance(value, str) and not _QUOTED_NUMBER.match(value):
        try:
            return Period.parse(value)
        except ValueError:
            raise BadValue(value, expected, "not a period") from None
    raise BadValue(value, expected, "wrong type" if not isinstance(value, str) else "quoted year")


def _unit(value: Any, _: Any) -> pint.Unit:
    if not isinstance(value, str):
        raise BadValue(value, "a unit as text, e.g. '亿元', '%', '万户'", "wrong type")
    try:
        return parse_unit(value)
    except UnitError:
        raise BadValue(
            value, "a known unit, e.g. 亿元, 万元, 亿度, 万户, 家, 个, %, ‰, 百分点", "unknown unit"
        ) from None


def _quantity_text(value: Any, expected: str) -> pint.Quantity:
    try:
        return parse_quantity(value)
    except QuantityParseError:
        raise BadValue(value, expected, "not a quantity") from None


def _raw_value(value: Any, _: Any) -> Any:
    if type(value) is float and not math.isfinite(value):
        raise BadValue(value, "a finite number", "not a finite number")
    if type(value) in (int, float):
        return value
    if isinstance(value, str):
        return _quantity_text(value, "a number, or a quantity as text such as '137.1亿元'")
    raise BadValue(value, "a number, or a quantity as text such as '137.1亿元'", "wrong type")


def _rate(value: Any, _: Any) -> pint.Quantity:
    expected = "a rate as text with % or ‰, e.g. '10%'"
    if not isinstance(value, str):
        raise BadValue(value, expected, "wrong type")
    q = _quantity_text(value, expected)
    if not q.dimensionless or is_bare(q):
        raise BadValue(value, expected, "not a rate")
    return q


def _text_quantity(value: Any, _: Any) -> pint.Quantity:
    expected = "a quantity as text with its unit, e.g. '7600万元' (or '7600万' as written)"
    if not isinstance(value, str):
        raise BadValue(value, expected, "wrong type")
    return _quantity_text(value, expected)


def _enum(cls: type[_Labelled]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise BadValue(value, f"one of {cls.choices()}", "wrong type")
        try:
            return cls.from_text(value)
        except ValueError:
            raise BadValue(value, f"one of {cls.choices()}", "unknown choice") from None

    return hook


_ENUMS = (
    Comparator,
    Direction,
    GrowthMode,
    IndicatorKind,
    ObservationStatus,
    Provenance,
    Stage,
    StatementKind,
)


def _enum_out(member: _Labelled) -> str:
    return member.value


def _strict_sequence(type_: Any, conv: cattrs.Converter) -> Any:
    inner = list_structure_factory(type_, conv)

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, list):
            raise BadValue(value, 'a list, e.g. ["a", "b"]', "wrong type")
        result = inner(value, t)
        return tuple(result) if get_origin(type_) is tuple else result

    return hook


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict(str, "text"))
    conv.register_structure_hook(int, _strict(int, "an integer (no quotes, no decimal point)"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(Period, _period)
    conv.register_structure_hook(pint.Unit, _unit)
    conv.register_structure_hook(RawValue, _raw_value)
    conv.register_structure_hook(Rate, _rate)
    conv.register_structure_hook(QuantityText, _text_quantity)
    conv.register_structure_hook(pint.Quantity, _text_quantity)
    for cls in _ENUMS:  # written by value ("binding"), read by value or label ("约束性")
        conv.register_structure_hook(cls, _enum(cls))
        conv.register_unstructure_hook(cls, _enum_out)
    conv.register_structure_hook_factory(is_sequence, _strict_sequence)
    _register_unstructure(conv)
    return conv


# -- model -> file: the unstructure side ------------------------------------------------------
def _period_out(period: Period) -> int | str:
    """A whole year as its number (``2020``), a part of a year as text (``"2020年1-9月"``)."""
    return period.year if not period.is_partial else str(period)


#: Keys in the order plan files write them, where it differs from the model's field order.
_FILE_ORDER: dict[type, tuple[str, ...]] = {
    Plan: (
        *("format_version", "id", "region", "title", "start_year", "end_year", "base_year"),
        *("issuer", "source", "indicators", "statements", "enterprises", "parks", "projects"),
        *("templates", "chains", "links", "links_provenance", "audit_ignore", "predecessor"),
    ),
    Indicator: (
        *("name", "name_en", "unit", "category", "kind", "direction", "growth", "limit"),
        *("source", "note", "observations", "targets"),
    ),
    Target: (
        *("kind", "year", "comparator", "rate", "annual", "base_year", "scope", "value", "of"),
        *("years", "text", "source"),
    ),
    ChainTemplate: ("name", "provenance", "note", "source", "edges", "segments"),
    Chain: ("name", "source", "template", "presence_provenance", "note", "presence"),
}
#: Fields a file states even when they hold their default (the rest are left out then).
_ALWAYS_WRITTEN: dict[type, tuple[str, ...]] = {
    Plan: ("base_year",),
    Indicator: ("kind", "direction", "growth"),
    Target: ("comparator", "annual"),
}
#: Fields a file does not write in the entry: the key of a keyed table (``[parks.ID]``), and
#: the indicator of observations and targets (the table they are written in).
_NOT_IN_ENTRY: dict[type, tuple[str, ...]] = {
    Observation: ("indicator",),
    Target: ("indicator",),
    Plan: ("indicators", "observations", "targets"),  # written together, see _plan_out
}
for _cls in (Indicator, Statement, Enterprise, Park, Project, ChainTemplate, Chain, Segment):
    _NOT_IN_ENTRY[_cls] = ("id",)


def _family(cls: type, table: dict[type, tuple[str, ...]]) -> tuple[str, ...]:
    return next((table[base] for base in cls.__mro__ if base in table), ())


def _record_out(cls: type, conv: cattrs.Converter, **hooks: Any) -> Any:
    """Unstructure one model class to a file entry: defaults left out, keys in file order.

    ``hooks`` unstructure fields whose file form is not that of their type.
    """
    fields = {f.name for f in attrs.fields(cls)}
    overrides = {name: override(omit=True) for name in _family(cls, _NOT_IN_ENTRY)}
    overrides |= {
        name: override(omit_if_default=False)
        for name in _family(cls, _ALWAYS_WRITTEN)
        if name in fields
    }
    overrides |= {name: override(unstruct_hook=hook) for name, hook in hooks.items()}
    fn = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
    order = _family(cls, _FILE_ORDER)
    tag = {"kind": cls.kind} if issubclass(cls, Target) else {}  # the target's kind: its class

    def hook(obj: Any) -> dict[str, Any]:
        out = {**tag, **fn(obj)}
        return {k: out[k] for k in order if k in out} if order else out

    return hook


def _keyed_out(conv: cattrs.Converter) -> Any:
    """Entries with ids as a keyed table (``[parks.ID]``): ``{id: entry without id}``."""

    def hook(items: Iterable[Any]) -> dict[str, Any]:
        return {item.id: conv.unstructure(item) for item in items}

    return hook


def _plan_out(conv: cattrs.Converter) -> Any:
    """A plan as a file tree: observations and targets written inside their indicator."""
    keyed = _keyed_out(conv)
    tables = ("statements", "enterprises", "parks", "projects", "templates", "chains")
    fields = _record_out(Plan, conv, **dict.fromkeys(tables, keyed))
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


def _register_unstructure(conv: cattrs.Converter) -> None:
    conv.register_unstructure_hook(Period, _period_out)
    conv.register_unstructure_hook(pint.Unit, format_unit)
    conv.register_unstructure_hook(pint.Quantity, format_quantity)
    conv.register_unstructure_hook_factory(
        is_sequence, lambda _t, c: lambda items: [c.unstructure(x) for x in items]
    )
    for cls in (Observation, Indicator, Statement, Enterprise, Park, Project, Segment, AuditIgnore):
        conv.register_unstructure_hook(cls, _record_out(cls, conv))
    conv.register_unstructure_hook(
        ChainTemplate, _record_out(ChainTemplate, conv, segments=_keyed_out(conv))
    )
    conv.register_unstructure_hook(
        Chain,
        _record_out(Chain, conv, presence=lambda pairs: {seg: list(ents) for seg, ents in pairs}),
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Target), lambda t, c: _record_out(t, c)
    )
    conv.register_unstructure_hook(Plan, _plan_out(conv))


converter = _make_converter()


# -- turning cattrs exception trees into problems ---------------------------------------------
_TYPE_WORDS: dict[Any, str] = {
    str: "text",
    int: "an integer",
    bool: "true or false",
    Period: "a year (2020) or a part of a year ('2020年1-9月')",
    pint.Unit: "a unit as text, e.g. '亿元'",
    RawValue: "a number or a quantity as text such as '137.1亿元'",
    QuantityText: "a quantity as text such as '7600万元'",
    pint.Quantity: "a quantity as text such as '7600万元'",
    Rate: "a rate as text such as '10%'",
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


def join_path(path: str, key: Any) -> str:
    """``a.b`` + key: ``a.b.key`` for ids, ``a.b[0]`` for indices, ``a.b["x y"]`` otherwise."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
        return f"{path}.{key}" if path else key
    return f'{path}["{key}"]'


def _get(raw: Any, key: Any) -> Any:
    try:
        return raw[key]
    except (KeyError, IndexError, TypeError):
        return Problem.NO_VALUE


def problems_from(exc: BaseException, raw: Any, path: str, type_: Any = None) -> Iterator[Problem]:
    """Walk a cattrs error tree beside the raw input, yielding one problem per leaf."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key = note.name if hasattr(note, "name") else note.index
            yield from problems_from(sub, _get(raw, key), join_path(path, key), note.type)
        for sub in without:
            yield from problems_from(sub, raw, path, type_)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [f.name for f in attrs.fields(exc.cl)]
        if exc.cl in _KEYED_BY_TABLE_NAME:
            allowed.remove("id")
        for key in sorted(exc.extra_fields):
            yield Problem(
                join_path(path, key),
                "unknown key",
                _get(raw, key),
                f"one of: {', '.join(allowed)}{did_you_mean(key, allowed)}",
            )
        return
    if isinstance(exc, BadValue):
        yield Problem(path, exc.message, exc.value, exc.expected)
        return
    if isinstance(exc, KeyError):
        yield Problem(path, "required key missing", Problem.NO_VALUE, describe_type(type_))
        return
    if isinstance(exc, FieldError):  # a validator of a model class refused a value
        yield field_problem(exc, path)
        return
    if attrs.has(type_) and not isinstance(raw, dict):
        yield Problem(path, "wrong type", raw, "a table")
        return
    yield Problem(path, str(exc) or type(exc).__name__, raw, describe_type(type_))


def field_problem(exc: FieldError, path: str) -> Problem:
    """A model field's refusal as a problem at the field's key (the table itself for ids)."""
    where = path if exc.field == "id" else join_path(path, exc.field)
    return Problem(where, exc.message, exc.value, exc.expected)
