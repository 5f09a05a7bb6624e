"""V rules: figures given twice, and totals that are not the sum of their parts (private)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pint.facets.plain import PlainUnit

from ...model.entities import Project
from ...model.enums import Comparator, ObservationStatus, StatementKind
from ...model.indicator import Indicator
from ...model.period import Period
from ...model.plan import Plan
from ...text import Join, Message
from ...units import AnyQuantity, Quantity, format_quantity, format_unit, is_bare
from ..findings import Finding, Severity
from ._common import at, catalogued, obs_path, read, source, when
from ._figures import Figure, figure, fmt, meets

#: One exact value of a V001 group: its text, where it stands, its figure and the plan's id.
_Row = tuple[str, str, Figure, str]


def _conflicting_values(plan: Plan) -> Iterator[Finding]:
    """Exact observations of one indicator and period, in this plan and its predecessor,
    whose values no rounding reconciles."""
    for ind in plan.indicators:
        groups: dict[Period, list[_Row]] = defaultdict(list)
        for p in (plan, plan.predecessor):
            if p is None:
                continue
            if p is not plan:
                try:
                    other = p.indicator(ind.id)
                except KeyError:
                    continue
                if not other.unit.is_compatible_with(ind.unit):
                    continue
            for o in p.observations_for(ind.id):
                if o.comparator is not Comparator.EQ:
                    continue
                fig = read(ind, o)
                if fig is None or fig.assumed:
                    continue  # a bare figure is U001's; never compared on a guessed unit
                where = "上一规划" if p is not plan else ""
                groups[o.period].append(
                    (
                        format_quantity(fig.quantity),
                        source(o) + (f"，{where}" if where else ""),
                        fig,
                        p.id,
                    )
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


def _part_value(
    plan: Plan, projects: dict[str, Project], ref: str, at_period: Period | None
) -> tuple[str, AnyQuantity] | None:
    """A total's part: a project's investment, or an indicator's value at the statement's end."""
    pr = projects.get(ref)
    if pr is not None:
        return (pr.name, pr.investment) if pr.investment is not None else None
    try:
        ind = plan.indicator(ref)
    except KeyError:
        return None
    rows = at(plan, ref, at_period) if at_period is not None else []
    value = rows[0].value if len(rows) == 1 else None
    return (ind.name, value) if isinstance(value, Quantity) else None


def _totals(plan: Plan) -> Iterator[Finding]:
    projects: dict[str, Project] = {}
    for pr in plan.projects:
        projects.setdefault(pr.id, pr)
    for st in plan.statements:
        if st.kind is not StatementKind.TOTAL:
            continue
        found = [_part_value(plan, projects, ref, st.end) for ref in st.parts]
        parts = [p for p in found if p is not None]
        if len(parts) < len(found):
            continue  # a part without a figure: nothing to add up
        quantities = [q for _, q in parts]
        unit: PlainUnit | None = None
        if st.indicator is not None:
            unit = plan.indicator(st.indicator).unit
        else:
            stated_units = [q.units for q in [st.value, *quantities] if not is_bare(q)]
            unit = stated_units[0] if stated_units else None
        read_in = [figure(q, unit) for q in quantities]
        figs = [f for f in read_in if f is not None]
        stated = figure(st.value, unit)
        if stated is None or len(figs) < len(read_in):
            continue
        lo = sum(f.lo for f in figs)
        hi = sum(f.hi for f in figs)
        mid = sum(f.mid for f in figs)
        if meets((stated.lo, stated.hi), (lo, hi)):
            continue
        shown_unit = format_unit(unit) if unit is not None else ""
        yield Finding(
            message=Message(
                "checks.V002.message",
                stated=format_quantity(st.value),
                count=len(figs),
                sum=mid,
                unit=shown_unit,
            ),
            location=f"statements.{st.id}",
            indicator=st.indicator,
            figures=(
                ("合计", format_quantity(st.value)),
                *((name, format_quantity(q)) for name, q in parts),
            ),
            sources=(source(st),),
            arithmetic=" + ".join(fmt(f.mid, 4) for f in figs)
            + f" = {fmt(mid, 4)}（可能范围 {fmt(lo, 4)}–{fmt(hi, 4)}），所述 {fmt(stated.mid, 4)}"
            f"（{fmt(stated.lo, 4)}–{fmt(stated.hi, 4)}）",
            hint=Message("checks.V002.hint"),
        )


def _year_figures(plan: Plan, ind: Indicator, year: int) -> list[Figure] | None:
    """The exact whole-year figures of ``year`` with a stated unit (actuals when there are,
    else any status), or ``None`` when there is none."""
    found = [
        (o.status is ObservationStatus.ACTUAL, fig)
        for o in at(plan, ind.id, Period(year))
        if (fig := read(ind, o)) is not None and not fig.assumed
    ]
    if not found:
        return None
    actual = [fig for is_actual, fig in found if is_actual]
    return actual or [fig for _, fig in found]


def _span_totals(plan: Plan) -> Iterator[Finding]:
    """Totals over a span of years that no rounding reconciles with the sum of the years'
    own values, when every year of the span has one."""
    for ind in plan.indicators:
        for o in plan.observations_for(ind.id):
            if not o.period.is_span or o.comparator is not Comparator.EQ:
                continue
            stated = read(ind, o)
            if stated is None or stated.assumed:
                continue
            years = range(o.period.first_year, o.period.year + 1)
            per_year = [_year_figures(plan, ind, y) for y in years]
            if any(figs is None for figs in per_year):
                continue  # a year without its value: nothing to add up
            # several values of one year (V001's): the widest the year can be
            rows = [figs for figs in per_year if figs is not None]
            lo = sum(min(f.lo for f in figs) for figs in rows)
            hi = sum(max(f.hi for f in figs) for figs in rows)
            mid = sum(figs[0].mid for figs in rows)
            if meets((stated.lo, stated.hi), (lo, hi)):
                continue
            unit = format_unit(ind.unit)
            yield Finding(
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
                location=obs_path(plan, o),
                indicator=ind.id,
                figures=(
                    (str(o.period), stated.text),
                    *((str(y), figs[0].text) for y, figs in zip(years, rows, strict=True)),
                ),
                sources=(source(o),),
                arithmetic=" + ".join(fmt(figs[0].mid, 4) for figs in rows)
                + f" = {fmt(mid, 4)}（可能范围 {fmt(lo, 4)}–{fmt(hi, 4)}），所述 {fmt(stated.mid, 4)}"
                f"（{fmt(stated.lo, 4)}–{fmt(stated.hi, 4)}）",
                hint=Message("checks.V003.hint"),
            )


RULES = (
    catalogued("V001", "conflicting-values", Severity.ERROR, _conflicting_values),
    catalogued("V002", "total-not-sum", Severity.ERROR, _totals),
    catalogued("V003", "span-total-not-sum", Severity.WARNING, _span_totals),
)
