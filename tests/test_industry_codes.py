"""Every GB/T 4754-2017 industry code in the chain-template library is a real class of the standard.

The schema only checks a code's shape (a section letter and 2–4 digits, in a division of that
section); ``C3969`` has that shape but no such class exists. Here every code of every library
template is held against ``tests/data/gbt4754_2017.csv``, a table of the standard's classes (its
header says where it was copied from), so a wrong code can never be added unnoticed: a new code
needs its row in the table, checked in the standard.
"""

from __future__ import annotations

import copy
import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fyp_planning.io._library import library_names, library_toml

TABLE = Path(__file__).parent / "data" / "gbt4754_2017.csv"

#: A code of the table: a section (门类) letter alone, or with a division (大类, 2 digits), a
#: group (中类, 3 digits) or a class (小类, 4 digits).
CODE = re.compile(r"[A-T](\d{2}|\d{3}|\d{4})?")


@cache
def gbt4754() -> dict[str, str]:
    """The table's code → name, in file order (lines starting with ``#`` are its header)."""
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.reader(lines))
    assert rows[0] == ["code", "name"], f"{TABLE.name}: expected the header code,name"
    table: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        assert len(row) == 2, f"{TABLE.name} row {n} {row}: expected code,name"
        code, name = row
        assert code not in table, f"{TABLE.name} row {n}: {code} listed twice"
        table[code] = name
    return table


def unknown_codes(name: str, tree: dict[str, Any]) -> list[str]:
    """Each ``segments.<id>: <code>`` of a library file whose code is not in the table."""
    table = gbt4754()
    return [
        f"{name}.segments.{sid}: {code} is not a GB/T 4754-2017 class"
        for template in tree["templates"].values()
        for sid, segment in template["segments"].items()
        for code in segment.get("industry_codes", [])
        if code not in table
    ]


def parents(code: str) -> list[str]:
    """The section, division and group a code belongs to (C3981 → C, C39, C398)."""
    return [code[:n] for n in (1, 3, 4) if n < len(code)]


# -- the table ------------------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    table = gbt4754()
    bad = [c for c in table if not CODE.fullmatch(c)]
    assert bad == []
    assert all(name.strip() == name and name for name in table.values())
    orphans = [(c, p) for c in table for p in parents(c) if p not in table]
    assert orphans == []
    # In code order, each code after its section, division and group.
    order = list(table)
    assert order == sorted(order, key=lambda c: (c[0], c[1:].ljust(4)))


def test_the_table_holds_known_classes_with_their_names() -> None:
    table = gbt4754()
    # Classes of GB/T 4754-2017 that GB/T 4754-2011 did not have, so the table is the 2017 one.
    assert table["C3985"] == "电子专用材料制造"
    assert table["C3961"] == "可穿戴智能设备制造"
    assert table["C3491"] == "工业机器人制造"
    assert table["A0532"] == "畜禽粪污处理活动"
    assert table["C3011"] == "水泥制造"
    assert table["C1951"] == "纺织面料鞋制造"
    assert table["F5267"] == "机动车充电销售"  # added by the 2019 amendment


# -- the library ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", library_names("templates"))
def test_every_library_code_is_a_class_of_the_standard(name: str) -> None:
    assert unknown_codes(name, library_toml(f"templates/{name}.toml")) == []


def test_every_row_of_the_table_is_used_or_a_parent_of_a_used_code() -> None:
    """The table is the library's: no row lingers after the code that needed it is gone."""
    used: set[str] = set()
    for name in library_names("templates"):
        for template in library_toml(f"templates/{name}.toml")["templates"].values():
            for segment in template["segments"].values():
                for code in segment["industry_codes"]:
                    used |= {code, *parents(code)}
    assert set(gbt4754()) - used == set()


#: Segments whose codes were wrong or did not fit and were corrected after checking the
#: standard (regression): (template, segment, a code it must have, a code it must not have).
CORRECTED = [
    # C396 智能消费设备制造 has 3961–3964 only; 小家电 are C385 家用电力器具制造.
    ("electronic_information", "consumer_electronics", "C385", "C3969"),
    # Chargers and adapters are static converters: C3821, not C3824 电力电子元器件 (IGBTs …).
    ("electronic_information", "power_supplies", "C3821", "C3824"),
    # 休闲农庄 and farm sightseeing are R9030 休闲观光活动, not N7869 其他游览景区管理.
    ("culture_tourism", "leisure_agri_health", "R9030", "N7869"),
    # 助剂 are C2661 化学试剂和助剂制造.
    ("building_materials", "chemical_raw_materials", "C2661", "C2669"),
    # 门窗、板材: C2032 木门窗, C202 人造板, not C2110 木质家具.
    ("building_materials", "decoration_home", "C2032", "C2110"),
]


@pytest.mark.parametrize(("name", "segment", "has", "lacks"), CORRECTED)
def test_corrected_codes_stay_corrected(name: str, segment: str, has: str, lacks: str) -> None:
    codes = library_toml(f"templates/{name}.toml")["templates"][name]["segments"][segment][
        "industry_codes"
    ]
    assert has in codes
    assert lacks not in codes


@pytest.mark.parametrize(
    ("name", "segment", "group"),
    [
        ("electronic_information", "electronic_components", "C398"),
        ("electronic_information", "pcb", "C398"),
        ("footwear_leather", "footwear", "C195"),
        ("building_materials", "cement", "C301"),
        ("food_processing", "slaughtering", "C135"),
        ("food_processing", "tea_processing", "C153"),
        ("equipment_general", "casting_forging", "C339"),
        ("digital_economy", "software_dev", "I651"),
    ],
)
def test_segment_codes_fall_in_their_group(name: str, segment: str, group: str) -> None:
    codes = library_toml(f"templates/{name}.toml")["templates"][name]["segments"][segment][
        "industry_codes"
    ]
    assert codes and all(c.startswith(group) for c in codes)


# -- the check finds what it should ---------------------------------------------------------


def test_a_code_of_the_right_shape_but_no_class_is_found() -> None:
    tree = copy.deepcopy(library_toml("templates/electronic_information.toml"))
    tree["templates"]["electronic_information"]["segments"]["pcb"]["industry_codes"] = ["C3969"]
    assert unknown_codes("electronic_information", tree) == [
        "electronic_information.segments.pcb: C3969 is not a GB/T 4754-2017 class"
    ]


@given(
    st.sampled_from(sorted(gbt4754())),
    st.sampled_from(sorted(c for c in gbt4754() if len(c) == 5)),
)
def test_table_codes_pass_and_others_are_found(good: str, cls: str) -> None:
    table = gbt4754()
    # A class code with its last digit changed to one the table does not hold for that group.
    bad = next((cls[:4] + d for d in "0123456789" if cls[:4] + d not in table), None)
    segments: dict[str, Any] = {"s": {"industry_codes": [good]}}
    tree = {"templates": {"t": {"segments": segments}}}
    assert unknown_codes("t", tree) == []
    if bad is not None:
        segments["s"]["industry_codes"] = [good, bad]
        assert unknown_codes("t", tree) == [f"t.segments.s: {bad} is not a GB/T 4754-2017 class"]
