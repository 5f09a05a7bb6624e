"""The progress arithmetic of ``fp.evaluate_many`` written in pandas: the comparator of the row
``progress: pandas (same arithmetic)`` (pandas is optional: without it the row is left out).

The data are the benchmark's (:mod:`benchmarks.generate`) as tidy frames — what a columnar store
would hand over: one row per observation (the plans' own 2020 baselines and the observation
table), one per target with its level in the indicator's unit, one per (rate target, year).
Reading the plans' objects into those frames is :func:`frames`, not timed; :func:`progress`,
timed, does what ``PlanBatch`` + ``evaluate`` do for this data's targets: unit factors applied,
the baseline (base year) and the latest value (at or before ``as_of``) of each series picked by
the same preference (a whole year, then actual over preliminary over estimate, then the later),
growth targets' implied levels, compound or linear rates (linear for linear indicators and where
a value is not positive), the Open SDG ratio and thresholds with the binding and target-year
caps, and rate targets judged year by year (mean attainment). The verdicts are
``evaluate_many``'s (``tests/test_batch.py`` checks it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fyp_planning as fp

from .generate import Synthetic

__all__ = ["available", "frames", "progress"]

#: Open SDG verdicts as the codes of :data:`fyp_planning.evaluation.VERDICTS`.
_CODE = {v: i for i, v in enumerate(fp.Verdict)}
_TOLERANCE = 1e-9


def available() -> bool:
    """Whether pandas can be imported."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def frames(data: Synthetic) -> dict[str, Any]:
    """The benchmark's plans and observations as pandas frames (reads the plans' objects)."""
    import pandas as pd

    table = data.table
    plans = data.plans
    obs = pd.DataFrame(
        {
            "plan": np.asarray(table.plans, dtype=object)[table.plan_codes],
            "indicator": np.asarray(table.indicators, dtype=object)[table.indicator_codes],
            "year": table.year,
            "last": table.last_month,
            "whole": (table.first_month == 1) & (table.last_month == 12),
            "status": table.status_rank,
            "value": table.value,
            "unit": np.asarray(table.units, dtype=object)[table.unit_codes],
        }
    )
    own = [(p.id, o) for p in plans for o in p.observations]
    base_obs = pd.DataFrame(
        {
            "plan": [pid for pid, _ in own],
            "indicator": [o.indicator for _, o in own],
            "year": [o.period.year for _, o in own],
            "last": [o.period.last_month for _, o in own],
            "whole": [not o.period.is_partial for _, o in own],
            "status": [
                {"actual": 2, "preliminary": 1, "estimate": 0}[o.status.value] for _, o in own
            ],
            "value": [float(o.value.magnitude) for _, o in own],
            "unit": [fp.format_unit(o.value.units) for _, o in own],
        }
    )
    rows: list[dict[str, Any]] = []
    years: list[tuple[int, int]] = []
    for plan in plans:
        inds = {i.id: i for i in plan.indicators}
        for t in plan.targets:
            ind = inds[t.indicator]
            row = {
                "row": len(rows),
                "plan": plan.id,
                "indicator": ind.id,
                "year": t.year,
                "base_year": plan.base_year,
                "sense": 1 if t.comparator is fp.Comparator.GE else -1,
                "linear": ind.growth is fp.GrowthMode.LINEAR,
                "binding": ind.kind is fp.IndicatorKind.BINDING,
                "kind": "level",
                "level": np.nan,
                "rate": np.nan,
            }
            if isinstance(t, fp.RateTarget):
                row.update(kind="rate", level=float(fp.to_unit(t.value, ind.unit).magnitude))
                years += [(row["row"], y) for y in sorted(set(t.years or plan.years))]
            elif isinstance(t, fp.GrowthTarget):
                sign = -1.0 if isinstance(t, fp.ReductionTarget) else 1.0
                rate = sign * float(t.rate.to("dimensionless").magnitude)
                row.update(kind="growth", rate=rate, linear=False)
                if sign < 0:
                    row["sense"] = -row["sense"]
            else:
                row["level"] = float(fp.to_unit(t.value, ind.unit).magnitude)
            rows.append(row)
    observations = pd.concat([base_obs, obs], ignore_index=True)
    targets = pd.DataFrame(rows)
    # a store keys each (plan, indicator) series by an integer, and codes its labels
    keys = pd.MultiIndex.from_frame(targets[["plan", "indicator"]].drop_duplicates())
    observations, targets = (
        frame.assign(
            series=keys.get_indexer(pd.MultiIndex.from_frame(frame[["plan", "indicator"]]))
        ).drop(columns=["plan", "indicator"])
        for frame in (observations, targets)
    )
    observations["unit"] = observations["unit"].astype("category")
    return {
        "observations": observations,
        "targets": targets,
        "rate_years": pd.DataFrame(years, columns=["row", "year"]),
        "factors": {"亿元": 1.0, "万元": 1e-4, "%": 1.0, "家": 1.0, "吨标准煤/万元": 1.0},
    }


def _pick(obs: Any, keys: list[str]) -> Any:
    """The preferred observation of each group of ``keys``: the one ending last (year, then
    month), then a whole year, then by status — the last after sorting."""
    order = [*keys, *(["year"] if "year" not in keys else []), "last", "whole", "status"]
    return obs.sort_values(order).drop_duplicates(keys, keep="last")


def _grade(ratio: Any, binding_short: Any) -> Any:
    limited, deterioration = _CODE[fp.Verdict.LIMITED], _CODE[fp.Verdict.DETERIORATION]
    verdict = np.where(ratio >= -_TOLERANCE, limited, deterioration)
    verdict = np.where(ratio >= 0.60 - _TOLERANCE, _CODE[fp.Verdict.MODERATE], verdict)
    top = np.where(binding_short, _CODE[fp.Verdict.MODERATE], _CODE[fp.Verdict.SUBSTANTIAL])
    return np.where(ratio >= 0.95 - _TOLERANCE, top, verdict)


def progress(f: dict[str, Any], as_of: int) -> Any:
    """Every target judged (Open SDG), in pandas: an array of rows ``(row, verdict, ratio)``,
    verdicts as codes of :data:`fyp_planning.evaluation.VERDICTS`, in the order of the rows of
    ``evaluate_many``."""
    with np.errstate(all="ignore"):
        return _progress(f, as_of)


def _progress(f: dict[str, Any], as_of: int) -> Any:
    obs = f["observations"]
    factor = obs["unit"].map(f["factors"]).astype(np.float64)
    obs = obs.assign(value=obs["value"] * factor)
    t = f["targets"]
    level_t = t[t["kind"] != "rate"]
    at_base = obs[obs["year"].isin(level_t["base_year"].unique())]
    base = at_base.merge(level_t[["series", "base_year"]].drop_duplicates(), on="series")
    base = _pick(base[base["year"] == base["base_year"]], ["series"])
    latest = _pick(obs[obs["year"] <= as_of], ["series"])
    latest = latest.assign(latest_time=latest["year"] - 1 + latest["last"] / 12)
    rows = level_t.merge(
        base[["series", "value"]].rename(columns={"value": "b"}), on="series", how="left"
    ).merge(latest[["series", "value", "latest_time"]].rename(columns={"value": "v"}), on="series")
    b, v, years_l = rows["b"], rows["v"], rows["latest_time"] - rows["base_year"]
    growth = rows["kind"] == "growth"
    span = rows["year"] - rows["base_year"]
    level = np.where(growth, b * (1.0 + rows["rate"]) ** span, rows["level"])
    sense = rows["sense"]
    met = np.where(sense > 0, v >= level, v <= level) | np.isclose(
        v, level, rtol=_TOLERANCE, atol=0
    )
    linear = rows["linear"] | ~((b > 0) & (v >= 0) & (level >= 0))
    actual = np.where(linear, (v - b) / years_l, (v / b) ** (1.0 / years_l) - 1.0)
    required = np.where(
        linear,
        (level - b) / span,
        np.where(growth, rows["rate"], (level / b) ** (1.0 / span) - 1.0),
    )
    ratio = actual / required
    verdict = _grade(ratio, rows["binding"] & (ratio < 1 - _TOLERANCE))
    due = rows["latest_time"] >= rows["year"]
    substantial, moderate = _CODE[fp.Verdict.SUBSTANTIAL], _CODE[fp.Verdict.MODERATE]
    verdict = np.where(due & (verdict == substantial), moderate, verdict)
    verdict = np.where(sense * required <= 0, _CODE[fp.Verdict.DETERIORATION], verdict)
    verdict = np.where(met, _CODE[fp.Verdict.ACHIEVED], verdict)
    judged = rows.assign(verdict=verdict, ratio=np.where(met, np.nan, ratio))

    # rate targets: each year up to as_of scored, the ratio the mean attainment
    rate_t = t[t["kind"] == "rate"]
    years = f["rate_years"]
    due_years = years[years["year"] <= as_of].merge(
        rate_t[["row", "series", "level", "binding"]], on="row"
    )
    found = due_years.merge(obs[["series", "year", "last", "whole", "status", "value"]])
    scored = due_years.merge(
        _pick(found, ["row", "year"])[["row", "year", "value"]], on=["row", "year"], how="left"
    )
    target, value = scored["level"], scored["value"]
    hit = (value >= target) | np.isclose(value, target, rtol=_TOLERANCE, atol=0)
    attain = np.where(hit, 1.0, np.minimum(1.0, 1.0 - (target - value) / target.abs()))
    per = (
        scored.assign(missed=~hit, attain=attain)
        .groupby("row")
        .agg(ratio=("attain", "mean"), missed=("missed", "max"), n=("missed", "size"))
    )
    per = per.join(rate_t.set_index("row")[["binding"]])
    complete = per["n"] == years.groupby("row").size().reindex(per.index)
    graded = _grade(per["ratio"].to_numpy(), (per["binding"] & per["missed"]).to_numpy())
    achieved = (complete & ~per["missed"]).to_numpy()
    rates = per.assign(verdict=np.where(achieved, _CODE[fp.Verdict.ACHIEVED], graded))
    columns = ["row", "verdict", "ratio"]
    out = np.concatenate([judged[columns].to_numpy(), rates.reset_index()[columns].to_numpy()])
    order = np.argsort(out[:, 0], kind="stable")
    return out[order]
