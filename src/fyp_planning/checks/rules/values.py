"""V rules: figures given twice, and totals that are not the sum of their parts (private)."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

from pint.facets.plain import PlainUnit

from ...limits import MAX_TOTAL_CHOICES
from ...model.entities import Project
from ...model.enums import Comparator, ObservationStatus, StatementKind
from ...model.indicator import Indicator
from ...model.observation import Observation
from ...model.period import Period
from ...model.plan import Plan
from ...model.statement import Statement
from ...text import Join, Message
from ...units import AnyQuantity, Quantity, format_quantity, format_unit, is_bare
from ..findings import Checked, Finding, Outcome, Severity
from ._common import (
    catalogued,
    exact,
    obs_path,
    plans_of,
    read,
    reporting,
    source,
    source_in,
    unreadable_before,
    when,
)
from ._figures import Figure, figure, fmt, meets

#: One exact value of a V001 group: its text, where it stands, its figure and the plan's id.
_Row = tuple[str, str, Figure, str]


def _conflicting_values(plan: Plan) -> Iterator[Finding]:
    """Exact observations of one indicator and period, in this plan and its predecessor,
    whose values no rounding reconciles."""
    for ind in plan.indicators:
        groups: dict[Period, list[_Row]] = defaultdict(list)
        for p, _ in plans_of(plan, ind):
            for o in p.observations_for(ind.id):
                if o.comparator is not Comparator.EQ:
                    continue
                fig = read(ind, o)
                if fig is None or fig.assumed:
                    continue  # a bare figure is U001's; never compared on a guessed unit
                groups[o.period].append(
                    (format_quantity(fig.quantity), source_in(plan, p, o), fig, p.id)
                )
        for period, rows in groups.items():
            own = [r for r in rows if r[3] == plan.id]
            before = [r for r in rows if r[3] != plan.id]
            # the predecessor's own contradictions are reported when it is audited
            if not (_split(own) or (own and not _split(before) and _split(rows))):
                continue
            yield Finding(
                message=Message(
                    "checks.V001.message",
                    name=ind.name,
                    indicator=ind.id,
                    when=when(period),
                    period=period,
                    count=len(_clusters(rows)),
                    values=Join(Message("checks.V001.value", value=r[0], where=r[1]) for r in rows),
                ),
                location=f"indicators.{ind.id}.observations",
                indicator=ind.id,
                figures=tuple((r[1], r[0]) for r in rows),
                sources=tuple(dict.fromkeys(r[1] for r in rows)),
                arithmetic=" ≠ ".join(
                    dict.fromkeys(
                        f"{fmt(r[2].mid, 4)}（{fmt(r[2].lo, 4)}–{fmt(r[2].hi, 4)}）" for r in rows
                    )
                ),
                hint=Message("checks.V001.hint"),
            )


def _clusters(rows: list[_Row]) -> list[list[_Row]]:
    """Groups of mutually consistent values (each row's figure is at index 2)."""
    clusters: list[list[_Row]] = []
    for row in rows:
        for cl in clusters:
            if all(meets((row[2].lo, row[2].hi), (x[2].lo, x[2].hi), strict=True) for x in cl):
                cl.append(row)
                break
        else:
            clusters.append([row])
    return clusters


def _split(rows: list[_Row]) -> bool:
    return len(_clusters(rows)) > 1


#: Words that make a stated total approximate (约38家): its own rounding, not an exact count.
_ABOUT = re.compile("约|左右")
#: A year the statement's words name (2020年).
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


def _total_period(plan: Plan, st: Statement) -> Period | None:
    """The period a total's indicator parts are read at: its ``end``; else the one year its
    words name (2020年); else the plan's base year when they say 期末 (the end of the period
    before the plan: "十三五期末"); else ``None``."""
    if st.end is not None:
        return st.end
    text = st.text or ""
    years = {int(y) for y in _YEAR.findall(text)}
    if len(years) == 1:
        return Period(years.pop())
    if not years and "期末" in text:
        return Period(plan.base_year)
    return None


def _holds(stated: Figure, comparator: Comparator, lo: float, hi: float) -> bool:
    """Whether a stated figure (``=``, or a floor/ceiling: 以上/以下) allows a sum in lo–hi."""
    if comparator is Comparator.GE:  # the sum may be anything from the stated figure up
        return meets((stated.lo, max(stated.hi, hi)), (lo, hi))
    if comparator is Comparator.LE:
        return meets((min(stated.lo, lo), stated.hi), (lo, hi))
    return meets((stated.lo, stated.hi), (lo, hi))


def _range(lo: float, hi: float) -> str:
    """An interval for the arithmetic: ``（可能范围 45.5–46.5）``, nothing for an exact sum."""
    return "" if lo == hi else f"（可能范围 {fmt(lo, 4)}–{fmt(hi, 4)}）"


def _sum_text(mids: list[float], lo: float, hi: float, stated: Figure) -> str:
    """The arithmetic of a total: ``38 + 8 = 46，所述 38（精确）``."""
    exact = (
        "（精确计数）" if stated.lo == stated.hi else f"（{fmt(stated.lo, 4)}–{fmt(stated.hi, 4)}）"
    )
    return (
        " + ".join(fmt(m, 4) for m in mids)
        + f" = {fmt(sum(mids), 4)}{_range(lo, hi)}，所述 {fmt(stated.mid, 4)}{exact}"
    )


def _several(reasons: tuple[Message, ...]) -> Message:
    """Several reasons as one, each said once."""
    said: dict[str, Message] = {}
    for r in reasons:
        said.setdefault(str(r), r)
    if len(said) == 1:
        return next(iter(said.values()))
    return Message("checks.V002.reasons", reasons=Join(said.values(), sep="clause"))


#: A total's part: its name and its values (several when the year has several, V001's), or
#: (its name and) why it has none.
_Part = tuple[str, tuple[AnyQuantity, ...], Message | None]


def _part_value(
    plan: Plan, projects: dict[str, Project], ref: str, at_period: Period | None
) -> _Part:
    """A total's part: a project's investment, or an indicator's value at ``at_period``; or
    the reason it has none."""
    pr = projects.get(ref)
    if pr is not None:
        if pr.investment is None:
            return pr.name, (), Message("checks.V002.no_investment", name=pr.name)
        return pr.name, (pr.investment,), None
    try:
        ind = plan.indicator(ref)
    except KeyError:
        return ref, (), Message("checks.V002.unknown_part", part=ref)
    if at_period is None:
        return ind.name, (), Message("checks.V002.no_period")
    values = list(dict.fromkeys(o.value for _, o in exact(plan, ind, at_period)))
    before = unreadable_before(plan, ind, at_period) if not values else None
    if before is not None:
        why = Message(
            "checks.cross.bare_before", when=when(at_period), unit=format_unit(before.unit)
        )
        return ind.name, (), why
    if not values:
        return (
            ind.name,
            (),
            Message(
                "checks.V002.missing",
                name=ind.name,
                indicator=ind.id,
                when=when(at_period),
                period=at_period,
            ),
        )
    if not all(isinstance(v, Quantity) for v in values):
        return ind.name, (), Message("checks.V002.not_a_figure", name=ind.name)
    return ind.name, tuple(v for v in values if isinstance(v, Quantity)), None


def _totals_judged(plan: Plan) -> Iterator[tuple[str, Finding | Checked]]:
    """Every stated total, judged once: V002's outcome, or V004's when it matches only some of
    the values a part's year has (each with the code of the rule that reports it)."""
    projects: dict[str, Project] = {}
    for pr in plan.projects:
        projects.setdefault(pr.id, pr)
    for st in plan.statements:
        if st.kind is StatementKind.TOTAL:
            yield _total(plan, projects, st)


def _total(
    plan: Plan, projects: dict[str, Project], st: Statement
) -> tuple[str, Finding | Checked]:
    """One stated total: a finding, a pass with its arithmetic, or why it was not checked.

    A part whose year has several values (V001's) is tried with each: the total passes when
    every choice adds up, V004 names the choices that do when only some do, and V002 reports
    it when none does — every choice's arithmetic shown. At most :data:`MAX_TOTAL_CHOICES`
    choices are tried (beyond, the total is listed as not checked)."""
    location = f"statements.{st.id}"

    def not_checked(*reasons: Message) -> tuple[str, Checked]:
        return "V002", Checked(
            outcome=Outcome.NOT_CHECKED,
            location=location,
            reason=reasons[0] if len(reasons) == 1 else _several(reasons),
            indicator=st.indicator,
            figures=(("合计", format_quantity(st.value)),),
            sources=(source(st),),
        )

    period = _total_period(plan, st)
    found = [_part_value(plan, projects, ref, period) for ref in st.parts]
    missing = [why for _, _, why in found if why is not None]
    if missing:
        return not_checked(*missing)
    choices = 1
    for _, values, _ in found:
        choices *= len(values)
    if choices > MAX_TOTAL_CHOICES:
        return not_checked(Message("checks.V002.too_many", count=choices))
    unit: PlainUnit | None = None
    if st.indicator is not None:
        unit = plan.indicator(st.indicator).unit
    else:
        stated_units = [
            q.units for q in [st.value, *(v for _, vs, _ in found for v in vs)] if not is_bare(q)
        ]
        unit = stated_units[0] if stated_units else None
    shown_unit = format_unit(unit) if unit is not None else ""
    read_in: dict[int, Figure] = {}
    unreadable: list[Message] = []
    for name, values, _ in found:
        for q in values:
            f = figure(q, unit, exact_counts=True)
            if f is None:
                unreadable.append(
                    Message(
                        "checks.V002.unreadable",
                        name=name,
                        value=format_quantity(q),
                        unit=shown_unit,
                    )
                )
            else:
                read_in[id(q)] = f
    approximate = _ABOUT.search(st.text or "") is not None
    stated = figure(st.value, unit, exact_counts=not approximate)
    if stated is None:
        value = format_quantity(st.value)
        unreadable.insert(0, Message("checks.V002.unreadable_total", value=value, unit=shown_unit))
    if unreadable:
        return not_checked(*unreadable)
    assert stated is not None
    figures = (
        ("合计", format_quantity(st.value)),
        *((name, " / ".join(format_quantity(q) for q in values)) for name, values, _ in found),
    )
    tried = []
    for combo in itertools.product(*(values for _, values, _ in found)):
        figs = [read_in[id(q)] for q in combo]
        lo, hi = sum(f.lo for f in figs), sum(f.hi for f in figs)
        label = "、".join(
            f"{name}{format_quantity(q)}"
            for (name, values, _), q in zip(found, combo, strict=True)
            if len(values) > 1
        )
        text = _sum_text([f.mid for f in figs], lo, hi, stated)
        tried.append((label, text, sum(f.mid for f in figs), _holds(stated, st.comparator, lo, hi)))
    count = len(found)
    sources = (source(st),)
    if len(tried) == 1:
        _, arithmetic, total, holds = tried[0]
    else:
        arithmetic = "；".join(f"按{label}：{text}" for label, text, _, _ in tried)
        holds = all(t[3] for t in tried)
        if not holds and any(t[3] for t in tried):
            return "V004", Finding(
                message=Message(
                    "checks.V004.message",
                    stated=format_quantity(st.value),
                    count=count,
                    matched=Join([t[0] for t in tried if t[3]]),
                    missed=Join([t[0] for t in tried if not t[3]]),
                ),
                location=location,
                arithmetic=arithmetic,
                hint=Message("checks.V004.hint"),
                indicator=st.indicator,
                figures=figures,
                sources=sources,
            )
        total = tried[0][2]
    if holds:
        return "V002", Checked(
            outcome=Outcome.PASSED,
            location=location,
            reason=Message("checks.V002.passed", stated=format_quantity(st.value), count=count),
            arithmetic=arithmetic,
            indicator=st.indicator,
            figures=figures,
            sources=sources,
        )
    message = (
        Message(
            "checks.V002.message",
            stated=format_quantity(st.value),
            count=count,
            sum=total,
            unit=shown_unit,
        )
        if len(tried) == 1
        else Message(
            "checks.V002.message_choices",
            stated=format_quantity(st.value),
            count=count,
            choices=len(tried),
        )
    )
    return "V002", Finding(
        message=message,
        location=location,
        arithmetic=arithmetic,
        hint=Message("checks.V002.hint"),
        indicator=st.indicator,
        figures=figures,
        sources=sources,
    )


def _year_figures(plan: Plan, ind: Indicator, year: int) -> list[Figure] | None:
    """The exact whole-year figures of ``year`` with a stated unit (actuals when there are,
    else any status), or ``None`` when there is none."""
    found = [
        (o.status is ObservationStatus.ACTUAL, fig)
        for _, o in exact(plan, ind, Period(year))
        if (fig := figure(o.value, ind.unit, exact_counts=True)) is not None and not fig.assumed
    ]
    if not found:
        return None
    actual = [fig for is_actual, fig in found if is_actual]
    return actual or [fig for _, fig in found]


def _span_totals(plan: Plan) -> Iterator[Finding | Checked]:
    """Totals over a span of years that no rounding reconciles with the sum of the years'
    own values; each other span total passes (with the sum) or is listed as not checked
    (with the years whose value is missing)."""
    for ind in plan.indicators:
        for o in plan.observations_for(ind.id):
            if not o.period.is_span:
                continue
            yield _span_total(plan, ind, o)


def _span_total(plan: Plan, ind: Indicator, o: Observation) -> Finding | Checked:
    location = obs_path(plan, o)
    stated = figure(o.value, ind.unit, exact_counts=True)

    def not_checked(reason: Message) -> Checked:
        return Checked(
            outcome=Outcome.NOT_CHECKED,
            location=location,
            reason=reason,
            indicator=ind.id,
            figures=(
                (str(o.period), format_quantity(o.value) if isinstance(o.value, Quantity) else "—"),
            ),
            sources=(source(o),),
        )

    if stated is None:
        return not_checked(Message("checks.V003.unreadable", unit=format_unit(ind.unit)))
    if stated.assumed:
        return not_checked(Message("checks.V003.bare"))
    years = range(o.period.first_year, o.period.year + 1)
    per_year = [_year_figures(plan, ind, y) for y in years]
    absent = [str(y) for y, figs in zip(years, per_year, strict=True) if figs is None]
    if absent:
        return not_checked(Message("checks.V003.missing", years="、".join(absent)))
    # several values of one year (V001's): the widest the year can be
    rows = [figs for figs in per_year if figs is not None]
    lo = sum(min(f.lo for f in figs) for figs in rows)
    hi = sum(max(f.hi for f in figs) for figs in rows)
    mid = sum(figs[0].mid for figs in rows)
    unit = format_unit(ind.unit)
    figures = (
        (str(o.period), stated.text),
        *((str(y), figs[0].text) for y, figs in zip(years, rows, strict=True)),
    )
    arithmetic = _sum_text([figs[0].mid for figs in rows], lo, hi, stated)
    if _holds(stated, o.comparator, lo, hi):
        return Checked(
            outcome=Outcome.PASSED,
            location=location,
            reason=Message("checks.V003.passed", stated=stated.text, count=len(rows)),
            indicator=ind.id,
            figures=figures,
            sources=(source(o),),
            arithmetic=arithmetic,
        )
    return Finding(
        message=Message(
            "checks.V003.message",
            name=ind.name,
            indicator=ind.id,
            period=o.period,
            stated=stated.text,
            count=len(rows),
            sum=mid,
            unit=unit,
        ),
        location=location,
        indicator=ind.id,
        figures=figures,
        sources=(source(o),),
        arithmetic=arithmetic,
        hint=Message("checks.V003.hint"),
    )


RULES = (
    catalogued("V001", "conflicting-values", Severity.ERROR, _conflicting_values),
    catalogued("V002", "total-not-sum", Severity.ERROR, reporting("V002", _totals_judged)),
    catalogued("V003", "span-total-not-sum", Severity.WARNING, _span_totals),
    catalogued("V004", "total-matches-one-value", Severity.INFO, reporting("V004", _totals_judged)),
)
