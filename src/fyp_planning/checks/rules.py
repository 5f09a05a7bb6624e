"""The built-in rules, gathered from their modules (one module per family of codes).

====  ==========================  ========  ==================================================
code  name                        severity  what it finds
====  ==========================  ========  ==================================================
A001  unused-ignore               info      an ``[[audit_ignore]]`` entry that matches nothing
D001  duplicate-enterprise        warning   the same enterprise listed twice
D002  duplicate-project           warning   one enterprise's projects listed more than once
G001  average-growth-arithmetic   warning   年均增长 = total growth / years, not compound
G002  average-growth-mismatch     error     年均增长 matching neither compound nor arithmetic
G003  total-growth-mismatch       error     累计增长 not matching its start and end values
G004  change-mismatch             error     a stated change (百分点, 年均净增) not matching
R001  chain-membership            warning   a firm placed in a chain that it does not list
T001  targets-conflict            error     level and growth targets that cannot both hold
T002  targets-disagree            info      level and growth targets implying different levels
T003  target-met-at-baseline      warning   a target already met before the period starts
U001  figure-without-unit         warning   a figure with no unit
U002  unit-changed                warning   a unit that does not convert to the predecessor's
V001  conflicting-values          error     one indicator, one period, two values
V002  total-not-sum               error     a stated total that is not the sum of its parts
====  ==========================  ========  ==================================================
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.plan import Plan
from . import _data_rules, _growth_rules, _target_rules
from .engine import Finding, Rule, Severity


def _nothing(plan: Plan) -> Iterator[Finding]:
    """A001 is computed by the engine from the other findings."""
    return iter(())


RULES: tuple[Rule, ...] = (
    Rule(
        code="A001",
        name="unused-ignore",
        severity=Severity.INFO,
        summary="计划文件中的豁免项（audit_ignore）没有匹配任何发现",
        summary_en="an audit_ignore entry of the plan file matches no finding",
        check=_nothing,
    ),
    *_growth_rules.RULES,
    *_target_rules.RULES,
    *_data_rules.RULES,
)
