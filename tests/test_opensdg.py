"""``opensdg``: exactly sdg-build's progress measure (open-sdg/sdg-build, sdg/ProgressMeasure.py).

Three kinds of test:

* cases worked BY HAND from the published formulas (the arithmetic is in the comments; numbers
  rounded to the digits shown, the assertions to 1e-4 or better);
* a generated grid (compound and linear indicators, with and without targets and limits, both
  directions, zero / negative / sign-changing values, a base year without a value) on which
  :class:`~fyp_planning.OpenSDGMethod` must agree with ``tests/_sdgbuild_reference.py``, a
  plain-Python restatement of sdg-build's arithmetic, and a hypothesis property on the same;
* the engine: :func:`fyp_planning.assess` with ``method="opensdg"`` (next year in the data as
  the base, the score on the assessment, the mean score of an indicator) and the CLI.

Formulas (sdg-build's names): growth(v1, v0, t1, t0) = (v1/v0) ** (1/(t1 − t0)) − 1; with a
target p = sign·d·growth(x, b, cy, by) / |growth(T, b, ty, by)|, thresholds 0.95 / 0.6 / 0,
score min(7.1429p − 4.2857, 5) for p ≥ 0.6 else max(4.1667p − 2.5, −5); without a target
p = sign·d·growth(x, b, cy, by), thresholds 0.015C / 0.005C / 0, score max(125p − 2.5, −5)
below 0, else 5 if C = 0, min(500p/C − 5, 5) from high, 250p/C − 1.25 from med, 500p/C − 2.5.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import _sdgbuild_reference as ref
import fyp_planning as fp
from fyp_planning import (
    Comparator,
    CountyMethod,
    Indicator,
    LevelTarget,
    Observation,
    OpenSDGMethod,
    Period,
    Plan,
    Quantity,
    Verdict,
    parse_unit,
)
from fyp_planning.cli import main
from fyp_planning.evaluation import Judgement, Track, Tracks

V = Verdict
M = OpenSDGMethod()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "dongkou-observations-2021-2023.csv"


def judge(**kwargs: Any) -> Judgement:
    return M.judge(Track(**kwargs))


def series(b: float, x: float, *, cy: float = 2022.0, **kwargs: Any) -> Judgement:
    """Base ``b`` in 2020, latest ``x`` in ``cy``."""
    return judge(baseline=b, baseline_time=2020.0, latest=x, latest_time=cy, **kwargs)


# -- with a target ("method 2") -----------------------------------------------------------------
def test_rising_towards_a_target_moderate() -> None:
    # b = 100 (2020), x = 121 (2022), T = 200 (2025), d = +1, sign = +1
    # growth_o = 1.21 ** (1/2) − 1 = 0.1;  growth_r = 2 ** (1/5) − 1 = 0.148698
    # p = 0.1 / 0.148698 = 0.672502: 0.6 ≤ p < 0.95 → moderate
    # score = 7.1429 × 0.672502 − 4.2857 = 4.803617 − 4.2857 = 0.517917
    j = series(100.0, 121.0, target=200.0, target_time=2025.0)
    assert j.verdict is V.MODERATE
    assert j.actual_rate == pytest.approx(0.1)
    assert j.required_rate == pytest.approx(0.148698, abs=1e-6)
    assert j.ratio == pytest.approx(0.672502, abs=1e-6)
    assert j.score == pytest.approx(0.517917, abs=1e-5)
    assert j.linear is False and j.projection is None


def test_falling_towards_a_lower_target_substantial() -> None:
    # b = 50, x = 45 (2022), T = 40 (2025), d = −1
    # growth_o = 0.9 ** 0.5 − 1 = −0.051317;  growth_r = 0.8 ** 0.2 − 1 = −0.043648
    # p = 1 × (−1) × (−0.051317) / 0.043648 = 1.175708 ≥ 0.95 → substantial
    # score = min(7.1429 × 1.175708 − 4.2857, 5) = min(4.112263, 5) = 4.112263
    j = series(50.0, 45.0, target=40.0, target_time=2025.0, sense=-1)
    assert j.verdict is V.SUBSTANTIAL
    assert j.ratio == pytest.approx(1.175708, abs=1e-5)
    assert j.score == pytest.approx(4.112263, abs=1e-5)


def test_limited_and_deterioration() -> None:
    # x = 102.01: growth_o = 0.01, p = 0.01 / 0.148698 = 0.067250 → limited (0 ≤ p < 0.6)
    # score = 4.1667 × 0.067250 − 2.5 = −2.219789
    j = series(100.0, 102.01, target=200.0, target_time=2025.0)
    assert (j.verdict, j.score) == (V.LIMITED, pytest.approx(-2.219789, abs=1e-5))
    # x = 90: growth_o = 0.9 ** 0.5 − 1 = −0.051317, p = −0.345106 → deterioration
    # score = max(4.1667 × (−0.345106) − 2.5, −5) = −3.937953
    j = series(100.0, 90.0, target=200.0, target_time=2025.0)
    assert (j.verdict, j.score) == (V.DETERIORATION, pytest.approx(-3.937953, abs=1e-5))
    # far away: p = −10 gives max(−44.2, −5) = −5
    j = series(100.0, 10.0, target=200.0, target_time=2025.0)
    assert j.score == -5


def test_thresholds_are_exact_and_the_score_is_continuous_at_them() -> None:
    # p = 0.95 exactly: substantial, score 7.1429 × 0.95 − 4.2857 = 2.500055
    # p = 0.6 exactly: moderate, score 7.1429 × 0.6 − 4.2857 = 0.00004
    # p = 0: limited, score −2.5
    assert M.grade(0.95) is V.SUBSTANTIAL and M.grade(0.95 - 1e-12) is V.MODERATE
    assert M.grade(0.6) is V.MODERATE and M.grade(0.6 - 1e-12) is V.LIMITED
    assert M.grade(0.0) is V.LIMITED and M.grade(-1e-12) is V.DETERIORATION
    # through judge: growth_o = 1.21 ** 0.5 − 1 = 0.1 = growth_r = 1.61051 ** 0.2 − 1, p = 1
    # → substantial, score 7.1429 − 4.2857 = 2.8572
    j = series(100.0, 121.0, target=161.051, target_time=2025.0)
    assert j.ratio == pytest.approx(1.0) and j.score == pytest.approx(2.8572)


def test_achieved_scores_five_even_at_the_base_year() -> None:
    # x ≥ T with d = +1: target_achieved, score 5 — even when the only value is the base year's
    j = series(100.0, 210.0, target=200.0, target_time=2025.0)
    assert (j.verdict, j.score) == (V.ACHIEVED, 5)
    j = series(100.0, 100.0, cy=2020.0, target=90.0, target_time=2025.0)
    assert (j.verdict, j.score) == (V.ACHIEVED, 5)
    # d = −1 achieved when x ≤ T
    j = series(100.0, 100.0, cy=2020.0, target=120.0, target_time=2025.0, sense=-1)
    assert (j.verdict, j.score) == (V.ACHIEVED, 5)
    # the base year alone, not achieved: no measure (cy − by < 1)
    j = series(100.0, 100.0, cy=2020.0, target=120.0, target_time=2025.0)
    assert (j.verdict, j.score, j.flags) == (V.INSUFFICIENT_DATA, None, ("no_progress_data",))


def test_no_county_departures() -> None:
    # the target year has come unmet, the indicator is binding, it is a linear share:
    # sdg-build caps nothing and computes compound growth for all.
    # b = 60, x = 64 (2025 = target year), T = 65: growth_o = (64/60) ** 0.2 − 1 = 0.012991,
    # growth_r = (65/60) ** 0.2 − 1 = 0.016137, p = 0.805049 → moderate; T = 64.2: p = 0.953586
    j = judge(
        baseline=60.0,
        baseline_time=2020.0,
        latest=64.0,
        latest_time=2025.0,
        target=64.2,
        target_time=2025.0,
        binding=True,
        linear=True,
        met=False,
    )
    assert j.verdict is V.SUBSTANTIAL  # county: at most moderate (year passed, binding)
    assert j.linear is False
    county = CountyMethod().judge(
        Track(
            baseline=60.0,
            baseline_time=2020.0,
            latest=64.0,
            latest_time=2025.0,
            target=64.2,
            target_time=2025.0,
            binding=True,
            linear=True,
            met=False,
        )
    )
    assert county.verdict is V.MODERATE and county.linear is True
    j = judge(
        baseline=60.0,
        baseline_time=2020.0,
        latest=64.0,
        latest_time=2025.0,
        target=65.0,
        target_time=2025.0,
        linear=True,
    )
    assert j.ratio == pytest.approx(0.805049, abs=1e-5)


# -- without a target ("method 1") --------------------------------------------------------------
@pytest.mark.parametrize(
    ("x", "verdict", "score"),
    [
        # b = 100 (2020), x in 2022 = 100 × (1 + g) ** 2, so growth = g; d = +1, C = 1
        (104.04, V.SUBSTANTIAL, 5.0),  # g = 0.02 ≥ 0.015; min(500 × 0.02 − 5, 5) = 5
        (102.01, V.MODERATE, 1.25),  # g = 0.01; 250 × 0.01 − 1.25 = 1.25
        (100.4004, V.LIMITED, -1.5),  # g = 0.002; 500 × 0.002 − 2.5 = −1.5
        (100.0, V.LIMITED, -2.5),  # g = 0; 500 × 0 − 2.5 = −2.5
        (98.01, V.DETERIORATION, -3.75),  # g = −0.01; max(125 × (−0.01) − 2.5, −5) = −3.75
        (81.0, V.DETERIORATION, -5.0),  # g = −0.1; max(−15, −5) = −5
    ],
)
def test_without_a_target(x: float, verdict: Verdict, score: float) -> None:
    j = series(100.0, x)
    assert (j.verdict, j.score) == (verdict, pytest.approx(score))
    assert j.ratio is None and j.required_rate is None


def test_without_a_target_lower_is_better() -> None:
    # d = −1: p = −g. x = 102.01: p = −0.01 → deterioration, −3.75; x = 98.01: p = 0.01 → 1.25
    assert series(100.0, 102.01, sense=-1).score == pytest.approx(-3.75)
    assert series(100.0, 98.01, sense=-1).verdict is V.MODERATE


def test_limit_coefficient() -> None:
    # C = 1 − (b/L) ** 4.44: b = 90, L = 100: 0.9 ** 4.44 = exp(4.44 × ln 0.9)
    # = exp(−0.467801) = 0.626378, C = 0.373622
    assert M.limit_coefficient(90.0, 100.0) == pytest.approx(0.373622, abs=1e-6)
    # the mirror above the limit: b = 110: ((2 × 100 − 110) / 100) ** 4.44 = 0.9 ** 4.44
    assert M.limit_coefficient(110.0, 100.0) == pytest.approx(0.373622, abs=1e-6)
    # at the limit 0, from twice the limit 1, absolute values (−90 against −100 as 90 / 100)
    assert M.limit_coefficient(100.0, 100.0) == 0.0
    assert M.limit_coefficient(200.0, 100.0) == M.limit_coefficient(0.0, 0.0) == 1.0
    assert M.limit_coefficient(-90.0, -100.0) == M.limit_coefficient(90.0, 100.0)
    # b = 0 (before sdg-build replaces it by 0.001): 1 − 0 = 1
    assert M.limit_coefficient(0.0, 100.0) == 1.0


def test_limit_scales_the_no_target_thresholds_and_the_score() -> None:
    # b = 90, L = 100, C = 0.373622: thresholds 0.015C = 0.005604, 0.005C = 0.001868, 0
    # x = 90.36 one year later: p = 0.004 → moderate; score 250 × 0.004 / C − 1.25
    # = 1 / 0.373622 − 1.25 = 2.676504 − 1.25 = 1.426504
    j = judge(baseline=90.0, baseline_time=2020.0, latest=90.36, latest_time=2021.0, limit=100.0)
    assert (j.verdict, j.flags) == (V.MODERATE, ("limit_scaled",))
    assert j.score == pytest.approx(1.426504, abs=1e-5)
    # without the limit the same p = 0.004 is limited: 500 × 0.004 − 2.5 = −0.5
    j = judge(baseline=90.0, baseline_time=2020.0, latest=90.36, latest_time=2021.0)
    assert (j.verdict, j.score) == (V.LIMITED, pytest.approx(-0.5))
    # at the limit C = 0: thresholds 0, p ≥ 0 substantial with score 5, p < 0 as before
    j = judge(baseline=100.0, baseline_time=2020.0, latest=100.0, latest_time=2021.0, limit=100.0)
    assert (j.verdict, j.score) == (V.SUBSTANTIAL, 5)
    j = judge(baseline=100.0, baseline_time=2020.0, latest=99.0, latest_time=2021.0, limit=100.0)
    # p = −0.01: max(125 × (−0.01) − 2.5, −5) = −3.75
    assert (j.verdict, j.score) == (V.DETERIORATION, pytest.approx(-3.75))
    # a limit is ignored with a target
    a = series(90.0, 95.0, target=100.0, target_time=2025.0)
    b = series(90.0, 95.0, target=100.0, target_time=2025.0, limit=100.0)
    assert (a.verdict, a.score, b.flags) == (b.verdict, b.score, ())


# -- edge cases ---------------------------------------------------------------------------------
def test_zero_base_becomes_one_thousandth() -> None:
    # b = 0 → 0.001 (sign from b = 0: +1); x = 2 one year later: growth = 2 / 0.001 − 1 = 1999
    j = judge(baseline=0.0, baseline_time=2020.0, latest=2.0, latest_time=2021.0)
    assert (j.verdict, j.score, j.actual_rate) == (V.SUBSTANTIAL, 5, pytest.approx(1999))
    assert j.flags == ("zero_base_replaced",)
    # with T = 10 (2025): growth_r = (10 / 0.001) ** 0.2 − 1 = 10000 ** 0.2 − 1 = 5.309573,
    # p = 1999 / 5.309573 = 376.49 → substantial, score min(…, 5) = 5
    j = judge(
        baseline=0.0,
        baseline_time=2020.0,
        latest=2.0,
        latest_time=2021.0,
        target=10.0,
        target_time=2025.0,
    )
    assert j.ratio == pytest.approx(1999 / 5.309573, rel=1e-6) and j.score == 5
    # 0.001 > 0 and x < 0: opposite signs, no measure
    j = judge(baseline=0.0, baseline_time=2020.0, latest=-2.0, latest_time=2021.0)
    assert (j.verdict, j.score) == (V.INSUFFICIENT_DATA, None)
    assert set(j.flags) == {"zero_base_replaced", "sign_change"}


def test_zero_target_becomes_one_thousandth() -> None:
    # T = 0 → 0.001, d = −1, b = 10, x = 5 (2022), ty = 2025; 5 ≤ 0.001 is false
    # growth_o = 0.5 ** 0.5 − 1 = −0.292893; growth_r = 0.0001 ** 0.2 − 1 = −0.841511
    # p = 1 × (−1) × (−0.292893) / 0.841511 = 0.348056 → limited
    # score = 4.1667 × 0.348056 − 2.5 = −1.049753
    j = series(10.0, 5.0, target=0.0, target_time=2025.0, sense=-1)
    assert (j.verdict, j.flags) == (V.LIMITED, ("target_zero_replaced",))
    assert j.ratio == pytest.approx(0.348056, abs=1e-6)
    assert j.score == pytest.approx(-1.049753, abs=1e-5)


def test_negative_values_and_the_sign_rule() -> None:
    # b = −10, x = −8 (2022): sign = −1; growth = 0.8 ** 0.5 − 1 = −0.105573
    # d = +1 (−10 → −8 rises): p = (−1)(+1)(−0.105573) = 0.105573 → substantial, 5
    j = series(-10.0, -8.0)
    assert (j.verdict, j.score) == (V.SUBSTANTIAL, 5)
    # d = −1: p = −0.105573 → deterioration, max(125p − 2.5, −5) = −5
    assert series(-10.0, -8.0, sense=-1).score == -5
    # opposite signs: no measure
    j = series(-10.0, 5.0)
    assert (j.verdict, j.score, j.flags) == (V.INSUFFICIENT_DATA, None, ("sign_change",))
    # a negative target from a positive base: growth_r is complex. b = 10, T = −5 (2025),
    # x = 8 (2021), d = −1: (−0.5) ** 0.2 = 0.5 ** 0.2 × e^{iπ/5} = 0.870551 × (0.809017 +
    # 0.587785i) = 0.704290 + 0.511697i; |… − 1| = |−0.295710 + 0.511697i| = 0.590997
    # p = (+1)(−1)(8/10 − 1) / 0.590997 = 0.2 / 0.590997 = 0.338411 → limited
    # score = 4.1667 × 0.338411 − 2.5 = −1.089943
    j = judge(
        baseline=10.0,
        baseline_time=2020.0,
        latest=8.0,
        latest_time=2021.0,
        target=-5.0,
        target_time=2025.0,
        sense=-1,
    )
    assert j.verdict is V.LIMITED and j.required_rate is None  # a complex rate: not shown
    assert j.ratio == pytest.approx(0.338411, abs=1e-6)
    assert j.score == pytest.approx(-1.089943, abs=1e-5)


def test_base_year_not_in_the_data_takes_the_next_year() -> None:
    # base year 2020 has no value; data 2021: 100, 2023: 121 → base year 2021
    # growth_o = 1.21 ** 0.5 − 1 = 0.1; T = 200 in 2025: growth_r = 2 ** (1/4) − 1 = 0.189207
    # p = 0.1 / 0.189207 = 0.528521 → limited; score = 4.1667 × 0.528521 − 2.5 = −0.297810
    j = judge(
        next_baseline=100.0,
        next_baseline_time=2021.0,
        latest=121.0,
        latest_time=2023.0,
        target=200.0,
        target_time=2025.0,
    )
    assert (j.verdict, j.flags) == (V.LIMITED, ("base_year_moved",))
    assert j.ratio == pytest.approx(0.528521, abs=1e-6)
    assert j.score == pytest.approx(-0.297810, abs=1e-5)
    # county needs the base year's value
    county = CountyMethod().judge(
        Track(
            next_baseline=100.0,
            next_baseline_time=2021.0,
            latest=121.0,
            latest_time=2023.0,
            target=200.0,
            target_time=2025.0,
        )
    )
    assert county.verdict is V.INSUFFICIENT_DATA


def test_part_year_values_count_as_their_calendar_year() -> None:
    # 2020年1-9月 ends at 2019.75: its year is 2020, as is the whole 2020: cy − by = 0
    j = judge(baseline=100.0, baseline_time=2019.75, latest=110.0, latest_time=2020.0)
    assert (j.verdict, j.flags) == (V.INSUFFICIENT_DATA, ("no_progress_data",))
    # 2020年1-9月 to 2022: two years, growth 1.21 ** 0.5 − 1 = 0.1
    j = judge(baseline=100.0, baseline_time=2019.75, latest=121.0, latest_time=2022.0)
    assert j.actual_rate == pytest.approx(0.1)


def test_what_sdg_build_cannot_compute() -> None:
    # T = b: growth_r = 0 → ZeroDivisionError in sdg-build: no measure here, unless achieved
    j = series(100.0, 95.0, target=100.0, target_time=2025.0)
    assert (j.verdict, j.flags) == (V.INSUFFICIENT_DATA, ("no_required_rate",))
    assert series(100.0, 105.0, target=100.0, target_time=2025.0).verdict is V.ACHIEVED
    # ty = by: 1 / (ty − by) divides by zero
    j = series(100.0, 95.0, target=120.0, target_time=2020.0)
    assert j.flags == ("no_required_rate",)
    # growth past a float: p infinite
    j = judge(baseline=1e-300, baseline_time=2020.0, latest=1e300, latest_time=2021.0)
    assert (j.verdict, j.flags) == (V.INSUFFICIENT_DATA, ("cannot_compute",))


# -- indicator level ----------------------------------------------------------------------------
def test_aggregate_is_the_mean_score() -> None:
    def j(verdict: Verdict, score: float | None) -> Judgement:
        return Judgement(verdict=verdict, score=score)

    # (5 + (−1)) / 2 = 2.0: 0 ≤ 2.0 < 2.5 → moderate (not all achieved)
    assert M.aggregate([j(V.ACHIEVED, 5.0), j(V.LIMITED, -1.0)]) == (2.0, V.MODERATE)
    # all scored series achieved: achieved; a series without a score does not count
    got = M.aggregate([j(V.ACHIEVED, 5.0), j(V.ACHIEVED, 5.0), j(V.INSUFFICIENT_DATA, None)])
    assert got == (5.0, V.ACHIEVED)
    assert M.aggregate([j(V.INSUFFICIENT_DATA, None)]) == (None, V.INSUFFICIENT_DATA)
    assert M.aggregate([]) == (None, V.INSUFFICIENT_DATA)
    # the bands of get_progress_status_from_score: [2.5, 5], [0, 2.5), [−2.5, 0), [−5, −2.5)
    bands = {
        2.5: V.SUBSTANTIAL,
        5.0: V.SUBSTANTIAL,
        0.0: V.MODERATE,
        2.4999: V.MODERATE,
        -0.0001: V.LIMITED,
        -2.5: V.LIMITED,
        -2.5001: V.DETERIORATION,
        -5.0: V.DETERIORATION,
    }
    for score, verdict in bands.items():
        assert M.status_of_score(score) is verdict
        assert ref.status_of_score(score, False) == _status(verdict)
    assert M.status_of_score(5.1) is V.INSUFFICIENT_DATA  # sdg-build: None outside −5…5


def _status(verdict: Verdict) -> str:
    return {v: k for k, v in ref.VERDICT_OF_STATUS.items()}[verdict.value]


# -- the generated grid against the reference ---------------------------------------------------
BASE_YEAR = 2020


def _expected(data: dict[int, float], **config: Any) -> tuple[str, float | None, float | None]:
    """The reference's verdict value, score and (with a target) progress value; where
    sdg-build raises, insufficient data."""
    try:
        s = ref.series(data, base_year=BASE_YEAR, **config)
    except ref.SdgBuildError:
        return "insufficient_data", None, None
    except ZeroDivisionError:
        # sdg-build raises (a required growth of zero) even when the target is achieved; the
        # one departure of opensdg: achieved stays achieved (class docstring)
        target, up = config["target"], config["direction"] == "positive"
        target = 0.001 if target == 0 else target
        x = data[max(data)]
        if (up and x >= target) or (not up and x <= target):
            return "achieved", 5, None
        return "insufficient_data", None, None
    progress = s.progress if config.get("target") is not None else None
    return ref.VERDICT_OF_STATUS[s.status], s.score, progress


def _track(
    data: dict[int, float],
    *,
    target: float | None,
    target_year: int,
    direction: str,
    limit: float | None,
    linear: bool,
) -> Track:
    current = max(data)
    own = BASE_YEAR in data
    later = [y for y in data if y > BASE_YEAR]
    nxt = min(later) if later and not own else None
    return Track(
        baseline=data[BASE_YEAR] if own else None,
        baseline_time=float(BASE_YEAR) if own else None,
        next_baseline=None if nxt is None else data[nxt],
        next_baseline_time=None if nxt is None else float(nxt),
        latest=data[current],
        latest_time=float(current),
        target=target,
        target_time=float(target_year),
        sense=1 if direction == "positive" else -1,
        limit=limit,
        linear=linear,
        binding=linear,  # binding and linear change nothing in sdg-build
    )


def _grid() -> list[tuple[dict[int, float], dict[str, Any], bool]]:
    bases = [-50.0, -1.0, 0.0, 0.5, 10.0, 90.0, 100.0, 110.0, 250.0]
    latests = [-20.0, 0.0, 0.5, 9.0, 10.0, 12.0, 95.0, 100.0, 104.0, 300.0]
    shapes = [  # (base year, later years): a base-year value or the next year's
        lambda b, x: {2020: b, 2022: x},
        lambda b, x: {2020: b, 2021: x},
        lambda b, x: {2021: b, 2023: x},  # base year 2020 not in the data
        lambda b, x: {2018: x, 2020: b},  # the base year is the latest: no measure
    ]
    configs: list[dict[str, Any]] = []
    for direction in ("positive", "negative"):
        for limit in (None, 0.0, 100.0, -40.0):
            configs.append(
                {"target": None, "target_year": 2030, "direction": direction, "limit": limit}
            )
        for target, year in itertools.product(
            [-5.0, 0.0, 5.0, 10.0, 50.0, 100.0, 120.0, 400.0], [2020, 2025, 2030]
        ):
            configs.append(
                {
                    "target": target,
                    "target_year": year,
                    "direction": direction,
                    "limit": 100.0 if target == 120.0 else None,
                }
            )
    cases = []
    for b, x, shape, config, linear in itertools.product(
        bases, latests, shapes, configs, (False, True)
    ):
        cases.append((shape(b, x), config, linear))
    return cases


def _agree(got: Judgement, expected: tuple[str, float | None, float | None]) -> None:
    verdict, score, progress = expected
    assert got.verdict.value == verdict
    if score is None:
        assert got.score is None
    else:
        assert got.score == pytest.approx(score, rel=1e-9, abs=1e-12)
    if progress is not None and got.verdict is not V.ACHIEVED:
        assert got.ratio == pytest.approx(progress, rel=1e-9, abs=1e-12)


def test_the_grid_agrees_with_sdg_build() -> None:
    cases = _grid()
    assert len(cases) > 30_000
    tracks = Tracks.of([_track(d, linear=lin, **c) for d, c, lin in cases])
    judged = M.judge_arrays(tracks)  # the array form, as the engine uses it
    seen: set[str] = set()
    for i, (data, config, _) in enumerate(cases):
        expected = _expected(data, **config)
        try:
            _agree(judged.row(i), expected)
        except AssertionError as e:
            raise AssertionError(f"{data} {config}: {judged.row(i)} != {expected}") from e
        seen.add(expected[0])
    # every status occurs in the grid
    assert seen == set(ref.VERDICT_OF_STATUS.values())
    # and one at a time, judge gives the same as the arrays
    for i in range(0, len(cases), 997):
        assert M.judge(tracks.row(i)) == judged.row(i)


values = st.floats(-1e4, 1e4, allow_nan=False).filter(lambda v: abs(v) > 1e-6 or v == 0)


@settings(max_examples=300, deadline=None)
@given(
    b=values,
    x=values,
    years=st.integers(0, 8),
    target=st.none() | values,
    target_year=st.integers(2018, 2035),
    direction=st.sampled_from(["positive", "negative"]),
    limit=st.none() | values,
    linear=st.booleans(),
)
def test_random_series_agree_with_sdg_build(
    b: float,
    x: float,
    years: int,
    target: float | None,
    target_year: int,
    direction: str,
    limit: float | None,
    linear: bool,
) -> None:
    data = {BASE_YEAR: b} if years == 0 else {BASE_YEAR: b, BASE_YEAR + years: x}
    config = {"target": target, "target_year": target_year, "direction": direction, "limit": limit}
    expected = _expected(data, **config)
    # within rounding of a threshold the two may fall either side: not a disagreement
    try:
        s = ref.series(data, base_year=BASE_YEAR, **config)
        p = s.progress
    except (ref.SdgBuildError, ZeroDivisionError):
        p = None
    if p is not None:
        c = s.coefficient
        edges = [0.95, 0.6, 0.0] if target is not None else [0.015 * c, 0.005 * c, 0.0]
        assume(all(abs(p - e) > 1e-9 * max(1.0, abs(p)) for e in edges))
        assume(math.isfinite(p))
    _agree(
        M.judge(
            _track(
                data,
                target=target,
                target_year=target_year,
                direction=direction,
                limit=limit,
                linear=linear,
            )
        ),
        expected,
    )


def test_the_reference_model_itself() -> None:
    """Hand-worked cases through the reference too (so that a wrong reference cannot agree
    with a wrong method)."""
    s = ref.series(
        {2020: 100.0, 2022: 121.0},
        base_year=2020,
        target=200.0,
        target_year=2025,
        direction="positive",
    )
    assert s.status == "moderate_progress" and s.score == pytest.approx(0.517917, abs=1e-5)
    s = ref.series(
        {2021: 100.0, 2023: 121.0},
        base_year=2020,
        target=200.0,
        target_year=2025,
        direction="positive",
    )
    assert s.progress == pytest.approx(0.528521, abs=1e-6)
    s = ref.series({2020: 90.0, 2021: 90.36}, base_year=2020, direction="positive", limit=100.0)
    assert (s.status, s.score) == ("moderate_progress", pytest.approx(1.426504, abs=1e-5))
    # sdg-build's default direction is negative
    assert ref.series({2020: 100.0, 2022: 102.01}, base_year=2020).status == "deterioration"
    with pytest.raises(ZeroDivisionError):
        ref.series(
            {2020: 100.0, 2022: 95.0},
            base_year=2020,
            target=100.0,
            target_year=2025,
            direction="positive",
        )
    with pytest.raises(ref.SdgBuildError):
        ref.series({2018: 1.0}, base_year=2020)
    score, status = ref.indicator(
        [
            ref.Series("target_achieved", 5, None, 1.0),
            ref.Series("limited_progress", -1.0, 0.1, 1.0),
        ]
    )
    assert (score, status) == (2.0, "moderate_progress")
    assert ref.indicator([]) == (None, "")


# -- the engine ---------------------------------------------------------------------------------
def _plan(values: list[tuple[int, float]], target: float | None = 200.0) -> Plan:
    ind = Indicator(id="x", name="产值", unit=parse_unit("亿元"))
    obs = [
        Observation(indicator="x", period=Period(y), value=Quantity(v, ind.unit)) for y, v in values
    ]
    targets = (
        []
        if target is None
        else [LevelTarget(indicator="x", year=2025, value=Quantity(target, ind.unit))]
    )
    return Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=obs,
        targets=targets,
    )


def test_assess_takes_the_next_year_when_the_base_year_has_no_value() -> None:
    plan = _plan([(2021, 100.0), (2023, 121.0)])
    (a,) = fp.assess(plan, method="opensdg")
    # as in test_base_year_not_in_the_data_takes_the_next_year: p = 0.528521, limited
    assert a.verdict is V.LIMITED and a.method == "opensdg"
    assert a.ratio == pytest.approx(0.528521, abs=1e-6)
    assert a.score == pytest.approx(-0.297810, abs=1e-5)
    assert {"no_baseline", "base_year_moved"} <= set(a.flags)
    assert "以其后最早有数据的年份为基期" in a.explain() and "得分-0.30" in a.explain()
    assert a.to_dict()["score"] == a.score
    (c,) = fp.assess(plan)  # the default, county, needs the base year's value
    assert c.verdict is V.INSUFFICIENT_DATA and c.method == "county" and c.score is None
    # the batch gives the same numbers
    result = fp.evaluate_many([plan], method="opensdg")
    assert result.score[0] == a.score and result.method == "opensdg"


def _plan_with(values: dict[int, float], target: float | None, comparator: Comparator) -> Plan:
    ind = Indicator(id="x", name="产值", unit=parse_unit("亿元"))
    obs = [
        Observation(indicator="x", period=Period(y), value=Quantity(v, ind.unit))
        for y, v in sorted(values.items())
    ]
    targets = (
        []
        if target is None
        else [
            LevelTarget(
                indicator="x", year=2025, value=Quantity(target, ind.unit), comparator=comparator
            )
        ]
    )
    return Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=obs,
        targets=targets,
    )


@settings(max_examples=200, deadline=None)
@given(
    values=st.dictionaries(
        st.integers(2018, 2025),
        st.sampled_from([-30.0, -5.0, 0.0, 2.0, 50.0, 90.0, 100.0, 121.0, 150.0, 400.0]),
        min_size=1,
        max_size=5,
    ),
    target=st.none() | st.sampled_from([0.0, -10.0, 60.0, 100.0, 130.0, 300.0]),
    comparator=st.sampled_from([Comparator.GE, Comparator.LE]),
    as_of=st.none() | st.integers(2018, 2026),
)
def test_assess_agrees_with_sdg_build_on_the_data_up_to_as_of(
    values: dict[int, float], target: float | None, comparator: Comparator, as_of: int | None
) -> None:
    """The engine end to end: which observations form sdg-build's series (those up to as_of;
    the base year's, else the next year's), the direction (the target's comparator; without a
    target the indicator's, higher is better) and the target year."""
    (a,) = fp.assess(_plan_with(values, target, comparator), as_of=as_of, method="opensdg")
    data = {y: v for y, v in values.items() if as_of is None or y <= as_of}
    up = target is None or comparator is Comparator.GE
    config = {
        "target": target,
        "target_year": 2025,
        "direction": "positive" if up else "negative",
        "limit": None,
    }
    expected = _expected(data, **config) if data else ("insufficient_data", None, None)
    try:
        p = ref.series(data, base_year=BASE_YEAR, **config).progress if data else None
    except (ref.SdgBuildError, ZeroDivisionError):
        p = None
    if p is not None:  # not within rounding of a threshold
        edges = [0.95, 0.6, 0.0] if target is not None else [0.015, 0.005, 0.0]
        assume(all(abs(p - e) > 1e-9 for e in edges) and math.isfinite(p))
    assert a.verdict.value == expected[0], (data, config, a.flags)
    assert (a.score is None) == (expected[1] is None)
    if a.score is not None:
        assert a.score == pytest.approx(expected[1], rel=1e-9, abs=1e-12)


def test_assess_scores_and_the_mean_score_of_dongkou() -> None:
    plan = fp.load("dongkou")
    later = list(fp.load_observations(EXAMPLE, plan))
    results = fp.assess(plan, observations=later, method="opensdg")
    scored = [a for a in results if a.score is not None]
    assert scored and all(-5 <= a.score <= 5 for a in scored)
    assert all(a.score == 5 for a in results if a.verdict is V.ACHIEVED and a.score is not None)
    for a in scored:  # the score's band and the status agree, series by series
        if a.verdict is not V.ACHIEVED and a.target is not None:
            assert a.verdict is M.grade(a.ratio)  # type: ignore[arg-type]
    score, verdict = M.aggregate(results)
    assert score == pytest.approx(float(np.mean([a.score for a in scored])))
    assert verdict is M.status_of_score(score, all(a.verdict is V.ACHIEVED for a in scored))


def test_cli_method_choice() -> None:
    runner = CliRunner()
    help_text = runner.invoke(main, ["progress", "--help"]).output
    assert "[county|opensdg|unsd]" in help_text and "ProgressMeasure" in help_text
    out = runner.invoke(
        main, ["progress", "dongkou", "--observations", str(EXAMPLE), "--method", "opensdg"]
    )
    assert out.exit_code == 0, out.output
    assert "方法 method: Open SDG 进展测度（sdg-build 原法）" in out.output
    assert "得分" in out.output
    default = runner.invoke(main, ["progress", "dongkou", "--observations", str(EXAMPLE)])
    assert "方法 method: 县域进展测度（基于 Open SDG，含修正）" in default.output
    assert "得分" not in default.output
