"""Text from a plan made safe for each output format: one function per format, used everywhere.

Plan text (names, titles, sources, messages quoting them) is data: no output may let it act as
markup. HTML is escaped by jinja2's autoescape (``report.html.j2``); the other formats go
through this module, which imports nothing else of the package:

* XML (SVG and GraphML): :func:`xml_safe` replaces the characters XML 1.0 cannot carry (control
  characters, lone surrogates, U+FFFE/U+FFFF) with U+FFFD; :func:`xml_text` also escapes
  ``& < > " '`` (and line breaks and tabs, which an attribute would otherwise fold to spaces),
  for text and attribute values written by hand. GraphML goes through networkx's writer, which
  escapes, so it takes :func:`xml_safe` only.
* Markdown: :func:`markdown_text` for inline text (table cells, list items, headings),
  :func:`markdown_code` for a code span, :func:`markdown_fence` for a fenced block.
* Mermaid: :func:`mermaid_label` for the text inside a quoted label or a comment. Mermaid node
  ids are never data: the renderer makes them of ASCII letters, digits and ``_``.

Characters that are not markup in a format are left as they are, so valid Chinese text comes
out unchanged.
"""

from __future__ import annotations

import re

__all__ = [
    "markdown_code",
    "markdown_fence",
    "markdown_text",
    "mermaid_label",
    "xml_safe",
    "xml_text",
]

#: Line breaks of any convention (Unicode's too): one line of output each becomes a space.
_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")

#: Not a character XML 1.0 may carry (Char production), or a C1 control: shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: The same outside XML: control characters (tab aside), lone surrogates, non-characters.
_CONTROL = re.compile("[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_XML = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}


def xml_safe(text: object) -> str:
    """Text XML can carry: characters XML 1.0 forbids become U+FFFD (nothing is escaped).

    Examples:
        >>> from fyp_planning.render.escape import xml_safe
        >>> xml_safe("原料\\x01<b>")
        '原料\\ufffd<b>'
    """
    return _NOT_XML.sub("\ufffd", str(text))


def xml_text(text: object) -> str:
    """Text for XML element content or a double- or single-quoted attribute value.

    :func:`xml_safe`, then ``& < > " '`` and tab, line feed and carriage return as character
    references.

    Examples:
        >>> from fyp_planning.render.escape import xml_text
        >>> xml_text('<script>"a" & \\'b\\'</script>\\x00')
        '&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;\\ufffd'
    """
    safe = xml_safe(text)
    return "".join(_XML.get(ch, ch) for ch in safe) if any(ch in _XML for ch in safe) else safe


def _one_line(text: object) -> str:
    """Text on one line, with no control characters: breaks are spaces, the rest U+FFFD."""
    return _CONTROL.sub("\ufffd", _BREAKS.sub(" ", str(text)))


#: Inline Markdown syntax (CommonMark and GitHub's tables and strikethrough), backslash-escaped.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
#: What makes a line a heading, list item, thematic break or setext underline when it starts it.
_MD_BLOCK = re.compile(r"(#{1,6}|[-+]|\d{1,9}[.)])(?=[ \t]|$)|[-=]+[ \t]*$")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(text: object) -> str:
    """Text for anywhere in a Markdown line: rendered exactly as written, never as markup.

    One line (line breaks become spaces, control characters U+FFFD); ``& < >`` as HTML
    entities (no raw HTML, no autolink); ``\\ ` * _ [ ] | ~`` backslash-escaped (no emphasis,
    code, link or table cell break); a leading ``#``, ``-``, ``+``, ``1.`` or ``===`` escaped,
    and a leading space or tab as its character reference (no heading, list, rule or indented
    code when the text starts a line).

    Examples:
        >>> from fyp_planning.render.escape import markdown_text
        >>> markdown_text("<script>alert(1)</script> | *x*")
        '&lt;script&gt;alert(1)&lt;/script&gt; \\\\| \\\\*x\\\\*'
        >>> markdown_text("# 标题"), markdown_text("2021-2025年")
        ('\\\\# 标题', '2021-2025年')
    """
    line = _MD_INLINE.sub(r"\\\1", _one_line(text))
    line = "".join(_MD_HTML.get(ch, ch) for ch in line)
    if line[:1] in (" ", "\t"):  # four of them start an indented code block
        return f"&#{ord(line[0])};{line[1:]}"
    start = _MD_BLOCK.match(line)
    if start is None:
        return line
    if start.group(1) and start.group(1)[0].isdigit():  # 1. → 1\.
        cut = start.end(1) - 1
        return f"{line[:cut]}\\{line[cut:]}"
    return "\\" + line


def _longest_run(text: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def markdown_code(text: object) -> str:
    """A Markdown code span showing ``text`` literally.

    The delimiter is a run of backticks longer than any inside. Text with ``& < >`` would
    reach the page as written inside a code span (renderers escape it, but the Markdown would
    hold raw HTML), so it is given as :func:`markdown_text` instead, without the code style.

    Examples:
        >>> from fyp_planning.render.escape import markdown_code
        >>> markdown_code("indicators.gdp"), markdown_code("a ``b``")
        ('`indicators.gdp`', '``` a ``b`` ```')
        >>> markdown_code("<script>")
        '&lt;script&gt;'
    """
    line = _one_line(text)
    if any(ch in _MD_HTML for ch in line):
        return markdown_text(line)
    if not line:
        return ""
    ticks = "`" * (_longest_run(line, "`") + 1)
    ends = line[0] + line[-1]
    pad = " " if "`" in ends or (ends == "  " and line.strip()) else ""
    return f"{ticks}{pad}{line}{pad}{ticks}"


def markdown_fence(text: str, info: str = "") -> str:
    """A fenced code block: a fence of backticks longer than any run inside (three at least).

    Args:
        text: The block's lines (a final line break is added when missing).
        info: The info string (``"mermaid"``); ASCII letters, digits and ``-`` only.

    Examples:
        >>> from fyp_planning.render.escape import markdown_fence
        >>> print(markdown_fence("a ``` b", "text"), end="")
        ````text
        a ``` b
        ````
    """
    if not re.fullmatch(r"[A-Za-z0-9-]*", info):
        raise ValueError(f"a fence's info string is ASCII letters, digits and '-'; got {info!r}")
    fence = "`" * max(3, _longest_run(text, "`") + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{info}\n{body}{fence}\n"


#: Mermaid markup inside a quoted label or a comment, as Mermaid entity codes (``#quot;``,
#: ``#35;``): the quote ends a label, ``#…;`` is an entity, ``%%{`` a directive, ``;`` ends a
#: statement, a backtick starts a Markdown string, ``<`` and ``&`` are HTML.
_MERMAID = {
    "#": "#35;",
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "%": "#37;",
    ";": "#59;",
    "`": "#96;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
}


def mermaid_label(text: object) -> str:
    """Text for inside a double-quoted Mermaid label (``id["…"]``) or a ``%%`` comment.

    One line (line breaks become spaces, control characters U+FFFD), and every character that
    means something to Mermaid as its entity code, which Mermaid draws as the character.

    Examples:
        >>> from fyp_planning.render.escape import mermaid_label
        >>> mermaid_label('a"]\\nclick x call alert(1); %%{init}%%')
        'a#quot;] click x call alert(1)#59; #37;#37;#123;init#125;#37;#37;'
    """
    line = _one_line(text)
    return "".join(_MERMAID.get(ch, ch) for ch in line)
