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


def test_cli_import_loads_nothing_heavy() -> None:
    """``fyp --help`` must start fast: the CLI module imports click and the standard library."""
    code = (
        "import sys, fyp_planning.cli; "
        "print(*(m in sys.modules for m in ('pint', 'numpy', 'networkx', 'jinja2', 'attrs')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 5


def test_names_load_lazily_and_completely() -> None:
    code = (
        "import sys, fyp_planning as fp; "
        "print('pint' in sys.modules, set(fp.__all__) <= set(dir(fp)), fp.__version__ != ''); "
        "fp.parse_quantity; print('pint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]


def test_functions_named_like_subpackages_stay_functions() -> None:
    """``audit`` and ``plugins`` are functions even after their subpackages are imported."""
    code = (
        "import fyp_planning as fp, fyp_planning.checks, fyp_planning.plugins, inspect; "
        "from fyp_planning.checks import Severity; "
        "print(inspect.isfunction(fp.audit), inspect.isfunction(fp.plugins))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
    assert inspect.isfunction(fp.audit) and inspect.isfunction(fp.plugins)


def test_unknown_name_raises_attribute_error() -> None:
    try:
        fp.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")
