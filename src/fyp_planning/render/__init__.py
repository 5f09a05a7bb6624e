"""Rendering: text tables now; reports, drawings and exports as they land.

May import: _version, chains, checks, errors, evaluation, growth, model, tables, text, units.
Above the analyses, whose finished results it draws; below the CLI. It reads no files (not io or
registry). :mod:`~fyp_planning.render.notebook` gives the results their views in Jupyter.
"""
