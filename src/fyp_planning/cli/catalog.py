"""``fyp catalog``: the standard indicator catalogue — list, show, match (标准指标目录)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from . import _PLAN_HELP, _echo_json, _fail, _format_option, _load, main

if TYPE_CHECKING:
    from ..catalog.indicators import StandardIndicator, StandardMatch


def _load_plugins() -> None:
    """Let the installed catalogue plugins join; say on standard error which were skipped."""
    import warnings

    from ..registry import PluginWarning
    from ..registry._catalogs import load_catalogue_plugins

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)  # said below, in words
        issues = load_catalogue_plugins()
    for issue in issues:
        click.echo(f"注意 warning: {issue.text.zh}", err=True)


def _entry(s: StandardIndicator) -> dict[str, Any]:
    """A standard indicator as JSON."""
    from ..units import format_quantity, format_unit

    ind = s.indicator
    return {
        "id": s.id,
        "name": s.name,
        "name_en": ind.name_en,
        "aliases": list(s.aliases),
        "unit": format_unit(ind.unit),
        "measure": s.measure.value,
        "direction": ind.direction.value,
        "growth": ind.growth.value,
        "limit": format_quantity(ind.limit) if ind.limit is not None else None,
        "category": ind.category,
        "kind": s.kind.value if s.kind else None,
        "kind_label": ind.kind_label,
        "kind_document": s.kind_document,
        "definition": s.definition,
        "source": s.source,
        "citation": s.citation,
        "origin": s.origin,
    }


@main.group()
def catalog() -> None:
    """The standard indicator catalogue: list, show, match (标准指标目录).

    A plan's indicator names a standard with standard = "ID" and inherits its unit, measure,
    direction, growth, limit, name_en and (where a document fixes it) its kind.
    """


@catalog.command(name="list")
@click.option("--category", metavar="C", help="Only the standards of category C (e.g. 科技创新).")
@_format_option("text", "json")
def list_(category: str | None, fmt: str) -> None:
    """The standard indicators: id, name, unit, measure, kind (标准指标列表)."""
    from ..catalog.indicators import catalogue_citation, standard_indicators
    from ..render.table import text_table
    from ..units import format_unit

    _load_plugins()
    found = standard_indicators(category)
    if category is not None and not found:
        known = sorted({s.indicator.category or "" for s in standard_indicators()})
        _fail(f"错误 error: 没有类别 no category {category!r}; 类别 categories: {'、'.join(known)}")
    if fmt == "json":
        _echo_json({"catalogue": catalogue_citation(), "indicators": [_entry(s) for s in found]})
        return
    click.echo(f"{catalogue_citation()}（{len(found)}项 entries）")
    click.echo("")
    rows = [
        [
            s.id,
            s.name,
            format_unit(s.unit) or "—",
            s.measure.label,
            s.indicator.category or "",
            s.indicator.kind_label if s.kind else "—",
        ]
        for s in found
    ]
    click.echo(text_table(["编号 id", "名称", "单位", "计量", "类别", "属性"], rows))


@catalog.command()
@click.argument("id")
@_format_option("text", "json")
def show(id: str, fmt: str) -> None:
    """One standard indicator: names, unit, 统计口径, source (标准指标详情)."""
    from ..catalog.indicators import standard_indicator
    from ..errors import UnknownStandardError

    _load_plugins()
    try:
        s = standard_indicator(id)
    except UnknownStandardError as exc:
        _fail(f"错误 error: {exc}")
    data = _entry(s)
    if fmt == "json":
        _echo_json(data)
        return
    lines = [
        f"{s.name}（{s.id}）",
        f"英文名 name_en: {data['name_en'] or '—'}",
        f"别名 aliases: {'、'.join(s.aliases) or '—'}",
        f"单位 unit: {data['unit'] or '—'}    计量 measure: {s.measure.label} {s.measure.value}",
        f"方向 direction: {s.indicator.direction.label}    增长 growth: {s.indicator.growth.label}"
        + (f"    上限 limit: {data['limit']}" if data["limit"] else ""),
        f"类别 category: {data['category'] or '—'}",
        f"属性 kind: {s.indicator.kind_label if s.kind else '未规定 not fixed by a document'}"
        + (f"    依据 document: {s.kind_document}" if s.kind_document else ""),
        f"统计口径 definition: {s.definition}",
        f"来源 source: {s.source}",
        f"引用 cite as: {s.citation}",
    ]
    click.echo("\n".join(lines))


def _match_row(m: StandardMatch) -> dict[str, Any]:
    from ..units import format_unit

    std = m.standard
    return {
        "indicator": m.indicator.id,
        "name": m.indicator.name,
        "unit": format_unit(m.indicator.unit),
        "standard": std.id if std else None,
        "standard_name": std.name if std else None,
        "standard_unit": format_unit(std.unit) if std else None,
        "how": m.how,
        "matched": m.matched,
        "score": m.score,
        "unit_compatible": m.unit_compatible,
    }


@catalog.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_format_option("text", "json")
def match(plan: str, fmt: str) -> None:
    """Propose a standard for each indicator that names none (匹配标准指标).

    By the exact name or an alias, then the normalised name (traditional characters made
    simplified, 规模以上/规上 read as 规模, a leading 全县/全市/县域… and a trailing 数 dropped),
    then the most similar name (score ≥ 0.6). Check the unit column before writing
    standard = "ID": an incompatible unit means another 统计口径.
    """
    from ..catalog.indicators import catalogue_citation, match_standards
    from ..render.table import text_table

    loaded = _load(plan)
    _load_plugins()
    rows = [_match_row(m) for m in match_standards(loaded)]
    if fmt == "json":
        _echo_json({"plan": loaded.id, "catalogue": catalogue_citation(), "matches": rows})
        return
    named = sum(1 for ind in loaded.indicators if ind.standard is not None)
    click.echo(
        f"{loaded.title}：{len(rows)}项指标未注明标准 without a standard"
        f"（{named}项已注明 named）；{catalogue_citation()}"
    )
    click.echo("")
    how = {"name": "名称", "alias": "别名", "normalised": "规范化", "similar": "相似"}
    table = [
        [
            r["indicator"],
            r["name"],
            r["standard"] or "—",
            r["standard_name"] or "—",
            f"{how[r['how']]} {r['score']:.2f}" if r["how"] else "—",
            "—"
            if r["unit_compatible"] is None
            else f"{r['unit'] or '1'}→{r['standard_unit'] or '1'} "
            + ("✓" if r["unit_compatible"] else "✗ 不兼容"),
        ]
        for r in rows
    ]
    headers = ["编号 id", "指标", "标准 standard", "标准名称", "匹配 how", "单位 unit"]
    click.echo(text_table(headers, table))
