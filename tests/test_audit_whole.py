"""The whole audit on generated consistent plans (issue 18, "Done when"): it finds nothing, and it
lists nothing as not checked when every input is present; a stated figure moved beyond its
precision is exactly one finding, naming it. Across the rule families — growth and change
statements (G), totals of parts and of years (V002, V003), target pairs and the targets
against the baseline and the predecessor (T) — not one family at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S

#: What a plan without a predecessor cannot be checked for: one item each for T006 and T007.
NO_PREDECESSOR = {("T006", "predecessor"), ("T007", "predecessor")}


@settings(max_examples=80, deadline=None)
@given(S.consistent_plans())
def test_a_consistent_plan_has_no_finding_and_nothing_unchecked_but_what_it_lacks(
    plan: fp.Plan,
) -> None:
    report = fp.audit(plan)
    assert report.findings == (), [f.message for f in report.findings]
    unchecked = {(c.code, c.location) for c in report.not_checked}
    if plan.predecessor is None:
        assert unchecked == NO_PREDECESSOR
    else:
        assert unchecked == set(), [(c.code, c.location, c.reason) for c in report.not_checked]
    # every stated figure was looked at: each statement, span total and target has a pass
    passed = {(c.plan, c.location) for c in report.passed}
    for p, location, _ in stated(plan):
        assert (p.id, location) in passed or (
            p is plan and location.endswith("targets[1]")  # the pair is judged at targets[0]
        ), location
    assert report.coverage["checked"] == len(report.passed)


def stated(plan: fp.Plan) -> Iterator[tuple[fp.Plan, str, Any]]:
    """Every figure the plans state: (the plan, its key path, the item)."""
    for p in (plan, plan.predecessor):
        if p is None:
            continue
        for s in p.statements:
            yield p, f"statements.{s.id}", s
        for ind in p.indicators:
            for i, t in enumerate(p.targets_for(ind.id)):
                yield p, f"indicators.{ind.id}.targets[{i}]", t
            for i, o in enumerate(p.observations_for(ind.id)):
                if o.period.is_span:
                    yield p, f"indicators.{ind.id}.observations[{i}]", o


def moved(item: Any) -> tuple[Any, float]:
    """The item with its figure moved up well beyond its precision, and the new figure."""
    field = "rate" if isinstance(item, fp.GrowthTarget) else "value"
    q = getattr(item, field)
    m = float(q.magnitude)
    x = m + 5 + abs(m) / 2  # up by 5 and half its size, whatever its sign
    shown = round(x) if m.is_integer() else round(x, 2)  # written as a document would
    return attrs.evolve(item, **{field: shown * q.units}), shown


def replaced(plan: fp.Plan, home: fp.Plan, old: Any, new: Any) -> fp.Plan:
    """``plan`` with ``old`` of ``home`` (the plan or its predecessor) replaced by ``new``."""
    kw: dict[str, Any] = {}
    for name in ("statements", "targets", "observations"):
        items = getattr(home, name)
        if any(x is old for x in items):
            kw[name] = [new if x is old else x for x in items]
    home = attrs.evolve(home, **kw)
    return home if home.id == plan.id else attrs.evolve(plan, predecessor=home)


@settings(max_examples=120, deadline=None)
@given(S.consistent_plans(), st.data())
def test_one_stated_figure_moved_beyond_its_precision_is_one_finding_naming_it(
    plan: fp.Plan, data: st.DataObject
) -> None:
    home, location, item = data.draw(st.sampled_from(list(stated(plan))))
    new, figure = moved(item)
    report = fp.audit(replaced(plan, home, item, new))
    assert len(report.findings) == 1, [(f.code, f.location, f.message) for f in report.findings]
    (f,) = report.findings
    assert f.plan == home.id
    if location.endswith("targets[1]"):  # a target pair is reported at its first target
        assert f.location == location.replace("targets[1]", "targets[0]")
    else:
        assert f.location == location.rsplit("[", 1)[0] if f.code == "V001" else location
    # the finding shows the moved figure among its figures
    shown = [float(n) for _, value in f.figures for n in re.findall(r"-?\d+(?:\.\d+)?", value)]
    assert figure in shown, (figure, f.figures)
