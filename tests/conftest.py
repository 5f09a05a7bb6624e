"""Shared test configuration."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# pint arithmetic is slow per call (~10-20 µs); deadlines would only measure the machine.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def analyses_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The chain of every :class:`~fyp_planning.ChainAnalysis` made during the test, in order."""
    import fyp_planning as fp

    made: list[str] = []
    init = fp.ChainAnalysis.__init__

    def counted(self: fp.ChainAnalysis, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        made.append(self.chain)

    monkeypatch.setattr(fp.ChainAnalysis, "__init__", counted)
    return made
