"""Write the local intersphinx inventories of docs/conf.py: python.inv, pint.inv, networkx.inv,
attrs.inv and numpy.inv.

The build machines and CI reach only the package index, so the projects' own ``objects.inv``
files cannot be fetched at build time. These small inventories list just the external objects
the docs reference, each with the page and anchor it has in that project's documentation, so
the built pages link to the real upstream pages. Run this after referencing a new external
object (a ``nitpicky`` build names it as "reference target not found")::

    pip install -e ".[docs]"
    python docs/_inventories/make_inventories.py

Each entry is ``(name, role, uri)`` with the URI relative to the project's base URL in
``intersphinx_mapping``; ``$`` stands for the name (Sphinx's own inventory shorthand). A name
whose real module differs from the one the project documents it under (``pint.Quantity`` is
``pint.registry.Quantity``) is listed under both, as Sphinx lists a ``:canonical:`` name, so
that type hints resolve.
"""

from __future__ import annotations

from pathlib import Path

import sphobjinv as soi

HERE = Path(__file__).resolve().parent

#: project file -> (project name, version, entries)
INVENTORIES: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "python.inv": (
        "Python",
        "3",
        [
            ("pathlib.Path", "class", "library/pathlib.html#$"),
            ("decimal.Decimal", "class", "library/decimal.html#$"),
            ("datetime.date", "class", "library/datetime.html#$"),
            ("collections.abc.Iterable", "class", "library/collections.abc.html#$"),
            ("collections.abc.Sequence", "class", "library/collections.abc.html#$"),
            ("collections.abc.Mapping", "class", "library/collections.abc.html#$"),
            ("collections.abc.Callable", "class", "library/collections.abc.html#$"),
            (
                "importlib.resources.abc.Traversable",
                "class",
                "library/importlib.resources.abc.html#$",
            ),
            ("enum.StrEnum", "class", "library/enum.html#$"),
            ("typing.Protocol", "class", "library/typing.html#$"),
            ("Exception", "exception", "library/exceptions.html#$"),
            ("ValueError", "exception", "library/exceptions.html#$"),
            ("LookupError", "exception", "library/exceptions.html#$"),
            ("UserWarning", "exception", "library/exceptions.html#$"),
            ("KeyError", "exception", "library/exceptions.html#$"),
            ("str", "class", "library/stdtypes.html#$"),
            ("int", "class", "library/functions.html#$"),
            ("float", "class", "library/functions.html#$"),
            ("bool", "class", "library/functions.html#$"),
            ("dict", "class", "library/stdtypes.html#$"),
            ("list", "class", "library/stdtypes.html#$"),
            ("tuple", "class", "library/stdtypes.html#$"),
            ("range", "class", "library/stdtypes.html#$"),
            ("type", "class", "library/functions.html#$"),
            ("None", "data", "library/constants.html#$"),
            ("typing.Any", "data", "library/typing.html#$"),
            ("typing.Literal", "data", "library/typing.html#$"),
        ],
    ),
    "pint.inv": (
        "pint",
        "stable",
        [
            ("pint.Quantity", "class", "api/base.html#$"),
            ("pint.registry.Quantity", "class", "api/base.html#pint.Quantity"),
            ("pint.Unit", "class", "api/base.html#$"),
            ("pint.registry.Unit", "class", "api/base.html#pint.Unit"),
            ("pint.UnitRegistry", "class", "api/base.html#$"),
            ("pint.registry.UnitRegistry", "class", "api/base.html#pint.UnitRegistry"),
            ("pint.DimensionalityError", "exception", "api/base.html#$"),
            (
                "pint.errors.DimensionalityError",
                "exception",
                "api/base.html#pint.DimensionalityError",
            ),
            # the unit of a quantity (``quantity.units``), as pint types it
            ("pint.facets.plain.PlainUnit", "class", "api/facets.html#$"),
            (
                "pint.facets.plain.unit.PlainUnit",
                "class",
                "api/facets.html#pint.facets.plain.PlainUnit",
            ),
        ],
    ),
    "networkx.inv": (
        "NetworkX",
        "stable",
        [
            ("networkx.DiGraph", "class", "reference/classes/digraph.html#$"),
            (
                "networkx.classes.digraph.DiGraph",
                "class",
                "reference/classes/digraph.html#networkx.DiGraph",
            ),
            (
                "networkx.algorithms.dominance.immediate_dominators",
                "function",
                "reference/algorithms/generated/"
                "networkx.algorithms.dominance.immediate_dominators.html#$",
            ),
        ],
    ),
    "attrs.inv": (
        "attrs",
        "stable",
        [
            ("attrs.frozen", "function", "api.html#$"),
            ("attrs.evolve", "function", "api.html#$"),
        ],
    ),
    "numpy.inv": (
        "NumPy",
        "stable",
        [
            ("numpy.ndarray", "class", "reference/generated/numpy.ndarray.html#$"),
            ("numpy.dtype", "class", "reference/generated/numpy.dtype.html#$"),
            ("numpy.float64", "class", "reference/arrays.scalars.html#$"),
            ("numpy.int64", "class", "reference/arrays.scalars.html#$"),
            ("numpy.bool", "class", "reference/arrays.scalars.html#$"),
        ],
    ),
}


def build(path: Path, project: str, version: str, entries: list[tuple[str, str, str]]) -> None:
    inv = soi.Inventory()
    inv.project = project
    inv.version = version
    for name, role, uri in entries:
        domain = "std" if role in ("doc", "label") else "py"
        inv.objects.append(
            soi.DataObjStr(name=name, domain=domain, role=role, priority="1", uri=uri, dispname="-")
        )
    soi.writebytes(str(path), soi.compress(inv.data_file(contract=True)))


def main() -> None:
    for file_name, (project, version, entries) in INVENTORIES.items():
        build(HERE / file_name, project, version, entries)
        print(f"{file_name}: {len(entries)} objects")


if __name__ == "__main__":
    main()
