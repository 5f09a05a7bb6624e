"""The ``fyp`` command at scale, run as child processes (issue 14, item 9), so that each run's
peak resident memory is its own (``ru_maxrss`` of the child, from ``os.wait4``) and the time
includes starting Python and importing the package, as a user waits for it.

* **One plan** (:func:`one_plan_files`): ``fyp show``, ``check``, ``indicators``, ``review`` and
  ``report`` of one generated plan of N indicators (10,000 at full size), beside ``tomllib``
  parsing its file in the same run (the floor: every command reads the file); the goal of
  ``show`` and ``check`` is under 2 s. ``review`` reads a second file: a 十五五 plan whose
  predecessor is that plan with its 2025 values.
* **A national observations CSV** (:func:`progress_inputs`): ``fyp progress PLAN.toml
  --observations BIG.csv`` of one county beside ``fyp batch --store STORE --observations
  BIG.csv`` of every county reading the same file (the floor: the one columnar reader,
  :func:`fyp_planning.load_observation_table`, on every row); the goal is at most 1.5 × its
  time and peak memory. ``fyp progress`` skips the other counties' rows as it reads them and
  makes no :class:`~fyp_planning.Observation` but for the rows its assessments show.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import attrs

import fyp_planning as fp

from .generate import Synthetic, county_plans

__all__ = ["child", "one_plan_files", "progress_inputs"]

_RANKS = {2: "actual", 1: "preliminary", 0: "estimate"}


def progress_inputs(data: Synthetic, folder: Path) -> tuple[Path, Path, Path]:
    """The plans as a plan store, the first as a plan file, the table as a tidy CSV (one row
    per observation, a ``plan`` column in front): the store, the plan file and the CSV."""
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


def child(args: list[str], repeat: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Median wall seconds, the largest peak RSS (MB) and the median CPU seconds (user and
    system: what a loaded machine does not inflate) of ``fyp ARGS`` run ``repeat`` times as a
    child process (its output discarded; an exit status not in ``ok`` raises)."""
    command = [sys.executable, "-c", _CHILD, *args]
    times, peaks, cpu = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        with (
            open(os.devnull, "wb") as sink,
            subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE) as proc,
        ):
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            _, status, usage = os.wait4(proc.pid, 0)  # reaped here, with its resource usage
            times.append(time.perf_counter() - start)
            cpu.append(usage.ru_utime + usage.ru_stime)
            proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            raise RuntimeError(f"fyp {' '.join(args)} exited {proc.returncode}: {err[-500:]}")
        own = [line.split()[1] for line in err.splitlines() if line.startswith("PEAK_KB ")]
        # the child's own high-water mark; ru_maxrss of a forked child counts the parent's
        # pages it was forked with (Linux keeps the larger across exec)
        peaks.append(int(own[-1]) / 1024 if own else usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks), statistics.median(cpu)


#: What a child runs: ``fyp`` (its arguments in ``sys.argv``), then its peak RSS on stderr.
_CHILD = """
import atexit, sys
def _peak():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    sys.stderr.write("PEAK_KB " + line.split()[1] + "\\n")
    except OSError:
        pass
atexit.register(_peak)
sys.argv[0] = "fyp"
from fyp_planning.cli import main
main()
"""


def one_plan_files(indicators: int, years: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """One generated plan of ``indicators`` indicators (one chain) as a plan file, and a
    十五五 plan whose predecessor is that plan with its 2025 values (for ``fyp review``)."""
    data = county_plans(1, indicators, years, chains=1, seed=seed)
    (plan,) = data.plans
    path, successor = folder / "one-plan.toml", folder / "one-plan-successor.toml"
    fp.dump_plan(plan, path)
    actual = [o for o in data.table.observations(plan) if o.period.year == 2025]
    old = attrs.evolve(plan, observations=(*plan.observations, *actual))
    new = attrs.evolve(
        plan,
        id=f"{plan.id}_15th",
        start_year=2026,
        end_year=2030,
        base_year=2025,
        targets=(),
        chains=(),
        templates=(),
        enterprises=(),
        predecessor=old,
    )
    fp.dump_plan(new, successor)
    return path, successor
