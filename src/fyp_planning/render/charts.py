"""Charts of a plan's results as static SVG: bullets, trends, a verdict summary, the review of
the predecessor plan and chain completeness.

Every chart is drawn from finished results — :class:`~fyp_planning.Assessment`,
:class:`~fyp_planning.ReviewRow`, :class:`~fyp_planning.ChainAnalysis` — and never judges
anything itself: the bars are the numbers those results hold, in the indicator's unit. The one
exception is the trend line, which draws observations (the predecessor's, the plan's and the
ones given), one point a year, chosen as the evaluation chooses (a whole year over a part of
one, then actual over preliminary over estimate, then the later statement).

The SVG is hand-written and self-contained: no script, style sheet, font file, image or link
(its only URI is the SVG namespace); Chinese stays text (``<text>`` with the common Chinese UI
fonts, then ``sans-serif``), and every string taken from a plan goes through
:func:`~fyp_planning.render.escape.xml_text`. Charts are at most 680 px wide with text of at
least 12 px, so that on an A4 page (about 700 px between the margins) no text is smaller than
9 pt. A value that is not there is drawn as missing — no bar, and the words 无数据 — never as a
bar that did not move.

Examples:
    >>> import xml.etree.ElementTree as ET
    >>> import fyp_planning as fp
    >>> plan = fp.load("dongkou")
    >>> later = fp.load_observations("docs/examples/dongkou-observations-2021-2023.csv", plan)
    >>> svg = fp.verdict_chart(fp.assess(plan, observations=later))
    >>> ET.fromstring(svg).tag, "数据不足" in svg
    ('{http://www.w3.org/2000/svg}svg', True)
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from ..chains.results import ChainAnalysis
from ..errors import UnitMismatchError
from ..evaluation import Assessment, ReviewRow, Verdict
from ..evaluation._data import Candidate, candidates, plan_label
from ..evaluation._format import short
from ..model.enums import Measure, ObservationStatus, SegmentStatus
from ..model.indicator import measure_of
from ..model.observation import Observation
from ..model.plan import Plan
from ..model.targets import RateTarget
from ..units import AnyQuantity, Quantity, format_unit
from .chains import STATUS_COLOURS
from .escape import xml_text
from .svg import Svg

if TYPE_CHECKING:
    from .report import ReportData

__all__ = [
    "BULLET_ROWS",
    "VERDICT_COLOURS",
    "ReportCharts",
    "bullet_chart",
    "completeness_chart",
    "report_charts",
    "review_chart",
    "trend_chart",
    "verdict_chart",
]

#: The bar colour and text colour of each verdict, greens for met or on pace, amber for
#: moderate, orange and red for behind or moving away, grey for no verdict.
VERDICT_COLOURS: dict[Verdict, tuple[str, str]] = {
    Verdict.ACHIEVED: ("#1b5e20", "#1b5e20"),
    Verdict.SUBSTANTIAL: ("#43a047", "#2e7d32"),
    Verdict.ON_TRACK: ("#43a047", "#2e7d32"),
    Verdict.MODERATE: ("#f9a825", "#8a5a00"),
    Verdict.FAIR: ("#f9a825", "#8a5a00"),
    Verdict.LIMITED: ("#ef6c00", "#b34700"),
    Verdict.POOR: ("#ef6c00", "#b34700"),
    Verdict.DETERIORATION: ("#c62828", "#b71c1c"),
    Verdict.INSUFFICIENT_DATA: ("#b0bec5", "#546e7a"),
}

#: The width of every chart but the trend lines (two of which sit side by side).
WIDTH = 680
TREND_WIDTH = 330
_FONT = (
    'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, '
    'WenQuanYi Micro Hei, sans-serif"'
)
_INK, _MUTED, _TRACK = "#1f2933", "#52606d", "#eef1f4"
_MET, _MISSED, _UNKNOWN = "#43a047", "#c62828", "#b0bec5"
_NO_DATA = "无数据"


# -- drawing helpers -------------------------------------------------------------------------
def _width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at ``size`` px: CJK characters are square, others
    about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in text)


def _fit(text: str, size: float, room: float) -> str:
    """``text`` cut to ``room`` px, ending in … when cut (the whole text is in a tooltip)."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _text(x: float, y: float, text: object, size: int = 12, **attrs_: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs_.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{xml_text(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, **attrs_: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs_.items())
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" '
        f'fill="{fill}"{extra}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, **attrs_: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs_.items())
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"{extra}/>'
    )


def _svg(width: float, height: float, label: str, body: Iterable[str]) -> str:
    """A standalone SVG element: white ground, the Chinese font list, ``role="img"`` and its
    label for screen readers."""
    return Svg(
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
                f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{xml_text(label)}" '
                f'{_FONT} fill="{_INK}">',
                f"<title>{xml_text(label)}</title>",
                _rect(0, 0, width, height, "#ffffff"),
                *body,
                "</svg>",
            ]
        )
    )


def _magnitude(value: AnyQuantity | None) -> float | None:
    if value is None:
        return None
    number = float(value.magnitude)
    return number if math.isfinite(number) else None


class _Scale:
    """Values onto ``[left, right]`` px, from ``min(0, values)`` to a little past the largest."""

    def __init__(self, values: Iterable[float], left: float, right: float) -> None:
        found = list(values)
        self.low = min([0.0, *found])
        high = max([0.0, *found])
        self.high = high + 0.06 * (high - self.low) if high > self.low else self.low + 1
        self.left, self.right = left, right

    def __call__(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return self.left + min(max(share, 0.0), 1.0) * (self.right - self.left)


def _has_latest(a: Assessment) -> bool:
    """Whether the assessment has a value later than its baseline (else: no data, not 'no
    change' — the latest value of an assessment without progress data repeats the baseline)."""
    return (
        a.latest is not None
        and a.latest_value is not None
        and "no_progress_data" not in a.flags
        and a.latest is not a.baseline
    )


def _status_note(obs: Observation) -> str:
    said = [] if obs.status is ObservationStatus.ACTUAL else [obs.status.label]
    return f"（{'，'.join(said)}）" if said else ""


def _when(obs: Observation) -> str:
    return f"{obs.period}" if obs.period.is_partial else f"{obs.period}年"


# -- verdict summary -------------------------------------------------------------------------
def _order(verdict: Verdict) -> tuple[bool, int]:
    """Best first, no verdict last."""
    return (verdict is Verdict.INSUFFICIENT_DATA, -verdict.rank)


def verdict_chart(assessments: Iterable[Assessment]) -> str:
    """How many targets have each verdict: one stacked bar, best first and 数据不足 last, with
    a legend that counts every verdict present.

    Args:
        assessments: The assessments to count (one per target: the report gives its rows, a
            target the document states twice counted once).

    Returns:
        An SVG element; ``""`` when there are no assessments.

    Examples:
        >>> from fyp_planning import Assessment, Verdict, verdict_chart
        >>> rows = [Assessment(indicator=f"i{n}", target=None, method="opensdg", verdict=v)
        ...         for n, v in enumerate([Verdict.MODERATE, Verdict.MODERATE,
        ...                                Verdict.INSUFFICIENT_DATA])]
        >>> svg = verdict_chart(rows)
        >>> "进展中等 2" in svg, "数据不足 1" in svg
        (True, True)
    """
    counts: dict[Verdict, int] = {}
    for a in assessments:
        counts[a.verdict] = counts.get(a.verdict, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    found = sorted(counts, key=_order)
    judged = total - counts.get(Verdict.INSUFFICIENT_DATA, 0)
    title = f"{total}个目标的评价：{judged}个有评价，{total - judged}个数据不足"
    out = [_text(0, 16, title, 13, font_weight="bold")]
    x, top, bar_h = 0.0, 26.0, 26.0
    for v in found:
        w = WIDTH * counts[v] / total
        fill, _ = VERDICT_COLOURS[v]
        out.append(
            f"<g><title>{xml_text(f'{v.label} {counts[v]}')}</title>"
            + _rect(x, top, w, bar_h, fill, stroke="#ffffff", stroke_width="1")
            + "</g>"
        )
        if w >= 24:
            ink = "#ffffff" if v.rank >= 0 and fill not in ("#f9a825",) else _INK
            out.append(
                _text(
                    x + w / 2,
                    top + 18,
                    counts[v],
                    13,
                    text_anchor="middle",
                    fill=ink,
                    font_weight="bold",
                )
            )
        x += w
    lx, ly = 0.0, top + bar_h + 22
    for v in found:
        fill, ink = VERDICT_COLOURS[v]
        said = f"{v.label} {counts[v]}"
        room = 16 + _width(said, 12) + 18
        if lx + room > WIDTH:
            lx, ly = 0.0, ly + 20
        out.append(_rect(lx, ly - 10, 12, 12, fill))
        out.append(_text(lx + 16, ly, said, 12, fill=ink))
        lx += room
    return _svg(WIDTH, ly + 8, title, out)


# -- bullet chart ----------------------------------------------------------------------------
_ROW = 50
_LABEL_W = 218
_BAR_L, _BAR_R = 226.0, 500.0
_RIGHT = 510.0


def _required_level(a: Assessment) -> float | None:
    """Where the indicator should stand at the latest value's time to be on pace: the
    baseline carried towards the target at the method's required rate — linear (a change per
    year) or compound, as :attr:`Assessment.required_rate` is — over the share of the span
    elapsed (:attr:`Assessment.elapsed`). ``None`` when either is unknown."""
    base, goal = _magnitude(a.baseline_value), _magnitude(a.target_value)
    if a.required_rate is None or a.elapsed is None or base is None or goal is None:
        return None
    if dict(a.required_rate.unit_items()).get("year", 0) == -1:  # a change per year
        return base + (goal - base) * a.elapsed
    if base <= 0 or goal <= 0:
        return None
    return float(base * (goal / base) ** a.elapsed)


def _drawable(a: Assessment) -> bool:
    return a.target is not None and (a.baseline_value is not None or _has_latest(a))


def bullet_chart(rows: Iterable[tuple[str, Assessment]], *, title: str = "") -> str:
    """One bullet per target: baseline → latest → target on one bar, worst verdict first.

    Each row has its own scale, from zero (or the lowest value) to a little past the largest
    value: a grey bar to the baseline, a narrower bar in the verdict's colour to the latest
    value, a black tick at the target level and a dashed tick where the indicator should be by
    the latest value's time (the baseline carried towards the target at the required rate).
    A target without a value after its baseline has no latest bar and says 无数据; targets
    with neither a baseline nor a later value are left out and counted under the chart.

    Args:
        rows: ``(indicator name, assessment)`` pairs, as the report's progress rows.
        title: The chart's title (default: 目标进展：基期 → 最新 → 目标).

    Returns:
        An SVG element; ``""`` when there is no row.

    Examples:
        >>> import xml.etree.ElementTree as ET
        >>> from fyp_planning import Assessment, LevelTarget, Verdict, bullet_chart
        >>> from fyp_planning import Observation, Period, parse_quantity as q
        >>> base = Observation(indicator="firms", period=Period(2020), value=q("100家"))
        >>> a = Assessment(indicator="firms", method="opensdg", verdict=Verdict.INSUFFICIENT_DATA,
        ...                target=LevelTarget(indicator="firms", year=2025, value=q("120家")),
        ...                baseline=base, latest=base, baseline_value=q("100家"),
        ...                latest_value=q("100家"), target_value=q("120家"),
        ...                flags=["no_progress_data"])
        >>> svg = bullet_chart([("规模以上企业", a)])
        >>> "无数据" in svg, [r.get("class") for r in ET.fromstring(svg).iter()
        ...                    if r.get("class", "").startswith("latest")]
        (True, [])
    """
    given = list(rows)
    drawn = [(name, a) for name, a in given if _drawable(a)]
    left_out = len(given) - len(drawn)
    if not drawn:
        return ""
    drawn.sort(key=lambda row: (row[1].verdict is Verdict.INSUFFICIENT_DATA, row[1].verdict.rank))
    title = title or "目标进展：基期 → 最新 → 目标"
    out = [_text(0, 16, f"{title}（每行按自身数值比例）", 13, font_weight="bold")]
    # the legend names the marks drawn
    legend = [(_rect(0, 31, 26, 12, "#cfd8dc"), "基期值", 30)]
    if any(_has_latest(a) for _, a in drawn):
        bar = _rect(0, 34, 26, 6, VERDICT_COLOURS[Verdict.MODERATE][0])
        legend.append((bar, "最新值（颜色为评价）", 30))
    legend.append((_line(1, 28, 1, 44, "#000000", stroke_width="2.5"), "目标", 6))
    if any(_required_level(a) is not None and _has_latest(a) for _, a in drawn):
        tick = _line(1, 28, 1, 44, "#37474f", stroke_width="1.5", stroke_dasharray="3,2")
        legend.append((tick, "按期应达", 6))
    x = 0.0
    for mark, said, gap in legend:
        out.append(f'<g transform="translate({x:.1f},0)">{mark}{_text(gap, 41, said)}</g>')
        x += gap + _width(said, 12) + 16
    top = 54.0
    for i, (name, a) in enumerate(drawn):
        out.append(_bullet_row(top + i * _ROW, name, a))
    height = top + len(drawn) * _ROW
    if left_out:
        note = f"另有{left_out}个目标既无基期值也无最新值，未绘制。"
        out.append(_text(0, height + 14, note, 12, fill=_MUTED))
        height += 22
    return _svg(WIDTH, height + 4, title, out)


def _bullet_row(y: float, name: str, a: Assessment) -> str:
    assert a.target is not None
    base, goal = _magnitude(a.baseline_value), _magnitude(a.target_value)
    latest = _magnitude(a.latest_value) if _has_latest(a) else None
    path = _required_level(a) if latest is not None else None
    scale = _Scale([v for v in (base, goal, latest, path) if v is not None], _BAR_L, _BAR_R)
    fill, ink = VERDICT_COLOURS[a.verdict]
    target = f"{a.target.describe()}（{a.target.year}年）"
    tip = f"{name}：{target}；{a.explain()}"
    parts = [f'<g class="bullet {a.verdict.value}"><title>{xml_text(tip)}</title>']
    parts.append(_text(0, y + 14, _fit(name, 13, _LABEL_W), 13, font_weight="bold"))
    parts.append(_text(0, y + 32, _fit(target, 12, _LABEL_W), 12, fill=_MUTED))
    parts.append(_rect(_BAR_L, y + 2, _BAR_R - _BAR_L, 22, _TRACK))
    zero = scale(0.0)
    if base is not None:
        x0, x1 = sorted((zero, scale(base)))
        parts.append(_rect(x0, y + 5, x1 - x0, 16, "#cfd8dc", class_="baseline"))
    if latest is not None:
        x0, x1 = sorted((zero, scale(latest)))
        parts.append(_rect(x0, y + 9, x1 - x0, 8, fill, class_="latest"))
    if path is not None:
        x = scale(path)
        parts.append(
            _line(
                x,
                y + 1,
                x,
                y + 25,
                "#37474f",
                stroke_width="1.5",
                stroke_dasharray="3,2",
                class_="required",
            )
        )
    if goal is not None:
        x = scale(goal)
        parts.append(_line(x, y, x, y + 27, "#000000", stroke_width="2.5", class_="target"))
    if a.baseline is not None and a.baseline_value is not None:
        where = [_when(a.baseline)]
        if a.baseline.status is not ObservationStatus.ACTUAL:
            where.append(a.baseline.status.label)
        if a.baseline_origin:
            where.append(f"取自{a.baseline_origin}")
        said = f"基期 {short(a.baseline_value)}（{'，'.join(where)}）"
        parts.append(_text(_BAR_L, y + 40, _fit(said, 12, _BAR_R - _BAR_L), 12, fill=_MUTED))
    parts.append(_text(_RIGHT, y + 14, a.verdict.label, 12, fill=ink, font_weight="bold"))
    if latest is not None and a.latest is not None:
        said = f"{_when(a.latest)} {short(a.latest_value)}{_status_note(a.latest)}"
        parts.append(_text(_RIGHT, y + 32, _fit(said, 12, WIDTH - _RIGHT), 12))
    else:
        parts.append(_text(_RIGHT, y + 32, f"最新：{_NO_DATA}", 12, fill=_MUTED, class_="no-data"))
    parts.append("</g>")
    return "".join(parts)


# -- trend lines -----------------------------------------------------------------------------
@attrs.frozen
class _Point:
    year: float
    value: float
    observation: Observation
    joined: bool  # on the line (a flow's part-year value is not)

    @property
    def firm(self) -> bool:
        """A final whole-year figure: a filled marker and solid lines."""
        obs = self.observation
        return obs.status is ObservationStatus.ACTUAL and not obs.period.is_partial


def _series(plan: Plan, indicator: str, observations: Iterable[Observation]) -> list[_Point]:
    """One point a year: the predecessor's values of the same indicator, the plan's, then the
    given observations (later ones win ties), chosen as the evaluation chooses."""
    ind = plan.indicator(indicator)
    found: list[Observation] = []
    before = plan.predecessor
    if before is not None:
        same = [
            b
            for b in before.indicators
            if b.id == ind.id or (b.standard is not None and b.standard == ind.standard)
        ]
        for old in same[:1]:
            found += [attrs.evolve(o, indicator=ind.id) for o in before.observations_for(old.id)]
    found += plan.observations_for(ind.id)
    found += [o for o in observations if o.indicator == ind.id]
    try:
        usable, _ = candidates(ind, found)  # values without a stated unit are left out
    except UnitMismatchError:
        return []
    flow = measure_of(ind) is Measure.FLOW
    by_year: dict[int, list[Candidate]] = {}
    for c in usable:
        by_year.setdefault(c.observation.period.year, []).append(c)
    points = []
    for year, pool in sorted(by_year.items()):
        best = max(pool, key=Candidate.rank)
        value = _magnitude(best.value)
        if value is None:
            continue
        partial = best.observation.period.is_partial
        points.append(_Point(year, value, best.observation, joined=not (flow and partial)))
    return points


def _ticks(low: float, high: float) -> list[float]:
    """Two to five round values between ``low`` and ``high``."""
    span = high - low
    if span <= 0:
        return [low]
    step = 10 ** math.floor(math.log10(span / 3))
    for k in (1, 2, 5, 10):
        if span / (step * k) <= 5:
            step *= k
            break
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def _tick_text(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def trend_chart(
    plan: Plan,
    indicator: str,
    *,
    observations: Iterable[Observation] = (),
    assessments: Iterable[Assessment] = (),
) -> str:
    """An indicator's values over the years, the predecessor plan's and this plan's together.

    A filled dot is a final whole-year value; a hollow dot, reached by a dashed line, is an
    estimate (预计), a preliminary value (初步) or part of a year (a flow's part-year value is
    no level: it stays off the line). The plan's period is shaded; each target of
    ``assessments`` is a diamond at its year and level (a target for several years, 每年≥8%, a
    dashed line over those years), and the targets are named under the title.

    Args:
        plan: The plan.
        indicator: The indicator's id.
        observations: Observations besides the plans' own (as given to the report).
        assessments: Assessments whose targets to mark (others' are ignored).

    Returns:
        An SVG element; ``""`` when fewer than three years have a value.

    Examples:
        >>> import fyp_planning as fp
        >>> plan = fp.load("dongkou")
        >>> later = fp.load_observations("docs/examples/dongkou-observations-2021-2023.csv", plan)
        >>> svg = fp.trend_chart(plan, "industrial_output", observations=later,
        ...                      assessments=fp.assess(plan, observations=later))
        >>> "工业总产值" in svg, "≥300亿元（2025年）" in svg, fp.trend_chart(plan, "industrial_output")
        (True, True, '')
    """
    points = _series(plan, indicator, observations)
    if len({p.year for p in points}) < 3:
        return ""
    ind = plan.indicator(indicator)
    marks = [a for a in assessments if a.indicator == indicator and a.target and a.target_value]
    years = [p.year for p in points] + [a.target.year for a in marks if a.target]
    first, last = min(years), max(years)
    values = [p.value for p in points] + [v for a in marks if (v := _magnitude(a.target_value))]
    w, h = TREND_WIDTH, 224
    left, right, top, bottom = 46.0, w - 14.0, 56.0, 174.0
    unit = format_unit(ind.unit)
    title = f"{ind.name}（{unit}）" if unit else ind.name
    goals = "；".join(
        dict.fromkeys(f"{a.target.describe()}（{a.target.year}年）" for a in marks if a.target)
    )

    def sx(year: float) -> float:
        return left + (year - first) / max(last - first, 1) * (right - left)

    low = min(0.0, *values)
    high = max(values)
    high += 0.08 * (high - low) if high > low else 1
    ticks = _ticks(low, high)

    def sy(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    out = [_text(0, 16, _fit(title, 13, w), 13, font_weight="bold")]
    if goals:
        out.append(_text(0, 33, _fit(f"目标：{goals}", 12, w), 12, fill=_MUTED))
    # the plan period, shaded and named; the predecessor's named where there is room
    p0, p1 = sx(max(plan.start_year - 0.5, first)), sx(min(plan.end_year + 0.5, last + 0.5))
    out.append(_rect(p0, top - 12, min(p1, right + 8) - p0, bottom - top + 12, "#eef4fb"))
    out.append(_text(p0 + 3, top - 1, plan_label(plan).removesuffix("规划"), 12, fill=_MUTED))
    if plan.predecessor is not None:
        name = plan_label(plan.predecessor).removesuffix("规划")
        if p0 - left >= _width(name, 12) + 6:
            out.append(_text(left, top - 1, name, 12, fill=_MUTED))
    for t in ticks:
        y = sy(t)
        out.append(_line(left, y, right, y, "#dde3e9", stroke_width="1"))
        out.append(_text(left - 4, y + 4, _tick_text(t), 12, text_anchor="end", fill=_MUTED))
    step = 1 if last - first <= 6 else 2 if last - first <= 12 else 5
    for year in range(int(first), int(last) + 1):
        if (year - first) % step == 0:
            out.append(_text(sx(year), bottom + 16, year, 12, text_anchor="middle", fill=_MUTED))
    # the targets: a diamond at the level and year (a dashed line over a rate target's years)
    for a in marks:
        assert a.target is not None
        level = _magnitude(a.target_value)
        if level is None:
            continue
        years_of = a.target.years if isinstance(a.target, RateTarget) else ()
        if len(years_of) > 1 or (isinstance(a.target, RateTarget) and not years_of):
            x0 = sx(max(min(years_of, default=plan.start_year), first))
            x1 = sx(min(max(years_of, default=plan.end_year), last))
            out.append(
                _line(
                    x0,
                    sy(level),
                    x1,
                    sy(level),
                    "#000000",
                    stroke_width="1.5",
                    stroke_dasharray="6,3",
                    class_="target",
                )
            )
            continue
        x, y = sx(a.target.year), sy(level)
        out.append(
            f'<polygon class="target" points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} '
            f'{x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}" fill="#000000"/>'
        )
    # the line: solid between final values, dashed into or out of the others
    joined = [p for p in points if p.joined]
    for a_, b in itertools.pairwise(joined):
        dash = {} if a_.firm and b.firm else {"stroke_dasharray": "4,3"}
        out.append(
            _line(
                sx(a_.year),
                sy(a_.value),
                sx(b.year),
                sy(b.value),
                "#0b5394",
                stroke_width="2",
                **dash,
            )
        )
    for p in points:
        obs = p.observation
        tip = f"{_when(obs)} {short(Quantity(p.value, ind.unit))}{_status_note(obs)}"
        fill = "#0b5394" if p.firm else "#ffffff"
        kind = "firm" if p.firm else "soft"
        out.append(
            f'<g class="point {kind}"><title>{xml_text(tip)}</title>'
            f'<circle cx="{sx(p.year):.1f}" cy="{sy(p.value):.1f}" r="4" fill="{fill}" '
            f'stroke="#0b5394" stroke-width="2"/></g>'
        )
    end = joined[-1] if joined else points[-1]
    said = f"{short(Quantity(end.value, ind.unit))}{_status_note(end.observation)}"
    x, y = sx(end.year), sy(end.value)
    before = [p for p in joined if p.year < end.year]
    rising = bool(before) and before[-1].value <= end.value
    if x + 6 + _width(said, 12) <= w:
        out.append(_text(x + 6, y + 16, said, 12))
    else:  # left of the point, on the side the line does not come from
        out.append(_text(x - 6, y - 10 if rising else y + 18, said, 12, text_anchor="end"))
    # legend
    ly = h - 12
    out += [
        f'<circle cx="6" cy="{ly - 4}" r="4" fill="#0b5394" stroke="#0b5394" stroke-width="2"/>',
        _text(14, ly, "实际"),
        f'<circle cx="50" cy="{ly - 4}" r="4" fill="#ffffff" stroke="#0b5394" stroke-width="2"/>',
        _text(58, ly, "预计／初步／部分年度"),
        f'<polygon points="194,{ly - 10} 200,{ly - 4} 194,{ly + 2} 188,{ly - 4}" fill="#000000"/>',
        _text(204, ly, "目标"),
    ]
    return _svg(w, h, f"{title}趋势", out)


# -- review of the previous plan -------------------------------------------------------------
_OUTCOME = {"exceeded": "超额完成", "met": "完成", "missed": "未完成"}


def review_chart(rows: Iterable[ReviewRow]) -> str:
    """Target against actual for each target of a finished plan: the end value as a share of
    the target level (a line at 100 %), green when met, red when missed, no bar (无数据) when
    there is no end value or no target level.

    For a ceiling (≤) a share under 100 % is met; the colour says which.

    Args:
        rows: The review's rows (:func:`~fyp_planning.review`).

    Returns:
        An SVG element; ``""`` when there is no row.

    Examples:
        >>> from fyp_planning import LevelTarget, ReviewRow, parse_quantity as q, review_chart
        >>> row = ReviewRow(indicator="output", name="工业总产值", year=2020,
        ...                 target=LevelTarget(indicator="output", year=2020, value=q("200亿元")),
        ...                 target_value=q("200亿元"), actual_value=q("198亿元"), achieved=False)
        >>> svg = review_chart([row])
        >>> "99%" in svg, "未完成" in svg
        (True, True)
    """
    given = list(rows)
    if not given:
        return ""
    shares: list[float | None] = []
    for r in given:
        actual, goal = _magnitude(r.actual_value), _magnitude(r.target_value)
        shares.append(100 * actual / goal if actual is not None and goal else None)
    top_share = max([120.0, *(s for s in shares if s is not None)])
    top_share = min(top_share, 200.0)
    left, right = _BAR_L, _BAR_R
    scale = _Scale([0.0, top_share], left, right)
    scale.high = top_share
    title = "上一规划目标完成情况（期末实际值占目标值）"
    out = [_text(0, 16, title, 13, font_weight="bold")]
    y100 = scale(100.0)
    out.append(_text(y100, 38, "100%", 12, text_anchor="middle", fill=_MUTED))
    top = 46.0
    for i, (r, share) in enumerate(zip(given, shares, strict=True)):
        y = top + i * _ROW
        colour = _UNKNOWN if r.achieved is None else _MET if r.achieved else _MISSED
        tip = f"{r.name}：{'；'.join(r.cells()[1:])}"
        parts = [f'<g class="review {r.outcome or "unknown"}"><title>{xml_text(tip)}</title>']
        parts.append(_text(0, y + 14, _fit(r.name, 13, _LABEL_W), 13, font_weight="bold"))
        target = f"{r.target.describe()}（{r.year}年）"
        parts.append(_text(0, y + 32, _fit(target, 12, _LABEL_W), 12, fill=_MUTED))
        parts.append(_rect(left, y + 6, right - left, 24, _TRACK))
        if share is not None:
            end = scale(share)
            parts.append(_rect(left, y + 10, end - left, 16, colour, class_="actual"))
            if share > top_share:
                parts.append(_text(right - 4, y + 23, "»", 13, text_anchor="end", fill="#ffffff"))
        parts.append(_line(y100, y + 2, y100, y + 34, "#000000", stroke_width="2"))
        if share is not None:
            said = f"{share:.0f}%" if share >= 10 else f"{share:.1f}%"
            outcome = _OUTCOME.get(r.outcome or "", _NO_DATA)
            parts.append(
                _text(
                    _RIGHT,
                    y + 14,
                    f"{said} {outcome}",
                    12,
                    font_weight="bold",
                    fill=colour if colour != _UNKNOWN else _MUTED,
                )
            )
            said = f"{short(r.actual_value)} / {short(r.target_value)}"
            parts.append(_text(_RIGHT, y + 32, _fit(said, 12, WIDTH - _RIGHT), 12, fill=_MUTED))
        else:
            parts.append(_text(_RIGHT, y + 14, _NO_DATA, 12, fill=_MUTED, class_="no-data"))
        parts.append("</g>")
        out.append("".join(parts))
    return _svg(WIDTH, top + len(given) * _ROW + 4, title, out)


# -- chain completeness ----------------------------------------------------------------------
_STATUS_ORDER = (
    SegmentStatus.STRONG,
    SegmentStatus.PRESENT,
    SegmentStatus.WEAK,
    SegmentStatus.LINKED,
    SegmentStatus.MISSING,
)


def completeness_chart(analyses: Iterable[ChainAnalysis]) -> str:
    """Each chain's segments by status on one bar (强 / 已有 / 薄弱 / 链间供给 / 缺失, the chain
    map's colours), with the chain's completeness at the right; a chain without a reference
    template says so instead of a bar.

    Args:
        analyses: The chains' analyses (:func:`~fyp_planning.analyse_chains`).

    Returns:
        An SVG element; ``""`` when there is no chain.

    Examples:
        >>> import fyp_planning as fp
        >>> svg = fp.completeness_chart(fp.analyse_chains(fp.load("dongkou")))
        >>> "特色食品" in svg, "35.3%" in svg
        (True, True)
    """
    given = list(analyses)
    if not given:
        return ""
    title = "产业链完整度（各环节按本地企业情况）"
    out = [_text(0, 16, title, 13, font_weight="bold")]
    lx = 0.0
    for status in _STATUS_ORDER:
        fill, stroke = STATUS_COLOURS[status]
        dash = ' stroke-dasharray="3,2"' if status is SegmentStatus.MISSING else ""
        out.append(
            f'<rect x="{lx:.1f}" y="28" width="14" height="12" fill="{fill}" stroke="{stroke}"{dash}/>'
        )
        out.append(_text(lx + 18, 39, status.label))
        lx += 18 + _width(status.label, 12) + 16
    out.append(_text(WIDTH, 39, "完整度", 12, text_anchor="end", fill=_MUTED))
    name_w, bar_l, bar_r, row = 150.0, 156.0, 610.0, 30
    top = 50.0
    for i, an in enumerate(given):
        y = top + i * row
        counts = an.counts
        total = sum(counts.values())
        said = "；".join(f"{s.label}{counts[s.value]}" for s in _STATUS_ORDER)
        parts = [f'<g class="chain"><title>{xml_text(f"{an.name}：{said}")}</title>']
        parts.append(_text(0, y + 17, _fit(an.name, 13, name_w), 13, font_weight="bold"))
        if not total:
            parts.append(_text(bar_l, y + 17, "无参考模板，未分析", 12, fill=_MUTED))
            parts.append(_text(WIDTH, y + 17, "—", 12, text_anchor="end"))
            out.append("".join(parts) + "</g>")
            continue
        x = bar_l
        for status in _STATUS_ORDER:
            n = counts[status.value]
            if not n:
                continue
            w = (bar_r - bar_l) * n / total
            fill, stroke = STATUS_COLOURS[status]
            dash = ' stroke-dasharray="3,2"' if status is SegmentStatus.MISSING else ""
            parts.append(
                f'<rect class="{status.value}" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" '
                f'height="20" fill="{fill}" stroke="{stroke}"{dash}/>'
            )
            if w >= 16:
                parts.append(_text(x + w / 2, y + 19, n, 12, text_anchor="middle"))
            x += w
        done = an.completeness
        shown = f"{done:g}%" if done is not None else "—"
        parts.append(_text(WIDTH, y + 19, shown, 13, text_anchor="end", font_weight="bold"))
        out.append("".join(parts) + "</g>")
    return _svg(WIDTH, top + len(given) * row + 4, title, out)


# -- the report's charts ---------------------------------------------------------------------
#: The most rows one bullet chart of a report holds, so that each part fits on an A4 page.
BULLET_ROWS = 12


def _bullet_parts(
    rows: Sequence[tuple[str, Assessment]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The report's bullet charts: those of the judged targets, and those of the targets
    without a verdict, each in parts of :data:`BULLET_ROWS`; the rows with nothing to draw are
    counted under the last part."""
    drawn = [r for r in rows if _drawable(r[1])]
    judged = [r for r in drawn if r[1].verdict is not Verdict.INSUFFICIENT_DATA]
    waiting = [r for r in drawn if r[1].verdict is Verdict.INSUFFICIENT_DATA]
    chunks: list[tuple[list[tuple[str, Assessment]], str, bool]] = []
    for group, title, done in (
        (judged, "目标进展：基期 → 最新 → 目标", True),
        (waiting, "数据不足的目标：基期 → 目标", False),
    ):
        for n in range(0, len(group), BULLET_ROWS):
            chunks.append((group[n : n + BULLET_ROWS], title + ("（续）" if n else ""), done))
    if chunks:  # bullet_chart counts the rows it cannot draw under the chart
        chunks[-1][0].extend(r for r in rows if not _drawable(r[1]))
    drawn_parts = [(bullet_chart(chunk, title=title), done) for chunk, title, done in chunks]
    return (
        tuple(svg for svg, done in drawn_parts if done),
        tuple(svg for svg, done in drawn_parts if not done),
    )


@attrs.frozen(kw_only=True)
class ReportCharts:
    """The charts of a report, as SVG elements (``""`` where there is nothing to draw).

    Attributes:
        verdicts: :func:`~fyp_planning.verdict_chart` of the progress rows.
        bullets: :func:`~fyp_planning.bullet_chart` of the judged progress rows, in parts of
            at most :data:`BULLET_ROWS` rows that each fit on an A4 page.
        waiting: The same of the rows without data (数据不足), which the report folds with
            their table rows (on paper it lists their names only); the last part, of either,
            notes the rows with nothing to draw.
        trends: ``(indicator id, SVG)`` of each indicator with a target and three years or
            more of values (:func:`~fyp_planning.trend_chart`), in plan order.
        review: :func:`~fyp_planning.review_chart` of the review of the predecessor plan.
        completeness: :func:`~fyp_planning.completeness_chart` of the chains.
    """

    verdicts: str = ""
    bullets: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    trends: tuple[tuple[str, str], ...] = ()
    review: str = ""
    completeness: str = ""


def report_charts(data: ReportData, *, observations: Sequence[Observation] = ()) -> ReportCharts:
    """The charts of a report, from what :func:`~fyp_planning.build_report` computed.

    Args:
        data: The report's data.
        observations: The observations given to the report besides the plan's own.

    Examples:
        >>> import fyp_planning as fp
        >>> from fyp_planning.render.charts import report_charts
        >>> charts = report_charts(fp.build_report(fp.load("dongkou")))
        >>> charts.bullets, charts.review.startswith("<svg"), charts.completeness != ""
        ((), True, True)
    """
    progress = data.progress or ()
    found = [a for _, a in progress]
    trends = []
    if progress:
        targeted = dict.fromkeys(a.indicator for a in found if a.target is not None)
        for ind in data.plan.indicators:
            if ind.id not in targeted:
                continue
            svg = trend_chart(data.plan, ind.id, observations=observations, assessments=found)
            if svg:
                trends.append((ind.id, svg))
    bullets, waiting = _bullet_parts(progress)
    return ReportCharts(
        verdicts=verdict_chart(found),
        bullets=bullets,
        waiting=waiting,
        trends=tuple(trends),
        review=review_chart(data.review),
        completeness=completeness_chart(c.analysis for c in data.chains),
    )
