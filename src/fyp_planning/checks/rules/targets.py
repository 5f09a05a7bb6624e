"""T rules: targets against each other and against the baseline (private)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from ...model.composition import format_value
from ...model.enums import Comparator, Direction, Measure
from ...model.indicator import Indicator, counts_additions
from ...model.plan import Plan
from ...model.targets import (
    ChangeTarget,
    CoverageTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    Target,
    distinct_targets,
)
from ...text import Message
from ...units import format_unit, is_bare, ureg
from ..findings import Finding, Severity
from ._common import PERCENT, Base, baseline, catalogued, source
from ._figures import Figure, figure, fmt, meets, pct


def _path(plan: Plan, t: Target) -> str:
    n = next(i for i, x in enumerate(plan.targets_for(t.indicator)) if x is t)
    return f"indicators.{t.indicator}.targets[{n}]"


def _distinct(plan: Plan, ind: Indicator) -> list[Target]:
    return distinct_targets(plan.targets_for(ind.id))


def _levels(plan: Plan, ind: Indicator) -> list[tuple[LevelTarget, Figure]]:
    out = []
    for t in _distinct(plan, ind):
        if isinstance(t, LevelTarget) and not isinstance(t, RateTarget):
            fig = figure(t.value, ind.unit)
            if fig is not None:
                out.append((t, fig))
    return out


def _growths(plan: Plan, ind: Indicator) -> list[GrowthTarget]:
    return [
        t
        for t in _distinct(plan, ind)
        if isinstance(t, GrowthTarget) and not isinstance(t, ReductionTarget) and t.annual
    ]


def _rate_interval(t: GrowthTarget) -> tuple[float, float, float]:
    fig = figure(t.rate, PERCENT)
    assert fig is not None
    return fig.lo / 100, fig.mid / 100, fig.hi / 100


def _pairs(plan: Plan) -> Iterator[tuple[Indicator, LevelTarget, Figure, GrowthTarget, Base]]:
    """Level and annual-growth targets of one indicator and year, with the baseline."""
    for ind in plan.indicators:
        growths = _growths(plan, ind)
        if not growths:
            continue
        levels = _levels(plan, ind)
        if not levels:
            continue
        for g in growths:
            base_year = g.base_year or plan.base_year
            bases = [b for b in baseline(plan, ind) if b[1].period.year == base_year]
            if not bases:
                continue
            for lvl, fig in levels:
                if lvl.year != g.year:
                    continue
                yield ind, lvl, fig, g, bases[0]


def _implied(base: Figure, rate: tuple[float, float, float], n: int) -> tuple[float, float, float]:
    low, mid, high = rate
    return base.lo * (1 + low) ** n, base.mid * (1 + mid) ** n, base.hi * (1 + high) ** n


def _figure_label(t: Target) -> str:
    kind = (
        "变化" if isinstance(t, ChangeTarget) else "增长" if isinstance(t, GrowthTarget) else "水平"
    )
    return f"{t.year}年{kind}目标"


class _About(TypedDict):
    location: str
    indicator: str
    figures: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]


def _about(plan: Plan, ind: Indicator, base: Base, at: Target, *others: Target) -> _About:
    """Location (the target ``at``), indicator, figures and sources of a finding about the
    baseline and targets ``at`` and ``others``."""
    _, obs, _ = base
    targets = (at, *others)
    return {
        "location": _path(plan, at),
        "indicator": ind.id,
        "figures": (
            (f"基期 {obs.period}", format_value(obs.value)),
            *((_figure_label(t), t.describe()) for t in targets),
        ),
        "sources": tuple(dict.fromkeys((source(obs), *(source(t) for t in targets)))),
    }


def _conflicts(plan: Plan) -> Iterator[Finding]:
    for ind, lvl, fig, g, base in _pairs(plan):
        _, obs, bfig = base
        n = g.year - obs.period.year
        rate = _rate_interval(g)
        implied = _implied(bfig, rate, n)
        need = (fig.mid / bfig.mid) ** (1 / n) - 1 if bfig.mid > 0 and fig.mid > 0 else None
        # exact targets: the level is the commitment, the rate a rounded derivation of it
        if (
            g.comparator.is_floor
            and lvl.comparator.is_ceiling
            and implied[0] > fig.mid * (1 + 1e-9)
        ):
            compared = Message("checks.T001.higher")
        elif (
            g.comparator.is_ceiling
            and lvl.comparator.is_floor
            and implied[2] < fig.mid * (1 - 1e-9)
        ):
            compared = Message("checks.T001.lower")
        else:
            continue
        yield Finding(
            message=Message(
                "checks.T001.message",
                name=ind.name,
                indicator=ind.id,
                year=g.year,
                growth=g.describe(),
                base=format_value(obs.value),
                implied=implied[1],
                unit=_u(ind),
                level=lvl.describe(),
                compared=compared,
            ),
            hint=Message("checks.T001.hint"),
            arithmetic=f"{fmt(bfig.mid, 4)} × (1 + {pct(rate[1])})^{n} = {fmt(implied[1])}"
            + (f"；达到{fmt(fig.mid)}需年均{pct(need)}" if need is not None else ""),
            **_about(plan, ind, base, lvl, g),
        )


def _u(ind: Indicator) -> str:
    return format_unit(ind.unit)


def _mismatches(plan: Plan) -> Iterator[Finding]:
    for ind, lvl, fig, g, base in _pairs(plan):
        _, obs, bfig = base
        if not (lvl.comparator is g.comparator is Comparator.GE):
            continue  # ≤/= combinations are T001's
        n = g.year - obs.period.year
        if bfig.lo <= 0 or fig.mid <= 0:
            continue
        rate = _rate_interval(g)
        # the rate each end of the baseline needs for the level target (treated as rounded)
        need = ((fig.lo / bfig.hi) ** (1 / n) - 1, (fig.hi / bfig.lo) ** (1 / n) - 1)
        if rate[0] <= need[1] + 1e-12 and need[0] <= rate[2] + 1e-12:
            continue
        need_mid = (fig.mid / bfig.mid) ** (1 / n) - 1
        implied = _implied(bfig, rate, n)[1]
        higher = Message("checks.T002.growth" if implied > fig.mid else "checks.T002.level")
        yield Finding(
            message=Message(
                "checks.T002.message",
                name=ind.name,
                indicator=ind.id,
                year=g.year,
                level=lvl.describe(),
                need=need_mid,
                growth=g.describe(),
                implied=implied,
                unit=_u(ind),
                higher=higher,
            ),
            hint=Message("checks.T002.hint"),
            arithmetic=f"({fmt(fig.mid, 4)} ÷ {fmt(bfig.mid, 4)})^(1/{n}) − 1 = {pct(need_mid)}；"
            f"{fmt(bfig.mid, 4)} × (1 + {pct(rate[1])})^{n} = {fmt(implied)}",
            **_about(plan, ind, base, lvl, g),
        )


def _met(plan: Plan) -> Iterator[Finding]:
    for ind in plan.indicators:
        higher = ind.direction is Direction.HIGHER
        bases = list(baseline(plan, ind))
        if counts_additions(ind):  # the previous period's additions are no baseline
            bases = [b for b in bases if b[0] is plan]
        if not bases:
            continue
        for t in _distinct(plan, ind):
            # a change is measured from the baseline itself: T004 and T005 compare it
            if (
                isinstance(t, RateTarget | CoverageTarget | ChangeTarget)
                or t.year <= plan.base_year
            ):
                continue
            for p, obs, bfig in bases:
                if isinstance(t, GrowthTarget):
                    rate = t.rate.to(PERCENT).magnitude
                    if isinstance(t, ReductionTarget):
                        rate = -rate
                    easy = (rate <= 0) if higher else (rate >= 0)
                    if not easy or t.comparator is not (Comparator.GE if higher else Comparator.LE):
                        continue
                    msg = Message(
                        "checks.T003.no_growth",
                        name=ind.name,
                        indicator=ind.id,
                        target=t.describe(),
                    )
                    arith = f"目标增速 {fmt(rate)}% ≤ 0"
                else:
                    assert isinstance(t, LevelTarget)  # rate and coverage targets are skipped
                    fig = figure(t.value, ind.unit)
                    if fig is None:
                        continue
                    # against the baseline as written: a target above it is not met, even
                    # when it lies inside the baseline's rounding (≥50.5 against 50)
                    if higher and t.comparator is Comparator.GE and fig.mid <= bfig.mid:
                        rel = "checks.T003.not_above"
                    elif not higher and t.comparator is Comparator.LE and fig.mid >= bfig.mid:
                        rel = "checks.T003.not_below"
                    else:
                        continue
                    below = fig.mid < bfig.lo if higher else fig.mid > bfig.hi
                    rel = ("checks.T003.below" if higher else "checks.T003.above") if below else rel
                    msg = Message(
                        "checks.T003.met",
                        name=ind.name,
                        indicator=ind.id,
                        year=t.year,
                        target=t.describe(),
                        relation=Message(rel),
                        base=format_value(obs.value),
                        period=obs.period,
                        predecessor=Message("checks.T003.predecessor") if p is not plan else "",
                    )
                    arith = f"{fmt(fig.mid)} {'≤' if higher else '≥'} {fmt(bfig.mid)}"
                yield Finding(
                    message=msg,
                    location=_path(plan, t),
                    indicator=ind.id,
                    figures=(
                        (f"基期 {obs.period}", format_value(obs.value)),
                        ("目标", t.describe()),
                    ),
                    sources=tuple(dict.fromkeys((source(obs), source(t)))),
                    arithmetic=arith,
                    hint=Message("checks.T003.hint"),
                )
                break


def _change_levels(plan: Plan) -> Iterator[tuple[Indicator, ChangeTarget, Base, Figure]]:
    """Each change target with the baseline it is measured from (its own base year's, or the
    plan's baseline) and the level it implies, as an interval over the figures' rounding."""
    for ind in plan.indicators:
        changes = [t for t in _distinct(plan, ind) if isinstance(t, ChangeTarget)]
        if not changes:
            continue
        bases = list(baseline(plan, ind))
        for t in changes:
            base_year = t.base_year or plan.base_year
            if t.base_year is not None and t.base_year != plan.base_year:
                found = [
                    (plan, o, f)
                    for o in plan.observations_for(ind.id)
                    if o.period.year == t.base_year
                    and o.comparator is Comparator.EQ
                    and not o.period.is_partial
                    and (f := figure(o.value, ind.unit)) is not None
                ]
            else:
                found = [b for b in bases if b[1].period.year == base_year]
            if not found:
                continue
            implied = _implied_by_change(t, ind, found[0][2])
            if implied is not None:
                yield ind, t, found[0], implied


def _implied_by_change(t: ChangeTarget, ind: Indicator, base: Figure) -> Figure | None:
    """The level a change implies from ``base``: ``base + by`` or ``base × factor``."""
    if t.factor is not None:
        f = float(t.factor)
        return Figure(lo=base.lo * f, mid=base.mid * f, hi=base.hi * f, quantity=base.quantity)
    by = t.by
    assert by is not None
    fig = figure(ureg.Quantity(by.magnitude, "percent") if t.in_points else by, ind.unit)
    if fig is None:
        return None
    return Figure(
        lo=base.lo + fig.lo, mid=base.mid + fig.mid, hi=base.hi + fig.hi, quantity=base.quantity
    )


def _change_text(t: ChangeTarget, base: Base, implied: Figure, ind: Indicator) -> str:
    _, _, bfig = base
    if t.factor is not None:
        return f"{fmt(bfig.mid, 4)} × {fmt(float(t.factor))} = {fmt(implied.mid)}{_u(ind)}"
    sign = "−" if t.decrease else "+"
    return f"{fmt(bfig.mid, 4)} {sign} {fmt(abs(implied.mid - bfig.mid))} = {fmt(implied.mid)}{_u(ind)}"


def _change_vs_level(plan: Plan) -> Iterator[Finding]:
    """A change target and a level target of one indicator and year that imply different
    levels (beyond the rounding of the figures)."""
    for ind, t, base, implied in _change_levels(plan):
        _, obs, _ = base
        for lvl, fig in _levels(plan, ind):
            if lvl.year != t.year or meets((implied.lo, implied.hi), (fig.lo, fig.hi)):
                continue
            # a floor above a ceiling (or the reverse): no value meets both
            change, level = t.level_comparator, lvl.comparator
            clash = (change.is_floor and level.is_ceiling and implied.lo > fig.hi) or (
                change.is_ceiling and level.is_floor and implied.hi < fig.lo
            )
            yield Finding(
                message=Message(
                    "checks.T004.message",
                    name=ind.name,
                    indicator=ind.id,
                    year=t.year,
                    change=t.describe(),
                    base=format_value(obs.value),
                    implied=implied.mid,
                    unit=_u(ind),
                    level=lvl.describe(),
                    relation=Message("checks.T004.clash" if clash else "checks.T004.differ"),
                ),
                hint=Message("checks.T004.hint"),
                arithmetic=_change_text(t, base, implied, ind),
                **_about(plan, ind, base, t, lvl),
            )


def _bound_of(ind: Indicator) -> tuple[float | None, float | None]:
    """The range a value of ``ind`` can take, in its unit (``None``: no bound): at most its
    limit, or 100 % for an indicator in % or ‰; at least zero for a count or an amount, and
    for a share (``measure = "share"``). A rate (``measure = "rate"``) may be negative and is
    not bounded; an indicator in % whose measure is not stated may be a rate (增速), so only
    its upper bound holds."""
    one = ureg.Quantity(1, ind.unit)
    if ind.measure is Measure.RATE:
        return None, None
    upper = None
    if ind.limit is not None:
        upper = float(ind.limit.to(ind.unit).magnitude)
    elif one.dimensionless and not is_bare(one):
        upper = float(ureg.Quantity(100, "percent").to(ind.unit).magnitude)
    lower = None if one.dimensionless and ind.measure is not Measure.SHARE else 0.0
    return lower, upper


def _change_beyond(plan: Plan) -> Iterator[Finding]:
    """A change that takes the level beyond what the indicator can be: a share past 100 %
    (or the indicator's limit), a count or an amount below zero."""
    for ind, t, base, implied in _change_levels(plan):
        low, high = _bound_of(ind)
        if high is not None and implied.lo > high * (1 + 1e-9):
            bound, side = high, "checks.T005.above"
        elif low is not None and implied.hi < low:
            bound, side = low, "checks.T005.below"
        else:
            continue
        _, obs, _ = base
        yield Finding(
            message=Message(
                "checks.T005.message",
                name=ind.name,
                indicator=ind.id,
                change=t.describe(),
                base=format_value(obs.value),
                implied=implied.mid,
                unit=_u(ind),
                bound=bound,
                side=Message(side),
            ),
            hint=Message("checks.T005.hint"),
            arithmetic=_change_text(t, base, implied, ind),
            **_about(plan, ind, base, t),
        )


RULES = (
    catalogued("T001", "targets-conflict", Severity.ERROR, _conflicts),
    catalogued("T002", "targets-disagree", Severity.INFO, _mismatches),
    catalogued("T003", "target-met-at-baseline", Severity.WARNING, _met),
    catalogued("T004", "change-level-disagree", Severity.WARNING, _change_vs_level),
    catalogued("T005", "change-beyond-bound", Severity.ERROR, _change_beyond),
)
