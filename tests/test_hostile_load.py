"""Hostile plan files and observations (issue 14, the loading side): each reproducer of the issue
gives a clean, path-qualified error — no hang, no traceback, nothing read outside the plan's
folder, nothing of a foreign file echoed.

The inputs that hung or ran out of memory before (a FIFO, a symlink to ``/dev/zero``) are loaded
in a child process with a memory limit and a generous timeout, so that a regression fails the
test instead of hanging or killing the suite; the rest run in-process. Where the issue gave a
slow input, the test asserts the refusal comes before the expensive work (the parser is never
called), rather than timing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import limits
from fyp_planning.errors import (
    ObservationsError,
    PlanError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
)

HEAD = """\
id = "demo"
region = "示例县"
title = "示例"
start_year = 2021
end_year = 2025
"""
INDICATOR = """
[indicators.o]
name = "工业总产值"
unit = "亿元"
"""
SECRET = "SECRET-123"
LEAKS = ("set_int_max_str_digits", "Traceback", "RecursionError")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error(path: Path) -> PlanError:
    with pytest.raises(PlanError) as info:
        fp.load_plan(path)
    assert not any(leak in str(info.value) for leak in LEAKS)
    return info.value


def text_error(text: str, fmt: str = "toml") -> PlanError:
    with pytest.raises(PlanError) as info:
        fp.loads_plan(text, fmt, name=f"x.{fmt}")
    assert not any(leak in str(info.value) for leak in LEAKS)
    return info.value


def only(exc: PlanError, path: str | None = None) -> Problem:
    (problem,) = exc.problems
    if path is not None:
        assert problem.path == path, str(exc)
    return problem


def run_isolated(code: str, cwd: Path) -> Any:
    """Run ``code`` (which prints one JSON value) in a child process limited to 1 GiB of memory
    and 120 s: an input that blocks or reads without end fails the test, never the suite."""
    prelude = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- 1. files that hang or never end ------------------------------------------------------------
LOAD_ALL = """
import json, fyp_planning as fp
out = {}
for name in NAMES:
    try:
        fp.load_plan(name)
        out[name] = None
    except fp.PlanError as exc:
        out[name] = [[p.path, p.message, p.value if isinstance(p.value, str) else None]
                     for p in exc.problems]
print(json.dumps(out))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    """``predecessor = "pipe.toml"`` naming a FIFO blocked forever; a symlink to /dev/zero as
    predecessor or as the plan read until memory ran out."""
    os.mkfifo(tmp_path / "pipe.toml")
    os.symlink("/dev/zero", tmp_path / "zero.toml")
    write(tmp_path / "fifo-pred.toml", HEAD + 'predecessor = "pipe.toml"\n')
    write(tmp_path / "zero-pred.toml", HEAD + 'predecessor = "zero.toml"\n')
    names = ["fifo-pred.toml", "zero-pred.toml", "pipe.toml", "zero.toml"]
    found = run_isolated(f"NAMES = {names!r}\n" + LOAD_ALL, tmp_path)
    assert found["fifo-pred.toml"] == [
        [
            "predecessor",
            "refused: pipe.toml is not a regular file (a pipe, a device or a folder)",
            "pipe.toml",
        ]
    ]
    ((path, message, value),) = found["zero-pred.toml"]
    assert (path, value) == ("predecessor", "zero.toml")
    assert message.startswith("refused: zero.toml lies outside the plan folder")
    assert found["pipe.toml"] == [
        ["", "refused: pipe.toml is not a regular file (a pipe, a device or a folder)", None]
    ]
    assert found["zero.toml"] == [
        ["", "refused: zero.toml is not a regular file (a pipe, a device or a folder)", None]
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_folder_plugin_with_a_fifo_and_dev_zero_is_read_safely(tmp_path: Path) -> None:
    """A folder plan source is scanned for predecessor names: a symlink to /dev/zero or a FIFO
    there was read to the end (or forever)."""
    write(tmp_path / "plans" / "14th.toml", HEAD + 'predecessor = "13th.toml"\n')
    write(tmp_path / "plans" / "13th.toml", HEAD.replace("2021", "2016").replace("2025", "2020"))
    os.mkfifo(tmp_path / "plans" / "pipe.toml")
    os.symlink("/dev/zero", tmp_path / "plans" / "zero.toml")
    found = run_isolated(
        """
        import json
        from fyp_planning.errors import PluginError
        from fyp_planning.registry import Plugin
        try:
            print(json.dumps(Plugin.from_folder("plans").main))
        except PluginError as exc:
            print(json.dumps(str(exc)))
        """,
        tmp_path,
    )
    # Neither the pipe nor /dev/zero names a predecessor: three candidate main plans.
    assert "pipe.toml" in found and "zero.toml" in found and "14th.toml" in found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_observations_and_store_tables_that_are_pipes_or_devices_are_refused(
    tmp_path: Path,
) -> None:
    """The CSV readers and the plan store stream their files: they are opened without
    blocking and refused unless regular, before a byte is read."""
    pytest.importorskip("pyarrow")
    write(tmp_path / "plan.toml", HEAD + INDICATOR)
    os.mkfifo(tmp_path / "obs.csv")
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    fp.dump_plan_store([fp.loads_plan(HEAD + INDICATOR)], tmp_path / "store")
    (tmp_path / "store" / "plans.parquet").unlink()
    os.mkfifo(tmp_path / "store" / "plans.parquet")
    found = run_isolated(
        """
        import json, fyp_planning as fp
        plan = fp.load_plan("plan.toml")
        out = []
        for call in (lambda: fp.load_observations("obs.csv", plan),
                     lambda: fp.load_observations("zero.csv", plan),
                     lambda: fp.load_observation_table("obs.csv", [plan]),
                     lambda: fp.load_plan_store("store")):
            try:
                call()
                out.append(None)
            except fp.PlanError as exc:
                out.append([p.message for p in exc.problems])
        print(json.dumps(out))
        """,
        tmp_path,
    )
    regular = "is not a regular file (a pipe, a device or a folder)"
    assert found == [
        [f"refused: obs.csv {regular}"],
        [f"refused: zero.csv {regular}"],
        [f"refused: obs.csv {regular}"],
        [f"refused: store/plans.parquet {regular}"],
    ]


def test_a_predecessor_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as f:  # sparse: nothing is written, and nothing must be read
        f.truncate(limits.MAX_PLAN_FILE_BYTES + 1)
    main = write(tmp_path / "main.toml", HEAD + 'predecessor = "big.toml"\n')
    problem = only(error(main), "predecessor")
    assert problem.message == (
        f"refused: {big} is {limits.MAX_PLAN_FILE_BYTES + 1} bytes, over the limit of "
        f"{limits.MAX_PLAN_FILE_BYTES} bytes"
    )
    assert problem.value == "big.toml"


def test_a_document_larger_than_the_limit_is_refused_unparsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("fyp_planning.io.load.tomllib.loads", _never)
    text = HEAD + "# " + "x" * limits.MAX_PLAN_FILE_BYTES
    problem = only(text_error(text))
    assert problem.message.startswith("document too large")


def _never(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the parser was called on a document that is refused")


# -- 2. predecessors outside the plan's folder ---------------------------------------------------
@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret file outside the plan folder ``tmp_path / "plans"``."""
    return write(tmp_path / "elsewhere" / "creds.json", json.dumps({"api_key": SECRET}))


def _refused_unread(exc: PlanError, written: str) -> None:
    problem = only(exc, "predecessor")
    assert problem.value == written
    assert problem.message.startswith("refused: ")
    assert "inside" in problem.expected
    assert SECRET not in str(exc) and "api_key" not in str(exc)
    assert SECRET not in problem.render("zh")


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "dot-dot inside a subfolder"])
def test_a_predecessor_outside_the_folder_is_refused_without_reading_it(
    tmp_path: Path, outside: Path, how: str
) -> None:
    """The issue's reproducer printed ``predecessor(/abs/creds.json).api_key: unknown key; got
    'SECRET-123'``."""
    written = {
        "absolute": str(outside),
        "dot-dot": "../elsewhere/creds.json",
        "dot-dot inside a subfolder": "sub/../../elsewhere/creds.json",
    }[how]
    main = write(tmp_path / "plans" / "main.toml", HEAD + f"predecessor = {json.dumps(written)}\n")
    exc = error(main)
    assert type(exc) is PlanStructureError
    _refused_unread(exc, written)


def test_a_symlink_leading_out_of_the_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    (tmp_path / "plans").mkdir()
    os.symlink(outside, tmp_path / "plans" / "old.json")
    main = write(tmp_path / "plans" / "main.toml", HEAD + 'predecessor = "old.json"\n')
    _refused_unread(error(main), "old.json")


def test_a_missing_file_outside_is_refused_as_outside_not_looked_up(tmp_path: Path) -> None:
    """Whether a file exists outside the folder is not told either."""
    main = write(tmp_path / "plans" / "main.toml", HEAD + 'predecessor = "../no-such.toml"\n')
    problem = only(error(main), "predecessor")
    assert "lies outside the plan folder" in problem.message


def test_a_folder_plugin_cannot_name_a_file_outside_its_folder(
    tmp_path: Path, outside: Path
) -> None:
    write(tmp_path / "plans" / "main.toml", HEAD + 'predecessor = "../elsewhere/creds.json"\n')
    with pytest.raises(PlanError) as info:
        fp.load(tmp_path / "plans")
    _refused_unread(info.value, "../elsewhere/creds.json")


def test_a_predecessor_inside_the_folder_or_a_subfolder_loads(tmp_path: Path) -> None:
    old = HEAD.replace('"demo"', '"old"').replace("2021", "2016").replace("2025", "2020")
    write(tmp_path / "plans" / "old" / "13th.toml", old)
    os.symlink("old/13th.toml", tmp_path / "plans" / "link.toml")  # a symlink kept inside
    for written in ("old/13th.toml", "./old/../old/13th.toml", "link.toml"):
        main = write(tmp_path / "plans" / "main.toml", HEAD + f'predecessor = "{written}"\n')
        plan = fp.load_plan(main)
        assert plan.predecessor is not None and plan.predecessor.id == "old"


def test_a_control_character_in_a_predecessor_name_is_refused(tmp_path: Path) -> None:
    main = write(tmp_path / "main.toml", HEAD + 'predecessor = "a\\u0000b.toml"\n')
    problem = only(error(main), "predecessor")
    assert problem.message == "refused: the file name has a control character"


def test_a_missing_predecessor_is_reported_as_before(tmp_path: Path) -> None:
    main = write(tmp_path / "main.toml", HEAD + 'predecessor = "gone.toml"\n')
    problem = only(error(main), "predecessor(gone.toml)")
    assert problem.message.startswith("cannot read file: ")


# -- 3. numbers, texts and years -----------------------------------------------------------------
OBS = "indicators.o.observations[0].value"
OUT_OF_RANGE = f"a number of magnitude at most {limits.MAX_MAGNITUDE:g}"


def test_a_toml_number_too_large_for_a_float_is_refused_with_its_path() -> None:
    exc = text_error(HEAD + INDICATOR + f"observations = [{{period = 2020, value = 1{'0' * 400}}}]")
    problem = only(exc, OBS)
    assert type(exc) is PlanStructureError
    assert (problem.message, problem.expected) == ("number out of range", OUT_OF_RANGE)
    assert len(str(problem.value)) < 300  # shown cut, with its length
    assert "(401 characters)" in str(problem.value)


@pytest.mark.parametrize("digits", [400, 4301, 100_000])
def test_a_json_number_too_long_is_refused_with_its_path(digits: int) -> None:
    """Over 4,300 digits the JSON parser leaked "use sys.set_int_max_str_digits()"."""
    tree = {
        "id": "demo",
        "region": "示例县",
        "title": "示例",
        "start_year": 2021,
        "end_year": 2025,
        "indicators": {"o": {"name": "产值", "unit": "亿元", "observations": "X"}},
    }
    text = json.dumps(tree).replace('"X"', '[{"period": 2020, "value": 1' + "0" * digits + "}]")
    problem = only(text_error(text, "json"), OBS)
    assert problem.message == "number out of range"


def test_a_toml_integer_too_long_to_convert_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("fyp_planning.io.load.tomllib.loads", _never)
    exc = text_error(HEAD + f"x = {'9' * 5000}\n")
    assert type(exc) is PlanSyntaxError
    problem = only(exc, "")
    assert problem.message == "a number too long to read (5000 digits)"
    assert problem.line == 6


@pytest.mark.parametrize(("written", "shown"), [("inf", "inf"), ("-inf", "-inf"), ("nan", "nan")])
def test_inf_and_nan_are_refused_wherever_they_are(written: str, shown: str) -> None:
    exc = text_error(HEAD.replace("end_year = 2025", f"end_year = {written}"))
    problem = only(exc, "end_year")
    assert problem.message == "not a finite number"
    assert repr(problem.value) == shown


def test_a_quantity_text_too_large_is_refused_with_its_path() -> None:
    exc = text_error(
        HEAD + INDICATOR + f'observations = [{{period = 2020, value = "{"9" * 400}亿元"}}]'
    )
    problem = only(exc, OBS)
    assert "402 characters long, over the limit of 200" in problem.message  # parse_quantity's
    assert problem.value.endswith("…(402 characters)")


@pytest.mark.parametrize("text", ["1000000000000000001亿元", "-2000000000000000000元"])
def test_quantity_texts_beyond_the_magnitude_limit_are_refused(text: str) -> None:
    exc = text_error(HEAD + INDICATOR + f'limit = "{text}"\n')
    problem = only(exc, "indicators.o.limit")
    assert problem.message == "number out of range"
    assert (
        problem.expected == f"a magnitude of at most {limits.MAX_MAGNITUDE:g} in the unit written"
    )
    at_limit = fp.loads_plan(HEAD + INDICATOR + 'limit = "1000000000000000000亿元"\n')
    assert at_limit.indicators[0].limit is not None


@given(st.floats(allow_nan=False) | st.integers(-(10**40), 10**40))
def test_a_number_is_accepted_exactly_when_within_the_magnitude_limits(x: float) -> None:
    tree = {
        "id": "demo",
        "region": "示例县",
        "title": "示例",
        "start_year": 2021,
        "end_year": 2025,
        "indicators": {
            "o": {"name": "产值", "unit": "亿元", "observations": [{"period": 2020, "value": x}]}
        },
    }
    if x == 0 or limits.MIN_MAGNITUDE <= abs(x) <= limits.MAX_MAGNITUDE:
        assert fp.plan_from_dict(tree).observations[0].value.magnitude == x
    else:
        with pytest.raises(PlanStructureError) as info:
            fp.plan_from_dict(tree)
        message = only(info.value, OBS).message
        assert message in ("number out of range", "not a finite number") or (
            abs(x) < limits.MIN_MAGNITUDE and "smaller than the smallest magnitude" in message
        )


def test_a_text_over_the_limit_is_refused_and_shown_cut() -> None:
    long = "长" * (limits.MAX_TEXT_CHARS + 1)
    exc = text_error(HEAD.replace('title = "示例"', f'title = "{long}"'))
    problem = only(exc, "title")
    assert problem.message == (
        f"text too long ({limits.MAX_TEXT_CHARS + 1} characters, the limit is "
        f"{limits.MAX_TEXT_CHARS})"
    )
    assert len(problem.value) < 300
    text_ok = HEAD.replace('title = "示例"', f'title = "{"长" * limits.MAX_TEXT_CHARS}"')
    assert len(fp.loads_plan(text_ok).title) == limits.MAX_TEXT_CHARS


def test_a_key_over_the_limit_is_refused_and_shown_cut() -> None:
    key = "k" * (limits.MAX_TEXT_CHARS + 1)
    exc = text_error(HEAD + f"{key} = 1\n")
    problem = only(exc)
    assert problem.message.startswith("text too long")
    assert len(problem.path) < 300


def test_a_lone_surrogate_is_refused() -> None:
    text = '{"id": "demo", "region": "\\ud800", "title": "t", "start_year": 2021, "end_year": 2025}'
    problem = only(text_error(text, "json"), "region")
    assert "not valid Unicode" in problem.message


@pytest.mark.parametrize(
    ("replace", "path"),
    [
        (("start_year = 2021", "start_year = 0"), "start_year"),
        (("end_year = 2025", "end_year = 99999"), "end_year"),
        (("start_year = 2021", "start_year = -5"), "start_year"),
        (("end_year = 2025", "end_year = 2025\nbase_year = 1899"), "base_year"),
    ],
)
def test_years_of_the_plan_outside_the_range_are_refused(
    replace: tuple[str, str], path: str
) -> None:
    exc = text_error(HEAD.replace(*replace))
    assert type(exc) is PlanStructureError
    problem = next(p for p in exc.problems if p.path == path)
    assert problem.message == "year out of range (年份超出范围)"
    assert problem.expected == f"a year from {limits.MIN_YEAR} to {limits.MAX_YEAR}"


@pytest.mark.parametrize(
    ("entry", "path"),
    [
        ("observations = [{period = -5, value = 1}]", "indicators.o.observations[0].period"),
        ("observations = [{period = 0, value = 1}]", "indicators.o.observations[0].period"),
        (
            'observations = [{period = "99999年1-9月", value = 1}]',
            "indicators.o.observations[0].period",
        ),
        ('targets = [{year = 99999, text = "达到300亿元"}]', "indicators.o.targets[0].year"),
        (
            'targets = [{kind = "growth", year = 2025, rate = "5%", base_year = 0}]',
            "indicators.o.targets[0].base_year",
        ),
    ],
)
def test_years_of_entries_outside_the_range_are_refused(entry: str, path: str) -> None:
    exc = text_error(HEAD + INDICATOR + entry)
    assert any(p.path == path for p in exc.problems), str(exc)


def test_years_outside_the_range_are_refused_in_python_and_observations(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="year must be from 1900 to 2200"):
        fp.Period(99999)
    with pytest.raises(ValueError, match="year out of range"):
        fp.Plan(id="x", region="x", title="x", start_year=0, end_year=2025)
    plan = fp.loads_plan(HEAD + INDICATOR)
    csv = write(tmp_path / "o.csv", "indicator,period,value\no,99999,1\no,1899,1\no,2200,1\n")
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(csv, plan)
    assert [p.line for p in info.value.problems] == [2, 3]
    assert all("year must be from 1900 to 2200" in p.message for p in info.value.problems)


def test_an_observation_value_beyond_the_magnitude_limit_is_refused(tmp_path: Path) -> None:
    plan = fp.loads_plan(HEAD + INDICATOR)
    csv = write(
        tmp_path / "o.csv", "indicator,period,value\no,2021,1e19\no,2022,2000000000000000000\n"
    )
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(csv, plan)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (2, "too large a number (数值过大)"),  # scientific notation, read (issue 15)
        (3, "too large a number (数值过大)"),
    ]
    with pytest.raises(ObservationsError, match="too large a number"):
        fp.observations_from_records([{"indicator": "o", "period": 2021, "value": 10**5000}], plan)


# -- 4. nesting and chains of predecessors -------------------------------------------------------
@pytest.mark.parametrize("depth", [500, 100_000])
def test_a_deeply_nested_toml_array_is_refused_before_parsing(
    depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tomllib recurses once per level: 500 deep was a RecursionError traceback."""
    monkeypatch.setattr("fyp_planning.io.load.tomllib.loads", _never)
    exc = text_error(HEAD + "x = " + "[" * depth + "]" * depth + "\n")
    assert type(exc) is PlanSyntaxError
    problem = only(exc, "")
    assert problem.message == "nested too deeply (more than 32 levels of arrays and tables)"
    assert problem.line == 6


def test_a_deeply_nested_toml_file_is_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.toml", HEAD + "x = " + "[" * 500 + "]" * 500 + "\n")
    assert type(error(path)) is PlanSyntaxError


def test_a_deeply_nested_json_document_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("fyp_planning.io.load.json.loads", _never)
    exc = text_error('{"id": "demo", "x": ' + "[" * 1000 + "]" * 1000 + "}", "json")
    assert only(exc, "").message.startswith("nested too deeply")


def test_brackets_inside_strings_and_comments_do_not_count() -> None:
    brackets = "[" * 100 + "{" * 100
    text = (
        HEAD.replace('"示例"', f'"{brackets}"') + f"# {brackets}\n" + f"issuer = '''{brackets}'''\n"
    )
    assert fp.loads_plan(text).title == brackets
    as_json = json.dumps(
        {"id": "d", "region": brackets, "title": "t", "start_year": 2021, "end_year": 2025}
    )
    assert fp.loads_plan(as_json, "json").region == brackets


def test_nesting_up_to_the_limit_is_read() -> None:
    """The root table is level 1: an unknown key holding 31 nested arrays is 32 deep, and is
    reported as an unknown key; 32 nested arrays are too deep."""
    ok = text_error(HEAD + "x = " + "[" * 31 + "]" * 31 + "\n")
    assert only(ok, "x").message == "unknown key"
    deep = text_error(HEAD + "x = " + "[" * 32 + "]" * 32 + "\n")
    assert only(deep).message.startswith("nested too deeply")


def test_tables_nested_by_a_dotted_header_are_bounded_too() -> None:
    """``[predecessor.predecessor.…]`` 1,000 deep nests tables with no bracket to count."""
    header = "[" + ".".join(["predecessor"] * 1000) + "]\n"
    exc = text_error(HEAD + header + "id = 1\n")
    assert type(exc) is PlanStructureError
    assert only(exc).message.startswith("nested too deeply")


def _inline_chain(n: int) -> dict[str, Any]:
    tree: dict[str, Any] = {
        "id": "p0",
        "region": "x",
        "title": "t",
        "start_year": 2021,
        "end_year": 2025,
    }
    top = tree
    for i in range(1, n + 1):
        pred = {
            "id": f"p{i}",
            "region": "x",
            "title": "t",
            "start_year": 2021 - i,
            "end_year": 2021 - i,
        }
        tree["predecessor"] = pred
        tree = pred
    return top


def test_inline_predecessors_1000_deep_are_refused_without_recursion() -> None:
    with pytest.raises(PlanStructureError) as info:
        fp.plan_from_dict(_inline_chain(1000))
    assert only(info.value).message.startswith("nested too deeply")


def test_an_inline_chain_longer_than_the_limit_is_refused() -> None:
    ok = fp.plan_from_dict(_inline_chain(limits.MAX_PREDECESSORS))
    depth = 0
    while ok.predecessor is not None:
        ok, depth = ok.predecessor, depth + 1
    assert depth == limits.MAX_PREDECESSORS
    with pytest.raises(PlanStructureError) as info:
        fp.plan_from_dict(_inline_chain(limits.MAX_PREDECESSORS + 1))
    problem = only(info.value, ".".join(["predecessor"] * (limits.MAX_PREDECESSORS + 1)))
    assert problem.message == (
        f"too long a chain of predecessor plans (more than {limits.MAX_PREDECESSORS})"
    )


def test_a_chain_of_400_predecessor_files_stops_at_the_limit(tmp_path: Path) -> None:
    """400 files, each naming the next, were a RecursionError traceback."""
    for i in range(400):
        year = 2021 - 5 * (i % 20)  # the years do not matter: the chain is refused
        pred = f'predecessor = "p{i + 1}.toml"\n' if i < 399 else ""
        write(
            tmp_path / f"p{i}.toml",
            f'id = "p{i}"\nregion = "x"\ntitle = "t"\nstart_year = {year}\nend_year = {year}\n'
            + pred,
        )
    exc = error(tmp_path / "p0.toml")
    refused = [p for p in exc.problems if "too long a chain" in p.message]
    assert len(refused) == 1
    chain = "".join(f"predecessor(p{i}.toml)." for i in range(1, limits.MAX_PREDECESSORS + 1))
    assert refused[0].path == chain + "predecessor"
    assert refused[0].value == f"p{limits.MAX_PREDECESSORS + 1}.toml"


# -- 6. control characters in names --------------------------------------------------------------
@pytest.mark.parametrize("char", ["\n", "\t", "\r", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"])
def test_a_control_character_in_a_name_is_refused(char: str) -> None:
    escaped = json.dumps(char)[1:-1]
    exc = text_error(HEAD + f'[parks.a]\nname = "甲{escaped}乙"\n')
    problem = only(exc, "parks.a.name")
    assert problem.message == "control character (控制字符)"
    assert problem.value == f"甲{char}乙"


@pytest.mark.parametrize(
    ("table", "path"),
    [
        (
            '[templates.t]\nname = "模板"\n[templates.t.segments.s]\nname = "环节\\nclick s call alert(1)"\nstage = "上游"\n',
            "templates.t.segments.s.name",
        ),
        ('[indicators.i]\nname = "产值\\t"\nunit = "亿元"\n', "indicators.i.name"),
        (
            '[indicators.i]\nname = "产值"\nname_en = "output\\n"\nunit = "亿元"\n',
            "indicators.i.name_en",
        ),
        ('[parks.a]\nname = "园"\ntowns = ["镇\\u0007"]\n', "parks.a.towns"),
        ('[enterprises.e]\nname = "企\\u0085业"\n', "enterprises.e.name"),
    ],
)
def test_control_characters_are_refused_in_every_kind_of_name(table: str, path: str) -> None:
    exc = text_error(HEAD + table)
    assert [p.path for p in exc.problems if p.message == "control character (控制字符)"] == [path]


def test_free_text_may_have_line_breaks_and_tabs_but_no_other_control_character() -> None:
    note = "第一行\n第二行\t制表\r\n"
    plan = fp.loads_plan(HEAD + f'[parks.a]\nname = "园"\nnote = {json.dumps(note)}\n')
    assert plan.parks[0].note == note
    exc = text_error(HEAD + '[parks.a]\nname = "园"\nnote = "响铃\\u0007"\n')
    problem = only(exc, "parks.a.note")
    assert problem.message == "control character (控制字符)"
    assert problem.expected == "text without control characters other than tab and line break"


@given(st.text(min_size=1, max_size=8))
def test_a_name_is_accepted_exactly_when_it_has_no_control_character(name: str) -> None:
    bad = any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in name)
    if not name.strip():
        return  # an empty name is refused for that
    if bad:
        with pytest.raises(ValueError, match="control character"):
            fp.Park(id="a", name=name)
    else:
        assert fp.Park(id="a", name=name).name == name


# -- 10. parks inside each other ------------------------------------------------------------------
def test_two_parks_each_the_parent_of_the_other_are_refused() -> None:
    exc = text_error(
        HEAD + '[parks.a]\nname = "甲"\nparent = "b"\n[parks.b]\nname = "乙"\nparent = "a"\n'
    )
    assert type(exc) is PlanValidationError
    problem = only(exc, "parks.a.parent")
    assert problem.message == "parks inside each other in a loop (a → b → a)"
    assert problem.value == "b"


def test_a_loop_of_three_parks_is_one_problem_and_a_plain_chain_is_fine() -> None:
    loop = {"a": "c", "b": "a", "c": "b", "d": "a"}
    parks = [fp.Park(id=k, name=k, parent=v) for k, v in loop.items()]
    with pytest.raises(PlanValidationError) as info:
        fp.Plan(id="x", region="x", title="x", start_year=2021, end_year=2025, parks=parks)
    problem = only(info.value, "parks.a.parent")
    assert problem.message == "parks inside each other in a loop (a → c → b → a)"
    chain = [
        fp.Park(id="a", name="a"),
        fp.Park(id="b", name="b", parent="a"),
        fp.Park(id="c", name="c", parent="b"),
    ]
    assert (
        len(
            fp.Plan(
                id="x", region="x", title="x", start_year=2021, end_year=2025, parks=chain
            ).parks
        )
        == 3
    )
