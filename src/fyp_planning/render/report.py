"""The plan report: one self-contained HTML file a bureau can e-mail, or Markdown for code hosts.

The report gathers what the library knows about a plan: front cards that say which plan they
count, an executive summary on page one (the year the data reach, the data sources with their
labels, key messages made from the results, what is missing and how to add it), the indicator
table with baselines, targets and the annual rates they imply, the audit's findings, progress
verdicts (when observations are given: every value with its year, worst first, the 数据不足 rows
folded), the review of the predecessor plan, each industrial chain drawn as SVG with its top
ranked 建链/延链/补链/强链 actions and the 招商 list (the other actions in an appendix), and the
parks and projects; the footer gives the package version and the date it was made. The HTML has its style inline, its drawings as inline SVG and no script, font or
link to anything outside the file, and prints on A4. The Markdown version draws chains as
Mermaid flowcharts, which GitHub and GitLab render.

Plan text is data in both: the HTML template escapes it with jinja2's autoescape (after
replacing the characters HTML cannot carry, control characters and lone surrogates, with
U+FFFD), the Markdown template with :func:`~fyp_planning.render.escape.markdown_text` on every
expression (a name cannot open a tag, a table cell, a heading or a code block).

Templates are jinja2 files in ``fyp_planning/render/templates``.
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import jinja2
import markupsafe

from .._version import __version__
from ..chains.attraction import Attraction, attraction_list
from ..chains.gaps import ChainAnalysis, analyse_chains
from ..checks import AuditReport, Severity, audit
from ..evaluation import Assessment, ReviewRow, Verdict, assess, baseline_of, review
from ..evaluation._data import plan_label
from ..evaluation._format import short
from ..evaluation._targets import goal_for
from ..evaluation.assessment import PROGRESS_COLUMNS
from ..evaluation.review import REVIEW_COLUMNS
from ..growth import implied_level, required_cagr
from ..model.composition import as_quantity, format_value
from ..model.enums import Comparator, GrowthMode, ObservationStatus
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
from ..text import Message
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


# --- executive summary, honest tables and cards (issue 17) ------------------------------------

#: Actions of a chain shown under its map; the rest are in the appendix at the end.
TOP_ACTIONS = 5


@attrs.frozen(kw_only=True)
class Card:
    """A figure on the front of the report: ``0 项审查错误（本规划）``, with what it counts."""

    value: int
    label: str
    note: str = ""


@attrs.frozen(kw_only=True)
class ProgressRow:
    """A target's row of the progress table, every value with its year.

    ``latest`` is ``无数据`` when there is no observation after the baseline (the baseline is
    never repeated as the latest value, which would read as no change); a later value equal
    to the baseline is shown with its year and ``无变化``.
    """

    name: str
    target: str
    baseline: str
    latest: str
    no_data: bool
    verdict: str
    label: str
    explain: str
    binding: bool


@attrs.frozen(kw_only=True)
class Summary:
    """Page one: the year the data reach, the sources with their labels, the key messages
    made from the results, and what is missing with how to add it."""

    as_of: str
    sources: tuple[str, ...]
    messages: tuple[str, ...]
    missing: tuple[str, ...]
    audit: str = ""


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
    generated: datetime.date = attrs.field(factory=lambda: generated_date())
    cards: tuple[Card, ...] = ()
    merged: int = 0
    judged: tuple[ProgressRow, ...] = ()
    folded: tuple[ProgressRow, ...] = ()
    summary: Summary | None = None
    top_actions: int = TOP_ACTIONS

    @property
    def merged_note(self) -> str:
        """What the indicator table says of the repeated targets it merged (``""`` if none)."""
        if not self.merged:
            return ""
        stated = len(self.plan.targets)
        return Message("render.report.merged", merged=self.merged, stated=stated).zh

    @property
    def folded_note(self) -> str:
        """The heading of the folded 数据不足 rows."""
        return Message("render.report.folded", count=len(self.folded)).zh

    @property
    def footer(self) -> str:
        """The first sentence of the footer, with the package version and the date of making."""
        made = self.generated.isoformat()
        return Message("render.report.footer", version=self.version, date=made).zh

    @property
    def previous(self) -> str:
        """The predecessor plan as findings and cards name it (``十三五规划``), or ``""``."""
        before = self.plan.predecessor
        return plan_label(before) if before is not None else ""

    @property
    def appendix(self) -> tuple[ChainSection, ...]:
        """The chains with more actions than the report shows under their maps."""
        return tuple(c for c in self.chains if len(c.analysis.gaps) > self.top_actions)


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
            held = target.comparator
            if held is not Comparator.EQ and held.holds(start.magnitude, goal.magnitude):
                # a floor (or cap) the baseline already keeps asks for no change: say it is met
                return Message(
                    "render.report.implied.met",
                    base=short(start),
                    target=f"{held.symbol}{short(goal)}",
                ).zh
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


def indicator_rows(plan: Plan) -> tuple[IndicatorRow, ...]:
    """The rows of the indicator table: one per distinct target of each indicator (one for an
    indicator without targets), with its baseline and what the target implies per year."""
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


def merged_targets(plan: Plan) -> int:
    """How many of the plan's targets repeat another one's terms (the indicator table and the
    progress rows show each once)."""
    return len(plan.targets) - sum(
        len(distinct_targets(plan.targets_for(i.id))) for i in plan.indicators
    )


def progress_rows(
    plan: Plan | None, found: Iterable[Assessment]
) -> tuple[tuple[str, Assessment], ...]:
    """The assessments the progress table shows, each with its indicator's name (its id
    without the plan): a target the document states twice is judged once."""
    names = {ind.id: ind.name for ind in plan.indicators} if plan is not None else {}
    seen: set[tuple[str, type, int, str]] = set()
    rows = []
    for a in found:
        if a.target is not None:
            if same_terms(a.target) in seen:
                continue  # a target the document states twice is judged once
            seen.add(same_terms(a.target))
        rows.append((names.get(a.indicator, a.indicator), a))
    return tuple(rows)


def chain_section(
    plan: Plan | None, analysis: ChainAnalysis, attraction: Iterable[Attraction] = ()
) -> ChainSection:
    """A chain's part of the report: its analysis, its map and Mermaid flowchart (none for a
    chain without a template, or without its plan) and its 招商 lines."""
    drawn = plan is not None and analysis.template is not None
    return ChainSection(
        analysis=analysis,
        svg=_inline_svg(chain_to_svg(plan, analysis)) if plan is not None and drawn else "",
        mermaid=chain_to_mermaid(plan, analysis) if plan is not None and drawn else "",
        attraction=tuple(attraction),
    )


def _inline_svg(svg: str) -> str:
    """An SVG document as an element to put inside HTML (without its XML declaration)."""
    return svg.split("?>", 1)[1].strip() if svg.startswith("<?xml") else svg


def generated_date() -> datetime.date:
    """The date a report is made: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else
    today (UTC).

    Examples:
        >>> import os
        >>> from fyp_planning.render.report import generated_date
        >>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
        >>> generated_date()
        datetime.date(2023, 11, 14)
        >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def _period(obs: Observation) -> str:
    """An observation's year (or part of one) and status as a table shows it: ``2023，预计``."""
    if obs.status is ObservationStatus.ACTUAL:
        return str(obs.period)
    return f"{obs.period}，{obs.status.label}"


def _progress_row(name: str, a: Assessment) -> ProgressRow:
    """An assessment as an honest row: each value with its year, no data said as such."""
    target = f"{a.target.describe()}（{a.target.year}年）" if a.target is not None else "—"
    baseline = "—"
    if a.baseline is not None:
        baseline = f"{short(a.baseline_value)}（{_period(a.baseline)}）"
        if a.baseline_origin:
            baseline = (
                f"{short(a.baseline_value)}（{_period(a.baseline)}，取自{a.baseline_origin}）"
            )
    later = a.latest is not None and (a.baseline is None or a.latest.period != a.baseline.period)
    latest = Message("render.report.latest.none").zh
    if later and a.latest is not None:
        same = a.baseline is not None and short(a.latest_value) == short(a.baseline_value)
        unchanged = Message("render.report.latest.unchanged").zh if same else ""
        latest = f"{short(a.latest_value)}（{_period(a.latest)}{unchanged}）"
    return ProgressRow(
        name=name,
        target=target,
        baseline=baseline,
        latest=latest,
        no_data=not later,
        verdict=a.verdict.value,
        label=a.verdict.label,
        explain=a.explain(),
        binding=a.binding,
    )


def _sorted_progress(
    rows: Sequence[tuple[str, Assessment]],
) -> tuple[tuple[ProgressRow, ...], tuple[ProgressRow, ...]]:
    """The judged rows worst verdict first (binding before the rest, then plan order), and
    the 数据不足 rows apart, in plan order, to be folded."""
    judged = [(n, a) for n, a in rows if a.verdict is not Verdict.INSUFFICIENT_DATA]
    judged.sort(key=lambda r: (r[1].verdict.rank, not r[1].binding, r[1].ratio or 0.0))
    folded = [(n, a) for n, a in rows if a.verdict is Verdict.INSUFFICIENT_DATA]
    return (
        tuple(_progress_row(n, a) for n, a in judged),
        tuple(_progress_row(n, a) for n, a in folded),
    )


def plan_cards(plan: Plan, audit_report: AuditReport, merged: int) -> tuple[Card, ...]:
    """The front figures, each saying which plan it counts (the predecessor's projects and
    audit errors are noted when it has some)."""
    targets = len(plan.targets) - merged
    before = plan.predecessor
    previous = plan_label(before) if before is not None else ""
    errors = [f for f in audit_report.by_severity(Severity.ERROR) if f.plan == plan.id]
    theirs = len(audit_report.by_severity(Severity.ERROR)) - len(errors)
    projects = len(plan.projects), len(before.projects) if before is not None else 0
    return (
        Card(
            value=len(plan.indicators),
            label=Message("render.report.card.indicators").zh,
            note=Message(
                "render.report.card.indicators_note",
                binding=sum(i.binding for i in plan.indicators),
            ).zh,
        ),
        Card(
            value=targets,
            label=Message("render.report.card.targets").zh,
            note=Message(
                "render.report.card.targets_note", stated=len(plan.targets), merged=merged
            ).zh
            if merged
            else "",
        ),
        Card(value=len(plan.chains), label=Message("render.report.card.chains").zh),
        Card(value=len(plan.enterprises), label=Message("render.report.card.enterprises").zh),
        Card(value=len(plan.parks), label=Message("render.report.card.parks").zh),
        Card(
            value=sum(projects),
            label=Message("render.report.card.projects").zh,
            note=Message(
                "render.report.card.projects_note",
                own=projects[0],
                previous=previous,
                theirs=projects[1],
            ).zh
            if projects[1]
            else "",
        ),
        Card(
            value=len(errors),
            label=Message("render.report.card.errors").zh,
            note=Message("render.report.card.errors_note", previous=previous, count=theirs).zh
            if theirs
            else "",
        ),
    )


def _shortfalls(
    rows: Sequence[tuple[str, Assessment]],
) -> Message | None:
    """The largest shortfalls: the worst verdicts short of the target, binding targets first
    (all targets when the plan marks none binding), at most three."""
    judged = [
        (n, a)
        for n, a in rows
        if a.verdict is not Verdict.INSUFFICIENT_DATA and a.verdict is not Verdict.ACHIEVED
    ]
    if not judged:
        return None
    binding = [(n, a) for n, a in judged if a.binding]
    scope = Message(
        "render.report.summary.scope.binding" if binding else "render.report.summary.scope.all"
    )
    ordered = sorted(binding or judged, key=lambda r: (r[1].verdict.rank, r[1].ratio or 0.0))
    worst: dict[str, tuple[str, Assessment]] = {}  # an indicator's worst target only
    for n, a in ordered:
        worst.setdefault(a.indicator, (n, a))
    items = "；".join(
        Message(
            "render.report.summary.shortfall_item",
            name=n,
            target=a.target.describe() if a.target is not None else "",
            explain=a.explain(),
        ).zh
        for n, a in list(worst.values())[:3]
    )
    return Message("render.report.summary.shortfall", scope=scope, items=items)


def _summary(
    plan: Plan,
    rows: Sequence[tuple[str, Assessment]] | None,
    extra: Sequence[Observation],
    observations_name: str | None,
    as_of: int | None,
    audit_report: AuditReport,
    reviewed: Sequence[ReviewRow],
    chains: Sequence[ChainSection],
) -> Summary:
    """Page one, made from the results (messages by catalogue id)."""
    said: list[Message] = []
    years = [o.period.year for o in extra if as_of is None or o.period.year <= as_of]
    year = max(years) if years else plan.base_year
    sources = [
        Message("render.report.summary.source.plan", title=plan.title, base_year=plan.base_year)
    ]
    if plan.predecessor is not None:
        sources.append(
            Message("render.report.summary.source.previous", title=plan.predecessor.title)
        )
    if extra:
        labels = tuple(dict.fromkeys(o.source for o in extra if o.source))
        name = observations_name or Message("render.report.summary.source.unnamed").zh
        sources.append(
            Message(
                "render.report.summary.source.observations",
                file=name,
                count=len(extra),
                labels="、".join(labels),
            )
            if labels
            else Message("render.report.summary.source.unlabelled", file=name, count=len(extra))
        )
    missing: list[Message] = []
    if rows is None:
        missing.append(Message("render.report.summary.no_progress"))
    else:
        verdicts = [a.verdict for _, a in rows]
        good = sum(v.rank >= 3 for v in verdicts)
        mid = sum(v.rank == 2 for v in verdicts)
        bad = sum(0 <= v.rank <= 1 for v in verdicts)
        none = sum(v is Verdict.INSUFFICIENT_DATA for v in verdicts)
        said.append(
            Message(
                "render.report.summary.progress",
                judged=len(verdicts) - none,
                good=good,
                mid=mid,
                bad=bad,
                none=none,
            )
        )
        short_of = _shortfalls(rows)
        if short_of is not None:
            said.append(short_of)
        if none:
            names = list(
                dict.fromkeys(n for n, a in rows if a.verdict is Verdict.INSUFFICIENT_DATA)
            )
            missing.append(
                Message("render.report.summary.no_data", count=none, names="、".join(names[:3]))
            )
    errors = audit_report.by_severity(Severity.ERROR)
    warnings = audit_report.by_severity(Severity.WARNING)
    own = sum(f.plan == plan.id for f in errors), sum(f.plan == plan.id for f in warnings)
    if plan.predecessor is not None:
        said.append(
            Message(
                "render.report.summary.audit_previous",
                errors=own[0],
                warnings=own[1],
                previous=plan_label(plan.predecessor),
                p_errors=len(errors) - own[0],
                p_warnings=len(warnings) - own[1],
            )
        )
    else:
        said.append(Message("render.report.summary.audit", errors=own[0], warnings=own[1]))
    audited = said[-1].zh
    firsts = sorted(
        ((c.analysis, c.analysis.gaps[0]) for c in chains if c.analysis.gaps),
        key=lambda x: (x[1].stance == "silent", -x[1].score),
    )[:3]
    if firsts:
        items = "；".join(
            Message(
                "render.report.summary.chain_item",
                chain=an.name,
                action=g.label,
                segment=g.name,
                stance=Message(f"render.report.stance.{g.stance}"),
            ).zh
            for an, g in firsts
        )
        said.append(Message("render.report.summary.chains", items=items))
    if reviewed and plan.predecessor is not None:
        outcomes = [r.outcome for r in reviewed if r.outcome is not None]
        said.append(
            Message(
                "render.report.summary.review",
                previous=plan_label(plan.predecessor),
                count=len(outcomes),
                met=sum(o != "missed" for o in outcomes),
                exceeded=sum(o == "exceeded" for o in outcomes),
                missed=sum(o == "missed" for o in outcomes),
            )
        )
    return Summary(
        as_of=Message("render.report.summary.as_of", year=year).zh,
        sources=tuple(m.zh for m in sources),
        messages=tuple(m.zh for m in said[:5]),
        missing=tuple(m.zh for m in missing),
        audit=audited,
    )


def build_report(
    plan: Plan,
    *,
    observations: Iterable[Observation] | None = None,
    as_of: int | None = None,
    observations_name: str | None = None,
    generated: datetime.date | None = None,
) -> ReportData:
    """Compute everything the report shows.

    Args:
        plan: The plan.
        observations: Observations besides the plan's own; progress verdicts are given only
            when there are some (for example from ``fyp_planning.load_observations``).
        as_of: Judge progress with the observations of this year or before.
        observations_name: The name of the observations' file, shown with the labels of
            their ``source`` column (``示例数据（虚构，非官方统计）``) among the data sources.
        generated: The date in the footer; default :func:`~fyp_planning.render.report.generated_date` (today, or
            ``SOURCE_DATE_EPOCH``). Give it to make a report that does not change by the day.

    Returns:
        A :class:`ReportData` for :func:`report_html` or :func:`report_markdown`.

    Examples:
        >>> import fyp_planning as fp
        >>> data = fp.build_report(fp.load("dongkou"))
        >>> len(data.chains), data.audit.exit_code, data.progress is None
        (7, 1, True)
        >>> [f"{c.value}{c.label}（{c.note}）" for c in data.cards if c.note][1:]
        ['38个目标（原文43个，5个重复目标已合并）', '11个项目（本规划0个，十三五规划11个）', '0项审查错误（本规划）（十三五规划另有3项）']
        >>> data.summary.missing
        ('本报告未含进展：用 --observations 提供数据（CSV，一行一个观测值：indicator, period, value, unit, status, source）。',)
    """
    extra = tuple(observations or ())
    progress = None
    note = ""
    if extra:
        progress = progress_rows(plan, assess(plan, as_of=as_of, observations=extra))
        note = f"截至{as_of}年" if as_of is not None else "最新数据"
    analysed = list(zip(plan.chains, analyse_chains(plan), strict=True))
    lines: dict[str, list[Attraction]] = {}  # one 招商 list for every templated chain, by chain
    for line in attraction_list(plan, [a for c, a in analysed if c.template]):
        lines.setdefault(line.chain, []).append(line)
    chains = tuple(chain_section(plan, a, lines.get(c.id, ())) for c, a in analysed)
    counts = {
        "indicators": len(plan.indicators),
        "binding": sum(i.binding for i in plan.indicators),
        "targets": len(plan.targets),
        "enterprises": len(plan.enterprises),
        "parks": len(plan.parks),
        "projects": len(plan.projects) + len(plan.predecessor.projects if plan.predecessor else ()),
        "chains": len(plan.chains),
    }
    merged = merged_targets(plan)
    judged, folded = _sorted_progress(progress) if progress is not None else ((), ())
    audited = audit(plan)
    reviewed = review(plan) if plan.predecessor is not None else ()
    data = ReportData(
        plan=plan,
        rows=indicator_rows(plan),
        counts=counts,
        audit=audited,
        progress=progress,
        progress_note=note,
        review=reviewed,
        chains=chains,
        generated=generated or generated_date(),
        cards=plan_cards(plan, audited, merged),
        merged=merged,
        judged=judged,
        folded=folded,
        summary=_summary(
            plan, progress, extra, observations_name, as_of, audited, reviewed, chains
        ),
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
            made=_Markdown,  # a macro's output: its expressions are escaped already
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
