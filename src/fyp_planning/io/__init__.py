"""Plan files: TOML / JSON to the model and back, and observations from CSV — of one plan, or of
many in one table (public names live in ``fyp_planning``).

May import: errors, evaluation, files, limits, model, text, units. Above the model and the analyses (an observations
table is evaluation's type), below the registry and the CLI: file formats stay out of the model.

``load_observation_table`` needs numpy: it is imported on first use, so that reading plans does
not load numpy.
"""

from typing import Any

from .dump import dump_plan, dumps_plan, plan_to_dict
from .load import load_plan, loads_plan, plan_from_dict
from .observations import load_observations, observations_from_records

__all__ = [
    "dump_plan",
    "dumps_plan",
    "load_observation_table",
    "load_observations",
    "load_plan",
    "loads_plan",
    "observations_from_records",
    "plan_from_dict",
    "plan_to_dict",
]


def __getattr__(name: str) -> Any:
    if name == "load_observation_table":
        from .observation_table import load_observation_table

        return load_observation_table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
