"""Bad plan files: each malformed input gives a specific PlanError with a precise Problem.

The files are in ``tests/data/bad``, one defect per file (the first line of each says what is
wrong), except the ``several_errors*`` files. Every test checks the error class (syntax vs
structure vs validation), the exact key path, the message, the offending value and what was
expected, and that the error names the file.

The section "regressions" at the end keeps fixed the defects found when this suite was written
(a traceback escaping, wrong paths, misleading messages, errors not all reported at once).
"""

from __future__ import annotations

import codecs
import json
import math
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import fyp_planning as fp
from fyp_planning.errors import (
    PlanError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
)

BAD = Path(__file__).parent / "data" / "bad"
NO_VALUE = Problem.NO_VALUE
IND = "indicators.industrial_output"

HEAD = """
id = "demo"
region = "示例县"
title = "示例县工业规划"
start_year = 2021
end_year = 2025
"""


class Case(NamedTuple):
    """One bad file and the one problem it must be reported with."""

    file: str
    error: type[PlanError]
    path: str
    message: str
    value: Any
    expected: str
    others: tuple[str, ...] = ()  # paths of further problems the file rightly has


SYNTAX, STRUCTURE, VALIDATION = PlanSyntaxError, PlanStructureError, PlanValidationError
INTEGER = "an integer (no quotes, no decimal point)"
PERIOD = "a year as a number (2020)"
A_LIST = "a list"

CASES = [
    # -- wrong types ---------------------------------------------------------------------
    Case("start_year_quoted.toml", STRUCTURE, "start_year", "wrong type", "2021", INTEGER),
    Case("start_year_bool.toml", STRUCTURE, "start_year", "wrong type", True, INTEGER),
    Case("start_year_float.toml", STRUCTURE, "start_year", "wrong type", 2021.0, INTEGER),
    Case("json_start_year_float.json", STRUCTURE, "start_year", "wrong type", 2021.0, INTEGER),
    Case(
        "observation_period_quoted.toml",
        STRUCTURE,
        f"{IND}.observations[0].period",
        "quoted year",
        "2020",
        PERIOD,
    ),
    Case(
        "observation_period_fraction.toml",
        STRUCTURE,
        f"{IND}.observations[0].period",
        "wrong type",
        2020.5,
        PERIOD,
    ),
    Case(
        "observation_period_bad_month.toml",
        STRUCTURE,
        f"{IND}.observations[0].period",
        "not a period",
        "2020年13月",
        "'2020年1-9月'",
    ),
    Case(
        "observation_value_bool.toml",
        STRUCTURE,
        f"{IND}.observations[0].value",
        "wrong type",
        True,
        "a number, or a quantity as text",
    ),
    Case(
        "target_year_float.toml", STRUCTURE, f"{IND}.targets[0].year", "wrong type", 2025.0, INTEGER
    ),
    Case("targets_number.toml", STRUCTURE, f"{IND}.targets", "wrong type", 300, A_LIST),
    # A string where a list belongs is refused whole, never split into characters.
    Case("targets_string.toml", STRUCTURE, f"{IND}.targets", "wrong type", "达到300亿元", A_LIST),
    Case(
        "enterprise_chains_string.toml",
        STRUCTURE,
        "enterprises.lameizi.chains",
        "wrong type",
        "food",
        A_LIST,
    ),
    Case("park_towns_string.toml", STRUCTURE, "parks.gaosha.towns", "wrong type", "高沙镇", A_LIST),
    Case(
        "indicator_name_table.toml",
        STRUCTURE,
        f"{IND}.name",
        "wrong type",
        {"zh": "工业总产值"},
        "text",
    ),
    Case("json_indicator_name_null.json", STRUCTURE, f"{IND}.name", "wrong type", None, "text"),
    Case(
        "json_indicators_list.json",
        STRUCTURE,
        "indicators",
        "wrong type",
        [{"name": "工业总产值", "unit": "亿元"}],
        "a table of entries keyed by id",
    ),
    # -- rates must carry % or ‰ -----------------------------------------------------------
    Case(
        "target_rate_number.toml",
        STRUCTURE,
        f"{IND}.targets[0].rate",
        "wrong type",
        10,
        "with % or ‰",
    ),
    Case(
        "target_rate_without_percent.toml",
        STRUCTURE,
        f"{IND}.targets[0].rate",
        "not a rate",
        "10",
        "with % or ‰",
    ),
    # -- units -----------------------------------------------------------------------------
    Case(
        "indicator_unit_unknown.toml",
        STRUCTURE,
        "indicators.export_value.unit",
        "unknown unit",
        "亿美刀",
        "a known unit, e.g. 亿元",
    ),
    Case(
        "target_unit_incompatible.toml",
        VALIDATION,
        f"{IND}.targets[0].value",
        "unit incompatible with indicator industrial_output (亿元)",
        "300亿度",
        "a quantity in 亿元",
    ),
    Case(
        "observation_unit_incompatible.toml",
        VALIDATION,
        f"{IND}.observations[0].value",
        "unit incompatible with indicator industrial_output (亿元)",
        "198亿度",
        "a quantity in 亿元",
    ),
    # -- unknown keys, with did-you-mean hints --------------------------------------------
    Case(
        "unknown_top_level_key.toml",
        STRUCTURE,
        "titel",
        "unknown key",
        "洞口县规划",
        "(did you mean 'title'?)",
    ),
    Case(
        "indicator_unknown_key.toml",
        STRUCTURE,
        f"{IND}.nmae",
        "unknown key",
        "工业总产值",
        "(did you mean 'name'?)",
        others=(f"{IND}.name",),  # the misspelt key leaves name missing: both are reported
    ),
    Case(
        "target_unknown_key.toml",
        STRUCTURE,
        f"{IND}.targets[0].vaule",
        "unknown key",
        300,
        "(did you mean 'value'?)",
    ),
    Case(
        "observation_unknown_key.toml",
        STRUCTURE,
        f"{IND}.observations[0].sorce",
        "unknown key",
        "表2",
        "(did you mean 'source'?)",
    ),
    Case(
        "enterprise_unknown_key.toml",
        STRUCTURE,
        "enterprises.lameizi.chian",
        "unknown key",
        ["food"],
        "(did you mean 'chains'?)",
    ),
    Case(
        "indicator_with_id_key.toml",
        STRUCTURE,
        f"{IND}.id",
        "unknown key",
        "industrial_output",
        "the table name 'industrial_output' is the id",
    ),
    # -- missing required keys ------------------------------------------------------------
    Case("plan_id_missing.toml", STRUCTURE, "id", "required key missing", NO_VALUE, "text"),
    Case(
        "indicator_name_missing.toml",
        STRUCTURE,
        f"{IND}.name",
        "required key missing",
        NO_VALUE,
        "text",
    ),
    Case(
        "indicator_unit_missing.toml",
        STRUCTURE,
        f"{IND}.unit",
        "required key missing",
        NO_VALUE,
        "a unit as text",
    ),
    Case(
        "target_year_missing.toml",
        STRUCTURE,
        f"{IND}.targets[0].year",
        "required key missing",
        NO_VALUE,
        "an integer",
    ),
    Case(
        "level_target_without_value.toml",
        STRUCTURE,
        f"{IND}.targets[0].value",
        "required key missing for a level target",
        NO_VALUE,
        "a number or a quantity",
    ),
    Case(
        "growth_target_without_rate.toml",
        STRUCTURE,
        f"{IND}.targets[0].rate",
        "required key missing for a growth target",
        NO_VALUE,
        "a rate as text such as '10%'",
    ),
    # -- targets ---------------------------------------------------------------------------
    Case(
        "target_year_outside_period.toml",
        VALIDATION,
        f"{IND}.targets[0].year",
        "target year outside the plan period 2021–2025",
        2030,
        "a year from 2021 to 2025",
    ),
    Case(
        "target_kind_unknown.toml",
        STRUCTURE,
        f"{IND}.targets[0].kind",
        "unknown target kind",
        "doubling",
        "level, growth, share",
    ),
    Case(
        "target_phrase_unparseable.toml",
        STRUCTURE,
        f"{IND}.targets[0].text",
        "cannot read target phrase '逐步提高'",
        "逐步提高",
        "'年均增长10%以上'",
    ),
    # -- enums -----------------------------------------------------------------------------
    Case(
        "indicator_kind_unknown.toml",
        STRUCTURE,
        f"{IND}.kind",
        "unknown choice",
        "mandatory",
        "binding (约束性), anticipatory (预期性)",
    ),
    # -- references between entries --------------------------------------------------------
    Case(
        "statement_unknown_indicator.toml",
        VALIDATION,
        "statements.output_growth.indicator",
        "unknown indicator",
        "industrial_outptu",
        "one of: industrial_output",
    ),
    Case(
        "enterprise_unknown_chain.toml",
        VALIDATION,
        "enterprises.lameizi.chains[0]",
        "unknown chain",
        "food",
        "one of: textiles",
    ),
    Case(
        "project_unknown_enterprise.toml",
        VALIDATION,
        "projects.shengjie.enterprise",
        "unknown enterprise",
        "shengjie_co",
        "one of: lameizi",
    ),
    Case(
        "park_unknown_parent.toml",
        VALIDATION,
        "parks.gaosha.parent",
        "unknown park",
        "dongkou_zone",
        "one of: gaosha",
    ),
    # -- files that cannot be read --------------------------------------------------------
    Case(
        "duplicate_indicator_table.toml",
        SYNTAX,
        "",
        "Cannot declare ('indicators', 'industrial_output') twice",
        NO_VALUE,
        "",
    ),
    Case("broken_toml_syntax.toml", SYNTAX, "", "invalid TOML: Invalid value", NO_VALUE, ""),
    Case("invalid_json.json", SYNTAX, "", "invalid JSON: Expecting property name", NO_VALUE, ""),
    Case(
        "json_document_array.json",
        SYNTAX,
        "",
        "the document is not an object",
        "list",
        "a JSON object",
    ),
    # GBK 示 is CA BE, which happens to be valid UTF-8 (U+02BE); 例 (C0 FD) is not: byte 63.
    Case(
        "not_utf8_gbk.toml",
        SYNTAX,
        "",
        "not UTF-8 text (byte 63)",
        NO_VALUE,
        "a UTF-8 encoded file",
    ),
    Case("plan.yaml", SYNTAX, "", "unknown plan file type", ".yaml", "a .toml or .json file"),
    # -- predecessors ----------------------------------------------------------------------
    Case(
        "predecessor_missing_file.toml",
        STRUCTURE,
        "predecessor(no-such-plan.toml)",
        "cannot read file",
        NO_VALUE,
        "",
    ),
    Case(
        "cycle_a.toml",
        STRUCTURE,
        "predecessor(cycle_b.toml).predecessor",
        "plans name each other as predecessor (a cycle)",
        "cycle_a.toml",
        "an earlier plan",
    ),
    Case(
        "cycle_b.toml",
        STRUCTURE,
        "predecessor(cycle_a.toml).predecessor",
        "plans name each other as predecessor (a cycle)",
        "cycle_b.toml",
        "an earlier plan",
    ),
]


def load_error(path: Path) -> PlanError:
    """The PlanError loading ``path`` raises (any other exception fails the test)."""
    with pytest.raises(PlanError) as info:
        fp.load_plan(path)
    return info.value


def problem_at(exc: PlanError, path: str) -> Problem:
    found = [p for p in exc.problems if p.path == path]
    assert len(found) == 1, f"expected one problem at {path!r}, got:\n{exc}"
    return found[0]


def same_value(actual: Any, expected: Any) -> bool:
    """Equal and of the same type: True is not 1, 2021.0 is not 2021."""
    if expected is NO_VALUE:
        return actual is NO_VALUE
    return type(actual) is type(expected) and actual == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_bad_file_is_reported_precisely(case: Case) -> None:
    path = BAD / case.file
    exc = load_error(path)
    assert type(exc) is case.error, f"{type(exc).__name__}: {exc}"
    assert sorted(p.path for p in exc.problems) == sorted([case.path, *case.others])
    problem = problem_at(exc, case.path)
    assert case.message in problem.message
    assert same_value(problem.value, case.value), f"value {problem.value!r}"
    assert case.expected in problem.expected
    if case.expected == "":
        assert problem.expected == ""
    # The error names the file, and its text carries the problem.
    assert exc.file == str(path)
    text = str(exc)
    assert text.startswith(f"{path}: ")
    assert case.message in text
    if case.path:
        assert f"{case.path}: " in text


def test_missing_file() -> None:
    path = BAD / "does-not-exist.toml"
    exc = load_error(path)
    assert type(exc) is PlanSyntaxError
    (problem,) = exc.problems
    assert problem.path == ""
    assert problem.message.startswith("cannot read file: ")
    assert problem.value is NO_VALUE
    assert str(path) in str(exc)


@pytest.mark.parametrize(
    ("file", "line"), [("broken_toml_syntax.toml", 11), ("duplicate_indicator_table.toml", 12)]
)
def test_toml_syntax_error_message_names_the_line(file: str, line: int) -> None:
    (problem,) = load_error(BAD / file).problems
    assert f"(at line {line}, column " in problem.message


def test_json_syntax_error_carries_the_line() -> None:
    exc = load_error(BAD / "invalid_json.json")
    (problem,) = exc.problems
    assert problem.line == 7  # the "}" after the trailing comma
    assert "(column 1)" in problem.message
    assert "  - line 7: invalid JSON" in str(exc)


def test_several_errors_are_reported_at_once() -> None:
    exc = load_error(BAD / "several_errors.toml")
    assert type(exc) is PlanStructureError
    found = {p.path: p for p in exc.problems}
    expected = {
        "titel": ("unknown key", "洞口县规划"),
        "indicators.industrial_output.unit": ("unknown unit", "亿美刀"),
        "indicators.industrial_power_use.observations[0].period": ("quoted year", "2020"),
        "indicators.industrial_power_use.targets[0].rate": ("wrong type", 10),
        # Contradictions of well-formed entries are reported along with the structure errors.
        "indicators.industrial_tax.targets[0].year": ("target year outside the plan period", 2030),
        "indicators.industrial_tax.targets[0].value": ("unit incompatible", "2.5亿度"),
        "enterprises.lameizi.chains[0]": ("unknown chain", "food"),
    }
    assert sorted(found) == sorted(expected), str(exc)
    for path, (message, value) in expected.items():
        assert message in found[path].message
        assert same_value(found[path].value, value)
    # The statement about the broken indicator gets no second, derived "unknown indicator".
    assert not any(p.path.startswith("statements.") for p in exc.problems)
    assert str(exc).startswith(f"{BAD / 'several_errors.toml'}: 7 problems in plan")


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("约束性", fp.IndicatorKind.BINDING),
        ("binding", fp.IndicatorKind.BINDING),
        ("预期性", fp.IndicatorKind.ANTICIPATORY),
    ],
)
def test_indicator_kind_accepts_the_chinese_label(
    tmp_path: Path, written: str, kind: fp.IndicatorKind
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(
        HEAD + f'[indicators.energy]\nname = "能耗"\nunit = "%"\nkind = "{written}"\n',
        encoding="utf-8",
    )
    assert fp.load_plan(path).indicator("energy").kind is kind


# -- guards for defects fixed while these tests were written ----------------------------------


def test_json_duplicate_keys_are_rejected() -> None:
    """A JSON object with a key twice is refused, as TOML refuses a table declared twice.

    (json.loads alone keeps the last entry silently; the loader must not.)
    """
    path = BAD / "json_duplicate_indicator.json"
    exc = load_error(path)
    assert type(exc) is PlanSyntaxError
    (problem,) = exc.problems
    assert "defined more than once" in problem.message
    assert same_value(problem.value, "industrial_output")
    assert "once" in problem.expected
    assert str(exc).startswith(f"{path}: ")


def test_non_finite_values_are_refused() -> None:
    """``nan`` (TOML) is not a figure a plan can state."""
    exc = load_error(BAD / "observation_value_nan.toml")
    assert type(exc) is PlanStructureError
    (problem,) = exc.problems
    assert problem.path == f"{IND}.observations[0].value"
    assert "finite" in problem.message
    assert type(problem.value) is float and math.isnan(problem.value)
    assert "number" in problem.expected


def test_a_json_number_too_large_for_a_float_is_refused_as_written() -> None:
    """``1e400`` (JSON) is refused as the file writes it, not as the ``inf`` it would read as."""
    exc = load_error(BAD / "json_value_overflow.json")
    assert type(exc) is PlanStructureError
    (problem,) = exc.problems
    assert problem.path == f"{IND}.observations[0].value"
    assert problem.message == "number out of range"
    assert problem.value == "1e400"
    assert problem.expected == "a number of magnitude at most 1e+18"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_utf8_with_bom_is_read(tmp_path: Path, fmt: str) -> None:
    """Windows Notepad saves UTF-8 with a byte-order mark; the file must read as written."""
    text = HEAD if fmt == "toml" else json.dumps(tomllib.loads(HEAD), ensure_ascii=False)
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert fp.load_plan(path).region == "示例县"


# -- catch-all: nothing but PlanError escapes ---------------------------------------------------
BAD_FILES = sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", BAD_FILES)
def test_only_plan_errors_escape(name: str) -> None:
    """No KeyError / TypeError / pint / cattrs / tomllib exception may reach the caller."""
    try:
        fp.load_plan(BAD / name)
    except PlanError:
        pass
    except Exception as exc:  # the point of the test: report what leaked, and from where
        pytest.fail(f"{type(exc).__module__}.{type(exc).__name__} escaped: {exc}")


# -- regressions: bugs found in review, fixed, and kept fixed ----------------------------------


def test_toml_syntax_error_carries_the_line_number() -> None:
    """Regression: ``Problem.line`` is None for TOML errors on Python < 3.14.

    ``tomllib.TOMLDecodeError`` has a ``lineno`` attribute only from Python 3.14; before, the
    line is only inside the message text, so ``getattr(exc, "lineno", None)`` gives None.
    """
    for file, line in [("broken_toml_syntax.toml", 11), ("duplicate_indicator_table.toml", 12)]:
        exc = load_error(BAD / file)
        (problem,) = exc.problems
        assert problem.line == line, f"{file}: line {problem.line!r}"
        assert f"  - line {line}: invalid TOML" in str(exc)


def test_structure_error_in_a_plan_with_base_year() -> None:
    """Regression: any structure error in a file that sets base_year raises TypeError.

    ``_build`` makes ``SimpleNamespace(base_year=..., **fields)`` while ``fields`` holds
    ``base_year`` too. dongkou-14th.toml sets base_year, so one typo there gives a traceback.
    """
    exc = load_error(BAD / "base_year_with_unknown_key.toml")
    assert type(exc) is PlanStructureError
    (problem,) = exc.problems
    assert problem.path == "titel" and problem.expected.endswith(" (did you mean 'title'?)")


def test_json_null_target_value() -> None:
    """Regression: ``"value": null`` in a level target raises pint's TypeError (Invalid magnitude)."""
    exc = load_error(BAD / "json_target_value_null.json")
    assert type(exc) is PlanStructureError
    problem = problem_at(exc, f"{IND}.targets[0].value")
    assert "a number" in problem.expected


def test_json_null_target_rate() -> None:
    """Regression: ``"rate": null`` is reported at targets[0] (not .rate), with an internal message.

    Observed: ``rate must be a quantity of fyp_planning.ureg (e.g. parse_quantity('300亿元')),
    got None`` — a message for Python callers, no value, no expected.
    """
    exc = load_error(BAD / "json_target_rate_null.json")
    assert type(exc) is PlanStructureError
    problem = problem_at(exc, f"{IND}.targets[0].rate")
    assert "ureg" not in problem.message
    assert "%" in problem.expected


def test_target_paths_keep_their_index_after_a_failed_target() -> None:
    """Regression: when targets[0] cannot be built, the errors of targets[1] are reported at targets[0].

    ``plan_problems`` numbers the targets that were built, not the entries of the file.
    """
    exc = load_error(BAD / "target_index_after_failed_target.toml")
    assert [p.path for p in exc.problems] == [
        f"{IND}.targets[0].kind",
        f"{IND}.targets[1].year",
        f"{IND}.targets[1].value",
    ]


def test_several_errors_in_one_indicator_are_all_reported() -> None:
    """Regression: one bad observation hides the errors of the same indicator's targets.

    The whole indicator is dropped when any of its keys fails, so its valid targets never
    reach the consistency checks (year outside the period, incompatible unit).
    """
    exc = load_error(BAD / "several_errors_same_indicator.toml")
    assert sorted(p.path for p in exc.problems) == sorted(
        [
            f"{IND}.observations[0].period",
            f"{IND}.targets[0].year",
            f"{IND}.targets[0].value",
        ]
    ), str(exc)


def test_bad_header_does_not_hide_broken_references() -> None:
    """Regression: a bad start_year stops the load before any reference is checked.

    Unknown indicators and chains do not depend on the period, yet only start_year is reported.
    """
    exc = load_error(BAD / "several_errors_bad_header.toml")
    assert type(exc) is PlanStructureError
    assert sorted(p.path for p in exc.problems) == sorted(
        [
            "start_year",
            "statements.output_growth.indicator",
            "enterprises.lameizi.chains[0]",
        ]
    ), str(exc)


@pytest.mark.parametrize(
    ("file", "path", "message", "value"),
    [
        pytest.param(
            "indicator_name_empty.toml",
            f"{IND}.name",
            "non-empty",
            "",
            id="indicator_name_empty.toml",
        ),
        pytest.param(
            "indicator_limit_incompatible.toml",
            f"{IND}.limit",
            "亿元",
            "500亿度",
            id="indicator_limit_incompatible.toml",
        ),
        pytest.param(
            "share_target_not_a_share.toml",
            f"{IND}.targets[0].value",
            "share",
            "300亿元",
            id="share_target_not_a_share.toml",
        ),
        pytest.param(
            "enterprise_id_uppercase.toml",
            "enterprises.LaMeiZi",
            "not an ASCII id",
            "LaMeiZi",
            id="enterprise_id_uppercase.toml",
        ),
    ],
)
def test_model_checks_name_the_key_value_and_expectation(
    file: str, path: str, message: str, value: Any
) -> None:
    """Regression: errors from the model classes' own checks lose the key, the value or the expectation.

    Observed: an empty name and a bad limit are reported at the indicator, a non-share value at
    the target, all with no value and no ``expected``; a bad enterprise id gets as value the whole
    table (with an ``id`` key the file does not have) and ``expected a table``.
    """
    exc = load_error(BAD / file)
    assert type(exc) is PlanStructureError
    (problem,) = exc.problems
    assert problem.path == path
    assert message in problem.message
    assert same_value(problem.value, value), f"value {problem.value!r}"
    assert problem.expected and problem.expected != "a table"


@pytest.mark.parametrize(
    ("file", "path", "value"),
    [
        pytest.param(
            "observation_item_not_table.toml",
            f"{IND}.observations[0]",
            "2020: 198亿元",
            id="observation_item_not_table.toml",
        ),
        pytest.param(
            "target_item_not_table.toml", f"{IND}.targets[0]", 300, id="target_item_not_table.toml"
        ),
    ],
)
def test_list_item_of_the_wrong_type(file: str, path: str, value: Any) -> None:
    """Regression: a list item that is not a table gets Python's own words as the message.

    Observed: ``'str' object has no attribute 'keys'`` and ``argument of type 'int' is not
    iterable``; the path, value and ``expected a table`` are right.
    """
    exc = load_error(BAD / file)
    assert type(exc) is PlanStructureError
    (problem,) = exc.problems
    assert problem.path == path
    assert problem.message == "wrong type"
    assert same_value(problem.value, value)
    assert problem.expected == "a table"


def test_json_duplicate_key_has_its_full_path() -> None:
    """Regression: a repeated JSON key is reported with the bare key as its path.

    Observed: path ``industrial_output``; expected ``indicators.industrial_output``, the key path
    every other problem uses (a repeated ``"name"`` in one of 30 indicators would be unfindable).
    """
    (problem,) = load_error(BAD / "json_duplicate_indicator.json").problems
    assert problem.path == "indicators.industrial_output"


# -- every file in tests/data/bad is checked by a specific test above ---------------------------
CHECKED_ELSEWHERE = {
    "base_year_with_unknown_key.toml",
    "enterprise_id_uppercase.toml",
    "indicator_limit_incompatible.toml",
    "indicator_name_empty.toml",
    "json_duplicate_indicator.json",
    "json_target_rate_null.json",
    "json_target_value_null.json",
    "observation_item_not_table.toml",
    "observation_value_nan.toml",
    "several_errors.toml",
    "several_errors_bad_header.toml",
    "several_errors_same_indicator.toml",
    "share_target_not_a_share.toml",
    "target_index_after_failed_target.toml",
    "target_item_not_table.toml",
    "json_value_overflow.json",
}


def test_every_bad_file_has_its_own_test() -> None:
    in_table = {c.file for c in CASES}
    assert not in_table & CHECKED_ELSEWHERE
    assert set(BAD_FILES) == in_table | CHECKED_ELSEWHERE
    assert len(BAD_FILES) >= 30


def test_an_indicator_that_cannot_be_built_still_has_its_items_checked() -> None:
    # The README's example: a bad unit does not hide a quoted year in the same indicator.
    text = (
        'id = "demo"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'
        '[indicators.industrial_output]\nname = "工业总产值"\nunit = "亿美刀"\n'
        'observations = [{ period = "2020", value = "198亿元" }]\n'
        'targets = [{ year = "2025", text = "达到300亿元" }]\n'
    )
    with pytest.raises(fp.PlanError) as info:
        fp.loads_plan(text)
    assert [p.path for p in info.value.problems] == [
        "indicators.industrial_output.unit",
        "indicators.industrial_output.observations[0].period",
        "indicators.industrial_output.targets[0].year",
    ]


# -- did-you-mean hints and the heading -------------------------------------------------------
@pytest.mark.parametrize(
    "file",
    [c.file for c in CASES if c.message == "unknown key" and "did you mean" in c.expected],
)
def test_did_you_mean_hint_follows_what_was_expected(file: str) -> None:
    """Regression: ``expected did you mean 'title'? one of: ...`` is not English.

    The hint comes after what was expected, in parentheses: ``expected one of: ... (did you
    mean 'title'?)``.
    """
    exc = load_error(BAD / file)
    problem = next(p for p in exc.problems if p.message == "unknown key")
    assert problem.expected.startswith("one of: "), problem.expected
    assert problem.expected.endswith("?)") and " (did you mean '" in problem.expected
    assert "expected did you mean" not in str(exc)


def test_no_hint_when_nothing_is_close() -> None:
    with pytest.raises(PlanStructureError) as info:
        fp.loads_plan(HEAD + "zzzzzz = 1\n")
    (problem,) = info.value.problems
    assert problem.path == "zzzzzz" and problem.expected.startswith("one of: id, region, ")
    assert "did you mean" not in problem.expected


def test_heading_of_structure_problems_only() -> None:
    exc = load_error(BAD / "unknown_top_level_key.toml")
    assert (
        str(exc).splitlines()[0]
        == f"{BAD / 'unknown_top_level_key.toml'}: 1 problem in plan (结构错误)"
    )
    assert [p.kind for p in exc.problems] == ["structure"]


def test_heading_of_validation_problems_only() -> None:
    exc = load_error(BAD / "target_unit_incompatible.toml")
    assert type(exc) is PlanValidationError
    assert str(exc).splitlines()[0].endswith(": 1 problem in plan (内容校验错误)")
    assert [p.kind for p in exc.problems] == ["validation"]


def test_heading_counts_each_kind_when_they_are_mixed() -> None:
    """Regression: a list with contradictions too is headed ``7 problems in plan (结构错误)``.

    The class stays :class:`PlanStructureError` (the structure step failed); the heading says
    what the list holds.
    """
    exc = load_error(BAD / "several_errors.toml")
    assert type(exc) is PlanStructureError
    assert str(exc).splitlines()[0] == (
        f"{BAD / 'several_errors.toml'}: 7 problems in plan "
        "(结构错误 structure: 4; 内容校验错误 validation: 3)"
    )
    kinds = {p.path: p.kind for p in exc.problems}
    assert kinds["indicators.industrial_output.unit"] == "structure"
    assert kinds["indicators.industrial_tax.targets[0].year"] == "validation"
    assert kinds["enterprises.lameizi.chains[0]"] == "validation"


def test_heading_of_a_predecessor_that_cannot_be_read() -> None:
    exc = load_error(BAD / "predecessor_missing_file.toml")
    assert type(exc) is PlanStructureError  # as before: the plan's own structure step failed
    assert str(exc).splitlines()[0].endswith(": 1 problem in plan (文件无法读取或格式错误)")
    assert [p.kind for p in exc.problems] == ["syntax"]


def test_problem_kind_is_keyword_only_and_not_compared() -> None:
    a = Problem("x", "unknown key", 1, "one of: y")
    b = Problem("x", "unknown key", 1, "one of: y", kind="structure")
    assert a == b and hash(a) == hash(b) and a.kind == ""
    assert PlanValidationError([a]).problems[0].kind == "validation"
    assert PlanStructureError([b, a]).problems == (b, a)
    assert (
        str(PlanError([a]))
        == "1 problem in plan (规划有误)\n  - x: unknown key; got 1; expected one of: y"
    )
    # A problem keeps its own kind inside an error of another class.
    assert (
        PlanStructureError([Problem("y", "m", kind="validation")]).problems[0].kind == "validation"
    )
