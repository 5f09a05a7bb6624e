"""The hostile values the mutation fuzzer puts into plan files, and what each must do.

Each :class:`Hostile` is written into a plan file as raw TOML (and raw JSON) text, so values
Python cannot round-trip through a TOML writer (a 5,000-digit integer, ``inf``, an array nested
500 deep) reach the loader exactly as an attacker would write them.

``refuse_at`` names the keys at which the value must be refused: a mutant that puts the value
under one of those keys and still loads is a *wrong accept*. Elsewhere the value may load or be
refused (a ``<script>`` in a ``note`` is fine text; in a ``unit`` it must be refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

#: Keys whose value is a figure, a unit, a rate or a target phrase.
QUANTITY_KEYS = frozenset({"value", "limit", "investment", "rate", "text"})
UNIT_KEYS = frozenset({"unit"})
YEAR_KEYS = frozenset(
    {"year", "years", "period", "start", "end", "start_year", "end_year", "base_year"}
)
#: Keys holding a name shown in drawings and tables (control characters refused at load).
NAME_KEYS = frozenset({"name"})
FIGURE_KEYS = QUANTITY_KEYS | UNIT_KEYS
#: Anywhere at all.
EVERYWHERE = frozenset({"*"})

#: A secret in a file outside the plan folder; it must never appear in any output.
SECRET = "SECRET-123"


@dataclass(frozen=True)
class Hostile:
    """One hostile value: a label, its raw TOML and JSON text, and where it must be refused."""

    label: str
    toml: str
    json: str
    refuse_at: frozenset[str] = frozenset()
    #: The value as the loader sees it, for checking that a refusal echoes it (None: no check).
    shown: str | None = None

    def must_refuse(self, key: str) -> bool:
        return "*" in self.refuse_at or key in self.refuse_at


def _text(label: str, value: str, refuse_at: frozenset[str] = frozenset()) -> Hostile:
    """A string value (escaped for TOML by the JSON escaper, which TOML basic strings share)."""
    escaped = json.dumps(value, ensure_ascii=True)
    # TOML basic strings take the same escapes as JSON except \/ (never produced) and \u of
    # surrogates (produced only for astral characters, which none of these texts hold).
    return Hostile(label, escaped, escaped, refuse_at, shown=value[:12])


def _raw(
    label: str, toml: str, js: str | None = None, refuse_at: frozenset[str] = frozenset()
) -> Hostile:
    return Hostile(label, toml, toml if js is None else js, refuse_at, shown=None)


def _nested(depth: int, inline_table: bool) -> str:
    if inline_table:
        return "{a = " * depth + "1" + "}" * depth
    return "[" * depth + "1" + "]" * depth


def _nested_json(depth: int, inline_table: bool) -> str:
    if inline_table:
        return '{"a": ' * depth + "1" + "}" * depth
    return "[" * depth + "1" + "]" * depth


_FIGURES_AND_YEARS = QUANTITY_KEYS | YEAR_KEYS

HOSTILE: tuple[Hostile, ...] = (
    # -- numbers ------------------------------------------------------------------------------
    _raw("int_1e400", "1" + "0" * 400, refuse_at=_FIGURES_AND_YEARS),
    _raw("int_5000_digits", "9" * 5000, refuse_at=_FIGURES_AND_YEARS),
    _raw("float_1e400", "1e400", "1e400", refuse_at=EVERYWHERE),  # inf once read
    _raw("inf", "inf", "Infinity", refuse_at=EVERYWHERE),
    _raw("neg_inf", "-inf", "-Infinity", refuse_at=EVERYWHERE),
    _raw("nan", "nan", "NaN", refuse_at=EVERYWHERE),
    _raw("float_1e300", "1e300", refuse_at=QUANTITY_KEYS),
    _raw("int_1e19", "1" + "0" * 19, refuse_at=_FIGURES_AND_YEARS),
    _raw("neg_int_1e19", "-1" + "0" * 19, refuse_at=_FIGURES_AND_YEARS),
    _raw("zero", "0", refuse_at=YEAR_KEYS),
    _raw("negative_year", "-5", refuse_at=YEAR_KEYS),
    _raw("year_99999", "99999", refuse_at=YEAR_KEYS),
    _raw("float_tiny", "5e-324"),
    _raw("float_year", "2025.0", refuse_at=YEAR_KEYS),
    _text("text_9x400_yiyuan", "9" * 400 + "亿元", refuse_at=QUANTITY_KEYS),
    _text("text_1e400_yiyuan", "1e400亿元", refuse_at=QUANTITY_KEYS),
    _text("text_5000_digits", "1" * 5000, refuse_at=QUANTITY_KEYS),
    _text("text_decimal_long", "0." + "1" * 60 + "亿元", refuse_at=QUANTITY_KEYS),
    # -- units and quantities pint would read but a plan must not --------------------------
    _text("pct_pct", "10%%", refuse_at=FIGURE_KEYS),
    _text("pct_permille", "5%‰", refuse_at=FIGURE_KEYS),
    _text("pint_s", "s", refuse_at=UNIT_KEYS),
    _text("pint_meter", "meter", refuse_at=UNIT_KEYS),
    _text("pint_kg", "kg", refuse_at=UNIT_KEYS),
    _text("pint_1a", "1a", refuse_at=FIGURE_KEYS),
    _text("pint_value_3kg", "3kg", refuse_at=QUANTITY_KEYS),
    _text("space_in_number", "1 2亿元", refuse_at=QUANTITY_KEYS),
    _text("unit_power", "亿元**99999999", refuse_at=FIGURE_KEYS),
    _text("value_power", "5万元**99999999", refuse_at=FIGURE_KEYS),
    _text("unit_per_per", "1亿元/亿元/亿元", refuse_at=QUANTITY_KEYS),
    _text("mpermille", "mpermille", refuse_at=UNIT_KEYS),
    _text("rate_of_money", "增速达到5亿元", refuse_at=frozenset({"text"})),
    _text("every_year_long", "每年1" + "a" * 2000, refuse_at=FIGURE_KEYS),
    _text("unit_20k", "亿" * 20_000, refuse_at=FIGURE_KEYS),
    _text("unit_expression", "(元)**(元)**(元)**(元)", refuse_at=FIGURE_KEYS),
    _text("python_dunder", "__import__('os')", refuse_at=FIGURE_KEYS),
    # -- text -------------------------------------------------------------------------------
    _text("long_text_1m", "长" * 1_000_000, refuse_at=EVERYWHERE),
    _text("long_text_9k", "长" * 9_000),
    _text("empty", ""),
    _text("blank", "   "),
    _text("control_bell", "名称\x07", refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("control_nul", "名\x00称", refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("control_esc", "\x1b[31m红", refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("script", "<script>alert(1)</script>", refuse_at=FIGURE_KEYS),
    _text("mermaid_click", 'x"]\nclick food call alert(1)\n%%', refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("backticks", "```\n# injected\n```", refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("html_entities", "&amp; <b>粗</b> ' \" ]]> -->"),
    _text("markdown_table", "a | b | c\n|---|", refuse_at=NAME_KEYS | FIGURE_KEYS),
    _text("bidi", "\u202e反转\u202c"),
    _text("lone_combining", "\u0301"),
    _text("quoted_year", "2025", refuse_at=YEAR_KEYS),
    _text("period_bad", "2020年13-14月", refuse_at=YEAR_KEYS),
    _text("period_year_0", "0年1-9月", refuse_at=YEAR_KEYS),
    # -- paths (as predecessor, they must stay inside the plan folder) ----------------------
    _text("path_parent", "../outside/creds.json", refuse_at=frozenset({"predecessor"})),
    _text("path_etc_passwd", "/etc/passwd", refuse_at=frozenset({"predecessor"})),
    _text("path_dev_zero", "/dev/zero", refuse_at=frozenset({"predecessor"})),
    _text("path_self", "."),
    # -- wrong types and shapes ------------------------------------------------------------
    _raw("bool_true", "true", refuse_at=FIGURE_KEYS | YEAR_KEYS),
    _raw("empty_array", "[]", refuse_at=FIGURE_KEYS),
    _raw("empty_table", "{}", refuse_at=FIGURE_KEYS | YEAR_KEYS),
    _raw("datetime", "1979-05-27T07:32:00Z", '"1979-05-27T07:32:00Z"', refuse_at=YEAR_KEYS),
    _raw("array_mixed", '[1, "a", 2.5, true]', refuse_at=FIGURE_KEYS),
    _raw("deep_array_500", _nested(500, False), _nested_json(500, False), refuse_at=EVERYWHERE),
    _raw("deep_table_500", _nested(500, True), _nested_json(500, True), refuse_at=EVERYWHERE),
    _raw("deep_array_40", _nested(40, False), _nested_json(40, False), refuse_at=EVERYWHERE),
    _raw(
        "json_deep_1000",
        _nested(1000, False),
        _nested_json(1000, False),
        refuse_at=EVERYWHERE,
    ),
)

#: Hostile values that are file-system objects, for ``predecessor`` and the plan folder.
#: Each names the file the mutant creates; see :func:`tests.fuzz.mutate.materialise`.
FILE_ATTACKS: tuple[str, ...] = (
    "absolute_outside",  # predecessor = "/abs/path/outside/creds.json"
    "parent_outside",  # predecessor = "../outside/creds.json"
    "symlink_outside",  # predecessor = "link.json" -> ../outside/creds.json
    "symlink_dev_zero",  # predecessor = "zero.toml" -> /dev/zero
    "fifo",  # predecessor = "pipe.toml", a FIFO
    "folder_dev_zero",  # a symlink zero.toml -> /dev/zero inside the plan folder
    "folder_fifo",  # a FIFO pipe.toml inside the plan folder
    "chain_400",  # a chain of 400 predecessor files
    "inline_1000",  # an inline predecessor nested 1000 deep
    "self_cycle",  # the predecessor names the plan itself
    "park_cycle",  # two parks each other's parent
)


@dataclass(frozen=True)
class Corpus:
    """The values and attacks a run draws from (a seam for tests of the harness)."""

    values: tuple[Hostile, ...] = HOSTILE
    files: tuple[str, ...] = FILE_ATTACKS
    extra: dict[str, str] = field(default_factory=dict)


def by_label(label: str) -> Hostile:
    """The corpus value labelled ``label``."""
    for h in HOSTILE:
        if h.label == label:
            return h
    raise KeyError(label)
