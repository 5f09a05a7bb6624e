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

from typing import Any

import attrs
import networkx as nx

from ..chains.gaps import ChainAnalysis, Gap, gap_analysis
from ..chains.graph import chain_graph
from ..model.entities import Chain, ChainTemplate
from ..model.enums import SegmentNature, SegmentStatus, Stage, _Labelled
from ..model.plan import Plan
from .escape import mermaid_label, xml_safe, xml_text

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


def _plain_graph(plan: Plan, chain: Chain | str, *, join: bool) -> nx.DiGraph[str]:
    """The chain graph with scalar (or, unless ``join``, list) attributes only."""
    graph = chain_graph(plan, chain)
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
            status=data["status"].value,
            status_label=data["status"].label,
        )
    out.add_edges_from(sorted(graph.edges))
    return out


def chain_to_graphml(plan: Plan, chain: Chain | str) -> str:
    """A chain's graph as GraphML text (for Gephi, yEd, Cytoscape).

    Node attributes are GraphML scalars: ``name``, ``stage`` / ``stage_label``, ``core``,
    ``enterprises`` and ``enterprise_names`` (joined with ``", "``), ``status`` /
    ``status_label``; the graph carries ``chain``, ``name`` and ``template``. Characters XML
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


def chain_to_node_link(plan: Plan, chain: Chain | str) -> dict[str, Any]:
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


def chain_to_mermaid(plan: Plan, chain: Chain | str) -> str:
    """A chain as a Mermaid flowchart (``flowchart LR``), one subgraph per stage.

    Node ids are ``s_`` plus the segment id's ASCII letters, digits and ``_`` (never other text
    of the plan, and no Mermaid keyword); labels are the Chinese segment name and, on a second
    line, its local firms, quoted by :func:`~fyp_planning.render.escape.mermaid_label` (a name
    cannot end its label or start a statement). Nodes are classed
    ``strong`` / ``present`` / ``weak`` / ``missing`` with a ``classDef`` colour each.

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
    graph = chain_graph(plan, chain)
    names = _firm_names(plan, graph)
    used: set[str] = set()
    ids = {node: _mermaid_id(node, used) for node in sorted(graph)}
    lines = [
        "flowchart LR",
        f"  %% {mermaid_label(graph.graph['name'])}（{mermaid_label(graph.graph['chain'])}）",
    ]
    for stage in Stage:
        nodes = [n for n in _stage_order(graph, stage)]
        if not nodes:
            continue
        lines.append(f'  subgraph stage_{stage.value}["{stage.label}"]')
        for node in nodes:
            data = graph.nodes[node]
            label = mermaid_label(data["name"])
            firms = [names.get(i, i) for i in data["enterprises"]]
            if firms:
                label += "<br/>" + mermaid_label("、".join(firms))
            lines.append(f'    {ids[node]}["{label}"]:::{data["status"].value}')
        lines.append("  end")
    for u, v in sorted(graph.edges):
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


# -- SVG ------------------------------------------------------------------------------------

#: Common Chinese UI fonts first (Windows, macOS, Linux), then the generic family.
_FONT = (
    'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, '
    'WenQuanYi Micro Hei, sans-serif"'
)
_COL_W, _BOX_W, _BOX_H, _ROW_H = 300, 250, 44, 76
_LEFT, _TOP = 40, 130
#: The frame and text of a highlighted gap.
_FOCUS = "#c62828"


def _t(x: float, y: float, text: str, size: int = 12, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{xml_text(v)}"' for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}" {_FONT} font-size="{size}"{extra}>{xml_text(text)}</text>'


def _arrow(x: float, y: float, pointing_right: bool) -> str:
    d = -8 if pointing_right else 8
    return f'<polygon points="{x:g},{y:g} {x + d:g},{y - 4:g} {x + d:g},{y + 4:g}" fill="#555"/>'


def _lane(y: float, rows: int) -> float:
    """The horizontal lane nearest ``y`` that runs between rows, below their gap labels."""
    below = _BOX_H + 23  # under the box and its action label, above the next box
    k = min(max(round((y - _TOP - below) / _ROW_H), -1), rows - 1)
    return _TOP + k * _ROW_H + below if k >= 0 else _TOP - 10


def _short(firms: list[str], limit: int = 18, word: str = "家") -> str:
    """The names joined, or as many as fit ``limit`` characters and ``等N家`` (``word``)."""
    text = "、".join(firms)
    if len(text) <= limit:
        return text
    out = ""
    for i, f in enumerate(firms):
        if len(out) + len(f) + 1 > limit - 4:
            return f"{out}等{len(firms)}{word}"
        out = f if i == 0 else f"{out}、{f}"
    return out


def chain_to_svg(
    plan: Plan, chain: Chain | str | ChainAnalysis, *, highlight: Gap | None = None
) -> str:
    """A chain as a standalone SVG map: one column per stage, one box per segment.

    Boxes are coloured by status (legend at the top: 强/已有/薄弱/缺失; core segments have a
    thicker border), with the local firms under the segment's name and, below the box, the gap
    action from :func:`~fyp_planning.gap_analysis` (``延链（向上游） #3``). Supply edges are
    curves with arrowheads. Within a column, segments go top to bottom by topological
    generation of the stage's own edges, then by id. The title gives the chain's Chinese name
    and its completeness. All text is XML-escaped.

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
    if isinstance(chain, ChainAnalysis):
        analysis = chain
        graph = chain_graph(plan, analysis.chain)
    else:
        analysis = gap_analysis(plan, chain)
        graph = chain_graph(plan, chain)
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
) -> str:
    """The map of a chain (its firms, statuses and gap actions) or, given its ``template``, of a
    reference template alone (each segment's nature and typical products; no firms, no
    completeness, no actions); ``highlight``: one of the analysis's gaps, picked out."""
    names = _firm_names(plan, graph)
    focus = (
        set(highlight.segments) | ({highlight.segment} if highlight.segment else set())
        if highlight is not None
        else set()
    )
    segments = {s.id: s for s in template.segments} if template is not None else {}
    gaps = {g.segment: g for g in analysis.gaps if g.segment is not None}
    reports = {r.id: r for r in analysis.segments}  # the analysis's statuses (links included)
    present = set(_stages(graph).values())
    stages = [s for s in Stage if s in present]
    columns = {s: _stage_order(graph, s) for s in stages}
    pos: dict[str, tuple[float, float]] = {}
    for col, stage in enumerate(stages):
        for row, node in enumerate(columns[stage]):
            pos[node] = (_LEFT + col * _COL_W, _TOP + row * _ROW_H)
    rows = max((len(v) for v in columns.values()), default=0)
    width = max(_LEFT * 2 + len(stages) * _COL_W - (_COL_W - _BOX_W), 640)
    height = _TOP + max(rows, 1) * _ROW_H + 50

    complete = analysis.completeness
    if template is not None:
        title = f"{analysis.name} · 环节与供给关系"
    else:
        title = f"{analysis.name}产业链图谱 · 完整度 " + (
            f"{complete:g}%" if complete is not None else "—（无参考模板）"
        )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{xml_text(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _t(_LEFT, 32, title, 20, font_weight="bold"),
    ]
    # legend
    x = _LEFT
    legend: list[tuple[_Labelled, tuple[str, str]]] = list(
        (NATURE_COLOURS if template is not None else STATUS_COLOURS).items()
    )
    for key, (fill, stroke) in legend:
        dash = ' stroke-dasharray="4 3"' if key is SegmentStatus.MISSING else ""
        out.append(
            f'<rect x="{x}" y="48" width="18" height="12" fill="{fill}" stroke="{stroke}"{dash}/>'
        )
        out.append(_t(x + 24, 59, key.label))
        x += max(70, 24 + 14 * len(key.label) + 18)
    out.append(
        f'<rect x="{x}" y="48" width="18" height="12" fill="#ffffff" stroke="#333" '
        'stroke-width="2.5"/>'
    )
    out.append(_t(x + 24, 59, "核心环节"))
    note = "箭头：供给方向（上游→下游）" + (
        "；框内：典型产品" if template is not None else "；框下：缺链行动及排名"
    )
    out.append(_t(x + 100, 59, note, fill="#555"))
    if highlight is not None:
        out.append(
            f'<rect x="{_LEFT - 3}" y="69" width="24" height="18" rx="4" fill="none" '
            f'stroke="{_FOCUS}" stroke-width="3"/>'
        )
        said = f"红框：本图所示缺口 {highlight.label}「{highlight.name}」，第{highlight.rank}位"
        out.append(_t(_LEFT + 30, 83, said, 13, fill=_FOCUS, font_weight="bold"))
    # stage headers
    for col, stage in enumerate(stages):
        out.append(_t(_LEFT + col * _COL_W, _TOP - 22, stage.label, 15, font_weight="bold"))
    # edges, under the boxes
    for u, v in sorted(graph.edges):
        (ux, uy), (vx, vy) = pos[u], pos[v]
        y1, y2 = uy + _BOX_H / 2, vy + _BOX_H / 2
        if abs(ux - vx) > _COL_W:  # skips a column: run along the lane between its rows
            right = ux < vx
            x1, x2 = (ux + _BOX_W, vx) if right else (ux, vx + _BOX_W)
            step = _COL_W - _BOX_W if right else _BOX_W - _COL_W
            lane = _lane((y1 + y2) / 2, rows)
            a, b = x1 + step, x2 - step
            h1, h2 = x1 + step / 2, x2 - step / 2
            path = (
                f"M{x1:g},{y1:g} C{h1:g},{y1:g} {h1:g},{lane:g} {a:g},{lane:g} "
                f"L{b:g},{lane:g} C{h2:g},{lane:g} {h2:g},{y2:g} {x2:g},{y2:g}"
            )
        elif ux < vx:
            x1, x2 = ux + _BOX_W, vx
            mid = (x1 + x2) / 2
            path, right = f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}", True
        elif ux > vx:
            x1, x2 = ux, vx + _BOX_W
            mid = (x1 + x2) / 2
            path, right = f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}", False
        else:  # same column: a loop on the left side
            x1 = x2 = ux
            bend = ux - 18 - min(abs(y2 - y1) / 12, 14)
            path, right = f"M{x1:g},{y1:g} C{bend:g},{y1:g} {bend:g},{y2:g} {x2:g},{y2:g}", True
        out.append(
            f'<path d="{path}" fill="none" stroke="#555" stroke-width="1.2" opacity="0.7">'
            f"<title>{xml_text(graph.nodes[u]['name'])} → {xml_text(graph.nodes[v]['name'])}</title>"
            "</path>"
        )
        out.append(_arrow(x2, y2, right))
    # boxes
    for node in sorted(pos):
        data = graph.nodes[node]
        x0, y0 = pos[node]
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
            if firms:
                second = _short(firms)
            elif report is not None and report.linked:  # supplied by another local chain
                chains = {c.id: c.name for c in plan.chains}
                by = dict.fromkeys(chains.get(r.partition(".")[0], r) for r in report.linked)
                second = "由本县" + _short(list(by), word="条链") + "链供给"
            else:
                second = "（本地无企业）"
        sw = "2.5" if data["core"] else "1"
        out.append(f'<g id="seg-{xml_text(node)}">')
        if node in focus:
            out.append(
                f'<rect x="{x0 - 4}" y="{y0 - 4}" width="{_BOX_W + 8}" height="{_BOX_H + 8}" '
                f'rx="8" fill="none" stroke="{_FOCUS}" stroke-width="3"/>'
            )
        out.append(
            f'<rect x="{x0}" y="{y0}" width="{_BOX_W}" height="{_BOX_H}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"{dash}/>'
        )
        out.append(_t(x0 + 8, y0 + 18, data["name"], 12, font_weight="bold"))
        out.append(_t(x0 + 8, y0 + 36, second, 11, fill="#333"))
        gap = gaps.get(node)
        if gap is not None:
            said, below = f"{gap.label} #{gap.rank}", y0 + _BOX_H + (18 if node in focus else 14)
            if highlight is None:
                out.append(_t(x0 + 8, below, said, 11, fill="#b71c1c"))
            elif gap.segment == highlight.segment:
                out.append(_t(x0 + 8, below, said, 13, fill=_FOCUS, font_weight="bold"))
            else:
                out.append(_t(x0 + 8, below, said, 11, fill="#757575"))
        out.append("</g>")
    build = next((g for g in analysis.gaps if g.segment is None), None)
    if build is not None:
        picked = highlight is not None and highlight.segment is None
        out.append(
            _t(_LEFT, height - 18, build.reasons[0], 12, fill="#b71c1c")
            if not picked
            else _t(_LEFT, height - 18, build.reasons[0], 13, fill=_FOCUS, font_weight="bold")
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


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
