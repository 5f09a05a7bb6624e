"""Plan files: TOML / JSON to the model and back (public names live in ``fyp_planning``)."""

from .dump import dump_plan, dumps_plan, plan_to_dict
from .load import load_plan, loads_plan, plan_from_dict

__all__ = ["dump_plan", "dumps_plan", "load_plan", "loads_plan", "plan_from_dict", "plan_to_dict"]
