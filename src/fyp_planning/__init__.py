"""fyp-planning: indicators, targets, progress and industrial chains of Chinese county
five-year plans (五年规划).

The public API is this flat namespace. Submodules are organised by layer (``units``,
``model``, ``evaluation``, ``chains``, ``io``, ``cli``); import from here.

Every public name is imported on first use (a module ``__getattr__`` reading
``_SOURCES``, name → submodule), so ``import fyp_planning`` — and so the ``fyp`` command's
start — costs almost nothing: pint, the model and networkx load only when a name that needs
them is first touched.

Examples:
    >>> import fyp_planning as fp
    >>> fp.parse_quantity("137.1亿元").to("万元")
    <Quantity(1371000.0, 'wan_yuan')>
    >>> round(fp.cagr(fp.parse_quantity("137.1亿元"), fp.parse_quantity("198亿元"), 5), 2)
    <Quantity(7.63, 'percent')>
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # static checkers see the names; at run time they load on first use
    from .chains import (
        ChainAnalysis,
        Gap,
        GapWeights,
        SegmentReport,
        analyse_chains,
        attraction_list,
        chain_graph,
        classify_segment,
        cross_chain_graph,
        gap_analysis,
    )
    from .checks import AuditReport, Finding, Rule, RuleFailure, Severity, audit, builtin_rules
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
    from .evaluation.batch import BatchResult, ObservationTable, PlanBatch, evaluate_many
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
    from .io.observation_table import load_observation_table
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
    from .render.chains import chain_to_graphml, chain_to_mermaid, chain_to_node_link, chain_to_svg
    from .render.report import ReportData, build_report, report_html, report_markdown
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
    "BatchResult",
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
    "ObservationTable",
    "ObservationsError",
    "OpenSDGMethod",
    "Park",
    "Period",
    "Plan",
    "PlanBatch",
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
    "evaluate_many",
    "format_quantity",
    "format_unit",
    "gap_analysis",
    "get_plugin",
    "implied_level",
    "is_bare",
    "load",
    "load_observation_table",
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

#: Where each public name lives: name → submodule (relative to this package).
_SOURCES: dict[str, str] = {
    "AuditReport": ".checks",
    "Finding": ".checks",
    "Rule": ".checks",
    "RuleFailure": ".checks",
    "Severity": ".checks",
    "audit": ".checks",
    "builtin_rules": ".checks",
    "ChainAnalysis": ".chains",
    "Gap": ".chains",
    "GapWeights": ".chains",
    "SegmentReport": ".chains",
    "analyse_chains": ".chains",
    "attraction_list": ".chains",
    "chain_graph": ".chains",
    "classify_segment": ".chains",
    "cross_chain_graph": ".chains",
    "gap_analysis": ".chains",
    "FypError": ".errors",
    "ObservationsError": ".errors",
    "PlanError": ".errors",
    "PlanStructureError": ".errors",
    "PlanSyntaxError": ".errors",
    "PlanValidationError": ".errors",
    "Problem": ".errors",
    "QuantityParseError": ".errors",
    "TargetParseError": ".errors",
    "UnitError": ".errors",
    "UnitMismatchError": ".errors",
    "Assessment": ".evaluation",
    "BatchResult": ".evaluation.batch",
    "ObservationTable": ".evaluation.batch",
    "PlanBatch": ".evaluation.batch",
    "evaluate_many": ".evaluation.batch",
    "Draft": ".evaluation",
    "DraftLine": ".evaluation",
    "OpenSDGMethod": ".evaluation",
    "ReviewRow": ".evaluation",
    "UNSDMethod": ".evaluation",
    "Verdict": ".evaluation",
    "assess": ".evaluation",
    "draft_plan": ".evaluation",
    "review": ".evaluation",
    "apply_pp": ".growth",
    "arithmetic_average_rate": ".growth",
    "cagr": ".growth",
    "compound_from_total": ".growth",
    "implied_level": ".growth",
    "pp_change": ".growth",
    "required_cagr": ".growth",
    "total_growth": ".growth",
    "dump_plan": ".io",
    "dumps_plan": ".io",
    "load_observation_table": ".io.observation_table",
    "load_observations": ".io",
    "load_plan": ".io",
    "loads_plan": ".io",
    "observations_from_records": ".io",
    "plan_from_dict": ".io",
    "plan_to_dict": ".io",
    "Chain": ".model.entities",
    "ChainTemplate": ".model.entities",
    "Enterprise": ".model.entities",
    "Park": ".model.entities",
    "Project": ".model.entities",
    "Segment": ".model.entities",
    "ChainAction": ".model.enums",
    "Comparator": ".model.enums",
    "Direction": ".model.enums",
    "GrowthMode": ".model.enums",
    "IndicatorKind": ".model.enums",
    "ObservationStatus": ".model.enums",
    "Provenance": ".model.enums",
    "SegmentStatus": ".model.enums",
    "Stage": ".model.enums",
    "StatementKind": ".model.enums",
    "Indicator": ".model.indicator",
    "Observation": ".model.observation",
    "Period": ".model.period",
    "parse_target": ".model.phrases",
    "Plan": ".model.plan",
    "Statement": ".model.statement",
    "CoverageTarget": ".model.targets",
    "GrowthTarget": ".model.targets",
    "LevelTarget": ".model.targets",
    "RateTarget": ".model.targets",
    "ReductionTarget": ".model.targets",
    "ShareTarget": ".model.targets",
    "TARGET_KINDS": ".model.targets",
    "Target": ".model.targets",
    "ThresholdTarget": ".model.targets",
    "AuditIgnore": ".model.waiver",
    "Plugin": ".plugins",
    "PluginError": ".plugins",
    "PluginIssue": ".plugins",
    "PluginWarning": ".plugins",
    "get_plugin": ".plugins",
    "load": ".plugins",
    "plugin_issues": ".plugins",
    "plugins": ".plugins",
    "refresh_plugins": ".plugins",
    "register_plugin": ".plugins",
    "unregister_plugin": ".plugins",
    "chain_to_graphml": ".render.chains",
    "chain_to_mermaid": ".render.chains",
    "chain_to_node_link": ".render.chains",
    "chain_to_svg": ".render.chains",
    "ReportData": ".render.report",
    "build_report": ".render.report",
    "report_html": ".render.report",
    "report_markdown": ".render.report",
    "Quantity": ".units",
    "Unit": ".units",
    "format_quantity": ".units",
    "format_unit": ".units",
    "is_bare": ".units",
    "parse_quantity": ".units",
    "parse_unit": ".units",
    "register_units": ".units",
    "to_unit": ".units",
    "ureg": ".units",
}


def __getattr__(name: str) -> Any:
    try:
        source = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(source, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SOURCES.keys())


class _Package(types.ModuleType):
    """This package's module type: keeps a public function that shares its name with a
    subpackage (``audit``, ``plugins``) bound to the function.

    Importing a submodule binds it on its package (``fyp_planning.audit`` = the module). With
    the names imported eagerly, the ``from .audit import audit`` that followed re-bound the
    function; with lazy names the submodule may be imported later (by the CLI, or a user's
    ``import fyp_planning.audit``), so the binding is redirected here instead.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and _SOURCES.get(name) == f".{name}"
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
