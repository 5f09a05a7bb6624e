"""Many plans from one CSV: ``load_observation_table`` and the ``fyp batch`` command.

The reader is compared with ``load_observations`` (which reads one plan's rows through it) on
good files, then every kind of error is checked with its line, the summing-up of a problem found
on many rows, and a hypothesis round trip (ObservationTable → CSV → table). The command runs on
the Dongkou plugin and the fictional example county (示例县, 虚构示例), and its results are those
of ``evaluate_many`` on the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import Indicator, ObservationsError, ObservationTable, Period, Plan, parse_unit
from fyp_planning.cli import main
from fyp_planning.evaluation.batch import RECORD_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-county" / "src" / "fyp_planning_example_county" / "data"
DONGKOU_ID, EXAMPLE_ID = "dongkou_14th_sti", "example_14th_sti"
HEADER = "plan,indicator,period,value,unit,status,source\n"

#: Later observations of both plans (invented: 示例数据，虚构), with converted units, part-year
#: periods and statuses in English and Chinese.
ROWS = [
    ("dongkou_14th_sti", "industrial_output", "2021", "216.5", "亿元", "actual"),
    ("dongkou_14th_sti", "industrial_output", "2022", "2368000", "万元", "actual"),
    ("dongkou_14th_sti", "industrial_output", "2023年1-9月", "184.6", "亿元", "初步"),
    ("dongkou_14th_sti", "industrial_output", "2023", "254.0", "亿元", "预计"),
    ("dongkou_14th_sti", "industrial_power_use", "2021", "47800", "万度", "actual"),
    ("dongkou_14th_sti", "industrial_power_use", "2022", "5.02", "亿度", "actual"),
    ("dongkou_14th_sti", "fiscal_st_spending", "2022", "0.438", "亿元", "preliminary"),
    ("dongkou_14th_sti", "rd_gdp_share", "2022年三季度", "1.95", "%", ""),
    ("example_14th_sti", "industrial_output", "2021", "128.4", "亿元", "actual"),
    ("example_14th_sti", "industrial_output", "2022", "1,362,000", "万元", "实际"),
    ("example_14th_sti", "rd_gdp_share", "2022", "1.95", "", "estimate"),
    ("example_14th_sti", "high_tech_enterprises", "2023", "24", "家", "预计"),
    ("example_14th_sti", "fiscal_st_spending", "2023", "4650", "万元", "preliminary"),
]


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [fp.load("dongkou"), fp.load(EXAMPLE)]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def table_file(tmp_path: Path, rows: list[tuple[str, ...]] = ROWS, name: str = "obs.csv") -> Path:
    lines = [
        ",".join(f'"{c}"' if "," in c else c for c in row) + ",示例数据（虚构）\n" for row in rows
    ]
    return write(tmp_path / name, HEADER + "".join(lines))


def per_plan_files(tmp_path: Path, rows: list[tuple[str, ...]] = ROWS) -> dict[str, Path]:
    """The same rows split into one load_observations file per plan."""
    out: dict[str, list[str]] = {}
    for plan, *cells in rows:
        out.setdefault(plan, []).append(",".join(f'"{c}"' if "," in c else c for c in cells))
    files = {}
    for plan, lines in out.items():
        files[plan] = write(
            tmp_path / f"{plan}.csv", "indicator,period,value,unit,status\n" + "\n".join(lines)
        )
    return files


def problems(path: Path, plans: list[Plan]) -> list[str]:
    with pytest.raises(ObservationsError) as info:
        fp.load_observation_table(path, plans)
    assert info.value.file == str(path)
    return [str(p) for p in info.value.problems]


# == reading good files ========================================================================


def test_values_are_those_of_load_observations(tmp_path: Path, plans: list[Plan]) -> None:
    table = fp.load_observation_table(table_file(tmp_path), plans)
    assert len(table) == len(ROWS)
    plan_of = [table.plans[c] for c in table.plan_codes.tolist()]
    assert plan_of == [r[0] for r in ROWS]
    assert table.units == [""]  # every value is in its indicator's unit
    for plan, path in per_plan_files(tmp_path).items():
        expected = fp.load_observations(path, next(p for p in plans if p.id == plan))
        rows = [i for i, p in enumerate(plan_of) if p == plan]
        assert [table.indicators[table.indicator_codes[i]] for i in rows] == [
            o.indicator for o in expected
        ]
        assert [
            Period(int(table.year[i]), int(table.first_month[i]), int(table.last_month[i]))
            for i in rows
        ] == [o.period for o in expected]
        assert table.value[rows].tolist() == [float(o.value.magnitude) for o in expected]
        ranks = {"actual": 2, "preliminary": 1, "estimate": 0}
        assert table.status_rank[rows].tolist() == [ranks[o.status.value] for o in expected]


def test_units_periods_and_statuses(tmp_path: Path, plans: list[Plan]) -> None:
    table = fp.load_observation_table(table_file(tmp_path), plans)
    values = table.value.tolist()
    assert values[1] == 236.8  # 2368000万元 in 亿元, exact to the digits written
    assert values[4] == 4.78  # 47800万度 in 亿度
    assert values[6] == 4380.0  # 0.438亿元 in 万元
    assert values[9] == 136.2  # "1,362,000" 万元: thousands separators are fine
    assert (table.year[2], table.first_month[2], table.last_month[2]) == (2023, 1, 9)
    assert (table.year[7], table.last_month[7]) == (2022, 9)  # 2022年三季度
    assert table.status_rank.tolist()[:4] == [2, 2, 1, 0]  # actual, 实际, 初步, 预计


def test_bom_blank_lines_spaces_quoted_line_breaks_and_short_rows(
    tmp_path: Path, plans: list[Plan]
) -> None:
    text = (
        "\ufeffPlan , indicator,period,value,unit,status,source\n"
        "\n"
        f' {EXAMPLE_ID} , industrial_output ,2021, 128.4 ,亿元, actual ,"县统计局\n公报"\n'
        ",,,,,,\n"
        f"{EXAMPLE_ID},value_added,2022,35.5\n"  # no unit, status or source cells
    )
    table = fp.load_observation_table(write(tmp_path / "x.csv", text), plans)
    assert len(table) == 2 and table.plans == [EXAMPLE_ID]
    assert table.indicators == ["industrial_output", "value_added"]
    assert table.value.tolist() == [128.4, 35.5]
    # the line numbers after a quoted line break still count physical lines
    bad = text + f"{EXAMPLE_ID},value_added,2023,1,,final\n"
    assert problems(write(tmp_path / "y.csv", bad), plans) == [
        "line 7: column status: unknown status (未知状态); got 'final'; expected actual (实际), "
        "estimate (预计), preliminary (初步)"
    ]


def test_rows_of_empty_cells_are_blank_lines(tmp_path: Path, plans: list[Plan]) -> None:
    text = HEADER + ",,,,,,\n" + f"{EXAMPLE_ID},industrial_output,2021,1,,,\n" + " , ,,,,,\n"
    table = fp.load_observation_table(write(tmp_path / "x.csv", text), plans)
    assert (len(table), table.year.tolist(), table.value.tolist()) == (1, [2021], [1.0])


def test_a_header_alone_is_an_empty_table(tmp_path: Path, plans: list[Plan]) -> None:
    table = fp.load_observation_table(
        write(tmp_path / "x.csv", "plan,indicator,period,value\n"), plans
    )
    assert len(table) == 0
    assert fp.evaluate_many(plans, table).to_records() == fp.evaluate_many(plans).to_records()


def _distinct_period(k: int) -> str:
    """The ``k``-th of 602 distinct periods in the years a plan may name (1900–2200)."""
    year = 1900 + k // 2
    return str(year) if k % 2 == 0 else f"{year}年1-6月"


def test_line_numbers_across_chunks(tmp_path: Path) -> None:
    """Thousands of rows, with blank lines, a quoted line break, short and wide rows spread
    over the reader's chunks: the lines of bad rows are still right."""
    plan = Plan(
        id="c",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[
            Indicator(id=f"i{k}", name=f"指标{k}", unit=parse_unit("亿元")) for k in range(5)
        ],
    )
    lines = ["plan,indicator,period,value,unit,status,source"]
    bad_lines = []
    for n in range(3000):
        if n in (510, 511, 1500):
            lines.append("")
        status = "actual"
        if n in (5, 700, 1024, 2999):
            status = "final"
        period = _distinct_period(n // 5)
        row = f"c,i{n % 5},{period},{n}.5,亿元,{status},"
        if n == 600:
            row += '"第一行\n第二行"'
        if n == 1800:
            row = f"c,i{n % 5},{period},{n}"
        if n == 2000:
            row += ",,"
        lines.append(row)
        if status == "final":
            bad_lines.append(len(lines) + (1 if n > 600 else 0))
    found = problems(write(tmp_path / "x.csv", "\n".join(lines) + "\n"), [plan])
    assert found == [
        f"lines {bad_lines[0]}, {bad_lines[1]}, {bad_lines[2]} and {bad_lines[3]}: column status: "
        "unknown status (未知状态); got 'final'; expected actual (实际), estimate (预计), "
        "preliminary (初步)"
    ]
    good = "\n".join(lines).replace("final", "actual") + "\n"
    table = fp.load_observation_table(write(tmp_path / "y.csv", good), [plan])
    assert len(table) == 3000
    assert table.value[1800] == 1800.0 and table.value[2999] == 2999.5


# == errors ====================================================================================


def test_unknown_plans_and_indicators(tmp_path: Path, plans: list[Plan]) -> None:
    text = HEADER + (
        "dongkou_14th_stl,industrial_output,2021,1,亿元,,\n"
        "dongkou_13th_sti,industrial_output,2019,1,亿元,,\n"
        ",industrial_output,2019,1,亿元,,\n"
        "dongkou_14th_sti,industrial_outptu,2021,1,亿元,,\n"
        "dongkou_14th_sti,weibai_annual_tax,2021,1,亿元,,\n"
        "example_14th_sti,new_indicator,2021,1,亿元,,\n"
        "dongkou_14th_sti,new_indicator,2021,1,亿元,,\n"
        "dongkou_14th_sti,,2021,1,亿元,,\n"
    )
    assert problems(write(tmp_path / "x.csv", text), plans) == [
        "line 2: column plan: unknown plan (没有该规划); got 'dongkou_14th_stl'; expected the id of "
        "one of the plans given: dongkou_14th_sti, example_14th_sti (did you mean "
        "'dongkou_14th_sti'?)",
        "line 3: column plan: unknown plan (没有该规划); got 'dongkou_13th_sti'; expected the id of "
        "one of the plans given: dongkou_14th_sti, example_14th_sti (did you mean "
        "'dongkou_14th_sti'?) — 'dongkou_13th_sti' is the predecessor of 'dongkou_14th_sti' "
        "(上一期规划): give that plan too to read its rows",
        "line 4: column plan: empty value (缺少数值); got ''; expected the id of one of the plans given",
        "line 5: column indicator: unknown indicator (规划中没有该指标); got 'industrial_outptu'; "
        "expected an indicator id of plan 'dongkou_14th_sti' (did you mean 'industrial_output'?)",
        "line 6: column indicator: unknown indicator (规划中没有该指标); got 'weibai_annual_tax'; "
        "expected an indicator id of plan 'dongkou_14th_sti' — 'weibai_annual_tax' is an "
        "indicator of the predecessor plan 'dongkou_13th_sti' only (上一期规划的指标): put that "
        "plan's id in the plan column, and give that plan too",
        "lines 7 and 8: column indicator: unknown indicator (规划中没有该指标); got "
        "'new_indicator'; expected an indicator id of the row's plan (plans "
        "'dongkou_14th_sti', 'example_14th_sti' have none such)",
        "line 9: column indicator: empty value (缺少数值); got ''; expected an indicator id of the "
        "row's plan",
    ]


def test_bad_periods_values_units_statuses_and_comparators(
    tmp_path: Path, plans: list[Plan]
) -> None:
    e = EXAMPLE_ID
    text = "plan,indicator,period,value,unit,status,comparator\n" + (
        f"{e},industrial_output,2021.0,1,亿元,,\n"
        f"{e},industrial_output,21,1,亿元,,\n"
        f"{e},industrial_output,,1,亿元,,\n"
        f"{e},industrial_output,2022,nan,亿元,,\n"
        f"{e},industrial_output,2023,inf,亿元,,\n"
        f"{e},industrial_output,2024,1e5x,亿元,,\n"
        f"{e},industrial_output,2025,12亿元,,,\n"
        f"{e},value_added,2021,,亿元,,\n"
        f"{e},value_added,2022,1,亿度,,\n"
        f"{e},value_added,2023,1,万,,\n"
        f"{e},value_added,2024,1,亿块,,\n"
        f"{e},rd_gdp_share,2021,1,%,final,\n"
        f"{e},rd_gdp_share,2022,1,%,,>=\n"
        f"{e},rd_gdp_share,2023,1,%,,以下\n"
        f"{e},rd_gdp_share,2024,1,%,,~\n"
        f"{e},rd_gdp_share,2025,1,%,,=\n"
    )
    number = "expected a number such as 215.3 (the unit goes in the unit column)"
    period = (
        "expected a year such as 2021, a part of a year such as '2021年1-9月', or a span of "
        "years such as '2016-2020' or '十三五'"
    )
    bound = (
        "expected = or an empty cell: an exact value (to judge bounds, read this plan's rows "
        "with load_observations and assess, or `fyp progress PLAN --observations FILE`)"
    )
    assert problems(write(tmp_path / "x.csv", text), plans) == [
        "line 2: column period: a year written with a decimal point (年份不能带小数点); got "
        f"'2021.0'; {period}",
        "line 3: column period: not a year (年份有误): year must be from 1900 to 2200, got 21; "
        f"got '21'; {period}",
        f"line 4: column period: empty value (缺少数值); got ''; {period}",
        f"line 5: column value: not a number (不是数字); got 'nan'; {number}",
        f"line 6: column value: not a number (不是数字); got 'inf'; {number}",
        f"line 7: column value: not a number (不是数字); got '1e5x'; {number}",
        "line 8: column value: a value with its unit (数值中带单位); got '12亿元'; expected the "
        "number alone in the value column and its unit in the unit column",
        f"line 9: column value: empty value (缺少数值); got ''; {number}",
        "line 10: column unit: unit does not convert to the indicator's unit 亿元 (单位不兼容); got "
        "'亿度'; expected a unit of the same kind as 亿元, e.g. 亿元 or 万元",
        "line 11: column unit: unit without what it counts (单位不完整); got '万'; expected the "
        "whole unit, e.g. 万元 rather than 万",
        "line 12: column unit: unknown unit (未知单位); got '亿块'; expected a known unit, e.g. "
        "亿元, 万元, 亿度, 万户, 家, 个, %, ‰, 百分点",
        "line 13: column status: unknown status (未知状态); got 'final'; expected actual (实际), "
        "estimate (预计), preliminary (初步)",
        "line 14: column comparator: a bound (≥ 以上) cannot be used in batch evaluation "
        f"(批量评估只接受确切数值); got '>='; {bound}",
        "line 15: column comparator: a bound (≤ 以下) cannot be used in batch evaluation "
        f"(批量评估只接受确切数值); got '以下'; {bound}",
        "line 16: column comparator: unknown comparator (未知比较符); got '~'; expected >= (以上), "
        "<= (以下), = (等于)",
    ]


def test_the_same_words_as_load_observations(tmp_path: Path, plans: list[Plan]) -> None:
    """A bad cell gets the message load_observations gives it."""
    example = plans[1]
    for cells in [
        ("industrial_output", "2021", "1.", "亿元", ""),
        ("industrial_output", "2021年13月", "1", "亿元", ""),
        ("industrial_output", "2021", "1", "亿度", ""),
        ("industrial_output", "2021", "1", "", "maybe"),
    ]:
        single = write(
            tmp_path / "one.csv", "indicator,period,value,unit,status\n" + ",".join(cells)
        )
        with pytest.raises(ObservationsError) as one:
            fp.load_observations(single, example)
        many = write(tmp_path / "many.csv", HEADER + f"{EXAMPLE_ID}," + ",".join(cells) + ",\n")
        with pytest.raises(ObservationsError) as all_:
            fp.load_observation_table(many, plans)
        ((a,), (b,)) = one.value.problems, all_.value.problems
        assert (a.message, a.value, a.expected, a.line) == (b.message, b.value, b.expected, b.line)


def test_header_problems(tmp_path: Path, plans: list[Plan]) -> None:
    text = "plan,indicatr,period,period,备注\n" + f"{EXAMPLE_ID},industrial_output,2021,2021,1\n"
    assert problems(write(tmp_path / "x.csv", text), plans) == [
        "line 1: header, column indicatr: unknown column (未知列); got 'indicatr'; expected "
        "columns: plan, indicator, period, value, unit, status, comparator, source (did you "
        "mean 'indicator'?)",
        "line 1: header, column period: column appears more than once (列重复); got 'period'; "
        "expected each column once",
        "line 1: header, column 备注: unknown column (未知列); got '备注'; expected columns: "
        "plan, indicator, period, value, unit, status, comparator, source",
        "line 1: header, column indicator: required column missing (缺少必需列); expected a header "
        "row with the columns plan, indicator, period, value (optional: unit, status, "
        "comparator, source)",
        "line 1: header, column value: required column missing (缺少必需列); expected a header row "
        "with the columns plan, indicator, period, value (optional: unit, status, comparator, "
        "source)",
    ]
    assert problems(write(tmp_path / "empty.csv", ""), plans) == [
        "line 1: header: empty file: no header row (文件为空，缺少表头); expected a header row such "
        "as plan,indicator,period,value,unit,status"
    ]


def test_file_problems(tmp_path: Path, plans: list[Plan]) -> None:
    wide = HEADER + f"{EXAMPLE_ID},industrial_output,2021,1,亿元,,,extra\n"
    assert problems(write(tmp_path / "wide.csv", wide), plans) == [
        "line 2: more fields than the header has columns (字段数多于表头列数); got ['extra']; "
        "expected at most 7 fields, as in the header"
    ]
    quoted = (
        HEADER + f"{EXAMPLE_ID},industrial_output,2021,1,亿元,,\n" + f'{EXAMPLE_ID},x,"2022,1\n'
    )
    assert problems(write(tmp_path / "quote.csv", quoted), plans) == [
        "line 3: malformed CSV (CSV格式错误): unexpected end of data; got "
        f"'{EXAMPLE_ID},x,\"2022,1'; expected fields separated by commas, quotes doubled inside "
        'quoted fields ("")'
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + f"{EXAMPLE_ID},industrial_output,2021,1,,,").encode() + b"\xe9\n")
    assert problems(latin, plans) == [
        "line 2: not UTF-8 text (不是UTF-8编码) at byte 91; got b'\\xe9'; expected a UTF-8 encoded "
        "file (保存为UTF-8编码; in Excel: CSV UTF-8)"
    ]
    missing = tmp_path / "missing.csv"
    assert problems(missing, plans) == [
        f"(document): cannot read file (无法读取文件): No such file or directory; got "
        f"{str(missing)!r}; expected an existing, readable CSV file"
    ]


def test_duplicate_rows(tmp_path: Path, plans: list[Plan]) -> None:
    e = EXAMPLE_ID
    text = HEADER + (
        f"{e},industrial_output,2021,1,亿元,actual,\n"
        f"{e},industrial_output,2021,1,亿元,estimate,\n"  # another status: not a duplicate
        f"{e},industrial_output,2021年,2,亿元,,\n"  # the same year, written otherwise
        f"{e},industrial_output,2021年1-9月,1,亿元,,\n"  # part of the year: not a duplicate
        f"{DONGKOU_ID},industrial_output,2021,1,亿元,实际,\n"  # another plan: not a duplicate
        f"{e},industrial_output,2021,10000,万元,实际,\n"
    )
    assert problems(write(tmp_path / "x.csv", text), plans) == [
        "lines 4 and 7: duplicate row: same plan, indicator, period and status as line 2 (重复行); "
        f"got '{e}, industrial_output, 2021, actual'; expected one row per plan, indicator, "
        "period and status"
    ]


def test_every_problem_at_once_in_line_order(tmp_path: Path, plans: list[Plan]) -> None:
    e = EXAMPLE_ID
    text = HEADER + (
        f"{e},industrial_output,2021,x,亿元,,\n"
        f"nowhere,industrial_output,2021,1,亿元,,\n"
        f"{e},industrial_output,2022,1,亿度,final,\n"
        f"{e},industrial_output,2023,1,亿元,,\n"
        f"{e},industrial_output,2023,1,亿元,,\n"
    )
    found = problems(write(tmp_path / "x.csv", text), plans)
    assert [p.split(":")[0] for p in found] == ["line 2", "line 3", "line 4", "line 4", "line 6"]
    assert "column unit" in found[2] and "column status" in found[3]


def _output_plan() -> Plan:
    """Plan ``c`` with one indicator, ``output`` in 亿元."""
    return Plan(
        id="c",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[Indicator(id="output", name="产值", unit=parse_unit("亿元"))],
    )


def test_a_problem_on_many_rows_is_reported_once(tmp_path: Path) -> None:
    plan = _output_plan()
    rows = [f"c,output,{1900 + n % 300},1.5,亿元,final" for n in range(1206)]
    path = write(tmp_path / "x.csv", "plan,indicator,period,value,unit,status\n" + "\n".join(rows))
    with pytest.raises(ObservationsError) as info:
        fp.load_observation_table(path, [plan])
    (problem,) = info.value.problems
    assert str(problem) == (
        "lines 2, 3, 4 and 1,203 more: column status: unknown status (未知状态); got 'final'; "
        "expected actual (实际), estimate (预计), preliminary (初步)"
    )
    assert problem.line == 2 and problem.value == "final"
    assert str(info.value).startswith(f"{path}: 1 problem in observations")


def test_many_distinct_bad_values_are_counted_not_listed(tmp_path: Path) -> None:
    plan = _output_plan()
    rows = [f"c,output,{1900 + n % 300},{n}e3x,亿元" for n in range(5000)]
    path = write(tmp_path / "x.csv", "plan,indicator,period,value,unit\n" + "\n".join(rows))
    with pytest.raises(ObservationsError) as info:
        fp.load_observation_table(path, [plan])
    found = [str(p) for p in info.value.problems]
    assert len(found) == 21
    assert found[0].startswith("line 2: column value: not a number (不是数字); got '0e3x'")
    assert found[19].startswith("line 21: column value: not a number (不是数字); got '19e3x'")
    assert found[20] == (
        "lines 22, 23, 24 and 4,977 more: column value: 4,980 more bad values, not listed one by "
        "one (其余错误不再逐一列出); expected a number such as 215.3 (the unit goes in the unit "
        "column)"
    )


def test_a_unit_written_two_ways_converts_every_row(tmp_path: Path) -> None:
    """Regression: " 万元" and "万元" are one unit, and the rows of both are converted (the
    rows of one of them were left in 万元 as if in 亿元)."""
    text = "plan,indicator,period,value,unit\nc,output,2021,10000,万元\nc,output,2022,20000, 万元\n"
    table = fp.load_observation_table(write(tmp_path / "x.csv", text), [_output_plan()])
    assert table.value.tolist() == [1.0, 2.0]


def test_an_indicator_written_two_ways_is_still_a_duplicate(tmp_path: Path) -> None:
    """Regression: " output" is the indicator output, so the row repeats the one above."""
    text = "plan,indicator,period,value\nc,output,2021,1\nc, output ,2021,2\n"
    assert problems(write(tmp_path / "x.csv", text), [_output_plan()]) == [
        "line 3: duplicate row: same plan, indicator, period and status as line 2 (重复行); "
        "got 'c, output, 2021, actual'; expected one row per plan, indicator, period and status"
    ]


def test_one_plans_rows_are_the_tables_rows_for_that_plan(tmp_path: Path) -> None:
    """load_observations reads a file through the table's reader: the same values, row by
    row, as load_observation_table gives the same rows with a plan column."""
    plan = _output_plan()
    rows = ["output,2021,10000,万元", "output,2022,1.5,亿元", "output,2023,1234567,万元"]
    one = fp.load_observations(
        write(tmp_path / "one.csv", "indicator,period,value,unit\n" + "\n".join(rows)), plan
    )
    many = fp.load_observation_table(
        write(
            tmp_path / "many.csv",
            "plan,indicator,period,value,unit\n" + "\n".join(f"c,{r}" for r in rows),
        ),
        [plan],
    )
    assert [float(o.value.magnitude) for o in one] == many.value.tolist() == [1.0, 1.5, 123.4567]
    assert [o.text for o in one] == ["10000万元", None, "1234567万元"]


def test_plans_must_be_plans_with_unique_ids(tmp_path: Path, plans: list[Plan]) -> None:
    path = table_file(tmp_path)
    with pytest.raises(TypeError, match="one Plan"):
        fp.load_observation_table(path, plans[0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Plan objects"):
        fp.load_observation_table(path, ["dongkou"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="more than once: dongkou_14th_sti"):
        fp.load_observation_table(path, [plans[0], plans[0]])


# == round trip ================================================================================

#: Indicator units, and another unit each may be written in.
UNITS = {"亿元": "万元", "亿度": "万度", "%": "%", "家": "家"}
ROUND_PLANS = [
    Plan(
        id=pid,
        region=pid,
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[
            Indicator(id=f"i_{k}", name=f"指标{k}", unit=parse_unit(u)) for k, u in enumerate(UNITS)
        ],
    )
    for pid in ("county_a", "county_b", "county_c")
]
STATUSES = ("actual", "estimate", "preliminary")


@st.composite
def observation_rows(draw: st.DrawFn) -> list[tuple[str, int, Period, str, float | int, str]]:
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from([p.id for p in ROUND_PLANS]),
                st.integers(0, len(UNITS) - 1),
                st.builds(
                    lambda y, m: Period(y, 1, m),
                    st.integers(1990, 2030),
                    st.sampled_from([3, 6, 9, 12]),
                ),
                st.sampled_from(STATUSES),
            ),
            max_size=25,
            unique=True,
        )
    )
    values = st.one_of(
        st.integers(-(10**9), 10**9),
        st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    )
    return [(*key, draw(values), draw(st.sampled_from(["own", "other", "none"]))) for key in keys]


def _plain(value: float | int) -> str:
    """A number as the file writes it: plain digits, never an exponent."""
    return format(Decimal(repr(value)), "f")


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(observation_rows())
def test_round_trip(
    tmp_path: Path, rows: list[tuple[str, int, Period, str, float | int, str]]
) -> None:
    units = list(UNITS)
    text = {"own": lambda k: units[k], "other": lambda k: UNITS[units[k]], "none": lambda k: ""}
    original = ObservationTable(
        plan=[r[0] for r in rows],
        indicator=[f"i_{r[1]}" for r in rows],
        year=[r[2].year for r in rows],
        first_month=[r[2].first_month for r in rows],
        last_month=[r[2].last_month for r in rows],
        value=[r[4] for r in rows],
        unit=[text[r[5]](r[1]) for r in rows],
        status=[r[3] for r in rows],
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["plan", "indicator", "period", "value", "unit", "status"])
    for i in range(len(original)):
        period = Period(
            int(original.year[i]), int(original.first_month[i]), int(original.last_month[i])
        )
        writer.writerow(
            [
                original.plans[original.plan_codes[i]],
                original.indicators[original.indicator_codes[i]],
                str(period),
                _plain(rows[i][4]),
                original.units[original.unit_codes[i]],
                rows[i][3],
            ]
        )
    path = tmp_path / "round.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    loaded = fp.load_observation_table(path, ROUND_PLANS)

    def labels(table: ObservationTable, name: str) -> list[str]:
        names, codes = getattr(table, f"{name}s"), getattr(table, f"{name}_codes")
        return [names[c] for c in codes.tolist()]

    assert len(loaded) == len(original)
    assert labels(loaded, "plan") == labels(original, "plan")
    assert labels(loaded, "indicator") == labels(original, "indicator")
    for column in ("year", "first_month", "last_month", "status_rank"):
        assert getattr(loaded, column).tolist() == getattr(original, column).tolist(), column
    same_unit = [i for i, r in enumerate(rows) if r[5] != "other" or units[r[1]] in ("%", "家")]
    assert loaded.value[same_unit].tolist() == original.value[same_unit].tolist()
    # converted values: exactly those of load_observations, plan by plan
    for plan in ROUND_PLANS:
        mine = [i for i, r in enumerate(rows) if r[0] == plan.id]
        single = tmp_path / f"{plan.id}.csv"
        single.write_text(
            "indicator,period,value,unit,status\n"
            + "".join(
                f"i_{rows[i][1]},{rows[i][2]},{_plain(rows[i][4])},{text[rows[i][5]](rows[i][1])},"
                f"{rows[i][3]}\n"
                for i in mine
            ),
            encoding="utf-8",
        )
        expected = fp.load_observations(single, plan)
        assert loaded.value[mine].tolist() == [float(o.value.magnitude) for o in expected]


# == the command ===============================================================================


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["batch", *args])


def expected_result(tmp_path: Path, plans: list[Plan], **kwargs: object) -> fp.BatchResult:
    """``evaluate_many`` on the same observations, read plan by plan with load_observations."""
    files = per_plan_files(tmp_path)
    extra = {p.id: fp.load_observations(files[p.id], p) for p in plans}
    return fp.evaluate_many(plans, extra, **kwargs)  # type: ignore[arg-type]


def csv_text(result: fp.BatchResult) -> str:
    buffer = io.StringIO()
    result.to_csv(buffer)
    return buffer.getvalue()


def test_batch_summary_of_dongkou_and_the_example(tmp_path: Path, plans: list[Plan]) -> None:
    path = table_file(tmp_path)
    result = run("dongkou", str(EXAMPLE), "--observations", str(path))
    assert result.exit_code == 0, result.output
    expected = expected_result(tmp_path, plans)
    lines = result.output.splitlines()
    assert lines[0] == f"批量进展评估 batch progress：2个规划 plans，{len(expected)}项 rows"
    assert lines[1].startswith("方法 method: 县域进展测度（基于 Open SDG") and lines[1].endswith(
        "最新数据"
    )
    assert lines[2] == f"观测数据 observations: {path}（{len(ROWS)}条 rows）"
    header = lines[4].split()
    assert header[:4] == ["规划", "plan", "地区", "region"]
    assert header[4:-2] == ["已完成", "进展显著", "进展中等", "进展有限", "倒退", "数据不足"]
    verdicts = ["achieved", "substantial", "moderate", "limited", "deterioration"]
    verdicts.append("insufficient_data")
    for line, plan in zip(lines[6:8], plans, strict=True):
        cells = line.split()
        assert cells[:2] == [plan.id, plan.region]
        mine = [
            v.value for p, v in zip(expected.plan, expected.verdicts, strict=True) if p == plan.id
        ]
        assert [int(c) for c in cells[2:]] == [mine.count(v) for v in verdicts] + [len(mine)]
    assert lines[8].split()[-1] == str(len(expected))  # the total row
    assert "评价 verdicts: 已完成 achieved；进展显著 substantial progress" in result.output


def test_batch_results_equal_evaluate_many(tmp_path: Path, plans: list[Plan]) -> None:
    path = table_file(tmp_path)
    for args, kwargs in [
        ((), {}),
        (("--as-of", "2022"), {"as_of": 2022}),
        (("--method", "unsd", "--as-of", "2023"), {"method": "unsd", "as_of": 2023}),
    ]:
        out = tmp_path / "progress.csv"
        result = run("dongkou", str(EXAMPLE), "--observations", str(path), "-o", str(out), *args)
        assert result.exit_code == 0, result.output
        expected = expected_result(tmp_path, plans, **kwargs)
        assert out.read_text(encoding="utf-8") == csv_text(expected)
        table = fp.load_observation_table(path, plans)
        assert csv_text(fp.evaluate_many(plans, table, **kwargs)) == csv_text(expected)  # type: ignore[arg-type]
        assert f"已写入 wrote {out}（{len(expected)}行 rows）" in result.output
    printed = run("dongkou", str(EXAMPLE), "--observations", str(path), "--format", "csv")
    assert printed.exit_code == 0 and printed.stdout == csv_text(expected_result(tmp_path, plans))


def test_batch_without_observations_uses_the_plans_own(tmp_path: Path, plans: list[Plan]) -> None:
    out = tmp_path / "own.csv"
    result = run("dongkou", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "观测数据 observations" not in result.output
    assert out.read_text(encoding="utf-8") == csv_text(fp.evaluate_many(plans))


def test_batch_json(tmp_path: Path, plans: list[Plan]) -> None:
    path = table_file(tmp_path)
    result = run("dongkou", str(EXAMPLE), "--observations", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = expected_result(tmp_path, plans)
    assert (data["method"], data["as_of"], data["observation_rows"]) == ("county", None, len(ROWS))
    assert [p["plan"] for p in data["plans"]] == [DONGKOU_ID, EXAMPLE_ID]
    assert sum(p["rows"] for p in data["plans"]) == len(expected)
    example = data["plans"][1]["verdicts"]
    mine = [
        v.value for p, v in zip(expected.plan, expected.verdicts, strict=True) if p == EXAMPLE_ID
    ]
    assert example == {v: mine.count(v) for v in example}
    assert data["rows"] == json.loads(json.dumps(expected.to_records(), ensure_ascii=False))


def test_batch_parquet(tmp_path: Path, plans: list[Plan]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "progress.parquet"
    result = run(
        "dongkou", str(EXAMPLE), "--observations", str(table_file(tmp_path)), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == list(RECORD_COLUMNS)
    assert table.to_pylist() == expected_result(tmp_path, plans).to_records()


def test_batch_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "progress.parquet"
    result = run(str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 2
    assert "fyp-planning[parquet]" in result.output and "cannot write" in result.output
    assert not out.exists()


def test_batch_bad_file_exits_2_with_the_problems(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.csv",
        HEADER
        + f"{EXAMPLE_ID},industrial_output,2021,1,亿度,,\n"
        + f"{DONGKOU_ID},industrial_output,2021,1,亿元,,\n",
    )
    result = run(str(EXAMPLE), "--observations", str(bad))
    assert result.exit_code == 2
    assert f"错误 error: {bad}: 2 problems in observations (观测数据有误)" in result.output
    assert (
        "line 2: column unit: unit does not convert to the indicator's unit 亿元" in result.output
    )
    assert (
        f"line 3: column plan: unknown plan (没有该规划); got '{DONGKOU_ID}'; expected the id of "
        f"one of the plans given: {EXAMPLE_ID}" in result.output
    )
    assert "Traceback" not in result.output


def test_batch_usage_errors(tmp_path: Path) -> None:
    result = run(str(EXAMPLE), "-o", str(tmp_path / "progress.xlsx"))
    assert result.exit_code == 2 and "must end in .csv or .parquet" in result.output
    result = run(str(EXAMPLE), str(EXAMPLE))
    assert result.exit_code == 2
    assert f"plan '{EXAMPLE_ID}' is given twice" in result.output
    result = run("no-such-plan.toml")
    assert result.exit_code == 2 and "no plan file 'no-such-plan.toml'" in result.output
    assert run().exit_code == 2  # PLAN is required
    missing = run(str(EXAMPLE), "--observations", str(tmp_path / "missing.csv"))
    assert missing.exit_code == 2 and "cannot read file (无法读取文件)" in missing.output
    unwritable = run(str(EXAMPLE), "-o", str(tmp_path / "no-such-dir" / "x.csv"))
    assert unwritable.exit_code == 73 and "cannot write" in unwritable.output  # EXIT_OUTPUT


# == from a plan store ===========================================================================
def _store(tmp_path: Path, plans: list[Plan]) -> Path:
    pytest.importorskip("pyarrow")
    folder = tmp_path / "store"
    fp.dump_plan_store(plans, folder)
    return folder


def test_batch_from_a_store_prints_what_the_plan_files_give(
    tmp_path: Path, plans: list[Plan]
) -> None:
    store = _store(tmp_path, plans)
    path = table_file(tmp_path)
    for extra in [(), ("--observations", str(path))]:
        for fmt in ("text", "csv", "json"):
            files = run("dongkou", str(EXAMPLE), *extra, "--format", fmt)
            stored = run("--store", str(store), *extra, "--format", fmt)
            assert files.exit_code == 0, files.output
            assert stored.exit_code == 0, stored.output
            assert stored.stdout == files.stdout
    out_files, out_store = tmp_path / "files.parquet", tmp_path / "store.parquet"
    assert run("dongkou", str(EXAMPLE), "-o", str(out_files), "--as-of", "2022").exit_code == 0
    assert run("--store", str(store), "-o", str(out_store), "--as-of", "2022").exit_code == 0
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(out_store).to_pylist() == pq.read_table(out_files).to_pylist()


def test_batch_from_a_store_checks_the_observations_file(tmp_path: Path, plans: list[Plan]) -> None:
    store = _store(tmp_path, plans[1:])
    bad = write(tmp_path / "bad.csv", HEADER + f"{EXAMPLE_ID},industrial_output,2021,1,亿度,,\n")
    result = run("--store", str(store), "--observations", str(bad))
    assert result.exit_code == 2
    assert (
        "line 2: column unit: unit does not convert to the indicator's unit 亿元" in result.output
    )
    assert "Traceback" not in result.output


def test_batch_from_a_store_usage_errors(tmp_path: Path, plans: list[Plan]) -> None:
    store = _store(tmp_path, plans)
    both = run("dongkou", "--store", str(store))
    assert both.exit_code == 2 and "规划文件与规划库二选一" in both.output
    missing = run("--store", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "no such folder" in missing.output
    twice = _store(tmp_path / "twice", [plans[0], plans[0]])
    result = run("--store", str(twice))
    assert result.exit_code == 2 and f"plan '{DONGKOU_ID}' is in the store" in result.output
