"""Tidy tables of results: each table's columns declared once, and the same table as a pandas
DataFrame, an Arrow table or a Parquet file (issue 20).

May import: errors, files, text. A bottom layer: the model, the analyses and the batch declare
their tables with :class:`Schema` and build them with :meth:`Schema.table`; nothing here knows
what a plan or a finding is.

One row per thing (a finding, an assessment, a gap), one column per fact, columns named in ASCII
snake case and documented once, in Chinese and English, where the schema is declared (the docs'
table of columns is generated from the schemas). Units get their own column (``unit``) beside the
number (``value``), and a Chinese label stands beside each id (``severity`` and
``severity_label``). pandas and pyarrow are optional: they are imported when a table is
converted, and a missing one is an :class:`~fyp_planning.errors.OptionalDependencyError` naming
the extra to install.

Examples:
    >>> s = Schema("demo", "示例", "example", (
    ...     Column("code", "string", "规则代码", "rule code"),
    ...     Column("count", "int64", "数量", "how many"),
    ... ))
    >>> t = s.table([("G001", 2), ("V002", None)])
    >>> len(t), t.names
    (2, ('code', 'count'))
    >>> t.column("count")
    (2, None)
    >>> t.rows()[0]
    {'code': 'G001', 'count': 2}
"""

from __future__ import annotations

import contextlib
import csv
import functools
import importlib
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import IO, Any, ClassVar, Literal, TypeVar

import attrs

from .errors import OptionalDependencyError, WriteError
from .files import FileRefused, replacing

_R = TypeVar("_R")

__all__ = [
    "SEP",
    "Column",
    "DType",
    "Displayable",
    "Schema",
    "Table",
    "Tabular",
    "joined",
    "register_display",
]

#: A column's type: text, whole numbers, real numbers, or yes/no. Every column may hold None
#: (missing), which each format writes as its own missing value.
DType = Literal["string", "int64", "float64", "bool"]

#: Several values in one cell (a firm's chains, a gap's segments) are joined with this — not
#: 、, which the names it joins may contain (石江、水东新材料区; 广州、深圳).
SEP = "；"


def joined(items: Iterable[str]) -> str | None:
    """Several values as one cell, joined with :data:`SEP`; ``None`` for none.

    Examples:
        >>> joined(["石江、水东新材料区", "高新区"]), joined([])
        ('石江、水东新材料区；高新区', None)
    """
    return SEP.join(items) or None


_PYTHON: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "int64": (int,),
    "float64": (float, int),
    "bool": (bool,),
}


@attrs.frozen
class Column:
    """One column of a table: its name, type, and what it holds in Chinese and English.

    Args:
        name: ASCII snake case (``indicator_name``).
        dtype: ``string``, ``int64``, ``float64`` or ``bool``.
        zh: What the column holds, in Chinese.
        en: The same in English.

    Examples:
        >>> Column("unit", "string", "单位", "unit, as the plan writes it").name
        'unit'
    """

    name: str
    dtype: DType
    zh: str
    en: str


@attrs.frozen
class Schema:
    """A table's definition: its name, what one row is, and its columns (declared once).

    Args:
        name: ASCII id of the table (``findings``).
        zh: What one row is, in Chinese.
        en: The same in English.
        columns: The columns, in order.

    Examples:
        >>> s = Schema("t", "一行一项", "one row an item", (Column("id", "string", "编号", "id"),))
        >>> s.names
        ('id',)
    """

    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def table(self, rows: Iterable[Sequence[Any]]) -> Table:
        """The table of ``rows``, each a sequence of values in column order.

        Raises:
            ValueError: a row has the wrong number of values, or a value of the wrong type
                for its column (a bug of the result that made it, never of the user's data).

        Examples:
            >>> s = Schema("t", "行", "row", (Column("x", "float64", "数", "number"),))
            >>> s.table([(1.5,), (2,)]).column("x")
            (1.5, 2)
        """
        cols: list[list[Any]] = [[] for _ in self.columns]
        width = len(self.columns)
        for n, row in enumerate(rows):
            if len(row) != width:
                raise ValueError(
                    f"table {self.name!r}: row {n} has {len(row)} values, expected {width}"
                )
            for col, value in zip(cols, row, strict=True):
                col.append(value)
        return self.from_columns({c.name: v for c, v in zip(self.columns, cols, strict=True)})

    def from_columns(self, data: Mapping[str, Sequence[Any]]) -> Table:
        """The table of columns already gathered (name → values), checked against the schema.

        Raises:
            ValueError: a column is missing or extra, the columns differ in length, or a value
                has the wrong type for its column.
        """
        if tuple(data) != self.names:
            raise ValueError(f"table {self.name!r}: columns {tuple(data)}, expected {self.names}")
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"table {self.name!r}: columns of different lengths {lengths}")
        for c in self.columns:
            ok = _PYTHON[c.dtype]
            for value in data[c.name]:
                if value is None:
                    continue
                if isinstance(value, bool) and c.dtype != "bool":
                    raise ValueError(f"table {self.name!r}: {c.name} holds a bool")
                if not isinstance(value, ok):
                    raise ValueError(f"table {self.name!r}: {c.name} ({c.dtype}) holds {value!r}")
        return Table(self, {k: tuple(v) for k, v in data.items()})


def _pandas_dtype(dtype: DType) -> str:
    return {"string": "string", "int64": "Int64", "float64": "float64", "bool": "boolean"}[dtype]


@attrs.frozen
class Table:
    """A finished table: its schema and its columns. Convert it with :meth:`to_pandas`,
    :meth:`to_arrow` or :meth:`to_parquet`.

    pandas dtypes: ``string`` columns are ``string``, ``int64`` the nullable ``Int64``,
    ``float64`` ``float64`` (missing is NaN), ``bool`` the nullable ``boolean``.

    Examples:
        >>> import fyp_planning as fp
        >>> t = fp.audit(fp.load("dongkou")).to_table()
        >>> t.schema.name, t.names[:4]
        ('audit', ('plan', 'code', 'rule', 'outcome'))
        >>> t.column("outcome").count("error")
        3
    """

    schema: Schema
    _data: Mapping[str, tuple[Any, ...]] = attrs.field(alias="data")

    def __len__(self) -> int:
        return len(next(iter(self._data.values()), ()))

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return self.schema.names

    def column(self, name: str) -> tuple[Any, ...]:
        """One column's values (``None`` where missing).

        Raises:
            KeyError: no such column.
        """
        return self._data[name]

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dictionaries, column name → value."""
        names = self.names
        return [
            dict(zip(names, row, strict=True)) for row in zip(*self._data.values(), strict=True)
        ]

    def _repr_html_(self) -> str:
        """The table in a notebook: escaped HTML, the first :data:`SHOWN_ROWS` rows."""
        return _table_html(self)

    def to_csv(self, path_or_buffer: Any) -> None:
        """Write the table as CSV: UTF-8, a header row, empty cells where missing.

        A file path is replaced whole or not at all (written beside it, then renamed).

        Args:
            path_or_buffer: A file path, or an open text file / buffer to write to.

        Raises:
            WriteError: the file cannot be written.

        Examples:
            >>> import io
            >>> s = Schema("t", "行", "row", (Column("x", "string", "文", "text"),
            ...                                 Column("n", "int64", "数", "number")))
            >>> buffer = io.StringIO()
            >>> s.table([("甲", 1), ("乙", None)]).to_csv(buffer)
            >>> buffer.getvalue()
            'x,n\\n甲,1\\n乙,\\n'
        """
        if isinstance(path_or_buffer, (str, os.PathLike)):
            try:
                with (
                    replacing(Path(path_or_buffer)) as tmp,
                    open(tmp, "w", encoding="utf-8", newline="") as f,
                ):
                    self._write_csv(f)
            except FileRefused as exc:
                raise WriteError(exc.message, os.fspath(path_or_buffer)) from None
        else:
            self._write_csv(path_or_buffer)

    def _write_csv(self, f: IO[str]) -> None:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(self.names)
        for row in zip(*self._data.values(), strict=True):
            writer.writerow(["" if x is None else x for x in row])

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame, with the documented dtypes.

        Raises:
            OptionalDependencyError: pandas is not installed (``pip install
                'fyp-planning[pandas]'``).

        Examples:
            >>> s = Schema("t", "行", "row", (Column("x", "float64", "数", "number"),))
            >>> s.table([(1.5,), (None,)]).to_pandas().dtypes["x"]  # doctest: +SKIP
            dtype('float64')
        """
        try:
            import pandas as pd
        except ImportError:
            raise OptionalDependencyError("pandas", "pandas", "to_pandas") from None
        frame = {}
        for c in self.schema.columns:
            values = self._data[c.name]
            if c.dtype == "float64":
                values = tuple(math.nan if v is None else float(v) for v in values)
            frame[c.name] = pd.Series(values, dtype=_pandas_dtype(c.dtype), name=c.name)
        return pd.DataFrame(frame, columns=list(self.names))

    def to_arrow(self) -> Any:
        """The table as a pyarrow Table, typed by the schema (for DuckDB or Polars).

        Raises:
            OptionalDependencyError: pyarrow is not installed (``pip install
                'fyp-planning[parquet]'``).
        """
        pa = _pyarrow("to_arrow")
        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
        types["bool"] = pa.bool_()
        fields = [pa.field(c.name, types[c.dtype]) for c in self.schema.columns]
        arrays = [
            pa.array(
                [
                    float(v) if c.dtype == "float64" and v is not None else v
                    for v in self._data[c.name]
                ],
                type=types[c.dtype],
            )
            for c in self.schema.columns
        ]
        return pa.Table.from_arrays(arrays, schema=pa.schema(fields))

    def to_parquet(self, path: str | Path) -> None:
        """Write the table as a Parquet file, replacing ``path`` whole or not at all.

        Raises:
            OptionalDependencyError: pyarrow is not installed.
            WriteError: the file cannot be written.
        """
        table = self.to_arrow()
        import pyarrow.parquet as pq

        try:
            with replacing(Path(path)) as tmp:
                pq.write_table(table, str(tmp))
        except FileRefused as exc:
            raise WriteError(exc.message, str(path)) from None


#: How many rows a table shows in a notebook before it says how many more there are.
SHOWN_ROWS = 50


def _table_html(table: Table) -> str:
    """A table as escaped HTML: its column names, then at most :data:`SHOWN_ROWS` rows."""
    head = "".join(
        f"<th title='{escape(c.zh)}'>{escape(c.name)}</th>" for c in table.schema.columns
    )
    body = []
    for row in table.rows()[:SHOWN_ROWS]:
        cells = "".join(f"<td>{'' if v is None else escape(str(v))}</td>" for v in row.values())
        body.append(f"<tr>{cells}</tr>")
    more = len(table) - SHOWN_ROWS
    tail = f"<p>… 另有{more}行 ({more} more rows)</p>" if more > 0 else ""
    return (
        f"<table class='fyp-table'><caption>{escape(table.schema.zh)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{tail}"
    )


#: Rich display in a notebook, by result type: functions returning HTML or SVG. The layer that
#: draws (:mod:`fyp_planning.render.notebook`) registers them with :func:`register_display`;
#: it is loaded by name on a result's first display, so no layer below render imports it (as
#: pandas loads its plotting backend). A type without one shows its table.
_HTML: dict[type, Callable[[Any], str]] = {}
_SVG: dict[type, Callable[[Any], str | None]] = {}
_DISPLAY_MODULE = "fyp_planning.render.notebook"


def register_display(
    kind: type,
    *,
    html: Callable[[Any], str] | None = None,
    svg: Callable[[Any], str | None] | None = None,
) -> None:
    """Show results of ``kind`` (and its subclasses) in a notebook with ``html`` / ``svg``
    (``svg`` may return ``None``: that result has no drawing).

    Examples:
        >>> class Demo(Tabular):
        ...     TABLES = ()
        >>> register_display(Demo, html=lambda d: "<b>示例</b>")
        >>> Demo()._repr_html_()
        '<b>示例</b>'
    """
    if html is not None:
        _HTML[kind] = html
    if svg is not None:
        _SVG[kind] = svg


@functools.cache
def _load_display() -> None:
    with contextlib.suppress(ImportError):  # render's dependencies missing: tables only
        importlib.import_module(_DISPLAY_MODULE)


def _shown(registry: dict[type, Callable[[Any], _R]], result: Any) -> Callable[[Any], _R] | None:
    _load_display()
    for klass in type(result).__mro__:
        if klass in registry:
            return registry[klass]
    return None


def _pyarrow(feature: str) -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise OptionalDependencyError("pyarrow", "parquet", feature) from None
    return pa


class Displayable:
    """A result with a rich display in a notebook: the view the render layer registered for
    its type (:func:`register_display`), if any. :class:`Tabular` results are displayable and
    fall back to their table; another result (a chain's analysis) has no view without it."""

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        """Rich display in a notebook: the result's own view (``None``: none)."""
        show = _shown(_HTML, self)
        return show(self) if show is not None else None

    def _repr_svg_(self) -> str | None:
        """A drawing of the result in a notebook, where it has one (a chain map)."""
        show = _shown(_SVG, self)
        return show(self) if show is not None else None


class Tabular(Displayable):
    """A result that is one or more tables: :meth:`to_table` builds one, and :meth:`to_pandas`,
    :meth:`to_arrow`, :meth:`to_parquet` convert it. A subclass lists its schemas in ``TABLES``
    (the first is the default) and writes ``_table_rows(name)``, its rows for one of them."""

    __slots__ = ()

    #: The tables this result can make, the default first.
    TABLES: ClassVar[tuple[Schema, ...]] = ()

    def _table_rows(self, name: str) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def _make_table(self, schema: Schema) -> Table:
        """One of the tables: its rows (:meth:`_table_rows`); a result that gathers its data
        in columns (the batch) builds it from them instead."""
        return schema.table(self._table_rows(schema.name))

    def to_table(self, table: str | None = None) -> Table:
        """One of this result's tables (default: its first; see ``TABLES``).

        Raises:
            ValueError: no table of that name.
        """
        return self._make_table(_choose(type(self).TABLES, table))

    def _repr_html_(self) -> str:
        """Rich display in a notebook: the result's own view, else its table."""
        show = _shown(_HTML, self)
        return show(self) if show is not None else _table_html(self.to_table())

    def to_pandas(self, table: str | None = None) -> Any:
        """The table as a pandas DataFrame (pandas is optional: the ``pandas`` extra).

        Raises:
            OptionalDependencyError: pandas is not installed.
            ValueError: no table of that name.
        """
        return self.to_table(table).to_pandas()

    def to_arrow(self, table: str | None = None) -> Any:
        """The table as a pyarrow Table (the ``parquet`` extra), for DuckDB or Polars.

        Raises:
            OptionalDependencyError: pyarrow is not installed.
            ValueError: no table of that name.
        """
        return self.to_table(table).to_arrow()

    def to_parquet(self, path: str | Path, table: str | None = None) -> None:
        """Write the table as a Parquet file (the ``parquet`` extra), atomically.

        Raises:
            OptionalDependencyError: pyarrow is not installed.
            ValueError: no table of that name.
            WriteError: the file cannot be written.
        """
        self.to_table(table).to_parquet(path)


def _choose(schemas: tuple[Schema, ...], name: str | None) -> Schema:
    if not schemas:
        raise ValueError("this result declares no table")
    if name is None:
        return schemas[0]
    for s in schemas:
        if s.name == name:
            return s
    names = ", ".join(s.name for s in schemas)
    raise ValueError(f"no table {name!r}; the tables are: {names}")
