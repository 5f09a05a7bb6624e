"""`fyp check`: grouping, exit status, selection, JSON, plugin rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

PLAN = """\
id = "demo"
region = "示例县"
title = "示例规划"
start_year = 2016
end_year = 2020
base_year = 2015

[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [
  { period = 2015, value = "137.1亿元", source = "一.1" },
  { period = 2020, value = "198亿元", source = "一.1" },
]

[indicators.firms]
name = "规模工业企业"
unit = "家"
observations = [
  { period = 2020, value = "133家", source = "一.1" },
  { period = 2020, value = "138家", source = "二.1" },
]

[statements.output_average]
kind = "average_growth"
indicator = "output"
start = 2015
end = 2020
value = "8.88%"
source = "一.1"
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_text_groups_findings_by_severity_and_exits_1_on_errors(plan_file: Path) -> None:
    code, out, _ = _run("check", str(plan_file))
    assert code == 1
    assert "错误 error 1，警告 warning 1，提示 info 0" in out
    errors, warnings = out.index("错误 error (1)"), out.index("警告 warning (1)")
    assert errors < out.index("V001 conflicting-values  indicators.firms.observations") < warnings
    assert warnings < out.index("G001 average-growth-arithmetic  statements.output_average")
    assert "计算 arithmetic: (198 ÷ 137.1)^(1/5) − 1 = 7.63%" in out
    assert "出处 sources: 一.1" in out


def test_only_warnings_exit_0_and_no_findings_say_so(plan_file: Path) -> None:
    code, out, _ = _run("check", str(plan_file), "--ignore", "V")
    assert code == 0 and "G001" in out and "V001" not in out
    code, out, _ = _run("check", str(plan_file), "--select", "T,D")
    assert code == 0 and "未发现问题 no findings." in out


def test_select_takes_codes_and_prefixes_repeated_or_comma_separated(plan_file: Path) -> None:
    _, out, _ = _run(
        "check", str(plan_file), "--select", "g001", "--select", "V", "--format", "json"
    )
    assert {f["code"] for f in json.loads(out)["findings"]} == {"G001", "V001"}


def test_unknown_codes_and_missing_plans_exit_2(plan_file: Path, tmp_path: Path) -> None:
    code, _, err = _run("check", str(plan_file), "--select", "Z9")
    assert code == 2 and "--select 'Z9' matches no rule" in err and "G001" in err
    code, _, err = _run("check", str(plan_file), "--ignore", "G0-1")
    assert code == 2 and "--ignore 'G0-1'" in err
    code, _, err = _run("check", str(tmp_path / "nope.toml"))
    assert code == 2 and "错误 error" in err


def test_json_output(plan_file: Path) -> None:
    code, out, _ = _run("check", str(plan_file), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}
    first = data["findings"][0]
    assert (first["code"], first["severity_label"], first["location"]) == (
        "V001",
        "错误",
        "indicators.firms.observations",
    )
    assert first["figures"] == [
        {"label": "一.1", "value": "133家"},
        {"label": "二.1", "value": "138家"},
    ]


def test_audit_ignore_in_the_file_is_listed_not_hidden(plan_file: Path) -> None:
    plan_file.write_text(
        PLAN.replace(
            "base_year = 2015\n",
            'base_year = 2015\n\n[[audit_ignore]]\ncode = "V001"\nreason = "两处口径不同，已核实"\n',
        ),
        encoding="utf-8",
    )
    code, out, _ = _run("check", str(plan_file))
    assert code == 0
    assert "已豁免 suppressed by audit_ignore (1)" in out
    assert "V001 indicators.firms.observations：两处口径不同，已核实" in out


def test_dongkou_check_finds_the_documents_inconsistencies() -> None:
    code, out, _ = _run("check", "dongkou", "--format", "json")
    assert code == 1
    found = {(f["code"], f["location"]) for f in json.loads(out)["findings"]}
    assert ("G001", "statements.output_average_growth") in found  # 8.88% vs 7.63%
    assert ("V001", "indicators.above_scale_enterprises.observations") in found  # 133 vs 138
    assert ("T003", "indicators.rd_gdp_share.targets[0]") in found  # 3% target vs 3.08%
    assert ("T002", "indicators.industrial_output.targets[0]") in found  # 300亿 vs 10%/yr
    # 12个亿 against projects summing to 11.55亿 is within the rounding of "12个亿"
    assert not any(code == "V002" for code, _ in found)
    code, out, _ = _run("check", "dongkou", "--no-predecessor", "--format", "json")
    assert {f["plan"] for f in json.loads(out)["findings"]} == {"dongkou_14th_sti"}


@pytest.fixture
def plugin_with_rules(plan_file: Path) -> Iterator[str]:
    def title_rule(plan: fp.Plan) -> Iterator[fp.Finding]:
        if "规划" in plan.title:
            yield fp.Finding(message="标题含“规划”", location="title")

    def broken(plan: fp.Plan) -> Iterator[fp.Finding]:
        raise ZeroDivisionError("division by zero")

    plugin = fp.Plugin(
        name="rulecounty",
        display_name="规则县",
        data=plan_file.parent,
        main=plan_file.name,
        rules=(
            fp.Rule(code="RC001", name="title", severity=fp.Severity.INFO, summary="标题",
                    check=title_rule),
            fp.Rule(code="RC002", name="broken", severity=fp.Severity.ERROR, summary="坏规则",
                    check=broken),
        ),
    )  # fmt: skip
    fp.register_plugin(plugin)
    try:
        yield "rulecounty"
    finally:
        fp.unregister_plugin("rulecounty")


def test_plugin_rules_run_and_a_broken_rule_exits_2(plugin_with_rules: str) -> None:
    code, out, err = _run("check", plugin_with_rules, "--select", "RC001")
    assert code == 0 and "RC001 title  title" in out and "标题含“规划”" in out
    code, out, err = _run("check", plugin_with_rules, "--select", "RC")
    assert code == 2
    assert "rule RC002 failed on demo: ZeroDivisionError: division by zero" in err
    assert "RC001" in out  # the other rules still report
    # the failure is an error finding of its own on standard output too (issue 14)
    errors = out.split("错误 error (1)")[1].split("提示 info")[0]
    assert "RC002 broken" in errors
    assert "规则RC002执行失败：ZeroDivisionError: division by zero" in errors
    code, out, err = _run("check", plugin_with_rules, "--select", "RC", "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["counts"] == {"error": 1, "warning": 0, "info": 1}
    assert [(f["code"], f["severity"], f["message"]) for f in data["findings"]] == [
        ("RC002", "error", "规则RC002执行失败：ZeroDivisionError: division by zero"),
        ("RC001", "info", "标题含“规划”"),
    ]
    assert data["failures"] == [
        {"code": "RC002", "plan": "demo", "error": "ZeroDivisionError: division by zero"}
    ]


def test_plugins_refuse_rules_that_are_not_rules(plan_file: Path) -> None:
    with pytest.raises(TypeError):
        fp.Plugin(name="x", display_name="县", data=plan_file.parent, main="plan.toml",
                  rules=("G001",))  # fmt: skip
