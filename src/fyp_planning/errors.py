"""The exceptions fyp-planning raises.

May import: text. The bottom layer but text (the message catalogue, which imports nothing of the
package): every other layer may import it, and it imports only the standard library and attrs (pint on first use of :class:`UnitMismatchError`, so that ``fyp list``
and ``fyp --help`` do not load pint).

Every error the library raises on bad input derives from :class:`FypError`, so a caller can
catch one class. Errors about values also derive from :class:`ValueError`, and unit
mismatches also from :class:`pint.DimensionalityError`, so code written against the
standard exceptions keeps working.

Plan-file errors (:class:`PlanError` and its subclasses) carry every problem found in one
pass as :class:`Problem` records: the file, the key path, the bad value, and what was expected.

Every exception here can be pickled (sent to another process) and copied: as in pint's
``errors.py``, an error stores its fields as attributes, builds its message in ``__str__``, and
is rebuilt from those fields by ``__reduce__``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .text import Message, check_lang

if TYPE_CHECKING:
    import pint

__all__ = [
    "DraftError",
    "FypError",
    "ObservationsError",
    "OptionalDependencyError",
    "PlanError",
    "PlanStoreError",
    "PlanStructureError",
    "PlanSyntaxError",
    "PlanValidationError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "QuantityParseError",
    "TargetParseError",
    "UnitError",
    "UnitMismatchError",
    "UnknownStandardError",
    "WriteError",
]


def _reduce(self: BaseException) -> str | tuple[Any, ...]:
    """``__reduce__`` of the exceptions here: rebuild one, when unpickled or copied, by calling
    its class with the attributes named in its ``_fields`` (pint's errors write this in each
    class). One without fields is rebuilt from its ``args`` (its message), as Python does."""
    fields: tuple[str, ...] = getattr(self, "_fields", ())
    if not fields:
        return BaseException.__reduce__(self)
    return type(self), tuple(getattr(self, name) for name in fields)


class FypError(Exception):
    """Base class of every error fyp-planning raises on bad input.

    An error made from one catalogue :class:`~fyp_planning.text.Message` says its English
    (``str(error)``, as errors always have) and keeps the message: :attr:`text`.

    Examples:
        >>> from fyp_planning.text import Message
        >>> error = FypError(Message("plan.flaw.unknown_chain"))
        >>> str(error), error.text.zh
        ('unknown chain', '未知产业链')
    """

    #: The attributes that rebuild the error (its constructor's arguments, in order).
    _fields: ClassVar[tuple[str, ...]] = ()
    __reduce__ = _reduce

    @property
    def text(self) -> Message | None:
        """The catalogue message the error was made from, if it was made from one."""
        said = self.args[0] if len(self.args) == 1 else None
        return said if isinstance(said, Message) else None

    def __str__(self) -> str:
        said = self.text
        return said.en if said is not None else super().__str__()


class UnitError(FypError, ValueError):
    """A unit string that is not known, or a unit definition that is refused."""


class QuantityParseError(UnitError):
    """Text that is not a Chinese quantity such as ``"137.1亿元"``; the message quotes it."""


class TargetParseError(FypError, ValueError):
    """Text that is not a target phrase such as ``"年均增长10%以上"``; the message quotes it."""


def _make_unit_mismatch_error() -> type:
    """Make :class:`UnitMismatchError`, which derives from pint's ``DimensionalityError``
    (so it is made on first use: importing this module does not import pint)."""
    import pint

    class UnitMismatchError(FypError, pint.DimensionalityError):
        """Two quantities whose units cannot be compared or converted (亿元 vs 亿度, 家 vs 户).

        Args:
            what: What was being done, in words (shown first in the message).
            from_unit: The unit that was given.
            to_unit: The unit that was expected.
        """

        __qualname__ = "UnitMismatchError"  # where pickle finds it
        _fields = ("what", "units1", "units2")

        def __init__(self, what: str, from_unit: Any, to_unit: Any) -> None:
            super().__init__(from_unit, to_unit, extra_msg=f" ({what})")
            self.what = what

        @property
        def text(self) -> Message:
            """The message, in the catalogue (``str(error)`` is its English)."""
            return Message(
                "errors.unit_mismatch",
                what=self.what,
                from_unit=_unit_text(self.units1),
                to_unit=_unit_text(self.units2),
            )

        def __str__(self) -> str:
            return self.text.en

    return UnitMismatchError


def _unit_text(unit: Any) -> str | Message:
    import pint

    text = f"{unit:~C}" if isinstance(unit, pint.Unit) else str(unit)
    return text or Message("errors.dimensionless")


if TYPE_CHECKING:

    class UnitMismatchError(FypError, pint.DimensionalityError):
        """Two quantities whose units cannot be compared or converted (亿元 vs 亿度, 家 vs 户)."""

        what: str

        def __init__(self, what: str, from_unit: Any, to_unit: Any) -> None: ...
        @property
        def text(self) -> Message: ...

else:
    _lock = threading.Lock()

    def __getattr__(name: str) -> Any:
        if name != "UnitMismatchError":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        with _lock:  # made once, on first use (it needs pint), and kept: one class for all
            if name not in globals():
                globals()[name] = _make_unit_mismatch_error()
        return globals()[name]


class _NoValue:
    """The value of a :class:`Problem` that has none (a missing key); one object, kept by pickle."""

    def __repr__(self) -> str:
        return "Problem.NO_VALUE"

    def __reduce__(self) -> str:
        return "_MISSING"


_MISSING = _NoValue()


def _english(message: str | Message) -> str:
    return message.en if isinstance(message, Message) else message


@attrs.frozen
class Problem:
    """One thing wrong in a plan: where, what, which value, and what was expected.

    Args:
        message: What is wrong: English words, or a catalogue
            :class:`~fyp_planning.text.Message` (its English is :attr:`message`; it says
            Chinese too, :meth:`render`). Problems compare by their English words.

    Attributes:
        path: Key path inside the plan, e.g. ``indicators.industrial_output.targets[0].value``
            (empty for the file as a whole).
        value: The offending value as found (``Problem.NO_VALUE`` when there is none, e.g. a
            missing key).
        expected: What would have been accepted, in words (may be empty).
        line: Line number in the file, when known (syntax errors).
        kind: What sort of problem it is: ``"syntax"`` (the file cannot be read),
            ``"structure"`` (a key or value of the wrong shape) or ``"validation"`` (entries
            that contradict each other); ``""`` when not said. A :class:`PlanError` gives its
            own kind to problems without one, and its heading names the kinds it holds.
            Keyword only; not compared.

    Examples:
        >>> from fyp_planning.text import Message
        >>> p = Problem("links", Message("plan.flaw.unknown_chain"), "fod", "one of: food")
        >>> p.message, p.render("zh")
        ('unknown chain', '未知产业链')
        >>> p == Problem("links", "unknown chain", "fod", "one of: food")
        True
    """

    NO_VALUE = _MISSING

    path: str
    _message: str | Message = attrs.field(eq=_english)
    value: Any = _MISSING
    expected: str = ""
    line: int | None = None
    kind: str = attrs.field(default="", kw_only=True, eq=False)

    @property
    def message(self) -> str:
        """What is wrong, in English words."""
        return _english(self._message)

    def render(self, lang: str) -> str:
        """What is wrong in ``lang`` (``"zh"`` or ``"en"``); words given without a catalogue
        id are English in both.

        Raises:
            ValueError: For another language.
        """
        if isinstance(self._message, Message):
            return self._message.render(lang)
        check_lang(lang)
        return self._message

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


#: The kinds of plan problems, each the catalogue id of its words in error headings.
_KINDS = {
    "syntax": Message("errors.kind.syntax"),
    "structure": Message("errors.kind.structure"),
    "validation": Message("errors.kind.validation"),
}


class PlanError(FypError, ValueError):
    """A plan (file or object) with one or more problems.

    The first line of the message counts the problems and says what kind they are: one label
    when all are of one kind (``3 problems in plan (结构错误)``), a count per kind when the
    list mixes them (``5 problems in plan (结构错误 structure: 4; 内容校验错误 validation:
    1)``). The class of the error is that of the first step that failed: a file whose keys
    are wrong raises :class:`PlanStructureError` even when the same pass also found
    contradictions between its entries.

    Attributes:
        file: The file the plan came from, or ``None`` for a plan built in Python.
        problems: Every problem found, in document order.

    Examples:
        >>> err = PlanStructureError([
        ...     Problem("titel", "unknown key", "示例", "one of: id, title (did you mean 'title'?)"),
        ...     Problem("indicators.output.targets[0].year", "target year outside the plan period",
        ...             2030, "a year from 2021 to 2025", kind="validation"),
        ... ], file="demo.toml")
        >>> print(err)
        demo.toml: 2 problems in plan (结构错误 structure: 1; 内容校验错误 validation: 1)
          - titel: unknown key; got '示例'; expected one of: id, title (did you mean 'title'?)
          - indicators.output.targets[0].year: target year outside the plan period; got 2030; expected a year from 2021 to 2025
        >>> [p.kind for p in err.problems]
        ['structure', 'validation']
    """

    #: The kind given to problems that have none (see :attr:`Problem.kind`).
    _kind = ""
    _label = Message("errors.label.plan")
    _noun = "plan"

    _fields = ("problems", "file")

    def __init__(self, problems: Sequence[Problem], file: str | None = None) -> None:
        kind = self._kind
        self.problems: tuple[Problem, ...] = tuple(
            attrs.evolve(p, kind=kind) if kind and not p.kind else p for p in problems
        )
        self.file = file

    def __str__(self) -> str:
        head = f"{self.file}: " if self.file else ""
        n = len(self.problems)
        noun = "problem" if n == 1 else "problems"
        lines = [f"{head}{n} {noun} in {self._noun} ({self._heading_label()})"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def _heading_label(self) -> str:
        """The label of the heading: the kind of the problems, or a count per kind."""
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        if len(counts) <= 1:
            (kind,) = counts or (self._kind,)
            return _KINDS[kind].zh if kind in _KINDS else self._label.zh
        order = list(_KINDS)
        parts = []
        for kind in sorted(counts, key=lambda k: order.index(k) if k in order else len(order)):
            label = _KINDS.get(kind, Message("errors.kind.other", label=self._label))
            parts.append(f"{label.zh} {label.en}: {counts[kind]}")
        return "; ".join(parts)

    def with_file(self, file: str) -> PlanError:
        """Return the same error, naming ``file``."""
        return type(self)(self.problems, file=file)


class PlanSyntaxError(PlanError):
    """The file is not valid TOML / JSON, cannot be read, or has an unknown extension."""

    _kind = "syntax"
    _label = _KINDS["syntax"]


class PlanStructureError(PlanError):
    """Keys or values of the wrong shape: wrong types, unknown or missing keys, bad units.

    Raised when a file has any such problem. The same pass also reports the contradictions
    between the entries that could be read (their problems have ``kind="validation"``, and
    the heading counts both kinds).
    """

    _kind = "structure"
    _label = _KINDS["structure"]


class PlanValidationError(PlanError):
    """A well-formed plan whose contents contradict each other (ids, references, years, units)."""

    _kind = "validation"
    _label = _KINDS["validation"]


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

    _label = Message("errors.label.observations")
    _noun = "observations"

    def _heading_label(self) -> str:
        return self._label.zh


class PlanStoreError(PlanError):
    """A plan store (a folder of Parquet tables) that cannot be read back into plans.

    Raised by :func:`~fyp_planning.load_plan_store` and :class:`~fyp_planning.PlanStore` for a
    missing table, a file of another store format version, a column of the wrong name or type,
    or a value a plan file would refuse. The error names the table's file; each problem's path
    names the row (counted from 0) and the column.

    Examples:
        >>> err = PlanStoreError([Problem("row 3, column value_unit", "unknown unit", "亿亿",
        ...                               "a known unit")], file="store/observations.parquet")
        >>> print(err)
        store/observations.parquet: 1 problem in plan store (规划库有误)
          - row 3, column value_unit: unknown unit; got '亿亿'; expected a known unit
    """

    _label = Message("errors.label.store")
    _noun = "plan store"

    def _heading_label(self) -> str:
        return self._label.zh


class OptionalDependencyError(FypError, ImportError):
    """A feature needs a package that is not installed; the message names the extra to install.

    Attributes:
        package: The missing package (``pyarrow``).
        extra: The fyp-planning extra that installs it (``parquet``).
        feature: What needs it, in words.

    Examples:
        >>> print(OptionalDependencyError("pyarrow", "parquet", "the plan store"))
        the plan store needs pyarrow, which is not installed: pip install 'fyp-planning[parquet]' (缺少可选依赖)
    """

    _fields = ("package", "extra", "feature")

    def __init__(self, package: str, extra: str, feature: str) -> None:
        super().__init__(name=package)
        self.package = package
        self.extra = extra
        self.feature = feature

    def __str__(self) -> str:
        return (
            f"{self.feature} needs {self.package}, which is not installed: "
            f"pip install 'fyp-planning[{self.extra}]' (缺少可选依赖)"
        )


class DraftError(FypError, ValueError):
    """A rate, target or base value :func:`~fyp_planning.draft_plan` cannot use.

    Attributes:
        option: Which argument it came from: ``rates``, ``targets``, ``base_values`` or
            ``default_rate``.
        indicator: The indicator id (``None`` for ``default_rate``).
        value: The value given.
        message: What is wrong with it, in words.

    Examples:
        >>> print(DraftError("rates", "output", 2, "not a rate such as 8%"))
        rates['output'] = 2: not a rate such as 8%
        >>> from fyp_planning.text import Message
        >>> error = DraftError("targets", "output", 1, Message("evaluation.draft_error.not_both"))
        >>> print(error)
        targets['output'] = 1: give a rate or a target, not both (增速和目标只能给一个)
        >>> error.text.zh
        '增速和目标只能给一个'
    """

    _fields = ("option", "indicator", "value", "message")

    def __init__(
        self, option: str, indicator: str | None, value: Any, message: str | Message
    ) -> None:
        self.option = option
        self.indicator = indicator
        self.value = value
        self.message = message

    @property
    def text(self) -> Message | None:
        """What is wrong, as a catalogue message (``None`` for free text)."""
        return self.message if isinstance(self.message, Message) else None

    @property
    def what(self) -> str:
        """What is wrong, in English and then in Chinese (in brackets)."""
        said = self.message
        return f"{said.en} ({said.zh})" if isinstance(said, Message) else said

    def __str__(self) -> str:
        where = f"{self.option}[{self.indicator!r}]" if self.indicator is not None else self.option
        return f"{where} = {_shown(self.value)}: {self.what}"


def _shown(value: Any) -> str:
    """A value as a message shows it: a quantity as a plan writes it (``250亿元``), else its repr.

    A quantity comes from :mod:`fyp_planning.units`, which imports this module; so its formatter
    is taken from the loaded module rather than imported (an import would make a cycle).
    """
    pint = sys.modules.get("pint")
    units = sys.modules.get(f"{__package__}.units")
    if pint is not None and units is not None and isinstance(value, pint.Quantity):
        return str(units.format_quantity(value))
    return repr(value)


class ExtractError(FypError, ValueError):
    """A plan document ``fyp extract`` cannot read or draft from: too large, not UTF-8 or
    GB18030 text, an unreadable ``.docx`` or PDF, or an output folder it may not write into.

    Examples:
        >>> from fyp_planning.text import Message
        >>> print(ExtractError(Message("extract.encoding", path="plan.txt")))
        plan.txt: not text in UTF-8 or GB18030
    """


class PluginError(FypError, LookupError):
    """A plugin that cannot be found or used (unknown name, folder without one main plan...)."""


class UnknownStandardError(FypError, LookupError):
    """No standard indicator of the catalogue has that id; the message names the closest.

    Examples:
        >>> import fyp_planning as fp
        >>> try:
        ...     fp.standard_indicator("rd_intensty")
        ... except fp.UnknownStandardError as exc:
        ...     print(exc)
        未知的标准指标 no standard indicator 'rd_intensty'（是否指 did you mean: rd_intensity, energy_intensity?）
    """


class PluginWarning(UserWarning):
    """A plugin was skipped; the message names its distribution and the reason."""


class WriteError(FypError, OSError):
    """A file that cannot be written: its folder does not exist, the disk is full, permission
    is denied, or it is a file the output was made from.

    Raised by the writers (:func:`~fyp_planning.dump_plan`,
    :func:`~fyp_planning.dump_plan_store`, :meth:`~fyp_planning.BatchResult.to_csv` and
    :meth:`~fyp_planning.BatchResult.to_parquet`). They write to a temporary file beside the
    target and rename it, so after this error the target is as it was and no fragment is left.
    It is an :class:`OSError`, as the error of a failed write was before.

    Attributes:
        message: What went wrong, naming the file (a catalogue message, Chinese and English).
        filename: The file that was not written.

    Examples:
        >>> from fyp_planning.text import Message
        >>> error = WriteError(Message("files.no_folder", path="out/a.toml", folder="out"),
        ...                    "out/a.toml")
        >>> print(error)
        cannot write out/a.toml: the folder out does not exist
        >>> error.text.zh, isinstance(error, OSError)
        ('无法写入 out/a.toml：文件夹 out 不存在', True)
    """

    _fields = ("message", "filename")

    def __init__(self, message: str | Message, filename: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename

    def __str__(self) -> str:
        return _english(self.message)


# -- internal: raised and caught inside the library, never seen by its users ------------------
class FieldError(TypeError, ValueError):
    """A model field refused its value; carries the field, the value and what was expected.

    It is both a :class:`TypeError` and a :class:`ValueError` so that callers catching either
    (as attrs validators conventionally raise) keep working; loaders use the extra attributes
    to point at the key in the file.
    """

    _fields = ("field", "message", "value", "expected")
    __reduce__ = _reduce

    def __init__(self, field: str, message: str | Message, value: Any, expected: str) -> None:
        self.field = field
        self.message = message
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        said = _english(self.message)
        return f"{self.field}: {said}; got {self.value!r}; expected {self.expected}"


class BadValue(ValueError):
    """A value of the wrong type or form in a file; carries the value and what was expected."""

    _fields = ("value", "expected", "message")
    __reduce__ = _reduce

    def __init__(self, value: Any, expected: str, message: str | Message = "invalid value") -> None:
        self.value = value
        self.expected = expected
        self.message = message

    def __str__(self) -> str:
        return _english(self.message)


class Problems(ValueError):
    """Several problems one file-reading hook found, with key paths relative to the value it
    read (internal: io turns them into a :class:`PlanError`)."""

    _fields = ("problems",)
    __reduce__ = _reduce

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def __str__(self) -> str:
        return f"{len(self.problems)} problems"
