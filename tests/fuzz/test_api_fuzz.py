"""Hypothesis over the parsers and loaders: arbitrary text in, only documented errors out.

Every call must answer within :data:`SECONDS` (a hang is a failure even when the answer would
be right) and may raise only :class:`~fyp_planning.FypError` subclasses — never a
``ValueError``, ``OverflowError``, ``RecursionError`` or pint's own errors.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S

from .gate import needs_issue_14
from .runner import bounded

pytestmark = [pytest.mark.fuzz, needs_issue_14]

#: The time any one call may take on hostile input.
SECONDS = 5.0

fuzz_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def answers(call: Callable[[], Any]) -> Any:
    """The result of ``call``, or the documented error it raised; anything else fails."""
    with bounded(SECONDS):
        try:
            return call()
        except fp.FypError as exc:
            return exc


_PLAN = fp.loads_plan(S.SMALL_PLAN_TOML)

# Reproducers of issue 14, item 1 (hangs), 3 (numbers), 10 (plain ValueError/OverflowError).
LONG_UNIT = "亿" * 20_000
EVERY_YEAR = "每年1" + "a" * 2000


@fuzz_settings
@given(S.hostile_texts())
@example("1" * 5000)
@example("9" * 400 + "亿元")
@example("1e400亿元")
@example("5万元**99999999")
@example(LONG_UNIT)
@example("10%%")
def test_parse_quantity_raises_only_documented_errors(text: str) -> None:
    answers(lambda: fp.parse_quantity(text))


@fuzz_settings
@given(S.hostile_texts())
@example("亿元**99999999")
@example(LONG_UNIT)
@example("(元)**(元)**(元)**(元)")
def test_parse_unit_raises_only_documented_errors(text: str) -> None:
    answers(lambda: fp.parse_unit(text))


@fuzz_settings
@given(S.hostile_texts(), st.integers())
@example(EVERY_YEAR, 2025)
@example("年均增长" + "9" * 400 + "%", 2025)
@example("达到300亿元", 10**30)
def test_parse_target_raises_only_documented_errors(text: str, year: int) -> None:
    answers(lambda: fp.parse_target(text, indicator="output", year=year))


@fuzz_settings
@given(
    st.sampled_from(["toml", "json"]).flatmap(
        lambda f: st.tuples(st.just(f), S.hostile_plan_documents(f))
    )
)
@example(("toml", "a = " + "[" * 500 + "]" * 500))
@example(("json", "[" * 1000 + "]" * 1000))
@example(("toml", "x = " + "1" * 5000))
@example(("toml", S.SMALL_PLAN_TOML.replace("value = 198", "value = 1" + "0" * 400)))
def test_loads_plan_raises_only_documented_errors(case: tuple[str, str]) -> None:
    fmt, text = case
    answers(lambda: fp.loads_plan(text, fmt))


@fuzz_settings
@given(S.hostile_records)
@example([{"indicator": "output", "period": 2023, "value": "9" * 400 + "亿元"}])
@example([{"indicator": "output", "period": 2023, "value": 10**400}])
@example([{"indicator": "output", "period": 10**30, "value": 1}])
def test_observations_from_records_raises_only_documented_errors(records: list[Any]) -> None:
    answers(lambda: fp.observations_from_records(records, _PLAN))


@fuzz_settings
@given(st.lists(st.lists(S.hostile_texts(max_repeat=200), min_size=1, max_size=6), max_size=4))
@example([["output", "2023", "9" * 400, "亿元"]])
@example([["output", "2023", "1" * 5000, "亿元"]])
@example([["output", "2023", "5", "亿元**99999999"]])
def test_load_observations_raises_only_documented_errors(rows: list[list[str]]) -> None:
    header = "indicator,period,value,unit"
    lines = [header] + [",".join(json.dumps(c, ensure_ascii=False) for c in r) for r in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "obs.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        answers(lambda: fp.load_observations(path, _PLAN))


# -- wrong accepts (issue 14, item 10): each must be refused, by the documented error ----------
@pytest.mark.parametrize("text", ["10%%", "5%‰", "1 2亿元", "3kg", "1a", "9" * 400 + "亿元"])
def test_hostile_quantities_are_refused(text: str) -> None:
    assert isinstance(answers(lambda: fp.parse_quantity(text)), fp.QuantityParseError)


@pytest.mark.parametrize("text", ["s", "meter", "kg", "%%", "%‰", "亿元**99999999"])
def test_hostile_units_are_refused(text: str) -> None:
    assert isinstance(answers(lambda: fp.parse_unit(text)), fp.UnitError)


@pytest.mark.parametrize("text", ["增速达到5亿元", EVERY_YEAR])
def test_hostile_target_phrases_are_refused(text: str) -> None:
    refused = answers(lambda: fp.parse_target(text, indicator="output", year=2025))
    assert isinstance(refused, fp.FypError)
