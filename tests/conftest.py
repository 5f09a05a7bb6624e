"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# pint arithmetic is slow per call (~10-20 µs); deadlines would only measure the machine.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")
