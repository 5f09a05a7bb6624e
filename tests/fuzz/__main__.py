"""``python -m tests.fuzz --seed S --budget N [--jobs J]``: a long fuzz run, from the repo root.

Prints a summary table and every distinct failure with the command that reproduces it, and
writes each failing mutant (its plan folder and ``repro.txt``) under ``--keep FOLDER`` (default:
``fyp-fuzz-seed-S`` in the temporary folder). Exit status 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .runner import Result, run_many, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--budget", type=int, default=200, help="mutants to run (default 200)")
    parser.add_argument("--start", type=int, default=0, help="first mutant index (default 0)")
    parser.add_argument("--only", type=int, action="append", help="run only mutant INDEX")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes; 0: in-process")
    parser.add_argument("--runs", type=int, default=6, help="fyp commands per mutant")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call")
    parser.add_argument("--memory-mb", type=int, default=3000, help="per worker")
    parser.add_argument(
        "--keep", type=Path, help="save failing mutants here (default: TMPDIR/fyp-fuzz-seed-S)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per mutant")
    args = parser.parse_args(argv)
    if args.keep is None:
        args.keep = Path(tempfile.gettempdir()) / f"fyp-fuzz-seed-{args.seed}"

    indices = args.only or list(range(args.start, args.start + args.budget))
    began = time.monotonic()

    def show(r: Result) -> None:
        if args.verbose or r.failures:
            mark = "FAIL" if r.failures else "ok  "
            print(f"{mark} {r.mutant.describe()}", file=sys.stderr, flush=True)
            for run in r.failures:
                print(f"       {run.outcome} {run.where}: {run.detail[:160]}", file=sys.stderr)

    results = run_many(
        args.seed,
        indices,
        jobs=args.jobs,
        runs=args.runs,
        timeout=args.timeout,
        keep=args.keep,
        memory_mb=args.memory_mb,
        progress=show,
    )
    print(summary(results))
    print(f"\nseed {args.seed}, {len(indices)} mutants in {time.monotonic() - began:.0f} s")
    if any(r.failures for r in results):
        print(f"failing mutants saved under {args.keep}/mutant-INDEX/ (repro.txt in each)")
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
