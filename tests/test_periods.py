"""Spans of whole years (2016-2020, 十三五): the period, plan files, CSVs, the store, evaluation
never reading a span total as a year's level, and the audit's V003 (issue 15, periods)."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import Period, limits
from fyp_planning.cli import main
from fyp_planning.errors import ObservationsError, PlanError
from fyp_planning.evaluation import baseline
from fyp_planning.model.period import looks_like_span
from strategies import periods, spans

HEADER = """
id = "demo"
region = "示例县"
title = "示例规划"
start_year = 2021
end_year = 2025
"""

SPAN_REFUSED = "a span of years is a total over the years; only for flow indicators"


def plan_text(unit: str, observations: str, name: str = "规模工业增加值", extra: str = "") -> str:
    return (
        HEADER
        + f'\n[indicators.va]\nname = "{name}"\nunit = "{unit}"\n{extra}'
        + f"observations = [{observations}]\n"
    )


# -- the period -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2016-2020", 2016, 2020),
        ("2016—2020年", 2016, 2020),
        ("2016–2020", 2016, 2020),
        ("2016年-2020年", 2016, 2020),
        ("2016年至2020年", 2016, 2020),
        ("2016~2020年", 2016, 2020),
        ("２０１６－２０２０", 2016, 2020),
        ("2016-2020年期间", 2016, 2020),
        ("十一五", 2006, 2010),
        ("十二五时期", 2011, 2015),
        ("十三五", 2016, 2020),
        ("十三五期间", 2016, 2020),
        ("“十三五”期间", 2016, 2020),
        ("十三五期間", 2016, 2020),
        ("十四五", 2021, 2025),
        ("十五五", 2026, 2030),
        ("2021-2022", 2021, 2022),
    ],
)
def test_span_forms(text: str, first: int, last: int) -> None:
    period = Period.parse(text)
    assert (period.first_year, period.year) == (first, last)
    assert period.is_span and not period.is_partial
    assert period.years == last - first + 1
    assert period.end == last  # ends when its last year ends
    assert str(period) == f"{first}-{last}"
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2020-2016", "is after its last year"),
        ("2020-2020", "needs a first year before its last"),
        ("十九五", "is not a plan period this library knows"),
        ("十六五期间", "is not a plan period this library knows"),
        ("2000-2020", "at most 10 years"),
        ("1890-1895", "year must be from 1900"),
        ("2198-2201", "year must be from 1900"),
    ],
)
def test_span_refusals(text: str, reason: str) -> None:
    assert looks_like_span(text)
    with pytest.raises(ValueError, match=reason):
        Period.parse(text)


def test_span_invariants() -> None:
    with pytest.raises(ValueError, match="whole years"):
        Period(2020, 1, 9, first_year=2016)
    with pytest.raises(ValueError, match="after its last year"):
        Period(2016, first_year=2020)
    assert Period(2020, first_year=2020) == Period(2020)
    assert not Period(2020).is_span and Period(2020).years == 1
    assert Period(2020 + limits.MAX_SPAN_YEARS - 1, first_year=2020).years == limits.MAX_SPAN_YEARS
    assert repr(Period(2020)) == "Period(year=2020, first_month=1, last_month=12)"
    assert Period.parse("十三五").plan_name == "十三五"
    assert Period.span(2017, 2020).plan_name is None


def test_order_and_hash() -> None:
    got = sorted([Period(2020), Period.span(2016, 2020), Period(2019), Period(2020, 1, 9)])
    assert [str(p) for p in got] == ["2019", "2020年1-9月", "2016-2020", "2020"]
    assert len({Period.parse("十三五"), Period.parse("2016-2020"), Period(2020)}) == 2


@given(periods())
def test_year_and_part_year_round_trip(period: Period) -> None:
    assert Period.parse(str(period)) == period


@given(spans())
def test_span_round_trip(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert period.is_span and 2 <= period.years <= limits.MAX_SPAN_YEARS
    name = period.plan_name
    if name is not None:
        assert Period.parse(f"{name}期间") == period


# -- the flow rule ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("unit", "name", "extra", "flow"),
    [
        ("亿元", "规模工业增加值", "", True),
        ("亿度", "工业用电量", "", True),
        ("万吨标准煤", "能源消费量", "", True),
        ("万吨", "粮食产量", "", True),
        ("万人次", "接待游客", "", True),
        ("家", "新增高新技术企业", "", True),
        ("家", "高新技术企业", 'measure = "flow"\n', True),
        ("家", "高新技术企业", "", False),
        ("%", "研发投入强度", "", False),
        ("平方公里", "园区面积", "", False),
        ("亿元", "规模工业增加值", 'measure = "stock"\n', False),
        ("亿元", "规模工业增加值", 'measure = "share"\n', False),
    ],
)
def test_span_only_on_flows(unit: str, name: str, extra: str, flow: bool) -> None:
    text = plan_text(unit, '{period = "十三五期间", value = 20}', name, extra)
    if flow:
        plan = fp.loads_plan(text)
        assert plan.observations[0].period == Period.span(2016, 2020)
        return
    with pytest.raises(PlanError) as info:
        fp.loads_plan(text)
    (problem,) = info.value.problems
    assert problem.path == "indicators.va.observations[0].period"
    assert problem.message == SPAN_REFUSED
    assert problem.value == "2016-2020"
    assert "flow" in problem.expected


def test_plan_file_refusals_name_the_span() -> None:
    text = plan_text("亿元", '{period = "2020-2016", value = 1}, {period = "十九五", value = 1}')
    with pytest.raises(PlanError) as info:
        fp.loads_plan(text)
    first, second = info.value.problems
    assert first.path == "indicators.va.observations[0].period"
    assert "多年期间有误" in first.message and "after its last year" in first.message
    assert second.path == "indicators.va.observations[1].period"
    assert "十一五, 十二五, 十三五, 十四五, 十五五" in second.message


def test_plan_in_python_refuses_a_stock_span() -> None:
    ind = fp.Indicator(id="firms", name="高新技术企业", unit=fp.parse_unit("家"))
    obs = fp.Observation(
        indicator="firms", period=Period.span(2016, 2020), value=fp.parse_quantity("30家")
    )
    with pytest.raises(fp.PlanValidationError, match="only for flow indicators"):
        fp.Plan(
            id="d", region="县", title="规划", start_year=2021, end_year=2025,
            indicators=[ind], observations=[obs],
        )  # fmt: skip


# -- round trips ------------------------------------------------------------------------------
REGRESSION = plan_text(
    "亿元",
    '{period = 2020, value = "40亿元"}, {period = "十三五期间", value = "203.92亿元"}',
    extra='targets = [{kind = "level", year = 2025, value = "60亿元"}]\n',
)


def test_dump_and_store_round_trip(tmp_path: Path) -> None:
    plan = fp.loads_plan(REGRESSION)
    text = fp.dumps_plan(plan)
    assert '{ period = "2016-2020", value = "203.92亿元" }' in text
    assert fp.loads_plan(text) == plan
    assert fp.loads_plan(fp.dumps_plan(plan, "json"), "json") == plan
    fp.dump_plan_store([plan], tmp_path)
    assert fp.load_plan_store(tmp_path) == (plan,)
    table = fp.open_plan_store(tmp_path).observation_table()
    assert table.span.tolist() == [False, True]
    assert table.first_year.tolist() == [2020, 2016]


# -- CSV readers ------------------------------------------------------------------------------
def test_csv_spans(tmp_path: Path) -> None:
    plan = fp.loads_plan(REGRESSION)
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,period,value,unit\nva,十三五期间,203.92,亿元\nva,2021-2025年,300,亿元\n",
        encoding="utf-8",
    )
    got = fp.load_observations(path, plan)
    assert [str(o.period) for o in got] == ["2016-2020", "2021-2025"]
    table_path = tmp_path / "table.csv"
    table_path.write_text(
        "plan,indicator,period,value,unit\ndemo,va,2016-2020,203.92,亿元\ndemo,va,2021,45,亿元\n",
        encoding="utf-8",
    )
    table = fp.load_observation_table(table_path, [plan])
    assert table.span.tolist() == [True, False]
    assert str(table.observation(0, plan).period) == "2016-2020"


def test_csv_refuses_spans_of_stocks_and_bad_spans(tmp_path: Path) -> None:
    stock = fp.loads_plan(plan_text("家", "", "高新技术企业"))
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,period,value,unit\nva,2016-2020,30,家\nva,2020-2016,30,家\n", encoding="utf-8"
    )
    with pytest.raises(ObservationsError) as info:
        fp.load_observations(path, stock)
    first, second = info.value.problems
    assert (first.line, first.message, first.value) == (2, SPAN_REFUSED, "2016-2020")
    assert second.line == 3 and "多年期间有误" in second.message


def test_observation_table_checks_spans() -> None:
    with pytest.raises(ValueError, match="span of years"):
        fp.ObservationTable(plan="a", indicator="x", year=[2020], value=[1.0], first_year=[2021])
    with pytest.raises(ValueError, match="span of years"):
        fp.ObservationTable(
            plan="a", indicator="x", year=[2020], value=[1.0], first_year=[2016], last_month=[9]
        )
    with pytest.raises(ValueError, match="span of years"):
        fp.ObservationTable(plan="a", indicator="x", year=[2020], value=[1.0], first_year=[2000])


# -- evaluation never takes a span total as a level -------------------------------------------
def test_span_total_is_not_the_latest_level() -> None:
    """Regression: 2020 = 40亿元 and 2016-2020 = 203.92亿元; the total is no 2020 level."""
    plan = fp.loads_plan(REGRESSION)
    ind = plan.indicator("va")
    base = baseline(plan, ind)
    assert base is not None and str(base.period) == "2020"
    (row,) = fp.assess(plan)
    assert row.baseline is not None and str(row.baseline.period) == "2020"
    assert row.baseline_value is not None and math.isclose(row.baseline_value.magnitude, 40)
    # a later span total (2021-2025) is no latest value either
    later = [
        fp.Observation(indicator="va", period=Period(2022), value=fp.parse_quantity("50亿元")),
        fp.Observation(
            indicator="va", period=Period.span(2021, 2025), value=fp.parse_quantity("280亿元")
        ),
    ]
    (row,) = fp.assess(plan, observations=later)
    assert row.latest is not None and str(row.latest.period) == "2022"
    (alone,) = fp.assess(plan, observations=later[:1])
    assert row.verdict == alone.verdict and row.latest_value == alone.latest_value


def test_batch_and_store_skip_span_rows(tmp_path: Path) -> None:
    plan = fp.loads_plan(REGRESSION)
    table = fp.ObservationTable(
        plan="demo", indicator="va", year=[2022, 2025], first_year=[2022, 2021],
        value=[50.0, 280.0], unit="亿元",
    )  # fmt: skip
    without = fp.ObservationTable(
        plan="demo", indicator="va", year=[2022], value=[50.0], unit="亿元"
    )
    got = fp.evaluate_many([plan], table)
    want = fp.evaluate_many([plan], without)
    assert got.to_records() == want.to_records()
    assert np.allclose(got.latest, 50) and np.allclose(got.baseline, 40)
    fp.dump_plan_store([plan], tmp_path)
    stored = fp.PlanBatch.from_store(fp.open_plan_store(tmp_path)).evaluate()
    assert stored.to_records() == fp.evaluate_many([plan]).to_records()
    assert np.allclose(stored.baseline, 40)
    with_table = fp.PlanBatch.from_store(fp.open_plan_store(tmp_path), table).evaluate()
    assert with_table.to_records() == want.to_records()


def test_review_and_draft_skip_spans() -> None:
    before = fp.loads_plan(
        HEADER.replace("2021", "2016").replace("2025", "2020")
        + '\n[indicators.va]\nname = "规模工业增加值"\nunit = "亿元"\n'
        'observations = [{period = 2015, value = "30亿元"}, {period = 2020, value = "40亿元"},'
        ' {period = "2016-2020", value = "203.92亿元"}]\n'
        'targets = [{kind = "level", year = 2020, value = "45亿元"}]\n'
    )
    (row,) = fp.review(before, of_predecessor=False)
    assert row.actual is not None and str(row.actual.period) == "2020"
    assert row.achieved is False
    draft = fp.draft_plan(before, start_year=2021, end_year=2025)
    (obs,) = draft.plan.observations
    assert str(obs.period) == "2020" and obs.value == fp.parse_quantity("40亿元")
    with pytest.raises(fp.DraftError):
        fp.draft_plan(
            before, start_year=2021, end_year=2025,
            base_values={"va": fp.Observation(indicator="va", period=Period.span(2016, 2020),
                                              value=fp.parse_quantity("203.92亿元"))},
        )  # fmt: skip


# -- audit V003 -------------------------------------------------------------------------------
ROWS = [
    f'{{period = {y}, value = "{v}亿元"}}'
    for y, v in zip(range(2016, 2021), [35, 38, 41, 44, 46], strict=True)
]
YEARS = ", ".join(ROWS)


@pytest.mark.parametrize(
    ("observations", "found"),
    [
        (YEARS + ', {period = "十三五期间", value = "220亿元"}', True),
        (YEARS + ', {period = "十三五期间", value = "204亿元"}', False),
        # five whole figures: 204 ± 2.5
        (YEARS + ', {period = "十三五期间", value = "206.5亿元"}', False),
        (YEARS + ', {period = "十三五期间", value = "206.6亿元"}', True),
        # a year missing: nothing to add up
        (", ".join(ROWS[1:]) + ', {period = "十三五期间", value = "999亿元"}', False),
        # a part-year of 2020 is no whole year
        (
            ", ".join(ROWS[:4])
            + ', {period = "2020年1-9月", value = "30亿元"}, {period = "十三五期间", value = "999亿元"}',
            False,
        ),
        # an estimate stands for its year when there is no actual
        (
            ", ".join(ROWS[:4]) + ', {period = 2020, value = "46亿元", status = "estimate"}'
            ', {period = "十三五期间", value = "300亿元"}',
            True,
        ),
    ],
)
def test_v003(observations: str, found: bool) -> None:
    plan = fp.loads_plan(plan_text("亿元", observations))
    codes = [f.code for f in fp.audit(plan).findings]
    assert ("V003" in codes) is found
    if found:
        (finding,) = [f for f in fp.audit(plan).findings if f.code == "V003"]
        assert finding.location.startswith("indicators.va.observations[")
        assert finding.figures[0][0] == "2016-2020"


@given(st.lists(st.integers(1, 10**6), min_size=5, max_size=5))
def test_v003_never_reports_the_exact_sum(values: list[int]) -> None:
    obs = ", ".join(f"{{period = {2016 + i}, value = {v}}}" for i, v in enumerate(values))
    obs += f', {{period = "十三五", value = {sum(values)}}}'
    plan = fp.loads_plan(plan_text("万元", obs))
    assert "V003" not in [f.code for f in fp.audit(plan).findings]


# -- compositions (三次产业结构 16.5:44.7:38.8) ------------------------------------------------
STRUCTURE = (
    HEADER
    + """
[indicators.structure]
name = "三次产业结构"
unit = "%"
parts = ["第一产业", "第二产业", "第三产业"]
observations = [{period = 2020, value = "16.5:44.7:38.8"}, {period = 2015, value = "20：44：36"}]
targets = [{kind = "level", year = 2025, comparator = "=", value = "12:45:43", text = "调整为12:45:43"}]

[indicators.va]
name = "规模工业增加值"
unit = "亿元"
observations = [{period = 2020, value = "40亿元"}]
targets = [{kind = "level", year = 2025, value = "60亿元"}]
"""
)


@pytest.mark.parametrize(
    ("text", "shares", "shown"),
    [
        ("16.5:44.7:38.8", ["16.5", "44.7", "38.8"], "16.5:44.7:38.8"),
        ("16.5：44.7：38.8", ["16.5", "44.7", "38.8"], "16.5:44.7:38.8"),
        ("16.5∶44.7∶38.8", ["16.5", "44.7", "38.8"], "16.5:44.7:38.8"),
        ("12:45:43", ["12", "45", "43"], "12:45:43"),
        ("12.0:45:43", ["12.0", "45", "43"], "12.0:45:43"),
        ("60:40%", ["60", "40"], "60:40"),
        ("16.45:44.7:38.8", ["16.45", "44.7", "38.8"], "16.45:44.7:38.8"),  # 99.95 ± 0.105
        ("12:45:44", ["12", "45", "44"], "12:45:44"),  # 101 ± 1.5
    ],
)
def test_composition_forms(text: str, shares: list[str], shown: str) -> None:
    c = fp.Composition.parse(text)
    assert [str(s) for s in c.shares] == shares
    assert str(c) == shown
    assert fp.Composition.parse(str(c)) == c


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("16.5:44.7:39.0", "add up to 100.2, not 100"),
        ("16.5:44.7:39.8", "add up to 101.0, not 100"),
        ("12:45:45", "add up to 102, not 100"),
        ("100", "2 to 10 shares"),
        ("16.5:x:38.8", "cannot read"),
        ("16.5::38.8", "cannot read"),
        ("-1:50:51", "cannot read"),
        (":".join(["9.09"] * 11), "2 to 10 shares"),
    ],
)
def test_composition_refusals(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        fp.Composition.parse(text)


def test_composition_tolerance_is_the_rounding_of_its_figures() -> None:
    assert fp.Composition.parse("16.5:44.7:38.8").tolerance == Decimal("0.15")
    assert fp.Composition.parse("12:45:43").tolerance == Decimal("1.5")
    assert fp.Composition.parse("16.45:44.7:38.8").tolerance == Decimal("0.105")
    assert sum(fp.Composition.parse("16.5:44.7:38.9").shares) == Decimal("100.1")  # ≤ ± 0.15
    with pytest.raises(ValueError, match=r"allow 100 ± 0.15"):
        fp.Composition.parse("16.5:44.7:39.0")


@given(st.lists(st.integers(0, 1000), min_size=2, max_size=limits.MAX_COMPOSITION_PARTS))
def test_composition_round_trip(tenths: list[int]) -> None:
    total = sum(tenths)
    if total == 0:
        return
    # shares to one decimal that add up to 100 within their rounding
    shares = [Decimal(t * 1000 // total) / 10 for t in tenths]
    shares[-1] += Decimal(100) - sum(shares)
    if shares[-1] < 0:
        return
    c = fp.Composition([s.quantize(Decimal("0.1")) for s in shares])
    assert fp.Composition.parse(str(c)) == c
    assert abs(sum(c.shares) - 100) <= c.tolerance


def test_composition_plan_round_trip(tmp_path: Path) -> None:
    plan = fp.loads_plan(STRUCTURE)
    ind = plan.indicator("structure")
    assert ind.parts == ("第一产业", "第二产业", "第三产业")
    obs = plan.observations_for("structure")
    assert [str(o.value) for o in obs] == ["16.5:44.7:38.8", "20:44:36"]
    (target,) = plan.targets_for("structure")
    assert target.describe() == "=12:45:43"
    text = fp.dumps_plan(plan)
    assert '{ period = 2020, value = "16.5:44.7:38.8" }' in text
    assert fp.loads_plan(text) == plan
    assert fp.loads_plan(fp.dumps_plan(plan, "json"), "json") == plan
    fp.dump_plan_store([plan], tmp_path)
    assert fp.load_plan_store(tmp_path) == (plan,)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ('"16.5:44.7:38.8"', '"16.5:44.7:39.8"'),
            "indicators.structure.observations[0].value",
            "add up to 101.0, not 100",
        ),
        (
            ('"16.5:44.7:38.8"', '"60:40"'),
            "indicators.structure.observations[0].value",
            "2 shares for 3 parts",
        ),
        (
            ('"16.5:44.7:38.8"', '"38.8%"'),
            "indicators.structure.observations[0].value",
            "an indicator with parts takes shares",
        ),
        (
            ('value = "40亿元"', 'value = "60:40"'),
            "indicators.va.observations[0].value",
            "only for an indicator with parts",
        ),
        (
            ('value = "12:45:43"', 'value = "12:45:53"'),
            "indicators.structure.targets[0].value",
            "add up to 110, not 100",
        ),
        (('unit = "%"', 'unit = "亿元"'), "indicators.structure.unit", "shares are in %"),
        (
            ('parts = ["第一产业", "第二产业", "第三产业"]', 'parts = ["第一产业"]'),
            "indicators.structure.parts",
            "2 or more parts",
        ),
    ],
)
def test_composition_refusals_in_a_plan_file(
    change: tuple[str, str], path: str, message: str
) -> None:
    with pytest.raises(PlanError) as info:
        fp.loads_plan(STRUCTURE.replace(*change, 1))
    problems = [p for p in info.value.problems if p.path == path]
    assert problems and message in problems[0].message, info.value.problems


def test_compositions_are_shown_never_judged(tmp_path: Path) -> None:
    plan = fp.loads_plan(STRUCTURE)
    base = baseline(plan, plan.indicator("structure"))
    assert base is not None and str(base.value) == "16.5:44.7:38.8"
    assert [r.indicator for r in fp.assess(plan)] == ["va"]
    assert list(fp.evaluate_many([plan]).indicator) == ["va"]
    assert fp.review(plan, of_predecessor=False)[0].indicator == "va"
    assert len(fp.review(plan, of_predecessor=False)) == 1
    assert "V" not in "".join(f.code for f in fp.audit(plan).findings)
    report = tmp_path / "r.html"
    runner = CliRunner()
    shown = runner.invoke(main, ["indicators", str(_write(tmp_path, STRUCTURE))])
    assert shown.exit_code == 0 and "16.5:44.7:38.8" in shown.output
    assert "=12:45:43（2025年）" in shown.output
    made = runner.invoke(main, ["report", str(_write(tmp_path, STRUCTURE)), "-o", str(report)])
    assert made.exit_code == 0, made.output
    html = report.read_text(encoding="utf-8")
    assert "16.5:44.7:38.8（2020）" in html and "结构指标，不评价进展" in html
    progress = runner.invoke(main, ["progress", str(_write(tmp_path, STRUCTURE))])
    assert progress.exit_code == 0
    assert "结构指标不评价进展" in progress.output and "三次产业结构" in progress.output


def _write(folder: Path, text: str) -> Path:
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("三次产业结构调整为12:45:43", "=12:45:43"),
        ("优化为10：45：45左右", "=10:45:45"),
        ("三次产业结构达到8.5∶41.5∶50", "=8.5:41.5:50"),
    ],
)
def test_composition_target_read_from_its_phrase(text: str, shown: str) -> None:
    plan = fp.loads_plan(
        STRUCTURE.replace(
            'targets = [{kind = "level", year = 2025, comparator = "=", value = "12:45:43", '
            'text = "调整为12:45:43"}]',
            f'targets = [{{year = 2025, text = "{text}"}}]',
        )
    )
    (target,) = plan.targets_for("structure")
    assert isinstance(target, fp.LevelTarget) and target.text == text
    assert target.describe() == shown
    assert fp.loads_plan(fp.dumps_plan(plan)) == plan


def test_composition_phrase_refused_at_its_text() -> None:
    with pytest.raises(PlanError) as info:
        fp.loads_plan(
            STRUCTURE.replace(
                'comparator = "=", value = "12:45:43", text = "调整为12:45:43"',
                'text = "调整为12:45:53"',
            ).replace('{kind = "level", ', "{", 1)
        )
    (problem,) = info.value.problems
    assert problem.path == "indicators.structure.targets[0].text"
    assert "add up to 110, not 100" in problem.message
    assert "16.5:44.7:38.8" in problem.expected


def test_report_shows_a_span_total_beside_the_baseline(tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    made = CliRunner().invoke(
        main, ["report", str(_write(tmp_path, REGRESSION)), "-o", str(report)]
    )
    assert made.exit_code == 0, made.output
    assert "40亿元（2020）；十三五期间累计203.92亿元" in report.read_text(encoding="utf-8")
    other = REGRESSION.replace('"十三五期间"', '"2017-2020"')
    made = CliRunner().invoke(main, ["report", str(_write(tmp_path, other)), "-o", str(report)])
    assert "40亿元（2020）；2017-2020年累计203.92亿元" in report.read_text(encoding="utf-8")
