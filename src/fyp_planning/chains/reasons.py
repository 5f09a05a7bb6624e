"""The sentences that give a gap's reasons, in Chinese and English, and the cross-chain links
they cite.

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

from ..model.entities import Enterprise
from ..model.enums import ChainAction
from ..model.plan import Plan
from ._structure import TemplateView
from .results import GapWeights

__all__ = ["Link", "Reasons", "firms_in", "links", "reasons_for"]

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

    Sets of segments are bit masks over the template view's segment numbers.
    """

    def __init__(self, t: TemplateView, w: GapWeights) -> None:
        self.t = t
        wd, ws, wb, wr = (
            f"{x:g}" for x in (w.dependence, w.single_point, w.betweenness, w.relatedness)
        )
        #: Each segment's fixed sentences: single point of failure and betweenness (Chinese,
        #: then English), and the middle of its score's formula.
        self.fixed: list[tuple[str, str, str, str, str]] = []
        for single, b in zip(t.single, t.between, strict=True):
            between = f"{b:.2f}"
            self.fixed.append(
                (
                    "单点瓶颈：从原料到终端产品的每条路径都经过它。"
                    if single
                    else "非单点瓶颈：有不经过它的原料到终端产品路径。",
                    f"介数中心性 {between}（归一化）。",
                    "single point of failure: every path from raw material to final product "
                    "passes through it."
                    if single
                    else "not a single point of failure: some raw-material-to-product path "
                    "avoids it.",
                    f"betweenness centrality {between} (normalised).",
                    f" + {ws}×{single:.0f} + {wb}×{between} + {wr}×",
                )
            )
        self.wd = wd
        self.core = "、".join(t.names[t.index[n]] for n in t.core), ", ".join(t.core)
        self._labels: dict[int, tuple[str, str] | None] = {}
        #: A gap's measures with their sentences, kept by gaps.py (:meth:`keep_measures`).
        self.measures: dict[tuple[int, ...], tuple[Any, ...]] = {}
        #: Whole gaps that :mod:`~fyp_planning.chains.gaps` keeps here (:meth:`keep_gap`).
        self.gaps: dict[tuple[int, ...], tuple[Any, ...]] = {}

    def keep_measures(self, key: tuple[int, ...], measures: tuple[Any, ...]) -> tuple[Any, ...]:
        """Keep a gap's measures under ``key`` (its counts) in :attr:`measures`."""
        return _keep(self.measures, key, measures)

    def keep_gap(self, key: tuple[int, ...], gap: tuple[Any, ...]) -> tuple[Any, ...]:
        """Keep a gap under ``key`` in :attr:`gaps` (with its sentences, which it shares)."""
        return _keep(self.gaps, key, gap)

    def label(self, mask: int) -> tuple[str, str] | None:
        """How the reasons name a set of segments: their names joined with 、 and their ids with
        ", ", in id order; ``None`` for no segment."""
        if mask in self._labels:
            return self._labels[mask]
        members = [i for i in range(mask.bit_length()) if mask >> i & 1]
        t = self.t
        found = (
            ("、".join([t.names[i] for i in members]), ", ".join([t.ids[i] for i in members]))
            if members
            else None
        )
        return _keep(self._labels, mask, found)

    def missing(
        self,
        i: int,
        action: ChainAction,
        direction: str | None,
        up: int,
        down: int,
        named: tuple[tuple[str, str] | None, tuple[str, str] | None] = (None, None),
    ) -> tuple[str, str]:
        """The first reason of missing segment ``i`` (Chinese, English), which has local firms
        in the segments ``up`` and ``down`` of it (:meth:`label`); ``named`` names either side
        instead, as :func:`firms_in` does a lone segment with a leader."""
        name, node = self.t.names[i], self.t.ids[i]
        up_zh, up_en = named[0] or self.label(up) or ("", "")
        down_zh, down_en = named[1] or self.label(down) or ("", "")
        if action is ChainAction.FILL:
            return (
                f"「{name}」缺失：本地无企业，而其上游已有{up_zh}、下游已有{down_zh}，宜补链。",
                f"{node} is missing: no local firm, while upstream {up_en} and downstream "
                f"{down_en} have local firms: fill the chain (补链).",
            )
        if action is ChainAction.EXTEND and direction == "downstream":
            return (
                f"「{name}」缺失：上游已有{up_zh}，下游没有本地企业，宜向下游延链。",
                f"{node} is missing: upstream {up_en} have local firms, nothing downstream "
                "does: extend the chain downstream (延链).",
            )
        if action is ChainAction.EXTEND:
            return (
                f"「{name}」缺失：下游已有{down_zh}，上游没有本地企业，宜向上游延链。",
                f"{node} is missing: downstream {down_en} have local firms, nothing upstream "
                "does: extend the chain upstream (延链).",
            )
        return (
            f"「{name}」缺失，其上下游也都没有本地企业，需新建该环节（建链）。",
            f"{node} is missing and no segment upstream or downstream of it has a local firm: "
            "build it (建链).",
        )

    def weak(self, i: int, firm: str, firm_name: str) -> tuple[str, str]:
        """The first reason of weak segment ``i``, whose single firm is ``firm``."""
        name, node = self.t.names[i], self.t.ids[i]
        return (
            f"「{name}」薄弱：仅有1家企业（{firm_name}），既非龙头也非规模以上，宜强链。",
            f"{node} is weak: a single firm ({firm}), neither a leader nor above-scale: "
            "strengthen it (强链).",
        )

    def build_chain(self, chain: str, chain_name: str) -> tuple[str, str]:
        """The reason of a chain-level 建链: no core segment has a local firm."""
        return (
            f"「{chain_name}」没有任何核心环节有本地企业，需建链：核心环节{self.core[0]}。",
            f"{chain}: no core segment has a local firm; build the chain (建链), "
            f"core segments: {self.core[1]}.",
        )

    def measured(
        self,
        key: tuple[int, int, int, int, int, int],
        dependence: float,
        relatedness: float,
        score: float,
    ) -> tuple[str, str, str, str, str, str]:
        """The sentences on a gap's dependence, relatedness density and score (Chinese, then
        English, each), from their values and the counts in ``key``: the segment, the chain's
        other segments with firms, those of them up- or downstream, the neighbours, those of
        them linked from other chains, and the neighbours with firms."""
        i, others, related, neighbours, across, near = key
        d, r = f"{dependence:.2f}", f"{relatedness:.2f}"
        formula = f"{score:.3f} = {self.wd}×{d}{self.fixed[i][4]}{r}"
        return (
            f"依存度 {d}：链上其他 {others} 个已有本地企业的环节中，有 {related} 个在它的上游或下游。",
            f"dependence {d}: {related} of the chain's {others} other segments with local firms "
            "lie upstream or downstream of it.",
            f"关联密度 {r}：相邻的 {neighbours} 个环节"
            + (f"（含跨链关联 {across} 个）" if across else "")
            + f"中有 {near} 个已有本地企业。",
            f"relatedness density {r}: {near} of its {neighbours} neighbouring segments have "
            "local firms" + (f" ({across} of them linked from other chains)." if across else "."),
            f"得分 {formula}。",
            f"score {formula}.",
        )

    def of_gap(
        self,
        i: int,
        first: tuple[str, str],
        measured: tuple[str, str, str, str, str, str],
        linked: Sequence[Link],
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A segment gap's reasons, Chinese and English: the first reason, dependence, single
        point of failure, betweenness, relatedness density, the linked segments of other chains
        with local firms, and the score."""
        single_zh, between_zh, single_en, between_en, _ = self.fixed[i]
        dep_zh, dep_en, rel_zh, rel_en, score_zh, score_en = measured
        if not linked:
            return (
                (first[0], dep_zh, single_zh, between_zh, rel_zh, score_zh),
                (first[1], dep_en, single_en, between_en, rel_en, score_en),
            )
        cited = [x for x in linked if x.has_firms]
        zh = (first[0], dep_zh, single_zh, between_zh, rel_zh, *[x.reason for x in cited])
        en = (first[1], dep_en, single_en, between_en, rel_en, *[x.reason_en for x in cited])
        return (*zh, score_zh), (*en, score_en)


@functools.lru_cache(maxsize=256)
def reasons_for(t: TemplateView, w: GapWeights, key: tuple[str, ...]) -> Reasons:
    """The :class:`Reasons` of a template view under weights ``w``; ``key`` tells weights apart
    that compare equal but print differently (0 and -0.0, 1 and 1.0): their reprs."""
    return Reasons(t, w)


def firms_in(firms: list[Enterprise]) -> tuple[str, str]:
    """A segment's firms as the reasons name them: leaders first, then the others, each in
    plan order; beyond three, the first three and the count (Chinese names, English ids).

    Examples:
        >>> from fyp_planning import Enterprise
        >>> lead, b, c, d = (Enterprise(id=i, name=n, leader=(i == "a")) for i, n in
        ...                  [("a", "甲食品"), ("b", "乙食品"), ("c", "丙食品"), ("d", "丁食品")])
        >>> firms_in([lead])
        ('甲食品', 'a')
        >>> firms_in([b, lead])
        ('甲食品、乙食品', 'a, b')
        >>> firms_in([b, c, lead, d])
        ('甲食品、乙食品、丙食品等4家企业', 'a, b, c and 1 more')
    """
    ordered = [e for e in firms if e.leader] + [e for e in firms if not e.leader]
    zh = "、".join(e.name for e in ordered[:3])
    en = ", ".join(e.id for e in ordered[:3])
    if len(ordered) > 3:
        zh += f"等{len(ordered)}家企业"
        en += f" and {len(ordered) - 3} more"
    return zh, en


@attrs.frozen
class Link:
    """A segment of another chain joined to this one by a cross-chain link."""

    ref: str
    has_firms: bool
    reason: str
    reason_en: str


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
            names = "、".join(firms[i].name for i in ids if i in firms)
            role, role_en = (
                ("可为本环节就近供货", "supplies")
                if supplies
                else ("是本环节的就近客户", "buys from")
            )
            out.setdefault(chain_id, {}).setdefault(seg, []).append(
                Link(
                    ref=other,
                    has_firms=bool(ids),
                    reason=f"跨链关联：本县{oc.name}链的「{seg_name}」已有本地企业（{names}），"
                    f"{role}。",
                    reason_en=f"cross-chain link: {other} ({oc.name}) has local firms "
                    f"({', '.join(ids)}) and {role_en} this segment.",
                )
            )
    return {c: {k: tuple(v) for k, v in segs.items()} for c, segs in out.items()}
