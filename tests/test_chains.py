"""Industrial chains: templates in plan files, their validation, and gap analysis."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import networkx as nx
import pytest
from attrs import evolve as attrs_evolve
from attrs import fields as attrs_fields
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import (
    Chain,
    ChainAction,
    ChainTemplate,
    Enterprise,
    GapWeights,
    Plan,
    Segment,
    SegmentStatus,
    chain_graph,
    classify_segment,
    cross_chain_graph,
    dumps_plan,
    gap_analysis,
    loads_plan,
)
from fyp_planning.chains.attraction import ProjectMatch
from fyp_planning.cli import main

# -- helpers --------------------------------------------------------------------------------


def _plan(
    edges: list[tuple[str, str]],
    presence: dict[str, list[str]] | None = None,
    *,
    segments: list[str] | None = None,
    core: tuple[str, ...] = (),
    firms: list[Enterprise] | None = None,
) -> Plan:
    """A plan with one chain ``c`` on a template of the given edges.

    Firms named in ``presence`` but not in ``firms`` are made as small firms (weak alone).
    """
    presence = presence or {}
    seg_ids = segments or sorted({x for e in edges for x in e} | set(presence))
    given_firms = {f.id: f for f in firms or []}
    for ents in presence.values():
        for e in ents:
            given_firms.setdefault(e, Enterprise(id=e, name=f"企业{e}"))
    template = ChainTemplate(
        id="t",
        name="模板",
        segments=[
            Segment(id=s, name=f"环节{s}", stage="midstream", core=s in core) for s in seg_ids
        ],
        edges=edges,
    )
    return Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        templates=[template],
        enterprises=list(given_firms.values()),
        chains=[Chain(id="c", name="示例链", template="t", presence=presence)],
    )


def _leader(i: str) -> Enterprise:
    return Enterprise(id=i, name=f"龙头{i}", leader=True)


def _gaps(plan: Plan) -> dict[str | None, Any]:
    return {g.segment: g for g in gap_analysis(plan, "c").gaps}


PATH = [("a", "b"), ("b", "c"), ("c", "d")]


# -- classification -------------------------------------------------------------------------


def test_classification_rule() -> None:
    small, big = Enterprise(id="s", name="小"), Enterprise(id="b", name="大", above_scale=True)
    unknown = Enterprise(id="u", name="未知", above_scale=None)
    assert classify_segment([]) is SegmentStatus.MISSING
    assert classify_segment([small]) is SegmentStatus.WEAK
    assert classify_segment([unknown]) is SegmentStatus.WEAK
    assert classify_segment([big]) is SegmentStatus.PRESENT
    assert classify_segment([small, unknown]) is SegmentStatus.PRESENT
    assert classify_segment([small, _leader("l")]) is SegmentStatus.STRONG


def test_chain_graph_carries_presence_and_status() -> None:
    plan = _plan(PATH, {"b": ["x"], "c": ["l"]}, firms=[_leader("l")])
    g = chain_graph(plan, "c")
    assert sorted(g.edges) == sorted(PATH)
    assert g.nodes["b"]["enterprises"] == ("x",)
    assert [g.nodes[n]["status"].value for n in "abcd"] == ["missing", "weak", "strong", "missing"]
    assert g.graph == {"chain": "c", "name": "示例链", "template": "t"}


# -- the actions, on small hand-drawn chains ------------------------------------------------


def test_fill_a_missing_segment_between_present_ones() -> None:
    gaps = _gaps(_plan(PATH, {"a": ["l1"], "d": ["l2"]}, firms=[_leader("l1"), _leader("l2")]))
    assert gaps["b"].action is ChainAction.FILL and gaps["c"].action is ChainAction.FILL
    assert gaps["b"].label == "补链"
    assert "上游已有" in gaps["b"].reasons[0] and "下游已有" in gaps["b"].reasons[0]
    assert "fill the chain" in gaps["b"].reasons_en[0]


def test_extend_downstream_beyond_the_last_present_segment() -> None:
    gaps = _gaps(_plan(PATH, {"a": ["l1"], "b": ["l2"]}, firms=[_leader("l1"), _leader("l2")]))
    assert {s: (g.action, g.direction) for s, g in gaps.items()} == {
        "c": (ChainAction.EXTEND, "downstream"),
        "d": (ChainAction.EXTEND, "downstream"),
    }
    assert gaps["c"].label == "延链（向下游）"


def test_extend_upstream_before_the_first_present_segment() -> None:
    gaps = _gaps(_plan(PATH, {"d": ["l1"]}, firms=[_leader("l1")]))
    assert {s: (g.action, g.direction) for s, g in gaps.items()} == {
        s: (ChainAction.EXTEND, "upstream") for s in "abc"
    }
    assert gaps["a"].label == "延链（向上游）"
    assert "宜向上游延链" in gaps["a"].reasons[0]


def test_a_strong_neighbour_is_named_with_its_firms_leaders_first() -> None:
    # d holds small firms listed before its leader: the reason names the leader first
    one = _gaps(_plan(PATH, {"d": ["l1"]}, firms=[_leader("l1")]))["c"]
    assert "下游已有龙头l1所在的环节d，" in one.reasons[0]
    assert "downstream d (l1) have local firms" in one.reasons_en[0]
    two = _gaps(_plan(PATH, {"d": ["s1", "l1"]}, firms=[_leader("l1")]))["c"]
    assert "下游已有龙头l1、企业s1所在的环节d，" in two.reasons[0]
    assert "downstream d (l1, s1) have local firms" in two.reasons_en[0]
    many = _gaps(_plan(PATH, {"d": ["s1", "s2", "l1", "s3", "l2"]}, firms=[_leader("l1"), _leader("l2")]))["c"]  # fmt: skip
    assert "下游已有龙头l1、龙头l2、企业s1等5家企业所在的环节d，" in many.reasons[0]
    assert "downstream d (l1, l2, s1 and 2 more) have local firms" in many.reasons_en[0]
    # a side of several segments is named by its segments alone
    both = _gaps(_plan(PATH, {"c": ["l1"], "d": ["s1"]}, firms=[_leader("l1")]))["a"]
    assert "下游已有环节c、环节d，" in both.reasons[0]


def test_strengthen_a_weak_segment() -> None:
    plan = _plan(
        PATH,
        {s: ["l" + s] for s in "abd"} | {"c": ["small"]},
        firms=[_leader("la"), _leader("lb"), _leader("ld")],
    )
    gaps = _gaps(plan)
    assert list(gaps) == ["c"]
    assert gaps["c"].action is ChainAction.STRENGTHEN
    assert "仅有1家企业（企业small）" in gaps["c"].reasons[0]


def test_two_small_firms_or_an_above_scale_one_are_no_gap() -> None:
    firms = [_leader("la"), Enterprise(id="big", name="大", above_scale=True)]
    plan = _plan(
        [("a", "b"), ("a", "c")], {"a": ["la"], "b": ["x", "y"], "c": ["big"]}, firms=firms
    )
    assert _gaps(plan) == {}


def test_build_a_chain_without_any_present_core_segment() -> None:
    plan = _plan(PATH, {"a": ["x"]}, core=("b", "c"))
    gaps = gap_analysis(plan, "c").gaps
    first = gaps[0]
    assert (first.segment, first.action, first.segments, first.rank) == (
        None,
        ChainAction.BUILD,
        ("b", "c"),
        1,
    )
    w = GapWeights()
    # the structural weights' sum; the plan says nothing of the chain
    assert first.score == pytest.approx(w.total - w.planned - w.project)
    assert "核心环节环节b、环节c" in first.reasons[0]
    # the segments still get their own gaps: the firm in a is weak; the chain is not built
    # (no core segment has a firm), so every missing segment is laid out with it: 建链
    assert {g.segment: g.action for g in gaps[1:]} == {
        "a": ChainAction.STRENGTHEN,
        "b": ChainAction.BUILD,
        "c": ChainAction.BUILD,
        "d": ChainAction.BUILD,
    }
    assert (
        gaps[1].reasons[0] == "「环节b」缺失：本链的核心环节还没有本地企业，该环节随建链一并布局。"
    )


def test_empty_chain_builds_every_segment() -> None:
    gaps = _gaps(_plan(PATH))  # no core marked: every segment counts as core
    assert gaps[None].segments == ("a", "b", "c", "d")
    assert all(g.action is ChainAction.BUILD for g in gaps.values())


def test_single_point_of_failure_found_with_dominators() -> None:
    # a -> b -> d, a -> c -> d, d -> e: every raw-material -> product path passes through d
    # (and a), none through b or c alone.
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")]
    gaps = _gaps(_plan(edges, {"e": ["l"]}, firms=[_leader("l")]))
    assert {s: g.single_point for s, g in gaps.items()} == {
        "a": 1.0,
        "b": 0.0,
        "c": 0.0,
        "d": 1.0,
    }
    assert "单点瓶颈：从原料到终端产品的每条路径都经过它。" in gaps["d"].reasons
    assert gaps["d"].rank < gaps["b"].rank


def test_two_sources_have_no_single_point_before_the_merge() -> None:
    edges = [("a", "c"), ("b", "c"), ("c", "d")]
    gaps = _gaps(_plan(edges, {"d": ["l"]}, firms=[_leader("l")]))
    assert {s: g.single_point for s, g in gaps.items()} == {"a": 0.0, "b": 0.0, "c": 1.0}


def test_scores_reasons_and_ranking() -> None:
    plan = _plan(PATH, {"b": ["l"]}, firms=[_leader("l")])
    result = gap_analysis(plan, "示例链")  # by Chinese name
    # a: 0.35 + 0.25 + 0 + 0.2 = 0.8; c: 0.717 (below); d: 0.35 + 0.25 = 0.6
    assert [(g.rank, g.segment) for g in result.gaps] == [(1, "a"), (2, "c"), (3, "d")]
    assert [g.score for g in result.gaps] == pytest.approx([0.8, 0.35 + 0.25 + 0.2 / 3 + 0.1, 0.6])
    c = result.gaps[1]
    # c: b upstream (1 of 1 present) -> dependence 1; on the only path -> 1;
    # betweenness of c on a 4-path: pairs (a,d), (b,d) of 6 -> 1/3; neighbours b, d: 1 of 2.
    assert (c.dependence, c.single_point, c.relatedness) == (1.0, 1.0, 0.5)
    assert c.betweenness == pytest.approx(1 / 3)
    assert c.score == pytest.approx(0.35 + 0.25 + 0.2 / 3 + 0.1)
    assert c.reasons[-1] == (
        "得分 0.767 = 依存度 0.35×1.00 + 单点瓶颈 0.25×1 + 介数 0.2×0.33 + 关联密度 0.2×0.50"
        " + 核心环节 0.1×0 + 规划导向 0.6×0.00 + 项目 0.25×0。"
    )
    assert len(c.reasons) == len(c.reasons_en) == 6
    assert result.counts == {"strong": 1, "present": 0, "weak": 0, "linked": 0, "missing": 3}
    assert result.completeness == 25.0
    weighted = gap_analysis(
        plan, "c", GapWeights(dependence=0, single_point=0, betweenness=1, relatedness=0)
    )
    assert weighted.gaps[0].segment == "c" and weighted.gaps[0].score == pytest.approx(1 / 3)


def test_ties_are_broken_by_segment_id() -> None:
    plan = _plan([("m", "z"), ("m", "b")], {"m": ["l"]}, firms=[_leader("l")])
    assert [g.segment for g in gap_analysis(plan, "c").gaps] == ["b", "z"]


def test_gap_weights_refuse_negative_values() -> None:
    with pytest.raises(ValueError, match="weight"):
        GapWeights(dependence=-1)


def test_chain_without_template_has_no_segments_and_no_gaps() -> None:
    plan = Plan(
        id="demo", region="县", title="示例", start_year=2021, end_year=2025,
        chains=[Chain(id="food", name="特色食品")],
    )  # fmt: skip
    result = fp.analyse_chains(plan)[0]
    assert (result.template, result.segments, result.gaps, result.completeness) == (
        None,
        (),
        (),
        None,
    )
    with pytest.raises(KeyError, match="no chain 'nope'"):
        gap_analysis(plan, "nope")


def test_cross_chain_graph_joins_chains_by_links() -> None:
    plan = _plan(PATH, {"a": ["x"]})
    plan = Plan(
        **{
            **{f: getattr(plan, f) for f in ("id", "region", "title", "start_year", "end_year")},
            "templates": plan.templates,
            "enterprises": plan.enterprises,
            "chains": [*plan.chains, Chain(id="k", name="另一链", template="t")],
            "links": [("c.d", "k.a")],
        }
    )
    g = cross_chain_graph(plan)
    assert g.edges["c.d", "k.a"]["kind"] == "link"
    assert g.nodes["c.a"]["enterprises"] == ("x",) and g.nodes["k.a"]["chain"] == "k"
    assert g.number_of_nodes() == 8


def _two_chains(links: list[tuple[str, str]], other_presence: dict[str, list[str]]) -> Plan:
    """Chain ``c`` (a -> b -> c -> d, a firm in a) and chain ``k`` on the same template."""
    base = _plan(PATH, {"a": ["x"]})
    firms = [*base.enterprises, *(Enterprise(id=i, name=f"企业{i}") for v in
                                   other_presence.values() for i in v)]  # fmt: skip
    return Plan(
        id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        templates=base.templates, enterprises=firms,
        chains=[*base.chains, Chain(id="k", name="另一链", template="t", presence=other_presence)],
        links=links,
    )  # fmt: skip


def test_a_segment_another_chain_supplies_is_present_by_link_and_no_gap() -> None:
    alone = gap_analysis(_two_chains([], {"d": ["y"]}), "c")
    linked = gap_analysis(_two_chains([("k.d", "c.c")], {"d": ["y"]}), "c")
    assert "c" in {g.segment for g in alone.gaps}
    assert "c" not in {g.segment for g in linked.gaps}  # k.d (a firm) supplies it
    report = next(s for s in linked.segments if s.id == "c")
    assert (report.status, report.linked) == (SegmentStatus.LINKED, ("k.d",))
    assert linked.counts["linked"] == 1 and linked.completeness == 50.0
    # d lies downstream of the linked c: it extends the chain past it
    d = next(g for g in linked.gaps if g.segment == "d")
    assert (d.action, d.direction) == (ChainAction.EXTEND, "downstream")
    assert "环节c" in d.reasons[0]
    # a link from an empty segment supplies nothing
    empty = gap_analysis(_two_chains([("k.b", "c.c")], {"d": ["y"]}), "c")
    assert "c" in {g.segment for g in empty.gaps}


def test_a_linked_customer_counts_as_a_present_neighbour() -> None:
    alone = _gaps(_two_chains([], {"d": ["y"]}))["c"]
    linked = _gaps(_two_chains([("c.c", "k.d")], {"d": ["y"]}))["c"]
    # c's template neighbours b and d have no firm; the linked k.d has one: 1 of 3
    assert (alone.relatedness, linked.relatedness) == (0.0, pytest.approx(1 / 3))
    assert linked.action is alone.action is ChainAction.EXTEND  # a customer changes no action
    assert linked.score == pytest.approx(alone.score + 0.2 / 3)
    assert "相邻的 3 个环节（含跨链关联 1 个）中有 1 个已有本地企业。" in linked.reasons[4]
    assert linked.reasons[5] == (
        "跨链关联：本县另一链链的「环节d」已有本地企业（企业y），是本环节的就近客户。"
    )
    assert "k.d (另一链) has local firms (y) and buys from this segment." in linked.reasons_en[5]


def test_a_linked_customer_is_named_and_a_linked_empty_segment_only_dilutes() -> None:
    customer = _gaps(_two_chains([("c.c", "k.d")], {"d": ["y"]}))["c"]
    assert customer.reasons[5].endswith("是本环节的就近客户。")
    empty = _gaps(_two_chains([("c.c", "k.b")], {"d": ["y"]}))["c"]
    assert empty.relatedness == 0.0 and not any("跨链关联：" in r for r in empty.reasons)
    assert "相邻的 3 个环节（含跨链关联 1 个）中有 0 个" in empty.reasons[4]


def test_reasons_are_catalogue_messages_with_raw_values() -> None:
    """A gap keeps its reasons as message ids and arguments (numbers stay numbers) and says them
    in either language when read; the linked segment's sentence is a message too."""
    gap = _gaps(_two_chains([("c.c", "k.d")], {"d": ["y"]}))["c"]
    said = gap.reasons_text
    assert [m.id for m in said] == [
        "chains.gap.extend_downstream",
        "chains.gap.dependence",
        "chains.gap.single_point" if gap.single_point else "chains.gap.not_single_point",
        "chains.gap.betweenness",
        "chains.gap.relatedness",
        "chains.link.reason",
        "chains.gap.score",
    ]
    score = said[-1].arguments
    assert score["score"] == gap.score and isinstance(score["relatedness"], float)
    assert score["relatedness"] == pytest.approx(1 / 3)  # unrounded, formatted by the template
    assert said[4].arguments["linked"].arguments == {"across": 1}
    assert tuple(m.zh for m in said) == gap.reasons
    assert tuple(m.en for m in said) == gap.reasons_en


def test_a_gap_equals_a_gap_that_says_the_same_in_sentences() -> None:
    """Equality, hash and repr go by what a gap says: catalogue messages or the same
    sentences given by hand (Chinese and English) make equal gaps."""
    gap = _gaps(_plan([("a", "b"), ("b", "c")], {"a": ["x"], "c": ["z"]}))["b"]
    by_hand = fp.Gap(
        **{f.alias: getattr(gap, f.alias) for f in attrs_fields(fp.Gap)},
    )
    assert by_hand.reasons_text[0] == fp.text.Bilingual(gap.reasons[0], gap.reasons_en[0])
    assert by_hand == gap and hash(by_hand) == hash(gap) and repr(by_hand) == repr(gap)
    assert repr(gap).startswith("Gap(chain='c', segment='b', ")
    assert f"reasons_en={gap.reasons_en!r})" in repr(gap)
    other = fp.Gap(**{**{f.alias: getattr(gap, f.alias) for f in attrs_fields(fp.Gap)},
                      "reasons_en": ("other",) * len(gap.reasons)})  # fmt: skip
    assert other != gap
    chinese_only = fp.Gap(chain="c", segment="b", name="环节b", action=ChainAction.FILL,
                          reasons=("理由",))  # fmt: skip
    assert chinese_only.reasons == ("理由",) and chinese_only.reasons_en == ()


def test_a_project_match_keeps_its_reason_as_a_message() -> None:
    plan = _plan([("a", "b")], {"b": ["x"]})
    plan = attrs_evolve(
        plan,
        enterprises=[attrs_evolve(plan.enterprises[0], chains=["c"])],
        projects=[
            fp.Project(id="p", name="扩建", enterprise="x", investment=fp.parse_quantity("5亿元"))
        ],
    )
    (line,) = [a for a in fp.attraction_list(plan) if a.projects]
    match = line.projects[0]
    assert match.reason_text.id == "chains.attraction.project"
    assert match.reason == (
        "项目「扩建」（投资5亿元）的企业企业x在「示例链」的「环节b」环节（企业布局：建模推断），"
        "且该企业属于「示例链」产业链，项目可做强该环节。"
    )
    assert match.reason_en == (
        "project p (demo): its enterprise x is laid onto b in chain c's presence and lists chain c."
    )
    assert list(match.to_dict()) == [
        "project", "name", "plan", "enterprise", "enterprise_name", "investment", "reason",
        "reason_en", "inferred", "clue",
    ]  # fmt: skip
    assert (match.inferred, match.clue) == (False, "")  # addressing, not a candidate
    by_hand = ProjectMatch(project="p", name="扩建", plan="demo", enterprise="x",
                              enterprise_name="企业x", investment=None, reason="理由")  # fmt: skip
    assert (by_hand.reason, by_hand.reason_en) == ("理由", "")


def test_a_free_text_reason_keeps_its_english_in_reason_text() -> None:
    match = ProjectMatch(project="p", name="扩建", plan="demo", enterprise="x",
                         enterprise_name="企业x", investment=None, reason="理由",
                         reason_en="why")  # fmt: skip
    assert match.reason_text == fp.text.Bilingual("理由", "why")
    assert (match.reason, match.reason_en, match.reason_text.render("en")) == ("理由", "why", "why")


def test_links_provenance_round_trips_and_is_checked() -> None:
    plan = _two_chains([("k.d", "c.c")], {"d": ["y"]})
    assert plan.links_provenance is fp.Provenance.MODEL
    documented = Plan(**{**{f.name: getattr(plan, f.name) for f in attrs_fields(Plan)},
                         "links_provenance": fp.Provenance.DOCUMENT})  # fmt: skip
    text = dumps_plan(documented)
    assert 'links_provenance = "document"' in text
    assert loads_plan(text) == documented
    assert "links_provenance" not in dumps_plan(plan)  # the default is not written
    bad = text.replace('links_provenance = "document"', 'links_provenance = "guess"')
    with pytest.raises(fp.PlanError) as info:
        loads_plan(bad)
    (problem,) = info.value.problems
    assert (problem.path, problem.value) == ("links_provenance", "guess")


# -- properties -----------------------------------------------------------------------------


@st.composite
def chain_cases(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]], dict[str, list[str]]]:
    """Segment ids, DAG edges and presence (segment -> firm kinds: l leader, b big, s small)."""
    import strategies as S

    segs = draw(S.unique_ids(max_size=6, min_size=1))
    edges = draw(S.dag_edges(segs))
    firms = st.lists(st.sampled_from(["l", "b", "s"]), max_size=3)
    presence = {s: draw(firms) for s in draw(st.lists(st.sampled_from(segs), unique=True))}
    return segs, edges, {s: f for s, f in presence.items() if f}


def _firm(kind: str, i: str) -> Enterprise:
    return Enterprise(id=i, name=i, leader=kind == "l", above_scale=kind == "b")


def _case_plan(
    segs: list[str],
    edges: list[tuple[str, str]],
    presence: dict[str, list[str]],
    core: tuple[str, ...] = (),
) -> Plan:
    firms, placed = [], {}
    for seg, kinds in presence.items():
        ids = [f"{k}_{seg}_{n}" for n, k in enumerate(kinds)]
        firms += [_firm(k, i) for k, i in zip(kinds, ids, strict=True)]
        placed[seg] = ids
    return _plan(edges, placed, segments=segs, core=core, firms=firms)


CHAIN_SETTINGS = settings(max_examples=150, deadline=None)


@CHAIN_SETTINGS
@given(chain_cases())
def test_every_segment_led_means_no_gaps(case: Any) -> None:
    segs, edges, _ = case
    assert gap_analysis(_case_plan(segs, edges, {s: ["l"] for s in segs}), "c").gaps == ()


@CHAIN_SETTINGS
@given(chain_cases(), st.data())
def test_with_template_only_weights_adding_a_firm_never_pushes_a_gap_down(
    case: Any, data: Any
) -> None:
    # The documented choice for a ranking local presence cannot reorder: without dependence
    # and relatedness, no other gap's score changes and none falls in the list.
    segs, edges, presence = case
    missing = [s for s in segs if s not in presence]
    if not missing:
        return
    seg = data.draw(st.sampled_from(missing))
    w = GapWeights(dependence=0, relatedness=0)
    before = {g.segment: g for g in gap_analysis(_case_plan(segs, edges, presence), "c", w).gaps}
    after_plan = _case_plan(segs, edges, {**presence, seg: [data.draw(st.sampled_from("lbs"))]})
    after = {g.segment: g for g in gap_analysis(after_plan, "c", w).gaps}
    for s, gap in after.items():
        if s in (seg, None):
            continue
        assert gap.score == before[s].score
        assert gap.rank <= before[s].rank


@CHAIN_SETTINGS
@given(chain_cases(), st.data())
def test_adding_a_firm_to_a_missing_segment_never_adds_a_gap(case: Any, data: Any) -> None:
    segs, edges, presence = case
    missing = [s for s in segs if s not in presence]
    if not missing:
        return
    seg = data.draw(st.sampled_from(missing))
    kind = data.draw(st.sampled_from(["l", "b", "s"]))
    before = _gaps(_case_plan(segs, edges, presence))
    after = _gaps(_case_plan(segs, edges, {**presence, seg: [kind]}))
    assert set(after) <= set(before)
    # the segment's own gap goes, or stays as 强链 for a lone small firm
    assert (after[seg].action if seg in after else None) is (
        ChainAction.STRENGTHEN if kind == "s" else None
    )
    # no other gap gets a harsher action: 建链 -> 延链 -> 补链 only, 强链 stays 强链
    harshness = {ChainAction.BUILD: 2, ChainAction.EXTEND: 1, ChainAction.FILL: 0}
    for s, gap in after.items():
        if s in (seg, None):
            continue
        old = before[s]
        if gap.action is ChainAction.STRENGTHEN:
            assert old.action is ChainAction.STRENGTHEN
        else:
            assert harshness[gap.action] <= harshness[old.action]
    # and no other gap moves ahead of one it was behind except by its own score rising:
    # gaps ranked ahead of a gap after the change were ahead before or gained score.
    for s, gap in after.items():
        if s in (seg, None):
            continue
        for t, other in after.items():
            if t in (seg, None, s) or other.rank > gap.rank or before[t].rank < before[s].rank:
                continue
            assert other.score > before[t].score or gap.score < before[s].score


@CHAIN_SETTINGS
@given(chain_cases(), st.sets(st.integers(0, 5)))
def test_every_action_matches_the_segments_position(case: Any, core_at: set[int]) -> None:
    segs, edges, presence = case
    core = tuple(s for i, s in enumerate(segs) if i in core_at)
    plan = _case_plan(segs, edges, presence, core)
    g = chain_graph(plan, "c")
    have = {n for n, st_ in g.nodes(data="status") if st_ is not SegmentStatus.MISSING}
    for gap in gap_analysis(plan, "c").gaps:
        if gap.segment is None:
            assert gap.action is ChainAction.BUILD
            assert not have & set(core or segs) and set(gap.segments) == set(core or segs)
            continue
        status = g.nodes[gap.segment]["status"]
        up = nx.ancestors(g, gap.segment) & have
        down = nx.descendants(g, gap.segment) & have
        built = bool(have & set(core or segs))
        expected = {
            (True, True): (ChainAction.FILL, None),
            (True, False): (ChainAction.EXTEND, "downstream"),
            (False, True): (ChainAction.EXTEND, "upstream"),
            (False, False): (ChainAction.EXTEND, None),
        }[(bool(up), bool(down))]
        if gap.segment in core and expected[0] is ChainAction.EXTEND:
            expected = (ChainAction.FILL, None)  # a missing core segment of a built chain
        if not built:
            expected = (ChainAction.BUILD, None)
        if status is SegmentStatus.WEAK:
            expected = (ChainAction.STRENGTHEN, None)
        else:
            assert status is SegmentStatus.MISSING
        assert (gap.action, gap.direction) == expected
        assert 0 <= gap.score <= GapWeights().total
    strong_or_present = {n for n in have if g.nodes[n]["status"] is not SegmentStatus.WEAK}
    assert not strong_or_present & {gap.segment for gap in gap_analysis(plan, "c").gaps}


@CHAIN_SETTINGS
@given(chain_cases(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_insertion_order(case: Any, rnd: Any) -> None:
    segs, edges, presence = case
    plan = _case_plan(segs, edges, presence)
    template = plan.templates[0]
    segments, shuffled_edges = list(template.segments), list(template.edges)
    rnd.shuffle(segments)
    rnd.shuffle(shuffled_edges)
    pres = list(plan.chains[0].presence)
    rnd.shuffle(pres)
    firms = list(plan.enterprises)
    rnd.shuffle(firms)
    other = Plan(
        id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        templates=[ChainTemplate(id="t", name="模板", segments=segments, edges=shuffled_edges)],
        enterprises=firms,
        chains=[Chain(id="c", name="示例链", template="t", presence=pres)],
    )  # fmt: skip
    assert gap_analysis(other, "c").gaps == gap_analysis(plan, "c").gaps


# -- plan files -----------------------------------------------------------------------------

HEAD = """\
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025
"""

FIRMS = """
[enterprises.lameizi]
name = "辣妹子食品"
leader = true
"""

TEMPLATE = """
[templates.food_processing]
name = "特色食品产业链参考模板"
note = "据行业通用知识编写，非规划原文"
edges = [["farming", "primary_processing"], ["primary_processing", "deep_processing"]]
[templates.food_processing.segments.farming]
name = "特色农产品种养基地"
stage = "上游"
[templates.food_processing.segments.primary_processing]
name = "初加工"
stage = "midstream"
[templates.food_processing.segments.deep_processing]
name = "精深加工"
stage = "midstream"
core = true
"""

CHAIN = """
[chains.food]
name = "特色食品"
source = "第一章第一节一.2"
template = "food_processing"
[chains.food.presence]
deep_processing = ["lameizi"]
"""


def test_plan_file_with_templates_chains_and_links_round_trips() -> None:
    text = HEAD + 'links = [["food.deep_processing", "food2.farming"]]\n' + FIRMS + TEMPLATE + CHAIN
    text += '\n[chains.food2]\nname = "第二链"\ntemplate = "food_processing"\n'
    text += 'presence_provenance = "规划文本"\n'
    plan = loads_plan(text)
    template = plan.template("food_processing")
    assert template.provenance is fp.Provenance.MODEL
    assert template.segment("farming").stage is fp.Stage.UPSTREAM
    assert plan.chain("特色食品").presence == (("deep_processing", ("lameizi",)),)
    assert plan.chain("food2").presence_provenance is fp.Provenance.DOCUMENT
    assert plan.links == (("food.deep_processing", "food2.farming"),)
    for fmt in ("toml", "json"):
        assert loads_plan(dumps_plan(plan, fmt), fmt) == plan
    assert "presence_provenance" not in dumps_plan(plan).split("[chains.food]")[1].split("[")[0]


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(fp.PlanError) as exc:
        loads_plan(text)
    return [(p.path, p.message) for p in exc.value.problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('["primary_processing", "deep_processing"]', '["primary_processing", "deep"]'),
            [("templates.food_processing.edges[1][1]", "unknown segment")],
        ),
        (
            (
                'edges = [["farming", "primary_processing"],',
                'edges = [["deep_processing", "farming"], ["farming", "primary_processing"],',
            ),
            [
                (
                    "templates.food_processing.edges",
                    "supply edges form a cycle: deep_processing → farming → "
                    "primary_processing → deep_processing",
                )
            ],
        ),
        (
            ('stage = "上游"', 'stage = "upper"'),
            [("templates.food_processing.segments.farming.stage", "unknown choice")],
        ),
        (
            ('edges = [["farming", "primary_processing"],', 'edges = [["farming"],'),
            [("templates.food_processing.edges[0]", "not a pair of text")],
        ),
        (
            ('template = "food_processing"', 'template = "food"'),
            [("chains.food.template", "unknown template")],
        ),
        (
            ('deep_processing = ["lameizi"]', 'deep = ["lameizi"]'),
            [("chains.food.presence.deep", "unknown segment of template food_processing")],
        ),
        (
            ('deep_processing = ["lameizi"]', 'deep_processing = ["lameizi", "sanke"]'),
            [("chains.food.presence.deep_processing[1]", "unknown enterprise")],
        ),
        (
            ('deep_processing = ["lameizi"]', 'deep_processing = ["lameizi", "lameizi"]'),
            [
                (
                    "chains.food.presence.deep_processing[1]",
                    "enterprise listed twice in this segment",
                )
            ],
        ),
        (
            ('template = "food_processing"\n', ""),
            [("chains.food.presence.deep_processing", "presence without a template")],
        ),
        (
            ('deep_processing = ["lameizi"]', 'deep_processing = "lameizi"'),
            [("chains.food.presence.deep_processing", "wrong type")],
        ),
    ],
)
def test_bad_chain_files_report_key_paths(change: tuple[str, str], expected: Any) -> None:
    text = HEAD + FIRMS + TEMPLATE + CHAIN
    assert change[0] in text
    assert _problems(text.replace(*change, 1)) == expected


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ('[["food.farming", "tea.farming"]]', [("links[0][1]", "unknown chain")]),
        (
            '[["food.farming", "food.packing"]]',
            [("links[0][1]", "unknown segment of chain food (template food_processing)")],
        ),
        ('[["food.farming", "food"]]', [("links[0][1]", "not a chain segment reference")]),
        ('[["food.farming", "bare.x"]]', [("links[0][1]", "chain bare has no template")]),
        ('[["food.farming"]]', [("links[0]", "not a pair of text")]),
        ('"food.farming"', [("links", "wrong type")]),
    ],
)
def test_bad_links_report_key_paths(links: str, expected: Any) -> None:
    text = (
        HEAD
        + f"links = {links}\n"
        + FIRMS
        + TEMPLATE
        + CHAIN
        + '\n[chains.bare]\nname = "无模板"\n'
    )
    assert _problems(text) == expected


def test_a_broken_template_hides_the_chain_errors_it_causes() -> None:
    text = (HEAD + FIRMS + TEMPLATE + CHAIN).replace('stage = "midstream"\ncore', "stage = 3\ncore")
    assert _problems(text) == [
        ("templates.food_processing.segments.deep_processing.stage", "wrong type")
    ]


def test_model_validation_uses_the_same_paths() -> None:
    with pytest.raises(fp.PlanValidationError) as exc:
        _plan([("a", "b"), ("b", "a")])
    assert [p.path for p in exc.value.problems] == ["templates.t.edges"]
    assert exc.value.problems[0].value == ["a", "b"]


def test_existing_chains_without_templates_still_load() -> None:
    plan = fp.load("dongkou")
    assert len(plan.chains) == 7
    assert all(a.template is None or a.segments for a in fp.analyse_chains(plan))


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def chain_file(tmp_path: Any) -> str:
    text = HEAD + FIRMS + TEMPLATE + CHAIN + '\n[chains.bare]\nname = "无模板链"\n'
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_fyp_chains_text_and_json(chain_file: str) -> None:
    result = CliRunner().invoke(main, ["chains", chain_file])
    assert result.exit_code == 0, result.output
    food = next(ln for ln in result.output.splitlines() if ln.startswith("food "))
    assert food.split() == [
        "food",
        "特色食品",
        "food_processing",
        "3",
        "1",
        "0",
        "0",
        "0",
        "2",
        "33.3%",
    ]
    assert "无参考模板" in next(ln for ln in result.output.splitlines() if ln.startswith("bare "))
    data = json.loads(CliRunner().invoke(main, ["chains", chain_file, "--format", "json"]).output)
    assert [c["completeness"] for c in data["chains"]] == [33.3, None]
    assert data["chains"][0]["counts"] == {
        "strong": 1, "present": 0, "weak": 0, "linked": 0, "missing": 2
    }  # fmt: skip


def test_fyp_gaps_text_json_and_unknown_chain(chain_file: str) -> None:
    result = CliRunner().invoke(main, ["gaps", chain_file, "特色食品"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "特色食品（food）"
    assert lines[1].startswith("  1. 延链（向上游） 初加工（primary_processing）  得分 score ")
    result = CliRunner().invoke(main, ["gaps", chain_file, "--format", "json"])
    data = json.loads(result.output)
    assert [g["segment"] for g in data["chains"][0]["gaps"]] == ["primary_processing", "farming"]
    assert data["chains"][1]["template"] is None
    all_text = CliRunner().invoke(main, ["gaps", chain_file]).output
    assert "无参考模板" in all_text
    bad = CliRunner().invoke(main, ["gaps", chain_file, "tea"])
    assert bad.exit_code == 2 and "no chain 'tea'" in bad.output


def test_readme_style_example_of_the_text(chain_file: str) -> None:
    out = CliRunner().invoke(main, ["gaps", chain_file, "food"]).output
    assert textwrap.dedent(out).count("     - ") == 12  # six reasons for each of two gaps


def _networkx_cycle(edges: list[tuple[str, str]]) -> list[str]:
    import networkx as nx

    if not edges:
        return []
    graph = nx.DiGraph()
    graph.add_edges_from(sorted(edges))
    try:
        return [u for u, _ in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:
        return []


@settings(max_examples=500)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")), max_size=12))
def test_template_cycle_is_the_one_networkx_finds(edges: list[tuple[str, str]]) -> None:
    """Plan validation finds template cycles without networkx, and reports the same cycle."""
    from fyp_planning.model.plan import _cycle

    assert _cycle(edges) == _networkx_cycle(edges)


def test_gap_analysis_and_the_attraction_list_do_not_import_networkx() -> None:
    """`fyp gaps` and `fyp chains` need no graph object: networkx stays unloaded (it costs
    about a third of `fyp gaps`'s run); drawing a chain loads it."""
    import subprocess
    import sys

    code = textwrap.dedent(
        """
        import sys
        from fyp_planning.cli import main
        for args in (["gaps", "dongkou"], ["gaps", "dongkou", "--attraction", "--format", "json"],
                     ["chains", "dongkou"]):
            main(args, standalone_mode=False)
        print("networkx loaded:", "networkx" in sys.modules)
        main(["export", "dongkou", "--chain", "food", "--format", "mermaid"], standalone_mode=False)
        print("networkx loaded:", "networkx" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = [line for line in out.splitlines() if line.startswith("networkx loaded:")]
    assert loaded == ["networkx loaded: False", "networkx loaded: True"]
