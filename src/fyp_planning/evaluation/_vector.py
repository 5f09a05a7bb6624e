"""Progress arithmetic on arrays: the one implementation behind :func:`~fyp_planning.assess`
and :class:`~fyp_planning.PlanBatch` (private).

Two steps, so that the work that does not depend on ``as_of`` or the method is done once:

* :class:`Prepared` — from the gathered :class:`~._gather.Columns`: an index of the
  observations (for every indicator series and year, the observation the rules of
  :mod:`._data` pick: :func:`._data.preference`, :func:`._data.time_rank`), each row's baseline,
  its target level (the level a growth rate implies from the baseline), and each year of a rate
  target scored;
* :func:`judge` — for one ``as_of`` and one method: the latest value of every row, then the
  method's array implementation (:meth:`~.methods.ArrayMethod.judge_arrays`, or its own
  ``judge`` row by row) on the rows with a level to judge, and the rate targets year by year.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np

from ..growth import implied_level
from ._data import preference
from ._gather import CHANGE, GROWTH_ANNUAL, GROWTH_TOTAL, NO_TARGET, RATE, Columns
from .assessment import Verdict
from .methods import (
    CODE,
    BoolArray,
    FloatArray,
    IntArray,
    Judgements,
    Method,
    Tracks,
    array_method,
    meets,
)

__all__ = ["Evaluation", "Prepared", "judge"]

_ACHIEVED = CODE[Verdict.ACHIEVED]
_LOW32 = (1 << 32) - 1
#: Above this many (series × distinct years) cells the dense index would take gigabytes.
MAX_CELLS = 200_000_000


def _readonly(array: Any) -> Any:
    array.flags.writeable = False
    return array


def _best_per_cell(cells: IntArray, keys: IntArray, size: int) -> IntArray:
    """For each cell, the observation with the highest key (keys end in the observation's
    position in their low 32 bits); -1 where a cell has none."""
    best = np.full(size, -1, dtype=np.int64)
    np.maximum.at(best, cells, keys)
    return np.where(best >= 0, best & _LOW32, -1)


class Prepared:
    """Everything about the rows that does not depend on ``as_of`` or the method."""

    def __init__(self, data: Columns) -> None:
        self.data = data
        self._index(data)
        with np.errstate(all="ignore"):
            self._rows(data)
            self._rate_years(data)

    # -- the index of observations ----------------------------------------------------------
    def _index(self, data: Columns) -> None:
        """``at[g, j]``: the observation of series ``g`` the rules pick for the ``j``-th year
        observed; ``upto[g, j]``: the latest at or before that year; ``part_upto[g, j]``: the
        latest part-year value of a flow at or before that year (no level: set aside).

        The plan's own observations beat a baseline taken from its predecessor (which is a
        baseline only, never a latest value); a flow's part-year value is in neither index."""
        n_groups = len(data.g_unit)
        self.value = _readonly(data.o_magnitude * data.o_factor)  # units applied once per column
        self.end = _readonly((data.o_year - 1).astype(np.float64) + data.o_last / 12)  # Period.end
        self.years = np.unique(data.o_year)
        width = len(self.years)
        if n_groups * width > MAX_CELLS:
            raise ValueError(
                f"{n_groups:,} indicator series × {width:,} distinct years of observations is "
                f"too many to index at once (more than {MAX_CELLS:,}); evaluate the plans in "
                "smaller batches"
            )
        order = np.arange(len(data.o_year), dtype=np.int64)
        whole = ((data.o_first == 1) & (data.o_last == 12)).astype(np.int64)
        own = ~data.o_inherited
        pref = preference(whole, data.o_status) + 8 * own  # 0–14: the plan's own first
        cells = data.o_group * width + np.searchsorted(self.years, data.o_year)
        size = n_groups * width
        part_flow = data.g_flow[data.o_group] & (whole == 0)
        level = ~part_flow
        self.at = _best_per_cell(cells[level], ((pref << 32) | order)[level], size).reshape(
            n_groups, width
        )
        # within a year the latest is the period ending last, then the preferred (time_rank)
        ending = ((data.o_last * 16 + pref) << 32) | order
        self.upto = self._carried(_best_per_cell(cells[level & own], ending[level & own], size))
        self.part_upto = self._carried(_best_per_cell(cells[part_flow], ending[part_flow], size))
        # the first pick at or after each year: sdg-build's "next year in the data"
        after = self.at.copy()
        for j in range(width - 2, -1, -1):
            column = after[:, j]
            np.copyto(column, after[:, j + 1], where=column < 0)
        self.after = after
        upto = self.upto
        last = upto[:, -1] if width else np.full(n_groups, -1, dtype=np.int64)
        self.max_year = np.where(last >= 0, data.o_year[last] if len(order) else -1, -1)

    def _carried(self, best: IntArray) -> IntArray:
        """Per-cell picks (series × year) as a table, each year's empty cell carrying the
        pick of the year before: the latest at or before each year."""
        upto = best.reshape(self.at.shape)
        for j in range(1, len(self.years)):
            column = upto[:, j]
            np.copyto(column, upto[:, j - 1], where=column < 0)
        return upto

    def pick_at(self, groups: IntArray, years: IntArray) -> IntArray:
        """The observation picked for each (series, year), -1 where there is none."""
        if not len(self.years):
            return np.full(len(groups), -1, dtype=np.int64)
        col = np.searchsorted(self.years, years)
        col_ok = np.minimum(col, len(self.years) - 1)
        valid = self.years[col_ok] == years
        return np.where(valid, self.at[groups, col_ok], -1)

    @staticmethod
    def at_rows(column: Any, rows: IntArray, has: BoolArray) -> FloatArray:
        """An observation column (``value``, ``end``) at the picked ``rows``, NaN where not
        ``has`` (a pick of -1, or a row that takes no value)."""
        return np.where(has, column[rows] if len(column) else np.nan, np.nan)

    def latest(self, as_of: int | None, part: bool = False) -> IntArray:
        """The latest observation of each series at or before ``as_of`` (-1: none); with
        ``part``, the latest part-year value of a flow (set aside)."""
        cols = len(self.years) if as_of is None else np.searchsorted(self.years, as_of, "right")
        upto = self.part_upto if part else self.upto
        if cols == 0:
            return np.full(upto.shape[0], -1, dtype=np.int64)
        return upto[:, cols - 1]

    # -- the rows ---------------------------------------------------------------------------
    def _rows(self, data: Columns) -> None:
        kind, cmp, group = data.r_kind, data.r_cmp, data.r_group
        self.n = n = len(kind)
        self.kind, self.cmp, self.group = kind, cmp, group
        self.level_row = kind != RATE  # rate targets are judged year by year
        pick = self.pick_at(group, data.r_base) if n else np.zeros(0, dtype=np.int64)
        has_baseline = (pick >= 0) & self.level_row
        self.baseline_pick = np.where(has_baseline, pick, -1)
        base = self.at_rows(self.value, pick, has_baseline)
        self.baseline = _readonly(base)
        self.baseline_time = _readonly(self.at_rows(self.end, pick, has_baseline))
        # no value in the base year: the first one after it (only OpenSDGMethod uses it)
        width = len(self.years)
        col = np.searchsorted(self.years, data.r_base, "right") if n else np.zeros(0, np.int64)
        inside = col < width
        following = np.full(n, -1, dtype=np.int64)
        if width:
            following[inside] = self.after[group[inside], col[inside]]
        has_next = (following >= 0) & self.level_row & ~has_baseline
        self.next_baseline = _readonly(self.at_rows(self.value, following, has_next))
        self.next_baseline_time = _readonly(self.at_rows(self.end, following, has_next))

        has_goal = self.level_row & (kind != NO_TARGET)
        growth = (kind == GROWTH_ANNUAL) | (kind == GROWTH_TOTAL)
        rate = data.r_rate
        span = np.where(kind == GROWTH_ANNUAL, data.r_year - data.r_base, 1).astype(np.float64)
        implied = implied_level(base, rate, span)  # over the whole span: one step
        self.zero_baseline = growth & has_baseline & (base <= 0)
        growth_ok = growth & has_baseline & (base > 0)
        # a change by so much: the baseline moved by it (r_rate, in the indicator's unit)
        moved = np.where((kind == CHANGE) & has_baseline, base + rate, np.nan)
        level = np.where(growth, np.where(growth_ok, implied, np.nan), data.r_level)
        level = np.where(kind == CHANGE, moved, level)
        level = np.where(has_goal, level, np.nan)
        goal_ok = has_goal & ~np.isnan(level)
        stated = np.where((kind == GROWTH_ANNUAL) & goal_ok, rate, np.nan)
        own_sense = data.g_sense[group]
        on_target = goal_ok & has_baseline & (level != base)
        eq_sense = np.where(on_target, np.where(level > base, 1, -1), own_sense)
        sense = np.where(has_goal, np.where(cmp > 0, 1, np.where(cmp < 0, -1, eq_sense)), own_sense)
        self.has_goal, self.goal_ok = has_goal, goal_ok
        self.own_sense = own_sense
        self.level_in = data.r_level
        target = level.copy()
        rate_ok = (kind == RATE) & ~np.isnan(data.r_level)  # the target's unit is stated
        target[rate_ok] = data.r_level[rate_ok]
        self.level, self.target = level, _readonly(target)
        self.stated_rate = _readonly(stated)
        self.sense = _readonly(sense.astype(np.int64))
        self.linear = _readonly(data.g_linear[group] & ~(has_goal & growth))
        self.binding = _readonly(data.g_binding[group])
        self.limit = _readonly(data.g_limit[group])
        self.year = _readonly(np.where(kind == NO_TARGET, 0, data.r_year))
        self.target_time = _readonly(np.where(has_goal, data.r_end, np.nan))

    def _rate_years(self, data: Columns) -> None:
        """Each year of each rate target, scored: met, and its attainment (1 when met, else
        ``1 − shortfall / |target|``). Rate targets are numbered ``0 … n_rate - 1``
        (``rate_rows``) so that sums run over them alone."""
        self.rate_rows = np.flatnonzero((self.kind == RATE) & ~np.isnan(self.level_in))
        compact = np.full(self.n, -1, dtype=np.int64)
        compact[self.rate_rows] = np.arange(len(self.rate_rows))
        keep = compact[data.q_row] >= 0  # a target whose unit is not stated is not judged
        q_row, q_year = compact[data.q_row[keep]], data.q_year[keep]  # sorted: row, then year
        self.q_row, self.q_year = q_row, q_year
        self.q_count = np.bincount(q_row, minlength=len(self.rate_rows))
        rows = self.rate_rows[q_row]
        self.q_max_year = self.max_year[self.group[rows]]  # the horizon when as_of is None
        pick = self.pick_at(self.group[rows], q_year)
        has = pick >= 0
        self.q_pick, self.q_has = pick, has
        value = self.at_rows(self.value, pick, has)
        target, cmp = self.level_in[rows], self.cmp[rows]
        met = has & meets(cmp, value, target)
        shortfall = np.where(
            cmp > 0, target - value, np.where(cmp < 0, value - target, np.abs(value - target))
        )
        attain = 1.0 - shortfall / np.abs(target)
        self.q_met = met
        self.q_attainment = np.where(met, 1.0, np.where(target == 0, 0.0, np.minimum(1.0, attain)))

    def horizon(self, as_of: int | None) -> IntArray:
        """The last year each (rate target, year) pair may be judged in: ``as_of``, else the
        last year the series has an observation in."""
        return self.q_max_year if as_of is None else np.full(len(self.q_year), as_of)


@attrs.define(eq=False)
class Evaluation:
    """Every row judged as of one year by one method.

    Attributes:
        tracks: What was judged (rate targets: the latest value is the last year judged).
        judged: What the method found.
        latest_pick: The observation of each row's latest value (-1: none).
        set_aside: A flow's part-year value later than the latest value, not taken as a level
            (-1: none).
        in_time: For each (rate target, year) of :class:`Prepared`, whether the year is judged.
    """

    tracks: Tracks
    judged: Judgements
    latest_pick: IntArray
    in_time: BoolArray
    set_aside: IntArray


#: The columns of :class:`~.methods.Tracks` that do not depend on ``as_of`` (attributes of
#: :class:`Prepared` of the same names).
_FIXED = (
    "baseline",
    "baseline_time",
    "target",
    "target_time",
    "sense",
    "linear",
    "stated_rate",
    "binding",
    "limit",
    "next_baseline",
    "next_baseline_time",
)


def _means(rows: IntArray, values: FloatArray, size: int) -> tuple[IntArray, FloatArray]:
    """How many values each row has (``rows`` sorted), and their mean as ``statistics.fmean``
    gives it: the exactly rounded sum (``math.fsum``) over the count.

    A sum added in order is exact when no addition but the last one rounds; that is checked on
    arrays (the error of each addition, Knuth's two-sum), and only the rows where an earlier
    addition rounded are summed again with ``math.fsum``."""
    count = np.bincount(rows, minlength=size)
    starts = np.searchsorted(rows, np.arange(size))
    total = np.zeros(size)
    rounded = np.zeros(size, dtype=bool)
    position = np.arange(len(rows)) - starts[rows]  # each value's place in its row
    for j in range(int(count.max()) if size else 0):
        here = position == j
        at, x = rows[here], values[here]
        s = total[at]
        t = s + x
        back = t - s
        error = (s - (t - back)) + (x - back)
        rounded[at] |= (error != 0) & (j < count[at] - 1)
        total[at] = t
    redo = np.flatnonzero(rounded)
    if len(redo):
        listed = values.tolist()
        for k in redo.tolist():
            total[k] = math.fsum(listed[starts[k] : starts[k] + count[k]])
    return count, total / np.maximum(count, 1)


def judge(prepared: Prepared, as_of: int | None, method: Method) -> Evaluation:
    """Every row judged as of ``as_of``."""
    with np.errstate(all="ignore"):
        pick = prepared.latest(as_of)[prepared.group] if prepared.n else np.zeros(0, dtype=np.int64)
        has_latest = (pick >= 0) & prepared.level_row
        latest = prepared.at_rows(prepared.value, pick, has_latest)
        latest_time = prepared.at_rows(prepared.end, pick, has_latest)
        fixed = {name: getattr(prepared, name) for name in _FIXED}
        met = prepared.goal_ok & has_latest & meets(prepared.cmp, latest, prepared.level)
        tracks = Tracks(latest=latest, latest_time=latest_time, met=met, **fixed)
        chosen = array_method(method)
        judged = Judgements.empty(prepared.n)
        # a target that cannot be put in numbers is not judged: insufficient data
        rows = np.flatnonzero(prepared.level_row & ~(prepared.has_goal & ~prepared.goal_ok))
        judged.put(rows, chosen.judge_arrays(tracks.take(rows)))
        in_time = prepared.q_year <= prepared.horizon(as_of)
        latest_pick = np.where(has_latest, pick, -1)
        if len(prepared.rate_rows):
            _judge_rates(prepared, chosen, tracks, judged, in_time, latest_pick)
        part = prepared.latest(as_of, part=True)[prepared.group] if prepared.n else pick
        part_end = prepared.at_rows(prepared.end, part, part >= 0)
        later = (part >= 0) & prepared.level_row & ~(part_end <= latest_time)  # NaN: no latest
        set_aside = np.where(later, part, -1)
    return Evaluation(tracks, judged, latest_pick, in_time, set_aside)


def _judge_rates(
    prepared: Prepared,
    method: Any,
    tracks: Tracks,
    out: Judgements,
    in_time: BoolArray,
    latest_pick: IntArray,
) -> None:
    """Rate targets: each year up to ``as_of`` (or the last year observed) scores its
    attainment; the ratio is the mean; achieved when every year is judged and met, else
    graded (binding: capped when a year missed)."""
    size, q_row = len(prepared.rate_rows), prepared.q_row
    seen = in_time & prepared.q_has
    seen_row = q_row[seen]
    count, ratio = _means(seen_row, prepared.q_attainment[seen], size)
    missing = np.bincount(q_row[in_time & ~prepared.q_has], minlength=size) > 0
    missed = np.bincount(q_row[seen & ~prepared.q_met], minlength=size) > 0
    complete = np.bincount(q_row[in_time], minlength=size) == prepared.q_count
    # the latest year judged: pairs run in year order within a target, so the last of a run
    last = np.full(size, -1, dtype=np.int64)
    ends = np.append(seen_row[1:] != seen_row[:-1], True) if len(seen_row) else seen_row > 0
    last[seen_row[ends]] = prepared.q_pick[seen][ends]
    has = count > 0
    rows, pick = prepared.rate_rows[has], last[has]
    tracks.latest[rows] = prepared.value[pick]
    tracks.latest_time[rows] = prepared.end[pick]
    latest_pick[rows] = pick
    out.ratio[rows] = ratio[has]
    achieved = (complete & ~missing & ~missed)[has]
    out.verdict[rows[achieved]] = _ACHIEVED
    graded = ~achieved
    short = (prepared.binding[rows] & missed[has])[graded]
    out.verdict[rows[graded]] = method.grade_array(ratio[has][graded], short)
