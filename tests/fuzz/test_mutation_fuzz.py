"""The seeded mutation fuzzer at CI's budget: no mutant of the shipped plans may fail.

``python -m tests.fuzz --seed S --budget N`` runs the same fuzzer long (see docs/limits.md).
"""

from __future__ import annotations

import os

import pytest

from .gate import needs_issue_14
from .runner import run_many, summary

#: CI's run: a fixed seed (any failure reproduces), a small budget (~1 minute on 2 cores).
SEED = int(os.environ.get("FYP_FUZZ_SEED", "14"))
BUDGET = int(os.environ.get("FYP_FUZZ_BUDGET", "120"))


@pytest.mark.fuzz
@needs_issue_14
def test_mutants_of_the_shipped_plans_never_fail() -> None:
    results = run_many(SEED, list(range(BUDGET)), jobs=2, runs=2, timeout=10.0)
    failed = sum(1 for r in results if r.failures)
    assert failed == 0, "\n" + summary(results)
