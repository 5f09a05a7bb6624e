"""What gap analysis returns: the weights of a gap's score, segment reports, gaps and a chain's
analysis, as frozen values with their JSON forms and their tidy tables (``gaps``, ``segments``,
``directions``: :data:`GAPS_TABLE`, :data:`SEGMENTS_TABLE`, :data:`DIRECTIONS_TABLE`).

Imports the model, text and tables only; :mod:`fyp_planning.chains.gaps` fills these in.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from ..model.entities import ChainDirection
from ..model.enums import ChainAction, Provenance, SegmentNature, SegmentStatus, Stage
from ..tables import Column, Schema, Tabular, joined
from ..text import Bilingual, Join, Message, Text

if TYPE_CHECKING:
    from ..model.plan import Plan

__all__ = [
    "DIRECTIONS_TABLE",
    "GAPS_TABLE",
    "SEGMENTS_TABLE",
    "ChainAnalyses",
    "ChainAnalysis",
    "DirectionCheck",
    "Gap",
    "GapWeights",
    "KeptMessage",
    "SegmentReport",
]

_T = TypeVar("_T", bound=attrs.AttrsInstance)


def _weight(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValueError(f"{attribute.name}: a weight must be a number ≥ 0; got {value!r}")


@attrs.frozen(kw_only=True, cache_hash=True)  # a cache key, per plan and template
class GapWeights:
    """Weights of the seven measures in a gap's score (they need not sum to 1).

    Five measures read the template and the local firms; two read the plan: whether it names
    the gap's segment (*planned*) and whether one of its projects is in it (*project*).

    Attributes:
        dependence: Weight of dependence (default 0.35).
        single_point: Weight of being a single point of failure (default 0.25).
        betweenness: Weight of betweenness centrality (default 0.20).
        relatedness: Weight of relatedness density (default 0.20).
        core: Weight of being a core segment of the template (default 0.10): 1 or 0.
        planned: Weight of the plan's own directions (default 0.60): the measure is 1 when a
            direction names the gap's segment, 0.25 when a whole-chain direction asks the gap's
            action, else 0.
        project: Weight of a project of the plan (or its predecessor) whose firm is in the
            segment (default 0.25): 1 or 0.

    Examples:
        >>> from fyp_planning import GapWeights
        >>> GapWeights().total
        1.95
        >>> GapWeights(core=0, planned=0, project=0).total
        1.0
    """

    dependence: float = attrs.field(default=0.35, validator=_weight)
    single_point: float = attrs.field(default=0.25, validator=_weight)
    betweenness: float = attrs.field(default=0.20, validator=_weight)
    relatedness: float = attrs.field(default=0.20, validator=_weight)
    core: float = attrs.field(default=0.10, validator=_weight)
    planned: float = attrs.field(default=0.60, validator=_weight)
    project: float = attrs.field(default=0.25, validator=_weight)

    @property
    def total(self) -> float:
        """The sum of the weights, the most a gap can score."""
        return round(
            self.dependence
            + self.single_point
            + self.betweenness
            + self.relatedness
            + self.core
            + self.planned
            + self.project,
            12,
        )


#: The sentences quoting the plan in a gap's reasons, by the stance they give it.
PLAN_SAID = {
    "asks": "chains.gap.plan_asks",
    "names": "chains.gap.plan_names",
    "agrees": "chains.gap.plan_agrees",
}

#: What the plan's directions say of a gap, in tie-break order: a direction names its segment
#: with the gap's action, names it with another, a whole-chain direction asks the action, none.
STANCES = ("asks", "names", "agrees", "silent")
#: Each stance in a few words (the tables' ``stance_label``).
STANCE_LABELS = {
    "asks": "chains.stance.label.asks",
    "names": "chains.stance.label.names",
    "agrees": "chains.stance.label.agrees",
    "silent": "chains.stance.label.silent",
}
#: The *planned* measure of each stance.
PLANNED = {"asks": 1.0, "names": 1.0, "agrees": 0.25, "silent": 0.0}


def stance_of(
    directions: tuple[ChainDirection, ...], action: ChainAction, segments: tuple[str, ...]
) -> tuple[str, tuple[ChainDirection, ...]]:
    """What a chain's stated directions say of a gap with ``action`` on ``segments``, and the
    directions that say it (see :meth:`ChainAnalysis.plan_stance`): the one rule gap analysis
    scores by and the output shows."""
    if not directions:
        return "silent", ()
    return Stances(directions).of(action, segments)


class Stances:
    """A chain's stated directions indexed for :func:`stance_of`: by the segments they name,
    and the whole-chain ones by action (gap analysis asks once per gap)."""

    __slots__ = ("directions", "naming", "whole")

    def __init__(self, directions: tuple[ChainDirection, ...]) -> None:
        self.directions = directions
        #: The positions of the directions naming each segment, in order.
        self.naming: dict[str, list[int]] = {}
        self.whole: dict[ChainAction, tuple[ChainDirection, ...]] = {}
        for n, d in enumerate(directions):
            if d.segments:
                for seg in dict.fromkeys(d.segments):
                    self.naming.setdefault(seg, []).append(n)
            else:
                self.whole[d.action] = (*self.whole.get(d.action, ()), d)

    def of(
        self, action: ChainAction, segments: tuple[str, ...]
    ) -> tuple[str, tuple[ChainDirection, ...]]:
        """The stance and the directions that say it, for a gap with ``action`` on
        ``segments`` (each direction once, in the chain's order)."""
        get = self.naming.get
        at: list[int] = []
        if len(segments) == 1:
            at = get(segments[0], at)
        else:
            at = sorted({n for seg in segments for n in get(seg, ())})
        if at:
            naming = [self.directions[n] for n in at]
            same = tuple([d for d in naming if d.action is action])
            return ("asks", same) if same else ("names", tuple(naming))
        whole = self.whole.get(action)
        return ("agrees", whole) if whole else ("silent", ())


@attrs.frozen(kw_only=True)
class SegmentReport:
    """One template segment of a chain with its local firms and status.

    ``nature``, ``products`` and ``industry_codes`` are the template segment's, as the template
    gives them; ``enterprise_names`` are the names of ``enterprises`` in the same order (a firm
    the plan does not list is named by its id).

    Examples:
        >>> from fyp_planning import SegmentReport, SegmentStatus, Stage
        >>> SegmentReport(id="farming", name="种养", stage=Stage.UPSTREAM, core=False,
        ...               enterprises=(), status=SegmentStatus.MISSING).status.label
        '缺失'
    """

    id: str
    name: str
    stage: Stage
    core: bool
    enterprises: tuple[str, ...]
    status: SegmentStatus
    #: For a segment present by link, the other chains' segments (``chain.segment``) with
    #: local firms that supply it.
    linked: tuple[str, ...] = ()
    #: What the segment is, as its template says (firms by default, or a resource or
    #: infrastructure).
    nature: SegmentNature = SegmentNature.INDUSTRY
    #: The segment's products, as its template lists them.
    products: tuple[str, ...] = ()
    #: Its GB/T 4754-2017 codes, as its template lists them.
    industry_codes: tuple[str, ...] = ()
    #: The names of its local firms, in the order of ``enterprises``.
    enterprise_names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "stage": self.stage.value,
            "core": self.core,
            "enterprises": list(self.enterprises),
            "status": self.status.value,
            "status_label": self.status.label,
            "linked": list(self.linked),
        }


class KeptMessage:
    """A catalogue message that many gaps share (a template's sentences, kept by gap analysis):
    its id and arguments, said at most once in each language.

    Lighter than a :class:`~fyp_planning.text.Message` for the garbage collector (its arguments
    are a plain tuple), which matters for the hundreds of thousands a national run keeps.

    Examples:
        >>> from fyp_planning.chains.results import KeptMessage
        >>> kept = KeptMessage("chains.gap.betweenness", betweenness=0.25)
        >>> kept.render("en"), kept.render("zh") is kept.render("zh")
        ('betweenness centrality 0.25 (normalised).', True)
        >>> kept.message.id, kept.message.arguments
        ('chains.gap.betweenness', {'betweenness': 0.25})
    """

    __slots__ = ("_en", "_zh", "args", "id")

    def __init__(self, id: str, /, **args: Any) -> None:
        self.id = id
        self.args = tuple(args.items())
        self._zh: str | None = None
        self._en: str | None = None

    @property
    def message(self) -> Message:
        """The message itself, made from keywords (its arguments were checked when kept)."""
        return Message(self.id, **dict(self.args))

    def render(self, lang: str) -> str:
        """The message in ``lang``: said the first time, then kept.

        Raises:
            ValueError: For a language other than ``"zh"`` or ``"en"``.
        """
        if lang == "zh":
            if self._zh is None:
                self._zh = self.message.render(lang)
            return self._zh
        if lang == "en":
            if self._en is None:
                self._en = self.message.render(lang)
            return self._en
        return self.message.render(lang)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Gap:
    """A gap in a chain: the action it calls for, its score and the reasons.

    Gap analysis gives the reasons as catalogue messages (:attr:`reasons_text`: ids and raw
    values), said in Chinese (:attr:`reasons`) or English (:attr:`reasons_en`) when read; a gap
    made by hand may give Chinese sentences as ``reasons`` and their English as
    ``reasons_en``. Two gaps are equal when they say the same, in both languages.

    Attributes:
        chain: Chain id.
        segment: Segment id; ``None`` for a chain-level 建链.
        name: The segment's name (the chain's for a chain-level 建链).
        action: :class:`~fyp_planning.ChainAction`.
        direction: For 延链, ``"upstream"`` or ``"downstream"``; else ``None``.
        segments: The segments concerned: the segment itself, or the core segments to build.
        dependence, single_point, betweenness, relatedness: The measures of the template and
            the local firms (``None`` for a chain-level 建链); ``single_point`` is 0 or 1.
        core: 1 when the template marks the segment core, else 0 (``None`` for a chain-level
            建链).
        planned: The plan's measure: 1 when a stated direction names the segment, 0.25 when a
            whole-chain direction asks the gap's action, else 0 (:attr:`stance`).
        project: 1 when a project of the plan or its predecessor has its firm in the segment
            (``None`` for a chain-level 建链).
        score: The weighted sum (:class:`GapWeights`).
        stance: What the plan's directions say of the gap: ``"asks"``, ``"names"``,
            ``"agrees"`` or ``"silent"`` (:meth:`ChainAnalysis.plan_stance`).
        rank: 1 for the first gap of its chain.

    Args:
        reasons: The reasons: catalogue messages (or other text that says itself in both
            languages), or Chinese sentences.
        reasons_en: Beside Chinese sentences, the same in English.

    Examples:
        >>> from fyp_planning import ChainAction, Gap
        >>> gap = Gap(chain="food", segment="packaging", name="包装", action=ChainAction.EXTEND,
        ...           direction="downstream", segments=("packaging",), score=0.5, rank=1)
        >>> gap.label
        '延链（向下游）'
        >>> from fyp_planning.text import Message
        >>> gap = Gap(chain="food", segment="packaging", name="包装", action=ChainAction.BUILD,
        ...           reasons=(Message("chains.gap.single_point"),))
        >>> gap.reasons_en
        ('single point of failure: every path from raw material to final product passes through it.',)
    """

    chain: str
    segment: str | None
    name: str
    action: ChainAction
    direction: Literal["upstream", "downstream"] | None = None
    segments: tuple[str, ...] = ()
    dependence: float | None = None
    single_point: float | None = None
    betweenness: float | None = None
    relatedness: float | None = None
    core: float | None = None
    planned: float = 0.0
    project: float | None = None
    score: float = 0.0
    stance: str = "silent"
    rank: int = 0
    _reasons: tuple[Text | KeptMessage, ...] = ()
    _reasons_en: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Chinese sentences with the numbers."""
        return tuple([x if isinstance(x, str) else x.render("zh") for x in self._reasons])

    @property
    def reasons_en(self) -> tuple[str, ...]:
        """The reasons in English (those given beside Chinese sentences, if any)."""
        if self._reasons_en:
            return self._reasons_en
        return tuple([x.render("en") for x in self._reasons if not isinstance(x, str)])

    @property
    def reasons_text(self) -> tuple[Message | Join | Bilingual, ...]:
        """The reasons as given, catalogue messages with their ids and arguments (Chinese
        sentences come back as :class:`~fyp_planning.text.Bilingual` with their English)."""
        en = self._reasons_en
        return tuple(
            [
                Bilingual(x, en[n] if n < len(en) else "")
                if isinstance(x, str)
                else x.message
                if isinstance(x, KeptMessage)
                else x
                for n, x in enumerate(self._reasons)
            ]
        )

    def _said(self) -> tuple[Any, ...]:
        """The fields' values, the reasons as said in either language."""
        values = tuple([getattr(self, f.name) for f in _GAP_FIELDS[:-2]])
        return (*values, self.reasons, self.reasons_en)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Gap)
        return self._said() == other._said()

    def __hash__(self) -> int:
        return hash(self._said())

    def __repr__(self) -> str:
        names = [f.alias for f in _GAP_FIELDS]
        return f"Gap({', '.join(f'{k}={v!r}' for k, v in zip(names, self._said(), strict=True))})"

    @property
    def plan_reasons(self) -> tuple[str, ...]:
        """The reasons quoting the plan's own directions, in Chinese (none when it is silent):
        what a 招商 line shows beside the firm to seek."""
        ids = _PLAN_SAID_IDS
        return tuple(
            [
                x.render("zh")
                for x in self._reasons
                if isinstance(x, Message | KeptMessage) and x.id in ids
            ]
        )

    @property
    def label(self) -> str:
        """The action in Chinese, with the direction for 延链 (``延链（向上游）``)."""
        if self.direction is None:
            return self.action.label
        return f"{self.action.label}（向{Stage(self.direction).label}）"

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "rank": self.rank,
            "chain": self.chain,
            "segment": self.segment,
            "name": self.name,
            "action": self.action.value,
            "action_label": self.label,
            "direction": self.direction,
            "segments": list(self.segments),
            "score": self.score,
            "dependence": self.dependence,
            "single_point": self.single_point,
            "betweenness": self.betweenness,
            "relatedness": self.relatedness,
            "core": self.core,
            "planned": self.planned,
            "project": self.project,
            "stance": self.stance,
            "reasons": list(self.reasons),
            "reasons_en": list(self.reasons_en),
        }


_GAP_FIELDS = attrs.fields(Gap)
_PLAN_SAID_IDS = frozenset(PLAN_SAID.values())


#: How many of a chain's first gaps a direction should land among (:meth:`ChainAnalysis.direction_checks`).
TOP = 5


@attrs.frozen(kw_only=True)
class DirectionCheck:
    """Where a stated direction lands in a chain's ranking (:meth:`ChainAnalysis.direction_checks`).

    Attributes:
        direction: The direction's position in the chain's ``directions``.
        segment: The segment it names (``None`` for a whole-chain direction).
        rank: The rank of the gap it lands on, or ``None`` when the segment is no gap.
        followed: Whether that gap is among the chain's first five.
        text: Where it lands, or why it is not among the first five, in a line.

    Examples:
        >>> import fyp_planning as fp
        >>> checks = fp.gap_analysis(fp.load("dongkou"), "特色轻工").direction_checks()
        >>> [c.text.zh for c in checks if not c.followed][:2]  # doctest: +NORMALIZE_WHITESPACE
        ['纺织面料与服装辅料：第7位（延链（向上游）），未进前5位：排在它前面的6个缺口也都是规划点名的环节',
         '皮革与合成革：第6位（延链（向上游）），未进前5位：排在它前面的5个缺口也都是规划点名的环节']
    """

    direction: int
    segment: str | None
    rank: int | None
    followed: bool = False
    text: Message

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "segment": self.segment,
            "rank": self.rank,
            "followed": self.followed,
            "text": self.text.zh,
            "text_en": self.text.en,
        }


# -- the tables -----------------------------------------------------------------------------

#: Columns the chain tables share (and the 招商 list's, :mod:`~fyp_planning.chains.attraction`).
CHAIN = Column("chain", "string", "产业链编号", "chain id")
CHAIN_NAME = Column("chain_name", "string", "产业链名称", "the chain's Chinese name")
RANK = Column(
    "rank", "int64", "缺口在本链中的排名（1为首位）", "the gap's rank in its chain (1 first)"
)
SEGMENT = Column(
    "segment", "string", "环节编号（全链建链为空）", "segment id (none for a chain-level 建链)"
)
SEGMENT_NAME = Column(
    "segment_name",
    "string",
    "环节名称（全链建链为产业链名称）",
    "the segment's Chinese name (the chain's, for a chain-level 建链)",
)
ACTION = Column(
    "action",
    "string",
    "缺口类型：build/extend/fill/strengthen",
    "build, extend, fill or strengthen",
)
ACTION_LABEL = Column(
    "action_label",
    "string",
    "缺口类型（中文）：建链、延链（含向上游/向下游）、补链、强链",
    "the action in Chinese, with the direction of 延链 (延链（向上游）)",
)
STANCE = Column(
    "stance",
    "string",
    "规划的态度：asks（点名要求本类型）/names（点名此环节，用语不同）/agrees（全链要求一致）"
    "/silent（未提及）",
    "what the plan's directions say of the gap: asks, names, agrees or silent",
)
STANCE_LABEL = Column("stance_label", "string", "规划的态度（中文）", "the stance in Chinese")
SCORE = Column("score", "float64", "缺口得分（各测度的加权和）", "the gap's score (weighted sum)")
STAGE = Column(
    "stage", "string", "环节位置：upstream/midstream/downstream/services", "the segment's stage"
)
STAGE_LABEL = Column(
    "stage_label", "string", "环节位置（中文）：上游、中游、下游、配套服务", "the stage in Chinese"
)
NATURE = Column(
    "nature",
    "string",
    "环节性质：industry（产业环节）/resource（资源禀赋）/infrastructure（基础设施）",
    "what the segment is: industry, resource or infrastructure",
)
NATURE_LABEL = Column("nature_label", "string", "环节性质（中文）", "the nature in Chinese")
PRODUCTS = Column(
    "products",
    "string",
    "环节产品（参考模板所列，以；分隔）",
    "the segment's products (template), joined by ；",
)
CODES = Column(
    "industry_codes",
    "string",
    "国民经济行业代码（GB/T 4754-2017，模板所列，以；分隔）",
    "GB/T 4754-2017 codes (template), joined by ；",
)
PLAN_ACTION = Column(
    "plan_action",
    "string",
    "规划原文的方向类型（以；分隔，与plan_text逐一对应）",
    "the actions of the plan's directions, joined by ；, one per plan_text",
)
PLAN_ACTION_LABEL = Column(
    "plan_action_label", "string", "规划原文的方向类型（中文）", "the same in Chinese"
)
PLAN_TEXT = Column(
    "plan_text",
    "string",
    "规划原文（所引方向的原话，以；分隔）",
    "the plan's words (the directions quoted), joined by ；",
)
PLAN_SOURCE = Column(
    "plan_source",
    "string",
    "规划原文出处（章节，以；分隔，与plan_text逐一对应）",
    "the section of each direction quoted, joined by ；",
)

#: A row per gap of a chain, best-ranked first (:meth:`ChainAnalysis.to_pandas`).
GAPS_TABLE = Schema(
    "gaps",
    "一行一项：每条产业链的每个缺口（建链、延链、补链、强链），按排名",
    "one row per gap of each chain (build, extend, fill, strengthen), by rank",
    (
        CHAIN,
        CHAIN_NAME,
        RANK,
        SEGMENT,
        SEGMENT_NAME,
        Column(
            "segments",
            "string",
            "涉及的环节编号（全链建链为待建的核心环节，以；分隔）",
            "the segments concerned (for a chain-level 建链 the core segments to build), joined by ；",
        ),
        STAGE,
        STAGE_LABEL,
        NATURE,
        NATURE_LABEL,
        ACTION,
        ACTION_LABEL,
        Column(
            "direction",
            "string",
            "延链方向：upstream（向上游）/downstream（向下游），其他为空",
            "for 延链, upstream or downstream; else none",
        ),
        STANCE,
        STANCE_LABEL,
        SCORE,
        Column("dependence", "float64", "依存度（0–1）", "dependence (0–1)"),
        Column("single_point", "float64", "单点瓶颈（0或1）", "single point of failure (0 or 1)"),
        Column(
            "betweenness",
            "float64",
            "介数中心性（归一化，0–1）",
            "betweenness centrality (normalised)",
        ),
        Column("relatedness", "float64", "关联密度（0–1）", "relatedness density (0–1)"),
        Column("core", "float64", "核心环节（1或0）", "core segment (1 or 0)"),
        Column(
            "planned",
            "float64",
            "规划导向（1：点名此环节；0.25：全链要求一致；0：未提及）",
            "the plan's measure (1 named, 0.25 whole chain agrees, 0 silent)",
        ),
        Column(
            "project",
            "float64",
            "项目（1：本期或上期规划有项目的企业在此环节；0：无）",
            "1 when a project's firm is in the segment, else 0",
        ),
        Column("reason", "string", "首要理由", "the first reason, in Chinese"),
        Column("reason_en", "string", "首要理由（英文）", "the same in English"),
        PLAN_ACTION,
        PLAN_ACTION_LABEL,
        PLAN_TEXT,
        PLAN_SOURCE,
    ),
)

#: A row per template segment of a chain, in template order.
SEGMENTS_TABLE = Schema(
    "segments",
    "一行一项：每条产业链参考模板的每个环节，含本地企业与状态",
    "one row per template segment of each chain, with its local firms and status",
    (
        CHAIN,
        CHAIN_NAME,
        Column("template", "string", "参考模板编号", "template id"),
        Column("segment", "string", "环节编号", "segment id"),
        Column("segment_name", "string", "环节名称", "the segment's Chinese name"),
        STAGE,
        STAGE_LABEL,
        Column(
            "core", "bool", "是否核心环节（模板所标）", "a core segment (the template marks it)"
        ),
        NATURE,
        NATURE_LABEL,
        Column(
            "status",
            "string",
            "状态：strong/present/weak/linked/missing",
            "status: strong, present, weak, linked or missing",
        ),
        Column(
            "status_label",
            "string",
            "状态（中文）：强、已有、薄弱、链间供给、缺失",
            "the status in Chinese",
        ),
        Column("firm_count", "int64", "本地企业数", "how many local firms"),
        Column("firms", "string", "本地企业编号（以；分隔）", "the local firms' ids, joined by ；"),
        Column("firm_names", "string", "本地企业名称（以；分隔）", "their names, joined by ；"),
        Column(
            "linked",
            "string",
            "供给此环节的其他产业链环节（链间供给，产业链.环节，以；分隔）",
            "for a segment present by link, the other chains' segments supplying it (chain.segment)",
        ),
        PRODUCTS,
        CODES,
        Column(
            "gap_rank",
            "int64",
            "此环节缺口的排名（非缺口为空）",
            "the rank of its gap (none if no gap)",
        ),
        Column("gap_action", "string", "此环节缺口的类型", "its gap's action"),
        Column("gap_action_label", "string", "此环节缺口的类型（中文）", "the same in Chinese"),
        Column(
            "presence_provenance",
            "string",
            "企业所在环节的来源：document（规划文本）/model（建模推断）",
            "whether the placement of firms is the document's or our model",
        ),
        Column(
            "presence_provenance_label",
            "string",
            "企业所在环节的来源（中文）",
            "the same in Chinese",
        ),
    ),
)

#: A row per segment a stated direction names (per whole-chain direction: one row).
DIRECTIONS_TABLE = Schema(
    "directions",
    "一行一项：规划点名的每个环节（全链方向一行），及其在缺口排名中的位置或不是缺口的原因",
    "one row per segment a stated direction names (one per whole-chain direction): its rank, or"
    " why it has none",
    (
        CHAIN,
        CHAIN_NAME,
        Column(
            "direction_index",
            "int64",
            "方向在本链规划方向中的序号（从0起）",
            "the direction's position among the chain's directions (from 0)",
        ),
        Column("plan_action", "string", "规划原文的方向类型", "the direction's action"),
        Column("plan_action_label", "string", "规划原文的方向类型（中文）", "the same in Chinese"),
        Column("plan_text", "string", "规划原文", "the plan's words"),
        Column("plan_source", "string", "规划原文出处（章节）", "the section"),
        Column(
            "segment",
            "string",
            "所点名的环节编号（全链方向为空）",
            "the segment named (none: whole chain)",
        ),
        Column("segment_name", "string", "所点名的环节名称", "its Chinese name"),
        Column(
            "rank",
            "int64",
            "所落缺口的排名（不是缺口为空）",
            "the rank of the gap it lands on (none when no gap)",
        ),
        Column("gap_action", "string", "所落缺口的类型", "that gap's action"),
        Column("gap_action_label", "string", "所落缺口的类型（中文）", "the same in Chinese"),
        Column(
            "followed",
            "bool",
            f"是否进入本链前{TOP}位缺口",
            f"whether that gap is among the chain's first {TOP}",
        ),
        Column(
            "check",
            "string",
            "核对结论（名次，或未进前列、不是缺口的原因）",
            "where it lands, or why not",
        ),
        Column("check_en", "string", "核对结论（英文）", "the same in English"),
    ),
)


def stance_label(stance: str) -> str:
    """A stance (:data:`STANCES`) in a few Chinese words."""
    return Message(STANCE_LABELS[stance]).zh


@attrs.frozen(kw_only=True)
class ChainAnalysis(Tabular):
    """A chain's segments with their status, and its ranked gaps.

    Attributes:
        chain: Chain id.
        name: Chain name.
        template: Template id, or ``None`` when the chain has no template (无参考模板): then
            there are no segments and no gaps.
        template_provenance: Whether the template is the document's or our model.
        presence_provenance: Whether the placement of firms in segments is the document's or
            ours.
        segments: Segment reports, in template order.
        gaps: Gaps, best-ranked first.
        directions: What the plan itself asks of the chain (the chain's
            :class:`~fyp_planning.ChainDirection` records, as stated): each gap's
            :attr:`~Gap.planned` measure reads them, and :meth:`direction_checks` says where
            each named segment ranks, or why it is not among the first five.
        plan: The plan analysed, which its map is drawn from (in a notebook, the analysis
            shows its map and first actions); ``None`` for an analysis made by hand. It is
            not part of the value: analyses that say the same are equal.

    Its tables (their columns are listed in :doc:`/tables`): ``gaps`` (the default), a row
    per gap, best-ranked first, with the measures of its score, its first reason and the
    plan's words on it (the directions quoted, their sections); ``segments``, a row per
    template segment with its status and local firms; ``directions``, a row per segment a
    stated direction names (:meth:`direction_checks`). Lists in one cell are joined with
    ``；``.

    Examples:
        >>> from fyp_planning import ChainAnalysis
        >>> a = ChainAnalysis(chain="food", name="特色食品", template=None)
        >>> a.completeness is None, a.counts["missing"]
        (True, 0)

        The tables, on Dongkou's 特色食品:

        >>> import fyp_planning as fp
        >>> food = fp.gap_analysis(fp.load("dongkou"), "food")
        >>> row = food.to_table().rows()[0]
        >>> row["rank"], row["segment_name"], row["action_label"], row["stance_label"]
        (1, '柑橘商品化处理与深加工', '补链', '规划点名（用语不同）')
        >>> row["plan_action_label"], row["plan_source"]
        ('延链', '第四章（一）1')
        >>> [(r["segment_name"], r["status_label"], r["firm_names"] or r["linked"])
        ...  for r in food.to_table("segments").rows()[4:8]]  # doctest: +NORMALIZE_WHITESPACE
        [('畜禽屠宰与冷冻分割', '强', '肉食冷冻'), ('肉制品精深加工', '强', '三可食品'),
         ('茶叶加工', '缺失', None), ('食品包装材料', '链间供给', 'light_industry.packaging_printing')]
        >>> food.to_table("directions").rows()[-1]["check"]
        '全链：延链的缺口10个，最高第2位'
    """

    chain: str
    name: str
    template: str | None
    template_provenance: Provenance | None = None
    presence_provenance: Provenance = Provenance.MODEL
    segments: tuple[SegmentReport, ...] = ()
    gaps: tuple[Gap, ...] = ()
    directions: tuple[ChainDirection, ...] = ()
    plan: Plan | None = attrs.field(default=None, eq=False, repr=False)

    def direction_text(self, direction: ChainDirection) -> Message:
        """A stated direction in a line: its action, its segments by name (the whole chain when
        it names none) and its section.

        Examples:
            >>> from fyp_planning import ChainAnalysis, ChainDirection
            >>> d = ChainDirection(action="强链", text="扩大生产规模", source="第四章（一）1")
            >>> ChainAnalysis(chain="food", name="特色食品", template=None).direction_text(d).zh
            '规划原文：强链 全链（第四章（一）1）'
        """
        names = {s.id: s.name for s in self.segments}
        where: Text = (
            Join(tuple(names.get(seg, seg) for seg in direction.segments))
            if direction.segments
            else Message("chains.direction.whole_chain")
        )
        source = direction.source
        return Message(
            "chains.direction.line" if source else "chains.direction.line_unsourced",
            action=Bilingual(direction.action.label, direction.action.value),
            segments=where,
            source=source or "",
        )

    def plan_stance(self, gap: Gap) -> tuple[str, tuple[ChainDirection, ...]]:
        """What the plan's own directions say of a gap: ``("asks", …)`` when a direction names
        its segment with the same action; ``("names", …)`` when directions name the segment
        with another action; ``("agrees", …)`` when a whole-chain direction asks the same
        action of the chain; ``("silent", ())`` otherwise. Gap analysis scores the same stance
        (:attr:`Gap.planned`, :attr:`Gap.stance`).

        Examples:
            >>> from fyp_planning import ChainAction, ChainAnalysis, ChainDirection, Gap
            >>> a = ChainAnalysis(chain="food", name="特色食品", template="t", directions=(
            ...     ChainDirection(action="延链", segments=("deep",), text="发展精深加工"),))
            >>> gap = Gap(chain="food", segment="deep", name="精深加工",
            ...           action=ChainAction.EXTEND, direction="downstream")
            >>> a.plan_stance(gap)[0]
            'asks'
        """
        segments = gap.segments or ((gap.segment,) if gap.segment is not None else ())
        return stance_of(self.directions, gap.action, segments)

    def stance_text(self, gap: Gap) -> Message:
        """:meth:`plan_stance` in a line: ``规划要求：延链（第四章（一）1）``, ``规划未提及此环节``."""
        return self._stance_message(*self.plan_stance(gap))

    @staticmethod
    def _stance_message(stance: str, found: tuple[ChainDirection, ...]) -> Message:
        said = Join(
            tuple(
                Message(
                    "chains.stance.direction" if d.source else "chains.stance.direction_unsourced",
                    action=Bilingual(d.action.label, d.action.value),
                    source=d.source or "",
                )
                for d in found
            )
        )
        return Message(f"chains.stance.{stance}", directions=said)

    def _direction_dict(
        self, direction: ChainDirection, checks: list[DirectionCheck]
    ) -> dict[str, Any]:
        names = {s.id: s.name for s in self.segments}
        return {
            "checks": [c.to_dict() for c in checks],
            "action": direction.action.value,
            "action_label": direction.action.label,
            "segments": [{"id": seg, "name": names.get(seg)} for seg in direction.segments],
            "text": direction.text,
            "source": direction.source,
        }

    def _stance_dict(self, gap: Gap) -> dict[str, Any]:
        stance, found = self.plan_stance(gap)
        return {
            "stance": stance,
            "text": self._stance_message(stance, found).zh,
            "directions": [i for i, d in enumerate(self.directions) if d in found],
        }

    def direction_checks(self) -> tuple[DirectionCheck, ...]:
        """Where each stated direction lands in the ranking: for each segment a direction
        names, its gap's rank, or why it has none (the segment has local firms, or is supplied
        by another chain); for a whole-chain direction, the best-ranked gap with its action.
        A check is *followed* when that gap is among the first five; when it is not, the
        check says why (the gaps ahead of it the plan also names, and those ahead on the
        template's measures alone).

        Examples:
            >>> from fyp_planning import ChainAnalysis, ChainAction, ChainDirection, Gap
            >>> gap = Gap(chain="food", segment="deep", name="精深加工", rank=1,
            ...           action=ChainAction.EXTEND, stance="asks")
            >>> a = ChainAnalysis(chain="food", name="特色食品", template="t", gaps=(gap,),
            ...                   directions=(ChainDirection(action="延链", segments=("deep",),
            ...                                              text="发展精深加工"),))
            >>> [(c.segment, c.rank, c.followed, c.text.zh) for c in a.direction_checks()]
            [('deep', 1, True, '精深加工：第1位（延链）')]
        """
        by_segment = {g.segment: g for g in self.gaps if g.segment is not None}
        reports = {s.id: s for s in self.segments}
        out: list[DirectionCheck] = []
        for n, d in enumerate(self.directions):
            if not d.segments:
                same = [g for g in self.gaps if g.action is d.action]
                if not same:
                    text = Message(
                        "chains.check.whole_none", action=Bilingual(d.action.label, d.action.value)
                    )
                    out.append(DirectionCheck(direction=n, segment=None, rank=None, text=text))
                    continue
                best = same[0]
                out.append(self._check(n, None, best, Message(
                    "chains.check.whole", action=Bilingual(d.action.label, d.action.value),
                    count=len(same), rank=best.rank,
                )))  # fmt: skip
                continue
            for seg in d.segments:
                report = reports.get(seg)
                gap = by_segment.get(seg)
                name = report.name if report else gap.name if gap else seg
                if gap is not None:
                    out.append(self._check(n, seg, gap, Message(
                        "chains.check.ranked", name=name, segment=seg, rank=gap.rank,
                        label=Bilingual(gap.label, gap.action.value),
                    )))  # fmt: skip
                elif report is not None and report.status is SegmentStatus.LINKED:
                    text = Message(
                        "chains.check.linked", name=name, segment=seg, refs=Join(report.linked)
                    )
                    out.append(DirectionCheck(direction=n, segment=seg, rank=None, text=text))
                elif report is not None:
                    text = Message(
                        "chains.check.not_gap",
                        name=name,
                        segment=seg,
                        status=Bilingual(report.status.label, report.status.value),
                        count=len(report.enterprises),
                    )
                    out.append(DirectionCheck(direction=n, segment=seg, rank=None, text=text))
                else:  # a chain without a template, or a direction made by hand
                    text = Message("chains.check.unanalysed", name=name, segment=seg)
                    out.append(DirectionCheck(direction=n, segment=seg, rank=None, text=text))
        return tuple(out)

    def _check(self, n: int, seg: str | None, gap: Gap, said: Message) -> DirectionCheck:
        """The check of direction ``n`` landing on ``gap``: followed within the first five,
        else with the gaps ahead of it counted."""
        if gap.rank <= TOP:
            return DirectionCheck(direction=n, segment=seg, rank=gap.rank, followed=True, text=said)
        ahead = self.gaps[: gap.rank - 1]
        named = sum(g.stance in ("asks", "names") for g in ahead)
        others = len(ahead) - named
        text = Message(
            "chains.check.below" if others else "chains.check.below_named",
            said=said,
            top=TOP,
            named=named,
            others=others,
        )
        return DirectionCheck(direction=n, segment=seg, rank=gap.rank, text=text)

    @property
    def counts(self) -> dict[str, int]:
        """Segments by status, e.g. ``{"strong": 1, "present": 2, "weak": 0, "missing": 3}``."""
        out = {s.value: 0 for s in SegmentStatus}
        for seg in self.segments:
            out[seg.status.value] += 1
        return out

    @property
    def completeness(self) -> float | None:
        """Share of template segments with local firms (not missing), in %; ``None`` without
        a template or segments."""
        if not self.segments:
            return None
        have = sum(s.status is not SegmentStatus.MISSING for s in self.segments)
        return round(100 * have / len(self.segments), 1)

    TABLES = (GAPS_TABLE, SEGMENTS_TABLE, DIRECTIONS_TABLE)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The rows of the ``gaps``, ``segments`` or ``directions`` table (see the class)."""
        if name == "gaps":
            return self._gap_rows()
        if name == "segments":
            return self._segment_rows()
        return self._direction_rows()

    def _gap_rows(self) -> Iterator[tuple[Any, ...]]:
        reports = {s.id: s for s in self.segments}
        stances = Stances(self.directions) if self.directions else None
        for g in self.gaps:
            seg = reports.get(g.segment) if g.segment is not None else None
            segments = g.segments or ((g.segment,) if g.segment is not None else ())
            found = stances.of(g.action, segments)[1] if stances is not None else ()
            reasons = g.reasons
            english = g.reasons_en
            yield (
                self.chain,
                self.name,
                g.rank,
                g.segment,
                g.name,
                joined(segments),
                seg.stage.value if seg else None,
                seg.stage.label if seg else None,
                seg.nature.value if seg else None,
                seg.nature.label if seg else None,
                g.action.value,
                g.label,
                g.direction,
                g.stance,
                stance_label(g.stance),
                g.score,
                g.dependence,
                g.single_point,
                g.betweenness,
                g.relatedness,
                g.core,
                g.planned,
                g.project,
                reasons[0] if reasons else None,
                english[0] if english else None,
                joined(d.action.value for d in found),
                joined(d.action.label for d in found),
                joined(d.text for d in found),
                joined(d.source or "" for d in found),
            )

    def _segment_rows(self) -> Iterator[tuple[Any, ...]]:
        gaps = {g.segment: g for g in self.gaps if g.segment is not None}
        presence = self.presence_provenance
        for s in self.segments:
            gap = gaps.get(s.id)
            yield (
                self.chain,
                self.name,
                self.template,
                s.id,
                s.name,
                s.stage.value,
                s.stage.label,
                s.core,
                s.nature.value,
                s.nature.label,
                s.status.value,
                s.status.label,
                len(s.enterprises),
                joined(s.enterprises),
                joined(s.enterprise_names),
                joined(s.linked),
                joined(s.products),
                joined(s.industry_codes),
                gap.rank if gap else None,
                gap.action.value if gap else None,
                gap.label if gap else None,
                presence.value,
                presence.label,
            )

    def _direction_rows(self) -> Iterator[tuple[Any, ...]]:
        if not self.directions:
            return
        names = {s.id: s.name for s in self.segments}
        gaps = {g.rank: g for g in self.gaps}
        for c in self.direction_checks():
            d = self.directions[c.direction]
            gap = gaps.get(c.rank) if c.rank is not None else None
            yield (
                self.chain,
                self.name,
                c.direction,
                d.action.value,
                d.action.label,
                d.text,
                d.source,
                c.segment,
                names.get(c.segment, c.segment) if c.segment is not None else None,
                c.rank,
                gap.action.value if gap else None,
                gap.label if gap else None,
                c.followed,
                c.text.zh,
                c.text.en,
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        checks = self.direction_checks() if self.directions else ()
        return {
            "chain": self.chain,
            "name": self.name,
            "template": self.template,
            "template_provenance": self.template_provenance.value
            if self.template_provenance
            else None,
            "presence_provenance": self.presence_provenance.value,
            "counts": self.counts,
            "completeness": self.completeness,
            "segments": [s.to_dict() for s in self.segments],
            "gaps": [{**g.to_dict(), "plan": self._stance_dict(g)} for g in self.gaps],
            "directions": [
                self._direction_dict(d, [c for c in checks if c.direction == n])
                for n, d in enumerate(self.directions)
            ],
        }


class ChainAnalyses(tuple[ChainAnalysis, ...], Tabular):
    """The analyses of several chains (:func:`~fyp_planning.analyse_chains`): a tuple of
    :class:`ChainAnalysis`, equal to the plain tuple, whose tables (``gaps``, ``segments``,
    ``directions``) are the chains' tables one after another (each row names its chain).

    Examples:
        >>> import fyp_planning as fp
        >>> chains = fp.analyse_chains(fp.load("dongkou"))
        >>> chains == tuple(chains), len(chains)
        (True, 7)
        >>> len(chains.to_table()) == sum(len(a.gaps) for a in chains)
        True
        >>> chains.to_table("segments").column("chain")[:2]
        ('food', 'food')
    """

    __slots__ = ()

    TABLES = ChainAnalysis.TABLES

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        for analysis in self:
            yield from analysis._table_rows(name)


def _maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of ``cls``, a frozen slotted attrs class, from all its fields' values in
    their order, that fills the slots directly.

    A third faster than the keyword ``__init__``, for the hundreds of thousands of gaps and
    segment reports a national run makes, and the same objects: it is used only while that
    ``__init__`` does nothing else — no validator, converter, pre- or post-init hook, cached
    hash (an extra slot). Otherwise the constructor calls ``__init__``.
    """
    fields = attrs.fields(cls)
    names = tuple(f.name for f in fields)
    plain = (
        set(getattr(cls, "__slots__", ())) - {"__weakref__"} == set(names)
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and all(f.validator is None and f.converter is None and f.init for f in fields)
    )
    if not plain:
        return lambda *values: cls(**dict(zip(names, values, strict=True)))
    setters = tuple(cls.__dict__[name].__set__ for name in names)  # the slots' descriptors
    new = object.__new__

    def make(*values: Any) -> _T:
        assert len(values) == len(setters)
        obj = new(cls)
        any(map(operator.call, setters, repeat(obj), values))  # setter(obj, value) in C
        return obj

    return make


#: :class:`Gap` and :class:`SegmentReport` from their fields' values, in order.
new_gap = _maker(Gap)
new_report = _maker(SegmentReport)
