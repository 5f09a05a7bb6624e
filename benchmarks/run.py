"""Timings of fyp-planning at county, provincial and national scale, beside a numpy baseline.

Every task is run ``repeat`` times on the same synthetic data (:mod:`benchmarks.generate`) and
its median wall time is reported beside the median of a hand-written raw-numpy kernel doing
the progress arithmetic (baseline → latest CAGR, required CAGR, their ratio and the Open SDG
thresholds) on the same observation arrays, measured in the same run, as a ratio. The peak
resident memory of the process (``ru_maxrss``) is read after each task.

Tasks:

* ``load plan files`` — ``fp.load_plan`` of every county's plan, written as TOML with
  ``fp.dump_plan`` to a temporary folder first (not timed);
* ``tomllib parse`` — ``tomllib.loads`` of the same files: the floor of loading and auditing
  a plan (the rows beside it give their cost as a multiple of it, with the goal);
* ``audit vs tomllib parse`` — ``fp.audit`` of every plan, beside the parse of its file;
* ``progress: evaluate_many`` — ``fp.evaluate_many(plans, table, as_of=2023)`` for all
  counties, end to end;
* ``progress: prepare (PlanBatch)`` and ``progress: evaluate (PlanBatch.evaluate)`` — its two
  steps: ``fp.PlanBatch(plans, table)`` reads the plans' objects into columns once (the step
  that loops in Python, like loading), then ``batch.evaluate(as_of=2023)`` judges every target
  in numpy; this last is the figure to compare with the baseline, which also starts from
  arrays prepared beforehand;
* ``progress: assess (scalar)`` — ``fp.assess`` per county, timed on a sample of counties and
  scaled to all of them;
* ``national batch from store, end to end`` — ``fyp batch --store`` without its summary
  (:mod:`benchmarks.store_batch`): open a plan store holding the plans and every observation,
  ``fp.PlanBatch.from_store`` (read the columns, prepare), evaluate as of 2023, write the tidy
  result as Parquet (goal: under 5 s at full size, within 3 × duckdb); writing the store is
  not timed. Needs pyarrow;
* ``national batch: duckdb (same arithmetic, same files)`` — one duckdb query doing the same
  arithmetic on the same Parquet files, its result written as Parquet (only when duckdb is
  installed: it is optional);
* ``audit`` — ``fp.audit`` of every plan;
* ``linear: load``, ``linear: audit``, ``linear: assess``, ``linear: report`` — one plan of N
  and one of 10·N indicators (and chains in proportion; the observations of the table): the
  time of the larger, and how many times the smaller's it costs (goal: at most 12);
* ``gap analysis`` — ``fp.analyse_chains`` (``fp.gap_analysis`` of each chain) of every plan;
* ``one plan: fyp show`` (``check``, ``indicators``, ``review``, ``report``) — the command on
  one generated plan of ``one_plan`` indicators, as a child process (:mod:`benchmarks.cli`),
  beside ``one plan: tomllib parse`` of its file (goal of show and check: under 2 s);
* ``national CSV: fyp progress of one county`` — ``fyp progress PLAN --observations BIG.csv``
  beside ``national CSV: fyp batch`` (``--store`` of every county, the same file), as child
  processes: time and peak memory (goal: at most 1.5 × the batch's);
* ``numpy baseline`` — the raw kernel.
"""

from __future__ import annotations

import csv
import gc
import resource
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import fyp_planning as fp

from . import cli, pandas_progress, store_batch
from .generate import BASE_YEAR, FIRST_YEAR, Synthetic, county_plans

__all__ = ["SIZES", "TASKS", "Row", "format_table", "numpy_baseline", "run"]

#: Sizes: counties × indicators × years of observations, and chains (of 8–25 segments).
#: ``linear``: indicators of the smaller plan of the linear rows (the larger has ten times more).
SIZES: dict[str, dict[str, int]] = {
    "small": {
        "counties": 20, "indicators": 40, "years": 10, "chains": 100, "scalar_sample": 5,
        "linear": 40, "one_plan": 400, "csv_counties": 20, "csv_years": 10,
    },
    "full": {
        "counties": 2844, "indicators": 40, "years": 10, "chains": 20000, "scalar_sample": 50,
        "linear": 400, "one_plan": 10000, "csv_counties": 2844, "csv_years": 45,
    },
}  # fmt: skip
#: ``one_plan``: indicators of the plan of the ``one plan`` rows; ``csv_counties`` ×
#: ``indicators`` × (``csv_years`` - 1): rows of the national CSV (5,005,440 at full size).
#: Goals of issue 13, as multiples of a floor measured in the same run (``store``: seconds).
GOALS = {"load": 2.5, "audit": 1.5, "linear": 12.0, "duckdb": 3.0, "store": 5.0, "gaps": 5.0}
#: Goals of issue 14: one plan's show and check (seconds), progress against the batch.
GOALS_14 = {"one plan": 2.0, "csv": 1.5}
#: Goal of issue 19: ``fyp extract`` of the Dongkou document (seconds).
GOAL_EXTRACT = 2.0
#: The Dongkou plan document (a copy of the shared seed, see tests/data/extract/).
DONGKOU_DOCUMENT = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "extract" / "dongkou.txt"
)
#: The commands of the ``one plan`` rows: arguments after ``fyp`` (``{plan}``, ``{successor}``).
ONE_PLAN = {
    "show": ["show", "{plan}"],
    "check": ["check", "{plan}"],
    "indicators": ["indicators", "{plan}"],
    "review": ["review", "{successor}"],
    "report": ["report", "{plan}"],
}
#: The rows of the table, in order.
TASKS = (
    "load plan files",
    "tomllib parse",
    "audit vs tomllib parse",
    "load observations CSV",
    "progress: evaluate_many",
    "progress: prepare (PlanBatch)",
    "progress: evaluate (PlanBatch.evaluate)",
    "progress: assess (scalar)",
    *(("progress: pandas (same arithmetic)",) if pandas_progress.available() else ()),
    *(("national batch from store, end to end",) if store_batch.pyarrow_available() else ()),
    *(
        ("national batch: duckdb (same arithmetic, same files)",)
        if store_batch.pyarrow_available() and store_batch.available()
        else ()
    ),
    "audit",
    "linear: load",
    "linear: audit",
    "linear: assess",
    "linear: report",
    "gap analysis",
    *(f"one plan: fyp {name}" for name in ONE_PLAN),
    "one plan: tomllib parse",
    "national CSV: fyp progress of one county",
    "national CSV: fyp batch",
    "extract: Dongkou document",
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

    def add(
        task: str, seconds: float, what: str, note: str = "", peak: float | None = None
    ) -> None:
        if not wanted(task):
            return
        rows.append(
            Row(task, what, seconds, peak_mb=_peak_mb() if peak is None else peak, note=note)
        )
        say(f"  {task}: {seconds:.3f} s")

    # the baseline first, then every task beside it
    arrays = baseline_arrays(data)
    base_seconds = _median(lambda: numpy_baseline(arrays), max(repeat, 5))

    if any(wanted(t) for t in ("load plan files", "tomllib parse", "audit vs tomllib parse")):
        _time_files(plans, repeat, add)
    if wanted("load observations CSV"):
        _time_observations_csv(data, repeat, add)
    if any(wanted(t) for t in TASKS if t.startswith("progress")):
        _time_progress(data, repeat, label, cfg["scalar_sample"], add)
    if any(wanted(t) for t in TASKS if t.startswith("national batch")):
        _time_store_batch(data, repeat, label, add)
    if wanted("audit"):
        add("audit", _median(lambda: [fp.audit(p) for p in plans], repeat), f"{len(plans):,} plans")
    if any(wanted(t) for t in TASKS if t.startswith("linear")):
        _time_linear(cfg["linear"], cfg["years"], repeat, seed, add)
    if wanted("gap analysis"):
        add(
            "gap analysis",
            _median(lambda: [fp.analyse_chains(p) for p in plans], repeat),
            f"{n_chains:,} chains of 8–25 segments",
            note=f"each with 2–4 stated directions; goal < {GOALS['gaps']:g} s at full size",
        )
    if any(wanted(t) for t in TASKS if t.startswith("one plan")):
        _time_one_plan_cli(cfg["one_plan"], cfg["years"], repeat, seed, add)
    if any(wanted(t) for t in TASKS if t.startswith("national CSV")):
        _time_national_csv(cfg, repeat, seed, add, say)
    if wanted("extract: Dongkou document"):
        _time_extract(repeat, add)
    add("numpy baseline", base_seconds, label)
    for row in rows:
        row.ratio = row.seconds / base_seconds if base_seconds else float("nan")
    return rows


def _time_files(plans: list[fp.Plan], repeat: int, add: Callable[..., None]) -> None:
    """Loading and auditing the plans, each beside ``tomllib`` parsing their files."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in plans:
            path = Path(tmp) / f"{p.id}.toml"
            fp.dump_plan(p, path)
            paths.append(path)
        files = f"{len(paths):,} files"
        parse = _median(
            lambda: [tomllib.loads(x.read_text(encoding="utf-8")) for x in paths], repeat
        )
        load = _median(lambda: [fp.load_plan(x) for x in paths], repeat)
        audit = _median(lambda: [fp.audit(p) for p in plans], repeat)
    add("load plan files", load, files, note=_against(load, parse, "tomllib parse", "load"))
    add("tomllib parse", parse, files, note="the floor of the two rows beside it")
    add(
        "audit vs tomllib parse",
        audit,
        f"{len(plans):,} plans",
        note=_against(audit, parse, "tomllib parse", "audit"),
    )


def _time_extract(repeat: int, add: Callable[..., None]) -> None:
    """``fyp extract`` of the Dongkou document (read, grammar, draft plan and its files),
    beside reading the document into blocks alone (the floor: every extraction reads it)."""
    from fyp_planning.extract.document import read_document
    from fyp_planning.extract.draft import build_draft
    from fyp_planning.extract.folder import plan_files
    from fyp_planning.extract.grammar import read_findings

    def extract() -> None:
        plan_files(build_draft(read_findings(read_document(DONGKOU_DOCUMENT))))

    extract()  # imports and first-use caches (the catalogue) are not the document's cost
    seconds = _median(extract, max(repeat, 3))
    floor = _median(lambda: read_document(DONGKOU_DOCUMENT), max(repeat, 3))
    lines = len(DONGKOU_DOCUMENT.read_text(encoding="utf-8").splitlines())
    add(
        "extract: Dongkou document",
        seconds,
        f"{lines} lines",
        note=f"{seconds / floor:,.1f} × reading its blocks (goal < {GOAL_EXTRACT:g} s)",
    )


def _against(seconds: float, floor: float, what: str, goal: str) -> str:
    """``1.23 × tomllib parse (goal ≤ 1.5 ×)``."""
    ratio = seconds / floor if floor else float("nan")
    return f"{ratio:.2f} × {what} (goal ≤ {GOALS[goal]:g} ×)"


def _time_linear(n: int, years: int, repeat: int, seed: int, add: Callable[..., None]) -> None:
    """Load, audit, assess and report of a plan of ``n`` indicators and of one of ``10·n``."""
    small, large = (_time_one_plan(size, years, repeat, seed) for size in (n, 10 * n))
    for name, seconds in large.items():
        ratio = seconds / small[name] if small[name] else float("nan")
        add(
            f"linear: {name}",
            seconds,
            f"{n:,} → {10 * n:,} indicators",
            note=f"10 × the plan costs {ratio:.1f} × (goal ≤ {GOALS['linear']:g} ×)",
        )


def _time_one_plan(size: int, years: int, repeat: int, seed: int) -> dict[str, float]:
    """Load, audit, assess and report of one generated plan of ``size`` indicators."""
    data = county_plans(1, size, years, chains=max(1, size // 8), seed=seed)
    (plan,) = data.plans
    observations = data.table.observations(plan)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{plan.id}.toml"
        fp.dump_plan(plan, path)
        fp.audit(plan)  # imports and first-use caches are not the plan's cost
        tasks: dict[str, Callable[[], Any]] = {
            "load": lambda: fp.load_plan(path),
            "audit": lambda: fp.audit(plan),
            "assess": lambda: fp.assess(plan, observations=observations, as_of=AS_OF),
            "report": lambda: fp.report_html(
                fp.build_report(plan, observations=observations, as_of=AS_OF)
            ),
        }
        return {name: _median(fn, repeat) for name, fn in tasks.items()}


def _time_one_plan_cli(
    n: int, years: int, repeat: int, seed: int, add: Callable[..., None]
) -> None:
    """The ``fyp`` commands on one plan of ``n`` indicators (child processes, peak memory
    their own), beside ``tomllib`` parsing its file."""
    with tempfile.TemporaryDirectory() as tmp:
        plan, successor = cli.one_plan_files(n, years, seed, Path(tmp))
        text = plan.read_text(encoding="utf-8")
        parse = _median(lambda: tomllib.loads(text), repeat)
        size = f"{n:,} indicators"
        for name, args in ONE_PLAN.items():
            argv = [a.format(plan=plan, successor=successor) for a in args]
            seconds, peak, cpu = cli.child(argv, repeat, ok=(0, 1))  # check: 1 = errors found
            goal = f" (goal < {GOALS_14['one plan']:g} s)" if name in ("show", "check") else ""
            note = f"CPU {cpu:.2f} s{goal}; {seconds / parse:.1f} × tomllib parse"
            add(f"one plan: fyp {name}", seconds, size, note=note, peak=peak)
        add("one plan: tomllib parse", parse, size, note="the floor of the rows above")


def _time_national_csv(
    cfg: dict[str, int],
    repeat: int,
    seed: int,
    add: Callable[..., None],
    say: Callable[..., None],
) -> None:
    """``fyp progress`` of one county and ``fyp batch`` of all from one national CSV."""
    start = time.perf_counter()
    data = county_plans(cfg["csv_counties"], cfg["indicators"], cfg["csv_years"], seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        store, plan, big = cli.progress_inputs(data, Path(tmp))
        rows = len(data.table)
        say(f"national CSV: {rows:,} rows, {big.stat().st_size / 1e6:.0f} MB, written in "
            f"{time.perf_counter() - start:.0f} s")  # fmt: skip
        del data
        as_of = ["--as-of", str(AS_OF)]
        batch, batch_peak, batch_cpu = cli.child(
            ["batch", "--store", str(store), "--observations", str(big), *as_of], repeat
        )
        one, one_peak, one_cpu = cli.child(
            ["progress", str(plan), "--observations", str(big), *as_of], repeat
        )
    size = f"{rows:,} rows of {cfg['csv_counties']:,} counties"
    goal = GOALS_14["csv"]
    add(
        "national CSV: fyp progress of one county",
        one,
        size,
        note=f"{one / batch:.2f} × the batch's time, {one_peak / batch_peak:.2f} × its peak "
        f"memory (goal ≤ {goal:g} ×); CPU {one_cpu:.1f} s",
        peak=one_peak,
    )
    add(
        "national CSV: fyp batch",
        batch,
        size,
        note=f"the floor of the row above; CPU {batch_cpu:.1f} s",
        peak=batch_peak,
    )


def _time_observations_csv(data: Synthetic, repeat: int, add: Callable[..., None]) -> None:
    """``fp.load_observation_table`` of the table written as a tidy CSV (as ``fyp batch``
    reads national data): every row checked, units converted in decimal."""
    table = data.table
    ranks = {2: "actual", 1: "preliminary", 0: "estimate"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "observations.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["plan", "indicator", "period", "value", "unit", "status"])
            out.writerows(
                zip(
                    [table.plans[c] for c in table.plan_codes.tolist()],
                    [table.indicators[c] for c in table.indicator_codes.tolist()],
                    table.year.tolist(),
                    map(repr, table.value.tolist()),
                    [table.units[c] for c in table.unit_codes.tolist()],
                    [ranks[r] for r in table.status_rank.tolist()],
                    strict=True,
                )
            )
        add(
            "load observations CSV",
            _median(lambda: fp.load_observation_table(path, data.plans), repeat),
            f"{len(table):,} rows",
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
    extra = {p.id: data.table.observations(p) for p in sample}
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


def _time_store_batch(data: Synthetic, repeat: int, label: str, add: Callable[..., None]) -> None:
    """``fyp batch --store`` end to end (open the store, read its columns, prepare, evaluate,
    write the result as Parquet), beside duckdb doing the same arithmetic on the same files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "store", Path(tmp) / "progress.parquet"
        store_batch.write_store(data, folder)
        seconds = _median(lambda: store_batch.fyp_from_store(folder, out, AS_OF), repeat)
        note = f"goal < {GOALS['store']:g} s"
        duck = float("nan")
        if store_batch.available():
            factors = store_batch.unit_factors(data)
            duck = _median(
                lambda: store_batch.duckdb_from_store(folder, out, AS_OF, factors), repeat
            )
            note += "; " + _against(seconds, duck, "duckdb", "duckdb")
        add("national batch from store, end to end", seconds, label, note=note)
        if store_batch.available():
            add(
                "national batch: duckdb (same arithmetic, same files)",
                duck,
                label,
                note="Open SDG verdicts of every target, written as Parquet",
            )


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
