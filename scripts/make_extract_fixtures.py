#!/usr/bin/env python3
"""Write the Word fixture of `fyp extract`: tests/data/extract/nanshan/nanshan.docx.

南山县 is fictional, and so are its firms and every figure. The document is a county plan in
the shape real ones have — headings, paragraphs, a REAL Word table of main indicators
(序号/指标/单位/基期值/目标值/年均增速/属性, with 〔〕 for a five-year total) and a numbered project
list — so the extractor's reading of ``.docx`` tables is tested on a table, not on text laid out
like one. Its hand-written truth is tests/data/extract/nanshan/truth/; tests/data/extract/README.md
says what the fixture holds and which inconsistency it carries on purpose.

The output is deterministic in content (the same paragraphs, styles and cells every run; the
core properties' dates are fixed). A .docx is a zip whose entries carry timestamps, so the
bytes may differ: tests/test_extract_fixtures.py compares the committed file with a fresh one
by text and table cells.

    python scripts/make_extract_fixtures.py            # rewrite the committed fixture
    python scripts/make_extract_fixtures.py --out X    # write it elsewhere

Needs python-docx (the ``docx`` extra: ``pip install "fyp-planning[docx]"``).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NANSHAN = ROOT / "tests" / "data" / "extract" / "nanshan" / "nanshan.docx"

#: The main-indicator table (表1): the header row, then one row per indicator. 〔〕 marks a
#: five-year total; “—” an empty cell. Row 1's 年均增速 12% is NOT the rate 120 → 200 needs
#: (10.76 %): the fixture's deliberate inconsistency (audit T002).
TABLE: tuple[tuple[str, ...], ...] = (
    ("序号", "指标", "单位", "基期值", "目标值", "年均增速", "属性"),
    ("1", "工业总产值", "亿元", "120", "200", "12%", "预期性"),
    ("2", "规模工业增加值", "亿元", "35", "52", "8.2%", "预期性"),
    ("3", "规模以上工业企业", "家", "68", "100", "—", "预期性"),
    ("4", "高新技术企业", "家", "18", "35", "—", "预期性"),
    ("5", "研发经费投入强度", "%", "1.2", "2", "—", "预期性"),
    ("6", "工业技术改造投资", "亿元", "8", "13", "10.2%", "预期性"),
    ("7", "单位工业增加值能耗降低", "%", "—", "〔13.5〕", "—", "约束性"),
    ("8", "工业固体废物综合利用率", "%", "85", "92", "—", "约束性"),
)

#: The document in order: (kind, text). Kinds: title, h1, h2 (Word's Title / Heading 1 /
#: Heading 2 styles), p (Normal), table (the text is ignored: TABLE goes there).
BODY: tuple[tuple[str, str], ...] = (
    ("title", "南山县“十四五”工业高质量发展规划"),
    ("p", "南山县工业和信息化局"),
    ("h1", "前　言"),
    (
        "p",
        "“十四五”时期是南山县加快推进新型工业化、建设现代化经济体系的关键时期。为推动全县工业"
        "高质量发展，根据《南山县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，"
        "编制本规划。",
    ),
    ("p", "本规划是指导全县“十四五”时期工业发展的纲领性文件。"),
    ("h1", "第一章　发展基础"),
    ("h2", "第一节　“十三五”发展成就"),
    (
        "p",
        "“十三五”期间，全县上下深入实施工业强县战略，坚持稳增长、调结构、促创新，工业经济"
        "保持平稳较快发展。",
    ),
    (
        "p",
        "（一）工业经济稳步增长。全县工业总产值由2015年的78亿元增长到2020年的120亿元，"
        "年均增长9%；2020年规模工业增加值达到35亿元，工业技术改造投资完成8亿元。",
    ),
    (
        "p",
        "（二）市场主体持续壮大。规模以上工业企业由2015年的45家增加到2020年的68家，净增23家；"
        "高新技术企业达到18家。",
    ),
    (
        "p",
        "（三）创新能力稳步提升。2020年全县研发经费投入强度达到1.2%，建成市级以上企业技术中心"
        "12个。",
    ),
    ("p", "（四）绿色发展成效明显。2020年全县工业固体废物综合利用率达到85%。"),
    (
        "p",
        "（五）园区平台加快建设。南山高新技术产业开发区基础设施不断完善，东岭工业园、西溪食品"
        "工业园承载能力明显增强。",
    ),
    ("h2", "第二节　面临形势"),
    (
        "p",
        "当今世界正经历百年未有之大变局，新一轮科技革命和产业变革深入发展，产业链供应链加速"
        "重构。国家推动中部地区高质量发展，为南山县承接产业转移、培育新兴产业带来重要机遇。",
    ),
    (
        "p",
        "同时，全县工业总量偏小、结构偏重，龙头企业带动能力不强，创新要素集聚不足，资源环境"
        "约束趋紧，推动工业高质量发展任务艰巨。",
    ),
    (
        "p",
        "综合判断，“十四五”时期全县工业发展仍处于大有可为的重要战略机遇期，必须抢抓机遇、"
        "应对挑战，奋力开创工业高质量发展新局面。",
    ),
    ("h1", "第二章　总体要求与发展目标"),
    ("h2", "第一节　指导思想"),
    (
        "p",
        "坚持以新发展理念为引领，以推动高质量发展为主题，以产业链建设为主线，做强锂电新材料、"
        "绿色食品、装备制造三大产业集群，加快建设先进制造业强县。",
    ),
    ("h2", "第二节　基本原则"),
    ("p", "（一）坚持创新驱动。强化企业创新主体地位，推动创新链与产业链深度融合。"),
    ("p", "（二）坚持集群发展。围绕主导产业招大引强、补齐短板，推动产业集聚集约发展。"),
    ("p", "（三）坚持绿色低碳。严格落实能耗双控，推行清洁生产，发展循环经济。"),
    ("p", "（四）坚持开放合作。主动对接粤港澳大湾区和长株潭地区，承接产业有序转移。"),
    ("h2", "第三节　发展目标"),
    (
        "p",
        "到2025年，全县工业经济规模和质量效益显著提升，锂电新材料、绿色食品、装备制造三大产业"
        "集群基本形成，主要指标见表1。",
    ),
    ("p", "表1　南山县“十四五”工业发展主要指标"),
    ("table", ""),
    ("p", "注：基期值为2020年数值，目标值为2025年数值；〔〕内为五年累计数。"),
    ("h1", "第三章　产业布局与重点产业"),
    ("h2", "第一节　产业布局"),
    (
        "p",
        "构建“一区两园”格局：南山高新技术产业开发区重点发展锂电新材料和电子信息，东岭工业园"
        "重点发展装备制造，西溪食品工业园重点发展茶叶和农产品精深加工。",
    ),
    ("h2", "第二节　重点产业链"),
    (
        "p",
        "（一）锂电新材料产业链。以鑫盛锂电材料为链主，延链发展电池回收利用，补链引进电解液、"
        "隔膜配套企业。",
    ),
    (
        "p",
        "（二）绿色食品产业链。依托翠峰茶业、康源生物，延链发展茶饮料、植物提取物，强链提升"
        "精深加工能力。",
    ),
    ("p", "（三）装备制造产业链。以南岭重工为龙头，补链引进精密铸造、热处理配套企业。"),
    ("h1", "第四章　重点项目"),
    ("p", "“十四五”期间，全县谋划重点工业项目总投资38.5亿元，具体如下："),
    ("p", "1．南山县鑫盛锂电材料有限公司正极材料项目，总投资12亿元；"),
    ("p", "2．南山县翠峰茶业有限公司茶叶精深加工项目，总投资15000万元；"),
    ("p", "3．湖南南岭重工机械有限公司工程机械零部件项目，总投资8亿元；"),
    ("p", "4．南山县宏泰新型建材有限公司装配式建材项目，总投资6.5亿元；"),
    ("p", "5．南山县康源生物科技有限公司植物提取物项目，总投资5亿元；"),
    ("p", "6．南山县云创电子科技有限公司智能终端组件项目，总投资5.5亿元。"),
    ("h1", "第五章　保障措施"),
    (
        "p",
        "（一）加强组织领导。建立县领导联系重点产业链和重点项目制度，统筹解决规划实施中的重大问题。",
    ),
    ("p", "（二）强化要素保障。优先保障重点项目用地、用能和资金需求，完善园区基础设施。"),
    ("p", "（三）加大政策支持。落实支持工业发展的财税、金融政策，引导社会资本投向先进制造业。"),
    ("p", "（四）优化营商环境。深化“放管服”改革，推行项目审批代办服务，打造一流营商环境。"),
    ("p", "（五）强化监测评估。建立规划实施年度监测和中期评估制度，确保规划目标如期实现。"),
    ("p", "（六）营造良好氛围。加强规划宣传解读，凝聚全社会推动工业高质量发展的共识和合力。"),
)

#: The core properties' dates: fixed, so a fresh file says what the committed one says.
_DATE = datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC)


def write_nanshan(path: Path) -> Path:
    """Write 南山县's plan as a .docx at ``path`` and return the path."""
    import docx  # the optional ``docx`` extra

    document = docx.Document()
    props = document.core_properties
    props.title = BODY[0][1]
    props.author = "fyp-planning test fixture (fictional)"
    props.created = props.modified = _DATE
    props.revision = 1
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "p": "Normal"}
    for kind, text in BODY:
        if kind == "table":
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, TABLE, strict=True):
                for cell, value in zip(row.cells, cells, strict=True):
                    cell.text = value
        else:
            document.add_paragraph(text, style=styles[kind])
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=NANSHAN, help=f"where to write (default {NANSHAN})"
    )
    args = parser.parse_args(argv)
    print(write_nanshan(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
