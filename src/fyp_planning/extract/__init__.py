"""``fyp extract``: a draft plan folder from a county's plan document (rule-based, first slice).

May import: errors, files, limits, model, io, text, units, catalog.

The document is read into blocks (:mod:`.document`); the figures of each sentence
(:mod:`.figures`) are matched against the shapes county plans use (:mod:`.grammar`, tables in
:mod:`.tables`, parks and chains in :mod:`.structure`) into findings (:mod:`.findings`); the
findings become a draft plan and its predecessor (:mod:`.draft`), written as a plan folder in
the documented plan-file format with a review list of everything not placed (:mod:`.folder`).
Deterministic, no network, no model weights.
"""
