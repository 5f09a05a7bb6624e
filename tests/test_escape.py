"""Hostile text in a plan, through every output format (issue 14, item 6).

A plan whose every name is hostile (``<script>``, a newline starting a Mermaid ``click``
statement, a code fence, a control character, a table pipe, ``]]>``, an entity) is rendered as
the HTML report, the Markdown report, SVG, Mermaid, GraphML, node-link JSON and the progress
CSV; each output must parse, and the text must come out as text, never as markup.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import markupsafe
import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.render.escape import (
    markdown_code,
    markdown_fence,
    markdown_text,
    mermaid_label,
    xml_safe,
    xml_text,
)
from strategies import any_text

#: The issue's hostile names, and a few more of each format's markup.
HOSTILE = [
    "<script>alert(1)</script>",
    "a\nclick x call alert(1)",
    "```",
    "\x01",
    "|",
    "]]>",
    "&amp;",
    'x"]\n  click s_raw call alert(1);%%{init: {"securityLevel": "loose"}}%%',
    "# 标题",
    "- 列表",
    "1. 编号",
    "===",
    "[链接](javascript:alert(1)) *强调* _下划线_ ~~删除~~ \\",
    "#quot;#35;",
    "\r\n\u2028\x00\x1b[31m\ud800\ufffe",
    "    缩进代码",
]

#: Characters XML 1.0 cannot carry at all.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

PLAN = """\
id = "hostile"
region = "PLACEHOLDER"
title = "PLACEHOLDER"
issuer = "PLACEHOLDER"
start_year = 2021
end_year = 2025
base_year = 2020

[indicators.output]
name = "PLACEHOLDER"
unit = "亿元"
category = "PLACEHOLDER"
source = "PLACEHOLDER"
observations = [
  { period = 2020, value = "198亿元", source = "PLACEHOLDER" },
  { period = 2020, value = "199亿元", source = "PLACEHOLDER" },
]
targets = [
  { kind = "level", year = 2025, value = 300, source = "PLACEHOLDER" },
  { year = 2025, text = "年均增长10%以上", source = "PLACEHOLDER" },
]

[indicators.firms]
name = "PLACEHOLDER"
unit = "家"
observations = [{ period = 2020, value = "133家", source = "PLACEHOLDER" }]
targets = [{ kind = "level", year = 2025, value = 180, source = "PLACEHOLDER" }]

[templates.t]
name = "PLACEHOLDER"
edges = [["raw", "made"], ["raw", "parts"], ["parts", "made"], ["made", "sales"]]
[templates.t.segments.raw]
name = "PLACEHOLDER"
stage = "upstream"
[templates.t.segments.parts]
name = "PLACEHOLDER"
stage = "midstream"
core = true
[templates.t.segments.made]
name = "PLACEHOLDER"
stage = "downstream"
[templates.t.segments.sales]
name = "PLACEHOLDER"
stage = "services"

[chains.c]
name = "PLACEHOLDER"
source = "PLACEHOLDER"
template = "t"
[chains.c.presence]
parts = ["firm_a", "firm_b"]
made = ["firm_b"]

[enterprises.firm_a]
name = "PLACEHOLDER"
chains = ["c"]
park = "zone"
leader = true
[enterprises.firm_b]
name = "PLACEHOLDER"
chains = ["c"]
products = "PLACEHOLDER"

[parks.zone]
name = "PLACEHOLDER"
kind = "PLACEHOLDER"
towns = ["PLACEHOLDER", "PLACEHOLDER"]
focus = "PLACEHOLDER"

[projects.p1]
name = "PLACEHOLDER"
enterprise = "firm_a"
investment = "5亿元"
source = "PLACEHOLDER"
"""

OBSERVATIONS = "indicator,period,value,unit\noutput,2023,250,亿元\nfirms,2023,150,家\n"


def _poison(obj: Any, text: str, seen: set[int] | None = None) -> None:
    """Put ``text`` in place of every ``PLACEHOLDER`` of a loaded plan, past the model's
    validators: a plan built with the API can carry anything, so rendering must be safe on
    its own."""
    seen = set() if seen is None else seen
    if id(obj) in seen or not attrs.has(type(obj)):
        return
    seen.add(id(obj))
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, str) and "PLACEHOLDER" in value:
            object.__setattr__(obj, field.name, value.replace("PLACEHOLDER", text))
        elif isinstance(value, tuple) and any(isinstance(v, str) for v in value):
            new = tuple(v.replace("PLACEHOLDER", text) if isinstance(v, str) else v for v in value)
            object.__setattr__(obj, field.name, new)
        elif isinstance(value, tuple | list):
            for item in value:
                _poison(item, text, seen)
        else:
            _poison(value, text, seen)


def hostile_plan(text: str) -> fp.Plan:
    plan = fp.loads_plan(PLAN)
    _poison(plan, text)
    assert plan.title == text and plan.chains[0].name == text
    assert plan.templates[0].segments[0].name == text and plan.parks[0].towns == (text, text)
    return plan


def _observations(plan: fp.Plan, tmp_path: Path) -> tuple[fp.Observation, ...]:
    path = tmp_path / "obs.csv"
    path.write_text(OBSERVATIONS, encoding="utf-8")
    return fp.load_observations(path, plan)


# -- the checks on each format --------------------------------------------------------------


class _Elements(HTMLParser):
    """Every element and attribute an HTML parser sees."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, k, v) for k, v in attrs]


def check_html(html: str) -> None:
    html.encode("utf-8")  # nothing UTF-8 cannot write (a lone surrogate)
    parser = _Elements()
    parser.feed(html)
    parser.close()
    assert "script" not in parser.tags and "<script" not in html
    assert not [a for a in parser.attributes if a[1].startswith("on")]
    # the only elements are those the same report of a plain plan has
    assert set(parser.tags) <= _template_tags()


@functools.cache
def _template_tags() -> frozenset[str]:
    parser = _Elements()
    plain = hostile_plan("示例")
    with tempfile.TemporaryDirectory() as folder:  # the same observations: the same charts
        later = _observations(plain, Path(folder))
    parser.feed(fp.report_html(plain, observations=later, as_of=2023))
    return frozenset(parser.tags)


#: The statements chain_to_mermaid writes, one per line; a label holds no Mermaid markup.
_TEXT = r'(?:[^"#;%`<>&{}|\n]|#[a-z0-9]+;)*'
_MERMAID_LINE = re.compile(
    "|".join(
        [
            r"flowchart LR",
            r"  %% (?:[^#;%`\n]|#[a-z0-9]+;)*",
            rf'  subgraph stage_[a-z_]+\["{_TEXT}"\]',
            rf'    s_[A-Za-z0-9_]+\["{_TEXT}(?:<br/>{_TEXT})?"\]:::[a-z]+',
            r"  end",
            r"  s_[A-Za-z0-9_]+ --> s_[A-Za-z0-9_]+",
            r"  classDef [a-z]+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#000"
            r"(?:,stroke-dasharray:4 3)?",
        ]
    )
)


def check_mermaid(text: str) -> None:
    text.encode("utf-8")
    assert text.endswith("\n")
    for line in text.splitlines():
        assert _MERMAID_LINE.fullmatch(line), line
        assert not re.match(r"\s*click\b", line)


def _markdown_blocks(md: str) -> Iterator[tuple[str, list[str]]]:
    """Fenced blocks as (info string, lines); every fence opened is closed by its own run."""
    lines = iter(md.splitlines())
    for line in lines:
        opened = re.match(r"(`{3,})(.*)", line)
        if opened is None:
            continue
        fence, body = opened.group(1), []
        for inner in lines:
            if re.fullmatch(f"{fence}`*\\s*", inner):
                break
            body.append(inner)
        else:
            pytest.fail(f"fence {fence} never closed")
        yield opened.group(2), body


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def check_markdown(md: str, chains: int) -> None:
    md.encode("utf-8")
    assert "<script" not in md and "<" not in md.replace("<br/>", "")
    blocks = list(_markdown_blocks(md))
    assert [info for info, _ in blocks] == ["mermaid"] * chains
    for _, body in blocks:
        check_mermaid("\n".join(body) + "\n")
    # tables: every row of a table has its header's cells
    table: list[str] = []
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            assert len({_unescaped_pipes(row) for row in table}) == 1, table
        table = []
    # no line begins with data that would make it a heading, list item, rule or raw HTML
    for line in md.splitlines():
        assert not line.startswith(("# 标题", "- 列表", "1. 编号", "===", "<", "\x01")), line


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_xml(text: str) -> ET.Element:
    assert not NOT_XML.search(text)
    return ET.fromstring(text.encode("utf-8"))


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_format_keeps_hostile_text_as_text(text: str, tmp_path: Path) -> None:
    plan = hostile_plan(text)
    data = fp.build_report(plan, observations=_observations(plan, tmp_path), as_of=2023)
    assert data.progress  # the progress section is drawn too
    assert any(text in f.message for f in data.audit.findings)  # findings quote the names

    html = fp.report_html(data)
    check_html(html)
    assert markupsafe.escape(xml_safe(text)) in html  # shown as written, but for controls
    check_markdown(fp.report_markdown(data), chains=1)

    svg = check_xml(fp.chain_to_svg(plan, "c"))
    assert not [e for e in svg.iter() if e.tag.rpartition("}")[2] == "script"]
    texts = [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert xml_safe(text) in texts  # the name is shown as it is (what XML can carry of it)

    graphml = fp.chain_to_graphml(plan, "c")
    check_xml(graphml)
    name = nx.read_graphml(io.StringIO(graphml)).nodes["raw"]["name"]
    assert name == _lines(xml_safe(text))  # an XML parser reads any line break as "\n"

    check_mermaid(fp.chain_to_mermaid(plan, "c"))

    node_link = json.dumps(fp.chain_to_node_link(plan, "c"), ensure_ascii=True)
    back = json.loads(node_link)
    assert {n["name"] for n in back["nodes"]} == {text}  # JSON is lossless


#: The hostile names a plan file may hold (the loader may refuse control characters).
IN_FILES = [t for t in HOSTILE if not any(unicodedata.category(c) in ("Cc", "Cs") for c in t)]


@pytest.mark.parametrize("text", IN_FILES, ids=range(len(IN_FILES)))
def test_hostile_plan_file_through_the_cli(text: str, tmp_path: Path) -> None:
    """The same from a plan file, through `fyp report`, `fyp export` and `fyp progress`."""
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace('"PLACEHOLDER"', json.dumps(text)), encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, [*args])
        assert result.exit_code == 0, result.output
        return result.stdout

    check_html(run("report", str(path)))
    check_markdown(run("report", str(path), "--format", "md"), chains=1)
    check_xml(run("export", str(path), "--chain", "c", "--format", "svg"))
    check_xml(run("export", str(path), "--chain", "c", "--format", "graphml"))
    check_mermaid(run("export", str(path), "--chain", "c", "--format", "mermaid"))
    json.loads(run("export", str(path), "--chain", "c", "--format", "json"))
    json.loads(run("export", str(path)))
    obs = tmp_path / "obs.csv"
    obs.write_text(OBSERVATIONS, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(run("progress", str(path), "--observations", str(obs),
                                           "--format", "csv"))))  # fmt: skip
    assert len({len(r) for r in rows}) == 1 and len(rows) > 1


@given(text=any_text)
def test_xml_outputs_parse_for_any_name(text: str) -> None:
    plan = hostile_plan(text)
    for out in (fp.chain_to_svg(plan, "c"), fp.chain_to_graphml(plan, "c")):
        check_xml(out)


@given(text=any_text)
def test_escapes_hold_for_any_text(text: str) -> None:
    xml = xml_text(text)
    element = ET.fromstring(f"<a b='{xml}' c=\"{xml}\">{xml}</a>")
    assert (element.text or "") == element.get("b") == element.get("c") == xml_safe(text)
    label = re.sub("#[a-z0-9]+;", "", mermaid_label(text))  # its entity codes aside
    assert not re.search(r'["\n\r;%`<>&{}|#]', label)
    md = markdown_text(text)
    assert "\n" not in md and "\r" not in md and "<" not in md and _unescaped_pipes(md) == 0
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]~]", md)
    code = markdown_code(text)
    assert "\n" not in code and "<" not in code
    fenced = markdown_fence(text.replace("\r", ""), "text")
    fence = fenced.split("text\n", 1)[0]
    assert (
        fenced.endswith(f"\n{fence}\n") and f"\n{fence}" not in fenced[len(fence) : -len(fence) - 1]
    )


def test_markdown_code_span_sizes_its_delimiter() -> None:
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("") == ""
    assert markdown_code("indicators.output.targets[0]") == "`indicators.output.targets[0]`"


def test_markdown_text_escapes_block_starts_only_at_the_start() -> None:
    assert markdown_text("1. 编号") == "1\\. 编号"
    assert markdown_text("2025年") == "2025年" and markdown_text("0.5") == "0.5"
    assert markdown_text("-5%") == "-5%" and markdown_text("- 5%") == "\\- 5%"
    assert markdown_text("===") == "\\===" and markdown_text("a = b") == "a = b"
    assert markdown_text("#1") == "#1" and markdown_text("## 二") == "\\## 二"
    assert markdown_text("    代码") == "&#32;   代码" and markdown_text("\t- x") == "&#9;- x"


def test_markdown_report_renders_hostile_text_as_text() -> None:
    """With a CommonMark parser (in the docs extra): the report's HTML has no element from data."""
    markdown_it = pytest.importorskip("markdown_it")
    text = HOSTILE[0] + HOSTILE[7] + HOSTILE[12]
    md = fp.report_markdown(hostile_plan(text))
    html = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)
    parser = _Elements()
    parser.feed(html)
    assert "script" not in parser.tags and "a" not in parser.tags and "em" not in parser.tags
    assert "s" not in parser.tags and "del" not in parser.tags
    assert parser.tags.count("code") == 1 + html.count("<code>")  # the mermaid block + spans
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
