"""The fuzz suite of issue 14: hostile plan files, API inputs and round trips.

- :mod:`.corpus` — the hostile values and file-system attacks, and where each must be refused;
- :mod:`.mutate` — seeded mutants of the shipped plan files, written to a folder;
- :mod:`.runner` — runs each mutant through the API and the ``fyp`` command and classifies
  every answer (OK, REFUSED, or a failure: CRASH, HANG, LEAK, TRACEBACK, EXIT_CODE,
  WRONG_ACCEPT, RULE_FAILED, ROUNDTRIP, BAD_OUTPUT, UNNAMED, RAW_WARNING).

Run it long from the repository root (see ``docs/limits.md``)::

    python -m tests.fuzz --seed 1 --budget 4000 --jobs 4 --keep fuzz-failures
"""
