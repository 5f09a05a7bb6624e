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

The code below follows these rules in this order (:meth:`_Analysis.chain`); the sentences of the
reasons are made in :mod:`~fyp_planning.chains.reasons`, the template's supply graph is
measured once in :mod:`~fyp_planning.chains._structure`.
"""

from __future__ import annotations

from typing import Any, Literal

from ..model.entities import Chain
from ..model.enums import ChainAction, SegmentStatus
from ..model.plan import Plan
from ..text import Message, Text
from ._structure import TemplateView, template_view
from .graph import _kinds, _placed
from .reasons import Link, Reasons, firms_in, links, reasons_for
from .results import ChainAnalysis, Gap, GapWeights, KeptMessage, SegmentReport, new_gap, new_report

__all__ = ["ChainAnalysis", "Gap", "GapWeights", "SegmentReport", "analyse_chains", "gap_analysis"]

_MISSING, _WEAK, _STRONG = SegmentStatus.MISSING, SegmentStatus.WEAK, SegmentStatus.STRONG
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
    return tuple([analysis.chain(c) for c in plan.chains])


def _action(up: int, down: int) -> tuple[ChainAction, Literal["upstream", "downstream"] | None]:
    """The action on a missing segment with local firms in the segments ``up`` and ``down`` of
    it (masks; 0: none), and its direction."""
    if up and down:
        return ChainAction.FILL, None  # broken in the middle
    if up:
        return ChainAction.EXTEND, "downstream"  # beyond the downstream end of the local chain
    if down:
        return ChainAction.EXTEND, "upstream"  # beyond its upstream end
    return ChainAction.BUILD, None  # a branch built from nothing


class _Analysis:
    """Gap analysis of a plan's chains under one weighting: what the chains share (the plan's
    firms, its templates' views and sentences, the cross-chain links, the weights) is read
    once."""

    def __init__(self, plan: Plan, weights: GapWeights | None) -> None:
        self.plan = plan
        self.w = w = weights if weights is not None else _DEFAULT_WEIGHTS
        #: Weights that compare equal but print differently (0 and -0.0) keep apart.
        self.key = tuple(
            repr(x) for x in (w.dependence, w.single_point, w.betweenness, w.relatedness)
        )
        self.firms = {e.id: e for e in plan.enterprises}
        self.kinds = _kinds(self.firms)
        self.links = links(plan, self.firms) if plan.links else {}
        self.views: dict[str, tuple[TemplateView, Reasons]] = {}
        #: How the reasons name a lone strong segment with its firms (:meth:`_named`), by
        #: template, segment and firms: the chains' gaps next to it share it.
        self.named: dict[tuple[str, int, tuple[str, ...]], Message] = {}

    def view(self, template: str) -> tuple[TemplateView, Reasons]:
        """A template's view and its sentences under these weights, by template id."""
        found = self.views.get(template)
        if found is None:
            t = template_view(self.plan.template(template))
            found = self.views[template] = t, reasons_for(t, self.w, self.key)
        return found

    def chain(self, c: Chain) -> ChainAnalysis:
        """:func:`gap_analysis` of one chain of the plan."""
        if c.template is None:
            return ChainAnalysis(
                chain=c.id,
                name=c.name,
                template=None,
                presence_provenance=c.presence_provenance,
                directions=c.directions,
            )
        t, reasons = self.view(c.template)
        firms, status = _placed(c, t.index, self.kinds)
        reports = tuple(
            [
                new_report(s.id, s.name, s.stage, s.core, firms[i], status[i])
                if firms[i]
                else empty
                for i, s, empty in t.empty
            ]
        )
        have = strong = 0  # the segments with local firms, and with a leader: masks
        for i, st in enumerate(status):
            if st is not _MISSING:
                have |= 1 << i
                if st is _STRONG:
                    strong |= 1 << i
        gaps: list[tuple[Any, ...]] = []
        if t.core_mask and not have & t.core_mask:  # no core segment has local firms
            gaps.append(
                (
                    None,
                    c.name,
                    ChainAction.BUILD,
                    None,
                    t.core,
                    *[None] * 4,
                    self.w.total,
                    (reasons.build_chain(c.id, c.name),),
                    (),
                )
            )
        linked = self.links.get(c.id, {})
        n_have = have.bit_count()
        for i, st in enumerate(status):
            if st is not _MISSING and st is not _WEAK:
                continue  # strong and present segments are not gaps
            across = linked.get(t.ids[i], ())
            if st is _WEAK:
                firm = firms[i][0]
                known = self.firms.get(firm)
                first = reasons.weak(i, firm, known.name if known else firm)
                gaps.append(
                    self._scored(t, reasons, i, have, ChainAction.STRENGTHEN, None, first, across)
                )
                continue
            up, down = t.up[i] & have, t.down[i] & have
            named = (
                self._named(t, up, firms) if up & strong else None,
                self._named(t, down, firms) if down & strong else None,
            )
            if named != (None, None) or across:
                gaps.append(self._missing(t, reasons, i, have, up, down, named, across))
                continue
            # Naming no firm and linked to no other chain, the gap depends only on the segment,
            # the segments with firms up- and downstream of it (all it counts lies there) and
            # how many segments have firms: most gaps are such, kept for the chains alike.
            key = (i, up, down, n_have)
            gap = reasons.gaps.get(key)
            if gap is None:
                gap = reasons.keep_gap(key, self._missing(t, reasons, i, have, up, down, named))
            gaps.append(gap)
        gaps.sort(key=lambda g: (-g[9], g[0] or ""))  # by score, then segment id
        return ChainAnalysis(
            chain=c.id,
            name=c.name,
            template=t.template.id,
            template_provenance=t.template.provenance,
            presence_provenance=c.presence_provenance,
            segments=reports,
            directions=c.directions,
            gaps=tuple(
                [new_gap(c.id, *g[:10], rank, g[10], g[11]) for rank, g in enumerate(gaps, 1)]
            ),
        )

    def _missing(
        self,
        t: TemplateView,
        reasons: Reasons,
        i: int,
        have: int,
        up: int,
        down: int,
        named: tuple[Text | None, Text | None],
        across: tuple[Link, ...] = (),
    ) -> tuple[Any, ...]:
        """The gap at missing segment ``i`` (as :meth:`_scored` gives it), with local firms in
        the segments ``up`` and ``down`` of it; ``named``: either side named with its firms."""
        action, direction = _action(up, down)
        first = reasons.missing(i, action, direction, up, down, named)
        return self._scored(t, reasons, i, have, action, direction, first, across)

    def _scored(
        self,
        t: TemplateView,
        reasons: Reasons,
        i: int,
        have: int,
        action: ChainAction,
        direction: str | None,
        first: Message,
        across: tuple[Link, ...],
    ) -> tuple[Any, ...]:
        """The gap at segment ``i`` of a chain whose segments with firms are ``have``: the
        fields of :class:`Gap` from ``segment`` to ``score``, then its reasons (catalogue
        messages) and no English beside them."""
        bit = 1 << i
        others = have & ~bit  # the chain's other segments with local firms
        related = (t.up[i] | t.down[i]) & others  # ... upstream or downstream of it
        n_others, n_related = others.bit_count(), related.bit_count()
        neighbours = t.neighbours[i].bit_count()  # its suppliers and customers ...
        near = (t.neighbours[i] & have).bit_count()  # ... with local firms
        if across:  # and the segments of other chains linked to it
            neighbours += len(across)
            near += sum(x.has_firms for x in across)
        key = (i, n_others, n_related, neighbours, len(across), near)
        measures = reasons.measures.get(key)
        if measures is None:  # they depend on these counts only: kept for the gaps alike
            measures = reasons.keep_measures(key, self._measures(t, reasons, key))
        dependence, relatedness, score, sentences = measures
        return (
            t.ids[i],
            t.names[i],
            action,
            direction,
            t.alone[i],
            dependence,
            t.single[i],
            round(t.between[i], 12),
            relatedness,
            score,
            reasons.of_gap(i, first, sentences, across),
            (),
        )

    def _measures(
        self, t: TemplateView, reasons: Reasons, key: tuple[int, int, int, int, int, int]
    ) -> tuple[float, float, float, tuple[KeptMessage, KeptMessage, KeptMessage]]:
        """A gap's dependence, relatedness density and score, rounded to 12 places, and the
        sentences on them, from the counts in ``key`` (see :meth:`_scored`)."""
        i, n_others, n_related, neighbours, _, near = key
        dependence = n_related / n_others if n_others else 0.0
        relatedness = near / neighbours if neighbours else 0.0
        w = self.w
        score = round(
            w.dependence * dependence
            + w.single_point * t.single[i]
            + w.betweenness * t.between[i]
            + w.relatedness * relatedness,
            12,
        )
        sentences = reasons.measured(key, dependence, relatedness, score)
        return round(dependence, 12), round(relatedness, 12), score, sentences

    def _named(self, t: TemplateView, mask: int, firms: list[tuple[str, ...]]) -> Message | None:
        """How the reasons name the segments ``mask``, which include a strong one, when that is
        all: with its firms (:func:`~fyp_planning.chains.reasons.firms_in`); else ``None``."""
        if mask & (mask - 1):
            return None  # more than one segment
        i = mask.bit_length() - 1
        key = (t.template.id, i, firms[i])
        found = self.named.get(key)
        if found is None:
            said = firms_in([self.firms[x] for x in firms[i] if x in self.firms])
            found = self.named[key] = Message(
                "chains.gap.firms_in_segment", firms=said, name=t.names[i], segment=t.ids[i]
            )
        return found
