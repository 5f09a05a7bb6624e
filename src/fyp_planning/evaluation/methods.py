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

A method may also declare an array implementation (:class:`ArrayMethod`: ``judge_arrays`` on
:class:`Tracks`, ``grade_array``), with which :func:`fyp_planning.assess` and
:class:`fyp_planning.PlanBatch` judge whole columns at once. The built-in methods are written
on arrays only: their ``judge`` and ``grade`` judge a single element. A method without an array
implementation is judged one target at a time (:class:`RowByRow`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
    "TOLERANCE",
    "VERDICTS",
    "ArrayMethod",
    "Judgement",
    "Judgements",
    "Method",
    "OpenSDGMethod",
    "RowByRow",
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
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)


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
        )

    def put(self, rows: IntArray, part: Judgements) -> None:
        """Write ``part`` (judgements of the elements ``rows``) into this one."""
        for name in ("verdict", "required_rate", "actual_rate", "projection", "ratio", "linear"):
            getattr(self, name)[rows] = getattr(part, name)
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


# -- Open SDG ------------------------------------------------------------------------------
@attrs.frozen
class OpenSDGMethod(_MethodLabels):
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
    text: ClassVar[Message] = Message("evaluation.method.opensdg")

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
            >>> OpenSDGMethod().grade(0.6).label, OpenSDGMethod().grade(-0.01).label
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
            >>> OpenSDGMethod().grade_rate(0.015).label, OpenSDGMethod().grade_rate(0.004).label
            ('进展显著', '进展有限')
            >>> OpenSDGMethod().grade_rate(0.004, factor=0.2).label
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
            >>> OpenSDGMethod().judge(Track(latest=5.0, target=3.0, met=True)).verdict.value
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
METHODS: dict[str, type[OpenSDGMethod] | type[UNSDMethod]] = {
    OpenSDGMethod.name: OpenSDGMethod,
    UNSDMethod.name: UNSDMethod,
}


def resolve(method: Method | str | None) -> Method:
    """A method given by name (``"opensdg"``, ``"unsd"``) or as an object; ``None`` is the
    default, Open SDG.

    Raises:
        ValueError: an unknown name.
        TypeError: an object without ``name``, ``judge`` and ``grade``.
    """
    if method is None:
        return OpenSDGMethod()
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
