"""The results of :func:`~fyp_planning.assess` and :func:`~fyp_planning.review` as tuples that
are also tables: :class:`Assessments` and :class:`Review` (issue 20).

Each is the tuple the function always returned — it equals, indexes and iterates as before —
carrying the plan it judges, so its table can name every indicator beside its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ..model.plan import Plan
from ..tables import Column, Schema, Tabular
from ..units import Quantity, format_unit, is_bare
from .assessment import Assessment

if TYPE_CHECKING:
    from .review import ReviewRow

_T = TypeVar("_T")

__all__ = ["ASSESSMENTS_TABLE", "REVIEW_TABLE", "Assessments", "Review"]


def _c(name: str, dtype: Any, zh: str, en: str) -> Column:
    return Column(name, dtype, zh, en)


_PLAN = _c("plan", "string", "规划编号", "plan id")
_INDICATOR = _c("indicator", "string", "指标编号", "indicator id")
_NAME = _c("indicator_name", "string", "指标名称", "indicator name")
_TARGET = _c(
    "target", "string", "目标（规范写法，如≥300亿元；无目标为空）", "the target (≥300亿元)"
)
_KIND = _c("target_kind", "string", "目标类型编号（level、growth…）", "target kind id")
_YEAR = _c("year", "int64", "目标年份", "target year")
_UNIT = _c("unit", "string", "指标单位（以下数值均按此计）", "the indicator's unit (of the values)")
_FLAGS = _c("flags", "string", "标记（以、分隔，见文档）", "flags, joined by 、 (see the docs)")

ASSESSMENTS_TABLE = Schema(
    "assessments",
    "一行一项：每个目标（以及有观测值而无目标的指标）的进展结论",
    "one row per target (and per indicator with observations but no target)",
    (
        _PLAN,
        _INDICATOR,
        _NAME,
        _TARGET,
        _KIND,
        _YEAR,
        _c("binding", "bool", "是否约束性指标", "binding (约束性)"),
        _c("method", "string", "方法（county、opensdg、unsd）", "method"),
        _c("verdict", "string", "结论编号", "verdict id"),
        _c("verdict_label", "string", "结论（中文）", "the verdict in Chinese"),
        _UNIT,
        _c("baseline_period", "string", "基期", "baseline period"),
        _c("baseline_value", "float64", "基期值", "baseline value"),
        _c("latest_period", "string", "最新一期", "latest period"),
        _c("latest_value", "float64", "最新值", "latest value"),
        _c(
            "latest_status",
            "string",
            "最新值状态（actual、estimate…）",
            "status of the latest value",
        ),
        _c("target_value", "float64", "目标水平（增速目标为其推算值）", "the level aimed at"),
        _c("rate_unit", "string", "速度单位（%为相对速度）", "unit of the rates (% relative)"),
        _c("required_rate", "float64", "所需年均速度", "the rate a year required"),
        _c("actual_rate", "float64", "实际年均速度", "the rate a year achieved"),
        _c("ratio", "float64", "实际/所需之比", "actual over required"),
        _c("score", "float64", "方法的得分（opensdg为−5至5）", "the method's score"),
        _c("completion", "float64", "完成程度（按水平计）", "share of the way to the target"),
        _c("elapsed", "float64", "规划期已过的比例", "share of the period elapsed"),
        _FLAGS,
        _c("explanation", "string", "结论的理由", "why, in Chinese"),
        _c("explanation_en", "string", "结论的理由（英文）", "why, in English"),
    ),
)

REVIEW_TABLE = Schema(
    "review",
    "一行一项：上一规划每个目标的完成情况",
    "one row per target of the reviewed plan",
    (
        _PLAN,
        _INDICATOR,
        _NAME,
        _TARGET,
        _KIND,
        _YEAR,
        _UNIT,
        _c("baseline", "float64", "基期值", "baseline value"),
        _c("target_value", "float64", "目标水平", "the level the target asks for"),
        _c("actual", "float64", "期末实际值", "the end value"),
        _c("actual_period", "string", "期末值的时期", "the end value's period"),
        _c("actual_status", "string", "期末值状态（actual、estimate…）", "its status"),
        _c("actual_source", "string", "期末值出处", "where the document gives it"),
        _c("comparator", "string", "比较方式（>=、<=、=）", "how it is compared"),
        _c("achieved", "bool", "是否完成（未知为空）", "achieved (empty when unknown)"),
        _c("outcome", "string", "结论编号：exceeded、met、missed", "exceeded, met or missed"),
        _c("outcome_label", "string", "是否完成：超额完成、是、否、—", "the outcome in Chinese"),
        _c("gap", "float64", "差距（未完成时，按gap_unit计）", "shortfall, in gap_unit"),
        _c("excess", "float64", "超出（完成时，按gap_unit计）", "excess, in gap_unit"),
        _c("gap_unit", "string", "差距和超出的单位（比重为百分点）", "unit of gap and excess"),
        _c("relative_gap", "float64", "差距占目标的比例", "shortfall over the target"),
        _c("relative_excess", "float64", "超出占目标的比例", "excess over the target"),
        _c(
            "provisional",
            "bool",
            "是否依据预计值或年内部分数据",
            "rests on an estimate or part-year",
        ),
        _FLAGS,
        _c("note", "string", "说明", "note"),
    ),
)


def _in(q: Any, unit: Any) -> float | None:
    """A value in ``unit`` (``None``: no value, or one written without a unit)."""
    if not isinstance(q, Quantity) or is_bare(q) or not q.is_compatible_with(unit):
        return None
    return float(q.to(unit).magnitude)


def _magnitude(q: Any) -> float | None:
    return None if not isinstance(q, Quantity) else float(q.magnitude)


def _fraction(q: Any) -> float | None:
    """A relative figure as a plain fraction (0.2 for 20 %)."""
    if not isinstance(q, Quantity):
        return None if q is None else float(q)
    return float(q.to("dimensionless").magnitude)


class _OfPlan(tuple[_T, ...], Tabular):
    """A tuple of one plan's results that is also a table."""

    plan: Plan | None

    def __new__(cls, items: Iterable[Any] = (), plan: Plan | None = None) -> Self:
        made = super().__new__(cls, items)
        made.plan = plan
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (tuple(self), self.plan))

    def _names(self) -> tuple[str | None, dict[str, str]]:
        if self.plan is None:
            return None, {}
        return self.plan.id, {i.id: i.name for i in self.plan.indicators}

    def _unit(self, indicator: str) -> Any:
        if self.plan is None:
            return None
        try:
            return self.plan.indicator(indicator).unit
        except KeyError:
            return None


class Assessments(_OfPlan[Assessment]):
    """What :func:`~fyp_planning.assess` returns: the assessments of one plan (a tuple, one
    per target, as before) with the plan they judge, and their table (``to_pandas()``).

    Examples:
        >>> import fyp_planning as fp
        >>> result = fp.assess(fp.load("dongkou"))
        >>> isinstance(result, tuple), result.plan.id
        (True, 'dongkou_14th_sti')
        >>> row = result.to_table().rows()[0]
        >>> row["indicator_name"], row["target"], row["unit"]
        ('高新技术企业当年认定数', '≥20个', '个')
    """

    TABLES = (ASSESSMENTS_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        plan_id, names = self._names()
        for a in self:
            unit = self._unit(a.indicator)
            t = a.target
            rate = a.required_rate if a.required_rate is not None else a.actual_rate
            yield (
                plan_id,
                a.indicator,
                names.get(a.indicator),
                None if t is None else t.describe(),
                None if t is None else t.kind,
                None if t is None else t.year,
                a.binding,
                a.method,
                a.verdict.value,
                a.verdict.label,
                None if unit is None else format_unit(unit),
                None if a.baseline is None else str(a.baseline.period),
                _in(a.baseline_value, unit),
                None if a.latest is None else str(a.latest.period),
                _in(a.latest_value, unit),
                None if a.latest is None else a.latest.status.value,
                _in(a.target_value, unit),
                None if not isinstance(rate, Quantity) else format_unit(rate.units),
                _magnitude(a.required_rate),
                _magnitude(a.actual_rate),
                a.ratio,
                a.score,
                a.completion,
                a.elapsed,
                "、".join(a.flags) or None,
                a.explain("zh"),
                a.explain("en"),
            )


class Review(_OfPlan["ReviewRow"]):
    """What :func:`~fyp_planning.review` returns: the rows of the reviewed plan (a tuple, one
    per target, as before) with that plan, and their table (``to_pandas()``).

    Examples:
        >>> import fyp_planning as fp
        >>> rows = fp.review(fp.load("dongkou"))
        >>> rows.plan.id
        'dongkou_13th_sti'
        >>> row = rows.to_table().rows()[0]
        >>> row["indicator_name"], row["outcome_label"]
        ('工业总产值', '否')
    """

    TABLES = (REVIEW_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        plan_id, _ = self._names()
        for r in self:
            row: ReviewRow = r
            unit = self._unit(row.indicator)
            difference = row.gap if row.gap is not None else row.excess
            yield (
                plan_id,
                row.indicator,
                row.name,
                row.target.describe(),
                row.target.kind,
                row.year,
                None if unit is None else format_unit(unit),
                _in(row.baseline, unit),
                _in(row.target_value, unit),
                _in(row.actual_value, unit),
                None if row.actual is None else str(row.actual.period),
                None if row.actual is None else row.actual.status.value,
                None if row.actual is None else row.actual.source,
                row.judged_by.value,
                row.achieved,
                row.outcome,
                row.achieved_text,
                _magnitude(row.gap),
                _magnitude(row.excess),
                None if difference is None else format_unit(difference.units),
                _fraction(row.relative_gap),
                _fraction(row.relative_excess),
                row.provisional,
                "、".join(row.flags) or None,
                row.note,
            )
