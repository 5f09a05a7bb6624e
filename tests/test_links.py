"""Issue 16 links: no 招商 for resources or infrastructure, firms on chains they do not list
(rule R-series), parks' industries."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
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


# -- R002 chain-unplaced ---------------------------------------------------------------------


def _r002(plan: fp.Plan) -> list[str]:
    return [f.location for f in fp.audit(plan).findings if f.code == "R002"]


def test_r002_reports_a_firm_listing_a_chain_it_sits_nowhere_in() -> None:
    plan = _plan("industry")
    assert _r002(plan) == []  # 甲厂 sits in 茶叶初制
    extra = fp.Enterprise(id="b", name="乙厂", chains=["c"])
    unplaced = attrs.evolve(plan, enterprises=[*plan.enterprises, extra])
    assert _r002(unplaced) == ["enterprises.b.chains[0]"]
    (finding,) = [f for f in fp.audit(unplaced).findings if f.code == "R002"]
    assert finding.severity is fp.Severity.INFO and "乙厂" in finding.message


def test_r002_skips_a_chain_without_a_template() -> None:
    plan = fp.Plan(
        id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        enterprises=[fp.Enterprise(id="a", name="甲厂", chains=["c"])],
        chains=[fp.Chain(id="c", name="茶")],
    )  # fmt: skip
    assert _r002(plan) == []


def test_dongkou_r002_names_only_the_firms_the_plan_gives_no_products_for(
    dongkou: fp.Plan,
) -> None:
    assert sorted(_r002(dongkou)) == [
        "enterprises.guocai_new_materials.chains[0]",
        "enterprises.wangzheng_new_materials.chains[0]",
    ]
    assert not [f for f in fp.audit(dongkou).findings if f.code == "R001"]


# -- Park.industries and Park.chains ---------------------------------------------------------

PARKS = """
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025

[chains.nm]
name = "新材料"

[parks.nm_park]
name = "新材料产业园"
industries = ["新材料", "新型建筑内外涂料"]
chains = ["nm"]
"""


def test_a_park_reads_its_industries_and_chains_and_dumps_them_back() -> None:
    plan = fp.loads_plan(PARKS)
    (park,) = plan.parks
    assert park.industries == ("新材料", "新型建筑内外涂料") and park.chains == ("nm",)
    for fmt in ("toml", "json"):
        assert fp.loads_plan(fp.dumps_plan(plan, fmt), fmt) == plan


def test_a_park_hosting_an_unknown_chain_is_refused_with_its_key_path() -> None:
    with pytest.raises(fp.PlanError) as err:
        fp.loads_plan(PARKS.replace('chains = ["nm"]', 'chains = ["nmm"]'))
    text = str(err.value)
    assert "parks.nm_park.chains[0]" in text and "nmm" in text


def test_a_park_industry_must_be_a_name() -> None:
    with pytest.raises(fp.PlanError):
        fp.loads_plan(
            PARKS.replace('industries = ["新材料", "新型建筑内外涂料"]', 'industries = ["", 3]')
        )


def test_parks_industries_survive_the_store(tmp_path: Path, dongkou: fp.Plan) -> None:
    pytest.importorskip("pyarrow")
    folder = tmp_path / "store"
    fp.dump_plan_store([dongkou], folder)
    (back,) = fp.load_plan_store(folder)
    assert back == dongkou
    assert back.parks == dongkou.parks
    assert any(p.industries for p in back.parks) and any(p.chains for p in back.parks)


def test_dongkou_parks_record_the_plans_orientation_and_no_more(dongkou: fp.Plan) -> None:
    parks = {p.id: p for p in dongkou.parks}
    assert len(parks) == 23
    zone = parks["economic_development_zone"]
    assert zone.industries[:2] == ("互联网", "高端制造") and len(zone.chains) == 7
    assert parks["information_industry_zone"].chains == ("electronics", "internet")
    assert "新型电子元器件生产" in parks["information_industry_zone"].industries
    # the plan states no orientation for these: none is invented
    for quiet in ("hukun_corridor", "high_tech_zone", "zhejiang_merchants_park", "asean_park",
                  "guangshen_park", "sci_tech_innovation_park"):  # fmt: skip
        assert parks[quiet].industries == () and parks[quiet].chains == ()
    for p in dongkou.parks:
        for name in p.industries:  # the plan's own words: its text (focus) or the park's name
            assert name in (p.focus or "") + p.name, (p.id, name)


# -- host parks on the 招商 list -------------------------------------------------------------


def test_a_gap_names_the_parks_the_plan_ties_to_its_chain() -> None:
    plan = attrs.evolve(
        _plan("resource"),
        parks=[
            fp.Park(id="big", name="工业集中区", industries=["电子", "茶", "酒"]),
            fp.Park(id="zone", name="开发区", chains=["c"], industries=["茶", "电子"]),
            fp.Park(id="tea", name="茶园区", industries=["茶"]),  # the chain's own name
            fp.Park(id="other", name="电子园", industries=["电子", "茶饮料"]),  # no exact match
        ],
    )
    lines = {a.gap.segment: a for a in fp.attraction_list(plan, "c")}
    # one chain (or one industry) before three industries; a tie in plan order
    assert lines["made"].parks == ("zone", "tea", "big")
    assert lines["made"].park_names == ("开发区", "茶园区", "工业集中区")
    assert lines["made"].to_dict()["parks"][0] == {"id": "zone", "name": "开发区"}
    assert lines["land"].parks == ()  # a resource is not hosted by a park's 招商


def test_dongkou_new_materials_gaps_name_their_parks(dongkou: fp.Plan) -> None:
    lines = fp.attraction_list(dongkou, "new_materials")
    attract = [a for a in lines if a.attractable]
    assert attract and all(
        a.parks
        == (
            "new_materials_park",
            "shijiang_shuidong_new_materials_area",
            "economic_development_zone",
        )
        for a in attract
    )
    text = CliRunner().invoke(main, ["gaps", "dongkou", "新材料", "--attraction"]).output
    assert "承载园区 host parks：新材料产业园；石江、水东新材料区；县经济开发区" in text


def test_cli_attraction_csv_has_a_row_per_gap_and_keeps_resources_apart() -> None:
    import csv
    import io

    runner = CliRunner()
    out = runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    data = json.loads(
        runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "json"]).output
    )
    assert len(rows) == len(data["attraction"]) + len(data["not_attractable"])
    flags = [r["attractable"] for r in rows]
    assert flags == sorted(flags, reverse=True)  # True before False
    nature = {r["segment_name"]: r for r in rows if r["chain"] == "culture_tourism"}
    assert nature["自然生态旅游资源"]["attractable"] == "False"
    assert nature["自然生态旅游资源"]["target"].startswith("培育、保护开发")
    crafts = next(r for r in rows if r["segment"] == "crafts")
    assert crafts["project_names"] == "邵阳市丰宜工艺品有限公司（12800万）"
    assert crafts["park_names"] == "特色轻工乡镇片区；县经济开发区"


def test_cli_gaps_csv_without_attraction_is_refused() -> None:
    result = CliRunner().invoke(main, ["gaps", "dongkou", "--format", "csv"])
    assert result.exit_code == 2 and "--attraction" in result.output
