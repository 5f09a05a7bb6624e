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
``change``      比2020年提高0.5个百分点   change by so much (or so many times) from the base year
=============== ========================= =====================================================

Phrases without 以上 / 以下 ("达到300亿元", "年均增长10%") are read as "at least" (≥): a plan's
level and growth targets are floors. Lower-is-better indicators use ``reduction`` targets or an
explicit ≤ comparator, never a negative growth rate.

A kind states once what the rest of the library asks of it: ``Target.from_base`` (its level
follows from a baseline, at its own ``base_year`` or the plan's) and
:attr:`~fyp_planning.Target.level_comparator` (how that level is compared with a value).
"""

from __future__ import annotations

from collections.abc import Iterable

# Any is the type attrs gives RateTarget's ``years`` in __init__ (that of the converter,
# v.to_tuple); typing.get_type_hints and autodoc evaluate it in this module.
from typing import Any, ClassVar

import attrs

from .. import limits
from ..errors import FieldError
from ..units import AnyQuantity, Quantity, format_quantity, is_bare
from . import _validators as v
from ._extracted import provenance_field, quote_field
from .composition import Composition, format_value
from .enums import Comparator, Provenance

__all__ = [
    "TARGET_KINDS",
    "ChangeTarget",
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
        quote: The sentence of the document the target was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.
    """

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    #: Whether the level the target asks for follows from a baseline (a growth, a change):
    #: the value of its ``base_year`` field, or of the plan's base year when that is ``None``.
    from_base: ClassVar[bool] = False

    indicator: str = attrs.field(validator=v.check_id)
    year: int = attrs.field(validator=v.check_year)
    comparator: Comparator = attrs.field(
        default=Comparator.GE, validator=attrs.validators.instance_of(Comparator)
    )
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    def __attrs_post_init__(self) -> None:
        if type(self) is Target:
            raise TypeError("Target is abstract; use LevelTarget, GrowthTarget, ...")

    @property
    def value_quantity(self) -> AnyQuantity:
        """The quantity the target names (its level, share or rate)."""
        raise NotImplementedError

    @property
    def level_comparator(self) -> Comparator:
        """The comparator a value is held to against the level the target asks for (the
        target's own, mirrored for a fall, as "下降5‰以上" asks for a level at most the implied
        one).

        Examples:
            >>> from fyp_planning import ReductionTarget, parse_quantity
            >>> ReductionTarget(indicator="energy", year=2025,
            ...                 rate=parse_quantity("5‰")).level_comparator.symbol
            '≤'
        """
        return self.comparator

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
    from_base: ClassVar[bool] = True
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

    @property
    def level_comparator(self) -> Comparator:
        return self.comparator.mirrored


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


def _check_by(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A change is a quantity other than zero; a change of a share is in 百分点, never in %."""
    if value is None:
        return
    v.check_quantity(instance, attribute, value)
    if value.dimensionless and not is_bare(value):
        raise FieldError(
            attribute.name,
            "a percent is not a change of a share (百分比不是变化量：百分比指标的变化用百分点)",
            format_quantity(value),
            "a change in 百分点 (0.5百分点) for a share or rate indicator; "
            "a growth target (增长0.5%) for a change in percent",
        )
    if value.magnitude == 0:
        raise FieldError(
            attribute.name,
            "a change of zero (变化量为零)",
            format_quantity(value),
            "a change other than 0",
        )


def _check_factor(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A factor is a finite positive number other than 1 (翻一番 = 2), at most
    ``limits.MAX_CHANGE_FACTOR``."""
    if value is None:
        return
    if type(value) not in (int, float):
        raise FieldError(attribute.name, "wrong type", value, "a number such as 2 (翻一番)")
    if not (0 < value <= limits.MAX_CHANGE_FACTOR) or value == 1:
        raise FieldError(
            attribute.name,
            "not a factor of change (倍数不在范围内)",
            value,
            f"a number above 0 and at most {limits.MAX_CHANGE_FACTOR:g}, other than 1 "
            "(2 for 翻一番, 4 for 翻两番, 0.5 for 减半)",
        )


#: The words of a factor (翻一番 = 2).
_FACTOR_WORDS: dict[float, str] = {2: "翻一番", 4: "翻两番", 8: "翻三番", 0.5: "减半"}


def _factor_text(factor: Any) -> str:
    return format_quantity(Quantity(factor, "dimensionless"))


def _is_pp(quantity: AnyQuantity) -> bool:
    return str(quantity.units) == "percentage_point"


@attrs.frozen(kw_only=True)
class ChangeTarget(Target):
    """Change by ``by``, or to ``factor`` times the baseline, from ``base_year`` to ``year``
    ("比2020年提高0.5个百分点", "增加10家", "五年翻一番").

    Exactly one of ``by`` and ``factor`` is given. ``by`` is in the indicator's unit, or in
    百分点 for an indicator in % or ‰: a percentage-point change, never a percent change
    (``0.5%`` is refused: write ``0.5百分点``, or a growth target for a change in percent). A
    decrease is a negative ``by`` ("降低2个百分点" → ``-2百分点``) or a factor below 1 (减半 →
    0.5). The comparator is about the size of the change in its direction: ≥ (the default)
    is "at least so much", so a decrease asks for a level *at most* baseline + ``by``
    (:attr:`level_comparator` is mirrored).

    Once the baseline is known the target is a level: baseline + ``by`` (``by`` in 百分点
    added as percent), or baseline × ``factor``.

    Attributes:
        by: The change, in the indicator's unit or in 百分点; negative for a decrease.
        factor: The level over the baseline (2 for 翻一番, 4 for 翻两番).
        base_year: The year the change is measured from; ``None`` means the plan's base year.

    Examples:
        >>> from fyp_planning import ChangeTarget, parse_quantity
        >>> t = ChangeTarget(indicator="rd_intensity", year=2025, base_year=2020,
        ...                  by=parse_quantity("0.5百分点"))
        >>> t.describe(), t.level_comparator.symbol
        ('比2020年提高≥0.5个百分点', '≥')
        >>> ChangeTarget(indicator="output", year=2025, factor=2).describe()
        '比基期翻一番（≥2倍）'
        >>> ChangeTarget(indicator="firms", year=2025, by=parse_quantity("-5家")).level_comparator
        <Comparator.LE: '<='>
    """

    kind: ClassVar[str] = "change"
    label: ClassVar[str] = "变化目标"
    from_base: ClassVar[bool] = True
    by: AnyQuantity | None = attrs.field(default=None, validator=_check_by)
    factor: int | float | None = attrs.field(default=None, validator=_check_factor)
    base_year: int | None = attrs.field(default=None, validator=v.check_optional_year)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if (self.by is None) == (self.factor is None):
            raise FieldError(
                "by",
                "give exactly one of 'by' and 'factor' (变化量与倍数二选一)",
                "both" if self.by is not None else "neither",
                "by = '0.5百分点' (a change) or factor = 2 (翻一番)",
            )

    @property
    def decrease(self) -> bool:
        """Whether the change is a fall (a negative ``by``, a factor below 1)."""
        if self.by is not None:
            return bool(self.by.magnitude < 0)
        return self.factor is not None and self.factor < 1

    @property
    def in_points(self) -> bool:
        """Whether ``by`` is in percentage points (百分点)."""
        return self.by is not None and _is_pp(self.by)

    @property
    def value_quantity(self) -> AnyQuantity:
        if self.by is not None:
            return self.by
        return Quantity(self.factor, "dimensionless")

    @property
    def level_comparator(self) -> Comparator:
        return self.comparator.mirrored if self.decrease else self.comparator

    def describe(self) -> str:
        base = "比基期" if self.base_year is None else f"比{self.base_year}年"
        if self.by is None:
            factor = float(self.factor or 0)
            size = f"{self.level_comparator.symbol}{_factor_text(self.factor)}倍"
            words = _FACTOR_WORDS.get(factor)
            return f"{base}{words}（{size}）" if words else f"{base}达到{size}"
        if self.in_points:
            verb = "降低" if self.decrease else "提高"
        else:
            verb = "减少" if self.decrease else "增加"
        by = self.by
        assert by is not None
        size = format_quantity(Quantity(abs(by.magnitude), by.units)).replace("百分点", "个百分点")
        return f"{base}{verb}{self.comparator.symbol}{size}"


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
        ChangeTarget,
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
