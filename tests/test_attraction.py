"""Issue 16, Build item 5: the 招商图谱 — firm profile, source regions, host parks, projects and
inferred candidates on each 招商 line; the ``[source_regions.ID]`` plan field."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning.chains import FirmProfile, FirmScale
from fyp_planning.cli import main

_HEAD = 'id = "demo"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


def _template(natures: dict[str, str] | None = None) -> fp.ChainTemplate:
    natures = natures or {}
    return fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("raw", "made"), ("made", "shop"), ("land", "raw")],
        segments=[
            fp.Segment(id="land", name="林地", stage="upstream", nature=natures.get("land", "resource"),
                       products=["林木"], core=True),
            fp.Segment(id="raw", name="板材加工", stage="upstream", products=["板材", "胶合板"],
                       industry_codes=["C2021"], core=True),
            fp.Segment(id="made", name="门窗制造", stage="midstream", products=["门窗", "门票与游览服务"],
                       industry_codes=["C2032", "C3312"]),
            fp.Segment(id="shop", name="家居零售", stage="downstream", products=["家居卖场"]),
        ],
    )  # fmt: skip


def _plan(**changes: Any) -> fp.Plan:
    """One chain ``c`` on :func:`_template`: a small firm in ``made`` (强链), the rest missing."""
    base = fp.Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        templates=[_template()],
        enterprises=[
            fp.Enterprise(id="a", name="甲木业", chains=["c"]),
            fp.Enterprise(id="doors", name="乙门业有限公司"),  # in no chain
            fp.Enterprise(id="board", name="丙厂", chains=["d"]),  # another chain's firm
        ],
        projects=[
            fp.Project(id="pa", name="甲厂扩建", enterprise="a"),
            fp.Project(
                id="pd",
                name="乙门业新厂",
                enterprise="doors",
                investment=fp.parse_quantity("9600万"),
            ),
            fp.Project(id="pb", name="丙厂技改", enterprise="board", text="新增胶合板生产线"),
        ],
        chains=[
            fp.Chain(id="c", name="家居链", template="t", presence={"made": ["a"]}),
            fp.Chain(id="d", name="其他链", template="t", presence={"shop": ["board"]}),
        ],
    )
    return attrs.evolve(base, **changes)


def _line(plan: fp.Plan, segment: str | None, chain: str = "c") -> Any:
    return next(a for a in fp.attraction_list(plan, chain) if a.gap.segment == segment)


# -- firm profile --------------------------------------------------------------------------------
def test_the_profile_is_the_segments_products_codes_stage() -> None:
    raw = _line(_plan(), "raw")
    (profile,) = raw.profiles
    assert profile == FirmProfile(
        segment="raw",
        name="板材加工",
        stage=fp.Stage.UPSTREAM,
        products=("板材", "胶合板"),
        industry_codes=("C2021",),
        scale=FirmScale.ABOVE_SCALE,
    )
    assert "产品 板材、胶合板" in profile.text.zh and "C2021" in profile.text.zh
    assert "products 板材、胶合板" in profile.text.en


def test_a_segment_without_products_or_codes_says_the_template_lists_none() -> None:
    t = fp.ChainTemplate(
        id="t", name="模板", segments=[fp.Segment(id="s", name="甲", stage="midstream")]
    )
    plan = fp.Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
                   templates=[t], chains=[fp.Chain(id="c", name="链", template="t")])  # fmt: skip
    lines = [a for a in fp.attraction_list(plan, "c") if a.profiles]
    assert lines and all(a.profiles[0].text.zh.count("模板未列") == 2 for a in lines)


@pytest.mark.parametrize(
    ("segment", "scale"),
    [("made", FirmScale.LEADER), ("raw", FirmScale.ABOVE_SCALE), ("shop", FirmScale.ABOVE_SCALE)],
)
def test_the_scale_follows_the_action_by_one_rule(segment: str, scale: FirmScale) -> None:
    line = _line(_plan(), segment)
    assert line.profiles[0].scale is scale is FirmScale.for_action(line.gap.action)
    assert (line.gap.action is fp.ChainAction.STRENGTHEN) == (scale is FirmScale.LEADER)
    if scale is FirmScale.ABOVE_SCALE:
        assert "年主营业务收入2000万元及以上" in line.profiles[0].text.zh


def test_every_action_but_strengthen_seeks_an_above_scale_firm() -> None:
    assert [FirmScale.for_action(a) for a in fp.ChainAction] == [
        FirmScale.ABOVE_SCALE,  # 建链
        FirmScale.ABOVE_SCALE,  # 延链
        FirmScale.ABOVE_SCALE,  # 补链
        FirmScale.LEADER,  # 强链
    ]


def test_a_chain_level_build_profiles_the_firm_made_core_segments_it_names() -> None:
    # nobody on the chain: 建链 of the core (land: a resource, raw: firms)
    plan = _plan(chains=[fp.Chain(id="c", name="家居链", template="t"), _plan().chains[1]])
    line = _line(plan, None)
    assert line.gap.action is fp.ChainAction.BUILD and set(line.gap.segments) == {"land", "raw"}
    assert line.attractable
    assert [p.segment for p in line.profiles] == ["raw"]  # the resource is not sought


# -- source regions ------------------------------------------------------------------------------
def _regions() -> list[fp.SourceRegion]:
    return [
        fp.SourceRegion(id="all", name="老乡", kind="乡贤网络"),
        fp.SourceRegion(id="two", name="浙江", kind="对口地区", chains=["d", "c"]),
        fp.SourceRegion(id="other", name="东盟", kind="合作园区", chains=["d"]),
        fp.SourceRegion(id="one", name="广东", kind="region", chains=["c"], source="第二章"),
        fp.SourceRegion(id="all2", name="上海", kind="other"),
    ]


def test_source_regions_for_the_chain_the_more_specific_first() -> None:
    plan = _plan(source_regions=_regions())
    made = _line(plan, "made")
    assert [r.id for r in made.source_regions] == ["one", "two", "all", "all2"]
    assert [r.id for r in _line(plan, "shop", "d").source_regions] == [
        "other", "two", "all", "all2"
    ]  # fmt: skip
    assert made.to_dict()["source_regions"][0] == {
        "id": "one",
        "name": "广东",
        "kind": "region",
        "kind_label": "对口地区",
        "text": None,
        "source": "第二章",
    }


def test_a_resource_line_gets_no_profile_region_park_or_candidate() -> None:
    plan = _plan(
        source_regions=_regions(),
        parks=[fp.Park(id="p", name="园", chains=["c"])],
        enterprises=[*_plan().enterprises, fp.Enterprise(id="f", name="林木公司")],
        projects=[fp.Project(id="pf", name="林木基地", enterprise="f")],
    )
    land = _line(plan, "land")
    assert not land.attractable
    assert (land.profiles, land.source_regions, land.parks, land.candidates) == ((), (), (), ())
    assert _line(plan, "raw").parks == ("p",)


def test_source_regions_in_a_plan_file_with_problems_at_their_key_paths(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        _HEAD + '[chains.c]\nname = "链"\n'
        '[source_regions.zj]\nname = "浙江"\nkind = "对口地区"\nchains = ["c", "nope"]\npark = "gone"\n'
        '[source_regions.x]\nname = "某地"\nkind = "friends"\n',
        encoding="utf-8",
    )
    with pytest.raises(fp.PlanError) as err:
        fp.load_plan(bad)
    text = str(err.value)
    assert "source_regions.x.kind" in text and "hometown_network (乡贤网络)" in text
    bad.write_text(bad.read_text("utf-8").replace('kind = "friends"', 'kind = "其他"'), "utf-8")
    with pytest.raises(fp.PlanValidationError) as err2:
        fp.load_plan(bad)
    paths = [p.path for p in err2.value.problems]
    assert paths == ["source_regions.zj.chains[1]", "source_regions.zj.park"]


def test_source_regions_round_trip_through_file_json_and_store(tmp_path: Path) -> None:
    plan = _plan(source_regions=_regions(), parks=[fp.Park(id="p", name="浙商产业园")])
    plan = attrs.evolve(
        plan,
        source_regions=[
            *plan.source_regions,
            fp.SourceRegion(id="zs", name="浙江（浙商）", kind="partner_park", park="p",
                            industries=["电子"], text="浙商产业园", note="named for"),
        ],
    )  # fmt: skip
    assert fp.loads_plan(fp.dumps_plan(plan)) == plan
    assert fp.loads_plan(fp.dumps_plan(plan, "json"), "json") == plan
    tree = fp.plan_to_dict(plan)
    assert list(tree)[list(tree).index("parks") + 1] == "source_regions"
    assert tree["source_regions"]["zs"] == {
        "name": "浙江（浙商）",
        "kind": "partner_park",
        "industries": ["电子"],
        "park": "p",
        "text": "浙商产业园",
        "note": "named for",
    }
    fp.dump_plan_store([plan], tmp_path / "store")
    (back,) = fp.load_plan_store(tmp_path / "store")
    assert back == plan


def test_the_documented_source_regions_example_loads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "plan-file-format.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", doc, re.S) if "[source_regions." in b]
    chains = '[chains.electronics]\nname = "电子信息"\ntemplate = "std:electronic_information"\n'
    plan = fp.loads_plan(_HEAD + block + chains)
    assert [(r.id, r.kind) for r in plan.source_regions] == [
        ("zhejiang_merchants", fp.SourceKind.PARTNER_PARK),
        ("guangdong", fp.SourceKind.REGION),
        ("hometown_network", fp.SourceKind.HOMETOWN_NETWORK),
    ]
    line = next(a for a in fp.attraction_list(plan) if a.attractable)
    # the one listing the chain first, then those for every chain in plan order
    assert [r.id for r in line.source_regions] == [
        "guangdong", "zhejiang_merchants", "hometown_network"
    ]  # fmt: skip


# -- projects and candidates ---------------------------------------------------------------------
def test_a_firm_placed_nowhere_whose_name_has_product_char_ye_is_a_candidate() -> None:
    made = _line(_plan(), "made")
    assert [m.project for m in made.projects] == ["pa"]  # the firm laid on the segment
    (cand,) = made.candidates
    assert (cand.project, cand.enterprise, cand.clue, cand.inferred) == (
        "pd",
        "doors",
        "门业",
        True,
    )
    assert cand.reason_text.id == "chains.attraction.candidate.name"
    assert "按企业名称推断，待核实" in cand.reason and "（投资9600万）" in cand.reason
    assert cand.to_dict()["inferred"] is True


def test_a_project_text_naming_a_product_is_a_candidate_of_another_chains_firm() -> None:
    raw = _line(_plan(), "raw")
    (cand,) = raw.candidates
    assert (cand.project, cand.clue) == ("pb", "胶合板")
    assert cand.reason_text.id == "chains.attraction.candidate.text"
    assert not raw.addressed  # a candidate never addresses the gap


def test_only_two_character_products_give_a_ye_word() -> None:
    # 门票与游览服务 is a product of "made" too: it gives no 门业; 门窗 does
    plan = _plan(templates=[attrs.evolve(_template(), segments=[
        s if s.id != "made" else attrs.evolve(s, products=("门票与游览服务",))
        for s in _template().segments
    ])])  # fmt: skip
    assert _line(plan, "made").candidates == ()


def test_a_blank_product_makes_no_candidate() -> None:
    plan = _plan(templates=[attrs.evolve(_template(), segments=[
        s if s.id != "shop" else attrs.evolve(s, products=("", " ")) for s in _template().segments
    ])])  # fmt: skip
    assert _line(plan, "shop").candidates == ()


def test_a_firm_placed_on_the_chain_is_never_a_candidate() -> None:
    # 甲木业 sits in "made": its project addresses that gap, and is no candidate anywhere
    plan = _plan(templates=[attrs.evolve(_template(), segments=[
        s if s.id != "shop" else attrs.evolve(s, products=("木业",)) for s in _template().segments
    ])])  # fmt: skip
    lines = fp.attraction_list(plan)
    assert all(m.enterprise != "a" for a in lines if a.chain == "c" for m in a.candidates)
    # on chain d, where 甲木业 sits nowhere, its 木业 name makes it a candidate
    shop_d = next(a for a in lines if (a.chain, a.gap.segment) == ("d", "shop"))
    assert [(m.enterprise, m.clue) for m in shop_d.candidates] == [("a", "木业")]


def test_candidates_do_not_change_what_is_addressed_or_the_order() -> None:
    plan = _plan()
    lines = fp.attraction_list(plan)
    addressing = {m.project for a in lines for m in a.projects}
    only_candidates = {m.project for a in lines for m in a.candidates} - addressing
    assert only_candidates == {"pd"}  # pb addresses chain d's shop and is a candidate on c
    without = _plan(projects=[p for p in plan.projects if p.id not in only_candidates])
    strip = [attrs.evolve(a, candidates=()) for a in lines]
    assert strip == [attrs.evolve(a, candidates=()) for a in fp.attraction_list(without)]


# -- a property ----------------------------------------------------------------------------------
_CHARS = "门窗纸箱板材业胶"


@st.composite
def _candidate_plans(draw: st.DrawFn) -> fp.Plan:
    words = st.text(alphabet=_CHARS, min_size=1, max_size=3)
    segs = ["s0", "s1", "s2"]
    template = fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("s0", "s1"), ("s1", "s2")],
        segments=[
            fp.Segment(id=s, name=f"环节{s}", stage="midstream",
                       products=draw(st.lists(words, max_size=3, unique=True)),
                       nature=draw(st.sampled_from(fp.SegmentNature)), core=s == "s0")
            for s in segs
        ],
    )  # fmt: skip
    firms = [fp.Enterprise(id=f"f{i}", name=draw(words) + "公司") for i in range(4)]
    presence = {s: draw(st.lists(st.sampled_from([f.id for f in firms]), max_size=2, unique=True))
                for s in segs}  # fmt: skip
    projects = [
        fp.Project(id=f"p{i}", name=f"项目{i}", enterprise=f.id, text=draw(st.none() | words))
        for i, f in enumerate(firms)
    ]
    return fp.Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
                   templates=[template], enterprises=firms, projects=projects,
                   chains=[fp.Chain(id="c", name="链", template="t",
                                    presence={s: e for s, e in presence.items() if e})])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_candidate_plans())
def test_candidates_are_unplaced_firms_named_by_a_profiled_product(plan: fp.Plan) -> None:
    chain = plan.chain("c")
    placed = {e for _, ents in chain.presence for e in ents}
    names = {e.id: e.name for e in plan.enterprises}
    texts = {p.id: f"{p.name}\n{p.text or ''}" for p in plan.projects}
    for line in fp.attraction_list(plan, "c"):
        assert all(
            plan.template("t").segment(p.segment).nature is fp.SegmentNature.INDUSTRY
            for p in line.profiles
        )
        assert bool(line.profiles) == line.attractable
        words = {
            w
            for p in line.profiles
            for product in p.products
            for w in (product, *((product[0] + "业",) if len(product) == 2 else ()))
        }
        for m in line.candidates:
            assert m.inferred and m.enterprise not in placed and m.clue in words
            assert m.clue in names[m.enterprise] or m.clue in texts[m.project]
        assert len({m.project for m in line.candidates}) == len(line.candidates)
        assert all(not m.inferred and m.enterprise in placed for m in line.projects)


# -- Dongkou -------------------------------------------------------------------------------------
def test_dongkou_records_the_plans_source_regions(dongkou: fp.Plan) -> None:
    regions = {r.id: r for r in dongkou.source_regions}
    assert {r.name: r.kind.label for r in dongkou.source_regions} == {
        "浙江（浙商）": "合作园区",
        "东盟": "合作园区",
        "广州、深圳（广深）": "合作园区",
        "上海": "对口地区",
        "广东": "对口地区",
        "浙江": "对口地区",
        "在外洞口籍老乡（乡贤）": "乡贤网络",
    }
    doc = Path("/work/shared/seed/000_2f720f50876c6cd6.txt")
    text = doc.read_text("utf-8") if doc.exists() else None
    for r in dongkou.source_regions:
        assert r.source and r.text and not r.chains
        if text is not None:
            assert r.text in text  # the document's own words
    parks = {p.id: p.name for p in dongkou.parks}
    assert {r.park: parks[r.park] for r in regions.values() if r.park} == {
        "zhejiang_merchants_park": "浙商产业园",
        "asean_park": "东盟产业园",
        "guangshen_park": "广深产业园",
    }


def test_no_dongkou_resource_or_infrastructure_segment_is_profiled_for_attraction(
    dongkou: fp.Plan,
) -> None:
    lines = fp.attraction_list(dongkou)
    for a in lines:
        template = dongkou.template(dongkou.chain(a.chain).template or "")
        natures = {template.segment(p.segment).nature for p in a.profiles}
        assert natures <= {fp.SegmentNature.INDUSTRY}
        if a.attractable:
            assert a.profiles and a.source_regions  # every 招商 line: whom, and from where
        else:
            assert not (a.profiles or a.source_regions or a.parks or a.candidates)


def test_dongkou_doors_project_is_a_candidate_for_the_decoration_gap(dongkou: fp.Plan) -> None:
    lines = {(a.chain, a.gap.segment): a for a in fp.attraction_list(dongkou)}
    doors = lines["new_materials", "decoration_home"]
    (cand,) = doors.candidates
    assert (cand.enterprise, cand.enterprise_name, cand.investment, cand.clue) == (
        "xiangtongyuan_doors", "湖南湘通源门业艺术有限公司", "9600万", "门业"
    )  # fmt: skip
    assert cand.plan == "dongkou_13th_sti" and not doors.addressed
    # the presence data are left as the document has them: the firm sits on no chain
    assert "xiangtongyuan_doors" not in {
        e for c in dongkou.chains for _, ents in c.presence for e in ents
    }
    # the project is a candidate only where a product names it
    elsewhere = {k for k, a in lines.items() for m in a.candidates if m.project == cand.project}
    assert elsewhere == {("new_materials", "decoration_home")}


def test_dongkou_projects_addressing_gaps_are_unchanged(dongkou: fp.Plan) -> None:
    addressed = {
        (a.chain, a.gap.segment): sorted(m.project for m in a.projects)
        for a in fp.attraction_list(dongkou)
        if a.projects
    }
    assert addressed == {
        ("light_industry", "crafts"): ["fengyi_crafts_project"],
        ("light_industry", "packaging_printing"): ["tongda_cartons_project"],
        ("food", "rice_milling"): ["sijixiang_rice_project"],
        ("equipment", "medical_devices"): [
            "defeng_medical_project_6599", "defeng_medical_project_8200"
        ],
    }  # fmt: skip


# -- output --------------------------------------------------------------------------------------
def test_cli_text_shows_profile_regions_parks_and_candidates() -> None:
    out = CliRunner().invoke(main, ["gaps", "dongkou", "新材料", "--attraction"])
    assert out.exit_code == 0, out.output
    block = out.output.split("\n\n")
    (doors,) = [b for b in block if "装饰装修与家居建材  " in b]
    assert (
        "企业画像 firm profile：「装饰装修与家居建材」（下游）：产品 门窗、板材、装饰材料" in doors
    )
    assert "来源地区 source regions：浙江（浙商）（合作园区，第三章“多园”）" in doors
    assert "在外洞口籍老乡（乡贤）（乡贤网络，第一章第一节一.5）" in doors
    assert "承载园区 host parks：新材料产业园" in doors
    assert "可能相关项目（按企业名称推断，待核实）" in doors and "湘通源门业" in doors
    resource = next(b for b in block if "石灰石等非金属矿开采" in b)
    assert "企业画像" not in resource and "来源地区" not in resource


def test_cli_json_and_csv_carry_the_new_columns() -> None:
    runner = CliRunner()
    data = json.loads(
        runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "json"]).output
    )
    line = next(a for a in data["attraction"] if a["segment"] == "decoration_home")
    assert list(line)[list(line).index("nature") :] == [
        "nature", "attractable", "profiles", "source_regions", "parks", "addressed", "projects",
        "candidates", "note",
    ]  # fmt: skip
    assert line["profiles"][0]["products"] == ["门窗", "板材", "装饰材料"]
    assert line["profiles"][0]["industry_codes"] == ["E5012", "C3312", "C2032", "C202"]
    assert line["profiles"][0]["scale"] == "above_scale"
    assert line["candidates"][0]["inferred"] is True
    assert all(not a["profiles"] and not a["source_regions"] for a in data["not_attractable"])
    out = runner.invoke(main, ["gaps", "dongkou", "--attraction", "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[8:] == [
        "stance", "stance_label", "plan", "nature", "nature_label", "attractable", "target",
        "stage", "stage_label", "products", "industry_codes", "scale", "scale_label",
        "source_regions", "source_region_names", "parks", "park_names", "addressed", "projects",
        "project_names", "candidates", "candidate_names", "note",
    ]  # fmt: skip
    # the plan's words beside the firm to seek: 电子信息's 新型电子元器件, named by the plan
    parts = next(r for r in rows if r["segment"] == "electronic_components")
    assert parts["stance"] == "names" and parts["plan"].startswith("规划点名此环节（第三章")
    assert next(a for a in data["attraction"] if a["segment"] == "electronic_components")[
        "plan"
    ] == [parts["plan"]]
    doors = next(r for r in rows if r["segment"] == "decoration_home")
    assert doors["products"] == "门窗；板材；装饰材料" and doors["scale_label"] == "规模以上企业"
    assert doors["scale"] == "above_scale" and doors["stage"] == "downstream"
    assert doors["candidate_names"] == "湖南湘通源门业艺术有限公司（门业，待核实）"
    assert doors["source_region_names"].startswith("浙江（浙商）；东盟；")
    assert doors["source_regions"].startswith("zhejiang_merchants；asean；")
    assert all(r["source_regions"] for r in rows if r["attractable"] == "True")
    assert not any(
        r["source_regions"] or r["products"] for r in rows if r["attractable"] == "False"
    )
