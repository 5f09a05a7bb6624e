"""Tidy tables (issue 20): columns declared once, checked, and the same table in pandas, Arrow,
Parquet and CSV with the documented dtypes."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

import fyp_planning as fp
from fyp_planning.tables import Column, Schema, Tabular

S = Schema(
    "demo",
    "一行一项",
    "one row an item",
    (
        Column("name", "string", "名称", "name"),
        Column("count", "int64", "数量", "count"),
        Column("value", "float64", "数值", "value"),
        Column("ok", "bool", "是否", "yes or no"),
    ),
)
ROWS = [("甲", 2, 1.5, True), ("乙", None, None, None), (None, 0, 3, False)]


def test_a_table_keeps_its_rows_and_columns() -> None:
    t = S.table(ROWS)
    assert len(t) == 3 and t.names == ("name", "count", "value", "ok")
    assert t.column("count") == (2, None, 0)
    assert t.rows()[1] == {"name": "乙", "count": None, "value": None, "ok": None}


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([("甲", 2, 1.5)], "row 0 has 3 values, expected 4"),
        ([("甲", "2", 1.5, True)], "count (int64) holds '2'"),
        ([("甲", 2, "1.5", True)], "value (float64) holds '1.5'"),
        ([("甲", True, 1.5, True)], "count holds a bool"),
        ([(1, 2, 1.5, True)], "name (string) holds 1"),
    ],
)
def test_a_row_of_the_wrong_shape_or_type_is_refused(rows: list[Any], said: str) -> None:
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        S.table(rows)


def test_columns_must_match_the_schema() -> None:
    with pytest.raises(ValueError, match="expected"):
        S.from_columns({"name": ["甲"]})


def test_to_pandas_has_the_documented_dtypes() -> None:
    pd = pytest.importorskip("pandas")
    df = S.table(ROWS).to_pandas()
    assert list(df.columns) == list(S.names)
    assert [str(df[c].dtype) for c in df.columns] == ["string", "Int64", "float64", "boolean"]
    assert df["count"].isna().tolist() == [False, True, False]
    assert pd.isna(df.loc[1, "value"]) and df.loc[2, "value"] == 3.0


def test_to_arrow_and_parquet_are_typed_by_the_schema(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    t = S.table(ROWS)
    table = t.to_arrow()
    assert table.schema.types == [pa.string(), pa.int64(), pa.float64(), pa.bool_()]
    assert table.column("value").to_pylist() == [1.5, None, 3.0]
    t.to_parquet(tmp_path / "t.parquet")
    assert pq.read_table(tmp_path / "t.parquet").equals(table)


def test_to_csv_writes_empty_cells_where_missing(tmp_path: Path) -> None:
    buffer = io.StringIO()
    S.table(ROWS).to_csv(buffer)
    assert buffer.getvalue().splitlines() == [
        "name,count,value,ok",
        "甲,2,1.5,True",
        "乙,,,",
        ",0,3,False",
    ]
    S.table(ROWS).to_csv(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == buffer.getvalue()
    with pytest.raises(fp.WriteError):
        S.table(ROWS).to_csv(tmp_path / "no" / "such" / "t.csv")


def test_a_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(fp.OptionalDependencyError, match=r"fyp-planning\[pandas\]"):
        S.table(ROWS).to_pandas()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(fp.OptionalDependencyError, match=r"fyp-planning\[parquet\]"):
        S.table(ROWS).to_arrow()


def test_an_unknown_table_name_is_refused_with_the_names() -> None:
    report = fp.audit(fp.load("dongkou"))
    with pytest.raises(ValueError, match="no table 'gaps'; the tables are: audit"):
        report.to_table("gaps")


def test_the_audit_table_is_every_finding_accepted_finding_and_checked_item() -> None:
    report = fp.audit(fp.load("dongkou"))
    t = report.to_table()
    assert len(t) == len(report.findings) + len(report.suppressed) + len(report.checked)
    outcome = t.column("outcome")
    assert outcome.count("error") == len(report.by_severity(fp.Severity.ERROR))
    assert outcome.count("not_checked") == len(report.not_checked)
    first = t.rows()[0]
    f = report.findings[0]
    assert (first["code"], first["location"], first["message"]) == (f.code, f.location, f.message)
    assert first["sources"] == "；".join(f.sources) and first["accepted"] is False


def test_every_public_result_with_tables_converts_each_of_them() -> None:
    classes = [getattr(fp, n) for n in fp.__all__]
    tabular = [c for c in classes if isinstance(c, type) and issubclass(c, Tabular)]
    assert {c.__name__ for c in tabular} >= {"AuditReport", "BatchResult"}
    for c in tabular:
        assert c.TABLES, c
        for schema in c.TABLES:
            assert schema.names and len(set(schema.names)) == len(schema.names)
            for col in schema.columns:
                assert col.name.isascii() and col.zh and col.en, (c, col)


def test_the_batch_table_is_its_records() -> None:
    result = fp.evaluate_many([fp.load("dongkou")])
    assert result.to_table().rows() == result.to_records()
    from fyp_planning.evaluation.batch import RECORD_COLUMNS

    assert result.to_table().names == RECORD_COLUMNS
    assert len(result.to_table()) == len(result)


def test_a_table_shows_in_a_notebook_as_escaped_html() -> None:
    from html.parser import HTMLParser

    from fyp_planning import tables

    rows = [("<script>alert(1)</script>", i, 1.0, True) for i in range(tables.SHOWN_ROWS + 3)]
    html = S.table(rows)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<tr>") == tables.SHOWN_ROWS + 1  # the header and the rows shown
    assert "另有3行 (3 more rows)" in html

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.th: list[str] = []
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.open.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.open.pop() == tag  # well nested

        def handle_data(self, data: str) -> None:
            if self.open and self.open[-1] == "th":
                self.th.append(data)

    parser = Cells()
    parser.feed(html)
    assert parser.th == list(S.names) and parser.open == []


def test_a_result_shows_its_registered_view_else_its_table() -> None:
    from fyp_planning.tables import register_display

    class Shown(Tabular):
        TABLES = (S,)

        def _table_rows(self, name: str) -> list[Any]:
            return ROWS

    class Drawn(Shown):
        pass

    assert Shown()._repr_html_().startswith("<table class='fyp-table'>")
    assert Shown()._repr_svg_() is None
    register_display(Drawn, html=lambda r: "<p>图</p>", svg=lambda r: "<svg/>")
    assert (Drawn()._repr_html_(), Drawn()._repr_svg_()) == ("<p>图</p>", "<svg/>")
    assert Shown()._repr_html_().startswith("<table")  # a base class keeps its own


# == the plan, its assessments and its review ===================================================

DTYPES = {"string": "string", "int64": "Int64", "float64": "float64", "bool": "boolean"}


def frames_match_their_schema(result: Any) -> None:
    """Every table of ``result`` has its declared columns and dtypes in pandas and Arrow."""
    pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    arrow = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    arrow["bool"] = pa.bool_()
    for schema in type(result).TABLES:
        df = result.to_pandas(schema.name)
        assert list(df.columns) == list(schema.names), schema.name
        assert [str(t) for t in df.dtypes] == [DTYPES[c.dtype] for c in schema.columns]
        assert result.to_arrow(schema.name).schema.types == [arrow[c.dtype] for c in schema.columns]


def test_the_plan_tables_are_its_things_one_row_each() -> None:
    plan = fp.load("dongkou")
    frames_match_their_schema(plan)
    counts = {
        "indicators": len(plan.indicators),
        "observations": len(plan.observations),
        "targets": len(plan.targets),
        "statements": len(plan.statements),
        "enterprises": len(plan.enterprises),
        "projects": len(plan.projects),
        "parks": len(plan.parks),
    }
    assert {s.name: len(plan.to_table(s.name)) for s in plan.TABLES} == counts
    before = plan.predecessor
    assert before is not None
    obs = {
        (r["indicator"], r["period"], r["written"]): r
        for r in before.to_table("observations").rows()
    }
    # 137.1亿元 in 亿元; a figure written without a unit keeps no number, only its text
    assert obs[("industrial_output", "2015", "137.1亿元")]["value"] == 137.1
    bare = obs[("above_scale_value_added", "2020", "31.5")]
    assert bare["value"] is None and bare["unit"] == "亿元"
    projects = before.to_table("projects").rows()
    assert projects and all(r["unit"] == "万元" for r in projects)
    defeng = [r for r in projects if r["project"] == "defeng_medical_project_6599"]
    # the document writes “6599万” (no 元): its text is kept, no number put in 万元 on a guess
    assert (defeng[0]["investment"], defeng[0]["written"]) == (None, "6599万")


def test_targets_keep_their_figure_in_its_own_unit() -> None:
    plan = fp.loads_plan(
        """
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025

[indicators.output]
name = "工业总产值"
unit = "亿元"
targets = [
  { kind = "level", year = 2025, value = "300亿元" },
  { year = 2025, text = "年均增长10%以上" },
]

[indicators.share]
name = "研发投入占GDP比重"
unit = "%"
targets = [{ year = 2025, text = "提高0.5个百分点" }]
"""
    )
    rows = [
        (r["kind"], r["position"], r["value"], r["value_unit"])
        for r in plan.to_table("targets").rows()
    ]
    assert rows == [
        ("level", 0, 300.0, "亿元"),
        ("growth", 1, 10.0, "%"),
        ("change", 0, 0.5, "百分点"),
    ]


def test_assessments_and_review_are_the_tuples_they_were_and_tables() -> None:
    import pickle

    plan = fp.load("dongkou")
    assessed = fp.assess(plan)
    assert isinstance(assessed, fp.Assessments) and assessed == tuple(assessed)
    assert assessed.plan is plan and type(assessed[:2]) is tuple
    frames_match_their_schema(assessed)
    rows = assessed.to_table().rows()
    assert len(rows) == len(assessed)
    for a, row in zip(assessed, rows, strict=True):
        assert (row["indicator"], row["verdict"], row["explanation"]) == (
            a.indicator,
            a.verdict.value,
            a.explain(),
        )
    reviewed = fp.review(plan)
    assert isinstance(reviewed, fp.Review) and reviewed.plan is plan.predecessor
    frames_match_their_schema(reviewed)
    output = reviewed.to_table().rows()[0]
    # 工业总产值 ≥200亿元 by 2020, 198亿元 achieved: missed by 2亿元 (1 %)
    assert (output["target"], output["actual"], output["gap"], output["gap_unit"]) == (
        "≥200亿元",
        198.0,
        2.0,
        "亿元",
    )
    assert (output["outcome"], output["outcome_label"], output["relative_gap"]) == (
        "missed",
        "否",
        0.01,
    )
    again = pickle.loads(pickle.dumps(reviewed))
    assert again == reviewed and again.plan == reviewed.plan


def test_a_draft_is_a_table_of_how_each_target_was_derived() -> None:
    plan = fp.load("dongkou")
    draft = fp.draft_plan(
        plan, start_year=2026, end_year=2030, rates={"industrial_output": fp.parse_quantity("8%")}
    )
    frames_match_their_schema(draft)
    rows = {r["indicator"]: r for r in draft.to_table().rows()}
    assert len(rows) == len(draft.lines)
    output = rows["industrial_output"]
    line = draft.line("industrial_output")
    assert (output["method"], output["rate"], output["rate_unit"], output["year"]) == (
        "rate",
        8.0,
        "%",
        2030,
    )
    assert output["level"] == pytest.approx(float(line.level.magnitude))
    assert output["explanation"] == line.describe("zh")
