"""The national batch from a plan store, end to end, beside duckdb doing the same arithmetic on
the same Parquet files (the rows ``national batch from store, end to end`` and ``national
batch: duckdb (same arithmetic, same files)``; duckdb is optional: without it its row is left
out).

The store (:func:`write_store`, not timed) holds the benchmark's plans with every observation:
``fp.dump_plan_store`` of the plans (their 2020 baselines), then the observation table's rows
added to ``observations.parquet`` as the store keeps a plan's observations (value and unit,
year, status), so that the store is what saving plans that carry all their observations gives.

* :func:`fyp_from_store` — what ``fyp batch --store FOLDER -o OUT.parquet --as-of 2023`` does:
  open the store, ``fp.PlanBatch.from_store`` (read the columns, prepare), evaluate, write the
  tidy result as Parquet;
* :func:`duckdb_from_store` — one SQL query over the same Parquet files doing the arithmetic of
  ``benchmarks/pandas_progress.py`` (units applied, baselines and latest values picked by the
  same preference, implied levels of growth targets, compound or linear rates, the Open SDG
  ratio and thresholds with the binding and target-year caps, rate targets judged year by
  year), its result written as Parquet.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fyp_planning as fp

from .generate import Synthetic

__all__ = [
    "available",
    "duckdb_from_store",
    "fyp_from_store",
    "pyarrow_available",
    "unit_factors",
    "write_store",
]

#: The statuses of the observation table's ranks, as the store writes them.
_STATUS = {2: None, 1: "preliminary", 0: "estimate"}


def pyarrow_available() -> bool:
    """Whether pyarrow (the plan store's dependency) can be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def available() -> bool:
    """Whether duckdb can be imported."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def write_store(data: Synthetic, folder: Path) -> None:
    """The plans, with every observation of the table, as a plan store in ``folder``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fp.dump_plan_store(data.plans, folder)
    path = folder / "observations.parquet"
    own = pq.read_table(path)
    table = data.table
    plans = own.schema.metadata  # the store's version, kept
    rows = fp.open_plan_store(folder).arrays("plans", "plan", "id", "region")
    where = {pid: i for i, pid in enumerate(rows["id"].tolist())}
    names = {i.id: i.name for p in data.plans[:1] for i in p.indicators}
    plan_row = np.array([where[p] for p in table.plans], dtype=np.int64)[table.plan_codes]
    n = len(table)
    indicator = np.asarray(table.indicators, dtype=object)[table.indicator_codes]
    status = np.array([_STATUS[r] for r in range(3)], dtype=object)[table.status_rank]
    whole = (table.first_month == 1) & (table.last_month == 12)
    assert whole.all(), "the benchmark's table has whole years only"
    added = {
        "plan": plan_row,
        "plan_id": np.asarray(table.plans, dtype=object)[table.plan_codes],
        "region": rows["region"][plan_row],
        "indicator": indicator,
        "indicator_name": np.array([names.get(x) for x in table.indicators], dtype=object)[
            table.indicator_codes
        ],
        "period": table.year,
        "period_part": [None] * n,
        "value": table.value,
        "value_unit": np.asarray(table.units, dtype=object)[table.unit_codes],
        "status": status,
        "comparator": [None] * n,
        "source": [None] * n,
        "text": [None] * n,
        "extra": [None] * n,
    }
    more = pa.table({k: pa.array(v, type=own.schema.field(k).type) for k, v in added.items()})
    both = pa.concat_tables([own, more.cast(own.schema)]).replace_schema_metadata(plans)
    pq.write_table(both, path)


def fyp_from_store(folder: Path, out: Path, as_of: int) -> int:
    """``fyp batch --store`` without the summary: open, prepare, evaluate, write Parquet."""
    batch = fp.PlanBatch.from_store(fp.open_plan_store(folder))
    result = batch.evaluate(as_of=as_of)
    result.to_parquet(out)
    return len(result)


_SQL = """
WITH roots AS (
    SELECT plan, start_year, end_year, base_year FROM read_parquet('{d}/plans.parquet')
    WHERE successor IS NULL
), inds AS (
    SELECT i.plan, i.id AS indicator, i.unit, i.growth = 'linear' AS linear,
           i.kind = 'binding' AS binding
    FROM read_parquet('{d}/indicators.parquet') i JOIN roots USING (plan)
), factors(unit, ind_unit, factor) AS (VALUES {factors}),
obs AS (
    SELECT o.plan, o.indicator, o.period AS year, 12 AS last,
           o.period_part IS NULL AS whole,
           CASE coalesce(o.status, 'actual') WHEN 'actual' THEN 2 WHEN 'preliminary' THEN 1
                ELSE 0 END AS status,
           o.value * f.factor AS value
    FROM read_parquet('{d}/observations.parquet') o JOIN inds i USING (plan, indicator)
    JOIN factors f ON f.unit = o.value_unit AND f.ind_unit = i.unit
), tgt AS (
    SELECT row_number() OVER () - 1 AS row, t.plan, t.indicator, t.kind, t.year,
           coalesce(t.base_year, r.base_year) AS base_year, r.start_year, r.end_year,
           t.years, i.linear AND t.kind NOT IN ('growth', 'reduction') AS linear, i.binding,
           (CASE t.comparator WHEN '<=' THEN -1 ELSE 1 END)
               * (CASE t.kind WHEN 'reduction' THEN -1 ELSE 1 END) AS sense,
           t.value * f.factor AS level,
           (CASE t.kind WHEN 'reduction' THEN -1 ELSE 1 END) * t.rate / 100.0 AS rate
    FROM read_parquet('{d}/targets.parquet') t JOIN roots r USING (plan)
    JOIN inds i USING (plan, indicator)
    LEFT JOIN factors f ON f.unit = t.value_unit AND f.ind_unit = i.unit
), base AS (
    SELECT plan, indicator, year, value FROM obs
    QUALIFY row_number() OVER (PARTITION BY plan, indicator, year
                               ORDER BY whole DESC, status DESC, last DESC) = 1
), latest AS (
    SELECT plan, indicator, value AS v, year - 1 + last / 12 AS latest_time FROM obs
    WHERE year <= {as_of}
    QUALIFY row_number() OVER (PARTITION BY plan, indicator
                               ORDER BY year DESC, last DESC, whole DESC, status DESC) = 1
), rows AS (
    SELECT t.*, b.value AS b, l.v, l.latest_time, l.latest_time - t.base_year AS years_l,
           t.year - t.base_year AS span,
           CASE WHEN t.kind IN ('growth', 'reduction') THEN b.value * pow(1 + t.rate, t.year - t.base_year)
                ELSE t.level END AS goal
    FROM tgt t
    LEFT JOIN base b ON b.plan = t.plan AND b.indicator = t.indicator AND b.year = t.base_year
    JOIN latest l ON l.plan = t.plan AND l.indicator = t.indicator
    WHERE t.kind <> 'rate'
), rated AS (
    SELECT *,
        (sense > 0 AND v >= goal) OR (sense < 0 AND v <= goal)
            OR abs(v - goal) <= 1e-9 * greatest(abs(v), abs(goal)) AS met,
        linear OR NOT (b > 0 AND v >= 0 AND goal >= 0) AS lin
    FROM rows
), ratios AS (
    SELECT *,
        CASE WHEN lin THEN (v - b) / years_l ELSE pow(v / b, 1.0 / years_l) - 1 END AS actual,
        CASE WHEN lin THEN (goal - b) / span
             WHEN kind IN ('growth', 'reduction') THEN rate
             ELSE pow(goal / b, 1.0 / span) - 1 END AS required
    FROM rated
), judged AS (
    SELECT row, plan, indicator,
        CASE WHEN met THEN 0
             WHEN sense * required <= 0 THEN 4
             WHEN actual / required >= 0.95 - 1e-9
                  THEN CASE WHEN (binding AND actual / required < 1 - 1e-9)
                                 OR latest_time >= year THEN 2 ELSE 1 END
             WHEN actual / required >= 0.60 - 1e-9 THEN 2
             WHEN actual / required >= -1e-9 THEN 3 ELSE 4 END AS verdict,
        CASE WHEN met THEN NULL ELSE actual / required END AS ratio
    FROM ratios
), rate_years AS (
    SELECT t.row, t.plan, t.indicator, t.level, t.binding, y.year,
           count(*) OVER (PARTITION BY t.row) AS n_years
    FROM tgt t, LATERAL (SELECT unnest(CASE WHEN len(coalesce(t.years, [])) > 0 THEN t.years
                         ELSE range(t.start_year, t.end_year + 1) END) AS year) y
    WHERE t.kind = 'rate'
), scored AS (
    SELECT r.row, r.plan, r.indicator, r.binding, r.n_years, b.value IS NOT NULL AS seen,
           b.value >= r.level OR abs(b.value - r.level) <= 1e-9 * abs(r.level) AS hit,
           CASE WHEN b.value >= r.level THEN 1.0
                ELSE least(1.0, 1 - (r.level - b.value) / abs(r.level)) END AS attain
    FROM rate_years r LEFT JOIN base b USING (plan, indicator, year)
    WHERE r.year <= {as_of}
), per_rate AS (
    SELECT row, plan, indicator, avg(attain) AS ratio, bool_or(seen AND NOT hit) AS missed,
           count(*) FILTER (WHERE seen) AS n, any_value(n_years) AS n_years,
           any_value(binding) AS binding, bool_and(seen) AS all_seen
    FROM scored GROUP BY row, plan, indicator
), rates AS (
    SELECT row, plan, indicator,
        CASE WHEN n = n_years AND all_seen AND NOT missed THEN 0
             WHEN ratio >= 0.95 - 1e-9 THEN CASE WHEN binding AND missed THEN 2 ELSE 1 END
             WHEN ratio >= 0.60 - 1e-9 THEN 2
             WHEN ratio >= -1e-9 THEN 3 ELSE 4 END AS verdict,
        ratio
    FROM per_rate WHERE n > 0
)
SELECT * FROM (SELECT * FROM judged UNION ALL SELECT * FROM rates) ORDER BY row
"""


def duckdb_from_store(
    folder: Path, out: Path, as_of: int, factors: dict[tuple[str, str], float]
) -> int:
    """The same arithmetic in duckdb on the store's files; the result written as Parquet.
    ``factors``: the conversion factor of each (unit, indicator unit) pair of the data (duckdb
    has no units), as the pandas comparator is given them."""
    import duckdb

    values = ", ".join(f"('{u}', '{iu}', {f!r})" for (u, iu), f in factors.items())
    query = _SQL.format(d=folder, factors=values, as_of=as_of)
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")
        return int(con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def unit_factors(data: Synthetic) -> dict[tuple[str, str], float]:
    """The factor of each (unit, indicator unit) pair of the data, worked out with pint outside
    the timing (duckdb has no units; the pandas comparator is given them the same way)."""
    out: dict[tuple[str, str], float] = {}
    for ind in data.plans[0].indicators:
        dst = fp.format_unit(ind.unit)
        for text in {*data.table.units, dst}:
            if not text:
                continue
            try:
                q = fp.Quantity(1.0, fp.parse_unit(text)).to(ind.unit)
            except fp.FypError:
                raise
            except Exception:  # pint's DimensionalityError: not a pair of the data
                continue
            out[(text, dst)] = float(q.magnitude)
    return out
