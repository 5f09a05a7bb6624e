"""The report's charts (render/charts.py): well-formed SVG, the marks known inputs must give,
no data drawn as missing, hostile names escaped, and the Dongkou report built with them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import Assessment, LevelTarget, Observation, Period, Verdict
from fyp_planning import parse_quantity as q
from fyp_planning.render.charts import (
    BULLET_ROWS,
    TREND_WIDTH,
    VERDICT_COLOURS,
    WIDTH,
    bullet_chart,
    completeness_chart,
    report_charts,
    review_chart,
    trend_chart,
    verdict_chart,
)

OBSERVATIONS = (
    Path(__file__).parent.parent / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"x\" 'y' ]]>"


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


@pytest.fixture(scope="module")
def later(dongkou: fp.Plan) -> tuple[Observation, ...]:
    return tuple(fp.load_observations(OBSERVATIONS, dongkou))


@pytest.fixture(scope="module")
def data(dongkou: fp.Plan, later: tuple[Observation, ...]) -> fp.ReportData:
    return fp.build_report(dongkou, observations=later)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def assessment(
    base: float | None,
    latest: float | None,
    goal: float,
    *,
    verdict: Verdict = Verdict.MODERATE,
    rate: str | fp.Quantity | None = None,
    elapsed: float | None = None,
    flags: tuple[str, ...] = (),
    name_unit: str = "家",
) -> Assessment:
    """An assessment of a ≥ level target, baseline 2020, latest 2023, target 2025."""

    def obs(year: int, value: float | None) -> Observation | None:
        if value is None:
            return None
        return Observation(indicator="x", period=Period(year), value=q(f"{value}{name_unit}"))

    b, l_ = obs(2020, base), obs(2023, latest)
    return Assessment(
        indicator="x",
        target=LevelTarget(indicator="x", year=2025, value=q(f"{goal}{name_unit}")),
        method="opensdg",
        verdict=verdict,
        baseline=b,
        latest=l_ or b,
        baseline_value=q(f"{base}{name_unit}") if base is not None else None,
        latest_value=q(f"{latest}{name_unit}")
        if latest is not None
        else (q(f"{base}{name_unit}") if base is not None else None),
        target_value=q(f"{goal}{name_unit}"),
        required_rate=q(rate) if isinstance(rate, str) else rate,
        elapsed=elapsed,
        flags=flags,
    )


def right_edge(rect: ET.Element) -> float:
    return float(rect.get("x", 0)) + float(rect.get("width", 0))


# -- bullets ---------------------------------------------------------------------------------
def test_a_met_floor_reaches_its_target_in_the_verdict_colour() -> None:
    root = parse(bullet_chart([("企业", assessment(100, 130, 120, verdict=Verdict.ACHIEVED))]))
    (bar,) = by_class(root, "latest")
    (tick,) = by_class(root, "target")
    assert right_edge(bar) >= float(tick.get("x1", 0))
    assert bar.get("fill") == VERDICT_COLOURS[Verdict.ACHIEVED][0]
    assert "已完成" in texts(root)


def test_a_floor_not_met_stops_short_of_its_target() -> None:
    root = parse(bullet_chart([("企业", assessment(100, 110, 120, verdict=Verdict.LIMITED))]))
    (bar,) = by_class(root, "latest")
    (tick,) = by_class(root, "target")
    (base,) = by_class(root, "baseline")
    assert right_edge(base) < right_edge(bar) < float(tick.get("x1", 0))
    assert bar.get("fill") == VERDICT_COLOURS[Verdict.LIMITED][0]


def test_a_met_ceiling_stops_at_or_below_its_target() -> None:
    a = assessment(0.8, 0.6, 0.65, verdict=Verdict.ACHIEVED, name_unit="吨")
    a = attrs.evolve(a, target=attrs.evolve(a.target, comparator=fp.Comparator.LE))
    root = parse(bullet_chart([("能耗", a)]))
    (bar,) = by_class(root, "latest")
    (tick,) = by_class(root, "target")
    (base,) = by_class(root, "baseline")
    assert right_edge(bar) <= float(tick.get("x1", 0)) < right_edge(base)
    assert any(t.startswith("≤0.65吨") for t in texts(root))


def test_no_data_is_drawn_as_missing_not_as_no_change() -> None:
    a = assessment(100, None, 120, verdict=Verdict.INSUFFICIENT_DATA, flags=("no_progress_data",))
    assert a.latest_value is not None  # the assessment repeats the baseline as its latest value
    root = parse(bullet_chart([("企业", a)]))
    assert by_class(root, "latest") == []
    assert len(by_class(root, "baseline")) == 1
    (label,) = by_class(root, "no-data")
    assert "无数据" in "".join(label.itertext())


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("14.87%", 100 * 2**0.5), (fp.Quantity(20, "organization / year"), 150.0)],
)
def test_the_required_path_is_marked_where_the_indicator_should_be(
    rate: str | fp.Quantity, expected: float
) -> None:
    """Baseline 100, target 200, half the span elapsed: on pace is √2·100 at a compound rate,
    150 at a linear one (a change per year)."""
    a = assessment(100, 120, 200, rate=rate, elapsed=0.5)
    root = parse(bullet_chart([("企业", a)]))
    (path,) = by_class(root, "required")
    (tick,) = by_class(root, "target")
    (base,) = by_class(root, "baseline")
    zero = float(base.get("x", 0))
    # the scale starts at zero: positions are proportional to values
    share = (float(path.get("x1", 0)) - zero) / (float(tick.get("x1", 0)) - zero)
    assert share == pytest.approx(expected / 200, abs=0.002)


def test_bullets_put_the_worst_verdict_first_and_no_verdict_last() -> None:
    rows = [
        ("好", assessment(1, 2, 3, verdict=Verdict.SUBSTANTIAL)),
        ("无", assessment(1, None, 3, verdict=Verdict.INSUFFICIENT_DATA)),
        ("坏", assessment(1, 2, 3, verdict=Verdict.DETERIORATION)),
    ]
    root = parse(bullet_chart(rows))
    order = [g.get("class", "").split()[1] for g in by_class(root, "bullet")]
    assert order == ["deterioration", "substantial", "insufficient_data"]


def test_targets_with_nothing_to_draw_are_counted_not_drawn() -> None:
    empty = assessment(None, None, 3, verdict=Verdict.INSUFFICIENT_DATA)
    root = parse(bullet_chart([("有", assessment(1, 2, 3)), ("空", empty)]))
    assert len(by_class(root, "bullet")) == 1
    assert any("另有1个目标" in t for t in texts(root))
    assert bullet_chart([("空", empty)]) == ""


@given(
    base=st.floats(-1e6, 1e6),
    latest=st.floats(-1e6, 1e6),
    goal=st.floats(-1e6, 1e6),
    elapsed=st.floats(0, 1),
)
def test_every_bar_stays_inside_the_chart(
    base: float, latest: float, goal: float, elapsed: float
) -> None:
    a = assessment(round(base, 3), round(latest, 3), round(goal, 3), rate="5%", elapsed=elapsed)
    root = parse(bullet_chart([("企业", a)]))
    for rect in root.iter(f"{SVG}rect"):
        assert 0 <= float(rect.get("x", 0)) <= right_edge(rect) <= WIDTH + 0.1
    for line in root.iter(f"{SVG}line"):
        assert 0 <= float(line.get("x1", 0)) <= WIDTH


# -- escaping, legibility --------------------------------------------------------------------
def test_hostile_names_are_text_in_every_chart(dongkou: fp.Plan) -> None:
    row = fp.ReviewRow(
        indicator="x",
        name=HOSTILE,
        year=2020,
        target=LevelTarget(indicator="x", year=2020, value=q("200亿元")),
        target_value=q("200亿元"),
        actual_value=q("198亿元"),
        achieved=False,
    )
    chain = fp.ChainAnalysis(chain="c", name=HOSTILE, template=None)
    ind = attrs.evolve(dongkou.indicator("industrial_output"), name=HOSTILE)
    plan = attrs.evolve(
        dongkou, indicators=[ind if i.id == ind.id else i for i in dongkou.indicators]
    )
    obs = [
        Observation(indicator=ind.id, period=Period(y), value=q(f"{v}亿元"))
        for y, v in ((2021, 210), (2022, 230), (2023, 250))
    ]
    svgs = [
        bullet_chart([(HOSTILE + "\x01", assessment(1, 2, 3))]),
        review_chart([row]),
        completeness_chart([chain]),
        trend_chart(plan, ind.id, observations=obs),
    ]
    shown = HOSTILE
    for svg in svgs:
        assert "<script" not in svg
        root = parse(svg)
        assert not [e for e in root.iter() if "script" in e.tag]
        assert any(shown in t for t in texts(root)) or any(
            shown in (e.text or "") for e in root.iter(f"{SVG}title")
        )


def test_charts_are_a4_legible(data: fp.ReportData) -> None:
    """At most 680 px wide (A4 between the margins is about 700 px: no scaling down), and no
    text under 12 px (9 pt)."""
    ch = data.charts
    svgs = [
        ch.verdicts,
        *ch.bullets,
        *ch.waiting,
        *(s for _, s in ch.trends),
        ch.review,
        ch.completeness,
    ]
    assert all(svgs)
    for svg in svgs:
        root = parse(svg)
        assert float(root.get("width", 0)) <= WIDTH
        sizes = [float(e.get("font-size", 0)) for e in root.iter(f"{SVG}text")]
        assert sizes and min(sizes) >= 12
        # a long bullet chart is split so that each part fits on a page
        assert float(root.get("height", 0)) < 1000


# -- trends ----------------------------------------------------------------------------------
def test_a_trend_joins_both_plans_and_marks_estimates_and_targets(
    dongkou: fp.Plan, later: tuple[Observation, ...], data: fp.ReportData
) -> None:
    found = [a for _, a in data.progress or ()]
    root = parse(trend_chart(dongkou, "industrial_output", observations=later, assessments=found))
    assert float(root.get("width", 0)) == TREND_WIDTH
    years = {t for t in texts(root) if re.fullmatch(r"20\d\d", t)}
    assert {"2015", "2025"} <= years  # the predecessor's 2015 and the target year
    firm, soft = by_class(root, "firm"), by_class(root, "soft")
    assert len(firm) == 4 and len(soft) == 1  # 2015, 2020, 2021, 2022 actual; 2023 预计
    assert "2023年 254亿元（预计）" in "".join(soft[0].itertext())
    dashed = [e for e in root.iter(f"{SVG}line") if e.get("stroke") == "#0b5394"]
    assert [e.get("stroke-dasharray") for e in dashed][-1] == "4,3"  # into the estimate
    assert len(by_class(root, "target")) == 2  # ≥300亿元 and 年均增长≥10%
    assert any("十三五" in t for t in texts(root)) and any("十四五" in t for t in texts(root))


def test_a_flows_part_year_value_is_hollow_and_off_the_line() -> None:
    ind = fp.Indicator(id="out", name="工业总产值", unit=fp.parse_unit("亿元"))
    plan = fp.Plan(
        id="p", region="县", title="“十四五”规划", start_year=2021, end_year=2025,
        indicators=[ind],
        observations=[
            Observation(indicator="out", period=Period(y), value=q(f"{v}亿元"))
            for y, v in ((2020, 100), (2021, 110), (2022, 120))
        ]
        + [Observation(indicator="out", period=Period(2023, 1, 9), value=q("95亿元"))],
    )  # fmt: skip
    root = parse(trend_chart(plan, "out"))
    (soft,) = by_class(root, "soft")
    circle = next(soft.iter(f"{SVG}circle"))
    assert circle.get("fill") == "#ffffff"
    x = circle.get("cx")
    lines = [e for e in root.iter(f"{SVG}line") if e.get("stroke") == "#0b5394"]
    assert len(lines) == 2 and all(x not in (e.get("x1"), e.get("x2")) for e in lines)


def test_fewer_than_three_years_draw_no_trend(dongkou: fp.Plan) -> None:
    assert trend_chart(dongkou, "industrial_output") == ""  # 2015 and 2020 only


# -- summary, review, chains -----------------------------------------------------------------
def test_the_verdict_summary_counts_each_verdict(data: fp.ReportData) -> None:
    rows = [a for _, a in data.progress or ()]
    root = parse(verdict_chart(rows))
    shown = texts(root)
    for v in {a.verdict for a in rows}:
        n = sum(a.verdict is v for a in rows)
        assert f"{v.label} {n}" in shown
    assert shown[0].startswith(f"{len(rows)}个目标的评价")
    assert verdict_chart([]) == ""


def test_the_review_chart_colours_met_and_missed(data: fp.ReportData) -> None:
    root = parse(review_chart(data.review))
    bars = by_class(root, "actual")
    assert len(bars) == len(data.review) == 2
    assert {b.get("fill") for b in bars} == {"#c62828"}  # both of 十三五's targets missed
    assert "99% 未完成" in texts(root)
    missing = fp.ReviewRow(
        indicator="x", name="企业", year=2020,
        target=LevelTarget(indicator="x", year=2020, value=q("10家")), target_value=q("10家"),
    )  # fmt: skip
    met = fp.ReviewRow(
        indicator="x", name="企业", year=2020,
        target=LevelTarget(indicator="x", year=2020, value=q("10家")), target_value=q("10家"),
        actual_value=q("12家"), achieved=True,
    )  # fmt: skip
    root = parse(review_chart([missing, met]))
    (bar,) = by_class(root, "actual")
    assert bar.get("fill") == "#43a047"
    assert len(by_class(root, "no-data")) == 1


def test_the_completeness_chart_stacks_each_chains_segments(data: fp.ReportData) -> None:
    analyses = [c.analysis for c in data.chains]
    root = parse(completeness_chart(analyses))
    groups = by_class(root, "chain")
    assert len(groups) == len(analyses) == 7
    for g, an in zip(groups, analyses, strict=True):
        for status, n in an.counts.items():
            rects = by_class(g, status)
            assert len(rects) == (1 if n else 0)
        widths = sum(float(r.get("width", 0)) for r in g.iter(f"{SVG}rect"))
        assert widths == pytest.approx(610 - 156, abs=0.5)
        assert f"{an.completeness:g}%" in texts(g)
    bare = parse(completeness_chart([fp.ChainAnalysis(chain="c", name="链", template=None)]))
    assert any("无参考模板" in t for t in texts(bare))


# -- the report ------------------------------------------------------------------------------
def test_the_dongkou_report_has_its_charts_and_stays_offline(
    dongkou: fp.Plan, later: tuple[Observation, ...]
) -> None:
    html = fp.report_html(dongkou, observations=later)
    data = fp.build_report(dongkou, observations=later)
    ch = data.charts
    assert len(ch.bullets) == 1  # 8 judged rows
    assert len(ch.waiting) == 2  # 15 without data in two parts (12 + 3), folded in the report
    assert BULLET_ROWS == 12
    assert [i for i, _ in ch.trends][:2] == ["rd_spending", "fiscal_st_spending"]
    for svg in [ch.verdicts, *ch.bullets, *(s for _, s in ch.trends), ch.review, ch.completeness]:
        assert svg in html
    # the 数据不足 bullets are folded with their table rows (on paper: their names only)
    folded = html[html.index('<details class="folded-charts"><summary>数据不足的目标') :]
    assert all(svg in folded[: folded.index("</details>")] for svg in ch.waiting)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    assert "<script" not in html
    # the charts stand where they belong
    assert html.index(ch.verdicts) > html.index('id="progress"')
    assert html.index(ch.review) > html.index('id="review"')
    assert html.index(ch.completeness) > html.index('id="chains"')


def test_without_observations_the_report_draws_review_and_chains_only(
    dongkou: fp.Plan,
) -> None:
    ch = report_charts(fp.build_report(dongkou))
    assert ch.verdicts == "" and ch.bullets == () and ch.trends == ()
    assert ch.review and ch.completeness
    assert ch.completeness in fp.report_html(dongkou)
