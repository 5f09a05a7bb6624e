"""The audit engine: rules with stable codes, findings, selection and accepted exceptions.

A rule is data plus a check: a code (``G001``), a short name, a severity and a function that
reads a plan and yields :class:`Finding` objects carrying the message, the location, the
figures involved and the arithmetic. The engine fills in each finding's code, name, severity
and plan, applies ``select``/``ignore`` (codes or prefixes, as ruff does) and the plan file's
``[[audit_ignore]]`` exceptions, and sorts the result. A predecessor plan is audited too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from ..model.enums import _Labelled
from ..model.plan import Plan

__all__ = ["AuditReport", "Finding", "Rule", "RuleFailure", "Severity", "audit", "builtin_rules"]


class Severity(_Labelled):
    """How serious a finding is: ``error`` (错误), ``warning`` (警告) or ``info`` (提示)."""

    ERROR = ("error", "错误")
    WARNING = ("warning", "警告")
    INFO = ("info", "提示")


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CODE = re.compile(r"^[A-Z]+[0-9]+$")


@attrs.frozen(kw_only=True)
class Finding:
    """One problem a rule found.

    A rule's check fills in what it found; the engine fills in ``code``, ``rule``,
    ``severity`` and ``plan``.

    Attributes:
        message: What is wrong, in Chinese, with the numbers.
        message_en: The same in English.
        location: Key path in the plan file (``statements.output_average_growth``).
        indicator: The indicator concerned, if any.
        figures: The figures involved as ``(label, value)`` pairs, as the document writes them.
        sources: The sections of the document they come from.
        arithmetic: The calculation that shows the problem.
        hint: What to do about it (Chinese); ``hint_en`` in English.
        code, rule, severity: The rule's code, short name and severity.
        plan: Id of the plan audited (the main plan or its predecessor).

    Examples:
        >>> from fyp_planning import Finding
        >>> f = Finding(message="示例", location="statements.x", figures=(("期初", "137.1亿元"),))
        >>> f.to_dict()["figures"]
        [{'label': '期初', 'value': '137.1亿元'}]
    """

    message: str
    location: str
    message_en: str = ""
    indicator: str | None = None
    figures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    arithmetic: str = ""
    hint: str = ""
    hint_en: str = ""
    code: str = ""
    rule: str = ""
    severity: Severity = Severity.INFO
    plan: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "severity_label": self.severity.label,
            "plan": self.plan,
            "location": self.location,
            "indicator": self.indicator,
            "message": self.message,
            "message_en": self.message_en,
            "figures": [{"label": k, "value": v} for k, v in self.figures],
            "sources": list(self.sources),
            "arithmetic": self.arithmetic,
            "hint": self.hint,
            "hint_en": self.hint_en,
        }


def _check_code(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(f"rule code must be capital letters then digits, e.g. G001; got {value!r}")


@attrs.frozen(kw_only=True)
class Rule:
    """An audit rule: a stable code, a short name, a severity and a check.

    Plugins add rules by listing them in :attr:`fyp_planning.Plugin.rules`; a rule is generic
    when it names no county.

    Attributes:
        code: Stable code, capital letters then digits (``G001``). Plugin rules should use a
            prefix of their own (``DK001``) so they never collide with built-in ones.
        name: Short kebab-case name (``average-growth-arithmetic``).
        severity: :class:`Severity` of its findings.
        summary: One line in Chinese saying what it checks; ``summary_en`` in English.
        check: ``check(plan) -> Iterable[Finding]``.

    Examples:
        >>> from fyp_planning import Finding, Rule, Severity, audit, Plan
        >>> def no_issuer(plan):
        ...     if plan.issuer is None:
        ...         yield Finding(message="未写明编制单位", location="issuer")
        >>> rule = Rule(code="X001", name="no-issuer", severity=Severity.INFO,
        ...             summary="规划未写明编制单位", check=no_issuer)
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025)
        >>> [(f.code, f.severity.label, f.message) for f in audit(plan, rules=[rule]).findings]
        [('X001', '提示', '未写明编制单位')]
    """

    code: str = attrs.field(validator=_check_code)
    name: str
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    summary: str
    check: Callable[[Plan], Iterable[Finding]] = attrs.field(eq=False, repr=False)
    summary_en: str = ""


@attrs.frozen(kw_only=True)
class RuleFailure:
    """A rule that raised instead of reporting: the audit goes on without it.

    Examples:
        >>> from fyp_planning import RuleFailure
        >>> RuleFailure(code="X001", plan="demo", error="ZeroDivisionError: division by zero").code
        'X001'
    """

    code: str
    plan: str
    error: str


@attrs.frozen(kw_only=True)
class AuditReport:
    """The result of :func:`audit`.

    Attributes:
        plan: Id of the main plan.
        findings: Findings, errors first, then by code, plan and location.
        suppressed: Findings the plan file accepts, each with its ``audit_ignore`` reason.
        failures: Rules that raised (the audit went on without them).
        rules: Codes of the rules that ran.

    Examples:
        >>> from fyp_planning import Plan, audit
        >>> report = audit(Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...                     end_year=2025))
        >>> report.findings, report.exit_code
        ((), 0)
    """

    plan: str
    findings: tuple[Finding, ...] = ()
    suppressed: tuple[tuple[Finding, str], ...] = ()
    failures: tuple[RuleFailure, ...] = ()
    rules: tuple[str, ...] = ()

    def by_severity(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings of one severity."""
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """1 when there is an error finding, else 0 (``fyp check``'s exit status)."""
        return 1 if self.by_severity(Severity.ERROR) else 0

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "plan": self.plan,
            "counts": {s.value: len(self.by_severity(s)) for s in Severity},
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [{**f.to_dict(), "reason": why} for f, why in self.suppressed],
            "failures": [attrs.asdict(x) for x in self.failures],
            "rules": list(self.rules),
        }


def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, in code order.

    Examples:
        >>> from fyp_planning import builtin_rules
        >>> [r.code for r in builtin_rules()][:3]
        ['A001', 'D001', 'D002']
    """
    from . import rules

    return tuple(sorted(rules.RULES, key=lambda r: r.code))


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
        in ``failures``.

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
    found: list[tuple[int, Finding]] = []
    failures: list[RuleFailure] = []
    failed: set[tuple[int, str]] = set()
    for k, p in enumerate(plans):
        for rule in active:
            if rule.code == "A001":
                continue  # needs the other findings; run below
            try:
                hits = list(rule.check(p))
            except Exception as exc:  # a broken rule must not break the audit
                failures.append(
                    RuleFailure(code=rule.code, plan=p.id, error=f"{type(exc).__name__}: {exc}")
                )
                failed.add((k, rule.code))
                continue
            found += [
                (
                    k,
                    attrs.evolve(
                        h, code=rule.code, rule=rule.name, severity=rule.severity, plan=p.id
                    ),
                )
                for h in hits
            ]

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
    if "A001" in {r.code for r in active}:
        ran = {(k, r.code) for k in range(len(plans)) for r in active} - failed
        kept += _unused_waivers(plans, used, table["A001"], set(table), ran)

    kept.sort(key=lambda f: (_ORDER[f.severity], f.code, f.plan != plan.id, f.location))
    return AuditReport(
        plan=plan.id,
        findings=tuple(kept),
        suppressed=tuple(suppressed),
        failures=tuple(failures),
        rules=tuple(r.code for r in active),
    )


def _unused_waivers(
    plans: list[Plan],
    used: set[tuple[int, int]],
    rule: Rule,
    known: set[str],
    ran: set[tuple[int, str]],
) -> list[Finding]:
    out = []
    for k, p in enumerate(plans):
        for i, w in enumerate(p.audit_ignore):
            if (k, i) in used:
                continue
            covered = {c for c in known if c.startswith(w.code) and c != rule.code}
            if any((k, c) not in ran for c in covered):
                continue  # a rule it covers was not run (select/ignore) or failed: unknown
            where = f"，位置 {w.at}" if w.at else ""
            out.append(
                Finding(
                    message=f"豁免项 {w.code}{where} 没有匹配任何发现，可删除。",
                    message_en=f"audit_ignore {w.code}"
                    + (f" at {w.at}" if w.at else "")
                    + " matches no finding; remove it.",
                    location=f"audit_ignore[{i}]",
                    figures=(("理由", w.reason),),
                    hint="删除该豁免项，或改正其规则代码或位置。",
                    hint_en="Remove the entry, or correct its code or location.",
                    code=rule.code,
                    rule=rule.name,
                    severity=rule.severity,
                    plan=p.id,
                )
            )
    return out
