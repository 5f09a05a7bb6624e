"""``python -m benchmarks.plan_store [--size small|full] [--repeat N]``: the plan store beside
plan files.

Times, on the benchmark's generated county plans (``generate.county_plans``, chains included):

* ``save store`` — ``fp.dump_plan_store`` of every plan;
* ``load store`` — ``fp.load_plan_store``: every table read and every plan built;
* ``load plan files`` — ``fp.load_plan`` of the same plans written as TOML (the floor the store
  is held against; writing them is not timed);
* ``tomllib parse`` — ``tomllib.loads`` of the same files' text, the floor of TOML loading;
* ``read targets + observations columns`` — ``fp.open_plan_store`` and the numpy columns a
  batch evaluation reads (plan, indicator, period/year, value, unit, kind, comparator), no
  ``Plan`` built.

Each row is the median of the runs, with its ratio to ``load plan files``.
"""

from __future__ import annotations

import argparse
import tempfile
import tomllib
from pathlib import Path

import fyp_planning as fp

from .generate import county_plans
from .run import SIZES, _median

OBSERVATION_COLUMNS = ("plan", "indicator", "period", "period_part", "value", "value_unit")
TARGET_COLUMNS = (
    "plan",
    "indicator",
    "kind",
    "year",
    "comparator",
    "value",
    "value_unit",
    "rate",
    "rate_unit",
    "annual",
    "base_year",
)


def _read_columns(folder: Path) -> int:
    store = fp.open_plan_store(folder)
    obs = store.arrays("observations", *OBSERVATION_COLUMNS)
    tgt = store.arrays("targets", *TARGET_COLUMNS)
    return len(obs["value"]) + len(tgt["value"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plan_store")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    data = county_plans(
        size["counties"], size["indicators"], size["years"], chains=size["chains"], seed=args.seed
    )
    plans = data.plans
    with tempfile.TemporaryDirectory() as tmp:
        store, files = Path(tmp) / "store", Path(tmp) / "files"
        files.mkdir()
        paths = [files / f"{p.id}.toml" for p in plans]
        for p, path in zip(plans, paths, strict=True):
            fp.dump_plan(p, path)
        texts = [path.read_text(encoding="utf-8") for path in paths]
        rows = {
            "save store": _median(lambda: fp.dump_plan_store(plans, store), args.repeat),
            "load store": _median(lambda: fp.load_plan_store(store), args.repeat),
            "load plan files": _median(lambda: [fp.load_plan(x) for x in paths], args.repeat),
            "tomllib parse": _median(lambda: [tomllib.loads(t) for t in texts], args.repeat),
            "read targets + observations columns": _median(
                lambda: _read_columns(store), args.repeat
            ),
        }
        assert fp.load_plan_store(store) == tuple(plans)
        store_mb = sum(f.stat().st_size for f in store.iterdir()) / 1e6
        files_mb = sum(f.stat().st_size for f in paths) / 1e6
        n_rows = _read_columns(store)
    print(f"# plan store vs plan files: {len(plans):,} plans, median of {args.repeat} runs")
    print(
        f"# store {store_mb:.1f} MB in 15 files; TOML {files_mb:.1f} MB in {len(paths):,} files;"
        f" {n_rows:,} target + observation rows"
    )
    print("| task | seconds | × load plan files |")
    print("| --- | ---: | ---: |")
    for task, seconds in rows.items():
        print(f"| {task} | {seconds:.4f} | {seconds / rows['load plan files']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
