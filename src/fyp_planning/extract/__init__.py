"""``fyp extract``: a draft plan folder from a county's plan document (rule-based, first slice).

May import: errors, files, limits, model, io, text, units, catalog.

The document is read into blocks (:mod:`.document`), each sentence matched against the shapes
county plans use (:mod:`.grammar`), and the figures found written as a plan folder in the
documented plan-file format, with a review list of everything not placed (:mod:`.draft`).
Deterministic, no network, no model weights.
"""
