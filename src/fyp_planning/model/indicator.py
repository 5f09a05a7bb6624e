"""Indicators (指标): what a plan measures, in which unit, and which way is better."""

from __future__ import annotations

# Any is the type attrs gives ``parts`` in __init__ (that of the converter, v.to_tuple);
# typing.get_type_hints and autodoc evaluate it in this module.
from typing import Any  # noqa: F401

import attrs
import pint

from .. import limits
from ..errors import FieldError
from ..units import AnyQuantity, format_quantity, format_unit, ureg
from . import _validators as v
from .enums import Direction, GrowthMode, IndicatorKind, Measure

__all__ = ["Indicator"]


def _default_growth(instance: Indicator) -> GrowthMode:
    """Money, output and energy compound; shares, rates and counts of things grow linearly."""
    dims = instance.unit.dimensionality
    if instance.unit.dimensionless or not dims:
        return GrowthMode.LINEAR
    count_dims = {"[organization]", "[household]", "[item]", "[entry]", "[person]"}
    if len(dims) == 1 and next(iter(dims)) in count_dims:
        return GrowthMode.LINEAR
    return GrowthMode.COMPOUND


@attrs.frozen(kw_only=True)
class Indicator:
    """A quantity a plan sets targets for and reports on.

    Attributes:
        id: ASCII id, e.g. ``industrial_output``.
        name: Chinese name as the plan writes it, e.g. ``工业总产值``.
        unit: The unit values are reported in (``亿元``); values in compatible units convert.
        category: The plan's grouping, e.g. ``科技创新`` or ``工业和信息化``.
        kind: 约束性 (binding) or 预期性 (anticipatory, the default).
        direction: Whether higher (default) or lower values are better.
        growth: Compound or linear growth between years; by default compound for money,
            output and energy, linear for shares, rates and counts.
        limit: Natural limit of the value, e.g. ``100%`` for a share.
        name_en: English name, optional.
        standard: Id of the standard indicator (catalogue) it is, if named,
            e.g. ``rd_intensity``; counties' rows line up by it.
        measure: :class:`~fyp_planning.Measure` — flow over a period, stock at a date, rate or
            share — if known.
        parts: The named parts of a composition (结构指标), e.g. ``("第一产业", "第二产业",
            "第三产业")``: its values are :class:`~fyp_planning.Composition` shares in %
            (``16.5:44.7:38.8``), one per part; empty (default) for any other indicator.
        source: Section of the document the indicator comes from, e.g. ``第二章第四节表1``.
        note: Free text.

    Examples:
        >>> from fyp_planning import Indicator, parse_unit
        >>> ind = Indicator(id="industrial_output", name="工业总产值", unit=parse_unit("亿元"))
        >>> ind.growth.value, ind.kind.label
        ('compound', '预期性')
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    unit: pint.Unit = attrs.field(validator=v.check_indicator_unit)
    category: str | None = attrs.field(default=None, validator=v.opt_name)
    kind: IndicatorKind = attrs.field(
        default=IndicatorKind.ANTICIPATORY, validator=attrs.validators.instance_of(IndicatorKind)
    )
    direction: Direction = attrs.field(
        default=Direction.HIGHER, validator=attrs.validators.instance_of(Direction)
    )
    growth: GrowthMode = attrs.field(
        default=attrs.Factory(_default_growth, takes_self=True),
        validator=attrs.validators.instance_of(GrowthMode),
    )
    limit: AnyQuantity | None = attrs.field(default=None, validator=v.check_optional_quantity)
    name_en: str | None = attrs.field(default=None, validator=v.opt_name)
    standard: str | None = attrs.field(default=None, validator=v.check_optional_id)
    measure: Measure | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Measure)),
    )
    parts: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=attrs.validators.deep_iterable(v.check_str)
    )
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    note: str | None = attrs.field(default=None, validator=v.opt_str)

    def __attrs_post_init__(self) -> None:
        if self.parts:
            if not 2 <= len(self.parts) <= limits.MAX_COMPOSITION_PARTS:
                raise FieldError(
                    "parts",
                    "a composition has 2 or more parts",
                    list(self.parts),
                    f"2 to {limits.MAX_COMPOSITION_PARTS} names of parts, e.g. "
                    "['第一产业', '第二产业', '第三产业']",
                )
            if len(set(self.parts)) < len(self.parts):
                raise FieldError("parts", "a part named twice", list(self.parts), "distinct names")
            if self.unit != ureg.percent:
                raise FieldError(
                    "unit",
                    "a composition's shares are in %",
                    format_unit(self.unit),
                    "'%' for an indicator with parts",
                )
        if self.limit is not None and not self.limit.is_compatible_with(self.unit):
            raise FieldError(
                "limit",
                f"unit incompatible with the indicator's unit {format_unit(self.unit)}",
                format_quantity(self.limit),
                f"a quantity in {format_unit(self.unit) or 'dimensionless'} or a compatible unit",
            )

    @property
    def label(self) -> str:
        """Name with unit, as a table header, e.g. ``工业总产值（亿元）``."""
        unit = format_unit(self.unit)
        return f"{self.name}（{unit}）" if unit else self.name

    @property
    def is_share(self) -> bool:
        """Whether values are shares or rates (dimensionless, such as % or ‰)."""
        return bool(self.unit.dimensionless) and self.unit != ureg.dimensionless


#: Name prefixes of indicators that count additions within a period (新增…, 累计新增…): their
#: value for one plan period is not a level the next period starts from.
FLOW_PREFIXES = ("新增", "累计新增")


def counts_additions(indicator: Indicator) -> bool:
    """Whether an indicator counts additions within a period (its name begins with 新增)."""
    return indicator.name.startswith(FLOW_PREFIXES)


#: What a period of an indicator that is no flow may be (a span is refused with this).
SPAN_EXPECTED = (
    "a year or a part of a year (a span of years is only for a flow: an indicator with "
    'measure = "flow", or in money, energy, mass or 人次, or whose name begins with 新增)'
)

#: Dimensions of units whose values are amounts over a period when an indicator does not state
#: its measure: money (产值, 投资, 税收), energy (用电量, 能耗), mass (产量) and visits (人次).
FLOW_DIMENSIONS = frozenset({"[currency]", "[mass]", "[person_time]"})


def totals_over_years(indicator: Indicator) -> bool:
    """Whether the indicator's values over a span of years (``2016-2020``) are totals: whether
    it is a flow.

    An indicator that states its :attr:`~Indicator.measure` is a flow when it says ``flow``
    (a stock, rate or share never adds up over years). One that does not state it is read as a
    flow when it counts additions (its name begins with 新增 or 累计新增), or when its unit is
    money (元), energy (度, 吨标准煤), mass (吨) or visits (人次); counts of things held
    (家, 个), areas and shares are levels at a date.

    Examples:
        >>> from fyp_planning import Indicator, Measure, parse_unit
        >>> totals_over_years(Indicator(id="va", name="规模工业增加值", unit=parse_unit("亿元")))
        True
        >>> totals_over_years(Indicator(id="firms", name="高新技术企业", unit=parse_unit("家")))
        False
        >>> totals_over_years(Indicator(id="new_firms", name="新增高新技术企业",
        ...                             unit=parse_unit("家")))
        True
        >>> totals_over_years(Indicator(id="va", name="规模工业增加值", unit=parse_unit("亿元"),
        ...                             measure=Measure.STOCK))
        False
    """
    if indicator.measure is not None:
        return indicator.measure is Measure.FLOW
    if counts_additions(indicator):
        return True
    unit = indicator.unit
    if unit.dimensionless:
        return False
    dims = set(unit.dimensionality)
    if dims & FLOW_DIMENSIONS:
        return True
    return bool(unit.is_compatible_with(ureg.kilowatt_hour))
