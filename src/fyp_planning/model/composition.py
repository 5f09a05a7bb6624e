"""Compositions (结构): shares of a whole written as one ratio, "三次产业结构16.5:44.7:38.8"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from .. import limits
from ..units import AnyQuantity, format_quantity, normalize_text

__all__ = ["Composition", "as_quantity", "format_value", "looks_like_composition"]

_SEPARATORS = re.compile(r"[:：∶]")
_PART = re.compile(r"^\d{1,6}(?:\.\d{1,6})?$")


def looks_like_composition(text: str) -> bool:
    """Whether ``text`` is written as a ratio of parts (``"16.5:44.7:38.8"``, full-width
    ``：`` or the ratio sign ``∶`` too), even one that is refused.

    Examples:
        >>> looks_like_composition("16.5：44.7：38.8"), looks_like_composition("137.1亿元")
        (True, False)
    """
    return bool(_SEPARATORS.search(text))


def _to_shares(shares: Iterable[Decimal]) -> tuple[Decimal, ...]:
    return tuple(shares)


@attrs.frozen
class Composition:
    """Shares of a whole, in percent, each written to its own precision: the value of an
    indicator whose parts are named (``parts = ["第一产业", "第二产业", "第三产业"]``).

    The shares must add up to 100 within the rounding of the figures as written: a share
    written to *d* decimal places stands for any value within ½·10⁻ᵈ of it, so *n* shares
    written to 0.1 may add up to 100 ± n × 0.05 (16.5 + 44.7 + 38.8 = 100.0; 12:45:43 must add
    up to 100 ± 1.5).

    Attributes:
        shares: The shares in percent, as written (decimals keep their digits:
            ``Decimal("16.5")``).

    Raises:
        ValueError: fewer than two shares or more than ``limits.MAX_COMPOSITION_PARTS``, a
            negative share, or shares whose sum is further from 100 than their rounding
            allows (the message gives the sum and the tolerance).

    Examples:
        >>> c = Composition.parse("16.5：44.7：38.8")
        >>> str(c), [float(s) for s in c.shares], c.tolerance
        ('16.5:44.7:38.8', [16.5, 44.7, 38.8], Decimal('0.15'))
        >>> Composition.parse("16.5:44.7:39.8")
        Traceback (most recent call last):
        ...
        ValueError: the shares add up to 101.0, not 100 (结构各部分之和不为100); 3 shares written to 16.5:44.7:39.8 allow 100 ± 0.15
    """

    shares: tuple[Decimal, ...] = attrs.field(converter=_to_shares)

    def __attrs_post_init__(self) -> None:
        n = len(self.shares)
        if not 2 <= n <= limits.MAX_COMPOSITION_PARTS:
            raise ValueError(
                f"a composition has 2 to {limits.MAX_COMPOSITION_PARTS} shares, got {n} "
                "(结构的部分数有误)"
            )
        for share in self.shares:
            if not isinstance(share, Decimal) or not share.is_finite() or share < 0:
                raise ValueError(f"a share is a number of at least 0, got {share!r}")
        total = sum(self.shares, Decimal(0))
        if abs(total - 100) > self.tolerance:
            raise ValueError(
                f"the shares add up to {total}, not 100 (结构各部分之和不为100); {n} shares "
                f"written to {self} allow 100 ± {self.tolerance}"
            )

    @property
    def tolerance(self) -> Decimal:
        """How far from 100 the shares may add up, which is the sum of each share's rounding
        (½·10⁻ᵈ for a share written to *d* decimal places)."""
        total = Decimal(0)
        for share in self.shares:
            total += Decimal(5).scaleb(-_places(share) - 1)
        return total

    def __str__(self) -> str:
        return ":".join(format(s, "f") for s in self.shares)

    @classmethod
    def parse(cls, text: str) -> Composition:
        """Read shares written as a ratio: ``"16.5:44.7:38.8"``, ``"12：45：43"``,
        ``"16.5∶44.7∶38.8"`` (a ``%`` after the last share is allowed).

        Raises:
            ValueError: not a ratio of numbers, or shares that do not add up to 100 within
                their rounding.
        """
        if not isinstance(text, str) or len(text) > limits.MAX_QUANTITY_CHARS:
            raise ValueError(f"a composition is text such as '16.5:44.7:38.8', got {text!r}")
        norm = normalize_text(text).replace("∶", ":").removesuffix("%")
        parts = norm.split(":")
        if not all(_PART.match(p) for p in parts):
            raise ValueError(
                f"cannot read {text!r} as shares (无法识别的结构比例); expected numbers "
                "separated by ':', such as '16.5:44.7:38.8'"
            )
        return cls(tuple(Decimal(p) for p in parts))


def _places(share: Decimal) -> int:
    exponent = share.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_value(value: AnyQuantity | Composition | Any) -> str:
    """An observation's or target's value as written: a quantity (``137.1亿元``) or shares
    (``16.5:44.7:38.8``).

    Examples:
        >>> from fyp_planning import parse_quantity
        >>> format_value(parse_quantity("137.1亿元")), format_value(Composition.parse("12:45:43"))
        ('137.1亿元', '12:45:43')
    """
    if isinstance(value, Composition):
        return str(value)
    return format_quantity(value)


def as_quantity(value: AnyQuantity | Composition) -> AnyQuantity:
    """The value of an observation or target as a quantity, where an analysis has already set
    compositions aside (they are never judged, summed or converted).

    Raises:
        TypeError: ``value`` is a composition (an analysis reached one it should have skipped).
    """
    if isinstance(value, Composition):
        raise TypeError(f"a composition ({value}) has no single quantity")
    return value
