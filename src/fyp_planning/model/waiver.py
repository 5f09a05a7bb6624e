"""Accepted audit exceptions recorded in a plan file (``[[audit_ignore]]``)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from ..errors import FieldError
from . import _validators as v

__all__ = ["AuditIgnore"]

_CODE = re.compile(r"^[A-Z]+[0-9]*$")


def _check_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise FieldError(
            attribute.name, "not a rule code", value, 'a rule code or prefix, e.g. "G001" or "G"'
        )


def _check_reason(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(
            attribute.name,
            "a reason is required",
            value,
            "why the finding is accepted, e.g. 原文如此，已向编制单位核实",
        )
    v.opt_str(instance, attribute, value)  # free text: no control character but line breaks


@attrs.frozen(kw_only=True)
class AuditIgnore:
    """A finding the plan's authors have looked at and accept, with their reason.

    Written in a plan file as ``[[audit_ignore]]`` tables. The audit still reports what it
    suppressed, with the reason, so nothing is hidden from a reader.

    Attributes:
        code: A rule code (``"G001"``) or a prefix of codes (``"G"``).
        reason: Why it is accepted (required, not blank).
        at: Only the finding at this location (``"statements.output_average_growth"``,
            ``"indicators.rd_gdp_share"``); every finding of the code when not given.

    Examples:
        >>> from fyp_planning import AuditIgnore
        >>> AuditIgnore(code="G001", reason="原文如此", at="statements.output_average_growth").at
        'statements.output_average_growth'
    """

    code: str = attrs.field(validator=_check_code)
    reason: str = attrs.field(validator=_check_reason)
    at: str | None = attrs.field(default=None, validator=v.opt_name)

    def matches(self, code: str, location: str) -> bool:
        """Whether this exception covers a finding of ``code`` at ``location``."""
        return code.startswith(self.code) and (self.at is None or self.at == location)
