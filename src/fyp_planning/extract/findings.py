"""What reading a document gives, before the draft: findings, things to review, the years.

A :class:`Finding` is one fact (an observation, a target, a statement, a project, a total) with
its subject (the indicator's name as the document writes it), its location and its sentence; a
:class:`Review` is a figure or phrase not placed, with why (a message id of the catalogue).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pint

from ..model.enums import Comparator, IndicatorKind, ObservationStatus, StatementKind
from ..model.period import Period
from ..model.targets import Target
from ..units import AnyQuantity
from .document import Block, Document
from .figures import figures, normalise
from .structure import Structure

__all__ = ["Finding", "Findings", "PlanYears", "Review", "plan_years", "review_figures"]

_CN_PERIODS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
_SPAN = re.compile(r"((?:19|20)\d\d)\s*[-—～~至]\s*((?:19|20)\d\d)")


@dataclass(frozen=True)
class PlanYears:
    """The plan's years and its predecessor's, from the document's title."""

    start: int
    end: int

    @property
    def base(self) -> int:
        return self.start - 1

    @property
    def previous_start(self) -> int:
        return self.start - 5

    @property
    def word(self) -> str:
        return next((w for w, y in _CN_PERIODS.items() if y == self.start), "")

    @property
    def previous_word(self) -> str:
        return next((w for w, y in _CN_PERIODS.items() if y == self.start - 5), "")


def plan_years(document: Document) -> PlanYears:
    """The plan's period: a year span in the title (2021-2025), else a word (十四五)."""
    head = normalise(document.title)
    if m := _SPAN.search(head):
        return PlanYears(int(m[1]), int(m[2]))
    found = sorted((head.find(w), start) for w, start in _CN_PERIODS.items() if w in head)
    if found:
        return PlanYears(found[0][1], found[0][1] + 4)
    return PlanYears(2021, 2025)


@dataclass
class Finding:
    """One fact read from the document, before it becomes a model object."""

    kind: str  # observation | target | statement | project | total
    subject: str | None
    value: AnyQuantity | None
    written: str
    label: str
    quote: str
    previous: bool
    line: int
    text: str = ""  # the clause
    period: Period | None = None
    comparator: Comparator = Comparator.EQ
    status: ObservationStatus = ObservationStatus.ACTUAL
    target: Target | None = None
    statement: StatementKind | None = None
    start: Period | None = None
    end: Period | None = None
    parts: list[str] = field(default_factory=list)
    members: list[Finding] = field(default_factory=list)  # a total's projects
    unit: pint.Unit | None = None  # the unit a table names for the indicator
    indicator_kind: IndicatorKind | None = None
    from_table: bool = False


@dataclass(frozen=True)
class Review:
    """Something not placed: the figure (or ``None``), why (a message id), where and the words."""

    reason: str
    figure: str | None
    text: str
    label: str
    line: int


@dataclass
class Findings:
    """What the document gave: findings, things to review, and the figures used."""

    years: PlanYears
    title: str
    findings: list[Finding] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # figure texts placed in the draft
    structure: Structure = field(default_factory=Structure)  # parks and chains


def review_figures(out: Findings, text: str, block: Block, reason: str) -> None:
    """List every figure of ``text`` (normalised) for review, with ``reason``."""
    for f in figures(text):
        out.reviews.append(Review(reason, f.text, text, block.label, block.line))
