"""The public names of fyp_planning: the one table of them.

Each name is imported from the module that defines it. At run time ``fyp_planning/__init__.py``
reads this file (once, on import) and imports each module on first use of one of its names;
``__all__`` and ``dir()`` are the names listed here. Type checkers read this file instead of
``__init__.py``. A new public name is added here, and nowhere else (then documented in
``docs/api.rst``). Only ``from .module import (name as name, ...)`` lines belong here: the
``as`` makes a type checker see each name as exported.
"""

from ._version import (
    __version__ as __version__,
)
from .checks import (
    AuditReport as AuditReport,
    Checked as Checked,
    Finding as Finding,
    Outcome as Outcome,
    Rule as Rule,
    RuleFailure as RuleFailure,
    Severity as Severity,
    audit as audit,
    builtin_rules as builtin_rules,
)
from .catalog.indicators import (
    MATCH_THRESHOLD as MATCH_THRESHOLD,
    StandardIndicator as StandardIndicator,
    StandardMatch as StandardMatch,
    catalogue_citation as catalogue_citation,
    catalogue_version as catalogue_version,
    match_standards as match_standards,
    normalise_name as normalise_name,
    standard_indicator as standard_indicator,
    standard_indicators as standard_indicators,
)
from .catalog.templates import (
    standard_template as standard_template,
    standard_templates as standard_templates,
)
from .chains import (
    AttractionList as AttractionList,
    ChainAnalyses as ChainAnalyses,
    ChainAnalysis as ChainAnalysis,
    DirectionCheck as DirectionCheck,
    Gap as Gap,
    GapWeights as GapWeights,
    SegmentReport as SegmentReport,
    analyse_chains as analyse_chains,
    attraction_list as attraction_list,
    chain_graph as chain_graph,
    classify_segment as classify_segment,
    cross_chain_graph as cross_chain_graph,
    gap_analysis as gap_analysis,
)
from .errors import (
    DraftError as DraftError,
    ExtractError as ExtractError,
    FypError as FypError,
    ObservationsError as ObservationsError,
    OptionalDependencyError as OptionalDependencyError,
    PlanError as PlanError,
    PlanStoreError as PlanStoreError,
    PlanStructureError as PlanStructureError,
    PlanSyntaxError as PlanSyntaxError,
    PlanValidationError as PlanValidationError,
    PluginError as PluginError,
    PluginWarning as PluginWarning,
    Problem as Problem,
    QuantityParseError as QuantityParseError,
    TargetParseError as TargetParseError,
    UnitError as UnitError,
    UnitMismatchError as UnitMismatchError,
    UnknownStandardError as UnknownStandardError,
    WriteError as WriteError,
)
from .evaluation import (
    Assessment as Assessment,
    Assessments as Assessments,
    Baseline as Baseline,
    CountyMethod as CountyMethod,
    Draft as Draft,
    DraftLine as DraftLine,
    OpenSDGMethod as OpenSDGMethod,
    Review as Review,
    ReviewRow as ReviewRow,
    UNSDMethod as UNSDMethod,
    Verdict as Verdict,
    assess as assess,
    baseline_of as baseline_of,
    draft_plan as draft_plan,
    review as review,
)
from .evaluation.batch import (
    BatchResult as BatchResult,
    ObservationTable as ObservationTable,
    PlanBatch as PlanBatch,
    evaluate_many as evaluate_many,
)
from .extract import (
    Extraction as Extraction,
    extract_plan as extract_plan,
)
from .growth import (
    apply_pp as apply_pp,
    arithmetic_average_rate as arithmetic_average_rate,
    cagr as cagr,
    compound_from_total as compound_from_total,
    implied_level as implied_level,
    pp_change as pp_change,
    required_cagr as required_cagr,
    total_growth as total_growth,
)
from .io import (
    dump_plan as dump_plan,
    dumps_plan as dumps_plan,
    load_observations as load_observations,
    load_plan as load_plan,
    loads_plan as loads_plan,
    observations_from_records as observations_from_records,
    plan_from_dict as plan_from_dict,
    plan_to_dict as plan_to_dict,
)
from .io.observation_table import (
    load_observation_table as load_observation_table,
)
from .io.store import (
    PlanStore as PlanStore,
    dump_plan_store as dump_plan_store,
    load_plan_store as load_plan_store,
    open_plan_store as open_plan_store,
)
from .model.entities import (
    Chain as Chain,
    ChainDirection as ChainDirection,
    ChainTemplate as ChainTemplate,
    Enterprise as Enterprise,
    Park as Park,
    Project as Project,
    Segment as Segment,
    SourceRegion as SourceRegion,
)
from .model.enums import (
    ChainAction as ChainAction,
    Comparator as Comparator,
    Direction as Direction,
    GrowthMode as GrowthMode,
    IndicatorKind as IndicatorKind,
    Measure as Measure,
    ObservationStatus as ObservationStatus,
    Provenance as Provenance,
    SegmentNature as SegmentNature,
    SegmentStatus as SegmentStatus,
    SourceKind as SourceKind,
    Stage as Stage,
    StatementKind as StatementKind,
)
from .model.composition import (
    Composition as Composition,
)
from .model.indicator import (
    Indicator as Indicator,
    infer_measure as infer_measure,
    measure_of as measure_of,
)
from .model.observation import (
    Observation as Observation,
)
from .model.period import (
    Period as Period,
)
from .model.phrases import (
    parse_target as parse_target,
)
from .model.plan import (
    Plan as Plan,
)
from .model.statement import (
    Statement as Statement,
)
from .model.targets import (
    TARGET_KINDS as TARGET_KINDS,
    ChangeTarget as ChangeTarget,
    CoverageTarget as CoverageTarget,
    GrowthTarget as GrowthTarget,
    LevelTarget as LevelTarget,
    RateTarget as RateTarget,
    ReductionTarget as ReductionTarget,
    ShareTarget as ShareTarget,
    Target as Target,
    ThresholdTarget as ThresholdTarget,
)
from .model.waiver import (
    AuditIgnore as AuditIgnore,
)
from .registry._catalogs import (
    load_catalogue_plugins as load_catalogue_plugins,
)
from .registry import (
    Plugin as Plugin,
    PluginIssue as PluginIssue,
    get_plugin as get_plugin,
    load as load,
    plugin_issues as plugin_issues,
    plugins as plugins,
    refresh_plugins as refresh_plugins,
    register_plugin as register_plugin,
    unregister_plugin as unregister_plugin,
)
from .render.chains import (
    chain_to_graphml as chain_to_graphml,
    chain_to_mermaid as chain_to_mermaid,
    chain_to_node_link as chain_to_node_link,
    chain_to_svg as chain_to_svg,
    template_to_svg as template_to_svg,
)
from .render.charts import (
    bullet_chart as bullet_chart,
    completeness_chart as completeness_chart,
    review_chart as review_chart,
    trend_chart as trend_chart,
    verdict_chart as verdict_chart,
)
from .render.report import (
    ReportData as ReportData,
    build_report as build_report,
    report_html as report_html,
    report_markdown as report_markdown,
)
from .tables import (
    Column as Column,
    Schema as Schema,
    Table as Table,
)
from .text import (
    Message as Message,
    register_messages as register_messages,
)
from .units import (
    Quantity as Quantity,
    Unit as Unit,
    UnitDeclaration as UnitDeclaration,
    declare_unit as declare_unit,
    format_quantity as format_quantity,
    format_unit as format_unit,
    is_bare as is_bare,
    parse_quantity as parse_quantity,
    parse_unit as parse_unit,
    suggest_units as suggest_units,
    to_unit as to_unit,
    ureg as ureg,
)
