"""Progress methods: how the numbers of one target become a verdict. Pluggable.

A method is any object with a ``name``, a ``judge(track)`` that turns a :class:`Track` (the
baseline, the latest value and the target, as magnitudes in the indicator's unit) into a
:class:`Judgement`, and a ``grade(ratio)`` that turns a ratio (1 = exactly on pace) into a
verdict. Three are built in, each an attrs frozen class whose thresholds are its fields:

* :class:`CountyMethod` (``county``, the default) — the county progress measure: Open SDG's
  ratio of annual rates and its thresholds, with the departures its description lists and
  gives reasons for (linear rates for shares and counts, binding caps, the target-year cap,
  part-year times, our near-limit factor);
* :class:`OpenSDGMethod` (``opensdg``) — exactly what sdg-build's ``ProgressMeasure``
  computes (open-sdg/sdg-build, ``sdg/ProgressMeasure.py``): status and score (−5…5), and
  :meth:`OpenSDGMethod.aggregate`, its indicator-level mean score;
* :class:`UNSDMethod` (``unsd``) — the UN Statistics Division's progress chart: carry the
  latest value forward at the current rate to the target year and measure how much of the
  way it gets.

What ``county`` and ``unsd`` add to their anchors: the target's comparator sets which way is
good (a ≥ target is approached from below, a ≤ target from above), so lower-is-better
indicators need no sign tricks; linear indicators (shares, counts) use changes per year
instead of compound rates; binding (约束性) indicators projected to fall short are never "on
track"; a target whose year has come without being met is never "on track" either.
``opensdg`` adds none of this.

For ``county`` and ``unsd``, ratios within ``1e-9`` of a threshold count as reaching it: unit
conversions and compound powers leave floating-point noise of that order, and a verdict must
not depend on it. ``opensdg`` compares exactly, as sdg-build does.

A method may also declare an array implementation (:class:`ArrayMethod`: ``judge_arrays`` on
:class:`Tracks`, ``grade_array``), with which :func:`fyp_planning.assess` and
:class:`fyp_planning.PlanBatch` judge whole columns at once. The built-in methods are written
on arrays only: their ``judge`` and ``grade`` judge a single element. A method without an array
implementation is judged one target at a time (:class:`RowByRow`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs
import numpy as np
import numpy.typing as npt

from ..growth import arithmetic_average_rate, cagr, implied_level, power
from ..model._converters import texts
from ..text import Lang, Message
from ..units import AnyQuantity
from .assessment import Verdict

__all__ = [
    "CODE",
    "METHODS",
    "SDG_LIMIT_EXPONENT",
    "SDG_ZERO",
    "TOLERANCE",
    "VERDICTS",
    "ArrayMethod",
    "CountyMethod",
    "Judgement",
    "Judgements",
    "Method",
    "OpenSDGMethod",
    "RowByRow",
    "Scored",
    "Track",
    "Tracks",
    "UNSDMethod",
    "array_method",
    "meets",
    "resolve",
]

#: Ratios (and levels, relatively) this close to a boundary count as reaching it.
TOLERANCE = 1e-9


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
        next_baseline: When the base year has no value: the first value observed after it
            (sdg-build's "base year not in the data: the next year in the data"), or ``None``.
            Only :class:`~fyp_planning.OpenSDGMethod` uses it.
        next_baseline_time: When :attr:`next_baseline` was observed.

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
    next_baseline: float | None = None
    next_baseline_time: float | None = None

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
        score: The progress score from −5 to 5, for methods that give one (sdg-build's, see
            :class:`~fyp_planning.OpenSDGMethod`), else ``None``.

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
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)
    score: float | None = None


# -- arrays ---------------------------------------------------------------------------------
#: Every verdict, in a fixed order: array methods give verdicts as indices into it.
VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
#: The index of each verdict in :data:`~fyp_planning.evaluation.VERDICTS`.
CODE: dict[Verdict, int] = {v: i for i, v in enumerate(VERDICTS)}
_ACHIEVED, _INSUFFICIENT = CODE[Verdict.ACHIEVED], CODE[Verdict.INSUFFICIENT_DATA]
_SUBSTANTIAL, _MODERATE = CODE[Verdict.SUBSTANTIAL], CODE[Verdict.MODERATE]
_LIMITED, _DETERIORATION = CODE[Verdict.LIMITED], CODE[Verdict.DETERIORATION]
_ON_TRACK, _FAIR, _POOR = CODE[Verdict.ON_TRACK], CODE[Verdict.FAIR], CODE[Verdict.POOR]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_FLOAT_FIELDS = (
    "baseline",
    "baseline_time",
    "latest",
    "latest_time",
    "target",
    "target_time",
    "stated_rate",
    "limit",
    "next_baseline",
    "next_baseline_time",
)


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@attrs.define(kw_only=True, eq=False)
class Tracks:
    """:class:`Track` on arrays, one element per target: what an array method judges.

    Every attribute of :class:`Track` is an array here; a missing number is NaN.

    Examples:
        >>> from fyp_planning.evaluation import Track, Tracks
        >>> tracks = Tracks.of([Track(baseline=100.0, latest=121.0), Track(sense=-1)])
        >>> len(tracks), tracks.baseline.tolist()[1], tracks.row(1).sense
        (2, nan, -1)
    """

    baseline: FloatArray
    baseline_time: FloatArray
    latest: FloatArray
    latest_time: FloatArray
    target: FloatArray
    target_time: FloatArray
    sense: IntArray
    linear: BoolArray
    met: BoolArray
    stated_rate: FloatArray
    binding: BoolArray
    limit: FloatArray
    next_baseline: FloatArray
    next_baseline_time: FloatArray

    @classmethod
    def of(cls, tracks: Sequence[Track]) -> Tracks:
        """The tracks as arrays."""
        columns: dict[str, Any] = {}
        for field in attrs.fields(Track):
            values = [getattr(t, field.name) for t in tracks]
            if field.name in _FLOAT_FIELDS:
                columns[field.name] = np.array(
                    [math.nan if v is None else v for v in values], dtype=np.float64
                )
            else:
                columns[field.name] = np.array(
                    values, dtype=np.int64 if field.name == "sense" else bool
                )
        return cls(**columns)

    def __len__(self) -> int:
        return len(self.sense)

    def row(self, i: int) -> Track:
        """One element as a :class:`Track`."""
        values: dict[str, Any] = {}
        for field in attrs.fields(Track):
            value = getattr(self, field.name)[i]
            if field.name in _FLOAT_FIELDS:
                values[field.name] = _or_none(float(value))
            else:
                values[field.name] = int(value) if field.name == "sense" else bool(value)
        return Track(**values)

    def take(self, rows: IntArray) -> Tracks:
        """The elements at ``rows``."""
        return Tracks(**{f.name: getattr(self, f.name)[rows] for f in attrs.fields(Tracks)})

    @property
    def usable(self) -> BoolArray:
        """:attr:`Track.usable` of each element."""
        return (~np.isnan(self.baseline) & ~np.isnan(self.latest)) & (
            self.latest_time > self.baseline_time
        )


@attrs.define(kw_only=True, eq=False)
class Judgements:
    """:class:`Judgement` on arrays, one element per target: what an array method returns.

    Attributes:
        verdict: Index of each verdict in :data:`~fyp_planning.evaluation.VERDICTS`.
        required_rate, actual_rate, projection, ratio: As in :class:`Judgement`; NaN for none.
        linear: As in :class:`Judgement`.
        flags: For each flag, the elements that carry it; an element's flags follow the
            order of this mapping.
        row_flags: Each element's flags in the method's own order, when it gave them one
            element at a time (then ``flags`` is not used).
        score: Each element's score (NaN for none), or ``None`` when the method gives none.

    Examples:
        >>> from fyp_planning.evaluation import Judgements
        >>> j = Judgements.empty(2)
        >>> j.row(0).verdict.value, j.row(1).ratio is None
        ('insufficient_data', True)
    """

    verdict: IntArray
    required_rate: FloatArray
    actual_rate: FloatArray
    projection: FloatArray
    ratio: FloatArray
    linear: BoolArray
    flags: dict[str, BoolArray] = attrs.field(factory=dict)
    row_flags: list[tuple[str, ...]] | None = None
    score: FloatArray | None = None

    @classmethod
    def empty(cls, n: int) -> Judgements:
        """``n`` elements of insufficient data, without numbers or flags."""
        return cls(
            verdict=np.full(n, _INSUFFICIENT, dtype=np.int64),
            required_rate=np.full(n, np.nan),
            actual_rate=np.full(n, np.nan),
            projection=np.full(n, np.nan),
            ratio=np.full(n, np.nan),
            linear=np.zeros(n, dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.verdict)

    def flag(self, name: str, where: BoolArray) -> None:
        """Add flag ``name`` to the elements ``where`` holds."""
        found = self.flags.get(name)
        self.flags[name] = where.copy() if found is None else found | where

    def flags_of(self, i: int) -> tuple[str, ...]:
        """The flags of element ``i``."""
        if self.row_flags is not None:
            return self.row_flags[i]
        return tuple(name for name, where in self.flags.items() if where[i])

    def row(self, i: int) -> Judgement:
        """One element as a :class:`Judgement`."""
        return Judgement(
            verdict=VERDICTS[int(self.verdict[i])],
            required_rate=_or_none(float(self.required_rate[i])),
            actual_rate=_or_none(float(self.actual_rate[i])),
            projection=_or_none(float(self.projection[i])),
            ratio=_or_none(float(self.ratio[i])),
            linear=bool(self.linear[i]),
            flags=self.flags_of(i),
            score=None if self.score is None else _or_none(float(self.score[i])),
        )

    def put(self, rows: IntArray, part: Judgements) -> None:
        """Write ``part`` (judgements of the elements ``rows``) into this one."""
        for name in ("verdict", "required_rate", "actual_rate", "projection", "ratio", "linear"):
            getattr(self, name)[rows] = getattr(part, name)
        if part.score is not None:
            if self.score is None:
                self.score = np.full(len(self), np.nan)
            self.score[rows] = part.score
        if part.row_flags is not None:
            row_flags = self.row_flags or [self.flags_of(i) for i in range(len(self))]
            for i, flags in zip(rows.tolist(), part.row_flags, strict=True):
                row_flags[i] = flags
            self.row_flags = row_flags
            return
        for name, where in part.flags.items():
            full = np.zeros(len(self), dtype=bool)
            full[rows] = where
            self.flag(name, full)


class _Label:
    """A method's name in one language, from its class's ``text`` message: a class attribute,
    read on the class (``METHODS["unsd"].label``) or on an instance.

    Examples:
        >>> UNSDMethod.label, UNSDMethod().label_en
        ('联合国统计司进度图方法', 'UNSD progress chart')
    """

    def __init__(self, lang: Lang) -> None:
        self._lang = lang

    def __get__(self, obj: object, owner: type[Any]) -> str:
        said: Message = owner.text
        return said.render(self._lang)


class _MethodLabels:
    """A built-in method's ``label`` and ``label_en``, from its class's ``text`` message."""

    __slots__ = ()

    label = _Label("zh")
    label_en = _Label("en")


@runtime_checkable
class Method(Protocol):
    """What :func:`fyp_planning.assess` needs of a progress method.

    A method may also declare an array implementation (:class:`~fyp_planning.evaluation.ArrayMethod`), as the
    built-in ones do; one that does not is judged one target at a time (:class:`~fyp_planning.evaluation.RowByRow`).
    """

    name: ClassVar[str]

    def judge(self, track: Track) -> Judgement:
        """The verdict on one target's numbers."""
        ...  # pragma: no cover

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """The verdict for a ratio on the method's scale (1 = exactly on pace)."""
        ...  # pragma: no cover


@runtime_checkable
class ArrayMethod(Method, Protocol):
    """A :class:`Method` that also judges many targets at once, on arrays."""

    def judge_arrays(self, tracks: Tracks) -> Judgements:
        """The verdicts on many targets' numbers."""
        ...  # pragma: no cover

    def grade_array(self, ratio: FloatArray, shortfall: BoolArray) -> IntArray:
        """``grade`` on arrays: the index in :data:`~fyp_planning.evaluation.VERDICTS` of each ratio's verdict."""
        ...  # pragma: no cover


@attrs.frozen
class RowByRow:
    """A method without an array implementation, judged one target at a time: the array
    interface of :class:`ArrayMethod` over the method's own ``judge`` and ``grade``.

    Examples:
        >>> import attrs
        >>> import numpy as np
        >>> from fyp_planning.evaluation import VERDICTS, Judgement, Track, Tracks, Verdict
        >>> from fyp_planning.evaluation.methods import array_method
        >>> @attrs.frozen
        ... class Halfway:
        ...     name = "halfway"
        ...     def judge(self, track):
        ...         return Judgement(verdict=Verdict.FAIR, flags=["mine"])
        ...     def grade(self, ratio, *, binding_shortfall=False):
        ...         return Verdict.FAIR if ratio >= 0.5 else Verdict.POOR
        >>> method = array_method(Halfway())
        >>> method.judge_arrays(Tracks.of([Track()])).row(0).flags
        ('mine',)
        >>> [VERDICTS[i].value for i in method.grade_array(np.array([0.4, 0.6]), np.zeros(2, bool))]
        ['poor', 'fair']
    """

    method: Method

    @property
    def name(self) -> str:
        return self.method.name

    def judge(self, track: Track) -> Judgement:
        return self.method.judge(track)

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        return self.method.grade(ratio, binding_shortfall=binding_shortfall)

    def judge_arrays(self, tracks: Tracks) -> Judgements:
        out = Judgements.empty(len(tracks))
        row_flags = []
        for i in range(len(tracks)):
            j = self.method.judge(tracks.row(i))
            out.verdict[i] = CODE[j.verdict]
            for name in ("required_rate", "actual_rate", "projection", "ratio"):
                value = getattr(j, name)
                getattr(out, name)[i] = np.nan if value is None else value
            out.linear[i] = j.linear
            if j.score is not None:
                if out.score is None:
                    out.score = np.full(len(tracks), np.nan)
                out.score[i] = j.score
            row_flags.append(j.flags)
        out.row_flags = row_flags
        return out

    def grade_array(self, ratio: FloatArray, shortfall: BoolArray) -> IntArray:
        verdicts = [
            CODE[self.method.grade(r, binding_shortfall=s)]
            for r, s in zip(ratio.tolist(), shortfall.tolist(), strict=True)
        ]
        return np.array(verdicts, dtype=np.int64)


def _paired(cls: type, scalar: str, arrays: str) -> bool:
    """Whether the class that last defines ``scalar`` or ``arrays`` defines both: a subclass
    that overrides ``judge`` alone must not be judged by the ``judge_arrays`` it inherits."""
    for klass in cls.__mro__:
        found = vars(klass)
        if scalar in found or arrays in found:
            return scalar in found and arrays in found
    return False


def array_method(method: Method) -> ArrayMethod | RowByRow:
    """The method's array implementation, or the method judged one target at a time (when it
    declares none, or overrides ``judge`` or ``grade`` without its array form)."""
    kind = type(method)
    if (
        isinstance(method, ArrayMethod)
        and _paired(kind, "judge", "judge_arrays")
        and _paired(kind, "grade", "grade_array")
    ):
        return method
    return RowByRow(method)


# -- shared maths, on arrays ----------------------------------------------------------------
def meets(comparator: IntArray, value: FloatArray, target: FloatArray) -> BoolArray:
    """Whether each value satisfies its target: ``comparator`` is 1 for ≥, -1 for ≤, 0 for =.

    Equal within a relative ``TOLERANCE`` counts as meeting (``math.isclose``), so that the same
    data in 万元 and in 亿元 (rounded differently by the conversion) meet a target alike.

    Examples:
        >>> import numpy as np
        >>> meets(np.array([1, -1, 0]), np.array([300.0, 5.1, 2.0]), np.array([300.0, 5.0, 2.0]))
        array([ True, False,  True])
    """
    diff = np.abs(value - target)
    finite = np.isfinite(value) & np.isfinite(target)
    close = (value == target) | (
        finite & ((diff <= np.abs(TOLERANCE * target)) | (diff <= np.abs(TOLERANCE * value)))
    )
    holds = np.where(
        comparator > 0, value >= target, np.where(comparator < 0, value <= target, value == target)
    )
    met: BoolArray = close | holds
    return met


def _fraction(rate: AnyQuantity) -> Any:
    return rate.to("dimensionless").magnitude


def _cagr(start: FloatArray, end: FloatArray, years: FloatArray) -> FloatArray:
    """:func:`fyp_planning.cagr` as a fraction, on arrays (NaN where undefined)."""
    fraction: FloatArray = _fraction(cagr(start, end, years))
    return fraction


def _at_least(value: FloatArray, threshold: Any) -> BoolArray:
    at_least: BoolArray = value >= threshold - TOLERANCE
    return at_least


def _cascade(value: FloatArray, rules: Sequence[tuple[Any, Any]], otherwise: int) -> IntArray:
    """The verdict of the first rule ``(threshold, verdict)`` that ``value`` reaches."""
    out = np.full(len(value), otherwise, dtype=np.int64)
    for threshold, verdict in reversed(rules):
        out = np.where(_at_least(value, threshold), verdict, out)
    return out


def _linear(tracks: Tracks) -> tuple[BoolArray, BoolArray]:
    """Whether to use linear rates, and where that is a fallback (``linear_fallback``):
    compound rates need a positive baseline and values that are not negative."""
    latest, target = tracks.latest, tracks.target
    compound_ok = (
        (tracks.baseline > 0)
        & (np.isnan(latest) | (latest >= 0))
        & (np.isnan(target) | (target >= 0))
    )
    fallback = ~tracks.linear & ~compound_ok
    return tracks.linear | fallback, fallback


@attrs.frozen
class _Rates:
    """The rates of each element with a target: required, actual and the projection."""

    linear: BoolArray
    fallback: BoolArray
    years: FloatArray
    actual: FloatArray
    required: FloatArray
    projection: FloatArray
    due: BoolArray
    usable: BoolArray  # Tracks.usable, worked out once


def _where(rows: BoolArray, values: FloatArray, compute: Any, *columns: FloatArray) -> FloatArray:
    """``values`` with ``compute(*columns)`` at ``rows`` (computed there only)."""
    out = values.copy()
    at = np.flatnonzero(rows)
    if len(at):
        out[at] = compute(*(column[at] for column in columns))
    return out


def _rates(t: Tracks) -> _Rates:
    """Actual and required annual rates (linear: changes per year; else compound, as
    fractions), the projection to the target year, and whether the target year has come."""
    linear, fallback = _linear(t)
    b, latest = t.baseline, t.latest
    usable = t.usable
    compound = usable & ~linear
    aimed = compound & ~np.isnan(t.target)
    years = t.latest_time - t.baseline_time
    actual = _where(compound, (latest - b) / years, _cagr, b, latest, years)
    years_t = t.target_time - t.baseline_time
    stated = np.where(linear, (t.target - b) / years_t, t.stated_rate)
    required = _where(aimed & np.isnan(t.stated_rate), stated, _cagr, b, t.target, years_t)
    ahead = t.target_time - t.latest_time
    projection = np.where(ahead <= 0, latest, latest + actual * ahead)
    projection = _where(aimed & (ahead > 0), projection, implied_level, latest, actual, ahead)
    due = t.latest_time >= t.target_time
    return _Rates(linear, fallback, years, actual, required, projection, due, usable)


def _judge_target(
    t: Tracks, out: Judgements, ratio_of: Any, away_verdict: int, grade: Any, top: int, cap: int
) -> _Rates:
    """The part both methods share for elements with a target and data to measure a rate
    with: achieved when met; ``away_verdict`` when the baseline already met the target and
    the latest value does not; else graded on ``ratio_of(rates)``, the top verdict capped
    at ``cap`` once the target year has come. Binding shortfalls are flagged."""
    r = _rates(t)
    usable = r.usable
    has_target = ~np.isnan(t.target)
    out.verdict[has_target & ~usable & t.met] = _ACHIEVED
    judged = has_target & usable
    for name, values in (
        ("required_rate", r.required),
        ("actual_rate", r.actual),
        ("projection", r.projection),
        ("linear", r.linear),
    ):
        getattr(out, name)[judged] = values[judged]
    ratio, away = ratio_of(r)
    met = judged & t.met
    away = judged & ~t.met & away
    graded = judged & ~t.met & ~away
    # values at the edge of the range (1e-300 against 1e18) give rates past a float: no
    # verdict can rest on them (insufficient data, flag cannot_compute)
    with np.errstate(invalid="ignore"):
        overflow = graded & ~(np.isfinite(r.actual) & np.isfinite(r.required) & np.isfinite(ratio))
    if overflow.any():
        graded &= ~overflow
        out.flag("cannot_compute", overflow)
        for name in ("required_rate", "actual_rate", "projection"):
            getattr(out, name)[overflow] = np.nan
    short = graded & (ratio < 1 - TOLERANCE)
    out.verdict[met] = _ACHIEVED
    out.verdict[away] = away_verdict
    verdict = grade(ratio, t.binding & short)
    out.verdict[graded] = np.where(r.due & (verdict == top), cap, verdict)[graded]
    out.ratio[graded] = ratio[graded]
    out.flag("linear_fallback", judged & r.fallback)
    out.flag("target_year_passed", (away | graded) & r.due)
    out.flag("binding_shortfall", (away | short) & t.binding)
    return r


# -- county: Open SDG with our departures ----------------------------------------------------
@attrs.frozen
class CountyMethod(_MethodLabels):
    """The county progress measure (县域进展测度，基于 Open SDG，含修正): the default.

    It keeps Open SDG's idea — the ratio of the actual to the required annual rate, graded
    0.95 / 0.60 / 0, and the no-target rates 1.5 % / 0.5 % / 0 — and departs from sdg-build's
    ``ProgressMeasure`` (which :class:`OpenSDGMethod` follows exactly) where a county plan
    needs it. Each departure, and why:

    * **Linear rates for shares and counts** (``Indicator.growth`` linear): a share of 60 % →
      65 % is five points, not a compound 1.6 % a year; a plan states such targets in points
      (百分点) or in units (家), and a compound rate of a share misjudges them near 0 or 100.
    * **Zero and negative values**: compound rates fall back to linear ones (flag
      ``linear_fallback``) instead of sdg-build's base 0 → 0.001 (which makes any growth from
      zero enormous) or no measure when the sign changes.
    * **The target's comparator sets the direction**: a ≤ target is approached from above, a
      ≥ target from below, whatever the indicator's usual direction; sdg-build takes one
      configured direction per series.
    * **Binding cap**: a binding (约束性) indicator projected to fall short (ratio < 1) is at
      most moderate — a binding target is a commitment, "substantial progress" on a path that
      misses it would mislead. sdg-build has no binding indicators.
    * **Target-year cap**: once the target year has come unmet, at most moderate; sdg-build
      would still say "substantial" for a ratio ≥ 0.95 after the deadline.
    * **Baseline met, then lost**: when the baseline already satisfied the target and the
      latest value no longer does, deterioration (sdg-build: a ratio of rates, sign
      depending on the target's side).
    * **Part-year times**: 2020年1-9月 is 2019.75, not 2020, so a nine-month value is not
      taken for a whole year; sdg-build uses whole years only.
    * **Annual growth targets** are judged on the realised rate against the stated rate; the
      base year must have a value (no "next year in the data").
    * **Near-limit factor**: our own formula (below), from the criterion Open SDG's
      documentation states, where sdg-build's code uses ``C = 1 − (b/L)^4.44``; ours is zero
      at the limit and one where the on-track rate cannot pass the limit within 15 years.
    * Ratios within ``1e-9`` of a threshold reach it (unit conversions leave noise).
    * No score: verdicts only.

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
    track (flag ``limit_scaled``). Open SDG's documentation states the criterion its factor
    meets — "on track" must be reachable without passing the limit within 15 years; we use
    the factor that meets that criterion exactly: for a
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
        >>> m = CountyMethod()
        >>> j = m.judge(Track(baseline=100.0, baseline_time=2020.0, latest=121.0,
        ...                   latest_time=2022.0, target=200.0, target_time=2025.0))
        >>> round(j.actual_rate, 4), round(j.required_rate, 4), round(j.ratio, 2), j.verdict.label
        (0.1, 0.1487, 0.67, '进展中等')
        >>> m.grade(0.95).value, CountyMethod(substantial=0.9).grade(0.92).value
        ('substantial', 'substantial')
    """

    name: ClassVar[str] = "county"
    text: ClassVar[Message] = Message("evaluation.method.county")

    substantial: float = 0.95
    moderate: float = 0.60
    limited: float = 0.0
    no_target_substantial: float = 0.015
    no_target_moderate: float = 0.005
    limit_horizon: float = 15.0

    def limit_factor(self, track: Track, linear: bool) -> float | None:
        """The factor ``C`` scaling the no-target thresholds near a natural limit, or ``None``.

        Examples:
            >>> m = CountyMethod()
            >>> round(m.limit_factor(Track(baseline=98.0, limit=100.0), linear=True), 3)
            0.091
            >>> m.limit_factor(Track(baseline=50.0, limit=100.0), linear=True)
            1.0
            >>> m.limit_factor(Track(baseline=50.0, limit=100.0, sense=-1), linear=True) is None
            True
        """
        factor = self._limit_factors(Tracks.of([track]), np.array([linear]))
        return _or_none(float(factor[0]))

    def _limit_factors(self, t: Tracks, linear: BoolArray) -> FloatArray:
        """:meth:`limit_factor` on arrays (NaN for none)."""
        y0, lim, h, threshold = t.baseline, t.limit, self.limit_horizon, self.no_target_substantial
        ratio = lim / y0
        up = (t.sense > 0) & (lim >= y0)  # a maximum ahead in the good direction
        down = (t.sense < 0) & (lim >= 0) & (lim <= y0)  # a minimum ahead
        scaled = ~np.isnan(lim) & (threshold > 0) & (y0 > 0) & (up | down)
        exponent = np.full(len(t), 1 / h)
        root = _where(scaled & ~linear, np.full(len(t), np.nan), power, ratio, exponent)
        room = np.where(
            up,
            np.where(linear, (ratio - 1) / h, root - 1),
            np.where(linear, (1 - ratio) / h, 1 - root),
        )
        return np.where(scaled, np.minimum(1.0, np.maximum(0.0, room / threshold)), np.nan)

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """The verdict for an actual / required ratio.

        Args:
            ratio: Actual over required rate (1 = exactly on pace).
            binding_shortfall: A binding indicator falls short: substantial becomes moderate.

        Returns:
            substantial, moderate, limited or deterioration.

        Examples:
            >>> CountyMethod().grade(0.6).label, CountyMethod().grade(-0.01).label
            ('进展中等', '倒退')
        """
        return _grade_one(self, ratio, binding_shortfall)

    def grade_array(self, ratio: FloatArray, shortfall: BoolArray) -> IntArray:
        """:meth:`grade` on arrays: indices in :data:`~fyp_planning.evaluation.VERDICTS`."""
        top = np.where(shortfall, _MODERATE, _SUBSTANTIAL)
        rules = ((self.substantial, top), (self.moderate, _MODERATE), (self.limited, _LIMITED))
        return _cascade(ratio, rules, _DETERIORATION)

    def grade_rate(self, rate: float, factor: float = 1.0) -> Verdict:
        """The verdict for an annual rate in the good direction, without a target.

        Args:
            rate: The annual rate in the good direction, as a fraction.
            factor: Scaling of the positive thresholds near a natural limit (see
                :meth:`limit_factor`).

        Examples:
            >>> CountyMethod().grade_rate(0.015).label, CountyMethod().grade_rate(0.004).label
            ('进展显著', '进展有限')
            >>> CountyMethod().grade_rate(0.004, factor=0.2).label
            '进展显著'
        """
        return VERDICTS[int(self._grade_rates(np.array([rate]), np.array([factor]))[0])]

    def _grade_rates(self, rate: FloatArray, factor: FloatArray) -> IntArray:
        rules = (
            (self.no_target_substantial * factor, _SUBSTANTIAL),
            (self.no_target_moderate * factor, _MODERATE),
            (0.0, _LIMITED),
        )
        return _cascade(rate, rules, _DETERIORATION)

    def judge(self, track: Track) -> Judgement:
        """The verdict on one target's numbers (see the class description).

        Args:
            track: Baseline, latest value and target.

        Returns:
            The verdict with the rates and the ratio it rests on.

        Examples:
            >>> CountyMethod().judge(Track(latest=5.0, target=3.0, met=True)).verdict.value
            'achieved'
        """
        return self.judge_arrays(Tracks.of([track])).row(0)

    def judge_arrays(self, tracks: Tracks) -> Judgements:
        """:meth:`judge` on arrays: every branch, for many targets at once."""
        out = Judgements.empty(len(tracks))
        with np.errstate(all="ignore"):
            r = _judge_target(
                tracks,
                out,
                lambda r: (r.actual / r.required, tracks.sense * r.required <= 0),
                _DETERIORATION,
                _grader(self),
                _SUBSTANTIAL,
                _MODERATE,
            )
            self._without_target(tracks, out, r)
        out.verdict[np.isnan(tracks.target) & ~r.usable & tracks.met] = _ACHIEVED
        return out

    def _without_target(self, t: Tracks, out: Judgements, r: _Rates) -> None:
        """No target: the trend alone (relative, for linear indicators too), graded with
        thresholds scaled down where a natural limit leaves less room than they ask for."""
        free = np.isnan(t.target) & r.usable
        zero = free & r.linear & (t.baseline <= 0)
        rows = np.flatnonzero(free & ~zero)
        out.flag("linear_fallback", free & r.fallback)
        out.flag("zero_baseline", zero)
        part, linear, years = t.take(rows), r.linear[rows], r.years[rows]
        relative = _where(
            linear,
            r.actual[rows],
            lambda *a: _fraction(arithmetic_average_rate(*a)),
            part.baseline,
            part.latest,
            years,
        )
        if _paired(type(self), "limit_factor", "_limit_factors"):
            factor = self._limit_factors(part, linear)
        else:  # a subclass's own limit_factor, one element at a time
            factors = [self.limit_factor(part.row(i), bool(linear[i])) for i in range(len(part))]
            factor = np.array([math.nan if f is None else f for f in factors], dtype=np.float64)
        scaled = ~np.isnan(factor)
        good, scale = relative * part.sense, np.where(scaled, factor, 1.0)
        if _paired(type(self), "grade_rate", "_grade_rates"):
            verdict = self._grade_rates(good, scale)
        else:  # a subclass's own grade_rate
            pairs = zip(good.tolist(), scale.tolist(), strict=True)
            verdict = np.array([CODE[self.grade_rate(g, f)] for g, f in pairs], dtype=np.int64)
        out.verdict[rows] = verdict
        out.actual_rate[rows] = relative
        limited = np.zeros(len(t), dtype=bool)
        limited[rows] = scaled & (factor < 1)
        out.flag("limit_scaled", limited)


# -- Open SDG: exactly sdg-build's ProgressMeasure --------------------------------------------
#: sdg-build's exponent of the limit coefficient ``C = 1 − (b/L)^4.44``.
SDG_LIMIT_EXPONENT = 4.44
#: What sdg-build puts in place of a base value (or target) of zero.
SDG_ZERO = 0.001


@runtime_checkable
class Scored(Protocol):
    """Anything with a ``score`` and a ``verdict``: a :class:`Judgement` or an
    :class:`~fyp_planning.Assessment`, for :meth:`fyp_planning.OpenSDGMethod.aggregate`."""

    @property
    def score(self) -> float | None: ...  # pragma: no cover

    @property
    def verdict(self) -> Verdict: ...  # pragma: no cover


def _sdg_growth(
    end: FloatArray, start: FloatArray, t_end: FloatArray, t_start: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """sdg-build's ``growth_calculation`` — ``((end / start) ** (1 / (t_end − t_start))) − 1``
    — on arrays, and its absolute value. Python's ``**`` of a negative ratio to a non-integer
    power is a complex number (the principal root); its growth is then NaN here and its
    absolute value ``|root − 1|`` is computed as Python's complex power computes it. NaN where
    Python would raise (a zero span)."""
    span = t_end - t_start
    exponent = np.where(span != 0, 1.0 / np.where(span != 0, span, 1.0), np.nan)
    ratio = end / start
    real = (ratio >= 0) | (exponent == np.floor(exponent))
    growth = np.where(real, np.power(ratio, exponent) - 1, np.nan)
    size = np.power(np.abs(ratio), exponent)
    phase = math.pi * exponent  # atan2(0, negative) is π
    root_minus_one = np.hypot(size * np.cos(phase) - 1, size * np.sin(phase))
    return growth, np.where(real, np.abs(growth), root_minus_one)


@attrs.frozen
class OpenSDGMethod(_MethodLabels):
    """Exactly what sdg-build's ``ProgressMeasure`` computes (Open SDG 进展测度，sdg-build 原法).

    Transcribed from open-sdg/sdg-build, ``sdg/ProgressMeasure.py`` (commit ``139fede``),
    class ``SeriesProgress`` and the module's functions; its oddities are kept. For one
    series, with ``b`` the base value, ``x`` the current (latest) value, ``T`` the target,
    ``by``, ``cy``, ``ty`` the base, current and target years (whole years: a part-year value
    counts for its calendar year) and ``d`` the direction (+1 higher is better, −1 lower):

    * the base year is the plan's; when it has no value, the first later year with one
      (:attr:`~fyp_planning.evaluation.Track.next_baseline`, flag ``base_year_moved``);
    * a target of 0 becomes 0.001 (flag ``target_zero_replaced``);
    * target achieved when ``d = −1`` and ``x ≤ T``, or ``d = +1`` and ``x ≥ T`` — even at the
      base year; its status is ``target_achieved`` (已完成) and its score 5;
    * ``sign = −1`` if ``b < 0`` else 1; then a base of 0 becomes 0.001 (flag
      ``zero_base_replaced``); ``b`` and ``x`` of opposite signs, or ``cy − by < 1``: no
      measure (数据不足, flags ``sign_change``, ``no_progress_data``);
    * ``growth(v1, v0, t1, t0) = (v1 / v0) ** (1 / (t1 − t0)) − 1`` (compound for every
      series, shares and counts included);
    * with a target: ``p = sign · d · growth(x, b, cy, by) / |growth(T, b, ty, by)|``, graded
      ``p ≥ 0.95`` substantial, ``≥ 0.6`` moderate, ``≥ 0`` limited, else deterioration
      (``substantial``, ``moderate``, ``limited``); the limit is ignored;
    * without a target: ``p = sign · d · growth(x, b, cy, by)``, graded ``≥ 0.015 C``,
      ``≥ 0.005 C``, ``≥ 0 C`` (``no_target_*``), where, with a limit ``L`` and
      ``β = |b|``, ``λ = |L|`` (the base before 0 → 0.001): ``C = 1`` if ``β ≥ 2λ``,
      ``C = 1 − (β/λ)^4.44`` if ``β ≤ λ``, else ``C = 1 − ((2λ − β)/λ)^4.44``; ``C = 1``
      without a limit (flag ``limit_scaled`` when ``C < 1``);
    * the score: 5 when the target is achieved; with a target
      ``min(7.1429 p − 4.2857, 5)`` for ``p ≥ 0.6`` (moderate threshold), else
      ``max(4.1667 p − 2.5, −5)``; without one ``max(125 p − 2.5, −5)`` for ``p`` below the
      low threshold, else 5 if ``C = 0``, else ``min(500 p / C − 5, 5)`` (``p ≥`` high),
      ``250 p / C − 1.25`` (``p ≥`` med), ``500 p / C − 2.5``;
    * for an indicator (several series): :meth:`aggregate`, the mean score.

    What sdg-build cannot compute (it raises) is insufficient data here: a required rate of
    zero (a target equal to the base, a target year equal to the base year: flag
    ``no_required_rate``) unless the target is achieved (sdg-build raises even then: the one
    place where ``opensdg`` gives a verdict sdg-build does not); a progress value past a float
    (sdg-build's would be infinite or NaN; flag ``cannot_compute``); a base year after every
    value (flag ``no_baseline``). A finite progress value resting on an infinite required rate
    is graded as sdg-build grades it (the rate itself is not shown). Not sdg-build's,
    and unavoidable here: the plan's data decide the direction (a target's comparator, else
    the indicator's), the target (a growth rate becomes the level it implies) and the
    limit (the indicator's natural limit, e.g. 100 for a share); which observations form the
    series (the engine's choice for every method: a flow's part-year value, 2024年1-9月 of an
    output, is not a level and is set aside, where sdg-build would take it for the year's
    value; a baseline taken from the predecessor plan is a baseline only, never the current
    value); rate targets (增速 each year) are judged year by year on their mean attainment
    (graded with :meth:`grade`, no score). The thresholds are fields (sdg-build's ``progress_thresholds``); the score
    formulas stay those of the default thresholds, as in sdg-build.

    Args:
        substantial: Lowest ``p`` graded substantial, with a target.
        moderate: Lowest ``p`` graded moderate, with a target.
        limited: Lowest ``p`` graded limited, with a target.
        no_target_substantial: Without a target, lowest ``p`` graded substantial (before ``C``).
        no_target_moderate: Without a target, lowest ``p`` graded moderate (before ``C``).
        no_target_limited: Without a target, lowest ``p`` graded limited (before ``C``).

    Examples:
        Base 100 (2020), latest 121 (2022), target 200 (2025): actual growth 10 % a year,
        required 2 ** (1/5) − 1 = 14.87 %, p = 0.1 / 0.1487 = 0.6725, moderate, score
        7.1429 × 0.6725 − 4.2857 = 0.518:

        >>> m = OpenSDGMethod()
        >>> j = m.judge(Track(baseline=100.0, baseline_time=2020.0, latest=121.0,
        ...                   latest_time=2022.0, target=200.0, target_time=2025.0))
        >>> round(j.actual_rate, 4), round(j.required_rate, 4), round(j.ratio, 4), j.verdict.label
        (0.1, 0.1487, 0.6725, '进展中等')
        >>> round(j.score, 3)
        0.518

        No target, a share at 90 % of its limit 100 growing 1 % a year: C = 1 − 0.9 ** 4.44 =
        0.3736, thresholds 0.56 % / 0.19 % / 0, substantial; score min(500 × 0.01 / C − 5, 5):

        >>> j = m.judge(Track(baseline=90.0, baseline_time=2020.0, latest=90.9,
        ...                   latest_time=2021.0, limit=100.0))
        >>> j.verdict.label, j.score, j.flags
        ('进展显著', 5.0, ('limit_scaled',))
    """

    name: ClassVar[str] = "opensdg"
    text: ClassVar[Message] = Message("evaluation.method.opensdg")

    substantial: float = 0.95
    moderate: float = 0.6
    limited: float = 0.0
    no_target_substantial: float = 0.015
    no_target_moderate: float = 0.005
    no_target_limited: float = 0.0

    @staticmethod
    def limit_coefficient(base: float, limit: float) -> float:
        """sdg-build's coefficient ``C`` reducing the no-target thresholds near a limit.

        Examples:
            >>> round(OpenSDGMethod.limit_coefficient(90.0, 100.0), 4)
            0.3736
            >>> OpenSDGMethod.limit_coefficient(100.0, 100.0), OpenSDGMethod.limit_coefficient(250.0, 100.0)
            (0.0, 1.0)
            >>> round(OpenSDGMethod.limit_coefficient(110.0, 100.0), 4)  # the mirror above L
            0.3736
        """
        return float(_sdg_coefficient(np.array([base]), np.array([limit]))[0])

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        """sdg-build's status for a progress value ``p`` with a target (``binding_shortfall``
        is ignored: sdg-build has no binding indicators).

        Examples:
            >>> m = OpenSDGMethod()
            >>> m.grade(0.95).label, m.grade(0.9499999).label, m.grade(-0.01).label
            ('进展显著', '进展中等', '倒退')
        """
        return _grade_one(self, ratio, binding_shortfall)

    def grade_array(self, ratio: FloatArray, shortfall: BoolArray) -> IntArray:
        """:meth:`grade` on arrays: indices in :data:`~fyp_planning.evaluation.VERDICTS`."""
        n = len(ratio)
        return _sdg_status(
            ratio,
            np.full(n, self.substantial),
            np.full(n, self.moderate),
            np.full(n, self.limited),
        )

    def judge(self, track: Track) -> Judgement:
        """sdg-build's status and score for one series (see the class description).

        Examples:
            Base 0 becomes 0.001: from 0 to 2 in a year is growth 1999 (199,900 %):

            >>> j = OpenSDGMethod().judge(Track(baseline=0.0, baseline_time=2020.0, latest=2.0,
            ...                                 latest_time=2021.0))
            >>> j.verdict.value, round(j.actual_rate), j.score, j.flags
            ('substantial', 1999, 5.0, ('zero_base_replaced',))
        """
        return self.judge_arrays(Tracks.of([track])).row(0)

    def judge_arrays(self, tracks: Tracks) -> Judgements:
        """:meth:`judge` on arrays: every branch, for many series at once."""
        t, n = tracks, len(tracks)
        out = Judgements.empty(n)
        out.score = np.full(n, np.nan)
        with np.errstate(all="ignore"):
            d = np.where(t.sense > 0, 1.0, -1.0)
            own = ~np.isnan(t.baseline)
            b0 = np.where(own, t.baseline, t.next_baseline)
            base_time = np.where(own, t.baseline_time, t.next_baseline_time)
            by, cy, ty = np.ceil(base_time), np.ceil(t.latest_time), np.ceil(t.target_time)
            x = t.latest
            # the series' data: a base value and a current value not before it
            data = ~np.isnan(b0) & ~np.isnan(x) & (cy >= by)
            target = np.where(t.target == 0, SDG_ZERO, t.target)
            quantitative = ~np.isnan(target)
            achieved = data & quantitative & (((d < 0) & (x <= target)) | ((d > 0) & (x >= target)))
            sign = np.where(b0 < 0, -1.0, 1.0)
            near_limit = ~quantitative & ~np.isnan(t.limit)
            coeff = np.where(near_limit, _sdg_coefficient(b0, t.limit), 1.0)
            high = np.where(quantitative, self.substantial, self.no_target_substantial * coeff)
            med = np.where(quantitative, self.moderate, self.no_target_moderate * coeff)
            low = np.where(quantitative, self.limited, self.no_target_limited * coeff)
            b = np.where(b0 == 0, SDG_ZERO, b0)
            opposite = ((b > 0) & (x < 0)) | ((b < 0) & (x > 0))
            enough = cy - by >= 1
            measured = data & ~opposite & enough
            actual, _ = _sdg_growth(x, b, cy, by)
            required, required_size = _sdg_growth(target, b, ty, by)
            progress = np.where(quantitative, sign * d * actual / required_size, sign * d * actual)
            failed = measured & ~np.isfinite(progress)
            no_required = failed & quantitative & ~(required_size > 0)
            measured &= ~failed
            status = _sdg_status(progress, high, med, low)
            out.verdict[measured] = status[measured]
            out.verdict[achieved] = _ACHIEVED
            shown = measured & np.isfinite(actual)
            out.actual_rate[shown] = actual[shown]
            aimed = measured & quantitative & np.isfinite(required)  # shown when finite
            out.required_rate[aimed] = required[aimed]
            aimed = measured & quantitative
            out.ratio[aimed] = progress[aimed]
            score = _sdg_score(progress, quantitative, coeff, high, med, low)
            out.score[measured] = score[measured]
            out.score[achieved] = 5.0
        out.flag("base_year_moved", data & ~own)
        out.flag("target_zero_replaced", quantitative & (t.target == 0))
        out.flag("zero_base_replaced", data & (b0 == 0) & ~achieved)
        out.flag("sign_change", data & opposite & ~achieved)
        out.flag("no_progress_data", data & ~opposite & ~enough & ~achieved)
        out.flag("no_required_rate", no_required & ~achieved)
        out.flag("cannot_compute", failed & ~no_required & ~achieved)
        out.flag("limit_scaled", data & near_limit & (coeff < 1))
        return out

    @staticmethod
    def status_of_score(score: float | None, achieved: bool = False) -> Verdict:
        """sdg-build's ``get_progress_status_from_score``: the status of a (mean) score.

        Examples:
            >>> [OpenSDGMethod.status_of_score(s).label for s in (2.5, 0.0, -0.1, -2.6)]
            ['进展显著', '进展中等', '进展有限', '倒退']
            >>> OpenSDGMethod.status_of_score(None).value
            'insufficient_data'
        """
        if achieved:
            return Verdict.ACHIEVED
        if score is None:
            return Verdict.INSUFFICIENT_DATA
        if 2.5 <= score <= 5:
            return Verdict.SUBSTANTIAL
        if 0 <= score < 2.5:
            return Verdict.MODERATE
        if -2.5 <= score < 0:
            return Verdict.LIMITED
        if -5 <= score < -2.5:
            return Verdict.DETERIORATION
        return Verdict.INSUFFICIENT_DATA  # sdg-build: None, outside −5…5

    @classmethod
    def aggregate(cls, results: Iterable[Scored]) -> tuple[float | None, Verdict]:
        """sdg-build's indicator progress (``IndicatorProgress.get_indicator_progress``): the
        mean score of the series that have one, and its status — achieved only when every
        scored series achieved its target. ``(None, insufficient_data)`` when none has a score.

        sdg-build aggregates to the indicator only (``ProgressMeasure.py`` has no goal level);
        the same mean serves any group of results (an indicator's targets, a plan's).

        Examples:
            >>> j = [Judgement(verdict=Verdict.ACHIEVED, score=5.0),
            ...      Judgement(verdict=Verdict.LIMITED, score=-1.0),
            ...      Judgement(verdict=Verdict.INSUFFICIENT_DATA)]
            >>> score, verdict = OpenSDGMethod.aggregate(j)
            >>> score, verdict.label
            (2.0, '进展中等')
        """
        scored = [r for r in results if r.score is not None]
        if not scored:
            return None, Verdict.INSUFFICIENT_DATA
        score = float(np.mean([r.score for r in scored]))
        achieved = all(r.verdict is Verdict.ACHIEVED for r in scored)
        return score, cls.status_of_score(score, achieved)


def _sdg_coefficient(base: FloatArray, limit: FloatArray) -> FloatArray:
    """sdg-build's limit coefficient on arrays (see :meth:`OpenSDGMethod.limit_coefficient`)."""
    b, lim, a = np.abs(base), np.abs(limit), SDG_LIMIT_EXPONENT
    with np.errstate(all="ignore"):
        below = 1 - np.power(b / lim, a)
        above = 1 - np.power((2 * lim - b) / lim, a)
        coeff: FloatArray = np.where(b >= 2 * lim, 1.0, np.where(b <= lim, below, above))
    return coeff


def _sdg_status(p: FloatArray, high: Any, med: Any, low: Any) -> IntArray:
    """sdg-build's ``get_progress_status`` (the target-achieved case apart): exact comparisons,
    in its order (with thresholds out of order, a value none of them places is not available)."""
    with np.errstate(invalid="ignore"):
        out = np.where(
            p >= high,
            _SUBSTANTIAL,
            np.where(
                (med <= p) & (p < high),
                _MODERATE,
                np.where(
                    (low <= p) & (p < med),
                    _LIMITED,
                    np.where(p < low, _DETERIORATION, _INSUFFICIENT),
                ),
            ),
        )
    status: IntArray = np.asarray(out, dtype=np.int64)
    return status


def _sdg_score(
    p: FloatArray,
    quantitative: BoolArray,
    coeff: FloatArray,
    high: FloatArray,
    med: FloatArray,
    low: FloatArray,
) -> FloatArray:
    """sdg-build's ``SeriesProgress.get_score`` (the target-achieved case apart)."""
    with np.errstate(all="ignore"):
        # method 2 (a target): the same line above med, another below
        upper = np.minimum(7.1429 * p - 4.2857, 5.0)
        lower = np.maximum(4.1667 * p - 2.5, -5.0)
        with_target = np.where((p >= high) | (p >= med), upper, lower)
        # method 1 (no target): thresholds already reduced by C; p normalised by C above low
        falling = np.maximum(125 * p - 2.5, -5.0)
        rising = np.where(
            p >= high,
            np.minimum(500 * p / coeff - 5, 5.0),
            np.where(p >= med, 250 * p / coeff - 1.25, 500 * p / coeff - 2.5),
        )
        without = np.where(p < low, falling, np.where(coeff == 0, 5.0, rising))
        score: FloatArray = np.where(quantitative, with_target, without)
    return score


# -- UNSD ----------------------------------------------------------------------------------
@attrs.frozen
class UNSDMethod(_MethodLabels):
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
    text: ClassVar[Message] = Message("evaluation.method.unsd")

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
        return _grade_one(self, ratio, binding_shortfall)

    def grade_array(self, ratio: FloatArray, shortfall: BoolArray) -> IntArray:
        """:meth:`grade` on arrays: indices in :data:`~fyp_planning.evaluation.VERDICTS`."""
        top = np.where(shortfall, _FAIR, _ON_TRACK)
        return _cascade(ratio, ((self.good, top), (self.fair, _FAIR)), _POOR)

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
        return self.judge_arrays(Tracks.of([track])).row(0)

    def judge_arrays(self, tracks: Tracks) -> Judgements:
        """:meth:`judge` on arrays: every branch, for many targets at once."""
        out = Judgements.empty(len(tracks))
        distance = tracks.target - tracks.baseline
        with np.errstate(all="ignore"):
            _judge_target(
                tracks,
                out,
                lambda r: (
                    (r.projection - tracks.baseline) / distance,
                    tracks.sense * distance <= 0,
                ),
                _POOR,
                _grader(self),
                _ON_TRACK,
                _FAIR,
            )
        out.flag("no_target", np.isnan(tracks.target))
        return out


def _grader(method: ArrayMethod) -> Any:
    """The method's ``grade_array``, or its own ``grade`` per element when a subclass overrides
    ``grade`` alone (the scalar ``judge`` has always graded with ``self.grade``)."""
    if _paired(type(method), "grade", "grade_array"):
        return method.grade_array
    return RowByRow(method).grade_array


def _grade_one(method: ArrayMethod, ratio: float, binding_shortfall: bool) -> Verdict:
    """``grade`` of one ratio, through the method's ``grade_array``."""
    code = method.grade_array(np.array([ratio], dtype=np.float64), np.array([binding_shortfall]))
    return VERDICTS[int(code[0])]


#: The built-in methods by name, for ``fyp progress --method``.
METHODS: dict[str, type[CountyMethod] | type[OpenSDGMethod] | type[UNSDMethod]] = {
    CountyMethod.name: CountyMethod,
    OpenSDGMethod.name: OpenSDGMethod,
    UNSDMethod.name: UNSDMethod,
}


def resolve(method: Method | str | None) -> Method:
    """A method given by name (``"county"``, ``"opensdg"``, ``"unsd"``) or as an object;
    ``None`` is the default, :class:`CountyMethod`.

    Raises:
        ValueError: an unknown name.
        TypeError: an object without ``name``, ``judge`` and ``grade``.
    """
    if method is None:
        return CountyMethod()
    if isinstance(method, str):
        try:
            return METHODS[method]()
        except KeyError:
            raise ValueError(
                f"unknown method {method!r} (未知方法); choose one of {', '.join(METHODS)}"
            ) from None
    if not isinstance(method, Method):
        raise TypeError(f"method must have name, judge and grade; got {method!r}")
    return method
