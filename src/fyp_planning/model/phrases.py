"""Reading target phrases as plans write them: "年均增长10%以上", "达到300亿元", "实现全覆盖"."""

from __future__ import annotations

import re
from typing import Any

from ..errors import QuantityParseError, TargetParseError
from ..units import normalize_text, parse_quantity
from ._validators import FieldError
from .enums import Comparator
from .targets import (
    CoverageTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    ShareTarget,
    Target,
    ThresholdTarget,
)

__all__ = ["parse_target"]

_Q = r"(?P<q>[+-]?[\d.,]+[^\d以左]*?)"
_TAIL = r"(?P<tail>以上|以下|以内|左右)?"
_ANNUAL = r"(?P<annual>年均|平均|每年|年平均)?"
_LEVEL_UP = "达到|提高到|提升到|增加到|增长到|突破|超过|不低于|达"
_LEVEL_DOWN = "控制在|不超过|不高于|降低到|降低至|下降到|下降至|减少到|减少至|降到|降至"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("coverage", re.compile(r"^(?P<scope>.*?)全覆盖$")),
    ("reduction", re.compile(rf"^(?P<subject>.*?){_ANNUAL}(?:下降|降低|减少){_Q}{_TAIL}$")),
    ("growth", re.compile(rf"^(?P<subject>.*?){_ANNUAL}(?:增长|递增|增加){_Q}{_TAIL}$")),
    ("rate", re.compile(rf"^(?P<subject>.*?)增速(?:达到|保持在|保持|为)?{_Q}{_TAIL}$")),
    (
        "share",
        re.compile(
            rf"^(?P<subject>.*?)(?:占(?P<of>.+?)的?)?比重(?:达到|提高到|提升到|保持在|为)?{_Q}{_TAIL}$"
        ),
    ),
    ("level_down", re.compile(rf"^(?P<subject>.*?)(?:{_LEVEL_DOWN}){_Q}{_TAIL}$")),
    ("keep", re.compile(rf"^(?P<subject>.*?)(?:保持在|保持|稳定在){_Q}{_TAIL}$")),
    ("level", re.compile(rf"^(?P<subject>.*?)(?:{_LEVEL_UP}){_Q}{_TAIL}$")),
    ("threshold", re.compile(rf"^(?P<subject>.*?){_Q}(?P<tail>以上|以下|以内)$")),
)

_TRAILING = "。，,；;、.!！"


def _comparator(tail: str | None, default: Comparator = Comparator.GE) -> Comparator:
    if tail == "以上":
        return Comparator.GE
    if tail in ("以下", "以内"):
        return Comparator.LE
    return default


def parse_target(text: str, *, indicator: str, year: int, source: str | None = None) -> Target:
    """Read a target phrase into a :class:`Target`.

    Recognised forms (full-width digits and spaces are tolerated; a subject before the verb,
    such as 总产值 in "总产值达到300亿元", is allowed):

    * "年均增长10%以上" / "增长10%" → :class:`GrowthTarget` (annual when 年均 / 平均 / 每年);
    * "平均下降5‰" → :class:`ReductionTarget`;
    * "增速8%" → :class:`RateTarget`;
    * "研发投入占GDP的比重达到3%" → :class:`ShareTarget` (``of="GDP"``);
    * "达到300亿元", "达到180家", "突破…" → :class:`LevelTarget` (≥); "控制在…以内",
      "不超过…" → :class:`LevelTarget` (≤);
    * "95%以上", "保持在…以上" → :class:`ThresholdTarget`;
    * "实现全覆盖" → :class:`CoverageTarget`.

    Without 以上 / 以下 a target is read as a floor (≥), as plans mean it.

    Args:
        text: The phrase as the document writes it.
        indicator: Id of the indicator the target is for.
        year: The target year.
        source: Section of the document.

    Returns:
        The target, with ``text`` keeping the phrase as written.

    Raises:
        TargetParseError: the phrase is not one of the forms above; the message quotes it.

    Examples:
        >>> t = parse_target("年均增长10%以上", indicator="industrial_output", year=2025)
        >>> type(t).__name__, t.rate, t.comparator.symbol, t.annual
        ('GrowthTarget', <Quantity(10, 'percent')>, '≥', True)
        >>> parse_target("达到300亿元", indicator="industrial_output", year=2025).value
        <Quantity(300, 'yi_yuan')>
        >>> parse_target("研发投入占GDP的比重达到3%", indicator="rd_share", year=2025).of
        'GDP'
        >>> parse_target("逐步提高", indicator="x", year=2025)
        Traceback (most recent call last):
        ...
        fyp_planning.errors.TargetParseError: cannot read target phrase '逐步提高' (无法识别的目标表述); expected a form such as '年均增长10%以上', '达到300亿元', '95%以上', '平均下降5‰', '比重达到3%', '实现全覆盖'
    """
    if not isinstance(text, str):
        raise TargetParseError(f"a target phrase must be text, got {text!r}")
    norm = normalize_text(text).rstrip(_TRAILING)
    common: dict[str, Any] = {"indicator": indicator, "year": year, "text": text, "source": source}
    try:
        return _parse_target(text, norm, common)
    except FieldError as exc:  # the phrase reads, but its figure does not fit the target
        raise TargetParseError(
            f"target phrase {text!r}: {exc.message} {exc.value!r}; expected {exc.expected}"
        ) from None


def _parse_target(text: str, norm: str, common: dict[str, Any]) -> Target:
    for name, pattern in _PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        if name == "coverage":
            scope = m["scope"].replace("实现", "")
            return CoverageTarget(scope=scope or None, **common)
        try:
            q = parse_quantity(m["q"])
        except QuantityParseError:
            continue
        comp = _comparator(m["tail"])
        if name in ("growth", "reduction"):
            cls = GrowthTarget if name == "growth" else ReductionTarget
            if not q.dimensionless or str(q.units) in ("dimensionless", "wan", "yi"):
                continue  # "增加到180家" is a level, handled below
            return cls(rate=q, annual=bool(m["annual"]), comparator=comp, **common)
        if name == "rate":
            return RateTarget(value=q, comparator=comp, **common)
        if name == "share":
            return ShareTarget(value=q, of=m["of"] or None, comparator=comp, **common)
        if name == "level_down":
            return LevelTarget(value=q, comparator=_comparator(m["tail"], Comparator.LE), **common)
        if name in ("keep", "threshold"):
            return ThresholdTarget(value=q, comparator=comp, **common)
        return LevelTarget(value=q, comparator=comp, **common)
    raise TargetParseError(
        f"cannot read target phrase {text!r} (无法识别的目标表述); expected a form such as "
        "'年均增长10%以上', '达到300亿元', '95%以上', '平均下降5‰', '比重达到3%', '实现全覆盖'"
    )
