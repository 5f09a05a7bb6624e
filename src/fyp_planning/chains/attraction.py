"""The 招商 list: for each chain gap, the kind of firm to attract and the projects addressing it.

Matching is conservative. A project *addresses* a gap only when the project's enterprise is laid
onto the gap's own segment in the chain's presence (so it is one of the firms there). A firm
that merely belongs to the chain, elsewhere on it, does not count: a project of a meat
processor says nothing about attracting a packaging firm. Missing segments have no firm by
definition, so in practice only 强链 gaps (a single small firm) can be addressed by a project;
every unaddressed gap says why.

Only firms can be attracted. A gap whose segment is a resource (资源禀赋: scenery, farmland, tea
gardens) or infrastructure (基础设施: networks, roads, platforms) — its template's
:class:`~fyp_planning.SegmentNature` — is never a 招商 line: it is kept apart
(``attractable`` is false) with advice instead of a firm to attract: 培育、保护开发
for a resource, 配套建设 for infrastructure. Those lines come after every 招商 line.

Each 招商 line names its host parks (``parks``, ids): the parks whose ``chains`` list the gap's
chain, or whose ``industries`` name the chain itself (its Chinese name, exactly) — the more
specialised first (fewer chains), then in plan order. No looser matching: a park is proposed
only where the plan ties it to the chain.

Projects come from the plan and from its predecessors (the 十三五 projects a 十四五 plan
inherits), each with the plan it belongs to.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.entities import Chain
from ..model.enums import ChainAction, Provenance, SegmentNature
from ..model.plan import Plan
from ..text import Message, Said
from ..units import format_quantity
from .gaps import ChainAnalysis, Gap, analyse_chains, gap_analysis

__all__ = ["Attraction", "ProjectMatch", "attraction_list"]


@attrs.frozen(kw_only=True)
class ProjectMatch:
    """A project that addresses a gap, and why (in Chinese and English).

    Args:
        reason: Why: a catalogue message (as :func:`~fyp_planning.attraction_list` gives
            it), or a Chinese sentence.
        reason_en: Beside a Chinese sentence, the same in English.
    """

    project: str
    name: str
    plan: str
    enterprise: str
    enterprise_name: str
    investment: str | None
    _reason: Message | str
    _reason_en: str = ""

    reason_text = Said.given(
        "reason",
        """The reason as given, a catalogue message with its id and arguments (or a Chinese
        sentence, as :class:`~fyp_planning.text.Bilingual` with its English).""",
    )
    reason = Said.zh("reason", """Why, in Chinese.""")
    reason_en = Said.en(
        "reason", """Why, in English (``""`` when a Chinese sentence was given without it)."""
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "project": self.project,
            "name": self.name,
            "plan": self.plan,
            "enterprise": self.enterprise,
            "enterprise_name": self.enterprise_name,
            "investment": self.investment,
            "reason": self.reason,
            "reason_en": self.reason_en,
        }


@attrs.frozen(kw_only=True)
class Attraction:
    """One line of the 招商 list: a gap, the firm to attract, the projects addressing it.

    A gap in a resource or infrastructure segment (its ``nature``) names no firm: its
    ``target`` is advice (培育、保护开发 / 配套建设) and :attr:`attractable` is false.
    """

    chain: str
    chain_name: str
    gap: Gap
    target: str
    projects: tuple[ProjectMatch, ...] = ()
    note: str = ""
    nature: SegmentNature = SegmentNature.INDUSTRY
    parks: tuple[str, ...] = ()
    park_names: tuple[str, ...] = ()

    @property
    def addressed(self) -> bool:
        """Whether some project addresses the gap."""
        return bool(self.projects)

    @property
    def attractable(self) -> bool:
        """Whether 招商 can fill the gap (its segment is made of firms, not a resource or
        infrastructure)."""
        return self.nature is SegmentNature.INDUSTRY

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "chain": self.chain,
            "chain_name": self.chain_name,
            "rank": self.gap.rank,
            "segment": self.gap.segment,
            "name": self.gap.name,
            "action": self.gap.action.value,
            "action_label": self.gap.label,
            "score": self.gap.score,
            "target": self.target,
            "nature": self.nature.value,
            "attractable": self.attractable,
            "parks": [
                {"id": i, "name": n} for i, n in zip(self.parks, self.park_names, strict=True)
            ],
            "addressed": self.addressed,
            "projects": [p.to_dict() for p in self.projects],
            "note": self.note,
        }


def _nature(plan: Plan, analysis: ChainAnalysis, gap: Gap) -> SegmentNature:
    """What the gap's segment is; a chain-level 建链 is a resource or infrastructure only when
    every core segment it names is one (else some firm can be attracted)."""
    if analysis.template is None:
        return SegmentNature.INDUSTRY
    template = plan.template(analysis.template)
    natures = {template.segment(s).nature for s in gap.segments}
    if len(natures) == 1:
        return natures.pop()
    return SegmentNature.INDUSTRY


def _target(chain: Chain, analysis: ChainAnalysis, gap: Gap, nature: SegmentNature) -> str:
    """Whom to attract for ``gap``, named by the segments the analysis already reports; for a
    resource or infrastructure, what to do instead."""
    reported = {s.id: s for s in analysis.segments}
    if nature is SegmentNature.RESOURCE:
        return f"培育、保护开发「{gap.name}」（资源禀赋，不属招商对象）"
    if nature is SegmentNature.INFRASTRUCTURE:
        return f"配套建设「{gap.name}」（基础设施，由政府或运营商建设，不属招商对象）"
    if gap.segment is None:
        core = "、".join(f"「{reported[s].name if s in reported else s}」" for s in gap.segments)
        return f"引进「{chain.name}」产业链的核心环节企业（{core}），建链"
    seg = reported[gap.segment]
    if gap.action is ChainAction.STRENGTHEN:
        return f"引进「{seg.name}」环节龙头或规模以上企业（{seg.stage.label}），做强现有企业"
    return f"引进「{seg.name}」环节企业（{seg.stage.label}），{gap.label}"


def _host_parks(plan: Plan, chain: Chain) -> tuple[tuple[str, str], ...]:
    """The parks the plan ties to ``chain`` (id, name), the more specialised first."""
    hosts = [
        (len(p.chains) or len(p.industries), i, p.id, p.name)
        for i, p in enumerate(plan.parks)
        if chain.id in p.chains or chain.name in p.industries
    ]
    return tuple((pid, name) for _, _, pid, name in sorted(hosts))


def _plans(plan: Plan) -> list[Plan]:
    """The plan and its predecessors, latest first (each once)."""
    out: list[Plan] = []
    seen: set[str] = set()
    p: Plan | None = plan
    while p is not None and p.id not in seen:
        out.append(p)
        seen.add(p.id)
        p = p.predecessor
    return out


def attraction_list(
    plan: Plan,
    chain: str
    | Chain
    | ChainAnalysis
    | list[ChainAnalysis]
    | tuple[ChainAnalysis, ...]
    | None = None,
) -> tuple[Attraction, ...]:
    """The 招商 list of a chain (or of all chains): each gap with the firm to attract.

    Each gap of :func:`~fyp_planning.gap_analysis` gives one line, with the kind of firm to
    attract (from the segment's name and stage) and the projects of the plan or its
    predecessors whose enterprise is laid onto that very segment (see the module notes: firms
    elsewhere on the chain do not count). 招商 lines come first, then the gaps 招商 cannot fill
    (resources, infrastructure: ``attractable`` false, with advice as their
    ``target``); within each, gaps no project addresses first; then by score, highest first,
    then chain (plan order) and rank.

    Args:
        plan: The plan.
        chain: A chain's finished :class:`~fyp_planning.ChainAnalysis` (its gaps are used as
            they are), or a list or tuple of them (one list for several chains: the plan's
            firms and projects are gathered once); or the chain, its id or its Chinese name; or
            ``None`` for every chain (each analysed here, once).

    Returns:
        The lines, in the order above.

    Raises:
        KeyError: no such chain.

    Examples:
        >>> from fyp_planning import (Chain, ChainTemplate, Enterprise, Plan, Project, Segment,
        ...                           attraction_list, gap_analysis)
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             enterprises=[Enterprise(id="a", name="甲厂", chains=["c"])],
        ...             projects=[Project(id="p", name="甲厂扩建", enterprise="a")],
        ...             chains=[Chain(id="c", name="示例链", template="t",
        ...                           presence={"made": ["a"]})])
        >>> [(x.gap.segment, x.target, [p.project for p in x.projects])
        ...  for x in attraction_list(plan, "c")]  # doctest: +NORMALIZE_WHITESPACE
        [('raw', '引进「原料」环节企业（上游），延链（向上游）', []),
         ('made', '引进「制品」环节龙头或规模以上企业（下游），做强现有企业', ['p'])]
        >>> attraction_list(plan, gap_analysis(plan, "c")) == attraction_list(plan, "c")
        True
        >>> attraction_list(plan, [gap_analysis(plan, "c")]) == attraction_list(plan)
        True
    """
    analysed: list[tuple[Chain, ChainAnalysis]]
    if chain is None:
        analysed = list(zip(plan.chains, analyse_chains(plan), strict=True))
    elif isinstance(chain, ChainAnalysis):
        analysed = [(plan.chain(chain.chain), chain)]
    elif isinstance(chain, (list, tuple)):
        analysed = [(plan.chain(a.chain), a) for a in chain]
    else:
        c = chain if isinstance(chain, Chain) else plan.chain(chain)
        analysed = [(c, gap_analysis(plan, c))]
    plans = _plans(plan)
    firms: dict[str, Any] = {}
    for p in reversed(plans):  # the latest plan's record of a firm wins
        firms.update({e.id: e for e in p.enterprises})
    projects = [(p.id, pr) for p in plans for pr in p.projects if pr.enterprise]
    order = {c.id: i for i, c in enumerate(plan.chains)}
    lines: list[Attraction] = []
    for c, analysis in analysed:
        hosts = _host_parks(plan, c)
        for gap in analysis.gaps:
            matches: list[ProjectMatch] = []
            present = set(c.enterprises_in(gap.segment)) if gap.segment else set()
            seg_name = gap.name
            source = "规划原文" if c.presence_provenance is Provenance.DOCUMENT else "建模推断"
            for plan_id, pr in projects:
                if pr.enterprise not in present:
                    continue
                firm = firms.get(pr.enterprise)
                firm_name = firm.name if firm is not None else pr.enterprise
                belongs = firm is not None and c.id in firm.chains
                inv = format_quantity(pr.investment) if pr.investment is not None else None
                matches.append(
                    ProjectMatch(
                        project=pr.id,
                        name=pr.name,
                        plan=plan_id,
                        enterprise=pr.enterprise,
                        enterprise_name=firm_name,
                        investment=inv,
                        reason=Message(
                            "chains.attraction.project",
                            project=pr.id,
                            project_name=pr.name,
                            plan=plan_id,
                            investment=Message("chains.attraction.investment", amount=inv)
                            if inv
                            else "",
                            enterprise=pr.enterprise,
                            firm_name=firm_name,
                            chain=c.id,
                            chain_name=c.name,
                            segment=gap.segment,
                            segment_name=seg_name,
                            source=source,
                            belongs=Message(
                                "chains.attraction.belongs", chain=c.id, chain_name=c.name
                            )
                            if belongs
                            else "",
                        ),
                    )
                )
            if matches:
                note = ""
            elif gap.segment is None:
                note = "无项目：本链没有任何核心环节有本地企业，也就没有项目的企业在这些环节。"
            elif not present:
                note = "无项目：该环节缺失，本地无企业，规划及上一期规划的项目企业都不在此环节。"
            else:
                note = "无项目：该环节的企业在规划及上一期规划中都没有项目。"
            nature = _nature(plan, analysis, gap)
            lines.append(
                Attraction(
                    chain=c.id,
                    chain_name=c.name,
                    gap=gap,
                    target=_target(c, analysis, gap, nature),
                    projects=tuple(matches),
                    note=note,
                    nature=nature,
                    parks=tuple(h[0] for h in hosts) if nature is SegmentNature.INDUSTRY else (),
                    park_names=tuple(h[1] for h in hosts)
                    if nature is SegmentNature.INDUSTRY
                    else (),
                )
            )
    lines.sort(
        key=lambda a: (
            not a.attractable,
            a.addressed,
            -a.gap.score,
            order.get(a.chain, 0),
            a.gap.rank,
        )
    )
    return tuple(lines)
