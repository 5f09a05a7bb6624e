"""R rules: references between the plan's things that do not agree (private)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.plan import Plan
from ...text import Join, Message
from ..findings import Finding, Severity
from ._common import catalogued


def _membership(plan: Plan) -> Iterator[Finding]:
    firms = {e.id: e for e in plan.enterprises}
    names = {(t.id, s.id): s.name for t in plan.templates for s in t.segments}
    for c in plan.chains:
        for seg_id, ents in c.presence:
            seg = names.get((c.template or "", seg_id), seg_id)
            for i, ent in enumerate(ents):
                e = firms.get(ent)
                if e is None or c.id in e.chains:
                    continue
                listed = "、".join(e.chains) or "无"
                yield Finding(
                    message=Message(
                        "checks.R001.message",
                        name=e.name,
                        enterprise=e.id,
                        chain_name=c.name,
                        chain=c.id,
                        segment_name=seg,
                        segment=seg_id,
                        chains=Join(e.chains) if e.chains else Message("checks.R001.none"),
                    ),
                    location=f"chains.{c.id}.presence.{seg_id}[{i}]",
                    figures=(("企业", e.name), ("所属产业链", listed), ("产业链", c.name)),
                    sources=tuple(x for x in (e.source,) if x),
                    hint=Message("checks.R001.hint", chain=c.id),
                )


def _unplaced(plan: Plan) -> Iterator[Finding]:
    """The reverse of R001: a firm listing a chain that has a template, but in none of its
    segments (the gap analysis then does not count it). Info: the plan may name a firm under a
    chain without saying what it makes."""
    chains = {c.id: c for c in plan.chains}
    for e in plan.enterprises:
        for i, chain_id in enumerate(e.chains):
            c = chains.get(chain_id)
            if c is None or c.template is None:
                continue
            if any(e.id in ents for _, ents in c.presence):
                continue
            yield Finding(
                message=Message(
                    "checks.R002.message",
                    name=e.name,
                    enterprise=e.id,
                    chain_name=c.name,
                    chain=c.id,
                ),
                location=f"enterprises.{e.id}.chains[{i}]",
                figures=(("企业", e.name), ("产业链", c.name)),
                sources=tuple(x for x in (e.source,) if x),
                hint=Message("checks.R002.hint", chain=c.id, enterprise=e.id),
            )


RULES = (
    catalogued("R001", "chain-membership", Severity.WARNING, _membership),
    catalogued("R002", "chain-unplaced", Severity.INFO, _unplaced),
)
