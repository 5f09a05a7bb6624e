"""Reviewing a finished plan (执行情况): target against actual, achieved or not, the gap.

What a plan's chapter 1 does by hand for its predecessor, one row per target:
:func:`review` returns :class:`ReviewRow` objects.

* **Which value.** The end value is the target year's whole-year observation (actuals before
  preliminary values before estimates, then the last in plan order). When the document gives
  only part of that year ("截止2020年9月"), the latest part-year figure is used instead. When
  the document gives several different values, the row uses one and lists the others in
  :attr:`ReviewRow.conflicts`; no value is silently dropped.
* **Provisional verdicts.** A verdict resting on an estimate (预计), a preliminary value (初步)
  or a part-year figure says so: :attr:`ReviewRow.provisional`, the value's status and period
  beside it (``120亿元（预计）``, ``否（预计）``) and :attr:`ReviewRow.note`.
* **Shortfall or excess, never a signed gap.** A missed target has a :attr:`ReviewRow.gap`
  (how far the value is from meeting it, always positive); a met or beaten one has an
  :attr:`ReviewRow.excess` (how far beyond it, zero when met exactly) instead. "Beyond" follows
  the target's comparator: above a ≥ target, below a ≤ target. An = target is only met; a
  value off it either way has a gap. Both are in the indicator's unit, except for shares and
  rates (%, ‰), whose differences are in percentage points (百分点).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from ..model._converters import items, texts
from ..model.enums import Comparator, ObservationStatus
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import RateTarget, Target
from ..units import AnyQuantity, Quantity, is_bare
from ._data import (
    Candidate,
    Pick,
    baseline_of,
    by_indicator,
    candidates,
    end_value,
    gather,
    meets,
    pick_at_year,
    status_flags,
)
from ._format import short, to_dict_value
from ._targets import base_year_of, goal_for, rate_target_level
from .results import Review

__all__ = ["ReviewRow", "review"]

#: The outcome of a reviewed target (:attr:`ReviewRow.outcome`), with its Chinese label.
OUTCOMES: dict[str | None, str] = {
    "exceeded": "超额完成",
    "met": "是",
    "missed": "否",
    None: "—",
}

#: Column labels of :meth:`ReviewRow.cells`.
REVIEW_COLUMNS = ("指标", "基期值", "目标", "期末实际", "是否完成", "差距／超额（占目标）")


@attrs.frozen
class _Difference:
    """How a value stands against a target level: ``below`` / ``above`` (a miss), ``beyond``
    (better than the target) or ``on`` (equal); the size, and the size over the target."""

    side: str
    amount: AnyQuantity
    relative: AnyQuantity | None

    @property
    def missed(self) -> bool:
        """Short of the target (below a ≥ one, above a ≤ one, off an = one)."""
        return self.side in ("below", "above")


def _gap(d: _Difference | None, field: Literal["amount", "relative"]) -> AnyQuantity | None:
    """``d.amount`` or ``d.relative`` (``field``) when ``d`` misses the target, else ``None``."""
    return _size(d, field) if d is not None and d.missed else None


def _excess(d: _Difference | None, field: Literal["amount", "relative"]) -> AnyQuantity | None:
    """``d.amount`` or ``d.relative`` when ``d`` meets or beats the target, else ``None``."""
    return _size(d, field) if d is not None and not d.missed else None


def _size(d: _Difference, field: Literal["amount", "relative"]) -> AnyQuantity | None:
    return d.amount if field == "amount" else d.relative


def _is_share(quantity: AnyQuantity) -> bool:
    """Whether values are shares or rates (% or ‰), whose differences are percentage points."""
    return bool(quantity.dimensionless) and not is_bare(quantity)


def _relative(amount: float, target: float) -> AnyQuantity | None:
    if target == 0:
        return None
    relative = abs(amount / target) * 100.0
    return Quantity(relative, "percent") if math.isfinite(relative) else None  # past a float


def _difference(
    value: AnyQuantity | None, level: AnyQuantity | None, comparator: Comparator
) -> _Difference | None:
    """``value`` against ``level`` (both in the indicator's unit), judged by ``comparator``."""
    if value is None or level is None:
        return None
    v, t = float(value.magnitude), float(level.magnitude)
    if _is_share(level):
        size = abs((value - level).to("percent").magnitude)
        amount = Quantity(size, "percentage_point")
    else:
        amount = abs(value - level)
    if meets(Comparator.EQ, v, t):
        return _Difference("on", amount * 0, _relative(0.0, t))
    relative = _relative(v - t, t)
    if meets(comparator, v, t):
        return _Difference("beyond", amount, relative)
    return _Difference("below" if v < t else "above", amount, relative)


def _amount_text(quantity: AnyQuantity) -> str:
    """``2亿元``; a percentage-point difference as plans write it: ``0.5个百分点``."""
    text = short(quantity)
    return text.replace("百分点", "个百分点") if _is_pp(quantity) else text


def _is_pp(quantity: AnyQuantity) -> bool:
    return str(quantity.units) == "percentage_point"


_WORDS = {"below": "差", "above": "高出", "beyond": "超额"}


def _difference_text(d: _Difference | None, *, alternative: bool = False) -> str:
    """``差2亿元（1%）``, ``高出10亿元（20%）``, ``超额4家（26.67%）``; ``—`` (``达标`` for an
    alternative value) when exactly on target."""
    if d is None:
        return "—"
    if d.side == "on":
        return "达标" if alternative else "—"
    rel = f"（{short(d.relative)}）" if d.relative is not None else ""
    return f"{_WORDS[d.side]}{_amount_text(d.amount)}{rel}"


def _period_text(obs: Observation) -> str:
    """``截至2020年9月`` for a year-to-date figure, else the period (``2020年4-9月``)."""
    period = obs.period
    if period.first_month == 1:
        return f"截至{period.year}年{period.last_month}月"
    return str(period)


@attrs.frozen(kw_only=True)
class ReviewRow:
    """One target of a finished plan: baseline, target, end value, achieved, gap or excess.

    Attributes:
        indicator: Id of the indicator.
        name: The indicator's Chinese name.
        target: The target.
        year: The year judged (the target's year — the period's end year for the targets of
            most plans).
        baseline: Value at the plan's base year (a growth target's own base year), in the
            indicator's unit, or ``None``; the predecessor's end value of the base year when
            the plan has none of its own (:attr:`baseline_origin` names it).
        target_value: The level the target asks for, in the indicator's unit (for growth
            targets the level the rate implies from the baseline; 100 % for coverage; the
            yearly value for rate targets), or ``None`` when it cannot be known.
        comparator: How the end value is compared with :attr:`target_value`; ``None`` means
            the target's :attr:`~fyp_planning.Target.level_comparator` (a reduction target's,
            a decrease's, is mirrored: "fall by at least 5‰" asks for a level *at most* the
            implied one).
        actual: The observation of :attr:`year` used as the end value — a whole year when
            the plan has one, else the latest part of the year — or ``None``.
        actual_value: Its value in the indicator's unit.
        achieved: Whether the end value satisfies the target; ``None`` when there is no end
            value (or, for a rate target, some years lack data and none missed). Check
            :attr:`provisional` before quoting it.
        conflicts: Other observations of the end value's period with different values.
        conflict_values: Their values in the indicator's unit.
        missed_years: For rate targets: years whose value missed the target.
        flags: ASCII flags (see :data:`fyp_planning.evaluation.assessment.FLAGS`):
            ``estimate``, ``preliminary`` and ``partial_period`` qualify the end value.
        baseline_origin: The plan the baseline was taken from when it is not the reviewed
            plan's own (``十三五规划``), else ``None``.

    Examples:
        >>> from fyp_planning import ReviewRow, LevelTarget, parse_quantity
        >>> row = ReviewRow(indicator="output", name="工业总产值",
        ...                 target=LevelTarget(indicator="output", year=2020,
        ...                                    value=parse_quantity("200亿元")),
        ...                 year=2020, target_value=parse_quantity("200亿元"),
        ...                 actual_value=parse_quantity("198亿元"), achieved=False)
        >>> row.achieved_text, row.gap, row.excess
        ('否', <Quantity(2, 'yi_yuan')>, None)
        >>> row.cells()[-1]
        '差2亿元（1%）'
    """

    indicator: str
    name: str
    target: Target
    year: int
    baseline: AnyQuantity | None = None
    target_value: AnyQuantity | None = None
    comparator: Comparator | None = None
    actual: Observation | None = None
    actual_value: AnyQuantity | None = None
    achieved: bool | None = None
    conflicts: tuple[Observation, ...] = attrs.field(default=(), converter=items)
    conflict_values: tuple[AnyQuantity, ...] = attrs.field(default=(), converter=items)
    missed_years: tuple[int, ...] = attrs.field(default=(), converter=items)
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)
    baseline_origin: str | None = None

    # -- verdict and size ---------------------------------------------------------------------
    @property
    def judged_by(self) -> Comparator:
        """The comparator the end value is judged by (:attr:`comparator` or the target's)."""
        if self.comparator is not None:
            return self.comparator
        return self.target.level_comparator

    def _difference(self, value: AnyQuantity | None = None) -> _Difference | None:
        value = self.actual_value if value is None else value
        return _difference(value, self.target_value, self.judged_by)

    @property
    def outcome(self) -> str | None:
        """``exceeded`` (met and beyond), ``met`` (exactly), ``missed``, or ``None`` (unknown).

        For a rate target, ``exceeded`` / ``met`` describe the target year's value once every
        year met the target; ``missed`` means some year missed it.
        """
        if self.achieved is None:
            return None
        if not self.achieved:
            return "missed"
        d = self._difference()
        return "exceeded" if d is not None and d.side == "beyond" else "met"

    @property
    def achieved_text(self) -> str:
        """``超额完成`` (exceeded), ``是`` (met), ``否`` (not achieved) or ``—`` (unknown)."""
        return OUTCOMES[self.outcome]

    @property
    def gap(self) -> AnyQuantity | None:
        """How far the end value is from meeting the target (a positive shortfall); ``None``
        when it meets the target or cannot be judged.

        In the indicator's unit; for shares and rates (% or ‰) in percentage points (百分点).
        For a rate target: the target year's shortfall (another year may have missed instead).
        """
        return _gap(self._difference(), "amount")

    @property
    def relative_gap(self) -> AnyQuantity | None:
        """:attr:`gap` over the target value, in percent."""
        return _gap(self._difference(), "relative")

    @property
    def excess(self) -> AnyQuantity | None:
        """How far beyond the target the end value is (zero when exactly on it); ``None`` when
        it misses the target or cannot be judged. Units as for :attr:`gap`."""
        return _excess(self._difference(), "amount")

    @property
    def relative_excess(self) -> AnyQuantity | None:
        """:attr:`excess` over the target value, in percent."""
        return _excess(self._difference(), "relative")

    @property
    def conflict_gaps(self) -> tuple[AnyQuantity | None, ...]:
        """The :attr:`gap` with each conflicting value instead (``None`` where it meets)."""
        out = []
        for v in self.conflict_values:
            d = self._difference(v)
            out.append(_gap(d, "amount"))
        return tuple(out)

    # -- how final the end value is -----------------------------------------------------------
    @property
    def provisional(self) -> bool:
        """Whether the verdict rests on an estimate (预计), a preliminary value (初步) or a
        part-year figure rather than a final whole-year value."""
        obs = self.actual
        return obs is not None and (
            obs.status is not ObservationStatus.ACTUAL or obs.period.is_partial
        )

    @property
    def actual_label(self) -> str:
        """The words that qualify the end value, such as ``预计``, ``初步`` or ``截至2020年9月``
        (joined by ``，``); ``""`` for a final whole-year value."""
        obs = self.actual
        if obs is None:
            return ""
        parts = []
        if obs.period.is_partial:
            parts.append(_period_text(obs))
        if obs.status is not ObservationStatus.ACTUAL:
            parts.append(obs.status.label)
        return "，".join(parts)

    @property
    def note(self) -> str | None:
        """A sentence on what the verdict rests on when the end value is not a final
        whole-year figure (or is a bound, "以上"), else ``None``.

        Examples:
            >>> from fyp_planning import (ReviewRow, LevelTarget, Observation, Period,
            ...                           ObservationStatus, parse_quantity)
            >>> obs = Observation(indicator="x", period=Period(2020),
            ...                   value=parse_quantity("120亿元"),
            ...                   status=ObservationStatus.ESTIMATE)
            >>> ReviewRow(indicator="x", name="工业总产值", year=2020, actual=obs,
            ...           target=LevelTarget(indicator="x", year=2020,
            ...                              value=parse_quantity("150亿元"))).note
            '期末值为预计数，是否完成据此判断，以最终统计数据为准'
        """
        obs = self.actual
        if obs is None:
            return None
        what = []
        if obs.period.is_partial:
            what.append(f"{obs.period}数据（非全年）")
        if obs.status is not ObservationStatus.ACTUAL:
            what.append(f"{obs.status.label}数")
        if what:
            return f"期末值为{'、'.join(what)}，是否完成据此判断，以最终统计数据为准"
        if obs.comparator is not Comparator.EQ:
            side = "下限（以上）" if obs.comparator is Comparator.GE else "上限（以下）"
            return f"期末值为{side}，不是确数"
        return None

    # -- output -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data; quantities as lossless text.

        ``gap`` (a shortfall) and ``excess`` are never negative and never both set; the
        differences of shares and rates are in 百分点. ``actual_status``, ``actual_period``
        and ``provisional`` tell whether the verdict rests on an estimate or a part-year.

        Examples:
            >>> from fyp_planning import ReviewRow, CoverageTarget
            >>> ReviewRow(indicator="g5", name="5G覆盖", year=2025,
            ...           target=CoverageTarget(indicator="g5", year=2025)).to_dict()["target"]
            {'kind': 'coverage', 'year': 2025, 'text': '全覆盖', 'source': None}
        """
        conflicts = []
        for o, v in zip(self.conflicts, self.conflict_values, strict=True):
            d = self._difference(v)
            conflicts.append(
                {
                    "value": to_dict_value(v),
                    "source": o.source,
                    "status": o.status.value,
                    "gap": to_dict_value(_gap(d, "amount")),
                    "excess": to_dict_value(_excess(d, "amount")),
                }
            )
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
            "comparator": self.judged_by.value,
            "actual": to_dict_value(self.actual_value),
            "actual_source": self.actual.source if self.actual else None,
            "actual_status": self.actual.status.value if self.actual else None,
            "actual_period": str(self.actual.period) if self.actual else None,
            "provisional": self.provisional,
            "achieved": self.achieved,
            "outcome": self.outcome,
            "gap": to_dict_value(self.gap),
            "relative_gap": to_dict_value(self.relative_gap),
            "excess": to_dict_value(self.excess),
            "relative_excess": to_dict_value(self.relative_excess),
            "note": self.note,
            "conflicts": conflicts,
            "conflict_gaps": [to_dict_value(g) for g in self.conflict_gaps],
            "missed_years": list(self.missed_years),
            "flags": list(self.flags),
            "baseline_origin": self.baseline_origin,
        }

    def cells(self) -> list[str]:
        """The row as table cells (``REVIEW_COLUMNS``): 指标, 基期值, 目标, 期末实际,
        是否完成, 差距／超额（占目标）.

        An end value that is not a final whole-year figure is labelled, and so is the verdict
        resting on it: ``120亿元（预计）``, ``否（预计）``. Conflicting values are shown beside
        the one used: ``138家（另有133家）``, ``差62家（31%）或差67家（33.5%）``.

        Examples:
            >>> from fyp_planning import ReviewRow, CoverageTarget
            >>> ReviewRow(indicator="g5", name="5G覆盖", year=2025,
            ...           target=CoverageTarget(indicator="g5", year=2025)).cells()
            ['5G覆盖', '—', '全覆盖', '—', '—', '—']
        """
        target = self.target.describe()
        if self.target_value is not None and self.target.from_base:
            target += f"（{self.year}年{short(self.target_value)}）"
        label = self.actual_label
        notes = [label] if label else []
        if self.conflicts:
            others = []
            for o, v in zip(self.conflicts, self.conflict_values, strict=True):
                status = o.status.label if o.status is not ObservationStatus.ACTUAL else ""
                others.append(f"{status}{short(v)}")
            notes.append(f"另有{'、'.join(others)}")
        if self.missed_years:
            notes.append(f"{'、'.join(str(y) for y in self.missed_years)}年未达标")
        actual = short(self.actual_value) + (f"（{'；'.join(notes)}）" if notes else "")
        verdict = self.achieved_text
        if self.achieved is not None and label:
            verdict += f"（{label}）"
        difference = _difference_text(self._difference())
        if difference != "—" and isinstance(self.target, RateTarget):
            difference = f"{self.year}年{difference}"
        alternatives = [
            _difference_text(self._difference(v), alternative=True) for v in self.conflict_values
        ]
        if difference != "—" and alternatives:
            difference += "".join(f"或{a}" for a in alternatives)
        base = short(self.baseline)
        if self.baseline_origin and self.baseline is not None:
            base += f"（取自{self.baseline_origin}）"
        return [self.name, base, target, actual, verdict, difference]


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
        best, _, year_flags = end_value(usable, bare, year)
        flags += year_flags
        if best is None:
            missing.append(year)
        elif not meets(target.comparator, best.magnitude, level.magnitude):
            missed.append(year)
    best, others, row_flags = end_value(usable, bare, target.year)
    achieved = False if missed else (None if missing else True)
    if missing:
        flags.append("missing_years")
    return ReviewRow(
        target_value=level,
        comparator=target.comparator,
        actual=best.observation if best else None,
        actual_value=best.value if best else None,
        achieved=achieved,
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
) -> Review:
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
        ['规模工业企业', '96家', '≥200家', '138家（另有133家）', '否', '差62家（31%）或差67家（33.5%）']
    """
    if of_predecessor:
        if plan.predecessor is None:
            raise ValueError(
                f"plan {plan.id!r} has no predecessor to review (没有上一期规划); "
                "pass of_predecessor=False to review the plan itself"
            )
        plan = plan.predecessor
    everything = by_indicator(gather(plan, observations))
    rows: list[ReviewRow] = []
    for ind in plan.indicators:
        targets = plan.targets_for(ind.id)
        if not targets or ind.parts:
            continue  # a composition (结构指标) is never judged: no standard method reads one
        usable, bare = candidates(ind, everything.get(ind.id, ()))
        for target in targets:
            base_year = base_year_of(target, plan.base_year)
            base = pick_at_year(usable, bare, base_year, prefix="baseline_")
            origin = None
            if base.candidate is None and base_year == plan.base_year:
                found = baseline_of(plan, ind)  # the predecessor's, if any
                if found is not None and found.origin is not None:
                    (taken,), _ = candidates(ind, [found.observation])
                    flags = ["baseline_inherited", *status_flags(found.observation, "baseline_")]
                    base, origin = Pick(taken, tuple(flags)), found.origin
            common: dict[str, Any] = {
                "indicator": ind.id,
                "name": ind.name,
                "target": target,
                "year": target.year,
                "baseline": base.value,
                "baseline_origin": origin,
            }
            if isinstance(target, RateTarget):
                rows.append(_rate_row(plan, target, common, usable, bare))
                continue
            goal = goal_for(target, ind, base.value, base_year)
            best, others, flags = end_value(usable, bare, target.year)
            flags = [*(base.flags if base.candidate else ["no_baseline"]), *goal.flags, *flags]
            actual = best.value if best else None
            achieved = None
            if goal.level is not None and actual is not None:
                achieved = meets(
                    goal.comparator, float(actual.magnitude), float(goal.level.magnitude)
                )
            rows.append(
                ReviewRow(
                    target_value=goal.level,
                    comparator=goal.comparator,
                    actual=best.observation if best else None,
                    actual_value=actual,
                    achieved=achieved,
                    conflicts=[c.observation for c in others],
                    conflict_values=[c.value for c in others],
                    flags=flags,
                    **common,
                )
            )
    return Review(rows, plan)
