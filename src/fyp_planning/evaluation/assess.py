"""Progress of a plan towards its targets: :func:`assess`.

For every target of the plan (and every indicator with observations but no target) one
:class:`~fyp_planning.Assessment`:

* level, share, threshold and coverage targets (coverage is 100 %) are judged on their level;
* growth and reduction targets on the level their rate implies from the baseline — annual
  rates directly on the realised rate against the stated one;
* rate targets (增速8%: every year at least the value) year by year, on the observations of
  each year up to ``as_of``: the ratio is the mean yearly attainment (1 for a year that met
  the target, ``value / target`` for one that did not, mirrored for ≤ targets).

The baseline is the observation of the plan's base year (a growth target's own base year when
it has one): whole-year actuals first, then preliminary values and estimates, then part-years,
each fallback flagged; when the plan has no value of its own for its base year, its
predecessor's end value of that year, with its provenance (``baseline_inherited``). The latest
value is the observation ending last at or before ``as_of`` — but a **flow**'s part-year value
(2024年1-9月 of an output, after the whole 2023) is no level: it is set aside
(``part_year_flow``), and the explanation gives its growth on the same months of the latest
earlier year that has them (同比), instead of reading it as a decline.

``assess(plan)`` is the batch of one plan: :class:`~fyp_planning.PlanBatch` judges it on
arrays (the one implementation of progress evaluation), and this module turns each row into
an :class:`~fyp_planning.Assessment`, with the observations picked, the flags and the numbers
as quantities.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ..growth import pp_change
from ..model.composition import as_quantity
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import CoverageTarget, Target
from ..units import AnyQuantity, Quantity, to_unit, ureg
from ._data import Baseline, inherited_baselines, preference, status_flags
from ._gather import CHANGE, LEVEL, RATE
from ._vector import Evaluation, Prepared
from .assessment import Assessment
from .batch import PlanBatch, _checked
from .methods import VERDICTS, CountyMethod, Method, _or_none, resolve
from .results import Assessments
from .table import ObservationTable

__all__ = ["assess"]

_DEFAULT_METHOD = CountyMethod()


def _dedupe(flags: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(flags))


def _rate_quantity(rate: float | None, indicator: Indicator, linear: bool) -> AnyQuantity | None:
    """A rate as a quantity: percent, or a change per year (百分点/年 for shares).

    Each unit's factor and unit are worked out with pint once (:func:`_rate_unit`): the
    values are pint's own, to the bit (pint converts by multiplying by the factor).
    """
    if rate is None:
        return None
    if not linear:
        factor, unit = _rate_unit(None, False)
        return Quantity(rate * factor, unit)
    factor, unit = _rate_unit(indicator.unit, indicator.is_share)
    if indicator.is_share:
        return Quantity((rate * factor - 0.0) * 100.0, unit)  # pp_change from zero
    return Quantity(rate, unit)


@functools.lru_cache(maxsize=256)
def _rate_unit(unit: Any, share: bool) -> tuple[float, Any]:
    """The factor and unit of a rate in ``unit`` (``None``: a fraction, shown in percent)."""
    if unit is None:
        return float(Quantity(1.0, "dimensionless").to("percent").magnitude), ureg.percent
    if share:
        factor = float(Quantity(1.0, unit).to("dimensionless").magnitude)
        per_year = (pp_change(Quantity(0.0, unit), Quantity(1.0, unit)) / ureg.year).units
        return factor, per_year
    return 1.0, unit / ureg.year


def _elapsed(now: float | None, start: float, end: float) -> float | None:
    if now is None or end <= start:
        return None
    return min(1.0, max(0.0, (now - start) / (end - start)))


class _Rows:
    """The rows of a batch of one plan, as :class:`Assessment` objects."""

    def __init__(
        self,
        prepared: Prepared,
        found: Evaluation,
        as_of: int | None,
        method: str,
        table: tuple[ObservationTable, Plan] | None = None,
        inherited: Mapping[str, Baseline] | None = None,
    ):
        self.prepared, self.found, self.as_of, self.method = prepared, found, as_of, method
        self.inherited = inherited or {}
        data = prepared.data
        self.objects = data.o_object
        self.table_rows = data.o_table_row
        self.table = table
        self.made: dict[int, Observation] = {}  # table rows made into observations
        skipped = list(zip(data.s_group.tolist(), data.s_year.tolist(), strict=True))
        self.skipped = set(skipped)
        self.first_skipped: dict[int, int] = {}
        for group, year in skipped:
            self.first_skipped[group] = min(year, self.first_skipped.get(group, year))

    def observation(self, pick: int) -> Observation | None:
        """The observation picked: one given as an object, or a table row made into one
        (only the rows picked ever are)."""
        if pick < 0:
            return None
        if pick < len(self.objects):
            return self.objects[pick]
        row = int(self.table_rows[pick - len(self.objects)])
        found = self.made.get(row)
        if found is None and self.table is not None:
            found = self.made[row] = self.table[0].observation(row, self.table[1])
        return found

    def value(self, obs: Observation | None, ind: Indicator) -> AnyQuantity | None:
        if obs is None:
            return None
        value = as_quantity(obs.value)
        if value.units == ind.unit:  # as pint's .to() of the same unit: the same number
            return Quantity(value.magnitude, ind.unit)
        return to_unit(value, ind.unit)

    def quantity(self, value: float, ind: Indicator) -> AnyQuantity | None:
        return None if value != value else Quantity(float(value), ind.unit)

    def target_value(
        self, target: Target | None, level: float, ind: Indicator
    ) -> AnyQuantity | None:
        """The level judged as a quantity: the target's own value (or 100 % for coverage) in
        the indicator's unit, as it was converted; the level a growth or change target's
        baseline implies."""
        if target is None or level != level:
            return None
        if isinstance(target, CoverageTarget):
            return to_unit(Quantity(100, "percent"), ind.unit)
        if target.from_base:
            return Quantity(float(level), ind.unit)
        return to_unit(target.value, ind.unit)  # type: ignore[attr-defined]  # the kinds left are LevelTargets

    def same_period(self, pick: int) -> int:
        """The observation of the same months of the latest earlier year as observation
        ``pick`` (of the same series; the plan's own), the preferred of that year; -1: none."""
        data = self.prepared.data
        g, y = data.o_group[pick], data.o_year[pick]
        first, last = data.o_first[pick], data.o_last[pick]
        found = np.flatnonzero(
            (data.o_group == g)
            & (data.o_first == first)
            & (data.o_last == last)
            & (data.o_year < y)
            & ~data.o_inherited
        )
        if not len(found):
            return -1
        whole = int(first == 1 and last == 12)
        key = [
            (int(data.o_year[k]), preference(whole, int(data.o_status[k])), int(k))
            for k in found.tolist()
        ]
        return max(key)[2]

    def set_aside(self, i: int, ind: Indicator) -> dict[str, Any]:
        """A flow's later part-year value, set aside, and its growth on the same months."""
        pick = int(self.found.set_aside[i])
        if pick < 0:
            return {}
        part = self.observation(pick)
        out: dict[str, Any] = {"set_aside": part}
        earlier = self.same_period(pick)
        if earlier >= 0 and part is not None:
            before = self.observation(earlier)
            now, then = self.value(part, ind), self.value(before, ind)
            if now is not None and then is not None and then.magnitude > 0:
                ratio = float(now.magnitude) / float(then.magnitude) - 1.0
                out.update(same_period=before, same_period_growth=Quantity(ratio * 100, "percent"))
        return out

    def skipped_up_to(self, group: int, year: int | None) -> bool:
        first = self.first_skipped.get(group)
        return first is not None and (year is None or first <= year)

    def assessment(self, i: int) -> Assessment:
        prepared = self.prepared
        data = prepared.data
        ind = data.g_indicator[int(prepared.group[i])]
        common: dict[str, Any] = {
            "indicator": ind.id,
            "target": data.r_target[i],
            "method": self.method,
            "binding": ind.binding,
        }
        if prepared.kind[i] == RATE:
            return self.rate(i, ind, common)
        return self.level(i, ind, common)

    def level(self, i: int, ind: Indicator, common: dict[str, Any]) -> Assessment:
        """A level, share, threshold, coverage or growth target, or an indicator without one."""
        prepared, found = self.prepared, self.found
        tracks, judged = found.tracks, found.judged
        group, base_year = int(prepared.group[i]), int(prepared.data.r_base[i])
        base_pick, latest_pick = int(prepared.baseline_pick[i]), int(found.latest_pick[i])
        base, latest = self.observation(base_pick), self.observation(latest_pick)
        flags: list[str] = []
        origin: dict[str, Any] = {}
        if base is None:
            flags.append("no_baseline")
            flags += ["unit_not_stated"] if (group, base_year) in self.skipped else []
        else:
            if prepared.data.o_inherited[base_pick]:
                flags.append("baseline_inherited")
                found_base = self.inherited.get(ind.id)
                if found_base is not None:
                    origin = {
                        "baseline_origin": found_base.origin,
                        "baseline_others": found_base.others,
                    }
            flags += status_flags(base, "baseline_")
        same = latest is not None and latest_pick == base_pick
        if latest is None:
            flags += ["unit_not_stated"] if self.skipped_up_to(group, self.as_of) else []
        elif not same:
            flags += status_flags(latest, "")
        base_time, latest_time = _or_none(tracks.baseline_time[i]), _or_none(tracks.latest_time[i])
        if latest is None and base is None:
            if "unit_not_stated" not in flags:
                flags.append("no_observations")
        elif latest is None or (
            base_time is not None and latest_time is not None and latest_time <= base_time
        ):
            flags.append("no_progress_data")
        has_goal = bool(prepared.has_goal[i])
        if prepared.zero_baseline[i]:
            flags.append("zero_baseline")
        unstated = prepared.kind[i] == LEVEL or (
            prepared.kind[i] == CHANGE and math.isnan(prepared.data.r_rate[i])
        )  # a level, or a change, written without a unit for an indicator with one
        if unstated and has_goal and not prepared.goal_ok[i]:
            flags.append("target_unit_not_stated")
        if has_goal and prepared.cmp[i] != 0 and prepared.sense[i] != prepared.own_sense[i]:
            flags.append("direction_mismatch")
        flags += judged.flags_of(i)
        aside = self.set_aside(i, ind)
        if aside:
            flags.append("part_year_flow")

        level = _or_none(prepared.level[i])
        b, now = _or_none(tracks.baseline[i]), _or_none(tracks.latest[i])
        completion = None
        if level is not None and b is not None and now is not None and level != b and not same:
            completion = (now - b) / (level - b)
        when = (
            latest_time if latest_time is not None else (float(self.as_of) if self.as_of else None)
        )
        start = base_time if base_time is not None else float(base_year)
        linear = bool(judged.linear[i])
        return Assessment(
            verdict=VERDICTS[int(judged.verdict[i])],
            baseline=base,
            latest=latest,
            baseline_value=self.value(base, ind),
            latest_value=self.value(latest, ind),
            target_value=self.target_value(common["target"], prepared.level[i], ind),
            required_rate=_rate_quantity(_or_none(judged.required_rate[i]), ind, linear),
            actual_rate=_rate_quantity(_or_none(judged.actual_rate[i]), ind, linear),
            projection=self.quantity(judged.projection[i], ind),
            ratio=_or_none(judged.ratio[i]),
            score=None if judged.score is None else _or_none(judged.score[i]),
            elapsed=_elapsed(when, start, float(prepared.data.r_end[i])),
            completion=completion,
            flags=_dedupe(flags),
            **origin,
            **aside,
            **common,
        )

    def rate(self, i: int, ind: Indicator, common: dict[str, Any]) -> Assessment:
        """A rate target (增速8%), judged year by year."""
        prepared, found = self.prepared, self.found
        level_q = self.target_value(common["target"], prepared.level_in[i], ind)
        if level_q is None:
            verdict = VERDICTS[int(found.judged.verdict[i])]
            return Assessment(verdict=verdict, flags=["target_unit_not_stated"], **common)
        k = int(np.searchsorted(prepared.rate_rows, i))
        first = int(np.searchsorted(prepared.q_row, k))
        entries = range(first, first + int(prepared.q_count[k]))
        group = int(prepared.group[i])
        flags: list[str] = []
        yearly: list[tuple[int, AnyQuantity, bool]] = []
        missing: list[int] = []
        last = None
        for e in entries:
            if not found.in_time[e]:
                continue
            year, pick = int(prepared.q_year[e]), int(prepared.q_pick[e])
            obs = self.observation(pick)
            if obs is None:
                missing.append(year)
                flags += ["unit_not_stated"] if (group, year) in self.skipped else []
                continue
            flags += status_flags(obs, "")
            yearly.append(
                (year, to_unit(as_quantity(obs.value), ind.unit), bool(prepared.q_met[e]))
            )
            last = obs
        elapsed = int(found.in_time[first : first + len(entries)].sum()) / len(entries)
        gaps = ["missing_years"] if missing else []
        if not yearly:
            return Assessment(
                verdict=VERDICTS[int(found.judged.verdict[i])],
                target_value=level_q,
                elapsed=elapsed,
                flags=_dedupe([*flags, "no_observations", *gaps]),
                missing_years=missing,
                **common,
            )
        if any(not met for _, _, met in yearly):
            flags += (
                ["missed_years", "binding_shortfall"] if common["binding"] else ["missed_years"]
            )
        return Assessment(
            verdict=VERDICTS[int(found.judged.verdict[i])],
            latest=last,
            latest_value=self.value(last, ind),
            target_value=level_q,
            ratio=_or_none(found.judged.ratio[i]),
            elapsed=elapsed,
            flags=_dedupe([*flags, *gaps]),
            yearly=yearly,
            missing_years=missing,
            **common,
        )


def assess(
    plan: Plan,
    *,
    as_of: int | None = None,
    observations: Iterable[Observation] | ObservationTable | None = None,
    method: Method | str = _DEFAULT_METHOD,
) -> Assessments:
    """Judge the progress of every target of a plan, with reasons.

    One assessment per target, in plan order, plus one for each indicator that has
    observations but no target (judged on its trend alone). Values are converted to each
    indicator's unit first, so data in 万元 and in 亿元 give the same verdicts. Part-year and
    estimated values are used, and flagged; values written without a unit are never guessed.

    Args:
        plan: The plan.
        as_of: Use only observations of this year or before (default: all).
        observations: Observations to use besides the plan's own (later data); on a tie with
            one of the plan's (same period and status) the extra one wins. Objects, or an
            :class:`~fyp_planning.ObservationTable` of this plan's rows (a large file read
            with :func:`~fyp_planning.load_observation_table`): its rows become
            :class:`~fyp_planning.Observation` objects only where an assessment shows them.
        method: A :class:`CountyMethod` (default), an :class:`OpenSDGMethod`, a
            :class:`UNSDMethod`, any object with ``name``, ``judge`` and ``grade``, or the
            name ``"county"`` / ``"opensdg"`` / ``"unsd"``.

    Returns:
        The assessments; see :meth:`Assessment.explain` for each verdict in words.

    Raises:
        UnitMismatchError: an observation or a target is in a unit that does not convert to
            its indicator's (亿度 for 亿元).
        ValueError: an extra observation is of an indicator the plan does not have (or, in
            a table, of another plan), or the method name is unknown.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           parse_quantity, parse_unit, assess)
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))],
        ...             observations=[Observation(indicator="output", period=Period(2020),
        ...                                       value=parse_quantity("198亿元"))],
        ...             targets=[LevelTarget(indicator="output", year=2025,
        ...                                  value=parse_quantity("300亿元"))])
        >>> later = [Observation(indicator="output", period=Period(2022),
        ...                      value=parse_quantity("2290000万元"))]
        >>> (a,) = assess(plan, observations=later)
        >>> a.verdict.value, round(a.ratio, 2)
        ('moderate', 0.87)
        >>> a.explain()
        '需年均增长8.67%，实际7.54%，比值0.87：进展中等'
        >>> assess(plan, observations=later, method="unsd")[0].explain("en")
        'at the current pace (growth of 7.54% a year), 284.83亿元 by 2025, r = 0.85: fair progress'
    """
    chosen = _checked(as_of, resolve(method))
    table = None
    if isinstance(observations, ObservationTable):
        table = (observations, plan)
        batch = PlanBatch([plan], observations)
    else:
        batch = PlanBatch([plan], None if observations is None else {plan.id: observations})
    rows = _Rows(
        batch._prepared,
        batch._evaluation(as_of, chosen),
        as_of,
        chosen.name,
        table,
        inherited_baselines(plan),
    )
    return Assessments((rows.assessment(i) for i in range(len(batch))), plan)
