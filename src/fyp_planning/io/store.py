"""A columnar plan store: many plans as Parquet tables in one folder, read back losslessly.

The tables are derived from the shape of :func:`~fyp_planning.plan_to_dict` by one mapping,
:data:`TABLES`: each names where its rows sit in a plan's tree (``indicators.*.observations[]``)
and which key of a row goes to which column. Saving turns every plan into its tree and the
trees into rows; loading turns rows back into trees and the trees into plans with
:func:`~fyp_planning.plan_from_dict`, so a stored plan passes the same checks as a plan file. A
key the mapping does not know (or a value that does not fit its column) is kept, as JSON, in
the row's ``extra`` column: nothing is lost if plan files grow a key before the mapping does.

One row per thing; every table has ``plan`` (the row of ``plans.parquet``) and the labels
``plan_id`` and ``region`` beside it; quantities are a number column and a ``_unit`` column;
periods a year column and a ``_part`` column (``"2020年1-9月"``, null for a whole year). A
predecessor plan is a row of ``plans.parquet`` whose ``successor`` is the plan it precedes.

Every file carries the store's format version in its Parquet metadata; a file of another
version, a missing table, a column of the wrong name or type, or a bad value raises
:class:`~fyp_planning.PlanStoreError` naming the file, the row, the column and the value. Only
the files named in :data:`TABLES` are read, from inside the folder; no value is ever run as
code (JSON is parsed, nothing is unpickled).

pyarrow (the ``parquet`` extra) is imported on first use.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .. import limits
from ..errors import OptionalDependencyError, PlanError, PlanStoreError, Problem, WriteError
from ..files import FileRefused, open_bounded, replacing
from ..model.enums import Comparator
from ..model.period import Period
from ..model.plan import Plan
from ..model.targets import TARGET_KINDS, GrowthTarget, Target
from ..text import Message
from ..units import Quantity, parse_quantity, parse_unit
from ..units.parsing import _format_number
from ._bounds import shown
from .dump import plan_to_dict
from .load import plan_from_dict

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from ..evaluation.batch import PlanBatch
    from ..evaluation.table import ObservationTable

__all__ = [
    "STORE_FORMAT",
    "TABLES",
    "PlanStore",
    "dump_plan_store",
    "load_plan_store",
    "open_plan_store",
]

#: The version of the store's layout, written in every file's metadata; a reader refuses others.
STORE_FORMAT = 1
#: The key of the store's entry in a Parquet file's schema metadata (JSON text).
_META_KEY = b"fyp_planning.store"


# -- the mapping: tables and columns ---------------------------------------------------------
#: Kinds of column, and how a value of the plan tree is kept in them:
#: ``str``/``int``/``bool``/``strs``/``ints`` as such; ``quantity`` text such as ``"300亿元"``
#: as a float64 column and a ``<name>_unit`` column; ``period`` (a year, or text for a part of
#: a year) as an int64 column and a ``<name>_part`` column.
_KINDS = ("str", "int", "bool", "strs", "ints", "quantity", "period")


@attrs.frozen
class Column:
    """One key of a row of the plan tree and the column(s) that keep it.

    Attributes:
        name: The column's name (a ``quantity`` adds ``<name>_unit``, a ``period``
            ``<name>_part``).
        kind: One of ``str``, ``int``, ``bool``, ``strs`` (list of text), ``ints`` (list of
            integers), ``quantity``, ``period``.
        key: The key in the row's mapping (default: the name); an index for a row that is a
            list (a link, an edge); ``"*"`` for a row that is itself the value (the
            enterprises of a segment in a chain's ``presence``).
    """

    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(_KINDS))
    key: str | int = attrs.field()

    @key.default
    def _key(self) -> str:
        return self.name


@attrs.frozen
class Table:
    """One table of the store: where its rows sit in a plan's tree, and its columns.

    Attributes:
        name: The table's name (the file is ``<name>.parquet``).
        parent: The table whose entries hold this table's rows (``None`` for ``plans``).
        key: The key of the parent entry holding the rows.
        keyed: Whether the rows are a mapping by id (kept in column ``id``) or a list.
        ref: The column a child table points at an entry of this table with.
        label: The key of an entry's Chinese label, copied into child tables as ``<ref>_name``.
        id: The column of a keyed row's id.
        columns: The columns kept from each row.
    """

    name: str
    parent: str | None
    key: str
    keyed: bool
    columns: tuple[Column, ...]
    ref: str = ""
    label: str = "name"
    id: str = "id"


def _cols(*specs: str | Column) -> tuple[Column, ...]:
    """Columns written as ``"name:kind name:kind ..."`` (or given as :class:`Column`)."""
    return tuple(
        column
        for spec in specs
        for column in ([spec] if isinstance(spec, Column) else map(_col, spec.split()))
    )


def _col(spec: str) -> Column:
    name, kind = spec.split(":")
    return Column(name, kind)


#: The key of a row that is itself the value of its one column (a segment's enterprises in a
#: chain's ``presence``), and of a row kept whole in ``extra`` (a list that does not fit).
_WHOLE = "*"
_PAIR = _cols(Column("from", "str", 0), Column("to", "str", 1))

#: The tables of a store, parents before children: the one mapping from the keys of
#: :func:`~fyp_planning.plan_to_dict`'s tree to columns.
# fmt: off
TABLES: tuple[Table, ...] = (
    Table("plans", None, "", False, _cols(
        "id:str region:str title:str start_year:int end_year:int base_year:int issuer:str "
        "source:str links_provenance:str format_version:int"), ref="plan", label="region"),
    Table("units", "plans", "units", True, _cols("counts:str equals:str"), id="name"),
    Table("indicators", "plans", "indicators", True, _cols(
        "name:str name_en:str standard:str unit:str measure:str category:str kind:str kind_source:str "
        "direction:str growth:str limit:quantity source:str note:str"), ref="indicator"),
    Table("observations", "indicators", "observations", False, _cols(
        "period:period value:quantity status:str comparator:str source:str text:str")),
    Table("targets", "indicators", "targets", False, _cols(
        "kind:str year:int comparator:str value:quantity rate:quantity annual:bool "
        "base_year:int of:str scope:str years:ints text:str source:str")),
    Table("statements", "plans", "statements", True, _cols(
        "kind:str value:quantity indicator:str start:period end:period parts:strs "
        "comparator:str text:str source:str")),
    Table("enterprises", "plans", "enterprises", True, _cols(
        "name:str chains:strs park:str leader:bool above_scale:bool high_tech:bool "
        "products:str chain_provenance:str source:str note:str")),
    Table("parks", "plans", "parks", True, _cols(
        "name:str kind:str parent:str towns:strs focus:str industries:strs chains:strs "
        "source:str note:str")),
    Table("source_regions", "plans", "source_regions", True, _cols(
        "name:str kind:str chains:strs industries:strs park:str text:str source:str note:str")),
    Table("projects", "plans", "projects", True, _cols(
        "name:str enterprise:str investment:quantity year:int source:str text:str")),
    Table("templates", "plans", "templates", True, _cols(
        "name:str provenance:str note:str source:str version:int extends:str"), ref="template"),
    Table("segments", "templates", "segments", True, _cols(
        "name:str stage:str core:bool note:str products:strs industry_codes:strs "
        "nature:str")),
    Table("template_edges", "templates", "edges", False, _PAIR),
    Table("chains", "plans", "chains", True, _cols(
        "name:str source:str template:str presence_provenance:str note:str"), ref="chain"),
    Table("chain_presence", "chains", "presence", True, _cols(
        Column("enterprises", "strs", _WHOLE)), id="segment"),
    Table("chain_directions", "chains", "directions", False, _cols(
        "action:str segments:strs text:str source:str")),
    Table("links", "plans", "links", False, _PAIR),
    Table("audit_ignore", "plans", "audit_ignore", False, _cols("code:str reason:str at:str")),
)
# fmt: on
_BY_NAME = {t.name: t for t in TABLES}
_CHILDREN = {t.name: tuple(c for c in TABLES if c.parent == t.name) for t in TABLES}


def _ancestors(table: Table) -> tuple[Table, ...]:
    """The tables above ``table``, top first (``plans`` first)."""
    chain: list[Table] = []
    parent = table.parent
    while parent is not None:
        chain.append(_BY_NAME[parent])
        parent = chain[-1].parent
    return tuple(reversed(chain))


def _schema_columns(table: Table) -> list[tuple[str, str]]:
    """The table's columns in file order, with their Arrow type names: the plan's row number
    and labels, the references to the parent entries (with their labels), the row's own id,
    its columns, then ``extra``."""
    out: list[tuple[str, str]] = [("plan", "int64")]
    out += [("successor", "int64")] if table.parent is None else [("plan_id", "string")]
    out += [("region", "string")] if table.parent is not None else []
    for up in _ancestors(table)[1:]:
        out += [(up.ref, "string"), (f"{up.ref}_name", "string")]
    if table.keyed:
        out.append((table.id, "string"))
    for col in table.columns:
        if col.kind == "quantity":
            out += [(col.name, "double"), (f"{col.name}_unit", "string")]
        elif col.kind == "period":
            out += [(col.name, "int64"), (f"{col.name}_part", "string")]
        else:
            out.append((col.name, _ARROW_NAMES[col.kind]))
    out.append(("extra", "string"))
    return out


_ARROW_NAMES = {
    "str": "string",
    "int": "int64",
    "bool": "bool",
    "strs": "list<item: string>",
    "ints": "list<item: int64>",
}


# -- pyarrow ----------------------------------------------------------------------------------
def _pyarrow() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``, or an error naming the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise OptionalDependencyError("pyarrow", "parquet", "the plan store") from None
    return pyarrow, pyarrow.parquet


def _arrow_type(pa: Any, name: str) -> Any:
    return {
        "string": pa.string(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "list<item: string>": pa.list_(pa.string()),
        "list<item: int64>": pa.list_(pa.int64()),
    }[name]


def _type_name(pa: Any, type: Any) -> str:
    """The name of an Arrow type as :func:`_schema_columns` names it; large strings and lists
    (as other tools may write them) read as strings and lists."""
    if pa.types.is_list(type) or pa.types.is_large_list(type):
        return f"list<item: {_type_name(pa, type.value_type)}>"
    if pa.types.is_large_string(type):
        return "string"
    return str(type)


# -- values in and out of columns -------------------------------------------------------------
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_INT64 = 2**63


def _is_int(v: Any) -> bool:
    return type(v) is int and -_INT64 <= v < _INT64


def _fits(kind: str, v: Any) -> bool:
    if kind == "str":
        return isinstance(v, str)
    if kind == "int":
        return _is_int(v)
    if kind == "bool":
        return type(v) is bool
    if kind == "strs":
        return isinstance(v, list) and all(isinstance(x, str) for x in v)
    if kind == "ints":
        return isinstance(v, list) and all(_is_int(x) for x in v)
    raise AssertionError(kind)


def _split_quantity(v: Any) -> tuple[float, str] | None:
    """``"300亿元"`` as ``(300.0, "亿元")`` when the number reads back as the same text."""
    if not isinstance(v, str):
        return None
    m = _NUMBER.match(v)
    if m is None:
        return None
    number = float(m.group())
    return (number, v[m.end() :]) if _format_number(number) == m.group() else None


def _split_period(v: Any) -> tuple[int, str | None] | None:
    """A year as ``(2020, None)``; text for a part of a year as ``(2020, "2020年1-9月")``."""
    if _is_int(v):
        return v, None
    if isinstance(v, str):
        try:
            return Period.parse(v).year, v
        except ValueError:
            return None
    return None


def _as_mapping(table: Table, entry: Any) -> dict[Any, Any]:
    """A row of the tree as a mapping of its column keys: a mapping as it is, a list row by
    position, a row that is its one column's value under ``"*"``."""
    keys = [c.key for c in table.columns]
    if keys == [_WHOLE]:
        return {_WHOLE: entry}
    if isinstance(entry, dict):
        return entry
    if isinstance(entry, list) and len(entry) == len(keys):
        return dict(enumerate(entry))
    return {_WHOLE: entry}


def _cells(col: Column, v: Any) -> tuple[Any, ...] | None:
    """The cells of one column for the value ``v`` (``None``: it does not fit)."""
    if v is None:
        return (None, None) if col.kind in ("quantity", "period") else (None,)
    if col.kind == "quantity":
        return _split_quantity(v)
    if col.kind == "period":
        return _split_period(v)
    return (v,) if _fits(col.kind, v) else None


# -- saving -----------------------------------------------------------------------------------
def _entries(table: Table, holder: Mapping[str, Any]) -> Iterator[tuple[str | None, Any]]:
    found = holder.get(table.key)
    if found is None:
        return
    if table.keyed:
        yield from found.items()
    else:
        for entry in found:
            yield None, entry


#: Per table: the keys of a row kept in its columns or in child tables.
_KNOWN = {t.name: {c.key for c in t.columns} | {c.key for c in _CHILDREN[t.name]} for t in TABLES}


def _table_rows(trees: Iterable[dict[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """The rows of every table, as columns of Python values, from the plans' trees."""
    out: dict[str, dict[str, list[Any]]] = {
        t.name: {name: [] for name, _ in _schema_columns(t)} for t in TABLES
    }
    plans_table = _BY_NAME["plans"]

    def add(table: Table, entry: Any, context: dict[str, Any], id: str | None) -> None:
        cols = out[table.name]
        for name, value in context.items():
            cols[name].append(value)
        if id is not None:
            cols[table.id].append(id)
        row = _as_mapping(table, entry)
        known = _KNOWN[table.name]
        extra = {k: v for k, v in row.items() if k not in known}
        cells = {col.name: _cells(col, row.get(col.key)) for col in table.columns}
        misfits = [col for col in table.columns if cells[col.name] is None]
        if misfits and not isinstance(entry, dict):  # a list row is kept whole
            extra, misfits = {_WHOLE: entry}, list(table.columns)
        for col in misfits:
            if col.key in row:
                extra[col.key] = row[col.key]
            cells[col.name] = _cells(col, None)
        for col in table.columns:
            found = cells[col.name] or ()
            cols[col.name].append(found[0])
            if len(found) == 2:
                cols[col.name + ("_unit" if col.kind == "quantity" else "_part")].append(found[1])
        cols["extra"].append(json.dumps(extra, ensure_ascii=False) if extra else None)
        if isinstance(entry, dict):
            if table.parent is None:  # children carry the plan's row and its labels
                inner = {
                    "plan": context["plan"],
                    "plan_id": entry.get("id"),
                    "region": entry.get("region"),
                }
            else:
                inner = {**context, table.ref: id, f"{table.ref}_name": entry.get(table.label)}
            for child in _CHILDREN[table.name]:
                for child_id, child_entry in _entries(child, entry):
                    add(child, child_entry, inner, child_id)

    def add_plan(tree: dict[str, Any], successor: int | None) -> None:
        index = len(out["plans"]["plan"])
        tree_rest = {k: v for k, v in tree.items() if k != "predecessor"}
        add(plans_table, tree_rest, {"plan": index, "successor": successor}, None)
        if "predecessor" in tree:
            add_plan(tree["predecessor"], index)

    for tree in trees:
        add_plan(tree, None)
    return out


def dump_plan_store(plans: Iterable[Plan], folder: str | Path) -> None:
    """Save plans (with their predecessors) as a plan store: one Parquet file per table.

    The folder is created if needed; the store's files in it are replaced, other files left
    alone. The columns of every table are listed in the documentation ("The plan store").

    The save is all or nothing: every table is first written to a temporary file in the
    folder, and only when all of them are complete are they renamed over the old tables, one
    after the other. A failed save (a full disk, no permission) leaves the old store as it
    was, no temporary file, and no folder it created. (Only a crash of the machine in the
    instant between two renames could leave tables of two saves.)

    Args:
        plans: The plans to save, in the order :func:`load_plan_store` gives them back.
        folder: The store's folder.

    Raises:
        OptionalDependencyError: pyarrow is not installed (the ``parquet`` extra).
        WriteError: the store cannot be written (a full disk, no permission, a file in the
            way of the folder); the old store, if any, is intact.

    Examples:
        >>> import tempfile
        >>> import fyp_planning as fp
        >>> plan = fp.load("dongkou")
        >>> folder = tempfile.mkdtemp()
        >>> fp.dump_plan_store([plan], folder)
        >>> fp.load_plan_store(folder) == (plan,)
        True
    """
    pa, pq = _pyarrow()
    rows = _table_rows(plan_to_dict(p) for p in plans)
    folder = Path(folder)
    arrows = []
    for table in TABLES:
        meta = {"format": STORE_FORMAT, "table": table.name}
        schema = pa.schema(
            [pa.field(name, _arrow_type(pa, kind)) for name, kind in _schema_columns(table)],
            metadata={_META_KEY: json.dumps(meta).encode()},
        )
        data = rows[table.name]
        arrows.append(pa.table({name: data[name] for name in schema.names}, schema=schema))
    made = _make_folder(folder)
    target = folder
    try:
        with contextlib.ExitStack() as tables:  # renamed in place as the stack closes
            for table, arrow in zip(TABLES, arrows, strict=True):
                target = folder / f"{table.name}.parquet"
                tmp = tables.enter_context(replacing(target))
                pq.write_table(arrow, str(tmp))
    except FileRefused as exc:
        for created in made:
            with contextlib.suppress(OSError):
                created.rmdir()
        raise WriteError(exc.message, str(target)) from None


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns those created, deepest first.

    Raises:
        WriteError: it cannot be created (a file in the way, no permission, a full disk).
    """
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for created in missing:
            with contextlib.suppress(OSError):
                created.rmdir()
        reason = exc.strerror or str(exc)
        raise WriteError(
            Message("files.cannot_write", path=str(folder), reason=reason), str(folder)
        ) from None
    return missing


# -- reading ----------------------------------------------------------------------------------
class _TargetMaker:
    """Targets made straight from a row of ``targets.parquet``'s columns (``fast``), for the
    rows a plan file's reader would read to the same target: no ``extra``, a known kind, only
    keys of that kind, units whose text reads back as that unit."""

    def __init__(self) -> None:
        self._units: dict[str, Any] = {}
        self._made: dict[tuple[Any, ...], Target | None] = {}

    def unit(self, text: str) -> Any:
        """The unit of a quantity's unit text, or ``None`` when ``"1" + text`` does not read as
        a quantity in exactly that unit (then the row is read by the plan-file reader)."""
        if text not in self._units:
            try:
                unit = parse_unit(text)
                self._units[text] = unit if parse_quantity(f"1{text}").units == unit else None
            except Exception:
                self._units[text] = None
        return self._units[text]

    def fast(self, table: Table, cols: dict[str, list[Any]], i: int) -> Target | None:
        """The target of row ``i``, or ``None`` when it is to be read by the plan-file reader."""
        key = tuple(
            tuple(column[i]) if isinstance(column[i], list) else column[i]
            for name, column in cols.items()
            if name not in _TARGET_LABELS
        )
        if key in self._made:  # the same row again (another plan's): the same value object
            return self._made[key]
        self._made[key] = found = self._make(table, cols, i)
        return found

    def _make(self, table: Table, cols: dict[str, list[Any]], i: int) -> Target | None:
        cls = TARGET_KINDS.get(cols["kind"][i])
        if cls is None or cols["extra"][i] is not None:
            return None
        fields = _TARGET_FIELDS[cls]
        values: dict[str, Any] = {"indicator": cols["indicator"][i]}
        for col in table.columns:
            v = cols[col.name][i]
            if v is None or col.key == "kind":
                continue
            if col.key not in fields:
                return None
            if col.kind == "quantity":
                unit = self.unit(cols[f"{col.name}_unit"][i])
                number = _format_number(v)
                if unit is None or not math.isfinite(v):
                    return None
                v = Quantity(int(number) if _INTEGER.fullmatch(number) else v, unit)
            elif col.key == "comparator":
                v = Comparator(v)
            elif col.kind == "ints":
                v = tuple(v)
            values[str(col.key)] = v
        try:
            return cls(**values)
        except Exception:
            return None


_INTEGER = re.compile(r"-?\d+")
_GE = Comparator.GE.symbol
_ANNUAL = attrs.fields(GrowthTarget).annual.default


class _Terms(NamedTuple):
    """A target's own terms, as :meth:`~fyp_planning.Target.wording` reads them."""

    of: str | None
    annual: bool | None
    scope: str | None


#: The columns of ``targets.parquet`` that are labels, not part of a target.
_TARGET_LABELS = frozenset({"plan", "plan_id", "region", "indicator_name"})
_TARGET_FIELDS = {
    cls: frozenset(f.name for f in attrs.fields(cls)) for cls in TARGET_KINDS.values()
}


_OBSERVATION_TABLE_COLUMNS = (
    "plan_id",
    "indicator",
    "period",
    "period_part",
    "value",
    "value_unit",
    "status",
)


class _StoreTable:
    """An attribute of :class:`PlanStore` that is one of its tables (``store.observations``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.__doc__ = f"``{name}.parquet`` (see :meth:`PlanStore.table`)."

    def __get__(self, store: PlanStore, owner: type | None = None) -> pa.Table:
        return store.table(self.name)


@attrs.define(eq=False)
class PlanStore:
    """A plan store opened for reading: its tables as pyarrow tables, read on first use.

    Reading a column needs no :class:`~fyp_planning.Plan`: ``store.observations`` is a
    ``pyarrow.Table`` whose columns turn into numpy arrays (``.to_numpy()``); so are
    ``plans_table``, ``indicators``, ``targets``, ``statements`` and ``chains``, and every
    table is read by :meth:`table`;
    :meth:`arrays` reads a few columns of one table straight into numpy. :meth:`plans` builds
    the plans (checked as plan files are).

    Attributes:
        folder: The store's folder.

    Examples:
        >>> import tempfile
        >>> import fyp_planning as fp
        >>> folder = tempfile.mkdtemp()
        >>> fp.dump_plan_store([fp.load("dongkou")], folder)
        >>> store = fp.open_plan_store(folder)
        >>> cols = store.arrays("observations", "indicator", "period", "value", "value_unit")
        >>> str(cols["indicator"][0]), int(cols["period"][0]), float(cols["value"][0]), str(cols["value_unit"][0])
        ('high_tech_certified', 2020, 12.0, '个')
        >>> store.plans()[0].id
        'dongkou_14th_sti'
    """

    folder: Path = attrs.field(converter=Path)
    _tables: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)
    _read_columns: dict[tuple[str, str], Any] = attrs.field(factory=dict, init=False, repr=False)

    def table(self, name: str) -> pa.Table:
        """One table of the store, read (and checked) on first use.

        Args:
            name: A table's name (``plans``, ``indicators``, ``observations``, ``targets``, ...).

        Raises:
            PlanStoreError: the file is missing, not a store table of this version, or has a
                column of the wrong name or type.
            KeyError: no table of that name.
        """
        if name not in self._tables:
            self._tables[name] = _read_table(self.folder, _BY_NAME[name])
        return self._tables[name]

    def arrays(self, table: str, *columns: str) -> dict[str, np.ndarray]:
        """Columns of one table as numpy arrays (text as object arrays, nulls as ``None`` or NaN).

        Args:
            table: The table's name.
            columns: The columns wanted (all of them when none is given).

        Raises:
            PlanStoreError: as :meth:`table`, or a column the table does not have.
        """
        names = columns or tuple(self.table(table).column_names)
        self._read_columns_of(table, names)
        return {c: self._column(table, c).to_numpy() for c in names}

    def target_words(self, rows: Iterable[int]) -> list[str]:
        """What :meth:`~fyp_planning.Target.describe` says of the targets in the given rows of
        ``targets.parquet`` (``≥300亿元``, ``年均增长≥10%``), from the columns; a row the columns
        alone do not give (keys in ``extra``, no ``kind``) from its target.

        Raises:
            PlanStoreError: as :meth:`target_objects`.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> plan = fp.load("dongkou")
            >>> fp.dump_plan_store([plan], folder)
            >>> fp.open_plan_store(folder).target_words([0, 1])
            ['≥20个', '≥6.87亿元']
        """
        wanted = list(rows)
        if not wanted:
            return []
        names = ("kind", "comparator", "value", "value_unit", "rate", "rate_unit")
        self._read_columns_of("targets", (*names, "annual", "of", "scope", "extra"))
        cols = {
            name: self._column("targets", name).take(wanted).to_pylist()
            for name in (*names, "annual", "of", "scope", "extra")
        }
        symbols = {c.value: c.symbol for c in Comparator}
        out: list[str | None] = []
        for kind, cmp, value, unit, rate, rate_unit, annual, of, scope, extra in zip(
            *cols.values(), strict=True
        ):
            cls = TARGET_KINDS.get(kind)
            if cls is None or extra is not None:
                out.append(None)
                continue
            if cls.kind in ("growth", "reduction"):
                value, unit = rate, rate_unit
                annual = _ANNUAL if annual is None else annual
            number = "" if value is None else _format_number(value)
            stated = f"{symbols.get(cmp, _GE)}{number}{unit or ''}"
            out.append(cls.wording(stated, _Terms(of, annual, scope)))
        missing = [row for row, words in zip(wanted, out, strict=True) if words is None]
        made = iter(t.describe() for t in self.target_objects(missing))
        return [next(made) if words is None else words for words in out]

    def _read_columns_of(self, table: str, columns: Iterable[str]) -> None:
        """Read the table's ``columns`` not yet at hand in one pass over its file (each would
        otherwise open the file and read its footer on its own)."""
        if table in self._tables:
            return
        known = {name for name, _ in _schema_columns(_BY_NAME[table])}
        missing = [
            c for c in dict.fromkeys(columns) if c in known and (table, c) not in self._read_columns
        ]
        if len(missing) > 1:
            data = _read_table(self.folder, _BY_NAME[table], missing)
            for c in missing:
                self._read_columns[(table, c)] = data.column(c)

    def _column(self, table: str, column: str) -> Any:
        """One column of a table (a pyarrow ``ChunkedArray``), read alone from its file unless
        the whole table has been read."""
        if table in self._tables:
            data = self._tables[table]
        elif (table, column) in self._read_columns:
            return self._read_columns[(table, column)]
        else:
            names = [name for name, _ in _schema_columns(_BY_NAME[table])]
            read = [column] if column in names else None
            data = _read_table(self.folder, _BY_NAME[table], read)
        if column not in data.column_names:
            raise PlanStoreError(
                [Problem("", "no such column", column, ", ".join(data.column_names))],
                file=str(self.folder / f"{table}.parquet"),
            )
        if table not in self._tables:
            self._read_columns[(table, column)] = data.column(column)
        return data.column(column)

    def codes(self, table: str, column: str) -> tuple[np.ndarray, list[Any]]:
        """A column as integer codes into its distinct values, read without making a Python
        object per row (for text columns of many rows: the indicator, the unit).

        Args:
            table: The table's name.
            column: The column's name.

        Returns:
            ``(codes, values)``: ``values[codes[i]]`` is row ``i``'s value; a null is code -1.

        Raises:
            PlanStoreError: as :meth:`arrays`.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> fp.dump_plan_store([fp.load("dongkou")], folder)
            >>> codes, units = fp.open_plan_store(folder).codes("targets", "value_unit")
            >>> len(codes), units[codes[0]]
            (45, '个')
        """
        import numpy as np
        import pyarrow.compute as pc  # type: ignore[import-untyped]

        data = self._column(table, column).combine_chunks().dictionary_encode()
        codes = pc.fill_null(data.indices, -1).to_numpy(zero_copy_only=False)
        return codes.astype(np.int64), data.dictionary.to_pylist()

    def target_objects(self, rows: Iterable[int]) -> list[Target]:
        """The targets in the given rows of ``targets.parquet``, equal to those of the stored
        plans, without building the plans.

        A row of the columns alone is made straight from them (numbers and units as a plan
        file's ``"300亿元"`` reads); any other row (keys in ``extra``, a target without
        ``kind``, a key its kind does not take) is read by the plan-file reader, with its
        checks.

        Raises:
            PlanStoreError: as :meth:`table`; a row is not a target a plan file accepts.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> plan = fp.load("dongkou")
            >>> fp.dump_plan_store([plan], folder)
            >>> fp.open_plan_store(folder).target_objects([0, 1]) == list(plan.targets[:2])
            True
        """
        wanted = list(rows)
        table = _BY_NAME["targets"]
        cols = _columns(self.table("targets").take(wanted)) if wanted else {}
        make = _TargetMaker()
        out = []
        for i, row in enumerate(wanted):
            found = make.fast(table, cols, i)
            if found is None:
                found = self._target_read(table, cols, i, row)
            out.append(found)
        return out

    def _target_read(self, table: Table, cols: dict[str, list[Any]], i: int, row: int) -> Target:
        """One target row read as a plan file's target is."""
        from ._schema import converter

        entry = _entry(self.folder, table, cols, i)
        try:
            target: Target = converter.structure((cols["indicator"][i], entry), Target)
            return target
        except Exception as exc:
            raise _bad(self.folder, "targets", row, "kind", cols["kind"][i], str(exc)) from None

    def batch(self, observations: ObservationTable | None = None) -> PlanBatch:
        """The stored plans (those saved, not their predecessors) as a
        :class:`~fyp_planning.PlanBatch`: ``PlanBatch.from_store(self, observations)``.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> fp.dump_plan_store([fp.load("dongkou")], folder)
            >>> fp.open_plan_store(folder).batch()
            <PlanBatch: 1 plans, 43 rows>
        """
        from ..evaluation.batch import PlanBatch

        return PlanBatch.from_store(self, observations)

    plans_table = _StoreTable("plans")
    indicators = _StoreTable("indicators")
    observations = _StoreTable("observations")
    targets = _StoreTable("targets")
    statements = _StoreTable("statements")
    chains = _StoreTable("chains")

    def observation_table(self) -> ObservationTable:
        """The stored observations as an :class:`~fyp_planning.ObservationTable`, keyed by plan
        id, for :func:`~fyp_planning.evaluate_many` and :class:`~fyp_planning.PlanBatch` —
        read from the columns, no plan built.

        A value kept in ``extra`` (a number a float64 cannot hold exactly) is left out.

        Raises:
            PlanStoreError: as :meth:`table`.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> fp.dump_plan_store([fp.load("dongkou")], folder)
            >>> fp.open_plan_store(folder).observation_table()
            <ObservationTable: 66 rows, 2 plans>
        """
        import numpy as np

        from ..evaluation.table import ObservationTable

        cols = self.arrays("observations", *_OBSERVATION_TABLE_COLUMNS)
        keep = ~np.isnan(cols["value"].astype(np.float64))
        cols = {name: column[keep] for name, column in cols.items()}
        parts = {t: Period.parse(t) for t in set(cols["period_part"]) if t is not None}
        whole = Period(2000)
        periods = [whole if t is None else parts[t] for t in cols["period_part"]]
        # a span's first year; a year or a part of one starts in its own year
        back = [p.year - p.first_year for p in periods]
        return ObservationTable(
            plan=list(cols["plan_id"]),
            indicator=list(cols["indicator"]),
            year=cols["period"],
            value=cols["value"],
            unit=list(cols["value_unit"]),
            status=[s or "actual" for s in cols["status"]],
            first_month=[p.first_month for p in periods],
            last_month=[p.last_month for p in periods],
            first_year=np.asarray(cols["period"], dtype=np.int64)
            - np.asarray(back, dtype=np.int64),
        )

    def plans(self) -> tuple[Plan, ...]:
        """The stored plans (each with its predecessor), in the order they were saved.

        Raises:
            PlanStoreError: a table is missing or malformed, or a stored value is not one a
                plan file accepts (the message names the file, row, column and value).
        """
        return self._plans(tuple(t.name for t in TABLES))

    def indicator_plans(self) -> tuple[Plan, ...]:
        """The stored plans with their indicators alone (and the units they declare; no
        observations, targets, chains...):
        what observations of the plans are checked against, built in a fraction of the time
        of :meth:`plans`.

        Raises:
            PlanStoreError: as :meth:`plans`.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> fp.dump_plan_store([fp.load("dongkou")], folder)
            >>> plan, = fp.open_plan_store(folder).indicator_plans()
            >>> len(plan.indicators), plan.targets
            (35, ())
        """
        # The units a plan declares are part of its indicators: an indicator in 万锭 reads
        # only where the plan's [units] are.
        return self._plans(("plans", "units", "indicators"))

    def _plans(self, names: tuple[str, ...]) -> tuple[Plan, ...]:
        """The plans from the tables ``names`` (the others taken as empty)."""
        tables = {
            t.name: _columns(self.table(t.name))
            if t.name in names
            else {name: [] for name, _ in _schema_columns(t)}
            for t in TABLES
        }
        trees, roots = _trees(self.folder, tables, None)
        plans = []
        for i in roots:
            try:
                plans.append(plan_from_dict(trees[i]))
            except PlanError as exc:
                raise _locate(self.folder, tables, i, exc) from None
        return tuple(plans)


def open_plan_store(folder: str | Path) -> PlanStore:
    """Open a plan store for reading; its tables are read on first use.

    Args:
        folder: The store's folder (written by :func:`dump_plan_store`).

    Raises:
        OptionalDependencyError: pyarrow is not installed (the ``parquet`` extra).
        PlanStoreError: the folder does not exist.

    Examples:
        >>> import tempfile
        >>> import fyp_planning as fp
        >>> folder = tempfile.mkdtemp()
        >>> fp.dump_plan_store([fp.load("dongkou")], folder)
        >>> fp.open_plan_store(folder).targets.num_rows
        45
    """
    _pyarrow()
    path = Path(folder)
    if not path.is_dir():
        raise PlanStoreError(
            [Problem("", "no such folder", expected="a plan store's folder")], file=str(path)
        )
    return PlanStore(path)


def load_plan_store(folder: str | Path) -> tuple[Plan, ...]:
    """Load every plan of a plan store, each with its predecessor, in the order saved.

    Args:
        folder: The store's folder (written by :func:`dump_plan_store`).

    Returns:
        The plans, equal to those saved.

    Raises:
        OptionalDependencyError: pyarrow is not installed (the ``parquet`` extra).
        PlanStoreError: a table is missing or malformed, or a value is not one a plan file
            accepts; the message names the file, row, column and value.

    Examples:
        >>> import tempfile
        >>> import fyp_planning as fp
        >>> folder = tempfile.mkdtemp()
        >>> fp.dump_plan_store([fp.load("dongkou")], folder)
        >>> [p.id for p in fp.load_plan_store(folder)]
        ['dongkou_14th_sti']
    """
    return open_plan_store(folder).plans()


def _problem(
    row: int | None,
    column: str,
    message: str,
    value: Any = Problem.NO_VALUE,
    expected: str = "",
) -> Problem:
    where = f"row {row}, column {column}" if row is not None else f"column {column}"
    return Problem(where, message, value, expected, kind="structure")


def _read_table(folder: Path, table: Table, columns: list[str] | None = None) -> pa.Table:
    """Read one table (or some of its ``columns``), refusing a file outside the folder, of
    another version or shape."""
    pa, pq = _pyarrow()
    path = folder / f"{table.name}.parquet"
    file = str(path)
    if not (path.exists() or path.is_symlink()):  # a pipe or a device is refused on opening
        raise PlanStoreError(
            [
                Problem(
                    "",
                    "missing table",
                    expected=f"{table.name}.parquet (a plan store has one file per table)",
                )
            ],
            file=file,
        )
    if not path.resolve().is_relative_to(folder.resolve()):
        raise PlanStoreError(
            [
                Problem(
                    "",
                    "file outside the store's folder",
                    str(path.resolve()),
                    "a file inside the folder",
                )
            ],
            file=file,
        )
    try:
        fh = open_bounded(path, limit=limits.MAX_TABLE_FILE_BYTES)  # no pipe, device, or huge file
    except FileRefused as exc:
        raise PlanStoreError([Problem("", exc.message)], file=file) from None
    try:
        with fh:
            parquet = pq.ParquetFile(fh)  # its footer, read once: the schema and the data
            schema = parquet.schema_arrow
            version = _version(schema.metadata or {})
            if version != STORE_FORMAT:
                raise PlanStoreError(
                    [
                        Problem(
                            "",
                            "unknown plan store format version",
                            version,
                            f"version {STORE_FORMAT} (a newer fyp-planning may read this store)",
                        )
                    ],
                    file=file,
                )
            problems = _schema_problems(pa, table, schema)
            if problems:
                raise PlanStoreError(problems, file=file)
            return parquet.read(columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise PlanStoreError([Problem("", "not a Parquet file", str(exc))], file=file) from None


def _version(metadata: Mapping[bytes, bytes]) -> Any:
    raw = metadata.get(_META_KEY)
    if raw is None:
        return None
    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError):
        return raw.decode("utf-8", "replace")
    return meta.get("format") if isinstance(meta, dict) else meta


def _schema_problems(pa: Any, table: Table, schema: Any) -> list[Problem]:
    expected = dict(_schema_columns(table))
    problems = []
    for field in schema:
        if field.name not in expected:
            problems.append(
                _problem(
                    None,
                    field.name,
                    "unknown column",
                    field.name,
                    "one of: " + ", ".join(expected),
                )
            )
        elif _type_name(pa, field.type) != expected[field.name]:
            problems.append(
                _problem(
                    None,
                    field.name,
                    "wrong column type",
                    str(field.type),
                    expected[field.name],
                )
            )
    problems += [
        _problem(None, name, "missing column", expected=kind)
        for name, kind in expected.items()
        if name not in schema.names
    ]
    return problems


def _columns(data: pa.Table) -> dict[str, list[Any]]:
    return {name: data.column(name).to_pylist() for name in data.column_names}


def _trees(
    folder: Path,
    tables: dict[str, dict[str, list[Any]]],
    origins: dict[int, tuple[str, int]] | None,
) -> tuple[list[dict[str, Any]], list[int]]:
    """The plans' trees from the tables' columns, and the rows of the plans that have no
    successor (those saved). ``origins`` (when given) maps each tree node to its table row."""
    plan_rows = tables["plans"]
    n = len(plan_rows["plan"])
    trees: list[dict[str, Any]] = [{} for _ in range(n)]
    # the entries that hold other tables' rows, by (plan row, ids of the entries above, id)
    holders: dict[tuple[Any, ...], dict[str, Any]] = {}
    for table in TABLES:
        cols = tables[table.name]
        refs = [cols[up.ref] for up in _ancestors(table)[1:]]
        has_children = bool(_CHILDREN[table.name])
        for row, plan in enumerate(cols["plan"]):
            entry = _entry(folder, table, cols, row)
            if table.parent is None:
                if plan != row:
                    raise _bad(folder, table.name, row, "plan", plan, f"the row number, {row}")
                trees[row].update(entry)
                node: Any = trees[row]
                key: tuple[Any, ...] = (row,)
            else:
                if type(plan) is not int or not 0 <= plan < n:
                    raise _bad(
                        folder,
                        table.name,
                        row,
                        "plan",
                        plan,
                        f"a row of plans.parquet (0 to {n - 1})",
                    )
                up = (plan, *(ref[row] for ref in refs))
                holder = trees[plan] if not refs else holders.get(up)
                if holder is None:
                    raise _bad(
                        folder,
                        table.name,
                        row,
                        _ancestors(table)[-1].ref,
                        refs[-1][row],
                        f"an id of {table.parent}.parquet in the same plan",
                    )
                node = _attach(folder, table, cols, row, holder, entry)
                key = (*up, cols[table.id][row]) if table.keyed else up
            if has_children:
                holders[key] = node
            if origins is not None:
                origins[id(node)] = (table.name, row)
    roots = []
    for row, nxt in enumerate(plan_rows["successor"]):
        if nxt is None:
            roots.append(row)
        elif type(nxt) is not int or not 0 <= nxt < n or nxt == row or "predecessor" in trees[nxt]:
            raise _bad(
                folder,
                "plans",
                row,
                "successor",
                nxt,
                "another plan's row, at most one predecessor each",
            )
        else:
            trees[nxt]["predecessor"] = trees[row]
    reached = {id(trees[row]) for row in roots}
    for row in roots:
        tree = trees[row]
        while "predecessor" in tree:
            tree = tree["predecessor"]
            reached.add(id(tree))
    for row, tree in enumerate(trees):
        if id(tree) not in reached:  # successors in a circle
            successor = plan_rows["successor"][row]
            raise _bad(folder, "plans", row, "successor", successor, "no circle of successors")
    return trees, roots


def _attach(
    folder: Path,
    table: Table,
    cols: dict[str, list[Any]],
    row: int,
    holder: dict[str, Any],
    entry: Any,
) -> Any:
    """Put an entry into its parent's mapping (by id) or list; return the node stored."""
    if table.keyed:
        id = cols[table.id][row]
        if not isinstance(id, str):
            raise _bad(folder, table.name, row, table.id, id, "an id as text")
        box = holder.setdefault(table.key, {})
        if id in box:
            raise _bad(folder, table.name, row, table.id, id, "an id not used twice in one entry")
        box[id] = entry
    else:
        holder.setdefault(table.key, []).append(entry)
    return entry


def _entry(folder: Path, table: Table, cols: dict[str, list[Any]], row: int) -> Any:
    """The tree node of one row: its columns' values, then its ``extra`` keys."""
    entry: dict[Any, Any] = {}
    for col in table.columns:
        v = cols[col.name][row]
        if v is None:
            continue
        if col.kind == "quantity":
            unit = cols[f"{col.name}_unit"][row]
            if not math.isfinite(v) or unit is None:
                raise _bad(folder, table.name, row, col.name, v, "a finite number with a unit")
            v = _format_number(v) + unit
        elif col.kind == "period":
            v = cols[f"{col.name}_part"][row] or v
        entry[col.key] = v
    raw = cols["extra"][row]
    if raw is not None:
        try:
            extra = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON; nested past what the parser recurses
            extra = None
        taken = set(entry) | {c.key for c in _CHILDREN[table.name]} | {"predecessor"}
        if not isinstance(extra, dict) or taken & set(extra):
            expected = "a JSON object of keys the columns do not hold"
            raise _bad(folder, table.name, row, "extra", shown(raw), expected)
        entry.update(extra)
    if _WHOLE in entry:
        return entry[_WHOLE]
    if isinstance(table.columns[0].key, int):
        return [entry.get(c.key) for c in table.columns]
    return entry


def _bad(
    folder: Path, table: str, row: int, column: str, value: Any, expected: str
) -> PlanStoreError:
    return PlanStoreError(
        [_problem(row, column, "bad value", value, expected)],
        file=str(folder / f"{table}.parquet"),
    )


def _locate(
    folder: Path, tables: dict[str, dict[str, list[Any]]], plan: int, exc: PlanError
) -> PlanStoreError:
    """The plan error ``exc`` of the plan in row ``plan``, with its key paths turned into the
    table, row and column each value came from. The error names the file of the first
    problem; a problem in another file names its file in its path."""
    origins: dict[int, tuple[str, int]] = {}
    trees, _ = _trees(folder, tables, origins)
    found = [_where(trees[plan], origins, p.path) or ("plans", plan, p.path) for p in exc.problems]
    file = found[0][0]
    problems = [
        attrs.evolve(
            p,
            path=("" if table == file else f"{table}.parquet, ")
            + f"row {row}"
            + (f", column {_cells_of(table, key)}" if key else ""),
        )
        for p, (table, row, key) in zip(exc.problems, found, strict=True)
    ]
    return PlanStoreError(problems, file=str(folder / f"{file}.parquet"))


_STEP = re.compile(r"\[(\d+)\]")


def _where(
    tree: dict[str, Any], origins: dict[int, tuple[str, int]], path: str
) -> tuple[str, int, str] | None:
    """The table, row and key of the value at a plan file's key path (``indicators.output.
    targets[0].value``) in a tree built from the store: the deepest node on the path that
    came from a row."""
    node: Any = tree
    rest = path
    where = None
    while True:
        if id(node) in origins:
            where = (*origins[id(node)], rest)
        if not rest:
            return where
        step = _STEP.match(rest)
        if step and isinstance(node, list) and int(step.group(1)) < len(node):
            node, rest = node[int(step.group(1))], rest[step.end() :].lstrip(".")
            continue
        keys = sorted(node, key=len, reverse=True) if isinstance(node, dict) else ()
        key = next((k for k in keys if rest == k or rest.startswith((k + ".", k + "["))), None)
        if key is None:
            return where
        node, rest = node[key], rest[len(key) :].lstrip(".")


def _cells_of(table: str, key: str) -> str:
    """The column(s) of a key of a table's rows: ``value, value_unit`` for a quantity."""
    head = re.split(r"[.\[]", key, maxsplit=1)[0]
    for col in _BY_NAME[table].columns:
        if col.key == head and col.kind in ("quantity", "period"):
            second = "_unit" if col.kind == "quantity" else "_part"
            return f"{col.name}, {col.name}{second}"
    return key
