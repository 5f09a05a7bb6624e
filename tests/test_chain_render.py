"""Chain exports (GraphML, node-link JSON, Mermaid, SVG), the 招商 list, and their CLI."""

from __future__ import annotations

import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning.cli import main

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


def _texts(svg: str) -> list[str]:
    return [e.text or "" for e in ET.fromstring(svg).iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("chain", ["electronics", "food", "culture_tourism"])
def test_graphml_parses_back_with_the_same_nodes_and_edges(dongkou: fp.Plan, chain: str) -> None:
    g = fp.chain_graph(dongkou, chain)
    back = nx.read_graphml(io.StringIO(fp.chain_to_graphml(dongkou, chain)))
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges) == set(g.edges)
    smt = fp.chain_to_graphml(dongkou, "electronics")
    node = nx.read_graphml(io.StringIO(smt)).nodes["smt_assembly"]
    assert set(node["enterprises"].split(", ")) == {
        "huichuang_electronics",
        "qihong_electronics",
        "fushengcheng_electronics",
    }
    assert node["status"] == "strong" and node["stage_label"] == "中游"


def test_node_link_round_trips_through_json(dongkou: fp.Plan) -> None:
    data = fp.chain_to_node_link(dongkou, "电子信息")
    text = json.dumps(data, ensure_ascii=False)
    assert "电子信息" in text
    back = nx.node_link_graph(json.loads(text), edges="links")
    g = fp.chain_graph(dongkou, "electronics")
    assert set(back.nodes) == set(g.nodes) and set(back.edges) == set(g.edges)
    assert json.loads(text) == data


def test_mermaid_has_one_node_per_segment_and_stage_subgraphs(dongkou: fp.Plan) -> None:
    text = fp.chain_to_mermaid(dongkou, "electronics")
    g = fp.chain_graph(dongkou, "electronics")
    assert text.startswith("flowchart LR\n")
    defined = re.findall(r"^\s+(s_\w+)\[", text, flags=re.M)
    assert sorted(defined) == sorted(f"s_{n}" for n in g)
    for label in ("上游", "中游", "下游", "配套服务"):
        assert f'["{label}"]' in text
    assert text.count("subgraph ") == text.count("\n  end\n") == 4
    assert len(re.findall(r" --> ", text)) == g.number_of_edges()
    for status in ("strong", "present", "weak", "missing"):
        assert f"classDef {status} " in text
    assert "慧创电子" in text


def test_svg_is_standalone_xml_with_every_segment(dongkou: fp.Plan, tmp_path: Path) -> None:
    svg = fp.chain_to_svg(dongkou, "电子信息")
    out = tmp_path / "electronics.svg"
    out.write_text(svg, encoding="utf-8")
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG_NS}svg"
    texts = _texts(svg)
    assert any("电子信息" in t and "6.2%" in t for t in texts)
    for seg in fp.chain_graph(dongkou, "electronics").nodes(data="name"):
        assert seg[1] in texts
    for label in ("强", "已有", "薄弱", "缺失"):
        assert label in texts
    assert any(t.startswith("延链") for t in texts)
    # nothing external: the only URI is the SVG namespace declaration
    body = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for bad in ("http", "<script", "@import", "url(", "href"):
        assert bad not in body
    fonts = {e.get("font-family") for e in root.iter(f"{SVG_NS}text")}
    assert len(fonts) == 1
    (font,) = fonts
    # Chinese UI fonts first, the generic family last: any viewer's CJK font draws the labels.
    assert font.endswith("sans-serif") and "Microsoft YaHei" in font and "Noto Sans CJK SC" in font
    assert svg == fp.chain_to_svg(dongkou, "electronics")  # deterministic


def test_svg_edges_skipping_a_stage_run_between_boxes(dongkou: fp.Plan) -> None:
    root = ET.fromstring(fp.chain_to_svg(dongkou, "electronics").encode())
    ns = "{http://www.w3.org/2000/svg}"
    boxes = [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))
        for g in root.iter(f"{ns}g")
        for r in g.iter(f"{ns}rect")
    ]
    lanes = 0
    for path in root.iter(f"{ns}path"):
        for x1, y, x2 in re.findall(r"([\d.]+),([\d.]+) L([\d.]+),\2", path.get("d")):
            lanes += 1
            lo, hi = sorted((float(x1), float(x2)))
            for bx, by, bw, bh in boxes:
                overlaps_x = lo < bx + bw and bx < hi
                # the lane passes neither through a box nor through its action label below it
                assert not (overlaps_x and by - 2 <= float(y) <= by + bh + 18), (
                    path.get("d"),
                    bx,
                    by,
                )
    assert lanes >= 3  # 电子信息 has several upstream -> downstream edges


def test_svg_escapes_text() -> None:
    t = fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("a", "b")],
        segments=[
            fp.Segment(id="a", name="A<&>\"'", stage="upstream"),
            fp.Segment(id="b", name="B", stage="upstream"),
        ],
    )
    plan = fp.Plan(
        id="x",
        region="县",
        title="t",
        start_year=2021,
        end_year=2025,
        templates=[t],
        chains=[fp.Chain(id="c", name="链<&>", template="t")],
    )
    svg = fp.chain_to_svg(plan, "c")
    assert "A<&>\"'" in _texts(svg)
    assert "A#lt;#amp;#gt;#quot;" in fp.chain_to_mermaid(plan, "c")
    nx.read_graphml(io.StringIO(fp.chain_to_graphml(plan, "c")))


def test_attraction_list_puts_unaddressed_gaps_first(dongkou: fp.Plan) -> None:
    lines = fp.attraction_list(dongkou)
    flags = [(not a.attractable, a.addressed) for a in lines]
    assert flags == sorted(flags)  # 招商 lines first, then unaddressed before addressed
    flags = [a.addressed for a in lines if a.attractable]
    assert flags == sorted(flags)  # False before True
    assert sum(flags) > 0 and not all(flags)
    total = sum(len(a.gaps) for a in fp.analyse_chains(dongkou))
    assert len(lines) == total


def test_attraction_matches_dongkou_projects_where_the_data_supports_it(dongkou: fp.Plan) -> None:
    lines = {(a.chain, a.gap.segment): a for a in fp.attraction_list(dongkou)}
    crafts = lines["light_industry", "crafts"]
    assert [m.project for m in crafts.projects] == ["fengyi_crafts_project"]
    assert crafts.projects[0].plan == "dongkou_13th_sti"
    assert "工艺美术品制造" in crafts.projects[0].reason
    assert crafts.target.startswith("引进「工艺美术品制造」环节")
    medical = lines["equipment", "medical_devices"]
    assert len(medical.projects) == 2
    # electronics: no project's enterprise is in the chain, and the reason says so
    electronics = fp.attraction_list(dongkou, "电子信息")
    assert electronics and not any(a.addressed for a in electronics)
    pcb = next(a for a in electronics if a.gap.segment == "pcb")
    assert pcb.target == "引进「印制电路板（PCB）制造」环节企业（中游），延链（向上游）"
    assert "无项目" in pcb.note
    # conservative: a chain firm elsewhere on the chain (为百水泥, cement) does not address
    # the new-materials gaps
    assert not any(a.addressed for a in fp.attraction_list(dongkou, "new_materials"))


# -- CLI ------------------------------------------------------------------------------------


def test_cli_export_chain_json(dongkou: fp.Plan) -> None:
    result = CliRunner().invoke(main, ["export", "dongkou", "--chain", "电子信息"])
    assert result.exit_code == 0, result.output
    assert "电子信息" in result.output  # not \u-escaped
    assert json.loads(result.output) == fp.chain_to_node_link(dongkou, "electronics")


def test_cli_export_chain_graphml(tmp_path: Path) -> None:
    out = tmp_path / "c.graphml"
    result = CliRunner().invoke(
        main, ["export", "dongkou", "--chain", "food", "--format", "graphml", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(nx.read_graphml(out)) > 0


def test_cli_export_chain_mermaid() -> None:
    result = CliRunner().invoke(
        main, ["export", "dongkou", "--chain", "electronics", "--format", "mermaid"]
    )
    assert result.exit_code == 0 and result.output.startswith("flowchart LR")


def test_cli_export_chain_svg(tmp_path: Path) -> None:
    out = tmp_path / "c.svg"
    result = CliRunner().invoke(
        main, ["export", "dongkou", "--chain", "电子信息", "--format", "svg", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "印制电路板（PCB）制造" in _texts(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["graphml", "mermaid", "svg"])
def test_cli_export_graph_formats_need_a_chain(fmt: str) -> None:
    result = CliRunner().invoke(main, ["export", "dongkou", "--format", fmt])
    assert result.exit_code == 2
    assert "--chain" in result.output


def test_cli_export_chain_errors() -> None:
    runner = CliRunner()
    assert (
        runner.invoke(main, ["export", "dongkou", "--chain", "c", "--format", "toml"]).exit_code
        == 2
    )
    assert runner.invoke(main, ["export", "dongkou", "--chain", "nope"]).exit_code == 2


def test_cli_export_without_chain_is_unchanged() -> None:
    result = CliRunner().invoke(main, ["export", "dongkou", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == "dongkou_14th_sti"


def test_cli_gaps_attraction_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["gaps", "dongkou", "特色轻工", "--attraction"])
    assert text.exit_code == 0, text.output
    assert "招商清单" in text.output and "邵阳市丰宜工艺品有限公司" in text.output
    data = json.loads(
        runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "json"]).output
    )
    flags = [a["addressed"] for a in data["attraction"]]
    assert flags == sorted(flags) and any(flags)


@pytest.mark.parametrize("chain", ["electronics", "food", "culture_tourism"])
def test_svg_and_attraction_draw_a_finished_analysis_without_analysing_again(
    dongkou: fp.Plan, chain: str, analyses_made: list[str]
) -> None:
    analysis = fp.gap_analysis(dongkou, chain)
    svg, lines = fp.chain_to_svg(dongkou, chain), fp.attraction_list(dongkou, chain)
    made = analyses_made
    del made[:]  # those made above
    assert fp.chain_to_svg(dongkou, analysis) == svg
    assert fp.attraction_list(dongkou, analysis) == lines
    assert made == []
    # what is drawn is the analysis given: another weighting's ranks show in the SVG
    other = fp.gap_analysis(dongkou, chain, fp.GapWeights(dependence=0, relatedness=0))
    ranks = {g.segment: g.rank for g in other.gaps}
    if ranks != {g.segment: g.rank for g in analysis.gaps}:
        assert fp.chain_to_svg(dongkou, other) != svg


def test_the_attraction_list_of_all_chains_analyses_each_once(
    dongkou: fp.Plan, analyses_made: list[str]
) -> None:
    expected = fp.attraction_list(dongkou)
    made = analyses_made
    del made[:]  # those made above
    assert fp.attraction_list(dongkou) == expected
    assert sorted(made) == sorted(c.id for c in dongkou.chains)


def test_the_map_draws_a_segment_present_by_link_with_its_supplier(dongkou: fp.Plan) -> None:
    svg = fp.chain_to_svg(dongkou, "food")
    root = ET.fromstring(svg)
    box = root.find(f".//{SVG_NS}g[@id='seg-food_packaging']")
    assert box is not None
    texts = [e.text for e in box.iter(f"{SVG_NS}text")]
    assert "由本县特色轻工链供给" in texts
    fill = fp.render.chains.STATUS_COLOURS[fp.SegmentStatus.LINKED][0]
    assert any(e.get("fill") == fill for e in box.iter(f"{SVG_NS}rect"))


# -- the map's layout (issue 17) --------------------------------------------------------------

from fyp_planning.render import chains as chain_render  # noqa: E402

#: Crossings of each Dongkou chain's map as drawn (measured; the map before issue 17 had
#: food 174, new_materials 61, electronics 64, light_industry 137, culture_tourism 53,
#: internet 36, equipment 70, counted the same way, with every edge into a box meeting at
#: one point, which hides the crossings there).
CROSSINGS = {
    "food": 119,
    "new_materials": 39,
    "electronics": 53,
    "light_industry": 100,
    "culture_tourism": 32,
    "internet": 22,
    "equipment": 44,
}
DONGKOU_CHAINS = sorted(CROSSINGS)


def _boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each segment's box (x, y, width, height), by segment id."""
    out = {}
    for g in root.iter(f"{SVG_NS}g"):
        rect = next(r for r in g.iter(f"{SVG_NS}rect") if r.get("rx") == "6")
        out[g.get("id", "")[4:]] = tuple(
            float(rect.get(k, "")) for k in ("x", "y", "width", "height")
        )
    return out  # type: ignore[return-value]


def _edges(root: ET.Element) -> list[tuple[str, str, list[tuple[float, float]]]]:
    return [
        (p.get("data-from", ""), p.get("data-to", ""), chain_render._polyline(p.get("d", "")))
        for p in root.iter(f"{SVG_NS}path")
    ]


def _side(box: tuple[float, float, float, float], x: float, y: float) -> str:
    """Which side of ``box`` the point is on: L, R, T, B (or "" when on none)."""
    bx, by, bw, bh = box
    if abs(x - bx) < 0.01 and by < y < by + bh:
        return "L"
    if abs(x - bx - bw) < 0.01 and by < y < by + bh:
        return "R"
    if abs(y - by - bh) < 0.01 and bx < x < bx + bw:
        return "B"
    if abs(y - by) < 0.01 and bx < x < bx + bw:
        return "T"
    return ""


@pytest.mark.parametrize("chain", DONGKOU_CHAINS)
def test_every_edge_has_ports_of_its_own(dongkou: fp.Plan, chain: str) -> None:
    root = ET.fromstring(fp.chain_to_svg(dongkou, chain))
    boxes = _boxes(root)
    edges = _edges(root)
    assert sorted((u, v) for u, v, _ in edges) == sorted(fp.chain_graph(dongkou, chain).edges)
    ends: dict[tuple[str, str], list[float]] = {}
    for u, v, points in edges:
        (x1, y1), (x2, y2) = points[0], points[-1]
        start, end = _side(boxes[u], x1, y1), _side(boxes[v], x2, y2)
        assert start in ("L", "R", "B") and end == "L", (u, v, start, end)
        ends.setdefault((u, start), []).append(y1 if start != "B" else x1)
        ends.setdefault((v, end), []).append(y2)
    for (node, side), at in ends.items():
        at.sort()
        # no two edges share a point on a side: one can follow each edge to its box
        assert all(b - a >= 4 for a, b in itertools.pairwise(at)), (node, side, at)


@pytest.mark.parametrize("chain", DONGKOU_CHAINS)
def test_no_edge_runs_against_the_flow(dongkou: fp.Plan, chain: str) -> None:
    root = ET.fromstring(fp.chain_to_svg(dongkou, chain))
    boxes = _boxes(root)
    stages = {n: s for n, s in fp.chain_graph(dongkou, chain).nodes(data="stage")}
    d = {(p.get("data-from"), p.get("data-to")): p.get("d", "") for p in root.iter(f"{SVG_NS}path")}
    for u, v, points in _edges(root):
        # it enters its box rightward: the curve's last control point (or the line's last
        # point) is level with its end, to the left
        (xa, ya), (xb, yb) = points[-2], points[-1]
        assert xb > xa, (u, v)
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", d[u, v].rsplit("C", 1)[-1])]
        if len(numbers) == 6:
            assert numbers[2] < xb and numbers[3] == yb, (u, v)
        else:
            assert abs(yb - ya) < 0.01, (u, v)
        main_flow = fp.Stage.SERVICES not in (stages[u], stages[v])
        if main_flow and _side(boxes[u], *points[0]) == "L":
            # in the main flow an edge leaves a box on its left only to stay in the column,
            # as a short arc beside it
            assert boxes[u][0] == boxes[v][0]
            assert all(boxes[u][0] - 40 <= x <= boxes[u][0] for x, _ in points)
    # every arrowhead points right, so a box's arrowheads are all on its left side
    for polygon in root.iter(f"{SVG_NS}polygon"):
        (tip, _), (base, _), _ = (
            tuple(map(float, p.split(","))) for p in polygon.get("points", "").split()
        )
        assert tip > base
    # 配套服务 is a band above the main flow, not a column to the right of 下游
    services = [b for n, b in boxes.items() if stages[n] is fp.Stage.SERVICES]
    main = [b for n, b in boxes.items() if stages[n] is not fp.Stage.SERVICES]
    assert services and max(y + h for _, y, _, h in services) < min(y for _, y, _, _ in main)


@pytest.mark.parametrize("chain", DONGKOU_CHAINS)
def test_crossings_stay_down(dongkou: fp.Plan, chain: str) -> None:
    svg = fp.chain_to_svg(dongkou, chain)
    drawn = chain_render.map_crossings(svg)
    assert drawn <= CROSSINGS[chain]
    # the ordering is what keeps them down: the segments in their plain order cross more
    graph = fp.chain_graph(dongkou, chain)
    plain = chain_render._cached_order(chain_render._order_key(graph))[0]
    plain = attrs.evolve(
        plain,
        columns=tuple(tuple(chain_render._stage_order(graph, s)) for s in plain.stages),
        band=tuple(chain_render._stage_order(graph, fp.Stage.SERVICES)),
    )
    analysis = fp.gap_analysis(dongkou, chain)
    unordered = chain_render._map_svg(dongkou, graph, analysis, order=plain)
    assert chain_render.map_crossings(unordered) >= drawn


def test_map_crossings_counts_points_where_unrelated_edges_meet() -> None:
    def svg(*paths: tuple[str, str, str]) -> str:
        body = "".join(f'<path d="{d}" data-from="{u}" data-to="{v}"/>' for u, v, d in paths)
        return f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>'

    cross = ("a", "b", "M0,0 L10,10"), ("c", "d", "M0,10 L10,0")
    assert chain_render.map_crossings(svg(*cross)) == 1
    # edges of one segment may meet (at their box): not a crossing
    assert (
        chain_render.map_crossings(svg(("a", "b", "M0,0 L10,10"), ("a", "d", "M0,10 L10,0"))) == 0
    )
    assert chain_render.map_crossings(svg(("a", "b", "M0,0 L10,0"), ("c", "d", "M0,5 L10,5"))) == 0
    # a curve crossing a line twice
    twice = ("a", "b", "M0,0 C10,20 20,-20 30,0"), ("c", "d", "M-5,0 L35,0.5")
    assert chain_render.map_crossings(svg(*twice)) >= 1


def _fonts(svg: str) -> tuple[float, list[float]]:
    root = ET.fromstring(svg)
    return float(root.get("width", "")), [
        float(t.get("font-size", "")) for t in root.iter(f"{SVG_NS}text")
    ]


@pytest.mark.parametrize("chain", DONGKOU_CHAINS)
def test_the_map_prints_legibly_on_a4(dongkou: fp.Plan, chain: str) -> None:
    # A4's text width (210 mm less 12 mm margins each side) is 527 pt; a map as wide as the
    # page's text shows MIN_FONT user units at MIN_FONT * 527 / width pt
    assert chain_render.MIN_FONT * 527.2 / chain_render.MAX_WIDTH >= 8
    width, sizes = _fonts(fp.chain_to_svg(dongkou, chain))
    assert width <= chain_render.MAX_WIDTH and min(sizes) >= chain_render.MIN_FONT


@pytest.mark.parametrize("template", sorted(fp.standard_templates()))
def test_every_library_template_prints_legibly_on_a4(template: str) -> None:
    svg = fp.template_to_svg(fp.standard_template(template))
    width, sizes = _fonts(svg)
    assert width <= chain_render.MAX_WIDTH and min(sizes) >= chain_render.MIN_FONT


def test_a_long_name_stays_whole_and_is_narrowed_to_its_box() -> None:
    name = "电子加工与组装（SMT贴片、EMS代工）及其他很长的环节名称"
    t = fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("a", "b")],
        segments=[
            fp.Segment(id="a", name=name, stage="upstream"),
            fp.Segment(id="b", name="B", stage="downstream"),
        ],
    )
    plan = fp.Plan(
        id="x", region="县", title="t", start_year=2021, end_year=2025,
        templates=[t], chains=[fp.Chain(id="c", name="链", template="t")],
    )  # fmt: skip
    root = ET.fromstring(fp.chain_to_svg(plan, "c"))
    (text,) = [e for e in root.iter(f"{SVG_NS}text") if e.text == name]
    box = _boxes(root)["a"]
    assert float(text.get("textLength", "")) <= box[2] - 8
    assert text.get("lengthAdjust") == "spacingAndGlyphs"
    short = next(e for e in root.iter(f"{SVG_NS}text") if e.text == "B")
    assert short.get("textLength") is None


@pytest.mark.parametrize("chain", DONGKOU_CHAINS)
def test_mermaid_keeps_stage_order_and_the_maps_order(dongkou: fp.Plan, chain: str) -> None:
    text = fp.chain_to_mermaid(dongkou, chain)
    stages = [fp.Stage(s) for s in re.findall(r"subgraph stage_(\w+)\[", text)]
    assert stages == sorted(stages, key=list(fp.Stage).index)
    assert text.count("subgraph ") == text.count("\n  end\n") == len(stages)
    # within each stage, the segments top to bottom as on the map (left to right in the band)
    boxes = _boxes(ET.fromstring(fp.chain_to_svg(dongkou, chain)))
    ids = {f"s_{n}": n for n in boxes}
    for block in re.findall(r"subgraph stage_\w+\[.*?\n(.*?)\n  end", text, flags=re.S):
        nodes = [ids[m] for m in re.findall(r"^\s+(s_\w+)\[", block, flags=re.M)]
        assert nodes == sorted(nodes, key=lambda n: (boxes[n][1], boxes[n][0]))
    assert len(re.findall(r" --> ", text)) == fp.chain_graph(dongkou, chain).number_of_edges()


@st.composite
def _chains(draw: st.DrawFn) -> fp.Plan:
    """A plan with one chain of up to nine segments in any stages, any acyclic edges (between
    any stages, against the flow too)."""
    n = draw(st.integers(1, 9))
    stages = draw(st.lists(st.sampled_from(list(fp.Stage)), min_size=n, max_size=n))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=14)) if pairs else []
    t = fp.ChainTemplate(
        id="t",
        name="模板",
        segments=[
            fp.Segment(id=f"s{i}", name=f"环节{i}", stage=s, core=i == 0)
            for i, s in enumerate(stages)
        ],
        edges=[(f"s{i}", f"s{j}") for i, j in edges],
    )
    return fp.Plan(
        id="x", region="县", title="t", start_year=2021, end_year=2025,
        templates=[t], chains=[fp.Chain(id="c", name="链", template="t")],
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(plan=_chains())
def test_any_chain_is_drawn_with_ports_of_its_own_and_every_edge_entering_on_the_left(
    plan: fp.Plan,
) -> None:
    root = ET.fromstring(fp.chain_to_svg(plan, "c"))
    boxes = _boxes(root)
    edges = _edges(root)
    assert sorted((u, v) for u, v, _ in edges) == sorted(fp.chain_graph(plan, "c").edges)
    ends: dict[tuple[str, str], list[float]] = {}
    for u, v, points in edges:
        (x1, y1), (x2, y2) = points[0], points[-1]
        start, end = _side(boxes[u], x1, y1), _side(boxes[v], x2, y2)
        assert start in ("L", "R", "B") and end == "L", (u, v, start, end)
        assert points[-2][0] < x2
        ends.setdefault((u, start), []).append(y1 if start != "B" else x1)
        ends.setdefault((v, end), []).append(y2)
    for at in ends.values():
        at.sort()
        assert all(b - a >= 4 for a, b in itertools.pairwise(at))
    for polygon in root.iter(f"{SVG_NS}polygon"):
        tip, base = (float(p.split(",")[0]) for p in polygon.get("points", "").split()[:2])
        assert tip > base
    # no box overlaps another
    rects = sorted(boxes.values())
    for i, (x, y, w, h) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_exports_show_a_segment_another_chain_supplies_as_linked_not_missing() -> None:
    # issue 16 left this out: GraphML, node-link and Mermaid read the own-firm graph, so
    # Dongkou's 食品包装材料 (supplied by 特色轻工's 纸箱纸品包装) showed as 缺失
    import io

    import networkx as nx

    plan = fp.load("dongkou")
    graph = nx.read_graphml(io.StringIO(fp.chain_to_graphml(plan, "food")))
    node = graph.nodes["food_packaging"]
    assert (node["status"], node["status_label"], node["linked"]) == (
        "linked",
        "链间供给",
        "light_industry.packaging_printing",
    )
    data = fp.chain_to_node_link(plan, "food")
    (linked,) = [n for n in data["nodes"] if n["status"] == "linked"]
    assert (linked["id"], linked["linked"]) == (
        "food_packaging",
        ["light_industry.packaging_printing"],
    )
    assert '"食品包装材料"]:::linked' in fp.chain_to_mermaid(plan, "food")
    # every export agrees with the analysis, segment by segment
    analysis = {r.id: r.status.value for r in fp.gap_analysis(plan, "food").segments}
    assert {n: d["status"] for n, d in graph.nodes(data=True)} == analysis
