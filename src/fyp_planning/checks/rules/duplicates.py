"""D rules: the same enterprise or project listed more than once (private)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from ...model.entities import Enterprise, Project
from ...model.plan import Plan
from ...units import format_quantity
from ..findings import Finding, Rule, Severity


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
        ids = "、".join(e.id for e in group)
        yield Finding(
            message=f"企业“{group[0].name}”列了{len(group)}次（{ids}）。",
            message_en=f"enterprise “{group[0].name}” is listed {len(group)} times ({ids}).",
            location=f"enterprises.{group[1].id}",
            figures=tuple((e.id, e.name) for e in group),
            sources=tuple(dict.fromkeys(e.source or "出处未注" for e in group)),
            hint="合并为一条记录。",
            hint_en="Merge them into one entry.",
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
        detail = "金额相同" if same else "金额不同"
        yield Finding(
            message=f"“{group[0].name}”的项目列了{len(group)}次（{detail}：{'、'.join(amounts)}）："
            "请确认是不同项目，而非重复计入。",
            message_en=f"“{group[0].name}” has {len(group)} projects "
            f"({', '.join(amounts)}): check they are distinct, not one counted twice.",
            location=f"projects.{group[1].id}",
            figures=tuple(
                (p.id, format_quantity(p.investment) if p.investment is not None else "—")
                for p in group
            ),
            sources=tuple(dict.fromkeys(p.source or "出处未注" for p in group)),
            hint="若为同一项目，删去重复项并核对合计；若为不同项目，在名称中区分。",
            hint_en="If it is one project, remove the duplicate and re-check totals; "
            "otherwise name them apart.",
        )


RULES = (
    Rule(
        code="D001",
        name="duplicate-enterprise",
        severity=Severity.WARNING,
        summary="同一企业列了两次",
        summary_en="the same enterprise is listed twice",
        check=_duplicate_enterprises,
    ),
    Rule(
        code="D002",
        name="duplicate-project",
        severity=Severity.WARNING,
        summary="同一企业（或同名）的项目列了多次，可能重复计入",
        summary_en="projects of the same enterprise (or name) listed more than once",
        check=_duplicate_projects,
    ),
)
