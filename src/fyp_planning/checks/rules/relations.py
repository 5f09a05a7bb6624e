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


RULES = (catalogued("R001", "chain-membership", Severity.WARNING, _membership),)
