"""The limits of :mod:`fyp_planning.limits` applied to a plan file before it is built (private).

Two checks, both iterative (no recursion, whatever the input):

* :func:`check_text` runs on the raw TOML/JSON text *before* the parser sees it. Python's
  ``tomllib`` and ``json`` recurse once per nested array or table, so a document nested a
  few hundred deep ends in ``RecursionError``; the text is refused first when its brackets nest
  deeper than ``limits.MAX_NESTING`` (strings and comments are skipped, so a
  ``[`` inside a name does not count). A TOML integer too long for Python to convert (the
  interpreter's 4,300-digit limit) is refused here too, with its line.
* :func:`check_tree` runs on the parsed tree (or the dict given to
  :func:`~fyp_planning.plan_from_dict`): nesting (TOML's dotted table headers nest without
  brackets), texts and keys over ``limits.MAX_TEXT_CHARS`` characters or with
  a lone surrogate (which no file can be written with), numbers that are not finite
  (TOML ``inf``/``nan``, JSON ``NaN``) or beyond ``limits.MAX_MAGNITUDE``.
  Every such problem is found in one pass, each with its key path.

JSON numbers are read by :func:`json_int` / :func:`json_float`, which keep a number too long or
too large as its text (:class:`Unreadable`) instead of converting it: the JSON parser would
raise ``ValueError`` for an integer over 4,300 digits; :func:`check_tree` reports it.

Examples:
    >>> check_text("x = [[1]]", "toml")
    []
    >>> deep = "x = " + "[" * 500 + "]" * 500
    >>> check_text(deep, "toml")[0].message
    'nested too deeply (more than 32 levels of arrays and tables)'
    >>> [str(p) for p in check_tree({"a": [1, float("inf")], "b": 10**30})]
    ['a[1]: not a finite number; got inf; expected a finite number', 'b: number out of range; got 1000000000000000000000000000000; expected a number of magnitude at most 1e+18']
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from .. import limits
from ..errors import Problem
from ..text import Message
from ..units import magnitude_problem

__all__ = [
    "NUMBER_SIZE_EXPECTED",
    "Unreadable",
    "check_text",
    "check_tree",
    "join_path",
    "json_float",
    "json_int",
    "shown",
    "shown_int",
]

#: Opening and closing brackets, as the change of depth they make.
_DELTA = {"[": 1, "{": 1, "]": -1, "}": -1}

#: What may hold a bracket that does not nest: strings (all four TOML kinds) and comments.
_TOML_SKIP = (
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'  # multi-line basic string
    r"|'''[\s\S]*?'''"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
)
_JSON_SKIP = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"'
_SKIP = {"toml": re.compile(_TOML_SKIP), "json": re.compile(_JSON_SKIP)}
_TOKENS = {
    f: re.compile(f"(?:{p})|[\\[\\]{{}}]") for f, p in (("toml", _TOML_SKIP), ("json", _JSON_SKIP))
}
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")

#: How much of a long value a message shows.
_SHOWN_CHARS = 200

_DEPTH_EXPECTED = f"at most {limits.MAX_NESTING} levels of nested arrays and tables"
_TEXT_EXPECTED = f"text of at most {limits.MAX_TEXT_CHARS:,} characters"
#: What a number of a plan tree or an observations table may be.
NUMBER_SIZE_EXPECTED = f"a number of magnitude at most {limits.MAX_MAGNITUDE:g}"


class Unreadable(str):
    """A JSON number kept as its text: too many digits, or too large for a float."""

    __slots__ = ()


def json_int(text: str) -> int | Unreadable:
    """A JSON integer, or its text when it has more digits than any number in range."""
    if len(text) > limits.MAX_DIGITS + 1:  # + 1: a sign
        return Unreadable(text)
    return int(text)


def json_float(text: str) -> float | Unreadable:
    """A JSON number with a fraction or exponent, or its text when too large for a float."""
    value = float(text)
    return value if math.isfinite(value) else Unreadable(text)


def shown(value: Any) -> Any:
    """``value`` as a message shows it: a long text cut to its first characters."""
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return f"{value[:_SHOWN_CHARS]}…({len(value):,} characters)"
    return value


def join_path(path: str, key: Any) -> str:
    """``a.b`` + key: ``a.b.key`` for ids, ``a.b[0]`` for indices, ``a.b["x y"]`` otherwise."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and _BARE_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f'{path}["{key}"]'


_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parser_digits() -> int:
    """The longest integer text the interpreter converts (4,300 digits by default)."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return min(limit, 4300) if limit else 4300


def check_text(text: str, fmt: str) -> list[Problem]:
    """Problems of the raw text that would make its parser fail badly (empty when none).

    Args:
        text: The document.
        fmt: ``"toml"`` or ``"json"``.

    Returns:
        At most one problem per kind, with its line: brackets nested deeper than
        ``limits.MAX_NESTING``; a TOML integer too long to convert.
    """
    skip = _SKIP[fmt]
    bare = skip.sub("", text)
    brackets = _NOT_BRACKETS.sub("", bare)
    problems = []
    if brackets and max(accumulate(map(_DELTA.__getitem__, brackets))) > limits.MAX_NESTING:
        problems.append(
            Problem(
                "",
                Message("io.too_deep", limit=limits.MAX_NESTING),
                expected=_DEPTH_EXPECTED,
                line=_deep_line(text, fmt),
            )
        )
    if fmt == "toml":
        digits = _parser_digits()
        long = re.search(f"[0-9][0-9_]{{{digits},}}", bare)
        if long:
            line = _line_of(text, long[0][:200])
            problems.append(
                Problem(
                    "",
                    Message("io.number_too_long", digits=len(long[0].replace("_", ""))),
                    shown(long[0]),
                    NUMBER_SIZE_EXPECTED,
                    line=line,
                )
            )
    return problems


def _deep_line(text: str, fmt: str) -> int:
    """The line where the brackets first nest too deeply (found token by token: only once
    the document is known to be refused)."""
    depth = 0
    for m in _TOKENS[fmt].finditer(text):
        delta = _DELTA.get(m[0], 0)
        depth += delta
        if depth > limits.MAX_NESTING:
            return text.count("\n", 0, m.start()) + 1
    return 1  # defensive: the fast count found it


def _line_of(text: str, fragment: str) -> int | None:
    at = text.find(fragment)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def check_tree(tree: Any) -> list[Problem]:
    """Every value of a parsed plan tree beyond the limits, with its key path.

    Walks the tree without recursion; below a table or array nested deeper than
    ``limits.MAX_NESTING`` it does not look (that one problem says it).
    """
    problems: list[Problem] = []
    # (node, its path as a chain of (parent chain, key) pairs, its depth): a path is only
    # written out for a node with a problem.
    stack: list[tuple[Any, Any, int]] = [(tree, None, 1)]
    largest, longest = limits.MAX_MAGNITUDE, limits.MAX_TEXT_CHARS
    while stack:
        node, chain, depth = stack.pop()
        kind = type(node)
        # Fast paths for the common leaves that are plainly within the limits (the full checks
        # below decide every other case).
        if kind is str and len(node) <= longest and node.isascii():
            continue
        if kind is int and -largest <= node <= largest:
            continue
        if isinstance(node, dict):
            if depth > limits.MAX_NESTING:
                problems.append(_deep(chain))
                continue
            items = list(node.items())
            for key, value in reversed(items):
                if isinstance(key, str):
                    problem = _text_problem(key)
                    if problem is not None:
                        problems.append(Problem(_path((chain, shown(key))), *problem))
                        continue
                stack.append((value, (chain, key), depth + 1))
        elif isinstance(node, list):
            if depth > limits.MAX_NESTING:
                problems.append(_deep(chain))
                continue
            stack.extend((node[i], (chain, i), depth + 1) for i in reversed(range(len(node))))
        elif isinstance(node, str):
            if isinstance(node, Unreadable):
                problems.append(
                    Problem(_path(chain), _OUT_OF_RANGE, shown(str(node)), NUMBER_SIZE_EXPECTED)
                )
                continue
            problem = _text_problem(node)
            if problem is not None:
                problems.append(Problem(_path(chain), *problem))
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            size = magnitude_problem(node)  # the one check of a number's size
            if size is None:
                continue
            if isinstance(node, float) and not math.isfinite(node):
                problems.append(
                    Problem(_path(chain), Message("io.not_finite"), node, "a finite number")
                )
            elif size.id == "units.magnitude.too_small":
                problems.append(Problem(_path(chain), size, node, NUMBER_SIZE_EXPECTED))
            else:
                value = shown_int(node) if isinstance(node, int) else node
                problems.append(Problem(_path(chain), _OUT_OF_RANGE, value, NUMBER_SIZE_EXPECTED))
    return problems


_OUT_OF_RANGE = Message("io.out_of_range")


def shown_int(value: int) -> int | str:
    """An integer as a message shows it: its digits cut when there are many."""
    if value.bit_length() < 200:
        return value
    text = str(value) if value.bit_length() < 14_000 else None  # 4,300 digits: str() refuses more
    return shown(text) if text is not None else f"a number of {value.bit_length():,} bits"


def _text_problem(text: str) -> tuple[Any, Any, str] | None:
    """What is wrong with a text or key: too long, or with a lone surrogate."""
    if len(text) > limits.MAX_TEXT_CHARS:
        return (
            Message("io.text_too_long", chars=len(text), limit=limits.MAX_TEXT_CHARS),
            shown(text),
            _TEXT_EXPECTED,
        )
    if _SURROGATE.search(text):
        return (
            Message("io.surrogate"),
            shown(text.encode("utf-8", "backslashreplace").decode("utf-8")),
            "text of Unicode characters (a lone surrogate such as \\ud800 is not one)",
        )
    return None


def _deep(chain: Any) -> Problem:
    return Problem(
        _path(chain),
        Message("io.too_deep", limit=limits.MAX_NESTING),
        expected=_DEPTH_EXPECTED,
    )


def _path(chain: Any) -> str:
    keys = list(_keys(chain))
    path = ""
    for key in reversed(keys):
        path = join_path(path, key)
    return path


def _keys(chain: Any) -> Iterator[Any]:
    while chain is not None:
        chain, key = chain
        yield key
