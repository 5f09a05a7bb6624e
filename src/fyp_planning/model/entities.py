"""Enterprises, parks, projects, chains and reference chain templates named by a plan."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..errors import FieldError
from ..units import AnyQuantity, is_bare
from . import _validators as v
from ._converters import items
from ._extracted import provenance_field, quote_field
from .enums import ChainAction, Provenance, SegmentNature, SourceKind, Stage

__all__ = [
    "Chain",
    "ChainDirection",
    "ChainTemplate",
    "Enterprise",
    "Park",
    "Project",
    "Segment",
    "SourceRegion",
]


@attrs.frozen(kw_only=True)
class Enterprise:
    """A local enterprise the plan names (企业).

    Attributes:
        id: ASCII id.
        name: Name as the document writes it (full or short).
        chains: Ids of the industrial chains it belongs to.
        park: Id of the park it is in, if known.
        leader: Whether the document calls it a 龙头 / 链主 (leading) enterprise.
        above_scale: Whether it is 规模以上, if the document says.
        high_tech: Whether it is a 高新技术企业, if the document says.
        products: What it makes, in words.
        chain_provenance: Whether the document states its chains (``document``) or they are
            our modelling (``model``, e.g. inferred from the company's name or products).
        source: Section(s) of the document naming it.
        note: Free text (e.g. "2020年纳入淘汰落后产能计划").
        quote: The sentence of the document the enterprise was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Enterprise
        >>> Enterprise(id="lameizi", name="辣妹子食品", chains=("food",), leader=True).chains
        ('food',)
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    chains: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_ids)
    park: str | None = attrs.field(default=None, validator=v.check_optional_id)
    leader: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    above_scale: bool | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(bool))
    )
    high_tech: bool | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(bool))
    )
    products: str | None = attrs.field(default=None, validator=v.opt_str)
    chain_provenance: Provenance = attrs.field(
        default=Provenance.DOCUMENT, validator=attrs.validators.instance_of(Provenance)
    )
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    note: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)


@attrs.frozen(kw_only=True)
class Park:
    """A zone, park or township industrial area (园区 / 园中园 / 园外园 / 工业小区).

    Attributes:
        id: ASCII id.
        name: Chinese name.
        kind: The plan's word for it, e.g. ``园中园``, ``园外园``, ``工业小区``, ``廊``, ``区``.
        parent: Id of the park it lies in or belongs to.
        towns: Towns and townships (乡镇) it covers.
        focus: Its industries or purpose, in words.
        industries: Its orientation (主导产业 / 定位) as the plan names it, one name each
            (``("电子信息", "新材料")``); empty when the plan states none.
        chains: Ids of the plan's chains it hosts (承载的产业链).
        source: Section of the document.
        note: Free text.
        quote: The sentence of the document the park was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Park
        >>> Park(id="nm", name="新材料产业园", industries=["新材料"], chains=["new_materials"]).industries
        ('新材料',)
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    kind: str | None = attrs.field(default=None, validator=v.opt_name)
    parent: str | None = attrs.field(default=None, validator=v.check_optional_id)
    towns: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_names)
    focus: str | None = attrs.field(default=None, validator=v.opt_str)
    industries: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.check_names
    )
    chains: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_ids)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    note: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)


def _to_source_kind(value: SourceKind | str) -> SourceKind:
    return SourceKind.from_text(value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class SourceRegion:
    """Where the plan says firms are to be attracted from (招商来源): a partner park, a region
    or province, the county's 老乡 network.

    The 招商 list (:func:`~fyp_planning.attraction_list`) names, on each line firms can fill,
    the source regions whose ``chains`` list the line's chain, then those with no ``chains``
    (for every chain). ``industries`` describe; they do not select.

    Attributes:
        id: ASCII id.
        name: Chinese name (``浙江``, ``广州、深圳``, ``在外洞口籍乡贤``).
        kind: :class:`~fyp_planning.SourceKind`: 合作园区, 对口地区, 乡贤网络 or 其他 (by
            value or Chinese label).
        chains: Ids of the plan's chains it is named for; empty: every chain.
        industries: Industries the plan names for it, as it names them.
        park: Id of the plan's park named for it (浙商产业园 for 浙江), if any.
        text: The document's words.
        source: Section of the document.
        note: Free text.

    Examples:
        >>> from fyp_planning import SourceRegion
        >>> r = SourceRegion(id="zhejiang", name="浙江", kind="对口地区",
        ...                  text="更加注重与上海、广东、浙江的深度接轨与高端融入")
        >>> r.kind.label, r.chains
        ('对口地区', ())
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    kind: SourceKind = attrs.field(
        converter=_to_source_kind, validator=attrs.validators.instance_of(SourceKind)
    )
    chains: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_ids)
    industries: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.check_names
    )
    park: str | None = attrs.field(default=None, validator=v.check_optional_id)
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    note: str | None = attrs.field(default=None, validator=v.opt_str)

    def fits(self, chain: str) -> bool:
        """Whether the region is for ``chain`` (an id): listed, or no chains listed.

        Examples:
            >>> from fyp_planning import SourceRegion
            >>> r = SourceRegion(id="asean", name="东盟", kind="合作园区", chains=["food"])
            >>> r.fits("food"), r.fits("electronics")
            (True, False)
        """
        return not self.chains or chain in self.chains


@attrs.frozen(kw_only=True)
class Project:
    """An investment project (项目), with its amount as the document states it.

    Attributes:
        id: ASCII id.
        name: Name of the project or of the company carrying it.
        enterprise: Id of the enterprise carrying it, if it is one the plan names.
        investment: The amount; bare (no unit) when the document wrote only ``7600万``.
        year: The year it is planned for, if stated.
        source: Section of the document.
        text: The document's words.
        quote: The sentence of the document the project was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Project, parse_quantity
        >>> p = Project(id="shengjie", name="洞口县圣洁洗涤有限公司",
        ...             investment=parse_quantity("7600万"))
        >>> p.unit_stated
        False
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    enterprise: str | None = attrs.field(default=None, validator=v.check_optional_id)
    investment: AnyQuantity | None = attrs.field(default=None, validator=v.check_optional_quantity)
    year: int | None = attrs.field(default=None, validator=v.check_optional_year)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    @property
    def unit_stated(self) -> bool:
        """Whether the amount has a unit in the document (``False`` for ``7600万``)."""
        return self.investment is not None and not is_bare(self.investment)


def _to_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Supply edges or links: pairs of text, from lists or tuples."""
    return tuple(tuple(pair) for pair in value)


def _check_pairs(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for pair in value:
        if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise FieldError(
                attribute.name,
                "not a pair of ids",
                pair,
                'a pair such as ("farming", "processing")',
            )


def _to_presence(
    value: Mapping[str, Iterable[str]] | Iterable[Any],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    items: Iterable[Any] = value.items() if isinstance(value, Mapping) else value
    return tuple((seg, v.to_tuple(ents)) for seg, ents in items)


def _check_presence(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for seg, ents in value:
        v.check_id(instance, attribute, seg)
        v.check_ids(instance, attribute, ents)


def _to_stage(value: Stage | str) -> Stage:
    return Stage.from_text(value) if isinstance(value, str) else value


def _check_version(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise FieldError(attribute.name, "not a version number", value, "a positive integer")


def _to_nature(value: SegmentNature | str) -> SegmentNature:
    return SegmentNature.from_text(value) if isinstance(value, str) else value


#: A GB/T 4754-2017 code: a section letter, optionally followed by 2, 3 or 4 digits ("C", "C13",
#: "C137", "C1371"), or the digits alone ("13", "137", "1371").
INDUSTRY_CODE = re.compile(r"^(?:[A-T](?:\d{2}(?:\d(?:\d)?)?)?|\d{2}(?:\d(?:\d)?)?)$")


def _check_industry_codes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for code in value:
        if not isinstance(code, str) or not INDUSTRY_CODE.match(code):
            raise FieldError(
                attribute.name,
                "not a GB/T 4754-2017 industry code",
                code,
                "a section letter and/or 2–4 digits, e.g. 'C1371', 'C13', '1371'",
            )


@attrs.frozen(kw_only=True)
class Segment:
    """A segment (环节) of a reference chain template, e.g. 种养基地 or 精深加工.

    Attributes:
        id: ASCII id, unique within its template.
        name: Chinese name.
        stage: :class:`~fyp_planning.Stage`: upstream, midstream, downstream or services.
        core: Whether it is a core segment: a chain none of whose core segments has a local
            firm needs building (建链).
        note: Free text.
        products: Typical products of the segment (tuple of names).
        industry_codes: GB/T 4754-2017 industry classes of the segment (``"1371"``, ``"C13"``).
        nature: :class:`~fyp_planning.SegmentNature`: firms 招商 can attract (``industry``, the
            default), a ``resource`` or ``infrastructure``.

    Examples:
        >>> from fyp_planning import Segment
        >>> Segment(id="farming", name="种养基地", stage="上游").stage
        <Stage.UPSTREAM: 'upstream'>
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    stage: Stage = attrs.field(
        converter=_to_stage,
        validator=attrs.validators.instance_of(Stage),
    )
    core: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    note: str | None = attrs.field(default=None, validator=v.opt_str)
    products: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=v.check_names)
    industry_codes: tuple[str, ...] = attrs.field(
        default=(), converter=tuple, validator=_check_industry_codes
    )
    nature: SegmentNature = attrs.field(
        default=SegmentNature.INDUSTRY,
        converter=_to_nature,
        validator=attrs.validators.instance_of(SegmentNature),
    )


@attrs.frozen(kw_only=True, cache_hash=True)  # hashed by gap analysis, per plan
class ChainTemplate:
    """A reference chain template: what a complete industrial chain looks like.

    Templates are usually written from industry knowledge, not from the plan, so their
    provenance defaults to ``model``.

    Attributes:
        id: ASCII id; a library template in a plan is ``std:ID`` (pinned ``std:ID@VERSION``).
        name: Chinese name, e.g. ``特色食品产业链参考模板``.
        segments: The segments (tuple; lists are converted).
        edges: Supply edges ``(upstream, downstream)`` between segment ids; they must not form
            a cycle (checked by :class:`~fyp_planning.Plan`).
        provenance: ``model`` (default) or ``document``.
        note: Free text, e.g. how the template was written.
        source: Where the template comes from.
        version: The template's version in the library (a positive integer; ``None`` for a
            plan's own template): a library template changes only with a new version.
        extends: The library template this one was made from (``std:footwear_leather``), by
            dropping, renaming and adding segments and edges; ``None`` for a template written
            whole. The segments and edges are the result; a plan file stores only the change.

    Examples:
        >>> from fyp_planning import ChainTemplate, Segment
        >>> t = ChainTemplate(id="food_processing", name="食品", edges=[["farming", "processing"]],
        ...                   segments=[Segment(id="farming", name="种养", stage="upstream"),
        ...                             Segment(id="processing", name="加工", stage="midstream")])
        >>> t.edges, t.segment("processing").name
        ((('farming', 'processing'),), '加工')
    """

    id: str = attrs.field(validator=v.check_template_id)
    name: str = attrs.field(validator=v.check_str)
    segments: tuple[Segment, ...] = attrs.field(
        default=(),
        converter=items,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Segment)),
    )
    edges: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=_check_pairs
    )
    provenance: Provenance = attrs.field(
        default=Provenance.MODEL, validator=attrs.validators.instance_of(Provenance)
    )
    note: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    version: int | None = attrs.field(default=None, validator=_check_version)
    extends: str | None = attrs.field(default=None, validator=v.check_optional_std_template)

    @property
    def library_id(self) -> str | None:
        """The id of the library template this one is (``std:ID``) or extends, else ``None``.

        Examples:
            >>> from fyp_planning import ChainTemplate
            >>> ChainTemplate(id="dk_light", name="轻工", extends="std:footwear_leather@1").library_id
            'footwear_leather'
            >>> ChainTemplate(id="own", name="自编").library_id is None
            True
        """
        ref = self.extends or self.id
        m = v.STD_TEMPLATE_PATTERN.match(ref)
        return m[1] if m else None

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id.

        Raises:
            KeyError: no such segment; the message lists the known ids.
        """
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        known = ", ".join(s.id for s in self.segments) or "none"
        raise KeyError(f"template {self.id!r} has no segment {segment_id!r} (known: {known})")


def _to_action(value: ChainAction | str) -> ChainAction:
    return ChainAction.from_text(value) if isinstance(value, str) else value


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Required free text: non-empty, no control characters but tab and line breaks."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must be non-empty text", value, "non-empty text")
    v.opt_str(instance, attribute, value)


@attrs.frozen(kw_only=True)
class ChainDirection:
    """A direction the plan itself states for a chain (规划原文): 延链 into deep processing, ...

    What the document asks for, in its words and with its section: data, not a result of
    :func:`~fyp_planning.gap_analysis`, which leaves its scores unchanged by them.

    Attributes:
        action: :class:`~fyp_planning.ChainAction` the words ask for: 建链, 延链, 补链 or 强链
            (by value or Chinese label).
        segments: Ids of the segments of the chain's template it concerns (tuple; empty:
            the whole chain, or something the template has no segment for).
        text: The document's words, as written (short).
        source: Section of the document, e.g. ``第四章（一）1``.

    Examples:
        >>> from fyp_planning import ChainDirection
        >>> d = ChainDirection(action="延链", segments=["deep_processing"],
        ...                    text="推进雪峰蜜桔精深加工", source="第四章（一）1")
        >>> d.action.label, d.segments
        ('延链', ('deep_processing',))
    """

    action: ChainAction = attrs.field(
        converter=_to_action, validator=attrs.validators.instance_of(ChainAction)
    )
    segments: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_ids)
    text: str = attrs.field(validator=_check_text)
    source: str | None = attrs.field(default=None, validator=v.opt_str)


@attrs.frozen(kw_only=True)
class Chain:
    """An industrial chain (产业链) of the plan, optionally laid on a reference template.

    Attributes:
        id: ASCII id.
        name: Chinese name, e.g. ``特色食品``.
        source: Section of the document.
        template: Id of the plan's :class:`ChainTemplate` it follows, if any: one of the
            plan's own, or a library template ``std:ID`` (pinned: ``std:ID@VERSION``).
        presence: Which local enterprises sit in which template segment: pairs
            ``(segment_id, enterprise_ids)`` in file order (a mapping is converted).
        presence_provenance: ``model`` (default: which firm sits in which segment is our
            reading) or ``document``.
        note: Free text.
        directions: What the plan itself asks of the chain
            (:class:`~fyp_planning.ChainDirection`, tuple; lists are converted).
        quote: The sentence of the document the chain was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Chain
        >>> c = Chain(id="food", name="特色食品", template="food_processing",
        ...           presence={"deep_processing": ["lameizi", "sanke"]})
        >>> c.enterprises_in("deep_processing"), c.enterprises_in("farming")
        (('lameizi', 'sanke'), ())
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    template: str | None = attrs.field(default=None, validator=v.check_optional_template_id)
    presence: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), converter=_to_presence, validator=_check_presence
    )
    presence_provenance: Provenance = attrs.field(
        default=Provenance.MODEL, validator=attrs.validators.instance_of(Provenance)
    )
    note: str | None = attrs.field(default=None, validator=v.opt_str)
    directions: tuple[ChainDirection, ...] = attrs.field(
        default=(),
        converter=items,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(ChainDirection)),
    )
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    def enterprises_in(self, segment_id: str) -> tuple[str, ...]:
        """Ids of the enterprises present in a segment (all of them if it is listed twice)."""
        return tuple(e for seg, ents in self.presence if seg == segment_id for e in ents)
