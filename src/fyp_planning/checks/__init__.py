"""The plan checks (``fyp check``): find a plan's internal inconsistencies like a reviewer.

May import: errors, growth, limits, model, tables, text, units. One of the three analyses, beside evaluation and
chains and independent of them; the registry, render and the CLI import it, never the reverse.

Three parts, each importing only the ones before it:

* :mod:`~fyp_planning.checks.findings` — :class:`Rule`, :class:`Finding`, :class:`Severity`,
  :class:`RuleFailure`, :class:`AuditReport`, :class:`Checked`, :class:`Outcome` (imports nothing else of ``checks``);
* :mod:`~fyp_planning.checks.rules` — the built-in rules, one module per family of codes, and
  the rounding tolerance every rule applies (``rules._figures``);
* :mod:`~fyp_planning.checks.engine` — :func:`audit`: runs the rules, applies selection and
  accepted exceptions, then reports unused exceptions (A001).

Beside them, :mod:`~fyp_planning.checks.explain` reads the rules' documentation shipped with the
package (``rules.md``, one section a rule with its examples): ``fyp check --explain CODE``.
"""

from .engine import audit, builtin_rules
from .findings import AuditReport, Checked, Finding, Outcome, Rule, RuleFailure, Severity

__all__ = [
    "AuditReport",
    "Checked",
    "Finding",
    "Outcome",
    "Rule",
    "RuleFailure",
    "Severity",
    "audit",
    "builtin_rules",
]
