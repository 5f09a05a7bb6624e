"""The plan report: HTML (self-contained) and Markdown, from the library and `fyp report`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import fyp_planning as fp
from fyp_planning.cli import main

OBSERVATIONS = (
    Path(__file__).parent.parent / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
)


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


@pytest.fixture(scope="module")
def html(dongkou: fp.Plan) -> str:
    obs = fp.load_observations(OBSERVATIONS, dongkou)
    return fp.report_html(dongkou, observations=obs)


class _Resources(HTMLParser):
    """Every attribute that would make a browser fetch something, and every element kind."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            fetching = name in {"src", "href", "xlink:href", "data", "poster", "srcset"}
            if fetching and value and not value.startswith("#"):
                self.fetches.append((tag, name, value))


def test_html_report_has_every_section_for_dongkou(html: str) -> None:
    parser = _Resources()
    parser.feed(html)
    assert {"indicators", "audit", "progress", "review", "chains", "parks"} <= set(parser.ids)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    for heading in (
        "指标与目标",
        "一致性审查",
        "进展评估",
        "上一规划执行情况",
        "产业链",
        "园区与项目",
    ):
        assert f"<h2>{heading}" in html, heading
    # the indicator table: baseline, target and the annual rate the target implies
    assert "198亿元（2020）" in html and "≥300亿元（2025年）" in html and "需年均增长8.67%" in html
    assert "2025年约318.88亿元" in html  # 年均增长10% from 198亿元
    # audit findings with their arithmetic
    assert "V001" in html and "(198 ÷ 137.1)^(1/5) − 1 = 7.63%" in html
    # progress verdicts from the observations
    assert "需年均增长8.67%，实际8.66%" in html
    # the review of the 十三五 plan: 138家（另有133家）, shortfalls as 差…
    assert "138家（另有133家）" in html
    review = html.split('id="review"')[1].split("</section>")[0]
    assert '<td class="num">差2亿元（1%）</td>' in review
    assert '<span class="tag v-bad">否</span>' in review
    assert "差距／超额（占目标）" in review and "以百分点计" in review
    assert "<ul" not in review  # no end value is an estimate or a part-year
    # seven chains, each with its SVG drawing and ranked actions
    assert html.count('<div class="figure"><svg') == 7 and html.count("产业链图谱") >= 7
    for name in ("特色食品", "新材料", "电子信息", "特色轻工", "文旅", "互联网", "装备制造"):
        assert f"<h3>{name}" in html, name
    assert "延链（向下游）" in html and "建链" in html
    # projects with amounts as written, and the parks
    assert "湖南德峰医疗器械有限公司" in html and "6599万" in html
    assert "洞口县经济开发区" in html or "经济开发区" in html


def test_html_report_references_no_external_resource(html: str) -> None:
    parser = _Resources()
    parser.feed(html)
    assert parser.fetches == []  # only in-page anchors (#audit, ...)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & parser.tags
    assert "@import" not in html and not re.search(r"url\(", html)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_html_escapes_plan_text() -> None:
    plan = fp.Plan(id="demo", region="<b>县</b>", title="示例 & <script>", start_year=2021,
                   end_year=2025)  # fmt: skip
    out = fp.report_html(plan)
    assert "<script>" not in out and "示例 &amp; &lt;script&gt;" in out
    assert "&lt;b&gt;县&lt;/b&gt;" in out


def test_a_target_stated_twice_is_shown_and_judged_once(html: str) -> None:
    body = html.split('id="progress"')[1].split("</section>")[0]
    assert body.count("<td>县经济开发区入园企业</td>") == 1
    indicators = html.split('id="indicators"')[1].split("</section>")[0]
    assert indicators.count("≥300亿元（2025年）") == 1


def test_predecessor_figures_stand_in_for_a_missing_baseline(dongkou: fp.Plan) -> None:
    rows = {(r.id, r.target): r for r in fp.build_report(dongkou).rows}
    firms = rows["above_scale_enterprises", "≥180家（2025年）"]
    # the one the evaluation judges from (the later statement), the other beside it
    assert firms.baseline == "138家（2020，取自十三五规划，另有133家）"
    assert firms.implied == "需年均增加8.4家"
    zone = rows["zone_enterprises", "≥120家（2025年）"]
    assert zone.baseline == "139家（2020，取自十三五规划）"
    share = rows["rd_gdp_share", "占GDP比重≥3%（2025年）"]
    assert share.baseline == "3.08%（2020年1-9月，取自十三五规划）"  # a share: a level
    # additions of the previous period are no baseline for this period's additions
    assert rows["new_mobile_broadband", "≥15万户（2025年）"].baseline == "—"


EXAMPLE = (
    Path(__file__).parent.parent / "examples/example-county/src/fyp_planning_example_county/data"
)


def test_review_section_flags_estimates_and_shows_excess() -> None:
    plan = fp.load(EXAMPLE)  # 工业总产值 860亿元（预计）; 高新技术企业 58家 against ≥45家
    review = fp.report_html(plan).split('id="review"')[1].split("</section>")[0]
    assert "<td>860亿元（预计）</td>" in review
    assert '<span class="tag v-bad">否（预计）</span>' in review
    assert '<span class="tag v-good">超额完成</span>' in review
    assert '<td class="num">超额13家（28.89%）</td>' in review and "-13家" not in review
    assert "<li>工业总产值：期末值为预计数，是否完成据此判断，以最终统计数据为准。</li>" in review
    md = fp.report_markdown(plan).split("## 上一规划执行情况")[1].split("## 产业链")[0]
    assert (
        "| 工业总产值 | 610亿元 | ≥900亿元 | 860亿元（预计） | 否（预计） | 差40亿元（4.44%） |"
        in md
    )
    assert "| 超额完成 | 超额13家（28.89%） |" in md
    assert "- 工业总产值：期末值为预计数，是否完成据此判断，以最终统计数据为准。" in md


def test_without_observations_there_is_no_progress_section(dongkou: fp.Plan) -> None:
    out = fp.report_html(dongkou)
    assert 'id="progress"' not in out and "进展评估" not in out


def test_markdown_report_draws_chains_as_mermaid(dongkou: fp.Plan) -> None:
    md = fp.report_markdown(dongkou)
    assert md.startswith("# 洞口县科技和工业“十四五”发展规划（2021-2025年）\n")
    assert md.count("```mermaid\nflowchart LR") == 7
    assert "## 一致性审查 Audit" in md and "## 产业链 Industrial chains" in md
    # every table row has as many cells as its header
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            width = lines[i - 1].count(" | ")
            j = i + 1
            while j < len(lines) and lines[j].startswith("| "):
                assert lines[j].replace("\\|", "").count(" | ") == width, lines[j]
                j += 1


def test_cli_report_writes_html_and_markdown(tmp_path: Path) -> None:
    out = tmp_path / "dongkou-report.html"
    result = CliRunner().invoke(
        main, ["report", "dongkou", "-o", str(out), "--observations", str(OBSERVATIONS)]
    )
    assert result.exit_code == 0, result.output
    assert "已写入 wrote" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert 'id="progress"' in text and "截至" not in text.split('id="progress"')[1][:200]
    result = CliRunner().invoke(main, ["report", "dongkou", "--format", "md", "--as-of", "2022",
                                       "--observations", str(OBSERVATIONS)])  # fmt: skip
    assert result.exit_code == 0 and "进展评估 Progress（截至2022年）" in result.stdout


def test_cli_report_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "obs.csv"
    bad.write_text("indicator,period,value\nnope,2021,1亿元\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "dongkou", "--observations", str(bad)])
    assert result.exit_code == 2 and "nope" in result.stderr
    # an output that cannot be written has its own status (EXIT_OUTPUT), not bad input's 2
    result = CliRunner().invoke(main, ["report", "dongkou", "-o", str(tmp_path / "no" / "x.html")])
    assert result.exit_code == 73 and "cannot write" in result.stderr


def test_the_report_analyses_each_chain_once(dongkou: fp.Plan, analyses_made: list[str]) -> None:
    made = analyses_made
    data = fp.build_report(dongkou)
    assert sorted(made) == sorted(c.id for c in dongkou.chains)
    # the drawings and the 招商 lines show those very analyses
    for section in data.chains:
        assert all(a.gap in section.analysis.gaps for a in section.attraction)


@pytest.fixture
def g001_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """G001 (three warnings on Dongkou's predecessor) raises, as T001 did on a 400-digit value."""
    import attrs

    from fyp_planning.checks import engine

    def overflows(plan: fp.Plan) -> list[fp.Finding]:
        raise OverflowError("int too large to convert to float")

    rules = tuple(attrs.evolve(r, check=overflows) if r.code == "G001" else r for r in engine.RULES)
    monkeypatch.setattr(engine, "RULES", rules)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_rule_that_fails_is_in_the_report_and_the_rest_is_kept(
    g001_fails: None, fmt: str
) -> None:
    """Issue 14: `fyp report` dropped a failed rule's findings silently (9 warnings of 11)."""
    result = CliRunner().invoke(main, ["report", "dongkou", "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Dongkou: 3 errors, 11 warnings (3 of them G001's), 5 infos; now G001 fails on both plans
    assert "错误 5 项，警告 8 项，提示 5 项" in out
    failed = "规则G001执行失败：OverflowError: int too large to convert to float"
    assert out.count(failed) == 2
    assert all(code in out for code in ("V001", "D002", "T003", "U001", "U002", "T002"))
    assert "rule G001 failed on dongkou_14th_sti: OverflowError" in result.stderr
    assert "rule G001 failed on dongkou_13th_sti: OverflowError" in result.stderr
    if fmt == "md":
        assert f"- **错误 G001** {failed}\n" in out  # no empty location after it
        assert f"- **错误 G001** {failed}  \n  位置：上一规划\n" in out


def test_an_unstated_kind_is_tagged_apart_from_anticipatory(dongkou: fp.Plan) -> None:
    """Dongkou's tables state no 约束性/预期性: the tag says 未注明 in its own colour, and a
    stated kind keeps its own (regression: 未注明 was coloured as 预期性)."""
    html = fp.report_html(dongkou)
    assert re.findall(r'class="tag (\w+)">未注明', html) and not re.findall(
        r'class="tag (?!unstated)\w+">未注明', html
    )
    ind = dongkou.indicators[0]
    plan = fp.Plan(
        id="k",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        indicators=[
            attrs.evolve(ind, id="a", kind=fp.IndicatorKind.BINDING),
            attrs.evolve(ind, id="b", kind=fp.IndicatorKind.ANTICIPATORY),
        ],
    )
    out = fp.report_html(plan)
    assert 'class="tag binding">约束性' in out and 'class="tag anticipatory">预期性' in out


def test_chain_summary_counts_segments_present_by_link(dongkou: fp.Plan, html: str) -> None:
    # 特色食品: 4 strong, 0 present, 1 weak, 1 supplied by 特色轻工 (食品包装材料), 11 missing
    assert "<th>薄弱</th><th>链间</th><th>缺失</th>" in html
    row = re.search(r"<tr><td>特色食品</td>(.*?)</tr>", html)
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row[1]) == [
        "35.3%",
        "4",
        "0",
        "1",
        "1",
        "11",
    ]
    md = fp.report_markdown(fp.build_report(dongkou))
    assert "| 特色食品 | 35.3% | 4 | 0 | 1 | 1 | 11 |" in md
