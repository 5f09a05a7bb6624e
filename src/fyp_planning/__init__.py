"""fyp-planning: indicators, targets, progress and industrial chains of Chinese county
five-year plans (五年规划).

May import: everything (it is the top: nothing in the package imports it). Below it, from the
top down: ``cli`` > ``render`` > ``registry`` > ``io`` > ``evaluation`` | ``checks`` |
``chains`` (the analyses, independent of each other) > ``model`` | ``growth`` > ``units`` >
``errors``; each package's docstring names the packages it may import, and
``tests/test_layers.py`` holds the code to them.

The public API is this flat namespace; import from here. The names are listed once, in
``__init__.pyi`` (the stub that type checkers read), and each is imported on first use: a module
``__getattr__`` built from that list. So ``import fyp_planning`` — and the ``fyp`` command's
start — costs almost nothing: pint, the model and networkx load only when a name that needs
them is first touched.

Examples:
    >>> import fyp_planning as fp
    >>> fp.parse_quantity("137.1亿元").to("万元")
    <Quantity(1371000.0, 'wan_yuan')>
    >>> round(fp.cagr(fp.parse_quantity("137.1亿元"), fp.parse_quantity("198亿元"), 5), 2)
    <Quantity(7.63, 'percent')>
"""

from __future__ import annotations

import _ast  # the compiler's node classes (``ast`` without its start-up cost)
import importlib
import os


def _read_stub(path: str) -> dict[str, str]:
    """The public names of the stub ``path``: name → module it comes from (relative).

    Raises:
        SyntaxError: the stub holds a statement other than ``from .module import name as name``.
    """
    with open(path, encoding="utf-8") as stub:
        tree = compile(stub.read(), path, "exec", _ast.PyCF_ONLY_AST)
    assert isinstance(tree, _ast.Module)
    sources: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, _ast.Expr) and isinstance(node.value, _ast.Constant):
            continue  # the docstring
        if not (isinstance(node, _ast.ImportFrom) and node.level == 1 and node.module):
            raise SyntaxError(f"{path}:{node.lineno}: only 'from .module import name as name'")
        for alias in node.names:
            if alias.asname not in (None, alias.name):
                raise SyntaxError(f"{path}:{node.lineno}: {alias.name} renamed {alias.asname}")
            sources[alias.name] = f".{node.module}"
    return sources


_SOURCES = _read_stub(os.path.join(os.path.dirname(__file__), "__init__.pyi"))
__all__ = sorted(_SOURCES)


def __getattr__(name: str) -> object:
    try:
        source = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(source, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SOURCES.keys())
