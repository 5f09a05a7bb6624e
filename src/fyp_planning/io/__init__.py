"""Plan files: TOML / JSON to the model and back, and observations from CSV (public names live
in ``fyp_planning``)."""

from .dump import dump_plan, dumps_plan, plan_to_dict
from .load import load_plan, loads_plan, plan_from_dict
from .observations import load_observations, observations_from_records

__all__ = [
    "dump_plan",
    "dumps_plan",
    "load_observations",
    "load_plan",
    "loads_plan",
    "observations_from_records",
    "plan_from_dict",
    "plan_to_dict",
]
