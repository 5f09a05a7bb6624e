"""Periods of observation: a whole year, part of one ("2020年1-9月"), or a span of whole years
("2016-2020", "十三五") that a flow's total covers."""

from __future__ import annotations

import re

import attrs

from .. import limits
from ..units import normalize_text

__all__ = ["NAMED_PERIODS", "Period", "looks_like_span"]

_FULL = re.compile(r"^(\d{4})年?$")
_PARTIAL = re.compile(r"^(\d{4})年(\d{1,2})(?:-|—|–|~|～|至)(\d{1,2})月$")
_TO_MONTH = re.compile(r"^(?:截至|截止|截止到|截至到)?(\d{4})年(\d{1,2})月(?:底|末)?$")
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([一二三四1234])季度(?:末)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4})年?(?:-|—|–|~|～|至|到)(\d{4})年?(?:期间|期間)?$")
_NAMED = re.compile(
    r"^[“”\"「」『』]?(十[一二三四五六七八九]五)[“”\"「」『』]?(?:期间|期間|时期|時期)?$"
)

#: The plan periods a plan names (十三五 is 2016–2020); traditional text writes them alike.
NAMED_PERIODS: dict[str, tuple[int, int]] = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}


def looks_like_span(text: str) -> bool:
    """Whether ``text`` is written as a span of years (``"2020-2016"``, ``"十九五"``), even one
    that is refused: loaders then say what is wrong with the span.

    Examples:
        >>> looks_like_span("2020—2016年"), looks_like_span("十九五期间"), looks_like_span("2020")
        (True, True, False)
    """
    norm = normalize_text(text)
    return bool(_SPAN.match(norm) or _NAMED.match(norm))


def _check_months(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 12:
        raise ValueError(f"{attribute.name} must be a month 1-12, got {value}")


@attrs.frozen(order=True, repr=False)
class Period:
    """A calendar year, the months ``first_month``–``last_month`` of one year, or a span of
    whole years ``first_year``–``year``.

    Cumulative figures reported part-way through a year ("截止2020年9月，工业总产值为141.73亿元")
    are periods ending before December; they compare with full-year values only with care,
    and :attr:`is_partial` lets analyses flag them.

    A span ("十三五期间规模工业增加值累计203.92亿元": 2016–2020) is the total of a flow over
    its years: never the level of any one year (:attr:`is_span`). It ends when its last year
    ends, so ``year`` is that last year.

    Attributes:
        year: The calendar year (a span's last year), from ``limits.MIN_YEAR`` (1900) to
            ``limits.MAX_YEAR`` (2200).
        first_month: First month covered (1 for year-to-date figures).
        last_month: Last month covered (12 for a whole year).
        first_year: A span's first year (keyword only; default ``year``: one year). A span
            covers whole years, at most ``limits.MAX_SPAN_YEARS`` (10) of them.

    Examples:
        >>> Period.parse("2020年1-9月")
        Period(year=2020, first_month=1, last_month=9)
        >>> str(Period(2020)), str(Period(2020, 1, 9)), Period(2020, 1, 9).is_partial
        ('2020', '2020年1-9月', True)
        >>> span = Period.parse("十三五期间")
        >>> span, str(span), span.is_span, span.years, span.plan_name
        (Period(year=2020, first_month=1, last_month=12, first_year=2016), '2016-2020', True, 5, '十三五')
        >>> Period.span(2016, 2020) == Period.parse("2016—2020年") == span
        True
    """

    year: int = attrs.field(validator=attrs.validators.instance_of(int))
    first_month: int = attrs.field(default=1, validator=_check_months)
    last_month: int = attrs.field(default=12, validator=_check_months)
    first_year: int = attrs.field(
        default=attrs.Factory(lambda self: self.year, takes_self=True),
        validator=attrs.validators.instance_of(int),
        kw_only=True,
    )

    def __attrs_post_init__(self) -> None:
        for year in (self.year, self.first_year):
            if isinstance(year, bool) or not limits.MIN_YEAR <= year <= limits.MAX_YEAR:
                raise ValueError(
                    f"year must be from {limits.MIN_YEAR} to {limits.MAX_YEAR}, got {year!r}"
                )
        if self.first_month > self.last_month:
            raise ValueError(
                f"first month {self.first_month} is after last month {self.last_month}"
            )
        if self.first_year > self.year:
            raise ValueError(
                f"a span's first year {self.first_year} is after its last year {self.year} "
                "(起始年份晚于终止年份)"
            )
        if self.first_year < self.year:
            if self.is_partial:
                raise ValueError(
                    f"a span of years covers whole years, got months {self.first_month}-"
                    f"{self.last_month} (多年期间只含整年)"
                )
            if self.years > limits.MAX_SPAN_YEARS:
                raise ValueError(
                    f"a span of years covers at most {limits.MAX_SPAN_YEARS} years, got "
                    f"{self.years} ({self.first_year}-{self.year}) (多年期间过长)"
                )

    @classmethod
    def span(cls, first_year: int, last_year: int) -> Period:
        """The whole years ``first_year``–``last_year`` (``first_year`` before ``last_year``).

        Raises:
            ValueError: the years are not in order, too many or outside the limits.

        Examples:
            >>> str(Period.span(2021, 2025))
            '2021-2025'
            >>> Period.span(2020, 2016)
            Traceback (most recent call last):
            ...
            ValueError: a span's first year 2020 is after its last year 2016 (起始年份晚于终止年份)
        """
        if first_year == last_year:
            raise ValueError(
                f"a span of years needs a first year before its last, got {first_year} twice "
                "(起始年份须早于终止年份)"
            )
        return cls(last_year, first_year=first_year)

    @property
    def is_span(self) -> bool:
        """Whether the period spans more than one year (a total over the years, not a level)."""
        return self.first_year < self.year

    @property
    def years(self) -> int:
        """How many calendar years the period touches (1 for a year or a part of one)."""
        return self.year - self.first_year + 1

    @property
    def plan_name(self) -> str | None:
        """The plan period this span is (``"十三五"`` for 2016–2020), if it is one."""
        for name, (first, last) in NAMED_PERIODS.items():
            if (first, last) == (self.first_year, self.year) and not self.is_partial:
                return name
        return None

    def __repr__(self) -> str:
        shown = (
            f"year={self.year!r}, first_month={self.first_month!r}, last_month={self.last_month!r}"
        )
        if self.is_span:
            shown += f", first_year={self.first_year!r}"
        return f"Period({shown})"

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
        if self.is_span:
            return f"{self.first_year}-{self.year}"
        if not self.is_partial:
            return str(self.year)
        return f"{self.year}年{self.first_month}-{self.last_month}月"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period as plans write it.

        Accepts ``"2020年"``, ``"2020年1-9月"``, ``"截止2020年9月"`` (January to September),
        ``"2020年三季度"`` (January to the end of the quarter, as cumulative statistics are
        reported) and ``"2020-01/2020-09"``; spans of whole years ``"2016-2020"``,
        ``"2016—2020年"``, ``"2016年至2020年"`` and the named plan periods ``"十三五"``,
        ``"“十三五”期间"`` (十一五 to 十五五). A bare ``"2020"`` string is
        refused by the plan-file loader (write the year as a number) but accepted here.

        Raises:
            ValueError: the text is not a period (the message quotes it), or a span whose years
                are reversed, equal, too many or outside the limits, or a plan period that is
                not one of 十一五 to 十五五 (``"十九五"``).

        Examples:
            >>> str(Period.parse("2016年至2020年")), str(Period.parse("“十四五”时期"))
            ('2016-2020', '2021-2025')
            >>> Period.parse("十九五")
            Traceback (most recent call last):
            ...
            ValueError: '十九五' is not a plan period this library knows (未知的规划期); expected one of 十一五, 十二五, 十三五, 十四五, 十五五
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
        if m := _SPAN.match(norm):
            return cls.span(int(m[1]), int(m[2]))
        if m := _NAMED.match(norm):
            if m[1] not in NAMED_PERIODS:
                raise ValueError(
                    f"{m[1]!r} is not a plan period this library knows (未知的规划期); expected "
                    f"one of {', '.join(NAMED_PERIODS)}"
                )
            return cls.span(*NAMED_PERIODS[m[1]])
        if (m := _ISO.match(norm)) and m[1] == m[3]:
            return cls(int(m[1]), int(m[2]), int(m[4]))
        raise ValueError(
            f"cannot read {text!r} as a period (无法识别的时期); expected a year such as 2020, "
            "a part of one such as '2020年1-9月' or a span of years such as '2016-2020' or '十三五'"
        )
