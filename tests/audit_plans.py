"""Plan-file pieces the audit tests share: a plan's head, a predecessor, one indicator."""

HEAD = """
id = "demo"
region = "示例县"
title = "示例县工业规划"
start_year = 2021
end_year = 2025
"""

PREDECESSOR = """
[predecessor]
id = "demo_13th"
region = "示例县"
title = "示例县工业“十三五”规划"
start_year = 2016
end_year = 2020
"""

# 工业总产值 137.1亿元 (2015) → 198亿元 (2020): compound 7.63 %, total 44.42 %, 44.42/5 = 8.88 %.
OUTPUT = """
[indicators.output]
name = "工业总产值"
unit = "亿元"
observations = [
  { period = 2015, value = "137.1亿元", source = "一.1" },
  { period = 2020, value = "198亿元", source = "一.1" },
]
"""
