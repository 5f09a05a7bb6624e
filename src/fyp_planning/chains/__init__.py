"""Industrial-chain analysis: chains as graphs, and their gaps (建链/延链/补链/强链).

May import: errors, growth, model, tables, text, units. One of the three analyses, beside evaluation and
checks and independent of them; render and the CLI import it, never the reverse. Within it, in
import order: ``results`` (what gap analysis returns), ``_structure`` (a template's supply
graph, measured once per template value), ``graph`` (chains as graphs and the placement of
firms), ``reasons`` (the sentences), ``gaps`` (the rules), ``attraction`` (the 招商 list, from
finished analyses).

Gap analysis and the 招商 list do not import networkx; building a graph
(:func:`chain_graph`, :func:`cross_chain_graph`) does. ``import fyp_planning`` imports neither,
and the names below are reached lazily from the top-level namespace
(``fyp_planning.gap_analysis``).
"""

from __future__ import annotations

from .attraction import Attraction, FirmProfile, FirmScale, ProjectMatch, attraction_list
from .gaps import ChainAnalysis, Gap, GapWeights, SegmentReport, analyse_chains, gap_analysis
from .graph import chain_graph, classify_segment, cross_chain_graph
from .results import DirectionCheck

__all__ = [
    "Attraction",
    "ChainAnalysis",
    "DirectionCheck",
    "FirmProfile",
    "FirmScale",
    "Gap",
    "GapWeights",
    "ProjectMatch",
    "SegmentReport",
    "analyse_chains",
    "attraction_list",
    "chain_graph",
    "classify_segment",
    "cross_chain_graph",
    "gap_analysis",
]
