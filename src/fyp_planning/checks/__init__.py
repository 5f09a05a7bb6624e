"""The plan audit (``fyp check``): find a plan's internal inconsistencies like a reviewer.

See :mod:`fyp_planning.checks.rules` for the rules and :mod:`fyp_planning.checks._figures` for
the rounding tolerance every rule applies.
"""

from .engine import AuditReport, Finding, Rule, RuleFailure, Severity, audit, builtin_rules

__all__ = ["AuditReport", "Finding", "Rule", "RuleFailure", "Severity", "audit", "builtin_rules"]
