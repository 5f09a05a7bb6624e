"""A figure the plan states about the previous period is checked against the predecessor's data
(issue 18, Build 4): a growth, change or total of the new plan's review chapter whose values are
in the predecessor plan's file is worked out from them instead of being listed as not checked.
Fictional plans (示例县) only.
"""

from __future__ import annotations

import fyp_planning as fp
from audit_plans import HEAD, PREDECESSOR

# 工业总产值 137.1亿元 (2015, the predecessor's) → 198亿元 (2020, the new plan's own review):
# compound 7.63 %, total 44.42 %.
BEFORE = """
[predecessor.indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{ period = 2015, value = "137.1亿元", source = "十三五规划表1" }]
"""

OWN = """
[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{ period = 2020, value = "198亿元", source = "第一章一.1" }]
"""


def growth(value: str, kind: str = "average_growth") -> str:
    return f"""
[statements.review]
kind = "{kind}"
indicator = "output"
start = 2015
end = 2020
value = "{value}"
source = "第一章一.1"
"""


def audit(body: str) -> fp.AuditReport:
    return fp.audit(fp.loads_plan(HEAD + body))


def about(report: fp.AuditReport, location: str) -> list[tuple[str, str]]:
    said = [(f.code, f.severity.value) for f in report.findings if f.location == location]
    said += [(c.code, c.outcome.value) for c in report.checked if c.location == location]
    return said


def test_a_review_growth_is_worked_out_from_the_predecessors_start_value() -> None:
    report = audit(OWN + growth("7.63%") + PREDECESSOR + BEFORE)
    assert about(report, "statements.review") == [("G002", "passed")]
    (c,) = [c for c in report.passed if c.location == "statements.review"]
    assert c.plan == "demo"
    assert c.figures == (
        ("期初 2015", "137.1亿元"),
        ("期末 2020", "198亿元"),
        ("文中所述", "7.63%"),
    )
    # the start value is shown as the predecessor's
    assert c.sources == ("十三五规划表1，上一规划", "第一章一.1")
    assert c.arithmetic.startswith("(198 ÷ 137.1)^(1/5) − 1 = 7.63%")


def test_without_the_predecessor_it_is_not_checked_with_the_reason() -> None:
    report = audit(OWN + growth("7.63%"))
    assert about(report, "statements.review") == [("G002", "not_checked")]
    (c,) = report.not_checked
    assert c.reason == "缺少2015年数值"


def test_a_review_growth_the_predecessors_data_contradict_is_a_finding() -> None:
    report = audit(OWN + growth("9.5%") + PREDECESSOR + BEFORE)
    assert about(report, "statements.review") == [("G002", "error")]
    (f,) = report.findings
    assert f.plan == "demo" and "137.1" in f.arithmetic and "198" in f.arithmetic


def test_a_review_total_growth_the_predecessors_data_contradict() -> None:
    assert about(
        audit(OWN + growth("44.4%", "total_growth") + PREDECESSOR + BEFORE), "statements.review"
    ) == [("G003", "passed")]
    report = audit(OWN + growth("50%", "total_growth") + PREDECESSOR + BEFORE)
    assert about(report, "statements.review") == [("G003", "error")]


def test_two_values_across_the_plans_are_v001_and_the_growth_names_the_one_it_matches() -> None:
    # the predecessor also gives 2020 (its estimate 200亿元): V001 across the plans, and the
    # growth 7.63 % matches 198亿元, not 200亿元 (7.86 %) — G005, not a second error
    before = BEFORE.replace(
        '"十三五规划表1" }]',
        '"十三五规划表1" },\n  { period = 2020, value = "200亿元", source = "十三五规划表2" }]',
    )
    report = audit(OWN + growth("7.63%") + PREDECESSOR + before)
    codes = sorted((f.code, f.location) for f in report.findings)
    assert codes == [
        ("G005", "statements.review"),
        ("V001", "indicators.output.observations"),
    ], [f.message for f in report.findings]
    (g,) = [f for f in report.findings if f.code == "G005"]
    assert "198" in g.message and "上一规划" in " ".join(g.sources)


def test_a_predecessor_value_with_only_its_scale_word_is_read_through_it() -> None:
    # the predecessor counts output in 万元 and wrote "137.1亿" (no 元): 亿 is read, 元 assumed
    before = BEFORE.replace('unit = "亿元"', 'unit = "万元"').replace('"137.1亿元"', '"137.1亿"')
    report = audit(OWN + growth("7.63%") + PREDECESSOR + before)
    assert about(report, "statements.review") == [("G002", "passed")]


def test_a_plain_predecessor_number_in_another_unit_is_not_read_in_ours() -> None:
    # "1371000" as text, no unit at all, in a predecessor counting 万元: never read in 亿元
    before = BEFORE.replace('unit = "亿元"', 'unit = "万元"').replace('"137.1亿元"', '"1371000"')
    report = audit(OWN + growth("7.63%") + PREDECESSOR + before)
    assert about(report, "statements.review") == [("G002", "not_checked")]
    (c,) = report.not_checked
    assert c.reason == (
        "2015年的数值只在上一规划中，且未写单位（上一规划按万元计），不能按本规划的单位读"
    )
    assert [f.code for f in report.findings] == ["U001"]  # the unitless figure, on its own plan
    # the same plain number in the same unit is the predecessor's own figure in our unit
    same = BEFORE.replace('"137.1亿元"', '"137.1"')
    assert about(audit(OWN + growth("7.63%") + PREDECESSOR + same), "statements.review") == [
        ("G002", "passed")
    ]


def total(unit: str, before_unit: str, before_value: str) -> str:
    """Food (30, this plan's) + textile (only the predecessor's) against a stated 38, all in
    ``unit`` but the predecessor's textile, in ``before_unit``."""
    return f"""
[indicators.food]
name = "食品"
unit = "{unit}"
observations = [{{ period = 2020, value = "30{unit}" }}]

[indicators.textile]
name = "纺织"
unit = "{unit}"

[statements.total]
kind = "total"
value = "38{unit}"
end = 2020
parts = ["food", "textile"]
{PREDECESSOR}
[predecessor.indicators.textile]
name = "纺织"
unit = "{before_unit}"
observations = [{{ period = 2020, value = "{before_value}" }}]
"""


def test_a_review_total_reads_a_part_from_the_predecessor() -> None:
    assert about(audit(total("家", "家", "8家")), "statements.total") == [("V002", "passed")]
    assert about(audit(total("家", "家", "9家")), "statements.total") == [("V002", "error")]
    # 8亿元 written 80000万元 in the predecessor: converted, and it adds up
    assert about(audit(total("亿元", "万元", "80000万元")), "statements.total") == [
        ("V002", "passed")
    ]


def test_a_review_total_part_only_plain_in_the_predecessor_is_not_checked() -> None:
    report = audit(total("亿元", "万元", "8"))
    assert about(report, "statements.total") == [("V002", "not_checked")]
    assert "只在上一规划中，且未写单位（上一规划按万元计）" in str(report.not_checked[0].reason)
