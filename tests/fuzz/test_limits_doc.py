"""docs/limits.md states every bound of fyp_planning.limits, at its value (no drift)."""

from __future__ import annotations

import re
from pathlib import Path

from fyp_planning import limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def _documented() -> dict[str, str]:
    """Constant name -> the literal in backticks that ends its value cell, from the table."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([A-Z_]+)` \| ([^|]*) \|", line)
        if m:
            literals = re.findall(r"`([^`]+)`", m[2])
            assert literals, f"{m[1]}: no value in backticks in {m[2]!r}"
            assert m[1] not in rows, f"{m[1]} has two rows"
            rows[m[1]] = literals[-1]
    return rows


def _bounds() -> dict[str, int | float]:
    return {
        name: value
        for name, value in vars(limits).items()
        if name.isupper() and isinstance(value, (int, float))
    }


def test_every_bound_is_documented_at_its_value() -> None:
    documented = _documented()
    missing = sorted(set(_bounds()) - set(documented))
    assert not missing, f"add rows to docs/limits.md for {missing}"
    stale = sorted(set(documented) - set(_bounds()))
    assert not stale, f"docs/limits.md documents bounds limits.py no longer has: {stale}"
    for name, value in _bounds().items():
        assert float(documented[name]) == float(value), (name, documented[name], value)


def test_the_table_parser_sees_rows() -> None:
    assert {"MAX_NESTING", "MAX_YEAR"} <= set(_documented())
