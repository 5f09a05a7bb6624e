"""The catalogue's data files, read as plan files are (private).

The standard indicators and the chain-template library ship as TOML under
``fyp_planning/catalog/data``. They are package *resources* (read with importlib.resources,
never imported as code), parsed once per process, and structured by the same converter as a
county's plan files, so the catalogue and the plan files share one schema.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

__all__ = ["LIBRARY_PACKAGE", "library_names", "library_toml"]

#: The package whose ``data`` folder holds the catalogue.
LIBRARY_PACKAGE = "fyp_planning.catalog"


def _data() -> Any:
    return resources.files(LIBRARY_PACKAGE).joinpath("data")


@functools.cache
def library_names(folder: str) -> tuple[str, ...]:
    """The ``.toml`` files of a catalogue folder (``"templates"``), by name without suffix."""
    base = _data().joinpath(folder)
    if not base.is_dir():
        return ()
    return tuple(
        sorted(p.name[: -len(".toml")] for p in base.iterdir() if p.name.endswith(".toml"))
    )


@functools.cache
def library_toml(relpath: str) -> dict[str, Any]:
    """The parsed TOML tree of a catalogue file (``"indicators.toml"``,
    ``"templates/food_processing.toml"``). Shipped data: a broken file is a packaging bug.

    Raises:
        FileNotFoundError: no such file in the catalogue.
        tomllib.TOMLDecodeError: the shipped file is not TOML (a bug, caught by the tests).
    """
    text = _data().joinpath(relpath).read_text(encoding="utf-8")
    return tomllib.loads(text)
