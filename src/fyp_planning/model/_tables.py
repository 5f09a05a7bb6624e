"""The plan as tidy tables: indicators, observations, targets, statements, enterprises, projects
and parks, one row per thing (private; :class:`~fyp_planning.Plan` is their public face).

Numbers are read into the row's ``unit`` (an observation's value into its indicator's unit); a
figure written without a unit (``31.5``, ``0.87亿``) or a composition is never converted on a
guess: its number is left empty and ``written`` shows it as the document wrote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..tables import Column, Schema, joined
from ..units import Quantity, format_quantity, format_unit, is_bare, parse_unit

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "FLAGS",
    "INDICATOR",
    "INDICATOR_NAME",
    "PLAN",
    "PLAN_TABLES",
    "SOURCE",
    "WRITTEN",
    "plan_rows",
    "value_in",
]


# Columns every table of the plan's things shares (the analyses' tables reuse them).
PLAN = Column("plan", "string", "规划编号", "plan id")
INDICATOR = Column("indicator", "string", "指标编号", "indicator id")
INDICATOR_NAME = Column("indicator_name", "string", "指标名称", "indicator name")
SOURCE = Column("source", "string", "出处（规划文本的章节）", "where the document says it")
WRITTEN = Column(
    "written", "string", "原文写法（含单位）", "as the document writes it, with its unit"
)
FLAGS = Column("flags", "string", "标记（以；分隔，见文档）", "flags, joined by ； (see the docs)")

INDICATORS = Schema(
    "indicators",
    "一行一个指标",
    "one row per indicator",
    (
        PLAN,
        INDICATOR,
        Column("name", "string", "指标名称", "name"),
        Column("name_en", "string", "英文名称", "English name"),
        Column("unit", "string", "单位", "unit"),
        Column("category", "string", "类别", "category"),
        Column("kind", "string", "属性编号：binding 或 anticipatory", "binding or anticipatory"),
        Column(
            "kind_label", "string", "属性：约束性或预期性", "the kind in Chinese (约束性/预期性)"
        ),
        Column("direction", "string", "方向编号：higher 或 lower", "higher or lower is better"),
        Column("direction_label", "string", "方向（中文）", "the direction in Chinese"),
        Column("standard", "string", "标准指标编号（目录）", "standard indicator id (catalogue)"),
        Column(
            "measure", "string", "统计性质：flow、stock、rate、share", "flow, stock, rate or share"
        ),
        SOURCE,
    ),
)

OBSERVATIONS = Schema(
    "observations",
    "一行一个观测值",
    "one row per observed value",
    (
        PLAN,
        INDICATOR,
        INDICATOR_NAME,
        Column("period", "string", "时期（2020、2016-2020、2020年1-9月）", "period as written"),
        Column(
            "first_year", "int64", "起始年份（单年即该年）", "first year (the year itself for one)"
        ),
        Column("year", "int64", "年份（多年期间的末年）", "year (a span's last year)"),
        Column("partial", "bool", "是否为年内部分月份", "whether it covers part of a year"),
        Column(
            "value",
            "float64",
            "数值，按unit计（原文无单位时为空）",
            "value in unit (empty if unitless)",
        ),
        Column("unit", "string", "单位（指标的单位）", "unit (the indicator's)"),
        WRITTEN,
        Column("comparator", "string", "=、>=（以上）或<=（以下）", "=, >= (以上) or <= (以下)"),
        Column(
            "status",
            "string",
            "状态编号：actual、estimate、preliminary",
            "actual, estimate, preliminary",
        ),
        Column("status_label", "string", "状态：实际、预计、初步", "the status in Chinese"),
        SOURCE,
    ),
)

TARGETS = Schema(
    "targets",
    "一行一个目标",
    "one row per target",
    (
        PLAN,
        INDICATOR,
        INDICATOR_NAME,
        Column("position", "int64", "在该指标目标中的序号（键路径targets[n]）", "n of targets[n]"),
        Column("kind", "string", "目标类型编号（level、growth、change…）", "target kind id"),
        Column("kind_label", "string", "目标类型（水平目标、增长目标…）", "the kind in Chinese"),
        Column("year", "int64", "目标年份", "target year"),
        Column("comparator", "string", "=、>=（以上）或<=（以下）", "=, >= or <="),
        Column(
            "value", "float64", "目标数值，按value_unit计", "the target's figure, in value_unit"
        ),
        Column("value_unit", "string", "目标数值的单位（水平目标为指标单位，增速为%）", "its unit"),
        Column("target", "string", "目标（规范写法，如≥300亿元）", "the target as text (≥300亿元)"),
        Column("text", "string", "原文写法", "the document's words"),
        SOURCE,
    ),
)

STATEMENTS = Schema(
    "statements",
    "一行一个文中所述的推算数字（增长、合计、变化）",
    "one row per figure the document derives (a growth, total or change)",
    (
        PLAN,
        Column("statement", "string", "编号", "statement id"),
        Column("kind", "string", "类型编号", "kind id"),
        Column("kind_label", "string", "类型（中文）", "the kind in Chinese"),
        INDICATOR,
        Column("start", "string", "起始时期", "start period"),
        Column("end", "string", "结束时期", "end period"),
        Column("value", "float64", "数值，按unit计", "value, in unit"),
        Column("unit", "string", "单位", "unit"),
        Column("comparator", "string", "=、>=或<=", "=, >= or <="),
        Column("parts", "string", "合计的分项（以；分隔）", "a total's parts, joined by ；"),
        Column("text", "string", "原文写法", "the document's words"),
        SOURCE,
    ),
)

ENTERPRISES = Schema(
    "enterprises",
    "一行一家企业",
    "one row per enterprise",
    (
        PLAN,
        Column("enterprise", "string", "企业编号", "enterprise id"),
        Column("name", "string", "企业名称", "name"),
        Column("chains", "string", "所属产业链编号（以；分隔）", "chain ids, joined by ；"),
        Column("park", "string", "所在园区编号", "park id"),
        Column("leader", "bool", "是否链主/龙头", "chain leader"),
        Column("above_scale", "bool", "是否规模以上", "above designated size"),
        Column("high_tech", "bool", "是否高新技术企业", "high-tech enterprise"),
        Column("products", "string", "产品", "products"),
        Column(
            "chain_provenance", "string", "产业链归属来源：document 或 model", "document or model"
        ),
        SOURCE,
    ),
)

PROJECTS = Schema(
    "projects",
    "一行一个项目",
    "one row per project",
    (
        PLAN,
        Column("project", "string", "项目编号", "project id"),
        Column("name", "string", "项目名称", "name"),
        Column("enterprise", "string", "企业编号", "enterprise id"),
        Column("investment", "float64", "投资额（万元；原文无单位时为空）", "investment in 万元"),
        Column("unit", "string", "投资额单位（万元）", "investment unit (万元)"),
        WRITTEN,
        Column("year", "int64", "年份", "year"),
        SOURCE,
    ),
)

PARKS = Schema(
    "parks",
    "一行一个园区",
    "one row per park",
    (
        PLAN,
        Column("park", "string", "园区编号", "park id"),
        Column("name", "string", "园区名称", "name"),
        Column("kind", "string", "类型", "kind"),
        Column("parent", "string", "上级园区编号", "parent park id"),
        Column("towns", "string", "所在乡镇（以；分隔）", "towns, joined by ；"),
        Column("industries", "string", "主导产业（以；分隔）", "industries, joined by ；"),
        Column("chains", "string", "产业链编号（以；分隔）", "chain ids, joined by ；"),
        SOURCE,
    ),
)

#: The plan's tables, the indicators first (``plan.to_pandas()``).
PLAN_TABLES = (INDICATORS, OBSERVATIONS, TARGETS, STATEMENTS, ENTERPRISES, PROJECTS, PARKS)

_WAN_YUAN = parse_unit("万元")


def value_in(q: Any, unit: Any) -> float | None:
    """``q`` read in ``unit``, or ``None`` (no quantity, no unit written, or one that does not
    convert): a number is never put in a unit the document did not give it."""
    if not isinstance(q, Quantity) or is_bare(q) or not q.is_compatible_with(unit):
        return None
    return float(q.to(unit).magnitude)


def _own(q: Any) -> tuple[float | None, str | None]:
    """A figure in its own unit: (its number, its unit) — ``(None, None)`` when unitless."""
    if not isinstance(q, Quantity) or is_bare(q):
        return None, None
    return float(q.magnitude), format_unit(q.units)


def _written(q: Any) -> str | None:
    if q is None:
        return None
    return format_quantity(q) if isinstance(q, Quantity) else str(q)


def _label(choice: Any) -> tuple[Any, Any]:
    return (None, None) if choice is None else (choice.value, choice.label)


def plan_rows(plan: Plan, name: str) -> Iterator[tuple[Any, ...]]:
    """The rows of one of the plan's tables (:data:`PLAN_TABLES`), in plan order."""
    names = {i.id: i for i in plan.indicators}
    if name == "indicators":
        for ind in plan.indicators:
            yield (
                plan.id,
                ind.id,
                ind.name,
                ind.name_en,
                format_unit(ind.unit),
                ind.category,
                *_label(ind.kind),
                *_label(ind.direction),
                ind.standard,
                None if ind.measure is None else ind.measure.value,
                ind.source,
            )
    elif name == "observations":
        for ind in plan.indicators:
            for o in plan.observations_for(ind.id):
                yield (
                    plan.id,
                    ind.id,
                    ind.name,
                    str(o.period),
                    o.period.first_year,
                    o.period.year,
                    o.period.is_partial,
                    value_in(o.value, ind.unit),
                    format_unit(ind.unit),
                    _written(o.value),
                    o.comparator.value,
                    *_label(o.status),
                    o.source,
                )
    elif name == "targets":
        for ind in plan.indicators:
            for n, t in enumerate(plan.targets_for(ind.id)):
                figure = next(
                    (
                        getattr(t, f)
                        for f in ("value", "rate", "by")
                        if getattr(t, f, None) is not None
                    ),
                    None,
                )
                value, unit = _own(figure)
                if figure is None and getattr(t, "factor", None) is not None:
                    value, unit = float(t.factor), "倍"  # type: ignore[attr-defined]
                yield (
                    plan.id,
                    ind.id,
                    names[t.indicator].name,
                    n,
                    t.kind,
                    t.label,
                    t.year,
                    t.comparator.value,
                    value,
                    unit,
                    t.describe(),
                    t.text,
                    t.source,
                )
    elif name == "statements":
        for s in plan.statements:
            value, unit = _own(s.value)
            yield (
                plan.id,
                s.id,
                s.kind.value,
                s.kind.label,
                s.indicator,
                None if s.start is None else str(s.start),
                None if s.end is None else str(s.end),
                value,
                unit,
                s.comparator.value,
                joined(s.parts),
                s.text,
                s.source,
            )
    elif name == "enterprises":
        for e in plan.enterprises:
            yield (
                plan.id,
                e.id,
                e.name,
                joined(e.chains),
                e.park,
                e.leader,
                e.above_scale,
                e.high_tech,
                e.products,
                e.chain_provenance.value,
                e.source,
            )
    elif name == "projects":
        for p in plan.projects:
            yield (
                plan.id,
                p.id,
                p.name,
                p.enterprise,
                value_in(p.investment, _WAN_YUAN),
                "万元",
                _written(p.investment),
                p.year,
                p.source,
            )
    elif name == "parks":
        for k in plan.parks:
            yield (
                plan.id,
                k.id,
                k.name,
                k.kind,
                k.parent,
                joined(k.towns),
                joined(k.industries),
                joined(k.chains),
                k.source,
            )
