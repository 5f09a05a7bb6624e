"""G rules: the document's own growth figures against the figures they summarise (private).

Every growth or change statement ends as one outcome: a finding, a pass (with the arithmetic
that shows it holds) or "not checked" with the reason (缺少2015年数值). When a year the
statement spans has two different values (a V001 conflict), the statement is worked out on
each candidate: G005 says which one it matches, and G002–G004 that it matches none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypedDict

import attrs

from ...model.enums import Comparator, StatementKind
from ...model.indicator import Indicator
from ...model.period import Period
from ...model.plan import Plan
from ...model.statement import Statement
from ...text import Join, Message
from ...units import format_unit
from ..findings import Checked, Finding, Outcome, Severity
from ._common import (
    PERCENT,
    PP,
    catalogued,
    exact,
    plans_of,
    read,
    reporting,
    source,
    source_in,
    span,
    unreadable_before,
    when,
)
from ._figures import Figure, figure, fmt, meets, pct


@attrs.frozen
class _Pair:
    start: Figure
    end: Figure
    sources: tuple[str, ...]


def _consistent(stated: Figure, derived: tuple[float, float], comparator: Comparator) -> bool:
    if comparator is Comparator.GE:  # "年均增长7%以上": the figures must reach it
        return derived[1] >= stated.lo - 1e-12
    if comparator is Comparator.LE:
        return derived[0] <= stated.hi + 1e-12
    return meets((stated.lo, stated.hi), derived)


def _rate(st: Statement) -> Figure:
    fig = figure(st.value, PERCENT)
    assert fig is not None  # a growth statement is a rate (checked by the model)
    return attrs.evolve(fig, lo=fig.lo / 100, mid=fig.mid / 100, hi=fig.hi / 100)


def _more(st: Statement) -> str:
    return {Comparator.GE: "以上", Comparator.LE: "以下"}.get(st.comparator, "")


def _stated_text(st: Statement) -> str:
    if st.kind in (StatementKind.CHANGE, StatementKind.AVERAGE_CHANGE):
        unit = "个百分点" if st.value.units == PP else format_unit(st.value.units)
        return f"{st.value.magnitude:g}{unit}{_more(st)}"
    return f"{st.value.magnitude:g}{'%' if st.value.units == PERCENT else ''}{_more(st)}"


def _figures(pairs: list[_Pair], st: Statement) -> tuple[tuple[str, str], ...]:
    assert st.start is not None and st.end is not None
    assumed = "（原文无单位，按指标单位读）"
    rows: dict[tuple[str, str], None] = {}
    for label, side in ((f"期初 {st.start}", "start"), (f"期末 {st.end}", "end")):
        for p in pairs:
            fig: Figure = getattr(p, side)
            rows[(label, fig.text + (assumed if fig.assumed else ""))] = None
    return (*rows, ("文中所述", st.text or _stated_text(st)))


class _Where(TypedDict):
    location: str
    indicator: str | None
    figures: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]


def _where(st: Statement, pairs: list[_Pair]) -> _Where:
    """Location, indicator, figures and sources of what a rule says about a statement."""
    return {
        "location": f"statements.{st.id}",
        "indicator": st.indicator,
        "figures": _figures(pairs, st) if pairs else (("文中所述", st.text or _stated_text(st)),),
        "sources": tuple(dict.fromkeys((*(s for p in pairs for s in p.sources), source(st)))),
    }


def _compound(p: _Pair, n: float) -> tuple[float, float, float]:
    return (
        (p.end.lo / p.start.hi) ** (1 / n) - 1,
        (p.end.mid / p.start.mid) ** (1 / n) - 1,
        (p.end.hi / p.start.lo) ** (1 / n) - 1,
    )


def _arithmetic(p: _Pair, n: float) -> tuple[float, float, float]:
    return (
        (p.end.lo / p.start.hi - 1) / n,
        (p.end.mid / p.start.mid - 1) / n,
        (p.end.hi / p.start.lo - 1) / n,
    )


#: Which rule speaks for a statement kind when it passes, is not checked or matches no value.
_CODE = {
    StatementKind.AVERAGE_GROWTH: "G002",
    StatementKind.TOTAL_GROWTH: "G003",
    StatementKind.CHANGE: "G004",
    StatementKind.AVERAGE_CHANGE: "G004",
}

#: The hint of a finding that the statement matches no value (G002–G004).
_HINT = {
    "G002": "checks.G002.hint",
    "G003": "checks.G003.hint",
    "G004": "checks.G004.hint",
}

#: How the statement calls its figure, in a sentence.
_WHAT = {
    StatementKind.AVERAGE_GROWTH: "checks.growth.what.average_growth",
    StatementKind.TOTAL_GROWTH: "checks.growth.what.total_growth",
    StatementKind.CHANGE: "checks.G004.change",
    StatementKind.AVERAGE_CHANGE: "checks.G004.average_change",
}


@attrs.frozen
class _Try:
    """The statement worked out on one (start, end) pair of values."""

    pair: _Pair
    match: str | None  # the reading it matches: compound, arithmetic, total, change; or None
    readings: tuple[tuple[str, Message], ...]  # each derived figure, by reading, in words
    line: str  # the arithmetic
    fitting: tuple[str, ...] = ()  # every reading that matches, the nearest first

    @property
    def said(self) -> Message | Join:
        """Every derived figure, in words."""
        if len(self.readings) == 1:
            return self.readings[0][1]
        return Join(m for _, m in self.readings)

    @property
    def matched(self) -> Message | Join:
        """The derived figures that match, the nearest first (all of them when none does):
        ``算术平均3.65%、复合年均增长率3.41%`` when both hold within rounding."""
        said = dict(self.readings)
        if not self.fitting:
            return self.said
        if len(self.fitting) == 1:
            return said[self.fitting[0]]
        return Join(said[r] for r in self.fitting)


def _how(reading: str, value: str) -> tuple[str, Message]:
    return reading, Message(f"checks.growth.how.{reading}", value=value)


def _nearest(
    stated: Figure,
) -> Callable[[tuple[str, tuple[float, float, float]]], float]:
    """A sort key: how far a reading's derived figure is from the stated one."""
    return lambda reading: abs(reading[1][1] - stated.mid)


def _try_all(st: Statement, ind: Indicator, pairs: list[_Pair]) -> list[_Try] | Message:
    """Each pair worked out, or why the statement cannot be (a unit that does not convert)."""
    assert st.start is not None and st.end is not None
    n = st.end.end - st.start.end
    out: list[_Try] = []
    if st.kind is StatementKind.AVERAGE_GROWTH:
        stated = _rate(st)
        for p in pairs:
            c, a = _compound(p, n), _arithmetic(p, n)
            fitting = tuple(
                r
                for r, d in sorted((("compound", c), ("arithmetic", a)), key=_nearest(stated))
                if _consistent(stated, (d[0], d[2]), st.comparator)
            )
            match = "compound" if "compound" in fitting else (fitting or (None,))[0]
            e, s = fmt(p.end.mid, 4), fmt(p.start.mid, 4)
            line = f"({e} ÷ {s})^(1/{fmt(n)}) − 1 = {pct(c[1])}；({e} ÷ {s} − 1) ÷ {fmt(n)} = {pct(a[1])}"
            said: tuple[tuple[str, Message], ...] = (
                _how("compound", pct(c[1])),
                _how("arithmetic", pct(a[1])),
            )
            out.append(_Try(p, match, said, line, fitting))
        return out
    if st.kind is StatementKind.TOTAL_GROWTH:
        stated = _rate(st)
        for p in pairs:
            derived = (p.end.lo / p.start.hi - 1, p.end.hi / p.start.lo - 1)
            total = p.end.mid / p.start.mid - 1
            match = "total" if _consistent(stated, derived, st.comparator) else None
            fitting = (match,) if match else ()
            line = f"{fmt(p.end.mid, 4)} ÷ {fmt(p.start.mid, 4)} − 1 = {pct(total)}"
            said = (_how("total", pct(total)),)
            out.append(_Try(p, match, said, line, fitting))
        return out
    if st.value.units == PP and ind.unit == PERCENT:
        got = figure(st.value.magnitude * PERCENT, ind.unit)
    else:
        got = figure(st.value, ind.unit)
    if got is None:
        return Message("checks.growth.unit", stated=_stated_text(st), unit=format_unit(ind.unit))
    years = n if st.kind is StatementKind.AVERAGE_CHANGE else 1
    unit = "个百分点" if st.value.units == PP else format_unit(ind.unit)
    per = f" ÷ {fmt(years)}" if years != 1 else ""
    for p in pairs:
        derived = ((p.end.lo - p.start.hi) / years, (p.end.hi - p.start.lo) / years)
        change = (p.end.mid - p.start.mid) / years
        match = st.kind.value if _consistent(got, derived, st.comparator) else None
        fitting = (match,) if match else ()
        line = f"({fmt(p.end.mid, 4)} − {fmt(p.start.mid, 4)}){per} = {fmt(change)}"
        said = (_how(st.kind.value, f"{fmt(change)}{unit}"),)
        out.append(_Try(p, match, said, line, fitting))
    return out


def _values(plan: Plan, ind: Indicator, period: Period) -> list[tuple[Figure, str]] | Message:
    """The exact values of the indicator for a period (the plan's, then its predecessor's:
    :func:`~._common.exact`), read in its unit, with their sources; or why there are none:
    no value, only a bound (以上), or a unit that does not convert."""
    found = exact(plan, ind, period)
    if not found:
        before = unreadable_before(plan, ind, period)
        if before is not None:
            unit = format_unit(before.unit)
            return Message("checks.cross.bare_before", when=when(period), unit=unit)
        if any(
            o.period == period for p, _ in plans_of(plan, ind) for o in p.observations_for(ind.id)
        ):
            return Message("checks.growth.bound_only", when=when(period))
        return Message("checks.growth.no_value", when=when(period))
    out: dict[str, tuple[Figure, str]] = {}
    for p, o in found:
        fig = read(ind, o)
        if fig is not None:
            out.setdefault(fig.text, (fig, source_in(plan, p, o)))
    if not out:
        return Message("checks.growth.unreadable", when=when(period), unit=format_unit(ind.unit))
    return list(out.values())


def _inputs(plan: Plan, st: Statement, ind: Indicator) -> list[_Pair] | Message:
    """The (start, end) pairs of distinct values the statement could summarise, or why there
    are none (the first reason: a missing start value before a missing end value)."""
    assert st.start is not None and st.end is not None
    starts, ends = _values(plan, ind, st.start), _values(plan, ind, st.end)
    missing = [m for m in (starts, ends) if isinstance(m, Message)]
    if missing:
        ids = {m.id for m in missing}
        if len(missing) == 2 and ids == {"checks.growth.no_value"}:
            whens = Join((when(st.start), when(st.end)))
            return Message("checks.growth.no_value", when=whens)
        return missing[0]
    assert not isinstance(starts, Message) and not isinstance(ends, Message)
    growth = st.kind in (StatementKind.AVERAGE_GROWTH, StatementKind.TOTAL_GROWTH)
    if growth:
        bad = [f for f, _ in starts if f.lo <= 0]
        if st.kind is StatementKind.AVERAGE_GROWTH:
            bad += [f for f, _ in ends if f.lo <= 0]
        if bad:
            return Message("checks.growth.not_positive", value=bad[0].text)
    return [_Pair(a, b, (sa, sb)) for a, sa in starts for b, sb in ends]


def _label(t: _Try, many_starts: bool, many_ends: bool) -> str:
    """A candidate named by the value(s) that differ: ``45亿元``, or ``38.9亿元→45亿元``."""
    if many_starts and many_ends:
        return f"{t.pair.start.text}→{t.pair.end.text}"
    return t.pair.start.text if many_starts else t.pair.end.text


def _lines(tries: list[_Try], labels: list[str]) -> str:
    """The arithmetic of every candidate (just the line when there is one)."""
    if len(tries) == 1:
        return tries[0].line
    return "；".join(f"按{label}：{t.line}" for t, label in zip(tries, labels, strict=True))


def _judge(plan: Plan, st: Statement) -> Iterator[tuple[str, Finding | Checked]]:
    """What one growth or change statement comes to, with the code of the rule that says it."""
    assert st.indicator is not None and st.start is not None and st.end is not None
    code = _CODE[st.kind]
    ind = plan.indicator(st.indicator)
    pairs = _inputs(plan, st, ind)
    tries = pairs if isinstance(pairs, Message) else _try_all(st, ind, pairs)
    if isinstance(tries, Message):
        where = _where(st, [] if isinstance(pairs, Message) else pairs)
        yield code, Checked(outcome=Outcome.NOT_CHECKED, reason=tries, **where)
        return
    assert not isinstance(pairs, Message)
    where = _where(st, pairs)
    many_starts = len({t.pair.start.text for t in tries}) > 1
    many_ends = len({t.pair.end.text for t in tries}) > 1
    labels = [_label(t, many_starts, many_ends) for t in tries]
    arithmetic = _lines(tries, labels)
    said = {
        "name": ind.name,
        "indicator": ind.id,
        "span": span(st.start, st.end),
        "what": Message(_WHAT[st.kind]),
        "stated": _stated_text(st),
    }
    # what holds: the compound rate (an arithmetic average given as 年均增长 is G001's), a total
    # growth, a change
    fits = [t for t in tries if t.match is not None and t.match != "arithmetic"]
    if len(fits) == len(tries):
        reason = Message(
            "checks.growth.passed",
            said,
            tried=Join(
                (
                    Message(
                        "checks.growth.candidate",
                        start=t.pair.start.text,
                        end=t.pair.end.text,
                        said=t.matched,
                    )
                    for t in tries
                ),
                sep="clause",
            ),
        )
        yield code, Checked(outcome=Outcome.PASSED, reason=reason, arithmetic=arithmetic, **where)
        return
    conflict = Message(
        "checks.growth.conflict",
        when=Join([when(st.start)] * many_starts + [when(st.end)] * many_ends),
        values=Join(dict.fromkeys(labels)),
    )
    if fits:  # some candidates match, not all: which one the statement was worked out from
        others = [(t, lb) for t, lb in zip(tries, labels, strict=True) if t not in fits]
        message = Message(
            "checks.G005.message",
            said,
            conflict=conflict,
            value=Join(lb for t, lb in zip(tries, labels, strict=True) if t in fits),
            matched=Join(t.matched for t in fits),
            missed=Join(
                (Message("checks.growth.by", value=lb, said=t.said) for t, lb in others),
                sep="clause",
            ),
        )
        hint = Message("checks.G005.hint")
        yield "G005", Finding(message=message, hint=hint, arithmetic=arithmetic, **where)
        return
    arith = [t for t in tries if t.match == "arithmetic"]
    if arith:  # G001: the arithmetic average given as the average growth
        t = arith[0]
        total = t.pair.end.mid / t.pair.start.mid - 1
        n = st.end.end - st.start.end
        comp = _compound(t.pair, n)[1]
        ends = {"start": t.pair.start.text, "end": t.pair.end.text, "compound": comp}
        message = Message("checks.G001.message", {**said, **ends}, total=total, years=n)
        hint = Message("checks.G001.hint", compound=comp)
        yield "G001", Finding(message=message, hint=hint, arithmetic=arithmetic, **where)
        return
    hint = Message(_HINT[code])
    if len(tries) > 1:  # two values for a year, and the statement matches neither
        message = Message(
            "checks.growth.none_match",
            said,
            conflict=conflict,
            tried=Join(
                (
                    Message("checks.growth.by", value=lb, said=t.said)
                    for t, lb in zip(tries, labels, strict=True)
                ),
                sep="clause",
            ),
        )
        yield code, Finding(message=message, hint=hint, arithmetic=arithmetic, **where)
        return
    t = tries[0]
    ends = {"start": t.pair.start.text, "end": t.pair.end.text}
    n = st.end.end - st.start.end
    if st.kind is StatementKind.AVERAGE_GROWTH:
        comp, ari = _compound(t.pair, n)[1], _arithmetic(t.pair, n)[1]
        message = Message("checks.G002.message", {**said, **ends}, compound=comp, average=ari)
    elif st.kind is StatementKind.TOTAL_GROWTH:
        total = t.pair.end.mid / t.pair.start.mid - 1
        message = Message("checks.G003.message", {**said, **ends}, total=total)
    else:
        years = n if st.kind is StatementKind.AVERAGE_CHANGE else 1
        unit = "个百分点" if st.value.units == PP else format_unit(ind.unit)
        change = (t.pair.end.mid - t.pair.start.mid) / years
        message = Message("checks.G004.message", {**said, **ends}, change=change, unit=unit)
    yield code, Finding(message=message, hint=hint, arithmetic=arithmetic, **where)


def _judged(plan: Plan) -> Iterator[tuple[str, Finding | Checked]]:
    for st in plan.statements:
        if st.kind in _CODE:
            yield from _judge(plan, st)


RULES = (
    catalogued("G001", "average-growth-arithmetic", Severity.WARNING, reporting("G001", _judged)),
    catalogued("G002", "average-growth-mismatch", Severity.ERROR, reporting("G002", _judged)),
    catalogued("G003", "total-growth-mismatch", Severity.ERROR, reporting("G003", _judged)),
    catalogued("G004", "change-mismatch", Severity.ERROR, reporting("G004", _judged)),
    catalogued("G005", "derived-matches-one-value", Severity.INFO, reporting("G005", _judged)),
)
