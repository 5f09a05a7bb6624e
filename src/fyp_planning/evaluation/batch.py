"""Progress of many plans at once, in numpy arrays: :class:`~fyp_planning.PlanBatch` and
:func:`~fyp_planning.evaluate_many`.

This is the one implementation of progress evaluation: :func:`~fyp_planning.assess` is the
batch of one plan. Pint operations cost 10–20 µs each, so a national data set (2,844 counties
× 40 indicators × 10 years) judged value by value would take minutes; a
:class:`~fyp_planning.PlanBatch` judges many plans in two steps:

1. *prepare*, once (``PlanBatch(plans, observations)``): read the plans' objects into columns —
   one row per (plan, target), plus one per indicator with observations but no target, in
   :func:`~fyp_planning.assess`'s order — with units applied once per (unit, indicator unit)
   pair; index the observations (for every indicator series and year, the one the rules
   pick); compute each row's baseline, target level and required rates. Observations can come
   as :class:`~fyp_planning.Observation` objects or, for national data, as an
   :class:`~fyp_planning.ObservationTable` of columns, which is never looped over in Python;
2. *evaluate*, as often as needed (``batch.evaluate(as_of=2023, method="unsd")``): the latest
   value of every row, then rates, ratios, projections and verdicts by the method's array
   implementation (:class:`~fyp_planning.evaluation.ArrayMethod`: every branch of
   :class:`~fyp_planning.CountyMethod`, :class:`~fyp_planning.OpenSDGMethod` and
   :class:`~fyp_planning.UNSDMethod` in numpy), or by
   its own ``judge`` row by row for a method that has none.

:func:`~fyp_planning.evaluate_many` does both. The result, a :class:`~fyp_planning.BatchResult`,
keeps the arrays and exports a tidy table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from ..model.plan import Plan
from ..model.targets import Target
from ..tables import Column, Schema, Table, Tabular
from ._gather import Columns, StoreColumns, gather_all, gather_store, store_needs_plans
from ._vector import Evaluation, Prepared, judge
from .assessment import Verdict
from .methods import VERDICTS, Method, Tracks, resolve
from .table import ObservationTable

__all__ = [
    "BATCH_TABLE",
    "RECORD_COLUMNS",
    "BatchResult",
    "ObservationTable",
    "PlanBatch",
    "evaluate_many",
]

#: The batch's tidy table: a row per target of each plan (and per indicator with observations
#: but no target). Its columns are :data:`RECORD_COLUMNS`.
BATCH_TABLE = Schema(
    "progress",
    "一行一项：每个规划的每个目标（以及有观测值而无目标的指标）的进展结论",
    "one row per target of each plan (and per indicator with observations but no target)",
    (
        Column("plan", "string", "规划编号", "plan id"),
        Column("indicator", "string", "指标编号", "indicator id"),
        Column("standard", "string", "标准指标编号（目录）", "standard indicator id (catalogue)"),
        Column(
            "target", "string", "目标（原文写法，如≥300亿元）", "the target as written (≥300亿元)"
        ),
        Column("year", "int64", "目标年份", "target year"),
        Column(
            "unit",
            "string",
            "指标单位（以下数值均以此为单位）",
            "the indicator's unit (of every value here)",
        ),
        Column("baseline", "float64", "基期值", "baseline value"),
        Column("latest", "float64", "最新值", "latest value"),
        Column(
            "target_value",
            "float64",
            "目标值（增速目标为其推算的水平）",
            "the level aimed at (implied by a growth target)",
        ),
        Column("required_rate", "float64", "所需速度", "the rate required"),
        Column("actual_rate", "float64", "实际速度", "the rate achieved"),
        Column(
            "rate_kind",
            "string",
            "速度口径：relative（比率，0.0867即8.67%）或per_year（每年变化量，按unit计）",
            "relative (fractions: 0.0867 is 8.67 %) or per_year (change a year, in unit)",
        ),
        Column("ratio", "float64", "实际/所需之比", "actual over required"),
        Column("verdict", "string", "结论编号", "verdict id"),
        Column("verdict_label", "string", "结论（中文）", "the verdict in Chinese"),
    ),
)

#: The columns of :meth:`~fyp_planning.BatchResult.to_records` (and of the CSV and Parquet exports).
RECORD_COLUMNS = BATCH_TABLE.names


#: Plan, indicator, unit and standard of each row of a batch.
_Labels = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str | None, ...]]


# -- the result ---------------------------------------------------------------------------
class BatchResult(Tabular):
    """The verdicts of :func:`~fyp_planning.evaluate_many`: one row per target of each plan (and per
    indicator with observations but no target), as numpy arrays, with tidy exports.

    Magnitudes are in each indicator's unit (``unit``). Rates are what the method used:
    relative rates as fractions (``0.0867`` for 8.67 % a year) where ``rates_linear`` is
    false, changes per year in the indicator's unit where it is true. Missing numbers are NaN.

    Attributes:
        method: Name of the method (``county``, ``opensdg`` or ``unsd``).
        targets: The target of each row (``None`` for an indicator without one), made when
            first read; the properties ``plan``, ``indicator`` and ``unit`` give each row's
            plan id, indicator id and unit (as text).
        year: Target year (0 without a target).
        baseline, baseline_time, latest, latest_time: The values judged and when
            (fractional years, as :attr:`fyp_planning.Period.end`).
        target_value, target_time: The level aimed at (for growth targets the one the rate
            implies) and the target year.
        sense, linear, stated_rate, binding, limit, met: The rest of each row's
            :class:`~fyp_planning.evaluation.Track`.
        required_rate, actual_rate, projection, ratio, rates_linear: What the method found.
        score: The method's score of each row (``opensdg``: sdg-build's −5…5), NaN for none.
        verdict_code: Index of each verdict in ``tuple(Verdict)``; ``verdicts`` has them
            as :class:`~fyp_planning.Verdict` members.

    Examples:
        >>> import io
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           parse_quantity, parse_unit, evaluate_many)
        >>> plan = Plan(id="demo", region="示例县", title="示例规划", start_year=2021,
        ...             end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))],
        ...             observations=[Observation(indicator="output", period=Period(2020),
        ...                                       value=parse_quantity("198亿元"))],
        ...             targets=[LevelTarget(indicator="output", year=2025,
        ...                                  value=parse_quantity("300亿元"))])
        >>> later = {"demo": [Observation(indicator="output", period=Period(2022),
        ...                               value=parse_quantity("2290000万元"))]}
        >>> result = evaluate_many([plan], later)
        >>> len(result), result.verdicts[0].value, round(float(result.ratio[0]), 2)
        (1, 'moderate', 0.87)
        >>> record = result.to_records()[0]
        >>> record["target"], record["latest"], round(record["required_rate"], 4)
        ('≥300亿元', 229.0, 0.0867)
        >>> buffer = io.StringIO()
        >>> result.to_csv(buffer)
        >>> buffer.getvalue().splitlines()[0]
        'plan,indicator,standard,target,year,unit,baseline,latest,target_value,required_rate,actual_rate,rate_kind,ratio,verdict,verdict_label'
    """

    def __init__(
        self,
        *,
        method: str,
        targets: tuple[Target | None, ...] | Callable[[], tuple[Target | None, ...]],
        labels: Callable[[], _Labels],
        arrays: dict[str, Any],
        words: Callable[[], list[str | None]] | None = None,
    ) -> None:
        self.method = method
        self._make_targets = targets if callable(targets) else lambda: targets
        self._words = words
        self._labels = labels
        self.year: np.ndarray = arrays["year"]
        self.baseline: np.ndarray = arrays["baseline"]
        self.baseline_time: np.ndarray = arrays["baseline_time"]
        self.latest: np.ndarray = arrays["latest"]
        self.latest_time: np.ndarray = arrays["latest_time"]
        self.target_value: np.ndarray = arrays["target"]
        self.target_time: np.ndarray = arrays["target_time"]
        self.sense: np.ndarray = arrays["sense"]
        self.linear: np.ndarray = arrays["linear"]
        self.stated_rate: np.ndarray = arrays["stated_rate"]
        self.binding: np.ndarray = arrays["binding"]
        self.limit: np.ndarray = arrays["limit"]
        self.met: np.ndarray = arrays["met"]
        self.required_rate: np.ndarray = arrays["required_rate"]
        self.actual_rate: np.ndarray = arrays["actual_rate"]
        self.projection: np.ndarray = arrays["projection"]
        self.ratio: np.ndarray = arrays["ratio"]
        self.rates_linear: np.ndarray = arrays["rates_linear"]
        self.score: np.ndarray = arrays.get("score", np.full(len(self.year), np.nan))
        self.verdict_code: np.ndarray = arrays["verdict_code"]

    @functools.cached_property
    def targets(self) -> tuple[Target | None, ...]:
        return self._make_targets()

    @functools.cached_property
    def _label_columns(self) -> _Labels:
        return self._labels()

    @property
    def plan(self) -> tuple[str, ...]:
        """The plan id of each row."""
        return self._label_columns[0]

    @property
    def indicator(self) -> tuple[str, ...]:
        """The indicator id of each row."""
        return self._label_columns[1]

    @property
    def unit(self) -> tuple[str, ...]:
        """The unit of each row's indicator, as text (``亿元``)."""
        return self._label_columns[2]

    @property
    def standard(self) -> tuple[str | None, ...]:
        """The standard indicator (its id) each row's indicator names, or ``None``: counties
        that call one indicator by different ids (``value_added``, ``above_scale_value_added``)
        line up by it."""
        return self._label_columns[3]

    @property
    def key(self) -> tuple[str, ...]:
        """The key each row's indicator is compared across plans by, its standard id where it
        names one, else its own id."""
        return tuple(
            s if s is not None else i for s, i in zip(self.standard, self.indicator, strict=True)
        )

    def aligned(self) -> dict[str, dict[str, list[int]]]:
        """The rows lined up across plans by standard: for each standard id that some row
        names (in first-seen order), the row numbers of each plan (in plan order).

        Examples:
            >>> import fyp_planning as fp
            >>> def county(pid, ind_id):
            ...     return fp.loads_plan(f'''
            ... format_version = 1
            ... id = "{pid}"
            ... region = "{pid}"
            ... title = "规划"
            ... start_year = 2021
            ... end_year = 2025
            ... [indicators.{ind_id}]
            ... name = "规模工业增加值"
            ... standard = "above_scale_value_added"
            ... observations = [{{ period = 2020, value = 50 }}]
            ... targets = [{{ kind = "level", year = 2025, value = 80 }}]
            ... ''')
            >>> result = fp.evaluate_many([county("a", "value_added"),
            ...                            county("b", "above_scale_value_added")])
            >>> result.indicator, result.standard[0]
            (('value_added', 'above_scale_value_added'), 'above_scale_value_added')
            >>> result.aligned()
            {'above_scale_value_added': {'a': [0], 'b': [1]}}
        """
        out: dict[str, dict[str, list[int]]] = {}
        for i, (plan, std) in enumerate(zip(self.plan, self.standard, strict=True)):
            if std is not None:
                out.setdefault(std, {}).setdefault(plan, []).append(i)
        return out

    def __len__(self) -> int:
        return len(self.year)

    def __repr__(self) -> str:
        return f"<BatchResult: {len(self)} rows of {len(set(self.plan))} plans, {self.method}>"

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """The verdict of each row."""
        return tuple(VERDICTS[c] for c in self.verdict_code.tolist())

    def columns(self) -> dict[str, list[Any]]:
        """The tidy table as columns of Python values (``None`` where missing), in
        ``RECORD_COLUMNS`` order.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> list(evaluate_many([]).columns())[:3]
            ['plan', 'indicator', 'standard']
        """

        def values(array: np.ndarray) -> list[Any]:
            return [None if x != x else x for x in array.tolist()]  # NaN → None

        verdicts = self.verdicts
        return {
            "plan": list(self.plan),
            "indicator": list(self.indicator),
            "standard": list(self.standard),
            "target": self._words()
            if self._words is not None
            else [t.describe() if t is not None else None for t in self.targets],
            "year": [y or None for y in self.year.tolist()],
            "unit": list(self.unit),
            "baseline": values(self.baseline),
            "latest": values(self.latest),
            "target_value": values(self.target_value),
            "required_rate": values(self.required_rate),
            "actual_rate": values(self.actual_rate),
            "rate_kind": [
                None if r != r else "per_year" if lin else "relative"
                for r, lin in zip(
                    np.where(np.isnan(self.actual_rate), np.nan, 0.0).tolist(),
                    self.rates_linear.tolist(),
                    strict=True,
                )
            ],
            "ratio": values(self.ratio),
            "verdict": [v.value for v in verdicts],
            "verdict_label": [v.label for v in verdicts],
        }

    TABLES = (BATCH_TABLE,)

    def _make_table(self, schema: Schema) -> Table:
        """The tidy table (``BATCH_TABLE``) from :meth:`columns`, which :meth:`to_table`,
        :meth:`to_records`, :meth:`to_csv`, :meth:`to_parquet`, :meth:`to_arrow` and
        :meth:`to_pandas` give.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> evaluate_many([]).to_table().names[:3]
            ('plan', 'indicator', 'standard')
        """
        return schema.from_columns(self.columns())

    def to_records(self) -> list[dict[str, Any]]:
        """The tidy table, one dict per row, keys ``RECORD_COLUMNS``.

        ``rate_kind`` is ``relative`` (rates are fractions, ``0.0867``) or ``per_year``
        (changes per year in ``unit``); rates, ratio and values are ``None`` where the method
        had none.

        Examples:
            >>> from fyp_planning import evaluate_many
            >>> evaluate_many([]).to_records()
            []
        """
        return self.to_table().rows()

    def to_csv(self, path_or_buffer: Any) -> None:
        """Write the tidy table as CSV (UTF-8, header row; empty cells where missing).

        A file path is written atomically: to a temporary file beside it, renamed over it once
        complete, so a failed write leaves the file as it was, never a fragment.

        Args:
            path_or_buffer: A file path, or an open text file / buffer to write to.

        Raises:
            WriteError: the file cannot be written (no such folder, a full disk, no permission).

        Examples:
            >>> import io
            >>> from fyp_planning import evaluate_many
            >>> buffer = io.StringIO()
            >>> evaluate_many([]).to_csv(buffer)
            >>> buffer.getvalue().startswith("plan,indicator,standard,target,year")
            True
        """
        self.to_table().to_csv(path_or_buffer)


# -- the batch ----------------------------------------------------------------------------


def _observations(
    observations: Mapping[str, Iterable[Any]] | ObservationTable | None, ids: list[str]
) -> tuple[Mapping[str, Iterable[Any]], ObservationTable | None]:
    """The extra observations as objects per plan, or as a table; checked against the plans."""
    table: ObservationTable | None = None
    extra: Mapping[str, Iterable[Any]] = {}
    if isinstance(observations, ObservationTable):
        table = observations
    elif isinstance(observations, Mapping):
        extra = observations
    elif observations is not None:
        raise TypeError(
            "observations must be a mapping from plan id to observations, or an "
            f"ObservationTable; got {type(observations).__name__}"
        )
    unknown = sorted(set(extra) - set(ids))
    if unknown:
        raise ValueError(f"observations of plans not given (未提供这些规划): {', '.join(unknown)}")
    if table is not None and len(set(ids)) != len(ids):
        raise ValueError("plan ids must be unique to match an ObservationTable's plan column")
    return extra, table


def _checked(as_of: int | None, method: Method | str | None) -> Method:
    if as_of is not None and (isinstance(as_of, bool) or not isinstance(as_of, int)):
        raise TypeError(f"as_of must be a year (an integer), got {as_of!r}")
    return resolve(method)


class PlanBatch:
    """Many plans and their observations, read once into numpy arrays, to be judged as of any
    year with any method: national progress data prepared for repeated evaluation.

    Preparing reads the plans' objects (the one step that loops in Python, about a third of a
    millisecond per plan of 40 indicators), applies units, indexes the observations and
    computes what does not depend on the year of evaluation: baselines, target levels and
    the rates they require. :meth:`evaluate` is then numpy only — for 2,844 counties × 40
    indicators, a few tens of milliseconds (``python -m benchmarks``).

    Args:
        plans: The plans.
        observations: Observations besides the plans' own: a mapping from plan id to
            :class:`~fyp_planning.Observation` objects (as ``assess``'s ``observations``),
            or an :class:`~fyp_planning.ObservationTable` of columns (national data: fastest).

    Raises:
        UnitMismatchError: an observation or a target is in a unit that does not convert to
            its indicator's.
        ValueError: observations of a plan or an indicator that is not given; with a table,
            plan ids that are not unique.
        TypeError: something other than plans, or observations of another kind.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           ObservationTable, PlanBatch, parse_quantity, parse_unit)
        >>> def county(pid):
        ...     return Plan(id=pid, region=pid, title="十四五规划", start_year=2021, end_year=2025,
        ...                 indicators=[Indicator(id="output", name="工业总产值",
        ...                                       unit=parse_unit("亿元"))],
        ...                 observations=[Observation(indicator="output", period=Period(2020),
        ...                                           value=parse_quantity("198亿元"))],
        ...                 targets=[LevelTarget(indicator="output", year=2025,
        ...                                      value=parse_quantity("300亿元"))])
        >>> table = ObservationTable(plan=["a", "a", "b"], indicator="output",
        ...                          year=[2021, 2022, 2022], value=[210.0, 2290000, 260.0],
        ...                          unit=["亿元", "万元", "亿元"])
        >>> batch = PlanBatch([county("a"), county("b")], table)
        >>> len(batch), batch.plan_ids
        (2, ('a', 'b'))
        >>> [v.label for v in batch.evaluate(as_of=2021).verdicts]
        ['进展中等', '数据不足']
        >>> [v.label for v in batch.evaluate(as_of=2022).verdicts]
        ['进展中等', '进展显著']
        >>> [v.value for v in batch.evaluate(as_of=2022, method="unsd").verdicts]
        ['fair', 'on_track']
    """

    def __init__(
        self,
        plans: Iterable[Plan],
        observations: Mapping[str, Iterable[Any]] | ObservationTable | None = None,
    ) -> None:
        plan_list = list(plans)
        for plan in plan_list:
            if not isinstance(plan, Plan):
                raise TypeError(f"plans must be Plan objects, got {plan!r}")
        ids = [p.id for p in plan_list]
        extra, table = _observations(observations, ids)
        data = gather_all(plan_list, ids, extra, table)
        self._start(ids, data, lambda: tuple(data.r_target))

    def _start(
        self,
        ids: list[str],
        data: Columns,
        targets: Callable[[], tuple[Target | None, ...]],
        words: Callable[[], list[str | None]] | None = None,
    ) -> None:
        self._ids = tuple(ids)
        self._data = data
        self._prepared = Prepared(data)
        self._make_targets = targets
        self._make_words = words

    @classmethod
    def from_store(cls, store: Any, observations: ObservationTable | None = None) -> PlanBatch:
        """The plans of a plan store (those saved, not their predecessors), prepared straight
        from its columns: no :class:`~fyp_planning.Plan` is built.

        The batch is that of ``PlanBatch(store.plans(), observations)``: the same rows in the
        same order, the same numbers and verdicts (plans are told apart by their row in the
        store, so their ids need not be unique unless ``observations`` is a table). A store
        holding a value its columns cannot give (a number kept in the ``extra`` column, a target
        read from its phrase) is read by building its plans instead. The targets of
        :attr:`BatchResult.targets` are read from the store when first asked for.

        Args:
            store: An opened plan store (:func:`~fyp_planning.open_plan_store`).
            observations: Observations besides the plans' own, as an
                :class:`~fyp_planning.ObservationTable` keyed by plan id.

        Raises:
            UnitMismatchError: an observation or a target is in a unit that does not convert to
                its indicator's.
            ValueError: observations of a plan or an indicator that is not given; with a table,
                plan ids that are not unique.
            PlanStoreError: a table of the store is missing or malformed.

        Examples:
            >>> import tempfile
            >>> import fyp_planning as fp
            >>> folder = tempfile.mkdtemp()
            >>> fp.dump_plan_store([fp.load("dongkou")], folder)
            >>> batch = fp.PlanBatch.from_store(fp.open_plan_store(folder))
            >>> batch, batch.plan_ids
            (<PlanBatch: 1 plans, 43 rows>, ('dongkou_14th_sti',))
            >>> plans = fp.load_plan_store(folder)
            >>> batch.evaluate().to_records() == fp.PlanBatch(plans).evaluate().to_records()
            True
        """
        if observations is not None and not isinstance(observations, ObservationTable):
            raise TypeError(
                f"observations must be an ObservationTable; got {type(observations).__name__}"
            )
        source: StoreColumns = store
        if store_needs_plans(source):
            return cls(store.plans(), observations)
        data, ids, rows = gather_store(source, observations)
        if observations is not None and len(set(ids)) != len(ids):
            raise ValueError("plan ids must be unique to match an ObservationTable's plan column")
        batch = cls.__new__(cls)

        def targets() -> tuple[Target | None, ...]:
            found = iter(source.target_objects(rows[rows >= 0].tolist()))
            return tuple(None if r < 0 else next(found) for r in rows.tolist())

        def words() -> list[str | None]:
            found = iter(source.target_words(rows[rows >= 0].tolist()))
            return [None if r < 0 else next(found) for r in rows.tolist()]

        batch._start(ids, data, targets, functools.cache(words))
        return batch

    @functools.cached_property
    def _targets(self) -> tuple[Target | None, ...]:
        return self._make_targets()

    @property
    def plan_ids(self) -> tuple[str, ...]:
        """The ids of the plans, in order."""
        return self._ids

    def __len__(self) -> int:
        """The number of rows: targets, and indicators judged on their trend alone."""
        return self._prepared.n

    def __repr__(self) -> str:
        return f"<PlanBatch: {len(self._ids)} plans, {len(self)} rows>"

    def evaluate(
        self, *, as_of: int | None = None, method: Method | str | None = None
    ) -> BatchResult:
        """Judge every row, using only observations of ``as_of`` or before (default: all).

        Args:
            as_of: The year of evaluation.
            method: A :class:`~fyp_planning.CountyMethod` (default), an :class:`~fyp_planning.OpenSDGMethod`, a
                :class:`~fyp_planning.UNSDMethod`, their names, or any method object (one
                without an array implementation has its own ``judge`` called once per row).

        Returns:
            A :class:`~fyp_planning.BatchResult`, rows in :func:`~fyp_planning.assess`'s order.

        Raises:
            ValueError: an unknown method name.
            TypeError: ``as_of`` is not a year.

        Examples:
            >>> from fyp_planning import PlanBatch
            >>> PlanBatch([]).evaluate(as_of=2023, method="unsd").method
            'unsd'
        """
        chosen = _checked(as_of, method)
        found = self._evaluation(as_of, chosen)
        tracks, judged = found.tracks, found.judged
        arrays = {
            **{field.name: getattr(tracks, field.name) for field in attrs.fields(Tracks)},
            "year": self._prepared.year,
            "required_rate": judged.required_rate,
            "actual_rate": judged.actual_rate,
            "projection": judged.projection,
            "ratio": judged.ratio,
            "rates_linear": judged.linear,
            "score": np.full(len(judged), np.nan) if judged.score is None else judged.score,
            "verdict_code": judged.verdict,
        }
        return BatchResult(
            method=chosen.name,
            targets=lambda: self._targets,
            labels=self._labels,
            arrays=arrays,
            words=self._make_words,
        )

    def _evaluation(self, as_of: int | None, method: Method) -> Evaluation:
        """Every row judged, with what :func:`~fyp_planning.assess` reads besides the
        numbers: the observations picked."""
        return judge(self._prepared, as_of, method)

    @functools.cached_property
    def _label_columns(self) -> _Labels:
        data, ids = self._data, self._ids
        g_id, g_unit, text = data.g_id, data.g_unit.tolist(), data.units.text
        groups = data.r_group.tolist()
        return (
            tuple(ids[p] for p in data.r_plan.tolist()),
            tuple(g_id[g] for g in groups),
            tuple(text(g_unit[g]) for g in groups),
            tuple(data.g_standard[g] for g in groups),
        )

    def _labels(self) -> _Labels:
        """Plan, indicator, unit and standard of each row, made when first read (then shared)."""
        return self._label_columns


def evaluate_many(
    plans: Iterable[Plan],
    observations: Mapping[str, Iterable[Any]] | ObservationTable | None = None,
    *,
    as_of: int | None = None,
    method: Method | str | None = None,
) -> BatchResult:
    """Judge the progress of every target of many plans at once, with numpy:
    ``PlanBatch(plans, observations).evaluate(as_of=as_of, method=method)``.

    The verdicts, rates and ratios are those of :func:`~fyp_planning.assess` on each plan
    (which is the batch of that one plan), in the same order: plan by plan, and within a plan
    indicator by indicator, an indicator without targets (but with observations) first
    judged on its trend. Magnitudes live in numpy arrays; pint converts each (unit, indicator
    unit) pair once, then whole columns are multiplied by the factor.

    Every branch of the built-in methods is vectorised: achieved, linear rates and the linear
    fallback for zero or negative values, stated annual rates, binding shortfalls and targets
    whose year has come (capped below the top verdict), deterioration from a baseline that
    met the target, no-target grading with the natural-limit factor, and insufficient data.
    Rate targets (每年增速8%) are judged year by year on arrays too: each year's attainment, then
    their mean, graded. A method without an array implementation (``judge_arrays`` and
    ``grade_array``, :class:`~fyp_planning.evaluation.ArrayMethod`) is judged one row at a time:
    its own ``judge`` per row (and ``grade`` per rate target).
    Only reading the plans' objects (targets, indicators, the plans' own observations) loops
    in Python; observations given as an :class:`~fyp_planning.ObservationTable` never do. To
    judge the same data as of several years, or with both methods, prepare a
    :class:`~fyp_planning.PlanBatch` once and call its ``evaluate``.

    Args:
        plans: The plans.
        observations: Observations besides the plans' own: a mapping from plan id to
            :class:`~fyp_planning.Observation` objects (as ``assess``'s ``observations``),
            or an :class:`~fyp_planning.ObservationTable` of columns (national data: fastest).
        as_of: Use only observations of this year or before (default: all).
        method: A :class:`~fyp_planning.CountyMethod` (default), an :class:`~fyp_planning.OpenSDGMethod`, a
            :class:`~fyp_planning.UNSDMethod`, their names, or any method object.

    Returns:
        A :class:`~fyp_planning.BatchResult`.

    Raises:
        UnitMismatchError: an observation or a target is in a unit that does not convert to
            its indicator's.
        ValueError: observations of a plan or an indicator that is not given, or an unknown
            method name.

    Examples:
        >>> from fyp_planning import (Plan, Indicator, LevelTarget, Observation, Period,
        ...                           ObservationTable, parse_quantity, parse_unit,
        ...                           evaluate_many)
        >>> def county(pid):
        ...     return Plan(id=pid, region=pid, title="十四五规划", start_year=2021, end_year=2025,
        ...                 indicators=[Indicator(id="output", name="工业总产值",
        ...                                       unit=parse_unit("亿元"))],
        ...                 observations=[Observation(indicator="output", period=Period(2020),
        ...                                           value=parse_quantity("198亿元"))],
        ...                 targets=[LevelTarget(indicator="output", year=2025,
        ...                                      value=parse_quantity("300亿元"))])
        >>> table = ObservationTable(plan=["a", "b"], indicator="output", year=[2022, 2022],
        ...                          value=[2290000, 260.0], unit=["万元", "亿元"])
        >>> result = evaluate_many([county("a"), county("b")], table)
        >>> [v.label for v in result.verdicts]
        ['进展中等', '进展显著']
        >>> [v.value for v in evaluate_many([county("a"), county("b")], table,
        ...                                 method="unsd").verdicts]
        ['fair', 'on_track']
    """
    chosen = _checked(as_of, method)  # before the plans are read
    return PlanBatch(plans, observations).evaluate(as_of=as_of, method=chosen)
