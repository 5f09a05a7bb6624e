"""``fyp templates``: the chain-template library (产业链模板库): list, and show one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from . import _echo_json, _fail, _format_option, _output_option, _write_output, main

if TYPE_CHECKING:
    from ..model.entities import ChainTemplate


def _template(template_id: str) -> ChainTemplate:
    from ..catalog.templates import standard_template

    try:
        return standard_template(template_id)
    except KeyError as exc:
        _fail(f"错误 error: 模板库中没有该模板 (unknown template): {exc.args[0]}")


def _stages(template: ChainTemplate) -> str:
    """``上游3 中游5 下游3 配套服务4``: how many segments each stage has."""
    from ..model.enums import Stage

    counts = {stage: 0 for stage in Stage}
    for seg in template.segments:
        counts[seg.stage] += 1
    return " ".join(f"{stage.label}{n}" for stage, n in counts.items() if n)


def _entry(template: ChainTemplate) -> dict[str, Any]:
    """The template as the plan-file form, with its reference."""
    from ..io._schema import converter

    data: dict[str, Any] = converter.unstructure(template)
    return {
        "id": template.library_id,
        "reference": template.id,
        "provenance": template.provenance.value,
        **data,
    }


@main.group()
def templates() -> None:
    """The chain-template library: generic templates a plan names as std:ID (产业链模板库).

    A plan's chain follows one with template = "std:ID" (pinned: "std:ID@VERSION"), or a
    template of the plan's own extends one (extends = "std:ID", with drop, rename, edges,
    drop_edges and segments). Every template is written from general industry knowledge and
    GB/T 4754-2017 (provenance model), not from any plan.
    """


@templates.command(name="list")
@_format_option("text", "json")
def list_(fmt: str) -> None:
    """The library's templates: id, name, version, segments and stages (模板列表)."""
    from ..catalog.templates import standard_templates
    from ..render.table import text_table

    library = standard_templates()
    if fmt == "json":
        _echo_json(
            {
                "templates": [
                    {
                        "id": lib_id,
                        "reference": t.id,
                        "name": t.name,
                        "version": t.version,
                        "segments": len(t.segments),
                        "stages": {
                            stage.value: sum(1 for s in t.segments if s.stage is stage)
                            for stage in {s.stage: None for s in t.segments}
                        },
                    }
                    for lib_id, t in library.items()
                ]
            }
        )
        return
    rows = [
        [lib_id, t.name, str(t.version), str(len(t.segments)), _stages(t)]
        for lib_id, t in library.items()
    ]
    click.echo(
        text_table(["编号 id", "名称 name", "版本", "环节", "阶段 stages"], rows, right=[2, 3])
    )
    click.echo("")
    click.echo('注：规划中以 template = "std:编号" 引用，或以 extends = "std:编号" 扩展。')


@templates.command()
@click.argument("template_id", metavar="ID")
@_format_option("text", "json", "svg")
@_output_option
def show(template_id: str, fmt: str, output: str | None) -> None:
    """One template: its segments (stage, nature, core, products, industry codes) and supply
    edges; --format svg draws it (模板详情).

    ID is a library id, e.g. food_processing (or std:food_processing).
    """
    from ..render.table import text_table

    t = _template(template_id)
    if fmt == "svg":
        from ..render.chains import template_to_svg

        text = template_to_svg(t)
    elif fmt == "json":
        text = _json_text(_entry(t))
    else:
        lines = [
            f"{t.name}  {t.id}  第{t.version}版 (version {t.version})",
            f"来源 source: {t.source or '—'}",
            f"出处 provenance: {t.provenance.label} ({t.provenance.value})",
        ]
        if t.note:
            lines.append(f"说明 note: {t.note}")
        rows = [
            [
                s.id,
                s.name,
                s.stage.label,
                s.nature.label,
                "是" if s.core else "",
                "、".join(s.products) or "—",
                " ".join(s.industry_codes) or "—",
            ]
            for s in t.segments
        ]
        headers = ["环节 id", "名称", "阶段", "性质", "核心", "典型产品", "行业代码"]
        lines += ["", text_table(headers, rows), "", "供应关系 edges:"]
        lines += [f"  {t.segment(u).name} → {t.segment(v).name}  ({u} → {v})" for u, v in t.edges]
        text = "\n".join(lines) + "\n"
    if output is not None:
        _write_output(output, text)
        click.echo(f"已写入 wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _json_text(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
