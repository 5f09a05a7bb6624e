"""The report a 局长 reads at a glance (issue 17): the executive summary on page one, honest
tables and cards, and a report that prints on A4 with a dated footer."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning.cli import main
from fyp_planning.render.report import TOP_ACTIONS, _sorted_progress, generated_date

OBSERVATIONS = (
    Path(__file__).parent.parent / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
)
DAY = datetime.date(2026, 1, 2)


@pytest.fixture(scope="module")
def dongkou() -> fp.Plan:
    return fp.load("dongkou")


@pytest.fixture(scope="module")
def observed(dongkou: fp.Plan) -> fp.ReportData:
    obs = fp.load_observations(OBSERVATIONS, dongkou)
    return fp.build_report(
        dongkou, observations=obs, observations_name=OBSERVATIONS.name, generated=DAY
    )


@pytest.fixture(scope="module")
def html(observed: fp.ReportData) -> str:
    return fp.report_html(observed)


@pytest.fixture(scope="module")
def bare(dongkou: fp.Plan) -> str:
    return fp.report_html(fp.build_report(dongkou, generated=DAY))


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"')[1].split("</section>")[0]


# --- 1. the executive summary ------------------------------------------------------------------


def test_the_summary_is_on_page_one_before_the_tables(html: str) -> None:
    assert html.index('id="summary"') < html.index('id="indicators"')
    summary = section(html, "summary")
    assert "<h2>摘要 Summary（数据截至2023年）</h2>" in summary


def test_the_summary_names_the_observations_file_and_keeps_its_label(html: str) -> None:
    summary = section(html, "summary")
    assert (
        "观测数据：dongkou-observations-2021-2023.csv（22条；来源标注：示例数据（虚构，非官方统计））"
        in summary
    )
    assert "规划原文：洞口县科技和工业“十四五”发展规划（2021-2025年）（基期2020年）" in summary


def test_the_cli_passes_the_file_name(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "dongkou",
            "--format",
            "md",
            "-o",
            str(out),
            "--observations",
            str(OBSERVATIONS),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "- 观测数据：dongkou-observations-2021-2023.csv（22条；来源标注：示例数据（虚构" in text


def test_key_messages_come_from_the_results(observed: fp.ReportData) -> None:
    assert observed.summary is not None
    said = observed.summary.messages
    assert 3 <= len(said) <= 5
    assert said[0] == (
        "进展：8项目标有评价，其中进展显著或已实现4项、进展中等4项、进展有限或倒退0项；"
        "另有30项数据不足。"
    )
    # Dongkou marks no indicator binding: the shortfalls are of all targets, and say so;
    # each indicator once (工业固定资产投资 has two targets), the worst ratio first
    assert said[1].startswith(
        "差距最大的目标（规划未注明约束性指标，按全部目标）：工业固定资产投资≥92亿元"
    )
    assert said[1].count("工业固定资产投资") == 1 and "工业用电量≥6.2亿度" in said[1]
    # the audit: this plan's errors apart from the predecessor's
    assert "一致性审查：本规划错误0项、警告3项；上一规划（十三五规划）错误3项、警告8项。" in said
    # the first chain actions, with what the plan says of them (chain gaps' stance)
    chains = next(m for m in said if m.startswith("产业链首要行动"))
    assert "文旅·建链「文旅」（规划点名要求）" in chains
    assert "电子信息·补链「新型电子元器件」（规划提及此环节）" in chains


def test_shortfalls_of_binding_targets_come_first(dongkou: fp.Plan) -> None:
    plan = attrs.evolve(
        dongkou,
        indicators=[
            attrs.evolve(i, kind=fp.IndicatorKind.BINDING) if i.id == "industrial_power_use" else i
            for i in dongkou.indicators
        ],
    )
    data = fp.build_report(plan, observations=fp.load_observations(OBSERVATIONS, plan))
    assert data.summary is not None
    (line,) = [m for m in data.summary.messages if m.startswith("差距最大的")]
    assert line.startswith("差距最大的约束性目标：工业用电量≥6.2亿度")
    assert "工业固定资产投资" not in line  # not binding
    assert data.cards[0].note == "约束性1项"


def test_without_observations_the_summary_says_how_to_add_them(bare: str) -> None:
    summary = section(bare, "summary")
    assert "本报告未含进展：用 --observations 提供数据" in summary
    assert "<h2>摘要 Summary（数据截至2020年）</h2>" in summary
    assert "观测数据" not in summary
    md = fp.report_markdown(fp.load("dongkou"))
    assert "- 本报告未含进展：用 --observations 提供数据" in md


def test_missing_data_is_listed_with_how_to_add_it(observed: fp.ReportData) -> None:
    assert observed.summary is not None
    (missing,) = observed.summary.missing
    assert missing.startswith("30项目标尚无基期之后的数据（高新技术企业当年认定数、")
    assert missing.endswith("在观测文件中补充这些指标的年度值。")


# --- 2. honest tables and cards ----------------------------------------------------------------


def test_every_latest_value_has_its_year(observed: fp.ReportData) -> None:
    rows = {(r.name, r.target): r for r in observed.judged}
    output = rows["工业总产值", "≥300亿元（2025年）"]
    assert output.baseline == "198亿元（2020）" and output.latest == "254亿元（2023，预计）"
    assert all(re.search(r"（\d{4}", r.latest) for r in observed.judged)


def test_no_data_is_not_the_baseline_repeated(observed: fp.ReportData, html: str) -> None:
    rows = {r.name: r for r in observed.folded}
    certified = rows["高新技术企业当年认定数"]
    assert certified.baseline == "12个（2020）" and certified.latest == "无数据"
    assert certified.no_data
    assert '<td class="nodata">无数据</td>' in section(html, "progress")
    assert "<td>12个</td><td>12个</td>" not in html  # the old table's 12个 | 12个


def test_an_unchanged_value_says_no_change_with_its_year(dongkou: fp.Plan, tmp_path: Path) -> None:
    csv = tmp_path / "obs.csv"
    csv.write_text("indicator,period,value\ntech_smes,2022,21\n", encoding="utf-8")
    data = fp.build_report(dongkou, observations=fp.load_observations(csv, dongkou))
    (row,) = [r for r in data.judged + data.folded if r.name == "科技型中小企业备案入库"]
    assert row.latest == "21个（2022，无变化）" and not row.no_data


def test_rows_are_sorted_worst_first_and_no_data_is_folded(
    observed: fp.ReportData, html: str
) -> None:
    labels = [r.label for r in observed.judged]
    assert labels == ["进展中等"] * 4 + ["进展显著"] * 4
    assert all(r.verdict == "insufficient_data" for r in observed.folded)
    assert len(observed.judged) + len(observed.folded) == 38
    progress = section(html, "progress")
    main_table, folded = progress.split('<details class="folded">')
    assert "数据不足</span>" not in main_table
    assert "<summary>数据不足30项（无基期之后的观测值，或无基期值）</summary>" in folded
    assert folded.count("<tr><td>") == 30
    # on paper, a short list of their names instead of the folded table
    assert re.search(
        r'<p class="note print-only">数据不足30项[^<]*：高新技术企业当年认定数、', folded
    )


def test_markdown_progress_is_sorted_and_folded(observed: fp.ReportData) -> None:
    md = fp.report_markdown(observed)
    progress = md.split("## 进展评估")[1].split("\n## ")[0]
    assert "<details><summary>数据不足30项" in progress
    first = progress.split("<details>")[0]
    assert (
        "| 工业固定资产投资 | ≥92亿元（2025年） | 45亿元（2020） | 61.5亿元（2023，初步） | 进展中等 |"
        in first
    )
    assert "数据不足 |" not in first
    assert "\\|" not in progress  # table rows, not escaped text


def test_merged_duplicates_are_counted_and_noted(observed: fp.ReportData, html: str) -> None:
    assert observed.merged == 5 and len(observed.plan.targets) == 43
    card = observed.cards[1]
    assert (card.value, card.label, card.note) == (38, "个目标", "原文43个，5个重复目标已合并")
    assert "5个重复目标已合并：规划原文多处陈述的同一目标只列一行" in section(html, "indicators")


def test_a_met_floor_says_met(dongkou: fp.Plan, html: str) -> None:
    rows = {(r.id, r.target): r for r in fp.build_report(dongkou).rows}
    assert rows["zone_enterprises", "≥120家（2025年）"].implied == "基期已达到（139家，目标≥120家）"
    assert "需年均减少" not in html
    # a floor not yet met still says what it needs
    assert rows["above_scale_enterprises", "≥180家（2025年）"].implied == "需年均增加8.4家"


def test_cards_say_which_plan_they_count(observed: fp.ReportData, html: str) -> None:
    cards = {c.label: c for c in observed.cards}
    errors = cards["项审查错误（本规划）"]
    assert (errors.value, errors.note) == (0, "十三五规划另有3项")
    projects = cards["个项目"]
    assert (projects.value, projects.note) == (11, "本规划0个，十三五规划11个")
    assert "<b>0</b>项审查错误（本规划）<small>十三五规划另有3项</small>" in html
    assert "<b>3</b>项审查错误" not in html
    # the audit findings of the predecessor are tagged with its name
    audit = section(html, "audit")
    # errors, warnings, the infos (G005) of the 十三五 figures worked out on two values, and the
    # not-checked items of the 十三五 plan (T006: it has no predecessor; two growth statements)
    assert audit.count('<span class="tag v-none">十三五规划</span>') == 3 + 8 + 2 + 3


# --- 3. A4 -------------------------------------------------------------------------------------


def test_print_css_keeps_numbers_and_headers_whole(html: str) -> None:
    style = html.split("<style>")[1].split("</style>")[0]
    printed = "".join(style.split("@media print")[1:])  # every print block of the page
    assert "white-space: normal" not in printed
    assert re.search(r"th \{ white-space: nowrap; \}", printed)
    assert re.search(r"td\.num, td\.val \{ white-space: nowrap; \}", printed)
    assert "font-variant-numeric: tabular-nums" in style
    # the score column is a number cell, its header too
    chains = section(html, "chains")
    assert '<th class="num">排名</th>' in chains and '<th class="num">得分</th>' in chains
    assert re.search(r'<td class="num">0\.\d{3}</td>', chains)


def test_gap_tables_show_the_top_actions_and_the_rest_in_the_appendix(
    observed: fp.ReportData, html: str
) -> None:
    assert TOP_ACTIONS == 5
    chains = section(html, "chains")
    appendix = section(html, "appendix")
    assert html.index('id="appendix"') > html.index('id="parks"')
    for c in observed.chains:
        an = c.analysis
        part = chains.split(f"<h3>{an.name}")[1].split("<h3>")[0]
        assert part.count('<tr><td class="num">') == min(len(an.gaps), TOP_ACTIONS), an.name
        rest = len(an.gaps) - TOP_ACTIONS
        if rest > 0:
            assert f"另有{rest}项行动（第6–{len(an.gaps)}名）见" in part
            shown = appendix.split(f"<h3>{an.name}")[1].split("<h3>")[0]
            assert shown.count('<tr><td class="num">') == rest
            assert f'<tr><td class="num">{len(an.gaps)}</td>' in shown
    md = fp.report_markdown(observed)
    assert "## 附录 其余产业链行动 Appendix: further chain actions" in md
    assert "### 特色食品（续）" in md


def test_audit_rule_codes_and_key_paths_are_small(html: str) -> None:
    audit = section(html, "audit")
    assert '<span class="code">V001</span>' in audit and "<b>V001</b>" not in audit
    style = html.split("<style>")[1].split("</style>")[0]
    assert ".finding .where, .finding .code { font-size: 8.5px; }" in style


def test_the_footer_has_the_date_and_version(html: str, observed: fp.ReportData) -> None:
    footer = html.split("<footer>")[1]
    assert footer.startswith(f"由 fyp-planning {fp.__version__} 于2026-01-02生成")
    assert f'content: "fyp-planning {fp.__version__} · 2026-01-02"' in html  # every A4 page
    assert 'counter(page) " / " counter(pages)' in html
    md = fp.report_markdown(observed)
    assert md.rstrip().endswith(
        f"由 fyp-planning {fp.__version__} 于2026-01-02生成。数字按规划原文记录，不作修正。"
    )


def test_the_report_is_reproducible_with_a_fixed_date(dongkou: fp.Plan) -> None:
    one = fp.report_html(fp.build_report(dongkou, generated=DAY))
    two = fp.report_html(fp.build_report(dongkou, generated=DAY))
    assert one == two
    other = fp.report_html(fp.build_report(dongkou, generated=datetime.date(2027, 5, 6)))
    assert other != one and "2027-05-06" in other and "2026-01-02" not in other


def test_the_default_date_is_today_or_source_date_epoch(
    dongkou: fp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert generated_date() == datetime.datetime.now(datetime.UTC).date()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # 2026-01-02 00:00 UTC
    assert generated_date() == DAY
    assert fp.build_report(dongkou).generated == DAY
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")  # ignored, as reproducible-builds do
    assert generated_date() == datetime.datetime.now(datetime.UTC).date()


@given(
    st.lists(
        st.tuples(st.sampled_from(list(fp.Verdict)), st.booleans(), st.none() | st.floats(0, 3)),
        max_size=12,
    )
)
def test_sorting_keeps_every_row_worst_first_and_folds_only_no_data(
    found: list[tuple[fp.Verdict, bool, float | None]],
) -> None:
    rows = [
        (
            f"指标{i}",
            fp.Assessment(
                indicator=f"i{i}", target=None, method="opensdg", verdict=v, binding=b, ratio=r
            ),
        )
        for i, (v, b, r) in enumerate(found)
    ]
    judged, folded = _sorted_progress(rows)
    assert sorted(r.name for r in judged + folded) == sorted(n for n, _ in rows)
    assert all(r.verdict == "insufficient_data" for r in folded)
    ranks = [fp.Verdict(r.verdict).rank for r in judged]
    assert ranks == sorted(ranks) and -1 not in ranks
    # the folded rows keep plan order; a row with no later value says 无数据, never a value
    assert [r.name for r in folded] == [n for n, a in rows if a.verdict.rank == -1]
    assert all(r.latest == "无数据" and r.no_data for r in judged + folded)
