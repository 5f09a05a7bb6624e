"""The growth rules (G001–G005) say what became of every growth or change statement (issue 18):
a finding, a pass with its arithmetic, or "not checked" with the reason; and a statement over a
year with two values is worked out on each value. Fictional plans (示例县), not any real one.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from audit_plans import HEAD, OUTPUT

# 工业固定资产投资 38.9亿元 (2015) and two 2020 values: 45亿元 (一.1) and 46亿元 (一.3).
# 45: total 15.68 %, compound 2.96 %, arithmetic 3.14 %; 46: total 18.25 %, compound 3.41 %,
# arithmetic 3.65 %.
TWO_ENDS = """
[indicators.investment]
name = "工业固定资产投资"
unit = "亿元"
observations = [
  { period = 2015, value = "38.9亿元", source = "一.1" },
  { period = 2020, value = "45亿元", source = "一.1" },
  { period = 2020, value = "46亿元", source = "一.3" },
]
"""

# 规模工业企业 two 2015 values, 90家 and 96家, and 133家 in 2020.
TWO_STARTS = """
[indicators.firms]
name = "规模工业企业"
unit = "家"
observations = [
  { period = 2015, value = "90家", source = "一.1" },
  { period = 2015, value = "96家", source = "二.1" },
  { period = 2020, value = "133家", source = "一.1" },
]
"""


def statement(sid: str, kind: str, indicator: str, value: str, *extra: str) -> str:
    lines = [
        f"[statements.{sid}]",
        f'kind = "{kind}"',
        f'indicator = "{indicator}"',
        extra[0] if extra and extra[0].startswith("start") else "start = 2015",
        "end = 2020",
        f'value = "{value}"',
        *(e for e in extra if not e.startswith("start")),
    ]
    return "\n" + "\n".join(lines) + "\n"


def run(body: str) -> fp.AuditReport:
    return fp.audit(fp.loads_plan(HEAD + body))


def outcome(report: fp.AuditReport, location: str) -> list[tuple[str, str]]:
    """Everything the audit says about one location: (code, finding severity or outcome)."""
    said = [(f.code, f.severity.value) for f in report.findings if f.location == location]
    said += [(c.code, c.outcome.value) for c in report.checked if c.location == location]
    return said


# == not checked, with the reason ==============================================================


def test_growth_statement_without_values_is_listed_as_not_checked() -> None:
    # “年均增长6.5%” and “累计增长20%” with no 2015 or 2020 value in the plan
    body = """
[indicators.value_added]
name = "规模工业增加值"
unit = "亿元"
observations = [{ period = 2020, value = "31.5亿元" }]

[indicators.power]
name = "工业用电量"
unit = "亿度"
""" + statement("va", "average_growth", "value_added", "6.5%", 'text = "年均增长6.5%"')
    body += statement("pw", "total_growth", "power", "20%")
    report = run(body)
    assert report.findings == ()
    va = [c for c in report.not_checked if c.location == "statements.va"]
    assert len(va) == 1
    assert (va[0].code, va[0].reason, va[0].indicator) == ("G002", "缺少2015年数值", "value_added")
    assert va[0].reason_en == "no value for 2015"
    assert va[0].figures == (("文中所述", "年均增长6.5%"),)
    (pw,) = [c for c in report.not_checked if c.location == "statements.pw"]
    assert (pw.code, pw.reason) == ("G003", "缺少2015年、2020年数值")
    assert report.coverage == {"checked": 0, "passed": 0, "not_checked": 2}


def test_change_with_only_a_bound_or_missing_end_is_not_checked() -> None:
    body = """
[indicators.firms]
name = "规模工业企业"
unit = "家"
observations = [
  { period = 2015, value = "96家" },
  { period = 2020, value = "130家", comparator = ">=" },
]
""" + statement("net", "average_change", "firms", "7家", 'comparator = ">="')
    report = run(body)
    assert outcome(report, "statements.net") == [("G004", "not_checked")]
    assert report.not_checked[0].reason == "2020年只有范围值（如“以上”），缺少确切数值"


def test_growth_from_zero_is_not_checked() -> None:
    body = """
[indicators.exports]
name = "出口额"
unit = "亿元"
observations = [{ period = 2015, value = "0亿元" }, { period = 2020, value = "3亿元" }]
""" + statement("g", "average_growth", "exports", "10%")
    (c,) = run(body).not_checked
    assert c.reason == "数值0亿元不为正，无法计算增长率"


# == passed, with the arithmetic ===============================================================


def test_consistent_statements_pass_with_their_arithmetic() -> None:
    body = OUTPUT + statement("total", "total_growth", "output", "44.4%")
    body += statement("avg", "average_growth", "output", "7.6%")
    report = run(body)
    assert report.findings == () and report.not_checked == ()
    by = {c.location: c for c in report.passed}
    total, avg = by["statements.total"], by["statements.avg"]
    assert total.code == "G003" and total.arithmetic == "198 ÷ 137.1 − 1 = 44.42%"
    assert total.reason == (
        "「工业总产值」2015–2020年累计增长44.4%与数据相符：由137.1亿元到198亿元，累计增长44.42%。"
    )
    assert "matches the figures" in total.reason_en
    assert avg.code == "G002"
    assert avg.arithmetic == "(198 ÷ 137.1)^(1/5) − 1 = 7.63%；(198 ÷ 137.1 − 1) ÷ 5 = 8.88%"
    assert "复合年均增长率7.63%" in avg.reason
    assert avg.figures == (
        ("期初 2015", "137.1亿元"),
        ("期末 2020", "198亿元"),
        ("文中所述", "7.6%"),
    )
    assert report.coverage == {"checked": 2, "passed": 2, "not_checked": 0}


def test_each_statement_has_exactly_one_outcome() -> None:
    body = OUTPUT + statement("a", "average_growth", "output", "8.88%")  # G001
    body += statement("b", "average_growth", "output", "12%")  # G002
    body += statement("c", "total_growth", "output", "44.4%")  # passed
    body += TWO_ENDS + statement("d", "total_growth", "investment", "15.68%")  # G005
    report = run(body)
    assert outcome(report, "statements.a") == [("G001", "warning")]
    assert outcome(report, "statements.b") == [("G002", "error")]
    assert outcome(report, "statements.c") == [("G003", "passed")]
    assert outcome(report, "statements.d") == [("G005", "info")]
    # selecting one rule keeps its own outcomes only
    only_g005 = fp.audit(fp.loads_plan(HEAD + body), select=["G005"])
    assert [f.location for f in only_g005.findings] == ["statements.d"]
    assert only_g005.checked == ()


# == two values for a year: worked out on each =================================================


def test_total_growth_matching_one_of_two_end_values() -> None:
    report = run(TWO_ENDS + statement("t", "total_growth", "investment", "15.68%"))
    (f,) = [f for f in report.findings if f.code == "G005"]
    assert f.severity is fp.Severity.INFO and f.rule == "derived-matches-one-value"
    assert f.message == (
        "「工业固定资产投资」2015–2020年累计增长15.68%：2020年有不同的数值（45亿元、46亿元）；"
        "所述按45亿元计算相符（累计增长15.68%），按其他数值不符（按46亿元，累计增长18.25%）。"
    )
    assert f.arithmetic == "按45亿元：45 ÷ 38.9 − 1 = 15.68%；按46亿元：46 ÷ 38.9 − 1 = 18.25%"
    assert f.figures == (
        ("期初 2015", "38.9亿元"),
        ("期末 2020", "45亿元"),
        ("期末 2020", "46亿元"),
        ("文中所述", "15.68%"),
    )
    assert f.sources == ("一.1", "一.3", "出处未注")
    assert "V001" in f.hint and "it matches 45亿元" in f.message_en
    # and the conflict itself is still V001's
    assert "V001" in {x.code for x in report.findings}


def test_total_growth_matching_the_other_end_value() -> None:
    f = next(
        f
        for f in run(TWO_ENDS + statement("t", "total_growth", "investment", "18.3%")).findings
        if f.code == "G005"
    )
    assert "所述按46亿元计算相符（累计增长18.25%）" in f.message


def test_average_growth_over_two_start_values() -> None:
    # 96 → 133 compound 6.74 %, 90 → 133 compound 8.12 %: “年均增长8.1%” is worked from 90家
    report = run(TWO_STARTS + statement("g", "average_growth", "firms", "8.1%"))
    (f,) = [f for f in report.findings if f.location == "statements.g"]
    assert f.code == "G005"
    assert "2015年有不同的数值（90家、96家）" in f.message
    assert "所述按90家计算相符（复合年均增长率8.12%）" in f.message
    assert f.arithmetic.startswith("按90家：(133 ÷ 90)^(1/5) − 1 = 8.12%")


def test_statement_matching_none_of_the_values_is_the_rules_own_finding() -> None:
    report = run(TWO_ENDS + statement("t", "total_growth", "investment", "25%"))
    (f,) = [f for f in report.findings if f.location == "statements.t"]
    assert (f.code, f.severity) == ("G003", fp.Severity.ERROR)
    assert f.message == (
        "「工业固定资产投资」2015–2020年累计增长25%与数据不符：2020年有不同的数值（45亿元、46亿元），"
        "按每个数值计算均不符（已计入数字的舍入）：按45亿元，累计增长15.68%；按46亿元，累计增长18.25%。"
    )
    assert f.arithmetic == "按45亿元：45 ÷ 38.9 − 1 = 15.68%；按46亿元：46 ÷ 38.9 − 1 = 18.25%"
    g = run(TWO_ENDS + statement("a", "average_growth", "investment", "9%")).findings
    (avg,) = [x for x in g if x.location == "statements.a"]
    assert avg.code == "G002"
    assert "按45亿元，复合年均增长率2.96%、算术平均3.14%" in avg.message


def test_arithmetic_average_of_one_of_two_values_is_g001() -> None:
    # 9.56 % is (133 ÷ 90 − 1) ÷ 5: no value gives it as a compound rate (8.12 %, 6.74 %)
    report = run(TWO_STARTS + statement("a", "average_growth", "firms", "9.56%"))
    (f,) = [f for f in report.findings if f.location == "statements.a"]
    assert f.code == "G001" and "由90家增至133家" in f.message
    assert f.arithmetic.startswith("按90家：") and "按96家：" in f.arithmetic


def test_statement_matching_every_value_passes_with_each_arithmetic() -> None:
    body = TWO_STARTS.replace("90家", "95家") + statement(
        "net", "average_change", "firms", "7家", 'comparator = ">="'
    )
    report = run(body)
    assert outcome(report, "statements.net") == [("G004", "passed")]
    (c,) = report.passed
    assert c.arithmetic == "按95家：(133 − 95) ÷ 5 = 7.6；按96家：(133 − 96) ÷ 5 = 7.4"
    assert "由95家到133家，年均变化7.6家；由96家到133家，年均变化7.4家" in c.reason


def test_equal_values_from_two_sources_are_one_candidate() -> None:
    body = OUTPUT.replace(
        '{ period = 2020, value = "198亿元", source = "一.1" },',
        '{ period = 2020, value = "198亿元", source = "一.1" },\n'
        '  { period = 2020, value = "198亿元", source = "二.1" },',
    ) + statement("t", "total_growth", "output", "44.4%")
    (c,) = run(body).passed
    assert c.arithmetic == "198 ÷ 137.1 − 1 = 44.42%"


# == Dongkou ===================================================================================


def test_dongkou_growth_statements_all_have_an_outcome() -> None:
    report = fp.audit(fp.load("dongkou"))
    plan = fp.load("dongkou").predecessor
    assert plan is not None
    growth = {"total_growth", "average_growth", "change", "average_change"}
    ids = {f"statements.{s.id}" for s in plan.statements if s.kind.value in growth}
    said: dict[str, list[tuple[str, str]]] = {i: outcome(report, i) for i in ids}
    assert all(len(v) == 1 for v in said.values()), said
    assert said["statements.value_added_average_growth"] == [("G002", "not_checked")]
    assert said["statements.rd_share_change"] == [("G004", "not_checked")]
    assert said["statements.fixed_investment_total_growth"] == [("G005", "info")]
    assert said["statements.fixed_investment_average_growth_46"] == [("G005", "info")]
    assert said["statements.fixed_investment_average_growth"] == [("G002", "passed")]
    reasons = {c.location: c.reason for c in report.not_checked}
    assert reasons["statements.value_added_average_growth"] == "缺少2015年数值"
    assert reasons["statements.rd_share_change"] == "缺少2016年数值"


def test_average_growth_matching_within_rounding_names_every_fitting_reading() -> None:
    # 3.65 % is (46 ÷ 38.9 − 1) ÷ 5 exactly; 46亿元 may be 46.5, so the compound 3.41 % may be
    # 3.66 %: both readings fit, the nearest is named first
    report = run(TWO_ENDS + statement("a", "average_growth", "investment", "3.65%"))
    (f,) = [f for f in report.findings if f.location == "statements.a"]
    assert f.code == "G005"
    assert "所述按46亿元计算相符（算术平均3.65%、复合年均增长率3.41%）" in f.message


# == property: consistent growth statements pass; one wrong figure is one finding ===============

GROWTH = {"total_growth", "average_growth", "change", "average_change"}


def _growth_plan(plan: fp.Plan) -> fp.Plan:
    """The plan that carries the growth statements (the main plan or its predecessor)."""
    if any(s.kind.value in GROWTH for s in plan.statements):
        return plan
    assert plan.predecessor is not None
    return plan.predecessor


@settings(max_examples=60, deadline=None)
@given(S.consistent_plans())
def test_consistent_growth_statements_all_pass(plan: fp.Plan) -> None:
    report = fp.audit(plan)
    assert report.findings == ()
    ids = {f"statements.{s.id}" for s in _growth_plan(plan).statements if s.kind.value in GROWTH}
    growth = [c for c in report.checked if c.code.startswith("G")]
    assert {c.location for c in growth} == ids and len(growth) == len(ids)
    assert all(c.outcome is fp.Outcome.PASSED and c.arithmetic for c in growth)


@settings(max_examples=60, deadline=None)
@given(S.consistent_plans(), st.sampled_from(sorted(GROWTH)))
def test_one_stated_growth_off_beyond_its_precision_is_one_finding(
    plan: fp.Plan, kind: str
) -> None:
    home = _growth_plan(plan)
    (target,) = [s for s in home.statements if s.kind.value == kind]
    m = float(target.value.magnitude)
    wrong = attrs.evolve(target, value=(m + 5 + abs(m)) * target.value.units)
    statements = [wrong if s is target else s for s in home.statements]
    home = attrs.evolve(home, statements=statements)
    plan = home if home.id == plan.id else attrs.evolve(plan, predecessor=home)
    report = fp.audit(plan)
    assert [(f.location, f.plan) for f in report.findings] == [
        (f"statements.{target.id}", home.id)
    ], [f.message for f in report.findings]
    assert report.findings[0].code in {"G001", "G002", "G003", "G004"}
    assert f"statements.{target.id}" not in {c.location for c in report.checked}


def test_the_growth_rules_judge_each_statement_once_an_audit(monkeypatch: Any) -> None:
    # G001–G005 share one judgement of every statement: worked out once, not once a rule
    from fyp_planning.checks.rules import growth

    calls: list[str] = []
    judge = growth._judge

    def counting(plan: fp.Plan, st: Any) -> Any:
        calls.append(st.id)
        return judge(plan, st)

    monkeypatch.setattr(growth, "_judge", counting)
    plan = fp.loads_plan(HEAD + OUTPUT + statement("avg", "average_growth", "output", "7.63%"))
    report = fp.audit(plan)
    assert [c.code for c in report.passed] == ["G002"]
    assert calls == ["avg"]
    fp.audit(plan)  # the same plan object again: its judgement is reused
    assert calls == ["avg"]
    fp.audit(fp.loads_plan(HEAD + OUTPUT + statement("avg", "average_growth", "output", "7.63%")))
    assert calls == ["avg", "avg"]  # another plan is judged afresh
