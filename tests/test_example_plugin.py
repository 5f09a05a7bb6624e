"""The example county plugin (``examples/example-county/``, 虚构示例，非真实县份) and the pages
that teach it: ``docs/plugin-tutorial.md``, ``docs/zh/plugin-tutorial.md``,
``docs/getting-started.md`` and ``docs/zh/quickstart.md``, and the examples of the command-line
reference, ``docs/cli-examples.md`` (console sessions only).

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
import importlib.util
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
#: The examples of the command-line reference (docs/cli.rst), one section per command.
CLI_EXAMPLES = DOCS / "cli-examples.md"


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
        "gdp": "亿元",
        "industry_structure": "%",
        "industrial_output": "亿元",
        "value_added": "亿元",
        "foreign_trade": "亿元",
        "fiscal_st_spending": "万元",
        "rd_gdp_share": "%",
        "high_tech_enterprises": "家",
        "tech_contracts": "万元",
        "energy_intensity": "吨标准煤/万元",
        "spindles": "万锭",
    }
    energy = plan.indicator("energy_intensity")
    assert energy.kind is fp.IndicatorKind.BINDING
    assert energy.direction is fp.Direction.LOWER  # from the standard: the file does not say
    # The others' kind is not stated: shown as 未注明, read as 预期性 by the analyses.
    others = [plan.indicator(i) for i in units if i != energy.id]
    assert all(ind.kind is None and not ind.binding for ind in others)
    assert {ind.kind_label for ind in others} == {"未注明"}
    assert [t.describe() for t in plan.targets] == [
        "年均增长≥6.5%",
        "=5.5:50.0:44.5",
        "≥1250亿元",
        "年均增长≥7%",
        "≥110亿元",
        "≥35000万元",
        "比2020年提高≥0.5个百分点",
        "比基期翻一番（≥2倍）",
        "≥3亿元",
        "年均下降≥3%",
        "≥60万锭",
    ]


def test_the_vocabulary_other_counties_need() -> None:
    """A change target in 百分点 and 翻一番, a composition, a part-year flow, a 十三五 span, a
    declared unit and a baseline only the predecessor has: each once."""
    plan = fp.load(DATA)
    old = plan.predecessor
    assert old is not None
    (points,) = plan.targets_for("rd_gdp_share")
    assert isinstance(points, fp.ChangeTarget) and points.factor is None
    assert fp.format_quantity(points.by) == "0.5百分点" and points.base_year == 2020
    (double,) = plan.targets_for("high_tech_enterprises")
    assert isinstance(double, fp.ChangeTarget) and double.factor == 2 and double.by is None
    # 高新技术企业: the 十四五 table gives no 2020 figure; the baseline is the 十三五 plan's.
    assert plan.observations_for("high_tech_enterprises") == ()
    found = fp.baseline_of(plan, plan.indicator("high_tech_enterprises"))
    assert found is not None and found.origin == "十三五规划"
    assert fp.format_quantity(found.observation.value) == "58家"
    # 三次产业结构: one indicator with its parts, a level target read from its phrase.
    structure = plan.indicator("industry_structure")
    assert structure.parts == ("第一产业", "第二产业", "第三产业") and structure.standard is None
    (shares,) = plan.targets_for("industry_structure")
    assert isinstance(shares, fp.LevelTarget) and shares.comparator is fp.Comparator.EQ
    # 进出口总额: a flow given for 1-9月 only, set aside as a level, compared with 2019年1-9月.
    trade = plan.indicator("foreign_trade")
    assert fp.measure_of(trade) is fp.Measure.FLOW
    assert [str(o.period) for o in plan.observations_for("foreign_trade")] == [
        "2019年1-9月",
        "2020年1-9月",
    ]
    (row,) = [a for a in fp.assess(plan) if a.target.indicator == "foreign_trade"]
    assert row.baseline is None and row.latest is None
    assert "2020年1-9月58.2亿元为部分年度流量，未作为最新水平" in row.explain()
    assert "比2019年1-9月同期下降5.37%" in row.explain()
    # 工业投资: a total over the 十三五, on the predecessor.
    (span,) = old.observations_for("industrial_investment")
    assert (str(span.period), fp.format_quantity(span.value)) == ("2016-2020", "412亿元")
    # 万锭: a unit the plan declares (纱锭 are no 个 and no 台).
    assert [(u.name, u.counts) for u in plan.units] == [("锭", "spindle"), ("万锭", None)]
    assert fp.format_quantity(plan.targets_for("spindles")[0].value) == "60万锭"


def test_observations_keep_period_status_and_source() -> None:
    plan = fp.load(DATA)
    assert all(o.source for o in plan.observations)
    (output,) = plan.observations_for("industrial_output")
    assert output.status is fp.ObservationStatus.ESTIMATE
    assert fp.format_quantity(output.value) == "860亿元"
    old = plan.predecessor
    assert old is not None
    assert all(o.source for o in old.observations)
    rd = old.observations_for("rd_gdp_share")
    assert [(str(o.period), fp.format_quantity(o.value)) for o in rd] == [
        ("2016", "1.86%"),
        ("2020年1-9月", "2.31%"),
    ]
    # The figure the document gives without a unit is kept bare, never guessed.
    firms = old.observations_for("above_scale_enterprises")
    assert [fp.is_bare(o.value) for o in firms] == [False, True]
    assert fp.format_quantity(firms[1].value) == "356"


def test_statements_are_recorded_as_stated() -> None:
    old = fp.load(DATA).predecessor
    assert old is not None
    stated = {s.id: (s.kind, fp.format_quantity(s.value)) for s in old.statements}
    assert stated == {
        "value_added_total_growth": (fp.StatementKind.TOTAL_GROWTH, "38.6%"),
        "value_added_average_growth": (fp.StatementKind.AVERAGE_GROWTH, "7.73%"),
        "rd_share_change": (fp.StatementKind.CHANGE, "0.45百分点"),
        "high_tech_net_increase": (fp.StatementKind.AVERAGE_CHANGE, "7家"),
    }


# == built from the catalogue and the template library =========================================


def _tables(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["example-13th.toml", "example-14th.toml"])
def test_every_indicator_with_a_standard_names_it(name: str) -> None:
    plan = fp.load(DATA, plan=name)
    # Those without one have none in the catalogue: `fyp catalog match` proposes nothing.
    unnamed = {i.id for i in plan.indicators if i.standard is None}
    assert {m.indicator.id for m in fp.match_standards(plan)} == unnamed
    assert all(m.standard is None for m in fp.match_standards(plan))
    # Stating a unit is left to the standard: only the two indicators without one state theirs.
    indicators = _tables(DATA / name)["indicators"]
    assert isinstance(indicators, dict)
    stated = {i for i, table in indicators.items() if "unit" in table}
    assert stated == unnamed
    assert unnamed == ({"industry_structure", "spindles"} if "14th" in name else set())


def test_chains_run_from_library_templates_none_written_from_scratch() -> None:
    plan = fp.load(DATA)
    assert {c.id: c.template for c in plan.chains} == {
        "textile": "textile",
        "pharma": "std:pharma_biomedicine",
        "devices": "std:medical_devices",
    }
    for name in ("example-13th.toml", "example-14th.toml"):
        templates = _tables(DATA / name).get("templates", {})
        assert isinstance(templates, dict)
        # A template of the file's own only extends a library one, and adds no segment.
        for tid, table in templates.items():
            assert str(table["extends"]).startswith("std:"), (name, tid)
            assert "segments" not in table, (name, tid)
    textile = plan.template("textile")
    library = fp.standard_template("textile_apparel")
    assert textile.extends == "std:textile_apparel"
    assert [s.id for s in textile.segments] == [
        s.id for s in library.segments if s.id != "natural_fibers"
    ]
    assert plan.template("std:pharma_biomedicine") == fp.standard_template("pharma_biomedicine")


def test_the_plan_is_short() -> None:
    """The issue's bound: a county of the library's chains is under 200 lines of TOML."""
    lines = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in DATA.glob("*.toml")}
    assert lines["example-14th.toml"] < 200
    assert lines["example-13th.toml"] < 150


def test_enterprises_and_chains() -> None:
    plan = fp.load(DATA)
    chains = {e.id: e.chains for e in plan.enterprises}
    assert chains == {
        "hualun": ("textile",),
        "jincheng": ("textile",),
        "yishang": ("textile",),
        "jiekang": ("textile", "devices"),
        "kangyuan": ("pharma",),
        "haize": ("pharma",),
        "anhu": ("devices",),
    }
    assert all(c.presence_provenance is fp.Provenance.MODEL for c in plan.chains)
    assert plan.links == (("textile.technical_textiles", "devices.medical_materials"),)
    assert all(t.provenance is fp.Provenance.MODEL for t in plan.templates)


def test_the_audit_finds_the_deliberate_inconsistency_and_accepts_the_other() -> None:
    report = fp.audit(fp.load(DATA))
    assert report.failures == ()
    assert [(f.code, f.plan, f.location) for f in report.findings] == [
        ("G001", "example_13th_sti", "statements.value_added_average_growth")
    ]
    (finding,) = report.findings
    assert finding.severity is fp.Severity.WARNING
    assert "6.75%" in finding.message and "7.73%" in finding.message
    ((accepted, reason),) = report.suppressed
    assert (accepted.code, accepted.plan, accepted.location) == (
        "U001",
        "example_13th_sti",
        "indicators.above_scale_enterprises.observations[1]",
    )
    assert reason == "原文“发展到356”未写单位；按原文保留，不推断单位"
    assert report.exit_code == 0
    # Without the entry, the finding is there.
    unaccepted = fp.audit(fp.loads_plan(_without_audit_ignore(DATA / "example-13th.toml")))
    assert [f.code for f in unaccepted.findings] == ["G001", "U001"]


def _without_audit_ignore(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("[[audit_ignore]]")]


def test_gap_analysis_of_the_chains() -> None:
    plan = fp.load(DATA)
    textile = fp.gap_analysis(plan, "纺织服装")
    assert textile is not None and textile.chain == "textile"
    assert textile.template_provenance is fp.Provenance.MODEL
    assert textile.counts == {"strong": 2, "present": 3, "weak": 0, "linked": 0, "missing": 9}
    assert "natural_fibers" not in {g.segment for g in textile.gaps}
    assert textile.gaps[0].segment == "chemical_fibers"
    pharma = fp.gap_analysis(plan, "医药制造")
    assert pharma is not None
    assert pharma.counts == {"strong": 2, "present": 1, "weak": 0, "linked": 0, "missing": 11}
    # The library's 中成药 and 生物药品 are core segments without a local firm in a chain that
    # has firms (化学药品制剂): 补链.
    filled = {g.segment for g in pharma.gaps if g.label == "补链"}
    assert {"tcm_patent", "biologics"} <= filled
    devices = fp.gap_analysis(plan, "医疗器械")
    assert devices is not None
    assert {g.segment: g.label for g in devices.gaps}["consumables"] == "强链"
    for analysis in (textile, pharma, devices):
        assert [g.rank for g in analysis.gaps] == list(range(1, len(analysis.gaps) + 1))
        assert all(g.reasons for g in analysis.gaps)


def test_review_of_the_previous_plan() -> None:
    rows = {r.indicator: r for r in fp.review(fp.load(DATA))}
    assert rows["industrial_output"].achieved is False
    assert rows["high_tech_enterprises"].achieved is True


def test_batch_lines_up_with_dongkou_by_standard() -> None:
    result = fp.evaluate_many([fp.load("dongkou"), fp.load(DATA)])
    shared = {
        std
        for std, found in result.aligned().items()
        if set(found) == {"dongkou_14th_sti", "example_14th_sti"}
    }
    assert len(shared) >= 5
    assert {
        "industrial_output",
        "above_scale_value_added",
        "fiscal_st_spending",
        "rd_intensity",
        "high_tech_enterprises",
        "industrial_energy_intensity",
        "tech_contract_turnover",
    } <= shared
    out = CliRunner().invoke(main, ["batch", "dongkou", str(DATA), "--by-standard"])
    assert out.exit_code == 0, out.output
    assert "tech_contract_turnover" in out.output and "数据不足（tech_contracts）" in out.output


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_renders(fmt: str) -> None:
    out = CliRunner().invoke(main, ["report", str(DATA), "--format", fmt])
    assert out.exit_code == 0, out.output
    for text in (
        "示例县科技和工业“十四五”发展规划（2021-2025年）",
        "纺织服装",
        "医药制造",
        "医疗器械",
        "6.8:52.4:40.8",
        "58家（2020，取自十三五规划）",
        "G001",
    ):
        assert text in out.output, text


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


@pytest.mark.parametrize("page", [*PAGES, CLI_EXAMPLES], ids=_rel)
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


def test_the_docs_page_is_the_report_with_its_maps_drawn() -> None:
    """docs/example-county.md includes the page docs/_ext/fyp_docs.py makes from the report."""
    pytest.importorskip("sphinx")
    spec = importlib.util.spec_from_file_location("fyp_docs", DOCS / "_ext" / "fyp_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = module.example_markdown()
    assert page.startswith("# 示例县规划报告 Example county report\n")
    assert "```mermaid" not in page and page.count('<div class="fyp-template-map"') == 3
    report = fp.report_markdown(fp.load(DATA))
    # The report's sections, one level down; its tables as they are.
    assert "\n## 示例县科技和工业“十四五”发展规划（2021-2025年）\n" in page
    assert "\n### 指标与目标 Indicators and targets\n" in page
    assert "\n#### 纺织服装\n" in page and "\n### 产业链 Industrial chains\n" in page
    table = report.split("## 指标与目标 Indicators and targets\n")[1].split("\n## ")[0]
    assert table in page
    assert "_generated/example-county.md" in (DOCS / "example-county.md").read_text("utf-8")
