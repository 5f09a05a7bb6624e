"""Rich display in Jupyter: each result shows as the report shows it (issue 20).

``fyp_planning.tables`` loads this module by name the first time a result is displayed (no
layer below render imports it); on import it gives each public result type its view with
``register_display``:

* :class:`~fyp_planning.Plan`: its head (title, region, period, the report's cards) and its
  indicator table;
* :class:`~fyp_planning.Assessments` (:func:`~fyp_planning.assess`): the verdict
  chart, the bullet charts and the verdict table, worst first, coloured by verdict;
* :class:`~fyp_planning.Review` (:func:`~fyp_planning.review`): the review chart and
  table (是否完成, 差距/超额);
* :class:`~fyp_planning.AuditReport`: the findings by severity with their arithmetic, the
  counts checked, passed and not checked, and what was not checked;
* :class:`~fyp_planning.ChainAnalysis`: its chain map (also as SVG) and its first
  :data:`~fyp_planning.render.report.TOP_ACTIONS` actions;
* :class:`~fyp_planning.BatchResult`: the rows by verdict and the first rows of its table.

:func:`chains_html` (a sequence of chain analyses) and :func:`attraction_html` (a 招商 list)
are the views of :func:`~fyp_planning.analyse_chains` and
:func:`~fyp_planning.attraction_list` results.

The views are the report's own partial templates (``templates/_plan.html.j2``,
``_audit.html.j2``, ``_progress.html.j2``, ``_review.html.j2``, ``_chains.html.j2`` and the
charts of ``_charts.html.j2``) inside ``notebook.html.j2``, which adds a small style block
scoped to the views' ``fyp-view`` class. Plan text is escaped as in the report; there is no
script, link or font, and a table longer than 50 rows (``SHOWN_ROWS``, as a table's own
view) ends with a line saying how many more there are.

Examples:
    >>> import fyp_planning as fp
    >>> html = fp.audit(fp.load("dongkou"))._repr_html_()
    >>> html.startswith('<div class="fyp-view">'), "一致性审查" in html, "<script" in html
    (True, True, False)
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import Any

import jinja2

from ..chains.attraction import Attraction, AttractionList, attraction_list
from ..chains.results import ChainAnalyses, ChainAnalysis
from ..checks import AuditReport, audit
from ..evaluation import Assessment, Assessments, Review, ReviewRow, Verdict
from ..evaluation.batch import BatchResult
from ..model.plan import Plan
from ..tables import SHOWN_ROWS, register_display
from ..text import Message
from .chains import chain_to_svg
from .charts import (
    ReportCharts,
    _bullet_parts,
    completeness_chart,
    review_chart,
    verdict_chart,
)
from .report import (
    TOP_ACTIONS,
    _environment,
    _sorted_progress,
    chain_section,
    indicator_rows,
    merged_targets,
    plan_cards,
    progress_rows,
)

__all__ = [
    "assessments_html",
    "attraction_html",
    "audit_html",
    "batch_html",
    "chain_html",
    "chain_svg",
    "chains_html",
    "plan_html",
    "review_html",
]


@functools.cache
def _views() -> Any:
    """The macros of ``notebook.html.j2``, one per view (the report's environment: the same
    escaping)."""
    env: jinja2.Environment = _environment(True)
    return env.get_template("notebook.html.j2").module


def _shown(rows: Sequence[Any]) -> tuple[Sequence[Any], int]:
    """The rows a view shows, and how many it leaves out."""
    return rows[:SHOWN_ROWS], max(0, len(rows) - SHOWN_ROWS)


def plan_html(plan: Plan) -> str:
    """A plan as the report's head shows it (title, region, period, issuer, the cards with
    their counts: indicators, targets, chains, enterprises, parks, projects, audit errors)
    and its indicator table (baselines, targets, what they imply per year).

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import plan_html
        >>> html = plan_html(fp.load("dongkou"))
        >>> "洞口县" in html, "指标与目标" in html, "<b>38</b>个目标" in html
        (True, True, True)
    """
    merged = merged_targets(plan)
    rows, more = _shown(indicator_rows(plan))
    note = ""
    if merged:
        note = Message("render.report.merged", merged=merged, stated=len(plan.targets)).zh
    cards = plan_cards(plan, audit(plan), merged)
    return str(_views().plan(plan, cards, rows, more, note))


def assessments_html(assessments: Sequence[Assessment], plan: Plan | None = None) -> str:
    """Assessments as the report's progress section shows them: the verdict chart and the
    bullet charts, then the verdict table, worst first, coloured by verdict, the 数据不足
    rows folded (each target once). ``plan`` (default: the assessments' own, when they are
    :func:`~fyp_planning.assess`'s result) names the indicators.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import assessments_html
        >>> plan = fp.load("dongkou")
        >>> later = fp.load_observations("docs/examples/dongkou-observations-2021-2023.csv", plan)
        >>> html = assessments_html(fp.assess(plan, observations=later))
        >>> "进展评估" in html, "v-bad" in html, "<svg" in html
        (True, True, True)
    """
    plan = plan if plan is not None else getattr(assessments, "plan", None)
    rows = progress_rows(plan, assessments)
    judged, folded = _sorted_progress(rows)
    judged_shown = judged[:SHOWN_ROWS]
    folded_shown = folded[: SHOWN_ROWS - len(judged_shown)]
    more = len(judged) + len(folded) - len(judged_shown) - len(folded_shown)
    bullets, waiting = _bullet_parts(rows)
    charts = ReportCharts(
        verdicts=verdict_chart(a for _, a in rows), bullets=bullets, waiting=waiting
    )
    note = Message("render.report.folded", count=len(folded)).zh
    title = plan.title if plan is not None else ""
    view = _views().assessments(title, charts, judged_shown, folded_shown, note, more)
    return str(view)


def review_html(rows: Sequence[ReviewRow], plan: Plan | None = None) -> str:
    """A review of a finished plan as the report shows it: the review chart, then one row per
    target (目标, 期末值, 是否完成, 差距/超额). ``plan``: the reviewed plan (default: the
    rows' own, when they are :func:`~fyp_planning.review`'s result), whose title heads it.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import review_html
        >>> html = review_html(fp.review(fp.load("dongkou")))
        >>> "规划执行情况" in html, "是否完成" in html
        (True, True)
    """
    plan = plan if plan is not None else getattr(rows, "plan", None)
    shown, more = _shown(tuple(rows))
    charts = ReportCharts(review=review_chart(rows))
    title = plan.title if plan is not None else ""
    return str(_views().review(title, shown, charts, more))


def audit_html(report: AuditReport) -> str:
    """An audit as the report's audit section shows it: the counts by severity, checked,
    passed and not checked; the findings by severity (错误, 警告, 提示) with their arithmetic,
    location and sources; the accepted ones; what was not checked, with the reason. Findings
    of another plan (the predecessor) are tagged with its id.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import audit_html
        >>> html = audit_html(fp.audit(fp.load("dongkou")))
        >>> "错误 3 项" in html, "未核查" in html
        (True, True)
    """
    return str(_views().audit(report, ""))


def _plan_of(analysis: ChainAnalysis, plan: Plan | None) -> Plan | None:
    return plan if plan is not None else analysis.plan


def chain_html(analysis: ChainAnalysis, plan: Plan | None = None) -> str:
    """A chain's analysis as the report shows it: its name, its map (when the plan is known:
    ``plan``, else the analysis's own) and its first five actions with their reasons, what
    the plan says of each, and their 招商 direction and projects.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import chain_html
        >>> html = chain_html(fp.gap_analysis(fp.load("dongkou"), "food"))
        >>> "特色食品" in html, "<svg" in html, "招商方向" in html
        (True, True, True)
    """
    plan = _plan_of(analysis, plan)
    lines: tuple[Attraction, ...] = ()
    if plan is not None and analysis.template is not None:
        lines = tuple(attraction_list(plan, [analysis]))
    section = chain_section(plan, analysis, lines)
    return str(_views().chain(section, TOP_ACTIONS))


def chain_svg(analysis: ChainAnalysis, plan: Plan | None = None) -> str | None:
    """A chain's map as an SVG document (:func:`~fyp_planning.chain_to_svg`); ``None`` when
    the chain has no template or its plan is not known.

    Examples:
        >>> import xml.etree.ElementTree as ET
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import chain_svg
        >>> ET.fromstring(chain_svg(fp.gap_analysis(fp.load("dongkou"), "food"))).tag
        '{http://www.w3.org/2000/svg}svg'
    """
    plan = _plan_of(analysis, plan)
    if plan is None or analysis.template is None:
        return None
    return chain_to_svg(plan, analysis)


def chains_html(analyses: Sequence[ChainAnalysis]) -> str:
    """Several chains' analyses (:func:`~fyp_planning.analyse_chains`) as the report's chain
    overview: the completeness chart and one row per chain (completeness, segments by
    status, the first action).

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import chains_html
        >>> html = chains_html(fp.analyse_chains(fp.load("dongkou")))
        >>> "完整度" in html, html.count("<tr>")
        (True, 8)
    """
    sections = tuple(chain_section(None, a) for a in analyses)
    charts = ReportCharts(completeness=completeness_chart(analyses))
    return str(_views().chains(sections, charts))


def attraction_html(lines: Sequence[Attraction]) -> str:
    """A 招商 list (:func:`~fyp_planning.attraction_list`): one row per line — chain, rank,
    action, segment, the firm to attract, the projects already addressing it.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import attraction_html
        >>> plan = fp.load("dongkou")
        >>> html = attraction_html(fp.attraction_list(plan, fp.analyse_chains(plan)))
        >>> "招商清单" in html, "另有" in html
        (True, True)
    """
    shown, more = _shown(tuple(lines))
    return str(_views().attraction(shown, more))


def batch_html(result: BatchResult) -> str:
    """A batch of verdicts (:func:`~fyp_planning.evaluate_many`): the rows by verdict, then
    the first rows of its table.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.notebook import batch_html
        >>> html = batch_html(fp.evaluate_many([fp.load("dongkou")]))
        >>> "批量评估" in html, "数据不足" in html
        (True, True)
    """
    found: Counter[Verdict] = Counter(result.verdicts)
    counts = [(v.value, v.label, found[v]) for v in Verdict if found[v]]
    table = result.to_table()._repr_html_()
    return str(_views().batch(result.method, counts, len(result), table))


register_display(Plan, html=plan_html)
register_display(Assessments, html=assessments_html)
register_display(Review, html=review_html)
register_display(AuditReport, html=audit_html)
register_display(ChainAnalysis, html=chain_html, svg=chain_svg)
register_display(ChainAnalyses, html=chains_html)
register_display(AttractionList, html=attraction_html)
register_display(BatchResult, html=batch_html)
