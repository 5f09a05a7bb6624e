"""U rules: figures without a unit, units that do not convert to the predecessor's (private)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.composition import Composition
from ...model.enums import StatementKind
from ...model.plan import Plan
from ...text import Join, Message
from ...units import format_quantity, format_unit, is_bare
from ..findings import Finding, Severity
from ._common import catalogued, obs_path, source, when


def _bare(plan: Plan) -> Iterator[Finding]:
    for o in plan.observations:
        ind = plan.indicator(o.indicator)
        if isinstance(o.value, Composition):
            continue  # shares are in %
        if is_bare(o.value) and not ind.unit.dimensionless:
            yield Finding(
                message=Message(
                    "checks.U001.observation",
                    name=ind.name,
                    indicator=ind.id,
                    when=when(o.period),
                    value=format_quantity(o.value),
                    unit=format_unit(ind.unit),
                ),
                location=obs_path(plan, o),
                indicator=ind.id,
                figures=((str(o.period), format_quantity(o.value)),),
                sources=(source(o),),
                hint=Message(
                    "checks.U001.observation_hint",
                    magnitude=o.value.magnitude,
                    unit=format_unit(ind.unit),
                ),
            )
    for st in plan.statements:
        kinds = (StatementKind.TOTAL, StatementKind.CHANGE, StatementKind.AVERAGE_CHANGE)
        if st.kind in kinds and is_bare(st.value):
            yield Finding(
                message=Message(
                    "checks.U001.statement",
                    statement=st.id,
                    value=format_quantity(st.value),
                    original=Message("checks.U001.original", text=st.text) if st.text else "",
                ),
                location=f"statements.{st.id}",
                indicator=st.indicator,
                figures=(("文中所述", format_quantity(st.value)),),
                sources=(source(st),),
                hint=Message("checks.U001.hint"),
            )
    bare = [
        (p, format_quantity(p.investment))
        for p in plan.projects
        if p.investment is not None and is_bare(p.investment)
    ]
    if bare:
        yield Finding(
            message=Message(
                "checks.U001.projects",
                count=len(bare),
                shown=Join(f"{p.name}{amount}" for p, amount in bare[:3]),
                more=Message("checks.U001.more", count=len(bare)) if len(bare) > 3 else "",
            ),
            location="projects",
            figures=tuple((p.name, amount) for p, amount in bare),
            sources=tuple(dict.fromkeys(source(p) for p, _ in bare)),
            hint=Message("checks.U001.projects_hint"),
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
            message=Message(
                "checks.U002.message",
                name=ind.name,
                indicator=ind.id,
                unit=format_unit(ind.unit),
                old_unit=format_unit(old.unit),
            ),
            location=f"indicators.{ind.id}.unit",
            indicator=ind.id,
            figures=(("本规划", format_unit(ind.unit)), ("上一规划", format_unit(old.unit))),
            sources=tuple(dict.fromkeys(x for x in (ind.source, old.source) if x)),
            hint=Message("checks.U002.hint"),
        )


RULES = (
    catalogued("U001", "figure-without-unit", Severity.WARNING, _bare),
    catalogued("U002", "unit-changed", Severity.WARNING, _unit_changes),
)
