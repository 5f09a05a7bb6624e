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

Strong and present segments are not gaps. The first reason of a missing segment's gap names the
segments with local firms upstream and downstream of it; a lone strong one is named with its
firms, leaders first, then the others, and beyond three by their count
(``甲食品、乙食品、丙食品等5家企业所在的加工``).

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
import operator
from collections.abc import Callable
from itertools import repeat
from typing import Any, Literal, TypeVar

import attrs

from ..model.entities import Chain, ChainTemplate, Enterprise
from ..model.enums import ChainAction, Provenance, SegmentStatus, Stage
from ..model.plan import Plan
from ._structure import structure
from .graph import _canonical, _kinds, _placed

__all__ = ["ChainAnalysis", "Gap", "GapWeights", "SegmentReport", "analyse_chains", "gap_analysis"]

_T = TypeVar("_T")


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


def _maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of ``cls``, a frozen slotted attrs class, from all its fields' values in
    their order, that fills the slots directly.

    A third faster than the keyword ``__init__``, for the hundreds of thousands of gaps and
    segment reports a national run makes, and the same objects: it is used only while that
    ``__init__`` does nothing else — no validator, converter, pre- or post-init hook, cached
    hash (an extra slot). Otherwise the constructor calls ``__init__``.
    """
    fields = attrs.fields(cls)
    names = tuple(f.name for f in fields)
    plain = (
        set(getattr(cls, "__slots__", ())) - {"__weakref__"} == set(names)
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and all(f.validator is None and f.converter is None and f.init for f in fields)
    )
    if not plain:
        return lambda *values: cls(**dict(zip(names, values, strict=True)))
    setters = tuple(cls.__dict__[name].__set__ for name in names)  # the slots' descriptors
    new = object.__new__

    def make(*values: Any) -> _T:
        assert len(values) == len(setters)
        obj = new(cls)
        any(map(operator.call, setters, repeat(obj), values))  # setter(obj, value) in C
        return obj

    return make


#: :class:`Gap` and :class:`SegmentReport` from their fields' values, in order.
_new_gap = _maker(Gap)
_new_report = _maker(SegmentReport)

_MISSING = SegmentStatus.MISSING
_WEAK = SegmentStatus.WEAK
_STRONG = SegmentStatus.STRONG
_BUILD, _EXTEND, _FILL, _STRENGTHEN = (
    ChainAction.BUILD,
    ChainAction.EXTEND,
    ChainAction.FILL,
    ChainAction.STRENGTHEN,
)


class _Template:
    """What gap analysis needs of a template, whatever firms a chain places on it.

    Computed once per template (:func:`_template_of`) and shared by every chain that follows
    it: at national scale thousands of chains follow a few reference templates. Segments are
    numbered in canonical order (sorted by id), so a set of segments is a bit mask whose bits,
    lowest first, list the segments in the order the reasons name them. Kept besides the
    supply graph's measures: the fixed sentences of each segment's reasons (single point of
    failure, betweenness), the reports of segments a chain leaves empty (equal on every chain,
    and frozen), the names of sets of segments, and each weighting's scores (:class:`_Weighted`).
    """

    def __init__(self, template: ChainTemplate) -> None:
        segments, edges = _canonical(template)
        self.ids = ids = tuple(s.id for s in segments)
        self.index = index = {n: i for i, n in enumerate(ids)}
        self.names = tuple(s.name for s in segments)
        graph = structure(ids, edges)

        def mask(nodes: Any) -> int:
            return sum(1 << index[n] for n in set(nodes))

        self.up = [mask(graph.up[n]) for n in ids]
        self.down = [mask(graph.down[n]) for n in ids]
        self.neighbours = [mask([*graph.pred[n], *graph.succ[n]]) for n in ids]
        self.n_neighbours = [m.bit_count() for m in self.neighbours]
        self.alone = [(n,) for n in ids]  # each gap's ``segments``
        self.single = [1.0 if n in graph.spof else 0.0 for n in ids]
        self.between = [graph.between.get(n, 0.0) for n in ids]
        self.between_rounded = [round(b, 12) for b in self.between]
        self.between_text = [f"{b:.2f}" for b in self.between]
        self.fixed_reasons = [
            (
                "单点瓶颈：从原料到终端产品的每条路径都经过它。"
                if single
                else "非单点瓶颈：有不经过它的原料到终端产品路径。",
                f"介数中心性 {b}（归一化）。",
                "single point of failure: every path from raw material to final product "
                "passes through it."
                if single
                else "not a single point of failure: some raw-material-to-product path avoids it.",
                f"betweenness centrality {b} (normalised).",
            )
            for single, b in zip(self.single, self.between_text, strict=True)
        ]
        core = [i for i, s in enumerate(segments) if s.core] or list(range(len(ids)))
        self.core = tuple(ids[i] for i in core)
        self.core_mask = sum(1 << i for i in core)
        self.core_names = "、".join(self.names[i] for i in core)
        self.core_names_en = ", ".join(self.core)
        self.reports = [
            (
                index[s.id],
                s,
                SegmentReport(
                    id=s.id,
                    name=s.name,
                    stage=s.stage,
                    core=s.core,
                    enterprises=(),
                    status=_MISSING,
                ),
            )
            for s in template.segments
        ]
        #: :meth:`label` and :meth:`missing` by their arguments.
        self.labels: dict[int, tuple[str, str] | None] = {}
        self.whys: dict[tuple[int, int, int], tuple[ChainAction, Any, str, str]] = {}
        self._weighted: dict[tuple[str, ...], _Weighted] = {}

    def label(self, mask: int) -> tuple[str, str] | None:
        """How the reasons name a set of segments: their names joined with 、 and their ids
        with ", ", in id order; ``None`` for no segment."""
        found = self.labels.get(mask, False)
        if found is False:
            members = []
            rest = mask
            while rest:
                low = rest & -rest
                members.append(low.bit_length() - 1)
                rest ^= low
            found = (
                (
                    "、".join([self.names[i] for i in members]),
                    ", ".join([self.ids[i] for i in members]),
                )
                if members
                else None
            )
            if len(self.labels) >= _CACHED:
                self.labels.clear()
            self.labels[mask] = found
        return found

    def missing(self, key: tuple[int, int, int]) -> tuple[ChainAction, Any, str, str]:
        """:func:`_missing` of segment ``i`` with the segments ``up`` and ``down`` of it that
        have firms (``key``: the three, as masks), naming no firm (kept in :attr:`whys`)."""
        i, up, down = key
        found = _missing(self.names[i], self.ids[i], self.label(up), self.label(down))
        if len(self.whys) >= _CACHED:
            self.whys.clear()
        self.whys[key] = found
        return found

    def weighted(self, key: tuple[str, ...], w: GapWeights) -> _Weighted:
        """The template's scores under weights ``w`` (``key``: :func:`_weights_key`)."""
        found = self._weighted.get(key)
        if found is None:
            if len(self._weighted) >= 64:
                self._weighted.clear()
            found = self._weighted[key] = _Weighted(self, w)
        return found


class _Weighted:
    """A template's gaps, scored and with their reasons, under one weighting.

    A gap's measures depend on the template and on five counts only — the chain's other
    segments with firms, those of them up- or downstream, the neighbours, those of them linked
    from other chains, those with firms — so they are kept by segment and counts
    (:meth:`measure`). A missing segment's whole gap, when its reasons name no firm and no other
    chain links to it, depends only on the segments with firms up- and downstream of it (all it
    counts lies there) and on how many segments have firms, so it is kept whole (:meth:`gap`),
    its reasons shared by the chains alike around it. Some tens of thousands of entries serve
    the 20,000 chains of a national run.
    """

    def __init__(self, t: _Template, w: GapWeights) -> None:
        self.wd, self.wr = w.dependence, w.relatedness
        self.wd_text = f"{w.dependence:g}"
        ws, wb, wr = (f"{x:g}" for x in (w.single_point, w.betweenness, w.relatedness))
        self.fixed = [
            (
                w.single_point * single,
                w.betweenness * b,
                f" + {ws}×{single:.0f} + {wb}×{text} + {wr}×",
            )
            for single, b, text in zip(t.single, t.between, t.between_text, strict=True)
        ]
        #: By (segment, others, related, neighbours, linked, related neighbours): rounded
        #: dependence and relatedness, score, and the reasons' sentences on them (Chinese,
        #: English: dependence, relatedness, score).
        self.measures: dict[tuple[int, ...], tuple[Any, ...]] = {}
        #: :meth:`gap` by its key.
        self.gaps: dict[tuple[int, int, int, int], tuple[Any, ...]] = {}

    def gap(self, t: _Template, key: tuple[int, int, int, int]) -> tuple[Any, ...]:
        """The gap at a missing segment naming no firm and linked to no other chain, which
        depends on the segment ``i``, the segments ``up`` and ``down`` of it with firms (masks)
        and how many segments of the chain have firms: ``key`` is the four (kept in
        :attr:`gaps`)."""
        i, up, down, n_have = key
        found = _gap(t, self, i, up | down, n_have, t.missing((i, up, down)), ())
        if len(self.gaps) >= _CACHED:
            self.gaps.clear()
        self.gaps[key] = found
        return found

    def measure(self, key: tuple[int, int, int, int, int, int]) -> tuple[Any, ...]:
        """Measure a gap (see :attr:`measures`) and keep it."""
        i, others, related, neighbours, across, related_neighbours = key
        dep = _dependence(others, related)
        rel = _relatedness(neighbours, across, related_neighbours)
        single_weighted, between_weighted, mid = self.fixed[i]
        score = round(self.wd * dep[0] + single_weighted + between_weighted + self.wr * rel[0], 12)
        formula = f"{score:.3f} = {self.wd_text}×{dep[2]}{mid}{rel[2]}"
        found = (
            dep[1],
            rel[1],
            score,
            dep[3],
            dep[4],
            rel[3],
            rel[4],
            f"得分 {formula}。",
            f"score {formula}.",
        )
        if len(self.measures) >= _CACHED:
            self.measures.clear()
        self.measures[key] = found
        return found


#: The most entries a cache of texts keeps (it starts afresh when full).
_CACHED = 1 << 15
#: Templates seen lately, by identity (the template is kept, so its id is not reused meanwhile).
_TEMPLATES: dict[int, tuple[ChainTemplate, _Template]] = {}
#: Templates by content: equal templates loaded from different files share one entry.
_template_by_content = functools.lru_cache(maxsize=256)(_Template)


def _template_of(template: ChainTemplate) -> _Template:
    """The gap-analysis view of a template: by identity, else by content."""
    hit = _TEMPLATES.get(id(template))
    if hit is not None and hit[0] is template:
        return hit[1]
    found = _template_by_content(template)
    if len(_TEMPLATES) >= 4096:
        _TEMPLATES.clear()
    _TEMPLATES[id(template)] = (template, found)
    return found


@functools.lru_cache(maxsize=4096)
def _dependence(others: int, related: int) -> tuple[float, float, str, str, str]:
    """Dependence from its counts: value, rounded value, text, Chinese and English reason."""
    value = related / others if others else 0.0
    d = f"{value:.2f}"
    return (
        value,
        round(value, 12),
        d,
        f"依存度 {d}：链上其他 {others} 个已有本地企业的环节中，有 {related} 个在它的上游或下游。",
        f"dependence {d}: {related} of the chain's {others} other segments with local firms "
        "lie upstream or downstream of it.",
    )


@functools.lru_cache(maxsize=4096)
def _relatedness(neighbours: int, across: int, related: int) -> tuple[float, float, str, str, str]:
    """Relatedness density from its counts (``across``: neighbours linked from other chains):
    value, rounded value, text, Chinese and English reason."""
    value = related / neighbours if neighbours else 0.0
    r = f"{value:.2f}"
    return (
        value,
        round(value, 12),
        r,
        f"关联密度 {r}：相邻的 {neighbours} 个环节"
        + (f"（含跨链关联 {across} 个）" if across else "")
        + f"中有 {related} 个已有本地企业。",
        f"relatedness density {r}: {related} of its {neighbours} neighbouring segments have "
        "local firms" + (f" ({across} of them linked from other chains)." if across else "."),
    )


def _missing(
    name: str, node: str, up: tuple[str, str] | None, down: tuple[str, str] | None
) -> tuple[ChainAction, Any, str, str]:
    """The action on a missing segment, its direction and its first reason (Chinese, English),
    from how the reasons name the segments with firms upstream and downstream of it
    (:meth:`_Template.label`; ``None``: none)."""
    if up and down:
        return (
            _FILL,
            None,
            f"「{name}」缺失：本地无企业，而其上游已有{up[0]}、下游已有{down[0]}，宜补链。",
            f"{node} is missing: no local firm, while upstream {up[1]} and downstream {down[1]} "
            "have local firms: fill the chain (补链).",
        )
    if up:
        return (
            _EXTEND,
            "downstream",
            f"「{name}」缺失：上游已有{up[0]}，下游没有本地企业，宜向下游延链。",
            f"{node} is missing: upstream {up[1]} have local firms, nothing downstream does: "
            "extend the chain downstream (延链).",
        )
    if down:
        return (
            _EXTEND,
            "upstream",
            f"「{name}」缺失：下游已有{down[0]}，上游没有本地企业，宜向上游延链。",
            f"{node} is missing: downstream {down[1]} have local firms, nothing upstream does: "
            "extend the chain upstream (延链).",
        )
    return (
        _BUILD,
        None,
        f"「{name}」缺失，其上下游也都没有本地企业，需新建该环节（建链）。",
        f"{node} is missing and no segment upstream or downstream of it has a local firm: "
        "build it (建链).",
    )


def _gap(
    t: _Template,
    weighted: _Weighted,
    i: int,
    have: int,
    n_have: int,
    why: tuple[ChainAction, Any, str, str],
    across: tuple[_Link, ...],
) -> tuple[Any, ...]:
    """The gap at segment ``i``: :class:`Gap`'s fields from ``segment`` to ``score``, then
    ``reasons`` and ``reasons_en``.

    Args:
        t, weighted: The template and its weighting.
        i: The segment.
        have, n_have: The segments with firms (a mask; only those up- or downstream of ``i``
            matter), and how many there are on the chain.
        why: The action, its direction and the first reason, in Chinese and English.
        across: The segments of other chains linked to it.
    """
    bit = 1 << i
    others = n_have - 1 if have & bit else n_have
    related = ((t.up[i] | t.down[i]) & have & ~bit).bit_count()
    n_neighbours = t.n_neighbours[i]
    n_related = (t.neighbours[i] & have).bit_count()
    if across:
        across_have = [x for x in across if x.has_firms]
        n_neighbours += len(across)
        n_related += len(across_have)
    key = (i, others, related, n_neighbours, len(across), n_related)
    m = weighted.measures.get(key) or weighted.measure(key)
    single_zh, between_zh, single_en, between_en = t.fixed_reasons[i]
    if across:
        zh = (why[2], m[3], single_zh, between_zh, m[5], *(x.reason for x in across_have), m[7])
        en = (why[3], m[4], single_en, between_en, m[6], *(x.reason_en for x in across_have), m[8])
    else:
        zh = (why[2], m[3], single_zh, between_zh, m[5], m[7])
        en = (why[3], m[4], single_en, between_en, m[6], m[8])
    return (
        t.ids[i],
        t.names[i],
        why[0],
        why[1],
        t.alone[i],
        m[0],
        t.single[i],
        t.between_rounded[i],
        m[1],
        m[2],
        zh,
        en,
    )


_DEFAULT_WEIGHTS = GapWeights()


def _weights_key(w: GapWeights) -> tuple[str, ...]:
    """Weights as a cache key: their reprs, so that 0 and -0.0, or 1 and 1.0, stay apart."""
    return (repr(w.dependence), repr(w.single_point), repr(w.betweenness), repr(w.relatedness))


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
    return _Analysis(plan, weights).chain(c)


def analyse_chains(plan: Plan, weights: GapWeights | None = None) -> tuple[ChainAnalysis, ...]:
    """:func:`gap_analysis` of every chain of the plan, in plan order.

    Examples:
        >>> from fyp_planning import Chain, Plan, analyse_chains
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, chains=[Chain(id="food", name="特色食品")])
        >>> [(a.chain, a.template, a.gaps) for a in analyse_chains(plan)]
        [('food', None, ())]
    """
    analysis = _Analysis(plan, weights)
    return tuple(analysis.chain(c) for c in plan.chains)


class _Analysis:
    """Gap analysis of a plan's chains under one weighting: what the chains share (the plan's
    firms and templates by id, the cross-chain links, the weights) is read once."""

    def __init__(self, plan: Plan, weights: GapWeights | None) -> None:
        self.plan = plan
        self.w = w = weights if weights is not None else _DEFAULT_WEIGHTS
        self.key = _weights_key(w)
        self.total = w.total
        self.firms = {e.id: e for e in plan.enterprises}
        self.kinds = _kinds(self.firms)
        self.templates: dict[str, ChainTemplate] = {}
        for t in plan.templates:
            self.templates.setdefault(t.id, t)
        self.links = _links(plan, self.firms) if plan.links else {}

    def chain(self, c: Chain) -> ChainAnalysis:
        """:func:`gap_analysis` of one chain of the plan."""
        if c.template is None:
            return ChainAnalysis(
                chain=c.id, name=c.name, template=None, presence_provenance=c.presence_provenance
            )
        template = self.templates.get(c.template) or self.plan.template(c.template)
        t = _template_of(template)
        ids, status = _placed(c, t.index, self.kinds)
        reports = tuple(
            [
                _new_report(s.id, s.name, s.stage, s.core, ids[i], status[i]) if ids[i] else empty
                for i, s, empty in t.reports
            ]
        )
        have = strong = 0  # segments with firms, with a leader: as masks
        for i, st in enumerate(status):
            if st is not _MISSING:
                have |= 1 << i
                if st is _STRONG:
                    strong |= 1 << i
        n_have = have.bit_count()
        gaps: list[tuple[Any, ...]] = []
        if t.core_mask and not have & t.core_mask:
            gaps.append(
                (
                    None,
                    c.name,
                    _BUILD,
                    None,
                    t.core,
                    None,
                    None,
                    None,
                    None,
                    self.total,
                    (f"「{c.name}」没有任何核心环节有本地企业，需建链：核心环节{t.core_names}。",),
                    (
                        f"{c.id}: no core segment has a local firm; build the chain (建链), "
                        f"core segments: {t.core_names_en}.",
                    ),
                )
            )
        linked = self.links.get(c.id, {})
        weighted = t.weighted(self.key, self.w)
        done, whys = weighted.gaps, t.whys
        for i, st in enumerate(status):
            if st is not _MISSING and st is not _WEAK:
                continue  # strong and present segments are not gaps
            across = linked.get(t.ids[i], ())
            if st is _MISSING:
                up_have, down_have = t.up[i] & have, t.down[i] & have
                if (up_have & strong and not up_have & (up_have - 1)) or (
                    down_have & strong and not down_have & (down_have - 1)
                ):  # a segment alone on one side, with a leader to name
                    why = _missing(
                        t.names[i],
                        t.ids[i],
                        self._label(t, up_have, ids, status),
                        self._label(t, down_have, ids, status),
                    )
                elif not across:  # most gaps: shared by all chains alike around the segment
                    key = (i, up_have, down_have, n_have)
                    gaps.append(done.get(key) or weighted.gap(t, key))
                    continue
                else:
                    key = (i, up_have, down_have)
                    why = whys.get(key) or t.missing(key)
            else:
                firm = ids[i][0]
                firm_name = self.firms[firm].name if firm in self.firms else firm
                why = (
                    _STRENGTHEN,
                    None,
                    f"「{t.names[i]}」薄弱：仅有1家企业（{firm_name}），既非龙头也非规模以上，宜强链。",
                    f"{t.ids[i]} is weak: a single firm ({firm}), neither a leader nor "
                    "above-scale: strengthen it (强链).",
                )
            gaps.append(_gap(t, weighted, i, have, n_have, why, across))
        gaps.sort(key=_rank_key)
        chain_id = c.id
        ranked = tuple(
            [_new_gap(chain_id, *g[:10], rank, g[10], g[11]) for rank, g in enumerate(gaps, 1)]
        )
        return ChainAnalysis(
            chain=chain_id,
            name=c.name,
            template=template.id,
            template_provenance=template.provenance,
            presence_provenance=c.presence_provenance,
            segments=reports,
            gaps=ranked,
        )

    def _label(
        self, t: _Template, mask: int, ids: list[tuple[str, ...]], status: list[SegmentStatus]
    ) -> tuple[str, str] | None:
        """How the reasons name a set of segments (:meth:`_Template.label`); a segment alone
        with a leading firm is named with its firms (:func:`_firms_in`)."""
        if mask and not mask & (mask - 1):
            i = mask.bit_length() - 1
            if status[i] is _STRONG:
                firms = self.firms
                zh, en = _firms_in([firms[x] for x in ids[i] if x in firms])
                return f"{zh}所在的{t.names[i]}", f"{t.ids[i]} ({en})"
        return t.label(mask)


def _firms_in(firms: list[Enterprise]) -> tuple[str, str]:
    """A segment's firms as the reasons name them: leaders first, then the others, each in
    plan order; beyond three, the first three and the count (Chinese names, English ids).

    Examples:
        >>> from fyp_planning import Enterprise
        >>> lead, b, c, d = (Enterprise(id=i, name=n, leader=(i == "a")) for i, n in
        ...                  [("a", "甲食品"), ("b", "乙食品"), ("c", "丙食品"), ("d", "丁食品")])
        >>> _firms_in([lead])
        ('甲食品', 'a')
        >>> _firms_in([b, lead])
        ('甲食品、乙食品', 'a, b')
        >>> _firms_in([b, c, lead, d])
        ('甲食品、乙食品、丙食品等4家企业', 'a, b, c and 1 more')
    """
    ordered = [e for e in firms if e.leader] + [e for e in firms if not e.leader]
    zh = "、".join(e.name for e in ordered[:3])
    en = ", ".join(e.id for e in ordered[:3])
    if len(ordered) > 3:
        zh += f"等{len(ordered)}家企业"
        en += f" and {len(ordered) - 3} more"
    return zh, en


def _rank_key(gap: tuple[Any, ...]) -> tuple[float, str]:
    """Gaps rank by score, highest first, then by segment id (a chain-level gap first)."""
    return -gap[9], gap[0] or ""


@attrs.frozen
class _Link:
    """A segment of another chain joined to this one by a cross-chain link."""

    ref: str
    has_firms: bool
    reason: str
    reason_en: str


def _links(plan: Plan, firms: dict[str, Any]) -> dict[str, dict[str, tuple[_Link, ...]]]:
    """For each chain and each of its segments, the other chains' segments the plan's links
    join it to."""
    chains = {c.id: c for c in plan.chains}
    out: dict[str, dict[str, list[_Link]]] = {}
    for u, v in sorted(set(plan.links)):
        for mine, other, supplies in ((u, v, False), (v, u, True)):
            chain_id, _, seg = mine.partition(".")
            other_chain_id, _, other_seg = other.partition(".")
            if other_chain_id == chain_id:
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
            out.setdefault(chain_id, {}).setdefault(seg, []).append(
                _Link(
                    ref=other,
                    has_firms=bool(ids),
                    reason=f"跨链关联：本县{oc.name}链的「{seg_name}」已有本地企业（{names}），"
                    f"{role}。",
                    reason_en=f"cross-chain link: {other} ({oc.name}) has local firms "
                    f"({', '.join(ids)}) and {role_en} this segment.",
                )
            )
    return {c: {k: tuple(v) for k, v in segs.items()} for c, segs in out.items()}
