"""Plugins: discovery, broken plugins, folders of plan files, and the CLI commands over them."""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
        units={"担": {"equals": "0.05吨"}},
    )
    plan = plugin.load()
    assert plan.observations[0].value.to("吨").magnitude == pytest.approx(1.5)
    assert fp.parse_quantity("2担").to("吨").magnitude == pytest.approx(0.1)  # known everywhere


def test_plugin_units_that_are_refused_name_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(MINIMAL.format(id="u"), encoding="utf-8")
    plugin = fp.Plugin(
        name="odd_county",
        display_name="怪县",
        data=tmp_path,
        main="plan.toml",
        units={"家": {"counts": "firm"}, "斛_odd": {"equals": "3美刀"}},
    )
    with pytest.raises(fp.PluginError) as info:
        plugin.load()
    text = str(info.value)
    assert "odd_county" in text and 'units["家"].counts' in text and "斛_odd" in text
    with pytest.raises(TypeError, match=r"\[units\] table"):
        fp.Plugin(name="x", display_name="x", data=tmp_path, main="plan.toml",
                  units=["dan = 50 * kilogram"])  # fmt: skip


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
    # The document does not say 约束性 or 预期性: the table says so (未注明), not a default.
    assert "198亿元" in row and "≥300亿元（2025年）" in row and "未注明" in row
    assert "预期性" not in row


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
        assert {"name", "unit", "direction", "growth"} <= set(ind)
        assert "kind" not in ind  # the document states no kind: none is written


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


# == hostile plugins (issue 14, items 7, 8 and 11) =============================================
# Each throwaway distribution below is one of the fuzzer's broken plugins; the module names are
# unique per test (a module once imported stays in sys.modules).

FYP = [sys.executable, "-c", "import sys; from fyp_planning.cli import main; main(sys.argv[1:])"]
PLUGIN_CODE = (
    "import pathlib\nfrom fyp_planning import Plugin\n"
    "plugin = Plugin(name={name!r}, display_name={display!r}, data=pathlib.Path({data!r}),"
    " main='plan.toml')\n"
)


def _plan_folder(tmp_path: Path, name: str, plan_id: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "plan.toml").write_text(MINIMAL.format(id=plan_id), encoding="utf-8")
    return folder


def _fyp(*args: str, site: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``fyp ARGS`` in a fresh interpreter that sees the distributions installed in ``site``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    return subprocess.run(
        [*FYP, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize(
    ("code", "raised"),
    [
        ("raise SystemExit(3)\n", "SystemExit: 3"),
        ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
        ("raise GeneratorExit\n", "GeneratorExit"),
        ("import sys\nsys.exit('bye')\n", "SystemExit: bye"),
    ],
)
def test_a_plugin_raising_a_base_exception_is_skipped_not_the_command(
    site: Path, code: str, raised: str
) -> None:
    module = f"fyp_raiser_{abs(hash(code))}"
    _distribution(site, "fyp-planning-raiser", "raiser", module, code)
    runner = CliRunner()
    listed = runner.invoke(main, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "Aborted" not in listed.output
    assert "dongkou" in listed.stdout
    assert (
        f"plugin 'raiser' from fyp-planning-raiser skipped (已跳过): import failed: {raised}"
        in (listed.stderr)
    )
    shown = runner.invoke(main, ["show", "dongkou", "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "dongkou_14th_sti"
    named = runner.invoke(main, ["show", "raiser"])
    assert named.exit_code == 2
    assert named.stderr.strip() == (
        "错误 error: plugin 'raiser' cannot be used (插件不可用): fyp-planning-raiser: import "
        f"failed: {raised}"
    )
    (issue,) = fp.plugin_issues()
    assert issue.skipped and issue.distribution == "fyp-planning-raiser"
    assert issue.reason.zh == f"导入失败：{raised}"


@pytest.fixture
def gate() -> Iterator[Any]:
    """A module plugins import to hang on (``gate.OPEN.wait()``) and to say they were imported
    (``gate.STARTED``); opened at the end of the test, so the abandoned thread ends."""
    gate = types.ModuleType("fyp_test_gate")
    gate.OPEN = threading.Event()  # type: ignore[attr-defined]
    gate.STARTED = []  # type: ignore[attr-defined]
    sys.modules["fyp_test_gate"] = gate
    yield gate
    gate.OPEN.set()  # type: ignore[attr-defined]
    del sys.modules["fyp_test_gate"]


def test_a_plugin_that_never_returns_is_given_up_and_the_others_load(
    site: Path, gate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fyp_planning import limits
    from fyp_planning.registry import _contain

    monkeypatch.setattr(limits, "PLUGIN_DISCOVERY_SECONDS", 0.5)
    monkeypatch.setattr(_contain, "PATIENCE", 0.05)
    _distribution(
        site,
        "fyp-planning-hang",
        "hang",
        "fyp_hang_mod",
        "import fyp_test_gate\nfyp_test_gate.STARTED.append('hang')\nfyp_test_gate.OPEN.wait()\n",
    )
    shown = CliRunner().invoke(main, ["show", "dongkou", "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "dongkou_14th_sti"
    assert gate.STARTED == []  # a name imports only the plugins of that name

    listed = CliRunner().invoke(main, ["list", "--format", "json"])
    assert listed.exit_code == 0
    data = json.loads(listed.stdout)
    assert "dongkou" in {p["name"] for p in data["plugins"]}  # not held up by the hung one
    assert data["skipped"] == [
        {
            "entry_point": "hang",
            "distribution": "fyp-planning-hang",
            "reason": "import did not finish within 0.5 s; given up",
            "output": "",
        }
    ]
    assert gate.STARTED == ["hang"]
    named = CliRunner().invoke(main, ["show", "hang"])  # recorded: not waited for again
    assert named.exit_code == 2 and "import did not finish within 0.5 s" in named.stderr


def test_what_a_plugin_prints_is_kept_off_standard_output(site: Path, tmp_path: Path) -> None:
    data = _plan_folder(tmp_path, "chatty-data", "chatty")
    code = (
        "import sys\nprint('hello from the plugin')\nprint('[1, 2', file=sys.stderr)\n"
        + PLUGIN_CODE.format(name="chatty", display="话多县", data=str(data))
    )
    _distribution(site, "fyp-planning-chatty", "chatty", "fyp_chatty_mod", code)
    shown = CliRunner().invoke(main, ["show", "chatty", "--format", "json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["id"] == "chatty"
    assert "hello" not in shown.output and "[1, 2" not in shown.output
    listed = CliRunner().invoke(main, ["list", "--format", "json"])
    data_out = json.loads(listed.stdout)
    assert "chatty" in {p["name"] for p in data_out["plugins"]}
    assert data_out["printed"] == [
        {
            "entry_point": "chatty",
            "distribution": "fyp-planning-chatty",
            "output": "hello from the plugin\n[1, 2\n",
        }
    ]
    assert data_out["skipped"] == []
    assert (
        "提示 notice: plugin 'chatty' from fyp-planning-chatty printed while being imported; kept "
        "off standard output (已截留): 'hello from the plugin'"
    ) in listed.stderr


def test_a_second_plugin_named_dongkou_makes_the_name_a_choice(site: Path, tmp_path: Path) -> None:
    data = _plan_folder(tmp_path, "fake-data", "fake_dongkou")
    code = PLUGIN_CODE.format(name="dongkou", display="假洞口", data=str(data))
    _distribution(site, "fyp-planning-fake-dongkou", "dongkou", "fyp_fake_dongkou", code)
    runner = CliRunner()
    bare = runner.invoke(main, ["show", "dongkou"])
    assert bare.exit_code == 2
    assert bare.stderr.strip() == (
        "错误 error: several installed plugins are named 'dongkou' (插件重名); address one as "
        "distribution:name: fyp-planning-dongkou:dongkou, fyp-planning-fake-dongkou:dongkou"
    ) or bare.stderr.strip() == (
        "错误 error: several installed plugins are named 'dongkou' (插件重名); address one as "
        "distribution:name: fyp-planning-fake-dongkou:dongkou, fyp-planning-dongkou:dongkou"
    )
    for address, plan_id in [
        ("fyp-planning-dongkou:dongkou", "dongkou_14th_sti"),
        ("fyp-planning-fake-dongkou:dongkou", "fake_dongkou"),
        ("FYP_planning.fake_dongkou:dongkou", "fake_dongkou"),  # compared as pip does
    ]:
        shown = runner.invoke(main, ["show", address, "--format", "json"])
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["id"] == plan_id
    assert fp.load("fyp-planning-dongkou:dongkou").region == "洞口县"
    with pytest.raises(fp.PluginError, match="several installed plugins are named 'dongkou'"):
        fp.load("dongkou")

    listed = runner.invoke(main, ["list", "--format", "json"])
    rows = {p["address"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert {"fyp-planning-dongkou:dongkou", "fyp-planning-fake-dongkou:dongkou"} <= set(rows)
    assert "dongkou" not in rows
    text = runner.invoke(main, ["list"])
    lines = text.stdout.splitlines()
    assert any(ln.startswith("fyp-planning-fake-dongkou:dongkou ") for ln in lines)
    assert any(ln.startswith("fyp-planning-dongkou:dongkou ") for ln in lines)
    assert "提示 notice: several installed plugins are named 'dongkou'" in text.stderr

    # an explicit choice in code stays possible
    with pytest.raises(fp.PluginError, match="exists"):
        fp.register_plugin(fp.get_plugin("fyp-planning-fake-dongkou:dongkou"))
    fp.register_plugin(fp.get_plugin("fyp-planning-fake-dongkou:dongkou"), replace=True)
    try:
        assert fp.load("dongkou").id == "fake_dongkou"
        assert fp.plugins()["dongkou"].display_name == "假洞口"
    finally:
        fp.unregister_plugin("dongkou")


def test_a_plugin_named_unlike_its_entry_point_or_looking_up_plugins_is_skipped(
    site: Path, tmp_path: Path
) -> None:
    data = _plan_folder(tmp_path, "alias-data", "alias")
    code = PLUGIN_CODE.format(name="dongkou", display="冒名", data=str(data))
    _distribution(site, "fyp-planning-alias", "alias", "fyp_alias_mod", code)
    _distribution(
        site,
        "fyp-planning-nosy",
        "nosy",
        "fyp_nosy_mod",
        "import fyp_planning\nfyp_planning.plugins()\n",
    )
    with pytest.warns(fp.PluginWarning):
        available = fp.plugins()
    assert available["dongkou"].distribution == "fyp-planning-dongkou"  # not taken by the alias
    reasons = {i.entry_point: i.reason.en for i in fp.plugin_issues()}
    assert reasons == {
        "alias": "its entry point is named 'alias' but the plugin 'dongkou'; the two must be the same",
        "nosy": "import failed: PluginError: a plugin may not look up plugins while it is being "
        "imported",
    }


def test_a_file_or_folder_never_imports_plugins_nor_warns(site: Path, tmp_path: Path) -> None:
    """`fyp check FILE` with a broken plugin installed: no import of it, no warning line."""
    marker = tmp_path / "imported"
    _distribution(
        site,
        "fyp-planning-broken-fs",
        "brokenfs",
        "fyp_broken_fs",
        f"open({str(marker)!r}, 'w').close()\nraise ImportError('county data missing')\n",
    )
    garbled = site / "fyp_planning_garbled_fs-1.0.dist-info"  # metadata that cannot be read
    garbled.mkdir()
    (garbled / "METADATA").write_text("Metadata-Version: 2.1\nName: fyp-planning-garbled-fs\n")
    (garbled / "entry_points.txt").write_text("[fyp_planning.plugins]\nno equals sign\n")
    folder = tmp_path / "my-county"
    folder.mkdir()
    for name in ("dongkou-13th.toml", "dongkou-14th.toml"):
        (folder / name).write_text((GOOD / name).read_text(encoding="utf-8"), encoding="utf-8")
    plan_file = str(folder / "dongkou-14th.toml")
    baseline = _fyp("check", plan_file, site=tmp_path / "empty-site")
    for args in (
        ["check", plan_file],
        ["check", str(folder)],
        ["show", plan_file, "--format", "json"],
        ["show", str(folder) + "/"],
        ["check", "dongkou"],
    ):
        done = _fyp(*args, site=site)
        assert "Warning" not in done.stderr and "registry" not in done.stderr, done.stderr
        assert not done.stderr.strip() or args[0] == "check", done.stderr
        assert not marker.exists(), args  # the broken plugin was never imported
        if args[:2] == ["check", plan_file]:
            assert (done.returncode, done.stdout) == (baseline.returncode, baseline.stdout)
    listed = _fyp("list", site=site)
    assert listed.returncode == 0 and marker.exists()  # fyp list does import it, and says so
    assert (
        "警告 warning: plugin 'brokenfs' from fyp-planning-broken-fs skipped (已跳过): import "
        "failed: ImportError: county data missing"
    ) in listed.stderr.splitlines()
    assert "fyp-planning-garbled-fs skipped" in listed.stderr and "Warning" not in listed.stderr


def test_ctrl_c_during_discovery_still_stops_the_command(site: Path, tmp_path: Path) -> None:
    """The user's Ctrl-C (SIGINT, delivered to the main thread) is not a plugin's: it stops
    `fyp list` at once, though a plugin is hanging and the discovery time is far from over."""
    marker = tmp_path / "hanging"
    _distribution(
        site,
        "fyp-planning-sleeper",
        "sleeper",
        "fyp_sleeper_mod",
        f"import time\nopen({str(marker)!r}, 'w').close()\ntime.sleep(10**6)\n",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    proc = subprocess.Popen(
        [*FYP, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        for _ in range(600):  # the plugin's import has begun (at most a minute)
            if marker.exists():
                break
            time.sleep(0.1)
        assert marker.exists()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)  # well within PLUGIN_DISCOVERY_SECONDS (20)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "已中断 interrupted" in err  # the CLI's one Ctrl-C line
    assert "dongkou" not in out


@pytest.mark.parametrize("given", [".", "./", "..", "my-county/", "sub/../"])
def test_a_folder_addressed_as_dot_or_with_a_slash(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my-county"
    (folder / "sub").mkdir(parents=True)
    for name in ("dongkou-13th.toml", "dongkou-14th.toml"):
        (folder / name).write_text((GOOD / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir({"..": folder / "sub", "my-county/": tmp_path}.get(given, folder))
    plugin = fp.get_plugin(given)
    assert plugin.display_name == "my-county" and plugin.main == "dongkou-14th.toml"
    result = CliRunner().invoke(main, ["show", given, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "dongkou_14th_sti"


def test_a_plugin_may_register_a_plugin_while_being_imported(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Registering takes the registry's lock, never held while plugin code runs (else this
    import would wait until the discovery time ran out, and be given up)."""
    from fyp_planning import limits

    monkeypatch.setattr(limits, "PLUGIN_DISCOVERY_SECONDS", 5.0)
    data = _plan_folder(tmp_path, "reg-data", "registered_at_import")
    code = PLUGIN_CODE.format(name="registrar", display="登记县", data=str(data)) + (
        "import attrs, fyp_planning\n"
        "fyp_planning.register_plugin(attrs.evolve(plugin, name='registrar_extra'))\n"
    )
    _distribution(site, "fyp-planning-registrar", "registrar", "fyp_registrar_mod", code)
    try:
        assert fp.get_plugin("registrar").distribution == "fyp-planning-registrar"
        assert fp.plugin_issues() == ()
        assert fp.load("registrar_extra").id == "registered_at_import"
    finally:
        fp.unregister_plugin("registrar_extra")


def test_a_distribution_with_unreadable_entry_points_is_reported_alone(site: Path) -> None:
    """One malformed entry_points.txt makes importlib.metadata.entry_points() fail for all."""
    info = site / "fyp_planning_garbled-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fyp-planning-garbled\n")
    (info / "entry_points.txt").write_text("[fyp_planning.plugins]\nno equals sign here\n")
    shown = CliRunner().invoke(main, ["show", "dongkou", "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "dongkou_14th_sti"
    listed = CliRunner().invoke(main, ["list"])
    assert listed.exit_code == 0 and listed.stdout.startswith("名称 name")
    assert listed.stderr.startswith(
        "警告 warning: plugin '?' from fyp-planning-garbled skipped (已跳过): its entry points "
        "(entry_points.txt) cannot be read: "
    )


@given(
    stem=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12),
    form=st.sampled_from(["./{}", "{}/", "../{}", "{}.toml", "{}.JSON", "sub/{}", "/{}/x"]),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_path_never_imports_a_plugin(
    stem: str, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path-shaped argument (a slash, a leading dot, a plan suffix) is looked up on disk
    only: no plugin is imported for it, even one whose entry point bears that very text."""
    from fyp_planning import registry

    def refuse(entries: object) -> None:
        raise AssertionError("a path imported plugins")

    text = form.format("zz-nowhere-" + stem)
    same = registry._Entry(name=text, value="m:plugin", distribution="d", version="1", ep=None)
    monkeypatch.setattr(registry, "_entries", lambda: (same,))
    monkeypatch.setattr(registry, "_import", refuse)
    with pytest.raises(fp.PluginError):
        fp.load(text)
    with pytest.raises(fp.PluginError):
        fp.get_plugin(text)
