"""Standard indicators (标准指标): the catalogue every county plan may name its indicators by.

The catalogue (``catalog/data/indicators.toml``, versioned) lists the indicators county S&T,
industry and 十四五 plans use — the national 十四五 纲要's main indicators that apply to
counties, the common provincial S&T and industry indicators, and those of the bundled plans —
each with its Chinese name, aliases (common wordings and traditional-character forms), unit,
measure, direction, a one-line 统计口径 and its source, and 约束性/预期性 only where a national
or provincial document fixes it. A plan's indicator names one with ``standard = "rd_intensity"``
and inherits what it does not state; :func:`match_standards` proposes standards for the
indicators that name none.

Cite the catalogue by name and version: "fyp-planning 标准指标目录 第1版"
(:attr:`StandardIndicator.citation`).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from typing import Literal

import attrs
import pint

from ..errors import UnknownStandardError
from ..io import _std_indicators as _std
from ..model.enums import IndicatorKind, Measure
from ..model.indicator import Indicator
from ..model.plan import Plan
from ..text import to_simplified

__all__ = [
    "MATCH_THRESHOLD",
    "StandardIndicator",
    "StandardMatch",
    "catalogue_citation",
    "catalogue_version",
    "match_standards",
    "normalise_name",
    "standard_indicator",
    "standard_indicators",
]

#: The lowest similarity (0–1, :class:`difflib.SequenceMatcher` ratio of normalised names) at
#: which :func:`match_standards` proposes a standard for a name that matches none exactly.
MATCH_THRESHOLD = 0.6


@attrs.frozen(kw_only=True)
class StandardIndicator:
    """One entry of the standard indicator catalogue.

    Attributes:
        id: Canonical ASCII id, e.g. ``rd_intensity``; a plan names it with ``standard =``.
        indicator: What the entry shares with a plan's indicator — name, unit, measure,
            direction, growth, limit, category, name_en and, where a document fixes it, the kind
            (with ``kind_source``, the document's short name).
        aliases: Other names plans use for it: common wordings and traditional-character forms.
        definition: The 统计口径, in one line.
        source: The document the definition follows (its full title).
        kind_document: The document that fixes the kind (its full title), or ``None`` when no
            national or provincial document does (then the entry states no kind).
        origin: The catalogue plugin that contributed the entry (``distribution:name``), or
            ``None`` for the core catalogue's own.

    Examples:
        >>> from fyp_planning import standard_indicator
        >>> s = standard_indicator("energy_intensity_reduction")
        >>> s.name, s.indicator.kind_label, s.measure.label
        ('单位地区生产总值能源消耗降低', '约束性（据纲要）', '速度')
        >>> "單位GDP能源消耗降低" in s.aliases
        True
    """

    id: str
    indicator: Indicator
    aliases: tuple[str, ...]
    definition: str
    source: str
    kind_document: str | None = None
    origin: str | None = None

    @property
    def name(self) -> str:
        """The Chinese name, e.g. ``研究与试验发展经费投入强度``."""
        return self.indicator.name

    @property
    def unit(self) -> pint.Unit:
        """The unit the standard is reported in; a plan's unit must convert to it."""
        return self.indicator.unit

    @property
    def measure(self) -> Measure:
        """Flow, stock, rate or share (every entry states one)."""
        assert self.indicator.measure is not None  # the tests check every entry has one
        return self.indicator.measure

    @property
    def kind(self) -> IndicatorKind | None:
        """约束性/预期性 where a document fixes it (see :attr:`kind_document`), else ``None``."""
        return self.indicator.kind

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def citation(self) -> str:
        """The entry as cited, the catalogue's name and version then the id (``fyp-planning
        标准指标目录 第1版 rd_intensity``)."""
        return f"{catalogue_citation()} {self.id}"


def _entries() -> dict[str, StandardIndicator]:
    return _entries_at(_std.generation())


@functools.cache
def _entries_at(generation: int) -> dict[str, StandardIndicator]:
    return {
        key: StandardIndicator(
            id=key,
            indicator=e.indicator,
            aliases=e.aliases,
            definition=e.definition,
            source=e.source.title,
            kind_document=e.kind_source.title if e.kind_source else None,
            origin=e.origin,
        )
        for key, e in sorted(_std.entries().items())
    }


def catalogue_version() -> int:
    """The version of the shipped catalogue (raised whenever an entry changes meaning).

    Examples:
        >>> from fyp_planning import catalogue_version
        >>> catalogue_version() >= 1
        True
    """
    return _std.catalogue().version


def catalogue_citation() -> str:
    """The catalogue's name and version, as a plan or a report cites it.

    Examples:
        >>> from fyp_planning import catalogue_citation
        >>> catalogue_citation()
        'fyp-planning 标准指标目录 第1版'
    """
    return (
        f"fyp-planning {_std.catalogue().title.removeprefix('县域规划')} 第{catalogue_version()}版"
    )


def standard_indicators(category: str | None = None) -> tuple[StandardIndicator, ...]:
    """The standard indicators, by id; only those of ``category`` (``科技创新``) if given.

    Examples:
        >>> from fyp_planning import standard_indicators
        >>> len(standard_indicators()) >= 60
        True
        >>> {s.indicator.category for s in standard_indicators("科技创新")}
        {'科技创新'}
    """
    found = _entries().values()
    return tuple(s for s in found if category is None or s.indicator.category == category)


def standard_indicator(id: str) -> StandardIndicator:
    """The standard indicator of that id.

    Raises:
        UnknownStandardError: no such id (the message suggests the closest).

    Examples:
        >>> from fyp_planning import standard_indicator
        >>> standard_indicator("rd_intensity").indicator.label
        '研究与试验发展经费投入强度（%）'
    """
    if _std.find(id) is not None:  # a plugin's id lets the catalogue plugins load
        return _entries()[id]
    entries = _entries()
    close = difflib.get_close_matches(id, list(entries), n=3)
    hint = f"（是否指 did you mean: {', '.join(close)}?）" if close else ""
    raise UnknownStandardError(f"未知的标准指标 no standard indicator {id!r}{hint}")


# -- matching names to standards -----------------------------------------------------------------
#: Marks that do not change a name: spaces, quotes, title marks.
_NOISE = re.compile(r"[\s\"'“”‘’《》「」『』·]")
#: Leading words naming the whole area (全县工业总产值 is 工业总产值).
_AREA_PREFIXES = ("全县", "全市", "全区", "全州", "县域", "本县", "我县", "全县域")
#: Wordings of 规模以上 (above designated size).
_ABOVE_SCALE = re.compile("规模以上|规上")
#: A trailing 数/数量 (高新技术企业数 is 高新技术企业), except after 指/系/倍 (指数, 系数).
_COUNT_SUFFIX = re.compile("(?<![指系倍])(?:数量|总数|数)$")


def normalise_name(name: str) -> str:
    """A name reduced to what matching compares: full-width forms folded (NFKC: （ → (), traditional
    characters made simplified (縣 → 县), spaces, quotes and title marks dropped, Latin letters
    lower-cased, 规模以上/规上 read as 规模, a leading 全县/全市/全区/县域/本县/我县 dropped, and a
    trailing 数/数量/总数 dropped (not after 指, 系 or 倍).

    Examples:
        >>> from fyp_planning import normalise_name
        >>> normalise_name("全縣規模以上工業企業數")
        '规模工业企业'
        >>> normalise_name("R&D經費投入強度")
        'r&d经费投入强度'
    """
    text = to_simplified(unicodedata.normalize("NFKC", name))
    text = _NOISE.sub("", text).lower()
    text = _ABOVE_SCALE.sub("规模", text)
    for prefix in sorted(_AREA_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    stripped = _COUNT_SUFFIX.sub("", text)
    return stripped or text


#: How a match was found, best first.
MatchHow = Literal["name", "alias", "normalised", "similar"]


@attrs.frozen(kw_only=True)
class StandardMatch:
    """A standard proposed for a plan's indicator that names none.

    Attributes:
        indicator: The plan's indicator.
        standard: The proposed standard, or ``None`` when no name is close enough.
        how: ``name`` (the standard's name, exactly), ``alias`` (one of its aliases, exactly),
            ``normalised`` (equal after :func:`normalise_name`), ``similar`` (the closest
            normalised name, with :attr:`score` at least :data:`MATCH_THRESHOLD`), or ``None``.
        matched: The standard's name or alias that matched.
        score: 1.0 for name, alias and normalised matches; the similarity for ``similar``.
        unit_compatible: Whether the indicator's unit converts to the standard's (``None``
            without a standard). An incompatible unit means the plan measures something else,
            or the proposal is wrong: check before writing ``standard =``.

    Examples:
        >>> import fyp_planning as fp
        >>> found = {m.indicator.id: m for m in fp.match_standards(fp.load("dongkou"))}
        >>> m = found["high_tech_certified"]  # counted in 个 by the plan, in 家 by the standard
        >>> m.standard.id, m.how, m.score, m.unit_compatible
        ('high_tech_certified', 'name', 1.0, False)
        >>> found["outside_parks"].standard is None  # 园外园: no standard is close
        True
    """

    indicator: Indicator
    standard: StandardIndicator | None
    how: MatchHow | None
    matched: str | None
    score: float
    unit_compatible: bool | None


def _index() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    return _index_at(_std.generation())


@functools.cache
def _index_at(generation: int) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Exact names and aliases, and normalised names, to (standard id, the name as written)."""
    exact: dict[str, tuple[str, str]] = {}
    normal: dict[str, tuple[str, str]] = {}
    for s in _entries().values():
        for n in s.names:
            exact.setdefault(n, (s.id, n))
            normal.setdefault(normalise_name(n), (s.id, n))
    return exact, normal


def _match(ind: Indicator) -> StandardMatch:
    entries = _entries()
    exact, normal = _index()
    found: tuple[str, str] | None = None
    how: MatchHow | None = None
    score = 1.0
    if ind.name in exact:
        found = exact[ind.name]
        how = "name" if entries[found[0]].name == ind.name else "alias"
    elif normalise_name(ind.name) in normal:
        found, how = normal[normalise_name(ind.name)], "normalised"
    else:
        key = normalise_name(ind.name)
        best: tuple[bool, float, str] | None = None
        for cand, (sid, written) in normal.items():
            ratio = difflib.SequenceMatcher(None, key, cand).ratio()
            if ratio < MATCH_THRESHOLD:
                continue
            rank = (ind.unit.is_compatible_with(entries[sid].unit), ratio, sid)
            if best is None or rank[:2] > best[:2]:
                best, found = rank, (sid, written)
        if best is not None:
            how, score = "similar", round(best[1], 3)
    if found is None:
        return StandardMatch(
            indicator=ind, standard=None, how=None, matched=None, score=0.0, unit_compatible=None
        )
    std = entries[found[0]]
    return StandardMatch(
        indicator=ind,
        standard=std,
        how=how,
        matched=found[1],
        score=score,
        unit_compatible=bool(ind.unit.is_compatible_with(std.unit)),
    )


def match_standards(plan: Plan) -> tuple[StandardMatch, ...]:
    """Propose a standard for each of the plan's indicators that names none (in plan order):
    by the exact name or an alias, else by the normalised name (:func:`normalise_name`), else
    by the most similar normalised name (at least :data:`MATCH_THRESHOLD`; among those, one
    whose unit converts is preferred).

    Examples:
        >>> import fyp_planning as fp
        >>> plan = fp.loads_plan('''
        ... format_version = 1
        ... id = "x"
        ... region = "某县"
        ... title = "某县规划"
        ... start_year = 2021
        ... end_year = 2025
        ... [indicators.va]
        ... name = "全縣規模以上工業增加值"
        ... unit = "亿元"
        ... ''')
        >>> m = fp.match_standards(plan)[0]
        >>> m.standard.id, m.how, m.unit_compatible
        ('above_scale_value_added', 'normalised', True)
    """
    return tuple(_match(ind) for ind in plan.indicators if ind.standard is None)
