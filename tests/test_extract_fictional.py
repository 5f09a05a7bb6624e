"""``fyp extract`` on the three fictional county documents (tests/data/extract/, README there),
scored against their hand-written truth folders: the measures of issue 19 hold on each layout —
a text table with 〔〕 figures over the period (清水县), a goals paragraph only in GB18030
(河西县), a .docx with a real Word table (南山县)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from extraction_score import score
from fyp_planning.cli import main

DATA = Path(__file__).parent / "data" / "extract"
EXAMPLE = Path(__file__).parents[1] / "docs" / "examples" / "extract" / "shixi.txt"
#: The goal of issue 19: at least 85 % of the facts, at most 5 % wrong.
RECALL_FLOOR, WRONG_CEILING = 0.85, 0.05


@pytest.mark.parametrize(
    "document", ["qingshui/qingshui.txt", "hexi/hexi.txt", "nanshan/nanshan.docx"]
)
def test_the_draft_of_a_fictional_county_holds_its_facts(document: str, tmp_path: Path) -> None:
    if document.endswith(".docx"):
        pytest.importorskip("docx")
    source = DATA / document
    out = tmp_path / "draft"
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    draft = fp.load(str(out))
    measured = score(draft, fp.load(str(source.parent / "truth")))
    print(f"\n{document}: {measured.summary()}")
    assert measured.recall >= RECALL_FLOOR, measured.report()
    assert measured.wrong_share <= WRONG_CEILING, measured.report()
    # the draft audits as it is, and points at the document's deliberate inconsistencies
    # (README there) — all but 河西县's V001, whose second value (“仅84家”, no year in its
    # sentence) the extractor leaves out
    found = sorted(f.code for f in fp.audit(draft).findings)
    assert (
        found == {"qingshui": ["G001", "V002"], "hexi": [], "nanshan": ["T002"]}[source.parent.name]
    )


def test_a_pdf_text_layer_drafts_what_its_text_does_but_the_table(tmp_path: Path) -> None:
    """A real text layer (tests/data/extract/pdf, README there): radicals read as ideographs,
    every sentence's facts as from the text; the table, which the text layer gives one cell a
    line without its empty cells, is not read as a table — its figures are listed for review,
    none lost (a next slice of issue 19)."""
    pytest.importorskip("pypdf")
    drafts = {}
    for name, document in (("pdf", DATA / "pdf" / "shixi.pdf"), ("txt", EXAMPLE)):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["extract", str(document), "-o", str(out)])
        assert result.exit_code == 0, result.output
        drafts[name] = out
    measured = score(fp.load(str(drafts["pdf"])), fp.load(str(drafts["txt"])))
    missed = sorted((f.category, f.name) for f in measured.missed)
    assert measured.wrong_share == 0 and missed == [
        ("observation", "工业总产值"),
        ("target", "单位工业增加值能耗"),
        ("target", "工业总产值"),
    ], measured.report()
    review = (drafts["pdf"] / "extract-review.md").read_text("utf-8")
    for cell in ("| 81 |", "| 125 |", "| 〔14〕 |"):
        assert cell in review
    assert "工业总产值" in (drafts["pdf"] / "previous.toml").read_text("utf-8")  # not ⼯业


def test_extract_plan_in_python_is_the_command_and_its_review_list_a_table(
    tmp_path: Path,
) -> None:
    pytest.importorskip("pandas")
    from test_tables import frames_match_their_schema

    source = DATA / "qingshui" / "qingshui.txt"
    extraction = fp.extract_plan(source)
    frames_match_their_schema(extraction)
    table = extraction.to_table()
    assert len(table) == len(extraction.reviews)
    written = extraction.write(tmp_path / "py")
    assert sorted(p.name for p in written) == ["extract-review.md", "plan.toml", "previous.toml"]
    result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    for name in ("plan.toml", "previous.toml", "extract-review.md"):
        assert (tmp_path / "py" / name).read_text("utf-8") == (tmp_path / "cli" / name).read_text(
            "utf-8"
        )
    review = (tmp_path / "py" / "extract-review.md").read_text("utf-8")
    for row in table.rows():
        assert f"| {row['line']} |" in review and row["sentence"][:20] in review
