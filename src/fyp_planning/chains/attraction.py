"""The 招商 list: for each chain gap, the kind of firm to attract and the projects addressing it.

Matching is conservative. A project *addresses* a gap only when the project's enterprise is laid
onto the gap's own segment in the chain's presence (so it is one of the firms there). A firm
that merely belongs to the chain, elsewhere on it, does not count: a project of a meat
processor says nothing about attracting a packaging firm. Missing segments have no firm by
definition, so in practice only 强链 gaps (a single small firm) can be addressed by a project;
every unaddressed gap says why.

Only firms can be attracted. A gap whose segment is a resource (资源禀赋: scenery, farmland, tea
gardens) or infrastructure (基础设施: networks, roads, platforms) — its template's
:class:`~fyp_planning.SegmentNature` — is never a 招商 line: it is kept apart
(``attractable`` is false) with advice instead of a firm to attract: 培育、保护开发
for a resource, 配套建设 for infrastructure. Those lines come after every 招商 line.

Each 招商 line names its host parks (``parks``, ids): the parks whose ``chains`` list the gap's
chain, or whose ``industries`` name the chain itself (its Chinese name, exactly) — the more
specialised first (fewer chains), then in plan order. No looser matching: a park is proposed
only where the plan ties it to the chain.

Projects come from the plan and from its predecessors (the 十三五 projects a 十四五 plan
inherits), each with the plan it belongs to.

Each 招商 line is a 招商图谱 entry an officer can act on:

* **the firm to seek** (:class:`FirmProfile`, one per segment: a chain-level 建链 profiles
  each industry segment among the core segments it names): the segment's products and
  GB/T 4754-2017 codes as its template gives them (codes only: the package ships no table of
  the standard's class names), its stage, and the typical scale (:class:`FirmScale`). No data
  says how big a firm a county should seek; the scale is one documented rule on the gap's
  action: 强链 (the segment's local firms are weak) seeks a 龙头或规模以上企业 (a leader or
  an above-scale firm); 补链, 延链 and 建链 seek a 规模以上企业, the national statistical
  threshold (年主营业务收入2000万元及以上: annual main-business revenue of 20 million yuan or
  more);
* **where from** (``source_regions``): the plan's :class:`~fyp_planning.SourceRegion` entries
  whose ``chains`` list the line's chain (fewer chains first, then plan order), then those
  listing no chain (for every chain), in plan order;
* **where to** (``parks``, above);
* **projects**: those addressing the gap (above), and apart from them *candidates*
  (``candidates``, :attr:`ProjectMatch.inferred` true, never counted as addressing the gap):
  a project whose firm sits in no segment of the chain's presence (or in no chain at all) and
  whose firm name, project name or project text contains a product of a profiled segment, or,
  for a two-character product, its first character + 业 (门窗 → 门业: a 门业 company likely
  makes doors; a longer phrase such as 门票与游览服务 gives no such word). The
  document does not say where such a firm sits, so the plan's presence is left as it is and
  the match is shown as 按企业名称推断，待核实. The work is bounded by the distinct words
  (two per product of the templates' segments) times the projects: each word is looked up
  in every project once per call, then reused for every line naming it (Dongkou: about 280
  words, 11 projects).

Lines 招商 cannot fill (resources, infrastructure) keep their advice and get no profile,
source region, park or candidate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ..model.entities import Chain, ChainTemplate, Enterprise, Project, SourceRegion
from ..model.enums import ChainAction, Provenance, SegmentNature, Stage, _Labelled
from ..model.plan import Plan
from ..tables import Column, Schema, Tabular, joined
from ..text import Message, Said
from ..units import format_quantity
from .gaps import ChainAnalysis, Gap, analyse_chains, gap_analysis
from .graph import lineage
from .results import (
    ACTION,
    ACTION_LABEL,
    CHAIN,
    CHAIN_NAME,
    CODES,
    NATURE,
    NATURE_LABEL,
    PRODUCTS,
    RANK,
    SCORE,
    SEGMENT,
    SEGMENT_NAME,
    STANCE,
    STANCE_LABEL,
    stance_label,
)

__all__ = [
    "ATTRACTION_TABLE",
    "Attraction",
    "AttractionList",
    "FirmProfile",
    "FirmScale",
    "ProjectMatch",
    "attraction_list",
]


class FirmScale(_Labelled):
    """The typical scale of firm a 招商 line seeks, derived from the gap's action.

    There is no data on what size of firm a county should attract; this is one rule, stated
    once: 强链 (a present segment whose local firms are weak) seeks a leader or an
    above-scale firm; 补链, 延链 and 建链 seek an above-scale firm (规模以上: annual
    main-business revenue of 20 million yuan or more, the national statistical threshold).

    Examples:
        >>> from fyp_planning import ChainAction
        >>> from fyp_planning.chains import FirmScale
        >>> FirmScale.for_action(ChainAction.STRENGTHEN).label
        '龙头或规模以上企业'
        >>> FirmScale.for_action(ChainAction.EXTEND).label
        '规模以上企业'
    """

    LEADER = ("leader", "龙头或规模以上企业")
    ABOVE_SCALE = ("above_scale", "规模以上企业")

    @classmethod
    def for_action(cls, action: ChainAction) -> FirmScale:
        """The scale to seek for a gap's ``action`` (the rule above)."""
        return cls.LEADER if action is ChainAction.STRENGTHEN else cls.ABOVE_SCALE

    @property
    def text(self) -> Message:
        """The scale said in full, with why (a catalogue message)."""
        return Message(f"chains.attraction.scale.{self.value}")


@attrs.frozen(kw_only=True)
class FirmProfile:
    """The firm a 招商 line seeks, for one segment: what it makes, its industry, its scale.

    Products and GB/T 4754-2017 codes are the segment's, as its template gives them (empty
    when the template lists none); the package ships no table of the standard's class names,
    so codes are given as codes. The scale follows :meth:`FirmScale.for_action`.

    Examples:
        >>> from fyp_planning import Segment
        >>> from fyp_planning.chains import FirmProfile, FirmScale
        >>> seg = Segment(id="doors", name="门窗", stage="downstream", products=["门窗", "板材"],
        ...               industry_codes=["C2032"])
        >>> p = FirmProfile.of(seg, FirmScale.ABOVE_SCALE)
        >>> p.products, p.industry_codes, p.stage.label
        (('门窗', '板材'), ('C2032',), '下游')
        >>> p.text.zh
        '「门窗」（下游）：产品 门窗、板材；行业代码（GB/T 4754-2017） C2032；宜引进规模以上企业（年主营业务收入2000万元及以上）'
    """

    segment: str
    name: str
    stage: Stage
    products: tuple[str, ...] = ()
    industry_codes: tuple[str, ...] = ()
    scale: FirmScale = FirmScale.ABOVE_SCALE

    @classmethod
    def of(cls, segment: Any, scale: FirmScale) -> FirmProfile:
        """The profile of a template's :class:`~fyp_planning.Segment`."""
        return cls(
            segment=segment.id,
            name=segment.name,
            stage=segment.stage,
            products=segment.products,
            industry_codes=segment.industry_codes,
            scale=scale,
        )

    @property
    def text(self) -> Message:
        """The profile as one sentence (a catalogue message)."""
        none = Message("chains.attraction.not_listed")
        return Message(
            "chains.attraction.profile",
            name=self.name,
            stage=self.stage.label,
            stage_en=self.stage.value,
            products="、".join(self.products) if self.products else none,
            codes="、".join(self.industry_codes) if self.industry_codes else none,
            scale=self.scale.text,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "segment": self.segment,
            "name": self.name,
            "stage": self.stage.value,
            "stage_label": self.stage.label,
            "products": list(self.products),
            "industry_codes": list(self.industry_codes),
            "scale": self.scale.value,
            "scale_label": self.scale.label,
            "text": self.text.zh,
            "text_en": self.text.en,
        }


@attrs.frozen(kw_only=True)
class ProjectMatch:
    """A project that addresses a gap, or may be related to it, and why (in Chinese and English).

    Args:
        reason: Why: a catalogue message (as :func:`~fyp_planning.attraction_list` gives
            it), or a Chinese sentence.
        reason_en: Beside a Chinese sentence, the same in English.
        inferred: ``True`` for a candidate: a firm the plan places nowhere on the chain, whose
            name or project text names a product of the gap (按企业名称推断，待核实); never
            counted as addressing the gap.
        clue: For a candidate, the word found (``门业``).
    """

    project: str
    name: str
    plan: str
    enterprise: str
    enterprise_name: str
    investment: str | None
    _reason: Message | str
    _reason_en: str = ""
    inferred: bool = False
    clue: str = ""

    reason_text = Said.given(
        "reason",
        """The reason as given, a catalogue message with its id and arguments (or a Chinese
        sentence, as :class:`~fyp_planning.text.Bilingual` with its English).""",
    )
    reason = Said.zh("reason", """Why, in Chinese.""")
    reason_en = Said.en(
        "reason", """Why, in English (``""`` when a Chinese sentence was given without it)."""
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "project": self.project,
            "name": self.name,
            "plan": self.plan,
            "enterprise": self.enterprise,
            "enterprise_name": self.enterprise_name,
            "investment": self.investment,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "inferred": self.inferred,
            "clue": self.clue,
        }


@attrs.frozen(kw_only=True)
class Attraction:
    """One line of the 招商 list: a gap, the firm to attract, the projects addressing it.

    A gap in a resource or infrastructure segment (its ``nature``) names no firm: its
    ``target`` is advice (培育、保护开发 / 配套建设) and :attr:`attractable` is false; it has
    no profile, source region, park or candidate.

    ``profiles`` (one :class:`FirmProfile` per segment sought), ``source_regions`` (the plan's
    :class:`~fyp_planning.SourceRegion` entries for the chain, the more specific first),
    ``parks`` and ``park_names`` (host parks), ``projects`` (addressing the gap) and
    ``candidates`` (inferred, see the module notes) make the line a 招商图谱 entry.
    """

    chain: str
    chain_name: str
    gap: Gap
    target: str
    projects: tuple[ProjectMatch, ...] = ()
    note: str = ""
    nature: SegmentNature = SegmentNature.INDUSTRY
    parks: tuple[str, ...] = ()
    park_names: tuple[str, ...] = ()
    profiles: tuple[FirmProfile, ...] = ()
    source_regions: tuple[SourceRegion, ...] = ()
    candidates: tuple[ProjectMatch, ...] = ()

    @property
    def addressed(self) -> bool:
        """Whether some project addresses the gap."""
        return bool(self.projects)

    @property
    def region_texts(self) -> tuple[Message, ...]:
        """The source regions as the text output names them, each with its kind and section."""
        return tuple(_region_text(r) for r in self.source_regions)

    @property
    def attractable(self) -> bool:
        """Whether 招商 can fill the gap (its segment is made of firms, not a resource or
        infrastructure)."""
        return self.nature is SegmentNature.INDUSTRY

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "chain": self.chain,
            "chain_name": self.chain_name,
            "rank": self.gap.rank,
            "segment": self.gap.segment,
            "name": self.gap.name,
            "action": self.gap.action.value,
            "action_label": self.gap.label,
            "score": self.gap.score,
            "stance": self.gap.stance,
            "plan": list(self.gap.plan_reasons),
            "target": self.target,
            "nature": self.nature.value,
            "attractable": self.attractable,
            "profiles": [p.to_dict() for p in self.profiles],
            "source_regions": [_region_dict(r) for r in self.source_regions],
            "parks": [
                {"id": i, "name": n} for i, n in zip(self.parks, self.park_names, strict=True)
            ],
            "addressed": self.addressed,
            "projects": [p.to_dict() for p in self.projects],
            "candidates": [p.to_dict() for p in self.candidates],
            "note": self.note,
        }


#: The 招商 list as one table: a row per line, in the list's order (what ``fyp gaps
#: --attraction --format csv`` writes). Where a line has several profiles, regions, parks or
#: projects, a column joins them with ``；``.
ATTRACTION_TABLE = Schema(
    "attraction",
    "一行一项：招商清单的每一行（每个缺口），依清单顺序",
    "one row per line of the 招商 list (a gap each), in the list's order",
    (
        CHAIN,
        CHAIN_NAME,
        RANK,
        SEGMENT,
        SEGMENT_NAME,
        ACTION,
        ACTION_LABEL,
        SCORE,
        STANCE,
        STANCE_LABEL,
        Column(
            "plan",
            "string",
            "规划原文对此缺口的表述（含出处，以；分隔）",
            "what the plan says of the gap, with its sections, joined by ；",
        ),
        NATURE,
        NATURE_LABEL,
        Column(
            "attractable",
            "bool",
            "可否招商（资源禀赋、基础设施为否）",
            "whether 招商 can fill it (not a resource or infrastructure)",
        ),
        Column(
            "target",
            "string",
            "招商对象（资源禀赋、基础设施为建议）",
            "whom to attract (advice for a resource or infrastructure)",
        ),
        Column(
            "stage",
            "string",
            "所引进企业的环节位置（以；分隔）",
            "the stages of the segments sought, joined by ；",
        ),
        Column("stage_label", "string", "环节位置（中文）", "the same in Chinese"),
        PRODUCTS,
        CODES,
        Column(
            "scale",
            "string",
            "宜引进的企业规模：leader（龙头或规模以上）/above_scale（规模以上）",
            "the scale of firm to seek: leader or above_scale",
        ),
        Column("scale_label", "string", "企业规模（中文）", "the same in Chinese"),
        Column(
            "source_regions",
            "string",
            "招商来源地编号（以；分隔，具体者在前）",
            "the source regions' ids, joined by ；, the more specific first",
        ),
        Column("source_region_names", "string", "招商来源地名称", "their names"),
        Column("parks", "string", "承载园区编号（以；分隔）", "the host parks' ids, joined by ；"),
        Column("park_names", "string", "承载园区名称", "their names"),
        Column(
            "addressed",
            "bool",
            "是否已有项目对应（其企业在此环节）",
            "whether a project (its firm in the segment) addresses the gap",
        ),
        Column("projects", "string", "对应项目编号（以；分隔）", "the projects' ids, joined by ；"),
        Column(
            "project_names",
            "string",
            "对应项目名称（投资额）",
            "their names (with the investment)",
        ),
        Column(
            "candidates",
            "string",
            "按企业名称推断的可能相关项目编号（待核实）",
            "the candidate projects' ids (inferred from names, to be checked)",
        ),
        Column(
            "candidate_names",
            "string",
            "可能相关项目名称（线索，待核实）",
            "their names (with the word found, to be checked)",
        ),
        Column("note", "string", "说明（无项目的原因）", "why no project addresses it"),
    ),
)


def _attraction_row(a: Attraction) -> tuple[Any, ...]:
    gap = a.gap
    stages = dict.fromkeys(p.stage for p in a.profiles)
    scales = dict.fromkeys(p.scale for p in a.profiles)
    return (
        a.chain,
        a.chain_name,
        gap.rank,
        gap.segment,
        gap.name,
        gap.action.value,
        gap.label,
        gap.score,
        gap.stance,
        stance_label(gap.stance),
        joined(gap.plan_reasons),
        a.nature.value,
        a.nature.label,
        a.attractable,
        a.target,
        joined(x.value for x in stages),
        joined(x.label for x in stages),
        joined(dict.fromkeys(x for p in a.profiles for x in p.products)),
        joined(dict.fromkeys(x for p in a.profiles for x in p.industry_codes)),
        joined(x.value for x in scales),
        joined(x.label for x in scales),
        joined(r.id for r in a.source_regions),
        joined(r.name for r in a.source_regions),
        joined(a.parks),
        joined(a.park_names),
        a.addressed,
        joined(m.project for m in a.projects),
        joined(f"{m.name}（{m.investment}）" if m.investment else m.name for m in a.projects),
        joined(m.project for m in a.candidates),
        joined(f"{m.name}（{m.clue}，待核实）" for m in a.candidates),
        a.note or None,
    )


class AttractionList(tuple[Attraction, ...], Tabular):
    """The 招商 list (:func:`~fyp_planning.attraction_list`): a tuple of
    :class:`~fyp_planning.chains.Attraction` lines, equal to the plain tuple, whose table
    (``attraction``) has a row per line.

    Examples:
        >>> import fyp_planning as fp
        >>> lines = fp.attraction_list(fp.load("dongkou"))
        >>> lines == tuple(lines), len(lines.to_table()) == len(lines)
        (True, True)
        >>> crafts = next(r for r in lines.to_table().rows() if r["segment"] == "crafts")
        >>> crafts["project_names"], crafts["park_names"]
        ('邵阳市丰宜工艺品有限公司（12800万）', '特色轻工乡镇片区；县经济开发区')
    """

    __slots__ = ()

    TABLES = (ATTRACTION_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        return map(_attraction_row, self)


def _region_dict(region: SourceRegion) -> dict[str, Any]:
    return {
        "id": region.id,
        "name": region.name,
        "kind": region.kind.value,
        "kind_label": region.kind.label,
        "text": region.text,
        "source": region.source,
    }


def _region_text(region: SourceRegion) -> Message:
    """A source region as a line's text names it: its name, kind and section."""
    if region.source:
        return Message(
            "chains.attraction.region",
            name=region.name,
            kind=region.kind.label,
            kind_en=region.kind.value,
            source=region.source,
        )
    return Message(
        "chains.attraction.region_unsourced",
        name=region.name,
        kind=region.kind.label,
        kind_en=region.kind.value,
    )


def _source_regions(plan: Plan, chain: Chain) -> tuple[SourceRegion, ...]:
    """The plan's source regions for ``chain``: those listing it (fewer chains first), then
    those for every chain; each in plan order."""
    fits = [
        (len(r.chains) if r.chains else len(plan.chains) + 1, i, r)
        for i, r in enumerate(plan.source_regions)
        if r.fits(chain.id)
    ]
    return tuple(r for _, _, r in sorted(fits, key=lambda x: (x[0], x[1])))


def _profiles(
    template: ChainTemplate | None, gap: Gap, nature: SegmentNature
) -> tuple[FirmProfile, ...]:
    """The firm to seek per segment of an attractable gap: its industry segments."""
    if template is None or nature is not SegmentNature.INDUSTRY:
        return ()
    scale = FirmScale.for_action(gap.action)
    ids = gap.segments or ((gap.segment,) if gap.segment is not None else ())
    segs = (template.segment(s) for s in ids)
    return tuple(FirmProfile.of(seg, scale) for seg in segs if seg.nature is SegmentNature.INDUSTRY)


def _words(profiles: tuple[FirmProfile, ...]) -> list[tuple[str, str, FirmProfile]]:
    """The words that may name a profile's product in a firm's name: (word, product,
    profile), each product itself and, for a two-character product, its first character + 业
    (门窗 → 门业), each word once."""
    out: list[tuple[str, str, FirmProfile]] = []
    seen: set[str] = set()
    for profile in profiles:
        for product in profile.products:
            if not product.strip():  # a blank product names nothing (every text contains "")
                continue
            trade = (product[0] + "业",) if len(product) == 2 else ()
            for word in (product, *trade):
                if word not in seen:
                    seen.add(word)
                    out.append((word, product, profile))
    return out


class _Finder:
    """Which projects contain a word, each word looked up once per list (the bound on the
    candidates' work: distinct words × projects)."""

    def __init__(self, projects: list[tuple[str, Project]], firms: dict[str, Enterprise]) -> None:
        self.projects = projects
        self.texts = []
        for _, pr in projects:
            firm = firms.get(pr.enterprise or "")
            name = firm.name if firm is not None else ""
            self.texts.append((name, f"{pr.name}\n{pr.text or ''}"))
        self._found: dict[str, tuple[tuple[int, str], ...]] = {}

    def find(self, word: str) -> tuple[tuple[int, str], ...]:
        """Positions of the projects containing ``word``, with where (``name``: the firm's
        name; ``text``: the project's name or text)."""
        if word not in self._found:
            self._found[word] = tuple(
                (i, "name" if word in name else "text")
                for i, (name, text) in enumerate(self.texts)
                if word in name or word in text
            )
        return self._found[word]


def _nature(plan: Plan, analysis: ChainAnalysis, gap: Gap) -> SegmentNature:
    """What the gap's segment is; a chain-level 建链 is a resource or infrastructure only when
    every core segment it names is one (else some firm can be attracted)."""
    if analysis.template is None:
        return SegmentNature.INDUSTRY
    template = plan.template(analysis.template)
    natures = {template.segment(s).nature for s in gap.segments}
    if len(natures) == 1:
        return natures.pop()
    return SegmentNature.INDUSTRY


def _target(chain: Chain, analysis: ChainAnalysis, gap: Gap, nature: SegmentNature) -> str:
    """Whom to attract for ``gap``, named by the segments the analysis already reports; for a
    resource or infrastructure, what to do instead."""
    reported = {s.id: s for s in analysis.segments}
    if nature is SegmentNature.RESOURCE:
        return f"培育、保护开发「{gap.name}」（资源禀赋，不属招商对象）"
    if nature is SegmentNature.INFRASTRUCTURE:
        return f"配套建设「{gap.name}」（基础设施，由政府或运营商建设，不属招商对象）"
    if gap.segment is None:
        core = "、".join(f"「{reported[s].name if s in reported else s}」" for s in gap.segments)
        return f"引进「{chain.name}」产业链的核心环节企业（{core}），建链"
    seg = reported[gap.segment]
    if gap.action is ChainAction.STRENGTHEN:
        return f"引进「{seg.name}」环节龙头或规模以上企业（{seg.stage.label}），做强现有企业"
    return f"引进「{seg.name}」环节企业（{seg.stage.label}），{gap.label}"


def _host_parks(plan: Plan, chain: Chain) -> tuple[tuple[str, str], ...]:
    """The parks the plan ties to ``chain`` (id, name), the more specialised first."""
    hosts = [
        (len(p.chains) or len(p.industries), i, p.id, p.name)
        for i, p in enumerate(plan.parks)
        if chain.id in p.chains or chain.name in p.industries
    ]
    return tuple((pid, name) for _, _, pid, name in sorted(hosts))


def _candidates(
    chain: Chain,
    gap: Gap,
    profiles: tuple[FirmProfile, ...],
    finder: _Finder,
    firms: dict[str, Enterprise],
    placed: set[str],
) -> tuple[ProjectMatch, ...]:
    """Projects that may be related to a gap: firms placed nowhere on the chain whose name or
    project names one of the profiled products (see the module notes). One match a project,
    by the first word found in segment and product order."""
    found: dict[int, tuple[str, str, FirmProfile, str]] = {}
    for word, product, profile in _words(profiles):
        for i, where in finder.find(word):
            if i not in found and finder.projects[i][1].enterprise not in placed:
                found[i] = (word, product, profile, where)
    out: list[ProjectMatch] = []
    for i in sorted(found):
        word, product, profile, where = found[i]
        plan_id, pr = finder.projects[i]
        firm = firms.get(pr.enterprise or "")
        firm_name = firm.name if firm is not None else (pr.enterprise or "")
        inv = format_quantity(pr.investment) if pr.investment is not None else None
        out.append(
            ProjectMatch(
                project=pr.id,
                name=pr.name,
                plan=plan_id,
                enterprise=pr.enterprise or "",
                enterprise_name=firm_name,
                investment=inv,
                reason=Message(
                    f"chains.attraction.candidate.{where}",
                    project=pr.id,
                    project_name=pr.name,
                    plan=plan_id,
                    investment=Message("chains.attraction.investment", amount=inv) if inv else "",
                    enterprise=pr.enterprise,
                    firm_name=firm_name,
                    clue=word,
                    product=product,
                    chain=chain.id,
                    chain_name=chain.name,
                    segment=profile.segment,
                    segment_name=profile.name,
                ),
                inferred=True,
                clue=word,
            )
        )
    return tuple(out)


def attraction_list(
    plan: Plan,
    chain: str
    | Chain
    | ChainAnalysis
    | list[ChainAnalysis]
    | tuple[ChainAnalysis, ...]
    | None = None,
) -> AttractionList:
    """The 招商 list of a chain (or of all chains): each gap with the firm to attract.

    Each gap of :func:`~fyp_planning.gap_analysis` gives one line, with the kind of firm to
    attract (from the segment's name and stage) and the projects of the plan or its
    predecessors whose enterprise is laid onto that very segment (see the module notes: firms
    elsewhere on the chain do not count). 招商 lines come first, then the gaps 招商 cannot fill
    (resources, infrastructure: ``attractable`` false, with advice as their
    ``target``); within each, gaps no project addresses first; then by score, highest first,
    then chain (plan order) and rank. Each 招商 line also carries the firm profile, the plan's
    source regions and host parks, and candidate projects inferred from firm names (see the
    module notes); candidates never make a line addressed.

    Args:
        plan: The plan.
        chain: A chain's finished :class:`~fyp_planning.ChainAnalysis` (its gaps are used as
            they are), or a list or tuple of them (one list for several chains: the plan's
            firms and projects are gathered once); or the chain, its id or its Chinese name; or
            ``None`` for every chain (each analysed here, once).

    Returns:
        The lines, in the order above: a tuple with their table
        (:class:`~fyp_planning.AttractionList`).

    Raises:
        KeyError: no such chain.

    Examples:
        >>> from fyp_planning import (Chain, ChainTemplate, Enterprise, Plan, Project, Segment,
        ...                           attraction_list, gap_analysis)
        >>> t = ChainTemplate(id="t", name="模板", edges=[("raw", "made")],
        ...                   segments=[Segment(id="raw", name="原料", stage="upstream"),
        ...                             Segment(id="made", name="制品", stage="downstream")])
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025, templates=[t],
        ...             enterprises=[Enterprise(id="a", name="甲厂", chains=["c"])],
        ...             projects=[Project(id="p", name="甲厂扩建", enterprise="a")],
        ...             chains=[Chain(id="c", name="示例链", template="t",
        ...                           presence={"made": ["a"]})])
        >>> [(x.gap.segment, x.target, [p.project for p in x.projects])
        ...  for x in attraction_list(plan, "c")]  # doctest: +NORMALIZE_WHITESPACE
        [('raw', '引进「原料」环节企业（上游），延链（向上游）', []),
         ('made', '引进「制品」环节龙头或规模以上企业（下游），做强现有企业', ['p'])]
        >>> [(p.segment, p.scale.label) for x in attraction_list(plan, "c") for p in x.profiles]
        [('raw', '规模以上企业'), ('made', '龙头或规模以上企业')]
        >>> attraction_list(plan, gap_analysis(plan, "c")) == attraction_list(plan, "c")
        True
        >>> attraction_list(plan, [gap_analysis(plan, "c")]) == attraction_list(plan)
        True
    """
    analysed: list[tuple[Chain, ChainAnalysis]]
    if chain is None:
        analysed = list(zip(plan.chains, analyse_chains(plan), strict=True))
    elif isinstance(chain, ChainAnalysis):
        analysed = [(plan.chain(chain.chain), chain)]
    elif isinstance(chain, (list, tuple)):
        analysed = [(plan.chain(a.chain), a) for a in chain]
    else:
        c = chain if isinstance(chain, Chain) else plan.chain(chain)
        analysed = [(c, gap_analysis(plan, c))]
    plans = lineage(plan)
    firms: dict[str, Any] = {}
    for p in reversed(plans):  # the latest plan's record of a firm wins
        firms.update({e.id: e for e in p.enterprises})
    projects = [(p.id, pr) for p in plans for pr in p.projects if pr.enterprise]
    finder = _Finder(projects, firms)
    order = {c.id: i for i, c in enumerate(plan.chains)}
    lines: list[Attraction] = []
    for c, analysis in analysed:
        hosts = _host_parks(plan, c)
        regions = _source_regions(plan, c)
        template = plan.template(analysis.template) if analysis.template is not None else None
        placed = {e for _, ents in c.presence for e in ents}
        for gap in analysis.gaps:
            matches: list[ProjectMatch] = []
            present = set(c.enterprises_in(gap.segment)) if gap.segment else set()
            seg_name = gap.name
            source = "规划原文" if c.presence_provenance is Provenance.DOCUMENT else "建模推断"
            for plan_id, pr in projects:
                if pr.enterprise not in present:
                    continue
                firm = firms.get(pr.enterprise)
                firm_name = firm.name if firm is not None else pr.enterprise
                belongs = firm is not None and c.id in firm.chains
                inv = format_quantity(pr.investment) if pr.investment is not None else None
                matches.append(
                    ProjectMatch(
                        project=pr.id,
                        name=pr.name,
                        plan=plan_id,
                        enterprise=pr.enterprise,
                        enterprise_name=firm_name,
                        investment=inv,
                        reason=Message(
                            "chains.attraction.project",
                            project=pr.id,
                            project_name=pr.name,
                            plan=plan_id,
                            investment=Message("chains.attraction.investment", amount=inv)
                            if inv
                            else "",
                            enterprise=pr.enterprise,
                            firm_name=firm_name,
                            chain=c.id,
                            chain_name=c.name,
                            segment=gap.segment,
                            segment_name=seg_name,
                            source=source,
                            belongs=Message(
                                "chains.attraction.belongs", chain=c.id, chain_name=c.name
                            )
                            if belongs
                            else "",
                        ),
                    )
                )
            if matches:
                note = ""
            elif gap.segment is None:
                note = "无项目：本链没有任何核心环节有本地企业，也就没有项目的企业在这些环节。"
            elif not present:
                note = "无项目：该环节缺失，本地无企业，规划及上一期规划的项目企业都不在此环节。"
            else:
                note = "无项目：该环节的企业在规划及上一期规划中都没有项目。"
            nature = _nature(plan, analysis, gap)
            profiles = _profiles(template, gap, nature)
            candidates = _candidates(c, gap, profiles, finder, firms, placed)
            lines.append(
                Attraction(
                    chain=c.id,
                    chain_name=c.name,
                    gap=gap,
                    target=_target(c, analysis, gap, nature),
                    projects=tuple(matches),
                    note=note,
                    nature=nature,
                    parks=tuple(h[0] for h in hosts) if nature is SegmentNature.INDUSTRY else (),
                    park_names=tuple(h[1] for h in hosts)
                    if nature is SegmentNature.INDUSTRY
                    else (),
                    profiles=profiles,
                    source_regions=regions if nature is SegmentNature.INDUSTRY else (),
                    candidates=candidates,
                )
            )
    lines.sort(
        key=lambda a: (
            not a.attractable,
            a.addressed,
            -a.gap.score,
            order.get(a.chain, 0),
            a.gap.rank,
        )
    )
    return AttractionList(lines)
