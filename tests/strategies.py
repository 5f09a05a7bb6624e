"""Hypothesis strategies for fyp-planning, kept in one place.

Every strategy builds *valid* objects only: ids are ASCII snake_case and unique where the model
requires it, target years lie inside the plan period, values are in units compatible with their
indicator, references (chains, parks, enterprises, statement parts) point at things that exist,
and a predecessor plan ends no later than its successor starts.

Units come from the built-in Chinese set (:mod:`fyp_planning.units.definitions`), grouped into
families of mutually convertible units.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import Any

import attrs
from hypothesis import strategies as st

from fyp_planning import (
    Chain,
    ChainAction,
    ChainDirection,
    ChainTemplate,
    ChangeTarget,
    Comparator,
    CoverageTarget,
    Direction,
    Enterprise,
    GrowthMode,
    GrowthTarget,
    Indicator,
    IndicatorKind,
    LevelTarget,
    Measure,
    Observation,
    ObservationStatus,
    Park,
    Period,
    Plan,
    Project,
    Provenance,
    Quantity,
    RateTarget,
    ReductionTarget,
    Segment,
    ShareTarget,
    SourceKind,
    SourceRegion,
    Stage,
    Statement,
    StatementKind,
    Target,
    ThresholdTarget,
    is_bare,
    limits,
    parse_quantity,
    parse_unit,
)
from fyp_planning.limits import MAX_MAGNITUDE, MIN_MAGNITUDE

# -- units ------------------------------------------------------------------------------------
#: Families of built-in Chinese units; the units of one family convert into each other.
UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "money": ("元", "万元", "亿元"),
    "energy": ("度", "万度", "亿度", "吨标准煤", "吨标煤", "万吨标准煤", "万吨标煤"),
    "organization": ("家",),
    "household": ("户", "万户"),
    "item": ("个",),
    "entry": ("项",),
    "person": ("人", "万人"),
    "area": ("平方公里", "平方千米", "平方米", "平米", "万平方米", "万平米", "亩", "万亩"),
    "mass": ("吨", "万吨"),
    "share": ("%", "‰"),
    "percentage_point": ("百分点",),
    "money_per_organization": ("元/家", "万元/家", "亿元/家"),
    "energy_per_money": ("吨标准煤/万元", "吨标煤/万元", "万吨标准煤/亿元"),
}

#: Every built-in Chinese unit string (including aliases such as 平米 and 吨标煤).
CHINESE_UNITS: tuple[str, ...] = tuple(
    u for name, family in UNIT_FAMILIES.items() if "_per_" not in name for u in family
)
#: Units that mean "the document wrote no unit": nothing, or only 万 / 亿.
BARE_UNITS: tuple[str, ...] = ("", "万", "亿")
#: Units a rate is written in.
RATE_UNITS: tuple[str, ...] = ("%", "‰")

#: Pairs (big, small) of convertible units with the exact factor between them.
CONVERSIONS: tuple[tuple[str, str, float], ...] = (
    ("亿元", "万元", 1e4),
    ("亿元", "元", 1e8),
    ("万元", "元", 1e4),
    ("亿度", "度", 1e8),
    ("亿度", "万度", 1e4),
    ("万度", "度", 1e4),
    ("万户", "户", 1e4),
    ("万人", "人", 1e4),
    ("万平方米", "平方米", 1e4),
    ("万平米", "平米", 1e4),
    ("平方公里", "平方米", 1e6),
    ("平方公里", "万平方米", 1e2),
    ("万亩", "亩", 1e4),
    ("万吨", "吨", 1e4),
    ("万吨标准煤", "吨标准煤", 1e4),
    ("%", "‰", 10.0),
    ("亿", "万", 1e4),
)


def family_of(unit_text: str) -> tuple[str, ...]:
    """The family (convertible units) a unit string belongs to."""
    for family in UNIT_FAMILIES.values():
        if unit_text in family:
            return family
    raise KeyError(unit_text)


@functools.cache
def unit(text: str) -> Any:
    """The unit a unit string names (cached: pint parsing is slow and strategies draw often)."""
    return parse_unit(text)


chinese_units = st.sampled_from(CHINESE_UNITS)
rate_units = st.sampled_from(RATE_UNITS)
bare_units = st.sampled_from(BARE_UNITS)
#: A unit family name (the key of :data:`UNIT_FAMILIES`).
unit_families = st.sampled_from(sorted(UNIT_FAMILIES))

# -- numbers and quantities -------------------------------------------------------------------
#: Any finite float, however large or small (subnormals included).
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
#: Finite magnitudes as documents have them: integers or floats.
finite_magnitudes = st.one_of(st.integers(-(10**15), 10**15), finite_floats)
#: The smallest magnitude but zero a plan holds (limits.MIN_MAGNITUDE): a much smaller one
#: would be written (positional, as plans write numbers) past limits.MAX_QUANTITY_CHARS.
SMALLEST_WRITTEN = MIN_MAGNITUDE
#: Any float a quantity text can hold: zero, or SMALLEST_WRITTEN to limits.MAX_MAGNITUDE in
#: absolute value (beyond, a text is refused when read).
readable_floats = st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE).filter(
    lambda x: x == 0 or abs(x) >= SMALLEST_WRITTEN
)
#: Magnitudes a quantity text can hold: integers or floats.
readable_magnitudes = st.one_of(st.integers(-(10**15), 10**15), readable_floats)
#: Magnitudes of the size documents write (MIN_MAGNITUDE to 10**15, no negative zero).
document_magnitudes = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(min_value=-1e15, max_value=1e15).filter(
        lambda x: str(x) == "0.0" or (x != 0 and abs(x) >= MIN_MAGNITUDE)
    ),
)
#: Any magnitude a plan file holds but negative zero (whose sign a plan file does not keep; see
#: test_formatted_text_is_a_fixed_point).
wide_magnitudes = readable_magnitudes.filter(lambda x: x != 0 or str(x) != "-0.0")
#: Strictly positive levels for growth maths.
positive_levels = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)
#: Years of growth: whole years or fractions (partial periods).
growth_years = st.one_of(
    st.integers(1, 30), st.floats(min_value=0.25, max_value=30, allow_nan=False)
)


@st.composite
def quantities(
    draw: st.DrawFn,
    units: st.SearchStrategy[str] = chinese_units,
    magnitudes: st.SearchStrategy[Any] = finite_magnitudes,
) -> Any:
    """A quantity of the shared registry in one of ``units`` (Chinese unit strings)."""
    return Quantity(draw(magnitudes), unit(draw(units)))


def quantities_in(
    family: tuple[str, ...], *, bare: bool = False, magnitudes: Any = finite_magnitudes
) -> st.SearchStrategy[Any]:
    """Quantities in any unit of ``family`` (and bare ones when ``bare``)."""
    units = family + BARE_UNITS if bare else family
    return quantities(st.sampled_from(units), magnitudes)


def rates(
    magnitudes: st.SearchStrategy[Any] = document_magnitudes, *, signed: bool = False
) -> st.SearchStrategy[Any]:
    """Rates such as 10 % or 5 ‰ (dimensionless, with their unit written).

    Target rates are never negative (a planned fall is a reduction target); ``signed`` allows
    negative ones, as a document's own statements may have ("下降了3.2%" read as growth).
    """
    return quantities(rate_units, magnitudes if signed else magnitudes.map(abs))


# -- text and ids -----------------------------------------------------------------------------
ids = st.from_regex(r"\A[a-z][a-z0-9_]{0,11}\Z")
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
chinese_text = st.text(
    alphabet=st.one_of(_cjk, st.sampled_from("0123456789.%（）、，“”-")), min_size=1, max_size=12
)
#: Any character a name may have: no control character (not even tab or a line break), no
#: lone surrogate.
_name_chars = st.characters(blacklist_categories=("Cc", "Cs"))
#: Non-blank text for names and titles (Chinese, or anything printable and more).
names = st.one_of(
    chinese_text,
    st.text(alphabet=_name_chars, min_size=1, max_size=16).filter(lambda s: s.strip() != ""),
)
#: Optional free text: any Unicode but control characters other than tab and line breaks
#: (which free text may have) and lone surrogates, or Chinese.
optional_text = st.one_of(
    st.none(), chinese_text, st.text(alphabet=_name_chars | st.sampled_from("\t\n\r"), max_size=20)
)
#: Optional one-line text, as names have (a category, an English name, an issuer).
optional_names = st.one_of(st.none(), chinese_text, st.text(alphabet=_name_chars, max_size=20))
comparators = st.sampled_from(Comparator)


def unique_ids(max_size: int = 3, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(ids, min_size=min_size, max_size=max_size, unique=True)


# -- periods ----------------------------------------------------------------------------------
years = st.integers(limits.MIN_YEAR, limits.MAX_YEAR)
#: Years plans and their figures are about.
modern_years = st.integers(1950, 2100)


@st.composite
def periods(
    draw: st.DrawFn,
    year: st.SearchStrategy[int] = years,
    partial: bool | None = None,
) -> Period:
    """A whole year, or months ``first``–``last`` of one (``partial`` forces one or the other)."""
    y = draw(year)
    is_partial = draw(st.booleans()) if partial is None else partial
    if not is_partial:
        return Period(y)
    first = draw(st.integers(1, 12))
    last = draw(st.integers(first, 12))
    if (first, last) == (1, 12):
        last = draw(st.integers(1, 11))
        first = draw(st.integers(1, last))
    return Period(y, first, last)


@st.composite
def spans(draw: st.DrawFn, year: st.SearchStrategy[int] = years) -> Period:
    """A span of 2 to ``limits.MAX_SPAN_YEARS`` whole years within the limits."""
    first = draw(year.filter(lambda y: y < limits.MAX_YEAR))
    last = draw(st.integers(first + 1, min(first + limits.MAX_SPAN_YEARS - 1, limits.MAX_YEAR)))
    return Period.span(first, last)


@st.composite
def period_pairs(draw: st.DrawFn, year: st.SearchStrategy[int] = years) -> tuple[Period, Period]:
    """Two periods, the first ending strictly before the second."""
    a, b = draw(st.lists(periods(year), min_size=2, max_size=2, unique_by=lambda p: p.end))
    return (a, b) if a.end < b.end else (b, a)


# -- indicators, observations, targets --------------------------------------------------------
Magnitudes = st.SearchStrategy[Any]


@st.composite
def indicators(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    family: str | None = None,
    magnitudes: Magnitudes = document_magnitudes,
) -> Indicator:
    """An indicator in a unit of ``family`` (drawn when not given), with optional details."""
    fam = UNIT_FAMILIES[family or draw(unit_families)]
    unit_text = draw(st.sampled_from((*fam, "") if fam == UNIT_FAMILIES["share"] else fam))
    ind_unit = unit(unit_text)
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["growth"] = draw(st.sampled_from(GrowthMode))
    if draw(st.booleans()):
        extra["limit"] = draw(
            quantities_in(fam, bare=ind_unit.dimensionless, magnitudes=magnitudes)
        )
    return Indicator(
        id=draw(id),
        name=draw(names),
        unit=ind_unit,
        category=draw(optional_names),
        kind=(kind := draw(st.none() | st.sampled_from(IndicatorKind))),  # None: 未注明
        kind_source=draw(optional_names) if kind is not None else None,
        direction=draw(st.sampled_from(Direction)),
        name_en=draw(optional_names),
        source=draw(optional_text),
        note=draw(optional_text),
        **extra,
    )


def unit_family_of(pint_unit: Any) -> tuple[str, ...]:
    """The family of built-in units compatible with ``unit`` (a pint unit)."""
    for family in UNIT_FAMILIES.values():
        if unit(family[0]).is_compatible_with(pint_unit):
            return family
    raise KeyError(str(pint_unit))


@st.composite
def observations(
    draw: st.DrawFn,
    indicator: Indicator | None = None,
    year: st.SearchStrategy[int] = modern_years,
    magnitudes: Magnitudes = document_magnitudes,
) -> Observation:
    """An observation of ``indicator`` (drawn when not given), possibly bare (no unit stated)."""
    ind = indicator if indicator is not None else draw(indicators())
    value = draw(quantities_in(unit_family_of(ind.unit), bare=True, magnitudes=magnitudes))
    return Observation(
        indicator=ind.id,
        period=draw(periods(year)),
        value=value,
        status=draw(st.sampled_from(ObservationStatus)),
        comparator=draw(st.sampled_from(Comparator)),
        source=draw(optional_text),
        text=draw(optional_text),
    )


TARGET_KIND_NAMES = (
    *("level", "threshold", "share", "rate", "growth", "reduction", "coverage", "change"),
)


@st.composite
def targets(
    draw: st.DrawFn,
    indicator: Indicator | None = None,
    start_year: int = 2021,
    end_year: int = 2025,
    base_year: int | None = None,
    kind: str | None = None,
    magnitudes: Magnitudes = document_magnitudes,
) -> Target:
    """A target of ``indicator`` inside the period ``start_year``–``end_year``.

    ``base_year`` is the plan's base year (default: the year before the period): a growth target
    without a base year of its own measures from it, so it must lie before the target year.
    ``kind`` forces a target kind (``share`` needs a dimensionless indicator).
    """
    ind = indicator if indicator is not None else draw(indicators())
    plan_base = start_year - 1 if base_year is None else base_year
    kinds = [k for k in TARGET_KIND_NAMES if k != "share" or ind.unit.dimensionless]
    kind = kind or draw(st.sampled_from(kinds))
    year = draw(st.integers(start_year, end_year))
    common: dict[str, Any] = {
        "indicator": ind.id,
        "year": year,
        "comparator": draw(comparators),
        "text": draw(optional_text),
        "source": draw(optional_text),
    }
    if kind in ("growth", "reduction"):
        cls = GrowthTarget if kind == "growth" else ReductionTarget
        own_base = st.integers(year - 10, year - 1)
        base = draw(st.none() | own_base) if plan_base < year else draw(own_base)
        rate = draw(rates(magnitudes))
        return cls(rate=rate, annual=draw(st.booleans()), base_year=base, **common)
    if kind == "coverage":
        return CoverageTarget(scope=draw(optional_names), **common)
    if kind == "change":
        own_base = st.integers(year - 10, year - 1)
        base = draw(st.none() | own_base) if plan_base < year else draw(own_base)
        if draw(st.booleans()):
            factor = draw(st.integers(2, 16) | st.floats(0.01, 100).filter(lambda f: f != 1))
            return ChangeTarget(factor=factor, base_year=base, **common)
        one = Quantity(1, ind.unit)
        if one.dimensionless:  # a share's change is in 百分点; a plain number's, a number
            size = draw(magnitudes.filter(lambda m: m != 0))
            by = Quantity(size, "dimensionless" if is_bare(one) else "percentage_point")
            return ChangeTarget(by=by, base_year=base, **common)
        by = draw(
            quantities_in(unit_family_of(ind.unit), magnitudes=magnitudes).filter(
                lambda q: q.magnitude != 0
            )
        )
        return ChangeTarget(by=by, base_year=base, **common)
    if kind == "share":
        value = draw(quantities_in((*RATE_UNITS, ""), magnitudes=magnitudes))
        return ShareTarget(value=value, of=draw(optional_names), **common)
    value = draw(quantities_in(unit_family_of(ind.unit), bare=True, magnitudes=magnitudes))
    if kind == "rate":
        in_period = st.integers(start_year, end_year)
        return RateTarget(value=value, years=draw(st.lists(in_period, max_size=3)), **common)
    cls = ThresholdTarget if kind == "threshold" else LevelTarget
    return cls(value=value, **common)


# -- statements -------------------------------------------------------------------------------
@st.composite
def statements(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    about: tuple[Indicator, ...] = (),
    parts: tuple[str, ...] = (),
    year: st.SearchStrategy[int] = modern_years,
    magnitudes: Magnitudes = document_magnitudes,
) -> Statement:
    """A statement about one of the indicators ``about``, or a total of some of ``parts``.

    With neither indicators nor parts, a total of a made-up part is returned (valid on its own,
    not inside a plan that lacks the part).
    """
    kinds = [StatementKind.TOTAL]
    if about:
        kinds += [
            StatementKind.TOTAL_GROWTH,
            StatementKind.AVERAGE_GROWTH,
            StatementKind.CHANGE,
            StatementKind.AVERAGE_CHANGE,
        ]
    kind = draw(st.sampled_from(kinds))
    common: dict[str, Any] = {
        "id": draw(id),
        "kind": kind,
        "comparator": draw(comparators),
        "text": draw(optional_text),
        "source": draw(optional_text),
    }
    if kind is StatementKind.TOTAL:
        pool = parts or ("some_project",)
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        ind = draw(st.none() | st.sampled_from(about)) if about else None
        family = unit_family_of(ind.unit) if ind is not None else UNIT_FAMILIES["money"]
        value = draw(quantities_in(family, bare=True, magnitudes=magnitudes))
        span: dict[str, Any] = {}
        if draw(st.booleans()):
            span["start"], span["end"] = draw(period_pairs(year))
        return Statement(
            value=value,
            parts=chosen,
            indicator=ind.id if ind is not None else None,
            **span,
            **common,
        )
    ind = draw(st.sampled_from(about))
    start, end = draw(period_pairs(year))
    if kind in (StatementKind.TOTAL_GROWTH, StatementKind.AVERAGE_GROWTH):
        value = draw(rates(magnitudes, signed=True))
    else:
        family = unit_family_of(ind.unit)
        if ind.unit.dimensionless:  # a change of a share may be in 百分点
            family = (*family, *UNIT_FAMILIES["percentage_point"])
        value = draw(quantities_in(family, bare=True, magnitudes=magnitudes))
    return Statement(value=value, indicator=ind.id, start=start, end=end, **common)


# -- enterprises, parks, projects, chains -----------------------------------------------------
@st.composite
def dag_edges(draw: st.DrawFn, nodes: list[str], max_edges: int = 12) -> list[tuple[str, str]]:
    """Edges of a random DAG on ``nodes`` (each goes forward in a hidden random order)."""
    order = draw(st.permutations(nodes))
    pairs = [(order[i], order[j]) for i in range(len(order)) for j in range(i + 1, len(order))]
    if not pairs:
        return []
    return draw(st.lists(st.sampled_from(pairs), max_size=max_edges, unique=True))


@st.composite
def chain_templates(
    draw: st.DrawFn, id: st.SearchStrategy[str] = ids, max_segments: int = 4
) -> ChainTemplate:
    """A template with up to ``max_segments`` segments and acyclic supply edges."""
    seg_ids = draw(unique_ids(max_size=max_segments))
    return ChainTemplate(
        id=draw(id),
        name=draw(names),
        segments=[
            Segment(
                id=s,
                name=draw(names),
                stage=draw(st.sampled_from(Stage)),
                core=draw(st.booleans()),
                note=draw(optional_text),
            )
            for s in seg_ids
        ],
        edges=draw(dag_edges(seg_ids)),
        provenance=draw(st.sampled_from(Provenance)),
        note=draw(optional_text),
        source=draw(optional_text),
    )


@st.composite
def chains(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    templates: tuple[ChainTemplate, ...] = (),
    enterprise_ids: tuple[str, ...] = (),
) -> Chain:
    """A chain, perhaps on one of ``templates`` with some of ``enterprise_ids`` in its segments."""
    template = draw(st.none() | st.sampled_from(templates)) if templates else None
    presence: dict[str, list[str]] = {}
    if template is not None and template.segments:
        segs = [s.id for s in template.segments]
        for seg in draw(st.lists(st.sampled_from(segs), unique=True)):
            firms = (
                draw(st.lists(st.sampled_from(enterprise_ids), max_size=3, unique=True))
                if enterprise_ids
                else []
            )
            presence[seg] = firms
    segs = [s.id for s in template.segments] if template is not None else []
    directions = [
        ChainDirection(
            action=draw(st.sampled_from(ChainAction)),
            segments=draw(st.lists(st.sampled_from(segs), max_size=2, unique=True)) if segs else [],
            text=draw(names),
            source=draw(optional_text),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Chain(
        id=draw(id),
        name=draw(names),
        source=draw(optional_text),
        template=template.id if template is not None else None,
        presence=presence,
        presence_provenance=draw(st.sampled_from(Provenance)),
        note=draw(optional_text),
        directions=directions,
    )


@st.composite
def parks(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    parents: tuple[str, ...] = (),
    chains: tuple[str, ...] = (),
) -> Park:
    """A park whose parent (if any) is one of ``parents`` other than itself, hosting some of
    ``chains``."""
    park_id = draw(id)
    others = [p for p in parents if p != park_id]
    parent = draw(st.none() | st.sampled_from(others)) if others else None
    return Park(
        id=park_id,
        name=draw(names),
        kind=draw(st.none() | st.sampled_from(["园中园", "园外园", "工业小区", "廊", "区"])),
        parent=parent,
        towns=draw(st.lists(chinese_text, max_size=3)),
        focus=draw(optional_text),
        industries=draw(st.lists(names, max_size=3)),
        chains=draw(st.lists(st.sampled_from(chains), max_size=2, unique=True)) if chains else (),
        source=draw(optional_text),
        note=draw(optional_text),
    )


@st.composite
def source_regions(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    parks: tuple[str, ...] = (),
    chains: tuple[str, ...] = (),
) -> SourceRegion:
    """A source region of 招商 for some of ``chains`` (or all), perhaps named by one of
    ``parks``."""
    return SourceRegion(
        id=draw(id),
        name=draw(names),
        kind=draw(st.sampled_from(SourceKind)),
        chains=draw(st.lists(st.sampled_from(chains), max_size=2, unique=True)) if chains else (),
        industries=draw(st.lists(names, max_size=2)),
        park=draw(st.none() | st.sampled_from(parks)) if parks else None,
        text=draw(optional_text),
        source=draw(optional_text),
        note=draw(optional_text),
    )


@st.composite
def enterprises(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    chain_ids: tuple[str, ...] = (),
    park_ids: tuple[str, ...] = (),
) -> Enterprise:
    """An enterprise in some of ``chain_ids`` and perhaps one of ``park_ids``."""
    in_chains = (
        draw(st.lists(st.sampled_from(chain_ids), max_size=3, unique=True)) if chain_ids else []
    )
    park = draw(st.none() | st.sampled_from(park_ids)) if park_ids else None
    optional_bool = st.none() | st.booleans()
    return Enterprise(
        id=draw(id),
        name=draw(names),
        chains=in_chains,
        park=park,
        leader=draw(st.booleans()),
        above_scale=draw(optional_bool),
        high_tech=draw(optional_bool),
        products=draw(optional_text),
        chain_provenance=draw(st.sampled_from(Provenance)),
        source=draw(optional_text),
        note=draw(optional_text),
    )


@st.composite
def projects(
    draw: st.DrawFn,
    id: st.SearchStrategy[str] = ids,
    enterprise_ids: tuple[str, ...] = (),
    magnitudes: Magnitudes = document_magnitudes,
) -> Project:
    """A project, perhaps carried by one of ``enterprise_ids``, with an amount in money or bare."""
    enterprise = draw(st.none() | st.sampled_from(enterprise_ids)) if enterprise_ids else None
    amounts = quantities_in(UNIT_FAMILIES["money"], bare=True, magnitudes=magnitudes)
    return Project(
        id=draw(id),
        name=draw(names),
        enterprise=enterprise,
        investment=draw(st.none() | amounts),
        year=draw(st.none() | modern_years),
        source=draw(optional_text),
        text=draw(optional_text),
    )


# -- whole plans ------------------------------------------------------------------------------
@st.composite
def plans(
    draw: st.DrawFn,
    *,
    predecessor: bool = True,
    end_by: int | None = None,
    max_items: int = 3,
    magnitudes: Magnitudes = document_magnitudes,
) -> Plan:
    """A valid plan; with ``predecessor``, optionally one earlier plan it follows.

    Observations and targets are listed indicator by indicator, the order a plan file keeps.

    Args:
        predecessor: Whether the plan may have a predecessor (itself without one).
        end_by: Latest end year (for predecessors: the successor's start year).
        max_items: Most entries of each kind (indicators, statements, parks, ...).
        magnitudes: Magnitudes of every quantity in the plan.
    """
    latest = 2100 if end_by is None else end_by
    start = draw(st.integers(latest - 60, latest))
    end = draw(st.integers(start, min(start + 9, latest)))
    base = draw(st.none() | st.integers(start - 5, start))
    plan_base = start - 1 if base is None else base

    inds = [
        draw(indicators(st.just(i), magnitudes=magnitudes))
        for i in draw(unique_ids(max_size=max_items + 1))
    ]
    obs: list[Observation] = []
    tgts: list[Target] = []
    obs_years = st.integers(start - 10, end)
    for ind in inds:
        obs += draw(st.lists(observations(ind, obs_years, magnitudes), max_size=max_items))
        tgts += draw(
            st.lists(targets(ind, start, end, plan_base, magnitudes=magnitudes), max_size=max_items)
        )

    chain_ids = tuple(draw(unique_ids(max_items)))
    park_ids = tuple(draw(unique_ids(max_items)))
    enterprise_ids = tuple(draw(unique_ids(max_items)))
    project_ids = tuple(draw(unique_ids(max_items)))
    region_ids = tuple(draw(unique_ids(max_items)))
    parts = project_ids + tuple(i.id for i in inds)
    statement_ids = draw(unique_ids(max_items)) if parts else []

    plan_templates = [draw(chain_templates(st.just(t))) for t in draw(unique_ids(max_items))]
    plan_chains = [
        draw(chains(st.just(c), tuple(plan_templates), enterprise_ids)) for c in chain_ids
    ]
    by_id = {t.id: t for t in plan_templates}
    refs = [
        f"{c.id}.{seg.id}"
        for c in plan_chains
        if c.template is not None
        for seg in by_id[c.template].segments
    ]
    links = (
        draw(st.lists(st.tuples(st.sampled_from(refs), st.sampled_from(refs)), max_size=max_items))
        if refs
        else []
    )

    before = None
    if predecessor and draw(st.booleans()):
        before = draw(
            plans(
                predecessor=False,
                end_by=start,
                max_items=max(1, max_items - 1),
                magnitudes=magnitudes,
            )
        )
    return Plan(
        id=draw(ids),
        region=draw(names),
        title=draw(names),
        start_year=start,
        end_year=end,
        **({} if base is None else {"base_year": base}),
        issuer=draw(optional_names),
        indicators=inds,
        observations=obs,
        targets=tgts,
        statements=[
            draw(statements(st.just(s), tuple(inds), parts, obs_years, magnitudes))
            for s in statement_ids
        ],
        enterprises=[draw(enterprises(st.just(e), chain_ids, park_ids)) for e in enterprise_ids],
        # each park's parent is an earlier park: parks inside each other in a loop are refused
        parks=[draw(parks(st.just(p), park_ids[:i], chain_ids)) for i, p in enumerate(park_ids)],
        source_regions=[draw(source_regions(st.just(r), park_ids, chain_ids)) for r in region_ids],
        projects=[draw(projects(st.just(p), enterprise_ids, magnitudes)) for p in project_ids],
        chains=plan_chains,
        templates=plan_templates,
        links=links,
        links_provenance=draw(st.sampled_from(Provenance)),
        predecessor=before,
        source=draw(optional_text),
    )


# -- progress evaluation ----------------------------------------------------------------------
@attrs.frozen
class ProgressCase:
    """One indicator with a baseline in 2020, a level target and the period of a latest value.

    ``sense`` is +1 for a higher-is-better indicator with a ≥ target, -1 for a lower-is-better
    one with a ≤ target; the target lies ahead of the baseline in that direction.
    """

    sense: int
    baseline: float
    target: float
    target_year: int
    latest_period: Period
    linear: bool
    binding: bool

    @property
    def years_to_target(self) -> float:
        return self.target_year - 2020.0

    def on_path(self) -> float:
        """The latest value on the compound path from the baseline that hits the target."""
        share = (self.latest_period.end - 2020.0) / self.years_to_target
        return self.baseline * (self.target / self.baseline) ** share


@st.composite
def progress_cases(draw: st.DrawFn, linear: bool | None = None) -> ProgressCase:
    """A :class:`ProgressCase` with the latest value between the base year and the target year."""
    sense = draw(st.sampled_from((1, -1)))
    baseline = draw(st.floats(min_value=1.0, max_value=1e4))
    factor = draw(
        st.floats(min_value=1.05, max_value=5.0)
        if sense > 0
        else st.floats(min_value=0.2, max_value=0.95)
    )
    target_year = draw(st.integers(2022, 2030))
    latest_period = draw(periods(st.integers(2021, target_year - 1)))
    return ProgressCase(
        sense=sense,
        baseline=baseline,
        target=baseline * factor,
        target_year=target_year,
        latest_period=latest_period,
        linear=draw(st.booleans()) if linear is None else linear,
        binding=draw(st.booleans()),
    )


def progress_plan(
    case: ProgressCase, latest: float, *, unit: str = "亿元", scale: float = 1.0
) -> Plan:
    """The plan of ``case`` with ``latest`` as the latest value, all values times ``scale`` in
    ``unit`` (``scale=1e4, unit="万元"`` is the same data as the default in 亿元)."""
    ind_unit = parse_unit(unit)
    indicator = Indicator(
        id="output",
        name="工业总产值",
        unit=ind_unit,
        direction=Direction.HIGHER if case.sense > 0 else Direction.LOWER,
        kind=IndicatorKind.BINDING if case.binding else IndicatorKind.ANTICIPATORY,
        growth=GrowthMode.LINEAR if case.linear else GrowthMode.COMPOUND,
        # a level whatever months it covers, so that part-year periods test the arithmetic
        # (a flow's part-year value is set aside: tests/test_flow_stock.py)
        measure=Measure.STOCK,
    )
    obs = [
        Observation(
            indicator="output", period=Period(2020), value=Quantity(case.baseline * scale, ind_unit)
        ),
        Observation(
            indicator="output", period=case.latest_period, value=Quantity(latest * scale, ind_unit)
        ),
    ]
    target = LevelTarget(
        indicator="output",
        year=case.target_year,
        value=Quantity(case.target * scale, ind_unit),
        comparator=Comparator.GE if case.sense > 0 else Comparator.LE,
    )
    return Plan(
        id="demo",
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=case.target_year,
        indicators=[indicator],
        observations=obs,
        targets=[target],
    )


# -- drafting the next plan -------------------------------------------------------------------
#: Base-year levels of a drafted indicator, in documents' range (0.01 to 10**7 of its unit).
draft_bases = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
#: Annual rates a drafter chooses, in percent: falls up to 30 % a year, growth up to 40 %.
draft_percents = st.floats(min_value=-30, max_value=40, allow_nan=False).map(lambda x: round(x, 2))
#: Linear changes per year of a count, in its unit (whole or fractional).
draft_changes = st.one_of(
    st.integers(-50, 200),
    st.floats(min_value=-50, max_value=200).filter(lambda x: x == 0 or abs(x) >= MIN_MAGNITUDE),
)
#: (start_year, end_year) of a drafted period: one to fifteen years after the base year.
draft_periods = st.integers(2001, 2040).flatmap(
    lambda start: st.tuples(st.just(start), st.integers(start, start + 14))
)


def draft_source_plan(
    base_year: int,
    base: float,
    *,
    unit: str = "亿元",
    growth: GrowthMode | None = None,
    direction: Direction = Direction.HIGHER,
) -> Plan:
    """A one-indicator plan ending in ``base_year`` with an actual value ``base`` that year,
    to draft the next plan from."""
    extra = {} if growth is None else {"growth": growth}
    ind = Indicator(id="x", name="指标", unit=parse_unit(unit), direction=direction, **extra)
    return Plan(
        id="old",
        region="示例县",
        title="示例规划",
        start_year=base_year - 4,
        end_year=base_year,
        indicators=[ind],
        observations=[
            Observation(indicator="x", period=Period(base_year), value=Quantity(base, ind.unit))
        ],
    )


# -- plans the audit must find consistent -----------------------------------------------------
def written(x: float, places: int, unit_text: str = "") -> Any:
    """``x`` as a document writes it: rounded to ``places`` decimals, with ``unit_text``."""
    text = f"{x:.{places}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return parse_quantity(f"{text}{unit_text}")


def _name_key(name: str) -> str:
    """An enterprise name as the audit compares them (NFKC, no spaces, case-folded)."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace()).casefold()


@st.composite
def consistent_plans(draw: st.DrawFn) -> Plan:
    """A plan (2021–2025) whose figures agree as a careful document's do.

    Every figure is derived exactly from the others, then written rounded: levels to one
    decimal, shares to two, stated total and compound average growth to two decimals of a
    percent, a change in 百分点 to two decimals, an average net increase of a count to one
    (or, written 以上, rounded down), investments in 万元 to one decimal and their total in 亿元
    to two. A level target (2021–2025) is the base-year level grown at a drawn rate, written
    to one decimal, and the growth target is the annual rate it needs from the base. Enterprises, and the projects each
    carries, are distinct; every figure has its unit. The history (2020 − n to 2020) is in the
    plan or in its predecessor, in which case the plan may repeat the 2020 level in other
    units and decimals, and its review chapter may state the growth figures over the
    predecessor's data (checked against it). The audit must find nothing in it.
    """
    n = draw(st.integers(1, 10))
    first = Period(2020 - n)
    last = Period(2020)
    unit_text = draw(st.sampled_from(("亿元", "亿度", "万吨", "万户")))
    ind_unit = unit(unit_text)
    a = draw(st.floats(50, 10_000))
    r = draw(st.floats(-0.05, 0.30))
    b = a * (1 + r) ** n
    output = Indicator(id="output", name="工业总产值", unit=ind_unit)
    share = Indicator(id="share", name="研发投入占GDP比重", unit=unit("%"))
    firms = Indicator(id="firms", name="规模工业企业", unit=unit("家"))

    s0 = draw(st.floats(0.5, 60))
    s1 = s0 + draw(st.floats(-0.4 * s0, 20))
    c0 = draw(st.integers(0, 500))
    c1 = c0 + draw(st.integers(-min(c0, 50), 300))
    history = [
        Observation(indicator="output", period=first, value=written(a, 1, unit_text)),
        Observation(indicator="output", period=last, value=written(b, 1, unit_text)),
        Observation(indicator="share", period=first, value=written(s0, 2, "%")),
        Observation(indicator="share", period=last, value=written(s1, 2, "%")),
        Observation(indicator="firms", period=first, value=written(c0, 0, "家")),
        Observation(indicator="firms", period=last, value=written(c1, 0, "家")),
    ]
    # new firms each year and their total over the years (〔…〕, a span, V003)
    new_firms = Indicator(id="new_firms", name="新增规模工业企业", unit=unit("家"))
    if n >= 2:
        yearly = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
        history += [
            Observation(
                indicator="new_firms", period=Period(2020 - n + 1 + i), value=written(x, 0, "家")
            )
            for i, x in enumerate(yearly)
        ]
        history.append(
            Observation(
                indicator="new_firms",
                period=Period.span(2020 - n + 1, 2020),
                value=written(sum(yearly), 0, "家"),
            )
        )
    span = {"start": first, "end": last}
    at_least = draw(st.booleans())
    per_year = (c1 - c0) / n
    net = math.floor(per_year * 10) / 10 if at_least else per_year
    statements_ = [
        Statement(
            id="output_total_growth",
            kind=StatementKind.TOTAL_GROWTH,
            indicator="output",
            value=written(100 * (b / a - 1), 2, "%"),
            **span,
        ),
        Statement(
            id="output_average_growth",
            kind=StatementKind.AVERAGE_GROWTH,
            indicator="output",
            value=written(100 * r, 2, "%"),
            **span,
        ),
        Statement(
            id="share_change",
            kind=StatementKind.CHANGE,
            indicator="share",
            value=written(s1 - s0, 2, "个百分点"),
            **span,
        ),
        Statement(
            id="firms_net_increase",
            kind=StatementKind.AVERAGE_CHANGE,
            indicator="firms",
            value=written(net, 1, "家"),
            comparator=Comparator.GE if at_least else Comparator.EQ,
            **span,
        ),
    ]

    # the 2025 targets: a level, and the annual growth it needs from the written base
    year = draw(st.integers(2021, 2025))
    level = written(b * (1 + draw(st.floats(0.01, 0.30))) ** (year - 2020), 1, unit_text)
    need = 100 * ((level.magnitude / b) ** (1 / (year - 2020)) - 1)
    plan_targets = [
        LevelTarget(indicator="output", year=year, value=level),
        GrowthTarget(indicator="output", year=year, rate=written(need, 2, "%"), annual=True),
    ]

    # enterprises, one project each, and their total
    firm_names = draw(st.lists(chinese_text, min_size=1, max_size=5, unique_by=_name_key))
    amounts = [
        written(x, draw(st.integers(0, 1)), "万元")
        for x in draw(
            st.lists(st.floats(100, 50_000), min_size=len(firm_names), max_size=len(firm_names))
        )
    ]
    plan_enterprises = [
        Enterprise(id=f"firm_{i}", name=name, chains=["main"]) for i, name in enumerate(firm_names)
    ]
    plan_projects = [
        Project(id=f"project_{i}", name=f"{name}项目", enterprise=f"firm_{i}", investment=q)
        for i, (name, q) in enumerate(zip(firm_names, amounts, strict=True))
    ]
    total = sum(q.to(unit("亿元")).magnitude for q in amounts)
    statements_.append(
        Statement(
            id="investment_total",
            kind=StatementKind.TOTAL,
            value=written(total, 2, "亿元"),
            parts=[p.id for p in plan_projects],
        )
    )
    template = ChainTemplate(
        id="reference",
        name="参考模板",
        segments=[Segment(id="processing", name="加工", stage=Stage.MIDSTREAM)],
    )
    chain = Chain(
        id="main",
        name="主导产业",
        template="reference",
        presence={"processing": [e.id for e in plan_enterprises]},
    )

    head = {"region": "示例县", "title": "示例规划"}
    common = {
        "enterprises": plan_enterprises,
        "projects": plan_projects,
        "templates": [template],
        "chains": [chain],
    }
    if not draw(st.booleans()):
        return Plan(
            id="demo",
            start_year=2021,
            end_year=2025,
            indicators=[output, share, firms, new_firms],
            observations=history,
            targets=plan_targets,
            statements=statements_,
            **head,
            **common,
        )
    before = Plan(
        id="demo_before",
        start_year=2016,
        end_year=2020,
        indicators=[output, share, firms, new_firms],
        observations=history,
        statements=statements_[:-1],
        **head,
    )
    repeat = []
    if draw(st.booleans()):  # the 2020 level again, as the new plan's table writes it
        again = draw(st.sampled_from(((unit_text, 2), (unit_text, 0), *_smaller(unit_text))))
        value = Quantity(b, ind_unit).to(unit(again[0])).magnitude
        repeat.append(
            Observation(indicator="output", period=last, value=written(value, again[1], again[0]))
        )
    if draw(st.booleans()):  # the new plan's review chapter states the growth figures
        before = attrs.evolve(before, statements=[])
        return Plan(
            id="demo",
            start_year=2021,
            end_year=2025,
            indicators=[output, share, firms, new_firms],
            observations=repeat,
            targets=plan_targets,
            statements=statements_,
            predecessor=before,
            **head,
            **common,
        )
    return Plan(
        id="demo",
        start_year=2021,
        end_year=2025,
        indicators=[output],
        observations=repeat,
        targets=plan_targets,
        statements=[statements_[-1]],
        predecessor=before,
        **head,
        **common,
    )


def _smaller(unit_text: str) -> tuple[tuple[str, int], ...]:
    """A smaller unit the same figure may be written in, with the decimals it would have."""
    return {
        "亿元": (("万元", 0),),
        "亿度": (("万度", 0),),
        "万吨": (("吨", 0),),
        "万户": (("户", 0),),
    }[unit_text]


# -- many plans at once: batch evaluation -----------------------------------------------------
#: (indicator unit, units its values may be written in, whether it is a share).
_PROGRESS_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("亿元", ("亿元", "万元")),
    ("万元", ("亿元", "万元", "元")),
    ("%", ("%", "‰")),
    ("家", ("家",)),
    ("万吨标准煤", ("万吨标准煤", "吨标准煤")),
)


@st.composite
def progress_plans(draw: st.DrawFn, id: str = "demo", max_indicators: int = 4) -> Plan:
    """A plan 2021–2025 (base year 2020) rich in progress data, for batch vs scalar tests.

    Each indicator has (usually) a 2020 baseline and a few later values in mixed units,
    statuses and part-years — a zero or negative value now and then, and a bare one — and up to
    three targets of any kind with comparators either way, near the baseline; some indicators
    have no target, some a natural limit.
    """
    inds: list[Indicator] = []
    obs: list[Observation] = []
    tgts: list[Target] = []
    for k in range(draw(st.integers(1, max_indicators))):
        unit_text, written_in = draw(st.sampled_from(_PROGRESS_UNITS))
        ind_unit = unit(unit_text)
        share = unit_text == "%"
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            extra["growth"] = draw(st.sampled_from(GrowthMode))
        if share and draw(st.booleans()):
            extra["limit"] = Quantity(100, ind_unit)
        ind = Indicator(
            id=f"ind_{k}",
            name=f"指标{k}",
            unit=ind_unit,
            kind=draw(st.none() | st.sampled_from(IndicatorKind)),  # None: 未注明
            direction=draw(st.sampled_from(Direction)),
            **extra,
        )
        inds.append(ind)
        near_limit = (90.0, 97.0, 99.0, 100.0) if share else ()
        base = draw(
            st.one_of(
                st.floats(0.5, 95.0 if share else 1e4),
                st.sampled_from((0.0, -2.0, 1.0, *near_limit, *near_limit)),
            )
        )

        def value(x: float, written: str = unit_text, ind_unit: Any = ind_unit) -> Any:
            return Quantity(x, ind_unit).to(unit(written))

        years = draw(st.lists(st.integers(2019, 2026), max_size=4))
        if draw(st.integers(0, 9)) > 0:
            years = [2020, *years]
        for year in years:
            x = (
                base
                if year == 2020
                else base * draw(st.floats(0.3, 3.0))
                + draw(st.sampled_from((0.0, 0.0, 0.0, 1.0, -1.0)))
            )
            period = draw(periods(st.just(year))) if draw(st.integers(0, 3)) == 0 else Period(year)
            q = (
                Quantity(x, unit("万"))
                if draw(st.integers(0, 15)) == 0
                else value(x, draw(st.sampled_from(written_in)))
            )
            obs.append(
                Observation(
                    indicator=ind.id,
                    period=period,
                    value=q,
                    status=draw(st.sampled_from(ObservationStatus)),
                )
            )
        for _ in range(draw(st.integers(0, 3))):
            year = draw(st.integers(2021, 2025))
            cmp = draw(comparators)
            kind = draw(
                st.sampled_from(
                    ("level", "threshold", "growth", "reduction", "rate", "coverage", "share")
                    if share
                    else ("level", "threshold", "growth", "reduction", "rate")
                )
            )
            goal = max(base, 0.5) * draw(st.floats(0.5, 2.0))
            written = draw(st.sampled_from(written_in))
            common: dict[str, Any] = {"indicator": ind.id, "year": year, "comparator": cmp}
            if kind in ("growth", "reduction"):
                cls = GrowthTarget if kind == "growth" else ReductionTarget
                rate = Quantity(draw(st.just(0.0) | st.floats(1e-6, 20.0)), unit("%"))
                own = draw(st.none() | st.integers(2018, year - 1))
                tgts.append(cls(rate=rate, annual=draw(st.booleans()), base_year=own, **common))
            elif kind == "coverage":
                tgts.append(CoverageTarget(**common))
            elif kind == "rate":
                years_of = draw(st.lists(st.integers(2021, 2025), max_size=3))
                tgts.append(RateTarget(value=value(goal, written), years=years_of, **common))
            elif kind == "share":
                tgts.append(ShareTarget(value=value(min(goal, 100.0), written), **common))
            else:
                cls_ = ThresholdTarget if kind == "threshold" else LevelTarget
                target_value = value(goal, written)
                if draw(st.integers(0, 15)) == 0:
                    target_value = Quantity(goal, unit("万"))  # no unit stated
                tgts.append(cls_(value=target_value, **common))
    return Plan(
        id=id,
        region="示例县",
        title="示例规划",
        start_year=2021,
        end_year=2025,
        indicators=inds,
        observations=obs,
        targets=tgts,
    )


#: Any text at all, control characters and lone surrogates included (what an API caller can pass).
any_text = st.text(
    st.one_of(st.characters(codec=None), st.characters(categories=["Cc", "Cs", "Zl", "Zp"])),
    max_size=40,
)

# -- hostile input: anything a user or an attacker may write ---------------------------------
#: Fragments that have broken parsers of this library before (issue 14), to splice into text.
HOSTILE_FRAGMENTS: tuple[str, ...] = (
    "%%",
    "%‰",
    "‰‰",
    "**",
    "**99999999",
    "^-1",
    "/",
    "//",
    " ",
    "\x00",
    "\n",
    "1e400",
    "inf",
    "nan",
    "9" * 400,
    "1" * 5000,
    "亿元",
    "万元",
    "百分点",
    "个百分点",
    "每年",
    "年均增长",
    "达到",
    "以上",
    "s",
    "meter",
    "kg",
    "a",
    "mpermille",
    "(",
    ")",
    "<script>",
    "```",
    "年1-9月",
)
hostile_fragments = st.sampled_from(HOSTILE_FRAGMENTS)


@st.composite
def hostile_texts(draw: st.DrawFn, max_repeat: int = 3000) -> str:
    """Text built to break a parser: numbers, units, phrase words and hostile fragments spliced
    together, any Unicode, and a piece repeated up to ``max_repeat`` times (long inputs)."""
    parts = draw(
        st.lists(
            st.one_of(
                hostile_fragments,
                st.text(max_size=8),
                st.decimals(allow_nan=False, allow_infinity=False).map(str),
                st.integers().map(str),
                chinese_units,
            ),
            max_size=6,
        )
    )
    if draw(st.integers(0, 4)) == 0:
        piece = draw(st.one_of(hostile_fragments, st.text(min_size=1, max_size=3)))
        parts.insert(draw(st.integers(0, len(parts))), piece * draw(st.integers(1, max_repeat)))
    return "".join(parts)


#: Values a plan file or an observation record may hold, of any type.
hostile_values = st.one_of(
    hostile_texts(),
    st.integers(),
    st.integers(min_value=10**18).map(lambda x: x * 10**300),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)

#: A small valid plan file, to splice hostile text into (TOML; its JSON twin below).
SMALL_PLAN_TOML = """id = "demo"
region = "示例县"
title = "示例规划"
start_year = 2021
end_year = 2025

[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [{ period = 2020, value = 198 }]
targets = [{ year = 2025, text = "达到300亿元" }]
"""


@st.composite
def hostile_plan_documents(draw: st.DrawFn, fmt: str = "toml") -> str:
    """A small plan file (TOML or JSON) with one hostile value written into it, or with
    hostile text spliced in at any place (which may break its syntax)."""
    import json
    import tomllib

    if draw(st.booleans()):
        tree = tomllib.loads(SMALL_PLAN_TOML)
        ind = tree["indicators"]["output"]
        slot = draw(
            st.sampled_from(
                ["id", "region", "title", "start_year", "unit", "name", "value", "period", "text"]
            )
        )
        value = draw(hostile_values)
        if slot in ("id", "region", "title", "start_year"):
            tree[slot] = value
        elif slot in ("unit", "name"):
            ind[slot] = value
        elif slot in ("value", "period"):
            ind["observations"][0][slot] = value
        else:
            ind["targets"][0][slot] = value
        if fmt == "json":
            return json.dumps(tree, ensure_ascii=False, default=str)
        import tomli_w

        try:
            return tomli_w.dumps(tree)
        except (TypeError, ValueError):  # None, an over-long int: TOML cannot hold it as is
            if slot in ("id", "region", "title", "start_year"):
                tree[slot] = str(value) if value is not None else ""
                return tomli_w.dumps({**tree, "indicators": {}})
            tree_text = tomli_w.dumps({**tree, "indicators": {}})
            return tree_text + f"\n[indicators.output]\nname = {json.dumps(str(value))}\n"
    text = SMALL_PLAN_TOML
    if fmt == "json":
        text = json.dumps(tomllib.loads(SMALL_PLAN_TOML), ensure_ascii=False)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(hostile_texts(max_repeat=500)) + text[at:]


#: Observation records (as from a CSV or a data frame) with hostile cells.
hostile_records = st.lists(
    st.fixed_dictionaries(
        {
            "indicator": st.one_of(st.just("output"), hostile_texts(max_repeat=50)),
            "period": st.one_of(st.integers(), st.just(2023), hostile_texts(max_repeat=50)),
            "value": hostile_values,
        },
        optional={
            "unit": st.one_of(st.just("亿元"), hostile_texts(max_repeat=50)),
            "status": hostile_values,
            "source": hostile_values,
        },
    ),
    max_size=4,
)


#: Near misses of unit texts: short texts of the characters the vocabulary's names use, the
#: variant characters suggestions fold (圆, 媒) and ``/`` (for did-you-mean properties).
def _vocabulary_characters() -> list[str]:
    from fyp_planning.units._registry import vocabulary

    return sorted({ch for name in vocabulary() for ch in name if ch.isalpha()} | {"圆", "媒", "/"})


unit_near_misses = st.text(alphabet=_vocabulary_characters(), min_size=1, max_size=6)


# -- the chain-template library (std: references and extensions) ---------------------------------
@st.composite
def library_extensions(draw: st.DrawFn, id: st.SearchStrategy[str] = ids) -> ChainTemplate:
    """A template extending a library template (``extends = "std:…"``), built as Python would:
    library segments dropped, renamed or replaced, segments and edges added, library edges
    dropped — and sometimes the segments or edges in an order no file delta gives."""
    from fyp_planning import standard_templates

    library = standard_templates()
    lib_id = draw(st.sampled_from(sorted(library)))
    base = library[lib_id]
    lib_ids = [s.id for s in base.segments]
    dropped = set(draw(st.lists(st.sampled_from(lib_ids), max_size=3, unique=True)))
    kept = [s for s in base.segments if s.id not in dropped]
    segments = []
    for seg in kept:
        change = draw(st.sampled_from(["same", "same", "rename", "replace"]))
        if change == "rename":
            seg = attrs.evolve(seg, name=draw(names))
        elif change == "replace":
            seg = attrs.evolve(seg, core=not seg.core, note=draw(optional_text))
        segments.append(seg)
    new_ids = [i for i in draw(unique_ids(max_size=3)) if i not in lib_ids]
    segments += [
        Segment(id=i, name=draw(names), stage=draw(st.sampled_from(Stage))) for i in new_ids
    ]
    kept_ids = {s.id for s in kept}
    edges = [
        e
        for e in base.edges
        if e[0] in kept_ids and e[1] in kept_ids and draw(st.integers(0, 9)) > 0
    ]
    if kept and new_ids:  # library segments supply the new ones: still acyclic
        edges += draw(
            st.lists(
                st.tuples(st.sampled_from(sorted(kept_ids)), st.sampled_from(new_ids)),
                max_size=3,
                unique=True,
            )
        )
    if draw(st.booleans()):
        segments = draw(st.permutations(segments))
    if draw(st.booleans()):
        edges = draw(st.permutations(edges))
    pinned = draw(st.booleans())
    return ChainTemplate(
        id=draw(id),
        name=draw(names),
        extends=f"std:{lib_id}@{base.version}" if pinned else f"std:{lib_id}",
        segments=segments,
        edges=edges,
        note=draw(optional_text),
    )
