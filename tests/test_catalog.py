"""The standard indicator catalogue: its data, ``standard =`` inheritance, the unstated kind,
matching names to standards, batch alignment by standard, and ``fyp catalog``.

Every entry of the shipped data is checked (units, measures, limits, kinds with their
documents, unique ids and aliases, traditional forms); the loader's inheritance and refusals
are checked on small plans; matching runs on Dongkou's own names and on fictional ones
(示例, 虚构), including traditional-character wordings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.io import _std_indicators as std
from fyp_planning.io._library import library_toml
from fyp_planning.text import to_simplified, traditional_pairs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-county" / "src" / "fyp_planning_example_county" / "data"
ENTRIES = fp.standard_indicators()
HEAD = """format_version = 1
id = "{pid}"
region = "示例县"
title = "示例县规划（虚构）"
start_year = 2021
end_year = 2025
"""


def plan_with(body: str, pid: str = "demo") -> fp.Plan:
    return fp.loads_plan(HEAD.format(pid=pid) + body)


def problems_of(body: str) -> list[fp.Problem]:
    with pytest.raises(fp.PlanError) as caught:
        plan_with(body)
    return list(caught.value.problems)


# -- the data ---------------------------------------------------------------------------------
def test_catalogue_is_versioned_citable_and_large_enough() -> None:
    assert len(ENTRIES) >= 60
    assert fp.catalogue_version() >= 1
    assert fp.catalogue_citation() == f"fyp-planning 标准指标目录 第{fp.catalogue_version()}版"
    assert fp.standard_indicator("rd_intensity").citation.endswith(" rd_intensity")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_is_complete(entry: fp.StandardIndicator) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", entry.id)
    assert entry.indicator.id == entry.id and entry.name
    assert entry.indicator.measure is not None
    assert entry.indicator.category and entry.indicator.name_en
    assert entry.definition and entry.source
    if entry.measure is fp.Measure.SHARE:
        assert entry.indicator.limit is not None, "a share has its limit"
    # a kind only where a document fixes it, and then with that document
    assert (entry.kind is None) == (entry.kind_document is None)
    assert (entry.kind is None) == (entry.indicator.kind_source is None)


def test_ids_names_and_aliases_are_unique_across_entries() -> None:
    seen: dict[str, str] = {}
    normal: dict[str, str] = {}
    for entry in ENTRIES:
        assert len(set(entry.names)) == len(entry.names), entry.id
        for name in entry.names:
            assert seen.setdefault(name, entry.id) == entry.id, (name, seen[name], entry.id)
            key = fp.normalise_name(name)
            assert normal.setdefault(key, entry.id) == entry.id, (name, normal[key], entry.id)
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)


def test_traditional_forms_are_aliases() -> None:
    """Every name with a character that has a traditional form has a traditional alias."""
    simplified = set(traditional_pairs().values())
    for entry in ENTRIES:
        if set(entry.name) & simplified:
            forms = [a for a in entry.aliases if a != entry.name]
            assert any(to_simplified(a) == entry.name for a in forms), entry.id
    assert "規模以上工業增加值" in fp.standard_indicator("above_scale_value_added").aliases


def test_national_outline_kinds() -> None:
    """The 纲要's 专栏1 fixes 约束性 for energy, carbon, forest; 预期性 for GDP growth."""
    binding = {e.id for e in ENTRIES if e.kind is fp.IndicatorKind.BINDING}
    assert {"energy_intensity_reduction", "carbon_intensity_reduction", "forest_coverage"} <= (
        binding
    )
    assert fp.standard_indicator("gdp_growth").kind is fp.IndicatorKind.ANTICIPATORY
    assert fp.standard_indicator("rd_intensity").kind is None  # no document fixes it
    assert "纲要" in (fp.standard_indicator("forest_coverage").kind_document or "")


def _broken(**changes: Any) -> list[fp.Problem]:
    raw = dict(library_toml("indicators.toml"))
    entries = dict(raw["indicators"])
    entries["forest_coverage"] = {**entries["forest_coverage"], **changes}
    entries["forest_coverage"] = {k: v for k, v in entries["forest_coverage"].items() if v != ...}
    with pytest.raises(fp.PlanStructureError) as caught:
        std.read_catalogue({**raw, "indicators": entries}, "broken.toml")
    return list(caught.value.problems)


def test_a_broken_catalogue_is_refused_with_key_paths() -> None:
    (p,) = _broken(kind_source=...)
    assert p.path == "indicators.forest_coverage.kind_source"
    (p,) = _broken(source="no_such_document")
    assert p.path == "indicators.forest_coverage.source" and p.value == "no_such_document"
    (p,) = _broken(unit="亿")
    assert p.path == "indicators.forest_coverage.unit"
    (p,) = _broken(aliases="森林")
    assert p.path == "indicators.forest_coverage.aliases"
    assert [q.path for q in _broken(definition=...)] == ["indicators.forest_coverage.definition"]


def test_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(fp.UnknownStandardError, match="rd_intensity"):
        fp.standard_indicator("rd_intensty")
    assert {s.indicator.category for s in fp.standard_indicators("绿色低碳")} == {"绿色低碳"}
    assert fp.standard_indicators("no such category") == ()


# -- standard = inheritance -------------------------------------------------------------------
def test_an_indicator_inherits_what_it_does_not_state() -> None:
    plan = plan_with('[indicators.rd]\nname = "研发投入强度"\nstandard = "rd_intensity"\n')
    ind = plan.indicator("rd")
    assert fp.format_unit(ind.unit) == "%"
    assert ind.measure is fp.Measure.SHARE
    assert ind.limit == fp.parse_quantity("100%")
    assert ind.name_en == fp.standard_indicator("rd_intensity").indicator.name_en
    assert ind.name == "研发投入强度" and ind.category is None  # the plan's own
    assert ind.kind is None and ind.kind_label == "未注明"  # no document fixes it


def test_stated_values_win_and_compatible_units_convert() -> None:
    plan = plan_with(
        '[indicators.fs]\nname = "财政科技投入"\nstandard = "fiscal_st_spending"\n'
        'unit = "亿元"\nmeasure = "stock"\ndirection = "lower"\nname_en = "Own"\n'
    )
    ind = plan.indicator("fs")
    assert fp.format_unit(ind.unit) == "亿元"  # the standard's is 万元: compatible
    assert (ind.measure, ind.direction, ind.name_en) == (
        fp.Measure.STOCK,
        fp.Direction.LOWER,
        "Own",
    )


def test_kind_is_inherited_with_its_source_unless_stated() -> None:
    body = '[indicators.e]\nname = "单位GDP能耗降低"\nstandard = "energy_intensity_reduction"\n'
    ind = plan_with(body).indicator("e")
    assert ind.kind is fp.IndicatorKind.BINDING and ind.kind_source == "纲要"
    assert ind.kind_label == "约束性（据纲要）" and ind.binding
    own = plan_with(body + 'kind = "预期性"\n').indicator("e")
    assert own.kind is fp.IndicatorKind.ANTICIPATORY and own.kind_source is None
    assert own.kind_label == "预期性"


def test_an_incompatible_unit_is_refused_naming_the_standard() -> None:
    (p,) = problems_of('[indicators.rd]\nname = "x"\nstandard = "rd_intensity"\nunit = "亿元"\n')
    assert p.path == "indicators.rd.unit" and p.value == "亿元"
    assert p.render("zh") == "标准指标 rd_intensity 的单位为%"


def test_an_unknown_standard_is_refused_with_did_you_mean() -> None:
    found = problems_of('[indicators.rd]\nname = "x"\nunit = "%"\nstandard = "rd_intensty"\n')
    assert [p.path for p in found] == ["indicators.rd.standard"]
    assert "did you mean 'rd_intensity'" in found[0].expected
    (p,) = problems_of('[indicators.rd]\nname = "x"\nunit = "%"\nstandard = 3\n')
    assert p.path == "indicators.rd.standard" and p.value == 3


def test_kind_source_needs_a_kind() -> None:
    (p,) = problems_of('[indicators.x]\nname = "x"\nunit = "%"\nkind_source = "省规划"\n')
    assert p.path == "indicators.x.kind_source"


# -- the unstated kind --------------------------------------------------------------------------
def test_unstated_kind_round_trips_through_files_and_the_store(tmp_path: Path) -> None:
    plan = plan_with(
        '[indicators.a]\nname = "工业总产值"\nunit = "亿元"\n'
        '[indicators.b]\nname = "森林覆盖率"\nstandard = "forest_coverage"\n'
        '[indicators.c]\nname = "x"\nunit = "%"\nkind = "binding"\nkind_source = "省规划"\n'
    )
    tree = fp.plan_to_dict(plan)
    assert "kind" not in tree["indicators"]["a"]
    assert tree["indicators"]["b"]["kind_source"] == "纲要"
    again = fp.plan_from_dict(tree)
    assert again == plan
    fp.dump_plan_store([plan], tmp_path)
    (stored,) = fp.load_plan_store(tmp_path)
    assert [(i.kind, i.kind_source) for i in stored.indicators] == [
        (i.kind, i.kind_source) for i in plan.indicators
    ]


def test_analyses_read_an_unstated_kind_as_anticipatory() -> None:
    body = (
        '[indicators.a]\nname = "工业总产值"\nunit = "亿元"\n'
        "observations = [{ period = 2020, value = 100 }, { period = 2025, value = 110 }]\n"
        'targets = [{ kind = "level", year = 2025, value = 200 }]\n'
    )
    unstated = fp.assess(plan_with(body))
    stated = fp.assess(plan_with(body + 'kind = "anticipatory"\n'))
    binding = fp.assess(plan_with(body + 'kind = "binding"\n'))
    assert [a.binding for a in unstated] == [a.binding for a in stated] == [False]
    assert [a.verdict for a in unstated] == [a.verdict for a in stated]
    assert [a.binding for a in binding] == [True]


def test_dongkou_states_no_kind() -> None:
    """The Dongkou document's tables say neither 约束性 nor 预期性: none is recorded."""
    plan = fp.load("dongkou")
    for p in (plan, plan.predecessor):
        assert p is not None
        assert {i.kind for i in p.indicators} == {None}
    result = CliRunner().invoke(main, ["indicators", "dongkou", "--format", "json"])
    rows = json.loads(result.output)["indicators"]
    assert {r["kind_label"] for r in rows} == {"未注明"} and {r["kind"] for r in rows} == {None}


# -- matching ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "unit", "standard", "how"),
    [
        ("工业总产值", "亿元", "industrial_output", "name"),
        ("规模工业增加值", "亿元", "above_scale_value_added", "alias"),
        ("規模以上工業增加值", "亿元", "above_scale_value_added", "alias"),
        ("全縣規上工業增加值", "亿元", "above_scale_value_added", "normalised"),
        ("全县高新技术企业总数", "家", "high_tech_enterprises", "normalised"),
        ("R&D經費投入強度", "%", "rd_intensity", "alias"),
        ("研發經費投入強度", "%", "rd_intensity", "alias"),
        ("全县R＆D经费投入强度", "%", "rd_intensity", "normalised"),
        ("规模以上工业增加值年增速", "%", "above_scale_value_added_growth", "similar"),
        ("园外园", "个", None, None),
    ],
)
def test_match_fictional_names(name: str, unit: str, standard: str | None, how: str) -> None:
    plan = plan_with(f'[indicators.x]\nname = "{name}"\nunit = "{unit}"\n')
    (m,) = fp.match_standards(plan)
    assert (m.standard.id if m.standard else None, m.how) == (standard, how)
    if standard is not None:
        assert m.unit_compatible is True and m.matched is not None
        assert (m.score == 1.0) == (how != "similar") and m.score >= fp.MATCH_THRESHOLD


def test_match_shows_an_incompatible_unit() -> None:
    """Dongkou's 14th plan counts 高新技术企业当年认定数 in 个, the standard in 家."""
    plan = fp.load("dongkou")
    found = {m.indicator.id: m for m in fp.match_standards(plan)}
    certified = found["high_tech_certified"]
    assert certified.standard is not None and certified.standard.id == "high_tech_certified"
    assert certified.how == "name" and certified.unit_compatible is False
    assert found["outside_parks"].standard is None
    assert "above_scale_value_added" not in found  # it names its standard: not proposed


def test_matching_prefers_a_compatible_unit_among_similar_names() -> None:
    plan = plan_with('[indicators.x]\nname = "规模以上工业企业数目"\nunit = "家"\n')
    (m,) = fp.match_standards(plan)
    assert m.standard is not None and m.unit_compatible


@given(st.text(max_size=40))
def test_normalise_name_never_fails_and_drops_spaces(text: str) -> None:
    out = fp.normalise_name(text)
    assert isinstance(out, str) and not re.search(r"\s", out)


def test_normalise_reads_traditional_as_simplified() -> None:
    """Each traditional alias normalises as a simplified name or alias of the same entry."""
    traditional = set(traditional_pairs())
    for entry in ENTRIES:
        simplified = {fp.normalise_name(n) for n in entry.names if not set(n) & traditional}
        for name in entry.names:
            if set(name) & traditional:
                assert fp.normalise_name(name) in simplified, (entry.id, name)
    assert fp.normalise_name("製造業增加值佔GDP比重") == fp.normalise_name("制造业增加值占GDP比重")
    assert fp.normalise_name("全縣規模以上工業企業數") == "规模工业企业"


# -- batch alignment ----------------------------------------------------------------------------
def _county(pid: str, ind_id: str, value: int) -> str:
    return HEAD.format(pid=pid) + (
        f'[indicators.{ind_id}]\nname = "规模工业增加值"\nstandard = "above_scale_value_added"\n'
        f"observations = [{{ period = 2020, value = 50 }}, {{ period = 2023, value = {value} }}]\n"
        'targets = [{ kind = "level", year = 2025, value = 80 }]\n'
        '[indicators.own]\nname = "自有指标"\nunit = "个"\n'
        "observations = [{ period = 2020, value = 1 }, { period = 2023, value = 2 }]\n"
    )


def test_batch_rows_line_up_by_standard(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(_county("a", "value_added", 70), encoding="utf-8")
    b.write_text(_county("b", "above_scale_value_added", 60), encoding="utf-8")
    result = fp.evaluate_many([fp.load_plan(a), fp.load_plan(b)])
    assert result.standard == ("above_scale_value_added", None) * 2
    assert result.key == ("above_scale_value_added", "own") * 2
    assert result.aligned() == {"above_scale_value_added": {"a": [0], "b": [2]}}
    assert [r["standard"] for r in result.to_records()] == list(result.standard)

    out = CliRunner().invoke(main, ["batch", str(a), str(b), "--by-standard"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("按标准指标对齐"))
    (row,) = [line for line in lines[start:] if line.startswith("above_scale_value_added")]
    assert "（value_added）" in row and "（above_scale_value_added）" in row
    data = json.loads(
        CliRunner()
        .invoke(main, ["batch", str(a), str(b), "--by-standard", "--format", "json"])
        .output
    )
    aligned = data["aligned"]["above_scale_value_added"]
    assert {p: v["indicator"] for p, v in aligned.items()} == {
        "a": "value_added",
        "b": "above_scale_value_added",
    }
    csv_text = CliRunner().invoke(main, ["batch", str(a), str(b), "--format", "csv"]).output
    assert csv_text.splitlines()[0].startswith("plan,indicator,standard,")


def test_batch_store_rows_carry_the_standard(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    plans = [fp.load("dongkou"), fp.load(EXAMPLE)]
    fp.dump_plan_store(plans, tmp_path)
    from_store = fp.PlanBatch.from_store(fp.open_plan_store(tmp_path)).evaluate()
    from_plans = fp.evaluate_many(plans)
    assert from_store.standard == from_plans.standard
    aligned = from_plans.aligned()
    assert set(aligned["above_scale_value_added"]) == {"dongkou_14th_sti", "example_14th_sti"}


def test_dongkou_and_the_example_name_the_same_standard() -> None:
    dongkou, example = fp.load("dongkou"), fp.load(EXAMPLE)
    assert dongkou.indicator("above_scale_value_added").standard == "above_scale_value_added"
    assert example.indicator("value_added").standard == "above_scale_value_added"
    assert example.indicator("rd_gdp_share").standard == "rd_intensity"
    for plan in (dongkou, dongkou.predecessor, example, example.predecessor):
        assert plan is not None
        for ind in plan.indicators:
            if ind.standard is not None:
                assert ind.unit.is_compatible_with(fp.standard_indicator(ind.standard).unit)


# -- fyp catalog ----------------------------------------------------------------------------------
def test_catalog_list_and_show() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["catalog", "list"])
    assert out.exit_code == 0 and "rd_intensity" in out.output
    assert fp.catalogue_citation() in out.output
    green = runner.invoke(main, ["catalog", "list", "--category", "绿色低碳", "--format", "json"])
    ids = [e["id"] for e in json.loads(green.output)["indicators"]]
    assert "forest_coverage" in ids and "rd_intensity" not in ids
    bad = runner.invoke(main, ["catalog", "list", "--category", "没有"])
    assert bad.exit_code == 2 and "科技创新" in bad.output
    show = runner.invoke(main, ["catalog", "show", "forest_coverage"])
    assert show.exit_code == 0 and "约束性（据纲要）" in show.output and "统计口径" in show.output
    data = json.loads(
        runner.invoke(main, ["catalog", "show", "rd_intensity", "--format", "json"]).output
    )
    assert data["unit"] == "%" and data["measure"] == "share" and data["kind"] is None
    unknown = runner.invoke(main, ["catalog", "show", "rd_intensty"])
    assert unknown.exit_code == 2 and "rd_intensity" in unknown.output


def test_catalog_match() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["catalog", "match", "dongkou", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = {r["indicator"]: r for r in json.loads(out.output)["matches"]}
    assert rows["high_tech_certified"]["unit_compatible"] is False
    assert rows["tech_smes"]["standard"] == "tech_smes"
    text = runner.invoke(main, ["catalog", "match", "dongkou"]).output
    assert "✗ 不兼容" in text and "未注明标准" in text
    example = fp.load(EXAMPLE)
    bare = attrs.evolve(
        example,
        indicators=[attrs.evolve(i, standard=None) for i in example.indicators],
        predecessor=None,
    )
    found = {m.indicator.id: m.standard.id for m in fp.match_standards(bare) if m.standard}
    assert found["value_added"] == "above_scale_value_added"
    assert found["rd_gdp_share"] == "rd_intensity"


# -- catalogue plugins (entry-point group fyp_planning.catalogs) -------------------------------
PROVINCE = """version = 1
title = "示例省标准指标（虚构）"
title_en = "Example province standards (fictional)"
[sources.province]
short = "示例省"
title = "示例省“十四五”科技创新规划（虚构示例）"
[indicators.{id}]
name = "亩均税收"
aliases = ["工业亩均税收"]
name_en = "Tax per mu of industrial land"
unit = "万元/亩"
measure = "flow"
category = "园区"
kind = "binding"
kind_source = "province"
definition = "规模以上工业企业税收与其用地面积（亩）之比。"
source = "province"
"""


def _catalogue_plugin(site: Path, dist: str, entry: str, module: str, code: str) -> None:
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[fyp_planning.catalogs]\n{entry} = {module}:catalog\n")
    (site / f"{module}.py").write_text(code, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    import importlib

    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    fp.refresh_plugins()
    yield site
    fp.refresh_plugins()


def test_a_catalogue_plugin_contributes_standards(site: Path, tmp_path: Path) -> None:
    (site / "province.toml").write_text(PROVINCE.format(id="tax_per_mu"), encoding="utf-8")
    _catalogue_plugin(
        site,
        "fyp-planning-province",
        "province",
        "fyp_province_cat",
        "import pathlib\ncatalog = pathlib.Path(__file__).with_name('province.toml')\n",
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(
        HEAD.format(pid="p")
        + '[indicators.tax]\nname = "亩均税收"\nstandard = "tax_per_mu"\nunit = "万元/亩"\n',
        encoding="utf-8",
    )
    # a plan naming the plugin's standard loads it when first needed
    ind = fp.load(plan).indicator("tax")
    assert ind.kind is fp.IndicatorKind.BINDING and ind.kind_label == "约束性（据示例省）"
    entry = fp.standard_indicator("tax_per_mu")
    assert entry.origin == "fyp-planning-province:province" and entry.measure is fp.Measure.FLOW
    assert fp.load_catalogue_plugins() == ()
    out = CliRunner().invoke(main, ["catalog", "show", "tax_per_mu", "--format", "json"])
    assert json.loads(out.output)["origin"] == "fyp-planning-province:province"
    fp.refresh_plugins()
    assert "tax_per_mu" not in {s.id for s in fp.standard_indicators()}


def test_broken_catalogue_plugins_are_skipped_with_issues(site: Path) -> None:
    (site / "clash.toml").write_text(PROVINCE.format(id="rd_intensity"), encoding="utf-8")
    (site / "good.toml").write_text(PROVINCE.format(id="tax_per_mu"), encoding="utf-8")
    path = "import pathlib\ncatalog = pathlib.Path(__file__).with_name('{}').read_text('utf-8')\n"
    _catalogue_plugin(site, "cat-clash", "clash", "fyp_cat_clash", path.format("clash.toml"))
    _catalogue_plugin(site, "cat-raises", "raises", "fyp_cat_raises", "raise SystemExit(3)\n")
    _catalogue_plugin(site, "cat-number", "number", "fyp_cat_number", "catalog = 3\n")
    _catalogue_plugin(site, "cat-bad", "bad", "fyp_cat_bad", "catalog = 'version = 0'\n")
    _catalogue_plugin(site, "cat-good", "good", "fyp_cat_good", path.format("good.toml"))
    with pytest.warns(fp.PluginWarning):
        issues = fp.load_catalogue_plugins()
    reasons = {i.entry_point: i.reason.en for i in issues}
    assert set(reasons) == {"clash", "raises", "number", "bad"}
    assert "rd_intensity" in reasons["clash"] and "SystemExit: 3" in reasons["raises"]
    assert "not a catalogue" in reasons["number"] and "broken" in reasons["bad"]
    assert all(i.skipped for i in issues)
    assert fp.standard_indicator("tax_per_mu").origin == "cat-good:good"
    assert fp.standard_indicator("rd_intensity").origin is None  # the core's stands
