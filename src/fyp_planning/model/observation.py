"""Observations (实际值): a value of an indicator for a period, with its status and source."""

from __future__ import annotations

import attrs

from ..units import AnyQuantity, is_bare
from . import _validators as v
from ._extracted import provenance_field, quote_field
from .composition import Composition
from .enums import Comparator, ObservationStatus, Provenance
from .period import Period

__all__ = ["Observation"]


@attrs.frozen(kw_only=True)
class Observation:
    """A value an indicator had (or is estimated to have) in a period.

    Attributes:
        indicator: Id of the indicator.
        period: The year, or the part of a year, the value covers.
        value: The value with its unit. When the document gave no unit (``"31.5"``,
            ``"7600万"``) the value is *bare* (:attr:`unit_stated` is false) and is kept as
            written; the audit reports it. An indicator with ``parts`` (结构指标) has a
            :class:`~fyp_planning.Composition` as its value (``16.5:44.7:38.8``).
        status: actual (实际, default), estimate (预计) or preliminary (初步).
        comparator: ``=`` (default) for a value as stated, ``>=`` when the document gives a
            bound ("年缴税收达到5000万元以上"), ``<=`` for "以下".
        source: Section of the document, e.g. ``第一章第一节一.1``.
        text: The document's own words, optional.
        quote: The sentence of the document the observation was read from (``fyp extract``).
        provenance: ``extracted`` (自动抽取，待核) for an item ``fyp extract`` drafted and no
            person has checked; ``document`` (default) otherwise.

    Examples:
        >>> from fyp_planning import Observation, Period, parse_quantity
        >>> obs = Observation(indicator="industrial_output", period=Period(2020, 1, 9),
        ...                   value=parse_quantity("141.73亿元"), source="第一章第一节二.1")
        >>> obs.period.is_partial, obs.unit_stated
        (True, True)
    """

    indicator: str = attrs.field(validator=v.check_id)
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    value: AnyQuantity | Composition = attrs.field(validator=v.check_value)
    status: ObservationStatus = attrs.field(
        default=ObservationStatus.ACTUAL,
        validator=attrs.validators.instance_of(ObservationStatus),
    )
    comparator: Comparator = attrs.field(
        default=Comparator.EQ, validator=attrs.validators.instance_of(Comparator)
    )
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    text: str | None = attrs.field(default=None, validator=v.opt_str)
    quote: str | None = quote_field()
    provenance: Provenance = provenance_field()  # noqa: RUF009  (an attrs field, made once)

    @property
    def unit_stated(self) -> bool:
        """Whether the document stated a unit for this value (shares are in %)."""
        return isinstance(self.value, Composition) or not is_bare(self.value)
