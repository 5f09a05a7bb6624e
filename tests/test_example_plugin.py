"""The example county plugin (``examples/example-county/``, 虚构示例，非真实县份) and the pages
that teach it: ``docs/plugin-tutorial.md``, ``docs/zh/plugin-tutorial.md``,
``docs/getting-started.md`` and ``docs/zh/quickstart.md``.

The example is loaded as a folder and as a package (through its ``pyproject.toml`` entry point),
audited and analysed. The pages are checked against the code so they cannot drift:

* a fence after ``<!-- example-plan -->`` is a full plan that must load;
* a fence after ``<!-- example-file: PATH -->`` must be a verbatim run of lines of ``PATH``;
* the ``examples/...`` paths and ``example-*.toml`` names the pages mention must exist;
* ``console`` blocks are replayed in page order: each ``$ fyp ...`` command is run (files of
  fences after ``<!-- file: PATH -->`` are written first) and the lines shown after it must
  appear, in order, in its real output (``…`` marks lines left out);
* the ``>>>`` examples of the pages run as doctests, and the pytest file of the tutorial
  (``<!-- example-test -->``) runs against the example plugin.
"""

from __future__ import annotations

import doctest
import importlib
import re
import shlex
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.registry import API_VERSION, ENTRY_POINT_GROUP

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "example-county"
SRC = EXAMPLE / "src"
PACKAGE = "fyp_planning_example_county"
DATA = SRC / PACKAGE / "data"
FICTIONAL = "虚构示例，非真实县份"

DOCS = ROOT / "docs"
TUTORIALS = [DOCS / "plugin-tutorial.md", DOCS / "zh" / "plugin-tutorial.md"]
GUIDES = [DOCS / "getting-started.md", DOCS / "zh" / "quickstart.md"]
PAGES = TUTORIALS + GUIDES


# == the example as a folder ===================================================================


def test_the_data_folder_is_a_plugin() -> None:
    plugin = fp.Plugin.from_folder(DATA)
    assert plugin.main == "example-14th.toml"
    assert plugin.plan_files() == ["example-13th.toml", "example-14th.toml"]
    plan = fp.load(DATA)
    assert plan.id == "example_14th_sti"
    assert plan.predecessor is not None and plan.predecessor.id == "example_13th_sti"
    assert fp.load(DATA, plan="example-13th.toml").end_year == 2020


def test_it_says_it_is_fictional() -> None:
    plan = fp.load(DATA)
    assert plan.region == "示例县"
    assert FICTIONAL in (plan.source or "")
    for path in sorted(DATA.glob("*.toml")):
        assert FICTIONAL in path.read_text(encoding="utf-8").splitlines()[0], path.name
    assert FICTIONAL in (EXAMPLE / "README.md").read_text(encoding="utf-8")


def test_indicators_units_and_targets() -> None:
    plan = fp.load(DATA)
    units = {i.id: fp.format_unit(i.unit) for i in plan.indicators}
    assert units == {
        "industrial_output": "亿元",
        "value_added": "亿元",
        "fiscal_st_spending": "万元",
        "rd_gdp_share": "%",
        "high_tech_enterprises": "家",
        "energy_intensity": "吨标准煤/万元",
    }
    energy = plan.indicator("energy_intensity")
    assert energy.kind is fp.IndicatorKind.BINDING
    assert energy.direction is fp.Direction.LOWER
    # The others' kind is not stated: shown as 未注明, read as 预期性 by the analyses.
    others = [plan.indicator(i) for i in units if i != energy.id]
    assert all(ind.kind is None and not ind.binding for ind in others)
    assert {ind.kind_label for ind in others} == {"未注明"}

    def only(indicator: str) -> fp.Target:
        (target,) = plan.targets_for(indicator)
        assert target.year == 2025
        return target

    level = only("industrial_output")
    assert isinstance(level, fp.LevelTarget) and fp.format_quantity(level.value) == "180亿元"
    growth = only("value_added")
    assert isinstance(growth, fp.GrowthTarget) and growth.annual
    assert fp.format_quantity(growth.rate) == "8%" and growth.text == "规模工业增加值年均增长8%以上"
    share = only("rd_gdp_share")
    assert isinstance(share, fp.ShareTarget) and fp.format_quantity(share.value) == "2.5%"
    count = only("high_tech_enterprises")
    assert isinstance(count, fp.LevelTarget) and fp.format_quantity(count.value) == "30家"
    reduction = only("energy_intensity")
    assert isinstance(reduction, fp.ReductionTarget)
    assert fp.format_quantity(reduction.rate) == "5‰"
    money = only("fiscal_st_spending")
    assert isinstance(money, fp.LevelTarget) and fp.format_quantity(money.value) == "4500万元"
    assert [t.describe() for t in plan.targets] == [
        "≥180亿元",
        "年均增长≥8%",
        "≥4500万元",
        "占GDP比重≥2.5%",
        "≥30家",
        "年均下降≥5‰",
    ]


def test_observations_keep_period_status_and_source() -> None:
    plan = fp.load(DATA)
    assert all(o.source for o in plan.observations)
    (output,) = plan.observations_for("industrial_output")
    assert output.status is fp.ObservationStatus.ESTIMATE
    assert fp.format_quantity(output.value) == "120亿元"
    old = plan.predecessor
    assert old is not None
    assert all(o.source for o in old.observations)
    rd = old.observations_for("rd_gdp_share")
    assert [(str(o.period), fp.format_quantity(o.value)) for o in rd] == [
        ("2016", "1.62%"),
        ("2020年1-9月", "2.14%"),
    ]
    # The figure the document gives without a unit is kept bare, never guessed.
    firms = old.observations_for("above_scale_enterprises")
    assert [fp.is_bare(o.value) for o in firms] == [False, True]
    assert fp.format_quantity(firms[1].value) == "68"


def test_statements_are_recorded_as_stated() -> None:
    old = fp.load(DATA).predecessor
    assert old is not None
    stated = {s.id: (s.kind, fp.format_quantity(s.value)) for s in old.statements}
    assert stated == {
        "value_added_total_growth": (fp.StatementKind.TOTAL_GROWTH, "40.7%"),
        "value_added_average_growth": (fp.StatementKind.AVERAGE_GROWTH, "8.15%"),
        "rd_share_change": (fp.StatementKind.CHANGE, "0.52百分点"),
        "high_tech_net_increase": (fp.StatementKind.AVERAGE_CHANGE, "2家"),
    }


def test_enterprises_chain_and_template() -> None:
    plan = fp.load(DATA)
    assert {e.id for e in plan.enterprises} == {
        "hexiang_food",
        "shanwei_food",
        "lvyuan_coop",
        "huimin_retail",
    }
    assert all(e.chains == ("food",) for e in plan.enterprises)
    (chain,) = plan.chains
    assert (chain.id, chain.name, chain.template) == ("food", "绿色食品", "food_processing")
    assert chain.presence_provenance is fp.Provenance.MODEL
    template = plan.template("food_processing")
    assert template.provenance is fp.Provenance.MODEL
    assert len(template.segments) == 8
    assert {s.id for s in template.segments if s.core} == {"primary_processing", "deep_processing"}


def test_the_audit_finds_the_deliberate_inconsistency_and_accepts_the_other() -> None:
    report = fp.audit(fp.load(DATA))
    assert report.failures == ()
    assert [(f.code, f.plan, f.location) for f in report.findings] == [
        ("G001", "example_13th_sti", "statements.value_added_average_growth")
    ]
    (finding,) = report.findings
    assert finding.severity is fp.Severity.WARNING
    assert "7.07%" in finding.message and "8.15%" in finding.message
    ((accepted, reason),) = report.suppressed
    assert (accepted.code, accepted.plan, accepted.location) == (
        "U001",
        "example_13th_sti",
        "indicators.above_scale_enterprises.observations[1]",
    )
    assert reason == "原文“发展到68”未写单位；按原文保留，不推断单位"
    assert report.exit_code == 0
    # Without the entry, the finding is there.
    unaccepted = fp.audit(fp.loads_plan(_without_audit_ignore(DATA / "example-13th.toml")))
    assert [f.code for f in unaccepted.findings] == ["G001", "U001"]


def _without_audit_ignore(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("[[audit_ignore]]")]


def test_gap_analysis_of_the_chain() -> None:
    plan = fp.load(DATA)
    analysis = fp.gap_analysis(plan, "绿色食品")
    assert analysis is not None and analysis.chain == "food"
    assert analysis.template_provenance is fp.Provenance.MODEL
    assert analysis.counts == {"strong": 1, "present": 1, "weak": 1, "missing": 5}
    assert analysis.completeness == 37.5
    actions = {g.segment: g.label for g in analysis.gaps}
    assert actions == {
        "cold_chain": "补链",
        "primary_processing": "补链",
        "ecommerce": "延链（向下游）",
        "packaging": "延链（向上游）",
        "testing": "延链（向上游）",
        "farming": "强链",
    }
    assert [g.rank for g in analysis.gaps] == list(range(1, 7))
    assert analysis.gaps[0].segment == "cold_chain"
    assert all(g.reasons for g in analysis.gaps)


def test_review_of_the_previous_plan() -> None:
    rows = {r.indicator: r for r in fp.review(fp.load(DATA))}
    assert rows["industrial_output"].achieved is False
    assert rows["high_tech_enterprises"].achieved is True


# == the example as a package ==================================================================


@pytest.fixture
def example_package(monkeypatch: pytest.MonkeyPatch) -> Iterator[fp.Plugin]:
    """The example imported from examples/example-county/src and registered as ``example``."""
    monkeypatch.syspath_prepend(str(SRC))
    importlib.invalidate_caches()
    sys.modules.pop(PACKAGE, None)
    module = importlib.import_module(PACKAGE)
    # replace=True: someone may have pip-installed the example into this environment.
    fp.register_plugin(module.plugin, replace=True)
    try:
        yield module.plugin
    finally:
        fp.unregister_plugin("example")
        sys.modules.pop(PACKAGE, None)


def test_the_package_is_a_plugin(example_package: fp.Plugin) -> None:
    plugin = example_package
    assert isinstance(plugin, fp.Plugin)
    assert (plugin.name, plugin.main) == ("example", "example-14th.toml")
    assert plugin.display_name == "示例县科技和工业“十四五”发展规划"
    assert plugin.api_version == API_VERSION
    assert Path(str(plugin.data)) == DATA
    assert plugin.plan_files() == ["example-13th.toml", "example-14th.toml"]
    assert "example" in fp.plugins()
    plan = fp.load("example")
    assert plan == fp.load(DATA)
    result = CliRunner().invoke(main, ["show", "example"])
    assert result.exit_code == 0, result.output
    assert "示例县科技和工业“十四五”发展规划（2021-2025年）" in result.output
    check = CliRunner().invoke(main, ["check", "example"])
    assert check.exit_code == 0, check.output
    assert "G001" in check.output and "U001" in check.output


def test_pyproject_entry_point_names_the_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    meta = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    assert project["name"] == "fyp-planning-example-county"
    assert project["dependencies"] == ["fyp-planning"]
    assert (EXAMPLE / project["readme"]).is_file()
    assert meta["build-system"]["build-backend"] == "hatchling.build"
    assert meta["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [f"src/{PACKAGE}"]
    entry_points = project["entry-points"][ENTRY_POINT_GROUP]
    assert entry_points == {"example": f"{PACKAGE}:plugin"}
    module_name, attr = entry_points["example"].split(":")
    monkeypatch.syspath_prepend(str(SRC))
    importlib.invalidate_caches()
    sys.modules.pop(module_name, None)
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    finally:
        sys.modules.pop(module_name, None)
    assert isinstance(obj, fp.Plugin)
    assert obj.name == "example"  # the entry point's name is the plugin's name
    assert obj.api_version == API_VERSION
    assert (Path(str(obj.data)) / obj.main).is_file()


# == the pages =================================================================================

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_COMMENT = re.compile(r"<!--\s*(.*?)\s*-->")


def _blocks(page: Path) -> list[tuple[list[str], str, str]]:
    """Every fenced block of a page: (the comments on the lines just before it, its info
    string, its text)."""
    text = page.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        info = text[m.start() : text.index("\n", m.start())].removeprefix("```").strip()
        before = text[: m.start()].rstrip("\n").split("\n")
        notes: list[str] = []
        while before and (c := _COMMENT.fullmatch(before[-1].strip())):
            notes.insert(0, c[1])
            before.pop()
        out.append((notes, info, m[1]))
    return out


def _marked(page: Path, mark: str) -> list[tuple[str, str]]:
    """(argument, text) of the blocks marked ``<!-- mark -->`` or ``<!-- mark: argument -->``."""
    found = []
    for notes, _, text in _blocks(page):
        for note in notes:
            name, _, arg = note.partition(":")
            if name.strip() == mark:
                found.append((arg.strip(), text))
    return found


def _rel(page: Path) -> str:
    return str(page.relative_to(ROOT))


@pytest.mark.parametrize("page", TUTORIALS, ids=_rel)
def test_full_plan_snippets_load(page: Path) -> None:
    plans = _marked(page, "example-plan")
    assert plans, "the tutorial shows at least one full plan"
    for _, text in plans:
        plan = fp.loads_plan(text, name=_rel(page))
        assert plan.region == "示例县"


@pytest.mark.parametrize("page", TUTORIALS, ids=_rel)
def test_quoted_files_are_quoted_verbatim(page: Path) -> None:
    quotes = _marked(page, "example-file")
    quoted = {path for path, _ in quotes}
    assert quoted == {
        "examples/example-county/pyproject.toml",
        f"examples/example-county/src/{PACKAGE}/__init__.py",
        f"examples/example-county/src/{PACKAGE}/data/example-14th.toml",
        f"examples/example-county/src/{PACKAGE}/data/example-13th.toml",
    }
    for path, text in quotes:
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        snippet = text.splitlines()
        starts = [i for i in range(len(lines)) if lines[i : i + len(snippet)] == snippet]
        assert starts, f"{_rel(page)} quotes lines that are not in {path}:\n{text}"
    # The whole package files are quoted, not a part of them.
    for path, text in quotes:
        if not path.endswith(".toml") or path.endswith("pyproject.toml"):
            assert text == (ROOT / path).read_text(encoding="utf-8"), path


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_names_in_the_pages_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for path in set(re.findall(r"(?<![\w/.-])examples/[\w./-]*[\w/]", text)):
        assert (ROOT / path).exists(), f"{_rel(page)} names {path}"
    for name in set(re.findall(r"\bexample-\d+th\.toml\b", text)):
        assert (DATA / name).is_file(), f"{_rel(page)} names {name}"
    for path in set(re.findall(r"(?<![\w/.-])docs/[\w./-]*\w", text)):
        assert (ROOT / path).exists(), f"{_rel(page)} names {path}"
    for link in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", text):
        assert (page.parent / link).is_file(), f"{_rel(page)} links to {link}"
    if page in TUTORIALS:
        for name in ("fyp-planning-example-county", PACKAGE, "fyp_planning.plugins"):
            assert name in text


def _sessions(page: Path) -> Iterator[tuple[str, str, list[str]]]:
    """In page order: ("file", path, [text]) for a ``<!-- file: PATH -->`` block, and
    ("run", command, expected lines) for every ``$ fyp ...`` of a console block."""
    for notes, info, text in _blocks(page):
        for note in notes:
            if note.startswith("file:"):
                yield "file", note.removeprefix("file:").strip(), [text]
        if info != "console":
            continue
        command: str | None = None
        shown: list[str] = []
        for line in text.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    yield "run", command, shown
                command, shown = line[2:], []
            else:
                shown.append(line)
        if command is not None:
            yield "run", command, shown


def _in_order(shown: list[str], output: str) -> str | None:
    """None when every shown line (bar ``…`` and blank ones) is a line of the output, in
    order; else the first line that is not."""
    actual = [line.rstrip() for line in output.splitlines()]
    at = 0
    for line in shown:
        line = line.rstrip()
        if not line or line == "…":
            continue
        try:
            at = actual.index(line, at) + 1
        except ValueError:
            return line
    return None


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_console_sessions_are_real(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").symlink_to(DOCS, target_is_directory=True)
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    ran = 0
    for kind, what, shown in _sessions(page):
        if kind == "file":
            target = tmp_path / what
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(shown[0], encoding="utf-8")
            continue
        args = shlex.split(what)
        assert args[0] == "fyp", what
        result = CliRunner().invoke(main, args[1:])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            what,
            result.exception,
        )
        assert result.exit_code in (0, 1, 2), what
        missing = _in_order(shown, result.output)
        assert missing is None, (
            f"{_rel(page)}: `{what}` does not print\n{missing}\n\n{result.output}"
        )
        if "-o" in args:
            assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0, what
        ran += 1
    assert ran >= 3


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples read docs/examples/... from the repository root
    text = page.read_text(encoding="utf-8")
    if ">>>" not in text:
        return
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, _rel(page), str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
    assert runner.tries > 0


@pytest.mark.parametrize("page", TUTORIALS, ids=_rel)
def test_the_tutorial_test_file_passes(page: Path, example_package: fp.Plugin) -> None:
    (snippet,) = _marked(page, "example-test")
    namespace: dict[str, object] = {}
    exec(compile(snippet[1], f"{_rel(page)}:example-test", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) == 3
    for test in tests:
        test()


def test_both_languages_show_the_same_files_commands_and_code() -> None:
    english, chinese = (_blocks(p) for p in TUTORIALS)
    assert english == chinese
    english, chinese = ([b for b in _blocks(p) if b[1] in ("sh", "console")] for p in GUIDES)
    assert english == chinese
