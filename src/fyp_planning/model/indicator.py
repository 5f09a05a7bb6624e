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
from ._extracted import provenance_field, quote_field
from .enums import Direction, GrowthMode, IndicatorKind, Measure, Provenance

__all__ = ["Indicator", "counts_additions", "infer_measure", "measure_of"]


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
        kind: 约束性 (binding) or 预期性 (anticipatory) as the document (or the standard it
            names) states it; ``None`` when neither says (未注明). Analyses read an unstated
            kind as 预期性 (see :attr:`binding`).
        kind_source: Where the kind comes from when not from the plan's own document, e.g.
            ``纲要`` for a kind inherited from the standard indicator catalogue; outputs show
            it as ``约束性（据纲要）``.
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
        quote: The sentence of the document the indicator was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Indicator, parse_unit
        >>> ind = Indicator(id="industrial_output", name="工业总产值", unit=parse_unit("亿元"))
        >>> ind.growth.value, ind.kind, ind.kind_label
        ('compound', None, '未注明')
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    unit: pint.Unit = attrs.field(validator=v.check_indicator_unit)
    category: str | None = attrs.field(default=None, validator=v.opt_name)
    kind: IndicatorKind | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(IndicatorKind)),
    )
    kind_source: str | None = attrs.field(default=None, validator=v.opt_name)
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
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    def __attrs_post_init__(self) -> None:
        if self.kind_source is not None and self.kind is None:
            raise FieldError(
                "kind_source",
                "a kind's source without a kind",
                self.kind_source,
                "kind_source only with kind (约束性/预期性)",
            )
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
    def binding(self) -> bool:
        """Whether the indicator is 约束性; an unstated kind reads as 预期性 (not binding)."""
        return self.kind is IndicatorKind.BINDING

    @property
    def kind_label(self) -> str:
        """The kind as outputs show it, e.g. ``约束性``; ``约束性（据纲要）`` when the kind comes
        from elsewhere than the plan's document, ``未注明`` when no one states it."""
        if self.kind is None:
            return UNSTATED_KIND
        return f"{self.kind.label}（据{self.kind_source}）" if self.kind_source else self.kind.label

    @property
    def is_share(self) -> bool:
        """Whether values are shares or rates (dimensionless, such as % or ‰)."""
        return bool(self.unit.dimensionless) and self.unit != ureg.dimensionless


#: How outputs show a kind that neither the document nor a standard states.
UNSTATED_KIND = "未注明"


#: Name prefixes of indicators that count additions within a period (新增…, 累计新增…): their
#: value for one plan period is not a level the next period starts from.
FLOW_PREFIXES = ("新增", "累计新增")


def counts_additions(indicator: Indicator) -> bool:
    """Whether an indicator counts additions within a period (its name begins with 新增)."""
    return indicator.name.startswith(FLOW_PREFIXES)


#: Words of an indicator's name that make a percentage a rate of change (增速8%), not a share.
RATE_WORDS = ("增速", "增长率", "增幅", "增长", "下降率", "降低率", "降幅", "下降", "降低")
#: Words of a name that make a count or an amount of money a flow within the year (当年认定数).
FLOW_WORDS = ("当年", "每年", "年度", "本年")
#: Words of a name that make an amount of money a balance at a date (存款余额), not a flow.
STOCK_WORDS = ("余额", "存量", "拥有量", "保有量", "资产总额", "总资产")
#: Dimensions of counts of things (家, 户, 个, 项, 人): levels at a date.
_COUNT_DIMS = frozenset({"[organization]", "[household]", "[item]", "[entry]", "[person]"})
#: Dimensions of amounts produced or used over a period: money, energy, mass, volume, and
#: visits (人次: trainees, tourists — counted over a period, unlike the things 家/个 count).
_FLOW_DIMS = (
    {"[currency]": 1},
    {"[person_time]": 1},
    {"[length]": 2, "[mass]": 1, "[time]": -2},
    {"[mass]": 1},
    {"[length]": 3},
)


def infer_measure(name: str, unit: pint.Unit) -> Measure:
    """What an indicator of this name and unit measures, when its plan does not say.

    The rule, first match wins (:func:`measure_of` applies it to an :class:`Indicator`):

    1. a percentage or permille (%, ‰) is a **rate** (速度) when the name speaks of change
       (``RATE_WORDS``: 增速, 增长, 下降, 降低 …), else a **share** (比重);
    2. another ratio of units (吨标准煤/万元, 万元/人 — an intensity) is a **share**: a ratio,
       a level whatever months it covers;
    3. a count of things (家, 户, 个, 项, 人) is a **stock** (存量) — the enterprises, parks,
       patents held at a date — unless the name counts additions (新增…, 累计新增…,
       ``counts_additions``) or a year's own (``FLOW_WORDS``: 当年, 每年, 年度): a **flow**;
    4. money, energy, mass, volume and visits (亿元, 亿度, 吨, 立方米, 万人次) are a **flow**
       (流量) — output, value added, investment, tax, power used, tourists over a period —
       unless the name says it is a
       balance (``STOCK_WORDS``: 余额, 存量, 拥有量 …): a **stock**;
    5. anything else (an area, a length, a capacity, a bare number) is a **stock**.

    Args:
        name: The indicator's name as the plan writes it.
        unit: Its unit.

    Examples:
        >>> from fyp_planning import infer_measure, parse_unit
        >>> [infer_measure(n, parse_unit(u)).label for n, u in [
        ...     ("工业总产值", "亿元"), ("规模以上工业企业", "家"), ("新增移动宽带用户", "万户"),
        ...     ("规模工业增加值增速", "%"), ("工业集中度", "%"),
        ...     ("万元规模工业增加值能耗", "吨标准煤/万元"), ("园区建成面积", "平方公里")]]
        ['流量', '存量', '流量', '速度', '比重', '比重', '存量']
    """
    if unit.dimensionless and unit != ureg.dimensionless:
        if any(word in name for word in RATE_WORDS):
            return Measure.RATE
        return Measure.SHARE
    dims = dict(unit.dimensionality)
    if len(dims) > 1 and dims not in _FLOW_DIMS:
        return Measure.SHARE
    if len(dims) == 1 and next(iter(dims)) in _COUNT_DIMS:
        flow = name.startswith(FLOW_PREFIXES) or any(word in name for word in FLOW_WORDS)
        return Measure.FLOW if flow else Measure.STOCK
    if dims in _FLOW_DIMS:
        return Measure.STOCK if any(word in name for word in STOCK_WORDS) else Measure.FLOW
    return Measure.STOCK


def measure_of(indicator: Indicator) -> Measure:
    """What an indicator measures: its stated :attr:`~Indicator.measure`, else the measure
    :func:`infer_measure` reads from its name and unit.

    Evaluation reads part-year values by it: a **flow**'s value for 2024年1-9月 is not a level
    to compare with a whole year's; a **stock**'s, a **share**'s or a **rate**'s is.

    Examples:
        >>> from fyp_planning import Indicator, Measure, measure_of, parse_unit
        >>> output = Indicator(id="output", name="工业总产值", unit=parse_unit("亿元"))
        >>> measure_of(output).value
        'flow'
        >>> import attrs
        >>> measure_of(attrs.evolve(output, measure=Measure.STOCK)).value
        'stock'
    """
    if indicator.measure is not None:
        return indicator.measure
    return infer_measure(indicator.name, indicator.unit)


#: What a period of an indicator that is no flow may be (a span is refused with this).
SPAN_EXPECTED = (
    "a year or a part of a year (a span of years is only for a flow: an indicator with "
    'measure = "flow", or, unstated, in money, energy, mass, volume or 人次, or whose name '
    "begins with 新增)"
)


def totals_over_years(indicator: Indicator) -> bool:
    """Whether the indicator's values over a span of years (``2016-2020``) are totals: whether
    it is a flow.

    Only a flow's values add up over years (a stock, rate or share never does): the
    indicator's stated :attr:`~Indicator.measure`, else the one :func:`infer_measure` reads
    from its name and unit (money, energy, mass, volume and visits 人次 are flows; counts of
    things held (家, 个), areas and shares are levels at a date).

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
    return measure_of(indicator) is Measure.FLOW
