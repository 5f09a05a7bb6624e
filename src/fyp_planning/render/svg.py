"""SVG text that a notebook draws (private)."""

from __future__ import annotations

__all__ = ["Svg"]


class Svg(str):
    """An SVG document as text — the string it always was — that Jupyter shows as a drawing
    (``_repr_svg_``): a chart or a chain map displays itself in a notebook cell.

    Examples:
        >>> s = Svg('<svg xmlns="http://www.w3.org/2000/svg"/>')
        >>> isinstance(s, str), s._repr_svg_() == s
        (True, True)
    """

    __slots__ = ()

    def _repr_svg_(self) -> str:
        return str(self)
