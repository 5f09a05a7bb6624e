"""Progress methods: how the numbers of one target become a verdict. Pluggable.

A method is any object with a ``name``, a ``judge(track)`` that turns a :class:`Track` (the
baseline, the latest value and the target, as magnitudes in the indicator's unit) into a
:class:`Judgement`, and a ``grade(ratio)`` that turns a ratio (1 = exactly on pace) into a
verdict. Two are built in, each an attrs frozen class whose thresholds are its fields:

* :class:`OpenSDGMethod` — Statistics Canada's progress measure as Open SDG publishes it:
  actual annual rate / required annual rate, thresholds 0.95 / 0.60 / 0;
* :class:`UNSDMethod` — the UN Statistics Division's progress chart: carry the latest value
  forward at the current rate to the target year and measure how much of the way it gets.

What both add to their anchors: the target's comparator sets which way is good (a ≥ target
is approached from below, a ≤ target from above), so lower-is-better indicators need no sign
tricks; linear indicators (shares, counts) use changes per year instead of compound rates;
binding (约束性) indicators projected to fall short are never "on track"; a target whose year
has come without being met is never "on track" either.

Ratios within ``1e-9`` of a threshold count as reaching it: unit conversions and compound
powers leave floating-point noise of that order, and a verdict must not depend on it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from ..growth import arithmetic_average_rate, cagr, implied_level, required_cagr
from .assessment import Verdict

__all__ = ["METHODS", "TOLERANCE", "Judgement", "Method", "OpenSDGMethod", "Track", "UNSDMethod"]

#: Ratios (and levels, relatively) this close to a boundary count as reaching it.
TOLERANCE = 1e-9


def _fraction(quantity: object) -> float:
    return float(quantity.to("dimensionless").magnitude)  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class Track:
    """The numbers a method judges, as plain magnitudes in the indicator's unit.

    Times are fractional years (:attr:`fyp_planning.Period.end`): a whole year 2020 is
    ``2020.0``, 2020年1-9月 is ``2019.75``; a target year 2025 is ``2025.0``.

    Attributes:
        baseline: Value in the base year, or ``None``.
        baseline_time: When the baseline was observed.
        latest: The latest value, or ``None``.
        latest_time: When the latest value was observed.
        target: The level to reach (for growth targets the level the rate implies), or
            ``None`` for an indicator without a target.
        target_time: The target year.
        sense: +1 when higher values are better (≥ targets, 越高越好), -1 when lower are.
        linear: Whether the indicator grows linearly (shares, counts) rather than compounds.
        met: Whether the latest value already satisfies the target.
        stated_rate: For annual growth (reduction) targets, the stated rate as a signed
            fraction (``0.10``, ``-0.005``): the required rate, judged directly.
        binding: Whether the indicator is binding (约束性).
        limit: The indicator's natural limit (e.g. 100 for a % share), in its unit, or ``None``.

    Examples:
        >>> t = Track(baseline=198.0, baseline_time=2020.0, latest=240.0, latest_time=2022.0,
        ...           target=300.0, target_time=2025.0)
        >>> t.sense, t.linear, t.met
        (1, False, False)
    """

    baseline: float | None = None
    baseline_time: float | None = None
    latest: float | None = None
    latest_time: float | None = None
    target: float | None = None
    target_time: float | None = None
    sense: int = attrs.field(default=1, validator=attrs.validators.in_((1, -1)))
    linear: bool = False
    met: bool = False
    stated_rate: float | None = None
    binding: bool = False
    limit: float | None = None

    @property
    def usable(self) -> bool:
        """Whether there is a baseline and a later latest value to measure a rate with."""
        return (
            self.baseline is not None
            and self.latest is not None
            and self.baseline_time is not None
            and self.latest_time is not None
            and self.latest_time > self.baseline_time
        )


@attrs.frozen(kw_only=True)
class Judgement:
    """What a method concludes from a :class:`Track`.

    Attributes:
        verdict: The verdict.
        required_rate: Annual rate needed from the baseline to reach the target on time.
        actual_rate: Annual rate realised from the baseline to the latest value.
        projection: The latest value carried forward at the actual rate to the target year.
        ratio: The method's ratio; 1 means exactly on pace.
        linear: Whether the rates are changes per year in the indicator's unit (``True``) or
            relative rates as fractions (``0.0867`` for 8.67 %).
        flags: Flags the method adds (``linear_fallback``, ``binding_shortfall``, ...).

    Examples:
        >>> Judgement(verdict=Verdict.MODERATE, ratio=0.83).linear
        False
    """

    verdict: Verdict
    required_rate: float | None = None
    actual_rate: float | None = None
    projection: float | None = None
    ratio: float | None = None
    linear: bool = False
    flags: tuple[str, ...] = attrs.field(default=(), converter=tuple)


@runtime_checkable
class Method(Protocol):
    """What :func:`fyp_planning.assess` needs of a progress method."""

    name: ClassVar[str]

    def judge(self, track: Track) -> Judgement:
        """The verdict on one target's numbers."""
        ...  # pragma: no cover

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """The verdict for a ratio on the method's scale (1 = exactly on pace)."""
        ...  # pragma: no cover


# -- shared maths ---------------------------------------------------------------------------
def _compound_ok(track: Track) -> bool:
    values = [track.latest, track.target]
    return (track.baseline or 0) > 0 and all(v is None or v >= 0 for v in values)


def _rate(start: float, end: float, years: float, linear: bool) -> float:
    """Annual rate: change per year (linear) or compound growth as a fraction."""
    if linear:
        return (end - start) / years
    return _fraction(cagr(start, end, years))


def _required(track: Track, linear: bool) -> float:
    assert track.baseline is not None and track.target is not None
    years = track.target_time - track.baseline_time  # type: ignore[operator]
    if track.stated_rate is not None and not linear:
        return track.stated_rate
    if linear:
        return (track.target - track.baseline) / years
    return _fraction(required_cagr(track.baseline, track.target, years))


def _project(latest: float, rate: float, years: float, linear: bool) -> float:
    if years <= 0:
        return latest
    if linear:
        return latest + rate * years
    return float(implied_level(latest, rate, years))


def _rates(track: Track, years: float, linear: bool) -> dict[str, Any]:
    """Actual and required annual rates, and the projection to the target year."""
    assert track.baseline is not None and track.latest is not None
    actual = _rate(track.baseline, track.latest, years, linear)
    projection = _project(
        track.latest,
        actual,
        track.target_time - track.latest_time,  # type: ignore[operator]
        linear,
    )
    return {
        "required_rate": _required(track, linear),
        "actual_rate": actual,
        "projection": projection,
        "linear": linear,
    }


def _at_least(value: float, threshold: float) -> bool:
    return value >= threshold - TOLERANCE


def _prepare(track: Track) -> tuple[bool, list[str]]:
    """Whether to use linear rates, and the flags that choice raises."""
    if track.linear or _compound_ok(track):
        return track.linear, []
    return True, ["linear_fallback"]


def _shortfall_flags(track: Track, short: bool) -> list[str]:
    return ["binding_shortfall"] if track.binding and short else []


def _due(track: Track) -> bool:
    """Whether the latest value is at (or after) the target year."""
    return (
        track.latest_time is not None
        and track.target_time is not None
        and track.latest_time >= track.target_time
    )


# -- Open SDG ------------------------------------------------------------------------------
@attrs.frozen
class OpenSDGMethod:
    """Statistics Canada's progress measure, as Open SDG computes it (ProgressMeasure).

    With a target, the ratio of the actual annual rate (baseline → latest) to the required
    one (baseline → target over baseline year → target year) grades the progress:

    ======================== ====================
    ratio                    verdict
    ======================== ====================
    target met (latest)      achieved 已完成
    ≥ ``substantial`` (0.95) substantial 进展显著
    ≥ ``moderate`` (0.60)    moderate 进展中等
    ≥ ``limited`` (0)        limited 进展有限
    below                    deterioration 倒退
    ======================== ====================

    Without a target, the actual annual rate in the good direction is graded against
    ``no_target_substantial`` (1.5 %), ``no_target_moderate`` (0.5 %) and 0; for linear
    indicators that rate is the average change per year relative to the baseline.

    Near a natural limit (a share close to 100 %) those positive thresholds are scaled down by a
    factor ``C`` in [0, 1], as Open SDG does, so that holding near the limit can still be on
    track (flag ``limit_scaled``). Open SDG publishes the criterion its factor meets — "on
    track" must be reachable without passing the limit within 15 years — but its exact
    formula only as an image; we use the factor that meets that criterion exactly: for a
    maximum ``L`` above the baseline ``y0``, ``C = min(1, ((L/y0)**(1/H) - 1) / T)`` (compound)
    or ``min(1, (L/y0 - 1) / (H*T))`` (linear), with ``T`` = ``no_target_substantial`` and
    ``H`` = ``limit_horizon`` (15 years); mirrored for a minimum below a falling baseline. A
    limit against the good direction is ignored; at the limit ``C = 0``.

    Rates are compound (CAGR) for compound indicators and changes per year (百分点/年 for
    shares) for linear ones; compound rates fall back to linear ones when a value is zero or
    negative (flag ``linear_fallback``). Annual growth targets are judged on the realised rate
    against the stated rate. When the baseline already satisfied the target and the latest
    value no longer does, the verdict is deterioration. Binding indicators whose ratio is
    below 1 (a projected shortfall), and targets whose year has come unmet, are at most
    moderate.

    Args:
        substantial: Lowest ratio graded substantial.
        moderate: Lowest ratio graded moderate.
        limited: Lowest ratio graded limited.
        no_target_substantial: Without a target, lowest annual rate graded substantial.
        no_target_moderate: Without a target, lowest annual rate graded moderate.
        limit_horizon: Years over which the on-track rate must not pass a natural limit.

    Examples:
        >>> m = OpenSDGMethod()
        >>> j = m.judge(Track(baseline=100.0, baseline_time=2020.0, latest=121.0,
        ...                   latest_time=2022.0, target=200.0, target_time=2025.0))
        >>> round(j.actual_rate, 4), round(j.required_rate, 4), round(j.ratio, 2), j.verdict.label
        (0.1, 0.1487, 0.67, '进展中等')
        >>> m.grade(0.95).value, OpenSDGMethod(substantial=0.9).grade(0.92).value
        ('substantial', 'substantial')
    """

    name: ClassVar[str] = "opensdg"
    label: ClassVar[str] = "Open SDG 进展测度（加拿大统计局方法）"
    label_en: ClassVar[str] = "Open SDG progress measure (Statistics Canada)"

    substantial: float = 0.95
    moderate: float = 0.60
    limited: float = 0.0
    no_target_substantial: float = 0.015
    no_target_moderate: float = 0.005
    limit_horizon: float = 15.0

    def limit_factor(self, track: Track, linear: bool) -> float | None:
        """The factor ``C`` scaling the no-target thresholds near a natural limit, or ``None``.

        Examples:
            >>> m = OpenSDGMethod()
            >>> round(m.limit_factor(Track(baseline=98.0, limit=100.0), linear=True), 3)
            0.091
            >>> m.limit_factor(Track(baseline=50.0, limit=100.0), linear=True)
            1.0
            >>> m.limit_factor(Track(baseline=50.0, limit=100.0, sense=-1), linear=True) is None
            True
        """
        y0, lim, t, h = track.baseline, track.limit, self.no_target_substantial, self.limit_horizon
        if y0 is None or lim is None or t <= 0 or y0 <= 0:
            return None
        if track.sense > 0 and lim >= y0:  # a maximum ahead in the good direction
            room = (lim / y0) ** (1 / h) - 1 if not linear else (lim / y0 - 1) / h
        elif track.sense < 0 and 0 <= lim <= y0:  # a minimum ahead
            room = 1 - (lim / y0) ** (1 / h) if not linear else (1 - lim / y0) / h
        else:
            return None
        return min(1.0, max(0.0, room / t))

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """The verdict for an actual / required ratio.

        Args:
            ratio: Actual over required rate (1 = exactly on pace).
            binding_shortfall: A binding indicator falls short: substantial becomes moderate.

        Returns:
            substantial, moderate, limited or deterioration.

        Examples:
            >>> OpenSDGMethod().grade(0.6).label, OpenSDGMethod().grade(-0.01).label
            ('进展中等', '倒退')
        """
        if _at_least(ratio, self.substantial):
            return Verdict.MODERATE if binding_shortfall else Verdict.SUBSTANTIAL
        if _at_least(ratio, self.moderate):
            return Verdict.MODERATE
        if _at_least(ratio, self.limited):
            return Verdict.LIMITED
        return Verdict.DETERIORATION

    def grade_rate(self, rate: float, factor: float = 1.0) -> Verdict:
        """The verdict for an annual rate in the good direction, without a target.

        Args:
            rate: The annual rate in the good direction, as a fraction.
            factor: Scaling of the positive thresholds near a natural limit (see
                :meth:`limit_factor`).

        Examples:
            >>> OpenSDGMethod().grade_rate(0.015).label, OpenSDGMethod().grade_rate(0.004).label
            ('进展显著', '进展有限')
            >>> OpenSDGMethod().grade_rate(0.004, factor=0.2).label
            '进展显著'
        """
        if _at_least(rate, self.no_target_substantial * factor):
            return Verdict.SUBSTANTIAL
        if _at_least(rate, self.no_target_moderate * factor):
            return Verdict.MODERATE
        if _at_least(rate, 0.0):
            return Verdict.LIMITED
        return Verdict.DETERIORATION

    def judge(self, track: Track) -> Judgement:
        """The verdict on one target's numbers (see the class description).

        Args:
            track: Baseline, latest value and target.

        Returns:
            The verdict with the rates and the ratio it rests on.

        Examples:
            >>> OpenSDGMethod().judge(Track(latest=5.0, target=3.0, met=True)).verdict.value
            'achieved'
        """
        if not track.usable:
            verdict = Verdict.ACHIEVED if track.met else Verdict.INSUFFICIENT_DATA
            return Judgement(verdict=verdict)
        assert track.baseline is not None and track.latest is not None
        years = track.latest_time - track.baseline_time  # type: ignore[operator]
        linear, flags = _prepare(track)
        if track.target is None:
            return self._without_target(track, linear, years, flags)
        common = _rates(track, years, linear)
        actual, required = common["actual_rate"], common["required_rate"]
        if track.met:
            return Judgement(verdict=Verdict.ACHIEVED, flags=flags, **common)
        if track.sense * required <= 0:  # the baseline already met the target; now it does not
            flags += ["target_year_passed"] if _due(track) else []
            flags += _shortfall_flags(track, True)
            return Judgement(verdict=Verdict.DETERIORATION, flags=flags, **common)
        ratio = actual / required
        short = ratio < 1 - TOLERANCE
        verdict = self.grade(ratio, binding_shortfall=track.binding and short)
        if _due(track):
            flags.append("target_year_passed")
            if verdict is Verdict.SUBSTANTIAL:
                verdict = Verdict.MODERATE
        flags += _shortfall_flags(track, short)
        return Judgement(verdict=verdict, ratio=ratio, flags=flags, **common)

    def _without_target(
        self, track: Track, linear: bool, years: float, flags: list[str]
    ) -> Judgement:
        assert track.baseline is not None and track.latest is not None
        if linear:
            if track.baseline <= 0:
                return Judgement(verdict=Verdict.INSUFFICIENT_DATA, flags=[*flags, "zero_baseline"])
            rate = _fraction(arithmetic_average_rate(track.baseline, track.latest, years))
        else:
            rate = _fraction(cagr(track.baseline, track.latest, years))
        factor = self.limit_factor(track, linear)
        if factor is not None and factor < 1:
            flags = [*flags, "limit_scaled"]
        verdict = self.grade_rate(track.sense * rate, 1.0 if factor is None else factor)
        return Judgement(verdict=verdict, actual_rate=rate, flags=flags)


# -- UNSD ----------------------------------------------------------------------------------
@attrs.frozen
class UNSDMethod:
    """The UN Statistics Division's progress chart: where will the current pace lead?

    The latest value is carried forward at the current annual rate (compound, or linear for
    linear indicators) to the target year; ``r = (projected − baseline) / (target −
    baseline)`` is the share of the way the projection covers:

    ===================== =================
    r                     verdict
    ===================== =================
    target met (latest)   achieved 已完成
    ≥ ``good`` (0.95)     on_track 进度正常
    ≥ ``fair`` (0.10)     fair 进度一般
    below                 poor 进度滞后
    ===================== =================

    A target the baseline already satisfied, no longer met by the latest value, is poor.
    Binding indicators projected to fall short (r < 1), and targets whose year has come
    unmet, are at most fair. Without a target there is nothing to project to:
    insufficient_data with flag ``no_target``.

    Args:
        good: Lowest r graded on track.
        fair: Lowest r graded fair.

    Examples:
        >>> j = UNSDMethod().judge(Track(baseline=100.0, baseline_time=2020.0, latest=121.0,
        ...                              latest_time=2022.0, target=200.0, target_time=2025.0))
        >>> round(j.projection, 3), round(j.ratio, 3), j.verdict.label
        (161.051, 0.611, '进度一般')
    """

    name: ClassVar[str] = "unsd"
    label: ClassVar[str] = "联合国统计司进度图方法"
    label_en: ClassVar[str] = "UNSD progress chart"

    good: float = 0.95
    fair: float = 0.10

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """The verdict for r, the share of the way to the target the projection covers.

        Args:
            ratio: r (1 = the projection reaches the target exactly).
            binding_shortfall: A binding indicator falls short: on track becomes fair.

        Returns:
            on_track, fair or poor.

        Examples:
            >>> UNSDMethod().grade(0.1).label, UNSDMethod().grade(0.0999).label
            ('进度一般', '进度滞后')
        """
        if _at_least(ratio, self.good):
            return Verdict.FAIR if binding_shortfall else Verdict.ON_TRACK
        if _at_least(ratio, self.fair):
            return Verdict.FAIR
        return Verdict.POOR

    def judge(self, track: Track) -> Judgement:
        """The verdict on one target's numbers (see the class description).

        Args:
            track: Baseline, latest value and target.

        Returns:
            The verdict with the projection and r it rests on.

        Examples:
            >>> UNSDMethod().judge(Track(baseline=1.0, baseline_time=2020.0, latest=2.0,
            ...                          latest_time=2021.0)).flags
            ('no_target',)
        """
        if track.target is None:
            return Judgement(verdict=Verdict.INSUFFICIENT_DATA, flags=["no_target"])
        if not track.usable:
            verdict = Verdict.ACHIEVED if track.met else Verdict.INSUFFICIENT_DATA
            return Judgement(verdict=verdict)
        assert track.baseline is not None and track.latest is not None
        years = track.latest_time - track.baseline_time  # type: ignore[operator]
        linear, flags = _prepare(track)
        common = _rates(track, years, linear)
        projection = common["projection"]
        if track.met:
            return Judgement(verdict=Verdict.ACHIEVED, flags=flags, **common)
        distance = track.target - track.baseline
        if track.sense * distance <= 0:  # the baseline already met the target; now it does not
            flags += ["target_year_passed"] if _due(track) else []
            flags += _shortfall_flags(track, True)
            return Judgement(verdict=Verdict.POOR, flags=flags, **common)
        ratio = (projection - track.baseline) / distance
        short = ratio < 1 - TOLERANCE
        verdict = self.grade(ratio, binding_shortfall=track.binding and short)
        if _due(track):
            flags.append("target_year_passed")
            if verdict is Verdict.ON_TRACK:
                verdict = Verdict.FAIR
        flags += _shortfall_flags(track, short)
        return Judgement(verdict=verdict, ratio=ratio, flags=flags, **common)


#: The built-in methods by name, for ``fyp progress --method``.
METHODS: dict[str, type] = {OpenSDGMethod.name: OpenSDGMethod, UNSDMethod.name: UNSDMethod}
