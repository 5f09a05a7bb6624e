"""The shared vocabulary every county plan draws on: standard indicators and chain templates.

May import: errors, files, io, limits, model, text, units. Above the plan files and below the
registry and the CLI. The catalogue is *data* — ``data/indicators.toml`` (the standard
indicators) and ``data/templates/<id>.toml`` (the chain-template library), versioned, each
entry with its provenance — read by the same plan-file converter as a county's own files
(``io._library``), so one schema serves both. A plan refers to an entry by id
(``standard = "rd_intensity"``, ``template = "std:textile_apparel"``) and may extend it; this
package is the public API over the data (listing, looking up, matching names to standards).
"""
