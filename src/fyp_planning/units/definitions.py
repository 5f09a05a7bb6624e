"""Unit definitions for Chinese plans, as frozen data.

These strings never touch a registry here; :mod:`fyp_planning.units._registry` applies them once.
Each line is a pint definition: ``canonical_ascii_name = value = 中文符号 = aliases``. The first
Chinese name after the value is the symbol used when a quantity is formatted.

Counts of different things get dimensions of their own, so that ``3 家 + 2 户`` raises instead
of silently giving 5: 家 (organisations: enterprises, institutions, units), 户 (households,
subscribers), 个 (generic items), 项 (projects, tasks, achievements), 件 (patents, trademarks,
documents), 人 (people), 人次 (visits: tourists, trainees).

Traditional forms (億元, 萬元, 個, 項, 千瓦時 ...) are aliases: a plan written in traditional
characters reads the same, and is formatted in simplified characters.

百分点 (percentage point) has a dimension of its own, distinct from ``%``: a share going from
2.06 % to 3.08 % rose by 1.02 百分点, not by 1.02 %. Use :func:`fyp_planning.growth.pp_change`
and :func:`fyp_planning.growth.apply_pp` to move between the two.
"""

from __future__ import annotations

__all__ = ["BARE_MAGNITUDES", "BORROWED", "DEFINITIONS", "VARIANT_CHARACTERS"]

#: Definitions added to pint's defaults, in order.
DEFINITIONS: tuple[str, ...] = (
    # Bare Chinese magnitudes: "7600万" or "12个亿" with no unit after them.
    "wan = 10000 = 万 = 萬",
    "yi = 100000000 = 亿 = 億",
    # Money.
    "yuan = [currency] = 元 = RMB = CNY",
    "wan_yuan = 10000 * yuan = 万元 = 萬元",
    "yi_yuan = 100000000 * yuan = 亿元 = 億元",
    # Electricity: 度 is the everyday name of kWh, 千瓦时 its statistical name.
    "du = kilowatt_hour = 度 = 千瓦时 = 千瓦時",
    "wan_du = 10000 * kilowatt_hour = 万度 = 万千瓦时 = 萬度 = 萬千瓦時",
    "yi_du = 100000000 * kilowatt_hour = 亿度 = 亿千瓦时 = 億度 = 億千瓦時",
    # Energy as standard coal (能耗), GB/T 2589: 1 kgce = 29.3076 MJ.
    "tce = 29.3076 * gigajoule = 吨标准煤 = 吨标煤 = 噸標準煤",
    "wan_tce = 10000 * tce = 万吨标准煤 = 万吨标煤 = 萬噸標準煤",
    # Counts, each of its own kind.
    "organization = [organization] = 家",
    "household = [household] = 户 = 戶",
    "wan_household = 10000 * household = 万户 = 萬戶",
    "item = [item] = 个 = 個",
    "entry = [entry] = 项 = 項",
    "piece = [piece] = 件",
    "person = [person] = 人",
    "wan_person = 10000 * person = 万人 = 萬人",
    "person_time = [person_time] = 人次",
    "wan_person_time = 10000 * person_time = 万人次 = 萬人次",
    # Area.
    "square_kilometer = kilometer ** 2 = 平方公里 = 平方千米",
    "square_meter = meter ** 2 = 平方米 = 平米",
    "wan_square_meter = 10000 * meter ** 2 = 万平方米 = 万平米 = 萬平方米",
    "mu = 10000 / 15 * meter ** 2 = 亩 = 畝",
    "wan_mu = 10000 * mu = 万亩 = 萬畝",
    "gongqing = hectare = 公顷 = 公頃",
    # Mass.
    "dun = metric_ton = 吨 = 噸",
    "wan_dun = 10000 * metric_ton = 万吨 = 萬噸",
    # Percentage point: not a percent.
    "percentage_point = [percentage_point] = 百分点 = 百分點",
)

#: pint's own units that plans write, by the symbol they write, with pint's name: the only ones
#: of pint's that a plan file, a table or a target phrase may name (not ``s``, ``kg``, ``a``).
BORROWED: tuple[tuple[str, str], ...] = (("%", "percent"), ("‰", "permille"))

#: Units that mean "no unit was written": a bare number, or a number with 万 / 亿 only.
BARE_MAGNITUDES: tuple[str, ...] = ("dimensionless", "wan", "yi")

#: Characters an unknown unit's name is compared as, to suggest the unit meant (``万圆`` →
#: ``万元``, ``吨标准媒`` → ``吨标准煤``): near misses, besides the traditional forms
#: (``fyp_planning.text.traditional_pairs``: ``億圆`` → ``亿元``). Only suggestions use this; a unit
#: is never read as another.
VARIANT_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("圆", "元"),
    ("圓", "元"),
    ("园", "元"),
    ("媒", "煤"),
)
