"""R rules: references between the plan's things that do not agree (private)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.plan import Plan
from ..findings import Finding, Rule, Severity


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
                    message=f"企业“{e.name}”被放在{c.name}链的“{seg}”环节，但其所属产业链"
                    f"（{listed}）不含{c.name}链。",
                    message_en=f"enterprise {e.id} sits in segment {seg_id} of chain {c.id}, "
                    f"but its chains ({', '.join(e.chains) or 'none'}) do not include {c.id}.",
                    location=f"chains.{c.id}.presence.{seg_id}[{i}]",
                    figures=(("企业", e.name), ("所属产业链", listed), ("产业链", c.name)),
                    sources=tuple(x for x in (e.source,) if x),
                    hint=f"在企业的 chains 中加入 {c.id}，或把它从该链移除。",
                    hint_en=f"Add {c.id} to the enterprise's chains, or take it off the chain.",
                )


RULES = (
    Rule(
        code="R001",
        name="chain-membership",
        severity=Severity.WARNING,
        summary="企业被放在某产业链的环节上，但其所属产业链不含该链",
        summary_en="an enterprise placed in a chain's segment does not list that chain",
        check=_membership,
    ),
)
