"""A reference model of sdg-build's progress measure, for tests/test_opensdg.py.

Source read: the open-sdg/sdg-build repository, file ``sdg/ProgressMeasure.py`` at commit
139fede74ba534d2ed8b9eee4cd878b41f54cb67 (classes ``IndicatorProgress`` and ``SeriesProgress``;
functions ``growth_calculation``, ``get_progress_status``, ``get_progress_status_from_score``).

This is the same arithmetic restated in plain Python, one series at a time, on a mapping
``{year: value}`` (what sdg-build's filtered data frame holds after its filtering), with Python
floats — so that a negative ratio to a fractional power becomes a complex number, and a zero
divisor raises, exactly where sdg-build's code does. It deliberately shares nothing with
``fyp_planning.evaluation.methods``: the tests compare the two.

Where sdg-build raises (no value in or after the base year; a required growth of zero; a target
year equal to the base year), this model raises too: :class:`SdgBuildError`, or the Python
error itself (``ZeroDivisionError``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

#: sdg-build's default thresholds: with a target (its "method 2") and without one ("method 1").
WITH_TARGET = {"high": 0.95, "med": 0.6, "low": 0.0}
WITHOUT_TARGET = {"high": 0.015, "med": 0.005, "low": 0.0}

#: sdg-build's status names → fyp_planning's Verdict values.
VERDICT_OF_STATUS = {
    "target_achieved": "achieved",
    "substantial_progress": "substantial",
    "moderate_progress": "moderate",
    "limited_progress": "limited",
    "deterioration": "deterioration",
    "not_available": "insufficient_data",
}


class SdgBuildError(Exception):
    """Where sdg-build's code raises (here: a base year with no value in or after it)."""


@dataclass(frozen=True)
class Series:
    status: str
    score: float | None
    progress: float | None
    coefficient: float


def growth(value: float, start: float, year: float, start_year: float) -> complex | float:
    """Compound annual growth from ``start`` (in ``start_year``) to ``value`` (in ``year``)."""
    return (value / start) ** (1 / (year - start_year)) - 1


def coefficient(base: float, limit: float) -> float:
    """The factor reducing the no-target thresholds near a limit: 1 from twice the limit up,
    ``1 − (b/L)^4.44`` up to the limit, its mirror between."""
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return 1 - (b / lim) ** 4.44
    return 1 - ((2 * lim - b) / lim) ** 4.44


def status_of(value: float | None, high: float, med: float, low: float, achieved: bool) -> str:
    if achieved:
        return "target_achieved"
    if value is not None:
        if value >= high:
            return "substantial_progress"
        if med <= value < high:
            return "moderate_progress"
        if low <= value < med:
            return "limited_progress"
        if value < low:
            return "deterioration"
    return "not_available"


def status_of_score(score: float | None, achieved: bool) -> str | None:
    if achieved:
        return "target_achieved"
    if score is None:
        return "not_available"
    if 2.5 <= score <= 5:
        return "substantial_progress"
    if 0 <= score < 2.5:
        return "moderate_progress"
    if -2.5 <= score < 0:
        return "limited_progress"
    if -5 <= score < -2.5:
        return "deterioration"
    return None


def series(
    data: Mapping[int, float],
    *,
    base_year: int = 2015,
    target: float | None = None,
    target_year: int = 2030,
    direction: str | None = None,
    limit: float | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> Series:
    """Status, score and progress value of one series, as sdg-build computes them.

    ``direction`` is ``"positive"`` or anything else (negative, sdg-build's default)."""
    if target == 0:
        target = 0.001
    d = 1 if direction == "positive" else -1
    quantitative = target is not None
    if not data:
        return Series("not_available", None, None, 1.0)
    current_year = max(data)
    current = data[current_year]
    if base_year not in data:
        later = [year for year in data if year > base_year]
        if not later:
            raise SdgBuildError(f"no value in or after the base year {base_year}")
        base_year = min(later)
    base = data[base_year]
    sign = -1 if base < 0 else 1

    limits = dict(WITH_TARGET if quantitative else WITHOUT_TARGET)
    limits.update(thresholds or {})
    coeff = 1.0
    if not quantitative and limit is not None:
        coeff = coefficient(base, limit)
        for key in ("high", "med", "low"):
            limits[key] *= coeff
    high, med, low = limits["high"], limits["med"], limits["low"]

    achieved = False
    if target is not None:
        achieved = (d == -1 and current <= target) or (d == 1 and current >= target)

    progress: float | None = None
    b = 0.001 if base == 0 else base
    opposite = (b > 0 and current < 0) or (b < 0 and current > 0)
    if not opposite and base_year <= current_year and current_year - base_year >= 1:
        actual = growth(current, b, current_year, base_year)
        if target is None:
            progress = sign * d * actual  # type: ignore[assignment]
        else:
            required = growth(target, b, target_year, base_year)
            progress = sign * d * actual / abs(required)  # type: ignore[assignment]

    status = status_of(progress, high, med, low, achieved)
    return Series(
        status, _score(progress, quantitative, coeff, high, med, low, achieved), progress, coeff
    )


def _score(
    p: float | None,
    quantitative: bool,
    coeff: float,
    high: float,
    med: float,
    low: float,
    achieved: bool,
) -> float | None:
    if achieved:
        return 5
    if p is None:
        return None
    if not quantitative:
        if p < low:
            return max(125 * p - 2.5, -5)
        if coeff == 0:
            return 5
        if p >= high:
            return min(500 * p / coeff - 5, 5)
        if p >= med:
            return 250 * p / coeff - 1.25
        if p >= low:
            return 500 * p / coeff - 2.5
        return None
    if p >= high or p >= med:
        return min(7.1429 * p - 4.2857, 5)
    if p >= low or p < low:
        return max(4.1667 * p - 2.5, -5)
    return None


def indicator(results: Iterable[Series]) -> tuple[float | None, str]:
    """The indicator's score and status: the mean score of the series that have one; achieved
    when all of those achieved their targets. sdg-build's status is ``""`` without any score."""
    scored = [r for r in results if r.score is not None]
    if not scored:
        return None, ""
    score = float(np.mean([r.score for r in scored]))  # numpy's mean, as sdg-build
    achieved = all(r.status == "target_achieved" for r in scored)
    return score, status_of_score(score, achieved) or ""
