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
from ..model.enums import Comparator, Direction, GrowthMode, IndicatorKind, ObservationStatus
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..model.targets import CoverageTarget, GrowthTarget, RateTarget, ReductionTarget, Target
from ..units import Quantity, format_unit, is_bare, parse_unit
from ._data import COMPARATOR_CODE, STATUS_RANK, gather
from .table import ObservationTable

__all__ = ["Columns", "StoreColumns", "gather_all", "gather_store", "store_needs_plans"]

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
    g_id: list[str]  # the indicator id of each group
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
        self.g_id: list[str] = []
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
            g_id=self.g_id,
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
            self.g_id.append(ind.id)
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
                        value = target.value  # type: ignore[attr-defined]
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
                "o_bound": np.zeros(len(group), dtype=bool),
            },
            lambda i: (
                f"observation of {table.indicators[table.indicator_codes[i]]} ({table.year[i]})"
            ),
        )

    def observation_rows(
        self,
        group: IntArray,
        unit_texts: list[str],
        unit_codes: IntArray,
        columns: dict[str, npt.NDArray[Any]],
        what: Any,
        stated: bool = False,
    ) -> dict[str, npt.NDArray[Any]]:
        """Observations given as columns (their series ``group``, units as codes into
        ``unit_texts``, and ``columns`` ``o_year``, ``o_first``, ``o_last``, ``o_status``,
        ``o_magnitude``, ``o_bound``) as the ``o_`` and ``s_`` columns: one pint conversion
        per (unit, indicator unit) pair. A value without a unit (``""``) is in its indicator's
        unit, unless ``stated`` (a plan's own observations: ``""`` is a dimensionless unit);
        a value in a bare unit (nothing, 万, 亿) of an indicator with a unit is skipped, never
        guessed. ``what(i)`` names row ``i`` in an error."""
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
    for plan in plans:
        groups = data.indicators(plan)
        plan_groups.append(groups)
        data.observations(plan, groups, extra.get(plan.id))
    more = data.table(table, plan_groups, ids) if table is not None and len(table) else None
    for p, plan in enumerate(plans):
        data.targets(p, plan, plan_groups[p])
    return data.finish(more)


# -- from a plan store's columns ---------------------------------------------------------------
class StoreColumns(Protocol):
    """What :func:`gather_store` reads from a plan store
    (:class:`~fyp_planning.io.store.PlanStore` is one)."""

    def arrays(self, table: str, *columns: str) -> dict[str, npt.NDArray[Any]]: ...

    def codes(self, table: str, column: str) -> tuple[IntArray, list[Any]]: ...

    def plans(self) -> tuple[Plan, ...]: ...

    def target_objects(self, rows: Iterable[int]) -> list[Target]: ...

    def target_words(self, rows: Iterable[int]) -> list[str]: ...


#: Target kinds of the store (``targets.kind``) as row kinds; growth kinds by ``annual``.
_LEVEL_KINDS = ("level", "share", "threshold")
_GROWTH_KINDS = ("growth", "reduction")


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


def store_needs_plans(source: StoreColumns) -> bool:
    """Whether a store holds a value the columns alone cannot give (a value kept in ``extra``,
    a target read from its phrase, an indicator whose growth or direction is not written):
    then the batch is made from the stored plans."""
    for table in ("plans", "indicators", "observations", "targets"):
        codes, _ = source.codes(table, "extra")
        if (codes >= 0).any():
            return True
    for column in ("kind", "direction", "growth"):
        if (source.codes("indicators", column)[0] < 0).any():
            return True
    return bool((source.codes("targets", "kind")[0] < 0).any())


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
    unit_codes, unit_labels = _text_codes(source, "indicators", "unit", ind_rows)
    unit_keys = np.array([units.key(parse_unit(t)) for t in unit_labels] + [-1], dtype=np.int64)
    g_unit = unit_keys[unit_codes]
    data.g_unit = g_unit.tolist()
    bare_of = {k: units.bare(k) for k in set(data.g_unit)}
    data.g_bare = [bare_of[k] for k in data.g_unit]
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
    )
    if table is not None and len(table):
        groups = [dict[str, int]() for _ in ids]
        for g, (p, name) in enumerate(zip(rank[g_plan].tolist(), data.g_id, strict=True)):
            groups[p][name] = g
        more = data.table(table, groups, ids)
        own = {name: np.concatenate([own[name], more[name]]) for name in own}
    for name, column in own.items():
        setattr(data, name, column)

    # rows: per plan, per indicator, its targets (or one row judged on the trend alone)
    tgt = source.arrays("targets", "plan", "year", "value", "rate", "base_year", "annual", "years")
    tgt_plan_all = np.asarray(tgt["plan"], dtype=np.int64)
    t_rows = np.flatnonzero(rank[tgt_plan_all] >= 0)
    t_plan = tgt_plan_all[t_rows]
    t_group = groups_of("targets", t_rows, t_plan)
    t_rows, t_group, t_plan = (
        x[np.argsort(t_group, kind="stable")] for x in (t_rows, t_group, t_plan)
    )
    kind_codes, kind_labels = _text_codes(source, "targets", "kind", t_rows)
    kind_text = np.array([*kind_labels, ""], dtype=object)[kind_codes]
    annual = np.array([a is not False for a in tgt["annual"][t_rows].tolist()], dtype=bool)
    is_rate = kind_text == "rate"
    is_growth = np.isin(kind_text, _GROWTH_KINDS)
    is_reduction = kind_text == "reduction"
    is_coverage = kind_text == "coverage"
    kind = np.where(
        is_rate, RATE, np.where(is_growth, np.where(annual, GROWTH_ANNUAL, GROWTH_TOTAL), LEVEL)
    )
    cmp = _remap(
        *_text_codes(source, "targets", "comparator", t_rows),
        {x.value: COMPARATOR_CODE[x] for x in Comparator},
        COMPARATOR_CODE[Comparator.GE],
    ).astype(np.int64)
    cmp = np.where(is_reduction, -cmp, cmp)
    t_year = np.asarray(tgt["year"], dtype=np.int64)[t_rows]
    own_base = np.asarray(tgt["base_year"], dtype=np.float64)[t_rows]
    base = np.where(is_growth & ~np.isnan(own_base), own_base, base_year[t_plan]).astype(np.int64)
    dst = g_unit[t_group]
    g_bare = np.asarray(data.g_bare, dtype=bool)
    # levels: the value in its indicator's unit (not judged when written without a unit)
    level = np.full(len(t_rows), np.nan)
    has_value = is_rate | np.isin(kind_text, _LEVEL_KINDS)
    v_codes, v_labels = _text_codes(source, "targets", "value_unit", t_rows)
    v_bare = np.array([units.bare(units.key(data.unit_of(t, True))) for t in v_labels] + [False])[
        v_codes
    ]
    valued = has_value & ~(v_bare & ~g_bare[t_group])
    if valued.any():
        where = np.flatnonzero(valued)
        factor = _factors(
            data,
            v_codes[where],
            v_labels,
            dst[where],
            lambda i: f"target of {data.g_id[t_group[where[i]]]}",
        )
        magnitude = np.asarray(tgt["value"], dtype=np.float64)[t_rows[where]]
        level[where] = np.where(factor == 1.0, magnitude, magnitude * factor)
    if is_coverage.any():
        where = np.flatnonzero(is_coverage)
        hundred = units.hundred_percent
        level[where] = [
            units.convert(hundred, int(d), f"target of {data.g_id[t_group[i]]}")
            for d, i in zip(dst[where].tolist(), where.tolist(), strict=True)
        ]
    rate = np.full(len(t_rows), np.nan)
    if is_growth.any():
        where = np.flatnonzero(is_growth)
        r_codes, r_labels = _text_codes(source, "targets", "rate_unit", t_rows[where])
        factor = _factors(
            data,
            r_codes,
            r_labels,
            np.full(len(where), units.dimensionless),
            lambda i: f"target of {data.g_id[t_group[where[i]]]}",
        )
        magnitude = np.asarray(tgt["rate"], dtype=np.float64)[t_rows[where]]
        sign = np.where(is_reduction[where], -1.0, 1.0)
        rate[where] = sign * np.where(factor == 1.0, magnitude, magnitude * factor)
    # each year of a rate target whose unit is stated
    q_row: list[int] = []
    q_year: list[int] = []
    # groups judged on their trend alone: observations, no target
    has_target = np.zeros(n_groups, dtype=bool)
    has_target[t_group] = True
    lone = np.flatnonzero(np.asarray(data.g_any, dtype=bool) & ~has_target)
    all_group = np.concatenate([t_group, lone])
    row_order = np.argsort(all_group, kind="stable")
    position = np.empty(len(row_order), dtype=np.int64)
    position[row_order] = np.arange(len(row_order))
    years_column = tgt["years"]
    for i in np.flatnonzero(is_rate & valued).tolist():
        p = int(t_plan[i])
        own_years = years_column[t_rows[i]]
        span = (
            own_years
            if own_years is not None and len(own_years)
            else range(start_year[p], end_year[p] + 1)
        )
        for y in sorted(set(int(x) for x in span)):
            q_row.append(int(position[i]))
            q_year.append(y)
    lone_plan = g_plan[lone]
    n_lone = len(lone)
    columns = {
        "r_plan": np.concatenate([rank[t_plan], rank[lone_plan]]),
        "r_group": all_group,
        "r_kind": np.concatenate([kind, np.full(n_lone, NO_TARGET)]),
        "r_cmp": np.concatenate([cmp, np.zeros(n_lone, dtype=np.int64)]),
        "r_year": np.concatenate([t_year, np.zeros(n_lone, dtype=np.int64)]),
        "r_base": np.concatenate([base, base_year[lone_plan]]),
        "r_end": np.concatenate([t_year, end_year[lone_plan]]).astype(np.float64),
        "r_level": np.concatenate([level, np.full(n_lone, np.nan)]),
        "r_rate": np.concatenate([rate, np.full(n_lone, np.nan)]),
    }
    for name, column in columns.items():
        setattr(data, name, column[row_order])
    data.q_row, data.q_year = q_row, q_year
    target_row = np.concatenate([t_rows, np.full(n_lone, -1, dtype=np.int64)])[row_order]
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
