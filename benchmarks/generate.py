"""A seeded synthetic generator of realistic county five-year plans (十四五, 2021–2025).

Each county plan has ``indicators`` indicators in the shapes county plans use — output values in
亿元 growing compound, shares in % growing linearly towards a 100 % limit, counts of firms (家),
energy intensity (吨标准煤/万元, lower is better), a yearly growth-rate indicator with a rate
target (每年增速) — a 2020 baseline each, and targets: 2025 levels, annual growth and reduction
rates, thresholds, some interim 2023 levels; about a quarter are binding (约束性). Counties have
chains of industry on shared templates (8–25 segments in a layered supply graph, some core),
with local enterprises (leaders, above-scale firms, small ones) present in some segments.

Observations for ``years`` years (2016 on) come as one :class:`~fyp_planning.ObservationTable`:
values follow each indicator's path with noise; a third of the money values are reported in
万元, the last year is preliminary.

Everything is drawn from ``random.Random(seed)`` and ``numpy.random.default_rng(seed)``: the
same arguments give the same plans and observations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

import fyp_planning as fp

__all__ = ["Indicator", "Synthetic", "chain_plans", "county_plans", "observation_table"]

BASE_YEAR = 2020
FIRST_YEAR = 2016


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue, and how its values move."""

    id: str
    name: str
    unit: str
    family: str  # money, share, count, intensity, rate
    direction: fp.Direction
    growth: fp.GrowthMode
    binding: bool


def catalogue(n: int) -> list[Indicator]:
    """``n`` indicators cycling through the families county plans have."""
    shapes = [
        ("money", "亿元", "产值", fp.Direction.HIGHER, fp.GrowthMode.COMPOUND),
        ("money", "亿元", "税收", fp.Direction.HIGHER, fp.GrowthMode.COMPOUND),
        ("share", "%", "占比", fp.Direction.HIGHER, fp.GrowthMode.LINEAR),
        ("count", "家", "企业数", fp.Direction.HIGHER, fp.GrowthMode.LINEAR),
        ("money", "亿元", "投资", fp.Direction.HIGHER, fp.GrowthMode.COMPOUND),
        ("intensity", "吨标准煤/万元", "能耗强度", fp.Direction.LOWER, fp.GrowthMode.COMPOUND),
        ("share", "%", "覆盖率", fp.Direction.HIGHER, fp.GrowthMode.LINEAR),
        ("rate", "%", "增速", fp.Direction.HIGHER, fp.GrowthMode.LINEAR),
    ]
    out = []
    for i in range(n):
        family, unit, word, direction, growth = shapes[i % len(shapes)]
        out.append(
            Indicator(
                id=f"ind_{i:02d}",
                name=f"指标{i:02d}{word}",
                unit=unit,
                family=family,
                direction=direction,
                growth=growth,
                binding=family == "intensity" or i % 4 == 3,
            )
        )
    return out


def _templates(rng: random.Random, count: int, segments: tuple[int, int]) -> list[fp.ChainTemplate]:
    """Chain templates: layered supply graphs (upstream → midstream → downstream)."""
    stages = [fp.Stage.UPSTREAM, fp.Stage.MIDSTREAM, fp.Stage.DOWNSTREAM, fp.Stage.SERVICES]
    out = []
    for t in range(count):
        n = rng.randint(*segments)
        layers = sorted(rng.randint(0, 3) for _ in range(n))
        segs = [
            fp.Segment(
                id=f"s{i:02d}",
                name=f"环节{i:02d}",
                stage=stages[layer],
                core=rng.random() < 0.25,
            )
            for i, layer in enumerate(layers)
        ]
        edges = set()
        for i in range(n):
            later = [j for j in range(n) if layers[j] > layers[i]]
            for j in rng.sample(later, min(len(later), rng.randint(1, 2))):
                edges.add((f"s{i:02d}", f"s{j:02d}"))
        out.append(
            fp.ChainTemplate(
                id=f"template_{t:02d}",
                name=f"产业链模板{t:02d}",
                segments=segs,
                edges=sorted(edges),
            )
        )
    return out


def _chains_part(
    rng: random.Random, templates: list[fp.ChainTemplate], n_chains: int
) -> dict[str, list]:
    """Templates, enterprises and chains for one county."""
    chosen = [rng.choice(templates) for _ in range(n_chains)]
    used = {t.id: t for t in chosen}
    enterprises = []
    chains = []
    for c, template in enumerate(chosen):
        presence: dict[str, list[str]] = {}
        for seg in template.segments:
            if rng.random() < 0.45:
                continue
            firms = []
            for _ in range(rng.randint(1, 3)):
                fid = f"firm_{len(enterprises):03d}"
                enterprises.append(
                    fp.Enterprise(
                        id=fid,
                        name=f"企业{len(enterprises):03d}",
                        chains=[f"chain_{c:02d}"],
                        leader=rng.random() < 0.1,
                        above_scale=rng.random() < 0.4,
                    )
                )
                firms.append(fid)
            presence[seg.id] = firms
        # the plan's own directions, as a county records them (Dongkou: 30 over 7 chains):
        # one to three naming segments, and one for the whole chain; from a generator of
        # their own, so the rest of the data is as it was
        own = random.Random(f"{template.id}-{c}-{len(enterprises)}")
        ids = [s.id for s in template.segments]
        directions = [
            fp.ChainDirection(
                action=own.choice(list(fp.ChainAction)),
                segments=tuple(own.sample(ids, own.randint(1, 4))),
                text="规划原文",
                source="第四章",
            )
            for _ in range(own.randint(1, 3))
        ]
        directions.append(fp.ChainDirection(action=own.choice(list(fp.ChainAction)), text="全链"))
        chains.append(
            fp.Chain(
                id=f"chain_{c:02d}",
                name=f"产业链{c:02d}",
                template=template.id,
                presence=presence,
                directions=directions,
            )
        )
    return {"templates": list(used.values()), "enterprises": enterprises, "chains": chains}


def _path(rng: np.random.Generator, ind: Indicator, n: int, years: int) -> np.ndarray:
    """Values of ``n`` counties over ``years`` years (2016 on), in the indicator's unit."""
    t = np.arange(years) - (BASE_YEAR - FIRST_YEAR)
    noise = rng.normal(0.0, 0.01, size=(n, years))
    if ind.family == "money":
        base = rng.uniform(2.0, 500.0, size=(n, 1))
        growth = rng.uniform(-0.02, 0.14, size=(n, 1))
        return base * (1 + growth) ** t * (1 + noise)
    if ind.family == "intensity":
        base = rng.uniform(0.3, 2.0, size=(n, 1))
        growth = rng.uniform(-0.06, 0.01, size=(n, 1))
        return base * (1 + growth) ** t * (1 + noise)
    if ind.family == "share":
        base = rng.uniform(5.0, 90.0, size=(n, 1))
        step = rng.uniform(-0.5, 2.5, size=(n, 1))
        return np.clip(base + step * t + 50 * noise, 0.0, 100.0)
    if ind.family == "count":
        base = rng.integers(5, 300, size=(n, 1)).astype(float)
        step = rng.integers(-3, 20, size=(n, 1))
        return np.maximum(0.0, np.round(base + step * t + 100 * noise))
    return rng.uniform(3.0, 12.0, size=(n, years))  # yearly growth rates, in %


@dataclass
class Synthetic:
    """Plans and their observations, with the arrays the numpy baseline reads."""

    plans: list[fp.Plan]
    table: fp.ObservationTable
    #: Values in each indicator's unit, (counties × indicators, years), as the table holds them.
    cube: np.ndarray
    #: Target levels (2025) and senses per series, for the baseline kernel.
    target: np.ndarray
    sense: np.ndarray


def county_plans(
    counties: int,
    indicators: int,
    years: int,
    *,
    chains: int = 0,
    segments: tuple[int, int] = (8, 25),
    seed: int = 2021,
) -> Synthetic:
    """``counties`` county plans of ``indicators`` indicators, ``years`` years of observations
    (from 2016) in an :class:`~fyp_planning.ObservationTable`, and ``chains`` chains in all
    (spread over the counties) on templates of ``segments`` segments."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    cat = catalogue(indicators)
    values = np.stack([_path(nrng, ind, counties, years) for ind in cat], axis=1)
    base_col = BASE_YEAR - FIRST_YEAR
    templates = _templates(rng, 12, segments) if chains else []
    per_county = [chains // counties + (i < chains % counties) for i in range(counties)]
    units = {ind.unit: fp.parse_unit(ind.unit) for ind in cat}
    plans = []
    target = np.empty((counties, indicators))
    sense = np.empty((counties, indicators))
    for c in range(counties):
        inds, obs, tgts = [], [], []
        for k, ind in enumerate(cat):
            unit = units[ind.unit]
            limit = fp.Quantity(100, unit) if ind.family == "share" else None
            inds.append(
                fp.Indicator(
                    id=ind.id,
                    name=ind.name,
                    unit=unit,
                    direction=ind.direction,
                    growth=ind.growth,
                    kind=fp.IndicatorKind.BINDING if ind.binding else fp.IndicatorKind.ANTICIPATORY,
                    limit=limit,
                )
            )
            base = float(round(values[c, k, base_col], 4))
            values[c, k, base_col] = base
            obs.append(
                fp.Observation(
                    indicator=ind.id, period=fp.Period(BASE_YEAR), value=fp.Quantity(base, unit)
                )
            )
            up = ind.direction is fp.Direction.HIGHER
            rate = round(rng.uniform(0.03, 0.12) if up else rng.uniform(0.02, 0.05), 3)
            level = base * (1 + rate) ** 5 if up else base * (1 - rate) ** 5
            if ind.family in ("share", "count"):
                level = (
                    min(100.0, base + rng.uniform(2, 12)) if ind.family == "share" else base + 20
                )
            level = round(level, 2)
            target[c, k] = level
            sense[c, k] = 1 if up else -1
            comparator = fp.Comparator.GE if up else fp.Comparator.LE
            if ind.family == "rate":
                tgts.append(
                    fp.RateTarget(
                        indicator=ind.id,
                        year=2025,
                        value=fp.Quantity(round(rng.uniform(5, 9), 1), unit),
                        years=list(range(2021, 2026)),
                    )
                )
                target[c, k] = np.nan
            elif ind.family == "intensity":
                tgts.append(
                    fp.ReductionTarget(
                        indicator=ind.id, year=2025, rate=fp.Quantity(100 * rate, "percent")
                    )
                )
            elif ind.family == "money" and k % 3 == 0:
                tgts.append(
                    fp.GrowthTarget(
                        indicator=ind.id, year=2025, rate=fp.Quantity(100 * rate, "percent")
                    )
                )
            else:
                tgts.append(
                    fp.LevelTarget(
                        indicator=ind.id,
                        year=2025,
                        value=fp.Quantity(level, unit),
                        comparator=comparator,
                    )
                )
                if k % 5 == 0:  # an interim target
                    tgts.append(
                        fp.ThresholdTarget(
                            indicator=ind.id,
                            year=2023,
                            value=fp.Quantity(round(base, 2), unit),
                            comparator=comparator,
                        )
                    )
        extra = _chains_part(rng, templates, per_county[c]) if per_county[c] else {}
        plans.append(
            fp.Plan(
                id=f"county_{c:04d}",
                region=f"示例县{c:04d}",
                title=f"示例县{c:04d}“十四五”规划",
                start_year=2021,
                end_year=2025,
                indicators=inds,
                observations=obs,
                targets=tgts,
                **extra,
            )
        )
    table, cube = observation_table(nrng, plans, cat, values)
    return Synthetic(
        plans=plans,
        table=table,
        cube=cube,
        target=target.reshape(-1),
        sense=sense.reshape(-1),
    )


def observation_table(
    rng: np.random.Generator, plans: list[fp.Plan], cat: list[Indicator], values: np.ndarray
) -> tuple[fp.ObservationTable, np.ndarray]:
    """The observations of every county, indicator and year but the base year (which the
    plans hold), as a table; a third of the money values in 万元, the last year preliminary."""
    counties, n_ind, years = values.shape
    yrs = FIRST_YEAR + np.arange(years)
    keep = yrs != BASE_YEAR
    cube = values[:, :, keep].reshape(counties * n_ind, -1)
    year = np.broadcast_to(yrs[keep], (counties, n_ind, keep.sum())).reshape(-1)
    plan = np.repeat(np.array([p.id for p in plans]), n_ind * keep.sum())
    ind_ids = np.array([ind.id for ind in cat])
    indicator = np.tile(np.repeat(ind_ids, keep.sum()), counties)
    unit_of = np.array([ind.unit for ind in cat])
    unit = np.tile(np.repeat(unit_of, keep.sum()), counties).astype(object)
    flat = cube.reshape(-1).copy()
    money = (unit == "亿元") & (rng.random(len(flat)) < 1 / 3)
    unit[money] = "万元"
    flat[money] *= 1e4
    status = np.where(year == yrs[-1], "preliminary", "actual")
    table = fp.ObservationTable(
        plan=plan.tolist(),
        indicator=indicator.tolist(),
        year=year,
        value=flat,
        unit=unit.tolist(),
        status=status.tolist(),
    )
    return table, cube


def chain_plans(
    chains: int, *, per_plan: int = 10, segments: tuple[int, int] = (8, 25), seed: int = 2021
) -> list[fp.Plan]:
    """Plans holding ``chains`` chains in all (``per_plan`` each), for gap analysis."""
    rng = random.Random(seed)
    templates = _templates(rng, 12, segments)
    out = []
    for p in range((chains + per_plan - 1) // per_plan):
        n = min(per_plan, chains - p * per_plan)
        out.append(
            fp.Plan(
                id=f"chains_{p:05d}",
                region=f"示例县{p:05d}",
                title="产业链",
                start_year=2021,
                end_year=2025,
                **_chains_part(rng, templates, n),
            )
        )
    return out
