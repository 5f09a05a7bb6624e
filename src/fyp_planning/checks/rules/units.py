"""U rules: figures without a unit, units that do not convert to the predecessor's (private)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.enums import StatementKind
from ...model.plan import Plan
from ...units import format_quantity, format_unit, is_bare
from ..findings import Finding, Rule, Severity
from ._common import label, obs_path, source


def _bare(plan: Plan) -> Iterator[Finding]:
    for o in plan.observations:
        ind = plan.indicator(o.indicator)
        if is_bare(o.value) and not ind.unit.dimensionless:
            yield Finding(
                message=f"{label(ind)}{o.period}{'' if o.period.is_partial else '年'}的数值"
                f"“{format_quantity(o.value)}”没有单位；"
                f"指标单位为{format_unit(ind.unit)}。",
                message_en=f"{ind.id} {o.period}: “{format_quantity(o.value)}” has no unit; "
                f"the indicator is in {format_unit(ind.unit)}.",
                location=obs_path(plan, o),
                indicator=ind.id,
                figures=((str(o.period), format_quantity(o.value)),),
                sources=(source(o),),
                hint=f"写明单位，如“{o.value.magnitude:g}{format_unit(ind.unit)}”。",
                hint_en="State the unit.",
            )
    for st in plan.statements:
        kinds = (StatementKind.TOTAL, StatementKind.CHANGE, StatementKind.AVERAGE_CHANGE)
        if st.kind in kinds and is_bare(st.value):
            yield Finding(
                message=f"文中数字“{format_quantity(st.value)}”没有单位"
                + (f"（原文：{st.text}）。" if st.text else "。"),
                message_en=f"statement {st.id}: “{format_quantity(st.value)}” has no unit.",
                location=f"statements.{st.id}",
                indicator=st.indicator,
                figures=(("文中所述", format_quantity(st.value)),),
                sources=(st.source or "出处未注",),
                hint="写明单位（如“亿元”）。",
                hint_en="State the unit.",
            )
    bare = [
        (p, format_quantity(p.investment))
        for p in plan.projects
        if p.investment is not None and is_bare(p.investment)
    ]
    if bare:
        shown = "、".join(f"{p.name}{amount}" for p, amount in bare[:3])
        more = f"等{len(bare)}项" if len(bare) > 3 else ""
        yield Finding(
            message=f"{len(bare)}个项目的投资额没有单位：{shown}{more}。",
            message_en=f"{len(bare)} project investments have no unit.",
            location="projects",
            figures=tuple((p.name, amount) for p, amount in bare),
            sources=tuple(dict.fromkeys(p.source or "出处未注" for p, _ in bare)),
            hint="写明单位，如“7600万元”。",
            hint_en="State the unit, e.g. 7600万元.",
        )


def _unit_changes(plan: Plan) -> Iterator[Finding]:
    before = plan.predecessor
    if before is None:
        return
    for ind in plan.indicators:
        try:
            old = before.indicator(ind.id)
        except KeyError:
            continue
        if old.unit.is_compatible_with(ind.unit):
            continue
        yield Finding(
            message=f"{label(ind)}的单位为{format_unit(ind.unit)}，上一规划中为"
            f"{format_unit(old.unit)}，两者不能换算，前后数值无法比较。",
            message_en=f"{ind.id} is in {format_unit(ind.unit)} here and in "
            f"{format_unit(old.unit)} in the previous plan; the two do not convert.",
            location=f"indicators.{ind.id}.unit",
            indicator=ind.id,
            figures=(("本规划", format_unit(ind.unit)), ("上一规划", format_unit(old.unit))),
            sources=tuple(dict.fromkeys(x for x in (ind.source, old.source) if x)),
            hint="统一计量单位（如“家”与“个”），或说明两者统计口径不同。",
            hint_en="Use one unit for the indicator, or say the two measure different things.",
        )


RULES = (
    Rule(
        code="U001",
        name="figure-without-unit",
        severity=Severity.WARNING,
        summary="数字没有单位",
        summary_en="a figure has no unit",
        check=_bare,
    ),
    Rule(
        code="U002",
        name="unit-changed",
        severity=Severity.WARNING,
        summary="指标单位与上一规划不能换算",
        summary_en="an indicator's unit does not convert to its unit in the previous plan",
        check=_unit_changes,
    ),
)
