"""Gap analysis's fast path against the straightforward one.

The fast path shares each template's structure, bit masks and reason texts across chains and
weightings, caches them, and fills the result objects' slots directly. Here the rules of
:mod:`fyp_planning.chains.gaps` are computed afresh for each chain — statuses with
:func:`~fyp_planning.classify_segment`, ancestors, descendants, betweenness and dominators with
networkx, every sentence written out, every object made by its keyword constructor — and the
two must agree exactly: equal objects with equal reprs (so ``0.0`` is not ``-0.0``, nor ``1``
``1.0``), whatever the plans analysed before and the caches they left.
"""

from __future__ import annotations

from typing import Any

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fyp_planning import (
    Chain,
    ChainAction,
    ChainAnalysis,
    ChainDirection,
    ChainTemplate,
    Enterprise,
    Gap,
    GapWeights,
    Plan,
    Project,
    Segment,
    SegmentNature,
    SegmentReport,
    SegmentStatus,
    Stage,
    analyse_chains,
    classify_segment,
    dumps_plan,
    gap_analysis,
    loads_plan,
)
from fyp_planning.chains.results import _maker

# -- the straightforward path ---------------------------------------------------------------


def _firms(plan: Plan, ids: Any) -> str:
    firms = {e.id: e for e in plan.enterprises}
    return "、".join(firms[i].name for i in ids if i in firms)


def _stance(chain: Chain, action: ChainAction, segments: Any) -> tuple[str, list[Any]]:
    naming = [d for d in chain.directions if set(segments) & set(d.segments)]
    if [d for d in naming if d.action is action]:
        return "asks", [d for d in naming if d.action is action]
    if naming:
        return "names", naming
    whole = [d for d in chain.directions if not d.segments and d.action is action]
    return ("agrees", whole) if whole else ("silent", [])


def _plan_said(stance: str, found: list[Any]) -> tuple[list[str], list[str]]:
    zh, en = [], []
    for d in found:
        wz, we = (f"（{d.source}）", f" ({d.source})") if d.source else ("", "")
        a, v = d.action.label, d.action.value
        zh.append({"asks": f"规划点名要求{a}此环节{wz}：「{d.text}」。",
                   "names": f"规划点名此环节{wz}，用语为{a}：「{d.text}」。",
                   "agrees": f"与规划对全链的要求一致{wz}：「{d.text}」。"}[stance])  # fmt: skip
        en.append({"asks": f'the plan asks for {v} of this segment{we}: "{d.text}".',
                   "names": f'the plan names this segment{we}, as {v}: "{d.text}".',
                   "agrees": f'agrees with what the plan asks of the whole chain{we}: "{d.text}".'
                   }[stance])  # fmt: skip
    return zh, en


def _reference(plan: Plan, chain: Chain, weights: GapWeights | None) -> ChainAnalysis:
    w = weights if weights is not None else GapWeights()
    if chain.template is None:
        return ChainAnalysis(chain=chain.id, name=chain.name, template=None)
    template = plan.template(chain.template)
    firms = {e.id: e for e in plan.enterprises}
    seg = {s.id: s for s in template.segments}
    placed = {s: tuple(dict.fromkeys(chain.enterprises_in(s))) for s in seg}
    status = {s: classify_segment([firms[i] for i in placed[s] if i in firms]) for s in seg}
    reports = tuple(
        SegmentReport(id=s.id, name=s.name, stage=s.stage, core=s.core,
                      enterprises=placed[s.id], status=status[s.id], nature=s.nature,
                      products=s.products, industry_codes=s.industry_codes,
                      enterprise_names=tuple(firms[i].name if i in firms else i
                                             for i in placed[s.id]))
        for s in template.segments
    )  # fmt: skip
    g = nx.DiGraph()
    g.add_nodes_from(sorted(seg))
    g.add_edges_from(sorted(set(template.edges)))
    between = nx.betweenness_centrality(g)
    entry = [n for n in sorted(g) if not g.in_degree(n) or seg[n].stage is Stage.UPSTREAM]
    end = [n for n in sorted(g) if not g.out_degree(n) or seg[n].stage is Stage.DOWNSTREAM]
    h = nx.DiGraph([*g.edges, *(("src", n) for n in entry), *((n, "snk") for n in end)])
    spof = set()
    if len(g):
        idom = nx.immediate_dominators(h, "src")
        node = idom["snk"]
        while node != "src":
            spof.add(node)
            node = idom[node]
    own = {s for s in seg if status[s] is not SegmentStatus.MISSING}

    def names(nodes: Any) -> str:
        return "、".join(seg[n].name for n in sorted(nodes))

    def named(nodes: set[str]) -> tuple[str, str]:
        """Chinese and English: a lone strong segment with its firms, leaders first."""
        (n, *more) = sorted(nodes)
        if more or status[n] is not SegmentStatus.STRONG:
            return names(nodes), ", ".join(sorted(nodes))
        here = sorted((firms[i] for i in placed[n] if i in firms), key=lambda e: not e.leader)
        zh, en = "、".join(e.name for e in here[:3]), ", ".join(e.id for e in here[:3])
        if len(here) > 3:
            zh, en = f"{zh}等{len(here)}家企业", f"{en} and {len(here) - 3} more"
        return f"{zh}所在的{seg[n].name}", f"{n} ({en})"

    links: dict[str, list[tuple[bool, str, str, bool, str]]] = {}
    chains = {c.id: c for c in plan.chains}
    for u, v in sorted(set(plan.links)):
        for mine, other, supplies in ((u, v, False), (v, u, True)):
            (cid, s), (oid, os) = mine.split("."), other.split(".")
            if cid != chain.id or oid == chain.id:
                continue
            oc = chains[oid]
            ot = plan.template(oc.template) if oc.template else None
            oname = next((x.name for x in (ot.segments if ot else ()) if x.id == os), os)
            ids = tuple(dict.fromkeys(oc.enterprises_in(os)))
            role = "可为本环节就近供货" if supplies else "是本环节的就近客户"
            links.setdefault(s, []).append((
                bool(ids),
                f"跨链关联：本县{oc.name}链的「{oname}」已有本地企业（{_firms(plan, ids)}），{role}。",
                f"cross-chain link: {other} ({oc.name}) has local firms ({', '.join(ids)}) and "
                f"{'supplies' if supplies else 'buys from'} this segment.",
                supplies, other,
            ))  # fmt: skip

    supplied = {s: tuple(ref for ok, _, _, supplies, ref in links[s] if ok and supplies)
                for s in links if s in seg and s not in own}  # fmt: skip
    supplied = {s: refs for s, refs in supplied.items() if refs}
    reports = tuple(
        attrs.evolve(r, status=SegmentStatus.LINKED, linked=supplied[r.id])
        if r.id in supplied else r for r in reports
    )  # fmt: skip
    have = own | set(supplied)
    marked = {s for s in seg if seg[s].core}
    structural = round(w.dependence + w.single_point + w.betweenness + w.relatedness + w.core, 12)
    gaps = []
    core = sorted(marked) or sorted(seg)
    built = not core or bool(own & set(core))
    if not built:
        stance, found = _stance(chain, ChainAction.BUILD, core)
        planned = {"asks": 1.0, "names": 1.0, "agrees": 0.25, "silent": 0.0}[stance]
        pz, pe = _plan_said(stance, found)
        gaps.append(dict(
            segment=None, name=chain.name, action=ChainAction.BUILD, segments=tuple(core),
            planned=planned, stance=stance, score=round(structural + w.planned * planned, 12),
            reasons=(f"「{chain.name}」没有任何核心环节有本地企业，需建链：核心环节{names(core)}。", *pz),
            reasons_en=(f"{chain.id}: no core segment has a local firm; build the chain (建链), "
                        f"core segments: {', '.join(core)}.", *pe),
        ))  # fmt: skip
    for n in sorted(seg):
        name, up, down = seg[n].name, nx.ancestors(g, n), nx.descendants(g, n)
        direction = None
        if status[n] is SegmentStatus.MISSING and n in supplied:
            continue
        if status[n] is SegmentStatus.MISSING:
            uh, dh = up & have, down & have
            (uz, ue), (dz, de) = named(uh) if uh else ("", ""), named(dh) if dh else ("", "")
            if not built:
                action = ChainAction.BUILD
                zh = f"「{name}」缺失：本链的核心环节还没有本地企业，该环节随建链一并布局。"
                en = (f"{n} is missing and no core segment of the chain has a local firm: lay "
                      "it out as the chain is built (建链).")  # fmt: skip
            elif uh and dh:
                action = ChainAction.FILL
                zh = f"「{name}」缺失：本地无企业，而其上游已有{uz}、下游已有{dz}，宜补链。"
                en = (f"{n} is missing: no local firm, while upstream {ue} and downstream {de} "
                      "have local firms: fill the chain (补链).")  # fmt: skip
            elif n in marked:
                action = ChainAction.FILL
                cz, ce = ((f"其上游已有{uz}", f"upstream {ue} have local firms") if uh else
                          (f"其下游已有{dz}", f"downstream {de} have local firms") if dh else
                          ("本链其他环节已有本地企业", "the chain has local firms elsewhere"))  # fmt: skip
                zh = f"「{name}」是本链的核心环节，本地尚无企业，而{cz}，宜补链。"
                en = f"{n} is a core segment with no local firm, while {ce}: fill the chain (补链)."
            elif uh:
                action, direction = ChainAction.EXTEND, "downstream"
                zh = f"「{name}」缺失：上游已有{uz}，下游没有本地企业，宜向下游延链。"
                en = (f"{n} is missing: upstream {ue} have local firms, nothing downstream does: "
                      "extend the chain downstream (延链).")  # fmt: skip
            elif dh:
                action, direction = ChainAction.EXTEND, "upstream"
                zh = f"「{name}」缺失：下游已有{dz}，上游没有本地企业，宜向上游延链。"
                en = (f"{n} is missing: downstream {de} have local firms, nothing upstream does: "
                      "extend the chain upstream (延链).")  # fmt: skip
            else:
                action = ChainAction.EXTEND
                zh = f"「{name}」缺失，其上下游都没有本地企业；本链已有本地企业，可拓展这一分支（延链）。"
                en = (f"{n} is missing and no segment up- or downstream of it has a local firm, "
                      "while the chain has local firms elsewhere: extend the chain to this "
                      "branch (延链).")  # fmt: skip
        elif status[n] is SegmentStatus.WEAK:
            action, firm = ChainAction.STRENGTHEN, placed[n][0]
            zh = f"「{name}」薄弱：仅有1家企业（{_firms(plan, [firm]) or firm}），既非龙头也非规模以上，宜强链。"
            en = f"{n} is weak: a single firm ({firm}), neither a leader nor above-scale: strengthen it (强链)."
        else:
            continue
        others = have - {n}
        related = (up | down) & others
        weak = action is ChainAction.STRENGTHEN
        if weak:
            dependence = (len(related) + 1) / (len(others) + 1)
        else:
            dependence = len(related) / len(others) if others else 0.0
        is_core = 1 if n in marked else 0
        stance, found = _stance(chain, action, (n,))
        planned = {"asks": 1.0, "names": 1.0, "agrees": 0.25, "silent": 0.0}[stance]
        pz, pe = _plan_said(stance, found)
        projects = [pr for p in (plan,) for pr in p.projects
                    if weak and pr.enterprise is not None and pr.enterprise == placed[n][0]]  # fmt: skip
        project = 1 if projects else 0
        if projects:
            pz.append(
                f"本环节已有项目：{'、'.join(f'「{pr.name}」' for pr in projects)}，做强有抓手。"
            )
            pe.append(f"projects in this segment: {', '.join(pr.id for pr in projects)}.")
        across = links.get(n, [])
        near = set(g.predecessors(n)) | set(g.successors(n))
        n_near = len(near) + len(across)
        n_related = len(near & have) + sum(x[0] for x in across)
        relatedness = n_related / n_near if n_near else 0.0
        single = 1.0 if n in spof else 0.0
        score = round(w.dependence * dependence + w.single_point * single
                      + w.betweenness * between[n] + w.relatedness * relatedness
                      + w.core * is_core + w.planned * planned + w.project * project, 12)  # fmt: skip
        d, b, r = f"{dependence:.2f}", f"{between[n]:.2f}", f"{relatedness:.2f}"
        terms = (f"{w.dependence:g}×{d}", f"{w.single_point:g}×{single:.0f}",
                 f"{w.betweenness:g}×{b}", f"{w.relatedness:g}×{r}", f"{w.core:g}×{is_core}",
                 f"{w.planned:g}×{planned:.2f}", f"{w.project:g}×{project}")  # fmt: skip
        zh_names = ("依存度", "单点瓶颈", "介数", "关联密度", "核心环节", "规划导向", "项目")
        en_names = ("dependence", "single point", "betweenness", "relatedness", "core", "plan",
                    "project")  # fmt: skip
        formula = f"{score:.3f} = " + " + ".join(
            f"{k} {v}" for k, v in zip(zh_names, terms, strict=True)
        )
        formula_en = f"{score:.3f} = " + " + ".join(
            f"{k} {v}" for k, v in zip(en_names, terms, strict=True)
        )
        dep_zh = (f"依存度 {d}：本链 {len(others) + 1} 个已有本地企业的环节中，有 {len(related) + 1} 个是它本身或在它的上游、下游。"
                  if weak else
                  f"依存度 {d}：链上其他 {len(others)} 个已有本地企业的环节中，有 {len(related)} 个在它的上游或下游。")  # fmt: skip
        dep_en = (f"dependence {d}: {len(related) + 1} of the chain's {len(others) + 1} segments "
                  "with local firms are this one or lie upstream or downstream of it."
                  if weak else
                  f"dependence {d}: {len(related)} of the chain's {len(others)} other segments "
                  "with local firms lie upstream or downstream of it.")  # fmt: skip
        advice = {
            SegmentNature.RESOURCE: (f"「{name}」是资源禀赋，不属招商对象：宜培育、保护开发。",
                                     f"{n} is a resource (资源禀赋), not a firm to attract: "
                                     "develop and protect it."),
            SegmentNature.INFRASTRUCTURE: (f"「{name}」是基础设施，不属招商对象：由政府或运营商配套建设。",
                                           f"{n} is infrastructure (基础设施), not a firm to "
                                           "attract: government or operators build it."),
        }.get(seg[n].nature)  # fmt: skip
        linked = f"（含跨链关联 {len(across)} 个）" if across else ""
        linked_en = f" ({len(across)} of them linked from other chains)." if across else "."
        gaps.append(dict(
            segment=n, name=name, action=action, direction=direction, segments=(n,),
            dependence=round(dependence, 12), single_point=single,
            betweenness=round(between[n], 12), relatedness=round(relatedness, 12),
            core=float(is_core), planned=planned, project=float(project), score=score,
            stance=stance,
            reasons=(
                zh,
                *(advice[:1] if advice else ()),
                *pz,
                dep_zh,
                "单点瓶颈：从原料到终端产品的每条路径都经过它。" if single
                else "非单点瓶颈：有不经过它的原料到终端产品路径。",
                f"介数中心性 {b}（归一化）。",
                f"关联密度 {r}：相邻的 {n_near} 个环节{linked}中有 {n_related} 个已有本地企业。",
                *(x[1] for x in across if x[0]),
                f"得分 {formula}。",
            ),
            reasons_en=(
                en,
                *(advice[1:] if advice else ()),
                *pe,
                dep_en,
                "single point of failure: every path from raw material to final product passes "
                "through it." if single
                else "not a single point of failure: some raw-material-to-product path avoids it.",
                f"betweenness centrality {b} (normalised).",
                f"relatedness density {r}: {n_related} of its {n_near} neighbouring segments "
                f"have local firms{linked_en}",
                *(x[2] for x in across if x[0]),
                f"score {formula_en}.",
            ),
        ))  # fmt: skip
    stages = {Stage.UPSTREAM: 0, Stage.MIDSTREAM: 1, Stage.DOWNSTREAM: 2, Stage.SERVICES: 3}
    order = {"asks": 0, "names": 1, "agrees": 2, "silent": 3}
    gaps.sort(key=lambda x: (-x["score"], order[x["stance"]], 0, -1, "")
              if x["segment"] is None else (
        -x["score"], order[x["stance"]], 0 if x["segment"] in marked else 1,
        stages[seg[x["segment"]].stage], x["segment"]))  # fmt: skip
    return ChainAnalysis(
        chain=chain.id, name=chain.name, template=template.id,
        template_provenance=template.provenance, presence_provenance=chain.presence_provenance,
        segments=reports, directions=chain.directions,
        gaps=tuple(Gap(chain=chain.id, rank=i, **x) for i, x in enumerate(gaps, 1)),
    )  # fmt: skip


# -- plans ----------------------------------------------------------------------------------

KINDS = {
    "l": {"leader": True},
    "b": {"above_scale": True},
    "s": {},
    "n": {"above_scale": False},
}


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Up to two templates of up to 8 segments, up to three chains (one may have no template)
    laying firms of every kind on them, and cross-chain links between their segments."""
    templates = []
    for t in range(draw(st.integers(1, 2))):
        segs = draw(st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=8, unique=True))
        order = draw(st.permutations(segs))
        pairs = [(order[i], order[j]) for i in range(len(order)) for j in range(i + 1, len(order))]
        edges = draw(st.lists(st.sampled_from(pairs), max_size=14)) if pairs else []
        core = draw(st.sets(st.sampled_from(segs)))
        templates.append(ChainTemplate(
            id=f"t{t}", name=f"模板{t}", edges=edges,
            segments=[Segment(id=s, name=f"环节{s.upper()}", stage=draw(st.sampled_from(Stage)),
                              nature=draw(st.sampled_from(SegmentNature)), core=s in core)
                      for s in segs],
        ))  # fmt: skip
    firms = [
        Enterprise(id=f"f{i}", name=f"企业{i}", **KINDS[k])
        for i, k in enumerate(draw(st.lists(st.sampled_from(sorted(KINDS)), max_size=10)))
    ]
    chains = []
    for c in range(draw(st.integers(1, 3))):
        t = draw(st.sampled_from([*templates, None]))
        if t is None:
            chains.append(Chain(id=f"c{c}", name=f"链{c}"))
            continue
        presence = {}
        if firms:
            for s in draw(st.lists(st.sampled_from([x.id for x in t.segments]), unique=True)):
                presence[s] = draw(st.lists(st.sampled_from([f.id for f in firms]), min_size=1,
                                            max_size=5, unique=True))  # fmt: skip
        directions = [
            ChainDirection(action=draw(st.sampled_from(ChainAction)), text=f"原文{k}",
                           source=draw(st.sampled_from([None, "第一章"])),
                           segments=draw(st.lists(st.sampled_from([x.id for x in t.segments]),
                                                  unique=True, max_size=2)))
            for k in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
        chains.append(Chain(id=f"c{c}", name=f"链{c}", template=t.id, presence=presence,
                            directions=directions))  # fmt: skip
    refs = [f"{c.id}.{s.id}" for c in chains if c.template
            for s in next(t for t in templates if t.id == c.template).segments]  # fmt: skip
    links = draw(st.lists(st.tuples(st.sampled_from(refs), st.sampled_from(refs)), max_size=5)
                 if refs else st.just([]))  # fmt: skip
    links = [(u, v) for u, v in links if u.split(".")[0] != v.split(".")[0]]
    projects = [Project(id=f"p{i}", name=f"项目{i}", enterprise=f.id)
                for i, f in enumerate(firms) if draw(st.booleans())]  # fmt: skip
    return Plan(id="p", region="县", title="示例", start_year=2021, end_year=2025,
                templates=templates, enterprises=firms, chains=chains, links=links,
                projects=projects)  # fmt: skip


weightings = st.one_of(
    st.none(),
    st.just(GapWeights(dependence=0, relatedness=0)),  # integers
    st.just(GapWeights(dependence=-0.0, single_point=1, betweenness=1 / 3)),
    st.just(GapWeights(dependence=0.0, single_point=1.0, betweenness=1 / 3)),  # == the above
    st.builds(GapWeights, **{k: st.floats(0, 3) for k in ("dependence", "single_point",
                                                             "betweenness", "relatedness",
                                                             "core", "planned", "project")}),
)  # fmt: skip


def _same(fast: Any, reference: Any) -> None:
    assert fast == reference
    assert repr(fast) == repr(reference)


@settings(max_examples=300, deadline=None)
@given(plans(), weightings, weightings)
def test_fast_gap_analysis_equals_the_straightforward_rules(
    plan: Plan, w1: GapWeights | None, w2: GapWeights | None
) -> None:
    first, second = ([_reference(plan, c, w) for c in plan.chains] for w in (w1, w2))
    _same(list(analyse_chains(plan, w1)), first)
    for c, expected in zip(plan.chains, second, strict=True):  # on the caches w1 left
        _same(gap_analysis(plan, c.id, w2), expected)
    # equal templates loaded afresh (other objects) share the cached view of the first ones
    _same(list(analyse_chains(loads_plan(dumps_plan(plan)), w1)), first)


# -- the slot-filling constructor -----------------------------------------------------------


def test_slot_filling_constructor_makes_the_objects_init_makes() -> None:
    values = ("c", "s", "包装", ChainAction.FILL, None, ("s",), 0.5, 1.0, 0.25, -0.0, 1.0, 0.25,
              0.0, 0.7, "agrees", 3, ("理由",), ("why",))  # fmt: skip
    gap = _maker(Gap)(*values)
    expected = Gap(**dict(zip([f.alias for f in attrs.fields(Gap)], values, strict=True)))
    _same(gap, expected)
    assert hash(gap) == hash(expected)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        gap.rank = 1  # type: ignore[misc]


def test_slot_filling_constructor_defers_to_init_when_init_does_more() -> None:
    @attrs.frozen
    class Checked:
        n: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen
    class Converted:
        n: int = attrs.field(converter=int)

    with pytest.raises(TypeError):
        _maker(Checked)("1")
    assert _maker(Converted)("2").n == 2


# -- what is shared ---------------------------------------------------------------------------


def test_equal_templates_share_one_view_and_their_sentences() -> None:
    """A template's view is kept by the template's value: equal templates loaded from two
    files share it (and its sentences); a changed template gets its own."""
    from fyp_planning.chains._structure import template_view
    from fyp_planning.chains.reasons import reasons_for

    segs = [Segment(id=i, name=f"环节{i}", stage=Stage.MIDSTREAM) for i in "abc"]
    t = ChainTemplate(id="t", name="模板", segments=segs, edges=[("a", "b"), ("b", "c")])
    plan = Plan(id="p", region="县", title="示例", start_year=2021, end_year=2025, templates=[t])
    again = loads_plan(dumps_plan(plan)).templates[0]
    assert again is not t and again == t
    assert template_view(again) is template_view(t)
    key = tuple(repr(x) for x in attrs.astuple(GapWeights()))
    assert reasons_for(template_view(again), GapWeights(), key) is reasons_for(
        template_view(t), GapWeights(), key
    )
    changed = attrs.evolve(t, edges=[("a", "c")])
    assert template_view(changed) is not template_view(t)
    assert template_view(changed).up[2] == 0b001  # c's only ancestor is a
