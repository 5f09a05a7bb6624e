"""The built-in rules, one module per family of codes; A001 is the engine's post-pass.

The rule modules import :mod:`~fyp_planning.checks.findings` and their shared helpers
(``_common``, ``_figures``: the rounding tolerance every rule applies), never the engine.

Each rule states its code, name, severity and summary (the message catalogue's
``checks.<code>.summary``) where it is built; :func:`fyp_planning.builtin_rules` lists them, and
the docs' table of rules (docs/audit-rules.md, docs/concepts.md) is generated from that list.
Each rule's documentation with its two examples is ``checks/rules.md``.
"""

from __future__ import annotations

from ..findings import Rule
from . import duplicates, growth, relations, targets, units, values

__all__ = ["RULES"]

#: The rules that read a plan, family by family (the engine adds A001 and sorts them by code).
RULES: tuple[Rule, ...] = (
    *growth.RULES,
    *targets.RULES,
    *values.RULES,
    *units.RULES,
    *duplicates.RULES,
    *relations.RULES,
)
