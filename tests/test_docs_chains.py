"""The chain page of the docs (docs/chains.md): each example calls for the action its drawing
shows, the drawing picks out that gap and escapes what it embeds, and the worked scoring
example takes apart whatever terms the scoring has.

The page's generator is docs/_ext/fyp_docs.py, a Sphinx extension: these tests need the ``docs``
extra (``pip install -e ".[docs]"``) and are skipped without it.
"""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs
import pytest

import fyp_planning as fp
from fyp_planning import (
    Chain,
    ChainTemplate,
    Enterprise,
    GapWeights,
    Plan,
    Segment,
    chain_to_svg,
    gap_analysis,
)

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("sphinx") is None,
    reason='needs the docs extra: pip install -e ".[docs]"',
)

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
SVG = "{http://www.w3.org/2000/svg}"
FOCUS = "#c62828"


@pytest.fixture(scope="module")
def docs_ext() -> Any:
    sys.path.insert(0, str(EXT))
    try:
        import fyp_docs

        return fyp_docs
    finally:
        sys.path.remove(str(EXT))


@pytest.fixture(scope="module")
def examples(docs_ext: Any) -> Plan:
    return fp.load(docs_ext.CHAIN_EXAMPLES_FILE)


def test_there_is_an_example_for_each_action_and_both_directions(docs_ext: Any) -> None:
    shown = {(action, direction) for _, action, direction in docs_ext.CHAIN_EXAMPLES.values()}
    assert shown == {
        ("build", None),
        ("fill", None),
        ("extend", "upstream"),
        ("extend", "downstream"),
        ("strengthen", None),
    }


@pytest.mark.parametrize("chain", ["build", "fill", "extend_up", "extend_down", "strengthen"])
def test_each_example_calls_for_its_action(docs_ext: Any, examples: Plan, chain: str) -> None:
    segment, action, direction = docs_ext.CHAIN_EXAMPLES[chain]
    analysis = gap_analysis(examples, chain)
    [gap] = [g for g in analysis.gaps if g.segment == segment]
    assert (gap.action.value, gap.direction) == (action, direction)
    assert docs_ext.example_gap(analysis, chain) is gap
    # 4 to 6 segments, as the page promises
    assert 4 <= len(analysis.segments) <= 6


def test_an_example_calling_for_another_action_stops_the_build(
    docs_ext: Any, examples: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(docs_ext.CHAIN_EXAMPLES, "fill", ("sorting", "extend", "upstream"))
    with pytest.raises(ValueError, match=r"'fill' should call for extend .* at sorting"):
        docs_ext.example_gap(gap_analysis(examples, "fill"), "fill")
    monkeypatch.setitem(docs_ext.CHAIN_EXAMPLES, "fill", ("brand", "fill", None))
    with pytest.raises(ValueError, match="its gaps are: 补链 sorting"):
        docs_ext.example_gap(gap_analysis(examples, "fill"), "fill")


def test_the_example_drawing_picks_out_its_gap(docs_ext: Any) -> None:
    text = docs_ext.chain_example_markdown("fill")
    svg = text[text.index("<svg") : text.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    framed = [g.get("id") for g in root.iter(f"{SVG}g") if any(r.get("stroke") == FOCUS for r in g)]
    assert framed == ["seg-sorting"]
    bold = [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == FOCUS]
    assert bold[0] == "红框：本图所示缺口 补链「分拣初加工」，第1位"
    assert "补链 #1" in bold
    assert "**补链「分拣初加工」**" in text


def test_a_chain_level_build_frames_the_core_segments(examples: Plan) -> None:
    analysis = gap_analysis(examples, "build")
    chain_gap = analysis.gaps[0]
    assert chain_gap.segment is None
    root = ET.fromstring(chain_to_svg(examples, analysis, highlight=chain_gap))
    framed = {g.get("id") for g in root.iter(f"{SVG}g") if any(r.get("stroke") == FOCUS for r in g)}
    assert framed == {f"seg-{s}" for s in chain_gap.segments}
    # the segments' own 建链 labels stay grey: the chain-level gap is the one picked out
    assert chain_gap.reasons[0] in [
        t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"
    ]


def test_without_highlight_the_map_is_as_before(examples: Plan) -> None:
    analysis = gap_analysis(examples, "fill")
    svg = chain_to_svg(examples, analysis)
    assert FOCUS not in svg and "红框" not in svg
    assert chain_to_svg(examples, analysis, highlight=None) == svg


def test_highlight_must_be_a_gap_of_the_chain(examples: Plan) -> None:
    other = gap_analysis(examples, "strengthen").gaps[0]
    with pytest.raises(ValueError, match="not a gap of chain 'fill'"):
        chain_to_svg(examples, "fill", highlight=other)


def test_the_highlighted_map_escapes_what_it_embeds() -> None:
    hostile = '<i>&amp;"'  # short: a box shows a firm's name whole up to 18 characters
    segs = [
        Segment(id="raw", name=f"原料{hostile}", stage="upstream", core=True),
        Segment(id="made", name="制品'\"<>", stage="midstream"),
        Segment(id="sold", name="销售", stage="downstream"),
    ]
    t = ChainTemplate(id="t", name="模板", segments=segs, edges=[("raw", "made"), ("made", "sold")])
    plan = Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        templates=[t],
        enterprises=[
            Enterprise(id="a", name=f"甲{hostile}", above_scale=True),
            Enterprise(id="b", name="乙</text><text>", above_scale=True),
        ],
        chains=[
            Chain(
                id="c",
                name=f"链{hostile}",
                template="t",
                presence={"raw": ["a"], "sold": ["b"]},
            )
        ],
    )
    analysis = gap_analysis(plan, "c")
    gap = analysis.gaps[0]
    assert (gap.segment, gap.action.value) == ("made", "fill")
    svg = chain_to_svg(plan, analysis, highlight=gap)
    assert "<i>" not in svg and "</text><text>" not in svg
    root = ET.fromstring(svg)  # well-formed
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert f"原料{hostile}" in texts and f"甲{hostile}" in texts and "乙</text><text>" in texts
    assert "红框：本图所示缺口 补链「制品'\"<>」，第1位" in texts
    assert root.find(f"{SVG}title").text.startswith(f"链{hostile}")  # type: ignore[union-attr]


def test_the_worked_example_adds_up_every_weight(docs_ext: Any, examples: Plan) -> None:
    text = docs_ext.scoring_markdown()
    gap = docs_ext.example_gap(gap_analysis(examples, docs_ext.SCORING_EXAMPLE), "fill")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [r.split("|")[1].strip() for r in rows] == [
        f"`{f.name}`" for f in attrs.fields(GapWeights)
    ]
    weighted = [float(r.split("|")[4]) for r in rows]
    assert sum(weighted) == pytest.approx(gap.score, abs=0.002)
    assert f"**{gap.score:.3f}**" in text
    # each term's row quotes the gap's own reason for it
    for reason in gap.reasons[1:-1]:
        assert reason in text
    # and the ranking lists every gap of the chain
    analysis = gap_analysis(examples, docs_ext.SCORING_EXAMPLE)
    for g in analysis.gaps:
        assert f"| {g.rank} | {g.name} `{g.segment}` | {g.label} | {g.score:.3f} |" in text


def test_a_term_the_example_cannot_explain_stops_the_build(
    docs_ext: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A weight the gap has no measure for (a term added to the scoring, its measure not yet
    on the gap) is not silently left out of the worked example."""

    @attrs.frozen(kw_only=True)
    class MoreWeights(GapWeights):
        plan_direction: float = 0.1

    monkeypatch.setattr(fp, "GapWeights", MoreWeights)
    with pytest.raises(ValueError, match="no measure 'plan_direction'"):
        docs_ext.scoring_markdown()


def test_resources_and_infrastructure_get_advice_not_a_firm(docs_ext: Any, examples: Plan) -> None:
    text = docs_ext.resources_markdown()
    rows = {
        cells[2].strip(): cells
        for cells in (line.split("|") for line in text.splitlines() if line.startswith("| "))
        if "`" in cells[2]
    }
    assert set(rows) == {"茶园观光资源 `tea_gardens`", "景区道路 `access_roads`"}
    resource, infra = rows["茶园观光资源 `tea_gardens`"], rows["景区道路 `access_roads`"]
    assert resource[3].strip() == "资源禀赋" and resource[6].strip().startswith("培育、保护开发")
    assert infra[3].strip() == "基础设施" and infra[6].strip().startswith("配套建设")
    assert all(r[5].strip() == "否 no" and "引进" not in r[6] for r in rows.values())


def test_the_strengthen_example_names_its_project(docs_ext: Any) -> None:
    text = docs_ext.chain_example_markdown("strengthen")
    assert "戊果汁坊果汁生产线扩建项目（3000万元）" in text
    assert "引进「果汁饮料」环节龙头或规模以上企业" in text
