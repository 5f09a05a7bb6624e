"""Sphinx glue for the fyp-planning docs.

* ``builder-inited``: writes ``docs/_generated/`` (git-ignored): ``dongkou.md``, the reference
  page of the Dongkou plugin's data, which ``docs/dongkou.md`` includes, ``catalogue.md``, the
  standard indicator catalogue, which ``docs/catalogue.md`` includes, ``flags.md``, the
  table of assessment flags ``docs/concepts.md`` includes, and ``templates.md``, the gallery of
  the chain-template library ``docs/templates.md`` includes, and ``example-county.md``, the
  report of the fictional example county (``fyp report --format md``, its chain maps drawn as
  inline SVG), which ``docs/example-county.md`` includes. A file is rewritten only when its
  text changes, so unchanged data rebuild nothing.
* ``autodoc-process-bases``: shows the public base of the labelled enums (``enum.StrEnum``)
  instead of the private ``fyp_planning.model.enums._Labelled`` (or ``_TupleStrEnum``) they share.
* ``object-description-transform``: describes each enum member by its Chinese label
  (``IndicatorKind.BINDING``: 约束性), which the member itself has no docstring for.
"""

from __future__ import annotations

import enum
import importlib
from collections import Counter
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the plugin's data live in this repository, for a build without the plugin installed.
_REPO_DATA = Path(__file__).resolve().parents[2] / "plugins/dongkou/src/fyp_planning_dongkou/data"
#: The examples of the chain page (docs/chains.md): one plan file, a chain per action.
CHAIN_EXAMPLES_FILE = Path(__file__).resolve().parents[1] / "examples/chains/four-actions.toml"
#: Each example of the chain page, by chain id: the segment of the gap it shows (``None``: the
#: chain-level gap), the action (:class:`~fyp_planning.ChainAction` value) and 延链 direction
#: that gap calls for. The build stops when a gap is not so (:func:`example_gap`), and
#: tests/test_docs_chains.py checks each.
CHAIN_EXAMPLES: dict[str, tuple[str | None, str, str | None]] = {
    "build": (None, "build", None),
    "fill": ("sorting", "fill", None),
    "extend_up": ("orchards", "extend", "upstream"),
    "extend_down": ("tea_drinks", "extend", "downstream"),
    "strengthen": ("juice", "strengthen", None),
}
#: The example whose gap the page's worked scoring example takes apart.
SCORING_EXAMPLE = "fill"
#: The example of segments 招商 cannot fill (resources, infrastructure).
RESOURCE_EXAMPLE = "agritour"
#: The example county's data (examples/example-county), read as a folder.
_EXAMPLE_DIR = "examples/example-county/src/fyp_planning_example_county/data"
_EXAMPLE_DATA = Path(__file__).resolve().parents[2] / _EXAMPLE_DIR


def _cell(text: Any) -> str:
    """Text for a Markdown table cell: no line breaks, pipes escaped."""
    if text is None:
        return "—"
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A Markdown table. Every column is named: an empty header cell is a mistake (it reads as
    a table without a header), so it stops the build."""
    if not all(h.strip() for h in header):
        raise ValueError(f"a generated table has a column without a header: {header!r}")
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _load_plan() -> tuple[Any, str]:
    """The Dongkou plan, from the installed plugin or else from this repository's copy."""
    import fyp_planning as fp

    try:
        plugin = fp.get_plugin("dongkou")
    except fp.PluginError:
        logger.info("fyp_docs: plugin 'dongkou' not installed; reading %s", _REPO_DATA)
        return fp.load(_REPO_DATA), "the plugin's data folder in this repository"
    version = f" {plugin.version}" if plugin.version else ""
    dist = plugin.distribution or "fyp-planning-dongkou"
    return fp.load("dongkou"), f"the installed plugin ({dist}{version})"


def _provenance(provenance: Any) -> str:
    """``规划文本 (document)`` or ``建模推断 (model)``."""
    return f"{provenance.label} ({provenance.value})" if provenance is not None else "—"


def _indicator_rows(plan: Any) -> dict[str, list[list[Any]]]:
    from fyp_planning import format_quantity, format_unit

    by_category: dict[str, list[list[Any]]] = {}
    for ind in plan.indicators:
        base = [o for o in plan.observations_for(ind.id) if o.period.year == plan.base_year]
        baseline = "；".join(
            f"{o.comparator.symbol if o.comparator.value != '=' else ''}"
            f"{format_quantity(o.value)}" + (f"（{o.period}）" if o.period.is_partial else "")
            for o in base
        )
        targets = "；".join(f"{t.describe()}（{t.year}年）" for t in plan.targets_for(ind.id))
        row = [
            f"`{ind.id}`",
            ind.name,
            format_unit(ind.unit) or "—",
            f"{ind.kind_label} {ind.kind.value if ind.kind else 'unstated'}",
            baseline or None,
            targets or None,
        ]
        by_category.setdefault(ind.category or "其他 other", []).append(row)
    return by_category


def dongkou_markdown() -> str:
    """The reference page of the Dongkou plugin's data, as MyST Markdown."""
    import fyp_planning as fp

    plan, origin = _load_plan()
    firms = {e.id: e for e in plan.enterprises}
    lines = [
        "# 洞口县规划数据 Dongkou plugin reference",
        "",
        "The data of the Dongkou county plugin (`fyp-planning-dongkou`, in `plugins/dongkou/`): "
        f"{plan.title}. The plan file format is described in "
        "[Plan file format](plan-file-format.md); the terms in [Concepts](concepts.md).",
        "",
        f"This page is generated when the documentation is built, from {origin}: "
        '`fyp_planning.load("dongkou")`. Figures are as the document states them; the '
        "plan file records the section each comes from.",
        "",
        *_table(
            ["项 item", "内容 value"],
            [
                ["plan id", f"`{plan.id}`"],
                ["title 标题", plan.title],
                ["region 地区", plan.region],
                ["issuer 编制单位", plan.issuer],
                ["period 规划期", f"{plan.start_year}–{plan.end_year}"],
                ["base year 基期", plan.base_year],
                [
                    "predecessor 上一规划",
                    f"`{plan.predecessor.id}` ({plan.predecessor.start_year}–"
                    f"{plan.predecessor.end_year})"
                    if plan.predecessor is not None
                    else None,
                ],
                [
                    "contents 内容",
                    f"{len(plan.indicators)} indicators, {len(plan.targets)} targets, "
                    f"{len(plan.observations)} observations, {len(plan.enterprises)} "
                    f"enterprises, {len(plan.parks)} parks, {len(plan.chains)} chains",
                ],
            ],
        ),
        "The report of this plan and one of its chain maps:",
        "",
        *screenshots_markdown().splitlines(),
        "## 指标 Indicators",
        "",
        f"Baselines are the observations of the base year {plan.base_year}; targets are "
        "written as `Target.describe()` gives them, with their year. 约束性 indicators are "
        "binding, 预期性 ones anticipatory (see [concepts](concepts.md)).",
        "",
    ]
    header = ["id", "名称 name", "单位 unit", "类型 kind", f"基期值 baseline ({plan.base_year})"]
    for category, rows in _indicator_rows(plan).items():
        lines += [f"### {category}", ""]
        lines += _table([*header, "目标 targets"], rows)

    analyses = fp.analyse_chains(plan)
    lines += [
        f"## 产业链 Industrial chains ({len(analyses)})",
        "",
        "Each chain laid on its reference template: every segment (环节) with its status and "
        "local firms, as `fyp_planning.gap_analysis` classifies them. Completeness is the "
        "share of segments with at least one local firm. Which firm sits in which segment is "
        "marked with its provenance (the document's, or our modelling).",
        "",
    ]
    summary = []
    for a in analyses:
        actions = Counter(g.action.label for g in a.gaps)
        summary.append(
            [
                f"[{a.name}](#chain-{a.chain})",
                f"`{a.chain}`",
                f"`{a.template}`" if a.template else None,
                len(a.segments),
                f"{a.completeness:.1f} %" if a.completeness is not None else None,
                "、".join(f"{k} {v}" for k, v in sorted(actions.items())) or None,
            ]
        )
    lines += _table(
        [
            "产业链 chain",
            "id",
            "模板 template",
            "环节 segments",
            "完整度 completeness",
            "缺口 gaps",
        ],
        summary,
    )
    for a in analyses:
        counts = "，".join(f"{fp.SegmentStatus(k).label} {v}" for k, v in a.counts.items() if v)
        lines += [
            f"({'chain-' + a.chain})=",
            f"### {a.name} `{a.chain}`",
            "",
            f"Template `{a.template}`: {_provenance(a.template_provenance)}. Firms placed in "
            f"segments: {_provenance(a.presence_provenance)}. Completeness "
            + (f"**{a.completeness:.1f} %**" if a.completeness is not None else "—")
            + (f" ({counts})." if counts else "."),
            "",
        ]
        rows = []
        for s in a.segments:
            names = "、".join(firms[e].name if e in firms else e for e in s.enterprises)
            rows.append(
                [
                    f"`{s.id}`",
                    s.name,
                    s.stage.label,
                    "是 yes" if s.core else "",
                    s.status.label,
                    names,
                ]
            )
        lines += _table(
            [
                "id",
                "环节 segment",
                "位置 stage",
                "核心 core",
                "状态 status",
                "本地企业 local firms",
            ],
            rows,
        )

    lines += ["## 园区 Parks", ""]
    parks = {p.id: p for p in plan.parks}
    lines += _table(
        ["id", "名称 name", "类型 kind", "所属 parent", "乡镇 towns", "定位 focus"],
        [
            [
                f"`{p.id}`",
                p.name,
                p.kind,
                parks[p.parent].name if p.parent in parks else p.parent,
                "、".join(p.towns) or None,
                p.focus,
            ]
            for p in plan.parks
        ],
    )
    return "\n".join(lines).rstrip() + "\n"


#: The screenshots the docs show (docs/_static/screenshots/, made by
#: ``scripts/render_check.py --screenshots``): file, width shown (None: the column's), alt text
#: and caption.
SCREENSHOTS: tuple[tuple[str, str | None, str, str], ...] = (
    (
        "report-first-page.png",
        "420px",
        "洞口县规划报告（fyp report dongkou）打印为A4后的第一页：标题、规划概况、目录与第一节的开头。"
        " The first page of the Dongkou report printed to A4: title, overview of the plan, "
        "contents and the start of the first section.",
        "报告第一页 The report's first page: `fyp report dongkou --observations "
        "docs/examples/dongkou-observations-2021-2023.csv`, printed to A4 in Chromium.",
    ),
    (
        "chain-map-food.png",
        None,
        "洞口县特色食品产业链图谱：上游、中游、下游、配套服务四列环节方框，按状态着色（强、已有、薄弱、链间供给、缺失），"
        "框下标出缺链行动及排名，箭头表示供给方向。 The Dongkou food chain map: segments in four "
        "columns (upstream, midstream, downstream, services), coloured by status, each gap's "
        "action and rank under its box, arrows from supplier to user.",
        "产业链图谱 A chain map: 特色食品 (`fyp export dongkou --chain food --format svg`), as "
        "the report draws it.",
    ),
)


def screenshots_markdown() -> str:
    """The screenshots of :data:`SCREENSHOTS` as MyST figures (for docs/index.md and the
    Dongkou page). The build stops when one is missing."""
    lines = []
    for name, width, alt, caption in SCREENSHOTS:
        path = Path(__file__).resolve().parents[1] / "_static" / "screenshots" / name
        if not path.is_file():
            raise FileNotFoundError(f"{path}: run scripts/render_check.py --screenshots")
        lines += [
            f"```{{figure}} /_static/screenshots/{name}",
            f":alt: {alt}",
            ":figclass: fyp-screenshot",
            *([f":width: {width}"] if width else []),
            "",
            caption,
            "```",
            "",
        ]
    return "\n".join(lines)


def flags_markdown() -> str:
    """The flags an assessment or review row may carry, as a Markdown table."""
    from fyp_planning.evaluation.assessment import FLAGS

    return "\n".join(_table(["flag", "meaning"], [[f"`{k}`", v] for k, v in FLAGS.items()]))


def rules_markdown() -> str:
    """The built-in audit rules as a Markdown table, from the rules themselves (code, name,
    severity and the message catalogue's summary): the one table of rules the docs show."""
    import fyp_planning as fp

    rows = [
        [
            r.code,
            r.name,
            f"{r.severity.label} {r.severity.value}",
            r.summary,
            r.summary_en,
        ]
        for r in fp.builtin_rules()
    ]
    header = ["code", "name", "severity", "检查内容", "what it finds"]
    return "\n".join(_table(header, rows)) + "\n"


def tables_markdown() -> str:
    """The tidy tables of every public result type, from their declarations (``TABLES``):
    per table, what a row is and its columns with their types, in Chinese and English."""
    import fyp_planning as fp

    lines = []
    shown: dict[tuple[Any, ...], str] = {}  # tables already listed, by the type listing them
    for name in sorted(fp.__all__):
        obj = getattr(fp, name)
        schemas = getattr(obj, "TABLES", None) if isinstance(obj, type) else None
        if not schemas:
            continue
        if schemas in shown:  # a collection of results with its items' tables
            lines += [
                f"## `{name}.to_pandas()`",
                "",
                f"The same tables as `{shown[schemas]}` above.",
                "",
            ]
            continue
        shown[schemas] = name
        for i, schema in enumerate(schemas):
            call = "to_pandas()" if i == 0 else f'to_pandas("{schema.name}")'
            lines += [
                f"## `{name}.{call}` — {schema.name}",
                "",
                f"{schema.zh}。{schema.en[0].upper()}{schema.en[1:]}.",
                "",
            ]
            rows = [[f"`{c.name}`", c.dtype, c.zh, c.en] for c in schema.columns]
            lines += _table(["column 列", "type 类型", "含义", "meaning"], rows)
    return "\n".join(lines)


def catalogue_markdown() -> str:
    """The reference page of the standard indicator catalogue, as MyST Markdown: one table per
    category, then each entry's 统计口径, aliases and source."""
    import fyp_planning as fp

    entries = fp.standard_indicators()
    lines = [
        f"# 标准指标目录 Standard indicators — {fp.catalogue_citation()}",
        "",
        f"{len(entries)} standard indicators, generated from the catalogue's data "
        "(`fyp_planning/catalog/data/indicators.toml`) when these docs were built. Cite the "
        f"catalogue by name and version (“{fp.catalogue_citation()}”), an entry by adding its "
        'id. A plan\'s indicator names one with `standard = "ID"` (see '
        "[the plan-file format](plan-file-format.md)); `fyp catalog match PLAN` proposes "
        "standards for a plan's indicators.",
        "",
        "属性 (kind) is given only where a national or provincial document fixes it, with that "
        "document; elsewhere a plan states its own (or leaves it 未注明).",
        "",
        "A province may add its own standards through a *catalogue plugin*: a distribution that "
        "registers, in the entry-point group `fyp_planning.catalogs`, a file in the format of "
        "this catalogue; its entries join when a plan names one of them or when "
        "{py:func}`~fyp_planning.load_catalogue_plugins` is called, each marked with its origin, "
        "and never redefine an entry below. Plugins are imported contained, as plan plugins are.",
        "",
    ]
    by_category: dict[str, list[Any]] = {}
    for s in entries:
        by_category.setdefault(s.indicator.category or "其他", []).append(s)
    for category, found in by_category.items():
        lines += [f"## {category}", ""]
        lines += _table(
            ["id", "名称 name", "单位 unit", "计量 measure", "方向 direction", "属性 kind"],
            [
                [
                    f"`{s.id}`",
                    s.name,
                    fp.format_unit(s.unit) or "—",
                    f"{s.measure.label} {s.measure.value}",
                    s.indicator.direction.label,
                    s.indicator.kind_label if s.kind else None,
                ]
                for s in found
            ],
        )
        for s in found:
            lines += [
                f"- **`{s.id}`** {s.name}（{s.indicator.name_en}）。统计口径：{_cell(s.definition)} "
                f"别名：{_cell('、'.join(s.aliases))}。来源：{_cell(s.source)}"
                + (f"；属性依据：{_cell(s.kind_document)}" if s.kind_document else "")
            ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def templates_markdown() -> str:
    """The gallery of the chain-template library: every template with its segment table and its
    map (drawn by ``chain_to_svg`` on the template alone, inline)."""
    import fyp_planning as fp

    library = fp.standard_templates()
    lines = [
        "# 产业链模板库 Chain-template library",
        "",
        "The generic reference templates shipped with `fyp_planning` "
        f"({len(library)} templates). A plan's chain follows one with "
        '`template = "std:ID"` (pinned: `"std:ID@VERSION"`), or a template of the plan\'s own '
        '`extends = "std:ID"` and drops, renames and adds segments — see '
        "[Plan file format](plan-file-format.md). On the command line: `fyp templates list`, "
        "`fyp templates show ID`.",
        "",
        "Every template is modelling (provenance `model`): written from general industry "
        "knowledge and GB/T 4754-2017《国民经济行业分类》, not from any plan; each says what it "
        "was written from. Nature: 产业环节 (industry, firms 招商 can attract), 资源禀赋 "
        "(resource), 基础设施 (infrastructure). This page is generated from the library's data "
        "when the documentation is built.",
        "",
        *_table(
            ["id", "名称 name", "version", "segments 环节"],
            [[f"`std:{i}`", t.name, t.version, len(t.segments)] for i, t in library.items()],
        ),
    ]
    for lib_id, t in library.items():
        svg = fp.template_to_svg(t)
        svg = svg[svg.index("<svg") :]  # inline: no XML declaration
        lines += [
            f"## {t.name} `std:{lib_id}`",
            "",
            f"Version {t.version}. Source 来源: {t.source}",
            "",
            *_table(
                [
                    "segment",
                    "名称",
                    "stage 阶段",
                    "nature 性质",
                    "core",
                    "products 典型产品",
                    "GB/T 4754",
                ],
                [
                    [
                        f"`{s.id}`",
                        s.name,
                        s.stage.label,
                        s.nature.label,
                        "核心" if s.core else "",
                        "、".join(s.products),
                        " ".join(s.industry_codes),
                    ]
                    for s in t.segments
                ],
            ),
            "```{raw} html",
            f'<div class="fyp-template-map" style="overflow-x: auto">{svg}</div>',
            "```",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def example_markdown() -> str:
    """The report of the example county (``fyp report --format md``) as a page: its headings one
    level down under the page's title, each chain's Mermaid map replaced by its SVG drawing."""
    import re

    import fyp_planning as fp

    plan = fp.load(_EXAMPLE_DATA)
    report = fp.report_markdown(plan)
    lines = [
        "# 示例县规划报告 Example county report",
        "",
        "The report of the fictional example county (示例县，虚构示例，非真实县份; "
        "`examples/example-county/`, the model of the [plugin tutorial](plugin-tutorial.md)): "
        "a county whose pillars are 纺织服装 and 医药制造. Every indicator of its plan names a "
        "standard of the [catalogue](catalogue.md) and every chain follows a template of the "
        "[library](templates.md), so its files hold no template written from scratch. The "
        "county, its firms and every figure are invented.",
        "",
        "This page is generated when the documentation is built, from the files in "
        f"`{_EXAMPLE_DIR}`: it is the output of",
        "",
        "```sh",
        f"fyp report {_EXAMPLE_DIR} --format md",
        "```",
        "",
        "with each chain's map drawn inline.",
        "",
    ]
    fence = re.compile(r"```mermaid\n(.*?)```\n", re.S)

    def drawing(m: re.Match[str]) -> str:
        named = re.search(r"%% .*（(\w+)）", m[1])
        if named is None:
            raise ValueError("a chain map names its chain on its first comment line")
        svg = fp.chain_to_svg(plan, named[1])
        svg = svg[svg.index("<svg") :]  # inline: no XML declaration
        return (
            "```{raw} html\n"
            f'<div class="fyp-template-map" style="overflow-x: auto">{svg}</div>\n'
            "```\n"
        )

    body = fence.sub(drawing, report)
    # A section with nothing in it (no parks, no projects) is left out: the page goes on to
    # the report's closing rule, which may not follow a heading directly.
    body = re.sub(r"^#+ [^\n]*\n\s*(?=^---$)", "", body, flags=re.M)
    # One level down: the page has its own title.
    body = re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)
    return "\n".join(lines) + body


def example_gap(analysis: Any, chain: str) -> Any:
    """The gap that the chain page's example ``chain`` shows, from its analysis.

    Raises:
        ValueError: the analysis has no gap there, or one calling for another action than
            :data:`CHAIN_EXAMPLES` says: the page would show a wrong picture.
    """
    segment, action, direction = CHAIN_EXAMPLES[chain]
    found = [g for g in analysis.gaps if g.segment == segment]
    if not found or (found[0].action.value, found[0].direction) != (action, direction):
        said = ", ".join(f"{g.label} {g.segment}" for g in analysis.gaps)
        raise ValueError(
            f"{CHAIN_EXAMPLES_FILE.name}: chain {chain!r} should call for {action} "
            f"({direction or 'no direction'}) at {segment or 'the chain level'}; "
            f"its gaps are: {said or 'none'}"
        )
    return found[0]


def _examples_plan() -> Any:
    import fyp_planning as fp

    return fp.load(CHAIN_EXAMPLES_FILE)


def _inline_svg(svg: str) -> list[str]:
    """An SVG drawing inline in a page (no XML declaration), scaled to the column."""
    return [
        "```{raw} html",
        f'<div class="fyp-template-map">{svg[svg.index("<svg") :]}</div>',
        "```",
        "",
    ]


def chain_example_markdown(chain: str) -> str:
    """One example of the chain page: the chain drawn from its analysis with the gap it shows
    picked out (``chain_to_svg(..., highlight=gap)``), and that gap's first reason."""
    import fyp_planning as fp

    plan = _examples_plan()
    analysis = fp.gap_analysis(plan, chain)
    gap = example_gap(analysis, chain)
    stance = analysis.stance_text(gap)
    rel = CHAIN_EXAMPLES_FILE.relative_to(CHAIN_EXAMPLES_FILE.parents[3])
    line = next(x for x in fp.attraction_list(plan, analysis) if x.gap == gap)
    projects = "；".join(
        f"{m.name}（{m.investment}）" if m.investment else m.name for m in line.projects
    )
    lines = [
        *_inline_svg(fp.chain_to_svg(plan, analysis, highlight=gap)),
        f"本例（`{rel}` 中的链 `{chain}`，{analysis.name}）第{gap.rank}位缺口 "
        f"**{gap.label}「{gap.name}」**：{gap.reasons[0]}{stance.zh}。",
        "",
        f"This example (chain `{chain}` of `{rel}`): gap #{gap.rank}, **{gap.label}** "
        f"({' '.join(filter(None, (gap.action.value, gap.direction)))}) at "
        + (f"`{gap.segment}`" if gap.segment else "the chain level")
        + f". {gap.reasons_en[0]} Plan: {stance.en}.",
        "",
        f"招商清单 The 招商 list ({{py:func}}`~fyp_planning.attraction_list`)：{line.target}。"
        + (f"规划项目 The plan's projects in it：{projects}。" if projects else ""),
        "",
    ]
    return "\n".join(lines)


def resources_markdown() -> str:
    """The chain page's example of segments 招商 cannot fill: the 招商 list of
    :data:`RESOURCE_EXAMPLE`, each gap with its segment's nature and the list's target or
    advice."""
    import fyp_planning as fp

    plan = _examples_plan()
    analysis = fp.gap_analysis(plan, RESOURCE_EXAMPLE)
    template = plan.template(analysis.template)
    rel = CHAIN_EXAMPLES_FILE.relative_to(CHAIN_EXAMPLES_FILE.parents[3])
    rows = [
        [
            x.gap.rank,
            f"{x.gap.name} `{x.gap.segment}`" if x.gap.segment else x.gap.name,
            "、".join(template.segment(s).nature.label for s in x.gap.segments),
            x.gap.label,
            "是 yes" if x.attractable else "否 no",
            x.target,
        ]
        for x in sorted(fp.attraction_list(plan, analysis), key=lambda x: x.gap.rank)
    ]
    return "\n".join(
        [
            f"示例“{analysis.name}”（`{rel}` 中的链 `{RESOURCE_EXAMPLE}`）的招商清单 — the 招商 "
            f"list of the example chain `{RESOURCE_EXAMPLE}`:",
            "",
            *_table(
                [
                    "#",
                    "环节 segment",
                    "性质 nature",
                    "行动 action",
                    "招商 attractable",
                    "招商对象或建议 target or advice",
                ],
                rows,
            ),
        ]
    )


def _said(gap: Any) -> list[tuple[str, dict[str, Any], str, str]]:
    """A gap's reasons: each one's catalogue id (``""`` for a plain sentence), arguments,
    Chinese and English."""
    return [
        (getattr(text, "id", ""), dict(getattr(text, "arguments", {})), zh, en)
        for text, zh, en in zip(gap.reasons_text, gap.reasons, gap.reasons_en, strict=False)
    ]


def _term_reason(said: list[tuple[str, dict[str, Any], str, str]], term: str) -> str | None:
    """The reason that explains the measure ``term`` (a :class:`GapWeights` field), zh then en:
    the catalogue message named for it (``chains.gap.<term>``, ``chains.gap.not_<term>``), or
    else the one carrying it as an argument (but not the score's own sum)."""
    for named in (True, False):
        for mid, args, zh, en in said:
            if "score" in args:
                continue
            kind, prefix = mid.rsplit(".", 1)[-1], _TERM_REASONS.get(term)
            own = kind in (term, f"not_{term}") or bool(prefix and kind.startswith(prefix))
            if own if named else term in args:
                return f"{zh}<br>*{en}*"
    return None


#: The reasons of the measures read from the plan, by the start of their message ids: the
#: plan quoted (``chains.gap.plan_asks``…), the projects named (``chains.gap.projects``).
_TERM_REASONS = {"planned": "plan_", "project": "projects"}


def scoring_markdown() -> str:
    """The worked scoring example of the chain page: one gap's measures, each times its weight,
    adding up to its score, then its chain's gaps ranked. The terms are
    :class:`~fyp_planning.GapWeights`' fields, whatever they are; each measure is the gap's
    field of that name or the argument of that name of its score sentence. The build stops if
    they do not add up to the gap's score."""
    import attrs

    import fyp_planning as fp

    plan = _examples_plan()
    weights = fp.GapWeights()
    analysis = fp.gap_analysis(plan, SCORING_EXAMPLE, weights)
    gap = example_gap(analysis, SCORING_EXAMPLE)
    said = _said(gap)
    sums = [s for s in said if "score" in s[1]]
    rows, total = [], 0.0
    for field in attrs.fields(fp.GapWeights):
        weight = getattr(weights, field.name)
        measure = getattr(gap, field.name, None)
        if measure is None and sums:
            measure = sums[-1][1].get(field.name)
        if not isinstance(measure, int | float):
            raise ValueError(
                f"scoring example: gap {gap.segment!r} has no measure {field.name!r} "
                "(neither a field of Gap nor an argument of its score sentence)"
            )
        total += weight * measure
        rows.append(
            [
                f"`{field.name}`",
                f"{weight:g}",
                f"{measure:.3f}",
                f"{weight * measure:.3f}",
                _term_reason(said, field.name),
            ]
        )
    if abs(total - gap.score) > 1e-9:
        raise ValueError(
            f"scoring example: the weighted measures of gap {gap.segment!r} add up to "
            f"{total!r}, its score is {gap.score!r}: the worked example no longer explains it"
        )
    rows.append(
        [
            "**得分 score**",
            "",
            "",
            f"**{gap.score:.3f}**",
            f"{sums[-1][2]}<br>*{sums[-1][3]}*" if sums else None,
        ]
    )
    rel = CHAIN_EXAMPLES_FILE.relative_to(CHAIN_EXAMPLES_FILE.parents[3])
    lines = [
        f"The gap: **{gap.label}「{gap.name}」** (`{gap.segment}`) of the {_example_link(gap)} "
        f"example (chain `{SCORING_EXAMPLE}` of `{rel}`), under the default weights "
        "({py:class}`~fyp_planning.GapWeights`). Each row is one measure of the gap: its weight, "
        "its value, their product, and the gap's own reason that gives the value.",
        "",
        f"缺口：示例“{analysis.name}”中的 **{gap.label}「{gap.name}」**，按默认权重计分。每行一项测度："
        "权重、取值、二者之积，以及该缺口说明此项取值的理由原文。",
        "",
        *_table(
            ["项 term", "权重 weight", "取值 measure", "权重×取值 weighted", "理由 reason"],
            rows,
        ),
    ]
    lines += [
        f"所有缺口按得分排序 — the ranking of the chain's {len(analysis.gaps)} gaps:",
        "",
        *_table(
            [
                "#",
                "环节 segment",
                "行动 action",
                "得分 score",
                "规划 plan",
                "第一条理由 first reason",
            ],
            [
                [
                    g.rank,
                    f"{g.name} `{g.segment}`" if g.segment else f"{g.name}（全链 whole chain）",
                    g.label,
                    f"{g.score:.3f}",
                    analysis.stance_text(g).zh,
                    g.reasons[0],
                ]
                for g in analysis.gaps
            ],
        ),
    ]
    return "\n".join(lines).rstrip() + "\n"


def _example_link(gap: Any) -> str:
    return f"[{gap.action.label}](#chains-{SCORING_EXAMPLE.replace('_', '-')})"


def _write_generated(app: Sphinx) -> None:
    """Write the generated pages, each only when its text changed."""
    from functools import partial

    pages = (
        ("dongkou.md", dongkou_markdown),
        ("flags.md", flags_markdown),
        ("rules.md", rules_markdown),
        ("tables.md", tables_markdown),
        ("screenshots.md", screenshots_markdown),
        ("catalogue.md", catalogue_markdown),
        ("templates.md", templates_markdown),
        ("example-county.md", example_markdown),
        *((f"chains/{c}.md", partial(chain_example_markdown, c)) for c in CHAIN_EXAMPLES),
        ("chains/resources.md", resources_markdown),
        ("chains/scoring.md", scoring_markdown),
    )
    for name, make in pages:
        target = Path(app.srcdir) / "_generated" / name
        text = make()
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        logger.info("fyp_docs: wrote %s", target)


def _public_bases(app: Sphinx, name: str, obj: Any, options: Any, bases: list[type]) -> None:
    from fyp_planning.model.enums import _Labelled, _TupleStrEnum

    bases[:] = [enum.StrEnum if b in (_Labelled, _TupleStrEnum) else b for b in bases]


def _member_labels(app: Sphinx, domain: str, objtype: str, content: nodes.Element) -> None:
    """Describe an undocumented enum member by its Chinese label (and English one, for
    verdicts): ``IndicatorKind.BINDING`` gets 约束性."""
    if domain != "py" or objtype != "attribute" or len(content) or content.parent is None:
        return
    sig = content.parent[0]
    obj: Any = importlib.import_module(sig.get("module") or "builtins")
    for part in (sig.get("fullname") or "").split("."):
        obj = getattr(obj, part, None)
    if not isinstance(obj, enum.Enum) or not isinstance(getattr(obj, "label", None), str):
        return
    label_en = getattr(obj, "label_en", None)
    content += nodes.paragraph(text=f"{obj.label} ({label_en})" if label_en else obj.label)


#: The examples of the command-line reference, one ``## fyp COMMAND`` section each.
CLI_EXAMPLES_FILE = Path(__file__).resolve().parents[1] / "cli-examples.md"


def cli_examples(path: Path = CLI_EXAMPLES_FILE) -> dict[str, list[str]]:
    """The examples of ``docs/cli-examples.md`` as reStructuredText lines, by command path
    (``"fyp catalog show"``): each section's sentences (Markdown ```code``` made ````code````)
    then its console sessions as ``code-block:: console``."""
    import re

    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    found: dict[str, list[str]] = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        command, _, body = section.partition("\n")
        lines = [".. rubric:: 示例 Example", ""]
        pieces = re.split(r"^```(\w*)\n(.*?)^```[ \t]*$", body, flags=re.M | re.S)
        for i in range(0, len(pieces), 3):
            prose = " ".join(pieces[i].split())
            if prose:
                lines += [re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", prose), ""]
            if i + 2 < len(pieces):
                lines += [f".. code-block:: {pieces[i + 1] or 'text'}", ""]
                lines += [f"   {line}".rstrip() for line in pieces[i + 2].splitlines()]
                lines.append("")
        found[command.strip()] = lines
    return found


def _cli_example(app: Sphinx, ctx: Any, lines: list[str]) -> None:
    """After a command's reference (sphinx-click's epilog): its example from
    :data:`CLI_EXAMPLES_FILE`. A command without one is a warning (an error under ``-W``)."""
    import click

    env = ctx.meta.get("sphinx-click-env")
    if env is not None:
        env.note_dependency(str(CLI_EXAMPLES_FILE))
    example = cli_examples().get(ctx.command_path)
    if example is None:
        if not isinstance(ctx.command, click.Group):
            logger.warning("fyp_docs: no example of %r in %s", ctx.command_path, CLI_EXAMPLES_FILE)
        return
    lines += ["", *example]


#: The theme's strings on the Chinese pages (``docs/zh/``), by the English text furo's
#: templates translate (``_("Search")``, ``{% trans %}``). A string not here is looked up in
#: Sphinx's own zh_CN catalogue, and else stays English.
THEME_ZH = {
    "Search": "搜索",
    "Next": "下一页",
    "Previous": "上一页",
    "Home": "首页",
    "Index": "索引",
    "On this page": "本页内容",
    "Back to top": "回到顶部",
    "Contents": "目录",
    "Made with ": "本站使用 ",
    "Copyright &#169; %(copyright)s": "版权所有 &#169; %(copyright)s",
    '<a href="https://www.sphinx-doc.org/">Sphinx</a> and ': (
        '<a href="https://www.sphinx-doc.org/">Sphinx</a> 和 '
    ),
    "Edit this page": "编辑本页",
    "View this page": "查看本页源文件",
}
#: The theme's strings it does not translate (labels and tooltips written into its templates),
#: as they appear in a page and in Chinese.
THEME_ZH_FIXED = {
    "<title>Contents</title>": "<title>目录</title>",
    "<title>Menu</title>": "<title>菜单</title>",
    "<title>Expand</title>": "<title>展开</title>",
    "<title>Light mode</title>": "<title>浅色模式</title>",
    "<title>Dark mode</title>": "<title>深色模式</title>",
    "<title>Auto light/dark, in light mode</title>": "<title>自动（当前浅色）</title>",
    "<title>Auto light/dark, in dark mode</title>": "<title>自动（当前深色）</title>",
    'aria-label="Toggle site navigation sidebar"': 'aria-label="打开或关闭导航栏"',
    'aria-label="Toggle table of contents sidebar"': 'aria-label="打开或关闭本页目录"',
    'aria-label="Toggle Light / Dark / Auto color theme"': 'aria-label="切换浅色、深色或自动配色"',
    ">Skip to content<": ">跳到正文<",
}
#: The language of the pages under ``docs/zh/`` (their ``<html lang>``).
ZH_LANG = "zh-CN"


def _zh_gettext() -> Any:
    """``gettext`` for the Chinese pages: :data:`THEME_ZH`, else Sphinx's zh_CN catalogue."""
    import gettext

    import sphinx

    catalogue = gettext.translation(
        "sphinx", str(Path(sphinx.__file__).parent / "locale"), ["zh_CN"], fallback=True
    )

    def zh(message: str) -> str:
        return THEME_ZH.get(message) or catalogue.gettext(message)

    return zh


def is_chinese_page(pagename: str) -> bool:
    """A page written in Chinese: one under ``docs/zh/``."""
    return pagename.startswith("zh/")


def _chinese_theme(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On a Chinese page, the theme speaks Chinese: ``<html lang="zh-CN">`` and its strings
    through :func:`_zh_gettext` (the templates' ``_()`` and ``{% trans %}`` look ``gettext``
    up in the page's context first)."""
    if not is_chinese_page(pagename):
        return
    zh = _zh_gettext()
    context["language"] = ZH_LANG
    context["gettext"] = zh
    context["ngettext"] = lambda singular, plural, n: zh(singular if n == 1 else plural)


def _chinese_fixed_strings(app: Sphinx, exception: Exception | None) -> None:
    """The theme's untranslated labels on the written Chinese pages (:data:`THEME_ZH_FIXED`)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in sorted((Path(app.outdir) / "zh").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = text
        for english, chinese in THEME_ZH_FIXED.items():
            new = new.replace(english, chinese)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _write_generated)
    app.connect("html-page-context", _chinese_theme)
    app.connect("sphinx-click-process-epilog", _cli_example)
    app.connect("build-finished", _chinese_fixed_strings)
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("object-description-transform", _member_labels)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
