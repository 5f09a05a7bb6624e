"""The public API: flat, complete, documented with runnable examples."""

from __future__ import annotations

import inspect
import subprocess
import sys

import fyp_planning as fp


def test_all_names_exist_and_are_sorted_without_duplicates() -> None:
    assert len(set(fp.__all__)) == len(fp.__all__)
    for name in fp.__all__:
        assert hasattr(fp, name), name


def test_public_functions_and_classes_have_examples() -> None:
    """Every public function, and every public class a user constructs, shows an example."""
    exempt_classes = {  # exceptions, enums and abstract bases: documented, not constructed
        "FypError",
        "PluginError",
        "PluginIssue",
        "PluginWarning",
        "PlanError",
        "PlanStructureError",
        "PlanSyntaxError",
        "PlanValidationError",
        "QuantityParseError",
        "TargetParseError",
        "UnitError",
        "UnitMismatchError",
        "Problem",
        "Comparator",
        "Direction",
        "GrowthMode",
        "IndicatorKind",
        "ObservationStatus",
        "StatementKind",
        "Severity",
        "Provenance",
        "Target",
        "ThresholdTarget",
        "ReductionTarget",
        "RateTarget",
        "ShareTarget",
        "CoverageTarget",
        "Park",
        "Chain",
        "Quantity",
        "Unit",
    }
    missing = []
    for name in fp.__all__:
        obj = getattr(fp, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or name in exempt_classes:
            continue
        doc = inspect.getdoc(obj) or ""
        if ">>>" not in doc:
            missing.append(name)
    assert missing == [], f"public names without a runnable example: {missing}"


def test_every_public_item_is_documented() -> None:
    for name in fp.__all__:
        obj = getattr(fp, name)
        if name in ("Quantity", "Unit"):  # pint's own classes, bound to our registry
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), name


def test_import_does_not_load_networkx_or_click() -> None:
    code = "import sys, fyp_planning; print('networkx' in sys.modules, 'click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
