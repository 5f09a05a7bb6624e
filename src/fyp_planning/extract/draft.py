"""Findings → a draft plan (and its predecessor), its parks and chains, and the review list.

Indicators are the named things findings are about, one per name in each plan (names equal
after the catalogue's :func:`~fyp_planning.normalise_name`, or naming the same standard
indicator, are one indicator; a table row's name wins). An indicator's id is its standard's id
when the catalogue knows its name exactly (``standard`` is set then), else ``ind_01``,
``ind_02`` … in document order: ids are never made from the Chinese. Its unit is the table's,
else that of its first figure with a unit; a figure in another unit goes to review. Facts of
the review chapter go to the predecessor, the rest to the plan (see :mod:`.folder` for the files).
Every item carries ``source`` (its location), ``quote`` (its sentence) and
``provenance = "extracted"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import pint

from ..catalog.indicators import normalise_name, standard_indicator, standard_indicators
from ..errors import FypError
from ..model.entities import Chain, ChainDirection, Enterprise, Park, Project
from ..model.enums import Provenance
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..model.statement import Statement
from ..model.targets import GrowthTarget, Target
from ..tables import Column, Schema, Tabular
from ..text import Message
from ..units import is_bare, ureg
from .figures import one_line
from .findings import Finding, Findings, Review
from .folder import write_into
from .structure import Structure

__all__ = ["REVIEW_TABLE", "Extraction", "build_draft"]

_EXTRACTED = Provenance.EXTRACTED


#: The review list as a table: a row per figure or phrase the extractor could not place.
REVIEW_TABLE = Schema(
    "review",
    "一行一项：未能归入草稿的数字或表述（待核）",
    "one row per figure or phrase the extractor could not place (to review)",
    (
        Column("line", "int64", "文档中的行号", "line in the document"),
        Column("location", "string", "位置（章节，如第一章第一节一.1）", "where (section label)"),
        Column(
            "figure",
            "string",
            "数字（原文写法；表述为空）",
            "the figure as written (none: a phrase)",
        ),
        Column("reason", "string", "原因编号", "reason id"),
        Column("reason_label", "string", "原因（中文）", "the reason in Chinese"),
        Column("reason_en", "string", "原因（英文）", "the reason in English"),
        Column("sentence", "string", "原文", "the sentence"),
    ),
)


@dataclass
class Extraction(Tabular):
    """What :func:`~fyp_planning.extract_plan` returns: the drafted plan (with its predecessor,
    if the document reviews one) and what a person must review — the figures and phrases not
    placed, with their sentences and locations (the table ``review``, ``to_pandas()``).

    Attributes:
        plan: The draft plan; every item carries ``source``, ``quote`` and
            ``provenance = "extracted"``.
        reviews: What could not be placed, in document order.

    Examples:
        >>> import pathlib, tempfile
        >>> import fyp_planning as fp
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "plan.txt").write_text(
        ...     "示例县工业“十四五”发展规划（2021-2025年）\\n第二章 发展目标\\n"
        ...     "到2025年，全县工业总产值达到125亿元。已有139家企业入驻园区。\\n",
        ...     encoding="utf-8")
        >>> x = fp.extract_plan(folder / "plan.txt")
        >>> [t.describe() for t in x.plan.targets]
        ['≥125亿元']
        >>> row = x.to_table().rows()[0]  # a count of an action names no indicator
        >>> row["figure"], row["reason_label"], row["sentence"]
        ('139', '数字未归入任何指标', '已有139家企业入驻园区。')
        >>> [p.name for p in x.write(folder / "draft")]
        ['plan.toml', 'extract-review.md']
    """

    plan: Plan
    reviews: list[Review]
    used: list[str] = field(default_factory=list)

    TABLES = (REVIEW_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        for r in self.reviews:
            said = Message(r.reason)
            yield (r.line, r.label or None, r.figure, r.reason, said.zh, said.en, r.text)

    def write(self, folder: str | Path, *, merge: bool = False) -> list[Path]:
        """Write the draft plan folder (``plan.toml``, ``previous.toml``,
        ``extract-review.md``), as ``fyp extract -o FOLDER [--merge]`` does; returns the files.

        Raises:
            ExtractError: ``folder`` holds files and ``merge`` is not set, or with ``merge`` it
                holds no ``plan.toml``.
            WriteError: a file cannot be written.
        """
        return write_into(self, folder, merge=merge)

    def counts(self) -> dict[str, int]:
        """How many of each kind of item the draft holds (both plans), and the review items."""
        plans = [self.plan] + ([self.plan.predecessor] if self.plan.predecessor else [])
        out = {
            name: sum(len(getattr(p, name)) for p in plans)
            for name in (
                "indicators",
                "observations",
                "targets",
                "statements",
                "enterprises",
                "projects",
                "parks",
                "chains",
            )
        }
        out["review"] = len(self.reviews)
        return out


def _standards() -> tuple[dict[str, Any], dict[str, Any]]:
    exact: dict[str, Any] = {}
    normal: dict[str, Any] = {}
    for s in standard_indicators():
        for n in s.names:
            exact.setdefault(n, s)
            normal.setdefault(normalise_name(n), s)
    return exact, normal


@dataclass
class _Ind:
    key: str
    name: str
    id: str
    standard: str | None
    unit: Any  # a pint unit, or None
    source: str
    quote: str
    table: bool
    kind: Any = None


class _Builder:
    """Indicators, observations … of one plan, and the ids shared by the two plans."""

    def __init__(self, shared: dict[str, str], reviews: list[Review], start: int, end: int) -> None:
        self.start, self.end = start, end  # the plan's period: its targets' years
        self.shared = shared
        self.reviews = reviews
        self.indicators: dict[str, _Ind] = {}
        self.observations: list[Observation] = []
        self.targets: list[Target] = []
        self.statements: list[Statement] = []
        self.projects: list[Project] = []
        self.enterprises: dict[str, Enterprise] = {}
        self.made: dict[int, str] = {}  # a project finding → its project's id
        self.parks: list[Park] = []
        self.chains: list[Chain] = []
        self.exact, self.normal = _standards()

    def indicator(self, f: Finding) -> _Ind:
        name = one_line(f.subject or "")
        std = self.exact.get(name) or self.normal.get(normalise_name(name))
        key = f"std:{std.id}" if std is not None else normalise_name(name)
        ind = self.indicators.get(key)
        if ind is None:
            if key not in self.shared:
                used = set(self.shared.values())
                self.shared[key] = (
                    std.id
                    if std is not None and std.id not in used
                    else f"ind_{sum(v.startswith('ind_') for v in used) + 1:02d}"
                )
            ind = _Ind(
                key,
                name,
                self.shared[key],
                std.id if std is not None else None,
                f.unit,
                f.label,
                f.quote,
                f.from_table,
                f.indicator_kind,
            )
            self.indicators[key] = ind
        elif f.from_table and not ind.table:
            ind.name, ind.table, ind.source, ind.quote = name, True, f.label, f.quote
            ind.unit = f.unit or ind.unit
            ind.kind = f.indicator_kind or ind.kind
        if ind.unit is None and f.value is not None and not is_bare(f.value):
            carries = (
                f.kind == "observation"
                or (f.kind == "target" and not isinstance(f.target, GrowthTarget))
                or (f.kind == "statement" and not f.value.dimensionless)
            )
            if carries:
                ind.unit = f.value.units
        return ind

    def fits(self, ind: _Ind, value: Any, f: Finding) -> bool:
        """Whether ``value`` can be a value of ``ind`` (its unit converts, or it is bare)."""
        if value is None or is_bare(value) or ind.unit is None:
            return True
        if value.is_compatible_with(ureg.Quantity(1, ind.unit)):
            return True
        self.reviews.append(
            Review("extract.review.unit_mismatch", _number(f.written), f.quote, f.label, f.line)
        )
        return False

    def add(self, f: Finding) -> bool:
        if f.kind == "project":
            return self.project(f)
        if f.kind == "total":
            return True  # made once its parts are known (see finish)
        if not f.subject or not one_line(f.subject):
            self.reviews.append(
                Review("extract.review.no_indicator", _number(f.written), f.quote, f.label, f.line)
            )
            return False
        ind = self.indicator(f)
        common: dict[str, Any] = {"source": f.label, "quote": f.quote, "provenance": _EXTRACTED}
        if f.kind == "observation" and f.value is not None:
            if not self.fits(ind, f.value, f):
                return False
            self.observations.append(
                Observation(
                    indicator=ind.id,
                    period=f.period or Period(0),
                    value=f.value,
                    status=f.status,
                    comparator=f.comparator,
                    text=f.text or None,
                    **common,
                )
            )
        elif (
            f.kind == "target"
            and f.target is not None
            and not self.start <= f.target.year <= self.end
        ):
            self.reviews.append(
                Review("extract.review.out_of_period", _number(f.written), f.quote, f.label, f.line)
            )
            return False
        elif f.kind == "target" and f.target is not None:
            measured = not isinstance(f.target, GrowthTarget)
            if measured and not self.fits(ind, getattr(f.target, "value", None), f):
                return False
            self.targets.append(
                attrs.evolve(f.target, indicator=ind.id, text=f.target.text, **common)
            )
        elif f.kind == "statement" and f.statement is not None and f.value is not None:
            self.statements.append(
                Statement(
                    id=f"st_{len(self.statements) + 1:02d}",
                    kind=f.statement,
                    value=f.value,
                    indicator=ind.id,
                    start=f.start,
                    end=f.end,
                    comparator=f.comparator,
                    text=f.text or None,
                    **common,
                )
            )
        return True

    def project(self, f: Finding) -> bool:
        self.made[id(f)] = f"proj_{len(self.projects) + 1:02d}"
        name = one_line(f.subject or "")
        ent = self.enterprises.get(name)
        if ent is None:
            ent = Enterprise(
                id=f"ent_{len(self.enterprises) + 1:02d}",
                name=name,
                source=f.label,
                quote=f.quote,
                provenance=_EXTRACTED,
            )
            self.enterprises[name] = ent
        self.projects.append(
            Project(
                id=f"proj_{len(self.projects) + 1:02d}",
                name=one_line(f.parts[0]) if f.parts else name,
                enterprise=ent.id,
                investment=f.value,
                source=f.label,
                text=f.text or None,
                quote=f.quote,
                provenance=_EXTRACTED,
            )
        )
        return True

    def structure(self, found: Structure) -> None:
        """The parks and chains the document names, and the enterprises of each chain."""
        for n, park in enumerate(found.parks, 1):
            self.parks.append(
                Park(
                    id=f"park_{n:02d}",
                    name=one_line(park.name),
                    kind=park.kind,
                    source=park.label,
                    quote=park.quote,
                    provenance=_EXTRACTED,
                )
            )
        for n, chain in enumerate(found.chains, 1):
            chain_id = f"chain_{n:02d}"
            self.chains.append(
                Chain(
                    id=chain_id,
                    name=one_line(chain.name),
                    source=chain.label,
                    quote=chain.quote,
                    provenance=_EXTRACTED,
                    directions=[
                        ChainDirection(action=action, text=text, source=label)
                        for action, text, label in chain.directions
                    ],
                )
            )
            for written, leader, label, quote in chain.enterprises:
                name = one_line(written)
                ent = self.enterprises.get(name)
                if ent is None:
                    self.enterprises[name] = Enterprise(
                        id=f"ent_{len(self.enterprises) + 1:02d}",
                        name=name,
                        chains=(chain_id,),
                        leader=leader,
                        source=label,
                        quote=quote,
                        provenance=_EXTRACTED,
                    )
                elif chain_id not in ent.chains:
                    self.enterprises[name] = attrs.evolve(
                        ent, chains=(*ent.chains, chain_id), leader=ent.leader or leader
                    )

    def plan(self, **head: Any) -> Plan:
        indicators = [
            Indicator(
                id=i.id,
                name=i.name,
                unit=_unit_of(i),
                standard=i.standard if _unit_fits_standard(i) else None,
                kind=i.kind,
                source=i.source,
                quote=i.quote,
                provenance=_EXTRACTED,
            )
            for i in self.indicators.values()
        ]
        return Plan(
            indicators=indicators,
            observations=self.observations,
            targets=self.targets,
            statements=self.statements,
            enterprises=list(self.enterprises.values()),
            projects=self.projects,
            parks=self.parks,
            chains=self.chains,
            **head,
        )


def _unit_fits_standard(ind: _Ind) -> bool:
    """Whether the indicator's unit converts to its standard's (else ``standard`` is left out)."""
    if ind.standard is None:
        return False
    return bool(_unit_of(ind).is_compatible_with(standard_indicator(ind.standard).unit))


def _unit_of(ind: _Ind) -> pint.Unit:
    """The indicator's unit: its own (a table's, or its first figure's), else its standard's
    (the document gives it none: "能耗下降5‰"), else none (dimensionless)."""
    if ind.unit is not None:
        unit: pint.Unit = ind.unit
        return unit
    if ind.standard is not None:
        return standard_indicator(ind.standard).unit
    return ureg.dimensionless


_REGION = re.compile(r"^(.{1,12}?[县市区旗州盟])")


def build_draft(findings: Findings) -> Extraction:
    """The draft plan of ``findings``: the plan, its predecessor when the document reviews one."""
    from ..model.enums import StatementKind

    reviews = list(findings.reviews)
    shared: dict[str, str] = {}
    years = findings.years
    builders = {
        True: _Builder(shared, reviews, years.previous_start, years.base),
        False: _Builder(shared, reviews, years.start, years.end),
    }
    used = list(findings.used)
    for f in findings.findings:
        b = builders[f.previous]
        try:
            ok = b.add(f)
        except (FypError, ValueError, TypeError) as exc:
            ok = False
            reviews.append(
                Review(
                    "extract.review.not_understood",
                    _number(f.written),
                    f"{f.quote}（{exc}）",
                    f.label,
                    f.line,
                )
            )
        if not ok:
            _unuse(used, f.written)
    for f in findings.findings:
        if f.kind == "total" and f.value is not None:
            b = builders[f.previous]
            ids = [b.made[id(m)] for m in f.members if id(m) in b.made]
            if ids:
                b.statements.append(
                    Statement(
                        id=f"st_{len(b.statements) + 1:02d}",
                        kind=StatementKind.TOTAL,
                        value=f.value,
                        parts=ids,
                        text=f.text or None,
                        source=f.label,
                        quote=f.quote,
                        provenance=_EXTRACTED,
                    )
                )
            else:
                _unuse(used, f.written)
                reviews.append(
                    Review(
                        "extract.review.no_indicator", _number(f.written), f.quote, f.label, f.line
                    )
                )
    builders[False].structure(findings.structure)
    years = findings.years
    m = _REGION.match(findings.title.strip())
    region = m[1] if m else "未注明"
    title = findings.title.strip() or "规划草稿"
    previous = builders[True]
    predecessor = None
    if previous.indicators or previous.projects:
        predecessor = previous.plan(
            id="draft_previous",
            region=region,
            title=f"{title}（{years.previous_word or '上期'}执行情况）",
            start_year=years.previous_start,
            end_year=years.base,
            source=title,
        )
    plan = builders[False].plan(
        id="draft",
        region=region,
        title=title,
        start_year=years.start,
        end_year=years.end,
        source=title,
        predecessor=predecessor,
    )
    return Extraction(plan, reviews, used)


def _number(written: str) -> str | None:
    """The figure of a quantity as written ("4.01亿元" → "4.01"), as the review list names it."""
    from .figures import figures, normalise

    found = figures(normalise(written))
    return found[0].text if found else None


def _unuse(used: list[str], written: str) -> None:
    from .figures import figures

    for f in figures(written):
        if f.text in used:
            used.remove(f.text)
            # the figure is listed for review by the caller
