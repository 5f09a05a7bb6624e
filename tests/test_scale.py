"""Issue 14, item 9: the scale of one plan, and ``fyp progress`` on a national CSV.

No timed tests: the cost of a command is counted as the lines of the library it executes
(``sys.settrace``), so that an 8 × larger plan must cost at most 10 × (a quadratic path would
cost up to 64 ×); ``fyp progress`` must make an :class:`~fyp_planning.Observation` only for the rows
its assessments show, never for other plans' rows. The timings are in ``benchmarks/``
(``python -m benchmarks --size full --only "one plan,national CSV"``).
"""

from __future__ import annotations

import csv
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.model.observation import Observation

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks package sits beside src/, not inside it
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import county_plans  # noqa: E402

PACKAGE = str(Path(fp.__file__).parent)
SMALL, LARGE = 30, 240  # indicators


def _lines_run(call: Callable[[], Any]) -> int:
    """How many lines of the library ``call`` executes (loops counted per iteration)."""
    count = 0

    def local(frame: types.FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def trace(frame: types.FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Plan files of 30 and 240 indicators (the generator's shapes, one chain: chains are not
    what grows here), each with a predecessor of the same indicators, for ``fyp review``."""
    folder = tmp_path_factory.mktemp("scale")
    out = {}
    for n in (SMALL, LARGE):
        old = county_plans(1, n, 10, chains=1, seed=5).plans[0]
        old = fp.Plan(
            **{
                **{f: getattr(old, f) for f in ("indicators", "observations", "region")},
                "id": "old",
                "title": "十三五",
                "start_year": 2016,
                "end_year": 2020,
                "base_year": 2015,
                "targets": [],
            }
        )
        (plan,) = county_plans(1, n, 10, chains=1, seed=7).plans
        path = folder / f"plan{n}.toml"
        fp.dump_plan(fp.Plan(**{**_fields(plan), "predecessor": old}), path)
        out[n] = path
    return out


def _fields(plan: fp.Plan) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(plan, f.name) for f in attrs.fields(fp.Plan)}


COMMANDS = [
    ["show"],
    ["check"],
    ["indicators"],
    ["review"],
    ["progress"],
    ["report", "--format", "md"],
    ["export"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] + "-".join(c[1:]))
def test_an_eight_times_larger_plan_costs_at_most_ten_times(
    command: list[str], plan_files: dict[int, Path]
) -> None:
    """fyp show/check/indicators/review/progress/report/export of a plan of 240 indicators
    execute at most 10 × the library lines of one of 30 (look-ups scanning the plan, as
    ``observations_for`` and ``targets_for`` did, make show, check and report 10–15 × here,
    and took minutes at 10k indicators)."""
    runner = CliRunner()

    def run(n: int) -> Callable[[], Any]:
        def go() -> Any:
            result = runner.invoke(main, [command[0], str(plan_files[n]), *command[1:]])
            assert result.exit_code in (0, 1), result.output  # check: 1 = errors found
            return result

        return go

    run(SMALL)()  # imports, first-use caches
    small, large = _lines_run(run(SMALL)), _lines_run(run(LARGE))
    assert large <= 10 * small, (command, small, large, large / small)


def test_each_plan_builds_its_lookup_index_once(
    plan_files: dict[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's index of things by id is built once per plan object, whatever the number
    of look-ups (here: every command that reads the plan, thousands of look-ups each)."""
    from fyp_planning.model import plan as plan_module

    built: list[str] = []
    original = plan_module._Lookup.of.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, plan: fp.Plan) -> Any:
        built.append(plan.id)
        return original(cls, plan)

    monkeypatch.setattr(plan_module._Lookup, "of", classmethod(counting))
    runner = CliRunner()
    for command in COMMANDS:
        built.clear()
        result = runner.invoke(main, [command[0], str(plan_files[LARGE]), *command[1:]])
        assert result.exit_code in (0, 1), result.output
        assert len(built) == len(set(built)) <= 2, (command, built)  # the plan, its predecessor


# -- fyp progress on a national observations file ---------------------------------------------
@pytest.fixture
def national(tmp_path: Path) -> tuple[Path, Path, fp.Plan]:
    """Ten counties' rows in one CSV with a plan column (the last county's rows carry cells
    no plan could read: only its own plan would check them), and county 0's plan file."""
    data = county_plans(10, 8, 12, seed=3)
    table = data.table
    path = tmp_path / "national.csv"
    ranks = {2: "actual", 1: "preliminary", 0: "estimate"}
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["plan", "indicator", "period", "value", "unit", "status"])
        for i in range(len(table)):
            row = [
                table.plans[table.plan_codes[i]],
                table.indicators[table.indicator_codes[i]],
                int(table.year[i]),
                repr(float(table.value[i])),
                table.units[table.unit_codes[i]],
                ranks[int(table.status_rank[i])],
            ]
            if row[0] == "county_0009":
                row[1:] = ["no_such_indicator", "2021.0", "not a number", "亿度", "??"]
            out.writerow(row)
    plan_path = tmp_path / "county_0000.toml"
    fp.dump_plan(data.plans[0], plan_path)
    return path, plan_path, data.plans[0]


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The indicator of every Observation made while the test runs."""
    found: list[str] = []
    original = Observation.__init__

    def counting(self: Observation, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        found.append(self.indicator)

    monkeypatch.setattr(Observation, "__init__", counting)
    yield found


def test_progress_skips_other_plans_rows_and_makes_objects_only_for_rows_shown(
    national: tuple[Path, Path, fp.Plan], made: list[str]
) -> None:
    """``fyp progress PLAN --observations national.csv``: the other counties' rows are skipped
    as read (county 9's unreadable cells are not reported), and an Observation is made only
    for a row an assessment shows (its baseline or latest value), not for every row."""
    csv_path, plan_path, plan = national
    rows_of_plan = 8 * 11  # 8 indicators × the years but the base year (in the plan)
    result = CliRunner().invoke(
        main, ["progress", str(plan_path), "--observations", str(csv_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert f"（{rows_of_plan}条 rows）" not in result.output  # json: no title lines
    assessments = fp.assess(plan)  # the plan's own observations, for the count below
    from_file = len(made) - len(plan.observations)  # the plan file's own, loaded
    assert 0 < from_file <= 2 * len(assessments) < rows_of_plan
    assert set(made) <= {ind.id for ind in plan.indicators}

    text = CliRunner().invoke(main, ["progress", str(plan_path), "--observations", str(csv_path)])
    assert text.exit_code == 0, text.output
    assert f"观测数据 observations: {csv_path}（{rows_of_plan}条 rows）" in text.output


def test_progress_output_is_the_same_from_the_plan_s_own_file(
    national: tuple[Path, Path, fp.Plan], tmp_path: Path
) -> None:
    """The plan's rows read from the national file judge as the same rows in a file of the
    plan alone (no plan column), which ``fyp progress`` read before."""
    csv_path, plan_path, _ = national
    with csv_path.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f)]
    own = tmp_path / "own.csv"
    with own.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0][1:]] + [r[1:] for r in rows[1:] if r[0] == "county_0000"])
    outputs = []
    for path in (csv_path, own):
        result = CliRunner().invoke(
            main, ["progress", str(plan_path), "--observations", str(path), "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.output.replace(str(path), "FILE"))
    assert outputs[0] == outputs[1]


def test_assess_takes_a_table_and_judges_as_with_objects(
    national: tuple[Path, Path, fp.Plan],
) -> None:
    """``assess(plan, observations=table)`` gives the assessments of the same rows given as
    objects (``ObservationTable.observations``)."""
    csv_path, _, plan = national
    from fyp_planning.io.observation_table import read_one_plan_table

    table = read_one_plan_table(csv_path, plan)
    objects = fp.load_observations(csv_path, plan)
    assert len(table) == len(objects) == 88
    for method in ("county", "opensdg", "unsd"):
        by_table = fp.assess(plan, observations=table, method=method, as_of=2023)
        by_objects = fp.assess(plan, observations=objects, method=method, as_of=2023)
        assert [a.to_dict() for a in by_table] == [a.to_dict() for a in by_objects]


def test_load_observations_reads_one_plan_s_rows_of_a_national_file(tmp_path: Path) -> None:
    """``fp.load_observations`` takes a file with a plan column: the plan's rows (its id, maybe
    with spaces, or an empty cell) are read and checked, other plans' rows skipped unread."""
    (plan,) = county_plans(1, 2, 8, seed=1).plans
    path = tmp_path / "mixed.csv"
    path.write_text(
        "plan,indicator,period,value,unit\n"
        f"{plan.id},ind_00,2021,215.3,亿元\n"
        "other,nonsense,2021.0,x,亿度\n"
        f" {plan.id} ,ind_00,2022,2290000,万元\n"
        ",ind_01,2022,1.5,万元\n"
        "other,ind_00,2023,1,亿元\n",
        encoding="utf-8",
    )
    found = fp.load_observations(path, plan)
    assert [(o.indicator, str(o.period), o.text) for o in found] == [
        ("ind_00", "2021", None),
        ("ind_00", "2022", "2290000万元"),
        ("ind_01", "2022", "1.5万元"),
    ]
    path.write_text(
        "plan,indicator,period,value\nother,x,1,2\n"
        f"{plan.id},ind_00,2021.0,1\n", encoding="utf-8"
    )  # fmt: skip
    with pytest.raises(fp.ObservationsError) as error:
        fp.load_observations(path, plan)
    assert [p.line for p in error.value.problems] == [3]  # its line in the file
