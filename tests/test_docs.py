"""The Sphinx documentation: every public name is on the API pages once, the generated pages'
tables have headers, the screenshots are small and described, and the site builds — the
tutorial notebook (docs/tutorial/analyst.md) executed in it, a failing cell failing it.

The build tests need the ``docs`` extra (``pip install -e ".[docs]"``; the ``test`` extra
includes it) and are skipped without it; CI runs both Sphinx builders itself as well.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

import fyp_planning
import fyp_planning.cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: The API reference: an index and one page per topic.
API_PAGES = sorted((DOCS / "api").glob("*.rst"))

#: A directive that documents a name on the API page (``.. autofunction:: cagr``).
_DIRECTIVE = re.compile(
    r"^\.\. (?:auto)?(?:function|class|exception|data|attribute|method)::\s+"
    r"(?:fyp_planning\.)?(?P<name>[\w.]+)",
    re.MULTILINE,
)


def _documented() -> Counter[str]:
    """How many times each name is documented on the API pages."""
    return Counter(
        name for page in API_PAGES for name in _DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    )


def test_every_public_name_is_documented() -> None:
    assert len(API_PAGES) >= 10 and DOCS / "api" / "index.rst" in API_PAGES
    missing = sorted(set(fyp_planning.__all__) - set(_documented()))
    assert not missing, f"add these public names to a page of docs/api/: {', '.join(missing)}"


def test_every_public_name_is_documented_once() -> None:
    twice = sorted(n for n, k in _documented().items() if k > 1 and n in fyp_planning.__all__)
    assert not twice, f"documented on more than one API page: {', '.join(twice)}"


def test_every_api_page_is_in_the_index() -> None:
    index = (DOCS / "api" / "index.rst").read_text(encoding="utf-8")
    toctree = index.split(".. toctree::", 1)[1]
    listed = {line.strip() for line in toctree.splitlines()[1:] if line.startswith("   ")}
    pages = {p.stem for p in API_PAGES if p.stem != "index"}
    assert pages <= listed, f"not in docs/api/index.rst's toctree: {sorted(pages - listed)}"


def _commands(group: click.Group, path: str) -> Iterator[str]:
    """The path of every command under ``group`` that is not itself a group."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}"


def test_every_command_has_an_example() -> None:
    """docs/cli-examples.md has one section per command, no more (the docs build puts each
    under its command; tests/test_example_plugin.py runs them)."""
    main = fyp_planning.cli.main
    text = (DOCS / "cli-examples.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    commands = set(_commands(main, "fyp"))
    assert len(headings) == len(set(headings)), "a command has two example sections"
    assert set(headings) == commands, (
        f"without an example: {sorted(commands - set(headings))}; "
        f"not a command: {sorted(set(headings) - commands)}"
    )
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        command = section.split("\n", 1)[0]
        assert f"```console\n$ {command}" in section, f"{command}: no session of it"


_DOCS_DEPS = ("sphinx", "furo", "myst_nb", "ipykernel", "sphinx_click", "pandas", "duckdb")
_needs_docs = pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in _DOCS_DEPS),
    reason='needs the docs extra: pip install -e ".[docs]"',
)


@pytest.fixture(scope="module")
def html_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The HTML docs, built once for the tests below (tutorial notebook executed), and the
    build's process (its return code and log)."""
    out = tmp_path_factory.mktemp("docs")
    # A separate process: Sphinx and its extensions keep global state, and this suite turns
    # every Python warning into an error.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return out, result


@_needs_docs
def test_html_docs_build_without_warnings(
    html_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    tmp_path, result = html_build
    assert result.returncode == 0, result.stderr[-5000:]
    assert (tmp_path / "html" / "api" / "index.html").is_file()
    dongkou = (tmp_path / "html" / "dongkou.html").read_text(encoding="utf-8")
    assert "工业总产值" in dongkou and "特色食品" in dongkou
    assert dongkou.count('<img alt="洞口县') == 2
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert index.count('<img alt="洞口县') == 2
    cli = (tmp_path / "html" / "cli.html").read_text(encoding="utf-8")
    assert cli.count("示例 Example") == len(set(_commands(fyp_planning.cli.main, "fyp")))
    zh = (tmp_path / "html" / "zh" / "quickstart.html").read_text(encoding="utf-8")
    assert '<html class="no-js" lang="zh-CN"' in zh and 'placeholder="搜索"' in zh
    assert "下一页" in zh and "<title>目录</title>" in zh and "Back to top" not in zh
    assert 'lang="en"' in index and "Back to top" in index


#: pandas' HTML view of a DataFrame, as the built page holds it.
_DATAFRAME = re.compile(r'<table[^>]*class="dataframe[^"]*">.*?</table>', re.S)


@_needs_docs
def test_the_tutorial_notebook_runs_in_the_docs_build(
    html_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """docs/tutorial/analyst.md is executed by the build: the page holds the outputs the code
    gives today — pandas' HTML tables, the plan's own table view, the fyp batch summary, the
    DuckDB query — and no traceback or stderr; the guides link to it."""
    out, result = html_build
    assert result.returncode == 0, result.stderr[-5000:]
    page = (out / "html" / "tutorial" / "analyst.html").read_text(encoding="utf-8")
    assert "<title>分析师教程" in page
    source = (DOCS / "tutorial" / "analyst.md").read_text(encoding="utf-8")
    assert page.count('class="cell docutils container"') == source.count("```{code-cell}")
    frames = _DATAFRAME.findall(page)
    assert len(frames) >= 10
    # assess → DataFrame, grouped by verdict; the DuckDB query over the batch's Arrow table
    assert any("verdict_label" in f and "进展显著" in f for f in frames)
    assert any("mean_ratio" in f and "rd_intensity" in f for f in frames)
    assert any("indicator_name" in f and "工业总产值" in f for f in frames)
    assert re.search(r"class=['\"]fyp-", page), "the plan's own HTML view is not shown"
    assert "批量进展评估 batch progress：10个规划 plans" in page  # fyp batch ran
    for failure in ("output traceback", "output stderr", "Traceback (most recent call last)"):
        assert failure not in page
    html = out / "html"
    assert 'href="tutorial/analyst.html"' in (html / "index.html").read_text(encoding="utf-8")
    started = (html / "getting-started.html").read_text(encoding="utf-8")
    assert 'href="tutorial/analyst.html"' in started
    zh = (html / "zh" / "quickstart.html").read_text(encoding="utf-8")
    assert 'href="../tutorial/analyst.html"' in zh


def _notebook_settings() -> str:
    """The myst-nb settings of docs/conf.py (its ``nb_*`` assignments), as source."""
    import ast

    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    return "\n".join(
        ast.get_source_segment(conf, node) or ""
        for node in ast.parse(conf).body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id.startswith("nb_") for t in node.targets)
    )


@_needs_docs
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('raise ValueError("the tutorial is stale")', "ExecutionError"),
        (
            'import sys; print("deprecated", file=sys.stderr)',
            "stderr was found in the cell outputs",
        ),
    ],
    ids=["exception", "stderr"],
)
def test_a_failing_notebook_cell_fails_the_docs_build(
    tmp_path: Path, cell: str, expected: str
) -> None:
    """With the docs' own myst-nb settings, a cell that raises, or writes to stderr (a
    warning), fails ``sphinx-build -W`` and names the notebook: a notebook can never go stale
    silently."""
    settings = _notebook_settings()
    assert "nb_execution_raise_on_error = True" in settings
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f'extensions = ["myst_nb"]\n{settings}\n', encoding="utf-8")
    (src / "index.md").write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n"
        f"---\n\n# Stale\n\n```{{code-cell}} ipython3\n{cell}\n```\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert expected in result.stderr and "index.md" in result.stderr


def _fyp_docs() -> Any:
    """docs/_ext/fyp_docs.py, the docs' Sphinx glue (it imports Sphinx)."""
    pytest.importorskip("sphinx")
    spec = importlib.util.spec_from_file_location("fyp_docs", DOCS / "_ext" / "fyp_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_screenshots_are_small_pngs_with_alt_text() -> None:
    """The pictures of docs/index.md and the Dongkou page are checked in (the build needs no
    browser), PNG, under 200 KB, and each described by its alt text in both languages."""
    fyp_docs = _fyp_docs()
    folder = DOCS / "_static" / "screenshots"
    shown = {name for name, *_ in fyp_docs.SCREENSHOTS}
    assert shown == {p.name for p in folder.glob("*.png")}, "a screenshot not shown, or missing"
    for name, _, alt, caption in fyp_docs.SCREENSHOTS:
        data = (folder / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert len(data) < 200_000, f"{name}: {len(data)} bytes"
        assert re.search(r"[\u4e00-\u9fff]", alt) and re.search(r"[A-Za-z]{4}", alt), name
        assert caption
    page = fyp_docs.screenshots_markdown()
    assert page.count("```{figure} /_static/screenshots/") == len(shown)
    assert page.count("\n:alt: ") == len(shown)
    assert "_generated/screenshots.md" in (DOCS / "index.md").read_text(encoding="utf-8")
    assert "```{figure} /_static/screenshots/" in fyp_docs.dongkou_markdown()


def test_generated_tables_name_every_column() -> None:
    """The Dongkou page's tables had an empty header (issue 17); a generated table may not."""
    fyp_docs = _fyp_docs()
    page = fyp_docs.dongkou_markdown()
    rows = page.splitlines()
    heads = [rows[i] for i in range(len(rows) - 1) if rows[i + 1].startswith("|---")]
    assert heads, "the page has tables"
    for head in heads:
        cells = [c.strip() for c in head.strip("|").split("|")]
        assert all(cells), f"a column without a header: {head}"
    assert "| id | 环节 segment | 位置 stage | 核心 core |" in page
    with pytest.raises(ValueError, match="without a header"):
        fyp_docs._table(["id", ""], [["a", "b"]])


def test_chinese_pages_get_chinese_theme_strings() -> None:
    fyp_docs = _fyp_docs()
    context: dict[str, Any] = {}
    fyp_docs._chinese_theme(None, "zh/quickstart", "page.html", context, None)
    assert context["language"] == "zh-CN"
    zh = context["gettext"]
    assert (zh("Search"), zh("Next"), zh("Previous"), zh("Contents")) == (
        "搜索",
        "下一页",
        "上一页",
        "目录",
    )
    assert zh("Index") == "索引" and zh("no such string") == "no such string"
    english: dict[str, Any] = {}
    fyp_docs._chinese_theme(None, "getting-started", "page.html", english, None)
    assert english == {}
