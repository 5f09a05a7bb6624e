"""T rules: targets against each other and against the baseline (private)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from ...model.composition import format_value
from ...model.enums import Comparator, Direction, Measure
from ...model.indicator import Indicator, counts_additions
from ...model.observation import Observation
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
from ..findings import Checked, Finding, Outcome, Severity
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


def _pairs(
    plan: Plan,
) -> Iterator[tuple[Indicator, LevelTarget, Figure, GrowthTarget, Base | None]]:
    """Level and annual-growth targets of one indicator and year, with the baseline (``None``
    when the plan and its predecessor have no exact value for the growth's base year)."""
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
            for lvl, fig in levels:
                if lvl.year != g.year:
                    continue
                yield ind, lvl, fig, g, bases[0] if bases else None


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


def _about(plan: Plan, ind: Indicator, base: Base | None, at: Target, *others: Target) -> _About:
    """Location (the target ``at``), indicator, figures and sources of a finding about the
    baseline (if any) and targets ``at`` and ``others``."""
    targets = (at, *others)
    first: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    if base is not None:
        _, obs, _ = base
        first, sources = ((f"基期 {obs.period}", format_value(obs.value)),), (source(obs),)
    return {
        "location": _path(plan, at),
        "indicator": ind.id,
        "figures": (*first, *((_figure_label(t), t.describe()) for t in targets)),
        "sources": tuple(dict.fromkeys((*sources, *(source(t) for t in targets)))),
    }


def _passed(reason: Message, arithmetic: str, about: _About) -> Checked:
    return Checked(outcome=Outcome.PASSED, reason=reason, arithmetic=arithmetic, **about)


def _unchecked(reason: Message, about: _About) -> Checked:
    return Checked(outcome=Outcome.NOT_CHECKED, reason=reason, **about)


def _no_base(plan: Plan, ind: Indicator, year: int, at: Target, *others: Target) -> Checked:
    """Not checked: neither the plan nor its predecessor gives the baseline value."""
    return _unchecked(
        Message("checks.targets.no_base", year=year), _about(plan, ind, None, at, *others)
    )


def _conflicts(plan: Plan) -> Iterator[Finding | Checked]:
    for ind, lvl, fig, g, base in _pairs(plan):
        if base is None:
            yield _no_base(plan, ind, g.base_year or plan.base_year, lvl, g)
            continue
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
            yield _passed(
                Message("checks.T001.passed", year=g.year),
                f"{fmt(bfig.mid, 4)} × (1 + {pct(rate[1])})^{n} = {fmt(implied[1])}；"
                f"水平目标{lvl.describe()}",
                _about(plan, ind, base, lvl, g),
            )
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


def _mismatches(plan: Plan) -> Iterator[Finding | Checked]:
    for ind, lvl, fig, g, base in _pairs(plan):
        if not (lvl.comparator is g.comparator is Comparator.GE):
            continue  # ≤/= combinations are T001's
        if base is None:
            yield _no_base(plan, ind, g.base_year or plan.base_year, lvl, g)
            continue
        _, obs, bfig = base
        n = g.year - obs.period.year
        if bfig.lo <= 0 or fig.mid <= 0:
            yield _unchecked(Message("checks.T002.not_positive"), _about(plan, ind, base, lvl, g))
            continue
        rate = _rate_interval(g)
        # the rate each end of the baseline needs for the level target (treated as rounded)
        need = ((fig.lo / bfig.hi) ** (1 / n) - 1, (fig.hi / bfig.lo) ** (1 / n) - 1)
        need_mid = (fig.mid / bfig.mid) ** (1 / n) - 1
        implied = _implied(bfig, rate, n)[1]
        if rate[0] <= need[1] + 1e-12 and need[0] <= rate[2] + 1e-12:
            yield _passed(
                Message("checks.T002.passed", year=g.year),
                f"({fmt(fig.mid, 4)} ÷ {fmt(bfig.mid, 4)})^(1/{n}) − 1 = {pct(need_mid)}，"
                f"在{pct(need[0])}～{pct(need[1])}之间与{g.describe()}相符",
                _about(plan, ind, base, lvl, g),
            )
            continue
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


def _met_bases(plan: Plan, ind: Indicator) -> list[Base]:
    """T003's baseline candidates: the previous period's additions are no baseline."""
    bases = list(baseline(plan, ind))
    if counts_additions(ind):
        bases = [b for b in bases if b[0] is plan]
    return bases


def _met_one(plan: Plan, ind: Indicator, t: Target, bases: list[Base]) -> Finding | Checked:
    """T003 on one target: a finding when it is already met at the baseline, else what was
    checked (or why it could not be)."""
    higher = ind.direction is Direction.HIGHER
    if isinstance(t, GrowthTarget):  # needs no baseline value: its sign says it
        return _no_growth(plan, ind, t, bases[0] if bases else None)
    if not bases:
        return _no_base(plan, ind, plan.base_year, t)
    assert isinstance(t, LevelTarget)  # rate, coverage and change targets are not read
    fig = figure(t.value, ind.unit)
    if fig is None:
        return _unchecked(Message("checks.targets.not_single"), _about(plan, ind, bases[0], t))
    if t.comparator is not (Comparator.GE if higher else Comparator.LE):
        return _unchecked(Message("checks.targets.not_a_floor"), _about(plan, ind, bases[0], t))
    for p, obs, bfig in bases:
        # against the baseline as written: a target above it is not met, even
        # when it lies inside the baseline's rounding (≥50.5 against 50)
        if higher and fig.mid <= bfig.mid:
            rel = "checks.T003.not_above"
        elif not higher and fig.mid >= bfig.mid:
            rel = "checks.T003.not_below"
        else:
            continue
        below = fig.mid < bfig.lo if higher else fig.mid > bfig.hi
        rel = ("checks.T003.below" if higher else "checks.T003.above") if below else rel
        return Finding(
            message=Message(
                "checks.T003.met",
                name=ind.name,
                indicator=ind.id,
                year=t.year,
                target=t.describe(),
                relation=Message(rel),
                base=format_value(obs.value),
                period=obs.period,
                predecessor=Message("checks.T003.predecessor") if p is not plan else "",
            ),
            location=_path(plan, t),
            indicator=ind.id,
            figures=((f"基期 {obs.period}", format_value(obs.value)), ("目标", t.describe())),
            sources=tuple(dict.fromkeys((source(obs), source(t)))),
            arithmetic=f"{fmt(fig.mid)} {'≤' if higher else '≥'} {fmt(bfig.mid)}",
            hint=Message("checks.T003.hint"),
        )
    sign = ">" if higher else "<"
    return _passed(
        Message("checks.T003.passed"),
        "；".join(f"{fmt(fig.mid)} {sign} {fmt(b[2].mid)}" for b in bases),
        _about(plan, ind, bases[0], t),
    )


def _no_growth(plan: Plan, ind: Indicator, t: GrowthTarget, base: Base | None) -> Finding | Checked:
    """T003 on a growth target: a finding when it asks for no growth (年均增长≥0%)."""
    higher = ind.direction is Direction.HIGHER
    rate = t.rate.to(PERCENT).magnitude
    if isinstance(t, ReductionTarget):
        rate = -rate
    about = _about(plan, ind, base, t)
    if t.level_comparator is not (Comparator.GE if higher else Comparator.LE):
        return _unchecked(Message("checks.targets.not_a_floor"), about)
    if (rate > 0) if higher else (rate < 0):
        return _passed(
            Message("checks.T003.growth"),
            f"目标增速 {fmt(rate)}% {'>' if higher else '<'} 0",
            about,
        )
    return Finding(
        message=Message(
            "checks.T003.no_growth", name=ind.name, indicator=ind.id, target=t.describe()
        ),
        location=about["location"],
        indicator=ind.id,
        figures=(*about["figures"][:-1], ("目标", t.describe())),
        sources=about["sources"],
        arithmetic=f"目标增速 {fmt(rate)}% {'≤' if higher else '≥'} 0",
        hint=Message("checks.T003.hint"),
    )


def _met_scope(plan: Plan, ind: Indicator) -> list[Target]:
    """The targets T003 reads: levels and growths after the base year (a change is measured
    from the baseline itself: T004 and T005 compare it; rates and coverage have no level)."""
    return [
        t
        for t in _distinct(plan, ind)
        if not isinstance(t, RateTarget | CoverageTarget | ChangeTarget) and t.year > plan.base_year
    ]


def _met(plan: Plan) -> Iterator[Finding | Checked]:
    for ind in plan.indicators:
        targets = _met_scope(plan, ind)
        if not targets:
            continue
        bases = _met_bases(plan, ind)
        for t in targets:
            yield _met_one(plan, ind, t, bases)


def _change_levels(
    plan: Plan,
) -> Iterator[tuple[Indicator, ChangeTarget, Base | None, Figure | None]]:
    """Each change target with the baseline it is measured from (its own base year's, or the
    plan's baseline) and the level it implies, as an interval over the figures' rounding
    (``None`` when there is no baseline, or the change does not convert to the unit)."""
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
                yield ind, t, None, None
                continue
            yield ind, t, found[0], _implied_by_change(t, ind, found[0][2])


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


def _change_vs_level(plan: Plan) -> Iterator[Finding | Checked]:
    """A change target and a level target of one indicator and year that imply different
    levels (beyond the rounding of the figures)."""
    for ind, t, base, implied in _change_levels(plan):
        for lvl, fig in _levels(plan, ind):
            if lvl.year != t.year:
                continue
            if base is None:
                yield _no_base(plan, ind, t.base_year or plan.base_year, t, lvl)
                continue
            if implied is None:
                yield _unchecked(Message("checks.targets.unit"), _about(plan, ind, base, t, lvl))
                continue
            _, obs, _ = base
            if meets((implied.lo, implied.hi), (fig.lo, fig.hi)):
                yield _passed(
                    Message("checks.T004.passed", year=t.year),
                    f"{_change_text(t, base, implied, ind)}，与{lvl.describe()}相符",
                    _about(plan, ind, base, t, lvl),
                )
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


def _change_beyond(plan: Plan) -> Iterator[Finding | Checked]:
    """A change that takes the level beyond what the indicator can be: a share past 100 %
    (or the indicator's limit), a count or an amount below zero."""
    for ind, t, base, implied in _change_levels(plan):
        if base is None:
            yield _no_base(plan, ind, t.base_year or plan.base_year, t)
            continue
        if implied is None:
            yield _unchecked(Message("checks.targets.unit"), _about(plan, ind, base, t))
            continue
        low, high = _bound_of(ind)
        if high is not None and implied.lo > high * (1 + 1e-9):
            bound, side = high, "checks.T005.above"
        elif low is not None and implied.hi < low:
            bound, side = low, "checks.T005.below"
        else:
            limits = "，".join(
                x
                for x in (
                    f"≥ {fmt(low)}{_u(ind)}" if low is not None else "",
                    f"≤ {fmt(high)}{_u(ind)}" if high is not None else "",
                )
                if x
            )
            yield _passed(
                Message("checks.T005.passed" if limits else "checks.T005.unbounded"),
                _change_text(t, base, implied, ind) + (f"，在{limits}之内" if limits else ""),
                _about(plan, ind, base, t),
            )
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


def _achieved(prev: Plan, ind: Indicator, year: int) -> list[tuple[Observation, Figure]]:
    """The predecessor's exact full-year values of ``ind`` (by id, in a unit that converts)
    for ``year``: what it achieved (two when its data conflict, as V001 reports)."""
    if _not_comparable(prev, ind) is not None:
        return []
    return [
        (o, f)
        for o in prev.observations_for(ind.id)
        if o.period.year == year
        and o.comparator is Comparator.EQ
        and not o.period.is_partial
        and not o.period.is_span
        and (f := figure(o.value, ind.unit)) is not None
    ]


def _not_comparable(prev: Plan, ind: Indicator) -> Message | None:
    """Why the predecessor's values of ``ind`` cannot be compared (``None``: they can)."""
    try:
        own = prev.indicator(ind.id)
    except KeyError:
        return Message("checks.cross.no_indicator")
    if not own.unit.is_compatible_with(ind.unit):
        return Message("checks.cross.unit", unit=format_unit(own.unit), ours=_u(ind))
    return None


def _no_predecessor(plan: Plan, count: int) -> Checked:
    """Not checked: the plan has no predecessor to compare its ``count`` targets with."""
    return Checked(
        outcome=Outcome.NOT_CHECKED,
        location="predecessor",
        reason=Message("checks.cross.no_predecessor", count=count),
    )


def _with_achieved(
    plan: Plan, ind: Indicator, t: Target, got: list[tuple[Observation, Figure]]
) -> _About:
    """Location, figures and sources of a target against the predecessor's achieved values."""
    about = _about(plan, ind, None, t)
    return {
        **about,
        "figures": (
            *((f"上期实绩 {o.period}", format_value(o.value)) for o, _ in got),
            *about["figures"],
        ),
        "sources": tuple(dict.fromkeys((*(source(o) for o, _ in got), *about["sources"]))),
    }


def _below_achieved(plan: Plan) -> Iterator[Finding | Checked]:
    """T006: each level target against the predecessor's value for its end year."""
    scope = [(ind, t) for ind in plan.indicators for t in _met_scope(plan, ind)]
    scope = [(ind, t) for ind, t in scope if isinstance(t, LevelTarget)]
    prev = plan.predecessor
    if prev is None:
        if scope:
            yield _no_predecessor(plan, len(scope))
        return
    for ind, t in scope:
        assert isinstance(t, LevelTarget)
        higher = ind.direction is Direction.HIGHER
        got = _achieved(prev, ind, prev.end_year)
        about = _with_achieved(plan, ind, t, got)
        fig = figure(t.value, ind.unit)
        if counts_additions(ind):
            yield _unchecked(Message("checks.T006.additions"), about)
            continue
        if not got:
            why = _not_comparable(prev, ind)
            yield _unchecked(why or Message("checks.cross.no_value", year=prev.end_year), about)
            continue
        if fig is None:
            yield _unchecked(Message("checks.targets.not_single"), about)
            continue
        if t.comparator is not (Comparator.GE if higher else Comparator.LE):
            yield _unchecked(Message("checks.targets.not_a_floor"), about)
            continue
        short = [(o, f) for o, f in got if (fig.mid <= f.mid if higher else fig.mid >= f.mid)]
        sign = ("≤", ">") if higher else ("≥", "<")
        arith = "；".join(
            f"{fmt(fig.mid)} {sign[0] if (o, f) in short else sign[1]} {fmt(f.mid)}" for o, f in got
        )
        if not short:
            yield _passed(Message("checks.T006.passed", year=prev.end_year), arith, about)
        elif len(short) < len(got):
            yield _unchecked(Message("checks.T006.conflict", year=prev.end_year), about)
        elif isinstance(_met_one(plan, ind, t, _met_bases(plan, ind)), Finding):
            yield _unchecked(Message("checks.T006.t003"), about)
        else:
            o = got[0][0]
            yield Finding(
                message=Message(
                    "checks.T006.message",
                    name=ind.name,
                    indicator=ind.id,
                    year=t.year,
                    target=t.describe(),
                    relation=Message(
                        "checks.T003.not_above" if higher else "checks.T003.not_below"
                    ),
                    achieved=format_value(o.value),
                    period=o.period,
                    previous=prev.title,
                ),
                hint=Message("checks.T006.hint"),
                arithmetic=arith,
                **about,
            )


#: How far beyond its old growth target a period must have grown for a restated target to be
#: noted (T007): by half as much again (10 % a year against a target of 6 %).
FAR_BEYOND = 1.5


def _growth_figure(start: Figure, end: Figure, n: int) -> tuple[float, float, float] | None:
    """The compound annual growth from ``start`` to ``end`` over ``n`` years, as an interval
    over the figures' rounding (``None`` when a value is not positive)."""
    if start.lo <= 0 or end.lo <= 0 or n <= 0:
        return None
    return (
        (end.lo / start.hi) ** (1 / n) - 1,
        (end.mid / start.mid) ** (1 / n) - 1,
        (end.hi / start.lo) ** (1 / n) - 1,
    )


def _restated(plan: Plan) -> Iterator[Finding | Checked]:
    """T007: each annual growth target against the predecessor's for the same indicator."""
    scope = [(ind, g) for ind in plan.indicators for g in _growths(plan, ind)]
    prev = plan.predecessor
    if prev is None:
        if scope:
            yield _no_predecessor(plan, len(scope))
        return
    for ind, g in scope:
        about = _about(plan, ind, None, g)
        try:
            olds = _growths(prev, prev.indicator(ind.id))
        except KeyError:
            olds = []
        if not olds:
            yield _passed(Message("checks.T007.new"), "", about)
            continue
        old = olds[-1]
        about = {
            **about,
            "figures": ((f"上期{old.year}年增长目标", old.describe()), *about["figures"]),
            "sources": tuple(dict.fromkeys((source(old), *about["sources"]))),
        }
        new_rate = g.rate.to(PERCENT).magnitude
        old_rate = old.rate.to(PERCENT).magnitude
        if new_rate != old_rate or g.comparator is not old.comparator:
            yield _passed(
                Message("checks.T007.changed"), f"{old.describe()} → {g.describe()}", about
            )
            continue
        if g.comparator is not Comparator.GE or ind.direction is not Direction.HIGHER:
            yield _unchecked(Message("checks.targets.not_a_floor"), about)
            continue
        why = _not_comparable(prev, ind)
        if why is not None:
            yield _unchecked(why, about)
            continue
        first = old.base_year or prev.base_year
        starts = _achieved(prev, ind, first)
        ends = _achieved(prev, ind, old.year) or [
            (o, f) for _, o, f in baseline(plan, ind) if o.period.year == old.year
        ]
        missing = [y for y, got in ((first, starts), (old.year, ends)) if not got]
        if missing:
            yield _unchecked(Message("checks.cross.no_value", year=missing[0]), about)
            continue
        n = old.year - first
        low, _, high = _rate_interval(old)
        verdicts: dict[str, tuple[Observation, Observation, tuple[float, float, float], str]] = {}
        for (so, sf), (eo, ef) in ((s, e) for s in starts for e in ends):
            got = _growth_figure(sf, ef, n)
            if got is None:
                continue
            verdict = (
                "missed"
                if got[2] < low - 1e-12
                else "exceeded"
                if low > 0 and got[0] > FAR_BEYOND * high + 1e-12
                else "kept"
            )
            text = (
                f"({fmt(ef.mid, 4)} ÷ {fmt(sf.mid, 4)})^(1/{n}) − 1 = {pct(got[1])}，"
                f"上期目标{pct(old_rate / 100)}"
            )
            verdicts.setdefault(verdict, (so, eo, got, text))
        if not verdicts:
            yield _unchecked(Message("checks.T002.not_positive"), about)
            continue
        if len(verdicts) > 1:
            yield _unchecked(Message("checks.T007.conflict"), about)
            continue
        ((verdict, (so, eo, got, text)),) = verdicts.items()
        about = {
            **about,
            "figures": (
                (f"上期 {so.period}", format_value(so.value)),
                (f"上期 {eo.period}", format_value(eo.value)),
                *about["figures"],
            ),
            "sources": tuple(dict.fromkeys((source(so), source(eo), *about["sources"]))),
        }
        if verdict == "kept":
            yield _passed(Message("checks.T007.kept"), text, about)
            continue
        yield Finding(
            message=Message(
                "checks.T007.message",
                name=ind.name,
                indicator=ind.id,
                growth=g.describe(),
                previous=prev.title,
                achieved=got[1],
                start=so.period,
                end=eo.period,
                outcome=Message(f"checks.T007.{verdict}"),
            ),
            hint=Message("checks.T007.hint"),
            arithmetic=text,
            **about,
        )


RULES = (
    catalogued("T001", "targets-conflict", Severity.ERROR, _conflicts),
    catalogued("T002", "targets-disagree", Severity.INFO, _mismatches),
    catalogued("T003", "target-met-at-baseline", Severity.WARNING, _met),
    catalogued("T004", "change-level-disagree", Severity.WARNING, _change_vs_level),
    catalogued("T005", "change-beyond-bound", Severity.ERROR, _change_beyond),
    catalogued("T006", "target-below-achieved", Severity.WARNING, _below_achieved),
    catalogued("T007", "growth-target-restated", Severity.INFO, _restated),
)
