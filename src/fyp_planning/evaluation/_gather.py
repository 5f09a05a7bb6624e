"""Reading many plans' objects into columns, for :class:`~fyp_planning.PlanBatch` (private).

The one step of evaluation that loops in Python: over each plan's indicators, targets and
own observations (and observations given as objects). Units become small integer codes; pint
computes each (unit, indicator unit) conversion factor once, and whole columns are multiplied
by it. Observations given as an :class:`~fyp_planning.ObservationTable` are joined without a
Python loop over their rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import UnitMismatchError
from ..model.enums import Comparator, Direction, GrowthMode, IndicatorKind
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import CoverageTarget, GrowthTarget, RateTarget, ReductionTarget, Target
from ..units import Quantity, format_unit, is_bare, parse_unit
from ._data import COMPARATOR_CODE, STATUS_RANK, gather
from .table import ObservationTable

__all__ = ["Columns", "gather_all"]

_MIRROR = {1: -1, -1: 1, 0: 0}

# kinds of rows
NO_TARGET, LEVEL, GROWTH_ANNUAL, GROWTH_TOTAL, RATE = 0, 1, 2, 3, 4


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
        return found

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


# -- gathering ----------------------------------------------------------------------------
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class Columns:
    """Rows (targets) and observations of many plans, as numpy arrays.

    Prefixes: ``g_`` per group (a plan's indicator), ``o_`` per observation, ``s_`` per
    observation skipped for want of a stated unit, ``r_`` per row (a target, or an indicator
    judged on its trend alone), ``q_`` per (rate target, year).
    """

    units: _Units
    g_indicator: list[Indicator]
    r_target: list[Target | None]
    o_object: list[Observation]  # the observations given as objects, in o_ order (table rows after)
    g_unit: IntArray
    g_bare: BoolArray
    g_linear: BoolArray
    g_sense: IntArray
    g_binding: BoolArray
    g_limit: FloatArray
    g_any: BoolArray
    o_group: IntArray
    o_year: IntArray
    o_first: IntArray
    o_last: IntArray
    o_status: IntArray
    o_magnitude: FloatArray
    o_factor: FloatArray
    o_bound: BoolArray
    s_group: IntArray
    s_year: IntArray
    r_plan: IntArray
    r_group: IntArray
    r_kind: IntArray
    r_cmp: IntArray
    r_year: IntArray
    r_base: IntArray
    r_end: FloatArray
    r_level: FloatArray
    r_rate: FloatArray
    q_row: IntArray
    q_year: IntArray


#: The dtype of each array of :class:`Columns`.
_ARRAY_TYPES: dict[object, Any] = {
    "FloatArray": np.float64,
    "IntArray": np.int64,
    "BoolArray": bool,
}
_DTYPES: dict[str, Any] = {
    f.name: _ARRAY_TYPES[f.type] for f in attrs.fields(Columns) if f.type in _ARRAY_TYPES
}


class _Gatherer:
    """The columns of :class:`Columns` as Python lists, while the plans are read."""

    def __init__(self) -> None:
        self.units = _Units()
        self.g_indicator: list[Indicator] = []
        self.r_target: list[Target | None] = []
        self.o_object: list[Observation] = []
        self.g_unit: list[int] = []
        self.g_bare: list[bool] = []
        self.g_linear: list[bool] = []
        self.g_sense: list[int] = []
        self.g_binding: list[bool] = []
        self.g_limit: list[float] = []
        self.g_any: list[bool] = []
        self.o_group: list[int] = []
        self.o_year: list[int] = []
        self.o_first: list[int] = []
        self.o_last: list[int] = []
        self.o_status: list[int] = []
        self.o_magnitude: list[float] = []
        self.o_factor: list[float] = []
        self.o_bound: list[bool] = []
        self.s_group: list[int] = []
        self.s_year: list[int] = []
        self.r_plan: list[int] = []
        self.r_group: list[int] = []
        self.r_kind: list[int] = []
        self.r_cmp: list[int] = []
        self.r_year: list[int] = []
        self.r_base: list[int] = []
        self.r_end: list[float] = []
        self.r_level: list[float] = []
        self.r_rate: list[float] = []
        self.q_row: list[int] = []
        self.q_year: list[int] = []

    def finish(self, more: dict[str, npt.NDArray[Any]] | None = None) -> Columns:
        """Every list as an array, with ``more`` observation columns appended."""
        arrays: dict[str, Any] = {}
        for name, dtype in _DTYPES.items():
            column = np.asarray(getattr(self, name), dtype=dtype)
            if more and name in more:
                column = np.concatenate([column, more[name].astype(dtype)])
            arrays[name] = column
        return Columns(
            units=self.units,
            g_indicator=self.g_indicator,
            r_target=self.r_target,
            o_object=self.o_object,
            **arrays,
        )

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

    def observations(
        self, plan: Plan, groups: dict[str, int], extra: Iterable[Observation] | None
    ) -> None:
        units = self.units
        g_any, g_unit, g_bare = self.g_any, self.g_unit, self.g_bare
        o_group, o_year, o_first, o_last = self.o_group, self.o_year, self.o_first, self.o_last
        o_status, o_magnitude, o_factor = self.o_status, self.o_magnitude, self.o_factor
        o_bound, o_object = self.o_bound, self.o_object
        for obs in gather(plan, extra):
            g = groups[obs.indicator]
            g_any[g] = True
            q = obs.value
            src = units.key(q)
            if units.bare(src) and not g_bare[g]:
                self.s_group.append(g)  # no unit stated: never guessed
                self.s_year.append(obs.period.year)
                continue
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
            o_status.append(STATUS_RANK[obs.status])
            o_magnitude.append(q.magnitude)
            o_factor.append(factor)
            o_bound.append(obs.comparator is not Comparator.EQ)
            o_object.append(obs)

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
                    self._row(p, g, None, NO_TARGET, 0, 0, plan.base_year, plan.end_year)
                continue
            dst = self.g_unit[g]
            for target in own:
                what = f"target of {ind.id}"
                cmp = COMPARATOR_CODE[target.comparator]
                level = rate = math.nan
                base = plan.base_year
                if isinstance(target, RateTarget):
                    kind = RATE
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
                    kind = GROWTH_ANNUAL if target.annual else GROWTH_TOTAL
                    if target.base_year is not None:
                        base = target.base_year
                else:
                    kind = LEVEL
                    if isinstance(target, CoverageTarget):
                        level = units.convert(units.hundred_percent, dst, what)
                    else:
                        value = target.value  # type: ignore[attr-defined]  # the kinds left are LevelTargets
                        if not (units.bare(units.key(value)) and not self.g_bare[g]):
                            level = units.convert(value, dst, what)
                self._row(p, g, target, kind, cmp, target.year, base, target.year, level, rate)

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

    def table(
        self, table: ObservationTable, plan_groups: list[dict[str, int]], ids: list[str]
    ) -> dict[str, np.ndarray]:
        """The table's rows as observation columns, in table order; every row must refer to a
        plan and one of its indicators."""
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
        return {
            "o_group": group[keep],
            "o_year": table.year[keep],
            "o_first": table.first_month[keep],
            "o_last": table.last_month[keep],
            "o_status": table.status_rank[keep],
            "o_magnitude": table.value[keep],
            "o_factor": factor[keep],
            "o_bound": np.zeros(int(keep.sum()), dtype=bool),
            "s_group": group[~keep],
            "s_year": table.year[~keep],
        }


def gather_all(
    plans: list[Plan],
    ids: list[str],
    extra: Mapping[str, Iterable[Any]],
    table: ObservationTable | None,
) -> Columns:
    """Read the plans' objects into columns: groups, then observations (the plans' own, the
    extra objects, then the table's rows), then rows in :func:`~fyp_planning.assess`'s order."""
    data = _Gatherer()
    plan_groups = []
    for plan in plans:
        groups = data.indicators(plan)
        plan_groups.append(groups)
        data.observations(plan, groups, extra.get(plan.id))
    more = data.table(table, plan_groups, ids) if table is not None and len(table) else None
    for p, plan in enumerate(plans):
        data.targets(p, plan, plan_groups[p])
    return data.finish(more)
