"""Small closed vocabularies of the model, each value ASCII with a Chinese label.

Plan files may use either the ASCII value (``"binding"``) or the Chinese label (``"约束性"``);
files are always written back with the ASCII value.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Self

__all__ = [
    "ChainAction",
    "Comparator",
    "Direction",
    "GrowthMode",
    "IndicatorKind",
    "Measure",
    "ObservationStatus",
    "Provenance",
    "SegmentNature",
    "SegmentStatus",
    "SourceKind",
    "Stage",
    "StatementKind",
]


class _TupleStrEnum(enum.StrEnum):
    """A string enum whose members are made from tuples, the value first, then attributes.

    ``Stage("upstream")`` looks a member up by its value; mypy checks such a call against
    ``__new__``, which enum calls only to make the members from their tuples
    (python/mypy#10573). Type checkers see the look-up declared here; a subclass defines the
    run-time ``__new__`` that makes members under ``if not TYPE_CHECKING:``, out of their sight.
    """

    if TYPE_CHECKING:

        def __new__(cls, value: str) -> Self: ...

    def __str__(self) -> str:
        return self.value


class _Labelled(_TupleStrEnum):
    """An enum whose values are ASCII ids and whose members carry a Chinese label."""

    label: str

    if not TYPE_CHECKING:  # see _TupleStrEnum

        def __new__(cls, value: str, label: str) -> Self:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.label = label
            return obj

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Look a member up by its ASCII value or its Chinese label.

        Raises:
            ValueError: no member has that value or label; the message lists the choices.
        """
        for member in cls:
            if text in (member.value, member.label) or text in _EXTRA_ALIASES.get(member, ()):
                return member
        raise ValueError(f"{text!r} is not one of {cls.choices()}")

    @classmethod
    def choices(cls) -> str:
        """The accepted spellings, for messages: ``binding (约束性), anticipatory (预期性)``."""
        return ", ".join(f"{m.value} ({m.label})" for m in cls)


class IndicatorKind(_Labelled):
    """约束性 (binding: must be met) or 预期性 (anticipatory: expected, guiding)."""

    BINDING = ("binding", "约束性")
    ANTICIPATORY = ("anticipatory", "预期性")


class Measure(_Labelled):
    """What an indicator's value measures, which decides how part-year values and totals read.

    * ``flow`` (流量) — an amount over a period: output, value added, investment, energy used;
      part-year values are not levels and years add up to period totals;
    * ``stock`` (存量) — a level at a date: enterprises, patents held, parks; a part-year value
      is a level;
    * ``rate`` (速度) — a rate of change over a period: 增加值增速, 年均增长;
    * ``share`` (比重) — a ratio at a date or over a period, bounded by a limit (100%):
      R&D经费投入强度, 数字经济核心产业增加值占比.

    Examples:
        >>> Measure.from_text("存量"), Measure.FLOW.label
        (<Measure.STOCK: 'stock'>, '流量')
    """

    FLOW = ("flow", "流量")
    STOCK = ("stock", "存量")
    RATE = ("rate", "速度")
    SHARE = ("share", "比重")


class Direction(_Labelled):
    """Whether a higher or a lower value is better (output vs energy intensity)."""

    HIGHER = ("higher", "越高越好")
    LOWER = ("lower", "越低越好")


class GrowthMode(_Labelled):
    """How an indicator grows between years: compound (money, output) or linear (shares, counts)."""

    COMPOUND = ("compound", "复合增长")
    LINEAR = ("linear", "线性增长")


class ObservationStatus(_Labelled):
    """How final an observed value is."""

    ACTUAL = ("actual", "实际")
    ESTIMATE = ("estimate", "预计")
    PRELIMINARY = ("preliminary", "初步")


class Provenance(_Labelled):
    """Where a fact comes from: the plan document itself, or our modelling of it.

    Readers must be able to tell the document's facts from assumptions added to model them
    (an enterprise's chain the document does not state, a reference chain template).
    ``extracted`` (自动抽取，待核) marks an item ``fyp extract`` read from the document and no
    person has checked yet; a person who checks it sets ``document``.
    """

    DOCUMENT = ("document", "规划文本")
    MODEL = ("model", "建模推断")
    EXTRACTED = ("extracted", "自动抽取，待核")


class Stage(_Labelled):
    """Where a segment sits in an industrial chain: 上游, 中游, 下游, or 配套服务.

    Examples:
        >>> Stage.from_text("上游"), Stage.SERVICES.label
        (<Stage.UPSTREAM: 'upstream'>, '配套服务')
    """

    UPSTREAM = ("upstream", "上游")
    MIDSTREAM = ("midstream", "中游")
    DOWNSTREAM = ("downstream", "下游")
    SERVICES = ("services", "配套服务")


class SegmentNature(_Labelled):
    """What a chain segment is: firms 招商 can attract, or a resource or infrastructure it cannot.

    * ``industry`` (产业环节, the default) — made of firms; a gap can be filled by 招商;
    * ``resource`` (资源禀赋) — land, farmland, tea gardens, scenery: developed, not attracted;
    * ``infrastructure`` (基础设施) — networks, roads, platforms built by government or
      operators.

    Examples:
        >>> SegmentNature.from_text("资源禀赋")
        <SegmentNature.RESOURCE: 'resource'>
    """

    INDUSTRY = ("industry", "产业环节")
    RESOURCE = ("resource", "资源禀赋")
    INFRASTRUCTURE = ("infrastructure", "基础设施")


class SourceKind(_Labelled):
    """What a plan's source region of 招商 is (see :class:`~fyp_planning.SourceRegion`).

    * ``partner_park`` (合作园区) — a partner park or a park named for a partner region
      (浙商产业园: the firms of 浙江);
    * ``region`` (对口地区) — a region, province or city the plan turns to (上海、广东、浙江);
    * ``hometown_network`` (乡贤网络) — the county's people working elsewhere (引老乡、建家乡);
    * ``other`` (其他) — anything else the plan names.

    Examples:
        >>> SourceKind.from_text("乡贤网络"), SourceKind.REGION.label
        (<SourceKind.HOMETOWN_NETWORK: 'hometown_network'>, '对口地区')
    """

    PARTNER_PARK = ("partner_park", "合作园区")
    REGION = ("region", "对口地区")
    HOMETOWN_NETWORK = ("hometown_network", "乡贤网络")
    OTHER = ("other", "其他")


class SegmentStatus(_Labelled):
    """How well a chain segment is covered by local firms (see :func:`fyp_planning.gap_analysis`).

    * ``strong`` (强) — a leading firm (龙头 / 链主) is present;
    * ``present`` (已有) — two or more firms, or one above-scale (规模以上) firm, none a leader;
    * ``weak`` (薄弱) — a single firm, neither above-scale nor a leader;
    * ``linked`` (链间供给) — no firm of its own, but supplied by a segment of another local
      chain that has firms (the plan's cross-chain ``links``): present by link;
    * ``missing`` (缺失) — no local firm.

    Examples:
        >>> SegmentStatus.from_text("薄弱")
        <SegmentStatus.WEAK: 'weak'>
    """

    STRONG = ("strong", "强")
    PRESENT = ("present", "已有")
    WEAK = ("weak", "薄弱")
    LINKED = ("linked", "链间供给")
    MISSING = ("missing", "缺失")


class ChainAction(_Labelled):
    """What to do about a chain gap: 建链, 延链, 补链 or 强链 (see :func:`fyp_planning.gap_analysis`).

    Examples:
        >>> ChainAction.FILL.label, ChainAction.from_text("延链")
        ('补链', <ChainAction.EXTEND: 'extend'>)
    """

    BUILD = ("build", "建链")
    EXTEND = ("extend", "延链")
    FILL = ("fill", "补链")
    STRENGTHEN = ("strengthen", "强链")


class Comparator(_Labelled):
    """How a value is compared with a target: at least, at most, exactly."""

    GE = (">=", "以上")
    LE = ("<=", "以下")
    EQ = ("=", "等于")

    @property
    def symbol(self) -> str:
        """The mathematical sign (≥, ≤ or =)."""
        return {"GE": "≥", "LE": "≤", "EQ": "="}[self.name]

    @property
    def mirrored(self) -> Comparator:
        """The comparator with ≥ and ≤ swapped (and = kept), as a fall of at least 5 asks
        for a level at most 5 below.

        Examples:
            >>> Comparator.GE.mirrored.symbol, Comparator.EQ.mirrored.symbol
            ('≤', '=')
        """
        return {"GE": Comparator.LE, "LE": Comparator.GE, "EQ": Comparator.EQ}[self.name]

    @property
    def is_floor(self) -> bool:
        """Whether the target bounds values from below (≥, or = which bounds both ways).

        Examples:
            >>> Comparator.GE.is_floor, Comparator.EQ.is_floor, Comparator.LE.is_floor
            (True, True, False)
        """
        return self is not Comparator.LE

    @property
    def is_ceiling(self) -> bool:
        """Whether the target bounds values from above (≤, or = which bounds both ways)."""
        return self is not Comparator.GE

    def holds(self, value: float, target: float) -> bool:
        """Whether ``value`` satisfies the comparison with ``target``.

        Examples:
            >>> Comparator.GE.holds(300.0, 300.0), Comparator.LE.holds(5.1, 5.0)
            (True, False)
        """
        if self is Comparator.GE:
            return value >= target
        if self is Comparator.LE:
            return value <= target
        return value == target


class StatementKind(_Labelled):
    """What a figure the document derives itself says.

    * ``total_growth`` — growth over the whole span, "增长了44.4%";
    * ``average_growth`` — average annual growth rate, "年均增长8.88%";
    * ``change`` — an absolute change, "比2016年提高1.02个百分点";
    * ``average_change`` — an average annual absolute change, "年均净增加7家以上";
    * ``total`` — a stated total of listed parts, "计划再入库12个亿，分别为……".
    """

    TOTAL_GROWTH = ("total_growth", "累计增长")
    AVERAGE_GROWTH = ("average_growth", "年均增长")
    CHANGE = ("change", "变化量")
    AVERAGE_CHANGE = ("average_change", "年均变化量")
    TOTAL = ("total", "合计")


_EXTRA_ALIASES: dict[enum.Enum, tuple[str, ...]] = {
    Comparator.GE: ("≥", "at_least"),
    Comparator.LE: ("≤", "at_most", "以内"),
    Comparator.EQ: ("==", "exactly"),
}
