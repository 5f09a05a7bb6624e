"""``python -m benchmarks [--size small|full] [--repeat N] [--seed S]``: print the table."""

from __future__ import annotations

import argparse
import platform
import sys

from .run import SIZES, format_table, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time fyp-planning at scale, beside a raw-numpy baseline (issue 8).",
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--repeat", type=int, default=3, help="runs per task (median)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--only",
        default="",
        metavar="TASKS",
        help="comma-separated starts of task names (e.g. 'progress,gap'); default: every task",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"# fyp-planning benchmarks: size {args.size}, median of {args.repeat} runs")
    print(f"# Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    only = tuple(w.strip() for w in args.only.split(",") if w.strip())
    try:
        rows = run(args.size, args.repeat, args.seed, echo=True, only=only)
    except ValueError as exc:
        parser.error(str(exc))
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
