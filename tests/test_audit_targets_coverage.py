"""The target rules say what they checked (issue 18): every target pair T001/T002/T004
compare and every target T003/T005 read ends as a finding, a pass with its arithmetic or a
not-checked item with the reason; and the cross-plan rules T006 (a target below what the
predecessor already achieved) and T007 (a growth target restating a missed or far exceeded
old one). Fictional county plans only."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from audit_plans import HEAD, PREDECESSOR


def _audit(text: str, code: str) -> tuple[list[fp.Finding], list[fp.Checked]]:
    report = fp.audit(fp.loads_plan(HEAD + text), select=[code])
    assert report.failures == ()
    return list(report.findings), list(report.checked)


def _one(text: str, code: str) -> fp.Finding | fp.Checked:
    """The single outcome of rule ``code`` on the main plan."""
    found, checked = _audit(text, code)
    items = [x for x in (*found, *checked) if x.plan == "demo"]
    assert len(items) == 1, items
    return items[0]


def _output(observations: str, *targets: str) -> str:
    rows = ",\n".join(f'  {{ year = 2025, text = "{t}" }}' for t in targets)
    return f"""
[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{observations}]
targets = [
{rows}
]
"""


BASE_2020 = '{ period = 2020, value = "198亿元" }'


# --- T001 / T002: level and growth target pairs ---------------------------------------------


def test_t001_pair_that_can_hold_passes_with_its_arithmetic() -> None:
    c = _one(_output(BASE_2020, "达到300亿元以上", "年均增长10%以上"), "T001")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.location == "indicators.output.targets[0]"
    assert c.arithmetic.startswith("198 × (1 + 10%)^5 = 318.88")
    assert "可以同时达到" in c.reason


def test_t001_conflict_is_still_a_finding() -> None:
    f = _one(_output(BASE_2020, "控制在300亿元以内", "年均增长10%以上"), "T001")
    assert isinstance(f, fp.Finding) and f.code == "T001"


def test_t001_and_t002_pair_without_baseline_is_not_checked_with_the_year() -> None:
    for code in ("T001", "T002"):
        found, checked = _audit(_output("", "达到300亿元以上", "年均增长10%以上"), code)
        assert found == []
        assert [(c.outcome, c.reason) for c in checked] == [
            (fp.Outcome.NOT_CHECKED, "缺少2020年基期值")
        ]
        assert checked[0].location == "indicators.output.targets[0]"


def test_t002_agreeing_pair_passes_and_disagreeing_pair_is_a_finding() -> None:
    c = _one(_output(BASE_2020, "达到300亿元以上", "年均增长8.7%以上"), "T002")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert "(300 ÷ 198)^(1/5) − 1 = 8.67%" in c.arithmetic
    f = _one(_output(BASE_2020, "达到300亿元以上", "年均增长10%以上"), "T002")
    assert isinstance(f, fp.Finding)


def test_t002_leaves_ceiling_pairs_to_t001() -> None:
    found, checked = _audit(_output(BASE_2020, "控制在300亿元以内", "年均增长10%以上"), "T002")
    assert found == [] and checked == []


# --- T003: each target against the baseline -------------------------------------------------


def test_t003_each_target_passes_or_is_not_checked() -> None:
    text = (
        _output(BASE_2020, "达到300亿元以上", "年均增长10%以上")
        + """
[indicators.parks]
name = "园区数"
unit = "个"
targets = [{ year = 2025, text = "达到8个以上" }]

[indicators.ceiling]
name = "骨干企业"
unit = "家"
observations = [{ period = 2020, value = "40家" }]
targets = [{ year = 2025, text = "不超过100家" }]
"""
    )
    found, checked = _audit(text, "T003")
    assert found == []
    got = {(c.location, c.outcome, c.reason, c.arithmetic) for c in checked}
    assert got == {
        ("indicators.output.targets[0]", fp.Outcome.PASSED, "目标超过规划期前已达到的水平",
         "300 > 198"),
        ("indicators.output.targets[1]", fp.Outcome.PASSED, "目标要求增长（越低越好的指标：下降）",
         "目标增速 10% > 0"),
        ("indicators.parks.targets[0]", fp.Outcome.NOT_CHECKED, "缺少2020年基期值", ""),
        ("indicators.ceiling.targets[0]", fp.Outcome.NOT_CHECKED,
         "目标不是指标向好方向的下限（越低越好的指标：上限），不作此比较", ""),
    }  # fmt: skip


def test_t003_a_reduction_in_the_better_direction_passes() -> None:
    text = """
[indicators.energy]
name = "单位GDP能耗"
unit = "吨标准煤/万元"
direction = "lower"
targets = [{ year = 2025, text = "年均下降5‰以上" }]
"""
    c = _one(text, "T003")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "目标增速 -0.5% < 0"


def test_t003_met_target_is_a_finding_and_not_a_pass() -> None:
    f = _one(_output(BASE_2020, "达到190亿元以上"), "T003")
    assert isinstance(f, fp.Finding) and f.code == "T003"


# --- T004 / T005: change targets ------------------------------------------------------------

SHARE = """
[indicators.broadband]
name = "行政村光纤覆盖率"
unit = "%"
observations = [{observations}]
targets = [{targets}]
"""


def _share(observations: str, *targets: str) -> str:
    rows = ", ".join(f'{{ year = 2025, text = "{t}" }}' for t in targets)
    return SHARE.replace("{observations}", observations).replace("{targets}", rows)


def test_t004_change_and_level_agreeing_pass() -> None:
    c = _one(_share('{ period = 2020, value = "90%" }', "提高5个百分点", "达到95%"), "T004")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic.startswith("90 + 5 = 95%")


def test_t004_and_t005_without_baseline_are_not_checked() -> None:
    for code in ("T004", "T005"):
        c = _one(_share("", "提高5个百分点", "达到95%"), code)
        assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.NOT_CHECKED
        assert c.reason == "缺少2020年基期值"
        assert c.location == "indicators.broadband.targets[0]"


def test_t005_within_bound_passes_and_beyond_is_a_finding() -> None:
    c = _one(_share('{ period = 2020, value = "90%" }', "提高5个百分点"), "T005")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "90 + 5 = 95%，在≤ 100%之内"
    f = _one(_share('{ period = 2020, value = "98%" }', "提高5个百分点"), "T005")
    assert isinstance(f, fp.Finding) and f.code == "T005"


def test_t005_unbounded_rate_passes_with_the_reason() -> None:
    text = """
[indicators.growth]
name = "工业增加值增速"
unit = "%"
measure = "rate"
observations = [{ period = 2020, value = "4.5%" }]
targets = [{ year = 2025, text = "提高2个百分点" }]
"""
    c = _one(text, "T005")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert "没有取值界限" in c.reason


# --- T006: a target below what the predecessor achieved -------------------------------------

FIRMS = """
[indicators.firms]
name = "规模工业企业"
unit = "家"
observations = [{ period = 2019, value = "120家" }]
targets = [{ year = 2025, text = "达到{target}家以上" }]
"""

FIRMS_BEFORE = """
[predecessor.indicators.firms]
name = "规模工业企业"
unit = "家"
observations = [{achieved}]
"""


def _firms(
    target: str, achieved: str = '{ period = 2020, value = "140家" }', own: int = 120
) -> str:
    return (
        FIRMS.replace("{target}", target).replace('"120家"', f'"{own}家"')
        + PREDECESSOR
        + FIRMS_BEFORE.replace("{achieved}", achieved)
    )


def test_t006_target_below_the_predecessors_end_value_is_a_finding() -> None:
    f = _one(_firms("135"), "T006")
    assert isinstance(f, fp.Finding)
    assert (f.code, f.severity, f.location) == (
        "T006",
        fp.Severity.WARNING,
        "indicators.firms.targets[0]",
    )
    assert f.arithmetic == "135 ≤ 140"
    assert "140家" in f.message and "十三五" in f.message
    assert ("上期实绩 2020", "140家") in f.figures
    # T003 compares with the plan's own 2019 value and passes: the finding is T006's alone
    assert isinstance(_one(_firms("135"), "T003"), fp.Checked)


def test_t006_target_above_passes() -> None:
    c = _one(_firms("150"), "T006")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "150 > 140"


def test_t006_leaves_what_t003_reports_to_t003() -> None:
    c = _one(_firms("110"), "T006")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.NOT_CHECKED
    assert "T003" in c.reason


def test_t006_not_checked_reasons() -> None:
    no_value = _one(_firms("135", '{ period = 2019, value = "130家" }'), "T006")
    assert isinstance(no_value, fp.Checked) and no_value.reason == "缺少上一期规划2020年数值"
    conflict = _one(
        _firms("135", '{ period = 2020, value = "130家" }, { period = 2020, value = "140家" }'),
        "T006",
    )
    assert isinstance(conflict, fp.Checked) and conflict.outcome is fp.Outcome.NOT_CHECKED
    assert "两个不同数值" in conflict.reason
    other_unit = _one(_firms("135").replace('unit = "家"\nobservations = [{ period = 2020',
                                            'unit = "亿元"\nobservations = [{ period = 2020'
                                            ).replace('"140家"', '"140亿元"'), "T006")  # fmt: skip
    assert isinstance(other_unit, fp.Checked) and "不能换算" in other_unit.reason


def test_t006_and_t007_without_predecessor_say_so_once() -> None:
    text = _output(BASE_2020, "达到300亿元以上", "年均增长10%以上")
    for code, count in (("T006", 1), ("T007", 1)):
        found, checked = _audit(text, code)
        assert found == []
        assert [(c.location, c.outcome, c.reason) for c in checked] == [
            (
                "predecessor",
                fp.Outcome.NOT_CHECKED,
                f"没有上一期规划的数据：{count}项目标未与上期比较",
            )
        ]


def test_t006_and_t007_on_a_plan_without_targets_say_nothing() -> None:
    for code in ("T006", "T007"):
        assert _audit("", code) == ([], [])


# --- T007: a growth target restated though the old one was missed or far exceeded -----------

OUTPUT_NEW = """
[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{ period = 2020, value = "{end}" }]
targets = [{ year = 2025, text = "年均增长{rate}以上" }]
"""

OUTPUT_OLD = """
[predecessor.indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{ period = 2015, value = "100亿元" }, { period = 2020, value = "{end}" }]
targets = [{ year = 2020, text = "年均增长{old}以上" }]
"""


def _restating(rate: str, old: str, end: str) -> str:
    return (
        OUTPUT_NEW.replace("{end}", end).replace("{rate}", rate)
        + PREDECESSOR
        + OUTPUT_OLD.replace("{end}", end).replace("{old}", old)
    )


@pytest.mark.parametrize(
    ("end", "outcome"),
    [("120亿元", "未达到原目标"), ("200亿元", "超过原目标一半以上")],
)
def test_t007_restated_rate_after_a_miss_or_a_far_overshoot_is_a_finding(
    end: str, outcome: str
) -> None:
    f = _one(_restating("8%", "8%", end), "T007")
    assert isinstance(f, fp.Finding)
    assert (f.code, f.severity) == ("T007", fp.Severity.INFO)
    assert outcome in f.message
    assert f.arithmetic.startswith(f"({end[:-2]} ÷ 100)^(1/5) − 1 = ")


def test_t007_restated_rate_that_was_met_passes() -> None:
    c = _one(_restating("8%", "8%", "148亿元"), "T007")  # 8.16 % a year
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "(148 ÷ 100)^(1/5) − 1 = 8.16%，上期目标8%"


def test_t007_changed_rate_passes() -> None:
    c = _one(_restating("6%", "8%", "120亿元"), "T007")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert c.arithmetic == "年均增长≥8% → 年均增长≥6%"


def test_t007_no_old_target_passes_and_missing_start_is_not_checked() -> None:
    text = _restating("8%", "8%", "120亿元")
    no_old = text.replace('targets = [{ year = 2020, text = "年均增长8%以上" }]', "")
    c = _one(no_old, "T007")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.PASSED
    assert "不是沿用" in c.reason
    no_start = text.replace('{ period = 2015, value = "100亿元" }, ', "")
    c = _one(no_start, "T007")
    assert isinstance(c, fp.Checked) and c.outcome is fp.Outcome.NOT_CHECKED
    assert c.reason == "缺少上一期规划2015年数值"


# --- Dongkou ---------------------------------------------------------------------------------


def test_dongkou_target_rules_say_what_they_checked_without_new_findings() -> None:
    report = fp.audit(fp.load("dongkou"))
    codes = [f.code for f in report.findings if f.code[0] == "T"]
    assert sorted(codes) == ["T002", "T003", "T003"]
    passed = {(c.code, c.location) for c in report.passed if c.plan == "dongkou_14th_sti"}
    assert ("T006", "indicators.industrial_output.targets[0]") in passed
    assert ("T007", "indicators.industrial_output.targets[1]") in passed
    json.dumps(report.to_dict(), ensure_ascii=False)


@settings(max_examples=60, deadline=None)
@given(
    own=st.integers(min_value=10, max_value=500),
    achieved=st.integers(min_value=10, max_value=500),
    target=st.integers(min_value=10, max_value=1000),
)
@example(own=10, achieved=120, target=11)  # T006's alone
@example(own=120, achieved=10, target=11)  # T003's alone
def test_a_target_not_beyond_either_earlier_value_gets_exactly_one_finding(
    own: int, achieved: int, target: int
) -> None:
    """T003 (the plan's own 2019 value) and T006 (the predecessor's 2020 value) between them
    report a target that goes beyond neither, once; otherwise both pass it."""
    text = HEAD + _firms(str(target), f'{{ period = 2020, value = "{achieved}家" }}', own=own)
    report = fp.audit(fp.loads_plan(text), select=["T003", "T006"])
    found = [(f.code, f.location) for f in report.findings if f.plan == "demo"]
    mine = [c for c in report.checked if c.plan == "demo"]
    if target <= max(own, achieved):
        assert found == [("T003" if target <= own else "T006", "indicators.firms.targets[0]")]
        assert [c.outcome for c in mine if c.code == found[0][0]] == []
    else:
        assert found == []
        assert [(c.code, c.outcome) for c in mine] == [
            ("T003", fp.Outcome.PASSED),
            ("T006", fp.Outcome.PASSED),
        ]
