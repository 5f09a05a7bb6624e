"""Choosing the observations an evaluation rests on, in the indicator's unit (private).

Rules, shared by :func:`fyp_planning.assess` and :func:`fyp_planning.review`:

* every observation of the indicator with a stated unit is converted to the indicator's unit
  with :func:`fyp_planning.to_unit` (a mismatch raises :class:`UnitMismatchError`);
* observations without a stated unit (bare numbers, ``7600万``) are never guessed: they are
  skipped, and flagged ``unit_not_stated`` only when nothing else was available — unless the
  indicator itself has no unit, in which case bare values are in its unit;
* among candidates, whole years beat part-years, then actual beats preliminary beats
  estimate, then the later in plan order wins;
* a **flow**'s part-year value (2024年1-9月 of an output, :func:`~fyp_planning.measure_of`) is
  not a level: it is neither a baseline nor a latest value (the explanation compares it with the
  same months of an earlier year instead); a stock's, a share's or a rate's is a level;
* a plan without a value of its own for its base year takes its predecessor's end value of
  that year as its baseline (:func:`baseline_of`, :func:`inherited_baselines`), with its
  provenance; the plan's own values always win.

The preference is written once, as integer keys (:func:`preference`, :func:`time_rank`) that
work on Python integers and on numpy arrays alike: the picks here (:func:`baseline`, and those
of :func:`fyp_planning.review` and :func:`fyp_planning.draft_plan`) and the array ones behind
:func:`fyp_planning.assess` and :func:`fyp_planning.evaluate_many` rank observations with the
same functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from ..errors import UnitMismatchError
from ..model.composition import Composition, as_quantity
from ..model.enums import Comparator, Measure, ObservationStatus
from ..model.indicator import Indicator, counts_additions, measure_of
from ..model.observation import Observation
from ..model.plan import Plan
from ..units import AnyQuantity, is_bare, to_unit
from .methods import TOLERANCE

__all__ = [
    "COMPARATOR_CODE",
    "STATUS_RANK",
    "YEAR0",
    "Baseline",
    "Candidate",
    "Pick",
    "baseline",
    "baseline_of",
    "by_indicator",
    "candidates",
    "end_value",
    "gather",
    "inherited_baselines",
    "is_level",
    "meets",
    "pick_at_year",
    "pick_latest",
    "plan_label",
    "preference",
    "status_flags",
    "time_rank",
]

#: Actual beats preliminary beats estimate.
STATUS_RANK = {
    ObservationStatus.ACTUAL: 2,
    ObservationStatus.PRELIMINARY: 1,
    ObservationStatus.ESTIMATE: 0,
}
#: Comparators as the integers the array code uses: 1 for ≥, -1 for ≤, 0 for =.
COMPARATOR_CODE = {Comparator.GE: 1, Comparator.LE: -1, Comparator.EQ: 0}
#: Years are four-digit: ``time_rank`` counts months from this year.
YEAR0 = 1000


def preference(whole: Any, status_rank: Any) -> Any:
    """Preference among observations of the same time (higher wins): a whole year over a
    part-year, then by status (``STATUS_RANK``). Integers or numpy integer arrays; 0–6."""
    return whole * 4 + status_rank


def time_rank(year: Any, last_month: Any) -> Any:
    """When a period ends, as months since ``YEAR0`` (orders like :attr:`Period.end`).
    Integers or numpy integer arrays."""
    return (year - YEAR0) * 12 + last_month


@attrs.frozen
class Candidate:
    """An observation with its value in the indicator's unit and its place in plan order."""

    observation: Observation
    value: AnyQuantity
    order: int

    @property
    def magnitude(self) -> float:
        return float(self.value.magnitude)

    def rank(self) -> tuple[int, int]:
        """Preference among observations of the same time: :func:`preference`, then plan order."""
        return (_whole_and_status(self.observation), self.order)

    def latest_rank(self) -> tuple[int, int, int]:
        """Preference for the latest value: :func:`time_rank`, then :meth:`rank`."""
        period = self.observation.period
        return (time_rank(period.year, period.last_month), *self.rank())


@attrs.frozen
class Pick:
    """The chosen observation (or none) and the flags the choice raises."""

    candidate: Candidate | None = None
    flags: tuple[str, ...] = ()

    @property
    def observation(self) -> Observation | None:
        return self.candidate.observation if self.candidate else None

    @property
    def value(self) -> AnyQuantity | None:
        return self.candidate.value if self.candidate else None

    @property
    def magnitude(self) -> float | None:
        return self.candidate.magnitude if self.candidate else None

    @property
    def time(self) -> float | None:
        return self.candidate.observation.period.end if self.candidate else None


def is_level(obs: Observation) -> bool:
    """Whether progress may read the observation as its indicator's level: not a total over a
    span of years (2016-2020 is no year's level) and not a composition's shares (a structure
    is shown as written, never judged: no standard progress method reads one)."""
    return not obs.period.is_span and not isinstance(obs.value, Composition)


def _usable(indicator: Indicator) -> Callable[[Observation], bool]:
    """Whether an observation of the indicator may be used: it states a unit, or the indicator
    has none either (then bare values are in its unit)."""
    key = getattr(indicator.unit, "_units", indicator.unit)  # pint's units container
    bare = _BARE_UNIT.get(key)
    if bare is None:
        bare = _BARE_UNIT[key] = is_bare(1 * indicator.unit)
    if bare:
        return lambda obs: True
    return lambda obs: obs.unit_stated


#: Whether each indicator unit seen is bare (``1 * unit`` costs a pint quantity; a plan of
#: 10,000 indicators has a handful of units).
_BARE_UNIT: dict[Any, bool] = {}


def _whole_and_status(obs: Observation) -> int:
    """:func:`preference` of one observation."""
    rank: int = preference(not obs.period.is_partial, STATUS_RANK[obs.status])
    return rank


def baseline(plan: Plan, indicator: Indicator, year: int | None = None) -> Observation | None:
    """The observation a baseline rests on: the one :func:`fyp_planning.assess` judges from.

    :attr:`Baseline.observation` of :func:`baseline_of`: of the plan's own observations of
    ``indicator`` in ``year`` (default: the plan's base year; never a total over a span of
    years) with a stated unit (or any, for
    an indicator without a unit): a whole year over a part-year (a flow's part-year is no
    level: never), then actual over preliminary over estimate, then the last listed; when the
    plan has none in its base year, its predecessor's end value of that year
    (:func:`inherited_baselines`). The CLI's indicator table and the report show it.

    Args:
        plan: The plan.
        indicator: One of its indicators.
        year: The year (default ``plan.base_year``).

    Returns:
        The observation, or ``None`` when there is none usable in that year.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, Observation, ObservationStatus, Period,
        ...                           parse_quantity, parse_unit)
        >>> from fyp_planning.evaluation import baseline
        >>> ind = Indicator(id="output", name="工业总产值", unit=parse_unit("亿元"))
        >>> obs = [Observation(indicator="output", period=Period(2020),
        ...                    value=parse_quantity("198亿元")),
        ...        Observation(indicator="output", period=Period(2020),
        ...                    value=parse_quantity("200亿元"), status=ObservationStatus.ESTIMATE),
        ...        Observation(indicator="output", period=Period(2020),
        ...                    value=parse_quantity("7600万"))]
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025, indicators=[ind], observations=obs)
        >>> baseline(plan, ind).value
        <Quantity(198, 'yi_yuan')>
        >>> baseline(plan, ind, 2022) is None
        True
    """
    found = baseline_of(plan, indicator, year)
    return found.observation if found else None


@attrs.frozen
class Baseline:
    """The observation a baseline rests on, and where it comes from.

    Attributes:
        observation: The observation, of the plan's indicator (its id; its value, period,
            status and source as the document gives them).
        origin: ``None`` for the plan's own value; else the plan it was taken from, as
            ``plan_label`` names it (``十三五规划``).
        others: The predecessor's other, different values of the same year (133家 beside
            138家), in plan order: ``end_value`` chose among them.

    Examples:
        >>> from fyp_planning import Baseline, Observation, Period, parse_quantity
        >>> obs = Observation(indicator="firms", period=Period(2020),
        ...                   value=parse_quantity("138家"))
        >>> Baseline(obs, "十三五规划").origin
        '十三五规划'
    """

    observation: Observation
    origin: str | None = None
    others: tuple[Observation, ...] = ()


def _may_be_baseline(indicator: Indicator) -> Callable[[Observation], bool]:
    """Whether an observation may be a baseline of the indicator: not a total over a span of
    years, in a usable unit (:func:`_usable`), and not a flow's part-year value (no level)."""
    usable = _usable(indicator)
    flow = measure_of(indicator) is Measure.FLOW
    return lambda o: not o.period.is_span and usable(o) and not (flow and o.period.is_partial)


def baseline_of(plan: Plan, indicator: Indicator, year: int | None = None) -> Baseline | None:
    """``baseline`` with its provenance: the plan's own observation of ``year`` (default:
    the base year), else — for the base year — the predecessor's (``inherited_baselines``).

    Examples:
        >>> import fyp_planning as fp
        >>> plan = fp.load("dongkou")
        >>> found = fp.baseline_of(plan, plan.indicator("above_scale_enterprises"))
        >>> found.origin, fp.format_quantity(found.observation.value), found.observation.source
        ('十三五规划', '138家', '第一章第一节二.1')
        >>> [fp.format_quantity(o.value) for o in found.others]
        ['133家']
    """
    when = plan.base_year if year is None else year
    may_be = _may_be_baseline(indicator)
    pool = [
        (_whole_and_status(obs), i, obs)
        for i, obs in enumerate(plan.observations_for(indicator.id))
        if obs.period.year == when and may_be(obs)
    ]
    if pool:
        return Baseline(max(pool, key=lambda entry: entry[:2])[2])
    if when != plan.base_year:
        return None
    return inherited_baselines(plan).get(indicator.id)


#: A plan's period as plans name it: 十三五, 十四五.
_PERIOD_NAME = re.compile(r"[一二三四五六七八九十]+五")


def plan_label(plan: Plan) -> str:
    """How a plan is named where a value comes from it: the five-year period its title names
    (``十三五规划``), else ``上一规划（2016–2020）``.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.evaluation._data import plan_label
        >>> plan_label(fp.load("dongkou").predecessor)
        '十三五规划'
    """
    found = _PERIOD_NAME.search(plan.title)
    if found:
        return f"{found[0]}规划"
    return f"上一规划（{plan.start_year}–{plan.end_year}）"


def _matches(indicator: Indicator, before: Indicator) -> bool:
    """Whether the predecessor's indicator is the same: the same standard when both name one,
    else the same id."""
    if indicator.standard is not None and before.standard is not None:
        return indicator.standard == before.standard
    return indicator.id == before.id


def inherited_baselines(plan: Plan) -> Mapping[str, Baseline]:
    """The baselines a plan takes from its predecessor, by the plan's indicator id.

    For each indicator of the plan with no usable value of its own in the base year: the
    predecessor's indicator that is the same (the same ``standard`` when both name one, else
    the same id), and its end value of that year by :func:`end_value`'s rule — a whole year
    over a part-year, then actual over preliminary over estimate, then the later statement
    in the document; the other, different values of that year are kept beside it
    (:attr:`Baseline.others`). Not taken: an indicator counting additions (新增…: the last
    period's additions are no level the next starts from), a flow's part-year value (not a
    level), values without a stated unit, and values whose unit does not convert to the
    plan's (the audit reports those).

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.evaluation import inherited_baselines
        >>> found = inherited_baselines(fp.load("dongkou"))
        >>> sorted(found)
        ['above_scale_enterprises', 'high_tech_enterprises', 'rd_gdp_share', 'zone_enterprises']
        >>> str(found["rd_gdp_share"].observation.period)
        '2020年1-9月'
    """
    before = plan.predecessor
    if before is None:
        return _NONE
    kept = _INHERITED.get(id(plan))
    if kept is not None and kept[0] is plan:  # a report asks once per indicator
        return kept[1]
    year = plan.base_year
    by_id = {b.id: b for b in before.indicators}
    by_standard: dict[str, list[Indicator]] = {}
    for b in before.indicators:
        if b.standard is not None:
            by_standard.setdefault(b.standard, []).append(b)
    label = plan_label(before)
    out: dict[str, Baseline] = {}
    for ind in plan.indicators:
        if counts_additions(ind):
            continue
        may_be = _may_be_baseline(ind)
        if any(o.period.year == year and may_be(o) for o in plan.observations_for(ind.id)):
            continue  # baseline_of takes the plan's own
        same = [b for b in (by_id.get(ind.id),) if b is not None and _matches(ind, b)]
        if ind.standard is not None:
            same += [b for b in by_standard.get(ind.standard, ()) if b not in same]
        for old in same:  # the same id first
            stated = [
                attrs.evolve(o, indicator=ind.id)
                for o in before.observations_for(old.id)
                if o.period.year == year and may_be(o) and is_level(o) and o.unit_stated
            ]
            try:
                usable, _ = candidates(ind, stated)
            except UnitMismatchError:
                continue
            best, others, _ = end_value(usable, [], year)
            if best is not None:
                out[ind.id] = Baseline(
                    best.observation, label, tuple(c.observation for c in others)
                )
                break
    if len(_INHERITED) >= 8:
        _INHERITED.pop(next(iter(_INHERITED)))
    found = MappingProxyType(out)
    _INHERITED[id(plan)] = (plan, found)
    return found


#: The last plans' :func:`inherited_baselines` (by identity: the plan is kept with them).
_INHERITED: dict[int, tuple[Plan, Mapping[str, Baseline]]] = {}
_NONE: Mapping[str, Baseline] = MappingProxyType({})


def by_indicator(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    """The observations of each indicator, in their order: read once, so that taking every
    indicator's :func:`candidates` costs one pass over the observations, not one per indicator.
    """
    index: dict[str, list[Observation]] = {}
    for obs in observations:
        index.setdefault(obs.indicator, []).append(obs)
    return index


def candidates(
    indicator: Indicator, observations: Iterable[Observation]
) -> tuple[list[Candidate], list[Observation]]:
    """The indicator's usable observations converted to its unit, and the bare ones skipped.

    ``observations`` may be all of a plan's (they are filtered by indicator), but for many
    indicators pass each one's list from :func:`by_indicator`. A total over a span of years
    (``2016-2020``) and a composition's shares are no level (:func:`is_level`): neither.

    Raises:
        UnitMismatchError: an observation's unit does not convert to the indicator's.
    """
    stated = _usable(indicator)
    usable: list[Candidate] = []
    bare: list[Observation] = []
    mine = (o for o in observations if o.indicator == indicator.id and is_level(o))
    for i, obs in enumerate(mine):
        if not stated(obs):
            bare.append(obs)
            continue
        what = f"observation of {indicator.id} ({obs.period})"
        usable.append(Candidate(obs, to_unit(as_quantity(obs.value), indicator.unit, what), i))
    return usable, bare


def status_flags(obs: Observation, prefix: str) -> list[str]:
    flags = []
    if obs.period.is_partial:
        flags.append(f"{prefix}partial" if prefix else "partial_period")
    if obs.status is ObservationStatus.ESTIMATE:
        flags.append(f"{prefix}estimate")
    elif obs.status is ObservationStatus.PRELIMINARY:
        flags.append(f"{prefix}preliminary")
    if obs.comparator is not Comparator.EQ:
        flags.append("bound")
    return flags


def pick_at_year(
    usable: Sequence[Candidate], bare: Sequence[Observation], year: int, *, prefix: str = ""
) -> Pick:
    """The best observation of ``year`` (whole years and actuals first), with its flags.

    ``prefix`` names the role in flags: ``"baseline_"`` gives ``baseline_estimate``,
    ``baseline_partial``; ``""`` gives ``estimate``, ``partial_period``.
    """
    pool = [c for c in usable if c.observation.period.year == year]
    if not pool:
        skipped = any(o.period.year == year for o in bare)
        return Pick(None, ("unit_not_stated",) if skipped else ())
    best = max(pool, key=Candidate.rank)
    return Pick(best, tuple(status_flags(best.observation, prefix)))


def pick_latest(
    usable: Sequence[Candidate], bare: Sequence[Observation], as_of: int | None
) -> Pick:
    """The observation ending latest at or before ``as_of`` (any year when ``None``)."""
    pool = [c for c in usable if as_of is None or c.observation.period.year <= as_of]
    if not pool:
        skipped = any(as_of is None or o.period.year <= as_of for o in bare)
        return Pick(None, ("unit_not_stated",) if skipped else ())
    best = max(pool, key=Candidate.latest_rank)
    return Pick(best, tuple(status_flags(best.observation, "")))


def meets(comparator: Comparator, value: float, target: float) -> bool:
    """:func:`.methods.meets` for one value: ``comparator.holds`` with a relative tolerance
    of 1e-9, so that the same data in 万元 and in 亿元 meet a target alike."""
    # the arithmetic of methods.meets on one pair of floats (review asks it of every target: a
    # numpy call per pair cost 35 µs); tests/test_edge_values.py checks they agree
    value, target = float(value), float(target)
    close = value == target
    if not close and math.isfinite(value) and math.isfinite(target):
        diff = abs(value - target)
        close = diff <= abs(TOLERANCE * target) or diff <= abs(TOLERANCE * value)
    code = COMPARATOR_CODE[comparator]
    holds = value >= target if code > 0 else value <= target if code < 0 else value == target
    return close or holds


def gather(plan: Plan, extra: Iterable[Observation] | None) -> tuple[Observation, ...]:
    """The plan's observations followed by the extra ones (which win ties: later in order)."""
    added = tuple(extra or ())
    for obs in added:
        if not isinstance(obs, Observation):
            raise TypeError(f"observations must be Observation objects, got {obs!r}")
    known = {ind.id for ind in plan.indicators}
    unknown = sorted({o.indicator for o in added} - known)
    if unknown:
        raise ValueError(
            f"observations of indicators plan {plan.id!r} does not have (规划中没有这些指标): "
            f"{', '.join(unknown)}"
        )
    return plan.observations + added


def end_value(
    usable: Sequence[Candidate], bare: Sequence[Observation], year: int
) -> tuple[Candidate | None, list[Candidate], list[str]]:
    """The observation of ``year`` used as its end value, the conflicting others, and flags.

    A whole-year observation when there is one; else the latest part-year figure (the period
    ending last, the longest of those), flagged ``partial_period``.
    """
    of_year = [c for c in usable if c.observation.period.year == year]
    pool = [c for c in of_year if not c.observation.period.is_partial]
    if not pool and of_year:
        latest = max((c.observation.period for c in of_year), key=lambda p: (p.end, -p.first_month))
        pool = [c for c in of_year if c.observation.period == latest]
    if not pool:
        skipped = any(o.period.year == year for o in bare)
        return None, [], ["unit_not_stated"] if skipped else []
    # a part-year figure stands in although a whole-year value was given without a unit
    skipped = pool[0].observation.period.is_partial and any(
        o.period.year == year and not o.period.is_partial for o in bare
    )
    pick = pick_at_year(pool, [], year)
    best = pick.candidate
    assert best is not None
    others = [
        c for c in pool if c is not best and not meets(Comparator.EQ, c.magnitude, best.magnitude)
    ]
    # one entry per distinct conflicting value, in plan order
    seen: list[float] = []
    distinct = []
    for c in others:
        if not any(meets(Comparator.EQ, c.magnitude, s) for s in seen):
            seen.append(c.magnitude)
            distinct.append(c)
    flags = list(pick.flags) + (["conflicting_values"] if distinct else [])
    if skipped:
        flags.append("unit_not_stated")
    return best, distinct, flags
