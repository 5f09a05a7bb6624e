"""The bounds on the work any one input can make the library do.

May import: nothing. One table, read by the loaders, the unit parser, the observation readers,
the plugin registry and the CLI, and printed in the docs (``docs/limits.md``): a limit is changed
here, once. Every input beyond a limit is refused with a clear error naming the file, the key
path and the value — never a hang, never a traceback, never an out-of-memory kill.

Examples:
    >>> from fyp_planning import limits
    >>> limits.MAX_PLAN_FILE_BYTES // 2**20
    16
    >>> limits.MIN_YEAR <= 2025 <= limits.MAX_YEAR
    True
"""

from __future__ import annotations

#: The largest plan file (TOML or JSON) read, in bytes. Dongkou's largest is ~0.1 MB.
MAX_PLAN_FILE_BYTES = 16 * 2**20

#: The largest plan document ``fyp extract`` reads (text, .docx or PDF), in bytes. Dongkou's
#: text is ~60 kB.
MAX_EXTRACT_FILE_BYTES = 64 * 2**20

#: The most lines of a plan document ``fyp extract`` reads (Dongkou's has 345).
MAX_EXTRACT_LINES = 200_000

#: The largest observations table (CSV or Parquet) read, in bytes: ~50 million rows of CSV.
MAX_TABLE_FILE_BYTES = 4 * 2**30

#: The deepest nesting of tables and arrays in one plan file (Dongkou's deepest is 5).
MAX_NESTING = 32

#: The longest chain of predecessor plans (a plan, its predecessor, that one's ...).
MAX_PREDECESSORS = 16

#: The longest text in any one field of a plan file (names, notes, sources, statements).
MAX_TEXT_CHARS = 10_000

#: The longest unit text (``"万元/家"``) and quantity text (``"137.1亿元"``, ``"年均增长10%以上"``).
MAX_UNIT_CHARS = 40
MAX_QUANTITY_CHARS = 200

#: The most units one plan file may declare (``[units.床]``); the registry is process-wide.
MAX_DECLARED_UNITS = 200

#: The largest magnitude of any value, in the unit it is written in. A county's GDP in 元 is
#: ~1e11; anything beyond 1e18 is a typo, and its square would overflow the growth arithmetic.
MAX_MAGNITUDE = 1e18

#: The smallest magnitude other than zero: a plan writes its numbers in fixed point
#: (``"0.0001亿元"``), and a smaller one could not be written back within
#: ``MAX_QUANTITY_CHARS`` (an export would not load again).
MIN_MAGNITUDE = 1e-30

#: Significant digits a written number may have (float precision is ~16).
MAX_DIGITS = 30

#: The years a period, an observation or a target may name.
MIN_YEAR = 1900
MAX_YEAR = 2200

#: The most years a span of years (a total over ``2016-2020``, 十三五) may cover: two plan periods.
MAX_SPAN_YEARS = 10

#: The most shares one composition (三次产业结构 16.5:44.7:38.8) may have.
MAX_COMPOSITION_PARTS = 10

#: Seconds the plugin registry waits for all plugins to be discovered and imported.
PLUGIN_DISCOVERY_SECONDS = 20.0

#: The largest factor of a change target (翻一番 is 2, 翻十番 1024): beyond a million times its
#: baseline no plan means it.
MAX_CHANGE_FACTOR = 1e6

#: The most choices of values an audited total is tried with, when its parts' years have
#: several values each (V002/V004): beyond, it is listed as not checked.
MAX_TOTAL_CHOICES = 64
