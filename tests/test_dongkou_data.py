"""The Dongkou plan data against the document (洞口县科技和工业“十四五”发展规划).

The literal tables below are copied from the document; the plan files must hold every figure
exactly as stated, with its unit (or as a bare figure when the document gives none), its period
and its section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import fyp_planning as fp

DATA = (
    Path(__file__).parent.parent / "plugins/dongkou/src/fyp_planning_dongkou/data/dongkou-14th.toml"
)

Q = fp.parse_quantity
P = fp.Period


@pytest.fixture(scope="module")
def plan() -> fp.Plan:
    return fp.load_plan(DATA)


@pytest.fixture(scope="module")
def pred(plan: fp.Plan) -> fp.Plan:
    assert plan.predecessor is not None
    return plan.predecessor


# -- chapter 2: the two tables, row by row -------------------------------------------------
# (name, unit, 2020年, 2025年) as the document prints them.
TABLE_1 = [  # “十四五”洞口科技创新主要目标
    ("高新技术企业当年认定数", "个", "12", "20"),
    ("全社会科技研发投入", "亿元", "4.58", "6.87"),
    ("省级工程技术研发中心（实验室）", "个", "0", "2"),
    ("国家、省、市级星创天地认定数", "个", "8", "15"),
    ("地方财政科技投入", "万元", "3630", "5500"),
    ("科技型中小企业备案入库", "个", "21", "36"),
    ("技术市场成交合同交易额", "万元", "7500", "12000"),
    ("创新创业服务机构及研究开发机构", "个", "1", "2"),
]
TABLE_2 = [  # “十四五”洞口工业和信息发展主要目标
    ("工业总产值", "亿元", "198", "300"),
    ("规模工业增加值增速", "%", "4.5", "8"),
    ("工业税收", "亿元", "1.5", "2.5"),
    ("企业所得税", "亿元", "0.18", "0.3"),
    ("工业增值税", "亿元", "0.72", "1.25"),
    ("工业用电量", "亿度", "4.5", "6.2"),
    ("规模工业企业培育数", "个", "20", "30"),
    ("工业固定资产投资", "亿元", "45", "92"),
    ("工业技术改造投资", "亿元", "15", "30"),
    ("高新技术企业产业投资", "亿元", "5.6", "10"),
]


def _by_name(plan: fp.Plan, name: str) -> fp.Indicator:
    found = [ind for ind in plan.indicators if ind.name == name]
    assert len(found) == 1, (name, found)
    return found[0]


@pytest.mark.parametrize(
    ("table", "row", "name", "unit", "base", "target"),
    [(1, i, *r) for i, r in enumerate(TABLE_1, 1)] + [(2, i, *r) for i, r in enumerate(TABLE_2, 1)],
)
def test_chapter_2_tables_row_by_row(
    plan: fp.Plan, table: int, row: int, name: str, unit: str, base: str, target: str
) -> None:
    source = f"第二章第四节表{table}第{row}行"
    ind = _by_name(plan, name)
    assert fp.format_unit(ind.unit) == unit

    obs = [o for o in plan.observations_for(ind.id) if o.source == source]
    assert len(obs) == 1
    assert obs[0].period == P(2020)
    assert obs[0].value == Q(base + unit)
    assert fp.format_unit(obs[0].value.units) == unit
    assert obs[0].unit_stated and obs[0].comparator is fp.Comparator.EQ

    tgts = [t for t in plan.targets_for(ind.id) if t.source == source]
    assert len(tgts) == 1
    tgt = tgts[0]
    assert tgt.year == 2025
    assert isinstance(tgt, fp.LevelTarget)
    assert tgt.value == Q(target + unit)
    assert fp.format_unit(tgt.value.units) == unit


def test_every_table_row_is_in_the_plan(plan: fp.Plan) -> None:
    sources = {o.source for o in plan.observations} | {t.source for t in plan.targets}
    rows = {f"第二章第四节表1第{i}行" for i in range(1, 9)}
    rows |= {f"第二章第四节表2第{i}行" for i in range(1, 11)}
    assert rows <= sources


def _describe(plan: fp.Plan, indicator: str, source: str) -> list[tuple[str, int, str]]:
    return [
        (t.kind, t.year, t.describe()) for t in plan.targets_for(indicator) if t.source == source
    ]


def test_chapter_2_section_4_goals(plan: fp.Plan) -> None:
    goals = {
        ("industrial_output", "第二章第四节一.1"): [
            ("growth", 2025, "年均增长≥10%"),
            ("level", 2025, "≥300亿元"),
        ],
        ("above_scale_value_added", "第二章第四节一.1"): [("growth", 2025, "年均增长≥8%")],
        ("industrial_fixed_investment", "第二章第四节一.1"): [
            ("growth", 2025, "年均增长≥15%"),
            ("level", 2025, "≥92亿元"),
        ],
        ("above_scale_enterprises", "第二章第四节一.1"): [("level", 2025, "≥180家")],
        ("high_tech_enterprises", "第二章第四节一.2"): [("level", 2025, "≥30家")],
        ("rd_gdp_share", "第二章第四节一.3"): [("share", 2025, "占GDP比重≥3%")],
        ("industrial_concentration", "第二章第四节一.4"): [("level", 2025, "≥95%")],
        ("energy_intensity", "第二章第四节一.4"): [("reduction", 2025, "年均下降≥5‰")],
        ("pollutant_compliance", "第二章第四节一.4"): [("threshold", 2025, "保持≥98%")],
        ("new_mobile_broadband", "第二章第四节一.6"): [("level", 2025, "≥15万户")],
        ("new_home_broadband", "第二章第四节一.6"): [("level", 2025, "≥8万户")],
        ("urban_5g_coverage", "第二章第四节一.6"): [
            ("coverage", 2025, "县城区域和罗溪森林公园全覆盖")
        ],
    }
    for (indicator, source), expected in goals.items():
        assert _describe(plan, indicator, source) == expected, indicator


def test_chapters_3_and_4_targets(plan: fp.Plan) -> None:
    assert _describe(plan, "zone_enterprises", "第三章1") == [("level", 2025, "≥120家")]
    assert _describe(plan, "zone_above_scale_enterprises", "第三章1") == [("level", 2025, "≥100家")]
    backbone = plan.targets_for("backbone_enterprises")
    assert [(t.comparator.symbol, t.value_quantity) for t in backbone] == [
        ("≥", Q("50家")),
        ("≤", Q("100家")),
    ]
    assert {t.text for t in backbone} == {"重点培育50-100家行业骨干企业"}
    (projects,) = plan.targets_for("key_tech_upgrade_projects")
    assert isinstance(projects, fp.RateTarget)
    assert projects.value == Q("40个") and projects.years == ()
    assert projects.comparator is fp.Comparator.GE
    (g5,) = plan.targets_for("county_5g_coverage")
    assert (g5.year, g5.value_quantity, g5.source) == (2025, Q("100%"), "第四章（五）1")
    assert _describe(plan, "outside_parks", "第三章1") == [("level", 2025, "≥8个")]
    assert _describe(plan, "township_industrial_zones", "第三章“八小区”") == [
        ("level", 2025, "≥8个")
    ]


# -- chapter 1: the 十三五 review, in the predecessor -----------------------------------------
def _values(plan: fp.Plan, indicator: str) -> list[tuple[fp.Period, str]]:
    return [(o.period, fp.format_quantity(o.value)) for o in plan.observations_for(indicator)]


def test_chapter_1_key_figures(pred: fp.Plan) -> None:
    assert (pred.start_year, pred.end_year, pred.base_year) == (2016, 2020, 2015)
    assert _values(pred, "industrial_output") == [
        (P(2015), "137.1亿元"),
        (P(2020), "198亿元"),
        (P(2020, 1, 9), "141.73亿元"),
    ]
    partial = pred.observations_for("industrial_output")[2]
    assert partial.period.is_partial and str(partial.period) == "2020年1-9月"
    assert _values(pred, "industrial_power_use") == [(P(2015), "3.2亿度"), (P(2020), "4.5亿度")]
    assert _values(pred, "industrial_fixed_investment") == [
        (P(2015), "38.9亿元"),
        (P(2020), "45亿元"),
        (P(2020), "46亿元"),
    ]
    assert _values(pred, "zone_built_area") == [(P(2015), "5平方公里"), (P(2020), "7.5平方公里")]
    assert _values(pred, "new_home_broadband") == [(P(2020), "15.29万户")]
    assert _values(pred, "new_mobile_broadband") == [(P(2020), "46.19万户")]
    assert _values(pred, "zone_enterprises") == [(P(2020), "139家")]
    assert [
        fp.format_quantity(t.value_quantity) for t in pred.targets_for("industrial_output")
    ] == ["200亿元"]
    assert [
        fp.format_quantity(t.value_quantity) for t in pred.targets_for("above_scale_enterprises")
    ] == ["200家"]


def test_bare_figures_stay_bare(pred: fp.Plan) -> None:
    (va,) = pred.observations_for("above_scale_value_added")
    assert not va.unit_stated and va.value == Q("31.5") and va.period == P(2020)
    tax = pred.observations_for("industrial_tax_paid")
    assert [(o.unit_stated, fp.format_quantity(o.value)) for o in tax] == [
        (False, "0.87亿"),
        (True, "1.5亿元"),
    ]


def test_conflicting_figures_are_both_kept(pred: fp.Plan) -> None:
    assert _values(pred, "above_scale_enterprises") == [
        (P(2015), "96家"),
        (P(2020), "133家"),
        (P(2020), "138家"),
    ]
    assert _values(pred, "high_tech_enterprises") == [
        (P(2015), "3家"),
        (P(2020), "15家"),
        (P(2016), "3家"),
        (P(2020), "16家"),
        (P(2020), "15家"),
    ]


def test_status_comparator_and_partial_periods(pred: fp.Plan) -> None:
    rd = {o.period: o for o in pred.observations_for("rd_spending")}
    assert rd[P(2020)].status is fp.ObservationStatus.ESTIMATE
    assert rd[P(2020)].value == Q("4.6亿元")
    assert rd[P(2020, 1, 9)].value == Q("4.01亿元")
    (share,) = pred.observations_for("rd_gdp_share")
    assert (share.period, share.value) == (P(2020, 1, 9), Q("3.08%"))
    (tax,) = pred.observations_for("weibai_annual_tax")
    assert tax.comparator is fp.Comparator.GE and tax.value == Q("5000万元")
    (dep,) = pred.observations_for("core_tech_foreign_dependence")
    assert dep.comparator is fp.Comparator.GE and dep.value == Q("50%")
    assert pred.indicator("core_tech_foreign_dependence").category == "背景"
    for ind in ("natural_village_4g_coverage", "natural_village_fiber_coverage"):
        (cov,) = pred.observations_for(ind)
        assert cov.status is fp.ObservationStatus.ESTIMATE and cov.value == Q("100%")


# (id, kind, value, indicator, start, end, comparator)
STATEMENTS = [
    ("output_total_growth", "total_growth", "44.4%", "industrial_output", 2015, 2020, "="),
    ("output_average_growth", "average_growth", "8.88%", "industrial_output", 2015, 2020, "="),
    ("value_added_average_growth", "average_growth", "6.8%", "above_scale_value_added", 2015, 2020, "="),
    ("power_use_average_growth", "average_growth", "8.1%", "industrial_power_use", 2015, 2020, "="),
    ("above_scale_average_net_increase", "average_change", "7家", "above_scale_enterprises", 2015, 2020, ">="),
    ("fixed_investment_total_growth", "total_growth", "15.68%", "industrial_fixed_investment", 2015, 2020, "="),
    ("fixed_investment_average_growth", "average_growth", "3%", "industrial_fixed_investment", 2015, 2020, "="),
    ("fixed_investment_average_growth_46", "average_growth", "3.65%", "industrial_fixed_investment", 2015, 2020, "="),
    ("tax_paid_total_growth", "total_growth", "72.4%", "industrial_tax_paid", 2015, 2020, "="),
    ("tax_paid_average_growth", "average_growth", "14.5%", "industrial_tax_paid", 2015, 2020, "="),
    ("rd_share_change", "change", "1.02个百分点", "rd_gdp_share", 2016, "2020年1-9月", "="),
]  # fmt: skip


@pytest.mark.parametrize(("sid", "kind", "value", "indicator", "start", "end", "comp"), STATEMENTS)
def test_statements_as_stated(
    pred: fp.Plan,
    sid: str,
    kind: str,
    value: str,
    indicator: str,
    start: int,
    end: int | str,
    comp: str,
) -> None:
    (st,) = [s for s in pred.statements if s.id == sid]
    assert st.kind is fp.StatementKind(kind)
    assert st.value == Q(value) and st.unit_stated
    assert fp.format_unit(st.value.units) == fp.format_unit(Q(value).units)
    assert st.indicator == indicator
    assert st.start == P(start)
    assert st.end == (P(end) if isinstance(end, int) else P.parse(end))
    assert st.comparator is fp.Comparator(comp)


# -- projects of “计划再入库12个亿” -----------------------------------------------------------
PROJECTS = [
    ("洞口县圣洁洗涤有限公司", "7600万"),
    ("邵阳市丰宜工艺品有限公司", "12800万"),
    ("洞口县四季香米业有限公司", "7200万"),
    ("宝佳新能源科技股份有限公司", "25000万"),
    ("湖南湘通源门业艺术有限公司", "9600万"),
    ("湖南国彩新材料有限公司", "16000万"),
    ("洞口通达纸箱包装厂", "4428.8万"),
    ("湖南鑫隆鞋业有限责任公司", "6080万"),
    ("湖南德峰医疗器械有限公司", "8200万"),
    ("湖南德峰医疗器械有限公司", "6599万"),
    ("为百水泥厂", "12000万"),
]


def test_projects_and_their_stated_total(pred: fp.Plan) -> None:
    got = [(p.name, fp.format_quantity(p.investment)) for p in pred.projects]  # type: ignore[arg-type]
    assert got == PROJECTS
    assert all(not p.unit_stated and p.source == "第一章第一节一.3" for p in pred.projects)
    enterprises = {e.id for e in pred.enterprises}
    assert all(p.enterprise in enterprises for p in pred.projects)

    (total,) = [s for s in pred.statements if s.kind is fp.StatementKind.TOTAL]
    assert total.value == Q("12个亿") and not total.unit_stated
    assert total.parts == tuple(p.id for p in pred.projects)
    added = sum(p.investment.to("wan").magnitude for p in pred.projects)  # type: ignore[union-attr]
    assert added == pytest.approx(115507.8)
    assert total.value.to("wan").magnitude == pytest.approx(120000)  # both kept: they disagree


# -- chains, parks, enterprises ------------------------------------------------------------
def test_seven_chains(plan: fp.Plan) -> None:
    assert {c.id: c.name for c in plan.chains} == {
        "food": "特色食品",
        "new_materials": "新材料",
        "electronics": "电子信息",
        "light_industry": "特色轻工",
        "culture_tourism": "文旅",
        "internet": "互联网",
        "equipment": "装备制造",
    }
    assert all(c.source.startswith("第一章第一节一.2") for c in plan.chains)  # type: ignore[union-attr]


TOWNSHIP_ZONES = {
    "西部生态休闲区": ["江口镇", "罗溪瑶族乡", "月溪乡", "渣坪乡", "大屋瑶族乡", "桐山乡", "古楼乡", "长塘瑶族乡"],
    "高沙临空物流园示范区": ["高沙镇", "山门镇", "石江镇", "黄桥镇", "江口镇", "毓兰镇"],
    "信息产业园区": [],
    "特色轻工乡镇片区": ["竹市镇", "毓兰镇"],
    "古楼、茶铺茶场片区": ["古楼", "茶铺茶场"],
    "石江、水东新材料区": ["石江", "水东"],
    "东北、南部农业经济区": ["山门镇", "醪田镇", "水东镇", "岩山镇", "石柱乡", "黄桥镇", "杨林乡", "花园镇", "岩山镇", "茶铺茶场管理区"],
    "西北部生态文化保护区": ["罗溪乡", "古楼乡", "毓兰镇", "江口镇", "月溪乡", "长塘乡", "渣坪乡", "大屋乡", "桐山乡"],
}  # fmt: skip


def test_eight_township_zones_with_their_towns(plan: fp.Plan) -> None:
    zones = [p for p in plan.parks if p.kind == "工业小区"]
    assert {z.name: list(z.towns) for z in zones} == TOWNSHIP_ZONES
    assert [z.name for z in zones] == list(TOWNSHIP_ZONES)  # the document's order
    agri = next(z for z in zones if z.name == "东北、南部农业经济区")
    assert agri.towns.count("岩山镇") == 2  # listed twice by the document, kept twice
    assert all(z.source == "第三章“八小区”" and z.focus for z in zones)


def test_parks_in_and_outside_the_zone(plan: fp.Plan) -> None:
    by_kind: dict[str | None, list[fp.Park]] = {}
    for park in plan.parks:
        by_kind.setdefault(park.kind, []).append(park)
    inner = by_kind["园中园"]
    assert [p.name for p in inner] == ["浙商产业园", "东盟产业园", "广深产业园"]
    assert {p.parent for p in inner} == {"economic_development_zone"}
    assert [p.name for p in by_kind["园外园"]] == [
        "农产品加工园",
        "慧创电子产业园",
        "体育用品产业园",
        "新材料产业园",
        "高端制造产业园",
        "皮制品产业园",
        "商贸物流园",
        "科技创新园",
    ]
    assert [p.name for p in by_kind["廊"]] == ["沪昆高速百里工业走廊"]
    assert {p.name for p in by_kind["区"]} == {"县经济开发区", "火车站片区（站前区）"}


def test_enterprises(plan: fp.Plan) -> None:
    ents = {e.name: e for e in plan.enterprises}
    for name in ("辣妹子食品", "三可食品", "肉食冷冻"):
        assert ents[name].chains == ("food",) and ents[name].leader
        assert ents[name].chain_provenance is fp.Provenance.DOCUMENT
    for name in ("为百水泥", "湘木豪廷新材料", "万美复合材料", "华升建材"):
        assert ents[name].chains == ("new_materials",) and ents[name].leader
    for name in ("慧创电子", "麒鸿电子", "福生成电子"):
        assert ents[name].chains == ("electronics",) and ents[name].leader
    for name in ("昌冠隆体育用品", "兴雄鞋业"):
        assert ents[name].leader and ents[name].chain_provenance is fp.Provenance.MODEL
    eliminated = ["林浪纸业", "靓洁拷贝", "石江镇环保砖厂", "高沙罗塘页岩砖厂"]
    eliminated += ["温塘砖瓦用页岩矿", "竹市柘溪砖厂", "山门永昌页岩砖厂"]
    for name in eliminated:
        assert not ents[name].chains and "淘汰" in (ents[name].note or "")
    for name, _ in PROJECTS:
        assert name in ents or name == "为百水泥厂"
    # the park only where the document places the enterprise
    assert ents["慧创电子"].park == "economic_development_zone"
    assert ents["水东弘天建材"].park == "shijiang_shuidong_new_materials_area"
    assert ents["麒鸿电子"].park is None


def test_model_chains_are_explained(plan: fp.Plan, pred: fp.Plan) -> None:
    for p in (plan, pred):
        for ent in p.enterprises:
            if ent.chain_provenance is fp.Provenance.MODEL:
                assert ent.note, ent.id
            if not ent.chains:
                assert ent.note, ent.id  # why there is no chain


def test_shared_ids_name_the_same_enterprise(plan: fp.Plan, pred: fp.Plan) -> None:
    now = {e.id for e in plan.enterprises}
    assert {e.id for e in pred.enterprises} <= now


# -- every fact has its section -------------------------------------------------------------
def test_everything_has_a_source(plan: fp.Plan, pred: fp.Plan) -> None:
    for p in (plan, pred):
        groups = {
            "observation": p.observations,
            "target": p.targets,
            "statement": p.statements,
            "project": p.projects,
            "enterprise": p.enterprises,
            "park": p.parks,
            "chain": p.chains,
            "indicator": p.indicators,
        }
        for what, items in groups.items():
            for item in items:
                assert item.source and item.source.strip(), (p.id, what, item)
