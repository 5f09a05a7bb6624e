"""Progress arithmetic on arrays, for :class:`~fyp_planning.PlanBatch` (private).

Two steps, so that the work that does not depend on ``as_of`` or the method is done once:

* :class:`Prepared` — from the gathered :class:`~._gather.Columns`: an index of the
  observations (for every indicator series and year, the observation the scalar rules pick:
  :func:`._data.preference`, :func:`._data.time_rank`), each row's baseline, its target level
  (the level a growth rate implies from the baseline), the rates required to reach it, and each
  year of a rate target scored;
* :func:`judge` — for one ``as_of`` and one method: the latest value of every row, then every
  branch of ``OpenSDGMethod.judge`` / ``UNSDMethod.judge`` on arrays (a method of another class
  gets its own ``judge`` called per row).

The arithmetic is that of the scalar path, operation for operation (``(end / start) ** (1 /
years) - 1`` then percent and back), so rates agree with :func:`~fyp_planning.assess` to the
last bit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._data import preference
from ._gather import GROWTH_ANNUAL, GROWTH_TOTAL, NO_TARGET, RATE, Columns
from .assessment import Verdict
from .methods import TOLERANCE, Method, OpenSDGMethod, Track, UNSDMethod

__all__ = ["CODE", "VERDICTS", "Prepared", "judge"]

VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
CODE = {v: i for i, v in enumerate(VERDICTS)}
_ACHIEVED, _INSUFFICIENT = CODE[Verdict.ACHIEVED], CODE[Verdict.INSUFFICIENT_DATA]
_SUBSTANTIAL, _MODERATE = CODE[Verdict.SUBSTANTIAL], CODE[Verdict.MODERATE]
_LIMITED, _DETERIORATION = CODE[Verdict.LIMITED], CODE[Verdict.DETERIORATION]
_ON_TRACK, _FAIR, _POOR = CODE[Verdict.ON_TRACK], CODE[Verdict.FAIR], CODE[Verdict.POOR]

_LOW32 = (1 << 32) - 1
#: Above this many (series × distinct years) cells the dense index would take gigabytes.
MAX_CELLS = 200_000_000


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _best_per_cell(cells: np.ndarray, keys: np.ndarray, size: int) -> np.ndarray:
    """For each cell, the observation with the highest key (keys end in the observation's
    position in their low 32 bits); -1 where a cell has none."""
    best = np.full(size, -1, dtype=np.int64)
    np.maximum.at(best, cells, keys)
    return np.where(best >= 0, best & _LOW32, -1)


def cagr(start: np.ndarray, end: np.ndarray, years: np.ndarray, pct: tuple[float, float]):
    """:func:`fyp_planning.cagr` as a fraction, with the same operations (percent and back)."""
    to_pct, from_pct = pct
    return ((end / start) ** (1.0 / years) - 1.0) * to_pct * from_pct


def meets(cmp: np.ndarray, value: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``_data.meets`` on arrays: the comparison, or equal within a relative 1e-9."""
    diff = np.abs(value - target)
    close = (value == target) | (
        (diff <= np.abs(TOLERANCE * target)) | (diff <= np.abs(TOLERANCE * value))
    )
    holds = np.where(cmp > 0, value >= target, np.where(cmp < 0, value <= target, value == target))
    return close | holds


class Prepared:
    """Everything about the rows that does not depend on ``as_of`` or the method."""

    def __init__(self, data: Columns) -> None:
        self.pct = data.units.percent_factors
        self._index(data)
        with np.errstate(all="ignore"):
            self._rows(data)
            self._rate_years(data)

    # -- the index of observations ----------------------------------------------------------
    def _index(self, d: Columns) -> None:
        """``at[g, j]``: the observation of series ``g`` the rules pick for the ``j``-th year
        observed; ``upto[g, j]``: the latest at or before that year."""
        n_groups = len(d.g_unit)
        self.value = _readonly(d.o_magnitude * d.o_factor)  # units applied once per column
        self.end = _readonly((d.o_year - 1).astype(np.float64) + d.o_last / 12)  # Period.end
        self.years = np.unique(d.o_year)
        width = len(self.years)
        if n_groups * width > MAX_CELLS:
            raise ValueError(
                f"{n_groups:,} indicator series × {width:,} distinct years of observations is "
                f"too many to index at once (more than {MAX_CELLS:,}); evaluate the plans in "
                "smaller batches"
            )
        order = np.arange(len(d.o_year), dtype=np.int64)
        whole = ((d.o_first == 1) & (d.o_last == 12)).astype(np.int64)
        pref = preference(whole, d.o_status)  # 0–6
        cells = d.o_group * width + np.searchsorted(self.years, d.o_year)
        size = n_groups * width
        self.at = _best_per_cell(cells, (pref << 32) | order, size).reshape(n_groups, width)
        # within a year the latest is the period ending last, then the preferred (time_rank)
        latest = _best_per_cell(cells, ((d.o_last * 8 + pref) << 32) | order, size)
        upto = latest.reshape(n_groups, width)
        for j in range(1, width):
            column = upto[:, j]
            np.copyto(column, upto[:, j - 1], where=column < 0)
        self.upto = upto
        last = upto[:, -1] if width else np.full(n_groups, -1, dtype=np.int64)
        self.max_year = np.where(last >= 0, d.o_year[last] if len(order) else -1, -1)

    def pick_at(self, groups: np.ndarray, years: np.ndarray) -> np.ndarray:
        """The observation picked for each (series, year), -1 where there is none."""
        if not len(self.years):
            return np.full(len(groups), -1, dtype=np.int64)
        col = np.searchsorted(self.years, years)
        col_ok = np.minimum(col, len(self.years) - 1)
        valid = self.years[col_ok] == years
        return np.where(valid, self.at[groups, col_ok], -1)

    @staticmethod
    def at_rows(column: np.ndarray, rows: np.ndarray, has: np.ndarray) -> np.ndarray:
        """An observation column (``value``, ``end``) at the picked ``rows``, NaN where not
        ``has`` (a pick of -1, or a row that takes no value)."""
        return np.where(has, column[rows] if len(column) else np.nan, np.nan)

    def latest(self, as_of: int | None) -> np.ndarray:
        """The latest observation of each series at or before ``as_of`` (-1: none)."""
        cols = len(self.years) if as_of is None else np.searchsorted(self.years, as_of, "right")
        if cols == 0:
            return np.full(self.upto.shape[0], -1, dtype=np.int64)
        return self.upto[:, cols - 1]

    # -- the rows ---------------------------------------------------------------------------
    def _rows(self, d: Columns) -> None:
        kind, cmp, group = d.r_kind, d.r_cmp, d.r_group
        self.n = n = len(kind)
        self.kind, self.cmp, self.group = kind, cmp, group
        self.level_row = kind != RATE  # rate targets are judged year by year
        brow = self.pick_at(group, d.r_base) if n else np.zeros(0, dtype=np.int64)
        has_b = (brow >= 0) & self.level_row
        b, bt = self.at_rows(self.value, brow, has_b), self.at_rows(self.end, brow, has_b)
        self.has_b, self.b, self.bt = has_b, _readonly(b), _readonly(bt)

        has_goal = self.level_row & (kind != NO_TARGET)
        growth = (kind == GROWTH_ANNUAL) | (kind == GROWTH_TOTAL)
        rate = d.r_rate
        implied = np.where(
            kind == GROWTH_ANNUAL,
            b * (1.0 + rate) ** (d.r_year - d.r_base).astype(np.float64),
            b * (1.0 + rate),
        )
        growth_ok = growth & has_b & (b > 0)
        level = np.where(growth, np.where(growth_ok, implied, np.nan), d.r_level)
        level = np.where(has_goal, level, np.nan)
        goal_ok = has_goal & ~np.isnan(level)
        stated = np.where((kind == GROWTH_ANNUAL) & goal_ok, rate, np.nan)
        own_sense = d.g_sense[group]
        eq_sense = np.where(goal_ok & has_b & (level != b), np.where(level > b, 1, -1), own_sense)
        sense = np.where(has_goal, np.where(cmp > 0, 1, np.where(cmp < 0, -1, eq_sense)), own_sense)
        self.has_goal, self.goal_ok = has_goal, goal_ok
        self.level_in = d.r_level
        target = level.copy()
        rate_ok = (kind == RATE) & ~np.isnan(d.r_level)  # the target's unit is stated
        target[rate_ok] = d.r_level[rate_ok]
        self.level, self.target = level, _readonly(target)
        self.stated = _readonly(stated)
        self.sense = _readonly(sense.astype(np.int64))
        self.linear = _readonly(d.g_linear[group] & ~(has_goal & growth))
        self.binding = _readonly(d.g_binding[group])
        self.limit = _readonly(d.g_limit[group])
        self.year = _readonly(np.where(kind == NO_TARGET, 0, d.r_year))
        self.target_time = _readonly(np.where(has_goal, d.r_end, np.nan))

        # the rate required, linear and compound (which one applies depends on the latest
        # value: a negative one makes a compound indicator fall back to linear)
        years_t = self.target_time - bt
        self.required_linear = (level - b) / years_t
        self.compound_able = (b > 0) & (np.isnan(level) | (level >= 0))
        required = stated.copy()
        todo = np.flatnonzero(goal_ok & self.compound_able & ~self.linear & np.isnan(stated))
        required[todo] = cagr(b[todo], level[todo], years_t[todo], self.pct)
        self.required_compound = required

    def _rate_years(self, d: Columns) -> None:
        """Each year of each rate target, scored: met, and its attainment. Rate targets are
        numbered ``0 … n_rate - 1`` (``rate_rows``) so that sums run over them alone."""
        self.rate_rows = np.flatnonzero((self.kind == RATE) & ~np.isnan(self.level_in))
        compact = np.full(self.n, -1, dtype=np.int64)
        compact[self.rate_rows] = np.arange(len(self.rate_rows))
        keep = compact[d.q_row] >= 0  # a target whose unit is not stated is not judged
        q_row, q_year = compact[d.q_row[keep]], d.q_year[keep]  # sorted: row, then year
        self.q_row, self.q_year = q_row, q_year
        self.q_count = np.bincount(q_row, minlength=len(self.rate_rows))
        rows = self.rate_rows[q_row]
        self.q_max_year = self.max_year[self.group[rows]]  # the horizon when as_of is None
        pick = self.pick_at(self.group[rows], q_year)
        has = pick >= 0
        self.q_pick, self.q_has = pick, has
        value = self.at_rows(self.value, pick, has)
        target, c = self.level_in[rows], self.cmp[rows]
        met = has & meets(c, value, target)
        shortfall = np.where(
            c > 0, target - value, np.where(c < 0, value - target, np.abs(value - target))
        )
        attain = 1.0 - shortfall / np.abs(target)
        self.q_met = met
        self.q_attainment = np.where(met, 1.0, np.where(target == 0, 0.0, np.minimum(1.0, attain)))


class Judged:
    """What judging fills in, one array per column."""

    def __init__(self, n: int) -> None:
        self.verdict = np.full(n, _INSUFFICIENT, dtype=np.int64)
        self.required = np.full(n, np.nan)
        self.actual = np.full(n, np.nan)
        self.projection = np.full(n, np.nan)
        self.ratio = np.full(n, np.nan)
        self.rates_linear = np.zeros(n, dtype=bool)


def _at_least(value: np.ndarray, threshold: Any) -> np.ndarray:
    return value >= threshold - TOLERANCE


def _grade(method: Method, ratio: np.ndarray, shortfall: np.ndarray) -> np.ndarray:
    """``method.grade`` on arrays (Open SDG and UNSD): the first rule that holds wins."""
    if isinstance(method, OpenSDGMethod):
        top, middle, low, bottom = _SUBSTANTIAL, _MODERATE, _LIMITED, _DETERIORATION
        cuts = (method.substantial, method.moderate, method.limited)
    else:
        assert isinstance(method, UNSDMethod)
        top, middle, low, bottom = _ON_TRACK, _FAIR, _FAIR, _POOR
        cuts = (method.good, method.fair, method.fair)
    verdict = np.where(_at_least(ratio, cuts[2]), low, bottom)
    verdict = np.where(_at_least(ratio, cuts[1]), middle, verdict)
    return np.where(_at_least(ratio, cuts[0]), np.where(shortfall, middle, top), verdict)


def vectorised(method: Method) -> bool:
    return type(method) in (OpenSDGMethod, UNSDMethod)


def judge(p: Prepared, as_of: int | None, method: Method) -> tuple[dict[str, np.ndarray], Judged]:
    """Every row judged as of ``as_of``: the arrays of :class:`~fyp_planning.BatchResult`."""
    with np.errstate(all="ignore"):
        lrow = p.latest(as_of)[p.group] if p.n else np.zeros(0, dtype=np.int64)
        has_l = (lrow >= 0) & p.level_row
        lv, lt = p.at_rows(p.value, lrow, has_l), p.at_rows(p.end, lrow, has_l)
        met = p.goal_ok & has_l & meets(p.cmp, lv, p.level)
        arrays = {
            "year": p.year,
            "baseline": p.b,
            "baseline_time": p.bt,
            "latest": lv,
            "latest_time": lt,
            "target": p.target,
            "target_time": p.target_time,
            "sense": p.sense,
            "linear": p.linear,
            "stated_rate": p.stated,
            "binding": p.binding,
            "limit": p.limit,
            "met": met,
        }
        if vectorised(method):
            out = _judge(p, method, has_l, lv, lt, met)
        else:
            out = _judge_scalar(p, method, arrays)
        if len(p.rate_rows):
            _judge_rates(p, method, out, arrays, as_of)
    return arrays, out


def _judge(
    p: Prepared, method: Method, has_l: np.ndarray, lv: np.ndarray, lt: np.ndarray, met: Any
) -> Judged:
    """Every branch of ``OpenSDGMethod.judge`` / ``UNSDMethod.judge``, on arrays."""
    b, bt, t, tt, sense, pct = p.b, p.bt, p.level, p.target_time, p.sense, p.pct
    out = Judged(p.n)
    usable = p.has_b & has_l & (lt > bt)
    lin = p.linear | ~(p.compound_able & (lv >= 0))  # compound falls back to linear
    years = lt - bt
    actual = (lv - b) / years
    todo = np.flatnonzero(usable & ~lin)
    actual[todo] = cagr(b[todo], lv[todo], years[todo], pct)
    required = np.where(lin, p.required_linear, p.required_compound)
    years_p = tt - lt
    projection = np.where(years_p <= 0, lv, lv + actual * years_p)
    todo = np.flatnonzero(usable & p.goal_ok & ~lin & (years_p > 0))
    projection[todo] = lv[todo] * (1.0 + actual[todo]) ** years_p[todo]
    judged = usable & p.goal_ok  # a target in numbers, and data to measure a rate with
    opensdg = isinstance(method, OpenSDGMethod)

    # not usable: achieved when met (Open SDG: with or without a target; UNSD: with one)
    unusable = p.level_row & ~usable & (~p.has_goal | p.goal_ok)
    if not opensdg:
        unusable &= p.has_goal
    out.verdict[unusable & met] = _ACHIEVED

    # a target, and a rate to judge it with
    out.required[judged] = required[judged]
    out.actual[judged] = actual[judged]
    out.projection[judged] = projection[judged]
    out.rates_linear[judged] = lin[judged]
    if opensdg:
        away = sense * required <= 0
        ratio = actual / required
    else:
        distance = t - b
        away = sense * distance <= 0
        ratio = (projection - b) / distance
    out.verdict[judged & met] = _ACHIEVED
    out.verdict[judged & ~met & away] = _DETERIORATION if opensdg else _POOR
    graded = np.flatnonzero(judged & ~met & ~away)
    r = ratio[graded]
    verdict = _grade(method, r, p.binding[graded] & (r < 1 - TOLERANCE))
    top = _SUBSTANTIAL if opensdg else _ON_TRACK
    due = lt[graded] >= tt[graded]  # the target year has come: not the top verdict
    out.verdict[graded] = np.where(due & (verdict == top), _MODERATE if opensdg else _FAIR, verdict)
    out.ratio[graded] = r

    if opensdg:  # no target: the trend alone, thresholds scaled near a natural limit
        free = usable & ~p.has_goal
        rated = np.flatnonzero(free & ~(lin & (b <= 0)))
        _judge_trend(p, method, out, rated, lin[rated], lv[rated], years[rated], actual[rated])
    return out


def _judge_trend(
    p: Prepared,
    m: OpenSDGMethod,
    out: Judged,
    rows: np.ndarray,
    lin: np.ndarray,
    lv: np.ndarray,
    years: np.ndarray,
    actual: np.ndarray,
) -> None:
    """Open SDG without a target: the relative trend, graded with thresholds scaled down
    where a natural limit leaves less room than they ask for."""
    b, lim, sense, pct = p.b[rows], p.limit[rows], p.sense[rows], p.pct
    rel = np.where(lin, (lv / b - 1.0) * pct[0] / years * pct[1], actual)  # actual: CAGR
    h, thr = m.limit_horizon, m.no_target_substantial
    ratio_lim = lim / b
    up = (sense > 0) & (lim >= b)
    down = (sense < 0) & (lim >= 0) & (lim <= b)
    room = np.where(
        up,
        np.where(lin, (ratio_lim - 1) / h, ratio_lim ** (1 / h) - 1),
        np.where(lin, (1 - ratio_lim) / h, 1 - ratio_lim ** (1 / h)),
    )
    scaled = ~np.isnan(lim) & (thr > 0) & (b > 0) & (up | down)
    factor = np.where(scaled, np.minimum(1.0, np.maximum(0.0, room / thr)), 1.0)
    good = sense * rel
    trend = np.where(_at_least(good, 0.0), _LIMITED, _DETERIORATION)
    trend = np.where(_at_least(good, m.no_target_moderate * factor), _MODERATE, trend)
    trend = np.where(_at_least(good, m.no_target_substantial * factor), _SUBSTANTIAL, trend)
    out.verdict[rows] = trend
    out.actual[rows] = rel


def _judge_scalar(p: Prepared, method: Method, a: dict[str, np.ndarray]) -> Judged:
    """Any other method: its own ``judge`` on a ``Track`` per row (not vectorised)."""
    out = Judged(p.n)

    def opt(x: float) -> float | None:
        return None if math.isnan(x) else float(x)

    for i in np.flatnonzero(p.level_row).tolist():
        if p.has_goal[i] and not p.goal_ok[i]:
            continue  # a target that cannot be put in numbers: insufficient data
        track = Track(
            baseline=opt(a["baseline"][i]),
            baseline_time=opt(a["baseline_time"][i]),
            latest=opt(a["latest"][i]),
            latest_time=opt(a["latest_time"][i]),
            target=opt(a["target"][i]),
            target_time=opt(a["target_time"][i]),
            sense=int(a["sense"][i]),
            linear=bool(a["linear"][i]),
            met=bool(a["met"][i]),
            stated_rate=opt(a["stated_rate"][i]),
            binding=bool(a["binding"][i]),
            limit=opt(a["limit"][i]),
        )
        j = method.judge(track)
        out.verdict[i] = CODE[j.verdict]
        for name, value in (
            ("required", j.required_rate),
            ("actual", j.actual_rate),
            ("projection", j.projection),
            ("ratio", j.ratio),
        ):
            getattr(out, name)[i] = np.nan if value is None else value
        out.rates_linear[i] = j.linear
    return out


def _judge_rates(
    p: Prepared, method: Method, out: Judged, arrays: dict[str, np.ndarray], as_of: int | None
) -> None:
    """Rate targets as ``assess`` judges them: each year up to ``as_of`` (or the last year
    observed) scores 1 when met, else ``1 − shortfall / |target|``; the ratio is the mean;
    achieved when every year is judged and met, else graded (binding: capped when a year
    missed). Sums run in year order (``assess`` uses ``statistics.fmean``: the two agree to
    the last bits)."""
    m, q_row = len(p.rate_rows), p.q_row
    in_time = p.q_year <= (p.q_max_year if as_of is None else as_of)
    seen = in_time & p.q_has
    h_row = q_row[seen]
    count = np.bincount(h_row, minlength=m)
    total = np.bincount(h_row, weights=p.q_attainment[seen], minlength=m)
    missing = np.bincount(q_row[in_time & ~p.q_has], minlength=m) > 0
    missed = np.bincount(q_row[seen & ~p.q_met], minlength=m) > 0
    complete = np.bincount(q_row[in_time], minlength=m) == p.q_count
    # the latest year judged: pairs run in year order within a target, so the last of a run
    last = np.full(m, -1, dtype=np.int64)
    ends = np.append(h_row[1:] != h_row[:-1], True) if len(h_row) else np.zeros(0, dtype=bool)
    last[h_row[ends]] = p.q_pick[seen][ends]
    has = count > 0
    rows, pick = p.rate_rows[has], last[has]
    arrays["latest"][rows] = p.value[pick]
    arrays["latest_time"][rows] = p.end[pick]
    ratio = total[has] / count[has]
    out.ratio[rows] = ratio
    achieved = (complete & ~missing & ~missed)[has]
    out.verdict[rows[achieved]] = _ACHIEVED
    graded = ~achieved
    short = (p.binding[rows] & missed[has])[graded]
    if vectorised(method):
        out.verdict[rows[graded]] = _grade(method, ratio[graded], short)
    else:
        for i, r, s in zip(
            rows[graded].tolist(), ratio[graded].tolist(), short.tolist(), strict=True
        ):
            out.verdict[i] = CODE[method.grade(r, binding_shortfall=s)]
