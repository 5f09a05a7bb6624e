"""Observations of many plans as columns: :class:`~fyp_planning.ObservationTable`.

National data (2,844 counties × 40 indicators × 10 years) for
:func:`~fyp_planning.evaluate_many` and :class:`~fyp_planning.PlanBatch`: numpy arrays, label
columns coded once, never looped over in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import limits
from ..model.enums import ObservationStatus
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..units import Quantity, parse_unit
from ._data import STATUS_RANK

__all__ = ["ObservationTable"]

_STATUS_OF_RANK = {rank: status for status, rank in STATUS_RANK.items()}


def _codes(values: Any, n: int, what: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column of labels, and the labels (a single label fills the column)."""
    if isinstance(values, str):
        return np.zeros(n, dtype=np.int64), [values]
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if len(items) != n:
        raise ValueError(f"column {what} has {len(items)} values, expected {n}")
    index: dict[Any, int] = dict.fromkeys(items, 0)  # labels in order of first appearance
    if not all(type(k) is str for k in index):  # numbers, numpy strings: compare as text
        items = [str(x) for x in items]
        index = dict.fromkeys(items, 0)
    for code, label in enumerate(index):
        index[label] = code
    return np.fromiter(map(index.__getitem__, items), np.int64, n), list(index)


def _int_column(values: Any, n: int, default: int, what: str) -> np.ndarray:
    if values is None:
        return np.full(n, default, dtype=np.int64)
    out = np.asarray(values)
    if out.ndim == 0:
        out = np.full(n, out)
    if out.shape != (n,):
        raise ValueError(f"column {what} has shape {out.shape}, expected ({n},)")
    if out.dtype.kind not in "iu" and n:
        raise TypeError(f"column {what} must hold integers, got {out.dtype}")
    return out.astype(np.int64)


class ObservationTable:
    """Observations of many plans as columns (numpy arrays): national data for
    :func:`~fyp_planning.evaluate_many`, never looped over in Python.

    One row per observation, like the tidy CSV of :func:`~fyp_planning.load_observations`
    with a ``plan`` column in front. Label columns (plan, indicator, unit, status) are coded
    once here; a single string fills a whole column.

    Args:
        plan: Plan id of each row.
        indicator: Indicator id of each row.
        year: Year of each row (four digits).
        value: Value of each row, a number.
        unit: Unit of each row (``"万元"``), or one unit for every row; empty or ``None``:
            the value is already in its indicator's unit. Units with no measure (``万``,
            ``亿``) are never guessed: such rows are skipped, as :func:`~fyp_planning.assess`
            skips values without a stated unit.
        status: ``actual`` (default), ``estimate``, ``preliminary`` (or 实际, 预计, 初步) for
            each row, or one for every row.
        first_month: First month of each row's period (default 1).
        last_month: Last month of each row's period (default 12): ``2023, 1, 9`` is
            2023年1-9月.
        first_year: First year of each row's period (default: its ``year``): a row whose
            first year is before its year is a total over that span of whole years
            (``2016``, ``2020`` is 2016-2020), which evaluation never takes as a level.

    Raises:
        ValueError: columns of different lengths, a year outside 1000–9999, months outside
            1–12 or reversed, a first year after its year, a span of part-years or of more
            than ``limits.MAX_SPAN_YEARS`` years, a value that is not finite, or an unknown
            status.

    Examples:
        >>> from fyp_planning import ObservationTable
        >>> table = ObservationTable(plan=["a", "a", "b"], indicator="output",
        ...                          year=[2021, 2022, 2022], value=[210.0, 2290000, 35.5],
        ...                          unit=["亿元", "万元", "亿元"])
        >>> len(table), table.plans, table.indicators
        (3, ['a', 'b'], ['output'])
    """

    def __init__(
        self,
        *,
        plan: Sequence[str] | str,
        indicator: Sequence[str] | str,
        year: Any,
        value: Any,
        unit: Sequence[str] | str | None = None,
        status: Sequence[str] | str | None = None,
        first_month: Any = None,
        last_month: Any = None,
        first_year: Any = None,
    ) -> None:
        self.value = np.asarray(value, dtype=np.float64)
        if self.value.ndim != 1:
            raise ValueError(f"column value must be one-dimensional, got shape {self.value.shape}")
        n = len(self.value)
        if not np.isfinite(self.value).all():
            raise ValueError("column value has values that are not finite numbers")
        self.year = _int_column(year, n, 0, "year")
        if n and not ((self.year >= 1000) & (self.year <= 9999)).all():
            raise ValueError("column year must hold four-digit years (1000–9999)")
        self.first_month = _int_column(first_month, n, 1, "first_month")
        self.last_month = _int_column(last_month, n, 12, "last_month")
        bad = (self.first_month < 1) | (self.last_month > 12) | (self.first_month > self.last_month)
        if bad.any():
            raise ValueError("months must lie in 1–12, the first no later than the last")
        self.first_year = _int_column(
            self.year if first_year is None else first_year, n, 0, "first_year"
        )
        #: Which rows are totals over a span of years (never a level of one year).
        self.span = self.first_year < self.year
        bad = (self.first_year > self.year) | (
            self.span
            & (
                (self.first_month != 1)
                | (self.last_month != 12)
                | (self.year - self.first_year >= limits.MAX_SPAN_YEARS)
            )
        )
        if bad.any():
            raise ValueError(
                "a span of years runs from its first year to a later year, over whole years, "
                f"at most {limits.MAX_SPAN_YEARS} of them"
            )
        self.plan_codes, self.plans = _codes(plan, n, "plan")
        self.indicator_codes, self.indicators = _codes(indicator, n, "indicator")
        self.unit_codes, self.units = _codes("" if unit is None else unit, n, "unit")
        status_codes, status_names = _codes(
            ObservationStatus.ACTUAL.value if status is None else status, n, "status"
        )
        ranks = np.array(
            [STATUS_RANK[ObservationStatus.from_text(s)] for s in status_names], dtype=np.int64
        )
        self.status_rank = ranks[status_codes]
        #: Which rows are bounds (以上 / 以下) rather than exact values (``None`` when none is).
        self.bound: np.ndarray | None = None
        self._make: Callable[[int], Observation] | None = None
        self._parsed: dict[str, Any] = {}  # unit text → unit

    def _rows_of_file(self, bound: np.ndarray | None, make: Callable[[int], Observation]) -> None:
        """For the reader of one plan's file: the rows given as bounds, and how a row becomes
        the observation the file's reader would have made (number as written, source)."""
        self.bound = bound
        self._make = make

    def observation(self, row: int, plan: Plan) -> Observation:
        """Row ``row`` (of ``plan``) as an observation, as :meth:`observations` makes it — or,
        for a table read from a plan's file, as that file's reader makes it (the number as
        written, a bound, the source).

        Examples:
            >>> from fyp_planning import Indicator, ObservationTable, Plan, parse_unit
            >>> plan = Plan(id="a", region="示例县", title="示例规划", start_year=2021,
            ...             end_year=2025, indicators=[Indicator(id="output", name="产值",
            ...                                                  unit=parse_unit("亿元"))])
            >>> table = ObservationTable(plan="a", indicator="output", year=[2021, 2022],
            ...                          value=[210.0, 229.0], status="预计")
            >>> obs = table.observation(1, plan)
            >>> str(obs.period), obs.value, obs.status.value
            ('2022', <Quantity(229.0, 'yi_yuan')>, 'estimate')
        """
        if self._make is not None:
            return self._make(row)
        unit_text = self.units[self.unit_codes[row]]
        indicator = self.indicators[self.indicator_codes[row]]
        return Observation(
            indicator=indicator,
            period=Period(
                int(self.year[row]),
                int(self.first_month[row]),
                int(self.last_month[row]),
                first_year=int(self.first_year[row]),
            ),
            value=Quantity(
                float(self.value[row]),
                self._unit(unit_text) if unit_text else plan.indicator(indicator).unit,
            ),
            status=_STATUS_OF_RANK[int(self.status_rank[row])],
        )

    def _unit(self, text: str) -> Any:
        found = self._parsed.get(text)
        if found is None:
            found = self._parsed[text] = parse_unit(text)
        return found

    def __len__(self) -> int:
        return len(self.value)

    def __repr__(self) -> str:
        return f"<ObservationTable: {len(self)} rows, {len(self.plans)} plans>"

    def observations(self, plan: Plan) -> tuple[Observation, ...]:
        """The rows of one plan (those whose ``plan`` is ``plan.id``) as observations, in
        table order: for :func:`~fyp_planning.assess` (``observations=``), or to look at.

        Args:
            plan: The plan; a row with an empty unit is in its indicator's unit.

        Returns:
            One :class:`~fyp_planning.Observation` per row, its value in the row's unit (a
            unit with no measure, such as ``万``, stays bare, as ``assess`` expects), its
            period from the year and months, its status from the status column.

        Raises:
            KeyError: a row with an empty unit names an indicator ``plan`` does not have.
            fyp_planning.UnitError: a row's unit cannot be read.

        Examples:
            >>> from fyp_planning import Indicator, ObservationTable, Plan, parse_unit
            >>> plan = Plan(id="a", region="示例县", title="示例规划", start_year=2021,
            ...             end_year=2025, indicators=[Indicator(id="output", name="产值",
            ...                                                  unit=parse_unit("亿元"))])
            >>> table = ObservationTable(plan=["a", "b", "a"], indicator="output",
            ...                          year=[2021, 2021, 2022], value=[210.0, 3.5, 2290000],
            ...                          unit=["", "", "万元"], status=["实际", "实际", "预计"],
            ...                          last_month=[12, 12, 9])
            >>> [(str(o.period), f"{o.value:~}", o.status.value) for o in table.observations(plan)]
            [('2021', '210.0 亿元', 'actual'), ('2022年1-9月', '2290000.0 万元', 'estimate')]
        """
        if plan.id not in self.plans:
            return ()
        rows = np.flatnonzero(self.plan_codes == self.plans.index(plan.id)).tolist()
        return tuple(self.observation(r, plan) for r in rows)
