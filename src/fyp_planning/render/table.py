"""Plain-text tables that line up with Chinese text (wide characters count double)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "text_table"]


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide and full-width characters take two.

    Examples:
        >>> display_width("工业总产值"), display_width("GDP")
        (10, 3)
    """
    if text.isascii():  # no wide character: one column each (most cells of a table)
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """A table with a header rule; columns listed in ``right`` are right-aligned.

    Examples:
        >>> print(text_table(["指标", "值"], [["工业总产值", "198亿元"]], right=[1]))
        指标           值
        ----------  -------
        工业总产值  198亿元
    """
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(
            _pad(h, w, i in right) for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    ]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                _pad(c, w, i in right) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(line.rstrip() for line in lines)
