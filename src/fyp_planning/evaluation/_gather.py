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
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import UnitMismatchError
from ..model.composition import as_quantity
from ..model.enums import (
    Comparator,
    Direction,
    GrowthMode,
    IndicatorKind,
    Measure,
    ObservationStatus,
)
from ..model.indicator import Indicator, infer_measure, measure_of
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..model.targets import (
    ChangeTarget,
    CoverageTarget,
    GrowthTarget,
    RateTarget,
    ReductionTarget,
    Target,
)
from ..units import Quantity, format_unit, is_bare, parse_unit
from ._data import COMPARATOR_CODE, STATUS_RANK, gather, inherited_baselines, is_level
from .table import ObservationTable

__all__ = ["Columns", "StoreColumns", "gather_all", "gather_store", "store_needs_plans"]

# kinds of rows (a change to so many times the baseline is a growth over the whole span)
NO_TARGET, LEVEL, GROWTH_ANNUAL, GROWTH_TOTAL, RATE, CHANGE = 0, 1, 2, 3, 4, 5


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
    g_id: list[str]  # the indicator id of each group
    g_standard: list[str | None]  # the standard indicator each group names (its id), if any
    g_indicator: list[Indicator]  # the indicators (empty when gathered from a plan store)
    r_target: list[Target | None]  # the targets (empty when gathered from a plan store)
    o_object: list[Observation]  # the observations given as objects, in o_ order (table rows after)
    g_unit: IntArray
    g_bare: BoolArray
    g_linear: BoolArray
    g_sense: IntArray
    g_binding: BoolArray
    g_limit: FloatArray
    g_any: BoolArray
    g_flow: BoolArray  # the indicator measures a flow (measure_of): a part-year is no level
    o_group: IntArray
    o_year: IntArray
    o_first: IntArray
    o_last: IntArray
    o_status: IntArray
    o_magnitude: FloatArray
    o_factor: FloatArray
    o_bound: BoolArray
    o_table_row: IntArray  # the table row of each observation after those given as objects
    o_inherited: BoolArray  # a baseline taken from the plan's predecessor (inherited_baselines)
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


#: The columns of :class:`_Targets` and their dtypes.
_TARGET_COLUMNS: dict[str, Any] = {
    "group": np.int64,
    "plan": np.int64,
    "kind": object,
    "cmp": np.int64,
    "year": np.int64,
    "base_year": np.float64,
    "magnitude": np.float64,
    "unit": np.int64,
    "annual": bool,
    "years": object,
}


def _targets(columns: dict[str, Any]) -> _Targets:
    """:class:`_Targets` from columns of any sequence (``years``: one sequence or ``None`` per
    target)."""
    arrays = {
        name: np.asarray(column, dtype=_TARGET_COLUMNS[name])
        for name, column in columns.items()
        if name != "years"
    }
    years = np.empty(len(columns["years"]), dtype=object)
    for i, value in enumerate(columns["years"]):
        years[i] = () if value is None else tuple(int(y) for y in value)
    return _Targets(**arrays, years=years)


@attrs.define(eq=False)
class _Targets:
    """The targets of many plans as columns, one entry per target in the order of the rows
    (plan, indicator, target), before units are applied: read from plan objects
    (:meth:`_Gatherer.target_columns`) or from a plan store's columns, then made into rows by
    one function (:meth:`_Gatherer.rows`).

    Attributes:
        group, plan: The target's series and plan (index).
        kind: ``level`` (also share, threshold), ``growth``, ``reduction``, ``rate``,
            ``coverage``, ``change`` (a change target's ``by``) or ``factor`` (its ``factor``).
        cmp: The comparator's code (``COMPARATOR_CODE``); a change target's
            :attr:`~fyp_planning.Target.level_comparator` (a reduction's is mirrored later).
        year, base_year: The target year; the growth or change target's own base year (NaN:
            the plan's).
        magnitude, unit: The quantity it names (a level, a rate; 100 % for coverage; a
            change, 百分点 as percent; a factor less one, as a total growth) and its unit
            code.
        annual: Whether a growth rate is per year.
        years: A rate target's years (empty: the plan's).
    """

    group: IntArray
    plan: IntArray
    kind: npt.NDArray[Any]
    cmp: IntArray
    year: IntArray
    base_year: FloatArray
    magnitude: FloatArray
    unit: IntArray
    annual: BoolArray
    years: npt.NDArray[Any]


class _Gatherer:
    """The columns of :class:`Columns` as Python lists, while the plans are read."""

    def __init__(self) -> None:
        self.units = _Units()
        self.g_id: list[str] = []
        self.g_standard: list[str | None] = []
        self.g_plan: list[int] = []  # the plan (index) of each group
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
        self.g_flow: list[bool] = []
        self.o_group: list[int] = []
        self.o_year: list[int] = []
        self.o_first: list[int] = []
        self.o_last: list[int] = []
        self.o_status: list[int] = []
        self.o_magnitude: list[float] = []
        self.o_factor: list[float] = []
        self.o_bound: list[bool] = []
        self.o_table_row: list[int] = []
        self.o_inherited: list[bool] = []
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

    def finish(self) -> Columns:
        """Every list as an array."""
        arrays = {name: np.asarray(getattr(self, name), dtype=d) for name, d in _DTYPES.items()}
        return Columns(
            units=self.units,
            g_id=self.g_id,
            g_standard=self.g_standard,
            g_indicator=self.g_indicator,
            r_target=self.r_target,
            o_object=self.o_object,
            **arrays,
        )

    def indicators(self, p: int, plan: Plan) -> dict[str, int]:
        units = self.units
        groups = {}
        for ind in plan.indicators:
            groups[ind.id] = len(self.g_unit)
            self.g_plan.append(p)
            key = units.key(ind.unit)
            self.g_unit.append(key)
            self.g_bare.append(units.bare(key))
            self.g_linear.append(ind.growth is GrowthMode.LINEAR)
            self.g_sense.append(1 if ind.direction is Direction.HIGHER else -1)
            self.g_binding.append(ind.binding)
            limit = math.nan if ind.limit is None else units.convert(ind.limit, key, "value")
            self.g_limit.append(limit)
            self.g_indicator.append(ind)
            self.g_id.append(ind.id)
            self.g_standard.append(ind.standard)
            self.g_any.append(False)
            self.g_flow.append(measure_of(ind) is Measure.FLOW)
        return groups

    def observations(
        self, plan: Plan, groups: dict[str, int], extra: Iterable[Observation] | None
    ) -> None:
        units = self.units
        g_any, g_unit, g_bare = self.g_any, self.g_unit, self.g_bare
        o_group, o_year, o_first, o_last = self.o_group, self.o_year, self.o_first, self.o_last
        o_status, o_magnitude, o_factor = self.o_status, self.o_magnitude, self.o_factor
        o_bound, o_object, o_inherited = self.o_bound, self.o_object, self.o_inherited
        given = gather(plan, extra)
        n_given = len(given)
        inherited = tuple(b.observation for b in inherited_baselines(plan).values())
        for i, obs in enumerate(given + inherited):
            if not is_level(obs):
                continue  # a total over years, or a composition's shares
            g = groups[obs.indicator]
            if i < n_given:  # a baseline taken from the predecessor is no observation of the plan
                g_any[g] = True
            q = as_quantity(obs.value)
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
            o_inherited.append(i >= n_given)

    def target_columns(
        self, plans: list[Plan], plan_groups: list[dict[str, int]]
    ) -> tuple[_Targets, list[Target]]:
        """The plans' targets as :class:`_Targets`, plan by plan and indicator by indicator."""
        units = self.units
        out: dict[str, list[Any]] = {name: [] for name in _TARGET_COLUMNS}
        objects: list[Target] = []
        for p, plan in enumerate(plans):
            groups = plan_groups[p]
            by_indicator: dict[str, list[Target]] = {}
            for target in plan.targets:
                by_indicator.setdefault(target.indicator, []).append(target)
            for ind in plan.indicators:
                if ind.parts:
                    continue  # a composition: shown as written, never judged
                for target in by_indicator.get(ind.id, ()):
                    base: float = math.nan
                    annual, years = True, None
                    cmp = target.comparator
                    if isinstance(target, RateTarget):
                        kind, q, years = "rate", as_quantity(target.value), target.years
                    elif isinstance(target, GrowthTarget):
                        kind = "reduction" if isinstance(target, ReductionTarget) else "growth"
                        q, annual = target.rate, target.annual
                        if target.base_year is not None:
                            base = target.base_year
                    elif isinstance(target, ChangeTarget):
                        cmp = target.level_comparator
                        if target.base_year is not None:
                            base = target.base_year
                        if target.by is None:
                            kind, annual = "factor", False
                            q = Quantity(float(target.factor or 0) - 1.0, "dimensionless")
                        elif target.in_points:
                            kind, q = "change", Quantity(target.by.magnitude, "percent")
                        else:
                            kind, q = "change", target.by
                    elif isinstance(target, CoverageTarget):
                        kind, q = "coverage", units.hundred_percent
                    else:
                        kind, q = "level", as_quantity(target.value)  # type: ignore[attr-defined]  # the kinds left are LevelTargets
                    for name, value in zip(
                        _TARGET_COLUMNS,
                        (groups[ind.id], p, kind, COMPARATOR_CODE[cmp],
                         target.year, base, q.magnitude, units.key(q), annual, years),
                        strict=True,
                    ):  # fmt: skip
                        out[name].append(value)
                    objects.append(target)
        return _targets(out), objects

    def rows(
        self, t: _Targets, base_year: IntArray, start_year: IntArray, end_year: IntArray
    ) -> IntArray:
        """The ``r_`` and ``q_`` columns from the targets (their plans' base, start and end
        years by plan index): a plan's rows indicator by indicator, each indicator's targets
        in order, or one row judged on its trend alone for an indicator with observations but
        no target. Returns the target (index into ``t``) of each row, -1 for the latter."""
        units = self.units
        g_unit = np.asarray(self.g_unit, dtype=np.int64)
        g_bare = np.asarray(self.g_bare, dtype=bool)
        kind = t.kind
        is_rate, is_coverage, is_change = kind == "rate", kind == "coverage", kind == "change"
        is_factor = kind == "factor"
        is_growth = (kind == "growth") | (kind == "reduction") | is_factor
        sign = np.where(kind == "reduction", -1, 1)
        # the one quantity each target converts: a rate to a fraction, a level (or a rate
        # target's yearly level) to its indicator's unit unless written without a unit
        dst = np.where(is_growth, units.dimensionless, g_unit[t.group])
        bare = np.array([units.bare(int(u)) for u in t.unit.tolist()], dtype=bool)
        used = is_growth | is_coverage | ~(bare & ~g_bare[t.group])
        factor = np.array(
            [
                units.factor(int(a), int(b)) if ok else 1.0
                for a, b, ok in zip(t.unit.tolist(), dst.tolist(), used.tolist(), strict=True)
            ],
            dtype=np.float64,
        )  # None (no conversion) becomes NaN
        bad = used & np.isnan(factor)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise UnitMismatchError(
                f"target of {self.g_id[t.group[i]]}",
                units.unit[t.unit[i]],
                units.unit[dst[i]],
            )
        converted = np.where(used, t.magnitude * factor, np.nan)
        level = np.where(is_growth | is_change, np.nan, converted)
        # a growth's rate (a fraction); a change's size, in the indicator's unit
        rate = np.where(is_growth, sign * converted, np.where(is_change, converted, np.nan))
        row_kind = np.where(
            is_rate,
            RATE,
            np.where(
                is_growth,
                np.where(t.annual & ~is_factor, GROWTH_ANNUAL, GROWTH_TOTAL),
                np.where(is_change, CHANGE, LEVEL),
            ),
        )
        from_base = is_growth | is_change
        base = np.where(from_base & ~np.isnan(t.base_year), t.base_year, base_year[t.plan])
        # indicators judged on their trend alone: observations, no target
        has_target = np.zeros(len(self.g_unit), dtype=bool)
        has_target[t.group] = True
        lone = np.flatnonzero(np.asarray(self.g_any, dtype=bool) & ~has_target)
        lone_plan = np.asarray(self.g_plan, dtype=np.int64)[lone]
        n_lone = len(lone)
        all_group = np.concatenate([t.group, lone])
        order = np.argsort(all_group, kind="stable")
        columns = {
            "r_plan": np.concatenate([t.plan, lone_plan]),
            "r_group": all_group,
            "r_kind": np.concatenate([row_kind, np.full(n_lone, NO_TARGET)]),
            "r_cmp": np.concatenate([t.cmp * sign, np.zeros(n_lone, dtype=np.int64)]),
            "r_year": np.concatenate([t.year, np.zeros(n_lone, dtype=np.int64)]),
            "r_base": np.concatenate([base.astype(np.int64), base_year[lone_plan]]),
            "r_end": np.concatenate([t.year, end_year[lone_plan]]).astype(np.float64),
            "r_level": np.concatenate([level, np.full(n_lone, np.nan)]),
            "r_rate": np.concatenate([rate, np.full(n_lone, np.nan)]),
        }
        for name, column in columns.items():
            setattr(self, name, column[order])
        # each year of a rate target whose unit is stated, row by row, year by year
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        for i in np.flatnonzero(is_rate & used).tolist():
            p = int(t.plan[i])
            span = t.years[i] or range(int(start_year[p]), int(end_year[p]) + 1)
            for year in sorted(set(span)):
                self.q_row.append(int(position[i]))
                self.q_year.append(int(year))
        return np.concatenate([np.arange(len(t.group)), np.full(n_lone, -1)])[order]

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
        return self.observation_rows(
            group,
            table.units,
            table.unit_codes,
            {
                "o_year": table.year,
                "o_first": table.first_month,
                "o_last": table.last_month,
                "o_status": table.status_rank,
                "o_magnitude": table.value,
                "o_bound": (
                    np.zeros(len(group), dtype=bool) if table.bound is None else table.bound
                ),
                "o_table_row": np.arange(len(group), dtype=np.int64),
            },
            lambda i: (
                f"observation of {table.indicators[table.indicator_codes[i]]} ({table.year[i]})"
            ),
            span=table.span,
        )

    def observation_rows(
        self,
        group: IntArray,
        unit_texts: list[str],
        unit_codes: IntArray,
        columns: dict[str, npt.NDArray[Any]],
        what: Any,
        stated: bool = False,
        span: BoolArray | None = None,
    ) -> dict[str, npt.NDArray[Any]]:
        """Observations given as columns (their series ``group``, units as codes into
        ``unit_texts``, and ``columns`` ``o_year``, ``o_first``, ``o_last``, ``o_status``,
        ``o_magnitude``, ``o_bound``) as the ``o_`` and ``s_`` columns: one pint conversion
        per (unit, indicator unit) pair. A value without a unit (``""``) is in its indicator's
        unit, unless ``stated`` (a plan's own observations: ``""`` is a dimensionless unit);
        a value in a bare unit (nothing, 万, 亿) of an indicator with a unit is skipped, never
        guessed. ``what(i)`` names row ``i`` in an error. Rows that are totals over a span of
        years (``span``) are dropped: no level of any year."""
        if span is not None and span.any():
            kept = np.flatnonzero(~span)
            group, unit_codes = group[kept], unit_codes[kept]
            columns = {name: column[kept] for name, column in columns.items()}
            named = what
            what = lambda i: named(int(kept[i]))  # noqa: E731 (rows named as given)
        g_any = np.asarray(self.g_any, dtype=bool)
        g_any[group] = True
        self.g_any = g_any.tolist()

        g_unit_ids: dict[Any, int] = {}
        g_unit_code = np.fromiter(
            (g_unit_ids.setdefault(k, len(g_unit_ids)) for k in self.g_unit),
            np.int64,
            len(self.g_unit),
        )
        dst_keys = list(g_unit_ids)
        factors, usable = self.factor_table(unit_texts, dst_keys, stated)
        row_dst = g_unit_code[group]
        keep = usable[unit_codes, row_dst]
        factor = factors[unit_codes, row_dst]
        bad = keep & np.isnan(factor)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise UnitMismatchError(
                what(i),
                self.unit_of(unit_texts[unit_codes[i]], stated),
                self.units.unit[dst_keys[row_dst[i]]],
            )
        out = {name: column[keep] for name, column in columns.items()}
        out.update(
            o_group=group[keep],
            o_factor=factor[keep],
            o_inherited=np.zeros(int(keep.sum()), dtype=bool),
            s_group=group[~keep],
            s_year=columns["o_year"][~keep],
        )
        return out

    def unit_of(self, text: str, stated: bool) -> Any:
        """The pint unit of a unit text (``None`` for ``""`` unless ``stated``)."""
        if text == "":
            return self.units.unit[self.units.dimensionless] if stated else None
        return parse_unit(text)

    def factor_table(
        self, unit_texts: list[str], dst_keys: list[int], stated: bool
    ) -> tuple[FloatArray, BoolArray]:
        """For each (unit text, indicator unit code): the conversion factor (NaN: none) and
        whether a value in that unit is used at all (not a bare unit for a unit-bearing
        indicator)."""
        units = self.units
        factors = np.full((len(unit_texts), len(dst_keys)), np.nan)
        usable = np.ones((len(unit_texts), len(dst_keys)), dtype=bool)
        for uc, text in enumerate(unit_texts):
            unit = self.unit_of(text, stated)
            src = None if unit is None else units.key(unit)
            for dc, dst in enumerate(dst_keys):
                if src is None:
                    factors[uc, dc] = 1.0
                    continue
                usable[uc, dc] = not (units.bare(src) and not units.bare(dst))
                f = units.factor(src, dst)
                factors[uc, dc] = np.nan if f is None else f
        return factors, usable


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
    for p, plan in enumerate(plans):
        groups = data.indicators(p, plan)
        plan_groups.append(groups)
        data.observations(plan, groups, extra.get(plan.id))
    if table is not None and len(table):
        for name, column in data.table(table, plan_groups, ids).items():
            setattr(data, name, np.concatenate([np.asarray(getattr(data, name)), column]))
    targets, objects = data.target_columns(plans, plan_groups)
    years = [np.array([p.base_year, p.start_year, p.end_year]) for p in plans]
    base, start, end = np.array(years, dtype=np.int64).reshape(-1, 3).T
    which = data.rows(targets, base, start, end)
    data.r_target = [None if i < 0 else objects[i] for i in which.tolist()]
    return data.finish()


# -- from a plan store's columns ---------------------------------------------------------------
class StoreColumns(Protocol):
    """What :func:`gather_store` reads from a plan store
    (:class:`~fyp_planning.io.store.PlanStore` is one)."""

    def arrays(self, table: str, *columns: str) -> dict[str, npt.NDArray[Any]]: ...

    def codes(self, table: str, column: str) -> tuple[IntArray, list[Any]]: ...

    def plans(self) -> tuple[Plan, ...]: ...

    def target_objects(self, rows: Iterable[int]) -> list[Target]: ...

    def target_words(self, rows: Iterable[int]) -> list[str]: ...


#: Target kinds of the store (``targets.kind``) as the kinds of :class:`_Targets`.
_KIND_OF = {
    "level": "level",
    "share": "level",
    "threshold": "level",
    "growth": "growth",
    "reduction": "reduction",
    "rate": "rate",
    "coverage": "coverage",
}


def _unit_keys(data: _Gatherer, texts: list[Any]) -> IntArray:
    """The unit code of each unit text of a plan's quantities (and -1 after them, for null)."""
    units = data.units
    return np.array([units.key(data.unit_of(t or "", True)) for t in texts] + [-1], dtype=np.int64)


def _text_codes(
    source: StoreColumns, table: str, column: str, rows: Any
) -> tuple[IntArray, list[Any]]:
    codes, labels = source.codes(table, column)
    return codes[rows], labels


def _remap(
    codes: IntArray, labels: list[Any], mapping: Mapping[Any, Any], default: Any
) -> npt.NDArray[Any]:
    """Codes into ``labels`` turned into ``mapping[label]`` (``default`` for a null, code -1)."""
    table = np.array([mapping[x] for x in labels] + [default])
    return table[codes]


def _may_inherit(source: StoreColumns) -> bool:
    """Whether a stored predecessor has an observation of its successor's base year (which
    :func:`._data.inherited_baselines` may take as the successor's baseline)."""
    plans = source.arrays("plans", "successor", "base_year")
    successor = [-1 if s is None or s != s else int(s) for s in plans["successor"].tolist()]
    if all(s < 0 for s in successor):
        return False
    base_year = np.asarray(plans["base_year"], dtype=np.int64)
    wanted = np.array([base_year[s] if s >= 0 else -1 for s in successor], dtype=np.int64)
    obs = source.arrays("observations", "plan", "period")
    rows = np.asarray(obs["plan"], dtype=np.int64)
    return bool((np.asarray(obs["period"], dtype=np.int64) == wanted[rows]).any())


def store_needs_plans(source: StoreColumns) -> bool:
    """Whether a store holds a value the columns alone cannot give (a value kept in ``extra``,
    a target read from its phrase, an indicator whose growth or direction is not written, a
    choice that is not one, a predecessor with values of its successor's base year, which
    may give it baselines — :func:`._data.inherited_baselines`): then the batch is made from
    the stored plans (whose reader refuses a bad value with the file, row and column)."""
    if _may_inherit(source):
        return True
    for table in ("plans", "indicators", "observations", "targets"):
        codes, _ = source.codes(table, "extra")
        if (codes >= 0).any():
            return True
    known: list[tuple[str, str, set[str | None]]] = [
        ("indicators", "kind", {x.value for x in IndicatorKind} | {None}),
        ("indicators", "direction", {x.value for x in Direction}),
        ("indicators", "growth", {x.value for x in GrowthMode}),
        ("indicators", "measure", {x.value for x in Measure} | {None}),
        ("targets", "kind", set(_KIND_OF)),
        ("targets", "comparator", {x.value for x in Comparator} | {None}),
        ("observations", "comparator", {x.value for x in Comparator} | {None}),
        ("observations", "status", {x.value for x in ObservationStatus} | {None}),
    ]
    for table, column, values in known:  # a value the plan-file reader refuses: it says so
        codes, labels = source.codes(table, column)
        if (None not in values and (codes < 0).any()) or not set(labels) <= values:
            return True
    return False


def gather_store(
    source: StoreColumns, table: ObservationTable | None
) -> tuple[Columns, list[str], IntArray]:
    """Read a plan store's columns into :class:`Columns`, as :func:`gather_all` reads the
    stored plans' objects (the plans saved, without their predecessors): no plan is built.

    Returns:
        The columns, the id of each plan, and the row of ``targets.parquet`` of each row
        (-1 for an indicator judged without a target).
    """
    plans = source.arrays("plans", "plan", "successor", "id", "start_year", "end_year", "base_year")
    roots = np.flatnonzero(
        np.array([s is None or s != s for s in plans["successor"].tolist()], dtype=bool)
    )
    rank = np.full(len(plans["plan"]), -1, dtype=np.int64)
    rank[roots] = np.arange(len(roots))
    ids = [str(plans["id"][r]) for r in roots.tolist()]
    base_year = np.asarray(plans["base_year"], dtype=np.int64)
    start_year = np.asarray(plans["start_year"], dtype=np.int64)
    end_year = np.asarray(plans["end_year"], dtype=np.int64)

    data = _Gatherer()
    units = data.units
    # groups: the saved plans' indicators, plan by plan
    ind = source.arrays("indicators", "plan", "limit")
    ind_plan_all = np.asarray(ind["plan"], dtype=np.int64)
    ind_rows = np.flatnonzero(rank[ind_plan_all] >= 0)
    ind_rows = ind_rows[np.argsort(rank[ind_plan_all[ind_rows]], kind="stable")]
    g_plan = ind_plan_all[ind_rows]  # plan row of each group
    id_codes, id_labels = _text_codes(source, "indicators", "id", ind_rows)
    data.g_id = [id_labels[c] for c in id_codes.tolist()]
    std_codes, std_labels = _text_codes(source, "indicators", "standard", ind_rows)
    data.g_standard = [None if c < 0 else std_labels[c] for c in std_codes.tolist()]
    data.g_plan = rank[g_plan].tolist()
    unit_codes, unit_labels = _text_codes(source, "indicators", "unit", ind_rows)
    unit_keys = np.array([units.key(parse_unit(t)) for t in unit_labels] + [-1], dtype=np.int64)
    g_unit = unit_keys[unit_codes]
    data.g_unit = g_unit.tolist()
    data.g_bare = [units.bare(k) for k in data.g_unit]  # kept per unit by _Units
    data.g_linear = _remap(
        *_text_codes(source, "indicators", "growth", ind_rows),
        {x.value: x is GrowthMode.LINEAR for x in GrowthMode},
        False,
    ).tolist()
    data.g_sense = _remap(
        *_text_codes(source, "indicators", "direction", ind_rows),
        {x.value: 1 if x is Direction.HIGHER else -1 for x in Direction},
        -1,
    ).tolist()
    data.g_binding = _remap(
        *_text_codes(source, "indicators", "kind", ind_rows),
        {x.value: x is IndicatorKind.BINDING for x in IndicatorKind},
        False,
    ).tolist()
    n_groups = len(ind_rows)
    data.g_any = [False] * n_groups
    name_codes, name_labels = _text_codes(source, "indicators", "name", ind_rows)
    measure_codes, measure_labels = _text_codes(source, "indicators", "measure", ind_rows)
    flow_of: dict[tuple[int, int, int], bool] = {}  # (name, unit, measure) codes → a flow?
    g_flow = []
    for n, u, m in zip(
        name_codes.tolist(), unit_codes.tolist(), measure_codes.tolist(), strict=True
    ):
        found = flow_of.get((n, u, m))
        if found is None:
            stated = Measure(measure_labels[m]) if m >= 0 else None
            measure = stated or infer_measure(name_labels[n], units.unit[unit_keys[u]])
            found = flow_of[(n, u, m)] = measure is Measure.FLOW
        g_flow.append(found)
    data.g_flow = g_flow
    limit = np.asarray(ind["limit"], dtype=np.float64)[ind_rows]
    has_limit = ~np.isnan(limit)
    limit_codes, limit_labels = _text_codes(source, "indicators", "limit_unit", ind_rows)
    g_limit = np.full(n_groups, np.nan)
    if has_limit.any():
        factor = _factors(
            data, limit_codes[has_limit], limit_labels, g_unit[has_limit], lambda i: "value"
        )
        g_limit[has_limit] = limit[has_limit] * factor
    data.g_limit = g_limit.tolist()

    # each (plan row, indicator id) → its group
    label_index: dict[Any, int] = {label: i for i, label in enumerate(id_labels)}
    n_labels = len(id_labels) + 1
    group_key = g_plan * n_labels + id_codes
    order = np.argsort(group_key, kind="stable")
    sorted_keys = group_key[order]

    def groups_of(table_name: str, rows: IntArray, plan_of: IntArray) -> IntArray:
        codes, labels = _text_codes(source, table_name, "indicator", rows)
        into = np.array([label_index.get(x, -1) for x in labels] + [-1], dtype=np.int64)
        key = plan_of * n_labels + into[codes]
        at = np.minimum(np.searchsorted(sorted_keys, key), max(len(sorted_keys) - 1, 0))
        found = (sorted_keys[at] == key) & (into[codes] >= 0) if len(sorted_keys) else key < 0
        if not found.all():
            raise ValueError(f"{table_name}.parquet: rows of indicators their plan does not have")
        return order[at]

    # the plans' own observations, then the table's rows
    obs = source.arrays("observations", "plan", "period", "value")
    obs_plan_all = np.asarray(obs["plan"], dtype=np.int64)
    obs_rows = np.flatnonzero(rank[obs_plan_all] >= 0)
    obs_rows = obs_rows[np.argsort(rank[obs_plan_all[obs_rows]], kind="stable")]
    o_group = groups_of("observations", obs_rows, obs_plan_all[obs_rows])
    year = np.asarray(obs["period"], dtype=np.int64)[obs_rows]
    part_codes, part_labels = _text_codes(source, "observations", "period_part", obs_rows)
    parts = [Period.parse(t) for t in part_labels]
    first = np.array([p.first_month for p in parts] + [1], dtype=np.int64)[part_codes]
    last = np.array([p.last_month for p in parts] + [12], dtype=np.int64)[part_codes]
    span = np.array([p.is_span for p in parts] + [False], dtype=bool)[part_codes]
    status = _remap(
        *_text_codes(source, "observations", "status", obs_rows),
        {x.value: STATUS_RANK[x] for x in ObservationStatus},
        STATUS_RANK[ObservationStatus.ACTUAL],
    )
    bound = _remap(
        *_text_codes(source, "observations", "comparator", obs_rows),
        {x.value: x is not Comparator.EQ for x in Comparator},
        False,
    )
    value_codes, value_labels = _text_codes(source, "observations", "value_unit", obs_rows)
    own = data.observation_rows(
        o_group,
        value_labels,
        value_codes,
        {
            "o_year": year,
            "o_first": first,
            "o_last": last,
            "o_status": status.astype(np.int64),
            "o_magnitude": np.asarray(obs["value"], dtype=np.float64)[obs_rows],
            "o_bound": bound.astype(bool),
        },
        lambda i: f"observation of {data.g_id[o_group[i]]} ({year[i]})",
        stated=True,
        span=span,
    )
    if table is not None and len(table):
        groups = [dict[str, int]() for _ in ids]
        for g, (p, name) in enumerate(zip(rank[g_plan].tolist(), data.g_id, strict=True)):
            groups[p][name] = g
        more = data.table(table, groups, ids)
        own = {name: np.concatenate([own[name], more[name]]) for name in own}
    for name, column in own.items():
        setattr(data, name, column)

    # the targets, plan by plan and indicator by indicator, then the rows
    tgt = source.arrays("targets", "plan", "year", "value", "rate", "base_year", "annual", "years")
    tgt_plan_all = np.asarray(tgt["plan"], dtype=np.int64)
    t_rows = np.flatnonzero(rank[tgt_plan_all] >= 0)
    t_group = groups_of("targets", t_rows, tgt_plan_all[t_rows])
    t_rows, t_group = (x[np.argsort(t_group, kind="stable")] for x in (t_rows, t_group))
    kind = _remap(*_text_codes(source, "targets", "kind", t_rows), _KIND_OF, "level")
    is_growth = (kind == "growth") | (kind == "reduction")
    value_codes, value_units = _text_codes(source, "targets", "value_unit", t_rows)
    rate_codes, rate_units = _text_codes(source, "targets", "rate_unit", t_rows)
    value_key = _unit_keys(data, value_units)[value_codes]
    rate_key = _unit_keys(data, rate_units)[rate_codes]
    coverage = kind == "coverage"
    targets = _targets(
        {
            "group": t_group,
            "plan": rank[tgt_plan_all[t_rows]],
            "kind": kind,
            "cmp": _remap(
                *_text_codes(source, "targets", "comparator", t_rows),
                {x.value: COMPARATOR_CODE[x] for x in Comparator},
                COMPARATOR_CODE[Comparator.GE],
            ),
            "year": np.asarray(tgt["year"], dtype=np.int64)[t_rows],
            "base_year": np.asarray(tgt["base_year"], dtype=np.float64)[t_rows],
            "magnitude": np.where(
                coverage,
                100.0,
                np.where(
                    is_growth,
                    np.asarray(tgt["rate"], dtype=np.float64)[t_rows],
                    np.asarray(tgt["value"], dtype=np.float64)[t_rows],
                ),
            ),
            "unit": np.where(
                coverage,
                units.key(units.hundred_percent),
                np.where(is_growth, rate_key, value_key),
            ),
            "annual": [a is not False for a in tgt["annual"][t_rows].tolist()],
            "years": tgt["years"][t_rows].tolist(),
        }
    )
    roots_base, roots_start, roots_end = base_year[roots], start_year[roots], end_year[roots]
    which = data.rows(targets, roots_base, roots_start, roots_end)
    target_row = np.append(t_rows, -1)[which]  # -1: the last, for a row without a target
    return data.finish(), ids, target_row


def _factors(
    data: _Gatherer, codes: IntArray, labels: list[Any], dst: IntArray, what: Any
) -> FloatArray:
    """The factor converting each value (its unit a code into ``labels``) to its ``dst`` unit
    code; :class:`UnitMismatchError` for the first that does not convert."""
    dst_keys = sorted(set(dst.tolist()))
    at = {k: i for i, k in enumerate(dst_keys)}
    factors, _ = data.factor_table([*labels, ""], dst_keys, True)
    column = np.array([at[k] for k in dst.tolist()], dtype=np.int64)
    codes = np.where(codes < 0, len(labels), codes)
    found = factors[codes, column]
    bad = np.isnan(found)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise UnitMismatchError(
            what(i), data.unit_of(labels[codes[i]], True), data.units.unit[dst[i]]
        )
    return found
