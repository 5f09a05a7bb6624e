"""Helpers the rules share: names, observations by period, the plan's baseline (private)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator

from ...model.enums import Comparator
from ...model.indicator import Indicator
from ...model.observation import Observation
from ...model.period import Period
from ...model.plan import Plan
from ...text import Message
from ...units import Quantity, ureg
from ..findings import Checked, Finding, Rule, Severity
from ._figures import Figure, figure

PP = ureg.percentage_point
PERCENT = ureg.percent


def obs_path(plan: Plan, obs: Observation) -> str:
    """Key path of an observation: ``indicators.<id>.observations[<n>]``."""
    n = next(i for i, o in enumerate(plan.observations_for(obs.indicator)) if o is obs)
    return f"indicators.{obs.indicator}.observations[{n}]"


def at(plan: Plan, indicator: str, period: Period) -> list[Observation]:
    """Exact (``=``) observations of an indicator for one period, in plan order."""
    return [
        o
        for o in plan.observations_for(indicator)
        if o.period == period and o.comparator is Comparator.EQ
    ]


def plans_of(plan: Plan, ind: Indicator) -> Iterator[tuple[Plan, Indicator]]:
    """The plan and its predecessor, each with its own indicator of ``ind``'s id — the
    predecessor's only when its unit converts to ``ind``'s (U002 reports one that does not)."""
    yield plan, ind
    before = plan.predecessor
    if before is None:
        return
    try:
        other = before.indicator(ind.id)
    except KeyError:
        return
    if other.unit.is_compatible_with(ind.unit):
        yield before, other


def exact(plan: Plan, ind: Indicator, period: Period) -> list[tuple[Plan, Observation]]:
    """The exact (``=``) observations of ``ind`` for ``period`` a derived figure of ``plan``
    may be worked out from: the plan's own, then its predecessor's (:func:`plans_of`) — a
    figure the plan states about the previous period is checked against the predecessor's
    data. A plain number the predecessor wrote without a unit (``31.5``) is left out where the
    two plans count the indicator in different units (:func:`unreadable_before` says so): it
    would be read in the wrong one."""
    return [
        (p, o)
        for p, own in plans_of(plan, ind)
        for o in at(p, ind.id, period)
        if not _plain(plan, p, own, ind, o)
    ]


def unreadable_before(plan: Plan, ind: Indicator, period: Period) -> Indicator | None:
    """The predecessor's indicator when its only exact values for ``period`` are plain
    numbers in a unit other than ``ind``'s (left out by :func:`exact`), else ``None``."""
    for p, own in plans_of(plan, ind):
        if p is not plan and any(_plain(plan, p, own, ind, o) for o in at(p, ind.id, period)):
            return own
    return None


def _plain(plan: Plan, p: Plan, own: Indicator, ind: Indicator, o: Observation) -> bool:
    """A predecessor's unitless plain number (no 万/亿 either) of an indicator counted in
    another unit than the plan's."""
    return (
        p is not plan
        and own.unit != ind.unit
        and isinstance(o.value, Quantity)
        and o.value.units == ureg.dimensionless
    )


def source_in(plan: Plan, p: Plan, obs: object) -> str:
    """Where a value stands, for a finding on ``plan``: its source, and 上一规划 when it is the
    predecessor's (``p``)."""
    return source(obs) + ("，上一规划" if p is not plan else "")


def read(ind: Indicator, obs: Observation) -> Figure | None:
    return figure(obs.value, ind.unit)


def source(obs: object) -> str:
    return getattr(obs, "source", None) or "出处未注"


#: A baseline candidate: the plan it comes from, its observation, and its figure.
Base = tuple[Plan, Observation, Figure]


def baseline(plan: Plan, ind: Indicator) -> Iterator[Base]:
    """The latest exact observations at or before the plan's base year (its own, else its
    predecessor's for the same indicator id and a compatible unit): the baseline candidates."""
    for p in (plan, plan.predecessor):
        if p is None:
            continue
        try:
            own = p.indicator(ind.id)
        except KeyError:
            continue
        rows = [
            o
            for o in p.observations_for(ind.id)
            if o.comparator is Comparator.EQ
            and o.period.year <= plan.base_year
            and not o.period.is_span
        ]
        if not rows:
            continue
        latest = max(o.period.end for o in rows)
        got = False
        for o in rows:
            if o.period.end != latest:
                continue
            fig = figure(o.value, ind.unit) if own.unit.is_compatible_with(ind.unit) else None
            if fig is not None:
                got = True
                yield p, o, fig
        if got:
            return


def span(start: Period, end: Period) -> Message:
    """The years a statement spans: ``2015–2020年``, or ``2015年至2020年1-10月``."""
    return Message(
        "checks.span.partial" if end.is_partial else "checks.span.years", start=start, end=end
    )


def when(period: Period) -> Message:
    """A period in a sentence: ``2020年``, or ``2020年1-10月`` as it is."""
    return Message(
        "checks.when.part_year" if period.is_partial else "checks.when.year", period=period
    )


def catalogued(
    code: str, name: str, severity: Severity, check: Callable[[Plan], Iterable[Finding | Checked]]
) -> Rule:
    """A built-in rule, its summary the catalogue's ``checks.<code>.summary``."""
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=Message(f"checks.{code}.summary"),
        check=check,
    )


#: The last plan each shared judgement read (by identity, weakly) and what it said: the rules
#: that share it run one after another on a plan, so it is worked out once, not once a rule.
_LAST: dict[object, tuple[weakref.ref[Plan], list[tuple[str, Finding | Checked]]]] = {}


def _once(
    judged: Callable[[Plan], Iterable[tuple[str, Finding | Checked]]], plan: Plan
) -> list[tuple[str, Finding | Checked]]:
    got = _LAST.get(judged)
    if got is not None and got[0]() is plan:
        return got[1]
    out = list(judged(plan))
    _LAST[judged] = (weakref.ref(plan), out)  # one entry a judgement, replaced whole
    return out


def reporting(
    code: str, judged: Callable[[Plan], Iterable[tuple[str, Finding | Checked]]]
) -> Callable[[Plan], Iterator[Finding | Checked]]:
    """The check of rule ``code`` among several that share one judgement: ``judged(plan)``
    yields each outcome with the code of the rule that reports it, and this check keeps its
    own (the growth rules G001–G005; the totals' V002 and V004)."""

    def check(plan: Plan) -> Iterator[Finding | Checked]:
        yield from (item for c, item in _once(judged, plan) if c == code)

    check.__name__ = f"_check_{code.lower()}"
    return check
