"""Issue 16 links: no 招商 for resources or infrastructure, firms on chains they do not list
(rule R-series), parks' industries."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


def _plan(nature: str) -> fp.Plan:
    t = fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("land", "grow"), ("grow", "made")],
        segments=[
            fp.Segment(id="land", name="茶园", stage="upstream", nature=nature),
            fp.Segment(id="grow", name="茶叶初制", stage="midstream"),
            fp.Segment(id="made", name="茶饮品", stage="downstream"),
        ],
    )
    return fp.Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        templates=[t],
        enterprises=[fp.Enterprise(id="a", name="甲厂", chains=["c"])],
        chains=[fp.Chain(id="c", name="茶", template="t", presence={"grow": ["a"]})],
    )


@pytest.mark.parametrize(
    ("nature", "advice"),
    [("resource", "培育、保护开发「茶园」"), ("infrastructure", "配套建设「茶园」")],
)
def test_a_resource_or_infrastructure_gap_is_advice_not_a_firm_to_attract(
    nature: str, advice: str
) -> None:
    lines = fp.attraction_list(_plan(nature), "c")
    land = next(a for a in lines if a.gap.segment == "land")
    assert not land.attractable and land.nature is fp.SegmentNature(nature)
    assert land.target.startswith(advice) and "引进" not in land.target
    assert land.to_dict()["attractable"] is False and land.to_dict()["nature"] == nature
    assert lines[-1] is land  # after every 招商 line
    made = next(a for a in lines if a.gap.segment == "made")
    assert made.attractable and made.target.startswith("引进「茶饮品」")


def test_an_industry_gap_of_the_same_plan_is_attracted() -> None:
    lines = fp.attraction_list(_plan("industry"), "c")
    assert all(a.attractable and a.target.startswith("引进") for a in lines)


def test_no_dongkou_resource_or_infrastructure_segment_is_proposed_for_attraction(
    dongkou: fp.Plan,
) -> None:
    lines = fp.attraction_list(dongkou)
    kept_apart = {(a.chain, a.gap.name) for a in lines if not a.attractable}
    # regression: the plan's scenery, tea gardens and networks were 建链 for 招商 before
    assert {
        ("culture_tourism", "自然生态旅游资源"),
        ("culture_tourism", "农业与茶园观光资源"),
        ("internet", "通信网络基础设施"),
    } <= kept_apart
    for a in lines:
        natures = {
            dongkou.template(dongkou.chain(a.chain).template or "").segment(s).nature
            for s in a.gap.segments
        }
        if a.attractable:
            assert fp.SegmentNature.INDUSTRY in natures
            assert a.target.startswith("引进")
        else:
            assert natures == {a.nature} and "引进" not in a.target


def test_cli_lists_the_gaps_attraction_cannot_fill_apart() -> None:
    runner = CliRunner()
    data = json.loads(
        runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "json"]).output
    )
    assert data["attraction"] and all(a["attractable"] for a in data["attraction"])
    assert data["not_attractable"]
    assert not any(a["attractable"] for a in data["not_attractable"])
    text = runner.invoke(main, ["gaps", "dongkou", "文旅", "--attraction"]).output
    head, _, rest = text.partition("非招商缺口")
    assert "自然生态旅游资源" in rest and "自然生态旅游资源" not in head
