"""Progress of many plans at once, in numpy arrays: :func:`~fyp_planning.evaluate_many`.

:func:`~fyp_planning.assess` judges one plan with pint quantities; each pint operation costs
10–20 µs, so a national data set (2,844 counties × 40 indicators × 10 years) would take
minutes. :func:`~fyp_planning.evaluate_many` gives the same verdicts for many plans in one pass:

1. *gather* — one row per (plan, target), plus one per indicator with observations but no
   target, in :func:`~fyp_planning.assess`'s order; observations become arrays of magnitudes.
   Units are applied once per (unit, indicator unit) pair: pint computes the conversion
   factor once, numpy multiplies the whole column by it. Observations can come as
   :class:`~fyp_planning.Observation` objects or, for national data, as an
   :class:`~fyp_planning.ObservationTable` of columns, which is never looped over in Python;
2. *pick* — the baseline and the latest value of every row, by the scalar API's rules (whole
   years before part-years, actual before preliminary before estimate, then the later in
   order), with ``np.maximum.at`` over packed integer keys;
3. *judge* — rates, ratios, projections and verdicts with vectorised numpy for every branch of
   :class:`~fyp_planning.OpenSDGMethod` and :class:`~fyp_planning.UNSDMethod`.

The result, a :class:`~fyp_planning.BatchResult`, keeps the arrays and exports a tidy table.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..errors import UnitMismatchError
from ..model.enums import Comparator, Direction, GrowthMode, IndicatorKind, ObservationStatus
from ..model.indicator import Indicator
from ..model.plan import Plan
from ..model.targets import CoverageTarget, GrowthTarget, RateTarget, ReductionTarget, Target
from ..units import Quantity, format_unit, is_bare, parse_unit
from ._data import gather
from .assess import _DEFAULT_METHOD, _method
from .assessment import Verdict
from .methods import TOLERANCE, Method, OpenSDGMethod, Track, UNSDMethod

__all__ = ["RECORD_COLUMNS", "BatchResult", "ObservationTable", "evaluate_many"]

#: The columns of :meth:`~fyp_planning.BatchResult.to_records` (and of the CSV and Parquet exports).
RECORD_COLUMNS = (
    "plan",
    "indicator",
    "target",
    "year",
    "unit",
    "baseline",
    "latest",
    "target_value",
    "required_rate",
    "actual_rate",
    "rate_kind",
    "ratio",
    "verdict",
    "verdict_label",
)

_VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
_CODE = {v: i for i, v in enumerate(_VERDICTS)}
_ACHIEVED, _INSUFFICIENT = _CODE[Verdict.ACHIEVED], _CODE[Verdict.INSUFFICIENT_DATA]
_SUBSTANTIAL, _MODERATE = _CODE[Verdict.SUBSTANTIAL], _CODE[Verdict.MODERATE]
_LIMITED, _DETERIORATION = _CODE[Verdict.LIMITED], _CODE[Verdict.DETERIORATION]
_ON_TRACK, _FAIR, _POOR = _CODE[Verdict.ON_TRACK], _CODE[Verdict.FAIR], _CODE[Verdict.POOR]

_STATUS_RANK = {
    ObservationStatus.ACTUAL: 2,
    ObservationStatus.PRELIMINARY: 1,
    ObservationStatus.ESTIMATE: 0,
}
_CMP = {Comparator.GE: 1, Comparator.LE: -1, Comparator.EQ: 0}
_MIRROR = {1: -1, -1: 1, 0: 0}

# kinds of rows
_NO_TARGET, _LEVEL, _GROWTH_ANNUAL, _GROWTH_TOTAL, _RATE = 0, 1, 2, 3, 4

_LOW32 = (1 << 32) - 1
_YEAR0 = 1000  # periods are four-digit years


class _Units:
    """Units as small integer codes, with conversion factors and unit facts each computed once
    with pint and then reused.

    Codes are found by the identity of pint's units container (quantities made with the same
    unit share it) and then by its value, so that no pint object is hashed per value.
    """

    def __init__(self) -> None:
        self.unit: list[Any] = []  # code → pint unit
        self._by_id: dict[int, int] = {}
        self._by_value: dict[Any, int] = {}
        self._keep: list[Any] = []  # containers whose id() is a key: kept alive
        self._bare: list[bool | None] = []
        self._factor: dict[tuple[int, int], float | None] = {}
        self._text: dict[int, str] = {}
        self.percent_factors = (
            float(Quantity(1.0, "dimensionless").to("percent").magnitude),
            float(Quantity(1.0, "percent").to("dimensionless").magnitude),
        )
        self.hundred_percent = Quantity(100, "percent")
        self.dimensionless = self.key(Quantity(1.0, "dimensionless"))

    def key(self, obj: Any) -> int:
        """The code of the unit of a quantity, or of a unit."""
        container = getattr(obj, "_units", None)
        found = self._by_id.get(id(container))
        if found is not None:
            return found
        unit = obj.units if hasattr(obj, "magnitude") else obj
        value = container if container is not None else str(unit)
        found = self._by_value.get(value)
        if found is None:
            found = self._by_value[value] = len(self.unit)
            self.unit.append(unit)
            self._bare.append(None)
        if container is not None:
            self._by_id[id(container)] = found
            self._keep.append(container)
        return found

    def bare(self, code: int) -> bool:
        """Whether values in this unit were written without one (nothing, 万, 亿)."""
        found = self._bare[code]
        if found is None:
            found = self._bare[code] = is_bare(Quantity(1, self.unit[code]))
        return found

    def factor(self, src: int, dst: int) -> float | None:
        """The factor converting magnitudes from ``src`` to ``dst`` (``None`` if impossible).

        ``1.0 * factor`` is pint's own factor, so ``value * factor`` is bit for bit what
        ``Quantity(value, src).to(dst)`` gives.
        """
        pair = (src, dst)
        found = self._factor.get(pair, False)
        if found is False:
            if src == dst:
                found = 1.0
            else:
                try:
                    q = Quantity(1.0, self.unit[src]).to(self.unit[dst])
                    found = float(q.magnitude)
                except Exception:  # pint's DimensionalityError
                    found = None
            self._factor[pair] = found
        return found  # type: ignore[return-value]

    def convert(self, value: Any, dst: int, what: str) -> float:
        """One quantity's magnitude in ``dst`` (targets and limits: once per row)."""
        src = self.key(value)
        factor = self.factor(src, dst)
        if factor is None:
            raise UnitMismatchError(what, value.units, self.unit[dst])
        magnitude = value.magnitude
        return float(magnitude if src == dst else magnitude * factor)

    def text(self, code: int) -> str:
        found = self._text.get(code)
        if found is None:
            found = self._text[code] = format_unit(self.unit[code])
        return found


# -- observations as columns --------------------------------------------------------------
def _codes(values: Any, n: int, what: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column of labels, and the labels (a single label fills the column)."""
    if isinstance(values, str):
        return np.zeros(n, dtype=np.int64), [values]
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if len(items) != n:
        raise ValueError(f"column {what} has {len(items)} values, expected {n}")
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(str(x), len(index)) for x in items), np.int64, n)
    return codes, list(index)


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

    Raises:
        ValueError: columns of different lengths, a year outside 1000–9999, months outside
            1–12 or reversed, a value that is not finite, or an unknown status.

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
        self.plan_codes, self.plans = _codes(plan, n, "plan")
        self.indicator_codes, self.indicators = _codes(indicator, n, "indicator")
        self.unit_codes, self.units = _codes("" if unit is None else unit, n, "unit")
        status_codes, status_names = _codes(
            ObservationStatus.ACTUAL.value if status is None else status, n, "status"
        )
        ranks = np.array(
            [_STATUS_RANK[ObservationStatus.from_text(s)] for s in status_names], dtype=np.int64
        )
        self.status_rank = ranks[status_codes]

    def __len__(self) -> int:
        return len(self.value)

    def __repr__(self) -> str:
        return f"<ObservationTable: {len(self)} rows, {len(self.plans)} plans>"


# -- gathering ----------------------------------------------------------------------------
class _Gather:
    """Rows (targets) and observations of many plans, as Python lists then numpy arrays."""

    def __init__(self) -> None:
        self.units = _Units()
        # per group (plan × indicator)
        self.g_unit: list[int] = []
        self.g_bare: list[bool] = []
        self.g_linear: list[bool] = []
        self.g_sense: list[int] = []
        self.g_binding: list[bool] = []
        self.g_limit: list[float] = []
        self.g_indicator: list[Indicator] = []
        self.g_any: list[bool] = []
        # per observation
        self.o_group: list[int] = []
        self.o_year: list[int] = []
        self.o_first: list[int] = []
        self.o_last: list[int] = []
        self.o_rank: list[int] = []
        self.o_magnitude: list[float] = []
        self.o_factor: list[float] = []
        self.o_value: np.ndarray = np.zeros(0)
        # per row
        self.r_plan: list[int] = []
        self.r_group: list[int] = []
        self.r_target: list[Target | None] = []
        self.r_kind: list[int] = []
        self.r_cmp: list[int] = []
        self.r_year: list[int] = []
        self.r_base: list[int] = []
        self.r_end: list[int] = []
        self.r_level: list[float] = []
        self.r_rate: list[float] = []
        # the years of rate targets: (row, year) pairs
        self.q_row: list[int] = []
        self.q_year: list[int] = []

    def indicators(self, plan: Plan) -> dict[str, int]:
        units = self.units
        groups = {}
        for ind in plan.indicators:
            groups[ind.id] = len(self.g_unit)
            key = units.key(ind.unit)
            self.g_unit.append(key)
            self.g_bare.append(units.bare(key))
            self.g_linear.append(ind.growth is GrowthMode.LINEAR)
            self.g_sense.append(1 if ind.direction is Direction.HIGHER else -1)
            self.g_binding.append(ind.kind is IndicatorKind.BINDING)
            limit = math.nan if ind.limit is None else units.convert(ind.limit, key, "value")
            self.g_limit.append(limit)
            self.g_indicator.append(ind)
            self.g_any.append(False)
        return groups

    def observations(self, plan: Plan, groups: dict[str, int], extra: Any) -> None:
        units = self.units
        g_any, g_unit, g_bare = self.g_any, self.g_unit, self.g_bare
        o_group, o_year, o_first, o_last = self.o_group, self.o_year, self.o_first, self.o_last
        o_rank, o_magnitude, o_factor = self.o_rank, self.o_magnitude, self.o_factor
        for obs in gather(plan, extra):
            g = groups[obs.indicator]
            g_any[g] = True
            q = obs.value
            src = units.key(q)
            if units.bare(src) and not g_bare[g]:
                continue  # no unit stated: never guessed
            factor = units.factor(src, g_unit[g])
            if factor is None:
                raise UnitMismatchError(
                    f"observation of {obs.indicator} ({obs.period})", q.units, units.unit[g_unit[g]]
                )
            period = obs.period
            o_group.append(g)
            o_year.append(period.year)
            o_first.append(period.first_month)
            o_last.append(period.last_month)
            o_rank.append(_STATUS_RANK[obs.status])
            o_magnitude.append(q.magnitude)
            o_factor.append(factor)

    def targets(self, p: int, plan: Plan, groups: dict[str, int]) -> None:
        units = self.units
        by_indicator: dict[str, list[Target]] = {}
        for target in plan.targets:
            by_indicator.setdefault(target.indicator, []).append(target)
        for ind in plan.indicators:
            g = groups[ind.id]
            own = by_indicator.get(ind.id, ())
            if not own:
                if self.g_any[g]:
                    self._row(p, g, None, _NO_TARGET, 0, 0, plan.base_year, plan.end_year)
                continue
            dst = self.g_unit[g]
            for target in own:
                what = f"target of {ind.id}"
                cmp = _CMP[target.comparator]
                level = rate = math.nan
                base = plan.base_year
                if isinstance(target, RateTarget):
                    kind = _RATE
                    value = target.value
                    if not (units.bare(units.key(value)) and not self.g_bare[g]):
                        level = units.convert(value, dst, what)
                        row = len(self.r_plan)
                        for year in sorted(set(target.years or plan.years)):
                            self.q_row.append(row)
                            self.q_year.append(year)
                elif isinstance(target, GrowthTarget):
                    sign = -1.0 if isinstance(target, ReductionTarget) else 1.0
                    if sign < 0:
                        cmp = _MIRROR[cmp]
                    rate = sign * units.convert(target.rate, units.dimensionless, what)
                    kind = _GROWTH_ANNUAL if target.annual else _GROWTH_TOTAL
                    if target.base_year is not None:
                        base = target.base_year
                else:
                    kind = _LEVEL
                    if isinstance(target, CoverageTarget):
                        level = units.convert(units.hundred_percent, dst, what)
                    else:
                        value = target.value  # type: ignore[attr-defined]
                        if not (units.bare(units.key(value)) and not self.g_bare[g]):
                            level = units.convert(value, dst, what)
                self._row(p, g, target, kind, cmp, target.year, base, target.year, level, rate)

    def row_arrays(self) -> list[np.ndarray]:
        """The rows (and the years of rate targets) as arrays."""
        return [
            np.asarray(self.r_plan, dtype=np.int64),
            np.asarray(self.r_group, dtype=np.int64),
            np.asarray(self.r_kind, dtype=np.int64),
            np.asarray(self.r_cmp, dtype=np.int64),
            np.asarray(self.r_year, dtype=np.int64),
            np.asarray(self.r_base, dtype=np.int64),
            np.asarray(self.r_end, dtype=np.float64),
            np.asarray(self.r_level, dtype=np.float64),
            np.asarray(self.r_rate, dtype=np.float64),
            np.asarray(self.g_sense, dtype=np.int64),
            np.asarray(self.g_linear, dtype=bool),
            np.asarray(self.g_binding, dtype=bool),
            np.asarray(self.g_limit, dtype=np.float64),
            np.asarray(self.q_row, dtype=np.int64),
            np.asarray(self.q_year, dtype=np.int64),
        ]

    def _row(
        self,
        p: int,
        g: int,
        target: Target | None,
        kind: int,
        cmp: int,
        year: int,
        base: int,
        end: int,
        level: float = math.nan,
        rate: float = math.nan,
    ) -> None:
        self.r_plan.append(p)
        self.r_group.append(g)
        self.r_target.append(target)
        self.r_kind.append(kind)
        self.r_cmp.append(cmp)
        self.r_year.append(year)
        self.r_base.append(base)
        self.r_end.append(end)
        self.r_level.append(level)
        self.r_rate.append(rate)

    def table(self, table: ObservationTable, plan_groups: list[dict[str, int]], ids: list[str]):
        """The table's rows as observation arrays (group, year, months, rank, magnitude,
        factor), in table order; every row refers to a plan and one of its indicators."""
        where = {pid: i for i, pid in enumerate(ids)}
        unknown = [p for p in table.plans if p not in where]
        if unknown:
            raise ValueError(
                f"observations of plans not given (未提供这些规划): {', '.join(sorted(unknown))}"
            )
        n_ind = len(table.indicators)
        ind_index = {name: i for i, name in enumerate(table.indicators)}
        lookup = np.full((len(table.plans), n_ind), -1, dtype=np.int64)
        for pc, pid in enumerate(table.plans):
            for ind_id, g in plan_groups[where[pid]].items():
                ic = ind_index.get(ind_id)
                if ic is not None:
                    lookup[pc, ic] = g
        group = lookup[table.plan_codes, table.indicator_codes]
        missing = group < 0
        if missing.any():
            i = int(np.flatnonzero(missing)[0])
            pid = table.plans[table.plan_codes[i]]
            raise ValueError(
                f"observations of indicators plan {pid!r} does not have (规划中没有这些指标): "
                f"{table.indicators[table.indicator_codes[i]]}"
            )
        g_any = np.asarray(self.g_any, dtype=bool)
        g_any[group] = True
        self.g_any = g_any.tolist()

        # unit factors: one pint conversion per (unit, indicator unit) pair
        g_unit_ids: dict[Any, int] = {}
        g_unit_code = np.fromiter(
            (g_unit_ids.setdefault(k, len(g_unit_ids)) for k in self.g_unit),
            np.int64,
            len(self.g_unit),
        )
        dst_keys = list(g_unit_ids)
        factors = np.full((len(table.units), len(dst_keys)), np.nan)
        usable = np.ones((len(table.units), len(dst_keys)), dtype=bool)
        for uc, text in enumerate(table.units):
            src = None if text == "" else self.units.key(parse_unit(text))
            for dc, dst in enumerate(dst_keys):
                if src is None:
                    factors[uc, dc] = 1.0
                    continue
                if self.units.bare(src) and not self.units.bare(dst):
                    usable[uc, dc] = False
                    continue
                f = self.units.factor(src, dst)
                factors[uc, dc] = np.nan if f is None else f
        row_dst = g_unit_code[group]
        keep = usable[table.unit_codes, row_dst]
        factor = factors[table.unit_codes, row_dst]
        bad = keep & np.isnan(factor)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            ind_id = table.indicators[table.indicator_codes[i]]
            raise UnitMismatchError(
                f"observation of {ind_id} ({table.year[i]})",
                parse_unit(table.units[table.unit_codes[i]]),
                self.units.unit[dst_keys[row_dst[i]]],
            )
        return (
            group[keep],
            table.year[keep],
            table.first_month[keep],
            table.last_month[keep],
            table.status_rank[keep],
            table.value[keep],
            factor[keep],
        )


def _best(keys: np.ndarray, scores: np.ndarray, size: int | None) -> tuple[Any, np.ndarray]:
    """The highest score for each key: a dense array when ``size`` is given, else sorted keys
    and their best scores (look up with ``_lookup``)."""
    if size is not None:
        best = np.full(size, -1, dtype=np.int64)
        np.maximum.at(best, keys, scores)
        return None, best
    uniq, inverse = np.unique(keys, return_inverse=True)
    best = np.full(len(uniq), -1, dtype=np.int64)
    np.maximum.at(best, inverse, scores)
    return uniq, best


def _lookup(table: tuple[Any, np.ndarray], keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The best score for each key (-1 where none, or where not ``valid``)."""
    uniq, best = table
    out = np.full(len(keys), -1, dtype=np.int64)
    if uniq is None:
        out[valid] = best[keys[valid]]
        return out
    pos = np.searchsorted(uniq, keys[valid])
    pos = np.minimum(pos, max(len(uniq) - 1, 0))
    found = np.zeros(len(pos), dtype=bool) if len(uniq) == 0 else uniq[pos] == keys[valid]
    vals = np.full(len(pos), -1, dtype=np.int64)
    if len(uniq):
        vals[found] = best[pos[found]]
    out[valid] = vals
    return out


# -- judging ------------------------------------------------------------------------------
def _cagr(start: np.ndarray, end: np.ndarray, years: np.ndarray, pct: tuple[float, float]):
    """:func:`fyp_planning.cagr` as a fraction, with the same operations (percent and back)."""
    to_pct, from_pct = pct
    return ((end / start) ** (1.0 / years) - 1.0) * to_pct * from_pct


def _at_least(value: np.ndarray, threshold: Any) -> np.ndarray:
    return value >= threshold - TOLERANCE


def _grade(method: Method, ratio: np.ndarray, shortfall: np.ndarray) -> np.ndarray:
    """``method.grade`` on arrays (Open SDG and UNSD)."""
    if isinstance(method, OpenSDGMethod):
        return np.select(
            [
                _at_least(ratio, method.substantial) & shortfall,
                _at_least(ratio, method.substantial),
                _at_least(ratio, method.moderate),
                _at_least(ratio, method.limited),
            ],
            [_MODERATE, _SUBSTANTIAL, _MODERATE, _LIMITED],
            _DETERIORATION,
        )
    assert isinstance(method, UNSDMethod)
    return np.select(
        [
            _at_least(ratio, method.good) & shortfall,
            _at_least(ratio, method.good),
            _at_least(ratio, method.fair),
        ],
        [_FAIR, _ON_TRACK, _FAIR],
        _POOR,
    )


def _vectorised(method: Method) -> bool:
    return type(method) in (OpenSDGMethod, UNSDMethod)


class _Judged:
    """What the judging step fills in, one array per column."""

    def __init__(self, n: int) -> None:
        self.verdict = np.full(n, _INSUFFICIENT, dtype=np.int64)
        self.required = np.full(n, np.nan)
        self.actual = np.full(n, np.nan)
        self.projection = np.full(n, np.nan)
        self.ratio = np.full(n, np.nan)
        self.rates_linear = np.zeros(n, dtype=bool)


def _judge(method: Method, a: dict[str, np.ndarray], pct: tuple[float, float]) -> _Judged:
    """Every branch of ``OpenSDGMethod.judge`` / ``UNSDMethod.judge``, on arrays."""
    b, bt, lv, lt = a["baseline"], a["baseline_time"], a["latest"], a["latest_time"]
    t, tt, sense = a["target"], a["target_time"], a["sense"]
    has_goal, goal_ok, met = a["has_goal"], a["goal_ok"], a["met"]
    out = _Judged(len(b))
    rows = a["level_row"]
    usable = rows & ~np.isnan(b) & ~np.isnan(lv) & (lt > bt)
    # linear rates, or compound ones falling back to linear for zero or negative values
    compound_ok = (b > 0) & (lv >= 0) & (np.isnan(t) | (t >= 0))
    lin = a["linear"] | ~compound_ok
    years = lt - bt
    actual = np.where(lin, (lv - b) / years, _cagr(b, lv, years, pct))
    years_t = tt - bt
    required = np.where(
        ~np.isnan(a["stated_rate"]) & ~lin,
        a["stated_rate"],
        np.where(lin, (t - b) / years_t, _cagr(b, t, years_t, pct)),
    )
    years_p = tt - lt
    projection = np.where(
        years_p <= 0, lv, np.where(lin, lv + actual * years_p, lv * (1.0 + actual) ** years_p)
    )
    due = lt >= tt
    judged = usable & goal_ok  # a target in numbers, and data to measure a rate with
    opensdg = isinstance(method, OpenSDGMethod)

    # not usable: achieved when met (Open SDG: with or without a target; UNSD: with one)
    unusable = rows & ~usable & (~has_goal | goal_ok)
    if not opensdg:
        unusable &= has_goal
    out.verdict[unusable & met] = _ACHIEVED

    # a target, and a rate to judge it with
    out.required[judged] = required[judged]
    out.actual[judged] = actual[judged]
    out.projection[judged] = projection[judged]
    out.rates_linear[judged] = lin[judged]
    if opensdg:
        away = sense * required <= 0
        ratio = actual / required
    else:
        distance = t - b
        away = sense * distance <= 0
        ratio = (projection - b) / distance
    graded = judged & ~met & ~away
    short = ratio < 1 - TOLERANCE
    verdict = _grade(method, ratio, a["binding"] & short)
    top = _SUBSTANTIAL if opensdg else _ON_TRACK
    verdict = np.where(due & (verdict == top), _MODERATE if opensdg else _FAIR, verdict)
    out.verdict[judged & met] = _ACHIEVED
    out.verdict[judged & ~met & away] = _DETERIORATION if opensdg else _POOR
    out.verdict[graded] = verdict[graded]
    out.ratio[graded] = ratio[graded]

    if opensdg:  # no target: the trend alone, thresholds scaled near a natural limit
        m = method
        free = usable & ~has_goal
        zero = free & lin & (b <= 0)
        rel = np.where(
            lin,
            (lv / b - 1.0) * pct[0] / years * pct[1],
            _cagr(b, lv, years, pct),
        )
        lim, h, thr = a["limit"], m.limit_horizon, m.no_target_substantial
        ratio_lim = lim / b
        up = (sense > 0) & (lim >= b)
        down = (sense < 0) & (lim >= 0) & (lim <= b)
        room = np.where(
            up,
            np.where(lin, (ratio_lim - 1) / h, ratio_lim ** (1 / h) - 1),
            np.where(lin, (1 - ratio_lim) / h, 1 - ratio_lim ** (1 / h)),
        )
        scaled = ~np.isnan(lim) & (thr > 0) & (b > 0) & (up | down)
        factor = np.where(scaled, np.minimum(1.0, np.maximum(0.0, room / thr)), 1.0)
        good = sense * rel
        trend = np.select(
            [
                _at_least(good, m.no_target_substantial * factor),
                _at_least(good, m.no_target_moderate * factor),
                _at_least(good, 0.0),
            ],
            [_SUBSTANTIAL, _MODERATE, _LIMITED],
            _DETERIORATION,
        )
        rated = free & ~zero
        out.verdict[rated] = trend[rated]
        out.actual[rated] = rel[rated]
    return out


def _judge_scalar(method: Method, a: dict[str, np.ndarray]) -> _Judged:
    """Any other method: its own ``judge`` on a ``Track`` per row (not vectorised)."""
    out = _Judged(len(a["baseline"]))

    def opt(x: float) -> float | None:
        return None if math.isnan(x) else float(x)

    for i in np.flatnonzero(a["level_row"]).tolist():
        if a["has_goal"][i] and not a["goal_ok"][i]:
            continue  # a target that cannot be put in numbers: insufficient data
        track = Track(
            baseline=opt(a["baseline"][i]),
            baseline_time=opt(a["baseline_time"][i]),
            latest=opt(a["latest"][i]),
            latest_time=opt(a["latest_time"][i]),
            target=opt(a["target"][i]),
            target_time=opt(a["target_time"][i]),
            sense=int(a["sense"][i]),
            linear=bool(a["linear"][i]),
            met=bool(a["met"][i]),
            stated_rate=opt(a["stated_rate"][i]),
            binding=bool(a["binding"][i]),
            limit=opt(a["limit"][i]),
        )
        j = method.judge(track)
        out.verdict[i] = _CODE[j.verdict]
        for name, value in (
            ("required", j.required_rate),
            ("actual", j.actual_rate),
            ("projection", j.projection),
            ("ratio", j.ratio),
        ):
            getattr(out, name)[i] = np.nan if value is None else value
        out.rates_linear[i] = j.linear
    return out


def _meets(cmp: np.ndarray, value: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``_data.meets`` on arrays: the comparison, or equal within a relative 1e-9."""
    diff = np.abs(value - target)
    close = (value == target) | (
        (diff <= np.abs(TOLERANCE * target)) | (diff <= np.abs(TOLERANCE * value))
    )
    holds = np.where(cmp > 0, value >= target, np.where(cmp < 0, value <= target, value == target))
    return close | holds


def _meets_one(cmp: int, value: float, target: float) -> bool:
    if math.isclose(value, target, rel_tol=TOLERANCE, abs_tol=0.0):
        return True
    return value >= target if cmp > 0 else value <= target if cmp < 0 else value == target


# -- the result ---------------------------------------------------------------------------
class BatchResult:
    """The verdicts of :func:`~fyp_planning.evaluate_many`: one row per target of each plan (and per
    indicator with observations but no target), as numpy arrays, with tidy exports.

    Magnitudes are in each indicator's unit (``unit``). Rates are what the method used:
    relative rates as fractions (``0.0867`` for 8.67 % a year) where ``rates_linear`` is
    false, changes per year in the indicator's unit where it is true. Missing numbers are NaN.

    Attributes:
        method: Name of the method (``opensdg`` or ``unsd``).
        targets: The target of each row (``None`` for an indicator without one); the
            properties ``plan``, ``indicator`` and ``unit`` give each row's plan id, indicator
            id and unit (as text).
        year: Target year (0 without a target).
        baseline, baseline_time, latest, latest_time: The values judged and when
            (fractional years, as :attr:`fyp_planning.Period.end`).
        target_value, target_time: The level aimed at (for growth targets the one the rate
            implies) and the target year.
        sense, linear, stated_rate, binding, limit, met: The rest of each row's
            :class:`~fyp_planning.evaluation.Track`.
        required_rate, actual_rate, projection, ratio, rates_linear: What the method found.
        verdict_code: Index of each verdict in ``tuple(Verdict)``; ``verdicts`` has them
            as :class:`~fyp_planning.Verdict` members.

    Examples:
        >>> import io
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           parse_quantity, parse_unit, evaluate_many)
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))],
        ...             observations=[Observation(indicator="output", period=Period(2020),
        ...                                       value=parse_quantity("198亿元"))],
        ...             targets=[LevelTarget(indicator="output", year=2025,
        ...                                  value=parse_quantity("300亿元"))])
        >>> later = {"demo": [Observation(indicator="output", period=Period(2022),
        ...                               value=parse_quantity("2290000万元"))]}
        >>> result = evaluate_many([plan], later)
        >>> len(result), result.verdicts[0].value, round(float(result.ratio[0]), 2)
        (1, 'moderate', 0.87)
        >>> record = result.to_records()[0]
        >>> record["target"], record["latest"], round(record["required_rate"], 4)
        ('≥300亿元', 229.0, 0.0867)
        >>> buffer = io.StringIO()
        >>> result.to_csv(buffer)
        >>> buffer.getvalue().splitlines()[0]
        'plan,indicator,target,year,unit,baseline,latest,target_value,required_rate,actual_rate,rate_kind,ratio,verdict,verdict_label'
    """

    def __init__(
        self,
        *,
        method: str,
        targets: tuple[Target | None, ...],
        labels: Callable[[], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]],
        arrays: dict[str, Any],
    ) -> None:
        self.method = method
        self.targets = targets
        self._labels = labels
        self.year: np.ndarray = arrays["year"]
        self.baseline: np.ndarray = arrays["baseline"]
        self.baseline_time: np.ndarray = arrays["baseline_time"]
        self.latest: np.ndarray = arrays["latest"]
        self.latest_time: np.ndarray = arrays["latest_time"]
        self.target_value: np.ndarray = arrays["target"]
        self.target_time: np.ndarray = arrays["target_time"]
        self.sense: np.ndarray = arrays["sense"]
        self.linear: np.ndarray = arrays["linear"]
        self.stated_rate: np.ndarray = arrays["stated_rate"]
        self.binding: np.ndarray = arrays["binding"]
        self.limit: np.ndarray = arrays["limit"]
        self.met: np.ndarray = arrays["met"]
        self.required_rate: np.ndarray = arrays["required_rate"]
        self.actual_rate: np.ndarray = arrays["actual_rate"]
        self.projection: np.ndarray = arrays["projection"]
        self.ratio: np.ndarray = arrays["ratio"]
        self.rates_linear: np.ndarray = arrays["rates_linear"]
        self.verdict_code: np.ndarray = arrays["verdict_code"]

    @functools.cached_property
    def _label_columns(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return self._labels()

    @property
    def plan(self) -> tuple[str, ...]:
        """The plan id of each row."""
        return self._label_columns[0]

    @property
    def indicator(self) -> tuple[str, ...]:
        """The indicator id of each row."""
        return self._label_columns[1]

    @property
    def unit(self) -> tuple[str, ...]:
        """The unit of each row's indicator, as text (``亿元``)."""
        return self._label_columns[2]

    def __len__(self) -> int:
        return len(self.targets)

    def __repr__(self) -> str:
        return f"<BatchResult: {len(self)} rows of {len(set(self.plan))} plans, {self.method}>"

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """The verdict of each row."""
        return tuple(_VERDICTS[c] for c in self.verdict_code.tolist())

    def columns(self) -> dict[str, list[Any]]:
        """The tidy table as columns of Python values (``None`` where missing), in
        ``RECORD_COLUMNS`` order.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> list(evaluate_many([]).columns())[:3]
            ['plan', 'indicator', 'target']
        """

        def values(array: np.ndarray) -> list[Any]:
            return [None if x != x else x for x in array.tolist()]  # NaN → None

        verdicts = self.verdicts
        return {
            "plan": list(self.plan),
            "indicator": list(self.indicator),
            "target": [t.describe() if t is not None else None for t in self.targets],
            "year": [y or None for y in self.year.tolist()],
            "unit": list(self.unit),
            "baseline": values(self.baseline),
            "latest": values(self.latest),
            "target_value": values(self.target_value),
            "required_rate": values(self.required_rate),
            "actual_rate": values(self.actual_rate),
            "rate_kind": [
                None if r != r else "per_year" if lin else "relative"
                for r, lin in zip(
                    np.where(np.isnan(self.actual_rate), np.nan, 0.0).tolist(),
                    self.rates_linear.tolist(),
                    strict=True,
                )
            ],
            "ratio": values(self.ratio),
            "verdict": [v.value for v in verdicts],
            "verdict_label": [v.label for v in verdicts],
        }

    def to_records(self) -> list[dict[str, Any]]:
        """The tidy table, one dict per row, keys ``RECORD_COLUMNS``.

        ``rate_kind`` is ``relative`` (rates are fractions, ``0.0867``) or ``per_year``
        (changes per year in ``unit``); rates, ratio and values are ``None`` where the method
        had none.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> evaluate_many([]).to_records()
            []
        """
        cols = self.columns()
        names = list(cols)
        return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def to_csv(self, path_or_buffer: Any) -> None:
        """Write the tidy table as CSV (UTF-8, header row; empty cells where missing).

        Args:
            path_or_buffer: A file path, or an open text file / buffer to write to.

        Examples:
            >>> import io
            >>> from fyp_planning import evaluate_many
            >>> buffer = io.StringIO()
            >>> evaluate_many([]).to_csv(buffer)
            >>> buffer.getvalue().startswith("plan,indicator,target,year")
            True
        """
        if isinstance(path_or_buffer, (str, PathLike)):  # a path, else a text buffer
            with Path(path_or_buffer).open("w", encoding="utf-8", newline="") as f:
                self._write_csv(f)
        else:
            self._write_csv(path_or_buffer)

    def _write_csv(self, f: IO[str]) -> None:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(RECORD_COLUMNS)
        cols = self.columns()
        for row in zip(*cols.values(), strict=True):
            writer.writerow(["" if x is None else x for x in row])

    def _arrow_table(self) -> Any:
        try:
            import pyarrow as pa
        except ImportError:
            raise ImportError(
                "to_parquet needs pyarrow, which is not installed: "
                "pip install 'fyp-planning[parquet]'"
            ) from None
        cols = self.columns()
        return pa.table({name: pa.array(values) for name, values in cols.items()})

    def to_parquet(self, path: str | Path) -> None:
        """Write the tidy table as a Parquet file (needs pyarrow: the ``parquet`` extra).

        Raises:
            ImportError: pyarrow is not installed (``pip install 'fyp-planning[parquet]'``).

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> evaluate_many([]).to_parquet("progress.parquet")  # doctest: +SKIP
        """
        table = self._arrow_table()
        import pyarrow.parquet as pq

        pq.write_table(table, str(path))

    def to_pandas(self) -> Any:
        """The tidy table as a pandas DataFrame (pandas is not a dependency: install it).

        Raises:
            ImportError: pandas is not installed.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> evaluate_many([]).to_pandas().columns[0]  # doctest: +SKIP
            'plan'
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas needs pandas, which is not installed") from None
        return pd.DataFrame(self.columns(), columns=list(RECORD_COLUMNS))


# -- the batch ----------------------------------------------------------------------------
def evaluate_many(
    plans: Iterable[Plan],
    observations: Mapping[str, Iterable[Any]] | ObservationTable | None = None,
    *,
    as_of: int | None = None,
    method: Method | str | None = None,
) -> BatchResult:
    """Judge the progress of every target of many plans at once, with numpy.

    The verdicts, rates and ratios are those of :func:`~fyp_planning.assess` on each plan
    (a test runs both on generated plans), in the same order: plan by plan, and within a plan
    indicator by indicator, an indicator without targets (but with observations) first
    judged on its trend. Magnitudes live in numpy arrays; pint converts each (unit, indicator
    unit) pair once, then whole columns are multiplied by the factor.

    Every branch of the built-in methods is vectorised: achieved, linear rates and the linear
    fallback for zero or negative values, stated annual rates, binding shortfalls and targets
    whose year has come (capped below the top verdict), deterioration from a baseline that
    met the target, no-target grading with the natural-limit factor, and insufficient data.
    Rate targets (每年增速8%) are judged year by year on arrays too: each year's attainment, then
    their mean, graded. Only a method object other than the two built-in classes falls back to
    the scalar path: its own ``judge`` is called once per row (and ``grade`` per rate target).
    Only reading the plans' objects (targets, indicators, the plans' own observations) loops
    in Python; observations given as an :class:`~fyp_planning.ObservationTable` never do.

    Args:
        plans: The plans.
        observations: Observations besides the plans' own: a mapping from plan id to
            :class:`~fyp_planning.Observation` objects (as ``assess``'s ``observations``),
            or an :class:`~fyp_planning.ObservationTable` of columns (national data: fastest).
        as_of: Use only observations of this year or before (default: all).
        method: An :class:`~fyp_planning.OpenSDGMethod` (default), a
            :class:`~fyp_planning.UNSDMethod`, their names, or any method object.

    Returns:
        A :class:`~fyp_planning.BatchResult`.

    Raises:
        UnitMismatchError: an observation or a target is in a unit that does not convert to
            its indicator's.
        ValueError: observations of a plan or an indicator that is not given, or an unknown
            method name.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           ObservationTable, parse_quantity, parse_unit,
        ...                           evaluate_many)
        >>> def county(pid):
        ...     return Plan(id=pid, region=pid, title="十四五规划", start_year=2021, end_year=2025,
        ...                 indicators=[Indicator(id="output", name="工业总产值",
        ...                                       unit=parse_unit("亿元"))],
        ...                 observations=[Observation(indicator="output", period=Period(2020),
        ...                                           value=parse_quantity("198亿元"))],
        ...                 targets=[LevelTarget(indicator="output", year=2025,
        ...                                      value=parse_quantity("300亿元"))])
        >>> table = ObservationTable(plan=["a", "b"], indicator="output", year=[2022, 2022],
        ...                          value=[2290000, 260.0], unit=["万元", "亿元"])
        >>> result = evaluate_many([county("a"), county("b")], table)
        >>> [v.label for v in result.verdicts]
        ['进展中等', '进展显著']
        >>> [v.value for v in evaluate_many([county("a"), county("b")], table,
        ...                                 method="unsd").verdicts]
        ['fair', 'on_track']
    """
    chosen = _method(_DEFAULT_METHOD if method is None else method)
    if as_of is not None and (isinstance(as_of, bool) or not isinstance(as_of, int)):
        raise TypeError(f"as_of must be a year (an integer), got {as_of!r}")
    plan_list = list(plans)
    for plan in plan_list:
        if not isinstance(plan, Plan):
            raise TypeError(f"plans must be Plan objects, got {plan!r}")
    table: ObservationTable | None = None
    extra: Mapping[str, Iterable[Any]] = {}
    if isinstance(observations, ObservationTable):
        table = observations
    elif isinstance(observations, Mapping):
        extra = observations
    elif observations is not None:
        raise TypeError(
            "observations must be a mapping from plan id to observations, or an "
            f"ObservationTable; got {type(observations).__name__}"
        )
    ids = [p.id for p in plan_list]
    unknown = sorted(set(extra) - set(ids))
    if unknown:
        raise ValueError(f"observations of plans not given (未提供这些规划): {', '.join(unknown)}")
    if table is not None and len(set(ids)) != len(ids):
        raise ValueError("plan ids must be unique to match an ObservationTable's plan column")

    data, columns = _gather_all(plan_list, ids, extra, table)
    return _evaluate(data, columns, plan_list, ids, as_of, chosen)


def _gather_all(
    plan_list: list[Plan],
    ids: list[str],
    extra: Mapping[str, Iterable[Any]],
    table: ObservationTable | None,
) -> tuple[_Gather, list[np.ndarray]]:
    """Step 1, in Python over the plans' objects: rows and observation columns."""
    data = _Gather()
    plan_groups = []
    for plan in plan_list:
        groups = data.indicators(plan)
        plan_groups.append(groups)
        data.observations(plan, groups, extra.get(plan.id))
    columns = [
        np.asarray(data.o_group, dtype=np.int64),
        np.asarray(data.o_year, dtype=np.int64),
        np.asarray(data.o_first, dtype=np.int64),
        np.asarray(data.o_last, dtype=np.int64),
        np.asarray(data.o_rank, dtype=np.int64),
        np.asarray(data.o_magnitude, dtype=np.float64),
        np.asarray(data.o_factor, dtype=np.float64),
    ]
    if table is not None and len(table):
        more = data.table(table, plan_groups, ids)
        columns = [np.concatenate([c, m]) for c, m in zip(columns, more, strict=True)]
    for p, plan in enumerate(plan_list):
        data.targets(p, plan, plan_groups[p])
    return data, columns + data.row_arrays()


def _evaluate(
    data: _Gather,
    columns: list[np.ndarray],
    plan_list: list[Plan],
    ids: list[str],
    as_of: int | None,
    chosen: Method,
) -> BatchResult:
    """Steps 2 and 3, in numpy: the picks, then the verdicts."""
    o_group, o_year, o_first, o_last, o_rank, o_mag, o_factor = columns[:7]
    r_plan, r_group, kind, cmp, r_year, r_base, r_end, level_in, rate = columns[7:16]
    g_sense, g_linear, g_binding, g_limit, q_row, q_year = columns[16:]
    o_value = o_mag * o_factor  # units applied: one multiplication per column
    data.o_value = o_value
    n_obs = len(o_group)
    order = np.arange(n_obs, dtype=np.int64)
    rank = ((o_first == 1) & (o_last == 12)) * 4 + o_rank  # whole years first, then status

    def end_of(rows: np.ndarray) -> np.ndarray:
        """:attr:`fyp_planning.Period.end` of the observations ``rows``: ``year - 1 + last_month / 12``."""
        return (o_year[rows] - 1).astype(np.float64) + o_last[rows] / 12

    # -- picks: packed keys (when, whole year, status) << 32 | order; the highest wins ----
    n_groups = len(data.g_unit)
    latest_key = ((((o_year - _YEAR0) * 12 + o_last) * 8 + rank) << 32) | order
    if as_of is not None:
        latest_key[o_year > as_of] = -1
    _, latest_best = _best(o_group, latest_key, n_groups)
    rank_key = (rank << 32) | order
    if n_obs:
        y_min, y_max = int(o_year.min()), int(o_year.max())
    else:
        y_min = y_max = _YEAR0
    width = y_max - y_min + 1
    year_key = o_group * width + (o_year - y_min)
    dense = n_groups * width <= 50_000_000
    at_year = _best(year_key, rank_key, n_groups * width if dense else None)

    def max_year() -> np.ndarray:
        """The last year observed of each group (-1: none)."""
        found = np.full(n_groups, -1, dtype=np.int64)
        np.maximum.at(found, o_group, o_year)
        return found

    def pick_at(groups: np.ndarray, years: np.ndarray) -> np.ndarray:
        valid = (years >= y_min) & (years <= y_max)
        best = _lookup(at_year, groups * width + (years - y_min), valid)
        return np.where(best >= 0, best & _LOW32, -1)

    # -- rows -----------------------------------------------------------------------------
    n = len(r_plan)

    brow = pick_at(r_group, r_base) if n else np.zeros(0, dtype=np.int64)
    lbest = latest_best[r_group] if n else np.zeros(0, dtype=np.int64)
    lrow = np.where(lbest >= 0, lbest & _LOW32, -1)
    has_b, has_l = brow >= 0, lrow >= 0
    with np.errstate(all="ignore"):
        b = np.where(has_b, o_value[brow] if n_obs else np.nan, np.nan)
        bt = np.where(has_b, end_of(brow) if n_obs else np.nan, np.nan)
        lv = np.where(has_l, o_value[lrow] if n_obs else np.nan, np.nan)
        lt = np.where(has_l, end_of(lrow) if n_obs else np.nan, np.nan)
        for column in (b, bt, lv, lt):
            column[kind == _RATE] = np.nan  # judged year by year below

        level_row = kind != _RATE
        has_goal = level_row & (kind != _NO_TARGET)
        growth = (kind == _GROWTH_ANNUAL) | (kind == _GROWTH_TOTAL)
        growth_ok = growth & has_b & (b > 0)
        implied = np.where(
            kind == _GROWTH_ANNUAL,
            b * (1.0 + rate) ** (r_year - r_base).astype(np.float64),
            b * (1.0 + rate),
        )
        level = np.where(growth, np.where(growth_ok, implied, np.nan), level_in)
        level = np.where(has_goal, level, np.nan)
        goal_ok = has_goal & ~np.isnan(level)
        stated = np.where((kind == _GROWTH_ANNUAL) & goal_ok, rate, np.nan)
        eq_sense = np.where(
            goal_ok & has_b & (level != b), np.where(level > b, 1, -1), g_sense[r_group]
        )
        sense = np.where(
            has_goal, np.where(cmp > 0, 1, np.where(cmp < 0, -1, eq_sense)), g_sense[r_group]
        ).astype(np.int64)
        met = goal_ok & has_l & _meets(cmp, lv, level)
        linear = g_linear[r_group] & ~(has_goal & growth)
        limits = g_limit[r_group] if n else np.zeros(0)
        arrays: dict[str, np.ndarray] = {
            "year": np.where(kind == _NO_TARGET, 0, r_year),
            "baseline": b,
            "baseline_time": bt,
            "latest": lv,
            "latest_time": lt,
            "target": level,
            "target_time": np.where(has_goal, r_end, np.nan),
            "sense": sense,
            "linear": linear,
            "stated_rate": stated,
            "binding": g_binding[r_group] if n else np.zeros(0, dtype=bool),
            "limit": limits,
            "met": met,
            "has_goal": has_goal,
            "goal_ok": goal_ok,
            "level_row": level_row,
        }
        pct = data.units.percent_factors
        if _vectorised(chosen):
            judged = _judge(chosen, arrays, pct)
        else:
            judged = _judge_scalar(chosen, arrays)

    # -- rate targets: year by year, each year's attainment, then their mean ----------------
    rate_row = kind == _RATE
    if rate_row.any():
        with np.errstate(all="ignore"):
            _judge_rates(
                chosen,
                judged,
                arrays,
                rate_row,
                level_in,
                cmp,
                r_group,
                q_row,
                q_year,
                as_of,
                max_year,
                pick_at,
                o_value,
                end_of,
            )

    for name in ("has_goal", "goal_ok", "level_row"):
        arrays.pop(name)
    arrays.update(
        required_rate=judged.required,
        actual_rate=judged.actual,
        projection=judged.projection,
        ratio=judged.ratio,
        rates_linear=judged.rates_linear,
        verdict_code=judged.verdict,
    )

    def labels() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Plan, indicator and unit of each row, made when first read."""
        g_indicator, g_unit, text = data.g_indicator, data.g_unit, data.units.text
        groups = r_group.tolist()
        return (
            tuple(ids[p] for p in r_plan.tolist()),
            tuple(g_indicator[g].id for g in groups),
            tuple(text(g_unit[g]) for g in groups),
        )

    return BatchResult(
        method=chosen.name, targets=tuple(data.r_target), labels=labels, arrays=arrays
    )


def _judge_rates(
    method: Method,
    judged: _Judged,
    arrays: dict[str, np.ndarray],
    rate_row: np.ndarray,
    level: np.ndarray,
    cmp: np.ndarray,
    r_group: np.ndarray,
    q_row: np.ndarray,
    q_year: np.ndarray,
    as_of: int | None,
    max_year: Callable[[], np.ndarray],
    pick_at: Any,
    o_value: np.ndarray,
    end_of: Callable[[np.ndarray], np.ndarray],
) -> None:
    """Rate targets as ``assess`` judges them, on arrays: each year up to ``as_of`` (or the
    last year observed) scores 1 when met, else ``1 − shortfall / |target|``; the ratio is the
    mean; achieved when every year is judged and met, else graded (binding: capped when a
    year missed). Sums run in year order (``assess`` uses ``statistics.fmean``: the two agree
    to the last bits)."""
    n = len(level)
    ok = rate_row & ~np.isnan(level)  # the target's unit is stated
    arrays["target"][ok] = level[ok]
    horizon = (
        np.full(n, as_of, dtype=np.int64) if as_of is not None else max_year()[r_group]
    )  # -1: nothing observed
    judged_year = q_year <= horizon[q_row]
    j_row, j_year = q_row[judged_year], q_year[judged_year]
    rows = pick_at(r_group[j_row], j_year)
    has = rows >= 0
    h_row, h_pick = j_row[has], rows[has]
    value, target, c = o_value[h_pick], level[h_row], cmp[h_row]
    met = _meets(c, value, target)
    shortfall = np.where(
        c > 0, target - value, np.where(c < 0, value - target, np.abs(value - target))
    )
    attainment = np.where(
        met, 1.0, np.where(target == 0, 0.0, np.minimum(1.0, 1.0 - shortfall / np.abs(target)))
    )
    count = np.bincount(h_row, minlength=n)
    total = np.bincount(h_row, weights=attainment, minlength=n)
    missing = np.bincount(j_row[~has], minlength=n) > 0
    missed = np.bincount(h_row[~met], minlength=n) > 0
    complete = np.bincount(j_row, minlength=n) == np.bincount(q_row, minlength=n)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, h_row, (j_year[has] << 32) | h_pick)  # the latest year judged
    seen = ok & (count > 0)
    pick = last[seen] & _LOW32
    arrays["latest"][seen] = o_value[pick]
    arrays["latest_time"][seen] = end_of(pick)
    ratio = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    judged.ratio[seen] = ratio[seen]
    achieved = seen & complete & ~missing & ~missed
    judged.verdict[achieved] = _ACHIEVED
    graded = seen & ~achieved
    short = arrays["binding"] & missed
    if _vectorised(method):
        judged.verdict[graded] = _grade(method, ratio[graded], short[graded])
    else:
        for i in np.flatnonzero(graded).tolist():
            verdict = method.grade(float(ratio[i]), binding_shortfall=bool(short[i]))
            judged.verdict[i] = _CODE[verdict]
