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
each fallback flagged. The latest value is the observation ending last at or before ``as_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import fmean

import pint

from ..growth import pp_change
from ..model.enums import Comparator, Direction, GrowthMode, IndicatorKind
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import RateTarget, Target
from ..units import Quantity, to_unit, ureg
from ._data import Candidate, Pick, candidates, gather, meets, pick_at_year, pick_latest
from ._targets import base_year_of, goal_for, rate_target_level, sense_of
from .assessment import Assessment, Verdict
from .methods import METHODS, Judgement, Method, OpenSDGMethod, Track

__all__ = ["assess"]

_DEFAULT_METHOD = OpenSDGMethod()


def _method(method: Method | str) -> Method:
    if isinstance(method, str):
        try:
            return METHODS[method]()  # type: ignore[no-any-return]
        except KeyError:
            raise ValueError(
                f"unknown method {method!r} (未知方法); choose one of {', '.join(METHODS)}"
            ) from None
    if not isinstance(method, Method):
        raise TypeError(f"method must have name, judge and grade; got {method!r}")
    return method


def _dedupe(flags: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(flags))


def _rate_quantity(rate: float | None, indicator: Indicator, linear: bool) -> pint.Quantity | None:
    """A rate as a quantity: percent, or a change per year (百分点/年 for shares)."""
    if rate is None:
        return None
    if not linear:
        return Quantity(rate, "dimensionless").to("percent")
    if indicator.is_share:
        zero = Quantity(0.0, indicator.unit)
        return pp_change(zero, Quantity(rate, indicator.unit)) / ureg.year
    return Quantity(rate, indicator.unit / ureg.year)


def _elapsed(now: float | None, start: float, end: float) -> float | None:
    if now is None or end <= start:
        return None
    return min(1.0, max(0.0, (now - start) / (end - start)))


def _assess_level(
    plan: Plan,
    ind: Indicator,
    target: Target | None,
    usable: Sequence[Candidate],
    bare: Sequence[Observation],
    as_of: int | None,
    method: Method,
) -> Assessment:
    base_year = base_year_of(target, plan.base_year)
    base = pick_at_year(usable, bare, base_year, prefix="baseline_")
    latest = pick_latest(usable, bare, as_of)
    flags: list[str] = []
    if base.candidate is None:
        flags += ["no_baseline", *base.flags]
    else:
        flags += base.flags
    same = latest.candidate is not None and latest.candidate is base.candidate
    if not same:
        flags += latest.flags
    if latest.candidate is None and base.candidate is None:
        if "unit_not_stated" not in flags:
            flags.append("no_observations")
    elif latest.candidate is None or (
        base.candidate is not None and latest.time <= base.time  # type: ignore[operator]
    ):
        flags.append("no_progress_data")

    goal = goal_for(target, ind, base.value, base_year) if target is not None else None
    level = float(goal.level.magnitude) if goal is not None and goal.level is not None else None
    own_sense = 1 if ind.direction is Direction.HIGHER else -1
    if goal is not None:
        flags += goal.flags
        sense = sense_of(goal.comparator, level, base.magnitude, ind.direction)
        if goal.comparator is not Comparator.EQ and sense != own_sense:
            flags.append("direction_mismatch")
    else:
        sense = own_sense
    met = (
        goal is not None
        and level is not None
        and latest.magnitude is not None
        and meets(goal.comparator, latest.magnitude, level)
    )
    binding = ind.kind is IndicatorKind.BINDING
    end_year = goal.year if goal is not None else plan.end_year
    start = base.time if base.time is not None else float(base_year)

    if goal is not None and level is None:  # the target cannot be put in numbers
        judgement = Judgement(verdict=Verdict.INSUFFICIENT_DATA)
    else:
        track = Track(
            baseline=base.magnitude,
            baseline_time=base.time,
            latest=latest.magnitude,
            latest_time=latest.time,
            target=level,
            target_time=float(end_year) if goal is not None else None,
            sense=sense,
            linear=ind.growth is GrowthMode.LINEAR and not (goal is not None and goal.compound),
            met=met,
            stated_rate=goal.stated_rate if goal is not None else None,
            binding=binding,
            limit=float(to_unit(ind.limit, ind.unit).magnitude) if ind.limit is not None else None,
        )
        judgement = method.judge(track)
    flags += judgement.flags

    completion = None
    if (
        level is not None
        and base.magnitude is not None
        and latest.magnitude is not None
        and level != base.magnitude
        and not same
    ):
        completion = (latest.magnitude - base.magnitude) / (level - base.magnitude)
    now = latest.time if latest.time is not None else (float(as_of) if as_of else None)
    return Assessment(
        indicator=ind.id,
        target=target,
        method=method.name,
        verdict=judgement.verdict,
        baseline=base.observation,
        latest=latest.observation,
        baseline_value=base.value,
        latest_value=latest.value,
        target_value=goal.level if goal is not None else None,
        required_rate=_rate_quantity(judgement.required_rate, ind, judgement.linear),
        actual_rate=_rate_quantity(judgement.actual_rate, ind, judgement.linear),
        projection=None
        if judgement.projection is None
        else Quantity(judgement.projection, ind.unit),
        ratio=judgement.ratio,
        elapsed=_elapsed(now, start, float(end_year)),
        completion=completion,
        flags=_dedupe(flags),
        binding=binding,
    )


def _attainment(comparator: Comparator, value: float, target: float, met: bool) -> float:
    """How much of a year's target a value reached: 1 when met, else 1 − shortfall / |target|."""
    if met:
        return 1.0
    if target == 0:
        return 0.0
    if comparator is Comparator.GE:
        shortfall = target - value
    elif comparator is Comparator.LE:
        shortfall = value - target
    else:
        shortfall = abs(value - target)
    return min(1.0, 1.0 - shortfall / abs(target))


def _assess_rate(
    plan: Plan,
    ind: Indicator,
    target: RateTarget,
    usable: Sequence[Candidate],
    bare: Sequence[Observation],
    as_of: int | None,
    method: Method,
) -> Assessment:
    binding = ind.kind is IndicatorKind.BINDING
    level_q = rate_target_level(target, ind)
    common = {"indicator": ind.id, "target": target, "method": method.name, "binding": binding}
    if level_q is None:
        return Assessment(
            verdict=Verdict.INSUFFICIENT_DATA, flags=["target_unit_not_stated"], **common
        )
    level = float(level_q.magnitude)
    years = sorted(set(target.years or plan.years))
    observed = [c.observation.period.year for c in usable]
    horizon = as_of if as_of is not None else max(observed, default=None)
    flags: list[str] = []
    yearly: list[tuple[int, pint.Quantity, bool]] = []
    attainments: list[float] = []
    missing: list[int] = []
    last: Pick | None = None
    for year in years:
        if horizon is None or year > horizon:
            continue
        pick = pick_at_year(usable, bare, year)
        if pick.candidate is None:
            missing.append(year)
            flags += pick.flags
            continue
        flags += pick.flags
        value = pick.magnitude
        assert value is not None and pick.value is not None
        met = meets(target.comparator, value, level)
        yearly.append((year, pick.value, met))
        attainments.append(_attainment(target.comparator, value, level, met))
        last = pick
    elapsed = sum(1 for y in years if horizon is not None and y <= horizon) / len(years)
    if not yearly:
        return Assessment(
            verdict=Verdict.INSUFFICIENT_DATA,
            target_value=level_q,
            elapsed=elapsed,
            flags=_dedupe([*flags, "no_observations", *(["missing_years"] if missing else [])]),
            missing_years=missing,
            **common,
        )
    ratio = fmean(attainments)
    missed = [y for y, _, met in yearly if not met]
    if missed:
        flags.append("missed_years")
        if binding:
            flags.append("binding_shortfall")
    if missing:
        flags.append("missing_years")
    if years[-1] <= horizon and not missing and not missed:  # type: ignore[operator]
        verdict = Verdict.ACHIEVED
    else:
        verdict = method.grade(ratio, binding_shortfall=binding and bool(missed))
    assert last is not None
    return Assessment(
        verdict=verdict,
        latest=last.observation,
        latest_value=last.value,
        target_value=level_q,
        ratio=ratio,
        elapsed=elapsed,
        flags=_dedupe(flags),
        yearly=yearly,
        missing_years=missing,
        **common,
    )


def assess(
    plan: Plan,
    *,
    as_of: int | None = None,
    observations: Iterable[Observation] | None = None,
    method: Method | str = _DEFAULT_METHOD,
) -> tuple[Assessment, ...]:
    """Judge the progress of every target of a plan, with reasons.

    One assessment per target, in plan order, plus one for each indicator that has
    observations but no target (judged on its trend alone). Values are converted to each
    indicator's unit first, so data in 万元 and in 亿元 give the same verdicts. Part-year and
    estimated values are used, and flagged; values written without a unit are never guessed.

    Args:
        plan: The plan.
        as_of: Use only observations of this year or before (default: all).
        observations: Observations to use besides the plan's own (later data); on a tie with
            one of the plan's (same period and status) the extra one wins.
        method: An :class:`OpenSDGMethod` (default), a :class:`UNSDMethod`, any object with
            ``name``, ``judge`` and ``grade``, or the name ``"opensdg"`` / ``"unsd"``.

    Returns:
        The assessments; see :meth:`Assessment.explain` for each verdict in words.

    Raises:
        UnitMismatchError: an observation or a target is in a unit that does not convert to
            its indicator's (亿度 for 亿元).
        ValueError: an extra observation is of an indicator the plan does not have, or the
            method name is unknown.

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
    chosen = _method(method)
    if as_of is not None and (isinstance(as_of, bool) or not isinstance(as_of, int)):
        raise TypeError(f"as_of must be a year (an integer), got {as_of!r}")
    everything = gather(plan, observations)
    out: list[Assessment] = []
    for ind in plan.indicators:
        usable, bare = candidates(ind, everything)
        targets = plan.targets_for(ind.id)
        if not targets and (usable or bare):
            out.append(_assess_level(plan, ind, None, usable, bare, as_of, chosen))
        for target in targets:
            if isinstance(target, RateTarget):
                out.append(_assess_rate(plan, ind, target, usable, bare, as_of, chosen))
            else:
                out.append(_assess_level(plan, ind, target, usable, bare, as_of, chosen))
    return tuple(out)
