"""What the checks speak: rules, their findings and the report (imports nothing else of checks/).

A rule is data plus a check: a code (``G001``), a short name, a severity and a function that
reads a plan and yields :class:`Finding` objects carrying the message, the location, the
figures involved and the arithmetic. :mod:`fyp_planning.checks.rules` holds the built-in
rules, :mod:`fyp_planning.checks.engine` runs them into an :class:`AuditReport`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ..model.enums import _Labelled
from ..model.plan import Plan
from ..tables import Column, Schema, Tabular
from ..text import Message, Said

__all__ = ["AuditReport", "Checked", "Finding", "Outcome", "Rule", "RuleFailure", "Severity"]


class Severity(_Labelled):
    """How serious a finding is: ``error`` (错误), ``warning`` (警告) or ``info`` (提示)."""

    ERROR = ("error", "错误")
    WARNING = ("warning", "警告")
    INFO = ("info", "提示")


_CODE = re.compile(r"^[A-Z]+[0-9]+$")


def _pairs(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(items)


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _no_english_beside(english: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A validator: a :class:`Message` carries its English, so no ``*_en`` text beside it."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, Message) and getattr(instance, f"_{english}"):
            raise ValueError(
                f"{attribute.alias} is a Message: it says its English itself; drop {english}"
            )

    return check


@attrs.frozen(kw_only=True)
class Finding:
    """One problem a rule found.

    A rule's check fills in what it found; the engine fills in ``code``, ``rule``,
    ``severity`` and ``plan``. Its ``message`` and ``hint`` are either a
    :class:`~fyp_planning.text.Message` from the catalogue (it says both languages: the built-in
    rules give these) or free Chinese text, with ``message_en``/``hint_en`` beside it if wanted.

    Args:
        message: What is wrong, with the numbers: a catalogue message, or Chinese text.
        message_en: Beside Chinese text, the same in English (never beside a message).
        hint: What to do about it, like ``message``; ``hint_en`` like ``message_en``.

    Attributes:
        location: Key path in the plan file (``statements.output_average_growth``).
        indicator: The indicator concerned, if any.
        figures: The figures involved as ``(label, value)`` pairs, as the document writes them.
        sources: The sections of the document they come from.
        arithmetic: The calculation that shows the problem.
        code, rule, severity: The rule's code, short name and severity.
        plan: Id of the plan audited (the main plan or its predecessor).

    Examples:
        >>> from fyp_planning import Finding
        >>> f = Finding(message="示例", location="statements.x", figures=(("期初", "137.1亿元"),))
        >>> f.to_dict()["figures"]
        [{'label': '期初', 'value': '137.1亿元'}]
        >>> from fyp_planning.text import Message
        >>> said = Message("checks.D001.message", name="湘窖", count=2, ids="E1、E2")
        >>> f = Finding(message=said, location="enterprises.E2")
        >>> f.message, f.message_en, f.message_text.id
        ('企业“湘窖”列了2次（E1、E2）。', 'enterprise “湘窖” is listed 2 times (E1、E2).', 'checks.D001.message')
    """

    _message: Message | str = attrs.field(validator=_no_english_beside("message_en"))
    location: str
    _message_en: str = ""
    indicator: str | None = None
    figures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    arithmetic: str = ""
    _hint: Message | str = attrs.field(default="", validator=_no_english_beside("hint_en"))
    _hint_en: str = ""
    code: str = ""
    rule: str = ""
    severity: Severity = Severity.INFO
    plan: str = ""

    message_text = Said.given(
        "message",
        """The message as it was given, with its id and arguments when it is a catalogue
        :class:`~fyp_planning.text.Message` (free text comes back as a
        :class:`~fyp_planning.text.Bilingual`).""",
    )
    hint_text = Said.given("hint", """The hint as it was given, like :attr:`message_text`.""")
    message = Said.zh("message", """What is wrong, in Chinese.""")
    message_en = Said.en(
        "message", """What is wrong, in English (``""`` when a free-text finding gives none)."""
    )
    hint = Said.zh("hint", """What to do about it, in Chinese.""")
    hint_en = Said.en("hint", """What to do about it, in English.""")

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


class Outcome(_Labelled):
    """What became of a statement, target pair or total a rule looked at without a finding:
    ``passed`` (通过: checked, and it holds) or ``not_checked`` (未核查: an input is missing).

    Examples:
        >>> from fyp_planning import Outcome
        >>> Outcome.NOT_CHECKED.label, Outcome.from_text("通过")
        ('未核查', <Outcome.PASSED: 'passed'>)
    """

    PASSED = ("passed", "通过")
    NOT_CHECKED = ("not_checked", "未核查")


@attrs.frozen(kw_only=True)
class Checked:
    """A statement, target pair or total a rule looked at and found nothing wrong with: it
    passed (with the arithmetic that shows it) or it could not be checked (with the reason,
    e.g. 缺少2015年数值). Rules yield these beside their :class:`Finding` objects, so the audit
    says what it checked instead of passing in silence; the engine fills in ``code``,
    ``rule`` and ``plan``.

    Args:
        reason: What was checked, or why it could not be: a catalogue message, or Chinese
            text with ``reason_en`` beside it.

    Examples:
        >>> from fyp_planning import Checked, Outcome
        >>> c = Checked(outcome=Outcome.NOT_CHECKED, location="statements.x",
        ...             reason="缺少2015年数值")
        >>> c.to_dict()["outcome_label"], c.reason
        ('未核查', '缺少2015年数值')
    """

    outcome: Outcome = attrs.field(validator=attrs.validators.instance_of(Outcome))
    location: str
    _reason: Message | str = attrs.field(validator=_no_english_beside("reason_en"))
    _reason_en: str = ""
    indicator: str | None = None
    figures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    arithmetic: str = ""
    code: str = ""
    rule: str = ""
    plan: str = ""

    reason_text = Said.given("reason", """The reason as it was given (its id and arguments).""")
    reason = Said.zh("reason", """What was checked, or why it could not be, in Chinese.""")
    reason_en = Said.en("reason", """The same in English (``""`` for free text without it).""")

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "code": self.code,
            "rule": self.rule,
            "outcome": self.outcome.value,
            "outcome_label": self.outcome.label,
            "plan": self.plan,
            "location": self.location,
            "indicator": self.indicator,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "figures": [{"label": k, "value": v} for k, v in self.figures],
            "sources": list(self.sources),
            "arithmetic": self.arithmetic,
        }


def _check_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(f"rule code must be capital letters then digits, e.g. G001; got {value!r}")


@attrs.frozen(kw_only=True)
class Rule:
    """An audit rule: a stable code, a short name, a severity and a check.

    Plugins add rules by listing them in :attr:`fyp_planning.Plugin.rules`; a rule is generic
    when it names no county.

    Args:
        summary: One line saying what it checks: a catalogue
            :class:`~fyp_planning.text.Message`, or Chinese text with ``summary_en`` beside it.

    Attributes:
        code: Stable code, capital letters then digits (``G001``). Plugin rules should use a
            prefix of their own (``DK001``) so they never collide with built-in ones.
        name: Short kebab-case name (``average-growth-arithmetic``).
        severity: :class:`Severity` of its findings.
        check: ``check(plan) -> Iterable[Finding | Checked]``: a :class:`Finding` for each
            problem, and for what it looked at without one, a :class:`Checked` (passed, or not
            checked and why) — rules that read statements, target pairs and totals say what
            they checked.

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
    _summary: Message | str = attrs.field(validator=_no_english_beside("summary_en"))
    check: Callable[[Plan], Iterable[Finding | Checked]] = attrs.field(eq=False, repr=False)
    _summary_en: str = ""

    summary_text = Said.given(
        "summary", """The summary as it was given, like :attr:`Finding.message_text`."""
    )
    summary = Said.zh("summary", """What the rule checks, in Chinese.""")
    summary_en = Said.en(
        "summary", """What the rule checks, in English (``""`` when a free-text rule gives none)."""
    )


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


#: The audit as one table: a row per finding (accepted ones too) and per checked item.
AUDIT_TABLE = Schema(
    "audit",
    "一行一项：每个发现（含已豁免的）和每个通过或未核查的核查项",
    "one row per finding (accepted ones too) and per item passed or not checked",
    (
        Column(
            "plan",
            "string",
            "规划编号（本规划或上一规划）",
            "plan id (the plan or its predecessor)",
        ),
        Column("code", "string", "规则代码", "rule code (G001)"),
        Column("rule", "string", "规则名称", "rule name (average-growth-arithmetic)"),
        Column(
            "outcome",
            "string",
            "结论：error/warning/info（发现的严重程度），passed（通过），not_checked（未核查）",
            "error, warning or info (a finding's severity), passed, or not_checked",
        ),
        Column(
            "outcome_label",
            "string",
            "结论（中文）：错误、警告、提示、通过、未核查",
            "the outcome in Chinese",
        ),
        Column(
            "accepted", "bool", "是否已豁免（audit_ignore）", "accepted by an audit_ignore entry"
        ),
        Column("accepted_reason", "string", "豁免理由", "the audit_ignore entry's reason"),
        Column("location", "string", "计划文件中的键路径", "key path in the plan file"),
        Column("indicator", "string", "相关指标编号", "the indicator concerned, if any"),
        Column(
            "message",
            "string",
            "说明（发现的问题，或核查结论/未核查原因）",
            "what was found, passed, or why not checked",
        ),
        Column("message_en", "string", "说明（英文）", "the same in English"),
        Column(
            "figures",
            "string",
            "涉及的数字（标签：数值；…）",
            "the figures involved (label：value；…)",
        ),
        Column(
            "sources",
            "string",
            "出处（章节，以；分隔）",
            "the document's sections, separated by ；",
        ),
        Column("arithmetic", "string", "计算过程", "the arithmetic"),
        Column("hint", "string", "建议（仅发现）", "what to do (findings only)"),
        Column("hint_en", "string", "建议（英文）", "the same in English"),
    ),
)


def _audit_row(item: Finding | Checked, accepted: str | None = None) -> tuple[Any, ...]:
    figures = "；".join(f"{k}：{v}" for k, v in item.figures) or None
    sources = "；".join(item.sources) or None
    if isinstance(item, Finding):
        outcome, label = item.severity.value, item.severity.label
        said, said_en = item.message, item.message_en
        hint, hint_en = item.hint or None, item.hint_en or None
    else:
        outcome, label = item.outcome.value, item.outcome.label
        said, said_en = item.reason, item.reason_en
        hint = hint_en = None
    return (
        item.plan,
        item.code,
        item.rule,
        outcome,
        label,
        accepted is not None,
        accepted,
        item.location,
        item.indicator,
        said,
        said_en or None,
        figures,
        sources,
        item.arithmetic or None,
        hint,
        hint_en,
    )


@attrs.frozen(kw_only=True)
class AuditReport(Tabular):
    """The result of :func:`audit`.

    Attributes:
        plan: Id of the main plan.
        findings: Findings, errors first, then by code, plan and location.
        suppressed: Findings the plan file accepts, each with its ``audit_ignore`` reason.
        failures: Rules that raised (the audit went on without them).
        rules: Codes of the rules that ran.
        checked: What the rules looked at without a finding (:class:`Checked`): passed, with
            the arithmetic, or not checked, with the reason; by code, plan and location.

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
    checked: tuple[Checked, ...] = ()

    @property
    def passed(self) -> tuple[Checked, ...]:
        """What the rules checked and found to hold."""
        return tuple(c for c in self.checked if c.outcome is Outcome.PASSED)

    @property
    def not_checked(self) -> tuple[Checked, ...]:
        """What the rules could not check, each with the reason."""
        return tuple(c for c in self.checked if c.outcome is Outcome.NOT_CHECKED)

    @property
    def coverage(self) -> dict[str, int]:
        """The counts of what the audit reached — ``checked`` (findings and passes), ``passed``
        and ``not_checked``.

        Examples:
            >>> from fyp_planning import AuditReport
            >>> AuditReport(plan="demo").coverage
            {'checked': 0, 'passed': 0, 'not_checked': 0}
        """
        passed = len(self.passed)
        return {
            "checked": len(self.findings) + passed,
            "passed": passed,
            "not_checked": len(self.checked) - passed,
        }

    def by_severity(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings of one severity."""
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """1 when there is an error finding, else 0 (``fyp check``'s exit status)."""
        return 1 if self.by_severity(Severity.ERROR) else 0

    TABLES = (AUDIT_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The audit table (:data:`AUDIT_TABLE`): findings, accepted findings, checked items.

        Examples:
            >>> from fyp_planning import AuditReport, Finding
            >>> r = AuditReport(plan="demo", findings=(Finding(message="示例", location="x",
            ...                 code="G001", plan="demo"),))
            >>> r.to_table().rows()[0]["outcome_label"]
            '提示'
        """
        yield from (_audit_row(f) for f in self.findings)
        yield from (_audit_row(f, why) for f, why in self.suppressed)
        yield from (_audit_row(c) for c in self.checked)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "plan": self.plan,
            "counts": {s.value: len(self.by_severity(s)) for s in Severity},
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [{**f.to_dict(), "reason": why} for f, why in self.suppressed],
            "failures": [attrs.asdict(x) for x in self.failures],
            "rules": list(self.rules),
            "coverage": self.coverage,
            "checked": [c.to_dict() for c in self.checked],
        }
