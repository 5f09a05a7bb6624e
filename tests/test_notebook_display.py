"""Rich display in Jupyter (issue 20): every public result shows as the report shows it.

Each view is HTML that parses with its tags balanced, carries the report's headings and the
result's values, escapes plan text, has no script, and is made by the report's own partial
templates (the report contains the same markup for the same result).
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

import fyp_planning as fp
from fyp_planning import (
    Chain,
    ChainTemplate,
    Indicator,
    LevelTarget,
    Observation,
    Period,
    Plan,
    Segment,
    parse_quantity,
    parse_unit,
)
from fyp_planning.render import notebook
from fyp_planning.tables import SHOWN_ROWS, Displayable

OBSERVATIONS = "docs/examples/dongkou-observations-2021-2023.csv"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
HOSTILE = "<script>alert(1)</script>"


class Balanced(HTMLParser):
    """Fails on an end tag that closes no open element; ``open`` is what stays open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-3:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> str:
    """The view's text, after checking it parses with every tag closed in order and has no
    script, style outside its own block, or link to anything."""
    p = Balanced()
    p.feed(html)
    p.close()
    assert p.open == [], p.open
    assert "<script" not in html.lower()
    assert not re.search(r"\b(href|src)=['\"]?(https?:|//)", html)
    assert html.startswith('<div class="fyp-view">')
    assert html.count("<style>") == 1  # its own block, scoped to .fyp-view
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = [r.split("{")[0].strip() for r in style.split("}") if "{" in r]
    assert rules and all(
        all(s.strip().startswith(".fyp-view") for s in r.split(",")) for r in rules
    ), rules
    return "".join(p.text)


@pytest.fixture(scope="module")
def dongkou() -> Plan:
    return fp.load("dongkou")


@pytest.fixture(scope="module")
def later(dongkou: Plan) -> list[Observation]:
    return list(fp.load_observations(OBSERVATIONS, dongkou))


# -- each type on Dongkou -------------------------------------------------------------------
def test_plan_shows_its_head_cards_and_indicator_table(dongkou: Plan) -> None:
    html = dongkou._repr_html_()
    text = parsed(html)
    assert dongkou.title in text and "洞口县" in text and "规划期 2021–2025年" in text
    assert "指标与目标" in text and "隐含要求" in text
    assert "<b>35</b>项指标" in html and "<b>38</b>个目标" in html
    assert "需年均增长8.67%" in text  # 工业总产值 198 → 300 亿元
    assert "原文43个，5个重复目标已合并" in text


def test_audit_shows_findings_by_severity_with_arithmetic_and_not_checked(
    dongkou: Plan,
) -> None:
    report = fp.audit(dongkou)
    text = parsed(report._repr_html_())
    assert "一致性审查" in text and "错误 3 项，警告 11 项，提示 5 项" in text
    cov = report.coverage
    assert (
        f"核查 {cov['checked']} 项（通过 {cov['passed']} 项），未核查 {cov['not_checked']} 项"
        in text
    )
    errors = report.by_severity(fp.Severity.ERROR)
    first = errors[0]
    assert first.code == "V001" and first.arithmetic
    assert first.code in text and first.arithmetic in text
    # errors before warnings before notes, each tagged with its label
    at = [text.index(f.message) for f in report.findings]
    assert at == sorted(at)
    assert text.index("错误") < text.index("警告") < text.index("提示")
    # the not-checked list, with the reason of each
    assert f"未核查 Not checked（{len(report.not_checked)}项" in text
    assert all(c.reason in text for c in report.not_checked)


def test_assessments_show_charts_and_the_coloured_verdict_table(
    dongkou: Plan, later: list[Observation]
) -> None:
    result = fp.assess(dongkou, observations=later)
    html = result._repr_html_()
    text = parsed(html)
    assert "进展评估" in text and "基期值（年份）" in text
    assert "进展中等" in text and "进展显著" in text and "数据不足" in text
    assert 'class="tag v-mid">进展中等' in html and 'class="tag v-good">进展显著' in html
    assert html.count("<svg") >= 2  # the verdict chart and the bullet chart
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)
    # worst first: every 进展中等 row before the first 进展显著 row
    assert html.rindex(">进展中等</span>") < html.index(">进展显著</span>")


def test_review_shows_the_chart_and_the_done_or_not_table(dongkou: Plan) -> None:
    rows = fp.review(dongkou)
    html = rows._repr_html_()
    text = parsed(html)
    assert "规划执行情况" in text and rows.plan is not None and rows.plan.title in text
    assert "是否完成" in text and "工业总产值" in text
    assert any(h in text for h in ("差距", "差／高出"))
    assert html.count("<svg") == 1  # the review chart
    assert "v-bad" in html  # a target missed


def test_chain_analysis_shows_its_map_and_top_actions(dongkou: Plan) -> None:
    food = fp.gap_analysis(dongkou, "food")
    assert isinstance(food, Displayable) and food.plan is dongkou
    html = food._repr_html_()
    text = parsed(html)
    assert "特色食品" in text and "排名" in text and "招商方向与已有项目" in text
    assert food.gaps[0].name in text  # 柑橘商品化处理与深加工, the first gap
    shown = re.findall(r'<td class="num">(\d+)</td><td class="act">', html)
    assert shown == [str(g.rank) for g in food.gaps[:5]]
    assert f"另有{len(food.gaps) - 5}项行动" in text and "附录" not in text
    svg = food._repr_svg_()
    assert svg is not None
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.split("?>", 1)[-1].strip() in html  # the same map inside the HTML view


def test_chain_analysis_without_its_plan_or_template_shows_what_it_has() -> None:
    bare = fp.ChainAnalysis(chain="food", name="特色食品", template=None)
    assert bare.plan is None and bare._repr_svg_() is None
    text = parsed(bare._repr_html_() or "")
    assert "特色食品（无参考模板）" in text and "未设参考模板" in text


def test_batch_shows_counts_by_verdict_and_its_first_rows(
    dongkou: Plan, later: list[Observation]
) -> None:
    result = fp.evaluate_many([dongkou], {dongkou.id: later})
    html = result._repr_html_()
    text = parsed(html)
    assert "批量评估" in text and f"{len(result)}行" in text
    counts = {v: result.verdicts.count(v) for v in set(result.verdicts)}
    for v, n in counts.items():
        assert re.search(rf">{v.label}</span></td><td class=\"num\">{n}</td>", html), v
    assert "dongkou_14th_sti" in text


def test_sequences_of_chains_and_attraction_lines(dongkou: Plan) -> None:
    analyses = fp.analyse_chains(dongkou)
    text = parsed(notebook.chains_html(analyses))
    assert "完整度" in text and all(a.name in text for a in analyses)
    lines = fp.attraction_list(dongkou, analyses)
    html = notebook.attraction_html(lines)
    text = parsed(html)
    assert "招商清单" in text and lines[0].target in text
    assert html.count("<tr>") == min(len(lines), SHOWN_ROWS) + 1
    if len(lines) > SHOWN_ROWS:
        assert f"另有{len(lines) - SHOWN_ROWS}行" in text


def test_long_tables_are_cut_with_a_count_of_the_rest() -> None:
    many = Plan(
        id="many",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[
            Indicator(id=f"i{n}", name=f"指标{n}", unit=parse_unit("个"))
            for n in range(SHOWN_ROWS + 7)
        ],
    )
    html = many._repr_html_()
    text = parsed(html)
    assert "另有7行" in text and "指标49" in text and "指标50" not in text


# -- plan text is escaped everywhere --------------------------------------------------------
@pytest.fixture(scope="module")
def hostile() -> Plan:
    t = ChainTemplate(
        id="t",
        name="模板",
        edges=[("raw", "made")],
        segments=[
            Segment(id="raw", name=HOSTILE, stage="upstream"),
            Segment(id="made", name="制品<b>", stage="downstream"),
        ],
    )
    old = Plan(
        id="old",
        region="示例县",
        title="旧<i>规划",
        start_year=2016,
        end_year=2020,
        indicators=[Indicator(id="out", name=HOSTILE, unit=parse_unit("亿元"))],
        observations=[
            Observation(indicator="out", period=Period(2015), value=parse_quantity("100亿元")),
            Observation(indicator="out", period=Period(2020), value=parse_quantity("150亿元")),
        ],
        targets=[LevelTarget(indicator="out", year=2020, value=parse_quantity("200亿元"))],
    )
    return Plan(
        id="new",
        region="<img src=x onerror=alert(1)>县",
        title=HOSTILE,
        start_year=2021,
        end_year=2025,
        predecessor=old,
        indicators=[Indicator(id="out", name=HOSTILE, unit=parse_unit("亿元"))],
        observations=[
            Observation(indicator="out", period=Period(2020), value=parse_quantity("150亿元")),
            Observation(indicator="out", period=Period(2020), value=parse_quantity("151亿元")),
        ],
        targets=[LevelTarget(indicator="out", year=2025, value=parse_quantity("300亿元"))],
        templates=[t],
        chains=[Chain(id="c", name=HOSTILE, template="t")],
    )


def test_every_view_escapes_plan_text(hostile: Plan) -> None:
    later = [Observation(indicator="out", period=Period(2022), value=parse_quantity("200亿元"))]
    analysis = fp.gap_analysis(hostile, "c")
    results: list[Displayable] = [
        hostile,
        fp.audit(hostile),
        fp.assess(hostile, observations=later),
        fp.review(hostile),
        analysis,
        fp.evaluate_many([hostile], {hostile.id: later}),
    ]
    views = [r._repr_html_() or "" for r in results]
    views += [
        notebook.chains_html([analysis]),
        notebook.attraction_html(fp.attraction_list(hostile, [analysis])),
    ]
    for n, html in enumerate(views):
        text = parsed(html)  # no <script, tags balanced
        assert "<img" not in html and "<i>" not in html and "制品<b>" not in html
        if n != 5:  # the batch's rows name plans and indicators by id
            assert HOSTILE in text or "旧<i>规划" in text, html[:300]
    assert "&lt;script&gt;" in views[0] and "&lt;img src=x" in views[0]
    assert fp.audit(hostile).findings  # the two 2020 values: the audit has something to say
    svg = analysis._repr_svg_()
    assert svg is not None and HOSTILE in "".join(ET.fromstring(svg).itertext())


# -- the same renderers as the report ---------------------------------------------------------
def test_the_report_contains_the_views_markup(dongkou: Plan, later: list[Observation]) -> None:
    """The report and the views render the same partials: each view's body (its style and
    heading aside) is in the report as it is."""
    day = datetime.date(2026, 1, 1)
    report = fp.report_html(fp.build_report(dongkou, observations=later, generated=day))

    def body(html: str, start: str) -> str:
        inner = html.split("</style>", 1)[1]
        return inner[inner.index(start) : inner.rindex("</div>")].strip()

    audit = body(fp.audit(dongkou)._repr_html_(), "<p>错误")
    # findings and the not-checked list; the report names the predecessor's findings by its
    # label, the audit alone knows only its id
    audit = audit.replace(">dongkou_13th_sti</span>", ">十三五规划</span>")
    assert audit.split("</p>", 1)[1].strip() in report
    table = body(dongkou._repr_html_(), "<table>")
    assert table in report  # the indicator table and its notes
    review = body(fp.review(dongkou)._repr_html_(), '<div class="chart">')
    assert review in report
    progress = body(fp.assess(dongkou, observations=later)._repr_html_(), '<div class="chart">')
    assert progress.split('<details class="folded-charts">', 1)[0] in report
    food = body(fp.gap_analysis(dongkou, "food")._repr_html_(), '<div class="figure">')
    assert food.split('<p class="note">另有', 1)[0] in report


def test_every_public_result_type_has_its_view() -> None:
    """Plan, Assessments, Review, AuditReport, ChainAnalysis and BatchResult: a registered
    view, not the table fallback."""
    from fyp_planning import tables

    tables._load_display()
    for kind in (
        fp.Plan,
        fp.Assessments,
        fp.Review,
        fp.AuditReport,
        fp.ChainAnalysis,
        fp.BatchResult,
    ):
        assert issubclass(kind, Displayable)
        assert kind in tables._HTML, kind
    assert fp.ChainAnalysis in tables._SVG


def test_charts_and_chain_maps_draw_themselves_in_a_notebook() -> None:
    import xml.etree.ElementTree as ET

    plan = fp.load("dongkou")
    drawings = [
        fp.chain_to_svg(plan, "food"),
        fp.verdict_chart(fp.assess(plan)),
        fp.review_chart(fp.review(plan)),
    ]
    for svg in drawings:
        assert isinstance(svg, str)  # still the text it was: written to files, embedded
        shown = svg._repr_svg_()  # type: ignore[attr-defined]
        assert shown == svg and type(shown) is str
        ET.fromstring(shown.split("?>", 1)[-1])
