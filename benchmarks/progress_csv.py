"""``fyp progress`` of one plan from a national observations CSV, beside ``fyp batch`` reading
the same file (issue 14: within 1.5 × its time and peak memory).

The data (written first, not timed): the generated county plans as a plan store, one of them
as a plan file, and every observation of every county as one tidy CSV with a ``plan`` column
(what a statistics bureau publishes). Both commands run as child processes, so that each
one's peak resident memory is its own (``ru_maxrss`` of the child, from ``os.wait4``):

* ``fyp batch --store STORE --observations BIG.csv --as-of 2023`` — every county judged: the
  floor, the one columnar reader (:func:`fyp_planning.load_observation_table`) on every row;
* ``fyp progress PLAN.toml --observations BIG.csv --as-of 2023`` — one county: the same reader,
  the other counties' rows skipped as read, no :class:`~fyp_planning.Observation` made but for
  the rows its assessments show.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import fyp_planning as fp

from .generate import Synthetic

__all__ = ["child", "write_inputs"]

_RANKS = {2: "actual", 1: "preliminary", 0: "estimate"}


def write_inputs(data: Synthetic, folder: Path) -> tuple[Path, Path, Path]:
    """The plans as a plan store, the first as a plan file, the table as a tidy CSV."""
    store, plan, observations = folder / "store", folder / "plan.toml", folder / "big.csv"
    fp.dump_plan_store(data.plans, store)
    fp.dump_plan(data.plans[0], plan)
    table = data.table
    plans = [table.plans[c] for c in table.plan_codes.tolist()]
    indicators = [table.indicators[c] for c in table.indicator_codes.tolist()]
    units = [table.units[c] for c in table.unit_codes.tolist()]
    statuses = [_RANKS[r] for r in table.status_rank.tolist()]
    with observations.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["plan", "indicator", "period", "value", "unit", "status"])
        out.writerows(
            zip(
                plans,
                indicators,
                table.year.tolist(),
                map(repr, table.value.tolist()),
                units,
                statuses,
                strict=True,
            )
        )
    return store, plan, observations


def child(args: list[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MB) of ``fyp ARGS`` run ``repeat``
    times as a child process (its output discarded; a failure raises)."""
    command = [sys.executable, "-c", "from fyp_planning.cli import main; main()", *args]
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"fyp {' '.join(args)} exited {proc.returncode}: {err[-500:]}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(times), max(peaks)
