"""A chain drawn or exported: GraphML, node-link JSON, Mermaid and a standalone SVG.

All four start from :func:`~fyp_planning.chain_graph` (segments laid with local presence) and
are deterministic: nodes and edges in sorted order, the same text for the same plan.

The SVG is self-contained: no scripts, no external fonts, stylesheets, images or links (its only
URI is the SVG namespace declaration, ``xmlns="http://www.w3.org/2000/svg"``, which a browser
needs to render the file); Chinese text is in ``<text>`` elements with
a font list of the common Chinese UI fonts ending in ``sans-serif``, so the viewer's own CJK fonts
draw it. Arrowheads are drawn as
polygons rather than ``marker-end="url(#…)"`` references.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import attrs
import networkx as nx

from ..chains.gaps import ChainAnalysis, Gap, gap_analysis
from ..chains.graph import chain_graph
from ..model.entities import Chain, ChainTemplate
from ..model.enums import SegmentNature, SegmentStatus, Stage, _Labelled
from ..model.plan import Plan
from .escape import mermaid_label, xml_safe, xml_text
from .svg import Svg

__all__ = [
    "chain_to_graphml",
    "chain_to_mermaid",
    "chain_to_node_link",
    "chain_to_svg",
    "template_to_svg",
]

#: Fill and stroke per segment status, and the text colour on the fill.
STATUS_COLOURS: dict[SegmentStatus, tuple[str, str]] = {
    SegmentStatus.STRONG: ("#66bb6a", "#1b5e20"),
    SegmentStatus.PRESENT: ("#b3e5fc", "#01579b"),
    SegmentStatus.WEAK: ("#ffe082", "#e65100"),
    SegmentStatus.LINKED: ("#e0f2f1", "#00796b"),
    SegmentStatus.MISSING: ("#f5f5f5", "#9e9e9e"),
}
#: Fill and stroke of a template's segment by its nature (firms, resource, infrastructure).
NATURE_COLOURS: dict[SegmentNature, tuple[str, str]] = {
    SegmentNature.INDUSTRY: ("#e3f2fd", "#1565c0"),
    SegmentNature.RESOURCE: ("#e8f5e9", "#2e7d32"),
    SegmentNature.INFRASTRUCTURE: ("#eeeeee", "#616161"),
}


def _firm_names(plan: Plan, graph: nx.DiGraph[str]) -> dict[str, str]:
    """The names of the firms on the chain's graph, by id (a chain costs the same in a plan of
    any size)."""
    ids = {i for _, firms in graph.nodes(data="enterprises") for i in firms or ()}
    return {i: plan.enterprise(i).name for i in ids}


#: A chain to draw or export: its finished analysis (used as it is), or the chain, its id or
#: its Chinese name (then analysed once).
AnyChain = Chain | str | ChainAnalysis


def _analysed(
    plan: Plan, chain: AnyChain
) -> tuple[nx.DiGraph[str], ChainAnalysis, dict[str, tuple[SegmentStatus, tuple[str, ...]]]]:
    """The chain's graph, its analysis, and each segment's status as the analysis gives it — a
    segment another local chain supplies is 链间供给 (linked), not 缺失 — with the segments
    that supply it: the one reading every drawing and export of a chain shares."""
    analysis = chain if isinstance(chain, ChainAnalysis) else gap_analysis(plan, chain)
    graph = chain_graph(plan, analysis.chain)
    return graph, analysis, {r.id: (r.status, r.linked) for r in analysis.segments}


def _plain_graph(plan: Plan, chain: AnyChain, *, join: bool) -> nx.DiGraph[str]:
    """The chain graph with scalar (or, unless ``join``, list) attributes only."""
    graph, _, statuses = _analysed(plan, chain)
    names = _firm_names(plan, graph)
    out: nx.DiGraph[str] = nx.DiGraph()
    out.graph.update({k: ("" if v is None else str(v)) for k, v in sorted(graph.graph.items())})
    for node, data in sorted(graph.nodes.items()):
        ids = list(data["enterprises"])
        firms = [names.get(i, i) for i in ids]
        out.add_node(
            node,
            name=data["name"],
            stage=data["stage"].value,
            stage_label=data["stage"].label,
            core=bool(data["core"]),
            enterprises=", ".join(ids) if join else ids,
            enterprise_names=", ".join(firms) if join else firms,
        )
        status, linked = statuses.get(node, (data["status"], ()))
        out.nodes[node].update(
            status=status.value,
            status_label=status.label,
            linked=", ".join(linked) if join else list(linked),
        )
    out.add_edges_from(sorted(graph.edges))
    return out


def chain_to_graphml(plan: Plan, chain: AnyChain) -> str:
    """A chain's graph as GraphML text (for Gephi, yEd, Cytoscape). ``chain`` is the chain's
    finished :class:`~fyp_planning.ChainAnalysis`, or the chain, its id or its Chinese name
    (then analysed here, once), as for :func:`chain_to_svg`.

    Node attributes are GraphML scalars: ``name``, ``stage`` / ``stage_label``, ``core``,
    ``enterprises`` and ``enterprise_names`` (joined with ``", "``), ``status`` /
    ``status_label`` (as the gap analysis gives them: a segment another local chain supplies
    is ``linked`` 链间供给) and ``linked`` (the supplying segments, ``chain.segment``, joined);
    the graph carries ``chain``, ``name`` and ``template``. Characters XML
    cannot carry (control characters) are replaced with U+FFFD, so the file always parses.

    Examples:
        >>> import io, networkx as nx
        >>> from fyp_planning import Chain, ChainTemplate, Plan, Segment, chain_to_graphml
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             chains=[Chain(id="c", name="示例链", template="t")])
        >>> g = nx.read_graphml(io.StringIO(chain_to_graphml(plan, "c")))
        >>> list(g.edges), g.nodes["raw"]["status_label"]
        ([('raw', 'made')], '缺失')
    """
    graph = _plain_graph(plan, chain, join=True)
    # networkx's writer escapes markup; characters XML cannot carry at all are ours to replace
    graph.graph.update({k: xml_safe(v) for k, v in graph.graph.items()})
    for _, data in graph.nodes(data=True):
        data.update({k: xml_safe(v) for k, v in data.items() if isinstance(v, str)})
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def chain_to_node_link(plan: Plan, chain: AnyChain) -> dict[str, Any]:
    """A chain's graph as node-link data (``networkx.node_link_data``), ready for JSON.

    Nodes carry the attributes of :func:`chain_to_graphml`, with ``enterprises`` and
    ``enterprise_names`` as lists; edges are under ``"links"``.

    Examples:
        >>> from fyp_planning import Chain, ChainTemplate, Plan, Segment, chain_to_node_link
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             chains=[Chain(id="c", name="示例链", template="t")])
        >>> data = chain_to_node_link(plan, "c")
        >>> [n["id"] for n in data["nodes"]], data["links"]
        (['made', 'raw'], [{'source': 'raw', 'target': 'made'}])
    """
    return nx.node_link_data(_plain_graph(plan, chain, join=False), edges="links")


def _mermaid_id(node: str, used: set[str]) -> str:
    base = "s_" + "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == "_") else "_" for ch in node
    )
    out, i = base, 2
    while out in used:
        out, i = f"{base}_{i}", i + 1
    used.add(out)
    return out


def chain_to_mermaid(plan: Plan, chain: AnyChain) -> str:
    """A chain as a Mermaid flowchart (``flowchart LR``), one subgraph per stage in stage order
    (上游, 中游, 下游, 配套服务), the segments and edges in the order of :func:`chain_to_svg`'s
    map (the one with the fewest crossings found), so that Mermaid's layout starts from it.

    Node ids are ``s_`` plus the segment id's ASCII letters, digits and ``_`` (never other text
    of the plan, and no Mermaid keyword); labels are the Chinese segment name and, on a second
    line, its local firms, quoted by :func:`~fyp_planning.render.escape.mermaid_label` (a name
    cannot end its label or start a statement). Nodes are classed by their status in the gap
    analysis — ``strong`` / ``present`` / ``weak`` / ``linked`` / ``missing`` — with a
    ``classDef`` colour each.

    Examples:
        >>> from fyp_planning import Chain, ChainTemplate, Plan, Segment, chain_to_mermaid
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             chains=[Chain(id="c", name="示例链", template="t")])
        >>> print(chain_to_mermaid(plan, "c"))  # doctest: +ELLIPSIS
        flowchart LR
          %% 示例链（c）
          subgraph stage_upstream["上游"]
            s_raw["原料"]:::missing
          end
          subgraph stage_downstream["下游"]
            s_made["制品"]:::missing
          end
          s_raw --> s_made
          classDef strong ...
    """
    graph, analysis, statuses = _analysed(plan, chain)
    names = _firm_names(plan, graph)
    used: set[str] = set()
    ids = {node: _mermaid_id(node, used) for node in sorted(graph)}
    order = _drawn_order(plan, graph, analysis)
    placed = {
        n: (order.stages.index(stage) if stage in order.stages else len(order.stages), row)
        for stage, nodes in zip(order.stages, order.columns, strict=True)
        for row, n in enumerate(nodes)
    } | {n: (len(order.stages), row) for row, n in enumerate(order.band)}
    lines = [
        "flowchart LR",
        f"  %% {mermaid_label(graph.graph['name'])}（{mermaid_label(graph.graph['chain'])}）",
    ]
    stages = _stages(graph)
    for stage in Stage:
        nodes = sorted((n for n in graph if stages[n] is stage), key=placed.__getitem__)
        if not nodes:
            continue
        lines.append(f'  subgraph stage_{stage.value}["{stage.label}"]')
        for node in nodes:
            data = graph.nodes[node]
            label = mermaid_label(data["name"])
            firms = [names.get(i, i) for i in data["enterprises"]]
            if firms:
                label += "<br/>" + mermaid_label("、".join(firms))
            status = statuses.get(node, (data["status"], ()))[0]
            lines.append(f'    {ids[node]}["{label}"]:::{status.value}')
        lines.append("  end")
    for u, v in sorted(graph.edges, key=lambda e: (placed[e[0]], placed[e[1]])):
        lines.append(f"  {ids[u]} --> {ids[v]}")
    for status, (fill, stroke) in STATUS_COLOURS.items():
        dash = ",stroke-dasharray:4 3" if status is SegmentStatus.MISSING else ""
        lines.append(f"  classDef {status.value} fill:{fill},stroke:{stroke},color:#000{dash}")
    return "\n".join(lines) + "\n"


def _stages(graph: nx.DiGraph[str]) -> dict[str, Stage]:
    """Each segment's stage, by segment id (read through the node attributes, which networkx's
    type stubs cannot type per key)."""
    return {n: graph.nodes[n]["stage"] for n in graph}


def _stage_order(graph: nx.DiGraph[str], stage: Stage) -> list[str]:
    """A stage's segments top to bottom: by topological generation within the stage, then id."""
    nodes = sorted(n for n, s in _stages(graph).items() if s is stage)
    sub = graph.subgraph(nodes)
    return [n for generation in nx.topological_generations(sub) for n in sorted(generation)]


# -- layout: the order of the segments (shared by the SVG and the Mermaid export) -------------


@attrs.frozen
class _Order:
    """Where each segment goes: the main flow's columns (上游 → 中游 → 下游, each top to bottom)
    and the 配套服务 band above them (left to right)."""

    stages: tuple[Stage, ...]
    columns: tuple[tuple[str, ...], ...]
    band: tuple[str, ...]
    #: The band packed to the right, past the column its edges mostly go to (narrower boxes),
    #: rather than under the columns.
    packed: bool = False


#: Barycentre sweeps made before the best order found is kept.
_SWEEPS = 6
#: Orders drawn to find the one whose map has the fewest crossings.
_CANDIDATES = 4


def _order_cost(graph: nx.DiGraph[str], columns: list[list[str]], band: dict[str, float]) -> int:
    """A cheap estimate of the crossings of an order (``band``: each 配套服务 segment's centre,
    in columns): edges between the same two columns that swap places; a services edge into a
    box below a box fed from the left (the service's track passes that edge); two services
    edges into one column from either side of it, the one from the left into the higher box;
    same-column links passing boxes (and the edges into them)."""
    where = {n: (c, i) for c, col in enumerate(columns) for i, n in enumerate(col)}
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    fed_from_left: dict[int, list[int]] = {}
    from_band: dict[int, list[tuple[int, bool, str]]] = {}
    inputs = {n: graph.in_degree(n) for n in where}
    cost = 0
    for u, v in graph.edges:
        if u in band and v in where:
            col, row = where[v]
            from_band.setdefault(col, []).append((row, band[u] < col, u))
        if u not in where or v not in where:
            continue
        (cu, iu), (cv, iv) = where[u], where[v]
        if cu == cv:
            lo, hi = sorted((iu, iv))
            cost += hi - lo - 1 + sum(inputs[n] for n in columns[cu][lo + 1 : hi])
        elif cu < cv:
            spans.setdefault((cu, cv), []).append((iu, iv))
            fed_from_left.setdefault(cv, []).append(iv)
    for pairs in spans.values():
        cost += sum(
            1 for k, (a, b) in enumerate(pairs) for c, d in pairs[k + 1 :] if (a - c) * (b - d) < 0
        )
    for col, ins in from_band.items():
        cost += sum(1 for r, _, _ in ins for w in fed_from_left.get(col, ()) if w < r)
        cost += sum(
            1
            for r1, left1, s1 in ins
            for r2, left2, s2 in ins
            if left1 and not left2 and s1 != s2 and r1 < r2
        )
    return cost


def _band_centres(band: Sequence[str], ncol: int) -> dict[str, float]:
    """Where each band segment's centre falls, in columns (under the columns when it fits)."""
    if len(band) <= ncol:
        return {n: j + 0.5 for j, n in enumerate(band)}
    return {n: (j + 0.5) * ncol / len(band) for j, n in enumerate(band)}


def _order_key(
    graph: nx.DiGraph[str],
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """What a chain's order depends on: its segments with their stages, and its edges."""
    return (
        tuple(sorted((n, s.value) for n, s in _stages(graph).items())),
        tuple(sorted(graph.edges)),
    )


def _drawn_order(plan: Plan, graph: nx.DiGraph[str], analysis: ChainAnalysis) -> _Order:
    """The order :func:`chain_to_svg` draws a chain in (drawing it once if not yet drawn)."""
    order = _CHOSEN.get(_order_key(graph))
    if order is None:
        _map_svg(plan, graph, analysis)
        order = _CHOSEN[_order_key(graph)]
    return order


#: The order drawn for each chain (by :func:`_order_key`): the candidate whose map has the
#: fewest crossings, found once.
_CHOSEN: dict[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], _Order] = {}


@functools.lru_cache(maxsize=256)
def _cached_order(
    key: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]],
) -> tuple[_Order, ...]:
    """The segments' orders worth drawing: for each order of the 配套服务 band (every one up to four
    segments), a few barycentre sweeps over the main columns (each segment moved toward the
    mean row of its neighbours, the band counting as above the top row); the order with the
    fewest estimated crossings are kept (at most :data:`_CANDIDATES`, fewest first)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from((n, {"stage": Stage(s)}) for n, s in key[0])
    graph.add_edges_from(key[1])
    stages = _stages(graph)
    present = [s for s in Stage if s in set(stages.values())]
    main = [s for s in present if s is not Stage.SERVICES] or present
    services = _stage_order(graph, Stage.SERVICES) if Stage.SERVICES not in main else []
    first = [_stage_order(graph, s) for s in main]
    col_of = {n: c for c, col in enumerate(first) for n in col}
    orders = list(itertools.permutations(services)) if len(services) <= 4 else [tuple(services)]
    candidates: list[tuple[int, int, list[list[str]], tuple[str, ...]]] = []
    for band in orders:
        centres = _band_centres(band, len(first))
        columns = [list(c) for c in first]
        found, found_cost = [list(c) for c in columns], _order_cost(graph, columns, centres)
        for sweep in range(_SWEEPS):
            forward = sweep % 2 == 0
            for c in range(len(columns)) if forward else reversed(range(len(columns))):
                index = {n: i for col in columns for i, n in enumerate(col)}

                def centre(
                    node: str,
                    c: int = c,
                    index: dict[str, int] = index,
                    fw: bool = forward,
                    centres: dict[str, float] = centres,
                ) -> tuple[float, int]:
                    rows = [
                        -1.0 if m in centres else float(index[m])
                        for m in (*graph.predecessors(node), *graph.successors(node))
                        if m in centres
                        or (m in col_of and (col_of[m] == c or (col_of[m] < c) == fw))
                    ]
                    here = index[node]
                    return (sum(rows) / len(rows) if rows else float(here), here)

                columns[c] = sorted(columns[c], key=centre)
            cost = _order_cost(graph, columns, centres)
            if cost < found_cost:
                found, found_cost = [list(c) for c in columns], cost
        candidates.append((found_cost, len(candidates), found, band))
    return tuple(
        _Order(stages=tuple(main), columns=tuple(tuple(c) for c in cols), band=band)
        for _, _, cols, band in sorted(candidates)[:_CANDIDATES]
    )


# -- SVG ------------------------------------------------------------------------------------

#: Common Chinese UI fonts first (Windows, macOS, Linux), then the generic family.
_FONT = (
    'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, '
    'WenQuanYi Micro Hei, sans-serif"'
)
#: The smallest text on a map (user units): at most :data:`MAX_WIDTH` wide, a map printed at
#: the width of an A4 page's text (186 mm, 12 mm margins) keeps it at 8 pt or more.
MIN_FONT = 13
#: The widest a map is drawn (user units), so that :data:`MIN_FONT` prints at 8 pt or more.
MAX_WIDTH = 850
_BOX_W, _BOX_H, _ROW_H = 190, 48, 82
#: The least room between two columns, at the left and right edge, and between two tracks.
_GAP, _EDGE, _STEP = 56, 14, 5
#: The corner radius of an edge that turns along tracks and lanes.
_BEND = 5
#: The frame and text of a highlighted gap.
_FOCUS = "#c62828"
_SVG = "{http://www.w3.org/2000/svg}"


def _em(text: str) -> float:
    """The width of ``text`` in ems (a CJK or full-width character 1, anything else 0.6)."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text)


def _t(x: float, y: float, text: str, size: int = MIN_FONT, fit: float = 0, **attrs: str) -> str:
    """A ``<text>``; given ``fit`` (a width), one too wide for it is narrowed to that width."""
    if fit and _em(text) * size * (1.05 if attrs.get("font_weight") == "bold" else 1) > fit:
        attrs = {**attrs, "textLength": f"{fit:g}", "lengthAdjust": "spacingAndGlyphs"}
    extra = "".join(
        f' {k if k[0].islower() and not k.islower() else k.replace("_", "-")}="{xml_text(v)}"'
        for k, v in attrs.items()
    )
    return f'<text x="{x:g}" y="{y:g}" {_FONT} font-size="{size}"{extra}>{xml_text(text)}</text>'


def _arrow(x: float, y: float) -> str:
    """An arrowhead ending at ``(x, y)``, pointing right (into a box's left side)."""
    return f'<polygon points="{x:g},{y:g} {x - 8:g},{y - 4:g} {x - 8:g},{y + 4:g}" fill="#555"/>'


def _short(firms: list[str], limit: int = 13, word: str = "家") -> str:
    """The names joined, or as many as fit ``limit`` characters and ``等N家`` (``word``)."""
    text = "、".join(firms)
    if len(text) <= limit:
        return text
    out = ""
    for i, f in enumerate(firms):
        if len(out) + len(f) + 1 > limit - 4:
            return f"{out}等{len(firms)}{word}" if out else f"{f[: limit - 4]}…等{len(firms)}{word}"
        out = f if i == 0 else f"{out}、{f}"
    return out


def _rounded(points: list[tuple[float, float]]) -> str:
    """An orthogonal polyline as path data, its corners rounded (radius :data:`_BEND`)."""
    pts = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    d = [f"M{pts[0][0]:g},{pts[0][1]:g}"]
    for i in range(1, len(pts) - 1):
        (ax, ay), (bx, by), (cx, cy) = pts[i - 1], pts[i], pts[i + 1]
        r1 = min(_BEND, abs(bx - ax) + abs(by - ay)) / max(abs(bx - ax) + abs(by - ay), 1e-9)
        r2 = min(_BEND, abs(cx - bx) + abs(cy - by)) / max(abs(cx - bx) + abs(cy - by), 1e-9)
        sx, sy = bx + (ax - bx) * r1, by + (ay - by) * r1
        ex, ey = bx + (cx - bx) * r2, by + (cy - by) * r2
        d.append(f"L{sx:g},{sy:g} C{bx:g},{by:g} {bx:g},{by:g} {ex:g},{ey:g}")
    d.append(f"L{pts[-1][0]:g},{pts[-1][1]:g}")
    return " ".join(d)


@attrs.define
class _Route:
    """An edge drawn through the corridor between the 配套服务 band and the main flow: up or
    down from ``x1`` (toward ``side1``), along its lane, then toward ``side2`` at ``x2``."""

    edge: tuple[str, str]
    x1: float
    side1: str
    x2: float
    side2: str
    lane: int = 0


def _lane_crossings(a: _Route, b: _Route) -> int:
    """The crossings of two corridor routes: a lane passing the other's vertical run."""
    n = 0
    for h, o in ((a, b), (b, a)):
        lo, hi = sorted((h.x1, h.x2))
        for x, side in ((o.x1, o.side1), (o.x2, o.side2)):
            if lo < x < hi and ((side == "band") == (h.lane < o.lane)):
                n += 1
    return n


def _order_lanes(routes: list[_Route]) -> None:
    """Give each corridor route its own lane (0 nearest the band), ordered by adjacent swaps
    while they remove crossings."""

    def total() -> int:
        return sum(_lane_crossings(a, b) for i, a in enumerate(routes) for b in routes[i + 1 :])

    for i, r in enumerate(routes):
        r.lane = i
    best = total()
    for _ in range(len(routes)):
        improved = False
        for i in range(len(routes) - 1):
            a, b = sorted((r for r in routes if r.lane in (i, i + 1)), key=lambda r: r.lane)
            a.lane, b.lane = b.lane, a.lane
            now = total()
            if now < best:
                best, improved = now, True
            else:
                a.lane, b.lane = b.lane, a.lane
        if not improved:
            break


def chain_to_svg(plan: Plan, chain: AnyChain, *, highlight: Gap | None = None) -> str:
    """A chain as a standalone SVG map: 上游 → 中游 → 下游 left to right, one column per stage,
    配套服务 as a band above them, one box per segment.

    Boxes are coloured by status (legend at the top: 强/已有/薄弱/缺失; core segments have a
    thicker border), with the local firms under the segment's name and, below the box (above
    it in the band), the gap action from :func:`~fyp_planning.gap_analysis`
    (``延链（向上游） #3``). Supply edges end in arrowheads, each at a port of its own on the
    left side of its box (so one can follow each edge to its supplier); they leave a box on its
    right side (a band box on its bottom), links within a column are short arcs beside it, and
    edges from or to the band, or against the flow, run on lanes and tracks of their own. The
    segments' order within columns and along the band is chosen to keep crossings down
    (barycentre sweeps; of the best few orders, the one whose drawing crosses least). Text is
    never smaller than 13 units and the map at most 850 wide, so on A4 it prints at 8 pt or
    more (a name too long for its box is narrowed to fit). The title gives the chain's Chinese
    name and its completeness. All text is XML-escaped.

    Given ``highlight``, one of the chain's gaps, the map picks it out (the chain page of the
    documentation draws each action so): its segment — for a chain-level 建链, the core
    segments it lists — framed in red, its action label in bold red, the other gaps' labels
    in grey, and a second legend line naming it (``红框：本图所示缺口 补链「分拣初加工」，第1位``).

    Args:
        plan: The plan.
        chain: The chain's finished :class:`~fyp_planning.ChainAnalysis` (drawn as it is), or
            the chain, its id or its Chinese name (then analysed here, once).
        highlight: A gap of that analysis to pick out; ``None`` (the default) picks none.

    Raises:
        KeyError: no such chain.
        ValueError: ``highlight`` is not one of the chain's gaps.

    Examples:
        >>> import xml.etree.ElementTree as ET
        >>> from fyp_planning import (Chain, ChainTemplate, Plan, Segment, chain_to_svg,
        ...                           gap_analysis)
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             chains=[Chain(id="c", name="示例链", template="t")])
        >>> root = ET.fromstring(chain_to_svg(plan, "c"))
        >>> texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
        >>> "示例链产业链图谱 · 完整度 0%" in texts, "原料" in texts, "建链 #2" in texts
        (True, True, True)
        >>> chain_to_svg(plan, gap_analysis(plan, "c")) == chain_to_svg(plan, "c")
        True
        >>> result = gap_analysis(plan, "c")
        >>> root = ET.fromstring(chain_to_svg(plan, result, highlight=result.gaps[1]))
        >>> [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")
        ...  if e.get("font-weight") == "bold" and "#" in e.text]
        ['建链 #2']
    """
    graph, analysis, _ = _analysed(plan, chain)
    if highlight is not None and highlight not in analysis.gaps:
        raise ValueError(
            f"highlight: not a gap of chain {analysis.chain!r}: {highlight.label} "
            f"{highlight.segment or highlight.name!r}"
        )
    return _map_svg(plan, graph, analysis, highlight=highlight)


def _map_svg(
    plan: Plan,
    graph: nx.DiGraph[str],
    analysis: ChainAnalysis,
    template: ChainTemplate | None = None,
    *,
    highlight: Gap | None = None,
    order: _Order | None = None,
) -> str:
    """The map of a chain (its firms, statuses and gap actions) or, given its ``template``, of a
    reference template alone (each segment's nature and typical products; no firms, no
    completeness, no actions); ``highlight``: one of the analysis's gaps, picked out;
    ``order``: where each segment goes (by default the candidate order whose map has the fewest
    crossings).

    The main flow runs left to right, one column per stage; 配套服务 is a band above it. Every
    edge ends on the left side of its box, each at a port of its own; edges leave a main box on
    its right side, a band box on its bottom. Edges between the band and the main flow, and
    any edge running against the flow, run along lanes of their own in the corridor between
    the band and the flow and along tracks of their own between the columns."""
    names = _firm_names(plan, graph)
    chain_names = {c.id: c.name for c in plan.chains}  # of the chains a linked segment names
    focus = (
        set(highlight.segments) | ({highlight.segment} if highlight.segment else set())
        if highlight is not None
        else set()
    )
    segments = {s.id: s for s in template.segments} if template is not None else {}
    gaps = {g.segment: g for g in analysis.gaps if g.segment is not None}
    reports = {r.id: r for r in analysis.segments}  # the analysis's statuses (links included)
    if order is None:
        order_key = _order_key(graph)
        order = _CHOSEN.get(order_key)
        if order is None:
            candidates = _cached_order(order_key)
            if candidates[0].band:
                candidates = tuple(o for c in candidates for o in (c, attrs.evolve(c, packed=True)))
            order = candidates[0]
            if len(candidates) > 1:
                drawn = [
                    map_crossings(_map_svg(plan, graph, analysis, template, order=o))
                    for o in candidates
                ]
                order = candidates[drawn.index(min(drawn))]
            if len(_CHOSEN) >= 256:
                _CHOSEN.clear()
            _CHOSEN[order_key] = order
    columns, band = order.columns, order.band
    col_of = {n: c for c, col in enumerate(columns) for n in col}
    row_of = {n: r for col in columns for r, n in enumerate(col)}
    ncol = len(columns)
    edges = sorted(graph.edges)

    # which way each edge goes
    forward = [(u, v) for u, v in edges if u in col_of and v in col_of and col_of[u] < col_of[v]]
    same = [(u, v) for u, v in edges if u in col_of and v in col_of and col_of[u] == col_of[v]]
    routed = [e for e in edges if e not in set(forward) | set(same)]

    # ports: (box, side) -> edges in order; keys place each end toward where the edge comes from
    def centre(node: str) -> float:
        return -1e6 if node in band else float(row_of[node])

    sides: dict[tuple[str, str], list[tuple[tuple[float, float], tuple[str, str]]]] = {}
    for u, v in edges:
        if v in band:
            key_in: tuple[float, float] = (col_of.get(u, -1), row_of.get(u, 0))
        elif (u, v) in routed:
            key_in = (-1e6, -(band.index(u) if u in band else -col_of[u]))
        else:
            key_in = (centre(u), 0)
        sides.setdefault((v, "L"), []).append((key_in, (u, v)))
        if u in band:
            continue  # the band's bottom ports follow the tracks, below
        if (u, v) in same:
            key_out: tuple[float, float] = (centre(v), 1)
        elif (u, v) in routed:
            key_out = (-1e6, 0)
        else:
            key_out = (centre(v), 0)
        sides.setdefault((u, "R" if (u, v) not in same else "L"), []).append((key_out, (u, v)))
    for ports in sides.values():
        ports.sort()

    # horizontal room: tracks between the columns, arcs beside them
    up: dict[int, list[tuple[str, str]]] = {}  # channel -> routes rising from the column left
    down: dict[int, list[tuple[str, str]]] = {}  # channel -> routes falling to the column right
    into_band: dict[str, list[tuple[str, str]]] = {}
    for u, v in routed:
        if u in col_of:
            up.setdefault(col_of[u] + 1, []).append((u, v))
        if v in col_of:
            down.setdefault(col_of[v], []).append((u, v))
        else:
            into_band.setdefault(v, []).append((u, v))
    arc = {c: 0.0 for c in range(ncol)}
    for u, v in same:
        arc[col_of[u]] = max(arc[col_of[u]], 12 + 6 * min(abs(row_of[u] - row_of[v]) - 1, 3))
    channel = []
    for c in range(ncol + 1):
        base = _GAP if 0 < c < ncol else _EDGE
        tracks = len(up.get(c, ())) + len(down.get(c, ()))
        need = (16 + _STEP * tracks if tracks else 0) + (arc[c] + 4 if c < ncol else 0)
        channel.append(max(base, need + (28 if 0 < c < ncol and tracks else 0)))
    band_gap = {n: 10 + _STEP * len(into_band.get(n, ())) for n in band}
    if band:
        channel[0] = max(channel[0], band_gap[band[0]] if into_band.get(band[0]) else 0)
    # boxes narrow (to 130) where the tracks would make the map wider than MAX_WIDTH
    box_w = float(_BOX_W)
    if ncol:
        box_w = max(min(box_w, (MAX_WIDTH - sum(channel)) / ncol), 130.0)
    col_x = [sum(channel[: c + 1]) + c * box_w for c in range(ncol)]
    width = col_x[-1] + box_w + channel[ncol] if ncol else 2 * _EDGE + box_w
    band_x: dict[str, float] = {}
    band_w = box_w
    if band:
        spaces = [band_gap[n] if i else 0 for i, n in enumerate(band)]
        room = width - channel[0] - channel[ncol] - sum(max(g, 16) for g in spaces)
        fits = (MAX_WIDTH - channel[0] - channel[ncol] - sum(max(g, 16) for g in spaces)) / len(
            band
        )
        band_w = max(min(box_w, room / len(band)), min(120.0, fits), 90.0)
        x = float(channel[0])
        if order.packed:  # right of the column most of the band's edges go down to
            target = max(range(ncol), key=lambda c: (len(down.get(c, ())), -c))
            room = width - channel[ncol] - col_x[target] - sum(max(g, 16) for g in spaces)
            band_w = max(min(box_w, room / len(band)), min(130.0, fits), 90.0)
            x = max(x, width - channel[ncol] - sum(max(g, 16) for g in spaces) - band_w * len(band))
        for i, n in enumerate(band):
            if i:
                x += max(spaces[i], 16)
            if len(band) <= ncol and not order.packed:  # under the columns when it fits
                x = max(x, col_x[i])
            band_x[n] = x
            x += band_w
        width = max(width, x + channel[ncol])
    width = max(width, 640)

    # vertical room: title, legend, band, corridor, main flow
    top = 96 if highlight is None else 112
    band_y = top + 44
    lanes_y0 = band_y + _BOX_H + 14 if band else top + 6
    n_lanes = len(routed)
    main_head = lanes_y0 + (n_lanes * _STEP + 10 if n_lanes else 0) + (14 if band else 12)
    main_top = main_head + 14
    rows = max((len(c) for c in columns), default=0)
    main_bottom = main_top + max(rows, 1) * _ROW_H - (_ROW_H - _BOX_H) + 20
    build = next((g for g in analysis.gaps if g.segment is None), None)
    height = main_bottom + (30 if build is not None else 6)

    pos: dict[str, tuple[float, float, float]] = {}  # x, y, width
    for c, col in enumerate(columns):
        for r, n in enumerate(col):
            pos[n] = (col_x[c], main_top + r * _ROW_H, box_w)
    for n in band:
        pos[n] = (band_x[n], band_y, band_w)

    def port(node: str, side: str, edge: tuple[str, str]) -> tuple[float, float]:
        x, y, w = pos[node]
        ports = [e for _, e in sides[node, side]]
        k = ports.index(edge) + 1
        if side == "B":
            return (x + w * k / (len(ports) + 1), y + _BOX_H)
        return (x + (w if side == "R" else 0), y + _BOX_H * k / (len(ports) + 1))

    # tracks: the x of each routed edge's vertical runs
    track_down: dict[tuple[str, str], float] = {}
    track_up: dict[tuple[str, str], float] = {}
    for c in range(ncol + 1):
        left = col_x[c - 1] + box_w if c else 0.0
        right = col_x[c] if c < ncol else width
        rising = sorted(up.get(c, ()), key=lambda e: port(e[0], "R", e)[1])
        for i, e in enumerate(rising):
            track_up[e] = left + 8 + i * _STEP
        falling = sorted(down.get(c, ()), key=lambda e: port(e[1], "L", e)[1])
        for i, e in enumerate(falling):
            track_down[e] = right - (arc[c] + 4 if c < ncol else 0) - 8 - i * _STEP
    for n, ins in into_band.items():
        for i, e in enumerate(sorted(ins, key=lambda e: -port(n, "L", e)[1])):
            track_down[e] = pos[n][0] - 6 - i * _STEP
    for n in band:  # bottom ports in the order of the tracks they go to
        outs = [(u, v) for u, v in edges if u == n]
        sides[n, "B"] = sorted(((track_down[e], 0.0), e) for e in outs)

    # the free room of each channel between its tracks, where an edge from the column on the
    # left turns toward its port
    clear: dict[int, tuple[float, float]] = {}
    for c in range(1, ncol):
        start = max((track_up[e] for e in up.get(c, ())), default=col_x[c - 1] + box_w - 6) + 6
        end = min((track_down[e] for e in down.get(c, ())), default=col_x[c] - arc[c] - 4) - 6
        clear[c] = (start, max(end, start + 12))
    routes = [
        _Route(
            e,
            port(e[0], "B", e)[0] if e[0] in band else track_up[e],
            "band" if e[0] in band else "main",
            track_down[e],
            "band" if e[1] in band else "main",
        )
        for e in routed
    ]
    _order_lanes(sorted(routes, key=lambda r: (-r.x2, -r.x1)))
    lane_y = {r.edge: lanes_y0 + 5 + r.lane * _STEP for r in routes}

    complete = analysis.completeness
    if template is not None:
        title = f"{analysis.name} · 环节与供给关系"
    else:
        title = f"{analysis.name}产业链图谱 · 完整度 " + (
            f"{complete:g}%" if complete is not None else "—（无参考模板）"
        )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}">',
        f"<title>{xml_text(title)}</title>",
        f'<rect x="0" y="0" width="{width:g}" height="{height:g}" fill="#ffffff"/>',
        _t(_EDGE, 28, title, 18, fit=width - 2 * _EDGE, font_weight="bold"),
    ]
    # legend
    x = float(_EDGE)
    legend: list[tuple[_Labelled, tuple[str, str]]] = list(
        (NATURE_COLOURS if template is not None else STATUS_COLOURS).items()
    )
    for key, (fill, stroke) in legend:
        dash = ' stroke-dasharray="4 3"' if key is SegmentStatus.MISSING else ""
        out.append(
            f'<rect x="{x:g}" y="44" width="18" height="12" fill="{fill}" stroke="{stroke}"{dash}/>'
        )
        out.append(_t(x + 24, 55, key.label))
        x += 24 + MIN_FONT * _em(key.label) + 16
    out.append(
        f'<rect x="{x:g}" y="44" width="18" height="12" fill="#ffffff" stroke="#333" '
        'stroke-width="2.5"/>'
    )
    out.append(_t(x + 24, 55, "核心环节"))
    note = "箭头：供给方向（上游→下游，配套服务→各环节）" + (
        "；框内：典型产品" if template is not None else "；框下：缺链行动及排名"
    )
    out.append(_t(_EDGE, 76, note, fit=width - 2 * _EDGE, fill="#555"))
    if highlight is not None:
        out.append(
            f'<rect x="{_EDGE - 3}" y="82" width="24" height="18" rx="4" fill="none" '
            f'stroke="{_FOCUS}" stroke-width="3"/>'
        )
        said = f"红框：本图所示缺口 {highlight.label}「{highlight.name}」，第{highlight.rank}位"
        out.append(
            _t(_EDGE + 30, 96, said, 14, fit=width - _EDGE - 30, fill=_FOCUS, font_weight="bold")
        )
    # stage headers, and the band behind the services
    if band:
        left = min(band_x.values()) - 8
        right = max(band_x.values()) + band_w + 8
        out.append(
            f'<rect x="{left:g}" y="{top:g}" width="{right - left:g}" height="{band_y + _BOX_H + 6 - top:g}" '
            'rx="8" fill="#fafafa" stroke="#e0e0e0"/>'
        )
        out.append(_t(left + 8, top + 17, Stage.SERVICES.label, 14, font_weight="bold"))
    for c, stage in enumerate(order.stages):
        out.append(_t(col_x[c], main_head, stage.label, 14, font_weight="bold"))

    # edges, under the boxes
    def path(u: str, v: str, d: str) -> str:
        return (
            f'<path d="{d}" fill="none" stroke="#555" stroke-width="1.2" opacity="0.75" '
            f'data-from="{xml_text(u)}" data-to="{xml_text(v)}">'
            f"<title>{xml_text(graph.nodes[u]['name'])} → {xml_text(graph.nodes[v]['name'])}"
            "</title></path>"
        )

    skip_lanes: dict[tuple[int, int], int] = {}
    for u, v in edges:
        if (u, v) in same:
            (x1, y1), (x2, y2) = port(u, "L", (u, v)), port(v, "L", (u, v))
            bend = x1 - 12 - 6 * min(abs(row_of[u] - row_of[v]) - 1, 3)
            d = f"M{x1:g},{y1:g} C{bend:g},{y1:g} {bend:g},{y2:g} {x2:g},{y2:g}"
        elif (u, v) in forward and col_of[v] - col_of[u] == 1:
            (x1, y1), (x2, y2) = port(u, "R", (u, v)), port(v, "L", (u, v))
            # level past the tracks, turning only in the free room of the channel
            xs, xe = clear[col_of[v]]
            mid = (xs + xe) / 2
            d = (
                f"M{x1:g},{y1:g} L{xs:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {xe:g},{y2:g} "
                f"L{x2:g},{y2:g}"
            )
        elif (u, v) in forward:  # skips a column: along the gap between two of its rows
            (x1, y1), (x2, y2) = port(u, "R", (u, v)), port(v, "L", (u, v))
            inner = range(col_of[u] + 1, col_of[v])
            deepest = max(len(columns[c]) for c in inner)
            k = min(max(round(((y1 + y2) / 2 - main_top - _BOX_H - 20) / _ROW_H), -1), deepest - 1)
            nth = skip_lanes[k, col_of[u]] = skip_lanes.get((k, col_of[u]), -1) + 1
            lane = (
                main_top + k * _ROW_H + _BOX_H + 22 + 4 * (nth % 3)
                if k >= 0
                else main_top - 4 - 4 * (nth % 3)
            )
            (s1, e1), (s2, e2) = clear[col_of[u] + 1], clear[col_of[v]]
            b = col_x[col_of[v] - 1] + box_w
            h1, h2 = (s1 + e1) / 2, (s2 + e2) / 2
            d = (
                f"M{x1:g},{y1:g} L{s1:g},{y1:g} C{h1:g},{y1:g} {h1:g},{lane:g} {e1:g},{lane:g} "
                f"L{b:g},{lane:g} L{s2:g},{lane:g} C{h2:g},{lane:g} {h2:g},{y2:g} {e2:g},{y2:g} "
                f"L{x2:g},{y2:g}"
            )
        else:  # through the corridor, on a lane and tracks of its own
            ly = lane_y[u, v]
            x2, y2 = port(v, "L", (u, v))
            if u in band:
                x1, y1 = port(u, "B", (u, v))
                points = [(x1, y1), (x1, ly)]
            else:
                x1, y1 = port(u, "R", (u, v))
                points = [(x1, y1), (track_up[u, v], y1), (track_up[u, v], ly)]
            points += [(track_down[u, v], ly), (track_down[u, v], y2), (x2, y2)]
            d = _rounded(points)
        out.append(path(u, v, d))
        out.append(_arrow(*port(v, "L", (u, v))))
    # boxes
    for node in sorted(pos):
        data = graph.nodes[node]
        x0, y0, w = pos[node]
        if template is not None:
            seg = segments[node]
            fill, stroke = NATURE_COLOURS[seg.nature]
            dash = ""
            second = _short(list(seg.products), word="种")
        else:
            report = reports.get(node)
            status = report.status if report is not None else data["status"]
            fill, stroke = STATUS_COLOURS[status]
            dash = ' stroke-dasharray="4 3"' if status is SegmentStatus.MISSING else ""
            firms = [names.get(i, i) for i in data["enterprises"]]
            if firms:  # one firm's name whole up to 18 characters (narrowed to fit)
                second = _short(firms, limit=18 if len(firms) == 1 else 13)
            elif report is not None and report.linked:  # supplied by another local chain
                by = dict.fromkeys(chain_names.get(r.partition(".")[0], r) for r in report.linked)
                second = "由本县" + _short(list(by), limit=8, word="条链") + "链供给"
            else:
                second = "（本地无企业）"
        sw = "2.5" if data["core"] else "1"
        out.append(f'<g id="seg-{xml_text(node)}">')
        if node in focus:
            out.append(
                f'<rect x="{x0 - 4:g}" y="{y0 - 4:g}" width="{w + 8:g}" height="{_BOX_H + 8}" '
                f'rx="8" fill="none" stroke="{_FOCUS}" stroke-width="3"/>'
            )
        out.append(
            f'<rect x="{x0:g}" y="{y0:g}" width="{w:g}" height="{_BOX_H}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"{dash}/>'
        )
        out.append(_t(x0 + 8, y0 + 19, data["name"], fit=w - 14, font_weight="bold"))
        out.append(_t(x0 + 8, y0 + 39, second, fit=w - 14, fill="#333"))
        gap = gaps.get(node)
        if gap is not None:
            said = f"{gap.label} #{gap.rank}"
            if node in band:  # above the box: its bottom is where its edges leave
                below = y0 - (8 if node in focus else 4)
            else:
                below = y0 + _BOX_H + (19 if node in focus else 16)
            if highlight is None:
                out.append(_t(x0 + 8, below, said, fill="#b71c1c"))
            elif gap.segment == highlight.segment:
                out.append(_t(x0 + 8, below, said, 14, fill=_FOCUS, font_weight="bold"))
            else:
                out.append(_t(x0 + 8, below, said, fill="#757575"))
        out.append("</g>")
    if build is not None:
        picked = highlight is not None and highlight.segment is None
        out.append(
            _t(_EDGE, height - 14, build.reasons[0], fit=width - 2 * _EDGE, fill="#b71c1c")
            if not picked
            else _t(
                _EDGE,
                height - 14,
                build.reasons[0],
                14,
                fit=width - 2 * _EDGE,
                fill=_FOCUS,
                font_weight="bold",
            )
        )
    out.append("</svg>")
    return Svg("\n".join(out) + "\n")


# -- reading a drawn map back ------------------------------------------------------------------

_PATH_TOKEN = re.compile(r"[MLC]|-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _polyline(d: str, steps: int = 12) -> list[tuple[float, float]]:
    """The points of path data made of ``M``, ``L`` and ``C`` (each curve cut in up to
    ``steps`` pieces, one per 8 units of its control polygon, at least two)."""
    points: list[tuple[float, float]] = []
    command, numbers = "M", list[float]()
    for token in [*_PATH_TOKEN.findall(d), "M"]:
        if token in "MLC":
            command, numbers = token, []
            continue
        numbers.append(float(token))
        if command in "ML" and len(numbers) == 2:
            points.append((numbers[0], numbers[1]))
            numbers = []
        elif command == "C" and len(numbers) == 6:
            (x0, y0), (a, b, c, e, x3, y3) = points[-1], numbers
            # a small curve (a rounded corner) needs few pieces
            hull = (
                math.dist((x0, y0), (a, b))
                + math.dist((a, b), (c, e))
                + math.dist((c, e), (x3, y3))
            )
            pieces = max(2, min(steps, int(hull / 8)))
            for k in range(1, pieces + 1):
                t = k / pieces
                w = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
                points.append(
                    (
                        w[0] * x0 + w[1] * a + w[2] * c + w[3] * x3,
                        w[0] * y0 + w[1] * b + w[2] * e + w[3] * y3,
                    )
                )
            numbers = []
    return points


def _meet(
    p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]
) -> tuple[float, float] | None:
    """Where segments ``pq`` and ``rs`` meet, or ``None`` (parallel segments never meet)."""
    den = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
    if abs(den) < 1e-9:
        return None
    t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / den
    u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    return None


def map_crossings(svg: str) -> int:
    """How many times the edges of a drawn chain map cross (the map's ``<path>`` elements, each
    an edge with ``data-from`` and ``data-to``): points where two edges without a segment in
    common meet, each counted once (points within 1.5 units of each other are one).

    Examples:
        >>> from fyp_planning import load
        >>> from fyp_planning.render.chains import chain_to_svg, map_crossings
        >>> map_crossings(chain_to_svg(load("dongkou"), "internet")) <= 36
        True
    """
    root = ET.fromstring(svg.encode("utf-8"))
    paths = list(root.iter(f"{_SVG}path"))
    lines = [_polyline(p.get("d", "")) for p in paths]
    ends = [{p.get("data-from"), p.get("data-to")} for p in paths]
    boxes = [
        (min(x for x, _ in ln), min(y for _, y in ln), max(x for x, _ in ln), max(y for _, y in ln))
        for ln in lines
    ]
    total = 0
    for i, a in enumerate(lines):
        for j in range(i + 1, len(lines)):
            b, (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = lines[j], boxes[i], boxes[j]
            if ends[i] & ends[j] or ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0:
                continue
            found: list[tuple[float, float]] = []
            for k in range(len(a) - 1):
                for m in range(len(b) - 1):
                    at = _meet(a[k], a[k + 1], b[m], b[m + 1])
                    if at is not None and not any(
                        abs(at[0] - f[0]) < 1.5 and abs(at[1] - f[1]) < 1.5 for f in found
                    ):
                        found.append(at)
            total += len(found)
    return total


def template_to_svg(template: ChainTemplate) -> str:
    """A chain template alone as a standalone SVG map, drawn as :func:`chain_to_svg` draws a
    chain: every segment without local firms and no gap actions (``fyp templates show ID
    --format svg``, the template gallery).

    Examples:
        >>> from fyp_planning import standard_template, template_to_svg
        >>> svg = template_to_svg(standard_template("footwear_leather"))
        >>> svg.startswith("<?xml") and "鞋服皮具产业链参考模板" in svg and "建链" not in svg
        True
    """
    chain_id = "template"
    plan = Plan(
        id=chain_id,
        region="产业链模板库",
        title=template.name,
        start_year=2021,
        end_year=2025,
        templates=[template],
        chains=[Chain(id=chain_id, name=template.name, template=template.id)],
    )
    analysis = gap_analysis(plan, chain_id)
    graph = chain_graph(plan, chain_id)
    return _map_svg(plan, graph, attrs.evolve(analysis, gaps=()), template)
