"""The plan (规划): its period, indicators, figures, targets and the things it names."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from ..errors import PlanValidationError, Problem
from ..units import format_unit, is_bare
from . import _validators as v
from .entities import Chain, ChainTemplate, Enterprise, Park, Project, _check_pairs, _to_pairs
from .enums import Provenance, StatementKind
from .indicator import Indicator
from .observation import Observation
from .statement import Statement
from .targets import GrowthTarget, RateTarget, Target
from .waiver import AuditIgnore

__all__ = ["Plan", "plan_problems"]


def _tuple_of(cls: type) -> Any:
    return attrs.validators.deep_iterable(attrs.validators.instance_of(cls))


@attrs.frozen(kw_only=True)
class Plan:
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
        templates: Reference chain templates (:class:`ChainTemplate`) chains may follow.
        links: Cross-chain supply edges, pairs of ``"chain_id.segment_id"`` (upstream first).
        links_provenance: Where the links come from: ``model`` (default: our reading of how
            the county's chains feed each other) or ``document``.
        audit_ignore: Audit findings the plan's authors accept (:class:`AuditIgnore`), each
            with its reason.
        predecessor: The previous plan (e.g. the 十三五 plan a 十四五 plan reviews), if recorded.
        source: Where the plan comes from (document name or file).

    Raises:
        PlanValidationError: every problem found — duplicate ids, references to unknown
            indicators or enterprises, target years outside the period, values whose units are
            incompatible with their indicator. Each problem carries the key path it would have
            in a plan file.

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
    start_year: int = attrs.field(validator=attrs.validators.instance_of(int))
    end_year: int = attrs.field(validator=attrs.validators.instance_of(int))
    base_year: int = attrs.field(
        default=attrs.Factory(lambda self: self.start_year - 1, takes_self=True),
        validator=attrs.validators.instance_of(int),
    )
    issuer: str | None = attrs.field(default=None, validator=v.opt_str)
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Indicator)
    )
    observations: tuple[Observation, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Observation)
    )
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Target)
    )
    statements: tuple[Statement, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Statement)
    )
    enterprises: tuple[Enterprise, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Enterprise)
    )
    parks: tuple[Park, ...] = attrs.field(default=(), converter=tuple, validator=_tuple_of(Park))
    projects: tuple[Project, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Project)
    )
    chains: tuple[Chain, ...] = attrs.field(default=(), converter=tuple, validator=_tuple_of(Chain))
    templates: tuple[ChainTemplate, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(ChainTemplate)
    )
    links: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=_check_pairs
    )
    links_provenance: Provenance = attrs.field(
        default=Provenance.MODEL, validator=attrs.validators.instance_of(Provenance)
    )
    audit_ignore: tuple[AuditIgnore, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(AuditIgnore)
    )
    predecessor: Plan | None = attrs.field(default=None)
    source: str | None = attrs.field(default=None, validator=v.opt_str)

    def __attrs_post_init__(self) -> None:
        # Keep observations and targets grouped by indicator, in indicator order (as plan files
        # list them), so that equal plans compare equal however they were assembled.
        order = {ind.id: i for i, ind in enumerate(self.indicators)}
        for name in ("observations", "targets"):
            items = getattr(self, name)
            ranked = sorted(items, key=lambda item: order.get(item.indicator, len(order)))
            object.__setattr__(self, name, tuple(ranked))
        problems = plan_problems(self)
        if problems:
            raise PlanValidationError(problems)

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
        found = self._lookup.indicators.get(indicator_id)
        if found is not None:
            return found
        known = ", ".join(i.id for i in self.indicators) or "none"
        raise KeyError(f"plan {self.id!r} has no indicator {indicator_id!r} (known: {known})")

    def chain(self, chain: str) -> Chain:
        """The chain with this id or Chinese name (``"food"`` or ``"特色食品"``).

        Raises:
            KeyError: no such chain; the message lists the known ids and names.
        """
        found = self._lookup.chains.get(chain)
        if found is not None:
            return found
        known = ", ".join(f"{c.id} ({c.name})" for c in self.chains) or "none"
        raise KeyError(f"plan {self.id!r} has no chain {chain!r} (known: {known})")

    def template(self, template_id: str) -> ChainTemplate:
        """The chain template with this id.

        Raises:
            KeyError: no such template; the message lists the known ids.
        """
        found = self._lookup.templates.get(template_id)
        if found is not None:
            return found
        known = ", ".join(t.id for t in self.templates) or "none"
        raise KeyError(f"plan {self.id!r} has no template {template_id!r} (known: {known})")

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


class _Lookup(NamedTuple):
    """A plan's things by id, so that a look-up costs the same in a plan of any size."""

    indicators: dict[str, Indicator]
    chains: dict[str, Chain]  # by id and by Chinese name
    templates: dict[str, ChainTemplate]
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
        return cls(
            indicators, chains, templates, _grouped(plan.observations), _grouped(plan.targets)
        )


def _grouped(items: tuple[Any, ...]) -> dict[str, tuple[Any, ...]]:
    """Items by their ``indicator``, each group in the items' order."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.indicator, []).append(item)
    return {k: tuple(v) for k, v in groups.items()}


def _dupes(path: str, ids: list[str]) -> Iterator[Problem]:
    for key, n in Counter(ids).items():
        if n > 1:
            yield Problem(f"{path}.{key}", f"duplicate id, defined {n} times", key, "unique ids")


def _compatible(plan_unit: Any, quantity: Any) -> bool:
    return is_bare(quantity) or quantity.is_compatible_with(plan_unit)


def plan_problems(plan: Plan, paths: Mapping[int, str] | None = None) -> list[Problem]:
    """Every consistency problem of a plan, with plan-file key paths (empty when valid).

    This is what :class:`Plan` runs on construction; loaders call it too so a file's problems
    are all reported at once.

    Args:
        plan: The plan, or any object with the same attributes (a loader's partial plan, whose
            ``start_year`` may be ``None`` when the header could not be read: period checks are
            then skipped).
        paths: Key paths of observations and targets by ``id()``, when they are not at the
            position their order implies (a loader that skipped broken entries).
    """
    out: list[Problem] = []
    paths = paths or {}
    has_period = isinstance(plan.start_year, int) and isinstance(plan.end_year, int)
    if has_period and plan.end_year < plan.start_year:
        out.append(
            Problem(
                "end_year",
                "period ends before it starts",
                plan.end_year,
                f"a year from {plan.start_year} on",
            )
        )
    if has_period and plan.base_year > plan.start_year:
        out.append(
            Problem(
                "base_year",
                "base year after the start of the period",
                plan.base_year,
                f"a year up to {plan.start_year}",
            )
        )
    out += _dupes("indicators", [i.id for i in plan.indicators])
    out += _dupes("statements", [s.id for s in plan.statements])
    out += _dupes("enterprises", [e.id for e in plan.enterprises])
    out += _dupes("parks", [p.id for p in plan.parks])
    out += _dupes("projects", [p.id for p in plan.projects])
    out += _dupes("chains", [c.id for c in plan.chains])

    units = {i.id: i.unit for i in plan.indicators}
    known_ind = ", ".join(units) or "none"
    period_text = f"{plan.start_year}–{plan.end_year}"

    seen: Counter[tuple[str, str]] = Counter()
    for obs in plan.observations:
        path = paths.get(id(obs)) or (
            f"indicators.{obs.indicator}.observations[{seen[(obs.indicator, 'o')]}]"
        )
        seen[(obs.indicator, "o")] += 1
        if obs.indicator not in units:
            out.append(
                Problem(
                    f"{path}.indicator", "unknown indicator", obs.indicator, f"one of: {known_ind}"
                )
            )
        elif not _compatible(units[obs.indicator], obs.value):
            out.append(_unit_problem(path, obs.indicator, units[obs.indicator], obs.value))

    for tgt in plan.targets:
        path = (
            paths.get(id(tgt))
            or f"indicators.{tgt.indicator}.targets[{seen[(tgt.indicator, 't')]}]"
        )
        seen[(tgt.indicator, "t")] += 1
        if tgt.indicator not in units:
            out.append(
                Problem(
                    f"{path}.indicator", "unknown indicator", tgt.indicator, f"one of: {known_ind}"
                )
            )
            continue
        if has_period and not plan.start_year <= tgt.year <= plan.end_year:
            out.append(
                Problem(
                    f"{path}.year",
                    f"target year outside the plan period {period_text}",
                    tgt.year,
                    f"a year from {plan.start_year} to {plan.end_year}",
                )
            )
        if isinstance(tgt, GrowthTarget):
            base = tgt.base_year if tgt.base_year is not None else plan.base_year
            if base is not None and base >= tgt.year:
                out.append(
                    Problem(
                        f"{path}.base_year",
                        "base year not before the target year",
                        base,
                        f"a year before {tgt.year}",
                    )
                )
        elif hasattr(tgt, "value"):
            value = tgt.value  # type: ignore[attr-defined]
            if not _compatible(units[tgt.indicator], value):
                out.append(_unit_problem(path, tgt.indicator, units[tgt.indicator], value))
        if isinstance(tgt, RateTarget) and has_period:
            outside = [y for y in tgt.years if not plan.start_year <= y <= plan.end_year]
            if outside:
                out.append(
                    Problem(
                        f"{path}.years",
                        f"years outside the plan period {period_text}",
                        outside,
                        f"years from {plan.start_year} to {plan.end_year}",
                    )
                )

    projects = {p.id for p in plan.projects}
    for st in plan.statements:
        path = f"statements.{st.id}"
        if st.indicator is not None and st.indicator not in units:
            out.append(
                Problem(
                    f"{path}.indicator", "unknown indicator", st.indicator, f"one of: {known_ind}"
                )
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
                out.append(_unit_problem(path, st.indicator, unit, st.value))
        for i, part in enumerate(st.parts):
            if part not in projects and part not in units:
                out.append(
                    Problem(
                        f"{path}.parts[{i}]",
                        "unknown part",
                        part,
                        "the id of a project or an indicator of this plan",
                    )
                )

    chains = {c.id for c in plan.chains}
    parks = {p.id for p in plan.parks}
    enterprises = {e.id for e in plan.enterprises}
    for ent in plan.enterprises:
        for i, chain in enumerate(ent.chains):
            if chain not in chains:
                out.append(
                    Problem(
                        f"enterprises.{ent.id}.chains[{i}]",
                        "unknown chain",
                        chain,
                        f"one of: {', '.join(sorted(chains)) or 'none defined'}",
                    )
                )
        if ent.park is not None and ent.park not in parks:
            out.append(
                Problem(
                    f"enterprises.{ent.id}.park",
                    "unknown park",
                    ent.park,
                    f"one of: {', '.join(sorted(parks)) or 'none defined'}",
                )
            )
    for park in plan.parks:
        if park.parent is not None and park.parent not in parks:
            out.append(
                Problem(
                    f"parks.{park.id}.parent",
                    "unknown park",
                    park.parent,
                    f"one of: {', '.join(sorted(parks))}",
                )
            )
        if park.parent == park.id:
            out.append(
                Problem(
                    f"parks.{park.id}.parent",
                    "a park cannot be its own parent",
                    park.parent,
                    "another park's id",
                )
            )
    for proj in plan.projects:
        if proj.enterprise is not None and proj.enterprise not in enterprises:
            out.append(
                Problem(
                    f"projects.{proj.id}.enterprise",
                    "unknown enterprise",
                    proj.enterprise,
                    f"one of: {', '.join(sorted(enterprises)) or 'none defined'}",
                )
            )

    out += _chain_problems(plan, enterprises)

    pred = plan.predecessor
    if pred is not None:
        if not isinstance(pred, Plan):
            out.append(Problem("predecessor", "not a plan", pred, "a Plan"))
        elif has_period and pred.end_year > plan.start_year:
            out.append(
                Problem(
                    "predecessor.end_year",
                    "predecessor ends after this plan starts",
                    pred.end_year,
                    f"a year up to {plan.start_year}",
                )
            )
    return out


def _one_of(ids: Any) -> str:
    return f"one of: {', '.join(sorted(ids)) or 'none defined'}"


def _chain_problems(plan: Any, enterprises: set[str]) -> list[Problem]:
    """Templates (unknown segments in edges, cycles), chains' presence, and links."""
    out: list[Problem] = []
    templates = getattr(plan, "templates", ())
    out += _dupes("templates", [t.id for t in templates])
    segments: dict[str, set[str]] = {}
    for t in templates:
        path = f"templates.{t.id}"
        out += _dupes(f"{path}.segments", [s.id for s in t.segments])
        known = segments[t.id] = {s.id for s in t.segments}
        good = []
        for i, edge in enumerate(t.edges):
            bad = False
            for j, seg in enumerate(edge):
                if seg not in known:
                    bad = True
                    out.append(
                        Problem(f"{path}.edges[{i}][{j}]", "unknown segment", seg, _one_of(known))
                    )
            if not bad:
                good.append(edge)
        cycle = _cycle(good)
        if cycle:
            text = " → ".join([*cycle, cycle[0]])
            out.append(
                Problem(
                    f"{path}.edges",
                    f"supply edges form a cycle: {text}",
                    cycle,
                    "edges from upstream to downstream that never lead back (no cycle)",
                )
            )
    chains = {c.id: c for c in plan.chains}
    for c in plan.chains:
        path = f"chains.{c.id}"
        if c.template is not None and c.template not in segments:
            out.append(
                Problem(f"{path}.template", "unknown template", c.template, _one_of(segments))
            )
        out += _dupes(f"{path}.presence", [seg for seg, _ in c.presence])
        for seg, ents in c.presence:
            seg_path = f"{path}.presence.{seg}"
            if c.template is None:
                out.append(
                    Problem(
                        seg_path,
                        "presence without a template",
                        seg,
                        "a 'template' for the chain, whose segments presence names",
                    )
                )
            elif c.template in segments and seg not in segments[c.template]:
                out.append(
                    Problem(
                        seg_path,
                        f"unknown segment of template {c.template}",
                        seg,
                        _one_of(segments[c.template]),
                    )
                )
            seen: set[str] = set()
            for k, ent in enumerate(ents):
                if ent not in enterprises:
                    out.append(
                        Problem(f"{seg_path}[{k}]", "unknown enterprise", ent, _one_of(enterprises))
                    )
                elif ent in seen:
                    out.append(
                        Problem(
                            f"{seg_path}[{k}]",
                            "enterprise listed twice in this segment",
                            ent,
                            "each enterprise once per segment (a firm may sit in several segments)",
                        )
                    )
                seen.add(ent)
    for i, link in enumerate(getattr(plan, "links", ())):
        for j, ref in enumerate(link):
            path = f"links[{i}][{j}]"
            chain_id, dot, seg = ref.partition(".")
            chain = chains.get(chain_id)
            if not dot or not chain_id or not seg:
                out.append(
                    Problem(
                        path,
                        "not a chain segment reference",
                        ref,
                        '"chain_id.segment_id", e.g. "food.deep_processing"',
                    )
                )
            elif chain is None:
                out.append(Problem(path, "unknown chain", chain_id, _one_of(chains)))
            elif chain.template is None:
                out.append(
                    Problem(
                        path, f"chain {chain_id} has no template", ref, "a chain with a template"
                    )
                )
            elif chain.template in segments and seg not in segments[chain.template]:
                out.append(
                    Problem(
                        path,
                        f"unknown segment of chain {chain_id} (template {chain.template})",
                        seg,
                        _one_of(segments[chain.template]),
                    )
                )
    return out


def _cycle(edges: list[tuple[str, str]]) -> list[str]:
    """The segments of one cycle among the edges (empty when there is none).

    The cycle networkx's ``find_cycle`` reports for a ``DiGraph`` built from the sorted edges,
    found the same way (a depth-first search over edges from each node in insertion order)
    but without importing networkx, which costs a third of a second: plans are validated on
    every load, ``fyp show`` included.
    """
    adjacency: dict[str, dict[str, None]] = {}  # nodes and out-edges in insertion order
    for tail, head in sorted(tuple(e) for e in edges):  # type: ignore[misc]
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


def _unit_problem(path: str, indicator: str, unit: Any, value: Any) -> Problem:
    from ..units import format_quantity

    unit_text = format_unit(unit) or "dimensionless"
    return Problem(
        f"{path}.value",
        f"unit incompatible with indicator {indicator} ({unit_text})",
        format_quantity(value),
        f"a quantity in {unit_text} or a compatible unit",
    )
