"""The supply graph of a chain template alone, and the measures gap analysis reads off it.

Nothing here depends on which firms a chain places on the template, so it is computed once per
distinct template (:func:`template_view`, keyed by the template's value) and shared by every
chain that follows it: at national scale thousands of chains follow a few reference templates.
Imports the model and :mod:`~fyp_planning.chains.results` only.
"""

from __future__ import annotations

import functools
from collections import deque
from typing import Any

from ..model.entities import ChainTemplate, Segment
from ..model.enums import SegmentStatus, Stage
from .results import SegmentReport

_SOURCE = ("virtual source",)
_SINK = ("virtual sink",)


class _Structure:
    """The supply graph of a template alone — successors, predecessors, ancestors and
    descendants of each segment, betweenness, single points of failure — in
    :func:`~fyp_planning.chain_graph`'s canonical order (nodes sorted by id; each node's
    neighbours in sorted-edge order).

    None of it depends on which firms are present, so it is computed once per distinct
    template (:func:`structure` caches it) and shared by every chain on the template: at
    national scale thousands of chains follow a few reference templates. Plain lists and the
    few algorithms gap analysis needs, written out below, are also several times faster than
    networkx's general ones on graphs of 8–25 segments, and give the same numbers
    (betweenness follows networkx's algorithm operation for operation, so even its
    floating-point sums are the same).
    """

    def __init__(
        self,
        nodes: tuple[str, ...],
        edges: tuple[tuple[str, str], ...],
        entries: frozenset[str] = frozenset(),
        ends: frozenset[str] = frozenset(),
    ) -> None:
        self.nodes = nodes
        #: Where raw materials enter and final products leave: every source and every sink of
        #: the graph, and the segments the template puts at the upstream or downstream stage.
        self.entries = entries
        self.ends = ends
        self.succ: dict[str, list[str]] = {n: [] for n in nodes}
        self.pred: dict[str, list[str]] = {n: [] for n in nodes}
        for u, v in edges:
            self.succ[u].append(v)
            self.pred[v].append(u)
        self.up = {n: frozenset(self._reach(n, self.pred)) for n in nodes}
        self.down = {n: frozenset(self._reach(n, self.succ)) for n in nodes}
        self.between = self.betweenness()
        self.spof = frozenset(self.single_points())

    @staticmethod
    def _reach(node: str, adjacency: dict[str, list[str]]) -> set[str]:
        """Nodes reachable from ``node`` (``succ``: descendants, ``pred``: ancestors)."""
        seen: set[str] = set()
        stack = list(adjacency[node])
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack.extend(adjacency[n])
        seen.discard(node)
        return seen

    def betweenness(self) -> dict[str, float]:
        """Normalised betweenness centrality: networkx's ``betweenness_centrality`` (Brandes'
        algorithm, unweighted, without endpoints), operation for operation, on node indices."""
        names = list(self.nodes)
        n = len(names)
        index = {v: i for i, v in enumerate(names)}
        succ = [[index[w] for w in self.succ[v]] for v in names]
        between = [0.0] * n
        for s in range(n):
            order: list[int] = []
            preds: list[list[int]] = [[] for _ in range(n)]
            sigma = [0.0] * n
            dist = [-1] * n
            sigma[s] = 1.0
            dist[s] = 0
            queue = deque([s])
            while queue:
                v = queue.popleft()
                order.append(v)
                dv, sv = dist[v] + 1, sigma[v]
                for w in succ[v]:
                    if dist[w] < 0:
                        queue.append(w)
                        dist[w] = dv
                    if dist[w] == dv:
                        sigma[w] += sv
                        preds[w].append(v)
            delta = dict.fromkeys(order, 0.0)
            while order:
                w = order.pop()
                coeff = (1 + delta[w]) / sigma[w]
                for v in preds[w]:
                    delta[v] += sigma[v] * coeff
                if w != s:
                    between[w] += delta[w]
        pairs = n - 1
        if pairs >= 2:
            scale = 1 / (pairs * (pairs - 1))
            if scale != 1:
                between = [x * scale for x in between]
        return dict(zip(names, between, strict=True))

    def entry(self, node: str) -> bool:
        """Whether raw materials enter at ``node``: a source, or an upstream-stage segment."""
        return not self.pred[node] or node in self.entries

    def end(self, node: str) -> bool:
        """Whether final products leave at ``node``: a sink, or a downstream-stage segment."""
        return not self.succ[node] or node in self.ends

    def single_points(self) -> set[str]:
        """Segments every path from an entry to an end passes through: the dominators of a
        virtual sink joined from every end segment, from a virtual source joined to every
        entry segment (:meth:`entry`, :meth:`end`; computed on the acyclic graph in
        topological order, with bit sets).

        Ends are the template's final products, not only its sinks: a lone after-sales segment
        that every product feeds is a sink, but products leave the chain before it, so it is
        no bottleneck (and no segment is one merely for being the only sink or source)."""
        if not self.nodes:
            return set()
        nodes: list[Any] = [_SOURCE, *self.nodes, _SINK]
        index = {n: i for i, n in enumerate(nodes)}
        preds: list[list[int]] = [[] for _ in nodes]
        succ: list[list[int]] = [[] for _ in nodes]
        for n in self.nodes:
            i = index[n]
            for v in self.succ[n]:
                succ[i].append(index[v])
                preds[index[v]].append(i)
            if self.entry(n):
                succ[0].append(i)
                preds[i].append(0)
            if self.end(n):
                succ[i].append(len(nodes) - 1)
                preds[-1].append(i)
        indegree = [len(p) for p in preds]
        ready = [0]
        topo: list[int] = []
        while ready:
            i = ready.pop()
            topo.append(i)
            for j in succ[i]:
                indegree[j] -= 1
                if indegree[j] == 0:
                    ready.append(j)
        if len(topo) != len(nodes):  # a cycle (plans refuse them): the general algorithm
            return _single_points_nx(self)
        dom = [0] * len(nodes)
        for i in topo:
            common = -1
            for p in preds[i]:
                common &= dom[p]
            dom[i] = (0 if common == -1 else common) | (1 << i)
        last = dom[-1]
        return {nodes[i] for i in range(1, len(nodes) - 1) if last >> i & 1}


#: The structure of a template's sorted segment ids, sorted edges, entry and end segments
#: (cached by content).
structure = functools.lru_cache(maxsize=1024)(_Structure)


def _single_points_nx(graph: _Structure) -> set[str]:
    """:meth:`_Structure.single_points` with networkx's dominators (for any graph)."""
    import networkx as nx

    h: nx.DiGraph[str | tuple[str]] = nx.DiGraph()
    h.add_edges_from(sorted((u, v) for u in graph.succ for v in graph.succ[u]))
    for node in sorted(graph.nodes):
        if graph.entry(node):
            h.add_edge(_SOURCE, node)
        if graph.end(node):
            h.add_edge(node, _SINK)
    idom = nx.immediate_dominators(h, _SOURCE)
    out: set[str] = set()
    node = idom[_SINK]
    while isinstance(node, str):  # up the dominator tree to the virtual source (a tuple)
        out.add(node)
        node = idom[node]
    return out


def canonical(template: ChainTemplate) -> tuple[tuple[Segment, ...], tuple[tuple[str, str], ...]]:
    """A template's segments sorted by id and its edges sorted, without repeats: the order every
    graph and every measure is computed in."""
    return tuple(sorted(template.segments, key=lambda s: s.id)), tuple(sorted(set(template.edges)))


class TemplateView:
    """What gap analysis needs of a template, whatever firms a chain places on it.

    Segments are numbered in canonical order (sorted by id), so a set of segments is an ``int``
    bit mask whose bits, lowest first, list the segments in the order the reasons name them.

    Attributes:
        template: The template.
        ids, names: Segment ids and names, by number.
        index: Segment number by id.
        alone: Each segment's id alone in a tuple (a segment gap's ``segments``).
        up, down: Each segment's ancestors and descendants (masks).
        neighbours: Each segment's direct suppliers and customers (masks).
        single: 1.0 for a single point of failure, else 0.0, by number.
        between: Normalised betweenness centrality, by number.
        core, core_mask: The core segments (all when the template marks none): ids and mask.
        marked_core: The segments the template marks core (a mask; 0 when it marks none).
        stages, natures: Each segment's stage and nature, by number.
        empty: The report of each template segment (its number, the segment and its report)
            when a chain places no firm in it, in template order; equal on every chain.
    """

    def __init__(self, template: ChainTemplate) -> None:
        self.template = template
        segments, edges = canonical(template)
        self.ids = ids = tuple(s.id for s in segments)
        self.names = tuple(s.name for s in segments)
        self.index = index = {n: i for i, n in enumerate(ids)}
        self.alone = [(n,) for n in ids]  # each segment gap's ``segments``, shared
        entries = frozenset(s.id for s in segments if s.stage is Stage.UPSTREAM)
        ends = frozenset(s.id for s in segments if s.stage is Stage.DOWNSTREAM)
        graph = structure(ids, edges, entries, ends)
        #: Each segment's stage and nature, by number.
        self.stages = tuple(s.stage for s in segments)
        self.natures = tuple(s.nature for s in segments)

        def mask(nodes: Any) -> int:
            return sum(1 << index[n] for n in set(nodes))

        self.up = [mask(graph.up[n]) for n in ids]
        self.down = [mask(graph.down[n]) for n in ids]
        self.neighbours = [mask([*graph.pred[n], *graph.succ[n]]) for n in ids]
        self.single = [1.0 if n in graph.spof else 0.0 for n in ids]
        self.between = [graph.between.get(n, 0.0) for n in ids]
        core = [i for i, s in enumerate(segments) if s.core] or list(range(len(ids)))
        self.core = tuple(ids[i] for i in core)
        self.core_mask = sum(1 << i for i in core)
        #: The segments the template itself marks core (0 when it marks none).
        self.marked_core = sum(1 << i for i, s in enumerate(segments) if s.core)
        missing = SegmentStatus.MISSING
        self.empty = [
            (
                index[s.id],
                s,
                SegmentReport(
                    id=s.id,
                    name=s.name,
                    stage=s.stage,
                    core=s.core,
                    enterprises=(),
                    status=missing,
                    nature=s.nature,
                    products=s.products,
                    industry_codes=s.industry_codes,
                ),
            )
            for s in template.segments
        ]


#: The view of a template, by its value: equal templates (from different files) share one.
template_view = functools.lru_cache(maxsize=256)(TemplateView)
