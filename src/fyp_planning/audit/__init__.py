"""The plan audit (``fyp check``): find a plan's internal inconsistencies like a reviewer.

May import: errors, growth, model, units. One of the three analyses, beside evaluation and
chains and independent of them; the registry, render and the CLI import it, never the reverse.

See :mod:`fyp_planning.audit.rules` for the rules and :mod:`fyp_planning.audit._figures` for
the rounding tolerance every rule applies.
"""

from .engine import AuditReport, Finding, Rule, RuleFailure, Severity, audit, builtin_rules

__all__ = ["AuditReport", "Finding", "Rule", "RuleFailure", "Severity", "audit", "builtin_rules"]
