"""T rules: targets against each other and against the baseline (private)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.enums import Comparator, Direction
from ...model.indicator import Indicator, counts_additions
from ...model.plan import Plan
from ...model.targets import (
    CoverageTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    Target,
    distinct_targets,
)
from ...units import format_quantity, format_unit
from ..findings import Finding, Rule, Severity
from ._common import PERCENT, Base, baseline, label, source
from ._figures import Figure, figure, fmt, pct


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
        levels, growths = _levels(plan, ind), _growths(plan, ind)
        if not levels or not growths:
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


def _figs(lvl: LevelTarget, g: GrowthTarget, base: Base) -> tuple[tuple[str, str], ...]:
    _, obs, _ = base
    return (
        (f"基期 {obs.period}", format_quantity(obs.value)),
        (f"{lvl.year}年水平目标", lvl.describe()),
        (f"{g.year}年增长目标", g.describe()),
    )


def _sources(lvl: LevelTarget, g: GrowthTarget, base: Base) -> tuple[str, ...]:
    return tuple(dict.fromkeys((source(base[1]), source(lvl), source(g))))


def _conflicts(plan: Plan) -> Iterator[Finding]:
    for ind, lvl, fig, g, base in _pairs(plan):
        _, obs, bfig = base
        n = g.year - obs.period.year
        rate = _rate_interval(g)
        implied = _implied(bfig, rate, n)
        need = (fig.mid / bfig.mid) ** (1 / n) - 1 if bfig.mid > 0 and fig.mid > 0 else None
        floor_rate = g.comparator in (Comparator.GE, Comparator.EQ)
        ceil_rate = g.comparator in (Comparator.LE, Comparator.EQ)
        floor_lvl = lvl.comparator in (Comparator.GE, Comparator.EQ)
        ceil_lvl = lvl.comparator in (Comparator.LE, Comparator.EQ)
        # exact targets: the level is the commitment, the rate a rounded derivation of it
        if floor_rate and ceil_lvl and implied[0] > fig.mid * (1 + 1e-9):
            too = "高"
        elif ceil_rate and floor_lvl and implied[2] < fig.mid * (1 - 1e-9):
            too = "低"
        else:
            continue
        yield Finding(
            message=f"{label(ind)}的两个{g.year}年目标不能同时成立：按{g.describe()}，由基期"
            f"{format_quantity(obs.value)}推得{g.year}年约{fmt(implied[1])}{_u(ind)}，比水平目标"
            f"{lvl.describe()}{too}。",
            message_en=f"{ind.id}: the {g.year} targets cannot both hold: {g.describe()} from "
            f"{format_quantity(obs.value)} gives about {fmt(implied[1])} in {g.year}, against "
            f"the level target {lvl.describe()}.",
            location=_path(plan, lvl),
            indicator=ind.id,
            figures=_figs(lvl, g, base),
            sources=_sources(lvl, g, base),
            arithmetic=f"{fmt(bfig.mid, 4)} × (1 + {pct(rate[1])})^{n} = {fmt(implied[1])}"
            + (f"；达到{fmt(fig.mid)}需年均{pct(need)}" if need is not None else ""),
            hint="统一两个目标：修改增速或水平目标，使其一致。",
            hint_en="Make the two targets agree: change the rate or the level.",
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
        stricter = "增长目标" if implied > fig.mid else "水平目标"
        yield Finding(
            message=f"{label(ind)}的{g.year}年水平目标与增长目标不一致：达到{lvl.describe()}只需"
            f"年均增长{pct(need_mid)}，而{g.describe()}意味着{g.year}年约{fmt(implied)}"
            f"{_u(ind)}；两者都可达到，但{stricter}更高，另一个并非由它推算。",
            message_en=f"{ind.id}: the {g.year} level and growth targets disagree: "
            f"{lvl.describe()} needs {pct(need_mid)} a year, while {g.describe()} implies "
            f"about {fmt(implied)}; both can hold, but the {'growth' if implied > fig.mid else 'level'} "
            "target is the higher.",
            location=_path(plan, lvl),
            indicator=ind.id,
            figures=_figs(lvl, g, base),
            sources=_sources(lvl, g, base),
            arithmetic=f"({fmt(fig.mid, 4)} ÷ {fmt(bfig.mid, 4)})^(1/{n}) − 1 = {pct(need_mid)}；"
            f"{fmt(bfig.mid, 4)} × (1 + {pct(rate[1])})^{n} = {fmt(implied)}",
            hint="确认哪个目标是约束：两者应相互推算得出，或说明为何不同。",
            hint_en="Decide which target binds: derive one from the other, or explain the gap.",
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
            if isinstance(t, RateTarget | CoverageTarget) or t.year <= plan.base_year:
                continue
            for p, obs, bfig in bases:
                where = "上一规划" if p is not plan else ""
                base_text = f"{format_quantity(obs.value)}（{obs.period}{where and '，' + where}）"
                if isinstance(t, GrowthTarget):
                    rate = t.rate.to(PERCENT).magnitude
                    if isinstance(t, ReductionTarget):
                        rate = -rate
                    easy = (rate <= 0) if higher else (rate >= 0)
                    if not easy or t.comparator is not (Comparator.GE if higher else Comparator.LE):
                        continue
                    msg = f"{label(ind)}的目标{t.describe()}允许不增长，低于基期水平也算达标。"
                    msg_en = f"{ind.id}: target {t.describe()} allows no growth."
                    arith = f"目标增速 {fmt(rate)}% ≤ 0"
                else:
                    assert isinstance(t, LevelTarget)  # rate and coverage targets are skipped
                    fig = figure(t.value, ind.unit)
                    if fig is None:
                        continue
                    # against the baseline as written: a target above it is not met, even
                    # when it lies inside the baseline's rounding (≥50.5 against 50)
                    if higher and t.comparator is Comparator.GE and fig.mid <= bfig.mid:
                        rel = "不高于"
                    elif not higher and t.comparator is Comparator.LE and fig.mid >= bfig.mid:
                        rel = "不低于"
                    else:
                        continue
                    below = fig.mid < bfig.lo if higher else fig.mid > bfig.hi
                    rel = ("低于" if higher else "高于") if below else rel
                    msg = (
                        f"{label(ind)}的{t.year}年目标{t.describe()}{rel}规划期前已达到的"
                        f"{base_text}：若两者口径相同，目标在规划期开始前已经实现。"
                    )
                    msg_en = (
                        f"{ind.id}: the {t.year} target {t.describe()} is already met by "
                        f"{format_quantity(obs.value)} ({obs.period}) before the period starts."
                    )
                    arith = f"{fmt(fig.mid)} {'≤' if higher else '≥'} {fmt(bfig.mid)}"
                yield Finding(
                    message=msg,
                    message_en=msg_en,
                    location=_path(plan, t),
                    indicator=ind.id,
                    figures=(
                        (f"基期 {obs.period}", format_quantity(obs.value)),
                        ("目标", t.describe()),
                    ),
                    sources=tuple(dict.fromkeys((source(obs), source(t)))),
                    arithmetic=arith,
                    hint="提高目标，或说明指标口径不同（如存量与新增、全年与截至某月）。",
                    hint_en="Raise the target, or say why the baseline is not comparable "
                    "(stock vs flow, part-year).",
                )
                break


RULES = (
    Rule(
        code="T001",
        name="targets-conflict",
        severity=Severity.ERROR,
        summary="同一指标的水平目标与增长目标不能同时成立",
        summary_en="a level target and a growth target of one indicator cannot both hold",
        check=_conflicts,
    ),
    Rule(
        code="T002",
        name="targets-disagree",
        severity=Severity.INFO,
        summary="同一指标的水平目标与增长目标隐含的水平不同（都可达到，但并非相互推算）",
        summary_en="a level and a growth target of one indicator imply different levels "
        "(both can hold, but one was not derived from the other)",
        check=_mismatches,
    ),
    Rule(
        code="T003",
        name="target-met-at-baseline",
        severity=Severity.WARNING,
        summary="目标不高于（越低越好的指标：不低于）规划期前已达到的水平",
        summary_en="a target at or below the baseline for a higher-is-better indicator "
        "(or the reverse): met before the period starts",
        check=_met,
    ),
)
