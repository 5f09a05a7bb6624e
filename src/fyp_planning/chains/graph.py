"""Chains as networkx graphs: a template laid with local presence, and the cross-chain graph.

Graphs are always built in a canonical order (nodes and edges sorted by id), so every measure
computed on them is the same however the plan listed its segments and edges.

networkx is imported when a graph is built, not with this module: gap analysis reads the
placement of firms from here (:func:`classify_segment`) but needs no graph object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model.entities import Chain, Enterprise, Project
from ..model.enums import SegmentStatus
from ..model.plan import Plan
from ._structure import canonical

if TYPE_CHECKING:
    import networkx

__all__ = ["chain_graph", "classify_segment", "cross_chain_graph", "projects_by_firm"]

_MISSING = SegmentStatus.MISSING
_WEAK = SegmentStatus.WEAK
_PRESENT = SegmentStatus.PRESENT
_STRONG = SegmentStatus.STRONG


def classify_segment(enterprises: Sequence[Enterprise]) -> SegmentStatus:
    """The status of a segment from the local firms present in it.

    The rule, first match wins:

    1. ``strong`` (强) — one of them is a leader (龙头 / 链主, ``Enterprise.leader``);
    2. ``present`` (已有) — two or more firms, or one above-scale (规模以上) firm;
    3. ``weak`` (薄弱) — a single firm that is neither above-scale nor a leader (an unknown
       ``above_scale`` counts as not above-scale);
    4. ``missing`` (缺失) — no local firm.

    Examples:
        >>> from fyp_planning import Enterprise, classify_segment
        >>> small = Enterprise(id="a", name="甲")
        >>> classify_segment([]).label, classify_segment([small]).label
        ('缺失', '薄弱')
        >>> big = Enterprise(id="b", name="乙", above_scale=True)
        >>> classify_segment([big]).label, classify_segment([small, small]).label
        ('已有', '已有')
        >>> classify_segment([Enterprise(id="c", name="丙", leader=True)]).label
        '强'
    """
    if not enterprises:
        return SegmentStatus.MISSING
    if any(e.leader for e in enterprises):
        return SegmentStatus.STRONG
    if len(enterprises) >= 2 or any(e.above_scale for e in enterprises):
        return SegmentStatus.PRESENT
    return SegmentStatus.WEAK


def _chain(plan: Plan, chain: Chain | str) -> Chain:
    return chain if isinstance(chain, Chain) else plan.chain(chain)


def chain_graph(plan: Plan, chain: Chain | str) -> networkx.DiGraph[str]:
    """A chain's template as a directed graph of segments, laid with local presence.

    Args:
        plan: The plan.
        chain: The chain, its id or its Chinese name.

    Returns:
        A :class:`networkx.DiGraph` whose nodes are segment ids with the attributes ``name``,
        ``stage`` (:class:`~fyp_planning.Stage`), ``core``, ``enterprises`` (ids, in plan order,
        without repeats) and ``status`` (:class:`~fyp_planning.SegmentStatus`); edges go from
        upstream to downstream. The graph's own attributes are ``chain``, ``name`` and
        ``template``. A chain without a template gives an empty graph.

    Raises:
        KeyError: no such chain.

    Examples:
        >>> from fyp_planning import (Chain, ChainTemplate, Enterprise, Plan, Segment,
        ...                           chain_graph)
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             enterprises=[Enterprise(id="a", name="甲", leader=True)],
        ...             chains=[Chain(id="c", name="示例链", template="t",
        ...                           presence={"made": ["a"]})])
        >>> g = chain_graph(plan, "示例链")
        >>> list(g.edges), g.nodes["made"]["status"].label, g.nodes["raw"]["enterprises"]
        ([('raw', 'made')], '强', ())
    """
    import networkx as nx

    c = _chain(plan, chain)
    graph: networkx.DiGraph[str] = nx.DiGraph(chain=c.id, name=c.name, template=c.template)
    if c.template is None:
        return graph
    nodes, edges = _layout(plan, c)
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def _layout(plan: Plan, c: Chain) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str]]]:
    """A templated chain's segments with their attributes (sorted by id) and its edges (sorted,
    without repeats): what :func:`chain_graph` is built from, in its canonical order."""
    assert c.template is not None
    segments, edges = canonical(plan.template(c.template))
    # the kinds of the chain's own firms only, so a chain costs the same in a plan of any size
    # (a valid plan's presence names only its enterprises)
    kinds = _kinds({i: plan.enterprise(i) for _, ents in c.presence for i in ents})
    ids, status = _placed(c, {s.id: i for i, s in enumerate(segments)}, kinds)
    nodes = [
        (
            seg.id,
            {
                "name": seg.name,
                "stage": seg.stage,
                "core": seg.core,
                "enterprises": ids[i],
                "status": status[i],
            },
        )
        for i, seg in enumerate(segments)
    ]
    return nodes, list(edges)


def _kinds(firms: dict[str, Enterprise]) -> dict[str, int]:
    """What :func:`classify_segment` reads of each firm, by id: 2 a leader, 1 an above-scale
    firm, 0 another."""
    return {i: 2 if e.leader else 1 if e.above_scale else 0 for i, e in firms.items()}


def _placed(
    c: Chain, index: dict[str, int], kinds: dict[str, int]
) -> tuple[list[tuple[str, ...]], list[SegmentStatus]]:
    """The firms of each template segment (ids in plan order, without repeats) and its status,
    by the segment's position in ``index``; segments the template lacks are ignored.

    The status is :func:`classify_segment`'s, inlined on :func:`_kinds` (firms the plan lacks
    do not count): thousands of chains pass here.
    """
    ids: list[tuple[str, ...]] = [()] * len(index)
    status = [_MISSING] * len(index)
    kind = kinds.get
    for seg, ents in c.presence:
        i = index.get(seg)
        if i is None:
            continue
        if ids[i]:  # the segment listed again: classify all its firms afresh
            ents = ids[i] + ents
        if len(ents) > 1:
            ents = tuple(dict.fromkeys(ents))
        ids[i] = ents
        known = [*map(kind, ents)]
        if None in known:
            known = [k for k in known if k is not None]
        if 2 in known:
            status[i] = _STRONG
        elif len(known) > 1 or 1 in known:
            status[i] = _PRESENT
        elif known:
            status[i] = _WEAK
        else:
            status[i] = _MISSING
    return ids, status


def cross_chain_graph(plan: Plan) -> networkx.DiGraph[str]:
    """All chains with a template in one graph, joined by the plan's cross-chain links.

    Nodes are ``"chain_id.segment_id"`` with the attributes of :func:`chain_graph` plus
    ``chain`` and ``segment``; edges carry ``kind``: ``"template"`` (within a chain) or
    ``"link"`` (the plan's top-level ``links``).

    Examples:
        >>> from fyp_planning import (Chain, ChainTemplate, Plan, Segment,
        ...                           cross_chain_graph)
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             chains=[Chain(id="a", name="甲链", template="t"),
        ...                     Chain(id="b", name="乙链", template="t")],
        ...             links=[("a.made", "b.raw")])
        >>> g = cross_chain_graph(plan)
        >>> sorted(g.edges(data="kind"))
        [('a.made', 'b.raw', 'link'), ('a.raw', 'a.made', 'template'), ('b.raw', 'b.made', 'template')]
    """
    import networkx as nx

    graph: networkx.DiGraph[str] = nx.DiGraph()
    for c in sorted(plan.chains, key=lambda c: c.id):
        sub = chain_graph(plan, c)
        for node, data in sorted(sub.nodes.items()):
            graph.add_node(f"{c.id}.{node}", chain=c.id, segment=node, **data)
        for u, v in sorted(sub.edges):
            graph.add_edge(f"{c.id}.{u}", f"{c.id}.{v}", kind="template")
    for u, v in sorted(set(plan.links)):
        graph.add_edge(u, v, kind="link")
    return graph


def projects_by_firm(plan: Plan) -> dict[str, tuple[tuple[str, Project], ...]]:
    """The projects of the plan and of its predecessors (a 十四五 plan inherits the 十三五
    projects still under way), by the id of their firm, each with the id of its plan: the
    plan's own first, then its predecessor's, each in plan order. A project is in a chain's
    segment when its firm is placed there (gap analysis's *project* measure, the 招商 list).

    Examples:
        >>> from fyp_planning import Enterprise, Plan, Project
        >>> plan = Plan(id="p", region="县", title="示例", start_year=2021, end_year=2025,
        ...             enterprises=[Enterprise(id="a", name="甲")],
        ...             projects=[Project(id="x", name="扩建", enterprise="a"),
        ...                       Project(id="y", name="新建")])
        >>> {k: [(p, pr.id) for p, pr in v] for k, v in projects_by_firm(plan).items()}
        {'a': [('p', 'x')]}
    """
    out: dict[str, list[tuple[str, Project]]] = {}
    for p in lineage(plan):
        for pr in p.projects:
            if pr.enterprise:
                out.setdefault(pr.enterprise, []).append((p.id, pr))
    return {k: tuple(v) for k, v in out.items()}


def lineage(plan: Plan) -> list[Plan]:
    """The plan and its predecessors, latest first, each once (whose projects and firms the
    chain analyses read)."""
    out: list[Plan] = []
    seen: set[str] = set()
    p: Plan | None = plan
    while p is not None and p.id not in seen:
        out.append(p)
        seen.add(p.id)
        p = p.predecessor
    return out
