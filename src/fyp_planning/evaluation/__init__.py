"""Evaluation: progress towards targets and the review of a finished plan.

May import: errors, files, growth, limits, model, tables, text, units. One of the three analyses, beside checks and
chains and independent of them; io, the registry, render and the CLI import it, never the reverse.

Public names live in ``fyp_planning``; the modules, one concept each:

* :mod:`.methods` — pluggable progress methods (county, Open SDG as sdg-build computes it,
  UNSD), their thresholds and their array implementations;
* :mod:`.assessment` — :class:`Verdict` and :class:`Assessment`, a verdict with its reasons;
* :mod:`.assess` — :func:`assess`: every target of a plan, judged; :func:`baseline`, the
  observation a baseline rests on (shown by the CLI and the report too);
* :mod:`.review` — :func:`review`: a finished plan's targets against its actuals;
* :mod:`.results` — :class:`Assessments` and :class:`Review`, what :func:`assess` and
  :func:`review` return: tuples that are also tables (``to_pandas()``);
* :mod:`.draft` — :func:`draft_plan`: the next plan's targets from chosen rates or levels;
* :mod:`.table` — :class:`ObservationTable`: observations of many plans as columns;
* :mod:`.batch` — :class:`PlanBatch`, :func:`evaluate_many`: many plans at once, in numpy
  arrays (imported on first use, so that numpy loads only when needed).

This layer imports the model, units and growth maths only — never io, plugins or the CLI.
"""

from ._data import Baseline, baseline, baseline_of, inherited_baselines
from .assess import assess
from .assessment import Assessment, Verdict
from .draft import Draft, DraftError, DraftLine, draft_plan
from .methods import (
    METHODS,
    VERDICTS,
    ArrayMethod,
    CountyMethod,
    Judgement,
    Judgements,
    Method,
    OpenSDGMethod,
    RowByRow,
    Scored,
    Track,
    Tracks,
    UNSDMethod,
)
from .results import Assessments, Review
from .review import ReviewRow, review

__all__ = [
    "METHODS",
    "VERDICTS",
    "ArrayMethod",
    "Assessment",
    "Assessments",
    "Baseline",
    "CountyMethod",
    "Draft",
    "DraftError",
    "DraftLine",
    "Judgement",
    "Judgements",
    "Method",
    "OpenSDGMethod",
    "Review",
    "ReviewRow",
    "RowByRow",
    "Scored",
    "Track",
    "Tracks",
    "UNSDMethod",
    "Verdict",
    "assess",
    "baseline",
    "baseline_of",
    "draft_plan",
    "inherited_baselines",
    "review",
]


def __getattr__(name: str) -> object:
    if name in ("BatchResult", "ObservationTable", "PlanBatch", "evaluate_many"):
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
