"""The plan model: attrs value objects (private package; public names live in ``fyp_planning``).

May import: errors, limits, tables, text, units. The value objects, under every analysis: no file format,
analysis or output here.
"""
