"""The ``fyp`` command: a thin layer over the library (click).

Heavy imports (pint, the model) happen inside commands, so ``fyp --help`` stays fast.
Exit status: 0 on success, 2 on usage errors and on plans that cannot be loaded.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from ..model.plan import Plan

__all__ = ["main"]


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(2)


def _load(path: str) -> Plan:
    from ..errors import PlanError
    from ..io import load_plan

    try:
        return load_plan(path)
    except PlanError as exc:
        _fail(f"错误 error: {exc}")


def _summary(plan: Plan) -> dict[str, Any]:
    from ..units import format_quantity, format_unit

    rows = []
    for ind in plan.indicators:
        base = [
            o
            for o in plan.observations_for(ind.id)
            if o.period.year == plan.base_year and not o.period.is_partial
        ]
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "unit": format_unit(ind.unit),
                "category": ind.category,
                "kind": ind.kind.value,
                "baseline": format_quantity(base[-1].value) if base else None,
                "targets": [
                    {"kind": t.kind, "year": t.year, "text": t.describe()}
                    for t in plan.targets_for(ind.id)
                ],
            }
        )
    return {
        "id": plan.id,
        "region": plan.region,
        "title": plan.title,
        "period": [plan.start_year, plan.end_year],
        "base_year": plan.base_year,
        "issuer": plan.issuer,
        "counts": {
            "indicators": len(plan.indicators),
            "observations": len(plan.observations),
            "targets": len(plan.targets),
            "statements": len(plan.statements),
            "enterprises": len(plan.enterprises),
            "parks": len(plan.parks),
            "projects": len(plan.projects),
            "chains": len(plan.chains),
        },
        "predecessor": plan.predecessor.id if plan.predecessor else None,
        "indicators": rows,
    }


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fyp-planning")
def main() -> None:
    """fyp — 县级五年规划工具 (tools for Chinese county five-year plans)."""


@main.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def show(plan: str, fmt: str) -> None:
    """Summarise a plan file: period, counts, and the indicator table (规划概览)."""
    from ..model.enums import IndicatorKind
    from ..render.table import text_table

    loaded = _load(plan)
    data = _summary(loaded)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    c = data["counts"]
    click.echo(f"{data['title']}")
    click.echo(
        f"地区 region: {data['region']}    规划期 period: {data['period'][0]}–"
        f"{data['period'][1]}    基期 base year: {data['base_year']}"
    )
    if data["issuer"]:
        click.echo(f"编制单位 issuer: {data['issuer']}")
    if data["predecessor"]:
        click.echo(f"上一期规划 predecessor: {data['predecessor']}")
    click.echo(
        f"指标 {c['indicators']} · 观测值 {c['observations']} · 目标 {c['targets']} · "
        f"文中推算 {c['statements']} · 企业 {c['enterprises']} · 园区 {c['parks']} · "
        f"项目 {c['projects']} · 产业链 {c['chains']}"
    )
    click.echo("")
    headers = ["编号 id", "指标", "单位", "类别", "属性", f"{data['base_year']}年", "目标"]
    rows = [
        [
            r["id"],
            r["name"],
            r["unit"],
            r["category"] or "",
            IndicatorKind(r["kind"]).label,
            r["baseline"] or "—",
            "；".join(f"{t['text']}（{t['year']}年）" for t in r["targets"]) or "—",
        ]
        for r in data["indicators"]
    ]
    click.echo(text_table(headers, rows, right=[5]))


@main.command()
@click.argument("plan", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "toml"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
def export(plan: str, fmt: str, output: str | None) -> None:
    """Export a plan as JSON or TOML (导出规划)."""
    from ..io import dumps_plan

    text = dumps_plan(_load(plan), fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
