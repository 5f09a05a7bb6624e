"""Enterprises, parks, projects and (for now, placeholder) chains named by a plan."""

from __future__ import annotations

import attrs
import pint

from ..units import is_bare
from . import _validators as v
from .enums import Provenance

__all__ = ["Chain", "Enterprise", "Park", "Project"]


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
        source: Section of the document.
        note: Free text.
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    kind: str | None = attrs.field(default=None, validator=v.opt_str)
    parent: str | None = attrs.field(default=None, validator=v.check_optional_id)
    towns: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple)
    focus: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    note: str | None = attrs.field(default=None, validator=v.opt_str)


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
    investment: pint.Quantity | None = attrs.field(
        default=None, validator=v.check_optional_quantity
    )
    year: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(int))
    )
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    text: str | None = attrs.field(default=None, validator=v.opt_str)

    @property
    def unit_stated(self) -> bool:
        """Whether the amount has a unit in the document (``False`` for ``7600万``)."""
        return self.investment is not None and not is_bare(self.investment)


@attrs.frozen(kw_only=True)
class Chain:
    """An industrial chain (产业链) by name with its enterprises.

    A placeholder: segments, supply edges and gap analysis come with :mod:`fyp_planning.chains`.

    Attributes:
        id: ASCII id.
        name: Chinese name, e.g. ``特色食品``.
        source: Section of the document.
    """

    id: str = attrs.field(validator=v.check_id)
    name: str = attrs.field(validator=v.check_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
