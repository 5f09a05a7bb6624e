"""Verdicts and assessments: what a progress method concludes about one target, in words.

An :class:`Assessment` keeps every number a verdict rests on — baseline, latest value, the
required and the actual rate, the ratio, the projection — and the flags that qualify it
(part-year data, estimates, a binding indicator falling short), and
:meth:`Assessment.explain` says it in one Chinese (or English) sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

import attrs

from ..model._converters import texts
from ..model.composition import as_quantity
from ..model.enums import ObservationStatus, _TupleStrEnum
from ..model.observation import Observation
from ..model.targets import ChangeTarget, RateTarget, Target
from ..text import Join, Lang, Message
from ..units import AnyQuantity, Quantity
from ._format import rate_text, ratio_text, short, to_dict_value

__all__ = ["FLAGS", "PROGRESS_COLUMNS", "Assessment", "Verdict"]

#: Column labels of :meth:`~fyp_planning.Assessment.cells`, after the indicator's name.
PROGRESS_COLUMNS = ("目标", "基期值", "最新值", "评价", "说明")


class Verdict(_TupleStrEnum):
    """How far a target is from being met, as a progress method sees it.

    Values are ASCII ids; :attr:`text` is the label as a catalogue message
    (``evaluation.verdict.<value>``), :attr:`label` its Chinese, :attr:`label_en` its English,
    and :attr:`rank` orders verdicts from worse to better (``insufficient_data`` is -1).
    The Open SDG method uses achieved / substantial / moderate / limited / deterioration; the
    UNSD method achieved / on_track / fair / poor.

    Examples:
        >>> Verdict.MODERATE.label, Verdict.MODERATE.label_en
        ('进展中等', 'moderate progress')
        >>> Verdict("on_track").rank > Verdict.FAIR.rank
        True
    """

    text: Message
    rank: int

    if not TYPE_CHECKING:  # see model.enums._TupleStrEnum

        def __new__(cls, value: str, text: Message, rank: int) -> Self:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.text = text
            obj.rank = rank
            return obj

    ACHIEVED = ("achieved", Message("evaluation.verdict.achieved"), 4)
    SUBSTANTIAL = ("substantial", Message("evaluation.verdict.substantial"), 3)
    MODERATE = ("moderate", Message("evaluation.verdict.moderate"), 2)
    LIMITED = ("limited", Message("evaluation.verdict.limited"), 1)
    DETERIORATION = ("deterioration", Message("evaluation.verdict.deterioration"), 0)
    ON_TRACK = ("on_track", Message("evaluation.verdict.on_track"), 3)
    FAIR = ("fair", Message("evaluation.verdict.fair"), 2)
    POOR = ("poor", Message("evaluation.verdict.poor"), 1)
    INSUFFICIENT_DATA = ("insufficient_data", Message("evaluation.verdict.insufficient_data"), -1)

    @property
    def label(self) -> str:
        """The Chinese label, such as ``进展中等``."""
        return _label(self, "zh")

    @property
    def label_en(self) -> str:
        """The English label, such as ``moderate progress``."""
        return _label(self, "en")


@functools.cache
def _label(verdict: Verdict, lang: Lang) -> str:
    """A verdict's label, rendered once: a batch labels every row, and a catalogue id never
    changes its text (register_messages refuses)."""
    return verdict.text.render(lang)


#: Every flag an assessment (or a review row) may carry, with what it means.
FLAGS: dict[str, str] = {
    "no_observations": "no usable observation at all (up to as_of)",
    "no_baseline": "no usable observation in the base year",
    "no_progress_data": "no observation after the baseline (up to as_of)",
    "no_target": "the method needs a quantitative target",
    "zero_baseline": "the baseline is zero or negative: relative rates are undefined",
    "unit_not_stated": "only observations without a stated unit were available; none was used",
    "target_unit_not_stated": "the target's value has no stated unit; it was not used",
    "partial_period": "the latest value covers part of a year",
    "estimate": "the latest value is an estimate (预计)",
    "preliminary": "the latest value is preliminary (初步)",
    "baseline_partial": "the baseline covers part of a year",
    "baseline_estimate": "the baseline is an estimate (预计)",
    "baseline_preliminary": "the baseline is preliminary (初步)",
    "baseline_inherited": "the plan has no base-year value of its own: its predecessor's is the baseline",
    "part_year_flow": "a flow's later part-year value is not a level: set aside, not the latest value",
    "bound": "a value used is a bound (以上 / 以下), not an exact figure",
    "linear_fallback": "compound rates are undefined (zero or negative values): linear rates used",
    "direction_mismatch": "the target's comparator points against the indicator's direction",
    "target_year_passed": "the target year is reached and the target is not met",
    "binding_shortfall": "a binding (约束性) indicator is projected to miss its target",
    "missing_years": "years of a rate target without an observation",
    "missed_years": "years of a rate target whose value missed the target",
    "conflicting_values": "several different values for the same year",
    "limit_scaled": "no target: the growth thresholds were scaled down near the natural limit",
    "cannot_compute": "the values are too far apart for a rate to be computed (it overflows)",
    "base_year_moved": "opensdg: the base year has no value; the next year with one is the base",
    "zero_base_replaced": "opensdg: the base value is zero; sdg-build computes with 0.001",
    "target_zero_replaced": "opensdg: the target is zero; sdg-build computes with 0.001",
    "sign_change": "opensdg: the base and the latest value have opposite signs: no measure",
    "no_required_rate": "opensdg: the required rate is zero (target equal to the base, or the"
    " target year the base year): sdg-build cannot compute a ratio",
}

#: Notes on the data an explanation ends with, in this order: flag -> message (the notes with
#: arguments are made by :meth:`Assessment._note`).
_NOTES: dict[str, Message | None] = {
    "no_baseline": Message("evaluation.assessment.note.no_baseline"),
    "baseline_inherited": None,
    "partial_period": None,
    "part_year_flow": None,
    "estimate": Message("evaluation.assessment.note.estimate"),
    "preliminary": Message("evaluation.assessment.note.preliminary"),
    "baseline_partial": None,
    "baseline_estimate": Message("evaluation.assessment.note.baseline_estimate"),
    "baseline_preliminary": Message("evaluation.assessment.note.baseline_preliminary"),
    "bound": Message("evaluation.assessment.note.bound"),
    "linear_fallback": Message("evaluation.assessment.note.linear_fallback"),
    "direction_mismatch": Message("evaluation.assessment.note.direction_mismatch"),
    "target_year_passed": Message("evaluation.assessment.note.target_year_passed"),
    "limit_scaled": Message("evaluation.assessment.note.limit_scaled"),
    "missing_years": None,
    "base_year_moved": Message("evaluation.assessment.note.base_year_moved"),
    "zero_base_replaced": Message("evaluation.assessment.note.zero_base_replaced"),
    "target_zero_replaced": Message("evaluation.assessment.note.target_zero_replaced"),
}

#: Notes the note on a baseline taken from the predecessor already says (its period, status).
_SAID_BY_INHERITED = frozenset({"baseline_partial", "baseline_estimate", "baseline_preliminary"})

#: Why there is no verdict, by flag, in this order.
_REASONS: dict[str, Message] = {
    "target_unit_not_stated": Message("evaluation.assessment.reason.target_unit_not_stated"),
    "unit_not_stated": Message("evaluation.assessment.reason.unit_not_stated"),
    "no_target": Message("evaluation.assessment.reason.no_target"),
    "no_observations": Message("evaluation.assessment.reason.no_observations"),
    "no_baseline": Message("evaluation.assessment.reason.no_baseline"),
    "zero_baseline": Message("evaluation.assessment.reason.zero_baseline"),
    "no_progress_data": Message("evaluation.assessment.reason.no_progress_data"),
    "cannot_compute": Message("evaluation.assessment.reason.cannot_compute"),
    "sign_change": Message("evaluation.assessment.reason.sign_change"),
    "no_required_rate": Message("evaluation.assessment.reason.no_required_rate"),
}


def _years(
    values: Iterable[tuple[int, AnyQuantity, bool]],
) -> tuple[tuple[int, AnyQuantity, bool], ...]:
    return tuple(values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _observed(obs: Observation) -> str:
    """A value as a note quotes it: ``138家``, ``预计4.6亿元``, ``3.08%（2020年1-9月）``."""
    status = "" if obs.status is ObservationStatus.ACTUAL else obs.status.label
    period = f"（{obs.period}）" if obs.period.is_partial else ""
    return f"{status}{short(as_quantity(obs.value))}{period}"


@attrs.frozen(kw_only=True)
class Assessment:
    """What a progress method concludes about one target of a plan (or one indicator without
    a target), with every number the verdict rests on.

    Rates are quantities: relative rates in percent (compound growth), or changes per year in
    the indicator's unit for linear indicators (``百分点/年`` for shares, ``家/年`` for counts).

    Attributes:
        indicator: Id of the indicator.
        target: The target judged, or ``None`` for an indicator without a target.
        method: Name of the method (``county``, ``opensdg`` or ``unsd``).
        verdict: The verdict.
        baseline: The observation used as the baseline, if any.
        latest: The latest observation used (at or before ``as_of``), if any.
        baseline_value: The baseline in the indicator's unit.
        latest_value: The latest value in the indicator's unit.
        target_value: The level the target asks for in the indicator's unit (for growth
            targets the level the rate implies; for coverage 100 %); ``None`` for rate targets.
        required_rate: The annual rate needed from the baseline to reach the target on time.
        actual_rate: The annual rate realised from the baseline to the latest value.
        projection: The latest value carried forward at the actual rate to the target year.
        ratio: The method's ratio (county, opensdg: actual / required rate — for opensdg
            sdg-build's progress value, signed by the direction; UNSD: share of the
            baseline→target distance the projection covers; rate targets: the mean yearly
            attainment); 1 means exactly on pace.
        score: The progress score, −5 to 5, of methods that give one (``opensdg``: sdg-build's
            score; :meth:`fyp_planning.OpenSDGMethod.aggregate` averages them), else ``None``.
        elapsed: Share of the baseline→target-year span elapsed at the latest value (0–1).
        completion: Share of the baseline→target distance covered by the latest value (below
            0 when it moved away, above 1 when it overshot).
        flags: ASCII flags qualifying the verdict; see
            :data:`~fyp_planning.evaluation.assessment.FLAGS`.
        binding: Whether the indicator is binding (约束性).
        yearly: For rate targets: ``(year, value, met)`` for each year judged.
        missing_years: For rate targets: years up to ``as_of`` without an observation.
        baseline_origin: Where the baseline comes from when it is not the plan's own value:
            the predecessor plan (``十三五规划``); ``None`` for the plan's own.
        baseline_others: The predecessor's other, different values of the base year, beside
            the one used (133家 beside 138家).
        set_aside: A flow's part-year value later than the latest value (2024年1-9月 after
            the whole 2023): not a level, so not the latest value; the explanation says so.
        same_period: The same months of an earlier year as :attr:`set_aside`, if observed.
        same_period_growth: The growth from :attr:`same_period` to :attr:`set_aside`, in
            percent (同比).

    Examples:
        >>> from fyp_planning import Assessment, Verdict, parse_quantity
        >>> a = Assessment(indicator="output", target=None, method="opensdg",
        ...                verdict=Verdict.MODERATE, actual_rate=parse_quantity("1.2%"))
        >>> a.explain()
        '无量化目标，年均增长1.20%：进展中等'
        >>> a.explain("en")
        'no target; growth of 1.20% a year: moderate progress'
    """

    indicator: str
    target: Target | None
    method: str
    verdict: Verdict = attrs.field(validator=attrs.validators.instance_of(Verdict))
    baseline: Observation | None = None
    latest: Observation | None = None
    baseline_value: AnyQuantity | None = None
    latest_value: AnyQuantity | None = None
    target_value: AnyQuantity | None = None
    required_rate: AnyQuantity | None = None
    actual_rate: AnyQuantity | None = None
    projection: AnyQuantity | None = None
    ratio: float | None = None
    score: float | None = None
    elapsed: float | None = None
    completion: float | None = None
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)
    binding: bool = False
    yearly: tuple[tuple[int, AnyQuantity, bool], ...] = attrs.field(default=(), converter=_years)
    missing_years: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    baseline_origin: str | None = None
    baseline_others: tuple[Observation, ...] = attrs.field(default=(), converter=tuple)
    set_aside: Observation | None = None
    same_period: Observation | None = None
    same_period_growth: AnyQuantity | None = None

    @property
    def years_missed(self) -> tuple[int, ...]:
        """Years of a rate target whose value missed the target."""
        return tuple(y for y, _, met in self.yearly if not met)

    # -- words ------------------------------------------------------------------------------
    def explain(self, lang: str = "zh") -> str:
        """The verdict in one sentence: ``需年均增长8.67%，实际7.20%，比值0.83：进展中等``.

        Args:
            lang: ``"zh"`` (default) or ``"en"``.

        Returns:
            The reasoning, then the verdict, then notes on the data in brackets (part-year or
            estimated values, a binding indicator's shortfall, ...).

        Raises:
            ValueError: ``lang`` is neither ``"zh"`` nor ``"en"``.

        Examples:
            >>> from fyp_planning import Assessment, LevelTarget, Verdict, parse_quantity
            >>> target = LevelTarget(indicator="output", year=2025, value=parse_quantity("300亿元"))
            >>> a = Assessment(indicator="output", target=target, method="opensdg",
            ...                verdict=Verdict.MODERATE, required_rate=parse_quantity("8.67%"),
            ...                actual_rate=parse_quantity("7.2%"), ratio=0.83)
            >>> a.explain()
            '需年均增长8.67%，实际7.20%，比值0.83：进展中等'
            >>> a.explain("en")
            'needs growth of 8.67% a year, actual 7.20%, ratio 0.83: moderate progress'
        """
        return self.text.render(lang)

    @property
    def text(self) -> Message:
        """The explanation as a catalogue message (``evaluation.assessment.explain``), which
        :meth:`explain` says; its numbers are kept as arguments."""
        notes = self._notes()
        return Message(
            "evaluation.assessment.explain",
            core=self._core(),
            verdict=self.verdict.text,
            notes=Message("evaluation.assessment.notes", notes=Join(notes, sep="clause"))
            if notes
            else "",
        )

    def _target_text(self) -> Message | str:
        tgt = self.target
        if tgt is None:
            return ""
        text = tgt.describe()
        if self.target_value is not None and (tgt.from_base or tgt.kind == "coverage"):
            level = f"{tgt.year}年{short(self.target_value)}"
            return Message("evaluation.assessment.target_level", target=text, level=level)
        return text

    def _core(self) -> Message | Join:
        if self.verdict is Verdict.INSUFFICIENT_DATA:
            # the reasons that apply, less those another one already implies
            found = [f for f in _REASONS if f in self.flags]
            if "no_target" in found:
                found = ["no_target"]
            if "no_observations" in found or "unit_not_stated" in found:
                found = [f for f in found if f != "no_baseline"]
            if not found:
                return Message("evaluation.assessment.no_usable_data")
            reasons = [_REASONS[f] for f in found]
            if isinstance(self.target, ChangeTarget) and "no_baseline" in found:
                # the change cannot become a level: say so, naming the change
                reasons[found.index("no_baseline")] = Message(
                    "evaluation.assessment.reason.change_no_baseline",
                    target=self.target.describe(),
                )
            return Join(reasons, sep="comma")
        if self.yearly or isinstance(self.target, RateTarget):
            return self._yearly_text()
        if self.verdict is Verdict.ACHIEVED and self.latest_value is not None:
            return Message(
                "evaluation.assessment.achieved",
                latest=short(self.latest_value),
                period=str(self.latest.period) if self.latest else "",
                target=self._target_text(),
            )
        if self.target is None:
            return Message(
                "evaluation.assessment.no_target", rate=self._rate_phrase(self.actual_rate)
            )
        if self.ratio is None:
            return Message(
                "evaluation.assessment.baseline_met",
                target=self._target_text(),
                latest=short(self.latest_value),
            )
        core = self._progress_text()
        if isinstance(self.target, ChangeTarget) and self.target_value is not None:
            # a change is judged as the level it implies: say which
            goal = Message(
                "evaluation.assessment.change_goal",
                target=self.target.describe(),
                year=self.target.year,
                level=short(self.target_value),
            )
            return Join((goal, core), sep="clause")
        return core

    def _progress_text(self) -> Message:
        assert self.target is not None and self.ratio is not None
        if self.method == "unsd":
            return Message(
                "evaluation.assessment.projection",
                rate=self._rate_phrase(self.actual_rate),
                year=self.target.year,
                projection=short(self.projection),
                ratio=ratio_text(self.ratio),
            )
        return self._ratio_text()

    def _rate_phrase(self, rate: AnyQuantity | None, bare: bool = False) -> Message | str:
        """``增长8.67%`` / ``growth of 8.67%``; with ``bare`` only ``8.67%``."""
        if rate is None:
            return "—"
        size = rate_text(rate)
        if bare:
            return size
        linear = "year" in dict(rate.unit_items())
        if rate.magnitude >= 0:
            if linear:
                return Message("evaluation.rate.increase", size=size)
            return Message("evaluation.rate.growth", size=size)
        if linear:
            return Message("evaluation.rate.decrease", size=size)
        return Message("evaluation.rate.decline", size=size)

    def _ratio_text(self) -> Message:
        req, act = self.required_rate, self.actual_rate
        same_sign = act is None or req is None or (act.magnitude >= 0) == (req.magnitude >= 0)
        return Message(
            "evaluation.assessment.ratio",
            need=self._rate_phrase(req),
            actual=self._rate_phrase(act, bare=same_sign),
            ratio=ratio_text(self.ratio) if self.ratio is not None else "—",
        )

    def _yearly_text(self) -> Message:
        years = []
        for year, value, met in self.yearly:
            if met:
                years.append(
                    Message("evaluation.assessment.year_met", year=year, value=short(value))
                )
            else:
                years.append(
                    Message("evaluation.assessment.year_missed", year=year, value=short(value))
                )
        return Message(
            "evaluation.assessment.yearly",
            target=self.target.describe() if self.target else "",
            years=Join(years, sep="comma"),
            ratio=ratio_text(self.ratio) if self.ratio is not None else "—",
        )

    def _note(self, flag: str) -> Message | Join:
        """The note a flag adds to the explanation."""
        said = _NOTES[flag]
        if said is not None:
            return said
        if flag == "partial_period":
            period = str(self.latest.period) if self.latest else ""
            return Message("evaluation.assessment.note.partial_period", period=period)
        if flag == "baseline_partial":
            period = str(self.baseline.period) if self.baseline else ""
            return Message("evaluation.assessment.note.baseline_partial", period=period)
        if flag == "baseline_inherited":
            return self._inherited_note()
        if flag == "part_year_flow":
            return self._set_aside_note()
        return Message("evaluation.assessment.note.missing_years", years=Join(self.missing_years))

    def _inherited_note(self) -> Message | Join:
        """基期值取自十三五规划（2020年，预计）, and the predecessor's other values."""
        base = self.baseline
        if base is None:
            return Message("evaluation.assessment.note.no_baseline")
        when = str(base.period)
        when += "" if base.period.is_partial else "年"
        if base.status is not ObservationStatus.ACTUAL:
            when += f"，{base.status.label}"
        origin = self.baseline_origin or ""
        said = Message("evaluation.assessment.note.baseline_inherited", origin=origin, when=when)
        if not self.baseline_others:
            return said
        others = Join([_observed(o) for o in self.baseline_others], sep="list")
        conflict = Message(
            "evaluation.assessment.note.baseline_conflict",
            origin=origin,
            others=others,
            value=_observed(base),
        )
        return Join([said, conflict], sep="clause")

    def _set_aside_note(self) -> Message | Join:
        """2024年1-9月160亿元为部分年度流量，未作为最新水平, and its growth on the same months."""
        part = self.set_aside
        if part is None:
            return Join([])
        value = short(as_quantity(part.value))
        said = Message(
            "evaluation.assessment.note.part_year_flow", period=str(part.period), value=value
        )
        if self.same_period is None or self.same_period_growth is None:
            return said
        growth = self.same_period_growth
        size = rate_text(Quantity(abs(growth.magnitude), growth.units))
        change = Message(
            "evaluation.rate.growth" if growth.magnitude >= 0 else "evaluation.rate.decline",
            size=size,
        )
        same = Message(
            "evaluation.assessment.note.same_period",
            period=str(part.period),
            value=value,
            earlier=str(self.same_period.period),
            change=change,
        )
        return Join([said, same], sep="clause")

    def _notes(self) -> list[Message | Join]:
        notes: list[Message | Join] = []
        if self.score is not None:
            notes.append(Message("evaluation.assessment.note.score", score=f"{self.score:.2f}"))
        if "binding_shortfall" in self.flags:
            if self.years_missed:
                notes.append(
                    Message(
                        "evaluation.assessment.note.binding_missed", years=Join(self.years_missed)
                    )
                )
            else:
                notes.append(Message("evaluation.assessment.note.binding_off_pace"))
        insufficient = self.verdict is Verdict.INSUFFICIENT_DATA
        inherited = "baseline_inherited" in self.flags  # its note says the period and status
        for flag in _NOTES:
            if flag not in self.flags or (insufficient and flag in _REASONS):
                continue
            if inherited and flag in _SAID_BY_INHERITED:
                continue
            notes.append(self._note(flag))
        return notes

    def cells(self) -> list[str]:
        """The assessment as table cells: 目标, 基期值, 最新值, 评价, 说明.

        The column labels are :data:`~fyp_planning.evaluation.assessment.PROGRESS_COLUMNS`.

        Examples:
            >>> from fyp_planning import Assessment, Verdict
            >>> Assessment(indicator="output", target=None, method="opensdg",
            ...            verdict=Verdict.INSUFFICIENT_DATA, flags=["no_observations"]).cells()
            ['—', '—', '—', '数据不足', '尚无观测值：数据不足']
        """
        tgt = self.target
        target = f"{tgt.describe()}（{tgt.year}年）" if tgt is not None else "—"
        return [
            target,
            short(self.baseline_value),
            short(self.latest_value),
            self.verdict.label,
            self.explain(),
        ]

    # -- data -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data; quantities as lossless text (``"8.67%"``).

        Examples:
            >>> from fyp_planning import Assessment, Verdict
            >>> d = Assessment(indicator="output", target=None, method="opensdg",
            ...                verdict=Verdict.INSUFFICIENT_DATA, flags=["no_baseline"]).to_dict()
            >>> d["verdict"], d["verdict_label"], d["flags"]
            ('insufficient_data', '数据不足', ['no_baseline'])
        """

        def obs(o: Observation | None) -> dict[str, Any] | None:
            if o is None:
                return None
            return {
                "period": str(o.period),
                "value": to_dict_value(as_quantity(o.value)),
                "status": o.status.value,
                "source": o.source,
            }

        tgt = self.target
        return {
            "indicator": self.indicator,
            "target": None
            if tgt is None
            else {"kind": tgt.kind, "year": tgt.year, "text": tgt.describe(), "source": tgt.source},
            "method": self.method,
            "verdict": self.verdict.value,
            "verdict_label": self.verdict.label,
            "binding": self.binding,
            "baseline": obs(self.baseline),
            "latest": obs(self.latest),
            "baseline_value": to_dict_value(self.baseline_value),
            "latest_value": to_dict_value(self.latest_value),
            "target_value": to_dict_value(self.target_value),
            "required_rate": to_dict_value(self.required_rate),
            "actual_rate": to_dict_value(self.actual_rate),
            "projection": to_dict_value(self.projection),
            "ratio": self.ratio,
            "score": self.score,
            "elapsed": self.elapsed,
            "completion": self.completion,
            "yearly": [
                {"year": y, "value": to_dict_value(v), "met": met} for y, v, met in self.yearly
            ],
            "missing_years": list(self.missing_years),
            "baseline_origin": self.baseline_origin,
            "baseline_others": [obs(o) for o in self.baseline_others],
            "set_aside": obs(self.set_aside),
            "same_period": obs(self.same_period),
            "same_period_growth": to_dict_value(self.same_period_growth),
            "flags": list(self.flags),
            "explanation": self.explain("zh"),
            "explanation_en": self.explain("en"),
        }
