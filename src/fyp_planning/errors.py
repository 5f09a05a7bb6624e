"""The exceptions fyp-planning raises.

Every error the library raises on bad input derives from :class:`FypError`, so a caller can
catch one class. Errors about values also derive from :class:`ValueError`, and unit
mismatches also from :class:`pint.DimensionalityError`, so code written against the
standard exceptions keeps working.

Plan-file errors (:class:`PlanError` and its subclasses) carry every problem found in one
pass as :class:`Problem` records: the file, the key path, the bad value, and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pint

__all__ = [
    "FypError",
    "ObservationsError",
    "PlanError",
    "PlanStructureError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Problem",
    "QuantityParseError",
    "TargetParseError",
    "UnitError",
    "UnitMismatchError",
]

_MISSING = object()


class FypError(Exception):
    """Base class of every error fyp-planning raises on bad input."""


class UnitError(FypError, ValueError):
    """A unit string that is not known, or a unit definition that is refused."""


class UnitMismatchError(FypError, pint.DimensionalityError):
    """Two quantities whose units cannot be compared or converted (亿元 vs 亿度, 家 vs 户).

    Args:
        what: What was being done, in words (shown first in the message).
        from_unit: The unit that was given.
        to_unit: The unit that was expected.
    """

    def __init__(self, what: str, from_unit: Any, to_unit: Any) -> None:
        super().__init__(from_unit, to_unit, extra_msg=f" ({what})")
        self.what = what

    def __str__(self) -> str:
        return (
            f"{self.what}: unit {_unit_text(self.units1)} cannot be converted to "
            f"{_unit_text(self.units2)} (单位不兼容)"
        )


def _unit_text(unit: Any) -> str:
    text = f"{unit:~C}" if isinstance(unit, pint.Unit) else str(unit)
    return text or "dimensionless (无单位)"


class QuantityParseError(UnitError):
    """Text that is not a Chinese quantity such as ``"137.1亿元"``; the message quotes it."""


class TargetParseError(FypError, ValueError):
    """Text that is not a target phrase such as ``"年均增长10%以上"``; the message quotes it."""


@attrs.frozen
class Problem:
    """One thing wrong in a plan: where, what, which value, and what was expected.

    Attributes:
        path: Key path inside the plan, e.g. ``indicators.industrial_output.targets[0].value``
            (empty for the file as a whole).
        message: What is wrong, in words.
        value: The offending value as found (``Problem.NO_VALUE`` when there is none, e.g. a
            missing key).
        expected: What would have been accepted, in words (may be empty).
        line: Line number in the file, when known (syntax errors).
    """

    NO_VALUE = _MISSING

    path: str
    message: str
    value: Any = _MISSING
    expected: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.path or "(document)"
        if self.line is not None:
            where = f"line {self.line}: {where}" if self.path else f"line {self.line}"
        text = f"{where}: {self.message}"
        if self.value is not _MISSING:
            text += f"; got {self.value!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class PlanError(FypError, ValueError):
    """A plan (file or object) with one or more problems.

    Attributes:
        file: The file the plan came from, or ``None`` for a plan built in Python.
        problems: Every problem found, in document order.
    """

    def __init__(self, problems: Sequence[Problem], file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.file = file
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.file}: " if self.file else ""
        n = len(self.problems)
        noun = "problem" if n == 1 else "problems"
        lines = [f"{head}{n} {noun} in {self._noun} ({self._label})"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    _label = "规划有误"
    _noun = "plan"

    def with_file(self, file: str) -> PlanError:
        """Return the same error, naming ``file``."""
        return type(self)(self.problems, file=file)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem], file: str | None = None) -> PlanError:
        """Build the error (of this class) from problems."""
        return cls(list(problems), file=file)


class PlanSyntaxError(PlanError):
    """The file is not valid TOML / JSON, cannot be read, or has an unknown extension."""

    _label = "文件无法读取或格式错误"


class PlanStructureError(PlanError):
    """Keys or values of the wrong shape: wrong types, unknown or missing keys, bad units."""

    _label = "结构错误"


class PlanValidationError(PlanError):
    """A well-formed plan whose contents contradict each other (ids, references, years, units)."""

    _label = "内容校验错误"


class ObservationsError(PlanError):
    """An observations file (CSV) or list of records with one or more problems.

    Raised by :func:`~fyp_planning.load_observations` and
    :func:`~fyp_planning.observations_from_records` with every problem found in one pass; for
    a file each problem carries the CSV line (the header is line 1) and a path such as
    ``row 3, column value``.

    Examples:
        >>> err = ObservationsError([Problem("row 2, column value", "not a number", "abc",
        ...                                  "a number such as 215.3", line=2)], file="data.csv")
        >>> print(err)
        data.csv: 1 problem in observations (观测数据有误)
          - line 2: row 2, column value: not a number; got 'abc'; expected a number such as 215.3
        >>> isinstance(err, PlanError), err.problems[0].line
        (True, 2)
    """

    _label = "观测数据有误"
    _noun = "observations"
