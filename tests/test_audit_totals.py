"""Totals checked exactly, never skipped (issue 18): V002 (a total of listed parts) and V003 (a
total over a span of years) end every total as a finding, a pass with its arithmetic, or not
checked with the reason; a total's year defaults to its words or the base year (期末); counts
(家/个/项) add exactly. Fictional counties only.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import fyp_planning as fp

HEAD = """
id = "demo"
region = "示例县"
title = "示例县工业“十四五”规划"
start_year = 2021
end_year = 2025
"""

SECTORS = ("food", "textile", "machinery", "chemicals", "building", "timber", "printing", "metal")
NAMES = ("食品", "纺织", "机械", "化工", "建材", "木材", "印刷", "金属")


def counts(values: dict[str, str], year: int = 2020) -> str:
    """Count indicators (家) of sectors, one value each at ``year`` ("" leaves it out)."""
    out = []
    for sid, value in values.items():
        name = NAMES[SECTORS.index(sid)]
        rows = f'{{ period = {year}, value = "{value}" }}' if value else ""
        out.append(
            f'\n[indicators.{sid}]\nname = "{name}规模工业企业"\nunit = "家"\n'
            f"observations = [{rows}]\n"
        )
    return "".join(out)


def total(value: str, parts: list[str], *extra: str) -> str:
    lines = ["[statements.firms_total]", 'kind = "total"', f'value = "{value}"', *extra]
    lines.append("parts = [" + ", ".join(f'"{p}"' for p in parts) + "]")
    return "\n" + "\n".join(lines) + "\n"


def audit(body: str) -> fp.AuditReport:
    return fp.audit(fp.loads_plan(HEAD + body), select=["V002", "V003"])


def v002(report: fp.AuditReport) -> list[fp.Finding]:
    return [f for f in report.findings if f.code == "V002"]


def outcome(report: fp.AuditReport, code: str = "V002") -> fp.Checked:
    (c,) = [c for c in report.checked if c.code == code]
    return c


# -- shape 1: a total without `end`, over indicators: 46 against a stated 38 ------------------


def test_total_without_end_reads_the_base_year_when_it_says_qimo() -> None:
    parts = counts({"food": "20家", "textile": "14家", "machinery": "12家"})
    words = 'text = "“十三五”期末，全县规模以上工业企业38家，其中食品20家、纺织14家、机械12家"'
    report = audit(parts + total("38家", ["food", "textile", "machinery"], words))
    (f,) = v002(report)
    assert f.location == "statements.firms_total" and f.severity is fp.Severity.ERROR
    assert "所述合计38家与所列3项之和46家不符" in f.message
    assert f.arithmetic == "20 + 14 + 12 = 46，所述 38（精确计数）"
    assert ("食品规模工业企业", "20家") in f.figures
    assert report.checked == ()


def test_total_without_end_reads_the_year_its_words_name() -> None:
    parts = counts({"food": "20家", "textile": "18家"}, year=2019)
    words = 'text = "2019年全县规模以上工业企业38家"'
    report = audit(parts + total("38家", ["food", "textile"], words))
    assert v002(report) == []
    c = outcome(report)
    assert c.outcome is fp.Outcome.PASSED and c.arithmetic == "20 + 18 = 38，所述 38（精确计数）"
    assert c.reason == "所述合计38家与所列2项之和相符。"


def test_total_with_no_year_at_all_is_listed_as_not_checked() -> None:
    parts = counts({"food": "20家", "textile": "18家"})
    report = audit(parts + total("38家", ["food", "textile"], 'text = "全县规模以上工业企业38家"'))
    assert v002(report) == []
    c = outcome(report)
    assert c.outcome is fp.Outcome.NOT_CHECKED and "未写明合计的年份" in c.reason
    assert c.location == "statements.firms_total" and c.figures == (("合计", "38家"),)


def test_end_wins_over_the_words() -> None:
    parts = counts({"food": "20家", "textile": "18家"}, year=2018)
    body = parts + total("38家", ["food", "textile"], "end = 2018", 'text = "“十三五”期末"')
    assert outcome(audit(body)).outcome is fp.Outcome.PASSED


# -- shape 2: eight exact counts adding to 42 against a stated 38 -------------------------------


def eight(values: list[int], stated: str, *extra: str) -> str:
    body = counts({sid: f"{v}家" for sid, v in zip(SECTORS, values, strict=True)})
    return body + total(stated, list(SECTORS), "end = 2020", *extra)


def test_eight_firm_counts_adding_to_42_against_38() -> None:
    # ±0.5 per part once allowed 34–42 and passed this; counts of firms are exact
    (f,) = v002(audit(eight([5, 5, 5, 5, 5, 5, 6, 6], "38家")))
    assert "之和42家" in f.message
    assert f.arithmetic == "5 + 5 + 5 + 5 + 5 + 5 + 6 + 6 = 42，所述 38（精确计数）"


def test_eight_firm_counts_off_by_one_are_found() -> None:
    assert len(v002(audit(eight([5, 5, 5, 5, 5, 5, 5, 4], "38家")))) == 1  # 39
    assert v002(audit(eight([5, 5, 5, 5, 5, 5, 4, 4], "38家"))) == []  # 38


def test_the_stated_totals_own_precision_is_the_only_tolerance() -> None:
    # "约38家": the document's own rounding, 37.5–38.5
    assert v002(audit(eight([5, 5, 5, 5, 5, 5, 4, 4], "38家", 'text = "约38家"'))) == []
    assert len(v002(audit(eight([5, 5, 5, 5, 5, 5, 5, 4], "38家", 'text = "约38家"')))) == 1
    # a floor: "38家以上" holds for 42, not for 36
    assert v002(audit(eight([5, 5, 5, 5, 5, 5, 6, 6], "38家", 'comparator = ">="'))) == []
    assert len(v002(audit(eight([5, 5, 5, 5, 5, 5, 3, 3], "38家", 'comparator = ">="')))) == 1


def test_money_keeps_the_rounding_of_each_figure() -> None:
    body = """
[projects.a]
name = "甲公司"
investment = "6亿元"
[projects.b]
name = "乙公司"
investment = "5.5亿元"
""" + total("12亿元", ["a", "b"])
    c = outcome(audit(body))
    assert c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "6 + 5.5 = 11.5（可能范围 10.95–12.05），所述 12（11.5–12.5）"


# -- a part missing: not checked, with the reason -----------------------------------------------


def test_a_part_without_its_value_is_listed_as_not_checked() -> None:
    parts = counts({"food": "20家", "textile": ""})
    report = audit(parts + total("38家", ["food", "textile"], "end = 2020"))
    assert v002(report) == []
    c = outcome(report)
    assert c.outcome is fp.Outcome.NOT_CHECKED
    assert c.reason == "缺少「纺织规模工业企业」2020年数值"
    assert c.reason_en == "no value of textile for 2020"


def test_a_project_without_investment_is_listed_as_not_checked() -> None:
    body = '\n[projects.a]\nname = "甲公司"\n[projects.b]\nname = "乙公司"\ninvestment = "5亿元"\n'
    c = outcome(audit(body + total("12亿元", ["a", "b"])))
    assert c.outcome is fp.Outcome.NOT_CHECKED and c.reason == "缺少项目「甲公司」的投资额"


def test_a_part_with_two_values_is_tried_with_each() -> None:
    body = counts({"food": "20家", "textile": "18家"}).replace(
        '{ period = 2020, value = "18家" }',
        '{ period = 2020, value = "18家" }, { period = 2020, value = "19家" }',
    )

    def judged(stated: str) -> fp.AuditReport:
        plan = fp.loads_plan(HEAD + body + total(stated, ["food", "textile"], "end = 2020"))
        return fp.audit(plan, select=["V002", "V004"])

    # 20 + 18 = 38 adds up, 20 + 19 = 39 does not: V004 names the value it adds up with
    (f,) = judged("38家").findings
    assert f.code == "V004" and f.severity is fp.Severity.INFO
    assert "18家计算相符" in f.message and "19家不符" in f.message
    assert "20 + 18 = 38" in f.arithmetic and "20 + 19 = 39" in f.arithmetic
    # neither adds up: V002, every choice's arithmetic shown
    (f,) = judged("45家").findings
    assert f.code == "V002" and "按每种取值（2种）计算均不符" in f.message
    # stated with 以上 (≥38家, the value line followed by its comparator): both choices reach
    # it, so it passes, with both choices' arithmetic
    report = judged('38家"\ncomparator = ">=')
    assert report.findings == () and [c.outcome for c in report.checked] == [fp.Outcome.PASSED]
    assert "按" in report.checked[0].arithmetic


# -- V003: spans ---------------------------------------------------------------------------------


def span(rows: dict[int, str], stated: str, unit: str = "家") -> str:
    obs = [f'{{ period = {y}, value = "{v}" }}' for y, v in rows.items()]
    obs.append(f'{{ period = "十三五期间", value = "{stated}" }}')
    return f"""
[indicators.new_firms]
name = "新增规模工业企业"
unit = "{unit}"
observations = [{", ".join(obs)}]
"""


def test_v003_a_span_with_missing_years_is_listed_with_them() -> None:
    report = audit(span({2016: "4家", 2019: "5家", 2020: "6家"}, "25家"))
    assert report.findings == ()
    c = outcome(report, "V003")
    assert c.outcome is fp.Outcome.NOT_CHECKED and c.reason == "缺少2017、2018年数值"
    assert c.location == "indicators.new_firms.observations[3]"


def test_v003_counts_add_exactly() -> None:
    years = {2016: "4家", 2017: "5家", 2018: "5家", 2019: "5家", 2020: "6家"}
    passed = outcome(audit(span(years, "25家")), "V003")
    assert passed.outcome is fp.Outcome.PASSED
    assert passed.arithmetic == "4 + 5 + 5 + 5 + 6 = 25，所述 25（精确计数）"
    # 26 was within five whole figures' rounding (±2.5); a count of firms is exact
    (f,) = audit(span(years, "26家")).findings
    assert f.code == "V003"


# -- properties ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.integers(0, 500), min_size=2, max_size=8),
    which=st.integers(0, 7),
    delta=st.integers(1, 50).flatmap(lambda d: st.sampled_from([d, -d])),
)
def test_consistent_counts_pass_and_one_perturbed_part_is_named(
    values: list[int], which: int, delta: int
) -> None:
    sids = list(SECTORS[: len(values)])
    stated = f"{sum(values)}家"
    body = counts({s: f"{v}家" for s, v in zip(sids, values, strict=True)})
    report = audit(body + total(stated, sids, "end = 2020"))
    assert report.findings == () and report.not_checked == ()
    assert outcome(report).outcome is fp.Outcome.PASSED
    k = which % len(values)
    if values[k] + delta < 0:
        delta = -delta
    moved = [v + delta if i == k else v for i, v in enumerate(values)]
    body = counts({s: f"{v}家" for s, v in zip(sids, moved, strict=True)})
    (f,) = audit(body + total(stated, sids, "end = 2020")).findings
    assert f.code == "V002"
    assert (f"{NAMES[k]}规模工业企业", f"{moved[k]}家") in f.figures


@settings(max_examples=40, deadline=None)
@given(
    tenths=st.lists(st.integers(1, 5000), min_size=2, max_size=6),
    which=st.integers(0, 5),
    sign=st.sampled_from([1, -1]),
)
def test_consistent_money_totals_pass_and_beyond_rounding_is_found(
    tenths: list[int], which: int, sign: int
) -> None:
    def projects(values: list[int]) -> str:
        return "".join(
            f'\n[projects.p{i}]\nname = "项目{i}"\ninvestment = "{v / 10}亿元"\n'
            for i, v in enumerate(values)
        )

    # no trailing zero (19.0 reads as 19, ±0.5): every figure has its one decimal
    assume(all(v % 10 for v in tenths) and sum(tenths) % 10)
    ids = [f"p{i}" for i in range(len(tenths))]
    stated = f"{sum(tenths) / 10}亿元"
    report = audit(projects(tenths) + total(stated, ids))
    assert report.findings == () and outcome(report).outcome is fp.Outcome.PASSED
    # beyond every figure's rounding: each part ±0.05, the total ±0.05
    k = which % len(tenths)
    step = (len(tenths) + 2) * sign
    if tenths[k] + step <= 0:
        step = -step
    if (tenths[k] + step) % 10 == 0:
        step += 1 if step > 0 else -1
    moved = [v + step if i == k else v for i, v in enumerate(tenths)]
    (f,) = audit(projects(moved) + total(stated, ids)).findings
    assert f.code == "V002" and (f"项目{k}", f"{moved[k] / 10}亿元") in f.figures
