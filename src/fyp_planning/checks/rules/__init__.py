"""The built-in rules, one module per family of codes; A001 is the engine's post-pass.

The rule modules import :mod:`~fyp_planning.checks.findings` and their shared helpers
(``_common``, ``_figures``: the rounding tolerance every rule applies), never the engine.

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
G005  derived-matches-one-value   info      a growth or change matching only one of a year's
                                          two different values (V001)
R001  chain-membership            warning   a firm placed in a chain that it does not list
R002  chain-unplaced              info      a firm listing a chain but in none of its segments
T001  targets-conflict            error     level and growth targets that cannot both hold
T002  targets-disagree            info      level and growth targets implying different levels
T003  target-met-at-baseline      warning   a target already met before the period starts
T004  change-level-disagree       warning   a change target (提高0.5个百分点) and a level target
                                          implying different levels
T005  change-beyond-bound         error     a change taking a share past 100 % (its limit) or a
                                          count below zero
T006  target-below-achieved       warning   a target not beyond what the predecessor achieved
T007  growth-target-restated      info      a growth target restating the old plan's, though
                                          the old one was missed or beaten by half
U001  figure-without-unit         warning   a figure with no unit
U002  unit-changed                warning   a unit that does not convert to the predecessor's
V001  conflicting-values          error     one indicator, one period, two values
V002  total-not-sum               error     a stated total that is not the sum of its parts
V003  span-total-not-sum          warning   a total over years (十三五累计) not their values' sum
V004  total-matches-one-value     info      a total adding up with only some of a part's values
====  ==========================  ========  ==================================================
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
