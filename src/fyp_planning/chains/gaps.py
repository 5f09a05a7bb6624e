"""Gap analysis of industrial chains: 建链, 延链, 补链, 强链, each scored with its reasons.

The rules
---------
Each segment of a chain's template is classified by the local firms present in it
(:func:`~fyp_planning.classify_segment`): strong, present, weak or missing. A segment *has local
firms* unless it is missing. Then:

* **补链 fill** — a missing segment with local firms both upstream (among its ancestors in the
  supply graph) and downstream (among its descendants): the chain is broken in the middle;
* **延链 extend** — a missing segment beyond the ends of the local chain: with local firms only
  upstream of it, extend *downstream*; with local firms only downstream of it, extend
  *upstream*;
* **建链 build** — a missing segment with no local firm upstream or downstream (a branch of the
  chain built from nothing); and, once per chain, when none of the template's core segments has
  local firms (a template marking no core segment counts all as core), a chain-level 建链
  listing the core segments to build;
* **强链 strengthen** — a weak segment (a single small firm).

Strong and present segments are not gaps.

The score
---------
A segment gap scores the weighted sum (:class:`GapWeights`) of four measures, each in [0, 1]:

* *dependence* — of the chain's other segments with local firms, the share lying upstream or
  downstream of it: how much of what exists locally would use it;
* *single point of failure* — 1 when every path from a raw material (a source of the template)
  to a final product (a sink) passes through it, found with dominators (as
  :func:`networkx.immediate_dominators` finds them) from a virtual source to a virtual sink;
  else 0;
* *betweenness* — its normalised betweenness centrality in the template (as
  :func:`networkx.betweenness_centrality` computes it);
* *relatedness density* — the share of its neighbours with local firms, after economic
  complexity: capabilities next door make a gap easier to fill. Its neighbours are its direct
  suppliers and customers in the template and the segments of the county's other chains the
  plan's cross-chain ``links`` join it to (a carton maker of 特色轻工 next to 食品包装材料);
  the reasons name the linked segments that have local firms.

Cross-chain links change no action: a gap is filled, extended or built within its own chain,
and a linked capability elsewhere in the county only makes it more feasible.

A chain-level 建链 scores the sum of the weights, the most a segment can score, so it leads its
chain. Gaps are ranked by score, highest first, ties by segment id (the chain-level gap, with no
segment, first). Graphs are built in sorted order, so scores do not depend on the order a plan
lists segments, edges or firms.

Adding a firm and the ranking
-----------------------------
Filling a missing segment never adds a gap and never makes another gap's action harsher
(建链 → 延链 → 补链 only). It can, by design, raise another gap's *score*: dependence and
relatedness density measure how much of the local chain a gap touches, and a new firm next
door is exactly the capability that makes its neighbour more worth filling and easier to fill.
So a neighbour of the new firm may move ahead of a gap it trailed. A user who wants a ranking
that only local presence cannot reorder sets ``GapWeights(dependence=0, relatedness=0)``: the
score then rests on the template alone (single point of failure, betweenness), and adding a
firm can only move other gaps up the list, as the gap it filled leaves it.
"""

from __future__ import annotations

import functools
from collections import deque
from typing import Any, Literal

import attrs

from ..model.entities import Chain, ChainTemplate
from ..model.enums import ChainAction, Provenance, SegmentStatus, Stage
from ..model.plan import Plan
from .graph import _canonical, _layout

__all__ = ["ChainAnalysis", "Gap", "GapWeights", "SegmentReport", "analyse_chains", "gap_analysis"]


def _weight(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValueError(f"{attribute.name}: a weight must be a number ≥ 0; got {value!r}")


@attrs.frozen(kw_only=True)
class GapWeights:
    """Weights of the four measures in a gap's score (they need not sum to 1).

    Attributes:
        dependence: Weight of dependence (default 0.35).
        single_point: Weight of being a single point of failure (default 0.25).
        betweenness: Weight of betweenness centrality (default 0.20).
        relatedness: Weight of relatedness density (default 0.20).

    Examples:
        >>> from fyp_planning import GapWeights
        >>> GapWeights().total
        1.0
        >>> GapWeights(single_point=0.5).single_point
        0.5
    """

    dependence: float = attrs.field(default=0.35, validator=_weight)
    single_point: float = attrs.field(default=0.25, validator=_weight)
    betweenness: float = attrs.field(default=0.20, validator=_weight)
    relatedness: float = attrs.field(default=0.20, validator=_weight)

    @property
    def total(self) -> float:
        """The sum of the weights, the most a gap can score."""
        return round(self.dependence + self.single_point + self.betweenness + self.relatedness, 12)


@attrs.frozen(kw_only=True)
class SegmentReport:
    """One template segment of a chain with its local firms and status.

    Examples:
        >>> from fyp_planning import SegmentReport, SegmentStatus, Stage
        >>> SegmentReport(id="farming", name="种养", stage=Stage.UPSTREAM, core=False,
        ...               enterprises=(), status=SegmentStatus.MISSING).status.label
        '缺失'
    """

    id: str
    name: str
    stage: Stage
    core: bool
    enterprises: tuple[str, ...]
    status: SegmentStatus

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "stage": self.stage.value,
            "core": self.core,
            "enterprises": list(self.enterprises),
            "status": self.status.value,
            "status_label": self.status.label,
        }


@attrs.frozen(kw_only=True)
class Gap:
    """A gap in a chain: the action it calls for, its score and the reasons.

    Attributes:
        chain: Chain id.
        segment: Segment id; ``None`` for a chain-level 建链.
        name: The segment's name (the chain's for a chain-level 建链).
        action: :class:`~fyp_planning.ChainAction`.
        direction: For 延链, ``"upstream"`` or ``"downstream"``; else ``None``.
        segments: The segments concerned: the segment itself, or the core segments to build.
        dependence, single_point, betweenness, relatedness: The measures (``None`` for a
            chain-level 建链); ``single_point`` is 0 or 1.
        score: The weighted sum.
        rank: 1 for the first gap of its chain.
        reasons: Chinese sentences with the numbers; ``reasons_en`` says the same in English.

    Examples:
        >>> from fyp_planning import ChainAction, Gap
        >>> gap = Gap(chain="food", segment="packaging", name="包装", action=ChainAction.EXTEND,
        ...           direction="downstream", segments=("packaging",), score=0.5, rank=1)
        >>> gap.label
        '延链（向下游）'
    """

    chain: str
    segment: str | None
    name: str
    action: ChainAction
    direction: Literal["upstream", "downstream"] | None = None
    segments: tuple[str, ...] = ()
    dependence: float | None = None
    single_point: float | None = None
    betweenness: float | None = None
    relatedness: float | None = None
    score: float = 0.0
    rank: int = 0
    reasons: tuple[str, ...] = ()
    reasons_en: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The action in Chinese, with the direction for 延链 (``延链（向上游）``)."""
        if self.direction is None:
            return self.action.label
        return f"{self.action.label}（向{Stage(self.direction).label}）"

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "rank": self.rank,
            "chain": self.chain,
            "segment": self.segment,
            "name": self.name,
            "action": self.action.value,
            "action_label": self.label,
            "direction": self.direction,
            "segments": list(self.segments),
            "score": self.score,
            "dependence": self.dependence,
            "single_point": self.single_point,
            "betweenness": self.betweenness,
            "relatedness": self.relatedness,
            "reasons": list(self.reasons),
            "reasons_en": list(self.reasons_en),
        }


@attrs.frozen(kw_only=True)
class ChainAnalysis:
    """A chain's segments with their status, and its ranked gaps.

    Attributes:
        chain: Chain id.
        name: Chain name.
        template: Template id, or ``None`` when the chain has no template (无参考模板): then
            there are no segments and no gaps.
        template_provenance: Whether the template is the document's or our model.
        presence_provenance: Whether the placement of firms in segments is the document's or
            ours.
        segments: Segment reports, in template order.
        gaps: Gaps, best-ranked first.

    Examples:
        >>> from fyp_planning import ChainAnalysis
        >>> a = ChainAnalysis(chain="food", name="特色食品", template=None)
        >>> a.completeness is None, a.counts["missing"]
        (True, 0)
    """

    chain: str
    name: str
    template: str | None
    template_provenance: Provenance | None = None
    presence_provenance: Provenance = Provenance.MODEL
    segments: tuple[SegmentReport, ...] = ()
    gaps: tuple[Gap, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Segments by status, e.g. ``{"strong": 1, "present": 2, "weak": 0, "missing": 3}``."""
        out = {s.value: 0 for s in SegmentStatus}
        for seg in self.segments:
            out[seg.status.value] += 1
        return out

    @property
    def completeness(self) -> float | None:
        """Share of template segments with local firms (not missing), in %; ``None`` without
        a template or segments."""
        if not self.segments:
            return None
        have = sum(s.status is not SegmentStatus.MISSING for s in self.segments)
        return round(100 * have / len(self.segments), 1)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "chain": self.chain,
            "name": self.name,
            "template": self.template,
            "template_provenance": self.template_provenance.value
            if self.template_provenance
            else None,
            "presence_provenance": self.presence_provenance.value,
            "counts": self.counts,
            "completeness": self.completeness,
            "segments": [s.to_dict() for s in self.segments],
            "gaps": [g.to_dict() for g in self.gaps],
        }


_SOURCE = ("virtual source",)
_SINK = ("virtual sink",)


class _Structure:
    """The supply graph of a template alone — successors, predecessors, ancestors and
    descendants of each segment, betweenness, single points of failure — in
    :func:`~fyp_planning.chain_graph`'s canonical order (nodes sorted by id; each node's
    neighbours in sorted-edge order).

    None of it depends on which firms are present, so it is computed once per distinct
    template (:func:`_structure` caches it) and shared by every chain on the template: at
    national scale thousands of chains follow a few reference templates. Plain lists and the
    few algorithms gap analysis needs, written out below, are also several times faster than
    networkx's general ones on graphs of 8–25 segments, and give the same numbers
    (betweenness follows networkx's algorithm operation for operation, so even its
    floating-point sums are the same).
    """

    def __init__(self, nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> None:
        self.nodes = nodes
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
            delta = dict.fromkeys(order, 0)
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

    def single_points(self) -> set[str]:
        """Segments every source-to-sink path passes through: the dominators of a virtual
        sink, from a virtual source joined to every source (computed on the acyclic graph in
        topological order, with bit sets)."""
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
            if not self.pred[n]:
                succ[0].append(i)
                preds[i].append(0)
            if not self.succ[n]:
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


_structure = functools.lru_cache(maxsize=1024)(_Structure)


class _Graph:
    """A chain's graph: the segments' attributes (``data``) on its template's structure."""

    def __init__(self, nodes: list[tuple[str, dict[str, Any]]], structure: _Structure):
        self.data: dict[str, dict[str, Any]] = dict(nodes)
        self.structure = structure
        self.succ = structure.succ
        self.pred = structure.pred


#: Structures of templates seen lately, by identity (the template is kept alive meanwhile).
_STRUCTURES: dict[int, tuple[ChainTemplate, _Structure]] = {}


def _structure_of(template: ChainTemplate) -> _Structure:
    """The structure of a template: by identity, else by content (:func:`_structure`)."""
    hit = _STRUCTURES.get(id(template))
    if hit is not None and hit[0] is template:
        return hit[1]
    segments, edges = _canonical(template)
    found = _structure(tuple(s.id for s in segments), edges)
    if len(_STRUCTURES) >= 4096:
        _STRUCTURES.clear()
    _STRUCTURES[id(template)] = (template, found)
    return found


def _single_points_nx(graph: _Structure) -> set[str]:
    """:meth:`_Structure.single_points` with networkx's dominators (for any graph)."""
    import networkx as nx

    h = nx.DiGraph()
    h.add_edges_from(sorted((u, v) for u in graph.succ for v in graph.succ[u]))
    for node in sorted(graph.nodes):
        if not graph.pred[node]:
            h.add_edge(_SOURCE, node)
        if not graph.succ[node]:
            h.add_edge(node, _SINK)
    idom = nx.immediate_dominators(h, _SOURCE)
    out: set[str] = set()
    node = idom[_SINK]
    while node != _SOURCE:
        out.add(node)
        node = idom[node]
    return out


def _names(graph: _Graph, nodes: Any) -> str:
    return "、".join(graph.data[n]["name"] for n in sorted(nodes))


def _names_en(nodes: Any) -> str:
    return ", ".join(sorted(nodes))


_DEFAULT_WEIGHTS = GapWeights()


def gap_analysis(
    plan: Plan, chain: str | Chain, weights: GapWeights | None = None
) -> ChainAnalysis:
    """Classify a chain's segments and find, score and rank its gaps (see the module rules).

    Args:
        plan: The plan.
        chain: The chain, its ASCII id or its Chinese name.
        weights: Weights of the score's measures; :class:`GapWeights` defaults if not given.

    Raises:
        KeyError: no such chain.

    Examples:
        >>> from fyp_planning import (Chain, ChainTemplate, Enterprise, Plan, Segment,
        ...                           gap_analysis)
        >>> segs = [Segment(id=i, name=n, stage=s, core=(i == "processing")) for i, n, s in
        ...         [("farming", "种养", "上游"), ("processing", "加工", "中游"),
        ...          ("packaging", "包装", "中游"), ("retail", "销售", "下游")]]
        >>> t = ChainTemplate(id="food_t", name="食品模板", segments=segs,
        ...                   edges=[("farming", "processing"), ("processing", "packaging"),
        ...                          ("packaging", "retail")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             enterprises=[Enterprise(id="a", name="甲食品", leader=True),
        ...                          Enterprise(id="b", name="乙超市")],
        ...             chains=[Chain(id="food", name="特色食品", template="food_t",
        ...                           presence={"processing": ["a"], "retail": ["b"]})])
        >>> result = gap_analysis(plan, "特色食品")
        >>> [(g.rank, g.segment, g.label) for g in result.gaps]
        [(1, 'packaging', '补链'), (2, 'farming', '延链（向上游）'), (3, 'retail', '强链')]
        >>> result.gaps[0].reasons[0]
        '「包装」缺失：本地无企业，而其上游已有甲食品所在的加工、下游已有销售，宜补链。'
    """
    c = chain if isinstance(chain, Chain) else plan.chain(chain)
    return _gap_analysis(plan, c, weights, None)


def _gap_analysis(
    plan: Plan, c: Chain, weights: GapWeights | None, firms: dict[str, Any] | None
) -> ChainAnalysis:
    """:func:`gap_analysis` of a chain, with the plan's enterprises by id when known."""
    w = weights if weights is not None else _DEFAULT_WEIGHTS
    if c.template is None:
        return ChainAnalysis(
            chain=c.id, name=c.name, template=None, presence_provenance=c.presence_provenance
        )
    template = plan.template(c.template)
    if firms is None:
        firms = {e.id: e for e in plan.enterprises}
    graph = _Graph(_layout(plan, c, firms)[0], _structure_of(template))
    nodes = graph.data
    reports = tuple(
        SegmentReport(
            id=s.id,
            name=s.name,
            stage=s.stage,
            core=s.core,
            enterprises=(d := nodes[s.id])["enterprises"],
            status=d["status"],
        )
        for s in template.segments
    )
    missing = SegmentStatus.MISSING
    have = {n for n, d in nodes.items() if d["status"] is not missing}
    linked = _linked(plan, c)
    spof = graph.structure.spof
    between = graph.structure.between

    gaps: list[dict[str, Any]] = []
    wd, ws, wb, wr = (
        f"{x:g}" for x in (w.dependence, w.single_point, w.betweenness, w.relatedness)
    )
    core = sorted(n for n, d in nodes.items() if d["core"]) or sorted(nodes)
    if core and not have.intersection(core):
        gaps.append(
            dict(
                chain=c.id,
                segment=None,
                name=c.name,
                action=ChainAction.BUILD,
                segments=tuple(core),
                score=w.total,
                reasons=(
                    f"「{c.name}」没有任何核心环节有本地企业，需建链：核心环节"
                    f"{_names(graph, core)}。",
                ),
                reasons_en=(
                    f"{c.id}: no core segment has a local firm; build the chain (建链), "
                    f"core segments: {_names_en(core)}.",
                ),
            )
        )
    for node in sorted(nodes):
        data = nodes[node]
        name = data["name"]
        status = data["status"]
        if status is not SegmentStatus.MISSING and status is not SegmentStatus.WEAK:
            continue  # strong and present segments are not gaps
        up = graph.structure.up[node]
        down = graph.structure.down[node]
        direction: Literal["upstream", "downstream"] | None = None
        if status is SegmentStatus.MISSING:
            up_have, down_have = up & have, down & have
            if up_have and down_have:
                action = ChainAction.FILL
                why = (
                    f"「{name}」缺失：本地无企业，而其上游已有{_with_firms(graph, firms, up_have)}、"
                    f"下游已有{_with_firms(graph, firms, down_have)}，宜补链。",
                    f"{node} is missing: no local firm, while upstream "
                    f"{_names_en(up_have)} and downstream {_names_en(down_have)} have local "
                    "firms: fill the chain (补链).",
                )
            elif up_have:
                action, direction = ChainAction.EXTEND, "downstream"
                why = (
                    f"「{name}」缺失：上游已有{_with_firms(graph, firms, up_have)}，"
                    "下游没有本地企业，宜向下游延链。",
                    f"{node} is missing: upstream {_names_en(up_have)} have local firms, "
                    "nothing downstream does: extend the chain downstream (延链).",
                )
            elif down_have:
                action, direction = ChainAction.EXTEND, "upstream"
                why = (
                    f"「{name}」缺失：下游已有{_with_firms(graph, firms, down_have)}，"
                    "上游没有本地企业，宜向上游延链。",
                    f"{node} is missing: downstream {_names_en(down_have)} have local firms, "
                    "nothing upstream does: extend the chain upstream (延链).",
                )
            else:
                action = ChainAction.BUILD
                why = (
                    f"「{name}」缺失，其上下游也都没有本地企业，需新建该环节（建链）。",
                    f"{node} is missing and no segment upstream or downstream of it has a "
                    "local firm: build it (建链).",
                )
        elif status is SegmentStatus.WEAK:
            action = ChainAction.STRENGTHEN
            firm = data["enterprises"][0]
            firm_name = firms[firm].name if firm in firms else firm
            why = (
                f"「{name}」薄弱：仅有1家企业（{firm_name}），既非龙头也非规模以上，宜强链。",
                f"{node} is weak: a single firm ({firm}), neither a leader nor above-scale: "
                "strengthen it (强链).",
            )
        else:
            continue
        others = have - {node}
        related = (up | down) & others
        dependence = len(related) / len(others) if others else 0.0
        across = linked.get(node, ())
        across_have = [x for x in across if x.has_firms]
        neighbours = set(graph.pred[node]) | set(graph.succ[node])
        n_neighbours = len(neighbours) + len(across)
        n_related = len(neighbours & have) + len(across_have)
        relatedness = n_related / n_neighbours if n_neighbours else 0.0
        single = 1.0 if node in spof else 0.0
        btw = between.get(node, 0.0)
        score = round(
            w.dependence * dependence
            + w.single_point * single
            + w.betweenness * btw
            + w.relatedness * relatedness,
            12,
        )
        d, b, r = f"{dependence:.2f}", f"{btw:.2f}", f"{relatedness:.2f}"
        formula = f"{score:.3f} = {wd}×{d} + {ws}×{single:.0f} + {wb}×{b} + {wr}×{r}"
        zh = [
            why[0],
            f"依存度 {d}：链上其他 {len(others)} 个已有本地企业的环节中，"
            f"有 {len(related)} 个在它的上游或下游。",
            "单点瓶颈：从原料到终端产品的每条路径都经过它。"
            if single
            else "非单点瓶颈：有不经过它的原料到终端产品路径。",
            f"介数中心性 {b}（归一化）。",
            f"关联密度 {r}：相邻的 {n_neighbours} 个环节"
            + (f"（含跨链关联 {len(across)} 个）" if across else "")
            + f"中有 {n_related} 个已有本地企业。",
            *(x.reason for x in across_have),
            f"得分 {formula}。",
        ]
        en = [
            why[1],
            f"dependence {d}: {len(related)} of the chain's {len(others)} other "
            "segments with local firms lie upstream or downstream of it.",
            "single point of failure: every path from raw material to final product passes "
            "through it."
            if single
            else "not a single point of failure: some raw-material-to-product path avoids it.",
            f"betweenness centrality {b} (normalised).",
            f"relatedness density {r}: {n_related} of its "
            f"{n_neighbours} neighbouring segments have local firms"
            + (f" ({len(across)} of them linked from other chains)." if across else "."),
            *(x.reason_en for x in across_have),
            f"score {formula}.",
        ]
        gaps.append(
            dict(
                chain=c.id,
                segment=node,
                name=name,
                action=action,
                direction=direction,
                segments=(node,),
                dependence=round(dependence, 12),
                single_point=single,
                betweenness=round(btw, 12),
                relatedness=round(relatedness, 12),
                score=score,
                reasons=tuple(zh),
                reasons_en=tuple(en),
            )
        )
    gaps.sort(key=lambda g: (-g["score"], g["segment"] or ""))
    ranked = tuple(Gap(rank=i, **g) for i, g in enumerate(gaps, 1))
    return ChainAnalysis(
        chain=c.id,
        name=c.name,
        template=template.id,
        template_provenance=template.provenance,
        presence_provenance=c.presence_provenance,
        segments=reports,
        gaps=ranked,
    )


@attrs.frozen
class _Link:
    """A segment of another chain joined to this one by a cross-chain link."""

    ref: str
    has_firms: bool
    reason: str
    reason_en: str


def _linked(plan: Plan, chain: Chain) -> dict[str, tuple[_Link, ...]]:
    """For each segment of ``chain``, the other chains' segments the plan's links join it to."""
    if not plan.links:
        return {}
    firms = {e.id: e for e in plan.enterprises}
    chains = {c.id: c for c in plan.chains}
    out: dict[str, list[_Link]] = {}
    for u, v in sorted(set(plan.links)):
        for mine, other, supplies in ((u, v, False), (v, u, True)):
            chain_id, _, seg = mine.partition(".")
            other_chain_id, _, other_seg = other.partition(".")
            if chain_id != chain.id or other_chain_id == chain.id:
                continue
            oc = chains[other_chain_id]
            template = plan.template(oc.template) if oc.template else None
            seg_name = next(
                (s.name for s in (template.segments if template else ()) if s.id == other_seg),
                other_seg,
            )
            ids = tuple(dict.fromkeys(oc.enterprises_in(other_seg)))
            names = "、".join(firms[i].name for i in ids if i in firms)
            role, role_en = (
                ("可为本环节就近供货", "supplies")
                if supplies
                else ("是本环节的就近客户", "buys from")
            )
            out.setdefault(seg, []).append(
                _Link(
                    ref=other,
                    has_firms=bool(ids),
                    reason=f"跨链关联：本县{oc.name}链的「{seg_name}」已有本地企业（{names}），"
                    f"{role}。",
                    reason_en=f"cross-chain link: {other} ({oc.name}) has local firms "
                    f"({', '.join(ids)}) and {role_en} this segment.",
                )
            )
    return {k: tuple(v) for k, v in out.items()}


def _with_firms(graph: _Graph, firms: dict[str, Any], nodes: set[str]) -> str:
    """Segment names, the first with its first firm named when there is just one segment."""
    if len(nodes) == 1:
        (node,) = nodes
        ids = graph.data[node]["enterprises"]
        if graph.data[node]["status"] is SegmentStatus.STRONG and ids:
            leader = next((firms[i] for i in ids if i in firms and firms[i].leader), None)
            if leader is not None:
                return f"{leader.name}所在的{graph.data[node]['name']}"
    return _names(graph, nodes)


def analyse_chains(plan: Plan, weights: GapWeights | None = None) -> tuple[ChainAnalysis, ...]:
    """:func:`gap_analysis` of every chain of the plan, in plan order.

    Examples:
        >>> from fyp_planning import Chain, Plan, analyse_chains
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, chains=[Chain(id="food", name="特色食品")])
        >>> [(a.chain, a.template, a.gaps) for a in analyse_chains(plan)]
        [('food', None, ())]
    """
    firms = {e.id: e for e in plan.enterprises}
    return tuple(_gap_analysis(plan, c, weights, firms) for c in plan.chains)
