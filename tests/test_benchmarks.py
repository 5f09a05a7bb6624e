"""The benchmarks run, in their small configuration, so that they cannot rot."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks package sits beside src/, not inside it
    sys.path.insert(0, str(ROOT))

from benchmarks.__main__ import main  # noqa: E402
from benchmarks.generate import county_plans  # noqa: E402
from benchmarks.run import TASKS, baseline_arrays, format_table, numpy_baseline, run  # noqa: E402

import fyp_planning as fp  # noqa: E402


def test_small_run_has_every_row() -> None:
    rows = run("small", repeat=1)
    assert [r.task for r in rows] == list(TASKS)
    for row in rows:
        assert row.seconds >= 0 and row.peak_mb > 0, row
        assert math.isfinite(row.ratio), row
    table = format_table(rows)
    for task in TASKS:
        assert f"| {task} |" in table
    notes = {r.task: r.note for r in rows}
    floor = r"\d+\.\d\d × tomllib parse \(goal ≤ {} ×\)"
    assert re.fullmatch(floor.format(r"1\.5"), notes["audit vs tomllib parse"])
    assert re.fullmatch(floor.format(r"2\.5"), notes["load plan files"])
    for task in ("linear: load", "linear: audit", "linear: assess", "linear: report"):
        assert re.fullmatch(r"10 × the plan costs \d+\.\d × \(goal ≤ 12 ×\)", notes[task])
    # issue 14: one plan's commands against parsing its file, progress against the batch
    for task in ("one plan: fyp show", "one plan: fyp check"):
        assert re.fullmatch(
            r"CPU \d+\.\d\d s \(goal < 2 s\); [\d,]+\.\d × tomllib parse", notes[task]
        )
    assert re.fullmatch(
        r"\d+\.\d\d × the batch's time, \d+\.\d\d × its peak memory \(goal ≤ 1\.5 ×\); "
        r"CPU \d+\.\d s",
        notes["national CSV: fyp progress of one county"],
    )


def test_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--size", "small", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "| task | size | median (s) |" in out
    assert all(f"| {task} |" in out for task in TASKS)
    with pytest.raises(SystemExit):
        main(["--repeat", "0"])


def test_only_some_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run("small", repeat=1, only=("progress: eval", "gap"))
    assert [r.task for r in rows] == [
        "progress: evaluate_many",
        "progress: evaluate (PlanBatch.evaluate)",
        "gap analysis",
        "numpy baseline",
    ]
    with pytest.raises(SystemExit):
        main(["--only", "nothing-like-this"])
    assert "no task starts with 'nothing-like-this'" in capsys.readouterr().err


def test_generator_is_seeded_and_the_baseline_agrees_with_evaluate_many() -> None:
    a = county_plans(3, 16, 10, chains=4, seed=7)
    b = county_plans(3, 16, 10, chains=4, seed=7)
    assert a.plans == b.plans
    assert (a.table.value == b.table.value).all()
    assert sum(len(p.chains) for p in a.plans) == 4
    # the raw kernel and evaluate_many judge the 2025 targets alike, but for what the kernel
    # leaves out (binding indicators short of pace are capped at moderate; rounded levels)
    kernel = numpy_baseline(baseline_arrays(a)).tolist()
    result = fp.evaluate_many(a.plans, a.table, as_of=2023)
    codes = {"deterioration": 0, "limited": 1, "moderate": 2, "substantial": 3, "achieved": 4}
    final = [
        (codes[v.value], bool(binding))
        for v, t, binding in zip(result.verdicts, result.targets, result.binding, strict=True)
        if t is not None and t.year == 2025 and not isinstance(t, fp.RateTarget)
    ]
    assert len(final) == len(kernel)
    alike = [
        f == k or (binding and (f, k) == (2, 3))
        for (f, binding), k in zip(final, kernel, strict=True)
    ]
    assert sum(alike) >= 0.95 * len(alike)


def test_the_duckdb_comparator_gives_the_store_batch_s_verdicts(tmp_path: Path) -> None:
    """benchmarks/store_batch.py: duckdb on the store's files judges every target as the batch
    from the store does (and that batch is evaluate_many's on the plans and their table)."""
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    from benchmarks import store_batch

    data = county_plans(6, 40, 10, chains=0, seed=11)
    folder = tmp_path / "store"
    store_batch.write_store(data, folder)
    out = tmp_path / "ours.parquet"
    n = store_batch.fyp_from_store(folder, out, 2023)
    expected = fp.evaluate_many(data.plans, data.table, as_of=2023)
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(out).to_pylist() == expected.to_records()
    theirs = tmp_path / "duckdb.parquet"
    factors = store_batch.unit_factors(data)
    assert store_batch.duckdb_from_store(folder, theirs, 2023, factors) == n
    rows = duckdb.sql(f"SELECT row, verdict FROM read_parquet('{theirs}') ORDER BY row").fetchall()
    assert [v for _, v in rows] == expected.verdict_code[[r for r, _ in rows]].tolist()
