"""Statements (文中推算): figures the document derives itself, kept so the audit can check them."""

from __future__ import annotations

from typing import Any

import attrs

from ..units import AnyQuantity, is_bare
from . import _validators as v
from ._extracted import provenance_field, quote_field
from .enums import Comparator, Provenance, StatementKind
from .period import Period

__all__ = ["Statement"]


def _optional_period(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Period):
        raise TypeError(f"{attribute.name} must be a Period, got {value!r}")


@attrs.frozen(kw_only=True)
class Statement:
    """A figure the document states about other figures, recorded as stated.

    "工业总产值从137.1亿元增长到198亿元，增长了44.4%，年均增长8.88%" gives two statements about
    ``industrial_output`` from 2015 to 2020: a ``total_growth`` of 44.4 % and an
    ``average_growth`` of 8.88 %. "计划再入库12个亿，分别为……" is a ``total`` of the listed
    projects. Statements are never corrected; the audit compares them with what they summarise.

    Attributes:
        id: ASCII id.
        kind: What the figure is (see :class:`StatementKind`).
        value: The stated figure, as stated (may be bare when the document gives no unit).
        indicator: The indicator it is about, if any.
        start: The period it is measured from.
        end: The period it is measured to.
        parts: Ids of what a ``total`` adds up (projects or indicators).
        comparator: ``>=`` when the document says 以上 ("年均净增加7家以上"), else ``=``.
        text: The document's words.
        source: Section of the document.
        quote: The sentence of the document the statement was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Statement, StatementKind, Period, parse_quantity
        >>> s = Statement(id="output_growth_13th", kind=StatementKind.TOTAL_GROWTH,
        ...               value=parse_quantity("44.4%"), indicator="industrial_output",
        ...               start=Period(2015), end=Period(2020))
        >>> s.kind.label
        '累计增长'
    """

    id: str = attrs.field(validator=v.check_id)
    kind: StatementKind = attrs.field(validator=attrs.validators.instance_of(StatementKind))
    value: AnyQuantity = attrs.field(validator=v.check_quantity)
    indicator: str | None = attrs.field(default=None, validator=v.check_optional_id)
    start: Period | None = attrs.field(default=None, validator=_optional_period)
    end: Period | None = attrs.field(default=None, validator=_optional_period)
    parts: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple, validator=v.check_ids)
    comparator: Comparator = attrs.field(
        default=Comparator.EQ, validator=attrs.validators.instance_of(Comparator)
    )
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    def __attrs_post_init__(self) -> None:
        growth = {StatementKind.TOTAL_GROWTH, StatementKind.AVERAGE_GROWTH}
        if self.kind in growth and not self.value.dimensionless:
            raise ValueError(
                f"statement {self.id!r}: a {self.kind.value} must be a rate such as 44.4%, "
                f"got {self.value:~C}"
            )
        if self.kind in growth | {StatementKind.CHANGE, StatementKind.AVERAGE_CHANGE}:
            missing = [n for n in ("indicator", "start", "end") if getattr(self, n) is None]
            if missing:
                raise ValueError(
                    f"statement {self.id!r}: a {self.kind.value} needs {', '.join(missing)}"
                )
        if self.start is not None and self.end is not None and self.start.end >= self.end.end:
            raise ValueError(
                f"statement {self.id!r}: start {self.start} is not before end {self.end}"
            )
        if self.kind is StatementKind.TOTAL and not self.parts:
            raise ValueError(f"statement {self.id!r}: a total needs the parts it adds up")

    @property
    def unit_stated(self) -> bool:
        """Whether the document stated a unit for the figure."""
        return not is_bare(self.value)
