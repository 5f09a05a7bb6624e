"""Observations from tidy CSV files and Python records — the one reader.

:func:`load_observation_table` reads the rows of many plans from one file into an
:class:`~fyp_planning.ObservationTable`; :func:`~fyp_planning.load_observations` and
:func:`~fyp_planning.observations_from_records` read the rows of one plan through the same
reader (:func:`read_one_plan`, :func:`one_plan_from_records`) and turn them into
:class:`~fyp_planning.Observation` objects. The file of many plans has a ``plan`` column in
front::

    plan,indicator,period,value,unit,status,source
    county_a,industrial_output,2021,215.3,亿元,actual,县统计局
    county_b,industrial_output,2022年1-9月,1780000,万元,预计,

It is read for national data (2,844 counties × 40 indicators × 10 years, a million rows) in a
few seconds: the csv module reads the rows in small chunks straight into columns, label columns
become integer codes of their distinct texts, and every check runs once per **distinct** value
(plan id, (plan, indicator) pair, period, (unit, indicator unit) pair, status) with the rules of
:mod:`fyp_planning.io._observation_rules`; numbers are parsed a chunk at a time and checked one
by one only in a chunk where a quick screen of its characters fails. Problems are reported
together: in a table, each bad distinct value once with the first lines it is on and how many
more; for one plan, row by row (``row 3, column value``), as the rows are few.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import re
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import attrs
import numpy as np

from .. import limits
from ..errors import BadValue, ObservationsError, Problem
from ..evaluation.table import ObservationTable
from ..files import FileRefused, open_bounded
from ..model.enums import Comparator, ObservationStatus
from ..model.indicator import SPAN_EXPECTED, Indicator, totals_over_years
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..text import Message
from ..units import Quantity, format_unit, to_unit
from ._observation_rules import (
    COLUMNS,
    NUMBER,
    NUMBER_EXPECTED,
    PERIOD_EXPECTED,
    REQUIRED_COLUMNS,
    TABLE_COLUMNS,
    TABLE_REQUIRED_COLUMNS,
    read_comparator,
    read_header,
    read_number,
    read_period,
    read_source,
    read_status,
    read_unit,
    refused,
    required_text,
    unreadable,
)
from ._schema import did_you_mean

__all__ = [
    "TABLE_COLUMNS",
    "TABLE_REQUIRED_COLUMNS",
    "load_observation_table",
    "one_plan_from_records",
    "read_one_plan",
]

_LABELS = ("plan", "indicator", "period", "unit", "status", "comparator", "source")  # coded
_CHUNK = 512  # rows read at a time: small chunks keep the garbage collector's work small
_SHOWN_LINES = 3  # lines listed for a problem found on several rows
_SHOWN_PER_COLUMN = 20  # distinct problems listed per column; the rest are counted in one
_NO_VALUE = Problem.NO_VALUE
_SIMPLE_NUMBER_CHARS = "0123456789.+- \t|"  # "|" joins a chunk's values, to screen them at once
_LOOSE_DOT = re.compile(r"\.(?:(?![0-9])|(?<![0-9]\.))")  # ".5", "1.": refused, not numbers
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INF = float("inf")
#: The largest magnitude a value may have as written (in the unit column's unit).
_LARGEST = limits.MAX_MAGNITUDE
_ORDER = {name: i for i, name in enumerate(("header", "row", *TABLE_COLUMNS, "duplicate"))}


@attrs.frozen
class _Layout:
    """What is read: the rows of many plans (a table), or of one plan (a file or records)."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    example: str  # the header row an empty file is told to have
    #: One plan: no plan column; problems row by row; bounds, sources and numbers as written
    #: are kept, for Observation objects.
    one_plan: bool
    records: bool = False  # Python records: paths ``records[3].value``, no lines


_TABLE = _Layout(TABLE_COLUMNS, TABLE_REQUIRED_COLUMNS, ",".join(TABLE_COLUMNS[:6]), False)
_ONE_PLAN = _Layout((*COLUMNS, "plan"), REQUIRED_COLUMNS, ",".join((*COLUMNS[:5], "source")), True)
_RECORDS = attrs.evolve(_ONE_PLAN, columns=COLUMNS, records=True)


@attrs.frozen
class _OnRows(Problem):
    """The same problem on several rows: ``line`` is the first of them, ``lines`` the first few
    and ``count`` how many rows in all."""

    lines: tuple[int, ...] = ()
    count: int = 0

    def __str__(self) -> str:
        more = self.count - len(self.lines)
        shown = [str(n) for n in self.lines]
        if more > 0:
            where = f"lines {', '.join(shown)} and {more:,} more"
        else:
            where = f"lines {', '.join(shown[:-1])} and {shown[-1]}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.value is not _NO_VALUE:
            text += f"; got {self.value!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


def load_observation_table(path: str | Path, plans: Iterable[Plan]) -> ObservationTable:
    """Read observations of many plans from one tidy CSV file, for
    :func:`~fyp_planning.evaluate_many` and :class:`~fyp_planning.PlanBatch`.

    The file is UTF-8 (a byte-order mark, as Excel writes, is fine) with a header row. The
    columns are ``plan``, ``indicator``, ``period`` and ``value`` (required) and ``unit``,
    ``status``, ``comparator`` and ``source`` (optional), in any order. Each row is read with
    the rules of :func:`~fyp_planning.load_observations`, plus:

    * ``plan``: the id of one of ``plans`` (``Plan.id``); ``indicator`` is an indicator of
      that plan;
    * ``unit``: the value is converted to its indicator's unit as ``load_observations``
      converts it (exact to the decimal digits written); a unit without what it counts
      (``万``, ``亿``) is refused, never guessed;
    * ``comparator``: only ``=`` (or empty). A bound (``>=`` / 以上, ``<=`` / 以下) is refused:
      an :class:`~fyp_planning.ObservationTable` holds exact values, and dropping the bound
      silently would judge ``≥5`` as ``5``. Read such rows one plan at a time with
      ``load_observations`` and :func:`~fyp_planning.assess`;
    * ``source`` is read and not kept: the table, and batch results, have no source column.

    Blank lines are skipped. The same plan, indicator, period and status twice is an error.

    Args:
        path: The CSV file.
        plans: The plans the rows refer to (ids unique).

    Returns:
        The observations in file order, each value in its indicator's unit (the table's
        ``unit`` column is empty), with their years, months and statuses.

    Raises:
        ObservationsError: the file cannot be read, is not UTF-8 or has any bad row. Every
            problem is listed, with its line (the header is line 1): a bad value found on
            many rows is reported once, with its first lines and how many more, and past 20
            distinct problems in a column the rest are counted in one line.
        TypeError: ``plans`` holds something other than plans.
        ValueError: two plans have the same id.

    Examples:
        >>> import pathlib, tempfile
        >>> from fyp_planning import Plan, Indicator, parse_unit
        >>> def county(pid):
        ...     return Plan(id=pid, region=pid, title="十四五规划", start_year=2021,
        ...                 end_year=2025,
        ...                 indicators=[Indicator(id="output", name="工业总产值",
        ...                                       unit=parse_unit("亿元"))])
        >>> plans = [county("a"), county("b")]
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "counties.csv"
        >>> _ = path.write_text("plan,indicator,period,value,unit,status\\n"
        ...                     "a,output,2021,215.3,亿元,\\n"
        ...                     "a,output,2022年1-9月,1780000,万元,预计\\n"
        ...                     'b,output,2021,"1,234.5",,\\n', encoding="utf-8")
        >>> table = load_observation_table(path, plans)
        >>> len(table), table.plans, table.value.tolist()
        (3, ['a', 'b'], [215.3, 178.0, 1234.5])
        >>> table.year.tolist(), table.last_month.tolist()
        ([2021, 2022, 2021], [12, 9, 12])
        >>> _ = path.write_text("plan,indicator,period,value,unit\\n"
        ...                     "a,output,2021,215.3,亿度\\n"
        ...                     "c,output,2021,12,亿元\\n"
        ...                     "b,output,2021,nan,亿度\\n"
        ...                     "b,output,2022,13,亿度\\n", encoding="utf-8")
        >>> load_observation_table(path, plans)
        Traceback (most recent call last):
        ...
        fyp_planning.errors.ObservationsError: ...: 3 problems in observations (观测数据有误)
          - lines 2, 4 and 5: column unit: unit does not convert to the indicator's unit 亿元 (单位不兼容); got '亿度'; expected a unit of the same kind as 亿元, e.g. 亿元 or 万元
          - line 3: column plan: unknown plan (没有该规划); got 'c'; expected the id of one of the plans given: a, b
          - line 4: column value: not a number (不是数字); got 'nan'; expected a number such as 215.3 (the unit goes in the unit column)
    """
    plan_list = _checked_plans(plans)
    name = str(path)
    return _Check(_Cells.read(path, name, _TABLE), plan_list, name).check().table()


def read_one_plan(path: str | Path, plan: Plan) -> tuple[Observation, ...]:
    """The rows of a file of ``plan``'s observations, as observations: the reader of
    :func:`~fyp_planning.load_observations`, which documents the rules. With a ``plan``
    column, the rows of other plans are skipped as they are read (never checked, never
    objects).

    Args:
        path: The CSV file.
        plan: The plan whose indicators the rows refer to.

    Returns:
        The observations in file order, each in its indicator's unit.

    Raises:
        ObservationsError: every problem of the file, row by row (``row 3, column value``).
    """
    name = str(path)
    cells = _Cells.read(path, name, _ONE_PLAN, only=plan.id)
    return _Check(cells, [plan], name).check().observations()


def read_one_plan_table(path: str | Path, plan: Plan) -> ObservationTable:
    """The rows of a file of ``plan``'s observations, read and checked as
    :func:`read_one_plan` reads them, as an :class:`ObservationTable` of columns for
    :func:`~fyp_planning.assess` (``observations=``): no :class:`Observation` is made but
    for the rows an assessment shows (its baseline and latest), each as ``read_one_plan``
    would have made it (bounds, sources and numbers as written kept).

    Args:
        path: The CSV file.
        plan: The plan whose indicators the rows refer to.

    Returns:
        The rows, values in their indicators' units.

    Raises:
        ObservationsError: every problem of the file, row by row (``row 3, column value``).
    """
    name = str(path)
    cells = _Cells.read(path, name, _ONE_PLAN, only=plan.id)
    return _Check(cells, [plan], name).check().plan_table()


def one_plan_from_records(records: Iterable[Any], plan: Plan) -> tuple[Observation, ...]:
    """Records (mappings of column to cell) of ``plan``'s observations, as observations: the
    reader of :func:`~fyp_planning.observations_from_records`, which documents the rules.

    Args:
        records: One mapping per observation (a record that is no mapping is a problem).
        plan: The plan whose indicators the records refer to.

    Returns:
        The observations in order, each in its indicator's unit.

    Raises:
        ObservationsError: every problem, record by record (``records[3].value``).
    """
    return _Check(_Cells.from_records(records), [plan], None).check().observations()


def _checked_plans(plans: Iterable[Plan]) -> list[Plan]:
    if isinstance(plans, Plan):
        raise TypeError("plans must be a list of Plan objects, got one Plan: pass [plan]")
    plan_list = list(plans)
    for plan in plan_list:
        if not isinstance(plan, Plan):
            raise TypeError(f"plans must be Plan objects, got {plan!r}")
    ids = [p.id for p in plan_list]
    twice = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
    if twice:
        raise ValueError(f"plan ids must be unique; given more than once: {', '.join(twice)}")
    return plan_list


# -- reading the file into columns --------------------------------------------------------------
_Keyed = tuple[tuple[int, int], Problem]  # a problem with its place: (row number, column order)


class _Cells:
    """The rows as columns: label columns as codes of their distinct cells, values as floats
    (with the text of each, for exact unit conversion), and the line and row number of every
    row (blank rows dropped)."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.problems: list[_Keyed] = []  # problems of the file as a whole and of its header
        self.columns: dict[str, int] = {}
        self.width = 0
        self.rows = 0
        self.lines = array("q")
        self.numbers_of_rows = array("q")  # "row 3": records, the header being 1; or records[3]
        self.next_line = 2  # the line after the last record read
        self.next_record = 1  # the number of the next record (the header is 1)
        self.codes: dict[str, array[int]] = {}
        self.texts: dict[str, list[Any]] = {}  # each label column's distinct cells, by code
        self.index: dict[str, dict[str, int]] = {}  # cell → code
        self.floats = array("d")
        # With a unit column (or for one plan), each chunk's values as plain decimals joined by
        # "|" (a sixth of the memory of a string per value), and the row each chunk starts at.
        self.numbers: list[str] = []
        self.number_rows: list[int] = []
        self.bad_numbers: dict[Hashable, list[int]] = {}  # cell → rows, of values not numbers
        self.bad_cells: dict[Hashable, Any] = {}  # the cells of bad_numbers keyed otherwise
        self.huge: dict[Hashable, list[int]] = {}  # cell → rows, of numbers too large for a float
        self.extra: dict[tuple[str, ...], list[int]] = {}  # fields past the header's → rows
        self.blank_plans: set[int] = set()  # codes of empty plan cells: maybe blank rows
        self.only: str | None = None  # one plan's rows: the plan id of the rows kept
        self._split: tuple[int, list[str]] = (-1, [])  # the last chunk of numbers split

    @classmethod
    def read(cls, path: str | Path, name: str, layout: _Layout, only: str | None = None) -> _Cells:
        """The file's rows; with ``only`` (one plan's rows) and a ``plan`` column, the rows
        whose plan is another are skipped as they are read (an empty plan cell is the plan's)."""
        cells = cls(layout)
        cells.only = only
        try:
            raw = open_bounded(path, limit=limits.MAX_TABLE_FILE_BYTES)
        except FileRefused as exc:
            raise refused(exc, name) from None
        try:
            with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
                cells._read(f)
        except OSError as exc:
            raise unreadable(exc, name) from None
        except UnicodeDecodeError:
            raise ObservationsError([_not_utf8(Path(path), name)], file=name) from None
        return cells

    @classmethod
    def from_records(cls, records: Iterable[Any]) -> _Cells:
        """Records (mappings of column to cell) as columns; each cell is coded on its own."""
        cells = cls(_RECORDS)
        cells.columns = {name: i for i, name in enumerate(COLUMNS)}
        cells.width = len(COLUMNS)
        cells._start_labels()
        rows, numbers = [], []
        for i, record in enumerate(records):
            where = f"records[{i}]"
            if not isinstance(record, Mapping):
                cells.problems.append(
                    ((i, 1), Problem(where, Message("io.wrong_type"), record, "a dict (mapping)"))
                )
                continue
            ok = True
            for key in record:
                if key not in COLUMNS:
                    expected = f"one of: {', '.join(COLUMNS)}{did_you_mean(str(key), COLUMNS)}"
                    problem = Problem(
                        f"{where}.{key}",
                        Message("io.observations.unknown_field"),
                        record[key],
                        expected,
                    )
                    cells.problems.append(((i, 1), problem))
            for key in REQUIRED_COLUMNS:
                if key not in record:
                    problem = Problem(
                        f"{where}.{key}",
                        Message("io.observations.missing_field"),
                        _NO_VALUE,
                        _EXPECTED_ONE[key],
                    )
                    cells.problems.append(((i, 1), problem))
                    ok = False
            if ok:
                rows.append([record.get(name) for name in COLUMNS])
                numbers.append(i)
        codes = {}
        for name in cells.codes:
            column = list(map(itemgetter(cells.columns[name]), rows))
            start = len(cells.texts[name])
            cells.texts[name].extend(column)
            codes[name] = range(start, start + len(column))
        cells._add(rows, numbers, numbers, codes)
        return cells

    def _start_labels(self) -> None:
        for name in _LABELS:
            if name in self.columns and (
                (name != "source" or self.layout.one_plan)
                and (name != "plan" or not self.layout.one_plan)
            ):
                self.codes[name] = array("q")
                self.texts[name] = []
                self.index[name] = {}

    def _read(self, f: IO[str]) -> None:
        reader = csv.reader(f, strict=True)
        failed: list[csv.Error] = []
        records = _records(reader, failed)
        header = next(records, None)
        if header is None:
            if failed:
                self._malformed(f, failed[0], 1)
            else:
                self.problems.append(
                    (
                        (1, 0),
                        Problem(
                            "header",
                            Message("io.observations.empty_file"),
                            _NO_VALUE,
                            f"a header row such as {self.layout.example}",
                            line=1,
                        ),
                    )
                )
            return
        self._header(header)
        self._start_labels()
        self.next_record = 2
        done = reader.line_num
        self.next_line = done + 1
        while True:
            rows = list(itertools.islice(records, _CHUNK))
            if not rows:
                break
            now = reader.line_num
            first = self.next_record
            self.next_record += len(rows)
            lines: Sequence[int]
            numbers: Sequence[int]
            if now - done == len(rows) and set(map(len, rows)) == {self.width}:
                lines = range(done + 1, now + 1)  # one line each: the common case
                numbers = range(first, first + len(rows))
                self.next_line = now + 1
                codes = None if "plan" not in self.codes else self._codes(rows)
                if codes is None or not self.blank_plans.isdisjoint(codes["plan"]):
                    # no plan column (one plan's file), or an empty plan cell: drop blank rows
                    # before coding, so their cells are never coded or checked
                    lines, numbers, rows = self._own(lines, numbers, rows)
                    lines, numbers, rows = self._without_blank(rows, lines, numbers)
                    codes = self._codes(rows)
            else:
                lines, numbers, rows = self._irregular(rows, done + 1, first)
                lines, numbers, rows = self._own(lines, numbers, rows)
                codes = self._codes(rows)
            done = now
            self._add(rows, lines, numbers, codes)
        if failed:
            self._malformed(f, failed[0], self.next_line)

    def _add(
        self,
        rows: list[list[Any]],
        lines: Iterable[int],
        numbers: Iterable[int],
        codes: Mapping[str, Iterable[int]],
    ) -> None:
        """Append rows: their lines, row numbers, label codes and values."""
        self.lines.extend(lines)
        self.numbers_of_rows.extend(numbers)
        for name, column in codes.items():
            self.codes[name].extend(column)
        if "value" in self.columns:
            values = self._numbers(list(map(itemgetter(self.columns["value"]), rows)))
            if ("unit" in self.columns or self.layout.one_plan) and rows:
                self.numbers.append(values)
                self.number_rows.append(self.rows)
        self.rows += len(rows)

    def _header(self, cells: list[str]) -> None:
        """The known columns' indices and the header's width; problems of the header."""
        problems: list[Problem] = []
        self.columns, self.width = read_header(
            cells, problems, self.layout.columns, self.layout.required
        )
        self.problems.extend(((1, 0), p) for p in problems)

    def _without_blank(
        self, rows: list[list[str]], lines: Sequence[int], numbers: Sequence[int]
    ) -> tuple[Sequence[int], Sequence[int], list[list[str]]]:
        """Rows of one line each (at ``lines``, numbered ``numbers``), blank ones (every cell
        empty) dropped."""
        keep = [i for i, cells in enumerate(rows) if "".join(cells).strip()]
        if len(keep) == len(rows):
            return lines, numbers, rows
        return [lines[i] for i in keep], [numbers[i] for i in keep], [rows[i] for i in keep]

    def _own(
        self, lines: Sequence[int], numbers: Sequence[int], rows: list[list[str]]
    ) -> tuple[Sequence[int], Sequence[int], list[list[str]]]:
        """One plan's rows from a file with a ``plan`` column: those of other plans dropped
        (an empty plan cell is the plan's)."""
        at = self.columns.get("plan")
        if at is None or self.only is None:
            return lines, numbers, rows
        only = self.only
        keep = [
            i
            for i, cells in enumerate(rows)
            if cells[at] == only or cells[at].strip() in (only, "")
        ]
        if len(keep) == len(rows):
            return lines, numbers, rows
        return [lines[i] for i in keep], [numbers[i] for i in keep], [rows[i] for i in keep]

    def _irregular(
        self, rows: list[list[str]], line: int, number: int
    ) -> tuple[list[int], list[int], list[list[str]]]:
        """Rows that span lines (quoted line breaks), are blank or are not as wide as the
        header: their lines and numbers, and the rows cut or padded to its width (blank ones
        dropped)."""
        kept: list[list[str]] = []
        lines: list[int] = []
        numbers: list[int] = []
        width = self.width
        for i, cells in enumerate(rows):
            at = line
            line += 1 + sum(len(_LINE_BREAK.findall(c)) for c in cells if "\n" in c or "\r" in c)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > width:
                extra = tuple(c for c in cells[width:] if c.strip())
                if extra:
                    self.extra.setdefault(extra, []).append(self.rows + len(kept))
                cells = cells[:width]
            elif len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            kept.append(cells)
            lines.append(at)
            numbers.append(number + i)
        self.next_line = line
        return lines, numbers, kept

    def _codes(self, rows: list[list[str]]) -> dict[str, list[int]]:
        """The codes of a chunk's label cells (new distinct texts get new codes)."""
        out: dict[str, Any] = {}
        for name in self.codes:
            column = list(map(itemgetter(self.columns[name]), rows))
            index = self.index[name]
            codes = list(map(index.get, column))
            if None in codes:
                for text in column:
                    if text not in index:
                        if name == "plan" and not text.strip():
                            self.blank_plans.add(len(index))
                        index[text] = len(index)
                        self.texts[name].append(text)
                codes = list(map(index.__getitem__, column))
            out[name] = codes
        return out

    def _numbers(self, values: list[Any]) -> str:
        """Parse a chunk of values into ``floats``; returns them as plain decimals, joined
        by ``|``.

        A chunk of plain decimals (digits, a sign, a point between digits) is converted at
        once; any other chunk value by value, with the rules of ``read_number`` (thousands
        separators, full-width digits, scientific notation within the bounds; no nan or inf).
        """
        if not self.layout.records:
            joined = "|".join(values)
            if not joined.strip(_SIMPLE_NUMBER_CHARS) and not _LOOSE_DOT.search(joined):
                try:
                    parsed = list(map(float, values))
                except ValueError:  # "", "1-2", "+-1": checked one by one below
                    pass
                else:
                    self.floats.extend(parsed)
                    if parsed and (max(parsed) > _LARGEST or min(parsed) < -_LARGEST):
                        self._huge(values, parsed)
                    return joined
        numbers = []
        for i, raw in enumerate(values):
            text = raw.strip() if isinstance(raw, str) else ""
            if text.isascii() and NUMBER.match(text):  # maybe with thousands separators
                plain = text.replace(",", "")
            else:
                try:
                    plain = read_number(raw)[1]
                except BadValue:
                    key = raw if isinstance(raw, str) else (self.rows + i,)
                    self.bad_numbers.setdefault(key, []).append(self.rows + i)
                    self.bad_cells[key] = raw
                    plain = "nan"
            number = float(plain)
            if abs(number) > _LARGEST:  # nan (a bad number) is not
                self.huge.setdefault(raw if isinstance(raw, str) else plain, []).append(
                    self.rows + i
                )
            self.floats.append(number)
            numbers.append(plain)
        return "|".join(numbers)

    def number_texts(self, rows: np.ndarray) -> list[str]:
        """The plain decimals of ``rows`` (sorted), for exact unit conversion."""
        starts = np.array(self.number_rows, dtype=np.int64)
        chunk = np.searchsorted(starts, rows, side="right") - 1
        out: list[str] = []
        for part in np.split(np.arange(len(rows)), np.flatnonzero(np.diff(chunk)) + 1):
            if len(part):
                c = int(chunk[part[0]])
                texts = self.numbers[c].split("|")
                out.extend(texts[i] for i in (rows[part] - starts[c]).tolist())
        return out

    def number_text(self, row: int) -> str:
        """The plain decimal of one row (its chunk split once, for the next rows asked)."""
        c = bisect.bisect_right(self.number_rows, row) - 1
        if self._split[0] != c:
            self._split = (c, self.numbers[c].split("|"))
        return self._split[1][row - self.number_rows[c]]

    def _huge(self, values: list[str], parsed: list[float]) -> None:
        for i, (raw, number) in enumerate(zip(values, parsed, strict=True)):
            if abs(number) > _LARGEST:
                self.huge.setdefault(raw, []).append(self.rows + i)

    def _malformed(self, f: IO[str], exc: csv.Error, line: int) -> None:
        """Bad quoting: what follows cannot be read reliably; report it with its line."""
        number = self.next_record
        problem = Problem(
            f"row {number}" if self.layout.one_plan else "",
            Message("io.observations.malformed_csv", reason=str(exc)),
            _physical_line(f, line),
            'fields separated by commas, quotes doubled inside quoted fields ("")',
            line=line,
        )
        self.problems.append(((number, 0), problem))


def _records(reader: Iterator[list[str]], failed: list[csv.Error]) -> Iterator[list[str]]:
    """The reader's records, ending (with the error kept in ``failed``) at bad quoting."""
    try:
        yield from reader
    except csv.Error as exc:
        failed.append(exc)


def _physical_line(f: IO[str], line: int) -> Any:
    try:
        f.seek(0)
        text = next(itertools.islice(f, line - 1, None), None)
    except (OSError, ValueError, UnicodeDecodeError):  # defensive: the file was readable
        return _NO_VALUE
    if text is None:
        return _NO_VALUE
    return _LINE_BREAK.sub("", text.removeprefix("\ufeff"))


def _not_utf8(path: Path, name: str) -> Problem:
    """The first byte of the file that is not UTF-8, found a chunk at a time (the file may be
    gigabytes)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    read = lines = 0  # bytes read before the chunk, and the line breaks in them
    try:
        with open_bounded(path, limit=limits.MAX_TABLE_FILE_BYTES) as f:
            while chunk := f.read(1 << 20):
                pending = decoder.getstate()[0]  # the start of a character cut by the chunk
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    # exc.object is what was decoded: the pending bytes, then the chunk (after
                    # a byte-order mark at the very start, which the decoder skipped).
                    before = exc.object[: exc.start]
                    start = read - len(pending) + exc.start + _bom_skipped(read, chunk)
                    return Problem(
                        "",
                        Message("io.observations.not_utf8", byte=start),
                        bytes(exc.object[exc.start : exc.end]),
                        "a UTF-8 encoded file (保存为UTF-8编码; in Excel: CSV UTF-8)",
                        line=lines + before.count(b"\n") + 1,
                    )
                read += len(chunk)
                lines += chunk.count(b"\n")
    except (FileRefused, OSError) as exc:  # defensive: the file was readable a moment ago
        error = refused(exc, name) if isinstance(exc, FileRefused) else unreadable(exc, name)
        raise error from None
    raise AssertionError("unreachable: the file decoded")  # pragma: no cover


def _bom_skipped(read: int, chunk: bytes) -> int:
    """How many bytes of a byte-order mark the decoder skipped before ``chunk``'s text."""
    return len(codecs.BOM_UTF8) if read == 0 and chunk.startswith(codecs.BOM_UTF8) else 0


# -- checking the columns -----------------------------------------------------------------------
_EXPECTED_ALL = {
    "plan": "the id of one of the plans given",
    "indicator": "an indicator id of the row's plan",
    "period": PERIOD_EXPECTED,
    "value": NUMBER_EXPECTED,
    "unit": "a unit of the same kind as the indicator's, e.g. 万元 for an 亿元 indicator",
    "status": ObservationStatus.choices(),
    "comparator": "= (or an empty cell): an exact value",
    "row": "rows no wider than the header",
    "duplicate": "one row per plan, indicator, period and status",
}
#: What one plan's rows are told to hold, where it differs.
_EXPECTED_ONE = _EXPECTED_ALL | {
    "indicator": "an indicator id of the plan",
    "duplicate": "one row per indicator, period and status",
}

Explained = tuple[str | Message, Any, str]  # message, value, expected


class _Check:
    """Checks the columns by their distinct values, then builds the table (or, for one plan,
    the observations)."""

    def __init__(self, cells: _Cells, plans: list[Plan], name: str | None) -> None:
        self.cells = cells
        self.layout = cells.layout
        self.one_plan = cells.layout.one_plan
        self.expected = _EXPECTED_ONE if self.one_plan else _EXPECTED_ALL
        self.plans = plans
        self.name = name
        self.n = cells.rows
        self.lines = _int_array(cells.lines)
        self.numbers = _int_array(cells.numbers_of_rows)
        self.problems: list[_Keyed] = list(cells.problems)
        self.ok = np.ones(self.n, dtype=bool)  # rows without a problem so far
        self.codes = {k: _int_array(v) for k, v in cells.codes.items()}
        self.texts = cells.texts

    def check(self) -> _Check:
        """Check every column; raise every problem found at once."""
        if any(name not in self.cells.columns for name in self.layout.required):
            self.ok[:] = False  # reported with the header; the other columns are still checked
        self.plan = self.check_plans()
        self.group, self.indicators = self.check_indicators(self.plan)
        self.periods, period_key = self.check_periods()
        self.check_spans(self.group, self.indicators)
        self.check_values()
        self.statuses, status_key = self.check_statuses()
        self.comparators = self.check_comparators()
        self.sources = self.check_sources()
        self.convert = self.check_units(self.group, self.indicators)
        self.check_extra_fields()
        self.value = self.values(self.convert)
        self.check_duplicates(period_key, status_key)
        if self.problems:
            if self.one_plan:
                self.problems.sort(key=itemgetter(0))
            else:
                self.problems.sort(key=lambda keyed: _sort_key(keyed[1]))
            raise ObservationsError([p for _, p in self.problems], file=self.name)
        return self

    def table(self) -> ObservationTable:
        """The rows as an :class:`ObservationTable` (values in their indicators' units)."""
        codes = self.codes
        # A text of a blank row (dropped) may be no period: such codes are on no row.
        whole = [p or Period(limits.MIN_YEAR) for p in self.periods]
        return ObservationTable(
            plan=_pick([p.id for p in self.plans], self.plan),
            indicator=_pick([i.id for i in self.indicators], self.group),
            year=_pick([p.year for p in whole], codes["period"], np.int64),
            first_month=_pick([p.first_month for p in whole], codes["period"], np.int64),
            last_month=_pick([p.last_month for p in whole], codes["period"], np.int64),
            first_year=_pick([p.first_year for p in whole], codes["period"], np.int64),
            value=self.value,
            unit="",
            status=(
                _pick([s.value for s in self.statuses], codes["status"])
                if "status" in codes
                else ObservationStatus.ACTUAL.value
            ),
        )

    def observations(self) -> tuple[Observation, ...]:
        """The rows as observations, each in its indicator's unit: the number as written (an
        ``int`` when written without a point) when it needs no conversion, else the converted
        value and the text as written (``2153000万元``)."""
        written = self.cells.number_texts(np.arange(self.n)) if self.n else []
        unit_of: dict[int, Any] = {}
        for (unit, _), rows in self.convert.items():
            unit_of.update(dict.fromkeys(rows.tolist(), unit))
        column = {name: codes.tolist() for name, codes in self.codes.items()}
        return tuple(
            self._observation(r, written[r], unit_of.get(r), column) for r in range(self.n)
        )

    def observation(self, r: int) -> Observation:
        """Row ``r`` as :meth:`observations` makes it (one row: for the rows shown)."""
        written = self.cells.number_text(r)
        unit = next(
            (u for (u, _), rows in self.convert.items() if _holds(rows, r)),
            None,
        )
        return self._observation(r, written, unit, self.codes)

    def _observation(
        self, r: int, written: str, unit: Any, column: Mapping[str, Any]
    ) -> Observation:
        ind = self.indicators[self.group[r]]
        number = written.strip()
        magnitude: float | int = float(self.value[r])
        text = None
        if unit is not None:
            text = f"{number}{format_unit(unit)}"
        elif "." not in number and "e" not in number.lower():
            magnitude = int(number)
        return Observation(
            indicator=ind.id,
            period=self.periods[column["period"][r]],
            value=Quantity(magnitude, ind.unit),
            status=(
                self.statuses[column["status"][r]]
                if "status" in column
                else ObservationStatus.ACTUAL
            ),
            comparator=(
                self.comparators[column["comparator"][r]]
                if "comparator" in column
                else Comparator.EQ
            ),
            source=self.sources[column["source"][r]] if "source" in column else None,
            text=text,
        )

    def plan_table(self) -> ObservationTable:
        """One plan's rows as a table whose rows become observations only when shown
        (:meth:`observation`); bounds (以上 / 以下) kept."""
        table = self.table()
        bound = None
        if "comparator" in self.codes and self.comparators:
            eq = np.array([c is Comparator.EQ for c in self.comparators], dtype=bool)
            bound = ~eq[self.codes["comparator"]]
        table._rows_of_file(bound, self.observation)
        return table

    # -- collecting problems
    def report(
        self,
        column: str,
        bad: dict[Any, np.ndarray],
        explain: Callable[[Any], Explained],
        spoils: bool = True,
    ) -> None:
        """Problems of ``column``: ``bad`` maps each distinct bad thing to its rows (sorted);
        ``explain`` words it. In a table, the first few distinct ones are listed (each once,
        with its lines), the rest counted; for one plan, every bad row is listed. Unless
        ``spoils`` is false, the rows are not checked further (as duplicates)."""
        if not bad:
            return
        if spoils:
            for rows in bad.values():
                self.ok[rows] = False
        if self.one_plan:
            for key, rows in bad.items():
                self._row_problems(column, *explain(key), rows)
            return
        order = sorted(bad, key=lambda k: int(bad[k][0]))
        path = f"column {column}" if column in TABLE_COLUMNS else ""
        merged: dict[tuple[str | Message, str, str], tuple[Any, list[np.ndarray]]] = {}
        for key in order[:_SHOWN_PER_COLUMN]:
            message, value, expected = explain(key)
            found = merged.setdefault((message, repr(value), expected), (value, []))
            found[1].append(bad[key])
        for (message, _, expected), (value, parts) in merged.items():
            rows = np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]
            self.problems.append(((0, 0), self._problem(path, message, value, expected, rows)))
        rest = order[_SHOWN_PER_COLUMN:]
        if rest:
            rows = np.sort(np.concatenate([bad[k] for k in rest]))
            if column == "duplicate":
                more = Message("io.observations.more_duplicates", count=len(rest))
            elif column == "row":
                more = Message("io.observations.more_long_rows", count=len(rest))
            else:
                more = Message("io.observations.more_bad_values", count=len(rest))
            problem = self._problem(
                path,
                more,
                _NO_VALUE,
                _EXPECTED_ALL[column],
                rows,
            )
            self.problems.append(((0, 0), problem))

    def _problem(
        self, path: str, message: str | Message, value: Any, expected: str, rows: np.ndarray
    ) -> Problem:
        lines = self.lines[rows[: _SHOWN_LINES + 1]].tolist()
        if len(rows) == 1:
            return Problem(path, message, value, expected, line=lines[0])
        shown = lines if len(rows) <= _SHOWN_LINES + 1 else lines[:_SHOWN_LINES]
        return _OnRows(
            path, message, value, expected, line=lines[0], lines=tuple(shown), count=len(rows)
        )

    def _row_problems(
        self, column: str, message: str | Message, value: Any, expected: str, rows: np.ndarray
    ) -> None:
        """One problem per row, at ``row 3, column value`` (``records[3].value``)."""
        order = _ORDER[column]
        for r in rows.tolist():
            number = int(self.numbers[r])
            where = self._where(r)
            if column not in ("row", "duplicate"):
                where += f".{column}" if self.layout.records else f", column {column}"
            line = None if self.layout.records else int(self.lines[r])
            problem = Problem(where, message, value, expected, line=line)
            self.problems.append(((number, order), problem))

    def _where(self, r: int) -> str:
        """The row ``r`` in a problem's path: ``row 3`` or ``records[3]``."""
        number = int(self.numbers[r])
        return f"records[{number}]" if self.layout.records else f"row {number}"

    def label_rows(self, column: str, bad: Iterable[int]) -> dict[Any, np.ndarray]:
        """The rows of each bad code of a label column."""
        return _rows_by_code(self.codes[column], bad, len(self.texts[column]))

    def check_cells(
        self, column: str, read: Callable[[Any], Any], default: Any
    ) -> tuple[list[Any], dict[int, BadValue]]:
        """Read each distinct cell of a label column: what it holds (``default`` when bad)
        and its problems, reported."""
        found: list[Any] = []
        errors: dict[int, BadValue] = {}
        for c, raw in enumerate(self.texts[column]):
            try:
                found.append(read(raw))
            except BadValue as exc:
                errors[c] = exc
                found.append(default)
        self.report(column, self.label_rows(column, errors), lambda c: _explained(errors[c]))
        return found, errors

    # -- the checks, one per column
    def check_plans(self) -> np.ndarray:
        """Each row's plan: its index in ``plans``, -1 when bad (0 for one plan's rows)."""
        if self.one_plan:
            return np.zeros(self.n, dtype=np.int64)
        if "plan" not in self.codes:
            return np.full(self.n, -1, dtype=np.int64)
        where = {p.id: i for i, p in enumerate(self.plans)}
        texts = self.texts["plan"]
        index = [where.get(t.strip(), -1) for t in texts]
        ids = list(where)
        listed = ", ".join(ids[:5]) + (f" … ({len(ids):,} plans)" if len(ids) > 5 else "")
        predecessors = {
            p.predecessor.id: p.id
            for p in self.plans
            if p.predecessor is not None and p.predecessor.id not in where
        }

        def explain(code: int) -> Explained:
            raw = texts[code]
            text = raw.strip()
            if not text:
                return Message("io.observations.empty_value"), raw, _EXPECTED_ALL["plan"]
            expected = f"the id of one of the plans given: {listed or '(none given)'}"
            expected += did_you_mean(text, ids)
            if text in predecessors:
                expected += (
                    f" — {text!r} is the predecessor of {predecessors[text]!r} "
                    "(上一期规划): give that plan too to read its rows"
                )
            return Message("io.observations.unknown_plan"), raw, expected

        bad = [c for c, i in enumerate(index) if i < 0]
        self.report("plan", self.label_rows("plan", bad), explain)
        plan: np.ndarray = _pick(index, self.codes["plan"], np.int64)
        return plan

    def check_indicators(self, plan: np.ndarray) -> tuple[np.ndarray, list[Indicator]]:
        """Each row's group — the indicator of its plan, -1 when bad — and their indicators.

        Checked once per distinct (plan, indicator) pair.
        """
        group = np.full(self.n, -1, dtype=np.int64)
        indicators: list[Indicator] = []
        if "indicator" not in self.codes:
            return group, indicators
        codes = self.codes["indicator"]
        expected = self.expected["indicator"]
        ids, errors = self.check_cells("indicator", lambda raw: required_text(raw, expected), "")
        width = max(len(ids), 1)
        usable = plan >= 0
        pairs, inverse = np.unique(plan[usable] * width + codes[usable], return_inverse=True)
        inverse = inverse.reshape(-1)
        own: dict[int, dict[str, Indicator]] = {}
        pair_group = np.full(len(pairs), -1, dtype=np.int64)
        unknown: dict[str, list[int]] = {}  # indicator as written → its bad pairs
        groups: dict[tuple[int, str], int] = {}  # (plan, indicator id) → group: " a" is "a"
        for k, value in enumerate(pairs.tolist()):
            p, c = divmod(value, width)
            if c in errors:
                continue
            found = own.get(p)
            if found is None:
                found = own[p] = {ind.id: ind for ind in self.plans[p].indicators}
            ind = found.get(ids[c])
            if ind is None:
                unknown.setdefault(self.texts["indicator"][c], []).append(k)
            else:
                g = groups.setdefault((p, ind.id), len(indicators))
                if g == len(indicators):
                    indicators.append(ind)
                pair_group[k] = g
        group[usable] = pair_group[inverse]
        if unknown:
            row_pair = np.full(self.n, -1, dtype=np.int64)
            row_pair[usable] = inverse
            by_pair = _rows_by_code(
                row_pair, [k for ks in unknown.values() for k in ks], len(pairs)
            )
            bad = {
                raw: np.sort(np.concatenate([by_pair[k] for k in ks]))
                for raw, ks in unknown.items()
            }

            def explain(raw: str) -> Explained:
                plans = dict.fromkeys(int(pairs[k]) // width for k in unknown[raw])
                owners = [self.plans[p] for p in plans]
                expected = _indicator_expected(raw.strip(), owners, self.one_plan)
                return Message("io.observations.unknown_indicator"), raw, expected

            self.report("indicator", bad, explain)
        return group, indicators

    def check_periods(self) -> tuple[list[Period | None], np.ndarray]:
        """The period of each distinct text (None when bad), and a key per row (the same for
        ``2021`` and ``2021年``)."""
        if "period" not in self.codes:
            return [], np.full(self.n, -1, dtype=np.int64)
        periods, _ = self.check_cells("period", read_period, None)
        same: dict[Period, int] = {}
        keys = [-1 if p is None else same.setdefault(p, len(same)) for p in periods]
        return periods, _pick(keys, self.codes["period"], np.int64)

    def check_spans(self, group: np.ndarray, indicators: list[Indicator]) -> None:
        """Totals over a span of years (``2016-2020``) of indicators that are no flows
        (:func:`~fyp_planning.model.indicator.totals_over_years`), by (period, indicator)."""
        if "period" not in self.codes or not any(p is not None and p.is_span for p in self.periods):
            return
        spans = np.array([p is not None and p.is_span for p in self.periods] + [False])
        flows = np.array([totals_over_years(ind) for ind in indicators] + [True])
        codes = self.codes["period"]
        bad_rows = np.flatnonzero(spans[codes] & (group >= 0) & ~flows[group])
        bad: dict[Any, list[int]] = {}
        for row in bad_rows.tolist():
            bad.setdefault((int(codes[row]), int(group[row])), []).append(row)
        texts = self.texts["period"]

        def explain(key: Any) -> Explained:
            return Message("plan.flaw.span_not_flow"), texts[key[0]], SPAN_EXPECTED

        self.report("period", {k: np.array(v, dtype=np.int64) for k, v in bad.items()}, explain)

    def check_values(self) -> None:
        """Values that are not numbers, each distinct text worded by ``read_number`` (in a
        table only the first few: the rest are counted)."""
        if "value" not in self.cells.columns:
            return
        bad = {key: np.array(rows, dtype=np.int64) for key, rows in self.cells.bad_numbers.items()}

        def explain(key: Hashable) -> Explained:
            try:
                read_number(self.cells.bad_cells[key])
            except BadValue as exc:
                return _explained(exc)
            raise AssertionError(f"unreachable: {key!r} is a number")  # pragma: no cover

        self.report("value", bad, explain)

    def check_statuses(self) -> tuple[list[ObservationStatus], np.ndarray]:
        """The status of each distinct text, and a key per row (-1 when bad)."""
        if "status" not in self.codes:
            return [], np.full(self.n, _STATUS_KEY[ObservationStatus.ACTUAL], dtype=np.int64)
        found, errors = self.check_cells("status", read_status, ObservationStatus.ACTUAL)
        keys = [-1 if c in errors else _STATUS_KEY[s] for c, s in enumerate(found)]
        return found, _pick(keys, self.codes["status"], np.int64)

    def check_comparators(self) -> list[Comparator]:
        """The comparator of each distinct text. A table takes exact values only: a bound
        (以上 / 以下) would lose its meaning there."""
        if "comparator" not in self.codes:
            return []
        if self.one_plan:
            return self.check_cells("comparator", read_comparator, Comparator.EQ)[0]
        errors: dict[int, Explained] = {}
        for c, raw in enumerate(self.texts["comparator"]):
            try:
                found = read_comparator(raw)
            except BadValue as exc:
                errors[c] = _explained(exc)
                continue
            if found is not Comparator.EQ:
                errors[c] = (
                    Message(
                        "io.observations.bound_in_batch", symbol=found.symbol, label=found.label
                    ),
                    raw,
                    "= or an empty cell: an exact value (to judge bounds, read this plan's rows "
                    "with load_observations and assess, or `fyp progress PLAN --observations "
                    "FILE`)",
                )
        self.report("comparator", self.label_rows("comparator", errors), errors.__getitem__)
        return []

    def check_sources(self) -> list[str | None]:
        """The source of each distinct text (kept for one plan only)."""
        if "source" not in self.codes:
            return []
        return self.check_cells("source", read_source, None)[0]

    def check_units(
        self, group: np.ndarray, indicators: list[Indicator]
    ) -> dict[tuple[Any, Any], np.ndarray]:
        """Check each distinct (unit, indicator unit) pair with ``read_unit``; returns the rows
        whose values convert, by (unit, indicator unit)."""
        if "unit" not in self.codes:
            return {}
        texts = self.texts["unit"]
        dst_code: dict[Any, int] = {}
        dst_ind: list[Indicator] = []  # one indicator of each unit, for messages
        group_dst = np.zeros(len(indicators) + 1, dtype=np.int64)  # 0: no indicator
        for g, ind in enumerate(indicators):
            key = getattr(ind.unit, "_units", ind.unit)  # pint's units container: hashed fast
            d = dst_code.get(key)
            if d is None:
                d = dst_code[key] = len(dst_ind) + 1
                dst_ind.append(ind)
            group_dst[g + 1] = d
        width = len(dst_ind) + 1
        pairs, inverse = np.unique(
            self.codes["unit"] * width + group_dst[group + 1], return_inverse=True
        )
        inverse = inverse.reshape(-1)
        errors: dict[int, BadValue] = {}
        convert: dict[int, tuple[Any, Any]] = {}
        for k, value in enumerate(pairs.tolist()):
            u, d = divmod(value, width)
            owner = dst_ind[d - 1] if d else None
            try:
                unit = read_unit(texts[u], owner)
            except BadValue as exc:
                errors[k] = exc
                continue
            if unit is not None and owner is not None and unit != owner.unit:
                convert[k] = (unit, owner.unit)
        self.report(
            "unit", _rows_by_code(inverse, errors, len(pairs)), lambda k: _explained(errors[k])
        )
        by_units: dict[tuple[Any, Any], list[np.ndarray]] = {}  # " 万元" and "万元" alike
        for pair, rows in _rows_by_code(inverse, convert, len(pairs)).items():
            by_units.setdefault(convert[pair], []).append(rows)
        return {units: np.sort(np.concatenate(parts)) for units, parts in by_units.items()}

    def check_extra_fields(self) -> None:
        width = self.cells.width
        bad = {extra: np.array(rows, dtype=np.int64) for extra, rows in self.cells.extra.items()}
        self.report(
            "row",
            bad,
            lambda extra: (
                Message("io.observations.too_many_fields"),
                list(extra),
                f"at most {width} fields, as in the header",
            ),
            spoils=not self.one_plan,  # one plan's rows: the row's cells are still read
        )

    def values(self, convert: dict[tuple[Any, Any], np.ndarray]) -> np.ndarray:
        """Every value in its indicator's unit; numbers too large for a float are problems."""
        values = _float_array(self.cells.floats)
        huge = {raw: np.array(rows, dtype=np.int64) for raw, rows in self.cells.huge.items()}
        too_large_as_read = {row for rows in self.cells.huge.values() for row in rows}
        for (unit, target), rows in convert.items():
            rows = rows[self.ok[rows]]
            numbers = self.cells.number_texts(rows)
            values[rows] = _converted(numbers, unit, target)
            for i in np.flatnonzero(~np.isfinite(values[rows])).tolist():
                if int(rows[i]) in too_large_as_read:  # reported once, as read
                    continue
                found = huge.get(numbers[i], np.zeros(0, np.int64))
                huge[numbers[i]] = np.append(found, rows[i])
        self.report(
            "value",
            {raw: np.sort(rows) for raw, rows in huge.items()},
            lambda raw: (
                Message("io.observations.too_large"),
                raw,
                f"a number of magnitude at most {limits.MAX_MAGNITUDE:g}",
            ),
        )
        return values

    def check_duplicates(self, period_key: np.ndarray, status_key: np.ndarray) -> None:
        """The same plan, indicator, period and status twice, among rows otherwise good."""
        plan, group, indicators = self.plan, self.group, self.indicators
        good = np.flatnonzero(self.ok)
        if good.size < 2:
            return
        span = int(period_key[good].max()) + 1
        key = (group[good] * span + period_key[good]) * len(_STATUS_KEY) + status_key[good]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        again = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
        if not again.size:
            return
        rows = good[order[again]]
        first = good[order[np.searchsorted(ordered, ordered[again], side="left")]]
        bad = {f: np.sort(rows[at]) for f, at in _rows_by_code(first, first, self.n).items()}

        def explain(i: int) -> Explained:
            period = self.periods[self.codes["period"][i]]
            status = (
                self.statuses[self.codes["status"][i]]
                if self.statuses
                else ObservationStatus.ACTUAL
            )
            if self.one_plan:
                where = self._where(i) if self.layout.records else f"line {self.lines[i]}"
                value = f"{indicators[group[i]].id}, {period}, {status.value}"
                message = Message("io.observations.duplicate_row", where=where)
            else:
                value = f"{self.plans[plan[i]].id}, {indicators[group[i]].id}, {period}, {status}"
                message = Message("io.observations.duplicate_plan_row", line=int(self.lines[i]))
            return message, value, self.expected["duplicate"]

        self.report("duplicate", bad, explain)


_STATUS_KEY = {s: i for i, s in enumerate(ObservationStatus)}


def _holds(rows: np.ndarray, r: int) -> bool:
    """Whether the sorted ``rows`` hold ``r``."""
    at = int(np.searchsorted(rows, r))
    return at < len(rows) and int(rows[at]) == r


def _int_array(values: array[int]) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int64) if len(values) else np.zeros(0, np.int64)


def _float_array(values: array[float]) -> np.ndarray:
    return np.frombuffer(values, dtype=np.float64).copy() if len(values) else np.zeros(0)


def _pick(items: list[Any], codes: np.ndarray, dtype: Any = object) -> Any:
    """``items[code]`` for every code: a list of objects, or an array of ``dtype``."""
    if not len(codes):
        return [] if dtype is object else np.zeros(0, dtype=dtype)
    picked = np.array(items, dtype=dtype)[codes]
    return picked.tolist() if dtype is object else picked


def _rows_by_code(codes: np.ndarray, wanted: Iterable[Any], size: int) -> dict[int, np.ndarray]:
    """The rows (sorted) of each wanted code; codes below 0 are never wanted."""
    wanted = [int(w) for w in wanted]
    if not wanted or not len(codes):
        return {}
    mask = np.zeros(size + 1, dtype=bool)
    mask[np.array(wanted, dtype=np.int64) + 1] = True
    rows = np.flatnonzero(mask[codes + 1])
    if not rows.size:
        return {}
    picked = codes[rows]
    order = np.argsort(picked, kind="stable")
    rows, picked = rows[order], picked[order]
    cuts = np.flatnonzero(np.diff(picked)) + 1
    return {int(c[0]): r for c, r in zip(np.split(picked, cuts), np.split(rows, cuts), strict=True)}


def _explained(exc: BadValue) -> Explained:
    return exc.message, exc.value, exc.expected


def _indicator_expected(text: str, plans: list[Plan], one_plan: bool) -> str:
    ids = list(dict.fromkeys(ind.id for p in plans for ind in p.indicators))
    if len(plans) == 1:
        (plan,) = plans
        expected = f"an indicator id of plan {plan.id!r}{did_you_mean(text, ids)}"
    else:
        names = ", ".join(repr(p.id) for p in plans[:3])
        more = f" and {len(plans) - 3:,} more" if len(plans) > 3 else ""
        expected = (
            f"an indicator id of the row's plan (plans {names}{more} have none such)"
            f"{did_you_mean(text, ids)}"
        )
    olds = [p.predecessor for p in plans if p.predecessor is not None]
    old = next((o for o in olds if text in {i.id for i in o.indicators}), None)
    if old is not None:
        then = (
            "; load its observations against that plan"
            if one_plan
            else ": put that plan's id in the plan column, and give that plan too"
        )
        expected += (
            f" — {text!r} is an indicator of the predecessor plan {old.id!r} only "
            f"(上一期规划的指标){then}"
        )
    return expected


def _converted(numbers: list[str], unit: Any, target: Any) -> np.ndarray:
    """Decimal numbers in ``unit`` expressed in ``target``, by the decimal factor between the
    units: exact to the digits written (pint multiplies floats, and 1234567万元 would be
    123.45670000000001亿元)."""
    to_base = Decimal(repr(float(Quantity(1, unit).to_base_units().magnitude)))
    from_base = Decimal(repr(float(Quantity(1, target).to_base_units().magnitude)))
    offset = float(to_unit(Quantity(0.0, unit), target).magnitude)
    if offset != 0.0:  # defensive: units with an offset (temperatures) convert with pint
        return np.asarray(
            to_unit(Quantity(np.array([float(x) for x in numbers]), unit), target).magnitude,
            dtype=np.float64,
        )
    return np.array([float(Decimal(x) * to_base / from_base) for x in numbers], dtype=np.float64)


def _sort_key(problem: Problem) -> tuple[int, int]:
    order = problem.path.removeprefix("column ").split(",")[0]
    return (problem.line or 0, _ORDER.get(order, len(_ORDER)))
