"""The Dongkou chains: seven templates laid over the plan's enterprises, analysed end to end."""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

SEVEN = {
    "food",
    "new_materials",
    "electronics",
    "light_industry",
    "culture_tourism",
    "internet",
    "equipment",
}


def test_every_chain_has_a_model_template_of_8_to_25_segments() -> None:
    plan = fp.load("dongkou")
    assert {c.id for c in plan.chains} == SEVEN
    for chain in plan.chains:
        template = plan.template(chain.template)
        assert 8 <= len(template.segments) <= 25, chain.id
        assert template.provenance is fp.Provenance.MODEL  # industry knowledge, not the plan
        assert chain.presence_provenance is fp.Provenance.MODEL
        graph = nx.DiGraph(list(template.edges))
        assert nx.is_directed_acyclic_graph(graph)
        assert any(s.core for s in template.segments)


def test_cross_chain_links_are_modelled_and_feed_the_gap_reasons() -> None:
    plan = fp.load("dongkou")
    assert len(plan.links) == 10 and plan.links_provenance is fp.Provenance.MODEL
    food = fp.gap_analysis(plan, "food")
    # 通达纸箱 of 特色轻工 supplies the food chain's 食品包装材料: present by link, no gap
    packaging = next(s for s in food.segments if s.id == "food_packaging")
    assert packaging.status is fp.SegmentStatus.LINKED
    assert packaging.linked == ("light_industry.packaging_printing",)
    assert "food_packaging" not in {g.segment for g in food.gaps}
    # a link from a segment with no firm only counts as a neighbour: 特色轻工's 外贸出口 and
    # the internet chain's (empty) e-commerce platforms
    trade = {g.segment: g for g in fp.gap_analysis(plan, "light_industry").gaps}["export_trade"]
    assert (
        "关联密度 0.43：相邻的 7 个环节（含跨链关联 1 个）中有 3 个已有本地企业。" in trade.reasons
    )


def test_gaps_cli_lists_ranked_actions_with_reasons_for_all_seven_chains() -> None:
    result = CliRunner().invoke(main, ["gaps", "dongkou", "--format", "json"])
    assert result.exit_code == 0, result.output
    chains = {c["chain"]: c for c in json.loads(result.output)["chains"]}
    assert set(chains) == SEVEN
    for cid, chain in chains.items():
        assert chain["gaps"], cid
        ranks = [g["rank"] for g in chain["gaps"]]
        assert ranks == sorted(ranks) == list(range(1, len(ranks) + 1))
        for gap in chain["gaps"]:
            assert gap["reasons"] and gap["action"] in {"build", "extend", "fill", "strengthen"}
    # No firm is named for 文旅 or 互联网: both need building (建链).
    assert chains["internet"]["gaps"][0]["action"] == "build"
    assert chains["culture_tourism"]["gaps"][0]["action"] == "build"
    # The chain name works as well as its id.
    by_name = CliRunner().invoke(main, ["gaps", "dongkou", "电子信息"])
    assert by_name.exit_code == 0 and "延链" in by_name.output
