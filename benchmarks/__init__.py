"""Benchmarks of fyp-planning at national scale (issue 8): ``python -m benchmarks``.

* :mod:`benchmarks.generate` — a seeded synthetic generator of realistic county plans
  (counties × indicators × years of observations; chains × segments);
* :mod:`benchmarks.run` — the timings (median of N runs) beside a raw-numpy baseline, peak
  memory, and the table; ``python -m benchmarks --size small|full --repeat N``.

See ``benchmarks/README.md`` for the command and measured results.
"""
