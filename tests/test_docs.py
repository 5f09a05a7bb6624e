"""The Sphinx documentation: every public name is on the API page, and the site builds.

The build test needs the ``docs`` extra (``pip install -e ".[docs]"``) and is skipped without
it; CI installs it and runs both Sphinx builders itself as well.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fyp_planning

DOCS = Path(__file__).resolve().parents[1] / "docs"
API_PAGE = DOCS / "api.rst"

#: A directive that documents a name on the API page (``.. autofunction:: cagr``).
_DIRECTIVE = re.compile(
    r"^\.\. (?:auto)?(?:function|class|exception|data|attribute|method)::\s+"
    r"(?:fyp_planning\.)?(?P<name>[\w.]+)",
    re.MULTILINE,
)


def test_every_public_name_is_documented() -> None:
    documented = set(_DIRECTIVE.findall(API_PAGE.read_text(encoding="utf-8")))
    missing = sorted(set(fyp_planning.__all__) - documented)
    assert not missing, f"add these public names to docs/api.rst: {', '.join(missing)}"


_DOCS_DEPS = ("sphinx", "furo", "myst_parser", "sphinx_click")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in _DOCS_DEPS),
    reason='needs the docs extra: pip install -e ".[docs]"',
)
def test_html_docs_build_without_warnings(tmp_path: Path) -> None:
    # A separate process: Sphinx and its extensions keep global state, and this suite turns
    # every Python warning into an error.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert (tmp_path / "html" / "api.html").is_file()
    dongkou = (tmp_path / "html" / "dongkou.html").read_text(encoding="utf-8")
    assert "工业总产值" in dongkou and "特色食品" in dongkou
