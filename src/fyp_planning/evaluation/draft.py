"""Drafting the next plan (十五五 from 十四五): base values, chosen rates or levels, targets.

:func:`~fyp_planning.draft_plan` takes a plan and returns a :class:`~fyp_planning.Draft`: a
new :class:`~fyp_planning.Plan` for the next period and one :class:`~fyp_planning.DraftLine` per
indicator saying, in Chinese and in English, how its targets were derived. For each indicator:

* the **base value** is the ``base_values`` entry when given, else the latest whole-year
  observation of the old plan at or before the new base year (``start_year - 1``), whole years
  only, actuals before preliminary figures before estimates within a year (the same choice as
  :func:`~fyp_planning.assess`). Estimates, preliminary figures, bounds and values older than
  the new base year are flagged. Growth is measured from the base value's own year: a 2020
  value drafts a 2030 target over ten years.
* a chosen **rate** (``rates[id]``, else ``default_rate``) gives the target level:
  ``implied_level(base, rate, years)`` for compound indicators, ``base + change × years`` for
  linear ones. The level is rounded to four significant figures (never coarser than a whole
  unit) and recorded as a :class:`~fyp_planning.LevelTarget`; compound indicators also get a
  :class:`~fyp_planning.GrowthTarget` with the rate as chosen (a
  :class:`~fyp_planning.ReductionTarget` with its size when the rate is negative — the model
  refuses negative growth rates); linear indicators (shares, counts) get a
  :class:`~fyp_planning.ChangeTarget` with the whole change instead ("比2025年提高≥0.5个百分点",
  "增加≥30家"), as plans word them.
* a chosen **target level** (``targets[id]``) is recorded as a LevelTarget as given; the
  implied annual rate (``required_cagr``, or the change per year for linear indicators) is
  reported, and for compound indicators recorded as a GrowthTarget (or ReductionTarget)
  rounded to 0.01 %, for linear ones as a ChangeTarget.
* indicators with neither are copied without targets.

Rates of linear indicators (shares, counts) are **changes per year**: for shares a
``百分点`` quantity or a quantity in the share's unit (``0.5百分点`` and ``0.5%`` both mean
half a percentage point a year); for counts a quantity in the indicator's unit (``3个``) or in
that unit per year. ``default_rate`` (a percentage) applies only to compound, higher-is-better
indicators: a default growth rate means nothing for a count, and growth is not an aim for a
lower-is-better indicator.

Comparators follow the indicator's direction: the level target is ≥ for higher-is-better
indicators and ≤ for lower-is-better ones; the growth target has the same sense ("年均增长8%以上"
or, for lower-is-better, "年均增长不超过3%"), mirrored for a reduction ("年均下降5%以上" for
lower-is-better, "下降不超过2%" for higher-is-better).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, cast

import attrs
import pint

from .. import limits
from ..errors import DraftError
from ..growth import apply_pp, implied_level, pp_change, required_cagr
from ..model._converters import items, texts
from ..model._tables import value_in
from ..model.composition import as_quantity
from ..model.enums import Comparator, Direction, GrowthMode, ObservationStatus
from ..model.indicator import Indicator
from ..model.observation import Observation
from ..model.period import Period
from ..model.plan import Plan
from ..model.targets import ChangeTarget, GrowthTarget, LevelTarget, ReductionTarget, Target
from ..tables import Tabular, joined
from ..text import Bilingual, Join, Message, Said, check_lang
from ..units import (
    AnyQuantity,
    Quantity,
    format_quantity,
    format_unit,
    is_bare,
    magnitude_problem,
    to_unit,
    ureg,
)
from ._data import candidates, pick_latest
from ._format import short
from .results import DRAFT_TABLE

__all__ = ["Draft", "DraftError", "DraftLine", "draft_plan"]

_YEAR = ureg.year
_PP = ureg.percentage_point
_MIRROR = {Comparator.GE: Comparator.LE, Comparator.LE: Comparator.GE, Comparator.EQ: Comparator.EQ}
#: Source of observations copied from the old plan: this prefix, then the original source.
PREVIOUS_PLAN = "上期规划"
#: Source of base values given to :func:`draft_plan` as quantities.
GIVEN_BASE = "起草时给定的基期值"


@attrs.frozen(kw_only=True)
class DraftLine:
    """How one indicator of a draft was derived.

    Attributes:
        indicator: Id of the indicator.
        name: Its Chinese name.
        method: ``"rate"`` (target level from a chosen rate), ``"target"`` (rate implied by a
            chosen level) or ``"none"`` (copied without targets).
        base: The base value in the indicator's unit, or ``None``.
        base_year: The year of the base value.
        rate: The annual rate: percent for compound indicators, a change per year
            (``3个/年``, ``0.5百分点/年``) for linear ones; for ``"target"`` the implied one,
            unrounded.
        level: The target level at the draft's end year, in the indicator's unit.
        flags: ASCII flags: ``estimate``, ``preliminary``, ``bound`` (the base value is such),
            ``given_base`` (from ``base_values``), ``stale_base`` (older than the draft's base
            year), ``default_rate``, ``no_base``, ``zero_base``, ``not_for_default``
            (default rate not applied: linear or lower-is-better), ``reduction``,
            ``beyond_limit`` (the level passes the indicator's natural limit).

    Args:
        text: The explanation: a catalogue :class:`~fyp_planning.text.Message` (what
            :func:`draft_plan` gives), or Chinese text; read back, :attr:`text` is the Chinese.
        text_en: Beside Chinese text, the explanation in English (never beside a message).

    Examples:
        >>> from fyp_planning import DraftLine
        >>> DraftLine(indicator="output", name="工业总产值", method="none",
        ...           text="工业总产值：未设目标", text_en="output: no target").describe("en")
        'output: no target'
    """

    indicator: str
    name: str
    method: str
    base: AnyQuantity | None = None
    base_year: int | None = None
    rate: AnyQuantity | None = None
    level: AnyQuantity | None = None
    flags: tuple[str, ...] = attrs.field(default=(), converter=texts)
    _text: Message | str = ""
    _text_en: str = attrs.field(default="")

    @_text_en.validator
    def _english_only_beside_text(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value and isinstance(self._text, Message):
            raise ValueError("text is a Message: it says its English itself; drop text_en")

    explanation = Said.given(
        "text",
        """The explanation as given, a catalogue message with its id and arguments (free text
        comes back as a :class:`~fyp_planning.text.Bilingual`).""",
    )
    text = Said.zh("text", """The explanation in Chinese.""")
    text_en = Said.en("text", """The explanation in English (``""`` when free text gives none).""")

    def describe(self, lang: str = "zh") -> str:
        """The explanation in ``"zh"`` (Chinese, default) or ``"en"`` (English).

        Raises:
            ValueError: ``lang`` is neither ``"zh"`` nor ``"en"``.
        """
        if check_lang(lang) == "en":
            return self.text_en
        return self.text


@attrs.frozen(kw_only=True)
class Draft(Tabular):
    """What :func:`draft_plan` returns: the drafted plan and how each indicator was derived.

    Attributes:
        plan: The new plan (valid; it round-trips through plan files).
        lines: One :class:`DraftLine` per indicator, in indicator order.

    Examples:
        >>> from fyp_planning import Draft, Plan
        >>> d = Draft(plan=Plan(id="demo", region="示例县", title="示例", start_year=2026,
        ...                     end_year=2030))
        >>> d.plan.base_year, d.explain()
        (2025, '')
    """

    plan: Plan
    lines: tuple[DraftLine, ...] = attrs.field(default=(), converter=items)

    TABLES = (DRAFT_TABLE,)

    def _table_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The draft's table: a row per indicator, how its target was derived.

        Examples:
            >>> import fyp_planning as fp
            >>> plan = fp.load("dongkou")
            >>> d = fp.draft_plan(plan, start_year=2026, end_year=2030,
            ...                   rates={"industrial_output": fp.parse_quantity("8%")})
            >>> row = d.to_table().rows()[0]
            >>> row["indicator_name"], row["method"], row["rate"], row["rate_unit"]
            ('高新技术企业当年认定数', 'none', None, None)
        """
        unit = {i.id: i.unit for i in self.plan.indicators}
        for ln in self.lines:
            u = unit.get(ln.indicator)
            yield (
                self.plan.id,
                ln.indicator,
                ln.name,
                ln.method,
                None if u is None else format_unit(u),
                value_in(ln.base, u),
                ln.base_year,
                None if ln.rate is None else float(ln.rate.magnitude),
                None if ln.rate is None else format_unit(ln.rate.units),
                value_in(ln.level, u),
                self.plan.end_year,
                joined(ln.flags),
                ln.describe("zh"),
                ln.describe("en"),
            )

    def explain(self, lang: str = "zh") -> str:
        """Every line's explanation, one per line, in ``"zh"`` or ``"en"``."""
        return "\n".join(line.describe(lang) for line in self.lines)

    def line(self, indicator_id: str) -> DraftLine:
        """The line of one indicator.

        Raises:
            KeyError: no such indicator.
        """
        for ln in self.lines:
            if ln.indicator == indicator_id:
                return ln
        raise KeyError(f"draft has no indicator {indicator_id!r}")


# -- helpers ------------------------------------------------------------------------------------
_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–99 in Chinese numerals: 14 → 十四, 21 → 二十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones or not head else "")


def _plan_number(start_year: int) -> int | None:
    """Which five-year plan starts in ``start_year`` (14 for 2021), if one does."""
    if start_year in (1953, 1958):
        return (start_year - 1953) // 5 + 1
    if start_year >= 1966 and (start_year - 1966) % 5 == 0:
        return (start_year - 1966) // 5 + 3
    return None


def _round_level(value: float) -> float:
    """Four significant figures, never coarser than a whole unit: 290.93 → 290.9."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, max(0, 3 - math.floor(math.log10(abs(value)))))


def _names(plan: Plan, start_year: int, end_year: int) -> tuple[str, str]:
    old_n, new_n = _plan_number(plan.start_year), _plan_number(start_year)
    plan_id, title = f"{plan.id}_{start_year}_{end_year}_draft", None
    if old_n and new_n and old_n <= 99 and new_n <= 99:
        old_cn, new_cn = f"{_chinese_number(old_n)}五", f"{_chinese_number(new_n)}五"
        if old_cn in plan.title:
            title = plan.title.replace(old_cn, new_cn) + "（草案）"
        if f"{old_n}th" in plan.id:
            plan_id = plan.id.replace(f"{old_n}th", f"{new_n}th") + "_draft"
    if title is not None:
        for sep in "-—–~至":
            old_span = f"{plan.start_year}{sep}{plan.end_year}"
            title = title.replace(old_span, f"{start_year}{sep}{end_year}")
    return plan_id, title or f"{plan.title}（{start_year}—{end_year}年草案）"


def _check_ids(plan: Plan, option: str, entries: Mapping[str, Any]) -> None:
    known = {ind.id for ind in plan.indicators}
    for key, value in entries.items():
        if key not in known:
            listed = ", ".join(ind.id for ind in plan.indicators) or "none"
            raise DraftError(
                option,
                key,
                value,
                Message("evaluation.draft_error.unknown_indicator", known=listed),
            )


def _percent(option: str, indicator: str | None, value: Any) -> AnyQuantity:
    """A compound rate: a percentage such as 8% or 5‰ (not bare, not 百分点)."""
    if not isinstance(value, pint.Quantity) or not value.dimensionless or is_bare(value):
        raise DraftError(
            option, indicator, value, Message("evaluation.draft_error.not_a_growth_rate")
        )
    if value.to("dimensionless").magnitude <= -1:
        raise DraftError(option, indicator, value, Message("evaluation.draft_error.fall_of_all"))
    return value


def _change(ind: Indicator, value: Any) -> AnyQuantity:
    """A linear indicator's change per year, in its unit per year (百分点/年 for shares)."""
    unit = ind.unit
    if isinstance(value, pint.Quantity) and (not is_bare(value) or is_bare(1 * unit)):
        change: AnyQuantity = value
        per_year: AnyQuantity  # pint's arithmetic is untyped
        if unit.dimensionless and change.units == _PP:
            per_year = change / _YEAR
            return per_year
        if unit.dimensionless and unit != ureg.dimensionless and change.dimensionless:
            return Quantity(change.to("percent").magnitude, _PP / _YEAR)  # 1% of a share = 1 百分点
        if change.is_compatible_with(unit):
            per_year = change.to(unit) / _YEAR
            return per_year
        if change.is_compatible_with(unit / _YEAR):
            return change.to(unit / _YEAR)
    example = "0.5百分点" if unit.dimensionless else f"3{format_quantity(1 * unit)[1:]}"
    raise DraftError(
        "rates",
        ind.id,
        value,
        Message(
            "evaluation.draft_error.grows_linearly",
            indicator=ind.id,
            unit=format_quantity(1 * unit)[1:],
            or_pp=Message("evaluation.draft_error.or_pp") if unit.dimensionless else "",
            example=example,
        ),
    )


def _linear_level(ind: Indicator, base: AnyQuantity, change: AnyQuantity, years: int) -> Any:
    total = change * years * _YEAR
    if total.units == _PP:
        return to_unit(apply_pp(base, total), ind.unit)
    return base + total.to(ind.unit)


def _linear_rate(ind: Indicator, base: AnyQuantity, level: AnyQuantity, years: int) -> Any:
    if ind.unit.dimensionless and ind.unit != ureg.dimensionless:
        return pp_change(base, level) / years / _YEAR
    return (level - base) / years / _YEAR


def _show(quantity: AnyQuantity) -> str:
    """A level for texts: as stored, without float noise (0.1 + 0.2 → 0.3)."""
    magnitude = quantity.magnitude
    if isinstance(magnitude, float) and math.isfinite(magnitude):
        magnitude = float(f"{magnitude:.10g}")
    return format_quantity(Quantity(magnitude, quantity.units))


def _abs(quantity: AnyQuantity) -> AnyQuantity:
    """``abs(quantity)``, typed: pint declares that it returns the base class, PlainQuantity."""
    return cast("AnyQuantity", abs(quantity))


def _rate_words(rate: AnyQuantity, linear: bool, share: bool) -> Message:
    """``年均增长8%`` / ``8% growth a year`` and the like, for either sign."""
    up = rate.magnitude >= 0
    if not linear:
        size = short(_abs(rate))
        if up:
            return Message("evaluation.draft.rate.growth", size=size)
        return Message("evaluation.draft.rate.decline", size=size)
    size = short(abs(rate) * _YEAR)
    if share:
        size = size.replace("百分点", "个百分点")
    said = Bilingual(size, size.replace("个百分点", " pp"))
    if share and up:
        return Message("evaluation.draft.rate.raise", size=said)
    if share:
        return Message("evaluation.draft.rate.lower", size=said)
    if up:
        return Message("evaluation.draft.rate.increase", size=said)
    return Message("evaluation.draft.rate.decrease", size=said)


def _base_flags(obs: Observation, flags: list[str]) -> Message | str:
    """What qualifies a base value (``（预计值、给定）``), or ``""``."""
    said: list[Message] = []
    if obs.status is ObservationStatus.ESTIMATE:
        said.append(Message("evaluation.draft.base.estimate"))
    elif obs.status is ObservationStatus.PRELIMINARY:
        said.append(Message("evaluation.draft.base.preliminary"))
    if obs.comparator is not Comparator.EQ:
        said.append(Message("evaluation.draft.base.bound", comparator=obs.comparator.label))
    if "given_base" in flags:
        said.append(Message("evaluation.draft.base.given"))
    return Message("evaluation.draft.base.flags", flags=Join(said)) if said else ""


# -- the draft ------------------------------------------------------------------------------------
def draft_plan(
    plan: Plan,
    *,
    start_year: int,
    end_year: int,
    rates: Mapping[str, AnyQuantity] | None = None,
    targets: Mapping[str, AnyQuantity] | None = None,
    default_rate: AnyQuantity | None = None,
    base_values: Mapping[str, AnyQuantity | Observation] | None = None,
    id: str | None = None,
    title: str | None = None,
) -> Draft:
    """Draft the next plan from ``plan``: base values, targets from rates or rates from targets.

    See the module documentation (:mod:`fyp_planning.evaluation.draft`) for the rules: which
    base value is used, how compound and linear indicators are treated, the rounding, and the
    comparators.

    Args:
        plan: The current plan (e.g. the 十四五 plan).
        start_year: First year of the new period (2026); its base year is ``start_year - 1``.
        end_year: Last year of the new period (2030); targets are set for it.
        rates: Chosen annual rates by indicator id: percentages (``8%``, ``-5%``) for compound
            indicators, changes per year for linear ones (``3个``, ``0.5百分点``).
        targets: Chosen levels for ``end_year`` by indicator id (``450亿元``).
        default_rate: A percentage for compound, higher-is-better indicators without an entry.
        base_values: Base values by indicator id, overriding the plan's observations: a
            quantity (recorded as an *estimate* of the new base year, source
            ``起草时给定的基期值``) or a whole-year :class:`~fyp_planning.Observation`.
        id: The new plan's id; by default the old one with the plan number moved on
            (``dongkou_14th_sti`` → ``dongkou_15th_sti_draft``) or ``<id>_<start>_<end>_draft``.
        title: The new plan's title; by default the old one with 十四五 → 十五五 and "（草案）".

    Returns:
        A :class:`Draft`: ``.plan`` (region and issuer copied, the old plan as predecessor
        when it ends by ``start_year``, indicators copied, each indicator's base observation
        copied with source ``上期规划：<original source>``, the drafted targets) and ``.lines``.

    Raises:
        DraftError: an unknown indicator id, an indicator both in ``rates`` and ``targets``,
            a value in the wrong unit, a rate for an indicator without a usable base value,
            a linear target level below zero, or a year outside ``limits.MIN_YEAR`` to
            ``limits.MAX_YEAR``.
        ValueError: ``end_year`` before ``start_year``, or a base year not after the old
            plan's.

    Examples:
        >>> import fyp_planning as fp
        >>> Q = fp.parse_quantity
        >>> old = fp.Plan(id="demo_14th", region="示例县", title="示例县“十四五”工业规划",
        ...     start_year=2021, end_year=2025,
        ...     indicators=[fp.Indicator(id="output", name="工业总产值", unit=fp.parse_unit("亿元")),
        ...                 fp.Indicator(id="firms", name="规模企业", unit=fp.parse_unit("家"))],
        ...     observations=[fp.Observation(indicator="output", period=fp.Period(2025),
        ...                                  value=Q("198亿元"), source="表1"),
        ...                   fp.Observation(indicator="firms", period=fp.Period(2025),
        ...                                  value=Q("120家"))])
        >>> d = fp.draft_plan(old, start_year=2026, end_year=2030,
        ...                   rates={"output": Q("8%"), "firms": Q("6家")})
        >>> d.plan.title, d.plan.id
        ('示例县“十五五”工业规划（草案）', 'demo_15th_draft')
        >>> [t.describe() for t in d.plan.targets]
        ['≥290.9亿元', '年均增长≥8%', '≥150家', '比基期增加≥30家']
        >>> d.plan.targets[0].text
        '按年均增长8%推算：198亿元→290.9亿元'
        >>> print(d.explain())
        工业总产值（output）：基期2025年198亿元；按年均增长8%推算，2030年290.9亿元
        规模企业（firms）：基期2025年120家；按年均增加6家推算，2030年150家
        >>> d2 = fp.draft_plan(old, start_year=2026, end_year=2030,
        ...                    targets={"output": Q("300亿元")})
        >>> print(d2.line("output").describe("en"))
        output: base 198亿元 in 2025; target 300亿元 in 2030 needs 8.67% growth a year
    """
    for option, year in (("start_year", start_year), ("end_year", end_year)):
        if not limits.MIN_YEAR <= year <= limits.MAX_YEAR:
            raise DraftError(
                option,
                None,
                year,
                Message(
                    "evaluation.draft_error.year_range", low=limits.MIN_YEAR, high=limits.MAX_YEAR
                ),
            )
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    base_year = start_year - 1
    if base_year <= plan.base_year:
        raise ValueError(
            f"the new base year {base_year} is not after plan {plan.id!r}'s base year "
            f"{plan.base_year}"
        )
    rates, targets, given = dict(rates or {}), dict(targets or {}), dict(base_values or {})
    for option, entries in (("rates", rates), ("targets", targets), ("base_values", given)):
        _check_ids(plan, option, entries)
    for key in sorted(set(rates) & set(targets)):
        raise DraftError("targets", key, targets[key], Message("evaluation.draft_error.not_both"))
    if default_rate is not None:
        _percent("default_rate", None, default_rate)

    observations: list[Observation] = []
    new_targets: list[Target] = []
    lines: list[DraftLine] = []
    for ind in plan.indicators:
        obs, flags = _base_observation(plan, ind, base_year, given.get(ind.id))
        base = to_unit(as_quantity(obs.value), ind.unit) if obs is not None else None
        if obs is not None:
            observations.append(obs)
        ts, line = _draft_indicator(
            ind,
            obs,
            base,
            flags,
            end_year=end_year,
            base_year=base_year,
            rate=rates.get(ind.id),
            target=targets.get(ind.id),
            default_rate=default_rate,
        )
        new_targets += ts
        lines.append(line)

    default_id, default_title = _names(plan, start_year, end_year)
    draft = Plan(
        id=id or default_id,
        region=plan.region,
        title=title or default_title,
        start_year=start_year,
        end_year=end_year,
        issuer=plan.issuer,
        indicators=[
            attrs.evolve(ind, source=f"{PREVIOUS_PLAN}：{ind.source}" if ind.source else None)
            for ind in plan.indicators
        ],
        observations=observations,
        targets=new_targets,
        predecessor=plan if plan.end_year <= start_year else None,
        source=f"据{plan.id}起草的草案",
    )
    return Draft(plan=draft, lines=lines)


def _base_observation(
    plan: Plan, ind: Indicator, base_year: int, given: Any
) -> tuple[Observation | None, list[str]]:
    """The base observation as the draft records it, and its flags."""
    if given is not None:
        if isinstance(given, Observation):
            obs = attrs.evolve(given, indicator=ind.id)
            if obs.period.is_partial or obs.period.is_span or obs.period.year > base_year:
                raise DraftError(
                    "base_values",
                    ind.id,
                    str(obs.period),
                    Message("evaluation.draft_error.base_whole_year", year=base_year),
                )
        elif isinstance(given, pint.Quantity) and given._REGISTRY is ureg:
            obs = Observation(
                indicator=ind.id,
                period=Period(base_year),
                value=given,
                status=ObservationStatus.ESTIMATE,
                source=GIVEN_BASE,
            )
        else:
            raise DraftError(
                "base_values", ind.id, given, Message("evaluation.draft_error.not_a_quantity")
            )
        if not obs.unit_stated and not is_bare(1 * ind.unit):
            raise DraftError(
                "base_values", ind.id, obs.value, Message("evaluation.draft_error.no_unit")
            )
        if not as_quantity(obs.value).is_compatible_with(ind.unit):
            raise DraftError(
                "base_values",
                ind.id,
                obs.value,
                Message(
                    "evaluation.draft_error.unit_incompatible",
                    indicator=ind.id,
                    unit=format_quantity(1 * ind.unit)[1:],
                ),
            )
        flags = ["given_base"]
    else:
        usable, _ = candidates(ind, plan.observations_for(ind.id))
        whole = [c for c in usable if not c.observation.period.is_partial]
        pick = pick_latest(whole, [], base_year)
        if pick.observation is None:
            return None, ["no_base"]
        old = pick.observation
        source = f"{PREVIOUS_PLAN}：{old.source}" if old.source else PREVIOUS_PLAN
        obs = attrs.evolve(old, source=source)
        flags = []
    if obs.status is ObservationStatus.ESTIMATE:
        flags.append("estimate")
    elif obs.status is ObservationStatus.PRELIMINARY:
        flags.append("preliminary")
    if obs.comparator is not Comparator.EQ:
        flags.append("bound")
    if obs.period.year < base_year:
        flags.append("stale_base")
    return obs, flags


def _draft_indicator(
    ind: Indicator,
    obs: Observation | None,
    base: AnyQuantity | None,
    flags: list[str],
    *,
    end_year: int,
    base_year: int,
    rate: Any,
    target: Any,
    default_rate: AnyQuantity | None,
) -> tuple[list[Target], DraftLine]:
    linear = ind.growth is GrowthMode.LINEAR
    share = bool(ind.unit.dimensionless) and ind.unit != ureg.dimensionless
    lower = ind.direction is Direction.LOWER
    level_cmp = Comparator.LE if lower else Comparator.GE
    head: Message
    if obs is not None and base is not None:
        head = Message(
            "evaluation.draft.head",
            name=ind.name,
            indicator=ind.id,
            year=obs.period.year,
            base=_show(base),
            flags=_base_flags(obs, flags),
            stale=Message("evaluation.draft.stale", year=base_year)
            if "stale_base" in flags
            else "",
        )
    else:
        head = Message("evaluation.draft.no_base", name=ind.name, indicator=ind.id)
    line: dict[str, Any] = {"indicator": ind.id, "name": ind.name, "base": base}
    line["base_year"] = obs.period.year if obs is not None else None

    if rate is None and target is None and default_rate is not None:
        if linear or lower:
            flags.append("not_for_default")
        elif base is not None and base.magnitude > 0:
            rate = default_rate
            flags.append("default_rate")
    if rate is None and target is None:
        if "not_for_default" in flags:
            why = Message("evaluation.draft.default_not_used", head=head)
        else:
            why = Message("evaluation.draft.no_target", head=head)
        return [], DraftLine(method="none", flags=flags, text=why, **line)

    if target is not None:
        return _from_target(ind, base, flags, target, end_year, base_year, head, line)

    # (a) a chosen rate gives the level.
    if base is None:
        raise DraftError(
            "rates",
            ind.id,
            rate,
            Message("evaluation.draft_error.no_base", indicator=ind.id),
        )
    years = end_year - line["base_year"]
    if linear:
        per_year = _change(ind, rate)
        level = _linear_level(ind, base, per_year, years)
        if not share and level.magnitude < 0 and base.magnitude >= 0:
            raise DraftError(
                "rates",
                ind.id,
                rate,
                Message("evaluation.draft_error.below_zero", indicator=ind.id),
            )
    else:
        per_year = _percent("rates", ind.id, rate)
        if base.magnitude <= 0:
            raise DraftError(
                "rates",
                ind.id,
                rate,
                Message("evaluation.draft_error.base_not_positive", indicator=ind.id),
            )
        level = implied_level(base, per_year, years)
    words = _rate_words(per_year, linear, share)
    if magnitude_problem(float(level.magnitude)) is not None:  # past the range a plan may hold
        flags.append("cannot_compute")
        why = Message("evaluation.draft.cannot_compute", head=head, rate=words, year=end_year)
        return [], DraftLine(method="none", flags=flags, text=why, **line)
    level = Quantity(_round_level(float(level.magnitude)), ind.unit)
    text = f"按{words.zh}推算：{_show(base)}→{_show(level)}"
    out: list[Target] = [
        LevelTarget(indicator=ind.id, year=end_year, value=level, comparator=level_cmp, text=text)
    ]
    from_year = line["base_year"]
    if not linear:
        out.append(
            _growth_target(ind, per_year, end_year, from_year, base_year, level_cmp, words.zh)
        )
        _reduction_flag(per_year, flags)
    else:
        out += _change_target(ind, base, level, end_year, from_year, base_year, level_cmp, text)
    said = Message(
        "evaluation.draft.by_rate", head=head, rate=words, year=end_year, level=_show(level)
    )
    return _drafted(ind, out, flags, line, method="rate", rate=per_year, level=level, text=said)


def _from_target(
    ind: Indicator,
    base: AnyQuantity | None,
    flags: list[str],
    target: Any,
    end_year: int,
    base_year: int,
    head: Message,
    line: dict[str, Any],
) -> tuple[list[Target], DraftLine]:
    """(b) a chosen level gives the implied rate."""
    ok = isinstance(target, pint.Quantity) and (not is_bare(target) or is_bare(1 * ind.unit))
    if not ok or not target.is_compatible_with(ind.unit):
        raise DraftError(
            "targets",
            ind.id,
            target,
            Message(
                "evaluation.draft_error.expected_level",
                unit=format_quantity(1 * ind.unit)[1:]
                or Message("evaluation.draft_error.dimensionless"),
            ),
        )
    linear = ind.growth is GrowthMode.LINEAR
    share = bool(ind.unit.dimensionless) and ind.unit != ureg.dimensionless
    level_cmp = Comparator.LE if ind.direction is Direction.LOWER else Comparator.GE
    level = to_unit(target, ind.unit)
    if linear and not share and level.magnitude < 0:
        raise DraftError(
            "targets", ind.id, target, Message("evaluation.draft_error.level_below_zero")
        )
    out: list[Target] = []
    rate = None
    years = end_year - line["base_year"] if base is not None else 0
    tail: Message | str = ""
    text = f"目标{format_quantity(target)}"
    if base is None:
        pass
    elif not linear and base.magnitude <= 0:
        flags.append("zero_base")
        tail = Message("evaluation.draft.zero_base")
    else:
        rate = (
            _linear_rate(ind, base, level, years) if linear else required_cagr(base, level, years)
        )
        if math.isfinite(rate.magnitude):
            words = _rate_words(rate, linear, share)
            tail = Message("evaluation.draft.needs", rate=words)
            text += f"（需{words.zh}）"
        else:  # 1e-300 to 1e18: a rate past a float
            rate = None
            flags.append("cannot_compute")
            tail = Message("evaluation.draft.rate_cannot_compute")
    out.append(
        LevelTarget(indicator=ind.id, year=end_year, value=target, comparator=level_cmp, text=text)
    )
    if rate is not None and linear:
        from_year = line["base_year"]
        assert base is not None
        out += _change_target(ind, base, level, end_year, from_year, base_year, level_cmp, text)
    if rate is not None and not linear:
        rounded = Quantity(round(float(rate.to("percent").magnitude), 2), "percent")
        if rounded.magnitude == 0:
            rounded = Quantity(0.0, "percent")
        derived = f"按目标{format_quantity(target)}反推：{_rate_words(rounded, False, False).zh}"
        from_year = line["base_year"]
        out.append(_growth_target(ind, rounded, end_year, from_year, base_year, level_cmp, derived))
        _reduction_flag(rounded, flags)
    said = Message(
        "evaluation.draft.by_target", head=head, year=end_year, level=_show(level), tail=tail
    )
    return _drafted(ind, out, flags, line, method="target", rate=rate, level=level, text=said)


def _growth_target(
    ind: Indicator,
    rate: AnyQuantity,
    end_year: int,
    from_year: int,
    base_year: int,
    level_cmp: Comparator,
    words: str,
) -> GrowthTarget:
    """A GrowthTarget for a rate ≥ 0, else a ReductionTarget of its size (mirrored comparator).

    ``from_year`` is the base value's year; the target names it only when it is not the
    draft's ``base_year``.
    """
    kwargs: dict[str, Any] = {
        "indicator": ind.id,
        "year": end_year,
        "text": words,
        "base_year": None if from_year == base_year else from_year,
    }
    if rate.magnitude < 0:
        return ReductionTarget(rate=_abs(rate), comparator=_MIRROR[level_cmp], **kwargs)
    return GrowthTarget(rate=rate, comparator=level_cmp, **kwargs)


def _change_target(
    ind: Indicator,
    base: AnyQuantity,
    level: AnyQuantity,
    end_year: int,
    from_year: int,
    base_year: int,
    level_cmp: Comparator,
    words: str,
) -> list[Target]:
    """A linear indicator's whole change from its base value to ``level`` as a ChangeTarget
    (in 百分点 for a share), judged as the level target is; none when there is no change.

    ``from_year`` is the base value's year; the target names it only when it is not the
    draft's ``base_year``.
    """
    share = bool(ind.unit.dimensionless) and ind.unit != ureg.dimensionless
    by: AnyQuantity = pp_change(base, level) if share else to_unit(level - base, ind.unit)
    magnitude = float(f"{float(by.magnitude):.10g}")  # without float noise (4.1 − 3.4)
    if magnitude == 0 or not math.isfinite(magnitude):
        return []
    return [
        ChangeTarget(
            indicator=ind.id,
            year=end_year,
            by=Quantity(magnitude, by.units),
            base_year=None if from_year == base_year else from_year,
            # the change's comparator is on its size: a fall of at least… is a level at most…
            comparator=level_cmp if magnitude > 0 else level_cmp.mirrored,
            text=words,
        )
    ]


def _reduction_flag(rate: AnyQuantity, flags: list[str]) -> None:
    if rate.magnitude < 0:
        flags.append("reduction")


def _drafted(
    ind: Indicator,
    out: list[Target],
    flags: list[str],
    line: dict[str, Any],
    *,
    method: str,
    rate: AnyQuantity | None,
    level: AnyQuantity,
    text: Message,
) -> tuple[list[Target], DraftLine]:
    """One indicator's draft: its targets and its line, flagged when beyond the limit."""
    _limit_flag(ind, level, flags)
    return out, DraftLine(method=method, rate=rate, level=level, flags=flags, text=text, **line)


def _limit_flag(ind: Indicator, level: AnyQuantity, flags: list[str]) -> None:
    if ind.limit is None:
        return
    limit = to_unit(ind.limit, ind.unit)
    if level.magnitude > limit.magnitude:
        flags.append("beyond_limit")
