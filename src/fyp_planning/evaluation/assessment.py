"""Verdicts and assessments: what a progress method concludes about one target, in words.

An :class:`Assessment` keeps every number a verdict rests on — baseline, latest value, the
required and the actual rate, the ratio, the projection — and the flags that qualify it
(part-year data, estimates, a binding indicator falling short), and
:meth:`Assessment.explain` says it in one Chinese (or English) sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

import attrs

from ..model._converters import texts
from ..model.enums import _TupleStrEnum
from ..model.observation import Observation
from ..model.targets import RateTarget, Target
from ..units import AnyQuantity
from ._format import rate_text, ratio_text, short, to_dict_value

__all__ = ["FLAGS", "PROGRESS_COLUMNS", "Assessment", "Verdict"]

#: Column labels of :meth:`~fyp_planning.Assessment.cells`, after the indicator's name.
PROGRESS_COLUMNS = ("目标", "基期值", "最新值", "评价", "说明")


class Verdict(_TupleStrEnum):
    """How far a target is from being met, as a progress method sees it.

    Values are ASCII ids; :attr:`label` is the Chinese label, :attr:`label_en` the English
    one, and :attr:`rank` orders verdicts from worse to better (``insufficient_data`` is -1).
    The Open SDG method uses achieved / substantial / moderate / limited / deterioration; the
    UNSD method achieved / on_track / fair / poor.

    Examples:
        >>> Verdict.MODERATE.label, Verdict.MODERATE.label_en
        ('进展中等', 'moderate progress')
        >>> Verdict("on_track").rank > Verdict.FAIR.rank
        True
    """

    label: str
    label_en: str
    rank: int

    if not TYPE_CHECKING:  # see model.enums._TupleStrEnum

        def __new__(cls, value: str, label: str, label_en: str, rank: int) -> Self:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.label = label
            obj.label_en = label_en
            obj.rank = rank
            return obj

    ACHIEVED = ("achieved", "已完成", "achieved", 4)
    SUBSTANTIAL = ("substantial", "进展显著", "substantial progress", 3)
    MODERATE = ("moderate", "进展中等", "moderate progress", 2)
    LIMITED = ("limited", "进展有限", "limited progress", 1)
    DETERIORATION = ("deterioration", "倒退", "deterioration", 0)
    ON_TRACK = ("on_track", "进度正常", "on track", 3)
    FAIR = ("fair", "进度一般", "fair progress", 2)
    POOR = ("poor", "进度滞后", "off track", 1)
    INSUFFICIENT_DATA = ("insufficient_data", "数据不足", "insufficient data", -1)


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
    "bound": "a value used is a bound (以上 / 以下), not an exact figure",
    "linear_fallback": "compound rates are undefined (zero or negative values): linear rates used",
    "direction_mismatch": "the target's comparator points against the indicator's direction",
    "target_year_passed": "the target year is reached and the target is not met",
    "binding_shortfall": "a binding (约束性) indicator is projected to miss its target",
    "missing_years": "years of a rate target without an observation",
    "missed_years": "years of a rate target whose value missed the target",
    "conflicting_values": "several different values for the same year",
    "limit_scaled": "no target: the growth thresholds were scaled down near the natural limit",
}

_NOTES: dict[str, tuple[str, str]] = {
    "no_baseline": ("无基期值", "no baseline"),
    "partial_period": ("最新值为{latest_period}数据", "latest value covers {latest_period} only"),
    "estimate": ("最新值为预计数", "latest value is an estimate"),
    "preliminary": ("最新值为初步数", "latest value is preliminary"),
    "baseline_partial": ("基期值为{base_period}数据", "baseline covers {base_period} only"),
    "baseline_estimate": ("基期值为预计数", "baseline is an estimate"),
    "baseline_preliminary": ("基期值为初步数", "baseline is preliminary"),
    "bound": ("所用数值为下限或上限（以上/以下）", "a value used is a bound"),
    "linear_fallback": (
        "基期或最新值为零或负数，按线性速度计算",
        "rates are linear: a value is zero or negative",
    ),
    "direction_mismatch": (
        "按目标比较符判断，与指标的方向相反",
        "judged by the target's comparator, against the indicator's direction",
    ),
    "target_year_passed": ("目标年已到，目标未完成", "target year reached, target not met"),
    "limit_scaled": (
        "基期值接近自然极限，评价门槛按比例下调",
        "thresholds scaled down near the natural limit",
    ),
    "missing_years": ("缺少{missing}年数据", "no data for {missing}"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "target_unit_not_stated": ("目标值未注明单位", "the target has no stated unit"),
    "unit_not_stated": ("观测值未注明单位", "observations have no stated unit"),
    "no_target": ("该方法需要量化目标", "the method needs a quantitative target"),
    "no_observations": ("尚无观测值", "no observations"),
    "no_baseline": ("缺少基期值", "no baseline value"),
    "zero_baseline": ("基期值为零或负数，无法计算增长率", "the baseline is zero or negative"),
    "no_progress_data": ("尚无基期之后的观测值", "no observation after the baseline"),
}


def _years(
    values: Iterable[tuple[int, AnyQuantity, bool]],
) -> tuple[tuple[int, AnyQuantity, bool], ...]:
    return tuple(values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _years_text(years: tuple[int, ...], zh: bool) -> str:
    return ("、" if zh else ", ").join(str(y) for y in years)


@attrs.frozen(kw_only=True)
class Assessment:
    """What a progress method concludes about one target of a plan (or one indicator without
    a target), with every number the verdict rests on.

    Rates are quantities: relative rates in percent (compound growth), or changes per year in
    the indicator's unit for linear indicators (``百分点/年`` for shares, ``家/年`` for counts).

    Attributes:
        indicator: Id of the indicator.
        target: The target judged, or ``None`` for an indicator without a target.
        method: Name of the method (``opensdg`` or ``unsd``).
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
        ratio: The method's ratio (Open SDG: actual / required rate; UNSD: share of the
            baseline→target distance the projection covers; rate targets: the mean yearly
            attainment); 1 means exactly on pace.
        elapsed: Share of the baseline→target-year span elapsed at the latest value (0–1).
        completion: Share of the baseline→target distance covered by the latest value (below
            0 when it moved away, above 1 when it overshot).
        flags: ASCII flags qualifying the verdict; see
            :data:`~fyp_planning.evaluation.assessment.FLAGS`.
        binding: Whether the indicator is binding (约束性).
        yearly: For rate targets: ``(year, value, met)`` for each year judged.
        missing_years: For rate targets: years up to ``as_of`` without an observation.

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
    elapsed: float | None = None
    completion: float | None = None
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)
    binding: bool = False
    yearly: tuple[tuple[int, AnyQuantity, bool], ...] = attrs.field(default=(), converter=_years)
    missing_years: tuple[int, ...] = attrs.field(default=(), converter=_ints)

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
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', got {lang!r} (语言须为 zh 或 en)")
        zh = lang == "zh"
        core = self._core(zh)
        label = self.verdict.label if zh else self.verdict.label_en
        text = f"{core}：{label}" if zh else f"{core}: {label}"
        notes = self._notes(zh)
        if notes:
            text += f"（{'；'.join(notes)}）" if zh else f" ({'; '.join(notes)})"
        return text

    def _target_text(self, zh: bool) -> str:
        tgt = self.target
        if tgt is None:
            return ""
        text = tgt.describe()
        if self.target_value is not None and tgt.kind in ("growth", "reduction", "coverage"):
            level = f"{tgt.year}年{short(self.target_value)}"
            text += f"（{level}）" if zh else f" ({level})"
        return text

    def _core(self, zh: bool) -> str:
        if self.verdict is Verdict.INSUFFICIENT_DATA:
            # the reasons that apply, less those another one already implies
            found = [f for f in _REASONS if f in self.flags]
            if "no_target" in found:
                found = ["no_target"]
            if "no_observations" in found or "unit_not_stated" in found:
                found = [f for f in found if f != "no_baseline"]
            reasons = [_REASONS[f][0 if zh else 1] for f in found]
            if not reasons:
                return "无可用数据" if zh else "no usable data"
            return ("，" if zh else ", ").join(reasons)
        if self.yearly or isinstance(self.target, RateTarget):
            return self._yearly_text(zh)
        if self.verdict is Verdict.ACHIEVED and self.latest_value is not None:
            period = str(self.latest.period) if self.latest else ""
            if zh:
                return (
                    f"最新值{short(self.latest_value)}（{period}）已达到目标{self._target_text(zh)}"
                )
            return f"latest {short(self.latest_value)} ({period}) meets {self._target_text(zh)}"
        if self.target is None:
            rate = self._rate_phrase(self.actual_rate, zh)
            return f"无量化目标，年均{rate}" if zh else f"no target; {rate} a year"
        if self.ratio is None:
            latest = short(self.latest_value)
            if zh:
                return f"基期已满足目标{self._target_text(zh)}，最新值{latest}已不满足"
            return f"the baseline met {self._target_text(zh)}, the latest value {latest} does not"
        if self.method == "unsd":
            rate = self._rate_phrase(self.actual_rate, zh)
            year = self.target.year
            proj = short(self.projection)
            if zh:
                return f"按当前年均{rate}推算，{year}年将达到{proj}，r={ratio_text(self.ratio)}"
            return f"at the current pace ({rate} a year), {proj} by {year}, r = {ratio_text(self.ratio)}"
        return self._ratio_text(zh)

    def _rate_phrase(self, rate: AnyQuantity | None, zh: bool, bare: bool = False) -> str:
        """``增长8.67%`` / ``growth of 8.67%``; with ``bare`` only ``8.67%``."""
        if rate is None:
            return "—"
        size = rate_text(rate)
        if bare:
            return size
        linear = "year" in dict(rate.unit_items())
        up = rate.magnitude >= 0
        if zh:
            verb = ("增加" if up else "减少") if linear else ("增长" if up else "下降")
            return f"{verb}{size}"
        noun = ("increase" if up else "decrease") if linear else ("growth" if up else "decline")
        return f"{noun} of {size}"

    def _ratio_text(self, zh: bool) -> str:
        req, act = self.required_rate, self.actual_rate
        same_sign = act is None or req is None or (act.magnitude >= 0) == (req.magnitude >= 0)
        need = self._rate_phrase(req, zh)
        actual = self._rate_phrase(act, zh, bare=same_sign)
        ratio = ratio_text(self.ratio) if self.ratio is not None else "—"
        if zh:
            return f"需年均{need}，实际{actual}，比值{ratio}"
        return f"needs {need} a year, actual {actual}, ratio {ratio}"

    def _yearly_text(self, zh: bool) -> str:
        target = self.target.describe() if self.target else ""
        parts = []
        for year, value, met in self.yearly:
            if zh:
                parts.append(f"{year}年{short(value)}{'达标' if met else '未达标'}")
            else:
                parts.append(f"{year} {short(value)} {'met' if met else 'missed'}")
        years = ("，" if zh else ", ").join(parts)
        ratio = ratio_text(self.ratio) if self.ratio is not None else "—"
        if zh:
            return f"目标{target}：{years}；逐年达标程度{ratio}"
        return f"target {target}: {years}; year-by-year attainment {ratio}"

    def _notes(self, zh: bool) -> list[str]:
        notes = []
        if "binding_shortfall" in self.flags:
            if self.years_missed:
                years = _years_text(self.years_missed, zh)
                notes.append(
                    f"约束性指标，{years}年未达标"
                    if zh
                    else f"binding indicator: missed in {years}"
                )
            else:
                notes.append(
                    "约束性指标，按当前速度预计无法按期完成"
                    if zh
                    else "binding indicator: on the current pace the target will be missed"
                )
        fields = {
            "latest_period": str(self.latest.period) if self.latest else "",
            "base_period": str(self.baseline.period) if self.baseline else "",
            "missing": _years_text(self.missing_years, zh),
        }
        insufficient = self.verdict is Verdict.INSUFFICIENT_DATA
        for flag, (note_zh, note_en) in _NOTES.items():
            if flag not in self.flags or (insufficient and flag in _REASONS):
                continue
            notes.append((note_zh if zh else note_en).format(**fields))
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
                "value": to_dict_value(o.value),
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
            "elapsed": self.elapsed,
            "completion": self.completion,
            "yearly": [
                {"year": y, "value": to_dict_value(v), "met": met} for y, v, met in self.yearly
            ],
            "missing_years": list(self.missing_years),
            "flags": list(self.flags),
            "explanation": self.explain("zh"),
            "explanation_en": self.explain("en"),
        }
