"""Batch evaluation: ``evaluate_many`` gives ``assess``'s verdicts and rates on every row.

``assess`` is the batch of one plan; the properties check that many plans judged at once (with
extra observations as objects or as a table, as of any year) give what each plan gives alone;
the examples walk every branch of the two methods once; Dongkou with the example observations
file is the real-data case. Then the exports.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import (
    BatchResult,
    Comparator,
    CountyMethod,
    CoverageTarget,
    Direction,
    GrowthMode,
    GrowthTarget,
    Indicator,
    IndicatorKind,
    LevelTarget,
    Measure,
    Observation,
    ObservationStatus,
    ObservationTable,
    Period,
    Plan,
    PlanBatch,
    Quantity,
    RateTarget,
    ReductionTarget,
    UNSDMethod,
    Verdict,
    assess,
    evaluate_many,
    format_unit,
    parse_unit,
)
from fyp_planning.evaluation.assess import _rate_quantity
from fyp_planning.evaluation.batch import RECORD_COLUMNS
from strategies import progress_plans

V = Verdict
ROOT = Path(__file__).resolve().parents[1]
METHODS = st.sampled_from(["county", "opensdg", "unsd"])


# -- comparing a batch of many plans with each plan judged alone ------------------------------
def _close(expected: float | None, got: float) -> bool:
    if expected is None:
        return math.isnan(got)
    return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-12)


def assert_same(plans_: list[Plan], result: BatchResult, scalar: list[fp.Assessment]) -> None:
    """Every row of ``result`` has the verdict of ``scalar``'s and numbers within 1e-9."""
    assert len(result) == len(scalar)
    indicators = {(p.id, i.id): i for p in plans_ for i in p.indicators}
    for i, a in enumerate(scalar):
        ind = indicators[(result.plan[i], a.indicator)]
        where = f"row {i} ({result.plan[i]}, {a.indicator}, {a.target})"
        assert result.indicator[i] == a.indicator, where
        assert result.targets[i] is a.target, where
        assert result.verdicts[i] is a.verdict, f"{where}: {a.verdict} != {result.verdicts[i]}"
        assert _close(a.ratio, float(result.ratio[i])), f"{where}: ratio"
        for name in ("required_rate", "actual_rate"):
            expected = getattr(a, name)
            got = float(getattr(result, name)[i])
            if expected is None:
                assert math.isnan(got), f"{where}: {name}"
                continue
            mine = _rate_quantity(got, ind, bool(result.rates_linear[i]))
            assert mine.units == expected.units, f"{where}: {name} {mine} vs {expected}"
            assert _close(expected.magnitude, mine.magnitude), f"{where}: {name}"
        pairs = [
            ("projection", result.projection),
            ("latest_value", result.latest),
            ("target_value", result.target_value),
        ]
        if not isinstance(a.target, RateTarget):
            pairs.append(("baseline_value", result.baseline))
        for name, array in pairs:
            q = getattr(a, name)
            expected = None if q is None else float(q.magnitude)
            assert _close(expected, float(array[i])), f"{where}: {name}"


def both(
    plans_: list[Plan], extra: dict[str, list[Observation]] | None = None, **kwargs: Any
) -> BatchResult:
    """The batch result, checked row by row against ``assess`` of each plan."""
    extra = extra or {}
    scalar = [a for p in plans_ for a in assess(p, observations=extra.get(p.id), **kwargs)]
    result = evaluate_many(plans_, extra, **kwargs)
    assert_same(plans_, result, scalar)
    return result


def _scalar_or_none(plan: Plan, **kwargs: Any) -> Exception | None:
    try:
        assess(plan, **kwargs)
    except (ArithmeticError, ValueError, fp.FypError) as exc:
        return exc
    return None


# -- properties --------------------------------------------------------------------------------
# ``assess`` is the batch of one plan, so a batch of one has nothing to be compared with; what
# is compared is a batch of many plans (and of a table) with each plan judged alone.
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(progress_plans(), min_size=1, max_size=4), METHODS, st.data())
def test_batch_of_many_plans_with_extra_observations(
    plans_: list[Plan], method: str, data: st.DataObject
) -> None:
    """Several plans at once, later observations moved out of each plan and given apart."""
    plans_ = [attrs.evolve(p, id=f"county_{i}") for i, p in enumerate(plans_)]
    split = []
    extra: dict[str, list[Observation]] = {}
    for p in plans_:
        cut = data.draw(st.integers(0, len(p.observations)))
        split.append(attrs.evolve(p, observations=p.observations[:cut]))
        extra[p.id] = list(p.observations[cut:])
    assume(all(_scalar_or_none(p, method=method) is None for p in plans_))
    both(split, extra, method=method)


def _as_table(extra: dict[str, list[Observation]]) -> ObservationTable:
    rows = [(pid, o) for pid, obs in extra.items() for o in obs]
    return ObservationTable(
        plan=[pid for pid, _ in rows],
        indicator=[o.indicator for _, o in rows],
        year=[o.period.year for _, o in rows],
        first_month=[o.period.first_month for _, o in rows],
        last_month=[o.period.last_month for _, o in rows],
        value=[float(o.value.magnitude) for _, o in rows],
        unit=[format_unit(o.value.units) for _, o in rows],
        status=[o.status.value for _, o in rows],
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(progress_plans(), min_size=1, max_size=3), METHODS, st.data())
def test_observation_table_gives_the_same_result_as_objects(
    plans_: list[Plan], method: str, data: st.DataObject
) -> None:
    plans_ = [attrs.evolve(p, id=f"county_{i}") for i, p in enumerate(plans_)]
    split, extra = [], {}
    for p in plans_:
        stated = [o for o in p.observations if o.unit_stated]
        cut = data.draw(st.integers(0, len(stated)))
        kept = [o for o in p.observations if o not in stated[cut:]]
        split.append(attrs.evolve(p, observations=kept))
        extra[p.id] = stated[cut:]
    assume(all(_scalar_or_none(p, method=method) is None for p in plans_))
    expected = both(split, extra, method=method)
    got = evaluate_many(split, _as_table(extra), method=method)
    assert got.verdicts == expected.verdicts
    assert got.to_records() == expected.to_records()


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(progress_plans(), min_size=1, max_size=3))
def test_a_plans_rows_of_a_table_are_its_observations(plans_: list[Plan]) -> None:
    """ObservationTable.observations(plan) gives back the observations the table was made of
    (values as floats; comparators, sources and texts are not in a table)."""
    plans_ = [attrs.evolve(p, id=f"county_{i}") for i, p in enumerate(plans_)]
    table = _as_table({p.id: list(p.observations) for p in plans_})
    for p in plans_:
        got = table.observations(p)
        assert [(o.indicator, o.period, o.status) for o in got] == [
            (o.indicator, o.period, o.status) for o in p.observations
        ]
        assert [o.value.units for o in got] == [o.value.units for o in p.observations]
        assert [o.value.magnitude for o in got] == [
            float(o.value.magnitude) for o in p.observations
        ]
    assert table.observations(attrs.evolve(plans_[0], id="elsewhere")) == ()


def test_a_row_without_a_unit_is_in_its_indicators_unit() -> None:
    plan = plan_of([(2020, 100.0)], (at_least(161.051),))
    table = ObservationTable(plan="demo", indicator="x", year=[2022, 2023], value=[1.5, 2.0])
    (a, b) = table.observations(plan)
    assert (a.value, b.value) == (
        Quantity(1.5, parse_unit("亿元")),
        Quantity(2.0, parse_unit("亿元")),
    )
    other = ObservationTable(plan="demo", indicator="y", year=[2022], value=[1.5])
    with pytest.raises(KeyError, match="has no indicator 'y'"):
        other.observations(plan)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(progress_plans(), min_size=1, max_size=3))
def test_one_prepared_batch_judged_as_of_every_year_and_by_both_methods(
    plans_: list[Plan],
) -> None:
    """What PlanBatch prepares once (baselines, target levels, required rates, the index of
    observations) serves every later evaluation: each equals ``assess`` of that year and method."""
    plans_ = [attrs.evolve(p, id=f"county_{i}") for i, p in enumerate(plans_)]
    assume(
        all(
            _scalar_or_none(p, method=m) is None
            for p in plans_
            for m in ("county", "opensdg", "unsd")
        )
    )
    batch = PlanBatch(plans_)
    for as_of in (None, 2019, 2020, 2021, 2023, 2025, 2030):
        for method in ("county", "opensdg", "unsd"):
            scalar = [a for p in plans_ for a in assess(p, as_of=as_of, method=method)]
            assert_same(plans_, batch.evaluate(as_of=as_of, method=method), scalar)


def test_prepared_arrays_cannot_be_changed_through_a_result() -> None:
    plan = plan_of([(2020, 198), (2022, 229)], (at_least(300),))
    result = PlanBatch([plan]).evaluate()
    with pytest.raises(ValueError, match="read-only"):
        result.baseline[0] = 1.0
    assert PlanBatch([plan]).evaluate().baseline[0] == 198


def test_an_index_too_large_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from fyp_planning.evaluation import _vector

    monkeypatch.setattr(_vector, "MAX_CELLS", 1)
    plan = plan_of([(2020, 198), (2022, 229)], (at_least(300),))
    with pytest.raises(ValueError, match="smaller batches"):
        PlanBatch([plan])


# -- one example per branch ------------------------------------------------------------------
def plan_of(
    values: list[tuple[Any, ...]],
    targets: tuple[Any, ...] = (),
    *,
    unit: str = "亿元",
    direction: Direction = Direction.HIGHER,
    kind: IndicatorKind = IndicatorKind.ANTICIPATORY,
    growth: GrowthMode | None = None,
    limit: Any = None,
    measure: Measure | None = None,
) -> Plan:
    """A 2021–2025 plan (base year 2020) with one indicator ``x``: ``values`` are
    ``(period, value[, status])``, a period a year or a :class:`Period`."""
    extra: dict[str, Any] = {"growth": growth} if growth is not None else {}
    if limit is not None:
        extra["limit"] = Quantity(limit, parse_unit(unit))
    ind = Indicator(
        id="x",
        name="指标",
        unit=parse_unit(unit),
        direction=direction,
        kind=kind,
        measure=measure,
        **extra,
    )
    obs = [
        Observation(
            indicator="x",
            period=p if isinstance(p, Period) else Period(p),
            value=Quantity(v, ind.unit),
            status=ObservationStatus.from_text(s[0]) if s else ObservationStatus.ACTUAL,
        )
        for p, v, *s in values
    ]
    return Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=[ind],
        observations=obs,
        targets=list(targets),
    )


def at_least(value: float, year: int = 2025, unit: str = "亿元") -> LevelTarget:
    return LevelTarget(indicator="x", year=year, value=Quantity(value, parse_unit(unit)))


def at_most(value: float, year: int = 2025) -> LevelTarget:
    return LevelTarget(
        indicator="x", year=year, value=Quantity(value, "亿元"), comparator=Comparator.LE
    )


def verdict(plan: Plan, method: str = "county", **kwargs: Any) -> Verdict:
    (v,) = both([plan], method=method, **kwargs).verdicts
    return v


@pytest.mark.parametrize(
    ("latest", "county", "unsd"),
    [
        (121.0, V.SUBSTANTIAL, V.ON_TRACK),  # 10 % a year, as needed
        (112.36, V.MODERATE, V.FAIR),  # 6 %: ratio 0.60
        (101.0, V.LIMITED, V.POOR),
        (99.0, V.DETERIORATION, V.POOR),
        (170.0, V.ACHIEVED, V.ACHIEVED),  # met
    ],
)
def test_graded_and_achieved(latest: float, county: Verdict, unsd: Verdict) -> None:
    plan = plan_of([(2020, 100.0), (2022, latest)], (at_least(161.051),))
    assert verdict(plan) is county
    assert verdict(plan, "unsd") is unsd


def test_lower_is_better() -> None:
    plan = plan_of([(2020, 100.0), (2022, 81.0)], (at_most(59.049),), direction=Direction.LOWER)
    assert verdict(plan) is V.SUBSTANTIAL


def test_linear_indicator_and_linear_fallback() -> None:
    shares = plan_of(
        [(2020, 40.0), (2022, 44.0)],
        (at_least(50.0, unit="%"),),
        unit="%",
        growth=GrowthMode.LINEAR,
    )
    assert verdict(shares) is V.SUBSTANTIAL  # 2 points a year, as needed
    zero = plan_of([(2020, 0.0), (2022, 4.0)], (at_least(10.0),))  # no compound rate from 0
    result = both([zero])
    assert bool(result.rates_linear[0]) and result.verdicts[0] is V.SUBSTANTIAL


def test_annual_growth_target_is_judged_on_the_stated_rate() -> None:
    target = GrowthTarget(indicator="x", year=2025, rate=Quantity(10, "percent"))
    plan = plan_of([(2020, 100.0), (2022, 115.0)], (target,))
    result = both([plan])
    assert math.isclose(float(result.required_rate[0]), 0.10)
    total = GrowthTarget(indicator="x", year=2025, rate=Quantity(50, "percent"), annual=False)
    reduce = ReductionTarget(indicator="x", year=2025, rate=Quantity(10, "percent"), base_year=2019)
    both([plan_of([(2019, 100.0), (2020, 100.0), (2022, 115.0)], (total, reduce))])


def test_binding_shortfall_and_due_targets_are_capped() -> None:
    binding = plan_of(
        [(2020, 100.0), (2022, 120.0)], (at_least(161.051),), kind=IndicatorKind.BINDING
    )
    assert verdict(binding) is V.MODERATE  # ratio 0.96 but short of 1
    assert verdict(binding, "unsd") is V.FAIR
    due = plan_of([(2020, 100.0), (2025, 160.0)], (at_least(161.051),))
    assert verdict(due) is V.MODERATE  # the target year has come, unmet
    assert verdict(due, "unsd") is V.FAIR


def test_deterioration_when_the_baseline_met_the_target() -> None:
    plan = plan_of([(2020, 100.0), (2022, 95.0)], (at_least(98.0),))
    assert verdict(plan) is V.DETERIORATION
    assert verdict(plan, "unsd") is V.POOR


def test_no_target_trend_and_the_limit_factor() -> None:
    plan = plan_of([(2020, 100.0), (2022, 104.0)])
    assert verdict(plan) is V.SUBSTANTIAL
    assert verdict(plan, "unsd") is V.INSUFFICIENT_DATA  # UNSD needs a target
    near = plan_of([(2020, 98.0), (2022, 98.3)], unit="%", limit=100.0, growth=GrowthMode.LINEAR)
    assert verdict(near) is V.SUBSTANTIAL  # thresholds scaled down near 100 %
    zero = plan_of([(2020, 0.0), (2022, 3.0)], unit="家", growth=GrowthMode.LINEAR)
    assert verdict(zero) is V.INSUFFICIENT_DATA


def test_insufficient_data() -> None:
    assert verdict(plan_of([(2022, 120.0)], (at_least(161.051),))) is V.INSUFFICIENT_DATA
    assert verdict(plan_of([(2020, 120.0)], (at_least(161.051),))) is V.INSUFFICIENT_DATA
    assert verdict(plan_of([(2022, 170.0)], (at_least(161.051),))) is V.ACHIEVED
    bare = LevelTarget(indicator="x", year=2025, value=Quantity(300, "万"))
    assert verdict(plan_of([(2020, 1.0), (2022, 2.0)], (bare,))) is V.INSUFFICIENT_DATA
    no_base = GrowthTarget(indicator="x", year=2025, rate=Quantity(10, "percent"))
    assert verdict(plan_of([(2022, 120.0)], (no_base,))) is V.INSUFFICIENT_DATA


def test_picks_follow_the_scalar_rules() -> None:
    plan = plan_of(
        [
            (2020, 90.0, "estimate"),
            (2020, 100.0),
            (Period(2023, 1, 9), 140.0),
            (2022, 121.0, "preliminary"),
            (2022, 120.0),
        ],
        (at_least(161.051),),
        measure=Measure.STOCK,
    )
    result = both([plan])
    assert float(result.baseline[0]) == 100.0 and float(result.latest[0]) == 140.0
    both([plan], as_of=2022)
    # a flow's part-year is no level: the latest is the whole 2022
    flow = attrs.evolve(plan, indicators=[attrs.evolve(plan.indicators[0], measure=None)])
    result = both([flow])
    assert float(result.baseline[0]) == 100.0 and float(result.latest[0]) == 120.0


def test_rate_and_coverage_targets() -> None:
    rate = RateTarget(
        indicator="x", year=2025, value=Quantity(8, "percent"), years=(2021, 2022, 2023)
    )
    plan = plan_of([(2021, 9.0), (2022, 7.0)], (rate,), unit="%", kind=IndicatorKind.BINDING)
    assert verdict(plan) is V.MODERATE  # binding, a year missed
    done = plan_of([(2021, 9.0), (2022, 8.0), (2023, 8.5)], (rate,), unit="%")
    assert verdict(done) is V.ACHIEVED
    cover = CoverageTarget(indicator="x", year=2025)
    assert verdict(plan_of([(2020, 80.0), (2022, 90.0)], (cover,), unit="%")) is V.SUBSTANTIAL


def test_other_methods_fall_back_to_their_own_judge() -> None:
    @attrs.frozen
    class Strict(CountyMethod):
        name = "strict"

        def judge(self, track: Any) -> Any:
            return UNSDMethod().judge(track)

    plan = plan_of([(2020, 100.0), (2022, 112.36)], (at_least(161.051),))
    result = both([plan], method=Strict())
    assert result.verdicts[0] is V.FAIR and result.method == "strict"
    stricter = CountyMethod(substantial=0.99, moderate=0.7)
    assert verdict(plan, method=stricter) is V.LIMITED  # thresholds are fields: vectorised


@attrs.frozen
class Halfway:
    """A third-party method with only the scalar interface: ``name``, ``judge`` and ``grade``."""

    name = "halfway"

    def judge(self, track: fp.evaluation.Track) -> fp.evaluation.Judgement:
        if track.latest is None or track.target is None or track.baseline is None:
            return fp.evaluation.Judgement(verdict=V.INSUFFICIENT_DATA, flags=["mine_no_data"])
        ratio = (track.latest - track.baseline) / (track.target - track.baseline)
        flags = ["mine_far", "mine_checked"] if ratio < 0.5 else ["mine_checked"]
        return fp.evaluation.Judgement(
            verdict=self.grade(ratio), ratio=ratio, actual_rate=0.01, flags=flags
        )

    def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
        return V.FAIR if ratio >= 0.5 and not binding_shortfall else V.POOR


def test_a_method_with_only_judge_and_grade_is_judged_row_by_row() -> None:
    """No array implementation: ``assess`` and the batch call ``judge`` per row and ``grade`` per
    rate target, and keep the method's own numbers and flags in its own order."""
    assert not isinstance(Halfway(), fp.evaluation.ArrayMethod)
    assert isinstance(fp.evaluation.methods.array_method(Halfway()), fp.evaluation.RowByRow)
    near = plan_of([(2020, 100.0), (2022, 160.0)], (at_least(200.0),))
    far = plan_of([(2020, 100.0), (2022, 110.0)], (at_least(200.0),))
    (a,) = assess(near, method=Halfway())
    assert (a.verdict, a.ratio, a.method) == (V.FAIR, 0.6, "halfway")
    assert a.flags == ("mine_checked",) and a.actual_rate is not None
    assert round(a.actual_rate.to("percent").magnitude, 9) == 1.0
    (b,) = assess(far, method=Halfway())
    assert b.verdict is V.POOR and b.flags == ("mine_far", "mine_checked")
    (c,) = assess(plan_of([(2022, 110.0)], (at_least(200.0),)), method=Halfway())
    assert c.verdict is V.INSUFFICIENT_DATA and c.flags == ("no_baseline", "mine_no_data")
    rate = RateTarget(indicator="x", year=2025, value=Quantity(8.0, "percent"))
    rates = plan_of([(2021, 9.0), (2022, 2.0)], (rate,), unit="%")
    (d,) = assess(rates, method=Halfway(), as_of=2022)
    assert d.verdict is V.FAIR and d.ratio == pytest.approx((1 + 2 / 8) / 2)
    result = evaluate_many([near, far], method=Halfway())
    assert [v.value for v in result.verdicts] == ["fair", "poor"] and result.method == "halfway"


def test_a_subclass_overriding_judge_alone_is_not_judged_by_the_inherited_arrays() -> None:
    @attrs.frozen
    class Lenient(UNSDMethod):
        def grade(self, ratio: float, *, binding_shortfall: bool = False) -> Verdict:
            return V.ON_TRACK

    assert isinstance(fp.evaluation.methods.array_method(Lenient()), fp.evaluation.RowByRow)
    assert isinstance(fp.evaluation.methods.array_method(UNSDMethod()), UNSDMethod)
    plan = plan_of([(2020, 100.0), (2022, 101.0)], (at_least(161.051),))
    assert verdict(plan, method=UNSDMethod()) is V.POOR
    # judge is UNSD's own (its array form, one row), grade the override
    assert verdict(plan, method=Lenient()) is V.ON_TRACK

    @attrs.frozen
    class Cheerful(CountyMethod):
        def grade_rate(self, rate: float, factor: float = 1.0) -> Verdict:
            return V.SUBSTANTIAL

        def limit_factor(self, track: fp.evaluation.Track, linear: bool) -> float | None:
            return 0.5

    trend = plan_of([(2020, 100.0), (2022, 99.0)])  # no target: judged on its trend
    (a,) = assess(trend, method=Cheerful())
    assert a.verdict is V.SUBSTANTIAL and a.flags == ("limit_scaled",)
    assert assess(trend)[0].verdict is V.DETERIORATION


def test_dongkou_with_the_example_observations() -> None:
    plan = fp.load("dongkou")
    path = ROOT / "docs" / "examples" / "dongkou-observations-2021-2023.csv"
    later = list(fp.load_observations(path, plan))
    for method in ("county", "opensdg", "unsd"):
        for as_of in (None, 2022):
            result = both([plan], {plan.id: later}, method=method, as_of=as_of)
            assert any(v is not V.INSUFFICIENT_DATA for v in result.verdicts)


# -- arguments and errors ----------------------------------------------------------------------
def test_bad_arguments() -> None:
    plan = plan_of([(2020, 100.0)])
    with pytest.raises(ValueError, match="not given"):
        evaluate_many([plan], {"elsewhere": []})
    with pytest.raises(ValueError, match="does not have"):
        evaluate_many(
            [plan], {"demo": [Observation(indicator="y", period=Period(2021), value=Quantity(1))]}
        )
    with pytest.raises(TypeError):
        evaluate_many([plan], [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        evaluate_many(["demo"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        evaluate_many([plan], as_of=2022.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown method"):
        evaluate_many([plan], method="nope")
    wrong = Observation(indicator="x", period=Period(2021), value=Quantity(1, parse_unit("亿度")))
    with pytest.raises(fp.UnitMismatchError):
        evaluate_many([plan], {"demo": [wrong]})


def test_observation_table_checks() -> None:
    plan = plan_of([(2020, 100.0)], (at_least(161.051),))
    ok = ObservationTable(plan="demo", indicator="x", year=[2022], value=[1210000], unit="万元")
    assert evaluate_many([plan], ok).verdicts == (V.SUBSTANTIAL,)
    bad_unit = ObservationTable(plan="demo", indicator="x", year=[2022], value=[1.0], unit="亿度")
    with pytest.raises(fp.UnitMismatchError):
        evaluate_many([plan], bad_unit)
    bare = ObservationTable(plan="demo", indicator="x", year=[2022], value=[1.0], unit="万")
    assert evaluate_many([plan], bare).verdicts == (V.INSUFFICIENT_DATA,)  # never guessed
    for table, message in [
        (ObservationTable(plan="other", indicator="x", year=[2022], value=[1.0]), "not given"),
        (ObservationTable(plan="demo", indicator="y", year=[2022], value=[1.0]), "does not"),
    ]:
        with pytest.raises(ValueError, match=message):
            evaluate_many([plan], table)
    with pytest.raises(ValueError, match="unique"):
        evaluate_many([plan, plan], ok)
    for kwargs in (
        {"year": [22]},
        {"value": [math.nan]},
        {"year": [2022], "first_month": [10], "last_month": [9]},
        {"indicator": ["x", "x"]},
    ):
        args = {"plan": "demo", "indicator": "x", "year": [2022], "value": [1.0], **kwargs}
        with pytest.raises(ValueError):
            ObservationTable(**args)
    with pytest.raises(ValueError):
        ObservationTable(plan="demo", indicator="x", year=[2022], value=[1.0], status="maybe")
    assert len(ObservationTable(plan=[], indicator=[], year=[], value=[])) == 0
    assert "1 rows" in repr(ok)


# -- exports -----------------------------------------------------------------------------------
@pytest.fixture
def result() -> BatchResult:
    plan = plan_of([(2020, 100.0), (2022, 112.36)], (at_least(161.051), at_least(300.0, 2021)))
    other = attrs.evolve(plan_of([(2020, 5.0), (2022, 6.0)], unit="%"), id="other")
    return evaluate_many([plan, other])


def test_records(result: BatchResult) -> None:
    records = result.to_records()
    assert [list(r) for r in records] == [list(RECORD_COLUMNS)] * 3
    first = records[0]
    assert first["plan"] == "demo" and first["target"] == "≥161.051亿元" and first["year"] == 2025
    assert first["verdict"] == "moderate" and first["verdict_label"] == "进展中等"
    assert first["rate_kind"] == "relative" and math.isclose(first["required_rate"], 0.1)
    assert records[1]["ratio"] is not None
    last = records[2]
    assert last["target"] is None and last["year"] is None and last["required_rate"] is None
    assert last["unit"] == "%" and last["actual_rate"] is not None
    assert "3 rows of 2 plans" in repr(result)


def test_csv(result: BatchResult, tmp_path: Path) -> None:
    buffer = io.StringIO()
    result.to_csv(buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [r["verdict"] for r in rows] == [v.value for v in result.verdicts]
    assert rows[2]["required_rate"] == ""
    result.to_csv(tmp_path / "progress.csv")
    assert (tmp_path / "progress.csv").read_text(encoding="utf-8") == buffer.getvalue()


def test_parquet(result: BatchResult, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    result.to_parquet(tmp_path / "progress.parquet")
    table = pq.read_table(tmp_path / "progress.parquet")
    assert table.column_names == list(RECORD_COLUMNS)
    assert table.to_pylist() == result.to_records()


def test_parquet_and_pandas_need_their_packages(
    result: BatchResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"fyp-planning\[parquet\]"):
        result.to_parquet(tmp_path / "progress.parquet")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pandas"):
        result.to_pandas()


def test_pandas(result: BatchResult) -> None:
    pytest.importorskip("pandas")
    frame = result.to_pandas()
    assert list(frame.columns) == list(RECORD_COLUMNS) and len(frame) == 3


def test_observation_table_codes_labels_in_order_of_first_appearance() -> None:
    table = ObservationTable(
        plan=np.array(["b", "a", "b", "c"]),  # numpy strings are compared as text
        indicator=["x", 1, "1", "x"],  # a number and its text are the same label
        year=2021,
        value=[1.0, 2.0, 3.0, 4.0],
    )
    assert (table.plans, table.plan_codes.tolist()) == (["b", "a", "c"], [0, 1, 0, 2])
    assert (table.indicators, table.indicator_codes.tolist()) == (["x", "1"], [0, 1, 1, 0])


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(st.floats(-1e6, 1.0, allow_nan=False) | st.just(1.0), min_size=1, max_size=8),
        min_size=1,
        max_size=6,
    )
)
def test_rate_target_means_are_those_of_fmean(rows: list[list[float]]) -> None:
    """The mean yearly attainment is ``statistics.fmean``'s (an exactly rounded sum), to the bit."""
    import statistics

    from fyp_planning.evaluation._vector import _means

    index = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    values = np.array([x for r in rows for x in r], dtype=np.float64)
    count, mean = _means(index, values, len(rows))
    assert count.tolist() == [len(r) for r in rows]
    assert mean.tolist() == [statistics.fmean(r) for r in rows]


def test_the_pandas_comparator_gives_evaluate_many_s_verdicts() -> None:
    """benchmarks/pandas_progress.py does the same arithmetic as evaluate_many (the benchmark
    row that compares their times means something only if it does)."""
    pytest.importorskip("pandas")
    if str(ROOT) not in sys.path:  # the benchmarks package sits beside src/
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import county_plans
    from benchmarks.pandas_progress import frames, progress

    data = county_plans(6, 24, 10, seed=5)
    for as_of in (2021, 2023, 2025):
        result = evaluate_many(data.plans, data.table, as_of=as_of)
        got = progress(frames(data), as_of)
        assert got[:, 0].tolist() == list(range(len(result)))
        assert got[:, 1].astype(int).tolist() == result.verdict_code.tolist()
        ratio = np.asarray(got[:, 2], dtype=np.float64)
        both_numbers = ~np.isnan(ratio) & ~np.isnan(result.ratio)
        assert np.allclose(ratio[both_numbers], result.ratio[both_numbers], rtol=1e-9)
