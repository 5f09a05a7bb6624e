"""G rules: the document's own growth figures against the figures they summarise (private)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

import attrs

from ...model.enums import Comparator, StatementKind
from ...model.period import Period
from ...model.plan import Plan
from ...model.statement import Statement
from ...text import Message
from ...units import format_unit
from ..findings import Finding, Severity
from ._common import PERCENT, PP, at, catalogued, read, source, span
from ._figures import Figure, figure, fmt, meets, pct


@attrs.frozen
class _Pair:
    start: Figure
    end: Figure
    sources: tuple[str, ...]


def _pairs(plan: Plan, st: Statement) -> list[_Pair]:
    """Every (start, end) pair of exact observations the statement could summarise."""
    if st.indicator is None or st.start is None or st.end is None:
        return []
    ind = plan.indicator(st.indicator)
    out = []
    for a in at(plan, ind.id, st.start):
        for b in at(plan, ind.id, st.end):
            fa, fb = read(ind, a), read(ind, b)
            if fa is not None and fb is not None:
                out.append(_Pair(fa, fb, (source(a), source(b))))
    return out


def _ends(st: Statement) -> tuple[str, Period, Period]:
    """The indicator, start and end of a statement that has pairs (:func:`_pairs` checked)."""
    assert st.indicator is not None and st.start is not None and st.end is not None
    return st.indicator, st.start, st.end


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


def _stated_text(st: Statement) -> str:
    more = {Comparator.GE: "以上", Comparator.LE: "以下"}.get(st.comparator, "")
    return f"{st.value.magnitude:g}{'%' if st.value.units == PERCENT else ''}{more}"


def _figures(pair: _Pair, st: Statement) -> tuple[tuple[str, str], ...]:
    assumed = "（原文无单位，按指标单位读）"
    return (
        (f"期初 {st.start}", pair.start.text + (assumed if pair.start.assumed else "")),
        (f"期末 {st.end}", pair.end.text + (assumed if pair.end.assumed else "")),
        ("文中所述", st.text or _stated_text(st)),
    )


class _Where(TypedDict):
    location: str
    indicator: str | None
    figures: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]


def _where(st: Statement, pair: _Pair) -> _Where:
    """Location, indicator, figures and sources of a finding about a statement."""
    return {
        "location": f"statements.{st.id}",
        "indicator": st.indicator,
        "figures": _figures(pair, st),
        "sources": tuple(dict.fromkeys((*pair.sources, source(st)))),
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


def _average_growth(plan: Plan) -> Iterator[tuple[str, Finding]]:
    """Average-growth statements that do not match: ("G001", …) arithmetic, ("G002", …) other."""
    for st in plan.statements:
        if st.kind is not StatementKind.AVERAGE_GROWTH:
            continue
        pairs = [p for p in _pairs(plan, st) if p.start.lo > 0 and p.end.lo > 0]
        if not pairs:
            continue
        indicator, start, end = _ends(st)
        n = end.end - start.end
        stated = _rate(st)
        if any(_consistent(stated, _compound(p, n)[::2], st.comparator) for p in pairs):
            continue
        ind = plan.indicator(indicator)
        arith = [p for p in pairs if _consistent(stated, _arithmetic(p, n)[::2], st.comparator)]
        pair = arith[0] if arith else min(pairs, key=lambda p: abs(_compound(p, n)[1] - stated.mid))
        comp, ari = _compound(pair, n)[1], _arithmetic(pair, n)[1]
        said = {
            "name": ind.name,
            "indicator": ind.id,
            "span": span(start, end),
            "stated": _stated_text(st),
            "start": pair.start.text,
            "end": pair.end.text,
            "compound": comp,
        }
        arithmetic = (
            f"({fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)})^(1/{fmt(n)}) − 1 = {pct(comp)}；"
            f"({fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)} − 1) ÷ {fmt(n)} = {pct(ari)}"
        )
        if arith:
            total = pair.end.mid / pair.start.mid - 1
            message = Message("checks.G001.message", said, total=total, years=n)
            hint = Message("checks.G001.hint", compound=comp)
            yield (
                "G001",
                Finding(message=message, hint=hint, arithmetic=arithmetic, **_where(st, pair)),
            )
        else:
            message = Message("checks.G002.message", said, average=ari)
            hint = Message("checks.G002.hint")
            yield (
                "G002",
                Finding(message=message, hint=hint, arithmetic=arithmetic, **_where(st, pair)),
            )


def _check_g001(plan: Plan) -> Iterator[Finding]:
    yield from (f for code, f in _average_growth(plan) if code == "G001")


def _check_g002(plan: Plan) -> Iterator[Finding]:
    yield from (f for code, f in _average_growth(plan) if code == "G002")


def _check_g003(plan: Plan) -> Iterator[Finding]:
    for st in plan.statements:
        if st.kind is not StatementKind.TOTAL_GROWTH:
            continue
        pairs = [p for p in _pairs(plan, st) if p.start.lo > 0]
        if not pairs:
            continue
        stated = _rate(st)
        derived = [(p.end.lo / p.start.hi - 1, p.end.hi / p.start.lo - 1) for p in pairs]
        if any(_consistent(stated, d, st.comparator) for d in derived):
            continue
        indicator, start, end = _ends(st)
        ind = plan.indicator(indicator)
        pair = min(pairs, key=lambda p: abs(p.end.mid / p.start.mid - 1 - stated.mid))
        total = pair.end.mid / pair.start.mid - 1
        yield Finding(
            message=Message(
                "checks.G003.message",
                name=ind.name,
                indicator=ind.id,
                span=span(start, end),
                stated=_stated_text(st),
                start=pair.start.text,
                end=pair.end.text,
                total=total,
            ),
            **_where(st, pair),
            arithmetic=f"{fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)} − 1 = {pct(total)}",
            hint=Message("checks.G003.hint"),
        )


def _check_g003_change(plan: Plan) -> Iterator[Finding]:
    for st in plan.statements:
        if st.kind not in (StatementKind.CHANGE, StatementKind.AVERAGE_CHANGE):
            continue
        pairs = _pairs(plan, st)
        if not pairs:
            continue
        indicator, start, end = _ends(st)
        ind = plan.indicator(indicator)
        if st.value.units == PP and ind.unit == PERCENT:
            got = figure(st.value.magnitude * PERCENT, ind.unit)
        else:
            got = figure(st.value, ind.unit)
        if got is None:
            continue
        n = end.end - start.end if st.kind is StatementKind.AVERAGE_CHANGE else 1
        derived = [((p.end.lo - p.start.hi) / n, (p.end.hi - p.start.lo) / n) for p in pairs]
        if any(_consistent(got, d, st.comparator) for d in derived):
            continue
        pair = min(pairs, key=lambda p: abs((p.end.mid - p.start.mid) / n - got.mid))
        change = (pair.end.mid - pair.start.mid) / n
        average = st.kind is StatementKind.AVERAGE_CHANGE
        unit = "个百分点" if st.value.units == PP else format_unit(ind.unit)
        more = {Comparator.GE: "以上", Comparator.LE: "以下"}.get(st.comparator, "")
        stated = f"{st.value.magnitude:g}{'个百分点' if st.value.units == PP else format_unit(st.value.units)}{more}"
        per = f" ÷ {fmt(n)}" if n != 1 else ""
        yield Finding(
            message=Message(
                "checks.G004.message",
                name=ind.name,
                indicator=ind.id,
                span=span(start, end),
                what=Message("checks.G004.average_change" if average else "checks.G004.change"),
                stated=stated,
                start=pair.start.text,
                end=pair.end.text,
                change=change,
                unit=unit,
            ),
            **_where(st, pair),
            arithmetic=f"({fmt(pair.end.mid, 4)} − {fmt(pair.start.mid, 4)}){per} = {fmt(change)}",
            hint=Message("checks.G004.hint"),
        )


RULES = (
    catalogued("G001", "average-growth-arithmetic", Severity.WARNING, _check_g001),
    catalogued("G002", "average-growth-mismatch", Severity.ERROR, _check_g002),
    catalogued("G003", "total-growth-mismatch", Severity.ERROR, _check_g003),
    catalogued("G004", "change-mismatch", Severity.ERROR, _check_g003_change),
)
