"""Issue 14, item 3 (evaluation side): values anywhere in the range a plan may hold (magnitudes
up to ``limits.MAX_MAGNITUDE`` = 1e18, zero, negatives, tiny ones) never crash progress, review
or draft with OverflowError, ZeroDivisionError or ValueError: what cannot be computed is said
(insufficient data, flag ``cannot_compute``), not raised."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from fyp_planning import growth, limits
from fyp_planning.errors import FypError

#: Magnitudes at the edges of the range: the limit itself, zero, negatives, the tiniest floats.
EDGES = (0, 0.0, 1, -1, 1e-300, -1e-300, 5e-324, 1e-18, 1e18, -1e18, 9.99e17, 10**18, -(10**18))
edge_magnitudes = st.one_of(
    st.sampled_from(EDGES),
    st.floats(min_value=-limits.MAX_MAGNITUDE, max_value=limits.MAX_MAGNITUDE).filter(
        lambda x: x != 0 or str(x) == "0.0"
    ),
    st.integers(-(10**18), 10**18),
)


def _plan(base: float, latest: float, target: Any, kind: str = "level") -> fp.Plan:
    unit = fp.parse_unit("亿元")
    target_obj: fp.Target
    if kind == "level":
        target_obj = fp.LevelTarget(indicator="x", year=2025, value=fp.Quantity(target, unit))
    else:
        target_obj = fp.GrowthTarget(indicator="x", year=2025, rate=fp.Quantity(target, "percent"))
    return fp.Plan(
        id="edge",
        region="示例县",
        title="十四五",
        start_year=2021,
        end_year=2025,
        indicators=[fp.Indicator(id="x", name="工业总产值", unit=unit)],
        observations=[
            fp.Observation(indicator="x", period=fp.Period(2020), value=fp.Quantity(base, unit)),
            fp.Observation(indicator="x", period=fp.Period(2023), value=fp.Quantity(latest, unit)),
        ],
        targets=[target_obj],
    )


def _everything(plan: fp.Plan) -> None:
    """Every evaluation of ``plan`` and every text of it (the CLI and the report show them)."""
    for method in ("county", "opensdg", "unsd"):
        for a in fp.assess(plan, method=method):
            a.explain(), a.explain("en"), a.cells(), a.to_dict()
    for row in fp.review(plan, of_predecessor=False):
        row.cells(), row.to_dict()
    if plan.predecessor is not None:
        for row in fp.review(plan):
            row.cells(), row.to_dict()
    end = plan.end_year
    drafts = [{"default_rate": fp.parse_quantity("8%")}]
    if plan.indicators:
        ind = plan.indicators[0]
        drafts.append({"targets": {ind.id: fp.Quantity(1e18, ind.unit)}})
    for options in drafts:
        try:
            draft = fp.draft_plan(plan, start_year=end + 1, end_year=end + 175, **options)
        except FypError:
            continue  # a documented refusal (a rate for a linear indicator, ...)
        for line in draft.lines:
            line.describe(), line.describe("en")


def test_a_rate_past_a_float_is_insufficient_data_with_its_reason() -> None:
    """The reproducer: 1e-300 → 1e18 needs a rate past 1.8e308 (was 需年均增长inf%, or an
    OverflowError in the scalar maths)."""
    plan = _plan(1e-300, 1e-300, 1e18)
    for method in ("county", "unsd"):
        (a,) = fp.assess(plan, method=method)
        assert a.verdict is fp.Verdict.INSUFFICIENT_DATA
        assert "cannot_compute" in a.flags
        assert a.required_rate is None and a.ratio is None
        assert a.explain() == "数值相差过大，无法计算增速：数据不足"
        assert (
            a.explain("en") == "the values are too far apart to compute a rate: insufficient data"
        )
        assert "inf" not in str(a.to_dict()) and "inf" not in "".join(a.cells())
    # sdg-build: no growth (0) over an infinite required rate is p = 0, limited, score −2.5;
    # the infinite rate is not shown
    (a,) = fp.assess(plan, method="opensdg")
    assert (a.verdict, a.score, a.ratio, a.required_rate) == (fp.Verdict.LIMITED, -2.5, 0.0, None)
    assert "inf" not in str(a.to_dict()) and "inf" not in "".join(a.cells())
    # a computable rate in the same range is judged as before
    (ok,) = fp.assess(_plan(1e17, 2e17, 1e18))
    assert ok.verdict is not fp.Verdict.INSUFFICIENT_DATA and "cannot_compute" not in ok.flags


def test_review_of_a_tiny_target_leaves_out_the_relative_gap() -> None:
    """1e18 against a target of 1e-300: the relative difference is past a float (was
    ValueError: cannot format non-finite magnitude inf)."""
    (row,) = fp.review(_plan(1.0, 1.0, 1e-300), of_predecessor=False)
    for size in (row.relative_gap, row.relative_excess):
        assert size is None or math.isfinite(size.magnitude)
    assert "inf" not in "".join(row.cells())


def test_draft_beyond_the_range_is_no_target_with_its_reason() -> None:
    """99999999% a year for 175 years overflows (was OverflowError: Numerical result out of
    range); a target 1e18 from a base of 1e-300 needs a rate past a float."""
    plan = _plan(198.0, 200.0, 300.0)
    draft = fp.draft_plan(
        plan, start_year=2026, end_year=2200, rates={"x": fp.parse_quantity("99999999%")}
    )
    (line,) = draft.lines
    assert line.method == "none" and "cannot_compute" in line.flags
    assert "超出可计算范围" in line.describe() and not draft.plan.targets
    tiny = _plan(1e-300, 1e-300, 300.0)
    draft = fp.draft_plan(
        tiny, start_year=2026, end_year=2200, targets={"x": fp.Quantity(1e18, "yi_yuan")}
    )
    (line,) = draft.lines
    assert line.rate is None and "cannot_compute" in line.flags
    assert "无法计算增速" in line.describe()


@pytest.mark.parametrize(
    ("base", "exponent", "expected"),
    [(1e300, 2, math.inf), (0.0, -1, math.inf), (-8.0, 1 / 3, math.nan), (-1e300, 3, -math.inf)],
)
def test_power_gives_numpy_s_answer_for_numbers_too(
    base: float, exponent: float, expected: float
) -> None:
    got = growth.power(base, exponent)
    array = growth.power(np.array([base]), exponent)[0]
    assert isinstance(got, float)
    assert (math.isnan(got) and math.isnan(array)) or got == array == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(S.plans(magnitudes=edge_magnitudes, max_items=2))
def test_edge_values_never_crash_progress_review_or_draft(plan: fp.Plan) -> None:
    """For plans whose every value lies in [-1e18, 1e18] (zero, negatives and tiny values
    included), assess, review and draft return, or raise a documented FypError (a unit that
    does not convert, a draft option refused) — never OverflowError, ZeroDivisionError, a
    plain ValueError or a complex number."""
    with contextlib.suppress(FypError):
        _everything(plan)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(EDGES).map(abs) | st.floats(min_value=0, max_value=1e18),
    st.sampled_from(EDGES).map(abs) | st.floats(min_value=0, max_value=1e18),
    st.sampled_from(EDGES).map(abs) | st.floats(min_value=0, max_value=1e18),
    st.sampled_from(["level", "growth"]),
)
def test_edge_values_of_one_indicator(base: float, latest: float, target: float, kind: str) -> None:
    """The same, on the shapes that overflow most easily: one indicator, its baseline, its
    latest value and a level or growth target anywhere in [0, 1e18]."""
    _everything(_plan(base, latest, target, kind))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(fp.Comparator),
    st.sampled_from(EDGES) | st.floats(allow_nan=True),
    st.sampled_from(EDGES) | st.floats(allow_nan=True),
)
def test_one_value_meets_its_target_as_arrays_do(
    comparator: fp.Comparator, value: float, target: float
) -> None:
    """Review's scalar ``meets`` (no numpy call per target) answers as the kernel's arrays."""
    from fyp_planning.evaluation import _data, methods

    code = np.array([_data.COMPARATOR_CODE[comparator]])
    with np.errstate(all="ignore"):
        expected = bool(methods.meets(code, np.array([float(value)]), np.array([float(target)]))[0])
    assert _data.meets(comparator, value, target) is expected
