"""``fyp extract``: reading documents, the sentence shapes, the draft folder, --merge, the CLI."""

from __future__ import annotations

import builtins
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning.cli import EXIT_OUTPUT, main
from fyp_planning.extract.document import read_document, split_blocks
from fyp_planning.extract.draft import build_draft
from fyp_planning.extract.figures import figures, normalise, read_quantity
from fyp_planning.extract.folder import merge_draft, plan_files, write_draft
from fyp_planning.extract.grammar import read_findings

DOC = """示例县工业“十四五”发展规划（2021-2025年）

第一章 “十三五”发展回顾
1、经济指标。工业总产值从期初的50亿元增长到80亿元，增长了60%，年均增长9.9%；规模工业企业期初的40家，达到期末的52家，年均净增加2家以上。工业税收从0.5亿增长到1.2亿元。
2、项目建设。计划再入库3个亿，分别为：示例县甲乙食品有限公司12000万，示例县丙丁纸业有限公司18000万。
第二章 发展目标
到2025年，全县规模以上工业总产值年均增长10%以上，总产值达到130亿元；高新技术企业达到20家；工业污染物排放达标率98%以上；单位工业增加值能耗平均下降5‰。重点培育10-20家行业骨干企业，每年要实施8个以上重点技改项目。
“十四五”主要指标
\t序号
\t指标
\t单位
\t2020年
\t2025年
\t属性

\t1
\t工业总产值
\t亿元
\t80
\t130
\t预期性

\t2
\t单位工业增加值能耗降低（%）
\t
\t
\t〔14〕
\t约束性
"""


def _draft(text: str = DOC) -> Any:
    blocks = split_blocks(text)
    from fyp_planning.extract.document import Document

    return build_draft(read_findings(Document("doc.txt", blocks[0].text, blocks)))


def _write(tmp_path: Path, text: str = DOC, name: str = "doc.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- reading documents ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")]
)
def test_text_is_read_as_utf8_with_or_without_bom_else_gb18030(
    tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + DOC.encode(encoding))
    document = read_document(path)
    assert document.title == "示例县工业“十四五”发展规划（2021-2025年）"
    assert any(b.kind == "table" for b in document.blocks)


def test_bytes_that_are_not_text_are_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\x81")
    with pytest.raises(fp.ExtractError, match="not text in UTF-8 or GB18030"):
        read_document(path)


def test_a_document_larger_than_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fyp_planning import limits

    monkeypatch.setattr(limits, "MAX_EXTRACT_FILE_BYTES", 100)
    with pytest.raises(fp.ExtractError):
        read_document(_write(tmp_path))


def test_hard_wrapped_lines_are_joined_and_titles_are_not() -> None:
    blocks = split_blocks(
        "示例县规划\n示例县经济和信息化局\n第二章 目标\n1、 总量规模持续扩张。继续在国\n\n民经济中发挥主导作用。\n"
    )
    assert [b.text for b in blocks] == [
        "示例县规划",
        "示例县经济和信息化局",
        "第二章 目标",
        "1、 总量规模持续扩张。继续在国民经济中发挥主导作用。",
    ]


def test_locations_are_labelled_as_the_dongkou_data_labels_them() -> None:
    text = (
        "题\n第一章 回顾\n第一节 执行情况\n一、成效\n1、经济指标较好。\n二、问题\n"
        "（一）总量小。\n2、企业少。\n第四章 重点工作\n（三）创新。\n2、推进技术创新。\n"
        "第二章 目标\n第四节 指标\n表\n\t序号\n\t指标\n\n\t1\n\t产值\n"
    )
    labels = [(b.kind, b.label) for b in split_blocks(text)]
    assert ("paragraph", "第一章第一节一.1") in labels
    assert ("paragraph", "第一章第一节二（一）") in labels
    assert ("paragraph", "第一章第一节二（一）2") in labels
    assert ("paragraph", "第四章（三）2") in labels
    assert ("table", "第二章第四节表1") in labels


def test_a_text_table_keeps_its_caption_and_rows() -> None:
    table = next(b for b in split_blocks(DOC) if b.kind == "table")
    assert table.caption == "“十四五”主要指标"
    assert table.rows[0] == ["序号", "指标", "单位", "2020年", "2025年", "属性"]
    assert table.rows[1] == ["1", "工业总产值", "亿元", "80", "130", "预期性"]


def test_a_docx_document_reads_its_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("示例县“十四五”工业规划")
    document.add_paragraph("第二章 发展目标")
    table = document.add_table(rows=2, cols=5)
    for row, cells in zip(
        table.rows,
        (["序号", "指标", "单位", "基期", "目标"], ["1", "工业总产值", "亿元", "80", "130"]),
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("到2025年，高新技术企业达到20家。")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    blocks = read_document(path).blocks
    assert [b.kind for b in blocks] == ["paragraph", "heading", "table", "paragraph"]
    draft = build_draft(read_findings(read_document(path)))
    values = {(t.indicator, fp.format_quantity(t.value)) for t in draft.plan.targets}
    assert values == {("industrial_output", "130亿元"), ("high_tech_enterprises", "20家")}
    assert draft.plan.observations[0].source == "第二章表1第1行"


@pytest.mark.parametrize(
    ("suffix", "module", "extra"), [(".docx", "docx", "docx"), (".pdf", "pypdf", "pdf")]
)
def test_a_missing_extra_names_the_pip_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, extra: str
) -> None:
    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == module or name.startswith(f"{module}."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"not read")
    with pytest.raises(fp.OptionalDependencyError, match=rf"fyp-planning\[{extra}\]"):
        read_document(path)


# -- figures and quantities ---------------------------------------------------------------------------
def test_years_markers_and_names_are_not_figures() -> None:
    text = normalise(
        "1、到2025年，2020年9月，5Ｇ、S220和（2021-2025年）不是数字，但137.1亿元和“135”工程是。"
    )
    assert [f.text for f in figures(text)][-2:] == ["137.1", "135"]
    assert [f.text for f in figures(text)] == ["1", "137.1", "135"]  # 1、 is stripped per block


def test_a_quantity_takes_the_longest_unit_that_reads() -> None:
    text = "从期初的137.1亿元增长到期末"
    start = text.index("137")
    q, written, _ = read_quantity(text, start)  # type: ignore[misc]
    assert written == "137.1亿元" and q == fp.parse_quantity("137.1亿元")
    assert read_quantity("达到31.5，", 2)[1] == "31.5"  # type: ignore[index]


# -- the sentence shapes ----------------------------------------------------------------------------
def test_review_sentences_give_observations_and_the_documents_own_figures() -> None:
    previous = _draft().plan.predecessor
    assert previous is not None and (previous.start_year, previous.end_year) == (2016, 2020)
    obs = {(o.indicator, str(o.period), fp.format_quantity(o.value)) for o in previous.observations}
    assert ("industrial_output", "2015", "50亿元") in obs
    assert ("industrial_output", "2020", "80亿元") in obs
    assert ("above_scale_enterprises", "2015", "40家") in obs
    assert ("above_scale_enterprises", "2020", "52家") in obs
    said = {
        (s.kind.value, s.indicator, fp.format_quantity(s.value), s.comparator.value)
        for s in previous.statements
    }
    assert ("total_growth", "industrial_output", "60%", "=") in said
    assert ("average_growth", "industrial_output", "9.9%", "=") in said
    assert ("average_change", "above_scale_enterprises", "2家", ">=") in said
    total = next(s for s in previous.statements if s.kind is fp.StatementKind.TOTAL)
    assert fp.format_quantity(total.value) == "3亿" and len(total.parts) == 2


def test_a_number_without_a_unit_is_kept_bare_and_listed() -> None:
    draft = _draft()
    tax = [
        o
        for o in draft.plan.predecessor.observations
        if o.period == fp.Period(2015) and "0.5" in fp.format_quantity(o.value)
    ]
    assert len(tax) == 1 and not tax[0].unit_stated  # "0.5亿": no 元, nothing guessed
    assert "0.5亿" in plan_files(draft)["extract-review.md"]


def test_projects_carry_their_enterprise_and_bare_amount() -> None:
    previous = _draft().plan.predecessor
    names = {e.id: e.name for e in previous.enterprises}
    amounts = {names[p.enterprise]: fp.format_quantity(p.investment) for p in previous.projects}
    assert amounts == {"示例县甲乙食品有限公司": "12000万", "示例县丙丁纸业有限公司": "18000万"}


def test_goals_are_read_with_parse_target() -> None:
    plan = _draft().plan
    targets = {(t.indicator, t.kind, t.describe()) for t in plan.targets}
    assert ("above_scale_output", "growth", "年均增长≥10%") in targets
    assert ("above_scale_output", "level", "≥130亿元") in targets  # 总产值 is the same subject
    assert ("high_tech_enterprises", "level", "≥20家") in targets
    assert ("pollutant_compliance_rate", "threshold", "保持≥98%") in targets
    kinds = {t.kind for t in plan.targets}
    assert {"reduction", "rate"} <= kinds  # 平均下降5‰; 每年要实施8个以上
    ranges = sorted(
        (t.comparator.value, fp.format_quantity(t.value))
        for t in plan.targets
        if "骨干" in (t.text or "")
    )
    assert ranges == [("<=", "20家"), (">=", "10家")]


def test_a_main_indicator_table_gives_base_values_targets_and_kinds() -> None:
    plan = _draft().plan
    output = plan.indicator("industrial_output")
    assert output.kind is fp.IndicatorKind.ANTICIPATORY and output.source == "表1第1行".join(
        ["第二章", ""]
    )
    assert [
        fp.format_quantity(o.value) for o in plan.observations if o.indicator == "industrial_output"
    ] == ["80亿元"]
    fall = next(t for t in plan.targets if t.source and t.source.endswith("表1第2行"))
    assert fall.kind == "reduction" and not fall.annual  # 〔14〕: over the five years
    assert plan.indicator(fall.indicator).name == "单位工业增加值能耗"  # what falls
    assert plan.indicator(fall.indicator).kind is fp.IndicatorKind.BINDING


def test_every_item_is_marked_extracted_with_its_sentence() -> None:
    plan = _draft().plan
    for item in [*plan.indicators, *plan.observations, *plan.targets]:
        assert item.provenance is fp.Provenance.EXTRACTED and item.quote and item.source


# -- the folder, --merge ----------------------------------------------------------------------------
def test_the_folder_is_the_documented_plan_format_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    write_draft(_draft(), out)
    assert sorted(p.name for p in out.iterdir()) == [
        "extract-review.md",
        "plan.toml",
        "previous.toml",
    ]
    raw = tomllib.loads((out / "plan.toml").read_text("utf-8"))
    assert raw["predecessor"] == "previous.toml"
    plan = fp.load(str(out))
    assert plan.predecessor is not None
    assert fp.dumps_plan(attrs.evolve(plan, predecessor=None)).count('provenance = "extracted"') > 5


def test_a_non_empty_folder_is_refused_without_merge(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("keep", "utf-8")
    with pytest.raises(fp.ExtractError, match="--merge"):
        write_draft(_draft(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_merge_keeps_what_a_person_checked_and_replaces_the_rest(tmp_path: Path) -> None:
    first = _draft()
    checked = next(t for t in first.plan.targets if t.indicator == "high_tech_enterprises")
    corrected = attrs.evolve(
        checked, value=fp.parse_quantity("25家"), provenance=fp.Provenance.DOCUMENT
    )
    old = attrs.evolve(
        first.plan,
        targets=[corrected if t is checked else t for t in first.plan.targets],
        title="人工改过的标题",
    )
    merged = merge_draft(old, _draft()).plan
    ours = [t for t in merged.targets if t.indicator == "high_tech_enterprises"]
    assert ours == [corrected]  # the correction kept, the extracted 20家 not added again
    assert merged.title == "人工改过的标题"
    assert len(merged.targets) == len(first.plan.targets)
    assert merged.predecessor is not None and merged.predecessor.statements


def test_merge_through_the_cli_keeps_a_corrected_file(tmp_path: Path) -> None:
    doc = _write(tmp_path)
    out = tmp_path / "draft"
    assert CliRunner().invoke(main, ["extract", str(doc), "-o", str(out)]).exit_code == 0
    text = (out / "plan.toml").read_text("utf-8")
    edited = text.replace('value = "20家"', 'value = "25家"', 1)
    edited = edited.replace('provenance = "extracted"', 'provenance = "document"')
    (out / "plan.toml").write_text(edited, "utf-8")
    refused = CliRunner().invoke(main, ["extract", str(doc), "-o", str(out)])
    assert refused.exit_code == EXIT_OUTPUT and "--merge" in refused.output
    done = CliRunner().invoke(main, ["extract", str(doc), "-o", str(out), "--merge"])
    assert done.exit_code == 0, done.output
    plan = fp.load(str(out))
    values = [
        fp.format_quantity(t.value) for t in plan.targets if t.indicator == "high_tech_enterprises"
    ]
    assert values == ["25家"]


def test_the_cli_prints_counts_as_json(tmp_path: Path) -> None:
    import json

    done = CliRunner().invoke(
        main, ["extract", str(_write(tmp_path)), "-o", str(tmp_path / "d"), "--format", "json"]
    )
    assert done.exit_code == 0
    counts = json.loads(done.output)
    assert counts["projects"] == 2 and counts["targets"] >= 8 and "review" in counts


def test_the_cli_refuses_a_missing_document_with_exit_2(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        main, ["extract", str(tmp_path / "none.txt"), "-o", str(tmp_path / "d")]
    )
    assert done.exit_code == 2 and "错误" in done.output
    assert not (tmp_path / "d").exists()


# -- the model additions -----------------------------------------------------------------------------
def test_quote_and_provenance_default_so_existing_files_dump_unchanged() -> None:
    dongkou = fp.load("dongkou")
    text = fp.dumps_plan(dongkou)
    assert "quote =" not in text and "provenance = " not in text.replace(
        "links_provenance", ""
    ).replace("presence_provenance", "").replace("chain_provenance", "")
    assert fp.Provenance.from_text("自动抽取，待核") is fp.Provenance.EXTRACTED


def test_quote_and_provenance_round_trip_through_files_and_the_store(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    plan = fp.loads_plan(fp.dumps_plan(attrs.evolve(_draft().plan, predecessor=None)))
    assert fp.loads_plan(fp.dumps_plan(plan)) == plan
    fp.dump_plan_store([plan], tmp_path / "store")
    (again,) = fp.load_plan_store(tmp_path / "store")
    assert again == plan
    assert again.targets[0].provenance is fp.Provenance.EXTRACTED and again.targets[0].quote


def test_a_document_of_too_many_lines_is_refused_not_cut_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fyp_planning import limits

    monkeypatch.setattr(limits, "MAX_EXTRACT_LINES", 5)
    with pytest.raises(fp.ExtractError, match="more than the limit of 5"):
        split_blocks(DOC)


# -- parks and chains -----------------------------------------------------------------------------
CHAINS_DOC = """示例县“十四五”工业规划
第二章 产业布局
“甲产业园、乙产业园”等园中园基本建成，进一步扩展建设2个“园外园”，即“丙加工园”、“丁物流园”。
逐步形成特色食品、新材料、电子信息等三大工业新兴优势产业链。
第三章 重点任务
一、做强新能源电池产业
以示例县瑞能电池有限公司为龙头，延链发展电池梯次利用和回收再生，补链引进隔膜、电解液等关键材料配套企业。
二、改造提升传统产业
推动农产品加工、建材等传统产业实施智能化改造。
"""


def test_parks_of_the_named_lists_get_their_kind() -> None:
    plan = _draft(CHAINS_DOC).plan
    assert [(p.name, p.kind) for p in plan.parks] == [
        ("甲产业园", "园中园"),
        ("乙产业园", "园中园"),
        ("丙加工园", "园外园"),
        ("丁物流园", "园外园"),
    ]
    assert all(p.provenance is fp.Provenance.EXTRACTED and p.quote for p in plan.parks)


def test_chains_their_directions_and_firms_without_a_guessed_template() -> None:
    plan = _draft(CHAINS_DOC).plan
    assert [c.name for c in plan.chains] == ["特色食品", "新材料", "电子信息", "新能源电池"]
    battery = plan.chains[-1]
    assert battery.template is None and battery.source == "第三章一"
    assert [(d.action.label, d.text, d.segments) for d in battery.directions] == [
        ("延链", "延链发展电池梯次利用和回收再生", ()),
        ("补链", "补链引进隔膜、电解液等关键材料配套企业", ()),
    ]
    (firm,) = plan.enterprises
    assert (firm.name, firm.chains, firm.leader) == ("示例县瑞能电池有限公司", (battery.id,), True)
    # a part without 建链/延链/补链/强链 is no chain
    assert "传统" not in "".join(c.name for c in plan.chains)
    fp.audit(plan)  # the draft's chains are audited as they are


def test_merge_replaces_extracted_parks_and_keeps_checked_ones() -> None:
    first = _draft(CHAINS_DOC)
    checked = attrs.evolve(
        first.plan.parks[0], name="甲产业园（已核）", provenance=fp.Provenance.DOCUMENT
    )
    old = attrs.evolve(first.plan, parks=[checked, *first.plan.parks[1:]])
    merged = merge_draft(old, _draft(CHAINS_DOC)).plan
    assert merged.parks[0] == checked
    assert [p.name for p in merged.parks[1:]] == ["乙产业园", "丙加工园", "丁物流园"]
    assert merged.chains == first.plan.chains


def test_a_pdf_is_read_through_its_text_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pypdf = pytest.importorskip("pypdf")

    class Page:
        def __init__(self, text: str) -> None:
            self.text = text

        def extract_text(self) -> str:
            return self.text

    class Reader:
        def __init__(self, stream: Any) -> None:
            self.pages = [Page(DOC[: DOC.index("第二章")]), Page(DOC[DOC.index("第二章") :])]

    monkeypatch.setattr(pypdf, "PdfReader", Reader)
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 stand-in")
    draft = build_draft(read_findings(read_document(path)))
    assert draft.plan.predecessor is not None and draft.plan.targets


def test_an_unreadable_pdf_is_an_extract_error(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"not a pdf at all")
    with pytest.raises(fp.ExtractError, match="cannot read the pdf file"):
        read_document(path)


# -- properties ------------------------------------------------------------------------------------
_FRAGMENTS = [
    "第一章 “十三五”发展回顾\n",
    "第二章 发展目标\n",
    "一、成效\n",
    "（二）问题\n",
    "1、",
    "2、",
    "工业总产值",
    "规模工业企业",
    "高新技术企业",
    "研发投入占GDP的比重",
    "工业税收",
    "从期初的",
    "增长到",
    "达到",
    "年均增长",
    "增长了",
    "比2016年提高",
    "到2025年，",
    "以上",
    "以下",
    "期末的",
    "分别为：",
    "示例县甲有限公司",
    "项目",
    "总投资",
    "每年要实施",
    "〔",
    "〕",
    "亿元",
    "万元",
    "家",
    "个",
    "%",
    "‰",
    "个百分点",
    "万",
    "亿",
    "，",
    "。",
    "；",
    "、",
    "\n",
    "\n\n",
    "\t",
    "\t序号\n",
    "\t指标\n",
    "\t2020年\n",
    "\t2025年\n",
    "10",
    "3.5",
    "0.87",
    "2020年",
    "2015年",
    "50-100",
    "“",
    "”",
    "延链发展",
    "以某某为龙头，",
    "园外园",
    "即“甲园”",
    "到2035年，",
    "〔5〕",
    "（亿元）",
    "\t1\n",
    "\t工业总产值（亿元）\n",
    "\t约束性\n",
    "\t单位\n",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
def test_any_document_drafts_a_loadable_plan_and_accounts_for_every_figure(
    parts: list[str],
) -> None:
    from test_extract_dongkou import _document_figures

    text = "示例县工业“十四五”发展规划（2021-2025年）\n" + "".join(parts)
    # a number across a hard wrap is one number once the lines are joined ("1\n0" is 10),
    # two to a count per line
    assume(not re.search(r"[\d.]\n[\n ]*[\d.]", text))
    draft = _draft(text)
    files = plan_files(draft)
    plan = fp.loads_plan(files["plan.toml"].replace('predecessor = "previous.toml"\n', ""))
    assert plan.id == "draft"
    if draft.plan.predecessor is not None:
        fp.loads_plan(files["previous.toml"])
    reviewed = Counter(r.figure for r in draft.reviews if r.figure)
    assert Counter(draft.used) + reviewed == _document_figures(text)
