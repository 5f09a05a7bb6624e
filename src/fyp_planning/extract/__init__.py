"""``fyp extract``: a draft plan folder from a county's plan document (rule-based).

May import: errors, files, limits, model, io, tables, text, units, catalog.

The document is read into blocks (:mod:`.document`); the figures of each sentence
(:mod:`.figures`) are matched against the shapes county plans use (:mod:`.grammar`, tables in
:mod:`.tables`, parks and chains in :mod:`.structure`) into findings (:mod:`.findings`); the
findings become a draft plan and its predecessor (:mod:`.draft`), written as a plan folder in
the documented plan-file format with a review list of everything not placed (:mod:`.folder`).
Deterministic, no network, no model weights.
"""

from __future__ import annotations

from pathlib import Path

from .document import read_document
from .draft import Extraction, build_draft
from .grammar import read_findings

__all__ = ["Extraction", "extract_plan"]


def extract_plan(document: str | Path) -> Extraction:
    """Draft a plan from its document (``fyp extract``): plain text (UTF-8 or GB18030),
    ``.docx`` (the ``docx`` extra) or a PDF's text layer (the ``pdf`` extra).

    The result holds the draft plan — its predecessor too when the document reviews the last
    plan — every item with its ``source``, ``quote`` and ``provenance = "extracted"``, and what
    could not be placed (``reviews``; the table ``review``). :meth:`Extraction.write` writes
    the plan folder. Rule-based and deterministic: the same document, the same draft.

    Raises:
        ExtractError: the document cannot be read, is too large, or is not UTF-8 or GB18030.
        OptionalDependencyError: a ``.docx`` or ``.pdf`` without its extra installed.

    Examples:
        >>> import pathlib, tempfile
        >>> import fyp_planning as fp
        >>> doc = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
        >>> _ = doc.write_text(
        ...     "示例县工业“十四五”发展规划（2021-2025年）\\n第一章 “十三五”发展回顾\\n"
        ...     "1、全县工业总产值从期初的52亿元增长到期末的81亿元，年均增长9.3%。\\n"
        ...     "第二章 发展目标\\n到2025年，全县工业总产值达到125亿元。\\n", encoding="utf-8")
        >>> x = fp.extract_plan(doc)
        >>> before = x.plan.predecessor
        >>> [(o.period.year, fp.format_quantity(o.value)) for o in before.observations]
        [(2015, '52亿元'), (2020, '81亿元')]
        >>> [t.describe() for t in x.plan.targets], x.plan.targets[0].provenance.value
        (['≥125亿元'], 'extracted')
        >>> len(x.to_table())  # nothing left to review
        0
    """
    return build_draft(read_findings(read_document(document)))
