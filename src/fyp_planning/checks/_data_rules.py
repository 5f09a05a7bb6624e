"""V, U, D and R rules: figures given twice, totals, units, duplicates, references (private)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from ..model.enums import Comparator, StatementKind
from ..model.plan import Plan
from ..units import format_quantity, format_unit, is_bare
from ._common import label, obs_path, read, source
from ._figures import Figure, figure, fmt, meets
from .engine import Finding, Rule, Severity


def _conflicting_values(plan: Plan) -> Iterator[Finding]:
    """Exact observations of one indicator and period, in this plan and its predecessor,
    whose values no rounding reconciles."""
    for ind in plan.indicators:
        groups: dict[object, list[tuple[str, str, Figure, str]]] = defaultdict(list)
        for p in (plan, plan.predecessor):
            if p is None:
                continue
            if p is not plan:
                try:
                    other = p.indicator(ind.id)
                except KeyError:
                    continue
                if not other.unit.is_compatible_with(ind.unit):
                    continue
            for o in p.observations:
                if o.indicator != ind.id or o.comparator is not Comparator.EQ:
                    continue
                fig = read(ind, o)
                if fig is None or fig.assumed:
                    continue  # a bare figure is U001's; never compared on a guessed unit
                where = "上一规划" if p is not plan else ""
                groups[o.period].append(
                    (
                        format_quantity(o.value),
                        source(o) + (f"，{where}" if where else ""),
                        fig,
                        p.id,
                    )
                )
        for period, rows in groups.items():
            own = [r for r in rows if r[3] == plan.id]
            before = [r for r in rows if r[3] != plan.id]
            # the predecessor's own contradictions are reported when it is audited
            if not (_split(own) or (own and not _split(before) and _split(rows))):
                continue
            distinct = len(_clusters(rows))
            values = "、".join(f"{r[0]}（{r[1]}）" for r in rows)
            yield Finding(
                message=f"{label(ind)}{period}年有{distinct}个不同的数值：{values}。"
                if not period.is_partial  # type: ignore[attr-defined]
                else f"{label(ind)}{period}有{distinct}个不同的数值：{values}。",
                message_en=f"{ind.id} has {distinct} different values for {period}: "
                + ", ".join(f"{r[0]} ({r[1]})" for r in rows)
                + ".",
                location=f"indicators.{ind.id}.observations",
                indicator=ind.id,
                figures=tuple((r[1], r[0]) for r in rows),
                sources=tuple(dict.fromkeys(r[1] for r in rows)),
                arithmetic=" ≠ ".join(
                    dict.fromkeys(
                        f"{fmt(r[2].mid, 4)}（{fmt(r[2].lo, 4)}–{fmt(r[2].hi, 4)}）" for r in rows
                    )
                ),
                hint="核实哪个数值正确，统一全文口径；若口径不同（如不同统计范围），请分设指标。",
                hint_en="Find the right value and use it throughout; if the figures measure "
                "different things, make them separate indicators.",
            )


def _clusters(rows: list) -> list[list]:
    """Groups of mutually consistent values (each row's figure is at index 2)."""
    clusters: list[list] = []
    for row in rows:
        for cl in clusters:
            if all(meets((row[2].lo, row[2].hi), (x[2].lo, x[2].hi), strict=True) for x in cl):
                cl.append(row)
                break
        else:
            clusters.append([row])
    return clusters


def _split(rows: list) -> bool:
    return len(_clusters(rows)) > 1


def _part_value(plan: Plan, ref: str, at_period: object) -> tuple[str, object] | None:
    """A total's part: a project's investment, or an indicator's value at the statement's end."""
    for pr in plan.projects:
        if pr.id == ref:
            return (pr.name, pr.investment) if pr.investment is not None else None
    for ind in plan.indicators:
        if ind.id == ref:
            rows = [
                o
                for o in plan.observations
                if o.indicator == ref and o.period == at_period and o.comparator is Comparator.EQ
            ]
            return (ind.name, rows[0].value) if len(rows) == 1 else None
    return None


def _totals(plan: Plan) -> Iterator[Finding]:
    for st in plan.statements:
        if st.kind is not StatementKind.TOTAL:
            continue
        parts = [_part_value(plan, ref, st.end) for ref in st.parts]
        if any(p is None for p in parts):
            continue  # a part without a figure: nothing to add up
        quantities = [q for _, q in parts]  # type: ignore[misc]
        unit = None
        if st.indicator is not None:
            unit = plan.indicator(st.indicator).unit
        else:
            stated_units = [q.units for q in [st.value, *quantities] if not is_bare(q)]
            unit = stated_units[0] if stated_units else None
        figs = [figure(q, unit) for q in quantities]
        stated = figure(st.value, unit)
        if stated is None or any(f is None for f in figs):
            continue
        lo = sum(f.lo for f in figs)  # type: ignore[union-attr]
        hi = sum(f.hi for f in figs)  # type: ignore[union-attr]
        mid = sum(f.mid for f in figs)  # type: ignore[union-attr]
        if meets((stated.lo, stated.hi), (lo, hi)):
            continue
        shown_unit = format_unit(unit) if unit is not None else ""
        yield Finding(
            message=f"所述合计{format_quantity(st.value)}与所列{len(figs)}项之和{fmt(mid)}{shown_unit}"
            "不符（已计入各数的舍入）。",
            message_en=f"stated total {format_quantity(st.value)} is not the sum of its "
            f"{len(figs)} parts, {fmt(mid)}{shown_unit}, allowing for rounding.",
            location=f"statements.{st.id}",
            indicator=st.indicator,
            figures=(
                ("合计", format_quantity(st.value)),
                *((name, format_quantity(q)) for name, q in parts),  # type: ignore[misc]
            ),
            sources=(st.source or "出处未注",),
            arithmetic=" + ".join(fmt(f.mid, 4) for f in figs)  # type: ignore[union-attr]
            + f" = {fmt(mid, 4)}（可能范围 {fmt(lo, 4)}–{fmt(hi, 4)}），所述 {fmt(stated.mid, 4)}"
            f"（{fmt(stated.lo, 4)}–{fmt(stated.hi, 4)}）",
            hint="核对各分项和合计，或补全遗漏的分项。",
            hint_en="Check the parts and the total, or add the missing parts.",
        )


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
    bare = [p for p in plan.projects if p.investment is not None and is_bare(p.investment)]
    if bare:
        shown = "、".join(f"{p.name}{format_quantity(p.investment)}" for p in bare[:3])  # type: ignore[arg-type]
        more = f"等{len(bare)}项" if len(bare) > 3 else ""
        yield Finding(
            message=f"{len(bare)}个项目的投资额没有单位：{shown}{more}。",
            message_en=f"{len(bare)} project investments have no unit.",
            location="projects",
            figures=tuple((p.name, format_quantity(p.investment)) for p in bare),  # type: ignore[arg-type]
            sources=tuple(dict.fromkeys(p.source or "出处未注" for p in bare)),
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


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace()).casefold()


def _duplicate_enterprises(plan: Plan) -> Iterator[Finding]:
    by_name: dict[str, list] = defaultdict(list)
    for e in plan.enterprises:
        by_name[_key(e.name)].append(e)
    for group in by_name.values():
        if len(group) < 2:
            continue
        ids = "、".join(e.id for e in group)
        yield Finding(
            message=f"企业“{group[0].name}”列了{len(group)}次（{ids}）。",
            message_en=f"enterprise “{group[0].name}” is listed {len(group)} times ({ids}).",
            location=f"enterprises.{group[1].id}",
            figures=tuple((e.id, e.name) for e in group),
            sources=tuple(dict.fromkeys(e.source or "出处未注" for e in group)),
            hint="合并为一条记录。",
            hint_en="Merge them into one entry.",
        )


def _duplicate_projects(plan: Plan) -> Iterator[Finding]:
    groups: dict[str, list] = defaultdict(list)
    for p in plan.projects:
        groups[p.enterprise or _key(p.name)].append(p)
    for group in groups.values():
        if len(group) < 2:
            continue
        amounts = [format_quantity(p.investment) for p in group if p.investment is not None]
        same = len(set(amounts)) < len(amounts)
        detail = "金额相同" if same else "金额不同"
        yield Finding(
            message=f"“{group[0].name}”的项目列了{len(group)}次（{detail}：{'、'.join(amounts)}）："
            "请确认是不同项目，而非重复计入。",
            message_en=f"“{group[0].name}” has {len(group)} projects "
            f"({', '.join(amounts)}): check they are distinct, not one counted twice.",
            location=f"projects.{group[1].id}",
            figures=tuple(
                (p.id, format_quantity(p.investment) if p.investment is not None else "—")
                for p in group
            ),
            sources=tuple(dict.fromkeys(p.source or "出处未注" for p in group)),
            hint="若为同一项目，删去重复项并核对合计；若为不同项目，在名称中区分。",
            hint_en="If it is one project, remove the duplicate and re-check totals; "
            "otherwise name them apart.",
        )


def _membership(plan: Plan) -> Iterator[Finding]:
    firms = {e.id: e for e in plan.enterprises}
    names = {(t.id, s.id): s.name for t in plan.templates for s in t.segments}
    for c in plan.chains:
        for seg_id, ents in c.presence:
            seg = names.get((c.template or "", seg_id), seg_id)
            for i, ent in enumerate(ents):
                e = firms.get(ent)
                if e is None or c.id in e.chains:
                    continue
                listed = "、".join(e.chains) or "无"
                yield Finding(
                    message=f"企业“{e.name}”被放在{c.name}链的“{seg}”环节，但其所属产业链"
                    f"（{listed}）不含{c.name}链。",
                    message_en=f"enterprise {e.id} sits in segment {seg_id} of chain {c.id}, "
                    f"but its chains ({', '.join(e.chains) or 'none'}) do not include {c.id}.",
                    location=f"chains.{c.id}.presence.{seg_id}[{i}]",
                    figures=(("企业", e.name), ("所属产业链", listed), ("产业链", c.name)),
                    sources=tuple(x for x in (e.source,) if x),
                    hint=f"在企业的 chains 中加入 {c.id}，或把它从该链移除。",
                    hint_en=f"Add {c.id} to the enterprise's chains, or take it off the chain.",
                )


RULES = (
    Rule(
        code="V001",
        name="conflicting-values",
        severity=Severity.ERROR,
        summary="同一指标同一时期在不同地方给出不同数值（含与上一规划对照）",
        summary_en="one indicator has different values for the same period in different places",
        check=_conflicting_values,
    ),
    Rule(
        code="V002",
        name="total-not-sum",
        severity=Severity.ERROR,
        summary="所述合计不等于所列分项之和（计入舍入）",
        summary_en="a stated total is not the sum of its listed parts (allowing for rounding)",
        check=_totals,
    ),
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
    Rule(
        code="D001",
        name="duplicate-enterprise",
        severity=Severity.WARNING,
        summary="同一企业列了两次",
        summary_en="the same enterprise is listed twice",
        check=_duplicate_enterprises,
    ),
    Rule(
        code="D002",
        name="duplicate-project",
        severity=Severity.WARNING,
        summary="同一企业（或同名）的项目列了多次，可能重复计入",
        summary_en="projects of the same enterprise (or name) listed more than once",
        check=_duplicate_projects,
    ),
    Rule(
        code="R001",
        name="chain-membership",
        severity=Severity.WARNING,
        summary="企业被放在某产业链的环节上，但其所属产业链不含该链",
        summary_en="an enterprise placed in a chain's segment does not list that chain",
        check=_membership,
    ),
)
