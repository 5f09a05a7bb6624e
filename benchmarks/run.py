"""Timings of fyp-planning at county, provincial and national scale, beside a numpy baseline.

Every task is run ``repeat`` times on the same synthetic data (:mod:`benchmarks.generate`) and
its median wall time is reported beside the median of a hand-written raw-numpy kernel doing
the progress arithmetic (baseline → latest CAGR, required CAGR, their ratio and the Open SDG
thresholds) on the same observation arrays, measured in the same run, as a ratio. The peak
resident memory of the process (``ru_maxrss``) is read after each task.

Tasks:

* ``load plan files`` — ``fp.load_plan`` of every county's plan, written as TOML with
  ``fp.dump_plan`` to a temporary folder first (not timed);
* ``progress: evaluate_many`` — ``fp.evaluate_many(plans, table, as_of=2023)`` for all
  counties, end to end;
* ``progress: prepare (PlanBatch)`` and ``progress: evaluate (PlanBatch.evaluate)`` — its two
  steps: ``fp.PlanBatch(plans, table)`` reads the plans' objects into columns once (the step
  that loops in Python, like loading), then ``batch.evaluate(as_of=2023)`` judges every target
  in numpy; this last is the figure to compare with the baseline, which also starts from
  arrays prepared beforehand;
* ``progress: assess (scalar)`` — ``fp.assess`` per county, timed on a sample of counties and
  scaled to all of them;
* ``audit`` — ``fp.audit`` of every plan;
* ``gap analysis`` — ``fp.analyse_chains`` (``fp.gap_analysis`` of each chain) of every plan;
* ``numpy baseline`` — the raw kernel.
"""

from __future__ import annotations

import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import fyp_planning as fp

from . import pandas_progress
from .generate import BASE_YEAR, FIRST_YEAR, Synthetic, county_plans

__all__ = ["SIZES", "TASKS", "Row", "format_table", "numpy_baseline", "run"]

#: Sizes: counties × indicators × years of observations, and chains (of 8–25 segments).
SIZES: dict[str, dict[str, int]] = {
    "small": {"counties": 20, "indicators": 40, "years": 10, "chains": 100, "scalar_sample": 5},
    "full": {"counties": 2844, "indicators": 40, "years": 10, "chains": 20000, "scalar_sample": 50},
}
#: The rows of the table, in order.
TASKS = (
    "load plan files",
    "progress: evaluate_many",
    "progress: prepare (PlanBatch)",
    "progress: evaluate (PlanBatch.evaluate)",
    "progress: assess (scalar)",
    *(("progress: pandas (same arithmetic)",) if pandas_progress.available() else ()),
    "audit",
    "gap analysis",
    "numpy baseline",
)
AS_OF = 2023


@dataclass
class Row:
    """One line of the table."""

    task: str
    size: str
    seconds: float
    ratio: float = float("nan")
    peak_mb: float = float("nan")
    note: str = ""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- the baseline ------------------------------------------------------------------------------
@dataclass
class BaselineArrays:
    """The arrays the raw kernel reads: the observation table's values and their unit factors
    (series × years), the 2020 baseline, the 2025 target level and the sense of each series."""

    raw: np.ndarray
    factor: np.ndarray
    base: np.ndarray
    target: np.ndarray
    sense: np.ndarray
    latest_col: int


def baseline_arrays(data: Synthetic) -> BaselineArrays:
    table = data.table
    series = len(data.target)
    raw = table.value.reshape(series, -1)
    units = np.asarray(table.units)[table.unit_codes].reshape(series, -1)
    factor = np.where(units == "万元", 1e-4, 1.0)
    years = [y for y in range(FIRST_YEAR, FIRST_YEAR + raw.shape[1] + 1) if y != BASE_YEAR]
    base = np.array(
        [float(o.value.magnitude) for p in data.plans for o in p.observations], dtype=np.float64
    )
    keep = ~np.isnan(data.target)  # rate targets are judged year by year: not in the kernel
    return BaselineArrays(
        raw=raw[keep],
        factor=factor[keep],
        base=base[keep],
        target=data.target[keep],
        sense=data.sense[keep],
        latest_col=years.index(AS_OF),
    )


def numpy_baseline(a: BaselineArrays) -> np.ndarray:
    """Hand-written progress arithmetic, Open SDG thresholds: verdict codes 0–4
    (deterioration, limited, moderate, substantial, achieved) per series."""
    values = a.raw * a.factor  # units applied
    latest = values[:, a.latest_col]
    actual = (latest / a.base) ** (1.0 / (AS_OF - BASE_YEAR)) - 1.0
    required = (a.target / a.base) ** (1.0 / (2025 - BASE_YEAR)) - 1.0
    ratio = actual / required
    met = a.sense * (latest - a.target) >= 0
    return np.select(
        [met, a.sense * required <= 0, ratio >= 0.95, ratio >= 0.60, ratio >= 0.0],
        [4, 0, 3, 2, 1],
        0,
    )


# -- the run -----------------------------------------------------------------------------------
def run(
    size: str = "small",
    repeat: int = 3,
    seed: int = 2021,
    echo: bool = False,
    only: tuple[str, ...] = (),
) -> list[Row]:
    """Generate the data of ``size`` and time every task (median of ``repeat`` runs); with
    ``only``, just the tasks whose names start with one of its words (and the baseline)."""
    unknown = [w for w in only if not any(t.startswith(w) for t in TASKS)]
    if unknown:
        raise ValueError(f"no task starts with {', '.join(map(repr, unknown))}; tasks: {TASKS}")

    def wanted(task: str) -> bool:
        return not only or task == "numpy baseline" or any(task.startswith(w) for w in only)

    cfg = SIZES[size]
    say = print if echo else (lambda *_: None)
    start = time.perf_counter()
    data = county_plans(
        cfg["counties"], cfg["indicators"], cfg["years"], chains=cfg["chains"], seed=seed
    )
    plans = data.plans
    n_chains = sum(len(p.chains) for p in plans)
    n_segments = sum(
        len(t.segments) for p in plans for c in p.chains for t in p.templates if t.id == c.template
    )
    say(
        f"generated {len(plans)} plans, {len(data.table):,} observations, {n_chains:,} chains "
        f"({n_segments:,} segments) in {time.perf_counter() - start:.1f} s"
    )
    label = f"{cfg['counties']:,} counties × {cfg['indicators']} indicators × {cfg['years']} years"
    rows: list[Row] = []

    def add(task: str, seconds: float, what: str, note: str = "") -> None:
        if not wanted(task):
            return
        rows.append(Row(task, what, seconds, peak_mb=_peak_mb(), note=note))
        say(f"  {task}: {seconds:.3f} s")

    # the baseline first, then every task beside it
    arrays = baseline_arrays(data)
    base_seconds = _median(lambda: numpy_baseline(arrays), max(repeat, 5))

    if wanted("load plan files"):
        _time_loading(plans, repeat, add)
    if any(wanted(t) for t in TASKS if t.startswith("progress")):
        _time_progress(data, repeat, label, cfg["scalar_sample"], add)
    if wanted("audit"):
        add("audit", _median(lambda: [fp.audit(p) for p in plans], repeat), f"{len(plans):,} plans")
    if wanted("gap analysis"):
        add(
            "gap analysis",
            _median(lambda: [fp.analyse_chains(p) for p in plans], repeat),
            f"{n_chains:,} chains of 8–25 segments",
        )
    add("numpy baseline", base_seconds, label)
    for row in rows:
        row.ratio = row.seconds / base_seconds if base_seconds else float("nan")
    return rows


def _time_loading(plans: list[fp.Plan], repeat: int, add: Callable[..., None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in plans:
            path = Path(tmp) / f"{p.id}.toml"
            fp.dump_plan(p, path)
            paths.append(path)
        add(
            "load plan files",
            _median(lambda: [fp.load_plan(x) for x in paths], repeat),
            f"{len(paths):,} files",
        )


def _time_progress(
    data: Synthetic, repeat: int, label: str, scalar_sample: int, add: Callable[..., None]
) -> None:
    plans = data.plans
    add(
        "progress: evaluate_many",
        _median(lambda: fp.evaluate_many(plans, data.table, as_of=AS_OF), repeat),
        label,
    )
    add(
        "progress: prepare (PlanBatch)",
        _median(lambda: fp.PlanBatch(plans, data.table), repeat),
        label,
    )
    prepared = fp.PlanBatch(plans, data.table)
    add(
        "progress: evaluate (PlanBatch.evaluate)",
        _median(lambda: prepared.evaluate(as_of=AS_OF), max(repeat, 5)),
        label,
    )
    sample = plans[:scalar_sample]
    extra = _observations_of(data, sample)
    per_plan = _median(
        lambda: [fp.assess(p, observations=extra[p.id], as_of=AS_OF) for p in sample], repeat
    )
    add(
        "progress: assess (scalar)",
        per_plan * len(plans) / len(sample),
        label,
        note=f"scaled from {len(sample)} counties",
    )
    if pandas_progress.available():  # optional: the comparator of evaluate_many
        frames = pandas_progress.frames(data)
        seconds = _median(lambda: pandas_progress.progress(frames, AS_OF), repeat)
        many = _median(lambda: fp.evaluate_many(plans, data.table, as_of=AS_OF), repeat)
        note = f"evaluate_many from plans: {many / seconds:.1f}× this"
        add("progress: pandas (same arithmetic)", seconds, label, note=note)


def _observations_of(data: Synthetic, plans: list[fp.Plan]) -> dict[str, list[fp.Observation]]:
    """The table's rows of ``plans`` as Observation objects (for the scalar API)."""
    table = data.table
    wanted = {p.id for p in plans}
    units = {u: fp.parse_unit(u) for u in table.units if u}
    status = {2: fp.ObservationStatus.ACTUAL, 1: fp.ObservationStatus.PRELIMINARY}
    out: dict[str, list[fp.Observation]] = {p.id: [] for p in plans}
    for i in range(len(table)):
        pid = table.plans[table.plan_codes[i]]
        if pid not in wanted:
            continue
        out[pid].append(
            fp.Observation(
                indicator=table.indicators[table.indicator_codes[i]],
                period=fp.Period(int(table.year[i])),
                value=fp.Quantity(float(table.value[i]), units[table.units[table.unit_codes[i]]]),
                status=status[int(table.status_rank[i])],
            )
        )
    return out


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| task | size | median (s) | × numpy baseline | peak RSS (MB) | note |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.task} | {r.size} | {r.seconds:.4f} | {r.ratio:,.1f} | {r.peak_mb:,.0f} "
            f"| {r.note} |"
        )
    return "\n".join(lines)
