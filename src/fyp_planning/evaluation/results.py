"""The results of :func:`~fyp_planning.assess` and :func:`~fyp_planning.review` as tuples that
are also tables: :class:`Assessments` and :class:`Review` (issue 20).

Each is the tuple the function always returned — it equals, indexes and iterates as before —
carrying the plan it judges, so its table can name every indicator beside its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ..model._tables import FLAGS, INDICATOR, INDICATOR_NAME, PLAN, value_in
from ..model.plan import Plan
from ..tables import Column, Schema, Tabular, joined
from ..units import Quantity, format_unit
from .assessment import Assessment

if TYPE_CHECKING:
    from .review import ReviewRow

_T = TypeVar("_T")

__all__ = ["ASSESSMENTS_TABLE", "DRAFT_TABLE", "REVIEW_TABLE", "Assessments", "Review"]


_TARGET = Column(
    "target", "string", "目标（规范写法，如≥300亿元；无目标为空）", "the target (≥300亿元)"
)
_KIND = Column("target_kind", "string", "目标类型编号（level、growth…）", "target kind id")
_YEAR = Column("year", "int64", "目标年份", "target year")
_UNIT = Column(
    "unit", "string", "指标单位（以下数值均按此计）", "the indicator's unit (of the values)"
)

ASSESSMENTS_TABLE = Schema(
    "assessments",
    "一行一项：每个目标（以及有观测值而无目标的指标）的进展结论",
    "one row per target (and per indicator with observations but no target)",
    (
        PLAN,
        INDICATOR,
        INDICATOR_NAME,
        _TARGET,
        _KIND,
        _YEAR,
        Column("binding", "bool", "是否约束性指标", "binding (约束性)"),
        Column("method", "string", "方法（county、opensdg、unsd）", "method"),
        Column("verdict", "string", "结论编号", "verdict id"),
        Column("verdict_label", "string", "结论（中文）", "the verdict in Chinese"),
        _UNIT,
        Column("baseline_period", "string", "基期", "baseline period"),
        Column("baseline_value", "float64", "基期值", "baseline value"),
        Column("latest_period", "string", "最新一期", "latest period"),
        Column("latest_value", "float64", "最新值", "latest value"),
        Column(
            "latest_status",
            "string",
            "最新值状态（actual、estimate…）",
            "status of the latest value",
        ),
        Column("target_value", "float64", "目标水平（增速目标为其推算值）", "the level aimed at"),
        Column("rate_unit", "string", "速度单位（%为相对速度）", "unit of the rates (% relative)"),
        Column("required_rate", "float64", "所需年均速度", "the rate a year required"),
        Column("actual_rate", "float64", "实际年均速度", "the rate a year achieved"),
        Column("ratio", "float64", "实际/所需之比", "actual over required"),
        Column("score", "float64", "方法的得分（opensdg为−5至5）", "the method's score"),
        Column("completion", "float64", "完成程度（按水平计）", "share of the way to the target"),
        Column("elapsed", "float64", "规划期已过的比例", "share of the period elapsed"),
        FLAGS,
        Column("explanation", "string", "结论的理由", "why, in Chinese"),
        Column("explanation_en", "string", "结论的理由（英文）", "why, in English"),
    ),
)

REVIEW_TABLE = Schema(
    "review",
    "一行一项：上一规划每个目标的完成情况",
    "one row per target of the reviewed plan",
    (
        PLAN,
        INDICATOR,
        INDICATOR_NAME,
        _TARGET,
        _KIND,
        _YEAR,
        _UNIT,
        Column("baseline", "float64", "基期值", "baseline value"),
        Column("target_value", "float64", "目标水平", "the level the target asks for"),
        Column("actual", "float64", "期末实际值", "the end value"),
        Column("actual_period", "string", "期末值的时期", "the end value's period"),
        Column("actual_status", "string", "期末值状态（actual、estimate…）", "its status"),
        Column("actual_source", "string", "期末值出处", "where the document gives it"),
        Column("comparator", "string", "比较方式（>=、<=、=）", "how it is compared"),
        Column("achieved", "bool", "是否完成（未知为空）", "achieved (empty when unknown)"),
        Column("outcome", "string", "结论编号：exceeded、met、missed", "exceeded, met or missed"),
        Column(
            "outcome_label", "string", "是否完成：超额完成、是、否、—", "the outcome in Chinese"
        ),
        Column("gap", "float64", "差距（未完成时，按gap_unit计）", "shortfall, in gap_unit"),
        Column("excess", "float64", "超出（完成时，按gap_unit计）", "excess, in gap_unit"),
        Column("gap_unit", "string", "差距和超出的单位（比重为百分点）", "unit of gap and excess"),
        Column("relative_gap", "float64", "差距占目标的比例", "shortfall over the target"),
        Column("relative_excess", "float64", "超出占目标的比例", "excess over the target"),
        Column(
            "provisional",
            "bool",
            "是否依据预计值或年内部分数据",
            "rests on an estimate or part-year",
        ),
        FLAGS,
        Column("note", "string", "说明", "note"),
    ),
)


DRAFT_TABLE = Schema(
    "draft",
    "一行一个指标：下一期规划目标的推算方式",
    "one row per indicator: how the next plan's target was derived",
    (
        PLAN,
        INDICATOR,
        INDICATOR_NAME,
        Column(
            "method",
            "string",
            "推算方式：rate（按选定速度推目标）、target（按选定目标推速度）、none（不设目标）",
            "rate (target from a chosen rate), target (rate from a chosen level) or none",
        ),
        _UNIT,
        Column("base", "float64", "基数", "base value"),
        Column("base_year", "int64", "基数年份", "year of the base value"),
        Column("rate", "float64", "年均速度，按rate_unit计", "the rate a year, in rate_unit"),
        Column("rate_unit", "string", "速度单位（%，或每年变化量的单位）", "%, or a change a year"),
        Column("level", "float64", "目标水平", "the target level"),
        Column("year", "int64", "目标年份（规划期末）", "target year (the plan's end)"),
        FLAGS,
        Column("explanation", "string", "推算说明", "how it was derived, in Chinese"),
        Column("explanation_en", "string", "推算说明（英文）", "the same in English"),
    ),
)


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
                value_in(a.baseline_value, unit),
                None if a.latest is None else str(a.latest.period),
                value_in(a.latest_value, unit),
                None if a.latest is None else a.latest.status.value,
                value_in(a.target_value, unit),
                None if not isinstance(rate, Quantity) else format_unit(rate.units),
                _magnitude(a.required_rate),
                _magnitude(a.actual_rate),
                a.ratio,
                a.score,
                a.completion,
                a.elapsed,
                joined(a.flags),
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
                value_in(row.baseline, unit),
                value_in(row.target_value, unit),
                value_in(row.actual_value, unit),
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
                joined(row.flags),
                row.note,
            )
