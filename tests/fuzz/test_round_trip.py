"""Every hostile value a plan file accepts survives export: dump → load gives the same plan.

A value the loader accepts but the dumper cannot write back the same way (``"1亿元/亿元/亿元"``,
``mpermille`` in issue 14) must be refused at load instead. The mutation fuzzer checks the
same on every mutant that loads; this test puts each corpus value at each kind of key.
"""

from __future__ import annotations

import json

import pytest

import fyp_planning as fp
import strategies as S

from .corpus import HOSTILE, Hostile
from .gate import needs_issue_14
from .runner import bounded

pytestmark = [pytest.mark.fuzz, needs_issue_14]

#: The small plan without its target (which would refuse most units for their dimension).
_NO_TARGET = S.SMALL_PLAN_TOML.replace('targets = [{ year = 2025, text = "达到300亿元" }]\n', "")
_SHARE = _NO_TARGET.replace('unit = "亿元"', 'unit = "%"')

#: Where a value goes: (the plan, the text replaced, the TOML with {} for the raw value).
SLOTS = {
    "unit": (_NO_TARGET, 'unit = "亿元"', "unit = {}"),
    "value": (S.SMALL_PLAN_TOML, "value = 198", "value = {}"),
    "share_value": (_SHARE, "value = 198", "value = {}"),
    "text": (S.SMALL_PLAN_TOML, 'text = "达到300亿元"', "text = {}"),
    "name": (S.SMALL_PLAN_TOML, 'name = "工业总产值"', "name = {}"),
    "region": (S.SMALL_PLAN_TOML, 'region = "示例县"', "region = {}"),
    "period": (S.SMALL_PLAN_TOML, "period = 2020", "period = {}"),
}

CASES = [
    pytest.param(h, slot, id=f"{h.label}-{slot}")
    for h in HOSTILE
    if not h.label.startswith(("deep", "json_deep", "long_text_1m", "unit_20k"))
    for slot in SLOTS
]


@pytest.mark.parametrize(("hostile", "slot"), CASES)
def test_what_loads_round_trips(hostile: Hostile, slot: str) -> None:
    plan_text, old, new = SLOTS[slot]
    assert old in plan_text
    text = plan_text.replace(old, new.format(hostile.toml), 1)
    key = "value" if slot == "share_value" else slot
    with bounded(10):
        try:
            plan = fp.loads_plan(text)
        except fp.FypError:
            return  # refused: nothing to round-trip
        assert not hostile.must_refuse(key), f"{hostile.label} accepted as {slot}"
        for fmt in ("toml", "json"):
            again = fp.loads_plan(fp.dumps_plan(plan, fmt), fmt)
            assert again == plan, (fmt, json.dumps(fp.plan_to_dict(again), default=str)[:300])
