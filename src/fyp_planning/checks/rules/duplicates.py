"""D rules: the same enterprise or project listed more than once (private)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from ...model.entities import Enterprise, Project
from ...model.plan import Plan
from ...text import Join, Message
from ...units import format_quantity
from ..findings import Finding, Severity
from ._common import catalogued, source


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace()).casefold()


def _duplicate_enterprises(plan: Plan) -> Iterator[Finding]:
    by_name: dict[str, list[Enterprise]] = defaultdict(list)
    for e in plan.enterprises:
        by_name[_key(e.name)].append(e)
    for group in by_name.values():
        if len(group) < 2:
            continue
        yield Finding(
            # the ids keep the Chinese separator in English too, as they always have
            message=Message(
                "checks.D001.message",
                name=group[0].name,
                count=len(group),
                ids="、".join(e.id for e in group),
            ),
            location=f"enterprises.{group[1].id}",
            figures=tuple((e.id, e.name) for e in group),
            sources=tuple(dict.fromkeys(source(e) for e in group)),
            hint=Message("checks.D001.hint"),
        )


def _duplicate_projects(plan: Plan) -> Iterator[Finding]:
    groups: dict[str, list[Project]] = defaultdict(list)
    for p in plan.projects:
        groups[p.enterprise or _key(p.name)].append(p)
    for group in groups.values():
        if len(group) < 2:
            continue
        amounts = [format_quantity(p.investment) for p in group if p.investment is not None]
        same = len(set(amounts)) < len(amounts)
        yield Finding(
            message=Message(
                "checks.D002.message",
                name=group[0].name,
                count=len(group),
                amounts_are=Message("checks.D002.same" if same else "checks.D002.different"),
                amounts=Join(amounts),
            ),
            location=f"projects.{group[1].id}",
            figures=tuple(
                (p.id, format_quantity(p.investment) if p.investment is not None else "—")
                for p in group
            ),
            sources=tuple(dict.fromkeys(source(p) for p in group)),
            hint=Message("checks.D002.hint"),
        )


RULES = (
    catalogued("D001", "duplicate-enterprise", Severity.WARNING, _duplicate_enterprises),
    catalogued("D002", "duplicate-project", Severity.WARNING, _duplicate_projects),
)
