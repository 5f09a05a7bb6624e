"""Sphinx configuration of the fyp-planning documentation.

Build (CI runs both, warnings are errors)::

    sphinx-build -n -W --keep-going -b html docs docs/_build/html
    sphinx-build -n -W --keep-going -b doctest docs docs/_build/doctest

Everything the build needs is in the ``docs`` extra: ``pip install -e ".[docs]"``. The
``dongkou`` page is generated from the plugin's data at build time (``docs/_ext``).
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import fyp_planning
import fyp_planning.registry

# The registry imports Plan and Rule for type checkers only (so that `fyp list` loads neither the
# model nor the audit); autodoc evaluates the annotations of Plugin in its namespace.
fyp_planning.registry.Plan = fyp_planning.Plan  # type: ignore[attr-defined]
fyp_planning.registry.Rule = fyp_planning.Rule  # type: ignore[attr-defined]

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

# -- Project ----------------------------------------------------------------------------------
project = "fyp-planning"
author = "fyp-planning developers"
copyright = "fyp-planning developers"
release = fyp_planning.__version__
version = ".".join(release.split(".")[:2])

# English interface; the pages mix English and Chinese (中文), which the theme's font stack
# plus _static/cjk.css renders.
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    # MyST Markdown for every .md page, as myst-parser reads it, and the tutorial notebooks
    # (docs/tutorial/, MyST Markdown notebooks) executed during the build.
    "myst_nb",
    "sphinx_click",
    "fyp_docs",  # docs/_ext/fyp_docs.py: generated pages, enum bases and member labels
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_generated",
    "_inventories",
    "cli-examples.md",
    "Thumbs.db",
    ".DS_Store",
]
templates_path: list[str] = []

# No typographic quotes and dashes: "--format" in the CLI reference stays two hyphens.
smartquotes = False

# Nitpicky by default, so a plain ``sphinx-build`` reports broken references as CI does.
nitpicky = True
# pyarrow and numpy publish no inventory reachable from here: their types in the plan store's
# signatures are shown as written, unlinked.
nitpick_ignore = [
    ("py:class", "pa.Table"),
    ("py:class", "np.ndarray"),
    # the records of an extraction's review list, read as its table (Extraction.to_pandas())
    ("py:class", "fyp_planning.extract.findings.Review"),
]

# -- MyST -------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# Anchors for "## headings", so pages can link to [a section](plan-file-format.md#top-level).
myst_heading_anchors = 3

# -- Notebooks (myst-nb) ---------------------------------------------------------------------
# A .md page is a notebook only when its front matter names a kernel (docs/tutorial/analyst.md);
# every other page is plain MyST, read exactly as before. The notebooks run at every build, with
# no cache, so a page can never show output the code no longer gives; an exception in a cell
# fails the build (the cell's traceback is in the log file Sphinx names), and so does a cell
# that runs too long.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 180
# Anything a cell writes to stderr (a warning, a deprecation) is a build warning, so -W fails.
nb_output_stderr = "warn"

# -- Autodoc and Napoleon ---------------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
# Docstrings are Google style: Args / Returns / Raises / Examples / Attributes.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True
# "Plan" rather than "fyp_planning.model.plan.Plan" wherever the reference resolves.
python_use_unqualified_type_names = True

# -- Intersphinx ------------------------------------------------------------------------------
# The docs link to Python, pint, networkx, attrs and numpy. Their published ``objects.inv`` files
# cannot be fetched here (the build machines and CI reach only the package index), and a failed
# fetch is a warning, which ``-W`` turns into a failed build. So each project is mapped to a
# small local inventory in docs/_inventories/, written by make_inventories.py from the list of
# objects these docs actually reference, each with its real upstream URL. Links in the built
# pages go to the projects' own documentation. Run the script again after referencing more.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", "_inventories/python.inv"),
    "pint": ("https://pint.readthedocs.io/en/stable", "_inventories/pint.inv"),
    "networkx": ("https://networkx.org/documentation/stable", "_inventories/networkx.inv"),
    "attrs": ("https://www.attrs.org/en/stable", "_inventories/attrs.inv"),
    "numpy": ("https://numpy.org/doc/stable", "_inventories/numpy.inv"),
}

# -- Doctest ----------------------------------------------------------------------------------
# The doctest builder runs the ">>>" examples of every docstring on the API page (doctest
# blocks, as napoleon leaves them) with the flags pytest uses for the same examples.
doctest_test_doctest_blocks = "default"
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)
# pytest runs a docstring's examples with its module's globals; here they share one namespace
# per page, so give them the public API (and the helper types some examples use).
doctest_global_setup = """
from fyp_planning import *
from fyp_planning.evaluation.methods import Judgement, Track
"""

# -- HTML -------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"fyp-planning {release}"
html_static_path = ["_static"]
html_css_files = ["cjk.css"]
html_theme_options = {"source_edit_link": None, "navigation_with_keys": True}
