"""The plan report: one self-contained HTML file a bureau can e-mail, or Markdown for code hosts.

The report gathers what the library knows about a plan: its summary, the indicator table with
baselines, targets and the annual rates they imply, the audit's findings, progress verdicts
(when observations are given), the review of the predecessor plan, each industrial chain
drawn as SVG with its ranked 建链/延链/补链/强链 actions and the 招商 list, and the parks and
projects. The HTML has its style inline, its drawings as inline SVG and no script, font or
link to anything outside the file, and prints on A4. The Markdown version draws chains as
Mermaid flowcharts, which GitHub and GitLab render.

Plan text is data in both: the HTML template escapes it with jinja2's autoescape (after
replacing the characters HTML cannot carry, control characters and lone surrogates, with
U+FFFD), the Markdown template with :func:`~fyp_planning.render.escape.markdown_text` on every
expression (a name cannot open a tag, a table cell, a heading or a code block).

Templates are jinja2 files in ``fyp_planning/render/templates``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs
import jinja2
import markupsafe

from .._version import __version__
from ..chains.attraction import Attraction, attraction_list
from ..chains.gaps import ChainAnalysis, analyse_chains
from ..checks import AuditReport, Severity, audit
from ..evaluation import Assessment, ReviewRow, assess, baseline_of, review
from ..evaluation._targets import goal_for
from ..evaluation.assessment import PROGRESS_COLUMNS
from ..evaluation.review import REVIEW_COLUMNS
from ..growth import implied_level, required_cagr
from ..model.composition import as_quantity, format_value
from ..model.enums import GrowthMode
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import (
    ChangeTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    Target,
    distinct_targets,
    same_terms,
)
from ..units import Quantity, format_quantity, format_unit, to_unit
from .chains import chain_to_mermaid, chain_to_svg
from .charts import ReportCharts, report_charts
from .escape import markdown_code, markdown_fence, markdown_text, xml_safe

__all__ = ["ReportData", "build_report", "report_html", "report_markdown"]


@attrs.frozen(kw_only=True)
class IndicatorRow:
    """One target of the indicator table (an indicator without targets has one row too)."""

    id: str
    name: str
    unit: str
    kind: str
    binding: bool
    kind_stated: bool
    category: str
    baseline: str
    target: str
    implied: str
    source: str


@attrs.frozen(kw_only=True)
class ChainSection:
    """A chain's analysis, drawings and 招商 lines."""

    analysis: ChainAnalysis
    svg: str
    mermaid: str
    attraction: tuple[Attraction, ...]


@attrs.frozen(kw_only=True)
class ReportData:
    """Everything a report shows, computed once; the templates only lay it out.

    Examples:
        >>> from fyp_planning import Plan, build_report
        >>> data = build_report(Plan(id="demo", region="示例县", title="示例规划",
        ...                          start_year=2021, end_year=2025))
        >>> data.plan.title, data.rows, data.progress
        ('示例规划', (), None)
    """

    plan: Plan
    rows: tuple[IndicatorRow, ...]
    counts: dict[str, int]
    audit: AuditReport
    progress: tuple[tuple[str, Assessment], ...] | None
    progress_note: str
    review: tuple[ReviewRow, ...]
    chains: tuple[ChainSection, ...]
    version: str = __version__
    charts: ReportCharts = attrs.field(factory=ReportCharts)  # drawn from the fields above


def _implied(plan: Plan, target: Target, base: Observation | None) -> str:
    """What the target means per year: the rate a level needs, or the level a rate gives."""
    ind = plan.indicator(target.indicator)
    if ind.parts:  # a composition implies no rate and is never judged
        return "结构指标，不评价进展"
    if base is None:
        return "—"
    years = target.year - base.period.year
    if years <= 0:
        return "—"
    try:
        start = to_unit(as_quantity(base.value), ind.unit)
        if isinstance(target, RateTarget):
            return "—"
        if isinstance(target, ChangeTarget):  # the level the change implies from the baseline
            if target.base_year not in (None, base.period.year):
                return "—"
            level = goal_for(target, ind, start, base.period.year).level
            if level is None or not math.isfinite(float(level.magnitude)):
                return "—"
            shown = Quantity(round(float(level.magnitude), 2), level.units)
            return f"{target.year}年约{format_quantity(shown)}"
        if isinstance(target, LevelTarget):
            goal = to_unit(as_quantity(target.value), ind.unit)
            if ind.growth is GrowthMode.LINEAR:
                step = (goal.magnitude - start.magnitude) / years
                unit = "个百分点" if format_unit(ind.unit) == "%" else format_unit(ind.unit)
                return f"需年均{'增加' if step >= 0 else '减少'}{abs(step):.3g}{unit}"
            if start.magnitude <= 0 or goal.magnitude <= 0:
                return "—"
            rate = required_cagr(start, goal, years).to("percent").magnitude
            return f"需年均增长{rate:.2f}%"
        if isinstance(target, GrowthTarget) and target.annual:
            rate = target.rate
            if isinstance(target, ReductionTarget):
                rate = -rate
            end = implied_level(start, rate, years)
            if not math.isfinite(float(end.magnitude)):
                return "—"
            return f"{target.year}年约{format_quantity(round(end, 2))}"
    except Exception:  # a unit the indicator cannot take is the audit's to report
        return "—"
    return "—"


def _row(ind: Indicator, shown: str, target: str, implied: str, source: str | None) -> IndicatorRow:
    """An indicator's row of the table, for one of its targets (or none: ``target="—"``)."""
    return IndicatorRow(
        id=ind.id,
        name=ind.name,
        unit=format_unit(ind.unit) or "—",
        kind=ind.kind_label,
        binding=ind.binding,
        kind_stated=ind.kind is not None,
        category=ind.category or "",
        baseline=shown,
        target=target,
        implied=implied,
        source=source or "",
    )


def _span_totals(plan: Plan, indicator: str) -> str:
    """The plan's totals over the years up to its base year, beside the baseline (never as
    it): ``十三五期间累计203.92亿元``."""
    return "；".join(
        f"{o.period.plan_name + '期间' if o.period.plan_name else f'{o.period}年'}"
        f"累计{format_value(o.value)}"
        for o in plan.observations_for(indicator)
        if o.period.is_span and o.period.year == plan.base_year
    )


def _rows(plan: Plan) -> tuple[IndicatorRow, ...]:
    out = []
    for ind in plan.indicators:
        found = baseline_of(plan, ind)
        base = found.observation if found else None
        shown = "—"
        if found is not None and base is not None:
            where = [str(base.period)]
            if found.origin:  # the predecessor's: say so, and its other values
                where.append(f"取自{found.origin}")
            if found.others:
                others = "、".join(dict.fromkeys(format_value(o.value) for o in found.others))
                where.append(f"另有{others}")
            shown = f"{format_value(base.value)}（{'，'.join(where)}）"
        totals = _span_totals(plan, ind.id)
        if totals:
            shown = totals if shown == "—" else f"{shown}；{totals}"
        targets = distinct_targets(plan.targets_for(ind.id))
        for t in targets:
            target = f"{t.describe()}（{t.year}年）"
            out.append(_row(ind, shown, target, _implied(plan, t, base), t.source or ind.source))
        if not targets:
            out.append(_row(ind, shown, "—", "—", ind.source))
    return tuple(out)


def _inline_svg(svg: str) -> str:
    """An SVG document as an element to put inside HTML (without its XML declaration)."""
    return svg.split("?>", 1)[1].strip() if svg.startswith("<?xml") else svg


def build_report(
    plan: Plan,
    *,
    observations: Iterable[Observation] | None = None,
    as_of: int | None = None,
) -> ReportData:
    """Compute everything the report shows.

    Args:
        plan: The plan.
        observations: Observations besides the plan's own; progress verdicts are given only
            when there are some (for example from ``fyp_planning.load_observations``).
        as_of: Judge progress with the observations of this year or before.

    Returns:
        A :class:`ReportData` for :func:`report_html` or :func:`report_markdown`.

    Examples:
        >>> import fyp_planning as fp
        >>> data = fp.build_report(fp.load("dongkou"))
        >>> len(data.chains), data.audit.exit_code, data.progress is None
        (7, 1, True)
    """
    extra = tuple(observations or ())
    progress = None
    note = ""
    if extra:
        found = assess(plan, as_of=as_of, observations=extra)
        names = {ind.id: ind.name for ind in plan.indicators}
        seen: set[tuple[str, type, int, str]] = set()
        rows = []
        for a in found:
            if a.target is not None:
                if same_terms(a.target) in seen:
                    continue  # a target the document states twice is judged once
                seen.add(same_terms(a.target))
            rows.append((names[a.indicator], a))
        progress = tuple(rows)
        note = f"截至{as_of}年" if as_of is not None else "最新数据"
    analysed = list(zip(plan.chains, analyse_chains(plan), strict=True))
    lines: dict[str, list[Attraction]] = {}  # one 招商 list for every templated chain, by chain
    for line in attraction_list(plan, [a for c, a in analysed if c.template]):
        lines.setdefault(line.chain, []).append(line)
    chains = tuple(
        ChainSection(
            analysis=a,
            svg=_inline_svg(chain_to_svg(plan, a)) if c.template else "",
            mermaid=chain_to_mermaid(plan, c) if c.template else "",
            attraction=tuple(lines.get(c.id, ())),
        )
        for c, a in analysed
    )
    counts = {
        "indicators": len(plan.indicators),
        "binding": sum(i.binding for i in plan.indicators),
        "targets": len(plan.targets),
        "enterprises": len(plan.enterprises),
        "parks": len(plan.parks),
        "projects": len(plan.projects) + len(plan.predecessor.projects if plan.predecessor else ()),
        "chains": len(plan.chains),
    }
    data = ReportData(
        plan=plan,
        rows=_rows(plan),
        counts=counts,
        audit=audit(plan),
        progress=progress,
        progress_note=note,
        review=review(plan) if plan.predecessor is not None else (),
        chains=chains,
    )
    return attrs.evolve(data, charts=report_charts(data, observations=extra))


class _Markdown(str):
    """Markdown the renderer made (a table row, a code span, a fence): printed as it is."""


def _markdown_value(value: Any) -> Any:
    """Every ``{{ … }}`` of the Markdown template: data is escaped unless already Markdown."""
    if isinstance(value, _Markdown | int | float):
        return value
    return markdown_text(value)


def _markdown_cells(cells: Iterable[Any]) -> _Markdown:
    """Table cells joined into a row's inside, each escaped (``a | b``)."""
    return _Markdown(" | ".join(markdown_text(c) for c in cells))


def _html_value(value: Any) -> Any:
    """Every ``{{ … }}`` of the HTML template, before autoescape: text without the characters
    HTML cannot carry (a lone surrogate cannot even be written as UTF-8)."""
    if isinstance(value, markupsafe.Markup | int | float):
        return value  # already safe (the drawings, made by xml_text), or a number
    return xml_safe(value)


def _environment(autoescape: bool) -> jinja2.Environment:
    """The HTML environment escapes with jinja2's autoescape; the Markdown one escapes every
    expression with :func:`~fyp_planning.render.escape.markdown_text`, so no template line
    can forget it."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fyp_planning.render", "templates"),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_html_value if autoescape else _markdown_value,
    )
    if not autoescape:
        env.filters.update(
            cells=_markdown_cells,
            code=lambda text: _Markdown(markdown_code(text)),
            fence=lambda text, info="": _Markdown(markdown_fence(text, info)),
        )
    env.globals.update(
        Severity=Severity,
        PROGRESS_COLUMNS=PROGRESS_COLUMNS,
        REVIEW_COLUMNS=REVIEW_COLUMNS,
        format_quantity=format_quantity,
    )
    return env


def report_html(data: ReportData | Plan, **kwargs: Any) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no external resource).

    Args:
        data: A :class:`ReportData`, or a plan (then ``kwargs`` go to :func:`build_report`).

    Examples:
        >>> import fyp_planning as fp
        >>> html = fp.report_html(fp.load("dongkou"))
        >>> html.startswith("<!DOCTYPE html>"), "一致性审查" in html, "<script" in html
        (True, True, False)
    """
    if isinstance(data, Plan):
        data = build_report(data, **kwargs)
    return _environment(True).get_template("report.html.j2").render(d=data)


def report_markdown(data: ReportData | Plan, **kwargs: Any) -> str:
    """The report as Markdown, chains as Mermaid flowcharts (renders on GitHub and GitLab).

    Examples:
        >>> import fyp_planning as fp
        >>> md = fp.report_markdown(fp.load("dongkou"))
        >>> md.splitlines()[0]
        '# 洞口县科技和工业“十四五”发展规划（2021-2025年）'
        >>> "```mermaid" in md
        True
    """
    if isinstance(data, Plan):
        data = build_report(data, **kwargs)
    return _environment(False).get_template("report.md.j2").render(d=data)
