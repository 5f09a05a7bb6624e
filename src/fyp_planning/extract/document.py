"""A plan document as blocks: headings, paragraphs and tables, each with its location.

A location label is written the way the Dongkou data writes sources: ``第一章第一节一.1``
(chapter, section, part 一、, item 1、), ``第四章（三）2`` (chapter, part （三）, item 2、),
``第二章第四节表1第3行`` (the section's table 1, row 3).

Plain text is read as UTF-8 (a BOM is fine), else GB18030; other bytes are refused. Hard-wrapped
lines are joined (a line that ends without a full stop continues on the next line that is not
a heading). A text table is a caption line followed by rows of tab-prefixed cells, one cell a
line, rows separated by blank lines. ``.docx`` (python-docx, the ``docx`` extra) gives its
paragraphs and tables in order; PDF (pypdf, the ``pdf`` extra) its text layer. CJK radicals
standing for ideographs (⼯ for 工, as PDF text layers carry them) are read as the ideographs.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import ExtractError, OptionalDependencyError
from ..files import FileRefused, read_bounded
from ..text import Message
from ._radicals import EQUIVALENT

__all__ = ["Block", "Document", "read_document", "split_blocks"]

_NUM = "一二三四五六七八九十"
_CHAPTER = re.compile(rf"^第([{_NUM}]+)章")
_SECTION = re.compile(rf"^第([{_NUM}]+)节")
_PART = re.compile(rf"^([{_NUM}]+)、")
_PAREN_PART = re.compile(rf"^[（(]([{_NUM}]+)[）)]")
_ITEM = re.compile(r"^(\d{1,2})\s*(?:、|[.．](?!\d))")
#: Sentence ends: a line ending so is complete; another continues on the next line.
_END = '。！？；：:;!?”"）)'
_PUNCTUATION = re.compile(r"[，,。；;：:、！？!?]")


@dataclass
class Block:
    """One heading, paragraph or table of the document.

    ``label`` is its location (``第一章第一节一.1``), ``line`` the 1-based line it starts on;
    a table's ``rows`` are lists of cells (the first is the header) and ``caption`` its title.
    """

    kind: str  # heading | paragraph | table
    text: str
    label: str
    line: int
    chapter: str = ""
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    table_label: str = ""


@dataclass
class Document:
    """The blocks of a document, its title (first line) and the file it came from."""

    path: str
    title: str
    blocks: list[Block]


class _Place:
    """The running location: chapter, section, part (一、), sub-part (（一）), item (1、) and
    the section's table count."""

    def __init__(self) -> None:
        self.chapter = self.section = self.part = self.paren = self.item = ""
        self.tables = 0

    def heading(self, text: str) -> bool:
        """Move to the heading ``text`` starts with; whether it was one."""
        text = text.strip()
        if m := _CHAPTER.match(text):
            self.chapter, self.section, self.part, self.paren, self.item = (
                f"第{m[1]}章",
                "",
                "",
                "",
                "",
            )
            self.tables = 0
            return True
        if m := _SECTION.match(text):
            self.section, self.part, self.paren, self.item, self.tables = (
                f"第{m[1]}节",
                "",
                "",
                "",
                0,
            )
            return True
        if m := _PAREN_PART.match(text):
            self.paren, self.item = f"（{m[1]}）", ""
            return True
        if m := _PART.match(text):
            self.part, self.paren, self.item = m[1], "", ""
            return True
        if m := _ITEM.match(text):
            self.item = m[1]
            return True
        return False

    @property
    def label(self) -> str:
        head = self.chapter + self.section + self.part
        if self.paren:
            return head + self.paren + self.item
        if self.part and self.item:
            return f"{head}.{self.item}"
        return head + self.item

    def table(self, row: int | None = None) -> str:
        return f"{self.chapter}{self.section}表{self.tables}" + (
            "" if row is None else f"第{row}行"
        )


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ExtractError(Message("extract.encoding", path=path)) from None


def _is_heading_line(text: str) -> bool:
    t = text.strip()
    return bool(_CHAPTER.match(t) or _SECTION.match(t) or _PART.match(t) or _PAREN_PART.match(t))


def _starts_block(text: str) -> bool:
    t = text.strip()
    return _is_heading_line(t) or bool(_ITEM.match(t)) or t.startswith("---")


def _logical_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Lines with hard wraps joined: (first line number, text); tab lines kept as they are."""
    out: list[tuple[int, str]] = []
    open_line: int | None = None  # index in out of a paragraph still open
    for number, raw in enumerate(lines, 1):
        if raw.startswith("\t"):
            out.append((number, raw))
            open_line = None
            continue
        text = raw.strip().replace("\u3000", "")
        if not text:
            out.append((number, ""))
            continue
        if open_line is not None and not _starts_block(text):
            start, before = out[open_line]
            out[open_line] = (start, before + text)
            del out[open_line + 1 :]
        else:
            out.append((number, text))
        last = out[-1][1]
        short_heading = _is_heading_line(last) and len(last) < 30 and last[-1] not in _END
        # a short line without punctuation stands alone: a title, an issuer, a caption
        alone = len(last) <= 25 and not _PUNCTUATION.search(last)
        first = len([x for x in out if x[1]]) == 1
        open_line = None if (last[-1] in _END or short_heading or alone or first) else len(out) - 1
    return out


def split_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text document (see the module's description).

    Raises:
        ExtractError: the text has more than ``limits.MAX_EXTRACT_LINES`` lines.
    """
    raw = text.splitlines()
    if len(raw) > limits.MAX_EXTRACT_LINES:
        raise ExtractError(
            Message("extract.too_many_lines", lines=len(raw), limit=limits.MAX_EXTRACT_LINES)
        )
    lines = _logical_lines(raw)
    place = _Place()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        number, line = lines[i]
        if line.startswith("\t"):
            rows: list[list[str]] = []
            row: list[str] = []
            while i < len(lines) and (lines[i][1].startswith("\t") or not lines[i][1]):
                cell = lines[i][1]
                if cell.startswith("\t"):
                    row.append(cell.strip())
                elif row:
                    rows.append(row)
                    row = []
                i += 1
            if row:
                rows.append(row)
            rows = [r for r in rows if any(c for c in r)]
            caption = ""
            if rows and blocks and blocks[-1].kind == "paragraph" and len(blocks[-1].text) <= 40:
                caption = blocks.pop().text
            place.tables += 1
            blocks.append(
                Block(
                    "table",
                    caption,
                    place.table(),
                    number,
                    place.chapter,
                    rows,
                    caption,
                    place.table(),
                )
            )
            continue
        i += 1
        if not line:
            continue
        if place.heading(line):
            kind = "heading" if len(line) < 40 and line[-1] not in "。；" else "paragraph"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, line, place.label, number, place.chapter))
    return blocks


def read_document(path: str | Path) -> Document:
    """Read a plan document (``.txt``, ``.docx`` or ``.pdf``) into its blocks.

    Raises:
        ExtractError: the file cannot be read, is too large, or is not text in UTF-8 or GB18030.
        OptionalDependencyError: a ``.docx`` or ``.pdf`` without its extra installed.
    """
    path = Path(path)
    try:
        data = read_bounded(path, limit=limits.MAX_EXTRACT_FILE_BYTES)
    except FileRefused as exc:
        raise ExtractError(exc.message) from None
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = _docx_text(data)
    elif suffix == ".pdf":
        text = _pdf_text(data)
    else:
        text = _decode(data, str(path))
    # a radical where the page shows an ideograph (⼯ for 工: PDF text layers) is read as it
    blocks = split_blocks(text.translate(EQUIVALENT))
    title = next((b.text for b in blocks if b.kind != "table"), "")
    return Document(str(path), title, blocks)


def _docx_text(data: bytes) -> str:
    """The document's paragraphs and tables in order, tables as tab-prefixed cells."""
    try:
        import docx
    except ImportError:
        raise OptionalDependencyError(
            "python-docx", "docx", "fyp extract of a .docx document"
        ) from None
    try:
        document: Any = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractError(Message("extract.unreadable", kind="docx", reason=str(exc))) from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append(item.text)
        elif isinstance(item, Table):
            out.append("")
            for row in item.rows:
                out += ["\t" + cell.text.replace("\n", " ") for cell in row.cells]
                out.append("")
    return "\n".join(out)


def _pdf_text(data: bytes) -> str:
    try:
        import pypdf
    except ImportError:
        raise OptionalDependencyError("pypdf", "pdf", "fyp extract of a PDF document") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:
        raise ExtractError(Message("extract.unreadable", kind="pdf", reason=str(exc))) from None
