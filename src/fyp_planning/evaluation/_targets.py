"""What each kind of target asks of an indicator's level (private).

================ ===============================================================================
kind             the level judged, and its comparator
================ ===============================================================================
level            the value, with the target's comparator
share, threshold the value (a share / a bound to keep), with the target's comparator
coverage         100 % in the indicator's unit, with the target's comparator
growth           the level the rate implies from the baseline at the target's base year:
                 ``baseline × (1 + rate) ** years`` (annual) or ``baseline × (1 + rate)``
                 (over the whole span); annual rates are also judged directly on the realised
                 rate (``stated_rate``)
reduction        as growth with the rate negated; "fall at least 5‰" (≥) means a level *at
                 most* the implied one, so the comparator is mirrored
change           baseline + ``by`` (a change in 百分点 added in percent), or baseline × ``factor``
                 (a factor needs a baseline above zero); "at least so much" of a decrease
                 (a negative ``by``, a factor below 1) mirrors the comparator
rate             no single level: each year is judged on its own (see ``assess``)
================ ===============================================================================

:func:`fyp_planning.review` reads targets through these functions; :func:`fyp_planning.assess`
through the batch's columns (``_gather``), where the same rules are applied to many plans at
once.
"""

from __future__ import annotations

import attrs

from ..growth import implied_level
from ..model.composition import as_quantity
from ..model.enums import Comparator
from ..model.indicator import Indicator
from ..model.targets import (
    ChangeTarget,
    CoverageTarget,
    GrowthTarget,
    RateTarget,
    ReductionTarget,
    Target,
)
from ..units import AnyQuantity, Quantity, is_bare, to_unit

__all__ = ["Goal", "base_year_of", "change_in_unit", "goal_for", "rate_target_level"]


@attrs.frozen
class Goal:
    """The level a target asks for (in the indicator's unit), and how it is compared."""

    level: AnyQuantity | None
    comparator: Comparator
    year: int
    flags: tuple[str, ...] = ()


def base_year_of(target: Target | None, plan_base_year: int) -> int:
    """The year a target's baseline is taken in: a growth or change target's own, else the
    plan's."""
    own = getattr(target, "base_year", None) if target is not None and target.from_base else None
    return plan_base_year if own is None else own


def _value_in_unit(value: AnyQuantity, indicator: Indicator, what: str) -> AnyQuantity | None:
    if is_bare(value) and not is_bare(1 * indicator.unit):
        return None
    return to_unit(value, indicator.unit, what)


def rate_target_level(target: RateTarget, indicator: Indicator) -> AnyQuantity | None:
    """The yearly value a rate target asks for, in the indicator's unit (``None`` if bare)."""
    return _value_in_unit(as_quantity(target.value), indicator, f"target of {indicator.id}")


def change_in_unit(target: ChangeTarget, indicator: Indicator) -> AnyQuantity | None:
    """A change target's ``by`` in the indicator's unit (``None`` when written without a unit
    for an indicator with one): a change in 百分点 is a change of so many percent."""
    by = target.by
    if by is None:
        return None
    if target.in_points:
        by = Quantity(by.magnitude, "percent")
    return _value_in_unit(by, indicator, f"change target of {indicator.id}")


def goal_for(
    target: Target, indicator: Indicator, baseline: AnyQuantity | None, base_year: int
) -> Goal:
    """The level ``target`` asks ``indicator`` to reach, given the baseline (in its unit).

    Raises:
        UnitMismatchError: the target's value does not convert to the indicator's unit.
    """
    what = f"target of {indicator.id}"
    if isinstance(target, RateTarget):
        raise TypeError("rate targets are judged year by year, not on one level")
    if isinstance(target, GrowthTarget):
        sign = -1.0 if isinstance(target, ReductionTarget) else 1.0
        comparator = target.level_comparator
        rate = sign * float(target.rate.to("dimensionless").magnitude)
        if baseline is None:
            return Goal(None, comparator, target.year)
        if baseline.magnitude <= 0:
            return Goal(None, comparator, target.year, flags=("zero_baseline",))
        if target.annual:
            level = implied_level(baseline, rate, target.year - base_year)
            return Goal(level, comparator, target.year)
        return Goal(baseline * (1.0 + rate), comparator, target.year)
    if isinstance(target, ChangeTarget):
        comparator = target.level_comparator
        if target.factor is not None:
            if baseline is None:
                return Goal(None, comparator, target.year)
            if baseline.magnitude <= 0:
                return Goal(None, comparator, target.year, flags=("zero_baseline",))
            return Goal(baseline * float(target.factor), comparator, target.year)
        by = change_in_unit(target, indicator)
        if by is None:
            return Goal(None, comparator, target.year, flags=("target_unit_not_stated",))
        if baseline is None:
            return Goal(None, comparator, target.year)
        return Goal(baseline + by, comparator, target.year)
    if isinstance(target, CoverageTarget):
        full = to_unit(Quantity(100, "percent"), indicator.unit, what)
        return Goal(full, target.comparator, target.year)
    level = _value_in_unit(target.value, indicator, what)  # type: ignore[attr-defined]  # the kinds left are LevelTargets
    flags = () if level is not None else ("target_unit_not_stated",)
    return Goal(level, target.comparator, target.year, flags=flags)
