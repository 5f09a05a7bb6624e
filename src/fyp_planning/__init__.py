"""fyp-planning: indicators, targets, progress and industrial chains of Chinese county
five-year plans (五年规划).

The public API is this flat namespace. Submodules are organised by layer (``units``,
``model``, ``evaluation``, ``chains``, ``io``, ``cli``); import from here.

The chain-analysis names (``gap_analysis``, ``chain_graph``, ...) live in
:mod:`fyp_planning.chains` and the chain exports (``chain_to_svg``, ...) in
:mod:`fyp_planning.render.chains`; both need networkx, so they are imported on first use
(a module ``__getattr__``) and ``import fyp_planning`` stays light.

Examples:
    >>> import fyp_planning as fp
    >>> fp.parse_quantity("137.1亿元").to("万元")
    <Quantity(1371000.0, 'wan_yuan')>
    >>> round(fp.cagr(fp.parse_quantity("137.1亿元"), fp.parse_quantity("198亿元"), 5), 2)
    <Quantity(7.63, 'percent')>
"""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .audit import AuditReport, Finding, Rule, RuleFailure, Severity, audit, builtin_rules
from .errors import (
    FypError,
    ObservationsError,
    PlanError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
    QuantityParseError,
    TargetParseError,
    UnitError,
    UnitMismatchError,
)
from .evaluation import (
    Assessment,
    Draft,
    DraftLine,
    OpenSDGMethod,
    ReviewRow,
    UNSDMethod,
    Verdict,
    assess,
    draft_plan,
    review,
)
from .growth import (
    apply_pp,
    arithmetic_average_rate,
    cagr,
    compound_from_total,
    implied_level,
    pp_change,
    required_cagr,
    total_growth,
)
from .io import (
    dump_plan,
    dumps_plan,
    load_observations,
    load_plan,
    loads_plan,
    observations_from_records,
    plan_from_dict,
    plan_to_dict,
)
from .model.entities import Chain, ChainTemplate, Enterprise, Park, Project, Segment
from .model.enums import (
    ChainAction,
    Comparator,
    Direction,
    GrowthMode,
    IndicatorKind,
    ObservationStatus,
    Provenance,
    SegmentStatus,
    Stage,
    StatementKind,
)
from .model.indicator import Indicator
from .model.observation import Observation
from .model.period import Period
from .model.phrases import parse_target
from .model.plan import Plan
from .model.statement import Statement
from .model.targets import (
    TARGET_KINDS,
    CoverageTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    ShareTarget,
    Target,
    ThresholdTarget,
)
from .model.waiver import AuditIgnore
from .plugins import (
    Plugin,
    PluginError,
    PluginIssue,
    PluginWarning,
    get_plugin,
    load,
    plugin_issues,
    plugins,
    refresh_plugins,
    register_plugin,
    unregister_plugin,
)
from .units import (
    Quantity,
    Unit,
    format_quantity,
    format_unit,
    is_bare,
    parse_quantity,
    parse_unit,
    register_units,
    to_unit,
    ureg,
)

__all__ = [
    "TARGET_KINDS",
    "Assessment",
    "AuditIgnore",
    "AuditReport",
    "Chain",
    "ChainAction",
    "ChainAnalysis",
    "ChainTemplate",
    "Comparator",
    "CoverageTarget",
    "Direction",
    "Draft",
    "DraftLine",
    "Enterprise",
    "Finding",
    "FypError",
    "Gap",
    "GapWeights",
    "GrowthMode",
    "GrowthTarget",
    "Indicator",
    "IndicatorKind",
    "LevelTarget",
    "Observation",
    "ObservationStatus",
    "ObservationsError",
    "OpenSDGMethod",
    "Park",
    "Period",
    "Plan",
    "PlanError",
    "PlanStructureError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Plugin",
    "PluginError",
    "PluginIssue",
    "PluginWarning",
    "Problem",
    "Project",
    "Provenance",
    "Quantity",
    "QuantityParseError",
    "RateTarget",
    "ReductionTarget",
    "ReportData",
    "ReviewRow",
    "Rule",
    "RuleFailure",
    "Segment",
    "SegmentReport",
    "SegmentStatus",
    "Severity",
    "ShareTarget",
    "Stage",
    "Statement",
    "StatementKind",
    "Target",
    "TargetParseError",
    "ThresholdTarget",
    "UNSDMethod",
    "Unit",
    "UnitError",
    "UnitMismatchError",
    "Verdict",
    "__version__",
    "analyse_chains",
    "apply_pp",
    "arithmetic_average_rate",
    "assess",
    "attraction_list",
    "audit",
    "build_report",
    "builtin_rules",
    "cagr",
    "chain_graph",
    "chain_to_graphml",
    "chain_to_mermaid",
    "chain_to_node_link",
    "chain_to_svg",
    "classify_segment",
    "compound_from_total",
    "cross_chain_graph",
    "draft_plan",
    "dump_plan",
    "dumps_plan",
    "format_quantity",
    "format_unit",
    "gap_analysis",
    "get_plugin",
    "implied_level",
    "is_bare",
    "load",
    "load_observations",
    "load_plan",
    "loads_plan",
    "observations_from_records",
    "parse_quantity",
    "parse_target",
    "parse_unit",
    "plan_from_dict",
    "plan_to_dict",
    "plugin_issues",
    "plugins",
    "pp_change",
    "refresh_plugins",
    "register_plugin",
    "register_units",
    "report_html",
    "report_markdown",
    "required_cagr",
    "review",
    "to_unit",
    "total_growth",
    "unregister_plugin",
    "ureg",
]

#: Names of :mod:`fyp_planning.chains`, imported on first use (it needs networkx).
_LAZY = frozenset(
    {
        "ChainAnalysis",
        "Gap",
        "GapWeights",
        "SegmentReport",
        "analyse_chains",
        "attraction_list",
        "chain_graph",
        "classify_segment",
        "cross_chain_graph",
        "gap_analysis",
    }
)


#: Names of :mod:`fyp_planning.render.chains` (exports and drawings of a chain), also lazy.
_LAZY_RENDER = frozenset(
    {"chain_to_graphml", "chain_to_mermaid", "chain_to_node_link", "chain_to_svg"}
)
_LAZY_REPORT = frozenset({"ReportData", "build_report", "report_html", "report_markdown"})


def __getattr__(name: str) -> Any:
    if name in _LAZY or name in _LAZY_RENDER or name in _LAZY_REPORT:
        if name in _LAZY:
            from . import chains as module
        elif name in _LAZY_RENDER:
            from .render import chains as module
        else:
            from .render import report as module

        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fyp_planning' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY | _LAZY_RENDER | _LAZY_REPORT)
