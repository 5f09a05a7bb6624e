"""Reviewing a finished plan (执行情况): target against actual, achieved or not, the gap.

What a plan's chapter 1 does by hand for its predecessor, one row per target:
:func:`review` returns :class:`ReviewRow` objects. When the document gives several different
values for the same year, the row uses one (actuals before estimates, then the last in plan
order) and lists the others in :attr:`ReviewRow.conflicts`; no value is silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pint

from ..model.enums import Comparator
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import RateTarget, Target
from ._data import Candidate, candidates, gather, meets, pick_at_year
from ._format import short, to_dict_value
from ._targets import base_year_of, goal_for, rate_target_level

__all__ = ["ReviewRow", "review"]


@attrs.frozen(kw_only=True)
class ReviewRow:
    """One target of a finished plan: baseline, target, actual, achieved, gap.

    Attributes:
        indicator: Id of the indicator.
        name: The indicator's Chinese name.
        target: The target.
        year: The year judged (the target's year — the period's end year for the targets of
            most plans).
        baseline: Value at the plan's base year (a growth target's own base year), in the
            indicator's unit, or ``None``.
        target_value: The level the target asks for, in the indicator's unit (for growth
            targets the level the rate implies from the baseline; 100 % for coverage; the
            yearly value for rate targets), or ``None`` when it cannot be known.
        actual: The whole-year observation of :attr:`year` used, or ``None``.
        actual_value: Its value in the indicator's unit.
        achieved: Whether the actual value satisfies the target's comparator; ``None`` when
            there is no actual value (or, for a rate target, some years lack data and none
            missed).
        gap: ``target_value − actual_value`` in the indicator's unit: for ≥ targets a positive
            gap is a shortfall, for ≤ targets a negative gap is an excess.
        relative_gap: ``gap / target_value``, in percent.
        conflicts: Other whole-year observations of :attr:`year` with different values.
        missed_years: For rate targets: years whose value missed the target.
        flags: ASCII flags (see :data:`fyp_planning.evaluation.assessment.FLAGS`).

    Examples:
        >>> from fyp_planning import ReviewRow, LevelTarget, parse_quantity
        >>> row = ReviewRow(indicator="output", name="工业总产值",
        ...                 target=LevelTarget(indicator="output", year=2020,
        ...                                    value=parse_quantity("200亿元")),
        ...                 year=2020, target_value=parse_quantity("200亿元"),
        ...                 actual_value=parse_quantity("198亿元"), achieved=False,
        ...                 gap=parse_quantity("2亿元"), relative_gap=parse_quantity("1%"))
        >>> row.achieved_text, row.gap
        ('否', <Quantity(2, 'yi_yuan')>)
    """

    indicator: str
    name: str
    target: Target
    year: int
    baseline: pint.Quantity | None = None
    target_value: pint.Quantity | None = None
    actual: Observation | None = None
    actual_value: pint.Quantity | None = None
    achieved: bool | None = None
    gap: pint.Quantity | None = None
    relative_gap: pint.Quantity | None = None
    conflicts: tuple[Observation, ...] = attrs.field(default=(), converter=tuple)
    conflict_values: tuple[pint.Quantity, ...] = attrs.field(default=(), converter=tuple)
    missed_years: tuple[int, ...] = attrs.field(default=(), converter=tuple)
    flags: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @property
    def achieved_text(self) -> str:
        """``是`` (achieved), ``否`` (not achieved) or ``—`` (unknown)."""
        return {True: "是", False: "否", None: "—"}[self.achieved]

    @property
    def conflict_gaps(self) -> tuple[pint.Quantity, ...]:
        """The gap with each conflicting value instead of the one used."""
        if self.target_value is None:
            return ()
        return tuple(self.target_value - v for v in self.conflict_values)

    @property
    def conflict_relative_gaps(self) -> tuple[pint.Quantity, ...]:
        """The relative gap with each conflicting value, in percent."""
        return tuple(_relative(g, self.target_value) for g in self.conflict_gaps)  # type: ignore[misc]

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data; quantities as lossless text.

        Examples:
            >>> from fyp_planning import ReviewRow, CoverageTarget
            >>> ReviewRow(indicator="g5", name="5G覆盖", year=2025,
            ...           target=CoverageTarget(indicator="g5", year=2025)).to_dict()["target"]
            {'kind': 'coverage', 'year': 2025, 'text': '全覆盖', 'source': None}
        """
        return {
            "indicator": self.indicator,
            "name": self.name,
            "target": {
                "kind": self.target.kind,
                "year": self.target.year,
                "text": self.target.describe(),
                "source": self.target.source,
            },
            "year": self.year,
            "baseline": to_dict_value(self.baseline),
            "target_value": to_dict_value(self.target_value),
            "actual": to_dict_value(self.actual_value),
            "actual_source": self.actual.source if self.actual else None,
            "achieved": self.achieved,
            "gap": to_dict_value(self.gap),
            "relative_gap": to_dict_value(self.relative_gap),
            "conflicts": [
                {"value": to_dict_value(v), "source": o.source, "status": o.status.value}
                for o, v in zip(self.conflicts, self.conflict_values, strict=True)
            ],
            "conflict_gaps": [to_dict_value(g) for g in self.conflict_gaps],
            "missed_years": list(self.missed_years),
            "flags": list(self.flags),
        }

    def cells(self) -> list[str]:
        """The row as table cells: 指标, 基期值, 目标, 期末实际, 是否完成, 差距, 相对差距.

        Conflicting values are shown beside the one used: ``138家（另有133家）``,
        ``62家（或67家）``.

        Examples:
            >>> from fyp_planning import ReviewRow, CoverageTarget
            >>> ReviewRow(indicator="g5", name="5G覆盖", year=2025,
            ...           target=CoverageTarget(indicator="g5", year=2025)).cells()
            ['5G覆盖', '—', '全覆盖', '—', '—', '—', '—']
        """
        target = self.target.describe()
        if self.target_value is not None and self.target.kind in ("growth", "reduction"):
            target += f"（{self.year}年{short(self.target_value)}）"
        actual, gap, rel = short(self.actual_value), short(self.gap), short(self.relative_gap)
        if self.conflicts:
            actual += f"（另有{'、'.join(short(v) for v in self.conflict_values)}）"
            if self.conflict_gaps:
                gap += f"（或{'、'.join(short(g) for g in self.conflict_gaps)}）"
                rel += f"（或{'、'.join(short(r) for r in self.conflict_relative_gaps)}）"
        if self.missed_years:
            actual += f"（{'、'.join(str(y) for y in self.missed_years)}年未达标）"
        return [self.name, short(self.baseline), target, actual, self.achieved_text, gap, rel]


#: Column labels of :meth:`ReviewRow.cells`.
REVIEW_COLUMNS = ("指标", "基期值", "目标", "期末实际", "是否完成", "差距", "相对差距")


def _relative(gap: pint.Quantity, target: pint.Quantity) -> pint.Quantity | None:
    if target.magnitude == 0:
        return None
    return (gap / target).to("percent")


def _actual(
    usable: list[Candidate], bare: list[Observation], year: int
) -> tuple[Candidate | None, list[Candidate], list[str]]:
    """The whole-year observation of ``year`` used, the conflicting others, and flags."""
    whole = [
        c
        for c in usable
        if c.observation.period.year == year and not c.observation.period.is_partial
    ]
    if not whole:
        skipped = any(o.period.year == year and not o.period.is_partial for o in bare)
        return None, [], ["unit_not_stated"] if skipped else []
    pick = pick_at_year(whole, [], year)
    best = pick.candidate
    assert best is not None
    others = [
        c for c in whole if c is not best and not meets(Comparator.EQ, c.magnitude, best.magnitude)
    ]
    # one entry per distinct conflicting value, in plan order
    seen: list[float] = []
    distinct = []
    for c in others:
        if not any(meets(Comparator.EQ, c.magnitude, s) for s in seen):
            seen.append(c.magnitude)
            distinct.append(c)
    flags = list(pick.flags) + (["conflicting_values"] if distinct else [])
    return best, distinct, flags


def _rate_row(
    plan: Plan, target: RateTarget, common: dict[str, Any], usable: list[Candidate], bare: Any
) -> ReviewRow:
    ind = plan.indicator(target.indicator)
    level = rate_target_level(target, ind)
    if level is None:
        return ReviewRow(flags=["target_unit_not_stated"], **common)
    years = sorted(set(target.years or plan.years))
    missed, missing, flags = [], [], []
    for year in years:
        best, _, year_flags = _actual(usable, bare, year)
        flags += year_flags
        if best is None:
            missing.append(year)
        elif not meets(target.comparator, best.magnitude, level.magnitude):
            missed.append(year)
    best, others, row_flags = _actual(usable, bare, target.year)
    achieved = False if missed else (None if missing else True)
    if missing:
        flags.append("missing_years")
    actual = best.value if best else None
    gap = level - actual if actual is not None else None
    return ReviewRow(
        target_value=level,
        actual=best.observation if best else None,
        actual_value=actual,
        achieved=achieved,
        gap=gap,
        relative_gap=_relative(gap, level) if gap is not None else None,
        conflicts=[c.observation for c in others],
        conflict_values=[c.value for c in others],
        missed_years=missed,
        flags=list(dict.fromkeys([*flags, *row_flags])),
        **common,
    )


def review(
    plan: Plan,
    *,
    of_predecessor: bool = True,
    observations: Iterable[Observation] | None = None,
) -> tuple[ReviewRow, ...]:
    """Review a finished plan target by target: achieved or not, and by how much.

    Args:
        plan: The current plan, whose predecessor is reviewed (the seed's chapter 1 reviews
            the 十三五 plan from the 十四五 one); or, with ``of_predecessor=False``, the plan
            to review itself.
        of_predecessor: Review ``plan.predecessor`` (default) or ``plan`` itself.
        observations: Observations to use besides the reviewed plan's own.

    Returns:
        One row per target of the reviewed plan, in plan order.

    Raises:
        ValueError: ``of_predecessor`` is true and the plan has no predecessor; or an extra
            observation is of an indicator the reviewed plan does not have.
        UnitMismatchError: a value does not convert to its indicator's unit.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           parse_quantity, parse_unit, review)
        >>> old = Plan(id="old", region="示例县", title="十三五", start_year=2016, end_year=2020,
        ...            indicators=[Indicator(id="firms", name="规模工业企业",
        ...                                  unit=parse_unit("家"))],
        ...            observations=[Observation(indicator="firms", period=Period(2015),
        ...                                      value=parse_quantity("96家")),
        ...                          Observation(indicator="firms", period=Period(2020),
        ...                                      value=parse_quantity("133家")),
        ...                          Observation(indicator="firms", period=Period(2020),
        ...                                      value=parse_quantity("138家"))],
        ...            targets=[LevelTarget(indicator="firms", year=2020,
        ...                                 value=parse_quantity("200家"))])
        >>> (row,) = review(old, of_predecessor=False)
        >>> row.achieved, row.gap, [str(o.value) for o in row.conflicts]
        (False, <Quantity(62, 'organization')>, ['133 organization'])
        >>> row.cells()
        ['规模工业企业', '96家', '≥200家', '138家（另有133家）', '否', '62家（或67家）', '31%（或33.5%）']
    """
    if of_predecessor:
        if plan.predecessor is None:
            raise ValueError(
                f"plan {plan.id!r} has no predecessor to review (没有上一期规划); "
                "pass of_predecessor=False to review the plan itself"
            )
        plan = plan.predecessor
    everything = gather(plan, observations)
    rows: list[ReviewRow] = []
    for ind in plan.indicators:
        targets = plan.targets_for(ind.id)
        if not targets:
            continue
        usable, bare = candidates(ind, everything)
        for target in targets:
            base_year = base_year_of(target, plan.base_year)
            base = pick_at_year(usable, bare, base_year, prefix="baseline_")
            common: dict[str, Any] = {
                "indicator": ind.id,
                "name": ind.name,
                "target": target,
                "year": target.year,
                "baseline": base.value,
            }
            if isinstance(target, RateTarget):
                rows.append(_rate_row(plan, target, common, usable, bare))
                continue
            goal = goal_for(target, ind, base.value, base_year)
            best, others, flags = _actual(usable, bare, target.year)
            flags = [*(base.flags if base.candidate else ["no_baseline"]), *goal.flags, *flags]
            actual = best.value if best else None
            achieved = gap = rel = None
            if goal.level is not None and actual is not None:
                achieved = meets(
                    goal.comparator, float(actual.magnitude), float(goal.level.magnitude)
                )
                gap = goal.level - actual
                rel = _relative(gap, goal.level)
            rows.append(
                ReviewRow(
                    target_value=goal.level,
                    actual=best.observation if best else None,
                    actual_value=actual,
                    achieved=achieved,
                    gap=gap,
                    relative_gap=rel,
                    conflicts=[c.observation for c in others],
                    conflict_values=[c.value for c in others],
                    flags=flags,
                    **common,
                )
            )
    return tuple(rows)
