"""scripts/render_check.py, the repeatable look at the report and the docs in headless Chromium.

The suite does not render anything (Chromium is not a test dependency): it checks that the
script explains itself and that without Chromium it stops at once, saying what to install.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "render_check.py"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_help_says_what_it_does() -> None:
    result = _run("--help")
    assert result.returncode == 0, result.stderr
    for option in ("--pages", "--screenshots", "--chromium", "--no-docs", "--out"):
        assert option in result.stdout
    assert "A4" in result.stdout


def test_without_chromium_it_stops_and_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CHROMIUM"}
    env["PATH"] = str(tmp_path)  # no browser on it
    out = tmp_path / "out"
    result = _run("--out", str(out), "--chromium", str(tmp_path / "no-such-chromium"), env=env)
    assert result.returncode == 2
    assert "Chromium not found" in result.stderr and "apt-get install chromium" in result.stderr
    assert "no-such-chromium" in result.stderr and "--chromium" in result.stderr
    assert not out.exists(), "nothing is built before the browser is found"
    assert result.stdout == ""
