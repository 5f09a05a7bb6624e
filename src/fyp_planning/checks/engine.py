"""The audit engine: runs the rules, applies selection and accepted exceptions, then A001.

The engine fills in each finding's code, name, severity and plan, applies ``select``/``ignore``
(codes or prefixes, as ruff does) and the plan file's ``[[audit_ignore]]`` exceptions, and sorts
the result. A predecessor plan is audited too. After the rules, a post-pass reports the
exceptions that matched nothing (A001, :data:`UNUSED_IGNORE`): it reads the other rules'
findings, not the plan, so it is not a rule's check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from ..model.plan import Plan
from ..text import Message
from .findings import AuditReport, Checked, Finding, Rule, RuleFailure, Severity
from .rules import RULES
from .rules._common import catalogued

__all__ = ["UNUSED_IGNORE", "audit", "builtin_rules"]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _after_the_rules(plan: Plan) -> Iterator[Finding]:
    """A001 reads the other rules' findings: the engine's post-pass reports it, not a check."""
    return iter(())


#: A001: an ``[[audit_ignore]]`` entry that matches no finding. Listed, selected and ignored like
#: a rule; its findings come from the engine's post-pass (:func:`_unused_waivers`).
UNUSED_IGNORE = catalogued("A001", "unused-ignore", Severity.INFO, _after_the_rules)


def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, in code order.

    Returns:
        The rules of ``fyp_planning.checks.rules`` and A001 (unused-ignore), which the engine
        computes after the other rules.

    Examples:
        >>> from fyp_planning import builtin_rules
        >>> [r.code for r in builtin_rules()][:3]
        ['A001', 'D001', 'D002']
    """
    return tuple(sorted((UNUSED_IGNORE, *RULES), key=lambda r: r.code))


def _chosen(code: str, select: Sequence[str] | None, ignore: Sequence[str]) -> bool:
    if select is not None and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(s) for s in ignore)


def audit(
    plan: Plan,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    rules: Iterable[Rule] = (),
    predecessor: bool = True,
) -> AuditReport:
    """Run the audit rules on a plan (and its predecessor) and collect the findings.

    Args:
        plan: The plan.
        select: Run only rules whose code starts with one of these (``["G", "T001"]``);
            all rules when ``None``.
        ignore: Skip rules whose code starts with one of these.
        rules: Extra rules (a plugin's) to run besides the built-in ones; a rule with a
            built-in code replaces it.
        predecessor: Audit the predecessor plan too (default).

    Returns:
        An :class:`AuditReport`. A rule that raises does not stop the audit: it is listed
        in ``failures``, and is an error finding of its own (its code, the location ``""``
        and the message ``规则X001执行失败：…`` with the exception), which no
        ``audit_ignore`` entry can accept; the other rules' findings are all kept.

    Examples:
        >>> from fyp_planning import (Indicator, Observation, Period, Plan, audit,
        ...                           parse_quantity, parse_unit)
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="firms", name="规上企业数",
        ...                                   unit=parse_unit("家"))],
        ...             observations=[
        ...                 Observation(indicator="firms", period=Period(2020),
        ...                             value=parse_quantity("133家"), source="一.1"),
        ...                 Observation(indicator="firms", period=Period(2020),
        ...                             value=parse_quantity("138家"), source="一.4")])
        >>> report = audit(plan)
        >>> [(f.code, f.location) for f in report.findings]
        [('V001', 'indicators.firms.observations')]
        >>> report.findings[0].message
        '「规上企业数」2020年有2个不同的数值：133家（一.1）、138家（一.4）。'
        >>> report.exit_code
        1
    """
    chosen_select = None if select is None else tuple(select)
    chosen_ignore = tuple(ignore)
    table = {r.code: r for r in builtin_rules()}
    table.update({r.code: r for r in rules})
    active = [table[code] for code in sorted(table) if _chosen(code, chosen_select, chosen_ignore)]
    plans = [plan]
    if predecessor and plan.predecessor is not None:
        plans.append(plan.predecessor)

    # findings and exceptions are keyed by the plan's place (0 main, 1 predecessor), not its
    # id, so a predecessor that reuses the main plan's id cannot borrow its exceptions
    found, failures, checked = _run(plans, [r for r in active if r is not UNUSED_IGNORE])
    kept, suppressed, used = _waive(plans, found)
    kept += [_failed(table[f.code], f) for _, f in failures]  # never waived: the rule said nothing
    if any(r is UNUSED_IGNORE for r in active):
        failed = {(k, f.code) for k, f in failures}
        ran = {(k, r.code) for k in range(len(plans)) for r in active} - failed
        kept += _unused_waivers(plans, used, set(table), ran)

    kept.sort(key=lambda f: (_ORDER[f.severity], f.code, f.plan != plan.id, f.location))
    return AuditReport(
        plan=plan.id,
        findings=tuple(kept),
        suppressed=tuple(suppressed),
        failures=tuple(f for _, f in failures),
        rules=tuple(r.code for r in active),
        checked=tuple(
            sorted(
                checked, key=lambda c: (c.code, c.plan != plan.id, c.location, c.indicator or "")
            )
        ),
    )


def _run(
    plans: list[Plan], rules: list[Rule]
) -> tuple[list[tuple[int, Finding]], list[tuple[int, RuleFailure]], list[Checked]]:
    """Every rule's findings on every plan, filled in; the rules that raised; and what the
    rules looked at without a finding (of a rule that raised, nothing is kept)."""
    found: list[tuple[int, Finding]] = []
    failures: list[tuple[int, RuleFailure]] = []
    checked: list[Checked] = []
    for k, p in enumerate(plans):
        for rule in rules:
            try:
                hits = list(rule.check(p))
            except Exception as exc:  # a broken rule must not break the audit
                failures.append((k, RuleFailure(code=rule.code, plan=p.id, error=_said(exc))))
                continue
            for h in hits:
                if isinstance(h, Checked):
                    checked.append(attrs.evolve(h, code=rule.code, rule=rule.name, plan=p.id))
                else:
                    filled = attrs.evolve(
                        h, code=rule.code, rule=rule.name, severity=rule.severity, plan=p.id
                    )
                    found.append((k, filled))
    return found, failures, checked


def _said(exc: Exception) -> str:
    """An exception as ``Type: message`` (just ``Type`` when it cannot say its message)."""
    try:
        text = str(exc)
    except Exception:  # a message that cannot be made (a number too long to print, ...)
        text = ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _failed(rule: Rule, failure: RuleFailure) -> Finding:
    """A rule that raised, as an error finding of its own, so every output shows it."""
    return Finding(
        message=Message("checks.failed.message", code=rule.code, error=failure.error),
        location="",
        hint=Message("checks.failed.hint"),
        code=rule.code,
        rule=rule.name,
        severity=Severity.ERROR,
        plan=failure.plan,
    )


def _waive(
    plans: list[Plan], found: list[tuple[int, Finding]]
) -> tuple[list[Finding], list[tuple[Finding, str]], set[tuple[int, int]]]:
    """Findings kept, findings an ``audit_ignore`` entry accepts (with its reason), and the
    entries used, as (plan place, entry index)."""
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, str]] = []
    used: set[tuple[int, int]] = set()
    for k, f in found:
        waiver = next(
            ((i, w) for i, w in enumerate(plans[k].audit_ignore) if w.matches(f.code, f.location)),
            None,
        )
        if waiver is None:
            kept.append(f)
        else:
            used.add((k, waiver[0]))
            suppressed.append((f, waiver[1].reason))
    return kept, suppressed, used


def _unused_waivers(
    plans: list[Plan],
    used: set[tuple[int, int]],
    known: set[str],
    ran: set[tuple[int, str]],
) -> list[Finding]:
    """A001, the post-pass: the ``audit_ignore`` entries no finding used, when every rule they
    cover ran (a rule not selected, or one that failed, might have used them)."""
    rule = UNUSED_IGNORE
    out = []
    for k, p in enumerate(plans):
        for i, w in enumerate(p.audit_ignore):
            if (k, i) in used:
                continue
            covered = {c for c in known if c.startswith(w.code) and c != rule.code}
            if any((k, c) not in ran for c in covered):
                continue  # a rule it covers was not run (select/ignore) or failed: unknown
            where = Message("checks.A001.at", at=w.at) if w.at else ""
            out.append(
                Finding(
                    message=Message("checks.A001.message", code=w.code, at=where),
                    location=f"audit_ignore[{i}]",
                    figures=(("理由", w.reason),),
                    hint=Message("checks.A001.hint"),
                    code=rule.code,
                    rule=rule.name,
                    severity=rule.severity,
                    plan=p.id,
                )
            )
    return out
