"""Main-indicator tables (主要指标表): 序号/指标/单位/基期/目标/年均增速/属性.

A row gives an observation for the base year and a target for the target year (the years from
the header, 2020年/2025年, else the plan's), in the row's unit: the 单位 column, or the brackets
of its name ("工业总产值（亿元）"). 〔〕 marks a figure over the whole period: in a row that
falls (降低/下降/减少) a reduction over the period, else a growth or a change over it. The row's
序号 is its label (表1第3行), not a figure.
"""

from __future__ import annotations

import re
from typing import Any

import pint

from ..errors import FypError
from ..model.enums import Comparator, IndicatorKind
from ..model.period import Period
from ..model.targets import (
    ChangeTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    Target,
)
from ..units import AnyQuantity, format_unit, is_bare, parse_quantity, parse_unit
from .document import Block
from .figures import figures, normalise
from .findings import Finding, Findings, PlanYears, review_figures

__all__ = ["FALL_WORDS", "is_rate", "read_table"]

#: Words after the name of what falls: "能耗五年累计下降", "能耗降低〔14〕".
FALL_WORDS = re.compile(r"(?:(?:五年|期内|累计|平均|年均)+|(?:降低|下降|减少)(?:率|幅度)?)+$")


def read_table(block: Block, previous: bool, out: Findings) -> None:
    """A main-indicator table: per row, the base year's observation and the target year's
    target (a growth target from a 年均增速 column), the row's unit (its 单位 column, or the
    brackets of its name) and kind (约束性/预期性); a cell not read is listed for review."""
    review_figures(out, normalise(block.caption), block, "extract.review.not_understood")
    rows = [[normalise(c) for c in r] for r in block.rows]
    if not rows:
        return
    header = rows[0]
    cols = _columns(header, out.years)
    if cols is None:
        for r in rows:
            for cell in r:
                review_figures(out, cell, block, "extract.review.table_cell")
        return
    for cell in header:  # its years are the columns' (not figures); any other number: review
        review_figures(out, cell, block, "extract.review.table_cell")
    name_col, unit_col, base_col, target_col, kind_col, growth_col, base_year, target_year = cols
    serial = next(
        (i for i, h in enumerate(header) if re.fullmatch(r"\s*(?:序号|编号)\s*", h)), None
    )
    for number, row in enumerate(rows[1:], 1):
        cells = row + [""] * (len(header) - len(row))
        own = cells[serial].strip() if serial is not None else ""
        numbered = bool(re.fullmatch(r"\d{1,3}", own))
        if numbered:
            number = int(own)  # the row's own number: its label, not a figure
        label = f"{block.table_label}第{number}行"
        name_cell = cells[name_col].strip()
        if not name_cell:
            for cell in cells:
                review_figures(out, cell, block, "extract.review.table_cell")
            continue
        if numbered:
            out.used.append(own)
        name, unit_text = _name_and_unit(name_cell)
        if unit_col is not None and cells[unit_col].strip():
            unit_text = cells[unit_col].strip()
        unit = None
        if unit_text:
            try:
                unit = parse_unit(unit_text)
            except FypError:
                unit = None
        kind = None
        if kind_col is not None:
            try:
                kind = IndicatorKind.from_text(cells[kind_col].strip())
            except ValueError:
                kind = None
        quote = "｜".join(c for c in cells if c)
        values = []
        for col, year, is_target in (
            (base_col, base_year, False),
            (target_col, target_year, True),
        ):
            cell = cells[col].strip() if col is not None else ""
            if cell:
                values.append(
                    (
                        cell,
                        year,
                        _table_value(name, cell, unit, year, is_target, label, out.years),
                    )
                )
        if growth_col is not None and _figure_cell(cells[growth_col]):
            values.append(
                (
                    cells[growth_col].strip(),
                    target_year,
                    _growth_cell(cells[growth_col], target_year, label),
                )
            )
        falls = any(isinstance(v[2], ReductionTarget) for _, _, v in values if v)
        for cell, year, finding in values:
            if finding is None or (falls and finding[2] is None):
                # a fall's base figure is a rate of the last plan, not a level: review
                review_figures(out, cell, block, "extract.review.table_cell")
                continue
            f = Finding(
                finding[0],
                FALL_WORDS.sub("", name) if falls else name,
                finding[1],
                cell,
                label,
                quote,
                previous,
                block.line,
                text=cell,
                period=Period(year) if finding[2] is None else None,
                target=finding[2],
                unit=None if falls else unit,
                indicator_kind=kind,
                from_table=True,
            )
            out.findings.append(f)
            out.used += [x.text for x in figures(cell)]


def is_rate(q: Any) -> bool:
    """Whether ``q`` is a rate such as 8% (dimensionless with a unit, not a bare number)."""
    return bool(getattr(q, "dimensionless", False)) and not is_bare(q)


def _columns(header: list[str], years: PlanYears) -> tuple[Any, ...] | None:
    """The columns of a main-indicator table: name, unit, base, target, kind; and the years."""
    name = unit = base = target = kind = growth = None
    year_cols: list[tuple[int, int]] = []
    for i, h in enumerate(header):
        h = h.replace(" ", "")
        if re.search("指标|名称|项目", h) and name is None:
            name = i
        elif h.startswith("单位"):
            unit = i
        elif m := re.match(r"((?:19|20)\d\d)年?", h):
            year_cols.append((i, int(m[1])))
        elif re.search("年均增速|年均增长|增速|增长率", h):
            growth = i
        elif re.search("基期|现状|基数", h):
            base = i
        elif re.search("目标|规划", h):
            target = i
        elif re.search("属性|性质", h):
            kind = i
    base_year, target_year = years.base, years.end
    if year_cols:
        year_cols.sort(key=lambda c: c[1])
        if base is None:
            base, base_year = year_cols[0]
        if target is None and len(year_cols) > 1:
            target, target_year = year_cols[-1]
    if name is None or (base is None and target is None):
        return None
    return name, unit, base, target, kind, growth, base_year, target_year


_NAME_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,12})[）)]$")


def _name_and_unit(cell: str) -> tuple[str, str | None]:
    """A row's name and the unit in its brackets ("工业总产值（亿元）"), if the brackets hold one."""
    m = _NAME_UNIT.match(cell)
    if m:
        try:
            parse_unit(m["unit"])
            return m["name"], m["unit"]
        except FypError:
            pass
    return cell, None


def _table_value(
    name: str,
    cell: str,
    unit: pint.Unit | None,
    year: int,
    is_target: bool,
    label: str,
    years: PlanYears,
) -> tuple[str, AnyQuantity, Target | None] | None:
    """A cell as (kind, quantity, target): a number takes the row's unit; 〔〕 is cumulative."""
    cumulative = cell.startswith(("〔", "[", "［")) and cell.endswith(("〕", "]", "］"))
    text = cell.strip("〔〕[]［］ ")
    comparator = Comparator.GE
    for word, cmp in (
        ("以上", Comparator.GE),
        ("以下", Comparator.LE),
        ("以内", Comparator.LE),
        ("左右", Comparator.EQ),
    ):
        if text.endswith(word):
            text, comparator = text[: -len(word)], cmp
    try:
        q = parse_quantity(text)
    except FypError:
        return None
    if is_bare(q) and unit is not None and not isinstance(q.magnitude, str):
        if str(q.units) != "dimensionless":
            return None  # 万 or 亿 alone in a cell with a unit: review
        q = q.magnitude * unit
        q = parse_quantity(f"{text}{_unit_text(unit)}") if _unit_text(unit) else q
    if not is_target:
        return ("observation", q, None) if not cumulative else None
    falls = bool(re.search("下降|降低|减少", name))
    if cumulative:
        if is_rate(q) and falls:
            return (
                "target",
                q,
                ReductionTarget(
                    indicator="x", year=year, rate=q, annual=False, text=cell, source=label
                ),
            )
        if is_rate(q):
            return (
                "target",
                q,
                GrowthTarget(
                    indicator="x", year=year, rate=q, annual=False, text=cell, source=label
                ),
            )
        return "target", q, ChangeTarget(indicator="x", year=year, by=q, text=cell, source=label)
    if re.search("增速|增长率|增长$", name) and is_rate(q):
        return (
            "target",
            q,
            RateTarget(indicator="x", year=year, value=q, years=(year,), text=None, source=label),
        )
    if falls and is_rate(q) and not re.search("率$", name):
        return (
            "target",
            q,
            ReductionTarget(indicator="x", year=year, rate=q, text=cell, source=label),
        )
    return (
        "target",
        q,
        LevelTarget(indicator="x", year=year, value=q, comparator=comparator, source=label),
    )


def _figure_cell(cell: str) -> bool:
    return bool(figures(normalise(cell)))


def _growth_cell(cell: str, year: int, label: str) -> tuple[str, AnyQuantity, Target | None] | None:
    """A 年均增速 cell ("12%", "8%以上") as an annual growth target."""
    text = cell.strip()
    comparator = Comparator.GE
    if text.endswith(("以下", "以内")):
        text, comparator = text[:-2], Comparator.LE
    elif text.endswith("以上"):
        text = text[:-2]
    try:
        q = parse_quantity(text)
    except FypError:
        return None
    if not is_rate(q):
        return None
    return (
        "target",
        q,
        GrowthTarget(indicator="x", year=year, rate=q, comparator=comparator, source=label),
    )


def _unit_text(unit: pint.Unit) -> str:
    return format_unit(unit)
