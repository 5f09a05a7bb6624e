"""Unit definitions for Chinese plans, as frozen data.

These strings never touch a registry here; :mod:`fyp_planning.units._registry` applies them once.
Each line is a pint definition: ``canonical_ascii_name = value = 中文符号 = aliases``. The first
Chinese name after the value is the symbol used when a quantity is formatted.

Counts of different things get dimensions of their own, so that ``3 家 + 2 户`` raises instead
of silently giving 5: 家 (organisations: enterprises, institutions, units), 户 (households,
subscribers), 个 (generic items), 项 (projects, tasks, achievements), 人 (people).

百分点 (percentage point) has a dimension of its own, distinct from ``%``: a share going from
2.06 % to 3.08 % rose by 1.02 百分点, not by 1.02 %. Use :func:`fyp_planning.growth.pp_change`
and :func:`fyp_planning.growth.apply_pp` to move between the two.
"""

from __future__ import annotations

__all__ = ["BARE_MAGNITUDES", "BORROWED", "DEFINITIONS"]

#: Definitions added to pint's defaults, in order.
DEFINITIONS: tuple[str, ...] = (
    # Bare Chinese magnitudes: "7600万" or "12个亿" with no unit after them.
    "wan = 10000 = 万",
    "yi = 100000000 = 亿",
    # Money.
    "yuan = [currency] = 元 = RMB = CNY",
    "wan_yuan = 10000 * yuan = 万元",
    "yi_yuan = 100000000 * yuan = 亿元",
    # Electricity: 度 is the everyday name of kWh.
    "du = kilowatt_hour = 度",
    "wan_du = 10000 * kilowatt_hour = 万度",
    "yi_du = 100000000 * kilowatt_hour = 亿度",
    # Energy as standard coal (能耗), GB/T 2589: 1 kgce = 29.3076 MJ.
    "tce = 29.3076 * gigajoule = 吨标准煤 = 吨标煤",
    "wan_tce = 10000 * tce = 万吨标准煤 = 万吨标煤",
    # Counts, each of its own kind.
    "organization = [organization] = 家",
    "household = [household] = 户",
    "wan_household = 10000 * household = 万户",
    "item = [item] = 个",
    "entry = [entry] = 项",
    "person = [person] = 人",
    "wan_person = 10000 * person = 万人",
    # Area.
    "square_kilometer = kilometer ** 2 = 平方公里 = 平方千米",
    "square_meter = meter ** 2 = 平方米 = 平米",
    "wan_square_meter = 10000 * meter ** 2 = 万平方米 = 万平米",
    "mu = 10000 / 15 * meter ** 2 = 亩",
    "wan_mu = 10000 * mu = 万亩",
    # Mass.
    "dun = metric_ton = 吨",
    "wan_dun = 10000 * metric_ton = 万吨",
    # Percentage point: not a percent.
    "percentage_point = [percentage_point] = 百分点",
)

#: pint's own units that plans write, by the symbol they write, with pint's name: the only ones
#: of pint's that a plan file, a table or a target phrase may name (not ``s``, ``kg``, ``a``).
BORROWED: tuple[tuple[str, str], ...] = (("%", "percent"), ("‰", "permille"))

#: Units that mean "no unit was written": a bare number, or a number with 万 / 亿 only.
BARE_MAGNITUDES: tuple[str, ...] = ("dimensionless", "wan", "yi")
