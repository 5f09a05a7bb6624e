"""The fictional plan documents of tests/data/extract/ and their hand-written truth (issue 19).

`fyp extract` is scored against these truth folders, so they must be right: each loads, its
audit finds exactly the inconsistencies the documents carry on purpose (listed in the folder's
README.md), every figure of a truth file is in its document, and the .docx is what
scripts/make_extract_fixtures.py writes.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import fyp_planning as fp

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "extract"
SCRIPT = ROOT / "scripts" / "make_extract_fixtures.py"

#: Each fixture: its document, and the findings its audit must give — (code, plan id, location),
#: exactly these and no others. tests/data/extract/README.md lists the same.
DELIBERATE: dict[str, tuple[str, frozenset[tuple[str, str, str]]]] = {
    "qingshui": (
        "qingshui.txt",
        frozenset(
            {
                ("G001", "qingshui_13th", "statements.output_average_growth"),
                ("V002", "qingshui_13th", "statements.key_projects_total"),
            }
        ),
    ),
    "hexi": (
        "hexi.txt",
        frozenset({("V001", "hexi_13th", "indicators.above_scale_enterprises.observations")}),
    ),
    "nanshan": (
        "nanshan.docx",
        frozenset({("T002", "nanshan_14th", "indicators.industrial_output.targets[0]")}),
    ),
}
FIXTURES = sorted(DELIBERATE)


def _truth(name: str) -> Path:
    return DATA / name / "truth"


def _document(name: str) -> Path:
    return DATA / name / DELIBERATE[name][0]


# -- reading the documents ------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A fixture document: its text (a .docx's paragraphs, then its table cells) and its tables,
    each a tuple of rows of cells, in document order."""

    text: str
    tables: tuple[tuple[tuple[str, ...], ...], ...]


def _docx_content(path: Path) -> tuple[list[tuple[str, str]], list[list[list[str]]]]:
    """(style, text) of every paragraph, and every table's cells: what the test compares."""
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _text_tables(lines: list[str]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The Dongkou document's text tables: a row is a run of tab-prefixed lines (one cell each),
    rows are separated by blank lines, and a line that is neither ends the table."""
    tables: list[list[tuple[str, ...]]] = []
    row: list[str] = []
    inside = False
    for line in [*lines, "end"]:
        if line.startswith("\t"):
            if not inside:
                tables.append([])
                inside = True
            row.append(line[1:])
        elif row:
            tables[-1].append(tuple(row))
            row = []
        if inside and line.strip() and not line.startswith("\t"):
            inside = False
    return tuple(tuple(t) for t in tables)


def _read(name: str) -> Document:
    path = _document(name)
    if path.suffix == ".docx":
        paragraphs, tables = _docx_content(path)
        cells = (c for t in tables for row in t for c in row)
        return Document(
            text="\n".join([*(t for _, t in paragraphs), *cells]),
            tables=tuple(tuple(tuple(row) for row in t) for t in tables),
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return Document(text=text, tables=_text_tables(text.splitlines()))


def _norm(text: str) -> str:
    """Compatibility forms (full-width digits and letters) folded, all whitespace removed: the
    documents break lines inside sentences, as the Dongkou document does."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# -- walking a truth file -------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One quantitative fact of a truth file, as the file writes it."""

    where: str  # its key path, for messages
    kind: str  # observation, target, statement, project
    item: dict[str, Any]
    indicator: dict[str, Any] | None


def _facts(path: Path) -> Iterator[Fact]:
    plan = tomllib.loads(path.read_text(encoding="utf-8"))
    for ind_id, ind in plan.get("indicators", {}).items():
        for n, obs in enumerate(ind.get("observations", [])):
            yield Fact(f"indicators.{ind_id}.observations[{n}]", "observation", obs, ind)
        for n, target in enumerate(ind.get("targets", [])):
            yield Fact(f"indicators.{ind_id}.targets[{n}]", "target", target, ind)
    for st_id, st in plan.get("statements", {}).items():
        yield Fact(f"statements.{st_id}", "statement", st, None)
    for pr_id, pr in plan.get("projects", {}).items():
        yield Fact(f"projects.{pr_id}", "project", pr, None)


def _truth_files(name: str) -> list[Path]:
    return [_truth(name) / "plan.toml", _truth(name) / "previous.toml"]


def _figures(fact: Fact) -> list[str | int | float]:
    """The figures the fact states: values, rates, changes, investments."""
    keys = ("value", "rate", "by", "investment", "factor")
    return [fact.item[k] for k in keys if k in fact.item]


def _in_order(pieces: list[str], text: str) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _number(value: int | float) -> str:
    return f"{value:g}"


#: 翻一番 is a total growth of 100% (the level doubles), 翻两番 of 300%: the words are the figure.
_DOUBLINGS = {"翻一番": "100%", "翻两番": "300%"}


def _figure_in_text(fact: Fact, figure: str | int | float) -> bool:
    """The figure, as written, in the fact's own text, not inside a longer number."""
    text = _norm(fact.item["text"])
    if isinstance(figure, (int, float)):
        unit = fact.indicator["unit"] if fact.indicator else ""
        written = _norm(f"{_number(figure)}{unit}")
    else:
        written = _norm(figure)
    if re.search(rf"(?<![\d.]){re.escape(written)}", text):
        return True
    return fact.kind == "statement" and any(
        words in text and written == rate for words, rate in _DOUBLINGS.items()
    )


_ROW = re.compile(r"表(\d+)第(\d+)行$")


def _table_row(document: Document, source: str) -> dict[str, str]:
    """The row a ``…表N第M行`` source names — the document's Nth table, the row whose 序号 is M —
    keyed by the header's cells."""
    match = _ROW.search(source)
    assert match, f"a fact without text must come from a table row, got source {source!r}"
    header, *rows = document.tables[int(match[1]) - 1]
    [row] = [r for r in rows if r[0] == match[2]]
    return dict(zip(header, row, strict=True))


def _check_table_fact(fact: Fact, document: Document) -> None:
    """A table figure is in its row: a value in the 2020/基期 column (observations) or the
    2025/目标 column (targets) in the row's unit, a five-year total as 〔n〕, an annual growth in
    the 年均增速 column."""
    row = _table_row(document, fact.item["source"])
    ind = fact.indicator
    assert ind is not None
    assert row["指标"].startswith(ind["name"]), (fact.where, row["指标"], ind["name"])
    base = row.get("2020年", row.get("基期值"))
    goal = row.get("2025年", row.get("目标值"))
    item = fact.item
    kind = item.get("kind", "observation" if fact.kind == "observation" else None)
    if kind in ("observation", "level", "rate"):
        assert row["单位"] == ind["unit"], (fact.where, row["单位"], ind["unit"])
        cell = base if kind == "observation" else goal
        assert cell == _number(item["value"]), (fact.where, cell, item["value"])
    elif kind == "change":  # a five-year total of additions
        assert row["单位"] == ind["unit"], (fact.where, row["单位"], ind["unit"])
        assert goal == f"〔{_number(item['by'])}〕", (fact.where, goal, item["by"])
    elif kind == "reduction" and item.get("annual") is False:  # a fall over the five years
        assert row["单位"] == "%", (fact.where, row["单位"])
        assert goal == f"〔{item['rate'].removesuffix('%')}〕", (fact.where, goal, item["rate"])
    elif kind == "growth":
        assert row["年均增速"] == item["rate"], (fact.where, row["年均增速"], item["rate"])
    else:
        raise AssertionError(f"{fact.where}: no rule for a table fact of kind {kind!r}")


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_truth_loads_and_the_audit_finds_exactly_the_deliberate_inconsistencies(
    name: str,
) -> None:
    plan = fp.load(_truth(name))
    assert plan.predecessor is not None  # the review chapter is its own file, as Dongkou's
    report = fp.audit(plan)
    found = [(f.code, f.plan, f.location) for f in report.findings]
    assert sorted(found) == sorted(DELIBERATE[name][1])
    assert not report.failures


@pytest.mark.parametrize("name", FIXTURES)
def test_the_readme_names_each_deliberate_inconsistency(name: str) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"## {name}/", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| ([A-Z]\d{3}) \| `(\w+)` \| `([^`]+)` \|", section, re.M))
    assert listed == DELIBERATE[name][1]


def test_the_readme_says_the_fixtures_are_fictional() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "虚构" in readme and "fictional" in readme
    for name in FIXTURES:
        for path in _truth_files(name):
            assert "fictional" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FIXTURES)
def test_every_figure_of_the_truth_is_in_the_document(name: str) -> None:
    document = _read(name)
    text = _norm(document.text)
    checked = 0
    for path in _truth_files(name):
        for fact in _facts(path):
            figures = _figures(fact)
            if "text" in fact.item:
                pieces = [_norm(p) for p in fact.item["text"].split("……") if p]
                assert _in_order(pieces, text), f"{path.name} {fact.where}: text not in document"
                for figure in figures:
                    assert _figure_in_text(fact, figure), f"{path.name} {fact.where}: {figure!r}"
            else:
                assert figures, f"{path.name} {fact.where}: neither a text nor a figure"
                _check_table_fact(fact, document)
            checked += 1
    assert checked >= 25  # each fixture states dozens of facts: the walk found them


def _uncovered_numbers(name: str) -> list[str]:
    """The numbers of the document that no truth fact accounts for, each with its context.

    A number is accounted for when it lies in a fact's text, or in a table row a fact cites
    (``表N第M行``) — or when it is no fact: a year (2020年, 2021-2025), an item's number (1、, 1．),
    a table's number (表1)."""
    document = _read(name)
    text = _norm(document.text)
    covered = bytearray(len(text))

    def cover(piece: str) -> None:
        for match in re.finditer(re.escape(piece), text):
            covered[match.start() : match.end()] = b"\x01" * len(piece)

    cited: set[tuple[int, str]] = set()
    for path in _truth_files(name):
        for fact in _facts(path):
            for piece in fact.item.get("text", "").split("……"):
                if piece:
                    cover(_norm(piece))
            if row := _ROW.search(fact.item.get("source", "")):
                cited.add((int(row[1]), row[2]))
    for number, table in enumerate(document.tables, start=1):
        for row in table[1:]:
            if (number, row[0]) in cited:
                cover(_norm("".join(row)))
    left = []
    for match in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?", text):
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        year = re.fullmatch(r"(19|20)\d\d", match[0]) and after in ("年", "-")
        numbering = after in ("、", ".") or before == "表"
        if not (any(covered[match.start() : match.end()]) or year or numbering):
            left.append(text[max(match.start() - 10, 0) : match.end() + 6])
    return left


@pytest.mark.parametrize("name", FIXTURES)
def test_every_number_of_the_document_is_in_the_truth(name: str) -> None:
    """The other way round: the truth leaves out no figure the document states (and every row
    of a table is cited by a fact)."""
    assert _uncovered_numbers(name) == []


def test_a_figure_the_truth_leaves_out_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard can fail: without the facts of previous.toml, the review chapter's figures
    are not accounted for."""
    monkeypatch.setattr(
        sys.modules[__name__], "_truth_files", lambda name: [_truth(name) / "plan.toml"]
    )
    left = _uncovered_numbers("hexi")
    assert any("48.5亿元" in context for context in left)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_item_of_the_truth_has_its_source(name: str) -> None:
    for path in _truth_files(name):
        plan = tomllib.loads(path.read_text(encoding="utf-8"))
        for fact in _facts(path):
            assert fact.item.get("source"), f"{path.name} {fact.where}"
        for table in ("indicators", "enterprises", "parks", "chains"):
            for item_id, item in plan.get(table, {}).items():
                assert item.get("source"), f"{path.name} {table}.{item_id}"
        for chain_id, chain in plan.get("chains", {}).items():
            for n, direction in enumerate(chain.get("directions", [])):
                assert direction.get("source"), f"{path.name} chains.{chain_id}.directions[{n}]"


def test_a_table_figure_that_is_not_in_its_row_is_caught() -> None:
    """The guard can fail: a table value changed in the truth no longer matches its cell."""
    document = _read("qingshui")
    ind = {"name": "规模工业总产值", "unit": "亿元"}
    good = {"period": 2020, "value": 132.5, "source": "第二章第三节表1第1行"}
    _check_table_fact(Fact("x", "observation", good, ind), document)
    with pytest.raises(AssertionError):
        _check_table_fact(Fact("x", "observation", {**good, "value": 132.6}, ind), document)
    with pytest.raises(AssertionError):  # the right number in another row's unit
        _check_table_fact(
            Fact("x", "observation", good, {"name": "规模工业总产值", "unit": "万元"}), document
        )


def test_a_figure_inside_a_longer_number_does_not_count() -> None:
    fact = Fact("x", "observation", {"text": "企业达到130家"}, {"unit": "家"})
    assert _figure_in_text(fact, "130家")
    assert not _figure_in_text(fact, "30家")
    assert not _figure_in_text(fact, 30)


def test_qingshui_is_utf8_with_a_text_table_of_cumulative_targets() -> None:
    raw = (DATA / "qingshui" / "qingshui.txt").read_bytes()
    raw.decode("utf-8")
    [table] = _read("qingshui").tables
    assert table[0] == ("序号", "指标", "单位", "2020年", "2025年", "属性")
    assert {row[-1] for row in table[1:]} == {"约束性", "预期性"}
    assert sum(row[4].startswith("〔") for row in table[1:]) == 2


def test_hexi_is_gb18030_and_has_no_table() -> None:
    raw = (DATA / "hexi" / "hexi.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "到2025年，全县规模工业总产值达到150亿元" in raw.decode("gb18030")
    assert _read("hexi").tables == ()


@pytest.mark.parametrize("name", FIXTURES)
def test_each_document_is_60_to_150_lines(name: str) -> None:
    path = _document(name)
    if path.suffix == ".docx":
        paragraphs, tables = _docx_content(path)
        lines = len(paragraphs) + sum(len(t) for t in tables)
    else:
        lines = len(_read(name).text.splitlines())
    assert 60 <= lines <= 150


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_extract_fixtures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docx_is_what_the_script_writes(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    fresh = _script().write_nanshan(tmp_path / "nanshan.docx")
    assert _docx_content(fresh) == _docx_content(_document("nanshan"))


def test_the_docx_has_a_real_word_table_and_headings() -> None:
    paragraphs, tables = _docx_content(_document("nanshan"))
    [table] = tables
    assert table[0] == ["序号", "指标", "单位", "基期值", "目标值", "年均增速", "属性"]
    assert len(table) == 9
    assert ("Heading 1", "第二章　总体要求与发展目标") in paragraphs
    assert not any("\t" in text for _, text in paragraphs)  # no table laid out as text
