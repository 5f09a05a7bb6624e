"""G rules: the document's own growth figures against the figures they summarise (private)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

import attrs

from ...model.enums import Comparator, StatementKind
from ...model.period import Period
from ...model.plan import Plan
from ...model.statement import Statement
from ...units import format_unit
from ..findings import Finding, Rule, Severity
from ._common import PERCENT, PP, at, label, read, source, years_text
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
        "sources": tuple(dict.fromkeys((*pair.sources, st.source or "出处未注"))),
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
        span = years_text(start, end)
        arith = [p for p in pairs if _consistent(stated, _arithmetic(p, n)[::2], st.comparator)]
        pair = arith[0] if arith else min(pairs, key=lambda p: abs(_compound(p, n)[1] - stated.mid))
        comp, ari = _compound(pair, n)[1], _arithmetic(pair, n)[1]
        total = pair.end.mid / pair.start.mid - 1
        base = (
            f"{label(ind)}{span}年均增长{_stated_text(st)}与数据不符：由{pair.start.text}增至"
            f"{pair.end.text}，复合年均增长率为{pct(comp)}"
        )
        arithmetic = (
            f"({fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)})^(1/{fmt(n)}) − 1 = {pct(comp)}；"
            f"({fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)} − 1) ÷ {fmt(n)} = {pct(ari)}"
        )
        if arith:
            yield (
                "G001",
                Finding(
                    message=f"{base}；{_stated_text(st)}是累计增长{pct(total, 1)}除以"
                    f"{fmt(n)}年的算术平均，不是复合年均增长率。",
                    message_en=f"{ind.id}: stated average annual growth {_stated_text(st)} "
                    f"({st.start}–{st.end}) is the arithmetic average (total growth {pct(total, 1)} / "
                    f"{fmt(n)} years), not the compound rate {pct(comp)} of "
                    f"{pair.start.text} → {pair.end.text}.",
                    hint=f"年均增长率应按复合（几何）平均计算：(期末÷期初)^(1/年数) − 1 = {pct(comp)}；"
                    "若有意用算术平均，请在文中注明。",
                    hint_en=f"Use the compound rate (end/start)^(1/years) − 1 = {pct(comp)}, "
                    "or say the figure is an arithmetic average.",
                    arithmetic=arithmetic,
                    **_where(st, pair),
                ),
            )
        else:
            yield (
                "G002",
                Finding(
                    message=f"{base}，算术平均为{pct(ari)}，均与所述不符（已计入数字的舍入）。",
                    message_en=f"{ind.id}: stated average annual growth {_stated_text(st)} "
                    f"({st.start}–{st.end}) matches neither the compound rate {pct(comp)} nor the "
                    f"arithmetic average {pct(ari)} of {pair.start.text} → {pair.end.text}, "
                    "allowing for rounding.",
                    hint="核对期初、期末数值和年均增速，三者至少有一个有误。",
                    hint_en="Check the start and end values and the rate: one of them is wrong.",
                    arithmetic=arithmetic,
                    **_where(st, pair),
                ),
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
        span = years_text(start, end)
        yield Finding(
            message=f"{label(ind)}{span}累计增长{_stated_text(st)}与数据不符：由{pair.start.text}"
            f"增至{pair.end.text}，实际增长{pct(total)}。",
            message_en=f"{ind.id}: stated total growth {_stated_text(st)} ({st.start}–{st.end}) does not "
            f"match {pair.start.text} → {pair.end.text}, which is {pct(total)}.",
            **_where(st, pair),
            arithmetic=f"{fmt(pair.end.mid, 4)} ÷ {fmt(pair.start.mid, 4)} − 1 = {pct(total)}",
            hint="核对期初、期末数值和增幅。",
            hint_en="Check the start and end values and the stated growth.",
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
        span = years_text(start, end)
        what = "年均变化" if st.kind is StatementKind.AVERAGE_CHANGE else "变化"
        unit = "个百分点" if st.value.units == PP else format_unit(ind.unit)
        more = {Comparator.GE: "以上", Comparator.LE: "以下"}.get(st.comparator, "")
        stated = f"{st.value.magnitude:g}{'个百分点' if st.value.units == PP else format_unit(st.value.units)}{more}"
        per = f" ÷ {fmt(n)}" if n != 1 else ""
        yield Finding(
            message=f"{label(ind)}{span}{what}{stated}与数据不符："
            f"由{pair.start.text}到{pair.end.text}，{what}为{fmt(change)}{unit}。",
            message_en=f"{ind.id}: stated {st.kind.value} {stated} ({st.start}–{st.end}) "
            f"does not match {pair.start.text} → {pair.end.text}: {fmt(change)}{unit}.",
            **_where(st, pair),
            arithmetic=f"({fmt(pair.end.mid, 4)} − {fmt(pair.start.mid, 4)}){per} = {fmt(change)}",
            hint="核对两端数值和所述变化量。",
            hint_en="Check both values and the stated change.",
        )


RULES = (
    Rule(
        code="G001",
        name="average-growth-arithmetic",
        severity=Severity.WARNING,
        summary="所述年均增长率是累计增长除以年数的算术平均，而非复合年均增长率",
        summary_en="a stated average annual growth rate is the arithmetic average of the "
        "total growth, not the compound rate",
        check=_check_g001,
    ),
    Rule(
        code="G002",
        name="average-growth-mismatch",
        severity=Severity.ERROR,
        summary="所述年均增长率与其概括的期初、期末数值不符",
        summary_en="a stated average annual growth rate does not match the figures it summarises",
        check=_check_g002,
    ),
    Rule(
        code="G003",
        name="total-growth-mismatch",
        severity=Severity.ERROR,
        summary="所述累计增幅与期初、期末数值不符",
        summary_en="a stated total growth does not match its start and end values",
        check=_check_g003,
    ),
    Rule(
        code="G004",
        name="change-mismatch",
        severity=Severity.ERROR,
        summary="所述变化量（含百分点、年均净增）与两端数值不符",
        summary_en="a stated change (points, average net increase) does not match its figures",
        check=_check_g003_change,
    ),
)
