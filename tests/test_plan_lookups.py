"""A plan's look-ups (``indicator``, ``chain``, ``template``, ``observations_for``,
``targets_for``) answer from an index built once, with the same results as a scan from the
start, and a plan ten times larger costs about ten times more to audit, not a hundred."""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import fyp_planning as fp
import strategies as S

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks package sits beside src/, not inside it
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import county_plans  # noqa: E402


def _scanned(plan: fp.Plan, name: str, key: str) -> tuple[object, ...]:
    return tuple(x for x in getattr(plan, name) if x.indicator == key)


@settings(max_examples=40, deadline=None)
@given(S.plans())
def test_look_ups_agree_with_a_scan_in_plan_order(plan: fp.Plan) -> None:
    for ind in plan.indicators:
        assert plan.indicator(ind.id) is next(i for i in plan.indicators if i.id == ind.id)
        assert plan.observations_for(ind.id) == _scanned(plan, "observations", ind.id)
        assert plan.targets_for(ind.id) == _scanned(plan, "targets", ind.id)
        for got, want in zip(
            plan.observations_for(ind.id), _scanned(plan, "observations", ind.id), strict=True
        ):
            assert got is want
    for c in plan.chains:
        want = next(x for x in plan.chains if c.id in (x.id, x.name))
        assert plan.chain(c.id) is want
        assert plan.chain(c.name) is next(x for x in plan.chains if c.name in (x.id, x.name))
    for t in plan.templates:
        assert plan.template(t.id) is t
    assert plan.observations_for("no_such_indicator") == ()
    assert plan.targets_for("no_such_indicator") == ()


def test_unknown_ids_raise_key_error_listing_the_known_ones() -> None:
    plan = fp.load("dongkou")
    with pytest.raises(KeyError, match="has no indicator 'nope' \\(known: "):
        plan.indicator("nope")
    with pytest.raises(KeyError, match="has no chain 'nope' \\(known: "):
        plan.chain("nope")
    with pytest.raises(KeyError, match="has no template 'nope' \\(known: "):
        plan.template("nope")


def test_the_index_is_not_part_of_the_plan() -> None:
    plan = fp.load("dongkou")
    before = (repr(plan), hash(plan), fp.dumps_plan(plan))
    plan.indicator(plan.indicators[0].id)  # builds the index
    assert (repr(plan), hash(plan), fp.dumps_plan(plan)) == before
    assert "_lookup" not in {f.name for f in attrs.fields(fp.Plan)}
    assert plan == fp.loads_plan(fp.dumps_plan(plan))


def test_a_changed_copy_builds_its_own_index() -> None:
    def firms(id: str) -> fp.Indicator:
        return fp.Indicator(id=id, name="规上企业数", unit=fp.parse_unit("家"))

    plan = fp.Plan(
        id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        indicators=[firms("a")],
    )  # fmt: skip
    assert plan.indicator("a").id == "a"
    other = attrs.evolve(plan, indicators=[firms("b")])
    assert other.indicator("b").id == "b"
    with pytest.raises(KeyError, match="known: b"):
        other.indicator("a")


def test_a_plan_without_units_pickles_with_its_index_left_behind() -> None:
    plan = fp.Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025)
    assert plan.observations_for("x") == ()
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and again.observations_for("x") == ()


def _best(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def test_audit_cost_grows_linearly_with_the_plan() -> None:
    small = county_plans(1, 200, 10, chains=25, seed=5).plans[0]
    large = county_plans(1, 2000, 10, chains=250, seed=5).plans[0]
    fp.audit(small)  # warm up: imports, unit factors
    ratio = _best(lambda: fp.audit(large)) / _best(lambda: fp.audit(small))
    # linear is 10; the scans this replaced made it 25 at this size (the goal is at most 12;
    # a shared machine's noise gets some room)
    assert ratio < 16, ratio
