"""The built-in rules' own documentation, shipped with the package (``checks/rules.md``): one
section a rule, each with a plan file the rule reports and a near miss it does not. ``fyp check
--explain CODE`` prints a section; docs/audit-rules.md includes the file; the test suite checks
every example. Imports nothing else of ``checks``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

__all__ = ["rule_doc", "rule_docs"]

_SECTION = re.compile(r"^### ([A-Z]+[0-9]+) ", re.M)


@functools.cache
def rule_docs() -> dict[str, str]:
    """Each built-in rule's section of ``rules.md``, by code, as written (Markdown).

    Examples:
        >>> from fyp_planning.checks.explain import rule_docs
        >>> docs = rule_docs()
        >>> docs["G001"].splitlines()[0]
        '### G001 average-growth-arithmetic — 年均增长按算术平均计算'
    """
    text = resources.files(__package__).joinpath("rules.md").read_text(encoding="utf-8")
    starts = [(m.start(), m[1]) for m in _SECTION.finditer(text)]
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return {code: text[s:e].strip() + "\n" for (s, code), e in zip(starts, ends, strict=True)}


def rule_doc(code: str) -> str | None:
    """The documentation of built-in rule ``code`` (any case), or ``None`` when it has none.

    Examples:
        >>> from fyp_planning.checks.explain import rule_doc
        >>> "<!-- audit: triggers V002 -->" in rule_doc("v002"), rule_doc("X999")
        (True, None)
    """
    return rule_docs().get(code.strip().upper())
