"""Plugins: discovery, broken plugins, folders of plan files, and the CLI commands over them."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

GOOD = Path(__file__).parent / "data" / "good"
MINIMAL = 'id = "{id}"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'


def _distribution(site: Path, dist: str, entry: str, module: str, code: str) -> None:
    """Write an installed distribution (dist-info with an entry point) and its module."""
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[fyp_planning.plugins]\n{entry} = {module}:plugin\n")
    (site / f"{module}.py").write_text(code, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where tests install fake plugin distributions."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    fp.refresh_plugins()
    yield site
    fp.refresh_plugins()


def test_dongkou_is_discovered_through_its_entry_point() -> None:
    plugin = fp.get_plugin("dongkou")
    assert plugin.distribution == "fyp-planning-dongkou"
    assert plugin.main == "dongkou-14th.toml"
    assert {"dongkou-13th.toml", "dongkou-14th.toml"} <= set(plugin.plan_files())
    plan = fp.load("dongkou")
    assert plan.region == "洞口县" and plan.predecessor is not None
    assert fp.load("dongkou") is plan  # cached: plans are immutable
    assert fp.load("dongkou", plan="dongkou-13th.toml").end_year == 2020


def test_broken_plugins_become_warnings_and_others_still_load(site: Path) -> None:
    _distribution(
        site,
        "fyp-planning-broken",
        "broken",
        "fyp_broken_mod",
        "raise ImportError('the county data package is missing')\n",
    )
    _distribution(
        site,
        "fyp-planning-notaplugin",
        "notaplugin",
        "fyp_notaplugin_mod",
        "plugin = {'name': 'x'}\n",
    )
    _distribution(
        site,
        "fyp-planning-future",
        "future",
        "fyp_future_mod",
        "import pathlib\nfrom fyp_planning import Plugin\n"
        "plugin = Plugin(name='future', display_name='未来', data=pathlib.Path('.'),"
        " main='p.toml', api_version=99)\n",
    )
    with pytest.warns(fp.PluginWarning) as record:
        available = fp.plugins()
    assert "dongkou" in available
    assert not {"broken", "notaplugin", "future"} & set(available)
    messages = [str(w.message) for w in record]
    assert any(
        "fyp-planning-broken" in m and "ImportError" in m and "missing" in m for m in messages
    )
    assert any("fyp-planning-notaplugin" in m and "not a Plugin" in m for m in messages)
    assert any("fyp-planning-future" in m and "API 99" in m for m in messages)
    issues = {i.entry_point: i for i in fp.plugin_issues()}
    assert issues["broken"].distribution == "fyp-planning-broken"
    assert fp.load("dongkou").region == "洞口县"

    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert "dongkou" in result.stdout
    assert "fyp-planning-broken" in result.stderr and "skipped" in result.stderr
    data = json.loads(CliRunner().invoke(main, ["list", "--format", "json"]).stdout)
    assert {p["name"] for p in data["plugins"]} >= {"dongkou"}
    assert {s["distribution"] for s in data["skipped"]} >= {
        "fyp-planning-broken",
        "fyp-planning-notaplugin",
        "fyp-planning-future",
    }


def test_plugin_with_malformed_data_fails_alone(tmp_path: Path) -> None:
    data = tmp_path / "badcounty"
    data.mkdir()
    (data / "plan.toml").write_text(MINIMAL.format(id="bad") + "start_year = 2020\n")
    bad = fp.Plugin(name="badcounty2", display_name="坏县", data=data, main="plan.toml")
    fp.register_plugin(bad)
    try:
        with pytest.raises(fp.PlanSyntaxError) as exc:
            fp.load("badcounty2")
        assert "plan.toml" in str(exc.value) and "line 6" in str(exc.value)
        assert fp.load("dongkou").region == "洞口县"
        result = CliRunner().invoke(main, ["show", "badcounty2"])
        assert result.exit_code == 2 and "plan.toml" in result.output
    finally:
        fp.unregister_plugin("badcounty2")


def test_register_plugin_refuses_duplicates(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(MINIMAL.format(id="demo"), encoding="utf-8")
    plugin = fp.Plugin(name="demo_county", display_name="示例县", data=tmp_path, main="plan.toml")
    fp.register_plugin(plugin)
    try:
        assert fp.load("demo_county").id == "demo"
        with pytest.raises(fp.PluginError, match="exists"):
            fp.register_plugin(plugin)
        with pytest.raises(fp.PluginError, match="exists"):
            fp.register_plugin(attrs.evolve(plugin, name="dongkou"))
    finally:
        fp.unregister_plugin("demo_county")
    with pytest.raises(fp.PluginError, match="no plugin or folder 'demo_county'"):
        fp.get_plugin("demo_county")
    with pytest.raises(TypeError, match="needs a Plugin"):
        fp.register_plugin("dongkou")  # type: ignore[arg-type]


def test_folder_of_plan_files_is_a_plugin(tmp_path: Path) -> None:
    folder = tmp_path / "my-county"
    folder.mkdir()
    for name in ("dongkou-13th.toml", "dongkou-14th.toml"):
        (folder / name).write_text((GOOD / name).read_text(encoding="utf-8"), encoding="utf-8")
    plan = fp.load(str(folder))
    assert plan.id == "dongkou_14th_sti" and plan.predecessor is not None
    result = CliRunner().invoke(main, ["show", str(folder)])
    assert result.exit_code == 0 and "洞口县" in result.output
    assert fp.load(folder / "dongkou-13th.toml").id == "dongkou_13th_sti"


def test_folder_with_several_main_plans_asks_which(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(MINIMAL.format(id=name[0]), encoding="utf-8")
    with pytest.raises(fp.PluginError, match=r"cannot tell which plan.*a\.toml, b\.toml"):
        fp.load(tmp_path)
    assert fp.load(tmp_path / "b.toml").id == "b"
    assert fp.load(tmp_path, plan="a.toml").id == "a"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(fp.PluginError, match="no plan files"):
        fp.load(empty)


def test_a_project_folder_is_not_read_as_plan_files(tmp_path: Path) -> None:
    """A plugin's project folder has pyproject.toml beside its package, not plans."""
    project = tmp_path / "my-county-plugin"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(fp.PluginError, match=r"a Python project \(pyproject.toml\), not a folder"):
        fp.load(project)
    (project / "a.toml").write_text(MINIMAL.format(id="a"), encoding="utf-8")
    assert fp.load(project).id == "a"  # a plan file beside it is the plan; pyproject is not


def test_unknown_names_and_files() -> None:
    with pytest.raises(fp.PluginError, match=r"installed plugins: .*dongkou"):
        fp.load("nowhere")
    with pytest.raises(fp.PluginError, match=r"no plan file 'nowhere\.toml'"):
        fp.load("nowhere.toml")
    with pytest.raises(fp.PluginError, match=r"has no plan file 'x\.toml'"):
        fp.load("dongkou", plan="x.toml")


def test_plugin_units_are_registered_before_loading(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(
        MINIMAL.format(id="u")
        + '[indicators.tea]\nname = "茶叶产量"\nunit = "担"\n'
        + 'observations = [{ period = 2020, value = "30担" }]\n',
        encoding="utf-8",
    )
    plugin = fp.Plugin(
        name="tea_county",
        display_name="茶县",
        data=tmp_path,
        main="plan.toml",
        units=["dan_tea = 50 * kilogram = 担"],
    )
    plan = plugin.load()
    assert plan.observations[0].value.to("kg").magnitude == pytest.approx(1500)


@pytest.mark.parametrize("command", ["show", "indicators", "export"])
def test_cli_commands_accept_plugin_names(command: str) -> None:
    result = CliRunner().invoke(main, [command, "dongkou", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data  # each prints a JSON object
    bad = CliRunner().invoke(main, [command, "nowhere", "--format", "json"])
    assert bad.exit_code == 2 and "未找到插件" in bad.output


def test_indicators_table() -> None:
    result = CliRunner().invoke(main, ["indicators", "dongkou"])
    assert result.exit_code == 0
    header = result.output.splitlines()[0]
    for label in ("指标", "单位", "2020年基期值", "目标", "属性", "来源"):
        assert label in header
    row = next(ln for ln in result.output.splitlines() if ln.startswith("industrial_output "))
    assert "198亿元" in row and "≥300亿元（2025年）" in row and "预期性" in row


def test_export_json_shape_is_the_documented_interface() -> None:
    result = CliRunner().invoke(main, ["export", "dongkou", "--format", "json"])
    assert result.exit_code == 0
    tree = json.loads(result.output)
    assert tree["format_version"] == 1
    assert fp.loads_plan(result.output, "json") == fp.load("dongkou")
    assert isinstance(tree["predecessor"], dict)  # inline, not a file name

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("value", "rate", "investment", "limit"):
                    assert isinstance(value, str), (key, value)  # figures keep their unit
                if key in ("period", "start", "end"):
                    assert isinstance(value, int | str)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(tree)
    for ind in tree["indicators"].values():
        assert {"name", "unit", "kind", "direction", "growth"} <= set(ind)


def test_listing_plugins_imports_neither_plans_nor_units() -> None:
    """``fyp list`` reads entry points: no model, io, audit, units, pint or numpy."""
    import subprocess
    import sys

    code = (
        "import sys; from fyp_planning.cli import main; "
        "main(['list', '--format', 'json'], standalone_mode=False); "
        "heavy = ('pint', 'numpy', 'cattrs', 'fyp_planning.model', 'fyp_planning.io', "
        "'fyp_planning.checks', 'fyp_planning.units', 'fyp_planning.evaluation'); "
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"dongkou"' in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "[]"
