"""The plan (规划): its period, indicators, figures, targets and the things it names."""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

import attrs

from ..errors import PlanValidationError, Problem
from ..tables import Tabular
from ..text import Message
from ..units import Quantity, format_unit, is_bare
from ..units.declared import UnitDeclaration
from . import _validators as v
from ._converters import items
from ._tables import PLAN_TABLES, plan_rows
from .composition import Composition, format_value
from .entities import (
    Chain,
    ChainTemplate,
    Enterprise,
    Park,
    Project,
    SourceRegion,
    _check_pairs,
    _to_pairs,
)
from .enums import Provenance, StatementKind
from .indicator import SPAN_EXPECTED, Indicator, totals_over_years
from .observation import Observation
from .statement import Statement
from .targets import ChangeTarget, RateTarget, Target
from .waiver import AuditIgnore

_T = TypeVar("_T")

__all__ = ["Flaw", "Plan", "flaw_problems", "plan_flaws"]


def _tuple_of(cls: type) -> Any:
    return attrs.validators.deep_iterable(attrs.validators.instance_of(cls))


@attrs.frozen(kw_only=True)
class Plan(Tabular):
    """A five-year plan as data. Constructing one validates it as a whole.

    Attributes:
        id: ASCII id, e.g. ``dongkou_14th_sti``.
        region: The county (or other region), e.g. ``洞口县``.
        title: The plan's title.
        start_year: First year of the period (2021 for a 十四五 plan).
        end_year: Last year of the period (2025).
        base_year: The year baselines are taken in; defaults to the year before the period.
        issuer: The issuing body, e.g. ``洞口县科技和工业信息化局``.
        indicators, observations, targets, statements, enterprises, parks, projects, chains:
            The plan's contents (tuples; lists are converted). Observations and targets are
            kept grouped by indicator in indicator order (stable: the order within an
            indicator is kept).
        source_regions: Where the plan says firms are to be attracted from
            (:class:`SourceRegion`: partner parks, regions, the 老乡 network), for the 招商
            list.
        templates: Reference chain templates (:class:`ChainTemplate`) chains may follow.
        links: Cross-chain supply edges, pairs of ``"chain_id.segment_id"`` (upstream first).
        links_provenance: Where the links come from: ``model`` (default: our reading of how
            the county's chains feed each other) or ``document``.
        audit_ignore: Audit findings the plan's authors accept (:class:`AuditIgnore`), each
            with its reason.
        predecessor: The previous plan (e.g. the 十三五 plan a 十四五 plan reviews), if recorded.
        source: Where the plan comes from (document name or file).
        units: The units the plan declares (:class:`UnitDeclaration`, ``[units.床]`` in a
            file), at most ``limits.MAX_DECLARED_UNITS``, each name once.

    Raises:
        PlanValidationError: every problem found — duplicate ids, references to unknown
            indicators or enterprises, target years outside the period, values whose units are
            incompatible with their indicator. Each problem names the object at fault by its
            place in the plan (``indicators.output.targets[0]``) and the field.

    Examples:
        >>> from fyp_planning import Plan, Indicator, LevelTarget, parse_unit, parse_quantity
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))],
        ...             targets=[LevelTarget(indicator="output", year=2025,
        ...                                  value=parse_quantity("300亿元"))])
        >>> plan.base_year, len(plan.targets_for("output"))
        (2020, 1)
        >>> Plan(id="bad", region="示例县", title="示例规划", start_year=2021, end_year=2025,
        ...      indicators=plan.indicators,
        ...      targets=[LevelTarget(indicator="output", year=2030,
        ...                           value=parse_quantity("300亿度"))])
        Traceback (most recent call last):
        ...
        fyp_planning.errors.PlanValidationError: 2 problems in plan (内容校验错误)
          - indicators.output.targets[0].year: target year outside the plan period 2021–2025; got 2030; expected a year from 2021 to 2025
          - indicators.output.targets[0].value: unit incompatible with indicator output (亿元); got '300亿度'; expected a quantity in 亿元 or a compatible unit
    """

    id: str = attrs.field(validator=v.check_id)
    region: str = attrs.field(validator=v.check_str)
    title: str = attrs.field(validator=v.check_str)
    start_year: int = attrs.field(validator=v.check_year)
    end_year: int = attrs.field(validator=v.check_year)
    base_year: int = attrs.field(
        default=attrs.Factory(lambda self: self.start_year - 1, takes_self=True),
        validator=v.check_year,
    )
    issuer: str | None = attrs.field(default=None, validator=v.opt_name)
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Indicator)
    )
    observations: tuple[Observation, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Observation)
    )
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Target)
    )
    statements: tuple[Statement, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Statement)
    )
    enterprises: tuple[Enterprise, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Enterprise)
    )
    parks: tuple[Park, ...] = attrs.field(default=(), converter=items, validator=_tuple_of(Park))
    source_regions: tuple[SourceRegion, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(SourceRegion)
    )
    projects: tuple[Project, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(Project)
    )
    chains: tuple[Chain, ...] = attrs.field(default=(), converter=items, validator=_tuple_of(Chain))
    templates: tuple[ChainTemplate, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(ChainTemplate)
    )
    links: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=_check_pairs
    )
    links_provenance: Provenance = attrs.field(
        default=Provenance.MODEL, validator=attrs.validators.instance_of(Provenance)
    )
    audit_ignore: tuple[AuditIgnore, ...] = attrs.field(
        default=(), converter=items, validator=_tuple_of(AuditIgnore)
    )
    predecessor: Plan | None = attrs.field(default=None)
    source: str | None = attrs.field(default=None, validator=v.opt_str)
    units: tuple[UnitDeclaration, ...] = attrs.field(
        default=(), converter=items, validator=v.check_declared_units
    )

    def __attrs_post_init__(self) -> None:
        # Keep observations and targets grouped by indicator, in indicator order (as plan files
        # list them), so that equal plans compare equal however they were assembled.
        order = {ind.id: i for i, ind in enumerate(self.indicators)}
        for name in ("observations", "targets"):
            items = getattr(self, name)
            ranked = sorted(items, key=lambda item: order.get(item.indicator, len(order)))
            object.__setattr__(self, name, tuple(ranked))
        flaws = plan_flaws(**{f.name: getattr(self, f.name) for f in attrs.fields(Plan)})
        if flaws:
            raise PlanValidationError(flaw_problems(flaws, _places(self)))

    # -- look-ups -------------------------------------------------------------------------
    @functools.cached_property
    def _lookup(self) -> _Lookup:
        """The plan's things by id, built on first use (the plan is frozen: it never goes stale;
        attrs keeps it out of ``==``, ``hash``, ``repr`` and pickles)."""
        return _Lookup.of(self)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises:
            KeyError: no such indicator; the message lists the known ids.
        """
        known = (i.id for i in self.indicators)
        return _found(self._lookup.indicators, indicator_id, self.id, "indicator", known)

    def chain(self, chain: str) -> Chain:
        """The chain with this id or Chinese name (``"food"`` or ``"特色食品"``).

        Raises:
            KeyError: no such chain; the message lists the known ids and names.
        """
        known = (f"{c.id} ({c.name})" for c in self.chains)
        return _found(self._lookup.chains, chain, self.id, "chain", known)

    def template(self, template_id: str) -> ChainTemplate:
        """The chain template with this id.

        Raises:
            KeyError: no such template; the message lists the known ids.
        """
        known = (t.id for t in self.templates)
        return _found(self._lookup.templates, template_id, self.id, "template", known)

    def enterprise(self, enterprise_id: str) -> Enterprise:
        """The enterprise with this id.

        Raises:
            KeyError: no such enterprise; the message lists the known ids.

        Examples:
            >>> from fyp_planning import Enterprise, Plan
            >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
            ...             end_year=2025, enterprises=[Enterprise(id="a", name="甲公司")])
            >>> plan.enterprise("a").name
            '甲公司'
        """
        known = (e.id for e in self.enterprises)
        return _found(self._lookup.enterprises, enterprise_id, self.id, "enterprise", known)

    def observations_for(self, indicator_id: str) -> tuple[Observation, ...]:
        """Observations of one indicator, in plan order."""
        return self._lookup.observations.get(indicator_id, ())

    def targets_for(self, indicator_id: str) -> tuple[Target, ...]:
        """Targets of one indicator, in plan order."""
        return self._lookup.targets.get(indicator_id, ())

    @property
    def years(self) -> range:
        """The years of the plan period."""
        return range(self.start_year, self.end_year + 1)

    TABLES = PLAN_TABLES

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The plan's tables: ``indicators`` (the default), ``observations``, ``targets``,
        ``statements``, ``enterprises``, ``projects``, ``parks`` — this plan's rows (its
        predecessor's are ``plan.predecessor.to_pandas(...)``).

        Examples:
            >>> import fyp_planning as fp
            >>> plan = fp.load("dongkou")
            >>> row = plan.to_table("observations").rows()[0]
            >>> row["indicator_name"], row["value"], row["unit"], row["source"]
            ('高新技术企业当年认定数', 12.0, '个', '第二章第四节表1第1行')
        """
        return plan_rows(self, name)


class _Lookup(NamedTuple):
    """A plan's things by id, so that a look-up costs the same in a plan of any size."""

    indicators: dict[str, Indicator]
    chains: dict[str, Chain]  # by id and by Chinese name
    templates: dict[str, ChainTemplate]
    enterprises: dict[str, Enterprise]
    observations: dict[str, tuple[Observation, ...]]  # in plan order
    targets: dict[str, tuple[Target, ...]]  # in plan order

    @classmethod
    def of(cls, plan: Plan) -> _Lookup:
        # the first of equal keys wins, as a scan from the start would find it
        indicators: dict[str, Indicator] = {}
        for ind in plan.indicators:
            indicators.setdefault(ind.id, ind)
        chains: dict[str, Chain] = {}
        for c in plan.chains:
            chains.setdefault(c.id, c)
            chains.setdefault(c.name, c)
        templates: dict[str, ChainTemplate] = {}
        for t in plan.templates:
            templates.setdefault(t.id, t)
        enterprises: dict[str, Enterprise] = {}
        for e in plan.enterprises:
            enterprises.setdefault(e.id, e)
        observations, targets = _grouped(plan.observations), _grouped(plan.targets)
        return cls(indicators, chains, templates, enterprises, observations, targets)


def _found(index: dict[str, _T], key: str, plan: str, what: str, known: Iterable[str]) -> _T:
    """``index[key]``, or a KeyError naming the plan and listing ``known`` (made only then)."""
    found = index.get(key)
    if found is None:
        listed = ", ".join(known) or "none"
        raise KeyError(f"plan {plan!r} has no {what} {key!r} (known: {listed})")
    return found


def _grouped(items: tuple[Any, ...]) -> dict[str, tuple[Any, ...]]:
    """Items by their ``indicator``, each group in the items' order."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.indicator, []).append(item)
    return {k: tuple(v) for k, v in groups.items()}


@attrs.frozen
class Flaw:
    """A broken invariant of a plan, pointing at the object that breaks it (not at a file).

    Loaders turn flaws into :class:`~fyp_planning.errors.Problem` records with the key paths
    the objects came from; a plan built in Python names objects by their place in the plan.

    Attributes:
        subject: The offending object (an :class:`Indicator`, :class:`Target`,
            :class:`Enterprise`, ..., or the predecessor :class:`Plan`); ``None`` for the plan
            being checked itself.
        field: The subject's field at fault (``"year"``, ``"chains"``); for the plan itself,
            a field of the plan (``"end_year"``) or a collection (``"indicators"``).
        code: What is wrong (``"unknown_chain"``): its message is the catalogue's
            ``plan.flaw.<code>``.
        value: The offending value.
        expected: What would have been accepted.
        at: Positions inside the field: an index, or an id (``("deep_processing", 0)`` for the
            first enterprise present in a chain's segment).
        args: The arguments of the message (``{"template": "food"}``).

    Examples:
        >>> flaw = Flaw(None, "links", "unknown_chain", "fod", "one of: food")
        >>> flaw.message, flaw.text.zh
        ('unknown chain', '未知产业链')
    """

    subject: Any
    field: str
    code: str
    value: Any = Problem.NO_VALUE
    expected: str = ""
    at: tuple[int | str, ...] = ()
    args: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def text(self) -> Message:
        """What is wrong, as a catalogue message (id ``plan.flaw.<code>``, the arguments)."""
        return Message(_FLAW_IDS + self.code, self.args)

    @property
    def message(self) -> str:
        """What is wrong, in English words (a :class:`~fyp_planning.errors.Problem`'s message)."""
        return self.text.en


#: Catalogue ids of flaws: this prefix and the flaw's code (``plan.flaw.unknown_chain``).
_FLAW_IDS = "plan.flaw."


def _dupes(field: str, ids: list[str], subject: Any = None) -> Iterator[Flaw]:
    for key, n in Counter(ids).items():
        if n > 1:
            yield Flaw(subject, field, "duplicate_id", key, "unique ids", (key,), {"times": n})


def _compatible(plan_unit: Any, quantity: Any) -> bool:
    return is_bare(quantity) or _compatible_units(plan_unit, quantity.units)


@functools.lru_cache(maxsize=4096)
def _compatible_units(plan_unit: Any, unit: Any) -> bool:
    """Whether a value in ``unit`` converts to ``plan_unit``: asked once per pair of units (a
    plan of 10,000 indicators asks it ~20,000 times, of a few pairs)."""
    return bool(unit.is_compatible_with(plan_unit))


def _composition_flaws(subject: Any, value: Any, parts: tuple[str, ...]) -> list[Flaw]:
    """A composition's value on an indicator without parts, another value on one with parts,
    or shares that are not one per part."""
    named = "、".join(parts)
    expected = f"{len(parts)} shares in % separated by ':' (one per part: {named})"
    if not isinstance(value, Composition):
        return [Flaw(subject, "value", "not_a_composition", format_value(value), expected)]
    if not parts:
        return [
            Flaw(
                subject,
                "value",
                "composition_without_parts",
                str(value),
                "a figure, or parts = [...] on the indicator naming each share",
            )
        ]
    if len(value.shares) != len(parts):
        return [
            Flaw(
                subject,
                "value",
                "composition_parts",
                str(value),
                expected,
                args={"count": len(value.shares), "parts": len(parts)},
            )
        ]
    return []


def _flows(indicators: tuple[Indicator, ...]) -> dict[str, bool]:
    """:func:`totals_over_years` of each indicator id (the first of an id, as look-ups find)."""
    flows: dict[str, bool] = {}
    for ind in indicators:
        if ind.id not in flows:
            flows[ind.id] = totals_over_years(ind)
    return flows


def _span_flaw(obs: Observation) -> Flaw:
    return Flaw(
        obs,
        "period",
        "span_not_flow",
        str(obs.period),
        SPAN_EXPECTED,
    )


def plan_flaws(
    *,
    start_year: int | None,
    end_year: int | None,
    base_year: int | None,
    indicators: Iterable[Indicator] = (),
    observations: Iterable[Observation] = (),
    targets: Iterable[Target] = (),
    statements: Iterable[Statement] = (),
    enterprises: Iterable[Enterprise] = (),
    parks: Iterable[Park] = (),
    source_regions: Iterable[SourceRegion] = (),
    projects: Iterable[Project] = (),
    chains: Iterable[Chain] = (),
    templates: Iterable[ChainTemplate] = (),
    links: Iterable[tuple[str, str]] = (),
    predecessor: Any = None,
    **_: Any,
) -> list[Flaw]:
    """Every broken invariant of a plan's parts (empty when they fit together).

    This is what :class:`Plan` runs on construction; loaders call it too with the parts they
    could read, so that a file's problems are all reported at once.

    Args:
        start_year, end_year, base_year: The period; ``None`` when a loader could not read it
            (period checks are then skipped).
        indicators, observations, targets, statements, enterprises, parks, source_regions,
        projects, chains, templates, links, predecessor: The plan's contents, as
        :class:`Plan` takes them.

    Returns:
        The flaws, in the order of the plan's fields.
    """
    out: list[Flaw] = []
    # mypy does not narrow the years through has_period: hence the ignores on their comparisons.
    has_period = isinstance(start_year, int) and isinstance(end_year, int)
    if has_period and end_year < start_year:  # type: ignore[operator]
        out.append(
            Flaw(
                None,
                "end_year",
                "period_ends_before_start",
                end_year,
                f"a year from {start_year} on",
            )
        )
    if has_period and base_year is not None and base_year > start_year:  # type: ignore[operator]
        out.append(
            Flaw(
                None,
                "base_year",
                "base_year_after_start",
                base_year,
                f"a year up to {start_year}",
            )
        )
    indicators, statements, enterprises = tuple(indicators), tuple(statements), tuple(enterprises)
    parks, projects, chains = tuple(parks), tuple(projects), tuple(chains)
    out += _dupes("indicators", [i.id for i in indicators])
    out += _dupes("statements", [s.id for s in statements])
    out += _dupes("enterprises", [e.id for e in enterprises])
    out += _dupes("parks", [p.id for p in parks])
    source_regions = tuple(source_regions)
    out += _dupes("source_regions", [r.id for r in source_regions])
    out += _dupes("projects", [p.id for p in projects])
    out += _dupes("chains", [c.id for c in chains])

    units = {i.id: i.unit for i in indicators}
    shares = {i.id: i.parts for i in indicators if i.parts}  # compositions' parts
    known_ind = ", ".join(units) or "none"
    period_text = f"{start_year}–{end_year}"

    flows: dict[str, bool] | None = None  # made when a span is met
    for obs in observations:
        if obs.indicator not in units:
            out.append(
                Flaw(obs, "indicator", "unknown_indicator", obs.indicator, f"one of: {known_ind}")
            )
            continue
        if isinstance(obs.value, Composition) or obs.indicator in shares:
            out += _composition_flaws(obs, obs.value, shares.get(obs.indicator, ()))
        elif not _compatible(units[obs.indicator], obs.value):
            out.append(_unit_flaw(obs, obs.indicator, units[obs.indicator], obs.value))
        if obs.period.is_span:
            flows = _flows(indicators) if flows is None else flows
            if not flows[obs.indicator]:
                out.append(_span_flaw(obs))

    for tgt in targets:
        if tgt.indicator not in units:
            out.append(
                Flaw(tgt, "indicator", "unknown_indicator", tgt.indicator, f"one of: {known_ind}")
            )
            continue
        if has_period and not start_year <= tgt.year <= end_year:  # type: ignore[operator]
            out.append(
                Flaw(
                    tgt,
                    "year",
                    "year_outside_period",
                    tgt.year,
                    f"a year from {start_year} to {end_year}",
                    args={"period": period_text},
                )
            )
        if tgt.from_base:
            own_base = tgt.base_year  # type: ignore[attr-defined]  # the kinds measured from a base have one
            base = own_base if own_base is not None else base_year
            if base is not None and base >= tgt.year:
                out.append(
                    Flaw(
                        tgt,
                        "base_year",
                        "base_year_not_before_target",
                        base,
                        f"a year before {tgt.year}",
                    )
                )
        if isinstance(tgt, ChangeTarget) and tgt.by is not None:
            flaw = _change_flaw(tgt, units[tgt.indicator])
            if flaw is not None:
                out.append(flaw)
        elif hasattr(tgt, "value"):
            value = tgt.value
            if isinstance(value, Composition) or tgt.indicator in shares:
                out += _composition_flaws(tgt, value, shares.get(tgt.indicator, ()))
            elif not _compatible(units[tgt.indicator], value):
                out.append(_unit_flaw(tgt, tgt.indicator, units[tgt.indicator], value))
        if isinstance(tgt, RateTarget) and has_period:
            outside = [y for y in tgt.years if not start_year <= y <= end_year]  # type: ignore[operator]
            if outside:
                out.append(
                    Flaw(
                        tgt,
                        "years",
                        "years_outside_period",
                        outside,
                        f"years from {start_year} to {end_year}",
                        args={"period": period_text},
                    )
                )

    project_ids = {p.id for p in projects}
    for st in statements:
        if st.indicator is not None and st.indicator not in units:
            out.append(
                Flaw(st, "indicator", "unknown_indicator", st.indicator, f"one of: {known_ind}")
            )
        elif st.indicator is not None and st.kind in (
            StatementKind.CHANGE,
            StatementKind.AVERAGE_CHANGE,
        ):
            unit = units[st.indicator]
            ok = _compatible(unit, st.value) or (
                unit.dimensionless and str(st.value.units) == "percentage_point"
            )
            if not ok:
                out.append(_unit_flaw(st, st.indicator, unit, st.value))
        for i, part in enumerate(st.parts):
            if part not in project_ids and part not in units:
                out.append(
                    Flaw(
                        st,
                        "parts",
                        "unknown_part",
                        part,
                        "the id of a project or an indicator of this plan",
                        (i,),
                    )
                )

    chain_ids = {c.id for c in chains}
    park_ids = {p.id for p in parks}
    enterprise_ids = {e.id for e in enterprises}

    def chains_known(owner: Any, chains: tuple[str, ...]) -> None:
        out.extend(
            Flaw(owner, "chains", "unknown_chain", chain, _one_of(chain_ids), (i,))
            for i, chain in enumerate(chains)
            if chain not in chain_ids
        )

    def park_known(owner: Any, park: str | None) -> None:
        if park is not None and park not in park_ids:
            out.append(Flaw(owner, "park", "unknown_park", park, _one_of(park_ids)))

    for ent in enterprises:
        chains_known(ent, ent.chains)
        park_known(ent, ent.park)
    for park in parks:
        chains_known(park, park.chains)
        if park.parent is not None and park.parent not in park_ids:
            out.append(
                Flaw(
                    park,
                    "parent",
                    "unknown_park",
                    park.parent,
                    f"one of: {', '.join(sorted(park_ids))}",
                )
            )
        if park.parent == park.id:
            out.append(
                Flaw(
                    park,
                    "parent",
                    "own_parent",
                    park.parent,
                    "another park's id",
                )
            )
    out += _park_cycles(parks)
    for region in source_regions:
        chains_known(region, region.chains)
        park_known(region, region.park)
    for proj in projects:
        if proj.enterprise is not None and proj.enterprise not in enterprise_ids:
            out.append(
                Flaw(
                    proj,
                    "enterprise",
                    "unknown_enterprise",
                    proj.enterprise,
                    _one_of(enterprise_ids),
                )
            )

    out += _chain_flaws(tuple(templates), chains, tuple(links), enterprise_ids)

    pred = predecessor
    if pred is not None:
        if not isinstance(pred, Plan):
            out.append(Flaw(None, "predecessor", "not_a_plan", pred, "a Plan"))
        elif has_period and pred.end_year > start_year:  # type: ignore[operator]
            out.append(
                Flaw(
                    pred,
                    "end_year",
                    "predecessor_ends_late",
                    pred.end_year,
                    f"a year up to {start_year}",
                )
            )
    return out


def flaw_problems(flaws: Iterable[Flaw], place: Callable[[Any], str]) -> list[Problem]:
    """The flaws as problems, each at ``place(subject)`` followed by its field and positions.

    Args:
        flaws: What :func:`plan_flaws` found.
        place: Names where an object sits (a loader: the key path it read the object from).
    """
    out = []
    for flaw in flaws:
        path = place(flaw.subject) if flaw.subject is not None else ""
        for key in (flaw.field, *flaw.at):
            path = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
        out.append(Problem(path, flaw.text, flaw.value, flaw.expected))
    return out


def _places(plan: Plan) -> Callable[[Any], str]:
    """Names of a plan's objects: their collection and id (``parks.gaosha``); observations
    and targets by their indicator and position (``indicators.output.targets[0]``)."""
    names: dict[int, str] = {}
    for name in (
        *("indicators", "statements", "enterprises", "parks", "source_regions", "projects"),
        "chains",
    ):
        for obj in getattr(plan, name):
            names[id(obj)] = f"{name}.{obj.id}"
    for obj in plan.templates:
        names[id(obj)] = f"templates.{obj.id}"
    for name in ("observations", "targets"):
        seen: Counter[str] = Counter()
        for item in getattr(plan, name):
            names.setdefault(
                id(item), f"indicators.{item.indicator}.{name}[{seen[item.indicator]}]"
            )
            seen[item.indicator] += 1
    if plan.predecessor is not None:
        names[id(plan.predecessor)] = "predecessor"
    return lambda obj: names[id(obj)]


def _one_of(ids: Any) -> str:
    return f"one of: {', '.join(sorted(ids)) or 'none defined'}"


def _park_cycles(parks: tuple[Park, ...]) -> list[Flaw]:
    """One flaw per loop of parks each inside the next (A in B, B in A), at the loop's first
    park in plan order. A park that is its own parent is the ``own_parent`` flaw instead."""
    parent = {p.id: p.parent for p in parks}
    first: dict[str, Park] = {}
    for park in parks:
        first.setdefault(park.id, park)
    out = []
    done: set[str] = set()
    for park in parks:
        path: list[str] = []
        at: str | None = park.id
        while at is not None and at not in done and at not in path and at in parent:
            path.append(at)
            at = parent[at]
        done.update(path)
        if at is None or at not in path:
            continue  # the chain ends, or joins one already walked
        loop = path[path.index(at) :]
        if len(loop) < 2:
            continue  # its own parent
        order = {p.id: i for i, p in enumerate(parks)}
        start = min(loop, key=order.__getitem__)
        turn = loop.index(start)
        loop = loop[turn:] + loop[:turn]
        out.append(
            Flaw(
                first[start],
                "parent",
                "park_cycle",
                parent[start],
                "a park that does not lie, through its parents, inside this one",
                args={"cycle": " → ".join([*loop, start])},
            )
        )
    return out


def _direction_flaws(chain: Chain, segments: dict[str, set[str]]) -> list[Flaw]:
    """A chain's stated directions name segments of its template (none without one)."""
    out: list[Flaw] = []
    for i, direction in enumerate(chain.directions):
        for j, seg in enumerate(direction.segments):
            if chain.template is None:
                expected = "a 'template' for the chain, whose segments directions name"
                flaw = Flaw(chain, "directions", "direction_without_template", seg, expected)
            elif chain.template in segments and seg not in segments[chain.template]:
                known = segments[chain.template]
                close = difflib.get_close_matches(seg, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                args = {"template": chain.template}
                expected = _one_of(known) + hint
                flaw = Flaw(
                    chain, "directions", "unknown_template_segment", seg, expected, (), args
                )
            else:
                continue
            out.append(attrs.evolve(flaw, at=(i, "segments", j)))
    return out


def _chain_flaws(
    templates: tuple[ChainTemplate, ...],
    chains: tuple[Chain, ...],
    links: tuple[tuple[str, str], ...],
    enterprises: set[str],
) -> list[Flaw]:
    """Templates (unknown segments in edges, cycles), chains' presence, and links."""
    out: list[Flaw] = []
    out += _dupes("templates", [t.id for t in templates])
    segments: dict[str, set[str]] = {}
    for t in templates:
        out += _dupes("segments", [s.id for s in t.segments], t)
        known = segments[t.id] = {s.id for s in t.segments}
        good = []
        for i, edge in enumerate(t.edges):
            bad = False
            for j, seg in enumerate(edge):
                if seg not in known:
                    bad = True
                    out.append(Flaw(t, "edges", "unknown_segment", seg, _one_of(known), (i, j)))
            if not bad:
                good.append(edge)
        cycle = _cycle(good)
        if cycle:
            out.append(
                Flaw(
                    t,
                    "edges",
                    "edge_cycle",
                    cycle,
                    "edges from upstream to downstream that never lead back (no cycle)",
                    args={"cycle": " → ".join([*cycle, cycle[0]])},
                )
            )
    by_id = {c.id: c for c in chains}
    for c in chains:
        if c.template is not None and c.template not in segments:
            out.append(Flaw(c, "template", "unknown_template", c.template, _one_of(segments)))
        out += _dupes("presence", [seg for seg, _ in c.presence], c)
        for seg, ents in c.presence:
            if c.template is None:
                out.append(
                    Flaw(
                        c,
                        "presence",
                        "presence_without_template",
                        seg,
                        "a 'template' for the chain, whose segments presence names",
                        (seg,),
                    )
                )
            elif c.template in segments and seg not in segments[c.template]:
                out.append(
                    Flaw(
                        c,
                        "presence",
                        "unknown_template_segment",
                        seg,
                        _one_of(segments[c.template]),
                        (seg,),
                        {"template": c.template},
                    )
                )
            seen: set[str] = set()
            for k, ent in enumerate(ents):
                if ent not in enterprises:
                    out.append(
                        Flaw(
                            c,
                            "presence",
                            "unknown_enterprise",
                            ent,
                            _one_of(enterprises),
                            (seg, k),
                        )
                    )
                elif ent in seen:
                    out.append(
                        Flaw(
                            c,
                            "presence",
                            "enterprise_listed_twice",
                            ent,
                            "each enterprise once per segment (a firm may sit in several segments)",
                            (seg, k),
                        )
                    )
                seen.add(ent)
        out += _direction_flaws(c, segments)
    for i, link in enumerate(links):
        for j, ref in enumerate(link):
            chain_id, dot, seg = ref.partition(".")
            chain = by_id.get(chain_id)
            if not dot or not chain_id or not seg:
                flaw = Flaw(
                    None,
                    "links",
                    "not_a_segment_reference",
                    ref,
                    '"chain_id.segment_id", e.g. "food.deep_processing"',
                )
            elif chain is None:
                flaw = Flaw(None, "links", "unknown_chain", chain_id, _one_of(by_id))
            elif chain.template is None:
                flaw = Flaw(
                    None,
                    "links",
                    "chain_without_template",
                    ref,
                    "a chain with a template",
                    args={"chain": chain_id},
                )
            elif chain.template in segments and seg not in segments[chain.template]:
                flaw = Flaw(
                    None,
                    "links",
                    "unknown_chain_segment",
                    seg,
                    _one_of(segments[chain.template]),
                    args={"chain": chain_id, "template": chain.template},
                )
            else:
                continue
            out.append(attrs.evolve(flaw, at=(i, j)))
    return out


def _cycle(edges: list[tuple[str, str]]) -> list[str]:
    """The segments of one cycle among the edges (empty when there is none).

    The cycle networkx's ``find_cycle`` reports for a ``DiGraph`` built from the sorted edges,
    found the same way (a depth-first search over edges from each node in insertion order)
    but without importing networkx, which costs a third of a second: plans are validated on
    every load, ``fyp show`` included.
    """
    adjacency: dict[str, dict[str, None]] = {}  # nodes and out-edges in insertion order
    for tail, head in sorted(tuple(e) for e in edges):
        adjacency.setdefault(tail, {})[head] = None
        adjacency.setdefault(head, {})
    explored: set[str] = set()
    for start in adjacency:
        if start in explored:
            continue
        path: list[tuple[str, str]] = []
        seen = {start}
        active = {start}
        previous: str | None = None
        for tail, head in _edge_dfs(adjacency, start):
            if head in explored:
                continue
            if previous is not None and tail != previous:  # backtracking: pop to the tail
                while True:
                    if not path:
                        active = {tail}
                        break
                    active.remove(path.pop()[1])
                    if path and path[-1][1] == tail:
                        break
            path.append((tail, head))
            if head in active:
                first = next(i for i, (t, _) in enumerate(path) if t == head)
                return [t for t, _ in path[first:]]
            seen.add(head)
            active.add(head)
            previous = head
        explored |= seen
    return []


def _edge_dfs(adjacency: dict[str, dict[str, None]], start: str) -> Iterator[tuple[str, str]]:
    """Edges in depth-first order from ``start``, each once (networkx's ``edge_dfs``)."""
    stack = [start]
    pending: dict[str, Iterator[str]] = {}
    visited: set[tuple[str, str]] = set()
    while stack:
        node = stack[-1]
        if node not in pending:
            pending[node] = iter(adjacency[node])
        head = next(pending[node], None)
        if head is None:
            stack.pop()
        elif (node, head) not in visited:
            visited.add((node, head))
            stack.append(head)
            yield node, head


def _change_flaw(target: ChangeTarget, unit: Any) -> Flaw | None:
    """What is wrong with a change's unit: 百分点 only for an indicator in % or ‰ (a share or a
    rate), any other unit only one the indicator's converts to."""
    by = target.by
    assert by is not None
    share = bool(unit.dimensionless) and not is_bare(Quantity(1, unit))
    if target.in_points:
        if share or _compatible(unit, by):  # a share, or an indicator in 百分点 itself
            return None
        from ..units import format_quantity

        unit_text = format_unit(unit) or "dimensionless"
        return Flaw(
            target,
            "by",
            "points_not_share",
            format_quantity(by),
            f"a change in {unit_text} (百分点 is for an indicator in % or ‰)",
            args={"indicator": target.indicator, "unit": unit_text},
        )
    if _compatible(unit, by) and not share:
        return None
    flaw = attrs.evolve(_unit_flaw(target, target.indicator, unit, by), field="by")
    if share:  # 0.5 (a bare number) or 10家 on a % indicator: its change is in 百分点
        return attrs.evolve(
            flaw, expected="a change in 百分点 (0.5百分点) for an indicator in % or ‰"
        )
    return flaw


def _unit_flaw(subject: Any, indicator: str, unit: Any, value: Any) -> Flaw:
    from ..units import format_quantity

    unit_text = format_unit(unit) or "dimensionless"
    return Flaw(
        subject,
        "value",
        "unit_incompatible",
        format_quantity(value),
        f"a quantity in {unit_text} or a compatible unit",
        args={"indicator": indicator, "unit": unit_text},
    )
