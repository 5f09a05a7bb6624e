"""Numbers in a sentence: where they are, which are quantities, which are years or labels.

A *figure* is a digit run the draft must account for: placed in the draft or listed for review.
Years (``2025年``, ``2021-2025``), list markers (``1、`` at a block's start) and digits glued to
Latin letters (``5G``, ``S220``) are not figures: they are dates and names, not values.
A quantity is read with :func:`~fyp_planning.parse_quantity` on the longest text after the
number that it accepts (``137.1亿元增长到`` → ``137.1亿元``); nothing else parses quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import FypError
from ..units import AnyQuantity, parse_quantity

__all__ = [
    "Figure",
    "figures",
    "normalise",
    "numbers_of",
    "one_line",
    "read_quantity",
    "strip_marker",
]

#: A number: digits with an optional decimal part (full-width forms are folded first).
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
#: Signs of a year range (2021-2025): its years are dates, not figures.
_RANGE = "-—～~至"
_LATIN = re.compile(r"[A-Za-z]")
#: A list marker at the start of a block (``1、``): a label, not a figure.
_MARKER = re.compile(r"^\s*\d{1,2}\s*(?:、|\.(?!\d))")
#: The longest unit text tried after a number.
_UNIT_CHARS = 8
_NOT_UNIT = set('，,。；;：:、（）()“”"《》〔〕[] \t')


#: Full-width digits, Latin letters and the signs of numbers, folded one character for one, so
#: that a normalised sentence has the offsets of the document's (its punctuation is kept).
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "．": ".",
        "－": "-",
        "＋": "+",
        "\u3000": " ",
    }
)


def normalise(text: str) -> str:
    """Full-width digits, letters and number signs folded (4Ｇ → 4G, ６% → 6%); the document's
    punctuation and every other character kept as written."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Figure:
    """A number in a sentence: its text and where it is (offsets in the normalised text)."""

    text: str
    start: int
    end: int


def _is_figure(text: str, m: re.Match[str]) -> bool:
    start, end = m.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _LATIN.match(before) or _LATIN.match(after):
        return False
    if after == "月" and text[max(0, start - 1) : start] == "年":
        return False  # 2020年9月: a date
    if len(m[0]) == 4 and m[0][:2] in ("19", "20"):
        rest = text[end : end + 3].lstrip()
        if (
            rest.startswith("年")
            or (rest[:1] and rest[:1] in _RANGE)
            or (before and before in _RANGE)
        ):
            return False
    return True


def figures(text: str) -> list[Figure]:
    """The figures of ``text`` (already normalised), in order."""
    out = []
    for m in _NUMBER.finditer(text):
        if _is_figure(text, m):
            out.append(Figure(m[0], m.start(), m.end()))
    return out


def read_quantity(text: str, start: int) -> tuple[AnyQuantity, str, int] | None:
    """The quantity starting at ``start`` (a number): ``(quantity, as written, end offset)``.

    The unit is the longest text after the number (at most a few characters, no punctuation)
    that :func:`~fyp_planning.parse_quantity` reads; ``None`` when the text there is no number.
    """
    m = _NUMBER.match(text, start)
    if m is None or not _is_figure(text, m):
        return None  # no number, or a year, a date or part of a name
    end = m.end()
    stop = end
    while stop < len(text) and stop - end < _UNIT_CHARS and text[stop] not in _NOT_UNIT:
        stop += 1
    for cut in range(stop, end - 1, -1):
        written = text[start:cut]
        try:
            return parse_quantity(written), written, cut
        except FypError:
            continue
    return None


def numbers_of(text: str) -> Iterator[str]:
    """The figure texts of ``text`` (normalised here), for accounting."""
    norm = _MARKER.sub("", normalise(text))
    for f in figures(norm):
        yield f.text


def one_line(text: str) -> str:
    """A name without its spaces, tabs, line breaks and other control characters."""
    return "".join(ch for ch in text if not ch.isspace() and ch.isprintable())


def strip_marker(text: str) -> str:
    """``text`` (normalised) without a leading list marker (``1、``)."""
    return _MARKER.sub("", text, count=1)
