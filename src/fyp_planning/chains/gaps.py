"""Gap analysis of industrial chains: 建链, 延链, 补链, 强链, each scored with its reasons.

The rules
---------
Each segment of a chain's template is classified by the local firms present in it
(:func:`~fyp_planning.classify_segment`): strong, present, weak or missing. A missing segment
that a segment of another local chain with firms *supplies* (the plan's cross-chain ``links``,
``other.segment → this.segment``) is **present by link** (``linked``, 链间供给): the county
already makes what it needs, so it is no gap, and the link is shown. A segment *has local
firms* unless it is missing (present-by-link counts as having them). The chain is *built* when
one of its core segments (all, when the template marks none) has firms of its own. Then:

* **建链 build** — the chain is not built: a chain-level 建链 listing the core segments to
  build, and every missing segment a 建链 (it is laid out as the chain is built);
* **补链 fill** — in a built chain, a missing segment *between* present ones (local firms both
  among its ancestors and among its descendants in the supply graph), or a missing segment the
  template marks core;
* **延链 extend** — in a built chain, any other missing segment: beyond the local chain's
  downstream end (firms only upstream of it), beyond its upstream end (firms only downstream),
  or a branch beside it (no firm up- or downstream: ``direction`` ``None``);
* **强链 strengthen** — a weak segment (a single small firm).

Strong, present and linked segments are not gaps. A segment that is a resource (资源禀赋) or
infrastructure (基础设施) — its template's :class:`~fyp_planning.SegmentNature` — keeps its
action, and its second reason says it is no firm to attract: 培育、保护开发, or 配套建设 (the
招商 list, :func:`~fyp_planning.attraction_list`, lists it apart).

The first reason of a missing segment's gap names the segments with local firms upstream and
downstream of it; a lone strong one is named with its firms, leaders first, then the others,
and beyond three by their count (``甲食品、乙食品、丙食品等5家企业所在的加工``). Then, in
plain words, what the plan says of it (quoting the direction with its section) and the
projects in it; the measures and the score's arithmetic follow as detail.

The score
---------
A segment gap scores the weighted sum (:class:`GapWeights`) of seven measures, each in [0, 1].
Five read the template and the local firms:

* *dependence* — of the chain's other segments with local firms, the share lying upstream or
  downstream of it: how much of what exists locally would use it. For a weak segment (强链)
  the segment itself counts too — the share of the local chain that stands or falls with it:
  a lone weak segment is the whole local chain (1.0);
* *single point of failure* — 1 when every path from an entry (where raw materials come in: a
  source of the template, or an upstream-stage segment) to an end (where final products leave:
  a sink, or a downstream-stage segment) passes through it, found with dominators (as
  :func:`networkx.immediate_dominators` finds them) from a virtual source to a virtual sink;
  else 0. Joining the virtual sink to every product segment, not only the sinks, keeps a lone
  after-sales segment (every product feeds 维修与售后) from being a bottleneck by layout;
* *betweenness* — its normalised betweenness centrality in the template (as
  :func:`networkx.betweenness_centrality` computes it);
* *relatedness density* — the share of its neighbours with local firms, after economic
  complexity: capabilities next door make a gap easier to fill. Its neighbours are its direct
  suppliers and customers in the template and the segments of the county's other chains the
  plan's cross-chain ``links`` join it to; the reasons name the linked segments with firms;
* *core* — 1 when the template marks the segment core (the segments that define the chain).

Two read the plan:

* *planned* — 1 when one of the chain's stated directions (:class:`~fyp_planning.ChainDirection`)
  names the segment, whatever word it uses (``asks``: with the gap's action; ``names``: with
  another — a plan writing 延链 for what is here a 补链 still wants that segment); 0.25 when a
  whole-chain direction asks for the gap's action (``agrees``); else 0 (``silent``);
* *project* — 1 when a project of the plan or its predecessor has its firm in the segment (a
  weak segment's one firm: a live project makes 强链 actionable); else 0.

A chain-level 建链 scores the structural weights' sum (the most the five structural measures
can give) plus the *planned* term of the directions naming its core segments or the whole
chain: it leads its chain. Gaps are ranked by score, highest first; ties by what the plan says
(asks, names, agrees, silent), then core segments first, then by stage (upstream, midstream,
downstream, services), then segment id (the chain-level gap, with no segment, first). Graphs are built in sorted order, so scores do not depend on the
order a plan lists segments, edges or firms. Where each stated direction lands, or why it is
not among the first five, :meth:`ChainAnalysis.direction_checks` says.

Adding a firm and the ranking
-----------------------------
Filling a missing segment never adds a gap and never makes another gap's action harsher
(建链 → 延链 → 补链 only; a segment it supplies by link leaves the list). It can, by design,
raise another gap's *score*: dependence and relatedness density measure how much of the local
chain a gap touches, and a new firm next door is exactly the capability that makes its
neighbour more worth filling and easier to fill. So a neighbour of the new firm may move ahead
of a gap it trailed. A user who wants a ranking that only local presence cannot reorder sets
``GapWeights(dependence=0, relatedness=0)``: the score then rests on the template and the plan
alone, and adding a firm can only move other gaps up the list, as the gap it filled leaves it.

The code below follows these rules in this order (:meth:`_Analysis.chain`); the sentences of the
reasons are made in :mod:`~fyp_planning.chains.reasons`, the template's supply graph is
measured once in :mod:`~fyp_planning.chains._structure`.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from ..model.entities import Chain, ChainDirection, Project
from ..model.enums import ChainAction, SegmentStatus, Stage
from ..model.plan import Plan
from ..text import Message
from ._structure import TemplateView, template_view
from .graph import _kinds, _placed, projects_by_firm
from .reasons import Link, Reasons, firms_in, links, plan_said, projects_said, reasons_for
from .results import (
    PLANNED,
    STANCES,
    ChainAnalyses,
    ChainAnalysis,
    Gap,
    GapWeights,
    KeptMessage,
    SegmentReport,
    Stances,
    new_gap,
    new_report,
)

__all__ = [
    "ChainAnalyses",
    "ChainAnalysis",
    "Gap",
    "GapWeights",
    "SegmentReport",
    "analyse_chains",
    "gap_analysis",
]

_MISSING, _WEAK, _STRONG = SegmentStatus.MISSING, SegmentStatus.WEAK, SegmentStatus.STRONG
_LINKED = SegmentStatus.LINKED
_SILENT: tuple[str, tuple[ChainDirection, ...]] = ("silent", ())
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


def analyse_chains(plan: Plan, weights: GapWeights | None = None) -> ChainAnalyses:
    """:func:`gap_analysis` of every chain of the plan, in plan order: a tuple of
    :class:`ChainAnalysis` with the chains' tables (:class:`~fyp_planning.ChainAnalyses`).

    Examples:
        >>> from fyp_planning import Chain, Plan, analyse_chains
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, chains=[Chain(id="food", name="特色食品")])
        >>> [(a.chain, a.template, a.gaps) for a in analyse_chains(plan)]
        [('food', None, ())]
    """
    analysis = _Analysis(plan, weights)
    return ChainAnalyses([analysis.chain(c) for c in plan.chains])


def _action(
    built: bool, core: bool, up: int, down: int
) -> tuple[ChainAction, Literal["upstream", "downstream"] | None]:
    """The action on a missing segment, and its direction: ``built`` when some core segment
    of the chain has its own local firms, ``core`` when the segment is one the template marks
    core, ``up`` and ``down`` the segments with local firms (or present by link) up- and
    downstream of it (masks; 0: none)."""
    if not built:
        return ChainAction.BUILD, None  # the chain itself is still to be built
    if up and down:
        return ChainAction.FILL, None  # broken in the middle
    if core:
        return ChainAction.FILL, None  # a core segment of a chain that has firms
    if up:
        return ChainAction.EXTEND, "downstream"  # beyond the downstream end of the local chain
    if down:
        return ChainAction.EXTEND, "upstream"  # beyond its upstream end
    return ChainAction.EXTEND, None  # a branch beside the local chain


#: The order of stages in the tie-break (:func:`_order`).
_STAGE_ORDER = {Stage.UPSTREAM: 0, Stage.MIDSTREAM: 1, Stage.DOWNSTREAM: 2, Stage.SERVICES: 3}
_STANCE_ORDER = {s: n for n, s in enumerate(STANCES)}


class _Analysis:
    """Gap analysis of a plan's chains under one weighting: what the chains share (the plan's
    firms and projects, its templates' views and sentences, the cross-chain links, the
    weights) is read once."""

    def __init__(self, plan: Plan, weights: GapWeights | None) -> None:
        self.plan = plan
        self.w = w = weights if weights is not None else _DEFAULT_WEIGHTS
        #: Weights that compare equal but print differently (0 and -0.0) keep apart.
        self.key = tuple(repr(x) for x in attrs.astuple(w))
        #: The structural weights' sum: what a chain-level 建链 scores before the plan's say.
        self.structural = round(
            w.dependence + w.single_point + w.betweenness + w.relatedness + w.core, 12
        )
        self.firms = {e.id: e for e in plan.enterprises}
        self.kinds = _kinds(self.firms)
        self.links = links(plan, self.firms) if plan.links else {}
        self.projects = projects_by_firm(plan) if plan.projects or plan.predecessor else {}
        self.views: dict[str, tuple[TemplateView, Reasons]] = {}
        #: How the reasons name a lone strong segment with its firms (:meth:`_named`), by
        #: template, segment and firms: the chains' gaps next to it share it.
        self.named: dict[tuple[str, int, tuple[str, ...]], Message] = {}

    def names(self, firms: tuple[str, ...]) -> tuple[str, ...]:
        """The names of ``firms`` (ids), a firm the plan does not list by its id."""
        known = self.firms
        return tuple([known[x].name if x in known else x for x in firms])

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
                plan=self.plan,
            )
        t, reasons = self.view(c.template)
        firms, status = _placed(c, t.index, self.kinds)
        linked = self.links.get(c.id, {})
        supplied: dict[int, tuple[str, ...]] = {}  # segments present by link: the suppliers
        for seg, across in linked.items():
            i = t.index.get(seg)
            if i is not None and status[i] is _MISSING:
                refs = tuple([x.ref for x in across if x.supplies and x.has_firms])
                if refs:
                    status[i] = _LINKED
                    supplied[i] = refs
        reports = tuple(
            [
                new_report(
                    s.id, s.name, s.stage, s.core, firms[i], status[i], (),
                    s.nature, s.products, s.industry_codes, self.names(firms[i]),
                )
                if firms[i]
                else new_report(
                    s.id, s.name, s.stage, s.core, (), _LINKED, supplied[i],
                    s.nature, s.products, s.industry_codes, (),
                )
                if i in supplied
                else empty
                for i, s, empty in t.empty
            ]
        )  # fmt: skip
        own = strong = 0  # the segments with local firms of their own, and with a leader
        for i, st in enumerate(status):
            if st is not _MISSING and st is not _LINKED:
                own |= 1 << i
                if st is _STRONG:
                    strong |= 1 << i
        have = own | sum(1 << i for i in supplied)  # ... and those present by link
        built = not t.core_mask or bool(own & t.core_mask)
        directions = c.directions
        stances = Stances(directions) if directions else None
        gaps: list[tuple[Any, ...]] = []
        if not built:  # no core segment has local firms
            stance, found = stances.of(ChainAction.BUILD, t.core) if stances else _SILENT
            planned = PLANNED[stance]
            gaps.append(
                (
                    None,
                    c.name,
                    ChainAction.BUILD,
                    None,
                    t.core,
                    *[None] * 5,
                    planned,
                    None,
                    round(self.structural + self.w.planned * planned, 12),
                    stance,
                    (reasons.build_chain(c.id, c.name), *plan_said(stance, found)),
                    (),
                )
            )
        n_have = have.bit_count()
        for i, st in enumerate(status):
            if st is not _MISSING and st is not _WEAK:
                continue  # strong, present and linked segments are not gaps
            across = linked.get(t.ids[i], ())
            if st is _WEAK:
                firm = firms[i][0]
                known = self.firms.get(firm)
                first = reasons.weak(i, firm, known.name if known else firm)
                projects = self.projects.get(firm, ()) if self.projects else ()
                said = stances.of(ChainAction.STRENGTHEN, t.alone[i]) if stances else _SILENT
                gaps.append(
                    self._scored(
                        t, reasons, i, have, ChainAction.STRENGTHEN, None, first, across,
                        said, projects,
                    )
                )  # fmt: skip
                continue
            up, down = t.up[i] & have, t.down[i] & have
            named = (
                self._named(t, up, firms) if up & strong else None,
                self._named(t, down, firms) if down & strong else None,
            )
            action, direction = _action(built, bool(t.marked_core >> i & 1), up, down)
            said = stances.of(action, t.alone[i]) if stances else _SILENT
            if named != (None, None) or across or said[0] != "silent":
                first = reasons.missing(i, action, direction, up, down, named)
                gaps.append(
                    self._scored(t, reasons, i, have, action, direction, first, across, said)
                )
                continue
            # Naming no firm, linked to no other chain and of which the plan says nothing, the
            # gap depends only on the segment, the segments with firms up- and downstream of
            # it (all it counts lies there), how many segments have firms and whether the
            # chain is built: most gaps are such, kept for the chains alike.
            key = (i, up, down, n_have, built)
            gap = reasons.gaps.get(key)
            if gap is None:
                first = reasons.missing(i, action, direction, up, down, named)
                gap = reasons.keep_gap(
                    key, self._scored(t, reasons, i, have, action, direction, first, ())
                )
            gaps.append(gap)
        gaps.sort(key=_order(t))
        return ChainAnalysis(
            chain=c.id,
            name=c.name,
            template=t.template.id,
            template_provenance=t.template.provenance,
            presence_provenance=c.presence_provenance,
            segments=reports,
            directions=directions,
            plan=self.plan,
            gaps=tuple(
                [new_gap(c.id, *g[:14], rank, g[14], g[15]) for rank, g in enumerate(gaps, 1)]
            ),
        )

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
        said: tuple[str, tuple[ChainDirection, ...]] = ("silent", ()),
        projects: tuple[tuple[str, Project], ...] = (),
    ) -> tuple[Any, ...]:
        """The gap at segment ``i`` of a chain whose segments with firms are ``have``: the
        fields of :class:`Gap` from ``segment`` to ``stance``, then its reasons (catalogue
        messages) and no English beside them; ``said``: what the plan's directions say of it
        (:meth:`~fyp_planning.chains.results.Stances.of`)."""
        bit = 1 << i
        others = have & ~bit  # the chain's other segments with local firms
        related = (t.up[i] | t.down[i]) & others  # ... upstream or downstream of it
        n_others, n_related = others.bit_count(), related.bit_count()
        neighbours = t.neighbours[i].bit_count()  # its suppliers and customers ...
        near = (t.neighbours[i] & have).bit_count()  # ... with local firms
        if across:  # and the segments of other chains linked to it
            neighbours += len(across)
            near += sum(x.has_firms for x in across)
        stance, found = said
        planned = PLANNED[stance]
        project = 1.0 if projects else 0.0
        weak = action is ChainAction.STRENGTHEN
        key = (i, n_others, n_related, neighbours, len(across), near, weak, planned, project)
        measures = reasons.measures.get(key)
        if measures is None:  # they depend on these counts only: kept for the gaps alike
            measures = reasons.keep_measures(key, self._measures(t, reasons, key))
        dependence, relatedness, score, sentences = measures
        plain = plan_said(stance, found)
        if projects:
            plain = (*plain, projects_said(projects))
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
            float(t.marked_core >> i & 1),
            planned,
            project,
            score,
            stance,
            reasons.of_gap(i, first, sentences, across, plain),
            (),
        )

    def _measures(
        self, t: TemplateView, reasons: Reasons, key: tuple[Any, ...]
    ) -> tuple[float, float, float, tuple[KeptMessage, KeptMessage, KeptMessage]]:
        """A gap's dependence, relatedness density and score, rounded to 12 places, and the
        sentences on them, from the counts in ``key`` (see :meth:`_scored`)."""
        i, n_others, n_related, neighbours, _, near, weak, planned, project = key
        if weak:  # 强链: the share of the local chain that stands or falls with it
            dependence = (n_related + 1) / (n_others + 1)
        else:
            dependence = n_related / n_others if n_others else 0.0
        relatedness = near / neighbours if neighbours else 0.0
        w = self.w
        score = round(
            w.dependence * dependence
            + w.single_point * t.single[i]
            + w.betweenness * t.between[i]
            + w.relatedness * relatedness
            + w.core * (t.marked_core >> i & 1)
            + w.planned * planned
            + w.project * project,
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


def _order(t: TemplateView) -> Any:
    """The ranking of a chain's gaps (as tuples of :class:`Gap`'s fields): by score, highest
    first; ties by what the plan says (asks, names, agrees, silent), then core segments first,
    then by stage (upstream, midstream, downstream, services), then segment id (a chain-level
    建链, with no segment, first). The tie-breaks read the template and the plan only, so with
    template-only weights adding a firm cannot reorder the other gaps."""
    index, core, stages = t.index, t.marked_core, t.stages

    def key(g: tuple[Any, ...]) -> tuple[Any, ...]:
        seg = g[0]
        if seg is None:
            return (-g[12], _STANCE_ORDER[g[13]], 0, -1, "")
        i = index[seg]
        return (
            -g[12],
            _STANCE_ORDER[g[13]],
            0 if core >> i & 1 else 1,
            _STAGE_ORDER[stages[i]],
            seg,
        )

    return key
