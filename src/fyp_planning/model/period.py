"""Periods of observation: a whole year, or part of one ("2020年1-9月")."""

from __future__ import annotations

import re

import attrs

from .. import limits
from ..units import normalize_text

__all__ = ["Period"]

_FULL = re.compile(r"^(\d{4})年?$")
_PARTIAL = re.compile(r"^(\d{4})年(\d{1,2})(?:-|—|–|~|～|至)(\d{1,2})月$")
_TO_MONTH = re.compile(r"^(?:截至|截止|截止到|截至到)?(\d{4})年(\d{1,2})月(?:底|末)?$")
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([一二三四1234])季度(?:末)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")


def _check_months(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 12:
        raise ValueError(f"{attribute.name} must be a month 1-12, got {value}")


@attrs.frozen(order=True)
class Period:
    """A calendar year, or the months ``first_month``–``last_month`` of one year.

    Cumulative figures reported part-way through a year ("截止2020年9月，工业总产值为141.73亿元")
    are periods ending before December; they compare with full-year values only with care,
    and :attr:`is_partial` lets analyses flag them.

    Attributes:
        year: The calendar year, from ``limits.MIN_YEAR`` (1900) to
            ``limits.MAX_YEAR`` (2200).
        first_month: First month covered (1 for year-to-date figures).
        last_month: Last month covered (12 for a whole year).

    Examples:
        >>> Period.parse("2020年1-9月")
        Period(year=2020, first_month=1, last_month=9)
        >>> str(Period(2020)), str(Period(2020, 1, 9)), Period(2020, 1, 9).is_partial
        ('2020', '2020年1-9月', True)
    """

    year: int = attrs.field(validator=attrs.validators.instance_of(int))
    first_month: int = attrs.field(default=1, validator=_check_months)
    last_month: int = attrs.field(default=12, validator=_check_months)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.year, bool) or not limits.MIN_YEAR <= self.year <= limits.MAX_YEAR:
            raise ValueError(
                f"year must be from {limits.MIN_YEAR} to {limits.MAX_YEAR}, got {self.year!r}"
            )
        if self.first_month > self.last_month:
            raise ValueError(
                f"first month {self.first_month} is after last month {self.last_month}"
            )

    @property
    def is_partial(self) -> bool:
        """Whether the period covers less than the whole year."""
        return (self.first_month, self.last_month) != (1, 12)

    @property
    def end(self) -> float:
        """The period's end as a fractional year, for spacing observations in time.

        A whole year 2020 ends at 2020.0 (values of a year are taken at its end, the convention
        of growth rates between annual values); 2020年1-9月 ends at 2019.75.

        Examples:
            >>> Period(2020).end, Period(2020, 1, 9).end
            (2020.0, 2019.75)
        """
        return self.year - 1 + self.last_month / 12

    def __str__(self) -> str:
        if not self.is_partial:
            return str(self.year)
        return f"{self.year}年{self.first_month}-{self.last_month}月"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period as plans write it.

        Accepts ``"2020年"``, ``"2020年1-9月"``, ``"截止2020年9月"`` (January to September),
        ``"2020年三季度"`` (January to the end of the quarter, as cumulative statistics are
        reported) and ``"2020-01/2020-09"``. A bare ``"2020"`` string is refused by the plan-file
        loader (write the year as a number) but accepted here.

        Raises:
            ValueError: the text is not a period; the message quotes it.
        """
        if not isinstance(text, str):
            raise ValueError(f"a period must be text or a year, got {text!r}")
        norm = normalize_text(text)
        if m := _FULL.match(norm):
            return cls(int(m[1]))
        if m := _PARTIAL.match(norm):
            return cls(int(m[1]), int(m[2]), int(m[3]))
        if m := _TO_MONTH.match(norm):
            return cls(int(m[1]), 1, int(m[2]))
        if m := _QUARTER.match(norm):
            return cls(int(m[1]), 1, _QUARTERS[m[2]])
        if (m := _ISO.match(norm)) and m[1] == m[3]:
            return cls(int(m[1]), int(m[2]), int(m[4]))
        raise ValueError(
            f"cannot read {text!r} as a period (无法识别的时期); expected a year such as 2020 or "
            "a part of one such as '2020年1-9月'"
        )
