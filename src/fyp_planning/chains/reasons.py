"""The sentences that give a gap's reasons, as catalogue messages (ids ``chains.gap.*``, said in
Chinese or English when read), and the cross-chain links they cite.

A national run gives hundreds of thousands of gaps whose sentences repeat: a sentence depends
on the template, the weighting and a few counts only, so each is made once and kept
(:class:`Reasons`, one per template view and weighting) and the gaps share it. Imports the
model, :mod:`~fyp_planning.chains.results` and :mod:`~fyp_planning.chains._structure` only;
which action a gap calls for, and its measures, are decided in
:mod:`~fyp_planning.chains.gaps`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from ..model.entities import ChainDirection, Enterprise, Project
from ..model.enums import ChainAction, SegmentNature
from ..model.plan import Plan
from ..text import Bilingual, Join, Message, Text
from ..units import format_quantity
from ._structure import TemplateView
from .results import PLAN_SAID, GapWeights, KeptMessage

__all__ = ["Link", "Reasons", "firms_in", "links", "plan_said", "projects_said", "reasons_for"]

_K = TypeVar("_K")
_V = TypeVar("_V")

#: The most sentences of one kind a :class:`Reasons` keeps (it starts afresh when full).
_KEPT = 1 << 15


def _keep(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """Keep ``value`` under ``key``, emptying ``cache`` first when it is full."""
    if len(cache) >= _KEPT:
        cache.clear()
    cache[key] = value
    return value


class Reasons:
    """The sentences of a template's gaps under one weighting, and what gap analysis keeps
    besides for the chains alike (:attr:`gaps`, :attr:`measures`): one per template view and
    weighting (:func:`reasons_for`), shared by every chain on the template.

    Each sentence is a catalogue :class:`~fyp_planning.text.Message` (ids ``chains.gap.*``)
    with its raw values: made once here and said in Chinese or English only when a gap's
    reasons are read. Sets of segments are bit masks over the template view's segment numbers.
    """

    def __init__(self, t: TemplateView, w: GapWeights) -> None:
        self.t = t
        self.w = w
        #: Each segment's fixed sentences: single point of failure, then betweenness.
        self.fixed: list[tuple[KeptMessage, KeptMessage]] = [
            (
                _SINGLE_POINT if single else _NOT_SINGLE_POINT,
                KeptMessage("chains.gap.betweenness", betweenness=b),
            )
            for single, b in zip(t.single, t.between, strict=True)
        ]
        #: What each segment that is no firm (a resource, infrastructure) calls for instead.
        self.advice: list[KeptMessage | None] = [
            _ADVICE[nature](name, node) if nature in _ADVICE else None
            for nature, name, node in zip(t.natures, t.names, t.ids, strict=True)
        ]
        #: Each segment as the reasons name it: by name in Chinese, by id in English.
        self.named = [Bilingual(name, node) for name, node in zip(t.names, t.ids, strict=True)]
        #: The core segments, as the chain-level 建链 names them.
        self.core = Join([self.named[t.index[n]] for n in t.core])
        self._labels: dict[int, Join | None] = {}
        #: A gap's measures with their sentences, kept by gaps.py (:meth:`keep_measures`).
        self.measures: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        #: Whole gaps that :mod:`~fyp_planning.chains.gaps` keeps here (:meth:`keep_gap`).
        self.gaps: dict[tuple[int, ...], tuple[Any, ...]] = {}

    def keep_measures(self, key: tuple[Any, ...], measures: tuple[Any, ...]) -> tuple[Any, ...]:
        """Keep a gap's measures under ``key`` (its counts) in :attr:`measures`."""
        return _keep(self.measures, key, measures)

    def keep_gap(self, key: tuple[int, ...], gap: tuple[Any, ...]) -> tuple[Any, ...]:
        """Keep a gap under ``key`` in :attr:`gaps` (with its sentences, which it shares)."""
        return _keep(self.gaps, key, gap)

    def label(self, mask: int) -> Join | None:
        """How the reasons name a set of segments: their names (Chinese, joined with 、) or ids
        (English, joined with ", "), in id order; ``None`` for no segment."""
        if mask in self._labels:
            return self._labels[mask]
        members = [i for i in range(mask.bit_length()) if mask >> i & 1]
        return _keep(
            self._labels, mask, Join([self.named[i] for i in members]) if members else None
        )

    def missing(
        self,
        i: int,
        action: ChainAction,
        direction: str | None,
        up: int,
        down: int,
        named: tuple[Text | None, Text | None] = (None, None),
    ) -> Message:
        """The first reason of missing segment ``i``, which has local firms in the segments
        ``up`` and ``down`` of it (:meth:`label`); ``named`` names either side instead, as
        :func:`firms_in` does a lone segment with a leader."""
        name, node = self.t.names[i], self.t.ids[i]
        if action is ChainAction.FILL and up and down:
            return Message(
                "chains.gap.fill",
                name=name,
                segment=node,
                upstream=named[0] or self.label(up) or "",
                downstream=named[1] or self.label(down) or "",
            )
        if action is ChainAction.FILL:  # a missing core segment of a chain with firms
            context = (
                Message("chains.gap.context_upstream", upstream=named[0] or self.label(up) or "")
                if up
                else Message(
                    "chains.gap.context_downstream", downstream=named[1] or self.label(down) or ""
                )
                if down
                else _ELSEWHERE
            )
            return Message("chains.gap.fill_core", name=name, segment=node, context=context)
        if action is ChainAction.EXTEND and direction == "downstream":
            return Message(
                "chains.gap.extend_downstream",
                name=name,
                segment=node,
                upstream=named[0] or self.label(up) or "",
            )
        if action is ChainAction.EXTEND and direction == "upstream":
            return Message(
                "chains.gap.extend_upstream",
                name=name,
                segment=node,
                downstream=named[1] or self.label(down) or "",
            )
        if action is ChainAction.EXTEND:
            return Message("chains.gap.extend_branch", name=name, segment=node)
        return Message("chains.gap.build", name=name, segment=node)

    def weak(self, i: int, firm: str, firm_name: str) -> Message:
        """The first reason of weak segment ``i``, whose single firm is ``firm``."""
        name, node = self.t.names[i], self.t.ids[i]
        return Message("chains.gap.weak", name=name, segment=node, firm=firm, firm_name=firm_name)

    def build_chain(self, chain: str, chain_name: str) -> Message:
        """The reason of a chain-level 建链: no core segment has a local firm."""
        return Message("chains.gap.build_chain", chain=chain, chain_name=chain_name, core=self.core)

    def measured(
        self, key: tuple[Any, ...], dependence: float, relatedness: float, score: float
    ) -> tuple[KeptMessage, KeptMessage, KeptMessage]:
        """The sentences on a gap's dependence, relatedness density and score, from their
        values and the counts in ``key``: the segment, the chain's other segments with firms,
        those of them up- or downstream, the neighbours, those of them linked from other
        chains, the neighbours with firms, whether the segment is weak (强链: its dependence
        counts itself), and its *planned* and *project* measures. Kept with the measures, for
        the gaps alike."""
        i, others, related, neighbours, across, near, weak, planned, project = key
        w, t = self.w, self.t
        return (
            KeptMessage(
                "chains.gap.dependence_weak",
                dependence=dependence,
                others=others + 1,
                related=related + 1,
            )
            if weak
            else KeptMessage(
                "chains.gap.dependence", dependence=dependence, others=others, related=related
            ),
            KeptMessage(
                "chains.gap.relatedness",
                relatedness=relatedness,
                neighbours=neighbours,
                near=near,
                linked=Message("chains.gap.relatedness_linked", across=across) if across else "",
            ),
            KeptMessage(
                "chains.gap.score",
                score=score,
                w_dependence=w.dependence,
                dependence=dependence,
                w_single_point=w.single_point,
                single_point=t.single[i],
                w_betweenness=w.betweenness,
                betweenness=t.between[i],
                w_relatedness=w.relatedness,
                relatedness=relatedness,
                w_core=w.core,
                core=t.marked_core >> i & 1,
                w_planned=w.planned,
                planned=planned,
                w_project=w.project,
                project=project,
            ),
        )

    def of_gap(
        self,
        i: int,
        first: Message,
        measured: tuple[KeptMessage, KeptMessage, KeptMessage],
        linked: Sequence[Link],
        said: tuple[Message, ...] = (),
    ) -> tuple[Message | KeptMessage, ...]:
        """A segment gap's reasons, the plain ones first: the first reason; what to do instead
        of 招商 for a resource or infrastructure; what the plan says of it and its projects
        (``said``); then the detail of the score — dependence, single point of failure,
        betweenness, relatedness density, the linked segments of other chains with local
        firms, and the score."""
        single, between = self.fixed[i]
        dependence, relatedness, score = measured
        advice = self.advice[i]
        head: tuple[Message | KeptMessage, ...] = (first,) if advice is None else (first, advice)
        if said:
            head = (*head, *said)
        if not linked:
            return (*head, dependence, single, between, relatedness, score)
        cited = [x.reason for x in linked if x.has_firms]
        return (*head, dependence, single, between, relatedness, *cited, score)


_ADVICE = {
    SegmentNature.RESOURCE: lambda name, node: KeptMessage(
        "chains.gap.resource", name=name, segment=node
    ),
    SegmentNature.INFRASTRUCTURE: lambda name, node: KeptMessage(
        "chains.gap.infrastructure", name=name, segment=node
    ),
}
_ELSEWHERE = Message("chains.gap.context_elsewhere")
_SINGLE_POINT = KeptMessage("chains.gap.single_point")
_NOT_SINGLE_POINT = KeptMessage("chains.gap.not_single_point")


@functools.lru_cache(maxsize=256)
def reasons_for(t: TemplateView, w: GapWeights, key: tuple[str, ...]) -> Reasons:
    """The :class:`Reasons` of a template view under weights ``w``; ``key`` tells weights apart
    that compare equal but print differently (0 and -0.0, 1 and 1.0): their reprs."""
    return Reasons(t, w)


def plan_said(stance: str, found: Sequence[ChainDirection]) -> tuple[Message, ...]:
    """What the plan's directions say of a gap, one sentence per direction, quoting the
    document's words with their section (none when the plan is silent).

    Examples:
        >>> from fyp_planning import ChainDirection
        >>> d = ChainDirection(action="延链", segments=("deep",), text="发展精深加工",
        ...                    source="第四章（一）1")
        >>> [m.zh for m in plan_said("asks", [d])]
        ['规划点名要求延链此环节（第四章（一）1）：「发展精深加工」。']
    """
    if stance == "silent":
        return ()
    return tuple(
        [
            Message(
                PLAN_SAID[stance],
                action=Bilingual(d.action.label, d.action.value),
                where=Message("chains.gap.plan_where", source=d.source) if d.source else "",
                text=d.text,
            )
            for d in found
        ]
    )


def projects_said(projects: Sequence[tuple[str, Project]]) -> Message:
    """The projects in a segment, as a gap's reason names them (with their investment)."""
    return Message(
        "chains.gap.projects",
        projects=Join(
            [
                Message(
                    "chains.gap.project_item",
                    name=pr.name,
                    project=pr.id,
                    investment=Message(
                        "chains.attraction.investment", amount=format_quantity(pr.investment)
                    )
                    if pr.investment is not None
                    else "",
                )
                for _, pr in projects
            ]
        ),
    )


def firms_in(firms: list[Enterprise]) -> Text:
    """A segment's firms as the reasons name them: leaders first, then the others, each in
    plan order; beyond three, the first three and the count (Chinese names, English ids).

    Examples:
        >>> from fyp_planning import Enterprise
        >>> lead, b, c, d = (Enterprise(id=i, name=n, leader=(i == "a")) for i, n in
        ...                  [("a", "甲食品"), ("b", "乙食品"), ("c", "丙食品"), ("d", "丁食品")])
        >>> said = firms_in([lead])
        >>> said.render("zh"), said.render("en")
        ('甲食品', 'a')
        >>> said = firms_in([b, lead])
        >>> said.render("zh"), said.render("en")
        ('甲食品、乙食品', 'a, b')
        >>> said = firms_in([b, c, lead, d])
        >>> said.render("zh"), said.render("en")
        ('甲食品、乙食品、丙食品等4家企业', 'a, b, c and 1 more')
    """
    ordered = [e for e in firms if e.leader] + [e for e in firms if not e.leader]
    first = Join([Bilingual(e.name, e.id) for e in ordered[:3]])
    if len(ordered) > 3:
        return Message(
            "chains.gap.more_firms", firms=first, count=len(ordered), more=len(ordered) - 3
        )
    return first


@attrs.frozen
class Link:
    """A segment of another chain joined to this one by a cross-chain link."""

    ref: str
    has_firms: bool
    #: Whether the other segment supplies this one (else it buys from it).
    supplies: bool
    #: What the reasons say of it (``chains.link.reason``).
    reason: Message


_SUPPLIES = Message("chains.link.supplies")
_BUYS_FROM = Message("chains.link.buys_from")


def links(plan: Plan, firms: dict[str, Any]) -> dict[str, dict[str, tuple[Link, ...]]]:
    """For each chain and each of its segments, the other chains' segments the plan's links
    join it to."""
    chains = {c.id: c for c in plan.chains}
    out: dict[str, dict[str, list[Link]]] = {}
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
            out.setdefault(chain_id, {}).setdefault(seg, []).append(
                Link(
                    ref=other,
                    has_firms=bool(ids),
                    supplies=supplies,
                    reason=Message(
                        "chains.link.reason",
                        chain_name=oc.name,
                        segment_name=seg_name,
                        ref=other,
                        firm_names=Join([firms[i].name for i in ids if i in firms]),
                        firms=Join(ids),
                        role=_SUPPLIES if supplies else _BUYS_FROM,
                    ),
                )
            )
    return {c: {k: tuple(v) for k, v in segs.items()} for c, segs in out.items()}
