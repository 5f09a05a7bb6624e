"""Scoring a draft plan against a reference plan by their quantitative facts (a test helper).

A *fact* is one figure the plan states about something:

* an observation — (indicator, period, value, comparator);
* a target — (indicator, kind, year, value or rate);
* a statement — (kind, indicator, start, end, value);
* a project investment — (the project's enterprise name, amount).

A plan's facts include its predecessor's. Values compare as quantities in a common unit
(137.1亿元 == 1371000万元) exactly up to the figure's written precision; a bare figure
("31.5") equals only a bare figure. Indicators are aligned BY NAME ONLY (normalised:
whitespace, quotes, brackets and a bracketed unit removed; equal, or one containing the other
when that names a single reference indicator) — never by value, so the score cannot flatter
itself.

``recall`` is the share of reference facts the draft holds. ``wrong`` is the share of draft
facts that contradict the reference: a value that matches a reference fact of another
indicator, period or kind, or a value for an (indicator, period, kind) where the reference has
a different one. Draft facts with no counterpart are ``extra``, not wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import fyp_planning as fp
from fyp_planning.units import is_bare

__all__ = ["Fact", "Score", "facts", "normalise_name", "score"]

_QUOTES = "\"'“”‘’「」『』《》〈〉"
_BRACKETED_UNIT = re.compile(r"[（(][^（）()]{1,6}[）)]$")
_BRACKETS = "（）()[]【】〔〕"


def normalise_name(name: str) -> str:
    """An indicator name without spaces, quotes, brackets or a trailing bracketed unit."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = "".join(ch for ch in text if ch not in _QUOTES)
    unit = _BRACKETED_UNIT.search(text)
    if unit is not None and _is_unit(unit[0][1:-1]):
        text = text[: unit.start()]
    return "".join(ch for ch in text if ch not in _BRACKETS)


def _is_unit(text: str) -> bool:
    try:
        fp.parse_unit(text)
    except Exception:
        return False
    return True


@dataclass(frozen=True)
class Fact:
    """One figure: what it is about (``key``, with the indicator's id) and its value."""

    category: str  # observation | target | statement | project
    indicator: str | None  # the indicator's id in its plan (None for projects, totals)
    key: tuple[Any, ...]
    value: Any  # a quantity, or None (a coverage target)
    comparator: str | None
    name: str | None  # the indicator's name (for alignment)
    where: str = ""

    def describe(self) -> str:
        value = "—" if self.value is None else fp.format_quantity(self.value)
        return f"{self.category} {self.name or self.indicator} {self.key} {value}"


def _plans(plan: fp.Plan) -> Iterator[fp.Plan]:
    while plan is not None:
        yield plan
        plan = plan.predecessor  # type: ignore[assignment]


def _target_value(target: fp.Target) -> Any:
    for name in ("value", "rate", "by"):
        value = getattr(target, name, None)
        if value is not None:
            return value
    factor = getattr(target, "factor", None)
    return None if factor is None else fp.parse_quantity(str(factor))


def facts(plan: fp.Plan) -> list[Fact]:
    """Every quantitative fact of ``plan`` and its predecessors."""
    out: list[Fact] = []
    for each in _plans(plan):
        names = {i.id: i.name for i in each.indicators}
        enterprises = {e.id: e.name for e in each.enterprises}
        for o in each.observations:
            out.append(
                Fact(
                    "observation",
                    o.indicator,
                    (str(o.period),),
                    o.value,
                    o.comparator.value,
                    names.get(o.indicator),
                    o.source or "",
                )
            )
        for t in each.targets:
            out.append(
                Fact(
                    "target",
                    t.indicator,
                    (t.kind, t.year),
                    _target_value(t),
                    None,
                    names.get(t.indicator),
                    t.source or "",
                )
            )
        for s in each.statements:
            out.append(
                Fact(
                    "statement",
                    s.indicator,
                    (s.kind.value, str(s.start), str(s.end)),
                    s.value,
                    None,
                    names.get(s.indicator) if s.indicator else None,
                    s.source or "",
                )
            )
        for p in each.projects:
            if p.investment is None:
                continue
            owner = enterprises.get(p.enterprise or "", p.name)
            out.append(
                Fact("project", None, (normalise_name(owner),), p.investment, None, None, "")
            )
    return out


def same_value(a: Any, b: Any) -> bool:
    """Equal quantities in a common unit (a bare figure equals only a bare figure)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, fp.Composition) or isinstance(b, fp.Composition):
        return str(a) == str(b)
    if is_bare(a) != is_bare(b):
        return False
    try:
        converted = a.to(b.units).magnitude
    except Exception:
        return False
    return math.isclose(float(converted), float(b.magnitude), rel_tol=1e-9, abs_tol=1e-12)


class _Aligner:
    """Draft indicator names → reference indicator ids, by name only."""

    def __init__(self, reference: list[Fact]) -> None:
        self.by_name: dict[str, set[str]] = {}
        for f in reference:
            if f.indicator is not None and f.name:
                self.by_name.setdefault(normalise_name(f.name), set()).add(f.indicator)

    def __call__(self, name: str | None) -> str | None:
        if not name:
            return None
        norm = normalise_name(name)
        ids = self.by_name.get(norm)
        if ids is None:
            ids = set().union(
                *(v for k, v in self.by_name.items() if k and norm and (k in norm or norm in k))
            )
        return next(iter(ids)) if len(ids) == 1 else None


@dataclass
class Score:
    """The comparison of a draft with a reference."""

    reference: int
    draft: int
    found: list[Fact] = field(default_factory=list)
    missed: list[Fact] = field(default_factory=list)
    wrong: list[tuple[Fact, str]] = field(default_factory=list)
    extra: list[Fact] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.found) / self.reference if self.reference else 1.0

    @property
    def wrong_share(self) -> float:
        return len(self.wrong) / self.draft if self.draft else 0.0

    def summary(self) -> str:
        return (
            f"recall {self.recall:.3f} ({len(self.found)}/{self.reference}), "
            f"wrong {self.wrong_share:.3f} ({len(self.wrong)}/{self.draft}), "
            f"extra {len(self.extra)}"
        )

    def report(self) -> str:
        lines = [self.summary()]
        lines += [f"  missed: {f.describe()}" for f in self.missed]
        lines += [f"  wrong:  {f.describe()} — {why}" for f, why in self.wrong]
        lines += [f"  extra:  {f.describe()}" for f in self.extra]
        return "\n".join(lines)


def _slot(f: Fact, indicator: str | None) -> tuple[Any, ...]:
    return (f.category, indicator, *f.key)


def _matches(d: Fact, r: Fact) -> bool:
    if not same_value(d.value, r.value):
        return False
    return d.category != "observation" or d.comparator == r.comparator


def score(draft: fp.Plan, reference: fp.Plan) -> Score:
    """Compare ``draft`` (and its predecessor) with ``reference`` (and its predecessor)."""
    ref = facts(reference)
    got = facts(draft)
    align = _Aligner(ref)
    placed = [(d, align(d.name) if d.category in ("observation", "target") else None) for d in got]
    placed = [
        (d, align(d.name) if d.category == "statement" and d.indicator else ind)
        for d, ind in placed
    ]
    result = Score(reference=len(ref), draft=len(got))
    used = [False] * len(placed)
    for r in ref:
        slot = _slot(r, r.indicator)
        for i, (d, ind) in enumerate(placed):
            if not used[i] and _slot(d, ind) == slot and _matches(d, r):
                used[i] = True
                result.found.append(r)
                break
        else:
            result.missed.append(r)
    ref_slots: dict[tuple[Any, ...], list[Fact]] = {}
    for r in ref:
        ref_slots.setdefault(_slot(r, r.indicator), []).append(r)
    for i, (d, ind) in enumerate(placed):
        if used[i]:
            continue
        same_slot = ref_slots.get(_slot(d, ind), [])
        if same_slot and not any(_matches(d, r) for r in same_slot):
            result.wrong.append((d, "the reference has another value here"))
            continue
        elsewhere = [
            r
            for r in ref
            if r.category == d.category
            and _slot(r, r.indicator) != _slot(d, ind)
            and _matches(d, r)
        ]
        if elsewhere and not same_slot:
            result.wrong.append((d, f"the reference has this value at {elsewhere[0].describe()}"))
        else:
            result.extra.append(d)
    return result
