"""The layers of ``src/fyp_planning``: imports point downward only, and never in a circle.

Each layer (a package, or a module at the top of the package: ``errors``, ``growth``,
``_version``) says in its docstring which other layers it may import, on a line of its own::

    May import: errors, growth, model, units.

(``nothing`` when it imports no other layer). This test reads those lines — the docs and the
check cannot drift apart — then walks every import statement of every module under ``src/``
(inside functions and ``if TYPE_CHECKING:`` blocks too) and holds it to them. Nothing inside
the package may import the package itself (``fyp_planning/__init__.py`` is the top, and only
loads names lazily). Then it checks that the modules do not import each other in a circle.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = "fyp_planning"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

_RULE = re.compile(r"^May import: (?P<names>[\w, ]+)\.", re.MULTILINE)

#: Packages whose modules import each other in a circle today, each with who removes it; the
#: lead empties this set at merge. audit: the engine imports its rules inside
#: ``builtin_rules`` while the rules import the engine's Finding/Rule/Severity — helper "checks"
#: moves those to a findings module that imports nothing else of the package.
KNOWN_CYCLES: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (packages by their ``__init__.py``)."""
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _layer(module: str) -> str:
    """The layer of a module: its first name under the package (``""`` for the package)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@cache
def _rules() -> dict[str, frozenset[str]]:
    """Layer → the layers it may import, read from each layer's docstring."""
    rules = {}
    for name, path in _modules().items():
        if name.count(".") != 1:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        found = _RULE.findall(doc)
        assert len(found) == 1, f"{path.relative_to(SRC.parent)}: no 'May import: ...' line"
        names = {n.strip() for n in found[0].split(",")} - {"nothing"}
        rules[_layer(name)] = frozenset(names)
    return rules


def _imports(module: str) -> Iterator[tuple[int, str, bool]]:
    """``(line, imported module, at run time)`` for every import of ``module`` from the package;
    ``at run time`` is false inside ``if TYPE_CHECKING:``."""
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # ``from . import batch`` imports the module ``batch``; ``from .x import name`` x
            targets = [
                f"{source}.{a.name}" if f"{source}.{a.name}" in _modules() else source
                for a in node.names
            ]
        else:
            continue
        for target in targets:
            if target == PACKAGE or target.startswith(f"{PACKAGE}."):
                yield node.lineno, target, id(node) not in typing_only


def test_every_layer_states_what_it_may_import() -> None:
    layers = {_layer(m) for m in _modules()} - {""}
    assert set(_rules()) == layers
    for layer, allowed in _rules().items():
        unknown = allowed - layers
        assert not unknown, f"{layer} may import unknown layers {sorted(unknown)}"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_point_down_the_layers(module: str) -> None:
    layer = _layer(module)
    wrong = []
    for line, target, _ in _imports(module):
        other = _layer(target)
        if layer == "" or other == layer:
            continue  # the package's own __init__; a layer's modules among themselves
        if other == "":
            wrong.append(f"line {line}: imports {target} (the package itself)")
        elif other not in _rules()[layer]:
            wrong.append(f"line {line}: {layer} imports {other} ({target})")
    assert not wrong, f"{module}: " + "; ".join(wrong)


def _graph() -> dict[str, set[str]]:
    """Module → the modules it imports at run time (with the packages a dotted import runs,
    but not the importer's own packages, which are already running)."""
    graph: dict[str, set[str]] = {m: set() for m in _modules()}
    for module in _modules():
        own = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 2)}
        for _, target, at_run_time in _imports(module):
            if not at_run_time:
                continue
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                name = ".".join(parts[:i])
                if name in _modules() and name not in own:
                    graph[module].add(name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_modules_do_not_import_each_other_in_a_circle() -> None:
    def known(cycle: frozenset[str]) -> str | None:
        inside = {m.rpartition(".")[0] if _modules()[m].name != "__init__.py" else m for m in cycle}
        return inside.pop() if len(inside) == 1 and inside <= KNOWN_CYCLES else None

    cycles = _cycles(_graph())
    assert [sorted(c) for c in cycles if known(c) is None] == []
    assert {known(c) for c in cycles} == KNOWN_CYCLES, "a known cycle is gone: update KNOWN_CYCLES"


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
