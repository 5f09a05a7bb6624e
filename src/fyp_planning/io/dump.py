"""Writing a :class:`~fyp_planning.Plan` back to TOML or JSON, losslessly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import WriteError
from ..files import FileRefused, write_atomic
from ..model.plan import Plan
from . import _schema as s
from ._std_templates import template_out

__all__ = ["dump_plan", "dumps_plan", "plan_to_dict"]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a tree of plain values, in the shape of a plan file.

    Quantities are written as text with their unit (``"300亿元"``), periods as a year number or
    ``"2020年1-9月"``, choices by their ASCII value. :func:`~fyp_planning.plan_from_dict` reads
    it back to an equal plan.

    Examples:
        >>> from fyp_planning import Plan, Indicator, parse_unit
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))])
        >>> plan_to_dict(plan)["indicators"]["output"]["unit"]
        '亿元'
    """
    data: dict[str, Any] = s.converter.unstructure(plan)
    _library_templates_out(plan, data)
    return data


def _library_templates_out(plan: Plan, data: dict[str, Any]) -> None:
    """In the tree of ``plan`` (and its predecessors'), library templates used unchanged left
    out (the chains' ``std:`` references are all a file needs), extensions written as their
    change to the library template (:func:`._std_templates.template_out`)."""
    while True:
        tables = data.get("templates")
        if tables:
            written = {t.id: template_out(t, tables[t.id]) for t in plan.templates}
            data["templates"] = {k: v for k, v in written.items() if v is not None}
            if not data["templates"]:
                del data["templates"]
        if plan.predecessor is None or not isinstance(data.get("predecessor"), dict):
            return
        plan, data = plan.predecessor, data["predecessor"]


def dumps_plan(plan: Plan, format: str = "toml") -> str:
    """The plan as TOML or JSON text (UTF-8, Chinese kept as is).

    Raises:
        ValueError: an unknown format.

    Examples:
        >>> from fyp_planning import Plan
        >>> print(dumps_plan(Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...                       end_year=2025)))
        format_version = 1
        id = "demo"
        region = "示例县"
        title = "示例"
        start_year = 2021
        end_year = 2025
        base_year = 2020
        <BLANKLINE>
    """
    tree = plan_to_dict(plan)
    if format == "toml":
        return tomli_w.dumps(tree)
    if format == "json":
        return json.dumps(tree, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {format!r}; expected 'toml' or 'json'")


def dump_plan(plan: Plan, path: str | Path, format: str | None = None) -> None:
    """Write the plan to a file; the format follows the extension unless given.

    The text goes to a temporary file beside ``path``, renamed over it once complete: a
    failed write leaves the file as it was, never a fragment.

    Raises:
        ValueError: the format is unknown, or cannot be told from the extension.
        WriteError: the file cannot be written (no such folder, a full disk, no permission).

    Examples:
        >>> import pathlib, tempfile
        >>> from fyp_planning import Plan, load_plan
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
        >>> dump_plan(plan, path)
        >>> load_plan(path) == plan
        True
    """
    path = Path(path)
    fmt = format or {".toml": "toml", ".json": "json"}.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the format of {str(path)!r}; use .toml or .json")
    try:
        write_atomic(path, dumps_plan(plan, fmt))
    except FileRefused as exc:
        raise WriteError(exc.message, str(path)) from None
