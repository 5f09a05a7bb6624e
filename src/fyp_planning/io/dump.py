"""Writing a :class:`~fyp_planning.Plan` back to TOML or JSON, losslessly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tomli_w

from ..model.enums import Comparator, ObservationStatus, Provenance
from ..model.plan import Plan
from ..model.targets import CoverageTarget, GrowthTarget, RateTarget, ShareTarget, Target
from ..units import format_quantity, format_unit
from . import _schema as s

__all__ = ["dump_plan", "dumps_plan", "plan_to_dict"]


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None or an empty collection (their defaults)."""
    return {k: v for k, v in d.items() if v is not None and v != () and v != [] and v != {}}


def _period(p: Any) -> int | str:
    return p.year if not p.is_partial else str(p)


def _target(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": t.kind, "year": t.year, "comparator": t.comparator.value}
    if isinstance(t, GrowthTarget):
        d["rate"] = format_quantity(t.rate)
        d["annual"] = t.annual
        d["base_year"] = t.base_year
    elif isinstance(t, CoverageTarget):
        d["scope"] = t.scope
    else:
        d["value"] = format_quantity(t.value)  # type: ignore[attr-defined]
    if isinstance(t, ShareTarget):
        d["of"] = t.of
    if isinstance(t, RateTarget):
        d["years"] = list(t.years)
    d["text"] = t.text
    d["source"] = t.source
    return _clean(d)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a tree of plain values, in the shape of a plan file.

    Quantities are written as text with their unit (``"300亿元"``), periods as a year number or
    ``"2020年1-9月"``, choices by their ASCII value. :func:`~fyp_planning.plan_from_dict` reads
    it back to an equal plan.

    Examples:
        >>> from fyp_planning import Plan, Indicator, parse_unit
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025,
        ...             indicators=[Indicator(id="output", name="工业总产值",
        ...                                   unit=parse_unit("亿元"))])
        >>> plan_to_dict(plan)["indicators"]["output"]["unit"]
        '亿元'
    """
    out: dict[str, Any] = _clean(
        {
            "format_version": s.FORMAT_VERSION,
            "id": plan.id,
            "region": plan.region,
            "title": plan.title,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "base_year": plan.base_year,
            "issuer": plan.issuer,
            "source": plan.source,
        }
    )
    indicators: dict[str, Any] = {}
    for ind in plan.indicators:
        obs = [
            _clean(
                {
                    "period": _period(o.period),
                    "value": format_quantity(o.value),
                    "status": None if o.status is ObservationStatus.ACTUAL else o.status.value,
                    "comparator": None if o.comparator is Comparator.EQ else o.comparator.value,
                    "source": o.source,
                    "text": o.text,
                }
            )
            for o in plan.observations_for(ind.id)
        ]
        indicators[ind.id] = _clean(
            {
                "name": ind.name,
                "name_en": ind.name_en,
                "unit": format_unit(ind.unit),
                "category": ind.category,
                "kind": ind.kind.value,
                "direction": ind.direction.value,
                "growth": ind.growth.value,
                "limit": format_quantity(ind.limit) if ind.limit is not None else None,
                "source": ind.source,
                "note": ind.note,
                "observations": obs,
                "targets": [_target(t) for t in plan.targets_for(ind.id)],
            }
        )
        indicators[ind.id]["unit"] = format_unit(ind.unit)  # "" (dimensionless) is kept
    out["indicators"] = indicators
    out["statements"] = {
        st.id: _clean(
            {
                "kind": st.kind.value,
                "value": format_quantity(st.value),
                "indicator": st.indicator,
                "start": _period(st.start) if st.start else None,
                "end": _period(st.end) if st.end else None,
                "parts": list(st.parts),
                "comparator": None if st.comparator is Comparator.EQ else st.comparator.value,
                "text": st.text,
                "source": st.source,
            }
        )
        for st in plan.statements
    }
    out["enterprises"] = {
        e.id: _clean(
            {
                "name": e.name,
                "chains": list(e.chains),
                "park": e.park,
                "leader": e.leader or None,
                "above_scale": e.above_scale,
                "high_tech": e.high_tech,
                "products": e.products,
                "chain_provenance": None
                if e.chain_provenance is Provenance.DOCUMENT
                else e.chain_provenance.value,
                "source": e.source,
                "note": e.note,
            }
        )
        for e in plan.enterprises
    }
    out["parks"] = {
        p.id: _clean(
            {
                "name": p.name,
                "kind": p.kind,
                "parent": p.parent,
                "towns": list(p.towns),
                "focus": p.focus,
                "source": p.source,
                "note": p.note,
            }
        )
        for p in plan.parks
    }
    out["projects"] = {
        p.id: _clean(
            {
                "name": p.name,
                "enterprise": p.enterprise,
                "investment": format_quantity(p.investment) if p.investment is not None else None,
                "year": p.year,
                "source": p.source,
                "text": p.text,
            }
        )
        for p in plan.projects
    }
    out["templates"] = {
        t.id: _clean(
            {
                "name": t.name,
                "provenance": None if t.provenance is Provenance.MODEL else t.provenance.value,
                "note": t.note,
                "source": t.source,
                "edges": [list(e) for e in t.edges],
                "segments": {
                    seg.id: _clean(
                        {
                            "name": seg.name,
                            "stage": seg.stage.value,
                            "core": seg.core or None,
                            "note": seg.note,
                        }
                    )
                    for seg in t.segments
                },
            }
        )
        for t in plan.templates
    }
    out["chains"] = {
        c.id: _clean(
            {
                "name": c.name,
                "source": c.source,
                "template": c.template,
                "presence_provenance": None
                if c.presence_provenance is Provenance.MODEL
                else c.presence_provenance.value,
                "note": c.note,
                "presence": {seg: list(ents) for seg, ents in c.presence},
            }
        )
        for c in plan.chains
    }
    out["links"] = [list(link) for link in plan.links]
    if plan.links_provenance is not Provenance.MODEL:
        out["links_provenance"] = plan.links_provenance.value
    out["audit_ignore"] = [
        _clean({"code": w.code, "reason": w.reason, "at": w.at}) for w in plan.audit_ignore
    ]
    out = {k: v for k, v in out.items() if v != {} and v != []}
    if plan.predecessor is not None:
        out["predecessor"] = plan_to_dict(plan.predecessor)
    return out


def dumps_plan(plan: Plan, format: str = "toml") -> str:
    """The plan as TOML or JSON text (UTF-8, Chinese kept as is).

    Raises:
        ValueError: an unknown format.

    Examples:
        >>> from fyp_planning import Plan
        >>> print(dumps_plan(Plan(id="demo", region="示例县", title="示例", start_year=2021,
        ...                       end_year=2025)))
        format_version = 1
        id = "demo"
        region = "示例县"
        title = "示例"
        start_year = 2021
        end_year = 2025
        base_year = 2020
        <BLANKLINE>
    """
    tree = plan_to_dict(plan)
    if format == "toml":
        return tomli_w.dumps(tree)
    if format == "json":
        return json.dumps(tree, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {format!r}; expected 'toml' or 'json'")


def dump_plan(plan: Plan, path: str | Path, format: str | None = None) -> None:
    """Write the plan to a file; the format follows the extension unless given.

    Examples:
        >>> import pathlib, tempfile
        >>> from fyp_planning import Plan, load_plan
        >>> plan = Plan(id="demo", region="示例县", title="示例", start_year=2021, end_year=2025)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
        >>> dump_plan(plan, path)
        >>> load_plan(path) == plan
        True
    """
    path = Path(path)
    fmt = format or {".toml": "toml", ".json": "json"}.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the format of {str(path)!r}; use .toml or .json")
    path.write_text(dumps_plan(plan, fmt), encoding="utf-8")
