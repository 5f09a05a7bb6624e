"""Targets (目标) of the kinds plans use, each with a comparator.

=============== ========================= =====================================================
kind            example phrase            meaning
=============== ========================= =====================================================
``level``       达到300亿元               reach a value by the target year
``growth``      年均增长10%以上           grow at an (average annual) rate from the base year
``share``       研发投入占GDP比重达到3%   a share of something reaches a value
``threshold``   达标率98%以上             a value kept at or beyond a bound
``reduction``   平均下降5‰                fall at an (average annual) rate from the base year
``coverage``    实现全覆盖                full coverage of a scope (100 %)
``rate``        增速8%                    a rate indicator whose every year has the target
=============== ========================= =====================================================

Phrases without 以上 / 以下 ("达到300亿元", "年均增长10%") are read as "at least" (≥): a plan's
level and growth targets are floors. Lower-is-better indicators use ``reduction`` targets or an
explicit ≤ comparator, never a negative growth rate.
"""

from __future__ import annotations

from collections.abc import Iterable

# Any is the type attrs gives RateTarget's ``years`` in __init__ (that of the converter,
# v.to_tuple); typing.get_type_hints and autodoc evaluate it in this module.
from typing import Any, ClassVar

import attrs

from ..errors import FieldError
from ..units import AnyQuantity, Quantity
from . import _validators as v
from .composition import Composition, format_value
from .enums import Comparator

__all__ = [
    "TARGET_KINDS",
    "CoverageTarget",
    "GrowthTarget",
    "LevelTarget",
    "RateTarget",
    "ReductionTarget",
    "ShareTarget",
    "Target",
    "ThresholdTarget",
]


@attrs.frozen(kw_only=True)
class Target:
    """What the plan wants an indicator to be by a year. Use one of the subclasses.

    Attributes:
        indicator: Id of the indicator.
        year: The target year (inside the plan period or at its end).
        comparator: ≥ (default), ≤ or =.
        text: The document's phrase, e.g. ``年均增长10%以上``.
        source: Section of the document.
    """

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""

    indicator: str = attrs.field(validator=v.check_id)
    year: int = attrs.field(validator=v.check_year)
    comparator: Comparator = attrs.field(
        default=Comparator.GE, validator=attrs.validators.instance_of(Comparator)
    )
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)

    def __attrs_post_init__(self) -> None:
        if type(self) is Target:
            raise TypeError("Target is abstract; use LevelTarget, GrowthTarget, ...")

    @property
    def value_quantity(self) -> AnyQuantity:
        """The quantity the target names (its level, share or rate)."""
        raise NotImplementedError

    def describe(self) -> str:
        """The target in a few Chinese words, e.g. ``≥300亿元`` or ``年均增长≥10%``."""
        return self.wording(f"{self.comparator.symbol}{format_value(self.value_quantity)}", self)

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        """The words of ``describe()`` for a target of this kind: ``stated`` is the comparator
        and the quantity (``≥300亿元``); ``terms`` has the kind's own attributes (``of``,
        ``annual``, ``scope``), as the target itself has them (a plan store's rows give them
        without making the target)."""
        return stated


@attrs.frozen(kw_only=True)
class LevelTarget(Target):
    """Reach ``value`` by ``year`` ("总产值达到300亿元").

    Examples:
        >>> from fyp_planning import LevelTarget, parse_quantity
        >>> LevelTarget(indicator="industrial_output", year=2025,
        ...             value=parse_quantity("300亿元")).comparator.symbol
        '≥'
    """

    kind: ClassVar[str] = "level"
    label: ClassVar[str] = "水平目标"
    value: AnyQuantity | Composition = attrs.field(validator=v.check_value)

    @property
    def value_quantity(self) -> AnyQuantity:
        return self.value  # type: ignore[return-value]  # a Composition for a structure


@attrs.frozen(kw_only=True)
class ThresholdTarget(LevelTarget):
    """Keep the value at or beyond ``value`` ("工业污染物排放达标率98%以上")."""

    kind: ClassVar[str] = "threshold"
    label: ClassVar[str] = "阈值目标"

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        return f"保持{super().wording(stated, terms)}"


@attrs.frozen(kw_only=True)
class ShareTarget(LevelTarget):
    """A share of something reaches ``value`` ("研发投入占GDP的比重达到3%").

    Attributes:
        of: What the share is of (the denominator), e.g. ``GDP``.
    """

    kind: ClassVar[str] = "share"
    label: ClassVar[str] = "比重目标"
    of: str | None = attrs.field(default=None, validator=v.opt_name)

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        of = f"占{terms.of}" if terms.of else ""
        return f"{of}比重{super().wording(stated, terms)}"

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if isinstance(self.value, Composition) or not self.value.dimensionless:
            raise FieldError(
                "value",
                "not a share",
                format_value(self.value),
                "a share such as 3% (dimensionless)",
            )


@attrs.frozen(kw_only=True)
class RateTarget(LevelTarget):
    """A rate indicator whose every year has the target ("规模工业增加值增速8%").

    Attributes:
        years: The years the target applies to; empty means every year of the plan period.
    """

    kind: ClassVar[str] = "rate"
    label: ClassVar[str] = "年度增速目标"
    years: tuple[int, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_years)

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        return f"每年{super().wording(stated, terms)}"


@attrs.frozen(kw_only=True)
class GrowthTarget(Target):
    """Grow at ``rate`` from ``base_year`` to ``year`` ("年均增长10%以上").

    Attributes:
        rate: The growth rate, e.g. ``10%``.
        annual: Whether ``rate`` is per year (年均, the default) or over the whole span.
        base_year: The year growth is measured from; ``None`` means the plan's base year.

    Examples:
        >>> from fyp_planning import GrowthTarget, parse_quantity
        >>> GrowthTarget(indicator="industrial_output", year=2025,
        ...              rate=parse_quantity("10%")).annual
        True
    """

    kind: ClassVar[str] = "growth"
    label: ClassVar[str] = "增长目标"
    rate: AnyQuantity = attrs.field(validator=v.check_rate)
    annual: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    base_year: int | None = attrs.field(default=None, validator=v.check_optional_year)

    @property
    def value_quantity(self) -> AnyQuantity:
        return self.rate

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        verb = "增长" if cls.kind == "growth" else "下降"
        return f"{'年均' if terms.annual else '累计'}{verb}{super().wording(stated, terms)}"


@attrs.frozen(kw_only=True)
class ReductionTarget(GrowthTarget):
    """Fall at ``rate`` from ``base_year`` ("万元规模工业增加值能耗平均下降5‰").

    The rate is a positive number: the size of the fall.
    """

    kind: ClassVar[str] = "reduction"
    label: ClassVar[str] = "下降目标"


@attrs.frozen(kw_only=True)
class CoverageTarget(Target):
    """Full coverage of a scope ("县城区域和罗溪森林公园实现5G信号全覆盖").

    Attributes:
        scope: What is to be covered, in words.
    """

    kind: ClassVar[str] = "coverage"
    label: ClassVar[str] = "覆盖目标"
    scope: str | None = attrs.field(default=None, validator=v.opt_name)

    @property
    def value_quantity(self) -> AnyQuantity:
        return Quantity(100, "percent")

    @classmethod
    def wording(cls, stated: str, terms: Any) -> str:
        return f"{terms.scope or ''}全覆盖"


#: Target classes by their ``kind``.
TARGET_KINDS: dict[str, type[Target]] = {
    cls.kind: cls
    for cls in (
        LevelTarget,
        GrowthTarget,
        ShareTarget,
        ThresholdTarget,
        ReductionTarget,
        CoverageTarget,
        RateTarget,
    )
}


def same_terms(target: Target) -> tuple[str, type, int, str]:
    """What makes two targets the same target stated twice: indicator, kind, year, wording."""
    return (target.indicator, type(target), target.year, target.describe())


def distinct_targets(targets: Iterable[Target]) -> list[Target]:
    """The targets in order, a target stated again in the same terms counted once (a plan's
    table and its text often repeat a target)."""
    # the wording is compared only between targets of the same indicator, kind and year
    # (describing a target costs tens of µs; most have no such twin)
    seen: dict[tuple[str, type, int], list[Target]] = {}
    out = []
    for t in targets:
        twins = seen.setdefault((t.indicator, type(t), t.year), [])
        if twins:
            wording = t.describe()
            if any(twin.describe() == wording for twin in twins):
                continue
        twins.append(t)
        out.append(t)
    return out
