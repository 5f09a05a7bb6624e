"""The columnar plan store: plans saved as Parquet tables and read back equal; its columns read
without building plans; bad stores refused with the file, row, column and value named."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from fyp_planning import Indicator, Observation, Period, Plan, parse_unit, ureg
from fyp_planning.io.store import STORE_FORMAT, TABLES
from test_batch import _as_table

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

PLAN_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _round_trip(plans: list[Plan]) -> tuple[Plan, ...]:
    with tempfile.TemporaryDirectory() as folder:
        fp.dump_plan_store(plans, folder)
        return fp.load_plan_store(folder)


@pytest.fixture(scope="module")
def dongkou() -> Plan:
    return fp.load("dongkou")


@pytest.fixture()
def store(tmp_path: Path, dongkou: Plan) -> Path:
    fp.dump_plan_store([dongkou], tmp_path)
    return tmp_path


# -- lossless ---------------------------------------------------------------------------------
def test_dongkou_with_its_predecessor_round_trips(dongkou: Plan) -> None:
    assert dongkou.predecessor is not None
    again = _round_trip([dongkou, dongkou.predecessor, dongkou])
    assert again == (dongkou, dongkou.predecessor, dongkou)
    assert again[0].predecessor == dongkou.predecessor


def test_an_empty_store_round_trips(tmp_path: Path) -> None:
    fp.dump_plan_store([], tmp_path)
    assert fp.load_plan_store(tmp_path) == ()
    assert {p.name for p in tmp_path.iterdir()} == {f"{t.name}.parquet" for t in TABLES}


@PLAN_SETTINGS
@given(st.lists(S.plans(), max_size=3))
def test_generated_plans_round_trip(plans: list[Plan]) -> None:
    assert _round_trip(plans) == tuple(plans)


@PLAN_SETTINGS
@given(S.plans(magnitudes=S.wide_magnitudes, max_items=2))
def test_huge_and_tiny_magnitudes_round_trip(plan: Plan) -> None:
    assert _round_trip([plan]) == (plan,)


def _demo(**kw: Any) -> Plan:
    ind = Indicator(id="output", name="工业总产值", unit=parse_unit("亿元"))
    base = {
        "id": "demo",
        "region": "示例县",
        "title": "示例",
        "start_year": 2021,
        "end_year": 2025,
        "indicators": [ind],
    }
    return Plan(**{**base, **kw})


def test_a_number_a_float_cannot_hold_is_kept_exactly_in_extra(tmp_path: Path) -> None:
    big = 2**59 + 1  # beyond a float's exact integers, within limits.MAX_MAGNITUDE
    plan = _demo(
        observations=[
            Observation(
                indicator="output", period=Period(2020), value=ureg.Quantity(big, "yi_yuan")
            )
        ]
    )
    fp.dump_plan_store([plan], tmp_path)
    store = fp.open_plan_store(tmp_path)
    obs = store.observations.to_pylist()[0]
    assert obs["value"] is None and json.loads(obs["extra"]) == {"value": f"{big}亿元"}
    (again,) = store.plans()
    assert again == plan and again.observations[0].value.magnitude == big


def test_a_part_of_a_year_keeps_its_year_and_text(tmp_path: Path) -> None:
    period = Period.parse("2020年1-9月")
    plan = _demo(
        observations=[
            Observation(indicator="output", period=period, value=ureg.Quantity(141.73, "yi_yuan"))
        ]
    )
    fp.dump_plan_store([plan], tmp_path)
    (row,) = fp.open_plan_store(tmp_path).observations.to_pylist()
    assert (row["period"], row["period_part"]) == (2020, "2020年1-9月")
    assert fp.load_plan_store(tmp_path) == (plan,)


# -- columns without plans --------------------------------------------------------------------
def test_indicator_plans_know_the_units_the_plan_declares(tmp_path: Path) -> None:
    """Regression: the indicators-only read (what ``fyp batch --store`` checks observations
    against) left out the plan's [units], so an indicator in a declared unit (万锭) was refused
    as an unknown unit in indicators.parquet."""
    plan = fp.loads_plan(
        """
format_version = 1
id = "spindle_county"
region = "某县"
title = "某县规划"
start_year = 2021
end_year = 2025
[units."锭"]
counts = "spindle"
[units."万锭"]
equals = "10000锭"
[indicators.spindles]
name = "棉纺纱锭规模"
unit = "万锭"
observations = [{ period = 2020, value = 52 }]
"""
    )
    fp.dump_plan_store([plan], tmp_path)
    store = fp.open_plan_store(tmp_path)
    (read,) = store.indicator_plans()
    assert read.indicators == plan.indicators and read.units == plan.units
    assert read.observations == ()
    assert store.plans() == (plan,)


def test_columns_read_as_numpy_without_building_plans(store: Path, dongkou: Plan) -> None:
    s = fp.open_plan_store(store)
    cols = s.arrays("observations", "plan", "indicator", "period", "value", "value_unit")
    first = dongkou.observations[0]
    assert cols["value"].dtype.kind == "f" and cols["period"].dtype.kind == "i"
    assert (str(cols["indicator"][0]), int(cols["period"][0])) == (first.indicator, 2020)
    assert float(cols["value"][0]) == first.value.magnitude
    assert str(cols["value_unit"][0]) == fp.format_unit(first.value.units)
    targets = s.targets
    assert targets.num_rows == len(dongkou.targets) + len(dongkou.predecessor.targets)
    labels = s.arrays("targets", "indicator", "indicator_name", "plan_id", "region")
    names = {(p.id, i.id): i.name for p in (dongkou, dongkou.predecessor) for i in p.indicators}
    found = zip(labels["plan_id"], labels["indicator"], labels["indicator_name"], strict=True)
    assert all(names[p, i] == n for p, i, n in found)
    assert set(labels["plan_id"]) == {dongkou.id, dongkou.predecessor.id}
    assert set(labels["region"]) == {dongkou.region}


def test_predecessors_are_rows_pointing_at_their_successor(store: Path, dongkou: Plan) -> None:
    rows = fp.open_plan_store(store).plans_table.to_pylist()
    assert [(r["plan"], r["successor"], r["id"]) for r in rows] == [
        (0, None, dongkou.id),
        (1, 0, dongkou.predecessor.id),
    ]


def test_every_file_carries_the_format_version(store: Path) -> None:
    for table in TABLES:
        meta = pq.read_schema(store / f"{table.name}.parquet").metadata
        assert json.loads(meta[b"fyp_planning.store"])["format"] == STORE_FORMAT


def test_arrays_refuse_an_unknown_column(store: Path) -> None:
    with pytest.raises(fp.PlanStoreError, match="no such column; got 'valu'"):
        fp.open_plan_store(store).arrays("observations", "valu")


# -- bad stores -------------------------------------------------------------------------------
def _rewrite(path: Path, change: Any) -> None:
    table = pq.read_table(path)
    pq.write_table(change(table).replace_schema_metadata(table.schema.metadata), path)


def _error(folder: Path) -> fp.PlanStoreError:
    with pytest.raises(fp.PlanStoreError) as info:
        fp.load_plan_store(folder)
    err = info.value
    assert str(pickle.loads(pickle.dumps(err))) == str(err)
    return err


def test_a_missing_table_is_named(store: Path) -> None:
    (store / "targets.parquet").unlink()
    err = _error(store)
    assert err.file == str(store / "targets.parquet")
    assert "missing table" in str(err)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(fp.PlanStoreError, match="no such folder"):
        fp.load_plan_store(tmp_path / "nowhere")


def test_a_renamed_column_is_named(store: Path) -> None:
    _rewrite(
        store / "observations.parquet",
        lambda t: t.rename_columns(["valu" if n == "value" else n for n in t.column_names]),
    )
    text = str(_error(store))
    assert "observations.parquet: 2 problems in plan store (规划库有误)" in text
    assert "column valu: unknown column; got 'valu'" in text
    assert "column value: missing column; expected double" in text


def test_a_column_of_the_wrong_type_is_named(store: Path) -> None:
    def cast(t: Any) -> Any:
        i = t.column_names.index("year")
        return t.set_column(i, "year", t.column("year").cast(pa.string()))

    _rewrite(store / "targets.parquet", cast)
    text = str(_error(store))
    assert "targets.parquet" in text
    assert "column year: wrong column type; got 'string'; expected int64" in text


def _set(path: Path, column: str, row: int, value: Any) -> None:
    def change(t: Any) -> Any:
        values = t.column(column).to_pylist()
        values[row] = value
        i = t.column_names.index(column)
        return t.set_column(i, t.schema.field(i), pa.array(values, t.schema.field(i).type))

    _rewrite(path, change)


def test_a_bad_value_names_file_row_column_and_value(store: Path) -> None:
    _set(store / "observations.parquet", "value_unit", 3, "斤斤")
    err = _error(store)
    assert err.file == str(store / "observations.parquet")
    (problem, *_) = err.problems
    assert problem.path == "row 3, column value, value_unit"
    assert "斤斤" in repr(problem.value)


def test_a_bad_value_in_a_predecessor_is_located(store: Path) -> None:
    rows = pq.read_table(store / "indicators.parquet").column("plan").to_pylist()
    row = rows.index(1)  # the first indicator of the predecessor
    _set(store / "indicators.parquet", "direction", row, "sideways")
    err = _error(store)
    assert err.file == str(store / "indicators.parquet")
    assert err.problems[0].path == f"row {row}, column direction"
    assert err.problems[0].value == "sideways"


def test_a_row_pointing_at_no_plan_is_named(store: Path) -> None:
    _set(store / "targets.parquet", "plan", 2, 7)
    text = str(_error(store))
    assert "targets.parquet" in text and "row 2, column plan: bad value; got 7" in text


def test_a_row_pointing_at_no_parent_is_named(store: Path) -> None:
    _set(store / "segments.parquet", "template", 0, "nowhere")
    text = str(_error(store))
    assert "segments.parquet" in text and "row 0, column template: bad value; got 'nowhere'" in text


def test_bad_extra_json_is_named(store: Path) -> None:
    _set(store / "indicators.parquet", "extra", 0, "[1, 2")
    assert "row 0, column extra: bad value; got '[1, 2'; expected a JSON object" in str(
        _error(store)
    )


def test_a_non_finite_number_is_refused(store: Path) -> None:
    _set(store / "observations.parquet", "value", 0, float("nan"))
    assert "row 0, column value: bad value; got nan" in str(_error(store))


def test_an_unknown_format_version_is_refused(store: Path) -> None:
    path = store / "plans.parquet"
    table = pq.read_table(path)
    meta = {b"fyp_planning.store": json.dumps({"format": 99, "table": "plans"}).encode()}
    pq.write_table(table.replace_schema_metadata(meta), path)
    text = str(_error(store))
    assert "plans.parquet" in text and "unknown plan store format version; got 99" in text


def test_a_parquet_file_not_from_a_store_is_refused(store: Path) -> None:
    path = store / "chains.parquet"
    pq.write_table(pq.read_table(path).replace_schema_metadata({}), path)
    assert "unknown plan store format version; got None" in str(_error(store))


def test_a_file_that_is_not_parquet_is_refused(store: Path) -> None:
    (store / "links.parquet").write_text("id,from\n", encoding="utf-8")
    text = str(_error(store))
    assert "links.parquet" in text and "not a Parquet file" in text


def test_a_file_outside_the_folder_is_not_read(tmp_path: Path, dongkou: Plan) -> None:
    folder, outside = tmp_path / "store", tmp_path / "outside"
    fp.dump_plan_store([dongkou], folder)
    outside.mkdir()
    (folder / "parks.parquet").rename(outside / "parks.parquet")
    (folder / "parks.parquet").symlink_to(outside / "parks.parquet")
    assert "file outside the store's folder" in str(_error(folder))


def test_without_pyarrow_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(fp.OptionalDependencyError) as info:
        fp.dump_plan_store([], tmp_path)
    assert "pip install 'fyp-planning[parquet]'" in str(info.value)
    assert isinstance(info.value, fp.FypError) and isinstance(info.value, ImportError)
    with pytest.raises(fp.OptionalDependencyError, match="the plan store needs pyarrow"):
        fp.load_plan_store(tmp_path)
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.package, again.extra, str(again)) == ("pyarrow", "parquet", str(info.value))


def test_errors_are_copied_and_pickled() -> None:
    err = fp.PlanStoreError([fp.Problem("row 1, column value", "bad value", 1.5)], file="x")
    assert str(copy.deepcopy(err)) == str(err) == str(pickle.loads(pickle.dumps(err)))


def test_the_documented_columns_are_the_tables_columns() -> None:
    import re

    from fyp_planning.io.store import _schema_columns

    page = (Path(__file__).resolve().parents[1] / "docs" / "plan-store.md").read_text("utf-8")
    documented = {
        m["file"]: re.findall(r"`([a-z_]+)`", m["columns"])
        for m in re.finditer(
            r"^\| `(?P<file>\w+)\.parquet` \|[^|]*\| (?P<columns>.*) \|$", page, re.M
        )
    }
    assert documented == {t.name: [n for n, _ in _schema_columns(t)] for t in TABLES}


def test_successors_in_a_circle_are_refused(store: Path) -> None:
    _set(store / "plans.parquet", "successor", 0, 1)
    assert "row 0, column successor: bad value; got 1; expected no circle" in str(_error(store))


def test_extra_cannot_replace_a_column_or_a_table(store: Path) -> None:
    _set(store / "plans.parquet", "extra", 0, json.dumps({"indicators": []}))
    assert "row 0, column extra: bad value" in str(_error(store))


def test_an_unknown_key_in_extra_is_refused_as_a_plan_file_would(store: Path) -> None:
    _set(store / "indicators.parquet", "extra", 1, json.dumps({"colour": "红"}))
    err = _error(store)
    assert err.file == str(store / "indicators.parquet")
    assert err.problems[0].path == "row 1, column colour"
    assert "unknown key" in err.problems[0].message


def test_large_strings_written_by_other_tools_are_read(store: Path, dongkou: Plan) -> None:
    def widen(t: Any) -> Any:
        i = t.column_names.index("name")
        return t.set_column(
            i, pa.field("name", pa.large_string()), t.column(i).cast(pa.large_string())
        )

    _rewrite(store / "indicators.parquet", widen)
    assert fp.load_plan_store(store) == (dongkou,)


def test_keys_and_values_without_a_column_survive_in_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dongkou: Plan
) -> None:
    """The tables are the tree of plan_to_dict: a key they have no column for (say, one plan
    files gain later) or a value of another type comes back as it was."""
    import fyp_planning.io.store as store_module

    tree = fp.plan_to_dict(dongkou)
    tree["colour"] = "红"
    tree["links"].append(["a.b", "c.d", "e.f"])
    chain = next(iter(tree["chains"].values()))
    chain["presence"][next(iter(chain["presence"]))] = ["x", 1]
    indicator = next(iter(tree["indicators"].values()))
    indicator["targets"][0]["value"] = 5
    indicator["targets"][0]["year"] = "2025"
    indicator["observations"][0]["period"] = 2020.5
    monkeypatch.setattr(store_module, "plan_to_dict", lambda plan: copy.deepcopy(tree))
    fp.dump_plan_store([dongkou], tmp_path)
    store = fp.open_plan_store(tmp_path)
    tables = {t.name: store_module._columns(store.table(t.name)) for t in TABLES}
    trees, roots = store_module._trees(tmp_path, tables, None)
    assert trees[roots[0]] == tree


def test_the_observations_make_an_observation_table(tmp_path: Path, dongkou: Plan) -> None:
    period = Period.parse("2020年1-9月")
    partial = _demo(
        id="partial",
        observations=[
            Observation(indicator="output", period=period, value=ureg.Quantity(141.73, "yi_yuan")),
            Observation(
                indicator="output", period=Period(2019), value=ureg.Quantity(2**59 + 1, "yi_yuan")
            ),
        ],
    )
    fp.dump_plan_store([dongkou, partial], tmp_path)
    table = fp.open_plan_store(tmp_path).observation_table()
    expected = [*dongkou.observations, *dongkou.predecessor.observations, partial.observations[0]]
    assert len(table) == len(expected)
    assert set(table.plans) == {dongkou.id, dongkou.predecessor.id, "partial"}
    assert list(table.value) == [o.value.magnitude for o in expected]
    assert [table.units[c] for c in table.unit_codes] == [
        fp.format_unit(o.value.units) for o in expected
    ]
    assert list(table.year) == [o.period.year for o in expected]
    assert (table.first_month[-1], table.last_month[-1], table.last_month[0]) == (1, 9, 12)


def test_the_store_benchmark_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    root = str(Path(__file__).resolve().parents[1])  # benchmarks/ sits beside src/
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks.plan_store import main

    assert main(["--size", "small", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    for task in ("save store", "load store", "load plan files", "tomllib parse"):
        assert f"| {task} |" in out


def test_every_problem_of_a_plan_is_located(store: Path) -> None:
    """Problems in two tables: the error names the first one's file, the other its own."""
    _set(store / "targets.parquet", "comparator", 1, "≈")
    _set(store / "indicators.parquet", "direction", 0, "sideways")
    err = _error(store)
    paths = {p.path for p in err.problems}
    assert err.file == str(store / "indicators.parquet")
    assert "row 0, column direction" in paths
    assert "targets.parquet, row 1, column comparator" in paths


# -- a batch straight from the store's columns ---------------------------------------------------
_RESULT_ARRAYS = (
    "year",
    "baseline",
    "baseline_time",
    "latest",
    "latest_time",
    "target_value",
    "target_time",
    "sense",
    "linear",
    "stated_rate",
    "binding",
    "limit",
    "met",
    "required_rate",
    "actual_rate",
    "projection",
    "ratio",
    "rates_linear",
    "verdict_code",
)


def _same_results(got: fp.BatchResult, expected: fp.BatchResult) -> None:
    """Every column of two results equal (NaN equal to NaN), labels and targets too."""
    import numpy as np

    assert len(got) == len(expected)
    for name in _RESULT_ARRAYS:
        a, b = getattr(got, name), getattr(expected, name)
        assert a.dtype == b.dtype, name
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    assert got.plan == expected.plan
    assert got.indicator == expected.indicator
    assert got.unit == expected.unit
    assert got.targets == expected.targets
    assert got.to_records() == expected.to_records()


def _from_store_and_plans(
    plans: list[Plan], table: fp.ObservationTable | None = None
) -> tuple[fp.PlanBatch, fp.PlanBatch]:
    with tempfile.TemporaryDirectory() as folder:
        fp.dump_plan_store(plans, folder)
        store = fp.open_plan_store(folder)
        try:
            from_plans = fp.PlanBatch(fp.load_plan_store(folder), table)
        except fp.UnitMismatchError as exc:  # a target in a unit its indicator's is not
            with pytest.raises(fp.UnitMismatchError) as info:
                fp.PlanBatch.from_store(store, table)
            assert str(info.value) == str(exc)
            assume(False)
        from_store = fp.PlanBatch.from_store(store, table)
        assert len(from_store.evaluate().targets) == len(from_store)  # read while it exists
    return from_store, from_plans


def _check_every_evaluation(got: fp.PlanBatch, expected: fp.PlanBatch) -> None:
    assert got.plan_ids == expected.plan_ids
    assert len(got) == len(expected)
    for method in ("county", "opensdg", "unsd"):
        for as_of in (None, 2021, 2023):
            _same_results(
                got.evaluate(as_of=as_of, method=method),
                expected.evaluate(as_of=as_of, method=method),
            )


@PLAN_SETTINGS
@given(st.lists(S.progress_plans(), min_size=1, max_size=3))
def test_a_batch_from_the_store_is_the_batch_of_its_plans(plans: list[Plan]) -> None:
    got, expected = _from_store_and_plans(plans)  # the same id for every plan: rows tell them apart
    _check_every_evaluation(got, expected)
    assert got.evaluate().targets == fp.PlanBatch(plans).evaluate().targets


@PLAN_SETTINGS
@given(st.lists(S.plans(), min_size=1, max_size=3))
def test_a_batch_from_a_store_of_any_plans_leaves_out_their_predecessors(
    plans: list[Plan],
) -> None:
    got, expected = _from_store_and_plans(plans)
    _check_every_evaluation(got, expected)


@PLAN_SETTINGS
@given(st.lists(S.progress_plans(), min_size=1, max_size=3), st.data())
def test_a_batch_from_the_store_with_an_observation_table(
    plans: list[Plan], data: st.DataObject
) -> None:
    import attrs

    plans = [attrs.evolve(p, id=f"county_{i}") for i, p in enumerate(plans)]
    kept: list[Plan] = []
    extra: dict[str, list[Observation]] = {}
    for p in plans:
        stated = [o for o in p.observations if o.unit_stated]
        cut = data.draw(st.integers(0, len(stated)))
        kept.append(
            attrs.evolve(p, observations=[o for o in p.observations if o not in stated[cut:]])
        )
        extra[p.id] = stated[cut:]
    table = _as_table(extra)
    got, expected = _from_store_and_plans(kept, table)
    _check_every_evaluation(got, expected)


def test_a_batch_of_dongkou_from_the_store(dongkou: Plan, tmp_path: Path) -> None:
    fp.dump_plan_store([dongkou, dongkou], tmp_path)
    store = fp.open_plan_store(tmp_path)
    got = store.batch()
    assert got.plan_ids == (dongkou.id, dongkou.id)
    _check_every_evaluation(got, fp.PlanBatch([dongkou, dongkou]))


def test_a_value_kept_in_extra_makes_the_batch_from_the_plans(tmp_path: Path) -> None:
    plan = Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[Indicator(id="output", name="产值", unit=parse_unit("亿元"))],
        observations=[
            Observation(
                indicator="output", period=Period(2020), value=ureg.Quantity(2**59 + 1, "yi_yuan")
            )
        ],
    )
    fp.dump_plan_store([plan], tmp_path)
    assert fp.open_plan_store(tmp_path).arrays("observations", "extra")["extra"][0] is not None
    _check_every_evaluation(
        fp.PlanBatch.from_store(fp.open_plan_store(tmp_path)), fp.PlanBatch([plan])
    )


def test_a_batch_from_the_store_refuses_other_observations(tmp_path: Path, dongkou: Plan) -> None:
    fp.dump_plan_store([dongkou, dongkou], tmp_path)
    store = fp.open_plan_store(tmp_path)
    with pytest.raises(TypeError, match="ObservationTable"):
        fp.PlanBatch.from_store(store, {"x": []})  # type: ignore[arg-type]
    table = fp.ObservationTable(plan=dongkou.id, indicator="rd_spending", year=[2022], value=[5.0])
    with pytest.raises(ValueError, match="unique"):
        fp.PlanBatch.from_store(store, table)


def test_targets_and_their_words_from_the_columns(tmp_path: Path) -> None:
    """A row the columns give is made from them; one with a number kept in ``extra`` is read as a
    plan file's target; both equal the plan's targets, and their words describe()'s."""
    huge = ureg.Quantity(2**59 + 1, "yi_yuan")  # a float cannot hold it: kept in extra
    plan = Plan(
        id="demo",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[
            Indicator(id="output", name="产值", unit=parse_unit("亿元")),
            Indicator(id="share", name="比重", unit=parse_unit("%")),
        ],
        targets=[
            fp.LevelTarget(indicator="output", year=2025, value=huge),
            fp.GrowthTarget(indicator="output", year=2025, rate=ureg.Quantity(8, "percent")),
            fp.ReductionTarget(
                indicator="output", year=2025, rate=ureg.Quantity(5, "permille"), annual=False
            ),
            fp.ThresholdTarget(indicator="output", year=2023, value=ureg.Quantity(1.5, "yi_yuan")),
            fp.ShareTarget(
                indicator="share", year=2025, value=ureg.Quantity(3, "percent"), of="GDP"
            ),
            fp.RateTarget(
                indicator="share", year=2025, value=ureg.Quantity(8, "percent"), years=[2022]
            ),
            fp.CoverageTarget(indicator="share", year=2025, scope="全县"),
        ],
    )
    fp.dump_plan_store([plan], tmp_path)
    store = fp.open_plan_store(tmp_path)
    extra = store.arrays("targets", "extra")["extra"]
    assert extra[0] is not None and all(x is None for x in extra[1:])
    rows = list(range(len(plan.targets)))
    assert store.target_objects(rows) == list(plan.targets)
    assert store.target_words(rows) == [t.describe() for t in plan.targets]
    assert store.target_words([]) == [] and store.target_objects([]) == []
    codes, values = store.codes("targets", "of")
    assert [values[c] if c >= 0 else None for c in codes] == [
        getattr(t, "of", None) for t in plan.targets
    ]
