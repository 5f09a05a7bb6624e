"""Reading target phrases as plans write them: "年均增长10%以上", "达到300亿元", "实现全覆盖"."""

from __future__ import annotations

import re
from typing import Any

from .. import limits
from ..errors import FieldError, QuantityParseError, TargetParseError
from ..text import Message, to_simplified
from ..units import is_bare, normalize_text, parse_quantity, shorten, split_number, too_long
from .enums import Comparator
from .targets import (
    ChangeTarget,
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
_ANNUAL = r"(?P<annual>年均|平均|每年|年平均|年年)?"
_LEVEL_UP = "达到|提高到|提升到|增加到|增长到|突破|超过|不低于|达"
_LEVEL_DOWN = "控制在|不超过|不高于|降低到|降低至|下降到|下降至|减少到|减少至|降到|降至"

#: The year a change is measured from: "比2020年", "较2020年末".
_BASE = r"(?:(?:比|较)(?P<base>\d{4})年(?:底|末)?)?"
#: Verbs of a change by so much, those of a fall last.
_UP, _DOWN = ("提高", "提升", "增加"), ("降低", "下降", "减少")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("coverage", re.compile(r"^(?P<scope>.*?)全覆盖$")),
    # "翻一番", "五年翻一番", "比2020年翻两番", "减半": a change to so many times the baseline.
    (
        "factor",
        re.compile(
            rf"^(?P<subject>.*?){_BASE}(?:(?P<span>\d{{1,2}}|[一二两三四五六七八九十])年)?"
            r"(?:实现|力争|基本)?(?:翻(?P<n>[一二两三123])?番|(?P<half>减半|减少一半|下降一半))"
            r"(?P<tail>以上)?$"
        ),
    ),
    # "比2020年提高0.5个百分点", "增加10家", "减少5家": a change by so much (a percent is
    # growth, read by the patterns after it).
    (
        "change",
        re.compile(rf"^(?P<subject>.*?){_BASE}(?P<verb>{'|'.join(_UP + _DOWN)}){_Q}{_TAIL}$"),
    ),
    ("reduction", re.compile(rf"^(?P<subject>.*?){_ANNUAL}(?:下降|降低|减少){_Q}{_TAIL}$")),
    ("growth", re.compile(rf"^(?P<subject>.*?){_ANNUAL}(?:增长|递增|增加){_Q}{_TAIL}$")),
    ("rate", re.compile(rf"^(?P<subject>.*?)增速(?:达到|保持在|保持|为)?{_Q}{_TAIL}$")),
    (
        "share",
        re.compile(
            rf"^(?P<subject>.*?)(?:占(?P<of>.+?)的?)?比重(?:达到|提高到|提升到|保持在|为)?{_Q}{_TAIL}$"
        ),
    ),
    # 每年 + a level: "每年实施40个以上重点技改项目", "每年新增10家" (one figure, no growth word).
    (
        "per_year",
        re.compile(
            r"^(?P<subject>.*?)(?<![\d年])(?:每年度|每一年|每年|年年)"
            r"(?P<verb>\D*?)(?P<num>[+-]?\d[\d.,]*)(?P<after>\D*)$"
        ),
    ),
    ("level_down", re.compile(rf"^(?P<subject>.*?)(?:{_LEVEL_DOWN}){_Q}{_TAIL}$")),
    ("keep", re.compile(rf"^(?P<subject>.*?)(?:保持在|保持|稳定在){_Q}{_TAIL}$")),
    ("level", re.compile(rf"^(?P<subject>.*?)(?:{_LEVEL_UP}){_Q}{_TAIL}$")),
    ("threshold", re.compile(rf"^(?P<subject>.*?){_Q}(?P<tail>以上|以下|以内)$")),
)

_TRAILING = "。，,；;、.!！"
#: Words that make a growth rate annual wherever they stand before it (not 平均 alone:
#: "平均工资增长8%" is the growth of an average).
_ANNUAL_IN_SUBJECT = re.compile(r"年均|每年|年平均|年年")

#: Words of change: "每年增加10家", "每年提高1个百分点" say how the indicator moves, not a level
#: each year must reach (and "每年增长8%" is annual growth, read before).
_CHANGE = re.compile(r"增长|(?<!新)增加(?!值)|递增|提高|提升|下降|降低|减少")
#: A verb that makes a per-year level a ceiling: "每年能耗控制在5万吨".
_PER_YEAR_AT_MOST = re.compile(r"(?:控制在|不超过|不高于|不多于|(?<!不)低于|(?<!不)少于)$")
_PER_YEAR_TAIL = re.compile(r"(以上|以下|以内|左右)?")
#: Signs that only a unit text has: an object starting with one is a unit that did not read.
_UNIT_SIGNS = frozenset("*/·^%‰")
#: A comparator word left in the object: the figure's unit was not read whole ("500人次以上").
_STRAY_TAIL = re.compile(r"(?<!规模)(?:以上|以下|以内)|左右")


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

    * "年均增长10%以上" / "增长10%" → :class:`GrowthTarget` (annual when 年均 / 平均 / 每年 /
      年年);
    * "平均下降5‰" → :class:`ReductionTarget`;
    * "增速8%" → :class:`RateTarget`;
    * "每年实施40个以上重点技改项目", "每年新增10家", "每年不低于40个" → :class:`RateTarget`: a level
      every year of the period must reach (每年 / 年年, one figure with its unit, then 以上 /
      以下 / 以内 or a verb such as 不低于 / 控制在, then the object). A word of change makes it
      something else: "每年增长8%" is annual growth; "每年增加10家" and "每年提高1个百分点"
      are not read (give ``kind`` explicitly);
    * "研发投入占GDP的比重达到3%" → :class:`ShareTarget` (``of="GDP"``);
    * "达到300亿元", "达到180家", "突破…" → :class:`LevelTarget` (≥); "控制在…以内",
      "不超过…" → :class:`LevelTarget` (≤);
    * "95%以上", "保持在…以上" → :class:`ThresholdTarget`;
    * "实现全覆盖" → :class:`CoverageTarget`;
    * "比2020年提高0.5个百分点", "增加10家", "降低2个百分点", "减少5家" →
      :class:`ChangeTarget` with ``by`` (negative for a fall; ``base_year`` from 比／较…年);
      "翻一番" (×2), "翻两番" (×4), "五年翻一番" (``base_year`` five years before ``year``),
      "减半" (×0.5) → :class:`ChangeTarget` with ``factor``. A change in percent ("提高0.5%")
      is refused: a share's change is in 百分点, a growth is 增长; an annual change ("每年提高
      1个百分点", "年均增加7家") is not read; "新增10家" is not a change (it is the level of an
      indicator counting additions).

    Without 以上 / 以下 a target is read as a floor (≥), as plans mean it. A growth, a fall or a
    growth rate (增长 / 增加 / 下降 / 减少 / 增速) is read only with a percent or a permille:
    "增速达到5亿元" is refused, not read as a level. A phrase is at most
    ``limits.MAX_QUANTITY_CHARS`` characters, and spaces never join the parts of a number
    ("达到1 2亿元" is refused).

    Args:
        text: The phrase as the document writes it.
        indicator: Id of the indicator the target is for.
        year: The target year.
        source: Section of the document.

    Returns:
        The target, with ``text`` keeping the phrase as written.

    Raises:
        TargetParseError: the phrase is not one of the forms above, is too long, or its figure
            is beyond a bound of :func:`~fyp_planning.parse_quantity`; the message quotes it
            (its start, when it is long).

    Examples:
        >>> t = parse_target("年均增长10%以上", indicator="industrial_output", year=2025)
        >>> type(t).__name__, t.rate, t.comparator.symbol, t.annual
        ('GrowthTarget', <Quantity(10, 'percent')>, '≥', True)
        >>> parse_target("达到300亿元", indicator="industrial_output", year=2025).value
        <Quantity(300, 'yi_yuan')>
        >>> parse_target("研发投入占GDP的比重达到3%", indicator="rd_share", year=2025).of
        'GDP'
        >>> t = parse_target("每年实施40个以上重点技改项目", indicator="projects", year=2025)
        >>> type(t).__name__, t.describe()
        ('RateTarget', '每年≥40个')
        >>> parse_target("每年增长8%", indicator="industrial_output", year=2025).describe()
        '年均增长≥8%'
        >>> parse_target("逐步提高", indicator="x", year=2025)
        Traceback (most recent call last):
        ...
        fyp_planning.errors.TargetParseError: cannot read target phrase '逐步提高' (无法识别的目标表述); expected a form such as '年均增长10%以上', '达到300亿元', '95%以上', '平均下降5‰', '比重达到3%', '实现全覆盖'
    """
    if not isinstance(text, str):
        raise TargetParseError(Message("model.phrase.not_text", text=text))
    if (long := too_long(text, limits.MAX_QUANTITY_CHARS, "model.phrase.too_long")) is not None:
        raise TargetParseError(long)
    if split_number(text):  # "达到1 2亿元": the spaces are not dropped to make 12亿元
        raise TargetParseError(Message("model.phrase.split_number", text=text))
    # traditional characters read as simplified (達到200億元); the target keeps its text as written
    norm = to_simplified(normalize_text(text)).rstrip(_TRAILING)
    common: dict[str, Any] = {"indicator": indicator, "year": year, "text": text, "source": source}
    try:
        return _parse_target(text, norm, common)
    except FieldError as exc:  # the phrase reads, but its figure does not fit the target
        raise TargetParseError(
            Message(
                "model.phrase.bad_figure",
                text=text,
                message=exc.message,
                value=exc.value,
                expected=exc.expected,
            )
        ) from None


#: Messages of a figure that reads as a quantity but is beyond a bound: said as they are.
_FIGURE_BOUNDS = frozenset({"units.quantity.too_many_digits", "units.quantity.bad_number"})


def _is_rate(q: Any) -> bool:
    """Whether ``q`` is a rate a growth phrase can state: a percent or a permille."""
    return bool(q.dimensionless) and not is_bare(q)


def _parse_target(text: str, norm: str, common: dict[str, Any]) -> Target:
    # A growth or a fall whose figure is no rate ("增长10家以上") is refused, unless it is a level
    # every year reaches ("每年新增加10家": per_year, which knows the words of change); it is
    # never read by a later pattern (as a threshold of 10家).
    not_a_rate: Message | None = None
    for name, pattern in _PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        if not_a_rate is not None and name != "per_year":
            break
        if name == "coverage":
            scope = m["scope"].replace("实现", "")
            return CoverageTarget(scope=scope or None, **common)
        if name == "factor":
            return _factor(m, common)
        if name == "per_year":
            target = _per_year(m, common)
            if target is None:
                continue
            return target
        try:
            q = parse_quantity(m["q"])
        except QuantityParseError as exc:
            if exc.text is not None and exc.text.id in _FIGURE_BOUNDS:
                raise TargetParseError(
                    Message("model.phrase.bad_figure_text", text=shorten(text), problem=exc.text)
                ) from None
            continue
        comp = _comparator(m["tail"])
        if name == "change":
            change = _change(m, q, comp, common)
            if change is None:
                continue
            return change
        if name in ("growth", "reduction", "rate") and not _is_rate(q):
            # "增速达到5亿元", "增长10家以上": a growth or its rate is a percent, never a level
            not_a_rate = Message("model.phrase.not_a_rate", text=text, figure=m["q"])
            if name == "rate":
                break
            continue
        if name in ("growth", "reduction"):
            cls = GrowthTarget if name == "growth" else ReductionTarget
            # "每年R&D投入增长10%": the annual word may come before the subject's object
            annual = bool(m["annual"]) or bool(_ANNUAL_IN_SUBJECT.search(m["subject"]))
            return cls(rate=q, annual=annual, comparator=comp, **common)
        if name == "rate":
            return RateTarget(value=q, comparator=comp, **common)
        if name == "share":
            return ShareTarget(value=q, of=m["of"] or None, comparator=comp, **common)
        if name == "level_down":
            return LevelTarget(value=q, comparator=_comparator(m["tail"], Comparator.LE), **common)
        if name in ("keep", "threshold"):
            return ThresholdTarget(value=q, comparator=comp, **common)
        return LevelTarget(value=q, comparator=comp, **common)
    raise TargetParseError(not_a_rate or Message("model.phrase.unreadable", text=text))


def _per_year(m: re.Match[str], common: dict[str, Any]) -> RateTarget | None:
    """A level every year must reach: "每年实施40个以上重点技改项目" → ``RateTarget(≥40个)``.

    The figure is the number and the longest unit after it that reads ("40个", "10家"); a
    comparator (以上 / 以下 / 以内) may follow, then the object ("重点技改项目"). ``None``
    (another pattern may read the phrase) when a word of change comes with it ("每年增加10家",
    "每年提高1个百分点"), when the figure has no unit but is followed by words ("每年实施40项目"),
    or when a comparator is left over ("每年培训500人次以上": 人次 is not a unit).
    """
    verb, after = m["verb"], m["after"]
    unit_text = re.split(r"[以左]", after, maxsplit=1)[0]
    for end in range(len(unit_text), -1, -1):
        try:
            q = parse_quantity(m["num"] + unit_text[:end])
        except QuantityParseError:
            continue
        break
    else:
        return None
    rest = after[end:]
    tail = _PER_YEAR_TAIL.match(rest)
    assert tail is not None  # the group is optional: it always matches
    obj = rest[tail.end() :]
    if (
        (not end and obj)
        or _STRAY_TAIL.search(obj)
        or _CHANGE.search(verb + obj)
        or obj[:1] in _UNIT_SIGNS  # "每年74元*元": the rest of a unit that did not read
    ):
        return None
    at_most = _PER_YEAR_AT_MOST.search(verb)
    comp = _comparator(tail[1], Comparator.LE if at_most else Comparator.GE)
    return RateTarget(value=q, comparator=comp, **common)


#: 翻一番 doubles, 翻两番 quadruples.
_DOUBLINGS = {"一": 1, "1": 1, "两": 2, "二": 2, "2": 2, "三": 3, "3": 3}
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}


def _factor(m: re.Match[str], common: dict[str, Any]) -> ChangeTarget:
    """ "比2020年翻两番" → ``ChangeTarget(factor=4, base_year=2020)``; "五年翻一番" measures
    from five years before the target year; "减半" is a factor of 0.5."""
    factor: float = 0.5 if m["half"] else 2 ** _DOUBLINGS[m["n"] or "一"]
    base = int(m["base"]) if m["base"] else None
    span = m["span"]
    if base is None and span:
        base = common["year"] - (int(span) if span.isdigit() else _NUMERALS[span])
    comp = Comparator.GE if m["half"] or not m["tail"] else _comparator(m["tail"])
    return ChangeTarget(
        factor=int(factor) if factor >= 1 else factor, base_year=base, comparator=comp, **common
    )


def _change(
    m: re.Match[str], q: Any, comp: Comparator, common: dict[str, Any]
) -> ChangeTarget | None:
    """ "比2020年提高0.5个百分点" → ``ChangeTarget(by=0.5百分点, base_year=2020)``; a fall has a
    negative ``by``. ``None`` for a percent (增加10%: growth, read by its own pattern), a
    signed figure, or a fall "以下" (降低5万吨以下 may mean 降低到…以下); an annual change
    ("每年提高1个百分点", "年均增加7家") and a change in percent ("提高0.5%") are refused."""
    subject, verb = m["subject"], m["verb"]
    if _is_rate(q):
        if verb in ("提高", "提升"):  # 增加 / 下降 / 降低 / 减少 10% is a growth or a fall
            raise TargetParseError(
                Message("model.phrase.change_in_percent", text=common["text"], figure=m["q"])
            )
        return None
    if q.magnitude < 0 or m["q"].lstrip()[:1] in "+-" or subject.endswith("新"):
        return None
    if verb in _DOWN and m["tail"] == "以下":  # "降低5万吨以下": 降低到…以下, a level? not read
        return None
    if _ANNUAL_IN_SUBJECT.search(subject) or subject.endswith("平均"):
        raise TargetParseError(Message("model.phrase.annual_change", text=common["text"]))
    by = -q if verb in _DOWN else q
    base = int(m["base"]) if m["base"] else None
    return ChangeTarget(by=by, base_year=base, comparator=comp, **common)
