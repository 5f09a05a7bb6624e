"""Four fictional counties, each with a shape the audit used to pass silently (issue 18, "Done
when"): it now reports the missing findings and lists every statement it could not check.
The plan folders are in tests/data/audit_counties/ (README there); names and figures invented.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

HERE = Path(__file__).parent / "data" / "audit_counties"


def audit(county: str) -> fp.AuditReport:
    return fp.audit(fp.load(str(HERE / county)))


def findings(report: fp.AuditReport) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in report.findings}


def outcomes(report: fp.AuditReport) -> dict[str, list[str]]:
    """Everything said of each location: finding codes and checked outcomes."""
    said: dict[str, list[str]] = {}
    for f in report.findings:
        said.setdefault(f.location, []).append(f"{f.code} {f.severity.value}")
    for c in report.checked:
        said.setdefault(c.location, []).append(f"{c.code} {c.outcome.value}")
    return said


def test_jia_a_total_without_end_reads_its_year_from_its_words() -> None:
    report = audit("jia")
    assert outcomes(report) == {
        "statements.firms_total": ["V002 error"],  # 12 + 10 + 9 + 8 + 7 = 46 ≠ 38
        "statements.output_total": ["V002 passed"],  # 期末: the base year, 52.3 + 69.2
        "statements.output_growth": ["G002 passed"],
    }
    (f,) = report.findings
    assert f.arithmetic == "12 + 10 + 9 + 8 + 7 = 46，所述 38（精确计数）"
    assert report.not_checked == ()


def test_yi_counts_add_exactly() -> None:
    report = audit("yi")
    assert outcomes(report) == {
        "statements.firms_total": ["V002 error"],  # 42 against 38: no ±0.5 a part
        "statements.firms_about": ["V002 error"],  # 约43家 is 42.5–43.5; 42 is not in it
        "statements.firms_right": ["V002 passed"],
    }
    exact = next(f for f in report.findings if f.location == "statements.firms_total")
    assert exact.arithmetic.endswith("= 42，所述 38（精确计数）")
    about = next(f for f in report.findings if f.location == "statements.firms_about")
    assert about.arithmetic.endswith("= 42，所述 43（42.5–43.5）")


def test_bing_growth_statements_without_values_are_listed_with_their_reasons() -> None:
    report = audit("bing")
    assert findings(report) == {("G001", "statements.tax_growth")}
    assert {(c.code, c.location, c.reason) for c in report.not_checked} == {
        ("G002", "statements.value_added_growth", "缺少2015年数值"),
        ("G003", "statements.revenue_growth", "缺少2019年、2020年数值"),
        ("G002", "statements.power_growth", "2020年只有范围值（如“以上”），缺少确切数值"),
    }
    assert report.coverage == {"checked": 1, "passed": 0, "not_checked": 3}


def test_ding_figures_derived_against_a_year_with_two_values() -> None:
    report = audit("ding")
    assert outcomes(report) == {
        "indicators.investment.observations": ["V001 error"],
        "statements.investment_total_growth": ["G005 info"],  # matches 45亿元
        "statements.investment_average_growth": ["G005 info"],  # matches 46亿元
        "statements.investment_growth_wrong": ["G002 error"],  # matches neither
        "statements.investment_sum": ["V004 info"],  # adds up with 46亿元 only
    }
    said = {f.location: f.message for f in report.findings}
    assert "所述按45亿元计算相符" in said["statements.investment_total_growth"]
    assert "所述按46亿元计算相符" in said["statements.investment_average_growth"]
    assert "按每个数值计算均不符" in said["statements.investment_growth_wrong"]
    assert "按工业固定资产投资46亿元计算相符" in said["statements.investment_sum"]


def test_fyp_check_on_a_county_folder_counts_and_lists_what_it_skipped() -> None:
    result = CliRunner().invoke(main, ["check", str(HERE / "bing")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("核查 1 项（通过 0 项），未核查 3 项")
    assert "未发现问题" not in result.output
    for reason in ("缺少2015年数值", "缺少2019年、2020年数值", "只有范围值"):
        assert reason in result.output
    result = CliRunner().invoke(main, ["check", str(HERE / "ding"), "--format", "json"])
    assert result.exit_code == 1  # V001 and G002 are errors
    data = json.loads(result.output)
    assert data["coverage"] == {"checked": 5, "passed": 0, "not_checked": 0}
