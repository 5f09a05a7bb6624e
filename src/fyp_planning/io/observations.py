"""Observations from a tidy CSV file (or Python records), checked against a plan.

The file has one observation per row and a header row naming its columns::

    indicator,period,value,unit,status,source
    industrial_output,2021,215.3,亿元,actual,县统计局
    industrial_output,2022年1-9月,1780000,万元,预计,

``indicator``, ``period`` and ``value`` are required; ``unit``, ``status``, ``comparator`` and
``source`` are optional, as columns and as cells. Every problem of the file is reported at once,
as one :class:`~fyp_planning.errors.ObservationsError` whose problems carry the CSV line
(the header is line 1) and a path such as ``row 3, column value``.

Both functions are the rows of one plan read by the one observations reader,
:mod:`fyp_planning.io.observation_table` (the file has no ``plan`` column), turned into
:class:`~fyp_planning.Observation` objects; the rules for each cell are in
:mod:`fyp_planning.io._observation_rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import ObservationsError, Problem
from ..model.observation import Observation
from ..model.plan import Plan
from ..text import Message
from ._observation_rules import COLUMNS, REQUIRED_COLUMNS

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "load_observations", "observations_from_records"]


def load_observations(path: str | Path, plan: Plan) -> tuple[Observation, ...]:
    """Read observations of ``plan``'s indicators from a tidy CSV file.

    The file is UTF-8 (a byte-order mark, as Excel writes, is fine) with a header row. The
    columns are ``indicator``, ``period`` and ``value`` (required) and ``unit``, ``status``,
    ``comparator`` and ``source`` (optional), in any order. Each row:

    * ``indicator``: an indicator id of ``plan`` itself (not of its predecessor);
    * ``period``: a year (``2021``, ``2021年``), a part of one (``2021年1-9月``, ``2021年三季度``)
      or, for a flow's total over several years, a span of whole years (``2016-2020``,
      ``十三五期间``; for a stock, rate or share it is refused); a year written ``2021.0`` is
      refused;
    * ``value``: a number, without its unit;
    * ``unit``: the value's unit; the value is converted to the indicator's unit (万元 for an
      亿元 indicator is fine and exact to the decimal digits written; 亿度 is an error). Empty:
      the value is already in the indicator's unit;
    * ``status``: ``actual`` (default), ``estimate``, ``preliminary`` or 实际, 预计, 初步;
    * ``comparator``: ``=`` (default), ``>=`` / 以上, ``<=`` / 以下, for values given as bounds;
    * ``source``: free text, e.g. the statistical bulletin the value comes from.

    Blank lines are skipped. The same indicator, period and status twice is an error. A
    ``plan`` column (a file of many plans, as :func:`~fyp_planning.load_observation_table`
    reads) is allowed: the rows of other plans are skipped as the file is read, never checked
    nor made into observations; a row whose ``plan`` cell is empty is the plan's.

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
          - line 2: row 2, column period: a year written with a decimal point (年份不能带小数点); got '2021.0'; expected a year such as 2021, a part of a year such as '2021年1-9月', or a span of years such as '2016-2020' or '十三五'
          - line 2: row 2, column unit: unit does not convert to the indicator's unit 亿元 (单位不兼容); got '亿度'; expected a unit of the same kind as 亿元, e.g. 亿元 or 万元
    """
    _check_plan(plan)
    from .observation_table import read_one_plan  # numpy: imported on first use

    return read_one_plan(path, plan)


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
            [
                Problem(
                    "records",
                    Message("io.wrong_type"),
                    records,
                    "a list of dicts, one per observation",
                )
            ]
        )
    from .observation_table import one_plan_from_records  # numpy: imported on first use

    return one_plan_from_records(records, plan)


def _check_plan(plan: Any) -> None:
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, got {plan!r}")
