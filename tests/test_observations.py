"""Observations from CSV files and Python records: load_observations, observations_from_records.

Bad files are in ``tests/data/bad_observations``, one defect each (CSV has no comment lines:
the table ``CASES`` says what each file's defect is). Every case checks the error class, the
one problem's line, path, message, offending value and what was expected, and that the error
names the file.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.errors import ObservationsError, PlanError, Problem

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad_observations"
PLAN_FILE = DATA / "good" / "dongkou-14th.toml"
EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
EXAMPLE_LABEL = "示例数据（虚构，非官方统计）"
NO_VALUE = Problem.NO_VALUE
HEADER = "indicator,period,value,unit,status,source\n"
PERIOD = "a year such as 2021, a part of a year such as '2021年1-9月', or a span of years"
NUMBER = "a number such as 215.3"
NAN = object()  # marks an expected value that is NaN (NaN == NaN is false)


@pytest.fixture(scope="module")
def plan() -> fp.Plan:
    return fp.load_plan(PLAN_FILE)


def write(tmp_path: Path, text: str, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# -- bad files --------------------------------------------------------------------------------
class Case(NamedTuple):
    """One bad file: the defect, and the one problem it must be reported with."""

    file: str
    line: int
    path: str
    message: str
    value: Any
    expected: str


CASES = [
    Case(
        "unknown_indicator.csv",
        3,
        "row 3, column indicator",
        "unknown indicator (规划中没有该指标)",
        "industrial_outptu",
        "an indicator id of plan 'dongkou_14th_sti' (did you mean 'industrial_output'?)",
    ),
    Case("indicator_empty.csv", 3, "row 3, column indicator", "empty value", "", "indicator id"),
    Case(
        "period_decimal_year.csv",
        2,
        "row 2, column period",
        "a year written with a decimal point (年份不能带小数点)",
        "2021.0",
        PERIOD,
    ),
    Case(
        "period_unreadable.csv",
        3,
        "row 3, column period",
        "not a period (无法识别的时期)",
        "2022年第五季度",
        PERIOD,
    ),
    Case(
        "period_bad_year.csv",
        3,
        "row 3, column period",
        "not a year (年份有误): year must be from 1900 to 2200",
        "202",
        PERIOD,
    ),
    Case(
        "value_not_a_number.csv",
        4,
        "row 4, column value",
        "not a number (不是数字)",
        "约5.4",
        NUMBER,
    ),
    Case("value_empty.csv", 3, "row 3, column value", "empty value (缺少数值)", "", NUMBER),
    Case(
        "value_with_unit.csv",
        2,
        "row 2, column value",
        "a value with its unit (数值中带单位)",
        "216.5亿元",
        "its unit in the unit column",
    ),
    Case(
        "unit_unknown.csv",
        3,
        "row 3, column unit",
        "unknown unit (未知单位)",
        "亿圆",
        "a known unit, e.g. 亿元",
    ),
    Case(
        "unit_incompatible.csv",
        3,
        "row 3, column unit",
        "unit does not convert to the indicator's unit 亿元 (单位不兼容)",
        "亿度",
        "a unit of the same kind as 亿元, e.g. 亿元 or 万元",
    ),
    Case(
        "unit_bare.csv",
        3,
        "row 3, column unit",
        "unit without what it counts (单位不完整)",
        "万",
        "万元 rather than 万",
    ),
    Case(
        "status_unknown.csv",
        3,
        "row 3, column status",
        "unknown status (未知状态)",
        "final",
        "actual (实际), estimate (预计), preliminary (初步)",
    ),
    Case(
        "comparator_unknown.csv",
        2,
        "row 2, column comparator",
        "unknown comparator (未知比较符)",
        "≈",
        ">= (以上), <= (以下), = (等于)",
    ),
    Case(
        "column_unknown.csv",
        1,
        "header, column units",
        "unknown column (未知列)",
        "units",
        "columns: indicator, period, value, unit, status, comparator, source, plan (did you mean 'unit'?)",
    ),
    Case(
        "column_missing.csv",
        1,
        "header, column value",
        "required column missing (缺少必需列)",
        NO_VALUE,
        "a header row with the columns indicator, period, value",
    ),
    Case(
        "column_repeated.csv",
        1,
        "header, column unit",
        "column appears more than once (列重复)",
        "unit",
        "each column once",
    ),
    Case(
        "duplicate_row.csv",
        4,
        "row 4",
        "duplicate row: same indicator, period and status as line 2 (重复行)",
        "industrial_output, 2021, actual",
        "one row per indicator, period and status",
    ),
    Case(
        "too_many_fields.csv",
        3,
        "row 3",
        "more fields than the header has columns",
        ["多余"],
        "at most 6 fields",
    ),
    Case(
        "malformed_quotes.csv",
        3,
        "row 3",
        "malformed CSV (CSV格式错误)",
        'industrial_output,2022,"236.8,亿元,actual,测试',
        "quotes doubled",
    ),
    Case(
        "empty.csv",
        1,
        "header",
        "empty file: no header row",
        NO_VALUE,
        "a header row such as indicator,period,value",
    ),
    Case(
        "not_utf8.csv",  # GBK-encoded: 亿 is D2 DA, and D2 DA is no UTF-8 sequence
        2,
        "",
        "not UTF-8 text (不是UTF-8编码) at byte 71",
        b"\xd2",
        "a UTF-8 encoded file (保存为UTF-8编码",
    ),
]


def test_every_bad_file_has_a_case_and_every_case_a_file() -> None:
    assert sorted(c.file for c in CASES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_bad_file(case: Case, plan: fp.Plan) -> None:
    path = BAD / case.file
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    err = info.value
    assert err.file == str(path)
    assert len(err.problems) == 1, err.problems
    (problem,) = err.problems
    assert problem.line == case.line
    assert problem.path == case.path
    assert case.message in problem.message
    if case.value is NO_VALUE:
        assert problem.value is NO_VALUE
    else:
        assert problem.value == case.value
    assert case.expected in problem.expected
    text = str(err)
    assert text.startswith(f"{path}: 1 problem in observations (观测数据有误)")
    assert f"line {case.line}" in text


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_only_plan_errors_escape(path: Path, plan: fp.Plan) -> None:
    """Whatever a bad file holds, the caller sees a PlanError (an ObservationsError) only."""
    try:
        fp.load_observations(path, plan)
    except PlanError as exc:
        assert type(exc) is ObservationsError
        assert exc.problems
    except BaseException as exc:  # pragma: no cover - the failure this test is for
        pytest.fail(f"{path.name}: {type(exc).__name__} escaped: {exc}")
    else:  # pragma: no cover
        pytest.fail(f"{path.name}: no error")


def test_missing_file(tmp_path: Path, plan: fp.Plan) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    (problem,) = info.value.problems
    assert problem.message.startswith("cannot read file (无法读取文件)")
    assert problem.value == str(path)
    assert problem.line is None
    assert info.value.file == str(path)


def test_a_folder_is_not_a_file(tmp_path: Path, plan: fp.Plan) -> None:
    with pytest.raises(ObservationsError, match="is not a regular file"):
        fp.load_observations(tmp_path, plan)


def test_every_problem_in_one_pass(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(
        tmp_path,
        HEADER
        + "industrial_outptu,2021,1,亿元,,\n"  # line 2: indicator
        + "industrial_output,2021,216.5,亿元,actual,\n"  # line 3: good
        + "industrial_output,2022.0,abc,亿度,final,\n"  # line 4: period, value, unit, status
        + "industrial_output,2021,216.5,,实际,\n",  # line 5: duplicate of line 3
    )
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    found = [(p.line, p.path) for p in info.value.problems]
    assert found == [
        (2, "row 2, column indicator"),
        (4, "row 4, column period"),
        (4, "row 4, column value"),
        (4, "row 4, column unit"),
        (4, "row 4, column status"),
        (5, "row 5"),
    ]
    assert "as line 3" in info.value.problems[-1].message


def test_a_missing_column_is_reported_once_not_per_row(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(tmp_path, "indicator,period\nindustrial_output,2021\nrd_spending,2021\n")
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    assert [p.path for p in info.value.problems] == ["header, column value"]


def test_rows_are_numbered_by_record_and_lines_physically(tmp_path: Path, plan: fp.Plan) -> None:
    """A quoted field spanning two lines: the next row's line is one more than its row."""
    path = write(
        tmp_path,
        HEADER + 'rd_spending,2021,4.96,亿元,actual,"第一行\n第二行"\nrd_spending,2022,x,,,\n',
    )
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("row 3, column value", 4)


def test_scientific_notation_is_read_as_a_record_float_is(tmp_path: Path, plan: fp.Plan) -> None:
    """1e-05 (as spreadsheets and pandas write small numbers) is read, as in the table of many
    plans (one reader, one rule), and equals the float a record gives."""
    path = write(tmp_path, HEADER + "rd_spending,2021,1e-05,亿元,,\n")
    (from_file,) = fp.load_observations(path, plan)
    (obs,) = fp.observations_from_records(
        [{"indicator": "rd_spending", "period": 2021, "value": 1e-05}], plan
    )
    assert obs.value.magnitude == 1e-05 and from_file.value == obs.value


def test_full_width_digits_are_written_back_as_ascii(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(tmp_path, HEADER + 'industrial_output,2021,"１,２３４",万元,,\n')
    (obs,) = fp.load_observations(path, plan)
    assert (obs.value.magnitude, obs.text) == (0.1234, "1234万元")


def test_a_number_too_large_for_a_float_is_refused(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(tmp_path, HEADER + f"rd_spending,2021,1{'0' * 400},亿元,,\n")
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("row 2, column value", 2)
    assert problem.message == "too large a number (数值过大)"
    with pytest.raises(ObservationsError, match="too large a number"):
        fp.observations_from_records(
            [{"indicator": "rd_spending", "period": 2021, "value": 10**400}], plan
        )


def test_a_number_too_large_is_reported_once_when_its_unit_converts(
    tmp_path: Path, plan: fp.Plan
) -> None:
    """Regression: a huge value in another unit (万元 for an 亿元 indicator) was listed twice,
    once as read and once after conversion."""
    path = write(tmp_path, HEADER + f"rd_spending,2021,1{'0' * 400},万元,,\n")
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("row 2, column value", "too large a number (数值过大)")
    ]


def test_rows_with_extra_fields_are_still_checked(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(tmp_path, HEADER + "rd_spending,2021,1,,,,\nrd_spending,2021,2,,,,x\n")
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, plan)
    assert [(p.line, p.path) for p in info.value.problems] == [(3, "row 3"), (3, "row 3")]
    assert "more fields" in info.value.problems[0].message
    assert "duplicate row" in info.value.problems[1].message


def test_every_bad_record_is_listed_record_by_record(plan: fp.Plan) -> None:
    """Records are read by the same reader as files: one problem per bad record, never a
    summary of the records sharing it."""
    records = [{"indicator": "rd_spending", "period": 2020 + i, "value": "x"} for i in range(3)]
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records(records, plan)
    assert [p.path for p in info.value.problems] == [f"records[{i}].value" for i in range(3)]


def _old_and_new(old_id: str) -> tuple[fp.Plan, fp.Plan]:
    """A plan (new: indicator ``output``) and its predecessor (old: indicator ``old_id``)."""
    old = fp.Plan(
        id="old",
        region="示例县",
        title="上一期",
        start_year=2016,
        end_year=2020,
        indicators=[fp.Indicator(id=old_id, name="旧指标", unit=fp.parse_unit("亿元"))],
    )
    new = fp.Plan(
        id="new",
        region="示例县",
        title="本期",
        start_year=2021,
        end_year=2025,
        indicators=[fp.Indicator(id="output", name="工业总产值", unit=fp.parse_unit("亿元"))],
        predecessor=old,
    )
    return old, new


def test_predecessor_indicators_are_not_accepted_and_the_message_says_why() -> None:
    old, new = _old_and_new("retired")
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records([{"indicator": "retired", "period": 2021, "value": 1}], new)
    (problem,) = info.value.problems
    assert problem.path == "records[0].indicator"
    assert "'retired' is an indicator of the predecessor plan 'old' only" in problem.expected
    (obs,) = fp.observations_from_records(
        [{"indicator": "retired", "period": 2019, "value": 1}], old
    )
    assert obs.indicator == "retired"


# -- good files -------------------------------------------------------------------------------
def test_wan_yuan_to_yi_yuan_is_exact(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(
        tmp_path,
        HEADER
        + "industrial_output,2021,1234567,万元,actual,\n"
        + "fiscal_st_spending,2021,0.07,亿元,actual,\n",
    )
    output, fiscal = fp.load_observations(path, plan)
    # pint's float arithmetic gives 123.45670000000001 and 700.0000000000001 ...
    assert fp.to_unit(fp.Quantity(1234567, "wan_yuan"), "亿元").magnitude != 123.4567
    assert fp.to_unit(fp.Quantity(0.07, "yi_yuan"), "万元").magnitude != 700.0
    # ... the loader converts in decimal, as written.
    assert output.value.magnitude == 123.4567
    assert output.value.units == fp.parse_unit("亿元")
    assert output.text == "1234567万元"
    assert fiscal.value.magnitude == 700.0
    assert fiscal.value.units == fp.parse_unit("万元")
    assert fiscal.text == "0.07亿元"


def test_empty_unit_means_the_indicators_unit(tmp_path: Path, plan: fp.Plan) -> None:
    path = write(tmp_path, HEADER + "fiscal_st_spending,2021,4020,,,\nrd_spending,2021,4.96,,,\n")
    fiscal, rd = fp.load_observations(path, plan)
    assert fiscal.value == fp.parse_quantity("4020万元")
    assert isinstance(fiscal.value.magnitude, int)
    assert rd.value == fp.parse_quantity("4.96亿元")
    assert fiscal.unit_stated and fiscal.text is None
    assert fiscal.status is fp.ObservationStatus.ACTUAL
    assert fiscal.comparator is fp.Comparator.EQ
    assert fiscal.source is None


def test_chinese_and_english_statuses(tmp_path: Path, plan: fp.Plan) -> None:
    statuses = ["实际", "预计", "初步", "actual", "Estimate", "PRELIMINARY"]
    rows = "".join(f"rd_spending,{2020 + i},5,亿元,{s},\n" for i, s in enumerate(statuses))
    found = [o.status.value for o in fp.load_observations(write(tmp_path, HEADER + rows), plan)]
    assert found == ["actual", "estimate", "preliminary", "actual", "estimate", "preliminary"]


def test_part_year_periods(tmp_path: Path, plan: fp.Plan) -> None:
    rows = (
        "industrial_output,2023年1-9月,184.6,亿元,初步,\n"
        "industrial_output,2023年三季度,184.7,亿元,预计,\n"
        "industrial_output,截至2022年6月,110,亿元,,\n"
        "industrial_output,２０２１年,216.5,亿元,,\n"
    )
    obs = fp.load_observations(write(tmp_path, HEADER + rows), plan)
    assert [o.period for o in obs] == [
        fp.Period(2023, 1, 9),
        fp.Period(2023, 1, 9),
        fp.Period(2022, 1, 6),
        fp.Period(2021),
    ]
    assert [o.period.is_partial for o in obs] == [True, True, True, False]


def test_bom_column_order_optional_columns_and_blank_lines(tmp_path: Path, plan: fp.Plan) -> None:
    path = tmp_path / "excel.csv"
    text = (
        "Value , indicator,period,comparator\r\n"
        "\r\n"
        "5.5,rd_spending,2021,以上\r\n"
        ",,,\r\n"
        '"1,234",fiscal_st_spending,2022,\r\n'
    )
    path.write_bytes(text.encode("utf-8-sig"))
    rd, fiscal = fp.load_observations(path, plan)
    assert rd.value == fp.parse_quantity("5.5亿元")
    assert rd.comparator is fp.Comparator.GE
    assert fiscal.value == fp.parse_quantity("1234万元")
    assert fiscal.period == fp.Period(2022)


def test_header_only_gives_no_observations(tmp_path: Path, plan: fp.Plan) -> None:
    assert fp.load_observations(write(tmp_path, HEADER), plan) == ()


def test_same_period_with_another_status_is_not_a_duplicate(tmp_path: Path, plan: fp.Plan) -> None:
    rows = "rd_spending,2021,4.9,亿元,预计,\nrd_spending,2021,4.96,亿元,实际,\n"
    assert len(fp.load_observations(write(tmp_path, HEADER + rows), plan)) == 2


def test_data_in_wan_yuan_and_yi_yuan_assess_alike(tmp_path: Path, plan: fp.Plan) -> None:
    yi = write(tmp_path, HEADER + "industrial_output,2023,254.3,亿元,,\n", "yi.csv")
    wan = write(tmp_path, HEADER + "industrial_output,2023,2543000,万元,,\n", "wan.csv")
    a = fp.assess(plan, observations=fp.load_observations(yi, plan))
    b = fp.assess(plan, observations=fp.load_observations(wan, plan))
    assert [x.to_dict() for x in a] == [x.to_dict() for x in b]
    output = next(x for x in a if x.indicator == "industrial_output")
    assert output.verdict is not fp.Verdict.INSUFFICIENT_DATA
    assert str(output.latest.period) == "2023"


# -- records ----------------------------------------------------------------------------------
def test_records_good(plan: fp.Plan) -> None:
    obs = fp.observations_from_records(
        [
            {"indicator": "industrial_output", "period": 2021, "value": 216.5},
            {"indicator": "industrial_output", "period": "2022年1-9月", "value": "170.2"},
            {"indicator": "fiscal_st_spending", "period": 2021, "value": 0.402, "unit": "亿元"},
            {"indicator": "rd_spending", "period": 2021, "value": 5, "status": None},
        ],
        plan,
    )
    assert [o.value for o in obs] == [
        fp.parse_quantity("216.5亿元"),
        fp.parse_quantity("170.2亿元"),
        fp.parse_quantity("4020万元"),
        fp.parse_quantity("5亿元"),
    ]
    assert obs[2].value.magnitude == 4020.0


@pytest.mark.parametrize(
    ("record", "path", "message", "value"),
    [
        ({"indicator": "rd_spending", "period": 2021.0, "value": 1}, "period", "decimal", 2021.0),
        ({"indicator": "rd_spending", "period": 2021, "value": math.nan}, "value", "finite", NAN),
        ({"indicator": "rd_spending", "period": 2021, "value": True}, "value", "wrong type", True),
        ({"indicator": "rd_spending", "period": 2021, "value": None}, "value", "empty", None),
        ({"indicator": 7, "period": 2021, "value": 1}, "indicator", "wrong type", 7),
        ({"indicator": "rd_spending", "period": 2021}, "value", "required key missing", NO_VALUE),
        (
            {"indicator": "rd_spending", "period": 2021, "value": 1, "units": "亿元"},
            "units",
            "unknown key",
            "亿元",
        ),
        (
            {"indicator": "rd_spending", "period": 2021, "value": 1, "unit": "亿度"},
            "unit",
            "单位不兼容",
            "亿度",
        ),
    ],
)
def test_bad_records(
    record: dict[str, Any], path: str, message: str, value: Any, plan: fp.Plan
) -> None:
    good = {"indicator": "rd_spending", "period": 2020, "value": 4.58}
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records([good, good | {"period": 2019}, record], plan)
    assert info.value.file is None
    (problem,) = info.value.problems
    assert problem.path == f"records[2].{path}"
    assert message in problem.message
    assert problem.line is None
    if value is NO_VALUE:
        assert problem.value is NO_VALUE
    elif value is NAN:
        assert math.isnan(problem.value)
    else:
        assert problem.value == value


def test_records_duplicates_name_the_first_record(plan: fp.Plan) -> None:
    rec = {"indicator": "rd_spending", "period": 2021, "value": 5}
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records([rec, {**rec, "period": "2021年"}], plan)
    (problem,) = info.value.problems
    assert problem.path == "records[1]"
    assert "as records[0]" in problem.message


@pytest.mark.parametrize("records", ["indicator,period", {"indicator": "x"}, 5])
def test_records_must_be_a_list_of_mappings(records: Any, plan: fp.Plan) -> None:
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records(records, plan)
    assert info.value.problems[0].path == "records"


def test_record_not_a_mapping(plan: fp.Plan) -> None:
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records([["rd_spending", 2021, 5]], plan)
    (problem,) = info.value.problems
    assert (problem.path, problem.message) == ("records[0]", "wrong type")


def test_plan_must_be_a_plan(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="plan must be a Plan"):
        fp.load_observations(write(tmp_path, HEADER), "dongkou")  # type: ignore[arg-type]


# -- the example file and the command ---------------------------------------------------------
def test_example_file_is_labelled_invented_in_every_row(plan: fp.Plan) -> None:
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert {r["source"] for r in rows} == {EXAMPLE_LABEL}
    readme = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE_LABEL in readme and "NOT official statistics" in readme
    obs = fp.load_observations(EXAMPLE, plan)
    assert len(obs) == len(rows)
    units = {r["unit"] for r in rows if r["indicator"] == "tech_market_turnover"}
    assert units == {"亿元"}  # a 万元 indicator given in 亿元 ...
    turnover = [o for o in obs if o.indicator == "tech_market_turnover"]
    assert turnover[0].value == fp.parse_quantity("8200万元")  # ... read in 万元


def _progress(*args: str) -> Any:
    return CliRunner().invoke(main, ["progress", "dongkou", "--observations", *args])


def test_cli_progress_with_the_example_observations() -> None:
    result = _progress(str(EXAMPLE), "--as-of", "2023")
    assert result.exit_code == 0, result.output
    assert "截至2023年" in result.output
    assert "观测数据 observations:" in result.output and "22条" in result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("全社会科技研发投入"))
    assert "5.83亿元" in line and "进展显著" in line


def test_cli_progress_json_and_csv() -> None:
    result = _progress(str(EXAMPLE), "--as-of", "2023", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    verdicts = {a["indicator"]: a["verdict"] for a in data["assessments"]}
    for ind in ("industrial_output", "rd_spending", "industrial_power_use", "fiscal_st_spending"):
        assert verdicts[ind] != "insufficient_data", ind
    assert data["observations"] == str(EXAMPLE)

    result = _progress(str(EXAMPLE), "--as-of", "2022", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == [
        "indicator",
        "target",
        "baseline",
        "latest",
        "required_rate",
        "actual_rate",
        "ratio",
        "verdict",
        "explanation",
    ]
    rd = next(r for r in rows if r["indicator"] == "rd_spending")
    assert (rd["target"], rd["baseline"], rd["latest"]) == (
        "≥6.87亿元（2025年）",
        "4.58亿元",
        "5.41亿元",
    )
    assert rd["required_rate"].endswith("%") and float(rd["ratio"]) > 0
    assert rd["verdict"] in {v.value for v in fp.Verdict} - {"insufficient_data"}
    assert rd["explanation"].startswith("需年均增长")
    assert len(rows) == len(fp.assess(fp.load("dongkou")))


def test_cli_progress_bad_observations_exit_2_with_every_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "industrial_outptu,2021,1,亿元,,\nindustrial_output,2021,1,亿度,,\n",
    )
    result = _progress(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "2 problems in observations" in result.stderr
    assert "line 2: row 2, column indicator" in result.stderr
    assert "line 3: row 3, column unit" in result.stderr


def test_cli_progress_missing_observations_file(tmp_path: Path) -> None:
    result = _progress(str(tmp_path / "none.csv"))
    assert result.exit_code == 2
    assert "cannot read file" in result.stderr


def test_did_you_mean_hint_follows_what_was_expected(plan: fp.Plan) -> None:
    """Regression: ``expected did you mean 'x'? an indicator id ...`` is not English."""
    records = [
        {"indicator": "rd_spendign", "period": 2021, "value": 1},
        {"indicator": "rd_spending", "period": 2021, "value": 1, "vaule": 2},
    ]
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records(records, plan)
    first, second = info.value.problems
    assert first.expected == (f"an indicator id of plan {plan.id!r} (did you mean 'rd_spending'?)")
    assert second.path == "records[1].vaule"
    assert second.expected == (
        "one of: indicator, period, value, unit, status, comparator, source (did you mean 'value'?)"
    )
    assert "expected did you mean" not in str(info.value)


def test_predecessor_indicator_hint_comes_before_the_explanation() -> None:
    _, new = _old_and_new("output_old")
    with pytest.raises(ObservationsError) as info:
        fp.observations_from_records([{"indicator": "output_old", "period": 2021, "value": 1}], new)
    (problem,) = info.value.problems
    assert problem.expected.startswith(
        "an indicator id of plan 'new' (did you mean 'output'?) — 'output_old' is an indicator "
        "of the predecessor plan 'old' only"
    )
