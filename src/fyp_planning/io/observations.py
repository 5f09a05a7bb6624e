"""Observations from a tidy CSV file (or Python records), checked against a plan.

The file has one observation per row and a header row naming its columns::

    indicator,period,value,unit,status,source
    industrial_output,2021,215.3,亿元,actual,县统计局
    industrial_output,2022年1-9月,1780000,万元,预计,

``indicator``, ``period`` and ``value`` are required; ``unit``, ``status``, ``comparator`` and
``source`` are optional, as columns and as cells. Every problem of the file is reported at once,
as one :class:`~fyp_planning.errors.ObservationsError` whose problems carry the CSV line
(the header is line 1) and a path such as ``row 3, column value``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pint

from ..errors import ObservationsError, Problem, UnitError, UnitMismatchError
from ..model._validators import FieldError
from ..model.enums import Comparator, ObservationStatus
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..units import Quantity, format_unit, is_bare, parse_quantity, parse_unit, to_unit
from ._schema import BadValue, did_you_mean

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "load_observations", "observations_from_records"]

#: The columns an observations file may have, in the order documented.
COLUMNS = ("indicator", "period", "value", "unit", "status", "comparator", "source")
#: The columns it must have.
REQUIRED_COLUMNS = ("indicator", "period", "value")

_NO_VALUE = Problem.NO_VALUE
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DECIMAL_YEAR = re.compile(r"^[+-]?\d+\.\d*$")
_INTEGER = re.compile(r"^\d+$")
_PERIOD_EXPECTED = "a year such as 2021, or a part of a year such as '2021年1-9月'"
_NUMBER_EXPECTED = "a number such as 215.3 (the unit goes in the unit column)"
_COLUMNS_TEXT = ", ".join(COLUMNS)


def load_observations(path: str | Path, plan: Plan) -> tuple[Observation, ...]:
    """Read observations of ``plan``'s indicators from a tidy CSV file.

    The file is UTF-8 (a byte-order mark, as Excel writes, is fine) with a header row. The
    columns are ``indicator``, ``period`` and ``value`` (required) and ``unit``, ``status``,
    ``comparator`` and ``source`` (optional), in any order. Each row:

    * ``indicator``: an indicator id of ``plan`` itself (not of its predecessor);
    * ``period``: a year (``2021``, ``2021年``) or a part of one (``2021年1-9月``, ``2021年三季度``);
      a year written ``2021.0`` is refused;
    * ``value``: a number, without its unit;
    * ``unit``: the value's unit; the value is converted to the indicator's unit (万元 for an
      亿元 indicator is fine and exact to the decimal digits written; 亿度 is an error). Empty:
      the value is already in the indicator's unit;
    * ``status``: ``actual`` (default), ``estimate``, ``preliminary`` or 实际, 预计, 初步;
    * ``comparator``: ``=`` (default), ``>=`` / 以上, ``<=`` / 以下, for values given as bounds;
    * ``source``: free text, e.g. the statistical bulletin the value comes from.

    Blank lines are skipped. The same indicator, period and status twice is an error.

    Args:
        path: The CSV file.
        plan: The plan whose indicators the rows refer to.

    Returns:
        The observations in file order, each in its indicator's unit, ready for
        :func:`fyp_planning.assess` (``observations=``).

    Raises:
        ObservationsError: the file cannot be read, is not UTF-8, or has any bad row; every
            problem is listed, with its line (the header is line 1) and a path such as
            ``row 3, column value``.

    Examples:
        >>> import pathlib, tempfile
        >>> from fyp_planning import Plan, Indicator, parse_unit
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "data.csv"
        >>> _ = path.write_text("indicator,period,value,unit,status\\n"
        ...                     "output,2021,215.3,,\\n"
        ...                     "output,2022年1-9月,1780000,万元,预计\\n", encoding="utf-8")
        >>> [(str(o.period), o.value, o.status.value) for o in load_observations(path, plan)]
        [('2021', <Quantity(215.3, 'yi_yuan')>, 'actual'),
         ('2022年1-9月', <Quantity(178.0, 'yi_yuan')>, 'estimate')]
        >>> _ = path.write_text("indicator,period,value,unit\\n"
        ...                     "output,2021.0,215.3,亿度\\n", encoding="utf-8")
        >>> load_observations(path, plan)
        Traceback (most recent call last):
        ...
        fyp_planning.errors.ObservationsError: ...: 2 problems in observations (观测数据有误)
          - line 2: row 2, column period: a year written with a decimal point (年份不能带小数点); got '2021.0'; expected a year such as 2021, or a part of a year such as '2021年1-9月'
          - line 2: row 2, column unit: unit does not convert to the indicator's unit 亿元 (单位不兼容); got '亿度'; expected a unit of the same kind as 亿元, e.g. 亿元 or 万元
    """
    _check_plan(plan)
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise unreadable(exc, name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ObservationsError(
            [
                Problem(
                    "",
                    f"not UTF-8 text (不是UTF-8编码) at byte {exc.start}",
                    data[exc.start : exc.end],
                    "a UTF-8 encoded file (保存为UTF-8编码; in Excel: CSV UTF-8)",
                    line=data[: exc.start].count(b"\n") + 1,
                )
            ],
            file=name,
        ) from None
    return _from_text(text, plan, name)


def observations_from_records(
    records: Iterable[Mapping[str, Any]], plan: Plan
) -> tuple[Observation, ...]:
    """Observations of ``plan``'s indicators from Python records (dicts), as from a CSV row.

    The keys and rules are those of :func:`load_observations`; besides text, ``period`` may
    be an ``int`` year and ``value`` an ``int`` or ``float``; ``None`` is an empty cell.

    Args:
        records: One mapping per observation.
        plan: The plan whose indicators the records refer to.

    Returns:
        The observations in order, each in its indicator's unit.

    Raises:
        ObservationsError: every problem found, with paths such as ``records[3].value``.

    Examples:
        >>> from fyp_planning import Plan, Indicator, parse_unit
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))])
        >>> (obs,) = observations_from_records(
        ...     [{"indicator": "output", "period": 2021, "value": 2153000, "unit": "万元"}], plan)
        >>> obs.value, obs.text
        (<Quantity(215.3, 'yi_yuan')>, '2153000万元')
        >>> observations_from_records([{"indicator": "outptu", "period": 2021, "value": 1}], plan)
        Traceback (most recent call last):
        ...
        fyp_planning.errors.ObservationsError: 1 problem in observations (观测数据有误)
          - records[0].indicator: unknown indicator (规划中没有该指标); got 'outptu'; expected an indicator id of plan 'demo' (did you mean 'output'?)
    """
    _check_plan(plan)
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise ObservationsError(
            [Problem("records", "wrong type", records, "a list of dicts, one per observation")]
        )
    reader = _Reader(plan)
    for i, record in enumerate(records):
        where = f"records[{i}]"
        if not isinstance(record, Mapping):
            reader.problems.append(Problem(where, "wrong type", record, "a dict (mapping)"))
            continue
        ok = True
        for key in record:
            if key not in COLUMNS:
                reader.problems.append(
                    Problem(
                        f"{where}.{key}",
                        "unknown key (未知字段)",
                        record[key],
                        f"one of: {_COLUMNS_TEXT}{did_you_mean(str(key), COLUMNS)}",
                    )
                )
        for key in REQUIRED_COLUMNS:
            if key not in record:
                reader.problems.append(
                    Problem(
                        f"{where}.{key}",
                        "required key missing (缺少必需字段)",
                        _NO_VALUE,
                        _EXPECTED[key],
                    )
                )
                ok = False
        if ok:
            cells = {k: v for k, v in record.items() if k in COLUMNS}
            reader.row(cells, where, ".", None, where)
    return reader.result(None)


# -- the file ---------------------------------------------------------------------------------
def _from_text(text: str, plan: Plan, name: str) -> tuple[Observation, ...]:
    reader = _Reader(plan)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: dict[str, int] = {}
    width = 0
    row = 0
    line_end = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # bad quoting: what follows cannot be read reliably
            physical = re.split(r"\r\n|\r|\n", text)
            reader.problems.append(
                Problem(
                    f"row {row + 1}",
                    f"malformed CSV (CSV格式错误): {exc}",
                    physical[line_end] if line_end < len(physical) else _NO_VALUE,
                    'fields separated by commas, quotes doubled inside quoted fields ("")',
                    line=line_end + 1,
                )
            )
            break
        row += 1
        line = line_end + 1
        line_end = rows.line_num
        if row == 1:
            columns, width = _header(cells, reader.problems)
            continue
        if not any(c.strip() for c in cells):  # a blank line, or a row of empty cells
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            reader.problems.append(
                Problem(
                    f"row {row}",
                    "more fields than the header has columns (字段数多于表头列数)",
                    extra,
                    f"at most {width} fields, as in the header",
                    line=line,
                )
            )
        values = {col: (cells[i] if i < len(cells) else "") for col, i in columns.items()}
        reader.row(values, f"row {row}", ", column ", line, f"line {line}")
    if row == 0:
        reader.problems.append(
            Problem(
                "header",
                "empty file: no header row (文件为空，缺少表头)",
                _NO_VALUE,
                f"a header row such as {','.join(COLUMNS[:5])},source",
                line=1,
            )
        )
    return reader.result(name)


def _header(
    cells: list[str],
    problems: list[Problem],
    known: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED_COLUMNS,
) -> tuple[dict[str, int], int]:
    """Column name -> index of the ``known`` columns, and the header's width; problems for
    unknown, repeated and missing (``required``) columns. Shared by the per-plan reader and
    :func:`~fyp_planning.load_observation_table` (whose columns add ``plan``)."""
    columns: dict[str, int] = {}
    for i, raw in enumerate(cells):
        name = raw.strip().lower()
        if name not in known:
            label = name or f"{i + 1} (no name)"
            problems.append(
                Problem(
                    f"header, column {label}",
                    "unknown column (未知列)",
                    raw,
                    f"columns: {', '.join(known)}{did_you_mean(name, known)}",
                    line=1,
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    f"header, column {name}",
                    "column appears more than once (列重复)",
                    raw,
                    "each column once",
                    line=1,
                )
            )
        else:
            columns[name] = i
    optional = [c for c in known if c not in required]
    for name in required:
        if name not in columns:
            problems.append(
                Problem(
                    f"header, column {name}",
                    "required column missing (缺少必需列)",
                    _NO_VALUE,
                    f"a header row with the columns {', '.join(required)} "
                    f"(optional: {', '.join(optional)})",
                    line=1,
                )
            )
    return columns, len(cells)


def unreadable(exc: OSError, name: str) -> ObservationsError:
    """The error for an observations file that cannot be opened or read."""
    problem = Problem(
        "",
        f"cannot read file (无法读取文件): {exc.strerror or exc}",
        name,
        "an existing, readable CSV file",
    )
    return ObservationsError([problem], file=name)


def _check_plan(plan: Any) -> None:
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, got {plan!r}")


# -- one row ----------------------------------------------------------------------------------
_EXPECTED = {
    "indicator": "an indicator id of the plan",
    "period": _PERIOD_EXPECTED,
    "value": _NUMBER_EXPECTED,
}


class _Reader:
    """Reads rows into observations, collecting problems and spotting repeated rows."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.indicators = {ind.id: ind for ind in plan.indicators}
        pred = plan.predecessor
        self.predecessor_ids = {ind.id for ind in pred.indicators} if pred else set()
        self.problems: list[Problem] = []
        self.observations: list[Observation] = []
        self.seen: dict[tuple[str, Period, ObservationStatus], str] = {}

    def result(self, file: str | None) -> tuple[Observation, ...]:
        if self.problems:
            raise ObservationsError(self.problems, file=file)
        return tuple(self.observations)

    def row(
        self, cells: Mapping[str, Any], where: str, sep: str, line: int | None, label: str
    ) -> None:
        """Check one row (``cells`` by column name); keep its observation or its problems.

        ``where`` names the row (``row 3``, ``records[3]``), ``sep`` joins it to a column
        (``, column `` or ``.``) and ``label`` names it in messages about repeated rows.
        """
        found: dict[str, Any] = {}
        before = len(self.problems)
        readers: tuple[tuple[str, Callable[[Any], Any]], ...] = (
            ("indicator", self._indicator),
            ("period", _period),
            ("value", _number),
            ("unit", lambda raw: _unit(raw, found.get("indicator"))),
            ("status", _status),
            ("comparator", _comparator),
            ("source", _source),
        )
        failed = False
        for column, read in readers:
            if column in REQUIRED_COLUMNS and column not in cells:
                failed = True  # a column missing from the header: reported there, once
                continue
            try:
                found[column] = read(cells.get(column))
            except BadValue as bad:
                self.problems.append(
                    Problem(
                        f"{where}{sep}{column}", bad.message, bad.value, bad.expected, line=line
                    )
                )
        if failed or len(self.problems) > before:
            return
        ind: Indicator = found["indicator"]
        unit: pint.Unit | None = found["unit"]
        number, written = found["value"]
        text = None
        if unit is None or unit == ind.unit:
            value = Quantity(_plain(number, written), ind.unit)
        else:
            value = Quantity(_convert(number, unit, ind.unit), ind.unit)
            text = f"{written}{format_unit(unit)}"
        try:
            obs = Observation(
                indicator=ind.id,
                period=found["period"],
                value=value,
                status=found["status"],
                comparator=found["comparator"],
                source=found["source"],
                text=text,
            )
        except (FieldError, ValueError, TypeError) as exc:  # defensive: checked above
            self.problems.append(Problem(f"{where}{sep}value", str(exc), value, line=line))
            return
        key = (obs.indicator, obs.period, obs.status)
        if key in self.seen:
            self.problems.append(
                Problem(
                    where,
                    f"duplicate row: same indicator, period and status as {self.seen[key]} "
                    "(重复行)",
                    f"{obs.indicator}, {obs.period}, {obs.status.value}",
                    "one row per indicator, period and status",
                    line=line,
                )
            )
            return
        self.seen[key] = label
        self.observations.append(obs)

    def _indicator(self, raw: Any) -> Indicator:
        text = _required_text(raw, _EXPECTED["indicator"])
        ind = self.indicators.get(text)
        if ind is not None:
            return ind
        expected = f"an indicator id of plan {self.plan.id!r}{did_you_mean(text, self.indicators)}"
        if text in self.predecessor_ids:
            expected += (
                f" — {text!r} is an indicator of the predecessor plan "
                f"{self.plan.predecessor.id!r} only (上一期规划的指标); "  # type: ignore[union-attr]
                "load its observations against that plan"
            )
        raise BadValue(raw, expected, "unknown indicator (规划中没有该指标)")


def _required_text(raw: Any, expected: str) -> str:
    text = _optional_text(raw, expected)
    if text is None:
        raise BadValue(raw, expected, "empty value (缺少数值)")
    return text


def _optional_text(raw: Any, expected: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BadValue(raw, f"text: {expected}", "wrong type")
    return raw.strip() or None


def _period(raw: Any) -> Period:
    if isinstance(raw, int) and not isinstance(raw, bool):
        try:
            return Period(raw)
        except ValueError as exc:
            raise BadValue(raw, _PERIOD_EXPECTED, f"not a year (年份有误): {exc}") from None
    if isinstance(raw, float):
        raise BadValue(
            raw, _PERIOD_EXPECTED, "a year written with a decimal point (年份不能带小数点)"
        )
    text = _required_text(raw, _PERIOD_EXPECTED)
    norm = unicodedata.normalize("NFKC", text)
    if _DECIMAL_YEAR.match(norm):
        raise BadValue(
            raw, _PERIOD_EXPECTED, "a year written with a decimal point (年份不能带小数点)"
        )
    if _INTEGER.match(norm):
        try:
            return Period(int(norm))
        except ValueError as exc:
            raise BadValue(raw, _PERIOD_EXPECTED, f"not a year (年份有误): {exc}") from None
    try:
        return Period.parse(text)
    except ValueError:
        raise BadValue(raw, _PERIOD_EXPECTED, "not a period (无法识别的时期)") from None


def _number(raw: Any) -> tuple[Decimal, str]:
    """The value as an exact decimal, and as written (for the observation's text)."""
    if isinstance(raw, bool):
        raise BadValue(raw, _NUMBER_EXPECTED, "wrong type")
    if isinstance(raw, int):
        return Decimal(raw), str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise BadValue(raw, _NUMBER_EXPECTED, "not a finite number (不是有效数字)")
        return Decimal(repr(raw)), repr(raw)
    text = _required_text(raw, _NUMBER_EXPECTED)
    norm = unicodedata.normalize("NFKC", text)
    if _NUMBER.match(norm):
        plain = norm.replace(",", "")
        return Decimal(plain), plain
    try:
        with_unit = not is_bare(parse_quantity(text))
    except UnitError:
        with_unit = False
    if with_unit:
        raise BadValue(
            raw,
            "the number alone in the value column and its unit in the unit column",
            "a value with its unit (数值中带单位)",
        )
    raise BadValue(raw, _NUMBER_EXPECTED, "not a number (不是数字)")


def _plain(number: Decimal, written: str) -> int | float:
    """The number as written: an int when written without a decimal point."""
    if "." in written or "e" in written.lower():
        return float(number)
    return int(number)


def _convert(number: Decimal, unit: pint.Unit, target: pint.Unit) -> float:
    """``number`` in ``unit`` expressed in ``target``, computed in decimal.

    pint multiplies floats (1234567万元 is 123.45670000000001亿元); the factor between the two
    units is taken in decimal instead, so 1234567万元 is 123.4567亿元 as written.
    """
    to_base = Decimal(repr(float(Quantity(1, unit).to_base_units().magnitude)))
    from_base = Decimal(repr(float(Quantity(1, target).to_base_units().magnitude)))
    exact = float(number * to_base / from_base)
    check = float(to_unit(Quantity(float(number), unit), target).magnitude)
    if not math.isclose(exact, check, rel_tol=1e-9, abs_tol=1e-12):  # defensive: offsets
        return check
    return exact


_UNIT_EXAMPLES = "亿元, 万元, 亿度, 万户, 家, 个, %, ‰, 百分点"


def _unit(raw: Any, ind: Indicator | None) -> pint.Unit | None:
    text = _optional_text(raw, "a unit such as 万元")
    if text is None:
        return None
    try:
        unit = parse_unit(text)
    except UnitError:
        raise BadValue(
            raw, f"a known unit, e.g. {_UNIT_EXAMPLES}", "unknown unit (未知单位)"
        ) from None
    if is_bare(Quantity(1, unit)):
        raise BadValue(
            raw,
            "the whole unit, e.g. 万元 rather than 万",
            "unit without what it counts (单位不完整)",
        )
    if ind is not None:
        try:
            to_unit(Quantity(1, unit), ind.unit)
        except UnitMismatchError:
            own = format_unit(ind.unit)
            same = _same_kind(ind.unit)
            raise BadValue(
                raw,
                f"a unit of the same kind as {own}{same}",
                f"unit does not convert to the indicator's unit {own} (单位不兼容)",
            ) from None
    return unit


def _same_kind(unit: pint.Unit) -> str:
    """Words naming units of the same kind as ``unit``: ``, e.g. 亿元 or 万元``."""
    own = format_unit(unit)
    for a, b in (("亿元", "万元"), ("亿度", "万度"), ("万户", "户"), ("万人", "人")):
        if own in (a, b):
            return f", e.g. {a} or {b}"
    return ""


def _status(raw: Any) -> ObservationStatus:
    text = _optional_text(raw, ObservationStatus.choices())
    if text is None:
        return ObservationStatus.ACTUAL
    try:
        return ObservationStatus.from_text(text.lower())  # type: ignore[return-value]
    except ValueError:
        raise BadValue(raw, ObservationStatus.choices(), "unknown status (未知状态)") from None


def _comparator(raw: Any) -> Comparator:
    text = _optional_text(raw, Comparator.choices())
    if text is None:
        return Comparator.EQ
    try:
        return Comparator.from_text(text.lower())  # type: ignore[return-value]
    except ValueError:
        raise BadValue(raw, Comparator.choices(), "unknown comparator (未知比较符)") from None


def _source(raw: Any) -> str | None:
    return _optional_text(raw, "text, e.g. the statistical bulletin the value comes from")
