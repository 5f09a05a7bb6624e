"""The fyp command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

EXAMPLE = str(Path(__file__).parent / "data" / "good" / "dongkou-14th.toml")


def test_show_text() -> None:
    result = CliRunner().invoke(main, ["show", EXAMPLE])
    assert result.exit_code == 0, result.output
    assert "洞口县科技和工业“十四五”发展规划" in result.output
    assert "规划期 period: 2021–2025" in result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("industrial_output "))
    assert "198亿元" in line and "≥300亿元（2025年）" in line and "年均增长≥10%" in line


def test_show_json() -> None:
    result = CliRunner().invoke(main, ["show", EXAMPLE, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["period"] == [2021, 2025]
    assert data["predecessor"] == "dongkou_13th_sti"
    row = next(r for r in data["indicators"] if r["id"] == "rd_spending")
    assert row["baseline"] == "4.58亿元"
    assert row["targets"] == [
        {"kind": "level", "year": 2025, "text": "≥6.87亿元", "source": "第二章第四节表1第2行"}
    ]


def test_export_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    result = CliRunner().invoke(main, ["export", EXAMPLE, "--format", "toml", "-o", str(out)])
    assert result.exit_code == 0
    assert fp.load_plan(out) == fp.load_plan(EXAMPLE)
    result = CliRunner().invoke(main, ["export", EXAMPLE])
    assert fp.loads_plan(result.output, "json") == fp.load_plan(EXAMPLE)


def test_bad_plan_exits_2_with_the_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nregion = "县"\ntitle = "t"\nstart_year = "2021"\nend_year = 2025\n')
    result = CliRunner().invoke(main, ["show", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml" in result.output
    assert "start_year: wrong type; got '2021'; expected an integer" in result.output


def test_missing_file_and_usage_errors() -> None:
    result = CliRunner().invoke(main, ["show", "no-such-plan.toml"])
    assert result.exit_code == 2 and "no plan file 'no-such-plan.toml'" in result.output
    assert CliRunner().invoke(main, ["export", EXAMPLE, "--format", "xml"]).exit_code == 2


def test_review_json_gap_and_excess_are_never_negative() -> None:
    example = Path(__file__).parent.parent / "examples/example-county/src"
    for plan in (EXAMPLE, str(example / "fyp_planning_example_county" / "data")):
        result = CliRunner().invoke(main, ["review", plan, "--format", "json"])
        assert result.exit_code == 0, result.output
        for row in json.loads(result.output)["rows"]:
            assert row["gap"] is None or row["excess"] is None
            for key in ("gap", "relative_gap", "excess", "relative_excess"):
                assert row[key] is None or not row[key].startswith("-"), (key, row)
            assert row["outcome"] in ("exceeded", "met", "missed", None)
            if row["provisional"]:
                assert row["note"] and row["actual_status"] is not None
